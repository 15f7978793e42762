//! `zhidu explain --employee K007 --period 2026-11`: one person's shift-days with
//! anything notable and every ledger line with its clause and source cells.

use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::Exit;
use crate::model::Period;
use crate::output::term;

/// Explain one employee's period and print it.
pub fn run(cli: &Cli, employee: &str, period: &Period, format: OutputFormat) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let x = crate::batch::gate::explain(&project, period, employee)?;
    // A closed pipe (`zhidu explain … | head`) is not an error.
    match format {
        OutputFormat::Text => term::out(&crate::reports::explain::to_text(&x))?,
        OutputFormat::Json => term::json(&serde_json::to_string_pretty(&x)?)?,
    }
    Ok(Exit::Success)
}
