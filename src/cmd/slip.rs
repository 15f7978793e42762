//! `zhidu slip form` (print the form of a slip, or of every slip issued in a
//! period) and `zhidu slip new` (number a new slip, append it to the register,
//! print its form): [`crate::batch::slip_forms`] and [`crate::batch::new_slip`].

use crate::batch::{self, FormSelection, Written};
use crate::cli::{Cli, SlipCommand};
use crate::config::Project;
use crate::error::{Exit, UserError};
use crate::output::term;

/// Print the warnings, then every file written.
fn report(written: &Written, quiet: bool) -> anyhow::Result<()> {
    for w in &written.warnings {
        term::errln(&crate::msg!("slip.warning", warning = w.to_string()).to_string());
    }
    if !quiet {
        for f in &written.files {
            term::outln(&crate::msg!("cmd.wrote", path = f.display().to_string()).to_string())?;
        }
    }
    Ok(())
}

/// Run `zhidu slip …`.
pub fn run(cli: &Cli, command: &SlipCommand) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    match command {
        SlipCommand::Form { number, all, period } => {
            let selection = match (all, period, number) {
                (true, Some(p), _) => FormSelection::IssuedIn(*p),
                (_, _, Some(n)) => FormSelection::Number(n.clone()),
                _ => return Err(UserError::other(crate::msg!("slip.needs_what")).into()),
            };
            let written = batch::slip_forms(&project, &selection)?;
            if written.files.is_empty() && !cli.quiet {
                term::outln(&crate::msg!("slip.none_issued").to_string())?;
            }
            report(&written, cli.quiet)?;
            Ok(Exit::Success)
        }
        SlipCommand::New(args) => {
            let today = match args.date {
                Some(d) => d,
                None => crate::cli::clock::today_in(project.config.company.time_zone())?,
            };
            let (register, added, written) = batch::new_slip(&project, &args.slip(today))?;
            if !cli.quiet {
                let line = match &added.backup {
                    Some(b) => crate::msg!(
                        "slip.added_kept",
                        register = register.to_string(),
                        number = added.number.to_string(),
                        rows = added.rows.len(),
                        backup = b.display().to_string()
                    ),
                    None => crate::msg!(
                        "slip.added",
                        register = register.to_string(),
                        number = added.number.to_string(),
                        rows = added.rows.len()
                    ),
                };
                term::outln(&line.to_string())?;
            }
            report(&written, cli.quiet)?;
            Ok(Exit::Success)
        }
    }
}
