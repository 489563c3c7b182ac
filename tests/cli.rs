//! Tests of the `gongkai` command: the real binary, run in temporary
//! directories, checked against the output contract (README, "Output").

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn gongkai() -> Command {
    Command::cargo_bin("gongkai").expect("the gongkai binary is built for integration tests")
}

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join("sample_report.txt")
}

/// A short free-prose report of our own, with work, problem and plan sections.
const SMALL_REPORT: &str = "某市公安局2020年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》规定，现公布某市公安局2020年政府信息公开工作年度报告。
一、概述
2020年，某市公安局通过政务微博发布信息120条，召开新闻发布会3场。
二、存在的问题
部分单位网站更新不及时。
三、下一步工作打算
继续加强微信公众号建设。
";

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, contents).unwrap();
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "command failed: {cmd:?}\nstderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

fn records(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap_or_else(|| panic!("not a string: {x}")))
        .collect()
}

fn num(v: &Value) -> usize {
    v.as_u64()
        .unwrap_or_else(|| panic!("not a non-negative integer: {v}")) as usize
}

/// Checks every record of one document against the output contract.
fn check_records(recs: &[&Value], doc_text: &str, doc_name: &str) {
    let chars: Vec<char> = doc_text
        .strip_prefix('\u{feff}')
        .unwrap_or(doc_text)
        .chars()
        .collect();
    assert!(!recs.is_empty(), "{doc_name}: no records");
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["doc"], doc_name);
        assert_eq!(num(&r["sid"]), i + 1, "sids are 1..n: {r}");
        let (start, end) = (num(&r["start"]), num(&r["end"]));
        assert!(start < end && end <= chars.len(), "bad span: {r}");
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(
            r["text"].as_str().unwrap(),
            slice,
            "text is not the document's chars[start..end]"
        );
        strs(&r["section"]);
        let role = r["role"].as_str().unwrap();
        assert!(
            ["meta", "heading", "work", "problem", "plan", "table"].contains(&role),
            "role {role}"
        );
        let matches = r["matches"].as_array().unwrap();
        for m in matches {
            let (ms, me) = (num(&m["start"]), num(&m["end"]));
            assert!(
                start <= ms && ms <= me && me <= end,
                "match outside its record: {m} in {r}"
            );
            assert!(
                m["term"].is_string() && m["tag"].is_string() && m["rule"].is_string(),
                "{m}"
            );
            assert!(m["counted"].is_boolean(), "{m}");
        }
        for id in strs(&r["channels"]).into_iter().chain(strs(&r["issues"])) {
            assert!(
                matches
                    .iter()
                    .any(|m| m["counted"] == true && m["tag"] == id),
                "{id} is not explained by a counted match: {r}"
            );
        }
    }
}

#[test]
fn tag_sample_report_meets_the_contract() {
    let path = sample_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let out = stdout_of(gongkai().arg("tag").arg(&path));
    let recs = records(&out);
    let all: Vec<&Value> = recs.iter().collect();
    check_records(&all, &text, "sample_report.txt");
    let has_role = |role: &str| recs.iter().any(|r| r["role"] == role);
    for role in ["meta", "heading", "work", "problem", "plan", "table"] {
        assert!(has_role(role), "no {role} record in the sample report");
    }
    assert!(
        recs.iter().any(|r| strs(&r["channels"]).contains(&"weibo")),
        "no weibo record"
    );
    // Section paths: work records sit under a heading, and a heading is the
    // last entry of its own section path.
    assert!(
        recs.iter()
            .any(|r| r["role"] == "work" && !strs(&r["section"]).is_empty())
    );
    for r in recs
        .iter()
        .filter(|r| r["role"] == "heading" && !strs(&r["section"]).is_empty())
    {
        assert_eq!(
            strs(&r["section"]).last().copied(),
            r["text"].as_str(),
            "{r}"
        );
    }
}

#[test]
fn output_file_has_the_same_bytes_as_stdout() {
    let dir = tempdir();
    let out_file = dir.path().join("out.jsonl");
    let stdout = gongkai().arg("tag").arg(sample_path()).output().unwrap();
    assert_eq!(stdout.status.code(), Some(0));
    gongkai()
        .arg("tag")
        .arg(sample_path())
        .arg("-o")
        .arg(&out_file)
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(std::fs::read(&out_file).unwrap(), stdout.stdout);
    // The temporary file used for the atomic write is gone.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["out.jsonl"]);
}

#[test]
fn dash_reads_standard_input() {
    let dir = tempdir();
    let file = dir.path().join("small.txt");
    write(&file, SMALL_REPORT);
    let from_stdin = records(&stdout_of(
        gongkai().args(["tag", "-"]).write_stdin(SMALL_REPORT),
    ));
    let from_file = records(&stdout_of(gongkai().arg("tag").arg(&file)));
    assert_eq!(from_stdin.len(), from_file.len());
    let all: Vec<&Value> = from_stdin.iter().collect();
    check_records(&all, SMALL_REPORT, "-");
    for (mut a, mut b) in from_stdin.into_iter().zip(from_file) {
        a["doc"] = Value::Null;
        b["doc"] = Value::Null;
        assert_eq!(a, b);
    }
}

#[test]
fn directory_is_walked_sorted_with_relative_names_and_hidden_files_skipped() {
    let dir = tempdir();
    let root = dir.path().join("reports");
    // Written out of order on purpose.
    write(&root.join("z.txt"), "某县公安局通过门户网站公开信息12条。");
    write(&root.join("sub").join("c.txt"), "某县公安局开通政务微博。");
    write(&root.join("b.txt"), "某县公安局召开新闻发布会2场。");
    write(&root.join("a.txt"), "某县公安局在服务大厅设置公开栏。");
    write(&root.join(".hidden.txt"), "隐藏文件不应被读取。");
    write(
        &root.join("sub").join(".also-hidden.txt"),
        "隐藏文件不应被读取。",
    );
    write(
        &root.join(".git").join("d.txt"),
        "隐藏目录中的文件不应被读取。",
    );
    let recs = records(&stdout_of(gongkai().arg("tag").arg(&root)));
    let mut docs: Vec<&str> = recs.iter().map(|r| r["doc"].as_str().unwrap()).collect();
    docs.dedup();
    assert_eq!(docs, ["a.txt", "b.txt", "sub/c.txt", "z.txt"]);
    assert!(
        recs.iter()
            .all(|r| !r["text"].as_str().unwrap().contains("隐藏"))
    );
}

#[test]
fn unreadable_inputs_are_skipped_each_named_once_and_the_rest_is_complete() {
    let dir = tempdir();
    let good = dir.path().join("good.txt");
    let bad_utf8 = dir.path().join("bad_utf8.txt");
    let empty = dir.path().join("empty.txt");
    let binary = dir.path().join("binary.txt");
    let missing = dir.path().join("missing.txt");
    write(&good, SMALL_REPORT);
    // UTF-8 cut inside a character, then more text: neither UTF-8 nor any
    // other supported encoding (GBK bytes alone would now be read as GB18030).
    let mut damaged = "政府信息公开".as_bytes()[..17].to_vec();
    damaged.extend_from_slice(b"\xff 2020\n");
    write(&bad_utf8, &damaged);
    write(&empty, b"");
    write(&binary, b"\x00\x01\x02\x00PK\x03\x04");
    let alone = stdout_of(gongkai().arg("tag").arg(&good));

    let out = gongkai()
        .arg("tag")
        .args([&bad_utf8, &empty, &good, &binary, &missing])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        alone,
        "the good file's records are complete"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "one line per skipped input:\n{stderr}");
    for bad in [&bad_utf8, &empty, &binary, &missing] {
        let name = bad.file_name().unwrap().to_str().unwrap();
        let naming: Vec<&&str> = lines.iter().filter(|l| l.contains(name)).collect();
        assert_eq!(
            naming.len(),
            1,
            "{name} is named on exactly one line:\n{stderr}"
        );
        assert!(
            naming[0].len() > name.len() + 10,
            "the line gives a reason: {}",
            naming[0]
        );
    }
    assert!(!stderr.contains("good.txt"), "{stderr}");

    // The same inputs found by walking a directory.
    let out = gongkai().arg("tag").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        alone,
        "walked: the good file keeps its name (relative to the directory) and all its records"
    );
    assert_eq!(String::from_utf8(out.stderr).unwrap().lines().count(), 3);

    // Summary skips them the same way.
    let out = gongkai()
        .arg("summary")
        .args([&bad_utf8, &good, &empty])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        2,
        "header and one row"
    );
}

#[test]
fn summary_has_the_header_and_one_plausible_row_per_document() {
    let dir = tempdir();
    let small = dir.path().join("small.txt");
    write(&small, SMALL_REPORT);
    let out = stdout_of(gongkai().arg("summary").arg(sample_path()).arg(&small));
    let lex = gongkai::Lexicons::embedded().unwrap();

    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert!(
        header
            .join(",")
            .starts_with("doc,sentences,meta,heading,work,problem,plan,table,"),
        "{header:?}"
    );
    let mut want: Vec<String> = [
        "doc",
        "sentences",
        "meta",
        "heading",
        "work",
        "problem",
        "plan",
        "table",
    ]
    .map(String::from)
    .to_vec();
    for id in lex.channels.ids() {
        want.push(format!("channel_{id}_work"));
        want.push(format!("channel_{id}_plan"));
    }
    for id in lex.issues.ids() {
        want.push(format!("issue_{id}_work"));
        want.push(format!("issue_{id}_plan"));
    }
    for m in ["body", "level", "province", "year", "published", "format"] {
        want.push(m.into());
    }
    for c in gongkai::output::CHECK_IDS {
        want.push(format!("check_{c}"));
    }
    want.push("gongkai_version".into());
    want.push("lexicon_hash".into());
    // The column groups in order; metadata and table figures have more columns.
    let mut at = 0;
    for w in &want {
        let found = header[at..].iter().position(|h| h == w);
        assert!(
            found.is_some(),
            "column {w} missing or out of order in {header:?}"
        );
        at += found.unwrap() + 1;
    }
    // The columns of issue 2 come first, unchanged.
    let fixed = 8 + 2 * (lex.channels.ids().count() + lex.issues.ids().count());
    assert_eq!(header[..fixed], want[..fixed]);
    assert!(header.contains(&"channel_weibo_work".to_string()));

    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let col = |row: &csv::StringRecord, name: &str| -> String {
        row[header.iter().position(|h| h == name).unwrap()].to_string()
    };
    for (row, path, name) in [
        (&rows[0], sample_path(), "sample_report.txt"),
        (&rows[1], small.clone(), "small.txt"),
    ] {
        assert_eq!(col(row, "doc"), name);
        assert_eq!(col(row, "gongkai_version"), gongkai::VERSION);
        assert_eq!(col(row, "lexicon_hash"), lex.hash());
        // The counts agree with the records `tag` writes for the same file.
        let recs = records(&stdout_of(gongkai().arg("tag").arg(&path)));
        let n = |name: &str| -> usize { col(row, name).parse().unwrap() };
        assert_eq!(n("sentences"), recs.len());
        let roles = ["meta", "heading", "work", "problem", "plan", "table"];
        assert_eq!(roles.iter().map(|r| n(r)).sum::<usize>(), recs.len());
        for role in roles {
            assert_eq!(
                n(role),
                recs.iter().filter(|r| r["role"] == role).count(),
                "{name} {role}"
            );
        }
        for (prefix, field, family) in [
            ("channel", "channels", &lex.channels),
            ("issue", "issues", &lex.issues),
        ] {
            for id in family.ids() {
                for role in ["work", "plan"] {
                    let want = recs
                        .iter()
                        .filter(|r| r["role"] == role && strs(&r[field]).contains(&id))
                        .count();
                    assert_eq!(
                        n(&format!("{prefix}_{id}_{role}")),
                        want,
                        "{name} {prefix}_{id}_{role}"
                    );
                }
            }
        }
    }
    // Plausible counts for the small report we wrote.
    let n = |name: &str| -> usize { col(&rows[1], name).parse().unwrap() };
    assert_eq!(n("heading"), 4, "title and three section headings");
    assert_eq!(n("meta"), 1);
    assert_eq!((n("work"), n("problem"), n("plan")), (1, 1, 1));
    assert_eq!(n("channel_weibo_work"), 1);
    assert_eq!(n("channel_press_conference_work"), 1);
    assert_eq!(n("channel_wechat_plan"), 1);
    assert_eq!(n("channel_weibo_plan"), 0);
    let s = |name: &str| -> usize { col(&rows[0], name).parse().unwrap() };
    assert!(s("sentences") >= 20 && s("table") >= 1 && s("problem") >= 1 && s("plan") >= 1);
}

/// Gold for SMALL_REPORT, coded by hand under ../shared/ANNOTATION.md.
const SMALL_GOLD: &str = r#"{"doc":"small.txt","text":"一、概述","role":"heading","channels":[],"issues":[],"specific":null,"quantities":[]}
{"doc":"small.txt","text":"2020年，某市公安局通过政务微博发布信息120条，召开新闻发布会3场。","role":"work","channels":["weibo","press_conference"],"issues":[],"specific":true,"quantities":[{"value":120,"unit":"条","approx":false,"channel":"weibo","what":"posts"},{"value":3,"unit":"场","approx":false,"channel":"press_conference","what":"press conferences"}]}
{"doc":"small.txt","text":"二、存在的问题","role":"heading","channels":[],"issues":[],"specific":null,"quantities":[]}
{"doc":"small.txt","text":"部分单位网站更新不及时。","role":"problem","channels":["website"],"issues":[],"specific":false,"quantities":[]}
{"doc":"small.txt","text":"三、下一步工作打算","role":"heading","channels":[],"issues":[],"specific":null,"quantities":[]}
{"doc":"small.txt","text":"继续加强微信公众号建设。","role":"plan","channels":["wechat"],"issues":[],"specific":false,"quantities":[]}
"#;

#[test]
fn eval_reports_scores_and_enforces_floors() {
    let dir = tempdir();
    let docs = dir.path().join("docs");
    write(&docs.join("small.txt"), SMALL_REPORT);
    let gold = dir.path().join("gold.jsonl");
    write(&gold, SMALL_GOLD);
    let eval = || {
        let mut c = gongkai();
        c.arg("eval")
            .arg("--gold")
            .arg(&gold)
            .arg("--docs")
            .arg(&docs);
        c
    };

    let report: Value = serde_json::from_str(&stdout_of(eval().arg("--json"))).unwrap();
    assert_eq!(report["gold_sentences"], 6);
    assert_eq!(report["aligned"], 6);
    assert!(report["role_accuracy"].is_f64(), "{report}");
    assert!(report["channels"]["micro"]["f1"].is_f64(), "{report}");
    assert_eq!(report["role_accuracy"], 1.0, "{report:#}");
    assert_eq!(report["channels"]["micro"]["f1"], 1.0, "{report:#}");
    assert_eq!(report["channels"]["micro"]["tp"], 4);
    let weibo = report["channels"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "weibo")
        .unwrap();
    assert_eq!(
        (weibo["tp"].as_u64(), weibo["support"].as_u64()),
        (Some(1), Some(1))
    );

    // The plain-text report, and floors that are met.
    let text = stdout_of(eval().args([
        "--min-channels-f1",
        "0.5",
        "--min-issues-f1",
        "0",
        "--min-role-accuracy",
        "0.9",
    ]));
    assert!(text.contains("role accuracy"), "{text}");

    // A floor above 1 cannot be met: exit 3, named on stderr.
    let out = eval().args(["--min-channels-f1", "1.01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("channels micro-F1"));
    let out = eval()
        .args(["--min-role-accuracy", "1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn eval_counts_a_wrong_label_as_a_disagreement() {
    let dir = tempdir();
    let docs = dir.path().join("docs");
    write(&docs.join("small.txt"), SMALL_REPORT);
    let gold = dir.path().join("gold.jsonl");
    // The gold says website where the text names the Weibo account: one false
    // positive (weibo) and one false negative (website).
    write(
        &gold,
        r#"{"doc":"small.txt","text":"2020年，某市公安局通过政务微博发布信息120条，召开新闻发布会3场。","role":"problem","channels":["website","press_conference"],"issues":[]}"#,
    );
    let out = gongkai()
        .arg("eval")
        .arg("--gold")
        .arg(&gold)
        .arg("--docs")
        .arg(&docs)
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["role_accuracy"], 0.0);
    let micro = &report["channels"]["micro"];
    assert_eq!(
        (
            micro["tp"].as_u64(),
            micro["fp"].as_u64(),
            micro["fn_"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(report["disagreements"].as_array().unwrap().len(), 1);
}

#[test]
fn exported_lexicons_can_be_edited_and_passed_back() {
    let dir = tempdir();
    let lex = dir.path().join("lex");
    gongkai()
        .args(["lexicons", "export"])
        .arg(&lex)
        .assert()
        .code(0);
    for name in gongkai::lexicon::FILES {
        assert!(lex.join(name).is_file(), "{name} exported");
    }
    let doc = dir.path().join("d.txt");
    write(
        &doc,
        "一、主动公开情况\n今年通过警务直通车发布交通管制信息36条。\n",
    );
    let sentence = |recs: &[Value]| -> Value {
        recs.iter()
            .find(|r| r["text"].as_str().unwrap().contains("警务直通车"))
            .unwrap()
            .clone()
    };

    let embedded = stdout_of(gongkai().arg("tag").arg(&doc));
    let exported = stdout_of(gongkai().arg("--lexicons").arg(&lex).arg("tag").arg(&doc));
    assert_eq!(
        embedded, exported,
        "the exported files are the embedded lexicons"
    );
    let before = sentence(&records(&embedded));
    assert!(!strs(&before["channels"]).contains(&"website"), "{before}");

    // Add 警务直通车 to the `website` entry.
    let path = lex.join("channels.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let entry = toml.find("id = \"website\"").expect("a website entry");
    let terms = entry + toml[entry..].find("terms = [").expect("its terms") + "terms = [".len();
    let edited = format!("{}\"警务直通车\", {}", &toml[..terms], &toml[terms..]);
    write(&path, edited);

    let after = sentence(&records(&stdout_of(
        gongkai().arg("tag").arg(&doc).arg("--lexicons").arg(&lex),
    )));
    assert!(strs(&after["channels"]).contains(&"website"), "{after}");
    assert!(
        after["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["term"] == "警务直通车" && m["tag"] == "website"),
        "{after}"
    );
    assert_eq!(after["issues"], before["issues"]);

    // The provenance hash names the edited lexicons.
    let info: Value = serde_json::from_str(&stdout_of(
        gongkai().args(["lexicons", "info", "--lexicons"]).arg(&lex),
    ))
    .unwrap();
    assert_eq!(info["gongkai_version"], gongkai::VERSION);
    assert_ne!(
        info["lexicon_hash"],
        gongkai::Lexicons::embedded().unwrap().hash()
    );
    let prov = dir.path().join("prov.json");
    gongkai()
        .arg("--lexicons")
        .arg(&lex)
        .arg("tag")
        .arg(&doc)
        .arg("--provenance")
        .arg(&prov)
        .assert()
        .code(0);
    let prov: Value = serde_json::from_slice(&std::fs::read(&prov).unwrap()).unwrap();
    assert_eq!(prov["lexicon_hash"], info["lexicon_hash"]);
}

#[test]
fn broken_lexicons_are_a_usage_error_naming_the_file() {
    let dir = tempdir();
    let doc = dir.path().join("d.txt");
    write(&doc, SMALL_REPORT);
    let cases: [(&str, &str, Option<&str>); 3] = [
        (
            "channels.toml",
            "channels.toml",
            Some("[[entry]]\nid = \"website\"\nname = \n"),
        ),
        (
            "issues.toml",
            "issues.toml",
            Some("[[entry]]\nid = \"Not Snake\"\nname = \"x\"\nterms = [\"治安\"]\n"),
        ),
        ("roles.toml", "roles.toml", None),
    ];
    for (i, (file, named, contents)) in cases.into_iter().enumerate() {
        let lex = dir.path().join(format!("lex{i}"));
        gongkai()
            .args(["lexicons", "export"])
            .arg(&lex)
            .assert()
            .code(0);
        match contents {
            Some(c) => write(&lex.join(file), c),
            None => std::fs::remove_file(lex.join(file)).unwrap(),
        }
        let out = gongkai()
            .arg("--lexicons")
            .arg(&lex)
            .arg("tag")
            .arg(&doc)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(out.stdout.is_empty(), "{file}: nothing written to stdout");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(named), "{file}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &[],
        &["tag"],
        &["frobnicate"],
        &["tag", "--no-such-flag", "x.txt"],
        &["eval", "--docs", "somewhere"],
        &["summary"],
        &["lexicons"],
        &["lexicons", "export"],
    ];
    for args in cases {
        let out = gongkai().args(*args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "gongkai {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "gongkai {args:?}");
        assert!(!out.stderr.is_empty(), "gongkai {args:?}");
    }
    gongkai().arg("--help").assert().code(0);
    let version = stdout_of(gongkai().arg("--version"));
    assert!(version.contains(gongkai::VERSION), "{version}");
}

/// A file of nothing but non-ASCII whitespace (ideographic spaces, no-break
/// spaces: what a blank page of a Chinese PDF often extracts to) is as empty
/// as a zero-byte file and should be skipped the same way.
#[test]
fn a_file_of_ideographic_spaces_is_an_empty_document() {
    let dir = tempdir();
    let blank = dir.path().join("blank.txt");
    write(&blank, "\u{3000}\u{3000}\n\u{a0}\n");
    let out = gongkai().arg("tag").arg(&blank).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("blank.txt"));
}

/// `meta`, `tables` and the carry-over check across two years of one body.
#[test]
fn tables_and_meta_across_two_years_of_one_body() {
    let dir = tempfile::tempdir().unwrap();
    let y2021 = include_str!("data/tables/2021_lines.txt");
    // The next year's report: 规章 carries over (5 + 1 − 0 = 6), 行政规范性文件
    // does not (48 + 12 − 3 = 57, but the table says 48).
    let y2022 = y2021
        .replace("2021年", "2022年")
        .replace("规章\n1\n0\n5\n", "规章\n1\n0\n6\n");
    assert_ne!(y2021, y2022);
    std::fs::write(dir.path().join("a_2022.txt"), &y2022).unwrap();
    std::fs::write(dir.path().join("b_2021.txt"), y2021).unwrap();

    let meta = records(&stdout_of(gongkai().arg("meta").arg(dir.path())));
    assert_eq!(meta.len(), 2);
    assert_eq!(meta[0]["body"], "某县自然资源局");
    assert_eq!(meta[0]["year"], 2022);
    assert_eq!(meta[1]["year"], 2021);
    assert_eq!(meta[1]["format"], "template_2021");

    let tables = records(&stdout_of(gongkai().arg("tables").arg(dir.path())));
    let check = |rec: &serde_json::Value, id: &str| -> serde_json::Value {
        rec["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no check {id}"))
            .clone()
    };
    let carry = check(&tables[0], "in_force_carryover");
    assert_eq!(carry["status"], "fail");
    assert!(
        carry["detail"]
            .as_str()
            .unwrap()
            .contains("48 (last year) + 12 − 3 = 57 ≠ 48"),
        "{carry}"
    );
    assert_eq!(carry["parts"][0]["status"], "pass");
    // The earlier report has no previous year in this corpus.
    assert_eq!(
        check(&tables[1], "in_force_carryover")["status"],
        "not_applicable"
    );
    assert_eq!(check(&tables[1], "requests_balance")["status"], "pass");
    assert_eq!(check(&tables[1], "text_vs_table")["status"], "pass");

    let out = stdout_of(gongkai().arg("summary").arg(dir.path()));
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col = |row: &csv::StringRecord, name: &str| {
        row[header.iter().position(|h| h == name).unwrap()].to_string()
    };
    assert_eq!(col(&rows[0], "check_in_force_carryover"), "fail");
    assert_eq!(col(&rows[1], "check_in_force_carryover"), "not_applicable");
    assert_eq!(col(&rows[1], "requests_new"), "41");
    assert_eq!(col(&rows[1], "body"), "某县自然资源局");
}
