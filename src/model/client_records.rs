//! The 客户资料登记: client records sales submits and customer service files
//! (SLA-2), with dates that may or may not carry a time.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::{EmployeeKey, Source};

/// A date, or a date and time, as a register writes it. A date alone counts as
/// the start of its day when it is an event and as the end of its day when a
/// deadline is counted from it (SLA-2), so a same-day or next-day filing written
/// by date alone is on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Moment {
    /// A date without a time.
    Day(NaiveDate),
    /// A date and a time.
    At(NaiveDateTime),
}

impl Moment {
    /// The day.
    pub fn date(self) -> NaiveDate {
        match self {
            Moment::Day(d) => d,
            Moment::At(t) => t.date(),
        }
    }

    /// When it happened: the start of the day for a date alone.
    pub fn as_event(self) -> NaiveDateTime {
        match self {
            Moment::Day(d) => d.and_time(NaiveTime::MIN),
            Moment::At(t) => t,
        }
    }

    /// Where a deadline is counted from: the end of the day (23:59:59) for a date alone.
    pub fn as_basis(self) -> NaiveDateTime {
        match self {
            Moment::Day(d) => d.and_hms_opt(23, 59, 59).unwrap_or(d.and_time(NaiveTime::MIN)),
            Moment::At(t) => t,
        }
    }

    /// Whether it has a time.
    pub fn has_time(self) -> bool {
        matches!(self, Moment::At(_))
    }

    /// Whether `self` is before `other`: by the moment when both have a time,
    /// else by the day.
    pub fn is_before(self, other: Moment) -> bool {
        match (self, other) {
            (Moment::At(a), Moment::At(b)) => a < b,
            _ => self.date() < other.date(),
        }
    }

    /// `2026-11-03`, or `2026-11-03 14:20` (seconds only when not zero).
    pub fn text(self) -> String {
        match self {
            Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
            Moment::At(t) if t.second() == 0 => t.format("%Y-%m-%d %H:%M").to_string(),
            Moment::At(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// One row of the 客户资料登记 (SLA-2).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClientRecord {
    /// 客户.
    pub customer: String,
    /// 受理日期: the contract accepted; sales' deadline counts from it.
    pub accepted: Moment,
    /// 销售人员, as written.
    pub salesperson: Option<String>,
    /// 销售提交日期; `None` while not submitted.
    pub submitted: Option<Moment>,
    /// 建档日期; `None` while not filed.
    pub filed: Option<Moment>,
    /// 建档人工号 / 建档人, when given.
    pub filer: Option<EmployeeKey>,
    /// Where the row is.
    pub source: Source,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_alone_starts_an_event_and_ends_a_deadline_basis() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).expect("date");
        let m = Moment::Day(d);
        assert_eq!(m.as_event().to_string(), "2026-11-03 00:00:00");
        assert_eq!(m.as_basis().to_string(), "2026-11-03 23:59:59");
        let t = Moment::At(d.and_hms_opt(14, 20, 0).expect("time"));
        assert_eq!(
            (m.text(), t.text()),
            ("2026-11-03".into(), "2026-11-03 14:20".into())
        );
        // The same day is not "before" when either side lacks a time.
        assert!(!m.is_before(t) && !t.is_before(m));
    }
}
