//! `outputs/runs.jsonl`, the audit trail: one JSON line per command that wrote
//! under the output folder (`run`, `manual`, `slip form`, `slip new`), appended
//! under the run lock and never rewritten. Each line says when, what was asked,
//! how each report ended, every file written or removed with its SHA-256, and the
//! input files read with theirs. [`read_runs`] reads it back.

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

use super::manifest::{InputEntry, JobOutcome};
use crate::error::Problem;
use crate::output::lock::RunLock;
use crate::output::AppendOnly;

/// How many of a run's input problems its line keeps.
pub const PROBLEMS_KEPT: usize = 20;

/// The runs log's file name in the output folder.
pub const RUNS_LOG: &str = "runs.jsonl";

/// One line of `outputs/runs.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunRecord {
    /// When the run ended, UTC, RFC 3339 (`2026-11-25T06:30:04Z`): the log's only clock reading.
    pub time: String,
    /// The tool's version.
    pub version: String,
    /// The command: `run`, `manual`, `slip form` or `slip new`.
    pub command: String,
    /// The run date (`run` only).
    #[serde(default)]
    pub run_date: Option<String>,
    /// What was asked, as command-line flags (`--date 2026-11-25`) or a slip number.
    pub request: String,
    /// The exit code.
    pub exit: u8,
    /// Why the whole run failed, when it did before any report (a template error).
    #[serde(default)]
    pub error: Option<String>,
    /// SHA-256 of zhidu.toml's text.
    #[serde(default)]
    pub config_sha256: Option<String>,
    /// Every input file read, with its SHA-256.
    #[serde(default)]
    pub inputs: Vec<InputEntry>,
    /// Input kinds that could not be read, with the reason.
    #[serde(default)]
    pub failed_inputs: Vec<(String, String)>,
    /// How many problems the inputs had (`zhidu check` lists them).
    #[serde(default)]
    pub input_problems: usize,
    /// The first of them (at most [`PROBLEMS_KEPT`]), for the run page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_problem_sample: Vec<Problem>,
    /// Every report (or set of forms), how it ended, what it wrote and removed.
    #[serde(default)]
    pub reports: Vec<JobOutcome>,
    /// Stage folders of earlier, killed runs cleaned up first (and whether their
    /// previous files were put back).
    #[serde(default)]
    pub recovered: Vec<crate::i18n::Text>,
}

/// The time now, as the log writes it.
pub fn now_utc() -> String {
    let now: chrono::DateTime<chrono::Utc> = std::time::SystemTime::now().into();
    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl RunRecord {
    /// A record for `command` with `request`, stamped now; the rest empty.
    pub fn new(command: &str, request: String) -> RunRecord {
        RunRecord {
            time: now_utc(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            run_date: None,
            request,
            exit: 0,
            error: None,
            config_sha256: None,
            inputs: Vec::new(),
            failed_inputs: Vec::new(),
            input_problems: 0,
            input_problem_sample: Vec::new(),
            reports: Vec::new(),
            recovered: Vec::new(),
        }
    }
}

/// `outputs/runs.jsonl`, open for appending while a command holds the run lock.
/// Opened before anything is written, so a log that cannot be kept (a planted
/// link) stops the run before it changes anything.
#[derive(Debug)]
pub struct RunsLogWriter {
    log: AppendOnly,
}

impl RunsLogWriter {
    /// Open the runs log of the locked output folder.
    pub fn open(lock: &RunLock) -> anyhow::Result<RunsLogWriter> {
        let log = AppendOnly::open(&lock.out_dir().join(RUNS_LOG))
            .context(crate::msg!("batch.runs_log_unusable"))?;
        Ok(RunsLogWriter { log })
    }

    /// Append a record as one line.
    pub fn append(&mut self, record: &RunRecord) -> anyhow::Result<()> {
        // Messages are recorded in English whatever the terminal speaks.
        let line = crate::i18n::RECORD_LANG.scoped(|| serde_json::to_string(record))?;
        self.log
            .append(&crate::output::term::json_safe(&line))
            .context(crate::msg!("batch.run_not_recorded"))
    }
}

/// What `outputs/runs.jsonl` holds.
#[derive(Debug, Clone, Default)]
pub struct RunsLog {
    /// Every line that could be read, oldest first.
    pub runs: Vec<RunRecord>,
    /// 1-based numbers of lines that are not a run record (cut short by a full disk, say).
    pub unreadable_lines: Vec<usize>,
}

/// Read `<out_dir>/runs.jsonl` (a missing log has no runs).
pub fn read_runs(out_dir: &Path) -> anyhow::Result<RunsLog> {
    let path = out_dir.join(RUNS_LOG);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(RunsLog::default()),
        Err(e) => {
            return Err(e)
                .with_context(|| crate::msg!("batch.cannot_read", path = path.display().to_string()))
        }
    };
    let mut log = RunsLog::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<RunRecord>(line) {
            Ok(r) => log.runs.push(r),
            Err(_) => log.unreadable_lines.push(i + 1),
        }
    }
    Ok(log)
}

impl RunsLog {
    /// The `run`s of a run date, oldest first.
    pub fn runs_on(&self, run_date: NaiveDate) -> impl Iterator<Item = &RunRecord> {
        let date = run_date.format("%Y-%m-%d").to_string();
        self.runs
            .iter()
            .filter(move |r| r.command == "run" && r.run_date.as_deref() == Some(date.as_str()))
    }

    /// What the runs of a run date produced: for each report and period, the
    /// last outcome that was written (`ok`), in the order first seen. A later run
    /// on another date may have replaced those files since; their hashes tell.
    pub fn produced_on(&self, run_date: NaiveDate) -> Vec<&JobOutcome> {
        let mut out: Vec<&JobOutcome> = Vec::new();
        for job in self
            .runs_on(run_date)
            .flat_map(|r| r.reports.iter())
            .filter(|j| j.is_ok())
        {
            match out
                .iter_mut()
                .find(|o| o.report == job.report && o.period == job.period)
            {
                Some(slot) => *slot = job,
                None => out.push(job),
            }
        }
        out
    }
}
