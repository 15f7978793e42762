//! How a sheet's columns map onto one kind's fields, with typed reads that
//! report problems naming the cell; and the day columns of wide sheets.

use std::sync::Arc;

use calamine::DataRef;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{Cx, Reported};
use crate::i18n::Text;
use crate::ingest::cell::{self, Dates};
use crate::ingest::header as hdr;
use crate::model::{EmployeeKey, SourceSheet};

static EMPTY: DataRef<'static> = DataRef::Empty;

/// Column mapping of a sheet for one kind, with typed reads that report problems.
pub struct Cols {
    /// The sheet (file, name, field columns).
    pub src: Arc<SourceSheet>,
    /// Field index → column.
    pub cols: Vec<Option<u32>>,
    /// How the sheet's dates are read.
    pub dates: Dates,
    /// The fields.
    pub fields: &'static [hdr::Field],
}

impl Cols {
    /// Build the mapping and the shared [`SourceSheet`].
    pub fn new(
        file: &str,
        sheet: &str,
        fields: &'static [hdr::Field],
        cols: Vec<Option<u32>>,
        dates: Dates,
    ) -> Cols {
        let columns = fields
            .iter()
            .zip(&cols)
            .filter_map(|(f, c)| c.map(|c| (f.key, c)))
            .collect();
        Cols {
            src: Arc::new(SourceSheet {
                file: file.into(),
                sheet: sheet.into(),
                columns,
            }),
            cols,
            dates,
            fields,
        }
    }

    /// Whether the sheet has this field.
    pub fn has(&self, f: usize) -> bool {
        self.cols.get(f).copied().flatten().is_some()
    }

    /// The cell of a field in a row (empty when the sheet lacks the field).
    pub fn get<'c, 'd>(&self, cells: &'c [DataRef<'d>], f: usize) -> &'c DataRef<'d> {
        match self.cols.get(f).copied().flatten() {
            Some(c) => cells.get(c as usize).unwrap_or(&EMPTY),
            None => &EMPTY,
        }
    }

    /// Read a field with a conversion; a bad value becomes a problem and `Err(Reported)`.
    pub fn read<T, E: Into<Text>>(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
        conv: impl Fn(&DataRef<'_>) -> Result<Option<T>, E>,
    ) -> Result<Option<T>, Reported> {
        conv(self.get(cells, f)).map_err(|m| {
            cx.err(&self.src, self.cols[f], row, m);
            Reported
        })
    }

    /// Read a field that must have a value.
    pub fn need<T, E: Into<Text>>(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
        conv: impl Fn(&DataRef<'_>) -> Result<Option<T>, E>,
    ) -> Result<T, Reported> {
        let v = self.read(cx, row, cells, f, conv)?;
        self.required(cx, row, f, v)
    }

    /// The text of a field that must have a value.
    pub fn need_text(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
    ) -> Result<String, Reported> {
        let v = self.text(cells, f);
        self.required(cx, row, f, v)
    }

    /// Optional text of a field.
    pub fn text(&self, cells: &[DataRef<'_>], f: usize) -> Option<String> {
        cell::text_of(self.get(cells, f))
    }

    /// An employee named by 工号 and/or 姓名 fields; both missing is an error.
    pub fn key(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        id_f: usize,
        name_f: Option<usize>,
    ) -> Result<Arc<EmployeeKey>, Reported> {
        let id = self.read(cx, row, cells, id_f, cell::id)?;
        let name = name_f.and_then(|n| self.text(cells, n));
        if id.is_none() && name.is_none() {
            let what = match name_f {
                Some(n) if self.has(n) => crate::msg!(
                    "kinds.neither_given",
                    id = self.fields[id_f].key,
                    name = self.fields[n].key
                ),
                _ => crate::msg!("kinds.empty", field = self.fields[id_f].key),
            };
            cx.err(
                &self.src,
                self.cols[id_f].or(name_f.and_then(|n| self.cols[n])),
                row,
                what,
            );
            return Err(Reported);
        }
        let key = cx.keys.get(id.as_deref(), name.as_deref());
        // The row's later errors are attributed to this person.
        cx.row_person = Some((row, key.clone()));
        Ok(key)
    }

    /// The day a field's cell gives, read without a problem (for attributing the
    /// row's errors): a date cell, or the date that starts a text such as
    /// `2026-11-10 25:61`.
    pub fn day_in(&self, cells: &[DataRef<'_>], f: usize) -> Option<NaiveDate> {
        let c = self.get(cells, f);
        if let Ok(Some(d)) = cell::read_date(c, &self.dates) {
            return Some(d);
        }
        if let Ok(Some(d)) = cell::read_datetime(c, &self.dates) {
            return Some(d.date());
        }
        let text = cell::str_of(c)?;
        let first = text.split_whitespace().next()?;
        cell::read_date(&DataRef::String(first.to_string()), &self.dates)
            .ok()
            .flatten()
    }

    /// A date field (empty: `None`).
    pub fn date(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
    ) -> Result<Option<NaiveDate>, Reported> {
        cx.date(&self.dates, &self.src, self.cols[f], row, self.get(cells, f))
    }

    /// A date field that must have a value.
    pub fn need_date(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
    ) -> Result<NaiveDate, Reported> {
        let d = self.date(cx, row, cells, f)?;
        self.required(cx, row, f, d)
    }

    /// A date-and-time field (empty: `None`).
    pub fn datetime(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
    ) -> Result<Option<NaiveDateTime>, Reported> {
        cx.datetime(&self.dates, &self.src, self.cols[f], row, self.get(cells, f))
    }

    /// A date-and-time field that must have a value.
    pub fn need_datetime(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
    ) -> Result<NaiveDateTime, Reported> {
        let d = self.datetime(cx, row, cells, f)?;
        self.required(cx, row, f, d)
    }

    fn required<T>(&self, cx: &mut Cx, row: u32, f: usize, v: Option<T>) -> Result<T, Reported> {
        v.ok_or_else(|| {
            cx.err(
                &self.src,
                self.cols[f],
                row,
                crate::msg!("kinds.empty", field = self.fields[f].key),
            );
            Reported
        })
    }

    /// A date-time from one column, or from a date column and a time column.
    /// `dt_f` may hold a full date-time or only a time (then `date_f` gives the day);
    /// so may `time_f` (`刷卡时间` holds a time in some exports, a date and time in others).
    pub fn moment(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        dt_f: Option<usize>,
        date_f: usize,
        time_f: usize,
    ) -> Result<Option<(NaiveDateTime, Option<String>)>, Reported> {
        let time_field = match dt_f {
            Some(f) if self.has(f) => f,
            _ => time_f,
        };
        let c = self.get(cells, time_field);
        if cell::is_blank(c) {
            return Ok(None);
        }
        if !self.has(date_f) {
            // Without a date column only a date and time makes sense.
            return self
                .datetime(cx, row, cells, time_field)
                .map(|o| o.map(|d| (d, None)));
        }
        let whole = match c {
            DataRef::DateTime(d) => d.as_f64() >= 1.0,
            DataRef::Float(x) => *x >= 1.0,
            DataRef::String(_) | DataRef::SharedString(_) => cell::str_of(c).is_some_and(|t| {
                crate::ingest::text::parse_time(&t).is_none()
                    && match cell::read_datetime(c, &self.dates) {
                        Ok(_) => true,
                        Err(f) => f.ambiguous,
                    }
            }),
            _ => false,
        };
        if whole {
            // A whole date and time in the time column: the date column is not needed.
            return self
                .datetime(cx, row, cells, time_field)
                .map(|o| o.map(|d| (d, None)));
        }
        let Some((t, next, remark)) = self.read(cx, row, cells, time_field, cell::time)? else {
            return Ok(None);
        };
        let day = self.need_date(cx, row, cells, date_f)?;
        let dt = day.and_time(t);
        Ok(Some((if next { dt + Duration::days(1) } else { dt }, remark)))
    }
}

/// One day column of a wide sheet: its column, date, and the source sheet whose
/// field columns point at it.
pub struct DayCol {
    /// 0-based column.
    pub col: u32,
    /// The day.
    pub date: NaiveDate,
    /// The sheet with this column as the field's column.
    pub sheet: Arc<SourceSheet>,
}

impl DayCol {
    /// Day columns for `(column, date)` pairs, each naming `fields` at its column.
    pub fn list(base: &SourceSheet, days: &[(u32, NaiveDate)], fields: &[&'static str]) -> Vec<DayCol> {
        days.iter()
            .map(|(col, date)| DayCol {
                col: *col,
                date: *date,
                sheet: Arc::new(SourceSheet {
                    file: base.file.clone(),
                    sheet: base.sheet.clone(),
                    columns: base
                        .columns
                        .iter()
                        .cloned()
                        .chain(fields.iter().map(|f| (*f, *col)))
                        .collect(),
                }),
            })
            .collect()
    }
}
