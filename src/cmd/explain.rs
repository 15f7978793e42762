//! `zhidu explain --employee K007 --period 2026-11`: one person's shift-days with
//! anything notable and every ledger line with its clause and source cells.

use std::io::Write as _;

use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::Exit;
use crate::model::Period;

/// Explain one employee's period and print it.
pub fn run(cli: &Cli, employee: &str, period: &Period, format: OutputFormat) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let x = crate::reports::explain::explain_project(&project, period, employee)?;
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
