//! SLA-1: a service request's first response within
//! `rules.sla.first_response_hours` of its acceptance, judged at the period's end.

use chrono::{Duration, NaiveDateTime};

use crate::config::Config;
use crate::model::{Period, Roster, ServiceRequest};
use crate::rules::ops::figures::{hundredths_text, rate_bp, AgentRef, AgentResolver};

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
            source: r.source.locate("首次响应时间"),
        });
    }
    s.compliance_bp = rate_bp(s.compliant, s.compliant + s.breached);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{employee, moment, period, Kit};

    #[test]
    fn sla_compliance_and_breaches() {
        let request = |kit: Kit, accepted: &str, response: Option<&str>| {
            kit.request("K001", moment(accepted), response.map(moment))
        };
        let mut kit = Kit::default().emp(employee("K001", "张三", 400_000));
        // 23 h 59 min: compliant. Exactly 24 h: compliant.
        kit = request(kit, "2026-11-02 09:00", Some("2026-11-03 08:59"));
        kit = request(kit, "2026-11-03 09:00", Some("2026-11-04 09:00"));
        // 30 h 30 min: breach (30.50 h).
        kit = request(kit, "2026-11-05 09:00", Some("2026-11-06 15:30"));
        // No response; accepted 11-20 10:00, deadline 11-21 10:00 < 12-01 00:00: breach,
        // counted to the period's end: 10 d 14 h = 254 h.
        kit = request(kit, "2026-11-20 10:00", None);
        // No response; accepted 11-30 12:00, deadline 12-01 12:00 after the end: pending.
        kit = request(kit, "2026-11-30 12:00", None);
        // October: not counted.
        let data = request(kit, "2026-10-30 12:00", None).data;
        let roster = Roster::new(&data.employees);
        let s = sla_summary(
            &data.service_requests,
            &roster,
            &period("2026-11"),
            &Config::default(),
        );
        assert_eq!((s.accepted, s.compliant, s.breached, s.pending), (5, 2, 2, 1));
        // 2 / (2 + 2) = 50%.
        assert_eq!(s.compliance_bp, Some(5000));
        assert_eq!(s.breaches[0].hours_taken, "30.50");
        assert_eq!(s.breaches[1].minutes_taken, 254 * 60);
        assert_eq!(s.breaches[1].first_response_at, "");
    }
}
