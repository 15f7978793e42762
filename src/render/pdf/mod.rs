//! The PDF backend, in two stages: layout (`layout` driving the
//! block layouts over a `layouter` state) produces positioned page content
//! (`page`); serialisation (`serialize`) writes it as PDF objects, with the
//! text and subset font (`text`) and the outline (`outline`).

mod chart;
mod form;
mod layout;
mod layouter;
mod outline;
mod page;
mod prose;
mod serialize;
mod table;
mod text;

use crate::render::font::Font;
use crate::render::model::Document;

pub use chart::{cell_at, chart_data, ChartData};
pub use page::TextRun;

/// Lay out and serialise a document.
pub fn render(font: &Font, doc: &Document) -> anyhow::Result<Vec<u8>> {
    let laid = layout::lay_out(font, doc)?;
    serialize::write(font, doc, laid)
}
