//! ATT-6: employment dates. Days before a joiner's 入职日期 and after a
//! leaver's 离职日期 are not working days: no 旷工, no 缺卡, not counted in
//! 应出勤. Schedule rows naming a shift and punches outside employment are
//! listed as data issues naming their cell; the month's percentages stay of the
//! monthly 基本工资 (the handbook states no proration).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Employee, Period};
use crate::rules::catalog::Rule;
use crate::rules::hr::attendance::{DayStatus, ShiftDay};
use crate::rules::hr::quality::DataIssue;

/// Which side of the employment a day outside it lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outside {
    /// Before 入职日期.
    BeforeHire,
    /// After 离职日期.
    AfterLeaving,
}

impl Outside {
    /// The side of the employment `day` lies on, if it lies outside it.
    pub fn of(emp: &Employee, day: NaiveDate) -> Option<Outside> {
        if emp.hire_date.is_some_and(|h| day < h) {
            Some(Outside::BeforeHire)
        } else if emp.leave_date.is_some_and(|l| day > l) {
            Some(Outside::AfterLeaving)
        } else {
            None
        }
    }

    /// 入职前 / 离职后.
    pub fn label(self) -> &'static str {
        match self {
            Outside::BeforeHire => "入职前",
            Outside::AfterLeaving => "离职后",
        }
    }

    /// The day status of a day on this side.
    pub fn status(self) -> DayStatus {
        match self {
            Outside::BeforeHire => DayStatus::BeforeHire,
            Outside::AfterLeaving => DayStatus::AfterLeaving,
        }
    }
}

/// How an employee's employment meets a period (ATT-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Employment {
    /// 入职日期, when it falls inside the period (the days before it are cut).
    pub hired_in_period: Option<NaiveDate>,
    /// 离职日期, when it falls inside the period (the days after it are cut).
    pub left_in_period: Option<NaiveDate>,
    /// Days of the period the employee is employed on.
    pub employed_days: u32,
}

impl Employment {
    /// The employment of `emp` over `period`.
    pub fn of(emp: &Employee, period: &Period) -> Employment {
        let inside = |d: Option<NaiveDate>| d.filter(|d| period.contains(*d));
        let employed_days = period
            .start
            .iter_days()
            .take_while(|d| *d <= period.end)
            .fold(0u32, |n, d| {
                if emp.employed_on(d) {
                    n.saturating_add(1)
                } else {
                    n
                }
            });
        Employment {
            // A hire on the period's first day cuts nothing.
            hired_in_period: inside(emp.hire_date).filter(|d| *d > period.start),
            // A leave on the period's last day cuts nothing.
            left_in_period: inside(emp.leave_date).filter(|d| *d < period.end),
            employed_days,
        }
    }

    /// Whether the employment dates cut the period (a joiner or a leaver within it).
    pub fn cuts_period(&self) -> bool {
        self.hired_in_period.is_some() || self.left_in_period.is_some()
    }

    /// The 备注 texts saying how the employment cuts the period, in date order.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(d) = self.hired_in_period {
            out.push(format!("{} 入职（此前不计应出勤）", d.format("%Y-%m-%d")));
        }
        if let Some(d) = self.left_in_period {
            out.push(format!("{} 离职（此后不计应出勤）", d.format("%Y-%m-%d")));
        }
        out
    }
}

/// The data issues of one employee's days outside employment: the schedule
/// rows naming a shift there (one issue per side, at the first such row) and
/// every punch there (one issue each).
pub fn outside_issues(emp: &Employee, days: &[ShiftDay], rest_codes: &[String]) -> Vec<DataIssue> {
    let mut issues = Vec::new();
    for side in [Outside::BeforeHire, Outside::AfterLeaving] {
        let on_side: Vec<&ShiftDay> = days.iter().filter(|d| d.status == side.status()).collect();
        let scheduled: Vec<&ShiftDay> = on_side
            .iter()
            .copied()
            .filter(|d| d.schedule.is_some() && !rest_codes.iter().any(|r| **r == *d.shift))
            .collect();
        if let (Some(first), Some(last)) = (scheduled.first(), scheduled.last()) {
            if let Some(cell) = first.schedule_cell() {
                let span = if first.date == last.date {
                    first.date.format("%Y-%m-%d").to_string()
                } else {
                    format!(
                        "{} 至 {}",
                        first.date.format("%Y-%m-%d"),
                        last.date.format("%Y-%m-%d")
                    )
                };
                issues.push(DataIssue {
                    rule: Rule::Att6,
                    message: format!(
                        "{} {}：排班表仍排有 {} 天班次（{span}，首行在此），不计应出勤",
                        emp.id,
                        employment_words(emp, side),
                        scheduled.len()
                    ),
                    cell,
                });
            }
        }
        for d in on_side {
            for p in &d.other_punches {
                issues.push(DataIssue {
                    rule: Rule::Att6,
                    message: format!(
                        "{} {}{}的{} {}，不计出勤",
                        emp.id,
                        employment_words(emp, side),
                        if side == Outside::BeforeHire { "前" } else { "后" },
                        if p.is_correction() { "补卡" } else { "打卡" },
                        p.at.format("%Y-%m-%d %H:%M:%S")
                    ),
                    cell: p.cell(),
                });
            }
        }
    }
    issues
}

/// `2026-11-16 入职` / `2026-11-10 离职`, as the messages name the date that cuts.
fn employment_words(emp: &Employee, side: Outside) -> String {
    match side {
        Outside::BeforeHire => emp
            .hire_date
            .map(|d| format!("{} 入职", d.format("%Y-%m-%d")))
            .unwrap_or_default(),
        Outside::AfterLeaving => emp
            .leave_date
            .map(|d| format!("{} 离职", d.format("%Y-%m-%d")))
            .unwrap_or_default(),
    }
}

/// A roster row whose 状态 says the employee has left (离职) but gives no
/// 离职日期: evaluated as employed for the whole period, and listed.
pub fn status_without_date(emp: &Employee) -> Option<DataIssue> {
    let status = emp.status.as_deref()?;
    (status.contains("离职") && emp.leave_date.is_none()).then(|| {
        DataIssue::new(
            Rule::Att6,
            &emp.source,
            "状态",
            format!(
                "{} 的状态为“{status}”，但花名册未填离职日期：按整期在职计算（填写离职日期后，此后各天不计应出勤）",
                emp.id
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::{Fen, Roster};
    use crate::rules::hr::attendance::{evaluate_with, Attendance};
    use crate::rules::hr::pay::{assess, PayOutcome};
    use crate::rules::testkit::{at, day, employee, Kit};

    const REST: [u32; 4] = [1, 8, 15, 22];

    fn nov() -> Period {
        Period::month(2026, 11).expect("November")
    }

    /// K001 on 常规 (08:30–17:30) every day of November but the rest days, as a
    /// company-wide schedule writes it whatever the employment; punches on time
    /// (08:25, 17:31) on every work day in `punched`.
    fn kit(emp: Employee, punched: impl Fn(u32) -> bool) -> Kit {
        let mut k = Kit::default().emp(emp).november("K001", "常规", &REST);
        for d in (1..=30).filter(|d| !REST.contains(d) && punched(*d)) {
            k = k
                .punch("K001", at(11, d, 8, 25, 0))
                .punch("K001", at(11, d, 17, 31, 0));
        }
        k
    }

    fn run(k: &Kit) -> (Attendance, PayOutcome) {
        let cfg = Config::default();
        let roster = Roster::new(&k.data.employees);
        let a = evaluate_with(&roster, &k.data, &cfg, &nov());
        let o = assess(&roster, &a, &k.data, &cfg, &nov());
        (a, o)
    }

    #[test]
    fn a_joiner_on_the_16th() {
        // Hired 2026-11-16. Employed 11-16..11-30: 15 days, of which 11-22 is a
        // rest day → 应出勤 14 days, all attended. Late once on 11-17 (08:40, 10
        // minutes): 1 < 3, so 2% of the monthly ¥4,000.00 = ¥80.00 — not of a
        // prorated half month (the handbook states no proration).
        let mut e = employee("K001", "张三", 400_000);
        e.hire_date = Some(day(11, 16));
        let k = kit(e, |d| d >= 16 && d != 17)
            .punch("K001", at(11, 17, 8, 40, 0))
            .punch("K001", at(11, 17, 17, 31, 0))
            // A punch before 入职 (a visit on 11-10): listed, not counted.
            .punch("K001", at(11, 10, 9, 58, 0));
        let (a, o) = run(&k);
        let ep = &o.employees[0];
        assert_eq!(
            (
                ep.work_days,
                ep.attended_days,
                ep.rest_days,
                ep.absence_days,
                ep.missing_punch_count
            ),
            (14, 14, 1, 0, 0)
        );
        assert_eq!(
            (ep.employment.employed_days, ep.employment.hired_in_period),
            (15, Some(day(11, 16)))
        );
        assert_eq!(o.ledger.total_for("K001"), Fen(8_000));
        // Days 11-02..11-14 are 未入职, never 旷工.
        let d10 = a.days.iter().find(|d| d.date == day(11, 10)).expect("11-10");
        assert_eq!(d10.status, DayStatus::BeforeHire);
        assert_eq!(d10.other_punches.len(), 1);
        assert!(!a.days.iter().any(|d| d.status == DayStatus::Absent));
        // ATT-5 is not checked in a cut month (1 rest day is not 4).
        assert!(!ep.rest_days_flagged);
        assert!(ep
            .flags(3)
            .contains(&"2026-11-16 入职（此前不计应出勤）".to_string()));
        // The schedule's 12 work days before 入职 (11-02..11-07, 11-09..11-14) are one
        // issue at the first row; the 11-10 punch is one issue at its cell.
        let msgs: Vec<&str> = a.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "K001 2026-11-16 入职：排班表仍排有 12 天班次（2026-11-02 至 2026-11-14，首行在此），不计应出勤",
                "K001 2026-11-16 入职前的打卡 2026-11-10 09:58:00，不计出勤",
            ]
        );
        assert!(a.issues.iter().all(|i| i.rule == Rule::Att6));
        // The schedule row of 11-02 is the 2nd row the kit wrote (row 3).
        assert_eq!(a.issues[0].cell.locate(), "inputs/schedule.xlsx › 排班表!3");
    }

    #[test]
    fn a_leaver_on_the_10th() {
        // Left 2026-11-10 (the last working day). Employed 11-01..11-10: rest days
        // 11-01 and 11-08 → 应出勤 8 days (11-02..11-07, 11-09, 11-10), all
        // attended; the 18 scheduled days after are not 旷工.
        let mut e = employee("K001", "张三", 400_000);
        e.leave_date = Some(day(11, 10));
        e.status = Some("离职".into());
        let k = kit(e, |d| d <= 10);
        let (a, o) = run(&k);
        let ep = &o.employees[0];
        assert_eq!(
            (ep.work_days, ep.attended_days, ep.rest_days, ep.absence_days),
            (8, 8, 2, 0)
        );
        assert_eq!(ep.employment.left_in_period, Some(day(11, 10)));
        assert!(o.ledger.lines.is_empty());
        assert!(ep
            .flags(3)
            .contains(&"2026-11-10 离职（此后不计应出勤）".to_string()));
        assert_eq!(
            a.days
                .iter()
                .filter(|d| d.status == DayStatus::AfterLeaving)
                .count(),
            20
        );
        assert_eq!(a.issues.len(), 1, "{:?}", a.issues);
        assert_eq!(
            a.issues[0].message,
            "K001 2026-11-10 离职：排班表仍排有 18 天班次（2026-11-11 至 2026-11-30，首行在此），不计应出勤"
        );
    }

    #[test]
    fn the_employment_of_a_period() {
        // A hire on the 1st or a leave on the 30th cuts nothing; a leave in October
        // leaves no day of November.
        let mut e = employee("K001", "张三", 400_000);
        e.hire_date = Some(day(11, 1));
        e.leave_date = Some(day(11, 30));
        let m = Employment::of(&e, &nov());
        assert_eq!((m.cuts_period(), m.employed_days), (false, 30));
        e.hire_date = Some(day(3, 1));
        e.leave_date = Some(day(10, 20));
        let m = Employment::of(&e, &nov());
        assert_eq!((m.cuts_period(), m.employed_days), (false, 0));
        assert_eq!(Outside::of(&e, day(11, 1)), Some(Outside::AfterLeaving));
        assert_eq!(Outside::of(&e, day(2, 28)), Some(Outside::BeforeHire));
        assert_eq!(Outside::of(&e, day(10, 20)), None);
    }

    #[test]
    fn a_left_status_without_a_date_is_listed() {
        let mut e = employee("K001", "张三", 400_000);
        e.status = Some("离职".into());
        let issue = status_without_date(&e).expect("listed");
        assert_eq!(issue.rule, Rule::Att6);
        assert!(issue.message.contains("未填离职日期"), "{}", issue.message);
        e.status = Some("在职".into());
        assert!(status_without_date(&e).is_none());
    }
}
