//! `zhidu init DIR`: a working starter folder.

use std::path::Path;

use crate::cli::Cli;
use crate::config::DEFAULT_CONFIG_TOML;
use crate::error::{Exit, UserError};

/// Write zhidu.toml, the default templates and the sample inputs into `dir`.
pub fn run(cli: &Cli, dir: &Path, force: bool) -> anyhow::Result<Exit> {
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("zhidu.toml".into(), DEFAULT_CONFIG_TOML.as_bytes().to_vec())];
    for (name, text) in crate::render::templates::DEFAULT_TEMPLATES {
        files.push((format!("templates/{name}"), text.as_bytes().to_vec()));
    }
    for (name, bytes) in crate::samples::sample_files()? {
        files.push((format!("inputs/{name}"), bytes));
    }
    if !force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(rel, _)| dir.join(rel).exists())
            .map(|(rel, _)| dir.join(rel).display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(UserError::Other(format!(
                "{} file(s) already exist and were left alone (use --force to overwrite):\n  {}",
                existing.len(),
                existing.join("\n  ")
            ))
            .into());
        }
    }
    for (rel, bytes) in &files {
        crate::output::write_file(&dir.join(rel), bytes)?;
    }
    crate::output::create_dir(&dir.join("outputs"))?;
    if !cli.quiet {
        println!("wrote {} files into {}", files.len(), dir.display());
        println!("next: cd {} && zhidu check", dir.display());
    }
    Ok(Exit::Success)
}
