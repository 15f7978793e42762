//! Refusals that teach: a summary of statuses given as punches says what to
//! export instead; a workbook whose sheets all fail reports every sheet; a
//! column is suggested only when it really resembles; headers and values are
//! shown on one line with control characters escaped.

use super::{errors, load, project};
use crate::support::xlsx::workbook;

#[test]
fn wecom_monthly_report_given_as_punches_names_the_daily_report() {
    let month = vec![
        vec!["上下班打卡_月报"],
        vec!["统计时间:2026-02-01 ～ 2026-02-28"],
        vec![
            "姓名",
            "账号",
            "部门",
            "职务",
            "工号",
            "所属规则",
            "应打卡天数(天)",
            "正常天数(天)",
            "异常天数(天)",
            "迟到次数(次)",
            "缺卡次数(次)",
        ],
        vec![
            "李明",
            "LiMing",
            "创新事业部",
            "--",
            "--",
            "弹性打卡",
            "20",
            "19",
            "1",
            "1",
            "0",
        ],
    ];
    let summary = vec![
        vec!["概况统计与打卡明细"],
        vec!["时间", "姓名", "账号", "基础信息", "", "", "考勤概况"],
        vec!["", "", "", "部门", "职务", "工号", "打卡次数(次)", "考勤结果"],
        vec![
            "2026/02/28 星期六",
            "李明",
            "LiMing",
            "创新事业部",
            "--",
            "--",
            "2",
            "正常",
        ],
    ];
    let l = load(
        "refuse_wecom",
        &[("punches", "path = \"inputs/月报.xlsx\"\n")],
        &[(
            "inputs/月报.xlsx",
            workbook(&[("月报", month), ("概况统计与打卡明细", summary)]),
        )],
    );
    let msg = "a monthly/daily summary of statuses, not punch times (WeCom 上下班打卡 月报, or the 日报's 概况统计 sheet) — export 上下班打卡_日报 and use its sheet 打卡详情";
    assert_eq!(
        errors(&l),
        vec![
            format!("inputs/月报.xlsx › 月报: {msg}"),
            format!("inputs/月报.xlsx › 概况统计与打卡明细: {msg}"),
        ]
    );
    // Both sheets appear in `zhidu check`'s list of inputs.
    let tried: Vec<_> = l.inputs.iter().map(|i| i.sheet.as_deref()).collect();
    assert_eq!(tried, vec![Some("月报"), Some("概况统计与打卡明细")]);
}

#[test]
fn dingtalk_summaries_point_to_the_raw_sheet() {
    let head = ["姓名", "考勤组", "部门", "工号", "职位", "UserId"];
    let mut monthly = head.to_vec();
    monthly.extend(["出勤天数", "休息天数", "工作时长", "迟到次数", "考勤结果"]);
    let mut daily = head.to_vec();
    daily.extend([
        "日期",
        "班次",
        "上班1打卡时间",
        "上班1打卡结果",
        "下班1打卡时间",
        "下班1打卡结果",
        "出勤天数",
    ]);
    let l = load(
        "refuse_dingtalk",
        &[("punches", "path = \"inputs/考勤报表.xlsx\"\n")],
        &[(
            "inputs/考勤报表.xlsx",
            workbook(&[
                (
                    "月度汇总",
                    vec![vec!["月度汇总 统计日期：2026-05-01 至 2026-05-31"], monthly],
                ),
                (
                    "每日统计",
                    vec![vec!["每日汇总 统计日期：2026-05-01 至 2026-05-31"], daily],
                ),
            ]),
        )],
    );
    assert_eq!(
        errors(&l),
        vec![
            "inputs/考勤报表.xlsx › 月度汇总: a monthly summary of statuses, not punch times (DingTalk 月度汇总) — use sheet 原始记录 of the same 考勤报表 (inputs.punches.sheet = \"原始记录\"), or its sheet 打卡时间",
            "inputs/考勤报表.xlsx › 每日统计: a daily summary of statuses, not punch times (DingTalk 每日统计) — use sheet 原始记录 of the same 考勤报表 (inputs.punches.sheet = \"原始记录\"), or its sheet 打卡时间",
        ]
    );
}

#[test]
fn no_closest_column_unless_it_really_resembles() {
    // An Asterisk-like header without agent or direction columns: Context is not 坐席,
    // Date is not 呼叫方向.
    let csv = "Context,Date,Start Time,Talk Time\nfrom-pstn,2026-11-03,2026-11-03 09:00:00,60\n";
    let l = load(
        "refuse_closest",
        &[("calls", "path = \"inputs/c.csv\"\n")],
        &[("inputs/c.csv", csv.as_bytes().to_vec())],
    );
    let e = errors(&l);
    assert_eq!(e.len(), 1);
    assert!(e[0].contains("missing column 坐席工号"), "{}", e[0]);
    assert!(!e[0].contains("closest"), "{}", e[0]);
    // A slip of the pen is named.
    let csv = "坐席工号,开始时间,通话时长(秒),呼叫放向\n8001,2026-11-03 09:00:00,60,呼入\n";
    let l = load(
        "refuse_closest_slip",
        &[("calls", "path = \"inputs/c.csv\"\n")],
        &[("inputs/c.csv", csv.as_bytes().to_vec())],
    );
    assert!(
        errors(&l)[0].contains(
            "; closest: \"呼叫放向\" (D) is like \"呼叫方向\" — rename it, or add it under [inputs.calls.aliases]"
        ),
        "{:?}",
        errors(&l)
    );
}

#[test]
fn headers_and_values_are_shown_on_one_line_with_control_characters_escaped() {
    let rows = vec![
        vec!["工号", "打卡\r\n地点", "考勤\n备注"],
        vec!["E001", "东门", ""],
    ];
    let l = load(
        "refuse_one_line",
        &[("punches", "path = \"inputs/p.xlsx\"\n")],
        &[("inputs/p.xlsx", workbook(&[("Sheet1", rows)]))],
    );
    let e = errors(&l);
    assert!(
        e[0].ends_with("; row 1 reads: 工号, 打卡 地点, 考勤 备注"),
        "{e:?}"
    );
    // A value with a control character, in text and in JSON.
    let p = project(
        "refuse_escape",
        &[("punches", "path = \"inputs/p.csv\"\n")],
        &[(
            "inputs/p.csv",
            "工号,打卡时间\nE001,\"2026-11-03\u{7}08:31\"\n"
                .as_bytes()
                .to_vec(),
        )],
    );
    let text = p.zhidu(&["check"]);
    assert!(
        text.stdout
            .contains("p!B2: \"2026-11-03\\u{7}08:31\" is not a date and time"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains('\u{7}'));
    let json = p.zhidu(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let message = v["problems"][0]["message"].as_str().expect("message");
    assert!(message.starts_with("\"2026-11-03\\u{7}08:31\""), "{message}");
}
