//! Pay rules (ATT-2, ATT-3 amounts, ATT-7 notes, PAY-1…6): attendance findings
//! and the complaint and violation registers → one [`Ledger`] plus each
//! employee's counts and the months listed for review.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::config::{AttendanceRules, Config, CountingWindow, LateMode, PayRules};
use crate::model::Period;
use crate::model::Roster;
use crate::model::{Complaint, Dataset, Employee, Fen, Severity, Violation};
use crate::rules::catalog::Rule;
use crate::rules::hr::attendance::{Attendance, DayStatus, ShiftDay};
use crate::rules::hr::employment::Employment;
use crate::rules::hr::quality::{unresolved_message, DataIssue};
use crate::rules::hr::review::{review, PayReview};
use crate::rules::ledger::{DeductionLine, Ledger, LineKind, SourceCell};

/// One employee's counts for the period (the ledger holds the money).
#[derive(Debug, Clone, Serialize)]
pub struct EmployeePay {
    /// 工号.
    pub employee_id: String,
    /// Scheduled working days (应出勤天数), leave days included.
    pub work_days: u32,
    /// Days with a punch on a scheduled shift (实出勤天数).
    pub attended_days: u32,
    /// Approved leave days.
    pub leave_days: u32,
    /// The same by 类型 (`事假`, `病假`; `请假` where the record gives none).
    pub leave_by_kind: BTreeMap<String, u32>,
    /// Rest days by the schedule (休息天数).
    pub rest_days: u32,
    /// Whether the rest days differ from ATT-5's number (month periods only).
    pub rest_days_flagged: bool,
    /// Late arrivals.
    pub late_count: u32,
    /// Sum of late minutes.
    pub late_minutes: u32,
    /// More late arrivals than the month allows (每月不得超过三次).
    pub late_flagged: bool,
    /// Early leaves.
    pub early_leave_count: u32,
    /// Missing punches (缺卡).
    pub missing_punch_count: u32,
    /// Days of absence (旷工).
    pub absence_days: u32,
    /// Complaints in the period for which the company is responsible (fined).
    pub complaints: u32,
    /// Complaints in the period marked 是否本公司责任 = 否 (no fine).
    pub complaints_not_company: u32,
    /// Violations counted over the window up to the period's end.
    pub violations_in_window: u32,
    /// Violations dated in the period.
    pub violations_in_period: u32,
    /// A 3rd-or-later violation fell in the period: dismissal proposal.
    pub dismissal_proposed: bool,
    /// Last day of probation, when the employee is on probation during the period.
    pub probation_until: Option<NaiveDate>,
    /// No complaint the company is responsible for: no complaint fine (PAY-2).
    pub no_complaint_fine: bool,
    /// 扣款合计: every ledger line of the period (set once the ledger is complete).
    pub deducted: Fen,
    /// How 入职日期 and 离职日期 meet the period (ATT-6).
    pub employment: Employment,
    /// PAY-6: the 备注 marks of a month listed for review.
    pub review_flags: Vec<String>,
}

impl EmployeePay {
    /// An employee's counts before anything is counted: zeros, the probation
    /// and the employment dates of the period.
    fn blank(emp: &Employee, config: &Config, period: &Period) -> EmployeePay {
        EmployeePay {
            employee_id: emp.id.clone(),
            work_days: 0,
            attended_days: 0,
            leave_days: 0,
            leave_by_kind: BTreeMap::new(),
            rest_days: 0,
            rest_days_flagged: false,
            late_count: 0,
            late_minutes: 0,
            late_flagged: false,
            early_leave_count: 0,
            missing_punch_count: 0,
            absence_days: 0,
            complaints: 0,
            complaints_not_company: 0,
            violations_in_window: 0,
            violations_in_period: 0,
            dismissal_proposed: false,
            probation_until: probation_until(emp, config.rules.pay.probation_months, period),
            no_complaint_fine: true,
            deducted: Fen::ZERO,
            employment: Employment::of(emp, period),
            review_flags: Vec::new(),
        }
    }

    /// Whether nothing at all is held against the month: no deduction, no fine,
    /// no dismissal proposal, and no late arrival, early leave, missing punch or
    /// absence (counted even where it costs nothing).
    pub fn is_clean(&self) -> bool {
        self.deducted == Fen::ZERO
            && !self.dismissal_proposed
            && self.late_count == 0
            && self.early_leave_count == 0
            && self.missing_punch_count == 0
            && self.absence_days == 0
    }

    /// The 备注 flags, in a fixed order. `基本工资全额发放` only for a clean month
    /// ([`EmployeePay::is_clean`]); otherwise what applies: the absences, missing
    /// punches and early leaves by name and `无投诉罚款` when no complaint was fined.
    pub fn flags(&self, late_flag_over: u32) -> Vec<String> {
        let mut f = self.review_flags.clone();
        if self.late_flagged {
            f.push(format!("本月迟到超过 {late_flag_over}\u{a0}次"));
        }
        if self.dismissal_proposed {
            f.push("建议开除".to_string());
        }
        if self.absence_days > 0 {
            f.push(format!("旷工\u{a0}{}\u{a0}天", self.absence_days));
        }
        if self.missing_punch_count > 0 {
            f.push(format!("缺卡\u{a0}{}\u{a0}次", self.missing_punch_count));
        }
        if self.early_leave_count > 0 {
            f.push(format!("早退\u{a0}{}\u{a0}次", self.early_leave_count));
        }
        if self.is_clean() {
            f.push("基本工资全额发放".to_string());
        } else if self.no_complaint_fine {
            f.push("无投诉罚款".to_string());
        }
        if let Some(last) = self.probation_until {
            f.push(format!("试用期（至 {}）", last.format("%Y-%m-%d")));
        }
        f.extend(self.employment.notes());
        if self.rest_days_flagged {
            f.push(format!("休息天数 {} 天与规定不符", self.rest_days));
        }
        if self.complaints_not_company > 0 {
            f.push(format!(
                "{}\u{a0}次投诉非本公司责任，不罚款",
                self.complaints_not_company
            ));
        }
        f
    }
}

/// A personal call longer than the threshold, listed for review (PAY-4).
#[derive(Debug, Clone, Serialize)]
pub struct PersonalCallReview {
    /// 工号.
    pub employee_id: String,
    /// 开始时间.
    pub start: chrono::NaiveDateTime,
    /// Talk time in seconds.
    pub talk_seconds: u32,
    /// The call's row.
    pub cell: SourceCell,
}

/// Everything the pay rules decide for a period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PayOutcome {
    /// Every deduction, fine and proposal.
    pub ledger: Ledger,
    /// Per employee, roster order.
    pub employees: Vec<EmployeePay>,
    /// PAY-4 review list.
    pub personal_calls: Vec<PersonalCallReview>,
    /// Register rows that could not be attributed.
    pub issues: Vec<DataIssue>,
    /// PAY-6: months listed for review (amounts unchanged), roster order.
    pub reviews: Vec<PayReview>,
}

/// The first day of the violation counting window that ends with the period (PAY-3).
pub fn window_start(window: CountingWindow, period: &Period) -> NaiveDate {
    match window {
        CountingWindow::CalendarYear => {
            NaiveDate::from_ymd_opt(period.end.year(), 1, 1).unwrap_or(period.start)
        }
        CountingWindow::CalendarMonth => period.start,
        CountingWindow::Rolling12Months => period
            .end
            .checked_sub_months(Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(period.start),
    }
}

/// The counting window of PAY-3 as the documents name it: `自然年`, `自然月`, `最近十二个月`.
pub fn window_name(window: CountingWindow) -> &'static str {
    match window {
        CountingWindow::CalendarYear => "自然年",
        CountingWindow::CalendarMonth => "自然月",
        CountingWindow::Rolling12Months => "最近十二个月",
    }
}

/// The violations counted over the window, as a column heads them: `本年累计`,
/// `本月累计`, `近十二个月累计`.
pub fn cumulative_label(window: CountingWindow) -> &'static str {
    match window {
        CountingWindow::CalendarYear => "本年累计",
        CountingWindow::CalendarMonth => "本月累计",
        CountingWindow::Rolling12Months => "近十二个月累计",
    }
}

fn window_word(window: CountingWindow) -> &'static str {
    match window {
        CountingWindow::CalendarYear => "本年",
        CountingWindow::CalendarMonth => "本月",
        CountingWindow::Rolling12Months => "近 12 个月",
    }
}

fn pct(bp: i64) -> String {
    crate::config::Percent { bp }.to_string() + "%"
}

/// Apply the pay rules to the attendance findings and the registers.
///
/// The ledger holds, per employee in roster order: ATT-2 late arrivals and
/// ATT-3 amounts, then PAY-2 complaint fines and PAY-3 violation fines and
/// proposals, sorted by roster order, date and rule.
pub fn assess(
    roster: &Roster<'_>,
    attendance: &Attendance,
    data: &Dataset,
    config: &Config,
    period: &Period,
) -> PayOutcome {
    let att = &config.rules.attendance;
    let pay = &config.rules.pay;
    let mut lines: Vec<DeductionLine> = Vec::new();
    let mut per: BTreeMap<&str, EmployeePay> = BTreeMap::new();

    // Attendance counts and ATT-2 / ATT-3 lines.
    let days_by_emp = attendance.by_employee();
    // Whose rest days were flagged (ATT-5), looked up once per employee.
    let rest_flagged: HashSet<&str> = attendance
        .rest_checks
        .iter()
        .filter(|r| r.is_flagged())
        .map(|r| r.employee_id.as_str())
        .collect();
    for emp in roster.employees() {
        let days: Vec<&ShiftDay> = days_by_emp.days_of(&emp.id).collect();
        let days = days.as_slice();
        let mut ep = attendance_counts(emp, days, config, period);
        ep.rest_days_flagged = rest_flagged.contains(emp.id.as_str());
        lines.extend(late_arrival_lines(emp, days, ep.late_count, att));
        lines.extend(attendance_fine_lines(emp, days, att));
        lines.extend(correction_lines(emp, days));
        per.insert(emp.id.as_str(), ep);
    }

    let (complaints, mut issues) = complaints_in_period(roster, data, period);
    lines.extend(complaint_fines(complaints, pay, &mut per));

    let (violations, violation_issues) = violations_in_window(roster, data, pay, period);
    issues.extend(violation_issues);
    lines.extend(violation_lines(roster, violations, pay, period, &mut per));

    let (personal_calls, call_issues) = personal_call_reviews(roster, data, pay, period);
    issues.extend(call_issues);

    let mut ledger = Ledger { lines };
    let mut reviews = Vec::new();
    {
        let index = ledger.index();
        for (id, ep) in per.iter_mut() {
            ep.deducted = index.total_for(id);
        }
        for emp in roster.employees() {
            if let (Some(r), Some(ep)) = (
                review(emp, index.total_for(&emp.id), pay),
                per.get_mut(emp.id.as_str()),
            ) {
                ep.review_flags = r.flags.clone();
                reviews.push(r);
            }
        }
    }
    for r in &reviews {
        if let Some(emp) = roster.by_id(&r.employee_id) {
            ledger.lines.push(r.note(emp, period.end));
        }
    }
    sort_ledger(roster, &mut ledger.lines);
    let employees = roster
        .employees()
        .iter()
        .filter_map(|e| per.remove(e.id.as_str()))
        .collect();
    PayOutcome {
        ledger,
        employees,
        personal_calls,
        issues,
        reviews,
    }
}

/// The fines of a period alone (PAY-2 complaint fines, PAY-3 violation fines),
/// as [`assess`] makes them, without the attendance they do not depend on: the
/// activity fund's receipts of a month before the one being reported (PAY-5).
pub fn fines_of(roster: &Roster<'_>, data: &Dataset, config: &Config, period: &Period) -> Vec<DeductionLine> {
    let pay = &config.rules.pay;
    let mut per: BTreeMap<&str, EmployeePay> = roster
        .employees()
        .iter()
        .map(|e| (e.id.as_str(), EmployeePay::blank(e, config, period)))
        .collect();
    let (complaints, _) = complaints_in_period(roster, data, period);
    let mut lines = complaint_fines(complaints, pay, &mut per);
    let (violations, _) = violations_in_window(roster, data, pay, period);
    lines.extend(violation_lines(roster, violations, pay, period, &mut per));
    lines.retain(DeductionLine::is_fine);
    lines
}

/// An employee's attendance counts and flags for the period, before the registers.
fn attendance_counts(emp: &Employee, days: &[&ShiftDay], config: &Config, period: &Period) -> EmployeePay {
    let mut ep = EmployeePay::blank(emp, config, period);
    for d in days {
        match d.status {
            DayStatus::Worked => {
                ep.work_days += 1;
                ep.attended_days += 1;
            }
            DayStatus::Absent => {
                ep.work_days += 1;
                ep.absence_days += 1;
            }
            DayStatus::Leave => {
                ep.work_days += 1;
                ep.leave_days += 1;
                let kind = d
                    .leave
                    .as_ref()
                    .and_then(|l| l.kind.as_deref())
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .unwrap_or("请假");
                *ep.leave_by_kind.entry(kind.to_string()).or_default() += 1;
            }
            DayStatus::Rest => ep.rest_days += 1,
            DayStatus::UnknownShift | DayStatus::BeforeHire | DayStatus::AfterLeaving => {}
        }
        if d.is_late() {
            ep.late_count += 1;
            ep.late_minutes += d.late_minutes;
        }
        if d.is_early_leave() {
            ep.early_leave_count += 1;
        }
        ep.missing_punch_count += d.missing_punches();
    }
    ep.late_flagged = ep.late_count > config.rules.attendance.late_flag_over;
    ep
}

/// The rate (basis points) of the `k`-th of `n` late arrivals in the month, and why (ATT-2).
fn late_rate(att: &AttendanceRules, k: u32, n: u32) -> (i64, String) {
    match att.late_mode {
        LateMode::All if n >= att.late_threshold => (
            att.late_rate_high.bp,
            format!(
                "本月第 {k}\u{a0}次迟到（本月共 {n}\u{a0}次，达到 {}\u{a0}次），按 {} 计",
                att.late_threshold,
                pct(att.late_rate_high.bp)
            ),
        ),
        LateMode::All => (
            att.late_rate_low.bp,
            format!(
                "本月第 {k}\u{a0}次迟到（本月共 {n}\u{a0}次），按 {} 计",
                pct(att.late_rate_low.bp)
            ),
        ),
        LateMode::FromThird if k >= att.late_threshold => (
            att.late_rate_high.bp,
            format!(
                "本月第 {k}\u{a0}次迟到（第 {}\u{a0}次起），按 {} 计",
                att.late_threshold,
                pct(att.late_rate_high.bp)
            ),
        ),
        LateMode::FromThird => (
            att.late_rate_low.bp,
            format!("本月第 {k}\u{a0}次迟到，按 {} 计", pct(att.late_rate_low.bp)),
        ),
    }
}

/// ATT-2: one deduction per late arrival, a percentage of the base pay; `n` is the month's late count.
fn late_arrival_lines(
    emp: &Employee,
    days: &[&ShiftDay],
    n: u32,
    att: &AttendanceRules,
) -> Vec<DeductionLine> {
    let mut lines = Vec::new();
    let mut k = 0;
    for d in days.iter().filter(|d| d.is_late()) {
        k += 1;
        let (rate, why) = late_rate(att, k, n);
        let amount = emp.base_pay.percent_bp(rate);
        let mut sources = Vec::new();
        if let Some(p) = &d.clock_in {
            sources.push(p.cell());
        }
        if let Some(c) = d.schedule_cell() {
            sources.push(c);
        }
        sources.push(SourceCell::new(&emp.source, "基本工资"));
        let clock = d.clock_in.as_ref().map(|p| p.words()).unwrap_or_default();
        let start = d.start.map(|s| s.format("%H:%M").to_string()).unwrap_or_default();
        lines.push(DeductionLine {
            employee_id: emp.id.clone(),
            employee_name: emp.name.clone(),
            date: d.date,
            rule: Rule::Att2,
            kind: LineKind::Deduction,
            reason: "迟到".into(),
            detail: None,
            basis: format!(
                "班次 {} {start} 上班，{clock}，迟到 {}\u{a0}分钟；{why}；基本工资 {} × {} = {}",
                d.shift,
                d.late_minutes,
                emp.base_pay,
                pct(rate),
                amount
            ),
            amount,
            sources,
        });
    }
    lines
}

/// ATT-3: early leaves, missing punches and absences, only where the config sets an amount.
fn attendance_fine_lines(emp: &Employee, days: &[&ShiftDay], att: &AttendanceRules) -> Vec<DeductionLine> {
    let mut lines = Vec::new();
    for d in days {
        let mut push = |reason: &str, detail: String, amount: Fen, sources: Vec<SourceCell>| {
            lines.push(DeductionLine {
                employee_id: emp.id.clone(),
                employee_name: emp.name.clone(),
                date: d.date,
                rule: Rule::Att3,
                kind: LineKind::Deduction,
                reason: reason.into(),
                detail: None,
                basis: format!("{detail}；按规定每次扣款 {amount}"),
                amount,
                sources,
            });
        };
        let sched: Vec<SourceCell> = d.schedule_cell().into_iter().collect();
        if d.is_early_leave() && att.early_leave_fine.0 > Fen::ZERO {
            let mut s: Vec<SourceCell> = d.clock_out.iter().map(|p| p.cell()).collect();
            s.extend(sched.clone());
            let out = d
                .clock_out
                .as_ref()
                .map(|p| format!("{}，", p.words()))
                .unwrap_or_default();
            push(
                "早退",
                format!("{out}早退 {}\u{a0}分钟", d.early_leave_minutes),
                att.early_leave_fine.0,
                s,
            );
        }
        if d.missing_punches() > 0 && att.missing_punch_fine.0 > Fen::ZERO {
            for what in [(d.missing_in, "上班"), (d.missing_out, "下班")]
                .iter()
                .filter(|w| w.0)
                .map(|w| w.1)
            {
                let mut s: Vec<SourceCell> = d
                    .clock_in
                    .iter()
                    .chain(d.clock_out.iter())
                    .map(|p| p.cell())
                    .collect();
                s.extend(sched.clone());
                push(
                    "缺卡",
                    format!("班次 {} {what}未打卡", d.shift),
                    att.missing_punch_fine.0,
                    s,
                );
            }
        }
        if d.status == DayStatus::Absent && att.absence_fine.0 > Fen::ZERO {
            push(
                "旷工",
                format!("班次 {} 排班无打卡、无批准请假", d.shift),
                att.absence_fine.0,
                sched.clone(),
            );
        }
    }
    lines
}

/// ATT-7: a note (no money) for every shift-day an approved correction changed,
/// citing the correction with its cell, what the day would have been without it
/// and what it is with it.
fn correction_lines(emp: &Employee, days: &[&ShiftDay]) -> Vec<DeductionLine> {
    let mut lines = Vec::new();
    for d in days {
        let Some(effect) = &d.corrected else { continue };
        let used: Vec<String> = d.corrections().map(|p| p.words()).collect();
        let mut sources: Vec<SourceCell> = d.corrections().map(|p| p.cell()).collect();
        sources.extend(d.schedule_cell());
        let hours = match (d.start, d.end) {
            (Some(s), Some(e)) => format!(" {}–{}", s.format("%H:%M"), e.format("%H:%M")),
            _ => String::new(),
        };
        lines.push(DeductionLine {
            employee_id: emp.id.clone(),
            employee_name: emp.name.clone(),
            date: d.date,
            rule: Rule::Att7,
            kind: LineKind::Note,
            reason: "补卡（已审批）".into(),
            detail: None,
            basis: format!(
                "班次 {}{hours}；{}；无此补卡则为{}，补卡后为{}",
                d.shift,
                used.join("；"),
                effect.without,
                effect.with
            ),
            amount: Fen::ZERO,
            sources,
        });
    }
    lines
}

/// PAY-2: the period's complaints with their employee, by date then register row;
/// and the complaints whose employee cannot be found.
fn complaints_in_period<'a>(
    roster: &Roster<'a>,
    data: &'a Dataset,
    period: &Period,
) -> (Vec<(&'a Employee, &'a Complaint)>, Vec<DataIssue>) {
    let mut complaints: Vec<(&Employee, &Complaint)> = Vec::new();
    let mut issues = Vec::new();
    for c in &data.complaints {
        if !period.contains(c.date) {
            continue;
        }
        match roster.resolve(&c.employee) {
            Ok(e) => complaints.push((e, c)),
            Err(why) => issues.push(DataIssue::new(
                Rule::Pay2,
                &c.source,
                "工号",
                unresolved_message(&c.employee, &why),
            )),
        }
    }
    complaints.sort_by(|a, b| {
        a.1.date
            .cmp(&b.1.date)
            .then_with(|| a.1.source.row.cmp(&b.1.source.row))
    });
    (complaints, issues)
}

/// PAY-2: a fine by severity for each complaint the company is responsible for;
/// the others are only counted.
fn complaint_fines(
    complaints: Vec<(&Employee, &Complaint)>,
    pay: &PayRules,
    per: &mut BTreeMap<&str, EmployeePay>,
) -> Vec<DeductionLine> {
    let mut lines = Vec::new();
    for (emp, c) in complaints {
        let Some(ep) = per.get_mut(emp.id.as_str()) else {
            continue;
        };
        if !c.company_fault {
            ep.complaints_not_company += 1;
            continue;
        }
        ep.complaints += 1;
        ep.no_complaint_fine = false;
        let fines = &pay.complaint_fines;
        let amount = match c.severity {
            Severity::Minor => fines.minor.0,
            Severity::Serious => fines.serious.0,
            Severity::Severe => fines.severe.0,
        };
        let content = c.content.as_deref().map(|t| format!("：{t}")).unwrap_or_default();
        lines.push(DeductionLine {
            employee_id: emp.id.clone(),
            employee_name: emp.name.clone(),
            date: c.date,
            rule: Rule::Pay2,
            kind: LineKind::Fine,
            reason: format!("投诉（{}）", c.severity.label()),
            detail: None,
            basis: format!(
                "{}投诉{content}；严重程度 {}，本公司责任；按{}投诉每次罚款 {}",
                c.origin.as_deref().unwrap_or(""),
                c.severity.label(),
                c.severity.label(),
                amount
            ),
            amount,
            sources: vec![
                SourceCell::new(&c.source, "严重程度"),
                SourceCell::new(&c.source, "是否本公司责任"),
            ],
        });
    }
    lines
}

/// PAY-3: each employee's violations in the counting window that ends with the
/// period; and the period's violations whose employee cannot be found.
fn violations_in_window<'a>(
    roster: &Roster<'a>,
    data: &'a Dataset,
    pay: &PayRules,
    period: &Period,
) -> (BTreeMap<&'a str, Vec<&'a Violation>>, Vec<DataIssue>) {
    let from = window_start(pay.violation_window, period);
    let mut violations: BTreeMap<&str, Vec<&Violation>> = BTreeMap::new();
    let mut issues = Vec::new();
    for v in &data.violations {
        if v.date < from || v.date > period.end {
            continue;
        }
        match roster.resolve(&v.employee) {
            Ok(e) => violations.entry(e.id.as_str()).or_default().push(v),
            Err(why) => {
                if period.contains(v.date) {
                    issues.push(DataIssue::new(
                        Rule::Pay3,
                        &v.source,
                        "工号",
                        unresolved_message(&v.employee, &why),
                    ))
                }
            }
        }
    }
    (violations, issues)
}

/// PAY-3: for each violation dated in the period, a fine by its rank in the
/// window, or from the dismissal count on a dismissal proposal.
fn violation_lines(
    roster: &Roster<'_>,
    mut violations: BTreeMap<&str, Vec<&Violation>>,
    pay: &PayRules,
    period: &Period,
    per: &mut BTreeMap<&str, EmployeePay>,
) -> Vec<DeductionLine> {
    let mut lines = Vec::new();
    for emp in roster.employees() {
        let Some(vs) = violations.get_mut(emp.id.as_str()) else {
            continue;
        };
        vs.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.source.row.cmp(&b.source.row)));
        let Some(ep) = per.get_mut(emp.id.as_str()) else {
            continue;
        };
        ep.violations_in_window = vs.len() as u32;
        let word = window_word(pay.violation_window);
        for (i, v) in vs.iter().enumerate() {
            let k = i as u32 + 1;
            if !period.contains(v.date) {
                continue;
            }
            ep.violations_in_period += 1;
            let earlier: Vec<String> = vs[..i]
                .iter()
                .map(|e| e.date.format("%Y-%m-%d").to_string())
                .collect();
            let history = if earlier.is_empty() {
                String::new()
            } else {
                format!("（此前：{}）", earlier.join("、"))
            };
            let note = v.note.as_deref().map(|t| format!("：{t}")).unwrap_or_default();
            let (kind, amount, what) = if k >= pay.violation_dismissal_count {
                ep.dismissal_proposed = true;
                (
                    LineKind::DismissalProposal,
                    Fen::ZERO,
                    format!("第 {}\u{a0}次起建议开除，不罚款", pay.violation_dismissal_count),
                )
            } else {
                let fine = pay
                    .violation_fines
                    .get(i)
                    .or(pay.violation_fines.last())
                    .map(|a| a.0)
                    .unwrap_or(Fen::ZERO);
                (LineKind::Fine, fine, format!("第 {k}\u{a0}次罚款 {fine}"))
            };
            lines.push(DeductionLine {
                employee_id: emp.id.clone(),
                employee_name: emp.name.clone(),
                date: v.date,
                rule: Rule::Pay3,
                kind,
                reason: "违规".into(),
                detail: Some(v.kind.clone()),
                basis: format!("{}{note}；{word}第 {k}\u{a0}次违规{history}；{what}", v.kind),
                amount,
                sources: vec![SourceCell::new(&v.source, "违规类型")],
            });
        }
    }
    lines
}

/// PAY-4: the period's personal calls longer than the threshold, by employee then
/// start; and the calls whose agent cannot be found. A call is the rows of one
/// call ID merged as the call figures merge them (its talk is all its rows'), so
/// the 待核查 sheet and the weekly report list the same calls with the same times.
fn personal_call_reviews(
    roster: &Roster<'_>,
    data: &Dataset,
    pay: &PayRules,
    period: &Period,
) -> (Vec<PersonalCallReview>, Vec<DataIssue>) {
    let mut personal_calls = Vec::new();
    let mut issues = Vec::new();
    for m in crate::rules::ops::calls::merge_calls(&data.calls, period) {
        if m.kind != crate::model::CallKind::Personal
            || m.direction == crate::model::CallDirection::Internal
            || m.talk_seconds <= pay.personal_call_review_seconds
        {
            continue;
        }
        let c = m.main;
        match roster.resolve(&c.agent) {
            Ok(e) => personal_calls.push(PersonalCallReview {
                employee_id: e.id.clone(),
                start: m.start,
                talk_seconds: m.talk_seconds,
                cell: SourceCell::new(&c.source, "通话类型"),
            }),
            Err(why) => issues.push(DataIssue::new(
                Rule::Pay4,
                &c.source,
                "坐席工号",
                unresolved_message(&c.agent, &why),
            )),
        }
    }
    personal_calls.sort_by(|a, b| a.employee_id.cmp(&b.employee_id).then(a.start.cmp(&b.start)));
    (personal_calls, issues)
}

/// Ledger order: roster order, then date, then rule (a stable sort: lines equal
/// on all three keep the order they were made in).
fn sort_ledger(roster: &Roster<'_>, lines: &mut [DeductionLine]) {
    let order: BTreeMap<&str, usize> = roster
        .employees()
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    lines.sort_by(|a, b| {
        let oa = order.get(a.employee_id.as_str()).copied().unwrap_or(usize::MAX);
        let ob = order.get(b.employee_id.as_str()).copied().unwrap_or(usize::MAX);
        oa.cmp(&ob).then(a.date.cmp(&b.date)).then(a.rule.cmp(&b.rule))
    });
}

/// The last day of probation, if the employee is on probation at some point in the period (PAY-1).
pub fn probation_until(emp: &Employee, months: u32, period: &Period) -> Option<NaiveDate> {
    let hire = emp.hire_date?;
    let end_excl = hire.checked_add_months(Months::new(months))?;
    let last = end_excl.pred_opt()?;
    (months > 0 && hire <= period.end && last >= period.start).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::hr::attendance::evaluate_with;
    use crate::rules::testkit::{at, day, employee, Kit};

    fn nov() -> Period {
        Period::month(2026, 11).expect("November")
    }

    /// K001 on 常规 (08:30–17:30) all November, rest on the 1st, 8th, 15th, 22nd;
    /// punches on time every work day, except that the first `late` work days
    /// (11-02, 11-03, …) start at 08:40 (10 minutes late).
    fn month_with_lates(base_fen: i64, late: u32) -> Kit {
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
        let roster = Roster::new(&k.data.employees);
        let a = evaluate_with(&roster, &k.data, cfg, &nov());
        assess(&roster, &a, &k.data, cfg, &nov())
    }

    fn late_amounts(o: &PayOutcome) -> Vec<i64> {
        o.ledger
            .lines
            .iter()
            .filter(|l| l.rule == Rule::Att2)
            .map(|l| l.amount.0)
            .collect()
    }

    fn cfg(mode: LateMode) -> Config {
        let mut c = Config::default();
        c.rules.attendance.late_mode = mode;
        c
    }

    #[test]
    fn two_late_arrivals_both_modes() {
        // Base ¥4,000.00; 2 < 3, so both modes charge 2%: 4000 × 2% = ¥80.00 each.
        let k = month_with_lates(400_000, 2);
        for mode in [LateMode::All, LateMode::FromThird] {
            let o = run(&k, &cfg(mode));
            assert_eq!(late_amounts(&o), vec![8_000, 8_000]);
            assert_eq!(o.ledger.total_for("K001"), Fen(16_000));
            assert!(!o.employees[0].late_flagged);
            assert_eq!(o.employees[0].late_minutes, 20);
        }
    }

    #[test]
    fn three_late_arrivals_both_modes() {
        // all: the month reaches 3, so every one at 5%: 3 × ¥200.00 = ¥600.00.
        let o = run(&month_with_lates(400_000, 3), &cfg(LateMode::All));
        assert_eq!(late_amounts(&o), vec![20_000, 20_000, 20_000]);
        assert_eq!(o.ledger.total_for("K001"), Fen(60_000));
        // from_third: ¥80.00 + ¥80.00 + ¥200.00 = ¥360.00.
        let o = run(&month_with_lates(400_000, 3), &cfg(LateMode::FromThird));
        assert_eq!(late_amounts(&o), vec![8_000, 8_000, 20_000]);
        assert_eq!(o.ledger.total_for("K001"), Fen(36_000));
        // 3 is not more than 3: no flag.
        assert!(!o.employees[0].late_flagged);
        let first = &o.ledger.lines[2];
        assert!(
            first.basis.contains(
                "迟到 10\u{a0}分钟；本月第 3\u{a0}次迟到（第 3\u{a0}次起），按 5% 计；基本工资 ¥4,000.00 × 5% = ¥200.00"
            ),
            "{}",
            first.basis
        );
    }

    #[test]
    fn five_late_arrivals_both_modes_and_flag() {
        // all: 5 × ¥200.00 = ¥1,000.00; from_third: 2 × ¥80.00 + 3 × ¥200.00 = ¥760.00.
        let o = run(&month_with_lates(400_000, 5), &cfg(LateMode::All));
        assert_eq!(o.ledger.total_for("K001"), Fen(100_000));
        assert!(o.employees[0].late_flagged);
        // ¥1,000.00 is 25% of the base: also listed for review (PAY-6), the amounts stand.
        assert_eq!(
            o.employees[0].flags(3)[..2],
            [
                "扣款超过基本工资的 20%，待核查".to_string(),
                "本月迟到超过 3\u{a0}次".to_string()
            ]
        );
        let o = run(&month_with_lates(400_000, 5), &cfg(LateMode::FromThird));
        assert_eq!(late_amounts(&o), vec![8_000, 8_000, 20_000, 20_000, 20_000]);
        assert_eq!(o.ledger.total_for("K001"), Fen(76_000));
        // Late deductions are deductions, not fines: nothing on the fund.
        assert!(o.ledger.fines().is_empty());
    }

    #[test]
    fn half_up_to_the_fen() {
        // 2% of ¥3,187.25 = ¥63.745 → ¥63.75 (half-even would give ¥63.74).
        let o = run(&month_with_lates(318_725, 1), &cfg(LateMode::All));
        assert_eq!(late_amounts(&o), vec![6_375]);
        assert!(o.ledger.lines[0]
            .basis
            .ends_with("基本工资 ¥3,187.25 × 2% = ¥63.75"));
    }

    #[test]
    fn complaint_not_the_company_fault_is_not_fined() {
        // 11-05 一般, 是否本公司责任 = 否 → no fine, still 基本工资全额发放.
        // K002's 较重 complaint on 11-06 is the company's → ¥30.00 on the fund.
        let k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .emp(employee("K002", "李四", 400_000))
            .complaint("K001", day(11, 5), Severity::Minor, false)
            .complaint("K002", day(11, 6), Severity::Serious, true);
        let o = run(&k, &Config::default());
        assert_eq!(o.ledger.for_employee("K001").count(), 0);
        let k1 = &o.employees[0];
        assert_eq!(
            (k1.complaints, k1.complaints_not_company, k1.no_complaint_fine),
            (0, 1, true)
        );
        let k2 = &o.employees[1];
        assert_eq!((k2.complaints, k2.no_complaint_fine), (1, false));
        assert_eq!(o.ledger.total_for_rule("K002", Rule::Pay2), Fen(3_000));
        let fines = o.ledger.fines();
        assert_eq!(fines.len(), 1);
        assert_eq!(fines[0].rule, Rule::Pay2);
    }

    #[test]
    fn third_violation_of_the_year_proposes_dismissal() {
        // K001: 09-03 and 10-15 in earlier months, 11-12 is the 3rd of 2026 →
        // 建议开除, no fine. K002: first violation 11-20 → ¥10.00.
        // A violation of 2025-12-30 is outside the calendar-year window.
        let k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .emp(employee("K002", "李四", 400_000))
            .violation("K001", day(9, 3))
            .violation("K001", day(10, 15))
            .violation("K001", day(11, 12))
            .violation(
                "K002",
                chrono::NaiveDate::from_ymd_opt(2025, 12, 30).expect("date"),
            )
            .violation("K002", day(11, 20));
        let o = run(&k, &Config::default());
        let l1: Vec<_> = o.ledger.for_employee("K001").collect();
        assert_eq!(l1.len(), 1);
        assert_eq!(
            (l1[0].kind, l1[0].amount),
            (LineKind::DismissalProposal, Fen::ZERO)
        );
        assert!(
            l1[0]
                .basis
                .contains("本年第 3\u{a0}次违规（此前：2026-09-03、2026-10-15）"),
            "{}",
            l1[0].basis
        );
        let e1 = &o.employees[0];
        assert_eq!(
            (
                e1.violations_in_window,
                e1.violations_in_period,
                e1.dismissal_proposed
            ),
            (3, 1, true)
        );
        let l2: Vec<_> = o.ledger.for_employee("K002").collect();
        assert_eq!((l2[0].kind, l2[0].amount), (LineKind::Fine, Fen(1_000)));
        assert_eq!(o.employees[1].violations_in_window, 1);
        // The fund holds the ¥10.00 fine only; the proposal carries no money.
        assert_eq!(o.ledger.fines().len(), 1);
    }

    #[test]
    fn probation_shown() {
        // Hired 2026-09-15 with 3 months' probation → last day 2026-12-14: on
        // probation in November. Hired 2026-05-01 → ended 2026-07-31: not.
        let mut a = employee("K001", "张三", 400_000);
        a.hire_date = Some(day(9, 15));
        let mut b = employee("K002", "李四", 400_000);
        b.hire_date = Some(day(5, 1));
        let k = Kit::default().emp(a).emp(b);
        let o = run(&k, &Config::default());
        assert_eq!(o.employees[0].probation_until, Some(day(12, 14)));
        assert!(o.employees[0]
            .flags(3)
            .contains(&"试用期（至 2026-12-14）".to_string()));
        assert_eq!(o.employees[1].probation_until, None);
    }

    #[test]
    fn employee_without_events() {
        // Every work day on time, no complaints or violations: no ledger line,
        // 26 scheduled and attended days, 4 rest days, 基本工资全额发放.
        let o = run(&month_with_lates(400_000, 0), &Config::default());
        assert!(o.ledger.lines.is_empty());
        let e = &o.employees[0];
        assert_eq!((e.work_days, e.attended_days, e.rest_days), (26, 26, 4));
        assert_eq!(e.flags(3), vec!["基本工资全额发放".to_string()]);
    }

    #[test]
    fn full_base_pay_only_when_nothing_is_held_against_the_month() {
        // Two late arrivals (2 × ¥80.00), no complaint: not 基本工资全额发放 but 无投诉罚款.
        let o = run(&month_with_lates(400_000, 2), &Config::default());
        assert_eq!(o.employees[0].deducted, Fen(16_000));
        assert_eq!(o.employees[0].flags(3), vec!["无投诉罚款".to_string()]);
        // No money at all, but one day of 旷工 (11-03, no punch) and a missing
        // clock-out (11-02): named, and not 基本工资全额发放 either.
        let rest: Vec<u32> = (1..=30).filter(|d| *d != 2 && *d != 3).collect();
        let k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .november("K001", "常规", &rest)
            .punch("K001", at(11, 2, 8, 20, 0));
        let o = run(&k, &Config::default());
        assert_eq!(o.employees[0].deducted, Fen::ZERO);
        // (Every other day is a rest day here, so ATT-5 flags the month as well.)
        assert_eq!(
            o.employees[0].flags(3)[..3],
            [
                "旷工\u{a0}1\u{a0}天".to_string(),
                "缺卡\u{a0}1\u{a0}次".to_string(),
                "无投诉罚款".to_string()
            ]
        );
    }

    #[test]
    fn att3_amounts_only_where_configured() {
        // 11-02 left at 17:00 (30 min early) and 11-03 had no punch (旷工).
        // Default amounts are 0: counted, no line. With ¥20.00 early leave and
        // ¥100.00 absence: two ATT-3 lines, ¥120.00, deductions not fines.
        // Every other November day is a rest day.
        let rest: Vec<u32> = (1..=30).filter(|d| *d != 2 && *d != 3).collect();
        let k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .november("K001", "常规", &rest)
            .punch("K001", at(11, 2, 8, 20, 0))
            .punch("K001", at(11, 2, 17, 0, 0));
        let o = run(&k, &Config::default());
        assert!(o.ledger.lines.is_empty());
        assert_eq!(
            (o.employees[0].early_leave_count, o.employees[0].absence_days),
            (1, 1)
        );
        let mut c = Config::default();
        c.rules.attendance.early_leave_fine = crate::config::Amount(Fen(2_000));
        c.rules.attendance.absence_fine = crate::config::Amount(Fen(10_000));
        let o = run(&k, &c);
        assert_eq!(o.ledger.lines.len(), 2);
        assert_eq!(o.ledger.total_for_rule("K001", Rule::Att3), Fen(12_000));
        assert!(o.ledger.fines().is_empty());
    }
}
