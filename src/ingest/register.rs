//! The slip register as a whole workbook, for `zhidu slip new`: every sheet's
//! cells (so the register can be written back unchanged), the sheet and header
//! row holding the register table, found by the same header scan as every other
//! input, and its rows read with the same cell parser.

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Range, Reader};
use chrono::NaiveDate;

use super::cell;
use super::header::{self, AliasTable, HeadRow, SLIPS};
use super::sheet::{view, HEADER_SEARCH_ROWS};
use crate::error::UserError;
use crate::model::source::column_letters;

/// The register workbook: every sheet's cells, and where the register table is.
#[derive(Debug, Clone)]
pub struct RegisterBook {
    /// Every sheet, in workbook order: its name and cells.
    pub sheets: Vec<(String, Range<Data>)>,
    /// Index in `sheets` of the register sheet.
    pub sheet: usize,
    /// 0-based row of the header (the lower row of a two-row header).
    pub header_row: u32,
    /// Canonical column name → 0-based column.
    pub columns: BTreeMap<&'static str, u32>,
    /// 0-based rows after the header holding any value.
    pub data_rows: Vec<u32>,
}

/// The fields of one register row that numbering looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// 编号 as written (trimmed).
    pub number: String,
    /// 发单日期, if readable.
    pub issue_date: Option<NaiveDate>,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门.
    pub to_dept: String,
    /// Where the row's 编号 is, e.g. `inputs/slips.xlsx › 工作联系单登记!A7`.
    pub place: String,
}

/// Read every sheet of the register at `path` (`display` names it in messages)
/// and find the register table: the first sheet (or the one named `wanted_sheet`)
/// whose first rows hold a header with 编号 and at least two other slip columns.
pub fn read_register(
    path: &Path,
    display: &str,
    wanted_sheet: Option<&str>,
    aliases: &BTreeMap<String, Vec<String>>,
) -> anyhow::Result<RegisterBook> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| UserError::Other(format!("{display}: cannot open the slip register: {e}")))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| UserError::Other(format!("{display} › {name}: cannot read the sheet: {e}")))?;
        sheets.push((name, range));
    }
    let table = AliasTable::new(SLIPS, aliases);
    let number_field = table.index("编号").unwrap_or(0);
    for (i, (name, range)) in sheets.iter().enumerate() {
        if wanted_sheet.is_some_and(|w| w != name) {
            continue;
        }
        let (Some((r0, _)), Some((r1, c1))) = (range.start(), range.end()) else {
            continue;
        };
        let rows: Vec<HeadRow> = (r0..=r1)
            .take(HEADER_SEARCH_ROWS)
            .map(|r| {
                let cells = (0..=c1)
                    .map(|c| range.get_value((r, c)).cloned().unwrap_or(Data::Empty))
                    .collect();
                (r + 1, cells)
            })
            .collect();
        let Some(found) = header::find(&table, &rows, 3) else {
            continue;
        };
        if found.cols[number_field].is_none() {
            continue;
        }
        let columns = table
            .fields
            .iter()
            .zip(&found.cols)
            .filter_map(|(f, c)| c.map(|c| (f.key, c)))
            .collect();
        // `found.row` is 1-based and the upper row of the header.
        let header_row = found.row - 1 + found.height - 1;
        let data_rows = (header_row + 1..=r1)
            .filter(|&row| {
                (0..=c1).any(|c| {
                    range
                        .get_value((row, c))
                        .is_some_and(|v| !cell::is_blank(&view(v)))
                })
            })
            .collect();
        return Ok(RegisterBook {
            sheets,
            sheet: i,
            header_row,
            columns,
            data_rows,
        });
    }
    Err(UserError::Other(format!(
        "{display}: no sheet{} has a header row with 编号 and the other slip columns in its first 10 rows",
        wanted_sheet.map(|s| format!(" named {s}")).unwrap_or_default()
    ))
    .into())
}

impl RegisterBook {
    /// The register sheet's name.
    pub fn sheet_name(&self) -> &str {
        &self.sheets[self.sheet].0
    }

    /// The register sheet's cells.
    pub fn range(&self) -> &Range<Data> {
        &self.sheets[self.sheet].1
    }

    /// The register's rows as numbering sees them (`display` names the file).
    pub fn rows(&self, display: &str) -> Vec<RegisterRow> {
        let range = self.range();
        let get = |row: u32, col: &str| {
            self.columns
                .get(col)
                .and_then(|&c| range.get_value((row, c)))
                .unwrap_or(&Data::Empty)
        };
        let text = |row: u32, col: &str| cell::text_of(&view(get(row, col))).unwrap_or_default();
        let number_col = self.columns.get("编号").copied().unwrap_or(0);
        self.data_rows
            .iter()
            .map(|&row| RegisterRow {
                number: cell::id(&view(get(row, "编号")))
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| text(row, "编号")),
                issue_date: cell::date(&view(get(row, "发单日期")), &cell::Dates::plain(false))
                    .ok()
                    .flatten(),
                from_dept: text(row, "发单部门"),
                to_dept: text(row, "收单部门"),
                place: format!(
                    "{display} › {}!{}{}",
                    self.sheet_name(),
                    column_letters(number_col),
                    row + 1
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_table_under_a_title_and_reads_rows_with_the_common_cell_parser() {
        let dir = std::env::temp_dir().join(format!("zhidu-register-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("slips.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("登记").expect("name");
        ws.write_string(0, 0, "2026年工作联系单登记").expect("title");
        for (c, h) in ["序号", "联系单编号", "类别", "发出部门", "接收部门", "发单日期"]
            .iter()
            .enumerate()
        {
            ws.write_string(1, c as u16, *h).expect("header");
        }
        ws.write_number(2, 0, 1.0).expect("cell");
        ws.write_string(2, 1, " KF-2026-001 ").expect("cell");
        ws.write_string(2, 3, "客服部").expect("cell");
        ws.write_string(2, 4, "财务部").expect("cell");
        // Text dates in the forms every input accepts.
        ws.write_string(2, 5, "2026/11/3 星期二").expect("cell");
        ws.write_string(3, 1, "--").expect("blank row");
        book.save(&path).expect("save");

        let reg = read_register(&path, "inputs/slips.xlsx", None, &BTreeMap::new()).expect("register");
        assert_eq!((reg.sheet_name(), reg.header_row), ("登记", 1));
        assert_eq!(reg.columns.get("编号"), Some(&1));
        assert_eq!(reg.data_rows, vec![2]);
        let rows = reg.rows("inputs/slips.xlsx");
        assert_eq!(rows[0].number, "KF-2026-001");
        assert_eq!(rows[0].issue_date, NaiveDate::from_ymd_opt(2026, 11, 3));
        assert_eq!(rows[0].place, "inputs/slips.xlsx › 登记!B3");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
