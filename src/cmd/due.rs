//! `zhidu due`: which reports fall due on a date (or in a range), with each period.

use chrono::NaiveDate;

use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::Exit;
use crate::output::term;
use crate::reports::registry;
use crate::schedule::{Calendar, DueReport};

/// One line of `zhidu due --format json`.
#[derive(Debug, serde::Serialize)]
struct DueLine<'a> {
    date: String,
    report: &'a str,
    title: &'a str,
    period: Option<String>,
    period_start: Option<String>,
    period_end: Option<String>,
    output_dir: Option<String>,
}

/// List the reports due on a date or in a range.
pub fn run(cli: &Cli, (a, b): (NaiveDate, NaiveDate), format: OutputFormat) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let due = Calendar::new(&project.config.reports).due_between(a, b);
    let mut out = String::new();
    match format {
        OutputFormat::Json => {
            let lines: Vec<DueLine> = due.iter().map(line).collect();
            return term::json(&serde_json::to_string_pretty(&lines)?).map(|()| Exit::Success);
        }
        OutputFormat::Text => {
            if due.is_empty() {
                let (from, to) = (a.to_string(), b.to_string());
                out.push_str(&format!("{}\n", crate::msg!("due.nothing", from = from, to = to)));
            }
            for d in &due {
                let l = line(d);
                out.push_str(&format!(
                    "{}  {:<11} {:<23} {}\n",
                    l.date,
                    l.report,
                    l.period
                        .clone()
                        .unwrap_or_else(|| crate::msg!("due.no_period").to_string()),
                    l.title,
                ));
            }
        }
    }
    term::out(&out)?;
    Ok(Exit::Success)
}

fn line(d: &DueReport) -> DueLine<'static> {
    DueLine {
        date: d.date.format("%Y-%m-%d").to_string(),
        report: d.id,
        title: registry::find(d.id).map_or("", |r| r.title),
        period: d.period.map(|p| p.to_string()),
        period_start: d.period.map(|p| p.start.format("%Y-%m-%d").to_string()),
        period_end: d.period.map(|p| p.end.format("%Y-%m-%d").to_string()),
        output_dir: d.period.map(|p| p.dir_name()),
    }
}
