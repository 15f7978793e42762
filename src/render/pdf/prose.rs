//! Laying out running text: headings, paragraphs (with bold runs) and the table
//! of contents (its page numbers are filled in once every page is known).

use super::layouter::{Layouter, TocSlot};
use super::page::{HeadingMark, BLACK, GREY_TEXT, MM};
use crate::render::model::{Align, Run};
use crate::render::wrap::wrap;

/// A heading's size and line height for its level.
pub(super) fn heading_size(l: &Layouter, level: u8) -> (f32, f32) {
    let base = l.size();
    let size = match level {
        1 => base * 1.6,
        2 => base * 1.3,
        _ => base * 1.1,
    };
    (size, size * 1.4)
}

/// The height of a heading (with the space above it unless the page is empty).
pub(super) fn heading_height(l: &Layouter, level: u8, text: &str) -> f32 {
    let (size, lh) = heading_size(l, level);
    let lines = wrap(l.font, text, size, l.width()).len().max(1);
    let before = if l.page_empty() { 0.0 } else { size * 0.6 };
    before + lh * lines as f32 + size * 0.3
}

/// A heading (centred for level 1), kept on one page with `keep` points of what
/// follows; recorded for the outline and the toc.
pub(super) fn heading(l: &mut Layouter, level: u8, text: &str, keep: f32) {
    let (size, lh) = heading_size(l, level);
    let lines = wrap(l.font, text, size, l.width());
    let before = if l.page_empty() { 0.0 } else { size * 0.6 };
    // keep-with-next: the heading never ends a page without the start of what follows
    l.ensure(before + lh * lines.len() as f32 + size * 0.3 + keep);
    if !l.page_empty() {
        l.y += before;
    }
    l.headings.push(HeadingMark {
        level,
        text: text.to_string(),
        page: l.page_index(),
        y: l.y,
    });
    for (a, b) in lines {
        let s = &text[a..b];
        let x = if level == 1 {
            l.left + (l.width() - l.font.width(s, size)) / 2.0
        } else {
            l.left
        };
        let baseline = l.y + (lh - size) / 2.0 + l.ascent(size);
        l.text(x, baseline, size, true, BLACK, s);
        l.y += lh;
    }
    l.y += size * 0.3;
}

/// A paragraph after `space_before_mm` of blank space (the document's size unless
/// `size`); its last two lines find `reserve` points after them on their page.
pub(super) fn paragraph(
    l: &mut Layouter,
    runs: &[Run],
    align: Align,
    size: Option<f32>,
    space_before_mm: f32,
    reserve: f32,
) {
    if space_before_mm > 0.0 {
        l.ensure(space_before_mm * MM);
        l.y = (l.y + space_before_mm * MM).min(l.bottom);
    }
    let size = size.unwrap_or(l.size());
    paragraph_lines(l, runs, align, size, reserve);
}

/// The wrapped lines of a paragraph, each split into bold and plain pieces.
fn paragraph_lines(l: &mut Layouter, runs: &[Run], align: Align, size: f32, reserve: f32) {
    let lh = size * 1.55;
    let mut text = String::new();
    let mut bold_at: Vec<(usize, bool)> = Vec::new();
    for r in runs {
        bold_at.push((text.len(), r.bold));
        text.push_str(&r.text);
    }
    let is_bold = |i: usize| {
        bold_at
            .iter()
            .rev()
            .find(|(s, _)| *s <= i)
            .is_some_and(|(_, b)| *b)
    };
    let lines = wrap(l.font, &text, size, l.width());
    let n = lines.len();
    for (k, (a, b)) in lines.into_iter().enumerate() {
        if reserve > 0.0 && k + 2 >= n && (k + 2 == n || n == 1) {
            // the last lines go with what must follow them (signatures)
            l.ensure((n - k) as f32 * lh + size * 0.5 + reserve);
        }
        l.ensure(lh);
        let line_w = l.font.width(&text[a..b], size);
        let mut x = match align {
            Align::Center => l.left + (l.width() - line_w) / 2.0,
            Align::Right => l.right - line_w,
            _ => l.left,
        };
        let baseline = l.y + (lh - size) / 2.0 + l.ascent(size);
        // split the line into bold/plain pieces
        let mut cuts: Vec<usize> = bold_at
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| *s > a && *s < b)
            .collect();
        cuts.insert(0, a);
        cuts.push(b);
        for w in cuts.windows(2) {
            let piece = &text[w[0]..w[1]];
            l.text(x, baseline, size, is_bold(w[0]), BLACK, piece);
            x += l.font.width(piece, size);
        }
        l.y += lh;
    }
    l.y += size * 0.5;
}

/// The table of contents: every heading of the document (`all`, known before layout)
/// with a dotted leader; the page numbers are left as [`TocSlot`]s.
pub(super) fn toc(l: &mut Layouter, title: &str, all: &[(u8, String)]) {
    let size = l.size();
    let tsize = size * 1.3;
    l.ensure(tsize * 1.6 + size * 1.8 * all.len().min(3) as f32);
    l.text(l.left, l.y + l.ascent(tsize), tsize, true, BLACK, title);
    l.y += tsize * 1.8;
    let lh = size * 1.8;
    let num_w = l.font.width("0000", size);
    for (i, (level, text)) in all.iter().enumerate() {
        l.ensure(lh);
        let indent = f32::from(level.saturating_sub(1)) * size * 2.0;
        let max_w = l.width() - indent - num_w - size * 2.0;
        let mut shown = text.clone();
        while l.font.width(&shown, size) > max_w && !shown.is_empty() {
            shown.pop();
        }
        if shown.len() < text.len() {
            shown.push('…');
        }
        let baseline = l.y + l.ascent(size);
        let bold = *level == 1;
        l.text(l.left + indent, baseline, size, bold, BLACK, &shown);
        // dotted leader
        let start = l.left + indent + l.font.width(&shown, size) + size * 0.5;
        let end = l.right - num_w - size * 0.5;
        let dot_w = l.font.width("·", size).max(1.0) * 1.6;
        let mut x = start;
        let mut dots = String::new();
        while x + dot_w <= end {
            dots.push('·');
            x += l.font.width("·", size);
        }
        if end > start {
            let dots_w = l.font.width(&dots, size);
            l.text(end - dots_w, baseline, size, false, GREY_TEXT, &dots);
        }
        l.toc_slots.push(TocSlot {
            page: l.page_index(),
            right: l.right,
            baseline,
            heading: i,
        });
        l.y += lh;
    }
    l.y += size;
}
