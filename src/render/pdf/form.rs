//! Laying out form blocks: the label/value grid of `<fields>` and the signature
//! boxes of `<signatures>`.

use super::layouter::Layouter;
use super::page::{Rgbf, BLACK, GREY_TEXT, RULE};
use crate::render::model::{Field, Fields, Sign, SignDate};
use crate::render::wrap::{fit_line, wrap};

/// Fill of field labels.
const LABEL_FILL: Rgbf = (0.93, 0.93, 0.93);

/// The height of a field grid's first line, for what must stay with a heading.
pub(super) fn fields_lead(l: &Layouter) -> f32 {
    l.size() * (1.45 + 0.9)
}

/// A grid of label/value pairs, `columns` pairs to a line; the last field of a
/// line stretches to the right margin; the last line finds `reserve` points after it.
pub(super) fn fields(l: &mut Layouter, f: &Fields, reserve: f32) {
    let size = l.size();
    let pad = size * 0.45;
    let lh = size * 1.45;
    let cols = f.columns.max(1) as usize;
    let slot = l.width() / cols as f32;
    let label_w = f
        .items
        .iter()
        .map(|it| l.font.width(&it.label, size) + 2.0 * pad + 1.0)
        .fold(size * 4.0, f32::max)
        .min(slot * 0.42);
    let lines = pack_lines(&f.items, cols);
    let count_lines = lines.len();
    for (li, line) in lines.into_iter().enumerate() {
        // wrap each field and find the line height
        let mut laid = Vec::new();
        let mut x = l.left;
        let mut max_lines = 1usize;
        let count = line.len();
        for (k, it) in line.into_iter().enumerate() {
            let span = (it.span as usize).clamp(1, cols);
            // the last field of a line stretches to the right edge
            let w = if k + 1 == count {
                l.right - x
            } else {
                slot * span as f32
            };
            let vw = (w - label_w - 2.0 * pad).max(size);
            let lab: Vec<String> = wrap(l.font, &it.label, size, label_w - 2.0 * pad)
                .into_iter()
                .map(|(a, b)| it.label[a..b].to_string())
                .collect();
            let val: Vec<String> = wrap(l.font, &it.value, size, vw)
                .into_iter()
                .map(|(a, b)| it.value[a..b].to_string())
                .collect();
            max_lines = max_lines.max(lab.len()).max(val.len());
            laid.push((x, w, lab, val));
            x += w;
        }
        let grid = Grid {
            label_w,
            size,
            pad,
            lh,
        };
        let h = max_lines as f32 * lh + 2.0 * pad;
        if h <= l.bottom - l.top {
            let keep = if li + 1 == count_lines { reserve } else { 0.0 };
            l.ensure(h + keep);
            draw_lines(l, &laid, &grid, 0, max_lines);
            continue;
        }
        // A line of fields taller than a page continues on the next ones, between its lines.
        let fits = |l: &Layouter| ((l.bottom - l.y - 2.0 * pad) / lh).floor().max(0.0) as usize;
        if fits(l) < 2 && !l.page_empty() {
            l.new_page();
        }
        let mut from = 0usize;
        while from < max_lines {
            let to = (from + fits(l).max(1)).min(max_lines);
            draw_lines(l, &laid, &grid, from, to);
            from = to;
            if from < max_lines {
                l.new_page();
            }
        }
    }
    l.y += size;
}

/// The sizes of a field grid.
struct Grid {
    label_w: f32,
    size: f32,
    pad: f32,
    lh: f32,
}

/// Lines `from..to` of one line of fields (x, width, label lines, value lines),
/// boxed, at the current position.
fn draw_lines(
    l: &mut Layouter,
    laid: &[(f32, f32, Vec<String>, Vec<String>)],
    g: &Grid,
    from: usize,
    to: usize,
) {
    let (label_w, size, pad, lh) = (g.label_w, g.size, g.pad, g.lh);
    let h = (to - from) as f32 * lh + 2.0 * pad;
    let y = l.y;
    let part =
        |v: &[String]| -> Vec<String> { v.get(from.min(v.len())..to.min(v.len())).unwrap_or(&[]).to_vec() };
    for (x, w, lab, val) in laid {
        let (x, w) = (*x, *w);
        l.rect(x, y, label_w, h, Some(LABEL_FILL), Some(RULE));
        l.rect(x + label_w, y, w - label_w, h, None, Some(RULE));
        for (k, s) in part(lab).iter().enumerate() {
            let b = y + pad + k as f32 * lh + (lh - size) / 2.0 + l.ascent(size);
            l.text(x + pad, b, size, true, BLACK, s);
        }
        for (k, s) in part(val).iter().enumerate() {
            let b = y + pad + k as f32 * lh + (lh - size) / 2.0 + l.ascent(size);
            l.text(x + label_w + pad, b, size, false, BLACK, s);
        }
    }
    l.y += h;
}

/// The fields grouped into lines of at most `cols` grid columns.
fn pack_lines(items: &[Field], cols: usize) -> Vec<Vec<&Field>> {
    let mut lines: Vec<Vec<&Field>> = Vec::new();
    let mut used = cols;
    for it in items {
        let span = (it.span as usize).clamp(1, cols);
        if used + span > cols {
            lines.push(Vec::new());
            used = 0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(it);
        }
        used += span;
    }
    lines
}

/// The height of a signatures block: its rows of boxes, kept together on one page.
pub(super) fn signatures_height(l: &Layouter, signs: &[Sign]) -> f32 {
    let size = l.size();
    signs
        .chunks(3)
        .map(|chunk| {
            let lines = if chunk.iter().any(|s| s.date != SignDate::None) {
                2.0
            } else {
                1.0
            };
            size * 3.0 * lines + size * 0.8 + size * 0.6
        })
        .sum::<f32>()
        + size
}

/// Signature boxes, up to three to a row: label and line, and a date line when
/// asked for; all rows on one page.
pub(super) fn signatures(l: &mut Layouter, signs: &[Sign]) {
    if signs.is_empty() {
        return;
    }
    let whole = signatures_height(l, signs);
    if whole <= l.bottom - l.top {
        l.ensure(whole);
    }
    let size = l.size();
    let per_row = signs.len().clamp(1, 3);
    let gap = size * 1.5;
    let box_w = (l.width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
    let row_h = size * 3.0;
    l.y += size * 0.5;
    for chunk in signs.chunks(per_row) {
        let lines = if chunk.iter().any(|s| s.date != SignDate::None) {
            2.0
        } else {
            1.0
        };
        let h = row_h * lines + size * 0.8;
        l.ensure(h);
        let y = l.y;
        for (k, s) in chunk.iter().enumerate() {
            let x = l.left + k as f32 * (box_w + gap);
            l.rect(x, y, box_w, h, None, Some(RULE));
            let pad = size * 0.6;
            let base1 = y + row_h * 0.5 + l.ascent(size) + size * 0.2;
            let label = format!("{}：", s.label);
            l.text(x + pad, base1, size, true, BLACK, &label);
            let lx = x + pad + l.font.width(&label, size) + size * 0.3;
            l.hline(lx, x + box_w - pad, base1 + size * 0.3, BLACK, 0.6);
            if let Some(name) = &s.name {
                let room = (x + box_w - pad) - (lx + size * 0.5);
                let name = fit_line(l.font, name, size, room);
                l.text(lx + size * 0.5, base1, size, false, BLACK, &name);
            }
            if s.date != SignDate::None {
                sign_date(l, s, x + pad, x + box_w - pad, base1 + row_h);
            }
        }
        l.y += h + size * 0.6;
    }
    l.y += size * 0.5;
}

/// The date line of a signature box, from `x` to `end`: the given date, or blanks to fill in.
fn sign_date(l: &mut Layouter, s: &Sign, x: f32, end: f32, base2: f32) {
    let size = l.size();
    let dl = "日期：";
    l.text(x, base2, size, true, BLACK, dl);
    let dx = x + l.font.width(dl, size) + size * 0.3;
    l.hline(dx, end, base2 + size * 0.3, BLACK, 0.6);
    let shown = match &s.date {
        SignDate::Given(d) => d.format("%Y年%m月%d日").to_string(),
        _ => "      年    月    日".to_string(),
    };
    let color = if matches!(s.date, SignDate::Given(_)) {
        BLACK
    } else {
        GREY_TEXT
    };
    l.text(dx + size * 0.5, base2, size, false, color, &shown);
}
