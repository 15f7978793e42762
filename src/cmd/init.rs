//! `zhidu init DIR`: a working starter folder.

use std::path::Path;

use crate::cli::Cli;
use crate::config::DEFAULT_CONFIG_TOML;
use crate::error::{Exit, UserError};
use crate::output::term;

/// Where the sample inputs go; with `--force` an existing file there is kept, as
/// it may be live data (the slip register `zhidu slip new` appends to).
const INPUTS: &str = "inputs/";

/// Whether anything (a file, a folder, a link, even a dangling one) is at `path`.
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Write zhidu.toml, the default templates and the sample inputs into `dir`.
/// Without `force` nothing is written when any of them exists; with `force`
/// zhidu.toml and the templates are overwritten, and existing inputs are kept.
pub fn run(cli: &Cli, dir: &Path, force: bool) -> anyhow::Result<Exit> {
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("zhidu.toml".into(), DEFAULT_CONFIG_TOML.as_bytes().to_vec())];
    for (name, text) in crate::render::templates::DEFAULT_TEMPLATES {
        files.push((format!("templates/{name}"), text.as_bytes().to_vec()));
    }
    for (name, bytes) in crate::samples::sample_files()? {
        files.push((format!("{INPUTS}{name}"), bytes));
    }
    let (kept, to_write): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(rel, _)| present(&dir.join(rel)) && (!force || rel.starts_with(INPUTS)));
    if !force && !kept.is_empty() {
        return Err(UserError::Other(format!(
            "{} file(s) already exist and were left alone (use --force to overwrite):\n  {}",
            kept.len(),
            kept.iter()
                .map(|(rel, _)| dir.join(rel).display().to_string())
                .collect::<Vec<_>>()
                .join("\n  ")
        ))
        .into());
    }
    for (rel, bytes) in &to_write {
        crate::output::write_file(&dir.join(rel), bytes)?;
    }
    crate::output::create_dir(&dir.join("outputs"))?;
    if !cli.quiet {
        term::outln(&format!("wrote {} files into {}", to_write.len(), dir.display()))?;
        if !kept.is_empty() {
            term::outln(&format!(
                "kept {} existing input file(s), not overwritten by --force:",
                kept.len()
            ))?;
            for (rel, _) in &kept {
                term::outln(&format!("  {}", dir.join(rel).display()))?;
            }
        }
        term::outln(&format!("next: cd {} && zhidu check", dir.display()))?;
    }
    Ok(Exit::Success)
}
