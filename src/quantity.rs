//! Quantities: a sentence's compact text + channel matches → counts, amounts and rates.
//!
//! Takes the compact normalised text of one sentence (see
//! [`crate::text::Compact`]) and the channel matches found in it, and gives
//! every quantity the sentence states (ANNOTATION.md, "quantities"): its value,
//! unit, whether it is approximate, the channel it counts and a short label of
//! what it counts.
//!
//! **Numbers.** Arabic digits (full-width ones are already folded), thousands
//! separators and decimals; Chinese numerals (一…九, 十百千万亿, 两, 〇/零) and
//! mixed forms (1.3万, 12余万, 三千余); 百分之X. **Approximation:** 近, 约, 逾,
//! 超过 before the number; 余, 多, 以上, 左右 after it. **A quantity needs a
//! unit** (条, 篇, 场, 次, 件, 人次, 人, 个, 项, 期, 万元, %, …): that alone rules
//! out years, dates, document numbers, phone numbers and postcodes. A number
//! that ends its clause without one takes the unit its noun implies
//! (受众人数10万多 → 人, 阅读量达120万 → 次), or, after 总计/合计/共计/累计 with
//! no such noun, the unit of the sentence's previous quantity (…总计84万). Also not
//! quantities: numbers followed by 年/月/日/号 or preceded by 第 (dates, ordinals,
//! rankings), numbers inside quotes (“三项制度”, “110”), and the numeral 一
//! alone before a measure word other than 次/场/名/期/件 (一项重要工作, 一个中心
//! are idiom, not counts).
//!
//! **Channel.** The channel named in the quantity's clause (text between ，；：
//! and 。); a clause that names none inherits the channel of the nearest
//! clause before it in the same sentence that names one; a clause naming two
//! or more channels gives none, because the count then covers several
//! carriers. Means that are no carrier — in person, by letter, fax or post
//! (当面, 信函, 传真, 邮寄), or "other means" (其他方式, 其它渠道) — count as a
//! carrier without an id: 当面申请2件 and 其他方式公开信息10230条 have no
//! channel, and a clause naming a means beside a carrier lends neither. A
//! parenthesis is a clause of its own and lends its carrier to nothing
//! outside it. In a list of counts (当面申请2件、网上申请5件) a count whose
//! own item names a carrier or means takes that one.

use serde::Serialize;

use crate::text::{is_cjk, is_cjk_numeral};

/// A quantity stated in a sentence.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a", "通过政务微博公开信息389条，粉丝达12余万人。");
/// let q = &doc.sentences[0].quantities;
/// assert_eq!((q[0].value, q[0].unit.as_str(), q[0].channel.as_deref()), (389.0, "条", Some("weibo")));
/// assert_eq!((q[1].value, q[1].approx), (120000.0, true));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    /// The number the text states, multipliers applied (1.3万 → 13000); for a
    /// range (3至5场), its lower end.
    pub value: f64,
    /// The upper end of a range (3至5场 → 5), absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    /// The unit as written (条, 人次, %, 万元 …).
    pub unit: String,
    /// True for 近/约/余/多/以上/左右.
    pub approx: bool,
    /// The channel the count is about, when the sentence ties it to one.
    pub channel: Option<String>,
    /// A short label of what is counted (the words around the number).
    pub what: String,
    /// Start, in characters of the decoded document.
    pub start: usize,
    /// End, in characters of the decoded document.
    pub end: usize,
}

/// A quantity found in compact text, before mapping to document offsets.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub value: f64,
    pub upper: Option<f64>,
    pub unit: &'static str,
    /// Char offset of the unit in the compact text (`None` for 百分之).
    pub unit_at: Option<usize>,
    pub approx: bool,
    /// The label's char range in the compact text (before cutting it to
    /// whole words).
    pub what: std::ops::Range<usize>,
    /// Char offsets in the compact text.
    pub start: usize,
    pub end: usize,
}

/// Units, longest first so 人次 wins over 人 and 万元 over 元.
const UNITS: [&str; 41] = [
    "个百分点",
    "人次",
    "场次",
    "个次",
    "条次",
    "户次",
    "万元",
    "亿元",
    "千元",
    "大类",
    "条",
    "篇",
    "场",
    "次",
    "件",
    "人",
    "个",
    "项",
    "期",
    "家",
    "份",
    "名",
    "天",
    "起",
    "户",
    "所",
    "台",
    "辆",
    "张",
    "批",
    "类",
    "元",
    "%",
    "版",
    "本",
    "笔",
    "幅",
    "处",
    "块",
    "册",
    "套",
];
/// Does `chars` open with what follows a number: a common unit of count
/// (条, 件, 人次 …), a multiplier or approximation (万, 余, 多), or 年/月/日?
/// A line that does continues a line ending in a digit (发布信息489 / 条).
/// Units that also open common words at the start of a line (本年, 所属,
/// 类别 …) are left out.
pub(crate) fn opens_with_unit(chars: &[char]) -> bool {
    chars.first().is_some_and(|c| {
        matches!(
            c,
            '条' | '件'
                | '次'
                | '场'
                | '篇'
                | '个'
                | '人'
                | '项'
                | '名'
                | '期'
                | '家'
                | '份'
                | '起'
                | '户'
                | '%'
                | '万'
                | '亿'
                | '余'
                | '多'
                | '年'
                | '月'
                | '日'
                | '号'
        )
    })
}

/// Units the bare numeral 一 may count with (一次, 一场); elsewhere 一 is idiom.
const ONE_UNITS: [&str; 5] = ["次", "场", "名", "期", "件"];

fn digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn small_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

fn big_unit(c: char) -> Option<f64> {
    Some(match c {
        '万' => 1e4,
        '亿' => 1e8,
        _ => return None,
    })
}

/// Parses a Chinese numeral (三千二百, 十六, 两万) from `c[i..]`; returns value and
/// length. 万/亿 are left to the caller so 三千余万 can work.
pub(crate) fn chinese_number(c: &[char], i: usize) -> Option<(f64, usize)> {
    let mut j = i;
    let mut total: u64 = 0;
    let mut digit: Option<u64> = None;
    while j < c.len() {
        if let Some(d) = digit_value(c[j]) {
            if digit.is_some_and(|prev| prev != 0) && d != 0 {
                break; // 一二 is not a number; 零五 in 一百零五 is
            }
            digit = Some(d);
        } else if let Some(u) = small_unit(c[j]) {
            total += digit.unwrap_or(1) * u;
            digit = None;
        } else {
            break;
        }
        j += 1;
    }
    if j == i {
        return None;
    }
    total += digit.unwrap_or(0);
    Some((total as f64, j - i))
}

/// Parses Arabic digits with `,` separators and a decimal point.
fn arabic_number(c: &[char], i: usize) -> Option<(f64, usize)> {
    // Digits and one decimal point, separators dropped, gathered on the
    // stack: a number longer than the buffer is not a count anyone wrote.
    let mut digits = [0u8; 32];
    let (mut n, mut point) = (0, false);
    let mut j = i;
    while j < c.len() {
        let ch = c[j];
        let next_is_digit = c.get(j + 1).is_some_and(char::is_ascii_digit);
        let byte = if ch.is_ascii_digit() {
            ch as u8
        } else if ch == ',' && next_is_digit && n > 0 {
            j += 1; // thousands separator
            continue;
        } else if ch == '.' && next_is_digit && !point {
            point = true;
            b'.'
        } else {
            break;
        };
        *digits.get_mut(n)? = byte;
        n += 1;
        j += 1;
    }
    if j == i {
        return None;
    }
    let s = std::str::from_utf8(&digits[..n]).ok()?;
    s.parse().ok().map(|v| (v, j - i))
}

fn starts_at(c: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, ch)| c.get(k) == Some(&ch))
}

/// [`starts_at`] for a cue given as characters (no decoding on the hot path).
fn starts_with_chars(c: &[char], i: usize, s: &[char]) -> bool {
    c.get(i..)
        .is_some_and(|rest| crate::text::starts_with_chars(rest, s))
}

/// Finds the quantities of a compact text (char offsets).
pub(crate) fn find(c: &[char]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut in_quote = false;
    let mut i = 0;
    while i < c.len() {
        // Most characters neither start a number nor open or close a quote:
        // one bit lookup rules them out.
        let ch = c[i];
        if !interesting(ch) {
            i += 1;
            continue;
        }
        match ch {
            '“' => in_quote = true,
            '”' => in_quote = false,
            _ => {}
        }
        // 零/〇 pass the test but never start a count: ruled out below.
        if !(ch.is_ascii_digit() || is_cjk_numeral(ch) || matches!(ch, '千' | '万' | '近')) {
            i += 1;
            continue;
        }
        let starts_number = c[i].is_ascii_digit()
            || ((digit_value(c[i]).is_some() || small_unit(c[i]).is_some())
                && c[i] != '〇'
                && c[i] != '零')
            || (c[i] == '近' && c.get(i + 1).is_some_and(|&n| big_unit(n).is_some()))
            || (c[i] == '万' && (some_before(c, i) || matches!(c.get(i + 1), Some('余' | '多'))))
            || starts_at(c, i, "百分之");
        let prev_is_number = i > 0
            && (c[i - 1].is_ascii_digit() || digit_value(c[i - 1]).is_some() || c[i - 1] == '.');
        if !starts_number || in_quote || prev_is_number {
            i += 1;
            continue;
        }
        match parse_at(c, i, out.last().map(|f: &Found| f.unit)) {
            Some(f) => {
                i = f.end;
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

/// One bit per Basic Multilingual Plane code point: set for the characters
/// [`find`] must look at (digits, Chinese numerals, 千, 万, 近, “ and ”), built
/// at compile time.
static INTERESTING: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let chars = [
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '一', '二', '三', '四', '五', '六', '七',
        '八', '九', '十', '百', '零', '〇', '两', '千', '万', '近', '“', '”',
    ];
    let mut i = 0;
    while i < chars.len() {
        let u = chars[i] as u32;
        bits[(u >> 6) as usize] |= 1 << (u & 63);
        i += 1;
    }
    bits
};

#[inline]
fn interesting(c: char) -> bool {
    let u = c as u32;
    u <= 0xFFFF && INTERESTING[(u >> 6) as usize] >> (u & 63) & 1 == 1
}

/// The quantity whose number starts at `i`, if any; `prev_unit` is the unit
/// of the sentence's quantity before it (总计84万 counts in that unit).
fn parse_at(c: &[char], i: usize, prev_unit: Option<&'static str>) -> Option<Found> {
    // Ordinals and rankings: 第5名.
    if i > 0 && c[i - 1] == '第' {
        return None;
    }
    let mut approx = false;
    let mut start = i;
    const PREFIXES: [&[char]; 5] = [&['超', '过'], &['突', '破'], &['近'], &['约'], &['逾']];
    for prefix in PREFIXES {
        let n = prefix.len();
        if i >= n && starts_with_chars(c, i - n, prefix) {
            approx = true;
            start = i - n;
        }
    }
    // 数十条, 几百人, 上万条: "some" tens, hundreds, ten thousands.
    if some_before(c, i) {
        approx = true;
        start = i - 1;
    }
    // 百分之九十九 / 百分之百
    if starts_at(c, i, "百分之") {
        let j = i + 3;
        let (v, n) =
            if starts_at(c, j, "百") && c.get(j + 1).is_none_or(|&d| digit_value(d).is_none()) {
                (100.0, 1)
            } else {
                chinese_number(c, j).or_else(|| arabic_number(c, j))?
            };
        return Some(Found {
            value: v,
            upper: None,
            unit: "%",
            unit_at: None,
            approx,
            what: what_before(c, start),
            start,
            end: j + n,
        });
    }
    let (mut value, n, bare_one) = if c[i] == '近' {
        (1.0, 1, false) // 近万: the multiplier follows
    } else if c[i] == '万' {
        (1.0, 0, false) // 上万, 数万, 万余: the multiplier is the number
    } else if c[i].is_ascii_digit() {
        let (v, n) = arabic_number(c, i)?;
        (v, n, false)
    } else {
        let (v, n) = chinese_number(c, i)?;
        (v, n, n == 1 && c[i] == '一')
    };
    if c[i] == '近' {
        approx = true;
        start = i;
    }
    let mut j = i + n;
    // 余/多 may stand before or after the multiplier: 12余万, 28万余, 10万多.
    let mut take_approx = |j: &mut usize| {
        while *j < c.len() && (c[*j] == '余' || c[*j] == '多') && !starts_at(c, *j, "多种") {
            approx = true;
            *j += 1;
        }
    };
    take_approx(&mut j);
    if j < c.len()
        && let Some(m) = small_unit(c[j]).filter(|_| c[i].is_ascii_digit())
    {
        value *= m as f64; // 3千
        j += 1;
    }
    if j < c.len()
        && let Some(m) = big_unit(c[j])
        && !starts_at(c, j, "万元")
    {
        value *= m;
        j += 1;
    }
    take_approx(&mut j);
    // A range: 3至5场, 10-20条, 1至2万人 (a date range such as 1月至3月 never
    // gets here: the first number is followed by 月).
    let mut upper = None;
    if j < c.len() && matches!(c[j], '至' | '到' | '-' | '~' | '—') {
        let (hi, hi_end, multiplier) = range_upper(c, j + 1)?;
        if multiplier > 1.0 && value < hi / multiplier + 1e-9 && value * multiplier <= hi {
            value *= multiplier; // 1至2万: both ends in 万
        }
        upper = Some(hi);
        j = hi_end;
        take_approx(&mut j);
    }
    // Dates, years, document and house numbers.
    if j < c.len()
        && matches!(
            c[j],
            '年' | '月'
                | '日'
                | '号'
                | '时'
                | '点'
                | '岁'
                | '周'
                | '-'
                | '~'
                | '至'
                | '/'
                | ':'
                | '：'
        )
    {
        return None;
    }
    let next = c.get(j).copied();
    // The units as characters, decoded once: decoding 41 units for every
    // number cost more than the rest of the number's parse.
    static UNIT_CHARS: std::sync::LazyLock<Vec<(&str, Vec<char>)>> =
        std::sync::LazyLock::new(|| UNITS.iter().map(|u| (*u, u.chars().collect())).collect());
    let written = next.and_then(|first| {
        UNIT_CHARS
            .iter()
            .find(|(_, chars)| chars[0] == first && starts_with_chars(c, j, chars))
            .map(|(unit, _)| *unit)
    });
    let Some(unit) = written else {
        let unit = implied_unit(c, start, next, prev_unit)?;
        return Some(Found {
            value,
            upper,
            unit,
            unit_at: None,
            approx,
            what: what_before(c, start),
            start,
            end: j,
        });
    };
    if bare_one && !ONE_UNITS.contains(&unit) {
        return None;
    }
    let unit_len = unit.chars().count();
    // 一次性 is an adjective, not a count.
    if c.get(j + unit_len) == Some(&'性') {
        return None;
    }
    let unit_at = Some(j);
    let mut end = j + unit_len;
    for suffix in ["以上", "左右"] {
        if starts_at(c, end, suffix) {
            approx = true;
            end += 2;
        }
    }
    let what = what_after(c, end).unwrap_or_else(|| what_before(c, start));
    Some(Found {
        value,
        upper,
        unit,
        unit_at,
        approx,
        what,
        start,
        end,
    })
}

/// Whether the multiplier at `i` is "some" of it: 数十, 几百, 上万 (上 with
/// 百, 千 or 万 only, and not the 上 of 网上, 线上, 以上: 网上十项措施 counts
/// ten measures exactly).
fn some_before(c: &[char], i: usize) -> bool {
    let Some(&before) = i.checked_sub(1).and_then(|b| c.get(b)) else {
        return false;
    };
    match before {
        '数' | '几' => matches!(c[i], '十' | '百' | '千' | '万'),
        '上' => {
            matches!(c[i], '百' | '千' | '万')
                && !(i >= 2 && matches!(c[i - 2], '网' | '线' | '以' | '之' | '马' | '路'))
        }
        _ => false,
    }
}

/// The unit of a number written without one, where the words before it say
/// what it counts (受众人数10万多 → 人, 阅读量达120万 → 次) or it totals the
/// sentence's previous count (…10万多，总计84万 → that count's unit). The
/// number must end its clause, so a number the unit list does not know
/// (…人数5名) is never given another unit.
fn implied_unit(
    c: &[char],
    start: usize,
    next: Option<char>,
    prev_unit: Option<&'static str>,
) -> Option<&'static str> {
    if next.is_some_and(|n| !matches!(n, '，' | '。' | '；' | '、' | '！' | '）')) {
        return None;
    }
    const LINKS: [&[char]; 9] = [
        &['达', '到'],
        &['达'],
        &['突', '破'],
        &['超', '过'],
        &['为'],
        &['约'],
        &['近'],
        &['逾'],
        &['：'],
    ];
    const TOTALS: [&[char]; 4] = [&['总', '计'], &['合', '计'], &['共', '计'], &['累', '计']];
    let ends_with = |e: usize, w: &[char]| e >= w.len() && starts_with_chars(c, e - w.len(), w);
    // Before the number: up to two linking words (人数共计达10万), then the noun.
    let (mut e, mut total) = (start, false);
    for _ in 0..2 {
        if let Some(t) = TOTALS.iter().find(|t| ends_with(e, t)) {
            e -= t.len();
            total = true;
        } else if let Some(l) = LINKS.iter().find(|l| ends_with(e, l)) {
            e -= l.len();
        } else {
            break;
        }
    }
    let before = &c[..e];
    if let Some((_, unit)) = IMPLIED_UNITS
        .iter()
        .find(|(noun, _)| before.ends_with(noun))
    {
        return Some(unit);
    }
    if total { prev_unit } else { None }
}

/// Nouns that say what a bare number counts, and its unit.
const IMPLIED_UNITS: [(&[char], &str); 14] = [
    (&['人', '数'], "人"),
    (&['粉', '丝'], "人"),
    (&['粉', '丝', '数'], "人"),
    (&['粉', '丝', '量'], "人"),
    (&['用', '户', '数'], "人"),
    (&['关', '注', '量'], "人"),
    (&['受', '众'], "人"),
    (&['阅', '读', '量'], "次"),
    (&['浏', '览', '量'], "次"),
    (&['点', '击', '量'], "次"),
    (&['访', '问', '量'], "次"),
    (&['播', '放', '量'], "次"),
    (&['阅', '读', '数'], "次"),
    (&['点', '击', '数'], "次"),
];

/// The upper end of a range starting at `i`: (value, end, multiplier applied).
fn range_upper(c: &[char], i: usize) -> Option<(f64, usize, f64)> {
    let (mut v, n) = if c.get(i).is_some_and(char::is_ascii_digit) {
        arabic_number(c, i)?
    } else {
        chinese_number(c, i)?
    };
    let mut j = i + n;
    let mut multiplier = 1.0;
    if j < c.len()
        && let Some(m) = big_unit(c[j])
        && !starts_at(c, j, "万元")
    {
        v *= m;
        multiplier = m;
        j += 1;
    }
    Some((v, j, multiplier))
}

/// Cuts a `what` label (found by [`what_after`] or [`what_before`]) on token
/// boundaries: at most two words.
fn whole_words(c: &[char], f: &Found, token_starts: &[usize]) -> String {
    let (pos, end) = (f.what.start, f.what.end);
    if pos == end {
        return String::new();
    }
    let inside = token_starts
        .iter()
        .copied()
        .filter(|&t| t >= pos && t <= end);
    let from_to = if pos >= f.end {
        // after the unit: the first two words
        (pos, inside.filter(|&t| t > pos).nth(1).unwrap_or(end))
    } else {
        // before the number: the last two words
        let (mut count, mut first, mut last_two) = (0, None, [pos; 2]);
        for t in inside.filter(|&t| t < end) {
            count += 1;
            first.get_or_insert(t);
            last_two = [last_two[1], t];
        }
        let from = if count > 2 {
            last_two[0]
        } else {
            first.unwrap_or(pos)
        };
        (from, end)
    };
    c[from_to.0..from_to.1].iter().collect()
}

/// The noun right after the unit (111条警务执法信息 → 警务执法信息), if any.
fn what_after(c: &[char], end: usize) -> Option<std::ops::Range<usize>> {
    let n = c[end..]
        .iter()
        .take_while(|ch| is_cjk(**ch))
        .take(8)
        .count();
    ((2..=8).contains(&n)
        && !matches!(
            c[end],
            '的' | '和' | '及' | '或' | '其' | '共' | '被' | '在'
        ))
    .then_some(end..end + n)
}

/// The words right before the number, after any verb (发布信息489条 → 信息).
fn what_before(c: &[char], start: usize) -> std::ops::Range<usize> {
    const SKIP: [&[char]; 14] = [
        &['达', '到'],
        &['达'],
        &['共', '计'],
        &['共'],
        &['累', '计'],
        &['总', '计'],
        &['为'],
        &['有'],
        &['约'],
        &['近'],
        &['逾'],
        &['超', '过'],
        &['计'],
        &['了'],
    ];
    let mut e = start;
    'strip: loop {
        for s in SKIP {
            let n = s.len();
            if e >= n && starts_with_chars(c, e - n, s) {
                e -= n;
                continue 'strip;
            }
        }
        break;
    }
    let mut s = e;
    while s > 0 && is_cjk(c[s - 1]) && e - s < 6 {
        s -= 1;
    }
    s..e
}

/// Quantities of a compact sentence text, with channels attributed from
/// `channels`: (compact char offset, channel id) of every counted channel match.
///
/// `token_starts` are the char offsets where jieba tokens start; `what` labels
/// are cut at them so they hold whole words.
/// `found` is what [`find`] gave for the same text; `original` gives the
/// document's original text of a span (units are reported as written:
/// traditional 條 stays 條, ANNOTATION.md).
pub(crate) fn extract(
    compact: &crate::text::Compact,
    original: impl Fn(crate::Span) -> String,
    found: Vec<Found>,
    channels: &[(usize, &str)],
    token_starts: &[usize],
) -> Vec<Quantity> {
    let chars = compact.chars();
    if found.is_empty() {
        return Vec::new();
    }
    let whats: Vec<String> = found
        .iter()
        .map(|f| whole_words(chars, f, token_starts))
        .collect();
    let clause = clauses(chars);
    let clause_of = |at: usize| clause[at.min(clause.len() - 1)];
    // Means that are no carrier (当面, 信函, 其他方式) stand among the
    // carriers with no id: a count they name has no channel, and a clause
    // naming one beside a carrier lends neither. Without a carrier named no
    // count has a channel, so there is no means to look for.
    let means_at = if channels.is_empty() {
        Vec::new()
    } else {
        non_carrier_means(chars)
    };
    let carriers: std::borrow::Cow<[(usize, &str)]> = if means_at.is_empty() {
        channels.into()
    } else {
        let mut all = channels.to_vec();
        all.extend(means_at.into_iter().map(|at| (at, "")));
        all.sort_unstable_by_key(|&(at, _)| at);
        all.into()
    };
    // A list item is (clause, number of 、 before it in the clause).
    let item_of = |at: usize| {
        let k = clause_of(at);
        let start = clause.partition_point(|&c| c < k);
        let marks = chars[start..at.min(chars.len())]
            .iter()
            .filter(|&&ch| ch == '、')
            .count();
        (k, marks)
    };
    // List items matter only to two counts or more, with a carrier named.
    let found_items: Vec<(usize, usize)> = if found.len() >= 2 && !carriers.is_empty() {
        found.iter().map(|f| item_of(f.start)).collect()
    } else {
        Vec::new()
    };
    found
        .into_iter()
        .zip(whats)
        .map(|(f, what)| {
            let k = clause_of(f.start);
            let it = item_of(f.start);
            // In a list of counts (当面申请2件、网上申请5件), a count whose own
            // item names a carrier or means takes it alone.
            let counted_list = found_items.iter().any(|&other| other.0 == k && other != it);
            let in_item = || carriers.iter().filter(|(at, _)| item_of(*at) == it);
            let channel = if counted_list && in_item().next().is_some() {
                single_id(in_item().map(|(_, id)| *id))
            } else {
                // This clause, else the nearest earlier clause that names a
                // carrier or means; one carrier there gives the channel,
                // several or a means give none (其他方式公开信息10230条).
                // A parenthesis (其中网上申请11件) lends its carrier to nothing
                // outside it.
                let parenthesis =
                    |c: usize| chars.get(clause.partition_point(|&x| x < c)) == Some(&'（');
                let named = carriers
                    .iter()
                    .map(|(at, _)| clause_of(*at))
                    .filter(|&c| c == k || (c < k && !parenthesis(c)))
                    .max();
                single_id(
                    carriers
                        .iter()
                        .filter(|(at, _)| Some(clause_of(*at)) == named)
                        .map(|(_, id)| *id),
                )
            };
            let span = compact.doc_span_chars(f.start, f.end);
            // The unit as written, when it is written in characters (the
            // normalised text folds traditional forms).
            let unit = match f.unit_at {
                Some(at) if !f.unit.is_ascii() => {
                    let n = f.unit.chars().count();
                    let written = original(compact.doc_span_chars(at, at + n));
                    if written.chars().count() == n {
                        written
                    } else {
                        f.unit.to_string()
                    }
                }
                _ => f.unit.to_string(),
            };
            Quantity {
                value: f.value,
                upper: f.upper,
                unit,
                approx: f.approx,
                channel,
                what,
                start: span.start,
                end: span.end,
            }
        })
        .collect()
}

/// Whether a normalised character ends a clause: ，；：。！？ (not 、, which
/// joins a list).
pub(crate) fn ends_clause(c: char) -> bool {
    matches!(c, '，' | '；' | '。' | '！' | '？' | '：')
}

/// The one channel id all of `ids` name, if they name one; an empty id (a
/// means that is no carrier) is none.
fn single_id<'a>(mut ids: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = ids.next()?;
    (!first.is_empty() && ids.all(|other| other == first)).then(|| first.to_string())
}

/// Where a way of sending or receiving that is no carrier of ANNOTATION.md
/// is named: in person, by letter, fax or post (当面申请2件, 信函申请1件), or
/// "other means" than those named (其他方式公开信息10230条; 其它渠道, 途径,
/// 形式).
fn non_carrier_means(chars: &[char]) -> Vec<usize> {
    (0..chars.len())
        .filter(|&i| {
            matches!(
                &chars[i..],
                ['当', '面', ..]
                    | ['信', '函', ..]
                    | ['传', '真', ..]
                    | ['邮', '寄' | '政', ..]
                    | ['来', '信' | '访', ..]
                    | ['其', '他' | '它', '方', '式', ..]
                    | ['其', '他' | '它', '渠', '道', ..]
                    | ['其', '他' | '它', '途', '径', ..]
                    | ['其', '他' | '它', '形', '式', ..]
            )
        })
        .collect()
}

/// Clause index of every char: clauses end where [`ends_clause`] says.
pub(crate) fn clauses(chars: &[char]) -> Vec<usize> {
    let mut out = Vec::with_capacity(chars.len());
    let mut k = 0;
    for &ch in chars {
        // A parenthesis is a clause of its own: a carrier named inside it
        // (13件（其中网上申请11件）) says nothing about the count before it.
        if ch == '（' {
            k += 1;
        }
        out.push(k);
        if ends_clause(ch) || ch == '）' {
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        crate::tagger::normalize_term(text).chars().collect()
    }

    fn q(text: &str) -> Vec<(f64, String, bool)> {
        find(&chars(text))
            .into_iter()
            .map(|f| (f.value, f.unit.to_string(), f.approx))
            .collect()
    }

    /// What [`find`] gives for each text: (value, unit, approx).
    type Want = &'static [(f64, &'static str, bool)];

    fn check(table: &[(&str, Want)]) {
        for (text, want) in table {
            let want: Vec<(f64, String, bool)> = want
                .iter()
                .map(|(v, u, a)| (*v, u.to_string(), *a))
                .collect();
            assert_eq!(q(text), want, "{text}");
        }
    }

    #[test]
    fn units_implied_by_what_is_counted() {
        let table: &[(&str, Want)] = &[
            // 突破 (broke through) is 超过: more than the number.
            ("关注人数突破十万。", &[(100000.0, "人", true)]),
            ("粉丝量突破10万。", &[(100000.0, "人", true)]),
            ("阅读量达120万，", &[(1200000.0, "次", false)]),
            ("参训人数共计35", &[(35.0, "人", false)]),
            (
                "宣讲8场，受众人数10万多，总计84万。",
                &[
                    (8.0, "场", false),
                    (100000.0, "人", true),
                    (840000.0, "人", false),
                ],
            ),
            // No noun that says what is counted, or the number goes on.
            ("举报电话：12345。", &[]),
            ("总计84万。", &[]),
            ("人数10万之多", &[]),
            ("粉丝数2021年", &[]),
        ];
        check(table);
    }

    #[test]
    fn numeral_forms() {
        let table: &[(&str, Want)] = &[
            ("发布信息489条", &[(489.0, "条", false)]),
            ("发布信息４８９条", &[(489.0, "条", false)]),
            ("发布信息1,215条", &[(1215.0, "条", false)]),
            ("满意率达到99.53%", &[(99.53, "%", false)]),
            ("粉丝1.3万人", &[(13000.0, "人", false)]),
            ("粉丝12余万人", &[(120000.0, "人", true)]),
            ("办理28万余件", &[(280000.0, "件", true)]),
            ("发布信息近万条", &[(10000.0, "条", true)]),
            ("受理三千余件", &[(3000.0, "件", true)]),
            ("发布信息489多条", &[(489.0, "条", true)]),
            ("刊发稿件约216篇", &[(216.0, "篇", true)]),
            ("举办了两场新闻发布会", &[(2.0, "场", false)]),
            ("开展一次考核", &[(1.0, "次", false)]),
            ("接待3000多人次", &[(3000.0, "人次", true)]),
            ("开展宣传活动30余场次", &[(30.0, "场次", true)]),
            ("受理迁移业务1500余笔", &[(1500.0, "笔", true)]),
            ("制作图解12幅", &[(12.0, "幅", false)]),
            (
                "设立查阅点5处，公开栏12块",
                &[(5.0, "处", false), (12.0, "块", false)],
            ),
            ("印发宣传册3000册", &[(3000.0, "册", false)]),
            ("收费3413.765万元", &[(3413.765, "万元", false)]),
            ("办结率百分之百", &[(100.0, "%", false)]),
            ("共20场以上", &[(20.0, "场", true)]),
            ("清理二百一十项", &[(210.0, "项", false)]),
            ("累计阅读量187万次", &[(1870000.0, "次", false)]),
            ("9大类79项", &[(9.0, "大类", false), (79.0, "项", false)]),
            ("答复一百零五件", &[(105.0, "件", false)]),
            ("点击量一千〇八次", &[(1008.0, "次", false)]),
            ("访问量1.2亿次", &[(120000000.0, "次", false)]),
            ("处理500件左右", &[(500.0, "件", true)]),
            ("发布近300条", &[(300.0, "条", true)]),
            ("逾40场", &[(40.0, "场", true)]),
            ("超过1000人", &[(1000.0, "人", true)]),
            ("十二期", &[(12.0, "期", false)]),
            // "Some" tens, hundreds, thousands, ten thousands.
            ("发布信息数十条", &[(10.0, "条", true)]),
            ("培训几百人", &[(100.0, "人", true)]),
            ("受理线索上万条", &[(10000.0, "条", true)]),
            ("覆盖数万人", &[(10000.0, "人", true)]),
            ("接待群众上百人次", &[(100.0, "人次", true)]),
            // The 上 of 网上/以上 is not "some".
            ("推出网上十项措施", &[(10.0, "项", false)]),
            ("网上万余人参与", &[(10000.0, "人", true)]),
            ("发布信息万余条", &[(10000.0, "条", true)]),
        ];
        check(table);
    }

    #[test]
    fn not_quantities() {
        for text in [
            "2018年1月1日至12月31日",
            "国办发〔2021〕12号",
            "联系电话0470-8816992",
            "邮编150000",
            "宁ICP备19000827号-3",
            "排名第5名",
            "学习十九大精神",
            "“三公”经费",
            "推进“五公开”",
            "利用两微一端",
            "“110”接处警",
            "一是加强领导",
            "一项重要工作",
            "一次性告知",
            "进一步加强",
            "1-10月份",
            "网上百姓",
            "万人空巷",
        ] {
            assert_eq!(q(text), vec![], "{text}");
        }
    }

    #[test]
    fn interesting_characters_cover_every_number_start() {
        for u in 0..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let needed = c.is_ascii_digit()
                || is_cjk_numeral(c)
                || matches!(c, '千' | '万' | '近' | '“' | '”');
            assert_eq!(interesting(c), needed, "{c:?}");
        }
    }

    #[test]
    fn ranges() {
        let r = |text: &str| -> Vec<(f64, Option<f64>, String)> {
            find(&chars(text))
                .into_iter()
                .map(|f| (f.value, f.upper, f.unit.to_string()))
                .collect()
        };
        assert_eq!(r("每月召开3至5场"), [(3.0, Some(5.0), "场".to_string())]);
        assert_eq!(r("发布10-20条"), [(10.0, Some(20.0), "条".to_string())]);
        assert_eq!(
            r("覆盖1至2万人"),
            [(10000.0, Some(20000.0), "人".to_string())]
        );
        assert_eq!(
            r("办理时限由二十到十五个工作日"),
            [(20.0, Some(15.0), "个".to_string())]
        );
        // Date and year ranges stay out.
        assert_eq!(r("2019-2021年"), []);
        assert_eq!(r("1月至3月"), []);
    }

    #[test]
    fn what_labels() {
        let c = chars("共公开111条警务执法信息");
        let f = find(&c);
        assert_eq!(
            c[f[0].what.clone()].iter().collect::<String>(),
            "警务执法信息"
        );
        let c = chars("粉丝1.3万人，");
        let f = find(&c);
        assert_eq!(c[f[0].what.clone()].iter().collect::<String>(), "粉丝");
    }
}
