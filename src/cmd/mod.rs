//! One module per command; each is thin: it receives the arguments typed by
//! [`crate::cli`], calls one library function and prints what it did.

mod check;
mod completions;
pub mod due;
mod explain;
mod init;
mod manual;
mod records;
pub mod run;
pub mod send;
pub mod slip;
mod templates;

use crate::cli::{Cli, Command};
use crate::error::Exit;

/// Run the parsed command and return the exit code to use.
pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::Check { format, date } => check::run(cli, *format, *date),
        Command::Records { kind, format } => records::run(cli, *kind, *format),
        Command::Due(args) => due::run(cli, args.days()?, args.format),
        Command::Run(args) => run::run(cli, args),
        Command::Send(args) => send::run(cli, &args.request()?, args.yes, args.wait),
        Command::Slip { command } => slip::run(cli, command),
        Command::Manual => manual::run(cli),
        Command::Templates { command } => templates::run(cli, command),
        Command::Completions { shell } => completions::completions(*shell),
        Command::Man { dir } => completions::man(dir.as_deref()),
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
