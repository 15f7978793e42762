//! Appending a slip's rows to an existing register by editing its package: the
//! register sheet's XML gets the new rows (and header cells for columns it
//! lacked), its `<dimension>` and the filters and tables over the register are
//! widened to take them in, and every other part is copied byte for byte (the
//! styles part changes only when the workbook had no date format at all).

use std::collections::BTreeMap;

use anyhow::Context;
use chrono::NaiveDate;

use super::package::Package;
use super::read::{read_table, RegisterRow, RegisterTable};
use super::sheet::{self, Edit, SheetXml};
use super::styles::CellFormats;
use super::xml::{self, TagKind, Tags, MAX_COL, MAX_ROW};
use super::NewSlip;
use crate::error::UserError;

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
                UserError::Other(format!(
                    "{display}: sheet {} has no part in the package",
                    table.sheet
                ))
            })?;
        let sheet_entry = package
            .entry_name(&sheet_part)
            .ok_or_else(|| UserError::Other(format!("{display}: the package lacks {sheet_part}")))?
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
        let display = self.display.clone();
        let t = &self.table;
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| !t.columns.contains_key(c))
            .collect();
        if !missing.is_empty() {
            return Err(UserError::Other(format!(
                "the slip register's sheet {} has no column {} (header row {}); add it before using `zhidu slip new`",
                t.sheet,
                missing.join(", "),
                t.header_row + 1
            ))
            .into());
        }
        let part = self
            .package
            .part(&self.sheet_entry)?
            .ok_or_else(|| anyhow::anyhow!("{display}: the package lacks {}", self.sheet_entry))?;
        let first_col = t.header_cols.first().copied().unwrap_or(0);
        let last_col = t.header_cols.last().copied().unwrap_or(first_col);
        let layout = SheetXml::scan(&part, (first_col, last_col))
            .map_err(|e| UserError::Other(format!("{display} › {}: {e:#}", t.sheet)))?;

        // The new rows go after the last row holding anything in the register's
        // columns (never after a stray far-away cell), filling any empty,
        // pre-formatted rows there.
        let last_row = layout
            .rows
            .iter()
            .filter(|r| r.content_in_columns && r.index >= t.header_row)
            .map(|r| r.index)
            .max()
            .unwrap_or(t.header_row)
            .max(t.header_row);
        let count = u32::try_from(slip.to_depts.len()).unwrap_or(u32::MAX);
        let first_new = last_row + 1;
        let last_new = last_row.checked_add(count).filter(|&r| r <= MAX_ROW).ok_or_else(|| {
            UserError::Other(format!(
                "{display} › {}: the register reaches row {}, Excel's last row; there is no room for new rows",
                t.sheet,
                last_row + 1
            ))
        })?;

        // Optional columns the new rows need but the register lacks go after the
        // rightmost cell of the header and the data rows.
        let mut columns = t.columns.clone();
        let mut added_headers: Vec<(u32, &'static str)> = Vec::new();
        let mut next_col = layout
            .rows
            .iter()
            .filter(|r| (t.header_row..=last_row).contains(&r.index))
            .filter_map(|r| r.last_content_col)
            .chain([last_col])
            .max()
            .unwrap_or(last_col)
            + 1;
        for (canon, _) in new_row_values(slip, number, "") {
            if let std::collections::btree_map::Entry::Vacant(e) = columns.entry(canon) {
                if next_col > MAX_COL {
                    return Err(UserError::Other(format!(
                        "{display} › {}: no column is left after the register's last column to add {canon}",
                        t.sheet
                    ))
                    .into());
                }
                e.insert(next_col);
                added_headers.push((next_col, canon));
                next_col += 1;
            }
        }

        // Cell formats: the register's own date format where it has one.
        let styles_part = self.package.styles.clone();
        let styles_bytes = match &styles_part {
            Some(p) => self.package.part(p)?,
            None => None,
        };
        let formats = match &styles_bytes {
            Some(b) => CellFormats::parse(b).with_context(|| format!("{display}: the styles part"))?,
            None => CellFormats::default(),
        };
        let own_date_style = |col: u32| {
            t.date_styles
                .get(&col)
                .copied()
                .filter(|&s| formats.is_date_only(s))
        };
        let mut fallback = t
            .date_styles
            .values()
            .copied()
            .find(|&s| formats.is_date_only(s))
            .or_else(|| formats.first_date_only());
        let date_cols: Vec<u32> = new_row_values(slip, number, "")
            .iter()
            .filter(|(_, v)| matches!(v, NewValue::Date(_)))
            .filter_map(|(canon, _)| columns.get(canon).copied())
            .collect();
        let mut new_styles: Option<Vec<u8>> = None;
        if fallback.is_none() && date_cols.iter().any(|&c| own_date_style(c).is_none()) {
            if let Some((bytes, s)) = styles_bytes.as_deref().and_then(|b| formats.with_date_format(b)) {
                new_styles = Some(bytes);
                fallback = Some(s);
            }
        }
        let date_format = |col: u32| match own_date_style(col).or(fallback) {
            Some(s) => DateFormat::Style(s),
            None => DateFormat::Text,
        };

        let prefix = layout.prefix.clone();
        let mut edits: Vec<Edit> = Vec::new();
        let mut inserted: Vec<(u32, Vec<u8>)> = Vec::new();
        let mut written_rows = Vec::new();
        let mut new_cols: Vec<u32> = Vec::new();
        for (k, to) in slip.to_depts.iter().enumerate() {
            let index = first_new + k as u32;
            let existing_span = layout.row(index).map(|r| r.span.clone());
            let existing = match &existing_span {
                Some(span) => Some(sheet::parse_row(&part[span.clone()]).map_err(|e| {
                    UserError::Other(format!("{display} › {} row {}: {e:#}", t.sheet, index + 1))
                })?),
                None => None,
            };
            let style_there = |col: u32| {
                existing
                    .as_ref()
                    .and_then(|r| r.cells.iter().find(|c| c.col == col))
                    .and_then(|c| c.style)
            };
            let mut cells = Vec::new();
            for (canon, value) in new_row_values(slip, number, to) {
                let Some(&col) = columns.get(canon) else { continue };
                new_cols.push(col);
                let r = xml::cell_ref(index, col);
                let cell = match value {
                    NewValue::Text(text) => {
                        let style = style_there(col).or_else(|| {
                            t.last_row_styles
                                .get(&col)
                                .copied()
                                .filter(|&s| !formats.is_date_only(s))
                        });
                        text_cell(&prefix, &r, style, &text)
                    }
                    NewValue::Date(d) => {
                        let format = match style_there(col).filter(|&s| formats.is_date_only(s)) {
                            Some(s) => DateFormat::Style(s),
                            None => date_format(col),
                        };
                        match (format, serial(d, self.package.date1904)) {
                            (DateFormat::Style(s), Some(n)) => format!(
                                r#"<{prefix}c r="{r}" s="{s}"><{prefix}v>{n}</{prefix}v></{prefix}c>"#
                            ),
                            (DateFormat::Text, Some(_)) => {
                                text_cell(&prefix, &r, style_there(col), &d.format("%Y-%m-%d").to_string())
                            }
                            (_, None) => {
                                return Err(UserError::Other(format!(
                                    "the date {d} cannot be written to an Excel workbook (before {})",
                                    if self.package.date1904 {
                                        "1904-01-01"
                                    } else {
                                        "1900-03-01"
                                    }
                                ))
                                .into())
                            }
                        }
                    }
                };
                cells.push((col, cell.into_bytes()));
            }
            let row = sheet::rebuild_row(
                &prefix,
                index,
                existing_span
                    .as_ref()
                    .zip(existing.as_ref())
                    .map(|(span, r)| (&part[span.clone()], r)),
                &cells,
            )
            .map_err(|e| UserError::Other(format!("{display} › {}: {e:#}", t.sheet)))?;
            match existing_span {
                Some(span) => edits.push(Edit { span, text: row }),
                None => inserted.push((index, row)),
            }
            written_rows.push(index);
        }
        edits.extend(layout.insert_rows(&inserted));

        // Header cells for the added columns, in the header's own format.
        if !added_headers.is_empty() {
            let span = layout.row(t.header_row).map(|r| r.span.clone()).ok_or_else(|| {
                anyhow::anyhow!("{display} › {}: the header row has no row element", t.sheet)
            })?;
            let parsed = sheet::parse_row(&part[span.clone()])?;
            let style = t.header_styles.get(&last_col).copied();
            let cells: Vec<(u32, Vec<u8>)> = added_headers
                .iter()
                .map(|(col, canon)| {
                    new_cols.push(*col);
                    (
                        *col,
                        text_cell(&prefix, &xml::cell_ref(t.header_row, *col), style, canon).into_bytes(),
                    )
                })
                .collect();
            let row = sheet::rebuild_row(
                &prefix,
                t.header_row,
                Some((&part[span.clone()], &parsed)),
                &cells,
            )
            .map_err(|e| UserError::Other(format!("{display} › {}: {e:#}", t.sheet)))?;
            edits.push(Edit { span, text: row });
        }

        // The used range, and the filter over the register, take in the new cells.
        let col_span = (
            new_cols.iter().copied().min().unwrap_or(first_col),
            new_cols.iter().copied().max().unwrap_or(last_col),
        );
        let row_span = (
            if added_headers.is_empty() {
                first_new
            } else {
                t.header_row
            },
            last_new,
        );
        if let Some((span, text)) = layout.dimension(&part) {
            if let Some(new) = sheet::widened(&String::from_utf8_lossy(text), row_span, col_span) {
                edits.push(Edit {
                    span,
                    text: new.into_bytes(),
                });
            }
        }
        if let Some((span, text)) = layout.auto_filter(&part) {
            if let Some(new) = sheet::extended_down(&String::from_utf8_lossy(text), t.header_row, last_new) {
                edits.push(Edit {
                    span,
                    text: new.into_bytes(),
                });
            }
        }
        let mut replaced = BTreeMap::new();
        replaced.insert(self.sheet_entry.clone(), sheet::apply(&part, edits));
        if let (Some(bytes), Some(p)) = (new_styles, &styles_part) {
            if let Some(entry) = self.package.entry_name(p) {
                replaced.insert(entry.to_string(), bytes);
            }
        }
        // Tables over the register grow with it (a table with a totals row is left as it is).
        for rel in self.package.relationships(&self.sheet_part)? {
            if rel.external || !rel.kind.ends_with("/table") {
                continue;
            }
            let Some(entry) = self.package.entry_name(&rel.part).map(str::to_string) else {
                continue;
            };
            let Some(table_xml) = self.package.part(&entry)? else {
                continue;
            };
            if let Some(new) = extended_table(&table_xml, t.header_row, last_new)? {
                replaced.insert(entry, new);
            }
        }
        let bytes = self.package.rewrite(&replaced)?;
        Ok(WrittenRegister {
            bytes,
            sheet: t.sheet.clone(),
            columns,
            rows: written_rows,
        })
    }
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
