//! Writers: [`Document`]s → JSON Lines records, summary CSV rows, provenance.
//!
//! The pipeline never knows about formats; everything a batch command prints is
//! built here from the documents it returns.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Report;
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
/// then report metadata, figures of the requests table, the status of every
/// check (`check_<id>`), then provenance. `check_in_force_carryover` is left
/// empty by [`summary_row`] and filled by batch commands, which see the whole
/// corpus.
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
    h.extend(meta_columns(&crate::meta::ReportMeta::default()).map(|(k, _)| k.to_string()));
    h.extend(TABLE_COLUMNS.iter().map(|(k, _, _)| k.to_string()));
    h.extend(CHECK_IDS.iter().map(|id| format!("check_{id}")));
    h.push("gongkai_version".into());
    h.push("lexicon_hash".into());
    h
}

/// Metadata columns of the summary: every [`crate::meta::ReportMeta::columns`]
/// except its record counts, which the role columns already give.
fn meta_columns(m: &crate::meta::ReportMeta) -> impl Iterator<Item = (&'static str, String)> {
    m.columns()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "records" | "sentences"))
}

/// Table figures in the summary: column name, requests-table row, column.
const TABLE_COLUMNS: [(&str, &str, &str); 5] = [
    ("requests_new", crate::tables::Requests::NEW, "总计"),
    (
        "requests_carried_over",
        crate::tables::Requests::CARRIED_OVER,
        "总计",
    ),
    (
        "requests_granted",
        "三、本年度办理结果/(一)予以公开",
        "总计",
    ),
    (
        "requests_handled",
        crate::tables::Requests::OUTCOMES_TOTAL,
        "总计",
    ),
    (
        "requests_carried_forward",
        crate::tables::Requests::CARRIED_FORWARD,
        "总计",
    ),
];

/// Ids of every check, in summary order: the arithmetic checks of
/// [`crate::tables::checks`], then [`crate::crosscheck::text_vs_table`] and
/// [`crate::crosscheck::in_force_carryover`].
///
/// ```
/// assert_eq!(gongkai::output::CHECK_IDS.len(), 6);
/// ```
pub const CHECK_IDS: [&str; 6] = [
    "requests_balance",
    "requests_outcomes_sum",
    "requests_columns_sum",
    "review_blocks_sum",
    "text_vs_table",
    "in_force_carryover",
];

/// Every check of one document on its own: the arithmetic checks of its
/// tables and the prose-against-table check. The carry-over check needs the
/// previous year's report and is run by the batch commands
/// ([`crate::crosscheck::carryover_for_batch`]).
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", include_str!("../tests/data/tables/2021_lines.txt"));
/// let checks = gongkai::output::document_checks(&doc, &p.report(&doc));
/// assert_eq!(checks.len(), 5);
/// assert_eq!(checks[0].id, "requests_balance");
/// ```
pub fn document_checks(doc: &Document, report: &Report) -> Vec<crate::tables::Check> {
    let empty = crate::tables::ReportTables::default();
    let mut checks = crate::tables::checks(report.tables.as_ref().unwrap_or(&empty));
    checks.push(crate::crosscheck::text_vs_table(doc, report));
    checks
}

/// The `tables` record of a document: the tables keyed as the template (see
/// [`crate::tables::ReportTables::to_json`]; sections are null when absent)
/// and `checks`: [`document_checks`].
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", include_str!("../tests/data/tables/2021_lines.txt"));
/// let rec = gongkai::output::tables_record(&doc, &p.report(&doc));
/// assert_eq!(rec["doc"], "a.txt");
/// assert_eq!(rec["checks"][0]["status"], "pass");
/// ```
pub fn tables_record(doc: &Document, report: &Report) -> serde_json::Value {
    let empty = crate::tables::ReportTables::default();
    let mut v = report.tables.as_ref().unwrap_or(&empty).to_json(&doc.name);
    if let Some(m) = v.as_object_mut() {
        m.insert(
            "checks".into(),
            serde_json::to_value(document_checks(doc, report)).unwrap_or_default(),
        );
    }
    v
}

/// One summary row for `doc`, in the order of [`summary_header`].
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "一、概述\n开通政务微博。\n二、下一步工作打算\n继续办好政务微博。");
/// let lex = p.lexicons();
/// let h = gongkai::output::summary_header(lex);
/// let row = gongkai::output::summary_row(&doc, &p.report(&doc), lex);
/// let col = |name: &str| &row[h.iter().position(|c| c == name).unwrap()];
/// assert_eq!(col("channel_weibo_work"), "1");
/// assert_eq!(col("channel_weibo_plan"), "1");
/// assert_eq!(col("heading"), "2");
/// ```
pub fn summary_row(doc: &Document, report: &Report, lex: &Lexicons) -> Vec<String> {
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
    row.extend(meta_columns(&report.meta).map(|(_, v)| v));
    for (_, r, c) in TABLE_COLUMNS {
        let v = report.tables.as_ref().and_then(|t| t.requests_value(r, c));
        row.push(v.map(|n| n.to_string()).unwrap_or_default());
    }
    for check in document_checks(doc, report) {
        row.push(status_str(check.status).to_string());
    }
    // Filled by batch commands, which see the previous year's report.
    row.push(String::new());
    row.push(crate::VERSION.to_string());
    row.push(lex.hash().to_string());
    row
}

/// The name of a check status as in JSON (`pass`, `fail`, `incomplete`,
/// `not_applicable`).
///
/// ```
/// assert_eq!(gongkai::output::status_str(gongkai::tables::Status::NotApplicable), "not_applicable");
/// ```
pub fn status_str(s: crate::tables::Status) -> &'static str {
    use crate::tables::Status;
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Incomplete => "incomplete",
        Status::NotApplicable => "not_applicable",
    }
}
