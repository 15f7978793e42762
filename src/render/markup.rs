//! The markup parser: report markup (XML) → [`Document`]. Every error names the
//! template, the markup line and the element.

use chrono::{NaiveDate, NaiveDateTime};
use quick_xml::events::Event;
use quick_xml::Reader;

use super::model::*;

/// A markup error: template, markup line, element and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// The template name.
    pub template: String,
    /// 1-based line of the rendered markup.
    pub line: usize,
    /// The element (`td`, `table`…), empty when the XML itself is broken.
    pub element: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for MarkupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.element.is_empty() {
            write!(
                f,
                "template {}: markup line {}: {}",
                self.template, self.line, self.message
            )
        } else {
            write!(
                f,
                "template {}: markup line {}: <{}>: {}",
                self.template, self.line, self.element, self.message
            )
        }
    }
}

impl std::error::Error for MarkupError {}

#[derive(Debug)]
enum Node {
    El(El),
    Text(String),
}

#[derive(Debug)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    line: usize,
}

struct Ctx<'a> {
    template: &'a str,
}

impl Ctx<'_> {
    fn err(&self, el: &El, message: impl Into<String>) -> MarkupError {
        MarkupError {
            template: self.template.to_string(),
            line: el.line,
            element: el.name.clone(),
            message: message.into(),
        }
    }

    /// Check that `el` only carries attributes from `allowed`.
    fn check_attrs(&self, el: &El, allowed: &[&str]) -> Result<(), MarkupError> {
        for (k, _) in &el.attrs {
            if !allowed.contains(&k.as_str()) {
                let list = if allowed.is_empty() {
                    "none".to_string()
                } else {
                    allowed.join(", ")
                };
                return Err(self.err(el, format!("unknown attribute `{k}` (allowed: {list})")));
            }
        }
        Ok(())
    }

    fn bool_attr(&self, el: &El, key: &str, default: bool) -> Result<bool, MarkupError> {
        match el.attr(key) {
            None => Ok(default),
            Some("true" | "1" | "yes") => Ok(true),
            Some("false" | "0" | "no") => Ok(false),
            Some(v) => Err(self.err(el, format!("`{key}=\"{v}\"` is not true or false"))),
        }
    }

    fn uint_attr(&self, el: &El, key: &str, default: u32, min: u32) -> Result<u32, MarkupError> {
        match el.attr(key) {
            None => Ok(default),
            Some(v) => match v.trim().parse::<u32>() {
                Ok(n) if n >= min => Ok(n),
                _ => Err(self.err(el, format!("`{key}=\"{v}\"` is not a whole number ≥ {min}"))),
            },
        }
    }

    fn no_children(&self, el: &El) -> Result<(), MarkupError> {
        for c in &el.children {
            match c {
                Node::El(e) => return Err(self.err(e, format!("not allowed inside <{}>", el.name))),
                Node::Text(t) if !t.trim().is_empty() => {
                    return Err(self.err(el, format!("takes no text (found {:?})", t.trim())))
                }
                Node::Text(_) => {}
            }
        }
        Ok(())
    }

    fn align(&self, el: &El) -> Result<Align, MarkupError> {
        match el.attr("align") {
            None => Ok(Align::Auto),
            Some("left") => Ok(Align::Left),
            Some("center") => Ok(Align::Center),
            Some("right") => Ok(Align::Right),
            Some(v) => Err(self.err(el, format!("`align=\"{v}\"` is not left, center or right"))),
        }
    }
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// All text inside (elements not allowed), whitespace collapsed.
    fn text(&self) -> String {
        let mut s = String::new();
        for c in &self.children {
            if let Node::Text(t) = c {
                s.push_str(t);
            }
        }
        collapse(&s)
    }

    fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|c| match c {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }
}

/// Collapse runs of XML whitespace to one space and trim.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r') {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

/// The 1-based line of a byte offset, from the offsets of every `\n` (found once
/// per parse, so a long table's thousands of elements cost a binary search each).
fn line_at(newlines: &[usize], pos: usize) -> usize {
    newlines.partition_point(|&nl| nl < pos) + 1
}

/// Parse rendered markup into a tree.
fn parse_tree(template: &str, src: &str) -> Result<El, MarkupError> {
    let mut reader = Reader::from_str(src);
    let newlines: Vec<usize> = src
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let xml_err = |pos: u64, msg: String| MarkupError {
        template: template.to_string(),
        line: line_at(&newlines, pos as usize),
        element: String::new(),
        message: format!("the markup is not well-formed XML: {msg}"),
    };
    let mut stack: Vec<El> = vec![El {
        name: String::new(),
        attrs: vec![],
        children: vec![],
        line: 1,
    }];
    loop {
        let start = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| xml_err(reader.error_position(), e.to_string()))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(ev, Event::Empty(_));
                let name = e.name().as_ref().to_string();
                let line = line_at(&newlines, start as usize + leading_ws(&src[start as usize..]));
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = a.map_err(|er| xml_err(start, er.to_string()))?;
                    let key = a.key.as_ref().to_string();
                    let val = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|er| xml_err(start, er.to_string()))?
                        .into_owned();
                    attrs.push((key, val));
                }
                let el = El {
                    name,
                    attrs,
                    children: vec![],
                    line,
                };
                if is_empty {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::El(el));
                    }
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) if stack.len() > 1 => {
                if let Some(el) = stack.pop() {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::El(el));
                    }
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                push_text(&mut stack, &s);
            }
            Event::CData(t) => {
                let s = t.as_ref().to_string();
                push_text(&mut stack, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.xml10_content().into_owned();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(v) => v.to_string(),
                            None => return Err(xml_err(start, format!("unknown entity &{name};"))),
                        }
                    }
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        let el = &stack[stack.len() - 1];
        return Err(MarkupError {
            template: template.to_string(),
            line: el.line,
            element: el.name.clone(),
            message: "is never closed".into(),
        });
    }
    let mut root = stack.pop().unwrap_or(El {
        name: String::new(),
        attrs: vec![],
        children: vec![],
        line: 1,
    });
    let mut docs: Vec<El> = Vec::new();
    for c in root.children.drain(..) {
        match c {
            Node::El(e) => docs.push(e),
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(t) => {
                return Err(MarkupError {
                    template: template.to_string(),
                    line: 1,
                    element: String::new(),
                    message: format!("text outside <document>: {:?}", t.trim()),
                })
            }
        }
    }
    match docs.len() {
        1 => Ok(docs.remove(0)),
        0 => Err(MarkupError {
            template: template.to_string(),
            line: 1,
            element: String::new(),
            message: "no <document> element".into(),
        }),
        _ => Err(MarkupError {
            template: template.to_string(),
            line: docs[1].line,
            element: docs[1].name.clone(),
            message: "only one top-level <document> is allowed".into(),
        }),
    }
}

fn leading_ws(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn push_text(stack: &mut [El], s: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(s);
        } else {
            top.children.push(Node::Text(s.to_string()));
        }
    }
}

/// Parse rendered markup (from template `template`) into a [`Document`].
pub fn parse(template: &str, src: &str) -> Result<Document, MarkupError> {
    let root = parse_tree(template, src)?;
    let cx = Ctx { template };
    if root.name != "document" {
        return Err(cx.err(&root, "the top element must be <document>"));
    }
    cx.check_attrs(
        &root,
        &[
            "title",
            "paper",
            "orientation",
            "margins",
            "author",
            "company",
            "date",
            "font-size",
            "fit",
        ],
    )?;
    let fit_page = match root.attr("fit").unwrap_or("width") {
        "width" => false,
        "page" => true,
        v => return Err(cx.err(&root, format!("`fit=\"{v}\"` is not width or page"))),
    };
    let paper = match root.attr("paper").unwrap_or("A4") {
        "A4" | "a4" => Paper::A4,
        "A3" | "a3" => Paper::A3,
        "A5" | "a5" => Paper::A5,
        "Letter" | "letter" => Paper::Letter,
        v => return Err(cx.err(&root, format!("`paper=\"{v}\"` is not A4, A3, A5 or Letter"))),
    };
    let landscape = match root.attr("orientation").unwrap_or("portrait") {
        "portrait" => false,
        "landscape" => true,
        v => {
            return Err(cx.err(
                &root,
                format!("`orientation=\"{v}\"` is not portrait or landscape"),
            ))
        }
    };
    let margins_mm = match root.attr("margins") {
        None => [15.0; 4],
        Some(v) => parse_margins(v).ok_or_else(|| {
            cx.err(
                &root,
                format!("`margins=\"{v}\"` is not 1, 2 or 4 lengths like `15mm` or `15mm 20mm`"),
            )
        })?,
    };
    let date = match root.attr("date") {
        None => NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
        Some(v) => NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
            cx.err(
                &root,
                format!("`date=\"{v}\"` is not a date (expected YYYY-MM-DD)"),
            )
        })?,
    };
    let font_size = match root.attr("font-size") {
        None => 10.0,
        Some(v) => match v.trim().parse::<f32>() {
            Ok(n) if (5.0..=30.0).contains(&n) => n,
            _ => {
                return Err(cx.err(
                    &root,
                    format!("`font-size=\"{v}\"` is not a size in points (5–30)"),
                ))
            }
        },
    };
    let mut doc = Document {
        title: root.attr("title").unwrap_or("").to_string(),
        paper,
        landscape,
        margins_mm,
        author: root.attr("author").unwrap_or("").to_string(),
        company: root.attr("company").unwrap_or("").to_string(),
        date,
        font_size,
        fit_page,
        header: None,
        footer: None,
        sheets: Vec::new(),
    };
    let mut charts: Vec<(usize, Chart)> = Vec::new();
    for c in &root.children {
        match c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(t) => {
                return Err(cx.err(
                    &root,
                    format!("text must be inside a block element (found {:?})", t.trim()),
                ))
            }
            Node::El(el) => match el.name.as_str() {
                "header" | "footer" => {
                    cx.check_attrs(el, &[])?;
                    let mut text = String::new();
                    for c in &el.children {
                        match c {
                            Node::Text(t) => text.push_str(t),
                            Node::El(e) => return Err(cx.err(e, format!("not allowed inside <{}>", el.name))),
                        }
                    }
                    let text = collapse(&text);
                    if el.name == "header" {
                        doc.header = Some(text);
                    } else {
                        doc.footer = Some(text);
                    }
                }
                "sheet" => {
                    cx.check_attrs(el, &["name", "header", "footer"])?;
                    let name = el
                        .attr("name")
                        .map(str::to_string)
                        .unwrap_or_else(|| format!("Sheet{}", doc.sheets.len() + 1));
                    let mut blocks = Vec::new();
                    for c in &el.children {
                        match c {
                            Node::Text(t) if t.trim().is_empty() => {}
                            Node::Text(t) => {
                                return Err(cx.err(
                                    el,
                                    format!(
                                        "text must be inside a block element such as <p> (found {:?})",
                                        t.trim()
                                    ),
                                ))
                            }
                            Node::El(b) => {
                                let block = parse_block(&cx, b)?;
                                if let Block::Chart(ch) = &block {
                                    charts.push((b.line, ch.clone()));
                                }
                                blocks.push(block);
                            }
                        }
                    }
                    doc.sheets.push(Sheet {
                        name,
                        header: el.attr("header").map(collapse),
                        footer: el.attr("footer").map(collapse),
                        blocks,
                    });
                }
                _ => {
                    return Err(cx.err(
                        el,
                        "unknown element here (inside <document> use header, footer, sheet)",
                    ))
                }
            },
        }
    }
    if doc.sheets.is_empty() {
        return Err(cx.err(&root, "has no <sheet>"));
    }
    for (line, ch) in charts {
        let e = |m: String| MarkupError {
            template: template.to_string(),
            line,
            element: "chart".into(),
            message: m,
        };
        let Some(t) = doc.table(&ch.table) else {
            return Err(e(format!("no table has id=\"{}\"", ch.table)));
        };
        let n = t.column_count();
        for c in std::iter::once(ch.category).chain(ch.series.iter().copied()) {
            if c > n {
                return Err(e(format!(
                    "column {c} is beyond the {n} columns of table \"{}\"",
                    ch.table
                )));
            }
        }
    }
    Ok(doc)
}

fn parse_margins(v: &str) -> Option<[f32; 4]> {
    let parts: Option<Vec<f32>> = v
        .split_whitespace()
        .map(|p| {
            let n = p.strip_suffix("mm").unwrap_or(p);
            n.parse::<f32>().ok().filter(|x| (0.0..=100.0).contains(x))
        })
        .collect();
    match parts?.as_slice() {
        [a] => Some([*a; 4]),
        [v, h] => Some([*v, *h, *v, *h]),
        [t, r, b, l] => Some([*t, *r, *b, *l]),
        _ => None,
    }
}

fn parse_block(cx: &Ctx, el: &El) -> Result<Block, MarkupError> {
    match el.name.as_str() {
        "h1" | "h2" | "h3" => {
            cx.check_attrs(el, &[])?;
            if let Some(e) = el.elements().next() {
                return Err(cx.err(e, format!("not allowed inside <{}>", el.name)));
            }
            let level = el.name.as_bytes()[1] - b'0';
            Ok(Block::Heading {
                level,
                text: el.text(),
            })
        }
        "p" => {
            cx.check_attrs(el, &["align", "size", "space-before"])?;
            let align = cx.align(el)?;
            let size = match el.attr("size") {
                None => None,
                Some(v) => match v.trim().parse::<f32>() {
                    Ok(s) if (5.0..=72.0).contains(&s) => Some(s),
                    _ => return Err(cx.err(el, format!("`size=\"{v}\"` is not a size in points (5–72)"))),
                },
            };
            let space_before_mm = match el.attr("space-before") {
                None => 0.0,
                Some(v) => match v.trim().trim_end_matches("mm").trim().parse::<f32>() {
                    Ok(s) if (0.0..=250.0).contains(&s) => s,
                    _ => {
                        return Err(cx.err(
                            el,
                            format!("`space-before=\"{v}\"` is not a length such as 40mm (0–250mm)"),
                        ))
                    }
                },
            };
            let mut runs: Vec<Run> = Vec::new();
            collect_runs(cx, el, false, &mut runs)?;
            Ok(Block::Paragraph {
                runs: tidy_runs(runs),
                align,
                size,
                space_before_mm,
            })
        }
        "toc" => {
            cx.check_attrs(el, &["title"])?;
            cx.no_children(el)?;
            Ok(Block::Toc {
                title: el.attr("title").unwrap_or("目录").to_string(),
            })
        }
        "pagebreak" => {
            cx.check_attrs(el, &[])?;
            cx.no_children(el)?;
            Ok(Block::PageBreak)
        }
        "table" => parse_table(cx, el).map(Block::Table),
        "fields" => {
            cx.check_attrs(el, &["columns"])?;
            let columns = cx.uint_attr(el, "columns", 2, 1)?;
            let mut items = Vec::new();
            for c in &el.children {
                match c {
                    Node::Text(t) if t.trim().is_empty() => {}
                    Node::Text(_) => return Err(cx.err(el, "text must be inside <field>")),
                    Node::El(f) if f.name == "field" => {
                        cx.check_attrs(f, &["label", "span"])?;
                        if let Some(e) = f.elements().next() {
                            return Err(cx.err(e, "not allowed inside <field>"));
                        }
                        let span = cx.uint_attr(f, "span", 1, 1)?;
                        if span > columns {
                            return Err(cx.err(
                                f,
                                format!("span={span} is wider than the grid's {columns} columns"),
                            ));
                        }
                        items.push(Field {
                            label: f.attr("label").unwrap_or("").to_string(),
                            value: f.text(),
                            span,
                        });
                    }
                    Node::El(f) => return Err(cx.err(f, "unknown element inside <fields> (use <field>)")),
                }
            }
            Ok(Block::Fields(Fields { columns, items }))
        }
        "signatures" => {
            cx.check_attrs(el, &[])?;
            let mut signs = Vec::new();
            for c in &el.children {
                match c {
                    Node::Text(t) if t.trim().is_empty() => {}
                    Node::Text(_) => return Err(cx.err(el, "text must be inside <sign>")),
                    Node::El(s) if s.name == "sign" => {
                        cx.check_attrs(s, &["label", "name", "date"])?;
                        cx.no_children(s)?;
                        let date = match s.attr("date") {
                            None | Some("false") => SignDate::None,
                            Some("true") => SignDate::Blank,
                            Some(v) => SignDate::Given(
                                NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| {
                                    cx.err(
                                        s,
                                        format!("`date=\"{v}\"` is not true, false or a date YYYY-MM-DD"),
                                    )
                                })?,
                            ),
                        };
                        signs.push(Sign {
                            label: s.attr("label").unwrap_or("").to_string(),
                            name: s
                                .attr("name")
                                .filter(|n| !n.trim().is_empty())
                                .map(str::to_string),
                            date,
                        });
                    }
                    Node::El(s) => return Err(cx.err(s, "unknown element inside <signatures> (use <sign>)")),
                }
            }
            Ok(Block::Signatures(signs))
        }
        "chart" => {
            cx.check_attrs(el, &["type", "table", "category", "series", "title", "y-title"])?;
            cx.no_children(el)?;
            let kind = match el.attr("type").unwrap_or("bar") {
                "bar" => ChartKind::Bar,
                "line" => ChartKind::Line,
                v => return Err(cx.err(el, format!("`type=\"{v}\"` is not bar or line"))),
            };
            let table = el
                .attr("table")
                .ok_or_else(|| cx.err(el, "needs table=\"id of a table\""))?
                .to_string();
            let category = cx.uint_attr(el, "category", 1, 1)? as usize;
            let series_txt = el
                .attr("series")
                .ok_or_else(|| cx.err(el, "needs series=\"column numbers\""))?;
            let series = series_txt
                .split(',')
                .map(|s| s.trim().parse::<usize>().ok().filter(|n| *n >= 1))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    cx.err(
                        el,
                        format!("`series=\"{series_txt}\"` is not a list of column numbers like 5,6"),
                    )
                })?;
            Ok(Block::Chart(Chart {
                kind,
                table,
                category,
                series,
                title: el.attr("title").unwrap_or("").to_string(),
                y_title: el.attr("y-title").unwrap_or("").to_string(),
            }))
        }
        _ => Err(cx.err(
            el,
            "unknown element (blocks are h1, h2, h3, p, toc, table, fields, signatures, chart, pagebreak)",
        )),
    }
}

fn collect_runs(cx: &Ctx, el: &El, bold: bool, runs: &mut Vec<Run>) -> Result<(), MarkupError> {
    for c in &el.children {
        match c {
            Node::Text(t) => runs.push(Run {
                text: t.clone(),
                bold,
            }),
            Node::El(e) if e.name == "b" => {
                cx.check_attrs(e, &[])?;
                collect_runs(cx, e, true, runs)?;
            }
            Node::El(e) if e.name == "br" => {
                cx.check_attrs(e, &[])?;
                cx.no_children(e)?;
                runs.push(Run {
                    text: "\n".into(),
                    bold,
                });
            }
            Node::El(e) => {
                return Err(cx.err(e, format!("not allowed inside <{}> (use <b> or <br/>)", el.name)))
            }
        }
    }
    Ok(())
}

/// Collapse whitespace across runs, trim the paragraph's ends and around breaks.
fn tidy_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut pending_space = false;
    let mut at_line_start = true;
    for r in runs {
        if r.text == "\n" {
            out.push(r);
            pending_space = false;
            at_line_start = true;
            continue;
        }
        let mut s = String::new();
        for ch in r.text.chars() {
            if matches!(ch, ' ' | '\t' | '\n' | '\r') {
                pending_space = true;
            } else {
                if pending_space && !at_line_start {
                    s.push(' ');
                }
                pending_space = false;
                at_line_start = false;
                s.push(ch);
            }
        }
        if !s.is_empty() {
            match out.last_mut() {
                Some(last) if last.bold == r.bold && last.text != "\n" => last.text.push_str(&s),
                _ => out.push(Run {
                    text: s,
                    bold: r.bold,
                }),
            }
        }
    }
    out
}

fn parse_table(cx: &Ctx, el: &El) -> Result<Table, MarkupError> {
    cx.check_attrs(
        el,
        &["id", "caption", "widths", "repeat-header", "freeze", "filter"],
    )?;
    let widths = match el.attr("widths") {
        None => Vec::new(),
        Some(v) => v
            .split(',')
            .map(|s| s.trim().parse::<f32>().ok().filter(|x| *x > 0.0 && *x <= 255.0))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                cx.err(
                    el,
                    format!("`widths=\"{v}\"` is not a list of widths like 6,10,12"),
                )
            })?,
    };
    let mut rows: Vec<Row> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    for c in &el.children {
        match c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(_) => return Err(cx.err(el, "text must be inside <td> or <th>")),
            Node::El(tr) if tr.name == "tr" => {
                cx.check_attrs(tr, &["header", "total"])?;
                let header = cx.bool_attr(tr, "header", false)?;
                let total = cx.bool_attr(tr, "total", false)?;
                let kind = if header {
                    RowKind::Header
                } else if total {
                    RowKind::Total
                } else {
                    RowKind::Body
                };
                if kind == RowKind::Header && rows.iter().any(|r| r.kind != RowKind::Header) {
                    return Err(cx.err(tr, "header rows must come before the other rows"));
                }
                let mut cells = Vec::new();
                for c in &tr.children {
                    match c {
                        Node::Text(t) if t.trim().is_empty() => {}
                        Node::Text(_) => return Err(cx.err(tr, "text must be inside <td> or <th>")),
                        Node::El(td) if td.name == "td" || td.name == "th" => {
                            cells.push(parse_cell(cx, td, kind)?);
                        }
                        Node::El(e) => {
                            return Err(cx.err(e, "unknown element inside <tr> (use <td> or <th>)"))
                        }
                    }
                }
                rows.push(Row { kind, cells });
                lines.push(tr.line);
            }
            Node::El(e) => return Err(cx.err(e, "unknown element inside <table> (use <tr>)")),
        }
    }
    let header_rows = rows.iter().take_while(|r| r.kind == RowKind::Header).count();
    let repeat_header = cx.uint_attr(el, "repeat-header", header_rows as u32, 0)? as usize;
    if repeat_header > header_rows {
        return Err(cx.err(
            el,
            format!("repeat-header={repeat_header} but the table has {header_rows} header row(s)"),
        ));
    }
    // Sums: each sum cell adds the body rows' cells that start at its grid column.
    let starts: Vec<Vec<usize>> = rows
        .iter()
        .map(|r| {
            let mut col = 0usize;
            r.cells
                .iter()
                .map(|c| {
                    let s = col;
                    col += c.colspan as usize;
                    s
                })
                .collect()
        })
        .collect();
    for ri in 0..rows.len() {
        for ci in 0..rows[ri].cells.len() {
            if rows[ri].cells[ci].sum_of.is_none() {
                continue;
            }
            let col = starts[ri][ci];
            let mut body_rows = Vec::new();
            let mut acc = Acc::default();
            for (rj, r) in rows.iter().enumerate() {
                if r.kind != RowKind::Body {
                    continue;
                }
                if let Some(pos) = starts[rj].iter().position(|s| *s == col) {
                    body_rows.push(rj);
                    acc.add(&r.cells[pos].value).map_err(|m| MarkupError {
                        template: cx.template.to_string(),
                        line: lines[rj],
                        element: "td".into(),
                        message: format!("column {} cannot be summed: {m}", col + 1),
                    })?;
                }
            }
            let cell = &mut rows[ri].cells[ci];
            cell.value = acc.finish(&cell.value);
            cell.sum_of = Some(body_rows);
        }
    }
    Ok(Table {
        id: el.attr("id").map(str::to_string),
        caption: el.attr("caption").map(str::to_string),
        widths,
        repeat_header,
        freeze: cx.bool_attr(el, "freeze", true)?,
        filter: cx.bool_attr(el, "filter", false)?,
        rows,
    })
}

/// Sum accumulator: integers only.
#[derive(Default)]
struct Acc {
    units: i128,
    scale: u32,
}

impl Acc {
    fn add(&mut self, v: &Value) -> Result<(), String> {
        let (u, s) = match v {
            Value::Empty => return Ok(()),
            Value::Number { units, scale, .. } => (*units as i128, *scale),
            Value::Money { fen, .. } => (*fen as i128, 0),
            Value::Percent { bp, .. } => (*bp as i128, 0),
            Value::Duration { seconds, .. } => (*seconds as i128, 0),
            other => return Err(format!("{:?} is not a number", super::format::display(other))),
        };
        if s > self.scale {
            self.units *= 10i128.pow(s - self.scale);
            self.scale = s;
        }
        self.units += u * 10i128.pow(self.scale - s);
        Ok(())
    }

    fn finish(&self, proto: &Value) -> Value {
        let units = self.units.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        match proto {
            Value::Money { currency, .. } => Value::Money {
                fen: units,
                currency: *currency,
            },
            Value::Percent { decimals, .. } => Value::Percent {
                bp: units,
                decimals: *decimals,
            },
            Value::Duration { hours, .. } => Value::Duration {
                seconds: units,
                hours: *hours,
            },
            Value::Number { format, .. } => Value::Number {
                units,
                scale: self.scale,
                format: format.clone(),
            },
            _ => Value::Number {
                units,
                scale: self.scale,
                format: None,
            },
        }
    }
}

fn parse_cell(cx: &Ctx, td: &El, kind: RowKind) -> Result<Cell, MarkupError> {
    cx.check_attrs(
        td,
        &["type", "format", "align", "colspan", "sum", "currency", "bold"],
    )?;
    if let Some(e) = td.elements().next() {
        return Err(cx.err(e, format!("not allowed inside <{}>", td.name)));
    }
    let text = td.text();
    let ty = td.attr("type").unwrap_or("text");
    let format = td.attr("format").map(str::to_string);
    let sum = cx.bool_attr(td, "sum", false)?;
    if sum && kind == RowKind::Header {
        return Err(cx.err(
            td,
            "sum=\"true\" belongs in a total or body row, not a header row",
        ));
    }
    let bad = |what: &str| cx.err(td, format!("{:?} is not {what}", text));
    let value = if text.is_empty() {
        match ty {
            "text" => Value::Empty,
            "number" => Value::Number {
                units: 0,
                scale: 0,
                format: format.clone(),
            },
            "money" => Value::Money {
                fen: 0,
                currency: Currency::PdfOnly,
            },
            "percent" => Value::Percent { bp: 0, decimals: 2 },
            "duration" => Value::Duration {
                seconds: 0,
                hours: false,
            },
            "date" | "datetime" => Value::Empty,
            _ => Value::Empty,
        }
    } else {
        match ty {
            "text" => Value::Text(text.clone()),
            "number" => {
                let (units, scale) =
                    parse_decimal(&text).ok_or_else(|| bad("a number (expected digits like 3 or 4.5)"))?;
                Value::Number {
                    units,
                    scale,
                    format: format.clone(),
                }
            }
            "money" => Value::Money {
                fen: text
                    .parse::<i64>()
                    .map_err(|_| bad("money (expected integer fen like 400000)"))?,
                currency: Currency::PdfOnly,
            },
            "percent" => Value::Percent {
                bp: text
                    .parse::<i64>()
                    .map_err(|_| bad("a percentage (expected integer basis points like 9523)"))?,
                decimals: 2,
            },
            "date" => Value::Date(
                NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|_| bad("a date (expected YYYY-MM-DD)"))?,
            ),
            "datetime" => Value::DateTime(
                NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
                    .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
                    .map_err(|_| bad("a date-time (expected YYYY-MM-DD HH:MM:SS)"))?,
            ),
            "duration" => Value::Duration {
                seconds: text
                    .parse::<i64>()
                    .map_err(|_| bad("a duration (expected integer seconds like 125)"))?,
                hours: false,
            },
            other => {
                return Err(cx.err(
                    td,
                    format!(
                        "`type=\"{other}\"` is not text, number, money, percent, date, datetime or duration"
                    ),
                ))
            }
        }
    };
    // Formats and currency.
    let value = match value {
        Value::Money { fen, .. } => {
            let currency = match td.attr("currency") {
                None => Currency::PdfOnly,
                Some("true" | "¥") => Currency::Always,
                Some("false") => Currency::Never,
                Some(v) => return Err(cx.err(td, format!("`currency=\"{v}\"` is not true or false"))),
            };
            Value::Money { fen, currency }
        }
        Value::Percent { bp, .. } => {
            let decimals = match &format {
                None => 2,
                Some(f) => {
                    if !f.ends_with('%') || !f.starts_with('0') {
                        return Err(cx.err(
                            td,
                            format!("`format=\"{f}\"` is not a percent format like 0.00% or 0%"),
                        ));
                    }
                    super::format::number_format_parts(f).0
                }
            };
            Value::Percent { bp, decimals }
        }
        Value::Duration { seconds, .. } => {
            let hours = match format.as_deref() {
                None | Some("mm:ss") => false,
                Some("h:mm:ss") => true,
                Some(f) => return Err(cx.err(td, format!("`format=\"{f}\"` is not mm:ss or h:mm:ss"))),
            };
            Value::Duration { seconds, hours }
        }
        Value::Number { units, scale, format } => {
            if let Some(f) = &format {
                if !f.chars().all(|c| matches!(c, '0' | '#' | ',' | '.')) || !f.contains('0') {
                    return Err(cx.err(
                        td,
                        format!("`format=\"{f}\"` is not a number format like 0, 0.0 or #,##0.00"),
                    ));
                }
            }
            Value::Number { units, scale, format }
        }
        other => {
            if td.attr("currency").is_some() && ty != "money" {
                return Err(cx.err(td, "currency=… applies to type=\"money\" only"));
            }
            other
        }
    };
    let colspan = cx.uint_attr(td, "colspan", 1, 1)?;
    if colspan > 1000 {
        return Err(cx.err(td, "colspan is larger than 1000"));
    }
    let bold = cx.bool_attr(td, "bold", td.name == "th" || kind != RowKind::Body)?;
    let mut align = cx.align(td)?;
    if align == Align::Auto && td.name == "th" {
        align = Align::Center;
    }
    Ok(Cell {
        value,
        colspan: colspan as u16,
        align,
        bold,
        sum_of: if sum { Some(Vec::new()) } else { None },
    })
}

/// `-12.345` → (-12345, 3); digits with an optional sign and one decimal point.
pub fn parse_decimal(s: &str) -> Option<(i64, u32)> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 9
    {
        return None;
    }
    let digits = format!("{int}{frac}");
    let units: i64 = digits.parse().ok()?;
    Some((if neg { -units } else { units }, frac.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Result<Document, MarkupError> {
        parse(
            "t.xml",
            &format!("<document title=\"T\">\n<sheet name=\"S\">\n{body}\n</sheet>\n</document>"),
        )
    }

    #[test]
    fn sheet_header_footer_and_paragraph_size() {
        let d = parse(
            "t.xml",
            "<document><header>全书</header><sheet name=\"封面\" header=\"\" footer=\"\">\n<p size=\"28\" space-before=\"40mm\">标题</p></sheet>\n<sheet name=\"第一章\" header=\"第一章　总则\"><p>正文</p></sheet>\n<sheet name=\"附\"><p>x</p></sheet></document>",
        )
        .expect("parses");
        assert_eq!(d.sheets[0].header.as_deref(), Some(""));
        assert_eq!(d.sheets[0].footer.as_deref(), Some(""));
        assert_eq!(d.sheets[1].header.as_deref(), Some("第一章　总则"));
        assert_eq!(d.sheets[1].footer, None);
        assert_eq!(d.sheets[2].header, None);
        let Block::Paragraph {
            size,
            space_before_mm,
            ..
        } = &d.sheets[0].blocks[0]
        else {
            panic!("a paragraph");
        };
        assert_eq!(*size, Some(28.0));
        assert_eq!(*space_before_mm, 40.0);
        let err = doc(r#"<p size="200">x</p>"#).expect_err("too big");
        assert!(
            err.to_string().contains("is not a size in points (5–72)"),
            "{err}"
        );
        let err = doc(r#"<p space-before="a lot">x</p>"#).expect_err("not a length");
        assert!(err.to_string().contains("is not a length such as 40mm"), "{err}");
    }

    #[test]
    fn sums_a_money_column_in_fen() {
        // 400000 + 12345 + 55 = 412400 fen
        let d = doc(r#"<table><tr header="true"><th>a</th><th>b</th></tr>
<tr><td>x</td><td type="money">400000</td></tr>
<tr><td>y</td><td type="money">12345</td></tr>
<tr><td>z</td><td type="money">55</td></tr>
<tr total="true"><td>合计</td><td type="money" sum="true"/></tr></table>"#)
        .expect("parses");
        let Block::Table(t) = &d.sheets[0].blocks[0] else {
            panic!("table")
        };
        assert_eq!(
            t.rows[4].cells[1].value,
            Value::Money {
                fen: 412400,
                currency: Currency::PdfOnly
            }
        );
        assert_eq!(t.rows[4].cells[1].sum_of, Some(vec![1, 2, 3]));
        assert_eq!(t.repeat_header, 1);
    }

    #[test]
    fn sums_decimals_exactly() {
        // 4.5 + 0.25 + 3 = 7.75 → units 775 at scale 2
        let d = doc(
            r#"<table><tr><td type="number">4.5</td></tr><tr><td type="number">0.25</td></tr>
<tr><td type="number">3</td></tr><tr total="true"><td type="number" sum="true"/></tr></table>"#,
        )
        .expect("parses");
        let Block::Table(t) = &d.sheets[0].blocks[0] else {
            panic!("table")
        };
        assert_eq!(
            t.rows[3].cells[0].value,
            Value::Number {
                units: 775,
                scale: 2,
                format: None
            }
        );
    }

    #[test]
    fn errors_name_line_and_element() {
        let e = doc("<p>a</p>\n<blink/>").expect_err("unknown");
        assert_eq!((e.line, e.element.as_str()), (4, "blink"));
        let e = doc("<table>\n<tr><td type=\"money\">12.5元</td></tr></table>").expect_err("bad money");
        assert_eq!((e.line, e.element.as_str()), (4, "td"));
        assert!(e.to_string().contains("\"12.5元\" is not money"), "{e}");
        let e = doc("<p colour=\"red\">a</p>").expect_err("bad attr");
        assert!(e.to_string().contains("unknown attribute `colour`"), "{e}");
    }

    #[test]
    fn paragraph_runs_collapse_whitespace() {
        let d = doc("<p>正文\n   <b>加粗</b> 尾<br/> 下一行 </p>").expect("parses");
        let Block::Paragraph { runs, .. } = &d.sheets[0].blocks[0] else {
            panic!("p")
        };
        let texts: Vec<(&str, bool)> = runs.iter().map(|r| (r.text.as_str(), r.bold)).collect();
        assert_eq!(
            texts,
            vec![
                ("正文", false),
                (" 加粗", true),
                (" 尾", false),
                ("\n", false),
                ("下一行", false)
            ]
        );
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("-12.345"), Some((-12345, 3)));
        assert_eq!(parse_decimal("3"), Some((3, 0)));
        assert_eq!(parse_decimal("3,0"), None);
        assert_eq!(parse_decimal("."), None);
    }
}
