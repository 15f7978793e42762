//! 部门活动经费台账 (PAY-5): the activity fund as an account for the period —
//! 期初余额, every fine received (收入), every payment made (支出) from the
//! 活动经费支出登记, the balance after each, 期末余额 — made from the same
//! ledger as the 月度扣款表.

use serde::Serialize;

use super::{company, date_words, issue_date, CompanyView, HrMonth};
use crate::config::Config;
use crate::model::Dataset;
use crate::reports::manual::Citations;
use crate::reports::money_words::rmb_upper;
use crate::reports::PeriodView;
use crate::rules::catalog::Rule;
use crate::rules::hr::fund::{fund_account, MovementKind};

/// One line of the 部门活动经费台账.
#[derive(Debug, Clone, Serialize)]
pub struct FundEntry {
    /// 序号.
    pub seq: usize,
    /// `2026-11-12`.
    pub date: String,
    /// 收入 or 支出.
    pub kind: &'static str,
    /// 摘要: `罚款：投诉（较重）`, `支出：员工生日蛋糕`.
    pub summary: String,
    /// 工号 of the person fined (empty for a payment).
    pub employee_id: String,
    /// 姓名 of the person fined (empty for a payment).
    pub employee_name: String,
    /// The fine's clause in the manual, `第三十二条` (empty for a payment).
    pub clause: String,
    /// 收入 in fen (0 for a payment).
    pub income_fen: i64,
    /// 支出 in fen (0 for a fine).
    pub expense_fen: i64,
    /// 余额 after it, in fen.
    pub balance_fen: i64,
    /// 经手人 (a payment's).
    pub handler: String,
    /// 审批人 (a payment's; `未填` when the register leaves it empty).
    pub approver: String,
    /// Source cells, `file › sheet!C17`, joined with `；`.
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
    /// The date the ledger is drawn up (the day the deductions fall due), `2026年12月1日`.
    pub date: String,
    /// 期初余额 in fen.
    pub opening_fen: i64,
    /// Where the opening balance comes from, in words.
    pub opening_note: String,
    /// Every movement, in date order.
    pub entries: Vec<FundEntry>,
    /// How many are fines.
    pub fines: usize,
    /// How many are payments.
    pub payments: usize,
    /// Payments without 审批人.
    pub unapproved: usize,
    /// 本期收入 in fen.
    pub income_fen: i64,
    /// 本期支出 in fen.
    pub expense_fen: i64,
    /// 期末余额 in fen.
    pub closing_fen: i64,
    /// 期末余额 in capitals.
    pub closing_words: String,
}

/// The fund ledger's context: the period's fines as the month's ledger has them,
/// the payments of the period, the balances.
pub fn fund_context(data: &Dataset, month: &HrMonth, config: &Config, citations: &Citations) -> FundContext {
    let fines = month.pay.ledger.fines();
    let account = fund_account(data, config, &month.period, &fines);
    let entries: Vec<FundEntry> = account
        .movements
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let fine = m.kind == MovementKind::Fine;
            FundEntry {
                seq: i + 1,
                date: m.date.format("%Y-%m-%d").to_string(),
                kind: if fine { "收入" } else { "支出" },
                summary: if fine {
                    format!("罚款：{}", m.summary)
                } else {
                    format!("支出：{}", m.summary)
                },
                employee_id: m.employee_id.clone(),
                employee_name: m.employee_name.clone(),
                clause: m
                    .rule
                    .map(|r| citations.number(r).to_string())
                    .unwrap_or_default(),
                income_fen: m.income.0,
                expense_fen: m.expense.0,
                balance_fen: m.balance.0,
                handler: m.handler.clone().unwrap_or_default(),
                approver: match (&m.approver, fine) {
                    (Some(a), _) => a.clone(),
                    (None, false) => "未填".into(),
                    (None, true) => String::new(),
                },
                sources: m
                    .sources
                    .iter()
                    .map(|s| s.locate())
                    .collect::<Vec<_>>()
                    .join("；"),
            }
        })
        .collect();
    let opening_note = match account.carried_from {
        Some(first) => format!(
            "期初余额为上期期末余额（自 {} 起逐月结转）。",
            first.format("%Y年%-m月")
        ),
        None => "期初余额为记录开始前的经费结存。".into(),
    };
    FundContext {
        company: company(config),
        period: PeriodView::from(&month.period),
        manual_title: citations.manual_title().to_string(),
        citation: citations.cite(Rule::Pay5),
        date: date_words(issue_date(config, &month.period)),
        opening_fen: account.opening.0,
        opening_note,
        fines: entries.iter().filter(|e| e.kind == "收入").count(),
        payments: entries.iter().filter(|e| e.kind == "支出").count(),
        unapproved: account.unapproved,
        entries,
        income_fen: account.income.0,
        expense_fen: account.expense.0,
        closing_fen: account.closing.0,
        closing_words: rmb_upper(account.closing),
    }
}
