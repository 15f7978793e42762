//! 打卡记录 rows: punches from one-punch rows, from a time clock's 签到/签退
//! pairs, and from DingTalk's sheet of one column per day.

use std::sync::Arc;

use calamine::DataRef;
use chrono::{Duration, NaiveDateTime};

use super::{Cols, Cx, DayCol, RowBuilder};
use crate::ingest::cell;
use crate::model::{EmployeeKey, Punch, SourceSheet};

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

/// Field indices of [`PUNCHES`](crate::ingest::header::PUNCHES).
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
        employee: Arc<EmployeeKey>,
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

impl PunchRows {
    /// Give a row's errors the day the first of `fields` that shows one gives
    /// (so `explain` can name the bad cell on that day instead of a missing punch).
    fn note_day_of_bad_row(&self, cx: &mut Cx, row: u32, cells: &[DataRef<'_>], fields: &[usize]) {
        if let Some(d) = fields.iter().find_map(|&f| self.cols.day_in(cells, f)) {
            cx.note_day(row, d);
        }
    }
}

impl RowBuilder for PunchRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let key = c.key(cx, row, cells, 0, Some(1));
        if self.sides.is_empty() {
            let at = c.moment(cx, row, cells, Some(P_TIME), P_DATE, P_CLOCK);
            if at.is_err() {
                self.note_day_of_bad_row(cx, row, cells, &[P_DATE, P_TIME, P_CLOCK]);
            }
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
        if read.iter().any(|(at, _, _)| at.is_err()) {
            let good = read.iter().find_map(|(at, _, _)| match at {
                Ok(Some((t, _))) => Some(t.date()),
                _ => None,
            });
            match good {
                Some(d) => cx.note_day(row, d),
                None => {
                    let fields: Vec<usize> = std::iter::once(P_DATE)
                        .chain(self.sides.iter().map(|(f, _, _)| *f))
                        .collect();
                    self.note_day_of_bad_row(cx, row, cells, &fields);
                }
            }
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
            cx.note_day(row, *date);
            let Some(text) = cells.get(*col as usize).and_then(cell::text_of) else {
                continue;
            };
            // The punches of a cell are in time order: one earlier than the punch
            // above it is after midnight, on the next day (real exports do not
            // always write 次日); the shift window then assigns it (ATT-4).
            let mut days_on = 0i64;
            let mut previous: Option<chrono::NaiveTime> = None;
            for part in text.split(['\n', '\r']).map(str::trim).filter(|p| !p.is_empty()) {
                match crate::ingest::text::parse_time(part) {
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
                        crate::msg!(
                            "kinds_punches.not_a_time",
                            value = crate::ingest::header::quote(part)
                        ),
                    ),
                }
            }
        }
    }
}
