//! The input cache and the gate's remembered passes: a command run again over
//! the same exports takes what the first read kept, gives the same records and
//! the same documents, and a month the gate passed is taken as passed only
//! while its inputs and settings are the very same.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::hr::hr_project;
use crate::support::TestProject;

/// The names in a folder of the project (none when it does not exist).
fn names(p: &TestProject, rel: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(p.path(rel))
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Every document under `dir` with its bytes.
fn documents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::support::all_paths(dir)
        .into_iter()
        .filter(|p| p.ends_with(".pdf") || p.ends_with(".xlsx"))
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).expect("document");
            (p, bytes)
        })
        .collect()
}

fn explain(p: &TestProject, who: &str) -> String {
    let r = p.zhidu(&[
        "--lang",
        "zh",
        "explain",
        "--employee",
        who,
        "--period",
        "2026-11",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn explain_takes_a_passed_month_as_passed_only_while_its_inputs_are_the_same() {
    let p = hr_project("passed", &[("K001", "张三", &[3]), ("K009", "郑十一", &[])]);
    let first = explain(&p, "K001");
    assert!(!first.contains("不会生成"), "{first}");
    let marks = names(&p, "outputs/.zhidu/cache/passed");
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert!(marks[0].starts_with("deductions.2026-11."), "{marks:?}");
    assert_eq!(explain(&p, "K001"), first);

    // K009 vanishes from the punches: the month is refused, whatever was passed
    // before, and a refusal leaves no mark.
    let punches = std::fs::read_to_string(p.path("inputs/punches.csv")).expect("punches");
    let without: String = punches
        .lines()
        .filter(|l| !l.starts_with("K009,"))
        .map(|l| format!("{l}\n"))
        .collect();
    p.write("inputs/punches.csv", &without);
    let refused = explain(&p, "K001");
    assert!(refused.contains("月度扣款表 2026年11月 不会生成"), "{refused}");
    assert_eq!(names(&p, "outputs/.zhidu/cache/passed"), marks);

    // The same inputs again: the old mark serves.
    p.write("inputs/punches.csv", &punches);
    assert_eq!(explain(&p, "K001"), first);
    assert_eq!(names(&p, "outputs/.zhidu/cache/passed"), marks);

    // Another setting: another mark, which replaces the old one.
    let config = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        format!("{config}\n[rules.attendance]\nabsence_fine = 100\n"),
    );
    explain(&p, "K001");
    let now = names(&p, "outputs/.zhidu/cache/passed");
    assert_eq!(now.len(), 1, "{now:?}");
    assert_ne!(now, marks);
}

#[test]
fn a_run_over_kept_inputs_makes_the_same_documents_and_keeps_one_entry_per_file() {
    let p = TestProject::init("kept");
    let deductions = ["run", "--report", "deductions", "--period", "2026-11"];
    let r = p.zhidu(&deductions);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let entries = names(&p, "outputs/.zhidu/cache/inputs");
    let kinds: Vec<&str> = entries
        .iter()
        .map(|n| n.split('.').next().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["calls", "punches", "schedule"], "{entries:?}");
    let made = documents(&p.path("outputs/2026-11"));
    assert!(made.len() > 3, "{:?}", made.keys());

    // The documents made again from the kept records are the same bytes.
    std::fs::remove_dir_all(p.path("outputs/2026-11")).expect("remove the documents");
    let r = p.zhidu(&deductions);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(names(&p, "outputs/.zhidu/cache/inputs"), entries);
    let again = documents(&p.path("outputs/2026-11"));
    assert_eq!(again.keys().collect::<Vec<_>>(), made.keys().collect::<Vec<_>>());
    for (name, bytes) in &made {
        assert!(again[name] == *bytes, "{name} differs");
    }

    // A changed export is read again; its old entry gives way to the new one.
    let calls = p.path("inputs/calls.xlsx");
    let mut bytes = std::fs::read(&calls).expect("calls");
    // A zip may carry bytes after its end record; the workbook reads the same.
    bytes.extend_from_slice(b"\0");
    std::fs::write(&calls, &bytes).expect("write");
    let r = p.zhidu(&["records", "calls", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let now = names(&p, "outputs/.zhidu/cache/inputs");
    assert_eq!(now.len(), 3, "{now:?}");
    assert_ne!(now, entries);
}

#[test]
fn a_cache_that_cannot_be_written_costs_only_time() {
    let p = hr_project("unwritable", &[("K001", "张三", &[3])]);
    let first = explain(&p, "K001");
    std::fs::remove_dir_all(p.path("outputs/.zhidu/cache")).expect("remove the cache");
    // A file where the cache's folder would be: nothing can be kept there.
    p.write("outputs/.zhidu/cache", "not a folder");
    assert_eq!(explain(&p, "K001"), first);
    let r = p.zhidu(&["run", "--report", "deductions", "--period", "2026-11"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("cache"), "{}", r.stderr);
    assert!(p.path("outputs/.zhidu/cache").is_file());
}
