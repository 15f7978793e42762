//! The batch: plan a run from the report calendar, take the project's run lock,
//! clean up after killed runs, read the inputs once, refuse the reports whose
//! inputs have errors ([`gate`]), render the others in parallel (each failure
//! isolated) into stages, swap each report's set in whole, record the run in
//! `outputs/<run-date>/manifest.json` and append it to `outputs/runs.jsonl`.

mod figures;
pub mod gate;
mod jobs;
mod manifest;
mod plan;
mod progress;
pub mod runs;

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::{PeriodRule, Project};
use crate::error::{Exit, Problem};
use crate::i18n::Text;
use crate::output::lock::RunLock;
use crate::output::sha256_hex;
use crate::output::stage::{self, DocumentSink, Leftover, SetChange, SetKey, Stage};
use crate::render::Renderer;
use crate::reports::registry::ReportSpec;
use crate::reports::RunContext;
use crate::schedule::Calendar;

pub use figures::{Figure, NoticeOwner};
pub use jobs::{check, manual, new_slip, slip_forms, FormSelection, Written};
pub use manifest::{FileEntry, InputEntry, JobOutcome, JobStatus, Manifest};
pub use plan::{plan, Job, RunRequest};
use progress::Progress;
pub use progress::ProgressMode;
use runs::RunRecord;
pub use runs::RunsLogWriter;

/// How long a command waits for another one writing in the same project before
/// giving up, unless told otherwise (`run --wait`).
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(600);

/// How a run waits for the run lock.
#[derive(Debug, Clone, Copy)]
pub struct LockWait {
    /// The longest wait; zero tries once.
    pub wait: Duration,
    /// Whether to keep quiet while waiting (else one line on stderr says who holds it).
    pub quiet: bool,
}

impl Default for LockWait {
    fn default() -> LockWait {
        LockWait {
            wait: DEFAULT_LOCK_WAIT,
            quiet: false,
        }
    }
}

/// Take the project's run lock for `what` (`run --date 2026-11-25`), telling the
/// user once on stderr while another command holds it; open the runs log; and
/// clean up what killed runs left (see [`stage::recover`]).
pub fn lock_outputs(
    out_dir: &Path,
    what: &str,
    wait: LockWait,
) -> anyhow::Result<(RunLock, RunsLogWriter, Vec<Leftover>)> {
    // A file where the output folder (or a folder above it) should be is the
    // user's to move, not a failure of the machine.
    if let Some(a) = out_dir.ancestors().find(|a| std::fs::metadata(a).is_ok()) {
        if !a.is_dir() {
            return Err(crate::error::UserError::config(crate::msg!(
                "batch.output_dir_blocked",
                path = a.display().to_string(),
                dir = out_dir.display().to_string()
            ))
            .into());
        }
    }
    let holder = format!("pid {}: zhidu {what}", std::process::id());
    let lock = RunLock::acquire(out_dir, wait.wait, &holder, |h| {
        if !wait.quiet {
            let holder = match h {
                Some(h) => Text::raw(h),
                None => crate::msg!("batch.holder_unknown"),
            };
            let line = crate::msg!("batch.waiting", holder = holder, secs = wait.wait.as_secs());
            crate::output::term::errln(&line.to_string());
        }
    })?;
    let log = RunsLogWriter::open(&lock)?;
    let leftovers = stage::recover(&lock)?;
    Ok((lock, log, leftovers))
}

/// A line for each cleaned-up stage, for messages and the runs log.
pub fn describe_leftovers(leftovers: &[Leftover]) -> Vec<Text> {
    leftovers
        .iter()
        .map(|l| match l {
            Leftover::Unfinished(p) => {
                crate::msg!("batch.leftover_unfinished", path = p.display().to_string())
            }
            Leftover::Committed(p) => crate::msg!("batch.leftover_committed", path = p.display().to_string()),
            Leftover::RolledBack(p) => {
                crate::msg!("batch.leftover_rolled_back", path = p.display().to_string())
            }
        })
        .collect()
}

/// What a batch shares between its jobs.
struct Execution<'a> {
    ctx: &'a RunContext<'a>,
    lock: &'a RunLock,
    loaded: &'a LoadedInputs,
    /// Swaps run one at a time (renders in parallel): two reports never move
    /// files in the same folders at once.
    swap: Mutex<()>,
    max_problems: usize,
}

/// Render the jobs in parallel, write each report's files, and return the outcomes in job order.
fn execute(x: &Execution<'_>, jobs: &[Job], mode: ProgressMode) -> Vec<JobOutcome> {
    let progress = Progress::new(mode, jobs.len() as u64);
    let outcomes = jobs
        .par_iter()
        .map(|job| {
            let o = execute_one(x, job);
            progress.done(&o);
            o
        })
        .collect();
    progress.finish();
    outcomes
}

/// The set a job writes: its report and period (no period for a report that covers none).
fn set_key(project: &Project, job: &Job) -> SetKey {
    let none = project
        .config
        .reports
        .get(&job.id)
        .is_some_and(|r| r.period == PeriodRule::None);
    SetKey {
        report: job.id.clone(),
        period: (!none).then(|| job.period.dir_name()),
    }
}

/// The message of a panic's payload.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Whether an error comes from the file system (disk full, permissions): exit 3.
fn is_io(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<std::io::Error>())
}

fn execute_one(x: &Execution<'_>, job: &Job) -> JobOutcome {
    let due = job.due.map(|d| d.format("%Y-%m-%d").to_string());
    let mut o = JobOutcome::failed(&job.id, job.period.to_string(), due, Text::raw(""));
    let Some(spec) = crate::reports::registry::find(&job.id) else {
        o.error = Some(crate::msg!(
            "cli.not_a_report",
            id = &job.id,
            expected = crate::reports::registry::id_list()
        ));
        return o;
    };
    let Some(render) = spec.render else {
        o.status = JobStatus::NotAvailable;
        o.error = Some(crate::msg!("batch.not_available", id = &job.id));
        return o;
    };
    let (verdict, attendance) = gate::judge_keeping(
        &x.ctx.project.config,
        spec,
        &job.period,
        &gate::GateInputs::of_run(x.loaded),
    );
    if verdict.refusal.is_none() && spec.id == crate::reports::registry::DEDUCTIONS.id {
        gate::passed::PassMark::of(x.ctx.project, spec, &job.period, x.loaded).set();
    }
    let evaluated = attendance.map(|a| crate::reports::Evaluated::new(job.period, a));
    let (listed, refusal) = match verdict.refusal {
        Some(r) => (r.problems, Some(r.reason)),
        None => (verdict.set_aside.clone(), None),
    };
    o.problems_not_listed = listed.len().saturating_sub(x.max_problems);
    o.problems = listed;
    o.problems.truncate(x.max_problems);
    if let Some(reason) = refusal {
        o.error = Some(reason);
        return o;
    }
    let ctx = RunContext {
        set_aside: &verdict.set_aside,
        evaluated: evaluated.as_ref(),
        ..*x.ctx
    };
    let mut stage = match Stage::new(x.lock, Some(&set_key(x.ctx.project, job))) {
        Ok(s) => s,
        Err(e) => {
            o.error = Some(crate::error::error_text(&e));
            o.write_failed = true;
            return o;
        }
    };
    // A panic inside one report must not take the others down.
    let mut note = None;
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut sink = figures::Noting {
            sink: &mut stage,
            note: None,
        };
        let r = render(&ctx, &job.period, &mut sink);
        note = sink.note;
        r
    }));
    match rendered {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            o.error = Some(crate::error::error_text(&e));
            o.write_failed = is_io(&e);
            return o;
        }
        Err(panic) => {
            o.error = Some(crate::msg!("batch.render_panicked", panic = panic_text(&*panic)));
            return o;
        }
    }
    let committed = {
        let _one_at_a_time = x.swap.lock().unwrap_or_else(|e| e.into_inner());
        stage.commit()
    };
    match committed {
        Ok(SetChange { written, removed }) => {
            o.status = JobStatus::Ok;
            o.error = None;
            o.outputs = written;
            o.removed = removed;
            match note {
                Some(note) => {
                    o.figures = note.figures;
                    o.notices = note.notices;
                }
                None => {
                    // The files are in place: a fault in the figures only leaves them out.
                    let figures = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        figures::of(&job.id, x.ctx, &job.period)
                    }));
                    o.figures = figures.unwrap_or_default();
                }
            }
        }
        Err(e) => {
            o.error = Some(crate::error::error_text(&e));
            // A folder in a file's way is the user's to move; anything else is the machine's.
            o.write_failed = Exit::of_error(&e) == Exit::Internal;
        }
    }
    o
}

/// What the inputs gave: the records, and the kinds that could not be read.
pub struct LoadedInputs {
    /// Every record.
    pub data: crate::model::Dataset,
    /// `(kind, reason)` for every input kind that could not be read.
    pub failed: Vec<(String, String)>,
    /// The inputs' problems (errors and warnings), as `zhidu check` lists them.
    pub problems: Vec<Problem>,
    /// One entry per sheet read (or file not read), with its input kind.
    pub summaries: Vec<crate::ingest::InputSummary>,
    /// Every file read, with its hash.
    pub files: Vec<InputEntry>,
    /// The person each cell with an error belongs to, when its row names one.
    pub people: crate::ingest::ProblemPeople,
}

/// Read every input once for the whole run.
pub fn load_inputs(project: &Project) -> anyhow::Result<LoadedInputs> {
    let mut loaded = crate::ingest::load(project);
    loaded.data.shrink_to_fit();
    let files = loaded.files.into_iter().map(InputEntry::from).collect();
    Ok(LoadedInputs {
        data: loaded.data,
        failed: loaded.failed_inputs,
        problems: loaded.problems,
        summaries: loaded.inputs,
        files,
        people: loaded.people,
    })
}

/// What a run does last, still holding the run lock, once its line is in the
/// runs log: `zhidu run` writes the run's page (`outputs/<run-date>/index.html`)
/// and the list of runs (`outputs/index.html`) through it. It receives the
/// project, the lock and the run date.
pub type AfterRun = fn(&Project, &RunLock, NaiveDate) -> anyhow::Result<()>;

/// How `run` shows progress and waits for the run lock.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Progress on stderr.
    pub progress: ProgressMode,
    /// How long to wait for another command writing in the project.
    pub lock: LockWait,
    /// Called last, under the run lock (the run's page); `None` for none.
    pub after_run: Option<AfterRun>,
}

/// What a run did besides its manifest: stage folders of killed runs it cleaned
/// up, and whether its last step ([`RunOptions::after_run`]) failed.
#[derive(Debug, Clone, Default)]
pub struct RunNotes {
    /// One line per stage folder found and cleaned up.
    pub recovered: Vec<Text>,
    /// Why the last step failed (the documents and the runs log are written).
    pub after_run_error: Option<String>,
}

/// Run a whole batch for a project: plan, lock, load, render, swap, manifest, runs
/// log. Returns the manifest (written only when something fell due), notes, and
/// the exit code. Every run that took the lock adds its line to the runs log,
/// also one that failed as a whole.
pub fn run_batch(
    project: &Project,
    request: &RunRequest,
    run_date: NaiveDate,
    options: RunOptions,
) -> anyhow::Result<(Manifest, RunNotes, Exit)> {
    let calendar = Calendar::new(&project.config.reports);
    let jobs = plan(&calendar, request, run_date)?;
    let out_dir = project.path(&project.config.render.output_dir);
    let (lock, mut log, leftovers) =
        lock_outputs(&out_dir, &format!("run {}", request.describe()), options.lock)?;
    let mut record = RunRecord::new("run", request.describe());
    record.run_date = Some(run_date.format("%Y-%m-%d").to_string());
    record.config_sha256 = Some(sha256_hex(project.config_text.as_bytes()));
    record.recovered = describe_leftovers(&leftovers);
    let mut notes = RunNotes {
        recovered: record.recovered.clone(),
        after_run_error: None,
    };
    let result = run_locked(project, &lock, &jobs, request, run_date, options, &mut record);
    match &result {
        Ok((_, exit)) => record.exit = *exit as u8,
        Err(e) => {
            record.exit = Exit::of_error(e) as u8;
            record.error = Some(crate::i18n::RECORD_LANG.scoped(|| format!("{e:#}")));
        }
    }
    record.time = runs::now_utc();
    let logged = log.append(&record);
    let (manifest, exit) = result?;
    logged?;
    if let Some(after) = options.after_run {
        notes.after_run_error = after(project, &lock, run_date).err().map(|e| format!("{e:#}"));
    }
    Ok((manifest, notes, exit))
}

fn run_locked(
    project: &Project,
    lock: &RunLock,
    jobs: &[Job],
    request: &RunRequest,
    run_date: NaiveDate,
    options: RunOptions,
    record: &mut RunRecord,
) -> anyhow::Result<(Manifest, Exit)> {
    let loaded = load_inputs(project)?;
    record.inputs = loaded.files.clone();
    record.failed_inputs = loaded.failed.clone();
    record.input_problems = loaded.problems.len();
    record.input_problem_sample = loaded
        .problems
        .iter()
        .take(runs::PROBLEMS_KEPT)
        .cloned()
        .collect();
    let renderer = Renderer::new(project)?;
    let ctx = RunContext {
        project,
        data: &loaded.data,
        failed_inputs: &loaded.failed,
        set_aside: &[],
        renderer: &renderer,
        evaluated: None,
    };
    let x = Execution {
        ctx: &ctx,
        lock,
        loaded: &loaded,
        swap: Mutex::new(()),
        max_problems: project.config.check.max_problems,
    };
    let reports = execute(&x, jobs, options.progress);
    record.reports = reports.clone();
    let exit = if reports.iter().any(|r| r.write_failed) {
        Exit::Internal
    } else if reports.iter().any(|r| !r.is_ok()) {
        Exit::BadInput
    } else {
        Exit::Success
    };
    let manifest = Manifest {
        tool: "zhidu",
        version: env!("CARGO_PKG_VERSION"),
        run_date: run_date.format("%Y-%m-%d").to_string(),
        request: request.describe(),
        config_sha256: sha256_hex(project.config_text.as_bytes()),
        inputs: loaded.files,
        failed_inputs: loaded.failed.clone(),
        input_problems: loaded.problems.len(),
        input_problem_list: loaded.problems,
        reports,
    };
    // A run with nothing due makes no folder: the runs log has its line.
    if !manifest.reports.is_empty() {
        manifest.write(lock.out_dir(), run_date)?;
    }
    Ok((manifest, exit))
}

/// Write one set of documents outside a calendar run (`manual`, `slip form`,
/// `slip new`): under the run lock, staged and swapped in whole, recorded in the
/// runs log as `command` with `request`. With a `key` the files of the key's
/// previous set that this one lacks are removed.
pub(crate) fn write_one_set(
    project: &Project,
    command: &str,
    request: String,
    key: Option<SetKey>,
    render: impl FnOnce(&mut dyn DocumentSink) -> anyhow::Result<()>,
) -> anyhow::Result<SetChange> {
    let out_dir = project.path(&project.config.render.output_dir);
    let (lock, mut log, leftovers) =
        lock_outputs(&out_dir, &format!("{command} {request}"), LockWait::default())?;
    let mut record = RunRecord::new(command, request.clone());
    record.config_sha256 = Some(sha256_hex(project.config_text.as_bytes()));
    record.recovered = describe_leftovers(&leftovers);
    let result = (|| {
        let mut stage = Stage::new(&lock, key.as_ref())?;
        render(&mut stage)?;
        stage.commit()
    })();
    let mut outcome = JobOutcome::failed(
        key.as_ref().map_or(command, |k| k.report.as_str()),
        key.as_ref().and_then(|k| k.period.clone()).unwrap_or_default(),
        None,
        Text::raw(""),
    );
    match &result {
        Ok(change) => {
            outcome.status = JobStatus::Ok;
            outcome.error = None;
            outcome.outputs = change.written.clone();
            outcome.removed = change.removed.clone();
        }
        Err(e) => {
            outcome.error = Some(crate::error::error_text(e));
            record.exit = Exit::of_error(e) as u8;
            record.error = Some(crate::i18n::RECORD_LANG.scoped(|| format!("{e:#}")));
        }
    }
    record.reports.push(outcome);
    record.time = runs::now_utc();
    let logged = log.append(&record);
    let change = result?;
    logged?;
    Ok(change)
}

/// The keys of a report's sets, for callers outside a calendar run.
pub(crate) fn report_key(spec: &ReportSpec, period: Option<&crate::model::Period>) -> SetKey {
    SetKey {
        report: spec.id.to_string(),
        period: period.map(|p| p.dir_name()),
    }
}
