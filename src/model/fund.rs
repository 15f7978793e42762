//! 活动经费支出登记: what the department activity fund (PAY-5) paid out.

use chrono::NaiveDate;

use super::{Fen, Source};

/// One payment out of the activity fund.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FundExpense {
    /// 日期.
    pub date: NaiveDate,
    /// 金额, in fen (positive: money paid out).
    pub amount: Fen,
    /// 用途.
    pub purpose: String,
    /// 经手人, if given.
    pub handler: Option<String>,
    /// 审批人, if given.
    pub approver: Option<String>,
    /// Where the row is.
    pub source: Source,
}
