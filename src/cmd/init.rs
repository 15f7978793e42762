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
    let mut s = format!("wrote {} file(s) into {d}\n", done.written.len());
    if !done.kept.is_empty() {
        s.push_str(&format!(
            "kept {} existing input file(s), not overwritten by --force:\n",
            done.kept.len()
        ));
        for p in &done.kept {
            s.push_str(&format!("  {}\n", p.display()));
        }
    }
    if sample {
        s.push_str(&format!(
            "the inputs are a sample department's November 2026; next: zhidu --project {d} run --date 2026-11-30\n"
        ));
    } else {
        s.push_str(&format!(
            "inputs/ has one header-only workbook per kind of export (required columns filled yellow): \
             put your exports there, or point [inputs.*] path in zhidu.toml at them; next: zhidu --project {d} check\n"
        ));
    }
    s.push_str("the built-in templates are used; `zhidu templates list` shows them, `zhidu templates copy NAME` copies one to edit\n");
    s
}
