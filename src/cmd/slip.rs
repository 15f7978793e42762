//! `zhidu slip form` (print the form of a slip, or of every slip issued in a
//! period) and `zhidu slip new` (number a new slip, append it to the register,
//! print its form): [`crate::batch::slip_forms`] and [`crate::batch::new_slip`].

use chrono::NaiveDate;

use crate::batch::{self, FormSelection, Written};
use crate::cli::{Cli, SlipCommand};
use crate::config::Project;
use crate::error::{Exit, UserError};
use crate::model::{Period, SlipClass, SlipNature};

// TEMP re-export: old path kept until tests/slips_render.rs is updated
pub use crate::ingest::load_slips;
// TEMP re-export: old path kept until tests/slip_new.rs is updated
pub use crate::register::{add_slip, NewSlip};

/// Today's date in China Standard Time (UTC+8, no daylight saving), for `slip new` without `--date`.
fn today_cst() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs + 8 * 3600) / 86_400;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, UserError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| UserError::Other(format!("{flag} \"{text}\" is not a date (expected YYYY-MM-DD)")))
}

/// Print the warnings, then every file written.
fn report(written: &Written, quiet: bool) {
    for w in &written.warnings {
        eprintln!("warning: {w}");
    }
    if !quiet {
        for f in &written.files {
            println!("wrote {}", f.display());
        }
    }
}

/// Run `zhidu slip …`.
pub fn run(cli: &Cli, command: &SlipCommand) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    match command {
        SlipCommand::Form { number, all, period } => {
            let selection = if *all {
                let text = period.as_deref().unwrap_or_default();
                let p = Period::parse(text).ok_or_else(|| {
                    UserError::Other(format!(
                        "--period \"{text}\" is not a month (2026-11) or a span (2026-11-01..2026-11-15)"
                    ))
                })?;
                FormSelection::IssuedIn(p)
            } else {
                FormSelection::Number(number.clone().unwrap_or_default())
            };
            let written = batch::slip_forms(&project, &selection)?;
            if written.files.is_empty() && !cli.quiet {
                println!("no slips issued in that period");
            }
            report(&written, cli.quiet);
            Ok(Exit::Success)
        }
        SlipCommand::New {
            class,
            nature,
            from,
            to,
            subject,
            requirement,
            due,
            date,
            drafter,
            replaces,
        } => {
            let class = match class.trim().to_ascii_uppercase().as_str() {
                "A" => SlipClass::A,
                "B" => SlipClass::B,
                "C" => SlipClass::C,
                other => return Err(UserError::Other(format!("--class \"{other}\" is not A, B or C")).into()),
            };
            let nature = match nature {
                None => None,
                Some(n) => Some(SlipNature::parse(n).ok_or_else(|| {
                    UserError::Other(format!(
                        "--nature \"{n}\" is not 协助指令, 工作指令, 事件跟催, 申诉建议 or 其他"
                    ))
                })?),
            };
            let issue_date = match date {
                Some(d) => parse_date("--date", d)?,
                None => today_cst(),
            };
            let slip = NewSlip {
                class,
                nature,
                from_dept: from.trim().to_string(),
                to_depts: to.iter().map(|t| t.trim().to_string()).collect(),
                subject: subject.trim().to_string(),
                requirement: requirement.clone().filter(|r| !r.trim().is_empty()),
                issue_date,
                due_date: parse_date("--due", due)?,
                drafter: drafter.clone().filter(|d| !d.trim().is_empty()),
                replaces: replaces.clone().filter(|r| !r.trim().is_empty()),
            };
            let (register, added, written) = batch::new_slip(&project, &slip)?;
            if !cli.quiet {
                println!(
                    "{register}: added {} ({} row(s)){}",
                    added.number,
                    added.rows.len(),
                    added
                        .backup
                        .as_ref()
                        .map(|b| format!("; previous register kept as {}", b.display()))
                        .unwrap_or_default()
                );
            }
            report(&written, cli.quiet);
            Ok(Exit::Success)
        }
    }
}
