//! The department activity fund (PAY-5) as an account: the balance it opens a
//! period with, every fine it receives and every payment it makes (the optional
//! 活动经费支出登记), in date order with the balance after each, and the balance
//! it closes with.
//!
//! A period opens with the balance `rules.pay.fund_opening_balance` had before
//! the first month the records hold (the earliest fine or payment), plus every
//! earlier month's fines less its payments: each month opens with the previous
//! one's closing.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::config::Config;
use crate::model::{Dataset, Fen, FundExpense, Period, Roster};
use crate::rules::catalog::Rule;
use crate::rules::hr::pay::fines_of;
use crate::rules::ledger::{DeductionLine, SourceCell};

/// Whether a movement brings money in or takes it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MovementKind {
    /// 收入: a fine (PAY-2, PAY-3).
    Fine,
    /// 支出: a payment from the 活动经费支出登记.
    Expense,
}

/// One movement of the fund in the period.
#[derive(Debug, Clone, Serialize)]
pub struct FundMovement {
    /// The day.
    pub date: NaiveDate,
    /// In or out.
    pub kind: MovementKind,
    /// The fine's rule (PAY-2, PAY-3); none for a payment.
    pub rule: Option<Rule>,
    /// 工号 of the person fined (empty for a payment).
    pub employee_id: String,
    /// 姓名 of the person fined (empty for a payment).
    pub employee_name: String,
    /// 摘要: the fine's reason in full, or the payment's 用途.
    pub summary: String,
    /// 收入 (0 for a payment).
    pub income: Fen,
    /// 支出 (0 for a fine).
    pub expense: Fen,
    /// The balance after it.
    pub balance: Fen,
    /// 经手人 of a payment.
    pub handler: Option<String>,
    /// 审批人 of a payment.
    pub approver: Option<String>,
    /// The cells it comes from.
    pub sources: Vec<SourceCell>,
}

/// The fund over one period.
#[derive(Debug, Clone, Serialize)]
pub struct FundAccount {
    /// 期初余额.
    pub opening: Fen,
    /// The first month the records hold, when it is before the period (the
    /// opening balance then carries those months); `None`: the period opens with
    /// `rules.pay.fund_opening_balance` itself.
    pub carried_from: Option<NaiveDate>,
    /// Every movement, by date (fines before payments on a day, then in record order).
    pub movements: Vec<FundMovement>,
    /// 本期收入.
    pub income: Fen,
    /// 本期支出.
    pub expense: Fen,
    /// 期末余额.
    pub closing: Fen,
    /// Payments without 审批人 (listed, counted: the money has left the fund).
    pub unapproved: usize,
}

/// `a + b`, kept in range.
fn plus(a: Fen, b: Fen) -> Fen {
    Fen(a.0.saturating_add(b.0))
}

/// `a − b`, kept in range.
fn minus(a: Fen, b: Fen) -> Fen {
    Fen(a.0.saturating_sub(b.0))
}

/// The first day of the month of `d`.
fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The earliest day a fine or a payment could be dated on: the first
/// complaint, violation or payment of the records.
fn first_record(data: &Dataset) -> Option<NaiveDate> {
    let complaints = data.complaints.iter().map(|c| c.date);
    let violations = data.violations.iter().map(|v| v.date);
    let expenses = data.fund_expenses.iter().map(|e| e.date);
    complaints.chain(violations).chain(expenses).min()
}

/// The periods before `period` the records hold: calendar months from the first
/// record's, the last cut at the day before `period` starts.
fn earlier_periods(data: &Dataset, period: &Period) -> Vec<Period> {
    let Some(first) = first_record(data).map(month_start) else {
        return Vec::new();
    };
    let Some(before) = period.start.pred_opt() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = first;
    while start <= before {
        let Some(month) = Period::month(start.year(), start.month()) else {
            break;
        };
        out.push(Period {
            start,
            end: month.end.min(before),
        });
        let Some(next) = month.end.succ_opt() else { break };
        start = next;
    }
    out
}

/// The payments dated in a period, in record order.
fn expenses_in(data: &Dataset, period: Period) -> impl Iterator<Item = &FundExpense> {
    data.fund_expenses.iter().filter(move |e| period.contains(e.date))
}

/// The balance the period opens with, and the first month it carries.
fn opening(data: &Dataset, config: &Config, period: &Period) -> (Fen, Option<NaiveDate>) {
    let roster = Roster::new(&data.employees);
    let mut balance = config.rules.pay.fund_opening_balance.0;
    let earlier = earlier_periods(data, period);
    for p in &earlier {
        let fines: Fen = fines_of(&roster, data, config, p).iter().map(|l| l.amount).sum();
        let paid: Fen = expenses_in(data, *p).map(|e| e.amount).sum();
        balance = minus(plus(balance, fines), paid);
    }
    (balance, earlier.first().map(|p| p.start))
}

/// The fund over `period`: `fines` are the period's fines as the month's ledger
/// has them (so the fund and the 月度扣款表 agree to the fen).
pub fn fund_account(
    data: &Dataset,
    config: &Config,
    period: &Period,
    fines: &[&DeductionLine],
) -> FundAccount {
    let (opening, carried_from) = opening(data, config, period);
    let mut movements: Vec<FundMovement> = fines
        .iter()
        .map(|l| FundMovement {
            date: l.date,
            kind: MovementKind::Fine,
            rule: Some(l.rule),
            employee_id: l.employee_id.clone(),
            employee_name: l.employee_name.clone(),
            summary: l.reason_in_full(),
            income: l.amount,
            expense: Fen::ZERO,
            balance: Fen::ZERO,
            handler: None,
            approver: None,
            sources: l.sources.clone(),
        })
        .collect();
    movements.extend(expenses_in(data, *period).map(|e| FundMovement {
        date: e.date,
        kind: MovementKind::Expense,
        rule: None,
        employee_id: String::new(),
        employee_name: String::new(),
        summary: e.purpose.clone(),
        income: Fen::ZERO,
        expense: e.amount,
        balance: Fen::ZERO,
        handler: e.handler.clone(),
        approver: e.approver.clone(),
        sources: vec![SourceCell::new(&e.source, "金额")],
    }));
    // Stable: fines keep the ledger's order, payments their register order.
    movements.sort_by_key(|m| (m.date, m.kind == MovementKind::Expense));
    let mut balance = opening;
    let (mut income, mut expense) = (Fen::ZERO, Fen::ZERO);
    for m in &mut movements {
        income = plus(income, m.income);
        expense = plus(expense, m.expense);
        balance = minus(plus(balance, m.income), m.expense);
        m.balance = balance;
    }
    FundAccount {
        opening,
        carried_from,
        unapproved: movements
            .iter()
            .filter(|m| m.kind == MovementKind::Expense && m.approver.is_none())
            .count(),
        movements,
        income,
        expense,
        closing: balance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Amount;
    use crate::model::{Severity, Source};
    use crate::rules::hr::attendance::evaluate_with;
    use crate::rules::hr::pay::assess;
    use crate::rules::testkit::{day, employee, Kit};

    fn expense(row: u32, on: NaiveDate, yuan: i64, purpose: &str, approver: Option<&str>) -> FundExpense {
        FundExpense {
            date: on,
            amount: Fen::from_yuan(yuan),
            purpose: purpose.into(),
            handler: Some("王丽娟".into()),
            approver: approver.map(String::from),
            source: Source::synthetic("inputs/fund_expenses.xlsx", "活动经费支出", row),
        }
    }

    fn account(k: &Kit, config: &Config, month: &str) -> FundAccount {
        let period = Period::parse(month).expect("period");
        let roster = Roster::new(&k.data.employees);
        let a = evaluate_with(&roster, &k.data, config, &period);
        let pay = assess(&roster, &a, &k.data, config, &period);
        fund_account(&k.data, config, &period, &pay.ledger.fines())
    }

    /// October: a 较重 complaint (¥30.00) and a first violation (¥10.00), ¥25.00 of
    /// fruit paid out. November: a 一般 complaint (¥10.00), a second violation
    /// (¥30.00), ¥50.00 for a birthday cake and ¥8.00 of cards without 审批人.
    fn two_months() -> Kit {
        let mut k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .complaint("K001", day(10, 9), Severity::Serious, true)
            .violation("K001", day(10, 15))
            .complaint("K001", day(11, 3), Severity::Minor, true)
            .violation("K001", day(11, 20));
        k.data.fund_expenses = vec![
            expense(2, day(10, 28), 25, "部门茶歇水果", Some("李经理")),
            expense(3, day(11, 20), 50, "员工生日蛋糕", Some("李经理")),
            expense(4, day(11, 25), 8, "贺卡", None),
        ];
        k
    }

    #[test]
    fn a_month_opens_with_the_last_ones_closing() {
        let mut config = Config::default();
        config.rules.pay.fund_opening_balance = Amount(Fen::from_yuan(100));
        let k = two_months();
        // October opens with the setting: ¥100.00 + ¥30.00 + ¥10.00 − ¥25.00 = ¥115.00.
        let oct = account(&k, &config, "2026-10");
        assert_eq!((oct.opening, oct.carried_from), (Fen(10_000), None));
        assert_eq!(
            (oct.income, oct.expense, oct.closing),
            (Fen(4_000), Fen(2_500), Fen(11_500))
        );
        // November opens with October's closing, ¥115.00; + ¥10.00 + ¥30.00 − ¥50.00 − ¥8.00 = ¥97.00.
        let nov = account(&k, &config, "2026-11");
        assert_eq!((nov.opening, nov.carried_from), (Fen(11_500), Some(day(10, 1))));
        assert_eq!(
            (nov.income, nov.expense, nov.closing),
            (Fen(4_000), Fen(5_800), Fen(9_700))
        );
        let running: Vec<(i64, i64, i64)> = nov
            .movements
            .iter()
            .map(|m| (m.income.0, m.expense.0, m.balance.0))
            .collect();
        // 11-03 +¥10.00 → ¥125.00; 11-20 the fine before the payment: +¥30.00 → ¥155.00,
        // −¥50.00 → ¥105.00; 11-25 −¥8.00 → ¥97.00.
        assert_eq!(
            running,
            vec![
                (1_000, 0, 12_500),
                (3_000, 0, 15_500),
                (0, 5_000, 10_500),
                (0, 800, 9_700)
            ]
        );
        assert_eq!(nov.movements[1].summary, "违规（上班玩游戏）");
        assert_eq!(nov.movements[2].summary, "员工生日蛋糕");
        assert_eq!(nov.unapproved, 1);
        // December: nothing happens; it opens and closes with November's ¥97.00.
        let dec = account(&k, &config, "2026-12");
        assert_eq!(
            (dec.opening, dec.closing, dec.movements.len()),
            (Fen(9_700), Fen(9_700), 0)
        );
    }

    #[test]
    fn without_earlier_records_the_setting_opens_the_period() {
        let k = Kit::default().emp(employee("K001", "张三", 400_000));
        let a = account(&k, &Config::default(), "2026-11");
        assert_eq!(
            (a.opening, a.income, a.expense, a.closing),
            (Fen::ZERO, Fen::ZERO, Fen::ZERO, Fen::ZERO)
        );
        assert_eq!(a.carried_from, None);
    }
}
