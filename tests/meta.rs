//! Report metadata ([`gongkai::meta`]): reports we wrote in `tests/data/meta/`
//! (title on one line, split over two lines, with spaces, no title; furniture
//! dates; 2019 and 2021 templates; 省/自治区/市/州/县/区/旗/镇 bodies), the five
//! seeds of `../shared/corpus/seeds` when present, the JSON shape, and a
//! property test that extraction never panics.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongkai::Pipeline;
use gongkai::meta::{self, Format, Level, ReportMeta, Source};
use proptest::prelude::*;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new().expect("embedded lexicons load"))
}

fn meta_of_bytes(name: &str, bytes: &[u8]) -> ReportMeta {
    let doc = pipeline().analyze_bytes(name, bytes).expect("decodes");
    let text = gongkai::decode::decode(bytes).expect("decodes").text;
    meta::extract(&doc, &text)
}

fn meta_of_file(path: &Path) -> ReportMeta {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy();
    meta_of_bytes(&name, &bytes)
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/meta")
        .join(name)
}

/// What one report's metadata must be.
struct Expect {
    file: &'static str,
    body: Option<&'static str>,
    body_source: Option<Source>,
    level: Option<Level>,
    province: Option<&'static str>,
    prefecture: Option<&'static str>,
    year: Option<u16>,
    year_source: Option<Source>,
    period: Option<(&'static str, &'static str)>,
    published: Option<&'static str>,
    dated: Option<&'static str>,
    format: Format,
}

const CASES: &[Expect] = &[
    // One-line title under a breadcrumb; 发布时间 furniture; the six headings
    // of the template without its tables.
    Expect {
        file: "city_one_line_title.txt",
        body: Some("遵义市公安局"),
        body_source: Some(Source::Title),
        level: Some(Level::City),
        province: Some("贵州省"),
        prefecture: Some("遵义市"),
        year: Some(2019),
        year_source: Some(Source::Title),
        period: None,
        published: Some("2020-03-15"),
        dated: None,
        format: Format::Template2019,
    },
    // Title split over two lines below a site header; 2021 template tables;
    // Chinese-style publication date; signed date at the end.
    Expect {
        file: "county_split_title_2021.txt",
        body: Some("凤台县"),
        body_source: Some(Source::Title),
        level: Some(Level::County),
        province: None,
        prefecture: None,
        year: Some(2021),
        year_source: Some(Source::Title),
        period: Some(("2021-01-01", "2021-12-31")),
        published: Some("2022-01-20"),
        dated: Some("2022-01-18"),
        format: Format::Template2021,
    },
    // Title with spaces around the year; bare 日期 label; 2019 template tables.
    Expect {
        file: "region_spaced_title_2019.txt",
        body: Some("广西壮族自治区公安厅"),
        body_source: Some(Source::Title),
        level: Some(Level::Province),
        province: Some("广西壮族自治区"),
        prefecture: None,
        year: Some(2019),
        year_source: Some(Source::Title),
        period: None,
        published: Some("2020-02-28"),
        dated: None,
        format: Format::Template2019,
    },
    // No title: the preamble names the body; 旗 ⇒ 内蒙古; a period whose end
    // omits the year.
    Expect {
        file: "banner_no_title.txt",
        body: Some("达尔罕茂明安联合旗公安局"),
        body_source: Some(Source::Preamble),
        level: Some(Level::County),
        province: Some("内蒙古自治区"),
        prefecture: None,
        year: Some(2016),
        year_source: Some(Source::Preamble),
        period: Some(("2016-01-01", "2016-12-31")),
        published: None,
        dated: None,
        format: Format::FreeProse,
    },
    // 州 alias and a Chinese-numeral year; signed date in Chinese numerals.
    Expect {
        file: "prefecture_zhou.txt",
        body: Some("延边州公安局"),
        body_source: Some(Source::Title),
        level: Some(Level::City),
        province: Some("吉林省"),
        prefecture: Some("延边朝鲜族自治州"),
        year: Some(2018),
        year_source: Some(Source::Title),
        period: None,
        published: None,
        dated: Some("2019-01-10"),
        format: Format::FreeProse,
    },
    // No title, no preamble: the body, its province and the year come from
    // the text; a name inside 《》 does not count.
    Expect {
        file: "district_body_from_text.txt",
        body: Some("青秀区人民政府"),
        body_source: Some(Source::Text),
        level: Some(Level::County),
        province: Some("广西壮族自治区"),
        prefecture: Some("南宁市"),
        year: Some(2020),
        year_source: Some(Source::Text),
        period: None,
        published: None,
        dated: None,
        format: Format::FreeProse,
    },
    // A township under a county under an autonomous prefecture.
    Expect {
        file: "township_zhou.txt",
        body: Some("黔东南苗族侗族自治州雷山县西江镇人民政府"),
        body_source: Some(Source::Title),
        level: Some(Level::Township),
        province: Some("贵州省"),
        prefecture: Some("黔东南苗族侗族自治州"),
        year: Some(2017),
        year_source: Some(Source::Title),
        period: None,
        published: None,
        dated: None,
        format: Format::FreeProse,
    },
];

#[test]
fn written_reports() {
    let mut failures = Vec::new();
    for e in CASES {
        let m = meta_of_file(&data(e.file));
        let got = (
            m.body.as_deref(),
            m.body_source,
            m.level,
            m.province.as_deref(),
            m.prefecture.as_deref(),
            m.year,
            m.year_source,
            m.period
                .as_ref()
                .map(|p| (p.start.as_str(), p.end.as_str())),
            m.published.as_deref(),
            m.dated.as_deref(),
            m.format,
        );
        let want = (
            e.body,
            e.body_source,
            e.level,
            e.province,
            e.prefecture,
            e.year,
            e.year_source,
            e.period,
            e.published,
            e.dated,
            e.format,
        );
        if got != want {
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}", e.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn counts_and_encoding() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice("某某县公安局2020年政府信息公开工作年度报告\n一、概述\n全年发布信息10条。\n二、存在的问题\n更新不及时。".as_bytes());
    let m = meta_of_bytes("bom.txt", &bytes);
    assert_eq!(m.encoding, "UTF-8-BOM");
    assert_eq!(m.records, 5);
    assert_eq!(m.sentences, 2);
    assert_eq!(m.chars, m.chars);
    assert!(m.han_chars > 30 && m.han_chars < m.chars);
    assert_eq!(m.body.as_deref(), Some("某某县公安局"));
    assert_eq!(m.level, Some(Level::County));
}

#[test]
fn level_from_self_references_when_no_body() {
    let text = "一、概述\n全县公安机关发布信息10条。\n我县开通政务微博。\n县公安局召开发布会2场。";
    let doc = pipeline().analyze("t.txt", text);
    let m = meta::extract(&doc, text);
    assert_eq!(m.body, None);
    assert_eq!(m.level, Some(Level::County));
    assert_eq!(m.level_source, Some(Source::Text));
}

#[test]
fn notes_flag_odd_dates() {
    let text = "某某市公安局2015年度政府信息公开工作报告\n本年度报告中所列数据的统计期限自2014年1月1日起至2015年12月31日止。\n发布日期：2015-06-01\n一、概述\n开通微博。";
    let doc = pipeline().analyze("t.txt", text);
    let m = meta::extract(&doc, text);
    assert_eq!(m.year, Some(2015));
    assert!(
        m.notes
            .iter()
            .any(|n| n.contains("more than one calendar year")),
        "{:?}",
        m.notes
    );
    assert!(
        m.notes.iter().any(|n| n.contains("before the report year")),
        "{:?}",
        m.notes
    );
}

#[test]
fn json_shape_is_stable() {
    let m = meta_of_file(&data("county_split_title_2021.txt"));
    let line = serde_json::to_string(&m).unwrap();
    let keys = [
        "doc",
        "title",
        "body",
        "body_source",
        "level",
        "level_source",
        "province",
        "province_source",
        "prefecture",
        "prefecture_source",
        "year",
        "year_source",
        "period",
        "published",
        "dated",
        "format",
        "format_cues",
        "encoding",
        "chars",
        "han_chars",
        "records",
        "sentences",
        "notes",
    ];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| {
            line.find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} missing"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(json.as_object().unwrap().len(), keys.len());
    assert_eq!(json["period"]["start"], "2021-01-01");
    assert_eq!(json["format"], "template_2021");
    assert!(json["province"].is_null());
    assert_eq!(json["title"], "凤台县2021年政府信息公开工作年度报告");
}

/// The five seeds: body and year, level, province, publication dates, format.
#[test]
fn seeds() {
    let Some(dir) = common::shared("corpus/seeds") else {
        return;
    };
    type Row = (
        &'static str,
        &'static str,
        u16,
        Level,
        &'static str,
        Option<&'static str>,
        Format,
    );
    let expected: [Row; 5] = [
        (
            "000_",
            "鄂温克旗公安局",
            2018,
            Level::County,
            "内蒙古自治区",
            None,
            Format::FreeProse,
        ),
        (
            "001_",
            "固原市公安局",
            2017,
            Level::City,
            "宁夏回族自治区",
            Some("2018-05-16"),
            Format::FreeProse,
        ),
        (
            "002_",
            "牡丹江市公安局",
            2017,
            Level::City,
            "黑龙江省",
            None,
            Format::FreeProse,
        ),
        (
            "003_",
            "兴安盟公安局",
            2021,
            Level::City,
            "内蒙古自治区",
            Some("2022-01-21"),
            Format::Template2021,
        ),
        (
            "004_",
            "吉林省公安厅",
            2015,
            Level::Province,
            "吉林省",
            None,
            Format::FreeProse,
        ),
    ];
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for (prefix, body, year, level, province, published, format) in expected {
        let Some(path) = files
            .iter()
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        else {
            failures.push(format!("{prefix}: seed missing"));
            continue;
        };
        let m = meta_of_file(path);
        println!("{}", serde_json::to_string(&m).unwrap());
        let got = (
            m.body.as_deref(),
            m.year,
            m.level,
            m.province.as_deref(),
            m.published.as_deref(),
            m.format,
        );
        let want = (
            Some(body),
            Some(year),
            Some(level),
            Some(province),
            published,
            format,
        );
        if got != want {
            failures.push(format!("{prefix}:\n  got  {got:?}\n  want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Pieces of report text; documents are random sequences of them.
const VOCAB: &[&str] = &[
    "某某市公安局",
    "鄂温克旗",
    "兴安盟",
    "吉林省",
    "公安厅",
    "人民政府",
    "2017",
    "2021年",
    "二〇二一年",
    "年度报告",
    "政府信息公开工作",
    "工作报告",
    "发布日期:",
    "日期：",
    "2022-01-21",
    "1月1日",
    "12月31日止",
    "统计期限",
    "至",
    "现将",
    "现公布",
    "予以公布",
    "《",
    "》",
    "一、总体情况",
    "三、收到和处理政府信息公开申请情况",
    "本年制发件数",
    "本年新制作数量",
    "全县",
    "我市",
    "。",
    "，",
    "\n",
    "\n\n",
    " ",
    "　",
    "年",
    "月",
    "日",
    "十",
    "〇",
    "-",
    "/",
    ":",
    "自治",
    "族",
    "区",
    "县",
    "市",
    "旗",
    "州",
    "镇",
    "分局",
    "海南",
    "吉林市",
    "延边州",
    "😀",
    "e\u{301}",
    "\u{200b}",
];

fn doc_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(VOCAB), 0..60).prop_map(|v| v.concat()),
        any::<String>(),
        "[\\PC\n]{0,200}",
    ]
}

proptest! {
    #[test]
    fn extract_never_panics(text in doc_strategy()) {
        let doc = pipeline().analyze("p.txt", &text);
        let m = meta::extract(&doc, &text);
        prop_assert_eq!(m.chars, doc.chars);
        prop_assert_eq!(m.records, doc.sentences.len());
        prop_assert!(m.sentences <= m.records);
        if let Some(p) = &m.period {
            prop_assert_eq!(p.start.len(), 10);
            prop_assert_eq!(p.end.len(), 10);
        }
        if let Some(b) = &m.body {
            prop_assert!(!b.is_empty());
            prop_assert!(m.body_source.is_some());
        }
        prop_assert_eq!(m.year.is_some(), m.year_source.is_some());
        let _ = meta::locate(&text);
        let _ = serde_json::to_string(&m).unwrap();
    }
}
