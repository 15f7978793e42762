//! The batch: plan a run from the report calendar, read the inputs once, render
//! the reports in parallel (each failure isolated), write each report's files as
//! a set, and record the run in `outputs/<run-date>/manifest.json`.

mod jobs;
mod manifest;
mod plan;
mod progress;

use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Project;
use crate::error::Exit;
use crate::model::Dataset;
use crate::output::sha256_hex;
use crate::render::Renderer;
use crate::reports::registry::ReportSpec;
use crate::reports::RunContext;
use crate::schedule::Calendar;

pub use jobs::{check, manual, new_slip, slip_forms, FormSelection, Written};
pub use manifest::{file_entries, FileEntry, InputEntry, JobOutcome, Manifest};
pub(crate) use plan::unknown_report;
pub use plan::{plan, Job, RunRequest};
use progress::Progress;
pub use progress::ProgressMode;

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
    let files = loaded.files.into_iter().map(InputEntry::from).collect();
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
        request: request.describe(),
        config_sha256: sha256_hex(project.config_text.as_bytes()),
        inputs: loaded.files,
        failed_inputs: loaded.failed.clone(),
        input_problems: loaded.problems.len(),
        input_problem_list: loaded.problems,
        reports,
    };
    manifest.write(&out_dir, run_date)?;
    Ok((manifest, exit))
}
