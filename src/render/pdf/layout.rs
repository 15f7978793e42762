//! The layout driver: a document's sheets and blocks → laid-out pages, then what
//! needs every page known first (toc page numbers, running headers and footers).

use super::layouter::Layouter;
use super::page::{LaidOut, BLACK, GREY_TEXT};
use super::{chart, form, prose, table};
use crate::render::font::Font;
use crate::render::model::{Block, Document};
use crate::render::wrap::fit_line;

/// Lay out a document into pages. Sheets follow one another on the same page
/// unless one starts a new page ([`starts_page`]).
pub(super) fn lay_out(font: &Font, doc: &Document) -> anyhow::Result<LaidOut> {
    let mut l = Layouter::new(font, doc)?;
    // Headings are known before layout, so the toc's size is fixed up front.
    let all_headings = doc.headings();
    for (si, sheet) in doc.sheets.iter().enumerate() {
        if si > 0 && starts_page(doc, si) && !l.page_empty() {
            l.new_page();
        }
        l.sheet_starts.push(l.page_index());
        for (bi, block) in sheet.blocks.iter().enumerate() {
            let next = following(doc, si, bi);
            lay_out_block(&mut l, block, next, &all_headings);
        }
    }
    number_toc(&mut l);
    headers_and_footers(&mut l);
    Ok(LaidOut {
        width: l.page_w,
        height: l.page_h,
        pages: l.pages,
        headings: l.headings,
    })
}

/// Whether sheet `si` starts a new page: as its `new-page` says, or by default when
/// the document is a form fitted to pages (each sheet a form of its own) or its
/// running header or footer differs from the sheet before it.
pub(super) fn starts_page(doc: &Document, si: usize) -> bool {
    let Some(sheet) = doc.sheets.get(si) else {
        return false;
    };
    if si == 0 {
        return false;
    }
    if let Some(own) = sheet.new_page {
        return own;
    }
    let prev = &doc.sheets[si - 1];
    let running = |own: &Option<String>, doc_level: &Option<String>| {
        own.clone()
            .or_else(|| doc_level.clone())
            .filter(|s| !s.is_empty())
    };
    doc.fit_page
        || running(&sheet.header, &doc.header) != running(&prev.header, &doc.header)
        || running(&sheet.footer, &doc.footer) != running(&prev.footer, &doc.footer)
}

/// The block laid out after block `bi` of sheet `si` on the same page run: the next
/// block of the sheet, or the first of the next sheet when that one does not start
/// a new page.
fn following(doc: &Document, si: usize, bi: usize) -> Option<&Block> {
    if let Some(b) = doc.sheets[si].blocks.get(bi + 1) {
        return Some(b);
    }
    let next = si + 1;
    if next < doc.sheets.len() && !starts_page(doc, next) {
        return doc.sheets[next].blocks.first();
    }
    None
}

/// One block at the current position, kept with what follows it: a heading with
/// the start of the next block, any block with signatures that follow it.
fn lay_out_block(l: &mut Layouter, block: &Block, next: Option<&Block>, all_headings: &[(u8, String)]) {
    let reserve = match next {
        Some(Block::Signatures(s)) => form::signatures_height(l, s),
        _ => 0.0,
    };
    match block {
        Block::Heading { level, text } => {
            let keep = next.map_or(0.0, |n| lead_height(l, n));
            prose::heading(l, *level, text, keep)
        }
        Block::Paragraph {
            runs,
            align,
            size,
            space_before_mm,
        } => prose::paragraph(l, runs, *align, *size, *space_before_mm, reserve),
        Block::Toc { title } => prose::toc(l, title, all_headings),
        Block::Table(t) => table::table(l, t, reserve),
        Block::Fields(f) => form::fields(l, f, reserve),
        Block::Signatures(s) => form::signatures(l, s),
        Block::Chart(c) => chart::chart(l, c, reserve),
        Block::PageBreak => {
            if !l.page_empty() {
                l.new_page();
            }
        }
    }
}

/// How much of a block must share the page with a heading above it: a table's
/// caption, header and first rows, a whole chart or signature block, the first
/// lines of a paragraph or field grid; a heading's own height (headings in a row
/// stay together, with the start of the block under the last one only to a point).
fn lead_height(l: &Layouter, block: &Block) -> f32 {
    let page = l.bottom - l.top;
    let h = match block {
        Block::Heading { level, text } => prose::heading_height(l, *level, text) + l.size() * 3.2,
        Block::Paragraph { size, .. } => size.unwrap_or(l.size()) * 1.55 * 2.0,
        Block::Toc { .. } => l.size() * 1.3 * 1.8 + l.size() * 1.8 * 3.0,
        Block::Table(t) => table::lead_height(l, t),
        Block::Fields(_) => form::fields_lead(l),
        Block::Signatures(s) => form::signatures_height(l, s),
        Block::Chart(_) => chart::chart_height(l),
        Block::PageBreak => 0.0,
    };
    // a heading over a block taller than a page just starts it
    h.min(page * 0.8)
}

/// Write the page number of each toc entry's heading into its slot.
fn number_toc(l: &mut Layouter) {
    let slots = std::mem::take(&mut l.toc_slots);
    let size = l.size();
    for slot in slots {
        if let Some(h) = l.headings.get(slot.heading) {
            let s = (h.page + 1).to_string();
            let w = l.font.width(&s, size);
            l.pages[slot.page].text(slot.right - w, slot.baseline, size, false, BLACK, &s);
        }
    }
}

/// Each page's running header (with a rule under it) and footer: the sheet's own,
/// or the document's; `{page}`, `{pages}` and `{title}` filled in.
fn headers_and_footers(l: &mut Layouter) {
    let total = l.pages.len();
    let size = l.size() * 0.8;
    let doc = l.doc;
    let subst = |s: &str, page: usize| {
        s.replace("{page}", &page.to_string())
            .replace("{pages}", &total.to_string())
            .replace("{title}", &doc.title)
    };
    let (left, right, page_h) = (l.left, l.right, l.page_h);
    let starts = std::mem::take(&mut l.sheet_starts);
    for p in 0..total {
        // The sheet this page belongs to may replace the document's header and footer.
        let sheet = starts
            .iter()
            .rposition(|&s| s <= p)
            .and_then(|i| doc.sheets.get(i));
        let pick = |own: Option<&String>, doc_level: &Option<String>| -> Option<String> {
            match own {
                Some(s) if s.is_empty() => None,
                Some(s) => Some(s.clone()),
                None => doc_level.clone(),
            }
        };
        let header = pick(sheet.and_then(|s| s.header.as_ref()), &doc.header);
        let footer = pick(sheet.and_then(|s| s.footer.as_ref()), &doc.footer);
        if let Some(h) = &header {
            let s = subst(h, p + 1);
            let s = fit_line(l.font, &s, size, right - left);
            let w = l.font.width(&s, size);
            let base = l.top * 0.55;
            l.pages[p].text(left + (right - left - w) / 2.0, base, size, false, GREY_TEXT, &s);
            let line_y = l.top * 0.55 + size * 0.5;
            l.pages[p].hline(left, right, line_y, (0.7, 0.7, 0.7), 0.4);
        }
        if let Some(f) = &footer {
            let s = subst(f, p + 1);
            let s = fit_line(l.font, &s, size, right - left);
            let w = l.font.width(&s, size);
            let base = l.bottom + (page_h - l.bottom) * 0.5;
            l.pages[p].text(left + (right - left - w) / 2.0, base, size, false, GREY_TEXT, &s);
        }
    }
}
