//! Decoding: bytes → [`SourceText`].
//!
//! Takes the raw bytes of one file and gives its text and the encoding it was
//! read in; every later stage only sees `SourceText`. The encoding is
//! detected, never assumed:
//!
//! | bytes | `encoding` |
//! |---|---|
//! | UTF-8 with a byte-order mark | `UTF-8-BOM` |
//! | UTF-16 with a byte-order mark | `UTF-16LE`, `UTF-16BE` |
//! | Chinese text in UTF-16 without one | `UTF-16LE`, `UTF-16BE` |
//! | valid UTF-8 | `UTF-8` |
//! | GB2312, GBK or GB18030 | `GB18030` |
//! | Big5 | `Big5` |
//!
//! A byte-order mark decides. Without one, bytes that hold NUL bytes (which
//! no other supported encoding has) and pair up as Chinese UTF-16 (at least
//! 95% of the 16-bit units ideographs, CJK or full-width punctuation, or
//! ASCII with a zero byte, and at least 20% ideographs) and decode as such
//! are UTF-16; bytes that are valid UTF-8 are
//! UTF-8 (a few GBK characters can happen to be valid UTF-8 — 某 alone is the
//! bytes of ĳ — but a report is long enough that this does not happen).
//! Otherwise the bytes are tried as the Chinese legacy encodings: one
//! declared in the first 4 KB (`<meta charset=gbk>`, `charset=big5`) if the
//! bytes decode in it without error; GB18030 if they decode without error and
//! at least 90% of the double-byte characters lie in the GB2312 area
//! (simplified Chinese; Big5 text has about 40% outside it); else the guess of
//! `chardetng` (Firefox's detector, on the first 128 KB): GBK-family bytes are read with the GB18030 decoder (a superset
//! of GB2312 and GBK, so all three are recorded as `GB18030`), Big5 only when
//! the detector says Big5 and the bytes decode as Big5 without error. When the
//! detector guesses neither (a few Chinese characters in much ASCII can look
//! like a Western encoding), GB18030 is still taken if it decodes without
//! error and at least half of its double-byte characters have a second byte
//! of 0x80 or more (true of all GB2312 and most GBK characters, and of almost
//! no Western text misread as GB18030).
//!
//! **Broken UTF-8 is an error, not replaced:** a file in which at least four
//! of every five non-ASCII bytes form valid UTF-8 is UTF-8 with damage (a
//! truncated download, a stray byte), and is reported as
//! `not valid UTF-8 at byte N` rather than decoded with U+FFFD or misread as
//! GBK. Nothing is ever decoded with replacement characters, so a text either
//! is what the file says or the file is named as unreadable.
//!
//! Also errors, each with a one-line reason: empty and whitespace-only files,
//! binary data (NUL bytes outside UTF-16; PDF, Office, archive and image files
//! are named by their signature), UTF-32, malformed UTF-16, and bytes that are
//! not valid in any of the encodings above.
//!
//! The BOM is not part of the text, so offsets in every output count
//! characters of the text *after* it. An HTML page (by its name or its first
//! bytes, [`is_html`]) is read as its visible text by [`decode_document`]
//! ([`crate::html`]); [`decode`] itself never looks at markup.

use std::borrow::Cow;

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, ErrorKind, Result};

/// A decoded document: the text exactly as published, and how it was read.
///
/// ```
/// let src = gongkai::decode::decode("\u{feff}公开".as_bytes()).unwrap();
/// assert_eq!(src.text, "公开");
/// assert_eq!(src.encoding, "UTF-8-BOM");
/// assert!(!src.html);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The decoded text, without any byte-order mark; for an HTML page read
    /// by [`decode_document`], its visible text.
    pub text: String,
    /// The encoding the bytes were read in: `UTF-8`, `UTF-8-BOM`, `UTF-16LE`,
    /// `UTF-16BE`, `GB18030` or `Big5`.
    pub encoding: &'static str,
    /// True when `text` is the visible text of an HTML page, not the file's
    /// characters.
    pub html: bool,
}

/// Decodes a document's bytes, detecting the encoding (see the module doc).
///
/// Fails with [`ErrorKind::Decode`] and a one-line reason on empty or
/// whitespace-only input, binary data, broken UTF-8 (naming the byte offset)
/// and bytes that no supported encoding reads.
///
/// ```
/// use gongkai::decode::decode;
/// assert_eq!(decode("一、概述".as_bytes()).unwrap().encoding, "UTF-8");
/// // 公开 in GBK, and in UTF-16LE with its byte-order mark.
/// let gbk = decode(b"\xb9\xab\xbf\xaa").unwrap();
/// assert_eq!((gbk.text.as_str(), gbk.encoding), ("公开", "GB18030"));
/// assert_eq!(decode(b"\xff\xfe\x6c\x51\x00\x5f").unwrap().encoding, "UTF-16LE");
/// // Damaged UTF-8 is named, not repaired.
/// let err = decode(&"政府信息公开".as_bytes()[..17]).unwrap_err();
/// assert!(err.to_string().contains("not valid UTF-8 at byte 15"));
/// assert!(decode(b"").is_err());
/// assert!(decode(b"%PDF-1.7\n").unwrap_err().to_string().contains("PDF"));
/// ```
pub fn decode(bytes: &[u8]) -> Result<SourceText> {
    if bytes.is_empty() {
        return Err(fail("empty document (0 bytes)"));
    }
    if bytes.starts_with(b"\xFF\xFE\x00\x00") || bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(fail("UTF-32 text (byte-order mark), not supported"));
    }
    for (bom, encoding, name) in [
        (&b"\xEF\xBB\xBF"[..], UTF_8, "UTF-8-BOM"),
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(body) = bytes.strip_prefix(bom) {
            if body.is_empty() {
                return Err(fail("empty document (only a byte-order mark)"));
            }
            if encoding == UTF_8 {
                check_binary(body)?;
            }
            let text = strict(encoding, body).map_err(|at| {
                fail(format!(
                    "not valid {} at byte {} (after its byte-order mark)",
                    encoding.name(),
                    at + bom.len()
                ))
            })?;
            return finish(text.into_owned(), name);
        }
    }
    if let Err(binary) = check_binary(bytes) {
        // Text in any other encoding has no NUL byte: only bytes that would
        // be binary for them may be UTF-16 without a byte-order mark (ASCII
        // letters, paired up, look like ideographs). Named file types
        // (PDF, ZIP …) were ruled out first.
        if let Some((encoding, name)) = bomless_utf16(bytes)
            && let Ok(text) = strict(encoding, bytes)
        {
            return finish(text.into_owned(), name);
        }
        return Err(binary);
    }
    // Nearly every file is valid UTF-8: checked fast, and read again by std
    // (which says where it breaks) only when it is not.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return finish(text.to_owned(), "UTF-8");
    }
    let profile = Utf8Profile::of(bytes);
    if profile.mostly_utf8() {
        return Err(fail(format!(
            "not valid UTF-8 at byte {} ({} invalid byte{} in otherwise UTF-8 text)",
            profile.first_bad,
            profile.bad,
            if profile.bad == 1 { "" } else { "s" }
        )));
    }
    if let Some(declared) = declared_charset(bytes)
        && let Ok(text) = strict(declared, bytes)
    {
        return finish(text.into_owned(), name_of(declared));
    }
    // Simplified Chinese in GBK, the common case, without the detector (which
    // reads about 10 MB/s): GB2312 characters throughout. Big5 text has
    // second bytes below 0xA1 in about 40% of its characters.
    if mostly_gb2312(bytes)
        && let Ok(text) = strict(GB18030, bytes)
    {
        return finish(text.into_owned(), "GB18030");
    }
    // Otherwise the detector decides; its first 128 KB decide as well as all.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let head = &bytes[..bytes.len().min(128 * 1024)];
    detector.feed(head, head.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let candidate = if guess == BIG5 { BIG5 } else { GB18030 };
    match strict(candidate, bytes) {
        Ok(text)
            if guess == BIG5
                || guess == encoding_rs::GBK
                || guess == GB18030
                || (candidate == GB18030 && looks_like_gbk(bytes)) =>
        {
            finish(text.into_owned(), name_of(candidate))
        }
        Ok(_) => Err(fail(format!(
            "not valid UTF-8 (at byte {}) and not recognisably GB18030/GBK or Big5 \
             (it looks like {})",
            profile.first_bad,
            guess.name()
        ))),
        Err(at) => Err(fail(format!(
            "not valid UTF-8 (at byte {}), {} (at byte {at}) or any supported encoding",
            profile.first_bad,
            name_of(candidate)
        ))),
    }
}

/// Decodes a named document: [`decode`], then, when [`is_html`] says the
/// document is a web page, its visible text ([`crate::html::visible_text`]),
/// with [`SourceText::html`] set. A page with no visible text is an error.
///
/// ```
/// use gongkai::decode::decode_document;
/// let page = "<html><body><script>x()</script><p>开通政务微博。</p></body></html>";
/// let src = decode_document("report.html", page.as_bytes()).unwrap();
/// assert_eq!((src.text.as_str(), src.encoding, src.html), ("开通政务微博。", "UTF-8", true));
/// // Plain text is left as it is, whatever its name.
/// assert_eq!(decode_document("a.txt", "<公开>".as_bytes()).unwrap().text, "<公开>");
/// assert!(decode_document("empty.htm", b"<html><script>x</script></html>").is_err());
/// ```
pub fn decode_document(name: &str, bytes: &[u8]) -> Result<SourceText> {
    let mut source = decode(bytes)?;
    if is_html(name, &source.text) {
        source.text = crate::html::visible_text(&source.text);
        source.html = true;
        if source.text.chars().all(char::is_whitespace) {
            return Err(fail("HTML page with no visible text"));
        }
    }
    Ok(source)
}

/// Is a document a web page? Yes when its name ends in `.html`, `.htm`,
/// `.shtml` or `.xhtml` (any case), or when its text starts (after
/// whitespace) with `<` and its first 1,024 bytes hold `<!doctype html`,
/// `<html`, `<head`, `<body`, `<meta`, `<div`, `<p>`, `<p ` or `<table`
/// (any case): saved pages and HTML fragments saved as `.txt`.
///
/// ```
/// use gongkai::decode::is_html;
/// assert!(is_html("2021/report.SHTML", "公开"));
/// assert!(is_html("page.txt", "\n<!DOCTYPE html><html><body>公开</body></html>"));
/// assert!(is_html("-", "<!-- saved from url=(0042) --><html>"));
/// assert!(!is_html("report.txt", "一、总体情况 <html> 标签"));
/// assert!(!is_html("report.txt", "<公开>"));
/// ```
pub fn is_html(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if [".html", ".htm", ".shtml", ".xhtml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return true;
    }
    let start = text.trim_start();
    if !start.starts_with('<') {
        return false;
    }
    let head = &start.as_bytes()[..start.len().min(1024)];
    const MARKERS: [&[u8]; 9] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<div",
        b"<p>",
        b"<p ",
        b"<table",
    ];
    MARKERS
        .iter()
        .any(|m| head.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m)))
}

fn fail(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Decode, message)
}

/// The name recorded for an encoding.
fn name_of(encoding: &'static Encoding) -> &'static str {
    if encoding == BIG5 {
        "Big5"
    } else if encoding == GB18030 || encoding == encoding_rs::GBK {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Decodes without replacement; the error is the offset of the first
/// malformed byte.
fn strict<'a>(
    encoding: &'static Encoding,
    bytes: &'a [u8],
) -> std::result::Result<Cow<'a, str>, usize> {
    if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(text);
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(0),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            Err(read.saturating_sub(bad as usize + after as usize))
        }
        // Not reached: decoding failed above. Report the end.
        _ => Err(read),
    }
}

/// The text, or an error for whitespace-only text and for NUL characters
/// (binary data read as UTF-16).
fn finish(text: String, encoding: &'static str) -> Result<SourceText> {
    if text.chars().all(char::is_whitespace) {
        return Err(fail("empty document (whitespace only)"));
    }
    if text.contains('\0') {
        return Err(fail(format!(
            "binary data (NUL characters after decoding as {encoding}), not text"
        )));
    }
    Ok(SourceText {
        text,
        encoding,
        html: false,
    })
}

/// Chinese text in UTF-16 without a byte-order mark: almost every code unit
/// is an ideograph, CJK or full-width punctuation, general punctuation
/// (“ ” …) or printable ASCII (whose other byte is 0), and at least a fifth
/// are ideographs. GBK, Big5 and binary data are nowhere near that (their
/// bytes do not pair up so), so they go on to the checks below.
fn bomless_utf16(bytes: &[u8]) -> Option<(&'static Encoding, &'static str)> {
    if bytes.len() < 8 || bytes.len() % 2 != 0 {
        return None;
    }
    let plausible = |le: bool| {
        let (mut fine, mut ideographs) = (0usize, 0usize);
        for pair in bytes.chunks_exact(2) {
            let (low, high) = if le {
                (pair[0], pair[1])
            } else {
                (pair[1], pair[0])
            };
            match high {
                0x4E..=0x9F => {
                    fine += 1;
                    ideographs += 1;
                }
                0x00 if matches!(low, b'\t' | b'\n' | b'\r' | 0x20..=0x7E) => fine += 1,
                0x20 | 0x30 | 0xFF => fine += 1,
                _ => {}
            }
        }
        let units = bytes.len() / 2;
        fine * 20 >= units * 19 && ideographs * 5 >= units
    };
    if plausible(true) {
        Some((UTF_16LE, "UTF-16LE"))
    } else if plausible(false) {
        Some((UTF_16BE, "UTF-16BE"))
    } else {
        None
    }
}

/// Files that are not text, named by their signature; then NUL bytes.
fn check_binary(bytes: &[u8]) -> Result<()> {
    const SIGNATURES: [(&[u8], &str); 10] = [
        (b"%PDF-", "a PDF document"),
        (
            b"PK\x03\x04",
            "a ZIP archive (or DOCX/XLSX/ODT/OFD document)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an OLE2 document (DOC/XLS/WPS)",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    ];
    for (magic, what) in SIGNATURES {
        if bytes.starts_with(magic) {
            return Err(fail(format!("{what}, not text")));
        }
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(fail(format!("binary data (NUL byte at {at}), not text")));
    }
    Ok(())
}

/// How much of a byte string is UTF-8.
#[derive(Debug, Default)]
struct Utf8Profile {
    /// Offset of the first byte that is not valid UTF-8.
    first_bad: usize,
    /// Bytes that are not part of valid UTF-8 (counted up to
    /// [`Utf8Profile::WINDOW`] bytes past the first).
    bad: usize,
    /// Bytes of valid multi-byte UTF-8 sequences (likewise).
    good: usize,
}

impl Utf8Profile {
    /// How far past the first invalid byte the profile looks: enough to tell
    /// damaged UTF-8 from another encoding, and bounded for huge files.
    const WINDOW: usize = 1 << 20;

    fn of(bytes: &[u8]) -> Utf8Profile {
        let mut p = Utf8Profile::default();
        let mut at = 0;
        let mut first = true;
        let mut end = bytes.len();
        while at < end {
            let rest = &bytes[at..];
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    p.good += s.bytes().filter(|b| !b.is_ascii()).count();
                    break;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    p.good += rest[..valid].iter().filter(|b| !b.is_ascii()).count();
                    if first {
                        p.first_bad = at + valid;
                        end = end.min(p.first_bad.saturating_add(Self::WINDOW));
                        first = false;
                    }
                    let n = e.error_len().unwrap_or(rest.len() - valid).max(1);
                    p.bad += n;
                    at += valid + n;
                }
            }
        }
        p
    }

    /// At least four of every five non-ASCII bytes are valid UTF-8.
    fn mostly_utf8(&self) -> bool {
        self.good >= 4 * self.bad
    }
}

/// A Chinese legacy encoding declared in the first 4 KB (`charset=…`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let key = b"charset=";
    let at = head
        .windows(key.len())
        .position(|w| w.eq_ignore_ascii_case(key))?;
    let label: Vec<u8> = head[at + key.len()..]
        .iter()
        .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .copied()
        .collect();
    let encoding = Encoding::for_label(&label)?;
    (encoding == GB18030 || encoding == encoding_rs::GBK || encoding == BIG5)
        .then_some(if encoding == BIG5 { BIG5 } else { GB18030 })
}

/// The (lead, trail) bytes of every double-byte character of legacy Chinese
/// text, ASCII bytes skipped. With `skip_four_byte`, a lead byte followed by
/// a digit opens a GB18030 four-byte sequence, which is skipped whole.
fn double_bytes(bytes: &[u8], skip_four_byte: bool) -> impl Iterator<Item = (u8, u8)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let b = *bytes.get(i)?;
            if b < 0x80 {
                i += 1;
                continue;
            }
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            if skip_four_byte && (0x30..=0x39).contains(&next) {
                i += 4;
                continue;
            }
            i += 2;
            return Some((b, next));
        }
    })
}

/// At least 90% of the double-byte characters are in the GB2312 area (both
/// bytes 0xA1–0xFE, the first at most 0xF7), and there is at least one.
fn mostly_gb2312(bytes: &[u8]) -> bool {
    let (pairs, gb2312) = double_bytes(bytes, false).fold((0usize, 0usize), |(n, k), (b, next)| {
        let in_area = (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&next);
        (n + 1, k + usize::from(in_area))
    });
    pairs > 0 && gb2312 * 10 >= pairs * 9
}

/// Legacy double-byte text that looks like Chinese: at least half of its
/// double-byte characters have a second byte of 0x80 or more. Western text
/// misread as GB18030 (an accented letter followed by a plain one: `é` `s`)
/// has almost none; GB2312 characters all do, and most GBK ones. GB18030
/// four-byte sequences are not counted.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (pairs, high) = double_bytes(bytes, true).fold((0usize, 0usize), |(n, k), (_, next)| {
        (n + 1, k + usize::from(next >= 0x80))
    });
    pairs > 0 && high * 2 >= pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        let (b, _, bad) = GB18030.encode(s);
        assert!(!bad);
        b.into_owned()
    }

    fn big5(s: &str) -> Vec<u8> {
        let (b, _, bad) = BIG5.encode(s);
        assert!(!bad, "{s} is not in Big5");
        b.into_owned()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    const REPORT: &str = "某县人民政府2021年政府信息公开工作年度报告\n\
        一、总体情况\n全年通过政府网站发布信息1,215条，通过政务微博发布信息389条，\
        召开新闻发布会3场。\n二、存在的问题\n信息更新不够及时。\n";
    const TRADITIONAL: &str = "某縣人民政府2021年政府資訊公開工作年度報告\n\
        一、總體情況\n全年通過政府網站發佈資訊1,215條，通過政務微博發佈資訊389條，\
        召開新聞發佈會3場。\n二、存在的問題\n資訊更新不夠及時。\n";

    #[test]
    fn encodings_are_detected_and_named() {
        let cases: Vec<(Vec<u8>, &str, &str)> = vec![
            (REPORT.as_bytes().to_vec(), "UTF-8", REPORT),
            (
                [b"\xEF\xBB\xBF", REPORT.as_bytes()].concat(),
                "UTF-8-BOM",
                REPORT,
            ),
            (utf16(REPORT, true), "UTF-16LE", REPORT),
            (utf16(REPORT, false), "UTF-16BE", REPORT),
            // Without the byte-order mark.
            (utf16(REPORT, true)[2..].to_vec(), "UTF-16LE", REPORT),
            (utf16(REPORT, false)[2..].to_vec(), "UTF-16BE", REPORT),
            (
                utf16(TRADITIONAL, true)[2..].to_vec(),
                "UTF-16LE",
                TRADITIONAL,
            ),
            (gbk(REPORT), "GB18030", REPORT),
            (gbk(TRADITIONAL), "GB18030", TRADITIONAL),
            (big5(TRADITIONAL), "Big5", TRADITIONAL),
            // GB18030's four-byte sequences (€ is 0x80 in GBK; ㊣ and 𠀀 are four bytes).
            (gbk("公开𠀀，共3条。"), "GB18030", "公开𠀀，共3条。"),
            // A little Chinese in much ASCII.
            (
                gbk("Copyright 2021 www.example.gov.cn All Rights Reserved 版权所有"),
                "GB18030",
                "Copyright 2021 www.example.gov.cn All Rights Reserved 版权所有",
            ),
        ];
        for (bytes, encoding, text) in cases {
            let got = decode(&bytes).unwrap_or_else(|e| panic!("{encoding}: {e}"));
            assert_eq!(got.encoding, encoding, "{text}");
            assert_eq!(got.text, text);
        }
    }

    #[test]
    fn double_byte_statistics() {
        let chinese = gbk("政务公开，发布信息");
        assert!(mostly_gb2312(&chinese) && looks_like_gbk(&chinese));
        // Latin-1 text: an accented letter then a plain one.
        let western = b"caf\xe9 society, na\xefve r\xe9sum\xe9";
        assert!(!mostly_gb2312(western) && !looks_like_gbk(western));
        // A GB18030 four-byte character alone: no double-byte character to
        // judge by for the GBK test; two non-GB2312 pairs for the other.
        let four = gbk("𠀀");
        assert_eq!(four.len(), 4);
        assert!(!looks_like_gbk(&four) && !mostly_gb2312(&four));
        assert!(!mostly_gb2312(b"plain ASCII") && !looks_like_gbk(b"plain ASCII"));
    }

    #[test]
    fn declared_charset_decides_between_gbk_and_big5() {
        // 公开 as Big5 bytes are also valid GBK (and the other way round).
        let page = [
            &b"<html><head><meta charset=\"big5\"></head><body>"[..],
            &big5("政府資訊公開"),
            b"</body></html>",
        ]
        .concat();
        let got = decode(&page).unwrap();
        assert_eq!(got.encoding, "Big5");
        assert!(got.text.contains("政府資訊公開"));
        let page = [
            &b"<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">"[..],
            &gbk("政府信息公开"),
        ]
        .concat();
        assert_eq!(decode(&page).unwrap().encoding, "GB18030");
    }

    #[test]
    fn bad_inputs_name_their_reason() {
        let truncated = &REPORT.as_bytes()[..REPORT.len() - 2];
        let mut stray = REPORT.as_bytes().to_vec();
        stray.insert(22, 0xFF); // after 某县人民政府2021
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![], "empty document (0 bytes)"),
            (b" \n\t\r\n".to_vec(), "empty document (whitespace only)"),
            ("\u{3000}\n".as_bytes().to_vec(), "whitespace only"),
            (b"\xEF\xBB\xBF".to_vec(), "only a byte-order mark"),
            (b"\xFF\xFE \x00\n\x00".to_vec(), "whitespace only"),
            (
                b"\x00\x01\x02\x00PK\x03\x04".to_vec(),
                "binary data (NUL byte at 0)",
            ),
            (b"abc\x00def".to_vec(), "NUL byte at 3"),
            (b"PK\x03\x04\x14\x00".to_vec(), "ZIP archive"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00".to_vec(), "OLE2"),
            (b"\xFF\xFE\x00\x00a\x00\x00\x00".to_vec(), "UTF-32"),
            (b"\xFF\xFEa\x00\x00\x00".to_vec(), "NUL characters"),
            (
                b"\xFF\xFE\x00\xD8a\x00".to_vec(),
                "not valid UTF-16LE at byte 2",
            ),
            (b"\xFE\xFF\x00".to_vec(), "not valid UTF-16BE"),
            (truncated.to_vec(), "not valid UTF-8 at byte"),
            (stray, "not valid UTF-8 at byte 22 (1 invalid byte in"),
            (b"\xC3\x28".to_vec(), "not valid UTF-8 (at byte 0)"),
            (
                b"caf\xE9 cr\xE8me br\xFBl\xE9e".to_vec(),
                "GB18030 (at byte 3) or any supported encoding",
            ),
            // Valid GB18030 byte pairs, but Western text (résumés).
            (
                b"r\xE9sum\xE9s".to_vec(),
                "not recognisably GB18030/GBK or Big5 (it looks like windows-1252)",
            ),
            (b"\xFF\xFF\xFF\xFF".to_vec(), "or any supported encoding"),
        ];
        for (bytes, want) in cases {
            let err = decode(&bytes).expect_err(want);
            assert_eq!(err.kind(), ErrorKind::Decode);
            let msg = err.to_string();
            assert!(msg.contains(want), "{bytes:?}: {msg:?} lacks {want:?}");
            assert!(!msg.contains('\n'), "one line: {msg:?}");
        }
    }

    #[test]
    fn gbk_is_not_mistaken_for_broken_utf8() {
        // GBK text has few byte runs that happen to be valid UTF-8.
        let p = Utf8Profile::of(&gbk(REPORT));
        assert!(!p.mostly_utf8(), "{p:?}");
        let p = Utf8Profile::of(&gbk(&TRADITIONAL.repeat(20)));
        assert!(!p.mostly_utf8(), "{p:?}");
    }

    #[test]
    fn html_sniffing() {
        assert!(is_html("a.htm", ""));
        assert!(is_html("x", "  <HTML>"));
        assert!(is_html("x", "<div class=\"content\"><p>公开</p></div>"));
        assert!(!is_html("x", "<<政府信息公开条例>>"));
        assert!(!is_html("x.txt", "公开"));
    }
}
