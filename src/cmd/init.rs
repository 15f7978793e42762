//! `zhidu init DIR`: a new project folder ([`crate::scaffold::init`]), and what
//! to do next.

use std::path::Path;

use crate::cli::{Cli, InitArgs};
use crate::error::Exit;
use crate::output::term;
use crate::scaffold::{self, InitDone, InitRequest};

/// Write the project and say what was written, what was kept and what comes next.
pub fn run(cli: &Cli, args: &InitArgs) -> anyhow::Result<Exit> {
    let done = scaffold::init(InitRequest {
        dir: &args.dir,
        sample: args.sample,
        force: args.force,
        lang: crate::i18n::Lang::current(),
    })?;
    if !cli.quiet {
        term::out(&report(&args.dir, args.sample, &done))?;
    }
    Ok(Exit::Success)
}

/// The lines `init` prints.
fn report(dir: &Path, sample: bool, done: &InitDone) -> String {
    let d = dir.display();
    let d = d.to_string();
    let mut s = format!(
        "{}\n",
        crate::msg!("cmd.init_wrote", n = done.written.len(), dir = &d)
    );
    if !done.kept.is_empty() {
        s.push_str(&format!(
            "{}\n",
            crate::msg!("cmd.init_kept", n = done.kept.len())
        ));
        for p in &done.kept {
            s.push_str(&format!("  {}\n", p.display()));
        }
    }
    if sample {
        s.push_str(&format!("{}\n", crate::msg!("cmd.init_next_sample", dir = &d)));
    } else {
        s.push_str(&format!("{}\n", crate::msg!("cmd.init_next", dir = &d)));
    }
    s.push_str(&format!("{}\n", crate::msg!("cmd.init_templates")));
    s
}
