//! Laying out tables: column widths, wrapped cells, rows kept whole on a page
//! (a row taller than a page is split between its lines), and header rows
//! repeated at the top of each continuation page.

use super::layouter::Layouter;
use super::page::{Rgbf, BLACK, RULE};
use super::paginate::{plan_rows, Room, MIN_ROWS};
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

/// A table laid out but not yet drawn: sizes, column widths and wrapped rows.
struct Prepared<'t> {
    m: Metrics,
    rows: Vec<LaidRow<'t>>,
    header_n: usize,
    cap_h: f32,
    /// The table's width (its columns' sum): a short table keeps its natural width.
    width: f32,
}

impl Prepared<'_> {
    fn head_h(&self) -> f32 {
        self.rows[..self.header_n].iter().map(|r| r.height).sum()
    }
}

/// Measure and wrap a table (None for a table without columns).
fn prepare<'t>(l: &Layouter, t: &'t Table) -> Option<Prepared<'t>> {
    if t.column_count() == 0 {
        return None;
    }
    let size = l.size() * 0.9;
    let m = Metrics {
        size,
        pad: size * 0.35,
        lh: size * 1.35,
    };
    let widths = column_widths(l, t, m.size, m.pad);
    let rows = lay_rows(l, t, &widths, &m);
    Some(Prepared {
        header_n: t.header_rows(),
        cap_h: if t.caption.is_some() { size * 1.9 } else { 0.0 },
        width: widths.iter().sum(),
        m,
        rows,
    })
}

/// What must stay with a heading above the table: its caption, header and first
/// rows (all of them when the table is too short to be split).
pub(super) fn lead_height(l: &Layouter, t: &Table) -> f32 {
    let Some(p) = prepare(l, t) else { return 0.0 };
    let body = &p.rows[p.header_n..];
    let take = if body.len() < 2 * MIN_ROWS {
        body.len()
    } else {
        MIN_ROWS
    };
    p.cap_h + p.head_h() + body[..take].iter().map(|r| r.height).sum::<f32>()
}

/// A table: caption, header, then the rows, broken across pages by [`plan_rows`]
/// (the header repeated on each new page); `reserve` is the room what follows must
/// find after the last row on the same page.
pub(super) fn table(l: &mut Layouter, t: &Table, reserve: f32) {
    let Some(p) = prepare(l, t) else { return };
    let page = l.bottom - l.top;
    let head_h = p.head_h();
    let repeat_h: f32 = p.rows[..t.repeat_header].iter().map(|r| r.height).sum();
    let body = &p.rows[p.header_n..];
    if head_h + p.cap_h > page || body.iter().any(|r| r.height + repeat_h > page) {
        // Rows taller than a page are split between their lines.
        caption(l, t, &p, 0.0);
        tall_rows(l, t, &p);
        l.y += p.m.size;
        return;
    }
    let mut heights: Vec<f32> = body.iter().map(|r| r.height).collect();
    if let Some(last) = heights.last_mut() {
        *last += reserve;
    }
    let plan = plan_rows(
        &heights,
        Room {
            here: l.bottom - l.y - p.cap_h - head_h,
            fresh: page - p.cap_h - head_h,
            next: page - repeat_h,
            can_move: !l.page_empty(),
        },
    );
    if plan.new_page || (body.is_empty() && l.y + p.cap_h + head_h + reserve > l.bottom) {
        l.ensure(page);
    }
    caption(l, t, &p, head_h);
    for r in &p.rows[..p.header_n] {
        draw_row(l, r, &p.m);
    }
    for (k, r) in body.iter().enumerate() {
        if plan.breaks.contains(&k) {
            l.new_page();
            for hr in &p.rows[..t.repeat_header] {
                draw_row(l, hr, &p.m);
            }
        }
        draw_row(l, r, &p.m);
    }
    l.y += p.m.size;
}

/// The caption, centred over the table.
fn caption(l: &mut Layouter, t: &Table, p: &Prepared, keep: f32) {
    let Some(c) = &t.caption else { return };
    l.ensure(p.cap_h + keep);
    let (size, cs) = (p.m.size, p.m.size * 1.05);
    let c = fit_line(l.font, c, cs, l.width());
    let w = p.width.max(l.font.width(&c, cs)).min(l.width());
    let x = l.left + (w - l.font.width(&c, cs)) / 2.0;
    l.text(x, l.y + l.ascent(cs) + size * 0.2, cs, true, BLACK, &c);
    l.y += p.cap_h;
}

/// The rows of a table with a row taller than a page: a row that does not fit starts
/// a new page (the header repeated first), a row taller than a page is split.
fn tall_rows(l: &mut Layouter, t: &Table, p: &Prepared) {
    let rows = &p.rows;
    let repeat_h: f32 = rows[..t.repeat_header].iter().map(|r| r.height).sum();
    for (i, r) in rows.iter().enumerate() {
        if r.height > l.bottom - l.top {
            let repeat = if i >= p.header_n {
                &rows[..t.repeat_header]
            } else {
                &[]
            };
            split_row(l, r, repeat, &p.m);
            continue;
        }
        if l.y + r.height > l.bottom && !l.page_empty() {
            l.new_page();
            if i >= p.header_n && repeat_h + r.height <= l.bottom - l.top {
                for hr in rows.iter().take(t.repeat_header) {
                    draw_row(l, hr, &p.m);
                }
            }
        }
        draw_row(l, r, &p.m);
    }
}

/// Extra room a short table keeps around each column's content.
const NATURAL_SLACK: f32 = 1.5;

/// Up to this share of the width between the margins, a table keeps its natural width.
const NATURAL_SHARE: f32 = 0.6;

/// Column widths in points. A table whose content is narrow keeps its natural
/// width; a wider one fills the page: by the template's relative widths, or by
/// the content's natural widths shared out over the page width.
fn column_widths(l: &Layouter, t: &Table, size: f32, pad: f32) -> Vec<f32> {
    let n = t.column_count();
    let avail = l.width();
    let natural = natural_widths(l, t, size, pad);
    let short: Vec<f32> = natural.iter().map(|w| w + pad * NATURAL_SLACK).collect();
    if short.iter().sum::<f32>() <= avail * NATURAL_SHARE {
        return short;
    }
    if !t.widths.is_empty() {
        let mut w: Vec<f32> = (0..n).map(|i| t.widths.get(i).copied().unwrap_or(8.0)).collect();
        let sum: f32 = w.iter().sum();
        for x in &mut w {
            *x = *x / sum * avail;
        }
        return w;
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

/// Each column's natural width: its widest one-column cell on one line; a cell
/// spanning columns widens the last of them when it needs more.
fn natural_widths(l: &Layouter, t: &Table, size: f32, pad: f32) -> Vec<f32> {
    let n = t.column_count();
    let mut natural = vec![size * 2.0 + 2.0 * pad; n];
    let mut spans: Vec<(usize, usize, f32)> = Vec::new();
    for r in &t.rows {
        let mut col = 0usize;
        for c in &r.cells {
            let span = c.colspan as usize;
            if col < n {
                let w = l.font.width(&display(&c.value), size) + 2.0 * pad + 1.0;
                if span == 1 {
                    natural[col] = natural[col].max(w);
                } else {
                    spans.push((col, (col + span).min(n), w));
                }
            }
            col += span;
        }
    }
    for (a, b, w) in spans {
        let have: f32 = natural[a..b].iter().sum();
        if w > have {
            natural[b - 1] += w - have;
        }
    }
    natural
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
