//! Report-level indices: analysed documents → one [`ReportIndices`] per report.
//!
//! Takes every report as an analysed [`Document`] with its [`ReportMeta`] and
//! the [`Segmenter`], reduces it to a [`DocFingerprint`] (counts, the word
//! 4-gram hashes of each prose sentence, a MinHash signature of each prose
//! sentence: 15–20 KB for a report of 3,000 characters), and computes from
//! the fingerprints of a whole corpus, in input order:
//!
//! | index | what it measures | adapts |
//! |---|---|---|
//! | `hard_info_density` | quantities per 1,000 characters of `work` text | Dyer, Lang & Stice-Lawrence (2017), hard information |
//! | `boilerplate_share` | share of the report's words in sentences holding a corpus-common 4-gram | Lang & Stice-Lawrence (2015) |
//! | `redundancy` | share of the report's word 10-grams that occur more than once in it | Cazier & Pfeiffer (2015) |
//! | `copying_share`, `copied_from` | share of substantive sentences found near-verbatim in another body's report, and the report most shared with | plagiarism detection by shingling (Broder 1997) |
//! | `stickiness`, `previous_report` | share of the report's 4-grams already in the same body's report of the year before | Brown & Tucker (2011); Dyer, Lang & Stice-Lawrence (2017) |
//!
//! `docs/METHOD.md` gives every formula, threshold and the reasons for them.
//!
//! **Words** are jieba tokens (the domain dictionary, HMM off) of the compact
//! normalised text of each `work`, `problem` and `plan` sentence, without
//! punctuation tokens (tokens with no letter or digit). Headings, the preamble,
//! page furniture and tables are not prose and are left out of every index.
//!
//! **Invariants.** The same fingerprints and options give the same indices:
//! hashes are fixed (FNV-1a 64, SplitMix64 seeds), nothing is output in hash
//! map order, and ties are broken by input order. Nothing here panics on any
//! document. Fingerprints can be computed in parallel and in any process; only
//! [`compute`] needs them all.
//!
//! ```
//! use gongkai::indices::{self, DocFingerprint, Options};
//! let p = gongkai::Pipeline::new().unwrap();
//! let texts = [
//!     ("a.txt", "甲县公安局2019年政府信息公开工作年度报告\n一、主动公开情况\n全年通过门户网站发布信息389条，召开新闻发布会3场。"),
//!     ("b.txt", "乙县公安局2019年政府信息公开工作年度报告\n一、主动公开情况\n全年通过门户网站发布信息389条，召开新闻发布会3场。"),
//! ];
//! let fps: Vec<DocFingerprint> = texts.iter().map(|(name, text)| {
//!     let doc = p.analyze(name, text);
//!     DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter())
//! }).collect();
//! let out = indices::compute(&fps, &Options::default(), None);
//! assert_eq!(out[0].copying_share, Some(1.0));
//! assert_eq!(out[0].copied_from.as_deref(), Some("b.txt"));
//! assert!(out[0].hard_info_density.unwrap() > 50.0);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::meta::ReportMeta;
use crate::segment::Segmenter;
use crate::text::CleanText;
use crate::{Document, Role, Sentence, Span};

mod copying;
mod hash;
mod stats;

pub use stats::{CorpusStats, StatsBuilder};

/// Words per phrase of the boilerplate and stickiness measures (4-grams, as
/// Lang & Stice-Lawrence 2015).
///
/// ```
/// assert_eq!(gongkai::indices::NGRAM, 4);
/// ```
pub const NGRAM: usize = 4;

/// Words per phrase of the redundancy measure (10-grams, as Cazier &
/// Pfeiffer 2015).
///
/// ```
/// assert_eq!(gongkai::indices::REDUNDANCY_NGRAM, 10);
/// ```
pub const REDUNDANCY_NGRAM: usize = 10;

/// Characters per shingle of the copying measure.
///
/// ```
/// assert_eq!(gongkai::indices::SHINGLE, 5);
/// ```
pub const SHINGLE: usize = 5;

/// Values per MinHash signature of a sentence (16 bands of 6).
///
/// ```
/// assert_eq!(gongkai::indices::SIGNATURE_LEN, 96);
/// ```
pub const SIGNATURE_LEN: usize = 96;

/// A metadata field that splits the corpus into groups for the boilerplate
/// measure (phrases common among reports of the same year, level or province).
///
/// ```
/// use gongkai::indices::GroupBy;
/// assert_eq!("province".parse::<GroupBy>(), Ok(GroupBy::Province));
/// assert_eq!(serde_json::to_string(&GroupBy::Year).unwrap(), "\"year\"");
/// assert!("body".parse::<GroupBy>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// [`ReportMeta::year`] (2019).
    Year,
    /// [`ReportMeta::level`] (`county`).
    Level,
    /// [`ReportMeta::province`] (内蒙古自治区).
    Province,
}

impl GroupBy {
    /// The id used on the command line and in files.
    ///
    /// ```
    /// assert_eq!(gongkai::indices::GroupBy::Level.as_str(), "level");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Year => "year",
            GroupBy::Level => "level",
            GroupBy::Province => "province",
        }
    }
}

impl std::str::FromStr for GroupBy {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<GroupBy, String> {
        match s {
            "year" => Ok(GroupBy::Year),
            "level" => Ok(GroupBy::Level),
            "province" => Ok(GroupBy::Province),
            _ => Err(format!(
                "unknown group {s:?}: expected year, level or province"
            )),
        }
    }
}

/// Thresholds and settings of the indices. Every field has a default
/// (`docs/METHOD.md` explains each); a JSON object may give only some of them.
///
/// ```
/// use gongkai::indices::Options;
/// let o: Options = serde_json::from_str(r#"{"copy_threshold": 0.9}"#).unwrap();
/// assert_eq!(o.copy_threshold, 0.9);
/// assert_eq!(o.boilerplate_min_doc_share, 0.30);
/// assert!(o.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// A 4-gram in at least this share of the corpus's documents is
    /// boilerplate (0.30) …
    pub boilerplate_min_doc_share: f64,
    /// … or one used on average at least this many times per document (5.0) …
    pub boilerplate_min_mean_uses: f64,
    /// … unless it is in this share of documents or more (0.75): phrases
    /// nearly every report must use (the name of the regulation, the title)
    /// are not a choice of wording.
    pub boilerplate_max_doc_share: f64,
    /// Count 4-grams per group of these metadata fields (empty: the whole
    /// corpus only). A report is scored against its group's table.
    pub group_by: Vec<GroupBy>,
    /// … when its group has at least this many documents (30); else against
    /// the whole corpus.
    pub min_group_docs: usize,
    /// Counting error of the 4-gram statistics, as a share of documents
    /// (0.001): exact up to 1,000 documents; beyond that, 4-grams in fewer
    /// than `count_error × documents` documents may be forgotten to bound
    /// memory. 0 counts exactly.
    pub count_error: f64,
    /// A prose sentence is substantive (copying, sentence stickiness) from
    /// this many letters and digits (15).
    pub min_sentence_chars: usize,
    /// Two sentences are near-verbatim copies at this estimated Jaccard
    /// similarity of their 5-character shingle sets or more (0.8).
    pub copy_threshold: f64,
    /// A sentence found in more than this many reports of other bodies (50)
    /// still counts as copied, but names no source: it is common property.
    pub max_sources: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            boilerplate_min_doc_share: 0.30,
            boilerplate_min_mean_uses: 5.0,
            boilerplate_max_doc_share: 0.75,
            group_by: Vec::new(),
            min_group_docs: 30,
            count_error: 0.001,
            min_sentence_chars: 15,
            copy_threshold: 0.8,
            max_sources: 50,
        }
    }
}

impl Options {
    /// Checks that shares lie in [0, 1], that the boilerplate band is not
    /// empty and that no group field is given twice; the message names the
    /// field and its value.
    ///
    /// ```
    /// use gongkai::indices::Options;
    /// let bad = Options { boilerplate_min_doc_share: 0.8, ..Options::default() };
    /// assert!(bad.validate().unwrap_err().contains("boilerplate_min_doc_share 0.8"));
    /// ```
    pub fn validate(&self) -> std::result::Result<(), String> {
        let share = |name: &str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(format!("{name} {v} is not a share between 0 and 1"))
            }
        };
        share("boilerplate_min_doc_share", self.boilerplate_min_doc_share)?;
        share("boilerplate_max_doc_share", self.boilerplate_max_doc_share)?;
        share("count_error", self.count_error)?;
        share("copy_threshold", self.copy_threshold)?;
        if self.boilerplate_min_doc_share >= self.boilerplate_max_doc_share {
            return Err(format!(
                "boilerplate_min_doc_share {} must be below boilerplate_max_doc_share {}",
                self.boilerplate_min_doc_share, self.boilerplate_max_doc_share
            ));
        }
        if self.boilerplate_min_mean_uses.is_nan() || self.boilerplate_min_mean_uses < 0.0 {
            return Err(format!(
                "boilerplate_min_mean_uses {} is negative",
                self.boilerplate_min_mean_uses
            ));
        }
        for (i, g) in self.group_by.iter().enumerate() {
            if self.group_by[..i].contains(g) {
                return Err(format!("group_by names {} twice", g.as_str()));
            }
        }
        Ok(())
    }
}

/// What the corpus-level pass needs of one report, computed once as the
/// report streams by: its name and metadata, its counts, and for every prose
/// sentence its word 4-gram hashes and a MinHash signature. Serialisable, so
/// fingerprints can be cached on disk between the passes of a large batch.
///
/// ```
/// use gongkai::indices::DocFingerprint;
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "甲县公安局2019年政府信息公开工作年度报告\n一、概述\n全年发布信息389条。\n二、存在的问题\n网站更新不够及时。");
/// let fp = DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter());
/// assert_eq!((fp.name.as_str(), fp.body.as_deref(), fp.year), ("a.txt", Some("甲县公安局"), Some(2019)));
/// assert_eq!((fp.prose_sentences(), fp.work_quantities), (2, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocFingerprint {
    /// The document's name ([`Document::name`]).
    pub name: String,
    /// The issuing body ([`ReportMeta::body`]).
    pub body: Option<String>,
    /// The report year.
    pub year: Option<u16>,
    /// The administrative level id (`county`).
    pub level: Option<String>,
    /// The province (full name).
    pub province: Option<String>,
    /// Words of the prose sentences.
    pub words: usize,
    /// Characters (whitespace excluded) of the `work` sentences.
    pub work_chars: usize,
    /// Quantities stated in the `work` sentences.
    pub work_quantities: usize,
    /// Word 10-grams of the prose, counted over the whole report.
    pub tengrams: usize,
    /// Those 10-grams whose words occur at least twice in the report (every
    /// occurrence counts).
    pub tengrams_repeated: usize,
    sentences: Vec<SentencePrint>,
}

/// One prose sentence of a fingerprint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SentencePrint {
    sid: u32,
    words: u32,
    /// Letters and digits (punctuation and whitespace excluded).
    chars: u32,
    /// Hashes of its word 4-grams, one per occurrence, in order.
    grams: Vec<u64>,
    /// MinHash signature of its 5-character shingles (≥ 5 characters).
    minhash: Option<Box<[u8]>>,
}

fn is_prose(role: Role) -> bool {
    matches!(role, Role::Work | Role::Problem | Role::Plan)
}

/// A token is a word when it has a letter or digit (CJK ideographs count).
fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

/// The compact normalised text of a sentence, from the document's text when
/// the sentence's span lies in it (else from the sentence's own text).
fn compact_text(clean: &CleanText, s: &Sentence) -> String {
    if s.start <= s.end && s.end <= clean.len_chars() {
        clean.compact(Span::new(s.start, s.end)).text.into_owned()
    } else {
        let own = CleanText::new(&s.text);
        own.compact(Span::new(0, own.len_chars())).text.into_owned()
    }
}

fn group_key(
    by: &[GroupBy],
    year: Option<u16>,
    level: Option<&str>,
    province: Option<&str>,
) -> Option<String> {
    if by.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(by.len());
    for g in by {
        parts.push(match g {
            GroupBy::Year => year?.to_string(),
            GroupBy::Level => level?.to_string(),
            GroupBy::Province => province?.to_string(),
        });
    }
    Some(parts.join("/"))
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl DocFingerprint {
    /// Reads a report's fingerprint (example above).
    pub fn new(doc: &Document, meta: &ReportMeta, seg: &Segmenter) -> DocFingerprint {
        let clean = CleanText::new(&doc.text);
        let mut fp = DocFingerprint {
            name: doc.name.clone(),
            body: meta.body.clone(),
            year: meta.year,
            level: meta.level.map(|l| l.as_str().to_string()),
            province: meta.province.clone(),
            words: 0,
            work_chars: 0,
            work_quantities: 0,
            tengrams: 0,
            tengrams_repeated: 0,
            sentences: Vec::new(),
        };
        // Hash of every prose word, in order, for the 10-grams.
        let mut stream: Vec<u64> = Vec::new();
        let names = copying::own_names(meta.body.as_deref().unwrap_or(""));
        for s in doc.sentences.iter().filter(|s| is_prose(s.role)) {
            if s.role == Role::Work {
                fp.work_chars += s.text.chars().filter(|c| !c.is_whitespace()).count();
                fp.work_quantities += s.quantities.len();
            }
            let text = compact_text(&clean, s);
            let words: Vec<&str> = seg
                .cut(&text)
                .into_iter()
                .map(|t| t.word)
                .filter(|w| is_word(w))
                .collect();
            stream.extend(words.iter().map(|w| hash::gram_hash(&[w])));
            let letters: Vec<char> = text.chars().filter(|c| c.is_alphanumeric()).collect();
            fp.words += words.len();
            fp.sentences.push(SentencePrint {
                sid: u32::try_from(s.sid).unwrap_or(u32::MAX),
                words: u32::try_from(words.len()).unwrap_or(u32::MAX),
                chars: u32::try_from(letters.len()).unwrap_or(u32::MAX),
                grams: words.windows(NGRAM).map(hash::gram_hash).collect(),
                minhash: copying::signature(&copying::mask(&letters, &names)),
            });
        }
        let mut tens: Vec<u64> = stream
            .windows(REDUNDANCY_NGRAM)
            .map(|w| {
                let bytes: Vec<u8> = w.iter().flat_map(|h| h.to_le_bytes()).collect();
                hash::fmix64(hash::fnv1a_from(0xcbf2_9ce4_8422_2325, &bytes))
            })
            .collect();
        tens.sort_unstable();
        fp.tengrams = tens.len();
        fp.tengrams_repeated = tens
            .chunk_by(|a, b| a == b)
            .filter(|run| run.len() > 1)
            .map(<[u64]>::len)
            .sum();
        fp
    }

    /// Number of prose (`work`, `problem`, `plan`) sentences.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let doc = p.analyze("a", "一、概述\n开通政务微博。");
    /// let fp = gongkai::indices::DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter());
    /// assert_eq!(fp.prose_sentences(), 1);
    /// ```
    pub fn prose_sentences(&self) -> usize {
        self.sentences.len()
    }

    /// The report's group key under `by`: the values joined with `/`
    /// (`2019/county`); `None` when `by` is empty or a value is unknown.
    ///
    /// ```
    /// use gongkai::indices::{DocFingerprint, GroupBy};
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let doc = p.analyze("a", "鄂温克旗公安局2018年政府信息公开工作年度报告\n一、概述\n开通政务微博。");
    /// let fp = DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter());
    /// assert_eq!(fp.group_key(&[GroupBy::Year, GroupBy::Level]).as_deref(), Some("2018/county"));
    /// assert_eq!(fp.group_key(&[]), None);
    /// ```
    pub fn group_key(&self, by: &[GroupBy]) -> Option<String> {
        group_key(
            by,
            self.year,
            self.level.as_deref(),
            self.province.as_deref(),
        )
    }

    /// Distinct 4-grams with their uses, sorted by hash.
    fn gram_counts(&self) -> Vec<(u64, u32)> {
        let mut all: Vec<u64> = self
            .sentences
            .iter()
            .flat_map(|s| s.grams.iter().copied())
            .collect();
        all.sort_unstable();
        all.chunk_by(|a, b| a == b)
            .map(|run| (run[0], u32::try_from(run.len()).unwrap_or(u32::MAX)))
            .collect()
    }

    /// Distinct 4-grams, sorted.
    fn distinct_grams(&self) -> Vec<u64> {
        self.gram_counts().into_iter().map(|g| g.0).collect()
    }

    /// Substantive sentences: prose with at least `min_chars` letters and digits.
    fn substantive(&self, min_chars: usize) -> impl Iterator<Item = &[u8]> {
        self.sentences
            .iter()
            .filter(move |s| s.chars as usize >= min_chars)
            .filter_map(|s| s.minhash.as_deref())
    }
}

/// The indices of one report, with the counts behind each so that every
/// figure can be checked. Shares are in [0, 1]; an index is `None` (JSON
/// `null`, an empty CSV cell) when its denominator is zero or, for
/// stickiness, when the corpus has no report of the same body for the year
/// before.
///
/// ```
/// use gongkai::indices::{self, DocFingerprint, Options};
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "一、概述\n全年发布信息389条。");
/// let fp = DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter());
/// let r = &indices::compute(&[fp], &Options::default(), None)[0];
/// let json = serde_json::to_value(r).unwrap();
/// assert_eq!(json["doc"], "a.txt");
/// assert_eq!(json["work_quantities"], 1);
/// assert!(json["stickiness"].is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportIndices {
    /// The document's name.
    pub doc: String,
    /// Prose (`work`, `problem`, `plan`) sentences.
    pub prose_sentences: usize,
    /// Words (jieba tokens with a letter or digit) of the prose sentences.
    pub words: usize,
    /// Characters (whitespace excluded) of the `work` sentences.
    pub work_chars: usize,
    /// Quantities stated in the `work` sentences.
    pub work_quantities: usize,
    /// `work_quantities` per 1,000 `work_chars`.
    pub hard_info_density: Option<f64>,
    /// `boilerplate_words / words`.
    pub boilerplate_share: Option<f64>,
    /// Words of the prose sentences holding at least one boilerplate 4-gram.
    pub boilerplate_words: usize,
    /// Prose sentences holding at least one boilerplate 4-gram.
    pub boilerplate_sentences: usize,
    /// Distinct boilerplate 4-grams the report uses.
    pub boilerplate_phrases: usize,
    /// Documents of the table the report was scored against.
    pub boilerplate_corpus_docs: u64,
    /// The group of that table (`2019`, `2019/county`); `None`: the whole
    /// corpus.
    pub boilerplate_group: Option<String>,
    /// `sid`s of the sentences counted as boilerplate.
    pub boilerplate_sids: Vec<usize>,
    /// `tengrams_repeated / tengrams`.
    pub redundancy: Option<f64>,
    /// Word 10-grams of the prose (over the whole report).
    pub tengrams: usize,
    /// Occurrences of 10-grams found more than once in the report.
    pub tengrams_repeated: usize,
    /// `copied_sentences / substantive_sentences`.
    pub copying_share: Option<f64>,
    /// Prose sentences of at least `min_sentence_chars` letters and digits.
    pub substantive_sentences: usize,
    /// Of those, the ones found near-verbatim in a report of another body.
    pub copied_sentences: usize,
    /// `sid`s of the copied sentences.
    pub copied_sids: Vec<usize>,
    /// The report (of another body) that shares the most of them; ties go to
    /// the one that comes first in the input.
    pub copied_from: Option<String>,
    /// Sentences shared with `copied_from`.
    pub copied_from_sentences: usize,
    /// Share of the report's distinct 4-grams also in `previous_report`.
    pub stickiness: Option<f64>,
    /// Share of the report's substantive sentences found near-verbatim in
    /// `previous_report`.
    pub stickiness_sentences: Option<f64>,
    /// The same body's report of the year before (the first in the input
    /// when there are several).
    pub previous_report: Option<String>,
}

impl ReportIndices {
    /// The column names of [`ReportIndices::columns`], in order.
    ///
    /// ```
    /// let cols = gongkai::indices::ReportIndices::COLUMNS;
    /// assert_eq!(cols[0], "prose_sentences");
    /// assert!(cols.contains(&"boilerplate_share"));
    /// ```
    pub const COLUMNS: [&'static str; 22] = [
        "prose_sentences",
        "words",
        "work_chars",
        "work_quantities",
        "hard_info_density",
        "boilerplate_share",
        "boilerplate_words",
        "boilerplate_sentences",
        "boilerplate_phrases",
        "boilerplate_corpus_docs",
        "boilerplate_group",
        "redundancy",
        "tengrams",
        "tengrams_repeated",
        "copying_share",
        "substantive_sentences",
        "copied_sentences",
        "copied_from",
        "copied_from_sentences",
        "stickiness",
        "stickiness_sentences",
        "previous_report",
    ];

    /// The scalar fields as (column, value) pairs for the summary CSV (the
    /// `doc` and the `sid` lists left out); shares with six decimals, absent
    /// values empty. `stickiness_sentences` follows `stickiness`.
    ///
    /// ```
    /// use gongkai::indices::{self, DocFingerprint, Options, ReportIndices};
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let doc = p.analyze("a.txt", "一、概述\n全年发布信息389条。");
    /// let fp = DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter());
    /// let cols = indices::compute(&[fp], &Options::default(), None)[0].columns();
    /// assert_eq!(cols[0], ("prose_sentences", "1".to_string()));
    /// assert!(cols.contains(&("previous_report", String::new())));
    /// ```
    pub fn columns(&self) -> Vec<(&'static str, String)> {
        fn f(v: Option<f64>) -> String {
            v.map(|v| format!("{v:.6}")).unwrap_or_default()
        }
        fn s(v: &Option<String>) -> String {
            v.clone().unwrap_or_default()
        }
        vec![
            ("prose_sentences", self.prose_sentences.to_string()),
            ("words", self.words.to_string()),
            ("work_chars", self.work_chars.to_string()),
            ("work_quantities", self.work_quantities.to_string()),
            ("hard_info_density", f(self.hard_info_density)),
            ("boilerplate_share", f(self.boilerplate_share)),
            ("boilerplate_words", self.boilerplate_words.to_string()),
            (
                "boilerplate_sentences",
                self.boilerplate_sentences.to_string(),
            ),
            ("boilerplate_phrases", self.boilerplate_phrases.to_string()),
            (
                "boilerplate_corpus_docs",
                self.boilerplate_corpus_docs.to_string(),
            ),
            ("boilerplate_group", s(&self.boilerplate_group)),
            ("redundancy", f(self.redundancy)),
            ("tengrams", self.tengrams.to_string()),
            ("tengrams_repeated", self.tengrams_repeated.to_string()),
            ("copying_share", f(self.copying_share)),
            (
                "substantive_sentences",
                self.substantive_sentences.to_string(),
            ),
            ("copied_sentences", self.copied_sentences.to_string()),
            ("copied_from", s(&self.copied_from)),
            (
                "copied_from_sentences",
                self.copied_from_sentences.to_string(),
            ),
            ("stickiness", f(self.stickiness)),
            ("stickiness_sentences", f(self.stickiness_sentences)),
            ("previous_report", s(&self.previous_report)),
        ]
    }
}

/// Computes the indices of every report of a corpus, in input order.
///
/// The corpus is `fingerprints`: copying is searched among them, and the
/// previous year's report for stickiness. Boilerplate phrases come from
/// `reference` when given (built once with [`CorpusStats::build`] and
/// loaded with [`CorpusStats::load`]; its own grouping applies), else from
/// the 4-gram statistics of `fingerprints` themselves (grouped by
/// `opts.group_by`). Options are used as given; check them first with
/// [`Options::validate`].
///
/// ```
/// use gongkai::indices::{self, DocFingerprint, Options};
/// let p = gongkai::Pipeline::new().unwrap();
/// let fp = |name: &str, text: &str| {
///     let doc = p.analyze(name, text);
///     DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter())
/// };
/// let fps = [
///     fp("2018.txt", "甲县公安局2018年政府信息公开工作年度报告\n一、概述\n全年通过门户网站发布信息300条。"),
///     fp("2019.txt", "甲县公安局2019年政府信息公开工作年度报告\n一、概述\n全年通过门户网站发布信息300条。"),
/// ];
/// let out = indices::compute(&fps, &Options::default(), None);
/// assert_eq!(out[1].previous_report.as_deref(), Some("2018.txt"));
/// assert_eq!(out[1].stickiness, Some(1.0));
/// assert_eq!(out[1].copying_share, Some(0.0)); // the same body is not copying
/// assert_eq!(out[0].previous_report, None);
/// ```
pub fn compute(
    fingerprints: &[DocFingerprint],
    opts: &Options,
    reference: Option<&CorpusStats>,
) -> Vec<ReportIndices> {
    let built;
    let stats = match reference {
        Some(s) => s,
        None => {
            built = CorpusStats::build(fingerprints, opts);
            &built
        }
    };
    let overall = stats.overall().boilerplate(opts);
    let groups: BTreeMap<&str, Vec<u64>> = stats
        .group_tables()
        .filter(|(_, t)| t.docs >= opts.min_group_docs as u64)
        .map(|(k, t)| (k, t.boilerplate(opts)))
        .collect();
    let copying = copying::find(fingerprints, opts);
    // The first report of each (body, year).
    let mut reports: BTreeMap<(&str, u16), usize> = BTreeMap::new();
    for (i, fp) in fingerprints.iter().enumerate() {
        if let (Some(b), Some(y)) = (&fp.body, fp.year) {
            reports.entry((b.as_str(), y)).or_insert(i);
        }
    }
    fingerprints
        .iter()
        .zip(copying)
        .map(|(fp, copied)| {
            let key = fp.group_key(stats.group_by());
            let (group, table) = stats.table_for(key.as_deref(), opts.min_group_docs);
            let set = group.and_then(|g| groups.get(g)).unwrap_or(&overall);
            let is_bp = |h: &u64| set.binary_search(h).is_ok();
            let (mut bp_words, mut bp_sids) = (0, Vec::new());
            for s in &fp.sentences {
                if s.grams.iter().any(is_bp) {
                    bp_words += s.words as usize;
                    bp_sids.push(s.sid as usize);
                }
            }
            let distinct = fp.distinct_grams();
            let previous = match (&fp.body, fp.year) {
                (Some(b), Some(y)) => y
                    .checked_sub(1)
                    .and_then(|py| reports.get(&(b.as_str(), py)))
                    .map(|&j| &fingerprints[j]),
                _ => None,
            };
            let (stickiness, stickiness_sentences) = match previous {
                Some(prev) => {
                    let before = prev.distinct_grams();
                    let shared = distinct
                        .iter()
                        .filter(|h| before.binary_search(h).is_ok())
                        .count();
                    let mine: Vec<&[u8]> = fp.substantive(opts.min_sentence_chars).collect();
                    let theirs: Vec<&[u8]> = prev.substantive(opts.min_sentence_chars).collect();
                    let kept = mine
                        .iter()
                        .filter(|a| {
                            theirs
                                .iter()
                                .any(|b| copying::similar(a, b, opts.copy_threshold))
                        })
                        .count();
                    (ratio(shared, distinct.len()), ratio(kept, mine.len()))
                }
                None => (None, None),
            };
            let (copied_from, copied_from_sentences) = match copied.source {
                Some((j, n)) => (Some(fingerprints[j].name.clone()), n),
                None => (None, 0),
            };
            ReportIndices {
                doc: fp.name.clone(),
                prose_sentences: fp.sentences.len(),
                words: fp.words,
                work_chars: fp.work_chars,
                work_quantities: fp.work_quantities,
                hard_info_density: ratio(fp.work_quantities * 1000, fp.work_chars),
                boilerplate_share: ratio(bp_words, fp.words),
                boilerplate_words: bp_words,
                boilerplate_sentences: bp_sids.len(),
                boilerplate_phrases: distinct.iter().filter(|h| is_bp(h)).count(),
                boilerplate_corpus_docs: table.docs,
                boilerplate_group: group.map(str::to_string),
                boilerplate_sids: bp_sids,
                redundancy: ratio(fp.tengrams_repeated, fp.tengrams),
                tengrams: fp.tengrams,
                tengrams_repeated: fp.tengrams_repeated,
                copying_share: ratio(copied.copied.len(), copied.substantive),
                substantive_sentences: copied.substantive,
                copied_sentences: copied.copied.len(),
                copied_sids: copied.copied,
                copied_from,
                copied_from_sentences,
                stickiness,
                stickiness_sentences,
                previous_report: previous.map(|p| p.name.clone()),
            }
        })
        .collect()
}

/// A boilerplate phrase found in a report, for auditing the boilerplate
/// share: its words, how common it is in the table the report is scored
/// against, and the sentences that use it.
///
/// ```
/// let ph = gongkai::indices::Phrase { words: vec!["高度".into(), "重视".into(), "政府信息".into(), "公开".into()], docs: 3, uses: 4, sids: vec![2] };
/// assert_eq!(ph.words.concat(), "高度重视政府信息公开");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phrase {
    /// The four words.
    pub words: Vec<String>,
    /// Documents of the table that use it.
    pub docs: u32,
    /// Its uses in the table's documents.
    pub uses: u64,
    /// `sid`s of the report's sentences that use it.
    pub sids: Vec<usize>,
}

/// The boilerplate phrases of one report under `stats` (the same table and
/// thresholds [`compute`] would use), most common first, then in word order.
///
/// ```
/// use gongkai::indices::{self, CorpusStats, DocFingerprint, Options};
/// let p = gongkai::Pipeline::new().unwrap();
/// let stock = "我局高度重视政府信息公开工作，切实加强组织领导。";
/// let texts = [stock.to_string(), stock.to_string(), "开通政务微博。".to_string(), "召开新闻发布会3场。".to_string()];
/// let docs: Vec<_> = texts.iter().enumerate().map(|(i, t)| p.analyze(&i.to_string(), &format!("一、概述\n{t}"))).collect();
/// let fps: Vec<_> = docs.iter().map(|d| DocFingerprint::new(d, &p.report(d).meta, p.segmenter())).collect();
/// let stats = CorpusStats::build(&fps, &Options::default());
/// let phrases = indices::boilerplate_phrases(&docs[0], &p.report(&docs[0]).meta, p.segmenter(), &stats, &Options::default());
/// assert!(phrases.iter().any(|ph| ph.words.concat() == "我局高度重视政府信息公开"));
/// assert!(phrases.iter().all(|ph| ph.docs == 2 && ph.sids == [2]));
/// ```
pub fn boilerplate_phrases(
    doc: &Document,
    meta: &ReportMeta,
    seg: &Segmenter,
    stats: &CorpusStats,
    opts: &Options,
) -> Vec<Phrase> {
    let key = group_key(
        stats.group_by(),
        meta.year,
        meta.level.map(|l| l.as_str()),
        meta.province.as_deref(),
    );
    let (_, table) = stats.table_for(key.as_deref(), opts.min_group_docs);
    let set = table.boilerplate(opts);
    let clean = CleanText::new(&doc.text);
    let mut found: BTreeMap<Vec<String>, Phrase> = BTreeMap::new();
    for s in doc.sentences.iter().filter(|s| is_prose(s.role)) {
        let text = compact_text(&clean, s);
        let words: Vec<&str> = seg
            .cut(&text)
            .into_iter()
            .map(|t| t.word)
            .filter(|w| is_word(w))
            .collect();
        for w in words.windows(NGRAM) {
            let h = hash::gram_hash(w);
            if set.binary_search(&h).is_err() {
                continue;
            }
            let words: Vec<String> = w.iter().map(|x| x.to_string()).collect();
            let (docs, uses) = table
                .grams
                .binary_search_by_key(&h, |g| g.0)
                .map(|i| (table.grams[i].1, table.grams[i].2))
                .unwrap_or((0, 0));
            let ph = found.entry(words.clone()).or_insert(Phrase {
                words,
                docs,
                uses,
                sids: Vec::new(),
            });
            if ph.sids.last() != Some(&s.sid) {
                ph.sids.push(s.sid);
            }
        }
    }
    let mut out: Vec<Phrase> = found.into_values().collect();
    out.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.words.cmp(&b.words)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> &'static crate::Pipeline {
        static P: std::sync::OnceLock<crate::Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| crate::Pipeline::new().unwrap())
    }

    fn fp(name: &str, text: &str) -> DocFingerprint {
        let p = pipeline();
        let doc = p.analyze(name, text);
        DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter())
    }

    #[test]
    fn punctuation_is_not_a_word() {
        for (tok, word) in [
            ("，", false),
            ("。", false),
            ("“", false),
            ("2019", true),
            ("微博", true),
            ("a", true),
        ] {
            assert_eq!(is_word(tok), word, "{tok}");
        }
    }

    #[test]
    fn redundancy_counts_every_occurrence_of_a_repeated_tengram() {
        let once = "全年通过政务微博发布公安工作动态信息三百余条并及时回应群众关切问题。";
        let f = fp("a", &format!("一、概述\n{once}\n{once}"));
        assert!(f.tengrams > 0);
        // Every 10-gram inside a sentence repeats; those across the boundary
        // do not.
        let per = f.sentences[0].words as usize;
        assert_eq!(f.tengrams, 2 * per - REDUNDANCY_NGRAM + 1);
        assert_eq!(f.tengrams_repeated, 2 * (per - REDUNDANCY_NGRAM + 1));
        let g = fp("b", &format!("一、概述\n{once}"));
        assert_eq!(g.tengrams_repeated, 0);
    }

    #[test]
    fn group_keys_join_fields_and_need_all_of_them() {
        assert_eq!(
            group_key(
                &[GroupBy::Province, GroupBy::Year],
                Some(2019),
                None,
                Some("吉林省")
            )
            .as_deref(),
            Some("吉林省/2019")
        );
        assert_eq!(group_key(&[GroupBy::Level], Some(2019), None, None), None);
    }

    #[test]
    fn hard_info_density_counts_work_sentences_only() {
        let f = fp(
            "a",
            "一、概述\n发布信息10条。\n二、存在的问题\n还有3个网站更新慢。",
        );
        assert_eq!(f.work_quantities, 1);
        assert_eq!(f.work_chars, "发布信息10条。".chars().count());
    }

    #[test]
    fn columns_are_the_listed_columns() {
        let f = fp("a", "一、概述\n发布信息10条。");
        let r = &compute(&[f], &Options::default(), None)[0];
        let names: Vec<&str> = r.columns().iter().map(|c| c.0).collect();
        assert_eq!(names, ReportIndices::COLUMNS);
    }

    #[test]
    fn options_reject_bad_values() {
        for bad in [
            Options {
                copy_threshold: 1.5,
                ..Options::default()
            },
            Options {
                count_error: f64::NAN,
                ..Options::default()
            },
            Options {
                boilerplate_min_mean_uses: -1.0,
                ..Options::default()
            },
            Options {
                group_by: vec![GroupBy::Year, GroupBy::Year],
                ..Options::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
