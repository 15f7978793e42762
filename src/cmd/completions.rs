//! `zhidu completions SHELL` and `zhidu man`: the shell completion scripts
//! (clap_complete) and the man pages (clap_mangen), both made from the command
//! line's own definition, so they always match it.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Exit;

/// Print the completion script of `shell` to standard output.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "zhidu", &mut out);
    write_stdout(&out)?;
    Ok(Exit::Success)
}

/// Print zhidu's man page to standard output, or with `dir` write `zhidu.1` and
/// one page per command (`zhidu-run.1`, `zhidu-slip-new.1`, …) into that folder.
pub fn man(dir: Option<&Path>) -> anyhow::Result<Exit> {
    // `zhidu help` has no page of its own: each command's page is its help.
    let cmd = Cli::command().disable_help_subcommand(true);
    match dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| crate::msg!("cmd.cannot_make_folder", path = dir.display().to_string()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| crate::msg!("cmd.cannot_write_man", path = dir.display().to_string()))?;
        }
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            write_stdout(&out)?;
        }
    }
    Ok(Exit::Success)
}

/// Write bytes to standard output; a closed pipe (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context(crate::msg!("cmd.cannot_write_stdout")),
    }
}
