//! Report metadata: a [`Document`] and its decoded text → one [`ReportMeta`].
//!
//! Takes the analysed records (the title is a `heading` record with an empty
//! section path, the preamble is the `meta` records before the first numbered
//! heading) and the decoded text (for page furniture such as 发布日期 lines), and
//! gives one object per report: issuing body, administrative level, province,
//! report year, statistical period, publication date, format, encoding and
//! counts. Every inferred field says where it came from (`*_source`), so a
//! reader can tell a stated value from a guess. Nothing here panics, whatever
//! the input.
//!
//! How each field is read, most reliable source first:
//! - **body** (`body_source`): `title` — the title up to its year or up to
//!   政府信息公开/政务公开/年度报告 (牡丹江市公安局 in
//!   `牡丹江市公安局 2017 年政务信息公开工作年度报告`); `preamble` — the name before
//!   the year in the sentence announcing the report (现公布鄂温克旗公安局2018年…年度报告);
//!   `text` — the organisation name (a place name and an organ such as 公安局,
//!   人民政府, 教育局, from `lexicons/places.toml`) written most often in the
//!   text, outside 《》 titles of other documents.
//! - **level** (`level_source`): from the body's place names (`body`):
//!   省/自治区/直辖市 → `province`; a prefecture-level division of the gazetteer
//!   (地级市, 地区, 自治州, 盟) → `city`; a 县, 区, 旗, 自治县 or a 市 that is not in
//!   the gazetteer (县级市), and a 分局 of a city bureau → `county`; 乡, 镇, 街道,
//!   苏木 → `township`; a body with no place (公安部, 国家…局) → `national`.
//!   Without a body, from how the text refers to its own area (全旗, 我县, 市公安局:
//!   `text`, lower confidence; 区 is read as a district although 全区 may mean an
//!   autonomous region).
//! - **province** (`province_source`): always the full name (`内蒙古自治区`,
//!   `吉林省`). `body`: a province or prefecture name in the body's name, or
//!   in the places written right before it somewhere in the text (湖南省长沙市
//!   before 芙蓉区公安分局) when its own name does not tell; `suffix`: a
//!   county-level suffix found in one province only (旗 → 内蒙古自治区);
//!   `text`: the province named most often in the text, directly or through its
//!   prefectures (lower confidence: a report may cite other places).
//! - **prefecture**: the prefecture-level division the body belongs to, same
//!   sources; `None` for province-level bodies.
//! - **year** (`year_source`): `title` (2017年, 2021, 2015年度, 二〇二一年);
//!   `preamble`; `period` (the year the statistical period ends); `text` (the
//!   year written most often in `work` sentences and headings, never after
//!   the publication year). Reports are usually published early in year + 1.
//! - **period**: the two dates of the sentence stating the statistical period
//!   (统计期限从2018年1月1日到12月31日止), as ISO dates; only when stated.
//! - **published**: the date after 发布日期/发表日期/发布时间/日期 … in the page
//!   furniture; **dated**: a date standing alone on one of the last lines (落款).
//! - **format**: `template_2021` (tables of the 国办公开办函〔2021〕30号 template:
//!   本年制发件数, 本年废止件数, 本年处理决定数量, 本年收费金额), `template_2019` (tables
//!   of the 2019 template: 本年新制作数量, 本年新公开数量, 上一年项目数量), else a
//!   template by its six section headings (一、总体情况 … 六、其他需要报告的事项; the
//!   2021 template from report year 2021 on), else `free_prose`.
//!   `format_cues` lists what decided it.
//! - **counts**: `chars` (characters of the decoded text), `han_chars` (Chinese
//!   characters among them), `records` (all records) and `sentences` (records
//!   of role `work`, `problem` or `plan`: the prose that is analysed).
//! - **notes**: oddities a researcher should see (a statistical period longer
//!   than a year, a publication date before the report year ends …).
//!
//! The gazetteer (`lexicons/places.toml`: the 34 provincial-level divisions,
//! all prefecture-level divisions, province-governed county-level divisions,
//! aliases and organ names) is embedded and parsed once.
//!
//! ```
//! let p = gongkai::Pipeline::new().unwrap();
//! let text = "固原市公安局2017年政府信息公开工作年度报告\n来源:固原市公安局 发表日期:2018-05-16 11:41\n一、概述\n2017年，全市公安机关发布信息300条。";
//! let doc = p.analyze("r.txt", text);
//! let m = gongkai::meta::extract(&doc, text);
//! assert_eq!(m.body.as_deref(), Some("固原市公安局"));
//! assert_eq!(m.level, Some(gongkai::meta::Level::City));
//! assert_eq!(m.province.as_deref(), Some("宁夏回族自治区"));
//! assert_eq!(m.year, Some(2017));
//! assert_eq!(m.published.as_deref(), Some("2018-05-16"));
//! ```

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use crate::{Document, Role};

/// The gazetteer as embedded in this build (`lexicons/places.toml`).
///
/// ```
/// assert!(gongkai::meta::PLACES_TOML.contains("内蒙古自治区"));
/// ```
pub const PLACES_TOML: &str = include_str!("../lexicons/places.toml");

/// Administrative level of the issuing body.
///
/// ```
/// use gongkai::meta::Level;
/// assert_eq!(serde_json::to_string(&Level::County).unwrap(), "\"county\"");
/// assert_eq!(Level::City.as_str(), "city");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Central government (国务院 departments: 公安部, 国家…局).
    National,
    /// Provincial level: 省, 自治区, 直辖市 (北京市), 特别行政区.
    Province,
    /// Prefecture level: 地级市, 地区, 自治州, 盟.
    City,
    /// County level: 县, 自治县, 旗, 自治旗, 县级市, 市辖区 (and districts of
    /// 直辖市), 林区, 特区; also a 分局 of a city bureau.
    County,
    /// Township level: 乡, 镇, 街道, 苏木.
    Township,
}

impl Level {
    /// The id written in outputs.
    ///
    /// ```
    /// assert_eq!(gongkai::meta::Level::Province.as_str(), "province");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Township => "township",
        }
    }
}

/// The shape of a report.
///
/// ```
/// use gongkai::meta::Format;
/// assert_eq!(serde_json::to_string(&Format::Template2021).unwrap(), "\"template_2021\"");
/// assert_eq!(Format::FreeProse.as_str(), "free_prose");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum Format {
    /// Free prose (reports before the 2019 template, and reports that ignore it).
    #[serde(rename = "free_prose")]
    #[default]
    FreeProse,
    /// The template of 国办公开办函〔2019〕60号 (reports on 2019 and 2020).
    #[serde(rename = "template_2019")]
    Template2019,
    /// The template of 国办公开办函〔2021〕30号 (reports on 2021 and later).
    #[serde(rename = "template_2021")]
    Template2021,
}

impl Format {
    /// The id written in outputs.
    ///
    /// ```
    /// assert_eq!(gongkai::meta::Format::Template2019.as_str(), "template_2019");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Format::FreeProse => "free_prose",
            Format::Template2019 => "template_2019",
            Format::Template2021 => "template_2021",
        }
    }
}

/// Where an inferred value was found.
///
/// ```
/// use gongkai::meta::Source;
/// assert_eq!(serde_json::to_string(&Source::Preamble).unwrap(), "\"preamble\"");
/// assert_eq!(Source::Text.as_str(), "text");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The report's title.
    Title,
    /// The sentence announcing the report, before the first heading.
    Preamble,
    /// The statistical period.
    Period,
    /// The issuing body's name (its place names).
    Body,
    /// A county-level suffix that exists in one province only (旗).
    Suffix,
    /// The body of the text (lower confidence).
    Text,
}

impl Source {
    /// The id written in outputs.
    ///
    /// ```
    /// assert_eq!(gongkai::meta::Source::Title.as_str(), "title");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Title => "title",
            Source::Preamble => "preamble",
            Source::Period => "period",
            Source::Body => "body",
            Source::Suffix => "suffix",
            Source::Text => "text",
        }
    }
}

/// A statistical period, as ISO dates (`YYYY-MM-DD`).
///
/// ```
/// let p = gongkai::meta::Period { start: "2021-01-01".into(), end: "2021-12-31".into() };
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"start":"2021-01-01","end":"2021-12-31"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
}

/// Metadata of one report. Field names are part of the output contract: later
/// versions add fields, never rename them. Absent values are `null` in JSON.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let text = "吉林省公安厅2015年度政府信息公开工作报告\n一、工作开展情况\n全年发布信息300条。";
/// let m = gongkai::meta::extract(&p.analyze("a.txt", text), text);
/// let json = serde_json::to_value(&m).unwrap();
/// assert_eq!(json["body"], "吉林省公安厅");
/// assert_eq!(json["level"], "province");
/// assert_eq!(json["province"], "吉林省");
/// assert_eq!(json["year"], 2015);
/// assert_eq!(json["format"], "free_prose");
/// assert!(json["published"].is_null());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ReportMeta {
    /// The document's name.
    pub doc: String,
    /// The title as found (whitespace removed between Chinese characters).
    pub title: Option<String>,
    /// The issuing body (鄂温克旗公安局).
    pub body: Option<String>,
    /// Where the body was found: `title`, `preamble` or `text`.
    pub body_source: Option<Source>,
    /// Administrative level of the body.
    pub level: Option<Level>,
    /// Where the level came from: `body` or `text`.
    pub level_source: Option<Source>,
    /// Full name of the province-level division (内蒙古自治区, 吉林省, 北京市).
    pub province: Option<String>,
    /// Where the province came from: `body`, `suffix` or `text`.
    pub province_source: Option<Source>,
    /// Full name of the prefecture-level division (固原市, 兴安盟); `None` for
    /// province-level bodies.
    pub prefecture: Option<String>,
    /// Where the prefecture came from: `body` or `text`.
    pub prefecture_source: Option<Source>,
    /// The year the report is about.
    pub year: Option<u16>,
    /// Where the year came from: `title`, `preamble`, `period` or `text`.
    pub year_source: Option<Source>,
    /// The statistical period, when the report states it.
    pub period: Option<Period>,
    /// Publication date given by the page (发布日期 …), ISO.
    pub published: Option<String>,
    /// Date standing alone at the end of the report (落款), ISO.
    pub dated: Option<String>,
    /// The report's shape.
    pub format: Format,
    /// The cues that decided the format (table headers or section headings).
    pub format_cues: Vec<String>,
    /// The encoding the document was decoded from.
    pub encoding: String,
    /// Characters of the decoded text.
    pub chars: usize,
    /// Chinese characters (Han ideographs) of the decoded text.
    pub han_chars: usize,
    /// All records (furniture, title, headings, sentences, tables).
    pub records: usize,
    /// Records of role `work`, `problem` or `plan`.
    pub sentences: usize,
    /// Oddities worth a look (inconsistent years, long periods …).
    pub notes: Vec<String>,
}

impl ReportMeta {
    /// The scalar fields as (column, value) pairs, for CSV summaries; absent
    /// values are empty strings, the period is split into two columns and
    /// lists are joined with `;`.
    ///
    /// ```
    /// let p = gongkai::Pipeline::new().unwrap();
    /// let text = "兴安盟公安局2021年政府信息公开工作年度报告\n一、总体情况\n全年发布信息3条。";
    /// let m = gongkai::meta::extract(&p.analyze("a.txt", text), text);
    /// let cols = m.columns();
    /// assert_eq!(cols[0], ("body", "兴安盟公安局".to_string()));
    /// assert!(cols.contains(&("level", "city".to_string())));
    /// assert!(cols.contains(&("period_start", String::new())));
    /// ```
    pub fn columns(&self) -> Vec<(&'static str, String)> {
        fn opt<T: ToString>(v: &Option<T>) -> String {
            v.as_ref().map(ToString::to_string).unwrap_or_default()
        }
        fn src(s: Option<Source>) -> String {
            s.map(|s| s.as_str().to_string()).unwrap_or_default()
        }
        vec![
            ("body", opt(&self.body)),
            ("body_source", src(self.body_source)),
            ("level", opt(&self.level.map(Level::as_str))),
            ("level_source", src(self.level_source)),
            ("province", opt(&self.province)),
            ("province_source", src(self.province_source)),
            ("prefecture", opt(&self.prefecture)),
            ("prefecture_source", src(self.prefecture_source)),
            ("year", opt(&self.year)),
            ("year_source", src(self.year_source)),
            (
                "period_start",
                opt(&self.period.as_ref().map(|p| p.start.clone())),
            ),
            (
                "period_end",
                opt(&self.period.as_ref().map(|p| p.end.clone())),
            ),
            ("published", opt(&self.published)),
            ("dated", opt(&self.dated)),
            ("format", self.format.as_str().to_string()),
            ("encoding", self.encoding.clone()),
            ("chars", self.chars.to_string()),
            ("han_chars", self.han_chars.to_string()),
            ("records", self.records.to_string()),
            ("sentences", self.sentences.to_string()),
            ("title", opt(&self.title)),
            ("notes", self.notes.join(";")),
        ]
    }
}

/// Where a name puts a body: its level, province and prefecture.
///
/// ```
/// let loc = gongkai::meta::locate("呼伦贝尔市鄂温克族自治旗公安局");
/// assert_eq!(loc.level, Some(gongkai::meta::Level::County));
/// assert_eq!(loc.province, Some("内蒙古自治区"));
/// assert_eq!(loc.prefecture, Some("呼伦贝尔市"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Administrative level, when the name tells.
    pub level: Option<Level>,
    /// Full name of the province-level division.
    pub province: Option<&'static str>,
    /// Full name of the prefecture-level division.
    pub prefecture: Option<&'static str>,
    /// How the province was found: [`Source::Body`] (a place name) or
    /// [`Source::Suffix`] (旗 → 内蒙古自治区).
    pub province_source: Option<Source>,
}

/// Reads the level, province and prefecture of a body's name (see the module
/// doc for the rules).
///
/// ```
/// use gongkai::meta::{locate, Level};
/// assert_eq!(locate("吉林省公安厅").level, Some(Level::Province));
/// assert_eq!(locate("兴安盟公安局").province, Some("内蒙古自治区"));
/// assert_eq!(locate("牡丹江市公安局").level, Some(Level::City));
/// assert_eq!(locate("延边州公安局").prefecture, Some("延边朝鲜族自治州"));
/// assert_eq!(locate("义乌市人民政府").level, Some(Level::County));
/// assert_eq!(locate("北京市朝阳区人民政府").province, Some("北京市"));
/// assert_eq!(locate("公安部").level, Some(Level::National));
/// assert_eq!(locate("").level, None);
/// ```
pub fn locate(name: &str) -> Location {
    let g = gazetteer();
    let body: String = name.chars().map(fold).filter(|c| !is_space(*c)).collect();
    let places = g.places_in(&body);
    // The organ starts at the first organ name outside the place names.
    let organ_start = g
        .organ_matcher
        .find_iter(&body)
        .find(|m| {
            !places
                .iter()
                .any(|p| m.start() < p.end && p.start < m.end())
        })
        .map(|m| m.start())
        .unwrap_or(body.len());
    let chain: Vec<&PlaceMatch> = places.iter().filter(|p| p.end <= organ_start).collect();
    let inner = chain.last().copied();
    let rest = &body[inner.map(|p| p.end).unwrap_or(0)..organ_start];
    let rest_level = g.level_of_rest(rest);
    let mut level = rest_level.map(|(l, _)| l).or_else(|| {
        inner.map(|p| match p.kind {
            PlaceKind::Province => Level::Province,
            PlaceKind::Prefecture => Level::City,
            PlaceKind::DirectCounty => Level::County,
        })
    });
    // A 分局 of a city (or municipal) bureau serves a district.
    let organ = &body[organ_start..];
    if organ.contains("分局") {
        let municipal = inner.is_some_and(|p| {
            p.kind == PlaceKind::Province && g.provinces[p.province].kind == "municipality"
        });
        if level == Some(Level::City) || (level == Some(Level::Province) && municipal) {
            level = Some(Level::County);
        }
    }
    if level.is_none() && chain.is_empty() && !body.is_empty() && all_han(&body) {
        const NATIONAL_START: [&str; 5] = ["国家", "国务院", "中华人民共和国", "中国", "全国"];
        if NATIONAL_START.iter().any(|s| body.starts_with(s)) || body.ends_with('部') {
            level = Some(Level::National);
        }
    }
    let mut province = chain.first().map(|p| g.provinces[p.province].name.as_str());
    let mut province_source = province.map(|_| Source::Body);
    if province.is_none()
        && let Some((_, suffix)) = rest_level
        && let Some((_, prov)) = g.suffix_province.iter().find(|(s, _)| suffix.ends_with(s))
    {
        province = Some(prov.as_str());
        province_source = Some(Source::Suffix);
    }
    let prefecture = match level {
        Some(Level::Province) | Some(Level::National) => None,
        _ => chain
            .iter()
            .find(|p| p.kind == PlaceKind::Prefecture)
            .map(|p| g.names[p.name].canonical.as_str()),
    };
    Location {
        level,
        province,
        prefecture,
        province_source,
    }
}

/// Reads the metadata of one analysed report; `text` is the decoded text the
/// document was analysed from (record offsets point into it).
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let text = "根据《条例》，现公布鄂温克旗公安局2018年政府信息公开工作年度报告。本年度报告中所列数据统计期限从2018年1月1日到12月31日止。\n一、概述\n2018年，旗公安局发布信息489条。";
/// let m = gongkai::meta::extract(&p.analyze("000.txt", text), text);
/// assert_eq!(m.body.as_deref(), Some("鄂温克旗公安局"));
/// assert_eq!(m.body_source, Some(gongkai::meta::Source::Preamble));
/// assert_eq!(m.province.as_deref(), Some("内蒙古自治区"));
/// assert_eq!(m.year, Some(2018));
/// let period = m.period.unwrap();
/// assert_eq!((period.start.as_str(), period.end.as_str()), ("2018-01-01", "2018-12-31"));
/// ```
pub fn extract(doc: &Document, text: &str) -> ReportMeta {
    extract_with(gazetteer(), doc, text)
}

/// [`extract`] with a given gazetteer (from `--lexicons DIR`); example under
/// [`Gazetteer`].
pub fn extract_with(g: &Gazetteer, doc: &Document, text: &str) -> ReportMeta {
    let compacts: Vec<String> = doc.sentences.iter().map(|s| compact(&s.text)).collect();
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().map(fold).collect::<String>())
        .collect();
    let mut notes = Vec::new();

    // Title and preamble.
    let title = find_title(doc, &compacts, &lines);
    let (title_body, title_year) = title
        .as_deref()
        .map(|t| parse_title(g, t))
        .unwrap_or((None, None));
    let preamble = preamble_announcement(g, doc, &compacts);

    // Body.
    let (body, body_source) = if let Some(b) = title_body {
        (Some(b), Some(Source::Title))
    } else if let Some(b) = preamble.as_ref().and_then(|p| p.0.clone()) {
        (Some(b), Some(Source::Preamble))
    } else if let Some(b) = body_from_text(g, doc, &compacts) {
        (Some(b), Some(Source::Text))
    } else {
        (None, None)
    };

    // Place: the body's name, qualified by the places written before it
    // elsewhere in the text when its own name does not give the province.
    let loc = body.as_deref().map(|b| {
        let own = locate(b);
        let qualifier = qualifier(g, &compacts, b);
        if own.province.is_some() || qualifier.is_empty() {
            return own;
        }
        let full = locate(&format!("{qualifier}{b}"));
        Location {
            level: own.level.or(full.level),
            province: full.province,
            prefecture: own.prefecture.or(full.prefecture),
            province_source: full.province_source,
        }
    });
    let mut level = loc.and_then(|l| l.level);
    let mut level_source = level.map(|_| Source::Body);
    if level.is_none()
        && let Some(l) = level_from_text(&compacts)
    {
        level = Some(l);
        level_source = Some(Source::Text);
    }
    let mut province = loc.and_then(|l| l.province).map(str::to_string);
    let mut province_source = loc.and_then(|l| l.province_source);
    let mut prefecture = loc.and_then(|l| l.prefecture).map(str::to_string);
    let mut prefecture_source = prefecture.as_ref().map(|_| Source::Body);
    if province.is_none() || (prefecture.is_none() && !matches!(level, Some(Level::Province))) {
        let (prov, pref) = g.places_in_text(&compacts, province.as_deref());
        if province.is_none()
            && level != Some(Level::National)
            && let Some(p) = prov
        {
            province = Some(p.to_string());
            province_source = Some(Source::Text);
        }
        if prefecture.is_none()
            && matches!(level, None | Some(Level::County) | Some(Level::Township))
            && province.is_some()
            && let Some(p) = pref
        {
            prefecture = Some(p.to_string());
            prefecture_source = Some(Source::Text);
        }
    }

    // Dates.
    let period = find_period(&compacts);
    let published = find_published(&lines);
    let dated = find_dated(&lines);
    let published_year = published
        .as_deref()
        .and_then(|d| d[..4].parse::<u16>().ok());

    // Year.
    let preamble_year = preamble.as_ref().and_then(|p| p.1);
    let period_year = period.as_ref().and_then(|p| p.end[..4].parse::<u16>().ok());
    let (year, year_source) = if let Some(y) = title_year {
        (Some(y), Some(Source::Title))
    } else if let Some(y) = preamble_year {
        (Some(y), Some(Source::Preamble))
    } else if let Some(y) = period_year {
        (Some(y), Some(Source::Period))
    } else if let Some(y) = year_from_text(doc, &compacts, published_year) {
        (Some(y), Some(Source::Text))
    } else {
        (None, None)
    };

    // Format.
    let (format, format_cues) = find_format(doc, &compacts, year);

    // Notes.
    if let (Some(t), Some(p)) = (title_year, preamble_year)
        && t != p
    {
        notes.push(format!("title year {t} differs from preamble year {p}"));
    }
    if let Some(p) = &period {
        if p.start > p.end {
            notes.push(format!(
                "statistical period starts after it ends ({} > {})",
                p.start, p.end
            ));
        } else if p.start[..4] != p.end[..4] {
            notes.push(format!(
                "statistical period spans more than one calendar year ({} to {})",
                p.start, p.end
            ));
        }
        if let (Some(y), Some(py)) = (year, period_year)
            && y != py
        {
            notes.push(format!(
                "statistical period ends in {py}, report year is {y}"
            ));
        }
    }
    if let (Some(y), Some(py), Some(date)) = (year, published_year, &published) {
        if *date < format!("{y:04}-12-31") {
            notes.push(format!(
                "published on {date}, before the report year {y} ends"
            ));
        } else if py > y + 1 {
            notes.push(format!(
                "published in {py}, more than a year after the report year {y}"
            ));
        }
    }

    ReportMeta {
        doc: doc.name.clone(),
        title,
        body,
        body_source,
        level,
        level_source,
        province,
        province_source,
        prefecture,
        prefecture_source,
        year,
        year_source,
        period,
        published,
        dated,
        format,
        format_cues,
        encoding: doc.encoding.to_string(),
        chars: doc.chars,
        han_chars: text.chars().filter(|&c| is_han(c)).count(),
        records: doc.sentences.len(),
        sentences: doc
            .sentences
            .iter()
            .filter(|s| matches!(s.role, Role::Work | Role::Problem | Role::Plan))
            .count(),
        notes,
    }
}

// ---------------------------------------------------------------------------
// Gazetteer

#[derive(Deserialize)]
struct PlacesFile {
    county_suffixes: Vec<String>,
    township_suffixes: Vec<String>,
    prefecture_suffixes: Vec<String>,
    province_suffixes: Vec<String>,
    suffix_province: BTreeMap<String, String>,
    organs: OrgansFile,
    province: Vec<ProvinceFile>,
    aliases: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct OrgansFile {
    names: Vec<String>,
}

#[derive(Deserialize)]
struct ProvinceFile {
    name: String,
    short: String,
    kind: String,
    prefectures: Vec<String>,
    #[serde(default)]
    direct_counties: Vec<String>,
}

struct ProvinceInfo {
    name: String,
    kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceKind {
    Province,
    Prefecture,
    DirectCounty,
}

/// How a pattern names its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// The full name (or the 市/地区 variant of a prefecture's full name).
    Full,
    /// A short form or alias (吉林, 内蒙古, 延边州): not followed by 区/县/市/旗.
    Short,
}

struct NameEntry {
    kind: PlaceKind,
    form: Form,
    province: usize,
    canonical: String,
}

struct PlaceMatch {
    start: usize,
    end: usize,
    kind: PlaceKind,
    form: Form,
    province: usize,
    name: usize,
}

/// The place-name gazetteer (`lexicons/places.toml`), compiled: provinces,
/// prefectures, county-level suffixes and organ names. Built once per
/// [`crate::Pipeline`] from its lexicons.
///
/// ```
/// let g = gongkai::meta::Gazetteer::parse(gongkai::meta::PLACES_TOML).unwrap();
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("r.txt", "吉林省公安厅2015年度政府信息公开工作报告\n一、概述\n全年发布信息10条。");
/// let text = "吉林省公安厅2015年度政府信息公开工作报告\n一、概述\n全年发布信息10条。";
/// assert_eq!(gongkai::meta::extract_with(&g, &doc, text).body.as_deref(), Some("吉林省公安厅"));
/// ```
pub struct Gazetteer {
    provinces: Vec<ProvinceInfo>,
    names: Vec<NameEntry>,
    matcher: AhoCorasick,
    organ_matcher: AhoCorasick,
    /// Organs specific enough to name a body in running text (3+ characters,
    /// not bare 委员会/办公室).
    vote_organs: AhoCorasick,
    county_suffixes: Vec<String>,
    township_suffixes: Vec<String>,
    prefecture_suffixes: Vec<String>,
    province_suffixes: Vec<String>,
    suffix_province: Vec<(String, String)>,
}

fn gazetteer() -> &'static Gazetteer {
    static G: LazyLock<Gazetteer> = LazyLock::new(|| {
        // The file is embedded and checked by the test `places_toml_is_valid`,
        // so a failure here is a build defect, not an input error.
        Gazetteer::parse(PLACES_TOML).expect("embedded lexicons/places.toml is valid")
    });
    &G
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("provinces", &self.provinces.len())
            .field("names", &self.names.len())
            .finish()
    }
}

impl Gazetteer {
    /// Parses and compiles a `places.toml` (example above); the error names
    /// what is wrong.
    pub fn parse(src: &str) -> Result<Gazetteer, String> {
        let file: PlacesFile =
            toml::from_str(src).map_err(|e| format!("lexicons/places.toml: {e}"))?;
        let mut provinces = Vec::new();
        let mut names: Vec<NameEntry> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        let mut add = |pattern: String, entry: NameEntry, names: &mut Vec<NameEntry>| {
            if !pattern.is_empty() && seen.insert(pattern.clone()) {
                patterns.push(pattern);
                names.push(entry);
            }
        };
        for (pi, p) in file.province.iter().enumerate() {
            provinces.push(ProvinceInfo {
                name: p.name.clone(),
                kind: p.kind.clone(),
            });
            let entry = |kind, form, canonical: &str| NameEntry {
                kind,
                form,
                province: pi,
                canonical: canonical.to_string(),
            };
            add(
                p.name.clone(),
                entry(PlaceKind::Province, Form::Full, &p.name),
                &mut names,
            );
            add(
                p.short.clone(),
                entry(PlaceKind::Province, Form::Short, &p.name),
                &mut names,
            );
            for pref in &p.prefectures {
                add(
                    pref.clone(),
                    entry(PlaceKind::Prefecture, Form::Full, pref),
                    &mut names,
                );
                // 那曲地区 / 那曲市: renamed divisions.
                let other = if let Some(stem) = pref.strip_suffix("地区") {
                    Some(format!("{stem}市"))
                } else {
                    pref.strip_suffix('市').map(|stem| format!("{stem}地区"))
                };
                if let Some(other) = other {
                    add(
                        other,
                        entry(PlaceKind::Prefecture, Form::Full, pref),
                        &mut names,
                    );
                }
            }
            for county in &p.direct_counties {
                add(
                    county.clone(),
                    entry(PlaceKind::DirectCounty, Form::Full, county),
                    &mut names,
                );
            }
        }
        for (alias, full) in &file.aliases {
            let Some(target) = names.iter().find(|n| n.canonical == *full) else {
                return Err(format!(
                    "lexicons/places.toml: alias {alias} points at {full}, which is not listed"
                ));
            };
            let entry = NameEntry {
                kind: target.kind,
                form: Form::Short,
                province: target.province,
                canonical: target.canonical.clone(),
            };
            add(alias.clone(), entry, &mut names);
        }
        let mut suffix_province = Vec::new();
        for (suffix, prov) in &file.suffix_province {
            if !provinces.iter().any(|p| p.name == *prov) {
                return Err(format!(
                    "lexicons/places.toml: suffix {suffix} points at {prov}, which is not listed"
                ));
            }
            suffix_province.push((suffix.clone(), prov.clone()));
        }
        let build = |pats: &[String]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(pats)
                .map_err(|e| format!("lexicons/places.toml: {e}"))
        };
        let organs: Vec<String> = file
            .organs
            .names
            .iter()
            .filter(|o| !o.is_empty())
            .cloned()
            .collect();
        const TOO_GENERIC: [&str; 5] = ["委员会", "办公室", "办公厅", "管委会", "管理委员会"];
        let vote: Vec<String> = organs
            .iter()
            .filter(|o| o.chars().count() >= 3 && !TOO_GENERIC.contains(&o.as_str()))
            .cloned()
            .collect();
        Ok(Gazetteer {
            matcher: build(&patterns)?,
            organ_matcher: build(&organs)?,
            vote_organs: build(&vote)?,
            provinces,
            names,
            county_suffixes: file.county_suffixes,
            township_suffixes: file.township_suffixes,
            prefecture_suffixes: file.prefecture_suffixes,
            province_suffixes: file.province_suffixes,
            suffix_province,
        })
    }

    /// Place names in `s` (byte offsets), leftmost-longest; a short form or
    /// alias directly followed by 区/县/市/旗 is part of a county name (海南区)
    /// and is dropped.
    fn places_in(&self, s: &str) -> Vec<PlaceMatch> {
        self.matcher
            .find_iter(s)
            .filter_map(|m| {
                let i = m.pattern().as_usize();
                let e = self.names.get(i)?;
                let next = s[m.end()..].chars().next();
                if e.form == Form::Short && matches!(next, Some('区' | '县' | '市' | '旗')) {
                    return None;
                }
                Some(PlaceMatch {
                    start: m.start(),
                    end: m.end(),
                    kind: e.kind,
                    form: e.form,
                    province: e.province,
                    name: i,
                })
            })
            .collect()
    }

    /// Is `s` exactly a place name of the gazetteer?
    fn is_place_name(&self, s: &str) -> bool {
        self.places_in(s)
            .first()
            .is_some_and(|p| p.start == 0 && p.end == s.len())
    }

    /// Does `s` end with a place name of the gazetteer?
    fn ends_with_place(&self, s: &str) -> bool {
        self.places_in(s).last().is_some_and(|p| p.end == s.len())
    }

    /// The division suffix ending `chars` (the longest: 自治旗 over 旗, 地区
    /// over 区), with the level it stands for, when a name of at least two
    /// characters (one for 县, 乡, 镇: 滑县) stands before it.
    fn place_suffix(&self, chars: &[char]) -> Option<(Level, &str)> {
        let groups: [(&Vec<String>, Level); 4] = [
            (&self.township_suffixes, Level::Township),
            (&self.county_suffixes, Level::County),
            (&self.prefecture_suffixes, Level::City),
            (&self.province_suffixes, Level::Province),
        ];
        let (level, suffix) = groups
            .iter()
            .flat_map(|(v, level)| v.iter().map(move |s| (*level, s.as_str())))
            .filter(|(_, s)| {
                let n = s.chars().count();
                n <= chars.len() && chars[chars.len() - n..].iter().copied().eq(s.chars())
            })
            .max_by_key(|(_, s)| s.chars().count())?;
        let before = chars.len() - suffix.chars().count();
        let min = if matches!(suffix, "县" | "乡" | "镇") {
            1
        } else {
            2
        };
        (before >= min && chars[..before].iter().all(|&c| is_han(c))).then_some((level, suffix))
    }

    /// The level of the part of a body's name after its last gazetteer place
    /// and before its organ (鄂温克旗 in 鄂温克旗公安局), with the suffix that
    /// decided it: the last division suffix in it (see [`Self::place_suffix`]).
    fn level_of_rest(&self, rest: &str) -> Option<(Level, &str)> {
        let chars: Vec<char> = rest.chars().collect();
        (1..=chars.len())
            .rev()
            .find_map(|end| self.place_suffix(&chars[..end]))
    }

    /// Does `p` look like a place name: a gazetteer name, or a name ending in a
    /// division suffix (see [`Self::place_suffix`]) that is not a
    /// self-reference (本市, 全县, 各县区, 乡镇)?
    fn looks_like_place(&self, p: &str) -> bool {
        if self.is_place_name(p) {
            return true;
        }
        let chars: Vec<char> = p.chars().collect();
        let Some(&first) = chars.first() else {
            return false;
        };
        let level_char = |c: Option<&char>| c.is_some_and(|c| LEVEL_CHARS.contains(*c));
        if GENERIC_START.contains(first)
            || (level_char(chars.first()) && level_char(chars.get(1)))
            || p.starts_with("自治")
        {
            return false;
        }
        self.place_suffix(&chars).is_some()
    }

    /// The province (and, within it, the prefecture) named most often in the
    /// text by full names; 台湾/香港/澳门 are left out (往来台湾通行证).
    fn places_in_text(
        &self,
        compacts: &[String],
        known: Option<&str>,
    ) -> (Option<&str>, Option<&str>) {
        let mut prov: Vec<usize> = vec![0; self.provinces.len()];
        let mut pref: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        let mut order = 0;
        for c in compacts {
            for m in self.places_in(c) {
                if m.form != Form::Full || self.provinces[m.province].kind == "sar" {
                    continue;
                }
                if self.provinces[m.province].name == "台湾省" {
                    continue;
                }
                prov[m.province] += 1;
                if m.kind == PlaceKind::Prefecture {
                    order += 1;
                    let e = pref.entry(m.name).or_insert((0, order));
                    e.0 += 1;
                }
            }
        }
        let best_prov = prov
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        let target = match known {
            Some(k) => self.provinces.iter().position(|p| p.name == k),
            None => best_prov,
        };
        let best_pref = pref
            .iter()
            .filter(|(name, _)| Some(self.names[**name].province) == target)
            .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
            .map(|(name, _)| self.names[*name].canonical.as_str());
        (
            best_prov.map(|i| self.provinces[i].name.as_str()),
            best_pref,
        )
    }
}

/// Characters that cannot start a place name outside the gazetteer:
/// self-references and quantifiers (本市, 我县, 全旗, 各区, 该县).
const GENERIC_START: &str = "本我全各该其每此两";

/// Characters of division suffixes; a name starting with two of them (乡镇,
/// 县区, 市县) is a category, not a place.
const LEVEL_CHARS: &str = "省市县区旗盟州乡镇";

// ---------------------------------------------------------------------------
// Characters and strings

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '〇')
}

fn all_han(s: &str) -> bool {
    s.chars().all(is_han)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00A0}')
}

/// Full-width ASCII → ASCII (：→ :, （ → (, ２ → 2), ideographic space → space.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folded, with all whitespace removed (lines broken inside words, 2017 年).
fn compact(s: &str) -> String {
    s.chars().map(fold).filter(|c| !is_space(*c)).collect()
}

/// Whitespace removed except between two ASCII letters or digits.
fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().map(fold).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if is_space(chars[i]) {
            let mut j = i;
            while j < chars.len() && is_space(chars[j]) {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if before.is_some_and(|c| c.is_ascii_alphanumeric())
                && after.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn cjk_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'O' | 'o' => 0,
        '一' => 1,
        '二' => 2,
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

/// A year at `i`: four ASCII digits not inside a longer number, or four
/// Chinese digits followed by 年 (二〇二一年). Returns the year and the index
/// after its digits.
fn year_at(c: &[char], i: usize) -> Option<(u16, usize)> {
    let four = c.get(i..i + 4)?;
    let ok = |y: u32| (1990..=2099).contains(&y).then_some(y as u16);
    if four.iter().all(char::is_ascii_digit) {
        if i > 0 && c[i - 1].is_ascii_digit() || c.get(i + 4).is_some_and(char::is_ascii_digit) {
            return None;
        }
        let y = four
            .iter()
            .fold(0, |acc, d| acc * 10 + d.to_digit(10).unwrap_or(0));
        return ok(y).map(|y| (y, i + 4));
    }
    if i > 0 && cjk_digit(c[i - 1]).is_some() {
        return None;
    }
    let digits: Option<Vec<u32>> = four.iter().map(|&d| cjk_digit(d)).collect();
    let y = digits?.iter().fold(0, |acc, d| acc * 10 + d);
    if c.get(i + 4) != Some(&'年') {
        return None;
    }
    ok(y).map(|y| (y, i + 4))
}

/// A small number (1–31) in ASCII digits or Chinese numerals (十二, 二十一).
fn small_number_at(c: &[char], i: usize) -> Option<(u32, usize)> {
    let digits = c[i.min(c.len())..]
        .iter()
        .take_while(|d| d.is_ascii_digit())
        .count();
    if (1..=2).contains(&digits) {
        let v = c[i..i + digits]
            .iter()
            .fold(0, |acc, d| acc * 10 + d.to_digit(10).unwrap_or(0));
        return Some((v, i + digits));
    }
    if digits > 2 {
        return None;
    }
    // Chinese: [二三]?十[一-九]? or [一-九]
    let mut j = i;
    let mut v = 0;
    if let Some(d) = c.get(j).and_then(|&ch| cjk_digit(ch)).filter(|&d| d > 0) {
        v = d;
        j += 1;
    }
    if c.get(j) == Some(&'十') {
        v = if j == i { 10 } else { v * 10 };
        j += 1;
        if let Some(d) = c.get(j).and_then(|&ch| cjk_digit(ch)).filter(|&d| d > 0) {
            v += d;
            j += 1;
        }
    }
    (j > i && v > 0).then_some((v, j))
}

/// A date at `i`: 2018-05-16, 2018/5/16, 2018.5.16, 2018年5月16日,
/// 二〇二二年一月二十一日. Returns it ISO and the index after it.
fn date_at(c: &[char], i: usize) -> Option<(String, usize)> {
    let (y, mut j) = year_at(c, i)?;
    let sep = *c.get(j)?;
    if !matches!(sep, '-' | '/' | '.' | '年') {
        return None;
    }
    j += 1;
    let (m, k) = small_number_at(c, j)?;
    j = k;
    let sep2 = *c.get(j)?;
    let expected = if sep == '年' { '月' } else { sep };
    if sep2 != expected {
        return None;
    }
    j += 1;
    let (d, k) = small_number_at(c, j)?;
    j = k;
    if sep == '年' {
        if matches!(c.get(j), Some('日' | '号')) {
            j += 1;
        } else {
            return None;
        }
    }
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| (format!("{y:04}-{m:02}-{d:02}"), j))
}

/// A month and day at `i` (12月31日).
fn month_day_at(c: &[char], i: usize) -> Option<(u32, u32, usize)> {
    let (m, j) = small_number_at(c, i)?;
    if c.get(j) != Some(&'月') {
        return None;
    }
    let (d, k) = small_number_at(c, j + 1)?;
    if !matches!(c.get(k), Some('日' | '号')) {
        return None;
    }
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((m, d, k + 1))
}

fn find_str(c: &[char], pat: &str, from: usize) -> Option<usize> {
    let p: Vec<char> = pat.chars().collect();
    if p.is_empty() || c.len() < p.len() {
        return None;
    }
    (from..=c.len() - p.len()).find(|&i| c[i..i + p.len()] == p[..])
}

// ---------------------------------------------------------------------------
// Title, preamble, body

/// Words that make a line a title (same as roles.toml `title`).
const TITLE_WORDS: [&str; 4] = ["年度报告", "工作报告", "工作年度", "年报"];

/// Where the body's name ends in a title, when no year comes first.
const TITLE_KEYWORDS: [&str; 8] = [
    "政府信息公开",
    "政务信息公开",
    "政务公开",
    "信息公开",
    "年度报告",
    "工作报告",
    "工作年度",
    "年报",
];

/// The title: the first `heading` record with no section (structure's title
/// unit), else a title-like record before the first numbered heading, else a
/// title-like line (or two) among the first lines of the text.
fn find_title(doc: &Document, compacts: &[String], lines: &[String]) -> Option<String> {
    let is_title = |c: &str| {
        let n = c.chars().count();
        (4..=90).contains(&n)
            && TITLE_WORDS.iter().any(|w| c.contains(w))
            && !c.contains('。')
            && !c.contains('，')
    };
    let before_heading = doc
        .sentences
        .iter()
        .zip(compacts)
        .take_while(|(s, _)| s.section.is_empty())
        .take(15);
    for (s, c) in before_heading.clone() {
        if s.role == Role::Heading && is_title(c) {
            return Some(tidy(&s.text));
        }
    }
    for (s, c) in before_heading {
        if s.role == Role::Meta && is_title(c) && !s.text.contains('《') {
            return Some(tidy(&s.text));
        }
    }
    let firsts: Vec<&String> = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .collect();
    for (n, l) in firsts.iter().enumerate() {
        let c = compact(l);
        if is_title(&c) {
            return Some(tidy(l));
        }
        if let Some(next) = firsts.get(n + 1) {
            let joined = c.clone() + &compact(next);
            if compact(next).chars().count() <= 10 && is_title(&joined) && !is_title(&c) {
                return Some(tidy(&format!("{l}{next}")));
            }
        }
    }
    None
}

/// The body and year a title names.
fn parse_title(g: &Gazetteer, title: &str) -> (Option<String>, Option<u16>) {
    let c: Vec<char> = compact(title).chars().collect();
    let year = (0..c.len()).find_map(|i| year_at(&c, i).map(|(y, e)| (i, e, y)));
    let keyword = TITLE_KEYWORDS
        .iter()
        .filter_map(|k| find_str(&c, k, 0))
        .min();
    let cut = match (year, keyword) {
        (Some((s, _, _)), Some(k)) => s.min(k),
        (Some((s, _, _)), None) => s,
        (None, Some(k)) => k,
        (None, None) => c.len(),
    };
    let mut body = last_han_run(&c[..cut]);
    // 2020年某县政府信息公开工作年度报告: the body follows the year.
    if body.is_empty()
        && let (Some((_, e, _)), Some(k)) = (year, keyword)
    {
        let mut s = e;
        for skip in ['年', '度'] {
            if c.get(s) == Some(&skip) {
                s += 1;
            }
        }
        if s < k {
            body = last_han_run(&c[s..k]);
        }
    }
    for tail in ["关于", "的"] {
        if let Some(b) = body.strip_suffix(tail) {
            body = b.to_string();
        }
    }
    for head in ["关于印发", "关于公布", "关于发布", "关于"] {
        if let Some(b) = body.strip_prefix(head) {
            body = b.to_string();
            break;
        }
    }
    let n = body.chars().count();
    // 本局, 全市 …; 市公安局 (a level word and an organ) is a self-reference.
    let mut chars = body.chars();
    let first = chars.next();
    let self_reference = first.is_some_and(|c| LEVEL_CHARS.contains(c))
        && g.organ_matcher
            .find(chars.as_str())
            .is_some_and(|m| m.start() == 0);
    let generic = first.is_some_and(|c| GENERIC_START.contains(c))
        || self_reference
        || body.starts_with("政府")
        || body.starts_with("年度");
    let body = ((2..=40).contains(&n) && !generic).then_some(body);
    (body, year.map(|y| y.2))
}

fn last_han_run(c: &[char]) -> String {
    let end = c
        .iter()
        .rposition(|&ch| is_han(ch))
        .map(|i| i + 1)
        .unwrap_or(0);
    let start = c[..end]
        .iter()
        .rposition(|&ch| !is_han(ch))
        .map(|i| i + 1)
        .unwrap_or(0);
    c[start..end].iter().collect()
}

/// Words after which a name can start in running text (现公布鄂温克旗公安局).
const BOUNDARY_WORDS: [&str; 28] = [
    "现公布",
    "公布",
    "现将",
    "现向社会",
    "予以",
    "根据",
    "按照",
    "依据",
    "通过",
    "请与",
    "联系",
    "来源",
    "主办",
    "承办",
    "发布",
    "编制",
    "推进",
    "加强",
    "落实",
    "要求",
    "同时",
    "此外",
    "其中",
    "我们",
    "以及",
    "进一步",
    "会同",
    "配合",
];

/// Single characters after which a name can start; weaker, because they also
/// occur inside names (和林格尔县, 于都县).
const BOUNDARY_CHARS: &str = "并将与和及对由在是为的了向经据按从至等以把被同于即让给使";

/// The place name ending a run of Chinese characters: among the suffixes of
/// `run` that look like a place, the shortest that starts where a name can
/// start — after a boundary word, after a gazetteer place, with a gazetteer
/// place itself, or at the run's start when at most 6 characters long (or
/// holding 族 or 自治: 双江拉祜族佤族布朗族傣族自治县) — else the shortest after a
/// boundary character or at the run's start.
fn place_ending(g: &Gazetteer, run: &[char]) -> Option<String> {
    let mut weak = None;
    for k in 2..=run.len().min(16) {
        let p: String = run[run.len() - k..].iter().collect();
        if !g.looks_like_place(&p) {
            continue;
        }
        let before: String = run[..run.len() - k].iter().collect();
        let long = k > 6 && !p.contains('族') && !p.contains("自治");
        let strong = (before.is_empty() && !long)
            || BOUNDARY_WORDS.iter().any(|w| before.ends_with(w))
            || g.ends_with_place(&before)
            || g.places_in(&p).first().is_some_and(|m| m.start == 0);
        if strong {
            return Some(p);
        }
        if weak.is_none()
            && (before.is_empty()
                || before
                    .chars()
                    .last()
                    .is_some_and(|c| BOUNDARY_CHARS.contains(c)))
        {
            weak = Some(p);
        }
    }
    weak
}

/// The name a preamble sentence announces the report under, and its year:
/// 现将兴安盟公安局2021年政府信息公开工作年度报告予以公布.
fn preamble_announcement(
    g: &Gazetteer,
    doc: &Document,
    compacts: &[String],
) -> Option<(Option<String>, Option<u16>)> {
    let mut found: Option<(Option<String>, Option<u16>)> = None;
    for (s, c) in doc.sentences.iter().zip(compacts).take(20) {
        if !s.section.is_empty() {
            break;
        }
        if s.role == Role::Heading {
            continue;
        }
        let chars: Vec<char> = c.chars().collect();
        let Some(t) = TITLE_WORDS
            .iter()
            .filter_map(|w| find_str(&chars, w, 0))
            .min()
        else {
            continue;
        };
        // The last year before the title word, close to it.
        let Some((ys, _, y)) = (0..t)
            .rev()
            .take(30)
            .find_map(|i| year_at(&chars, i).map(|(y, e)| (i, e, y)))
        else {
            continue;
        };
        let run_start = chars[..ys]
            .iter()
            .rposition(|&ch| !is_han(ch))
            .map(|i| i + 1)
            .unwrap_or(0);
        let run = &chars[run_start..ys];
        let body = body_in_run(g, run);
        if body.is_some() {
            return Some((body, Some(y)));
        }
        found.get_or_insert((None, Some(y)));
    }
    found
}

/// A body's name ending `run`: a place (see [`place_ending`]) and an organ.
fn body_in_run(g: &Gazetteer, run: &[char]) -> Option<String> {
    let s: String = run.iter().collect();
    // The first organ name with a place before it; the body runs from that
    // place to the end of the run (北京市 + 公安局朝阳分局).
    g.organ_matcher.find_iter(&s).find_map(|m| {
        let place_end = s[..m.start()].chars().count();
        let place = place_ending(g, &run[..place_end])?;
        let body = format!("{place}{}", &s[m.start()..]);
        (body.chars().count() >= 3).then_some(body)
    })
}

/// The longest chain of gazetteer places written right before `body`
/// anywhere in the text (湖南省长沙市 before 芙蓉区公安分局), to locate a body
/// whose own name does not say its province.
fn qualifier(g: &Gazetteer, compacts: &[String], body: &str) -> String {
    let mut best = String::new();
    for c in compacts {
        for (at, _) in c.match_indices(body) {
            let before = &c[..at];
            let mut start = before.len();
            for p in g.places_in(before).iter().rev() {
                if p.end != start {
                    break;
                }
                start = p.start;
            }
            if before.len() - start > best.len() {
                best = before[start..].to_string();
            }
        }
    }
    best
}

/// The organisation name (place + organ) the text uses most often, outside
/// 《》 (titles of other bodies' documents). Ties go to the first seen.
fn body_from_text(g: &Gazetteer, doc: &Document, compacts: &[String]) -> Option<String> {
    let mut votes: Vec<(String, usize)> = Vec::new();
    for (s, c) in doc.sentences.iter().zip(compacts) {
        if s.role == Role::Table {
            continue;
        }
        let chars: Vec<char> = c.chars().collect();
        // Byte offset → char index, and 《》 depth per char.
        let mut depth = 0i32;
        let mut inside = Vec::with_capacity(chars.len());
        let mut byte_to_char = std::collections::HashMap::new();
        let mut b = 0;
        for (i, &ch) in chars.iter().enumerate() {
            byte_to_char.insert(b, i);
            b += ch.len_utf8();
            match ch {
                '《' => depth += 1,
                '》' => depth = (depth - 1).max(0),
                _ => {}
            }
            inside.push(depth > 0);
        }
        for m in g.vote_organs.find_iter(c.as_str()) {
            let Some(&start) = byte_to_char.get(&m.start()) else {
                continue;
            };
            if inside.get(start).copied().unwrap_or(false) {
                continue;
            }
            let run_start = chars[..start]
                .iter()
                .rposition(|&ch| !is_han(ch))
                .map(|i| i + 1)
                .unwrap_or(0);
            let run_start = run_start.max(start.saturating_sub(16));
            let Some(place) = place_ending(g, &chars[run_start..start]) else {
                continue;
            };
            let name = format!("{place}{}", &c[m.start()..m.end()]);
            match votes.iter_mut().find(|(n, _)| *n == name) {
                Some(v) => v.1 += 1,
                None => votes.push((name, 1)),
            }
        }
    }
    let best = votes.iter().map(|v| v.1).max()?;
    votes.into_iter().find(|v| v.1 == best).map(|v| v.0)
}

/// The level the text implies by referring to its own area (全旗, 我县,
/// 市公安局 after a punctuation mark). Needs two mentions and a clear lead.
fn level_from_text(compacts: &[String]) -> Option<Level> {
    const LEVELS: [(char, Level); 7] = [
        ('省', Level::Province),
        ('市', Level::City),
        ('盟', Level::City),
        ('州', Level::City),
        ('县', Level::County),
        ('旗', Level::County),
        ('区', Level::County),
    ];
    let mut counts = [0usize; 7];
    for c in compacts {
        let chars: Vec<char> = c.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            let Some(k) = LEVELS.iter().position(|(l, _)| *l == ch) else {
                continue;
            };
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let rest: String = chars[i + 1..].iter().take(4).collect();
            let own_area = matches!(prev, Some('全' | '我' | '本'));
            let own_organ = (prev.is_none() || prev.is_some_and(|p| !is_han(p) || p == '是'))
                && ["公安", "政府", "人民政府"]
                    .iter()
                    .any(|o| rest.starts_with(o));
            if own_area || own_organ {
                counts[k] += 1;
            }
        }
    }
    let mut order: Vec<usize> = (0..7).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(counts[k]));
    let (top, second) = (counts[order[0]], counts[order[1]]);
    (top >= 2 && top > second * 2).then(|| LEVELS[order[0]].1)
}

// ---------------------------------------------------------------------------
// Dates and years

const PERIOD_CUES: [&str; 8] = [
    "统计期限",
    "统计时限",
    "统计期间",
    "统计时间",
    "统计区间",
    "统计周期",
    "统计日期",
    "所列数据",
];

/// The statistical period: the first full date after a cue, and the next
/// date (a month-day takes the first date's year).
fn find_period(compacts: &[String]) -> Option<Period> {
    for c in compacts {
        let chars: Vec<char> = c.chars().collect();
        let Some(cue) = PERIOD_CUES
            .iter()
            .filter_map(|w| find_str(&chars, w, 0))
            .min()
        else {
            continue;
        };
        let Some((start, after)) = (cue..chars.len()).find_map(|i| date_at(&chars, i)) else {
            continue;
        };
        let end = (after..chars.len()).take(20).find_map(|i| {
            if let Some((d, _)) = date_at(&chars, i) {
                return Some(d);
            }
            let boundary = i == after || !chars[i - 1].is_ascii_digit();
            if boundary && let Some((m, d, _)) = month_day_at(&chars, i) {
                return Some(format!("{}-{m:02}-{d:02}", &start[..4]));
            }
            None
        });
        if let Some(end) = end {
            return Some(Period { start, end });
        }
    }
    None
}

const PUBLISHED_LABELS: [&str; 12] = [
    "发布日期",
    "发表日期",
    "发布时间",
    "发表时间",
    "成文日期",
    "公开日期",
    "发文日期",
    "印发日期",
    "生成日期",
    "更新日期",
    "更新时间",
    "信息时间",
];

/// The publication date of the page furniture: a date right after a label
/// (发布日期:2022-01-21); bare 日期/时间 labels only at a line's start or after a
/// space. Lines that state a range (至, 到, 统计) are skipped.
fn find_published(lines: &[String]) -> Option<String> {
    let candidates: Vec<Vec<char>> = lines
        .iter()
        .filter(|l| l.chars().count() <= 200)
        .filter(|l| !["至", "到", "统计", "起"].iter().any(|w| l.contains(w)))
        .map(|l| l.chars().collect())
        .collect();
    let after_label = |c: &[char], mut i: usize| -> Option<String> {
        while c
            .get(i)
            .is_some_and(|&ch| matches!(ch, ':' | '】' | ']' | '：') || is_space(ch))
        {
            i += 1;
        }
        date_at(c, i).map(|d| d.0)
    };
    for c in &candidates {
        for label in PUBLISHED_LABELS {
            let mut from = 0;
            while let Some(i) = find_str(c, label, from) {
                if let Some(d) = after_label(c, i + label.chars().count()) {
                    return Some(d);
                }
                from = i + 1;
            }
        }
    }
    for c in &candidates {
        for label in ["日期", "时间"] {
            let mut from = 0;
            while let Some(i) = find_str(c, label, from) {
                let starts = c[..i]
                    .iter()
                    .all(|&ch| is_space(ch) || ch == '【' || ch == '[')
                    || c.get(i.wrapping_sub(1))
                        .is_some_and(|&ch| is_space(ch) || ch == '|');
                if starts && let Some(d) = after_label(c, i + 2) {
                    return Some(d);
                }
                from = i + 1;
            }
        }
    }
    None
}

/// A date standing alone on one of the last 12 non-blank lines (落款).
fn find_dated(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .find_map(|l| {
            let c: Vec<char> = compact(l).chars().collect();
            date_at(&c, 0).filter(|(_, e)| *e == c.len()).map(|d| d.0)
        })
}

/// The year written most often (as YYYY年) in `work` sentences and headings;
/// ties go to the later year; never after the publication year.
fn year_from_text(doc: &Document, compacts: &[String], published: Option<u16>) -> Option<u16> {
    let mut counts: BTreeMap<u16, usize> = BTreeMap::new();
    for (s, c) in doc.sentences.iter().zip(compacts) {
        if !matches!(s.role, Role::Work | Role::Heading) {
            continue;
        }
        let chars: Vec<char> = c.chars().collect();
        for i in 0..chars.len() {
            if let Some((y, e)) = year_at(&chars, i)
                && chars.get(e) == Some(&'年')
                && published.is_none_or(|p| y <= p)
            {
                *counts.entry(y).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(y, n)| (n, y))
        .map(|(y, _)| y)
}

// ---------------------------------------------------------------------------
// Format

const CUES_2021: [&str; 5] = [
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
];
const CUES_2019: [&str; 5] = [
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
];
const TEMPLATE_SECTIONS: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议",
    "存在的主要问题",
    "其他需要报告的事项",
];

fn find_format(doc: &Document, compacts: &[String], year: Option<u16>) -> (Format, Vec<String>) {
    let all: String = compacts.concat();
    let found = |cues: &[&str]| -> Vec<String> {
        cues.iter()
            .filter(|c| all.contains(*c))
            .map(|c| c.to_string())
            .collect()
    };
    let c21 = found(&CUES_2021);
    if c21.len() >= 2 {
        return (Format::Template2021, c21);
    }
    let c19 = found(&CUES_2019);
    if c19.len() >= 2 {
        return (Format::Template2019, c19);
    }
    // The six section headings (numbered headings only).
    let headings: Vec<&String> = doc
        .sentences
        .iter()
        .zip(compacts)
        .filter(|(s, _)| s.role == Role::Heading && !s.section.is_empty())
        .map(|(_, c)| c)
        .collect();
    let sections: Vec<String> = TEMPLATE_SECTIONS
        .iter()
        .filter(|cue| headings.iter().any(|h| h.contains(*cue)))
        .map(|c| c.to_string())
        .collect();
    if sections.len() >= 4
        && sections
            .iter()
            .any(|s| s == "收到和处理政府信息公开申请情况")
    {
        let format = if year.is_some_and(|y| y >= 2021) {
            Format::Template2021
        } else {
            Format::Template2019
        };
        return (format, sections);
    }
    (Format::FreeProse, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_toml_is_valid() {
        let g = Gazetteer::parse(PLACES_TOML).unwrap();
        assert_eq!(g.provinces.len(), 34);
        let prefectures: HashSet<&str> = g
            .names
            .iter()
            .filter(|n| n.kind == PlaceKind::Prefecture)
            .map(|n| n.canonical.as_str())
            .collect();
        // 333 prefecture-level divisions, plus 莱芜市 (merged in 2019).
        assert_eq!(prefectures.len(), 334);
    }

    #[test]
    fn bad_alias_is_an_error() {
        let src = PLACES_TOML.replace(
            "\"延边州\" = \"延边朝鲜族自治州\"",
            "\"延边州\" = \"无此州\"",
        );
        let err = Gazetteer::parse(&src).err().unwrap();
        assert!(err.contains("无此州"), "{err}");
    }

    #[test]
    fn years() {
        let c: Vec<char> = "在2017年和二〇二一年，20171年".chars().collect();
        assert_eq!(year_at(&c, 1), Some((2017, 5)));
        assert_eq!(year_at(&c, 7), Some((2021, 11)));
        assert_eq!(year_at(&c, 13), None);
    }

    #[test]
    fn dates() {
        let cases = [
            ("2018-05-16 11:41", Some("2018-05-16")),
            ("2022/1/21", Some("2022-01-21")),
            ("2022年01月21日", Some("2022-01-21")),
            ("二〇二二年一月二十一日", Some("2022-01-21")),
            ("2022年13月1日", None),
            ("2022年1月", None),
            ("2022-1", None),
        ];
        for (s, want) in cases {
            let c: Vec<char> = s.chars().collect();
            assert_eq!(date_at(&c, 0).map(|d| d.0).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn titles() {
        let cases = [
            (
                "固原市公安局2017年政府信息公开工作年度报告",
                Some("固原市公安局"),
                Some(2017),
            ),
            (
                "兴安盟公安局2021政府信息公开工作年度报告",
                Some("兴安盟公安局"),
                Some(2021),
            ),
            (
                "2020年某某县人民政府政府信息公开工作年度报告",
                Some("某某县人民政府"),
                Some(2020),
            ),
            (
                "某某市公安局关于2019年度政府信息公开工作年度报告",
                Some("某某市公安局"),
                Some(2019),
            ),
            (
                "某某区教育局政府信息公开工作年度报告（2020年）",
                Some("某某区教育局"),
                Some(2020),
            ),
            ("2020年政府信息公开工作年度报告", None, Some(2020)),
            ("政府信息公开工作年度报告", None, None),
            ("市公安局2019年政府信息公开工作年度报告", None, Some(2019)),
            (
                "市中区人民政府2019年政府信息公开工作年度报告",
                Some("市中区人民政府"),
                Some(2019),
            ),
            (
                "关于印发某某县2020年政府信息公开工作年度报告的通知",
                Some("某某县"),
                Some(2020),
            ),
        ];
        for (t, body, year) in cases {
            let (b, y) = parse_title(gazetteer(), t);
            assert_eq!((b.as_deref(), y), (body, year), "{t}");
        }
    }

    #[test]
    fn place_endings() {
        let g = gazetteer();
        let run = |s: &str| place_ending(g, &s.chars().collect::<Vec<_>>());
        assert_eq!(run("现公布鄂温克旗").as_deref(), Some("鄂温克旗"));
        assert_eq!(run("过互联网黑龙江省").as_deref(), Some("黑龙江省"));
        assert_eq!(run("现将和田地区").as_deref(), Some("和田地区"));
        assert_eq!(run("现将和林格尔县").as_deref(), Some("和林格尔县"));
        assert_eq!(run("做好工作的鄂温克旗").as_deref(), Some("鄂温克旗"));
        assert_eq!(
            run("呼伦贝尔市鄂温克族自治旗").as_deref(),
            Some("鄂温克族自治旗")
        );
        assert_eq!(run("旗"), None);
        assert_eq!(run("全旗"), None);
    }

    #[test]
    fn levels_of_names() {
        let cases = [
            ("鄂温克旗公安局", Some(Level::County), Some("内蒙古自治区")),
            ("固原市公安局", Some(Level::City), Some("宁夏回族自治区")),
            ("某某市城市管理局", Some(Level::County), None),
            ("吉林市公安局", Some(Level::City), Some("吉林省")),
            ("吉林省公安厅", Some(Level::Province), Some("吉林省")),
            ("海南区公安分局", Some(Level::County), None),
            ("海南州公安局", Some(Level::City), Some("青海省")),
            (
                "上海市浦东新区人民政府",
                Some(Level::County),
                Some("上海市"),
            ),
            ("北京市公安局朝阳分局", Some(Level::County), Some("北京市")),
            (
                "牡丹江市公安局东安分局",
                Some(Level::County),
                Some("黑龙江省"),
            ),
            (
                "固原市住房和城乡建设局",
                Some(Level::City),
                Some("宁夏回族自治区"),
            ),
            ("某某县某某镇人民政府", Some(Level::Township), None),
            ("滑县公安局", Some(Level::County), None),
            ("仙桃市公安局", Some(Level::County), Some("湖北省")),
            ("那曲地区公安处", Some(Level::City), Some("西藏自治区")),
            ("国家统计局", Some(Level::National), None),
        ];
        for (name, level, province) in cases {
            let loc = locate(name);
            assert_eq!((loc.level, loc.province), (level, province), "{name}");
        }
    }

    #[test]
    fn published_labels() {
        let lines = |s: &str| s.lines().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            find_published(&lines("来源:某局 发布日期:2022-01-21 18:27:17 点击量:")).as_deref(),
            Some("2022-01-21")
        );
        assert_eq!(
            find_published(&lines("统计时间：2021年1月1日至2021年12月31日")),
            None
        );
        assert_eq!(
            find_published(&lines("作者：某某 日期：2021年3月5日")).as_deref(),
            Some("2021-03-05")
        );
    }
}
