//! `zhidu records KIND`: what zhidu understood from an export, one record per row,
//! canonical fields and the cell each record came from.

use super::project;

fn punches() -> crate::support::TestProject {
    project(
        "records",
        &[("punches", "path = \"inputs/p.csv\"\n")],
        &[(
            "inputs/p.csv",
            "工号,姓名,打卡时间,备注\r\n0001 ,张三,2026/11/3 8:31,\"外勤, 东门\"\r\n0002,李四,2026-11-03 25:61,\r\n"
                .as_bytes()
                .to_vec(),
        )],
    )
}

#[test]
fn csv_opens_in_excel_with_the_chinese_intact() {
    let p = punches();
    let out = crate::support::run::command()
        .args(["--project", p.root_str(), "records", "punches"])
        .output()
        .expect("zhidu runs");
    // A bad cell is a problem on standard error and exit 1; the records still print.
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(out.stdout[3..].to_vec()).expect("utf-8");
    assert_eq!(
        text,
        "工号,姓名,打卡时间,设备,打卡结果,备注,source\r\n0001,张三,2026-11-03 08:31:00,,,\"外勤, 东门\",inputs/p.csv › p!C2\r\n"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "inputs/p.csv › p!C3: \"2026-11-03 25:61\" is not a date and time (expected a date and time such as 2026-11-03 08:31:02, 2026/11/3 8:31 or a date-time cell)"
    );
}

#[test]
fn json_is_one_array_keyed_by_the_canonical_names_and_source() {
    let p = punches();
    let run = p.zhidu(&["records", "punches", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        v,
        serde_json::json!([{
            "工号": "0001",
            "姓名": "张三",
            "打卡时间": "2026-11-03 08:31:00",
            "设备": null,
            "打卡结果": null,
            "备注": "外勤, 东门",
            "source": "inputs/p.csv › p!C2"
        }])
    );
}

#[test]
fn an_unknown_kind_is_a_usage_error_listing_the_kinds() {
    let p = punches();
    let run = p.zhidu(&["records", "punch"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`punch` is not an input kind (expected one of: roster, schedule, punches, calls, surveys, complaints, violations, leaves, service_requests, slips, corrections, client_records, fund_expenses)"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_roster_shows_each_email_and_never_the_notice_password() {
    let p = crate::support::TestProject::sample("records-roster");
    let run = p.zhidu(&["records", "roster", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let first = &v[0];
    assert_eq!(first["工号"], "K001");
    assert_eq!(first["邮箱"], "k001@example.com");
    // The password column is read for the mailed notice, and shown nowhere.
    let keys: std::collections::BTreeSet<&str> = first
        .as_object()
        .expect("a record")
        .keys()
        .map(String::as_str)
        .collect();
    let expected = [
        "工号",
        "姓名",
        "部门",
        "基本工资",
        "岗位",
        "班次",
        "入职日期",
        "状态",
        "离职日期",
        "邮箱",
        "source",
    ];
    assert_eq!(keys, expected.into_iter().collect());
}
