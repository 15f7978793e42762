//! Counter-slips (SLIP-4): linking a counter-slip to the original rows it
//! amends, and the due date and completion in force for a row on a given day.

use chrono::NaiveDate;

use crate::model::SlipRow;

use super::grouping::Grouping;
use super::numbering::NumberingProblem;

/// A counter-slip row amending an original row's due date from its issue date on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// The counter-slip row.
    pub counter_row: usize,
    /// The original row it amends.
    pub original_row: usize,
}

/// Link counter-slip rows (替代编号 set) to the original rows they amend: the
/// original's rows whose 收单部门 is the counter-slip's issuer or receiver; a
/// single-receiver original is amended whatever the departments.
pub fn link_counter_slips(rows: &[SlipRow], grouping: &Grouping) -> (Vec<Amendment>, Vec<NumberingProblem>) {
    let mut amendments = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(target) = row.replaces.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        let bad = |why: String| NumberingProblem::BadCounterLink {
            number: row.number.trim().to_string(),
            replaces: target.to_string(),
            place: row.source.locate("替代编号"),
            why,
        };
        if target == row.number.trim() {
            problems.push(bad("反联络单不能替代自身".into()));
            continue;
        }
        let Some(group) = grouping.slips.iter().find(|g| g.number == target) else {
            problems.push(bad("登记表中没有这个编号".into()));
            continue;
        };
        let (from, to) = (row.from_dept.trim(), row.to_dept.trim());
        let mut matched: Vec<usize> = group
            .rows
            .iter()
            .copied()
            .filter(|&o| {
                let recv = rows[o].to_dept.trim();
                recv == from || recv == to
            })
            .collect();
        if matched.is_empty() && group.rows.len() == 1 {
            matched = group.rows.clone();
        }
        if matched.is_empty() {
            problems.push(bad(format!(
                "原联系单没有发给 {from} 或 {to} 的行，无法确定被替代的收单部门"
            )));
            continue;
        }
        if matched.iter().any(|&o| rows[o].replaces.is_some()) {
            problems.push(bad("被替代的也是一张反联络单；请替代最初的联系单编号".into()));
            continue;
        }
        for o in matched {
            amendments.push(Amendment {
                counter_row: i,
                original_row: o,
            });
        }
    }
    (amendments, problems)
}

/// The counter-slip in force for an original row on a day: the latest one issued on or before it.
pub(super) fn counter_in_force<'r>(
    rows: &'r [SlipRow],
    amendments: &[Amendment],
    original: usize,
    day: NaiveDate,
) -> Option<(usize, &'r SlipRow)> {
    amendments
        .iter()
        .filter(|a| a.original_row == original && rows[a.counter_row].issue_date <= day)
        .map(|a| (a.counter_row, &rows[a.counter_row]))
        .max_by_key(|(i, r)| (r.issue_date, *i))
}

/// What decides a row's figures and status on a day: its completion and the due
/// date in force, which a counter-slip may have moved.
pub(super) struct RowFacts<'r> {
    /// The register row.
    pub(super) row: &'r SlipRow,
    /// Completion date (own, or the counter-slip's in force) and the due date in force, at `at`.
    pub(super) completion: Option<NaiveDate>,
    /// The agreed date in force on the day the work ended (or on `at` if still open).
    pub(super) due: NaiveDate,
    /// The counter-slip that set `due`, if any.
    pub(super) counter: Option<&'r SlipRow>,
}

/// A row's facts on day `at`, counter-slips issued by then taken into account.
pub(super) fn facts_at<'r>(
    rows: &'r [SlipRow],
    amendments: &[Amendment],
    index: usize,
    at: NaiveDate,
) -> RowFacts<'r> {
    let row = &rows[index];
    let counter_now = counter_in_force(rows, amendments, index, at).map(|(_, r)| r);
    let completion = row
        .completed_date
        .or_else(|| counter_now.and_then(|c| c.completed_date))
        .filter(|c| *c <= at);
    // The agreed date is the one in force on the day the work ended (or on `at` if still open).
    let end = completion.unwrap_or(at);
    let counter = counter_in_force(rows, amendments, index, end);
    let due = counter.map(|(_, c)| c.due_date).unwrap_or(row.due_date);
    RowFacts {
        row,
        completion,
        due,
        counter: counter.map(|(_, c)| c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::slips::{evaluate, ChargeKind};
    use crate::rules::testkit::{charges_of, date, done, period, signed, slip, slip_rules};

    #[test]
    fn counter_slip_moves_the_due_date() {
        // Original: issued 11-02, signed 11-03 (1 − 1 = 0), due 11-10, completed 11-18.
        let original = done(
            signed(
                slip("KF-2026-014", "财务部", "2026-11-02", "2026-11-10", 2),
                "2026-11-03",
            ),
            "2026-11-18",
        );
        // Before any counter-slip: 11-18 − 11-10 = 8 days × 1 = 8 points.
        let before = evaluate(std::slice::from_ref(&original), &slip_rules(), &period("2026-11"));
        assert_eq!(
            charges_of(&before, "KF-2026-014", ChargeKind::LateCompletion),
            vec![("财务部".into(), 8)]
        );

        // Counter-slip from 财务部 back to 客服部, issued 11-08, new due date 11-20.
        let mut counter = signed(
            slip("KF-2026-016", "客服部", "2026-11-08", "2026-11-20", 3),
            "2026-11-08",
        );
        counter.from_dept = "财务部".into();
        counter.replaces = Some("KF-2026-014".into());
        let rows = vec![original.clone(), counter.clone()];
        let after = evaluate(&rows, &slip_rules(), &period("2026-11"));
        // Completed 11-18 before the new due date 11-20: 0 points; the counter-slip row is not charged.
        assert!(after.charges.is_empty(), "{:?}", after.charges);
        assert_eq!(
            after.amendments,
            vec![Amendment {
                counter_row: 1,
                original_row: 0
            }]
        );
        assert_eq!(after.rows[0].status.label(), "已完成（按期）");
        assert_eq!(after.rows[0].replaced_by.as_deref(), Some("KF-2026-016"));
        assert_eq!(after.rows[1].replaces.as_deref(), Some("KF-2026-014"));

        // Completed 11-25 instead: 25 − 20 = 5 days × 1 = 5, charged to the original's receiver.
        let mut late = original.clone();
        late.completed_date = Some(date("2026-11-25"));
        let after = evaluate(&[late, counter.clone()], &slip_rules(), &period("2026-11"));
        assert_eq!(
            charges_of(&after, "KF-2026-014", ChargeKind::LateCompletion),
            vec![("财务部".into(), 5)]
        );
        assert_eq!(
            charges_of(&after, "KF-2026-016", ChargeKind::LateCompletion),
            vec![]
        );
        assert!(after.charges[0]
            .basis
            .starts_with("要求完成日期经反联络单 KF-2026-016（2026-11-08 发出）改为 2026-11-20"));

        // Still open on 11-30 with the counter-slip in force: status 已被替代, 30 − 20 = 10 days overdue.
        let mut open = original.clone();
        open.completed_date = None;
        let after = evaluate(
            &[open.clone(), counter.clone()],
            &slip_rules(),
            &period("2026-11"),
        );
        assert_eq!(after.rows[0].status.label(), "已被替代");
        assert_eq!(after.rows[0].days_overdue, 10);
        assert_eq!(
            charges_of(&after, "KF-2026-014", ChargeKind::LateCompletion),
            vec![("财务部".into(), 10)]
        );

        // A counter-slip issued after the work ended does not reach back: completed 11-18,
        // counter issued 11-19 → the original due 11-10 applies: 8 points.
        let mut after_the_fact = counter;
        after_the_fact.issue_date = date("2026-11-19");
        after_the_fact.signed_date = Some(date("2026-11-19"));
        let f = evaluate(&[original, after_the_fact], &slip_rules(), &period("2026-11"));
        assert_eq!(
            charges_of(&f, "KF-2026-014", ChargeKind::LateCompletion),
            vec![("财务部".into(), 8)]
        );
    }

    #[test]
    fn counter_slip_naming_an_unknown_slip_is_reported() {
        let mut c = slip("KF-2026-001", "财务部", "2026-11-02", "2026-11-10", 2);
        c.replaces = Some("KF-2026-099".into());
        let f = evaluate(&[c], &slip_rules(), &period("2026-11"));
        assert_eq!(f.numbering.len(), 1);
        assert_eq!(f.numbering[0].rule(), crate::rules::catalog::Rule::Slip4);
        assert_eq!(
            f.numbering[0].describe(),
            "反联络单 KF-2026-001 的替代编号 KF-2026-099：登记表中没有这个编号"
        );
    }
}
