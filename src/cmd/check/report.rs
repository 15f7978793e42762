//! What `check` prints: the inputs read, the periods due against the inputs'
//! dates, the templates that replace built-in ones, and every problem grouped by
//! file; as text, or as JSON with the same content.

use std::collections::BTreeMap;

use super::due::{due_json, due_text, Due};
use crate::error::{Problem, ProblemSeverity};
use crate::ingest::{InputSummary, Loaded};
use crate::output::term::TermText;
use crate::scaffold::templates::BuiltIn;

fn range_text(s: &InputSummary) -> String {
    match s.date_range {
        Some((a, b)) if a == b => a.format("%Y-%m-%d").to_string(),
        Some((a, b)) => format!("{}..{}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        None => "-".into(), // not a message
    }
}

/// The header row of an input, or `none`.
fn header_row(i: &InputSummary) -> String {
    i.header_row.map_or_else(
        || crate::msg!("check.no_header_row").to_string(),
        |r| r.to_string(),
    )
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
pub fn text_report(
    loaded: &Loaded,
    max: usize,
    quiet: bool,
    color: bool,
    due: &Due,
    templates: &[BuiltIn],
) -> TermText {
    let mut s = TermText::new(color);
    if !quiet {
        s.push(&format!("{}\n", crate::msg!("check.inputs")));
        for i in &loaded.inputs {
            let place = match &i.sheet {
                Some(sh) => format!("{} › {}", i.file, sh),
                None => i.file.clone(),
            };
            if let Some(e) = &i.error {
                let e = e.to_string();
                let first = e.lines().next().unwrap_or_default();
                let what = crate::msg!("check.input_not_read", place = &place, error = first);
                s.push(&format!("  {:<16} {what}\n", i.kind));
                continue;
            }
            if i.records == 0 {
                let what = crate::msg!(
                    "check.input_empty",
                    place = &place,
                    format = i.format.as_deref().unwrap_or("-"),
                    header_row = header_row(i)
                );
                s.push(&format!("  {:<16} {what}\n", i.kind));
                continue;
            }
            let what = match i.records {
                1 => crate::msg!("check.input_read_one"),
                _ => crate::msg!("check.input_read_many"),
            }
            .arg("place", &place)
            .arg("format", i.format.as_deref().unwrap_or("-"))
            .arg("header_row", header_row(i))
            .arg("records", i.records)
            .arg("dates", range_text(i))
            .arg("unknown", i.unknown_employee_records);
            s.push(&format!("  {:<16} {what}\n", i.kind));
        }
        due_text(&mut s, due);
        if !templates.is_empty() {
            s.push(&format!("{}\n", crate::msg!("check.templates_replaced")));
            for t in templates {
                s.push(&format!("  {}: {}\n", t.name, t.state.describe()));
            }
        }
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
        let more = match rest {
            1 => crate::msg!("check.more_problems_one", max = max),
            n => crate::msg!("check.more_problems_many", n = n, max = max),
        };
        s.push(&format!("\n{more}\n"));
    }
    if !quiet || errors > 0 {
        let errors_text = match errors {
            1 => crate::msg!("check.errors_one"),
            n => crate::msg!("check.errors_many", n = n),
        };
        let warnings_text = match warnings {
            1 => crate::msg!("check.warnings_one"),
            n => crate::msg!("check.warnings_many", n = n),
        };
        let summary =
            crate::msg!("check.summary", errors = errors_text, warnings = warnings_text).to_string();
        let code = if errors > 0 { "31" } else { "32" };
        s.push("\n").paint(&summary, code).push("\n");
    }
    s
}

/// The JSON report: the same content as the text report.
pub fn json_report(loaded: &Loaded, max: usize, due: &Due, templates: &[BuiltIn]) -> String {
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
        "templates": templates.iter().map(|t| serde_json::json!({
            "name": t.name,
            "state": t.state.id(),
            "text": t.state.describe(),
        })).collect::<Vec<_>>(),
        "problems": problems,
        "problems_not_shown": rest,
        "errors": errors,
        "warnings": loaded.problems.len() - errors,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}
