//! Writers: [`Document`]s → JSON Lines records, summary CSV rows, provenance.
//!
//! The pipeline never knows about formats; everything a batch command prints is
//! built here from the documents it returns.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Report;
use crate::{Document, Role, Sentence};

#[derive(Serialize)]
struct Record<'a> {
    doc: &'a str,
    #[serde(flatten)]
    sentence: &'a Sentence,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<crate::specificity::Explanation>,
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
    write_jsonl_explained(w, doc, None)
}

/// [`write_jsonl`], with `explain` added to every scored record when a scorer
/// is given: the specificity model's features, values and contributions.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "通过政务微博发布信息389条。");
/// let mut out = Vec::new();
/// gongkai::output::write_jsonl_explained(&mut out, &doc, Some(p.scorer())).unwrap();
/// let rec: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert!(rec["explain"]["contributions"].as_array().unwrap().len() > 5);
/// ```
pub fn write_jsonl_explained<W: Write + ?Sized>(
    w: &mut W,
    doc: &Document,
    explain: Option<&crate::specificity::Scorer>,
) -> io::Result<()> {
    for sentence in &doc.sentences {
        let explanation = explain
            .filter(|_| sentence.specificity.is_some())
            .map(|scorer| scorer.explain(sentence));
        serde_json::to_writer(
            &mut *w,
            &Record {
                doc: &doc.name,
                sentence,
                explain: explanation,
            },
        )?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// What produced an output, for citation: the gongkai version and the hashes
/// of the lexicons and of the specificity model.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let prov = gongkai::output::Provenance::of(&p);
/// assert_eq!(prov.gongkai_version, gongkai::VERSION);
/// assert_eq!(prov.lexicon_hash, p.lexicons().hash());
/// assert_eq!(prov.model_hash, p.model_hash());
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// `gongkai` version.
    pub gongkai_version: String,
    /// SHA-256 of the lexicon files in use.
    pub lexicon_hash: String,
    /// SHA-256 of the specificity model in use.
    pub model_hash: String,
}

impl Provenance {
    /// Provenance of a run with this pipeline (example above).
    pub fn of(p: &crate::Pipeline) -> Provenance {
        Provenance {
            gongkai_version: crate::VERSION.to_string(),
            lexicon_hash: p.lexicons().hash().to_string(),
            model_hash: p.model_hash().to_string(),
        }
    }
}

/// The summary CSV's header: `doc`, sentence counts by role, then for every
/// channel and issue id the number of `work` and `plan` records that carry it,
/// then report metadata, figures of the requests table, the status of every
/// check (`check_<id>`), the report's specificity index, the corpus-level
/// indices of [`crate::indices::ReportIndices::COLUMNS`], then provenance.
/// `check_in_force_carryover` and the corpus-level indices are left empty by
/// [`summary_row`] and filled by batch commands, which see the whole corpus.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let h = gongkai::output::summary_header(&p);
/// assert_eq!(&h[..3], ["doc", "sentences", "meta"]);
/// assert!(h.contains(&"channel_weibo_work".to_string()));
/// assert!(h.contains(&"issue_fraud_plan".to_string()));
/// ```
pub fn summary_header(p: &crate::Pipeline) -> Vec<String> {
    let lex = p.lexicons();
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
    h.extend(SPECIFICITY_COLUMNS.iter().map(|c| c.to_string()));
    h.extend(
        crate::indices::ReportIndices::COLUMNS
            .iter()
            .map(|c| c.to_string()),
    );
    h.push("gongkai_version".into());
    h.push("lexicon_hash".into());
    h.push("model_hash".into());
    h
}

/// Report-level specificity (docs/METHOD.md): `specificity_index`, the share
/// of `specific` among `work`, `problem` and `plan` sentences; and
/// `mean_specificity`, the mean of their `specificity`; over `scored_sentences`.
const SPECIFICITY_COLUMNS: [&str; 3] =
    ["specificity_index", "mean_specificity", "scored_sentences"];

/// (specificity index, mean specificity, sentences scored) of a document;
/// `None` for the first two when no sentence was scored.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "一、概述\n通过政务微博发布信息389条。\n高度重视，进一步加强领导，不断完善机制。");
/// let (index, mean, n) = gongkai::output::specificity_index(&doc);
/// assert_eq!(n, 2);
/// assert_eq!(index, Some(0.5));
/// assert!(mean.unwrap() > 0.0);
/// ```
pub fn specificity_index(doc: &Document) -> (Option<f64>, Option<f64>, usize) {
    let scored: Vec<(f64, bool)> = doc
        .sentences
        .iter()
        .filter_map(|s| Some((s.specificity?, s.specific?)))
        .collect();
    if scored.is_empty() {
        return (None, None, 0);
    }
    let n = scored.len() as f64;
    let share = scored.iter().filter(|s| s.1).count() as f64 / n;
    let mean = scored.iter().map(|s| s.0).sum::<f64>() / n;
    (Some(round4(share)), Some(round4(mean)), scored.len())
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
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
/// let h = gongkai::output::summary_header(&p);
/// let row = gongkai::output::summary_row(&doc, &p.report(&doc), &p);
/// let col = |name: &str| &row[h.iter().position(|c| c == name).unwrap()];
/// assert_eq!(col("channel_weibo_work"), "1");
/// assert_eq!(col("channel_weibo_plan"), "1");
/// assert_eq!(col("heading"), "2");
/// ```
pub fn summary_row(doc: &Document, report: &Report, p: &crate::Pipeline) -> Vec<String> {
    let lex = p.lexicons();
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
    let (index, mean, n) = specificity_index(doc);
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    row.extend([opt(index), opt(mean), n.to_string()]);
    // Corpus-level indices: filled by batch commands (see `crate::indices`).
    row.extend(
        crate::indices::ReportIndices::COLUMNS
            .iter()
            .map(|_| String::new()),
    );
    row.push(crate::VERSION.to_string());
    row.push(lex.hash().to_string());
    row.push(p.model_hash().to_string());
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
