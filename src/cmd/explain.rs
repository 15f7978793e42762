//! `zhidu explain --employee K007 --period 2026-11`: one person's shift-days with
//! anything notable and every ledger line with its clause and source cells.

use std::io::Write as _;

use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::{Exit, UserError};
use crate::model::Period;

/// Load the project and its inputs, explain, print.
pub fn run(cli: &Cli, employee: &str, period: &str, format: OutputFormat) -> anyhow::Result<Exit> {
    let period = Period::parse(period).ok_or_else(|| {
        UserError::Other(format!(
            "--period \"{period}\" is not a period (expected a month such as 2026-11, or 2026-11-18..2026-11-24)"
        ))
    })?;
    let project = Project::load(&cli.project)?;
    let loaded = crate::ingest::load(&project);
    for (kind, why) in &loaded.failed_inputs {
        if crate::reports::registry::DEDUCTIONS
            .inputs
            .iter()
            .any(|k| k.id() == kind)
        {
            return Err(UserError::Other(format!("input `{kind}` could not be read: {why}")).into());
        }
    }
    let x = crate::reports::explain::explain(&loaded.data, &project.config, &period, employee)?;
    let text = match format {
        OutputFormat::Text => crate::reports::explain::to_text(&x),
        OutputFormat::Json => serde_json::to_string_pretty(&x)? + "\n",
    };
    // A closed pipe (`zhidu explain … | head`) is not an error.
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(anyhow::Error::new(e).context("cannot write to standard output"));
        }
    }
    Ok(Exit::Success)
}
