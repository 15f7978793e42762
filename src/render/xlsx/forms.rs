//! Forms in the XLSX: field grids (label and value cells, a value spanning pairs
//! merged across them) and signature rows.

use rust_xlsxwriter::XlsxError;

use super::cells::{cell_text, excel_date};
use super::{SheetWriter, LINE_PT};
use crate::render::format::char_width;
use crate::render::model::{Field, Fields, Sign, SignDate};

/// The fields grouped into lines of at most `columns` pairs, each with its first pair.
pub(super) fn field_lines(f: &Fields) -> Vec<Vec<(u16, &Field)>> {
    let cols = f.columns.max(1) as u16;
    let mut lines: Vec<Vec<(u16, &Field)>> = Vec::new();
    let mut used = cols;
    for it in &f.items {
        let span = (it.span as u16).clamp(1, cols);
        if used + span > cols {
            lines.push(Vec::new());
            used = 0;
        }
        if let Some(l) = lines.last_mut() {
            l.push((used, it));
        }
        used += span;
    }
    lines
}

/// A field grid: label and value cell pairs, `columns` pairs to a row, a value
/// spanning `span` pairs merged across them; each row as high as its longest value.
pub(super) fn fields(w: &mut SheetWriter, f: &Fields) -> Result<(), XlsxError> {
    let cols = f.columns.max(1) as u16;
    for line in field_lines(f) {
        let r = w.row;
        let mut text_lines = 1usize;
        for (pos, it) in &line {
            let span = (it.span as u16).clamp(1, cols);
            let c = pos * 2;
            let last = c + 1 + (span - 1) * 2;
            let avail: f64 = (c + 1..=last)
                .map(|i| w.widths.get(&i).copied().unwrap_or(8.43))
                .sum();
            let need = char_width(&it.value) as f64;
            text_lines = text_lines.max((need / avail.max(1.0)).ceil() as usize);
        }
        for (pos, it) in &line {
            let span = (it.span as u16).clamp(1, cols);
            let c = pos * 2;
            let (label, value) = (&w.styles.label, &w.styles.value);
            w.ws.write_string_with_format(r, c, cell_text(&it.label).as_ref(), label)?;
            let last = c + 1 + (span - 1) * 2;
            if last > c + 1 {
                w.ws.merge_range(r, c + 1, r, last, cell_text(&it.value).as_ref(), value)?;
            } else {
                w.ws.write_string_with_format(r, c + 1, cell_text(&it.value).as_ref(), value)?;
            }
        }
        w.next_row((text_lines > 1).then(|| LINE_PT * text_lines.min(28) as f64 + 2.0))?;
    }
    Ok(())
}

/// Signatures, one to a row: label, name, and the date label and cell when asked for.
pub(super) fn signatures(w: &mut SheetWriter, signs: &[Sign]) -> Result<(), XlsxError> {
    for s in signs {
        let r = w.row;
        let (label, value) = (&w.styles.label, &w.styles.value);
        w.ws.write_string_with_format(r, 0, cell_text(&format!("{}：", s.label)).as_ref(), label)?;
        w.ws.write_string_with_format(r, 1, cell_text(s.name.as_deref().unwrap_or("")).as_ref(), value)?;
        match &s.date {
            SignDate::None => {}
            SignDate::Blank => {
                w.ws.write_string_with_format(r, 2, "日期：", label)?;
                w.ws.write_blank(r, 3, value)?;
            }
            SignDate::Given(d) => {
                w.ws.write_string_with_format(r, 2, "日期：", label)?;
                let f = value.clone().set_num_format("yyyy-mm-dd");
                w.ws.write_datetime_with_format(r, 3, excel_date(*d)?, &f)?;
            }
        }
        // a signature needs room to sign
        w.next_row(Some(LINE_PT * 2.0))?;
    }
    Ok(())
}
