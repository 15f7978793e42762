//! The batch (`zhidu run`) on the sample project: a month's backfill, running the
//! same date twice, and one report failing among several.

use std::path::Path;

use zhidu::output::sha256_hex;

use crate::support::{Run, TestProject};

fn manifest(dir: &Path, run_date: &str) -> serde_json::Value {
    let text =
        std::fs::read_to_string(dir.join("outputs").join(run_date).join("manifest.json")).expect("manifest");
    serde_json::from_str(&text).expect("manifest is JSON")
}

/// Every document and manifest under `outputs/`, relative path → bytes, sorted
/// (zhidu's own bookkeeping — the runs log, the lock, `.zhidu/`, and the run
/// pages, which show when each run ended — left out).
fn all_outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(d).expect("ls").flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "runs.jsonl" || name == "index.html" {
                continue;
            }
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .expect("under base")
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&p).expect("read")));
            }
        }
    }
    let mut out = Vec::new();
    walk(&dir.join("outputs"), &dir.join("outputs"), &mut out);
    out.sort();
    out
}

#[test]
fn backfill_of_november_renders_everything_due_and_hashes_it() {
    let project = TestProject::sample("run-backfill");
    let dir = project.root();
    let Run { code, stdout, stderr } = project.zhidu(&["run", "--from", "2026-11-01", "--to", "2026-11-30"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let m = manifest(dir, "2026-11-30");
    let reports = m["reports"].as_array().expect("reports");
    let due: Vec<(String, String)> = reports
        .iter()
        .map(|r| {
            (
                r["report"].as_str().unwrap_or_default().to_string(),
                r["period"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // November 2026: deductions and slips on the 1st (October); weekly on Wednesdays
    // 4, 11, 18, 25; ops-weekly on Saturdays 7, 14, 21, 28; monthly (4th Wednesday) and
    // csat on the 25th (October) — 12 reports.
    let expected: Vec<(&str, &str)> = vec![
        ("deductions", "2026-10"),
        ("slips", "2026-10"),
        ("weekly", "2026-10-28..2026-11-03"),
        ("ops-weekly", "2026-10-31..2026-11-06"),
        ("weekly", "2026-11-04..2026-11-10"),
        ("ops-weekly", "2026-11-07..2026-11-13"),
        ("weekly", "2026-11-11..2026-11-17"),
        ("ops-weekly", "2026-11-14..2026-11-20"),
        ("weekly", "2026-11-18..2026-11-24"),
        ("monthly", "2026-10"),
        ("csat", "2026-10"),
        ("ops-weekly", "2026-11-21..2026-11-27"),
    ];
    let expected: Vec<(String, String)> = expected.into_iter().map(|(a, b)| (a.into(), b.into())).collect();
    assert_eq!(due, expected);
    for r in reports {
        assert_eq!(r["status"], "ok", "{r}");
        for f in r["outputs"].as_array().expect("outputs") {
            let path = dir.join("outputs").join(f["path"].as_str().expect("path"));
            let bytes = std::fs::read(&path).expect("output exists");
            assert_eq!(
                f["sha256"].as_str(),
                Some(sha256_hex(&bytes).as_str()),
                "{}",
                path.display()
            );
        }
    }
    // Inputs are hashed too, and the config.
    let inputs = m["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 13);
    let calls = std::fs::read(dir.join("inputs/calls.xlsx")).expect("calls");
    assert!(inputs.iter().any(
        |i| i["path"] == "inputs/calls.xlsx" && i["sha256"].as_str() == Some(sha256_hex(&calls).as_str())
    ));
    assert_eq!(
        m["config_sha256"].as_str(),
        Some(sha256_hex(zhidu::config::DEFAULT_CONFIG_TOML.as_bytes()).as_str())
    );
    // Not a terminal: one plain line per report on stderr.
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with('[')).count(),
        12,
        "{stderr}"
    );
}

#[test]
fn running_the_same_date_twice_gives_identical_bytes() {
    let project = TestProject::sample("run-twice");
    let dir = project.root();
    let Run {
        code, stderr: err, ..
    } = project.zhidu(&["run", "--date", "2026-11-25", "--quiet"]);
    assert_eq!(code, 0, "{err}");
    let first = all_outputs(dir);
    // weekly, monthly, csat: two files each, and the manifest.
    assert_eq!(
        first.len(),
        7,
        "{:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = project.zhidu(&["run", "--date", "2026-11-25", "--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.is_empty() && err.is_empty(),
        "--quiet prints nothing: {out}{err}"
    );
    let second = all_outputs(dir);
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between runs", a.0);
    }
}

#[test]
fn one_failing_report_does_not_stop_the_others() {
    let project = TestProject::sample("run-failing");
    let dir = project.root();
    // The slip register is gone: the 月报表 (which lists open slips) cannot be made;
    // the 周报表 and the 客户满意度月度报表 do not need it.
    std::fs::remove_file(dir.join("inputs/slips.xlsx")).expect("remove slips");
    let Run { code, stdout, stderr } = project.zhidu(&["run", "--date", "2026-11-25"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stderr.contains("1 report(s) failed"), "{stderr}");
    assert!(
        stderr.contains("monthly 2026-10: input `slips` could not be read"),
        "{stderr}"
    );
    assert!(stdout.contains("rendered 2 of 3 report(s)"), "{stdout}");
    assert!(dir.join("outputs/2026-11-18_2026-11-24/weekly.pdf").exists());
    assert!(dir.join("outputs/2026-10/csat.xlsx").exists());
    assert!(!dir.join("outputs/2026-10/monthly.pdf").exists());
    assert!(!dir.join("outputs/2026-10/monthly.xlsx").exists());
    let m = manifest(dir, "2026-11-25");
    let statuses: Vec<(&str, &str)> = m["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| {
            (
                r["report"].as_str().unwrap_or(""),
                r["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![("weekly", "ok"), ("monthly", "failed"), ("csat", "ok")]
    );
    // No temporary file or stage folder is left anywhere.
    let left = crate::support::all_paths(&dir.join("outputs"));
    assert!(
        left.iter()
            .all(|p| !p.ends_with(".tmp") && !p.contains(".zhidu-stage-")),
        "{left:?}"
    );
}

#[test]
fn due_lists_the_calendar_as_json() {
    let project = TestProject::sample("run-due");
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = project.zhidu(&["due", "--date", "2026-11-25", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let ids: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|x| x["report"].as_str())
        .collect();
    assert_eq!(ids, vec!["weekly", "monthly", "csat"]);
    assert_eq!(v[0]["period_start"], "2026-11-18");
    assert_eq!(v[1]["output_dir"], "2026-10");
    let Run { code, .. } = project.zhidu(&["run", "--report", "nosuch", "--period", "2026-11"]);
    assert_eq!(code, 2);
}
