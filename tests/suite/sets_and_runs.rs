//! A report's files change together or not at all; temporary files never follow a
//! link; one run per project at a time; every run kept in `outputs/runs.jsonl`;
//! a report whose inputs have errors is not rendered. Real `zhidu` processes on
//! real folders, with faults injected through `ZHIDU_TEST_FAULT`.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use zhidu::output::sha256_hex;

use crate::support::hr::{hr_project, write_people};
use crate::support::{all_paths, run, zhidu_command, Run, TestProject};

const DEDUCTIONS: &[&str] = &["run", "--report", "deductions", "--period", "2026-11"];

/// Everything under `outputs/<rel>` (files with their bytes, folders marked), sorted.
fn snapshot(p: &TestProject, rel: &str) -> Vec<(String, Option<Vec<u8>>)> {
    let dir = p.path("outputs").join(rel);
    all_paths(&dir)
        .into_iter()
        .map(|f| {
            let path = dir.join(&f);
            let bytes = std::fs::symlink_metadata(&path)
                .is_ok_and(|m| m.is_file())
                .then(|| std::fs::read(&path).expect("read"));
            (f, bytes)
        })
        .collect()
}

fn no_stage_left(p: &TestProject) {
    let left = all_paths(&p.path("outputs"));
    assert!(
        left.iter()
            .all(|f| !f.contains(".zhidu-stage-") && !f.ends_with(".tmp")),
        "{left:?}"
    );
}

fn manifest(p: &TestProject, run_date: &str) -> serde_json::Value {
    let text =
        std::fs::read_to_string(p.path(&format!("outputs/{run_date}/manifest.json"))).expect("manifest");
    serde_json::from_str(&text).expect("JSON")
}

fn runs_lines(p: &TestProject) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p.path("outputs/runs.jsonl"))
        .expect("runs log")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn zhidu_with_fault(p: &TestProject, fault: &str, args: &[&str]) -> Run {
    let mut cmd = zhidu_command(p.root(), args);
    cmd.env("ZHIDU_TEST_FAULT", fault);
    run(cmd)
}

fn three_late(name: &str) -> TestProject {
    hr_project(
        name,
        &[
            ("K001", "张三", &[2, 3]),
            ("K002", "李四", &[4]),
            ("K003", "王五", &[5]),
        ],
    )
}

/// The deductions set changes in every file: the late rate is raised.
fn raise_the_late_rate(p: &TestProject) {
    let config = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        format!("{config}\n[rules.attendance]\nlate_rate_low = 3\n"),
    );
}

#[test]
fn a_set_blocked_by_a_folder_at_a_notice_path_leaves_the_previous_set_exactly() {
    let p = three_late("set-folder");
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The notice of K002 is now a folder someone made, with a file in it.
    let notice = p.path("outputs/2026-11/notices/K002-李四.pdf");
    std::fs::remove_file(&notice).expect("notice");
    std::fs::create_dir(&notice).expect("folder");
    std::fs::write(notice.join("keep.txt"), "mine").expect("file");
    raise_the_late_rate(&p);
    let before = snapshot(&p, "2026-11");
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(
        r.code, 1,
        "a folder in the way is the user's to move: {}",
        r.stderr
    );
    assert!(r.stderr.contains("is a folder"), "{}", r.stderr);
    assert_eq!(snapshot(&p, "2026-11"), before, "nothing of the old set changed");
    let m = manifest(&p, "2026-11-30");
    assert_eq!(m["reports"][0]["status"], "failed");
    assert_eq!(m["reports"][0]["outputs"], serde_json::json!([]));
    no_stage_left(&p);
}

#[test]
fn a_failure_between_renames_leaves_the_previous_set_exactly() {
    let p = three_late("set-fault");
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    raise_the_late_rate(&p);
    let before = snapshot(&p, "2026-11");
    for n in [1, 3, 6] {
        let r = zhidu_with_fault(&p, &format!("rename:{n}:fail"), DEDUCTIONS);
        assert_eq!(r.code, 3, "{}", r.stderr);
        assert!(r.stderr.contains("injected failure"), "{}", r.stderr);
        assert!(r.stderr.contains("left as they were"), "{}", r.stderr);
        assert_eq!(snapshot(&p, "2026-11"), before, "after rename {n}");
        no_stage_left(&p);
    }
    // Without the fault the new set goes in whole.
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    assert_ne!(snapshot(&p, "2026-11"), before);
}

#[cfg(unix)]
#[test]
fn a_run_killed_between_renames_is_undone_by_the_next_run() {
    let p = three_late("set-kill");
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    let before = snapshot(&p, "2026-11");
    // The sets' records (the input cache beside them changes with the settings).
    let records = || {
        snapshot(&p, ".zhidu")
            .into_iter()
            .filter(|(f, _)| !f.starts_with("cache"))
            .collect::<Vec<_>>()
    };
    let record_before = records();
    raise_the_late_rate(&p);
    let r = zhidu_with_fault(&p, "rename:4:kill", DEDUCTIONS);
    assert_eq!(r.code, -1, "killed by a signal: {}", r.stderr);
    // Half swapped: the first two files are the new ones, a stage folder is left.
    assert_ne!(snapshot(&p, "2026-11"), before);
    assert!(all_paths(&p.path("outputs"))
        .iter()
        .any(|f| f.starts_with(".zhidu-stage-")));
    // The next run of any report puts the old set back before it does anything.
    let r = p.zhidu(&["run", "--report", "slips", "--period", "2026-11"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("previous files were put back"), "{}", r.stderr);
    assert_eq!(
        snapshot(&p, "2026-11")
            .into_iter()
            .filter(|(f, _)| !f.starts_with("slips"))
            .collect::<Vec<_>>(),
        before
    );
    assert_eq!(
        records()
            .into_iter()
            .filter(|(f, _)| !f.contains("slips"))
            .collect::<Vec<_>>(),
        record_before
    );
    no_stage_left(&p);
    let last = runs_lines(&p).pop().expect("a line");
    assert_eq!(last["recovered"].as_array().map(Vec::len), Some(1), "{last}");
}

#[test]
fn two_employees_whose_file_names_collide_get_two_notices() {
    let p = hr_project("set-collide", &[("K/1", "张三", &[2]), ("K_1", "张三", &[3])]);
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let notices = all_paths(&p.path("outputs/2026-11/notices"));
    assert_eq!(notices, ["K_1-张三-2.pdf", "K_1-张三.pdf"]);
}

#[test]
fn notices_no_longer_produced_are_removed_and_listed() {
    let p = three_late("set-stale");
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    let old_k2 = std::fs::read(p.path("outputs/2026-11/notices/K002-李四.pdf")).expect("K002");
    let old_k1 = std::fs::read(p.path("outputs/2026-11/notices/K001-张三.pdf")).expect("K001");
    // K002 is no longer late; K001's name was corrected.
    write_people(
        &p,
        &[
            ("K001", "张珊", &[2, 3]),
            ("K002", "李四", &[]),
            ("K003", "王五", &[5]),
        ],
    );
    let r = p.zhidu(&[
        "--verbose",
        "run",
        "--report",
        "deductions",
        "--period",
        "2026-11",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        all_paths(&p.path("outputs/2026-11/notices")),
        ["K001-张珊.pdf", "K003-王五.pdf"]
    );
    let m = manifest(&p, "2026-11-30");
    let removed: Vec<(String, String)> = m["reports"][0]["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["sha256"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        removed,
        [
            ("2026-11/notices/K001-张三.pdf".to_string(), sha256_hex(&old_k1)),
            ("2026-11/notices/K002-李四.pdf".to_string(), sha256_hex(&old_k2)),
        ]
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.contains("removed ") && l.contains("outputs/2026-11/notices/K002-李四.pdf")),
        "{}",
        r.stdout
    );
    let last = runs_lines(&p).pop().expect("a line");
    assert_eq!(last["reports"][0]["removed"], m["reports"][0]["removed"]);
}

#[cfg(unix)]
#[test]
fn planted_links_are_never_followed_by_run() {
    let p = three_late("set-links");
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    let victim = p.path("victim.txt");
    std::fs::write(&victim, "keep me").expect("victim");
    let link = |at: &str| {
        let at = p.path(at);
        let _ = std::fs::remove_file(&at);
        std::os::unix::fs::symlink(&victim, at).expect("link");
    };
    // Links under the names the old write path used (`.<name>.<pid>.tmp`) for the
    // next process ids, and at the targets themselves.
    let pid = std::process::id();
    for n in pid..pid + 200 {
        for name in [
            "2026-11/.deductions.xlsx",
            "2026-11/.fund.pdf",
            "2026-11-30/.manifest.json",
        ] {
            link(&format!("outputs/{name}.{n}.tmp"));
        }
    }
    link("outputs/2026-11/fund.pdf");
    link("outputs/2026-11-30/manifest.json");
    raise_the_late_rate(&p);
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    for f in ["outputs/2026-11/fund.pdf", "outputs/2026-11-30/manifest.json"] {
        assert!(
            std::fs::symlink_metadata(p.path(f)).expect(f).is_file(),
            "{f} is a file again"
        );
    }
    // A runs log replaced by a link stops the run before anything is written.
    let before = snapshot(&p, "2026-11");
    std::fs::remove_file(p.path("outputs/runs.jsonl")).expect("log");
    link("outputs/runs.jsonl");
    let config = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        config.replace("late_rate_low = 3", "late_rate_low = 4"),
    );
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("runs.jsonl is a symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    assert_eq!(snapshot(&p, "2026-11"), before);
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next() {
    let p = three_late("set-leftovers");
    p.write("outputs/.zhidu-stage-Ab12Cd/new/2026-11/deductions.pdf", "half");
    p.write("outputs/2026-11-30/.manifest.json.Zx81Qw.tmp", "half");
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("an unfinished set, removed"), "{}", r.stderr);
    no_stage_left(&p);
}

#[test]
fn a_second_run_waits_for_the_first_or_gives_up_with_a_clear_message() {
    let p = three_late("set-lock");
    let out_dir = p.path("outputs");
    let held = zhidu::output::lock::RunLock::acquire(
        &out_dir,
        Duration::ZERO,
        "pid 1: zhidu run --date 2026-12-01",
        |_| {},
    )
    .expect("lock");
    // Gives up after --wait seconds, naming the holder; writes nothing.
    let started = Instant::now();
    let r = p.zhidu(&[
        "run",
        "--report",
        "deductions",
        "--period",
        "2026-11",
        "--wait",
        "1",
    ]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(
        r.stderr.contains("waiting for another zhidu command"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("is held by another process (pid 1: zhidu run --date 2026-12-01)"),
        "{}",
        r.stderr
    );
    assert!(!p.path("outputs/2026-11").exists());
    // Waits while the lock is held, then runs.
    let mut child = zhidu_command(
        p.root(),
        &[
            "run",
            "--report",
            "deductions",
            "--period",
            "2026-11",
            "--wait",
            "120",
        ],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .expect("spawn");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().expect("poll").is_none(), "still waiting");
    assert!(!p.path("outputs/2026-11").exists());
    drop(held);
    assert!(child.wait().expect("wait").success());
    assert!(p.path("outputs/2026-11/deductions.xlsx").exists());
}

#[test]
fn two_runs_started_together_run_one_after_the_other() {
    let p = three_late("set-two");
    let spawn = || {
        zhidu_command(p.root(), DEDUCTIONS)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("a").success());
    assert!(b.wait().expect("b").success());
    let lines = runs_lines(&p);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["reports"][0]["status"] == "ok"));
    no_stage_left(&p);
}

#[test]
fn every_run_adds_its_line_and_earlier_lines_are_never_rewritten() {
    let p = three_late("runs-log");
    // An ad-hoc run with run date 2026-11-26, then the day's scheduled run, with nothing due.
    let r = p.zhidu(&[
        "run",
        "--report",
        "deductions",
        "--period",
        "2026-11",
        "--run-date",
        "2026-11-26",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let manifest_text = std::fs::read(p.path("outputs/2026-11-26/manifest.json")).expect("manifest");
    let first = std::fs::read(p.path("outputs/runs.jsonl")).expect("log");
    let r = p.zhidu(&["run", "--date", "2026-11-26"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("nothing falls due"), "{}", r.stdout);
    let r = p.zhidu(&["run", "--date", "2026-11-27"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!p.path("outputs/2026-11-27").exists(), "nothing due: no folder");
    // The ad-hoc run's manifest and log line are as they were.
    assert_eq!(
        std::fs::read(p.path("outputs/2026-11-26/manifest.json")).expect("manifest"),
        manifest_text
    );
    let log = std::fs::read(p.path("outputs/runs.jsonl")).expect("log");
    assert!(log.starts_with(&first));
    let lines = runs_lines(&p);
    assert_eq!(lines.len(), 3);
    let l = &lines[0];
    assert_eq!(
        (l["command"].as_str(), l["request"].as_str()),
        (Some("run"), Some("--report deductions --period 2026-11"))
    );
    assert!(
        l["time"]
            .as_str()
            .is_some_and(|t| t.len() == 20 && t.ends_with('Z')),
        "{l}"
    );
    let roster = std::fs::read(p.path("inputs/roster.csv")).expect("roster");
    assert!(l["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .any(|i| i["path"] == "inputs/roster.csv"
            && i["sha256"].as_str() == Some(sha256_hex(&roster).as_str())));
    assert_eq!(lines[1]["reports"], serde_json::json!([]));
    // Read back by the library: what the runs of 2026-11-26 produced, with hashes matching the files.
    let log = zhidu::batch::runs::read_runs(&p.path("outputs")).expect("read");
    assert!(log.unreadable_lines.is_empty());
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let produced = log.produced_on(day);
    assert_eq!(produced.len(), 1);
    assert_eq!(
        produced[0].outputs.len(),
        7,
        "sheet, fund ledger and three notices"
    );
    for f in &produced[0].outputs {
        let bytes = std::fs::read(p.path("outputs").join(&f.path)).expect("output");
        assert_eq!(f.sha256, sha256_hex(&bytes), "{}", f.path);
    }
}

#[test]
fn a_report_whose_inputs_have_errors_is_not_rendered() {
    let p = three_late("gate");
    let punches = std::fs::read_to_string(p.path("inputs/punches.csv")).expect("punches");
    // Two punch cells that are not times.
    let broken = punches
        .replacen("K001,2026-11-10 08:25:00", "K001,2026-11-10 25:61", 1)
        .replacen("K001,2026-11-10 17:35:00", "K001,2026-11-10 17:3x", 1);
    p.write("inputs/punches.csv", broken);
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("deductions 2026-11: 2 errors in the inputs it reads"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("inputs/punches.csv › punches!B"),
        "{}",
        r.stderr
    );
    assert!(!p.path("outputs/2026-11").exists());
    let m = manifest(&p, "2026-11-30");
    assert_eq!(m["reports"][0]["status"], "failed");
    assert_eq!(m["reports"][0]["problems"].as_array().map(Vec::len), Some(2));
    assert!(Path::new(&p.path("outputs/runs.jsonl")).exists());
}

#[cfg(unix)]
#[test]
fn a_rerun_leaves_the_documents_that_came_out_the_same_in_place() {
    use std::os::unix::fs::MetadataExt;
    let p = three_late("set-rerun");
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    let dir = p.path("outputs/2026-11");
    let ino = |rel: &str| std::fs::metadata(dir.join(rel)).expect("file").ino();
    let files: Vec<String> = all_paths(&dir)
        .into_iter()
        .filter(|f| dir.join(f).is_file())
        .collect();
    let inodes: Vec<u64> = files.iter().map(|f| ino(f)).collect();
    let before = snapshot(&p, "2026-11");

    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(snapshot(&p, "2026-11"), before);
    for (f, i) in files.iter().zip(&inodes) {
        assert_eq!(ino(f), *i, "{f} was written again");
    }
    // The set is every file all the same, each with its hash.
    let m = manifest(&p, "2026-11-30");
    let outputs = m["reports"][0]["outputs"].as_array().expect("outputs");
    assert_eq!(outputs.len(), files.len(), "{m}");
    for o in outputs {
        let path = o["path"].as_str().expect("path");
        let bytes = std::fs::read(p.path("outputs").join(path)).expect("listed file");
        assert_eq!(o["sha256"], sha256_hex(&bytes), "{path}");
    }
    no_stage_left(&p);

    // What the new rate changes is replaced; the sheet is among it.
    raise_the_late_rate(&p);
    assert_eq!(p.zhidu(DEDUCTIONS).code, 0);
    let sheet = files
        .iter()
        .position(|f| f == "deductions.xlsx")
        .expect("the sheet");
    assert_ne!(ino("deductions.xlsx"), inodes[sheet]);
    assert_ne!(snapshot(&p, "2026-11"), before);
}
