//! The markup parser: report markup (XML) → [`Document`](crate::render::model::Document).
//! Every error names the template, the markup line and the element.
//!
//! `tree` reads the XML into elements; `document` reads the `<document>` and
//! its sheets, `blocks` the blocks inside a sheet, `tables` the tables.

mod blocks;
mod document;
mod formula;
mod tables;
mod tree;

pub use document::{parse, parse_owned};
pub use formula::to_excel as formula_to_excel;
pub use tables::parse_decimal;
pub use tree::MarkupError;
