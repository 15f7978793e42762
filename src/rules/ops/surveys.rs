//! Customer-satisfaction figures (满意度调查): responses, average score, share
//! satisfied (4–5 of 5, i.e. 满意/非常满意), the score distribution, the
//! lowest-scored comments, per agent and per week.
//!
//! Weeks are 7-day blocks from the period's first day (1–7, 8–14, …); the last
//! block ends with the period and may be shorter.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use crate::model::Period;
use crate::model::Roster;
use crate::model::{EmployeeKey, SurveyResponse};
use crate::rules::ops::figures::{avg_x100, hundredths_text, rate_bp, AgentRef, AgentResolver};

/// How many of the lowest-scored comments a summary keeps.
pub const LOWEST_COMMENTS: usize = 10;

/// Satisfaction figures of one agent, one week or the team.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SurveyFigures {
    /// Number of responses.
    pub responses: u64,
    /// Sum of scores.
    pub score_sum: u64,
    /// Average score in hundredths, half-up (4.33 → 433).
    pub average_x100: Option<u64>,
    /// The average as text, `4.33` (empty when there are no responses).
    pub average: String,
    /// Responses scoring 4 or 5.
    pub satisfied: u64,
    /// satisfied / responses, basis points.
    pub satisfied_bp: Option<i64>,
    /// Responses scoring 1, 2, 3, 4, 5.
    pub distribution: [u64; 5],
}

impl SurveyFigures {
    fn add(&mut self, score: u8) {
        if !(1..=5).contains(&score) {
            return;
        }
        self.responses += 1;
        self.score_sum += u64::from(score);
        if score >= 4 {
            self.satisfied += 1;
        }
        self.distribution[usize::from(score - 1)] += 1;
    }

    fn finish(&mut self) {
        self.average_x100 = avg_x100(self.score_sum, self.responses);
        self.average = self
            .average_x100
            .map(|v| hundredths_text(v as i64))
            .unwrap_or_default();
        self.satisfied_bp = rate_bp(self.satisfied, self.responses);
    }
}

/// One agent's satisfaction figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AgentSurveys {
    /// The agent.
    pub agent: AgentRef,
    /// Their figures.
    pub figures: SurveyFigures,
}

/// One week's satisfaction figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WeekSurveys {
    /// First day, `2026-11-01`.
    pub start: String,
    /// Last day, `2026-11-07`.
    pub end: String,
    /// `11-01至11-07`.
    pub label: String,
    /// The week's figures.
    pub figures: SurveyFigures,
}

/// A low-scored response with a comment.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CommentLine {
    /// `2026-11-03`.
    pub date: String,
    /// The agent rated.
    pub agent: AgentRef,
    /// Score 1–5.
    pub score: u8,
    /// 客户.
    pub customer: String,
    /// 渠道.
    pub channel: String,
    /// 意见.
    pub comment: String,
    /// Where the row is.
    pub source: String,
}

/// Every satisfaction figure of a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SurveySummary {
    /// The team.
    pub team: SurveyFigures,
    /// Per agent, roster order, then unknown agents.
    pub agents: Vec<AgentSurveys>,
    /// Per 7-day block of the period.
    pub weeks: Vec<WeekSurveys>,
    /// The lowest-scored responses that carry a comment, lowest first, then by date and row.
    pub lowest_comments: Vec<CommentLine>,
}

/// The 7-day blocks of a period.
pub fn week_blocks(period: &Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut start = period.start;
    while start <= period.end {
        let end = (start + Duration::days(6)).min(period.end);
        out.push(Period { start, end });
        start = end + Duration::days(1);
    }
    out
}

/// Compute the satisfaction figures of a period.
pub fn survey_summary(responses: &[SurveyResponse], roster: &Roster<'_>, period: &Period) -> SurveySummary {
    let resolver = AgentResolver::new(roster);
    let blocks = week_blocks(period);
    let mut team = SurveyFigures::default();
    let mut weeks: Vec<SurveyFigures> = vec![SurveyFigures::default(); blocks.len()];
    let mut per_key: BTreeMap<&EmployeeKey, SurveyFigures> = BTreeMap::new();
    let mut commented: Vec<&SurveyResponse> = Vec::new();
    for r in responses.iter().filter(|r| period.contains(r.date)) {
        team.add(r.score);
        let week = ((r.date - period.start).num_days() / 7) as usize;
        if let Some(w) = weeks.get_mut(week) {
            w.add(r.score);
        }
        per_key.entry(&r.agent).or_default().add(r.score);
        if r.comment.as_deref().is_some_and(|c| !c.trim().is_empty()) {
            commented.push(r);
        }
    }
    team.finish();
    let mut per_agent: BTreeMap<AgentRef, SurveyFigures> = BTreeMap::new();
    for (key, f) in per_key {
        let a = per_agent.entry(resolver.resolve(key)).or_default();
        a.responses += f.responses;
        a.score_sum += f.score_sum;
        a.satisfied += f.satisfied;
        for (x, y) in a.distribution.iter_mut().zip(f.distribution) {
            *x += y;
        }
    }
    let agents = per_agent
        .into_iter()
        .map(|(agent, mut figures)| {
            figures.finish();
            AgentSurveys { agent, figures }
        })
        .collect();
    let weeks = blocks
        .iter()
        .zip(weeks)
        .map(|(b, mut figures)| {
            figures.finish();
            WeekSurveys {
                start: day(b.start),
                end: day(b.end),
                label: format!("{}至{}", b.start.format("%m-%d"), b.end.format("%m-%d")),
                figures,
            }
        })
        .collect();
    commented.sort_by(|a, b| {
        a.score
            .cmp(&b.score)
            .then(a.date.cmp(&b.date))
            .then(a.source.sheet.file.cmp(&b.source.sheet.file))
            .then(a.source.row.cmp(&b.source.row))
    });
    let lowest_comments = commented
        .into_iter()
        .take(LOWEST_COMMENTS)
        .map(|r| CommentLine {
            date: day(r.date),
            agent: resolver.resolve(&r.agent),
            score: r.score,
            customer: r.customer.clone().unwrap_or_default(),
            channel: r.channel.clone().unwrap_or_default(),
            comment: r.comment.clone().unwrap_or_default(),
            source: r.source.locate("意见"),
        })
        .collect();
    SurveySummary {
        team,
        agents,
        weeks,
        lowest_comments,
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{employee, survey_month};

    #[test]
    fn hand_computed_month() {
        let employees = vec![
            employee("K001", "张三", 400_000),
            employee("K002", "李四", 400_000),
        ];
        let roster = Roster::new(&employees);
        let nov = Period::parse("2026-11").expect("nov");
        let s = survey_summary(&survey_month(), &roster, &nov);
        let t = &s.team;
        // 7 responses in November: 5+4+2+5+3+1+5 = 25; 25/7 = 3.5714… → 3.57.
        assert_eq!((t.responses, t.score_sum), (7, 25));
        assert_eq!(t.average, "3.57");
        // Satisfied (4–5): 5, 4, 5, 5 = 4 → 4/7 = 57.142…% → 5714 bp.
        assert_eq!((t.satisfied, t.satisfied_bp), (4, Some(5714)));
        // Distribution 1..5: [1, 1, 1, 1, 3].
        assert_eq!(t.distribution, [1, 1, 1, 1, 3]);
        // K001: 5+4+2 = 11/3 = 3.666… → 3.67; satisfied 2/3 = 6667 bp.
        let k1 = &s.agents[0].figures;
        assert_eq!((k1.average.as_str(), k1.satisfied_bp), ("3.67", Some(6667)));
        // K002: 5+3+1+5 = 14/4 = 3.50; satisfied 2/4 = 5000 bp.
        let k2 = &s.agents[1].figures;
        assert_eq!((k2.average.as_str(), k2.satisfied_bp), ("3.50", Some(5000)));
        // Weeks: 1–7 (5, 5), 8–14 (4, 3), 15–21 (5), 22–28 (none), 29–30 (2, 1).
        let w: Vec<(String, u64, String)> = s
            .weeks
            .iter()
            .map(|w| (w.label.clone(), w.figures.responses, w.figures.average.clone()))
            .collect();
        assert_eq!(
            w,
            vec![
                ("11-01至11-07".to_string(), 2, "5.00".to_string()),
                ("11-08至11-14".to_string(), 2, "3.50".to_string()),
                ("11-15至11-21".to_string(), 1, "5.00".to_string()),
                ("11-22至11-28".to_string(), 0, String::new()),
                ("11-29至11-30".to_string(), 2, "1.50".to_string()),
            ]
        );
        // Comments (blank ones skipped, October's excluded): 1 态度差, 2 等待太久, 3 一般, 5 很好.
        let c: Vec<&str> = s.lowest_comments.iter().map(|c| c.comment.as_str()).collect();
        assert_eq!(c, vec!["态度差", "等待太久", "一般", "很好"]);
        assert_eq!(s.lowest_comments[0].agent.name, "李四");
    }
}
