//! zhidu (制度): reads a customer-service department's exports, applies the staff
//! handbook's rules, and renders its documents as XLSX and PDF from Tera templates.
//!
//! Data flows one way: [`ingest`] → [`rules`] → [`reports`] → [`render`]; the
//! commands in [`cmd`] read the project, call the stages and write the files.

pub mod batch;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod error;
pub mod ingest;
pub mod model;
pub mod output;
pub mod register;
pub mod render;
pub mod reports;
pub mod rules;
pub mod samples;
pub mod schedule;
