//! Batch runs at scale: the same bytes for any thread count, `--resume` after
//! an interrupted run, the errors file, CSV and Excel output, file selection,
//! and a 10 MB line. All texts are written here.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use tempfile::TempDir;

fn gongkai() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// A report of our own, different for every `i` (and of varying length, so
/// that threads finish out of order).
fn report(i: usize) -> String {
    let body = format!("青山县第{}局", i + 1);
    let mut s = format!(
        "{body}2020年政府信息公开工作年度报告\n\
         本报告根据《中华人民共和国政府信息公开条例》要求编制。\n\
         一、总体情况\n"
    );
    let lines = [
        "全年通过门户网站主动公开政府信息{}条。",
        "通过“青山{}”政务微博发布信息{}条，微信公众号推送文章{}篇。",
        "召开新闻发布会{}场，在服务大厅设置公开栏{}处。",
        "办理依申请公开{}件，均在法定期限内答复。",
        "开展扫黑除恶宣传{}次，发放反诈骗宣传材料{}份。",
    ];
    for k in 0..(3 + (i * 7) % 40) {
        let line = lines[(i + k) % lines.len()];
        let mut out = String::new();
        let mut parts = line.split("{}");
        out.push_str(parts.next().unwrap());
        for (j, part) in parts.enumerate() {
            out.push_str(&((i + 1) * (k + 2) * (j + 3)).to_string());
            out.push_str(part);
        }
        s.push_str(&out);
        if k % 3 == 2 {
            s.push('\n');
        }
    }
    s.push_str("\n二、存在的问题\n网站栏目更新不够及时。\n三、下一步工作打算\n下一步，我局将继续办好政务微博。\n");
    s
}

/// A folder of 20 reports, and two files that cannot be read.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    for i in 0..20 {
        write(
            &root.join(format!("{:02}/report_{i:02}.txt", i % 4)),
            report(i),
        );
    }
    write(&root.join("01/empty.txt"), b"");
    write(&root.join("02/binary.txt"), b"\x00\x01PK\x03\x04\x00\x00");
    root
}

fn run(cmd: &mut Command) -> (Option<i32>, Vec<u8>, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn output_is_byte_identical_for_one_and_two_threads() {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    for command in [
        &["tag"][..],
        &["tag", "--format", "csv"],
        &["summary"],
        &["meta"],
        &["tables"],
    ] {
        let mut got = Vec::new();
        for threads in ["1", "2", "3"] {
            let (code, stdout, stderr) = run(gongkai()
                .args(["--threads", threads])
                .args(command)
                .arg(&root));
            assert_eq!(code, Some(1), "{command:?}: {stderr}");
            got.push((stdout, stderr));
        }
        assert!(!got[0].0.is_empty());
        for other in &got[1..] {
            assert!(
                other.0 == got[0].0,
                "{command:?}: output differs between thread counts"
            );
            assert_eq!(other.1, got[0].1, "{command:?}: messages differ");
        }
    }
    // Records in input order: documents by path, sids ascending.
    let (_, stdout, _) = run(gongkai().args(["--threads", "2", "tag"]).arg(&root));
    let mut seen: Vec<(String, u64)> = Vec::new();
    for line in String::from_utf8(stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        seen.push((
            v["doc"].as_str().unwrap().into(),
            v["sid"].as_u64().unwrap(),
        ));
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted);
    assert_eq!(seen.iter().filter(|s| s.1 == 1).count(), 20);
}

/// Runs `tag -o` stopped by the test hook after `abort_after` documents, then
/// resumes (stopping again if `again` is given), and compares with an
/// uninterrupted run.
fn interrupted_then_resumed(extra: &[&str], abort_after: &str, again: Option<&str>) {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    let whole = dir.path().join("whole.out");
    let (code, _, stderr) = run(gongkai()
        .args(["--threads", "2", "tag"])
        .args(extra)
        .arg(&root)
        .arg("-o")
        .arg(&whole));
    assert_eq!(code, Some(1), "{stderr}");

    let out = dir.path().join("resumed.out");
    let tag = |resume: bool, abort: Option<&str>| {
        let mut cmd = gongkai();
        cmd.args(["--threads", "2", "tag"])
            .args(extra)
            .arg(&root)
            .arg("-o")
            .arg(&out);
        if resume {
            cmd.arg("--resume");
        }
        if let Some(n) = abort {
            cmd.env("GONGKAI_TEST_ABORT_AFTER", n);
        }
        run(&mut cmd)
    };
    let (code, _, stderr) = tag(false, Some(abort_after));
    assert_eq!(code, Some(99), "the hook stops the run: {stderr}");
    assert!(!out.exists(), "no final file after an interrupted run");
    let tmp = dir.path().join(".resumed.out.gongkai-tmp");
    let partial = std::fs::read(&tmp).unwrap();
    assert!(!partial.is_empty());
    if let Some(n) = again {
        let (code, _, stderr) = tag(true, Some(n));
        assert_eq!(code, Some(99), "{stderr}");
        assert!(!out.exists());
    }
    let (code, _, stderr) = tag(true, None);
    assert_eq!(code, Some(1), "the skipped files still count: {stderr}");
    assert!(stderr.contains("resuming"), "{stderr}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&whole).unwrap(),
        "resumed output equals the uninterrupted one"
    );
    assert!(!tmp.exists() && !dir.path().join(".resumed.out.gongkai-progress").exists());
}

#[test]
fn resume_after_an_interrupted_run_gives_the_same_file() {
    interrupted_then_resumed(&[], "7", None);
}

#[test]
fn resume_twice_interrupted_csv_for_excel_gives_the_same_file() {
    interrupted_then_resumed(&["--excel"], "3", Some("9"));
}

#[test]
fn resume_refuses_other_settings_and_changed_inputs() {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    let out = dir.path().join("out.jsonl");
    let (code, _, _) = run(gongkai()
        .arg("tag")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .env("GONGKAI_TEST_ABORT_AFTER", "5"));
    assert_eq!(code, Some(99));
    let (code, _, stderr) = run(gongkai()
        .args(["tag", "--explain", "--resume"])
        .arg(&root)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("other settings"), "{stderr}");
    std::fs::remove_file(root.join("00/report_00.txt")).unwrap();
    let (code, _, stderr) = run(gongkai()
        .args(["tag", "--resume"])
        .arg(&root)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("00/report_00.txt"), "{stderr}");
    // Without --resume it starts again, and says so.
    let (code, _, stderr) = run(gongkai().arg("tag").arg(&root).arg("-o").arg(&out));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("starting"), "{stderr}");
    assert!(out.exists());
    // Nothing left to resume: a full run.
    let before = std::fs::read(&out).unwrap();
    let (code, _, stderr) = run(gongkai()
        .args(["tag", "--resume"])
        .arg(&root)
        .arg("-o")
        .arg(&out));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("no interrupted run"), "{stderr}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn errors_file_has_a_row_per_skipped_input() {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    let errors = dir.path().join("errors.csv");
    let missing = dir.path().join("missing.txt");
    let (code, stdout, stderr) = run(gongkai()
        .args(["--threads", "2", "tag", "--errors"])
        .arg(&errors)
        .arg(&root)
        .arg(&missing));
    assert_eq!(code, Some(1));
    assert!(!stdout.is_empty());
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    let mut reader = csv::Reader::from_path(&errors).unwrap();
    assert_eq!(reader.headers().unwrap(), vec!["path", "reason"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0][0].ends_with("empty.txt") && rows[0][1].contains("empty"),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[1][0].ends_with("binary.txt") && !rows[1][1].is_empty(),
        "{:?}",
        rows[1]
    );
    assert!(rows[2][0].ends_with("missing.txt"), "{:?}", rows[2]);
    for (row, line) in rows.iter().zip(stderr.lines()) {
        assert!(
            line.contains(&row[0]) && line.contains(&row[1]),
            "{line} vs {row:?}"
        );
    }
    // Nothing skipped: a file with the header only, and exit 0.
    let (code, _, _) = run(gongkai()
        .arg("tag")
        .arg("--errors")
        .arg(&errors)
        .arg(root.join("00")));
    assert_eq!(code, Some(0));
    assert_eq!(std::fs::read_to_string(&errors).unwrap(), "path,reason\n");
}

const BOM: &[u8] = "\u{feff}".as_bytes();

#[test]
fn csv_for_every_command_parses_and_excel_starts_with_the_bom() {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    let jsonl = |command: &str| -> Vec<serde_json::Value> {
        let (_, stdout, _) = run(gongkai().args([command, "--format", "jsonl"]).arg(&root));
        String::from_utf8(stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    for (command, key) in [
        ("tag", "text"),
        ("summary", "sentences"),
        ("meta", "body"),
        ("tables", "value"),
    ] {
        let (code, stdout, stderr) = run(gongkai().args([command, "--format", "csv"]).arg(&root));
        assert_eq!(code, Some(1), "{stderr}");
        assert!(!stdout.starts_with(BOM));
        let mut reader = csv::Reader::from_reader(&stdout[..]);
        let header = reader.headers().unwrap().clone();
        assert_eq!(&header[0], "doc", "{command}");
        assert!(header.iter().any(|h| h == key), "{command}: {header:?}");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(rows.iter().all(|r| r.len() == header.len()));
        if command != "tables" {
            // One row per JSON line, with the same values.
            let objects = jsonl(command);
            assert_eq!(rows.len(), objects.len(), "{command}");
            let col = header.iter().position(|h| h == key).unwrap();
            for (row, object) in rows.iter().zip(&objects) {
                let want = match &object[key] {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    v => v.to_string(),
                };
                assert_eq!(row[col], want, "{command}");
            }
        }
        let out = dir.path().join(format!("{command}.csv"));
        let (code, _, _) = run(gongkai()
            .args([command, "--excel", "-o"])
            .arg(&out)
            .arg(&root));
        assert_eq!(code, Some(1));
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(BOM), "{command}");
        assert_eq!(
            &bytes[BOM.len()..],
            &stdout[..],
            "{command}: the BOM, then the same CSV"
        );
    }
    // The tag CSV: lists joined by `;`, matches as JSON.
    let (_, stdout, _) = run(gongkai()
        .args(["tag", "--format", "csv"])
        .arg(root.join("00/report_00.txt")));
    let mut reader = csv::Reader::from_reader(&stdout[..]);
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let weibo = rows
        .iter()
        .find(|r| r[at("text")].contains("政务微博发布"))
        .unwrap();
    assert_eq!(&weibo[at("channels")], "weibo;wechat");
    assert_eq!(&weibo[at("section")], "一、总体情况");
    let matches: serde_json::Value = serde_json::from_str(&weibo[at("matches")]).unwrap();
    assert!(
        matches
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["tag"] == "weibo")
    );
    // --excel with --format jsonl is a usage error.
    let (code, _, _) = run(gongkai()
        .args(["tag", "--excel", "--format", "jsonl"])
        .arg(&root));
    assert_eq!(code, Some(2));
}

#[test]
fn glob_and_files_from_select_inputs() {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    write(
        &root.join("03/page.html"),
        "<html><body><p>开通政务微博。</p></body></html>",
    );
    let docs = |cmd: &mut Command| -> Vec<String> {
        let (_, stdout, stderr) = run(cmd);
        let mut docs: Vec<String> = String::from_utf8(stdout)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        docs.dedup();
        assert!(!stderr.contains("report_"), "{stderr}");
        docs
    };
    let got = docs(
        gongkai()
            .args([
                "tag",
                "--glob",
                "*/report_0[0-3].txt",
                "--glob",
                "**/*.html",
            ])
            .arg(&root),
    );
    assert_eq!(
        got,
        [
            "00/report_00.txt",
            "01/report_01.txt",
            "02/report_02.txt",
            "03/page.html",
            "03/report_03.txt"
        ]
    );

    let list = dir.path().join("list.txt");
    let a = root.join("01/report_05.txt");
    let b = root.join("00/report_04.txt");
    write(&list, format!("{}\n\n{}\r\n", a.display(), b.display()));
    assert_eq!(
        docs(gongkai().args(["tag", "--files-from"]).arg(&list)),
        ["report_05.txt", "report_04.txt"]
    );
    let mut cmd = gongkai();
    cmd.args(["tag", "--files-from", "-"])
        .stdin(std::fs::File::open(&list).unwrap());
    assert_eq!(docs(&mut cmd), ["report_05.txt", "report_04.txt"]);
    // Both: the paths first, then the list.
    assert_eq!(
        docs(
            gongkai()
                .arg("tag")
                .arg(root.join("02/report_10.txt"))
                .arg("--files-from")
                .arg(&list)
        ),
        ["report_10.txt", "report_05.txt", "report_04.txt"]
    );
    let (code, _, _) = run(gongkai().args(["tag", "--glob", "a{b"]).arg(&root));
    assert_eq!(code, Some(2), "a bad pattern is a usage error");
}

#[cfg(unix)]
#[test]
fn directory_walks_do_not_follow_symlink_loops() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("r");
    write(&root.join("a/report.txt"), report(1));
    std::os::unix::fs::symlink(&root, root.join("a/loop")).unwrap();
    std::os::unix::fs::symlink(root.join("a"), root.join("b")).unwrap();
    let (code, stdout, stderr) = run(gongkai().arg("tag").arg(&root));
    assert_eq!(code, Some(0), "{stderr}");
    let text = String::from_utf8(stdout).unwrap();
    assert!(text.lines().all(|l| l.contains(r#""doc":"a/report.txt""#)));
}

#[test]
fn a_ten_megabyte_line_without_punctuation_is_cut_and_tagged() {
    let dir = TempDir::new().unwrap();
    let unit = "政府信息公开工作年度报告政务微博网站";
    let line = unit.repeat(10 * 1024 * 1024 / unit.len() + 1);
    let big = dir.path().join("big.txt");
    write(&big, &line);
    let out = dir.path().join("big.jsonl");
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "maxrss_kb=%M"])
            .arg(env!("CARGO_BIN_EXE_gongkai"));
        c
    } else {
        gongkai()
    };
    let t = Instant::now();
    let (code, _, stderr) = run(cmd
        .args(["--threads", "2", "tag"])
        .arg(&big)
        .arg("-o")
        .arg(&out));
    let elapsed = t.elapsed();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
    assert!(
        stderr.contains("big.txt") && stderr.contains("cut into records of at most 5000"),
        "a warning names the file: {stderr}"
    );
    if let Some(kb) = stderr.lines().find_map(|l| l.strip_prefix("maxrss_kb=")) {
        let mb = kb.trim().parse::<u64>().unwrap() / 1024;
        assert!(mb < 1024, "peak memory {mb} MB for a 10 MB line");
    }
    let text = std::fs::read_to_string(&out).unwrap();
    let records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let chars = line.chars().count() as u64;
    assert_eq!(records.len() as u64, chars.div_ceil(5000));
    let mut at = 0;
    for r in &records {
        assert_eq!(r["start"].as_u64().unwrap(), at);
        at = r["end"].as_u64().unwrap();
        assert!(at - r["start"].as_u64().unwrap() <= 5000);
    }
    assert_eq!(at, chars);
    assert!(records.iter().any(|r| {
        r["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "weibo")
    }));
}

#[cfg(unix)]
#[test]
fn a_device_as_output_is_written_through_not_replaced() {
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    for command in ["tag", "summary", "meta"] {
        let (code, _, stderr) = run(gongkai().args([command, "-o", "/dev/null"]).arg(&root));
        assert_eq!(code, Some(1), "{command}: {stderr}");
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    let (code, _, _) = run(gongkai()
        .args(["tag", "--resume", "-o", "/dev/null"])
        .arg(&root));
    assert_eq!(code, Some(2));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::io::Read;
    let dir = TempDir::new().unwrap();
    let root = corpus(dir.path());
    let mut child = gongkai()
        .args(["--threads", "2", "tag"])
        .arg(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the reader has gone.
    let out = child.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// Issue 5's mixed folder: every kind of good input is tagged like its UTF-8
/// simplified twin; every bad one is named with its reason; exit code 1.
#[test]
fn a_mixed_folder_is_read_whatever_the_encoding_and_bad_files_are_named() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let twin = "某县公安局2020年政府信息公开工作年度报告\n一、概述\n2020年，通过政务微博发布信息120条，召开新闻发布会3场，在门户网站公开办事指南。\n二、存在的问题\n微信公众号更新不及时。\n";
    let traditional = "某縣公安局2020年政府信息公開工作年度報告\n一、概述\n2020年，通過政務微博發佈信息120條，召開新聞發佈會3場，在門戶網站公開辦事指南。\n二、存在的問題\n微信公眾號更新不及時。\n";
    write(&d.join("a_utf8.txt"), twin);
    write(&d.join("b_gbk.txt"), encoding_rs::GBK.encode(twin).0);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in twin.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    write(&d.join("c_utf16.txt"), utf16);
    let html: String = format!(
        "<html><head><style>p{{color:red}}</style><script>var x = '网站';</script></head><body><nav>首页 | 网站地图</nav>{}</body></html>",
        twin.lines()
            .map(|l| format!("<p>{l}</p>"))
            .collect::<String>()
    );
    write(&d.join("d_page.html"), html);
    write(&d.join("e_traditional.txt"), traditional);
    write(&d.join("f_empty.txt"), "");
    write(&d.join("g_binary.txt"), b"\x00\x01\x02\x00PK\x03\x04");
    let mut damaged = "政府信息公开工作年度报告".as_bytes()[..17].to_vec();
    damaged.extend_from_slice(b"\xff tail\n");
    write(&d.join("h_invalid_utf8.txt"), damaged);
    write(&d.join("i_long_line.txt"), "政务".repeat(5_000_000));

    let (code, out, err) = run(gongkai().args(["-q", "tag"]).arg(d));
    assert_eq!(code, Some(1), "{err}");
    for bad in ["f_empty.txt", "g_binary.txt", "h_invalid_utf8.txt"] {
        assert_eq!(
            err.lines().filter(|l| l.contains(bad)).count(),
            1,
            "{bad} named once: {err}"
        );
    }
    // Channels per document, in record order.
    let mut channels: std::collections::BTreeMap<String, Vec<Vec<String>>> = Default::default();
    for line in String::from_utf8(out).unwrap().lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let ids = r["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        channels
            .entry(r["doc"].as_str().unwrap().to_string())
            .or_default()
            .push(ids);
    }
    let want = &channels["a_utf8.txt"];
    assert!(want.iter().any(|c| c.contains(&"weibo".to_string())));
    for good in [
        "b_gbk.txt",
        "c_utf16.txt",
        "d_page.html",
        "e_traditional.txt",
    ] {
        assert_eq!(&channels[good], want, "{good}");
    }
    assert!(channels.contains_key("i_long_line.txt"));
}
