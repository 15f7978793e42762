//! Row builders: one per input kind and layout, turning the cells of one row
//! into records (or problems naming the cell).

use std::collections::HashMap;
use std::sync::Arc;

use calamine::DataRef;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::cell::{self, DateFault, Dates};
use super::header::{self as hdr};
use super::text::{DateShape, OrderChoice, Orders};
use super::wjx::{Scale, TextAnswers};
use crate::error::Problem;
use crate::model::source::column_letters;
use crate::model::{
    Call, CallDirection, CallKind, CallStatus, Complaint, Dataset, Employee, EmployeeKey, Leave, Punch,
    ScheduleEntry, ServiceRequest, Severity, ShortText, SlipClass, SlipNature, SlipRow, SourceSheet,
    SurveyResponse, Violation,
};

/// What rows of one sheet produce: records, problems and the sheet's figures.
#[derive(Debug, Default)]
pub struct Cx {
    /// Records read.
    pub data: Dataset,
    /// Problems found.
    pub problems: Vec<Problem>,
    /// Number of records read.
    pub records: usize,
    /// Earliest date of a record.
    pub min: Option<NaiveDate>,
    /// Latest date of a record.
    pub max: Option<NaiveDate>,
    /// What the sheet's date texts showed about the order of day and month.
    pub dates: DateEvidence,
    /// Notes on the sheet as a whole (warnings naming no cell).
    pub notes: Vec<String>,
}

/// One cell quoted as evidence: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The cell, `B7` (or the row when the column is unknown).
    pub cell: String,
    /// Its text.
    pub text: String,
    /// The orders it allows.
    pub orders: Orders,
}

/// What the dates of one shape (`1/9/2017` or `04/09/17`) showed in a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeEvidence {
    /// The orders every date of this shape seen so far allows.
    pub orders: Orders,
    /// The last cell that narrowed `orders`.
    pub narrowed_by: Option<Witness>,
    /// The first cell that allows none of `orders` (the file writes dates two ways).
    pub conflict: Option<Witness>,
}

/// What a sheet's date texts showed about how it orders day and month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateEvidence {
    /// Dates with a four-digit year last (`1/9/2017`).
    pub year_last: Option<ShapeEvidence>,
    /// Dates of two-digit parts only (`04/09/17`).
    pub two_digit: Option<ShapeEvidence>,
    /// Date cells refused because they read as two dates.
    pub ambiguous: usize,
}

impl DateEvidence {
    /// Note the orders a date text allows.
    pub fn see(&mut self, cell: String, text: &str) {
        let Some((shape, orders)) = super::text::date_orders(text) else {
            return;
        };
        let slot = match shape {
            DateShape::YearLast => &mut self.year_last,
            DateShape::TwoDigit => &mut self.two_digit,
            DateShape::YearFirst => return,
        };
        let e = slot.get_or_insert(ShapeEvidence {
            orders: Orders::ALL,
            narrowed_by: None,
            conflict: None,
        });
        let narrowed = e.orders.and(orders);
        if narrowed == e.orders {
            return;
        }
        let witness = Witness {
            cell,
            text: text.to_string(),
            orders,
        };
        if narrowed.is_empty() {
            if e.conflict.is_none() {
                e.conflict = Some(witness);
            }
        } else {
            e.orders = narrowed;
            e.narrowed_by = Some(witness);
        }
    }

    /// The orders the sheet settles: one per shape whose dates allow exactly one.
    pub fn settled(&self) -> OrderChoice {
        let one = |e: &Option<ShapeEvidence>| e.as_ref().and_then(|e| e.orders.single());
        OrderChoice {
            year_last: one(&self.year_last),
            two_digit: one(&self.two_digit),
        }
    }
}

impl Cx {
    /// Count one record dated `d`.
    pub fn record(&mut self, d: Option<NaiveDate>) {
        self.records += 1;
        if let Some(d) = d {
            self.min = Some(self.min.map_or(d, |m| m.min(d)));
            self.max = Some(self.max.map_or(d, |m| m.max(d)));
        }
    }

    /// Count one record covering the days `start..=end`.
    pub fn record_span(&mut self, start: NaiveDate, end: NaiveDate) {
        self.record(Some(start));
        self.min = Some(self.min.map_or(end, |m| m.min(end)));
        self.max = Some(self.max.map_or(end, |m| m.max(end)));
    }

    /// An error at a cell (or a row, when `col` is unknown).
    pub fn err(&mut self, sheet: &SourceSheet, col: Option<u32>, row: u32, msg: String) {
        let cell = match col {
            Some(c) => format!("{}{}", column_letters(c), row),
            None => format!("{row}"),
        };
        self.problems
            .push(Problem::cell_error(&sheet.file, &sheet.sheet, cell, msg));
    }

    /// A warning at a cell (or a row).
    pub fn warn(&mut self, sheet: &SourceSheet, col: Option<u32>, row: u32, msg: String) {
        self.err(sheet, col, row, msg);
        if let Some(p) = self.problems.pop() {
            self.problems.push(p.warning());
        }
    }

    fn see_date(&mut self, dates: &Dates, col: Option<u32>, row: u32, c: &DataRef<'_>) {
        if dates.orders != OrderChoice::default() {
            return;
        }
        if let DataRef::String(_) | DataRef::SharedString(_) = c {
            if let Some(t) = cell::str_of(c) {
                let place = match col {
                    Some(c) => format!("{}{}", column_letters(c), row),
                    None => format!("{row}"),
                };
                self.dates.see(place, &t);
            }
        }
    }

    fn date_fault(&mut self, sheet: &SourceSheet, col: Option<u32>, row: u32, f: DateFault) -> Reported {
        if f.ambiguous {
            self.dates.ambiguous += 1;
        }
        self.err(sheet, col, row, f.message);
        Reported
    }

    /// A date cell; its text is noted as evidence of the file's date order.
    pub fn date(
        &mut self,
        dates: &Dates,
        sheet: &SourceSheet,
        col: Option<u32>,
        row: u32,
        c: &DataRef<'_>,
    ) -> Result<Option<NaiveDate>, Reported> {
        self.see_date(dates, col, row, c);
        cell::read_date(c, dates).map_err(|f| self.date_fault(sheet, col, row, f))
    }

    /// A date-and-time cell; its text is noted as evidence of the file's date order.
    pub fn datetime(
        &mut self,
        dates: &Dates,
        sheet: &SourceSheet,
        col: Option<u32>,
        row: u32,
        c: &DataRef<'_>,
    ) -> Result<Option<NaiveDateTime>, Reported> {
        self.see_date(dates, col, row, c);
        cell::read_datetime(c, dates).map_err(|f| self.date_fault(sheet, col, row, f))
    }
}

/// A bad value whose problem has already been recorded in [`Cx::problems`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

/// Turns rows into records.
pub trait RowBuilder: Send {
    /// One data row (1-based row number, cells from column A).
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx);
    /// After the last row.
    fn finish(&mut self, _cx: &mut Cx) {}
}

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
    pub fn read<T>(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
        conv: impl Fn(&DataRef<'_>) -> Result<Option<T>, String>,
    ) -> Result<Option<T>, Reported> {
        conv(self.get(cells, f)).map_err(|m| {
            cx.err(&self.src, self.cols[f], row, m);
            Reported
        })
    }

    /// Read a field that must have a value.
    pub fn need<T>(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        f: usize,
        conv: impl Fn(&DataRef<'_>) -> Result<Option<T>, String>,
    ) -> Result<T, Reported> {
        match self.read(cx, row, cells, f, conv)? {
            Some(v) => Ok(v),
            None => {
                cx.err(
                    &self.src,
                    self.cols[f],
                    row,
                    format!("{} is empty (a value is required)", self.fields[f].key),
                );
                Err(Reported)
            }
        }
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
    ) -> Result<EmployeeKey, Reported> {
        let id = self.read(cx, row, cells, id_f, cell::id)?;
        let name = name_f.and_then(|n| self.text(cells, n));
        if id.is_none() && name.is_none() {
            let what = match name_f {
                Some(n) if self.has(n) => format!(
                    "neither {} nor {} is given",
                    self.fields[id_f].key, self.fields[n].key
                ),
                _ => format!("{} is empty (a value is required)", self.fields[id_f].key),
            };
            cx.err(
                &self.src,
                self.cols[id_f].or(name_f.and_then(|n| self.cols[n])),
                row,
                what,
            );
            return Err(Reported);
        }
        Ok(EmployeeKey { id, name })
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
                format!("{} is empty (a value is required)", self.fields[f].key),
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
                super::text::parse_time(&t).is_none()
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

// ---------------------------------------------------------------- roster

/// 员工花名册 rows.
pub struct RosterRows(pub Cols);

impl RowBuilder for RosterRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let id = c.need(cx, row, cells, 0, cell::id);
        let name = c.need(cx, row, cells, 1, |v| Ok(cell::text_of(v)));
        let dept = c.need(cx, row, cells, 2, |v| Ok(cell::text_of(v)));
        let pay = c.need(cx, row, cells, 3, cell::money);
        let hire = c.date(cx, row, cells, 6);
        let (Ok(id), Ok(name), Ok(department), Ok(base_pay), Ok(hire_date)) = (id, name, dept, pay, hire)
        else {
            return;
        };
        cx.record(hire_date);
        cx.data.employees.push(Employee {
            id,
            name,
            department,
            position: c.text(cells, 4),
            base_pay,
            default_shift: c.text(cells, 5),
            hire_date,
            status: c.text(cells, 7),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

// ---------------------------------------------------------------- schedule

/// 排班表 rows, long layout (工号/姓名, 日期, 班次).
pub struct ScheduleLong(pub Cols);

impl RowBuilder for ScheduleLong {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let key = c.key(cx, row, cells, 0, Some(1));
        let date = c.need_date(cx, row, cells, 2);
        let shift = c.need(cx, row, cells, 3, |v| Ok(cell::text_of(v)));
        let (Ok(employee), Ok(date), Ok(shift)) = (key, date, shift) else {
            return;
        };
        cx.record(Some(date));
        cx.data.schedule.push(ScheduleEntry {
            employee,
            date,
            shift,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
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

/// 排班表 rows, wide layout (one column per day).
pub struct ScheduleWide {
    /// 工号/姓名 columns.
    pub cols: Cols,
    /// Day columns.
    pub days: Vec<DayCol>,
}

impl RowBuilder for ScheduleWide {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let Ok(employee) = c.key(cx, row, cells, 0, Some(1)) else {
            return;
        };
        for d in &self.days {
            let Some(shift) = cells.get(d.col as usize).and_then(cell::text_of) else {
                continue;
            };
            cx.record(Some(d.date));
            cx.data.schedule.push(ScheduleEntry {
                employee: employee.clone(),
                date: d.date,
                shift,
                source: crate::model::Source {
                    sheet: d.sheet.clone(),
                    row,
                },
            });
        }
    }
}

// ---------------------------------------------------------------- punches

/// 打卡记录 rows: one punch per row, or a time clock's 签到时间 and 签退时间 (two
/// punches a row, one when only one side is written).
pub struct PunchRows {
    /// Column mapping.
    pub cols: Cols,
    /// The sheet with 打卡时间 pointing at 签到时间, then at 签退时间 (when the sheet has them).
    sides: Vec<(usize, &'static str, Arc<SourceSheet>)>,
    /// The sheet of one-punch rows: 打卡时间 points at the time column (`时间` when
    /// the date and the time are two columns).
    single: Arc<SourceSheet>,
}

/// Field indices of [`hdr::PUNCHES`].
const P_TIME: usize = 2;
const P_DATE: usize = 3;
const P_CLOCK: usize = 4;
const P_IN: usize = 8;
const P_OUT: usize = 9;

impl PunchRows {
    /// A builder for a sheet with these columns.
    pub fn new(cols: Cols) -> PunchRows {
        let pointing = |col: u32| {
            let mut sheet = (*cols.src).clone();
            sheet.columns.retain(|(k, _)| *k != "打卡时间");
            sheet.columns.push(("打卡时间", col));
            Arc::new(sheet)
        };
        let sides = [(P_IN, "签到"), (P_OUT, "签退")]
            .into_iter()
            .filter_map(|(f, label)| {
                let col = cols.cols.get(f).copied().flatten()?;
                Some((f, label, pointing(col)))
            })
            .collect();
        let single = match (cols.cols[P_TIME], cols.cols[P_CLOCK]) {
            (None, Some(clock)) => pointing(clock),
            _ => cols.src.clone(),
        };
        PunchRows { cols, sides, single }
    }

    /// A punch of this row at `at`; `side` (签到/签退) is its result when the
    /// sheet has no 打卡结果 column.
    fn punch(
        &self,
        cells: &[DataRef<'_>],
        employee: EmployeeKey,
        at: (NaiveDateTime, Option<String>),
        side: Option<&str>,
        source: crate::model::Source,
    ) -> Punch {
        let c = &self.cols;
        Punch {
            employee,
            at: at.0,
            device: c.text(cells, 5),
            result: c.text(cells, 6).or_else(|| side.map(str::to_string)),
            remark: at.1.or_else(|| c.text(cells, 7)),
            source,
        }
    }
}

impl RowBuilder for PunchRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let key = c.key(cx, row, cells, 0, Some(1));
        if self.sides.is_empty() {
            let at = c.moment(cx, row, cells, Some(P_TIME), P_DATE, P_CLOCK);
            let (Ok(employee), Ok(at)) = (key, at) else { return };
            // A row without a time (WeCom writes `--` for a missed punch) is not a punch.
            let Some(at) = at else { return };
            cx.record(Some(at.0.date()));
            let source = crate::model::Source {
                sheet: self.single.clone(),
                row,
            };
            let p = self.punch(cells, employee, at, None, source);
            cx.data.punches.push(p);
            return;
        }
        // 签到 and 签退 of one person-day: a 签退 earlier than the 签到 is after
        // midnight (a night shift).
        let mut read = Vec::new();
        for (f, label, sheet) in &self.sides {
            read.push((
                c.moment(cx, row, cells, Some(*f), P_DATE, P_CLOCK),
                *label,
                sheet.clone(),
            ));
        }
        let Ok(employee) = key else { return };
        let mut first: Option<NaiveDateTime> = None;
        for (at, label, sheet) in read {
            let Ok(Some((mut at, remark))) = at else { continue };
            if let Some(i) = first {
                if at < i && at.date() == i.date() {
                    at += Duration::days(1);
                }
            }
            first.get_or_insert(at);
            cx.record(Some(at.date()));
            let source = crate::model::Source { sheet, row };
            let p = self.punch(cells, employee.clone(), (at, remark), Some(label), source);
            cx.data.punches.push(p);
        }
    }
}

/// DingTalk 打卡时间 sheet: one column per day, several punches per cell.
pub struct DingTalkWide {
    /// 工号/姓名 columns.
    pub cols: Cols,
    /// Day columns.
    pub days: Vec<DayCol>,
}

impl RowBuilder for DingTalkWide {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let Ok(employee) = c.key(cx, row, cells, 0, Some(1)) else {
            return;
        };
        for d in &self.days {
            let (col, date, sheet) = (&d.col, &d.date, &d.sheet);
            let Some(text) = cells.get(*col as usize).and_then(cell::text_of) else {
                continue;
            };
            // The punches of a cell are in time order: one earlier than the punch
            // above it is after midnight, on the next day (real exports do not
            // always write 次日); the shift window then assigns it (ATT-4).
            let mut days_on = 0i64;
            let mut previous: Option<chrono::NaiveTime> = None;
            for part in text.split(['\n', '\r']).map(str::trim).filter(|p| !p.is_empty()) {
                match super::text::parse_time(part) {
                    Some((t, next, remark)) => {
                        if next {
                            days_on = days_on.max(1);
                        } else if previous.is_some_and(|p| t < p) {
                            days_on += 1;
                        }
                        previous = Some(t);
                        let at = date.and_time(t) + Duration::days(days_on);
                        cx.record(Some(at.date()));
                        cx.data.punches.push(Punch {
                            employee: employee.clone(),
                            at,
                            device: None,
                            result: None,
                            remark,
                            source: crate::model::Source {
                                sheet: sheet.clone(),
                                row,
                            },
                        });
                    }
                    None => cx.err(
                        c.src.as_ref(),
                        Some(*col),
                        row,
                        format!("{part:?} is not a time (expected HH:MM, HH:MM:SS or a time cell)"),
                    ),
                }
            }
        }
    }
}

// ---------------------------------------------------------------- calls

/// Shares one [`EmployeeKey`] between all calls of an agent.
#[derive(Default)]
pub struct AgentKeys {
    map: HashMap<String, Arc<EmployeeKey>>,
    buf: String,
}

impl AgentKeys {
    /// The shared key for this 工号/姓名 pair.
    pub fn get(&mut self, id: Option<&str>, name: Option<&str>) -> Arc<EmployeeKey> {
        self.buf.clear();
        self.buf.push_str(id.unwrap_or("\u{1}"));
        self.buf.push('\u{0}');
        self.buf.push_str(name.unwrap_or("\u{1}"));
        if let Some(k) = self.map.get(self.buf.as_str()) {
            return k.clone();
        }
        let k = Arc::new(EmployeeKey {
            id: id.map(str::to_string),
            name: name.map(str::to_string),
        });
        self.map.insert(self.buf.clone(), k.clone());
        k
    }
}

/// Lower-case ASCII letters, copying only when there are upper-case ones.
fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A call direction as exports write it: 呼入/呼出/内部 and their English forms.
pub fn direction_text(s: &str) -> Option<CallDirection> {
    match lower(s.trim()).as_ref() {
        "呼入" | "来电" | "inbound" | "in" | "incoming" => Some(CallDirection::Inbound),
        "呼出" | "去电" | "外呼" | "outbound" | "out" | "outgoing" => Some(CallDirection::Outbound),
        "内部" | "内线" | "内部通话" | "内部呼叫" | "分机互拨" | "internal" | "local" | "extension" => {
            Some(CallDirection::Internal)
        }
        _ => None,
    }
}

/// Parse 呼入/呼出/内部.
pub fn direction(c: &DataRef<'_>) -> Result<Option<CallDirection>, String> {
    let Some(s) = cell::str_of(c) else { return Ok(None) };
    direction_text(&s).map(Some).ok_or_else(|| {
        format!(
            "{} is not a call direction (expected 呼入, 呼出 or 内部; Inbound, Outbound or Internal)",
            cell::show(c)
        )
    })
}

/// Parse 接通/未接/放弃.
pub fn status(c: &DataRef<'_>) -> Result<Option<CallStatus>, String> {
    let Some(s) = cell::str_of(c) else { return Ok(None) };
    match lower(&s).as_ref() {
        "接通" | "已接通" | "已接" | "answered" | "y" | "yes" | "是" => {
            Ok(Some(CallStatus::Answered))
        }
        "未接" | "未接通" | "无人接听" | "missed" | "no answer" | "n" | "no" | "否" => {
            Ok(Some(CallStatus::Missed))
        }
        "放弃" | "呼损" | "挂断" | "abandoned" => Ok(Some(CallStatus::Abandoned)),
        _ => Err(format!(
            "{} is not a call status (expected 接通, 未接 or 放弃)",
            cell::show(c)
        )),
    }
}

fn call_kind(c: &DataRef<'_>) -> Result<Option<CallKind>, String> {
    let Some(s) = cell::str_of(c) else { return Ok(None) };
    match lower(&s).as_ref() {
        "业务" | "工作" | "business" => Ok(Some(CallKind::Business)),
        "私人" | "个人" | "personal" => Ok(Some(CallKind::Personal)),
        _ => Err(format!(
            "{} is not a call type (expected 业务 or 私人)",
            cell::show(c)
        )),
    }
}

fn short(c: &DataRef<'_>) -> Result<Option<ShortText>, String> {
    Ok(cell::str_of(c).map(|s| ShortText::new(&s)))
}

/// 通话记录 rows with a header.
pub struct CallRows {
    /// Column mapping.
    pub cols: Cols,
    /// Interned agent keys.
    pub agents: AgentKeys,
    /// The direction of every call whose 呼叫方向 is not written
    /// (`inputs.calls.direction`, for exports without that column).
    pub direction: Option<CallDirection>,
    /// Internal calls read: their number and the first one's row.
    pub internal: Internal,
}

/// Internal calls of a sheet, reported in one note.
#[derive(Debug, Default)]
pub struct Internal {
    count: usize,
    first: Option<(u32, Option<u32>)>,
}

impl Internal {
    /// Count an internal call at `row` (its 呼叫方向 cell in `col`).
    pub fn saw(&mut self, row: u32, col: Option<u32>) {
        self.count += 1;
        self.first.get_or_insert((row, col));
    }

    /// The note, if the sheet held any.
    pub fn note(&self, cx: &mut Cx, sheet: &SourceSheet) {
        if let Some((row, col)) = self.first {
            cx.warn(
                sheet,
                col,
                row,
                format!(
                    "{} internal call(s) (extension to extension) are not counted in the call figures; the first is here",
                    self.count
                ),
            );
        }
    }
}

impl RowBuilder for CallRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let id = cell::id_ref(c.get(cells, 1)).map_err(|m| cx.err(&c.src, c.cols[1], row, m));
        let name = cell::str_of(c.get(cells, 2));
        let start = c.moment(cx, row, cells, Some(3), 4, 5);
        let talk = c.read(cx, row, cells, 7, cell::duration);
        let wait = c.read(cx, row, cells, 8, cell::duration);
        let dir = match (c.read(cx, row, cells, 9, direction), self.direction) {
            (Ok(Some(d)), _) | (Ok(None), Some(d)) => Ok(d),
            (Ok(None), None) => {
                cx.err(
                    &c.src,
                    c.cols[9],
                    row,
                    "呼叫方向 is empty (a value is required)".into(),
                );
                Err(Reported)
            }
            (Err(r), _) => Err(r),
        };
        let st = c.read(cx, row, cells, 10, status);
        let kind = c.read(cx, row, cells, 11, call_kind);
        let end = if c.has(6) && !c.has(7) {
            c.datetime(cx, row, cells, 6)
        } else {
            Ok(None)
        };
        let (Ok(id), Ok(start), Ok(talk), Ok(wait), Ok(direction), Ok(st), Ok(kind), Ok(end)) =
            (id, start, talk, wait, dir, st, kind, end)
        else {
            return;
        };
        let Some((start, _)) = start else {
            cx.err(
                &c.src,
                c.cols[3].or(c.cols[5]),
                row,
                "开始时间 is empty (a value is required)".into(),
            );
            return;
        };
        let talk_seconds = match (talk, end) {
            (Some(t), _) => t,
            (None, Some(e)) if e >= start => (e - start).num_seconds() as u32,
            (None, Some(e)) => {
                cx.err(
                    &c.src,
                    c.cols[6],
                    row,
                    format!("结束时间 {e} is before 开始时间 {start} (a negative duration)"),
                );
                return;
            }
            (None, None) => 0,
        };
        let status = st.unwrap_or(if talk_seconds > 0 {
            CallStatus::Answered
        } else {
            CallStatus::Missed
        });
        // An inbound call nobody answered may name no agent (abandoned in the
        // IVR or the queue): it counts for the team only. Any other call needs one.
        let agentless_ok = direction != CallDirection::Outbound && status != CallStatus::Answered;
        if id.is_none() && name.is_none() && !agentless_ok {
            cx.err(
                &c.src,
                c.cols[1].or(c.cols[2]),
                row,
                format!(
                    "坐席工号 is empty (a value is required for a{} call)",
                    if direction == CallDirection::Outbound {
                        "n outbound"
                    } else {
                        "n answered"
                    }
                ),
            );
            return;
        }
        if direction == CallDirection::Internal {
            self.internal.saw(row, c.cols[9]);
        }
        let (Ok(call_id), Ok(caller), Ok(callee)) = (
            short(c.get(cells, 0)),
            short(c.get(cells, 12)),
            short(c.get(cells, 13)),
        ) else {
            return;
        };
        let agent = self.agents.get(id.as_deref(), name.as_deref());
        cx.record(Some(start.date()));
        cx.data.calls.push(Call {
            call_id,
            agent,
            start,
            talk_seconds,
            wait_seconds: wait,
            direction,
            status,
            kind: kind.unwrap_or(CallKind::Business),
            caller,
            callee,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }

    fn finish(&mut self, cx: &mut Cx) {
        self.internal.note(cx, &self.cols.src);
    }
}

// ---------------------------------------------------------------- surveys

/// A 1–5 score: a number, `4分`, or 非常满意 … 非常不满意.
pub fn score(c: &DataRef<'_>) -> Result<Option<u8>, String> {
    let bad = || {
        format!(
            "{} is not a score (expected 1 to 5, or 非常满意/满意/一般/不满意/非常不满意)",
            cell::show(c)
        )
    };
    let n = match c {
        DataRef::Float(x) => super::text::float_to_int(*x).ok_or_else(bad)?,
        DataRef::Int(i) => *i,
        _ => {
            let Some(s) = cell::str_of(c) else { return Ok(None) };
            match s.as_ref() {
                "非常满意" => 5,
                "满意" => 4,
                "一般" => 3,
                "不满意" => 2,
                "非常不满意" => 1,
                "(跳过)" | "（跳过）" => return Ok(None),
                other => super::text::parse_int_text(other.trim_end_matches('分')).ok_or_else(bad)?,
            }
        }
    };
    if (1..=5).contains(&n) {
        Ok(Some(n as u8))
    } else {
        Err(bad())
    }
}

/// 满意度调查 rows (a 问卷星 export maps question columns onto the fields).
pub struct SurveyRows {
    /// Column mapping.
    pub cols: Cols,
    /// Rows whose score was skipped (问卷星 `(跳过)`, `-3`), reported once at the end.
    pub skipped: Vec<u32>,
    /// How the score column is read.
    pub scale: Scale,
    /// A codes export read with a text export's scale: the 序号 column, the text
    /// export's answers, and the rows waiting for the scale.
    from_text: Option<(u32, TextAnswers, Vec<Pending>)>,
    /// `score_map` was given for a text export, where it does not apply: say so once.
    pub note_unused_map: bool,
}

/// A codes-export row whose score waits for the scale read from a text export.
struct Pending {
    row: u32,
    date: NaiveDate,
    agent: EmployeeKey,
    option: i64,
    serial: Option<String>,
    customer: Option<String>,
    channel: Option<String>,
    comment: Option<String>,
}

impl SurveyRows {
    /// A builder reading the score column with `scale`; `from_text` pairs a codes
    /// export's rows (by the 序号 column given) with a text export's answers.
    pub fn new(cols: Cols, scale: Scale, from_text: Option<(u32, TextAnswers)>) -> SurveyRows {
        SurveyRows {
            cols,
            skipped: Vec::new(),
            scale,
            from_text: from_text.map(|(c, a)| (c, a, Vec::new())),
            note_unused_map: false,
        }
    }

    fn push(&self, cx: &mut Cx, p: Pending, score: u8) {
        cx.record(Some(p.date));
        cx.data.surveys.push(SurveyResponse {
            date: p.date,
            agent: p.agent,
            score,
            customer: p.customer,
            channel: p.channel,
            comment: p.comment,
            source: crate::model::Source {
                sheet: self.cols.src.clone(),
                row: p.row,
            },
        });
    }
}

/// A 问卷星 answer meaning the question was skipped or not shown: `-3`, `-2`, `(跳过)`.
fn wjx_skipped(c: &DataRef<'_>) -> bool {
    match c {
        DataRef::Float(x) => *x < 0.0,
        DataRef::Int(i) => *i < 0,
        _ => cell::str_of(c).is_some_and(|t| matches!(t.as_ref(), "(跳过)" | "（跳过）" | "-3" | "-2")),
    }
}

/// The score of a 问卷星 text export's answer: an option text; a number cell
/// means the codes export (按选项序号) was given and is refused.
fn wjx_text_score(c: &DataRef<'_>) -> Result<Option<u8>, String> {
    if let DataRef::Float(_) | DataRef::Int(_) = c {
        return Err(format!(
            "{} is a number: a 问卷星 text export writes each answer as its option's text (4分, 非常满意); if this is the 按选项序号 export, map option numbers to scores with inputs.surveys.score_map",
            cell::show(c)
        ));
    }
    score(c)
}

impl RowBuilder for SurveyRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let wjx = !matches!(self.scale, Scale::Written);
        let sc: Result<Option<Result<u8, i64>>, Reported> = match &self.scale {
            Scale::Written => c.read(cx, row, cells, 3, score).map(|o| o.map(Ok)),
            Scale::WjxText => c.read(cx, row, cells, 3, wjx_text_score).map(|o| o.map(Ok)),
            Scale::Codes(map) => match c.read(cx, row, cells, 3, super::wjx::option_number) {
                Ok(Some(n)) if self.from_text.is_some() => Ok(Some(Err(n))),
                Ok(Some(n)) => match map.get(&n) {
                    Some(s) => Ok(Some(Ok(*s))),
                    None => {
                        let keys: Vec<String> = map.keys().map(i64::to_string).collect();
                        cx.err(
                            &c.src,
                            c.cols[3],
                            row,
                            format!(
                                "option {n} has no score: inputs.surveys.score_map maps options {} only; add it",
                                keys.join(", ")
                            ),
                        );
                        Err(Reported)
                    }
                },
                Ok(None) => Ok(None),
                Err(r) => Err(r),
            },
        };
        // A questionnaire whose score question was skipped is no response: its
        // other answers (often skipped too) are not looked at.
        if wjx && matches!(sc, Ok(None)) {
            self.skipped.push(row);
            return;
        }
        let date = c.need_date(cx, row, cells, 0);
        let key = match (&self.scale, c.get(cells, 1)) {
            // In a codes export a choice question's answer is its option's number.
            (Scale::Codes(_), v @ (DataRef::Float(_) | DataRef::Int(_))) if !wjx_skipped(v) => {
                cx.err(
                    &c.src,
                    c.cols[1],
                    row,
                    format!(
                        "{} is an option number: in a 问卷星 按选项序号 export a choice question's answer is the option's number, not the agent; export the survey 按选项文本, or ask for the agent in a fill-in question",
                        cell::show(v)
                    ),
                );
                Err(Reported)
            }
            // A skipped question: no agent (-3, -2, (跳过)).
            (Scale::Codes(_) | Scale::WjxText, v) if wjx_skipped(v) => {
                cx.err(
                    &c.src,
                    c.cols[1],
                    row,
                    "the agent question was skipped (a value is required)".into(),
                );
                Err(Reported)
            }
            _ => c.key(cx, row, cells, 1, Some(2)),
        };
        let (Ok(date), Ok(agent), Ok(sc)) = (date, key, sc) else {
            return;
        };
        let Some(sc) = sc else {
            self.skipped.push(row);
            return;
        };
        let pending = Pending {
            row,
            date,
            agent,
            option: 0,
            serial: None,
            customer: c.text(cells, 4),
            channel: c.text(cells, 5),
            comment: c.text(cells, 6),
        };
        match sc {
            Ok(score) => self.push(cx, pending, score),
            Err(option) => {
                if let Some((serial_col, _, waiting)) = &mut self.from_text {
                    let serial = cells.get(*serial_col as usize).and_then(cell::text_of);
                    waiting.push(Pending {
                        option,
                        serial,
                        ..pending
                    });
                }
            }
        }
    }

    fn finish(&mut self, cx: &mut Cx) {
        if let Some((_, answers, waiting)) = self.from_text.take() {
            let given = match &self.scale {
                Scale::Codes(m) => m.clone(),
                _ => Default::default(),
            };
            let pairs: Vec<(i64, String, String)> = waiting
                .iter()
                .filter_map(|p| {
                    let (text, place) = answers.by_serial.get(p.serial.as_deref()?)?;
                    Some((p.option, text.clone()?, place.clone()))
                })
                .collect();
            let col = self.cols.cols[3];
            match super::wjx::derive_map(&pairs, &given) {
                Err(m) => {
                    if let Some(first) = waiting.first() {
                        cx.err(&self.cols.src, col, first.row, m);
                    }
                }
                Ok(map) => {
                    for p in waiting {
                        match map.get(&p.option) {
                            Some(s) => self.push(cx, p, *s),
                            None => cx.err(
                                &self.cols.src,
                                col,
                                p.row,
                                format!(
                                    "option {} has no score: no row of {} answers it, and inputs.surveys.score_map does not map it; add it to score_map",
                                    p.option, answers.file
                                ),
                            ),
                        }
                    }
                }
            }
        }
        if let Some(first) = self.skipped.first() {
            let col = self.cols.cols[3];
            let n = self.skipped.len();
            cx.warn(
                &self.cols.src,
                col,
                *first,
                format!("{n} answer(s) give no score (blank or 跳过) and are not counted; the first is here"),
            );
        }
        if self.note_unused_map {
            cx.notes.push(
                "inputs.surveys.score_map and score_map_from are not used: this 问卷星 export writes each answer as its option's text (4分, 非常满意), which gives the score".into(),
            );
        }
    }
}

// ---------------------------------------------------------------- registers

/// 投诉登记 rows.
pub struct ComplaintRows(pub Cols);

fn yes_no(c: &DataRef<'_>) -> Result<Option<bool>, String> {
    match c {
        DataRef::Bool(b) => Ok(Some(*b)),
        _ => {
            let Some(s) = cell::str_of(c) else { return Ok(None) };
            match s.to_lowercase().as_str() {
                "是" | "y" | "yes" | "true" | "1" | "√" => Ok(Some(true)),
                "否" | "n" | "no" | "false" | "0" | "×" => Ok(Some(false)),
                _ => Err(format!("{} is not 是 or 否", cell::show(c))),
            }
        }
    }
}

impl RowBuilder for ComplaintRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let date = c.need_date(cx, row, cells, 0);
        let key = c.key(cx, row, cells, 1, Some(2));
        let sev = c.need(cx, row, cells, 3, |v| match cell::str_of(v) {
            None => Ok(None),
            Some(s) => Severity::parse(&s).map(Some).ok_or_else(|| {
                format!(
                    "{} is not a severity (expected 一般, 较重 or 严重)",
                    cell::show(v)
                )
            }),
        });
        let fault = c.read(cx, row, cells, 5, yes_no);
        let (Ok(date), Ok(employee), Ok(severity), Ok(fault)) = (date, key, sev, fault) else {
            return;
        };
        cx.record(Some(date));
        cx.data.complaints.push(Complaint {
            date,
            employee,
            severity,
            origin: c.text(cells, 4),
            company_fault: fault.unwrap_or(true),
            content: c.text(cells, 6),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 违规记录 rows.
pub struct ViolationRows(pub Cols);

impl RowBuilder for ViolationRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let date = c.need_date(cx, row, cells, 0);
        let key = c.key(cx, row, cells, 1, Some(2));
        let kind = c.need(cx, row, cells, 3, |v| Ok(cell::text_of(v)));
        let (Ok(date), Ok(employee), Ok(kind)) = (date, key, kind) else {
            return;
        };
        cx.record(Some(date));
        cx.data.violations.push(Violation {
            date,
            employee,
            kind,
            note: c.text(cells, 4),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 请假记录 rows.
pub struct LeaveRows(pub Cols);

impl RowBuilder for LeaveRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let key = c.key(cx, row, cells, 0, Some(1));
        let start = c.need_date(cx, row, cells, 2);
        let end = c.need_date(cx, row, cells, 3);
        let (Ok(employee), Ok(start), Ok(end)) = (key, start, end) else {
            return;
        };
        if end < start {
            cx.err(
                &c.src,
                c.cols[3],
                row,
                format!("结束日期 {end} is before 开始日期 {start}"),
            );
            return;
        }
        cx.record_span(start, end);
        cx.data.leaves.push(Leave {
            employee,
            start,
            end,
            kind: c.text(cells, 4),
            approver: c.text(cells, 5),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 服务请求 rows.
pub struct ServiceRows(pub Cols);

impl RowBuilder for ServiceRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let acc = c.need_datetime(cx, row, cells, 0);
        let first = c.datetime(cx, row, cells, 1);
        let key = c.key(cx, row, cells, 2, Some(3));
        let onsite = c.datetime(cx, row, cells, 6);
        let (Ok(accepted_at), Ok(first_response_at), Ok(owner), Ok(onsite_at)) = (acc, first, key, onsite)
        else {
            return;
        };
        if let Some(f) = first_response_at.filter(|f| *f < accepted_at) {
            cx.err(
                &c.src,
                c.cols[1],
                row,
                format!("首次响应时间 {f} is before 受理时间 {accepted_at} (a negative duration)"),
            );
            return;
        }
        cx.record(Some(accepted_at.date()));
        cx.data.service_requests.push(ServiceRequest {
            accepted_at,
            first_response_at,
            owner,
            customer: c.text(cells, 4),
            category: c.text(cells, 5),
            onsite_at,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 工作联系单登记 rows.
pub struct SlipRows(pub Cols);

impl RowBuilder for SlipRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let number = c.need(cx, row, cells, 0, cell::id);
        let class = c.need(cx, row, cells, 1, |v| match cell::str_of(v) {
            None => Ok(None),
            Some(s) => SlipClass::parse(&s)
                .map(Some)
                .ok_or_else(|| format!("{} is not a slip class (expected A, B or C)", cell::show(v))),
        });
        let nature = c.read(cx, row, cells, 2, |v| match cell::str_of(v) {
            None => Ok(None),
            Some(s) => SlipNature::parse(&s).map(Some).ok_or_else(|| {
                format!(
                    "{} is not a slip nature (expected 协助指令, 工作指令, 事件跟催, 申诉建议 or 其他)",
                    cell::show(v)
                )
            }),
        });
        let text = |v: &DataRef<'_>| Ok(cell::text_of(v));
        let from = c.need(cx, row, cells, 3, text);
        let to = c.need(cx, row, cells, 4, text);
        let subject = c.need(cx, row, cells, 5, text);
        let issue = c.need_date(cx, row, cells, 7);
        let due = c.need_date(cx, row, cells, 8);
        let signed = c.date(cx, row, cells, 9);
        let reply = c.date(cx, row, cells, 10);
        let done = c.date(cx, row, cells, 11);
        let days = c.read(cx, row, cells, 19, |v| {
            cell::int(v)?
                .map(|n| {
                    u32::try_from(n).map_err(|_| {
                        format!("{} is not a number of days (expected 0 or more)", cell::show(v))
                    })
                })
                .transpose()
        });
        let shirk = c.read(cx, row, cells, 20, yes_no);
        let (Ok(number), Ok(class), Ok(nature), Ok(from_dept), Ok(to_dept), Ok(subject)) =
            (number, class, nature, from, to, subject)
        else {
            return;
        };
        let (
            Ok(issue_date),
            Ok(due_date),
            Ok(signed_date),
            Ok(reply_date),
            Ok(completed_date),
            Ok(days),
            Ok(shirk),
        ) = (issue, due, signed, reply, done, days, shirk)
        else {
            return;
        };
        cx.record(Some(issue_date));
        cx.data.slips.push(SlipRow {
            number,
            class,
            nature,
            from_dept,
            to_dept,
            subject,
            requirement: c.text(cells, 6),
            issue_date,
            due_date,
            signed_date,
            reply_date,
            completed_date,
            evaluation: c.text(cells, 12),
            replaces: c.text(cells, 13),
            drafter: c.text(cells, 14),
            dept_manager: c.text(cells, 15),
            division_leader: c.text(cells, 16),
            chief_leader: c.text(cells, 17),
            audit_head: c.text(cells, 18),
            no_inquiry_days: days,
            issuer_shirked: shirk,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}
