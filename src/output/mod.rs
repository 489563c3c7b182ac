//! Writers: [`Document`]s → JSON Lines records, summary CSV rows, provenance.
//!
//! The pipeline never knows about formats; everything a batch command prints is
//! built here from the documents it returns.

use std::io::{self, Write};

use serde::Serialize;

use crate::document::Report;
use crate::{Document, Role};

mod record;

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
    // `doc` first (escaped once per document), the record's own fields
    // (see `record`: the derived serialisation's bytes, written faster), and
    // `explain` last.
    let mut head = b"\"doc\":".to_vec();
    record::string(&mut head, &doc.name);
    head.push(b',');
    let mut writer = record::RecordJson::default();
    let mut line = Vec::with_capacity(512);
    for sentence in &doc.sentences {
        line.clear();
        writer.write(&mut line, &head, sentence);
        // Without its closing brace, so `explain` can follow.
        w.write_all(&line[..line.len() - 1])?;
        let explanation = explain
            .filter(|_| sentence.specificity.is_some())
            .map(|scorer| scorer.explain(sentence));
        if let Some(explanation) = explanation {
            w.write_all(b",\"explain\":")?;
            serde_json::to_writer(&mut *w, &explanation)?;
        }
        w.write_all(b"}\n")?;
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
/// let doc = p.analyze("a.txt", include_str!("../../tests/data/tables/2021_lines.txt"));
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
/// let doc = p.analyze("a.txt", include_str!("../../tests/data/tables/2021_lines.txt"));
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

/// Columns of the `tag` CSV, one row per record: the JSON record's fields,
/// with `section`, `channels` and `issues` joined by `;`, and `quantities`
/// and `matches` (and `explain`, with `--explain`) as compact JSON.
///
/// ```
/// assert_eq!(gongkai::output::TAG_CSV_COLUMNS[..3], ["doc", "sid", "text"]);
/// ```
pub const TAG_CSV_COLUMNS: [&str; 13] = [
    "doc",
    "sid",
    "text",
    "start",
    "end",
    "section",
    "role",
    "channels",
    "issues",
    "quantities",
    "specificity",
    "specific",
    "matches",
];

/// Writes the `tag` CSV header ([`TAG_CSV_COLUMNS`], plus `explain` when
/// `explain` is set).
///
/// ```
/// let mut out = Vec::new();
/// gongkai::output::write_tag_csv_header(&mut out, false).unwrap();
/// assert!(out.starts_with(b"doc,sid,text,start,end,section,role,"));
/// ```
pub fn write_tag_csv_header<W: Write>(w: W, explain: bool) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    let mut header = TAG_CSV_COLUMNS.to_vec();
    if explain {
        header.push("explain");
    }
    csv.write_record(header)?;
    csv.flush()
}

/// Writes one CSV row per record of `doc` (no header: see
/// [`write_tag_csv_header`]); the counterpart of [`write_jsonl_explained`].
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "一、概述\n通过政务微博、门户网站发布信息389条。");
/// let mut out = Vec::new();
/// gongkai::output::write_tag_csv(&mut out, &doc, None).unwrap();
/// let mut rows = csv::ReaderBuilder::new().has_headers(false).from_reader(&out[..]);
/// let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
/// assert_eq!(rows.len(), 2);
/// assert_eq!(&rows[1][5], "一、概述");
/// assert_eq!(&rows[1][7], "website;weibo");
/// let quantities: serde_json::Value = serde_json::from_str(&rows[1][9]).unwrap();
/// assert_eq!(quantities[0]["value"], 389.0);
/// ```
pub fn write_tag_csv<W: Write>(
    w: W,
    doc: &Document,
    explain: Option<&crate::specificity::Scorer>,
) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    for s in &doc.sentences {
        let opt = |x: Option<String>| x.unwrap_or_default();
        let mut row = vec![
            doc.name.clone(),
            s.sid.to_string(),
            s.text.clone(),
            s.start.to_string(),
            s.end.to_string(),
            s.section.join(";"),
            s.role.as_str().to_string(),
            s.channels.join(";"),
            s.issues.join(";"),
            json(&s.quantities)?,
            opt(s.specificity.map(|x| x.to_string())),
            opt(s.specific.map(|x| x.to_string())),
            json(&s.matches)?,
        ];
        if let Some(scorer) = explain {
            row.push(match s.specificity {
                Some(_) => json(&scorer.explain(s))?,
                None => String::new(),
            });
        }
        csv.write_record(&row)?;
    }
    csv.flush()
}

/// A field as compact JSON, for a CSV cell.
fn json<T: Serialize>(v: &T) -> io::Result<String> {
    serde_json::to_string(v).map_err(io::Error::other)
}

/// The `meta` CSV header: `doc`, every [`crate::meta::ReportMeta::columns`]
/// key, then `format_cues` (joined by `;`).
///
/// ```
/// let h = gongkai::output::meta_csv_header();
/// assert_eq!(h[0], "doc");
/// assert!(h.contains(&"body") && h.contains(&"year"));
/// ```
pub fn meta_csv_header() -> Vec<&'static str> {
    let mut h = vec!["doc"];
    h.extend(
        crate::meta::ReportMeta::default()
            .columns()
            .into_iter()
            .map(|(k, _)| k),
    );
    h.push("format_cues");
    h
}

/// One `meta` CSV row, in the order of [`meta_csv_header`].
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "吉林省公安厅2015年度政府信息公开工作报告\n一、概述\n开通政务微博。");
/// let row = gongkai::output::meta_csv_row(&p.report(&doc).meta);
/// let h = gongkai::output::meta_csv_header();
/// let col = |name: &str| &row[h.iter().position(|c| *c == name).unwrap()];
/// assert_eq!(col("doc"), "a.txt");
/// assert_eq!(col("body"), "吉林省公安厅");
/// assert_eq!(col("year"), "2015");
/// ```
pub fn meta_csv_row(meta: &crate::meta::ReportMeta) -> Vec<String> {
    let mut row = vec![meta.doc.clone()];
    row.extend(meta.columns().into_iter().map(|(_, v)| v));
    row.push(meta.format_cues.join(";"));
    row
}

/// Summary columns whose values stay strings in JSON even when they look
/// like numbers (names).
const SUMMARY_NAME_COLUMNS: [&str; 7] = [
    "doc",
    "title",
    "body",
    "copied_from",
    "previous_report",
    "boilerplate_group",
    "gongkai_version",
];

/// A summary row as a JSON object keyed by the header, in header order:
/// numbers where the CSV has numbers (names excepted), null where it is
/// empty, strings otherwise.
///
/// ```
/// let header = ["doc", "sentences", "body", "specificity_index"].map(String::from);
/// let row = ["2020.txt", "12", "某县公安局", ""].map(String::from);
/// let line = gongkai::output::summary_json(&header, &row);
/// assert_eq!(line, r#"{"doc":"2020.txt","sentences":12,"body":"某县公安局","specificity_index":null}"#);
/// ```
pub fn summary_json(header: &[String], row: &[String]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in header.iter().zip(row).enumerate() {
        let value = if v.is_empty() {
            serde_json::Value::Null
        } else if SUMMARY_NAME_COLUMNS.contains(&k.as_str()) {
            serde_json::Value::String(v.clone())
        } else if let Ok(n) = v.parse::<i64>() {
            n.into()
        } else if let Some(n) = v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .and_then(serde_json::Number::from_f64)
        {
            serde_json::Value::Number(n)
        } else {
            serde_json::Value::String(v.clone())
        };
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::Value::String(k.clone()).to_string());
        out.push(':');
        out.push_str(&value.to_string());
    }
    out.push('}');
    out
}

/// Columns of the `tables` CSV: the long form of a [`tables_record`], one
/// row per value.
///
/// ```
/// assert_eq!(gongkai::output::TABLES_CSV_COLUMNS, ["doc", "section", "row", "column", "value"]);
/// ```
pub const TABLES_CSV_COLUMNS: [&str; 5] = ["doc", "section", "row", "column", "value"];

/// The long form of a [`tables_record`]: one `[section, row, column, value]`
/// per value it holds. `section` is the top-level key (a template section,
/// or `checks`, which come last; `template` has no section and no row);
/// `column` the innermost key (for a list of
/// numbers, the name at the same place in its sibling `columns`); `row` the
/// keys between, joined by `/` (a check's `id`, a part's `name`). A list of
/// names (`missing`) is one value joined by `;`; null is an empty value.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", include_str!("../../tests/data/tables/2021_lines.txt"));
/// let rows = gongkai::output::tables_long(&gongkai::output::tables_record(&doc, &p.report(&doc)));
/// let find = |s: &str, r: &str, c: &str| rows.iter().find(|x| x[0].starts_with(s) && x[1] == r && x[2] == c).map(|x| x[3].clone());
/// assert_eq!(find("三、", "一、本年新收政府信息公开申请数量", "总计").as_deref(), Some("41"));
/// assert_eq!(find("二、", "第二十条第(一)项/规章", "现行有效件数").as_deref(), Some("5"));
/// assert_eq!(find("checks", "requests_balance", "status").as_deref(), Some("pass"));
/// ```
pub fn tables_long(record: &serde_json::Value) -> Vec<[String; 4]> {
    use serde_json::Value;
    fn scalar(v: &Value) -> Option<String> {
        match v {
            Value::Null => Some(String::new()),
            Value::String(s) => Some(s.clone()),
            Value::Bool(_) | Value::Number(_) => Some(v.to_string()),
            Value::Array(a) if a.iter().all(|x| !x.is_array() && !x.is_object()) => Some(
                a.iter()
                    .map(|x| scalar(x).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
            _ => None,
        }
    }
    fn walk(
        v: &Value,
        path: &mut Vec<String>,
        columns: Option<&Vec<Value>>,
        out: &mut Vec<[String; 4]>,
    ) {
        let emit = |path: &[String], value: String, out: &mut Vec<[String; 4]>| {
            if let [column] = path {
                out.push([String::new(), String::new(), column.clone(), value]);
                return;
            }
            let (section, rest) = path
                .split_first()
                .map_or(("", &[][..]), |(s, r)| (s.as_str(), r));
            let (column, row) = rest
                .split_last()
                .map_or(("", &[][..]), |(c, r)| (c.as_str(), r));
            let row: Vec<&str> = row
                .iter()
                .map(String::as_str)
                .filter(|s| !matches!(*s, "rows" | "values"))
                .collect();
            out.push([
                section.to_string(),
                row.join("/"),
                column.to_string(),
                value,
            ]);
        };
        match v {
            Value::Object(m) => {
                let cols = m.get("columns").and_then(Value::as_array).or(columns);
                for (k, x) in m {
                    if k == "columns" && path.len() == 1 {
                        continue;
                    }
                    path.push(k.clone());
                    walk(x, path, cols, out);
                    path.pop();
                }
            }
            Value::Array(a)
                if a.iter().any(|x| x.is_object() || x.is_array())
                    || (columns.is_some_and(|c| c.len() == a.len())
                        && a.iter().all(|x| !x.is_string())) =>
            {
                for (i, x) in a.iter().enumerate() {
                    let name = match (x, columns) {
                        (Value::Object(o), _) => o
                            .get("id")
                            .or_else(|| o.get("name"))
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        (_, Some(c)) if c.len() == a.len() => c[i].as_str().map(str::to_string),
                        _ => None,
                    };
                    let name = name.unwrap_or_else(|| (i + 1).to_string());
                    // A list of named objects: the name is a row, not a column.
                    path.push(name);
                    match x {
                        Value::Object(o) => {
                            for (k, y) in o {
                                if k == "id" || k == "name" {
                                    continue;
                                }
                                path.push(k.clone());
                                walk(y, path, None, out);
                                path.pop();
                            }
                        }
                        _ => walk(x, path, None, out),
                    }
                    path.pop();
                }
            }
            _ => {
                if let Some(s) = scalar(v) {
                    emit(path, s, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Value::Object(m) = record {
        // The tables first, then their checks.
        let keys = m
            .keys()
            .filter(|k| *k != "checks")
            .chain(m.keys().filter(|k| *k == "checks"));
        for k in keys {
            let v = &m[k];
            if k == "doc" {
                continue;
            }
            let mut path = vec![k.clone()];
            walk(v, &mut path, None, &mut out);
        }
    }
    out
}
