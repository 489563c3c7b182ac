//! Writers: [`Document`]s → JSON Lines records, summary CSV rows, provenance.
//!
//! The pipeline never knows about formats; everything a batch command prints is
//! built here from the documents it returns.

use std::io::{self, Write};

use serde::Serialize;

use crate::{Document, Lexicons, Role, Sentence};

#[derive(Serialize)]
struct Record<'a> {
    doc: &'a str,
    #[serde(flatten)]
    sentence: &'a Sentence,
}

/// Writes one JSON object per record of `doc`, each on its own line, with the
/// document name as `doc`.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "开通政务微博。");
/// let mut out = Vec::new();
/// gongkai::output::write_jsonl(&mut out, &doc).unwrap();
/// let line = String::from_utf8(out).unwrap();
/// assert!(line.starts_with(r#"{"doc":"a.txt","sid":1,"text":"开通政务微博。","start":0,"end":7"#));
/// ```
pub fn write_jsonl<W: Write + ?Sized>(w: &mut W, doc: &Document) -> io::Result<()> {
    for sentence in &doc.sentences {
        serde_json::to_writer(
            &mut *w,
            &Record {
                doc: &doc.name,
                sentence,
            },
        )?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// What produced an output, for citation: the gongkai version and the hash of
/// the lexicons (and, once models exist, of the model).
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let p = gongkai::output::Provenance::new(&lex);
/// assert_eq!(p.gongkai_version, gongkai::VERSION);
/// assert_eq!(p.lexicon_hash, lex.hash());
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// `gongkai` version.
    pub gongkai_version: String,
    /// SHA-256 of the lexicon files in use.
    pub lexicon_hash: String,
}

impl Provenance {
    /// Provenance of a run with these lexicons (example above).
    pub fn new(lex: &Lexicons) -> Provenance {
        Provenance {
            gongkai_version: crate::VERSION.to_string(),
            lexicon_hash: lex.hash().to_string(),
        }
    }
}

/// The summary CSV's header: `doc`, sentence counts by role, then for every
/// channel and issue id the number of `work` and `plan` records that carry it,
/// then provenance.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let h = gongkai::output::summary_header(&lex);
/// assert_eq!(&h[..3], ["doc", "sentences", "meta"]);
/// assert!(h.contains(&"channel_weibo_work".to_string()));
/// assert!(h.contains(&"issue_fraud_plan".to_string()));
/// ```
pub fn summary_header(lex: &Lexicons) -> Vec<String> {
    let mut h = vec!["doc".to_string(), "sentences".to_string()];
    h.extend(Role::ALL.iter().map(|r| r.as_str().to_string()));
    for (prefix, family) in [("channel", &lex.channels), ("issue", &lex.issues)] {
        for id in family.ids() {
            h.push(format!("{prefix}_{id}_work"));
            h.push(format!("{prefix}_{id}_plan"));
        }
    }
    h.push("gongkai_version".into());
    h.push("lexicon_hash".into());
    h
}

/// One summary row for `doc`, in the order of [`summary_header`].
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "一、概述\n开通政务微博。\n二、下一步工作打算\n继续办好政务微博。");
/// let lex = p.lexicons();
/// let h = gongkai::output::summary_header(lex);
/// let row = gongkai::output::summary_row(&doc, lex);
/// let col = |name: &str| &row[h.iter().position(|c| c == name).unwrap()];
/// assert_eq!(col("channel_weibo_work"), "1");
/// assert_eq!(col("channel_weibo_plan"), "1");
/// assert_eq!(col("heading"), "2");
/// ```
pub fn summary_row(doc: &Document, lex: &Lexicons) -> Vec<String> {
    let mut row = vec![doc.name.clone(), doc.sentences.len().to_string()];
    row.extend(Role::ALL.iter().map(|&r| doc.count(r).to_string()));
    let count = |role: Role, id: &str, channel: bool| {
        doc.sentences
            .iter()
            .filter(|s| {
                s.role == role
                    && if channel { &s.channels } else { &s.issues }
                        .iter()
                        .any(|t| t == id)
            })
            .count()
            .to_string()
    };
    for (channel, family) in [(true, &lex.channels), (false, &lex.issues)] {
        for id in family.ids() {
            row.push(count(Role::Work, id, channel));
            row.push(count(Role::Plan, id, channel));
        }
    }
    row.push(crate::VERSION.to_string());
    row.push(lex.hash().to_string());
    row
}
