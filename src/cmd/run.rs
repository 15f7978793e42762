//! `zhidu run`: the batch ([`crate::batch`]). Renders every report due on a date
//! (`--date`, or `--today` in the project's time zone), one report for a period
//! (`--report ID --period P`), or everything due in a range (`--from A --to B`),
//! then says where every document went ([`summary`]), as text or JSON; with
//! `--send` it then mails what this run produced, as `zhidu send` does.

mod summary;

use std::io::IsTerminal;
use std::time::Duration;

use crate::batch::{run_batch, LockWait, ProgressMode, RunOptions};
use crate::cli::{clock, Cli, OutputFormat, RunArgs};
use crate::config::Project;
use crate::deliver::SendRequest;
use crate::error::Exit;
use crate::output::term;

/// Run the batch for a request and print its summary; then, with `--send`, send.
pub fn run(cli: &Cli, args: &RunArgs) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let today = match args.today {
        true => Some(clock::today_in(project.config.company.time_zone())?),
        false => None,
    };
    let (request, run_date) = args.request(today)?;
    let progress = if cli.quiet {
        ProgressMode::Quiet
    } else if std::io::stderr().is_terminal() {
        ProgressMode::Bar
    } else {
        ProgressMode::Lines
    };
    let wait = Duration::from_secs(args.wait);
    let options = RunOptions {
        progress,
        lock: LockWait {
            wait,
            quiet: cli.quiet,
        },
        after_run: Some(crate::deliver::after_run),
    };
    let (manifest, notes, exit) = run_batch(&project, &request, run_date, options)?;
    if let Some(e) = &notes.after_run_error {
        term::errln(&crate::msg!("run.page_not_written", error = e).to_string());
    }
    let written = summary::RunSummary::new(&project, &manifest, &notes, exit);
    match args.format {
        OutputFormat::Json => summary::print_json(&written)?,
        OutputFormat::Text => summary::print_text(cli, &written)?,
    }
    summary::print_failures(cli, &manifest);
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
