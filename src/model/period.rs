//! The span of days a report, a rule or a command covers.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// The span of days a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl Period {
    /// A calendar month.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Period {
            start,
            end: next.pred_opt()?,
        })
    }

    /// Parse `2026-11` (a month) or `2026-11-18..2026-11-24` (a span of days).
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        if let Some((a, b)) = t.split_once("..") {
            let start = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").ok()?;
            let end = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").ok()?;
            return (start <= end).then_some(Period { start, end });
        }
        let (y, m) = t.split_once('-')?;
        Period::month(y.parse().ok()?, m.parse().ok()?)
    }

    /// Whether the period is exactly one calendar month.
    pub fn is_month(&self) -> bool {
        self.start.day() == 1
            && self.end.succ_opt().is_some_and(|d| d.day() == 1)
            && self.start.month() == self.end.month()
    }

    /// Number of days covered.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether a day falls inside the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The period of the same length just before this one (the previous month for a month).
    pub fn previous(&self) -> Period {
        if self.is_month() {
            let last = self.start.pred_opt().unwrap_or(self.start);
            Period::month(last.year(), last.month()).unwrap_or(*self)
        } else {
            let len = chrono::Duration::days(self.days());
            Period {
                start: self.start - len,
                end: self.end - len,
            }
        }
    }

    /// The folder name under `outputs/`: `2026-11` for a month, `2026-11-18_2026-11-24` otherwise.
    pub fn dir_name(&self) -> String {
        if self.is_month() {
            self.start.format("%Y-%m").to_string()
        } else {
            format!(
                "{}_{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }

    /// The label printed on documents: `2026年11月` or `2026-11-18 至 2026-11-24`.
    pub fn label(&self) -> String {
        if self.is_month() {
            format!("{}年{}月", self.start.year(), self.start.month())
        } else {
            format!(
                "{} 至 {}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }
}

impl std::str::FromStr for Period {
    type Err = crate::i18n::Text;

    /// [`Period::parse`], with the message for a text that is not a period.
    fn from_str(text: &str) -> Result<Period, crate::i18n::Text> {
        Period::parse(text).ok_or_else(|| crate::msg!("model.not_a_period", text = text))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_month() {
            write!(f, "{}", self.start.format("%Y-%m"))
        } else {
            write!(
                f,
                "{}..{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_spans() {
        let nov = Period::parse("2026-11").expect("month");
        assert_eq!(nov.days(), 30);
        assert!(nov.is_month());
        assert_eq!(nov.dir_name(), "2026-11");
        assert_eq!(nov.label(), "2026年11月");
        assert_eq!(nov.previous(), Period::parse("2026-10").expect("oct"));
        let jan = Period::parse("2027-01").expect("jan");
        assert_eq!(jan.previous(), Period::parse("2026-12").expect("dec"));
        let week = Period::parse("2026-11-18..2026-11-24").expect("week");
        assert_eq!(week.days(), 7);
        assert!(!week.is_month());
        assert_eq!(week.dir_name(), "2026-11-18_2026-11-24");
        assert_eq!(
            week.previous(),
            Period::parse("2026-11-11..2026-11-17").expect("prev")
        );
        assert!(Period::parse("2026-13").is_none());
        let err = "November".parse::<Period>().expect_err("not a period");
        assert!(err.contains("\"November\" is not a period"), "{err}");
    }
}
