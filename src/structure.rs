//! Structure: [`CleanText`] → [`Unit`]s with section paths and roles.
//!
//! Takes the prepared document and gives its units in document order:
//! page-furniture lines, the title, headings, sentences and tables, each with
//! the path of headings it sits under and its role (ANNOTATION.md, "role").
//!
//! How it reads a report, in order:
//! 1. **Lines** are first split where line breaks were lost: a section or
//!    subsection heading (二、…, （一）…) written after a sentence end or a
//!    space inside a line, numbered next in order (二 after 一), with a name
//!    of at most 30 characters and no clause marks ending at a space, a 。 or
//!    the line's end, becomes a line of its own (so does a line-opening
//!    heading whose name ends at a space before a clause: 一、总体情况 2020年，…).
//!    Lines are classified: blank (also a page number left by PDF
//!    extraction: — 3 —, 第4页 共9页), page furniture (来源, 打印, ICP备 …, cues
//!    in `lexicons/roles.toml`), numbered headings (一、 （一） 1、 1. （1） ①),
//!    unnumbered section headings (a short unpunctuated line such as
//!    存在的问题和不足, 概述 or 依申请公开政府信息情况 that does not continue a
//!    sentence left open above it), list items (一是 …), numeric cells and
//!    rows of numbers (1 0 0 0 1), rows of cells (two `|` or tabs, or one next
//!    to a number), and plain text. After the title is found (3.), a later
//!    line repeating it (a PDF's running header) is blank as well; blank lines
//!    that hold text stay inside a joined sentence's span but out of its
//!    compact text.
//! 2. **Tables** are runs of short, unpunctuated lines holding at least three
//!    numeric cells (or two rows of cells), blank lines allowed between them;
//!    a label followed by numbers after spaces (规范性文件 2 1 9) counts as a
//!    numeric cell there. A run ends at prose, at a heading of one of the six
//!    sections of the post-2019 template, or at a heading that leads to prose
//!    (a numbered row with its value, （二）部分公开 3, is a cell). One table
//!    is one unit.
//! 3. **The title** is an unpunctuated line with 年度报告/工作报告 before the first
//!    heading (a title broken over two lines is joined); lines above it are
//!    site furniture.
//! 4. **Blocks** are lines joined where a sentence was broken across lines (PDF
//!    extraction): the line does not end a sentence and either ends with a
//!    comma-like mark, the next line starts with one, the line ends in a digit
//!    and the next opens with a unit (489 / 条), or the line is a long
//!    wrapped prose line. Headings, items and cells never join.
//! 5. **Sentences** end at 。！？ (with any closing quotes) or at the end of a
//!    block. A heading line's first sentence is a heading when it is short and
//!    states no count; the rest of the line is content. A numbered item below
//!    the top level that says something (a long clause, or two clauses
//!    ending in 。) and has nothing under it (the next heading is its
//!    sibling or above it) is content.
//! 6. **Roles** come from the section (headings with 问题/不足 → `problem`,
//!    下一步/打算/改进措施 → `plan`, both → `problem` until a sentence announces
//!    plans, and `problem` again at a new item that names a shortcoming), from
//!    sentence cues (统计期限, 如对本报告…, the legal basis in the
//!    preamble, contact details anywhere → `meta`; 下一步/今后/将进一步 at the
//!    start → `plan`), and
//!    default to `work`. `一是…` items keep the role of their section.

use std::sync::Arc;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};

use crate::Span;
use crate::lexicon::RoleCues;
use crate::text::{
    CleanText, Compact, is_cjk, is_cjk_numeral, is_closer, is_space, is_terminal, starts_with_chars,
};

/// The role of a unit (ANNOTATION.md, "role").
///
/// ```
/// assert_eq!(serde_json::to_string(&gongkai::Role::Work).unwrap(), "\"work\"");
/// assert_eq!(gongkai::Role::Plan.as_str(), "plan");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Preamble and page furniture.
    Meta,
    /// A section or item heading with no further content.
    Heading,
    /// What the body did (the default).
    Work,
    /// Shortcomings the body admits.
    Problem,
    /// Next steps and intentions.
    Plan,
    /// A mandated statistical table.
    Table,
}

impl Role {
    /// Every role, in output order.
    ///
    /// ```
    /// assert_eq!(gongkai::Role::ALL.len(), 6);
    /// ```
    pub const ALL: [Role; 6] = [
        Role::Meta,
        Role::Heading,
        Role::Work,
        Role::Problem,
        Role::Plan,
        Role::Table,
    ];

    /// The id written in outputs.
    ///
    /// ```
    /// assert_eq!(gongkai::Role::Table.as_str(), "table");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Meta => "meta",
            Role::Heading => "heading",
            Role::Work => "work",
            Role::Problem => "problem",
            Role::Plan => "plan",
            Role::Table => "table",
        }
    }
}

/// What kind of unit a span is.
///
/// ```
/// assert_ne!(gongkai::structure::UnitKind::Table, gongkai::structure::UnitKind::Sentence);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A page-furniture line (来源, 打印, ICP备 …) or site header above the title.
    Furniture,
    /// The report's title.
    Title,
    /// A numbered heading.
    Heading,
    /// A sentence of prose.
    Sentence,
    /// A whole statistical table.
    Table,
}

/// One unit of the document: its span, kind, role and section path.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let text = gongkai::text::CleanText::new("一、概述\n全年发布信息12条。下一步将继续公开。");
/// let units = gongkai::structure::units(&text, &lex.roles);
/// assert_eq!(units.len(), 3);
/// assert_eq!(units[0].role, gongkai::Role::Heading);
/// assert_eq!(units[1].section[..], ["一、概述"]);
/// assert_eq!(units[2].role, gongkai::Role::Plan);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    /// Where it is (trimmed of surrounding whitespace).
    pub span: Span,
    /// What it is.
    pub kind: UnitKind,
    /// Its role.
    pub role: Role,
    /// The headings it sits under, outermost first (a heading includes itself);
    /// shared by the units under the same headings.
    pub section: Arc<[String]>,
    /// Its normalised text without whitespace, with the map back to the
    /// document (built here once; segmentation and tagging read it).
    pub compact: Compact<'a>,
}

/// Cue lists of `lexicons/roles.toml` that may occur anywhere in a text.
#[derive(Debug, Clone, Copy)]
enum Cue {
    FurnitureAnywhere,
    MetaAnywhere,
    MetaPreamble,
    Contact,
    ProblemHeading,
    PlanHeading,
    TemplateSections,
    Title,
    ProblemWords,
    RemedyWords,
}

/// The structure stage, built once: the role cues, each "anywhere" list
/// compiled into an automaton that answers "does any cue of this list occur?"
/// with a prefilter-accelerated search that stops at the first hit.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let splitter = gongkai::structure::Splitter::new(&lex.roles).unwrap();
/// let text = gongkai::text::CleanText::new("一、存在的问题\n网站更新不及时。");
/// let units = splitter.units(&text);
/// assert_eq!(units[1].role, gongkai::Role::Problem);
/// ```
#[derive(Debug, Clone)]
pub struct Splitter {
    cues: RoleCues,
    /// `furniture_line_start` and `plan_sentence_start` as characters,
    /// compared with the text's characters without decoding the cues again.
    furniture_line_start: Vec<Vec<char>>,
    plan_sentence_start: Vec<Vec<char>>,
    disposal_verbs: Vec<Vec<char>>,
    /// One automaton per [`Cue`], in its order; `None` for an empty list.
    automata: Vec<Option<AhoCorasick>>,
    /// Endings of an unnumbered section's name (概述, …情况).
    section_name_end: Vec<Vec<char>>,
    /// Searchers for ：and 为, which come between a contact cue and its value.
    contact_marks: [memchr::memmem::Finder<'static>; 2],
}

impl Splitter {
    /// Compiles the role cues (example above).
    pub fn new(cues: &RoleCues) -> crate::Result<Splitter> {
        let lists = [
            &cues.furniture_anywhere,
            &cues.meta_anywhere,
            &cues.meta_preamble,
            &cues.contact,
            &cues.problem_heading,
            &cues.plan_heading,
            &cues.template_sections,
            &cues.title,
            &cues.problem_words,
            &cues.remedy_words,
        ];
        let mut automata = Vec::with_capacity(lists.len());
        for list in lists {
            let patterns: Vec<&String> = list.iter().filter(|c| !c.is_empty()).collect();
            if patterns.is_empty() {
                automata.push(None);
                continue;
            }
            let automaton = aho_corasick::AhoCorasickBuilder::new()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(&patterns)
                .map_err(|e| {
                    crate::Error::new(
                        crate::ErrorKind::Lexicon,
                        format!("roles.toml: building a cue automaton: {e}"),
                    )
                })?;
            automata.push(Some(automaton));
        }
        let as_chars = |list: &[String]| -> Vec<Vec<char>> {
            list.iter().map(|c| c.chars().collect()).collect()
        };
        Ok(Splitter {
            cues: cues.clone(),
            furniture_line_start: as_chars(&cues.furniture_line_start),
            // An empty plan cue would make every sentence a plan: ignored.
            plan_sentence_start: as_chars(&cues.plan_sentence_start)
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect(),
            disposal_verbs: as_chars(&cues.disposal_verbs)
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect(),
            section_name_end: as_chars(&cues.section_name_end)
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect(),
            automata,
            contact_marks: [
                memchr::memmem::Finder::new("：").into_owned(),
                memchr::memmem::Finder::new("为").into_owned(),
            ],
        })
    }

    /// Does any cue of the list occur in `hay`?
    #[inline]
    fn has(&self, cue: Cue, hay: &str) -> bool {
        self.automata[cue as usize]
            .as_ref()
            .is_some_and(|a| a.is_match(hay))
    }

    /// Does the text give contact details (电话, 邮箱 …)?
    pub(crate) fn has_contact(&self, hay: &str) -> bool {
        self.has(Cue::Contact, hay)
    }
}

/// Numbering styles of headings and items; the depth of a style is decided by
/// the order in which a report uses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// 一、
    Cjk,
    /// （一）
    CjkParen,
    /// 1、 1.
    Arabic,
    /// （1）
    ArabicParen,
    /// ① …
    Circled,
    /// 第一部分, 第一章
    Part,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Furniture,
    Heading(Style),
    /// 一是 … list items: content, never headings.
    Item,
    Numeric,
    Pipe {
        numeric: bool,
    },
    Text,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    span: Span,
    kind: LineKind,
}

/// Splits a document into units (see the module doc; example under [`Unit`]).
/// Compiles the cues on every call: build a [`Splitter`] once for many documents.
///
/// Panics only if the cues cannot be compiled, which [`Splitter::new`] reports
/// as an error instead.
pub fn units<'a>(text: &'a CleanText, cues: &RoleCues) -> Vec<Unit<'a>> {
    Splitter::new(cues).expect("role cues compile").units(text)
}

impl Splitter {
    /// Splits a document into units (see the module doc; example under [`Splitter`]).
    pub fn units<'a>(&self, text: &'a CleanText) -> Vec<Unit<'a>> {
        let chars = text.norm_chars();
        let mut lines = classify_lines(text, self);
        let title = find_title(text, &lines, self);
        if let Some((t0, t1)) = title {
            pass_over_running_titles(text, &mut lines, t0, t1);
        }
        let in_table = find_tables(text, &lines, self);

        let mut raw: Vec<(Span, UnitKind)> = Vec::new();
        // Styles of the open headings, outermost first (as assign_roles keeps them).
        let mut open: Vec<Style> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.kind == LineKind::Blank {
                i += 1;
                continue;
            }
            if in_table[i] {
                let mut j = i;
                let mut last = i;
                while j < lines.len() && (in_table[j] || lines[j].kind == LineKind::Blank) {
                    if in_table[j] {
                        last = j;
                    }
                    j += 1;
                }
                raw.push((
                    Span::new(line.span.start, lines[last].span.end),
                    UnitKind::Table,
                ));
                i = last + 1;
                continue;
            }
            if let Some((t0, t1)) = title {
                if i < t0 {
                    raw.push((line.span, UnitKind::Furniture));
                    i += 1;
                    continue;
                }
                if i == t0 {
                    raw.push((
                        Span::new(line.span.start, lines[t1].span.end),
                        UnitKind::Title,
                    ));
                    i = t1 + 1;
                    continue;
                }
            }
            if line.kind == LineKind::Furniture {
                raw.push((line.span, UnitKind::Furniture));
                i += 1;
                continue;
            }
            // A block: this line and the lines that continue its sentence.
            let mut last = i;
            while let Some(next) = next_nonblank(&lines, last + 1, 3) {
                if in_table[next] || !continues(chars, &lines[last], &lines[next]) {
                    break;
                }
                last = next;
            }
            let block = Span::new(line.span.start, lines[last].span.end);
            let sentences = split_sentences(chars, block);
            let mut rest = &sentences[..];
            if let LineKind::Heading(style) = line.kind
                && let Some(first) = sentences.first()
            {
                // The heading is the first sentence, cut at the end of its line.
                let head = Span::new(first.start, first.end.min(line.span.end));
                // The headings this one would sit under.
                let outer = open.iter().position(|s| *s == style).unwrap_or(open.len());
                // A numbered item with nothing after it on its line or under
                // it (the next heading is its sibling or above it) that reads
                // as content is content:
                // 4.在全省交警大队公布举报电话，受理群众举报线索上万条。
                let item = style != Style::Cjk
                    && sentences.len() == 1
                    && head.end == first.end
                    && reads_as_content(chars, head)
                    && !has_children(&lines, last + 1, &open[..outer], style);
                if is_heading_text(chars, head) && !item {
                    open.truncate(outer);
                    open.push(style);
                    raw.push((head, UnitKind::Heading));
                    if head.end < first.end {
                        let tail = trim(chars, Span::new(head.end, first.end));
                        if !tail.is_empty() {
                            raw.push((tail, UnitKind::Sentence));
                        }
                    }
                    rest = &sentences[1..];
                }
            }
            raw.extend(rest.iter().map(|s| (*s, UnitKind::Sentence)));
            i = last + 1;
        }
        // Lines passed over like blank ones that hold text (page numbers,
        // running titles): a sentence joined across one leaves it out of its
        // compact text, so nothing in it is tagged or counted.
        let passed: Vec<Span> = lines
            .iter()
            .filter(|l| l.kind == LineKind::Blank && !l.span.is_empty())
            .map(|l| l.span)
            .collect();
        assign_roles(text, raw, &passed, self)
    }
}

/// Whether anything stands under a heading of `style` that sits under
/// headings of the `outer` styles: the next line that is not blank or
/// furniture is content or a deeper heading, not a sibling or a heading above
/// it.
fn has_children(lines: &[Line], from: usize, outer: &[Style], style: Style) -> bool {
    lines[from.min(lines.len())..]
        .iter()
        .find(|l| !matches!(l.kind, LineKind::Blank | LineKind::Furniture))
        .is_some_and(
            |l| !matches!(l.kind, LineKind::Heading(t) if t == style || outer.contains(&t)),
        )
}

/// A heading line that says something: a clause of more than fourteen
/// characters, more than twenty-four characters after its marker, or two
/// clauses ending in 。 (1.健全信息发布审核机制，确保信息准确。). Headings
/// are short parallel phrases (强化公开意识，坚持主动公开), short titles
/// (继续完善新闻发言人制度。) or name a topic (…公开情况), which no content
/// line ends with.
fn reads_as_content(chars: &[char], span: Span) -> bool {
    let c = &chars[span.start..span.end];
    let marker = parse_marker(c).map(|m| m.1).unwrap_or(0);
    let body = &c[marker..];
    let full_stop = body.ends_with(&['。']);
    let end = body.len() - full_stop as usize;
    if body[..end].ends_with(&['情', '况']) {
        return false;
    }
    let mut clauses = body[..end].split(|&ch| matches!(ch, '，' | '；' | '。'));
    body.len() > 24
        || clauses.clone().any(|clause| clause.len() > 14)
        || (full_stop && clauses.all(|clause| clause.len() >= 4) && body[..end].contains(&'，'))
}

fn next_nonblank(lines: &[Line], from: usize, max_blank: usize) -> Option<usize> {
    let mut blanks = 0;
    for (j, l) in lines.iter().enumerate().skip(from) {
        if l.kind != LineKind::Blank {
            return Some(j);
        }
        blanks += 1;
        if blanks > max_blank {
            return None;
        }
    }
    None
}

fn classify_lines(text: &CleanText, cues: &Splitter) -> Vec<Line> {
    let chars = text.norm_chars();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut numbering = Numbering::default();
    let mut spans = Vec::new();
    // Each line up to its '\n', the last one up to the end.
    let newlines = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '\n')
        .map(|(i, _)| i)
        .chain(std::iter::once(chars.len()));
    for i in newlines {
        spans.clear();
        split_inline_headings(
            chars,
            trim(chars, Span::new(start, i)),
            &mut numbering,
            &mut spans,
        );
        start = i + 1;
        for &span in &spans {
            let mut kind = classify(text, span, cues);
            if kind == LineKind::Text && unnumbered_section_heading(text, span, cues) {
                // Unless it continues a sentence the line before left open
                // (the report's title leaves none open).
                let open_before = lines
                    .iter()
                    .rev()
                    .find(|l: &&Line| l.kind != LineKind::Blank)
                    .is_some_and(|l| {
                        matches!(l.kind, LineKind::Text | LineKind::Item)
                            && !ends_sentence(chars, l.span)
                            && !cues.has(Cue::Title, text.normalized(l.span))
                    });
                if !open_before {
                    kind = LineKind::Heading(Style::Cjk);
                }
            }
            lines.push(Line { span, kind });
        }
    }
    lines
}

/// The last section (一、) and subsection (（一）) numbers seen, in document
/// order.
#[derive(Default, Clone, Copy)]
struct Numbering {
    section: u32,
    subsection: u32,
}

impl Numbering {
    /// Notes a heading marker; whether it was the next number expected.
    fn note(&mut self, style: Style, n: u32) -> bool {
        let (expected, next) = match style {
            Style::Cjk => (self.section + 1, &mut self.section),
            Style::CjkParen => (self.subsection + 1, &mut self.subsection),
            _ => return false,
        };
        *next = n;
        if style == Style::Cjk {
            self.subsection = 0;
        }
        n == expected
    }
}

/// Splits a line at the headings written inside it when line breaks were
/// lost (…推进政务公开工作。二、主动公开政府信息情况 第二十条…): a section
/// or subsection marker after a sentence end or a space, numbered next in
/// order (二 after 一), whose name (no clause marks, at most 30
/// characters) ends at a space, a 。 or the line's end. The heading becomes
/// a line of its own, and so does the text before and after it.
fn split_inline_headings(
    chars: &[char],
    line: Span,
    numbering: &mut Numbering,
    out: &mut Vec<Span>,
) {
    let c = &chars[line.start..line.end];
    let marker = |at: usize| -> Option<(Style, u32, usize)> {
        match parse_marker(&c[at..])? {
            (Some(style @ (Style::Cjk | Style::CjkParen)), len) => {
                let digits = if style == Style::Cjk {
                    &c[at..]
                } else {
                    &c[at + 1..]
                };
                Some((style, cjk_ordinal(digits)?, len))
            }
            _ => None,
        }
    };
    let name_len = |start: usize| {
        c[start..]
            .iter()
            .take(31)
            .take_while(|&&ch| !is_space(ch) && ch != '。')
            .count()
    };
    // A name that ends at a space ends there when it ends in an ideograph
    // and a clause follows (PDF text spaces out numbers: 一、2017 年…情况).
    let ends_at_space = |start: usize, end: usize| {
        is_cjk(c[end - 1])
            && end - start >= 2
            && c[end..]
                .iter()
                .take(40)
                .any(|&ch| matches!(ch, '，' | '。'))
    };
    let mut from = 0;
    let opens_marker = c
        .first()
        .is_some_and(|&ch| ch == '（' || is_cjk_numeral(ch));
    if opens_marker && let Some((style, n, len)) = marker(0) {
        numbering.note(style, n);
        // 一、总体情况 2020年，…: the heading ends at the space.
        let end = len + name_len(len);
        if end - len <= 30 && c.get(end).is_some_and(|&ch| is_space(ch)) && ends_at_space(len, end)
        {
            out.push(Span::new(line.start, line.start + end));
            from = end;
        }
    }
    // Only where the next section's numeral or a parenthesis opens, after a
    // sentence end or a space: two comparisons a character.
    let mut next = next_section_numeral(numbering);
    let mut scan = from.max(1);
    while c.len() >= 8 && scan < c.len() {
        let Some(skip) = position_of_either(&c[scan..], next, '（') else {
            break;
        };
        let at = scan + skip;
        scan = at + 1;
        let before = c[at - 1];
        if !(matches!(before, '。' | '！' | '？') || is_space(before)) {
            continue;
        }
        let Some((style, n, len)) = marker(at) else {
            continue;
        };
        let name_start = at + len;
        let end = name_start + name_len(name_start);
        let ends = end == c.len()
            || c[end] == '。'
            || (is_space(c[end]) && end > name_start && ends_at_space(name_start, end));
        let plain = !c[name_start..end]
            .iter()
            .any(|ch| matches!(ch, '，' | '；' | '：' | '、' | '！' | '？'));
        if !(2..=30).contains(&(end - name_start)) || !ends || !plain {
            continue;
        }
        let mut probe = *numbering;
        if !probe.note(style, n) {
            continue;
        }
        *numbering = probe;
        let end = if c.get(end) == Some(&'。') {
            end + 1
        } else {
            end
        };
        let before = trim(chars, Span::new(line.start + from, line.start + at));
        if !before.is_empty() {
            out.push(before);
        }
        out.push(Span::new(line.start + at, line.start + end));
        from = end;
        scan = end.max(scan);
        next = next_section_numeral(numbering);
    }
    if from == 0 {
        out.push(line);
        return;
    }
    let rest = trim(chars, Span::new(line.start + from, line.end));
    if !rest.is_empty() {
        out.push(rest);
    }
}

/// The first position of `a` or `b`: sixteen characters at a time with no
/// early exit inside a chunk, so the compiler can compare them together
/// (this runs over every line).
fn position_of_either(c: &[char], a: char, b: char) -> Option<usize> {
    let mut chunks = c.chunks_exact(16);
    let mut at = 0;
    for chunk in &mut chunks {
        if chunk
            .iter()
            .fold(false, |any, &ch| any | (ch == a) | (ch == b))
        {
            return chunk
                .iter()
                .position(|&ch| ch == a || ch == b)
                .map(|i| at + i);
        }
        at += 16;
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|&ch| ch == a || ch == b)
        .map(|i| at + i)
}

/// The first character of the next section's numeral (二 after 一, 十 for
/// 十一 after 十).
fn next_section_numeral(numbering: &Numbering) -> char {
    const DIGITS: [char; 10] = ['十', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match numbering.section + 1 {
        n @ 1..=9 => DIGITS[n as usize],
        10..=19 => '十',
        n => DIGITS[(n / 10 % 10) as usize],
    }
}

/// The value of the Chinese numeral a heading marker starts with (一 → 1,
/// 十二 → 12).
fn cjk_ordinal(c: &[char]) -> Option<u32> {
    crate::quantity::chinese_number(c, 0)
        .map(|(value, _)| value as u32)
        .filter(|&n| n > 0)
}

/// A short line with no numbering and no punctuation that names a section:
/// a problem or plan section (存在的问题和不足, 下一步工作打算), or any
/// section by the end of its name (概述, 依申请公开政府信息情况; a list mark
/// 、 may stand in these). A section heading of a report that does not
/// number them, taken as a top-level section.
fn unnumbered_section_heading(text: &CleanText, span: Span, splitter: &Splitter) -> bool {
    let c = &text.norm_chars()[span.start..span.end];
    let c = c.strip_suffix(&['：']).unwrap_or(c);
    let plain = |ch: char, allowed: &str| {
        !ch.is_ascii_punctuation()
            && !ch.is_ascii_digit()
            && !matches!(
                ch,
                '，' | '。'
                    | '；'
                    | '：'
                    | '！'
                    | '？'
                    | '、'
                    | '“'
                    | '”'
                    | '《'
                    | '》'
                    | '（'
                    | '）'
            )
            || allowed.contains(ch)
    };
    let named = (2..=30).contains(&c.len())
        // The last character first: a slice comparison per ending and line
        // showed in profiles.
        && splitter
            .section_name_end
            .iter()
            .any(|e| c.last() == e.last() && c.ends_with(e))
        && c.iter().all(|&ch| plain(ch, "、"));
    named
        || ((2..=16).contains(&c.len())
            && c.iter().all(|&ch| plain(ch, ""))
            && (splitter.has(Cue::ProblemHeading, text.normalized(span))
                || splitter.has(Cue::PlanHeading, text.normalized(span))))
}

fn trim(chars: &[char], span: Span) -> Span {
    let mut s = span.start;
    let mut e = span.end;
    while s < e && is_space(chars[s]) {
        s += 1;
    }
    while e > s && is_space(chars[e - 1]) {
        e -= 1;
    }
    Span::new(s, e)
}

fn classify(text: &CleanText, span: Span, splitter: &Splitter) -> LineKind {
    if span.is_empty() {
        return LineKind::Blank;
    }
    let cues = &splitter.cues;
    let c = &text.norm_chars()[span.start..span.end];
    // A page number left by PDF extraction (— 3 —, 第4页 共6页) is passed
    // over like a blank line, so that a sentence broken around it joins.
    if c.len() <= 16 && is_page_number(c) {
        return LineKind::Blank;
    }
    let s = text.normalized(span);
    if span.len() <= cues.furniture_max_chars
        && (splitter
            .furniture_line_start
            .iter()
            .any(|p| starts_with_chars(c, p))
            || splitter.has(Cue::FurnitureAnywhere, s))
    {
        return LineKind::Furniture;
    }
    // Cells separated by `|` or tabs (tables copied from web pages). One
    // separator makes a row only next to a number: 本年新收…申请数量 | 23.
    let separators = c.iter().filter(|&&ch| ch == '|' || ch == '\t').count();
    if separators >= 1 {
        let numeric = s
            .split(['|', '\t'])
            .any(|cell| is_numeric_cell(cell.trim()));
        if separators >= 2 || numeric {
            return LineKind::Pipe { numeric };
        }
    }
    if is_numeric_cell(s) || number_row_cells(c) > 0 {
        return LineKind::Numeric;
    }
    match parse_marker(c) {
        Some((Some(style), _)) => LineKind::Heading(style),
        Some((None, _)) => LineKind::Item,
        None => LineKind::Text,
    }
}

/// A page number as PDF extraction leaves it on a line of its own: a number
/// between dashes (- 3 -, —3—), or 第N页 with or without 共M页 (also
/// Page N, Page N of M).
fn is_page_number(line: &[char]) -> bool {
    // Most short lines (table cells, headings) are ruled out before any
    // allocation: a page number has a digit and a dash, 页 or Page.
    let marked = line
        .iter()
        .any(|c| matches!(c, '-' | '—' | '–' | '－' | '页' | 'P' | 'p'));
    if !marked || !line.iter().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let c: Vec<char> = line.iter().copied().filter(|c| *c != ' ').collect();
    let dash = |c: &char| matches!(c, '-' | '—' | '–' | '－');
    let lead = c.iter().take_while(|c| dash(c)).count();
    let digits = c[lead..].iter().take_while(|c| c.is_ascii_digit()).count();
    let trail = c[lead + digits..].iter().take_while(|c| dash(c)).count();
    if lead > 0 && digits > 0 && trail > 0 && lead + digits + trail == c.len() {
        return true;
    }
    // 第N页, 第N页共M页, 共M页第N页, 第N页/共M页: each part is a marker,
    // digits and 页; one 第 part, at most one 共 part.
    let rest: String = c.iter().collect();
    let part = |s: &str, marker: char| -> Option<usize> {
        let digits = s.strip_prefix(marker)?;
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        (n > 0 && digits[n..].starts_with('页')).then_some(marker.len_utf8() + n + '页'.len_utf8())
    };
    let (mut s, mut pages, mut totals) = (rest.as_str(), 0, 0);
    while !s.is_empty() {
        s = s.trim_start_matches(['/', '，', ',']);
        if let Some(len) = part(s, '第') {
            pages += 1;
            s = &s[len..];
        } else if let Some(len) = part(s, '共') {
            totals += 1;
            s = &s[len..];
        } else {
            break;
        }
    }
    if s.is_empty() && pages == 1 && totals <= 1 {
        return true;
    }
    // Page N, Page N of M
    let lower = rest.to_ascii_lowercase();
    lower.strip_prefix("page").is_some_and(|r| {
        let (n, m) = r.split_once("of").unwrap_or((r, "1"));
        !n.is_empty()
            && !m.is_empty()
            && n.chars().all(|c| c.is_ascii_digit())
            && m.chars().all(|c| c.is_ascii_digit())
    })
}

/// A table cell holding a number: digits with separators, `%`, or a dash for
/// "none".
fn is_numeric_cell(s: &str) -> bool {
    // More than 24 characters needs more than 96 bytes: prose lines are
    // ruled out without decoding them.
    if s.len() > 96 {
        return false;
    }
    let n = s.chars().count();
    n > 0
        && n <= 24
        && s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '+' | '-' | ' ' | '万' | '元')
        })
}

/// Parses a heading or item marker at the start of a line. Returns the style
/// (`None` for 一是 items) and the marker's length in characters.
fn parse_marker(c: &[char]) -> Option<(Option<Style>, usize)> {
    let cjk = c
        .iter()
        .take_while(|&&ch| is_cjk_numeral(ch) && ch != '两')
        .count();
    // A space or two may stand before the mark: 二 、存在问题.
    let spaces = |from: usize| {
        c[from.min(c.len())..]
            .iter()
            .take(2)
            .take_while(|&&ch| ch == ' ')
            .count()
    };
    if (1..=3).contains(&cjk) {
        let at = cjk + spaces(cjk);
        match c.get(at) {
            Some('、') | Some('．') => return Some((Some(Style::Cjk), at + 1)),
            Some('.') if !c.get(at + 1).is_some_and(|d| d.is_ascii_digit()) => {
                return Some((Some(Style::Cjk), at + 1));
            }
            Some('是') if cjk <= 2 && at == cjk => return Some((None, cjk + 1)),
            _ => {}
        }
    }
    if c.first() == Some(&'（') {
        let inner_cjk = c[1..]
            .iter()
            .take_while(|&&ch| is_cjk_numeral(ch) && ch != '两')
            .count();
        if (1..=3).contains(&inner_cjk) && c.get(1 + inner_cjk) == Some(&'）') {
            return Some((Some(Style::CjkParen), inner_cjk + 2));
        }
        let inner_digits = c[1..].iter().take_while(|ch| ch.is_ascii_digit()).count();
        if (1..=2).contains(&inner_digits) && c.get(1 + inner_digits) == Some(&'）') {
            return Some((Some(Style::ArabicParen), inner_digits + 2));
        }
    }
    let digits = c.iter().take_while(|ch| ch.is_ascii_digit()).count();
    if (1..=2).contains(&digits) {
        let at = digits + spaces(digits);
        match c.get(at) {
            Some('、') | Some('．') => return Some((Some(Style::Arabic), at + 1)),
            Some('.') if at == digits && !c.get(at + 1).is_some_and(|d| d.is_ascii_digit()) => {
                return Some((Some(Style::Arabic), at + 1));
            }
            _ => {}
        }
    }
    if let Some(&first) = c.first()
        && ('①'..='⑳').contains(&first)
    {
        return Some((Some(Style::Circled), 1));
    }
    if c.first() == Some(&'第') {
        let n = c[1..].iter().take_while(|&&ch| is_cjk_numeral(ch)).count();
        if n >= 1 && matches!(c.get(1 + n), Some('部') | Some('章')) {
            return Some((Some(Style::Part), n + 2));
        }
    }
    None
}

/// The length of an Arabic item number at the start of a sentence (2. 12、
/// （3）), 0 when it opens otherwise (2019年, 1.5万人, 一、): the specificity
/// features leave an item's own digits out.
pub(crate) fn arabic_numbering(c: &[char]) -> usize {
    match parse_marker(c) {
        Some((Some(Style::Arabic | Style::ArabicParen), n)) => n,
        _ => 0,
    }
}

/// Short, and states no count (一、概述 is a heading; 1、发布信息12条。 is not).
fn is_heading_text(chars: &[char], span: Span) -> bool {
    let c = &chars[span.start..span.end];
    let marker = parse_marker(c).map(|m| m.1).unwrap_or(0);
    if span.len() - marker > 50 {
        return false;
    }
    !states_count(&c[marker..])
}

/// A number followed (after optional spaces and 余/多) by a measure word.
fn states_count(c: &[char]) -> bool {
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_digit() {
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.' || c[i] == ',') {
                i += 1;
            }
            while i < c.len() && (c[i] == ' ' || c[i] == '余' || c[i] == '多') {
                i += 1;
            }
            if i < c.len()
                && matches!(
                    c[i],
                    '条' | '篇'
                        | '场'
                        | '次'
                        | '件'
                        | '人'
                        | '个'
                        | '项'
                        | '期'
                        | '家'
                        | '万'
                        | '亿'
                        | '名'
                        | '起'
                        | '份'
                )
            {
                return true;
            }
        }
        i += 1;
    }
    false
}

fn ends_sentence(chars: &[char], span: Span) -> bool {
    let mut e = span.end;
    while e > span.start && is_closer(chars[e - 1]) {
        e -= 1;
    }
    e > span.start && (is_terminal(chars[e - 1]) || matches!(chars[e - 1], '；' | '：' | '…' | '.'))
}

/// Does `next` continue the sentence that `line` leaves open?
fn continues(chars: &[char], line: &Line, next: &Line) -> bool {
    if next.kind != LineKind::Text {
        return false;
    }
    let joinable = matches!(
        line.kind,
        LineKind::Text | LineKind::Item | LineKind::Heading(_)
    );
    if !joinable || ends_sentence(chars, line.span) {
        return false;
    }
    let last = chars[line.span.end - 1];
    let first = chars[next.span.start];
    if matches!(last, '，' | '、' | '（' | '“' | '《' | '—' | '-')
        || matches!(first, '，' | '。' | '、' | '；' | '：' | '）' | '”' | '》')
    {
        return true;
    }
    // A number cut from its unit (发布信息489 / 条，…).
    if last.is_ascii_digit()
        && crate::quantity::opens_with_unit(&chars[next.span.start..next.span.end])
    {
        return true;
    }
    // A long prose line without a final mark was wrapped. A heading line is
    // prose only when content follows the heading on it (（三）平台建设。一是…).
    let prose = match line.kind {
        LineKind::Heading(_) => chars[line.span.start..line.span.end]
            .iter()
            .any(|&c| is_terminal(c)),
        _ => true,
    };
    prose && line.span.len() >= 25
}

/// Sentence spans of a block: ends at 。！？ plus closing quotes, or at the end.
fn split_sentences(chars: &[char], block: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = block.start;
    let mut i = block.start;
    while i < block.end {
        if is_terminal(chars[i]) {
            let mut e = i + 1;
            while e < block.end && (is_terminal(chars[e]) || is_closer(chars[e])) {
                e += 1;
            }
            let s = trim(chars, Span::new(start, e));
            if !s.is_empty() {
                out.push(s);
            }
            start = e;
            i = e;
        } else {
            i += 1;
        }
    }
    let s = trim(chars, Span::new(start, block.end));
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Lines marked as belonging to a table.
fn find_tables(text: &CleanText, lines: &[Line], splitter: &Splitter) -> Vec<bool> {
    let chars = text.norm_chars();
    // Decided once per line: the look-ahead below revisits lines.
    let template_heading: Vec<bool> = lines
        .iter()
        .map(|l| {
            matches!(l.kind, LineKind::Heading(Style::Cjk))
                && splitter.has(Cue::TemplateSections, text.normalized(l.span))
        })
        .collect();
    let cell_like: Vec<bool> = lines
        .iter()
        .map(|l| match l.kind {
            LineKind::Blank | LineKind::Furniture => false,
            LineKind::Numeric | LineKind::Pipe { .. } => true,
            _ => {
                l.span.len() <= 60
                    && !chars[l.span.start..l.span.end]
                        .iter()
                        .any(|&c| is_terminal(c))
            }
        })
        .collect();
    // A row whose cells are separated by spaces (本年新收…申请数量  23) is
    // told from prose only by the run it stands in, so it counts as a number
    // here but keeps its kind, and joins prose as text when no table forms.
    // How many numbers a line gives the run it stands in: a row of numbers
    // (1 0 0 0 1) gives one per cell, so that a small table with a single
    // row of values is found.
    let values: Vec<usize> = lines
        .iter()
        .map(|l| match l.kind {
            LineKind::Numeric => number_row_cells(&chars[l.span.start..l.span.end]).max(1),
            LineKind::Pipe { numeric: true } => 1,
            LineKind::Text | LineKind::Heading(_) | LineKind::Item => {
                label_then_numbers(&chars[l.span.start..l.span.end]) as usize
            }
            _ => 0,
        })
        .collect();
    let numeric = |j: usize| values[j] > 0;
    // A heading whose next lines reach prose before any number opens a section.
    let leads_to_prose = |j: usize| -> bool {
        // A numbered row with its value ((二)部分公开  3) is a cell.
        if !matches!(lines[j].kind, LineKind::Heading(_)) || numeric(j) {
            return false;
        }
        for k in (j + 1..lines.len())
            .filter(|&k| lines[k].kind != LineKind::Blank)
            .take(5)
        {
            if numeric(k) {
                return false;
            }
            if !cell_like[k] {
                return true;
            }
        }
        false
    };
    let mut in_table = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if !cell_like[i] || template_heading[i] || leads_to_prose(i) {
            i += 1;
            continue;
        }
        let (mut j, mut last, mut numbers, mut pipes) = (i, i, 0, 0);
        while j < lines.len() {
            let l = &lines[j];
            if l.kind == LineKind::Blank {
                j += 1;
                continue;
            }
            if !cell_like[j] || template_heading[j] || (j > i && leads_to_prose(j)) {
                break;
            }
            numbers += values[j];
            pipes += matches!(l.kind, LineKind::Pipe { .. }) as usize;
            last = j;
            j += 1;
        }
        if numbers >= 3 || pipes >= 2 {
            in_table[i..=last].iter_mut().for_each(|t| *t = true);
        }
        i = last + 1;
    }
    in_table
}

/// The cells of a line separated by spaces, read from its end: `values`
/// trailing cells that are numbers or blank marks (—, 无), `numbers` of them
/// numbers, and the cells before them (the label).
struct SpacedCells<'a> {
    label: Vec<&'a [char]>,
    values: usize,
    numbers: usize,
}

fn spaced_cells(line: &[char]) -> SpacedCells<'_> {
    let mut cells: Vec<&[char]> = line
        .split(|c| *c == ' ')
        .filter(|c| !c.is_empty())
        .collect();
    let (mut values, mut numbers) = (0, 0);
    while let Some(cell) = cells.last() {
        let cell: String = cell.iter().collect();
        if is_numeric_cell(&cell) {
            numbers += 1;
        } else if !crate::tables::is_blank_mark(&cell) {
            break;
        }
        values += 1;
        cells.pop();
    }
    SpacedCells {
        label: cells,
        values,
        numbers,
    }
}

/// A label, then numeric cells, each after a space: a table row written
/// with spaces between its cells (规范性文件 2 1 9; a dash is a blank cell).
fn label_then_numbers(line: &[char]) -> bool {
    // Cheap tests first: this runs on every line of prose.
    let ends_in_value = line
        .last()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '%' | '-' | '—' | '/'));
    if line.len() > 60 || !ends_in_value || !line.contains(&' ') {
        return false;
    }
    let row = spaced_cells(line);
    row.numbers > 0 && row.label.iter().any(|cell| cell.iter().any(|&c| is_cjk(c)))
}

/// The number of cells of a row of numbers separated by spaces (1 0 0 0 1,
/// 56 +3 1204; a dash is a blank cell), or 0 for any other line. Such a
/// row may be longer than one numeric cell: section 四 of the template has
/// fifteen values.
fn number_row_cells(line: &[char]) -> usize {
    // Cheap tests first: this runs on every line.
    let opens = line
        .first()
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '—' | '/'));
    if !opens || line.len() > 160 || !line.contains(&' ') {
        return 0;
    }
    let row = spaced_cells(line);
    if row.label.is_empty() && row.values >= 2 && row.numbers > 0 {
        row.values
    } else {
        0
    }
}

/// The title's first and last line, if the report has one.
fn find_title(text: &CleanText, lines: &[Line], splitter: &Splitter) -> Option<(usize, usize)> {
    let chars = text.norm_chars();
    let is_title = |s: &str| splitter.has(Cue::Title, s);
    let text_of = |l: &Line| text.normalized(l.span);
    let plain = |l: &Line| {
        l.kind == LineKind::Text
            && !chars[l.span.start..l.span.end]
                .iter()
                .any(|&c| is_terminal(c))
    };
    let candidates: Vec<usize> = (0..lines.len())
        .take_while(|&i| !matches!(lines[i].kind, LineKind::Heading(_) | LineKind::Item))
        .filter(|&i| lines[i].kind != LineKind::Blank)
        .take(12)
        .collect();
    for (n, &i) in candidates.iter().enumerate() {
        let l = &lines[i];
        if !plain(l) || l.span.len() > 80 {
            continue;
        }
        if is_title(text_of(l)) {
            return Some((i, i));
        }
        // A title broken over two lines: 兴安盟公安局2021政府信息公开工作 / 年度报告.
        if let Some(&j) = candidates.get(n + 1)
            && plain(&lines[j])
            && lines[j].span.len() <= 10
            && is_title(&[text_of(l), text_of(&lines[j])].concat())
        {
            return Some((i, j));
        }
    }
    None
}

/// The title repeated at the top of each page of a PDF (a running header) is
/// passed over like a blank line, so that a sentence broken around it joins:
/// a later line equal to the title, or to one of its lines of eight
/// characters or more, spaces aside.
fn pass_over_running_titles(text: &CleanText, lines: &mut [Line], t0: usize, t1: usize) {
    let chars = text.norm_chars();
    let key = |l: &Line| -> Vec<char> {
        chars[l.span.start..l.span.end]
            .iter()
            .copied()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let mut titles: Vec<Vec<char>> = vec![lines[t0..=t1].iter().flat_map(key).collect()];
    if t1 > t0 {
        titles.extend(lines[t0..=t1].iter().map(key).filter(|k| k.len() >= 8));
    }
    // Compared in place, whitespace skipped: most lines differ at once.
    let is_title = |l: &Line| {
        let line = chars[l.span.start..l.span.end]
            .iter()
            .filter(|c| !c.is_whitespace());
        titles.iter().any(|t| {
            let mut line = line.clone();
            t.iter().all(|c| line.next() == Some(c)) && line.next().is_none()
        })
    };
    for l in &mut lines[t1 + 1..] {
        if l.kind == LineKind::Text && is_title(l) {
            l.kind = LineKind::Blank;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionCue {
    None,
    Problem,
    Plan,
    /// Problem until a sentence announces plans; `true` once it has.
    Mixed(bool),
}

struct Frame {
    style: Style,
    text: String,
    cue: SectionCue,
}

fn assign_roles<'a>(
    text: &'a CleanText,
    raw: Vec<(Span, UnitKind)>,
    passed: &[Span],
    splitter: &Splitter,
) -> Vec<Unit<'a>> {
    let chars = text.norm_chars();
    let mut stack: Vec<Frame> = Vec::new();
    let mut seen_heading = false;
    let mut out = Vec::with_capacity(raw.len());
    // Section paths are shared by every unit under the same headings.
    let no_section: Arc<[String]> = Arc::from(Vec::new());
    let mut section_path = no_section.clone();
    for (span, kind) in raw {
        let compact = text.compact_without(span, passed);

        let role = match kind {
            UnitKind::Furniture => Role::Meta,
            UnitKind::Title => Role::Heading,
            UnitKind::Table => Role::Table,
            UnitKind::Heading => {
                seen_heading = true;
                let style = match parse_marker(&chars[span.start..span.end]) {
                    Some((Some(style), _)) => style,
                    _ => Style::Cjk,
                };
                if let Some(p) = stack.iter().position(|f| f.style == style) {
                    stack.truncate(p);
                }
                let problem = splitter.has(Cue::ProblemHeading, &compact.text);
                let plan = splitter.has(Cue::PlanHeading, &compact.text);
                let cue = match (problem, plan) {
                    (true, true) => SectionCue::Mixed(false),
                    (true, false) => SectionCue::Problem,
                    (false, true) => SectionCue::Plan,
                    (false, false) => SectionCue::None,
                };
                stack.push(Frame {
                    style,
                    text: text.original(span).trim().to_string(),
                    cue,
                });
                section_path = stack.iter().map(|f| f.text.clone()).collect();
                Role::Heading
            }
            UnitKind::Sentence => {
                if splitter.has(Cue::MetaAnywhere, &compact.text)
                    || (!seen_heading && splitter.has(Cue::MetaPreamble, &compact.text))
                    || gives_contact(&compact, splitter)
                {
                    Role::Meta
                } else {
                    let plan_start = opens_with_plan(compact.chars(), splitter);
                    match stack.iter_mut().rev().find(|f| f.cue != SectionCue::None) {
                        Some(f) => match f.cue {
                            SectionCue::Problem => Role::Problem,
                            SectionCue::Plan => Role::Plan,
                            // A new item that names a shortcoming goes back to
                            // problems: 一是…不及时。针对…将…。二是…较为单一。
                            SectionCue::Mixed(true)
                                if !plan_start
                                    && matches!(
                                        parse_marker(compact.chars()),
                                        Some((_, n)) if n > 0
                                    )
                                    && splitter.has(Cue::ProblemWords, &compact.text)
                                    && !splitter.has(Cue::RemedyWords, &compact.text) =>
                            {
                                f.cue = SectionCue::Mixed(false);
                                Role::Problem
                            }
                            SectionCue::Mixed(true) => Role::Plan,
                            SectionCue::Mixed(false) if plan_start => {
                                f.cue = SectionCue::Mixed(true);
                                Role::Plan
                            }
                            _ => Role::Problem,
                        },
                        None if plan_start => Role::Plan,
                        None => Role::Work,
                    }
                }
            }
        };
        // Page furniture belongs to the page, not to the section above it.
        let section = match kind {
            UnitKind::Furniture | UnitKind::Title => no_section.clone(),
            _ => section_path.clone(),
        };
        out.push(Unit {
            span,
            kind,
            role,
            section,
            compact,
        });
    }
    out
}

/// Does the sentence give contact details — a `contact` cue of roles.toml
/// (电话, 邮箱 …), at most three more characters (联系方式), `：` or 为, then a
/// phone number of seven digits or more or an e-mail address? Contact details
/// are `meta` wherever they stand (ANNOTATION.md, clarifications); a sentence
/// that only names a line (开通咨询电话12345) is not.
fn gives_contact(compact: &Compact<'_>, splitter: &Splitter) -> bool {
    let Some(cues) = &splitter.automata[Cue::Contact as usize] else {
        return false;
    };
    let text: &str = compact.text.as_ref();
    // From each ：or 为 (found by a fast byte search) that a contact value
    // follows, look back for the cue: a search of every sentence for the
    // cues cost 3 % of the pipeline.
    splitter.contact_marks.iter().any(|mark| {
        mark.find_iter(text.as_bytes()).any(|at| {
            let value = &text[at + mark.needle().len()..];
            if !contact_value(value) {
                return false;
            }
            // A cue ends at the mark or up to three ideographs before it.
            let before = &text[..at];
            let mut ends = vec![at];
            for (i, c) in before.char_indices().rev().take(3) {
                if !is_cjk(c) {
                    break;
                }
                ends.push(i);
            }
            ends.iter().any(|&end| {
                let from = before[..end]
                    .char_indices()
                    .rev()
                    .nth(7)
                    .map_or(0, |(i, _)| i);
                cues.find_iter(&before[from..end])
                    .any(|m| from + m.end() == end)
            })
        })
    })
}

/// Does `text` open with a phone number (seven digits or more, with dashes
/// and brackets) or an e-mail address?
fn contact_value(text: &str) -> bool {
    let phone = text
        .chars()
        .take_while(|c| {
            c.is_ascii_digit() || matches!(c, '-' | '—' | '（' | '）' | '(' | ')' | '+')
        })
        .filter(|c| c.is_ascii_digit())
        .count();
    let local = text
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
        .count();
    phone >= 7 || (local > 0 && text.as_bytes().get(local) == Some(&b'@'))
}

/// Does the sentence, after any item marker and leading punctuation, open with
/// a plan cue?
fn opens_with_plan(chars: &[char], splitter: &Splitter) -> bool {
    let marker = parse_marker(chars).map(|m| m.1).unwrap_or(0);
    let rest = &chars[marker.min(chars.len())..];
    let skip = rest
        .iter()
        .take_while(|c| c.is_ascii_punctuation() || matches!(**c, '，' | '；' | '：' | '、'))
        .count();
    let rest = &rest[skip..];
    // The second clause too: 针对上述问题，我局将…
    let second = match rest.iter().position(|&c| c == '，') {
        Some(p) => &rest[p + 1..],
        None => &[],
    };
    [rest, second].iter().any(|clause| {
        splitter.plan_sentence_start.iter().any(|c| {
            starts_with_chars(clause, c)
                && !(c.last() == Some(&'将') && disposes(&clause[c.len()..], splitter))
        })
    })
}

/// Whether the clause after a cue ending in 将 goes on to a disposal verb
/// (将 as 把: 我局将政务公开工作纳入绩效考核).
fn disposes(after: &[char], splitter: &Splitter) -> bool {
    let clause = after
        .iter()
        .position(|&c| matches!(c, '，' | '；' | '。' | '：'))
        .map_or(after, |end| &after[..end]);
    (0..clause.len()).any(|i| {
        splitter
            .disposal_verbs
            .iter()
            .any(|v| starts_with_chars(&clause[i..], v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lexicons;
    use proptest::prelude::*;

    /// Texts made of cues, their halves and ordinary characters, so that
    /// cues occur, nearly occur and overlap.
    fn cue_soup() -> impl Strategy<Value = String> {
        let roles = Lexicons::embedded().unwrap().roles;
        let mut pieces: Vec<String> = roles.meta_anywhere.clone();
        pieces.extend(roles.furniture_anywhere.iter().cloned());
        pieces.extend(roles.plan_heading.iter().cloned());
        let halves: Vec<String> = pieces
            .iter()
            .map(|t| t.chars().take(t.chars().count().div_ceil(2)).collect())
            .collect();
        pieces.extend(halves);
        pieces.extend(["，", "。", "本", "网", "😀", "a"].map(String::from));
        proptest::collection::vec(proptest::sample::select(pieces), 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        /// Each list's searcher answers as a substring search of the list
        /// would (the lists are compiled with their empty cues left out).
        #[test]
        fn cue_searchers_find_what_substring_search_finds(text in cue_soup()) {
            let roles = Lexicons::embedded().unwrap().roles;
            let splitter = Splitter::new(&roles).unwrap();
            for (cue, list) in [
                (Cue::MetaAnywhere, &roles.meta_anywhere),
                (Cue::FurnitureAnywhere, &roles.furniture_anywhere),
                (Cue::PlanHeading, &roles.plan_heading),
                (Cue::ProblemHeading, &roles.problem_heading),
            ] {
                let want = list.iter().any(|c| !c.is_empty() && text.contains(c.as_str()));
                prop_assert_eq!(splitter.has(cue, &text), want, "{:?} in {}", cue, text);
            }
        }
    }

    fn roles(doc: &str) -> Vec<(String, Role, UnitKind)> {
        let lex = Lexicons::embedded().unwrap();
        let t = CleanText::new(doc);
        units(&t, &lex.roles)
            .into_iter()
            .map(|u| (t.original(u.span).to_string(), u.role, u.kind))
            .collect()
    }

    /// The roles of `roles`' units, in order.
    fn role_list(r: &[(String, Role, UnitKind)]) -> Vec<Role> {
        r.iter().map(|x| x.1).collect()
    }

    #[test]
    fn markers() {
        type Marker = Option<(Option<Style>, usize)>;
        let table: &[(&str, Marker)] = &[
            ("一、概述", Some((Some(Style::Cjk), 2))),
            ("（二）完善渠道", Some((Some(Style::CjkParen), 3))),
            ("3、继续完善", Some((Some(Style::Arabic), 2))),
            ("1.健全制度", Some((Some(Style::Arabic), 2))),
            ("1.3万人", None),
            ("（1）网站", Some((Some(Style::ArabicParen), 3))),
            ("一是加强领导", Some((None, 2))),
            ("2018年", None),
            ("十九大以来", None),
        ];
        for (s, want) in table {
            let c: Vec<char> = crate::tagger::normalize_term(s).chars().collect();
            assert_eq!(parse_marker(&c), *want, "{s}");
        }
        // Lines keep their spaces: a space may stand before the mark.
        let spaced: &[(&str, Marker)] = &[
            ("二 、存在问题", Some((Some(Style::Cjk), 3))),
            ("3 、继续完善", Some((Some(Style::Arabic), 3))),
            ("一 是", None),
            ("1 .3万人", None),
        ];
        for (s, want) in spaced {
            let c: Vec<char> = s.chars().collect();
            assert_eq!(parse_marker(&c), *want, "{s}");
        }
    }

    #[test]
    fn heading_and_content_on_one_line() {
        let r = roles("一、概述\n（一）完善渠道。全年发布信息120条。\n1、发布信息12条。");
        assert_eq!(
            r[1],
            ("（一）完善渠道。".into(), Role::Heading, UnitKind::Heading)
        );
        assert_eq!(r[2].1, Role::Work);
        // A numbered line that states a count is content, not a heading.
        assert_eq!(
            r[3],
            ("1、发布信息12条。".into(), Role::Work, UnitKind::Sentence)
        );
    }

    #[test]
    fn broken_lines_join_but_headings_do_not() {
        let r = roles(
            "一、工作情况\n通过门户网站、政务微博等多种途径公开了执法依据、办事流程和省公安厅面向\n\n社会发布的通缉令。\n（二）平台建设情况\n\n网站运行平稳。",
        );
        assert_eq!(
            r[1].0,
            "通过门户网站、政务微博等多种途径公开了执法依据、办事流程和省公安厅面向\n\n社会发布的通缉令。"
        );
        assert_eq!(
            r[2],
            (
                "（二）平台建设情况".into(),
                Role::Heading,
                UnitKind::Heading
            )
        );
        assert_eq!(r[3].0, "网站运行平稳。");
    }

    #[test]
    fn problem_plan_and_mixed_sections() {
        let r = roles(
            "一、工作情况\n开通了微博。\n二、存在的问题及下一步工作打算\n一是人员不足。\n下一步，我局将加强培训。\n（一）强化意识\n继续完善网站。\n三、存在的不足\n网站更新不及时。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(
            got,
            [
                Heading, Work, Heading, Problem, Plan, Heading, Plan, Heading, Problem
            ]
        );
        // Problems and their remedies taking turns: a new item that names a
        // shortcoming is a problem again; one that remedies it stays a plan.
        let r = roles(
            "五、存在的主要问题及改进情况\n一是信息更新不够及时。针对这一问题，我局将建立提醒机制。\n二是政策解读形式较为单一。下一步将丰富解读形式。\n三是解决人员不足的问题。",
        );
        let got = role_list(&r);
        assert_eq!(got, [Heading, Problem, Plan, Problem, Plan, Plan], "{r:?}");
    }

    #[test]
    fn plans_announced_in_a_work_section_and_short_plan_headings() {
        let r = roles(
            "一、工作情况\n开通了微博。\n下步，我们将完善考核制度。\n本局将继续更新网站。\n二、下步工作安排\n加强平台建设。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(got, [Heading, Work, Plan, Plan, Heading, Plan]);
    }

    #[test]
    fn unnumbered_problem_and_plan_headings() {
        let r = roles(
            "一、概述\n全年发布信息100条。\n存在的问题和不足\n一是公开不够及时。\n下一步工作打算：\n加强平台建设。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(got, [Heading, Work, Heading, Problem, Heading, Plan]);
        // A short line that ends a sentence left open is not a heading.
        let r =
            roles("一、概述\n我局认真梳理了群众反映强烈的\n突出问题和不足\n全年发布信息100条。");
        assert!(r[1..].iter().all(|x| x.1 == Work), "{r:?}");
    }

    /// A report that does not number its sections: a short line of its own
    /// ending with a section name (概述, …情况, …事项) is a heading, also right
    /// after the title; one that continues an open sentence is not.
    #[test]
    fn unnumbered_sections_named_by_their_ending() {
        use Role::*;
        let t = "某区公安分局2017年政府信息公开工作年度报告\n概述\n全年发布信息100条。\n依申请公开政府信息情况\n全年未收到申请。\n因政府信息公开申请提起行政复议、行政诉讼的情况\n未发生。\n存在的问题及改进措施\n公开不够及时。";
        let r = roles(t);
        let got = role_list(&r);
        assert_eq!(
            got,
            [
                Heading, Heading, Work, Heading, Work, Heading, Work, Heading, Problem
            ],
            "{r:?}"
        );
        assert_eq!(r[3].0, "依申请公开政府信息情况");
        let r = roles("一、概述\n我局全面梳理了本年度的工作\n基本情况\n全年发布信息100条。");
        assert!(r[1..].iter().all(|x| x.1 == Work), "{r:?}");
    }

    #[test]
    fn preamble_saying_what_the_report_contains_is_meta() {
        let r = roles(
            "根据《条例》编制本报告。\n全文包括总体情况、主动公开情况等部分。\n一、总体情况\n全文公开政策文件8件。",
        );
        let got = role_list(&r);
        use Role::*;
        // After the first heading, 全文 is the work's own word (全文公开).
        assert_eq!(got, [Meta, Meta, Heading, Work]);
    }

    /// Table rows copied as text: cells separated by tabs, by one `|`, or by
    /// spaces; a numbered row with its value stays in the table.
    #[test]
    fn rows_with_tabs_single_pipes_or_spaces_are_tables() {
        for sep in ["\t", " | ", "  "] {
            let doc = format!(
                "三、收到和处理政府信息公开申请情况\n本年新收申请数量{sep}15\n上年结转申请数量{sep}2\n（一）予以公开{sep}9\n（二）部分公开{sep}4\n四、行政复议、行政诉讼情况\n本年未发生行政复议。"
            );
            let r = roles(&doc);
            let got = role_list(&r);
            use Role::*;
            assert_eq!(got, [Heading, Table, Heading, Work], "{sep:?}: {r:?}");
            assert!(
                r[1].0
                    .ends_with("部分公开{sep}4".replace("{sep}", sep).as_str())
            );
        }
        // A header of tab-separated labels belongs to the table below it.
        let r = roles(
            "二、主动公开政府信息情况\n信息内容\t本年制发件数\t现行有效件数\n规范性文件\t3\t11\n规章\t0\t2",
        );
        assert_eq!(role_list(&r), [Role::Heading, Role::Table]);
        // One line of prose ending in a number is no table; a heading with a
        // tab after its marker is a heading.
        let r = roles("一、\t总体情况\n全年通过网站发布信息 36\n本年新收申请 5");
        assert_eq!(role_list(&r), [Role::Heading, Role::Work, Role::Work]);
    }

    /// A table whose values stand on one spaced row (section 四 as PDF
    /// extraction lays it out) is one table record, header lines included;
    /// a signed change (+3) is a number.
    #[test]
    fn a_single_row_of_numbers_makes_a_table() {
        let r = roles(
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n1 0 0 0 1 0 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n我局将加强培训。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(got, [Heading, Table, Heading, Plan], "{r:?}");
        let cells = |s: &str| number_row_cells(&s.chars().collect::<Vec<_>>());
        assert_eq!(cells("1 0 0 0 1 0 0 0 0 0 0 0 0 0 0"), 15);
        assert_eq!(cells("56 +3 1,204"), 3);
        assert_eq!(cells("12 — 3"), 3);
        assert_eq!(cells("2020 年"), 0);
        assert_eq!(cells("— —"), 0);
        assert_eq!(cells("12"), 0);
    }

    #[test]
    fn heading_ordinals() {
        let ordinal = |s: &str| cjk_ordinal(&s.chars().collect::<Vec<_>>());
        assert_eq!(ordinal("二、概述"), Some(2));
        assert_eq!(ordinal("十二、其他"), Some(12));
        assert_eq!(ordinal("二十一）"), Some(21));
        assert_eq!(ordinal("〇、"), None);
        assert_eq!(ordinal("、"), None);
    }

    #[test]
    fn headings_inside_a_line_are_lines_of_their_own() {
        use Role::*;
        // Line breaks lost: the headings numbered next in order are found
        // after a sentence end or a space.
        let r = roles(
            "一、总体情况 2020年，我局全面推进政务公开工作。（一）主动公开。全年公开信息126条。二、存在的主要问题及改进情况 一是公开内容不够全面。下一步，我局将加强政策解读。",
        );
        let texts: Vec<&str> = r.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一、总体情况",
                "2020年，我局全面推进政务公开工作。",
                "（一）主动公开。",
                "全年公开信息126条。",
                "二、存在的主要问题及改进情况",
                "一是公开内容不够全面。",
                "下一步，我局将加强政策解读。"
            ]
        );
        assert_eq!(
            role_list(&r),
            [Heading, Work, Heading, Work, Heading, Problem, Plan]
        );
        // Not out of order (三 after 一), not inside a clause (：二、), not a
        // name spaced out around a number or running into a clause.
        for text in [
            "一、总体情况\n我局做到三点。三、加强领导 一是明确分工，二是落实责任。",
            "一、总体情况\n我局坚持两条：二、坚持公开 明确分工，落实责任。",
            "一、2017 年政务公开工作开展情况\n（一）推进公开。",
            "一、总体情况\n全年公开信息。二、加强领导，明确分工 落实责任，强化考核。",
        ] {
            let r = roles(text);
            let headings = role_list(&r)
                .iter()
                .filter(|&&role| role == Heading)
                .count();
            assert_eq!(headings, 1 + text.contains("（一）") as usize, "{r:?}");
        }
    }

    /// A numbered line that says something and has nothing under it is
    /// content; a short title, a topic (…情况) or a heading with its content
    /// on the same line or below it stays a heading.
    #[test]
    fn numbered_items_with_nothing_under_them_are_content() {
        use Role::*;
        let r = roles(
            "一、主要工作\n（一）拓宽公开渠道\n1.在全省交警大队公布举报电话，受理群众举报线索上万条。\n2.公开危险物品管理、枪支管理和保安服务许可的办理流程。\n（二）规范工作机制\n（三）加强队伍建设。\n全年培训两次。\n（四）公开重点领域信息情况\n二、存在问题\n人员不足。",
        );
        let got = role_list(&r);
        assert_eq!(
            got,
            [
                Heading, Heading, Work, Work, Heading, Heading, Work, Heading, Heading, Problem
            ],
            "{r:?}"
        );
        // The item is its whole line, numbering included.
        assert_eq!(
            r[2].0,
            "1.在全省交警大队公布举报电话，受理群众举报线索上万条。"
        );
        // Content after the heading on its own line: the heading stays.
        let r = roles(
            "三、工作设想\n（一）加大工作力度，拓宽公开渠道。进一步加大网站建设力度。\n（二）创新公开新渠道。扩大公开范围。",
        );
        let got = role_list(&r);
        assert_eq!(got, [Heading, Heading, Plan, Heading, Plan], "{r:?}");
        // Short items of two clauses ending in 。 with nothing under them are
        // content; a short title or a pair of phrases stays a heading.
        let r = roles(
            "五、改进措施\n1.健全信息发布审核机制，确保信息准确。\n2.加强考核，严格问责。\n3.继续完善新闻发言人制度。\n4.强化公开意识，坚持主动公开\n六、其他事项",
        );
        let got = role_list(&r);
        assert_eq!(
            got,
            [Heading, Plan, Plan, Heading, Heading, Heading],
            "{r:?}"
        );
    }

    #[test]
    fn arabic_item_numbers() {
        for (text, len) in [
            ("2.公布案件情况。", 2),
            ("12、公布。", 3),
            ("（3）公布。", 3),
            ("2019年公布。", 0),
            ("3 条被采用。", 0),
            ("1.5万人关注。", 0),
            ("（3公布。", 0),
            ("二、公布。", 0),
        ] {
            let c: Vec<char> = text.chars().collect();
            assert_eq!(arabic_numbering(&c), len, "{text}");
        }
    }

    /// A spaced row needs a label and a number; blank marks (—, 无) are cells.
    #[test]
    fn spaced_rows() {
        let row = |s: &str| label_then_numbers(&s.chars().collect::<Vec<_>>());
        assert!(row("规范性文件 2 — 9"));
        assert!(row("规章 无 3"));
        assert!(row("（一）予以公开 12"));
        assert!(!row("规章 无 —"));
        assert!(!row("2020 12"));
        assert!(!row("全年发布信息489"));
    }

    /// A number broken from its unit across lines is one sentence.
    #[test]
    fn number_cut_from_its_unit_joins() {
        let r = roles("一、总体情况\n全年通过门户网站发布信息 357\n条，其中图解8篇。");
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r[1].0.starts_with("全年") && r[1].0.ends_with("8篇。"));
        // A line ending in a number that the next line does not continue.
        let r = roles("一、总体情况\n全年发布信息 357\n加强平台建设。");
        assert_eq!(r.len(), 3, "{r:?}");
    }

    /// Page numbers left by PDF extraction do not cut a sentence or make
    /// records of their own; other short lines with dashes or 页 stay.
    #[test]
    fn page_numbers_are_passed_over() {
        for page in [
            "- 3 -",
            "—3—",
            "第 4 页 共 9 页",
            "第4页/共9页",
            "Page 4 of 9",
        ] {
            let r = roles(&format!(
                "一、总体情况\n全年共主动公开规范性文件2件，许可事项目录1份，行政处罚结果公示\n{page}\n信息125条。"
            ));
            assert_eq!(r.len(), 2, "{page}: {r:?}");
            assert!(r[1].0.ends_with("信息125条。"), "{page}: {r:?}");
        }
        for line in ["3-5", "第4页内容", "-3", "共9页"] {
            assert!(!is_page_number(&line.chars().collect::<Vec<_>>()), "{line}");
        }
    }

    /// The title repeated at the top of a page is passed over like a page
    /// number, and neither is part of the joined sentence's compact text
    /// (nothing in them is tagged or counted); the record's span still
    /// covers them, so offsets stay exact.
    #[test]
    fn running_titles_and_page_numbers_leave_the_compact_text() {
        let lex = Lexicons::embedded().unwrap();
        for title in [
            "某市公安局2020年政府信息公开工作年度报告",
            "某市公安局2020年政府信息公开工作年度报告\n",
        ] {
            let doc = format!(
                "{title}\n一、总体情况\n全年共召开新闻发布会6场，通过门户网站和政务微博发布重\n\n- 2 -\n某市公安局 2020年政府信息公开工作年度报告\n要警情通报18次。\n某市公安局2020年政府信息公开工作年度报告全文如下。"
            );
            let t = CleanText::new(&doc);
            let u = units(&t, &lex.roles);
            let got: Vec<_> = u
                .iter()
                .map(|u| (u.compact.text.to_string(), u.role))
                .collect();
            assert_eq!(got.len(), 4, "{got:?}");
            assert_eq!(
                got[2].0,
                "全年共召开新闻发布会6场，通过门户网站和政务微博发布重要警情通报18次。"
            );
            assert!(t.original(u[2].span).contains("- 2 -"));
            // Where the title is part of a sentence, it stays.
            assert!(got[3].0.starts_with("某市公安局2020年"), "{got:?}");
        }
    }

    /// Contact details are meta wherever they stand; naming a line is not.
    #[test]
    fn contact_details_are_meta_anywhere() {
        let r = roles(
            "一、总体情况\n开通咨询电话12345，全年接听来电86个。\n六、其他需要报告的事项\n附件：本局政务公开联系电话：0571-8765432。\n联系地址：某某路1号，电子邮箱为gkb@example.gov.cn。\n热线电话为本局工作时间开通。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(got, [Heading, Work, Heading, Meta, Meta, Work], "{r:?}");
    }

    /// Problem and plan sections named by 困难 or by next year; 接下来 opens
    /// a plan; a template row about next year's carry-over is no plan.
    #[test]
    fn difficulties_and_next_year_sections() {
        let r = roles(
            "一、主要工作\n全年发布信息100条。\n二、工作中存在的困难\n信息员流动性大。\n三、明年工作重点\n继续完善公开目录。\n四、其他\n接下来，我局将深化公开。\n五、结转下年度继续办理\n全年受理申请3件。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(
            got,
            [
                Heading, Work, Heading, Problem, Heading, Plan, Heading, Plan, Heading, Work
            ]
        );
    }

    #[test]
    fn jiang_as_ba_reports_work_done() {
        let r = roles(
            "一、工作情况\n我局将政务公开工作纳入年度绩效考核。\n本局将公开指南放在网站首页，方便查阅。\n我局将于明年上线新版网站。\n我局还将深化标准化建设。",
        );
        let got = role_list(&r);
        use Role::*;
        assert_eq!(got, [Heading, Work, Work, Plan, Plan]);
    }

    #[test]
    fn furniture_title_and_preamble_meta() {
        let r = roles(
            "某市公安局\n某市公安局2020年政府信息公开工作\n\n年度报告\n来源:某市公安局 发布日期:2021-01-20\n打印\n根据《中华人民共和国政府信息公开条例》，现公布本局2020年年度报告。本年度报告中所列数据统计期限为2020年1月1日至12月31日。\n一、总体情况\n全年公开信息20条。\n网站地图\n京ICP备12345678号",
        );
        let got: Vec<(Role, UnitKind)> = r.iter().map(|x| (x.1, x.2)).collect();
        use Role::*;
        use UnitKind as K;
        assert_eq!(
            got,
            [
                (Meta, K::Furniture),
                (Heading, K::Title),
                (Meta, K::Furniture),
                (Meta, K::Furniture),
                (Meta, K::Sentence),
                (Meta, K::Sentence),
                (Heading, K::Heading),
                (Work, K::Sentence),
                (Meta, K::Furniture),
                (Meta, K::Furniture),
            ]
        );
        assert_eq!(r[1].0, "某市公安局2020年政府信息公开工作\n\n年度报告");
    }

    #[test]
    fn tables_one_cell_per_line_blank_lines_and_pipes() {
        let cells = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n0\n0\n0\n行政规范性文件\n3\n1\n5\n三、收到和处理政府信息公开申请情况\n本年新收申请1件。";
        let r = roles(cells);
        assert_eq!(r[1].2, UnitKind::Table);
        assert!(r[1].0.starts_with("第二十条") && r[1].0.ends_with("5"));
        assert_eq!(r[2].2, UnitKind::Heading);
        let spaced = cells.replace('\n', "\n\n");
        let r = roles(&spaced);
        assert_eq!(r.iter().filter(|x| x.2 == UnitKind::Table).count(), 1);
        let pipes = "二、主动公开政府信息情况\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 3 | 1 | 5 |\n三、存在的主要问题及改进情况\n网站更新慢。";
        let r = roles(pipes);
        assert_eq!(r[1].2, UnitKind::Table);
        assert_eq!(r[1].0.lines().count(), 3);
        assert_eq!(r[3].1, Role::Problem);
    }
}
