//! What `run` prints after the batch: every file written, grouped by report,
//! each path as it opens from the current folder; the same content as JSON for
//! schedulers (stable English keys); and, on standard error, the reports that
//! failed. The figures are the run's own outcomes, the ones its line of
//! `outputs/runs.jsonl` records.

use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::batch::runs::RUNS_LOG;
use crate::batch::{FileEntry, JobOutcome, JobStatus, Manifest, RunNotes};
use crate::cli::Cli;
use crate::config::Project;
use crate::error::{Exit, Problem};
use crate::i18n::Text;
use crate::output::term::{self, TermText};
use crate::reports::registry;

/// Where a run's documents went.
#[derive(Debug, Serialize)]
pub struct RunSummary<'a> {
    /// The run date, `2026-11-30`.
    pub run_date: &'a str,
    /// What was asked, as flags: `--date 2026-11-30`.
    pub request: &'a str,
    /// The exit code the run ends with.
    pub exit: u8,
    /// Whether nothing fell due: then nothing was written but the runs log's line.
    pub nothing_due: bool,
    /// The output folder.
    pub output_dir: String,
    /// The run's manifest (none when nothing fell due).
    pub manifest: Option<String>,
    /// The runs log, which has a line for every run.
    pub runs_log: String,
    /// How many problems the inputs have (`zhidu check` lists them).
    pub input_problems: usize,
    /// Stage folders of earlier, killed runs that were cleaned up first.
    pub recovered: &'a [Text],
    /// Every report of the run, in the run's order.
    pub reports: Vec<ReportWritten<'a>>,
}

/// One report of a run and the files it wrote.
#[derive(Debug, Serialize)]
pub struct ReportWritten<'a> {
    /// The report id, `deductions`.
    pub report: &'a str,
    /// Its Chinese title, 月度扣款表.
    pub title: &'static str,
    /// The period, `2026-11` or `2026-11-18..2026-11-24`.
    pub period: &'a str,
    /// The day it fell due (none for `--report`).
    pub due: Option<&'a str>,
    /// `ok`, `failed` or `not_available`.
    pub status: JobStatus,
    /// Why it failed.
    pub error: Option<&'a Text>,
    /// Every file written.
    pub files: Vec<FileWritten<'a>>,
    /// Files of the report's previous set that this one no longer has, removed.
    pub removed: Vec<FileWritten<'a>>,
    /// The problems that refused it (or that it set aside), at most `check.max_problems`.
    pub problems: &'a [Problem],
    /// How many more problems there were.
    pub problems_not_listed: usize,
}

/// One file written or removed.
#[derive(Debug, Serialize)]
pub struct FileWritten<'a> {
    /// The path, as it opens from the current folder.
    pub path: String,
    /// SHA-256, hex.
    pub sha256: &'a str,
    /// Size in bytes.
    pub bytes: u64,
}

impl<'a> RunSummary<'a> {
    /// The summary of a finished batch.
    pub fn new(project: &Project, manifest: &'a Manifest, notes: &'a RunNotes, exit: Exit) -> RunSummary<'a> {
        let out_dir = project.path(&project.config.render.output_dir);
        let cwd = std::env::current_dir().ok();
        let shown = |p: &Path| shown_path(p, cwd.as_deref());
        let file = |f: &'a FileEntry| FileWritten {
            path: shown(&out_dir.join(&f.path)),
            sha256: &f.sha256,
            bytes: f.bytes,
        };
        let reports = manifest
            .reports
            .iter()
            .map(|r: &'a JobOutcome| ReportWritten {
                report: &r.report,
                title: registry::find(&r.report).map_or("", |s| s.title),
                period: &r.period,
                due: r.due.as_deref(),
                status: r.status,
                error: r.error.as_ref(),
                files: r.outputs.iter().map(file).collect(),
                removed: r.removed.iter().map(file).collect(),
                problems: &r.problems,
                problems_not_listed: r.problems_not_listed,
            })
            .collect();
        let nothing_due = manifest.reports.is_empty();
        RunSummary {
            run_date: &manifest.run_date,
            request: &manifest.request,
            exit: exit as u8,
            nothing_due,
            output_dir: shown(&out_dir),
            manifest: (!nothing_due).then(|| shown(&out_dir.join(&manifest.run_date).join("manifest.json"))),
            runs_log: shown(&out_dir.join(RUNS_LOG)),
            input_problems: manifest.input_problems,
            recovered: &notes.recovered,
            reports,
        }
    }
}

/// A path as it opens from the current folder: the project folder as it was
/// given, joined with the file; an absolute path under the current folder is
/// shown relative to it, and `./` parts are dropped.
fn shown_path(path: &Path, cwd: Option<&Path>) -> String {
    let rel = match cwd.and_then(|c| path.strip_prefix(c).ok()) {
        Some(rel) if path.is_absolute() => rel,
        _ => path,
    };
    let clean: PathBuf = rel.components().filter(|c| *c != Component::CurDir).collect();
    match clean.as_os_str().is_empty() {
        true => ".".into(),
        false => clean.display().to_string(),
    }
}

/// Print the summary as one JSON object.
pub fn print_json(summary: &RunSummary<'_>) -> anyhow::Result<()> {
    term::json(&serde_json::to_string_pretty(summary)?)
}

/// Print the summary as text: a line for the run, then each report that was
/// written with its files (and with `--verbose` their SHA-256 and the files removed).
pub fn print_text(cli: &Cli, s: &RunSummary<'_>) -> anyhow::Result<()> {
    if cli.quiet {
        return Ok(());
    }
    for n in s.recovered {
        term::errln(&crate::msg!("run.recovered", what = n).to_string());
    }
    if s.nothing_due {
        term::outln(&crate::msg!("run.nothing_due", request = s.request, log = &s.runs_log).to_string())?;
        return Ok(());
    }
    let ok = s.reports.iter().filter(|r| r.status == JobStatus::Ok).count();
    term::outln(&crate::msg!("run.rendered", ok = ok, n = s.reports.len(), request = s.request).to_string())?;
    for r in s.reports.iter().filter(|r| r.status == JobStatus::Ok) {
        term::outln(&format!("  {} {} {}", r.title, r.report, r.period))?;
        for f in &r.files {
            match cli.verbose {
                true => term::outln(&format!("    {}  sha256 {}", f.path, f.sha256))?,
                false => term::outln(&format!("    {}", f.path))?,
            }
        }
        for f in r.removed.iter().filter(|_| cli.verbose) {
            let removed = crate::msg!("run.removed", path = &f.path, sha256 = f.sha256);
            term::outln(&format!("    {removed}"))?;
        }
    }
    if let Some(m) = &s.manifest {
        term::outln(&crate::msg!("run.manifest", path = m).to_string())?;
    }
    if !cli.verbose && s.input_problems > 0 {
        term::errln(&crate::msg!("run.input_problems", n = s.input_problems).to_string());
    }
    Ok(())
}

/// On standard error: with `--verbose` every input problem, and the reports that
/// failed with the problems that refused them.
pub fn print_failures(cli: &Cli, manifest: &Manifest) {
    if cli.verbose {
        for p in &manifest.input_problem_list {
            term::errln(&format!("  {p}"));
        }
    }
    let failed: Vec<&JobOutcome> = manifest.reports.iter().filter(|r| !r.is_ok()).collect();
    if failed.is_empty() {
        return;
    }
    let mut t = TermText::new(cli.use_color(std::io::stderr().is_terminal()));
    t.paint(&crate::msg!("run.failed", n = failed.len()).to_string(), "31");
    term::errln(&t);
    for f in failed {
        term::errln(&format!(
            "  {} {}: {}",
            f.report,
            f.period,
            f.error.as_ref().map(ToString::to_string).unwrap_or_default()
        ));
        for p in &f.problems {
            term::errln(&format!("    {p}"));
        }
        if f.problems_not_listed > 0 {
            let more = crate::msg!("run.more_problems", n = f.problems_not_listed);
            term::errln(&format!("    {more}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_open_from_the_current_folder() {
        let cwd = Path::new("/home/hr");
        let shown = |p: &str| shown_path(Path::new(p), Some(cwd));
        assert_eq!(
            shown("./outputs/2026-11/deductions.xlsx"),
            "outputs/2026-11/deductions.xlsx"
        );
        assert_eq!(shown("../proj/./outputs/a.pdf"), "../proj/outputs/a.pdf");
        assert_eq!(shown("."), ".");
        // Absolute paths (a Unix one: on Windows `/home` has no drive, so is not absolute).
        #[cfg(unix)]
        {
            assert_eq!(shown("/home/hr/客服部/outputs/a.pdf"), "客服部/outputs/a.pdf");
            assert_eq!(shown("/srv/zhidu/outputs/a.pdf"), "/srv/zhidu/outputs/a.pdf");
        }
    }
}
