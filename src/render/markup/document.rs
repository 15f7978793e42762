//! The `<document>` element: page setup and metadata attributes, running
//! `<header>`/`<footer>`, and `<sheet>`s of blocks; charts are checked against
//! their tables once the whole document is read.

use chrono::NaiveDate;

use super::blocks::parse_block;
use super::tree::{collapse, parse_tree, Ctx, El, MarkupError, Node};
use crate::render::model::{Block, Chart, Document, Paper, Sheet};

/// Parse rendered markup (from template `template`) into a [`Document`].
pub fn parse(template: &str, src: &str) -> Result<Document, MarkupError> {
    from_tree(template, parse_tree(template, src)?)
}

/// [`parse`], letting go of the markup as soon as its tree is built: a long
/// document's markup is not held beside its tree and its document model.
pub fn parse_owned(template: &str, src: String) -> Result<Document, MarkupError> {
    let root = parse_tree(template, &src)?;
    drop(src);
    from_tree(template, root)
}

/// The document of a markup tree.
fn from_tree(template: &str, mut root: El) -> Result<Document, MarkupError> {
    let cx = Ctx { template };
    if root.name != "document" {
        return Err(cx.err(&root, crate::msg!("render.top_not_document")));
    }
    let mut doc = document_attrs(&cx, &root)?;
    let mut charts: Vec<(usize, Chart)> = Vec::new();
    // Each sheet's part of the tree is let go once it is converted.
    let children = std::mem::take(&mut root.children);
    for c in children {
        match c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(t) => {
                return Err(cx.err(
                    &root,
                    crate::msg!("render.text_outside_block", found = format!("{:?}", t.trim())),
                ))
            }
            Node::El(mut el) => match el.name.as_str() {
                "header" | "footer" => {
                    let text = running_text(&cx, &el)?;
                    if el.name == "header" {
                        doc.header = Some(text);
                    } else {
                        doc.footer = Some(text);
                    }
                }
                "sheet" => {
                    let sheet = parse_sheet(&cx, &mut el, doc.sheets.len(), &mut charts)?;
                    doc.sheets.push(sheet);
                }
                _ => return Err(cx.err(&el, crate::msg!("render.unknown_in_document"))),
            },
        }
    }
    if doc.sheets.is_empty() {
        return Err(cx.err(&root, crate::msg!("render.no_sheet")));
    }
    check_charts(template, &doc, charts)?;
    Ok(doc)
}

/// The document's attributes (paper, orientation, margins, fit, metadata, font size),
/// as a document with no sheets yet.
fn document_attrs(cx: &Ctx, root: &El) -> Result<Document, MarkupError> {
    cx.check_attrs(
        root,
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
        v => return Err(cx.err(root, crate::msg!("render.bad_fit", value = v))),
    };
    let paper = match root.attr("paper").unwrap_or("A4") {
        "A4" | "a4" => Paper::A4,
        "A3" | "a3" => Paper::A3,
        "A5" | "a5" => Paper::A5,
        "Letter" | "letter" => Paper::Letter,
        v => return Err(cx.err(root, crate::msg!("render.bad_paper", value = v))),
    };
    let landscape = match root.attr("orientation").unwrap_or("portrait") {
        "portrait" => false,
        "landscape" => true,
        v => return Err(cx.err(root, crate::msg!("render.bad_orientation", value = v))),
    };
    let margins_mm = match root.attr("margins") {
        None => [15.0; 4],
        Some(v) => {
            parse_margins(v).ok_or_else(|| cx.err(root, crate::msg!("render.bad_margins", value = v)))?
        }
    };
    let date = match root.attr("date") {
        None => NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
        Some(v) => NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .map_err(|_| cx.err(root, crate::msg!("render.bad_date", value = v)))?,
    };
    let font_size = match root.attr("font-size") {
        None => 10.0,
        Some(v) => match v.trim().parse::<f32>() {
            Ok(n) if (5.0..=30.0).contains(&n) => n,
            _ => return Err(cx.err(root, crate::msg!("render.bad_font_size", value = v))),
        },
    };
    Ok(Document {
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
    })
}

/// `15mm`, `15mm 20mm` (vertical, horizontal) or four lengths (top, right, bottom, left).
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

/// The text of a document-level `<header>` or `<footer>`, whitespace collapsed.
fn running_text(cx: &Ctx, el: &El) -> Result<String, MarkupError> {
    cx.check_attrs(el, &[])?;
    let mut text = String::new();
    for c in &el.children {
        match c {
            Node::Text(t) => text.push_str(t),
            Node::El(e) => return Err(cx.err(e, crate::msg!("render.not_allowed_inside", parent = &el.name))),
        }
    }
    Ok(collapse(&text))
}

/// A `<sheet>` (the `index`-th) and its blocks; its charts are noted in `charts`
/// with their lines, to be checked once every table is known.
fn parse_sheet(
    cx: &Ctx,
    el: &mut El,
    index: usize,
    charts: &mut Vec<(usize, Chart)>,
) -> Result<Sheet, MarkupError> {
    cx.check_attrs(el, &["name", "header", "footer", "new-page"])?;
    let name = el
        .attr("name")
        .map(str::to_string)
        .unwrap_or_else(|| format!("Sheet{}", index + 1));
    let mut blocks = Vec::new();
    // Each block's part of the tree is let go once it is converted.
    for c in std::mem::take(&mut el.children) {
        match c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(t) => {
                return Err(cx.err(
                    el,
                    crate::msg!("render.text_outside_p", found = format!("{:?}", t.trim())),
                ))
            }
            Node::El(mut b) => {
                let block = parse_block(cx, &mut b)?;
                if let Block::Chart(ch) = &block {
                    charts.push((b.line, ch.clone()));
                }
                blocks.push(block);
            }
        }
    }
    Ok(Sheet {
        name,
        header: el.attr("header").map(collapse),
        footer: el.attr("footer").map(collapse),
        new_page: match el.attr("new-page") {
            None => None,
            Some(_) => Some(cx.bool_attr(el, "new-page", false)?),
        },
        blocks,
    })
}

/// Every chart names a table of the document, and columns that table has.
fn check_charts(template: &str, doc: &Document, charts: Vec<(usize, Chart)>) -> Result<(), MarkupError> {
    for (line, ch) in charts {
        let e = |m: crate::i18n::Text| MarkupError {
            template: template.to_string(),
            line,
            element: "chart".into(),
            message: m,
        };
        let Some(t) = doc.table(&ch.table) else {
            return Err(e(crate::msg!("render.no_such_table", id = &ch.table)));
        };
        let n = t.column_count();
        for c in std::iter::once(ch.category).chain(ch.series.iter().copied()) {
            if c > n {
                return Err(e(crate::msg!(
                    "render.chart_column_beyond",
                    column = c,
                    n = n,
                    id = &ch.table
                )));
            }
        }
    }
    Ok(())
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
    fn errors_name_line_and_element() {
        let e = doc("<p>a</p>\n<blink/>").expect_err("unknown");
        assert_eq!((e.line, e.element.as_str()), (4, "blink"));
        let e = doc("<table>\n<tr><td type=\"money\">12.5元</td></tr></table>").expect_err("bad money");
        assert_eq!((e.line, e.element.as_str()), (4, "td"));
        assert!(e.to_string().contains("\"12.5元\" is not money"), "{e}");
        let e = doc("<p colour=\"red\">a</p>").expect_err("bad attr");
        assert!(e.to_string().contains("unknown attribute `colour`"), "{e}");
    }
}
