//! Features: a [`Sentence`] record → one number per documented feature.
//!
//! Every feature is computed from what the pipeline already produced for the
//! sentence (its text, role, channels, matches and quantities) with character
//! scans and Aho-Corasick automata over the cue lists of
//! `lexicons/boilerplate.toml`; nothing is segmented again. The list,
//! [`FEATURES`], is the contract between the extractor and a model file: a
//! model names its features in this order and [`crate::specificity::Scorer`]
//! refuses a model whose names differ.
//!
//! The features describe *kinds* of evidence (a count tied to a channel, a
//! quoted name followed by 微博, a title that cites a superior document), never
//! the wording of any particular report, so they carry over to reports the model
//! has not seen. Counts enter as `ln(1 + n)`, so the first occurrence weighs
//! most.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::error::{Error, ErrorKind, Result};
use crate::{Lexicons, Role, Sentence};

/// One feature: its id (as written in model files) and what it measures.
///
/// ```
/// let f = &gongkai::specificity::FEATURES[0];
/// assert_eq!(f.name, "log_chars");
/// assert!(!f.meaning.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feature {
    /// Snake-case id, as written in model files and explanations.
    pub name: &'static str,
    /// One line on what it measures.
    pub meaning: &'static str,
}

/// Number of features.
///
/// ```
/// assert_eq!(gongkai::specificity::N_FEATURES, gongkai::specificity::FEATURES.len());
/// ```
pub const N_FEATURES: usize = 23;

/// Every feature, in the order of feature vectors and model files.
///
/// ```
/// let names: Vec<&str> = gongkai::specificity::FEATURES.iter().map(|f| f.name).collect();
/// assert!(names.contains(&"quantities_with_channel"));
/// assert!(names.contains(&"boilerplate_share"));
/// ```
pub const FEATURES: [Feature; N_FEATURES] = [
    Feature {
        name: "log_chars",
        meaning: "ln(1 + characters of the sentence, whitespace excluded)",
    },
    Feature {
        name: "has_digit",
        meaning: "1 when the sentence contains an Arabic digit (the one-line baseline), else 0; an item's own number (2. （3）) does not count",
    },
    Feature {
        name: "digit_share",
        meaning: "share of the sentence's characters that are Arabic digits, an item's own number excluded",
    },
    Feature {
        name: "years",
        meaning: "ln(1 + years written as four digits before 年: 2018年)",
    },
    Feature {
        name: "event_dates",
        meaning: "ln(1 + month dates: 5月4日, 10月份, 7月底, 1-10月)",
    },
    Feature {
        name: "quantities",
        meaning: "ln(1 + non-zero counts, amounts and rates the pipeline found)",
    },
    Feature {
        name: "quantities_with_channel",
        meaning: "ln(1 + quantities tied to a channel: 政务微博发布信息389条)",
    },
    Feature {
        name: "rates_and_money",
        meaning: "ln(1 + quantities in % / 个百分点 or in 元: 满意率99.5%, 3万元)",
    },
    Feature {
        name: "zero_outcome",
        meaning: "1 when the sentence states a zero outcome (未收到…申请, 未发生…) or a zero quantity",
    },
    Feature {
        name: "named_carriers",
        meaning: "ln(1 + distinct named sites, accounts, columns: “平安某县”微博, “某某警网”, 平安某县网站)",
    },
    Feature {
        name: "own_documents",
        meaning: "ln(1 + 《》 titles of the body's own documents: 《某市公安局行政审批事项目录》)",
    },
    Feature {
        name: "generic_references",
        meaning: "ln(1 + laws and superior documents cited: 《条例》, 《…工作要点》, 〔2019〕60号)",
    },
    Feature {
        name: "superior_references",
        meaning: "ln(1 + superior bodies invoked: 上级, 国务院, 公安部, 省委 …)",
    },
    Feature {
        name: "named_official",
        meaning: "1 when an official is named: a title followed by a personal name (副局长张某某)",
    },
    Feature {
        name: "quoted_slogans",
        meaning: "ln(1 + quoted slogans: “…” with 、 or ，, opening with a numeral, or of 9+ characters)",
    },
    Feature {
        name: "quoted_other",
        meaning: "ln(1 + other quoted terms that name no carrier: “放管服”, “阳光警务”)",
    },
    Feature {
        name: "etc_lists",
        meaning: "ln(1 + enumerations closed by 等: 治安、户政等 — generic categories)",
    },
    Feature {
        name: "boilerplate_terms",
        meaning: "ln(1 + stock phrases of boilerplate.toml: 高度重视, 进一步, 切实, 不断 …)",
    },
    Feature {
        name: "boilerplate_share",
        meaning: "share of the sentence's characters covered by stock phrases",
    },
    Feature {
        name: "channels",
        meaning: "number of channel ids the sentence carries (named or generic carriers)",
    },
    Feature {
        name: "item_opening",
        meaning: "1 when the sentence opens an enumerated item (一是, 二是 …), else 0",
    },
    Feature {
        name: "role_plan",
        meaning: "1 for a plan sentence, else 0",
    },
    Feature {
        name: "role_problem",
        meaning: "1 for a problem sentence, else 0",
    },
];

/// Index of a feature in [`FEATURES`] by name, for tests and explanations.
///
/// ```
/// assert_eq!(gongkai::specificity::feature_index("log_chars"), Some(0));
/// assert_eq!(gongkai::specificity::feature_index("nope"), None);
/// ```
pub fn feature_index(name: &str) -> Option<usize> {
    FEATURES.iter().position(|f| f.name == name)
}

/// The cue lists of `boilerplate.toml` (see the file for what each does).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cues {
    phrases: Vec<String>,
    zero_outcome: Vec<String>,
    generic_titles: Vec<String>,
    generic_title_ends: Vec<String>,
    superior: Vec<String>,
    reference_verbs: Vec<String>,
    own_document: Vec<String>,
    producing_verbs: Vec<String>,
    carriers: Vec<String>,
    officials: Vec<String>,
    after_name: Vec<String>,
    surnames: Vec<String>,
}

/// Computes feature vectors; built once from the lexicons (it compiles the
/// cue automata) and shared by reference.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let x = gongkai::specificity::Extractor::new(&lex).unwrap();
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a", "一、概述\n通过政务微博发布信息389条。");
/// let v = x.values(&doc.sentences[1]);
/// assert_eq!(v.len(), gongkai::specificity::N_FEATURES);
/// assert_eq!(v[gongkai::specificity::feature_index("has_digit").unwrap()], 1.0);
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    /// The lists searched in every sentence (phrases, zero outcomes, superior
    /// bodies, officials) in one automaton: one overlapping pass gives every
    /// occurrence, and each list's leftmost-longest matches are read off it.
    sentence_cues: AhoCorasick,
    /// The [`CueList`] of each pattern of `sentence_cues`.
    cue_list: Vec<CueList>,
    /// The patterns of `sentence_cues`, in order.
    cue_terms: Vec<String>,
    /// Superior bodies alone, for the few words before a title.
    superior: AhoCorasick,
    cues: Cues,
    lexicon_hash: String,
    /// Finds ＂, whose last byte (0x82) ends many ideographs, so a memchr
    /// for it would stop everywhere.
    fullwidth_quote: memchr::memmem::Finder<'static>,
    /// The first and last character of each of `cues.carriers`: compared
    /// before the whole word, which is rarely needed.
    carrier_ends: Vec<(char, char)>,
}

/// The cue lists searched in every sentence, as one automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueList {
    Phrases,
    ZeroOutcome,
    Superior,
    Officials,
}

/// One occurrence of a cue: byte range and list.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    list: CueList,
}

/// The leftmost-longest non-overlapping matches of one list, given every
/// occurrence sorted by (start, longest first): exactly what a
/// leftmost-longest automaton of that list alone finds.
fn leftmost_longest(hits: &[Hit], list: CueList) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    hits.iter().filter_map(move |h| {
        if h.list != list || h.start < from {
            return None;
        }
        from = h.end;
        Some((h.start, h.end))
    })
}

/// Sorts hits by start, longest first, as [`leftmost_longest`] needs.
fn sort_hits(hits: &mut [Hit]) {
    if hits.len() > 1 {
        hits.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    }
}

fn check_terms(terms: &[String], what: &str) -> Result<()> {
    match terms.iter().find(|t| t.trim().is_empty()) {
        Some(t) => Err(Error::new(
            ErrorKind::Lexicon,
            format!("boilerplate.toml: list `{what}` has an empty term {t:?}"),
        )),
        None => Ok(()),
    }
}

fn automaton(terms: &[String], what: &str) -> Result<AhoCorasick> {
    check_terms(terms, what)?;
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        // Small lists scanned on every scored sentence: a DFA is fastest.
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(terms)
        .map_err(|e| {
            Error::new(
                ErrorKind::Lexicon,
                format!("boilerplate.toml: `{what}`: {e}"),
            )
        })
}

impl Extractor {
    /// Parses `boilerplate.toml` of `lex` and compiles its automata. Errors
    /// name the file and, for TOML errors, the line.
    ///
    /// ```
    /// let mut lex = gongkai::Lexicons::embedded().unwrap();
    /// assert!(gongkai::specificity::Extractor::new(&lex).is_ok());
    /// lex.boilerplate = "phrases = [\"进一步\"]\nzero_outcome = 3\n".into();
    /// let e = gongkai::specificity::Extractor::new(&lex).unwrap_err();
    /// assert!(e.to_string().starts_with("boilerplate.toml line 2"), "{e}");
    /// ```
    pub fn new(lex: &Lexicons) -> Result<Extractor> {
        let text = &lex.boilerplate;
        let cues: Cues =
            crate::lexicon::parse_toml(&("boilerplate.toml".to_string(), text.clone()))?;
        for (what, list) in [
            ("generic_titles", &cues.generic_titles),
            ("generic_title_ends", &cues.generic_title_ends),
            ("reference_verbs", &cues.reference_verbs),
            ("own_document", &cues.own_document),
            ("producing_verbs", &cues.producing_verbs),
            ("carriers", &cues.carriers),
            ("after_name", &cues.after_name),
            ("surnames", &cues.surnames),
        ] {
            automaton(list, what)?;
        }
        let lists = [
            (CueList::Phrases, &cues.phrases, "phrases"),
            (CueList::ZeroOutcome, &cues.zero_outcome, "zero_outcome"),
            (CueList::Superior, &cues.superior, "superior"),
            (CueList::Officials, &cues.officials, "officials"),
        ];
        let mut patterns: Vec<String> = Vec::new();
        let mut cue_list = Vec::new();
        for (list, terms, what) in lists {
            check_terms(terms, what)?;
            patterns.extend(terms.iter().cloned());
            cue_list.extend(terms.iter().map(|_| list));
        }
        let sentence_cues = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| Error::new(ErrorKind::Lexicon, format!("boilerplate.toml: {e}")))?;
        let carrier_ends = cues
            .carriers
            .iter()
            .map(|t| {
                (
                    t.chars().next().unwrap_or('\0'),
                    t.chars().next_back().unwrap_or('\0'),
                )
            })
            .collect();
        Ok(Extractor {
            sentence_cues,
            cue_list,
            cue_terms: patterns,
            superior: automaton(&cues.superior, "superior")?,
            cues,
            lexicon_hash: lex.hash().to_string(),
            fullwidth_quote: memchr::memmem::Finder::new("＂").into_owned(),
            carrier_ends,
        })
    }

    /// The hash of the lexicons this extractor was built from.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let x = gongkai::specificity::Extractor::new(&lex).unwrap();
    /// assert_eq!(x.lexicon_hash(), lex.hash());
    /// ```
    pub fn lexicon_hash(&self) -> &str {
        &self.lexicon_hash
    }

    /// The feature vector of a sentence, in the order of [`FEATURES`].
    /// Every value is finite. Example under [`Extractor`].
    pub fn values(&self, s: &Sentence) -> [f64; N_FEATURES] {
        let chars = normalized(&s.text);
        let text: String = chars.iter().collect();
        self.values_of(s, &chars, &text, self.hits(&text))
    }

    /// The cue patterns searched in every sentence, in the order of the
    /// pattern indices [`Extractor::values_prepared`] takes: the pipeline
    /// searches them together with the lexicon terms.
    pub(crate) fn sentence_cue_terms(&self) -> &[String] {
        &self.cue_terms
    }

    /// [`Extractor::values`] from the sentence's compact text as the pipeline
    /// built it, without normalising the sentence again. The document-level
    /// normalisation of a span equals the sentence's own except where context
    /// matters: straight quotes (paired across the line) and a `,` or `:` at
    /// either end (kept between digits). Sentences with those, and compact
    /// texts holding a space (kept between ASCII words), take the
    /// [`Extractor::values`] path, so both always give the same numbers.
    ///
    /// `cues` are the occurrences of [`Extractor::sentence_cue_terms`] in
    /// `compact.text`: (byte start, byte end, pattern index).
    pub(crate) fn values_prepared(
        &self,
        s: &Sentence,
        compact: &crate::text::Compact,
        cues: &[(usize, usize, usize)],
    ) -> [f64; N_FEATURES] {
        // Byte searches, so the texts are not decoded.
        let context_free = memchr::memchr(b'"', s.text.as_bytes()).is_none()
            && self.fullwidth_quote.find(s.text.as_bytes()).is_none()
            && !s.text.starts_with([',', ':'])
            && !s.text.ends_with([',', ':'])
            && !compact.text.contains(' ');
        if context_free {
            let mut hits: Vec<Hit> = cues
                .iter()
                .map(|&(start, end, pattern)| Hit {
                    start,
                    end,
                    list: self.cue_list[pattern],
                })
                .collect();
            sort_hits(&mut hits);
            self.values_of(s, compact.chars(), &compact.text, hits)
        } else {
            self.values(s)
        }
    }

    /// The features from the sentence's normalised characters without
    /// whitespace (`chars`, and the same as a string, `text`).
    fn values_of(
        &self,
        s: &Sentence,
        chars: &[char],
        text: &str,
        hits: Vec<Hit>,
    ) -> [f64; N_FEATURES] {
        let n = chars.len();
        // Most counts are zero: no logarithm to take then.
        let ln1p = |k: usize| if k == 0 { 0.0 } else { (k as f64).ln_1p() };
        let mut v = [0.0; N_FEATURES];
        // Which scans can find anything (each needs one of these characters),
        // and the digits, in one pass.
        let (mut month, mut etc, mut ping, mut marks_present) = (false, false, false, false);
        // The digits of an item's own number (2. 1、 （3）) say nothing
        // about the work.
        let numbering = crate::structure::arabic_numbering(chars);
        let mut digits = 0;
        // Without branches: digits come at random, and a mispredicted jump
        // per character cost more than the comparisons.
        for &c in &chars[numbering..] {
            digits += usize::from(c.is_ascii_digit());
            month |= c == '月';
            etc |= c == '等';
            ping |= c == '平';
            marks_present |= (c == '“') | (c == '《');
        }

        v[0] = ln1p(n);
        v[1] = f64::from(u8::from(digits > 0));
        v[2] = if n == 0 {
            0.0
        } else {
            digits as f64 / n as f64
        };
        v[3] = ln1p(if digits > 0 { count_years(chars) } else { 0 });
        v[4] = ln1p(if month { count_month_dates(chars) } else { 0 });

        let nonzero = s.quantities.iter().filter(|q| q.value != 0.0);
        v[5] = ln1p(nonzero.clone().count());
        v[6] = ln1p(nonzero.clone().filter(|q| q.channel.is_some()).count());
        v[7] = ln1p(
            nonzero
                // Units are a few characters: decoded, not searched (a
                // substring search costs a searcher's set-up each time).
                .filter(|q| {
                    q.unit.chars().any(|c| matches!(c, '%' | '％' | '元'))
                        || q.unit.ends_with("百分点")
                })
                .count(),
        );
        let zero_q = s.quantities.iter().any(|q| q.value == 0.0);
        v[8] = f64::from(u8::from(
            zero_q || hits.iter().any(|h| h.list == CueList::ZeroOutcome),
        ));

        let marks = if marks_present {
            self.marked(chars, text)
        } else {
            Marks::default()
        };
        let mut names: Vec<String> = marks.named;
        names.extend(
            s.matches
                .iter()
                .filter(|m| m.rule == "named_site")
                .map(|m| m.term.clone()),
        );
        if ping {
            names.extend(self.pingan_names(chars));
        }
        names.sort();
        names.dedup();
        v[9] = ln1p(names.len());
        v[10] = ln1p(marks.own);
        let doc_numbers = if digits >= 4 {
            count_doc_numbers(chars)
        } else {
            0
        };
        v[11] = ln1p(marks.generic + doc_numbers);
        v[12] = ln1p(leftmost_longest(&hits, CueList::Superior).count());
        v[13] = f64::from(u8::from(
            self.named_official_at(text, leftmost_longest(&hits, CueList::Officials)),
        ));
        v[14] = ln1p(marks.slogans);
        v[15] = ln1p(marks.other);
        v[16] = ln1p(if etc { count_etc_lists(chars) } else { 0 });

        let mut covered = 0usize;
        let mut terms = 0usize;
        for (start, end) in leftmost_longest(&hits, CueList::Phrases) {
            terms += 1;
            covered += text[start..end].chars().count();
        }
        v[17] = ln1p(terms);
        v[18] = if n == 0 {
            0.0
        } else {
            covered as f64 / n as f64
        };
        v[19] = s.channels.len() as f64;
        v[20] = f64::from(u8::from(item_opening(chars)));
        v[21] = f64::from(u8::from(s.role == Role::Plan));
        v[22] = f64::from(u8::from(s.role == Role::Problem));
        v
    }

    /// Quoted (“…”) and titled (《…》) stretches, classified.
    fn marked(&self, c: &[char], text: &str) -> Marks {
        let mut out = Marks::default();
        // Byte offset of every character of `text` (the same as `c`): the
        // spans around a mark are read as slices, not collected.
        let mut at = Vec::with_capacity(c.len() + 1);
        at.extend(text.char_indices().map(|(b, _)| b));
        at.push(text.len());
        let span = |from: usize, to: usize| &text[at[from]..at[to]];
        // The class of the previous title, for lists: 按照《A》、《B》 cites both.
        let mut prev_title: Option<(usize, bool)> = None;
        let mut i = 0;
        while i < c.len() {
            let close = match c[i] {
                '“' => '”',
                '《' => '》',
                _ => {
                    i += 1;
                    continue;
                }
            };
            let limit = if close == '》' { 60 } else { 30 };
            let Some(len) = c[i + 1..].iter().take(limit).position(|&x| x == close) else {
                i += 1;
                continue;
            };
            let body = &c[i + 1..i + 1 + len];
            let end = i + 1 + len + 1;
            let body_s = span(i + 1, i + 1 + len);
            let before = span(clause_start(c, i, 10), i);
            let after = span(end, (end + 6).min(c.len()));
            let mut carriers = self.cues.carriers.iter().zip(&self.carrier_ends);
            let (first, last) = (after.chars().next(), before.chars().next_back());
            let carrier_after = carriers
                .clone()
                .any(|(t, (a, _))| Some(*a) == first && after.starts_with(t.as_str()));
            let carrier_before =
                carriers.any(|(t, (_, z))| Some(*z) == last && before.ends_with(t.as_str()));
            let site_like = len >= 3 && body_s.ends_with('网');
            if len == 0 {
                i = end;
                continue;
            }
            // A name is at least 3 characters: “僵尸”账号 is a scare quote.
            if (carrier_after || carrier_before || site_like) && len >= 3 && !has_list_punct(body) {
                out.named.push(body_s.to_string());
            } else if close == '》' {
                let continues = prev_title.is_some_and(|(e, _)| {
                    i - e <= 1 && matches!(span(e, i), "" | "、" | "和" | "及")
                });
                let generic = if continues {
                    prev_title.is_some_and(|(_, g)| g)
                } else {
                    self.generic_title(body_s, before)
                };
                if generic {
                    out.generic += 1;
                } else {
                    out.own += 1;
                }
                prev_title = Some((end, generic));
            } else if has_list_punct(body)
                || len >= 9
                || body.first().is_some_and(|&x| is_numeral(x))
            {
                out.slogans += 1;
            } else {
                out.other += 1;
            }
            i = end;
        }
        out
    }

    /// A 《》 title that cites a law or superior document (true) rather than
    /// one of the body's own documents. In order: a title naming a superior
    /// authority (条例, 国务院 …) or cited (按照《…》) is generic; one naming
    /// the body (公安局) or produced by it (编制了《…》) is its own; one
    /// worded as a superior document (…意见, …通知) is generic; any other is
    /// taken as its own.
    fn generic_title(&self, body: &str, before: &str) -> bool {
        let body = body.trim_end_matches(['）', ')']);
        let any_in = |list: &[String], hay: &str| list.iter().any(|t| hay.contains(t.as_str()));
        if any_in(&self.cues.generic_titles, body)
            || any_in(&self.cues.reference_verbs, before)
            || self.superior.find(before).is_some()
        {
            return true;
        }
        let produced = self
            .cues
            .producing_verbs
            .iter()
            .any(|t| before.ends_with(t.as_str()));
        if produced || any_in(&self.cues.own_document, body) {
            return false;
        }
        self.cues
            .generic_title_ends
            .iter()
            .any(|t| body.ends_with(t.as_str()))
    }

    /// Unquoted 平安X + carrier (平安鄂温克网站): the body's own named site.
    fn pingan_names(&self, c: &[char]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        while i + 2 < c.len() {
            if c[i] == '平' && c[i + 1] == '安' && (i == 0 || c[i - 1] != '“') {
                for len in 2..=4 {
                    let end = i + 2 + len;
                    if end > c.len() || !c[i + 2..end].iter().all(|&x| is_han(x)) {
                        break;
                    }
                    let rest: String = c[end..].iter().take(5).collect();
                    if self
                        .cues
                        .carriers
                        .iter()
                        .filter(|t| t.chars().count() >= 2 || t.as_str() == "网")
                        .any(|t| rest.starts_with(t.as_str()))
                    {
                        out.push(c[i..end].iter().collect());
                        break;
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Every occurrence of the sentence cue lists in `text`, sorted by start,
    /// longest first.
    fn hits(&self, text: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self
            .sentence_cues
            .find_overlapping_iter(text)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                list: self.cue_list[m.pattern().as_usize()],
            })
            .collect();
        sort_hits(&mut hits);
        hits
    }

    /// A title of office followed by a personal name.
    #[cfg(test)]
    fn named_official(&self, text: &str) -> bool {
        let hits = self.hits(text);
        self.named_official_at(text, leftmost_longest(&hits, CueList::Officials))
    }

    /// [`Extractor::named_official`] given where the titles of office are.
    fn named_official_at(&self, text: &str, titles: impl Iterator<Item = (usize, usize)>) -> bool {
        for (_, title_end) in titles {
            let rest = &text[title_end..];
            let Some(surname) = self
                .cues
                .surnames
                .iter()
                .filter(|s| rest.starts_with(s.as_str()))
                .max_by_key(|s| s.len())
            else {
                continue;
            };
            let after_surname = &rest[surname.len()..];
            let given: Vec<char> = after_surname.chars().take(3).collect();
            for k in 1..=2usize {
                if given.len() < k || !given[..k].iter().all(|&x| is_han(x)) {
                    break;
                }
                let tail: String = after_surname.chars().skip(k).take(4).collect();
                let boundary = tail.chars().next().is_none_or(|x| !is_han(x))
                    || self
                        .cues
                        .after_name
                        .iter()
                        .any(|t| tail.starts_with(t.as_str()));
                if boundary {
                    return true;
                }
            }
        }
        false
    }
}

#[derive(Debug, Default)]
struct Marks {
    named: Vec<String>,
    own: usize,
    generic: usize,
    slogans: usize,
    other: usize,
}

/// The sentence's normalised characters without whitespace (full-width digits
/// and letters folded, straight quotes paired as “ ”).
fn normalized(text: &str) -> Vec<char> {
    // The same normalisation as a whole document's (CleanText), without its
    // offset maps: this runs for every scored sentence.
    let chars: Vec<char> = text.chars().collect();
    let mut norm = crate::text::normalize(&chars);
    norm.retain(|&c| !crate::text::is_space(c));
    norm
}

/// 一 to 十 (a `matches!`, not a substring search: this runs per character).
fn is_digit_one_to_ten(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

fn is_numeral(c: char) -> bool {
    crate::text::is_cjk_numeral(c) || matches!(c, '千' | '万') || c.is_ascii_digit()
}

fn has_list_punct(body: &[char]) -> bool {
    body.iter().any(|&c| matches!(c, '、' | '，' | '；' | ','))
}

/// Where the up to `max` characters before `at` start, stopping at a clause
/// boundary.
fn clause_start(c: &[char], at: usize, max: usize) -> usize {
    let mut from = at;
    while from > 0
        && at - from < max
        && !matches!(c[from - 1], '，' | '。' | '；' | '：' | '！' | '？')
    {
        from -= 1;
    }
    from
}

/// 2018年: four digits starting 19 or 20, then 年.
fn count_years(c: &[char]) -> usize {
    let mut n = 0;
    for i in 0..c.len().saturating_sub(4) {
        let prev_digit = i > 0 && c[i - 1].is_ascii_digit();
        if !prev_digit
            && c[i..i + 4].iter().all(char::is_ascii_digit)
            && matches!((c[i], c[i + 1]), ('1', '9') | ('2', '0'))
            && c[i + 4] == '年'
        {
            n += 1;
        }
    }
    n
}

/// Month dates: a month number (1–12, digits or numerals) + 月 followed by a
/// day (digits/numerals + 日/号), 份, 底, 初, 末 or 上/中/下旬.
fn count_month_dates(c: &[char]) -> usize {
    let mut n = 0;
    for (i, &ch) in c.iter().enumerate() {
        if ch != '月' || i == 0 {
            continue;
        }
        let mut j = i;
        while j > 0 && (c[j - 1].is_ascii_digit() || is_digit_one_to_ten(c[j - 1])) {
            j -= 1;
        }
        let month = &c[j..i];
        if month.is_empty() || month.len() > 2 {
            continue;
        }
        // 个月 (durations) and 每月 never get here: 个/每 are not numerals.
        let next = c.get(i + 1).copied();
        let dated = match next {
            Some('份' | '底' | '初' | '末') => true,
            Some('上' | '中' | '下') => c.get(i + 2) == Some(&'旬'),
            Some(d) if d.is_ascii_digit() || is_digit_one_to_ten(d) => {
                let mut k = i + 1;
                while k < c.len() && (c[k].is_ascii_digit() || is_digit_one_to_ten(c[k])) {
                    k += 1;
                }
                matches!(c.get(k), Some('日' | '号'))
            }
            _ => false,
        };
        if dated {
            n += 1;
        }
    }
    n
}

/// Document numbers: 〔2019〕60号, [2021]12号, （2020）109号.
fn count_doc_numbers(c: &[char]) -> usize {
    let mut n = 0;
    for i in 0..c.len() {
        if !matches!(c[i], '〔' | '[' | '（' | '【' | '(') || i + 6 >= c.len() {
            continue;
        }
        if !c[i + 1..i + 5].iter().all(char::is_ascii_digit)
            || !matches!(c[i + 5], '〕' | ']' | '）' | '】' | ')')
        {
            continue;
        }
        let mut k = i + 6;
        while k < c.len() && c[k].is_ascii_digit() {
            k += 1;
        }
        if k > i + 6 && c.get(k) == Some(&'号') {
            n += 1;
        }
    }
    n
}

/// Enumerations closed by 等: a 、 in the same clause before 等.
fn count_etc_lists(c: &[char]) -> usize {
    let mut n = 0;
    for (i, &ch) in c.iter().enumerate() {
        if ch != '等' || matches!(c.get(i + 1), Some('级' | '同' | '待' | '于')) {
            continue;
        }
        let mut j = i;
        while j > 0 && i - j < 24 && !matches!(c[j - 1], '，' | '。' | '；' | '：') {
            if c[j - 1] == '、' {
                n += 1;
                break;
            }
            j -= 1;
        }
    }
    n
}

/// 一是, 二是 … at the start, after any leading numbering or punctuation.
fn item_opening(c: &[char]) -> bool {
    let start = c.iter().position(|&x| is_han(x)).unwrap_or(c.len());
    c.len() >= start + 2 && is_digit_one_to_ten(c[start]) && c[start + 1] == '是'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn scans() {
        for (text, years, dates, docs, etc) in [
            ("2018年共发布信息10条。", 1, 0, 0, 0),
            ("2017年5月4日正式上线，1-10月份办理3件。", 1, 2, 0, 0),
            ("按照国办发〔2019〕60号和[2021]12号文件要求。", 0, 0, 2, 0),
            ("公开治安、户政等信息，三个月内完成。", 0, 0, 0, 1),
            ("每月更新，等级保护。", 0, 0, 0, 0),
        ] {
            let c = chars(text);
            assert_eq!(count_years(&c), years, "{text}");
            assert_eq!(count_month_dates(&c), dates, "{text}");
            assert_eq!(count_doc_numbers(&c), docs, "{text}");
            assert_eq!(count_etc_lists(&c), etc, "{text}");
        }
        assert!(item_opening(&chars("；2、二是加强领导。")));
        assert!(!item_opening(&chars("是否公开。")));
    }

    #[test]
    fn marks_and_names() {
        let lex = Lexicons::embedded().unwrap();
        let x = Extractor::new(&lex).unwrap();
        let marked = |s: &str| x.marked(&chars(s), s);
        let m = marked(
            "通过“平安青山”微博和《青山县公安局办事指南》发布，贯彻《条例》，坚持“应公开、尽公开”，推进“放管服”。",
        );
        assert_eq!(m.named, ["平安青山"]);
        assert_eq!((m.own, m.generic, m.slogans, m.other), (1, 1, 1, 1));
        // A list of cited titles is cited as a whole.
        let m = marked("按照《甲》、《乙》开展工作，编制了《丙》。");
        assert_eq!((m.own, m.generic), (1, 2));
        assert_eq!(x.pingan_names(&chars("优化平安青山网站功能")), ["平安青山"]);
        assert!(x.pingan_names(&chars("推进平安建设工作")).is_empty());
        assert!(x.named_official("副局长张建国任组长"));
        assert!(x.named_official("局长杜某某在网上访谈"));
        assert!(!x.named_official("由局长任组长，政委任副组长"));
        assert!(!x.named_official("主任高度重视"));
    }
}
