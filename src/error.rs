//! The library's one error type.
//!
//! Errors carry a small [`ErrorKind`] and a message that names the file (and the
//! line, for lexicons) and the broken invariant, so a researcher can fix the
//! input without reading code.

use std::fmt;

/// What went wrong, broadly.
///
/// ```
/// use gongkai::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::Decode, "report.txt: not valid UTF-8 at byte 17");
/// assert_eq!(e.kind(), ErrorKind::Decode);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading a file or stream failed.
    Io,
    /// The bytes are not text in a supported encoding, or are empty.
    Decode,
    /// A lexicon file is missing or malformed.
    Lexicon,
    /// A model file is missing or malformed.
    Model,
    /// A gold file is malformed or names a document that cannot be found.
    Gold,
    /// Writing output failed.
    Output,
}

/// An error with its kind and a one-line message.
///
/// ```
/// use gongkai::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::Lexicon, "channels.toml: entry 3 has no id");
/// assert_eq!(e.to_string(), "channels.toml: entry 3 has no id");
/// ```
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    /// Makes an error of `kind` with a message.
    ///
    /// ```
    /// let e = gongkai::Error::new(gongkai::ErrorKind::Io, "x.txt: permission denied");
    /// assert!(e.to_string().contains("permission denied"));
    /// ```
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The kind of error.
    ///
    /// ```
    /// let e = gongkai::Error::new(gongkai::ErrorKind::Gold, "bad line");
    /// assert_eq!(e.kind(), gongkai::ErrorKind::Gold);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The library's result type.
///
/// ```
/// fn check() -> gongkai::Result<()> { Ok(()) }
/// assert!(check().is_ok());
/// ```
pub type Result<T> = std::result::Result<T, Error>;
