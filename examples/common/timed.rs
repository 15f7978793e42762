//! One `zhidu` command of a benchmark, timed from outside: its wall time, and its
//! peak memory as `/usr/bin/time` reports it.

use std::path::Path;
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
