//! Property tests for the span and tag invariants of [`Pipeline::analyze`].
//!
//! For arbitrary text, built from the vocabulary of police-bureau disclosure
//! reports (numbering, punctuation of both widths, carriers, table pipes,
//! line breaks) mixed with emoji, combining marks and fully arbitrary strings:
//! - analysis never panics;
//! - records are in document order, do not overlap and are numbered 1..n;
//! - every record's text is exactly the document's characters `start..end`,
//!   is non-empty and has no leading or trailing whitespace;
//! - every match lies inside its record and inside the document;
//! - every channel and issue is explained by a counted match with that tag,
//!   and every counted match's tag is listed;
//! - no visible character is dropped: each one lies in some record (a
//!   zero-width space, which the engine treats as a space, may not);
//! - a byte-order mark changes nothing but the reported encoding;
//! - cutting a text piece by piece (as the pipeline does, to segment only
//!   where a term or a quantity can be) gives exactly jieba's tokens of the
//!   whole text.
//!
//! The pipeline is built once and shared. Run more cases with e.g.
//! `PROPTEST_CASES=5000 cargo test --test properties`.

use std::sync::OnceLock;

use gongkai::{Document, Pipeline};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new().expect("embedded lexicons load"))
}

/// Pieces of report text; a document is a random sequence of them.
const VOCAB: &[&str] = &[
    // carriers and topics
    "微博",
    "政务微博",
    "网站",
    "门户网站",
    "网站地图",
    "微信公众号",
    "两微一端",
    "新闻发布会",
    "电视台",
    "公开栏",
    "服务大厅",
    "热线",
    "12345",
    "110",
    "网络平台",
    "“平安某市”",
    "“某市警网”",
    "《某市日报》",
    "警务直通车",
    "户政",
    "出入境",
    "交通",
    "消防",
    "反诈",
    "禁毒",
    "主动公开",
    "依申请公开",
    "政策解读",
    "行政复议",
    "规范性文件",
    "领导小组",
    "考核",
    "培训",
    // report phrases
    "某市公安局",
    "2020年",
    "全年",
    "通过",
    "发布信息",
    "条",
    "篇",
    "场",
    "次",
    "万",
    "余",
    "年度报告",
    "政府信息公开工作年度报告",
    "根据《条例》",
    "现公布",
    "统计期限",
    "本报告电子版",
    "如对本报告有任何疑问",
    "联系电话：0000-1234567",
    "存在的问题",
    "存在的主要问题及改进情况",
    "下一步工作打算",
    "下一步",
    "我局将",
    "将进一步",
    "来源:",
    "打印",
    "ICP备",
    "发布日期:",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "规章",
    // numbering
    "一、",
    "二、",
    "十一、",
    "（一）",
    "（二）",
    "(三)",
    "1.",
    "2、",
    "（1）",
    "①",
    "一是",
    "二是",
    "第一部分",
    "概述",
    "总体情况",
    // punctuation, both widths
    "。",
    "，",
    ",",
    "、",
    "；",
    ";",
    "：",
    ":",
    "！",
    "？",
    "!",
    "?",
    "(",
    ")",
    "（",
    "）",
    "“",
    "”",
    "\"",
    "'",
    "《",
    "》",
    "「",
    "」",
    "【",
    "】",
    "…",
    "—",
    "-",
    "|",
    " | ",
    "%",
    ".",
    // digits and numbers
    "0",
    "1",
    "7",
    "42",
    "1,215",
    "3.2",
    "０",
    "１２",
    "４８９",
    // whitespace and line breaks
    "\n",
    "\n\n",
    "\n\n\n\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "　",
    "\t",
    "\u{a0}",
    "\u{200b}",
    "\u{2028}",
    "\u{feff}",
    // ASCII, emoji, combining marks and other scripts
    "abc",
    "APP",
    "app",
    "Copyright",
    "www.example.gov.cn",
    "😀",
    "👮‍♂️",
    "🇨🇳",
    "e\u{301}",
    "\u{301}",
    "\u{20dd}",
    "\u{fe0f}",
    "Ω",
    "ß",
    "ﬁ",
    "İ",
    "한국",
    "ﾃｽﾄ",
    "𠀀",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => proptest::sample::select(VOCAB).prop_map(str::to_string),
        1 => "[\\PC]{1,4}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn report_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => report_like(),
        1 => "\\PC*",
        1 => any::<String>(),
    ]
}

fn check(text: &str, doc: &Document) -> Result<(), TestCaseError> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    prop_assert_eq!(doc.chars, n, "document length in chars");
    let mut prev_end = 0usize;
    for (i, s) in doc.sentences.iter().enumerate() {
        prop_assert_eq!(s.sid, i + 1, "sids are 1..n");
        prop_assert!(s.start < s.end, "record {} is empty: {:?}", s.sid, s);
        prop_assert!(
            s.end <= n,
            "record {} ends past the document ({} > {})",
            s.sid,
            s.end,
            n
        );
        prop_assert!(
            s.start >= prev_end,
            "record {} starts at {} before the previous record ends at {}",
            s.sid,
            s.start,
            prev_end
        );
        prev_end = s.end;
        let slice: String = chars[s.start..s.end].iter().collect();
        prop_assert_eq!(
            &s.text,
            &slice,
            "record {} text is not chars[start..end]",
            s.sid
        );
        let first = s.text.chars().next().unwrap();
        let last = s.text.chars().next_back().unwrap();
        prop_assert!(
            !first.is_whitespace() && !last.is_whitespace(),
            "record {} has surrounding whitespace: {:?}",
            s.sid,
            s.text
        );
        for q in &s.quantities {
            prop_assert!(
                s.start <= q.start && q.start < q.end && q.end <= s.end,
                "quantity {:?} lies outside record {} [{}, {})",
                q,
                s.sid,
                s.start,
                s.end
            );
            prop_assert!(
                q.value.is_finite() && q.value >= 0.0,
                "quantity {:?} has a bad value",
                q
            );
            prop_assert!(!q.unit.is_empty(), "quantity {:?} has no unit", q);
        }
        for m in &s.matches {
            prop_assert!(m.start <= m.end, "match {:?} is reversed", m);
            prop_assert!(
                s.start <= m.start && m.end <= s.end,
                "match {:?} lies outside record {} [{}, {})",
                m,
                s.sid,
                s.start,
                s.end
            );
            prop_assert!(m.end <= n, "match {:?} lies outside the document", m);
            prop_assert_eq!(
                m.counted,
                m.why.is_none(),
                "`why` is given exactly for uncounted matches: {:?}",
                m
            );
        }
        for (family, ids) in [("channel", &s.channels), ("issue", &s.issues)] {
            for id in ids.iter() {
                prop_assert!(
                    s.matches.iter().any(|m| m.counted && &m.tag == id),
                    "{} {} of record {} has no counted match: {:?}",
                    family,
                    id,
                    s.sid,
                    s
                );
            }
        }
        for m in s.matches.iter().filter(|m| m.counted) {
            prop_assert!(
                s.channels.contains(&m.tag) || s.issues.contains(&m.tag),
                "counted match {:?} of record {} produced no tag",
                m,
                s.sid
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn cutting_piece_by_piece_equals_cutting_the_whole(text in text()) {
        let seg = pipeline().segmenter();
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let whole = seg.cut(&compact);
        let pieces = gongkai::segment::pieces(&compact);
        prop_assert_eq!(seg.cut_pieces(&compact, &pieces), whole);
    }

    /// The pieces found around wanted ranges are exactly the pieces that
    /// overlap them, merged as the pipeline merges them.
    #[test]
    fn pieces_overlapping_equals_filtering_all_pieces(
        text in text(),
        picks in proptest::collection::vec((0usize..400, 1usize..40), 0..6),
    ) {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut wanted: Vec<(usize, usize)> = picks
            .iter()
            .filter_map(|&(at, len)| {
                let s = *boundaries.get(at)?;
                let e = boundaries[(at + len).min(boundaries.len() - 1)];
                (s < e).then_some((s, e))
            })
            .collect();
        let mut expected: Vec<std::ops::Range<usize>> = Vec::new();
        for p in gongkai::segment::pieces(&text) {
            if !wanted.iter().any(|w| w.0 < p.end && w.1 > p.start) {
                continue;
            }
            match expected.last_mut() {
                Some(last) if last.end + 3 >= p.start => last.end = p.end,
                _ => expected.push(p),
            }
        }
        prop_assert_eq!(gongkai::segment::pieces_overlapping(&text, &mut wanted), expected);
    }

    /// Any byte ranges, even inside characters or past the end: no panic,
    /// and every range returned lies on character boundaries.
    #[test]
    fn pieces_overlapping_takes_any_byte_range(
        text in text(),
        mut wanted in proptest::collection::vec((0usize..600, 0usize..600), 0..6),
    ) {
        for r in gongkai::segment::pieces_overlapping(&text, &mut wanted) {
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn analyze_keeps_span_and_tag_invariants(text in text()) {
        let doc = pipeline().analyze("prop.txt", &text);
        check(&text, &doc)?;
    }

    #[test]
    fn every_visible_character_is_in_some_record(text in text()) {
        let doc = pipeline().analyze("prop.txt", &text);
        let mut covered = vec![false; doc.chars];
        for s in &doc.sentences {
            covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.chars().enumerate() {
            prop_assert!(
                covered[i] || c.is_whitespace() || c == '\u{200b}',
                "character {:?} at {} is in no record",
                c,
                i
            );
        }
    }

    #[test]
    fn analyze_bytes_counts_offsets_after_the_bom(
        text in report_like().prop_map(|t| t.replace('\0', "") + "公开。")
    ) {
        let bytes = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let Ok(with_bom) = pipeline().analyze_bytes("bom.txt", &bytes) else {
            // Only NUL-free, non-blank UTF-8 reaches here: decoding must succeed.
            return Err(TestCaseError::fail(format!("decode failed for {text:?}")));
        };
        prop_assert_eq!(with_bom.encoding, "UTF-8-BOM");
        let plain = pipeline().analyze("bom.txt", &text);
        prop_assert_eq!(&with_bom.sentences, &plain.sentences);
        check(&text, &with_bom)?;
    }
}

/// Hand-picked inputs that exercise edges the generator reaches only rarely.
#[test]
fn edge_cases_keep_invariants() {
    let cases = [
        "",
        " ",
        "\n\n\n",
        "。",
        "。。。",
        "一、",
        "（一）",
        "一是",
        "|",
        "||",
        "| |\n| |",
        "0\n0\n0",
        "\r\n\r\n",
        "\u{feff}",
        "\u{301}",
        "😀。😀",
        "“”",
        "\"\"\"",
        "《》",
        "“某某网”",
        "“网”“网”“网”",
        "微博\n\n\n\n\n微博",
        "通过政务微博发布信息\n\n。三是开通抖音号。",
        "一、概述\n（一）加强组织领导。县公安局调整了领导小组，全年召开专题会议4次，方便群众就近查阅办事\n指南。",
        "二、主动公开政府信息情况\n第二十条第（一）项\n\n规章\n\n0\n\n0\n\n0\n三、存在的主要问题\n网站更新慢。",
        "来源:某市公安局\n打印\n京ICP备00000000号",
        "12345热线12345条110接警110",
        "在“企鹅号”网络平台上线运行，通过网络平台公开。",
        "本报告电子版可在某市门户网站下载，联系电话：0000-1234567。",
    ];
    for text in cases {
        let doc = pipeline().analyze("edge.txt", text);
        if let Err(e) = check(text, &doc) {
            panic!("{text:?}: {e}");
        }
    }
}
