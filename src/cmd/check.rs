//! `zhidu check`: read the config and every input, report what was read and every problem.

use crate::cli::{Cli, OutputFormat};
use crate::config::Project;
use crate::error::Exit;

/// Validate the project's config (inputs are read once the ingest layer lands).
pub fn run(cli: &Cli, _format: OutputFormat) -> anyhow::Result<Exit> {
    let _project = Project::load(&cli.project)?;
    Ok(Exit::Success)
}
