//! Reading the register's values for numbering: the register sheet and its header
//! row are found by the same header scan as every input
//! ([`crate::ingest::header`]), and its cells read with the same cell parser
//! ([`crate::ingest::cell`]). Cells are streamed and only what numbering and the
//! new rows' formats need is kept, so a far-away cell (XFD1048576) costs nothing.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataRef, Reader, Xlsx, XlsxCellReader, XlsxError};
use chrono::NaiveDate;

use crate::error::UserError;
use crate::ingest::cell;
use crate::ingest::header::{self, AliasTable, HeadRow, SLIPS};
use crate::ingest::sheet::{view, HEADER_SEARCH_ROWS};
use crate::model::source::column_letters;

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

/// The register table as read.
#[derive(Debug, Clone)]
pub(super) struct RegisterTable {
    /// The register sheet's name.
    pub sheet: String,
    /// 0-based row of the header (the lower row of a two-row header).
    pub header_row: u32,
    /// Canonical column name → 0-based column.
    pub columns: BTreeMap<&'static str, u32>,
    /// Every header label's column (what spans the table).
    pub header_cols: Vec<u32>,
    /// The rows after the header holding a value in the register's columns, for numbering.
    pub rows: Vec<RegisterRow>,
    /// Cell format of each cell of the last data row (column → `s`).
    pub last_row_styles: BTreeMap<u32, u32>,
    /// Cell format of the last date cell of each column, in the data rows.
    pub date_styles: BTreeMap<u32, u32>,
    /// Cell format of each header cell (column → `s`).
    pub header_styles: BTreeMap<u32, u32>,
}

/// What is kept of a data row while the sheet streams by.
#[derive(Debug, Default)]
struct RowValues {
    number: Option<Data>,
    issue_date: Option<Data>,
    from_dept: Option<Data>,
    to_dept: Option<Data>,
    styles: BTreeMap<u32, u32>,
    /// Whether a value lies within the register's columns (a row holding only
    /// cells outside them, e.g. a note far to the right, is not a slip).
    in_table: bool,
}

/// A streamed cell: (row, column, value, cell format).
type StreamedCell = (u32, u32, Data, u32);

/// Read the register in `bytes` (`display` names it): the first sheet (or the one
/// named `wanted_sheet`) whose first rows hold a header with 编号 and at least two
/// other slip columns.
pub(super) fn read_table(
    bytes: &[u8],
    display: &str,
    wanted_sheet: Option<&str>,
    aliases: &BTreeMap<String, Vec<String>>,
) -> anyhow::Result<RegisterTable> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: XlsxError| {
        UserError::other(crate::msg!(
            "register.cannot_open",
            file = display,
            error = e.to_string()
        ))
    })?;
    let table = AliasTable::new(SLIPS, aliases);
    for name in book.sheet_names() {
        if wanted_sheet.is_some_and(|w| w != name) {
            continue;
        }
        let reader = match book.worksheet_cells_reader(&name) {
            Ok(r) => r,
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(cannot_read(display, &name, e).into()),
        };
        let mut cells = CellStream {
            reader,
            ended: false,
            display,
            sheet: &name,
        };
        if let Some(register) = read_sheet(&mut cells, &table)? {
            return Ok(register);
        }
    }
    let message = match wanted_sheet {
        Some(s) => crate::msg!(
            "register.no_header_in_sheet",
            file = display,
            sheet = s,
            rows = HEADER_SEARCH_ROWS
        ),
        None => crate::msg!("register.no_header", file = display, rows = HEADER_SEARCH_ROWS),
    };
    Err(UserError::other(message).into())
}

/// The error for a sheet the reader cannot read.
fn cannot_read(display: &str, sheet: &str, e: XlsxError) -> UserError {
    UserError::other(crate::msg!(
        "register.cannot_read_sheet",
        file = display,
        sheet = sheet,
        error = e.to_string()
    ))
}

/// The register on the sheet `cells` streams, or `None` when the sheet's first
/// rows hold no header with 编号 and the other slip columns.
fn read_sheet<RS: Read + Seek>(
    cells: &mut CellStream<'_, '_, RS>,
    table: &AliasTable,
) -> anyhow::Result<Option<RegisterTable>> {
    let (head, pending) = cells.head()?;
    let Some(header) = RegisterHeader::find(table, &head) else {
        return Ok(None);
    };
    let mut collector = RowCollector::new(&header);
    for cell in head.into_iter().chain(pending) {
        collector.take(cell);
    }
    while let Some(cell) = cells.next()? {
        collector.take(cell);
    }
    Ok(Some(collector.into_table(header, cells.display, cells.sheet)))
}

/// A sheet's non-empty cells, streamed in document order.
struct CellStream<'r, 'n, RS: Read + Seek> {
    reader: XlsxCellReader<'r, RS>,
    /// Whether the reader has reached `</sheetData>`: it must not be asked again.
    ended: bool,
    /// Names the workbook in messages.
    display: &'n str,
    /// The sheet's name.
    sheet: &'n str,
}

impl<RS: Read + Seek> CellStream<'_, '_, RS> {
    /// The next cell holding a value, or `None` at the end of the sheet.
    fn next(&mut self) -> anyhow::Result<Option<StreamedCell>> {
        loop {
            if self.ended {
                return Ok(None);
            }
            let Some((c, style)) = self
                .reader
                .next_cell_with_style_id()
                .map_err(|e| cannot_read(self.display, self.sheet, e))?
            else {
                self.ended = true;
                return Ok(None);
            };
            let v: &DataRef<'_> = c.get_value();
            if matches!(v, DataRef::Empty) {
                continue;
            }
            let (r, col) = c.get_position();
            return Ok(Some((
                r,
                col,
                Data::from(v.clone()),
                u32::try_from(style).unwrap_or(0),
            )));
        }
    }

    /// The first rows, from the first holding a value, for the header scan; and
    /// the first cell after them, already read.
    fn head(&mut self) -> anyhow::Result<(Vec<StreamedCell>, Option<StreamedCell>)> {
        let mut head: Vec<StreamedCell> = Vec::new();
        while let Some(cell) = self.next()? {
            let first = head.first().map_or(cell.0, |h| h.0);
            if cell.0 >= first.saturating_add(HEADER_SEARCH_ROWS as u32) {
                return Ok((head, Some(cell)));
            }
            head.push(cell);
        }
        Ok((head, None))
    }
}

/// The register's header, as found in the first rows.
struct RegisterHeader {
    /// 0-based row of the header (the lower row of a two-row header).
    row: u32,
    /// Canonical column name → 0-based column.
    columns: BTreeMap<&'static str, u32>,
    /// Every header label's column, in order.
    cols: Vec<u32>,
}

impl RegisterHeader {
    /// The header among the first rows' cells, when it has a 编号 column.
    fn find(table: &AliasTable, head: &[StreamedCell]) -> Option<RegisterHeader> {
        let found = find_header(table, head)?;
        // No register without a 编号 column.
        found.cols[table.index("编号").unwrap_or(0)]?;
        let columns = table
            .fields
            .iter()
            .zip(&found.cols)
            .filter_map(|(f, c)| c.map(|c| (f.key, c)))
            .collect();
        let mut cols: Vec<u32> = found.labels.iter().map(|(c, _)| *c).collect();
        cols.sort_unstable();
        Some(RegisterHeader {
            // `found.row` is 1-based and the upper row of the header.
            row: found.row - 1 + found.height - 1,
            columns,
            cols,
        })
    }
}

/// What is kept of the cells while the sheet streams by: the data rows' values
/// numbering needs, and the cell formats the new rows copy.
struct RowCollector {
    header_row: u32,
    /// The leftmost and rightmost header columns.
    table_cols: (u32, u32),
    number_col: Option<u32>,
    issue_col: Option<u32>,
    from_col: Option<u32>,
    to_col: Option<u32>,
    rows: BTreeMap<u32, RowValues>,
    date_styles: BTreeMap<u32, u32>,
    header_styles: BTreeMap<u32, u32>,
}

impl RowCollector {
    /// A collector for the rows under `header`.
    fn new(header: &RegisterHeader) -> RowCollector {
        let col_of = |key: &str| header.columns.get(key).copied();
        RowCollector {
            header_row: header.row,
            table_cols: (
                header.cols.first().copied().unwrap_or(0),
                header.cols.last().copied().unwrap_or(0),
            ),
            number_col: col_of("编号"),
            issue_col: col_of("发单日期"),
            from_col: col_of("发单部门"),
            to_col: col_of("收单部门"),
            rows: BTreeMap::new(),
            date_styles: BTreeMap::new(),
            header_styles: BTreeMap::new(),
        }
    }

    /// Keep what is needed of one cell.
    fn take(&mut self, (r, c, v, style): StreamedCell) {
        if r == self.header_row {
            self.header_styles.insert(c, style);
        }
        if r <= self.header_row || cell::is_blank(&view(&v)) {
            return;
        }
        if matches!(&v, Data::DateTime(d) if d.is_datetime()) {
            self.date_styles.insert(c, style);
        }
        let row = self.rows.entry(r).or_default();
        row.styles.insert(c, style);
        row.in_table |= (self.table_cols.0..=self.table_cols.1).contains(&c);
        let slot = if Some(c) == self.number_col {
            &mut row.number
        } else if Some(c) == self.issue_col {
            &mut row.issue_date
        } else if Some(c) == self.from_col {
            &mut row.from_dept
        } else if Some(c) == self.to_col {
            &mut row.to_dept
        } else {
            return;
        };
        *slot = Some(v);
    }

    /// The register table of the sheet named `sheet` (`display` names the workbook).
    fn into_table(mut self, header: RegisterHeader, display: &str, sheet: &str) -> RegisterTable {
        self.rows.retain(|_, v| v.in_table);
        let number_col = self.number_col.unwrap_or(0);
        let rows = self
            .rows
            .iter()
            .map(|(&r, v)| {
                register_row(
                    v,
                    format!("{display} › {sheet}!{}{}", column_letters(number_col), r + 1),
                )
            })
            .collect();
        let last = self.rows.last_key_value();
        RegisterTable {
            sheet: sheet.to_string(),
            header_row: header.row,
            columns: header.columns,
            header_cols: header.cols,
            rows,
            last_row_styles: last.map(|(_, v)| v.styles.clone()).unwrap_or_default(),
            date_styles: self.date_styles,
            header_styles: self.header_styles,
        }
    }
}

/// A data row's fields, read with the common cell parser; `place` is where its 编号 is.
fn register_row(v: &RowValues, place: String) -> RegisterRow {
    let text = |v: &Option<Data>| {
        v.as_ref()
            .and_then(|v| cell::text_of(&view(v)))
            .unwrap_or_default()
    };
    RegisterRow {
        number: v
            .number
            .as_ref()
            .and_then(|n| cell::id(&view(n)).ok().flatten())
            .unwrap_or_else(|| text(&v.number)),
        issue_date: v
            .issue_date
            .as_ref()
            .and_then(|d| cell::date(&view(d), &cell::Dates::plain(false)).ok().flatten()),
        from_dept: text(&v.from_dept),
        to_dept: text(&v.to_dept),
        place,
    }
}

/// The header among the first rows' cells: each row from the first holding a
/// value, with its cells from column A up to the rightmost of those rows.
fn find_header(table: &AliasTable, head: &[StreamedCell]) -> Option<header::Header> {
    let first = head.iter().map(|c| c.0).min()?;
    let last = head.iter().map(|c| c.0).max()?;
    let width = head.iter().map(|c| c.1).max()? as usize + 1;
    let mut rows: Vec<HeadRow> = (first..=last)
        .map(|r| (r + 1, vec![Data::Empty; width]))
        .collect();
    for (r, c, v, _) in head {
        rows[(r - first) as usize].1[*c as usize] = v.clone();
    }
    header::find(table, &rows, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let notes = book.add_worksheet();
        notes.set_name("说明").expect("name");
        notes.write_string(0, 0, "没有表头").expect("cell");
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
        extra(ws);
        book.save_to_buffer().expect("save")
    }

    #[test]
    fn finds_the_table_under_a_title_and_reads_rows_with_the_common_cell_parser() {
        let bytes = book(|_| {});
        let t = read_table(&bytes, "inputs/slips.xlsx", None, &BTreeMap::new()).expect("register");
        assert_eq!((t.sheet.as_str(), t.header_row), ("登记", 1));
        assert_eq!(t.columns.get("编号"), Some(&1));
        assert_eq!(t.header_cols, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(t.rows.len(), 1, "the row of `--` is blank");
        assert_eq!(t.rows[0].number, "KF-2026-001");
        assert_eq!(t.rows[0].issue_date, NaiveDate::from_ymd_opt(2026, 11, 3));
        assert_eq!(t.rows[0].place, "inputs/slips.xlsx › 登记!B3");
        // A named sheet that lacks the header is an error naming it.
        let err =
            read_table(&bytes, "inputs/slips.xlsx", Some("说明"), &BTreeMap::new()).expect_err("no header");
        assert!(format!("{err:#}").contains("named 说明"), "{err:#}");
    }

    #[test]
    fn a_cell_outside_the_register_columns_is_no_slip() {
        // A note far to the right on a row of its own, and one at the grid's end.
        let bytes = book(|ws| {
            ws.write_string(6, 20, "备忘").expect("cell");
            ws.write_string(1_048_575, 16_383, "远").expect("cell");
        });
        let t = read_table(&bytes, "inputs/slips.xlsx", None, &BTreeMap::new()).expect("register");
        assert_eq!(t.rows.len(), 1);
    }
}
