//! Table cells in the XLSX: the workbook's font, each value's number format, and
//! the cell written as a number, date, text, SUM formula or row formula with its
//! value cached.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};

use crate::render::markup::formula_to_excel;
use crate::render::model::{cut_text, Align, Cell, Currency, RowKind, Value, MAX_TEXT_UNITS};

/// The workbook's font: 等线, the font of Chinese Excel since 2016 (a viewer without
/// it substitutes another CJK font; the PDF embeds its own).
pub(super) const FONT_NAME: &str = "等线";
/// The GB2312 character set, so Excel picks a Chinese font when 等线 is missing.
const FONT_CHARSET: u8 = 134;
/// Default row height in pixels with 等线 11 (14.25 points).
pub(super) const ROW_PX: u32 = 19;
/// Default column width in pixels with 等线 11 (8.43 characters of 8 pixels).
pub(super) const COLUMN_PX: u32 = 72;

/// The workbook's default format: 等线 11 with the Chinese character set.
pub(super) fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT_NAME)
        .set_font_size(11)
        .set_font_charset(FONT_CHARSET)
}

/// The Excel number format of a value (empty for text).
pub(super) fn number_format(value: &Value) -> String {
    let frac = |d: u32| {
        if d == 0 {
            String::new()
        } else {
            format!(".{}", "0".repeat(d as usize))
        }
    };
    match value {
        Value::Number { format: Some(f), .. } => f.clone(),
        // whole numbers (counts) carry thousands separators
        Value::Number { scale: 0, .. } => "#,##0".into(),
        Value::Number { scale, .. } => format!("0{}", frac(*scale)),
        Value::Money {
            currency: Currency::Always,
            ..
        } => "¥#,##0.00".into(),
        Value::Money { .. } => "#,##0.00".into(),
        Value::Percent { decimals, .. } => format!("0{}%", frac(*decimals)),
        Value::Date(_) => "yyyy-mm-dd".into(),
        Value::DateTime(_) => "yyyy-mm-dd hh:mm:ss".into(), // not a message
        Value::Duration { hours: true, .. } => "[h]:mm:ss".into(),
        Value::Duration { hours: false, .. } => "[mm]:ss".into(),
        Value::Delta {
            units,
            scale,
            unit,
            clock,
        } => delta_format(*units, *scale, unit, *clock),
        Value::Text(_) | Value::Empty => String::new(),
    }
}

/// A signed format for a change: `+0;-0;0`, `+0.00"个百分点";-0.00"个百分点";0.00"个百分点"`;
/// a change of time as `+[h]"小时"mm"分"ss"秒"` (minutes or seconds alone when shorter).
fn delta_format(units: i64, scale: u32, unit: &str, clock: bool) -> String {
    let signed = |body: &str| format!("+{body};-{body};{body}");
    if clock {
        return match units.unsigned_abs() {
            0..=59 => signed("0\"秒\""),
            60..=3599 => signed("[m]\"分\"ss\"秒\""),
            _ => signed("[h]\"小时\"mm\"分\"ss\"秒\""),
        };
    }
    let frac = if scale == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(scale as usize))
    };
    let quoted = if unit.is_empty() {
        String::new()
    } else {
        format!("\"{}\"", unit.replace('"', ""))
    };
    signed(&format!("#,##0{frac}{quoted}"))
}

/// The number a value is written as: money in yuan, rates as fractions, times in days.
fn number(value: &Value) -> Option<f64> {
    Some(match value {
        Value::Number { units, scale, .. } => *units as f64 / 10f64.powi(*scale as i32),
        Value::Money { fen, .. } => *fen as f64 / 100.0,
        Value::Percent { bp, .. } => *bp as f64 / 10000.0,
        Value::Duration { seconds, .. } => *seconds as f64 / 86400.0,
        Value::Delta {
            units, clock: true, ..
        } if units.unsigned_abs() >= 60 => *units as f64 / 86400.0,
        Value::Delta { units, scale, .. } => *units as f64 / 10f64.powi(*scale as i32),
        _ => return None,
    })
}

/// The formats of table cells, made once per workbook and shared by its sheets.
pub(super) struct Formats {
    cache: BTreeMap<String, Format>,
}

impl Formats {
    /// An empty cache.
    pub(super) fn new() -> Formats {
        Formats {
            cache: BTreeMap::new(),
        }
    }

    /// The format of a cell in a row of this kind: border, number format, weight,
    /// fill and alignment; text wraps inside its column.
    pub(super) fn get(&mut self, kind: RowKind, cell: &Cell) -> Format {
        let num = number_format(&cell.value);
        let key = format!("{kind:?}|{num}|{:?}|{}", cell.align, cell.bold);
        self.cache
            .entry(key)
            .or_insert_with(|| {
                let mut f = base_format()
                    .set_border(FormatBorder::Thin)
                    .set_border_color(Color::RGB(0x8C8C8C));
                if !num.is_empty() {
                    f = f.set_num_format(num.as_str());
                }
                if cell.bold {
                    f = f.set_bold();
                }
                if num.is_empty() {
                    // long text wraps inside its column (the row is given its lines)
                    f = f.set_text_wrap();
                }
                f = match kind {
                    RowKind::Header => f.set_background_color(Color::RGB(0xD9E1F2)).set_text_wrap(),
                    RowKind::Total => f.set_background_color(Color::RGB(0xF0F0F0)),
                    RowKind::Body => f,
                };
                f = match cell.align {
                    Align::Left => f.set_align(FormatAlign::Left),
                    Align::Center => f.set_align(FormatAlign::Center),
                    Align::Right => f.set_align(FormatAlign::Right),
                    Align::Auto => f,
                };
                f.set_align(FormatAlign::VerticalCenter)
            })
            .clone()
    }
}

/// The Excel column letters of a 0-based column (`0` → `A`, `27` → `AB`).
pub(super) fn col_name(mut col: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// `SUM(A3:A10,A12)` over consecutive runs of Excel rows (0-based) in one column.
pub(super) fn sum_ranges(col: u16, rows: &[u32]) -> String {
    let c = col_name(col);
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        if i == j {
            parts.push(format!("{c}{}", rows[i] + 1));
        } else {
            parts.push(format!("{c}{}:{c}{}", rows[i] + 1, rows[j] + 1));
        }
        i = j + 1;
    }
    if parts.is_empty() {
        "0".into()
    } else {
        format!("SUM({})", parts.join(","))
    }
}

/// Text for a cell: at most Excel's 32,767 characters (cut with "…").
pub(super) fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    cut_text(text, MAX_TEXT_UNITS)
}

/// A date as Excel's date.
pub(super) fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// A date and time as Excel's date-time.
fn excel_datetime(d: chrono::NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Timelike;
    excel_date(d.date())?.and_hms(d.hour() as u16, d.minute() as u8, d.second() as f64)
}

/// Write one table cell at (`row`, `col`); `first` is the Excel row of the table's
/// first row (sum cells name their rows relative to it).
pub(super) fn write_cell(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    c: &Cell,
    fmt: &Format,
    first: u32,
) -> Result<(), XlsxError> {
    let cached = || number(&c.value).map_or_else(|| "0".to_string(), |v| v.to_string());
    if let Some(sum_rows) = c.sum_of() {
        let excel_rows: Vec<u32> = sum_rows.iter().map(|r| first + *r as u32).collect();
        let f = Formula::new(format!("={}", sum_ranges(col, &excel_rows))).set_result(cached());
        ws.write_formula_with_format(row, col, f, fmt)?;
        return Ok(());
    }
    if let Some(src) = c.formula() {
        let f = Formula::new(format!("={}", formula_to_excel(src, row + 1, col_name))).set_result(cached());
        ws.write_formula_with_format(row, col, f, fmt)?;
        return Ok(());
    }
    match &c.value {
        Value::Empty => {
            ws.write_blank(row, col, fmt)?;
        }
        Value::Text(t) => {
            ws.write_string_with_format(row, col, cell_text(t).as_ref(), fmt)?;
        }
        Value::Date(d) => {
            ws.write_datetime_with_format(row, col, excel_date(*d)?, fmt)?;
        }
        Value::DateTime(d) => {
            ws.write_datetime_with_format(row, col, excel_datetime(*d)?, fmt)?;
        }
        v => {
            ws.write_number_with_format(row, col, number(v).unwrap_or(0.0), fmt)?;
        }
    }
    Ok(())
}

/// An empty cell, to fill a row's grid.
pub(super) fn empty_cell() -> Cell {
    Cell {
        value: Value::Empty,
        colspan: 1,
        align: Align::Auto,
        bold: false,
        calc: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_sum_ranges_and_change_formats() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        // rows 2..=4 and 6 (0-based) are Excel rows 3..5 and 7
        assert_eq!(sum_ranges(2, &[2, 3, 4, 6]), "SUM(C3:C5,C7)");
        assert_eq!(delta_format(26, 0, "", false), "+#,##0;-#,##0;#,##0");
        assert_eq!(
            delta_format(-127, 2, "个百分点", false),
            "+#,##0.00\"个百分点\";-#,##0.00\"个百分点\";#,##0.00\"个百分点\""
        );
        assert_eq!(
            delta_format(3723, 0, "", true),
            "+[h]\"小时\"mm\"分\"ss\"秒\";-[h]\"小时\"mm\"分\"ss\"秒\";[h]\"小时\"mm\"分\"ss\"秒\""
        );
    }
}
