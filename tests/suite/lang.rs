//! The language zhidu speaks: `zhidu check` on a punch time that is no time
//! (`25:61`) says so in Chinese with `--lang zh` or `ZHIDU_LANG=zh`, and in
//! English with `--lang en`; the exit code is the same (1) in every language,
//! and `--format json` keeps its keys English while its messages follow the
//! language.

use std::path::Path;

use crate::support::run::{run, zhidu_command};
use crate::support::xlsx::{workbook, Cell};
use crate::support::{inputs_config, Run, TestProject};

/// The Chinese words of the bad cell's message.
const ZH_NOT_A_TIME: &str = "\"25:61\" 不是时间（应为 HH:MM、HH:MM:SS 或时间单元格）";

/// The English words of the bad cell's message.
const EN_NOT_A_TIME: &str = "\"25:61\" is not a time (expected HH:MM, HH:MM:SS or a time cell)";

/// A project whose punches hold two good rows and, in C4, the time `25:61`.
fn project_with_a_bad_time() -> TestProject {
    let rows = vec![
        vec![Cell::Text("工号"), Cell::Text("日期"), Cell::Text("时间")],
        vec![Cell::Text("E001"), Cell::Text("2026-11-03"), Cell::Text("08:31")],
        vec![Cell::Text("E001"), Cell::Text("2026-11-03"), Cell::Text("18:02")],
        vec![Cell::Text("E001"), Cell::Text("2026-11-04"), Cell::Text("25:61")],
    ];
    TestProject::with_config(
        "lang_bad_time",
        &inputs_config(&[("punches", "path = \"inputs/punches.xlsx\"\n")]),
    )
    .with_file("inputs/punches.xlsx", workbook(&[("打卡记录", rows)]))
}

/// `zhidu [--lang LANG] check ARGS` (with `ZHIDU_LANG=env` when given) in the project.
fn check(root: &Path, lang: Option<&str>, env: Option<&str>, args: &[&str]) -> Run {
    let mut all: Vec<&str> = Vec::new();
    if let Some(l) = lang {
        all.extend(["--lang", l]);
    }
    all.push("check");
    all.extend(args);
    let mut cmd = zhidu_command(root, &all);
    if let Some(e) = env {
        cmd.env("ZHIDU_LANG", e);
    }
    run(cmd)
}

#[test]
fn a_bad_cell_is_told_in_the_language_asked_for_with_the_same_exit_code() {
    let p = project_with_a_bad_time();
    let place = "inputs/punches.xlsx › 打卡记录!C4";

    let zh = check(p.root(), Some("zh"), None, &[]);
    assert_eq!(zh.code, 1, "{zh:?}");
    assert!(
        zh.stdout.contains(&format!("{place}：{ZH_NOT_A_TIME}")),
        "{}",
        zh.stdout
    );
    assert!(!zh.stdout.contains("is not a time"), "{}", zh.stdout);

    // ZHIDU_LANG alone chooses Chinese too.
    let zh_env = check(p.root(), None, Some("zh"), &[]);
    assert_eq!(zh_env.code, 1, "{zh_env:?}");
    assert!(zh_env.stdout.contains(ZH_NOT_A_TIME), "{}", zh_env.stdout);

    let en = check(p.root(), Some("en"), None, &[]);
    assert_eq!(en.code, 1, "{en:?}");
    assert!(
        en.stdout.contains(&format!("{place}: {EN_NOT_A_TIME}")),
        "{}",
        en.stdout
    );
    assert!(!en.stdout.contains("不是时间"), "{}", en.stdout);
}

#[test]
fn json_keeps_english_keys_and_gives_the_message_in_the_language() {
    let p = project_with_a_bad_time();
    let json_of = |lang: &str| {
        let r = check(p.root(), Some(lang), None, &["--format", "json"]);
        assert_eq!(r.code, 1, "{r:?}");
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        v
    };
    let (zh, en) = (json_of("zh"), json_of("en"));
    for v in [&zh, &en] {
        assert_eq!(v["errors"], 1, "{v}");
        let problem = &v["problems"][0];
        assert_eq!(problem["file"], "inputs/punches.xlsx");
        assert_eq!(problem["sheet"], "打卡记录");
        assert_eq!(problem["cell"], "C4");
        assert_eq!(problem["severity"], "error");
    }
    assert_eq!(zh["problems"][0]["message"], ZH_NOT_A_TIME);
    assert_eq!(en["problems"][0]["message"], EN_NOT_A_TIME);
    // Both runs give the same keys, wherever they are.
    assert_eq!(keys(&zh), keys(&en));
}

/// Every key of a JSON value, by its path (`problems/0/message`).
fn keys(v: &serde_json::Value) -> Vec<String> {
    fn walk(v: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let here = format!("{at}/{k}");
                    out.push(here.clone());
                    walk(x, &here, out);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}
