//! `zhidu manual`: typeset the policy manual (制度手册) and its clause index from the
//! chapter sources and the current settings, into `outputs/manual/`.

use crate::cli::Cli;
use crate::config::Project;
use crate::error::Exit;
use crate::output::term;

/// Render `manual/制度手册.pdf` and `manual/制度条款索引.xlsx` under the output folder.
/// Consistency warnings (figures typed into the sources) are printed; errors stop the run.
pub fn run(cli: &Cli) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    let written = crate::batch::manual(&project)?;
    if !cli.quiet {
        for w in &written.warnings {
            term::errln(&w.to_string());
        }
        for f in &written.files {
            term::outln(&crate::msg!("cmd.wrote", path = f.display().to_string()).to_string())?;
        }
    }
    Ok(Exit::Success)
}
