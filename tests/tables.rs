//! Tests of [`gongkai::tables`]: the mandated tables read from every layout
//! they take in real text, the arithmetic checks, the seed report against its
//! hand-coded gold, and a property test that reading never panics.
//!
//! The data under `tests/data/tables/` is made up: one 2021-template report
//! written five ways (one cell per line; one cell per line with blank lines
//! between, header cells broken over two lines and values indented; one row
//! per line with `|` between cells; an HTML table; one row per line with spaces
//! between cells, as PDF text gives them, one row wrapped over three lines), a
//! 2019-template report, a report whose identities fail, an incomplete one and
//! a free-prose one.

mod common;

use std::path::Path;

use gongkai::tables::{self, Item, Num, ReportTables, Requests, Review, Status, Template};
use proptest::prelude::*;
use serde_json::{Value, json};

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tables")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> ReportTables {
    tables::read(&data(name)).unwrap_or_else(|| panic!("{name}: no tables read"))
}

fn status(t: &ReportTables, id: &str) -> tables::Check {
    tables::checks(t)
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
}

/// True when every key/value of `gold` (except "note") is in `ours`; arrays must
/// have the same length and contained elements. Gives the first difference.
fn contained(gold: &Value, ours: &Value, path: &str) -> Result<(), String> {
    match (gold, ours) {
        (Value::Object(g), Value::Object(o)) => {
            for (k, gv) in g {
                if k == "note" {
                    continue;
                }
                let ov = o.get(k).ok_or_else(|| format!("{path}/{k}: missing"))?;
                contained(gv, ov, &format!("{path}/{k}"))?;
            }
            Ok(())
        }
        (Value::Array(g), Value::Array(o)) => {
            if g.len() != o.len() {
                return Err(format!(
                    "{path}: {} elements, gold has {}",
                    o.len(),
                    g.len()
                ));
            }
            for (i, (gv, ov)) in g.iter().zip(o).enumerate() {
                contained(gv, ov, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(g), Value::Number(o)) if g.as_f64() == o.as_f64() => Ok(()),
        _ if gold == ours => Ok(()),
        _ => Err(format!("{path}: ours {ours}, gold {gold}")),
    }
}

/// The values of the 2021 test report, in the gold's shape (without "doc").
fn expected_2021() -> Value {
    let z = json!([0, 0, 0, 0, 0, 0, 0]);
    json!({
        "template": "2021",
        "二、主动公开政府信息情况": {
            "第二十条第(一)项": {
                "规章": {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 5},
                "行政规范性文件": {"本年制发件数": 12, "本年废止件数": 3, "现行有效件数": 48},
                "cells_found": 6, "cells_expected": 6
            },
            "第二十条第(五)项": {"行政许可": {"本年处理决定数量": 1532}},
            "第二十条第(六)项": {
                "行政处罚": {"本年处理决定数量": 86},
                "行政强制": {"本年处理决定数量": 7}
            },
            "第二十条第(八)项": {"行政事业性收费": {"本年收费金额(单位:万元)": 245.38}}
        },
        "三、收到和处理政府信息公开申请情况": {
            "columns": ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
            "rows": {
                "一、本年新收政府信息公开申请数量": [31, 6, 1, 0, 2, 1, 41],
                "二、上年结转政府信息公开申请数量": [3, 1, 0, 0, 0, 0, 4],
                "三、本年度办理结果/(一)予以公开": [14, 3, 1, 0, 1, 0, 19],
                "三、本年度办理结果/(二)部分公开(区分处理的,只计这一情形,不计其他情形)": [4, 1, 0, 0, 0, 0, 5],
                "三、本年度办理结果/(三)不予公开/1.属于国家秘密": [1, 0, 0, 0, 0, 0, 1],
                "三、本年度办理结果/(三)不予公开/2.其他法律行政法规禁止公开": z,
                "三、本年度办理结果/(三)不予公开/3.危及“三安全一稳定”": z,
                "三、本年度办理结果/(三)不予公开/4.保护第三方合法权益": [2, 1, 0, 0, 0, 0, 3],
                "三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息": z,
                "三、本年度办理结果/(三)不予公开/6.属于四类过程性信息": [1, 0, 0, 0, 0, 0, 1],
                "三、本年度办理结果/(三)不予公开/7.属于行政执法案卷": z,
                "三、本年度办理结果/(三)不予公开/8.属于行政查询事项": z,
                "三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息": [5, 1, 0, 0, 1, 0, 7],
                "三、本年度办理结果/(四)无法提供/2.没有现成信息需要另行制作": [1, 0, 0, 0, 0, 0, 1],
                "三、本年度办理结果/(四)无法提供/3.补正后申请内容仍不明确": [1, 0, 0, 0, 0, 1, 2],
                "三、本年度办理结果/(五)不予处理/1.信访举报投诉类申请": [1, 0, 0, 0, 0, 0, 1],
                "三、本年度办理结果/(五)不予处理/2.重复申请": [1, 0, 0, 0, 0, 0, 1],
                "三、本年度办理结果/(五)不予处理/3.要求提供公开出版物": z,
                "三、本年度办理结果/(五)不予处理/4.无正当理由大量反复申请": z,
                "三、本年度办理结果/(五)不予处理/5.要求行政机关确认或重新出具已获取信息": z,
                "三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [1, 1, 0, 0, 0, 0, 2],
                "三、本年度办理结果/(六)其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": z,
                "三、本年度办理结果/(六)其他处理/3.其他": z,
                "三、本年度办理结果/(七)总计": [32, 7, 1, 0, 2, 1, 43],
                "四、结转下年度继续办理": [2, 0, 0, 0, 0, 0, 2]
            },
            "cells_found": 175, "cells_expected": 175, "missing_rows": [], "extra_cells": 0
        },
        "四、政府信息公开行政复议、行政诉讼情况": {
            "values": [2, 1, 0, 1, 4, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1],
            "cells_found": 15, "cells_expected": 15, "extra_cells": 0
        }
    })
}

#[test]
fn the_2021_report_reads_the_same_in_every_layout() {
    let want = expected_2021();
    let mut all = Vec::new();
    for name in [
        "2021_lines.txt",
        "2021_blank_lines.txt",
        "2021_pipes.txt",
        "2021.html",
        "2021_spaces.txt",
    ] {
        let t = read(name);
        let j = t.to_json(name);
        assert_eq!(j["doc"], name);
        if let Err(e) = contained(&want, &j, name) {
            panic!("{e}\n{}", serde_json::to_string_pretty(&j).unwrap());
        }
        for c in tables::checks(&t) {
            assert_eq!(c.status, Status::Pass, "{name}: {} {}", c.id, c.detail);
        }
        all.push(t);
    }
    // Not only the same JSON: the same values.
    for t in &all[1..] {
        assert_eq!(t, &all[0]);
    }
}

#[test]
fn accessors_give_the_cells_other_checks_need() {
    let t = read("2021_pipes.txt");
    assert_eq!(t.template, Some(Template::Y2021));
    assert_eq!(t.requests_new_total(), Some(Num::Int(41)));
    assert_eq!(t.requests_value("(七)总计", "自然人"), Some(Num::Int(32)));
    assert_eq!(
        t.requests_value("三、本年度办理结果/(六)其他处理/3.其他", "总计"),
        Some(Num::Int(0))
    );
    assert_eq!(t.in_force("规章"), Some(Num::Int(5)));
    assert_eq!(t.in_force("行政规范性文件"), Some(Num::Int(48)));
    assert_eq!(
        t.active_value(Item::Eight, "行政事业性收费", "本年收费金额（单位：万元）"),
        Some(Num::Dec(245.38))
    );
    let review = t.review.as_ref().unwrap();
    assert_eq!(review.value("行政复议/总计"), Some(Num::Int(4)));
    assert_eq!(
        review.value("行政诉讼/复议后起诉/尚未审结"),
        Some(Num::Int(1))
    );
}

#[test]
fn a_2019_report_reads_its_own_labels() {
    let t = read("2019_blank_lines.txt");
    assert_eq!(t.template, Some(Template::Y2019));
    let j = t.to_json("2019_blank_lines.txt");
    let want = json!({
        "template": "2019",
        "二、主动公开政府信息情况": {
            "第二十条第(一)项": {
                "规章": {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 0},
                "规范性文件": {"本年新制作数量": 4, "本年新公开数量": 4, "对外公开总数量": 37}
            },
            "第二十条第(五)项": {
                "行政许可": {"上一年项目数量": 26, "本年增/减": -2, "处理决定数量": 318},
                "其他对外管理服务事项": {"上一年项目数量": 5, "本年增/减": 0, "处理决定数量": 41}
            },
            "第二十条第(六)项": {
                "行政处罚": {"上一年项目数量": 3, "本年增/减": 0, "处理决定数量": 57},
                "行政强制": {"上一年项目数量": 2, "本年增/减": 1, "处理决定数量": 9}
            },
            "第二十条第(八)项": {"行政事业性收费": {"上一年项目数量": 1, "本年增/减": 0}},
            "第二十条第(九)项": {"政府集中采购": {"采购项目数量": 6, "采购总金额": 87.3}}
        },
        "三、收到和处理政府信息公开申请情况": {
            "rows": {
                "一、本年新收政府信息公开申请数量": [9, 2, 0, 0, 1, 0, 12],
                "三、本年度办理结果/(六)其他处理": [1, 0, 0, 0, 0, 0, 1],
                "三、本年度办理结果/(七)总计": [8, 2, 0, 0, 1, 0, 11],
                "四、结转下年度继续办理": [1, 0, 0, 0, 0, 0, 1]
            },
            "cells_found": 161, "cells_expected": 161, "missing_rows": []
        },
        "四、政府信息公开行政复议、行政诉讼情况": {
            "values": [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        }
    });
    if let Err(e) = contained(&want, &j, "2019") {
        panic!("{e}\n{}", serde_json::to_string_pretty(&j).unwrap());
    }
    let rows = j["三、收到和处理政府信息公开申请情况"]["rows"]
        .as_object()
        .unwrap();
    assert_eq!(rows.len(), 23);
    assert!(!rows.keys().any(|k| k.contains("(六)其他处理/")));
    for c in tables::checks(&t) {
        assert_eq!(c.status, Status::Pass, "{} {}", c.id, c.detail);
    }
}

#[test]
fn failing_identities_are_reported_with_their_numbers() {
    let t = read("identity_fails.txt");
    let balance = status(&t, "requests_balance");
    assert_eq!(balance.status, Status::Fail);
    assert!(
        balance.detail.contains("自然人: 33 + 3 ≠ 32 + 2"),
        "{}",
        balance.detail
    );
    let natural = &balance.parts[0];
    assert_eq!(
        (natural.expected, natural.actual),
        (Some(Num::Int(36)), Some(Num::Int(34)))
    );
    assert_eq!(balance.parts[1].status, Status::Pass);

    let columns = status(&t, "requests_columns_sum");
    assert_eq!(columns.status, Status::Fail);
    assert!(
        columns
            .detail
            .contains("一、本年新收政府信息公开申请数量: 33 + 6 + 1 + 0 + 2 + 1 = 43 ≠ 总计 41"),
        "{}",
        columns.detail
    );

    let outcomes = status(&t, "requests_outcomes_sum");
    assert_eq!(outcomes.status, Status::Fail);
    assert!(
        outcomes
            .detail
            .contains("商业企业: outcome rows (一)…(六) sum to 8 ≠ (七)总计 7"),
        "{}",
        outcomes.detail
    );

    let review = status(&t, "review_blocks_sum");
    assert_eq!(review.status, Status::Fail);
    assert!(
        review
            .detail
            .contains("行政复议: 2 + 1 + 0 + 1 = 4 ≠ 总计 5"),
        "{}",
        review.detail
    );
    assert_eq!(review.parts[1].status, Status::Pass);
    // The structured form serialises with snake_case statuses.
    let j = serde_json::to_value(&review).unwrap();
    assert_eq!(j["status"], "fail");
    assert_eq!(j["parts"][0]["expected"], 5);
    assert_eq!(j["parts"][0]["actual"], 4);
}

#[test]
fn incomplete_tables_are_reported_not_guessed() {
    let t = read("incomplete.txt");
    let j = t.to_json("incomplete.txt");

    // 第二十条(一): one row lacks a cell; it is kept in document order.
    let one = &j["二、主动公开政府信息情况"]["第二十条第(一)项"];
    assert_eq!(
        one["行政规范性文件"],
        json!({"values": [7, 30], "cells_found": 2, "cells_expected": 3})
    );
    assert_eq!(
        one["规章"],
        json!({"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 2})
    );
    assert_eq!(
        (one["cells_found"].as_u64(), one["cells_expected"].as_u64()),
        (Some(5), Some(6))
    );
    assert_eq!(t.in_force("行政规范性文件"), None);
    assert_eq!(t.in_force("规章"), Some(Num::Int(2)));

    // Requests: a short row, a row of blanks, a missing row.
    let req = &j["三、收到和处理政府信息公开申请情况"];
    assert_eq!(
        req["rows"]["三、本年度办理结果/(二)部分公开(区分处理的,只计这一情形,不计其他情形)"],
        json!({"values": [1, 0, 0, 0, 1], "cells_found": 5, "cells_expected": 7})
    );
    assert_eq!(
        req["rows"]["三、本年度办理结果/(三)不予公开/7.属于行政执法案卷"],
        json!([null, null, null, null, null, null, null])
    );
    assert_eq!(
        req["missing_rows"],
        json!(["三、本年度办理结果/(五)不予处理/2.重复申请"])
    );
    assert_eq!(req["cells_expected"], 175);
    assert_eq!(req["cells_found"], 175 - 2 - 7);

    // Review: 12 of 15 cells.
    let review = &j["四、政府信息公开行政复议、行政诉讼情况"];
    assert_eq!(review["cells_found"], 12);
    assert_eq!(review["values"].as_array().unwrap().len(), 12);
    assert_eq!(t.review.as_ref().unwrap().value("行政复议/总计"), None);

    for c in tables::checks(&t) {
        assert_eq!(c.status, Status::Incomplete, "{}: {}", c.id, c.detail);
    }
    let outcomes = status(&t, "requests_outcomes_sum");
    assert!(
        outcomes.detail.contains("(二)部分公开"),
        "{}",
        outcomes.detail
    );
    assert!(
        outcomes.detail.contains("2.重复申请: row not found"),
        "{}",
        outcomes.detail
    );
    assert!(
        outcomes.detail.contains("7.属于行政执法案卷/自然人: blank"),
        "{}",
        outcomes.detail
    );
    let review = status(&t, "review_blocks_sum");
    assert!(
        review.detail.contains("12 of 15 cells"),
        "{}",
        review.detail
    );
}

#[test]
fn free_prose_reports_have_no_tables() {
    assert!(tables::read(&data("prose.txt")).is_none());
    assert!(tables::read("").is_none());
    let none = tables::checks(&ReportTables::default());
    assert!(none.iter().all(|c| c.status == Status::NotApplicable));
    let j = ReportTables::default().to_json("x");
    assert!(j["三、收到和处理政府信息公开申请情况"].is_null());
}

#[test]
fn prose_seeds_have_no_tables() {
    let Some(dir) = common::shared("corpus/seeds") else {
        return;
    };
    let entries = std::fs::read_dir(&dir).expect("seed folder readable");
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("003_") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        assert!(
            tables::read(&text).is_none(),
            "{name}: tables read from prose"
        );
    }
}

#[test]
fn seed_003_matches_its_gold() {
    let (Some(doc), Some(gold)) = (
        common::shared("corpus/seeds/003_5d1e16fec1ef2512.txt"),
        common::shared("gold/tables_003.json"),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(&doc).expect("seed 003 readable");
    let gold = std::fs::read_to_string(&gold).expect("table gold readable");
    let gold: Value = serde_json::from_str(&gold).expect("gold is JSON");
    let t = tables::read(&text).expect("seed 003 has tables");
    let ours = t.to_json("003_5d1e16fec1ef2512.txt");
    if let Err(e) = contained(&gold, &ours, "") {
        panic!("{e}\n{}", serde_json::to_string_pretty(&ours).unwrap());
    }
    assert_eq!(ours["template"], "2021");
    for c in tables::checks(&t) {
        let want = if c.id == "review_blocks_sum" {
            Status::Incomplete
        } else {
            Status::Pass
        };
        assert_eq!(c.status, want, "{}: {}", c.id, c.detail);
    }
}

#[test]
fn keys_do_not_depend_on_source_punctuation() {
    // Half-width, full-width and mixed punctuation give the same keys.
    let variants = [
        "第二十条第(一)项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n0\n1\n行政规范性文件\n2\n0\n2",
        "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n规章\n1\n0\n1\n行政规范性文件\n2\n0\n2",
        "第二十条 第（一）项\n信息 内容\n本年 制发件数\n本年废止件数\n现行有效件数\n规 章\n1\n0\n1\n行政规范性文件\n2\n0\n2",
    ];
    let jsons: Vec<Value> = variants
        .iter()
        .map(|v| tables::read(v).unwrap().to_json("x"))
        .collect();
    assert_eq!(jsons[0], jsons[1]);
    assert_eq!(jsons[0], jsons[2]);
    assert_eq!(
        jsons[0]["二、主动公开政府信息情况"]["第二十条第(一)项"]["规章"]["现行有效件数"],
        1
    );
}

#[test]
fn an_unknown_row_label_is_skipped_not_the_rest_of_the_table() {
    let text = data("2021_lines.txt").replace("5．属于三类内部事务信息", "5．内部事务信息（三类）");
    let t = tables::read(&text).unwrap();
    let req = t.requests.as_ref().unwrap();
    assert_eq!(
        req.missing_rows(),
        ["三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息"]
    );
    assert_eq!(req.extra_cells, 7);
    assert_eq!(req.rows.len(), 24);
    assert_eq!(
        req.value(Requests::CARRIED_FORWARD, "总计"),
        Some(Num::Int(2))
    );
    assert_eq!(status(&t, "requests_balance").status, Status::Pass);
    assert_eq!(
        status(&t, "requests_outcomes_sum").status,
        Status::Incomplete
    );
    assert!(t.review.as_ref().unwrap().is_complete());
}

#[test]
fn items_separated_by_prose_are_all_read() {
    let text = "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n\
                规章\n0\n0\n0\n行政规范性文件\n3\n1\n9\n\
                本年度清理规范性文件情况见附件。\n\
                第二十条第（六）项\n信息内容\n本年处理决定数量\n行政处罚\n14\n行政强制\n—\n\
                三、收到和处理政府信息公开申请情况";
    let t = tables::read(text).unwrap();
    let active = t.active.as_ref().unwrap();
    assert_eq!(active.tables.len(), 2);
    assert_eq!(t.in_force("行政规范性文件"), Some(Num::Int(9)));
    let six = active.table(Item::Six).unwrap();
    assert_eq!(
        six.value("行政处罚", "本年处理决定数量"),
        Some(Num::Int(14))
    );
    // A blank cell is found, and null.
    assert_eq!(six.row("行政强制").unwrap().get(0), Some(None));
    assert_eq!((six.cells_found(), six.cells_expected()), (2, 2));
    assert!(t.requests.is_none() && t.review.is_none());
}

#[test]
fn structured_output_is_in_template_order() {
    let t = read("2021_lines.txt");
    let s = serde_json::to_string(&t).unwrap();
    let at = |k: &str| s.find(k).unwrap_or_else(|| panic!("{k} not in output"));
    assert!(at("一、本年新收") < at("二、上年结转"));
    assert!(at("(三)不予公开/8.") < at("(四)无法提供/1."));
    assert!(at("(七)总计") < at("四、结转下年度"));
    assert_eq!(Review::COLUMNS.len(), 15);
    assert_eq!(Requests::row_keys(Template::Y2021).len(), 25);
}

/// Pieces of report text; a document is a random sequence of them.
const VOCAB: &[&str] = &[
    "第二十条第（一）项",
    "第二十条第(五)项",
    "第二十条第（六）项",
    "第二十条第(八)项",
    "第二十条第（九）项",
    "信息内容",
    "本年制发件数",
    "本年新制作数量",
    "本年增/减",
    "本年收费金额（单位：万元）",
    "规章",
    "行政规范性文件",
    "规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政事业性收费",
    "政府集中采购",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（三）不予公开",
    "1．属于国家秘密",
    "（六）其他处理",
    "3．其他",
    "（七）总计",
    "总计",
    "其他",
    "自然人",
    "四、结转下年度继续办理",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果\n纠正",
    "0",
    "1",
    "12",
    "1,204",
    "3413.765",
    "-2",
    "—",
    "无",
    "|",
    " | ",
    "|---|",
    "\n",
    "\n\n",
    "\t",
    " ",
    "\u{a0}",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</tr>",
    "</table>",
    "<td colspan=\"2\">",
    "<br>",
    "<p>",
    "&nbsp;",
    "。",
    "（",
    "99999999999999999999",
    "1.5e400",
];

fn doc_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(prop::sample::select(VOCAB), 0..200).prop_map(|v| v.concat()),
        1 => any::<String>(),
        1 => prop::collection::vec(
            prop_oneof![prop::sample::select(VOCAB).prop_map(String::from), any::<String>()],
            0..60
        )
        .prop_map(|v| v.join("\n")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reading_never_panics(text in doc_strategy()) {
        if let Some(t) = tables::read(&text) {
            let j = t.to_json("p");
            prop_assert!(j.is_object());
            let checks = tables::checks(&t);
            prop_assert_eq!(checks.len(), 4);
            if let Some(r) = &t.requests {
                prop_assert!(r.cells_found() <= r.cells_expected());
                for row in &r.rows {
                    prop_assert!(row.cells.len() <= row.expected);
                }
            }
            if let Some(a) = &t.active {
                for table in &a.tables {
                    prop_assert!(table.cells_found() <= table.cells_expected());
                }
            }
            if let Some(r) = &t.review {
                prop_assert!(r.cells.len() <= Review::COLUMNS.len());
            }
        }
    }
}
