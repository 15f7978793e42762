//! Starting and keeping a project folder: what `zhidu init` writes ([`init`]),
//! and the built-in templates a project lists and copies to edit ([`templates`]).
//!
//! A new project gets `zhidu.toml` and one header-only workbook per input kind,
//! and no templates: the built-in ones are used until the project copies one,
//! so a later zhidu's template fixes reach every template it has not copied.

pub mod templates;

use std::path::{Path, PathBuf};

use crate::config::default_config_toml;
use crate::error::UserError;
use crate::i18n::Lang;

/// The folder of the inputs, under the project folder.
const INPUTS: &str = "inputs";

/// What `zhidu init` is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct InitRequest<'a> {
    /// The folder to create or fill.
    pub dir: &'a Path,
    /// The sample department's exports instead of header-only workbooks.
    pub sample: bool,
    /// Write zhidu.toml even when it exists (inputs are kept all the same).
    pub force: bool,
    /// The language of zhidu.toml's comments (the settings are the same in each).
    pub lang: Lang,
}

/// What `zhidu init` did.
#[derive(Debug, Clone, Default)]
pub struct InitDone {
    /// The files written, under the folder.
    pub written: Vec<PathBuf>,
    /// The input files that were there already and were kept.
    pub kept: Vec<PathBuf>,
}

/// Whether anything (a file, a folder, a link, even a dangling one) is at `path`.
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The files of a new project, as `(path under the folder, bytes)`.
fn project_files(sample: bool, lang: Lang) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let inputs = match sample {
        true => crate::samples::sample_files()?,
        false => crate::samples::blank::blank_files()?,
    };
    let config = default_config_toml(lang).as_bytes().to_vec();
    let mut files = vec![("zhidu.toml".to_string(), config)];
    files.extend(
        inputs
            .into_iter()
            .map(|(name, bytes)| (format!("{INPUTS}/{name}"), bytes)),
    );
    Ok(files)
}

/// The refusal when files are in the way and `--force` was not given.
fn in_the_way(dir: &Path, existing: &[String]) -> UserError {
    let list: Vec<String> = existing
        .iter()
        .map(|rel| dir.join(rel).display().to_string())
        .collect();
    UserError::other(crate::msg!(
        "scaffold.files_in_the_way",
        count = existing.len(),
        files = list.join("\n  ")
    ))
}

/// Write a new project into `request.dir`: zhidu.toml (commented in
/// `request.lang`), the inputs (header-only,
/// or the sample's) and an empty outputs/ folder. Without `force` nothing is
/// written when any of those files exists; with it zhidu.toml is written again
/// and every existing input is kept, as it may be live data (the slip register
/// `zhidu slip new` appends to).
pub fn init(request: InitRequest<'_>) -> anyhow::Result<InitDone> {
    let dir = request.dir;
    let files = project_files(request.sample, request.lang)?;
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| rel.clone())
        .filter(|rel| present(&dir.join(rel)))
        .collect();
    if !request.force && !existing.is_empty() {
        return Err(in_the_way(dir, &existing).into());
    }
    let mut done = InitDone::default();
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        if existing.contains(rel) && rel.starts_with(INPUTS) {
            done.kept.push(path);
            continue;
        }
        crate::output::write_file(&path, bytes)?;
        done.written.push(path);
    }
    crate::output::create_dir(&dir.join(INPUTS))?;
    crate::output::create_dir(&dir.join("outputs"))?;
    Ok(done)
}
