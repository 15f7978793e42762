//! Row builders: one per input kind and layout, turning the cells of one row
//! into records (or problems naming the cell). This module holds what every
//! builder shares: the tally of one sheet ([`Cx`]) and the [`RowBuilder`] trait;
//! the builders live one file per input kind (the registers together); the kinds
//! added later keep their columns beside their builder ([`corrections`],
//! [`client_records`], [`fund_expenses`]).

mod calls;
pub mod client_records;
mod cols;
pub mod corrections;
mod evidence;
pub mod fund_expenses;
mod punches;
mod registers;
mod roster;
mod schedule;
mod surveys;

pub use calls::{direction, direction_text, status, CallRows, Internal};
pub use client_records::ClientRecordRows;
pub use cols::{Cols, DayCol};
pub use corrections::CorrectionRows;
pub use evidence::{DateEvidence, ShapeEvidence, Witness};
pub use fund_expenses::FundExpenseRows;
pub use punches::{DingTalkWide, PunchRows};
pub use registers::{ComplaintRows, LeaveRows, ServiceRows, SlipRows, ViolationRows};
pub use roster::RosterRows;
pub use schedule::{ScheduleLong, ScheduleWide};
pub use surveys::{score, SurveyRows};

use calamine::DataRef;
use chrono::{NaiveDate, NaiveDateTime};

use super::cell::{self, DateFault, Dates};
use super::limits::MAX_PROBLEMS_PER_INPUT;
use super::text::OrderChoice;
use crate::error::{Problem, ProblemSeverity};
use crate::i18n::Text;
use std::collections::HashMap;
use std::sync::Arc;

use crate::ingest::CellPerson;
use crate::model::source::column_letters;
use crate::model::{Dataset, EmployeeKey, SourceSheet};

/// One [`EmployeeKey`] per 工号/姓名 pair of a sheet, shared by all its records
/// (every punch of an employee, every call of an agent).
#[derive(Debug, Default)]
pub struct PersonKeys {
    map: HashMap<String, Arc<EmployeeKey>>,
    buf: String,
}

impl PersonKeys {
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
    pub notes: Vec<Text>,
    /// The row being read and the person it names, once its 工号/姓名 is read.
    pub row_person: Option<(u32, Arc<EmployeeKey>)>,
    /// One shared key per 工号/姓名 pair of the sheet (its records share it).
    pub keys: PersonKeys,
    /// The row being read and the day it concerns, when the builder knows it.
    pub row_day: Option<(u32, NaiveDate)>,
    /// Every cell with an error in a row that named someone: its row, its
    /// location (as [`Problem::location`] prints it) and that person and day.
    pub people: Vec<(u32, String, CellPerson)>,
    /// Problems found beyond the [`MAX_PROBLEMS_PER_INPUT`] kept: errors, warnings.
    pub unlisted: (usize, usize),
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
    pub fn err(&mut self, sheet: &SourceSheet, col: Option<u32>, row: u32, msg: impl Into<Text>) {
        let p = Problem::cell_error(&sheet.file, &sheet.sheet, place(col, row), msg);
        // Whom a listed error concerns. Errors only counted are told in one
        // error naming no cell, which stops a money report whoever they concern.
        let listed = self.problems.len() < MAX_PROBLEMS_PER_INPUT;
        if let Some((_, key)) = self.row_person.as_ref().filter(|(r, _)| listed && *r == row) {
            let date = self.row_day.filter(|(r, _)| *r == row).map(|(_, d)| d);
            let person = CellPerson {
                key: EmployeeKey::clone(key),
                date,
            };
            self.people.push((row, p.location(), person));
        }
        self.keep(p);
    }

    /// The day row `row` concerns: kept for the row's next errors, and given to
    /// those already found in it without a day.
    pub fn note_day(&mut self, row: u32, day: NaiveDate) {
        self.row_day = Some((row, day));
        for (r, _, person) in self.people.iter_mut().rev() {
            if *r != row {
                break;
            }
            person.date.get_or_insert(day);
        }
    }

    /// A warning at a cell (or a row).
    pub fn warn(&mut self, sheet: &SourceSheet, col: Option<u32>, row: u32, msg: impl Into<Text>) {
        self.keep(Problem::cell_error(&sheet.file, &sheet.sheet, place(col, row), msg).warning());
    }

    /// Keep a problem, or only count it once [`MAX_PROBLEMS_PER_INPUT`] are kept
    /// (a file of a million bad rows is not held in memory as a million messages).
    pub fn keep(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS_PER_INPUT {
            self.problems.push(p);
        } else if p.severity == ProblemSeverity::Error {
            self.unlisted.0 += 1;
        } else {
            self.unlisted.1 += 1;
        }
    }

    fn see_date(&mut self, dates: &Dates, col: Option<u32>, row: u32, c: &DataRef<'_>) {
        if dates.orders != OrderChoice::default() {
            return;
        }
        if let DataRef::String(_) | DataRef::SharedString(_) = c {
            if let Some(t) = cell::str_of(c) {
                self.dates.see(place(col, row), &t);
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

/// A cell (`B7`) or, when the column is unknown, a row (`7`).
fn place(col: Option<u32>, row: u32) -> String {
    match col {
        Some(c) => format!("{}{}", column_letters(c), row),
        None => format!("{row}"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn sheet() -> SourceSheet {
        SourceSheet {
            file: "inputs/calls.xlsx".into(),
            sheet: "通话记录".into(),
            columns: Vec::new(),
        }
    }

    #[test]
    fn a_bad_cell_is_a_message_in_either_language() {
        let bad = DataRef::String("sideways".into());
        let mut cx = Cx::default();
        let Err(m) = direction(&bad) else {
            panic!("\"sideways\" is no direction");
        };
        cx.err(&sheet(), Some(9), 7, m);
        let p = &cx.problems[0];
        assert_eq!(p.message.key(), Some("kinds_calls.not_a_direction"));
        assert_eq!(
            p.render(Lang::En),
            "inputs/calls.xlsx › 通话记录!J7: \"sideways\" is not a call direction \
             (expected 呼入, 呼出 or 内部; Inbound, Outbound or Internal)"
        );
        assert_eq!(
            p.render(Lang::Zh),
            "inputs/calls.xlsx › 通话记录!J7：\"sideways\" 不是呼叫方向\
             （应为呼入、呼出或内部；Inbound、Outbound 或 Internal）"
        );
    }
}
