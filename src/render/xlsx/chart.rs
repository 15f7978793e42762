//! Native Excel charts fed from a table's cells, on the same value axis as the PDF's.

use rust_xlsxwriter::{Chart as XChart, ChartLegendPosition, ChartType, XlsxError};

use super::cells::ROW_PX;
use crate::render::axis::ValueAxis;
use crate::render::model::{Chart, ChartKind, RowKind, Table};

/// Rows a chart covers on its sheet (at the default row height).
pub(super) const CHART_ROWS: u32 = 18;

/// Where a table landed: its sheet and the Excel row of each of its rows.
pub(super) struct Placed {
    /// The worksheet's name.
    pub(super) sheet: String,
    /// Excel row (0-based) of each table row.
    pub(super) rows: Vec<u32>,
}

/// A bar or line chart over the table's body rows, `width_px` wide: series named
/// by the header, the value axis as [`ValueAxis`] decides (the PDF draws the same).
pub(super) fn build_chart(c: &Chart, p: &Placed, t: &Table, width_px: u32) -> Result<XChart, XlsxError> {
    let mut chart = XChart::new(match c.kind {
        ChartKind::Bar => ChartType::Column,
        ChartKind::Line => ChartType::Line,
    });
    let body: Vec<u32> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == RowKind::Body)
        .map(|(i, _)| p.rows[i])
        .collect();
    let (Some(&r1), Some(&r2)) = (body.first(), body.last()) else {
        return Ok(chart);
    };
    let header_row = t
        .rows
        .iter()
        .rposition(|r| r.kind == RowKind::Header)
        .map(|i| p.rows[i]);
    let cat = (c.category - 1) as u16;
    for &s in &c.series {
        let col = (s - 1) as u16;
        let series = chart.add_series();
        series
            .set_categories((p.sheet.as_str(), r1, cat, r2, cat))
            .set_values((p.sheet.as_str(), r1, col, r2, col));
        if let Some(h) = header_row {
            series.set_name((p.sheet.as_str(), h, col));
        }
    }
    if !c.title.is_empty() {
        chart.title().set_name(c.title.as_str());
    }
    let axis = ValueAxis::for_chart(t, c);
    let y = chart.y_axis();
    y.set_min(axis.min)
        .set_max(axis.max)
        .set_major_unit(axis.step)
        .set_num_format(axis.excel_format());
    if !c.y_title.is_empty() {
        y.set_name(c.y_title.as_str());
    }
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
        .set_width(width_px.clamp(400, 720))
        .set_height(CHART_ROWS * ROW_PX - 4);
    Ok(chart)
}
