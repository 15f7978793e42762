//! The state of each register row at a period's end (SLIP-5): 未签收, 已签收未完成,
//! 逾期未完成, 已完成 or 已被替代, with the due date in force and the days overdue.

use chrono::NaiveDate;

use crate::model::SlipRow;

use super::counter::{counter_in_force, facts_at, Amendment, RowFacts};

/// A row's state at the end of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlipStatus {
    /// 未签收.
    Unsigned,
    /// 已签收未完成 (not yet past the agreed date).
    SignedOpen,
    /// 逾期未完成 (signed, past the agreed date, not complete).
    Overdue,
    /// 已完成, with the days it was late (0 = on time).
    Done {
        /// Days after the agreed date.
        late_days: i64,
    },
    /// 已被替代: a counter-slip replaced the due date and the work is not complete.
    Replaced {
        /// The counter-slip's number.
        by: String,
    },
}

impl SlipStatus {
    /// The label, e.g. `已完成（逾期 4 天）`.
    pub fn label(&self) -> String {
        match self {
            SlipStatus::Unsigned => "未签收".into(),
            SlipStatus::SignedOpen => "已签收未完成".into(),
            SlipStatus::Overdue => "逾期未完成".into(),
            SlipStatus::Done { late_days: 0 } => "已完成（按期）".into(),
            SlipStatus::Done { late_days } => format!("已完成（逾期 {late_days} 天）"),
            SlipStatus::Replaced { .. } => "已被替代".into(),
        }
    }

    /// Whether the work is finished.
    pub fn is_finished(&self) -> bool {
        matches!(self, SlipStatus::Done { .. })
    }
}

/// One register row as it stands at a period's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowState {
    /// Index of the row in the register.
    pub row: usize,
    /// 编号.
    pub number: String,
    /// The state.
    pub status: SlipStatus,
    /// The agreed date in force at the period's end (a counter-slip's once issued).
    pub due_in_force: NaiveDate,
    /// Days past `due_in_force` at the period's end, for unfinished rows (else 0).
    pub days_overdue: i64,
    /// The completion date, if complete by the period's end (the counter-slip's for an amended row).
    pub completed: Option<NaiveDate>,
    /// Points charged in the period on this row (all charges whose row it is).
    pub points: u32,
    /// The counter-slip in force for this row, if any.
    pub replaced_by: Option<String>,
    /// The original this row (a counter-slip) replaces, if any.
    pub replaces: Option<String>,
    /// Whether the row duplicates another slip's number (kept, not charged).
    pub duplicate: bool,
}

/// The state of row `i` on day `at`, given its facts on that day and the points charged on it.
pub(super) fn row_state(
    rows: &[SlipRow],
    amendments: &[Amendment],
    i: usize,
    facts: &RowFacts<'_>,
    at: NaiveDate,
    points: u32,
    duplicate: bool,
) -> RowState {
    let row = &rows[i];
    let counter_now = counter_in_force(rows, amendments, i, at).map(|(_, r)| r);
    let signed = row.signed_date.filter(|d| *d <= at);
    let status = if let Some(c) = facts.completion {
        SlipStatus::Done {
            late_days: (c - facts.due).num_days().max(0),
        }
    } else if let Some(c) = counter_now {
        SlipStatus::Replaced {
            by: c.number.trim().to_string(),
        }
    } else if signed.is_none() {
        SlipStatus::Unsigned
    } else if at > facts.due {
        SlipStatus::Overdue
    } else {
        SlipStatus::SignedOpen
    };
    let days_overdue = if status.is_finished() {
        0
    } else {
        (at - facts.due).num_days().max(0)
    };
    RowState {
        row: i,
        number: row.number.trim().to_string(),
        status,
        due_in_force: facts.due,
        days_overdue,
        completed: facts.completion,
        points,
        replaced_by: counter_now.map(|c| c.number.trim().to_string()),
        replaces: row
            .replaces
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        duplicate,
    }
}

/// A row's state on a given day (the form's completion box uses the completion day).
pub fn state_on(rows: &[SlipRow], amendments: &[Amendment], index: usize, day: NaiveDate) -> RowState {
    let facts = facts_at(rows, amendments, index, day);
    row_state(rows, amendments, index, &facts, day, 0, false)
}

#[cfg(test)]
mod tests {
    use crate::rules::slips::evaluate;
    use crate::rules::testkit::{period, signed, slip, slip_rules};

    #[test]
    fn status_at_period_end() {
        let rows = vec![
            slip("KF-2026-060", "财务部", "2026-11-20", "2026-12-10", 2),
            signed(
                slip("KF-2026-061", "财务部", "2026-11-20", "2026-12-10", 3),
                "2026-11-21",
            ),
            // Signed after the period's end: unsigned at 11-30.
            signed(
                slip("KF-2026-062", "财务部", "2026-11-20", "2026-12-10", 4),
                "2026-12-01",
            ),
        ];
        let f = evaluate(&rows, &slip_rules(), &period("2026-11"));
        let labels: Vec<String> = f.rows.iter().map(|r| r.status.label()).collect();
        assert_eq!(labels, vec!["未签收", "已签收未完成", "未签收"]);
    }
}
