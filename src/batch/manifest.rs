//! `outputs/<run-date>/manifest.json`: what a run read and wrote, with SHA-256s.

use std::path::Path;

use chrono::NaiveDate;

use crate::ingest::ReadFile;
use crate::output::{sha256_hex, OutputFile};

/// How one job ended.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JobOutcome {
    /// The report id.
    pub report: String,
    /// The period, `2026-11` or `2026-11-18..2026-11-24`.
    pub period: String,
    /// The day it fell due, if it came from the calendar.
    pub due: Option<String>,
    /// `ok`, `failed` or `not_available`.
    pub status: &'static str,
    /// Why it failed.
    pub error: Option<String>,
    /// Files written (paths relative to the output folder).
    pub outputs: Vec<FileEntry>,
    /// Whether the failure was writing files (an environment problem, exit 3).
    #[serde(skip)]
    pub write_failed: bool,
}

/// A file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct FileEntry {
    /// Path (inputs: relative to the project folder; outputs: to the output folder).
    pub path: String,
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// An input file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct InputEntry {
    /// Input kind (`calls`, `surveys`, …).
    pub kind: String,
    /// The file.
    #[serde(flatten)]
    pub file: FileEntry,
}

/// `outputs/<run-date>/manifest.json`: what a run read and wrote. No clock
/// readings, so the same run gives the same manifest.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Manifest {
    /// `zhidu`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The run date.
    pub run_date: String,
    /// The request, as `--date 2026-11-25` etc.
    pub request: String,
    /// SHA-256 of zhidu.toml's text.
    pub config_sha256: String,
    /// Every input file the run read.
    pub inputs: Vec<InputEntry>,
    /// Input kinds that could not be read, with the reason.
    pub failed_inputs: Vec<(String, String)>,
    /// Number of problems found in the inputs (`zhidu check` lists them).
    pub input_problems: usize,
    /// The problems themselves (printed by `run --verbose`; not in the manifest file).
    #[serde(skip)]
    pub input_problem_list: Vec<crate::error::Problem>,
    /// Every report of the run.
    pub reports: Vec<JobOutcome>,
}

/// The manifest entries of files written under the output folder.
pub fn file_entries(files: &[OutputFile]) -> Vec<FileEntry> {
    files
        .iter()
        .map(|f| FileEntry {
            path: f.path.to_string_lossy().replace('\\', "/"),
            sha256: sha256_hex(&f.bytes),
            bytes: f.bytes.len() as u64,
        })
        .collect()
}

impl From<ReadFile> for InputEntry {
    fn from(f: ReadFile) -> InputEntry {
        InputEntry {
            kind: f.kind.id().to_string(),
            file: FileEntry {
                path: f.path,
                sha256: f.sha256,
                bytes: f.bytes,
            },
        }
    }
}

impl Manifest {
    /// Write it as `<out_dir>/<run-date>/manifest.json`.
    pub fn write(&self, out_dir: &Path, run_date: NaiveDate) -> anyhow::Result<()> {
        let path = out_dir
            .join(run_date.format("%Y-%m-%d").to_string())
            .join("manifest.json");
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        crate::output::write_file(&path, text.as_bytes())
    }
}
