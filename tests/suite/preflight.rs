//! `zhidu check` is `run`'s preflight: what would make a run fail makes `check`
//! fail first. A template that never ends is stopped. User mistakes on the
//! command line exit 1 or 2, never 3.

use crate::support::{inputs_config, TestProject};

/// A project reading nothing (every input optional and absent), with the sample templates.
fn empty_project(name: &str) -> TestProject {
    TestProject::with_config(name, &inputs_config(&[]))
}

#[test]
fn a_template_syntax_error_fails_check_as_it_fails_run() {
    let p = empty_project("pre-template");
    p.write(
        "templates/csat.xml",
        "<document>{% for r in rows %}<p>{{ r }}</p></document>\n",
    );
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("templates/csat.xml"), "{}", check.stdout);
    assert!(check.stdout.contains("--> csat.xml:2:1"), "{}", check.stdout);
    let run = p.zhidu(&["run", "--report", "csat", "--period", "2026-10"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--> csat.xml:2:1"), "{}", run.stderr);
}

#[test]
fn a_bad_font_and_a_missing_report_template_fail_check() {
    let p = empty_project("pre-font");
    let config = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        format!("{config}\n[render]\nfont = \"fonts/none.otf\"\n\n[reports.csat]\ntemplate = \"满意度\"\n"),
    );
    let check = p.zhidu(&["check", "--format", "json"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let v: serde_json::Value = serde_json::from_str(&check.stdout).expect("json");
    let messages: Vec<&str> = v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("zhidu.toml: render.font = \"fonts/none.otf\": cannot read")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("reports.csat.template: there is no template 满意度.xml")),
        "{messages:?}"
    );
    let run = p.zhidu(&["run", "--report", "csat", "--period", "2026-10"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    p.write("fonts/none.otf", "not a font");
    let check = p.zhidu(&["check"]);
    assert!(
        check.stdout.contains("not a usable OpenType/TrueType font"),
        "{}",
        check.stdout
    );
}

#[test]
fn a_template_that_never_ends_is_stopped_with_its_name() {
    let p = empty_project("pre-endless");
    p.write(
        "templates/csat.xml",
        "<document title=\"x\"><sheet name=\"a\">{% for i in range(end=100000) %}{% for j in range(end=100000) %}<p>很长的一段话</p>{% endfor %}{% endfor %}</sheet></document>\n",
    );
    let started = std::time::Instant::now();
    let run = p.zhidu(&["run", "--report", "csat", "--period", "2026-10"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("template csat.xml: one document rendered more than 64 MiB of markup"),
        "{}",
        run.stderr
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert!(!p.path("outputs/2026-10").exists());
}

#[test]
fn mistakes_on_the_command_line_exit_1_or_2_never_3() {
    let p = TestProject::sample("pre-exit");
    let register = std::fs::read(p.path("inputs/slips.xlsx")).expect("register");
    let long = "长".repeat(40_000);
    let slip = |subject: &str, date: &str| {
        p.zhidu(&[
            "slip",
            "new",
            "--class",
            "B",
            "--from",
            "客服部",
            "--to",
            "财务部",
            "--subject",
            subject,
            "--due",
            "2026-12-05",
            "--date",
            date,
        ])
    };
    for (what, r) in [
        ("an over-long subject", slip(&long, "2026-11-26")),
        ("year 1", slip("对账", "0001-01-01")),
        ("run year 1", p.zhidu(&["run", "--date", "0001-01-01"])),
        ("due year 9999", p.zhidu(&["due", "--date", "9999-12-31"])),
        (
            "a period in 1980",
            p.zhidu(&["run", "--report", "csat", "--period", "1980-01"]),
        ),
        (
            "an unknown report",
            p.zhidu(&["run", "--report", "nosuch", "--period", "2026-11"]),
        ),
    ] {
        assert!(matches!(r.code, 1 | 2), "{what}: exit {} {}", r.code, r.stderr);
        assert!(
            r.stderr.len() < 2_000 || what == "an over-long subject",
            "{what}: {}",
            r.stderr
        );
    }
    assert_eq!(
        std::fs::read(p.path("inputs/slips.xlsx")).expect("register"),
        register
    );
    assert!(!p.path("outputs").join("0001-01-01").exists());
}
