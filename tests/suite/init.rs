//! `zhidu init DIR`: a clean project (zhidu.toml, header-only inputs, no
//! templates) that checks with no errors; `--sample` a sample department's month;
//! never overwriting a file without `--force`. And the built-in templates a
//! project lists and copies (`zhidu templates`), with `check` warning about a
//! copy a later built-in has moved on from.

use crate::support::{all_paths, zhidu, TestDir, TestProject, INPUT_KINDS};

#[test]
fn init_writes_config_and_header_only_inputs_that_check_without_errors() {
    let tmp = TestDir::new("init");
    // A folder that does not exist yet: init makes it.
    let dir = tmp.path().join("project");
    let d = dir.to_str().expect("utf-8 path");
    let r = zhidu(&["init", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("header-only"), "{}", r.stdout);
    // The config is the commented default; one workbook per kind; no templates.
    let config = std::fs::read_to_string(dir.join("zhidu.toml")).expect("zhidu.toml");
    assert_eq!(config, zhidu::config::DEFAULT_CONFIG_TOML);
    let mut expected: Vec<String> = INPUT_KINDS.iter().map(|k| format!("inputs/{k}.xlsx")).collect();
    expected.extend(["inputs", "outputs", "zhidu.toml"].map(String::from));
    expected.sort();
    assert_eq!(all_paths(&dir), expected);

    // Each workbook is the kind's header row, required columns first, and no record.
    let roster = std::fs::read(dir.join("inputs/roster.xlsx")).expect("roster");
    let rows = crate::support::xlsx::text_rows(&roster, "员工花名册");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][..4], ["工号", "姓名", "部门", "基本工资"]);

    // check: no errors; the empty roster and daily inputs are warnings that say so.
    let r = zhidu(&["--project", d, "check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("0 errors, 4 warnings"), "{}", r.stdout);
    for kind in ["roster", "schedule", "punches", "calls"] {
        assert!(
            r.stdout
                .contains(&format!("inputs/{kind}.xlsx: warning: no records yet: put the ")),
            "{kind}: {}",
            r.stdout
        );
    }
    assert!(
        r.stdout.contains(
            "complaints       inputs/complaints.xlsx › 投诉登记: format table, header row 1, no records\n"
        ),
        "{}",
        r.stdout
    );
    let json = zhidu(&["--project", d, "check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["errors"], 0);
    assert_eq!(v["inputs"].as_array().map(Vec::len), Some(INPUT_KINDS.len()));
    assert!(v["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .all(|i| i["records"] == 0 && i["header_row"] == 1 && i["error"].is_null()));
}

#[test]
fn init_sample_is_the_sample_month_and_init_refuses_to_overwrite() {
    let tmp = TestDir::new("init-sample");
    let dir = tmp.path().join("project");
    let d = dir.to_str().expect("utf-8 path");
    let r = zhidu(&["init", "--sample", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (name, bytes) in zhidu::samples::sample_files().expect("samples") {
        assert_eq!(
            std::fs::read(dir.join("inputs").join(&name)).expect(&name),
            bytes,
            "{name}"
        );
    }
    // No templates: the built-in ones are used, so later fixes reach the project.
    assert!(!dir.join("templates").exists());
    let r = zhidu(&["--project", d, "check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("0 errors, 0 warnings"), "{}", r.stdout);

    // A second init refuses and leaves an edited file alone.
    std::fs::write(dir.join("zhidu.toml"), "# edited\n").expect("edit");
    let r = zhidu(&["init", d]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("already exist and were left alone (use --force"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("zhidu.toml"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("zhidu.toml")).expect("read"),
        "# edited\n"
    );

    // --force writes zhidu.toml again and keeps the sample inputs (not made blank).
    let before = std::fs::read(dir.join("inputs/punches.xlsx")).expect("punches");
    let r = zhidu(&["init", "--force", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("zhidu.toml")).expect("read"),
        zhidu::config::DEFAULT_CONFIG_TOML
    );
    assert_eq!(
        std::fs::read(dir.join("inputs/punches.xlsx")).expect("punches"),
        before
    );
    assert!(
        r.stdout.contains("kept 13 existing input file(s)"),
        "{}",
        r.stdout
    );
}

#[test]
fn init_comments_zhidu_toml_in_the_language_zhidu_speaks() {
    use zhidu::config::{DEFAULT_CONFIG_TOML, DEFAULT_CONFIG_TOML_ZH};
    let tmp = TestDir::new("init-lang");
    let cases: [(&str, &[&str], Option<&str>, &str); 4] = [
        (
            "flag-after",
            &["init", "--lang", "zh"],
            None,
            DEFAULT_CONFIG_TOML_ZH,
        ),
        (
            "flag-before",
            &["--lang", "zh", "init"],
            None,
            DEFAULT_CONFIG_TOML_ZH,
        ),
        ("variable", &["init"], Some("zh"), DEFAULT_CONFIG_TOML_ZH),
        (
            "english",
            &["--lang", "en", "init"],
            Some("zh"),
            DEFAULT_CONFIG_TOML,
        ),
    ];
    let mut configs = Vec::new();
    for (name, args, var, expected) in cases {
        let dir = tmp.path().join(name);
        let mut cmd = crate::support::run::command();
        cmd.args(args).arg(&dir);
        if let Some(lang) = var {
            cmd.env("ZHIDU_LANG", lang);
        }
        let r = crate::support::run(cmd);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let text = std::fs::read_to_string(dir.join("zhidu.toml")).expect("zhidu.toml");
        assert_eq!(text, expected, "{name}");
        configs.push(
            zhidu::config::Project::load(&dir)
                .expect("the config parses")
                .config,
        );
    }
    // The Chinese file's comments are Chinese; both files give the same settings.
    assert!(DEFAULT_CONFIG_TOML_ZH.contains("# 考勤（ATT-2 … ATT-5）"));
    assert!(DEFAULT_CONFIG_TOML.contains("# Attendance (ATT-2 … ATT-5)"));
    assert!(configs.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(configs[0], zhidu::config::Config::default());
}

#[test]
fn templates_are_listed_and_copied_and_a_stale_copy_is_a_warning() {
    let p = TestProject::init("templates-copy");
    let list = p.zhidu(&["templates", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    for line in [
        "deductions.xml ",
        "月度扣款表 (report deductions)  [built-in]",
        "notice.xml ",
        "manual/04-pay.md ",
    ] {
        assert!(list.stdout.contains(line), "{line}: {}", list.stdout);
    }
    assert!(!list.stdout.contains("README"), "{}", list.stdout);

    // A copy: the built-in text after one comment line naming it; refused the second time.
    let r = p.zhidu(&["templates", "copy", "csat"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let copy = std::fs::read_to_string(p.path("templates/csat.xml")).expect("copy");
    let built_in = zhidu::render::templates::DEFAULT_TEMPLATES
        .iter()
        .find(|(n, _)| *n == "csat.xml")
        .map(|(_, t)| *t)
        .expect("built-in csat.xml");
    let (first, rest) = copy.split_once('\n').expect("a comment line");
    assert!(first.starts_with("{#- zhidu: copied from the built-in template csat.xml of zhidu "));
    assert_eq!(rest, built_in);
    let again = p.zhidu(&["templates", "copy", "csat.xml"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(p.zhidu(&["templates", "copy", "csat.xml", "--force"]).code, 0);
    let unknown = p.zhidu(&["templates", "copy", "payroll"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("deductions.xml"), "{}", unknown.stderr);

    // The copy renders exactly what the built-in one does.
    let run = |label: &str| {
        let r = p.zhidu(&["run", "--report", "csat", "--period", "2026-10", "-q"]);
        assert_eq!(r.code, 0, "{label}: {}", r.stderr);
        std::fs::read(p.path("outputs/2026-10/csat.pdf")).expect("csat.pdf")
    };
    let with_copy = run("copy");
    std::fs::remove_file(p.path("templates/csat.xml")).expect("remove");
    assert!(run("built-in") == with_copy, "the copy renders differently");

    // Copied and current: listed, no warning. A user's own file: an override.
    assert_eq!(p.zhidu(&["templates", "copy", "manual/04-pay"]).code, 0);
    std::fs::write(p.path("templates/weekly.xml"), built_in.replace("csat", "weekly")).expect("own");
    let list = p.zhidu(&["templates", "list"]);
    assert!(
        list.stdout.contains("[copied into templates/, unedited]"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout
            .contains("[replaced by the project's own file in templates/]"),
        "{}",
        list.stdout
    );
    let check = p.zhidu(&["check"]);
    assert!(check.stdout.contains("0 errors, 0 warnings"), "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("  weekly.xml: replaced by the project's own file in templates/\n"),
        "{}",
        check.stdout
    );

    // A copy of an earlier built-in text (another hash in its line): a warning.
    let chapter = std::fs::read_to_string(p.path("templates/manual/04-pay.md")).expect("chapter");
    let hash = chapter
        .split("sha256 ")
        .nth(1)
        .and_then(|h| h.get(..64))
        .expect("a hash");
    let older = chapter.replacen(hash, &"0".repeat(64), 1);
    std::fs::write(p.path("templates/manual/04-pay.md"), older).expect("older copy");
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("0 errors, 1 warning"), "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "templates/manual/04-pay.md: warning: copied from the built-in manual/04-pay.md of zhidu "
        ),
        "{}",
        check.stdout
    );
    assert!(p
        .zhidu(&["templates", "list"])
        .stdout
        .contains("the built-in one has changed since]"),);
}
