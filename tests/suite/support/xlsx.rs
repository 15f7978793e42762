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

/// The rows of one sheet (from its first used cell).
pub fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let range = open(bytes)
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
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
