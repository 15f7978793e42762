//! `zhidu run`: the batch ([`crate::batch`]). Renders every report due on a date
//! (`--date`), one report for a period (`--report ID --period P`), or everything
//! due in a range (`--from A --to B`), then prints a summary.

use std::io::IsTerminal;

use chrono::NaiveDate;

use crate::batch::{run_batch, unknown_report, JobOutcome, ProgressMode, RunRequest};
use crate::cli::Cli;
use crate::config::Project;
use crate::error::{Exit, UserError};
use crate::model::Period;

// TEMP re-export: old path kept until tests/run_batch.rs is updated
pub use crate::output::sha256_hex;

/// The command: parse the request, run the batch, print the summary.
#[allow(clippy::too_many_arguments)] // one argument per command-line flag
pub fn run(
    cli: &Cli,
    date: Option<NaiveDate>,
    report: Option<&str>,
    period: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    run_date: Option<NaiveDate>,
) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let (request, default_run_date) = match (date, report, from, to) {
        (Some(d), None, None, None) => (RunRequest::Date(d), Some(d)),
        (None, None, Some(a), Some(b)) => {
            if a > b {
                return Err(UserError::Other(format!("--from {a} is after --to {b}")).into());
            }
            (RunRequest::Range(a, b), Some(b))
        }
        (None, Some(id), None, None) => {
            let p = match period {
                Some(text) => Some(Period::parse(text).ok_or_else(|| {
                    UserError::Other(format!(
                        "--period \"{text}\" is not a period (expected 2026-11 or 2026-11-18..2026-11-24)"
                    ))
                })?),
                None => None,
            };
            let end = p.map(|p| p.end);
            (
                RunRequest::One {
                    id: id.to_string(),
                    period: p,
                },
                end,
            )
        }
        _ => {
            eprintln!("error: give --date D, or --report ID --period P, or --from A --to B");
            return Ok(Exit::Usage);
        }
    };
    if let RunRequest::One { id, .. } = &request {
        if crate::reports::registry::find(id).is_none() {
            eprintln!("error: {}", unknown_report(id));
            return Ok(Exit::Usage);
        }
    }
    let Some(run_date) = run_date.or(default_run_date) else {
        return Err(
            UserError::Other("this report covers no period: give --run-date YYYY-MM-DD".into()).into(),
        );
    };
    let mode = if cli.quiet {
        ProgressMode::Quiet
    } else if std::io::stderr().is_terminal() {
        ProgressMode::Bar
    } else {
        ProgressMode::Lines
    };
    let (manifest, exit) = run_batch(&project, &request, run_date, mode)?;
    let out_dir = project.config.render.output_dir.clone();
    let ok = manifest.reports.iter().filter(|r| r.status == "ok").count();
    let failed: Vec<&JobOutcome> = manifest.reports.iter().filter(|r| r.status != "ok").collect();
    if !cli.quiet {
        if manifest.reports.is_empty() {
            println!("nothing falls due ({}); manifest written", manifest.request);
        } else {
            println!(
                "rendered {ok} of {} report(s); manifest: {out_dir}/{}/manifest.json",
                manifest.reports.len(),
                manifest.run_date
            );
        }
    }
    if cli.verbose {
        for r in manifest.reports.iter().filter(|r| r.status == "ok") {
            for f in &r.outputs {
                println!("  wrote {out_dir}/{}  sha256 {}", f.path, f.sha256);
            }
        }
        for p in &manifest.input_problem_list {
            eprintln!("  {p}");
        }
    }
    if !cli.quiet && !cli.verbose && manifest.input_problems > 0 {
        eprintln!(
            "note: the inputs have {} problem(s); `zhidu check` lists them with file, sheet and cell",
            manifest.input_problems
        );
    }
    if !failed.is_empty() {
        eprintln!("{} report(s) failed:", failed.len());
        for f in failed {
            eprintln!(
                "  {} {}: {}",
                f.report,
                f.period,
                f.error.as_deref().unwrap_or("")
            );
        }
    }
    Ok(exit)
}
