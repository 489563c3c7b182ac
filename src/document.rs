//! The analysed document: what every writer and the evaluation read.
//!
//! A [`Document`] holds one [`Sentence`] record per unit, in document order,
//! with its offsets into the decoded text, section path, role, tags and the
//! matches that explain every tag. Field names are the output contract
//! documented in the README: later versions add fields, never rename them.

use serde::Serialize;

use crate::Role;

/// One lexicon (or named-carrier) match that explains a tag.
///
/// ```
/// let m = gongkai::Match { term: "政务微博".into(), tag: "weibo".into(), start: 3, end: 7,
///     rule: "lexicon", counted: true, why: None };
/// let json = serde_json::to_string(&m).unwrap();
/// assert!(json.starts_with(r#"{"term":"政务微博","tag":"weibo","start":3,"end":7"#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// The lexicon term as written in the lexicon (normalised), the name, or
    /// for a `count`, the normalised text from the verb to the count.
    pub term: String,
    /// The channel or issue id it produces.
    pub tag: String,
    /// Start, in characters of the decoded document.
    pub start: usize,
    /// End, in characters of the decoded document.
    pub end: usize,
    /// `lexicon` (a term of lexicons/), `named_site` (a quoted name ending in
    /// 网, such as “雪城警网”, found anywhere in the same document) or `count`
    /// (a count after a verb of release, 发布各类信息489条: an issue entry's
    /// count rule; see [`crate::pipeline`]).
    pub rule: &'static str,
    /// False when a rule kept this match from producing its tag.
    pub counted: bool,
    /// Why an uncounted match does not count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'static str>,
}

/// One record: a sentence, heading, table or furniture line.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("r.txt", "一、概述\n开通政务微博。");
/// let s = &doc.sentences[1];
/// assert_eq!(s.sid, 2);
/// assert_eq!(s.channels, ["weibo"]);
/// assert_eq!(s.matches[0].term, "政务微博");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// 1-based number of the record within its document.
    pub sid: usize,
    /// The original text, exactly the document's characters `start..end`.
    pub text: String,
    /// Start, in characters of the decoded document.
    pub start: usize,
    /// End, in characters of the decoded document.
    pub end: usize,
    /// Headings it sits under, outermost first (shared between the records
    /// under the same headings).
    pub section: std::sync::Arc<[String]>,
    /// Its role.
    pub role: Role,
    /// Channel ids, in lexicon order.
    pub channels: Vec<String>,
    /// Issue ids, in lexicon order.
    pub issues: Vec<String>,
    /// The matches behind the tags (and uncounted ones, marked).
    pub matches: Vec<Match>,
    /// Counts, amounts and rates the sentence states (not for tables and page
    /// furniture).
    pub quantities: Vec<crate::quantity::Quantity>,
    /// Probability that the sentence is specific rather than boilerplate
    /// (the specificity model); null for `meta`, `heading` and `table`.
    pub specificity: Option<f64>,
    /// `specificity` at or above the model's threshold; null where it is null.
    pub specific: Option<bool>,
}

/// An analysed document.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("r.txt", "一、概述\n召开新闻发布会3场。\n二、存在的问题\n网站更新慢。");
/// assert_eq!(doc.count(gongkai::Role::Heading), 2);
/// assert_eq!(doc.count(gongkai::Role::Problem), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The document's name (its file name in batch runs).
    pub name: String,
    /// The encoding it was decoded from.
    pub encoding: &'static str,
    /// Number of characters of the decoded text.
    pub chars: usize,
    /// The records, in document order.
    pub sentences: Vec<Sentence>,
    /// The decoded text: every record's `start..end` indexes its characters.
    #[serde(skip)]
    pub text: String,
}

/// What a report says about itself as a whole, read from an analysed
/// [`Document`] by [`crate::Pipeline::report`]: its metadata and its mandated
/// tables. Kept apart from [`Document`] because tagging does not need it.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("r.txt", "吉林省公安厅2015年度政府信息公开工作报告\n一、概述\n开通政务微博。");
/// let report = p.report(&doc);
/// assert_eq!(report.meta.body.as_deref(), Some("吉林省公安厅"));
/// assert!(report.tables.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Issuing body, level, province, year, period, format …
    pub meta: crate::meta::ReportMeta,
    /// The mandated statistical tables, when the report has them.
    pub tables: Option<crate::tables::ReportTables>,
}

impl Document {
    /// Number of records with `role`.
    ///
    /// ```
    /// let doc = gongkai::Pipeline::new().unwrap().analyze("a", "一、概述\n开通微博。");
    /// assert_eq!(doc.count(gongkai::Role::Work), 1);
    /// ```
    pub fn count(&self, role: Role) -> usize {
        self.sentences.iter().filter(|s| s.role == role).count()
    }
}
