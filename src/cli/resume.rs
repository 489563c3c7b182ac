//! `tag -o FILE` written so that an interrupted run can be resumed
//! (`--resume`) without redoing or duplicating a document.
//!
//! The records go to the temporary file `.FILE.gongkai-tmp`, one document
//! after the other, in input order. Once a document's records are all
//! written and flushed, one line is appended to the sidecar
//! `.FILE.gongkai-progress` (JSON Lines):
//!
//! - first line: `{"gongkai_progress":1,"settings":{…},"start":N}`: what the
//!   output depends on (version, lexicon and model hashes, format, options)
//!   and the length of the preamble (BOM, CSV header);
//! - then one line per input, skipped ones included:
//!   `{"n":1,"doc":"a.txt","end":12345}` with the length the temporary file
//!   had after that document (`"path"` and `"reason"` for a skipped input).
//!
//! A line counts only when it ends with a newline, so a progress file cut
//! mid-line loses at most that line. `--resume` reads the complete lines,
//! checks that the settings are the same and that the inputs still begin
//! with the same names, cuts the temporary file back to the last recorded
//! end (dropping the part of a document written when the run stopped),
//! skips the recorded inputs without reading them, and appends the rest.
//! The finished file is renamed into place and the sidecar removed, so the
//! result is byte for byte the file an uninterrupted run writes.
//!
//! This protects against the process being stopped (Ctrl-C, a kill, a
//! crash); it does not sync to disk after every document (that would cost
//! a disk flush per document), so a power cut may need a fresh start. The
//! finished file is synced before it is renamed into place.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    gongkai_progress: u32,
    settings: serde_json::Value,
    start: u64,
}

/// One input recorded as done.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// 1-based position among the inputs.
    pub n: usize,
    /// The input's name (`doc`, or its path when it could not be listed).
    pub doc: String,
    /// Length of the temporary file after its records.
    pub end: u64,
    /// For a skipped input: its path as shown…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// …and why it was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The sidecar beside FILE.
pub fn progress_path(path: &Path) -> PathBuf {
    super::files::sibling(path, "gongkai-progress")
}

/// An output file written document by document, resumable.
pub struct ResumableOutput {
    path: PathBuf,
    tmp: PathBuf,
    progress_path: PathBuf,
    out: BufWriter<File>,
    progress: BufWriter<File>,
    end: u64,
    n: usize,
    /// Testing hook (`GONGKAI_TEST_ABORT_AFTER=N`): stop like a crash after N
    /// documents of this run, halfway through writing the next.
    abort_after: Option<usize>,
    this_run: usize,
}

impl ResumableOutput {
    /// Starts FILE afresh (any earlier temporary and progress files are
    /// replaced) and writes the preamble.
    pub fn create(path: &Path, settings: serde_json::Value, preamble: &[u8]) -> Result<Self> {
        let tmp = super::files::temporary_path(path);
        let progress_path = progress_path(path);
        let cannot = || format!("cannot write {}", path.display());
        let mut out = BufWriter::new(File::create(&tmp).with_context(cannot)?);
        out.write_all(preamble)?;
        out.flush()?;
        let mut progress = BufWriter::new(File::create(&progress_path).with_context(cannot)?);
        let header = Header {
            gongkai_progress: 1,
            settings,
            start: preamble.len() as u64,
        };
        serde_json::to_writer(&mut progress, &header)?;
        progress.write_all(b"\n")?;
        progress.flush()?;
        Ok(ResumableOutput {
            path: path.to_path_buf(),
            tmp,
            progress_path,
            out,
            progress,
            end: header.start,
            n: 0,
            abort_after: abort_after(),
            this_run: 0,
        })
    }

    /// Whether an interrupted run of FILE left something to resume.
    pub fn interrupted(path: &Path) -> bool {
        progress_path(path).is_file() && super::files::temporary_path(path).is_file()
    }

    /// Continues an interrupted run of FILE: gives the output, positioned
    /// after the last complete document, and the inputs already done.
    /// `None` when there is nothing to resume.
    pub fn resume(path: &Path, settings: serde_json::Value) -> Result<Option<(Self, Vec<Entry>)>> {
        if !Self::interrupted(path) {
            return Ok(None);
        }
        let tmp = super::files::temporary_path(path);
        let progress_path = progress_path(path);
        let mut text = String::new();
        File::open(&progress_path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .with_context(|| format!("{}", progress_path.display()))?;
        // Only lines ending with a newline were written completely.
        let mut lines = text.split_inclusive('\n').filter(|l| l.ends_with('\n'));
        let header: Header = lines
            .next()
            .and_then(|l| serde_json::from_str(l).ok())
            .filter(|h: &Header| h.gongkai_progress == 1)
            .with_context(|| {
                format!(
                    "{} is not a progress record this gongkai can read: run without --resume to start again",
                    progress_path.display()
                )
            })?;
        if header.settings != settings {
            bail!(
                "cannot resume {}: the interrupted run used other settings ({}; now {}): run without --resume to start again",
                path.display(),
                header.settings,
                settings
            );
        }
        let mut kept = 0;
        let mut entries: Vec<Entry> = Vec::new();
        let mut valid_len = text.split_inclusive('\n').next().map_or(0, str::len);
        for line in lines {
            match serde_json::from_str::<Entry>(line) {
                Ok(e)
                    if e.n == entries.len() + 1
                        && e.end >= entries.last().map_or(header.start, |l| l.end) =>
                {
                    valid_len += line.len();
                    entries.push(e);
                    kept += 1;
                }
                _ => break,
            }
        }
        let end = entries.last().map_or(header.start, |e| e.end);
        let written = std::fs::metadata(&tmp)?.len();
        if written < end {
            bail!(
                "cannot resume {}: its temporary file holds {written} bytes, fewer than the {end} recorded as done: run without --resume to start again",
                path.display()
            );
        }
        // Drop whatever was written after the last complete document.
        let mut file = OpenOptions::new().write(true).open(&tmp)?;
        file.set_len(end)?;
        file.seek(SeekFrom::End(0))?;
        let mut progress = OpenOptions::new().write(true).open(&progress_path)?;
        progress.set_len(valid_len as u64)?;
        progress.seek(SeekFrom::End(0))?;
        Ok(Some((
            ResumableOutput {
                path: path.to_path_buf(),
                tmp,
                progress_path,
                out: BufWriter::new(file),
                progress: BufWriter::new(progress),
                end,
                n: kept,
                abort_after: abort_after(),
                this_run: 0,
            },
            entries,
        )))
    }

    /// Records the next input: its records (none when skipped: then the
    /// path and reason), written and flushed before it is marked done.
    pub fn document(
        &mut self,
        doc: &str,
        records: &[u8],
        skipped: Option<(&str, &str)>,
    ) -> Result<()> {
        if self.abort_after == Some(self.this_run) {
            // Testing hook: a crash halfway through a document.
            self.out.write_all(&records[..records.len() / 2])?;
            self.out.flush()?;
            eprintln!(
                "gongkai: GONGKAI_TEST_ABORT_AFTER={}: stopping",
                self.this_run
            );
            std::process::exit(99);
        }
        self.out.write_all(records)?;
        self.out.flush()?;
        self.end += records.len() as u64;
        self.n += 1;
        self.this_run += 1;
        let entry = Entry {
            n: self.n,
            doc: doc.to_string(),
            end: self.end,
            path: skipped.map(|s| s.0.to_string()),
            reason: skipped.map(|s| s.1.to_string()),
        };
        serde_json::to_writer(&mut self.progress, &entry)?;
        self.progress.write_all(b"\n")?;
        self.progress.flush()?;
        Ok(())
    }

    /// Puts the finished file in place and removes the progress record.
    pub fn finish(self) -> Result<()> {
        // Synced before the rename, as `files::write_atomically` does.
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("{}", self.path.display()))?;
        drop(self.progress);
        let _ = std::fs::remove_file(&self.progress_path);
        Ok(())
    }
}

fn abort_after() -> Option<usize> {
    std::env::var("GONGKAI_TEST_ABORT_AFTER")
        .ok()
        .and_then(|v| v.parse().ok())
}
