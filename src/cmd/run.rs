//! `zhidu run`: the batch ([`crate::batch`]). Renders every report due on a date
//! (`--date`), one report for a period (`--report ID --period P`), or everything
//! due in a range (`--from A --to B`), then prints a summary; with `--send` it
//! then mails what this run produced, as `zhidu send` does.

use std::io::IsTerminal;
use std::time::Duration;

use chrono::NaiveDate;

use crate::batch::{
    run_batch, JobOutcome, LockWait, Manifest, ProgressMode, RunNotes, RunOptions, RunRequest,
};
use crate::cli::{Cli, RunArgs};
use crate::config::Project;
use crate::deliver::SendRequest;
use crate::error::Exit;
use crate::output::term::{self, TermText};

/// Run the batch for a request and print its summary; then, with `--send`, send.
pub fn run(cli: &Cli, args: &RunArgs, request: &RunRequest, run_date: NaiveDate) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let wait = Duration::from_secs(args.wait);
    let progress = if cli.quiet {
        ProgressMode::Quiet
    } else if std::io::stderr().is_terminal() {
        ProgressMode::Bar
    } else {
        ProgressMode::Lines
    };
    let options = RunOptions {
        progress,
        lock: LockWait {
            wait,
            quiet: cli.quiet,
        },
        after_run: Some(crate::deliver::after_run),
    };
    let (manifest, notes, exit) = run_batch(&project, request, run_date, options)?;
    print_summary(cli, &project.config.render.output_dir, &manifest, &notes)?;
    if !args.send || exit == Exit::Internal {
        return Ok(exit);
    }
    // What this run wrote, and nothing older: its reports that are ok.
    let only = manifest
        .reports
        .iter()
        .filter(|r| r.is_ok())
        .map(|r| (r.report.clone(), r.period.clone()))
        .collect();
    let send = SendRequest::Date {
        run_date,
        only: Some(only),
    };
    let sent = super::send::execute(cli, &project, &send, args.yes, wait)?;
    Ok(if exit == Exit::Success { sent } else { exit })
}

fn print_summary(cli: &Cli, out_dir: &str, manifest: &Manifest, notes: &RunNotes) -> anyhow::Result<()> {
    let ok = manifest.reports.iter().filter(|r| r.is_ok()).count();
    let failed: Vec<&JobOutcome> = manifest.reports.iter().filter(|r| !r.is_ok()).collect();
    if let Some(e) = &notes.after_run_error {
        term::errln(&format!("note: the run page could not be written: {e}"));
    }
    if !cli.quiet {
        for n in &notes.recovered {
            term::errln(&format!("note: cleaned up after an earlier run: {n}"));
        }
        if manifest.reports.is_empty() {
            term::outln(&format!(
                "nothing falls due ({}); recorded in {out_dir}/runs.jsonl",
                manifest.request
            ))?;
        } else {
            term::outln(&format!(
                "rendered {ok} of {} report(s); manifest: {out_dir}/{}/manifest.json",
                manifest.reports.len(),
                manifest.run_date
            ))?;
        }
    }
    if cli.verbose {
        for r in manifest.reports.iter().filter(|r| r.is_ok()) {
            for f in &r.outputs {
                term::outln(&format!("  wrote {out_dir}/{}  sha256 {}", f.path, f.sha256))?;
            }
            for f in &r.removed {
                term::outln(&format!("  removed {out_dir}/{}  sha256 {}", f.path, f.sha256))?;
            }
        }
        for p in &manifest.input_problem_list {
            term::errln(&format!("  {p}"));
        }
    }
    if !cli.quiet && !cli.verbose && manifest.input_problems > 0 {
        term::errln(&format!(
            "note: the inputs have {} problem(s); `zhidu check` lists them with file, sheet and cell",
            manifest.input_problems
        ));
    }
    if !failed.is_empty() {
        let color = cli.use_color(std::io::stderr().is_terminal());
        let mut t = TermText::new(color);
        t.paint(&format!("{} report(s) failed:", failed.len()), "31");
        term::errln(&t);
        for f in failed {
            term::errln(&format!(
                "  {} {}: {}",
                f.report,
                f.period,
                f.error.as_deref().unwrap_or("")
            ));
            for p in &f.problems {
                term::errln(&format!("    {p}"));
            }
            if f.problems_not_listed > 0 {
                term::errln(&format!(
                    "    … and {} more (`zhidu check` lists them all)",
                    f.problems_not_listed
                ));
            }
        }
    }
    Ok(())
}
