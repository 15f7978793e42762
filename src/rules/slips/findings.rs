//! Evaluating the register for one period: every slip rule applied in turn,
//! gathered into one [`SlipFindings`].

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::config::SlipRules;
use crate::model::Period;
use crate::model::{NumberPattern, SlipRow};

use super::approval::{check_signatures, SignatureProblem};
use super::counter::{facts_at, link_counter_slips, Amendment};
use super::grouping::{group_rows, DuplicateRow, Grouping, NumberedRow, SlipGroup};
use super::numbering::{check_numbers, NumberingProblem};
use super::points::{PeriodRegister, PointCharge};
use super::status::{row_state, RowState};

/// Everything the slip rules find for one period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipFindings {
    /// Rows issued on or before the period's end, in register order.
    pub rows: Vec<RowState>,
    /// Slips issued on or before the period's end.
    pub grouping: Grouping,
    /// Counter-slip links.
    pub amendments: Vec<Amendment>,
    /// Every charge of the period, by slip then row then kind.
    pub charges: Vec<PointCharge>,
    /// Slips missing signatures.
    pub signatures: Vec<SignatureProblem>,
    /// Numbering and counter-slip link problems.
    pub numbering: Vec<NumberingProblem>,
}

/// Evaluate the register for a period: group, check numbers and signatures,
/// link counter-slips, charge the period's points and state each row's status
/// on the period's last day.
///
/// A slip open across months is charged in each period only what the period
/// adds: the figure at this period's last day minus the figure at the previous
/// period's last day (never below 0).
pub fn evaluate(rows: &[SlipRow], rules: &SlipRules, period: &Period) -> SlipFindings {
    let at = period.end;
    let (grouping, mut numbering) = group_issued_by(rows, at, &rules.number_pattern);
    let (amendments, link_problems) = link_counter_slips(rows, &grouping);
    numbering.extend(link_problems);

    let signatures: Vec<SignatureProblem> = grouping
        .slips
        .iter()
        .filter_map(|g| check_signatures(rows, g))
        .collect();

    let register = PeriodRegister {
        rows,
        amendments: &amendments,
        rules,
        at,
        prev_end: period.previous().end,
    };
    let mut charges = Vec::new();
    let mut points: BTreeMap<usize, u32> = BTreeMap::new();
    for group in &grouping.slips {
        charges.extend(register.issuer_shirk(group));
        for &i in &group.rows {
            let now = facts_at(rows, &amendments, i, at);
            let (row_charges, row_points) = register.row_charges(&group.number, i, &now);
            charges.extend(row_charges);
            points.insert(i, row_points);
        }
    }
    let mut states = states_of(rows, &grouping, &amendments, at);
    for s in &mut states {
        s.points = points.get(&s.row).copied().unwrap_or(0);
    }
    charges.sort_by(|a, b| (&a.number, a.row, a.kind).cmp(&(&b.number, b.row, b.kind)));

    SlipFindings {
        rows: states,
        grouping,
        amendments,
        charges,
        signatures,
        numbering,
    }
}

/// Every register row issued by `at`, as it stands that day: its status, the
/// agreed date in force (a counter-slip's once issued, SLIP-4) and the days
/// overdue, in register order. Every report that states a slip's status reads
/// it from here (the month-end report through [`evaluate`], the operations
/// reports' open slips directly).
pub fn row_states(rows: &[SlipRow], pattern: &NumberPattern, at: NaiveDate) -> Vec<RowState> {
    let (grouping, _) = group_issued_by(rows, at, pattern);
    let (amendments, _) = link_counter_slips(rows, &grouping);
    states_of(rows, &grouping, &amendments, at)
}

/// The state of every grouped row (and every row duplicating a number) on `at`,
/// in register order, with no points.
fn states_of(
    rows: &[SlipRow],
    grouping: &Grouping,
    amendments: &[Amendment],
    at: NaiveDate,
) -> Vec<RowState> {
    let mut states = Vec::new();
    for group in &grouping.slips {
        for &i in &group.rows {
            let now = facts_at(rows, amendments, i, at);
            states.push(row_state(rows, amendments, i, &now, at, 0, false));
        }
    }
    for d in &grouping.duplicates {
        let now = facts_at(rows, amendments, d.row, at);
        states.push(row_state(rows, amendments, d.row, &now, at, 0, true));
    }
    states.sort_by_key(|s| s.row);
    states
}

/// Group the rows issued by `at` (only those exist for the period; indexes stay
/// the register's) and check their numbers against the pattern.
fn group_issued_by(
    rows: &[SlipRow],
    at: NaiveDate,
    pattern: &NumberPattern,
) -> (Grouping, Vec<NumberingProblem>) {
    let in_scope: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].issue_date <= at).collect();
    let numbered: Vec<NumberedRow> = in_scope.iter().map(|&i| NumberedRow::of(&rows[i])).collect();
    let local = group_rows(&numbered);
    let grouping = Grouping {
        slips: local
            .slips
            .iter()
            .map(|g| SlipGroup {
                number: g.number.clone(),
                rows: g.rows.iter().map(|&r| in_scope[r]).collect(),
            })
            .collect(),
        duplicates: local
            .duplicates
            .iter()
            .map(|d| DuplicateRow {
                row: in_scope[d.row],
                first_row: in_scope[d.first_row],
                reason: d.reason,
            })
            .collect(),
    };
    let numbering = check_numbers(&numbered, &local, pattern);
    (grouping, numbering)
}
