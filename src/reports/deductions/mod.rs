//! 月度扣款表, 扣款通知单 (one per employee) and 部门活动经费台账 for a period.
//!
//! [`compute`] runs the attendance and pay rules once; every document here and
//! `zhidu explain` are built from its [`HrMonth`] (the ledger and the findings),
//! so they agree to the fen.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, LateMode};
use crate::model::Period;
use crate::model::Roster;
use crate::model::{Dataset, Employee, Fen};
use crate::output::note::{NoticeOwner, SetNote};
use crate::output::stage::DocumentSink;
use crate::reports::manual::Citations;
use crate::reports::money_words::rmb_upper;
use crate::reports::registry::DEDUCTIONS;
use crate::reports::{PeriodView, RunContext};
use crate::rules::catalog::Rule;
use crate::rules::hr::attendance::{evaluate_with, Attendance};
use crate::rules::hr::pay::{assess, cumulative_label, window_name, EmployeePay, PayOutcome};
use crate::rules::hr::quality::DataIssue;
use crate::rules::ledger::{DeductionLine, LedgerIndex};

mod fund;
mod notice;

pub use fund::{fund_context, FundContext, FundEntry};
pub use notice::{
    date_words, issue_date, notice_contexts, notice_number, notice_path, notice_rows, notice_stem,
    NoticeContext,
};

/// Everything the HR rules decide for one period.
#[derive(Debug, Clone, Serialize)]
pub struct HrMonth {
    /// The period.
    #[serde(skip)]
    pub period: Period,
    /// Shift-days and rest-day checks.
    pub attendance: Attendance,
    /// Ledger, per-employee counts, PAY-4 review list.
    pub pay: PayOutcome,
    /// Schedule entries and punches dated in the period (0 means an empty period).
    pub records_in_period: usize,
}

impl HrMonth {
    /// Every data-quality issue (attendance, then pay).
    pub fn issues(&self) -> impl Iterator<Item = &DataIssue> {
        self.attendance.issues.iter().chain(self.pay.issues.iter())
    }

    /// Whether the inputs hold no schedule entry and no punch in the period.
    pub fn is_empty(&self) -> bool {
        self.records_in_period == 0
    }
}

/// Run the attendance and pay rules for a period.
pub fn compute(data: &Dataset, config: &Config, period: &Period) -> HrMonth {
    compute_with(data, config, period, None)
}

/// [`compute`], with the period's attendance when it was already evaluated
/// (by [`crate::rules::hr::attendance::evaluate`] on the same records).
pub fn compute_with(
    data: &Dataset,
    config: &Config,
    period: &Period,
    attendance: Option<Attendance>,
) -> HrMonth {
    let roster = Roster::new(&data.employees);
    let attendance = attendance.unwrap_or_else(|| evaluate_with(&roster, data, config, period));
    let pay = assess(&roster, &attendance, data, config, period);
    let records_in_period = data.schedule.iter().filter(|s| period.contains(s.date)).count()
        + data
            .punches
            .iter()
            .filter(|p| period.contains(p.at.date()))
            .count();
    HrMonth {
        period: *period,
        attendance,
        pay,
        records_in_period,
    }
}

/// Company and department, as every template prints them.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyView {
    /// 公司名称.
    pub name: String,
    /// 部门.
    pub department: String,
}

/// One ledger line as the templates and `explain --format json` see it.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// 1-based number in its list.
    pub seq: usize,
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// `2026-11-03`.
    pub date: String,
    /// `ATT-2`.
    pub rule: &'static str,
    /// The manual's clause stating the rule, `第二十五条`.
    pub clause: String,
    /// The rule's title, `迟到扣款`.
    pub rule_title: &'static str,
    /// The manual's clause with the handbook source, `第二十五条（客户服务部门的工作管理制度 七.1）`.
    pub citation: String,
    /// 扣款 / 罚款 / 建议开除.
    pub kind: &'static str,
    /// The reason with its detail, `违规（上班时间看视频）`.
    pub reason: String,
    /// The reason alone, `违规`: the notice's 事由 (the detail is in the basis).
    pub subject: String,
    /// Basis in words and numbers.
    pub basis: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Source cells, `file › sheet!C17`, joined with `；`.
    pub sources: String,
}

/// One ledger line as the templates see it, citing the manual.
pub(super) fn line_view(seq: usize, l: &DeductionLine, citations: &Citations) -> LineView {
    LineView {
        seq,
        employee_id: l.employee_id.clone(),
        employee_name: l.employee_name.clone(),
        date: l.date.format("%Y-%m-%d").to_string(),
        rule: l.rule.code(),
        clause: citations.number(l.rule).to_string(),
        rule_title: l.rule.title(),
        citation: citations.cite(l.rule),
        kind: l.kind.label(),
        reason: l.reason_in_full(),
        subject: l.reason.clone(),
        basis: l.basis.clone(),
        amount_fen: l.amount.0,
        sources: l
            .sources
            .iter()
            .map(|s| s.locate())
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// One row of the 月度扣款表.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRow {
    /// 序号.
    pub seq: usize,
    /// 工号.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 部门.
    pub department: String,
    /// 岗位.
    pub position: String,
    /// 试用期: `是` or `否` (the last day is in the flags).
    pub probation: String,
    /// 基本工资 in fen.
    pub base_fen: i64,
    /// 应出勤天数.
    pub work_days: u32,
    /// 实出勤天数.
    pub attended_days: u32,
    /// 请假天数 (approved leave on scheduled days).
    pub leave_days: u32,
    /// The leave by 类型 in words, `年假 2 天、事假 1 天` (empty without leave).
    pub leave: String,
    /// The leave days of each of the sheet's leave columns ([`SheetContext::leave_kinds`]).
    pub leave_columns: Vec<u32>,
    /// 休息天数.
    pub rest_days: u32,
    /// 迟到次数.
    pub late_count: u32,
    /// 迟到分钟.
    pub late_minutes: u32,
    /// 迟到扣款 in fen.
    pub late_fen: i64,
    /// 早退次数.
    pub early_leave_count: u32,
    /// 缺卡次数.
    pub missing_punch_count: u32,
    /// 旷工天数.
    pub absence_days: u32,
    /// 投诉次数 (company's responsibility).
    pub complaints: u32,
    /// 投诉罚款 in fen.
    pub complaint_fen: i64,
    /// 违规次数 dated in the period.
    pub violations_month: u32,
    /// 违规次数 over the counting window up to the period's end (本年累计).
    pub violations_window: u32,
    /// 违规罚款 in fen.
    pub violation_fen: i64,
    /// 扣款合计 in fen (every ledger line of the employee).
    pub total_fen: i64,
    /// 应发基本工资 in fen.
    pub net_fen: i64,
    /// How 入职日期 / 离职日期 cut the period (ATT-6), joined with `；`; empty when they do not.
    pub employment: String,
    /// 备注 flags joined with `；`.
    pub remarks: String,
    /// The same flags, one per entry.
    pub flags: Vec<String>,
}

/// A data-quality issue or review item as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    /// Rule ID.
    pub rule: &'static str,
    /// `file › sheet!C17`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

/// A PAY-4 review item as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct CallReviewView {
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// `2026-11-03 10:12:00`.
    pub start: String,
    /// Talk seconds.
    pub talk_seconds: u32,
    /// Where the call row is.
    pub location: String,
}

/// A month listed for review (PAY-6) as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// 基本工资 in fen.
    pub base_fen: i64,
    /// 扣款合计 in fen.
    pub total_fen: i64,
    /// 扣款合计 ÷ 基本工资 in basis points (absent for a base of 0).
    pub share_bp: Option<i64>,
    /// 应发基本工资 in fen.
    pub net_fen: i64,
    /// The reasons, joined with `；`.
    pub reasons: String,
}

/// A correction without 审批人 (ATT-7) as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct UnapprovedView {
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// `2026-11-19 17:40:00`.
    pub at: String,
    /// 原因 (empty when not given).
    pub reason: String,
    /// The empty 审批人 cell.
    pub location: String,
}

/// The 月度扣款表's template context.
#[derive(Debug, Clone, Serialize)]
pub struct SheetContext {
    /// Company.
    pub company: CompanyView,
    /// Period.
    pub period: PeriodView,
    /// The manual's title (the clauses cited are its own).
    pub manual_title: String,
    /// How deductions and fines reach pay and the fund ([`money_route`]).
    pub money_route: String,
    /// Every rule's clause number by code, `clauses["ATT-7"]` = `第二十八条`.
    pub clauses: BTreeMap<&'static str, String>,
    /// Rule summary in words (rates, mode, window).
    pub rules_note: String,
    /// PAY-3's counting window, `自然年`.
    pub violation_window: &'static str,
    /// The violations counted over it, as the column heads them: `本年累计`.
    pub violation_cumulative: &'static str,
    /// The leave types of the period, one column each (`年假`, `事假`; `请假`
    /// alone when nobody was on leave).
    pub leave_kinds: Vec<String>,
    /// The date the sheet is drawn up (制表日期): the day the deductions fall due, `2026年12月1日`.
    pub date: String,
    /// The total in capitals, `贰仟叁佰捌拾捌元伍角贰分`.
    pub total_words: String,
    /// Who signs the sheet (`reports.deductions.signatures`).
    pub signatures: Vec<String>,
    /// The review threshold of personal calls in words, `3分钟` (PAY-4).
    pub personal_call_limit: String,
    /// One row per employee.
    pub rows: Vec<SheetRow>,
    /// Every ledger line.
    pub lines: Vec<LineView>,
    /// Sum of every line, in fen.
    pub total_fen: i64,
    /// PAY-4 review list.
    pub personal_calls: Vec<CallReviewView>,
    /// PAY-4 threshold in minutes (for the heading).
    pub personal_call_minutes: u32,
    /// Corrections without 审批人 (ATT-7), not applied.
    pub unapproved_corrections: Vec<UnapprovedView>,
    /// Months listed for review (PAY-6), amounts unchanged.
    pub reviews: Vec<ReviewView>,
    /// Data-quality list.
    pub issues: Vec<IssueView>,
    /// Inputs that could not be read but are not required (e.g. calls).
    pub missing_inputs: Vec<String>,
    /// Errors in the inputs that did not stop the sheet: records of people
    /// certainly outside the roster (README, "Reliability").
    pub set_aside: Vec<SetAsideView>,
}

/// An input error set aside (a record of someone outside the roster), as the 待核查 sheet lists it.
#[derive(Debug, Clone, Serialize)]
pub struct SetAsideView {
    /// `file › sheet!C17`.
    pub location: String,
    /// What is wrong, and whom the record names.
    pub message: String,
}

/// The views of the errors set aside.
pub fn set_aside_views(problems: &[crate::error::Problem]) -> Vec<SetAsideView> {
    problems
        .iter()
        .map(|p| SetAsideView {
            location: p.location(),
            message: p.message.render(crate::i18n::DOCUMENT_LANG),
        })
        .collect()
}

/// Company and department from the settings.
pub(super) fn company(config: &Config) -> CompanyView {
    CompanyView {
        name: config.company.name.clone(),
        department: config.company.department.clone(),
    }
}

fn sheet_row(
    seq: usize,
    emp: &Employee,
    ep: &EmployeePay,
    ledger: &LedgerIndex<'_>,
    config: &Config,
) -> SheetRow {
    let total = ledger.total_for(&emp.id);
    let flags = ep.flags(config.rules.attendance.late_flag_over);
    SheetRow {
        seq,
        id: emp.id.clone(),
        name: emp.name.clone(),
        department: emp.department.clone(),
        position: emp.position.clone().unwrap_or_default(),
        probation: if ep.probation_until.is_some() {
            "是"
        } else {
            "否"
        }
        .into(),
        base_fen: emp.base_pay.0,
        work_days: ep.work_days,
        attended_days: ep.attended_days,
        leave_days: ep.leave_days,
        leave: ep
            .leave_by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}\u{a0}天"))
            .collect::<Vec<_>>()
            .join("、"),
        leave_columns: Vec::new(),
        rest_days: ep.rest_days,
        late_count: ep.late_count,
        late_minutes: ep.late_minutes,
        late_fen: ledger.total_for_rule(&emp.id, Rule::Att2).0,
        early_leave_count: ep.early_leave_count,
        missing_punch_count: ep.missing_punch_count,
        absence_days: ep.absence_days,
        complaints: ep.complaints,
        complaint_fen: ledger.total_for_rule(&emp.id, Rule::Pay2).0,
        violations_month: ep.violations_in_period,
        violations_window: ep.violations_in_window,
        violation_fen: ledger.total_for_rule(&emp.id, Rule::Pay3).0,
        total_fen: total.0,
        net_fen: (emp.base_pay - total).0,
        employment: ep.employment.notes().join("；"),
        remarks: flags.join("；"),
        flags,
    }
}

/// The sheet rows of every roster employee employed in the period (or with a
/// ledger line in it), in roster order: people who left before the period or
/// join after it (ATT-6) have no row.
pub fn sheet_rows(data: &Dataset, month: &HrMonth, config: &Config) -> Vec<SheetRow> {
    let roster = Roster::new(&data.employees);
    let ledger = month.pay.ledger.index();
    let mut rows = Vec::new();
    for ep in &month.pay.employees {
        if ep.employment.employed_days == 0 && !ledger.has_lines(&ep.employee_id) {
            continue;
        }
        if let Some(emp) = roster.by_id(&ep.employee_id) {
            rows.push(sheet_row(rows.len() + 1, emp, ep, &ledger, config));
        }
    }
    rows
}

/// How deductions and fines reach pay and the fund, in the one sentence the
/// sheet and every notice print; the manual's PAY-5 clause says the same.
pub fn money_route(c: &Citations) -> String {
    format!(
        "扣款合计（考勤扣款和罚款）均从当月基本工资中扣除：应发基本工资 = 基本工资 − 扣款合计；其中罚款（投诉罚款、违规罚款）由财务部门转入部门活动经费（《{}》{}），考勤扣款不计入活动经费。",
        c.manual_title(),
        c.number(Rule::Pay5)
    )
}

fn rules_note(config: &Config, c: &Citations) -> String {
    let a = &config.rules.attendance;
    let mode = match a.late_mode {
        LateMode::All => format!(
            "当月迟到达到 {} 次时每次均按 {}% 计",
            a.late_threshold, a.late_rate_high
        ),
        LateMode::FromThird => format!("第 {} 次起每次按 {}% 计", a.late_threshold, a.late_rate_high),
    };
    format!(
        "迟到每次扣基本工资 {}%，{}（{}）；宽限 {} 分钟；投诉罚款 一般 {} 元、较重 {} 元、严重 {} 元（{}）；违规次数按{}累计：{}（{}）。{}",
        a.late_rate_low,
        mode,
        c.number(Rule::Att2),
        a.grace_minutes,
        config.rules.pay.complaint_fines.minor,
        config.rules.pay.complaint_fines.serious,
        config.rules.pay.complaint_fines.severe,
        c.number(Rule::Pay2),
        window_name(config.rules.pay.violation_window),
        violation_note(config),
        c.number(Rule::Pay3),
        review_note(config, c),
    )
}

/// PAY-6 in words, or nothing when both checks are off.
fn review_note(config: &Config, c: &Citations) -> String {
    let p = &config.rules.pay;
    let mut checks = Vec::new();
    if p.review_over_percent.bp > 0 {
        checks.push(format!("扣款合计超过基本工资 {}%", p.review_over_percent));
    }
    if p.minimum_wage.0 > Fen::ZERO {
        checks.push(format!("应发基本工资低于最低工资 {} 元", p.minimum_wage));
    }
    if checks.is_empty() {
        return String::new();
    }
    format!(
        "{}的，列入待核查并在备注中注明，金额不作调整（{}）。",
        checks.join("或"),
        c.number(Rule::Pay6)
    )
}

fn violation_note(config: &Config) -> String {
    let p = &config.rules.pay;
    let mut parts: Vec<String> = p
        .violation_fines
        .iter()
        .take(p.violation_dismissal_count.saturating_sub(1) as usize)
        .enumerate()
        .map(|(i, f)| format!("第 {} 次 {} 元", i + 1, f))
        .collect();
    parts.push(format!("第 {} 次起建议开除", p.violation_dismissal_count));
    parts.join("、")
}

/// The leave types as the sheet orders its columns: the customary ones first.
const LEAVE_ORDER: [&str; 10] = [
    "年假",
    "事假",
    "病假",
    "调休",
    "婚假",
    "产假",
    "陪产假",
    "丧假",
    "工伤假",
    "请假",
];

/// The period's leave types (`请假` alone when nobody was on leave) and each
/// row with its days under each.
fn leave_columns(month: &HrMonth, mut rows: Vec<SheetRow>) -> (Vec<String>, Vec<SheetRow>) {
    let by_id: BTreeMap<&str, &BTreeMap<String, u32>> = month
        .pay
        .employees
        .iter()
        .map(|e| (e.employee_id.as_str(), &e.leave_by_kind))
        .collect();
    let mut kinds: Vec<String> = rows
        .iter()
        .filter_map(|r| by_id.get(r.id.as_str()))
        .flat_map(|m| m.keys().cloned())
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect();
    let rank = |k: &str| {
        LEAVE_ORDER
            .iter()
            .position(|o| *o == k)
            .unwrap_or(LEAVE_ORDER.len())
    };
    kinds.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    if kinds.is_empty() {
        kinds.push("请假".into());
    }
    for r in &mut rows {
        let own = by_id.get(r.id.as_str());
        r.leave_columns = kinds
            .iter()
            .map(|k| own.and_then(|m| m.get(k)).copied().unwrap_or(0))
            .collect();
    }
    (kinds, rows)
}

/// The 月度扣款表's context.
pub fn sheet_context(
    data: &Dataset,
    month: &HrMonth,
    config: &Config,
    citations: &Citations,
    missing_inputs: Vec<String>,
) -> SheetContext {
    let names: std::collections::BTreeMap<&str, &str> = data
        .employees
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let (leave_kinds, rows) = leave_columns(month, sheet_rows(data, month, config));
    SheetContext {
        company: company(config),
        period: PeriodView::from(&month.period),
        manual_title: citations.manual_title().to_string(),
        money_route: money_route(citations),
        clauses: citations.by_code(),
        rules_note: rules_note(config, citations),
        violation_window: window_name(config.rules.pay.violation_window),
        violation_cumulative: cumulative_label(config.rules.pay.violation_window),
        leave_kinds,
        date: date_words(issue_date(config, &month.period)),
        total_words: rmb_upper(month.pay.ledger.total()),
        signatures: config.reports.deductions.signatures.clone().unwrap_or_default(),
        personal_call_limit: crate::reports::manual::duration_zh(i64::from(
            config.rules.pay.personal_call_review_seconds,
        )),
        rows,
        lines: month
            .pay
            .ledger
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| line_view(i + 1, l, citations))
            .collect(),
        total_fen: month.pay.ledger.total().0,
        personal_calls: month
            .pay
            .personal_calls
            .iter()
            .map(|c| CallReviewView {
                employee_id: c.employee_id.clone(),
                employee_name: names
                    .get(c.employee_id.as_str())
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                start: c.start.format("%Y-%m-%d %H:%M:%S").to_string(),
                talk_seconds: c.talk_seconds,
                location: c.cell.locate(),
            })
            .collect(),
        personal_call_minutes: config.rules.pay.personal_call_review_seconds / 60,
        reviews: month
            .pay
            .reviews
            .iter()
            .map(|r| ReviewView {
                employee_id: r.employee_id.clone(),
                employee_name: names
                    .get(r.employee_id.as_str())
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                base_fen: r.base_pay.0,
                total_fen: r.total.0,
                share_bp: r.share_bp,
                net_fen: r.net.0,
                reasons: r.reasons.join("；"),
            })
            .collect(),
        unapproved_corrections: month
            .attendance
            .unapproved
            .iter()
            .map(|u| UnapprovedView {
                employee_id: u.employee_id.clone(),
                employee_name: names
                    .get(u.employee_id.as_str())
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                at: u.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                reason: u.reason.clone().unwrap_or_default(),
                location: u.cell.locate(),
            })
            .collect(),
        issues: month
            .issues()
            .map(|i| IssueView {
                rule: i.rule.code(),
                location: i.cell.locate(),
                message: i.message.clone(),
            })
            .collect(),
        missing_inputs,
        set_aside: Vec::new(),
    }
}

/// Render `<period>/deductions.xlsx|.pdf`, every notice and `<period>/fund.xlsx|.pdf`,
/// each into `sink` as soon as it is made. Two notices whose file names would be
/// the same get distinct ones (`-2`, in roster order).
pub fn render(ctx: &RunContext, period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let month = compute_with(
        ctx.data,
        config,
        period,
        ctx.evaluated.and_then(|e| e.take(period)),
    );
    let missing: Vec<String> = ctx
        .failed_inputs
        .iter()
        .map(|(kind, why)| {
            let name = crate::model::InputKind::from_id(kind).map_or(kind.as_str(), |k| k.name());
            format!("{name}（{why}）")
        })
        .collect();
    let dir = PathBuf::from(period.dir_name());
    let citations = Citations::of_project(ctx.project)?;

    let mut sheet = sheet_context(ctx.data, &month, config, &citations, missing);
    sheet.set_aside = set_aside_views(ctx.set_aside);
    let notices = notice_contexts(ctx.data, &month, config, &citations);
    let fund = fund_context(ctx.data, &month, config, &citations);
    let figures = crate::reports::figures::deductions(month.pay.ledger.total(), notices.len());
    // Every document is made from its context alone from here on: the month's
    // findings are let go before the largest document is laid out.
    drop(month);
    // The sheet (one long document, laid out on one thread) is made beside the
    // notices (many short ones, on the pool), and goes into the set after them.
    let template = DEDUCTIONS.template_file(config);
    let (sheet_files, owners) = std::thread::scope(|scope| {
        let sheet_job = scope.spawn(move || -> anyhow::Result<[Vec<u8>; 2]> {
            let doc = ctx.renderer.document(&template, &sheet)?;
            drop(sheet);
            // One after the other: laid out beside the XLSX, the PDF of a large
            // month would hold both writers' memory at once.
            let xlsx = ctx.renderer.xlsx(&doc)?;
            Ok([xlsx, ctx.renderer.pdf(&doc)?])
        });
        let owners = render_notices(ctx, period, &notices, sink);
        // A panic while making the sheet goes on up, as if it had happened here.
        let sheet = sheet_job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (sheet, owners)
    });
    let [xlsx, pdf] = sheet_files?;
    let owners = owners?;
    sink.add(&dir.join("deductions.xlsx"), &xlsx)?;
    sink.add(&dir.join("deductions.pdf"), &pdf)?;
    drop((xlsx, pdf));

    let doc = ctx.renderer.document("fund.xml", &fund)?;
    sink.add(&dir.join("fund.xlsx"), &ctx.renderer.xlsx(&doc)?)?;
    sink.add(&dir.join("fund.pdf"), &ctx.renderer.pdf(&doc)?)?;
    sink.note(SetNote {
        figures,
        notices: owners,
    });
    Ok(())
}

/// Render every notice into `<period>/notices/`, in roster order, and say whose
/// each is. Notices are independent documents: rendered on every core a batch at
/// a time, the next batch while the last one is written (memory stays bounded
/// by two batches of one-page notices).
fn render_notices(
    ctx: &RunContext,
    period: &Period,
    notices: &[NoticeContext],
    sink: &mut dyn DocumentSink,
) -> anyhow::Result<Vec<NoticeOwner>> {
    let dir = PathBuf::from(period.dir_name()).join("notices");
    let render = |chunk: &[NoticeContext]| -> Vec<anyhow::Result<Vec<u8>>> {
        chunk
            .par_iter()
            .map(|notice| ctx.renderer.pdf(&ctx.renderer.document("notice.xml", notice)?))
            .collect()
    };
    let mut names = crate::output::UniqueNames::default();
    let mut owners = Vec::with_capacity(notices.len());
    let mut write = |chunk: &[NoticeContext], pdfs: Vec<anyhow::Result<Vec<u8>>>| -> anyhow::Result<()> {
        for (notice, pdf) in chunk.iter().zip(pdfs) {
            let stem = names.stem(&notice_stem(&notice.employee.id, &notice.employee.name));
            sink.add(&dir.join(format!("{stem}.pdf")), &pdf?)?;
            owners.push(NoticeOwner {
                path: format!("{}/notices/{stem}.pdf", period.dir_name()),
                employee_id: notice.employee.id.clone(),
                employee_name: notice.employee.name.clone(),
                total_fen: notice.employee.total_fen,
            });
        }
        Ok(())
    };
    let batch = rayon::current_num_threads().max(1) * 32;
    let mut chunks = notices.chunks(batch);
    let mut last = chunks.next().map(|c| (c, render(c)));
    while let Some((done, pdfs)) = last.take() {
        // The sink stays on this thread: the next batch renders on the pool meanwhile.
        let next = std::thread::scope(|scope| {
            let next = chunks.next().map(|c| scope.spawn(move || (c, render(c))));
            let written = write(done, pdfs);
            let next = next.map(|h| h.join());
            written.map(|()| next)
        })?;
        last = match next {
            Some(Ok(n)) => Some(n),
            // A panic while rendering goes on up, as if it had happened here.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => None,
        };
    }
    Ok(owners)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::testkit::{at, day, employee, Kit};

    /// K001: 2 late arrivals (11-02 08:40, 11-03 08:45) at 2% of ¥4,000.00 = ¥80.00
    /// each, one 一般 complaint (¥10.00) and a first violation (¥10.00): ¥180.00.
    /// K002: one 严重 complaint not the company's fault: no line, no notice.
    pub(super) fn sample() -> Kit {
        let mut k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .emp(employee("K002", "李四", 350_000))
            .november("K001", "常规", &[1, 8, 15, 22])
            .november("K002", "白班", &[1, 8, 15, 22]);
        for d in (1..=30).filter(|d| ![1, 8, 15, 22].contains(d)) {
            let m = match d {
                2 => 40,
                3 => 45,
                _ => 25,
            };
            k = k
                .punch("K001", at(11, d, 8, m, 0))
                .punch("K001", at(11, d, 17, 31, 0))
                .punch("K002", at(11, d, 7, 55, 0))
                .punch("K002", at(11, d, 17, 1, 0));
        }
        k.complaint("K001", day(11, 9), Severity::Minor, true)
            .complaint("K002", day(11, 10), Severity::Severe, false)
            .violation("K001", day(11, 11))
    }

    #[test]
    fn sheet_notices_and_fund_agree() {
        let k = sample();
        let cfg = Config::default();
        let month = compute(&k.data, &cfg, &Period::parse("2026-11").expect("month"));
        let cites = Citations::of_defaults(&cfg);
        let sheet = sheet_context(&k.data, &month, &cfg, &cites, Vec::new());
        let r1 = &sheet.rows[0];
        assert_eq!((r1.late_count, r1.late_minutes, r1.late_fen), (2, 25, 16_000));
        assert_eq!(
            (
                r1.complaints,
                r1.complaint_fen,
                r1.violations_month,
                r1.violation_fen
            ),
            (1, 1_000, 1, 1_000)
        );
        // ¥80.00 + ¥80.00 + ¥10.00 + ¥10.00 = ¥180.00; ¥4,000.00 − ¥180.00 = ¥3,820.00.
        assert_eq!((r1.total_fen, r1.net_fen), (18_000, 382_000));
        assert_eq!(r1.remarks, "");
        let r2 = &sheet.rows[1];
        assert_eq!((r2.total_fen, r2.net_fen), (0, 350_000));
        assert_eq!(r2.remarks, "基本工资全额发放；1\u{a0}次投诉非本公司责任，不罚款");
        assert_eq!(sheet.lines.len(), 4);
        assert_eq!(sheet.total_fen, 18_000);
        // One notice (K002 has no line), with K001's lines only.
        let notices = notice_contexts(&k.data, &month, &cfg, &cites);
        assert_eq!(notices.len(), 1);
        assert!(notices[0].lines.iter().all(|l| l.employee_id == "K001"));
        assert_eq!(notices[0].employee.total_fen, 18_000);
        // Fund: opens at ¥0.00 (no earlier records), the two fines, ¥10.00 then ¥20.00
        // balance; late deductions stay off; no payments: closes at ¥20.00.
        let fund = fund_context(&k.data, &month, &cfg, &cites);
        let balances: Vec<i64> = fund.entries.iter().map(|e| e.balance_fen).collect();
        assert_eq!(balances, vec![1_000, 2_000]);
        assert_eq!(
            (
                fund.opening_fen,
                fund.income_fen,
                fund.expense_fen,
                fund.closing_fen
            ),
            (0, 2_000, 0, 2_000)
        );
        assert_eq!(fund.closing_words, "贰拾元整");
        let mut everyone = cfg.clone();
        everyone.rules.pay.notice_for_everyone = true;
        assert_eq!(notice_contexts(&k.data, &month, &everyone, &cites).len(), 2);
    }

    #[test]
    fn the_sheet_the_notice_and_the_manual_say_alike_how_fines_reach_the_fund() {
        // One sentence for the sheet and every notice: both kinds of money come out of
        // 基本工资, the fines then go to the fund, the attendance deductions do not.
        let cfg = Config::default();
        let cites = Citations::of_defaults(&cfg);
        let route = money_route(&cites);
        assert!(
            route.contains("扣款合计（考勤扣款和罚款）均从当月基本工资中扣除"),
            "{route}"
        );
        assert!(route.contains("应发基本工资 = 基本工资 − 扣款合计"), "{route}");
        assert!(
            route.contains(
                "罚款（投诉罚款、违规罚款）由财务部门转入部门活动经费（《客服部制度手册》第三十六条）"
            ),
            "{route}"
        );
        assert!(route.contains("考勤扣款不计入活动经费"), "{route}");
        // The manual's PAY-5 clause (第三十六条) says the same.
        let (manual, _) =
            crate::reports::manual::parse_manual(&cfg, &crate::reports::manual::default_chapter_sources());
        let pay5 = manual
            .clauses()
            .find(|c| c.rule_ids == ["PAY-5"])
            .expect("PAY-5 clause");
        assert_eq!(pay5.label, "第三十六条");
        let text = format!("{:?}", pay5.blocks);
        assert!(
            text.contains("与考勤扣款一样从当事人当月基本工资中扣除"),
            "{text}"
        );
        assert!(text.contains("由财务部门统一转入客服部的部门活动经费"), "{text}");
        assert!(text.contains("不计入活动经费"), "{text}");
        let sheet = sheet_context(
            &sample().data,
            &compute(&sample().data, &cfg, &Period::parse("2026-11").expect("month")),
            &cfg,
            &cites,
            Vec::new(),
        );
        assert_eq!(sheet.money_route, route);
    }
}
