//! One [`Sentence`] → one JSON object, written straight into a byte buffer.
//!
//! The bytes are exactly those of the derived `Serialize` impls through
//! `serde_json` (the property test `record_json_equals_serde` checks it, on
//! every kind of string, number and missing field): the derive stays the
//! definition, this is the fast path `tag` writes with. It is faster because
//! a record is mostly Chinese text that needs no escaping, which is found
//! with a branch-free scan and copied whole, and because a section path,
//! shared by every record under the same headings, is escaped once.

use std::sync::Arc;

use crate::document::{Match, Sentence};
use crate::quantity::Quantity;

/// Writes records as JSON objects, remembering the last section path it
/// escaped.
#[derive(Default)]
pub(crate) struct RecordJson {
    /// The section path last written, and its JSON array.
    section: Option<(Arc<[String]>, Vec<u8>)>,
}

impl RecordJson {
    /// Appends `{` + `head` + the record's fields + `}` to `out`: `head` is
    /// written as given, before the first field (`"doc":"…",` in `tag`).
    pub(crate) fn write(&mut self, out: &mut Vec<u8>, head: &[u8], s: &Sentence) {
        out.push(b'{');
        out.extend_from_slice(head);
        out.extend_from_slice(b"\"sid\":");
        int(out, s.sid);
        out.extend_from_slice(b",\"text\":");
        string(out, &s.text);
        span(out, s.start, s.end);
        out.extend_from_slice(b",\"section\":");
        match &self.section {
            Some((path, json)) if Arc::ptr_eq(path, &s.section) => out.extend_from_slice(json),
            _ => {
                let mut json = Vec::new();
                strings(&mut json, &s.section);
                out.extend_from_slice(&json);
                self.section = Some((s.section.clone(), json));
            }
        }
        out.extend_from_slice(b",\"role\":\"");
        out.extend_from_slice(s.role.as_str().as_bytes());
        out.extend_from_slice(b"\",\"channels\":");
        strings(out, &s.channels);
        out.extend_from_slice(b",\"issues\":");
        strings(out, &s.issues);
        out.extend_from_slice(b",\"matches\":[");
        for (i, m) in s.matches.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match_object(out, m);
        }
        out.extend_from_slice(b"],\"quantities\":[");
        for (i, q) in s.quantities.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            quantity_object(out, q);
        }
        out.extend_from_slice(b"],\"specificity\":");
        match s.specificity {
            Some(x) => float(out, x),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"specific\":");
        match s.specific {
            Some(b) => boolean(out, b),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
}

fn match_object(out: &mut Vec<u8>, m: &Match) {
    out.extend_from_slice(b"{\"term\":");
    string(out, &m.term);
    out.extend_from_slice(b",\"tag\":");
    string(out, &m.tag);
    span(out, m.start, m.end);
    out.extend_from_slice(b",\"rule\":");
    string(out, m.rule);
    out.extend_from_slice(b",\"counted\":");
    boolean(out, m.counted);
    if let Some(why) = m.why {
        out.extend_from_slice(b",\"why\":");
        string(out, why);
    }
    out.push(b'}');
}

fn quantity_object(out: &mut Vec<u8>, q: &Quantity) {
    out.extend_from_slice(b"{\"value\":");
    float(out, q.value);
    if let Some(upper) = q.upper {
        out.extend_from_slice(b",\"upper\":");
        float(out, upper);
    }
    out.extend_from_slice(b",\"unit\":");
    string(out, &q.unit);
    out.extend_from_slice(b",\"approx\":");
    boolean(out, q.approx);
    out.extend_from_slice(b",\"channel\":");
    match &q.channel {
        Some(c) => string(out, c),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"what\":");
    string(out, &q.what);
    span(out, q.start, q.end);
    out.push(b'}');
}

/// `,"start":…,"end":…`, as every record, match and quantity has them.
fn span(out: &mut Vec<u8>, start: usize, end: usize) {
    out.extend_from_slice(b",\"start\":");
    int(out, start);
    out.extend_from_slice(b",\"end\":");
    int(out, end);
}

fn int(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// As serde_json: shortest round-trip form (the same `zmij` formatter),
/// `null` for NaN and infinities.
fn float(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn strings(out: &mut Vec<u8>, items: &[String]) {
    out.push(b'[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, s);
    }
    out.push(b']');
}

/// A JSON string, escaped as serde_json escapes it: `"` `\` and control
/// characters only (`\b \t \n \f \r`, else `\u00xx` in lower-case hex).
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
    } else {
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                b'\t' => b't',
                b'\n' => b'n',
                0x0C => b'f',
                b'\r' => b'r',
                0x00..=0x1F => b'u',
                _ => continue,
            };
            out.extend_from_slice(&bytes[run..i]);
            run = i + 1;
            out.extend_from_slice(&[b'\\', short]);
            if short == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[
                    b'0',
                    b'0',
                    HEX[(b >> 4) as usize],
                    HEX[(b & 15) as usize],
                ]);
            }
        }
        out.extend_from_slice(&bytes[run..]);
    }
    out.push(b'"');
}

/// Whether any byte must be escaped; no early exit within a chunk, so the
/// compiler can test a chunk's bytes together.
fn needs_escape(bytes: &[u8]) -> bool {
    let special = |b: &u8| (*b < 0x20) | (*b == b'"') | (*b == b'\\');
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |any, b| any | special(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(special)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;
    use proptest::prelude::*;

    /// The derived serialisation, the definition this writer must equal.
    fn serde_bytes(head: &[u8], s: &Sentence) -> Vec<u8> {
        let json = serde_json::to_vec(s).unwrap();
        let mut out = vec![b'{'];
        out.extend_from_slice(head);
        out.extend_from_slice(&json[1..]);
        out
    }

    fn text() -> impl Strategy<Value = String> {
        // Chinese, ASCII with quotes and backslashes, every control character.
        prop_oneof![
            "[政务微博公开信息条\"\\\\a-z0-9 ]{0,40}",
            "[\\x00-\\x1f\\x7f\"\\\\é公]{0,12}",
            any::<String>(),
        ]
    }

    fn float() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            (0u32..10_000).prop_map(|n| f64::from(n) / 10_000.0),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            Just(1e21),
            Just(5e-324),
        ]
    }

    prop_compose! {
        fn a_match()(term in text(), tag in text(), start in any::<usize>(), end in any::<usize>(),
                     counted in any::<bool>(), why in proptest::option::of(Just("contact details: no channel")))
                     -> Match {
            Match { term, tag, start, end, rule: "named_site", counted, why }
        }
    }

    prop_compose! {
        fn a_quantity()(value in float(), upper in proptest::option::of(float()), unit in text(),
                        approx in any::<bool>(), channel in proptest::option::of(text()),
                        what in text(), start in any::<usize>(), end in any::<usize>()) -> Quantity {
            Quantity { value, upper, unit, approx, channel, what, start, end }
        }
    }

    prop_compose! {
        fn a_sentence()(sid in any::<usize>(), text in text(), start in any::<usize>(), end in any::<usize>(),
                        section in proptest::collection::vec(text(), 0..3),
                        role in proptest::sample::select(Role::ALL.to_vec()),
                        channels in proptest::collection::vec(text(), 0..3),
                        issues in proptest::collection::vec(text(), 0..3),
                        matches in proptest::collection::vec(a_match(), 0..3),
                        quantities in proptest::collection::vec(a_quantity(), 0..3),
                        specificity in proptest::option::of(float()),
                        specific in proptest::option::of(any::<bool>())) -> Sentence {
            Sentence { sid, text, start, end, section: section.into(), role, channels, issues,
                       matches, quantities, specificity, specific }
        }
    }

    proptest! {
        #[test]
        fn record_json_equals_serde(records in proptest::collection::vec(a_sentence(), 1..4)) {
            let head = b"\"doc\":\"a\\\"b.txt\",";
            let mut writer = RecordJson::default();
            for s in &records {
                // Twice: the second time the section comes from the cache.
                for _ in 0..2 {
                    let mut out = Vec::new();
                    writer.write(&mut out, head, s);
                    let expected = serde_bytes(head, s);
                    prop_assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&expected));
                }
            }
        }
    }

    #[test]
    fn pipeline_records_equal_serde() {
        let p = crate::Pipeline::new().unwrap();
        let text = include_str!("../../examples/sample_report.txt");
        let doc = p.analyze("sample_report.txt", text);
        let mut writer = RecordJson::default();
        let mut quantities = 0;
        for s in &doc.sentences {
            let mut out = Vec::new();
            writer.write(&mut out, b"", s);
            assert_eq!(out, serde_bytes(b"", s), "record {}", s.sid);
            quantities += s.quantities.len();
        }
        // The sample exercises quantities and shared section paths.
        assert!(quantities > 0 && doc.sentences.len() > 20);
    }
}
