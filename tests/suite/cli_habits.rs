//! The habits of the command line: shell completions and man pages made from it,
//! help with examples and every report and input kind in Chinese, `ZHIDU_PROJECT`,
//! `run --today` in the project's time zone, and `run` saying where every
//! document went (as text or JSON), or that nothing fell due.

use crate::support::{run, zhidu, zhidu_command, zhidu_in, TestDir, TestProject, INPUT_KINDS};

/// The commands every completion script and the man page name.
const COMMANDS: [&str; 11] = [
    "init",
    "check",
    "records",
    "due",
    "explain",
    "run",
    "slip",
    "manual",
    "templates",
    "completions",
    "man",
];

#[test]
fn completions_and_man_pages_are_made_and_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = zhidu(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.len() > 1000, "{shell}: {}", r.stdout);
        for c in COMMANDS {
            assert!(r.stdout.contains(c), "{shell} does not complete {c}");
        }
    }
    assert_eq!(zhidu(&["completions", "tcsh"]).code, 2);

    let man = zhidu(&["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH zhidu 1"),
        "{}",
        man.stdout
    );
    for c in COMMANDS {
        assert!(
            man.stdout.contains(&format!("zhidu\\-{c}(1)")),
            "the man page lacks {c}"
        );
    }
    let tmp = TestDir::new("man-dir");
    let dir = tmp.path().join("man1");
    let r = zhidu(&["man", "--dir", dir.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for page in [
        "zhidu.1",
        "zhidu-run.1",
        "zhidu-templates-copy.1",
        "zhidu-slip-new.1",
    ] {
        let text = std::fs::read_to_string(dir.join(page)).expect(page);
        assert!(text.contains(".TH"), "{page}");
    }
}

#[test]
fn help_has_global_options_examples_and_the_chinese_names() {
    let top = zhidu(&["--help"]);
    assert_eq!(top.code, 0);
    assert!(top.stdout.contains("Global options:\n"), "{}", top.stdout);
    assert!(top.stdout.contains("ZHIDU_PROJECT"), "{}", top.stdout);
    for spec in zhidu::reports::registry::REPORTS {
        assert!(top.stdout.contains(spec.title), "{}", spec.id);
    }
    for kind in zhidu::model::InputKind::ALL {
        assert!(top.stdout.contains(kind.name()), "{kind}");
    }
    // Each command's help has its examples; the lists carry the Chinese names.
    let nested = [
        ["slip", "form"],
        ["slip", "new"],
        ["templates", "list"],
        ["templates", "copy"],
    ];
    let commands = COMMANDS
        .map(|c| vec![c])
        .into_iter()
        .chain(nested.map(|c| c.to_vec()));
    for c in commands {
        let r = zhidu(&[c.as_slice(), &["--help"]].concat());
        assert_eq!(r.code, 0, "{c:?}");
        assert!(r.stdout.contains("\nExamples:\n  zhidu "), "{c:?}: {}", r.stdout);
        assert!(r.stdout.contains("Global options:"), "{c:?}");
    }
    let run = zhidu(&["run", "--help"]).stdout;
    assert!(run.contains("- deductions: 月度扣款表"), "{run}");
    let records = zhidu(&["records", "--help"]).stdout;
    for kind in INPUT_KINDS {
        assert!(records.contains(&format!("- {kind}:")), "{kind}: {records}");
    }
    assert!(records.contains("员工花名册"), "{records}");
    // --color is explained in one place: its own help, not value by value.
    let color = top.stdout.matches("NO_COLOR").count();
    assert_eq!(
        color, 2,
        "once under --color, once under Environment: {}",
        top.stdout
    );
}

#[test]
fn zhidu_project_is_the_default_project_folder() {
    let p = TestProject::init("env-project");
    let elsewhere = TestDir::new("env-project-cwd");
    let mut cmd = crate::support::run::command();
    cmd.current_dir(elsewhere.path())
        .env("ZHIDU_PROJECT", p.root())
        .env_remove("ZHIDU_NOW")
        .args(["due", "--date", "2026-12-01"]);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("deductions"), "{}", r.stdout);
    // An empty variable counts as unset: the current folder.
    let mut cmd = crate::support::run::command();
    cmd.current_dir(p.root())
        .env("ZHIDU_PROJECT", "")
        .args(["due", "--date", "2026-12-01"]);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("deductions"), "{}", r.stdout);
    // --project wins over the variable.
    let mut cmd = zhidu_command(p.root(), &["due", "--date", "2026-12-01"]);
    cmd.env("ZHIDU_PROJECT", elsewhere.path());
    assert_eq!(run(cmd).code, 0);
}

/// A project as `zhidu init` makes it: the default config, header-only inputs.
fn blank_project(name: &str) -> TestProject {
    let p = TestProject::with_config(name, zhidu::config::DEFAULT_CONFIG_TOML);
    for c in zhidu::samples::blank::COLUMNS {
        p.write(
            &format!("inputs/{}", c.file_name()),
            c.to_xlsx().expect("blank workbook"),
        );
    }
    p
}

/// `zhidu run --today --format json` with the time taken as now set to `now`.
fn run_today(p: &TestProject, now: &str) -> serde_json::Value {
    let mut cmd = zhidu_command(p.root(), &["run", "--today", "--format", "json", "-q"]);
    cmd.env("ZHIDU_NOW", now);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn today_is_the_date_in_the_company_time_zone() {
    // Header-only inputs: the run is quick, and what falls due is the calendar's.
    let p = blank_project("today");
    // 23:30 UTC on 11-30 is 07:30 on 12-01 in Shanghai: the 12-01 run.
    let v = run_today(&p, "2026-11-30T23:30:00Z");
    assert_eq!(v["run_date"], "2026-12-01");
    assert_eq!(v["request"], "--date 2026-12-01");
    let reports: Vec<&str> = v["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["report"].as_str())
        .collect();
    assert_eq!(reports, ["deductions", "slips"]);
    // In London it is still 11-30, when nothing falls due.
    let london = zhidu::config::DEFAULT_CONFIG_TOML
        .replace("timezone = \"Asia/Shanghai\"", "timezone = \"Europe/London\"");
    p.write("zhidu.toml", london);
    let v = run_today(&p, "2026-11-30T23:30:00Z");
    assert_eq!(v["run_date"], "2026-11-30");
    assert_eq!(v["nothing_due"], true);
    // A zone that is not one is named with its key.
    p.write(
        "zhidu.toml",
        zhidu::config::DEFAULT_CONFIG_TOML.replace("Asia/Shanghai", "Asia/Shanghia"),
    );
    let r = p.zhidu(&["check"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("company.timezone = \"Asia/Shanghia\""),
        "{}",
        r.stderr
    );
}

#[test]
fn run_lists_every_file_written_by_report_from_the_current_folder() {
    let p = TestProject::init("run-summary");
    let parent = p.root().parent().expect("parent").to_path_buf();
    // From the project's parent, `--project project`: paths start with project/.
    let r = zhidu_in(
        &parent,
        &[
            "--project",
            "project",
            "run",
            "--report",
            "csat",
            "--period",
            "2026-10",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("rendered 1 of 1 report(s) (--report csat --period 2026-10):\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\n  客户满意度月度报表 csat 2026-10\n"),
        "{}",
        r.stdout
    );
    for f in ["csat.xlsx", "csat.pdf"] {
        assert!(
            r.stdout.contains(&format!("\n    project/outputs/2026-10/{f}\n")),
            "{f}: {}",
            r.stdout
        );
    }
    // From inside the project, with its absolute path: paths start with outputs/.
    let r = zhidu_in(
        p.root(),
        &[
            "--project",
            p.root_str(),
            "run",
            "--report",
            "csat",
            "--period",
            "2026-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["manifest"], "outputs/2026-10-31/manifest.json");
    let report = &v["reports"][0];
    assert_eq!(report["report"], "csat");
    assert_eq!(report["title"], "客户满意度月度报表");
    assert_eq!(report["status"], "ok");
    let files: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(files, ["outputs/2026-10/csat.xlsx", "outputs/2026-10/csat.pdf"]);
    // The same files as the runs log's line.
    let log = std::fs::read_to_string(p.path("outputs/runs.jsonl")).expect("runs log");
    let last: serde_json::Value = serde_json::from_str(log.lines().last().expect("a line")).expect("json");
    assert_eq!(
        last["reports"][0]["outputs"][1]["sha256"],
        report["files"][1]["sha256"]
    );
}

#[test]
fn a_day_with_nothing_due_says_so_and_writes_no_folder() {
    let p = blank_project("nothing-due");
    let r = p.zhidu(&["run", "--date", "2026-11-30"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("nothing falls due (--date 2026-11-30)"),
        "{}",
        r.stdout
    );
    assert!(!p.path("outputs/2026-11-30").exists());
    let r = p.zhidu(&["run", "--date", "2026-11-30", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["nothing_due"], true);
    assert!(v["manifest"].is_null());
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(0));
    assert!(!p.path("outputs/2026-11-30").exists());
}
