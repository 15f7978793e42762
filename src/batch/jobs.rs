//! The jobs of the other commands: `check` (read everything), and the documents
//! made outside a calendar run: slip forms (`slip form`), a new slip and its form
//! (`slip new`) and the policy manual (`manual`), each written under the output
//! folder as one set.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Project;
use crate::error::ProblemSeverity;
use crate::i18n::Text;
use crate::ingest::Loaded;
use crate::model::{Dataset, Period};
use crate::output::stage::SetChange;
use crate::register::{AddedSlip, NewSlip};
use crate::render::Renderer;
use crate::reports::{manual, slips, RunContext};

/// The commands as the runs log names them.
const SLIP_FORM: &str = "slip form"; // not a message
const SLIP_NEW: &str = "slip new"; // not a message

/// What a job wrote, and what it found worth a warning.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// The files written, as paths under the project folder.
    pub files: Vec<PathBuf>,
    /// Warnings to show the user (one line each).
    pub warnings: Vec<Text>,
}

/// Read every input and check the manual's chapters against the settings: what
/// `zhidu check` reports.
pub fn check(project: &Project) -> Loaded {
    let mut loaded = crate::ingest::load(project);
    // The policy manual must state every rule the engine applies, with every
    // figure bound to a setting: its problems are checked alongside the inputs.
    loaded.problems.extend(manual::project_problems(project));
    // What would stop `run` before any report: the templates, the font, the output folder.
    loaded.problems.extend(renderer_problems(project));
    loaded.problems.extend(output_problems(project));
    loaded
}

/// Templates that do not compile, a font that cannot be used, and a report whose
/// `[reports.<id>].template` names no template.
fn renderer_problems(project: &Project) -> Vec<crate::error::Problem> {
    let pre = crate::render::preflight::preflight(project);
    let mut problems = pre.problems;
    for spec in crate::reports::registry::REPORTS
        .iter()
        .filter(|r| r.render.is_some())
    {
        let t = spec.template_file(&project.config);
        if !pre.names.contains(&t) {
            problems.push(crate::error::Problem::file_error(
                "zhidu.toml",
                crate::msg!("batch.no_such_template", id = spec.id, template = &t),
            ));
        }
    }
    problems
}

/// An output folder `run` could not write into: not a folder, or its runs log or
/// run lock replaced by a link (never followed).
fn output_problems(project: &Project) -> Vec<crate::error::Problem> {
    use crate::error::Problem;
    let rel = &project.config.render.output_dir;
    let dir = project.path(rel);
    let mut problems = Vec::new();
    match std::fs::metadata(&dir) {
        Ok(m) if !m.is_dir() => problems.push(Problem::file_error(
            "zhidu.toml",
            crate::msg!("batch.output_dir_not_folder", dir = format!("{rel:?}")),
        )),
        _ => {}
    }
    for name in [super::runs::RUNS_LOG, crate::output::lock::RUN_LOCK_FILE] {
        let p = dir.join(name);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            problems.push(Problem::file_error(
                format!("{rel}/{name}"),
                crate::msg!("batch.symlink_not_followed"),
            ));
        }
    }
    problems
}

/// Which slips' forms to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormSelection {
    /// The slip with this number, into `outputs/slips/`.
    Number(String),
    /// Every slip issued in the period, into `outputs/<period>/slips/`.
    IssuedIn(Period),
}

/// The files of a set as paths under the project folder.
fn written(project: &Project, change: &SetChange, warnings: Vec<Text>) -> Written {
    let out_dir = project.path(&project.config.render.output_dir);
    Written {
        files: change.written.iter().map(|f| out_dir.join(&f.path)).collect(),
        warnings,
    }
}

/// Print the forms of the selected slips from the register; nothing is written
/// (and `files` is empty) when no slip matches the period.
pub fn slip_forms(project: &Project, selection: &FormSelection) -> anyhow::Result<Written> {
    let rows = crate::ingest::load_slips(project)?;
    let renderer = Renderer::new(project)?;
    let (numbers, dir) = match selection {
        FormSelection::Number(n) => (vec![n.clone()], PathBuf::from("slips")),
        FormSelection::IssuedIn(p) => (
            slips::numbers_issued_in(&rows, p),
            PathBuf::from(p.dir_name()).join("slips"),
        ),
    };
    if numbers.is_empty() {
        return Ok(Written::default());
    }
    let warnings = slips::duplicate_warnings(&rows, &numbers);
    let request = match selection {
        FormSelection::Number(n) => n.clone(),
        FormSelection::IssuedIn(p) => format!("--all --period {p}"),
    };
    let change = super::write_one_set(project, SLIP_FORM, request, None, |sink| {
        slips::render_forms(&renderer, project, &rows, &numbers, &dir, sink)
    })?;
    Ok(written(project, &change, warnings))
}

/// Number a new slip, append it to the register (keeping a backup) and print its
/// form. Returns the register's path as configured, what was added and the form.
pub fn new_slip(project: &Project, slip: &NewSlip) -> anyhow::Result<(String, AddedSlip, Written)> {
    let rel = crate::register::register_path(&project.config)?;
    let added = crate::register::add_slip(&project.path(&rel), &rel, &project.config, slip)?;
    let not_rendered = || crate::msg!("batch.slip_form_not_rendered", number = &added.number);
    let renderer = Renderer::new(project).with_context(not_rendered)?;
    let change = super::write_one_set(project, SLIP_NEW, added.number.clone(), None, |sink| {
        slips::render_forms(
            &renderer,
            project,
            &added.rows,
            std::slice::from_ref(&added.number),
            Path::new("slips"),
            sink,
        )
    })
    .with_context(not_rendered)?;
    Ok((rel, added, written(project, &change, Vec::new())))
}

/// Typeset the policy manual and its clause index from the settings and the
/// chapter sources. Consistency warnings (figures typed into the sources) are
/// returned; errors stop it.
pub fn manual(project: &Project) -> anyhow::Result<Written> {
    let sources = manual::chapter_sources(&project.root)?;
    let warnings = manual::consistency_problems(&project.config, &sources)
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Warning)
        .map(|p| {
            crate::msg!(
                "error.problem_warning",
                place = p.location(),
                message = &p.message
            )
        })
        .collect();
    let renderer = Renderer::new(project)?;
    // The manual reads no exports: it is made from the settings and the chapter sources.
    let data = Dataset::default();
    let ctx = RunContext {
        project,
        data: &data,
        failed_inputs: &[],
        set_aside: &[],
        renderer: &renderer,
        evaluated: None,
    };
    let key = super::report_key(&crate::reports::registry::MANUAL, None);
    let change = super::write_one_set(project, "manual", String::new(), Some(key), |sink| {
        manual::render(&ctx, None, sink)
    })?;
    Ok(written(project, &change, warnings))
}
