//! Lexicon matching: compact text + tokens → term matches.
//!
//! Takes a sentence's compact normalised text and its jieba tokens and gives the
//! lexicon terms found in it, each with the ids it carries.
//!
//! **The boundary rule.** Every occurrence of every term is found with
//! aho-corasick (ASCII case-insensitive). An occurrence counts only when
//! 1. it *ends* where a token ends, and
//! 2. it *starts* where a token starts, or lies inside one token as that
//!    token's tail.
//!
//! Chinese compounds put their head last, so a term at the end of a word names
//! a kind of that term (微博 in 政务微博, 网站 in 门户网站), while a term at the
//! start or in the middle of a word usually does not (网站 in 网站地图, 机构 in
//! 机构改革 is fine but 窗口 in 窗口期 is not). A term may span several tokens
//! when both its ends fall on token boundaries (反诈 cut as 反/诈).
//!
//! Overlaps are resolved longest first, so 新闻发布会 wins over 发布会 and an
//! exclusion word (网站地图, 科研机构) blocks the terms inside it. Terms made only
//! of digits (110, 12345) count only as a standalone number not followed by a
//! measure word.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, dfa::DFA};

use crate::Lexicons;
use crate::segment::Token;
use crate::text::CleanText;

/// Which family an id belongs to.
///
/// ```
/// assert_eq!(gongkai::tagger::FamilyKind::Channel.as_str(), "channel");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FamilyKind {
    /// `channels`.
    Channel,
    /// `issues`.
    Issue,
}

impl FamilyKind {
    /// `channel` or `issue`.
    ///
    /// ```
    /// assert_eq!(gongkai::tagger::FamilyKind::Issue.as_str(), "issue");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FamilyKind::Channel => "channel",
            FamilyKind::Issue => "issue",
        }
    }
}

/// One id a pattern carries: family and index of the entry in its family.
///
/// ```
/// use gongkai::tagger::{FamilyKind, TagRef};
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let t = TagRef { family: FamilyKind::Channel, index: 1 };
/// assert_eq!(lex.channels.entries[t.index].id, "weibo");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagRef {
    /// The family.
    pub family: FamilyKind,
    /// Index into the family's entries (output order).
    pub index: usize,
}

#[derive(Debug, Clone)]
struct Pattern {
    term: String,
    tags: Vec<TagRef>,
    generic: bool,
    numeric: bool,
}

/// The compiled lexicons: one automaton over every term and exclusion word.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let tagger = gongkai::tagger::Tagger::new(&lex).unwrap();
/// assert!(tagger.pattern_count() > 100);
/// ```
pub struct Tagger {
    /// The terms, then any extra patterns (see [`Tagger::with_extra`]).
    automaton: DFA,
    patterns: Vec<Pattern>,
    /// Extra patterns searched in the same pass, matched exactly (the terms
    /// are matched ignoring ASCII case; these are not), each with whether it
    /// holds an ASCII letter (only then can a hit differ in case).
    extra: Vec<(String, bool)>,
}

/// A term occurrence that passed the boundary rule (see [`Tagger::find`]).
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let seg = gongkai::segment::Segmenter::new(&lex).unwrap();
/// let tagger = gongkai::tagger::Tagger::new(&lex).unwrap();
/// let m = &tagger.find("开通微博", &seg.cut("开通微博"))[0];
/// assert_eq!((m.start, m.end, m.term), (6, 12, "微博"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch<'t> {
    /// Byte start in the compact text.
    pub start: usize,
    /// Byte end in the compact text.
    pub end: usize,
    /// The lexicon term (normalised).
    pub term: &'t str,
    /// The ids it carries (empty for exclusion words).
    pub tags: &'t [TagRef],
    /// True for a generic term (网络平台) that a named carrier right before it
    /// overrides.
    pub generic: bool,
}

/// Normalises a lexicon term the way document text is normalised, without
/// whitespace.
///
/// ```
/// assert_eq!(gongkai::tagger::normalize_term("(一) ＡＰＰ"), "（一）APP");
/// ```
pub fn normalize_term(term: &str) -> String {
    let t = CleanText::new(term);
    t.compact(crate::Span::new(0, t.len_chars()))
        .text
        .replace(' ', "")
}

impl Tagger {
    /// Compiles the lexicons (example above).
    pub fn new(lex: &Lexicons) -> crate::Result<Tagger> {
        Tagger::with_extra(lex, &[])
    }

    /// Compiles the lexicons and `extra` patterns into one automaton, so that
    /// one pass over a sentence finds both (the pipeline adds the
    /// specificity cues); see [`Tagger::candidates_into`].
    pub(crate) fn with_extra(lex: &Lexicons, extra: &[String]) -> crate::Result<Tagger> {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut add = |term: &str, tag: Option<TagRef>, generic: bool| {
            let t = normalize_term(term);
            let i = *index.entry(t.clone()).or_insert_with(|| {
                patterns.push(Pattern {
                    numeric: t.chars().all(|c| c.is_ascii_digit()),
                    term: t,
                    tags: Vec::new(),
                    generic,
                });
                patterns.len() - 1
            });
            if let Some(tag) = tag
                && !patterns[i].tags.contains(&tag)
            {
                patterns[i].tags.push(tag);
            }
        };
        for (kind, family) in [
            (FamilyKind::Channel, &lex.channels),
            (FamilyKind::Issue, &lex.issues),
        ] {
            for (i, e) in family.entries.iter().enumerate() {
                let tag = TagRef {
                    family: kind,
                    index: i,
                };
                for t in &e.terms {
                    add(t, Some(tag), false);
                }
                for t in &e.generic_terms {
                    add(t, Some(tag), true);
                }
            }
        }
        for t in &lex.exclusions {
            add(t, None, false);
        }
        for p in &mut patterns {
            p.tags.sort();
        }
        let automaton = aho_corasick::dfa::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A few hundred short terms: the DFA is small and the fastest
            // for overlapping search, which runs on every sentence. It is
            // driven by hand (see `Tagger::candidates_into`).
            .prefilter(false)
            .build(
                patterns
                    .iter()
                    .map(|p| p.term.as_str())
                    .chain(extra.iter().map(String::as_str)),
            )
            .map_err(|e| {
                crate::Error::new(
                    crate::ErrorKind::Lexicon,
                    format!("building the automaton: {e}"),
                )
            })?;
        Ok(Tagger {
            automaton,
            patterns,
            extra: extra
                .iter()
                .map(|p| (p.clone(), p.bytes().any(|b| b.is_ascii_alphabetic())))
                .collect(),
        })
    }

    /// Number of distinct terms and exclusion words (example above).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Finds the terms of `text` that agree with `tokens` (see the module doc).
    /// Exclusion words are returned too, with no tags, so callers can show them.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let seg = gongkai::segment::Segmenter::new(&lex).unwrap();
    /// let tagger = gongkai::tagger::Tagger::new(&lex).unwrap();
    /// let text = "通过政务微博发布，见网站地图";
    /// let found = tagger.find(text, &seg.cut(text));
    /// let terms: Vec<&str> = found.iter().map(|m| m.term).collect();
    /// assert_eq!(terms, ["政务微博", "网站地图"]);
    /// assert!(found[1].tags.is_empty());
    /// ```
    pub fn find(&self, text: &str, tokens: &[Token<'_>]) -> Vec<TermMatch<'_>> {
        self.select(text, tokens, &self.candidates(text))
    }

    /// Every occurrence of every term and exclusion word, before the boundary
    /// rule: (byte start, byte end, pattern).
    pub(crate) fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        self.candidates_into(text, &mut out, &mut Vec::new());
        out
    }

    /// [`Tagger::candidates`] appended to a buffer the caller reuses, and
    /// every occurrence of the extra patterns appended to `extra` as
    /// (byte start, byte end, index into the extra patterns).
    pub(crate) fn candidates_into(
        &self,
        text: &str,
        out: &mut Vec<Candidate>,
        extra: &mut Vec<(usize, usize, usize)>,
    ) {
        let terms = self.patterns.len();
        let mut push = |start: usize, end: usize, pattern: usize| {
            if pattern < terms {
                out.push(Candidate {
                    start,
                    end,
                    pattern,
                });
            } else {
                let (exact, has_letters) = &self.extra[pattern - terms];
                if !has_letters || text[start..end] == *exact {
                    extra.push((start, end, pattern - terms));
                }
            }
        };
        for_each_overlapping(&self.automaton, text.as_bytes(), &mut push);
    }

    /// The candidates that pass the boundary rule against `tokens`, overlaps
    /// resolved. `tokens` are sorted and need only cover the candidates: a
    /// candidate outside every token is dropped.
    pub(crate) fn select(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        candidates: &[Candidate],
    ) -> Vec<TermMatch<'_>> {
        if tokens.is_empty() || candidates.is_empty() {
            return Vec::new();
        }
        // The token holding a byte: tokens are sorted and do not overlap.
        let token_at = |byte: usize| -> Option<&Token<'_>> {
            let i = tokens.partition_point(|t| t.end <= byte);
            tokens.get(i).filter(|t| t.start <= byte)
        };
        let bytes = text.as_bytes();
        let mut picked: Vec<(usize, usize, usize)> = Vec::with_capacity(candidates.len());
        for c in candidates {
            let (s, e) = (c.start, c.end);
            let (Some(first), Some(last)) = (token_at(s), token_at(e - 1)) else {
                continue;
            };
            let ends_on_token = last.end == e;
            let starts_ok = first.start == s || first.start == last.start;
            if !(ends_on_token && starts_ok) {
                continue;
            }
            let p = &self.patterns[c.pattern];
            if p.numeric && !standalone_number(text, bytes, s, e) {
                continue;
            }
            picked.push((s, e, c.pattern));
        }
        // Longest first, then leftmost; keep what does not overlap a kept
        // match (kept matches are moved to the front, in place).
        picked.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut kept = 0;
        for i in 0..picked.len() {
            let c = picked[i];
            if picked[..kept].iter().all(|k| c.1 <= k.0 || c.0 >= k.1) {
                picked[kept] = c;
                kept += 1;
            }
        }
        picked.truncate(kept);
        picked.sort_unstable();
        picked
            .into_iter()
            .map(|(s, e, p)| {
                let p = &self.patterns[p];
                TermMatch {
                    start: s,
                    end: e,
                    term: &p.term,
                    tags: &p.tags,
                    generic: p.generic,
                }
            })
            .collect()
    }
}

/// An occurrence of a pattern, before the boundary rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pattern: usize,
}

/// Every occurrence of every pattern of `dfa` in `haystack`, as
/// `found(start, end, pattern)` in the order of an overlapping search: by
/// end, then as the automaton lists them.
///
/// Each step of the automaton waits for the one before, and the table it
/// reads is larger than the first-level cache: a text long enough is
/// scanned as two halves in one loop, so that the two chains of lookups
/// overlap. The second half starts `max_pattern_len` bytes early, which
/// puts its automaton in the same state as a scan from the start by the
/// middle (the state is the longest pattern prefix ending at a position);
/// it reports only what ends after the middle, the first half the rest.
fn for_each_overlapping(dfa: &DFA, haystack: &[u8], found: &mut impl FnMut(usize, usize, usize)) {
    let start = dfa
        .start_state(Anchored::No)
        .expect("an unanchored DFA has an unanchored start state");
    let report = |sid, end: usize, found: &mut dyn FnMut(usize, usize, usize)| {
        for i in 0..dfa.match_len(sid) {
            let pattern = dfa.match_pattern(sid, i);
            found(end - dfa.pattern_len(pattern), end, pattern.as_usize());
        }
    };
    let overlap = dfa.max_pattern_len();
    if haystack.len() < 4 * overlap.max(TWO_STREAMS_MIN) {
        let mut sid = start;
        for (i, &byte) in haystack.iter().enumerate() {
            sid = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_special(sid) && dfa.is_match(sid) {
                report(sid, i + 1, found);
            }
        }
        return;
    }
    let mid = haystack.len() / 2;
    let (first, second, second_at) = (&haystack[..mid], &haystack[mid - overlap..], mid - overlap);
    let mut later: Vec<(usize, usize, usize)> = Vec::new();
    let (mut a, mut b) = (start, start);
    for (i, (&x, &y)) in first.iter().zip(second).enumerate() {
        a = dfa.next_state(Anchored::No, a, x);
        b = dfa.next_state(Anchored::No, b, y);
        if dfa.is_special(a) && dfa.is_match(a) {
            report(a, i + 1, found);
        }
        if dfa.is_special(b) && dfa.is_match(b) && second_at + i + 1 > mid {
            report(b, second_at + i + 1, &mut |s, e, p| later.push((s, e, p)));
        }
    }
    for (i, &y) in second.iter().enumerate().skip(first.len()) {
        b = dfa.next_state(Anchored::No, b, y);
        if dfa.is_special(b) && dfa.is_match(b) {
            report(b, second_at + i + 1, &mut |s, e, p| later.push((s, e, p)));
        }
    }
    for (s, e, p) in later {
        found(s, e, p);
    }
}

/// Texts shorter than four times this many bytes are scanned in one stream.
const TWO_STREAMS_MIN: usize = 16;

/// A digit-only term must not touch other digits and must not be a count.
fn standalone_number(text: &str, bytes: &[u8], s: usize, e: usize) -> bool {
    if s > 0 && (bytes[s - 1].is_ascii_digit() || bytes[s - 1] == b'.') {
        return false;
    }
    match text[e..].chars().next() {
        Some(c) if c.is_ascii_digit() || c == '.' || c == '%' => false,
        Some(c) => !MEASURE_WORDS.contains(c),
        None => true,
    }
}

/// Measure words and multipliers that make a number a count.
const MEASURE_WORDS: &str = "条篇场次件人个项期家所名台辆起份部万亿千百余多元户次处张本批";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::Segmenter;
    use proptest::prelude::*;

    /// Texts made of pieces of patterns, so that matches are dense, cross
    /// the middle of the text and overlap one another.
    fn pattern_soup() -> impl Strategy<Value = String> {
        let tagger = Tagger::new(&crate::Lexicons::embedded().unwrap()).unwrap();
        let mut pieces: Vec<String> = tagger.patterns.iter().map(|p| p.term.clone()).collect();
        let halves: Vec<String> = pieces
            .iter()
            .map(|t| t.chars().take(t.chars().count().div_ceil(2)).collect())
            .collect();
        pieces.extend(halves);
        pieces.extend(["，", "。", "a", "ABC", "发布", "12"].map(String::from));
        proptest::collection::vec(proptest::sample::select(pieces), 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        /// The two-stream scan finds what aho-corasick's own overlapping
        /// search finds, in the same order.
        #[test]
        fn two_stream_scan_equals_overlapping_search(text in pattern_soup()) {
            let lex = crate::Lexicons::embedded().unwrap();
            let tagger = Tagger::new(&lex).unwrap();
            let reference = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(tagger.patterns.iter().map(|p| p.term.as_str()))
                .unwrap();
            let want: Vec<(usize, usize, usize)> = reference
                .find_overlapping_iter(&text)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let mut got = Vec::new();
            for_each_overlapping(&tagger.automaton, text.as_bytes(), &mut |s, e, p| got.push((s, e, p)));
            prop_assert_eq!(got, want);
        }
    }

    fn ids(text: &str) -> Vec<String> {
        let lex = Lexicons::embedded().unwrap();
        let seg = Segmenter::new(&lex).unwrap();
        let tagger = Tagger::new(&lex).unwrap();
        let mut out = Vec::new();
        for m in tagger.find(text, &seg.cut(text)) {
            for t in m.tags.iter().copied() {
                let fam = match t.family {
                    FamilyKind::Channel => &lex.channels,
                    FamilyKind::Issue => &lex.issues,
                };
                out.push(format!("{}:{}", m.term, fam.entries[t.index].id));
            }
        }
        out
    }

    #[test]
    fn boundary_rule_table() {
        // (text, expected term:id pairs)
        let table: &[(&str, &[&str])] = &[
            ("开通政务微博", &["政务微博:weibo"]),
            ("详见网站地图", &[]),
            ("网站标识码6404000021", &[]),
            ("在门户网站公布", &["门户网站:website"]),
            (
                "利用两微一端发布",
                &[
                    "两微一端:weibo",
                    "两微一端:wechat",
                    "两微一端:new_media_other",
                ],
            ),
            ("召开新闻发布会3场", &["新闻发布会:press_conference"]),
            ("“110”接处警", &["110:public_order", "接处警:public_order"]),
            ("涵盖110项审批", &[]),
            ("科研机构", &[]),
            ("成立组织机构", &["机构:organization"]),
            (
                "开通APP和app",
                &["APP:new_media_other", "APP:new_media_other"],
            ),
        ];
        for (text, want) in table {
            assert_eq!(ids(text), want.to_vec(), "text {text}");
        }
    }
}
