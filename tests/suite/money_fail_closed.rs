//! Money is never computed from bad data: the 月度扣款表 is refused by an error
//! concerning the roster's people, by punches that do not cover its period and
//! by a scheduled person without a punch; an error about someone outside the
//! roster is set aside onto its 待核查 sheet; names are compared normalised;
//! `explain` names the bad cell instead of 缺卡. Real `zhidu` runs on CSV projects.

use crate::support::hr::hr_project;
use crate::support::xlsx::sheets_text;
use crate::support::{inputs_config, Run, TestProject};

const DEDUCTIONS: &[&str] = &["run", "--report", "deductions", "--period", "2026-11"];

fn manifest(p: &TestProject) -> serde_json::Value {
    let text = std::fs::read_to_string(p.path("outputs/2026-11-30/manifest.json")).expect("manifest");
    serde_json::from_str(&text).expect("JSON")
}

/// 张三 (K001) and 郑十一 (K009), on 常规 every day of November, on time.
fn two_people(name: &str) -> TestProject {
    hr_project(name, &[("K001", "张三", &[]), ("K009", "郑十一", &[])])
}

/// Replace the first `from` in a file of the project by `to`.
fn edit(p: &TestProject, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(p.path(rel)).expect("input");
    assert!(text.contains(from), "{rel} has no {from:?}");
    p.write(rel, text.replacen(from, to, 1));
}

fn assert_refused(r: &Run, reason: &str) {
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("deductions 2026-11: {reason}")),
        "{}",
        r.stderr
    );
}

#[test]
fn two_unreadable_punch_cells_stop_the_deductions_and_explain_names_them() {
    let p = two_people("k009");
    // ¥100 per day of 旷工, as the department that found this had it.
    let config = std::fs::read_to_string(p.path("zhidu.toml")).expect("config");
    p.write(
        "zhidu.toml",
        format!("{config}\n[rules.attendance]\nabsence_fine = 100\n"),
    );
    // K009's two punches of 11-10 (rows 80 and 81) cannot be read.
    edit(
        &p,
        "inputs/punches.csv",
        "K009,2026-11-10 08:25:00",
        "K009,2026-11-10 25:61",
    );
    edit(
        &p,
        "inputs/punches.csv",
        "K009,2026-11-10 17:35:00",
        "K009,2026-11-10 17:3x",
    );
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("\n2 errors, 0 warnings\n"),
        "{}",
        check.stdout
    );
    let r = p.zhidu(DEDUCTIONS);
    assert_refused(&r, "2 errors in the inputs it reads");
    assert!(
        r.stderr.contains("inputs/punches.csv › punches!B80"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("inputs/punches.csv › punches!B81"),
        "{}",
        r.stderr
    );
    let m = manifest(&p);
    assert_eq!(m["reports"][0]["status"], "failed");
    assert_eq!(m["reports"][0]["problems"].as_array().map(Vec::len), Some(2));
    // Nothing is rendered, so K009 is docked nothing.
    assert!(!p.path("outputs/2026-11").exists());

    // explain still runs, names the two cells on 11-10 instead of 缺卡/旷工, marks
    // that day's line as doubtful and says the sheet would be refused.
    let x = p.zhidu(&[
        "--lang",
        "zh",
        "explain",
        "--employee",
        "K009",
        "--period",
        "2026-11",
    ]);
    assert_eq!(x.code, 0, "{}", x.stderr);
    let out = &x.stdout;
    assert!(
        out.contains("月度扣款表 2026年11月 不会生成: 其读取的输入中有 2 个错误"),
        "{out}"
    );
    let day = out
        .lines()
        .find(|l| l.trim_start().starts_with("2026-11-10"))
        .unwrap_or_else(|| panic!("no line for 11-10: {out}"));
    assert!(day.contains("[打卡无法读取]"), "{day}");
    assert!(
        day.contains("打卡记录 inputs/punches.csv › punches!B80 无法读取（"),
        "{day}"
    );
    assert!(
        day.contains("打卡记录 inputs/punches.csv › punches!B81 无法读取（"),
        "{day}"
    );
    assert!(!day.contains("缺卡") && !day.contains("旷工"), "{day}");
    assert!(out.contains("2026-11-10 ATT-3"), "{out}");
    assert!(out.contains("存疑: 该日打卡记录无法读取"), "{out}");
}

#[test]
fn a_duplicate_id_in_the_roster_stops_the_run() {
    let p = two_people("duplicate");
    edit(&p, "inputs/roster.csv", "K009,郑十一", "k001,郑十一");
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "inputs/roster.csv › roster!A3: duplicate 工号 \"k001\": also in row 2 (张三 written \"K001\")"
        ),
        "{}",
        check.stdout
    );
    let r = p.zhidu(DEDUCTIONS);
    assert_refused(&r, "1 error in the inputs it reads");
    assert!(!p.path("outputs/2026-11").exists());
}

#[test]
fn a_bad_cell_of_someone_outside_the_roster_is_set_aside_on_the_sheet_to_check() {
    let p = two_people("outsider");
    // The export is the whole company's: 赵六 (E900) is in another department.
    let mut punches = std::fs::read_to_string(p.path("inputs/punches.csv")).expect("punches");
    punches.push_str("E900,2026-11-03 08:20:00\nE900,2026-11-03 25:61\n");
    p.write("inputs/punches.csv", punches);
    // `check` lists the error; the strict reports stop on it.
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let weekly = p.zhidu(&["run", "--report", "weekly", "--period", "2026-11-02..2026-11-08"]);
    assert_eq!(weekly.code, 1, "{}", weekly.stderr);
    // The deductions are made, and list the cell on 待核查.
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m = manifest(&p);
    let job = &m["reports"][0];
    assert_eq!(job["status"], "ok");
    assert_eq!(job["problems"][0]["severity"], "warning");
    assert_eq!(job["problems"][0]["cell"], "B123");
    assert!(
        job["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("E900 is not in the roster")),
        "{job}"
    );
    let sheet = std::fs::read(p.path("outputs/2026-11/deductions.xlsx")).expect("sheet");
    let (_, to_check) = sheets_text(&sheet)
        .into_iter()
        .find(|(n, _)| n == "待核查")
        .expect("待核查");
    assert!(
        to_check.contains("inputs/punches.csv › punches!B123"),
        "{to_check}"
    );

    // The same bad cell under a 工号 near K009's (K-0009) is the roster's business: refused.
    let text = std::fs::read_to_string(p.path("inputs/punches.csv")).expect("punches");
    p.write("inputs/punches.csv", text.replace("E900,", "K-0009,"));
    let r = p.zhidu(DEDUCTIONS);
    assert_refused(&r, "2 errors in the inputs it reads");
    assert!(
        r.stderr.contains(
            "employee \"K-0009\" is not in the roster, but nearly matches employee \"K009\" (郑十一)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn the_sheet_to_check_is_chinese_whatever_the_language_spoken() {
    let p = two_people("outsider-lang");
    let mut punches = std::fs::read_to_string(p.path("inputs/punches.csv")).expect("punches");
    punches.push_str("E900,2026-11-03 08:20:00\nE900,2026-11-03 25:61\n");
    p.write("inputs/punches.csv", punches);
    let sheet_in = |lang: &str| {
        let mut args = vec!["--lang", lang];
        args.extend_from_slice(DEDUCTIONS);
        let r = p.zhidu(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        std::fs::read(p.path("outputs/2026-11/deductions.xlsx")).expect("sheet")
    };
    let english = sheet_in("en");
    let chinese = sheet_in("zh");
    assert!(english == chinese, "the 月度扣款表 changed with --lang");
    let (_, to_check) = sheets_text(&chinese)
        .into_iter()
        .find(|(n, _)| n == "待核查")
        .expect("待核查");
    assert!(to_check.contains("E900不在花名册中"), "{to_check}");
    assert!(!to_check.contains("is not in the roster"), "{to_check}");
}

/// A roster of 张三 (K001) and 阿依古丽·买买提 (K005, U+00B7); the schedule and the
/// punches name people by 姓名 as `exported`, punches as `punched`.
fn by_name(name: &str, exported: &str, punched: &str) -> TestProject {
    let config = inputs_config(&[
        ("roster", "path = \"inputs/roster.csv\"\n"),
        ("schedule", "path = \"inputs/schedule.csv\"\n"),
        ("punches", "path = \"inputs/punches.csv\"\n"),
    ]);
    let p = TestProject::with_config(name, &config);
    p.write(
        "inputs/roster.csv",
        "工号,姓名,部门,基本工资\nK001,张三,客服部,4000.00\nK005,阿依古丽·买买提,客服部,4000.00\n",
    );
    let (mut schedule, mut punches) = (String::from("姓名,日期,班次\n"), String::from("姓名,打卡时间\n"));
    for (s, q) in [("张三", "张三"), (exported, punched)] {
        for d in 1..=30 {
            schedule.push_str(&format!("{s},2026-11-{d:02},常规\n"));
            punches.push_str(&format!(
                "{q},2026-11-{d:02} 08:25:00\n{q},2026-11-{d:02} 17:35:00\n"
            ));
        }
    }
    p.write("inputs/schedule.csv", schedule);
    p.write("inputs/punches.csv", punches);
    p
}

#[test]
fn a_name_written_with_another_middle_dot_is_the_same_person() {
    // U+2022 in the exports.
    let p = by_name("dot", "阿依古丽•买买提", "阿依古丽•买买提");
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let x = p.zhidu(&[
        "--lang",
        "zh",
        "explain",
        "--employee",
        "K005",
        "--period",
        "2026-11",
    ]);
    assert!(x.stdout.contains("实出勤 30 天"), "{}", x.stdout);
    assert!(x.stdout.contains("旷工 0 天"), "{}", x.stdout);
    assert!(x.stdout.contains("扣款明细 (0 笔, 合计 ¥0.00)"), "{}", x.stdout);
}

#[test]
fn a_name_nearly_the_roster_s_is_an_error_naming_both() {
    // A full stop for the dot: not the same, but near.
    let p = by_name("near", "阿依古丽.买买提", "阿依古丽.买买提");
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "inputs/punches.csv › punches!A62: employee named \"阿依古丽.买买提\" is not in the roster, but nearly matches employee \"K005\" (阿依古丽·买买提) (姓名, inputs/roster.csv › roster!B3)"
        ),
        "{}",
        check.stdout
    );
    let r = p.zhidu(DEDUCTIONS);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!p.path("outputs/2026-11").exists());
}

#[test]
fn a_scheduled_person_who_vanished_from_the_punches_refuses_the_deductions() {
    // The punch export writes her in a way nothing near the roster's: she vanishes.
    let p = by_name("vanished", "阿依古丽·买买提", "古丽");
    let r = p.zhidu(DEDUCTIONS);
    assert_refused(
        &r,
        "1 rostered person with a schedule and not one punch in 2026-11",
    );
    assert!(
        r.stderr.contains(
            "inputs/roster.csv › roster!A3: K005 阿依古丽·买买提 is scheduled to work 30 days of 2026-11 (the first 2026-11-01, inputs/schedule.csv › schedule!C32) and not one punch in the period names them"
        ),
        "{}",
        r.stderr
    );
    assert!(!p.path("outputs/2026-11").exists());
    // check --date of the run that makes the sheet fails on it too.
    let check = p.zhidu(&["check", "--date", "2026-12-01"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("deductions 2026-11 (月度扣款表, due 2026-12-01): would be refused: 1 rostered person"),
        "{}",
        check.stdout
    );
}

#[test]
fn punches_that_stop_before_the_period_ends_refuse_it_and_check_shows_the_dates() {
    let p = two_people("coverage");
    // The export covers 11-08..11-17 only.
    let punches: String = std::fs::read_to_string(p.path("inputs/punches.csv"))
        .expect("punches")
        .lines()
        .filter(|l| !l.contains(",2026-11-") || (8..=17).any(|d| l.contains(&format!(",2026-11-{d:02} "))))
        .map(|l| format!("{l}\n"))
        .collect();
    p.write("inputs/punches.csv", punches);
    let r = p.zhidu(DEDUCTIONS);
    assert_refused(&r, "the punches do not cover 2026-11");
    assert!(
        r.stderr.contains(
            "inputs/punches.csv: the punches cover 2026-11-08..2026-11-17 but 2026-11 has scheduled working days from 2026-11-01 to 2026-11-30: 20 of them (2026-11-01..2026-11-07, 2026-11-18..2026-11-30) lie outside every punch file"
        ),
        "{}",
        r.stderr
    );
    assert!(!p.path("outputs/2026-11").exists());
    let check = p.zhidu(&["check", "--date", "2026-12-01"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "  deductions 2026-11 (月度扣款表, due 2026-12-01): would be refused: the punches do not cover 2026-11\n    schedule 2026-11-01..2026-11-30 covers it; punches 2026-11-08..2026-11-17 misses 2026-11-01..2026-11-07, 2026-11-18..2026-11-30\n"
        ),
        "{}",
        check.stdout
    );
    // On a day nothing is due, check does not fail on it.
    let check = p.zhidu(&["check", "--date", "2026-12-02"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let json = p.zhidu(&["check", "--date", "2026-12-01", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["due"]["reports"][0]["report"], "deductions");
    assert_eq!(
        v["due"]["reports"][0]["inputs"][1]["ranges"],
        serde_json::json!([{"start": "2026-11-08", "end": "2026-11-17"}])
    );
}
