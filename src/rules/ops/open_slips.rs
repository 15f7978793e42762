//! Work-contact slips still open at a period's end, for the operations reports
//! (the slip rules themselves, SLIP-1…5, are in `rules/slips/`).

use crate::model::{Period, SlipRow};

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
    /// 要求完成日期.
    pub due_date: String,
    /// Days from issue to the period's end.
    pub days_open: i64,
    /// Whether the agreed completion date has passed at the period's end.
    pub overdue: bool,
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

/// Slips issued by the period's end and not completed by it.
pub fn open_slips(slips: &[SlipRow], period: &Period) -> OpenSlips {
    let mut open: Vec<&SlipRow> = slips
        .iter()
        .filter(|s| s.issue_date <= period.end && s.completed_date.is_none_or(|d| d > period.end))
        .collect();
    open.sort_by(|a, b| {
        a.issue_date
            .cmp(&b.issue_date)
            .then(a.number.cmp(&b.number))
            .then(a.to_dept.cmp(&b.to_dept))
    });
    let list: Vec<OpenSlip> = open
        .iter()
        .map(|s| OpenSlip {
            number: s.number.clone(),
            subject: s.subject.clone(),
            from_dept: s.from_dept.clone(),
            to_dept: s.to_dept.clone(),
            issue_date: s.issue_date.format("%Y-%m-%d").to_string(),
            due_date: s.due_date.format("%Y-%m-%d").to_string(),
            days_open: (period.end - s.issue_date).num_days(),
            overdue: s.due_date < period.end,
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
    use crate::rules::testkit::{done, period, slip};

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
        let s = open_slips(&slips, &period("2026-11"));
        assert_eq!((s.count, s.overdue), (3, 2));
        let oldest = s.oldest.expect("oldest");
        // 2026-10-20 → 2026-11-30 = 11 + 30 = 41 days.
        assert_eq!((oldest.number.as_str(), oldest.days_open), ("KF-2026-001", 41));
    }
}
