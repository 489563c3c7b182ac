//! Inputs: command-line paths → an ordered list of documents to read.
//!
//! Takes files, directories (walked recursively, hidden entries skipped, no
//! symlinks followed, entries sorted by name so runs are reproducible) and `-`
//! for standard input, and gives [`Input`]s with the name each document carries
//! in every output: the file name for a file given directly, the path relative
//! to the directory for files found by walking one. [`inputs`] gives them
//! lazily, walking directories as it goes; [`read_list`] reads a file list.

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

/// An input that could not be listed, with the path as shown and the reason.
pub type Unlisted = (String, Error);

/// Expands paths into inputs, in order. A path that cannot be walked gives an
/// error in its place, and the rest go on.
///
/// ```
/// let got = gongkai::input::collect(&["/nonexistent/x.txt".into()]);
/// assert!(got[0].is_err());
/// ```
pub fn collect(paths: &[PathBuf]) -> Vec<std::result::Result<Input, Unlisted>> {
    inputs(paths.to_vec(), |_| true).collect()
}

/// Expands paths into inputs lazily, in order: a directory is walked as the
/// iterator reaches it (entries sorted by name, hidden entries skipped, no
/// symlink followed, so no loop), so memory does not grow with the number of
/// files. Files found by walking are taken when `select` accepts their name
/// (the path relative to the directory, `/`-separated); files given directly
/// are always taken.
///
/// ```
/// let dir = std::env::temp_dir().join("gongkai-doc-inputs");
/// std::fs::create_dir_all(dir.join("sub")).unwrap();
/// std::fs::write(dir.join("a.txt"), "公开").unwrap();
/// std::fs::write(dir.join("b.html"), "公开").unwrap();
/// std::fs::write(dir.join("sub/c.txt"), "公开").unwrap();
/// let names: Vec<String> = gongkai::input::inputs(vec![dir], |name| name.ends_with(".txt"))
///     .map(|i| i.unwrap().name)
///     .collect();
/// assert_eq!(names, ["a.txt", "sub/c.txt"]);
/// ```
pub fn inputs<F: FnMut(&str) -> bool>(paths: Vec<PathBuf>, select: F) -> Inputs<F> {
    Inputs {
        paths: paths.into(),
        walking: None,
        select,
    }
}

/// The iterator of [`inputs`].
pub struct Inputs<F> {
    paths: std::collections::VecDeque<PathBuf>,
    walking: Option<(PathBuf, walkdir::IntoIter)>,
    select: F,
}

impl<F: FnMut(&str) -> bool> Iterator for Inputs<F> {
    type Item = std::result::Result<Input, Unlisted>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((root, walker)) = &mut self.walking {
                match walker.next() {
                    None => self.walking = None,
                    Some(Err(e)) => {
                        let shown = e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| root.display().to_string());
                        return Some(Err((shown, Error::new(ErrorKind::Io, e.to_string()))));
                    }
                    Some(Ok(e)) => {
                        if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                            if e.file_type().is_dir() {
                                walker.skip_current_dir();
                            }
                            continue;
                        }
                        if !e.file_type().is_file() {
                            continue;
                        }
                        let rel = e.path().strip_prefix(&*root).unwrap_or(e.path());
                        let name = rel.to_string_lossy().replace('\\', "/");
                        if (self.select)(&name) {
                            return Some(Ok(Input {
                                name,
                                path: Some(e.path().to_path_buf()),
                            }));
                        }
                    }
                }
                continue;
            }
            let path = self.paths.pop_front()?;
            if path.as_os_str() == "-" {
                return Some(Ok(Input {
                    name: "-".into(),
                    path: None,
                }));
            }
            let shown = path.display().to_string();
            match std::fs::metadata(&path) {
                Err(e) => return Some(Err((shown, Error::new(ErrorKind::Io, e.to_string())))),
                Ok(m) if m.is_dir() => {
                    let walker = walkdir::WalkDir::new(&path)
                        .follow_links(false)
                        .sort_by_file_name()
                        .into_iter();
                    self.walking = Some((path, walker));
                }
                Ok(_) => {
                    return Some(Ok(Input {
                        name: file_name(&path),
                        path: Some(path),
                    }));
                }
            }
        }
    }
}

/// Reads a list of paths, one per line (as `find` prints them): blank lines
/// are skipped, a final `\r` is dropped, nothing else is interpreted.
///
/// ```
/// let list = gongkai::input::read_list("a.txt\r\n\nreports/b.txt\n".as_bytes()).unwrap();
/// assert_eq!(list, [std::path::PathBuf::from("a.txt"), "reports/b.txt".into()]);
/// ```
pub fn read_list(reader: impl std::io::BufRead) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if !line.is_empty() {
            out.push(PathBuf::from(line));
        }
    }
    Ok(out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
