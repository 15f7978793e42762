//! Work-contact slips still open at a period's end, for the operations reports.
//! Their status is the slip rules' own ([`crate::rules::slips::row_states`]), so a
//! counter-slip's date (SLIP-4) counts here as on the month-end slip report.

use crate::model::{NumberPattern, Period, SlipRow};
use crate::rules::slips::{row_states, SlipStatus};

/// One open slip row (one slip to one receiving department).
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpenSlip {
    /// 编号.
    pub number: String,
    /// 主题.
    pub subject: String,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门.
    pub to_dept: String,
    /// 发单日期.
    pub issue_date: String,
    /// 要求完成日期 in force at the period's end (a counter-slip's once issued).
    pub due_date: String,
    /// Days from issue to the period's end.
    pub days_open: i64,
    /// Days past the date in force at the period's end (0 when not past it).
    pub days_overdue: i64,
    /// Whether the date in force has passed at the period's end.
    pub overdue: bool,
    /// The status at the period's end: `未签收`, `逾期未完成（3 天）`, `已被替代`…
    pub status: String,
}

/// Work-contact slips still open at the period's end.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OpenSlips {
    /// How many slip rows are open.
    pub count: u64,
    /// Of those, past their agreed completion date.
    pub overdue: u64,
    /// The oldest open slip.
    pub oldest: Option<OpenSlip>,
    /// Every open slip, oldest first.
    pub list: Vec<OpenSlip>,
}

/// The status text of an open row: the slip rules' label, with `（逾期 N 天）`
/// where the label does not already say it.
fn status_text(status: &SlipStatus, days_overdue: i64) -> String {
    let label = status.label();
    if days_overdue > 0 && *status != SlipStatus::Overdue {
        format!("{label}（逾期 {days_overdue}\u{a0}天）")
    } else if days_overdue > 0 {
        format!("{label}（{days_overdue}\u{a0}天）")
    } else {
        label
    }
}

/// Slips issued by the period's end and not completed by it, with the status
/// the slip rules give them on its last day.
pub fn open_slips(slips: &[SlipRow], pattern: &NumberPattern, period: &Period) -> OpenSlips {
    let states = row_states(slips, pattern, period.end);
    let mut open: Vec<(&SlipRow, _)> = states
        .iter()
        .filter(|st| !st.status.is_finished())
        .map(|st| (&slips[st.row], st))
        .collect();
    open.sort_by(|(a, _), (b, _)| {
        a.issue_date
            .cmp(&b.issue_date)
            .then(a.number.cmp(&b.number))
            .then(a.to_dept.cmp(&b.to_dept))
    });
    let list: Vec<OpenSlip> = open
        .iter()
        .map(|(s, st)| OpenSlip {
            number: s.number.clone(),
            subject: s.subject.clone(),
            from_dept: s.from_dept.clone(),
            to_dept: s.to_dept.clone(),
            issue_date: s.issue_date.format("%Y-%m-%d").to_string(),
            due_date: st.due_in_force.format("%Y-%m-%d").to_string(),
            days_open: (period.end - s.issue_date).num_days(),
            days_overdue: st.days_overdue,
            overdue: st.days_overdue > 0,
            status: status_text(&st.status, st.days_overdue),
        })
        .collect();
    OpenSlips {
        count: list.len() as u64,
        overdue: list.iter().filter(|s| s.overdue).count() as u64,
        oldest: list.first().cloned(),
        list,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{done, period, signed, slip};

    fn pattern() -> NumberPattern {
        crate::config::Config::default().rules.slips.number_pattern
    }

    #[test]
    fn open_slips_at_period_end() {
        let to = |number, issued, due| slip(number, "技术部", issued, due, 2);
        let slips = vec![
            to("KF-2026-001", "2026-10-20", "2026-11-10"), // open, overdue
            to("KF-2026-002", "2026-11-05", "2026-12-10"), // open
            done(to("KF-2026-003", "2026-11-06", "2026-11-20"), "2026-11-18"), // done
            done(to("KF-2026-004", "2026-11-07", "2026-11-20"), "2026-12-02"), // done after the end: open
            to("KF-2026-005", "2026-12-01", "2026-12-05"), // issued after
        ];
        let s = open_slips(&slips, &pattern(), &period("2026-11"));
        assert_eq!((s.count, s.overdue), (3, 2));
        let oldest = s.oldest.expect("oldest");
        // 2026-10-20 → 2026-11-30 = 11 + 30 = 41 days; 11-10 → 11-30 = 20 days overdue.
        assert_eq!((oldest.number.as_str(), oldest.days_open), ("KF-2026-001", 41));
        assert_eq!(oldest.status, "未签收（逾期 20\u{a0}天）");
    }

    #[test]
    fn a_counter_slip_moves_the_date_the_open_list_judges_by() {
        // KF-2026-010 to 技术部, signed, due 10-16; counter-slip KF-2026-011 from
        // 技术部, issued 10-14, moves it to 11-13.
        let original = signed(
            slip("KF-2026-010", "技术部", "2026-10-08", "2026-10-16", 2),
            "2026-10-09",
        );
        let mut counter = slip("KF-2026-011", "客服部", "2026-10-14", "2026-11-13", 3);
        counter.from_dept = "技术部".into();
        counter.replaces = Some("KF-2026-010".into());
        let rows = [original, counter];
        // On 10-31 the original is not overdue: its date in force is 11-13, as the
        // month-end slip report says.
        let oct = open_slips(&rows, &pattern(), &period("2026-10"));
        let first = &oct.list[0];
        assert_eq!(first.number, "KF-2026-010");
        assert_eq!((first.due_date.as_str(), first.overdue), ("2026-11-13", false));
        assert_eq!(first.status, "已被替代");
        assert_eq!(oct.overdue, 0);
        // On 11-30, still open: 11-13 → 11-30 = 17 days overdue.
        let nov = open_slips(&rows, &pattern(), &period("2026-11"));
        assert_eq!((nov.list[0].days_overdue, nov.list[0].overdue), (17, true));
    }
}
