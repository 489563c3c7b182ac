//! The `gongkai` command: a thin layer over the library.
//!
//! Exit codes: 0 every input read; 1 some inputs skipped (each named on
//! stderr); 2 usage error; 3 `eval` below a `--min-*` floor.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use gongkai::{Document, Lexicons, Pipeline, output};

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "Tag, count and score 政府信息公开工作年度报告"
)]
struct Cli {
    /// Read lexicons from DIR instead of the embedded ones (see `gongkai lexicons export`).
    #[arg(long, global = true, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// One JSON record per sentence: role, section, channels, issues and the matches behind them.
    Tag {
        /// Files, directories (walked recursively) or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Also write the gongkai version and lexicon hash as JSON to FILE.
        #[arg(long, value_name = "FILE")]
        provenance: Option<PathBuf>,
    },
    /// One CSV row per document: counts by role and, per channel and issue, work and plan sentences.
    Summary {
        /// Files, directories (walked recursively) or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// One JSON object per document: issuing body, level, province, year, period, publication date, format, encoding, counts.
    Meta {
        /// Files, directories (walked recursively) or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// One JSON object per document: the mandated statistical tables and their arithmetic checks.
    Tables {
        /// Files, directories (walked recursively) or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Agreement with gold labels: P/R/F1 per channel and issue, micro-F1, role accuracy.
    Eval {
        /// Gold JSON Lines files in the schema's format.
        #[arg(long, required = true, num_args = 1..)]
        gold: Vec<PathBuf>,
        /// Directory holding the documents the gold names.
        #[arg(long)]
        docs: PathBuf,
        /// Print the full report as JSON.
        #[arg(long)]
        json: bool,
        /// Print every disagreeing sentence after the report.
        #[arg(long)]
        errors: bool,
        /// Exit with code 3 when channels micro-F1 is below this.
        #[arg(long, value_name = "F1")]
        min_channels_f1: Option<f64>,
        /// Exit with code 3 when issues micro-F1 is below this.
        #[arg(long, value_name = "F1")]
        min_issues_f1: Option<f64>,
        /// Exit with code 3 when role accuracy is below this.
        #[arg(long, value_name = "ACC")]
        min_role_accuracy: Option<f64>,
        /// Exit with code 3 when quantity precision is below this.
        #[arg(long, value_name = "P")]
        min_quantity_precision: Option<f64>,
        /// Exit with code 3 when quantity recall is below this.
        #[arg(long, value_name = "R")]
        min_quantity_recall: Option<f64>,
        /// Exit with code 3 when the channel accuracy of matched quantities is below this.
        #[arg(long, value_name = "ACC")]
        min_quantity_channel_accuracy: Option<f64>,
    },
    /// Lexicon utilities.
    Lexicons {
        #[command(subcommand)]
        action: LexiconAction,
    },
}

#[derive(Subcommand)]
enum LexiconAction {
    /// Write the embedded lexicon files into DIR, to edit and pass back with --lexicons.
    Export { dir: PathBuf },
    /// Print the version and lexicon hash (what to cite).
    Info,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gongkai: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn pipeline(lexicons: &Option<PathBuf>) -> Result<Pipeline> {
    let lex = match lexicons {
        Some(dir) => Lexicons::from_dir(dir)?,
        None => Lexicons::embedded()?,
    };
    Ok(Pipeline::with_lexicons(lex)?)
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Tag {
            paths,
            output,
            provenance,
        } => {
            let p = pipeline(&cli.lexicons)?;
            if let Some(path) = provenance {
                let json = serde_json::to_string_pretty(&output::Provenance::new(p.lexicons()))?;
                write_atomically(&path, |w| Ok(writeln!(w, "{json}")?))?;
            }
            with_output(output.as_deref(), |w| {
                each_document(&p, &paths, |doc| Ok(output::write_jsonl(w, &doc)?))
            })
        }
        Command::Summary { paths, output } => {
            let p = pipeline(&cli.lexicons)?;
            let header = output::summary_header(p.lexicons());
            let carryover_column = header
                .iter()
                .position(|h| h == "check_in_force_carryover")
                .context("summary header lacks check_in_force_carryover")?;
            // Rows wait in a temporary file until the whole corpus is read:
            // the carry-over check needs each body's previous report.
            let mut spill = Spill::new()?;
            let skipped = each_document(&p, &paths, |doc| {
                let report = p.report(&doc);
                spill.push(&output::summary_row(&doc, &report, p.lexicons()), &report)
            })?;
            with_output(output.as_deref(), |w| {
                let mut csv = csv::Writer::from_writer(w);
                csv.write_record(&header)?;
                spill.replay(|mut row: Vec<String>, carryover| {
                    row[carryover_column] = output::status_str(carryover.status).to_string();
                    Ok(csv.write_record(&row)?)
                })?;
                csv.flush()?;
                Ok(skipped)
            })
        }
        Command::Meta { paths, output } => {
            let p = pipeline(&cli.lexicons)?;
            with_output(output.as_deref(), |w| {
                each_document(&p, &paths, |doc| {
                    serde_json::to_writer(&mut *w, &p.report(&doc).meta)?;
                    Ok(writeln!(w)?)
                })
            })
        }
        Command::Tables { paths, output } => {
            let p = pipeline(&cli.lexicons)?;
            let mut spill = Spill::new()?;
            let skipped = each_document(&p, &paths, |doc| {
                let report = p.report(&doc);
                spill.push(&output::tables_record(&doc, &report), &report)
            })?;
            with_output(output.as_deref(), |w| {
                spill.replay(|mut record: serde_json::Value, carryover| {
                    if let Some(checks) = record["checks"].as_array_mut() {
                        checks.push(serde_json::to_value(carryover)?);
                    }
                    serde_json::to_writer(&mut *w, &record)?;
                    Ok(writeln!(w)?)
                })?;
                Ok(skipped)
            })
        }
        Command::Eval {
            gold,
            docs,
            json,
            errors,
            min_channels_f1,
            min_issues_f1,
            min_role_accuracy,
            min_quantity_precision,
            min_quantity_recall,
            min_quantity_channel_accuracy,
        } => {
            let p = pipeline(&cli.lexicons)?;
            let gold = gongkai::eval::load_gold(&gold)?;
            let mut analysed: HashMap<String, (Document, String)> = HashMap::new();
            for g in &gold {
                if analysed.contains_key(&g.doc) {
                    continue;
                }
                let path = docs.join(&g.doc);
                let bytes = std::fs::read(&path).with_context(|| format!("{}", path.display()))?;
                let source = gongkai::decode::decode(&bytes)
                    .with_context(|| format!("{}", path.display()))?;
                let doc = p.analyze(&g.doc, &source.text);
                analysed.insert(g.doc.clone(), (doc, source.text));
            }
            let report = gongkai::eval::evaluate(&gold, &analysed, p.lexicons());
            let mut out = io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", report.to_text())?;
                if errors {
                    for d in &report.disagreements {
                        writeln!(out, "{d:?}")?;
                    }
                }
            }
            for (doc, text) in &report.unaligned {
                eprintln!("gongkai: gold sentence not found in {doc}: {text}");
            }
            let mut below = Vec::new();
            let checks = [
                (
                    "channels micro-F1",
                    report.channels.micro.f1,
                    min_channels_f1,
                ),
                ("issues micro-F1", report.issues.micro.f1, min_issues_f1),
                ("role accuracy", report.role_accuracy, min_role_accuracy),
                (
                    "quantity precision",
                    report.quantities.precision,
                    min_quantity_precision,
                ),
                (
                    "quantity recall",
                    report.quantities.recall,
                    min_quantity_recall,
                ),
                (
                    "quantity channel accuracy",
                    report.quantity_channel_accuracy,
                    min_quantity_channel_accuracy,
                ),
            ];
            for (name, got, floor) in checks {
                if let Some(floor) = floor
                    && got < floor
                {
                    below.push(format!("{name} {got:.3} < {floor}"));
                }
            }
            if below.is_empty() {
                Ok(0)
            } else {
                eprintln!("gongkai: below floor: {}", below.join("; "));
                Ok(3)
            }
        }
        Command::Lexicons {
            action: LexiconAction::Export { dir },
        } => {
            Lexicons::export_embedded(&dir)?;
            eprintln!(
                "wrote {} lexicon files to {}",
                gongkai::lexicon::FILES.len(),
                dir.display()
            );
            Ok(0)
        }
        Command::Lexicons {
            action: LexiconAction::Info,
        } => {
            let p = pipeline(&cli.lexicons)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&output::Provenance::new(p.lexicons()))?
            );
            Ok(0)
        }
    }
}

/// Analyses every input in order; a document that cannot be read is named on
/// stderr and skipped. Returns the exit code: 1 if anything was skipped.
fn each_document(
    p: &Pipeline,
    paths: &[PathBuf],
    mut sink: impl FnMut(Document) -> Result<()>,
) -> Result<u8> {
    let mut skipped = 0;
    for input in gongkai::input::collect(paths) {
        let input = match input {
            Ok(i) => i,
            Err((name, e)) => {
                eprintln!("gongkai: {name}: {e}");
                skipped += 1;
                continue;
            }
        };
        let shown = input
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "-".into());
        match input
            .read()
            .and_then(|bytes| p.analyze_bytes(&input.name, &bytes))
        {
            Ok(doc) => sink(doc)?,
            Err(e) => {
                eprintln!("gongkai: {shown}: {e}");
                skipped += 1;
            }
        }
    }
    Ok(if skipped > 0 { 1 } else { 0 })
}

/// Per-document output held back until the whole batch is read, in a
/// temporary file (memory stays flat however many documents), with the small
/// figures the carry-over check needs.
struct Spill {
    file: BufWriter<std::fs::File>,
    figures: Vec<gongkai::crosscheck::InForce>,
}

impl Spill {
    fn new() -> Result<Spill> {
        let file = tempfile::tempfile().context("cannot create a temporary file")?;
        Ok(Spill {
            file: BufWriter::new(file),
            figures: Vec::new(),
        })
    }

    fn push(
        &mut self,
        item: &impl serde::Serialize,
        report: &gongkai::document::Report,
    ) -> Result<()> {
        serde_json::to_writer(&mut self.file, item)?;
        self.file.write_all(b"\n")?;
        self.figures.push(gongkai::crosscheck::InForce::of(report));
        Ok(())
    }

    /// Reads every item back in order, with its carry-over check.
    fn replay<T: serde::de::DeserializeOwned>(
        self,
        mut f: impl FnMut(T, &gongkai::tables::Check) -> Result<()>,
    ) -> Result<()> {
        use std::io::{BufRead, Seek};
        let checks = gongkai::crosscheck::carryover_for_batch(&self.figures);
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        for (line, check) in io::BufReader::new(file).lines().zip(&checks) {
            f(serde_json::from_str(&line?)?, check)?;
        }
        Ok(())
    }
}

/// Runs `f` on stdout, or on FILE written atomically (temporary file, then rename).
fn with_output(path: Option<&Path>, f: impl FnOnce(&mut dyn Write) -> Result<u8>) -> Result<u8> {
    match path {
        None => {
            let stdout = io::stdout().lock();
            let mut w = BufWriter::new(stdout);
            let code = f(&mut w)?;
            w.flush()?;
            Ok(code)
        }
        Some(path) => {
            let mut code = 0;
            write_atomically(path, |w| {
                code = f(w)?;
                Ok(())
            })?;
            Ok(code)
        }
    }
}

fn write_atomically(path: &Path, f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.gongkai-tmp"));
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let result = f(&mut w).and_then(|_| Ok(w.flush()?));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    drop(w);
    std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
    Ok(())
}
