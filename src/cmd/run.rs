//! `zhidu run`: the batch ([`crate::batch`]). Renders every report due on a date
//! (`--date`), one report for a period (`--report ID --period P`), or everything
//! due in a range (`--from A --to B`), then prints a summary.

use std::io::IsTerminal;

use chrono::NaiveDate;

use crate::batch::{run_batch, JobOutcome, ProgressMode, RunRequest};
use crate::cli::Cli;
use crate::config::Project;
use crate::error::Exit;

/// Run the batch for a request and print its summary.
pub fn run(cli: &Cli, request: &RunRequest, run_date: NaiveDate) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let mode = if cli.quiet {
        ProgressMode::Quiet
    } else if std::io::stderr().is_terminal() {
        ProgressMode::Bar
    } else {
        ProgressMode::Lines
    };
    let (manifest, exit) = run_batch(&project, request, run_date, mode)?;
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
