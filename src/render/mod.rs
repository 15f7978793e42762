//! Rendering: Tera templates → report markup → [`Document`] model → XLSX and PDF bytes.
//!
//! This file fixes the API the reports use; the markup parser, the document
//! model and the two backends live in the submodules.

pub mod templates;

use serde::Serialize;

use crate::config::Project;

/// The document model both backends write from (blocks grouped into sheets).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's title.
    pub title: String,
}

/// Templates (defaults overridden by the project's own) and the PDF font, loaded once per run.
#[derive(Debug)]
pub struct Renderer {
    _private: (),
}

impl Renderer {
    /// Load the templates and the font for a project.
    pub fn new(_project: &Project) -> anyhow::Result<Renderer> {
        anyhow::bail!("the document renderer is not built yet")
    }

    /// Render a template with a context into the document model.
    pub fn document(&self, template: &str, _context: &impl Serialize) -> anyhow::Result<Document> {
        anyhow::bail!("cannot render {template}: the document renderer is not built yet")
    }

    /// The XLSX bytes of a document.
    pub fn xlsx(&self, _doc: &Document) -> anyhow::Result<Vec<u8>> {
        anyhow::bail!("the XLSX backend is not built yet")
    }

    /// The PDF bytes of a document.
    pub fn pdf(&self, _doc: &Document) -> anyhow::Result<Vec<u8>> {
        anyhow::bail!("the PDF backend is not built yet")
    }
}
