//! ATT-7: punch corrections (补卡). An approved correction (审批人 filled in) is
//! a punch like any other: the shift window assigns it (ATT-4). Where it changed
//! a shift-day's outcome — the day would have been 缺卡, 旷工 or late without
//! it — the day records what it would have been, and the ledger carries a line
//! citing the correction, so the sheet, the notice and `explain` all show it.
//! A correction without 审批人 changes nothing and is listed for review.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::model::PunchCorrection;
use crate::rules::hr::attendance::{DayStatus, ShiftDay};
use crate::rules::ledger::SourceCell;

/// An approved correction, as the punch it stands for carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectionRef {
    /// 审批人.
    pub approver: String,
    /// 原因, if given.
    pub reason: Option<String>,
}

impl CorrectionRef {
    /// The correction of a register row, when it is approved.
    pub fn of(c: &PunchCorrection) -> Option<CorrectionRef> {
        c.approved_by().map(|a| CorrectionRef {
            approver: a.to_string(),
            reason: c.reason.clone(),
        })
    }

    /// `审批人 王芳，原因 忘带工牌` (the reason only when given).
    pub fn words(&self) -> String {
        match self.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => format!("审批人 {}，原因 {r}", self.approver),
            None => format!("审批人 {}", self.approver),
        }
    }
}

/// What approved corrections changed on a shift-day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CorrectionEffect {
    /// The day's outcome without them: `缺卡（下班未打卡）`, `旷工`, `迟到 12 分钟`.
    pub without: String,
    /// The day's outcome with them: `正常出勤`, `迟到 5 分钟`.
    pub with: String,
}

/// A correction without 审批人 (ATT-7): listed for review, never applied.
#[derive(Debug, Clone, Serialize)]
pub struct UnapprovedCorrection {
    /// 工号 (the roster's).
    pub employee_id: String,
    /// 补卡时间.
    pub at: NaiveDateTime,
    /// 原因, if given.
    pub reason: Option<String>,
    /// The empty 审批人 cell (the 补卡时间 cell when the sheet has no 审批人 column).
    pub cell: SourceCell,
}

impl UnapprovedCorrection {
    /// The unapproved correction of a register row naming `employee_id`.
    pub fn of(employee_id: &str, c: &PunchCorrection) -> UnapprovedCorrection {
        let field = if c.source.sheet.column_of("审批人").is_some() {
            "审批人"
        } else {
            "补卡时间"
        };
        UnapprovedCorrection {
            employee_id: employee_id.to_string(),
            at: c.at,
            reason: c.reason.clone(),
            cell: SourceCell::new(&c.source, field),
        }
    }

    /// `补卡 2026-11-20 08:20，原因 忘记打卡：未填审批人，未采用`.
    pub fn words(&self) -> String {
        let reason = self
            .reason
            .as_deref()
            .map(|r| format!("，原因 {r}"))
            .unwrap_or_default();
        format!(
            "补卡 {}{reason}：未填审批人，未采用",
            self.at.format("%Y-%m-%d %H:%M")
        )
    }
}

/// A worked or absent day's outcome in words: `旷工`, `迟到 7 分钟、缺卡（下班未打卡）`,
/// `正常出勤`.
pub fn outcome_words(d: &ShiftDay) -> String {
    if d.status == DayStatus::Absent {
        return "旷工".into();
    }
    let mut parts = Vec::new();
    if d.late_minutes > 0 {
        parts.push(format!("迟到 {}\u{a0}分钟", d.late_minutes));
    }
    if d.early_leave_minutes > 0 {
        parts.push(format!("早退 {}\u{a0}分钟", d.early_leave_minutes));
    }
    if d.missing_in {
        parts.push("缺卡（上班未打卡）".to_string());
    }
    if d.missing_out {
        parts.push("缺卡（下班未打卡）".to_string());
    }
    if parts.is_empty() {
        "正常出勤".into()
    } else {
        parts.join("、")
    }
}

/// Whether two judgements of one day differ in anything a rule counts.
pub fn outcome_differs(a: &ShiftDay, b: &ShiftDay) -> bool {
    (
        a.status,
        a.late_minutes,
        a.early_leave_minutes,
        a.missing_in,
        a.missing_out,
    ) != (
        b.status,
        b.late_minutes,
        b.early_leave_minutes,
        b.missing_in,
        b.missing_out,
    )
}

#[cfg(test)]
mod tests {
    use crate::config::{Amount, Config};
    use crate::model::{Fen, Period, Roster};
    use crate::rules::catalog::Rule;
    use crate::rules::hr::attendance::{evaluate_with, Attendance, DayStatus, ShiftDay};
    use crate::rules::hr::pay::{assess, PayOutcome};
    use crate::rules::ledger::LineKind;
    use crate::rules::testkit::{at, day, employee, Kit};

    fn nov() -> Period {
        Period::month(2026, 11).expect("November")
    }

    /// K001 张三 (¥4,000.00) on 常规 08:30–17:30 on 11-19 and 11-20; every other
    /// day of November a rest day.
    fn kit() -> Kit {
        let rest: Vec<u32> = (1..=30).filter(|d| *d != 19 && *d != 20).collect();
        Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .november("K001", "常规", &rest)
    }

    fn run(k: &Kit, cfg: &Config) -> (Attendance, PayOutcome) {
        let roster = Roster::new(&k.data.employees);
        let a = evaluate_with(&roster, &k.data, cfg, &nov());
        let o = assess(&roster, &a, &k.data, cfg, &nov());
        (a, o)
    }

    fn the_day(a: &Attendance, d: u32) -> &ShiftDay {
        a.days.iter().find(|x| x.date == day(11, d)).expect("day")
    }

    #[test]
    fn an_approved_correction_closes_a_missing_clock_out() {
        // 11-19: in at 08:25, no clock-out; the 补卡登记 gives 17:40, approved by
        // 王芳. Without it: 缺卡（下班未打卡）, which costs ¥20.00 with
        // missing_punch_fine = 20. With it: a normal day, no deduction, and one
        // note line (¥0.00) citing the correction and its cell.
        let mut cfg = Config::default();
        cfg.rules.attendance.missing_punch_fine = Amount(Fen(2_000));
        let without = kit()
            .punch("K001", at(11, 19, 8, 25, 0))
            .punch("K001", at(11, 20, 8, 20, 0))
            .punch("K001", at(11, 20, 17, 35, 0));
        let (_, o) = run(&without, &cfg);
        assert_eq!(o.ledger.total_for("K001"), Fen(2_000));
        let k = without.correction("K001", at(11, 19, 17, 40, 0), Some("王芳"), "考勤机故障");
        let (a, o) = run(&k, &cfg);
        let d = the_day(&a, 19);
        assert_eq!(d.status, DayStatus::Worked);
        assert_eq!(d.missing_punches(), 0);
        assert_eq!(d.clock_out.as_ref().map(|p| p.at), Some(at(11, 19, 17, 40, 0)));
        let effect = d.corrected.as_ref().expect("the correction changed the day");
        assert_eq!(
            (effect.without.as_str(), effect.with.as_str()),
            ("缺卡（下班未打卡）", "正常出勤")
        );
        assert!(d
            .notes()
            .contains(&"补卡 17:40，审批人 王芳，原因 考勤机故障".to_string()));
        assert_eq!(o.employees[0].missing_punch_count, 0);
        assert_eq!(o.ledger.total_for("K001"), Fen::ZERO);
        let lines: Vec<_> = o.ledger.for_employee("K001").collect();
        assert_eq!(lines.len(), 1);
        let l = lines[0];
        assert_eq!(
            (l.rule, l.kind, l.amount),
            (Rule::Att7, LineKind::Note, Fen::ZERO)
        );
        assert_eq!(l.rule, Rule::Att7);
        assert_eq!(
            l.basis,
            "班次 常规 08:30–17:30；补卡 17:40，审批人 王芳，原因 考勤机故障；无此补卡则为缺卡（下班未打卡），补卡后为正常出勤"
        );
        assert_eq!(l.sources[0].locate(), "inputs/corrections.xlsx › 补卡登记!35");
    }

    #[test]
    fn an_approved_correction_for_a_late_clock_in_is_cited_by_the_deduction() {
        // 11-20: no clock-in, out at 17:35; the approved correction gives 08:41 —
        // 11 minutes late. 1 late arrival < 3: 2% of ¥4,000.00 = ¥80.00, its basis
        // naming the correction; the note says it would have been 缺卡 without it.
        let k = kit()
            .punch("K001", at(11, 19, 8, 25, 0))
            .punch("K001", at(11, 19, 17, 31, 0))
            .punch("K001", at(11, 20, 17, 35, 0))
            .correction("K001", at(11, 20, 8, 41, 0), Some("王芳"), "忘带工牌");
        let (a, o) = run(&k, &Config::default());
        assert_eq!(the_day(&a, 20).late_minutes, 11);
        let late: Vec<_> = o.ledger.lines.iter().filter(|l| l.rule == Rule::Att2).collect();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].amount, Fen(8_000));
        assert!(
            late[0].basis.starts_with(
                "班次 常规 08:30 上班，补卡 08:41，审批人 王芳，原因 忘带工牌，迟到 11\u{a0}分钟；"
            ),
            "{}",
            late[0].basis
        );
        assert!(late[0].sources[0].locate().starts_with("inputs/corrections.xlsx"));
        let note = o
            .ledger
            .lines
            .iter()
            .find(|l| l.rule == Rule::Att7)
            .expect("note");
        assert!(
            note.basis
                .ends_with("无此补卡则为缺卡（上班未打卡），补卡后为迟到 11\u{a0}分钟"),
            "{}",
            note.basis
        );
    }

    #[test]
    fn an_unapproved_correction_changes_nothing_and_is_listed() {
        // 11-20: no punch at all and a correction at 08:20 with no 审批人 → still
        // 旷工 (absence 1), listed on the review list at its row.
        let k = kit()
            .punch("K001", at(11, 19, 8, 25, 0))
            .punch("K001", at(11, 19, 17, 31, 0))
            .correction("K001", at(11, 20, 8, 20, 0), None, "忘记打卡");
        let (a, o) = run(&k, &Config::default());
        assert_eq!(the_day(&a, 20).status, DayStatus::Absent);
        assert_eq!(o.employees[0].absence_days, 1);
        assert!(o.ledger.lines.is_empty());
        assert!(a.issues.is_empty(), "{:?}", a.issues);
        assert_eq!(a.unapproved.len(), 1);
        assert_eq!(
            a.unapproved[0].words(),
            "补卡 2026-11-20 08:20，原因 忘记打卡：未填审批人，未采用"
        );
        // The synthetic sheet has no column map: the row is named.
        assert_eq!(
            a.unapproved[0].cell.locate(),
            "inputs/corrections.xlsx › 补卡登记!34"
        );
    }

    #[test]
    fn a_correction_that_changes_nothing_is_not_cited() {
        // 11-19: in 08:25, out 17:31, and an approved correction at 08:26: the
        // clock-in stays 08:25 and the day is normal either way: no note line.
        let k = kit()
            .punch("K001", at(11, 19, 8, 25, 0))
            .punch("K001", at(11, 19, 17, 31, 0))
            .correction("K001", at(11, 19, 8, 26, 0), Some("王芳"), "重复登记");
        let (a, o) = run(&k, &Config::default());
        let d = the_day(&a, 19);
        assert!(d.corrected.is_none());
        assert_eq!(d.other_punches.len(), 1);
        assert!(o.ledger.lines.is_empty());
    }
}
