//! `zhidu templates list` and `zhidu templates copy NAME`: the built-in templates
//! and the project's copies of them ([`crate::scaffold::templates`]).

use crate::cli::{Cli, TemplatesCommand};
use crate::config::Project;
use crate::error::Exit;
use crate::output::term;
use crate::scaffold::templates::{self, BuiltIn};

/// Run `zhidu templates …`.
pub fn run(cli: &Cli, command: &TemplatesCommand) -> anyhow::Result<Exit> {
    match command {
        TemplatesCommand::List => {
            term::out(&list_text(&templates::list(&cli.project)))?;
        }
        TemplatesCommand::Copy { name, force } => {
            let project = Project::load(&cli.project)?;
            let path = templates::copy(&project.root, name, *force)?;
            if !cli.quiet {
                term::outln(&crate::msg!("templates.copied", path = path.display().to_string()).to_string())?;
            }
        }
    }
    Ok(Exit::Success)
}

/// The list: one line per template, aligned.
fn list_text(list: &[BuiltIn]) -> String {
    let width = list.iter().map(|t| t.name.len()).max().unwrap_or(0);
    let mut s = format!("{}\n", crate::msg!("templates.list_heading"));
    for t in list {
        s.push_str(&format!(
            "  {:<width$}  {}  [{}]\n",
            t.name,
            t.renders,
            t.state.describe()
        ));
    }
    s
}
