//! The report calendar: which reports fall due on a day and which period each
//! covers, from the `[reports.<id>]` settings (README "The report calendar and
//! the batch"). The rules themselves are parsed with the config
//! ([`crate::config::DueRule`], [`PeriodRule`], [`WeekendRule`]).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::config::{DueRule, PeriodRule, ReportSchedule, Reports, WeekendRule};
use crate::model::Period;

/// One report's parsed calendar settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRule {
    /// The report id (`weekly`, `csat`, …).
    pub id: &'static str,
    /// Whether `run --date` renders it.
    pub enabled: bool,
    /// When it falls due.
    pub due: DueRule,
    /// What it covers.
    pub period: PeriodRule,
    /// Weekend handling for monthly rules.
    pub weekend: WeekendRule,
}

/// One report falling due on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueReport {
    /// The day it falls due.
    pub date: NaiveDate,
    /// The report id.
    pub id: &'static str,
    /// The period it covers (`None` for a report whose period rule is `none`).
    pub period: Option<Period>,
}

impl ReportRule {
    /// One report's rule from its `[reports.<id>]` settings.
    pub fn new(id: &'static str, s: &ReportSchedule) -> ReportRule {
        ReportRule {
            id,
            enabled: s.enabled,
            due: s.due,
            period: s.period,
            weekend: s.weekend,
        }
    }

    /// The rule's nominal day in a month (before weekend handling), if it has one.
    fn nominal_in_month(&self, year: i32, month: u32) -> Option<NaiveDate> {
        match self.due {
            DueRule::DayOfMonth(d) => {
                let last = last_day_of_month(year, month)?;
                NaiveDate::from_ymd_opt(year, month, d.min(last.day()))
            }
            DueRule::NthWeekday(n, wd) => {
                let d = NaiveDate::from_weekday_of_month_opt(year, month, wd, n as u8)?;
                (d.month() == month).then_some(d)
            }
            DueRule::LastWeekday(wd) => {
                let last = last_day_of_month(year, month)?;
                let back = (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                Some(last - Duration::days(i64::from(back)))
            }
            DueRule::EveryWeekday(_) | DueRule::OnDemand => None,
        }
    }

    fn shift(&self, d: NaiveDate) -> NaiveDate {
        match (self.weekend, d.weekday()) {
            (WeekendRule::NextWorkingDay, Weekday::Sat) => d + Duration::days(2),
            (WeekendRule::NextWorkingDay, Weekday::Sun) => d + Duration::days(1),
            _ => d,
        }
    }

    /// If the report falls due on `date`, the nominal day it fell due for
    /// (differs from `date` only when a weekend moved it).
    pub fn nominal_due(&self, date: NaiveDate) -> Option<NaiveDate> {
        match self.due {
            DueRule::OnDemand => None,
            DueRule::EveryWeekday(wd) => (date.weekday() == wd).then_some(date),
            _ => {
                // A weekend shift moves a day by at most two days, so the nominal
                // day is in this month or the one before.
                let prev = date.with_day(1).and_then(|d| d.pred_opt())?;
                [(prev.year(), prev.month()), (date.year(), date.month())]
                    .into_iter()
                    .filter_map(|(y, m)| self.nominal_in_month(y, m))
                    .find(|n| self.shift(*n) == date)
            }
        }
    }

    /// The period covered when due on `date` for the nominal day `nominal`.
    pub fn period_for(&self, date: NaiveDate, nominal: NaiveDate) -> Option<Period> {
        match self.period {
            PeriodRule::None => None,
            PeriodRule::PreviousDays(n) => {
                let end = date.pred_opt()?;
                Some(Period {
                    start: end - Duration::days(i64::from(n) - 1),
                    end,
                })
            }
            PeriodRule::PreviousMonth => {
                let prev = nominal.with_day(1)?.pred_opt()?;
                Period::month(prev.year(), prev.month())
            }
        }
    }

    /// The report's due entry on `date`, if it falls due then (ignores `enabled`).
    pub fn due_on(&self, date: NaiveDate) -> Option<DueReport> {
        let nominal = self.nominal_due(date)?;
        Some(DueReport {
            date,
            id: self.id,
            period: self.period_for(date, nominal),
        })
    }

    /// The period this report would cover if run on `date` (for `run --report ID` without `--period`).
    pub fn period_if_run_on(&self, date: NaiveDate) -> Option<Period> {
        self.period_for(date, date)
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    Period::month(year, month).map(|p| p.end)
}

/// Every report's parsed calendar rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The rules, in the config's fixed report order.
    pub rules: Vec<ReportRule>,
}

impl Calendar {
    /// Every report's rule, in the config's report order.
    pub fn new(reports: &Reports) -> Calendar {
        Calendar {
            rules: reports
                .all()
                .into_iter()
                .map(|(id, s)| ReportRule::new(id, s))
                .collect(),
        }
    }

    /// The rule of one report id.
    pub fn rule(&self, id: &str) -> Option<&ReportRule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The enabled reports falling due on `date`, in the config's report order.
    pub fn due_on(&self, date: NaiveDate) -> Vec<DueReport> {
        self.rules
            .iter()
            .filter(|r| r.enabled)
            .filter_map(|r| r.due_on(date))
            .collect()
    }

    /// The enabled reports falling due from `from` to `to` (both included), by date.
    pub fn due_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<DueReport> {
        from.iter_days()
            .take_while(|d| *d <= to)
            .flat_map(|d| self.due_on(d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse_due, parse_period, parse_weekend, Config};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn rule(due: &str, period: &str, weekend: &str) -> ReportRule {
        let s = ReportSchedule {
            enabled: true,
            due: parse_due(due).expect("due rule"),
            period: parse_period(period).expect("period rule"),
            weekend: parse_weekend(weekend).expect("weekend rule"),
            ..ReportSchedule::default()
        };
        ReportRule::new("t", &s)
    }

    fn due_days(r: &ReportRule, year: i32) -> Vec<NaiveDate> {
        d(year, 1, 1)
            .iter_days()
            .take_while(|x| x.year() == year)
            .filter(|x| r.due_on(*x).is_some())
            .collect()
    }

    #[test]
    fn every_wednesday_2026_and_2027() {
        let r = rule("every wednesday", "previous 7 days", "keep");
        let y26 = due_days(&r, 2026);
        // 2026-01-01 is a Thursday, so the first Wednesday is 01-07; 2026 has 52 Wednesdays
        // (365 days = 52 weeks + 1 day, the extra day being Thursday 12-31).
        assert_eq!(y26.len(), 52);
        assert_eq!(y26[0], d(2026, 1, 7));
        assert_eq!(*y26.last().expect("some"), d(2026, 12, 30));
        // 2027-01-01 is a Friday: first Wednesday 01-06, 52 in the year (extra day Friday 12-31).
        let y27 = due_days(&r, 2027);
        assert_eq!(y27.len(), 52);
        assert_eq!(y27[0], d(2027, 1, 6));
        assert!(y26.iter().chain(&y27).all(|x| x.weekday() == Weekday::Wed));
        assert!(y26
            .windows(2)
            .chain(y27.windows(2))
            .all(|w| (w[1] - w[0]).num_days() == 7));
        // Period: 7 days ending the day before. Due 2026-11-25 → 11-18..11-24.
        let p = r.due_on(d(2026, 11, 25)).and_then(|x| x.period).expect("period");
        assert_eq!(p, Period::parse("2026-11-18..2026-11-24").expect("p"));
        // Across a year boundary: due 2027-01-06 → 2026-12-30..2027-01-05.
        let p = r.due_on(d(2027, 1, 6)).and_then(|x| x.period).expect("period");
        assert_eq!(p, Period::parse("2026-12-30..2027-01-05").expect("p"));
    }

    #[test]
    fn every_saturday_covers_sunday_to_friday() {
        let r = rule("every saturday", "previous 7 days", "keep");
        // 2026-01-03 … 2026-12-26 is 357 days = 51 weeks, so 52 Saturdays; 2027: 01-02 … 12-25, 52.
        assert_eq!(due_days(&r, 2026).len(), 52);
        assert_eq!(due_days(&r, 2027).len(), 52);
        let p = r.due_on(d(2026, 11, 28)).and_then(|x| x.period).expect("period");
        assert_eq!(p, Period::parse("2026-11-21..2026-11-27").expect("p"));
        assert!(r.due_on(d(2026, 11, 27)).is_none());
    }

    #[test]
    fn fourth_wednesday_every_month_of_2026_and_2027() {
        let r = rule("4th wednesday", "previous month", "keep");
        // Worked from the calendar: first Wednesday of each month + 21 days.
        let expect_2026 = [28, 25, 25, 22, 27, 24, 22, 26, 23, 28, 25, 23];
        let expect_2027 = [27, 24, 24, 28, 26, 23, 28, 25, 22, 27, 24, 22];
        for (year, days) in [(2026, expect_2026), (2027, expect_2027)] {
            let got = due_days(&r, year);
            let want: Vec<NaiveDate> = days
                .iter()
                .enumerate()
                .map(|(i, day)| d(year, i as u32 + 1, *day))
                .collect();
            assert_eq!(got, want, "{year}");
        }
        // Months with five Wednesdays: 2026-04 (1, 8, 15, 22, 29) — still the 22nd, not the 29th;
        // 2026-07 (1…29) → 22nd; 2026-09 (2…30) → 23rd; 2026-12 (2…30) → 23rd.
        assert!(r.due_on(d(2026, 4, 29)).is_none());
        assert!(r.due_on(d(2026, 4, 22)).is_some());
        // Period: the calendar month before. Due 2026-11-25 → 2026-10; due 2027-01-27 → 2026-12;
        // due 2026-03-25 → February (28 days in 2026).
        let period = |x| r.due_on(x).and_then(|x| x.period).expect("period");
        assert_eq!(period(d(2026, 11, 25)), Period::parse("2026-10").expect("p"));
        assert_eq!(period(d(2027, 1, 27)), Period::parse("2026-12").expect("p"));
        let feb = period(d(2026, 3, 25));
        assert_eq!((feb.start, feb.end), (d(2026, 2, 1), d(2026, 2, 28)));
    }

    #[test]
    fn fifth_and_last_wednesday() {
        let fifth = rule("5th wednesday", "none", "keep");
        // 2026 months with five Wednesdays: Apr 29, Jul 29, Sep 30, Dec 30.
        assert_eq!(
            due_days(&fifth, 2026),
            vec![d(2026, 4, 29), d(2026, 7, 29), d(2026, 9, 30), d(2026, 12, 30)]
        );
        let last = rule("last wednesday", "previous month", "keep");
        let l26 = due_days(&last, 2026);
        assert_eq!(l26.len(), 12);
        assert_eq!(l26[1], d(2026, 2, 25)); // February 2026: 4, 11, 18, 25
        assert_eq!(l26[3], d(2026, 4, 29));
        assert!(fifth.due_on(d(2026, 4, 29)).and_then(|x| x.period).is_none());
    }

    #[test]
    fn day_25_keeps_weekends_by_default() {
        let r = rule("day 25", "previous month", "keep");
        for year in [2026, 2027] {
            let got = due_days(&r, year);
            let want: Vec<NaiveDate> = (1..=12).map(|m| d(year, m, 25)).collect();
            assert_eq!(got, want);
        }
        // 2026-04-25 is a Saturday and 2026-10-25 a Sunday: still due then.
        assert_eq!(d(2026, 4, 25).weekday(), Weekday::Sat);
        assert_eq!(d(2026, 10, 25).weekday(), Weekday::Sun);
        let p = r.due_on(d(2026, 3, 25)).and_then(|x| x.period).expect("p");
        assert_eq!(p, Period::parse("2026-02").expect("feb"));
        assert_eq!(p.days(), 28);
        let p = r.due_on(d(2026, 1, 25)).and_then(|x| x.period).expect("p");
        assert_eq!(p, Period::parse("2025-12").expect("dec"));
    }

    #[test]
    fn day_25_next_working_day_moves_weekends() {
        let r = rule("day 25", "previous month", "next_working_day");
        // 25ths on a weekend: 2026-01-25 Sun → 01-26; 2026-04-25 Sat → 04-27; 2026-07-25 Sat → 07-27;
        // 2026-10-25 Sun → 10-26; 2027-04-25 Sun → 04-26; 2027-09-25 Sat → 09-27;
        // 2027-12-25 Sat → 12-27.
        let y26: Vec<u32> = due_days(&r, 2026)
            .iter()
            .map(|x| x.month() * 100 + x.day())
            .collect();
        assert_eq!(
            y26,
            vec![126, 225, 325, 427, 525, 625, 727, 825, 925, 1026, 1125, 1225]
        );
        let y27: Vec<u32> = due_days(&r, 2027)
            .iter()
            .map(|x| x.month() * 100 + x.day())
            .collect();
        assert_eq!(
            y27,
            vec![125, 225, 325, 426, 525, 625, 726, 825, 927, 1025, 1125, 1227]
        );
        // 2027-01-25 is a Monday; 2027-07-25 a Sunday → 07-26.
        assert!(due_days(&r, 2026)
            .iter()
            .chain(&due_days(&r, 2027))
            .all(|x| x.weekday() != Weekday::Sat && x.weekday() != Weekday::Sun));
        // The moved day still covers the month before the nominal one.
        let p = r.due_on(d(2026, 4, 27)).and_then(|x| x.period).expect("p");
        assert_eq!(p, Period::parse("2026-03").expect("mar"));
    }

    #[test]
    fn day_1_and_day_31_and_month_end_moves() {
        let first = rule("day 1", "previous month", "keep");
        let p = first.due_on(d(2027, 3, 1)).and_then(|x| x.period).expect("p");
        assert_eq!(p, Period::parse("2027-02").expect("feb")); // 28 days in 2027
        assert_eq!(due_days(&first, 2026).len(), 12);
        // day 31 in a shorter month falls on its last day: Feb 2026 → 02-28, Apr → 04-30.
        let last = rule("day 31", "previous month", "keep");
        let got = due_days(&last, 2026);
        assert_eq!(got.len(), 12);
        assert_eq!(got[1], d(2026, 2, 28));
        assert_eq!(got[3], d(2026, 4, 30));
        // Moved into the next month: 2026-10-31 is a Saturday → 2026-11-02, covering September.
        let moved = rule("day 31", "previous month", "next_working_day");
        let due = moved.due_on(d(2026, 11, 2)).expect("due on Monday 11-02");
        assert_eq!(due.period, Period::parse("2026-09"));
        assert!(moved.due_on(d(2026, 10, 31)).is_none());
    }

    #[test]
    fn on_demand_never_falls_due() {
        let r = rule("on demand", "none", "keep");
        assert!(due_days(&r, 2026).is_empty());
        assert!(due_days(&r, 2027).is_empty());
    }

    #[test]
    fn default_calendar_on_sample_days() {
        let cal = Calendar::new(&Config::default().reports);
        let ids = |x| cal.due_on(x).iter().map(|r| r.id).collect::<Vec<_>>();
        // 2026-11-25: a Wednesday, the 4th Wednesday and the 25th.
        assert_eq!(ids(d(2026, 11, 25)), vec!["weekly", "monthly", "csat"]);
        assert_eq!(ids(d(2026, 11, 28)), vec!["ops-weekly"]);
        assert_eq!(ids(d(2026, 12, 1)), vec!["deductions", "slips"]);
        assert!(ids(d(2026, 11, 26)).is_empty());
        // November 2026: Wednesdays 4, 11, 18, 25 (4) + Saturdays 7, 14, 21, 28 (4) + monthly
        // + csat + deductions + slips on 11-01 = 12.
        assert_eq!(cal.due_between(d(2026, 11, 1), d(2026, 11, 30)).len(), 12);
        let mut disabled = Config::default().reports;
        disabled.csat.enabled = false;
        let cal = Calendar::new(&disabled);
        assert_eq!(
            cal.due_on(d(2026, 11, 25))
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>(),
            vec!["weekly", "monthly"]
        );
    }
}
