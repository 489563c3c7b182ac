//! Inputs: command-line paths → an ordered list of documents to read.
//!
//! Takes files, directories (walked recursively, hidden entries skipped, no
//! symlinks followed, entries sorted by name so runs are reproducible) and `-`
//! for standard input, and gives [`Input`]s with the name each document carries
//! in every output: the file name for a file given directly, the path relative
//! to the directory for files found by walking one.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// One document to read.
///
/// ```
/// let inputs = gongkai::input::collect(&["-".into()]);
/// assert_eq!(inputs[0].as_ref().unwrap().name, "-");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The name written as `doc` in outputs.
    pub name: String,
    /// Where to read it; `None` for standard input.
    pub path: Option<PathBuf>,
}

impl Input {
    /// Reads the document's bytes.
    ///
    /// ```
    /// let f = std::env::temp_dir().join("gongkai-doc-input.txt");
    /// std::fs::write(&f, "公开").unwrap();
    /// let input = gongkai::input::Input { name: "x".into(), path: Some(f) };
    /// assert_eq!(input.read().unwrap(), "公开".as_bytes());
    /// ```
    pub fn read(&self) -> Result<Vec<u8>> {
        match &self.path {
            Some(p) => std::fs::read(p).map_err(|e| Error::new(ErrorKind::Io, e.to_string())),
            None => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut buf)
                    .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
                Ok(buf)
            }
        }
    }
}

/// Expands paths into inputs, in order. A path that cannot be walked gives an
/// error in its place, and the rest go on.
///
/// ```
/// let got = gongkai::input::collect(&["/nonexistent/x.txt".into()]);
/// assert!(got[0].is_err());
/// ```
pub fn collect(paths: &[PathBuf]) -> Vec<std::result::Result<Input, (String, Error)>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input {
                name: "-".into(),
                path: None,
            }));
            continue;
        }
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => out.push(Err((shown, Error::new(ErrorKind::Io, e.to_string())))),
            Ok(m) if m.is_dir() => walk(path, &mut out),
            Ok(_) => out.push(Ok(Input {
                name: file_name(path),
                path: Some(path.clone()),
            })),
        }
    }
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn walk(root: &Path, out: &mut Vec<std::result::Result<Input, (String, Error)>>) {
    let hidden =
        |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in walker.filter_entry(|e| !hidden(e)) {
        match entry {
            Err(e) => {
                let shown = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                out.push(Err((shown, Error::new(ErrorKind::Io, e.to_string()))));
            }
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                out.push(Ok(Input {
                    name,
                    path: Some(e.path().to_path_buf()),
                }));
            }
            Ok(_) => {}
        }
    }
}
