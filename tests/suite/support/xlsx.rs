//! XLSX fixtures written in code, and XLSX outputs read back with calamine.

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;

/// A cell of a fixture workbook.
#[derive(Clone, Copy, Debug)]
pub enum Cell<'a> {
    /// A text cell; empty text leaves the cell empty.
    Text(&'a str),
    /// A number cell.
    Number(f64),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Cell<'a> {
        Cell::Text(text)
    }
}

/// A workbook with the given sheets of rows, as `.xlsx` bytes.
pub fn workbook<'a, C: Copy + Into<Cell<'a>>>(sheets: &[(&str, Vec<Vec<C>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match (*v).into() {
                    Cell::Text("") => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s).expect("write cell");
                    }
                    Cell::Number(x) => {
                        ws.write_number(r, c, x).expect("write cell");
                    }
                }
            }
        }
    }
    wb.save_to_buffer().expect("save workbook")
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the xlsx")
}

/// The sheet names, in workbook order.
pub fn sheet_names(bytes: &[u8]) -> Vec<String> {
    open(bytes).sheet_names()
}

/// The rows of one sheet (from its first used cell).
pub fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let range = open(bytes)
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

/// The rows of one sheet as text (each cell as calamine displays it).
pub fn text_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    rows(bytes, sheet)
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Every sheet as (name, its rows with cells joined by `|`, one line per row).
pub fn sheets_text(bytes: &[u8]) -> Vec<(String, String)> {
    let mut book = open(bytes);
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let text: Vec<String> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
            .collect();
        out.push((name, text.join("\n")));
    }
    out
}

/// A used cell at its absolute (0-based) row and column.
pub type CellAt = (u32, u32, Data);

/// Every sheet's used cells at their absolute positions, sorted by row then column.
pub fn cells(bytes: &[u8]) -> Vec<(String, Vec<CellAt>)> {
    let mut book = open(bytes);
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut v: Vec<CellAt> = range
            .used_cells()
            .map(|(r, c, x)| (r0 + r as u32, c0 + c as u32, x.clone()))
            .collect();
        v.sort_by_key(|(r, c, _)| (*r, *c));
        out.push((name, v));
    }
    out
}

/// A number cell's value; panics on anything else.
pub fn number(c: &Data) -> f64 {
    match c {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// A cell as golden text: dates as `date:` and the date-time, errors in debug form.
fn golden_cell(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            // Excel serial: days since 1899-12-30, fraction of a day for the time
            let serial = dt.as_f64();
            let secs = (serial * 86400.0).round() as i64;
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .expect("date")
                .and_hms_opt(0, 0, 0)
                .expect("t");
            format!("date:{}", base + chrono::Duration::seconds(secs))
        }
        other => format!("{other:?}"),
    }
}

/// Every sheet of an XLSX as text for a golden file: values (tab separated, each row
/// numbered) and then the formulas with their cells.
pub fn golden_text(bytes: &[u8]) -> String {
    let mut wb = open(bytes);
    let mut out = String::new();
    for name in wb.sheet_names() {
        out.push_str(&format!("== sheet {name}\n"));
        let range = wb.worksheet_range(&name).expect("sheet");
        let (r0, _) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            let cells: Vec<String> = row.iter().map(golden_cell).collect();
            out.push_str(&format!(
                "{:>3}: {}\n",
                r0 as usize + i + 1,
                cells.join("\t").trim_end()
            ));
        }
        let formulas = wb.worksheet_formula(&name).expect("formulas");
        let (fr, fc) = formulas.start().unwrap_or((0, 0));
        for (i, row) in formulas.rows().enumerate() {
            for (j, f) in row.iter().enumerate() {
                if !f.is_empty() {
                    out.push_str(&format!(
                        "formula R{}C{}: {f}\n",
                        fr as usize + i + 1,
                        fc as usize + j + 1
                    ));
                }
            }
        }
    }
    out
}
