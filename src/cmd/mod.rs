//! One module per command; each is thin: load the project, call the stages,
//! write the files, print a summary.

mod check;
pub mod due;
mod explain;
mod init;
mod manual;
pub mod run;
pub mod slip;

use crate::cli::{Cli, Command};
use crate::error::Exit;

/// Run the parsed command and return the exit code to use.
pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    match &cli.command {
        Command::Init { dir, force } => init::run(cli, dir, *force),
        Command::Check { format } => check::run(cli, *format),
        Command::Due {
            date,
            from,
            to,
            format,
        } => due::run(cli, *date, *from, *to, *format),
        Command::Run {
            date,
            report,
            period,
            from,
            to,
            run_date,
        } => run::run(
            cli,
            *date,
            report.as_deref(),
            period.as_deref(),
            *from,
            *to,
            *run_date,
        ),
        Command::Slip { command } => slip::run(cli, command),
        Command::Manual => manual::run(cli),
        Command::Explain {
            employee,
            period,
            format,
        } => explain::run(cli, employee, period, *format),
        Command::GenSamples { dir } => {
            crate::samples::write_all(dir)?;
            Ok(Exit::Success)
        }
    }
}
