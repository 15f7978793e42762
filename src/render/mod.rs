//! Rendering: Tera templates → report markup → [`Document`] model → XLSX and PDF bytes.
//!
//! A template (Tera 2, HTML-style autoescaping) renders the report's serde context to
//! the small XML vocabulary documented in `templates/README.md`; [`markup`] parses it
//! into the [`Document`] model; [`xlsx`] and [`pdf`] write both formats from that model.

pub mod axis;
pub mod budget;
pub mod font;
pub mod format;
pub mod markup;
pub mod model;
pub mod pdf;
pub mod preflight;
pub mod templates;
pub mod wrap;
pub mod xlsx;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use serde::Serialize;

use crate::config::Project;
use crate::error::UserError;

pub use budget::RenderBudget;
pub use model::Document;

/// Templates (defaults overridden by the project's own) and the PDF font, loaded once per run.
pub struct Renderer {
    tera: Arc<tera::Tera>,
    font: Arc<font::Font>,
    budget: RenderBudget,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("font", &self.font)
            .finish_non_exhaustive()
    }
}

/// The bundled font, parsed at most once per process.
fn bundled_font() -> anyhow::Result<Arc<font::Font>> {
    static FONT: OnceLock<Arc<font::Font>> = OnceLock::new();
    if let Some(f) = FONT.get() {
        return Ok(f.clone());
    }
    let f = Arc::new(font::Font::from_bytes(
        font::BUNDLED_FONT,
        "fonts/NotoSansSC-Regular.otf",
    )?);
    Ok(FONT.get_or_init(|| f).clone())
}

/// The font `render.font` names (relative to the project folder), or the bundled one.
fn project_font(project: &Project) -> anyhow::Result<Arc<font::Font>> {
    font_of(project).map_err(|e| UserError::config(crate::msg!("render.in_config", error = e)).into())
}

/// [`project_font`], its error a fault of zhidu.toml in words (without the file's name).
fn font_of(project: &Project) -> Result<Arc<font::Font>, crate::i18n::Text> {
    let Some(p) = project
        .config
        .render
        .font
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    else {
        return bundled_font().map_err(|e| crate::error::error_text(&e));
    };
    let path = project.root.join(p);
    let bytes = std::fs::read(&path).map_err(|e| {
        crate::msg!(
            "render.font_unreadable",
            setting = format!("{p:?}"),
            path = path.display().to_string(),
            error = e.to_string()
        )
    })?;
    let font = font::Font::from_bytes(&bytes, &format!("render.font = {p:?}"))
        .map_err(|e| crate::error::error_text(&e))?;
    Ok(Arc::new(font))
}

/// Every template: the built-in ones, each replaced by the project's file of the
/// same name, and the project's own, by name.
fn all_templates(overrides: Vec<(String, String)>) -> std::collections::BTreeMap<String, String> {
    let mut all: std::collections::BTreeMap<String, String> = templates::DEFAULT_TEMPLATES
        .iter()
        .filter(|(n, _)| n.ends_with(".xml"))
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for (n, t) in overrides {
        all.insert(n, t);
    }
    all
}

/// Read every file under `dir` as `(relative path with /, text)`, sorted.
fn read_template_dir(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> anyhow::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| crate::msg!("render.cannot_read_templates", path = dir.display().to_string()))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out)?;
            } else if p.extension().is_some_and(|e| e == "xml") {
                let rel = p
                    .strip_prefix(base)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&p).map_err(|e| {
                    UserError::other(crate::msg!(
                        "render.cannot_read_template",
                        path = p.display().to_string(),
                        error = e.to_string()
                    ))
                })?;
                out.push((rel, text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out)?;
    }
    Ok(out)
}

/// Message of a Tera error with its causes (the template name and line are in them).
fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string().trim_start_matches("error: ").to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let t = s.to_string();
        if !msg.contains(&t) {
            msg.push_str(": ");
            msg.push_str(&t);
        }
        src = s.source();
    }
    msg
}

impl Renderer {
    /// Load the templates and the font for a project.
    ///
    /// Default templates are embedded in the binary; a file in the project's
    /// `templates/` folder replaces the default of the same name. `render.font`
    /// in zhidu.toml points at another font file (relative to the project folder).
    pub fn new(project: &Project) -> anyhow::Result<Renderer> {
        let overrides = read_template_dir(&project.root.join("templates"))?;
        Self::build(overrides, project_font(project)?)
    }

    /// A renderer from a folder of templates (over the defaults) and optional font bytes
    /// (None: the bundled Noto Sans SC); for tests, benchmarks and tools.
    pub fn from_dir(dir: &Path, font_bytes: Option<&[u8]>) -> anyhow::Result<Renderer> {
        let overrides = read_template_dir(dir)?;
        let font = match font_bytes {
            None => bundled_font()?,
            Some(b) => Arc::new(font::Font::from_bytes(b, "font")?),
        };
        Self::build(overrides, font)
    }

    /// A renderer from templates given as `(name, text)` over the defaults, with the bundled font.
    pub fn from_templates(templates: &[(&str, &str)]) -> anyhow::Result<Renderer> {
        let t = templates
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        Self::build(t, bundled_font()?)
    }

    fn build(overrides: Vec<(String, String)>, font: Arc<font::Font>) -> anyhow::Result<Renderer> {
        let all = all_templates(overrides);
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".xml"]);
        tera.add_raw_templates(all.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| UserError::other(crate::msg!("render.template_error", error = tera_message(&e))))?;
        Ok(Renderer {
            tera: Arc::new(tera),
            font,
            budget: RenderBudget::default(),
        })
    }

    /// The same renderer with another budget per document (tests, tools).
    pub fn with_budget(mut self, budget: RenderBudget) -> Renderer {
        self.budget = budget;
        self
    }

    /// Render a template with a context into the document model.
    pub fn document(&self, template: &str, context: &impl Serialize) -> anyhow::Result<Document> {
        let markup = self.markup(template, context)?;
        markup::parse_owned(template, markup).map_err(|e| UserError::other(e.text()).into())
    }

    /// The markup a template renders to (before parsing), for debugging templates.
    pub fn markup(&self, template: &str, context: &impl Serialize) -> anyhow::Result<String> {
        let ctx = tera::Context::from_serialize(context).map_err(|e| {
            crate::msg!(
                "render.context_not_serialisable",
                template = template,
                error = tera_message(&e)
            )
        })?;
        budget::render(&self.tera, template, ctx, self.budget, tera_message)
    }

    /// The XLSX bytes of a document.
    pub fn xlsx(&self, doc: &Document) -> anyhow::Result<Vec<u8>> {
        xlsx::render(doc)
    }

    /// The PDF bytes of a document.
    pub fn pdf(&self, doc: &Document) -> anyhow::Result<Vec<u8>> {
        pdf::render(&self.font, doc)
    }

    /// The font used for PDFs.
    pub fn font(&self) -> &font::Font {
        &self.font
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sync<T: Sync + Send>() {}

    #[test]
    fn renderer_is_sync() {
        assert_sync::<Renderer>();
    }
}
