//! Laying out charts: a chart's data read from its table, the value axis, and the
//! bars or lines, category labels and legend drawn into a fixed-height box.

use super::layouter::Layouter;
use super::page::{Rgbf, BLACK, GREY_TEXT};
use crate::render::axis::ValueAxis;
use crate::render::format::display;
use crate::render::model::{Cell, Chart, ChartKind, Row, RowKind, Table};
use crate::render::wrap::fit_line;

/// Series colours, in order.
const PALETTE: [Rgbf; 6] = [
    (0.27, 0.45, 0.77),
    (0.93, 0.49, 0.19),
    (0.44, 0.68, 0.28),
    (0.65, 0.65, 0.65),
    (1.0, 0.75, 0.0),
    (0.36, 0.61, 0.84),
];

/// A chart's categories and series (name, values) read from its table.
pub struct ChartData {
    /// Category labels, one per body row.
    pub categories: Vec<String>,
    /// (series name, value per category).
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

/// The cell that starts at grid column `col` (0-based) in a row.
pub fn cell_at(row: &Row, col: usize) -> Option<&Cell> {
    let mut c = 0usize;
    for cell in &row.cells {
        if c == col {
            return Some(cell);
        }
        c += cell.colspan as usize;
    }
    None
}

/// Read a chart's data from its table's body rows.
pub fn chart_data(t: &Table, c: &Chart) -> ChartData {
    let body: Vec<&Row> = t.rows.iter().filter(|r| r.kind == RowKind::Body).collect();
    let header = t.rows.iter().take_while(|r| r.kind == RowKind::Header).last();
    let categories = body
        .iter()
        .map(|r| {
            cell_at(r, c.category - 1)
                .map(|x| display(&x.value))
                .unwrap_or_default()
        })
        .collect();
    let series = c
        .series
        .iter()
        .map(|&col| {
            let name = header
                .and_then(|h| cell_at(h, col - 1))
                .map(|x| display(&x.value))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("列{col}"));
            let vals = body
                .iter()
                .map(|r| cell_at(r, col - 1).and_then(|x| x.value.as_f64()))
                .collect();
            (name, vals)
        })
        .collect();
    ChartData { categories, series }
}

/// The plot area (inside the axes) and the value range it shows.
struct Plot {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    lo: f64,
    hi: f64,
}

impl Plot {
    /// The y position of value `v`.
    fn to_y(&self, v: f64) -> f32 {
        self.y + self.h - ((v - self.lo) / (self.hi - self.lo)) as f32 * self.h
    }
}

/// The height of a chart block: at most a third of the page's height, so a
/// chart shares its page with a table or another chart.
pub(super) fn chart_height(l: &Layouter) -> f32 {
    (l.width() * 0.42)
        .min((l.bottom - l.top) * 0.34)
        .clamp(140.0, 215.0)
}

/// A chart block: title, value axis with grid, category labels, bars or lines,
/// legend; kept whole on a page with `reserve` points after it.
pub(super) fn chart(l: &mut Layouter, c: &Chart, reserve: f32) {
    let Some(t) = l.doc.table(&c.table) else { return };
    let data = chart_data(t, c);
    let axis = ValueAxis::for_chart(t, c);
    let labels: Vec<String> = axis.ticks().iter().map(|v| axis.label(*v)).collect();
    let size = l.size() * 0.85;
    let h = chart_height(l);
    l.ensure(h + reserve);
    let (x0, y0, w) = (l.left, l.y, l.width());
    let top = title(l, c, x0, y0, w);
    let label_w = labels.iter().map(|s| l.font.width(s, size)).fold(0.0, f32::max);
    let ytitle_w = if c.y_title.is_empty() { 0.0 } else { size * 1.6 };
    let legend_h = size * 2.2;
    let cat_h = size * 2.0;
    let plot_x = x0 + ytitle_w + label_w + size * 0.6;
    let plot_y = top + size * 0.6;
    let plot = Plot {
        x: plot_x,
        y: plot_y,
        w: x0 + w - plot_x - size,
        h: (y0 + h - legend_h - cat_h - plot_y).max(40.0),
        lo: axis.min,
        hi: axis.max,
    };
    y_title(l, c, x0, &plot, size);
    grid_and_axes(l, &axis, &labels, &plot, size);
    let band = plot.w / data.categories.len().max(1) as f32;
    category_labels(l, &data, &plot, band, size);
    series(l, c.kind, &data, &plot, band);
    legend(l, &data, x0, w, y0 + h - legend_h * 0.45, size);
    l.y = y0 + h + l.size();
}

/// The chart's title centred above the plot; the y where the plot may start.
fn title(l: &mut Layouter, c: &Chart, x0: f32, y0: f32, w: f32) -> f32 {
    let mut top = y0;
    if !c.title.is_empty() {
        let ts = l.size() * 1.1;
        let t = fit_line(l.font, &c.title, ts, w);
        let tx = x0 + (w - l.font.width(&t, ts)) / 2.0;
        l.text(tx, top + l.ascent(ts), ts, true, BLACK, &t);
        top += ts * 1.8;
    }
    top
}

/// The y axis title, written vertically (one character per line) left of the labels.
fn y_title(l: &mut Layouter, c: &Chart, x0: f32, plot: &Plot, size: f32) {
    if c.y_title.is_empty() {
        return;
    }
    let mut chars: Vec<char> = c.y_title.chars().collect();
    // Written downwards, one character under another: cut to the plot's height.
    let room = (plot.h / (size * 1.1)).floor().max(1.0) as usize;
    if chars.len() > room {
        chars.truncate(room - 1);
        chars.push(crate::render::model::CUT_MARK);
    }
    let total = chars.len() as f32 * size * 1.1;
    let mut yy = plot.y + (plot.h - total) / 2.0;
    for ch in chars {
        let s = ch.to_string();
        l.text(x0, yy + l.ascent(size), size, false, GREY_TEXT, &s);
        yy += size * 1.1;
    }
}

/// Grid lines with their tick labels, the axes, and the zero line when values go negative.
fn grid_and_axes(l: &mut Layouter, axis: &ValueAxis, labels: &[String], plot: &Plot, size: f32) {
    for (v, s) in axis.ticks().iter().zip(labels) {
        let yy = plot.to_y(*v);
        l.hline(plot.x, plot.x + plot.w, yy, (0.85, 0.85, 0.85), 0.4);
        let lw = l.font.width(s, size);
        l.text(
            plot.x - size * 0.4 - lw,
            yy + size * 0.35,
            size,
            false,
            GREY_TEXT,
            s,
        );
    }
    l.polyline(
        &[
            (plot.x, plot.y),
            (plot.x, plot.y + plot.h),
            (plot.x + plot.w, plot.y + plot.h),
        ],
        BLACK,
        0.8,
    );
    if plot.lo < 0.0 {
        let zy = plot.to_y(0.0);
        l.hline(plot.x, plot.x + plot.w, zy, BLACK, 0.6);
    }
}

/// Category labels under the plot, one per `band`, thinned (and cut) when crowded.
fn category_labels(l: &mut Layouter, data: &ChartData, plot: &Plot, band: f32, size: f32) {
    let max_label = data
        .categories
        .iter()
        .map(|s| l.font.width(s, size))
        .fold(0.0, f32::max);
    let every = ((max_label + size) / band).ceil().max(1.0) as usize;
    for (i, cat) in data.categories.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let mut s = cat.clone();
        while l.font.width(&s, size) > band * every as f32 - size * 0.3 && s.chars().count() > 1 {
            s.pop();
        }
        let cx = plot.x + band * (i as f32 + 0.5);
        let sw = l.font.width(&s, size);
        l.text(
            cx - sw / 2.0,
            plot.y + plot.h + size * 1.3,
            size,
            false,
            BLACK,
            &s,
        );
    }
}

/// The series: grouped bars, or lines with a square at each point.
fn series(l: &mut Layouter, kind: ChartKind, data: &ChartData, plot: &Plot, band: f32) {
    let ns = data.series.len().max(1);
    match kind {
        ChartKind::Bar => {
            let group = band * 0.75;
            let bw = group / ns as f32;
            for (si, (_, vals)) in data.series.iter().enumerate() {
                let col = PALETTE[si % PALETTE.len()];
                for (i, v) in vals.iter().enumerate() {
                    let Some(v) = v else { continue };
                    let bx = plot.x + band * i as f32 + (band - group) / 2.0 + bw * si as f32;
                    let (ya, yb) = (plot.to_y(*v), plot.to_y(0.0f64.max(plot.lo)));
                    let (top_y, hh) = if ya < yb { (ya, yb - ya) } else { (yb, ya - yb) };
                    if hh > 0.0 {
                        l.rect(bx, top_y, bw * 0.92, hh, Some(col), None);
                    }
                }
            }
        }
        ChartKind::Line => {
            for (si, (_, vals)) in data.series.iter().enumerate() {
                let col = PALETTE[si % PALETTE.len()];
                let pts: Vec<(f32, f32)> = vals
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (plot.x + band * (i as f32 + 0.5), plot.to_y(v))))
                    .collect();
                if pts.len() > 1 {
                    l.polyline(&pts, col, 1.4);
                }
                for (px, py) in pts {
                    l.rect(px - 1.8, py - 1.8, 3.6, 3.6, Some(col), None);
                }
            }
        }
    }
}

/// The legend centred on the line at `ly`: a swatch and the name of each series.
fn legend(l: &mut Layouter, data: &ChartData, x0: f32, w: f32, ly: f32, size: f32) {
    // When the names do not all fit, each gets an equal share of the width.
    let natural: f32 = data
        .series
        .iter()
        .map(|(name, _)| size * 2.2 + l.font.width(name, size))
        .sum();
    let share = if natural > w {
        (w / data.series.len().max(1) as f32 - size * 2.2).max(size)
    } else {
        f32::INFINITY
    };
    let names: Vec<std::borrow::Cow<'_, str>> = data
        .series
        .iter()
        .map(|(name, _)| fit_line(l.font, name, size, share))
        .collect();
    let total_w: f32 = names
        .iter()
        .map(|name| size * 2.2 + l.font.width(name, size))
        .sum();
    let mut lx = x0 + (w - total_w) / 2.0;
    for (si, name) in names.iter().enumerate() {
        let col = PALETTE[si % PALETTE.len()];
        l.rect(lx, ly - size * 0.7, size * 0.8, size * 0.8, Some(col), None);
        l.text(lx + size * 1.1, ly, size, false, BLACK, name);
        lx += size * 2.2 + l.font.width(name, size);
    }
}
