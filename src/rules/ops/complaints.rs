//! Complaints of a period (PAY-2 counts them for pay; here for the operations
//! reports): by severity, per agent, and the list.

use std::collections::BTreeMap;

use crate::model::{Complaint, Period, Roster, Severity};
use crate::rules::ops::figures::{AgentRef, AgentResolver};

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
            Severity::Minor => self.minor += 1,
            Severity::Serious => self.serious += 1,
            Severity::Severe => self.severe += 1,
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
                source: c.source.locate("严重程度"),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{day, employee, period, Kit};

    #[test]
    fn complaints_by_severity_and_agent() {
        let data = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .emp(employee("K002", "李四", 400_000))
            .complaint("K002", day(11, 3), Severity::Minor, true)
            .complaint("K001", day(11, 4), Severity::Severe, true)
            .complaint("K002", day(11, 5), Severity::Serious, true)
            .complaint("K002", day(11, 5), Severity::Minor, true)
            .complaint("K001", day(12, 1), Severity::Minor, true)
            .data;
        let roster = Roster::new(&data.employees);
        let s = complaint_summary(&data.complaints, &roster, &period("2026-11"));
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
}
