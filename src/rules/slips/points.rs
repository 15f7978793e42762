//! 部门协作 points (SLIP-3): what a period charges each row for sign delay,
//! late completion, days lost without inquiry and an issuer that shirked,
//! counting only what the period adds to earlier periods' figures.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::config::SlipRules;
use crate::model::{SlipRow, Source};

use super::counter::{facts_at, Amendment, RowFacts};
use super::grouping::SlipGroup;
use crate::rules::catalog::{Provision, Rule};

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

    /// The paragraph of SLIP-3 it applies.
    pub fn provision(self) -> Provision {
        match self {
            ChargeKind::SignDelay => Provision::SignDelay,
            ChargeKind::LateCompletion => Provision::LateCompletion,
            ChargeKind::NoInquiry => Provision::NoInquiry,
            ChargeKind::IssuerShirk => Provision::IssuerShirk,
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
    /// The rule, always SLIP-3.
    pub fn rule(&self) -> Rule {
        self.kind.provision().rule()
    }
}

/// Cumulative figures of one row at a reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Figures {
    sign_days: i64,
    late_days: i64,
    no_inquiry_days: i64,
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

/// The register seen from one period. A slip open across periods is charged in
/// each only what the period adds: the figure at this period's last day minus the
/// figure at the previous period's last day (never below 0).
pub(super) struct PeriodRegister<'r> {
    /// Every register row.
    pub(super) rows: &'r [SlipRow],
    /// Counter-slip links.
    pub(super) amendments: &'r [Amendment],
    /// Points per day and per slip.
    pub(super) rules: &'r SlipRules,
    /// The period's last day.
    pub(super) at: NaiveDate,
    /// The previous period's last day.
    pub(super) prev_end: NaiveDate,
}

/// The charges of one row being gathered, and their total.
struct RowCharges<'r> {
    number: &'r str,
    index: usize,
    row: &'r SlipRow,
    charges: Vec<PointCharge>,
    points: u32,
}

impl RowCharges<'_> {
    /// Charge the row's receiving department, when there is anything to charge.
    fn push(&mut self, kind: ChargeKind, points: i64, basis: String) {
        if points > 0 {
            let p = u32::try_from(points).unwrap_or(u32::MAX);
            self.points = self.points.saturating_add(p);
            self.charges.push(PointCharge {
                number: self.number.to_string(),
                row: self.index,
                dept: self.row.to_dept.trim().to_string(),
                kind,
                points: p,
                basis,
                source: self.row.source.clone(),
            });
        }
    }
}

impl PeriodRegister<'_> {
    /// 发单方推诿 is judged on the slip as a whole: charged once, in the period in
    /// which its last receiver completes.
    pub(super) fn issuer_shirk(&self, group: &SlipGroup) -> Option<PointCharge> {
        let rows = self.rows;
        let closing = |day: NaiveDate| -> Option<NaiveDate> {
            let mut last = None;
            for &r in &group.rows {
                let c = facts_at(rows, self.amendments, r, day).completion?;
                last = last.max(Some(c));
            }
            last
        };
        let shirk_row = group
            .rows
            .iter()
            .copied()
            .find(|&r| rows[r].issuer_shirked == Some(true) && rows[r].replaces.is_none());
        let (Some(r), Some(closed)) = (shirk_row, closing(self.at)) else {
            return None;
        };
        let per = self.rules.issuer_shirk_points;
        if closing(self.prev_end).is_some() || per == 0 {
            return None;
        }
        Some(PointCharge {
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
        })
    }

    /// The period's sign-delay, late-completion and no-inquiry charges of one row
    /// of slip `number` (none for a counter-slip row), and their total; `now` is
    /// the row's facts at the period's end.
    pub(super) fn row_charges(
        &self,
        number: &str,
        index: usize,
        now: &RowFacts<'_>,
    ) -> (Vec<PointCharge>, u32) {
        let row = &self.rows[index];
        let mut out = RowCharges {
            number,
            index,
            row,
            charges: Vec::new(),
            points: 0,
        };
        let is_counter = row.replaces.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !is_counter {
            let allowance = i64::from(self.rules.sign_allowance_days);
            let then = facts_at(self.rows, self.amendments, index, self.prev_end);
            let fig = figures_at(now, allowance, self.at);
            let old = figures_at(&then, allowance, self.prev_end);
            self.sign_delay(row, fig, old, &mut out);
            self.late_completion(now, fig, old, &mut out);
            self.no_inquiry(now, fig, old, &mut out);
        }
        (out.charges, out.points)
    }

    /// Signed later than the allowance after issue (or not signed yet).
    fn sign_delay(&self, row: &SlipRow, fig: Figures, old: Figures, out: &mut RowCharges<'_>) {
        let (at, allowance) = (self.at, i64::from(self.rules.sign_allowance_days));
        let per = i64::from(self.rules.sign_delay_points);
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
                previous_note(before, self.prev_end, total)
            );
            out.push(ChargeKind::SignDelay, total - before, basis);
        }
    }

    /// Completed (or still open) after the agreed date in force.
    fn late_completion(&self, now: &RowFacts<'_>, fig: Figures, old: Figures, out: &mut RowCharges<'_>) {
        let per = i64::from(self.rules.late_completion_points);
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
                None => format!("截至 {} 未完成", ymd(self.at)),
            };
            let basis = format!(
                "{due_words}，{end_words}：逾期 {} 天 × {per} 分 = {total} 分{}",
                fig.late_days,
                previous_note(before, self.prev_end, total)
            );
            out.push(ChargeKind::LateCompletion, total - before, basis);
        }
    }

    /// 未沟通延误天数: charged in the period in which the row is completed.
    fn no_inquiry(&self, now: &RowFacts<'_>, fig: Figures, old: Figures, out: &mut RowCharges<'_>) {
        let per = i64::from(self.rules.no_inquiry_points);
        let (total, before) = (fig.no_inquiry_days * per, old.no_inquiry_days * per);
        if total > before {
            let basis = format!(
                "完成 {}，登记表记未沟通延误 {} 天 × {per} 分 = {total} 分",
                now.completion.map(ymd).unwrap_or_default(),
                fig.no_inquiry_days
            );
            out.push(ChargeKind::NoInquiry, total - before, basis);
        }
    }
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
    use crate::rules::slips::{evaluate, SlipStatus};
    use crate::rules::testkit::{charges_of, done, period, signed, slip, slip_rules};

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
        let f = evaluate(&[a, b], &slip_rules(), &period("2026-12"));
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
        let nov = evaluate(&rows, &slip_rules(), &period("2026-11"));
        assert_eq!(
            charges_of(&nov, "KF-2026-020", ChargeKind::SignDelay),
            vec![("财务部".into(), 10)]
        );
        assert_eq!(nov.rows[0].status, SlipStatus::Unsigned);
        assert_eq!(nov.rows[0].days_overdue, 0);
        // December: 12-31 − 11-27 = 34 days − 1 = 33 × 5 = 165, less the 10 of November = 155
        // (31 more days × 5). No late-completion points: it was never signed.
        let dec = evaluate(&rows, &slip_rules(), &period("2026-12"));
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
        let oct = evaluate(&rows, &slip_rules(), &period("2026-10"));
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
        let nov = evaluate(&rows, &slip_rules(), &period("2026-11"));
        assert_eq!(
            charges_of(&nov, "KF-2026-030", ChargeKind::LateCompletion),
            vec![("财务部".into(), 5)]
        );
        assert_eq!(nov.rows[0].status, SlipStatus::Overdue);
        // December: completed 12-03, 12-03 − 11-25 = 8 days, less 5 = 3.
        let dec = evaluate(&rows, &slip_rules(), &period("2026-12"));
        assert_eq!(
            charges_of(&dec, "KF-2026-030", ChargeKind::LateCompletion),
            vec![("财务部".into(), 3)]
        );
        assert_eq!(dec.rows[0].status.label(), "已完成（逾期 8 天）");
        // January: nothing more.
        let jan = evaluate(&rows, &slip_rules(), &period("2027-01"));
        assert!(jan.charges.is_empty());
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
        let f = evaluate(&[late, on_time], &slip_rules(), &period("2026-11"));
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
        let oct = evaluate(&rows, &slip_rules(), &period("2026-10"));
        assert!(oct.charges.is_empty(), "{:?}", oct.charges);
        // November: everything.
        let nov = evaluate(&rows, &slip_rules(), &period("2026-11"));
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
        let dec = evaluate(&rows, &slip_rules(), &period("2026-12"));
        assert!(dec.charges.is_empty());
    }
}
