//! 活动经费支出登记 rows: what the department activity fund (PAY-5) paid out,
//! with the amount, the purpose, who handled it and who approved it.

use calamine::DataRef;

use super::{Cols, Cx, RowBuilder};
use crate::ingest::cell;
use crate::ingest::header::Field;
use crate::model::{Fen, FundExpense};

const fn f(key: &'static str, aliases: &'static [&'static str]) -> Field {
    Field { key, aliases }
}

/// 活动经费支出登记: 日期, 金额, 用途, 经手人, 审批人.
pub const FUND_EXPENSES: &[Field] = &[
    f("日期", &["支出日期", "付款日期", "报销日期", "date"]),
    f(
        "金额",
        &["支出金额", "金额（元）", "金额(元)", "报销金额", "amount"],
    ),
    f("用途", &["事由", "摘要", "支出用途", "说明", "purpose"]),
    f("经手人", &["经办人", "报销人", "handler"]),
    f("审批人", &["批准人", "审核人", "approver"]),
];

/// The required columns.
pub const REQUIRED: &[&[&str]] = &[&["日期"], &["金额"], &["用途"]];

/// 活动经费支出登记 rows.
pub struct FundExpenseRows(pub Cols);

impl RowBuilder for FundExpenseRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let date = c.need_date(cx, row, cells, 0);
        let amount = c.need(cx, row, cells, 1, cell::money);
        let purpose = c.need_text(cx, row, cells, 2);
        let (Ok(date), Ok(amount), Ok(purpose)) = (date, amount, purpose) else {
            return;
        };
        if amount <= Fen::ZERO {
            cx.err(
                &c.src,
                c.cols[1],
                row,
                crate::msg!("kinds_fund_expenses.not_a_payment", amount = amount.to_string()),
            );
            return;
        }
        cx.record(Some(date));
        cx.data.fund_expenses.push(FundExpense {
            date,
            amount,
            purpose,
            handler: c.text(cells, 3),
            approver: c.text(cells, 4),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}
