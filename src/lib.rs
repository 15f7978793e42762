//! zhidu (制度): reads a customer-service department's exports, applies the staff
//! handbook's rules, and renders its documents as XLSX and PDF from Tera templates.
//!
//! Data flows one way: [`ingest`] → [`rules`] → [`reports`] → [`render`] →
//! [`output`]. Each module below imports only from those listed before it (a test,
//! `src/layering.rs`, holds the map and keeps files and functions short):
//!
//! ```text
//! src/
//!   i18n/         every message in English and Chinese (locales/*.toml), the
//!                 language chosen by --lang, ZHIDU_LANG or the locale
//!   error.rs      problems with their file, sheet and cell; the exit codes
//!   model/        plain domain types: records and their Source, Fen, Period, Roster,
//!                 InputKind, the slip number pattern
//!   output/       the one write path: temp file in the target folder, flush, rename;
//!                 a report's set staged and swapped in whole (stage.rs), the run
//!                 and register locks (lock.rs), the printer that escapes control
//!                 characters (term.rs); backups; SHA-256
//!   config/       zhidu.toml → typed settings (calendar rules and the number pattern
//!                 are parsed here, so a bad value names its key)
//!   ingest/       exports → records, with the hashes of the files read; one header
//!                 scan, one cell parser; readers per format, presets per system
//!   rules/        pure: records + settings → findings + ledger
//!     catalog.rs    every rule's code, clause and title (ATT-1 … SLIP-5)
//!     ledger.rs     every deduction, fine and proposal, with its source cells
//!     hr/           attendance, pay, data quality
//!     ops/          calls, surveys, complaints, SLA-1, open slips, the period's KPIs
//!     slips/        work-contact slips: grouping, numbering, approval, points, status
//!   schedule.rs   the report calendar: what falls due when, for which period
//!   register/     `slip new`: lock the register, number a slip, add its rows inside
//!                 the workbook's package, keep a backup
//!   render/       template → markup → Document → XLSX / PDF bytes
//!   reports/      findings + ledger → one context per document, rendered;
//!                 registry.rs holds every report's id, title, inputs, template and
//!                 the settings it reads
//!   batch/        plan a run, refuse reports whose inputs have errors (gate.rs),
//!                 render in parallel, swap each report's set in, the manifest and
//!                 the runs log (runs.jsonl); the jobs of check, slip form/new and manual
//!   deliver/      `send`: each report's files to its readers, each notice to its
//!                 employee encrypted (encrypt.rs), the delivery log
//!                 (deliveries.jsonl), the run's page and the list of runs (page.rs)
//!   samples/      the deterministic sample inputs, and the header-only ones of a new project
//!   scaffold/     `init`'s project folder; the built-in templates a project lists,
//!                 copies to edit, and keeps up with (a stale copy is a warning)
//!   cli.rs        the command line, every argument typed once
//!   cmd/          one thin file per command: typed arguments → one library call → print
//! ```

// The library has no unsafe code; only the binary sets its allocator up (src/main.rs).
#![forbid(unsafe_code)]

pub mod batch;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod deliver;
pub mod error;
pub mod i18n;
pub mod ingest;
#[cfg(test)]
mod layering;
pub mod model;
pub mod output;
pub mod register;
pub mod render;
pub mod reports;
pub mod rules;
pub mod samples;
pub mod scaffold;
pub mod schedule;
