//! 部门活动经费台账 (PAY-5): the fines of the period, as the activity fund receives them.

use serde::Serialize;

use super::{company, CompanyView, HrMonth};
use crate::config::Config;
use crate::model::Fen;
use crate::reports::manual::Citations;
use crate::reports::PeriodView;
use crate::rules::catalog::Rule;

/// One entry of the 部门活动经费台账.
#[derive(Debug, Clone, Serialize)]
pub struct FundEntry {
    /// 序号.
    pub seq: usize,
    /// Date.
    pub date: String,
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// Reason.
    pub reason: String,
    /// Rule ID.
    pub rule: &'static str,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Running total in fen.
    pub running_fen: i64,
    /// Source cells.
    pub sources: String,
}

/// The 部门活动经费台账's template context.
#[derive(Debug, Clone, Serialize)]
pub struct FundContext {
    /// Company.
    pub company: CompanyView,
    /// Period.
    pub period: PeriodView,
    /// The manual's title.
    pub manual_title: String,
    /// PAY-5 as cited: the manual's clause with the handbook source.
    pub citation: String,
    /// Every fine, in date order.
    pub entries: Vec<FundEntry>,
    /// The month's total in fen.
    pub total_fen: i64,
}

/// The fund ledger's context (PAY-5: fines only).
pub fn fund_context(month: &HrMonth, config: &Config, citations: &Citations) -> FundContext {
    let mut running = Fen::ZERO;
    let entries = month
        .pay
        .ledger
        .fines()
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            running += l.amount;
            FundEntry {
                seq: i + 1,
                date: l.date.format("%Y-%m-%d").to_string(),
                employee_id: l.employee_id.clone(),
                employee_name: l.employee_name.clone(),
                reason: l.reason_in_full(),
                rule: l.rule.code(),
                amount_fen: l.amount.0,
                running_fen: running.0,
                sources: l
                    .sources
                    .iter()
                    .map(|s| s.locate())
                    .collect::<Vec<_>>()
                    .join("；"),
            }
        })
        .collect();
    FundContext {
        company: company(config),
        period: PeriodView::from(&month.period),
        manual_title: citations.manual_title().to_string(),
        citation: citations.cite(Rule::Pay5),
        entries,
        total_fen: running.0,
    }
}
