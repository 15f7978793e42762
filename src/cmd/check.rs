//! `zhidu check`: read the config and every input, report what was read, each
//! input's dates against the periods due, and every problem.

mod due;
mod report;

use std::io::IsTerminal;

use chrono::NaiveDate;

use crate::batch::gate;
use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::{Exit, Problem};
use crate::ingest::{InputSummary, Loaded};
use crate::model::InputKind;
use crate::output::term;
use crate::scaffold::templates;
use due::{is_daily, Due};

/// Read everything, print the summary, each input's dates against the periods
/// due, and the problems; exit 1 on any error. With `--date` what would refuse a
/// report `run --date` renders is an error too; without it the latest period of
/// each report is shown for information.
pub fn run(cli: &Cli, format: OutputFormat, date: Option<NaiveDate>) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let mut loaded = crate::batch::check(&project);
    let day = match date {
        Some(d) => d,
        None => crate::cli::clock::today_in(project.config.company.time_zone())?,
    };
    let exact = date.is_some();
    let due = Due {
        date: day,
        exact,
        checks: gate::due_checks(&project, &loaded, day, !exact),
    };
    if due.exact {
        // What refuses a report beyond its inputs' own errors (coverage, a
        // person who vanished) is an error of this check.
        for r in due.checks.iter().filter_map(|c| c.refusal.as_ref()) {
            for p in &r.problems {
                if !loaded.problems.contains(p) {
                    loaded.problems.push(p.clone());
                }
            }
        }
    }
    loaded.problems.extend(empty_inputs(&project, &loaded));
    loaded.problems.extend(templates::stale_copies(&project.root));
    let replaced = templates::replaced(&project.root);
    let max = project.config.check.max_problems;
    match format {
        OutputFormat::Json => term::json(&report::json_report(&loaded, max, &due, &replaced))?,
        OutputFormat::Text => {
            let color = cli.use_color(std::io::stdout().is_terminal());
            term::out(&report::text_report(
                &loaded, max, cli.quiet, color, &due, &replaced,
            ))?
        }
    }
    Ok(if loaded.has_errors() {
        Exit::BadInput
    } else {
        Exit::Success
    })
}

/// A warning for each required input among the roster and the daily ones that
/// was read and has no records (a new project's header-only workbook): every
/// document made from it would be empty. A register without records is normal.
fn empty_inputs(project: &Project, loaded: &Loaded) -> Vec<Problem> {
    let mut out = Vec::new();
    for kind in InputKind::ALL {
        let required = project.config.inputs.spec(kind).required;
        if !required || !(kind == InputKind::Roster || is_daily(kind)) {
            continue;
        }
        let read: Vec<&InputSummary> = loaded.inputs.iter().filter(|i| i.kind == kind.id()).collect();
        // Rows that could not be read are problems of their own, not an empty export.
        let has_problems = |i: &InputSummary| loaded.problems.iter().any(|p| p.file == i.file);
        if read.is_empty()
            || read
                .iter()
                .any(|i| i.error.is_some() || i.records > 0 || has_problems(i))
        {
            continue;
        }
        out.push(
            Problem::file_error(
                read[0].file.clone(),
                crate::msg!("check.no_records_yet", kind = kind.name()),
            )
            .warning(),
        );
    }
    out
}
