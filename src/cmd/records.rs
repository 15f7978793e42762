//! `zhidu records KIND`: every record of one input kind as ingest read it, to
//! standard output; the problems met on the way to standard error.

use std::io::Write;

use crate::cli::{Cli, RecordsFormat};
use crate::config::Project;
use crate::error::{Exit, ProblemSeverity};
use crate::ingest::records::{records, to_csv, to_json};
use crate::model::InputKind;

/// Print the records of `kind`; exit 1 when the kind could not be read or has errors.
pub fn run(cli: &Cli, kind: InputKind, format: RecordsFormat) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let read = records(&project, kind);
    let bytes = match format {
        RecordsFormat::Csv => to_csv(&read.table),
        RecordsFormat::Json => to_json(&read.table).into_bytes(),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    let problems = &read.loaded.problems;
    let errors = problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .count();
    let max = project.config.check.max_problems;
    let mut shown = 0usize;
    let mut err = std::io::stderr().lock();
    for p in problems {
        if shown >= max || (cli.quiet && p.severity == ProblemSeverity::Warning) {
            continue;
        }
        writeln!(err, "{p}")?;
        shown += 1;
    }
    let listed = if cli.quiet { errors } else { problems.len() };
    if listed > shown {
        let more = crate::msg!("records.more_problems", n = listed - shown, max = max);
        writeln!(err, "{more}")?;
    }
    let failed = !read.loaded.failed_inputs.is_empty();
    Ok(if failed || errors > 0 {
        Exit::BadInput
    } else {
        Exit::Success
    })
}
