//! Block elements inside a `<sheet>`: headings, paragraphs (bold runs and line
//! breaks), toc, page breaks, field grids, signatures and charts; tables are
//! read in [`super::tables`].

use chrono::NaiveDate;

use super::tables::parse_table;
use super::tree::{Ctx, El, MarkupError, Node};
use crate::render::model::{
    cut_text, Block, Chart, ChartKind, Field, Fields, Run, Sign, SignDate, MAX_TEXT_UNITS,
};

/// One block element.
pub(super) fn parse_block(cx: &Ctx, el: &mut El) -> Result<Block, MarkupError> {
    match el.name.as_str() {
        "h1" | "h2" | "h3" => heading(cx, el),
        "p" => paragraph(cx, el),
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
        "fields" => fields(cx, el),
        "signatures" => signatures(cx, el),
        "chart" => chart(cx, el),
        _ => Err(cx.err(el, crate::msg!("render.unknown_block"))),
    }
}

/// `<h1>`–`<h3>`: text only.
fn heading(cx: &Ctx, el: &El) -> Result<Block, MarkupError> {
    cx.check_attrs(el, &[])?;
    if let Some(e) = el.elements().next() {
        return Err(cx.err(e, crate::msg!("render.not_allowed_inside", parent = &el.name)));
    }
    let level = el.name.as_bytes()[1] - b'0';
    Ok(Block::Heading {
        level,
        text: el.text(),
    })
}

/// `<p>`: alignment, size, space before, and runs of plain and bold text.
fn paragraph(cx: &Ctx, el: &El) -> Result<Block, MarkupError> {
    cx.check_attrs(el, &["align", "size", "space-before"])?;
    let align = cx.align(el)?;
    let size = match el.attr("size") {
        None => None,
        Some(v) => match v.trim().parse::<f32>() {
            Ok(s) if (5.0..=72.0).contains(&s) => Some(s),
            _ => return Err(cx.err(el, crate::msg!("render.bad_heading_size", value = v))),
        },
    };
    let space_before_mm = match el.attr("space-before") {
        None => 0.0,
        Some(v) => match v.trim().trim_end_matches("mm").trim().parse::<f32>() {
            Ok(s) if (0.0..=250.0).contains(&s) => s,
            _ => return Err(cx.err(el, crate::msg!("render.bad_space_before", value = v))),
        },
    };
    let mut runs: Vec<Run> = Vec::new();
    collect_runs(cx, el, false, &mut runs)?;
    Ok(Block::Paragraph {
        runs: cut_runs(tidy_runs(runs)),
        align,
        size,
        space_before_mm,
    })
}

/// The text of `el` as runs: `<b>` makes bold, `<br/>` a line break.
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
            Node::El(e) => return Err(cx.err(e, crate::msg!("render.not_allowed_inline", parent = &el.name))),
        }
    }
    Ok(())
}

/// The runs of a paragraph cut, all together, to the document's limit
/// ([`MAX_TEXT_UNITS`]), the last one kept ending in "…".
fn cut_runs(runs: Vec<Run>) -> Vec<Run> {
    let mut left = MAX_TEXT_UNITS;
    let mut out = Vec::with_capacity(runs.len());
    for mut r in runs {
        let units = r.text.encode_utf16().count();
        if units <= left {
            left -= units;
            out.push(r);
            continue;
        }
        if left > 0 {
            r.text = cut_text(&r.text, left).into_owned();
            out.push(r);
        }
        break;
    }
    out
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

/// `<fields columns="n">` of `<field label="…" span="k">value</field>`.
fn fields(cx: &Ctx, el: &El) -> Result<Block, MarkupError> {
    cx.check_attrs(el, &["columns"])?;
    let columns = cx.uint_attr(el, "columns", 2, 1)?;
    let mut items = Vec::new();
    for c in &el.children {
        match c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(_) => return Err(cx.err(el, crate::msg!("render.text_outside_field"))),
            Node::El(f) if f.name == "field" => {
                cx.check_attrs(f, &["label", "span"])?;
                if let Some(e) = f.elements().next() {
                    return Err(cx.err(e, crate::msg!("render.not_allowed_in_field")));
                }
                let span = cx.uint_attr(f, "span", 1, 1)?;
                if span > columns {
                    return Err(cx.err(
                        f,
                        crate::msg!("render.span_too_wide", span = span, columns = columns),
                    ));
                }
                items.push(Field {
                    label: f.attr("label").unwrap_or("").to_string(),
                    value: f.text(),
                    span,
                });
            }
            Node::El(f) => return Err(cx.err(f, crate::msg!("render.unknown_in_fields"))),
        }
    }
    Ok(Block::Fields(Fields { columns, items }))
}

/// `<signatures>` of `<sign label="…" name="…" date="…"/>`.
fn signatures(cx: &Ctx, el: &El) -> Result<Block, MarkupError> {
    cx.check_attrs(el, &[])?;
    let mut signs = Vec::new();
    for c in &el.children {
        match c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(_) => return Err(cx.err(el, crate::msg!("render.text_outside_sign"))),
            Node::El(s) if s.name == "sign" => signs.push(sign(cx, s)?),
            Node::El(s) => return Err(cx.err(s, crate::msg!("render.unknown_in_signatures"))),
        }
    }
    Ok(Block::Signatures(signs))
}

/// One `<sign>`: label, optional name, and no date, a blank date or a given date.
fn sign(cx: &Ctx, s: &El) -> Result<Sign, MarkupError> {
    cx.check_attrs(s, &["label", "name", "date"])?;
    cx.no_children(s)?;
    let date = match s.attr("date") {
        None | Some("false") => SignDate::None,
        Some("true") => SignDate::Blank,
        Some(v) => SignDate::Given(
            NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
                .map_err(|_| cx.err(s, crate::msg!("render.bad_sign_date", value = v)))?,
        ),
    };
    Ok(Sign {
        label: s.attr("label").unwrap_or("").to_string(),
        name: s
            .attr("name")
            .filter(|n| !n.trim().is_empty())
            .map(str::to_string),
        date,
    })
}

/// `<chart>`: kind, the table it reads, its category and series columns, titles.
/// (That the table exists and has those columns is checked once the document is read.)
fn chart(cx: &Ctx, el: &El) -> Result<Block, MarkupError> {
    cx.check_attrs(el, &["type", "table", "category", "series", "title", "y-title"])?;
    cx.no_children(el)?;
    let kind = match el.attr("type").unwrap_or("bar") {
        "bar" => ChartKind::Bar,
        "line" => ChartKind::Line,
        v => return Err(cx.err(el, crate::msg!("render.bad_chart_type", value = v))),
    };
    let table = el
        .attr("table")
        .ok_or_else(|| cx.err(el, crate::msg!("render.chart_needs_table")))?
        .to_string();
    let category = cx.uint_attr(el, "category", 1, 1)? as usize;
    let series_txt = el
        .attr("series")
        .ok_or_else(|| cx.err(el, crate::msg!("render.chart_needs_series")))?;
    let series = series_txt
        .split(',')
        .map(|s| s.trim().parse::<usize>().ok().filter(|n| *n >= 1))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| cx.err(el, crate::msg!("render.bad_series", value = series_txt)))?;
    Ok(Block::Chart(Chart {
        kind,
        table,
        category,
        series,
        title: el.attr("title").unwrap_or("").to_string(),
        y_title: el.attr("y-title").unwrap_or("").to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markup::tree::parse_tree;

    fn block(src: &str) -> Result<Block, MarkupError> {
        let mut el = parse_tree("t.xml", src)?;
        parse_block(&Ctx { template: "t.xml" }, &mut el)
    }

    #[test]
    fn paragraph_runs_collapse_whitespace() {
        let b = block("<p>正文\n   <b>加粗</b> 尾<br/> 下一行 </p>").expect("parses");
        let Block::Paragraph { runs, .. } = &b else {
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
}
