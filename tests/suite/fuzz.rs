//! The readers under the fuzzer (`examples/fuzz_readers`): every seed reads
//! cleanly, a short deterministic pass breaches nothing, and every file a
//! longer pass found (kept under `tests/fixtures/fuzz/`, named
//! `<kind>--<what>.<ext>`) is read within the limits today.

use std::time::Duration;

use crate::harness::{case_of, execute, fuzz_limits, mutate, read_case, seeds, Breach, Budget, Rng};
use crate::support::{repo_root, TestDir};

#[test]
fn every_seed_reads_without_a_problem() {
    let dir = TestDir::new("fuzz_seeds");
    for case in seeds(repo_root()) {
        let out = read_case(dir.path(), &case, fuzz_limits());
        assert_eq!(out.error, None, "{}", case.name);
        let failed: Vec<String> = out
            .sheets
            .iter()
            .filter_map(|s| s.result.as_ref().err().map(|e| e.en()))
            .collect();
        assert!(failed.is_empty(), "{}: {failed:?}", case.name);
        let records: usize = out.sheets.iter().map(|s| s.cx.records).sum();
        // The BIFF5 fixture has punches without a time: its rows are problems.
        assert!(
            records > 0 || case.name.starts_with("biff5"),
            "{}: no record",
            case.name
        );
    }
}

/// Time per execution in a debug build, with the other tests running beside it;
/// memory is not measured here (the tests share one process).
const BUDGET: Budget = Budget {
    time: Duration::from_secs(20),
    memory: 0,
};

#[test]
fn a_short_fuzzing_pass_breaches_no_limit() {
    let corpus = seeds(repo_root());
    let dir = TestDir::new("fuzz_pass");
    let mut rng = Rng(20_261_130);
    let mut found = Vec::new();
    for i in 0..250 {
        let base = rng.pick(&corpus).clone();
        let donor = rng.pick(&corpus).clone();
        let case = mutate(&mut rng, &base, &donor);
        match execute(dir.path(), &case, BUDGET) {
            // A panic inside calamine is contained: the file is refused.
            None | Some(Breach::Contained(_)) => {}
            Some(b) => found.push(format!("#{i} {} ({}): {b:?}", case.name, case.kind)),
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_files_earlier_passes_found_are_read_within_the_limits() {
    let dir = TestDir::new("fuzz_fixtures");
    let mut files: Vec<_> = std::fs::read_dir(repo_root().join("tests/fixtures/fuzz"))
        .expect("tests/fixtures/fuzz")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let case = case_of(&path);
        let breach = execute(dir.path(), &case, BUDGET);
        assert!(
            matches!(breach, None | Some(Breach::Contained(_))),
            "{}: {breach:?}",
            path.display()
        );
    }
    // The damaged compound files are refused, not read.
    for (name, words) in [
        ("punches--fat-cycle.xls", "cannot open the workbook"),
        (
            "roster--cells-far-apart.xls",
            "more than zhidu reads from an .xls",
        ),
    ] {
        let case = case_of(&repo_root().join("tests/fixtures/fuzz").join(name));
        let out = read_case(dir.path(), &case, fuzz_limits());
        let why = out.error.map(|e| e.en()).unwrap_or_default();
        assert!(why.contains(words), "{name}: {why}");
    }
}
