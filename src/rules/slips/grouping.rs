//! Grouping register rows into slips: one slip is the rows (one per receiving
//! department) sharing a number, an issue date and an issuer; the rest are duplicates.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::SlipRow;

/// The fields numbering and grouping look at, from a register row or from raw cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedRow {
    /// 编号 as written.
    pub number: String,
    /// 发单日期, if readable.
    pub issue_date: Option<NaiveDate>,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门.
    pub to_dept: String,
    /// Where the row is, e.g. `inputs/slips.xlsx › 登记!A7`.
    pub place: String,
}

impl NumberedRow {
    /// The numbering view of a register row.
    pub fn of(row: &SlipRow) -> NumberedRow {
        NumberedRow {
            number: row.number.trim().to_string(),
            issue_date: Some(row.issue_date),
            from_dept: row.from_dept.trim().to_string(),
            to_dept: row.to_dept.trim().to_string(),
            place: row.source.locate("编号"),
        }
    }
}

/// Why a row sharing a number with an earlier row is not part of that slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DuplicateReason {
    /// Another 发单日期.
    IssueDate,
    /// Another 发单部门.
    IssuingDept,
    /// The same 收单部门 again.
    Receiver,
}

impl DuplicateReason {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            DuplicateReason::IssueDate => "发单日期不同",
            DuplicateReason::IssuingDept => "发单部门不同",
            DuplicateReason::Receiver => "收单部门重复",
        }
    }
}

/// One slip: the rows (one per receiving department) sharing a number, issue date and issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipGroup {
    /// 编号.
    pub number: String,
    /// Indexes of its rows in the register, in register order.
    pub rows: Vec<usize>,
}

/// A row that repeats a number without belonging to the slip that first used it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateRow {
    /// The repeating row.
    pub row: usize,
    /// The first row of the slip that owns the number.
    pub first_row: usize,
    /// Why it is not part of that slip.
    pub reason: DuplicateReason,
}

/// Register rows grouped into slips, and the rows that are duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Grouping {
    /// Slips in order of first appearance.
    pub slips: Vec<SlipGroup>,
    /// Rows left out of every slip because their number is already taken.
    pub duplicates: Vec<DuplicateRow>,
}

impl Grouping {
    /// The duplicate record of a row, if it is one.
    pub fn duplicate(&self, row: usize) -> Option<&DuplicateRow> {
        self.duplicates.iter().find(|d| d.row == row)
    }
}

/// Group rows: same number + issue date + issuing department = one slip; a row
/// that differs in issue date or issuer, or repeats a receiver, is a duplicate.
/// A row without a number is a slip of its own (and a malformed number).
pub fn group_rows(rows: &[NumberedRow]) -> Grouping {
    let mut out = Grouping::default();
    let mut by_number: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let number = row.number.trim();
        let existing = if number.is_empty() {
            None
        } else {
            by_number.get(number).copied()
        };
        let Some(g) = existing else {
            if !number.is_empty() {
                by_number.insert(number, out.slips.len());
            }
            out.slips.push(SlipGroup {
                number: number.to_string(),
                rows: vec![i],
            });
            continue;
        };
        let group = &mut out.slips[g];
        let first = group.rows[0];
        let head = &rows[first];
        let reason = if head.issue_date != row.issue_date {
            Some(DuplicateReason::IssueDate)
        } else if head.from_dept.trim() != row.from_dept.trim() {
            Some(DuplicateReason::IssuingDept)
        } else if group
            .rows
            .iter()
            .any(|r| rows[*r].to_dept.trim() == row.to_dept.trim())
        {
            Some(DuplicateReason::Receiver)
        } else {
            None
        };
        match reason {
            Some(reason) => out.duplicates.push(DuplicateRow {
                row: i,
                first_row: first,
                reason,
            }),
            None => group.rows.push(i),
        }
    }
    out
}
