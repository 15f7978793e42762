//! Call-centre figures per agent and for the team, from the call log (通话记录).
//!
//! Rows sharing a call ID (Asterisk linkedid, FreeSWITCH uuid) are one call: it is
//! answered when any of its rows is; it belongs to the agent of its longest
//! answered row (or of its first row when nobody answered); its wait is that
//! row's; its talk is the sum of its rows' talk (a call split across rows keeps
//! all of it), a row repeated identically counted once; it starts at its
//! earliest row. A call counts in the period
//! its start falls in. Internal calls (内部, extension to extension) are left out
//! of every figure; an inbound call that never reached an agent (abandoned in
//! the IVR or the queue) counts for the team and for no agent.

use std::collections::BTreeMap;

use rayon::prelude::*;

use chrono::NaiveDateTime;

use crate::config::Config;
use crate::model::Period;
use crate::model::Roster;
use crate::model::{Call, CallDirection, CallKind, CallStatus, EmployeeKey};
use crate::rules::ops::figures::{avg_half_up, rate_bp, AgentRef, AgentResolver};

/// One call after merging the rows that share its call ID.
#[derive(Debug, Clone)]
pub struct MergedCall<'a> {
    /// The row the call is attributed to (its agent, wait, numbers).
    pub main: &'a Call,
    /// Talk seconds of all its rows, a row repeated identically counted once.
    pub talk_seconds: u32,
    /// Earliest start over its rows.
    pub start: NaiveDateTime,
    /// Direction of its first row.
    pub direction: CallDirection,
    /// Answered if any row is; else abandoned if any row is; else missed.
    pub status: CallStatus,
    /// Personal if any row is marked 私人.
    pub kind: CallKind,
    /// How many CDR rows it spans.
    pub rows: u32,
}

fn better_main(current: &Call, candidate: &Call) -> bool {
    let answered = |c: &Call| c.status == CallStatus::Answered;
    match (answered(current), answered(candidate)) {
        (false, true) => true,
        (true, true) => candidate.talk_seconds > current.talk_seconds,
        _ => false,
    }
}

/// Whether two rows say the same thing (every field but where they are): an
/// export that repeats a row.
fn same_row(a: &Call, b: &Call) -> bool {
    a.call_id == b.call_id
        && a.agent == b.agent
        && a.start == b.start
        && a.talk_seconds == b.talk_seconds
        && a.wait_seconds == b.wait_seconds
        && a.direction == b.direction
        && a.status == b.status
        && a.kind == b.kind
        && a.caller == b.caller
        && a.callee == b.callee
}

/// One call from its rows (in input order): the row it is attributed to, the
/// earliest start, the talk of all its distinct rows, and the combined status and kind.
fn merge_group<'a>(mut rows: impl Iterator<Item = &'a Call>) -> Option<MergedCall<'a>> {
    let first = rows.next()?;
    let mut m = MergedCall {
        main: first,
        talk_seconds: first.talk_seconds,
        start: first.start,
        direction: first.direction,
        status: first.status,
        kind: first.kind,
        rows: 1,
    };
    let mut seen: Vec<&Call> = vec![first];
    for row in rows {
        m.rows += 1;
        if !seen.iter().any(|s| same_row(s, row)) {
            m.talk_seconds = m.talk_seconds.saturating_add(row.talk_seconds);
            seen.push(row);
        }
        if row.start < m.start {
            m.start = row.start;
        }
        m.status = match (m.status, row.status) {
            (CallStatus::Answered, _) | (_, CallStatus::Answered) => CallStatus::Answered,
            (CallStatus::Abandoned, _) | (_, CallStatus::Abandoned) => CallStatus::Abandoned,
            _ => CallStatus::Missed,
        };
        if row.kind == CallKind::Personal {
            m.kind = CallKind::Personal;
        }
        if better_main(m.main, row) {
            m.main = row;
        }
    }
    Some(m)
}

fn call_id(c: &Call) -> Option<&str> {
    c.call_id.as_deref().filter(|s| !s.trim().is_empty())
}

/// The row groups of a period's calls: row indices sorted by call ID (rows without
/// an ID stand alone), each group in input order. Only rows starting from the day
/// before the period (a call straddling midnight) to its end are read.
fn call_groups(rows: &[Call], period: &Period) -> (Vec<u32>, Vec<u32>) {
    let from = period.start.pred_opt().unwrap_or(period.start);
    let in_window = |c: &Call| {
        let day = c.start.date();
        from <= day && day <= period.end
    };
    let (mut with_id, single): (Vec<u32>, Vec<u32>) = (0..rows.len() as u32)
        .into_par_iter()
        .filter(|&i| in_window(&rows[i as usize]))
        .partition(|&i| call_id(&rows[i as usize]).is_some());
    with_id.par_sort_unstable_by(|&a, &b| {
        call_id(&rows[a as usize])
            .cmp(&call_id(&rows[b as usize]))
            .then(a.cmp(&b))
    });
    (with_id, single)
}

/// Split sorted row indices into chunks that never cut a call ID's group.
fn group_chunks<'i>(rows: &[Call], sorted: &'i [u32], parts: usize) -> Vec<&'i [u32]> {
    let mut out = Vec::new();
    let target = sorted.len() / parts.max(1) + 1;
    let mut start = 0;
    while start < sorted.len() {
        let mut end = (start + target).min(sorted.len());
        while end < sorted.len()
            && call_id(&rows[sorted[end] as usize]) == call_id(&rows[sorted[end - 1] as usize])
        {
            end += 1;
        }
        out.push(&sorted[start..end]);
        start = end;
    }
    out
}

/// Visit every call of a chunk of sorted row indices whose start falls in the
/// period, with the index of its first row.
fn visit_groups<'a>(
    rows: &'a [Call],
    chunk: &[u32],
    period: &Period,
    mut f: impl FnMut(u32, &MergedCall<'a>),
) {
    let mut i = 0;
    while i < chunk.len() {
        let id = call_id(&rows[chunk[i] as usize]);
        let mut j = i + 1;
        // Rows without a call ID are calls of their own.
        while j < chunk.len() && id.is_some() && call_id(&rows[chunk[j] as usize]) == id {
            j += 1;
        }
        if let Some(m) = merge_group(chunk[i..j].iter().map(|&k| &rows[k as usize])) {
            if period.contains(m.start.date()) {
                f(chunk[i], &m);
            }
        }
        i = j;
    }
}

/// Merge rows into calls (rows sharing a call ID become one call), for the calls
/// starting in the period; in input order of each call's first row.
pub fn merge_calls<'a>(rows: &'a [Call], period: &Period) -> Vec<MergedCall<'a>> {
    let (with_id, single) = call_groups(rows, period);
    let mut out: Vec<(u32, MergedCall<'a>)> = Vec::new();
    visit_groups(rows, &with_id, period, |first, m| out.push((first, m.clone())));
    visit_groups(rows, &single, period, |first, m| out.push((first, m.clone())));
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, m)| m).collect()
}

/// The call figures of one agent or of the team.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CallFigures {
    /// Inbound calls offered (呼入).
    pub offered: u64,
    /// Inbound calls answered (接通).
    pub answered: u64,
    /// Inbound calls the caller abandoned while waiting (放弃).
    pub abandoned: u64,
    /// Inbound calls that rang out unanswered (未接).
    pub missed: u64,
    /// answered / offered, basis points.
    pub answer_rate_bp: Option<i64>,
    /// Inbound calls answered within the service-level threshold.
    pub answered_within_threshold: u64,
    /// Inbound calls whose wait time is known (the service level's denominator).
    pub offered_with_wait: u64,
    /// answered within threshold / offered with a known wait, basis points.
    pub service_level_bp: Option<i64>,
    /// Average speed of answer: mean wait of answered inbound calls with a known wait, seconds (half-up).
    pub asa_seconds: Option<u64>,
    /// Mean talk time of answered inbound calls, seconds (half-up).
    pub avg_talk_seconds: Option<u64>,
    /// Total talk time of answered inbound calls, seconds.
    pub total_talk_seconds: u64,
    /// Outbound calls (呼出).
    pub outbound: u64,
    /// Talk time of outbound calls, seconds.
    pub outbound_talk_seconds: u64,
    /// Personal calls (私人) longer than the review threshold (PAY-4).
    pub personal_over_threshold: u64,
    #[serde(skip)]
    wait_sum_answered: u64,
    #[serde(skip)]
    answered_with_wait: u64,
}

impl CallFigures {
    fn add(&mut self, c: &MergedCall<'_>, sl_seconds: u32, personal_seconds: u32) {
        match c.direction {
            CallDirection::Inbound => {
                self.offered += 1;
                let wait = c.main.wait_seconds;
                if wait.is_some() {
                    self.offered_with_wait += 1;
                }
                match c.status {
                    CallStatus::Answered => {
                        self.answered += 1;
                        self.total_talk_seconds += u64::from(c.talk_seconds);
                        if let Some(w) = wait {
                            self.answered_with_wait += 1;
                            self.wait_sum_answered += u64::from(w);
                            if w <= sl_seconds {
                                self.answered_within_threshold += 1;
                            }
                        }
                    }
                    CallStatus::Abandoned => self.abandoned += 1,
                    CallStatus::Missed => self.missed += 1,
                }
            }
            CallDirection::Outbound => {
                self.outbound += 1;
                if c.status == CallStatus::Answered {
                    self.outbound_talk_seconds += u64::from(c.talk_seconds);
                }
            }
            // Left out of the figures (Tally::add never passes one here).
            CallDirection::Internal => return,
        }
        if c.kind == CallKind::Personal && c.talk_seconds > personal_seconds {
            self.personal_over_threshold += 1;
        }
    }

    fn finish(&mut self) {
        self.answer_rate_bp = rate_bp(self.answered, self.offered);
        self.service_level_bp = rate_bp(self.answered_within_threshold, self.offered_with_wait);
        self.asa_seconds = avg_half_up(self.wait_sum_answered, self.answered_with_wait);
        self.avg_talk_seconds = avg_half_up(self.total_talk_seconds, self.answered);
    }
}

/// One agent's call figures.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AgentCalls {
    /// The agent.
    pub agent: AgentRef,
    /// Their figures.
    pub figures: CallFigures,
}

/// A personal call over the review threshold (PAY-4), listed for review.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PersonalCall {
    /// The agent.
    pub agent: AgentRef,
    /// `2026-11-03 10:15:00`.
    pub start: String,
    /// Talk time in seconds.
    pub talk_seconds: u32,
    /// The other party's number, if known.
    pub number: Option<String>,
    /// `file › sheet!J32263`: the row's 通话类型 cell, as the 待核查 sheet and `explain` cite it.
    pub source: String,
}

/// Every call figure of a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CallSummary {
    /// The team's figures (every call, including agents missing from the roster).
    pub team: CallFigures,
    /// Per agent, roster order first, then unknown agents by key.
    pub agents: Vec<AgentCalls>,
    /// Personal calls over the threshold, by start time.
    pub personal_calls: Vec<PersonalCall>,
    /// CDR rows read for the period.
    pub rows: u64,
    /// Calls after merging rows that share a call ID.
    pub calls: u64,
}

/// Compute the call figures of a period.
pub fn call_summary(rows: &[Call], roster: &Roster<'_>, period: &Period, config: &Config) -> CallSummary {
    let sl = config.rules.calls.service_level_seconds;
    let personal = config.rules.pay.personal_call_review_seconds;
    let resolver = AgentResolver::new(roster);
    let (with_id, single) = call_groups(rows, period);
    let parts = rayon::current_num_threads() * 4;
    let mut chunks = group_chunks(rows, &with_id, parts);
    let single_chunk = single.len() / parts.max(1) + 1;
    let singles: Vec<&[u32]> = single.chunks(single_chunk).collect();
    chunks.extend(singles);
    let acc = chunks
        .par_iter()
        .map(|chunk| {
            let mut acc = Tally::default();
            visit_groups(rows, chunk, period, |_, c| acc.add(c, sl, personal));
            acc
        })
        .reduce(Tally::default, Tally::merge);
    let Tally {
        mut team,
        per_key,
        personal: mut personal_calls,
        rows: row_count,
        calls,
    } = acc;
    team.finish();
    let mut per_agent: BTreeMap<AgentRef, CallFigures> = BTreeMap::new();
    for (key, f) in per_key {
        let agg = per_agent.entry(resolver.resolve(key)).or_default();
        merge_into(agg, &f);
    }
    let agents = per_agent
        .into_iter()
        .map(|(agent, mut figures)| {
            figures.finish();
            AgentCalls { agent, figures }
        })
        .collect();
    personal_calls.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.2.source.sheet.file.cmp(&b.2.source.sheet.file))
            .then(a.2.source.row.cmp(&b.2.source.row))
    });
    let personal_calls = personal_calls
        .into_iter()
        .map(|(start, talk_seconds, c)| PersonalCall {
            agent: resolver.resolve(&c.agent),
            start: start.format("%Y-%m-%d %H:%M:%S").to_string(),
            talk_seconds,
            number: match c.direction {
                CallDirection::Inbound => c.caller.as_ref().map(|s| s.to_string()),
                CallDirection::Outbound | CallDirection::Internal => c.callee.as_ref().map(|s| s.to_string()),
            },
            source: c.source.locate("通话类型"),
        })
        .collect();
    CallSummary {
        team,
        agents,
        personal_calls,
        rows: row_count,
        calls,
    }
}

/// Running totals over a part of the calls; parts are merged (addition commutes,
/// so the result does not depend on how the work was split).
#[derive(Default)]
struct Tally<'a> {
    team: CallFigures,
    per_key: BTreeMap<&'a EmployeeKey, CallFigures>,
    personal: Vec<(NaiveDateTime, u32, &'a Call)>,
    rows: u64,
    calls: u64,
}

impl<'a> Tally<'a> {
    fn add(&mut self, c: &MergedCall<'a>, sl: u32, personal: u32) {
        if c.direction == CallDirection::Internal {
            return;
        }
        self.rows += u64::from(c.rows);
        self.calls += 1;
        self.team.add(c, sl, personal);
        if !c.main.has_no_agent() {
            self.per_key
                .entry(c.main.agent.as_ref())
                .or_default()
                .add(c, sl, personal);
        }
        if c.kind == CallKind::Personal && c.talk_seconds > personal {
            self.personal.push((c.start, c.talk_seconds, c.main));
        }
    }

    fn merge(mut self, other: Tally<'a>) -> Tally<'a> {
        merge_into(&mut self.team, &other.team);
        for (k, f) in other.per_key {
            merge_into(self.per_key.entry(k).or_default(), &f);
        }
        self.personal.extend(other.personal);
        self.rows += other.rows;
        self.calls += other.calls;
        self
    }
}

fn merge_into(a: &mut CallFigures, b: &CallFigures) {
    a.offered += b.offered;
    a.answered += b.answered;
    a.abandoned += b.abandoned;
    a.missed += b.missed;
    a.answered_within_threshold += b.answered_within_threshold;
    a.offered_with_wait += b.offered_with_wait;
    a.total_talk_seconds += b.total_talk_seconds;
    a.outbound += b.outbound;
    a.outbound_talk_seconds += b.outbound_talk_seconds;
    a.personal_over_threshold += b.personal_over_threshold;
    a.wait_sum_answered += b.wait_sum_answered;
    a.answered_with_wait += b.answered_with_wait;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{call, call_week};

    #[test]
    fn hand_computed_week() {
        let (employees, calls) = call_week();
        let roster = Roster::new(&employees);
        let week = Period::parse("2026-11-16..2026-11-22").expect("week");
        let s = call_summary(&calls, &roster, &week, &Config::default());
        // Rows in the week: 2..=12 = 11 rows; c4 spans two rows → 10 calls.
        assert_eq!(s.rows, 11);
        assert_eq!(s.calls, 10);
        // In input order of each call's first row: c1 (row 2) … c4 starts at row 5, then c5 (row 7).
        let merged = merge_calls(&calls, &week);
        let firsts: Vec<u32> = merged.iter().map(|m| m.main.source.row).collect();
        // c4's main row is K001's answered leg (row 6), the rest are their own rows.
        assert_eq!(firsts, vec![2, 3, 4, 6, 7, 8, 9, 10, 11, 12]);
        assert_eq!(merged[3].rows, 2);
        assert_eq!(merged[3].start.format("%H:%M:%S").to_string(), "09:00:00");
        let t = &s.team;
        // Inbound: c1, c2, c3, c4, K002×2, c8 = 7 offered; answered c1, c2, c4, K002 14:00, c8 = 5.
        assert_eq!((t.offered, t.answered, t.abandoned, t.missed), (7, 5, 1, 1));
        // 5/7 = 71.428…% → 7143 bp.
        assert_eq!(t.answer_rate_bp, Some(7143));
        // Waits known on 6 of 7 offered (the missed K002 call has none); answered within 20 s:
        // c1 (10), K002 (5), c8 (20 = threshold) = 3 → 3/6 = 50.00%.
        assert_eq!((t.answered_within_threshold, t.offered_with_wait), (3, 6));
        assert_eq!(t.service_level_bp, Some(5000));
        // ASA over answered: (10 + 30 + 25 + 5 + 20) / 5 = 90 / 5 = 18 s.
        assert_eq!(t.asa_seconds, Some(18));
        // Talk: 100 + 300 + 200 + 90 + 61 = 751 s; 751 / 5 = 150.2 → 150 s.
        assert_eq!(t.total_talk_seconds, 751);
        assert_eq!(t.avg_talk_seconds, Some(150));
        // Outbound: c5, c6, c7 = 3, talk 60 + 200 + 180 = 440.
        assert_eq!((t.outbound, t.outbound_talk_seconds), (3, 440));
        // Personal over 180 s: only c6 (200 s).
        assert_eq!(t.personal_over_threshold, 1);
        assert_eq!(s.personal_calls.len(), 1);
        assert_eq!(s.personal_calls[0].agent.id, "K001");
        assert_eq!(s.personal_calls[0].talk_seconds, 200);

        assert_eq!(s.agents.len(), 3);
        let k1 = &s.agents[0];
        assert_eq!((k1.agent.id.as_str(), k1.agent.name.as_str()), ("K001", "张三"));
        let f = &k1.figures;
        // K001: offered c1, c2, c3, c4 = 4; answered 3 (c4 counted once, for K001); 3/4 = 75%.
        assert_eq!((f.offered, f.answered, f.abandoned), (4, 3, 1));
        assert_eq!(f.answer_rate_bp, Some(7500));
        // Within 20 s: only c1 → 1/4 = 25%. ASA (10 + 30 + 25) / 3 = 21.67 → 22 s.
        assert_eq!(f.service_level_bp, Some(2500));
        assert_eq!(f.asa_seconds, Some(22));
        // Talk 100 + 300 + 200 = 600, avg 200.
        assert_eq!((f.total_talk_seconds, f.avg_talk_seconds), (600, Some(200)));
        assert_eq!((f.outbound, f.personal_over_threshold), (2, 1));
        let k2 = &s.agents[1].figures;
        // K002: offered 2 (the ring leg of c4 is not K002's call), answered 1 → 50%;
        // SL: 1 within / 1 with a known wait = 100%.
        assert_eq!((k2.offered, k2.answered, k2.missed), (2, 1, 1));
        assert_eq!(k2.answer_rate_bp, Some(5000));
        assert_eq!(k2.service_level_bp, Some(10_000));
        assert_eq!(k2.personal_over_threshold, 0);
        let k9 = &s.agents[2];
        assert_eq!((k9.agent.id.as_str(), k9.agent.in_roster), ("K999", false));
        assert_eq!(k9.figures.service_level_bp, Some(10_000));
    }

    #[test]
    fn internal_calls_are_left_out_and_agentless_abandoned_calls_count_for_the_team() {
        use CallDirection::*;
        let (employees, mut calls) = call_week();
        let roster = Roster::new(&employees);
        let week = Period::parse("2026-11-16..2026-11-22").expect("week");
        let before = call_summary(&calls, &roster, &week, &Config::default());
        // An internal call of K001 (answered, 300 s) and an inbound call abandoned in
        // the queue after 50 s, before any agent answered.
        calls.push(call(
            20,
            Some("i1"),
            "K001",
            "2026-11-17 10:00:00",
            Internal,
            CallStatus::Answered,
            None,
            300,
            CallKind::Business,
        ));
        let mut abandoned = call(
            21,
            Some("q1"),
            "-",
            "2026-11-17 10:05:00",
            Inbound,
            CallStatus::Abandoned,
            Some(50),
            0,
            CallKind::Business,
        );
        abandoned.agent = std::sync::Arc::new(EmployeeKey::default());
        calls.push(abandoned);
        let s = call_summary(&calls, &roster, &week, &Config::default());
        // Team: one more call offered and abandoned, with a known wait; nothing for the internal call.
        assert_eq!(s.calls, before.calls + 1);
        assert_eq!(s.team.offered, before.team.offered + 1);
        assert_eq!(s.team.abandoned, before.team.abandoned + 1);
        assert_eq!(s.team.offered_with_wait, before.team.offered_with_wait + 1);
        assert_eq!(s.team.outbound, before.team.outbound);
        // 5 answered of 8 offered = 62.50%.
        assert_eq!(s.team.answer_rate_bp, Some(6250));
        // No agent row for the abandoned call; K001's figures are unchanged.
        assert_eq!(s.agents.len(), before.agents.len());
        assert_eq!(s.agents[0].figures, before.agents[0].figures);
    }

    #[test]
    fn a_split_call_keeps_all_its_talk_and_a_repeated_row_counts_once() {
        use CallDirection::*;
        use CallStatus::*;
        let (employees, _) = call_week();
        let roster = Roster::new(&employees);
        let week = Period::parse("2026-11-16..2026-11-22").expect("week");
        let row = |n, start, wait, talk| {
            call(
                n,
                Some("s1"),
                "K001",
                start,
                Inbound,
                Answered,
                wait,
                talk,
                CallKind::Business,
            )
        };
        // One call split across two rows (75 s, then 180 s after a hold), the
        // second row exported twice.
        let calls = vec![
            row(2, "2026-11-18 14:30:00", Some(4), 75),
            row(3, "2026-11-18 14:31:19", Some(0), 180),
            row(4, "2026-11-18 14:31:19", Some(0), 180),
        ];
        let s = call_summary(&calls, &roster, &week, &Config::default());
        // One call of 3 rows, answered once; talk 75 + 180 = 255 s (not the longest
        // row's 180 s, nor 75 + 180 + 180 = 435 s); its wait is the longest row's (0 s).
        assert_eq!((s.rows, s.calls, s.team.answered), (3, 1, 1));
        assert_eq!(s.team.total_talk_seconds, 255);
        assert_eq!(s.team.avg_talk_seconds, Some(255));
        assert_eq!(s.team.asa_seconds, Some(0));
        assert_eq!(s.agents[0].figures.total_talk_seconds, 255);
        let merged = merge_calls(&calls, &week);
        assert_eq!((merged[0].talk_seconds, merged[0].main.source.row), (255, 3));
    }

    #[test]
    fn threshold_is_a_setting() {
        let (employees, calls) = call_week();
        let roster = Roster::new(&employees);
        let week = Period::parse("2026-11-16..2026-11-22").expect("week");
        let mut config = Config::default();
        config.rules.calls.service_level_seconds = 30;
        let s = call_summary(&calls, &roster, &week, &config);
        // Within 30 s: c1 10, c2 30, c4 25, K002 5, c8 20 = 5 of 6 with a wait → 83.33%.
        assert_eq!(s.team.service_level_bp, Some(8333));
    }

    #[test]
    fn empty_period_has_no_rates() {
        let (employees, calls) = call_week();
        let roster = Roster::new(&employees);
        let month = Period::parse("2026-10").expect("october");
        let s = call_summary(&calls, &roster, &month, &Config::default());
        assert_eq!(s.calls, 0);
        assert_eq!(s.team.answer_rate_bp, None);
        assert_eq!(s.team.asa_seconds, None);
        assert!(s.agents.is_empty());
    }
}
