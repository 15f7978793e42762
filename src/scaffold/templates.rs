//! The built-in templates as a project sees them: what each renders, whether the
//! project's `templates/` replaces it ([`list`]); copying one there to edit
//! ([`copy`]); and the copies a later zhidu's built-in has moved on from
//! ([`stale_copies`], warnings of `zhidu check`).
//!
//! A copy starts with a Tera comment (rendered as nothing) naming the built-in
//! template, the zhidu version and the SHA-256 of the built-in text it was taken
//! from. When this zhidu's built-in text hashes differently, the copy is stale.
//! A template the project wrote itself has no such line: it is an override.

use std::path::{Path, PathBuf};

use crate::error::{Problem, UserError};
use crate::i18n::Text;
use crate::output::sha256_hex;
use crate::render::templates::DEFAULT_TEMPLATES;
use crate::reports::registry;

/// The folder of a project's templates.
const TEMPLATES: &str = "templates";

/// How the first line of a copied template starts.
const MARK: &str = "{#- zhidu: copied from the built-in template "; // not a message

/// One built-in template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltIn {
    /// The name under `templates/`: `deductions.xml`, `manual/04-pay.md`.
    pub name: &'static str,
    /// What it renders: `月度扣款表 (report deductions)`.
    pub renders: Text,
    /// Whether the project replaces it, and how.
    pub state: State,
}

/// Whether a project's `templates/` replaces a built-in template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// The project has no file of that name: the built-in one is used.
    BuiltIn,
    /// A copy of this zhidu's built-in template (`edited`: changed since).
    Copied {
        /// Whether the copy was changed after it was made.
        edited: bool,
    },
    /// A copy of an earlier built-in text, which this zhidu has changed.
    Stale {
        /// The zhidu version it was copied from.
        version: String,
        /// Whether the copy was changed after it was made.
        edited: bool,
    },
    /// A file of that name the project wrote itself (no copy line).
    Override,
    /// A file of that name with exactly the built-in text and no copy line (as
    /// earlier versions of `init` wrote them): it blocks the fixes of a later zhidu.
    Identical,
}

impl State {
    /// A stable id for JSON: `built_in`, `copied`, `edited_copy`, `stale_copy`, `override`.
    pub fn id(&self) -> &'static str {
        match self {
            State::BuiltIn => "built_in",
            State::Copied { edited: false } => "copied",
            State::Copied { edited: true } => "edited_copy",
            State::Stale { .. } => "stale_copy",
            State::Override => "override",
            State::Identical => "identical",
        }
    }

    /// What the project does with the built-in template, in a few words.
    pub fn describe(&self) -> Text {
        match self {
            State::BuiltIn => crate::msg!("scaffold.state_built_in"),
            State::Copied { edited: false } => crate::msg!("scaffold.state_copied"),
            State::Copied { edited: true } => crate::msg!("scaffold.state_copied_edited"),
            State::Stale {
                version,
                edited: false,
            } => crate::msg!("scaffold.state_stale", version = version),
            State::Stale {
                version,
                edited: true,
            } => crate::msg!("scaffold.state_stale_edited", version = version),
            State::Override => crate::msg!("scaffold.state_override"),
            State::Identical => crate::msg!("scaffold.state_identical"),
        }
    }
}

/// The templates of the project at `root` that replace a built-in one with
/// another text (a file identical to the built-in one changes nothing today).
pub fn replaced(root: &Path) -> Vec<BuiltIn> {
    list(root)
        .into_iter()
        .filter(|t| !matches!(t.state, State::BuiltIn | State::Identical))
        .collect()
}

/// What the other templates render, besides each report's own.
fn part_renders(name: &str) -> Option<Text> {
    match name {
        "fund.xml" => Some(crate::msg!("scaffold.renders_fund")),
        "notice.xml" => Some(crate::msg!("scaffold.renders_notice")),
        "manual_index.xml" => Some(crate::msg!("scaffold.renders_manual_index")),
        "slip-form.xml" => Some(crate::msg!("scaffold.renders_slip_form")),
        _ => None,
    }
}

/// Whether a built-in file is a template (the READMEs are documentation).
fn is_template(name: &str) -> bool {
    name.ends_with(".xml") || (name.ends_with(".md") && !name.ends_with("README.md"))
}

/// What a built-in template renders.
fn renders(name: &str, text: &str) -> Text {
    if let Some(r) = registry::REPORTS.iter().find(|r| r.template == name) {
        return crate::msg!("scaffold.renders_report", title = r.title, id = r.id);
    }
    if let Some(what) = part_renders(name) {
        return what;
    }
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(str::trim)
        .unwrap_or_default();
    crate::msg!("scaffold.renders_chapter", title = title)
}

/// The built-in templates, in name order.
fn built_ins() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEFAULT_TEMPLATES
        .iter()
        .copied()
        .filter(|(name, _)| is_template(name))
}

/// The copy line a copied template starts with.
fn copy_line(name: &str, built_in: &str) -> String {
    format!(
        "{MARK}{name} of zhidu {}, sha256 {}. This file replaces the built-in one; `zhidu check` warns when a later zhidu's built-in differs. Delete this file to use the built-in template again. -#}}\n", // not a message
        env!("CARGO_PKG_VERSION"),
        sha256_hex(built_in.as_bytes())
    )
}

/// The copy line of a project template: the zhidu version and the hash it names,
/// and the text after it.
fn parse_copy(text: &str) -> Option<(&str, &str, &str)> {
    let (first, rest) = text.split_once('\n')?;
    let after = first.strip_prefix(MARK)?;
    let version = after.split(" of zhidu ").nth(1)?.split(',').next()?; // not a message
    let hash = after.split(", sha256 ").nth(1)?.get(..64)?;
    hash.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then_some((version, hash, rest))
}

/// How the project's text of a built-in template relates to it.
fn state_of(project_text: Option<&str>, built_in: &str) -> State {
    let Some(text) = project_text else {
        return State::BuiltIn;
    };
    match parse_copy(text) {
        None if text == built_in => State::Identical,
        None => State::Override,
        Some((version, hash, body)) => {
            let edited = sha256_hex(body.as_bytes()) != hash;
            if hash == sha256_hex(built_in.as_bytes()) {
                State::Copied { edited }
            } else {
                State::Stale {
                    version: version.to_string(),
                    edited,
                }
            }
        }
    }
}

/// The project's file of a template name, if it has one it can read.
fn project_text(root: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(root.join(TEMPLATES).join(name)).ok()
}

/// Every built-in template, what it renders and whether the project at `root` replaces it.
pub fn list(root: &Path) -> Vec<BuiltIn> {
    built_ins()
        .map(|(name, text)| BuiltIn {
            name,
            renders: renders(name, text),
            state: state_of(project_text(root, name).as_deref(), text),
        })
        .collect()
}

/// The built-in template a name means: the name itself, or with `.xml` or `.md` added.
fn find(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.trim().trim_start_matches("templates/");
    built_ins().find(|(n, _)| {
        *n == name || n.strip_suffix(".xml") == Some(name) || n.strip_suffix(".md") == Some(name)
    })
}

/// Copy the built-in template `name` into the project's `templates/`, its copy
/// line first; an existing file there is replaced only with `force`. Returns
/// the path written.
pub fn copy(root: &Path, name: &str, force: bool) -> anyhow::Result<PathBuf> {
    let Some((name, text)) = find(name) else {
        let names: Vec<&str> = built_ins().map(|(n, _)| n).collect();
        return Err(UserError::other(crate::msg!(
            "scaffold.no_such_template",
            name = format!("{name:?}"),
            names = names.join(", ")
        ))
        .into());
    };
    let path = root.join(TEMPLATES).join(name);
    if !force && std::fs::symlink_metadata(&path).is_ok() {
        return Err(UserError::other(crate::msg!(
            "scaffold.template_exists",
            path = path.display().to_string()
        ))
        .into());
    }
    crate::output::write_file(&path, format!("{}{text}", copy_line(name, text)).as_bytes())?;
    Ok(path)
}

/// A warning for every project template copied from a built-in text this zhidu
/// has changed: the copy keeps the project from the built-in's fixes.
pub fn stale_copies(root: &Path) -> Vec<Problem> {
    list(root)
        .into_iter()
        .filter_map(|t| match t.state {
            State::Stale { version, edited } => Some(
                Problem::file_error(
                    format!("{TEMPLATES}/{}", t.name),
                    stale_message(t.name, &version, edited),
                )
                .warning(),
            ),
            _ => None,
        })
        .collect()
}

/// What to do about a stale copy.
fn stale_message(name: &str, version: &str, edited: bool) -> Text {
    if edited {
        crate::msg!("scaffold.stale_edited", name = name, version = version)
    } else {
        crate::msg!("scaffold.stale_unedited", name = name, version = version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_says_what_it_renders() {
        for (name, text) in built_ins() {
            let what = renders(name, text);
            assert!(
                !what.contains("chapter  ") && !what.en().is_empty(),
                "{name}: {what}"
            );
            if name.ends_with(".xml") {
                assert!(!what.starts_with("制度手册 chapter"), "{name} is not described");
            }
        }
        assert!(find("deductions").is_some() && find("manual/04-pay").is_some());
        assert!(find("README.md").is_none());
    }

    #[test]
    fn a_copy_is_told_from_an_override_and_a_stale_copy() {
        let built_in = "<document>v1</document>\n";
        let copy = format!("{}{built_in}", copy_line("weekly.xml", built_in));
        assert_eq!(state_of(Some(&copy), built_in), State::Copied { edited: false });
        let edited = copy.replace("v1", "mine");
        assert_eq!(state_of(Some(&edited), built_in), State::Copied { edited: true });
        let newer = "<document>v2</document>\n";
        let version = env!("CARGO_PKG_VERSION").to_string();
        assert_eq!(
            state_of(Some(&copy), newer),
            State::Stale {
                version: version.clone(),
                edited: false
            }
        );
        assert_eq!(
            state_of(Some(&edited), newer),
            State::Stale {
                version,
                edited: true
            }
        );
        assert_eq!(state_of(Some(built_in), built_in), State::Identical);
        assert_eq!(state_of(Some("<document/>"), built_in), State::Override);
        assert_eq!(state_of(None, built_in), State::BuiltIn);
    }
}
