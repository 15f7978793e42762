//! Numbering checks (SLIP-2): malformed, duplicated and missing numbers, a year
//! part that disagrees with the issue date, and the next free number for `slip new`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::grouping::{group_rows, DuplicateReason, Grouping, NumberedRow};
use crate::model::{NumberPattern, SlipNumber};
use crate::rules::catalog::Rule;

/// A problem with the register's numbers (SLIP-2) or a counter-slip's link (SLIP-4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberingProblem {
    /// The number does not follow the pattern.
    Malformed {
        /// The number as written.
        number: String,
        /// Where.
        place: String,
        /// The configured pattern.
        pattern: String,
    },
    /// The number is used by another slip.
    Duplicate {
        /// The number.
        number: String,
        /// The repeating row.
        place: String,
        /// The first row using the number.
        first_place: String,
        /// Why the row is not part of that slip.
        reason: DuplicateReason,
    },
    /// Numbers missing from a year's sequence.
    Gap {
        /// The year.
        year: i32,
        /// The first missing number.
        first: String,
        /// The last missing number (the same as `first` for one).
        last: String,
        /// How many are missing.
        count: u32,
    },
    /// The year in the number is not the year of the issue date.
    YearMismatch {
        /// The number.
        number: String,
        /// Where.
        place: String,
        /// The issue date.
        issue_date: NaiveDate,
    },
    /// A counter-slip names an original that is not in the register, or cannot be matched to a receiver.
    BadCounterLink {
        /// The counter-slip's number.
        number: String,
        /// The 替代编号 it names.
        replaces: String,
        /// Where.
        place: String,
        /// What is wrong, in words.
        why: String,
    },
}

impl NumberingProblem {
    /// The rule it breaks: SLIP-4 for a counter-slip link, else SLIP-2.
    pub fn rule(&self) -> Rule {
        match self {
            NumberingProblem::BadCounterLink { .. } => Rule::Slip4,
            _ => Rule::Slip2,
        }
    }

    /// A short name of the kind: 格式错误, 重复, 缺号, 年份不符, 替代编号无效.
    pub fn kind(&self) -> &'static str {
        match self {
            NumberingProblem::Malformed { .. } => "格式错误",
            NumberingProblem::Duplicate { .. } => "重复编号",
            NumberingProblem::Gap { .. } => "缺号",
            NumberingProblem::YearMismatch { .. } => "年份不符",
            NumberingProblem::BadCounterLink { .. } => "替代编号无效",
        }
    }

    /// The number concerned (the first missing one for a gap).
    pub fn number(&self) -> &str {
        match self {
            NumberingProblem::Malformed { number, .. }
            | NumberingProblem::Duplicate { number, .. }
            | NumberingProblem::YearMismatch { number, .. }
            | NumberingProblem::BadCounterLink { number, .. } => number,
            NumberingProblem::Gap { first, .. } => first,
        }
    }

    /// Where it is (empty for a gap, which is nowhere).
    pub fn place(&self) -> &str {
        match self {
            NumberingProblem::Malformed { place, .. }
            | NumberingProblem::Duplicate { place, .. }
            | NumberingProblem::YearMismatch { place, .. }
            | NumberingProblem::BadCounterLink { place, .. } => place,
            NumberingProblem::Gap { .. } => "",
        }
    }

    /// Whether it makes the next free number ambiguous (`slip new` refuses).
    pub fn blocks_next_number(&self) -> bool {
        matches!(
            self,
            NumberingProblem::Malformed { .. } | NumberingProblem::Duplicate { .. }
        )
    }

    /// The problem in words.
    pub fn describe(&self) -> String {
        match self {
            NumberingProblem::Malformed { number, pattern, .. } => {
                if number.trim().is_empty() {
                    format!("编号为空（应为 {pattern} 格式）")
                } else {
                    format!("编号 \"{number}\" 不符合 {pattern} 格式")
                }
            }
            NumberingProblem::Duplicate {
                number,
                first_place,
                reason,
                ..
            } => format!(
                "编号 {number} 与 {first_place} 重复（{}），该行未计分，请更正登记表",
                reason.label()
            ),
            NumberingProblem::Gap {
                year,
                first,
                last,
                count,
            } => {
                if count == &1 {
                    format!("{year} 年编号缺 {first}")
                } else {
                    format!("{year} 年编号缺 {first} 至 {last}（{count} 个）")
                }
            }
            NumberingProblem::YearMismatch {
                number, issue_date, ..
            } => format!(
                "编号 {number} 的年份与发单日期 {} 不符（应为 {} 年）",
                issue_date.format("%Y-%m-%d"),
                issue_date.year()
            ),
            NumberingProblem::BadCounterLink {
                number,
                replaces,
                why,
                ..
            } => format!("反联络单 {number} 的替代编号 {replaces}：{why}"),
        }
    }
}

/// Every numbering problem of the register: malformed numbers, duplicates, gaps
/// in a year's sequence (from 1 to the highest number used), and a year part
/// that disagrees with the issue date.
pub fn check_numbers(
    rows: &[NumberedRow],
    grouping: &Grouping,
    pattern: &NumberPattern,
) -> Vec<NumberingProblem> {
    let mut out = Vec::new();
    let mut used: BTreeMap<i32, BTreeSet<u32>> = BTreeMap::new();
    for group in &grouping.slips {
        let head = &rows[group.rows[0]];
        match pattern.read(&group.number) {
            None => out.push(NumberingProblem::Malformed {
                number: group.number.clone(),
                place: head.place.clone(),
                pattern: pattern.as_str().to_string(),
            }),
            Some(n) => {
                used.entry(n.year).or_default().insert(n.seq);
                if let Some(d) = head.issue_date {
                    if d.year() != n.year {
                        out.push(NumberingProblem::YearMismatch {
                            number: group.number.clone(),
                            place: head.place.clone(),
                            issue_date: d,
                        });
                    }
                }
            }
        }
    }
    for d in &grouping.duplicates {
        out.push(NumberingProblem::Duplicate {
            number: rows[d.row].number.trim().to_string(),
            place: rows[d.row].place.clone(),
            first_place: rows[d.first_row].place.clone(),
            reason: d.reason,
        });
    }
    for (year, seqs) in &used {
        let max = seqs.iter().next_back().copied().unwrap_or(0);
        let mut run: Option<(u32, u32)> = None;
        let flush = |run: Option<(u32, u32)>, out: &mut Vec<NumberingProblem>| {
            if let Some((a, b)) = run {
                let name = |s| {
                    pattern
                        .format(SlipNumber { year: *year, seq: s })
                        .unwrap_or_else(|| format!("{year}-{s}"))
                };
                out.push(NumberingProblem::Gap {
                    year: *year,
                    first: name(a),
                    last: name(b),
                    count: b - a + 1,
                });
            }
        };
        for s in 1..=max {
            if seqs.contains(&s) {
                flush(run.take(), &mut out);
            } else {
                run = Some(match run {
                    Some((a, _)) => (a, s),
                    None => (s, s),
                });
            }
        }
        flush(run.take(), &mut out);
    }
    out
}

/// Why `slip new` cannot pick a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextNumberError {
    /// The register has problems that make the next number ambiguous.
    Ambiguous(Vec<NumberingProblem>),
    /// The year's sequence has no digits left.
    Exhausted {
        /// The year.
        year: i32,
        /// The pattern.
        pattern: String,
    },
}

impl NextNumberError {
    /// Why, as a message: for an ambiguous register, the refusal and one line per
    /// problem (each line ended).
    pub fn message(&self) -> crate::i18n::Text {
        match self {
            NextNumberError::Ambiguous(problems) => problems.iter().fold(
                crate::msg!("rules.numbering_ambiguous", count = problems.len()),
                |before, p| {
                    crate::msg!(
                        "rules.numbering_problem",
                        before = before,
                        place = p.place(),
                        what = p.describe(),
                        rule = p.rule().to_string()
                    )
                },
            ),
            NextNumberError::Exhausted { year, pattern } => {
                crate::msg!("rules.number_exhausted", year = *year, pattern = pattern)
            }
        }
    }
}

impl std::fmt::Display for NextNumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

/// The next free number for a year: one more than the highest number of that
/// year in the register (gaps are not reused), `…-001` for a year's first slip.
/// Refuses when any number is malformed or duplicated.
pub fn next_number(
    rows: &[NumberedRow],
    pattern: &NumberPattern,
    year: i32,
) -> Result<String, NextNumberError> {
    let grouping = group_rows(rows);
    let blocking: Vec<NumberingProblem> = check_numbers(rows, &grouping, pattern)
        .into_iter()
        .filter(NumberingProblem::blocks_next_number)
        .collect();
    if !blocking.is_empty() {
        return Err(NextNumberError::Ambiguous(blocking));
    }
    let max = grouping
        .slips
        .iter()
        .filter_map(|g| pattern.read(&g.number))
        .filter(|n| n.year == year)
        .map(|n| n.seq)
        .max()
        .unwrap_or(0);
    pattern
        .format(SlipNumber { year, seq: max + 1 })
        .ok_or_else(|| NextNumberError::Exhausted {
            year,
            pattern: pattern.as_str().to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::slips::{evaluate, SlipStatus};
    use crate::rules::testkit::{date, period, slip, slip_rules};

    #[test]
    fn duplicates_and_gaps_are_reported() {
        let rows = vec![
            slip("KF-2026-001", "财务部", "2026-11-02", "2026-11-10", 2),
            // Same number, issue date and issuer, another receiver: the same slip.
            slip("KF-2026-001", "行政部", "2026-11-02", "2026-11-10", 3),
            // Same number, another issue date: a duplicate.
            slip("KF-2026-001", "财务部", "2026-11-05", "2026-11-10", 4),
            // Same receiver again: a duplicate.
            slip("KF-2026-001", "行政部", "2026-11-02", "2026-11-12", 5),
            slip("KF-2026-002", "财务部", "2026-11-03", "2026-11-10", 6),
            // 003 and 004 missing; 005 present; 006 missing; 007 present.
            slip("KF-2026-005", "财务部", "2026-11-04", "2026-11-10", 7),
            slip("KF-2026-007", "财务部", "2026-11-06", "2026-11-10", 8),
            slip("KF2026-008", "财务部", "2026-11-06", "2026-11-10", 9),
            // Year part 2025 on a slip issued in 2026.
            slip("KF-2025-001", "财务部", "2026-11-06", "2026-11-10", 10),
        ];
        let f = evaluate(&rows, &slip_rules(), &period("2026-11"));
        assert_eq!(f.grouping.slips[0].rows, vec![0, 1]);
        let found: Vec<(&str, String)> = f.numbering.iter().map(|p| (p.kind(), p.describe())).collect();
        assert_eq!(
            found,
            vec![
                ("格式错误", "编号 \"KF2026-008\" 不符合 KF-YYYY-NNN 格式".to_string()),
                ("年份不符", "编号 KF-2025-001 的年份与发单日期 2026-11-06 不符（应为 2026 年）".to_string()),
                (
                    "重复编号",
                    "编号 KF-2026-001 与 inputs/slips.xlsx › 登记!2 重复（发单日期不同），该行未计分，请更正登记表"
                        .to_string()
                ),
                (
                    "重复编号",
                    "编号 KF-2026-001 与 inputs/slips.xlsx › 登记!2 重复（收单部门重复），该行未计分，请更正登记表"
                        .to_string()
                ),
                ("缺号", "2026 年编号缺 KF-2026-003 至 KF-2026-004（2 个）".to_string()),
                ("缺号", "2026 年编号缺 KF-2026-006".to_string()),
            ]
        );
        // Duplicates stay on record with their status, but are never charged.
        let dup = f.rows.iter().find(|r| r.row == 2).expect("duplicate row kept");
        assert!(dup.duplicate);
        assert_eq!(dup.status, SlipStatus::Unsigned);
        assert!(f.charges.iter().all(|c| c.row != 2 && c.row != 3));
    }

    fn numbered(number: &str, issued: &str, to: &str) -> NumberedRow {
        NumberedRow {
            number: number.into(),
            issue_date: Some(date(issued)),
            from_dept: "客服部".into(),
            to_dept: to.into(),
            place: format!("登记!{number}"),
        }
    }

    #[test]
    fn next_number_rolls_over_and_refuses_ambiguity() {
        let p = NumberPattern::parse("KF-YYYY-NNN").expect("pattern");
        // Empty register: the year's first number.
        assert_eq!(next_number(&[], &p, 2026).as_deref(), Ok("KF-2026-001"));
        // Last number 013 (a gap at 012 is not reused): 13 + 1 = 014.
        let rows = vec![
            numbered("KF-2026-011", "2026-11-20", "财务部"),
            numbered("KF-2026-013", "2026-11-25", "财务部"),
            numbered("KF-2026-013", "2026-11-25", "行政部"),
        ];
        assert_eq!(next_number(&rows, &p, 2026).as_deref(), Ok("KF-2026-014"));
        // Year rollover: 2027 has no number yet, so the first is 001.
        assert_eq!(next_number(&rows, &p, 2027).as_deref(), Ok("KF-2027-001"));
        // A duplicate makes the number ambiguous.
        let mut dup = rows.clone();
        dup.push(numbered("KF-2026-013", "2026-11-26", "人事部"));
        match next_number(&dup, &p, 2026) {
            Err(NextNumberError::Ambiguous(problems)) => {
                assert_eq!(problems.len(), 1);
                assert_eq!(problems[0].kind(), "重复编号");
                assert_eq!(problems[0].place(), "登记!KF-2026-013");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        // So does a malformed one.
        let mut bad = rows;
        bad.push(numbered("KF-2026-14", "2026-11-26", "人事部"));
        assert!(matches!(
            next_number(&bad, &p, 2026),
            Err(NextNumberError::Ambiguous(_))
        ));
    }
}
