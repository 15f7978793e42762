//! The bundle of every operations figure of a period (calls, surveys,
//! complaints, SLA-1, SLA-2, open slips, late arrivals) and its KPIs compared with
//! the previous period of the same length.

use crate::config::Config;
use crate::model::{Call, Dataset, EmployeeKey, Period, Roster};
use crate::rules::ops::calls::{call_summary, CallFigures, CallSummary};
use crate::rules::ops::client_records::{client_record_summary, ClientRecordSummary};
use crate::rules::ops::complaints::{complaint_summary, ComplaintSummary};
use crate::rules::ops::figures::{hundredths_text, AgentRef, AgentResolver};
use crate::rules::ops::open_slips::{open_slips, OpenSlips};
use crate::rules::ops::sla::{sla_summary, SlaSummary};
use crate::rules::ops::surveys::{survey_summary, SurveyFigures, SurveySummary};

/// Late arrivals of one agent in a period (from the attendance evaluation).
#[derive(Debug, Clone, serde::Serialize)]
pub struct AgentLate {
    /// The agent.
    pub agent: AgentRef,
    /// Late arrivals in the period.
    pub count: u64,
}

/// Late arrivals per roster employee in a period (ATT-2, from the attendance evaluation).
pub fn late_per_agent(data: &Dataset, period: &Period, config: &Config) -> Vec<AgentLate> {
    let roster = Roster::new(&data.employees);
    let counts = crate::rules::hr::attendance::evaluate_with(&roster, data, config, period).late_counts();
    let resolver = AgentResolver::new(&roster);
    data.employees
        .iter()
        .map(|e| AgentLate {
            agent: resolver.resolve(&EmployeeKey::by_id(e.id.clone())),
            count: u64::from(counts.get(&e.id).copied().unwrap_or(0)),
        })
        .collect()
}

/// Which inputs hold a record dated on or before a period's end: a figure of an
/// input that does not reach the period is no data (shown `—`, no change
/// computed), not zero. A register that reaches the period and has nothing in it
/// does say zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// The call log.
    pub calls: bool,
    /// The survey export.
    pub surveys: bool,
    /// The complaint register.
    pub complaints: bool,
    /// The service-request register (SLA-1).
    pub service_requests: bool,
    /// The client-record register (SLA-2).
    pub client_records: bool,
    /// The slip register.
    pub slips: bool,
    /// The schedule and the punches (late arrivals).
    pub attendance: bool,
}

impl Coverage {
    /// What the inputs cover of `period` (`calls` given apart, as [`ops_figures_from`] takes them).
    pub fn of(data: &Dataset, calls: &[Call], period: &Period) -> Coverage {
        let end = period.end;
        Coverage {
            calls: calls.iter().any(|c| c.start.date() <= end),
            surveys: data.surveys.iter().any(|s| s.date <= end),
            complaints: data.complaints.iter().any(|c| c.date <= end),
            service_requests: data.service_requests.iter().any(|r| r.accepted_at.date() <= end),
            client_records: data.client_records.iter().any(|r| r.accepted.date() <= end),
            slips: data.slips.iter().any(|s| s.issue_date <= end),
            attendance: data.schedule.iter().any(|s| s.date <= end)
                || data.punches.iter().any(|p| p.at.date() <= end),
        }
    }

    /// The inputs that do not reach the period, named as a report says them
    /// (attendance only when `with_attendance`, client records only when `with_clients`).
    pub fn missing(&self, with_attendance: bool, with_clients: bool) -> Vec<&'static str> {
        [
            (self.calls, "通话记录"),
            (self.surveys, "满意度回访"),
            (self.complaints, "投诉登记"),
            (self.service_requests, "服务请求"),
            (self.client_records || !with_clients, "客户资料登记"),
            (self.slips, "联系单登记"),
            (self.attendance || !with_attendance, "考勤"),
        ]
        .into_iter()
        .filter(|(covered, _)| !covered)
        .map(|(_, label)| label)
        .collect()
    }
}

/// Every operations figure of one period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpsFigures {
    /// The period.
    #[serde(skip)]
    pub period: Period,
    /// Calls.
    pub calls: CallSummary,
    /// Satisfaction.
    pub surveys: SurveySummary,
    /// Complaints.
    pub complaints: ComplaintSummary,
    /// SLA-1.
    pub sla: SlaSummary,
    /// SLA-2: client records.
    pub clients: ClientRecordSummary,
    /// Open slips at the period's end.
    pub slips: OpenSlips,
    /// Late arrivals per agent, when the attendance evaluation is available.
    pub late: Option<Vec<AgentLate>>,
    /// Which inputs reach the period (a figure of one that does not is no data).
    pub covered: Coverage,
}

/// Compute every operations figure of a period (late arrivals: see [`OpsFigures::late`]).
pub fn ops_figures(data: &Dataset, period: &Period, config: &Config) -> OpsFigures {
    ops_figures_from(data, &data.calls, period, config)
}

/// [`ops_figures`] with the call rows given separately (an empty slice skips the call log).
pub fn ops_figures_from(data: &Dataset, calls: &[Call], period: &Period, config: &Config) -> OpsFigures {
    let roster = Roster::new(&data.employees);
    OpsFigures {
        period: *period,
        calls: call_summary(calls, &roster, period, config),
        surveys: survey_summary(&data.surveys, &roster, period),
        complaints: complaint_summary(&data.complaints, &roster, period),
        sla: sla_summary(&data.service_requests, &roster, period, config),
        clients: client_record_summary(&data.client_records, &roster, period, config),
        slips: open_slips(&data.slips, &config.rules.slips.number_pattern, period),
        late: None,
        covered: Coverage::of(data, calls, period),
    }
}

/// How a KPI's value is typed in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KpiKind {
    /// A count.
    Count,
    /// Basis points (a rate).
    Percent,
    /// Seconds.
    Duration,
    /// A score in hundredths (shown 4.35).
    Score,
}

/// One figure compared with the previous period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Kpi {
    /// Stable key, e.g. `answer_rate`.
    pub key: &'static str,
    /// Chinese label.
    pub label: &'static str,
    /// How the values are typed.
    pub kind: KpiKind,
    /// This period's value (integer; hundredths for scores), if defined.
    pub current: Option<i64>,
    /// The previous period's value, if defined.
    pub previous: Option<i64>,
    /// current − previous, when both are defined.
    pub change: Option<i64>,
    /// This period's value as the cell text for its type (`7143`, `4.35`, `18`); empty when undefined.
    pub current_cell: String,
    /// The previous period's value as cell text.
    pub previous_cell: String,
    /// The change with its sign, for reading: `+3`, `-1.25个百分点`, `+0.12`, `-4秒`; `—` when undefined.
    pub change_text: String,
}

fn cell(kind: KpiKind, v: Option<i64>) -> String {
    match (kind, v) {
        (_, None) => String::new(),
        (KpiKind::Score, Some(x)) => hundredths_text(x),
        (_, Some(x)) => x.to_string(),
    }
}

/// `+3`, `-1.25个百分点`, `+0.12分`, `-4秒`, `0`.
pub fn change_text(kind: KpiKind, change: Option<i64>) -> String {
    let Some(c) = change else {
        return "—".into();
    };
    let sign = if c > 0 { "+" } else { "" };
    match kind {
        KpiKind::Count => format!("{sign}{c}"),
        KpiKind::Percent => format!("{sign}{}个百分点", hundredths_text(c)),
        KpiKind::Duration => {
            let a = c.unsigned_abs();
            let sign = if c < 0 { "-" } else { sign };
            match (a / 3600, a % 3600 / 60, a % 60) {
                (0, 0, s) => format!("{sign}{s}秒"),
                (0, m, s) => format!("{sign}{m}分{s:02}秒"),
                (h, m, s) => format!("{sign}{h}小时{m:02}分{s:02}秒"),
            }
        }
        KpiKind::Score => format!("{sign}{}分", hundredths_text(c)),
    }
}

fn kpi(key: &'static str, label: &'static str, kind: KpiKind, cur: Option<i64>, prev: Option<i64>) -> Kpi {
    let change = cur.zip(prev).map(|(a, b)| a - b);
    Kpi {
        key,
        label,
        kind,
        current: cur,
        previous: prev,
        change,
        current_cell: cell(kind, cur),
        previous_cell: cell(kind, prev),
        change_text: change_text(kind, change),
    }
}

/// A count as a KPI value.
fn count(v: u64) -> Option<i64> {
    i64::try_from(v).ok()
}

/// An optional count as a KPI value.
fn count_opt(v: Option<u64>) -> Option<i64> {
    v.and_then(count)
}

/// The team's figures side by side with the previous period's, with signed changes:
/// calls, then satisfaction, then complaints, SLA-1 and open slips, then late arrivals.
/// A figure of an input that does not reach the previous period has no previous
/// value and no change ([`Coverage`]).
pub fn compare(cur: &OpsFigures, prev: &OpsFigures) -> Vec<Kpi> {
    let mut out = call_kpis(&cur.calls.team, &prev.calls.team);
    out.extend(survey_kpis(&cur.surveys.team, &prev.surveys.team));
    out.extend(case_kpis(cur, prev));
    if let (Some(a), Some(b)) = (&cur.late, &prev.late) {
        let total = |v: &Vec<AgentLate>| Some(v.iter().map(|x| x.count as i64).sum::<i64>());
        out.push(kpi("late", "迟到", KpiKind::Count, total(a), total(b)));
    }
    let c = &prev.covered;
    for k in &mut out {
        let covered = match k.key {
            "responses" | "csat_average" | "csat_satisfied" => c.surveys,
            "complaints" | "complaints_severe" => c.complaints,
            "sla_accepted" | "sla_compliance" | "sla_breaches" => c.service_requests,
            "sla_submit_rate" | "sla_filing_rate" => c.client_records,
            "open_slips" => c.slips,
            "late" => c.attendance,
            _ => c.calls,
        };
        if !covered {
            *k = kpi(k.key, k.label, k.kind, k.current, None);
        }
    }
    out
}

/// The call KPIs: volumes, rates, waits and talk, personal calls.
fn call_kpis(c: &CallFigures, p: &CallFigures) -> Vec<Kpi> {
    use KpiKind::*;
    let (n, o) = (count, count_opt);
    vec![
        kpi("offered", "呼入来电", Count, n(c.offered), n(p.offered)),
        kpi("answered", "接通", Count, n(c.answered), n(p.answered)),
        kpi("abandoned", "放弃", Count, n(c.abandoned), n(p.abandoned)),
        kpi("missed", "未接", Count, n(c.missed), n(p.missed)),
        kpi(
            "answer_rate",
            "接通率",
            Percent,
            c.answer_rate_bp,
            p.answer_rate_bp,
        ),
        kpi(
            "service_level",
            "服务水平",
            Percent,
            c.service_level_bp,
            p.service_level_bp,
        ),
        kpi(
            "asa",
            "平均应答时长",
            Duration,
            o(c.asa_seconds),
            o(p.asa_seconds),
        ),
        kpi(
            "avg_talk",
            "平均通话时长",
            Duration,
            o(c.avg_talk_seconds),
            o(p.avg_talk_seconds),
        ),
        kpi(
            "total_talk",
            "总通话时长",
            Duration,
            n(c.total_talk_seconds),
            n(p.total_talk_seconds),
        ),
        kpi("outbound", "呼出", Count, n(c.outbound), n(p.outbound)),
        kpi(
            "personal_calls",
            "超时私人电话",
            Count,
            n(c.personal_over_threshold),
            n(p.personal_over_threshold),
        ),
    ]
}

/// The satisfaction KPIs.
fn survey_kpis(c: &SurveyFigures, p: &SurveyFigures) -> Vec<Kpi> {
    use KpiKind::*;
    vec![
        kpi(
            "responses",
            "满意度回访数",
            Count,
            count(c.responses),
            count(p.responses),
        ),
        kpi(
            "csat_average",
            "平均满意度评分",
            Score,
            count_opt(c.average_x100),
            count_opt(p.average_x100),
        ),
        kpi(
            "csat_satisfied",
            "满意率",
            Percent,
            c.satisfied_bp,
            p.satisfied_bp,
        ),
    ]
}

/// The KPIs of complaints, SLA-1, SLA-2 (when either period has client
/// records) and open slips.
fn case_kpis(cur: &OpsFigures, prev: &OpsFigures) -> Vec<Kpi> {
    use KpiKind::*;
    let n = count;
    let (cc, pc) = (&cur.complaints.team, &prev.complaints.team);
    let (cs, ps) = (&cur.sla, &prev.sla);
    let (cr, pr) = (&cur.clients, &prev.clients);
    let clients = if cr.accepted + pr.accepted > 0 {
        vec![
            kpi(
                "sla_submit_rate",
                "客户资料提交及时率",
                Percent,
                cr.submit_rate_bp,
                pr.submit_rate_bp,
            ),
            kpi(
                "sla_filing_rate",
                "客户资料建档及时率",
                Percent,
                cr.filing_rate_bp,
                pr.filing_rate_bp,
            ),
        ]
    } else {
        Vec::new()
    };
    let mut out = vec![
        kpi("complaints", "投诉", Count, n(cc.total), n(pc.total)),
        kpi("complaints_severe", "严重投诉", Count, n(cc.severe), n(pc.severe)),
        kpi(
            "sla_accepted",
            "服务请求受理",
            Count,
            n(cs.accepted),
            n(ps.accepted),
        ),
        kpi(
            "sla_compliance",
            "首次响应及时率",
            Percent,
            cs.compliance_bp,
            ps.compliance_bp,
        ),
        kpi("sla_breaches", "超时响应", Count, n(cs.breached), n(ps.breached)),
    ];
    out.extend(clients);
    out.push(kpi(
        "open_slips",
        "未完成联系单",
        Count,
        n(cur.slips.count),
        n(prev.slips.count),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{at, call_week, day, employee, period, Kit};

    #[test]
    fn late_arrivals_per_agent_from_attendance() {
        // K001 常规 08:30 on 11-02 and 11-03: in at 08:31 (late) and 08:30 (on time);
        // K002 常规 on 11-02: in at 08:45 (late). Outside the week: K001 late on 11-09.
        let data = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .emp(employee("K002", "李四", 400_000))
            .shift("K001", day(11, 2), "常规")
            .shift("K001", day(11, 3), "常规")
            .shift("K002", day(11, 2), "常规")
            .shift("K001", day(11, 9), "常规")
            .punch("K001", at(11, 2, 8, 31, 0))
            .punch("K001", at(11, 2, 17, 31, 0))
            .punch("K001", at(11, 3, 8, 30, 0))
            .punch("K001", at(11, 3, 17, 31, 0))
            .punch("K002", at(11, 2, 8, 45, 0))
            .punch("K002", at(11, 2, 17, 45, 0))
            .punch("K001", at(11, 9, 9, 0, 0))
            .data;
        let week = period("2026-11-02..2026-11-08");
        let late = late_per_agent(&data, &week, &Config::default());
        let counts: Vec<(&str, u64)> = late.iter().map(|l| (l.agent.id.as_str(), l.count)).collect();
        assert_eq!(counts, vec![("K001", 1), ("K002", 1)]);
    }

    #[test]
    fn comparison_is_signed() {
        assert_eq!(change_text(KpiKind::Percent, Some(-125)), "-1.25个百分点");
        assert_eq!(change_text(KpiKind::Count, Some(3)), "+3");
        assert_eq!(change_text(KpiKind::Count, Some(0)), "0");
        assert_eq!(change_text(KpiKind::Score, Some(12)), "+0.12分");
        assert_eq!(change_text(KpiKind::Duration, None), "—");
        assert_eq!(change_text(KpiKind::Duration, Some(-17)), "-17秒");
        assert_eq!(change_text(KpiKind::Duration, Some(65)), "+1分05秒");
        // 44,517 s = 12 h (43,200 s) + 21 min (1,260 s) + 57 s.
        assert_eq!(change_text(KpiKind::Duration, Some(-44_517)), "-12小时21分57秒");
        // Week 11-16..11-22 against 11-09..11-15: the fixture's c9 (11-15) is the previous
        // week's only call; offered 7 now vs 1 then → +6; answer rate 71.43% vs 100% → -28.57 pp.
        let (employees, calls) = call_week();
        let data = Dataset {
            employees,
            calls,
            ..Dataset::default()
        };
        let week = period("2026-11-16..2026-11-22");
        let cur = ops_figures(&data, &week, &Config::default());
        let prev = ops_figures(&data, &week.previous(), &Config::default());
        let k = compare(&cur, &prev);
        let get = |key: &str| k.iter().find(|x| x.key == key).expect("kpi");
        assert_eq!(get("offered").change, Some(6));
        assert_eq!(get("offered").change_text, "+6");
        assert_eq!(get("answer_rate").change, Some(7143 - 10_000));
        assert_eq!(get("answer_rate").change_text, "-28.57个百分点");
        assert_eq!(get("csat_average").change, None);
    }

    #[test]
    fn a_period_the_inputs_do_not_reach_is_no_data_not_zero() {
        // Week 11-09..11-15 against 11-02..11-08: the call log's first call is on
        // 11-15, so the previous week has no call data: 呼入 1 now, previous "—",
        // no change (not 0 and +1). The complaint register starts on 10-20 and
        // has nothing in the previous week: that is a real 0.
        let (employees, calls) = call_week();
        let mut data = Kit::default()
            .complaint("K001", day(10, 20), crate::model::Severity::Minor, true)
            .data;
        data.employees = employees;
        data.calls = calls;
        let week = period("2026-11-09..2026-11-15");
        let cur = ops_figures(&data, &week, &Config::default());
        let prev = ops_figures(&data, &week.previous(), &Config::default());
        assert!(!prev.covered.calls && prev.covered.complaints && !prev.covered.surveys);
        let k = compare(&cur, &prev);
        let get = |key: &str| k.iter().find(|x| x.key == key).expect("kpi");
        let offered = get("offered");
        assert_eq!(
            (offered.current, offered.previous, offered.change),
            (Some(1), None, None)
        );
        assert_eq!(offered.change_text, "—");
        assert_eq!(get("total_talk").previous, None);
        let complaints = get("complaints");
        assert_eq!(
            (complaints.previous, complaints.change_text.as_str()),
            (Some(0), "0")
        );
        assert_eq!(get("responses").previous, None);
        assert_eq!(
            prev.covered.missing(false, false),
            vec!["通话记录", "满意度回访", "服务请求", "联系单登记"]
        );
    }
}
