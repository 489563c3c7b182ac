//! The `gongkai` command: a thin layer over the library.
//!
//! Exit codes: 0 every input read; 1 some inputs skipped (each named on
//! stderr, and in the `--errors` file); 2 usage or setup error; 3 `eval`
//! below a `--min-*` floor.
//!
//! The batch commands (`tag`, `summary`, `meta`, `tables`, `corpus-stats`)
//! share one parallel, ordered document loop ([`cli::batch`]).

mod cli;

// Records are many small strings and vectors: see the `mimalloc` feature.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use cli::batch::{Batch, Outcome, Sources};
use cli::files::{Spill, with_output, write_atomically};
use cli::resume::ResumableOutput;
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
    /// Analyse documents on N threads (default: every core). Output is the same for any N.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// No progress bar (it is drawn only when stderr is a terminal anyway).
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// Where a batch command's documents come from.
#[derive(clap::Args)]
struct InputArgs {
    /// Files, directories (walked recursively) or - for standard input.
    #[arg(required_unless_present = "files_from")]
    paths: Vec<PathBuf>,
    /// Also read the paths listed in FILE, one per line (- for standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// In directory walks, take only files whose path below the directory matches PATTERN
    /// (`*.txt`, `2021/**/*.htm*`; repeat for several: any may match).
    #[arg(long, value_name = "PATTERN")]
    glob: Vec<String>,
    /// Write a CSV row (path, reason) for every input that could not be read to FILE.
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
}

impl InputArgs {
    /// The documents named on the command line, by `--files-from` and `--glob`.
    fn sources(&self) -> Result<Sources> {
        Sources::new(&self.paths, self.files_from.as_deref(), &self.glob)
    }
}

/// Where and how a batch command writes.
#[derive(clap::Args)]
struct OutputArgs {
    /// Write to FILE (atomically: a temporary file renamed when done) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,
    /// CSV for Excel: start with the UTF-8 byte-order mark so Chinese shows intact (implies --format csv).
    #[arg(long)]
    excel: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
enum Format {
    /// JSON Lines: one object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

impl OutputArgs {
    /// The format asked for, or `default`; and the bytes that open the output.
    fn format(&self, default: Format) -> Result<Format> {
        match (self.excel, self.format) {
            (true, Some(Format::Jsonl)) => {
                anyhow::bail!("--excel writes CSV: it cannot go with --format jsonl")
            }
            (true, _) => Ok(Format::Csv),
            (false, f) => Ok(f.unwrap_or(default)),
        }
    }

    fn bom(&self) -> &'static [u8] {
        if self.excel {
            "\u{feff}".as_bytes()
        } else {
            b""
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// One JSON record per sentence: role, section, channels, issues and the matches behind them.
    Tag {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        out: OutputArgs,
        /// Continue an interrupted `tag -o FILE` run: documents already written are kept, not redone.
        #[arg(long, requires = "output")]
        resume: bool,
        /// Also write the gongkai version and lexicon and model hashes as JSON to FILE.
        #[arg(long, value_name = "FILE")]
        provenance: Option<PathBuf>,
        /// Add `explain` to scored records: every feature's value and contribution.
        #[arg(long)]
        explain: bool,
    },
    /// One row per document (CSV by default): counts by role, channels and issues, metadata, table checks, specificity and corpus indices.
    Summary {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        out: OutputArgs,
        /// Judge boilerplate against this corpus-stats table instead of the batch itself.
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        #[command(flatten)]
        indices: IndexArgs,
    },
    /// Word 4-gram document frequencies of a corpus, to judge boilerplate in later runs (summary --reference).
    CorpusStats {
        #[command(flatten)]
        inputs: InputArgs,
        /// Write the table (JSON) to FILE.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        #[command(flatten)]
        indices: IndexArgs,
    },
    /// One object per document: issuing body, level, province, year, period, publication date, format, encoding, counts.
    Meta {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// One object per document: the mandated statistical tables and their arithmetic checks (CSV: one row per value).
    Tables {
        #[command(flatten)]
        inputs: InputArgs,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// Agreement with gold labels: channels, issues, roles, quantities and specificity.
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

/// Turns transparent huge pages off for this process. The allocator asks
/// the kernel for them, and every fresh 2 MiB page is zeroed whole on first
/// touch: 7 % of a `tag` run and 30 MB of resident memory on our benchmark
/// machine (BENCHMARKS.md, session 6), for no measurable gain. Best effort: a
/// kernel without the option leaves things as they were.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes a
    // flag of the process; no memory of ours is read or written.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
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
        threads,
        quiet,
        command,
    } = cli;
    let threads = threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let batch_options = |inputs: &InputArgs| cli::batch::Options {
        threads,
        quiet,
        errors: inputs.errors.clone(),
    };
    match command {
        Command::Tag {
            inputs,
            out,
            resume,
            provenance,
            explain,
        } => {
            let format = out.format(Format::Jsonl)?;
            let sources = inputs.sources()?;
            let p = pipeline(&lexicons, &model)?;
            if let Some(path) = provenance {
                let json = serde_json::to_string_pretty(&output::Provenance::of(&p))?;
                write_atomically(&path, |w| Ok(writeln!(w, "{json}")?))?;
            }
            let explainer = explain.then(|| p.scorer());
            // Written buffers go back to the workers: a document's records
            // are about eight times its size, and a fresh buffer for each
            // document costs page faults and regrowth. Bounded in number and
            // size, so one huge document's buffer is not kept.
            let spare: std::sync::Mutex<Vec<Vec<u8>>> = Default::default();
            let recycle = |mut bytes: Vec<u8>| {
                if bytes.capacity() <= 16 << 20 {
                    bytes.clear();
                    let mut spare = spare.lock().expect("no panic while held");
                    if spare.len() < 2 * threads + 2 {
                        spare.push(bytes);
                    }
                }
            };
            let records = |doc: &Document| -> Result<Vec<u8>> {
                let mut buf = spare
                    .lock()
                    .expect("no panic while held")
                    .pop()
                    .unwrap_or_default();
                match format {
                    Format::Jsonl => output::write_jsonl_explained(&mut buf, doc, explainer)?,
                    Format::Csv => output::write_tag_csv(&mut buf, doc, explainer)?,
                }
                Ok(buf)
            };
            let mut preamble = out.bom().to_vec();
            if format == Format::Csv {
                output::write_tag_csv_header(&mut preamble, explain)?;
            }
            let mut batch = Batch::new(&p, &batch_options(&inputs), &sources)?;
            // A device or pipe given as -o (/dev/null, a FIFO) is written
            // straight through: it cannot be replaced by a renamed file.
            let special = out.output.as_deref().filter(|p| cli::files::is_special(p));
            if resume && special.is_some() {
                anyhow::bail!("--resume needs -o to name a regular file");
            }
            match out.output.as_ref().filter(|_| special.is_none()) {
                None => {
                    let sink: Box<dyn Write> = match special {
                        Some(path) => Box::new(
                            std::fs::OpenOptions::new()
                                .write(true)
                                .open(path)
                                .with_context(|| format!("cannot write {}", path.display()))?,
                        ),
                        None => Box::new(io::stdout().lock()),
                    };
                    let mut w = BufWriter::new(sink);
                    w.write_all(&preamble)?;
                    batch.run(sources.inputs(), records, |_, outcome| {
                        if let Outcome::Done(bytes) = outcome {
                            w.write_all(&bytes)?;
                            recycle(bytes);
                        }
                        Ok(())
                    })?;
                    w.flush()?;
                }
                Some(path) => {
                    let settings = serde_json::json!({
                        "provenance": output::Provenance::of(&p),
                        "format": format!("{format:?}").to_lowercase(),
                        "excel": out.excel,
                        "explain": explain,
                    });
                    let mut inputs = sources.inputs();
                    let resumed = if resume {
                        ResumableOutput::resume(path, settings.clone())?
                    } else {
                        None
                    };
                    let mut writer = match resumed {
                        Some((writer, done)) => {
                            for (i, entry) in done.iter().enumerate() {
                                let item = inputs.next();
                                let now = item.as_ref().map(cli::batch::input_name);
                                if now != Some(entry.doc.as_str()) {
                                    anyhow::bail!(
                                        "cannot resume {}: input {} was {} and is now {}: run without --resume to start again",
                                        path.display(),
                                        i + 1,
                                        entry.doc,
                                        now.unwrap_or("missing")
                                    );
                                }
                                if let (Some(shown), Some(reason)) = (&entry.path, &entry.reason) {
                                    batch.skipped_earlier(shown, reason)?;
                                }
                            }
                            batch.note(&format!(
                                "gongkai: resuming {} after {} inputs",
                                path.display(),
                                done.len()
                            ));
                            writer
                        }
                        None => {
                            if resume {
                                batch.note(&format!(
                                    "gongkai: no interrupted run of {} to resume: starting from the beginning",
                                    path.display()
                                ));
                            } else if ResumableOutput::interrupted(path) {
                                batch.note(&format!(
                                    "gongkai: starting {} again (--resume would continue the interrupted run)",
                                    path.display()
                                ));
                            }
                            ResumableOutput::create(path, settings, &preamble)?
                        }
                    };
                    batch
                        .run(inputs, records, |name, outcome| match outcome {
                            Outcome::Done(bytes) => {
                                writer.document(name, &bytes, None)?;
                                recycle(bytes);
                                Ok(())
                            }
                            Outcome::Skipped { path, reason } => {
                                writer.document(name, &[], Some((&path, &reason)))
                            }
                        })
                        .with_context(|| {
                            format!(
                                "the documents written so far are kept: add --resume to continue {}",
                                path.display()
                            )
                        })?;
                    writer.finish()?;
                }
            }
            batch.finish()
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
            inputs,
            out,
            reference,
            indices,
        } => {
            let format = out.format(Format::Csv)?;
            let sources = inputs.sources()?;
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
            let mut batch = Batch::new(&p, &batch_options(&inputs), &sources)?;
            batch.run(
                sources.inputs(),
                |doc| {
                    let report = p.report(doc);
                    Ok((
                        output::summary_row(doc, &report, &p),
                        gongkai::indices::DocFingerprint::new(doc, &report.meta, p.segmenter()),
                        gongkai::crosscheck::InForce::of(&report),
                    ))
                },
                |_, outcome| {
                    if let Outcome::Done((row, fingerprint, figures)) = outcome {
                        fingerprints.push(fingerprint);
                        spill.push(&row, figures)?;
                    }
                    Ok(())
                },
            )?;
            let computed = gongkai::indices::compute(&fingerprints, &options, reference.as_ref());
            drop(fingerprints);
            let mut computed = computed.into_iter();
            let mut fill = |row: &mut Vec<String>, carryover: &gongkai::tables::Check| {
                row[carryover_column] = output::status_str(carryover.status).to_string();
                if let Some(ix) = computed.next() {
                    for (k, (_, value)) in ix.columns().into_iter().enumerate() {
                        row[first_index_column + k] = value;
                    }
                }
            };
            with_output(out.output.as_deref(), |w| {
                w.write_all(out.bom())?;
                match format {
                    Format::Csv => {
                        let mut csv = csv::Writer::from_writer(&mut *w);
                        csv.write_record(&header)?;
                        spill.replay(|mut row: Vec<String>, carryover| {
                            fill(&mut row, carryover);
                            Ok(csv.write_record(&row)?)
                        })?;
                        csv.flush()?;
                    }
                    Format::Jsonl => spill.replay(|mut row: Vec<String>, carryover| {
                        fill(&mut row, carryover);
                        Ok(writeln!(w, "{}", output::summary_json(&header, &row))?)
                    })?,
                }
                Ok(0)
            })?;
            batch.finish()
        }
        Command::CorpusStats {
            inputs,
            output,
            indices,
        } => {
            let sources = inputs.sources()?;
            let p = pipeline(&lexicons, &model)?;
            let options = indices.options()?;
            let mut builder = gongkai::indices::StatsBuilder::new(&options);
            let mut batch = Batch::new(&p, &batch_options(&inputs), &sources)?;
            batch.run(
                sources.inputs(),
                |doc| {
                    let report = p.report(doc);
                    Ok(gongkai::indices::DocFingerprint::new(
                        doc,
                        &report.meta,
                        p.segmenter(),
                    ))
                },
                |_, outcome| {
                    if let Outcome::Done(fingerprint) = outcome {
                        builder.add(&fingerprint);
                    }
                    Ok(())
                },
            )?;
            let stats = builder.finish();
            write_atomically(&output, |w| Ok(stats.save(w)?))?;
            if !quiet {
                batch.note(&format!(
                    "wrote {} ({} documents)",
                    output.display(),
                    stats.docs()
                ));
            }
            batch.finish()
        }
        Command::Meta { inputs, out } => {
            let format = out.format(Format::Jsonl)?;
            let sources = inputs.sources()?;
            let p = pipeline(&lexicons, &model)?;
            let mut batch = Batch::new(&p, &batch_options(&inputs), &sources)?;
            with_output(out.output.as_deref(), |w| {
                w.write_all(out.bom())?;
                if format == Format::Csv {
                    let mut csv = csv::Writer::from_writer(&mut *w);
                    csv.write_record(output::meta_csv_header())?;
                    csv.flush()?;
                }
                batch.run(
                    sources.inputs(),
                    |doc| {
                        let meta = p.report(doc).meta;
                        let mut buf = Vec::new();
                        match format {
                            Format::Jsonl => {
                                serde_json::to_writer(&mut buf, &meta)?;
                                buf.push(b'\n');
                            }
                            Format::Csv => {
                                let mut csv = csv::Writer::from_writer(&mut buf);
                                csv.write_record(output::meta_csv_row(&meta))?;
                                csv.flush()?;
                            }
                        }
                        Ok(buf)
                    },
                    |_, outcome| {
                        if let Outcome::Done(bytes) = outcome {
                            w.write_all(&bytes)?;
                        }
                        Ok(())
                    },
                )?;
                Ok(0)
            })?;
            batch.finish()
        }
        Command::Tables { inputs, out } => {
            let format = out.format(Format::Jsonl)?;
            let sources = inputs.sources()?;
            let p = pipeline(&lexicons, &model)?;
            let mut spill = Spill::new()?;
            let mut batch = Batch::new(&p, &batch_options(&inputs), &sources)?;
            batch.run(
                sources.inputs(),
                |doc| {
                    let report = p.report(doc);
                    Ok((
                        output::tables_record(doc, &report),
                        gongkai::crosscheck::InForce::of(&report),
                    ))
                },
                |_, outcome| {
                    if let Outcome::Done((record, figures)) = outcome {
                        spill.push(&record, figures)?;
                    }
                    Ok(())
                },
            )?;
            let with_carryover =
                |mut record: serde_json::Value, carryover: &gongkai::tables::Check| {
                    if let Some(checks) = record["checks"].as_array_mut() {
                        checks.push(serde_json::to_value(carryover)?);
                    }
                    Ok::<_, anyhow::Error>(record)
                };
            with_output(out.output.as_deref(), |w| {
                w.write_all(out.bom())?;
                match format {
                    Format::Jsonl => spill.replay(|record, carryover| {
                        serde_json::to_writer(&mut *w, &with_carryover(record, carryover)?)?;
                        Ok(w.write_all(b"\n")?)
                    })?,
                    Format::Csv => {
                        let mut csv = csv::Writer::from_writer(&mut *w);
                        csv.write_record(output::TABLES_CSV_COLUMNS)?;
                        spill.replay(|record, carryover| {
                            let record = with_carryover(record, carryover)?;
                            let doc = record["doc"].as_str().unwrap_or_default();
                            for [section, row, column, value] in output::tables_long(&record) {
                                csv.write_record([doc, &section, &row, &column, &value])?;
                            }
                            Ok(())
                        })?;
                        csv.flush()?;
                    }
                }
                Ok(0)
            })?;
            batch.finish()
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
                // As in batch commands: encoding detected, web pages read as
                // their visible text.
                let doc = p
                    .analyze_bytes(&g.doc, &bytes)
                    .with_context(|| format!("{}", path.display()))?;
                let text = doc.text.clone();
                analysed.insert(g.doc.clone(), (doc, text));
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
