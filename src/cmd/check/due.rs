//! The periods due that `check` shows, each report's inputs' dates against its
//! period: as text and as JSON.

use chrono::NaiveDate;

use crate::batch::gate::{self, DueCheck};
use crate::i18n::Text;
use crate::model::{InputKind, Period};
use crate::output::term::TermText;

/// The periods due that `check` shows: on `date` exactly (`--date`), or the
/// latest of each report by `date` (today).
pub struct Due {
    /// The day looked at.
    pub date: NaiveDate,
    /// Whether it was given (`--date`): then a refusal is an error.
    pub exact: bool,
    /// Each report due, with its inputs' ranges and the gate's verdict.
    pub checks: Vec<DueCheck>,
}

/// Input kinds whose records run every day (a schedule, punches, calls): a day
/// of the period without any is a gap. The registers have records only on the
/// days something happened.
pub(super) fn is_daily(kind: InputKind) -> bool {
    matches!(kind, InputKind::Schedule | InputKind::Punches | InputKind::Calls)
}

/// What the ranges of a daily input say about a period.
fn cover_text(kind: InputKind, period: &Period, ranges: &[(NaiveDate, NaiveDate)]) -> Option<Text> {
    if !is_daily(kind) {
        return None;
    }
    let missing = gate::uncovered(period, ranges);
    Some(if missing.is_empty() {
        crate::msg!("check.covers_it")
    } else if missing == [(period.start, period.end)] {
        crate::msg!("check.no_day_of_it")
    } else {
        crate::msg!("check.misses", spans = gate::spans_text(&missing, 4))
    })
}

/// The section of the text report on the periods due.
pub(super) fn due_text(s: &mut TermText, due: &Due) {
    let day = due.date.format("%Y-%m-%d");
    let day = day.to_string();
    let heading = match due.exact {
        true => crate::msg!("check.due_on", day = &day),
        false => crate::msg!("check.latest_due_by", day = &day),
    };
    s.push(&format!("{heading}\n"));
    if due.checks.is_empty() {
        s.push(&format!("  {}\n", crate::msg!("check.none")));
    }
    for c in &due.checks {
        let verdict = match &c.refusal {
            Some(r) => crate::msg!("check.would_be_refused", reason = &r.reason),
            None => crate::msg!("check.ready"),
        };
        let line = crate::msg!(
            "check.due_report",
            id = c.spec.id,
            period = c.period.to_string(),
            title = c.spec.title,
            due = c.due.format("%Y-%m-%d").to_string(),
            verdict = verdict
        );
        s.push(&format!("  {line}\n"));
        // Only daily kinds are listed, so each has its cover.
        let mut daily = c.inputs.iter().filter(|(k, _)| is_daily(*k)).map(|(k, ranges)| {
            match (ranges.is_empty(), cover_text(*k, &c.period, ranges)) {
                (false, Some(cover)) => crate::msg!(
                    "check.kind_ranges",
                    kind = k.id(),
                    spans = gate::spans_text(ranges, 4),
                    cover = cover
                ),
                _ => crate::msg!("check.kind_no_records", kind = k.id()),
            }
        });
        if let Some(first) = daily.next() {
            let all = daily.fold(first, |all, next| crate::msg!("gate.and", all = all, next = next));
            s.push(&format!("    {all}\n"));
        }
    }
}

/// The periods due, for the JSON report.
pub(super) fn due_json(due: &Due) -> serde_json::Value {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let checks: Vec<serde_json::Value> = due
        .checks
        .iter()
        .map(|c| {
            serde_json::json!({
                "report": c.spec.id,
                "period": c.period.to_string(),
                "due": day(c.due),
                "refused": c.refusal.as_ref().map(|r| r.reason.to_string()),
                "inputs": c.inputs.iter().map(|(k, ranges)| serde_json::json!({
                    "kind": k.id(),
                    "ranges": ranges.iter().map(|(a, b)| serde_json::json!({"start": day(*a), "end": day(*b)})).collect::<Vec<_>>(),
                    "cover": cover_text(*k, &c.period, ranges).map(|t| t.to_string()).unwrap_or_default(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "date": day(due.date), "exact": due.exact, "reports": checks })
}
