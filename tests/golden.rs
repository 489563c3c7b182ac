//! Golden snapshots: whole JSON Lines outputs for small reports we wrote.
//!
//! Each document `tests/data/<name>.txt` is analysed with the embedded
//! lexicons and written with [`gongkai::output::write_jsonl`]; the result must
//! equal `tests/golden/<name>.jsonl` byte for byte.
//!
//! After an intended change of the engine or the lexicons, regenerate with
//!
//! ```text
//! GONGKAI_UPDATE_GOLDEN=1 cargo test --test golden
//! ```
//!
//! and review the diff record by record against ../shared/ANNOTATION.md before
//! committing it: a golden file pins what the engine does, not what is right.
//!
//! The documents:
//! - `prose_broken_line`: a free-prose report (title, preamble, four sections,
//!   一是/二是 items, a mixed 问题及改进措施 section) with a sentence broken in
//!   the middle across a blank line, as PDF extraction leaves it.
//! - `template_tables`: a post-2019 template report with a statistical table
//!   flattened one cell per line with blank lines between cells, a `|`-row table
//!   and the six mandated sections.
//! - `web_furniture`: a report scraped with its web page: breadcrumbs, 来源,
//!   打印, 网站地图, 主办, 地址, ICP备 lines, and half-width punctuation
//!   (`,` `:` `;` `(一)`) inside the Chinese text.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gongkai::Pipeline;

const DOCUMENTS: [&str; 3] = ["prose_broken_line", "template_tables", "web_furniture"];

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new().expect("embedded lexicons load"))
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn render(name: &str) -> String {
    let file = format!("{name}.txt");
    let bytes = std::fs::read(tests_dir().join("data").join(&file)).unwrap();
    let doc = pipeline()
        .analyze_bytes(&file, &bytes)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut out = Vec::new();
    gongkai::output::write_jsonl(&mut out, &doc).unwrap();
    String::from_utf8(out).expect("JSON Lines output is UTF-8")
}

fn check(name: &str) {
    let got = render(name);
    let path = tests_dir().join("golden").join(format!("{name}.jsonl"));
    if std::env::var_os("GONGKAI_UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        eprintln!("golden: wrote {}", path.display());
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with GONGKAI_UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if got == want {
        return;
    }
    // Name the first record that differs, with both versions, so the failure
    // can be read without a diff tool.
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let i = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    panic!(
        "{name}: output differs from {} at record {} ({} records now, {} in the golden file)\n\
         now:    {}\ngolden: {}\n\
         If the change is intended, regenerate with GONGKAI_UPDATE_GOLDEN=1 and review the diff.",
        path.display(),
        i + 1,
        g.len(),
        w.len(),
        g.get(i).unwrap_or(&"<none>"),
        w.get(i).unwrap_or(&"<none>"),
    );
}

#[test]
fn golden_prose_broken_line() {
    check("prose_broken_line");
}

#[test]
fn golden_template_tables() {
    check("template_tables");
}

#[test]
fn golden_web_furniture() {
    check("web_furniture");
}

/// The snapshots hold whatever the engine does; these are the properties of
/// the documents that hold regardless, so a regenerated golden file cannot
/// silently lose them.
#[test]
fn golden_documents_keep_their_structure() {
    for name in DOCUMENTS {
        let file = format!("{name}.txt");
        let text = std::fs::read_to_string(tests_dir().join("data").join(&file)).unwrap();
        let doc = pipeline().analyze(&file, &text);
        let chars: Vec<char> = text.chars().collect();
        for s in &doc.sentences {
            assert_eq!(
                s.text,
                chars[s.start..s.end].iter().collect::<String>(),
                "{file}: {s:?}"
            );
        }
        let find = |needle: &str| {
            doc.sentences
                .iter()
                .find(|s| s.text.contains(needle))
                .unwrap_or_else(|| panic!("{file}: no record contains {needle:?}"))
        };
        match name {
            "prose_broken_line" => {
                // The sentence broken across a blank line is one record.
                let s = find("在逃人员");
                assert!(
                    s.text.starts_with("市局还通过") && s.text.ends_with("12起。"),
                    "{s:?}"
                );
                assert!(s.text.contains("在逃人员\n\n悬赏通告"), "{s:?}");
                assert_eq!(
                    find("某市公安局2018年政府信息公开工作年度报告").role,
                    gongkai::Role::Heading
                );
                assert_eq!(find("统计期限").role, gongkai::Role::Meta);
            }
            "template_tables" => {
                let tables: Vec<_> = doc
                    .sentences
                    .iter()
                    .filter(|s| s.role == gongkai::Role::Table)
                    .collect();
                assert_eq!(tables.len(), 2, "{tables:#?}");
                assert!(
                    tables[0].text.starts_with("第二十条第（一）项")
                        && tables[0].text.ends_with("1,204")
                );
                assert!(
                    tables[1].text.starts_with("| 本年度办理结果")
                        && tables[1].text.ends_with("| 1 |")
                );
                assert_eq!(
                    tables[1].section[..],
                    ["三、收到和处理政府信息公开申请情况"]
                );
            }
            "web_furniture" => {
                for furniture in [
                    "首页 >",
                    "来源:",
                    "打印",
                    "网站地图",
                    "主办:",
                    "地址:",
                    "ICP备",
                ] {
                    let s = find(furniture);
                    assert_eq!(s.role, gongkai::Role::Meta, "{s:?}");
                    assert!(s.matches.is_empty(), "page furniture is not matched: {s:?}");
                }
                let s = find("(一)完善工作机构");
                assert_eq!(
                    (s.text.as_str(), s.role),
                    ("(一)完善工作机构,明确专人负责。", gongkai::Role::Heading)
                );
            }
            _ => unreachable!(),
        }
    }
}

/// A hand coding of one record: document, a fragment of its text, role,
/// channels, issues.
type Coding = (
    &'static str,
    &'static str,
    gongkai::Role,
    &'static [&'static str],
    &'static [&'static str],
);

/// Records of the golden documents that are easy to get wrong, with what a
/// careful coder assigns under ../shared/ANNOTATION.md (hand-coded; lexicon
/// order). The golden files pin the whole output; this test states what is
/// right for these records, so a regenerated golden file cannot quietly
/// accept a wrong one.
#[test]
fn golden_documents_match_hand_coding() {
    use gongkai::Role::{Plan, Work};
    let table: &[Coding] = &[
        // 交通安全 is one jieba word (a term of its own, so traffic is
        // counted); 专栏 on TV and in a newspaper is not a website.
        (
            "prose_broken_line",
            "全年召开新闻发布会5场",
            Work,
            &["press_conference", "print_broadcast"],
            &["traffic", "public_order", "fraud"],
        ),
        // 交通管制 is one jieba word (a term of its own: traffic). Counts of
        // information released (公开信息215条) report proactive disclosure.
        (
            "template_tables",
            "通过县政府门户网站公开信息215条",
            Work,
            &["website", "weibo", "wechat"],
            &["traffic", "public_order", "fraud", "proactive_disclosure"],
        ),
        // A plan announced after 针对上述问题， in a mixed 问题及改进情况 section.
        (
            "template_tables",
            "针对上述问题，我局将加强政策解读工作",
            Plan,
            &["new_media_other"],
            &["policy_interpretation"],
        ),
        // 交通管制 again; 发布警务信息430条 is proactive disclosure.
        (
            "web_furniture",
            "依托“某区警网”发布警务信息430条",
            Work,
            &["website", "weibo", "new_media_other"],
            &["traffic", "proactive_disclosure", "public_concern"],
        ),
        // 专栏 in newspapers and on radio is not a website.
        (
            "web_furniture",
            "通过报纸、电台开设专版专栏",
            Plan,
            &["print_broadcast"],
            &["fraud", "drugs"],
        ),
        // 网上申请/网上预约 of services is not a disclosure request; 网上办事大厅
        // is online services (licensing_services) as well as a website.
        (
            "web_furniture",
            "二是完善网上办事大厅功能",
            Plan,
            &["website"],
            &["licensing_services"],
        ),
    ];
    let mut wrong = Vec::new();
    for &(name, fragment, role, channels, issues) in table {
        let file = format!("{name}.txt");
        let text = std::fs::read_to_string(tests_dir().join("data").join(&file)).unwrap();
        let doc = pipeline().analyze(&file, &text);
        let s = doc
            .sentences
            .iter()
            .find(|s| s.text.contains(fragment))
            .unwrap();
        let got = (s.role, s.channels.clone(), s.issues.clone());
        let want = (
            role,
            channels.iter().map(|c| c.to_string()).collect(),
            issues.iter().map(|c| c.to_string()).collect(),
        );
        if got != want {
            wrong.push(format!(
                "{file} sid {}: {}\n  want {want:?}\n  got  {got:?}",
                s.sid, s.text
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} records differ from the hand coding:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A numbered heading line that carries content (（三）平台建设情况。一是…) and
/// is wrapped in the middle of a sentence must join the next line, as plain
/// prose lines do: the sentence is one record, not two.
#[test]
fn content_on_a_heading_line_joins_its_wrapped_continuation() {
    let text = "一、工作情况\n（三）平台建设情况。一是完善栏目设置，新增办事指南专栏。二是在服务大厅设置公开栏，方便群众就近查阅办事\n指南。\n";
    let doc = pipeline().analyze("wrapped.txt", text);
    let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "一、工作情况",
            "（三）平台建设情况。",
            "一是完善栏目设置，新增办事指南专栏。",
            "二是在服务大厅设置公开栏，方便群众就近查阅办事\n指南。",
        ]
    );
    assert_eq!(doc.sentences[3].issues, ["licensing_services"]);
}
