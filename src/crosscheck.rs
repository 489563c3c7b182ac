//! Checks across sources: a report's prose against its own tables, and a
//! report's tables against the same body's report of the previous year.
//!
//! Takes analysed [`Document`]s (their records, quantities, metadata and
//! tables) and gives [`Check`]s in the same shape as the arithmetic checks of
//! [`crate::tables::checks`]: pass / fail / incomplete / not applicable, with
//! the numbers involved.
//!
//! - `text_vs_table`: a prose sentence that states how many disclosure
//!   requests were newly received (本年新收/共收到/受理…政府信息公开申请N件, or
//!   未收到…申请 for zero) must agree with row 一、本年新收政府信息公开申请数量,
//!   column 总计, of the requests table. Every such sentence is a part.
//! - `in_force_carryover`: for 规章 and 行政规范性文件 (2021 template, 第二十条第(一)项),
//!   现行有效件数 this year = 现行有效件数 last year + 本年制发件数 − 本年废止件数,
//!   when the corpus holds the same body's report of the previous year (same
//!   `meta.body`, `meta.year` one less). Batch commands gather the figures of
//!   every document first ([`InForce`]) and run it at the end.

use std::collections::HashMap;

use crate::document::Report;
use crate::tables::{Check, Item, Num, Part, Status};
use crate::{Document, Role};

/// Compares the prose statement of newly received requests with the table.
///
/// ```
/// use gongkai::tables::Status;
/// let p = gongkai::Pipeline::new().unwrap();
/// let table = include_str!("../tests/data/tables/2021_lines.txt");
/// // The table there states 41 new requests.
/// let ok = p.analyze("a.txt", &format!("一、总体情况\n本年度共收到政府信息公开申请41件。\n{table}"));
/// assert_eq!(gongkai::crosscheck::text_vs_table(&ok, &p.report(&ok)).status, Status::Pass);
/// let bad = p.analyze("b.txt", &format!("一、总体情况\n本年度共收到政府信息公开申请40件。\n{table}"));
/// let check = gongkai::crosscheck::text_vs_table(&bad, &p.report(&bad));
/// assert_eq!(check.status, Status::Fail);
/// assert!(check.detail.contains("40") && check.detail.contains("41"));
/// ```
pub fn text_vs_table(doc: &Document, report: &Report) -> Check {
    const ID: &str = "text_vs_table";
    let statements = new_request_statements(doc);
    let table = report.tables.as_ref().and_then(|t| t.requests.as_ref());
    let Some(_) = table else {
        return check(
            ID,
            Status::NotApplicable,
            "no requests table".into(),
            Vec::new(),
        );
    };
    if statements.is_empty() {
        return check(
            ID,
            Status::NotApplicable,
            "the prose states no number of new requests".into(),
            Vec::new(),
        );
    }
    let in_table = report.tables.as_ref().and_then(|t| t.requests_new_total());
    let parts: Vec<Part> = statements
        .iter()
        .map(|(sid, value)| {
            let status = match in_table {
                None => Status::Incomplete,
                Some(t) if t.same(*value) => Status::Pass,
                Some(_) => Status::Fail,
            };
            Part {
                name: format!("sentence {sid}"),
                status,
                expected: in_table,
                actual: Some(*value),
                missing: match in_table {
                    None => vec![format!("{}/总计", crate::tables::Requests::NEW)],
                    Some(_) => Vec::new(),
                },
            }
        })
        .collect();
    let status = overall(&parts);
    let detail = match status {
        Status::Pass => String::new(),
        Status::Incomplete => "the table's 本年新收 总计 cell is missing".into(),
        _ => parts
            .iter()
            .filter(|p| p.status == Status::Fail)
            .map(|p| {
                format!(
                    "{}: prose {} ≠ table {}",
                    p.name,
                    fmt(p.actual),
                    fmt(p.expected)
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    check(ID, status, detail, parts)
}

/// Sentences (sid, value) stating the number of newly received disclosure
/// requests.
fn new_request_statements(doc: &Document) -> Vec<(usize, Num)> {
    const RECEIVED: [&str; 5] = ["新收", "收到", "受理", "接到", "接收"];
    const ZERO: [&str; 4] = ["未收到", "没有收到", "未受理", "未接到"];
    const OTHER_YEAR: [&str; 4] = ["上年", "去年", "结转", "同比"];
    let mut out = Vec::new();
    for s in &doc.sentences {
        if !matches!(s.role, Role::Work | Role::Heading | Role::Meta) {
            continue;
        }
        let t: String = s.text.chars().filter(|c| !c.is_whitespace()).collect();
        if !t.contains("申请") || !RECEIVED.iter().any(|r| t.contains(r)) {
            continue;
        }
        if OTHER_YEAR.iter().any(|o| t.contains(o)) {
            continue;
        }
        // Only disclosure requests, not 行政复议申请 or licence applications.
        if !(t.contains("公开申请") || t.contains("依申请公开") || t.contains("信息公开"))
        {
            continue;
        }
        let counted = s.quantities.iter().find(|q| {
            q.what.contains("申请")
                && matches!(q.unit.as_str(), "件" | "个" | "份" | "条" | "次" | "项")
        });
        match counted {
            Some(q) => out.push((s.sid, to_num(q.value))),
            None if ZERO.iter().any(|z| t.contains(z)) && s.quantities.is_empty() => {
                out.push((s.sid, Num::Int(0)))
            }
            None => {}
        }
    }
    out
}

fn to_num(v: f64) -> Num {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        Num::Int(v as i64)
    } else {
        Num::Dec(v)
    }
}

/// The 第二十条第(一)项 figures of one report that the carry-over check needs,
/// kept small so a batch can hold them for every document.
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", include_str!("../tests/data/tables/2021_lines.txt"));
/// let f = gongkai::crosscheck::InForce::of(&p.report(&doc));
/// assert!(f.kinds.iter().any(|k| k.in_force.is_some()));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InForce {
    /// The issuing body (`meta.body`).
    pub body: Option<String>,
    /// The report year (`meta.year`).
    pub year: Option<u16>,
    /// 规章 and 行政规范性文件, in that order.
    pub kinds: [KindFigures; 2],
}

/// 本年制发件数, 本年废止件数, 现行有效件数 of one kind of document.
#[derive(Debug, Clone, PartialEq)]
pub struct KindFigures {
    /// 规章 or 行政规范性文件.
    pub kind: &'static str,
    /// 本年制发件数.
    pub issued: Option<Num>,
    /// 本年废止件数.
    pub repealed: Option<Num>,
    /// 现行有效件数.
    pub in_force: Option<Num>,
}

const KINDS: [&str; 2] = ["规章", "行政规范性文件"];

impl InForce {
    /// The figures of a document (example above).
    pub fn of(report: &Report) -> InForce {
        let get = |kind: &str, column: &str| {
            report
                .tables
                .as_ref()
                .and_then(|t| t.active_value(Item::One, kind, column))
        };
        let figures = |kind: &'static str| KindFigures {
            kind,
            issued: get(kind, "本年制发件数"),
            repealed: get(kind, "本年废止件数"),
            in_force: get(kind, "现行有效件数"),
        };
        InForce {
            body: report.meta.body.clone(),
            year: report.meta.year,
            kinds: [figures(KINDS[0]), figures(KINDS[1])],
        }
    }
}

/// Checks 现行有效 this year = 现行有效 last year + 制发 − 废止, per kind.
/// `last` is the same body's report of the previous year, if the corpus has it.
///
/// ```
/// use gongkai::crosscheck::{in_force_carryover, InForce, KindFigures};
/// use gongkai::tables::{Num, Status};
/// let k = |kind, issued, repealed, in_force| KindFigures { kind, issued: Some(Num::Int(issued)),
///     repealed: Some(Num::Int(repealed)), in_force: Some(Num::Int(in_force)) };
/// let last = InForce { body: Some("某县公安局".into()), year: Some(2021),
///     kinds: [k("规章", 0, 0, 0), k("行政规范性文件", 3, 1, 20)] };
/// let this = InForce { body: Some("某县公安局".into()), year: Some(2022),
///     kinds: [k("规章", 0, 0, 0), k("行政规范性文件", 4, 2, 23)] };
/// let c = in_force_carryover(&this, Some(&last));
/// assert_eq!(c.status, Status::Fail); // 20 + 4 − 2 = 22, not 23
/// assert!(c.detail.contains("22"));
/// assert_eq!(in_force_carryover(&this, None).status, Status::NotApplicable);
/// ```
pub fn in_force_carryover(this: &InForce, last: Option<&InForce>) -> Check {
    const ID: &str = "in_force_carryover";
    let Some(last) = last else {
        return check(
            ID,
            Status::NotApplicable,
            "the corpus holds no report of the same body for the previous year".into(),
            Vec::new(),
        );
    };
    if this
        .kinds
        .iter()
        .all(|k| k.in_force.is_none() && k.issued.is_none())
    {
        return check(
            ID,
            Status::NotApplicable,
            "no 第二十条第(一)项 table with 现行有效件数 (2021 template)".into(),
            Vec::new(),
        );
    }
    let parts: Vec<Part> = this
        .kinds
        .iter()
        .zip(&last.kinds)
        .map(|(now, before)| {
            let mut missing = Vec::new();
            let mut need = |v: Option<Num>, what: String| {
                if v.is_none() {
                    missing.push(what);
                }
                v
            };
            let expected = need(now.in_force, format!("{} 现行有效件数", now.kind));
            let prior = need(
                before.in_force,
                format!("{} 现行有效件数 (last year)", now.kind),
            );
            let issued = need(now.issued, format!("{} 本年制发件数", now.kind));
            let repealed = need(now.repealed, format!("{} 本年废止件数", now.kind));
            let actual = match (prior, issued, repealed) {
                (Some(p), Some(i), Some(r)) => Some(p + i + negate(r)),
                _ => None,
            };
            let status = match (expected, actual) {
                (Some(e), Some(a)) if e.same(a) => Status::Pass,
                (Some(_), Some(_)) => Status::Fail,
                _ => Status::Incomplete,
            };
            Part {
                name: now.kind.to_string(),
                status,
                expected,
                actual,
                missing,
            }
        })
        .collect();
    let status = overall(&parts);
    let detail = parts
        .iter()
        .zip(&last.kinds)
        .zip(&this.kinds)
        .filter(|((p, _), _)| p.status != Status::Pass)
        .map(|((p, before), now)| match p.status {
            Status::Fail => format!(
                "{}: {} (last year) + {} − {} = {} ≠ {}",
                p.name,
                fmt(before.in_force),
                fmt(now.issued),
                fmt(now.repealed),
                fmt(p.actual),
                fmt(p.expected)
            ),
            _ => format!("{}: missing {}", p.name, p.missing.join(", ")),
        })
        .collect::<Vec<_>>()
        .join("; ");
    check(ID, status, detail, parts)
}

/// Runs [`in_force_carryover`] for every document of a batch, matching each
/// with the same body's report of the previous year. Returns one check per
/// figure set, in the order given. When a body has several reports for one
/// year, the first in input order is used as "last year".
///
/// ```
/// let p = gongkai::Pipeline::new().unwrap();
/// let doc = p.analyze("a.txt", "一、总体情况\n开通政务微博。");
/// let figures = gongkai::crosscheck::InForce::of(&p.report(&doc));
/// let checks = gongkai::crosscheck::carryover_for_batch(&[figures]);
/// assert_eq!(checks[0].status, gongkai::tables::Status::NotApplicable);
/// ```
pub fn carryover_for_batch(all: &[InForce]) -> Vec<Check> {
    let mut by_body_year: HashMap<(&str, u16), usize> = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        if let (Some(b), Some(y)) = (&f.body, f.year) {
            by_body_year.entry((b.as_str(), y)).or_insert(i);
        }
    }
    all.iter()
        .map(|f| {
            let last = match (&f.body, f.year) {
                (Some(b), Some(y)) => by_body_year
                    .get(&(b.as_str(), y.wrapping_sub(1)))
                    .map(|&i| &all[i]),
                _ => None,
            };
            in_force_carryover(f, last)
        })
        .collect()
}

fn negate(n: Num) -> Num {
    match n {
        Num::Int(i) => Num::Int(-i),
        Num::Dec(d) => Num::Dec(-d),
    }
}

fn fmt(n: Option<Num>) -> String {
    n.map_or("?".into(), |n| n.to_string())
}

fn overall(parts: &[Part]) -> Status {
    if parts.iter().any(|p| p.status == Status::Fail) {
        Status::Fail
    } else if parts.iter().any(|p| p.status == Status::Incomplete) {
        Status::Incomplete
    } else {
        Status::Pass
    }
}

fn check(id: &'static str, status: Status, detail: String, parts: Vec<Part>) -> Check {
    Check {
        id,
        status,
        detail,
        parts,
    }
}
