//! `zhidu run`: the batch. Renders every report due on a date (`--date`), one
//! report for a period (`--report ID --period P`), or everything due in a range
//! (`--from A --to B`, a backfill). Inputs are read once; reports render in
//! parallel, each failure isolated; outputs are written atomically; the run ends
//! with `outputs/<run-date>/manifest.json`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::cli::Cli;
use crate::config::Project;
use crate::error::{Exit, UserError};
use crate::model::Dataset;
use crate::model::Period;
use crate::output::OutputFile;
use crate::render::Renderer;
use crate::reports::{ReportSpec, RunContext};
use crate::schedule::Calendar;

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRequest {
    /// Everything due on a day.
    Date(NaiveDate),
    /// Everything due from the first day to the second, both included.
    Range(NaiveDate, NaiveDate),
    /// One report for one period (`None`: a report whose period rule is `none`).
    One {
        /// The report id.
        id: String,
        /// The period.
        period: Option<Period>,
    },
}

/// One report to render for one period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// The day it fell due (none for `--report`).
    pub due: Option<NaiveDate>,
    /// The report id.
    pub id: String,
    /// The period it covers.
    pub period: Period,
}

/// The reports a request renders, in due-date and calendar order, each (id, period) once.
pub fn plan(calendar: &Calendar, request: &RunRequest, run_date: NaiveDate) -> Result<Vec<Job>, UserError> {
    let due = match request {
        RunRequest::Date(d) => calendar.due_on(*d),
        RunRequest::Range(a, b) => calendar.due_between(*a, *b),
        RunRequest::One { id, period } => {
            let rule = calendar.rule(id).ok_or_else(|| unknown_report(id))?;
            let period = match period {
                Some(p) => *p,
                None => match rule.period {
                    crate::config::PeriodRule::None => Period {
                        start: run_date,
                        end: run_date,
                    },
                    _ => {
                        return Err(UserError::Other(format!(
                            "report `{id}` covers a period: give --period (e.g. 2026-11 or 2026-11-18..2026-11-24)"
                        )))
                    }
                },
            };
            return Ok(vec![Job {
                due: None,
                id: id.clone(),
                period,
            }]);
        }
    };
    let mut jobs: Vec<Job> = Vec::new();
    for d in due {
        let period = d.period.unwrap_or(Period {
            start: d.date,
            end: d.date,
        });
        if !jobs.iter().any(|j| j.id == d.id && j.period == period) {
            jobs.push(Job {
                due: Some(d.date),
                id: d.id.to_string(),
                period,
            });
        }
    }
    Ok(jobs)
}

fn unknown_report(id: &str) -> UserError {
    UserError::Other(format!(
        "`{id}` is not a report (expected one of: {})",
        crate::reports::registry::id_list()
    ))
}

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

// TEMP re-export: old path kept until tests/run_batch.rs is updated
pub use crate::output::sha256_hex;

/// The manifest entries of files written under the output folder.
fn file_entries(files: &[OutputFile]) -> Vec<FileEntry> {
    files
        .iter()
        .map(|f| FileEntry {
            path: f.path.to_string_lossy().replace('\\', "/"),
            sha256: sha256_hex(&f.bytes),
            bytes: f.bytes.len() as u64,
        })
        .collect()
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// An indicatif bar (stderr is a terminal).
    Bar,
    /// One plain line per report on stderr.
    Lines,
    /// Nothing (`--quiet`).
    Quiet,
}

enum Progress {
    Bar(indicatif::ProgressBar),
    Lines(Mutex<u64>, u64),
    Quiet,
}

impl Progress {
    fn new(mode: ProgressMode, total: u64) -> Progress {
        match mode {
            ProgressMode::Bar => {
                let bar = indicatif::ProgressBar::new(total);
                if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                {
                    bar.set_style(style);
                }
                Progress::Bar(bar)
            }
            ProgressMode::Lines => Progress::Lines(Mutex::new(0), total),
            ProgressMode::Quiet => Progress::Quiet,
        }
    }

    fn done(&self, o: &JobOutcome) {
        let text = match o.status {
            "ok" => format!("{} {}: {} file(s)", o.report, o.period, o.outputs.len()),
            _ => format!("{} {}: FAILED", o.report, o.period),
        };
        match self {
            Progress::Bar(bar) => {
                bar.set_message(text);
                bar.inc(1);
            }
            Progress::Lines(n, total) => {
                let mut n = n.lock().unwrap_or_else(|e| e.into_inner());
                *n += 1;
                eprintln!("[{}/{}] {}", *n, total, text);
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// Render the jobs in parallel, write each report's files, and return the outcomes in job order.
pub fn execute(ctx: &RunContext<'_>, out_dir: &Path, jobs: &[Job], mode: ProgressMode) -> Vec<JobOutcome> {
    let progress = Progress::new(mode, jobs.len() as u64);
    let outcomes = jobs
        .par_iter()
        .map(|job| {
            let o = execute_one(ctx, out_dir, job);
            progress.done(&o);
            o
        })
        .collect();
    progress.finish();
    outcomes
}

fn execute_one(ctx: &RunContext<'_>, out_dir: &Path, job: &Job) -> JobOutcome {
    let mut o = JobOutcome {
        report: job.id.clone(),
        period: job.period.to_string(),
        due: job.due.map(|d| d.format("%Y-%m-%d").to_string()),
        status: "ok",
        error: None,
        outputs: Vec::new(),
        write_failed: false,
    };
    let render = match crate::reports::registry::find(&job.id) {
        Some(ReportSpec {
            render: Some(f),
            inputs,
            ..
        }) => {
            if let Err(e) = ctx.require(inputs) {
                o.status = "failed";
                o.error = Some(format!("{e:#}"));
                return o;
            }
            f
        }
        Some(_) => {
            o.status = "not_available";
            o.error = Some(format!(
                "report `{}` is not available in this build (its module is not included); nothing was written for it",
                job.id
            ));
            return o;
        }
        None => {
            o.status = "failed";
            o.error = Some(unknown_report(&job.id).to_string());
            return o;
        }
    };
    // A panic inside one report must not take the others down.
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(ctx, &job.period)));
    let files = match rendered {
        Ok(Ok(files)) => files,
        Ok(Err(e)) => {
            o.status = "failed";
            o.error = Some(format!("{e:#}"));
            return o;
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            o.status = "failed";
            o.error = Some(format!("internal error while rendering: {what}"));
            return o;
        }
    };
    match crate::output::write_set(out_dir, &files) {
        Ok(()) => o.outputs = file_entries(&files),
        Err(e) => {
            o.status = "failed";
            o.error = Some(format!("{e:#}"));
            o.write_failed = true;
        }
    }
    o
}

/// What the inputs gave: the records, and the kinds that could not be read.
pub struct LoadedInputs {
    /// Every record.
    pub data: Dataset,
    /// `(kind, reason)` for every input kind that could not be read.
    pub failed: Vec<(String, String)>,
    /// The inputs' problems (errors and warnings), as `zhidu check` lists them.
    pub problems: Vec<crate::error::Problem>,
    /// Every file read, with its hash.
    pub files: Vec<InputEntry>,
}

/// Read every input once for the whole run.
pub fn load_inputs(project: &Project) -> anyhow::Result<LoadedInputs> {
    let loaded = crate::ingest::load(project);
    let files = loaded
        .files
        .into_iter()
        .map(|f| InputEntry {
            kind: f.kind.id().to_string(),
            file: FileEntry {
                path: f.path,
                sha256: f.sha256,
                bytes: f.bytes,
            },
        })
        .collect();
    Ok(LoadedInputs {
        data: loaded.data,
        failed: loaded.failed_inputs,
        problems: loaded.problems,
        files,
    })
}

/// Run a whole batch for a project: plan, load, render, write, manifest.
/// Returns the manifest and the exit code.
pub fn run_batch(
    project: &Project,
    request: &RunRequest,
    run_date: NaiveDate,
    mode: ProgressMode,
) -> anyhow::Result<(Manifest, Exit)> {
    let calendar = Calendar::new(&project.config.reports);
    let jobs = plan(&calendar, request, run_date)?;
    let out_dir = project.path(&project.config.render.output_dir);
    let loaded = load_inputs(project)?;
    let renderer = Renderer::new(project)?;
    let ctx = RunContext {
        project,
        data: &loaded.data,
        failed_inputs: &loaded.failed,
        renderer: &renderer,
    };
    let reports = execute(&ctx, &out_dir, &jobs, mode);
    let exit = if reports.iter().any(|r| r.write_failed) {
        Exit::Internal
    } else if reports.iter().any(|r| r.status != "ok") {
        Exit::BadInput
    } else {
        Exit::Success
    };
    let manifest = Manifest {
        tool: "zhidu",
        version: env!("CARGO_PKG_VERSION"),
        run_date: run_date.format("%Y-%m-%d").to_string(),
        request: describe(request),
        config_sha256: sha256_hex(project.config_text.as_bytes()),
        inputs: loaded.files,
        failed_inputs: loaded.failed.clone(),
        input_problems: loaded.problems.len(),
        input_problem_list: loaded.problems,
        reports,
    };
    let path = out_dir
        .join(run_date.format("%Y-%m-%d").to_string())
        .join("manifest.json");
    let mut text = serde_json::to_string_pretty(&manifest)?;
    text.push('\n');
    crate::output::write_file(&path, text.as_bytes())?;
    Ok((manifest, exit))
}

fn describe(r: &RunRequest) -> String {
    match r {
        RunRequest::Date(d) => format!("--date {d}"),
        RunRequest::Range(a, b) => format!("--from {a} --to {b}"),
        RunRequest::One { id, period: Some(p) } => format!("--report {id} --period {p}"),
        RunRequest::One { id, period: None } => format!("--report {id}"),
    }
}

/// The command: parse the request, run the batch, print the summary.
#[allow(clippy::too_many_arguments)] // one argument per command-line flag
pub fn run(
    cli: &Cli,
    date: Option<NaiveDate>,
    report: Option<&str>,
    period: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    run_date: Option<NaiveDate>,
) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let (request, default_run_date) = match (date, report, from, to) {
        (Some(d), None, None, None) => (RunRequest::Date(d), Some(d)),
        (None, None, Some(a), Some(b)) => {
            if a > b {
                return Err(UserError::Other(format!("--from {a} is after --to {b}")).into());
            }
            (RunRequest::Range(a, b), Some(b))
        }
        (None, Some(id), None, None) => {
            let p = match period {
                Some(text) => Some(Period::parse(text).ok_or_else(|| {
                    UserError::Other(format!(
                        "--period \"{text}\" is not a period (expected 2026-11 or 2026-11-18..2026-11-24)"
                    ))
                })?),
                None => None,
            };
            let end = p.map(|p| p.end);
            (
                RunRequest::One {
                    id: id.to_string(),
                    period: p,
                },
                end,
            )
        }
        _ => {
            eprintln!("error: give --date D, or --report ID --period P, or --from A --to B");
            return Ok(Exit::Usage);
        }
    };
    if let RunRequest::One { id, .. } = &request {
        if crate::reports::registry::find(id).is_none() {
            eprintln!("error: {}", unknown_report(id));
            return Ok(Exit::Usage);
        }
    }
    let Some(run_date) = run_date.or(default_run_date) else {
        return Err(
            UserError::Other("this report covers no period: give --run-date YYYY-MM-DD".into()).into(),
        );
    };
    let mode = if cli.quiet {
        ProgressMode::Quiet
    } else if std::io::stderr().is_terminal() {
        ProgressMode::Bar
    } else {
        ProgressMode::Lines
    };
    let (manifest, exit) = run_batch(&project, &request, run_date, mode)?;
    let out_dir = project.config.render.output_dir.clone();
    let ok = manifest.reports.iter().filter(|r| r.status == "ok").count();
    let failed: Vec<&JobOutcome> = manifest.reports.iter().filter(|r| r.status != "ok").collect();
    if !cli.quiet {
        if manifest.reports.is_empty() {
            println!("nothing falls due ({}); manifest written", manifest.request);
        } else {
            println!(
                "rendered {ok} of {} report(s); manifest: {out_dir}/{}/manifest.json",
                manifest.reports.len(),
                manifest.run_date
            );
        }
    }
    if cli.verbose {
        for r in manifest.reports.iter().filter(|r| r.status == "ok") {
            for f in &r.outputs {
                println!("  wrote {out_dir}/{}  sha256 {}", f.path, f.sha256);
            }
        }
        for p in &manifest.input_problem_list {
            eprintln!("  {p}");
        }
    }
    if !cli.quiet && !cli.verbose && manifest.input_problems > 0 {
        eprintln!(
            "note: the inputs have {} problem(s); `zhidu check` lists them with file, sheet and cell",
            manifest.input_problems
        );
    }
    if !failed.is_empty() {
        eprintln!("{} report(s) failed:", failed.len());
        for f in failed {
            eprintln!(
                "  {} {}: {}",
                f.report,
                f.period,
                f.error.as_deref().unwrap_or("")
            );
        }
    }
    Ok(exit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn plans_a_day_a_range_and_one_report() {
        let cal = Calendar::new(&Config::default().reports);
        let jobs = plan(&cal, &RunRequest::Date(d("2026-11-25")), d("2026-11-25")).expect("plan");
        let ids: Vec<(&str, String)> = jobs
            .iter()
            .map(|j| (j.id.as_str(), j.period.to_string()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("weekly", "2026-11-18..2026-11-24".to_string()),
                ("monthly", "2026-10".to_string()),
                ("csat", "2026-10".to_string()),
            ]
        );
        // 11-25 … 12-01: the three above, ops-weekly on 11-28, deductions and slips on 12-01.
        let jobs = plan(
            &cal,
            &RunRequest::Range(d("2026-11-25"), d("2026-12-01")),
            d("2026-12-01"),
        )
        .expect("plan");
        assert_eq!(jobs.len(), 6);
        let one = RunRequest::One {
            id: "csat".into(),
            period: Period::parse("2026-10"),
        };
        assert_eq!(plan(&cal, &one, d("2026-10-31")).expect("plan").len(), 1);
        let missing = RunRequest::One {
            id: "csat".into(),
            period: None,
        };
        assert!(plan(&cal, &missing, d("2026-10-31")).is_err());
        let manual = RunRequest::One {
            id: "manual".into(),
            period: None,
        };
        let jobs = plan(&cal, &manual, d("2026-12-01")).expect("plan");
        assert_eq!(jobs[0].period.to_string(), "2026-12-01..2026-12-01");
    }
}
