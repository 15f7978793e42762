//! Fuzz zhidu's readers (xlsx, xls, ods, csv, attlog) on stable Rust.
//!
//! ```text
//! cargo run --release --example fuzz_readers -- --seconds 600 [--seed 1] [--out target/fuzz]
//! ```
//!
//! Seeds are small valid files built in code (and the .xls fixtures); each
//! execution reads a mutant (one to four changes: bits, bytes, cuts, copies, long
//! runs, edge numbers, tokens that repeat or widen, a part of a zip package
//! changed and the package written again) as an input kind, and is watched for
//! a panic, more than 2 s, more than 256 MiB of peak memory, more than the
//! problems kept per input, or a message that quotes a value uncut or lets a
//! control character through. Every breach is written to `--out` with a note.
//!
//! The executions run in a child process under `ulimit -v` (3 GiB): one that
//! aborts (an allocation refused) is restarted, and the file that was being
//! read is kept as a crash. The same seed gives the same sequence of files.

mod harness;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use harness::{execute, mutate, seeds, Breach, Budget, Case, Rng};

struct Args {
    seconds: u64,
    seed: u64,
    out: PathBuf,
    worker: bool,
    replay: Vec<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        seconds: 60,
        seed: 1,
        out: PathBuf::from("target/fuzz"),
        worker: false,
        replay: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--seconds" => a.seconds = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.seconds),
            "--seed" => a.seed = it.next().and_then(|v| v.parse().ok()).unwrap_or(a.seed),
            "--out" => a.out = it.next().map(PathBuf::from).unwrap_or(a.out),
            "--worker" => a.worker = true,
            "--replay" => a.replay.extend(it.by_ref().map(PathBuf::from)),
            other => {
                eprintln!(
                    "unknown argument {other}; usage: fuzz_readers [--seconds N] [--seed N] [--out DIR] [--replay FILE…]"
                );
                std::process::exit(2);
            }
        }
    }
    a
}

fn main() {
    let a = args();
    std::fs::create_dir_all(&a.out).expect("output folder");
    if !a.replay.is_empty() {
        replay(&a);
    } else if a.worker {
        worker(&a);
    } else {
        supervise(&a);
    }
}

/// Run workers until the time is up, restarting one that dies.
fn supervise(a: &Args) {
    let exe = std::env::current_exe().expect("own path");
    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let (mut execs, mut breaches, mut crashes) = (0u64, 0u64, 0u64);
    let mut seed = a.seed;
    while Instant::now() < deadline {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs()
            .max(1);
        let _ = std::fs::remove_file(a.out.join("worker.count"));
        let status = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 3145728 && exec \"$0\" \"$@\"")
            .arg(&exe)
            .args([
                "--worker",
                "--seconds",
                &left.to_string(),
                "--seed",
                &seed.to_string(),
                "--out",
            ])
            .arg(&a.out)
            .status()
            .expect("worker runs");
        let (n, b) = read_count(&a.out.join("worker.count"));
        execs += n;
        breaches += b;
        if !status.success() {
            crashes += 1;
            keep_crash(&a.out, crashes);
        }
        seed = seed.wrapping_add(1_000_003);
    }
    println!(
        "fuzz_readers: {execs} executions, {breaches} breaches, {crashes} crashes (files in {})",
        a.out.display()
    );
}

fn read_count(path: &Path) -> (u64, u64) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut it = text.split_whitespace().map(|v| v.parse::<u64>().unwrap_or(0));
    (it.next().unwrap_or(0), it.next().unwrap_or(0))
}

/// The file a dead worker was reading, kept as `crash-N-<name>`.
fn keep_crash(out: &Path, n: u64) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix("current-") {
            let kept = out.join(format!("crash-{n}-{rest}"));
            let _ = std::fs::rename(e.path(), &kept);
            eprintln!("fuzz_readers: a worker died reading {}", kept.display());
        }
    }
}

/// The fuzzing loop of one worker.
fn worker(a: &Args) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = seeds(repo);
    let scratch = a.out.join(format!("scratch-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let mut rng = Rng(a.seed);
    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let budget = Budget {
        time: Duration::from_secs(2),
        memory: 256 << 20,
    };
    let (mut execs, mut breaches) = (0u64, 0u64);
    let mut last: Option<Case> = None;
    while Instant::now() < deadline {
        let base = match &last {
            Some(m) if rng.below(4) == 0 => m.clone(),
            _ => rng.pick(&corpus).clone(),
        };
        let donor = rng.pick(&corpus).clone();
        let case = mutate(&mut rng, &base, &donor);
        // Kept while it is read: if the process dies, the supervisor keeps it.
        let current = a.out.join(format!("current-{}", case.name));
        let _ = std::fs::write(&current, &case.bytes);
        let breach = execute(&scratch, &case, budget);
        let _ = std::fs::remove_file(&current);
        execs += 1;
        if let Some(b) = breach {
            breaches += 1;
            keep_breach(&a.out, a.seed, execs, &case, &b);
        }
        last = Some(case);
        let _ = std::fs::write(a.out.join("worker.count"), format!("{execs} {breaches}"));
    }
    let _ = std::fs::write(a.out.join("worker.count"), format!("{execs} {breaches}"));
    let _ = std::fs::remove_dir_all(&scratch);
}

fn keep_breach(out: &Path, seed: u64, n: u64, case: &Case, b: &Breach) {
    let stem = format!("breach-{seed}-{n}-{}", case.name);
    let _ = std::fs::write(out.join(&stem), &case.bytes);
    let _ = std::fs::write(
        out.join(format!("{stem}.txt")),
        format!("kind {}\n{b:?}\n", case.kind),
    );
    eprintln!("fuzz_readers: {stem}: {b:?}");
}

/// Read the given files (as the kind their name says: see [`harness::case_of`])
/// and print what each breaches.
fn replay(a: &Args) {
    let scratch = a.out.join(format!("scratch-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let budget = Budget {
        time: Duration::from_secs(2),
        memory: 256 << 20,
    };
    for path in &a.replay {
        let case = harness::case_of(path);
        let breach = execute(&scratch, &case, budget);
        println!(
            "{}: {}",
            path.display(),
            breach.map_or("ok".to_string(), |b| format!("{b:?}"))
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
