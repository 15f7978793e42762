//! The template context shared by the operations reports (周报表, 运营会周工作汇报,
//! 月报表, 客户满意度月度报表): figures of a period and of the period before,
//! turned into typed cells the templates place without computing anything.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::config::Config;
use crate::model::Dataset;
use crate::model::Period;
use crate::output::stage::DocumentSink;
#[cfg(test)]
use crate::output::OutputFile;
use crate::reports::manual::Citations;
use crate::reports::registry::ReportSpec;
use crate::reports::{PeriodView, RunContext};
use crate::rules::catalog::Rule;
use crate::rules::ops::calls::CallFigures;
use crate::rules::ops::client_records::{ClientBreach, ClientRecordSummary};
use crate::rules::ops::complaints::{ComplaintLine, ComplaintSummary, SeverityCounts};
use crate::rules::ops::figures::{hundredths_text, AgentRef};
use crate::rules::ops::kpis::{compare, late_per_agent, ops_figures_from, AgentLate, KpiKind, OpsFigures};
use crate::rules::ops::open_slips::{OpenSlip, OpenSlips};
use crate::rules::ops::sla::{SlaBreach, SlaSummary};
use crate::rules::ops::surveys::{CommentLine, SurveyFigures, SurveySummary};

/// A typed cell: `ty` is the markup cell type, `v` its text (`—` as text when undefined).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellValue {
    /// `number`, `percent`, `duration` or `text`.
    pub ty: &'static str,
    /// The value as the markup expects it for that type.
    pub v: String,
}

impl CellValue {
    fn dash() -> CellValue {
        CellValue {
            ty: "text",
            v: "—".into(),
        }
    }

    /// A rate in basis points, or a dash.
    pub fn percent(bp: Option<i64>) -> CellValue {
        bp.map(|b| CellValue {
            ty: "percent",
            v: b.to_string(),
        })
        .unwrap_or_else(CellValue::dash)
    }

    /// Seconds, or a dash.
    pub fn seconds(s: Option<u64>) -> CellValue {
        s.map(|x| CellValue {
            ty: "duration",
            v: x.to_string(),
        })
        .unwrap_or_else(CellValue::dash)
    }

    /// A score in hundredths (shown `4.35`), or a dash.
    pub fn score(x100: Option<u64>) -> CellValue {
        x100.map(|x| CellValue {
            ty: "number",
            v: hundredths_text(x as i64),
        })
        .unwrap_or_else(CellValue::dash)
    }

    fn kpi(kind: crate::rules::ops::kpis::KpiKind, v: Option<i64>) -> CellValue {
        use crate::rules::ops::kpis::KpiKind::*;
        match (kind, v) {
            (_, None) => CellValue::dash(),
            (Count, Some(x)) => CellValue {
                ty: "number",
                v: x.to_string(),
            },
            (Percent, Some(x)) => CellValue {
                ty: "percent",
                v: x.to_string(),
            },
            (Duration, Some(x)) => CellValue {
                ty: "duration",
                v: x.to_string(),
            },
            (Score, Some(x)) => CellValue {
                ty: "number",
                v: hundredths_text(x),
            },
        }
    }
}

/// Company names for headers.
#[derive(Debug, Clone, Serialize)]
pub struct CompanyView {
    /// 公司名称.
    pub name: String,
    /// 部门.
    pub department: String,
}

/// One KPI row: this period, the previous one, the signed change.
#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    /// Stable key.
    pub key: &'static str,
    /// Chinese label.
    pub label: &'static str,
    /// This period.
    pub current: CellValue,
    /// The previous period.
    pub previous: CellValue,
    /// `+3`, `-1.25个百分点`, `—`.
    pub change: String,
    /// The cell format for the values (`h:mm:ss` for long durations, `0.00` for scores), or empty.
    pub format: &'static str,
}

/// One agent's row (or the team's) of the per-agent table.
#[derive(Debug, Clone, Serialize)]
pub struct AgentRow {
    /// 工号.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// Whether the roster lists the agent (`false`: shown as 不在花名册).
    pub in_roster: bool,
    /// 呼入.
    pub offered: u64,
    /// 接通.
    pub answered: u64,
    /// 未接 + 放弃.
    pub unanswered: u64,
    /// 放弃.
    pub abandoned: u64,
    /// 接通率.
    pub answer_rate: CellValue,
    /// 服务水平.
    pub service_level: CellValue,
    /// 平均应答.
    pub asa: CellValue,
    /// 平均通话.
    pub avg_talk: CellValue,
    /// 总通话 (seconds).
    pub total_talk: u64,
    /// 呼出.
    pub outbound: u64,
    /// 超时私人电话.
    pub personal: u64,
    /// 满意度回访数.
    pub csat_responses: u64,
    /// 平均评分.
    pub csat_average: CellValue,
    /// 满意率.
    pub csat_satisfied: CellValue,
    /// 投诉.
    pub complaints: u64,
    /// 迟到 (only when the attendance evaluation is available).
    pub late: Option<u64>,
    /// 建档超时: SLA-2 filing breaches as 建档人 (only when a 客户资料登记 is kept).
    pub filing_breaches: Option<u64>,
    /// Change of 接通 vs the previous period, signed text.
    pub answered_change: String,
    /// Change of 接通率 vs the previous period, signed text.
    pub answer_rate_change: String,
}

/// One week's satisfaction row.
#[derive(Debug, Clone, Serialize)]
pub struct WeekRow {
    /// `11-01至11-07`.
    pub label: String,
    /// Responses.
    pub responses: u64,
    /// Average score.
    pub average: CellValue,
    /// Share satisfied.
    pub satisfied: CellValue,
}

/// One row of the score distribution.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    /// `5分（非常满意）`.
    pub label: &'static str,
    /// Responses with that score.
    pub count: u64,
    /// Share of all responses.
    pub share: CellValue,
}

/// One agent's satisfaction row.
#[derive(Debug, Clone, Serialize)]
pub struct CsatAgentRow {
    /// 工号.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// Responses.
    pub responses: u64,
    /// Average.
    pub average: CellValue,
    /// Share satisfied.
    pub satisfied: CellValue,
    /// Responses scoring 1..5.
    pub distribution: [u64; 5],
}

/// One agent's complaints by severity.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintAgentRow {
    /// 工号.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 一般.
    pub minor: u64,
    /// 较重.
    pub serious: u64,
    /// 严重.
    pub severe: u64,
    /// 合计.
    pub total: u64,
}

/// SLA-1 for templates.
#[derive(Debug, Clone, Serialize)]
pub struct SlaView {
    /// Allowed hours.
    pub hours: u32,
    /// Accepted in the period.
    pub accepted: u64,
    /// Within the allowed hours.
    pub compliant: u64,
    /// Breaches.
    pub breached: u64,
    /// Still within the allowed hours at the period's end.
    pub pending: u64,
    /// Compliance.
    pub compliance: CellValue,
    /// Every breach.
    pub breaches: Vec<SlaBreach>,
}

/// SLA-2 (client records) for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ClientsView {
    /// Days sales has to submit.
    pub submit_days: u32,
    /// Hours customer service has to file.
    pub filing_hours: u32,
    /// Records accepted in the period.
    pub accepted: u64,
    /// Submitted on time.
    pub submitted_on_time: u64,
    /// Submitted late or still open past the deadline.
    pub submitted_late: u64,
    /// Not submitted, deadline still ahead.
    pub submit_pending: u64,
    /// Share submitted on time.
    pub submit_rate: CellValue,
    /// Filed on time.
    pub filed_on_time: u64,
    /// Filed late or still open past the deadline.
    pub filed_late: u64,
    /// Submitted, not filed, deadline still ahead.
    pub filing_pending: u64,
    /// Share filed on time.
    pub filing_rate: CellValue,
    /// Every breach of the period's records.
    pub breaches: Vec<ClientBreach>,
    /// Every record open past a deadline at the period's end.
    pub open_at_end: Vec<ClientBreach>,
}

/// Open slips for templates.
#[derive(Debug, Clone, Serialize)]
pub struct SlipsView {
    /// Open slip rows.
    pub count: u64,
    /// Of those, overdue.
    pub overdue: u64,
    /// The oldest one.
    pub oldest: Option<OpenSlip>,
    /// All of them, oldest first.
    pub list: Vec<OpenSlip>,
}

/// Everything the operations templates receive.
#[derive(Debug, Clone, Serialize)]
pub struct OpsContext {
    /// Company and department.
    pub company: CompanyView,
    /// The period.
    pub period: PeriodView,
    /// The previous period of the same length.
    pub previous: PeriodView,
    /// Whether the period has any call, survey, complaint, service request or open slip.
    pub has_data: bool,
    /// Whether it has calls.
    pub has_calls: bool,
    /// Whether it has survey responses.
    pub has_surveys: bool,
    /// Whether late arrivals are available (attendance evaluation).
    pub has_late: bool,
    /// Service-level threshold, seconds.
    pub service_level_seconds: u32,
    /// Personal-call review threshold, seconds.
    pub personal_call_seconds: u32,
    /// The same in words, `3分钟`, as the 月度扣款表 heads its list.
    pub personal_call_limit: String,
    /// CDR rows and merged calls read for the period.
    pub call_rows: u64,
    /// Calls after merging.
    pub calls: u64,
    /// Team figures against the previous period.
    pub kpis: Vec<KpiRow>,
    /// The satisfaction rows of `kpis`.
    pub csat_kpis: Vec<KpiRow>,
    /// The rows of `kpis` about calls, satisfaction, complaints and late arrivals
    /// (no service requests or slips: the 周报表 is about the agents).
    pub agent_kpis: Vec<KpiRow>,
    /// Per agent.
    pub agents: Vec<AgentRow>,
    /// The team row.
    pub team: AgentRow,
    /// Satisfaction by week.
    pub weeks: Vec<WeekRow>,
    /// Score distribution, 5 down to 1.
    pub distribution: Vec<ScoreRow>,
    /// Satisfaction per agent.
    pub csat_agents: Vec<CsatAgentRow>,
    /// The agents with at least `min_responses` responses: the per-agent chart's rows.
    pub csat_chart_agents: Vec<CsatAgentRow>,
    /// The agents with fewer, `王丽娟（1 份）`: listed under the chart, not drawn.
    pub csat_few_responses: Vec<String>,
    /// `reports.csat.min_responses`.
    pub min_responses: u32,
    /// Lowest-scored comments.
    pub comments: Vec<CommentLine>,
    /// Complaints per agent.
    pub complaint_agents: Vec<ComplaintAgentRow>,
    /// Complaints by severity, team.
    pub complaint_totals: ComplaintAgentRow,
    /// Every complaint.
    pub complaints: Vec<ComplaintLine>,
    /// SLA-1.
    pub sla: SlaView,
    /// Whether the project keeps a 客户资料登记 (it has at least one row).
    pub has_client_records: bool,
    /// SLA-2.
    pub clients: ClientsView,
    /// Open slips.
    pub slips: SlipsView,
    /// Personal calls over the threshold.
    pub personal_calls: Vec<crate::rules::ops::calls::PersonalCall>,
    /// Notes on what the figures cover (shown under the tables).
    pub notes: Vec<String>,
    /// Which figures have no previous data, in a sentence (empty when all have).
    pub previous_note: String,
    /// The same for the satisfaction figures alone.
    pub csat_previous_note: String,
    /// Every rule's clause number in the manual by code, `clauses["SLA-1"]` = `第三十八条`.
    pub clauses: std::collections::BTreeMap<&'static str, String>,
}

const SCORE_LABELS: [&str; 5] = [
    "1分（非常不满意）",
    "2分（不满意）",
    "3分（一般）",
    "4分（满意）",
    "5分（非常满意）",
];

fn csat_rows(f: &SurveyFigures) -> Vec<ScoreRow> {
    (0..5)
        .rev()
        .map(|i| ScoreRow {
            label: SCORE_LABELS[i],
            count: f.distribution[i],
            share: CellValue::percent(crate::rules::ops::figures::rate_bp(
                f.distribution[i],
                f.responses,
            )),
        })
        .collect()
}

/// Build the context of a period from the figures of it and of the period before.
pub fn build(config: &Config, cites: &Citations, cur: &OpsFigures, prev: &OpsFigures) -> OpsContext {
    let late: Option<&[AgentLate]> = cur.late.as_deref();
    let kpis = kpi_rows(cur, prev);
    let t = &cur.complaints.team;
    let has_calls = cur.calls.calls > 0;
    let has_surveys = cur.surveys.team.responses > 0;
    let min_responses = config.reports.csat.min_responses.unwrap_or(1);
    OpsContext {
        company: CompanyView {
            name: config.company.name.clone(),
            department: config.company.department.clone(),
        },
        period: PeriodView::from(&cur.period),
        previous: PeriodView::from(&prev.period),
        has_data: has_calls
            || has_surveys
            || t.total > 0
            || cur.sla.accepted > 0
            || cur.clients.accepted > 0
            || cur.slips.count > 0,
        has_calls,
        has_surveys,
        has_late: late.is_some(),
        service_level_seconds: config.rules.calls.service_level_seconds,
        personal_call_seconds: config.rules.pay.personal_call_review_seconds,
        personal_call_limit: crate::reports::manual::duration_zh(i64::from(
            config.rules.pay.personal_call_review_seconds,
        )),
        call_rows: cur.calls.rows,
        calls: cur.calls.calls,
        csat_kpis: kpis
            .iter()
            .filter(|k| matches!(k.key, "responses" | "csat_average" | "csat_satisfied"))
            .cloned()
            .collect(),
        agent_kpis: kpis
            .iter()
            .filter(|k| !k.key.starts_with("sla_") && k.key != "open_slips")
            .cloned()
            .collect(),
        kpis,
        agents: agent_rows(cur, prev, late),
        team: team_row(cur, prev, late),
        weeks: week_rows(&cur.surveys),
        distribution: csat_rows(&cur.surveys.team),
        csat_agents: csat_agent_rows(&cur.surveys),
        csat_chart_agents: csat_agent_rows(&cur.surveys)
            .into_iter()
            .filter(|a| a.responses >= u64::from(min_responses))
            .collect(),
        csat_few_responses: csat_agent_rows(&cur.surveys)
            .into_iter()
            .filter(|a| a.responses < u64::from(min_responses))
            .map(|a| format!("{}（{}\u{a0}份）", a.name, a.responses))
            .collect(),
        min_responses,
        comments: cur.surveys.lowest_comments.clone(),
        complaint_agents: complaint_agent_rows(&cur.complaints),
        complaint_totals: complaint_row(String::new(), "合计".into(), t),
        complaints: cur.complaints.list.clone(),
        sla: sla_view(&cur.sla),
        has_client_records: cur.clients.register_rows > 0,
        clients: clients_view(&cur.clients),
        slips: slips_view(&cur.slips),
        personal_calls: cur.calls.personal_calls.clone(),
        notes: notes(config, cites, late.is_some()),
        clauses: cites.by_code(),
        previous_note: previous_note(
            &prev
                .covered
                .missing(late.is_some(), cur.clients.register_rows > 0),
            prev,
        ),
        csat_previous_note: previous_note(
            &if prev.covered.surveys {
                Vec::new()
            } else {
                vec!["满意度回访"]
            },
            prev,
        ),
    }
}

/// The team KPIs of the period against the previous one.
fn kpi_rows(cur: &OpsFigures, prev: &OpsFigures) -> Vec<KpiRow> {
    compare(cur, prev)
        .into_iter()
        .map(|k| KpiRow {
            key: k.key,
            label: k.label,
            current: CellValue::kpi(k.kind, k.current),
            previous: CellValue::kpi(k.kind, k.previous),
            change: k.change_text,
            format: match (k.key, k.kind) {
                ("total_talk", _) => "h:mm:ss",
                (_, KpiKind::Score) => "0.00",
                _ => "",
            },
        })
        .collect()
}

/// Every agent seen in calls, surveys, complaints or late arrivals, roster order first.
fn agents_seen(cur: &OpsFigures, late: Option<&[AgentLate]>) -> BTreeSet<AgentRef> {
    let mut agents = BTreeSet::new();
    for a in &cur.calls.agents {
        agents.insert(a.agent.clone());
    }
    for a in &cur.surveys.agents {
        agents.insert(a.agent.clone());
    }
    for (a, _) in &cur.complaints.agents {
        agents.insert(a.clone());
    }
    for l in late.unwrap_or_default().iter().filter(|l| l.count > 0) {
        agents.insert(l.agent.clone());
    }
    for (a, _) in cur.clients.filing_breaches_by_filer() {
        agents.insert(a);
    }
    agents
}

/// The figures one row of the per-agent table is made of.
struct AgentFigures<'a> {
    /// Calls this period.
    calls: &'a CallFigures,
    /// Calls the period before (`None`: the call log does not reach it).
    previous_calls: Option<&'a CallFigures>,
    /// Survey responses this period.
    surveys: &'a SurveyFigures,
    /// Complaints this period.
    complaints: u64,
    /// Late arrivals, when the attendance evaluation is available.
    late: Option<u64>,
    /// SLA-2 filing breaches, when a 客户资料登记 is kept.
    filing_breaches: Option<u64>,
}

/// One row of the per-agent table (an agent's, or the team's).
fn agent_row(id: String, name: String, in_roster: bool, f: AgentFigures<'_>) -> AgentRow {
    let (c, p, s) = (f.calls, f.previous_calls, f.surveys);
    let change = |a: Option<i64>, b: Option<i64>, kind| {
        crate::rules::ops::kpis::change_text(kind, a.zip(b).map(|(x, y)| x - y))
    };
    let (p_answered, p_rate) = (p.map(|p| p.answered as i64), p.and_then(|p| p.answer_rate_bp));
    AgentRow {
        id,
        name,
        in_roster,
        offered: c.offered,
        answered: c.answered,
        unanswered: c.offered - c.answered,
        abandoned: c.abandoned,
        answer_rate: CellValue::percent(c.answer_rate_bp),
        service_level: CellValue::percent(c.service_level_bp),
        asa: CellValue::seconds(c.asa_seconds),
        avg_talk: CellValue::seconds(c.avg_talk_seconds),
        total_talk: c.total_talk_seconds,
        outbound: c.outbound,
        personal: c.personal_over_threshold,
        csat_responses: s.responses,
        csat_average: CellValue::score(s.average_x100),
        csat_satisfied: CellValue::percent(s.satisfied_bp),
        complaints: f.complaints,
        late: f.late,
        filing_breaches: f.filing_breaches,
        answered_change: change(Some(c.answered as i64), p_answered, KpiKind::Count),
        answer_rate_change: change(c.answer_rate_bp, p_rate, KpiKind::Percent),
    }
}

/// One row per agent seen in the period; agents missing from the roster are marked.
fn agent_rows(cur: &OpsFigures, prev: &OpsFigures, late: Option<&[AgentLate]>) -> Vec<AgentRow> {
    let empty_calls = CallFigures::default();
    let empty_surveys = SurveyFigures::default();
    let late_of = |id: &str| late.map(|l| l.iter().filter(|x| x.agent.id == id).map(|x| x.count).sum());
    let filing = cur.clients.filing_breaches_by_filer();
    let kept = cur.clients.register_rows > 0;
    let filing_of = |a: &AgentRef| kept.then(|| filing.iter().filter(|(x, _)| x == a).map(|(_, n)| n).sum());
    agents_seen(cur, late)
        .iter()
        .map(|a| {
            let c = cur
                .calls
                .agents
                .iter()
                .find(|x| &x.agent == a)
                .map(|x| &x.figures);
            let p = prev
                .calls
                .agents
                .iter()
                .find(|x| x.agent.id == a.id)
                .map(|x| &x.figures);
            let s = cur
                .surveys
                .agents
                .iter()
                .find(|x| &x.agent == a)
                .map(|x| &x.figures);
            let k = cur
                .complaints
                .agents
                .iter()
                .find(|x| &x.0 == a)
                .map(|x| x.1.total)
                .unwrap_or(0);
            let name = if a.in_roster {
                a.name.clone()
            } else {
                let label = if a.name.is_empty() { &a.id } else { &a.name };
                format!("{label}（不在花名册）")
            };
            let figures = AgentFigures {
                calls: c.unwrap_or(&empty_calls),
                previous_calls: prev.covered.calls.then(|| p.unwrap_or(&empty_calls)),
                surveys: s.unwrap_or(&empty_surveys),
                complaints: k,
                late: late_of(&a.id),
                filing_breaches: filing_of(a),
            };
            agent_row(a.id.clone(), name, a.in_roster, figures)
        })
        .collect()
}

/// The team's row (合计) of the per-agent table.
fn team_row(cur: &OpsFigures, prev: &OpsFigures, late: Option<&[AgentLate]>) -> AgentRow {
    let figures = AgentFigures {
        calls: &cur.calls.team,
        previous_calls: prev.covered.calls.then_some(&prev.calls.team),
        surveys: &cur.surveys.team,
        complaints: cur.complaints.team.total,
        late: late.map(|l| l.iter().map(|x| x.count).sum()),
        filing_breaches: (cur.clients.register_rows > 0).then(|| {
            cur.clients
                .breaches
                .iter()
                .filter(|b| b.stage == crate::rules::ops::client_records::Stage::File)
                .count() as u64
        }),
    };
    agent_row(String::new(), "合计".into(), true, figures)
}

/// Satisfaction by week.
fn week_rows(surveys: &SurveySummary) -> Vec<WeekRow> {
    surveys
        .weeks
        .iter()
        .map(|w| WeekRow {
            label: w.label.clone(),
            responses: w.figures.responses,
            average: CellValue::score(w.figures.average_x100),
            satisfied: CellValue::percent(w.figures.satisfied_bp),
        })
        .collect()
}

/// Satisfaction per agent.
fn csat_agent_rows(surveys: &SurveySummary) -> Vec<CsatAgentRow> {
    surveys
        .agents
        .iter()
        .map(|a| CsatAgentRow {
            id: a.agent.id.clone(),
            name: a.agent.name.clone(),
            responses: a.figures.responses,
            average: CellValue::score(a.figures.average_x100),
            satisfied: CellValue::percent(a.figures.satisfied_bp),
            distribution: a.figures.distribution,
        })
        .collect()
}

/// One row of complaints by severity.
fn complaint_row(id: String, name: String, c: &SeverityCounts) -> ComplaintAgentRow {
    ComplaintAgentRow {
        id,
        name,
        minor: c.minor,
        serious: c.serious,
        severe: c.severe,
        total: c.total,
    }
}

/// Complaints by severity, per agent.
fn complaint_agent_rows(complaints: &ComplaintSummary) -> Vec<ComplaintAgentRow> {
    complaints
        .agents
        .iter()
        .map(|(a, c)| complaint_row(a.id.clone(), a.name.clone(), c))
        .collect()
}

/// SLA-1 of the period.
fn sla_view(sla: &SlaSummary) -> SlaView {
    SlaView {
        hours: sla.hours,
        accepted: sla.accepted,
        compliant: sla.compliant,
        breached: sla.breached,
        pending: sla.pending,
        compliance: CellValue::percent(sla.compliance_bp),
        breaches: sla.breaches.clone(),
    }
}

/// SLA-2 of the period.
fn clients_view(c: &ClientRecordSummary) -> ClientsView {
    ClientsView {
        submit_days: c.submit_days,
        filing_hours: c.filing_hours,
        accepted: c.accepted,
        submitted_on_time: c.submitted_on_time,
        submitted_late: c.submitted_late,
        submit_pending: c.submit_pending,
        submit_rate: CellValue::percent(c.submit_rate_bp),
        filed_on_time: c.filed_on_time,
        filed_late: c.filed_late,
        filing_pending: c.filing_pending,
        filing_rate: CellValue::percent(c.filing_rate_bp),
        breaches: c.breaches.clone(),
        open_at_end: c.open_at_end.clone(),
    }
}

/// The slips open at the end of the period.
fn slips_view(slips: &OpenSlips) -> SlipsView {
    SlipsView {
        count: slips.count,
        overdue: slips.overdue,
        oldest: slips.oldest.clone(),
        list: slips.list.clone(),
    }
}

/// The note under a comparison when inputs do not reach the previous period
/// (empty when they all do): those figures are no data, not zero.
fn previous_note(missing: &[&str], prev: &OpsFigures) -> String {
    if missing.is_empty() {
        return String::new();
    }
    format!(
        "{}没有{}的数据，上期一栏记为“—”（无上期数据），不计算变化。",
        prev.period.label(),
        missing.join("、")
    )
}

/// Notes on what the figures cover, shown under the tables.
fn notes(config: &Config, cites: &Citations, has_late: bool) -> Vec<String> {
    let mut notes = vec![format!(
        "服务水平 = {} 秒内接通的呼入来电 ÷ 有等待时长记录的呼入来电；接通率 = 接通 ÷ 呼入来电；同一通话ID的多行话单按一通电话计，通话时长为各行之和（完全相同的重复行只计一次）。",
        config.rules.calls.service_level_seconds
    )];
    if has_late {
        notes.push(format!(
            "迟到次数来自考勤评定（《{}》{}：排班日的首次打卡晚于班次上班时间）。",
            cites.manual_title(),
            cites.numbers(Rule::Att2)
        ));
    }
    notes
}

/// Compute the figures of a period and of the one before, in parallel. With
/// `full` false only satisfaction, complaints, SLA and slips are computed (the
/// satisfaction report reads neither the call log nor attendance); with `full`
/// true late arrivals come from the attendance evaluation.
pub fn figures_pair(
    data: &Dataset,
    period: &Period,
    config: &Config,
    full: bool,
) -> (OpsFigures, OpsFigures) {
    let calls: &[crate::model::Call] = if full { &data.calls } else { &[] };
    let one = |p: &Period| {
        let mut f = ops_figures_from(data, calls, p, config);
        if full {
            f.late = Some(late_per_agent(data, p, config));
        }
        f
    };
    rayon::join(|| one(period), || one(&period.previous()))
}

/// Render an operations report into `<period dir>/<id>.xlsx` and `.pdf`, with the
/// template its `[reports.<id>].template` names ([`ReportSpec::template_file`]).
pub fn render_files(
    ctx: &RunContext<'_>,
    period: &Period,
    spec: &ReportSpec,
    context: &impl Serialize,
    sink: &mut dyn DocumentSink,
) -> anyhow::Result<()> {
    let template = spec.template_file(&ctx.project.config);
    let id = spec.id;
    let doc = ctx.renderer.document(&template, context)?;
    let (xlsx, pdf) = rayon::join(|| ctx.renderer.xlsx(&doc), || ctx.renderer.pdf(&doc));
    let dir = std::path::PathBuf::from(period.dir_name());
    sink.add(&dir.join(format!("{id}.xlsx")), &xlsx?)?;
    sink.add(&dir.join(format!("{id}.pdf")), &pdf?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Project;
    use crate::render::Renderer;

    fn fixture_data() -> Dataset {
        let (employees, calls) = crate::rules::testkit::call_week();
        Dataset {
            employees,
            calls,
            surveys: crate::rules::testkit::survey_month(),
            ..Dataset::default()
        }
    }

    fn pdf_text(bytes: &[u8]) -> String {
        let doc = lopdf::Document::load_mem(bytes).expect("pdf parses");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).expect("text")
    }

    fn xlsx_cells(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
        use calamine::Reader;
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx parses");
        let range = wb.worksheet_range(sheet).expect("sheet");
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    /// Render one report from the fixture; with `ZHIDU_KEEP_TEST_OUTPUT` set, keep the
    /// files for viewing.
    fn render(id: &str, period: &str) -> Vec<OutputFile> {
        let project = Project {
            root: std::env::temp_dir(),
            config: Config::default(),
            config_text: String::new(),
        };
        let renderer = Renderer::from_templates(&[]).expect("renderer");
        let data = fixture_data();
        let ctx = RunContext {
            project: &project,
            data: &data,
            failed_inputs: &[],
            set_aside: &[],
            renderer: &renderer,
            evaluated: None,
        };
        let p = Period::parse(period).expect("period");
        let f = crate::reports::registry::find(id)
            .and_then(|r| r.render)
            .unwrap_or_else(|| panic!("{id} not registered"));
        let mut files = Vec::new();
        f(&ctx, &p, &mut files).expect("renders");
        // The test suite's one variable: kept under target/tmp/, the folder printed.
        if std::env::var_os("ZHIDU_KEEP_TEST_OUTPUT").is_some_and(|v| !v.is_empty()) {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target/tmp")
                .join(format!("zhidu-ops-view-{id}"));
            for file in &files {
                crate::output::write_file(&dir.join(&file.path), &file.bytes).expect("keep");
            }
            // Straight to stderr, past the test harness's capture.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "ZHIDU_KEEP_TEST_OUTPUT: kept {}",
                dir.display()
            );
        }
        files
    }

    #[test]
    fn weekly_figures_reach_both_formats() {
        let files = render("weekly", "2026-11-16..2026-11-22");
        assert_eq!(
            files[0].path,
            std::path::PathBuf::from("2026-11-16_2026-11-22/weekly.xlsx")
        );
        assert_eq!(
            files[1].path,
            std::path::PathBuf::from("2026-11-16_2026-11-22/weekly.pdf")
        );
        let rows = xlsx_cells(&files[0].bytes, "周报表");
        // The KPI row 接通率: 5/7 = 0.7143 this week, 1/1 = 1 the week before, −28.57 pp
        // (a number with the 个百分点 format, not text).
        let rate = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "接通率"))
            .expect("接通率 row");
        assert_eq!(
            rate[1..4],
            ["0.7143".to_string(), "1".to_string(), "-28.57".to_string()]
        );
        // K001's row: offered 4, answered 3.
        let k1 = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == "K001"))
            .expect("K001 row");
        assert_eq!(
            (k1[1].as_str(), k1[2].as_str(), k1[3].as_str()),
            ("张三", "4", "3")
        );
        let text = pdf_text(&files[1].bytes);
        assert!(text.contains("周报表"), "{text}");
        assert!(text.contains("71.43%"), "{text}");
    }

    #[test]
    fn every_operations_report_renders_and_empty_periods_say_so() {
        for (id, period) in [
            ("ops-weekly", "2026-11-16..2026-11-22"),
            ("monthly", "2026-11"),
            ("csat", "2026-11"),
        ] {
            let files = render(id, period);
            assert_eq!(files.len(), 2, "{id}");
            assert!(files[1].bytes.starts_with(b"%PDF"), "{id}");
        }
        // csat November: 7 responses, average 3.57 (25/7), satisfied 57.14% (4/7).
        let csat = render("csat", "2026-11");
        let text = pdf_text(&csat[1].bytes);
        assert!(text.contains("3.57") && text.contains("57.14%"), "{text}");
        for (id, period) in [
            ("weekly", "2026-09-07..2026-09-13"),
            ("monthly", "2026-09"),
            ("csat", "2026-09"),
        ] {
            let files = render(id, period);
            let text = pdf_text(&files[1].bytes);
            assert!(text.contains("本期无数据"), "{id}: {text}");
        }
    }

    #[test]
    fn the_agent_chart_leaves_out_agents_under_the_minimum_of_responses() {
        // November: 张三 3 responses, 李四 4. With min_responses = 4 only 李四 is drawn;
        // 张三 is listed under the chart with his n.
        let data = fixture_data();
        let mut config = Config::default();
        config.reports.csat.min_responses = Some(4);
        let (cur, prev) = figures_pair(&data, &Period::parse("2026-11").expect("month"), &config, false);
        let ctx = build(&config, &Citations::of_defaults(&config), &cur, &prev);
        let drawn: Vec<&str> = ctx.csat_chart_agents.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(drawn, vec!["李四"]);
        assert_eq!(ctx.csat_few_responses, vec!["张三（3\u{a0}份）".to_string()]);
        assert_eq!(ctx.csat_agents.len(), 2);
        // October's one response (李四, 10-31) reaches the previous period: 1, not "—".
        assert_eq!(ctx.csat_previous_note, "");
    }
}
