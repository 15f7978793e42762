//! Work-contact slips: the month-end report of unfinished slips (SLIP-5,
//! `<period>/slips.xlsx|pdf`) and the printable form of one slip (three copies).
//!
//! Both are views of [`crate::rules::slips`]: the report of [`evaluate`]'s
//! findings, the form of the register rows of one slip.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::registry::SLIPS;
use super::{PeriodView, RunContext};
use crate::config::{Config, Project};
use crate::model::Period;
use crate::model::{SlipNature, SlipRow};
use crate::output::stage::DocumentSink;
use crate::render::Renderer;
use crate::reports::manual::Citations;
use crate::rules::catalog::{Provision, Rule};
use crate::rules::slips::{
    self, approval_chain, evaluate, points_by_department, state_on, Amendment, SlipFindings, SlipGroup,
    SlipStatus,
};

/// Company and department names as the templates print them.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyView {
    /// 公司名称.
    pub name: String,
    /// 部门名称.
    pub department: String,
}

impl CompanyView {
    fn of(config: &Config) -> CompanyView {
        CompanyView {
            name: config.company.name.clone(),
            department: config.company.department.clone(),
        }
    }
}

/// One register row in the report.
#[derive(Debug, Clone, Serialize)]
pub struct SlipLine {
    /// 编号.
    pub number: String,
    /// `A`, `B` or `C`.
    pub class: String,
    /// 性质, or empty.
    pub nature: String,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门.
    pub to_dept: String,
    /// 主题.
    pub subject: String,
    /// 发单日期.
    pub issue_date: String,
    /// The agreed date in force at the period's end.
    pub due_date: String,
    /// 签收日期, or empty.
    pub signed_date: String,
    /// Completion date by the period's end, or empty.
    pub completed_date: String,
    /// Status label at the period's end.
    pub status: String,
    /// Days past the agreed date at the period's end (unfinished rows).
    pub days_overdue: i64,
    /// Points lost on this row in the period (0 if none), under a 扣分 header: never negative.
    pub points: i64,
    /// Counter-slip links in words, e.g. `已被 KF-2026-016 替代` / `替代 KF-2026-014`.
    pub link: String,
    /// Whether the row duplicates another slip's number.
    pub duplicate: bool,
    /// `file › sheet!A7`.
    pub place: String,
}

/// One charge in the report.
#[derive(Debug, Clone, Serialize)]
pub struct ChargeLine {
    /// Department charged.
    pub dept: String,
    /// Slip number.
    pub number: String,
    /// 签收延迟 / 逾期完成 / 未沟通延误 / 发单方推诿.
    pub kind: String,
    /// `SLIP-3`.
    pub rule: String,
    /// The manual's clause with the handbook paragraph.
    pub clause: String,
    /// Points lost.
    pub points: i64,
    /// The arithmetic in words.
    pub basis: String,
    /// The register row.
    pub place: String,
}

/// One department's points in the period.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentPoints {
    /// The department.
    pub dept: String,
    /// Points lost in total.
    pub points: i64,
    /// How many charges.
    pub count: usize,
    /// Each charge.
    pub charges: Vec<ChargeLine>,
}

/// A slip missing signatures.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureLine {
    /// 编号.
    pub number: String,
    /// 类别.
    pub class: String,
    /// 性质.
    pub nature: String,
    /// The missing boxes, e.g. `分管领导审批签发（分管领导）`.
    pub missing: String,
    /// The problem in words.
    pub describe: String,
    /// `SLIP-1`.
    pub rule: String,
    /// The clause.
    pub clause: String,
    /// Where the blank cells are.
    pub places: String,
}

/// A numbering or counter-slip problem.
#[derive(Debug, Clone, Serialize)]
pub struct NumberingLine {
    /// `SLIP-2` or `SLIP-4`.
    pub rule: String,
    /// 格式错误 / 重复编号 / 缺号 / 年份不符 / 替代编号无效.
    pub kind: String,
    /// The number concerned.
    pub number: String,
    /// In words.
    pub describe: String,
    /// Where, or empty for a gap.
    pub place: String,
}

/// The clauses the report and the form cite: the manual's 第X条 with the
/// handbook source in brackets (`第四十条（内部联络管理制度 六.2）`).
#[derive(Debug, Clone, Serialize)]
pub struct ClauseView {
    /// The manual's title.
    pub manual_title: String,
    /// SLIP-1.
    pub approval: String,
    /// SLIP-1, the audit head on a chase slip.
    pub chase_audit: String,
    /// SLIP-2.
    pub numbering: String,
    /// SLIP-3 as a whole.
    pub points: String,
    /// SLIP-3 sign delay.
    pub sign_delay: String,
    /// SLIP-3 late completion.
    pub late_completion: String,
    /// SLIP-3 no inquiry.
    pub no_inquiry: String,
    /// SLIP-3 issuer shirk.
    pub issuer_shirk: String,
    /// SLIP-4.
    pub counter_slip: String,
    /// SLIP-5.
    pub month_end: String,
}

impl ClauseView {
    /// Every clause, from the rule catalog and the manual's numbering.
    fn of(c: &Citations) -> ClauseView {
        ClauseView {
            manual_title: c.manual_title().to_string(),
            approval: c.cite(Rule::Slip1),
            chase_audit: c.cite_provision(Provision::ChaseAudit),
            numbering: c.cite(Rule::Slip2),
            points: c.cite(Rule::Slip3),
            sign_delay: c.cite_provision(Provision::SignDelay),
            late_completion: c.cite_provision(Provision::LateCompletion),
            no_inquiry: c.cite_provision(Provision::NoInquiry),
            issuer_shirk: c.cite_provision(Provision::IssuerShirk),
            counter_slip: c.cite(Rule::Slip4),
            month_end: c.cite(Rule::Slip5),
        }
    }
}

/// The rule parameters the report states.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsView {
    /// Signing allowance in days.
    pub sign_allowance_days: u32,
    /// Points per day of signing delay.
    pub sign_delay_points: u32,
    /// Points per day late.
    pub late_completion_points: u32,
    /// Points per day lost by not asking.
    pub no_inquiry_points: u32,
    /// Points for an issuer that did not lead.
    pub issuer_shirk_points: u32,
    /// The number pattern.
    pub number_pattern: String,
}

impl SettingsView {
    fn of(config: &Config) -> SettingsView {
        let r = &config.rules.slips;
        SettingsView {
            sign_allowance_days: r.sign_allowance_days,
            sign_delay_points: r.sign_delay_points,
            late_completion_points: r.late_completion_points,
            no_inquiry_points: r.no_inquiry_points,
            issuer_shirk_points: r.issuer_shirk_points,
            number_pattern: r.number_pattern.to_string(),
        }
    }
}

/// What `templates/slips.xml` receives.
#[derive(Debug, Clone, Serialize)]
pub struct SlipReportContext {
    /// Company.
    pub company: CompanyView,
    /// The period.
    pub period: PeriodView,
    /// Every slip row not finished at the period's end.
    pub unfinished: Vec<SlipLine>,
    /// Every slip row issued in the period or unfinished at its end.
    pub slips: Vec<SlipLine>,
    /// Points per department, most points lost first.
    pub departments: Vec<DepartmentPoints>,
    /// Every charge, by department then slip.
    pub charges: Vec<ChargeLine>,
    /// Points lost in the period.
    pub total_points: i64,
    /// Slips missing required signatures.
    pub signatures: Vec<SignatureLine>,
    /// Numbering and counter-slip problems.
    pub numbering: Vec<NumberingLine>,
    /// Handbook sources.
    pub clauses: ClauseView,
    /// Rule parameters.
    pub settings: SettingsView,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_ymd(d: Option<NaiveDate>) -> String {
    d.map(ymd).unwrap_or_default()
}

fn nature_label(n: Option<SlipNature>) -> String {
    n.map(|n| n.label().to_string()).unwrap_or_default()
}

fn charge_line(c: &slips::PointCharge, cites: &Citations) -> ChargeLine {
    ChargeLine {
        dept: c.dept.clone(),
        number: c.number.clone(),
        kind: c.kind.label().into(),
        rule: c.rule().code().into(),
        clause: cites.cite_provision(c.kind.provision()),
        points: i64::from(c.points),
        basis: c.basis.clone(),
        place: c.source.locate(match c.kind {
            slips::ChargeKind::SignDelay => "签收日期",
            slips::ChargeKind::LateCompletion => "完成日期",
            slips::ChargeKind::NoInquiry => "未沟通延误天数",
            slips::ChargeKind::IssuerShirk => "发单方推诿",
        }),
    }
}

/// Build the month-end report's context from the register rows and the rules.
pub fn report_context(
    rows: &[SlipRow],
    config: &Config,
    cites: &Citations,
    period: &Period,
) -> SlipReportContext {
    let findings = evaluate(rows, &config.rules.slips, period);
    build_context(rows, config, cites, period, &findings)
}

fn build_context(
    rows: &[SlipRow],
    config: &Config,
    cites: &Citations,
    period: &Period,
    findings: &SlipFindings,
) -> SlipReportContext {
    let line = |s: &slips::RowState| slip_line(&rows[s.row], s, period);
    let unfinished: Vec<SlipLine> = findings
        .rows
        .iter()
        .filter(|s| !s.status.is_finished())
        .map(line)
        .collect();
    let shown: Vec<SlipLine> = findings
        .rows
        .iter()
        .filter(|s| {
            !s.status.is_finished()
                || period.contains(rows[s.row].issue_date)
                || s.completed.is_some_and(|c| period.contains(c))
                || s.points > 0
        })
        .map(line)
        .collect();
    let departments = department_points(findings, cites);
    let charges: Vec<ChargeLine> = departments.iter().flat_map(|d| d.charges.clone()).collect();
    let total_points = charges.iter().map(|c| c.points).sum();
    // Signatures of slips this report is about: issued in the period, unfinished or charged.
    let shown_numbers: std::collections::BTreeSet<&str> = shown.iter().map(|l| l.number.as_str()).collect();
    let signatures = findings
        .signatures
        .iter()
        .filter(|s| shown_numbers.contains(s.number.as_str()))
        .map(|s| signature_line(s, cites))
        .collect();
    let numbering = findings
        .numbering
        .iter()
        .map(|p| NumberingLine {
            rule: p.rule().code().into(),
            kind: p.kind().into(),
            number: p.number().into(),
            describe: p.describe(),
            place: p.place().into(),
        })
        .collect();
    SlipReportContext {
        company: CompanyView::of(config),
        period: PeriodView::from(period),
        unfinished,
        slips: shown,
        departments,
        charges,
        total_points,
        signatures,
        numbering,
        clauses: ClauseView::of(cites),
        settings: SettingsView::of(config),
    }
}

/// One register row's line: its state at the period's end and how it links to others.
fn slip_line(row: &SlipRow, s: &slips::RowState, period: &Period) -> SlipLine {
    let mut link = Vec::new();
    if let Some(by) = &s.replaced_by {
        link.push(format!("已被反联络单 {by} 替代"));
    }
    if let Some(orig) = &s.replaces {
        link.push(format!("反联络单，替代 {orig}"));
    }
    if s.duplicate {
        link.push("重复编号，未计分".into());
    }
    if !s.status.is_finished() {
        if let Some(n) = row.no_inquiry_days.filter(|n| *n > 0) {
            link.push(format!("登记表记未沟通延误 {n} 天，完成后计分"));
        }
        if row.issuer_shirked == Some(true) {
            link.push("登记表记发单方推诿，全部完成后计分".into());
        }
    }
    SlipLine {
        number: s.number.clone(),
        class: format!("{:?}", row.class),
        nature: nature_label(row.nature),
        from_dept: row.from_dept.trim().into(),
        to_dept: row.to_dept.trim().into(),
        subject: row.subject.clone(),
        issue_date: ymd(row.issue_date),
        due_date: ymd(s.due_in_force),
        signed_date: opt_ymd(row.signed_date.filter(|d| *d <= period.end)),
        completed_date: opt_ymd(s.completed),
        status: s.status.label(),
        days_overdue: s.days_overdue,
        points: i64::from(s.points),
        link: link.join("；"),
        duplicate: s.duplicate,
        place: row.source.locate("编号"),
    }
}

/// The period's charges by department, most points lost first.
fn department_points(findings: &SlipFindings, cites: &Citations) -> Vec<DepartmentPoints> {
    let by_dept = points_by_department(&findings.charges);
    let mut departments: Vec<DepartmentPoints> = by_dept
        .iter()
        .map(|(dept, (total, charges))| DepartmentPoints {
            dept: dept.clone(),
            points: i64::from(*total),
            count: charges.len(),
            charges: charges.iter().map(|c| charge_line(c, cites)).collect(),
        })
        .collect();
    departments.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.dept.cmp(&b.dept)));
    departments
}

/// A slip missing signatures (SLIP-1), with each missing step's clause once.
fn signature_line(s: &slips::SignatureProblem, cites: &Citations) -> SignatureLine {
    SignatureLine {
        number: s.number.clone(),
        class: format!("{:?}", s.class),
        nature: nature_label(s.nature),
        missing: s
            .missing
            .iter()
            .map(|m| format!("{}（{}）", m.label, m.signer.column()))
            .collect::<Vec<_>>()
            .join("、"),
        describe: s.describe(),
        rule: Rule::Slip1.code().into(),
        clause: s
            .missing
            .iter()
            .map(|m| {
                m.provision
                    .map_or_else(|| cites.cite(Rule::Slip1), |p| cites.cite_provision(p))
            })
            .fold(Vec::<String>::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            })
            .join("；"),
        places: s.places.join("；"),
    }
}

/// Render the month-end report (SLIP-5): `<period>/slips.xlsx` and `<period>/slips.pdf`.
pub fn render(ctx: &RunContext, period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let cites = Citations::of_project(ctx.project)?;
    let context = report_context(&ctx.data.slips, config, &cites, period);
    let doc = ctx.renderer.document(&SLIPS.template_file(config), &context)?;
    let dir = PathBuf::from(period.dir_name());
    sink.add(&dir.join("slips.xlsx"), &ctx.renderer.xlsx(&doc)?)?;
    sink.add(&dir.join("slips.pdf"), &ctx.renderer.pdf(&doc)?)
}

// ---------------------------------------------------------------------------
// The printable form
// ---------------------------------------------------------------------------

/// One approval box on the form.
#[derive(Debug, Clone, Serialize)]
pub struct ApprovalBox {
    /// e.g. `部门经理复核`.
    pub label: String,
    /// The signer's name from the register, or empty for an empty box.
    pub name: String,
    /// Whether the register has the signature.
    pub signed: bool,
}

/// A 性质 option with its tick.
#[derive(Debug, Clone, Serialize)]
pub struct NatureOption {
    /// 协助指令 …
    pub label: String,
    /// Whether it is this slip's.
    pub checked: bool,
}

/// One receiving department's part of the form.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiverView {
    /// 收单部门.
    pub to_dept: String,
    /// 工作要求 (any length; wrapped by the renderer).
    pub requirement: String,
    /// 要求完成日期 as written.
    pub due_date: String,
    /// The agreed date after a counter-slip, if one changed it.
    pub amended_due: String,
    /// The counter-slip that changed it.
    pub amended_by: String,
    /// 签收日期, or empty.
    pub signed_date: String,
    /// 回复日期, or empty.
    pub reply_date: String,
    /// 完成日期, or empty.
    pub completed_date: String,
    /// `已完成（按期）` / `已完成（逾期 N 天）` once complete, else empty.
    pub completion: String,
    /// 完成评价, or empty.
    pub evaluation: String,
}

/// What `templates/slip-form.xml` receives.
#[derive(Debug, Clone, Serialize)]
pub struct SlipFormContext {
    /// Company.
    pub company: CompanyView,
    /// The copies, one page each (rules.slips.form_copies).
    pub copies: Vec<String>,
    /// 编号.
    pub number: String,
    /// `A`, `B` or `C`.
    pub class: String,
    /// The class's chain in words, e.g. `起草 → 部门经理复核 → 分管领导审批签发`.
    pub chain: String,
    /// 性质 as written, or empty.
    pub nature: String,
    /// Every 性质 with the slip's ticked.
    pub natures: Vec<NatureOption>,
    /// 发单部门.
    pub from_dept: String,
    /// 发单日期.
    pub issue_date: String,
    /// 主题.
    pub subject: String,
    /// The original this counter-slip replaces, or empty.
    pub replaces: String,
    /// Each receiving department.
    pub receivers: Vec<ReceiverView>,
    /// The approval boxes the class (and nature) requires.
    pub approvals: Vec<ApprovalBox>,
    /// Handbook sources.
    pub clauses: ClauseView,
    /// Rule parameters printed in the form's note.
    pub settings: SettingsView,
}

/// Build the form context of one slip (a group of register rows).
pub fn form_context(
    rows: &[SlipRow],
    group: &SlipGroup,
    amendments: &[Amendment],
    config: &Config,
    cites: &Citations,
) -> SlipFormContext {
    let head = &rows[group.rows[0]];
    let chain = approval_chain(head.class, head.nature);
    let approvals = chain
        .iter()
        .map(|step| {
            // Every row of the slip carries the signatures; the first that has one is used.
            let name = group
                .rows
                .iter()
                .find_map(|&r| step.signer.name_on(&rows[r]))
                .unwrap_or("")
                .to_string();
            ApprovalBox {
                label: step.label.into(),
                signed: !name.is_empty(),
                name,
            }
        })
        .collect();
    let receivers = group
        .rows
        .iter()
        .map(|&i| {
            let row = &rows[i];
            let latest = amendments
                .iter()
                .filter(|a| a.original_row == i)
                .map(|a| &rows[a.counter_row])
                .max_by_key(|c| c.issue_date);
            let completion = row
                .completed_date
                .or_else(|| latest.and_then(|c| c.completed_date));
            let completion_words = completion
                .map(|c| match state_on(rows, amendments, i, c).status {
                    s @ SlipStatus::Done { .. } => s.label(),
                    other => other.label(),
                })
                .unwrap_or_default();
            ReceiverView {
                to_dept: row.to_dept.trim().into(),
                requirement: row.requirement.clone().unwrap_or_default(),
                due_date: ymd(row.due_date),
                amended_due: latest.map(|c| ymd(c.due_date)).unwrap_or_default(),
                amended_by: latest.map(|c| c.number.trim().to_string()).unwrap_or_default(),
                signed_date: opt_ymd(row.signed_date),
                reply_date: opt_ymd(row.reply_date),
                completed_date: opt_ymd(completion),
                completion: completion_words,
                evaluation: row.evaluation.clone().unwrap_or_default(),
            }
        })
        .collect();
    let nature = head.nature;
    SlipFormContext {
        company: CompanyView::of(config),
        copies: config.rules.slips.form_copies.clone(),
        number: group.number.clone(),
        class: format!("{:?}", head.class),
        chain: chain.iter().map(|s| s.label).collect::<Vec<_>>().join(" → "),
        nature: nature_label(nature),
        natures: [
            SlipNature::Assistance,
            SlipNature::Instruction,
            SlipNature::Chase,
            SlipNature::Appeal,
            SlipNature::Other,
        ]
        .iter()
        .map(|n| NatureOption {
            label: n.label().into(),
            checked: Some(*n) == nature,
        })
        .collect(),
        from_dept: head.from_dept.trim().into(),
        issue_date: ymd(head.issue_date),
        subject: head.subject.clone(),
        replaces: head.replaces.as_deref().map(str::trim).unwrap_or("").to_string(),
        receivers,
        approvals,
        clauses: ClauseView::of(cites),
        settings: SettingsView::of(config),
    }
}

/// Render the forms of the given slips (by number) into `dir` (relative to the
/// output folder): `<number>.pdf` and `<number>.xlsx` each.
pub fn render_forms(
    renderer: &Renderer,
    project: &Project,
    rows: &[SlipRow],
    numbers: &[String],
    dir: &Path,
    sink: &mut dyn DocumentSink,
) -> anyhow::Result<()> {
    let numbered: Vec<slips::NumberedRow> = rows.iter().map(slips::NumberedRow::of).collect();
    let grouping = slips::group_rows(&numbered);
    let (amendments, _) = slips::link_counter_slips(rows, &grouping);
    let config = &project.config;
    let cites = Citations::of_project(project)?;
    let mut names = crate::output::UniqueNames::default();
    for number in numbers {
        let group = grouping
            .slips
            .iter()
            .find(|g| g.number == number.trim())
            .ok_or_else(|| {
                crate::error::UserError::other(crate::msg!("reports.no_such_slip", number = number))
            })?;
        let context = form_context(rows, group, &amendments, config, &cites);
        let doc = renderer.document("slip-form.xml", &context)?;
        let stem = names.stem(&crate::output::safe_file_name(number));
        sink.add(&dir.join(format!("{stem}.pdf")), &renderer.pdf(&doc)?)?;
        sink.add(&dir.join(format!("{stem}.xlsx")), &renderer.xlsx(&doc)?)?;
    }
    Ok(())
}

/// Warnings for numbers about to be printed that other rows of the register also
/// use: those rows are not on the slip's form (SLIP-2).
pub fn duplicate_warnings(rows: &[SlipRow], numbers: &[String]) -> Vec<crate::i18n::Text> {
    let numbered: Vec<slips::NumberedRow> = rows.iter().map(slips::NumberedRow::of).collect();
    let grouping = slips::group_rows(&numbered);
    grouping
        .duplicates
        .iter()
        .filter(|d| numbers.iter().any(|n| n.trim() == numbered[d.row].number))
        .map(|d| {
            crate::msg!(
                "reports.duplicate_slip_number",
                place = numbered[d.row].place.to_string(),
                number = numbered[d.row].number.to_string(),
                reason = d.reason.label().to_string(),
                first = numbered[d.first_row].place.to_string()
            )
        })
        .collect()
}

/// The numbers of the slips issued in a period, in register order, each once.
pub fn numbers_issued_in(rows: &[SlipRow], period: &Period) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        let n = r.number.trim().to_string();
        if period.contains(r.issue_date) && !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SlipClass;
    use crate::rules::testkit::slip;

    /// A class-B slip issued 2026-11-27, due 2026-12-05, signed by the drafter and
    /// the department manager only.
    fn row(number: &str, to: &str, line: u32) -> SlipRow {
        SlipRow {
            class: SlipClass::B,
            subject: "系统对账".into(),
            requirement: Some("请核对十一月账单".into()),
            division_leader: None,
            chief_leader: None,
            audit_head: None,
            ..slip(number, to, "2026-11-27", "2026-12-05", line)
        }
    }

    #[test]
    fn report_context_lists_unfinished_points_signatures_and_numbering() {
        let rows = vec![row("KF-2026-001", "财务部", 2), row("KF-2026-003", "行政部", 3)];
        let config = Config::default();
        let ctx = report_context(
            &rows,
            &config,
            &Citations::of_defaults(&config),
            &Period::parse("2026-11").expect("period"),
        );
        // Both unsigned on 11-30: 30 − 27 = 3 days − 1 = 2 × 5 = 10 points each.
        assert_eq!(ctx.unfinished.len(), 2);
        assert_eq!(ctx.unfinished[0].status, "未签收");
        // Under a 扣分 header the points lost are positive: never 扣分 −10.
        assert_eq!(ctx.unfinished[0].points, 10);
        assert_eq!(ctx.total_points, 20);
        assert_eq!(ctx.departments.len(), 2);
        assert_eq!(ctx.departments[0].dept, "行政部");
        assert_eq!(ctx.departments[0].points, 10);
        // B slips need 分管领导审批签发, blank on both.
        assert_eq!(ctx.signatures.len(), 2);
        assert_eq!(ctx.signatures[0].missing, "分管领导审批签发（分管领导）");
        // 002 is missing.
        assert_eq!(ctx.numbering.len(), 1);
        assert_eq!(ctx.numbering[0].describe, "2026 年编号缺 KF-2026-002");
    }

    #[test]
    fn form_context_fills_signed_boxes_and_leaves_others_empty() {
        let rows = vec![row("KF-2026-014", "财务部", 2), row("KF-2026-014", "行政部", 3)];
        let numbered: Vec<_> = rows.iter().map(slips::NumberedRow::of).collect();
        let grouping = slips::group_rows(&numbered);
        let ctx = form_context(
            &rows,
            &grouping.slips[0],
            &[],
            &Config::default(),
            &Citations::of_defaults(&Config::default()),
        );
        let boxes: Vec<(&str, &str, bool)> = ctx
            .approvals
            .iter()
            .map(|a| (a.label.as_str(), a.name.as_str(), a.signed))
            .collect();
        assert_eq!(
            boxes,
            vec![
                ("起草", "张三", true),
                ("部门经理复核", "李四", true),
                ("分管领导审批签发", "", false)
            ]
        );
        assert_eq!(ctx.receivers.len(), 2);
        assert_eq!(ctx.copies, vec!["发出单位存档", "接收单位存档", "企管部备查"]);
        assert!(ctx.natures[0].checked && !ctx.natures[1].checked);
    }
}
