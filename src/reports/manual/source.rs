//! Where the manual's chapter sources come from: the chapters built into the binary,
//! each overridden by a project's `templates/manual/<same name>`, plus the project's own.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context as _;

/// Folder (under `templates/`) that holds the chapter sources.
pub const CHAPTER_DIR: &str = "manual";

/// One chapter's source text and its name under `templates/` (`manual/03-attendance.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterSource {
    /// Path under `templates/`, e.g. `manual/03-attendance.md`.
    pub name: String,
    /// The Tera source text.
    pub text: String,
}

fn is_chapter_name(name: &str) -> bool {
    name.strip_prefix("manual/").is_some_and(|file| {
        !file.contains('/') && file.ends_with(".md") && !file.eq_ignore_ascii_case("README.md")
    })
}

/// The chapters built into the binary, in file-name order.
pub fn default_chapter_sources() -> Vec<ChapterSource> {
    let mut out: Vec<ChapterSource> = crate::render::templates::DEFAULT_TEMPLATES
        .iter()
        .filter(|(name, _)| is_chapter_name(name))
        .map(|(name, text)| ChapterSource {
            name: (*name).to_string(),
            text: (*text).to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The chapters of a project: the built-in ones, each replaced by the project's
/// `templates/manual/<same name>` when present, plus any extra chapters the project adds.
pub fn chapter_sources(project_root: &Path) -> anyhow::Result<Vec<ChapterSource>> {
    let mut by_name: BTreeMap<String, String> = default_chapter_sources()
        .into_iter()
        .map(|c| (c.name, c.text))
        .collect();
    let dir = project_root.join("templates").join(CHAPTER_DIR);
    if dir.is_dir() {
        let entries = std::fs::read_dir(&dir)
            .with_context(|| crate::msg!("manual.cannot_list", path = dir.display().to_string()))?;
        for entry in entries {
            let entry =
                entry.with_context(|| crate::msg!("manual.cannot_list", path = dir.display().to_string()))?;
            let file = entry.file_name().to_string_lossy().into_owned();
            let name = format!("{CHAPTER_DIR}/{file}");
            if !is_chapter_name(&name) || !entry.path().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).with_context(|| {
                crate::msg!(
                    "manual.chapter_not_utf8",
                    path = entry.path().display().to_string()
                )
            })?;
            by_name.insert(name, text);
        }
    }
    Ok(by_name
        .into_iter()
        .map(|(name, text)| ChapterSource { name, text })
        .collect())
}
