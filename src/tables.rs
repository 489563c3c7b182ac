//! Tables: decoded text → [`ReportTables`], the mandated statistical tables of
//! the post-2019 template, and their arithmetic [`checks`].
//!
//! Takes the decoded text of one report (plain text or HTML) and gives the three
//! tables the template (国办公开办函〔2019〕60号, revised by 国办公开办函〔2021〕30号)
//! requires, read against the known template:
//!
//! | section | type | what |
//! |---|---|---|
//! | 二、主动公开政府信息情况 | [`Active`] | the 第二十条 items (一)(五)(六)(八), and (九) in 2019 |
//! | 三、收到和处理政府信息公开申请情况 | [`Requests`] | 7 applicant columns × 25 rows (23 in 2019) |
//! | 四、政府信息公开行政复议、行政诉讼情况 | [`Review`] | 15 values in three blocks of five |
//!
//! How it reads:
//! 1. **Cells.** The text becomes a stream of cells: one per line; one per `|`
//!    (or tab) separated part of a line; an HTML document (one containing a
//!    `<table` or `<td` tag) is first turned into its visible text by
//!    [`crate::html::visible_text`], which writes each table row as a `|` line;
//!    a line that is a label followed by numbers separated by spaces is split
//!    into those cells. A cell is a *value* (a number, or blank: `—` `-` `/` `无`),
//!    a *label* (anything else), or *empty* (an empty `|` or HTML cell). Labels
//!    are compared by their letters, digits and ideographs only, so keys do not
//!    depend on the width of the source's punctuation or on its whitespace.
//! 2. **Walk.** Each table is found by an anchor label (第二十条第(一)项 …;
//!    一、本年新收政府信息公开申请数量; the 行政复议/行政诉讼 header) and walked
//!    against the template: row labels in order (a label broken over up to six
//!    cells is joined; numbering may be written any way: 1. 1、 （1）), then the
//!    value cells that follow each row label. Unknown labels between known ones
//!    are skipped; a run of labels none of which the template knows ends the table.
//! 3. **Template.** 2019 or 2021 is decided by the column headers of the 第二十条
//!    items (本年制发件数 … is 2021, 本年新制作数量/上一年项目数量 … is 2019) and
//!    their row labels, else by the shape of 申请 row (六) (sub-rows 1–3 are 2021).
//!
//! Invariants and policy:
//! - Numbers are never guessed. A row whose cell count differs from its column
//!   count is *incomplete*: its cells are kept in document order, not mapped to
//!   columns and not padded ([`Row::get`] gives `None`). A table is reported with
//!   `cells_found` and `cells_expected`; surplus cells (more than the columns
//!   after dropping empty cells at either end) are counted in `extra_cells`.
//! - A blank cell (`—`, `-`, `/`, `无`, an empty `|`/HTML cell in a row with
//!   numbers) is a found cell whose value is `None`.
//! - Output keys are the template's labels with ASCII parentheses, commas and
//!   colons and Chinese quotes (“”), whatever the source wrote.
//! - [`read`] never panics, whatever the input.
//!
//! Not read: tables without their header or anchor labels (e.g. a 行政复议 table
//! without the 行政复议/行政诉讼 header), numbers written in words, spans back into
//! the text. Cost is linear in the text, except that the HTML parser (html5ever)
//! is quadratic in the nesting depth of unclosed block elements (about 0.3 s at
//! 10,000 levels; real pages nest a few dozen).
//!
//! ```
//! let text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n结果维持\n结果纠正\n\
//!             其他结果\n尚未审结\n总计\n未经复议直接起诉\n复议后起诉\n\
//!             0\n1\n0\n0\n1\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0";
//! let tables = gongkai::tables::read(text).unwrap();
//! let review = tables.review.as_ref().unwrap();
//! assert!(review.is_complete());
//! assert_eq!(review.value("行政复议/结果纠正"), Some(gongkai::tables::Num::Int(1)));
//! let checks = gongkai::tables::checks(&tables);
//! assert_eq!(checks[3].id, "review_blocks_sum");
//! assert_eq!(checks[3].status, gongkai::tables::Status::Pass);
//! ```

use std::fmt;
use std::sync::LazyLock;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

/// Key of section 二 in the JSON output.
///
/// ```
/// assert_eq!(gongkai::tables::ACTIVE_SECTION, "二、主动公开政府信息情况");
/// ```
pub const ACTIVE_SECTION: &str = "二、主动公开政府信息情况";

/// Key of section 三 in the JSON output.
///
/// ```
/// assert!(gongkai::tables::REQUESTS_SECTION.starts_with("三、"));
/// ```
pub const REQUESTS_SECTION: &str = "三、收到和处理政府信息公开申请情况";

/// Key of section 四 in the JSON output.
///
/// ```
/// assert!(gongkai::tables::REVIEW_SECTION.ends_with("行政诉讼情况"));
/// ```
pub const REVIEW_SECTION: &str = "四、政府信息公开行政复议、行政诉讼情况";

// ---------------------------------------------------------------------------
// Public types

/// Which version of the template a table follows.
///
/// ```
/// use gongkai::tables::Template;
/// assert_eq!(Template::Y2021.as_str(), "2021");
/// assert_eq!(serde_json::to_string(&Template::Y2019).unwrap(), "\"2019\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Template {
    /// 国办公开办函〔2019〕60号.
    Y2019,
    /// 国办公开办函〔2021〕30号.
    Y2021,
}

impl Template {
    /// The id written in outputs: `"2019"` or `"2021"`.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Template::Y2019.as_str(), "2019");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Template::Y2019 => "2019",
            Template::Y2021 => "2021",
        }
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A number read from a table cell: an integer, or a decimal as written
/// (收费金额 3413.765). Serialises as a JSON integer or number.
///
/// ```
/// use gongkai::tables::Num;
/// assert_eq!(Num::Int(3).to_string(), "3");
/// assert_eq!(Num::Dec(3413.765).to_string(), "3413.765");
/// assert_eq!(serde_json::to_string(&Num::Dec(0.5)).unwrap(), "0.5");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// An integer.
    Int(i64),
    /// A number written with a decimal point.
    Dec(f64),
}

impl Num {
    /// The value as a float.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Num::Int(2).as_f64(), 2.0);
    /// ```
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Dec(d) => d,
        }
    }

    /// The value if it is an integer.
    ///
    /// ```
    /// use gongkai::tables::Num;
    /// assert_eq!(Num::Int(2).as_i64(), Some(2));
    /// assert_eq!(Num::Dec(2.5).as_i64(), None);
    /// ```
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Num::Int(i) => Some(i),
            Num::Dec(_) => None,
        }
    }

    /// Equality for arithmetic checks: exact for integers, within a relative
    /// 1e-9 (absolute 1e-6 near zero) when a decimal is involved.
    ///
    /// ```
    /// use gongkai::tables::Num;
    /// assert!((Num::Dec(0.1) + Num::Dec(0.2)).same(Num::Dec(0.3)));
    /// assert!(!Num::Int(1).same(Num::Int(2)));
    /// ```
    pub fn same(self, other: Num) -> bool {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => a == b,
            _ => {
                let (a, b) = (self.as_f64(), other.as_f64());
                (a - b).abs() <= 1e-6_f64.max(1e-9 * a.abs().max(b.abs()))
            }
        }
    }
}

/// The sum; integers stay integers (unless they overflow).
///
/// ```
/// use gongkai::tables::Num;
/// assert_eq!(Num::Int(2) + Num::Int(3), Num::Int(5));
/// assert_eq!(Num::Int(2) + Num::Dec(0.5), Num::Dec(2.5));
/// ```
impl std::ops::Add for Num {
    type Output = Num;

    fn add(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => match a.checked_add(b) {
                Some(s) => Num::Int(s),
                None => Num::Dec(a as f64 + b as f64),
            },
            _ => Num::Dec(self.as_f64() + other.as_f64()),
        }
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Num::Int(i) => write!(f, "{i}"),
            Num::Dec(d) => {
                // Sums of decimals carry float noise; six places are plenty.
                let s = format!("{d:.6}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                f.write_str(s)
            }
        }
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Num::Int(i) => s.serialize_i64(i),
            Num::Dec(d) => s.serialize_f64(d),
        }
    }
}

/// One cell: `None` when the cell is blank (—, -, /, 无, empty).
pub type Cell = Option<Num>;

/// One row of a table as read: its key and its cells in document order.
///
/// ```
/// use gongkai::tables::{Num, Row};
/// let row = Row { key: "规章", cells: vec![Some(Num::Int(1)), None, Some(Num::Int(5))], expected: 3 };
/// assert!(row.is_complete());
/// assert_eq!(row.get(0), Some(Some(Num::Int(1))));
/// assert_eq!(row.get(1), Some(None)); // found, blank
/// let short = Row { key: "规章", cells: vec![Some(Num::Int(1))], expected: 3 };
/// assert_eq!(short.get(0), None); // incomplete: cells cannot be placed
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's key as written in outputs (a path joined by `/` in the
    /// requests table).
    pub key: &'static str,
    /// The cells found, in document order (at most `expected`).
    pub cells: Vec<Cell>,
    /// How many cells the template has in this row.
    pub expected: usize,
}

impl Row {
    /// True when every cell of the row was found (blank cells count as found).
    ///
    /// ```
    /// let row = gongkai::tables::Row { key: "行政许可", cells: vec![None], expected: 1 };
    /// assert!(row.is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        self.cells.len() == self.expected
    }

    /// The cell in column `column` (0-based): `None` when the row is incomplete
    /// (cells cannot be placed in columns) or the column is out of range;
    /// `Some(None)` when the cell is blank.
    ///
    /// ```
    /// use gongkai::tables::{Num, Row};
    /// let row = Row { key: "行政许可", cells: vec![Some(Num::Int(7))], expected: 1 };
    /// assert_eq!(row.get(0), Some(Some(Num::Int(7))));
    /// assert_eq!(row.get(1), None);
    /// ```
    pub fn get(&self, column: usize) -> Option<Cell> {
        if self.is_complete() {
            self.cells.get(column).copied()
        } else {
            None
        }
    }
}

/// An item of 第二十条 in section 二.
///
/// ```
/// use gongkai::tables::Item;
/// assert_eq!(Item::One.key(), "第二十条第(一)项");
/// assert_eq!(Item::ALL.len(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// 第二十条第(一)项: 规章, (行政)规范性文件.
    One,
    /// 第二十条第(五)项: 行政许可 (and 其他对外管理服务事项 in 2019).
    Five,
    /// 第二十条第(六)项: 行政处罚, 行政强制.
    Six,
    /// 第二十条第(八)项: 行政事业性收费.
    Eight,
    /// 第二十条第(九)项: 政府集中采购 (2019 only).
    Nine,
}

impl Item {
    /// Every item, in template order.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Item::ALL[0], gongkai::tables::Item::One);
    /// ```
    pub const ALL: [Item; 5] = [Item::One, Item::Five, Item::Six, Item::Eight, Item::Nine];

    /// The item's key in outputs, e.g. `第二十条第(一)项`.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Item::Eight.key(), "第二十条第(八)项");
    /// ```
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// The template's columns of this item (without 信息内容).
    ///
    /// ```
    /// use gongkai::tables::{Item, Template};
    /// assert_eq!(Item::Eight.columns(Template::Y2021), ["本年收费金额(单位:万元)"]);
    /// assert_eq!(Item::Five.columns(Template::Y2019), ["上一年项目数量", "本年增/减", "处理决定数量"]);
    /// ```
    pub fn columns(self, template: Template) -> &'static [&'static str] {
        let s = self.spec();
        match template {
            Template::Y2021 if !s.columns_2021.is_empty() => s.columns_2021,
            _ => s.columns_2019,
        }
    }

    /// The template's row labels of this item.
    ///
    /// ```
    /// use gongkai::tables::{Item, Template};
    /// assert_eq!(Item::One.rows(Template::Y2021), ["规章", "行政规范性文件"]);
    /// assert_eq!(Item::One.rows(Template::Y2019), ["规章", "规范性文件"]);
    /// ```
    pub fn rows(self, template: Template) -> Vec<&'static str> {
        let t = self.effective(template);
        self.spec()
            .rows
            .iter()
            .map(|r| row_name(r, t))
            .filter(|n| !n.is_empty())
            .collect()
    }

    /// (九) exists only in 2019.
    fn effective(self, template: Template) -> Template {
        if self.spec().columns_2021.is_empty() {
            Template::Y2019
        } else {
            template
        }
    }

    fn spec(self) -> &'static ItemSpec {
        &ITEMS[self as usize]
    }
}

/// One 第二十条 item as read.
///
/// ```
/// let text = "第二十条第（八）项\n信息内容\n本年收费金额（单位：万元）\n行政事业性收费\n12.5";
/// let t = gongkai::tables::read(text).unwrap();
/// let item = &t.active.as_ref().unwrap().tables[0];
/// assert_eq!(item.template, gongkai::tables::Template::Y2021);
/// assert_eq!(item.value("行政事业性收费", "本年收费金额(单位:万元)"), Some(gongkai::tables::Num::Dec(12.5)));
/// assert_eq!((item.cells_found(), item.cells_expected()), (1, 1));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveTable {
    /// Which item.
    pub item: Item,
    /// The template version its headers (or rows) follow.
    pub template: Template,
    /// The rows found, in template order.
    pub rows: Vec<Row>,
    /// Value cells that could not be placed (surplus cells, cells after a header).
    pub extra_cells: usize,
}

impl ActiveTable {
    /// The columns of this table.
    ///
    /// ```
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// assert_eq!(t.active.unwrap().tables[0].columns(), ["本年处理决定数量"]);
    /// ```
    pub fn columns(&self) -> &'static [&'static str] {
        self.item.columns(self.template)
    }

    /// Cells found in rows of the template.
    ///
    /// ```
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// assert_eq!(t.active.unwrap().tables[0].cells_found(), 1);
    /// ```
    pub fn cells_found(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).sum()
    }

    /// Cells the template has: rows × columns.
    ///
    /// ```
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// assert_eq!(t.active.unwrap().tables[0].cells_expected(), 2); // 行政处罚, 行政强制
    /// ```
    pub fn cells_expected(&self) -> usize {
        self.item.rows(self.template).len() * self.columns().len()
    }

    /// The row with this label (any punctuation; 规范性文件 and 行政规范性文件
    /// are the same row).
    ///
    /// ```
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// assert!(t.active.unwrap().tables[0].row("行政处罚").is_some());
    /// ```
    pub fn row(&self, label: &str) -> Option<&Row> {
        let k = mkey(label);
        let spec = self.item.spec();
        let kind = spec
            .rows
            .iter()
            .position(|r| mkey(r.0) == k || mkey(r.1) == k)?;
        let name = row_name(&spec.rows[kind], self.template);
        self.rows.iter().find(|r| r.key == name)
    }

    /// The value in a row and column; `None` when absent, incomplete or blank.
    ///
    /// ```
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// let item = &t.active.unwrap().tables[0];
    /// assert_eq!(item.value("行政处罚", "本年处理决定数量"), Some(gongkai::tables::Num::Int(3)));
    /// assert_eq!(item.value("行政强制", "本年处理决定数量"), None);
    /// ```
    pub fn value(&self, row: &str, column: &str) -> Option<Num> {
        let k = mkey(column);
        let col = self.columns().iter().position(|c| mkey(c) == k)?;
        self.row(row)?.get(col)?
    }
}

/// Section 二: the 第二十条 items found, in document order.
///
/// ```
/// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
/// let active = t.active.unwrap();
/// assert!(active.table(gongkai::tables::Item::Six).is_some());
/// assert!(active.table(gongkai::tables::Item::One).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Active {
    /// One table per item found.
    pub tables: Vec<ActiveTable>,
}

impl Active {
    /// The table of an item.
    ///
    /// ```
    /// let active = gongkai::tables::Active::default();
    /// assert!(active.table(gongkai::tables::Item::One).is_none());
    /// ```
    pub fn table(&self, item: Item) -> Option<&ActiveTable> {
        self.tables.iter().find(|t| t.item == item)
    }
}

/// Section 三: applications received and handled.
///
/// Rows are keyed by their path in the template, e.g.
/// `三、本年度办理结果/(三)不予公开/1.属于国家秘密`; columns are
/// [`Requests::COLUMNS`].
///
/// ```
/// use gongkai::tables::{Requests, Template};
/// assert_eq!(Requests::row_keys(Template::Y2021).len(), 25);
/// assert_eq!(Requests::row_keys(Template::Y2019).len(), 23);
/// assert_eq!(Requests::row_keys(Template::Y2021)[0], Requests::NEW);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Requests {
    /// 2021 when row (六) has sub-rows 1–3, 2019 when it is a single row.
    pub template: Template,
    /// The rows found, in template order.
    pub rows: Vec<Row>,
    /// Value cells that could not be placed.
    pub extra_cells: usize,
}

impl Requests {
    /// The applicant columns, in the order of the values.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Requests::COLUMNS[6], "总计");
    /// ```
    pub const COLUMNS: [&'static str; 7] = [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ];

    /// Row 一: applications received this year.
    ///
    /// ```
    /// assert!(gongkai::tables::Requests::NEW.starts_with("一、本年新收"));
    /// ```
    pub const NEW: &'static str = "一、本年新收政府信息公开申请数量";

    /// Row 二: applications carried over from last year.
    ///
    /// ```
    /// assert!(gongkai::tables::Requests::CARRIED_OVER.starts_with("二、上年结转"));
    /// ```
    pub const CARRIED_OVER: &'static str = "二、上年结转政府信息公开申请数量";

    /// Row 三/(七): total of this year's outcomes.
    ///
    /// ```
    /// assert!(gongkai::tables::Requests::OUTCOMES_TOTAL.ends_with("(七)总计"));
    /// ```
    pub const OUTCOMES_TOTAL: &'static str = "三、本年度办理结果/(七)总计";

    /// Row 四: carried forward to next year.
    ///
    /// ```
    /// assert!(gongkai::tables::Requests::CARRIED_FORWARD.starts_with("四、"));
    /// ```
    pub const CARRIED_FORWARD: &'static str = "四、结转下年度继续办理";

    /// The row keys of a template version, in order.
    ///
    /// ```
    /// use gongkai::tables::{Requests, Template};
    /// assert!(Requests::row_keys(Template::Y2019).contains(&"三、本年度办理结果/(六)其他处理"));
    /// assert!(Requests::row_keys(Template::Y2021).contains(&"三、本年度办理结果/(六)其他处理/3.其他"));
    /// ```
    pub fn row_keys(template: Template) -> Vec<&'static str> {
        REQ_NODES
            .iter()
            .filter(|(_, kind)| kind.is_leaf(template))
            .map(|(path, _)| *path)
            .collect()
    }

    /// The row with this key: the full path (any punctuation), or its last
    /// segment when that is unique (`(七)总计`).
    ///
    /// ```
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// let req = t.requests.unwrap();
    /// assert_eq!(req.row("（七）总计").unwrap().key, gongkai::tables::Requests::OUTCOMES_TOTAL);
    /// ```
    pub fn row(&self, key: &str) -> Option<&Row> {
        let k = mkey(key);
        if let Some(r) = self.rows.iter().find(|r| mkey(r.key) == k) {
            return Some(r);
        }
        let mut hits = self
            .rows
            .iter()
            .filter(|r| mkey(r.key.rsplit('/').next().unwrap_or(r.key)) == k);
        match (hits.next(), hits.next()) {
            (Some(r), None) => Some(r),
            _ => None,
        }
    }

    /// The value in a row and column; `None` when absent, incomplete or blank.
    ///
    /// ```
    /// use gongkai::tables::{Num, Requests};
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// let req = t.requests.unwrap();
    /// assert_eq!(req.value(Requests::NEW, "自然人"), Some(Num::Int(31)));
    /// ```
    pub fn value(&self, row: &str, column: &str) -> Option<Num> {
        let k = mkey(column);
        let col = Self::COLUMNS.iter().position(|c| mkey(c) == k)?;
        self.row(row)?.get(col)?
    }

    /// Template rows not found in the document.
    ///
    /// ```
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// assert!(t.requests.unwrap().missing_rows().is_empty());
    /// ```
    pub fn missing_rows(&self) -> Vec<&'static str> {
        Self::row_keys(self.template)
            .into_iter()
            .filter(|k| !self.rows.iter().any(|r| r.key == *k))
            .collect()
    }

    /// Cells found in rows of the template.
    ///
    /// ```
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// assert_eq!(t.requests.unwrap().cells_found(), 25 * 7);
    /// ```
    pub fn cells_found(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).sum()
    }

    /// Cells the template has: rows × 7.
    ///
    /// ```
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// assert_eq!(t.requests.unwrap().cells_expected(), 175);
    /// ```
    pub fn cells_expected(&self) -> usize {
        Self::row_keys(self.template).len() * Self::COLUMNS.len()
    }
}

/// Section 四: administrative reconsideration and litigation, 15 values.
///
/// ```
/// use gongkai::tables::{Num, Review};
/// let r = Review { cells: vec![Some(Num::Int(0)); 10], extra_cells: 0 };
/// assert!(!r.is_complete());
/// assert_eq!(r.value("行政复议/总计"), None); // 10 of 15: cannot be placed
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// The value cells found, in document order (at most 15).
    pub cells: Vec<Cell>,
    /// Value cells beyond the 15th.
    pub extra_cells: usize,
}

impl Review {
    /// The 15 columns, in the order of the values.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Review::COLUMNS[14], "行政诉讼/复议后起诉/总计");
    /// ```
    pub const COLUMNS: [&'static str; 15] = [
        "行政复议/结果维持",
        "行政复议/结果纠正",
        "行政复议/其他结果",
        "行政复议/尚未审结",
        "行政复议/总计",
        "行政诉讼/未经复议直接起诉/结果维持",
        "行政诉讼/未经复议直接起诉/结果纠正",
        "行政诉讼/未经复议直接起诉/其他结果",
        "行政诉讼/未经复议直接起诉/尚未审结",
        "行政诉讼/未经复议直接起诉/总计",
        "行政诉讼/复议后起诉/结果维持",
        "行政诉讼/复议后起诉/结果纠正",
        "行政诉讼/复议后起诉/其他结果",
        "行政诉讼/复议后起诉/尚未审结",
        "行政诉讼/复议后起诉/总计",
    ];

    /// The three blocks of five columns.
    ///
    /// ```
    /// assert_eq!(gongkai::tables::Review::BLOCKS[1], "行政诉讼/未经复议直接起诉");
    /// ```
    pub const BLOCKS: [&'static str; 3] = [
        "行政复议",
        "行政诉讼/未经复议直接起诉",
        "行政诉讼/复议后起诉",
    ];

    /// True when all 15 cells were found.
    ///
    /// ```
    /// let r = gongkai::tables::Review { cells: vec![None; 15], extra_cells: 0 };
    /// assert!(r.is_complete());
    /// ```
    pub fn is_complete(&self) -> bool {
        self.cells.len() == Self::COLUMNS.len()
    }

    /// The value of a column (a key of [`Review::COLUMNS`], any punctuation);
    /// `None` when the table is incomplete or the cell blank.
    ///
    /// ```
    /// use gongkai::tables::{Num, Review};
    /// let r = Review { cells: (0..15).map(|i| Some(Num::Int(i))).collect(), extra_cells: 0 };
    /// assert_eq!(r.value("行政诉讼/复议后起诉/总计"), Some(Num::Int(14)));
    /// ```
    pub fn value(&self, column: &str) -> Option<Num> {
        if !self.is_complete() {
            return None;
        }
        let k = mkey(column);
        let i = Self::COLUMNS.iter().position(|c| mkey(c) == k)?;
        self.cells.get(i).copied().flatten()
    }
}

/// The mandated tables of one report. Sections the report does not have are
/// `None`. Serialises (in template order) to the JSON described in
/// [`ReportTables::to_json`].
///
/// ```
/// let t = gongkai::tables::ReportTables::default();
/// assert!(t.active.is_none() && t.requests.is_none() && t.review.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportTables {
    /// The template version, when the tables tell (`None` when only the review
    /// table, identical in both, was found, or the items disagree).
    pub template: Option<Template>,
    /// Section 二.
    pub active: Option<Active>,
    /// Section 三.
    pub requests: Option<Requests>,
    /// Section 四.
    pub review: Option<Review>,
}

impl ReportTables {
    /// The tables as a JSON object:
    ///
    /// ```text
    /// { "doc": …, "template": "2019" | "2021" | null,
    ///   "二、主动公开政府信息情况": null | { "第二十条第(一)项": {
    ///       "<row>": { "<column>": n, … }               // complete row
    ///              | { "values": [..], "cells_found": k, "cells_expected": m },  // incomplete
    ///       "template": …, "cells_found": …, "cells_expected": …, "extra_cells": … }, … },
    ///   "三、收到和处理政府信息公开申请情况": null | { "columns": [7],
    ///       "rows": { "<path>": [7 values] | { "values", "cells_found", "cells_expected" } },
    ///       "cells_found", "cells_expected", "missing_rows": [..], "extra_cells" },
    ///   "四、政府信息公开行政复议、行政诉讼情况": null | { "columns": [15],
    ///       "values": [in document order], "cells_found", "cells_expected", "extra_cells" } }
    /// ```
    ///
    /// Values of an incomplete row or of an incomplete review table are in
    /// document order and must not be read as aligned with the columns.
    ///
    /// ```
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// let j = t.to_json("a.txt");
    /// assert_eq!(j["doc"], "a.txt");
    /// assert_eq!(j["二、主动公开政府信息情况"]["第二十条第(六)项"]["行政处罚"]["本年处理决定数量"], 3);
    /// assert!(j["四、政府信息公开行政复议、行政诉讼情况"].is_null());
    /// ```
    pub fn to_json(&self, doc: &str) -> serde_json::Value {
        let mut v = match serde_json::to_value(self) {
            Ok(v) => v,
            // Cannot happen: every map key is a string.
            Err(_) => serde_json::Value::Object(Default::default()),
        };
        if let Some(m) = v.as_object_mut() {
            m.insert("doc".into(), doc.into());
        }
        v
    }

    /// A value of a 第二十条 item; `None` when absent, incomplete or blank.
    ///
    /// ```
    /// use gongkai::tables::{Item, Num};
    /// let t = gongkai::tables::read("第二十条第(六)项\n信息内容\n本年处理决定数量\n行政处罚\n3").unwrap();
    /// assert_eq!(t.active_value(Item::Six, "行政处罚", "本年处理决定数量"), Some(Num::Int(3)));
    /// ```
    pub fn active_value(&self, item: Item, row: &str, column: &str) -> Option<Num> {
        self.active.as_ref()?.table(item)?.value(row, column)
    }

    /// 现行有效件数 of `规章` or `行政规范性文件` (2021 template, 第二十条第(一)项);
    /// `None` for a 2019 table, which has no such column.
    ///
    /// ```
    /// use gongkai::tables::Num;
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// assert_eq!(t.in_force("行政规范性文件"), Some(Num::Int(48)));
    /// assert_eq!(t.in_force("规章"), Some(Num::Int(5)));
    /// ```
    pub fn in_force(&self, kind: &str) -> Option<Num> {
        self.active_value(Item::One, kind, "现行有效件数")
    }

    /// A value of the requests table; see [`Requests::value`].
    ///
    /// ```
    /// use gongkai::tables::Num;
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// assert_eq!(t.requests_value("三、本年度办理结果/(一)予以公开", "总计"), Some(Num::Int(19)));
    /// ```
    pub fn requests_value(&self, row: &str, column: &str) -> Option<Num> {
        self.requests.as_ref()?.value(row, column)
    }

    /// 一、本年新收政府信息公开申请数量, 总计 column.
    ///
    /// ```
    /// use gongkai::tables::Num;
    /// let t = gongkai::tables::read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
    /// assert_eq!(t.requests_new_total(), Some(Num::Int(41)));
    /// ```
    pub fn requests_new_total(&self) -> Option<Num> {
        self.requests_value(Requests::NEW, "总计")
    }
}

// ---------------------------------------------------------------------------
// Serialisation (ordered as the template; `to_json` gives a sorted Value)

impl Serialize for ReportTables {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("template", &self.template)?;
        m.serialize_entry(ACTIVE_SECTION, &self.active)?;
        m.serialize_entry(REQUESTS_SECTION, &self.requests)?;
        m.serialize_entry(REVIEW_SECTION, &self.review)?;
        m.end()
    }
}

impl Serialize for Active {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.tables.len()))?;
        for t in &self.tables {
            m.serialize_entry(t.item.key(), t)?;
        }
        m.end()
    }
}

impl Serialize for ActiveTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        let columns = self.columns();
        for row in &self.rows {
            m.serialize_entry(row.key, &ByColumns { row, columns })?;
        }
        m.serialize_entry("template", &self.template)?;
        m.serialize_entry("cells_found", &self.cells_found())?;
        m.serialize_entry("cells_expected", &self.cells_expected())?;
        m.serialize_entry("extra_cells", &self.extra_cells)?;
        m.end()
    }
}

/// A complete row as `{column: value}`, an incomplete one as [`Unplaced`].
struct ByColumns<'a> {
    row: &'a Row,
    columns: &'static [&'static str],
}

impl Serialize for ByColumns<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.row.is_complete() {
            return Unplaced(self.row).serialize(s);
        }
        let mut m = s.serialize_map(Some(self.columns.len()))?;
        for (c, v) in self.columns.iter().zip(&self.row.cells) {
            m.serialize_entry(c, v)?;
        }
        m.end()
    }
}

/// `{"values": [...], "cells_found": k, "cells_expected": m}`.
struct Unplaced<'a>(&'a Row);

impl Serialize for Unplaced<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("values", &self.0.cells)?;
        m.serialize_entry("cells_found", &self.0.cells.len())?;
        m.serialize_entry("cells_expected", &self.0.expected)?;
        m.end()
    }
}

struct RequestRows<'a>(&'a [Row]);

impl Serialize for RequestRows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for row in self.0 {
            if row.is_complete() {
                m.serialize_entry(row.key, &row.cells)?;
            } else {
                m.serialize_entry(row.key, &Unplaced(row))?;
            }
        }
        m.end()
    }
}

impl Serialize for Requests {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("template", &self.template)?;
        m.serialize_entry("columns", &Self::COLUMNS)?;
        m.serialize_entry("rows", &RequestRows(&self.rows))?;
        m.serialize_entry("cells_found", &self.cells_found())?;
        m.serialize_entry("cells_expected", &self.cells_expected())?;
        m.serialize_entry("missing_rows", &self.missing_rows())?;
        m.serialize_entry("extra_cells", &self.extra_cells)?;
        m.end()
    }
}

impl Serialize for Review {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("columns", &Self::COLUMNS)?;
        m.serialize_entry("values", &self.cells)?;
        m.serialize_entry("cells_found", &self.cells.len())?;
        m.serialize_entry("cells_expected", &Self::COLUMNS.len())?;
        m.serialize_entry("extra_cells", &self.extra_cells)?;
        m.end()
    }
}

// ---------------------------------------------------------------------------
// Entry point

/// Reads the mandated tables of a report; `None` when it has none (a pre-2019
/// free-prose report, say). Never panics.
///
/// ```
/// assert!(gongkai::tables::read("一、概述\n2017年，共受理政府信息公开申请12件，均按时答复。").is_none());
/// let t = gongkai::tables::read("| 第二十条第（五）项 |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 1,532 |").unwrap();
/// assert_eq!(t.template, Some(gongkai::tables::Template::Y2021));
/// assert_eq!(t.active_value(gongkai::tables::Item::Five, "行政许可", "本年处理决定数量"),
///            Some(gongkai::tables::Num::Int(1532)));
/// ```
pub fn read(text: &str) -> Option<ReportTables> {
    let toks = tokens(text);
    let active = read_active(&toks);
    let requests = read_requests(&toks);
    let review = read_review(&toks);
    if active.is_empty() && requests.is_none() && review.is_none() {
        return None;
    }

    // The template: the items' evidence, then the shape of requests row (六).
    let (mut v19, mut v21) = (0, 0);
    for b in &active {
        match b.evidence() {
            Some(Template::Y2019) => v19 += 1,
            Some(Template::Y2021) => v21 += 1,
            None => {}
        }
    }
    let from_active = match v19.cmp(&v21) {
        std::cmp::Ordering::Greater => Some(Template::Y2019),
        std::cmp::Ordering::Less => Some(Template::Y2021),
        std::cmp::Ordering::Equal => None,
    };
    let template = from_active.or(requests.as_ref().and_then(|r| r.evidence));
    let fallback = template.unwrap_or(Template::Y2021);

    let active = if active.is_empty() {
        None
    } else {
        Some(Active {
            tables: active.into_iter().map(|b| b.finish(fallback)).collect(),
        })
    };
    Some(ReportTables {
        template,
        active,
        requests: requests.map(|r| r.finish(fallback)),
        review,
    })
}

// ---------------------------------------------------------------------------
// Cells

/// One cell of the stream.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A label, as its match key ([`mkey`]).
    Label(String),
    /// A number or a blank marker.
    Value(Cell),
    /// An empty cell of a `|` row or an HTML table.
    Empty,
    /// The end of a `|` row or HTML `<tr>`.
    Break,
}

fn tokens(text: &str) -> Vec<Tok> {
    // HTML is read as the pipeline reads a web page: its visible text, each
    // table row a `|` line (crate::html), so there is one HTML reader.
    let visible;
    let text = if is_html(text) {
        visible = crate::html::visible_text(text);
        visible.as_str()
    } else {
        text
    };
    let mut toks = Vec::new();
    for line in text.split(['\n', '\r']) {
        line_tokens(line, &mut toks);
    }
    toks
}

fn is_html(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(6).any(|w| w.eq_ignore_ascii_case(b"<table"))
        || b.windows(3).any(|w| w.eq_ignore_ascii_case(b"<td"))
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Maps a full-width ASCII variant to ASCII.
fn halfwidth(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The match key of a label: letters, digits and ideographs only.
fn mkey(s: &str) -> String {
    s.chars()
        .map(halfwidth)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A key without its leading numbering (一 1 ① …).
fn core(k: &str) -> &str {
    let t = k.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || "一二三四五六七八九十".contains(c)
            || ('\u{2460}'..='\u{2473}').contains(&c)
    });
    if t.is_empty() { k } else { t }
}

fn classify(cell: &str) -> Tok {
    let v: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .map(halfwidth)
        .collect();
    if v.is_empty() {
        return Tok::Empty;
    }
    if is_blank_mark(&v) {
        return Tok::Value(None);
    }
    if let Some(n) = parse_num(&v) {
        return Tok::Value(Some(n));
    }
    let k = mkey(cell);
    if k.is_empty() {
        Tok::Empty
    } else {
        Tok::Label(k)
    }
}

/// A cell that stands for "none" in a table: 无, or dashes and slashes only
/// (—, -, /, ——). Shared with the structure stage, which tells table rows
/// from prose by their cells.
pub(crate) fn is_blank_mark(cell: &str) -> bool {
    cell == "无"
        || (!cell.is_empty()
            && cell
                .chars()
                .all(|c| matches!(c, '-' | '—' | '–' | '―' | '‒' | '−' | '/' | '\\' | '_')))
}

/// A number cell: an optional sign, digits (thousands separated by `,` or not),
/// an optional decimal part and an optional unit.
fn parse_num(v: &str) -> Option<Num> {
    let mut s = v;
    for unit in ["万元", "元", "件", "个", "项", "次", "条"] {
        if let Some(r) = s.strip_suffix(unit) {
            s = r;
            break;
        }
    }
    let (neg, body) = if let Some(r) = s.strip_prefix(['-', '−']) {
        (true, r)
    } else if let Some(r) = s.strip_prefix('+') {
        (false, r)
    } else {
        (false, s)
    };
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
    {
        return None;
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty()
        || frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let digits: String = if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !groups.clone().all(|g| g.len() == 3) {
            return None;
        }
        int.chars().filter(|c| *c != ',').collect()
    } else {
        int.to_owned()
    };
    if digits.len() > 18 {
        return None;
    }
    match frac {
        None => {
            let i: i64 = digits.parse().ok()?;
            Some(Num::Int(if neg { -i } else { i }))
        }
        Some(f) => {
            if f.len() > 12 {
                return None;
            }
            let d: f64 = format!("{digits}.{f}").parse().ok()?;
            d.is_finite().then_some(Num::Dec(if neg { -d } else { d }))
        }
    }
}

fn line_tokens(line: &str, toks: &mut Vec<Tok>) {
    let t = line.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    if t.is_empty() {
        return;
    }
    const PIPES: [char; 2] = ['|', '｜'];
    if t.contains(PIPES) {
        let mut parts: Vec<&str> = t.split(PIPES).collect();
        if t.starts_with(PIPES) {
            parts.remove(0);
        }
        if t.ends_with(PIPES) {
            parts.pop();
        }
        let is_rule = |p: &&str| {
            let p = p.trim();
            p.is_empty()
                || (p.chars().count() >= 3
                    && p.chars().all(|c| matches!(c, '-' | ':' | '=' | '+' | '—')))
        };
        if parts.iter().all(is_rule) {
            return;
        }
        toks.extend(parts.iter().map(|p| classify(p)));
        toks.push(Tok::Break);
        return;
    }
    if t.contains('\t') {
        let parts: Vec<&str> = t
            .split('\t')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > 1 {
            toks.extend(
                parts
                    .iter()
                    .map(|p| classify(p))
                    .filter(|k| *k != Tok::Empty),
            );
            return;
        }
    }
    // A label followed by numbers separated by spaces: "规章 0 0 0".
    let parts: Vec<&str> = t.split_whitespace().collect();
    if parts.len() > 1 {
        let values: Vec<Tok> = parts
            .iter()
            .rev()
            .map(|p| classify(p))
            .take_while(|k| matches!(k, Tok::Value(_)))
            .collect();
        let n = values.len();
        if n > 0 && (n < parts.len() || n > 1) {
            let label = parts[..parts.len() - n].concat();
            if !label.is_empty() {
                match classify(&label) {
                    Tok::Empty => {}
                    k => toks.push(k),
                }
            }
            // No row break: a row's numbers may wrap onto the next line.
            toks.extend(values.into_iter().rev());
            return;
        }
    }
    match classify(t) {
        Tok::Empty => {}
        k => toks.push(k),
    }
}

// ---------------------------------------------------------------------------
// Walking helpers

/// A label broken over more cells than this is not joined.
const MAX_JOIN: usize = 6;
/// Joined labels longer than this (bytes) cannot be a template label.
const MAX_KEY_BYTES: usize = 80 * 3;

/// The labels from `i` up to the next value cell, and that cell's index.
fn label_run(toks: &[Tok], mut i: usize) -> (Vec<usize>, usize) {
    let mut labels = Vec::new();
    while i < toks.len() {
        match toks[i] {
            Tok::Value(_) => break,
            Tok::Label(_) => labels.push(i),
            Tok::Empty | Tok::Break => {}
        }
        i += 1;
    }
    (labels, i)
}

fn key_at(toks: &[Tok], i: usize) -> &str {
    match &toks[i] {
        Tok::Label(k) => k,
        _ => "",
    }
}

/// Tries the labels at `labels[p..]` joined one, two … [`MAX_JOIN`] at a time;
/// gives the first hit and how many labels it took.
fn join_match<T>(
    toks: &[Tok],
    labels: &[usize],
    p: usize,
    mut f: impl FnMut(&str) -> Option<T>,
) -> Option<(T, usize)> {
    let mut joined = String::new();
    for len in 1..=MAX_JOIN.min(labels.len() - p) {
        joined.push_str(key_at(toks, labels[p + len - 1]));
        if joined.len() > MAX_KEY_BYTES {
            break;
        }
        if let Some(t) = f(&joined) {
            return Some((t, len));
        }
    }
    None
}

/// True when some label of the run, alone or joined with the next ones, is a hit.
fn run_hits<T>(toks: &[Tok], labels: &[usize], mut f: impl FnMut(&str) -> Option<T>) -> bool {
    (0..labels.len()).any(|p| join_match(toks, labels, p, &mut f).is_some())
}

/// How many label runs past an unknown one are looked at before a table ends.
const LOOKAHEAD_RUNS: usize = 2;

/// True when one of the next [`LOOKAHEAD_RUNS`] label runs from `i` passes `check`.
fn peek(toks: &[Tok], mut i: usize, mut check: impl FnMut(&[usize]) -> bool) -> bool {
    for _ in 0..LOOKAHEAD_RUNS {
        while i < toks.len() && !matches!(toks[i], Tok::Label(_)) {
            i += 1;
        }
        let (labels, end) = label_run(toks, i);
        if labels.is_empty() {
            return false;
        }
        if check(&labels) {
            return true;
        }
        i = end;
    }
    false
}

/// A cell as collected: its value and whether it was an empty cell.
type Collected = (Cell, bool);

/// The cells of one row, starting right after its label at `start`: value and
/// empty cells up to the next label, and in a `|`/HTML layout up to the end of
/// the first row that has any (all rows with `across_rows`). Empty cells on
/// the label's own row count when the next row starts with a label (a row of
/// blanks); otherwise an all-empty row is skipped.
fn collect_values(toks: &[Tok], start: usize, across_rows: bool) -> (Vec<Collected>, usize) {
    let mut out = Vec::new();
    let mut row: Vec<Collected> = Vec::new();
    let mut own_row = true;
    let mut i = start;
    while i < toks.len() {
        match &toks[i] {
            Tok::Label(_) => break,
            Tok::Value(v) => row.push((*v, false)),
            Tok::Empty => row.push((None, true)),
            Tok::Break => {
                let has_value = row.iter().any(|c| !c.1);
                if has_value || (own_row && !row.is_empty() && next_row_is_label(toks, i + 1)) {
                    out.append(&mut row);
                    if !across_rows {
                        return (out, i + 1);
                    }
                } else {
                    row.clear();
                }
                own_row = false;
            }
        }
        i += 1;
    }
    if row.iter().any(|c| !c.1) || (own_row && out.is_empty()) {
        out.append(&mut row);
    }
    (out, i)
}

fn next_row_is_label(toks: &[Tok], mut i: usize) -> bool {
    while i < toks.len() {
        match toks[i] {
            Tok::Label(_) => return true,
            Tok::Value(_) => return false,
            Tok::Empty | Tok::Break => i += 1,
        }
    }
    true
}

/// Fits collected cells to `max`: surplus empty cells at either end are
/// dropped (a merged label cell's placeholder), the rest beyond `max` counted.
fn fit(mut cells: Vec<Collected>, max: usize) -> (Vec<Cell>, usize) {
    let lead = cells.iter().take_while(|c| c.1).count();
    let drop = lead.min(cells.len().saturating_sub(max));
    cells.drain(..drop);
    while cells.len() > max && cells.last().is_some_and(|c| c.1) {
        cells.pop();
    }
    let extra = cells.len().saturating_sub(max);
    cells.truncate(max);
    (cells.into_iter().map(|c| c.0).collect(), extra)
}

// ---------------------------------------------------------------------------
// Section 二: 第二十条

struct ItemSpec {
    key: &'static str,
    /// Columns of 2021 (empty: the item does not exist in 2021).
    columns_2021: &'static [&'static str],
    columns_2019: &'static [&'static str],
    /// Rows as (2021 name, 2019 name); empty when absent from that version.
    rows: &'static [(&'static str, &'static str)],
}

const ITEMS: [ItemSpec; 5] = [
    ItemSpec {
        key: "第二十条第(一)项",
        columns_2021: &["本年制发件数", "本年废止件数", "现行有效件数"],
        columns_2019: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        rows: &[("规章", "规章"), ("行政规范性文件", "规范性文件")],
    },
    ItemSpec {
        key: "第二十条第(五)项",
        columns_2021: &["本年处理决定数量"],
        columns_2019: &["上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &[("行政许可", "行政许可"), ("", "其他对外管理服务事项")],
    },
    ItemSpec {
        key: "第二十条第(六)项",
        columns_2021: &["本年处理决定数量"],
        columns_2019: &["上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &[("行政处罚", "行政处罚"), ("行政强制", "行政强制")],
    },
    ItemSpec {
        key: "第二十条第(八)项",
        columns_2021: &["本年收费金额(单位:万元)"],
        columns_2019: &["上一年项目数量", "本年增/减"],
        rows: &[("行政事业性收费", "行政事业性收费")],
    },
    ItemSpec {
        key: "第二十条第(九)项",
        columns_2021: &[],
        columns_2019: &["采购项目数量", "采购总金额"],
        rows: &[("", "政府集中采购")],
    },
];

fn row_name(r: &(&'static str, &'static str), t: Template) -> &'static str {
    match t {
        Template::Y2021 => r.0,
        Template::Y2019 => r.1,
    }
}

/// Match keys of the item anchors, and of the header cells of each version
/// (the part before any parenthesis, matched as a prefix).
struct ItemKeys {
    anchor: String,
    headers: [Vec<String>; 2],
    rows: Vec<(String, String)>,
}

static ITEM_KEYS: LazyLock<Vec<ItemKeys>> = LazyLock::new(|| {
    let head = |cols: &[&str]| -> Vec<String> {
        cols.iter()
            .map(|c| mkey(c.split('(').next().unwrap_or(c)))
            .collect()
    };
    ITEMS
        .iter()
        .map(|s| ItemKeys {
            anchor: mkey(s.key),
            headers: [head(s.columns_2019), head(s.columns_2021)],
            rows: s.rows.iter().map(|r| (mkey(r.0), mkey(r.1))).collect(),
        })
        .collect()
});

/// An item being read.
struct ItemBuild {
    item: Item,
    /// Header and row-label votes for 2019 and 2021.
    votes: [usize; 2],
    /// (row kind, cells) in document order.
    rows: Vec<(usize, Vec<Collected>)>,
    extra: usize,
}

impl ItemBuild {
    /// The version the item's own cells show, if they do.
    fn evidence(&self) -> Option<Template> {
        if self.item == Item::Nine {
            return Some(Template::Y2019);
        }
        match self.votes[0].cmp(&self.votes[1]) {
            std::cmp::Ordering::Greater => return Some(Template::Y2019),
            std::cmp::Ordering::Less => return Some(Template::Y2021),
            std::cmp::Ordering::Equal => {}
        }
        // Cell counts, where the versions differ in their column count.
        let s = self.item.spec();
        let (n19, n21) = (s.columns_2019.len(), s.columns_2021.len());
        if n19 == n21 || self.rows.is_empty() {
            return None;
        }
        let counts = self
            .rows
            .iter()
            .map(|(_, c)| c.iter().filter(|x| !x.1).count());
        if counts.clone().all(|n| n == n21) {
            Some(Template::Y2021)
        } else if counts.clone().all(|n| n == n19) {
            Some(Template::Y2019)
        } else {
            None
        }
    }

    fn finish(self, fallback: Template) -> ActiveTable {
        let template = self.item.effective(self.evidence().unwrap_or(fallback));
        let spec = self.item.spec();
        let ncols = self.item.columns(template).len();
        let mut extra = self.extra;
        let mut rows: Vec<(usize, Row)> = Vec::new();
        for (kind, cells) in self.rows {
            let name = row_name(&spec.rows[kind], template);
            if name.is_empty() || rows.iter().any(|(k, _)| *k == kind) {
                extra += cells.iter().filter(|c| !c.1).count();
                continue;
            }
            let (cells, surplus) = fit(cells, ncols);
            extra += surplus;
            rows.push((
                kind,
                Row {
                    key: name,
                    cells,
                    expected: ncols,
                },
            ));
        }
        rows.sort_by_key(|(k, _)| *k);
        ActiveTable {
            item: self.item,
            template,
            rows: rows.into_iter().map(|(_, r)| r).collect(),
            extra_cells: extra,
        }
    }
}

enum ActiveHit {
    Anchor(usize),
    Known,
    Header(usize),
    Row(usize, Option<usize>),
}

/// What a label names in section 二: an item anchor, or (within `item`) 信息内容,
/// a header of either version or a row.
fn active_hit(k: &str, item: Option<Item>) -> Option<ActiveHit> {
    let keys = &*ITEM_KEYS;
    if let Some(a) = keys.iter().position(|ik| ik.anchor == k) {
        return Some(ActiveHit::Anchor(a));
    }
    let ik = &keys[item? as usize];
    if k == "信息内容" {
        return Some(ActiveHit::Known);
    }
    for (v, hs) in ik.headers.iter().enumerate() {
        if hs
            .iter()
            .any(|h| !h.is_empty() && k.starts_with(h.as_str()))
        {
            return Some(ActiveHit::Header(v));
        }
    }
    let kc = core(k);
    for (kind, (r21, r19)) in ik.rows.iter().enumerate() {
        let is21 = !r21.is_empty() && (k == r21 || kc == r21);
        let is19 = !r19.is_empty() && (k == r19 || kc == r19);
        if is21 || is19 {
            let vote = match (is21, is19) {
                (true, false) => Some(1),
                (false, true) => Some(0),
                _ => None,
            };
            return Some(ActiveHit::Row(kind, vote));
        }
    }
    None
}

fn read_active(toks: &[Tok]) -> Vec<ItemBuild> {
    let mut items: Vec<ItemBuild> = Vec::new();
    let mut cur: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() {
        let (labels, end) = label_run(toks, i);
        let Some(&run_last) = labels.last() else {
            let (vals, next) = collect_values(toks, i, true);
            if let Some(c) = cur {
                items[c].extra += count_values(&vals);
            }
            i = next.max(i + 1);
            continue;
        };
        let mut matched = false;
        // The row whose label was matched last: its values follow the next
        // matched label, or the run.
        let mut pending: Option<(usize, usize, usize)> = None;
        let mut next_i = end;
        let mut p = 0;
        while p < labels.len() {
            let item = cur.map(|c| items[c].item);
            let hit = join_match(toks, &labels, p, |k| active_hit(k, item));
            let Some((hit, len)) = hit else {
                p += 1;
                continue;
            };
            p += len;
            matched = true;
            if let Some((c, kind, at)) = pending.take() {
                let (vals, _) = collect_values(toks, at + 1, false);
                items[c].rows.push((kind, vals));
            }
            match hit {
                ActiveHit::Anchor(a) => {
                    let item = Item::ALL[a];
                    cur = Some(match items.iter().position(|b| b.item == item) {
                        Some(existing) => existing,
                        None => {
                            items.push(ItemBuild {
                                item,
                                votes: [0, 0],
                                rows: Vec::new(),
                                extra: 0,
                            });
                            items.len() - 1
                        }
                    });
                }
                ActiveHit::Known => {}
                ActiveHit::Header(v) => {
                    if let Some(c) = cur {
                        items[c].votes[v] += 1;
                    }
                }
                ActiveHit::Row(kind, vote) => {
                    if let Some(c) = cur {
                        if let Some(v) = vote {
                            items[c].votes[v] += 1;
                        }
                        pending = Some((c, kind, labels[p - 1]));
                    }
                }
            }
        }
        if !matched {
            // The item ends unless a label run just ahead continues it (an
            // unknown label inside the table); later items may follow prose.
            let item = cur.map(|c| items[c].item);
            if item.is_none() || !peek(toks, end, |ls| run_hits(toks, ls, |k| active_hit(k, item)))
            {
                cur = None;
            }
        }
        let (vals, next) = collect_values(toks, run_last + 1, false);
        match pending {
            Some((c, kind, _)) => items[c].rows.push((kind, vals)),
            // Values after a header or an anchor belong to no row.
            None => {
                if let Some(c) = cur {
                    items[c].extra += count_values(&vals);
                }
            }
        }
        next_i = next_i.max(next);
        i = next_i.max(i + 1);
    }
    items
}

fn count_values(vals: &[Collected]) -> usize {
    vals.iter().filter(|v| !v.1).count()
}

// ---------------------------------------------------------------------------
// Section 三: requests

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    /// A row in both versions.
    Leaf,
    /// A heading row with sub-rows.
    Group,
    /// (六)其他处理: a row in 2019, a group in 2021.
    Other,
    /// A sub-row of (六), 2021 only.
    Leaf2021,
}

impl NodeKind {
    fn is_leaf(self, t: Template) -> bool {
        match self {
            NodeKind::Leaf => true,
            NodeKind::Group => false,
            NodeKind::Other => t == Template::Y2019,
            NodeKind::Leaf2021 => t == Template::Y2021,
        }
    }
}

/// The rows and groups of the requests table, in template order, by path.
const REQ_NODES: [(&str, NodeKind); 30] = [
    ("一、本年新收政府信息公开申请数量", NodeKind::Leaf),
    ("二、上年结转政府信息公开申请数量", NodeKind::Leaf),
    ("三、本年度办理结果", NodeKind::Group),
    ("三、本年度办理结果/(一)予以公开", NodeKind::Leaf),
    (
        "三、本年度办理结果/(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        NodeKind::Leaf,
    ),
    ("三、本年度办理结果/(三)不予公开", NodeKind::Group),
    (
        "三、本年度办理结果/(三)不予公开/1.属于国家秘密",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/2.其他法律行政法规禁止公开",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/3.危及“三安全一稳定”",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/4.保护第三方合法权益",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/5.属于三类内部事务信息",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/6.属于四类过程性信息",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/7.属于行政执法案卷",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(三)不予公开/8.属于行政查询事项",
        NodeKind::Leaf,
    ),
    ("三、本年度办理结果/(四)无法提供", NodeKind::Group),
    (
        "三、本年度办理结果/(四)无法提供/1.本机关不掌握相关政府信息",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(四)无法提供/2.没有现成信息需要另行制作",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(四)无法提供/3.补正后申请内容仍不明确",
        NodeKind::Leaf,
    ),
    ("三、本年度办理结果/(五)不予处理", NodeKind::Group),
    (
        "三、本年度办理结果/(五)不予处理/1.信访举报投诉类申请",
        NodeKind::Leaf,
    ),
    ("三、本年度办理结果/(五)不予处理/2.重复申请", NodeKind::Leaf),
    (
        "三、本年度办理结果/(五)不予处理/3.要求提供公开出版物",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(五)不予处理/4.无正当理由大量反复申请",
        NodeKind::Leaf,
    ),
    (
        "三、本年度办理结果/(五)不予处理/5.要求行政机关确认或重新出具已获取信息",
        NodeKind::Leaf,
    ),
    ("三、本年度办理结果/(六)其他处理", NodeKind::Other),
    (
        "三、本年度办理结果/(六)其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        NodeKind::Leaf2021,
    ),
    (
        "三、本年度办理结果/(六)其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        NodeKind::Leaf2021,
    ),
    ("三、本年度办理结果/(六)其他处理/3.其他", NodeKind::Leaf2021),
    ("三、本年度办理结果/(七)总计", NodeKind::Leaf),
    ("四、结转下年度继续办理", NodeKind::Leaf),
];

/// Index of (六)其他处理 and of 四 in [`REQ_NODES`].
const REQ_OTHER: usize = 24;
const REQ_FORWARD: usize = 29;
/// The nodes a table may start at: 一 and 二.
const REQ_ANCHORS: usize = 2;

/// Column-header words of the requests table: never row labels, except
/// 总计/其他 for the row that comes next.
const REQ_HEADERS: [&str; 14] = [
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "商业",
    "企业",
    "科研",
    "机构",
    "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和",
];

struct NodeKeys {
    full: String,
    core: String,
    parent: Option<usize>,
    /// Ancestors, outermost first.
    ancestors: Vec<usize>,
    depth: usize,
    aliases: Vec<String>,
}

static REQ_KEYS: LazyLock<(Vec<NodeKeys>, Vec<String>)> = LazyLock::new(|| {
    let mut nodes: Vec<NodeKeys> = Vec::new();
    for (i, (path, _)) in REQ_NODES.iter().enumerate() {
        let segs: Vec<&str> = path.split('/').collect();
        let label = segs.last().copied().unwrap_or(path);
        let ancestors: Vec<usize> = (1..segs.len())
            .filter_map(|n| {
                let prefix = segs[..n].join("/");
                REQ_NODES[..i].iter().position(|(p, _)| *p == prefix)
            })
            .collect();
        let full = mkey(label);
        let core = core(&full).to_owned();
        let aliases = if label.starts_with("(二)") {
            vec!["部分公开".to_owned()]
        } else {
            Vec::new()
        };
        nodes.push(NodeKeys {
            core,
            full,
            parent: ancestors.last().copied(),
            depth: segs.len() - 1,
            ancestors,
            aliases,
        });
    }
    (nodes, REQ_HEADERS.iter().map(|h| mkey(h)).collect())
});

/// Whether a label key names node `n`: its full key or, when unambiguous
/// (top levels, inside its group, or with its group written in the same
/// cell), its key without numbering; ancestor labels in front are allowed.
fn node_matches(key: &str, n: usize, ctx: Option<usize>) -> bool {
    let nodes = &REQ_KEYS.0;
    let node = &nodes[n];
    let mut cands: Vec<(&str, bool)> = vec![(key, false)];
    for &a in &node.ancestors {
        let anc = &nodes[a];
        let mut more = Vec::new();
        for &(c, _) in &cands {
            let rest = c
                .strip_prefix(anc.full.as_str())
                .or_else(|| core(c).strip_prefix(anc.core.as_str()));
            if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                more.push((rest, Some(a) == node.parent));
            }
        }
        cands.extend(more);
    }
    cands.iter().any(|&(c, in_parent)| {
        if c == node.full {
            return true;
        }
        let cc = core(c);
        let core_ok = cc == node.core || node.aliases.iter().any(|a| a == cc);
        core_ok && (node.depth < 2 || in_parent || ctx.is_some() && ctx == node.parent)
    })
}

/// The requests table being read.
struct RequestsBuild {
    rows: Vec<(usize, Vec<Collected>)>,
    extra: usize,
    /// What row (六) showed: a single row (2019) or sub-rows (2021).
    evidence: Option<Template>,
}

impl RequestsBuild {
    /// Records a row's cells; a row seen again only adds surplus cells.
    fn add(&mut self, n: usize, vals: Vec<Collected>) {
        if self.rows.iter().any(|(m, _)| *m == n) {
            self.extra += count_values(&vals);
        } else {
            self.rows.push((n, vals));
        }
    }

    fn finish(self, fallback: Template) -> Requests {
        let template = self.evidence.unwrap_or(fallback);
        let mut extra = self.extra;
        let mut rows = Vec::new();
        for (n, cells) in self.rows {
            if !REQ_NODES[n].1.is_leaf(template) {
                extra += cells.iter().filter(|c| !c.1).count();
                continue;
            }
            let (cells, surplus) = fit(cells, Requests::COLUMNS.len());
            extra += surplus;
            rows.push(Row {
                key: REQ_NODES[n].0,
                cells,
                expected: Requests::COLUMNS.len(),
            });
        }
        Requests {
            template,
            rows,
            extra_cells: extra,
        }
    }
}

/// What a label names in the requests table: `Some(Some(node))`, or
/// `Some(None)` for a column-header word (which names only the row that comes
/// next: 总计 (七), 其他 (六)3). Before the table starts only its anchors match.
fn req_hit(k: &str, started: bool, cursor: usize, ctx: Option<usize>) -> Option<Option<usize>> {
    let (nodes, headers) = &*REQ_KEYS;
    if started && headers.iter().any(|h| h == k) {
        let next = cursor < nodes.len() && node_matches(k, cursor, ctx);
        return Some(next.then_some(cursor));
    }
    let upto = if started { nodes.len() } else { REQ_ANCHORS };
    (cursor.min(upto)..upto)
        .find(|&n| node_matches(k, n, ctx))
        .map(Some)
}

fn read_requests(toks: &[Tok]) -> Option<RequestsBuild> {
    let nodes = &REQ_KEYS.0;
    let mut b = RequestsBuild {
        rows: Vec::new(),
        extra: 0,
        evidence: None,
    };
    let mut started = false;
    let mut done = false;
    let mut cursor = 0;
    let mut ctx: Option<usize> = None;
    let mut i = 0;
    while i < toks.len() && !done {
        let (labels, end) = label_run(toks, i);
        let Some(&run_last) = labels.last() else {
            let (vals, next) = collect_values(toks, i, true);
            if started {
                b.extra += count_values(&vals);
            }
            i = next.max(i + 1);
            continue;
        };
        let mut matched = false;
        // The row whose label was matched last: its values follow the next
        // matched label, or the run.
        let mut pending: Option<(usize, usize)> = None;
        let mut p = 0;
        while p < labels.len() {
            let hit = join_match(toks, &labels, p, |k| req_hit(k, started, cursor, ctx));
            let Some((hit, len)) = hit else {
                p += 1;
                continue;
            };
            matched = true;
            p += len;
            if let Some((n, at)) = pending.take() {
                let (vals, _) = collect_values(toks, at + 1, false);
                b.add(n, vals);
            }
            let Some(n) = hit else { continue };
            started = true;
            cursor = n + 1;
            let at = labels[p - 1];
            let kind = REQ_NODES[n].1;
            let leaf = match kind {
                NodeKind::Leaf | NodeKind::Leaf2021 => true,
                NodeKind::Group => false,
                // (六) followed by values is the 2019 single row.
                NodeKind::Other => !next_row_is_label(toks, at + 1),
            };
            if kind == NodeKind::Leaf2021 {
                b.evidence = Some(Template::Y2021);
            }
            if kind == NodeKind::Other && leaf {
                b.evidence = Some(Template::Y2019);
                cursor = REQ_OTHER + 4;
            }
            if leaf {
                ctx = nodes[n].parent;
                pending = Some((n, at));
            } else {
                ctx = Some(n);
            }
        }
        // Labels the template does not know end the table, unless a label
        // run just ahead continues it.
        if !matched
            && started
            && !peek(toks, end, |ls| {
                run_hits(toks, ls, |k| req_hit(k, true, cursor, ctx).flatten())
            })
        {
            break;
        }
        let (vals, next) = collect_values(toks, run_last + 1, false);
        match pending {
            Some((n, _)) => {
                b.add(n, vals);
                done = n == REQ_FORWARD;
            }
            None => {
                if started {
                    b.extra += count_values(&vals);
                }
            }
        }
        i = end.max(next).max(i + 1);
    }
    started.then_some(b)
}

// ---------------------------------------------------------------------------
// Section 四: review

fn read_review(toks: &[Tok]) -> Option<Review> {
    let mut i = 0;
    while i < toks.len() {
        let (labels, end) = label_run(toks, i);
        // The header: a short label starting 行政复议 (alone, or with 行政诉讼
        // beside it), with 行政诉讼 and 结果维持 after it in the same run.
        let fy = labels.iter().position(|&l| {
            let k = core(key_at(toks, l));
            k.starts_with("行政复议") && k.chars().count() <= 12
        });
        let anchored = fy.is_some_and(|p| {
            let rest: String = labels[p..].iter().map(|&l| key_at(toks, l)).collect();
            let rest = rest.strip_prefix("行政复议").unwrap_or(&rest);
            rest.contains("行政诉讼") && rest.contains("维持")
        });
        if anchored && let Some(&last) = labels.last() {
            let (vals, _) = collect_values(toks, last + 1, true);
            let (cells, extra) = fit(vals, Review::COLUMNS.len());
            return Some(Review {
                cells,
                extra_cells: extra,
            });
        }
        // Skip the values after this run.
        let mut j = end;
        while j < toks.len() && !matches!(toks[j], Tok::Label(_)) {
            j += 1;
        }
        i = j.max(i + 1);
    }
    None
}

// ---------------------------------------------------------------------------
// Checks

/// Outcome of a check or of one of its parts.
///
/// ```
/// use gongkai::tables::Status;
/// assert_eq!(serde_json::to_string(&Status::NotApplicable).unwrap(), "\"not_applicable\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The identity holds.
    Pass,
    /// The identity does not hold.
    Fail,
    /// A cell it needs is missing, blank or cannot be placed.
    Incomplete,
    /// The table is not in the document.
    NotApplicable,
}

/// One part of a check: a column, a row or a block.
///
/// ```
/// use gongkai::tables::{Num, Part, Status};
/// let p = Part { name: "自然人".into(), status: Status::Pass, expected: Some(Num::Int(4)),
///                actual: Some(Num::Int(4)), missing: vec![] };
/// assert_eq!(serde_json::to_value(&p).unwrap()["status"], "pass");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// What the part is (a column, a row key, a block).
    pub name: String,
    /// Its outcome.
    pub status: Status,
    /// The figure the table states (see each check), when known.
    pub expected: Option<Num>,
    /// What the other cells add up to, when known.
    pub actual: Option<Num>,
    /// Cells it needs that are missing, blank or cannot be placed.
    pub missing: Vec<String>,
}

/// An arithmetic check of the tables.
///
/// ```
/// let checks = gongkai::tables::checks(&gongkai::tables::ReportTables::default());
/// assert_eq!(checks.len(), 4);
/// assert!(checks.iter().all(|c| c.status == gongkai::tables::Status::NotApplicable));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// `requests_balance`, `requests_outcomes_sum`, `requests_columns_sum` or
    /// `review_blocks_sum`.
    pub id: &'static str,
    /// Fail if any part fails, else incomplete if any part is, else pass.
    pub status: Status,
    /// What failed or is missing, with the numbers.
    pub detail: String,
    /// The parts, each with its numbers.
    pub parts: Vec<Part>,
}

/// Runs the arithmetic checks, in this order:
///
/// 1. `requests_balance`, per applicant column: 一 + 二 (`expected`) =
///    (七)总计 + 四 (`actual`), the identity the template states.
/// 2. `requests_outcomes_sum`, per column: (七)总计 (`expected`) = the sum of
///    every outcome row (一)…(六) (`actual`).
/// 3. `requests_columns_sum`, per row: 总计 (`expected`) = the sum of the six
///    applicant columns (`actual`).
/// 4. `review_blocks_sum`, per block (行政复议, 未经复议直接起诉, 复议后起诉):
///    总计 (`expected`) = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (`actual`).
///
/// A missing table gives `not_applicable`; a needed cell that is missing or
/// blank, or a row or table whose cells cannot be placed, gives `incomplete`.
///
/// ```
/// use gongkai::tables::{checks, read, Status};
/// let t = read(include_str!("../tests/data/tables/2021_lines.txt")).unwrap();
/// assert!(checks(&t).iter().all(|c| c.status == Status::Pass));
/// ```
pub fn checks(tables: &ReportTables) -> Vec<Check> {
    let req = tables.requests.as_ref();
    vec![
        requests_check(req, "requests_balance", balance_parts),
        requests_check(req, "requests_outcomes_sum", outcomes_parts),
        requests_check(req, "requests_columns_sum", columns_parts),
        review_check(tables.review.as_ref()),
    ]
}

fn not_applicable(id: &'static str, what: &str) -> Check {
    Check {
        id,
        status: Status::NotApplicable,
        detail: format!("no {what} table"),
        parts: Vec::new(),
    }
}

/// A cell as a number, or why it cannot be had.
fn req_cell(req: &Requests, row: &str, col: usize) -> Result<Num, String> {
    let column = Requests::COLUMNS[col];
    match req.row(row) {
        None => Err(format!("{row}: row not found")),
        Some(r) if !r.is_complete() => Err(format!(
            "{row}: {} of {} cells, cannot be placed",
            r.cells.len(),
            r.expected
        )),
        Some(r) => match r.cells.get(col).copied().flatten() {
            Some(n) => Ok(n),
            None => Err(format!("{row}/{column}: blank")),
        },
    }
}

/// Reads `terms`; gives the numbers, or the reasons some are missing.
fn gather(req: &Requests, terms: &[(&str, usize)]) -> Result<Vec<Num>, Vec<String>> {
    let mut nums = Vec::new();
    let mut missing = Vec::new();
    for &(row, col) in terms {
        match req_cell(req, row, col) {
            Ok(n) => nums.push(n),
            Err(m) => missing.push(m),
        }
    }
    if missing.is_empty() {
        Ok(nums)
    } else {
        Err(missing)
    }
}

fn sum(nums: &[Num]) -> Num {
    nums.iter().fold(Num::Int(0), |a, &b| a + b)
}

fn joined(nums: &[Num]) -> String {
    nums.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(" + ")
}

fn part(name: String, expected: Num, actual: Num) -> Part {
    Part {
        name,
        status: if expected.same(actual) {
            Status::Pass
        } else {
            Status::Fail
        },
        expected: Some(expected),
        actual: Some(actual),
        missing: Vec::new(),
    }
}

fn incomplete_part(name: String, missing: Vec<String>) -> Part {
    Part {
        name,
        status: Status::Incomplete,
        expected: None,
        actual: None,
        missing,
    }
}

/// Parts with a human-readable detail of each failing one.
type Parts = Vec<(Part, String)>;

fn balance_parts(req: &Requests) -> Parts {
    (0..Requests::COLUMNS.len())
        .map(|c| {
            let col = Requests::COLUMNS[c];
            let terms = [
                (Requests::NEW, c),
                (Requests::CARRIED_OVER, c),
                (Requests::OUTCOMES_TOTAL, c),
                (Requests::CARRIED_FORWARD, c),
            ];
            match gather(req, &terms) {
                Err(m) => (incomplete_part(col.into(), m), String::new()),
                Ok(n) => {
                    let detail = format!("{col}: {} + {} ≠ {} + {}", n[0], n[1], n[2], n[3]);
                    (part(col.into(), n[0] + n[1], n[2] + n[3]), detail)
                }
            }
        })
        .collect()
}

fn outcome_rows(t: Template) -> Vec<&'static str> {
    Requests::row_keys(t)
        .into_iter()
        .filter(|k| k.starts_with("三、") && *k != Requests::OUTCOMES_TOTAL)
        .collect()
}

fn outcomes_parts(req: &Requests) -> Parts {
    let rows = outcome_rows(req.template);
    (0..Requests::COLUMNS.len())
        .map(|c| {
            let col = Requests::COLUMNS[c];
            let mut terms: Vec<(&str, usize)> = vec![(Requests::OUTCOMES_TOTAL, c)];
            terms.extend(rows.iter().map(|r| (*r, c)));
            match gather(req, &terms) {
                Err(m) => (incomplete_part(col.into(), m), String::new()),
                Ok(n) => {
                    let total = sum(&n[1..]);
                    let detail = format!(
                        "{col}: outcome rows (一)…(六) sum to {total} ≠ (七)总计 {}",
                        n[0]
                    );
                    (part(col.into(), n[0], total), detail)
                }
            }
        })
        .collect()
}

fn columns_parts(req: &Requests) -> Parts {
    Requests::row_keys(req.template)
        .into_iter()
        .map(|row| {
            let terms: Vec<(&str, usize)> =
                (0..Requests::COLUMNS.len()).map(|c| (row, c)).collect();
            match gather(req, &terms) {
                Err(m) => (incomplete_part(row.into(), m), String::new()),
                Ok(n) => {
                    let total = sum(&n[..6]);
                    let detail = format!("{row}: {} = {total} ≠ 总计 {}", joined(&n[..6]), n[6]);
                    (part(row.into(), n[6], total), detail)
                }
            }
        })
        .collect()
}

fn requests_check(req: Option<&Requests>, id: &'static str, f: fn(&Requests) -> Parts) -> Check {
    match req {
        None => not_applicable(id, "requests (三)"),
        Some(r) => conclude(id, f(r)),
    }
}

fn conclude(id: &'static str, parts: Parts) -> Check {
    let any = |s: Status| parts.iter().any(|(p, _)| p.status == s);
    let status = if any(Status::Fail) {
        Status::Fail
    } else if any(Status::Incomplete) {
        Status::Incomplete
    } else {
        Status::Pass
    };
    let mut lines: Vec<String> = parts
        .iter()
        .filter(|(p, _)| p.status == Status::Fail)
        .map(|(_, d)| d.clone())
        .collect();
    let mut missing: Vec<&str> = Vec::new();
    for (p, _) in &parts {
        for m in &p.missing {
            if !missing.contains(&m.as_str()) {
                missing.push(m);
            }
        }
    }
    if !missing.is_empty() {
        // The parts list every missing cell; the detail names the first few.
        const SHOWN: usize = 10;
        let mut m = missing[..missing.len().min(SHOWN)].join("; ");
        if missing.len() > SHOWN {
            m.push_str(&format!(" … and {} more", missing.len() - SHOWN));
        }
        lines.push(format!("incomplete: {m}"));
    }
    let detail = if lines.is_empty() {
        format!("holds in all {} parts", parts.len())
    } else {
        lines.join("; ")
    };
    Check {
        id,
        status,
        detail,
        parts: parts.into_iter().map(|(p, _)| p).collect(),
    }
}

fn review_check(review: Option<&Review>) -> Check {
    const ID: &str = "review_blocks_sum";
    let Some(r) = review else {
        return not_applicable(ID, "review (四)");
    };
    let parts: Parts = Review::BLOCKS
        .iter()
        .enumerate()
        .map(|(b, name)| {
            if !r.is_complete() {
                let m = format!(
                    "{} of {} cells found, cannot be placed in columns",
                    r.cells.len(),
                    Review::COLUMNS.len()
                );
                return (incomplete_part((*name).into(), vec![m]), String::new());
            }
            let cells = &r.cells[b * 5..b * 5 + 5];
            let missing: Vec<String> = cells
                .iter()
                .zip(&Review::COLUMNS[b * 5..])
                .filter(|(c, _)| c.is_none())
                .map(|(_, col)| format!("{col}: blank"))
                .collect();
            if !missing.is_empty() {
                return (incomplete_part((*name).into(), missing), String::new());
            }
            let n: Vec<Num> = cells.iter().flatten().copied().collect();
            let total = sum(&n[..4]);
            let detail = format!("{name}: {} = {total} ≠ 总计 {}", joined(&n[..4]), n[4]);
            (part((*name).into(), n[4], total), detail)
        })
        .collect();
    conclude(ID, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_blanks() {
        let cases: &[(&str, Tok)] = &[
            ("0", Tok::Value(Some(Num::Int(0)))),
            ("\u{a0}307111", Tok::Value(Some(Num::Int(307111)))),
            ("1,204", Tok::Value(Some(Num::Int(1204)))),
            ("１２", Tok::Value(Some(Num::Int(12)))),
            ("3413.765", Tok::Value(Some(Num::Dec(3413.765)))),
            ("+2", Tok::Value(Some(Num::Int(2)))),
            ("-3", Tok::Value(Some(Num::Int(-3)))),
            ("5件", Tok::Value(Some(Num::Int(5)))),
            ("—", Tok::Value(None)),
            ("——", Tok::Value(None)),
            ("-", Tok::Value(None)),
            ("/", Tok::Value(None)),
            ("无", Tok::Value(None)),
            ("", Tok::Empty),
            ("\u{3000}", Tok::Empty),
            ("12,34", Tok::Label("1234".into())),
            ("1.", Tok::Label("1".into())),
            ("99.5%", Tok::Label("995".into())),
            (
                "12345678901234567890",
                Tok::Label("12345678901234567890".into()),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(&classify(cell), want, "cell {cell:?}");
        }
    }

    #[test]
    fn keys_ignore_punctuation_width_and_numbering() {
        assert_eq!(mkey("第二十条第（一）项"), mkey("第二十条第(一)项"));
        assert_eq!(mkey("3．危及\"三安全一稳定\""), "3危及三安全一稳定");
        assert_eq!(core("一本年新收"), "本年新收");
        assert_eq!(core("①属于国家秘密"), "属于国家秘密");
        assert_eq!(core("一"), "一");
    }

    #[test]
    fn lines_pipes_tabs_and_spaces() {
        let mut t = Vec::new();
        line_tokens("| 规章 | 0 | | 3 |", &mut t);
        line_tokens("|---|---|---|---|", &mut t);
        line_tokens("行政规范性文件\t2\t0\t2", &mut t);
        line_tokens("(七)总计 3 0 0 0 0 0 3", &mut t);
        line_tokens("2021 年", &mut t);
        let n = |i| Tok::Value(Some(Num::Int(i)));
        assert_eq!(
            t,
            vec![
                Tok::Label("规章".into()),
                n(0),
                Tok::Empty,
                n(3),
                Tok::Break,
                Tok::Label("行政规范性文件".into()),
                n(2),
                n(0),
                n(2),
                Tok::Label("七总计".into()),
                n(3),
                n(0),
                n(0),
                n(0),
                n(0),
                n(0),
                n(3),
                Tok::Label("2021年".into()),
            ]
        );
    }

    #[test]
    fn collect_values_rows_and_blanks() {
        let mut t = Vec::new();
        for l in ["| 规章 | | | |", "| 行政规范性文件 | 2 | 0 | 2 |"] {
            line_tokens(l, &mut t);
        }
        let (v, _) = collect_values(&t, 1, false);
        assert_eq!(v.len(), 3, "a row of blanks on the label's own row");
        let (v, _) = collect_values(&t, 6, false);
        assert_eq!(
            fit(v, 3).0,
            [Some(Num::Int(2)), Some(Num::Int(0)), Some(Num::Int(2))]
        );
    }

    #[test]
    fn fit_drops_placeholders_before_counting_extras() {
        let c = |n: Option<i64>, e: bool| (n.map(Num::Int), e);
        let cells = vec![
            c(None, true),
            c(Some(1), false),
            c(Some(2), false),
            c(None, true),
        ];
        assert_eq!(
            fit(cells.clone(), 2),
            (vec![Some(Num::Int(1)), Some(Num::Int(2))], 0)
        );
        assert_eq!(fit(cells.clone(), 3).0.len(), 3);
        let many = vec![c(Some(1), false); 5];
        assert_eq!(fit(many, 3).1, 2);
    }

    #[test]
    fn node_matching_needs_context_for_bare_sub_rows() {
        // "其他" alone is (六)3 only inside (六); numbered, it is found anywhere ahead.
        let other3 = 27;
        assert!(!node_matches("其他", other3, None));
        assert!(node_matches("其他", other3, Some(REQ_OTHER)));
        assert!(node_matches("3其他", other3, None));
        assert!(node_matches("六其他处理3其他", other3, None));
        assert!(node_matches("二部分公开", 4, None));
        assert!(node_matches("本年新收政府信息公开申请数量", 0, None));
    }

    #[test]
    fn template_tables_are_consistent() {
        assert_eq!(REQ_NODES[REQ_OTHER].1, NodeKind::Other);
        assert_eq!(REQ_NODES[REQ_FORWARD].0, Requests::CARRIED_FORWARD);
        for key in [
            Requests::NEW,
            Requests::CARRIED_OVER,
            Requests::OUTCOMES_TOTAL,
        ] {
            assert!(REQ_NODES.iter().any(|(p, _)| *p == key));
        }
        for (i, item) in Item::ALL.iter().enumerate() {
            assert_eq!(*item as usize, i);
        }
    }
}
