//! Corpus statistics of word 4-grams: per-4-gram document frequency and total
//! uses, overall and per group, built in one streaming pass over
//! [`DocFingerprint`]s and saved as versioned JSON.
//!
//! Counting is exact up to `count_error × documents` documents
//! ([`Options::count_error`]): with more than `1 / count_error` documents the
//! counter forgets, at the end of every block of that many documents, the
//! 4-grams too rare to matter (lossy counting, Manku & Motwani 2002), so
//! memory stays bounded however large the corpus.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use super::hash::{PassBuild, gram_hash};
use super::{DocFingerprint, GroupBy, NGRAM, Options};
use crate::error::{Error, ErrorKind, Result};

/// The `format` field of a corpus-statistics file.
const FORMAT: &str = "gongkai-corpus-stats";
/// The version of the file layout this build reads and writes.
const VERSION: u32 = 1;

/// Document frequencies and total uses of word 4-grams over a corpus: the
/// reference table of the boilerplate measure. Build it with
/// [`CorpusStats::build`] (or a [`StatsBuilder`], streaming), save it with
/// [`CorpusStats::save`], and pass it to [`super::compute`] to score new
/// reports against it.
///
/// The file is JSON: `format` (`gongkai-corpus-stats`), `version`,
/// `gongkai_version`, `ngram` (4), `count_error`, `group_by`, `overall` and
/// `groups` (group key → table); a table is `docs` and `grams`, a list of
/// `[hash, documents, uses]` sorted by hash, keeping 4-grams found in at least
/// two documents. Hashes are FNV-1a 64 of the words (see `docs/METHOD.md`).
///
/// ```
/// use gongkai::indices::{CorpusStats, DocFingerprint, Options};
/// let p = gongkai::Pipeline::new().unwrap();
/// let fps: Vec<DocFingerprint> = ["甲县公安局", "乙县公安局", "丙县公安局"].iter().map(|body| {
///     let text = format!("{body}2020年政府信息公开工作年度报告\n一、总体情况\n我局高度重视政府信息公开工作。");
///     let doc = p.analyze(body, &text);
///     DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter())
/// }).collect();
/// let stats = CorpusStats::build(&fps, &Options::default());
/// assert_eq!(stats.docs(), 3);
/// let mut json = Vec::new();
/// stats.save(&mut json).unwrap();
/// assert_eq!(CorpusStats::load(&json[..]).unwrap(), stats);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusStats {
    format: String,
    version: u32,
    gongkai_version: String,
    ngram: usize,
    count_error: f64,
    group_by: Vec<GroupBy>,
    overall: Table,
    groups: BTreeMap<String, Table>,
}

/// One frequency table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Table {
    /// Documents counted.
    pub(crate) docs: u64,
    /// `(hash, documents, uses)`, sorted by hash.
    pub(crate) grams: Vec<(u64, u32, u64)>,
}

impl Table {
    /// The 4-grams that are boilerplate under `opts`, sorted.
    pub(crate) fn boilerplate(&self, opts: &Options) -> Vec<u64> {
        let n = self.docs as f64;
        // A tolerance so that 3 of 10 documents is 30% despite rounding.
        const TOL: f64 = 1e-9;
        self.grams
            .iter()
            .filter(|&&(_, df, uses)| {
                let df = f64::from(df);
                df >= 2.0
                    && df < opts.boilerplate_max_doc_share * n - TOL
                    && (df >= opts.boilerplate_min_doc_share * n - TOL
                        || uses as f64 >= opts.boilerplate_min_mean_uses * n - TOL)
            })
            .map(|&(h, _, _)| h)
            .collect()
    }

    fn get(&self, hash: u64) -> Option<(u32, u64)> {
        self.grams
            .binary_search_by_key(&hash, |g| g.0)
            .ok()
            .map(|i| (self.grams[i].1, self.grams[i].2))
    }
}

impl CorpusStats {
    /// Counts the 4-grams of `fingerprints`, overall and per group of
    /// `opts.group_by`, with `opts.count_error`.
    ///
    /// ```
    /// use gongkai::indices::{CorpusStats, Options};
    /// let stats = CorpusStats::build(&[], &Options::default());
    /// assert_eq!(stats.docs(), 0);
    /// ```
    pub fn build<'a>(
        fingerprints: impl IntoIterator<Item = &'a DocFingerprint>,
        opts: &Options,
    ) -> CorpusStats {
        let mut b = StatsBuilder::new(opts);
        for fp in fingerprints {
            b.add(fp);
        }
        b.finish()
    }

    /// Number of documents counted.
    ///
    /// ```
    /// let stats = gongkai::indices::CorpusStats::build(&[], &Default::default());
    /// assert_eq!(stats.docs(), 0);
    /// ```
    pub fn docs(&self) -> u64 {
        self.overall.docs
    }

    /// The metadata fields the groups are keyed by (empty: no groups).
    ///
    /// ```
    /// use gongkai::indices::{CorpusStats, GroupBy, Options};
    /// let opts = Options { group_by: vec![GroupBy::Year], ..Options::default() };
    /// assert_eq!(CorpusStats::build(&[], &opts).group_by(), [GroupBy::Year]);
    /// ```
    pub fn group_by(&self) -> &[GroupBy] {
        &self.group_by
    }

    /// The groups and their document counts, in key order.
    ///
    /// ```
    /// let stats = gongkai::indices::CorpusStats::build(&[], &Default::default());
    /// assert_eq!(stats.groups().count(), 0);
    /// ```
    pub fn groups(&self) -> impl Iterator<Item = (&str, u64)> {
        self.groups.iter().map(|(k, t)| (k.as_str(), t.docs))
    }

    /// Documents and uses of the 4-gram `words` (jieba tokens, as in
    /// [`super::boilerplate_phrases`]) in the whole corpus (`group` `None`)
    /// or in one group; `(0, 0)` when it was not kept (found in fewer than two
    /// documents, or forgotten by lossy counting).
    ///
    /// ```
    /// let stats = gongkai::indices::CorpusStats::build(&[], &Default::default());
    /// assert_eq!(stats.frequency(None, ["高度", "重视", "政府信息", "公开"]), (0, 0));
    /// ```
    pub fn frequency(&self, group: Option<&str>, words: [&str; NGRAM]) -> (u32, u64) {
        let table = match group {
            None => Some(&self.overall),
            Some(g) => self.groups.get(g),
        };
        table
            .and_then(|t| t.get(gram_hash(&words)))
            .unwrap_or((0, 0))
    }

    /// The table to score a document of group `key` against: the group's when
    /// it has at least `min_docs` documents, else the whole corpus's. Returns
    /// the group used (`None` for the whole corpus) and the table.
    pub(crate) fn table_for(&self, key: Option<&str>, min_docs: usize) -> (Option<&str>, &Table) {
        if let Some(k) = key
            && let Some((k, t)) = self.groups.get_key_value(k)
            && t.docs >= min_docs as u64
        {
            return (Some(k.as_str()), t);
        }
        (None, &self.overall)
    }

    pub(crate) fn overall(&self) -> &Table {
        &self.overall
    }

    pub(crate) fn group_tables(&self) -> impl Iterator<Item = (&str, &Table)> {
        self.groups.iter().map(|(k, t)| (k.as_str(), t))
    }

    /// Writes the statistics as JSON (one line).
    ///
    /// ```
    /// let stats = gongkai::indices::CorpusStats::build(&[], &Default::default());
    /// let mut out = Vec::new();
    /// stats.save(&mut out).unwrap();
    /// assert!(String::from_utf8(out).unwrap().starts_with(r#"{"format":"gongkai-corpus-stats","version":1"#));
    /// ```
    pub fn save(&self, w: impl Write) -> Result<()> {
        let mut w = std::io::BufWriter::new(w);
        serde_json::to_writer(&mut w, self)
            .map_err(|e| Error::new(ErrorKind::Output, format!("corpus statistics: {e}")))?;
        w.write_all(b"\n")
            .and_then(|_| w.flush())
            .map_err(|e| Error::new(ErrorKind::Output, format!("corpus statistics: {e}")))
    }

    /// Reads statistics written by [`CorpusStats::save`]. A file of another
    /// format or version is refused with a message saying which.
    ///
    /// ```
    /// use gongkai::indices::CorpusStats;
    /// let err = CorpusStats::load(&br#"{"format":"gongkai-corpus-stats","version":99}"#[..]).unwrap_err();
    /// assert!(err.to_string().contains("version 99"));
    /// assert!(CorpusStats::load(&b"[1,2]"[..]).is_err());
    /// ```
    pub fn load(mut r: impl Read) -> Result<CorpusStats> {
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes)
            .map_err(|e| Error::new(ErrorKind::Io, format!("corpus statistics: {e}")))?;
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            version: Option<u32>,
        }
        let bad = |m: String| Error::new(ErrorKind::Decode, format!("corpus statistics: {m}"));
        let header: Header = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(bad(format!(
                "format is {:?}, expected {FORMAT:?} (a file written by `gongkai corpus-stats`)",
                header.format.unwrap_or_default()
            )));
        }
        if header.version != Some(VERSION) {
            return Err(bad(format!(
                "version {} of the file, this gongkai reads version {VERSION}; rebuild it with `gongkai corpus-stats`",
                header
                    .version
                    .map(|v| v.to_string())
                    .unwrap_or("(none)".into())
            )));
        }
        let stats: CorpusStats = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        if stats.ngram != NGRAM {
            return Err(bad(format!(
                "counts {}-grams, this gongkai uses {NGRAM}-grams",
                stats.ngram
            )));
        }
        for (name, t) in std::iter::once(("overall", &stats.overall))
            .chain(stats.groups.iter().map(|(k, t)| (k.as_str(), t)))
        {
            if !t.grams.windows(2).all(|w| w[0].0 < w[1].0) {
                return Err(bad(format!("table {name:?}: grams not sorted by hash")));
            }
        }
        Ok(stats)
    }
}

/// Builds [`CorpusStats`] one document at a time, in bounded memory: add
/// fingerprints as documents stream by (then drop them), and finish.
///
/// ```
/// use gongkai::indices::{DocFingerprint, Options, StatsBuilder};
/// let p = gongkai::Pipeline::new().unwrap();
/// let mut b = StatsBuilder::new(&Options::default());
/// for text in ["一、概述\n我局高度重视政府信息公开工作。", "一、概述\n我局高度重视政府信息公开工作。"] {
///     let doc = p.analyze("a", text);
///     b.add(&DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter()));
/// }
/// let stats = b.finish();
/// assert_eq!(stats.frequency(None, ["我", "局", "高度重视", "政府信息公开"]), (2, 2));
/// ```
pub struct StatsBuilder {
    group_by: Vec<GroupBy>,
    count_error: f64,
    width: u64,
    overall: Counter,
    groups: BTreeMap<String, Counter>,
}

impl StatsBuilder {
    /// A builder with `opts.group_by` and `opts.count_error`.
    ///
    /// ```
    /// let b = gongkai::indices::StatsBuilder::new(&Default::default());
    /// assert_eq!(b.finish().docs(), 0);
    /// ```
    pub fn new(opts: &Options) -> StatsBuilder {
        let count_error = if opts.count_error.is_finite() && opts.count_error > 0.0 {
            opts.count_error.min(1.0)
        } else {
            0.0
        };
        let width = if count_error > 0.0 {
            (1.0 / count_error).ceil() as u64
        } else {
            0
        };
        StatsBuilder {
            group_by: opts.group_by.clone(),
            count_error,
            width,
            overall: Counter::default(),
            groups: BTreeMap::new(),
        }
    }

    /// Counts one document.
    ///
    /// ```
    /// use gongkai::indices::{DocFingerprint, StatsBuilder};
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let doc = p.analyze("a", "一、概述\n开通政务微博。");
    /// let mut b = StatsBuilder::new(&Default::default());
    /// b.add(&DocFingerprint::new(&doc, &p.report(&doc).meta, p.segmenter()));
    /// assert_eq!(b.finish().docs(), 1);
    /// ```
    pub fn add(&mut self, fp: &DocFingerprint) {
        let grams = fp.gram_counts();
        self.overall.add(&grams, self.width);
        if let Some(key) = fp.group_key(&self.group_by) {
            self.groups.entry(key).or_default().add(&grams, self.width);
        }
    }

    /// The statistics: 4-grams found in at least two documents, sorted.
    /// (Example under [`StatsBuilder`].)
    pub fn finish(self) -> CorpusStats {
        CorpusStats {
            format: FORMAT.to_string(),
            version: VERSION,
            gongkai_version: crate::VERSION.to_string(),
            ngram: NGRAM,
            count_error: self.count_error,
            group_by: self.group_by,
            overall: self.overall.finish(),
            groups: self
                .groups
                .into_iter()
                .map(|(k, c)| (k, c.finish()))
                .collect(),
        }
    }
}

/// Lossy counter of document frequencies (Manku & Motwani 2002).
#[derive(Default)]
struct Counter {
    docs: u64,
    entries: HashMap<u64, Entry, PassBuild>,
}

#[derive(Clone, Copy)]
struct Entry {
    df: u32,
    uses: u64,
    /// Most documents it may have been in before it was (re)inserted.
    delta: u64,
}

impl Counter {
    /// Counts one document's distinct 4-grams with their uses. `width` is the
    /// block size of lossy counting (0: exact).
    fn add(&mut self, grams: &[(u64, u32)], width: u64) {
        self.docs += 1;
        let block = if width > 0 {
            self.docs.div_ceil(width)
        } else {
            1
        };
        for &(h, uses) in grams {
            let e = self.entries.entry(h).or_insert(Entry {
                df: 0,
                uses: 0,
                delta: block - 1,
            });
            e.df = e.df.saturating_add(1);
            e.uses = e.uses.saturating_add(u64::from(uses));
        }
        if width > 0 && self.docs % width == 0 {
            self.entries
                .retain(|_, e| u64::from(e.df) + e.delta > block);
        }
    }

    fn finish(self) -> Table {
        let mut grams: Vec<(u64, u32, u64)> = self
            .entries
            .into_iter()
            .filter(|(_, e)| e.df >= 2)
            .map(|(h, e)| (h, e.df, e.uses))
            .collect();
        grams.sort_unstable();
        Table {
            docs: self.docs,
            grams,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(docs: u64, grams: &[(u64, u32, u64)]) -> Table {
        Table {
            docs,
            grams: grams.to_vec(),
        }
    }

    /// (documents, uses) → boilerplate? in a corpus of 10 documents.
    #[test]
    fn thresholds_of_lang_and_stice_lawrence() {
        let opts = Options::default();
        let cases: &[(u32, u64, bool)] = &[
            (1, 1, false),   // one document is never boilerplate
            (1, 60, false),  // even used 60 times
            (2, 2, false),   // 20% of documents
            (2, 50, true),   // 20%, but 5 uses per document on average
            (3, 3, true),    // exactly 30%
            (7, 7, true),    // 70%
            (8, 8, false),   // 80%: too common to be boilerplate
            (10, 99, false), // in every document
        ];
        for (i, &(df, uses, want)) in cases.iter().enumerate() {
            let t = table(10, &[(i as u64, df, uses)]);
            assert_eq!(
                !t.boilerplate(&opts).is_empty(),
                want,
                "df {df} uses {uses}"
            );
        }
    }

    #[test]
    fn lossy_counting_is_exact_for_frequent_grams_and_forgets_rare_ones() {
        let mut c = Counter::default();
        // Block width 10: gram 1 in every document, gram 2+i in one each.
        for i in 0..100u64 {
            c.add(&[(1, 1), (1000 + i, 1)], 10);
        }
        assert!(c.entries.len() <= 11, "{} entries kept", c.entries.len());
        let t = c.finish();
        assert_eq!(t.docs, 100);
        assert_eq!(t.grams, vec![(1, 100, 100)]);
    }

    #[test]
    fn exact_counting_keeps_grams_of_two_documents() {
        let mut c = Counter::default();
        c.add(&[(5, 2), (6, 1)], 0);
        c.add(&[(5, 1)], 0);
        assert_eq!(c.finish().grams, vec![(5, 2, 3)]);
    }
}
