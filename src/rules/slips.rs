//! Work-contact slips (工作联系单): grouping register rows into slips, approval
//! chains (SLIP-1), numbering (SLIP-2), 部门协作 points (SLIP-3), counter-slips
//! (SLIP-4) and the status every slip has at a period's end (SLIP-5).
//!
//! Pure functions: no I/O, no clock. The period comes from the caller.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use crate::config::SlipRules;
use crate::model::{SlipClass, SlipNature, SlipRow, Source};
use crate::reports::Period;

/// Handbook source of SLIP-1 (approval chain by class).
pub const CLAUSE_APPROVAL: &str = "工作联系单管理办法 四.2";
/// Handbook source of the audit head's signature on a chase slip (事件跟催).
pub const CLAUSE_CHASE_AUDIT: &str = "内部联络管理制度 五.2.B";
/// Handbook source of SLIP-2 (numbering).
pub const CLAUSE_NUMBERING: &str = "工作联系单管理制度 四.(七)";
/// Handbook source of the sign-delay charge (SLIP-3).
pub const CLAUSE_SIGN_DELAY: &str = "内部联络管理制度 六.2";
/// Handbook source of the late-completion charge (SLIP-3).
pub const CLAUSE_LATE_COMPLETION: &str = "内部联络管理制度 六.3";
/// Handbook source of the no-inquiry charge (SLIP-3).
pub const CLAUSE_NO_INQUIRY: &str = "内部联络管理制度 六.1";
/// Handbook source of the issuer-shirked charge (SLIP-3).
pub const CLAUSE_ISSUER_SHIRK: &str = "内部联络管理制度 六.4";
/// Handbook source of SLIP-4 (counter-slips).
pub const CLAUSE_COUNTER_SLIP: &str = "联络单管理制度 3.3";
/// Handbook source of SLIP-5 (month-end list for 总经办).
pub const CLAUSE_MONTH_END: &str = "联络单管理制度 4.3";

// ---------------------------------------------------------------------------
// SLIP-2: the number pattern
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternPart {
    Literal(String),
    Year,
    Seq(usize),
}

/// A slip number pattern such as `KF-YYYY-NNN`: literal text, `YYYY` for the
/// year and a run of `N` for the zero-padded sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberPattern {
    text: String,
    parts: Vec<PatternPart>,
}

/// The year and sequence of a well-formed slip number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SlipNumber {
    /// The `YYYY` part.
    pub year: i32,
    /// The `N…` part.
    pub seq: u32,
}

impl NumberPattern {
    /// Parse a pattern; it must hold `YYYY` once and one run of `N`.
    pub fn parse(pattern: &str) -> Result<NumberPattern, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let (mut years, mut seqs) = (0, 0);
        while i < chars.len() {
            if chars[i..].starts_with(&['Y', 'Y', 'Y', 'Y']) {
                if !literal.is_empty() {
                    parts.push(PatternPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PatternPart::Year);
                years += 1;
                i += 4;
            } else if chars[i] == 'N' {
                if !literal.is_empty() {
                    parts.push(PatternPart::Literal(std::mem::take(&mut literal)));
                }
                let run = chars[i..].iter().take_while(|c| **c == 'N').count();
                parts.push(PatternPart::Seq(run));
                seqs += 1;
                i += run;
            } else {
                literal.push(chars[i]);
                i += 1;
            }
        }
        if !literal.is_empty() {
            parts.push(PatternPart::Literal(literal));
        }
        if years != 1 || seqs != 1 {
            return Err(format!(
                "number pattern \"{pattern}\" must contain YYYY once and one run of N (e.g. KF-YYYY-NNN)"
            ));
        }
        Ok(NumberPattern {
            text: pattern.to_string(),
            parts,
        })
    }

    /// The pattern as configured, e.g. `KF-YYYY-NNN`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Read a number written in this pattern (surrounding blanks ignored).
    pub fn read(&self, number: &str) -> Option<SlipNumber> {
        let mut rest = number.trim();
        let (mut year, mut seq) = (None, None);
        for part in &self.parts {
            match part {
                PatternPart::Literal(l) => rest = rest.strip_prefix(l.as_str())?,
                PatternPart::Year => {
                    let digits = rest.get(..4)?;
                    if !digits.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    year = Some(digits.parse().ok()?);
                    rest = &rest[4..];
                }
                PatternPart::Seq(n) => {
                    let digits = rest.get(..*n)?;
                    if !digits.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    seq = Some(digits.parse().ok()?);
                    rest = &rest[*n..];
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some(SlipNumber {
            year: year?,
            seq: seq?,
        })
    }

    /// Write a number in this pattern; `None` when the sequence does not fit its digits.
    pub fn format(&self, number: SlipNumber) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                PatternPart::Literal(l) => out.push_str(l),
                PatternPart::Year => out.push_str(&format!("{:04}", number.year)),
                PatternPart::Seq(n) => {
                    let s = format!("{:0width$}", number.seq, width = *n);
                    if s.len() > *n {
                        return None;
                    }
                    out.push_str(&s);
                }
            }
        }
        Some(out)
    }
}

// ---------------------------------------------------------------------------
// Grouping rows into slips
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// SLIP-2: numbering problems
// ---------------------------------------------------------------------------

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
    /// The clause id.
    pub fn rule(&self) -> &'static str {
        match self {
            NumberingProblem::BadCounterLink { .. } => "SLIP-4",
            _ => "SLIP-2",
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

impl std::fmt::Display for NextNumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NextNumberError::Ambiguous(problems) => {
                writeln!(
                    f,
                    "the slip register has {} numbering problem(s) that make the next number ambiguous; fix them first:",
                    problems.len()
                )?;
                for p in problems {
                    writeln!(f, "  {}: {} [{}]", p.place(), p.describe(), p.rule())?;
                }
                Ok(())
            }
            NextNumberError::Exhausted { year, pattern } => write!(
                f,
                "no number left for {year} in pattern {pattern}: the sequence digits are all used"
            ),
        }
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

// ---------------------------------------------------------------------------
// SLIP-1: approval chains
// ---------------------------------------------------------------------------

/// A signer on the approval chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Signer {
    /// 起草人.
    Drafter,
    /// 部门经理.
    DeptManager,
    /// 分管领导.
    DivisionLeader,
    /// 主管领导.
    ChiefLeader,
    /// 审计监察部负责人.
    AuditHead,
}

impl Signer {
    /// The register column.
    pub fn column(self) -> &'static str {
        match self {
            Signer::Drafter => "起草人",
            Signer::DeptManager => "部门经理",
            Signer::DivisionLeader => "分管领导",
            Signer::ChiefLeader => "主管领导",
            Signer::AuditHead => "审计负责人",
        }
    }

    /// The name recorded for this signer on a row, if any.
    pub fn name_on(self, row: &SlipRow) -> Option<&str> {
        let v = match self {
            Signer::Drafter => &row.drafter,
            Signer::DeptManager => &row.dept_manager,
            Signer::DivisionLeader => &row.division_leader,
            Signer::ChiefLeader => &row.chief_leader,
            Signer::AuditHead => &row.audit_head,
        };
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// One step of an approval chain: who signs and what the signature means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ApprovalStep {
    /// Who signs.
    pub signer: Signer,
    /// The box label on the form, e.g. `部门经理复核`.
    pub label: &'static str,
    /// The handbook clause requiring it.
    pub clause: &'static str,
}

/// The approval chain a slip needs (SLIP-1): by class, plus the audit head on a chase slip.
pub fn approval_chain(class: SlipClass, nature: Option<SlipNature>) -> Vec<ApprovalStep> {
    let step = |signer, label| ApprovalStep {
        signer,
        label,
        clause: CLAUSE_APPROVAL,
    };
    let mut chain = match class {
        SlipClass::A => vec![
            step(Signer::Drafter, "起草"),
            step(Signer::DeptManager, "部门经理复核"),
            step(Signer::DivisionLeader, "分管领导审核"),
            step(Signer::ChiefLeader, "主管领导审批签发"),
        ],
        SlipClass::B => vec![
            step(Signer::Drafter, "起草"),
            step(Signer::DeptManager, "部门经理复核"),
            step(Signer::DivisionLeader, "分管领导审批签发"),
        ],
        SlipClass::C => vec![
            step(Signer::Drafter, "起草"),
            step(Signer::DeptManager, "部门经理审核签发"),
        ],
    };
    if nature == Some(SlipNature::Chase) {
        chain.push(ApprovalStep {
            signer: Signer::AuditHead,
            label: "审计监察部负责人签字",
            clause: CLAUSE_CHASE_AUDIT,
        });
    }
    chain
}

/// A slip missing signatures its chain requires (SLIP-1: the slip is invalid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureProblem {
    /// 编号.
    pub number: String,
    /// 类别.
    pub class: SlipClass,
    /// 性质.
    pub nature: Option<SlipNature>,
    /// The missing steps, in chain order.
    pub missing: Vec<ApprovalStep>,
    /// Where the rows missing them are.
    pub places: Vec<String>,
}

impl SignatureProblem {
    /// In words, e.g. `B 类联系单缺 分管领导审批签发（分管领导）签字`.
    pub fn describe(&self) -> String {
        let names: Vec<String> = self
            .missing
            .iter()
            .map(|s| format!("{}（{}）", s.label, s.signer.column()))
            .collect();
        format!(
            "{:?} 类{}联系单缺 {} 签字，联系单无效",
            self.class,
            if self.nature == Some(SlipNature::Chase) {
                "事件跟催"
            } else {
                ""
            },
            names.join("、")
        )
    }
}

/// The slip's missing signatures, or `None` when its chain is complete on every row.
pub fn check_signatures(rows: &[SlipRow], group: &SlipGroup) -> Option<SignatureProblem> {
    let head = &rows[group.rows[0]];
    let chain = approval_chain(head.class, head.nature);
    let mut missing = Vec::new();
    let mut places = Vec::new();
    for step in &chain {
        let mut step_missing = false;
        for &r in &group.rows {
            if step.signer.name_on(&rows[r]).is_none() {
                step_missing = true;
                let place = rows[r].source.locate(step.signer.column());
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
        if step_missing {
            missing.push(*step);
        }
    }
    (!missing.is_empty()).then(|| SignatureProblem {
        number: group.number.clone(),
        class: head.class,
        nature: head.nature,
        missing,
        places,
    })
}

// ---------------------------------------------------------------------------
// SLIP-4: counter-slips
// ---------------------------------------------------------------------------

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
fn counter_in_force<'r>(
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

// ---------------------------------------------------------------------------
// SLIP-3: points, and the status at a period's end
// ---------------------------------------------------------------------------

/// What a charge is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum ChargeKind {
    /// Not signed within the allowance after issue.
    SignDelay,
    /// Completed (or still open) after the agreed date.
    LateCompletion,
    /// Days lost because the receiver did not ask (未沟通延误天数).
    NoInquiry,
    /// The issuer of a multi-department slip did not lead (发单方推诿).
    IssuerShirk,
}

impl ChargeKind {
    /// In words.
    pub fn label(self) -> &'static str {
        match self {
            ChargeKind::SignDelay => "签收延迟",
            ChargeKind::LateCompletion => "逾期完成",
            ChargeKind::NoInquiry => "未沟通延误",
            ChargeKind::IssuerShirk => "发单方推诿",
        }
    }

    /// The handbook clause.
    pub fn clause(self) -> &'static str {
        match self {
            ChargeKind::SignDelay => CLAUSE_SIGN_DELAY,
            ChargeKind::LateCompletion => CLAUSE_LATE_COMPLETION,
            ChargeKind::NoInquiry => CLAUSE_NO_INQUIRY,
            ChargeKind::IssuerShirk => CLAUSE_ISSUER_SHIRK,
        }
    }
}

/// One 部门协作 charge: a slip, a department, a rule, the points and the basis in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointCharge {
    /// The slip's number.
    pub number: String,
    /// The register row the charge comes from.
    pub row: usize,
    /// The department charged.
    pub dept: String,
    /// What for.
    pub kind: ChargeKind,
    /// Points lost in the period (positive; shown as −N).
    pub points: u32,
    /// How the points were reached, in words, with the dates and the arithmetic.
    pub basis: String,
    /// The register row.
    pub source: Source,
}

impl PointCharge {
    /// The clause id, always SLIP-3.
    pub fn rule(&self) -> &'static str {
        "SLIP-3"
    }
}

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

/// Cumulative figures of one row at a reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Figures {
    sign_days: i64,
    late_days: i64,
    no_inquiry_days: i64,
}

struct RowFacts<'r> {
    row: &'r SlipRow,
    /// Completion date (own, or the counter-slip's in force) and the due date in force, at `at`.
    completion: Option<NaiveDate>,
    due: NaiveDate,
    counter: Option<&'r SlipRow>,
}

fn facts_at<'r>(rows: &'r [SlipRow], amendments: &[Amendment], index: usize, at: NaiveDate) -> RowFacts<'r> {
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

fn figures_at(facts: &RowFacts<'_>, allowance: i64, at: NaiveDate) -> Figures {
    let row = facts.row;
    if row.issue_date > at {
        return Figures::default();
    }
    let signed = row.signed_date.filter(|d| *d <= at);
    let sign_end = signed.unwrap_or(at);
    let sign_days = ((sign_end - row.issue_date).num_days() - allowance).max(0);
    let late_days = if signed.is_some() {
        let end = facts.completion.unwrap_or(at);
        (end - facts.due).num_days().max(0)
    } else {
        0
    };
    Figures {
        sign_days,
        late_days,
        // A judgement is made when the work is verified: it counts once the row is complete.
        no_inquiry_days: if facts.completion.is_some() {
            i64::from(row.no_inquiry_days.unwrap_or(0))
        } else {
            0
        },
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The words after the month's figure when an earlier period already charged part of it.
fn previous_note(prev_points: i64, prev_end: NaiveDate, points: i64) -> String {
    if prev_points > 0 {
        format!(
            "；截至 {} 已计 {prev_points} 分，本期计 {points} − {prev_points} = {} 分",
            ymd(prev_end),
            points - prev_points
        )
    } else {
        String::new()
    }
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
    let prev_end = period.previous().end;
    let allowance = i64::from(rules.sign_allowance_days);
    let pattern = NumberPattern::parse(&rules.number_pattern);

    // Only rows issued by the period's end exist for it; indexes stay the register's.
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
    let mut numbering = match &pattern {
        Ok(p) => check_numbers(&numbered, &local, p),
        Err(_) => Vec::new(),
    };
    let (amendments, link_problems) = link_counter_slips(rows, &grouping);
    numbering.extend(link_problems);

    let signatures: Vec<SignatureProblem> = grouping
        .slips
        .iter()
        .filter_map(|g| check_signatures(rows, g))
        .collect();

    let mut charges = Vec::new();
    let mut states = Vec::new();
    for group in &grouping.slips {
        // 发单方推诿 is judged on the slip as a whole: charged once, in the period in
        // which its last receiver completes.
        let closing = |day: NaiveDate| -> Option<NaiveDate> {
            let mut last = None;
            for &r in &group.rows {
                let c = facts_at(rows, &amendments, r, day).completion?;
                last = last.max(Some(c));
            }
            last
        };
        let shirk_row = group
            .rows
            .iter()
            .copied()
            .find(|&r| rows[r].issuer_shirked == Some(true) && rows[r].replaces.is_none());
        if let (Some(r), Some(closed)) = (shirk_row, closing(at)) {
            if closing(prev_end).is_none() {
                let per = rules.issuer_shirk_points;
                if per > 0 {
                    charges.push(PointCharge {
                        number: group.number.clone(),
                        row: r,
                        dept: rows[r].from_dept.trim().to_string(),
                        kind: ChargeKind::IssuerShirk,
                        points: per,
                        basis: format!(
                            "{} 个收单部门的联系单，{} 全部完成；登记表记发单方推诿 = 是：发单部门扣 {per} 分（每单一次）",
                            group.rows.len(),
                            ymd(closed)
                        ),
                        source: rows[r].source.clone(),
                    });
                }
            }
        }
        for &i in &group.rows {
            let row = &rows[i];
            let is_counter = row.replaces.as_deref().is_some_and(|s| !s.trim().is_empty());
            let now = facts_at(rows, &amendments, i, at);
            let then = facts_at(rows, &amendments, i, prev_end);
            let fig = figures_at(&now, allowance, at);
            let old = figures_at(&then, allowance, prev_end);
            let mut row_points = 0u32;
            let mut push = |kind, points: i64, basis: String, dept: &str, charges: &mut Vec<PointCharge>| {
                if points > 0 {
                    let p = u32::try_from(points).unwrap_or(u32::MAX);
                    row_points = row_points.saturating_add(p);
                    charges.push(PointCharge {
                        number: group.number.clone(),
                        row: i,
                        dept: dept.to_string(),
                        kind,
                        points: p,
                        basis,
                        source: row.source.clone(),
                    });
                }
            };
            if !is_counter {
                // Sign delay.
                let per = i64::from(rules.sign_delay_points);
                let (total, before) = (fig.sign_days * per, old.sign_days * per);
                if total > before {
                    let signed = row.signed_date.filter(|d| *d <= at);
                    let raw = (signed.unwrap_or(at) - row.issue_date).num_days();
                    let when = match signed {
                        Some(d) => format!("签收 {}", ymd(d)),
                        None => format!("截至 {} 仍未签收", ymd(at)),
                    };
                    let basis = format!(
                        "发单 {}，{when}：{raw} 天 − 宽限 {allowance} 天 = {} 天 × {per} 分 = {total} 分{}",
                        ymd(row.issue_date),
                        fig.sign_days,
                        previous_note(before, prev_end, total)
                    );
                    push(
                        ChargeKind::SignDelay,
                        total - before,
                        basis,
                        row.to_dept.trim(),
                        &mut charges,
                    );
                }
                // Late completion.
                let per = i64::from(rules.late_completion_points);
                let (total, before) = (fig.late_days * per, old.late_days * per);
                if total > before {
                    let due_words = match now.counter {
                        Some(c) => format!(
                            "要求完成日期经反联络单 {}（{} 发出）改为 {}",
                            c.number.trim(),
                            ymd(c.issue_date),
                            ymd(now.due)
                        ),
                        None => format!("要求完成 {}", ymd(now.due)),
                    };
                    let end_words = match now.completion {
                        Some(c) => format!("完成 {}", ymd(c)),
                        None => format!("截至 {} 未完成", ymd(at)),
                    };
                    let basis = format!(
                        "{due_words}，{end_words}：逾期 {} 天 × {per} 分 = {total} 分{}",
                        fig.late_days,
                        previous_note(before, prev_end, total)
                    );
                    push(
                        ChargeKind::LateCompletion,
                        total - before,
                        basis,
                        row.to_dept.trim(),
                        &mut charges,
                    );
                }
                // 未沟通延误天数: charged in the period in which the row is completed.
                let per = i64::from(rules.no_inquiry_points);
                let (total, before) = (fig.no_inquiry_days * per, old.no_inquiry_days * per);
                if total > before {
                    let basis = format!(
                        "完成 {}，登记表记未沟通延误 {} 天 × {per} 分 = {total} 分",
                        now.completion.map(ymd).unwrap_or_default(),
                        fig.no_inquiry_days
                    );
                    push(
                        ChargeKind::NoInquiry,
                        total - before,
                        basis,
                        row.to_dept.trim(),
                        &mut charges,
                    );
                }
            }
            states.push(row_state(rows, &amendments, i, &now, at, row_points, false));
        }
    }
    for d in &grouping.duplicates {
        let now = facts_at(rows, &amendments, d.row, at);
        states.push(row_state(rows, &amendments, d.row, &now, at, 0, true));
    }
    states.sort_by_key(|s| s.row);
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

fn row_state(
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

/// Points lost per department in the period: department → total, charges in order.
pub fn points_by_department(charges: &[PointCharge]) -> BTreeMap<String, (u32, Vec<&PointCharge>)> {
    let mut out: BTreeMap<String, (u32, Vec<&PointCharge>)> = BTreeMap::new();
    for c in charges {
        let e = out.entry(c.dept.clone()).or_default();
        e.0 = e.0.saturating_add(c.points);
        e.1.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    fn month(text: &str) -> Period {
        Period::parse(text).expect("test period")
    }

    /// A fully signed class-C slip to one department, issued and due on the given days.
    fn slip(number: &str, to: &str, issued: &str, due: &str, line: u32) -> SlipRow {
        SlipRow {
            number: number.into(),
            class: SlipClass::C,
            nature: Some(SlipNature::Assistance),
            from_dept: "客服部".into(),
            to_dept: to.into(),
            subject: "测试".into(),
            requirement: None,
            issue_date: d(issued),
            due_date: d(due),
            signed_date: None,
            reply_date: None,
            completed_date: None,
            evaluation: None,
            replaces: None,
            drafter: Some("张三".into()),
            dept_manager: Some("李四".into()),
            division_leader: Some("王五".into()),
            chief_leader: Some("赵六".into()),
            audit_head: Some("钱七".into()),
            no_inquiry_days: None,
            issuer_shirked: None,
            source: Source::synthetic("inputs/slips.xlsx", "登记", line),
        }
    }

    fn signed(mut r: SlipRow, on: &str) -> SlipRow {
        r.signed_date = Some(d(on));
        r
    }

    fn done(mut r: SlipRow, on: &str) -> SlipRow {
        r.completed_date = Some(d(on));
        r
    }

    fn charges_of(f: &SlipFindings, number: &str, kind: ChargeKind) -> Vec<(String, u32)> {
        f.charges
            .iter()
            .filter(|c| c.number == number && c.kind == kind)
            .map(|c| (c.dept.clone(), c.points))
            .collect()
    }

    fn rules() -> SlipRules {
        SlipRules::default()
    }

    #[test]
    fn pattern_reads_and_writes_numbers() {
        let p = NumberPattern::parse("KF-YYYY-NNN").expect("pattern");
        assert_eq!(p.read("KF-2026-014"), Some(SlipNumber { year: 2026, seq: 14 }));
        assert_eq!(p.read(" KF-2026-014 "), Some(SlipNumber { year: 2026, seq: 14 }));
        assert_eq!(p.read("KF-2026-14"), None);
        assert_eq!(p.read("KF-2026-0140"), None);
        assert_eq!(p.read("KF–2026–014"), None);
        assert_eq!(p.read("kf-2026-014"), None);
        assert_eq!(
            p.format(SlipNumber { year: 2027, seq: 1 }).as_deref(),
            Some("KF-2027-001")
        );
        assert_eq!(
            p.format(SlipNumber {
                year: 2027,
                seq: 1000
            }),
            None
        );
        assert!(NumberPattern::parse("KF-NNN").is_err());
        // Two runs of N: the config is refused, naming the key.
        let err =
            crate::config::Config::parse("[rules.slips]\nnumber_pattern = \"NN-YYYY-NNN\"\n", "zhidu.toml")
                .expect_err("ambiguous pattern");
        assert!(
            err.to_string()
                .contains("rules.slips.number_pattern = \"NN-YYYY-NNN\""),
            "{err}"
        );
        assert!(NumberPattern::parse("KF-YYYY").is_err());
    }

    #[test]
    fn each_class_chain_with_one_missing_signature() {
        // A: 起草 → 部门经理复核 → 分管领导审核 → 主管领导审批签发; 主管领导 missing.
        let mut a = slip("KF-2026-001", "财务部", "2026-11-02", "2026-11-10", 2);
        a.class = SlipClass::A;
        a.chief_leader = None;
        // B: 起草 → 部门经理复核 → 分管领导审批签发; 分管领导 blank.
        let mut b = slip("KF-2026-002", "财务部", "2026-11-02", "2026-11-10", 3);
        b.class = SlipClass::B;
        b.division_leader = Some("  ".into());
        b.chief_leader = None; // not needed for B
                               // C: 起草 → 部门经理审核签发; 部门经理 missing.
        let mut c = slip("KF-2026-003", "财务部", "2026-11-02", "2026-11-10", 4);
        c.dept_manager = None;
        c.division_leader = None; // not needed for C
        c.chief_leader = None;
        // A chase slip (事件跟催) of class C with its chain complete but no audit head.
        let mut chase = slip("KF-2026-004", "财务部", "2026-11-02", "2026-11-10", 5);
        chase.nature = Some(SlipNature::Chase);
        chase.audit_head = None;
        // A complete class-C slip without audit head: fine, it is not a chase.
        let mut ok = slip("KF-2026-005", "财务部", "2026-11-02", "2026-11-10", 6);
        ok.audit_head = None;
        ok.division_leader = None;

        let rows = vec![a, b, c, chase, ok];
        let f = evaluate(&rows, &rules(), &month("2026-11"));
        let missing: Vec<(String, Vec<&str>)> = f
            .signatures
            .iter()
            .map(|s| (s.number.clone(), s.missing.iter().map(|m| m.label).collect()))
            .collect();
        assert_eq!(
            missing,
            vec![
                ("KF-2026-001".to_string(), vec!["主管领导审批签发"]),
                ("KF-2026-002".to_string(), vec!["分管领导审批签发"]),
                ("KF-2026-003".to_string(), vec!["部门经理审核签发"]),
                ("KF-2026-004".to_string(), vec!["审计监察部负责人签字"]),
            ]
        );
        assert_eq!(approval_chain(SlipClass::A, None).len(), 4);
        assert_eq!(approval_chain(SlipClass::B, None).len(), 3);
        assert_eq!(approval_chain(SlipClass::C, None).len(), 2);
        assert_eq!(approval_chain(SlipClass::B, Some(SlipNature::Chase)).len(), 4);
        assert!(f.signatures[0]
            .describe()
            .contains("主管领导审批签发（主管领导）"));
    }

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
        let f = evaluate(&rows, &rules(), &month("2026-11"));
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
            issue_date: Some(d(issued)),
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

    #[test]
    fn issue_examples_sign_delay_and_late_completion() {
        // Issued 12-01, signed 12-04: 3 days − 1 allowance = 2 × 5 = 10.
        // Due 12-10, completed 12-14: 4 days × 1 = 4.
        let a = done(
            signed(
                slip("KF-2026-101", "财务部", "2026-12-01", "2026-12-10", 2),
                "2026-12-04",
            ),
            "2026-12-14",
        );
        // Issued and signed 12-20 (0 days, nothing); due 12-27, open on 12-31: 4 × 1 = 4.
        let b = signed(
            slip("KF-2026-102", "行政部", "2026-12-20", "2026-12-27", 3),
            "2026-12-20",
        );
        let f = evaluate(&[a, b], &rules(), &month("2026-12"));
        assert_eq!(
            charges_of(&f, "KF-2026-101", ChargeKind::SignDelay),
            vec![("财务部".into(), 10)]
        );
        assert_eq!(
            charges_of(&f, "KF-2026-101", ChargeKind::LateCompletion),
            vec![("财务部".into(), 4)]
        );
        assert_eq!(charges_of(&f, "KF-2026-102", ChargeKind::SignDelay), vec![]);
        assert_eq!(
            charges_of(&f, "KF-2026-102", ChargeKind::LateCompletion),
            vec![("行政部".into(), 4)]
        );
        assert_eq!(
            f.charges[0].basis,
            "发单 2026-12-01，签收 2026-12-04：3 天 − 宽限 1 天 = 2 天 × 5 分 = 10 分"
        );
        assert_eq!(
            f.charges[1].basis,
            "要求完成 2026-12-10，完成 2026-12-14：逾期 4 天 × 1 分 = 4 分"
        );
        assert_eq!(f.rows[0].status.label(), "已完成（逾期 4 天）");
        assert_eq!(f.rows[0].points, 14);
        assert_eq!(f.rows[1].status.label(), "逾期未完成");
        assert_eq!(f.rows[1].days_overdue, 4);
    }

    #[test]
    fn never_signed_slip_across_a_month_boundary() {
        let rows = vec![slip("KF-2026-020", "财务部", "2026-11-27", "2026-12-05", 2)];
        // November: 11-30 − 11-27 = 3 days − 1 = 2 days × 5 = 10.
        let nov = evaluate(&rows, &rules(), &month("2026-11"));
        assert_eq!(
            charges_of(&nov, "KF-2026-020", ChargeKind::SignDelay),
            vec![("财务部".into(), 10)]
        );
        assert_eq!(nov.rows[0].status, SlipStatus::Unsigned);
        assert_eq!(nov.rows[0].days_overdue, 0);
        // December: 12-31 − 11-27 = 34 days − 1 = 33 × 5 = 165, less the 10 of November = 155
        // (31 more days × 5). No late-completion points: it was never signed.
        let dec = evaluate(&rows, &rules(), &month("2026-12"));
        assert_eq!(
            charges_of(&dec, "KF-2026-020", ChargeKind::SignDelay),
            vec![("财务部".into(), 155)]
        );
        assert_eq!(
            charges_of(&dec, "KF-2026-020", ChargeKind::LateCompletion),
            vec![]
        );
        assert_eq!(
            dec.charges[0].basis,
            "发单 2026-11-27，截至 2026-12-31 仍未签收：34 天 − 宽限 1 天 = 33 天 × 5 分 = 165 分；\
             截至 2026-11-30 已计 10 分，本期计 165 − 10 = 155 分"
        );
        // Unsigned and past its due date (12-31 − 12-05 = 26 days).
        assert_eq!(dec.rows[0].status.label(), "未签收");
        assert_eq!(dec.rows[0].days_overdue, 26);
        // October knows nothing of it.
        let oct = evaluate(&rows, &rules(), &month("2026-10"));
        assert!(oct.rows.is_empty() && oct.charges.is_empty());
    }

    #[test]
    fn open_signed_slip_is_charged_only_what_each_month_adds() {
        // Signed 11-20 (issued 11-19: 1 − 1 = 0), due 11-25, completed 12-03.
        let rows = vec![done(
            signed(
                slip("KF-2026-030", "财务部", "2026-11-19", "2026-11-25", 2),
                "2026-11-20",
            ),
            "2026-12-03",
        )];
        // November: open on 11-30, 30 − 25 = 5 × 1 = 5.
        let nov = evaluate(&rows, &rules(), &month("2026-11"));
        assert_eq!(
            charges_of(&nov, "KF-2026-030", ChargeKind::LateCompletion),
            vec![("财务部".into(), 5)]
        );
        assert_eq!(nov.rows[0].status, SlipStatus::Overdue);
        // December: completed 12-03, 12-03 − 11-25 = 8 days, less 5 = 3.
        let dec = evaluate(&rows, &rules(), &month("2026-12"));
        assert_eq!(
            charges_of(&dec, "KF-2026-030", ChargeKind::LateCompletion),
            vec![("财务部".into(), 3)]
        );
        assert_eq!(dec.rows[0].status.label(), "已完成（逾期 8 天）");
        // January: nothing more.
        let jan = evaluate(&rows, &rules(), &month("2027-01"));
        assert!(jan.charges.is_empty());
    }

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
        let before = evaluate(std::slice::from_ref(&original), &rules(), &month("2026-11"));
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
        let after = evaluate(&rows, &rules(), &month("2026-11"));
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
        late.completed_date = Some(d("2026-11-25"));
        let after = evaluate(&[late, counter.clone()], &rules(), &month("2026-11"));
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
        let after = evaluate(&[open.clone(), counter.clone()], &rules(), &month("2026-11"));
        assert_eq!(after.rows[0].status.label(), "已被替代");
        assert_eq!(after.rows[0].days_overdue, 10);
        assert_eq!(
            charges_of(&after, "KF-2026-014", ChargeKind::LateCompletion),
            vec![("财务部".into(), 10)]
        );

        // A counter-slip issued after the work ended does not reach back: completed 11-18,
        // counter issued 11-19 → the original due 11-10 applies: 8 points.
        let mut after_the_fact = counter;
        after_the_fact.issue_date = d("2026-11-19");
        after_the_fact.signed_date = Some(d("2026-11-19"));
        let f = evaluate(&[original, after_the_fact], &rules(), &month("2026-11"));
        assert_eq!(
            charges_of(&f, "KF-2026-014", ChargeKind::LateCompletion),
            vec![("财务部".into(), 8)]
        );
    }

    #[test]
    fn multi_department_slip_one_late_one_on_time() {
        // One slip to two departments, both signed the day of issue (0 − 1 → 0 days).
        let late = done(
            signed(
                slip("KF-2026-001", "财务部", "2026-11-02", "2026-11-10", 2),
                "2026-11-02",
            ),
            "2026-11-13",
        );
        let on_time = done(
            signed(
                slip("KF-2026-001", "行政部", "2026-11-02", "2026-11-12", 3),
                "2026-11-02",
            ),
            "2026-11-12",
        );
        let f = evaluate(&[late, on_time], &rules(), &month("2026-11"));
        assert_eq!(f.grouping.slips.len(), 1);
        assert!(f.numbering.is_empty());
        // 财务部: 11-13 − 11-10 = 3 days × 1 = 3. 行政部: 11-12 − 11-12 = 0.
        assert_eq!(f.charges.len(), 1);
        assert_eq!(
            charges_of(&f, "KF-2026-001", ChargeKind::LateCompletion),
            vec![("财务部".into(), 3)]
        );
        assert_eq!(f.rows[0].status.label(), "已完成（逾期 3 天）");
        assert_eq!(f.rows[1].status.label(), "已完成（按期）");
    }

    #[test]
    fn recorded_judgements_are_charged_when_the_work_is_complete() {
        // Two receivers, issued 10-19 and signed the same day (0 − 1 → 0 days).
        // 财务部 completes 10-29 (due 10-30, on time); 销售部 completes 11-12 (due 11-06:
        // 6 days × 1 = 6) and lost 2 days by not asking (2 × 2 = 4). 发单方推诿 = 是 on
        // both rows: 5, once, when the slip is complete (11-12).
        let mut a = done(
            signed(
                slip("KF-2026-001", "财务部", "2026-10-19", "2026-10-30", 2),
                "2026-10-19",
            ),
            "2026-10-29",
        );
        a.issuer_shirked = Some(true);
        let mut b = done(
            signed(
                slip("KF-2026-001", "销售部", "2026-10-19", "2026-11-06", 3),
                "2026-10-19",
            ),
            "2026-11-12",
        );
        b.no_inquiry_days = Some(2);
        b.issuer_shirked = Some(true);
        let rows = vec![a, b];
        // October: 销售部 still open and not yet due (10-31 < 11-06): nothing at all.
        let oct = evaluate(&rows, &rules(), &month("2026-10"));
        assert!(oct.charges.is_empty(), "{:?}", oct.charges);
        // November: everything.
        let nov = evaluate(&rows, &rules(), &month("2026-11"));
        assert_eq!(
            charges_of(&nov, "KF-2026-001", ChargeKind::LateCompletion),
            vec![("销售部".into(), 6)]
        );
        assert_eq!(
            charges_of(&nov, "KF-2026-001", ChargeKind::NoInquiry),
            vec![("销售部".into(), 4)]
        );
        assert_eq!(
            charges_of(&nov, "KF-2026-001", ChargeKind::IssuerShirk),
            vec![("客服部".into(), 5)]
        );
        let by_dept = points_by_department(&nov.charges);
        assert_eq!(by_dept.get("销售部").map(|e| e.0), Some(6 + 4));
        assert_eq!(by_dept.get("客服部").map(|e| e.0), Some(5));
        assert_eq!(by_dept.get("财务部"), None);
        // The receiver's row shows its own points only (6 + 4), not the issuer's 5.
        assert_eq!(nov.rows[1].points, 10);
        // December adds nothing.
        let dec = evaluate(&rows, &rules(), &month("2026-12"));
        assert!(dec.charges.is_empty());
    }

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
        let f = evaluate(&rows, &rules(), &month("2026-11"));
        let labels: Vec<String> = f.rows.iter().map(|r| r.status.label()).collect();
        assert_eq!(labels, vec!["未签收", "已签收未完成", "未签收"]);
    }

    #[test]
    fn counter_slip_naming_an_unknown_slip_is_reported() {
        let mut c = slip("KF-2026-001", "财务部", "2026-11-02", "2026-11-10", 2);
        c.replaces = Some("KF-2026-099".into());
        let f = evaluate(&[c], &rules(), &month("2026-11"));
        assert_eq!(f.numbering.len(), 1);
        assert_eq!(f.numbering[0].rule(), "SLIP-4");
        assert_eq!(
            f.numbering[0].describe(),
            "反联络单 KF-2026-001 的替代编号 KF-2026-099：登记表中没有这个编号"
        );
    }
}
