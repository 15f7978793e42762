//! The 月度扣款表's own checks: whether the punches cover its period, and whether
//! a rostered person with a schedule vanished from the punches.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::config::Config;
use crate::error::Problem;
use crate::i18n::Text;
use crate::ingest::InputSummary;
use crate::model::{Dataset, InputKind, Period, Roster};
use crate::rules::hr::attendance::{Attendance, DayStatus, ShiftDay, ShiftOrigin};

/// `2026-10-08..2026-10-17`, or the day alone.
fn span((a, b): (NaiveDate, NaiveDate)) -> String {
    if a == b {
        a.format("%Y-%m-%d").to_string()
    } else {
        format!("{}..{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d"))
    }
}

/// Ranges (in order) as text: `2026-10-01..2026-10-10, 2026-10-20..2026-10-31`, or `no day`.
pub fn spans_text(ranges: &[(NaiveDate, NaiveDate)], most: usize) -> Text {
    if ranges.is_empty() {
        return crate::msg!("gate.no_day");
    }
    let parts: Vec<String> = ranges.iter().take(most).map(|r| span(*r)).collect();
    let spans = parts.join(", ");
    if ranges.len() > most {
        crate::msg!("gate.spans_more", spans = spans, n = ranges.len() - most)
    } else {
        crate::msg!("gate.spans", spans = spans)
    }
}

/// Days (in order) merged into runs of consecutive days.
fn runs(days: impl IntoIterator<Item = NaiveDate>) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for d in days {
        match out.last_mut() {
            Some((_, b)) if b.succ_opt() == Some(d) || *b == d => *b = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// The days one input kind's records cover: each sheet's first to last record,
/// merged where they meet or overlap, in order.
pub(crate) fn ranges_of(summaries: &[InputSummary], kind: InputKind) -> Vec<(NaiveDate, NaiveDate)> {
    let mut ranges: Vec<(NaiveDate, NaiveDate)> = summaries
        .iter()
        .filter(|s| s.kind == kind.id())
        .filter_map(|s| s.date_range)
        .collect();
    ranges.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some((_, end)) if a <= end.succ_opt().unwrap_or(*end) => *end = (*end).max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// The days the punch files cover (see [`ranges_of`]).
pub fn punch_ranges(summaries: &[InputSummary]) -> Vec<(NaiveDate, NaiveDate)> {
    ranges_of(summaries, InputKind::Punches)
}

/// The days of `period` outside every range, as runs of consecutive days.
pub fn uncovered(period: &Period, ranges: &[(NaiveDate, NaiveDate)]) -> Vec<(NaiveDate, NaiveDate)> {
    runs(
        period
            .start
            .iter_days()
            .take_while(|d| *d <= period.end)
            .filter(|d| !ranges.iter().any(|(a, b)| a <= d && d <= b)),
    )
}

/// Whether a shift-day expects punches: scheduled to work and not on leave.
fn expects_punches(d: &ShiftDay) -> bool {
    matches!(d.status, DayStatus::Worked | DayStatus::Absent)
}

/// The problem when the punches do not cover the period: every day of it on which
/// someone in the roster is scheduled to work (and not on leave) must lie inside
/// the date range of a punch file (its first to last punch), so the period's first
/// and last scheduled working days are covered and no file is missing between
/// them. A day outside would count as 旷工 for everyone scheduled on it.
pub fn coverage(
    config: &Config,
    period: &Period,
    attendance: &Attendance,
    summaries: &[InputSummary],
) -> Option<Problem> {
    let working: BTreeSet<NaiveDate> = attendance
        .days
        .iter()
        .filter(|d| expects_punches(d) && period.contains(d.date))
        .map(|d| d.date)
        .collect();
    let (first, last) = (*working.first()?, *working.last()?);
    let ranges = punch_ranges(summaries);
    let outside = runs(
        working
            .iter()
            .copied()
            .filter(|d| !ranges.iter().any(|(a, b)| a <= d && d <= b)),
    );
    if outside.is_empty() {
        return None;
    }
    let file = summaries
        .iter()
        .find(|s| s.kind == InputKind::Punches.id())
        .map(|s| s.file.clone())
        .unwrap_or_else(|| config.inputs.spec(InputKind::Punches).path.clone());
    let days: i64 = outside.iter().map(|(a, b)| (*b - *a).num_days() + 1).sum();
    Some(Problem::file_error(
        file,
        crate::msg!(
            "gate.coverage",
            covered = spans_text(&ranges, 6),
            period = period.to_string(),
            first = first.format("%Y-%m-%d").to_string(),
            last = last.format("%Y-%m-%d").to_string(),
            days = days,
            outside = spans_text(&outside, 6),
        ),
    ))
}

/// A problem for every rostered person scheduled (by the 排班表) to work in the
/// period who has not one punch in it, unless each of those days is approved
/// leave: such a person has most likely vanished from the punch export (written
/// another way there), and would be docked a 旷工 for every day.
pub fn vanished(
    period: &Period,
    attendance: &Attendance,
    roster: &Roster<'_>,
    data: &Dataset,
) -> Vec<Problem> {
    let mut keys = crate::model::KeyResolver::new(roster);
    let punched: BTreeSet<&str> = data
        .punches
        .iter()
        .filter(|p| period.contains(p.at.date()))
        .filter_map(|p| keys.resolve(&p.employee).ok())
        .map(|e| e.id.as_str())
        .collect();
    let mut scheduled: BTreeMap<&str, Vec<&ShiftDay>> = BTreeMap::new();
    for d in &attendance.days {
        let work = matches!(d.status, DayStatus::Worked | DayStatus::Absent | DayStatus::Leave);
        if work && d.origin == ShiftOrigin::Schedule && period.contains(d.date) {
            scheduled.entry(&*d.employee_id).or_default().push(d);
        }
    }
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for emp in roster.employees() {
        if punched.contains(emp.id.as_str()) || !seen.insert(emp.id.as_str()) {
            continue;
        }
        let Some(days) = scheduled.get(emp.id.as_str()) else {
            continue;
        };
        if days.iter().all(|d| d.status == DayStatus::Leave) {
            continue;
        }
        let first = days[0];
        let day = first.date.format("%Y-%m-%d").to_string();
        let first_day = match first.schedule_cell() {
            Some(c) => crate::msg!("gate.first_day_at", date = day, cell = c.locate().to_string()),
            None => crate::msg!("gate.first_day", date = day),
        };
        problems.push(Problem::cell_error(
            &emp.source.sheet.file,
            &emp.source.sheet.sheet,
            emp.source.cell("工号"),
            crate::msg!(
                "gate.vanished",
                id = &emp.id,
                name = &emp.name,
                days = match days.len() {
                    1 => crate::msg!("gate.days_one"),
                    n => crate::msg!("gate.days_many", n = n),
                },
                period = period.to_string(),
                first = first_day,
            ),
        ));
    }
    problems
}
