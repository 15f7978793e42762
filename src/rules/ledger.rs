//! The deduction ledger: every deduction, fine, dismissal proposal and note of a
//! period is one [`DeductionLine`]. The 月度扣款表, the notices, the fund ledger and
//! `zhidu explain` are all views of one [`Ledger`], so they cannot disagree.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Fen, Source};
use crate::rules::by_employee::ByEmployee;
use crate::rules::catalog::Rule;

/// What kind of money a line is: a pay deduction, a fine (which goes to the
/// activity fund, PAY-5), or a proposal without money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// 扣款: deducted from pay, not a fine (late arrivals, ATT-3 amounts).
    Deduction,
    /// 罚款: a fine, recorded on the 部门活动经费 ledger.
    Fine,
    /// 建议开除: a dismissal proposal, no money.
    DismissalProposal,
    /// 说明: a fact that changed an outcome, no money (an approved 补卡, ATT-7).
    Note,
}

impl LineKind {
    /// 扣款 / 罚款 / 建议开除.
    pub fn label(self) -> &'static str {
        match self {
            LineKind::Deduction => "扣款",
            LineKind::Fine => "罚款",
            LineKind::DismissalProposal => "建议开除",
            LineKind::Note => "说明",
        }
    }
}

/// A cell of an input a figure comes from: the record's source and the field's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCell {
    /// The record's sheet and row.
    pub source: Source,
    /// The canonical field (column) name, e.g. `打卡时间`.
    pub field: &'static str,
}

impl SourceCell {
    /// A field of a record.
    pub fn new(source: &Source, field: &'static str) -> SourceCell {
        SourceCell {
            source: source.clone(),
            field,
        }
    }

    /// `file › sheet!C17`.
    pub fn locate(&self) -> String {
        self.source.locate(self.field)
    }
}

impl Serialize for SourceCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("SourceCell", 5)?;
        st.serialize_field("file", &self.source.sheet.file)?;
        st.serialize_field("sheet", &self.source.sheet.sheet)?;
        st.serialize_field("row", &self.source.row)?;
        st.serialize_field("cell", &self.source.cell(self.field))?;
        st.serialize_field("location", &self.locate())?;
        st.end()
    }
}

/// One deduction, fine or proposal for one employee.
#[derive(Debug, Clone, Serialize)]
pub struct DeductionLine {
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// The day of the event (shift day, complaint date, violation date).
    pub date: NaiveDate,
    /// The rule applied (documents cite the manual's clause stating it).
    pub rule: Rule,
    /// Deduction, fine or proposal.
    pub kind: LineKind,
    /// Short reason, e.g. `迟到`, `投诉（一般）`, `违规`: what the notice's 事由 shows.
    pub reason: String,
    /// What the register says it was, when the reason alone does not (a violation's
    /// 违规类型, `上班玩游戏`); the sheet and the fund ledger print `违规（上班玩游戏）`.
    pub detail: Option<String>,
    /// The basis in words and numbers.
    pub basis: String,
    /// The amount in fen (0 for a proposal).
    pub amount: Fen,
    /// The input cells the line comes from.
    pub sources: Vec<SourceCell>,
}

impl DeductionLine {
    /// The reason with its detail, `违规（上班玩游戏）`.
    pub fn reason_in_full(&self) -> String {
        match &self.detail {
            Some(d) => format!("{}（{d}）", self.reason),
            None => self.reason.clone(),
        }
    }

    /// Whether the line is a fine for the activity fund (PAY-5).
    pub fn is_fine(&self) -> bool {
        self.kind == LineKind::Fine && self.amount != Fen::ZERO
    }
}

/// Every line of a period, sorted by employee (roster order), date, rule.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ledger {
    /// The lines.
    pub lines: Vec<DeductionLine>,
}

impl Ledger {
    /// The lines of one employee.
    pub fn for_employee<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a DeductionLine> + 'a {
        self.lines.iter().filter(move |l| l.employee_id == id)
    }

    /// Sum of one employee's amounts.
    pub fn total_for(&self, id: &str) -> Fen {
        sum(self.for_employee(id), None)
    }

    /// Sum of one employee's amounts under one rule.
    pub fn total_for_rule(&self, id: &str, rule: Rule) -> Fen {
        sum(self.for_employee(id), Some(rule))
    }

    /// The fines (PAY-5 fund entries), in date order, then employee.
    pub fn fines(&self) -> Vec<&DeductionLine> {
        let mut v: Vec<&DeductionLine> = self.lines.iter().filter(|l| l.is_fine()).collect();
        v.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.employee_id.cmp(&b.employee_id))
        });
        v
    }

    /// Sum of every line.
    pub fn total(&self) -> Fen {
        self.lines.iter().map(|l| l.amount).sum()
    }

    /// The lines grouped by 工号, for looking up many employees: each lookup is
    /// one hash-map probe instead of a pass over every line.
    pub fn index(&self) -> LedgerIndex<'_> {
        ByEmployee::new(&self.lines, |l| l.employee_id.as_str())
    }
}

/// The sum of `lines`' amounts, or of those under `rule`.
fn sum<'a>(lines: impl Iterator<Item = &'a DeductionLine>, rule: Option<Rule>) -> Fen {
    lines
        .filter(|l| rule.is_none_or(|r| l.rule == r))
        .map(|l| l.amount)
        .sum()
}

/// A [`Ledger`]'s lines by employee ([`Ledger::index`]): the same answers as the
/// ledger's own lookups, each in constant time.
pub type LedgerIndex<'a> = ByEmployee<'a, DeductionLine>;

impl<'a> LedgerIndex<'a> {
    /// The lines of one employee, in ledger order.
    pub fn for_employee(&self, id: &str) -> impl Iterator<Item = &'a DeductionLine> + '_ {
        self.of(id)
    }

    /// Whether the employee has any line.
    pub fn has_lines(&self, id: &str) -> bool {
        self.contains(id)
    }

    /// Sum of one employee's amounts.
    pub fn total_for(&self, id: &str) -> Fen {
        sum(self.for_employee(id), None)
    }

    /// Sum of one employee's amounts under one rule.
    pub fn total_for_rule(&self, id: &str, rule: Rule) -> Fen {
        sum(self.for_employee(id), Some(rule))
    }
}
