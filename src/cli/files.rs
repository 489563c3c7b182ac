//! Output files: atomic writes, stdout-or-file, and the spill file that holds
//! rows until a whole batch is read.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The temporary file an output is written to before it is renamed into place.
pub fn temporary_path(path: &Path) -> PathBuf {
    sibling(path, "gongkai-tmp")
}

/// `.NAME.SUFFIX` beside `path`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{suffix}"))
}

/// Runs `f` on stdout, or on FILE written atomically (temporary file, then rename).
pub fn with_output(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> Result<u8>,
) -> Result<u8> {
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

/// Whether `path` exists and is not a regular file (a device such as
/// `/dev/null`, a FIFO): written straight through, never replaced.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

/// Writes FILE through a temporary file beside it, synced to disk and renamed
/// into place only when `f` succeeds: an interrupted run never leaves a
/// truncated FILE. A device or pipe ([`is_special`]) is written directly.
pub fn write_atomically(path: &Path, f: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if is_special(path) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut w = BufWriter::new(file);
        f(&mut w)?;
        w.flush()?;
        return Ok(());
    }
    let tmp = temporary_path(path);
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", path.display()))?;
    let mut w = BufWriter::new(file);
    // On disk before the rename: after a power cut the name then holds the
    // whole file or the old one, never a truncated new one.
    let written = f(&mut w).and_then(|_| {
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", path.display()))
    });
    if let Err(e) = written {
        // Whatever failed, no half-written temporary file is left behind.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
    Ok(())
}

/// Per-document output held back until the whole batch is read, in a
/// temporary file (memory stays flat however many documents), with the small
/// figures the carry-over check needs.
pub struct Spill {
    file: BufWriter<std::fs::File>,
    figures: Vec<gongkai::crosscheck::InForce>,
}

impl Spill {
    pub fn new() -> Result<Spill> {
        let file = tempfile::tempfile().context("cannot create a temporary file")?;
        Ok(Spill {
            file: BufWriter::new(file),
            figures: Vec::new(),
        })
    }

    pub fn push(
        &mut self,
        item: &impl serde::Serialize,
        figures: gongkai::crosscheck::InForce,
    ) -> Result<()> {
        serde_json::to_writer(&mut self.file, item)?;
        self.file.write_all(b"\n")?;
        self.figures.push(figures);
        Ok(())
    }

    /// Reads every item back in order, with its carry-over check.
    pub fn replay<T: serde::de::DeserializeOwned>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_its_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let failed = write_atomically(&path, |w| {
            w.write_all(b"half a row")?;
            anyhow::bail!("stopped")
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        write_atomically(&path, |w| Ok(w.write_all(b"a,b\n")?)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
