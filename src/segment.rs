//! Segmentation: compact sentence text → jieba tokens.
//!
//! Takes the compact normalised text of a sentence (see [`crate::text::Compact`])
//! and gives its tokens as byte ranges. The [`Segmenter`] is jieba-rs with its
//! default dictionary, the domain user dictionary `lexicons/userdict.txt`, and
//! every lexicon term added as a word so that terms such as 政务微博 or
//! 依申请公开 are never cut apart.
//!
//! HMM discovery of unknown words is off: unknown strings then fall apart into
//! single characters, which can never hide a lexicon term, so whether a term
//! matches depends only on dictionary words (see [`crate::tagger`]).

use jieba_rs::Jieba;

use crate::error::{Error, ErrorKind, Result};

/// jieba with the domain dictionary, built once.
///
/// ```
/// let lex = gongkai::Lexicons::embedded().unwrap();
/// let seg = gongkai::segment::Segmenter::new(&lex).unwrap();
/// let words: Vec<&str> = seg.cut("通过政务微博公开信息").into_iter().map(|t| t.word).collect();
/// assert!(words.contains(&"政务微博"));
/// ```
pub struct Segmenter {
    jieba: Jieba,
}

/// One token: the word and its byte range in the segmented text.
///
/// ```
/// let t = gongkai::segment::Token { word: "微博", start: 0, end: 6 };
/// assert_eq!(t.end - t.start, t.word.len());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token text.
    pub word: &'a str,
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
}

impl Segmenter {
    /// Builds jieba with the user dictionary and the lexicon terms (example above).
    pub fn new(lex: &crate::Lexicons) -> Result<Segmenter> {
        let mut jieba = Jieba::new();
        jieba
            .load_dict(&mut lex.userdict.as_bytes())
            .map_err(|e| Error::new(ErrorKind::Lexicon, format!("userdict.txt: {e}")))?;
        for term in lex.all_terms() {
            let t = crate::tagger::normalize_term(term);
            // Numbers are segmented by jieba as numbers already. A word jieba
            // knows but would still cut (内网 → 内/网) gets the frequency
            // jieba suggests to keep it whole.
            if !t.chars().all(|c| c.is_ascii_digit()) && jieba.cut(&t, false).len() > 1 {
                jieba.add_word(&t, None, None);
            }
        }
        Ok(Segmenter { jieba })
    }

    /// Cuts a text into tokens (dictionary words, HMM off).
    ///
    /// ```
    /// let seg = gongkai::segment::Segmenter::new(&gongkai::Lexicons::embedded().unwrap()).unwrap();
    /// let t = seg.cut("依申请公开");
    /// assert_eq!((t[0].word, t[0].start, t[0].end), ("依申请公开", 0, 15));
    /// ```
    pub fn cut<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.jieba
            .cut(text, false)
            .into_iter()
            .map(|t| Token {
                word: t.word,
                start: t.byte_start,
                end: t.byte_end,
            })
            .collect()
    }

    /// Cuts only the given byte ranges of `text`, which must be pieces from
    /// [`pieces`]: jieba cuts each piece exactly as it would inside the whole
    /// text. Token offsets are offsets into `text`.
    ///
    /// ```
    /// use gongkai::segment::{pieces, Segmenter};
    /// let seg = Segmenter::new(&gongkai::Lexicons::embedded().unwrap()).unwrap();
    /// let text = "召开会议，开通政务微博。";
    /// let all = seg.cut(text);
    /// let second = seg.cut_pieces(text, &pieces(text)[2..3]);
    /// assert_eq!(second[0].word, "开通");
    /// assert!(second.iter().all(|t| all.contains(t)));
    /// ```
    pub fn cut_pieces<'a>(
        &self,
        text: &'a str,
        ranges: &[std::ops::Range<usize>],
    ) -> Vec<Token<'a>> {
        // About one token per two characters of Chinese.
        let bytes: usize = ranges.iter().map(|r| r.len()).sum();
        let mut out = Vec::with_capacity(bytes / 5 + 1);
        self.cut_pieces_into(text, ranges, &mut out);
        out
    }

    /// [`Segmenter::cut_pieces`], appending to `out`.
    pub(crate) fn cut_pieces_into<'a>(
        &self,
        text: &'a str,
        ranges: &[std::ops::Range<usize>],
        out: &mut Vec<Token<'a>>,
    ) {
        for r in ranges {
            let piece = &text[r.clone()];
            out.extend(self.jieba.cut(piece, false).into_iter().map(|t| Token {
                word: t.word,
                start: r.start + t.byte_start,
                end: r.start + t.byte_end,
            }));
        }
    }

    /// The underlying jieba, for comparisons (benchmarks use it as the floor).
    ///
    /// ```
    /// let seg = gongkai::segment::Segmenter::new(&gongkai::Lexicons::embedded().unwrap()).unwrap();
    /// assert!(seg.jieba().has_word("政务微博"));
    /// ```
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }
}

/// Splits a text at punctuation into the pieces jieba segments independently.
///
/// jieba cuts runs of CJK ideographs, ASCII letters and digits (and `+#&._%-`);
/// every other character (punctuation, spaces, symbols) is a token of its
/// own. A piece is such a run or such a character: no token ever crosses its
/// ends, so a piece can be cut alone with the same result. Used to
/// segment only the clauses where a lexicon term or a quantity can be.
///
/// ```
/// let text = "召开会议，开通政务微博。";
/// let p = gongkai::segment::pieces(text);
/// assert_eq!(p.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["召开会议", "，", "开通政务微博", "。"]);
/// ```
pub fn pieces(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if splits_blocks(c) {
            if start < i {
                out.push(start..i);
            }
            out.push(i..i + c.len_utf8());
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The pieces (see [`pieces`]) that overlap any of the byte ranges `wanted`,
/// with runs of pieces no more than one character apart merged into one
/// range (a run of pieces cuts the same as its pieces one by one), found
/// without splitting the whole text. `wanted` is sorted in place; an end
/// inside a character is taken to that character's end, a start to its start.
///
/// ```
/// let text = "召开会议，开通政务微博。";
/// let at = text.find("政务").unwrap();
/// let mut wanted = vec![(at, at + "政务微博".len())];
/// let needed = gongkai::segment::pieces_overlapping(text, &mut wanted);
/// assert_eq!(needed.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["开通政务微博"]);
/// ```
pub fn pieces_overlapping(
    text: &str,
    wanted: &mut [(usize, usize)],
) -> Vec<std::ops::Range<usize>> {
    let mut needed = Vec::with_capacity(wanted.len());
    pieces_overlapping_into(text, wanted, &mut needed);
    needed
}

/// [`pieces_overlapping`], appending to `out` (what is already there is
/// left alone).
pub(crate) fn pieces_overlapping_into(
    text: &str,
    wanted: &mut [(usize, usize)],
    out: &mut Vec<std::ops::Range<usize>>,
) {
    wanted.sort_unstable();
    // Only this call's ranges are merged.
    let kept = out.len();
    for &(start, end) in wanted.iter() {
        let (mut start, mut end) = (start.min(text.len()), end.min(text.len()));
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if start >= end || out[kept..].last().is_some_and(|prev| prev.end >= end) {
            continue;
        }
        // The piece holding the first byte, back to its start…
        let first = text[start..].chars().next().expect("start < end");
        let from = if let Some(prev) = out[kept..].last().filter(|p| p.end > start) {
            prev.start
        } else if splits_blocks(first) {
            start
        } else {
            text[..start]
                .char_indices()
                .rev()
                .find(|&(_, c)| splits_blocks(c))
                .map_or(0, |(i, c)| i + c.len_utf8())
        };
        // …and the piece holding the last byte, on to its end.
        let (last_at, last) = text[..end].char_indices().next_back().expect("start < end");
        let to = if splits_blocks(last) {
            last_at + last.len_utf8()
        } else {
            text[end..]
                .char_indices()
                .find(|&(_, c)| splits_blocks(c))
                .map_or(text.len(), |(i, _)| end + i)
        };
        match out[kept..].last_mut() {
            Some(prev) if prev.end + 3 >= from => prev.end = prev.end.max(to),
            _ => out.push(from..to),
        }
    }
}

/// Characters jieba never joins to a neighbour: outside its `RE_HAN` class
/// (CJK ideographs and extensions, ASCII letters and digits, `+#&._%-`), as
/// jieba-rs 0.11 defines it.
fn splits_blocks(c: char) -> bool {
    let han = matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
        || c.is_ascii_alphanumeric()
        || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-');
    !han
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The user dictionary and the lexicons stay in sync: every term, alone,
    /// is one token, so the boundary rule can never cut a term apart.
    #[test]
    fn every_term_and_userdict_word_stays_whole() {
        let lex = crate::Lexicons::embedded().unwrap();
        let seg = Segmenter::new(&lex).unwrap();
        let userdict = lex
            .userdict
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .map(str::to_string);
        let terms = lex
            .all_terms()
            .map(|t| crate::tagger::normalize_term(t))
            .chain(userdict);
        for term in terms {
            let tokens = seg.cut(&term);
            // Inside a term, jieba may cut only next to punctuation (“三公”经费).
            let bytes_ok = |b: usize| {
                let before = term[..b]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric());
                let after = term[b..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_alphanumeric());
                before || after
            };
            let whole = tokens.len() == 1
                || term.chars().all(|c| c.is_ascii_alphanumeric())
                || tokens.iter().skip(1).all(|t| bytes_ok(t.start));
            assert!(
                whole,
                "{term:?} is cut as {:?}",
                tokens.iter().map(|t| t.word).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn domain_words_named_in_the_issue_stay_whole() {
        let lex = crate::Lexicons::embedded().unwrap();
        let seg = Segmenter::new(&lex).unwrap();
        let text = "通过政务微博、微信公众号和新闻发布会做好依申请公开、政府信息公开和行政复议工作";
        let words: Vec<&str> = seg.cut(text).into_iter().map(|t| t.word).collect();
        for w in [
            "政务微博",
            "微信公众号",
            "新闻发布会",
            "依申请公开",
            "政府信息公开",
            "行政复议",
        ] {
            assert!(words.contains(&w), "{w} not whole in {words:?}");
        }
    }
}
