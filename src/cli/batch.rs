//! The document loop every batch command shares: inputs → documents on all
//! cores → results in input order.
//!
//! [`map_in_order`] is the engine: jobs go to `threads` workers through a
//! bounded queue; results come back in any order and wait in a reorder
//! buffer until every earlier one has been handed on. At most `2 × threads`
//! jobs are in flight (queued, being worked on, or waiting to be handed on),
//! so memory does not grow with the number of documents, and what the
//! caller sees (and writes) is the same for any number of threads.
//!
//! [`Batch`] runs it over documents: a worker reads, decodes and analyses one
//! input and runs the command's per-document work on it (serialising records,
//! computing a summary row); the calling thread reports skipped files (stderr,
//! `--errors` file), advances the progress bar and hands results to the
//! command's sink, in input order.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use anyhow::{Context, Result};
use gongkai::input::{Input, Unlisted};
use gongkai::{Document, Pipeline};

/// Calls `work` on every job on `threads` threads and `sink` on every result,
/// in the order of the jobs, on the calling thread. A job whose work panics
/// gives `Err` with the panic's payload; the others go on. An error from
/// `sink` stops the run (jobs in flight are finished and dropped).
pub fn map_in_order<J: Send, R: Send>(
    jobs: impl Iterator<Item = J>,
    threads: usize,
    work: impl Fn(J) -> R + Sync,
    mut sink: impl FnMut(std::thread::Result<R>) -> Result<()>,
) -> Result<()> {
    let run = |job: J| std::panic::catch_unwind(AssertUnwindSafe(|| work(job)));
    if threads <= 1 {
        for job in jobs {
            sink(run(job))?;
        }
        return Ok(());
    }
    let window = 2 * threads;
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, J)>(window);
    let job_rx = Mutex::new(job_rx);
    let (result_tx, result_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let result_tx = result_tx.clone();
            let (job_rx, run) = (&job_rx, &run);
            scope.spawn(move || {
                loop {
                    // The lock is held only while waiting for the next job.
                    let next = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, job)) = next else { return };
                    if result_tx.send((i, run(job))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(result_tx);
        let mut jobs = jobs.fuse();
        let (mut sent, mut next) = (0usize, 0usize);
        let mut pending = BTreeMap::new();
        let mut drive = || -> Result<()> {
            loop {
                // Never more than `window` jobs between dispatch and sink: the
                // queue (capacity `window`) never blocks, and the reorder
                // buffer holds fewer than `window` results.
                while sent - next < window {
                    let Some(job) = jobs.next() else { break };
                    job_tx
                        .send((sent, job))
                        .map_err(|_| anyhow::anyhow!("every worker thread has stopped"))?;
                    sent += 1;
                }
                if next == sent {
                    return Ok(());
                }
                let (i, result) = result_rx
                    .recv()
                    .context("every worker thread has stopped")?;
                pending.insert(i, result);
                while let Some(result) = pending.remove(&next) {
                    next += 1;
                    sink(result)?;
                }
            }
        };
        let result = drive();
        drop(job_tx);
        result
    })
}

/// Where the documents of a batch come from: paths (files, directories, `-`),
/// `--files-from`, and the `--glob` patterns that select files in directory
/// walks. Cheap to clone; lists its inputs as often as asked.
#[derive(Clone)]
pub struct Sources {
    paths: Arc<Vec<PathBuf>>,
    globs: Option<Arc<globset::GlobSet>>,
}

impl Sources {
    /// Builds the sources; reads the `--files-from` list now (`-`: stdin).
    pub fn new(paths: &[PathBuf], files_from: Option<&Path>, globs: &[String]) -> Result<Sources> {
        let mut all = paths.to_vec();
        if let Some(list) = files_from {
            if list.as_os_str() == "-" {
                if paths.iter().any(|p| p.as_os_str() == "-") {
                    anyhow::bail!(
                        "--files-from - and a document - cannot both read standard input"
                    );
                }
                all.extend(gongkai::input::read_list(std::io::stdin().lock())?);
            } else {
                let file = std::fs::File::open(list)
                    .with_context(|| format!("--files-from {}", list.display()))?;
                all.extend(
                    gongkai::input::read_list(std::io::BufReader::new(file))
                        .with_context(|| format!("--files-from {}", list.display()))?,
                );
            }
        }
        let globs = if globs.is_empty() {
            None
        } else {
            let mut set = globset::GlobSetBuilder::new();
            for g in globs {
                set.add(globset::Glob::new(g).with_context(|| format!("--glob {g}"))?);
            }
            Some(Arc::new(set.build().context("--glob")?))
        };
        Ok(Sources {
            paths: Arc::new(all),
            globs,
        })
    }

    /// The inputs, in order, listed lazily.
    pub fn inputs(&self) -> impl Iterator<Item = std::result::Result<Input, Unlisted>> + use<> {
        let globs = self.globs.clone();
        gongkai::input::inputs(self.paths.to_vec(), move |name| {
            globs.as_ref().is_none_or(|g| g.is_match(name))
        })
    }
}

/// The name an input is known by in the output and in `--resume`'s record:
/// its `doc` name, or the path as shown when it could not be listed.
pub fn input_name(item: &std::result::Result<Input, Unlisted>) -> &str {
    match item {
        Ok(input) => &input.name,
        Err((shown, _)) => shown,
    }
}

/// What happened to one input, as handed to a batch's sink.
pub enum Outcome<T> {
    /// Analysed; the command's per-document result.
    Done(T),
    /// Skipped (already named on stderr and in the errors file): the path
    /// as shown, and why.
    Skipped {
        /// The path as shown.
        path: String,
        /// Why it was skipped.
        reason: String,
    },
}

enum Processed<T> {
    Done(T, Vec<String>),
    Skipped(String),
    Failed(anyhow::Error),
}

struct Job<T> {
    name: String,
    shown: String,
    bytes: u64,
    processed: Processed<T>,
}

/// Documents larger than this (bytes) are analysed one at a time.
const HUGE_DOCUMENT_BYTES: usize = 16 << 20;

/// Settings of a batch run.
pub struct Options {
    /// Worker threads.
    pub threads: usize,
    /// No progress bar.
    pub quiet: bool,
    /// Write a CSV row (path, reason) per skipped input to this file.
    pub errors: Option<PathBuf>,
}

/// A batch run over documents; see the module doc.
pub struct Batch<'p> {
    pipeline: &'p Pipeline,
    threads: usize,
    bar: indicatif::ProgressBar,
    docs_total: Arc<AtomicU64>,
    docs_done: u64,
    errors: Option<(PathBuf, csv::Writer<Vec<u8>>)>,
    skipped: usize,
}

impl<'p> Batch<'p> {
    /// A batch over `sources`. The progress bar is drawn on stderr when it is
    /// a terminal and `quiet` is off; its totals are counted on the side.
    pub fn new(pipeline: &'p Pipeline, options: &Options, sources: &Sources) -> Result<Batch<'p>> {
        let docs_total = Arc::new(AtomicU64::new(0));
        let bar = if options.quiet || !std::io::stderr().is_terminal() {
            indicatif::ProgressBar::hidden()
        } else {
            let bar = indicatif::ProgressBar::no_length().with_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {msg} documents  {binary_bytes}/{binary_total_bytes}  {binary_bytes_per_sec}  ETA {eta}  [{elapsed}]",
                )
                .context("progress template")?,
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            // Totals for the rate and ETA: the inputs listed once more on
            // the side, with their sizes (stdin counts as 0).
            let (sources, bar2, total) = (sources.clone(), bar.clone(), docs_total.clone());
            std::thread::spawn(move || {
                let (mut docs, mut bytes) = (0u64, 0u64);
                for input in sources.inputs() {
                    docs += 1;
                    if let Ok(Input { path: Some(p), .. }) = &input {
                        bytes += std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
                    }
                }
                total.store(docs, Ordering::Relaxed);
                bar2.set_length(bytes);
            });
            bar
        };
        let errors = match &options.errors {
            None => None,
            Some(path) => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(["path", "reason"])?;
                Some((path.clone(), w))
            }
        };
        Ok(Batch {
            pipeline,
            threads: options.threads.max(1),
            bar,
            docs_total,
            docs_done: 0,
            errors,
            skipped: 0,
        })
    }

    /// Prints a line on stderr without tearing the progress bar.
    pub fn note(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Counts an input skipped in an earlier, interrupted run (`--resume`):
    /// it goes into the errors file and the exit code, not again on stderr.
    pub fn skipped_earlier(&mut self, shown: &str, reason: &str) -> Result<()> {
        self.skipped += 1;
        if let Some((_, w)) = &mut self.errors {
            w.write_record([shown, reason])?;
        }
        Ok(())
    }

    fn skip(&mut self, shown: &str, reason: &str) -> Result<()> {
        self.note(&format!("gongkai: {shown}: {reason}"));
        self.skipped_earlier(shown, reason)
    }

    /// Analyses every input on the batch's threads, runs `work` on each
    /// document there, and hands the results to `sink` in input order with
    /// the input's name. Unreadable inputs are named on stderr (and in the
    /// errors file) and handed on as [`Outcome::Skipped`].
    pub fn run<T: Send>(
        &mut self,
        inputs: impl Iterator<Item = std::result::Result<Input, Unlisted>>,
        work: impl Fn(&Document) -> Result<T> + Sync,
        mut sink: impl FnMut(&str, Outcome<T>) -> Result<()>,
    ) -> Result<()> {
        let p = self.pipeline;
        // A huge document takes about 25 times its size in memory while it
        // is analysed: analyse one such at a time, whatever the threads.
        let huge = Mutex::new(());
        let process = |item: std::result::Result<Input, Unlisted>| -> Job<T> {
            let input = match item {
                Ok(input) => input,
                Err((shown, e)) => {
                    return Job {
                        name: shown.clone(),
                        shown,
                        bytes: 0,
                        processed: Processed::Skipped(e.to_string()),
                    };
                }
            };
            let shown = input
                .path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "-".into());
            let mut bytes = 0;
            let analysed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                match input.read().and_then(|b| {
                    bytes = b.len() as u64;
                    let _one_at_a_time = (b.len() > HUGE_DOCUMENT_BYTES)
                        .then(|| huge.lock().unwrap_or_else(|e| e.into_inner()));
                    p.analyze_bytes_noted(&input.name, &b)
                }) {
                    Err(e) => Processed::Skipped(e.to_string()),
                    Ok((doc, notes)) => match work(&doc) {
                        Ok(t) => Processed::Done(t, notes),
                        Err(e) => Processed::Failed(e.context(shown.clone())),
                    },
                }
            }));
            // A bug met on one document skips that document, not the run.
            let processed = analysed.unwrap_or_else(|panic| {
                Processed::Skipped(format!(
                    "internal error (please report it with this file): {}",
                    panic_message(&*panic)
                ))
            });
            Job {
                name: input.name,
                shown,
                bytes,
                processed,
            }
        };
        let threads = self.threads;
        map_in_order(inputs, threads, process, |job| {
            let job = match job {
                Ok(job) => job,
                Err(panic) => {
                    anyhow::bail!("internal error (please report): {}", panic_message(&*panic))
                }
            };
            self.docs_done += 1;
            self.bar.inc(job.bytes);
            let total = self.docs_total.load(Ordering::Relaxed);
            self.bar.set_message(if total > 0 {
                format!("{}/{total}", self.docs_done)
            } else {
                self.docs_done.to_string()
            });
            match job.processed {
                Processed::Failed(e) => Err(e),
                Processed::Skipped(reason) => {
                    self.skip(&job.shown, &reason)?;
                    let path = job.shown;
                    sink(&job.name, Outcome::Skipped { path, reason })
                }
                Processed::Done(t, notes) => {
                    for n in notes {
                        self.note(&format!("gongkai: warning: {}: {n}", job.shown));
                    }
                    sink(&job.name, Outcome::Done(t))
                }
            }
        })
    }

    /// Ends the run: clears the progress bar, writes the errors file, and
    /// gives the exit code (1 when any input was skipped).
    pub fn finish(self) -> Result<u8> {
        self.bar.finish_and_clear();
        if let Some((path, w)) = self.errors {
            let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
            super::files::write_atomically(&path, |out| Ok(out.write_all(&bytes)?))?;
        }
        Ok(u8::from(self.skipped > 0))
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_job_order_for_any_thread_count() {
        for threads in [1, 2, 3, 8] {
            let mut got = Vec::new();
            map_in_order(
                0..200u64,
                threads,
                |i| {
                    // Later jobs finish first.
                    std::thread::sleep(Duration::from_micros((200 - i) * 10));
                    i * i
                },
                |r| {
                    got.push(r.unwrap());
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(
                got,
                (0..200).map(|i| i * i).collect::<Vec<_>>(),
                "{threads}"
            );
        }
    }

    #[test]
    fn in_flight_jobs_are_bounded() {
        let live = AtomicU64::new(0);
        let peak = AtomicU64::new(0);
        let mut n = 0;
        map_in_order(
            0..500,
            3,
            |i: u64| {
                let now = live.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_micros(if i % 50 == 0 { 3000 } else { 10 }));
                i
            },
            |r| {
                live.fetch_sub(1, Ordering::SeqCst);
                assert_eq!(r.unwrap(), n);
                n += 1;
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(n, 500);
        assert!(peak.load(Ordering::SeqCst) <= 6, "{peak:?}");
    }

    #[test]
    fn a_panicking_job_is_an_error_result_and_the_rest_go_on() {
        let mut got = Vec::new();
        map_in_order(
            0..20,
            2,
            |i: u32| {
                assert!(i != 7, "job seven");
                i
            },
            |r| {
                got.push(r.ok());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got.len(), 20);
        assert_eq!(got[7], None);
        assert_eq!(got[8], Some(8));
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut n = 0;
        let r = map_in_order(
            0..1000,
            2,
            |i: u32| i,
            |_| {
                n += 1;
                if n == 10 {
                    anyhow::bail!("stop")
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert_eq!(n, 10);
    }
}
