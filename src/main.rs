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
    /// Use the specificity model in FILE instead of the embedded one (see `gongkai train`).
    #[arg(long, global = true, value_name = "FILE")]
    model: Option<PathBuf>,
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
        /// Also write the gongkai version and lexicon and model hashes as JSON to FILE.
        #[arg(long, value_name = "FILE")]
        provenance: Option<PathBuf>,
        /// Add `explain` to scored records: every feature's value and contribution.
        #[arg(long)]
        explain: bool,
    },
    /// One CSV row per document: counts by role, channels and issues, metadata, table checks, specificity and corpus indices.
    Summary {
        /// Files, directories (walked recursively) or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Judge boilerplate against this corpus-stats table instead of the batch itself.
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        #[command(flatten)]
        indices: IndexArgs,
    },
    /// Word 4-gram document frequencies of a corpus, to judge boilerplate in later runs (summary --reference).
    CorpusStats {
        /// Files, directories (walked recursively) or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the table (JSON) to FILE.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        indices: IndexArgs,
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
    /// Train the specificity model from gold labels; prints cross-validated AUC, accuracy, F1.
    Train {
        /// Gold JSON Lines files in the schema's format.
        #[arg(long, required = true, num_args = 1..)]
        gold: Vec<PathBuf>,
        /// Directory holding the documents the gold names.
        #[arg(long)]
        docs: PathBuf,
        /// Labelled sentences of our own ({"text", "role", "specific"} per line), e.g. training/*.jsonl.
        #[arg(long, num_args = 1..)]
        extra: Vec<PathBuf>,
        /// Write the model (JSON) to FILE.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Why a sentence scores as it does: each feature's value and contribution.
    Explain {
        /// The sentence(s) to explain.
        #[arg(required = true)]
        sentences: Vec<String>,
        /// The role to score it as (work, problem or plan).
        #[arg(long, default_value = "work")]
        role: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Lexicon utilities.
    Lexicons {
        #[command(subcommand)]
        action: LexiconAction,
    },
}

/// Options of the corpus-level indices (docs/METHOD.md).
#[derive(clap::Args)]
struct IndexArgs {
    /// Boilerplate phrases: in at least this share of documents…
    #[arg(long, default_value_t = 0.30, value_name = "SHARE")]
    boilerplate_min_docs: f64,
    /// …or used at least this often per document on average…
    #[arg(long, default_value_t = 5.0, value_name = "USES")]
    boilerplate_min_uses: f64,
    /// …but in fewer than this share of documents.
    #[arg(long, default_value_t = 0.75, value_name = "SHARE")]
    boilerplate_max_docs: f64,
    /// Judge boilerplate within groups: any of year, level, province (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KEYS")]
    group_by: Vec<String>,
    /// Copying: sentence similarity (shingle Jaccard) at or above this counts as a copy.
    #[arg(long, default_value_t = 0.8, value_name = "J")]
    copy_threshold: f64,
}

impl IndexArgs {
    fn options(&self) -> Result<gongkai::indices::Options> {
        let mut group_by = Vec::new();
        for key in &self.group_by {
            group_by.push(
                key.parse::<gongkai::indices::GroupBy>()
                    .map_err(|e| anyhow::anyhow!("--group-by {key}: {e}"))?,
            );
        }
        let options = gongkai::indices::Options {
            boilerplate_min_doc_share: self.boilerplate_min_docs,
            boilerplate_min_mean_uses: self.boilerplate_min_uses,
            boilerplate_max_doc_share: self.boilerplate_max_docs,
            group_by,
            copy_threshold: self.copy_threshold,
            ..Default::default()
        };
        options.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(options)
    }
}

fn load_reference(path: &Path) -> Result<gongkai::indices::CorpusStats> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    gongkai::indices::CorpusStats::load(io::BufReader::new(file))
        .with_context(|| format!("{}", path.display()))
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

fn pipeline(lexicons: &Option<PathBuf>, model: &Option<PathBuf>) -> Result<Pipeline> {
    let lex = match lexicons {
        Some(dir) => Lexicons::from_dir(dir)?,
        None => Lexicons::embedded()?,
    };
    let model = match model {
        Some(path) => gongkai::specificity::Model::from_path(path)?,
        None => gongkai::specificity::Model::embedded().clone(),
    };
    Ok(Pipeline::with_model(lex, model)?)
}

fn run(cli: Cli) -> Result<u8> {
    let Cli {
        lexicons,
        model,
        command,
    } = cli;
    match command {
        Command::Tag {
            paths,
            output,
            provenance,
            explain,
        } => {
            let p = pipeline(&lexicons, &model)?;
            if let Some(path) = provenance {
                let json = serde_json::to_string_pretty(&output::Provenance::of(&p))?;
                write_atomically(&path, |w| Ok(writeln!(w, "{json}")?))?;
            }
            let explainer = explain.then(|| p.scorer());
            with_output(output.as_deref(), |w| {
                each_document(&p, &paths, |doc| {
                    Ok(output::write_jsonl_explained(w, &doc, explainer)?)
                })
            })
        }
        Command::Train {
            gold,
            docs,
            extra,
            output,
        } => {
            let p = pipeline(&lexicons, &model)?;
            let options = gongkai::specificity::TrainOptions {
                command: std::env::args().collect::<Vec<_>>().join(" "),
                ..Default::default()
            };
            let (trained, report) =
                gongkai::specificity::train_from_files(&gold, &docs, &extra, &p, &options)?;
            print!("{}", report.to_text());
            for (doc, text) in &report.unaligned {
                eprintln!("gongkai: gold sentence not found in {doc}: {text}");
            }
            let json = trained.to_json();
            write_atomically(&output, |w| Ok(w.write_all(json.as_bytes())?))?;
            eprintln!("wrote {}", output.display());
            Ok(0)
        }
        Command::Explain {
            sentences,
            role,
            json,
        } => {
            let p = pipeline(&lexicons, &model)?;
            let role: gongkai::Role =
                serde_json::from_value(serde_json::Value::String(role.clone()))
                    .ok()
                    .filter(|r| {
                        matches!(
                            r,
                            gongkai::Role::Work | gongkai::Role::Problem | gongkai::Role::Plan
                        )
                    })
                    .with_context(|| format!("--role {role}: expected work, problem or plan"))?;
            let mut out = io::stdout().lock();
            for text in &sentences {
                let sentence = gongkai::specificity::sentence_from_text(&p, text, Some(role));
                let explanation = p.scorer().explain(&sentence);
                if json {
                    serde_json::to_writer(&mut out, &explanation)?;
                    writeln!(out)?;
                } else {
                    write!(out, "{}", explanation.to_text())?;
                }
            }
            Ok(0)
        }
        Command::Summary {
            paths,
            output,
            reference,
            indices,
        } => {
            let p = pipeline(&lexicons, &model)?;
            let options = indices.options()?;
            let reference = reference.map(|path| load_reference(&path)).transpose()?;
            let header = output::summary_header(&p);
            let column = |name: &str| {
                header
                    .iter()
                    .position(|h| h == name)
                    .with_context(|| format!("summary header lacks {name}"))
            };
            let carryover_column = column("check_in_force_carryover")?;
            let first_index_column = column(gongkai::indices::ReportIndices::COLUMNS[0])?;
            // Rows wait in a temporary file until the whole corpus is read:
            // the carry-over check and the corpus-level indices need it.
            let mut spill = Spill::new()?;
            let mut fingerprints = Vec::new();
            let skipped = each_document(&p, &paths, |doc| {
                let report = p.report(&doc);
                fingerprints.push(gongkai::indices::DocFingerprint::new(
                    &doc,
                    &report.meta,
                    p.segmenter(),
                ));
                spill.push(&output::summary_row(&doc, &report, &p), &report)
            })?;
            let computed = gongkai::indices::compute(&fingerprints, &options, reference.as_ref());
            drop(fingerprints);
            let mut computed = computed.into_iter();
            with_output(output.as_deref(), |w| {
                let mut csv = csv::Writer::from_writer(w);
                csv.write_record(&header)?;
                spill.replay(|mut row: Vec<String>, carryover| {
                    row[carryover_column] = output::status_str(carryover.status).to_string();
                    if let Some(ix) = computed.next() {
                        for (k, (_, value)) in ix.columns().into_iter().enumerate() {
                            row[first_index_column + k] = value;
                        }
                    }
                    Ok(csv.write_record(&row)?)
                })?;
                csv.flush()?;
                Ok(skipped)
            })
        }
        Command::CorpusStats {
            paths,
            output,
            indices,
        } => {
            let p = pipeline(&lexicons, &model)?;
            let options = indices.options()?;
            let mut builder = gongkai::indices::StatsBuilder::new(&options);
            let skipped = each_document(&p, &paths, |doc| {
                let report = p.report(&doc);
                let fingerprint =
                    gongkai::indices::DocFingerprint::new(&doc, &report.meta, p.segmenter());
                builder.add(&fingerprint);
                Ok(())
            })?;
            let stats = builder.finish();
            write_atomically(&output, |w| Ok(stats.save(w)?))?;
            eprintln!("wrote {} ({} documents)", output.display(), stats.docs());
            Ok(skipped)
        }
        Command::Meta { paths, output } => {
            let p = pipeline(&lexicons, &model)?;
            with_output(output.as_deref(), |w| {
                each_document(&p, &paths, |doc| {
                    serde_json::to_writer(&mut *w, &p.report(&doc).meta)?;
                    Ok(writeln!(w)?)
                })
            })
        }
        Command::Tables { paths, output } => {
            let p = pipeline(&lexicons, &model)?;
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
            let p = pipeline(&lexicons, &model)?;
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
            let report = gongkai::eval::evaluate(&gold, &analysed, &p);
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
            let p = pipeline(&lexicons, &model)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&output::Provenance::of(&p))?
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
