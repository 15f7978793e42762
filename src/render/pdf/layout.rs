//! The layout driver: a document's sheets and blocks → laid-out pages, then what
//! needs every page known first (toc page numbers, running headers and footers).

use super::layouter::Layouter;
use super::page::{LaidOut, BLACK, GREY_TEXT};
use super::{chart, form, prose, table};
use crate::render::font::Font;
use crate::render::model::{Block, Document};
use crate::render::wrap::fit_line;

/// Lay out a document into pages: each sheet starts a new page.
pub(super) fn lay_out(font: &Font, doc: &Document) -> anyhow::Result<LaidOut> {
    let mut l = Layouter::new(font, doc)?;
    // Headings are known before layout, so the toc's size is fixed up front.
    let all_headings = doc.headings();
    for (si, sheet) in doc.sheets.iter().enumerate() {
        if si > 0 {
            l.new_page();
        }
        l.sheet_starts.push(l.page_index());
        for block in &sheet.blocks {
            lay_out_block(&mut l, block, &all_headings);
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

/// One block at the current position.
fn lay_out_block(l: &mut Layouter, block: &Block, all_headings: &[(u8, String)]) {
    match block {
        Block::Heading { level, text } => prose::heading(l, *level, text),
        Block::Paragraph {
            runs,
            align,
            size,
            space_before_mm,
        } => prose::paragraph(l, runs, *align, *size, *space_before_mm),
        Block::Toc { title } => prose::toc(l, title, all_headings),
        Block::Table(t) => table::table(l, t),
        Block::Fields(f) => form::fields(l, f),
        Block::Signatures(s) => form::signatures(l, s),
        Block::Chart(c) => chart::chart(l, c),
        Block::PageBreak => {
            if !l.page_empty() {
                l.new_page();
            }
        }
    }
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
