//! The pipeline: bytes or text → [`Document`], with everything expensive built once.
//!
//! [`Pipeline`] owns jieba with the domain dictionary and the compiled lexicon
//! automaton. Build it once and share it by reference (it is `Sync`); each
//! [`Pipeline::analyze`] call runs decode → prepare → structure → segment → tag
//! → annotate for one document.
//!
//! Annotation rules applied on top of the lexicon matches (each uncounted match
//! stays in the output with its reason):
//! - a generic platform or column word (网络平台, 栏目, 专栏) right after a
//!   named carrier is part of that carrier, not a website: “企鹅号”网络平台,
//!   电视台《警视聚焦》栏目, 微信公众号开设“警方提示”专栏
//!   (`why: "generic term after a named carrier"`: quoted or titled names and at
//!   most four other characters between them, no list mark or clause break);
//! - `meta` records carry no issues: they describe the report, not the work;
//! - a `meta` record that gives contact details names no channel (ANNOTATION.md
//!   clarifications); one that says where the report can be downloaded does;
//! - page furniture (来源, 打印, ICP备 …) is not matched at all;
//! - a site name ending in 网, quoted (“雪城警网”) or introduced as a carrier
//!   (通过长安网发布), is `website` wherever it occurs in the document
//!   (`rule: "named_site"`);
//! - a count after a verb of release in the same clause (发布各类信息489条)
//!   produces the id of the issue entry whose count rule (`[entry.count]`)
//!   it meets (`issues.toml`: `proactive_disclosure`), with `rule: "count"`
//!   and the text from the verb to the count as its term. The verb must be a
//!   token of its own (发布 in 发布会, 公开 in 依申请公开 do not count), not
//!   right after one of the rule's `not_after` words (予以公开5条
//!   answers a request), within [`COUNT_VERB_REACH`] characters of the
//!   number.

use crate::document::{Document, Match, Sentence};
use crate::lexicon::Lexicons;
use crate::segment::Segmenter;
use crate::structure::{Role, Splitter, UnitKind};
use crate::tagger::{FamilyKind, Tagger};
use crate::text::CleanText;

/// Everything needed to analyse documents, built once.
///
/// ```
/// let pipeline = gongkai::Pipeline::new().unwrap();
/// let doc = pipeline.analyze("demo.txt", "一、概述\n通过“平安某县”微博发布信息389条。");
/// assert_eq!(doc.sentences[1].channels, ["weibo"]);
/// ```
pub struct Pipeline {
    lexicons: Lexicons,
    gazetteer: crate::meta::Gazetteer,
    splitter: Splitter,
    segmenter: Segmenter,
    tagger: Tagger,
    scorer: crate::specificity::Scorer,
    model_hash: String,
    count_rules: Vec<PreparedCountRule>,
    sites: SiteCues,
}

/// The `[named_sites]` lists of channels.toml, as characters.
#[derive(Default)]
struct SiteCues {
    before: Vec<Vec<char>>,
    after: Vec<Vec<char>>,
    not_sites: Vec<String>,
}

/// An issue entry's count rule ([`crate::lexicon::CountRule`]), normalised.
struct PreparedCountRule {
    /// Index of the entry in the issues family.
    index: usize,
    verbs: Vec<Vec<char>>,
    units: Vec<String>,
    not_after: Vec<Vec<char>>,
}

/// How far before a count, in characters, its verb of release may stand
/// (see the module doc); the text segmented around a quantity reaches as
/// far, so the verb's tokens are known.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let near = p.analyze("a", "发布各类工作信息120条。");
/// assert_eq!(near.sentences[0].issues, ["proactive_disclosure"]);
/// let far = format!("发布{}120条。", "各类".repeat(gongkai::pipeline::COUNT_VERB_REACH));
/// assert!(p.analyze("b", &far).sentences[0].issues.is_empty());
/// ```
pub const COUNT_VERB_REACH: usize = 24;

impl Pipeline {
    /// A pipeline with the lexicons embedded in this build.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// assert!(p.analyze("a", "开通微博。").sentences[0].channels.contains(&"weibo".to_string()));
    /// ```
    pub fn new() -> crate::Result<Pipeline> {
        Pipeline::with_lexicons(Lexicons::embedded()?)
    }

    /// A pipeline with the given lexicons.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let p = gongkai::Pipeline::with_lexicons(lex).unwrap();
    /// assert_eq!(p.lexicons().channels.entries.len(), 8);
    /// ```
    pub fn with_lexicons(lexicons: Lexicons) -> crate::Result<Pipeline> {
        let model = crate::specificity::Model::embedded().clone();
        Pipeline::with_model(lexicons, model)
    }

    /// A pipeline with the given lexicons and specificity model.
    ///
    /// ```
    /// let lex = gongkai::Lexicons::embedded().unwrap();
    /// let model = gongkai::specificity::Model::embedded().clone();
    /// let p = gongkai::Pipeline::with_model(lex, model).unwrap();
    /// assert_eq!(p.model_hash().len(), 64);
    /// ```
    pub fn with_model(
        lexicons: Lexicons,
        model: crate::specificity::Model,
    ) -> crate::Result<Pipeline> {
        let splitter = Splitter::new(&lexicons.roles)?;
        let gazetteer = crate::meta::Gazetteer::parse(&lexicons.places)
            .map_err(|e| crate::Error::new(crate::ErrorKind::Lexicon, e))?;
        let segmenter = Segmenter::new(&lexicons)?;
        let model_hash = model.hash();
        let scorer = crate::specificity::Scorer::new(&lexicons, model)?;
        // One automaton pass per sentence finds the lexicon terms and the
        // specificity cues together.
        let tagger = Tagger::with_extra(&lexicons, scorer.extractor().sentence_cue_terms())?;
        let count_rules = lexicons
            .issues
            .entries
            .iter()
            .enumerate()
            .filter_map(|(index, e)| Some((index, e.count.as_ref()?)))
            .map(|(index, rule)| {
                let chars = |w: &String| crate::tagger::normalize_term(w).chars().collect();
                PreparedCountRule {
                    index,
                    verbs: rule.verbs.iter().map(chars).collect(),
                    units: rule
                        .units
                        .iter()
                        .map(|u| crate::tagger::normalize_term(u))
                        .collect(),
                    not_after: rule.not_after.iter().map(chars).collect(),
                }
            })
            .collect();
        let sites = match &lexicons.channels.named_sites {
            Some(n) => {
                let chars = |list: &[String]| -> Vec<Vec<char>> {
                    list.iter()
                        .map(|w| {
                            crate::tagger::normalize_term(w)
                                .chars()
                                .collect::<Vec<char>>()
                        })
                        .filter(|w| !w.is_empty())
                        .collect()
                };
                SiteCues {
                    before: chars(&n.before),
                    after: chars(&n.after),
                    not_sites: n
                        .not_sites
                        .iter()
                        .map(|w| crate::tagger::normalize_term(w))
                        .collect(),
                }
            }
            None => SiteCues::default(),
        };
        Ok(Pipeline {
            lexicons,
            gazetteer,
            splitter,
            segmenter,
            tagger,
            scorer,
            model_hash,
            count_rules,
            sites,
        })
    }

    /// The lexicons in use.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// assert_eq!(p.lexicons().hash().len(), 64);
    /// ```
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// The specificity scorer in use (model and feature extractor).
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// assert!(p.scorer().model().threshold > 0.0);
    /// ```
    pub fn scorer(&self) -> &crate::specificity::Scorer {
        &self.scorer
    }

    /// SHA-256 of the specificity model in use, for provenance.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// assert_eq!(p.model_hash(), gongkai::specificity::Model::embedded().hash());
    /// ```
    pub fn model_hash(&self) -> &str {
        &self.model_hash
    }

    /// The segmenter in use.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// assert_eq!(p.segmenter().cut("政务微博").len(), 1);
    /// ```
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Decodes and analyses a document's bytes.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// assert!(p.analyze_bytes("bad.txt", &[0xC3, 0x28]).is_err());
    /// let doc = p.analyze_bytes("ok.txt", "开通政务微博。".as_bytes()).unwrap();
    /// assert_eq!(doc.encoding, "UTF-8");
    /// ```
    pub fn analyze_bytes(&self, name: &str, bytes: &[u8]) -> crate::Result<Document> {
        Ok(self.analyze_bytes_noted(name, bytes)?.0)
    }

    /// [`Pipeline::analyze_bytes`], with notes on what was done to the
    /// document that a reader of the output should know: passages longer than
    /// [`MAX_UNIT_CHARS`] cut into records of at most that length.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let line = "公开".repeat(gongkai::pipeline::MAX_UNIT_CHARS);
    /// let (doc, notes) = p.analyze_bytes_noted("long.txt", line.as_bytes()).unwrap();
    /// assert_eq!(doc.sentences.len(), 2);
    /// assert!(notes[0].contains("cut"));
    /// ```
    pub fn analyze_bytes_noted(
        &self,
        name: &str,
        bytes: &[u8],
    ) -> crate::Result<(Document, Vec<String>)> {
        // A web page (by name or content) is analysed as its visible text.
        let source = crate::decode::decode_document(name, bytes)?;
        let mut notes = Vec::new();
        let doc = self.analyze_source(name, &source.text, source.encoding, &mut notes);
        Ok((doc, notes))
    }

    /// Analyses a decoded text: one record per furniture line, title, heading,
    /// sentence and table.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let doc = p.analyze("a.txt", "二、存在的问题\n网站更新不及时。");
    /// assert_eq!(doc.sentences[1].role, gongkai::Role::Problem);
    /// assert_eq!(doc.sentences[1].section[..], ["二、存在的问题"]);
    /// ```
    pub fn analyze(&self, name: &str, text: &str) -> Document {
        self.analyze_source(name, text, "UTF-8", &mut Vec::new())
    }

    fn analyze_source(
        &self,
        name: &str,
        text: &str,
        encoding: &'static str,
        notes: &mut Vec<String>,
    ) -> Document {
        let clean = CleanText::new(text);
        let units = limit_unit_length(&clean, self.splitter.units(&clean), notes);
        let names = named_sites(clean.norm_chars(), &self.sites);
        let names = NameSearcher::new(names);
        let website = self
            .lexicons
            .channels
            .entries
            .iter()
            .position(|e| e.id == "website");
        // Blocks of units go through three passes, each stage over the whole
        // block in turn, so that each one's tables (the automaton, jieba's
        // trie, the feature lists) stay in cache: 5–12 % faster than running
        // every stage on one unit before the next unit. A block's results
        // are kept in flat buffers (addressed by range), reused from block to
        // block so a huge document does not hold them all at once.
        let mut sentences = Vec::with_capacity(units.len());
        let mut prepared: Vec<Prepared> = Vec::with_capacity(BLOCK_UNITS);
        let (mut candidates, mut cues, mut wanted, mut needed, mut tokens) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (b, block) in units.chunks(BLOCK_UNITS).enumerate() {
            prepared.clear();
            candidates.clear();
            cues.clear();
            needed.clear();
            tokens.clear();
            // 1. Lexicon candidates, cue hits, quantity positions, and the pieces
            // that need tokens.
            for unit in block {
                let at = (candidates.len(), cues.len(), needed.len());
                let mut found = Vec::new();
                if unit.kind != UnitKind::Furniture {
                    let compact = &unit.compact;
                    self.tagger
                        .candidates_into(&compact.text, &mut candidates, &mut cues);
                    if matches!(unit.kind, UnitKind::Sentence | UnitKind::Heading) {
                        found = crate::quantity::find(compact.chars());
                    }
                    if candidates.len() > at.0 || !found.is_empty() {
                        wanted.clear();
                        wanted.extend(candidates[at.0..].iter().map(|c| (c.start, c.end)));
                        for q in &found {
                            // Room for the quantity's `what` label and for
                            // the verb of a count rule.
                            let from = q.start.saturating_sub(COUNT_VERB_REACH);
                            wanted.push((
                                compact.byte_at_char(from),
                                compact.byte_at_char(q.end + 8),
                            ));
                        }
                        crate::segment::pieces_overlapping_into(
                            &compact.text,
                            &mut wanted,
                            &mut needed,
                        );
                    }
                }
                prepared.push(Prepared {
                    candidates: at.0..candidates.len(),
                    cues: at.1..cues.len(),
                    needed: at.2..needed.len(),
                    tokens: 0..0,
                    found,
                });
            }
            // 2. Segmentation of those pieces only: jieba cuts a piece as it would
            // inside the whole text (see `segment::pieces`), so the tokens there
            // are the same, and the rest of the text is never segmented.
            for (unit, p) in block.iter().zip(&mut prepared) {
                let from = tokens.len();
                self.segmenter.cut_pieces_into(
                    &unit.compact.text,
                    &needed[p.needed.clone()],
                    &mut tokens,
                );
                p.tokens = from..tokens.len();
            }
            // 3. Matches, quantities, specificity and the records.
            for (i, (unit, p)) in block.iter().zip(prepared.drain(..)).enumerate() {
                let compact = &unit.compact;
                let unit_tokens = &tokens[p.tokens];
                let (mut matches, carriers) = if unit.kind == UnitKind::Furniture {
                    (Vec::new(), Vec::new())
                } else {
                    self.matches(
                        compact,
                        unit_tokens,
                        &candidates[p.candidates],
                        unit.role,
                        &names,
                        website,
                    )
                };
                let mut quantities = Vec::new();
                if !p.found.is_empty() {
                    let counts = self.count_matches(compact, unit_tokens, &p.found, unit.role);
                    if !counts.is_empty() {
                        matches.extend(counts);
                        sort_matches(&mut matches);
                    }
                    let starts: Vec<usize> = unit_tokens
                        .iter()
                        .map(|t| compact.char_at_byte(t.start))
                        .collect();
                    quantities = crate::quantity::extract(
                        compact,
                        |span| clean.original(span).to_string(),
                        p.found,
                        &carriers,
                        &starts,
                    );
                }
                let (channels, issues) = self.tags(&matches);
                let mut s = Sentence {
                    sid: b * BLOCK_UNITS + i + 1,
                    text: clean.original(unit.span).to_string(),
                    start: unit.span.start,
                    end: unit.span.end,
                    section: unit.section.clone(),
                    role: unit.role,
                    channels,
                    issues,
                    matches,
                    quantities,
                    specificity: None,
                    specific: None,
                };
                if let Some(score) = self.scorer.score_prepared(&s, compact, &cues[p.cues]) {
                    s.specificity = Some(score.specificity);
                    s.specific = Some(score.specific);
                }
                sentences.push(s);
            }
        }
        Document {
            name: name.to_string(),
            encoding,
            chars: clean.len_chars(),
            sentences,
            // The prepared text owns a copy already: hand it over.
            text: clean.into_text(),
        }
    }

    /// Reads a report's metadata and mandated tables from its analysed
    /// document (example under [`crate::document::Report`]).
    pub fn report(&self, doc: &Document) -> crate::document::Report {
        crate::document::Report {
            meta: crate::meta::extract_with(&self.gazetteer, doc, &doc.text),
            tables: crate::tables::read(&doc.text),
        }
    }

    /// The matches of one unit, and (compact char offset, id) of every counted
    /// channel match, for attributing quantities.
    fn matches<'p>(
        &'p self,
        compact: &crate::text::Compact,
        tokens: &[crate::segment::Token<'_>],
        candidates: &[crate::tagger::Candidate],
        role: Role,
        names: &NameSearcher,
        website: Option<usize>,
    ) -> (Vec<Match>, Vec<(usize, &'p str)>) {
        let mut found = self.tagger.select(&compact.text, tokens, candidates);
        if found.is_empty() && names.names.is_empty() {
            return (Vec::new(), Vec::new());
        }
        // Named sites: every occurrence of a name found in quotes elsewhere.
        let named = names.occurrences(&compact.text);
        found.retain(|m| !named.iter().any(|n| m.start >= n.0 && m.end <= n.1));
        let contact = role == Role::Meta && self.splitter.has_contact(&compact.text);
        let mut out = Vec::with_capacity(found.len() + named.len());
        let mut carriers: Vec<(usize, &str)> = Vec::new();
        let char_at = |byte: usize| compact.char_at_byte(byte);
        // The end of the last channel match, and its tags.
        let mut prev_carrier: Option<(usize, &[crate::tagger::TagRef])> = None;
        for m in &found {
            let doc = compact.doc_span(m.start, m.end);
            // A website's own column (门户网站“办事指南”栏目) is still a website.
            let after_carrier = prev_carrier.is_some_and(|(e, tags)| {
                !m.tags.iter().all(|t| tags.contains(t))
                    && belongs_to_carrier(&compact.text[e..m.start])
            });
            for tag in m.tags {
                let why = match (tag.family, role) {
                    (FamilyKind::Issue, Role::Meta) => Some("meta record: no issues"),
                    (FamilyKind::Channel, Role::Meta) if contact => {
                        Some("contact details: no channel")
                    }
                    (FamilyKind::Channel, _) if m.generic && after_carrier => {
                        Some("generic term after a named carrier")
                    }
                    _ => None,
                };
                if tag.family == FamilyKind::Channel && why.is_none() {
                    carriers.push((char_at(m.start), self.id(*tag)));
                }
                out.push(Match {
                    term: m.term.to_string(),
                    tag: self.id(*tag).to_string(),
                    start: doc.start,
                    end: doc.end,
                    rule: "lexicon",
                    counted: why.is_none(),
                    why,
                });
            }
            if m.tags.iter().any(|t| t.family == FamilyKind::Channel) {
                prev_carrier = Some((m.end, m.tags));
            }
        }
        if let Some(website) = website {
            for (s, e, name) in named {
                let doc = compact.doc_span(s, e);
                let why = (role == Role::Meta && contact).then_some("contact details: no channel");
                if why.is_none() {
                    carriers.push((char_at(s), &self.lexicons.channels.entries[website].id));
                }
                out.push(Match {
                    term: name.clone(),
                    tag: self.lexicons.channels.entries[website].id.clone(),
                    start: doc.start,
                    end: doc.end,
                    rule: "named_site",
                    counted: why.is_none(),
                    why,
                });
            }
        }
        sort_matches(&mut out);
        (out, carriers)
    }

    /// The matches of the count rules (see the module doc) in one unit.
    fn count_matches(
        &self,
        compact: &crate::text::Compact,
        tokens: &[crate::segment::Token<'_>],
        found: &[crate::quantity::Found],
        role: Role,
    ) -> Vec<Match> {
        let chars = compact.chars();
        // A verb counts only as a token of its own.
        let is_token = |from: usize, to: usize| {
            let (start, end) = (compact.byte_at_char(from), compact.byte_at_char(to));
            tokens
                .binary_search_by_key(&start, |t| t.start)
                .is_ok_and(|i| tokens[i].end == end)
        };
        let mut out = Vec::new();
        for f in found {
            for rule in &self.count_rules {
                if !rule.units.iter().any(|u| u == f.unit) {
                    continue;
                }
                // The nearest verb before the number, in its clause.
                let reach = f.start.saturating_sub(COUNT_VERB_REACH);
                let mut at = f.start;
                let found_verb = loop {
                    if at == reach || crate::quantity::ends_clause(chars[at - 1]) {
                        break false;
                    }
                    at -= 1;
                    let verb_here = |v: &Vec<char>| {
                        at + v.len() <= f.start
                            && chars[at..].starts_with(v)
                            && is_token(at, at + v.len())
                            && !rule.not_after.iter().any(|w| chars[..at].ends_with(w))
                    };
                    if rule.verbs.iter().any(verb_here) {
                        break true;
                    }
                };
                if !found_verb {
                    continue;
                }
                let span = compact.doc_span_chars(at, f.end);
                let why = (role == Role::Meta).then_some("meta record: no issues");
                out.push(Match {
                    term: chars[at..f.end].iter().collect(),
                    tag: self.lexicons.issues.entries[rule.index].id.clone(),
                    start: span.start,
                    end: span.end,
                    rule: "count",
                    counted: why.is_none(),
                    why,
                });
            }
        }
        out
    }

    fn id(&self, tag: crate::tagger::TagRef) -> &str {
        match tag.family {
            FamilyKind::Channel => &self.lexicons.channels.entries[tag.index].id,
            FamilyKind::Issue => &self.lexicons.issues.entries[tag.index].id,
        }
    }

    /// Counted tags, deduplicated, in lexicon order.
    fn tags(&self, matches: &[Match]) -> (Vec<String>, Vec<String>) {
        // Most records have no counted match: no id is compared then.
        if !matches.iter().any(|m| m.counted) {
            return (Vec::new(), Vec::new());
        }
        let counted = |id: &str| matches.iter().any(|m| m.counted && m.tag == id);
        let pick = |family: &crate::lexicon::Family| -> Vec<String> {
            family
                .ids()
                .filter(|id| counted(id))
                .map(str::to_string)
                .collect()
        };
        (pick(&self.lexicons.channels), pick(&self.lexicons.issues))
    }
}

/// Matches in output order: by position, then id.
fn sort_matches(matches: &mut [Match]) {
    matches.sort_by(|a, b| (a.start, a.end, &a.tag).cmp(&(b.start, b.end, &b.tag)));
}

/// The longest record, in characters, that the pipeline analyses as one
/// unit. A longer sentence (a line of 10 MB without punctuation, a page whose
/// line breaks were lost) is cut into records of at most this length, at the
/// last space or punctuation mark in the final fifth of each piece if there is
/// one, else right at the limit (a word there may be cut in two). Every later
/// stage then works on bounded pieces: no jieba graph over megabytes, and
/// memory per record stays small. Tables may be ten times as long.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let long = "开通政务微博".repeat(2_000); // 12,000 characters, no punctuation
/// let doc = p.analyze("a.txt", &long);
/// assert_eq!(doc.sentences.len(), 3);
/// assert!(doc.sentences.iter().all(|s| s.end - s.start <= gongkai::pipeline::MAX_UNIT_CHARS));
/// assert_eq!(doc.sentences[1].start, doc.sentences[0].end);
/// ```
pub const MAX_UNIT_CHARS: usize = 5_000;

/// Cuts units longer than [`MAX_UNIT_CHARS`] (tables: ten times that) into
/// consecutive pieces, each with its own compact text; the pieces keep the
/// unit's kind, role and section. Adds a note when it cuts anything.
fn limit_unit_length<'a>(
    clean: &'a CleanText,
    units: Vec<crate::structure::Unit<'a>>,
    notes: &mut Vec<String>,
) -> Vec<crate::structure::Unit<'a>> {
    let limit = |kind: UnitKind| match kind {
        UnitKind::Table => MAX_UNIT_CHARS * 10,
        _ => MAX_UNIT_CHARS,
    };
    if units.iter().all(|u| u.span.len() <= limit(u.kind)) {
        return units;
    }
    let chars = clean.norm_chars();
    let (mut cut, mut longest, mut first) = (0, 0, None);
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        let max = limit(unit.kind);
        if unit.span.len() <= max {
            out.push(unit);
            continue;
        }
        cut += 1;
        longest = longest.max(unit.span.len());
        first.get_or_insert(out.len() + 1);
        let passed = passed_over(chars, &unit);
        let mut start = unit.span.start;
        while start < unit.span.end {
            let mut end = unit.span.end;
            if end - start > max {
                // The last break (space, punctuation) in the final fifth, else the limit.
                let hard = start + max;
                end = (hard - max / 5..hard)
                    .rev()
                    .find(|&i| !chars[i].is_alphanumeric())
                    .map_or(hard, |i| i + 1);
            }
            let piece = crate::Span::new(start, end);
            let s = chars[start..end]
                .iter()
                .take_while(|c| c.is_whitespace())
                .count();
            let e = chars[start..end]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
            if s < piece.len() {
                let span = crate::Span::new(start + s, end - e);
                out.push(crate::structure::Unit {
                    span,
                    kind: unit.kind,
                    role: unit.role,
                    section: unit.section.clone(),
                    compact: clean.compact_without(span, &passed),
                });
            }
            start = end;
        }
    }
    notes.push(format!(
        "{cut} passage(s) longer than {MAX_UNIT_CHARS} characters without a sentence end \
         (longest {longest}) cut into records of at most {MAX_UNIT_CHARS}, from record {}",
        first.unwrap_or(1)
    ));
    out
}

/// The lines a unit runs across but leaves out of its compact text (page
/// numbers, running titles; see [`CleanText::compact_without`]): the
/// characters of its span, other than whitespace, that its compact text does
/// not map to, as runs.
fn passed_over(chars: &[char], unit: &crate::structure::Unit<'_>) -> Vec<crate::Span> {
    let kept = &unit.compact;
    let mut out: Vec<crate::Span> = Vec::new();
    let mut k = 0;
    for (at, &c) in chars
        .iter()
        .enumerate()
        .take(unit.span.end)
        .skip(unit.span.start)
    {
        while k < kept.chars().len() && kept.doc_span_chars(k, k + 1).start < at {
            k += 1;
        }
        let is_kept = k < kept.chars().len() && kept.doc_span_chars(k, k + 1).start == at;
        if is_kept || crate::text::is_space(c) {
            continue;
        }
        match out.last_mut() {
            Some(run) if run.end == at => run.end = at + 1,
            _ => out.push(crate::Span::new(at, at + 1)),
        }
    }
    out
}

/// A document's site names (see [`named_sites`]), each ending in 网.
struct NameSearcher {
    names: Vec<String>,
    /// Finds 网: its last byte (0x91) ends many other ideographs, so a
    /// memchr for it (`match_indices`) would stop at each.
    wang: memchr::memmem::Finder<'static>,
}

impl NameSearcher {
    fn new(names: Vec<String>) -> NameSearcher {
        debug_assert!(names.iter().all(|n| n.ends_with('网')));
        NameSearcher {
            names,
            wang: memchr::memmem::Finder::new("网").into_owned(),
        }
    }

    /// Every occurrence of each name in `text`, name by name in order of
    /// the names, each name's occurrences left to right and not overlapping
    /// one another (as `str::match_indices` gives them). Every name ends in
    /// 网, so only the places after a 网 are tried: a substring search per
    /// name and unit was 1–2 % of the pipeline on real text.
    fn occurrences(&self, text: &str) -> Vec<(usize, usize, &String)> {
        if self.names.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for at in self.wang.find_iter(text.as_bytes()) {
            let end = at + '网'.len_utf8();
            for (i, name) in self.names.iter().enumerate() {
                if text[..end].ends_with(name.as_str()) {
                    hits.push((i, end - name.len()));
                }
            }
        }
        hits.sort_unstable();
        let mut out: Vec<(usize, usize, &String)> = Vec::with_capacity(hits.len());
        let mut last: Option<(usize, usize)> = None;
        for (i, at) in hits {
            if last.is_some_and(|(li, end)| li == i && at < end) {
                continue;
            }
            let name = &self.names[i];
            out.push((at, at + name.len(), name));
            last = Some((i, at + name.len()));
        }
        out
    }
}

/// Names of sites ending in 网, proper names of websites (ANNOTATION.md:
/// "…网 (named site)"), in the order first seen: given in quotes or title
/// marks (“雪城警网”, 《宁夏新闻网》), or unquoted where the sentence itself
/// makes the name a carrier (channels.toml `[named_sites]`: 通过长安网发布).
fn named_sites(chars: &[char], sites: &SiteCues) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |body: &[char]| {
        let name: String = body.iter().collect();
        if !sites.not_sites.iter().any(|s| name.ends_with(s.as_str())) && !names.contains(&name) {
            names.push(name);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let close = match chars[i] {
            '“' => '”',
            '《' => '》',
            '网' => {
                if let Some(name) = unquoted_site(chars, i, sites) {
                    add(name);
                }
                i += 1;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let body = &chars[i + 1..];
        let n = body.iter().take(12).take_while(|&&c| c != close).count();
        let body = &body[..n];
        let closed = chars.get(i + 1 + n) == Some(&close);
        if closed
            && (3..=10).contains(&n)
            && body.last() == Some(&'网')
            && body.iter().all(|c| c.is_alphanumeric())
        {
            add(body);
        }
        i += 1;
    }
    names
}

/// The unquoted site name ending at the 网 at `at`, if the text around it
/// introduces it as a carrier: 2 to 6 ideographs or ASCII letters and digits
/// after one of `sites.before`, and one of `sites.after` next.
fn unquoted_site<'c>(chars: &'c [char], at: usize, sites: &SiteCues) -> Option<&'c [char]> {
    // 网上 is "online" unless a verb of release follows (在…网上公布).
    let rest = match chars.get(at + 1) {
        Some('上') => &chars[at + 2..],
        _ => &chars[at + 1..],
    };
    if !sites
        .after
        .iter()
        .any(|w| crate::text::starts_with_chars(rest, w))
    {
        return None;
    }
    let name_char = |c: char| crate::text::is_cjk(c) || c.is_ascii_alphanumeric();
    for len in 1..=6.min(at) {
        let from = at - len;
        if !name_char(chars[from]) || chars[from] == '网' {
            return None;
        }
        let before = &chars[..from];
        if len >= 2 && sites.before.iter().any(|w| before.ends_with(w)) {
            return Some(&chars[from..=at]);
        }
    }
    None
}

/// Units analysed together, stage by stage (see `Pipeline::analyze_source`):
/// enough text (tens of KB) for each stage's tables to stay in cache.
const BLOCK_UNITS: usize = 256;

/// What the first pass of [`Pipeline::analyze`] found in a unit: ranges into
/// the document's flat buffers, and its quantity positions.
struct Prepared {
    candidates: std::ops::Range<usize>,
    cues: std::ops::Range<usize>,
    needed: std::ops::Range<usize>,
    tokens: std::ops::Range<usize>,
    found: Vec<crate::quantity::Found>,
}

/// Whether a generic term belongs to the carrier named before it, given the
/// text between the two: nothing but quoted or titled names (《警视聚焦》)
/// and at most four other characters (开设, 上的). A list (、 和 及 与 或) or a
/// clause break (，；：) means a carrier of its own: 微博、网络平台 are two.
fn belongs_to_carrier(gap: &str) -> bool {
    let mut depth = 0usize;
    let mut outside = 0;
    for c in gap.chars() {
        match c {
            '“' | '《' | '「' | '〈' => depth += 1,
            '”' | '》' | '」' | '〉' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '、' | '和' | '及' | '与' | '或' | '，' | '；' | '：' | '。' | '！' | '？' =>
            {
                return false;
            }
            _ if c.is_alphanumeric() => {
                outside += 1;
                if outside > 4 {
                    return false;
                }
            }
            _ => {}
        }
    }
    // A quote still open: the term stands inside a name given after the
    // carrier (微信公众号开设“警方栏目”), which belongs to it as well.
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A passage cut for its length keeps leaving out the page number and
    /// running title it runs across: the title's 出入境 tags the title only.
    #[test]
    fn long_passages_cut_still_pass_over_running_titles() {
        let title = "某市公安局出入境管理支队2020年政府信息公开工作年度报告";
        let body = "全面推进警务公开工作持续深化阳光警务建设".repeat(140);
        let text = format!(
            "{title}\n一、总体情况\n{body}通过政务微博发布信息\n- 2 -\n{title}\n{body}在门户网站公开。\n"
        );
        let (doc, notes) = Pipeline::new()
            .unwrap()
            .analyze_bytes_noted("a.txt", text.as_bytes())
            .unwrap();
        assert_eq!(notes.len(), 1, "the passage is cut");
        let tagged: Vec<usize> = doc
            .sentences
            .iter()
            .filter(|s| s.issues.iter().any(|i| i == "exit_entry"))
            .map(|s| s.sid)
            .collect();
        assert_eq!(tagged, [1]);
        let weibo = doc
            .sentences
            .iter()
            .find(|s| s.channels.iter().any(|c| c == "weibo"));
        assert!(
            weibo.is_some_and(|s| s.text.contains("- 2 -")),
            "the cut record runs across the page break"
        );
    }

    /// The names' occurrences are those `str::match_indices` gives, name by
    /// name, also where names overlap each other or themselves.
    #[test]
    fn name_occurrences_are_match_indices() {
        let names = ["网网", "城网", "雪城网", "a网网"]
            .map(String::from)
            .to_vec();
        let searcher = NameSearcher::new(names.clone());
        let alphabet = ['网', '城', '雪', 'a', '，'];
        // Every text of up to five characters over the alphabet.
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for text in &texts {
            let expected: Vec<(usize, usize, &String)> = names
                .iter()
                .flat_map(|n| {
                    text.match_indices(n.as_str())
                        .map(move |(at, _)| (at, at + n.len(), n))
                })
                .collect();
            assert_eq!(searcher.occurrences(text), expected, "{text}");
        }
    }

    #[test]
    fn named_sites_found_in_quotes() {
        let chars: Vec<char> = "改版了《雪城警网》，在“龙警网”查询，通过互联网和“平安固原”微博"
            .chars()
            .collect();
        assert_eq!(
            named_sites(&chars, &Pipeline::new().unwrap().sites),
            ["雪城警网", "龙警网"]
        );
    }

    #[test]
    fn unquoted_sites_named_as_carriers() {
        let p = Pipeline::new().unwrap();
        let names = |t: &str| named_sites(&t.chars().collect::<Vec<_>>(), &p.sites);
        assert_eq!(names("通过长安网发布普法信息"), ["长安网"]);
        assert_eq!(names("在中国政府网、省政府网站转载"), ["中国政府网"]);
        assert_eq!(names("在江城新闻网上公布"), ["江城新闻网"]);
        // Networks are not sites; a name needs a carrier's place in the sentence.
        assert!(names("通过互联网发布，在公安网上公布，利用视频专网传输").is_empty());
        assert!(names("长安网发布了文章").is_empty());
        assert!(names("通过长安网站发布").is_empty());
        assert!(names("在网上发布").is_empty());
        assert!(names("在全市推行跨县网上迁移户口").is_empty());
        assert!(names("通过新闻发布、网上公布等方式").is_empty());
        assert!(names("通过本局官方微博和网发布").is_empty());
    }

    /// The channel of each quantity of a sentence.
    fn quantity_channels(s: &Sentence) -> Vec<Option<&str>> {
        s.quantities.iter().map(|q| q.channel.as_deref()).collect()
    }

    /// "Other means" is a means with no channel: its count has none, and it
    /// lends none to the clauses after it.
    #[test]
    fn counts_through_other_means_inherit_no_channel() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "政务微博公开信息389条，粉丝2万人，其他方式公开信息1023条，其中图解12条。",
        );
        let weibo = Some("weibo");
        assert_eq!(
            quantity_channels(&doc.sentences[0]),
            [weibo, weibo, None, None]
        );
    }

    /// A carrier named in a parenthesis counts for the counts inside it only;
    /// one named before a parenthesis still counts after it.
    #[test]
    fn a_parenthesis_lends_its_carrier_to_nothing_outside_it() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "办理依申请公开13件（其中网上申请11件），办结率100%。\n通过门户网站（www.example.gov.cn）发布信息300条。",
        );
        let website = Some("website");
        assert_eq!(quantity_channels(&doc.sentences[0]), [None, website, None]);
        assert_eq!(quantity_channels(&doc.sentences[1]), [website]);
    }

    /// In a list of counts, a count takes the carrier or means its own item
    /// names; a means that is no carrier (当面, 信函) gives none, and a clause
    /// naming both lends neither to the clauses after it. A list item
    /// without a carrier still takes the clause's.
    #[test]
    fn counts_listed_by_means_take_their_own_items_carrier() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "收到申请7件，其中当面申请2件、网上申请5件；同意公开4件。\n\
             微信公众号粉丝1.3万人、推送文章620篇。\n\
             通过微博、微信发布信息30条。",
        );
        let website = Some("website");
        assert_eq!(
            quantity_channels(&doc.sentences[0]),
            [None, None, website, None]
        );
        let wechat = Some("wechat");
        assert_eq!(quantity_channels(&doc.sentences[1]), [wechat, wechat]);
        assert_eq!(quantity_channels(&doc.sentences[2]), [None]);
    }

    #[test]
    fn inspections_of_others_are_enforcement_and_keep_their_domain() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "开展消防安全检查120次。\n对娱乐场所开展治安检查。\n上级对我局公开工作进行检查。",
        );
        let issues: Vec<&[String]> = doc.sentences.iter().map(|s| &s.issues[..]).collect();
        assert_eq!(issues[0], ["fire", "enforcement"]);
        assert_eq!(issues[1], ["public_order", "enforcement"]);
        assert_eq!(issues[2], ["oversight"]);
    }

    /// Police domains named by what was done in them, not only by the
    /// domain's name (ANNOTATION.md lists cue words as examples).
    #[test]
    fn police_domains_named_by_their_work() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "查处酒驾醉驾违法行为310起。\n抓获犯罪嫌疑人42名。\n深入开展扫黑除恶专项斗争。\n办理居住证1.1万张。\n破获涉毒案件6起。\n为电动自行车免费上牌1.2万辆。",
        );
        let issues: Vec<&[String]> = doc.sentences.iter().map(|s| &s.issues[..]).collect();
        assert_eq!(
            issues,
            [
                &["traffic"][..],
                &["crime"],
                &["crime"],
                &["household_id"],
                &["crime", "drugs"],
                &["traffic"],
            ]
        );
    }

    /// A newspaper named in title marks is print and broadcast; a notice,
    /// bulletin or annual report in title marks is not.
    #[test]
    fn newspapers_in_title_marks() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "在《江城警察报》刊发稿件9篇。\n印发《关于政务公开工作的通报》。\n编发《政务公开简报》6期。\n报送《政府信息公开工作年报》。",
        );
        let channels: Vec<&[String]> = doc.sentences.iter().map(|s| &s.channels[..]).collect();
        assert_eq!(channels, [&["print_broadcast"][..], &[], &[], &[]]);
    }

    #[test]
    fn named_site_tags_bare_mentions_in_same_document() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "一、工作\n改版了“雪城警网”。\n局长在雪城警网举办在线访谈一次。",
        );
        assert_eq!(doc.sentences[2].channels, ["website"]);
        assert!(
            doc.sentences[2]
                .matches
                .iter()
                .any(|m| m.rule == "named_site" && m.term == "雪城警网")
        );
    }

    #[test]
    fn contact_meta_has_no_channel_but_download_does() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "根据《条例》，现公布本局年度报告。本报告电子版可在本局门户网站下载。如有疑问请联系（电话0470-1234567，电子信箱a@b.cn）。",
        );
        let s: Vec<_> = doc
            .sentences
            .iter()
            .map(|s| (s.role, s.channels.clone()))
            .collect();
        assert_eq!(s[1], (Role::Meta, vec!["website".to_string()]));
        assert_eq!(s[2], (Role::Meta, vec![]));
        assert!(doc.sentences[2].matches.iter().any(|m| !m.counted));
    }

    #[test]
    fn traditional_text_is_tagged_and_units_stay_as_written() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze("d", "通過政務微博發佈信息120條。");
        let s = &doc.sentences[0];
        assert_eq!(s.channels, ["weibo"]);
        assert_eq!(s.quantities[0].unit, "條");
        assert_eq!(s.quantities[0].channel.as_deref(), Some("weibo"));
    }

    #[test]
    fn counts_after_a_verb_of_release_are_proactive_disclosure() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "一、工作\n全年通过门户网站发布各类工作信息1,260条。\n共公开96条执法信息。\n\
             召开新闻发布会3场。\n办理依申请公开信息12条。\n发布了通告，共12条。\n\
             受理公开申请15件。\n累计发布信息近万条。\n其中予以公开5条，部分公开2条。\n\
             发布交通管制、恶劣天气出行提示等信息1,856条。",
        );
        let proactive = |i: usize| {
            doc.sentences[i]
                .issues
                .contains(&"proactive_disclosure".to_string())
        };
        let tagged: Vec<bool> = (1..doc.sentences.len()).map(proactive).collect();
        // 发布会 and 依申请公开 hold the verb inside a longer word; a clause
        // break stands between 发布 and 12条; 件 is not a unit of the rule.
        // 予以公开 and 部分公开 answer requests. A list of what was released
        // may stand between the verb and its count.
        assert_eq!(
            tagged,
            [true, true, false, false, false, false, true, false, true]
        );
        let m = doc.sentences[1]
            .matches
            .iter()
            .find(|m| m.rule == "count")
            .unwrap();
        assert_eq!(m.term, "发布各类工作信息1,260条");
        let chars: Vec<char> = doc.text.chars().collect();
        let quoted: String = chars[m.start..m.end].iter().collect();
        assert_eq!(quoted, "发布各类工作信息1,260条");
        // In the preamble (meta) the match is listed but does not count.
        let meta = p.analyze("d", "根据《条例》，现公布本局年度报告，全年发布信息30条。");
        let s = &meta.sentences[0];
        assert_eq!(s.role, Role::Meta);
        assert!(s.issues.is_empty());
        assert!(s.matches.iter().any(|m| m.rule == "count" && !m.counted));
    }

    #[test]
    fn generic_platform_after_named_carrier() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze("d", "在“企鹅号”网络平台上线运行。通过网络平台公开。");
        assert_eq!(doc.sentences[0].channels, ["new_media_other"]);
        assert_eq!(doc.sentences[1].channels, ["website"]);
    }

    /// A column (栏目, 专栏) opened on a broadcaster or an account is part of
    /// that carrier; a column on its own, or after a list, is a website's.
    #[test]
    fn columns_belong_to_the_carrier_named_before_them() {
        let p = Pipeline::new().unwrap();
        let doc = p.analyze(
            "d",
            "在县电视台《警视聚焦》栏目播出专题节目22期。\n\
             在微信公众号开设“警方提示”专栏。\n\
             在局政府信息公开专栏发布信息856条。\n\
             通过微博、网络平台发布。\n\
             通过微博及时回应群众关切并在网络平台公开办事指南。",
        );
        let channels: Vec<_> = doc.sentences.iter().map(|s| s.channels.clone()).collect();
        assert_eq!(channels[0], ["print_broadcast"]);
        assert_eq!(channels[1], ["wechat"]);
        assert_eq!(channels[2], ["website"]);
        assert_eq!(channels[3], ["website", "weibo"]);
        assert_eq!(channels[4], ["website", "weibo"]);
        // The programme count is the broadcaster's.
        assert_eq!(
            doc.sentences[0].quantities[0].channel.as_deref(),
            Some("print_broadcast")
        );
        // A column named in quotes after the carrier is the carrier's.
        let quoted = p.analyze("d", "在微信公众号开设“警方栏目”。");
        assert_eq!(quoted.sentences[0].channels, ["wechat"]);
    }

    #[test]
    fn units_past_the_first_block_get_what_they_get_alone() {
        // Per-unit results live in buffers shared by a block: a unit in a
        // later block must get exactly its own candidates, tokens and cues.
        let p = Pipeline::new().unwrap();
        let lines = [
            "通过政务微博发布信息{n}条，回应关切{n}次。",
            "召开新闻发布会{n}场，解读政策文件。",
            "办理依申请公开{n}件，均按时答复。",
            "在政府网站公开交通安全提示{n}条。",
            "推进户籍办理便民服务。",
        ];
        let text: String = (0..2 * BLOCK_UNITS + 40)
            .map(|i| lines[i % lines.len()].replace("{n}", &(i + 1).to_string()) + "\n")
            .collect();
        let doc = p.analyze("long.txt", &text);
        assert_eq!(doc.sentences.len(), 2 * BLOCK_UNITS + 40);
        // What a record says, with offsets taken relative to its start.
        let said = |s: &Sentence| {
            let matches: Vec<_> = s
                .matches
                .iter()
                .map(|m| (m.term.clone(), m.tag.clone(), m.counted, m.start - s.start))
                .collect();
            let quantities: Vec<_> = s
                .quantities
                .iter()
                .map(|q| {
                    (
                        q.value,
                        q.unit.clone(),
                        q.what.clone(),
                        q.channel.clone(),
                        q.start - s.start,
                    )
                })
                .collect();
            (
                s.role,
                s.channels.clone(),
                s.issues.clone(),
                matches,
                quantities,
                s.specificity,
            )
        };
        let mut compared = 0;
        for (i, s) in doc.sentences.iter().enumerate() {
            assert_eq!(s.sid, i + 1);
            let alone = p.analyze("one.txt", &format!("{}\n{}", lines[4], s.text));
            let own = &alone.sentences[1];
            if own.role == s.role && i > BLOCK_UNITS {
                assert_eq!(said(own), said(s), "record {}", s.sid);
                compared += 1;
            }
        }
        assert!(compared > BLOCK_UNITS, "only {compared} records compared");
    }
}
