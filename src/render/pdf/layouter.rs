//! The layout state every block shares: page geometry, the pages so far, the
//! current position, page breaks, and drawing on the current page.

use super::page::{HeadingMark, Page, Rgbf, MM};
use crate::render::font::Font;
use crate::render::model::Document;

/// Where a toc entry's page number goes, filled in once every heading is placed.
pub(super) struct TocSlot {
    /// 0-based page index of the entry.
    pub(super) page: usize,
    /// Right edge of the number, in points.
    pub(super) right: f32,
    /// Baseline, in points from the top of the page.
    pub(super) baseline: f32,
    /// Index of the heading (in document order) whose page is shown.
    pub(super) heading: usize,
}

/// A document being laid out: geometry, pages so far, and what is filled in afterwards.
pub(super) struct Layouter<'a> {
    pub(super) font: &'a Font,
    pub(super) doc: &'a Document,
    pub(super) page_w: f32,
    pub(super) page_h: f32,
    pub(super) left: f32,
    pub(super) right: f32,
    pub(super) top: f32,
    pub(super) bottom: f32,
    pub(super) pages: Vec<Page>,
    /// Distance from the top of the page to the current position.
    pub(super) y: f32,
    /// Every heading placed so far, in order.
    pub(super) headings: Vec<HeadingMark>,
    /// Page number slots of toc entries.
    pub(super) toc_slots: Vec<TocSlot>,
    /// The page index on which each sheet starts (for per-sheet headers and footers).
    pub(super) sheet_starts: Vec<usize>,
}

impl<'a> Layouter<'a> {
    /// A layouter on the first, empty page of `doc`'s paper, inside its margins.
    pub(super) fn new(font: &'a Font, doc: &'a Document) -> anyhow::Result<Layouter<'a>> {
        let (pw, ph) = doc.paper.size_mm();
        let (pw, ph) = if doc.landscape { (ph, pw) } else { (pw, ph) };
        let [mt, mr, mb, ml] = doc.margins_mm;
        let l = Layouter {
            font,
            doc,
            page_w: pw * MM,
            page_h: ph * MM,
            left: ml * MM,
            right: (pw - mr) * MM,
            top: mt * MM,
            bottom: (ph - mb) * MM,
            pages: vec![Page::new(ph * MM)],
            y: mt * MM,
            headings: Vec::new(),
            toc_slots: Vec::new(),
            sheet_starts: Vec::new(),
        };
        if l.right - l.left < 40.0 * MM || l.bottom - l.top < 40.0 * MM {
            return Err(crate::msg!("render.no_room").into());
        }
        Ok(l)
    }

    /// The document's body font size.
    pub(super) fn size(&self) -> f32 {
        self.doc.font_size
    }

    /// Width between the margins.
    pub(super) fn width(&self) -> f32 {
        self.right - self.left
    }

    /// The page being filled.
    pub(super) fn page(&mut self) -> &mut Page {
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    /// Index of the page being filled.
    pub(super) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Nothing placed on this page yet.
    pub(super) fn page_empty(&self) -> bool {
        self.y <= self.top + 0.01
    }

    /// Continue at the top of a new page.
    pub(super) fn new_page(&mut self) {
        if let Some(last) = self.pages.last_mut() {
            last.settle();
        }
        self.pages.push(Page::new(self.page_h));
        self.y = self.top;
    }

    /// Start a new page unless `h` more points fit on this one.
    pub(super) fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom && !self.page_empty() {
            self.new_page();
        }
    }

    /// The font's ascent at `size`.
    pub(super) fn ascent(&self, size: f32) -> f32 {
        self.font.ascender / self.font.units_per_em * size
    }

    // ---- drawing on the current page (y measured from the top of the page) ----

    /// Text on the current page; see [`Page::text`].
    pub(super) fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, color: Rgbf, s: &str) {
        self.page().text(x, baseline, size, bold, color, s);
    }

    /// A rectangle on the current page; see [`Page::rect`].
    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgbf>, stroke: Option<Rgbf>) {
        self.page().rect(x, y, w, h, fill, stroke);
    }

    /// A line on the current page; see [`Page::polyline`].
    pub(super) fn polyline(&mut self, pts: &[(f32, f32)], color: Rgbf, width: f32) {
        self.page().polyline(pts, color, width);
    }

    /// A horizontal line on the current page.
    pub(super) fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgbf, width: f32) {
        self.page().hline(x1, x2, y, color, width);
    }
}
