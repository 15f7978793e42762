//! Running the `zhidu` binary built for the tests.

use std::path::Path;
use std::process::Command;

/// What a run of `zhidu` left: its exit code (-1 if a signal ended it) and output.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

/// The binary, with `NO_COLOR` removed so colour depends only on `--color`,
/// without the variables that set the project folder and the time taken as now,
/// and speaking English whatever the machine's locale (a test that wants another
/// language says so).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zhidu"));
    cmd.env_remove("NO_COLOR")
        .env_remove("ZHIDU_PROJECT")
        .env_remove("ZHIDU_NOW")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("ZHIDU_LANG", "en");
    cmd
}

/// The command `zhidu --project <root> ARGS`, not yet run: to set variables or spawn it.
pub fn zhidu_command(root: &Path, args: &[&str]) -> Command {
    let mut cmd = command();
    cmd.arg("--project").arg(root).args(args);
    cmd
}

/// Runs a command made by [`zhidu_command`] to its end.
pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().expect("zhidu runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `zhidu ARGS`.
pub fn zhidu(args: &[&str]) -> Run {
    let mut cmd = command();
    cmd.args(args);
    run(cmd)
}

/// Runs `zhidu --project <root> ARGS`.
pub fn zhidu_with_project(root: &Path, args: &[&str]) -> Run {
    let mut cmd = command();
    cmd.arg("--project").arg(root).args(args);
    run(cmd)
}

/// Runs `zhidu ARGS` in the working directory `dir`.
pub fn zhidu_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = command();
    cmd.current_dir(dir).args(args);
    run(cmd)
}
