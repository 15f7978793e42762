//! `outputs/<run-date>/manifest.json`: what the latest run with reports for a run
//! date read and wrote, with SHA-256s; and how each report of a run ended (also
//! what `outputs/runs.jsonl` records for every run).

use std::path::Path;

use chrono::NaiveDate;

use super::figures::{Figure, NoticeOwner};
use crate::error::Problem;
use crate::i18n::{Text, RECORD_LANG};
use crate::ingest::ReadFile;
pub use crate::output::FileEntry;

/// How one report of a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Rendered, and its files swapped in.
    Ok,
    /// Not rendered, or its files could not be swapped in: the previous ones stay.
    Failed,
    /// A known report whose module is not in this build.
    NotAvailable,
}

/// How one job ended.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JobOutcome {
    /// The report id.
    pub report: String,
    /// The period, `2026-11` or `2026-11-18..2026-11-24`.
    pub period: String,
    /// The day it fell due, if it came from the calendar.
    pub due: Option<String>,
    /// `ok`, `failed` or `not_available`.
    pub status: JobStatus,
    /// Why it failed (in the terminal's language on screen, in English in the
    /// manifest and the runs log).
    pub error: Option<Text>,
    /// The problems that refused it (errors in the inputs it reads, and the
    /// report's own checks), or for a rendered report the errors it set aside
    /// as warnings (records of people outside the roster); at most
    /// `check.max_problems` of them.
    #[serde(default)]
    pub problems: Vec<Problem>,
    /// How many more such problems there were than `problems` lists.
    #[serde(default)]
    pub problems_not_listed: usize,
    /// Files written (paths relative to the output folder).
    pub outputs: Vec<FileEntry>,
    /// Files of the report's previous set for this period that this one no
    /// longer has (a notice for someone no longer docked), removed.
    #[serde(default)]
    pub removed: Vec<FileEntry>,
    /// The report's key figures, for the run page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Whose each notice is (the deductions report), for `zhidu send`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<NoticeOwner>,
    /// Whether the failure was writing files (an environment problem, exit 3).
    #[serde(skip)]
    pub write_failed: bool,
}

impl JobOutcome {
    /// A job not yet run: no status but `failed`, nothing written.
    pub(crate) fn failed(report: &str, period: String, due: Option<String>, error: Text) -> JobOutcome {
        JobOutcome {
            report: report.to_string(),
            period,
            due,
            status: JobStatus::Failed,
            error: Some(error),
            problems: Vec::new(),
            problems_not_listed: 0,
            outputs: Vec::new(),
            removed: Vec::new(),
            figures: Vec::new(),
            notices: Vec::new(),
            write_failed: false,
        }
    }

    /// Whether it was rendered and written.
    pub fn is_ok(&self) -> bool {
        self.status == JobStatus::Ok
    }
}

/// An input file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct InputEntry {
    /// Input kind (`calls`, `surveys`, …).
    pub kind: String,
    /// The file.
    #[serde(flatten)]
    pub file: FileEntry,
}

/// `outputs/<run-date>/manifest.json`: what a run read and wrote. No clock
/// readings, so the same run gives the same manifest. The latest run with
/// reports for a run date writes it; `outputs/runs.jsonl` keeps every run.
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
    pub input_problem_list: Vec<Problem>,
    /// Every report of the run.
    pub reports: Vec<JobOutcome>,
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
    /// The manifest's path: `<out_dir>/<run-date>/manifest.json`.
    pub fn path(out_dir: &Path, run_date: NaiveDate) -> std::path::PathBuf {
        out_dir
            .join(run_date.format("%Y-%m-%d").to_string())
            .join("manifest.json")
    }

    /// Write it as `<out_dir>/<run-date>/manifest.json`, removing first what a
    /// killed earlier write of it left behind.
    pub fn write(&self, out_dir: &Path, run_date: NaiveDate) -> anyhow::Result<()> {
        let path = Manifest::path(out_dir, run_date);
        crate::output::remove_leftover_temps(&path)?;
        // Messages are recorded in English whatever the terminal speaks.
        let mut text = RECORD_LANG.scoped(|| serde_json::to_string_pretty(self))?;
        text.push('\n');
        crate::output::write_file(&path, crate::output::term::json_safe(&text).as_bytes())
    }
}
