//! The language zhidu speaks, through the binary: `--lang` over `ZHIDU_LANG` over
//! the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English; JSON output in the
//! language asked for with English keys; the manifest and the runs log in English
//! whatever the language.

use crate::support::{run, Run, TestProject};

const EN: &str = "nothing falls due from 2026-11-30 to 2026-11-30";
const ZH: &str = "2026-11-30 至 2026-11-30 没有到期的报表";

/// `zhidu due --date 2026-11-30` (nothing falls due that day) with `flags` before
/// the command and the variables `env` set over the test's English environment
/// (`None` removes one).
fn due(p: &TestProject, flags: &[&str], env: &[(&str, Option<&str>)]) -> Run {
    let mut cmd = crate::support::run::command();
    cmd.arg("--project").arg(p.root()).args(flags);
    cmd.args(["due", "--date", "2026-11-30"]);
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    run(cmd)
}

/// A case: what it shows, the flags, the variables, what `due` says.
type Case<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, Option<&'a str>)], &'a str);

#[test]
fn the_flag_wins_over_zhidu_lang_which_wins_over_the_locale() {
    let p = TestProject::with_config("lang-precedence", zhidu::config::DEFAULT_CONFIG_TOML);
    let no_var = ("ZHIDU_LANG", None);
    let cases: [Case; 12] = [
        ("the tests' ZHIDU_LANG=en", &[], &[], EN),
        ("nothing set", &[], &[no_var], EN),
        (
            "LANG=zh_CN.UTF-8",
            &[],
            &[no_var, ("LANG", Some("zh_CN.UTF-8"))],
            ZH,
        ),
        (
            "LANG=de_DE.UTF-8",
            &[],
            &[no_var, ("LANG", Some("de_DE.UTF-8"))],
            EN,
        ),
        (
            "LC_MESSAGES before LANG",
            &[],
            &[
                no_var,
                ("LANG", Some("en_US.UTF-8")),
                ("LC_MESSAGES", Some("zh_CN.UTF-8")),
            ],
            ZH,
        ),
        (
            "LC_ALL before LC_MESSAGES",
            &[],
            &[
                no_var,
                ("LC_ALL", Some("C")),
                ("LC_MESSAGES", Some("zh_CN.UTF-8")),
            ],
            EN,
        ),
        (
            "ZHIDU_LANG before the locale",
            &[],
            &[("ZHIDU_LANG", Some("zh")), ("LC_ALL", Some("en_US.UTF-8"))],
            ZH,
        ),
        (
            "ZHIDU_LANG=en before a Chinese locale",
            &[],
            &[("ZHIDU_LANG", Some("en")), ("LC_ALL", Some("zh_CN.UTF-8"))],
            EN,
        ),
        (
            "an unknown ZHIDU_LANG leaves it to the locale",
            &[],
            &[("ZHIDU_LANG", Some("fr")), ("LANG", Some("zh_TW.UTF-8"))],
            ZH,
        ),
        ("--lang zh before ZHIDU_LANG=en", &["--lang", "zh"], &[], ZH),
        (
            "--lang en before ZHIDU_LANG=zh and the locale",
            &["--lang", "en"],
            &[("ZHIDU_LANG", Some("zh")), ("LANG", Some("zh_CN.UTF-8"))],
            EN,
        ),
        ("--lang=zh", &["--lang=zh"], &[], ZH),
    ];
    for (case, flags, env, expected) in cases {
        let r = due(&p, flags, env);
        assert_eq!(r.code, 0, "{case}: {}", r.stderr);
        assert_eq!(r.stdout.trim_end(), expected, "{case}");
    }
}

#[test]
fn a_refused_command_line_is_worded_in_the_language_asked_for() {
    let p = TestProject::with_config("lang-usage", zhidu::config::DEFAULT_CONFIG_TOML);
    let en = p.zhidu(&["due", "--date", "2026-13-01"]);
    let zh = p.zhidu(&["--lang", "zh", "due", "--date", "2026-13-01"]);
    assert_eq!((en.code, zh.code), (2, 2), "{}\n{}", en.stderr, zh.stderr);
    assert!(
        en.stderr
            .contains("`2026-13-01` is not a date (expected YYYY-MM-DD)"),
        "{}",
        en.stderr
    );
    assert!(
        zh.stderr.contains("“2026-13-01”不是日期（应为 YYYY-MM-DD）"),
        "{}",
        zh.stderr
    );
    // An error of the command itself: the same exit code in both languages.
    let en = p.zhidu(&["due", "--from", "2026-12-01", "--to", "2026-11-01"]);
    let zh = p.zhidu(&[
        "--lang",
        "zh",
        "due",
        "--from",
        "2026-12-01",
        "--to",
        "2026-11-01",
    ]);
    assert_eq!((en.code, zh.code), (1, 1));
    assert!(
        en.stderr
            .contains("error: --from 2026-12-01 is after --to 2026-11-01: the range must run forward"),
        "{}",
        en.stderr
    );
    assert!(
        zh.stderr
            .contains("错误：--from 2026-12-01 晚于 --to 2026-11-01：范围须从早到晚"),
        "{}",
        zh.stderr
    );
}

/// A sample project whose punches are gone: the 月度扣款表 is refused.
fn without_punches(name: &str) -> TestProject {
    let p = TestProject::sample(name);
    std::fs::remove_file(p.path("inputs/punches.xlsx")).expect("the punches removed");
    p
}

#[test]
fn json_output_follows_the_language_and_the_records_stay_english() {
    let p = without_punches("lang-json");
    let args = [
        "--lang",
        "zh",
        "run",
        "--report",
        "deductions",
        "--period",
        "2026-11",
        "--format",
        "json",
    ];
    let r = p.zhidu(&args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    // English keys and values that are codes; the message in Chinese.
    let report = &v["reports"][0];
    assert_eq!(report["report"], "deductions");
    assert_eq!(report["status"], "failed");
    let error = report["error"].as_str().expect("an error");
    assert!(error.starts_with("无法读取输入“punches”："), "{error}");
    // Terminal text in Chinese too.
    assert!(r.stderr.contains("1 份报表失败："), "{}", r.stderr);

    // The manifest and the runs log record the message in English.
    let manifest = std::fs::read_to_string(p.path("outputs/2026-11-30/manifest.json")).expect("manifest");
    let m: serde_json::Value = serde_json::from_str(&manifest).expect("manifest json");
    let recorded = m["reports"][0]["error"].as_str().expect("recorded error");
    assert!(
        recorded.starts_with("input `punches` could not be read: "),
        "{recorded}"
    );
    let log = std::fs::read_to_string(p.path("outputs/runs.jsonl")).expect("runs log");
    let last: serde_json::Value =
        serde_json::from_str(log.lines().last().expect("a line")).expect("runs log json");
    assert_eq!(last["reports"][0]["error"].as_str(), Some(recorded));
    assert!(!manifest.contains("无法读取"), "{manifest}");

    // The same run in English prints what the records hold.
    let r = p.zhidu(&args[2..]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["reports"][0]["error"].as_str(), Some(recorded));
}

#[test]
fn check_json_keeps_its_keys_and_speaks_the_language() {
    let p = without_punches("lang-check-json");
    let zh = p.zhidu(&[
        "--lang",
        "zh",
        "check",
        "--date",
        "2026-12-01",
        "--format",
        "json",
    ]);
    let en = p.zhidu(&["check", "--date", "2026-12-01", "--format", "json"]);
    assert_eq!(zh.code, en.code, "{}\n{}", zh.stderr, en.stderr);
    let zh: serde_json::Value = serde_json::from_str(&zh.stdout).expect("json");
    let en: serde_json::Value = serde_json::from_str(&en.stdout).expect("json");
    let refused = |v: &serde_json::Value| {
        v["due"]["reports"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["report"] == "deductions"))
            .and_then(|r| r["refused"].as_str())
            .map(str::to_string)
    };
    let (zh_refused, en_refused) = (refused(&zh), refused(&en));
    assert!(
        zh_refused
            .as_deref()
            .is_some_and(|r| r.starts_with("无法读取输入“punches”")),
        "{zh_refused:?}"
    );
    assert!(
        en_refused
            .as_deref()
            .is_some_and(|r| r.starts_with("input `punches` could not be read")),
        "{en_refused:?}"
    );
    // The same keys in both languages.
    let keys = |v: &serde_json::Value| -> Vec<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(keys(&zh), keys(&en));
    assert_eq!(zh["errors"], en["errors"]);
}
