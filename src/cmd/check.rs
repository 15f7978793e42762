//! `zhidu check`: read the config and every input, report what was read, each
//! input's dates against the periods due, and every problem.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use chrono::NaiveDate;

use crate::batch::gate::{self, DueCheck};
use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::{Exit, Problem, ProblemSeverity};
use crate::ingest::{InputSummary, Loaded};
use crate::model::{InputKind, Period};
use crate::output::term::{self, TermText};

/// Read everything, print the summary, each input's dates against the periods
/// due, and the problems; exit 1 on any error. With `--date` what would refuse a
/// report `run --date` renders is an error too; without it the latest period of
/// each report is shown for information.
pub fn run(cli: &Cli, format: OutputFormat, date: Option<NaiveDate>) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let mut loaded = crate::batch::check(&project);
    let (day, exact) = (date.unwrap_or_else(crate::cli::today_cst), date.is_some());
    let due = Due {
        date: day,
        exact,
        checks: gate::due_checks(&project, &loaded, day, !exact),
    };
    if due.exact {
        // What refuses a report beyond its inputs' own errors (coverage, a
        // person who vanished) is an error of this check.
        for r in due.checks.iter().filter_map(|c| c.refusal.as_ref()) {
            for p in &r.problems {
                if !loaded.problems.contains(p) {
                    loaded.problems.push(p.clone());
                }
            }
        }
    }
    let max = project.config.check.max_problems;
    match format {
        OutputFormat::Json => term::json(&json_report(&loaded, max, &due))?,
        OutputFormat::Text => {
            let color = cli.use_color(std::io::stdout().is_terminal());
            term::out(&text_report(&loaded, max, cli.quiet, color, &due))?
        }
    }
    Ok(if loaded.has_errors() {
        Exit::BadInput
    } else {
        Exit::Success
    })
}

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
fn is_daily(kind: InputKind) -> bool {
    matches!(kind, InputKind::Schedule | InputKind::Punches | InputKind::Calls)
}

/// What the ranges of a daily input say about a period.
fn cover_text(kind: InputKind, period: &Period, ranges: &[(NaiveDate, NaiveDate)]) -> String {
    if !is_daily(kind) {
        return String::new();
    }
    let missing = gate::uncovered(period, ranges);
    if missing.is_empty() {
        "covers it".into()
    } else if missing == [(period.start, period.end)] {
        "no day of it".into()
    } else {
        format!("misses {}", gate::spans_text(&missing, 4))
    }
}

/// The section of the text report on the periods due.
fn due_text(s: &mut TermText, due: &Due) {
    let day = due.date.format("%Y-%m-%d");
    if due.exact {
        s.push(&format!("reports due on {day} (run --date {day}):\n"));
    } else {
        s.push(&format!(
            "the latest period of each report due by {day} (check --date D checks one run):\n"
        ));
    }
    if due.checks.is_empty() {
        s.push("  none\n");
    }
    for c in &due.checks {
        let verdict = match &c.refusal {
            Some(r) => format!("would be refused: {}", r.reason),
            None => "ready".into(),
        };
        s.push(&format!(
            "  {} {} ({}, due {}): {verdict}\n",
            c.spec.id,
            c.period,
            c.spec.title,
            c.due.format("%Y-%m-%d")
        ));
        let daily: Vec<String> = c
            .inputs
            .iter()
            .filter(|(k, _)| is_daily(*k))
            .map(|(k, ranges)| {
                format!(
                    "{} {} {}",
                    k.id(),
                    gate::spans_text(ranges, 4),
                    cover_text(*k, &c.period, ranges)
                )
            })
            .collect();
        if !daily.is_empty() {
            s.push(&format!("    {}\n", daily.join("; ")));
        }
    }
}

/// The periods due, for the JSON report.
fn due_json(due: &Due) -> serde_json::Value {
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let checks: Vec<serde_json::Value> = due
        .checks
        .iter()
        .map(|c| {
            serde_json::json!({
                "report": c.spec.id,
                "period": c.period.to_string(),
                "due": day(c.due),
                "refused": c.refusal.as_ref().map(|r| r.reason.clone()),
                "inputs": c.inputs.iter().map(|(k, ranges)| serde_json::json!({
                    "kind": k.id(),
                    "ranges": ranges.iter().map(|(a, b)| serde_json::json!({"start": day(*a), "end": day(*b)})).collect::<Vec<_>>(),
                    "cover": cover_text(*k, &c.period, ranges),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "date": day(due.date), "exact": due.exact, "reports": checks })
}

fn range_text(s: &InputSummary) -> String {
    match s.date_range {
        Some((a, b)) if a == b => a.format("%Y-%m-%d").to_string(),
        Some((a, b)) => format!("{}..{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        None => "-".into(),
    }
}

/// Problems grouped by file (files in first-seen order), errors before warnings
/// within a file, and at most `max` of them.
fn grouped(problems: &[Problem], max: usize) -> (Vec<(String, Vec<&Problem>)>, usize) {
    let mut order: Vec<String> = Vec::new();
    let mut by_file: BTreeMap<&str, Vec<&Problem>> = BTreeMap::new();
    for p in problems {
        if !by_file.contains_key(p.file.as_str()) {
            order.push(p.file.clone());
        }
        by_file.entry(p.file.as_str()).or_default().push(p);
    }
    let mut shown = 0usize;
    let mut out = Vec::new();
    for f in order {
        let mut list = by_file.remove(f.as_str()).unwrap_or_default();
        list.sort_by_key(|p| p.severity);
        let room = max.saturating_sub(shown);
        list.truncate(room);
        shown += list.len();
        if !list.is_empty() {
            out.push((f, list));
        }
    }
    (out, problems.len() - shown)
}

/// The text report: what was read and every problem, text from the inputs escaped.
pub fn text_report(loaded: &Loaded, max: usize, quiet: bool, color: bool, due: &Due) -> TermText {
    let mut s = TermText::new(color);
    if !quiet {
        s.push("inputs:\n");
        for i in &loaded.inputs {
            let place = match &i.sheet {
                Some(sh) => format!("{} › {}", i.file, sh),
                None => i.file.clone(),
            };
            if let Some(e) = &i.error {
                let first = e.lines().next().unwrap_or_default();
                s.push(&format!("  {:<16} {place}: not read: {first}\n", i.kind));
                continue;
            }
            s.push(&format!(
                "  {:<16} {place}: format {}, header row {}, {} record{}, dates {}, {} naming employees not in the roster\n",
                i.kind,
                i.format.as_deref().unwrap_or("-"),
                i.header_row.map_or("none".to_string(), |r| r.to_string()),
                i.records,
                if i.records == 1 { "" } else { "s" },
                range_text(i),
                i.unknown_employee_records
            ));
        }
        due_text(&mut s, due);
    }
    let errors = loaded
        .problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .count();
    let warnings = loaded.problems.len() - errors;
    let (groups, rest) = grouped(&loaded.problems, max);
    for (file, list) in &groups {
        if quiet && list.iter().all(|p| p.severity == ProblemSeverity::Warning) {
            continue;
        }
        s.push(&format!("\n{file}:\n"));
        for p in list {
            if quiet && p.severity == ProblemSeverity::Warning {
                continue;
            }
            for (n, line) in p.to_string().lines().enumerate() {
                s.push(if n == 0 { "  " } else { "    " });
                if n == 0 {
                    // `location: message` with the location in red (error) or
                    // yellow (warning), as compilers print it.
                    let code = if p.severity == ProblemSeverity::Error {
                        "31"
                    } else {
                        "33"
                    };
                    let loc = p.location();
                    match line.strip_prefix(loc.as_str()) {
                        Some(rest) => s.paint(&loc, code).push(rest),
                        None => s.push(line),
                    };
                } else {
                    s.push(line);
                }
                s.push("\n");
            }
        }
    }
    if rest > 0 {
        s.push(&format!(
            "\n… and {rest} more problem{} not shown (check.max_problems = {max})\n",
            if rest == 1 { "" } else { "s" }
        ));
    }
    if !quiet || errors > 0 {
        let summary = format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
        let code = if errors > 0 { "31" } else { "32" };
        s.push("\n").paint(&summary, code).push("\n");
    }
    s
}

/// The JSON report: the same content as the text report.
pub fn json_report(loaded: &Loaded, max: usize, due: &Due) -> String {
    let (groups, rest) = grouped(&loaded.problems, max);
    let inputs: Vec<serde_json::Value> = loaded
        .inputs
        .iter()
        .map(|i| {
            serde_json::json!({
                "kind": i.kind,
                "file": i.file,
                "sheet": i.sheet,
                "format": i.format,
                "header_row": i.header_row,
                "records": i.records,
                "date_range": i.date_range.map(|(a, b)| serde_json::json!({
                    "start": a.format("%Y-%m-%d").to_string(),
                    "end": b.format("%Y-%m-%d").to_string(),
                })),
                "unknown_employee_records": i.unknown_employee_records,
                "error": i.error,
            })
        })
        .collect();
    let problems: Vec<serde_json::Value> = groups
        .iter()
        .flat_map(|(_, l)| l.iter())
        .map(|p| {
            serde_json::json!({
                "file": p.file,
                "sheet": p.sheet,
                "cell": p.cell,
                "severity": p.severity,
                "message": p.message,
                "text": p.to_string(),
            })
        })
        .collect();
    let errors = loaded
        .problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .count();
    let failed: Vec<serde_json::Value> = loaded
        .failed_inputs
        .iter()
        .map(|(k, why)| serde_json::json!({"kind": k, "reason": why}))
        .collect();
    let v = serde_json::json!({
        "inputs": inputs,
        "failed_inputs": failed,
        "due": due_json(due),
        "problems": problems,
        "problems_not_shown": rest,
        "errors": errors,
        "warnings": loaded.problems.len() - errors,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}
