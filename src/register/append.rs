//! Appending a slip's rows to an existing register by editing its package: the
//! register sheet's XML gets the new rows (and header cells for columns it
//! lacked), its `<dimension>` and the filters and tables over the register are
//! widened to take them in, and every other part is copied byte for byte (the
//! styles part changes only when the workbook had no date format at all).

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::ops::Range;

use anyhow::Context;
use chrono::NaiveDate;

use super::package::Package;
use super::read::{read_table, RegisterRow, RegisterTable};
use super::sheet::{self, Edit, ExistingRow, SheetXml};
use super::styles::CellFormats;
use super::xml::{self, TagKind, Tags, MAX_COL, MAX_ROW};
use super::NewSlip;
use crate::error::UserError;
use crate::i18n::Text;

/// Columns a register must have for `slip new` to fill a row.
pub(super) const REQUIRED: &[&str] = &[
    "编号",
    "类别",
    "发单部门",
    "收单部门",
    "主题",
    "发单日期",
    "要求完成日期",
];

/// A value of a new register row.
#[derive(Debug, Clone)]
pub(super) enum NewValue {
    /// Text, written as an inline string.
    Text(String),
    /// A date, written as a serial number with a date format.
    Date(NaiveDate),
}

/// The values of one new register row, by canonical column.
pub(super) fn new_row_values(slip: &NewSlip, number: &str, to: &str) -> Vec<(&'static str, NewValue)> {
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

/// The register as written: its bytes, the register sheet, its columns, the new rows (0-based).
#[derive(Debug, Clone)]
pub(super) struct WrittenRegister {
    /// The workbook's bytes.
    pub bytes: Vec<u8>,
    /// The register sheet's name.
    pub sheet: String,
    /// Canonical column → 0-based column, with any added.
    pub columns: BTreeMap<&'static str, u32>,
    /// The new rows, 0-based.
    pub rows: Vec<u32>,
}

/// An existing register, opened for appending.
pub(super) struct OpenRegister<'a> {
    package: Package<'a>,
    table: RegisterTable,
    /// The register sheet's entry in the package.
    sheet_entry: String,
    /// The register sheet's part name, for its relationships.
    sheet_part: String,
    display: String,
}

/// A date as Excel's serial day number (1900 or 1904 date system); `None` before
/// the first date both systems agree on (1900-03-01, 1904-01-01).
fn serial(d: NaiveDate, date1904: bool) -> Option<i64> {
    let (epoch, first) = if date1904 {
        (
            NaiveDate::from_ymd_opt(1904, 1, 1)?,
            NaiveDate::from_ymd_opt(1904, 1, 1)?,
        )
    } else {
        (
            NaiveDate::from_ymd_opt(1899, 12, 30)?,
            NaiveDate::from_ymd_opt(1900, 3, 1)?,
        )
    };
    (d >= first && d <= NaiveDate::from_ymd_opt(9999, 12, 31)?).then(|| (d - epoch).num_days())
}

/// How the new rows' dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateFormat {
    /// A serial number in this cell format.
    Style(u32),
    /// ISO text (a workbook without a styles part).
    Text,
}

impl<'a> OpenRegister<'a> {
    /// Open the register workbook in `bytes` (`display` names it in messages).
    pub fn open(
        bytes: &'a [u8],
        display: &str,
        wanted_sheet: Option<&str>,
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> anyhow::Result<OpenRegister<'a>> {
        let package = Package::open(bytes, display)?;
        let table = read_table(bytes, display, wanted_sheet, aliases)?;
        let sheet_part = package
            .sheets
            .iter()
            .find(|s| s.name == table.sheet)
            .map(|s| s.part.clone())
            .ok_or_else(|| {
                UserError::other(crate::msg!(
                    "register.sheet_has_no_part",
                    file = display,
                    sheet = &table.sheet
                ))
            })?;
        let sheet_entry = package
            .entry_name(&sheet_part)
            .ok_or_else(|| {
                UserError::other(crate::msg!(
                    "register.package_lacks",
                    file = display,
                    part = &sheet_part
                ))
            })?
            .to_string();
        Ok(OpenRegister {
            package,
            table,
            sheet_entry,
            sheet_part,
            display: display.to_string(),
        })
    }

    /// The register's rows as numbering sees them.
    pub fn rows(&self) -> &[RegisterRow] {
        &self.table.rows
    }

    /// The register with one new row per receiving department of `slip`, numbered `number`.
    pub fn append(mut self, slip: &NewSlip, number: &str) -> anyhow::Result<WrittenRegister> {
        let display = self.display.as_str();
        let t = &self.table;
        check_required_columns(t)?;
        let part = self
            .package
            .part(&self.sheet_entry)?
            .ok_or_else(|| crate::msg!("register.package_lacks", file = display, part = &self.sheet_entry))?;
        let sheet = RegisterSheet::scan(display, t, part, self.package.date1904)?;
        let rows = sheet.new_rows(slip.to_depts.len())?;
        let values = new_row_values(slip, number, "");
        let columns = sheet.columns_for(rows.after, &values)?;
        let dates = DateFormats::load(&mut self.package, display, t, &columns.by_name, &values)?;

        let mut edits = SheetEdits::default();
        let written_rows = sheet.write_rows(&rows, slip, number, &columns.by_name, &dates, &mut edits)?;
        sheet.add_header_cells(&columns.added, &mut edits)?;
        sheet.widen_ranges(&rows, !columns.added.is_empty(), &mut edits);

        let mut replaced = BTreeMap::new();
        replaced.insert(self.sheet_entry.clone(), sheet.edited(edits.edits));
        if let (Some(bytes), Some(p)) = (dates.new_styles, &self.package.styles) {
            if let Some(entry) = self.package.entry_name(p) {
                replaced.insert(entry.to_string(), bytes);
            }
        }
        extend_tables(
            &mut self.package,
            &self.sheet_part,
            (t.header_row, rows.last),
            &mut replaced,
        )?;
        let bytes = self.package.rewrite(&replaced)?;
        Ok(WrittenRegister {
            bytes,
            sheet: t.sheet.clone(),
            columns: columns.by_name,
            rows: written_rows,
        })
    }
}

/// An error unless the register has every column a new row needs.
fn check_required_columns(t: &RegisterTable) -> anyhow::Result<()> {
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !t.columns.contains_key(c))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(UserError::other(crate::msg!(
        "register.missing_columns",
        sheet = &t.sheet,
        columns = missing.join(", "),
        row = t.header_row + 1
    ))
    .into())
}

/// Where the new rows go (0-based rows).
#[derive(Debug, Clone, Copy)]
struct NewRows {
    /// The last row holding anything in the register's columns (the header row
    /// when there is none).
    after: u32,
    /// The first new row.
    first: u32,
    /// The last new row.
    last: u32,
}

/// The register's columns for the new rows.
#[derive(Debug, Clone)]
struct RowColumns {
    /// Canonical column → 0-based column, with any added.
    by_name: BTreeMap<&'static str, u32>,
    /// The columns added, with their headers, in order.
    added: Vec<(u32, &'static str)>,
}

/// The edits to the register sheet, and the column of every cell they write.
#[derive(Debug, Default)]
struct SheetEdits {
    edits: Vec<Edit>,
    columns: Vec<u32>,
}

/// The register's date formats, for the new rows' date cells.
struct DateFormats<'t> {
    formats: CellFormats,
    /// The format of the last date cell of each column in the register's data rows.
    column_styles: &'t BTreeMap<u32, u32>,
    /// The date format of a column without one of its own.
    fallback: Option<u32>,
    /// The styles part with a date format added, when the workbook had none.
    new_styles: Option<Vec<u8>>,
}

impl<'t> DateFormats<'t> {
    /// The cell formats of the register's workbook: the register's own date
    /// format where it has one, and a date format added to the styles part when
    /// a date column of `values` would have none.
    fn load(
        package: &mut Package<'_>,
        display: &str,
        t: &'t RegisterTable,
        columns: &BTreeMap<&'static str, u32>,
        values: &[(&'static str, NewValue)],
    ) -> anyhow::Result<DateFormats<'t>> {
        let styles_bytes = match package.styles.clone() {
            Some(p) => package.part(&p)?,
            None => None,
        };
        let formats = match &styles_bytes {
            Some(b) => {
                CellFormats::parse(b).with_context(|| crate::msg!("register.styles_part", file = display))?
            }
            None => CellFormats::default(),
        };
        let fallback = t
            .date_styles
            .values()
            .copied()
            .find(|&s| formats.is_date_only(s))
            .or_else(|| formats.first_date_only());
        let mut dates = DateFormats {
            formats,
            column_styles: &t.date_styles,
            fallback,
            new_styles: None,
        };
        let date_cols: Vec<u32> = values
            .iter()
            .filter(|(_, v)| matches!(v, NewValue::Date(_)))
            .filter_map(|(canon, _)| columns.get(canon).copied())
            .collect();
        if dates.fallback.is_none() && date_cols.iter().any(|&c| dates.own(c).is_none()) {
            if let Some((bytes, s)) = styles_bytes
                .as_deref()
                .and_then(|b| dates.formats.with_date_format(b))
            {
                dates.new_styles = Some(bytes);
                dates.fallback = Some(s);
            }
        }
        Ok(dates)
    }

    /// Whether the cell format `s` shows a date without a time.
    fn is_date_only(&self, s: u32) -> bool {
        self.formats.is_date_only(s)
    }

    /// The column's own date format, from the register's data rows.
    fn own(&self, col: u32) -> Option<u32> {
        self.column_styles
            .get(&col)
            .copied()
            .filter(|&s| self.is_date_only(s))
    }

    /// How a date is written in `col`, in a cell formatted `style_there` before.
    fn for_cell(&self, col: u32, style_there: Option<u32>) -> DateFormat {
        match style_there
            .filter(|&s| self.is_date_only(s))
            .or_else(|| self.own(col))
            .or(self.fallback)
        {
            Some(s) => DateFormat::Style(s),
            None => DateFormat::Text,
        }
    }
}

/// The register sheet's part, read for where the new rows and columns go.
struct RegisterSheet<'r> {
    display: &'r str,
    table: &'r RegisterTable,
    part: Vec<u8>,
    layout: SheetXml,
    /// The leftmost header column.
    first_col: u32,
    /// The rightmost header column.
    last_col: u32,
    /// Whether the workbook counts dates from 1904.
    date1904: bool,
}

impl<'r> RegisterSheet<'r> {
    /// The register sheet's part `part`, scanned.
    fn scan(
        display: &'r str,
        table: &'r RegisterTable,
        part: Vec<u8>,
        date1904: bool,
    ) -> anyhow::Result<RegisterSheet<'r>> {
        let first_col = table.header_cols.first().copied().unwrap_or(0);
        let last_col = table.header_cols.last().copied().unwrap_or(first_col);
        let layout = SheetXml::scan(&part, (first_col, last_col)).map_err(|e| {
            UserError::other(crate::msg!(
                "register.sheet_error",
                file = display,
                sheet = &table.sheet,
                error = Text::raw(format!("{e:#}"))
            ))
        })?;
        Ok(RegisterSheet {
            display,
            table,
            part,
            layout,
            first_col,
            last_col,
            date1904,
        })
    }

    /// An error naming the register sheet.
    fn error(&self, e: anyhow::Error) -> anyhow::Error {
        UserError::other(crate::msg!(
            "register.sheet_error",
            file = self.display,
            sheet = &self.table.sheet,
            error = Text::raw(format!("{e:#}"))
        ))
        .into()
    }

    /// Where `count` new rows go: after the last row holding anything in the
    /// register's columns (never after a stray far-away cell), filling any empty,
    /// pre-formatted rows there.
    fn new_rows(&self, count: usize) -> anyhow::Result<NewRows> {
        let t = self.table;
        let after = self
            .layout
            .rows
            .iter()
            .filter(|r| r.content_in_columns && r.index >= t.header_row)
            .map(|r| r.index)
            .max()
            .unwrap_or(t.header_row)
            .max(t.header_row);
        let count = u32::try_from(count).unwrap_or(u32::MAX);
        let last = after
            .checked_add(count)
            .filter(|&r| r <= MAX_ROW)
            .ok_or_else(|| {
                UserError::other(crate::msg!(
                    "register.no_room_for_rows",
                    file = self.display,
                    sheet = &t.sheet,
                    row = after + 1
                ))
            })?;
        Ok(NewRows {
            after,
            first: after + 1,
            last,
        })
    }

    /// The register's columns for `values`: optional columns the new rows need
    /// but the register lacks go after the rightmost cell of the header and the
    /// data rows (up to `last_row`).
    fn columns_for(&self, last_row: u32, values: &[(&'static str, NewValue)]) -> anyhow::Result<RowColumns> {
        let t = self.table;
        let mut by_name = t.columns.clone();
        let mut added = Vec::new();
        let mut next_col = self
            .layout
            .rows
            .iter()
            .filter(|r| (t.header_row..=last_row).contains(&r.index))
            .filter_map(|r| r.last_content_col)
            .chain([self.last_col])
            .max()
            .unwrap_or(self.last_col)
            + 1;
        for (canon, _) in values {
            if let Entry::Vacant(e) = by_name.entry(*canon) {
                if next_col > MAX_COL {
                    return Err(UserError::other(crate::msg!(
                        "register.no_room_for_column",
                        file = self.display,
                        sheet = &t.sheet,
                        column = *canon
                    ))
                    .into());
                }
                e.insert(next_col);
                added.push((next_col, *canon));
                next_col += 1;
            }
        }
        Ok(RowColumns { by_name, added })
    }

    /// The new rows, one per receiving department of `slip`: an empty row there
    /// is filled, a missing one inserted. Returns the rows written.
    fn write_rows(
        &self,
        rows: &NewRows,
        slip: &NewSlip,
        number: &str,
        columns: &BTreeMap<&'static str, u32>,
        dates: &DateFormats<'_>,
        edits: &mut SheetEdits,
    ) -> anyhow::Result<Vec<u32>> {
        let mut inserted: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut written_rows = Vec::new();
        for (k, to) in slip.to_depts.iter().enumerate() {
            let index = rows.first + k as u32;
            let existing_span = self.layout.row(index).map(|r| r.span.clone());
            let existing = match &existing_span {
                Some(span) => Some(sheet::parse_row(&self.part[span.clone()]).map_err(|e| {
                    UserError::other(crate::msg!(
                        "register.row_error",
                        file = self.display,
                        sheet = &self.table.sheet,
                        row = index + 1,
                        error = Text::raw(format!("{e:#}"))
                    ))
                })?),
                None => None,
            };
            let values = new_row_values(slip, number, to);
            let cells = self.row_cells(index, existing.as_ref(), values, columns, dates, edits)?;
            let row = self.rebuild_row(index, existing_span.as_ref().zip(existing.as_ref()), &cells)?;
            match existing_span {
                Some(span) => edits.edits.push(Edit { span, text: row }),
                None => inserted.push((index, row)),
            }
            written_rows.push(index);
        }
        edits.edits.extend(self.layout.insert_rows(&inserted));
        Ok(written_rows)
    }

    /// The cells of the new row `index` (its row element `existing`, if any), one
    /// per value with a column.
    fn row_cells(
        &self,
        index: u32,
        existing: Option<&ExistingRow>,
        values: Vec<(&'static str, NewValue)>,
        columns: &BTreeMap<&'static str, u32>,
        dates: &DateFormats<'_>,
        edits: &mut SheetEdits,
    ) -> anyhow::Result<Vec<(u32, Vec<u8>)>> {
        let style_there = |col: u32| {
            existing
                .and_then(|r| r.cells.iter().find(|c| c.col == col))
                .and_then(|c| c.style)
        };
        let mut cells = Vec::new();
        for (canon, value) in values {
            let Some(&col) = columns.get(canon) else { continue };
            edits.columns.push(col);
            let r = xml::cell_ref(index, col);
            let cell = match value {
                NewValue::Text(text) => {
                    let style = style_there(col).or_else(|| {
                        self.table
                            .last_row_styles
                            .get(&col)
                            .copied()
                            .filter(|&s| !dates.is_date_only(s))
                    });
                    text_cell(&self.layout.prefix, &r, style, &text)
                }
                NewValue::Date(d) => {
                    let format = dates.for_cell(col, style_there(col));
                    self.date_cell(&r, d, format, style_there(col))?
                }
            };
            cells.push((col, cell.into_bytes()));
        }
        Ok(cells)
    }

    /// A date cell at `r`: a serial number in the date format, or ISO text (in
    /// the cell's format `style_there`) when the workbook has no date format.
    fn date_cell(
        &self,
        r: &str,
        d: NaiveDate,
        format: DateFormat,
        style_there: Option<u32>,
    ) -> anyhow::Result<String> {
        let prefix = &self.layout.prefix;
        match (format, serial(d, self.date1904)) {
            (DateFormat::Style(s), Some(n)) => Ok(format!(
                r#"<{prefix}c r="{r}" s="{s}"><{prefix}v>{n}</{prefix}v></{prefix}c>"#
            )),
            (DateFormat::Text, Some(_)) => Ok(text_cell(
                prefix,
                r,
                style_there,
                &d.format("%Y-%m-%d").to_string(),
            )),
            (_, None) => Err(UserError::other(crate::msg!(
                "register.date_too_early",
                date = d.to_string(),
                first = if self.date1904 { "1904-01-01" } else { "1900-03-01" }
            ))
            .into()),
        }
    }

    /// The row `index` rebuilt with `cells` (`existing`: its element's span and
    /// parse, if it has one).
    fn rebuild_row(
        &self,
        index: u32,
        existing: Option<(&Range<usize>, &ExistingRow)>,
        cells: &[(u32, Vec<u8>)],
    ) -> anyhow::Result<Vec<u8>> {
        sheet::rebuild_row(
            &self.layout.prefix,
            index,
            existing.map(|(span, r)| (&self.part[span.clone()], r)),
            cells,
        )
        .map_err(|e| self.error(e))
    }

    /// Header cells for the added columns, in the header's own format.
    fn add_header_cells(&self, added: &[(u32, &'static str)], edits: &mut SheetEdits) -> anyhow::Result<()> {
        if added.is_empty() {
            return Ok(());
        }
        let t = self.table;
        let span = self
            .layout
            .row(t.header_row)
            .map(|r| r.span.clone())
            .ok_or_else(|| {
                crate::msg!(
                    "register.header_row_missing",
                    file = self.display,
                    sheet = &t.sheet
                )
            })?;
        let parsed = sheet::parse_row(&self.part[span.clone()])?;
        let style = t.header_styles.get(&self.last_col).copied();
        let cells: Vec<(u32, Vec<u8>)> = added
            .iter()
            .map(|(col, canon)| {
                edits.columns.push(*col);
                (
                    *col,
                    text_cell(
                        &self.layout.prefix,
                        &xml::cell_ref(t.header_row, *col),
                        style,
                        canon,
                    )
                    .into_bytes(),
                )
            })
            .collect();
        let row = self.rebuild_row(t.header_row, Some((&span, &parsed)), &cells)?;
        edits.edits.push(Edit { span, text: row });
        Ok(())
    }

    /// The used range, and the filter over the register, take in the new cells
    /// (the header row too when `header_added`).
    fn widen_ranges(&self, rows: &NewRows, header_added: bool, edits: &mut SheetEdits) {
        let t = self.table;
        let col_span = (
            edits.columns.iter().copied().min().unwrap_or(self.first_col),
            edits.columns.iter().copied().max().unwrap_or(self.last_col),
        );
        let row_span = (if header_added { t.header_row } else { rows.first }, rows.last);
        if let Some((span, text)) = self.layout.dimension(&self.part) {
            if let Some(new) = sheet::widened(&String::from_utf8_lossy(text), row_span, col_span) {
                edits.edits.push(Edit {
                    span,
                    text: new.into_bytes(),
                });
            }
        }
        if let Some((span, text)) = self.layout.auto_filter(&self.part) {
            if let Some(new) = sheet::extended_down(&String::from_utf8_lossy(text), t.header_row, rows.last) {
                edits.edits.push(Edit {
                    span,
                    text: new.into_bytes(),
                });
            }
        }
    }

    /// The sheet's part with `edits` made.
    fn edited(&self, edits: Vec<Edit>) -> Vec<u8> {
        sheet::apply(&self.part, edits)
    }
}

/// Tables over the register grow with it, from its header row down to the last
/// new row (`rows`); a table with a totals row is left as it is. Each changed
/// table part goes into `replaced`, by entry.
fn extend_tables(
    package: &mut Package<'_>,
    sheet_part: &str,
    rows: (u32, u32),
    replaced: &mut BTreeMap<String, Vec<u8>>,
) -> anyhow::Result<()> {
    for rel in package.relationships(sheet_part)? {
        if rel.external || !rel.kind.ends_with("/table") {
            continue;
        }
        let Some(entry) = package.entry_name(&rel.part).map(str::to_string) else {
            continue;
        };
        let Some(table_xml) = package.part(&entry)? else {
            continue;
        };
        if let Some(new) = extended_table(&table_xml, rows.0, rows.1)? {
            replaced.insert(entry, new);
        }
    }
    Ok(())
}

/// A text cell, as an inline string (the shared strings part stays as it is).
fn text_cell(prefix: &str, r: &str, style: Option<u32>, text: &str) -> String {
    // Format 0 is the default: no `s` says the same.
    let s = style
        .filter(|&s| s != 0)
        .map(|s| format!(r#" s="{s}""#))
        .unwrap_or_default();
    let space = if text.trim() != text || text.contains('\n') {
        r#" xml:space="preserve""#
    } else {
        ""
    };
    format!(
        r#"<{prefix}c r="{r}"{s} t="inlineStr"><{prefix}is><{prefix}t{space}>{}</{prefix}t></{prefix}is></{prefix}c>"#,
        xml::escape_cell_text(text)
    )
}

/// A table part with its `ref` (and its filter's) taken down to `last_row`, when
/// the table covers the header row and has no totals row; `None` when unchanged.
fn extended_table(table: &[u8], header_row: u32, last_row: u32) -> anyhow::Result<Option<Vec<u8>>> {
    let mut edits = Vec::new();
    for tag in Tags::new(table) {
        let tag = tag?;
        if tag.kind == TagKind::Close {
            continue;
        }
        let raw = &table[tag.span.clone()];
        match tag.local {
            b"table" => {
                let totals = xml::attr(raw, "totalsRowCount", false).and_then(|v| v.parse::<u32>().ok());
                if totals.unwrap_or(0) > 0 {
                    return Ok(None);
                }
            }
            b"autoFilter" => {}
            _ => continue,
        }
        let Some(a) = xml::attributes(raw).into_iter().find(|a| a.name == b"ref") else {
            continue;
        };
        if let Some(new) = sheet::extended_down(
            &String::from_utf8_lossy(&raw[a.value.clone()]),
            header_row,
            last_row,
        ) {
            edits.push(Edit {
                span: tag.span.start + a.value.start..tag.span.start + a.value.end,
                text: new.into_bytes(),
            });
        }
    }
    Ok((!edits.is_empty()).then(|| sheet::apply(table, edits)))
}
