//! The first register, when `slip new` finds none: a workbook with one sheet,
//! 工作联系单登记, whose header holds every slip column in the canonical order,
//! and the new rows under it.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::append::{new_row_values, NewValue, WrittenRegister};
use super::NewSlip;
use crate::ingest::header::SLIPS;

/// The sheet a new register gets.
const SHEET: &str = "工作联系单登记";

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    crate::msg!("register.cannot_write_workbook", error = e.to_string()).into()
}

fn col16(c: u32) -> anyhow::Result<u16> {
    u16::try_from(c).map_err(|_| crate::msg!("register.column_beyond_sheet", column = c).into())
}

/// A new register workbook holding the slip's rows.
pub(super) fn new_register(slip: &NewSlip, number: &str) -> anyhow::Result<WrittenRegister> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let header = Format::new().set_bold();
    let columns: BTreeMap<&'static str, u32> = SLIPS
        .iter()
        .enumerate()
        .map(|(i, field)| (field.key, i as u32))
        .collect();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SHEET).map_err(xlsx_err)?;
    for (canon, c) in &columns {
        ws.write_string_with_format(0, col16(*c)?, *canon, &header)
            .map_err(xlsx_err)?;
        ws.set_column_width(col16(*c)?, 14).map_err(xlsx_err)?;
    }
    let mut rows = Vec::new();
    for (k, to) in slip.to_depts.iter().enumerate() {
        let row = 1 + k as u32;
        for (canon, value) in new_row_values(slip, number, to) {
            let c = col16(columns.get(canon).copied().unwrap_or(0))?;
            match value {
                NewValue::Text(t) => {
                    ws.write_string(row, c, t).map_err(xlsx_err)?;
                }
                NewValue::Date(d) => {
                    let year = u16::try_from(d.year()).map_err(|_| {
                        anyhow::Error::from(crate::msg!("register.date_unwritable", date = d.to_string()))
                    })?;
                    let dt =
                        ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).map_err(xlsx_err)?;
                    ws.write_datetime_with_format(row, c, &dt, &date)
                        .map_err(xlsx_err)?;
                }
            }
        }
        rows.push(row);
    }
    let bytes = book.save_to_buffer().map_err(xlsx_err)?;
    Ok(WrittenRegister {
        bytes,
        sheet: SHEET.to_string(),
        columns,
        rows,
    })
}
