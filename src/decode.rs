//! Decoding: bytes → [`SourceText`].
//!
//! Takes the raw bytes of one file and gives its text and the encoding it was
//! read in. Today: UTF-8 with or without a byte-order mark. This is the seam
//! where detection of other encodings (GBK, UTF-16, Big5) plugs in; every later
//! stage only sees `SourceText`. The BOM is not part of the text, so offsets in
//! every output count characters of the text *after* it.

use crate::error::{Error, ErrorKind, Result};

/// A decoded document: the text exactly as published, and how it was read.
///
/// ```
/// let src = gongkai::decode::decode("\u{feff}公开".as_bytes()).unwrap();
/// assert_eq!(src.text, "公开");
/// assert_eq!(src.encoding, "UTF-8-BOM");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The decoded text, without any byte-order mark.
    pub text: String,
    /// The encoding the bytes were read in (`UTF-8` or `UTF-8-BOM`).
    pub encoding: &'static str,
}

/// Decodes a document's bytes.
///
/// Fails with [`ErrorKind::Decode`] on empty input, on input that is not valid
/// UTF-8 (naming the byte offset), and on binary data (NUL bytes).
///
/// ```
/// use gongkai::decode::decode;
/// assert_eq!(decode("一、概述".as_bytes()).unwrap().encoding, "UTF-8");
/// assert!(decode(&[0xff, 0xfe, 0x00]).is_err());
/// assert!(decode(b"").is_err());
/// ```
pub fn decode(bytes: &[u8]) -> Result<SourceText> {
    let (body, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, "UTF-8-BOM"),
        None => (bytes, "UTF-8"),
    };
    if body.is_empty() {
        return Err(Error::new(ErrorKind::Decode, "empty document"));
    }
    if body.contains(&0) {
        return Err(Error::new(
            ErrorKind::Decode,
            "binary data (NUL bytes), not text",
        ));
    }
    match std::str::from_utf8(body) {
        Ok(text) if text.chars().all(char::is_whitespace) => Err(Error::new(
            ErrorKind::Decode,
            "empty document (whitespace only)",
        )),
        Ok(text) => Ok(SourceText {
            text: text.to_owned(),
            encoding,
        }),
        Err(e) => Err(Error::new(
            ErrorKind::Decode,
            format!(
                "not valid UTF-8 at byte {} (other encodings are not supported yet)",
                e.valid_up_to()
            ),
        )),
    }
}
