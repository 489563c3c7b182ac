//! HTML: a web page → its visible text, as lines.
//!
//! Takes the decoded text of an HTML document (a saved web page, a CMS
//! export, a fragment) and gives the text a reader sees, one block per line,
//! which every later stage reads like a plain-text report. Offsets in the
//! output of gongkai are then offsets into *this* text, and records quote it,
//! not the markup.
//!
//! What is dropped:
//! - **Invisible content:** `<head>` (with `<title>`), `<script>`, `<style>`,
//!   `<noscript>`, `<template>`, `<iframe>`, `<object>`, `<svg>`, `<math>`,
//!   `<canvas>`, form controls (`<select>`, `<button>`, `<textarea>`), comments,
//!   and elements with the `hidden` attribute or an inline style
//!   `display:none` / `visibility:hidden`.
//! - **Navigation:** `<nav>`, `<menu>` and `<aside>` elements; `<header>` and
//!   `<footer>` elements outside an `<article>` or `<main>`; and any element
//!   whose `class` or `id` names navigation and whose text is short (at most
//!   [`NAV_MAX_CHARS`] characters, so a wrapper with a misleading name around
//!   the report is kept). A class or id names navigation when one of its words
//!   (split at anything not a letter or digit) contains `nav`, `menu`, `crumb`,
//!   `footer`, `sidebar`, `toolbar`, `topbar`, `daohang` (导航), `copyright`,
//!   `share` or `fenxiang` (分享: `bdsharebuttonbox`), or is `head`, `header`,
//!   `foot`, `top`, `bottom`, `location`, `weizhi` or `dqwz` (当前位置). Page
//!   furniture that remains (来源, 打印, ICP备 …) is recognised later by the
//!   structure stage.
//!
//! How the rest is laid out:
//! - Block elements (`p`, `div`, headings, list items, `br`, `tr` …) end a
//!   line; inline elements run on (`<span>政务</span><span>微博</span>` is
//!   政务微博). Within a line every run of whitespace (including `&nbsp;`)
//!   becomes one space; lines are trimmed and empty lines dropped. `<pre>`
//!   keeps its line breaks. Entities are decoded.
//! - A **data table** (no table inside it, no cell longer than
//!   [`CELL_MAX_CHARS`] characters) gives one line per row, its cells between
//!   pipes: `| 行政许可 | 1,532 |`, a cell's own blocks and line breaks joined
//!   by spaces, a pipe inside a cell written `¦`. That is the `|` row form the
//!   structure stage groups into one table record and [`crate::tables`] reads
//!   (pipes at both ends, so a two-column row is still a row). Rows whose cells
//!   are all empty are dropped; `colspan` and `rowspan` are not expanded (as in
//!   the HTML reader of [`crate::tables`]).
//! - A **layout table** (a table that holds a table, or a long cell: pages
//!   laid out with tables, a report pasted into one cell) is read as blocks:
//!   each cell on its own lines.
//!
//! Invariant: [`visible_text`] never panics and is linear in the input except
//! for html5ever's cost on deeply nested markup, which is quadratic in the
//! nesting depth of unclosed block elements (`<div>` × 20,000 takes 2 s).
//! Before parsing, start tags that would nest deeper than [`MAX_DEPTH`] are
//! dropped with their end tags (their text is kept), which bounds that cost;
//! elements the parser closes by itself (`p`, `li`, `td`, `tr` …) are not
//! counted, so old pages that never close them are untouched.
//!
//! ```
//! let page = "<html><head><title>t</title><style>p{}</style></head><body>\
//!             <div class=\"nav\">首页 | 政务公开</div>\
//!             <p>全年通过政务<b>微博</b>发布信息389条。</p>\
//!             <table><tr><td>行政许可</td><td>1,532</td></tr></table>\
//!             <script>var x = 1;</script></body></html>";
//! assert_eq!(
//!     gongkai::html::visible_text(page),
//!     "全年通过政务微博发布信息389条。\n| 行政许可 | 1,532 |"
//! );
//! ```

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Start tags nested deeper than this (counting elements the parser does not
/// close by itself) are dropped before parsing; see the module doc.
///
/// ```
/// let deep = "<div>".repeat(50_000) + "公开";
/// assert_eq!(gongkai::html::visible_text(&deep), "公开");
/// assert!(gongkai::html::MAX_DEPTH >= 256);
/// ```
pub const MAX_DEPTH: usize = 512;

/// An element whose class or id names navigation is dropped only when its
/// text has at most this many characters (whitespace not counted).
///
/// ```
/// let long = "很长的正文。".repeat(100);
/// let page = format!("<div class=\"menu\">{long}</div><div class=\"menu\">首页</div>");
/// assert_eq!(gongkai::html::visible_text(&page), long);
/// # assert!(gongkai::html::NAV_MAX_CHARS < 600);
/// ```
pub const NAV_MAX_CHARS: usize = 400;

/// A table with a cell longer than this (characters, whitespace not counted)
/// is a layout table, read as blocks rather than as `|` rows.
///
/// ```
/// let prose = "本机关认真贯彻落实政府信息公开条例。".repeat(20);
/// let page = format!("<table><tr><td>{prose}</td><td>说明</td></tr></table>");
/// assert_eq!(gongkai::html::visible_text(&page), format!("{prose}\n说明"));
/// # assert!(gongkai::html::CELL_MAX_CHARS >= 100);
/// ```
pub const CELL_MAX_CHARS: usize = 200;

/// Nodes a data-table check looks at before calling the table layout.
const TABLE_MAX_NODES: usize = 200_000;

/// The visible text of an HTML document or fragment, one block per line (see
/// the module doc for what is dropped and how tables are laid out). Never
/// panics; the result may be empty.
///
/// ```
/// use gongkai::html::visible_text;
/// let page = "<body><nav><a href=/>首页</a></nav>\
///             <h1>某县2021年政府信息公开工作年度报告</h1>\
///             <p>一、总体情况<br>开通政务&nbsp;&nbsp;微博1个。</p>\
///             <div style=\"display: none\">隐藏</div>\
///             <footer>版权所有</footer></body>";
/// assert_eq!(
///     visible_text(page),
///     "某县2021年政府信息公开工作年度报告\n一、总体情况\n开通政务 微博1个。"
/// );
/// assert_eq!(visible_text("<p>a &amp; b</p>"), "a & b");
/// assert_eq!(visible_text(""), "");
/// ```
pub fn visible_text(html: &str) -> String {
    let bounded = cap_depth(html);
    let doc = Html::parse_document(&bounded);
    let mut out = Lines::default();
    // The element whose subtree is being skipped (dropped or already written).
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut pre = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.text(t, pre > 0),
                    Node::Element(e) => {
                        let name = e.name();
                        if is_dropped(node, e) {
                            skip = Some(node.id());
                            continue;
                        }
                        if name == "table" && is_data_table(node) {
                            write_data_table(node, &mut out);
                            skip = Some(node.id());
                            continue;
                        }
                        if name == "pre" {
                            pre += 1;
                        }
                        if is_block(name) {
                            out.end_line();
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if e.name() == "pre" {
                        pre = pre.saturating_sub(1);
                    }
                    if is_block(e.name()) {
                        out.end_line();
                    }
                }
            }
        }
    }
    out.finish()
}

/// Output lines: whitespace runs collapsed, lines trimmed, empty lines dropped.
#[derive(Default)]
struct Lines {
    text: String,
    line: String,
    /// A space is due before the next non-space character of the line.
    space: bool,
}

impl Lines {
    fn text(&mut self, t: &str, pre: bool) {
        for c in t.chars() {
            self.push(c, pre);
        }
    }

    fn push(&mut self, c: char, pre: bool) {
        if pre && c == '\n' {
            self.end_line();
        } else if c.is_whitespace() || c.is_control() {
            self.space = !self.line.is_empty();
        } else {
            if self.space {
                self.line.push(' ');
                self.space = false;
            }
            self.line.push(c);
        }
    }

    fn end_line(&mut self) {
        if !self.line.is_empty() {
            if !self.text.is_empty() {
                self.text.push('\n');
            }
            self.text.push_str(&self.line);
            self.line.clear();
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.end_line();
        self.text
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
    )
}

/// Elements whose content is never shown.
fn is_invisible(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "title"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "datalist"
            | "button"
            | "textarea"
            | "audio"
            | "video"
    )
}

/// Invisible, hidden, or navigation (module doc).
fn is_dropped(node: NodeRef<'_, Node>, e: &scraper::node::Element) -> bool {
    let name = e.name();
    if is_invisible(name) || e.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    match name {
        "nav" | "menu" | "aside" => return true,
        "header" | "footer" => {
            let in_article = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|a| matches!(a.name(), "article" | "main"))
            });
            if !in_article {
                return true;
            }
        }
        _ => {}
    }
    let named = e.id().is_some_and(names_navigation) || e.classes().any(names_navigation);
    named && text_len_at_most(node, NAV_MAX_CHARS)
}

/// Does a class or id name navigation (module doc)?
fn names_navigation(name: &str) -> bool {
    const CONTAINS: [&str; 11] = [
        "nav",
        "menu",
        "crumb",
        "footer",
        "sidebar",
        "toolbar",
        "topbar",
        "daohang",
        "copyright",
        "share",
        "fenxiang",
    ];
    const EXACT: [&str; 8] = [
        "head", "header", "foot", "top", "bottom", "location", "weizhi", "dqwz",
    ];
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.to_ascii_lowercase();
            CONTAINS.iter().any(|p| w.contains(p)) || EXACT.contains(&w.as_str())
        })
}

/// True when the subtree's text has at most `max` non-whitespace characters
/// (stops counting past `max`).
fn text_len_at_most(node: NodeRef<'_, Node>, max: usize) -> bool {
    let mut n = 0usize;
    for d in node.descendants() {
        let in_code = || {
            d.parent()
                .and_then(|p| p.value().as_element().map(|e| is_invisible(e.name())))
                .unwrap_or(false)
        };
        if let Node::Text(t) = d.value()
            && !in_code()
        {
            n += t.chars().filter(|c| !c.is_whitespace()).count();
            if n > max {
                return false;
            }
        }
    }
    true
}

/// A table with no table inside and no long cell (module doc).
fn is_data_table(table: NodeRef<'_, Node>) -> bool {
    let mut cell_chars = 0usize;
    for (seen, edge) in table.traverse().enumerate() {
        if seen > TABLE_MAX_NODES {
            return false;
        }
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) if n.id() != table.id() => match e.name() {
                    "table" => return false,
                    "td" | "th" => cell_chars = 0,
                    _ => {}
                },
                Node::Text(t) => {
                    cell_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                    if cell_chars > CELL_MAX_CHARS {
                        return false;
                    }
                }
                _ => {}
            },
            Edge::Close(_) => {}
        }
    }
    true
}

/// Writes a data table: its caption, then one `| … |` line per row.
fn write_data_table(table: NodeRef<'_, Node>, out: &mut Lines) {
    out.end_line();
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut row: Vec<String> = Vec::new();
    // The cell or caption being read, as a one-line `Lines`.
    let mut cell: Option<Lines> = None;
    for edge in table.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip.is_some() || n.id() == table.id() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => {
                        if let Some(c) = cell.as_mut() {
                            c.text(t, false);
                        }
                    }
                    Node::Element(e) => {
                        if is_dropped(n, e) {
                            skip = Some(n.id());
                            continue;
                        }
                        match e.name() {
                            "td" | "th" | "caption" => cell = Some(Lines::default()),
                            // A block inside a cell is a space.
                            name if is_block(name) => {
                                if let Some(c) = cell.as_mut() {
                                    c.space = !c.line.is_empty();
                                }
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if let Some(id) = skip {
                    if id == n.id() {
                        skip = None;
                    }
                    continue;
                }
                let Node::Element(e) = n.value() else {
                    continue;
                };
                match e.name() {
                    "td" | "th" => {
                        let text = cell.take().map(|c| c.line).unwrap_or_default();
                        row.push(text.replace(['|', '｜'], "¦"));
                    }
                    "caption" => {
                        if let Some(c) = cell.take() {
                            out.text(&c.line, false);
                            out.end_line();
                        }
                    }
                    "tr" => write_row(&mut row, out),
                    name if is_block(name) => {
                        if let Some(c) = cell.as_mut() {
                            c.space = !c.line.is_empty();
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    write_row(&mut row, out);
}

fn write_row(row: &mut Vec<String>, out: &mut Lines) {
    if row.iter().any(|c| !c.is_empty()) {
        let mut line = String::from("|");
        for c in row.iter() {
            line.push(' ');
            line.push_str(c);
            line.push_str(" |");
        }
        out.end_line();
        out.line = line;
        out.end_line();
    }
    row.clear();
}

// ---------------------------------------------------------------------------
// Depth cap

/// Elements the parser closes by itself, or that never nest: not counted.
fn closes_itself(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 32] = [
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"option",
        b"optgroup",
        b"colgroup",
        b"rb",
        b"rt",
        b"rp",
        b"rtc", // closed by siblings
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen", // void
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 8] = [
        b"script",
        b"style",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"textarea",
        b"title",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The input with start tags nested deeper than [`MAX_DEPTH`] removed, and as
/// many of the end tags that follow them; borrowed when nothing is removed.
/// A light tokenizer: comments, raw-text elements and quoted attribute values
/// are skipped; it only has to estimate depth, not to agree with html5ever.
fn cap_depth(html: &str) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut dropped_open = 0usize;
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        i = lt + 1;
        let rest = &b[lt..];
        if rest.starts_with(b"<!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(b, lt + 2, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let end_tag = rest.get(1) == Some(&b'/');
        let name_at = lt + 1 + end_tag as usize;
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = b[name_at..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
            .map_or(b.len(), |p| name_at + p);
        let name = &b[name_at..name_end];
        // The end of the tag, skipping quoted attribute values.
        let mut j = name_end;
        let mut quote = None;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'>') => break,
                (None, q @ (b'"' | b'\'')) => quote = Some(q),
                (Some(q), c) if c == q => quote = None,
                _ => {}
            }
            j += 1;
        }
        let tag_end = (j + 1).min(b.len());
        let self_closing = j > 0 && j < b.len() && b[j - 1] == b'/';
        i = tag_end;
        if end_tag {
            if closes_itself(name) {
                continue;
            }
            if dropped_open > 0 {
                dropped_open -= 1;
                cut.push((lt, tag_end));
            } else {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if is_raw_text(name) {
            // Skip past the matching end tag (case-insensitive).
            let mut k = tag_end;
            i = b.len();
            while let Some(p) = find(b, k, b"</") {
                let n = &b[(p + 2).min(b.len())..(p + 2 + name.len()).min(b.len())];
                if n.eq_ignore_ascii_case(name) {
                    i = find(b, p, b">").map_or(b.len(), |e| e + 1);
                    break;
                }
                k = p + 2;
            }
            continue;
        }
        if closes_itself(name) || self_closing {
            continue;
        }
        if depth >= MAX_DEPTH {
            dropped_open += 1;
            cut.push((lt, tag_end));
        } else {
            depth += 1;
        }
    }
    if cut.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (s, e) in cut {
        // Tags start at '<' and end after '>' or at the end: char boundaries.
        out.push_str(&html[from..s]);
        from = e;
    }
    out.push_str(&html[from..]);
    std::borrow::Cow::Owned(out)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_and_navigation_are_dropped() {
        let page = r#"<!DOCTYPE html><html><head><title>标题</title>
            <script>document.write("脚本")</script></head><body>
            <div id="header"><img alt="logo">某县人民政府</div>
            <div class="breadcrumb">当前位置：首页 &gt; 政务公开</div>
            <ul class="main-nav"><li>首页</li><li>政务公开</li></ul>
            <div class="article">
              <h1>某县2021年政府信息公开工作年度报告</h1>
              <p>一、总体情况</p>
              <p>全年通过政务微博发布信息<span>389</span>条。</p>
              <noscript>请启用脚本</noscript>
              <style>.a{color:red}</style>
            </div>
            <div class="footer">版权所有 某县人民政府 ICP备12345号</div>
            </body></html>"#;
        assert_eq!(
            visible_text(page),
            "某县2021年政府信息公开工作年度报告\n一、总体情况\n全年通过政务微博发布信息389条。"
        );
    }

    #[test]
    fn tables_are_rows_of_cells() {
        let page = "<p>二、主动公开政府信息情况</p><table><caption>表一</caption>\
            <thead><tr><th>信息内容</th><th>本年处理<br>决定数量</th></tr></thead>\
            <tbody><tr><td>行政许可</td><td>&nbsp;1,532</td></tr>\
            <tr><td></td><td></td></tr>\
            <tr><td>行政处罚</td><td></td></tr>\
            <tr><td>a|b</td><td>7</td></tr></tbody></table><p>三、</p>";
        assert_eq!(
            visible_text(page),
            "二、主动公开政府信息情况\n表一\n| 信息内容 | 本年处理 决定数量 |\n\
             | 行政许可 | 1,532 |\n| 行政处罚 |  |\n| a¦b | 7 |\n三、"
        );
    }

    #[test]
    fn layout_tables_are_blocks_and_their_data_tables_rows() {
        let page = "<table><tr><td class=\"left\">正文开始。</td><td>\
            <table><tr><td>规章</td><td>1</td></tr></table>\
            <p>正文结束。</p></td></tr></table>";
        assert_eq!(visible_text(page), "正文开始。\n| 规章 | 1 |\n正文结束。");
    }

    #[test]
    fn header_inside_article_is_kept_pre_keeps_lines() {
        let page = "<article><header><h1>报告</h1></header><pre>第一行\n  第二行</pre></article>";
        assert_eq!(visible_text(page), "报告\n第一行\n第二行");
    }

    #[test]
    fn navigation_names() {
        for yes in [
            "nav",
            "topNav",
            "main_menu",
            "breadcrumbs",
            "footer-links",
            "top",
            "dqwz",
        ] {
            assert!(names_navigation(yes), "{yes}");
        }
        for no in [
            "content",
            "article",
            "TRS_Editor",
            "zoom",
            "canvas",
            "laptop",
            "headline",
        ] {
            assert!(!names_navigation(no), "{no}");
        }
    }

    #[test]
    fn depth_cap_keeps_text_and_leaves_shallow_pages_alone() {
        let page = "<div><p>一<p>二<table><tr><td>三</table></div>";
        assert!(matches!(cap_depth(page), std::borrow::Cow::Borrowed(_)));
        let many_p = "<p>段落".repeat(5000);
        assert!(matches!(cap_depth(&many_p), std::borrow::Cow::Borrowed(_)));
        let deep = "<div>".repeat(MAX_DEPTH + 10) + "正文" + &"</div>".repeat(MAX_DEPTH + 10);
        let capped = cap_depth(&deep);
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        assert_eq!(visible_text(&deep), "正文");
        // Tags inside scripts and comments are not counted.
        let hidden = format!(
            "<script>{}</script><!--{}-->正文",
            "<div>".repeat(1000),
            "<div>".repeat(1000)
        );
        assert!(matches!(cap_depth(&hidden), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_fast() {
        for unit in ["<div>", "<ul>", "<dl><dd>", "<table><tr><td>", "<b><i>"] {
            let page = unit.repeat(40_000) + "公开";
            let t = std::time::Instant::now();
            let want = if unit.contains("<td>") {
                "| 公开 |"
            } else {
                "公开"
            };
            assert_eq!(visible_text(&page), want, "{unit}");
            assert!(t.elapsed().as_secs_f64() < 5.0, "{unit}: {:?}", t.elapsed());
        }
    }

    #[test]
    fn odd_inputs() {
        for s in [
            "<",
            "</",
            "<a",
            "<!--",
            "<script>",
            "<table><td>",
            "&",
            "<<>>",
            "<p/>\u{0}",
        ] {
            let _ = visible_text(s);
        }
        assert_eq!(visible_text("纯文本，没有标签"), "纯文本，没有标签");
    }
}
