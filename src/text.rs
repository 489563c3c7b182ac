//! Text preparation: [`SourceText`](crate::decode::SourceText) → [`CleanText`].
//!
//! Takes the decoded document and gives two aligned character views of it: the
//! original characters (what every output quotes) and a *normalised* copy used
//! for matching, in which full-width digits and letters become ASCII, the
//! half-width punctuation many sites publish inside Chinese (`,` `:` `;` `(` `)`)
//! becomes full-width, straight quotes become “ ” and ideographic spaces become
//! plain spaces, and traditional characters become simplified ([`to_simplified`]:
//! 政務微博 is matched as 政务微博), so the lexicons, written in simplified
//! characters, match reports published in traditional ones. The original view
//! keeps the characters as published.
//!
//! Invariant: normalisation maps each character to exactly one character, so a
//! character offset means the same position in both views and no offset map is
//! needed between them. Removing whitespace for matching (lines broken in the
//! middle of a word) is done per span by [`CleanText::compact`], which returns the
//! map back to document offsets.
//!
//! All offsets in gongkai are in Unicode characters of the decoded document.

/// A half-open range of character offsets into the decoded document.
///
/// ```
/// let s = gongkai::Span::new(2, 5);
/// assert_eq!(s.len(), 3);
/// assert!(!s.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Span {
    /// Makes a span; `start` must not exceed `end`.
    ///
    /// ```
    /// assert_eq!(gongkai::Span::new(0, 4).end, 4);
    /// ```
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Number of characters.
    ///
    /// ```
    /// assert_eq!(gongkai::Span::new(3, 3).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no character.
    ///
    /// ```
    /// assert!(gongkai::Span::new(3, 3).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The document as two aligned character views: original and normalised.
///
/// ```
/// let t = gongkai::text::CleanText::new("发布信息４８９条(一)");
/// assert_eq!(t.original(gongkai::Span::new(4, 7)), "４８９");
/// assert_eq!(t.normalized(gongkai::Span::new(4, 7)), "489");
/// assert_eq!(t.normalized(gongkai::Span::new(8, 11)), "（一）");
/// ```
#[derive(Debug, Clone)]
pub struct CleanText {
    text: String,
    /// Byte offset of every character, plus `text.len()` at the end.
    byte_at: Vec<usize>,
    norm: Vec<char>,
    /// The normalised characters as one string, so that any span's
    /// normalised text is a slice, not a copy.
    norm_text: String,
    /// Byte offset in `norm_text` of every character, plus its length.
    norm_byte_at: Vec<usize>,
}

/// A span's normalised text with whitespace removed, and the way back to
/// document offsets. Built by [`CleanText::compact`]; a span without
/// whitespace (most sentences) borrows the document's normalised text
/// instead of copying it.
///
/// ```
/// let t = gongkai::text::CleanText::new("省公安厅面向\n\n社会发布");
/// let c = t.compact(gongkai::Span::new(0, 12));
/// assert_eq!(c.text, "省公安厅面向社会发布");
/// // 向社 in the compact text spans the line break in the document.
/// let at = c.text.find("向社").unwrap();
/// assert_eq!(c.doc_span(at, at + "向社".len()), gongkai::Span::new(5, 9));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compact<'a> {
    /// The compact, normalised text.
    pub text: Cow<'a, str>,
    /// The characters of `text`.
    chars: Cow<'a, [char]>,
    /// Byte offset in `text` of every character, plus `text.len()`, each
    /// plus `byte_base` (borrowed offsets are the document's).
    byte_at: Cow<'a, [usize]>,
    byte_base: usize,
    /// Document offset of every character, plus the span's end; `None` when
    /// nothing was removed, so that character `i` is at `start + i`.
    doc_at: Option<Vec<usize>>,
    start: usize,
}

use std::borrow::Cow;

impl Compact<'_> {
    /// Maps a byte range of the compact text back to a document span.
    /// Both ends must be character boundaries of `text`.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("微 博");
    /// let c = t.compact(gongkai::Span::new(0, 3));
    /// assert_eq!(c.doc_span(0, c.text.len()), gongkai::Span::new(0, 3));
    /// ```
    pub fn doc_span(&self, byte_start: usize, byte_end: usize) -> crate::Span {
        self.doc_span_chars(self.char_at_byte(byte_start), self.char_at_byte(byte_end))
    }

    /// Document offset of character `i` (`i` = length gives the span's end).
    fn doc_at(&self, i: usize) -> usize {
        match &self.doc_at {
            Some(at) => at[i],
            None => self.start + i,
        }
    }

    /// Maps a character range of the compact text back to a document span.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("省公安厅\n发布");
    /// let c = t.compact(gongkai::Span::new(0, 7));
    /// assert_eq!(c.doc_span_chars(3, 5), gongkai::Span::new(3, 6));
    /// ```
    pub fn doc_span_chars(&self, start: usize, end: usize) -> crate::Span {
        if start >= end {
            let at = self.doc_at(start.min(self.chars.len()));
            return crate::Span::new(at, at);
        }
        // The end is the end of the last character, not the start of the next:
        // whitespace removed between them must not be included.
        crate::Span::new(self.doc_at(start), self.doc_at(end - 1) + 1)
    }

    /// The characters of the compact text.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("政务 微博");
    /// assert_eq!(t.compact(gongkai::Span::new(0, 5)).chars().len(), 4);
    /// ```
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The character index of a byte offset of the compact text (a byte inside
    /// a character gives that character).
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("微博12");
    /// let c = t.compact(gongkai::Span::new(0, 4));
    /// assert_eq!(c.char_at_byte(6), 2);
    /// assert_eq!(c.char_at_byte(c.text.len()), 4);
    /// ```
    pub fn char_at_byte(&self, byte: usize) -> usize {
        match self.byte_at.binary_search(&(byte + self.byte_base)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The byte offset of a character index of the compact text.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("微博12");
    /// assert_eq!(t.compact(gongkai::Span::new(0, 4)).byte_at_char(2), 6);
    /// ```
    pub fn byte_at_char(&self, char_index: usize) -> usize {
        self.byte_at[char_index.min(self.chars.len())] - self.byte_base
    }

    /// The compact text as an owned value, independent of the document.
    ///
    /// ```
    /// let c = gongkai::text::CleanText::new("微博").compact(gongkai::Span::new(0, 2)).into_owned();
    /// assert_eq!(c.text, "微博");
    /// ```
    pub fn into_owned(self) -> Compact<'static> {
        Compact {
            text: Cow::Owned(self.text.into_owned()),
            chars: Cow::Owned(self.chars.into_owned()),
            byte_at: Cow::Owned(self.byte_at.iter().map(|b| b - self.byte_base).collect()),
            byte_base: 0,
            doc_at: self.doc_at,
            start: self.start,
        }
    }
}

/// An owned compact text being built, character by character.
struct CompactBuilder {
    text: String,
    chars: Vec<char>,
    byte_at: Vec<usize>,
    doc_at: Vec<usize>,
}

impl CompactBuilder {
    fn push(&mut self, c: char, doc: usize) {
        self.byte_at.push(self.text.len());
        self.text.push(c);
        self.chars.push(c);
        self.doc_at.push(doc);
    }
}

impl CleanText {
    /// Prepares a decoded text.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("１２条");
    /// assert_eq!(t.len_chars(), 3);
    /// ```
    pub fn new(text: &str) -> CleanText {
        // One pass. Most characters are left as they are: the normalised text
        // copies runs of them from the original in one go, and its offsets
        // are the original's shifted by what the changed characters added or
        // removed.
        let capacity = text.chars().count() + 1;
        let mut byte_at = Vec::with_capacity(capacity);
        let mut norm = Vec::with_capacity(capacity);
        let mut norm_text = String::with_capacity(text.len());
        let mut norm_byte_at = Vec::with_capacity(capacity);
        let mut quote_open = false;
        let mut prev = '\n';
        let (mut run_start, mut shift) = (0usize, 0isize);
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            byte_at.push(at);
            norm_byte_at.push(at.wrapping_add_signed(shift));
            let n = if is_kept(c) {
                c
            } else {
                let next = chars.peek().map_or('\n', |&(_, c)| c);
                normalize_char(c, prev, next, &mut quote_open)
            };
            norm.push(n);
            if n != c {
                norm_text.push_str(&text[run_start..at]);
                norm_text.push(n);
                run_start = at + c.len_utf8();
                shift += n.len_utf8() as isize - c.len_utf8() as isize;
            }
            prev = c;
        }
        byte_at.push(text.len());
        norm_text.push_str(&text[run_start..]);
        norm_byte_at.push(norm_text.len());
        debug_assert_eq!(norm_text.len(), text.len().wrapping_add_signed(shift));
        CleanText {
            text: text.to_owned(),
            byte_at,
            norm,
            norm_text,
            norm_byte_at,
        }
    }

    /// Gives back the decoded text, dropping the normalised view.
    ///
    /// ```
    /// assert_eq!(gongkai::text::CleanText::new("(一)").into_text(), "(一)");
    /// ```
    pub fn into_text(self) -> String {
        self.text
    }

    /// The whole decoded text.
    ///
    /// ```
    /// assert_eq!(gongkai::text::CleanText::new("(一)").text(), "(一)");
    /// ```
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of characters in the document.
    ///
    /// ```
    /// assert_eq!(gongkai::text::CleanText::new("公开a").len_chars(), 3);
    /// ```
    pub fn len_chars(&self) -> usize {
        self.norm.len()
    }

    /// The original text of a span.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("(一)概述");
    /// assert_eq!(t.original(gongkai::Span::new(0, 3)), "(一)");
    /// ```
    pub fn original(&self, span: crate::Span) -> &str {
        &self.text[self.byte_at[span.start]..self.byte_at[span.end]]
    }

    /// The normalised text of a span.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("(一)概述");
    /// assert_eq!(t.normalized(gongkai::Span::new(0, 3)), "（一）");
    /// ```
    pub fn normalized(&self, span: crate::Span) -> &str {
        &self.norm_text[self.norm_byte_at[span.start]..self.norm_byte_at[span.end]]
    }

    /// The normalised characters of the whole document.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("ＡＰＰ");
    /// assert_eq!(t.norm_chars(), &['A', 'P', 'P']);
    /// ```
    pub fn norm_chars(&self) -> &[char] {
        &self.norm
    }

    /// The normalised text of a span with whitespace removed (a space between
    /// two ASCII letters or digits is kept as one space), with the map back.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("发布 489 条\nAll  Rights");
    /// assert_eq!(t.compact(gongkai::Span::new(0, t.len_chars())).text, "发布489条All Rights");
    /// ```
    pub fn compact(&self, span: crate::Span) -> Compact<'_> {
        self.compact_without(span, &[])
    }

    /// [`CleanText::compact`] leaving out the characters of `skip` (sorted,
    /// disjoint spans): lines that a sentence runs across but that are not
    /// part of it, such as page numbers and running headers. The map back to
    /// the document still gives exact offsets for everything kept.
    ///
    /// ```
    /// let t = gongkai::text::CleanText::new("发布重\n- 2 -\n要信息");
    /// let c = t.compact_without(gongkai::Span::new(0, t.len_chars()), &[gongkai::Span::new(4, 9)]);
    /// assert_eq!(c.text, "发布重要信息");
    /// assert_eq!(c.doc_span(9, 12), gongkai::Span::new(10, 11));
    /// ```
    pub fn compact_without(&self, span: crate::Span, skip: &[crate::Span]) -> Compact<'_> {
        let chars = &self.norm[span.start..span.end];
        // Only the skipped spans inside this one matter.
        let from = skip.partition_point(|s| s.end <= span.start);
        let skip = &skip[from..from + skip[from..].partition_point(|s| s.start < span.end)];
        if skip.is_empty() && !chars.iter().any(|&c| is_space(c)) {
            return Compact {
                text: Cow::Borrowed(self.normalized(span)),
                chars: Cow::Borrowed(chars),
                byte_at: Cow::Borrowed(&self.norm_byte_at[span.start..=span.end]),
                byte_base: self.norm_byte_at[span.start],
                doc_at: None,
                start: span.start,
            };
        }
        let mut out = CompactBuilder {
            text: String::with_capacity(span.len() * 3),
            chars: Vec::with_capacity(span.len()),
            byte_at: Vec::with_capacity(span.len() + 1),
            doc_at: Vec::with_capacity(span.len() + 1),
        };
        let mut skip = skip.iter().peekable();
        let mut i = 0;
        while i < chars.len() {
            // A skipped span counts as whitespace between what it separates.
            if let Some(s) = skip.peek()
                && span.start + i >= s.start
            {
                let end = s.end.min(span.end) - span.start;
                skip.next();
                if end > i {
                    i = end;
                    continue;
                }
            }
            let c = chars[i];
            if is_space(c) {
                let ws_start = i;
                while i < chars.len() && is_space(chars[i]) {
                    i += 1;
                }
                let before = out.chars.last();
                let after = chars.get(i);
                if let (Some(b), Some(a)) = (before, after)
                    && b.is_ascii_alphanumeric()
                    && a.is_ascii_alphanumeric()
                {
                    out.push(' ', span.start + ws_start);
                }
                continue;
            }
            out.push(c, span.start + i);
            i += 1;
        }
        out.byte_at.push(out.text.len());
        out.doc_at.push(span.end);
        Compact {
            text: Cow::Owned(out.text),
            chars: Cow::Owned(out.chars),
            byte_at: Cow::Owned(out.byte_at),
            byte_base: 0,
            doc_at: Some(out.doc_at),
            start: span.start,
        }
    }
}

/// Normalises characters one for one (see the module doc).
pub(crate) fn normalize(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut quote_open = false;
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { chars[i - 1] } else { '\n' };
        let next = chars.get(i + 1).copied().unwrap_or('\n');
        out.push(normalize_char(c, prev, next, &mut quote_open));
    }
    out
}

/// The normalised form of `c`, between `prev` and `next` (`\n` at either end
/// of the text). Straight double quotes alternate open/close within a line:
/// `quote_open` carries that state from character to character.
#[inline]
fn normalize_char(c: char, prev: char, next: char, quote_open: &mut bool) -> char {
    // Ideographs, the bulk of a report, only go through T→S folding.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return to_simplified(c);
    }
    match c {
        '\n' => {
            *quote_open = false;
            '\n'
        }
        // Full-width ASCII variants (！ through ～) → ASCII, except the
        // punctuation that has a canonical full-width form below.
        '\u{FF01}'..='\u{FF5E}' => {
            let a = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            match a {
                ',' | ':' | ';' | '(' | ')' | '!' | '?' => fullwidth_punct(a),
                '"' => {
                    *quote_open = !*quote_open;
                    if *quote_open { '“' } else { '”' }
                }
                _ => a,
            }
        }
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' => ' ',
        // Half-width punctuation inside Chinese text; kept between digits,
        // where `,` is a thousands separator and `:` a clock time.
        ',' | ':' if prev.is_ascii_digit() && next.is_ascii_digit() => c,
        ',' | ':' | ';' | '(' | ')' | '!' | '?' => fullwidth_punct(c),
        '"' => {
            *quote_open = !*quote_open;
            if *quote_open { '“' } else { '”' }
        }
        '「' | '『' => '“',
        '」' | '』' => '”',
        _ => to_simplified(c),
    }
}

/// Characters [`normalize_char`] returns unchanged, told cheaply: ASCII
/// letters, digits and spaces, and ideographs with no simplified form.
#[inline]
fn is_kept(c: char) -> bool {
    let u = c as u32;
    if (0x4E00..=0x9FFF).contains(&u) {
        !in_t2s_bmp(u)
    } else {
        c.is_ascii_alphanumeric() || c == ' '
    }
}

/// The traditional → simplified table (`src/t2s.rs`, generated from OpenCC's
/// character tables by `data/t2s/generate.py`), sorted by traditional character.
static T2S: [(char, char); crate::t2s::T2S.len()] = crate::t2s::T2S;

/// One bit per Basic Multilingual Plane code point: set when it is in [`T2S`].
/// Built at compile time, so the common case (a character that is not
/// traditional) costs one load and no search.
static T2S_BMP: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let table = crate::t2s::T2S;
    let mut i = 0;
    while i < table.len() {
        let u = table[i].0 as u32;
        if u <= 0xFFFF {
            bits[(u >> 6) as usize] |= 1 << (u & 63);
        }
        i += 1;
    }
    bits
};

/// Whether a BMP code point has an entry in [`T2S`] (one bit lookup).
#[inline]
fn in_t2s_bmp(u: u32) -> bool {
    T2S_BMP[(u >> 6) as usize] >> (u & 63) & 1 == 1
}

/// The simplified form of a traditional Chinese character; any other character
/// is returned unchanged. One character for one, so offsets are unaffected.
///
/// The table holds the 4,227 one-to-one character mappings of OpenCC's
/// traditional → simplified data (`TSCharacters`, the Taiwan and Hong Kong
/// variant forms, CJK compatibility ideographs). Where OpenCC gives several
/// simplified readings the first (its default) is taken (乾 → 干, 於 → 于);
/// characters that are also simplified characters in their own right (著, 覆,
/// 台) are left alone, so simplified text never changes. Phrase-level
/// conversions (OpenCC's `TSPhrases`) are not applied.
///
/// ```
/// use gongkai::text::to_simplified;
/// let s: String = "政務微博發佈網站資訊條".chars().map(to_simplified).collect();
/// assert_eq!(s, "政务微博发布网站资讯条");
/// assert_eq!(to_simplified('著'), '著');
/// assert_eq!(to_simplified('A'), 'A');
/// ```
pub fn to_simplified(c: char) -> char {
    let u = c as u32;
    // The table starts in CJK Extension A (U+3400).
    if u < 0x3400 || (u <= 0xFFFF && !in_t2s_bmp(u)) {
        return c;
    }
    match T2S.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => T2S[i].1,
        Err(_) => c,
    }
}

fn fullwidth_punct(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        _ => c,
    }
}

/// True for characters that end a sentence (ANNOTATION.md: 。！？).
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// True for closing quotes and brackets that stay with the sentence they close.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '）' | '》' | '」' | '』' | ')' | '"' | '\'' | '】'
    )
}

/// `char::is_whitespace`, answered without a table lookup for the
/// ideographs that make up most of a report (no whitespace lies above
/// U+3000).
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

/// `hay` starts with `prefix`, compared char by char: cues are a few
/// characters long, too short for a memcmp call to pay.
pub(crate) fn starts_with_chars(hay: &[char], prefix: &[char]) -> bool {
    hay.len() >= prefix.len() && hay.iter().zip(prefix).all(|(a, b)| a == b)
}

/// True for Chinese numerals used in headings and counts.
/// A CJK unified ideograph (the block holds no punctuation).
pub(crate) fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

pub(crate) fn is_cjk_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '零'
            | '〇'
            | '两'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn kept_characters_are_what_normalisation_leaves_unchanged() {
        // `is_kept` is a shortcut past `normalize_char`: it must never skip
        // a character that the full normalisation would change, whatever its
        // neighbours and the quote state.
        let neighbours = ['\n', '1', 'a', '公', ','];
        for u in 0..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            if !is_kept(c) {
                continue;
            }
            for prev in neighbours {
                for next in neighbours {
                    for open in [false, true] {
                        let mut quote_open = open;
                        assert_eq!(
                            normalize_char(c, prev, next, &mut quote_open),
                            c,
                            "U+{u:04X}"
                        );
                        assert_eq!(quote_open, open, "U+{u:04X} changed the quote state");
                    }
                }
            }
        }
        // And it takes the common case: ideographs, ASCII letters and digits.
        assert!(['政', 'A', 'z', '7', ' '].iter().all(|&c| is_kept(c)));
        assert!(!is_kept('國') && !is_kept(',') && !is_kept('１'));
    }

    #[test]
    fn normalisation_is_one_to_one() {
        let cases = [
            ("２０１８年", "2018年"),
            ("(一)健全机构,加强领导", "（一）健全机构，加强领导"),
            ("1,234条", "1,234条"),
            ("11:41", "11:41"),
            ("来源:固原", "来源：固原"),
            ("\"雪城警网\"", "“雪城警网”"),
            ("ＡＰＰ", "APP"),
            ("\u{3000}\u{3000}根据", "  根据"),
        ];
        for (input, want) in cases {
            let t = CleanText::new(input);
            assert_eq!(
                t.normalized(Span::new(0, t.len_chars())),
                want,
                "input {input:?}"
            );
            assert_eq!(t.len_chars(), input.chars().count());
        }
    }

    #[test]
    fn traditional_is_matched_as_simplified() {
        let cases = [
            ("政務微博", "政务微博"),
            ("網站", "网站"),
            ("發佈", "发布"),
            ("389條", "389条"),
            ("為民服務，裡外", "为民服务，里外"),
            ("臺灣", "台湾"),
            // Variant forms and a compatibility ideograph (U+F967 不).
            ("痺衞枱\u{F967}", "痹卫台不"),
            // Simplified text, including characters shared with traditional.
            ("成效显著，全覆盖，后台", "成效显著，全覆盖，后台"),
        ];
        for (input, want) in cases {
            let t = CleanText::new(input);
            assert_eq!(t.normalized(Span::new(0, t.len_chars())), want, "{input:?}");
            assert_eq!(t.original(Span::new(0, t.len_chars())), input);
        }
    }

    #[test]
    fn t2s_table_is_sorted_settled_and_below_bmp_search_start() {
        assert!(
            T2S.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no duplicates"
        );
        for &(t, s) in T2S.iter() {
            assert_ne!(t, s);
            assert_eq!(to_simplified(t), s, "{t}");
            assert_eq!(to_simplified(s), s, "{t} → {s} is not final");
            assert!(t as u32 >= 0x3400, "{t}");
        }
        // Every simplified character the table produces is left alone, and
        // no ASCII or punctuation is touched.
        for u in 0..0x3400u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(to_simplified(c), c);
            }
        }
    }

    #[test]
    fn compact_joins_broken_lines_and_maps_back() {
        let t = CleanText::new("网站发布 489 条\n信息, All Rights");
        let c = t.compact(Span::new(0, t.len_chars()));
        assert_eq!(c.text, "网站发布489条信息，All Rights");
        let at = c.text.find("489").unwrap();
        let span = c.doc_span(at, at + 3);
        assert_eq!(t.original(span), "489");
        let at = c.text.find("条信").unwrap();
        assert_eq!(t.original(c.doc_span(at, at + "条信".len())), "条\n信");
    }
}
