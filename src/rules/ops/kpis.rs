//! Operations figures beyond calls and surveys: complaints by severity and
//! agent, SLA-1 first-response compliance with its breaches, open work-contact
//! slips; and the bundle of every figure of a period compared with the
//! previous period of the same length.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};

use crate::config::Config;
use crate::model::Period;
use crate::model::Roster;
use crate::model::{Call, Complaint, Dataset, EmployeeKey, ServiceRequest, SlipRow};
use crate::rules::ops::calls::{call_summary, CallSummary};
use crate::rules::ops::figures::{hundredths_text, rate_bp, AgentRef, AgentResolver};
use crate::rules::ops::surveys::{survey_summary, SurveySummary};

/// Complaint counts by severity: 一般, 较重, 严重.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SeverityCounts {
    /// 一般.
    pub minor: u64,
    /// 较重.
    pub serious: u64,
    /// 严重.
    pub severe: u64,
    /// All three.
    pub total: u64,
}

impl SeverityCounts {
    fn add(&mut self, c: &Complaint) {
        match c.severity {
            crate::model::Severity::Minor => self.minor += 1,
            crate::model::Severity::Serious => self.serious += 1,
            crate::model::Severity::Severe => self.severe += 1,
        }
        self.total += 1;
    }
}

/// One complaint, for the list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComplaintLine {
    /// `2026-11-03`.
    pub date: String,
    /// The employee complained about.
    pub agent: AgentRef,
    /// 一般 / 较重 / 严重.
    pub severity: &'static str,
    /// 来源.
    pub origin: String,
    /// 是否本公司责任: 是 / 否.
    pub company_fault: &'static str,
    /// 内容.
    pub content: String,
    /// Where the row is.
    pub source: String,
}

/// Complaints of a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComplaintSummary {
    /// The team's counts.
    pub team: SeverityCounts,
    /// Per agent (only agents with complaints).
    pub agents: Vec<(AgentRef, SeverityCounts)>,
    /// Every complaint, by date.
    pub list: Vec<ComplaintLine>,
}

/// Complaints dated within the period, by severity and agent.
pub fn complaint_summary(complaints: &[Complaint], roster: &Roster<'_>, period: &Period) -> ComplaintSummary {
    let resolver = AgentResolver::new(roster);
    let mut team = SeverityCounts::default();
    let mut per: BTreeMap<AgentRef, SeverityCounts> = BTreeMap::new();
    let mut list: Vec<&Complaint> = complaints.iter().filter(|c| period.contains(c.date)).collect();
    list.sort_by(|a, b| a.date.cmp(&b.date).then(a.source.row.cmp(&b.source.row)));
    for c in &list {
        team.add(c);
        per.entry(resolver.resolve(&c.employee)).or_default().add(c);
    }
    ComplaintSummary {
        team,
        agents: per.into_iter().collect(),
        list: list
            .into_iter()
            .map(|c| ComplaintLine {
                date: c.date.format("%Y-%m-%d").to_string(),
                agent: resolver.resolve(&c.employee),
                severity: c.severity.label(),
                origin: c.origin.clone().unwrap_or_default(),
                company_fault: if c.company_fault { "是" } else { "否" },
                content: c.content.clone().unwrap_or_default(),
                source: c.source.to_string(),
            })
            .collect(),
    }
}

/// A service request that missed SLA-1.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SlaBreach {
    /// 负责人.
    pub owner: AgentRef,
    /// 客户.
    pub customer: String,
    /// 类别.
    pub category: String,
    /// 受理时间, `2026-11-03 09:00:00`.
    pub accepted_at: String,
    /// 首次响应时间, empty when there was none by the period's end.
    pub first_response_at: String,
    /// Minutes from acceptance to first response (or to the period's end when none).
    pub minutes_taken: i64,
    /// Hours taken as text `30.50` (hundredths of an hour, half-up).
    pub hours_taken: String,
    /// Where the row is.
    pub source: String,
}

/// SLA-1 figures of a period: requests accepted in it, judged at its end.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SlaSummary {
    /// The allowed hours (rules.sla.first_response_hours).
    pub hours: u32,
    /// Requests accepted in the period.
    pub accepted: u64,
    /// First response within the allowed hours.
    pub compliant: u64,
    /// Responded late, or not responded and past the deadline at the period's end.
    pub breached: u64,
    /// Not responded yet, deadline after the period's end (judged in a later period).
    pub pending: u64,
    /// compliant / (compliant + breached), basis points.
    pub compliance_bp: Option<i64>,
    /// Every breach, by acceptance time.
    pub breaches: Vec<SlaBreach>,
}

/// SLA-1: first response within `rules.sla.first_response_hours` of acceptance.
pub fn sla_summary(
    requests: &[ServiceRequest],
    roster: &Roster<'_>,
    period: &Period,
    config: &Config,
) -> SlaSummary {
    let resolver = AgentResolver::new(roster);
    let hours = config.rules.sla.first_response_hours;
    let allowed = Duration::hours(i64::from(hours));
    let period_end: NaiveDateTime = (period.end + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
    let mut s = SlaSummary {
        hours,
        ..SlaSummary::default()
    };
    let mut inside: Vec<&ServiceRequest> = requests
        .iter()
        .filter(|r| period.contains(r.accepted_at.date()))
        .collect();
    inside.sort_by(|a, b| {
        a.accepted_at
            .cmp(&b.accepted_at)
            .then(a.source.row.cmp(&b.source.row))
    });
    for r in inside {
        s.accepted += 1;
        let deadline = r.accepted_at + allowed;
        let responded = r.first_response_at.filter(|t| *t < period_end);
        let taken_until = match responded {
            Some(t) if t <= deadline => {
                s.compliant += 1;
                continue;
            }
            Some(t) => t,
            None if deadline < period_end => period_end,
            None => {
                s.pending += 1;
                continue;
            }
        };
        s.breached += 1;
        let minutes = (taken_until - r.accepted_at).num_minutes();
        s.breaches.push(SlaBreach {
            owner: resolver.resolve(&r.owner),
            customer: r.customer.clone().unwrap_or_default(),
            category: r.category.clone().unwrap_or_default(),
            accepted_at: r.accepted_at.format("%Y-%m-%d %H:%M:%S").to_string(),
            first_response_at: responded
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default(),
            minutes_taken: minutes,
            hours_taken: hundredths_text((minutes * 100 * 2 + 60) / 120),
            source: r.source.to_string(),
        });
    }
    s.compliance_bp = rate_bp(s.compliant, s.compliant + s.breached);
    s
}

/// One open slip row (one slip to one receiving department).
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpenSlip {
    /// 编号.
    pub number: String,
    /// 主题.
    pub subject: String,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门.
    pub to_dept: String,
    /// 发单日期.
    pub issue_date: String,
    /// 要求完成日期.
    pub due_date: String,
    /// Days from issue to the period's end.
    pub days_open: i64,
    /// Whether the agreed completion date has passed at the period's end.
    pub overdue: bool,
}

/// Work-contact slips still open at the period's end.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct OpenSlips {
    /// How many slip rows are open.
    pub count: u64,
    /// Of those, past their agreed completion date.
    pub overdue: u64,
    /// The oldest open slip.
    pub oldest: Option<OpenSlip>,
    /// Every open slip, oldest first.
    pub list: Vec<OpenSlip>,
}

/// Slips issued by the period's end and not completed by it.
pub fn open_slips(slips: &[SlipRow], period: &Period) -> OpenSlips {
    let mut open: Vec<&SlipRow> = slips
        .iter()
        .filter(|s| s.issue_date <= period.end && s.completed_date.is_none_or(|d| d > period.end))
        .collect();
    open.sort_by(|a, b| {
        a.issue_date
            .cmp(&b.issue_date)
            .then(a.number.cmp(&b.number))
            .then(a.to_dept.cmp(&b.to_dept))
    });
    let list: Vec<OpenSlip> = open
        .iter()
        .map(|s| OpenSlip {
            number: s.number.clone(),
            subject: s.subject.clone(),
            from_dept: s.from_dept.clone(),
            to_dept: s.to_dept.clone(),
            issue_date: s.issue_date.format("%Y-%m-%d").to_string(),
            due_date: s.due_date.format("%Y-%m-%d").to_string(),
            days_open: (period.end - s.issue_date).num_days(),
            overdue: s.due_date < period.end,
        })
        .collect();
    OpenSlips {
        count: list.len() as u64,
        overdue: list.iter().filter(|s| s.overdue).count() as u64,
        oldest: list.first().cloned(),
        list,
    }
}

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
    /// Open slips at the period's end.
    pub slips: OpenSlips,
    /// Late arrivals per agent, when the attendance evaluation is available.
    pub late: Option<Vec<AgentLate>>,
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
        slips: open_slips(&data.slips, period),
        late: None,
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

/// The team's figures side by side with the previous period's, with signed changes.
pub fn compare(cur: &OpsFigures, prev: &OpsFigures) -> Vec<Kpi> {
    use KpiKind::*;
    let n = |v: u64| Some(v as i64);
    let o = |v: Option<u64>| v.map(|x| x as i64);
    let (c, p) = (&cur.calls.team, &prev.calls.team);
    let (cs, ps) = (&cur.surveys.team, &prev.surveys.team);
    let mut out = vec![
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
        kpi(
            "responses",
            "满意度回访数",
            Count,
            n(cs.responses),
            n(ps.responses),
        ),
        kpi(
            "csat_average",
            "平均满意度评分",
            Score,
            o(cs.average_x100),
            o(ps.average_x100),
        ),
        kpi(
            "csat_satisfied",
            "满意率",
            Percent,
            cs.satisfied_bp,
            ps.satisfied_bp,
        ),
        kpi(
            "complaints",
            "投诉",
            Count,
            n(cur.complaints.team.total),
            n(prev.complaints.team.total),
        ),
        kpi(
            "complaints_severe",
            "严重投诉",
            Count,
            n(cur.complaints.team.severe),
            n(prev.complaints.team.severe),
        ),
        kpi(
            "sla_accepted",
            "服务请求受理",
            Count,
            n(cur.sla.accepted),
            n(prev.sla.accepted),
        ),
        kpi(
            "sla_compliance",
            "首次响应及时率",
            Percent,
            cur.sla.compliance_bp,
            prev.sla.compliance_bp,
        ),
        kpi(
            "sla_breaches",
            "超时响应",
            Count,
            n(cur.sla.breached),
            n(prev.sla.breached),
        ),
        kpi(
            "open_slips",
            "未完成联系单",
            Count,
            n(cur.slips.count),
            n(prev.slips.count),
        ),
    ];
    if let (Some(a), Some(b)) = (&cur.late, &prev.late) {
        let total = |v: &Vec<AgentLate>| Some(v.iter().map(|x| x.count as i64).sum::<i64>());
        out.push(kpi("late", "迟到", Count, total(a), total(b)));
    }
    out
}

/// An employee key as an agent, for callers outside the figure functions.
pub fn agent_of(roster: &Roster<'_>, key: &EmployeeKey) -> AgentRef {
    AgentResolver::new(roster).resolve(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Severity, SlipClass, Source};
    use crate::rules::ops::calls::tests::employee;
    use chrono::NaiveDate;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }
    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time")
    }

    fn complaint(row: u32, date: &str, who: &str, sev: Severity) -> Complaint {
        Complaint {
            date: day(date),
            employee: EmployeeKey::by_id(who),
            severity: sev,
            origin: Some("客户".into()),
            company_fault: true,
            content: None,
            source: Source::synthetic("complaints.xlsx", "投诉", row),
        }
    }

    fn request(row: u32, accepted: &str, response: Option<&str>) -> ServiceRequest {
        ServiceRequest {
            accepted_at: at(accepted),
            first_response_at: response.map(at),
            owner: EmployeeKey::by_id("K001"),
            customer: None,
            category: None,
            onsite_at: None,
            source: Source::synthetic("requests.xlsx", "服务请求", row),
        }
    }

    fn slip(number: &str, issued: &str, due: &str, done: Option<&str>) -> SlipRow {
        SlipRow {
            number: number.into(),
            class: SlipClass::C,
            nature: None,
            from_dept: "客服部".into(),
            to_dept: "技术部".into(),
            subject: "主题".into(),
            requirement: None,
            issue_date: day(issued),
            due_date: day(due),
            signed_date: None,
            reply_date: None,
            completed_date: done.map(day),
            evaluation: None,
            replaces: None,
            drafter: None,
            dept_manager: None,
            division_leader: None,
            chief_leader: None,
            audit_head: None,
            no_inquiry_days: None,
            issuer_shirked: None,
            source: Source::synthetic("slips.xlsx", "登记", 2),
        }
    }

    #[test]
    fn complaints_by_severity_and_agent() {
        let employees = vec![employee("K001", "张三"), employee("K002", "李四")];
        let roster = Roster::new(&employees);
        let list = vec![
            complaint(2, "2026-11-03", "K002", Severity::Minor),
            complaint(3, "2026-11-04", "K001", Severity::Severe),
            complaint(4, "2026-11-05", "K002", Severity::Serious),
            complaint(5, "2026-11-05", "K002", Severity::Minor),
            complaint(6, "2026-12-01", "K001", Severity::Minor),
        ];
        let s = complaint_summary(&list, &roster, &Period::parse("2026-11").expect("nov"));
        // November: 4 complaints — 一般 2 (K002 ×2), 较重 1 (K002), 严重 1 (K001).
        assert_eq!(
            (s.team.minor, s.team.serious, s.team.severe, s.team.total),
            (2, 1, 1, 4)
        );
        assert_eq!(s.agents[0].0.id, "K001");
        assert_eq!(s.agents[0].1.total, 1);
        assert_eq!(
            (s.agents[1].1.minor, s.agents[1].1.serious, s.agents[1].1.total),
            (2, 1, 3)
        );
        assert_eq!(s.list[1].severity, "严重");
    }

    #[test]
    fn sla_compliance_and_breaches() {
        let employees = vec![employee("K001", "张三")];
        let roster = Roster::new(&employees);
        let reqs = vec![
            // 23 h 59 min: compliant. Exactly 24 h: compliant.
            request(2, "2026-11-02 09:00", Some("2026-11-03 08:59")),
            request(3, "2026-11-03 09:00", Some("2026-11-04 09:00")),
            // 30 h 30 min: breach (30.50 h).
            request(4, "2026-11-05 09:00", Some("2026-11-06 15:30")),
            // No response; accepted 11-20 10:00, deadline 11-21 10:00 < 12-01 00:00: breach,
            // counted to the period's end: 10 d 14 h = 254 h.
            request(5, "2026-11-20 10:00", None),
            // No response; accepted 11-30 12:00, deadline 12-01 12:00 after the end: pending.
            request(6, "2026-11-30 12:00", None),
            // October: not counted.
            request(7, "2026-10-30 12:00", None),
        ];
        let s = sla_summary(
            &reqs,
            &roster,
            &Period::parse("2026-11").expect("nov"),
            &Config::default(),
        );
        assert_eq!((s.accepted, s.compliant, s.breached, s.pending), (5, 2, 2, 1));
        // 2 / (2 + 2) = 50%.
        assert_eq!(s.compliance_bp, Some(5000));
        assert_eq!(s.breaches[0].hours_taken, "30.50");
        assert_eq!(s.breaches[1].minutes_taken, 254 * 60);
        assert_eq!(s.breaches[1].first_response_at, "");
    }

    #[test]
    fn open_slips_at_period_end() {
        let slips = vec![
            slip("KF-2026-001", "2026-10-20", "2026-11-10", None), // open, overdue
            slip("KF-2026-002", "2026-11-05", "2026-12-10", None), // open
            slip("KF-2026-003", "2026-11-06", "2026-11-20", Some("2026-11-18")), // done
            slip("KF-2026-004", "2026-11-07", "2026-11-20", Some("2026-12-02")), // done after the end: open
            slip("KF-2026-005", "2026-12-01", "2026-12-05", None), // issued after
        ];
        let s = open_slips(&slips, &Period::parse("2026-11").expect("nov"));
        assert_eq!((s.count, s.overdue), (3, 2));
        let oldest = s.oldest.expect("oldest");
        // 2026-10-20 → 2026-11-30 = 11 + 30 = 41 days.
        assert_eq!((oldest.number.as_str(), oldest.days_open), ("KF-2026-001", 41));
    }

    #[test]
    fn late_arrivals_per_agent_from_attendance() {
        use crate::rules::testkit::{at, day, Kit};
        // K001 常规 08:30 on 11-02 and 11-03: in at 08:31 (late) and 08:30 (on time);
        // K002 常规 on 11-02: in at 08:45 (late). Outside the week: K001 late on 11-09.
        let data = Kit::default()
            .emp(crate::rules::testkit::employee("K001", "张三", 400_000))
            .emp(crate::rules::testkit::employee("K002", "李四", 400_000))
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
        let week = Period::parse("2026-11-02..2026-11-08").expect("week");
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
        let (employees, calls) = crate::rules::ops::calls::tests::fixture();
        let data = Dataset {
            employees,
            calls,
            ..Dataset::default()
        };
        let week = Period::parse("2026-11-16..2026-11-22").expect("week");
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
}
