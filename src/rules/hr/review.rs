//! PAY-6: deductions that need review. 工资支付暂行规定 第十六条 lets an employer
//! withhold at most 20 % of a month's wage, and pay may not fall below the local
//! minimum wage. A month whose deductions exceed `rules.pay.review_over_percent`
//! of 基本工资, or that leaves 应发基本工资 below `rules.pay.minimum_wage`, is
//! listed for review with the reason and marked in 备注. The amounts are not
//! changed: the handbook decides them, HR reviews them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::{PayRules, Percent};
use crate::model::{Employee, Fen};
use crate::rules::catalog::Rule;
use crate::rules::ledger::{DeductionLine, LineKind, SourceCell};

/// One employee's month listed for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayReview {
    /// 工号.
    pub employee_id: String,
    /// 基本工资.
    pub base_pay: Fen,
    /// 扣款合计 (every ledger line).
    pub total: Fen,
    /// 扣款合计 ÷ 基本工资 in basis points, rounded half-up (`None` for a base of 0).
    pub share_bp: Option<i64>,
    /// 应发基本工资 = 基本工资 − 扣款合计.
    pub net: Fen,
    /// Why, one reason per check that failed, in full.
    pub reasons: Vec<String>,
    /// The same reasons as the sheet's 备注 marks them.
    pub flags: Vec<String>,
}

impl PayReview {
    /// The ledger's note of the review (PAY-6, no money), dated `on` (the period's
    /// last day), so the 扣款明细 sheet, the notice and `explain` all carry it.
    pub fn note(&self, emp: &Employee, on: NaiveDate) -> DeductionLine {
        DeductionLine {
            employee_id: emp.id.clone(),
            employee_name: emp.name.clone(),
            date: on,
            rule: Rule::Pay6,
            kind: LineKind::Note,
            reason: "扣款复核（待核查）".into(),
            detail: None,
            basis: format!(
                "{}；应发基本工资 {} − {} = {}；金额未作调整，由人力资源部复核",
                self.reasons.join("；"),
                self.base_pay,
                self.total,
                self.net,
            ),
            amount: Fen::ZERO,
            sources: vec![SourceCell::new(&emp.source, "基本工资")],
        }
    }
}

/// `total / base` in basis points, half-up; `None` when the base is not positive.
fn share_bp(total: Fen, base: Fen) -> Option<i64> {
    if base.0 <= 0 {
        return None;
    }
    let (t, b) = (i128::from(total.0), i128::from(base.0));
    let bp = (t.checked_mul(20_000)?.checked_add(b)?) / (2 * b);
    i64::try_from(bp).ok()
}

/// Whether `total` exceeds `limit` of `base` (exactly, no rounding): total × 10000 > base × bp.
fn exceeds(total: Fen, base: Fen, limit: Percent) -> bool {
    let lhs = i128::from(total.0) * 10_000;
    let rhs = i128::from(base.0) * i128::from(limit.bp);
    lhs > rhs
}

/// The review of one employee's month, when a check fails.
pub fn review(emp: &Employee, total: Fen, pay: &PayRules) -> Option<PayReview> {
    let base = emp.base_pay;
    let net = base - total;
    let share = share_bp(total, base);
    let pct = |bp: i64| Percent { bp }.to_string() + "%";
    let mut reasons = Vec::new();
    let mut flags = Vec::new();
    let limit = pay.review_over_percent;
    if limit.bp > 0 && total > Fen::ZERO && exceeds(total, base, limit) {
        let of = share
            .map(|s| format!("，占基本工资 {base} 的 {}", hundredths(s)))
            .unwrap_or_default();
        reasons.push(format!(
            "扣款合计 {total}{of}，超过 {}（《工资支付暂行规定》第十六条：每月扣除不得超过当月工资的 20%）",
            pct(limit.bp)
        ));
        flags.push(format!("扣款超过基本工资的 {}，待核查", pct(limit.bp)));
    }
    let minimum = pay.minimum_wage.0;
    // Deductions that leave pay below the minimum: a base already below it
    // without any deduction is not this rule's concern.
    if minimum > Fen::ZERO && total > Fen::ZERO && net < minimum {
        reasons.push(format!("应发基本工资 {net} 低于当地最低工资标准 {minimum}"));
        flags.push(format!("应发低于最低工资 {minimum}，待核查"));
    }
    (!reasons.is_empty()).then(|| PayReview {
        employee_id: emp.id.clone(),
        base_pay: base,
        total,
        share_bp: share,
        net,
        reasons,
        flags,
    })
}

/// Basis points as a percentage with two decimals: 2500 → `25.00%`.
fn hundredths(bp: i64) -> String {
    format!("{}.{:02}%", bp / 100, (bp % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Amount, Config};
    use crate::model::{Period, Roster};
    use crate::rules::catalog::Rule;
    use crate::rules::hr::attendance::evaluate_with;
    use crate::rules::hr::pay::{assess, PayOutcome};
    use crate::rules::ledger::LineKind;
    use crate::rules::testkit::{at, employee, Kit};

    /// 常规 all November (rest 1, 8, 15, 22: 26 work days); the first `late` work
    /// days clocked in at 08:40 (10 minutes late), the others at 08:25.
    fn month(base_fen: i64, late: u32) -> Kit {
        let rest = [1, 8, 15, 22];
        let mut k = Kit::default()
            .emp(employee("K001", "张三", base_fen))
            .november("K001", "常规", &rest);
        for (n, d) in (1..=30).filter(|d| !rest.contains(d)).enumerate() {
            let m = if (n as u32) < late { 40 } else { 25 };
            k = k
                .punch("K001", at(11, d, 8, m, 0))
                .punch("K001", at(11, d, 17, 31, 0));
        }
        k
    }

    fn run(k: &Kit, cfg: &Config) -> PayOutcome {
        let nov = Period::month(2026, 11).expect("November");
        let roster = Roster::new(&k.data.employees);
        let a = evaluate_with(&roster, &k.data, cfg, &nov);
        assess(&roster, &a, &k.data, cfg, &nov)
    }

    #[test]
    fn twenty_late_arrivals_take_the_whole_base_pay_and_are_listed() {
        // Base ¥4,200.00, 20 late arrivals at 5% (the month reaches 3): 20 ×
        // ¥210.00 = ¥4,200.00 = 100.00% of the base, over 20% → listed; 应发 ¥0.00,
        // below a minimum wage of ¥2,490.00 → a second reason. Amounts unchanged.
        let mut cfg = Config::default();
        cfg.rules.pay.minimum_wage = Amount(Fen::from_yuan(2_490));
        let o = run(&month(420_000, 20), &cfg);
        assert_eq!(o.ledger.total_for("K001"), Fen(420_000));
        assert_eq!(o.reviews.len(), 1);
        let r = &o.reviews[0];
        assert_eq!(
            (r.total, r.share_bp, r.net),
            (Fen(420_000), Some(10_000), Fen::ZERO)
        );
        assert_eq!(
            r.reasons,
            vec![
                "扣款合计 ¥4,200.00，占基本工资 ¥4,200.00 的 100.00%，超过 20%（《工资支付暂行规定》第十六条：每月扣除不得超过当月工资的 20%）".to_string(),
                "应发基本工资 ¥0.00 低于当地最低工资标准 ¥2,490.00".to_string(),
            ]
        );
        let flags = o.employees[0].flags(3);
        assert_eq!(flags[0], "扣款超过基本工资的 20%，待核查");
        assert_eq!(flags[1], "应发低于最低工资 ¥2,490.00，待核查");
        // The ledger carries it as a note of ¥0.00 on the month's last day, after
        // the 20 deductions.
        let note = o.ledger.lines.last().expect("a note");
        assert_eq!(
            (note.rule, note.kind, note.amount),
            (Rule::Pay6, LineKind::Note, Fen::ZERO)
        );
        assert_eq!(note.date, crate::rules::testkit::day(11, 30));
        assert!(
            note.basis
                .starts_with("扣款合计 ¥4,200.00，占基本工资 ¥4,200.00 的 100.00%，超过 20%"),
            "{}",
            note.basis
        );
        assert_eq!(o.ledger.lines.len(), 21);
    }

    #[test]
    fn exactly_twenty_percent_is_not_over() {
        // Base ¥4,000.00: 4 late arrivals × ¥200.00 (5%) = ¥800.00 = 20.00% → not
        // over; 5 × ¥200.00 = ¥1,000.00 = 25.00% → over.
        let cfg = Config::default();
        assert!(run(&month(400_000, 4), &cfg).reviews.is_empty());
        let o = run(&month(400_000, 5), &cfg);
        assert_eq!(o.reviews[0].share_bp, Some(2_500));
        // 0 turns the check off.
        let mut off = Config::default();
        off.rules.pay.review_over_percent = Percent::whole(0);
        assert!(run(&month(400_000, 5), &off).reviews.is_empty());
    }

    #[test]
    fn a_month_below_the_minimum_wage() {
        // Base ¥2,600.00, 2 late arrivals at 2% = ¥52.00 each: ¥104.00 (4.00%, not
        // over 20%) leaves ¥2,496.00, below a minimum wage of ¥2,500.00 → listed.
        // Without a minimum wage (0, the default) nothing is listed.
        assert!(run(&month(260_000, 2), &Config::default()).reviews.is_empty());
        let mut cfg = Config::default();
        cfg.rules.pay.minimum_wage = Amount(Fen::from_yuan(2_500));
        let o = run(&month(260_000, 2), &cfg);
        assert_eq!(o.reviews.len(), 1);
        let r = &o.reviews[0];
        assert_eq!(
            (r.total, r.net, r.share_bp),
            (Fen(10_400), Fen(249_600), Some(400))
        );
        assert_eq!(
            r.reasons,
            vec!["应发基本工资 ¥2,496.00 低于当地最低工资标准 ¥2,500.00".to_string()]
        );
        // A base of ¥2,000.00 without any deduction is not listed.
        assert!(run(&month(200_000, 0), &cfg).reviews.is_empty());
    }

    #[test]
    fn shares_round_half_up_and_a_zero_base_has_none() {
        // ¥1.00 of ¥3.00 = 33.333…% → 3333 bp; ¥1.00 of ¥8.00 = 12.5% → 1250 bp.
        assert_eq!(share_bp(Fen(100), Fen(300)), Some(3_333));
        assert_eq!(share_bp(Fen(100), Fen(800)), Some(1_250));
        assert_eq!(share_bp(Fen(100), Fen::ZERO), None);
        assert!(exceeds(Fen(100), Fen::ZERO, Percent::whole(20)));
    }
}
