//! Laying out tables: column widths, wrapped cells, rows kept whole on a page
//! (a row taller than a page is split between its lines), and header rows
//! repeated at the top of each continuation page.

use super::layouter::Layouter;
use super::page::{Rgbf, BLACK, RULE};
use crate::render::format::display;
use crate::render::model::{Align, Cell, RowKind, Table, Value};
use crate::render::wrap::{fit_line, wrap};

/// Fill of header rows.
const HEAD_FILL: Rgbf = (0.85, 0.89, 0.95);
/// Fill of total rows.
const TOTAL_FILL: Rgbf = (0.94, 0.94, 0.94);

/// One cell placed in its row: x offset from the left margin, width, wrapped lines.
struct LaidCell<'c> {
    x: f32,
    w: f32,
    lines: Vec<String>,
    cell: &'c Cell,
}

/// One row with its cells wrapped, and its height.
struct LaidRow<'c> {
    cells: Vec<LaidCell<'c>>,
    height: f32,
    kind: RowKind,
}

/// Sizes shared by every row of a table.
struct Metrics {
    size: f32,
    pad: f32,
    lh: f32,
}

/// A table: caption, then rows; a row that does not fit starts a new page, which
/// repeats the header rows first.
pub(super) fn table(l: &mut Layouter, t: &Table) {
    let n = t.column_count();
    if n == 0 {
        return;
    }
    let size = l.size() * 0.9;
    let m = Metrics {
        size,
        pad: size * 0.35,
        lh: size * 1.35,
    };
    let widths = column_widths(l, t, m.size, m.pad);
    let rows = lay_rows(l, t, &widths, &m);
    let header_n = t.header_rows();
    let head_h: f32 = rows[..header_n].iter().map(|r| r.height).sum();
    let repeat_h: f32 = rows[..t.repeat_header].iter().map(|r| r.height).sum();
    let cap_h = if t.caption.is_some() { size * 1.9 } else { 0.0 };
    let first_body = rows.get(header_n).map(|r| r.height).unwrap_or(0.0);
    l.ensure(cap_h + head_h + first_body);
    if let Some(c) = &t.caption {
        let cs = size * 1.05;
        let c = fit_line(l.font, c, cs, l.width());
        let x = l.left + (l.width() - l.font.width(&c, cs)) / 2.0;
        l.text(x, l.y + l.ascent(cs) + size * 0.2, cs, true, BLACK, &c);
        l.y += cap_h;
    }
    for (i, r) in rows.iter().enumerate() {
        if r.height > l.bottom - l.top {
            let repeat = if i >= header_n {
                &rows[..t.repeat_header]
            } else {
                &[]
            };
            split_row(l, r, repeat, &m);
            continue;
        }
        if l.y + r.height > l.bottom && !l.page_empty() {
            l.new_page();
            if i >= header_n && repeat_h + r.height <= l.bottom - l.top {
                for hr in rows.iter().take(t.repeat_header) {
                    draw_row(l, hr, &m);
                }
            }
        }
        draw_row(l, r, &m);
    }
    l.y += size;
}

/// Column widths in points: the template's relative widths, or the content's
/// natural widths shared out over the page width.
fn column_widths(l: &Layouter, t: &Table, size: f32, pad: f32) -> Vec<f32> {
    let n = t.column_count();
    let avail = l.width();
    if !t.widths.is_empty() {
        let mut w: Vec<f32> = (0..n).map(|i| t.widths.get(i).copied().unwrap_or(8.0)).collect();
        let sum: f32 = w.iter().sum();
        for x in &mut w {
            *x = *x / sum * avail;
        }
        return w;
    }
    let mut natural = vec![size * 2.0 + 2.0 * pad; n];
    for r in &t.rows {
        let mut col = 0usize;
        for c in &r.cells {
            if c.colspan == 1 && col < n {
                let s = display(&c.value);
                let w = l.font.width(&s, size) + 2.0 * pad + 1.0;
                natural[col] = natural[col].max(w);
            }
            col += c.colspan as usize;
        }
    }
    // water-filling: narrow columns keep their natural width, wide ones share the rest
    let mut widths = vec![0.0f32; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| natural[*a].total_cmp(&natural[*b]).then(a.cmp(b)));
    let mut remaining = avail;
    for (k, &i) in order.iter().enumerate() {
        let share = remaining / (n - k) as f32;
        widths[i] = natural[i].min(share);
        remaining -= widths[i];
    }
    let sum: f32 = widths.iter().sum();
    if sum > 0.0 {
        for w in &mut widths {
            *w *= avail / sum;
        }
    }
    widths
}

/// Every row's cells placed in the columns and wrapped, with the row heights.
fn lay_rows<'t>(l: &Layouter, t: &'t Table, widths: &[f32], m: &Metrics) -> Vec<LaidRow<'t>> {
    let n = widths.len();
    t.rows
        .iter()
        .map(|r| {
            let mut col = 0usize;
            let mut cells = Vec::new();
            let mut max_lines = 1usize;
            for c in &r.cells {
                let span = (c.colspan as usize).min(n.saturating_sub(col)).max(1);
                let x: f32 = widths[..col.min(n)].iter().sum();
                let w: f32 = widths[col.min(n)..(col + span).min(n)].iter().sum();
                let text = display(&c.value);
                let lines: Vec<String> = wrap(l.font, &text, m.size, (w - 2.0 * m.pad).max(m.size))
                    .into_iter()
                    .map(|(a, b)| text[a..b].to_string())
                    .collect();
                max_lines = max_lines.max(lines.len());
                cells.push(LaidCell { x, w, lines, cell: c });
                col += c.colspan as usize;
            }
            LaidRow {
                cells,
                height: max_lines as f32 * m.lh + 2.0 * m.pad,
                kind: r.kind,
            }
        })
        .collect()
}

/// A row taller than a page, drawn in parts between its lines: as many lines as
/// fit on each page, the header rows `repeat` first on every page it continues on.
fn split_row(l: &mut Layouter, row: &LaidRow, repeat: &[LaidRow], m: &Metrics) {
    let total = row.cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
    let repeat_h: f32 = repeat.iter().map(|r| r.height).sum();
    let fits = |l: &Layouter| ((l.bottom - l.y - 2.0 * m.pad) / m.lh).floor().max(0.0) as usize;
    // Start on a new page rather than with a sliver of the row.
    if fits(l) < 2 && !l.page_empty() {
        l.new_page();
        draw_repeat(l, repeat, repeat_h, m);
    }
    let mut from = 0usize;
    while from < total {
        // At least one line per page, however small the page.
        let to = (from + fits(l).max(1)).min(total);
        draw_lines(l, row, m, from, to, (to - from) as f32 * m.lh + 2.0 * m.pad);
        from = to;
        if from < total {
            l.new_page();
            draw_repeat(l, repeat, repeat_h, m);
        }
    }
}

/// The header rows at the top of a continuation page, when they leave room for a line.
fn draw_repeat(l: &mut Layouter, repeat: &[LaidRow], repeat_h: f32, m: &Metrics) {
    if repeat_h + m.lh + 2.0 * m.pad <= l.bottom - l.top {
        for hr in repeat {
            draw_row(l, hr, m);
        }
    }
}

/// Draw one row at the current position: bordered (and filled) cells, aligned text.
fn draw_row(l: &mut Layouter, row: &LaidRow, m: &Metrics) {
    draw_lines(l, row, m, 0, usize::MAX, row.height);
}

/// Draw lines `from..to` of a row's cells in a band `h` high at the current position.
fn draw_lines(l: &mut Layouter, row: &LaidRow, m: &Metrics, from: usize, to: usize, h: f32) {
    let (size, pad, lh) = (m.size, m.pad, m.lh);
    let fill = match row.kind {
        RowKind::Header => Some(HEAD_FILL),
        RowKind::Total => Some(TOTAL_FILL),
        RowKind::Body => None,
    };
    let y = l.y;
    for LaidCell { x, w, lines, cell } in &row.cells {
        let x = l.left + x;
        l.rect(x, y, *w, h, fill, Some(RULE));
        let numeric = !matches!(cell.value, Value::Text(_) | Value::Empty);
        let shown = lines
            .get(from.min(lines.len())..to.min(lines.len()))
            .unwrap_or(&[]);
        for (k, line) in shown.iter().enumerate() {
            let tw = l.font.width(line, size);
            let tx = match cell.align {
                Align::Left => x + pad,
                Align::Center => x + (w - tw) / 2.0,
                Align::Right => x + w - pad - tw,
                Align::Auto if numeric => x + w - pad - tw,
                Align::Auto => x + pad,
            };
            let baseline = y + pad + k as f32 * lh + (lh - size) / 2.0 + l.ascent(size);
            l.text(tx, baseline, size, cell.bold, BLACK, line);
        }
    }
    l.y += h;
}
