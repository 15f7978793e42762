//! One `zhidu` command of a benchmark, timed from outside: its wall time, and its
//! peak memory as `/usr/bin/time` reports it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The wall time and peak memory (MB) of `zhidu --quiet --project ROOT ARGS…`.
pub fn timed_run(zhidu: &Path, root: &Path, args: &[&str]) -> anyhow::Result<(Duration, f64)> {
    let report = root.join("time.txt");
    let t = Instant::now();
    let status = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(zhidu)
        .args(["--quiet", "--project"])
        .arg(root)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()?;
    let elapsed = t.elapsed();
    anyhow::ensure!(status.success(), "zhidu run failed");
    let kb: f64 = std::fs::read_to_string(&report)?
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .parse()?;
    Ok((elapsed, kb / 1024.0))
}

/// The `zhidu` binary to time: `given` (`--zhidu BINARY`), else the release build
/// beside this benchmark; refused when it is not there.
pub fn zhidu_binary(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    let zhidu = match given {
        Some(b) => b,
        None => std::env::current_exe()?
            .parent()
            .and_then(Path::parent)
            .map(|d| d.join("zhidu"))
            .ok_or_else(|| anyhow::anyhow!("where is the zhidu binary?"))?,
    };
    anyhow::ensure!(
        zhidu.exists(),
        "build it first: cargo build --release --bin zhidu"
    );
    Ok(zhidu)
}
