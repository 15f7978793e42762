//! The one place a report is refused before it is rendered: a report whose inputs
//! have errors is not made, so no document is ever computed from data zhidu
//! knows is wrong. Which input kinds feed which report comes from the report
//! registry ([`ReportSpec::inputs`]).
//!
//! Where the line is drawn (README, "Reliability"):
//! - Every report but the 月度扣款表 is refused by any error in an input it reads.
//! - The 月度扣款表 computes money, and real exports often cover the whole company
//!   while the roster is one department. So it is refused by an error in the
//!   roster, an error at a file as a whole (a missing column, an unreadable file),
//!   an error in a row whose person cannot be told (its 工号/姓名 cell is bad), and
//!   an error in a record of a roster person or of someone who nearly matches one
//!   ([`Roster::near`]). An error in a record whose person is readable and
//!   certainly not in the roster is set aside: listed on the sheet's 待核查 and in
//!   the manifest as a warning.
//! - The 月度扣款表 is also refused when the punches do not cover its period
//!   ([`coverage`]) and when a rostered person with a schedule has not one punch
//!   in it ([`vanished`]).

mod checks;
mod explain;
pub mod passed;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::config::{Config, Project};
use crate::error::{Problem, ProblemSeverity};
use crate::i18n::Text;
use crate::ingest::{InputSummary, Loaded, ProblemPeople};
use crate::model::{Dataset, InputKind, Period, Roster};
use crate::reports::registry::{ReportSpec, DEDUCTIONS};
use crate::rules::hr::attendance::Attendance;
use crate::schedule::{Calendar, DueReport};

pub use checks::{coverage, punch_ranges, spans_text, uncovered, vanished};
pub use explain::{explain, unreadable_cells};

use super::LoadedInputs;

/// Why a report is refused: a reason in a line, and the problems behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// One line: `input `slips` could not be read: …` or `2 errors in the inputs it reads`.
    pub reason: Text,
    /// The problems, with file, sheet and cell.
    pub problems: Vec<Problem>,
}

/// What the gate decided for one report and period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Why it is not rendered, if it is not.
    pub refusal: Option<Refusal>,
    /// Errors that do not stop it (records of people certainly outside the
    /// roster, for the 月度扣款表), as warnings saying so: listed on its 待核查
    /// sheet and in the manifest.
    pub set_aside: Vec<Problem>,
}

/// The inputs as the gate reads them, from a run ([`LoadedInputs`]) or from
/// `zhidu check` ([`Loaded`]).
pub struct GateInputs<'a> {
    /// Every record.
    pub data: &'a Dataset,
    /// Every problem.
    pub problems: &'a [Problem],
    /// `(kind, reason)` for every input kind that could not be read.
    pub failed: &'a [(String, String)],
    /// One entry per sheet read.
    pub summaries: &'a [InputSummary],
    /// The person each cell with an error belongs to.
    pub people: &'a ProblemPeople,
    /// The input kinds each file was read as (a file named by two kinds counts for both).
    kinds_by_file: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> GateInputs<'a> {
    /// A run's inputs.
    pub fn of_run(loaded: &'a LoadedInputs) -> GateInputs<'a> {
        let mut g = GateInputs::new(
            &loaded.data,
            &loaded.problems,
            &loaded.failed,
            &loaded.summaries,
            &loaded.people,
        );
        for f in &loaded.files {
            g.kinds_by_file
                .entry(f.file.path.as_str())
                .or_default()
                .insert(f.kind.as_str());
        }
        g
    }

    /// The inputs `zhidu check` read.
    pub fn of_check(loaded: &'a Loaded) -> GateInputs<'a> {
        let mut g = GateInputs::new(
            &loaded.data,
            &loaded.problems,
            &loaded.failed_inputs,
            &loaded.inputs,
            &loaded.people,
        );
        for f in &loaded.files {
            g.kinds_by_file
                .entry(f.path.as_str())
                .or_default()
                .insert(f.kind.id());
        }
        g
    }

    fn new(
        data: &'a Dataset,
        problems: &'a [Problem],
        failed: &'a [(String, String)],
        summaries: &'a [InputSummary],
        people: &'a ProblemPeople,
    ) -> GateInputs<'a> {
        let mut kinds_by_file: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for s in summaries {
            kinds_by_file
                .entry(s.file.as_str())
                .or_default()
                .insert(s.kind.as_str());
        }
        GateInputs {
            data,
            problems,
            failed,
            summaries,
            people,
            kinds_by_file,
        }
    }
}

/// Whether a report computes money, and so draws the line of [this module](self)
/// instead of stopping at any error.
pub fn computes_money(spec: &ReportSpec) -> bool {
    spec.id == DEDUCTIONS.id
}

/// The problems that refuse `spec` for `period` in a run, or `None` when it may be rendered.
pub fn refusal(
    config: &Config,
    spec: &ReportSpec,
    period: &Period,
    loaded: &LoadedInputs,
) -> Option<Refusal> {
    judge(config, spec, period, &GateInputs::of_run(loaded)).refusal
}

/// Whom an error in a money report's inputs concerns.
enum Concerns<'r> {
    /// A roster person (or someone who nearly matches one), or nobody readable,
    /// or the file as a whole: it stops the report.
    Blocks,
    /// Someone certainly outside the roster.
    Outsider(&'r crate::ingest::CellPerson),
}

fn concerns<'g>(
    p: &Problem,
    inputs: &'g GateInputs<'_>,
    roster: &Roster<'_>,
    roster_failed: bool,
) -> Concerns<'g> {
    let in_roster_file = inputs
        .kinds_by_file
        .get(p.file.as_str())
        .is_some_and(|k| k.contains("roster"));
    if p.cell.is_none() || in_roster_file || roster_failed {
        return Concerns::Blocks;
    }
    let Some(person) = inputs.people.get(&p.location()) else {
        return Concerns::Blocks;
    };
    match roster.resolve(&person.key) {
        Err(crate::model::Unresolved::Unknown) if roster.near(&person.key).is_none() => {
            Concerns::Outsider(person)
        }
        _ => Concerns::Blocks,
    }
}

/// The error, as a warning saying why it stops nothing.
fn set_aside(p: &Problem, person: &crate::ingest::CellPerson) -> Problem {
    let mut w = p.clone().warning();
    w.message = crate::msg!(
        "gate.set_aside",
        message = &p.message,
        person = person.key.label(),
        report = DEDUCTIONS.title
    );
    w
}

/// Decide whether `spec` may be rendered for `period`: the problems that refuse
/// it, and (for a money report) the errors set aside.
pub fn judge(config: &Config, spec: &ReportSpec, period: &Period, inputs: &GateInputs<'_>) -> Verdict {
    judge_keeping(config, spec, period, inputs).0
}

/// [`judge`], also handing back the attendance it evaluated for a money report
/// (when its inputs could be read), so that the report need not evaluate it again.
pub fn judge_keeping(
    config: &Config,
    spec: &ReportSpec,
    period: &Period,
    inputs: &GateInputs<'_>,
) -> (Verdict, Option<Attendance>) {
    let reads = |kind: &str| spec.inputs.iter().any(|k| k.id() == kind);
    let errors = inputs
        .problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .filter(|p| match inputs.kinds_by_file.get(p.file.as_str()) {
            Some(kinds) => kinds.iter().any(|k| reads(k)),
            // A problem no input kind owns: every report that reads inputs stops.
            None => !spec.inputs.is_empty(),
        });
    let mut verdict = Verdict::default();
    let mut blocking: Vec<Problem> = Vec::new();
    let money = computes_money(spec);
    let roster_failed = inputs.failed.iter().any(|(k, _)| k == "roster");
    let roster = Roster::new(&inputs.data.employees);
    for p in errors {
        match money.then(|| concerns(p, inputs, &roster, roster_failed)) {
            Some(Concerns::Outsider(person)) => verdict.set_aside.push(set_aside(p, person)),
            _ => blocking.push(p.clone()),
        }
    }
    let unreadable = inputs.failed.iter().find(|(kind, _)| reads(kind));
    let mut reasons = Vec::new();
    match (unreadable, blocking.len()) {
        (Some((kind, why)), _) => reasons.push(crate::msg!("gate.input_unreadable", kind = kind, why = why)),
        (None, 0) => {}
        (None, 1) => reasons.push(crate::msg!("gate.errors_one")),
        (None, n) => reasons.push(crate::msg!("gate.errors_many", n = n)),
    }
    let mut evaluated = None;
    if money && unreadable.is_none() {
        let attendance = crate::rules::hr::attendance::evaluate_with(&roster, inputs.data, config, period);
        if let Some(p) = coverage(config, period, &attendance, inputs.summaries) {
            reasons.push(crate::msg!("gate.punches_short", period = period.to_string()));
            blocking.push(p);
        }
        let gone = vanished(period, &attendance, &roster, inputs.data);
        if !gone.is_empty() {
            reasons.push(match gone.len() {
                1 => crate::msg!("gate.vanished_one", period = period.to_string()),
                n => crate::msg!("gate.vanished_many", n = n, period = period.to_string()),
            });
            blocking.extend(gone);
        }
        evaluated = Some(attendance);
    }
    let mut reasons = reasons.into_iter();
    if let Some(first) = reasons.next() {
        verdict.refusal = Some(Refusal {
            reason: reasons.fold(first, |all, next| crate::msg!("gate.and", all = all, next = next)),
            problems: blocking,
        });
    }
    (verdict, evaluated)
}

/// What `zhidu check` says about one report falling due: the days each input it
/// reads covers, and whether the gate would refuse it.
#[derive(Debug, Clone)]
pub struct DueCheck {
    /// The report.
    pub spec: &'static ReportSpec,
    /// The period it covers.
    pub period: Period,
    /// The day it falls due.
    pub due: NaiveDate,
    /// Each input kind it reads (the roster aside), with the days its records cover, merged.
    pub inputs: Vec<(InputKind, Vec<(NaiveDate, NaiveDate)>)>,
    /// Why `run` would refuse it, if it would.
    pub refusal: Option<Refusal>,
}

/// The reports falling due on `date` (`latest = false`, what `run --date` renders),
/// or for each report the latest period due on or before `date` (`latest = true`),
/// each with its inputs' date ranges and the gate's verdict.
pub fn due_checks(project: &Project, loaded: &Loaded, date: NaiveDate, latest: bool) -> Vec<DueCheck> {
    let calendar = Calendar::new(&project.config.reports);
    let due: Vec<DueReport> = if latest {
        let from = date - chrono::Duration::days(400);
        let all = calendar.due_between(from, date);
        calendar
            .rules
            .iter()
            .filter_map(|r| all.iter().rev().find(|d| d.id == r.id).copied())
            .collect()
    } else {
        calendar.due_on(date)
    };
    let inputs = GateInputs::of_check(loaded);
    due.into_iter()
        .filter_map(|d| {
            let spec = crate::reports::registry::find(d.id)?;
            let period = d.period?;
            let kinds = spec
                .inputs
                .iter()
                .filter(|k| **k != InputKind::Roster)
                .map(|k| (*k, checks::ranges_of(&loaded.inputs, *k)))
                .collect();
            Some(DueCheck {
                spec,
                period,
                due: d.date,
                inputs: kinds,
                refusal: judge(&project.config, spec, &period, &inputs).refusal,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
