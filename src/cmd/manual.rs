//! `zhidu manual`: typeset the policy manual (制度手册) and its clause index from the
//! chapter sources and the current settings, into `outputs/manual/`.

use crate::cli::Cli;
use crate::config::Project;
use crate::error::{Exit, ProblemSeverity};
use crate::model::Dataset;
use crate::render::Renderer;
use crate::reports::{manual, RunContext};

/// Render `manual/制度手册.pdf` and `manual/制度条款索引.xlsx` under the output folder.
/// Consistency warnings (figures typed into the sources) are printed; errors stop the run.
pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let sources = manual::chapter_sources(&project.root)?;
    if !cli.quiet {
        for p in manual::consistency_problems(&project.config, &sources)
            .iter()
            .filter(|p| p.severity == ProblemSeverity::Warning)
        {
            eprintln!("{p}");
        }
    }
    let renderer = Renderer::new(&project)?;
    // The manual reads no exports: it is made from the settings and the chapter sources.
    let data = Dataset::default();
    let ctx = RunContext {
        project: &project,
        data: &data,
        failed_inputs: &[],
        renderer: &renderer,
    };
    let files = manual::render(&ctx, None)?;
    let out_dir = project.path(&project.config.render.output_dir);
    crate::output::write_set(&out_dir, &files)?;
    if !cli.quiet {
        for f in &files {
            println!("wrote {}", out_dir.join(&f.path).display());
        }
    }
    Ok(Exit::Success)
}
