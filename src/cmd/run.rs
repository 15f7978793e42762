//! `zhidu run`: the batch ([`crate::batch`]). Renders every report due on a date
//! (`--date`, or `--today` in the project's time zone), one report for a period
//! (`--report ID --period P`), or everything due in a range (`--from A --to B`),
//! then says where every document went ([`summary`]), as text or JSON.

mod summary;

use std::io::IsTerminal;
use std::time::Duration;

use crate::batch::{run_batch, LockWait, ProgressMode, RunOptions};
use crate::cli::{clock, Cli, OutputFormat, RunArgs};
use crate::config::Project;
use crate::error::Exit;

/// Run the batch for a request and print its summary.
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
    let options = RunOptions {
        progress,
        lock: LockWait {
            wait: Duration::from_secs(args.wait),
            quiet: cli.quiet,
        },
    };
    let (manifest, notes, exit) = run_batch(&project, &request, run_date, options)?;
    let written = summary::RunSummary::new(&project, &manifest, &notes, exit);
    match args.format {
        OutputFormat::Json => summary::print_json(&written)?,
        OutputFormat::Text => summary::print_text(cli, &written)?,
    }
    summary::print_failures(cli, &manifest);
    Ok(exit)
}
