//! Writing the slip register back with new rows: every cell of every sheet read
//! by ingest is written again with its value and type, the new rows go after the
//! last, and columns the new rows need but the register lacks are added after its
//! last column. The bytes are written by [`crate::output`].

use std::collections::BTreeMap;

use calamine::Data;
use chrono::{Datelike, NaiveDate};

use super::NewSlip;
use crate::error::UserError;
use crate::ingest::header::SLIPS;
use crate::ingest::register::RegisterBook;

/// Columns a register must have for `slip new` to fill a row.
const REQUIRED: &[&str] = &[
    "编号",
    "类别",
    "发单部门",
    "收单部门",
    "主题",
    "发单日期",
    "要求完成日期",
];

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    anyhow::anyhow!("cannot write the register workbook: {e}")
}

/// Write one cell read by calamine back with rust_xlsxwriter, keeping its value and type.
fn write_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    v: &Data,
    formats: &CellFormats,
) -> anyhow::Result<()> {
    use rust_xlsxwriter::ExcelDateTime;
    match v {
        Data::Empty => {}
        Data::String(s) => {
            ws.write_string(row, col, s).map_err(xlsx_err)?;
        }
        Data::Int(i) => {
            ws.write_number(row, col, *i as f64).map_err(xlsx_err)?;
        }
        Data::Float(f) => {
            ws.write_number(row, col, *f).map_err(xlsx_err)?;
        }
        Data::Bool(b) => {
            ws.write_boolean(row, col, *b).map_err(xlsx_err)?;
        }
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let (value, format) = if y >= 1900 {
                let date = ExcelDateTime::from_ymd(y, mo, d).map_err(xlsx_err)?;
                if (h, mi, s, ms) == (0, 0, 0, 0) {
                    (date, &formats.date)
                } else {
                    (
                        date.and_hms_milli(u16::from(h), mi, s, ms).map_err(xlsx_err)?,
                        &formats.datetime,
                    )
                }
            } else {
                (
                    ExcelDateTime::from_serial_datetime(dt.as_f64().fract()).map_err(xlsx_err)?,
                    &formats.time,
                )
            };
            ws.write_datetime_with_format(row, col, &value, format)
                .map_err(xlsx_err)?;
        }
        Data::DateTime(dt) => {
            ws.write_number_with_format(row, col, dt.as_f64(), &formats.duration)
                .map_err(xlsx_err)?;
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            ws.write_string(row, col, s).map_err(xlsx_err)?;
        }
        Data::Error(e) => {
            ws.write_string(row, col, e.to_string()).map_err(xlsx_err)?;
        }
    }
    Ok(())
}

struct CellFormats {
    date: rust_xlsxwriter::Format,
    datetime: rust_xlsxwriter::Format,
    time: rust_xlsxwriter::Format,
    duration: rust_xlsxwriter::Format,
    header: rust_xlsxwriter::Format,
}

impl CellFormats {
    fn new() -> CellFormats {
        use rust_xlsxwriter::Format;
        CellFormats {
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            time: Format::new().set_num_format("hh:mm:ss"),
            duration: Format::new().set_num_format("[h]:mm:ss"),
            header: Format::new().set_bold(),
        }
    }
}

fn col16(c: u32) -> anyhow::Result<u16> {
    u16::try_from(c).map_err(|_| anyhow::anyhow!("column {c} is beyond the worksheet"))
}

/// The values of one new register row, by canonical column.
fn new_row_values(slip: &NewSlip, number: &str, to: &str) -> Vec<(&'static str, NewValue)> {
    let mut v = vec![
        ("编号", NewValue::Text(number.to_string())),
        ("类别", NewValue::Text(format!("{:?}", slip.class))),
        ("发单部门", NewValue::Text(slip.from_dept.clone())),
        ("收单部门", NewValue::Text(to.to_string())),
        ("主题", NewValue::Text(slip.subject.clone())),
        ("发单日期", NewValue::Date(slip.issue_date)),
        ("要求完成日期", NewValue::Date(slip.due_date)),
    ];
    if let Some(n) = slip.nature {
        v.push(("性质", NewValue::Text(n.label().into())));
    }
    if let Some(r) = &slip.requirement {
        v.push(("工作要求", NewValue::Text(r.clone())));
    }
    if let Some(d) = &slip.drafter {
        v.push(("起草人", NewValue::Text(d.clone())));
    }
    if let Some(r) = &slip.replaces {
        v.push(("替代编号", NewValue::Text(r.clone())));
    }
    v
}

enum NewValue {
    Text(String),
    Date(NaiveDate),
}

/// The register as written: its bytes, the register sheet, its columns, the new rows (0-based).
pub(super) struct WrittenRegister {
    pub bytes: Vec<u8>,
    pub sheet: String,
    pub columns: BTreeMap<&'static str, u32>,
    pub rows: Vec<u32>,
}

/// The register workbook with the new rows, as XLSX bytes, and the columns used.
pub(super) fn register_bytes(
    existing: Option<&RegisterBook>,
    slip: &NewSlip,
    number: &str,
) -> anyhow::Result<WrittenRegister> {
    let formats = CellFormats::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let (sheet_name, mut columns, first_new_row) = match existing {
        Some(reg) => {
            let last = reg
                .range()
                .end()
                .map(|(r, _)| r)
                .unwrap_or(reg.header_row)
                .max(reg.header_row);
            (reg.sheet_name().to_string(), reg.columns.clone(), last + 1)
        }
        None => {
            let cols = SLIPS
                .iter()
                .enumerate()
                .map(|(i, field)| (field.key, i as u32))
                .collect();
            ("工作联系单登记".to_string(), cols, 1)
        }
    };
    // Optional columns the new row needs but the register lacks go after its last column.
    let mut added_headers: Vec<(u32, &'static str)> = Vec::new();
    if let Some(reg) = existing {
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| !reg.columns.contains_key(c))
            .collect();
        if !missing.is_empty() {
            return Err(UserError::Other(format!(
                "the slip register's sheet {} has no column {} (header row {}); add it before using `zhidu slip new`",
                reg.sheet_name(),
                missing.join(", "),
                reg.header_row + 1
            ))
            .into());
        }
        let mut next_col = reg.range().end().map(|(_, c)| c + 1).unwrap_or(0);
        for (canon, _) in new_row_values(slip, number, "") {
            if let std::collections::btree_map::Entry::Vacant(e) = columns.entry(canon) {
                e.insert(next_col);
                added_headers.push((next_col, canon));
                next_col += 1;
            }
        }
    }

    let mut written_rows = Vec::new();
    let sheet_count = existing.map(|r| r.sheets.len()).unwrap_or(1);
    for s in 0..sheet_count {
        let ws = book.add_worksheet();
        let is_register = existing.map(|r| r.sheet == s).unwrap_or(true);
        match existing {
            Some(reg) => {
                let (name, range) = &reg.sheets[s];
                ws.set_name(name).map_err(xlsx_err)?;
                if let Some((r0, c0)) = range.start() {
                    for (r, c, v) in range.used_cells() {
                        write_cell(ws, r0 + r as u32, col16(c0 + c as u32)?, v, &formats)?;
                    }
                }
                if is_register {
                    for (c, canon) in &added_headers {
                        ws.write_string_with_format(reg.header_row, col16(*c)?, *canon, &formats.header)
                            .map_err(xlsx_err)?;
                    }
                }
            }
            None => {
                ws.set_name(&sheet_name).map_err(xlsx_err)?;
                for (canon, c) in &columns {
                    ws.write_string_with_format(0, col16(*c)?, *canon, &formats.header)
                        .map_err(xlsx_err)?;
                }
            }
        }
        if is_register {
            for c in columns.values() {
                ws.set_column_width(col16(*c)?, 14).map_err(xlsx_err)?;
            }
            for (k, to) in slip.to_depts.iter().enumerate() {
                let row = first_new_row + k as u32;
                for (canon, value) in new_row_values(slip, number, to) {
                    let c = col16(columns.get(canon).copied().unwrap_or(0))?;
                    match value {
                        NewValue::Text(t) => {
                            ws.write_string(row, c, t).map_err(xlsx_err)?;
                        }
                        NewValue::Date(d) => {
                            let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                                u16::try_from(d.year()).unwrap_or(1900),
                                d.month() as u8,
                                d.day() as u8,
                            )
                            .map_err(xlsx_err)?;
                            ws.write_datetime_with_format(row, c, &dt, &formats.date)
                                .map_err(xlsx_err)?;
                        }
                    }
                }
                written_rows.push(row);
            }
        }
    }
    let bytes = book.save_to_buffer().map_err(xlsx_err)?;
    Ok(WrittenRegister {
        bytes,
        sheet: sheet_name,
        columns,
        rows: written_rows,
    })
}
