//! Files shaped like each system's export (made here, not copied) read into the
//! records they hold: DingTalk, WeCom, ZKTeco, Asterisk, FreeSWITCH, 问卷星,
//! a wide schedule, and a table with its columns in another order and language.

use chrono::{NaiveDate, NaiveDateTime};
use zhidu::ingest::{self, Loaded};
use zhidu::model::{CallDirection, CallStatus};

use crate::support::xlsx::{workbook, Cell};
use crate::support::{inputs_config, TestProject};

/// The inputs read from a project with the given `[inputs.<kind>]` sections and files.
fn load(name: &str, sections: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> Loaded {
    let project = files.iter().fold(
        TestProject::with_config(name, &inputs_config(sections)),
        |p, (rel, bytes)| p.with_file(rel, bytes),
    );
    ingest::load(&project.load())
}

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|x| x.and_hms_opt(h, mi, s))
        .expect("datetime")
}

fn no_errors(l: &Loaded) {
    assert!(!l.has_errors(), "{:#?}", l.problems);
}

fn dingtalk_sheets() -> Vec<(&'static str, Vec<Vec<&'static str>>)> {
    vec![
        (
            "打卡时间",
            vec![
                vec!["打卡时间 统计日期：2026-06-01 至 2026-06-07"],
                vec!["报表生成时间：2026-06-08 10:00"],
                vec!["姓名", "考勤组", "部门", "工号", "职位", "UserId", "打卡时间"],
                vec!["", "", "", "", "", "", "1", "2", "3", "4", "5", "六", "日"],
                vec![
                    "张三",
                    "客服组",
                    "客服部",
                    "E001",
                    "客服",
                    "012345678901234567",
                    "08:25\n17:35 ",
                    "08:07外勤\n次日 01:02",
                ],
            ],
        ),
        (
            "原始记录",
            vec![
                vec![
                    "姓名",
                    "考勤组",
                    "部门",
                    "工号",
                    "职位",
                    "考勤日期",
                    "考勤时间",
                    "打卡时间",
                    "打卡结果",
                    "打卡地址",
                    "打卡备注",
                    "异常打卡原因",
                    "打卡设备",
                ],
                vec![
                    "张三",
                    "客服组",
                    "客服部",
                    "E001",
                    "客服",
                    "26-06-01 星期一",
                    "08:30",
                    "08:25",
                    "正常",
                    "文三路100号",
                    "",
                    "",
                    "iPhone",
                ],
                vec![
                    "张三",
                    "客服组",
                    "客服部",
                    "E001",
                    "客服",
                    "26-06-01 星期一",
                    "01:00",
                    "次日 01:02",
                    "正常",
                    "文三路100号",
                    "",
                    "",
                    "iPhone",
                ],
            ],
        ),
    ]
}

#[test]
fn dingtalk_wide_sheet_one_column_per_day_several_punches_per_cell() {
    let l = load(
        "dingtalk",
        &[(
            "punches",
            "path = \"inputs/dingtalk.xlsx\"\nformat = \"dingtalk\"\n",
        )],
        &[("inputs/dingtalk.xlsx", workbook(&dingtalk_sheets()))],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("dingtalk"));
    assert_eq!(l.inputs[0].sheet.as_deref(), Some("打卡时间"));
    assert_eq!(l.inputs[0].header_row, Some(3));
    let p = &l.data.punches;
    // Column G is day 1 (2026-06-01), H day 2; "次日 01:02" in day 2 is 2026-06-03 01:02.
    let got: Vec<(NaiveDateTime, Option<&str>)> = p.iter().map(|x| (x.at, x.remark.as_deref())).collect();
    assert_eq!(
        got,
        vec![
            (dt(2026, 6, 1, 8, 25, 0), None),
            (dt(2026, 6, 1, 17, 35, 0), None),
            (dt(2026, 6, 2, 8, 7, 0), Some("外勤")),
            (dt(2026, 6, 3, 1, 2, 0), None),
        ]
    );
    assert_eq!(p[2].employee.id.as_deref(), Some("E001"));
    assert_eq!(p[2].employee.name.as_deref(), Some("张三"));
    assert_eq!(
        p[2].source.locate("打卡时间"),
        "inputs/dingtalk.xlsx › 打卡时间!H5"
    );
}

#[test]
fn dingtalk_workbook_is_read_from_its_raw_sheet_by_default() {
    let l = load(
        "dingtalk_raw",
        &[("punches", "path = \"inputs/dingtalk.xlsx\"\n")],
        &[("inputs/dingtalk.xlsx", workbook(&dingtalk_sheets()))],
    );
    no_errors(&l);
    assert_eq!(l.inputs.len(), 1);
    assert_eq!(l.inputs[0].format.as_deref(), Some("dingtalk-raw"));
    let p = &l.data.punches;
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].at, dt(2026, 6, 1, 8, 25, 0));
    assert_eq!(p[0].device.as_deref(), Some("iPhone"));
    assert_eq!(p[0].result.as_deref(), Some("正常"));
    // 考勤日期 2026-06-01, 打卡时间 次日 01:02 → 2026-06-02 01:02.
    assert_eq!(p[1].at, dt(2026, 6, 2, 1, 2, 0));
    assert_eq!(p[1].source.cell("打卡时间"), "H3");
}

#[test]
fn wecom_punch_details_sheet() {
    let detail = vec![
        vec!["打卡详情"],
        vec!["统计时间:02-01 ～ 02-28     制表时间:2026-03-10 20:11(UTC+8)"],
        vec![
            "日期",
            "姓名",
            "账号",
            "部门",
            "职务",
            "所属规则",
            "打卡类型",
            "应打卡时间",
            "实际打卡时间",
            "打卡状态",
            "打卡地点",
            "打卡设备",
            "备注内容",
            "备注图片",
            "假勤申请",
        ],
        vec![],
        vec![
            "2026/02/27 星期五",
            "赵强",
            "ZhaoQiang",
            "示例/客服部",
            "--",
            "弹性",
            "上班",
            "09:00",
            "09:36",
            "迟到",
            "文三路",
            "iPhone",
            "--",
            "",
            "",
        ],
        vec![
            "2026/02/27 星期五",
            "赵强",
            "ZhaoQiang",
            "示例/客服部",
            "--",
            "弹性",
            "下班",
            "18:00",
            "１８：０５",
            "正常",
            "文三路",
            "iPhone",
            "--",
            "",
            "",
        ],
        vec![
            "2026/02/28 星期六",
            "赵强",
            "ZhaoQiang",
            "示例/客服部",
            "--",
            "弹性",
            "上班",
            "09:00",
            "--",
            "缺卡（09:00）",
            "--",
            "--",
            "--",
            "",
            "",
        ],
    ];
    let summary = vec![vec!["概况统计与打卡明细"], vec!["时间", "姓名", "账号"]];
    let l = load(
        "wecom",
        &[("punches", "path = \"inputs/wecom.xlsx\"\n")],
        &[(
            "inputs/wecom.xlsx",
            workbook(&[("概况统计与打卡明细", summary), ("打卡详情", detail)]),
        )],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("wecom"));
    assert_eq!(l.inputs[0].header_row, Some(3));
    let p = &l.data.punches;
    // The third row has no punch (`--`, 缺卡): two punches.
    assert_eq!(p.len(), 2);
    assert_eq!(p[0].at, dt(2026, 2, 27, 9, 36, 0));
    assert_eq!(p[1].at, dt(2026, 2, 27, 18, 5, 0));
    assert_eq!(p[0].result.as_deref(), Some("迟到"));
    assert_eq!(p[0].employee.name.as_deref(), Some("赵强"));
    assert_eq!(p[0].employee.id, None);
}

#[test]
fn zkteco_export_with_numeric_ids() {
    let head = [
        "部门",
        "姓名",
        "考勤号码",
        "日期时间",
        "记录状态",
        "机器号",
        "编号",
        "工种代码",
        "比对方式",
        "卡号",
    ];
    let rows = vec![
        head.iter().map(|h| Cell::Text(h)).collect(),
        vec![
            Cell::Text("客服部"),
            Cell::Text("张三"),
            Cell::Number(1.0),
            Cell::Text("2026/11/3 8:31"),
            Cell::Text("上班签到"),
            Cell::Number(1.0),
        ],
    ];
    let l = load(
        "zkteco",
        &[("punches", "path = \"inputs/zk.xlsx\"\n")],
        &[("inputs/zk.xlsx", workbook(&[("Sheet1", rows)]))],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("zkteco"));
    let p = &l.data.punches[0];
    // The number 1 (stored as 1.0) is the ID "1", never "1.0".
    assert_eq!(p.employee.id.as_deref(), Some("1"));
    assert_eq!(p.at, dt(2026, 11, 3, 8, 31, 0));
    assert_eq!(p.result.as_deref(), Some("上班签到"));
    assert_eq!(p.device.as_deref(), Some("1"));
}

const ASTERISK: &str = concat!(
    "\"\",\"13800000001\",\"4000\",\"from-pstn\",\"\"\"13800000001\"\" <13800000001>\",\"SIP/trunk-00000001\",\"\",\"Queue\",\"support\",\"2026-11-03 09:00:00\",\"2026-11-03 09:00:00\",\"2026-11-03 09:01:00\",60,60,\"ANSWERED\",\"DOCUMENTATION\",\"1762160400.1\",\"\",\"\",\"1762160400.1\",1\n",
    "\"\",\"13800000001\",\"8001\",\"from-queue\",\"\"\"13800000001\"\" <13800000001>\",\"Local/8001@from-queue-00000001;2\",\"SIP/8001-0000000a\",\"Dial\",\"SIP/8001\",\"2026-11-03 09:00:05\",\"2026-11-03 09:00:10\",\"2026-11-03 09:01:00\",55,50,\"ANSWERED\",\"DOCUMENTATION\",\"1762160405.2\",\"\",\"\",\"1762160400.1\",2\n",
    "\"\",\"13900000002\",\"4000\",\"from-pstn\",\"\"\"13900000002\"\" <13900000002>\",\"SIP/trunk-00000003\",\"SIP/8002-0000000b\",\"Dial\",\"SIP/8002\",\"2026-11-03 10:00:00\",\"\",\"2026-11-03 10:00:30\",30,0,\"NO ANSWER\",\"DOCUMENTATION\",\"1762164000.3\",\"\",\"\",\"1762164000.3\",3\n",
);

#[test]
fn asterisk_master_csv_rows_sharing_a_linkedid_are_one_call() {
    let l = load(
        "asterisk",
        &[("calls", "path = \"inputs/Master.csv\"\n")],
        &[("inputs/Master.csv", ASTERISK.as_bytes().to_vec())],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("asterisk"));
    assert_eq!(l.inputs[0].header_row, None);
    let c = &l.data.calls;
    assert_eq!(c.len(), 2);
    // linkedid 1762160400.1: the agent from the second row's dstchannel, talk = its
    // billsec 50, start = the first row's, wait = from entering the queue (the first
    // row, 09:00:00) to the agent's answer (09:00:10) = 10.
    assert_eq!(c[0].agent.id.as_deref(), Some("8001"));
    assert_eq!(c[0].call_id.as_deref(), Some("1762160400.1"));
    assert_eq!(c[0].start, dt(2026, 11, 3, 9, 0, 0));
    assert_eq!(c[0].talk_seconds, 50);
    assert_eq!(c[0].wait_seconds, Some(10));
    assert_eq!(c[0].status, CallStatus::Answered);
    assert_eq!(c[0].direction, CallDirection::Inbound);
    assert_eq!(c[1].agent.id.as_deref(), Some("8002"));
    assert_eq!(c[1].status, CallStatus::Missed);
    assert_eq!(c[1].talk_seconds, 0);
    assert_eq!(c[1].source.cell("坐席工号"), "G3");
}

#[test]
fn asterisk_agent_column_is_a_setting() {
    let l = load(
        "asterisk_src",
        &[("calls", "path = \"inputs/Master.csv\"\nagent_column = \"src\"\n")],
        &[("inputs/Master.csv", ASTERISK.as_bytes().to_vec())],
    );
    no_errors(&l);
    assert_eq!(l.data.calls[0].agent.id.as_deref(), Some("13800000001"));
    assert_eq!(l.data.calls[0].direction, CallDirection::Outbound);
}

#[test]
fn freeswitch_cdr_resaved_by_excel_in_gbk() {
    let text = concat!(
        "\"张三\",\"8001\",\"13800000001\",\"default\",\"2020/2/10 22:41\",\"2020/2/10 22:41\",\"2020/2/10 22:43\",120,115,\"NORMAL_CLEARING\",\"a1b2c3d4-0000-0000-0000-000000000001\",\"\",\"\",\"PCMA\",\"PCMA\"\n",
        "\"张三\",\"8001\",\"13800000002\",\"default\",\"2020/2/10 22:50\",\"\",\"2020/2/10 22:51\",40,0,\"ORIGINATOR_CANCEL\",\"a1b2c3d4-0000-0000-0000-000000000002\",\"\",\"\",\"PCMA\",\"PCMA\"\n",
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let l = load(
        "freeswitch",
        &[(
            "calls",
            "path = \"inputs/cdr.csv\"\nagent_column = \"caller_id_number\"\n",
        )],
        &[("inputs/cdr.csv", gbk.to_vec())],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("freeswitch"));
    let c = &l.data.calls;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].agent.id.as_deref(), Some("8001"));
    assert_eq!(c[0].start, dt(2020, 2, 10, 22, 41, 0));
    assert_eq!(c[0].talk_seconds, 115);
    assert_eq!(c[0].status, CallStatus::Answered);
    assert_eq!(c[0].direction, CallDirection::Outbound);
    assert_eq!(c[0].callee.as_deref(), Some("13800000001"));
    assert_eq!(c[1].status, CallStatus::Abandoned);
}

#[test]
fn wjx_text_export_with_score_and_agent_questions() {
    let rows = vec![
        vec![
            "序号",
            "提交答卷时间",
            "所用时间",
            "来自IP",
            "来源",
            "来源详情",
            "1、请问为您服务的客服坐席工号是?",
            "2、您对本次服务的满意度如何?(1-5分)",
        ],
        vec![
            "1",
            "2026/11/17 14:22:55",
            "136秒",
            "1.2.3.4(浙江-杭州)",
            "手机提交",
            "微信",
            "E001",
            "4分",
        ],
        vec![
            "2",
            "2026/11/17 15:02:01",
            "8秒",
            "1.2.3.5(浙江-杭州)",
            "手机提交",
            "微信",
            "E002",
            "(跳过)",
        ],
    ];
    let l = load(
        "wjx",
        &[(
            "surveys",
            "path = \"inputs/wjx.xlsx\"\nscore_column = \"满意度\"\nagent_question = \"坐席工号\"\n",
        )],
        &[("inputs/wjx.xlsx", workbook(&[("Sheet1", rows)]))],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("wjx"));
    let s = &l.data.surveys;
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].score, 4);
    assert_eq!(s[0].agent.id.as_deref(), Some("E001"));
    assert_eq!(s[0].date, NaiveDate::from_ymd_opt(2026, 11, 17).expect("d"));
    let skipped: Vec<String> = l
        .problems
        .iter()
        .filter(|p| p.message.contains("give no score"))
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        skipped,
        vec!["inputs/wjx.xlsx › Sheet1!H3: warning: 1 answer(s) give no score (blank or 跳过) and are not counted; the first is here"]
    );
}

#[test]
fn wide_schedule_with_title_month_and_weekday_row() {
    let rows = vec![
        vec!["2026年11月排班表"],
        vec!["工号", "姓名", "1", "2", "3", "4", "5", "6", "7"],
        vec!["", "", "日", "一", "二", "三", "四", "五", "六"],
        vec!["E001", "张三", "休", "白班", "晚班", "晚班", "白班", "", "休"],
    ];
    let l = load(
        "wide_schedule",
        &[("schedule", "path = \"inputs/schedule.xlsx\"\n")],
        &[("inputs/schedule.xlsx", workbook(&[("排班表", rows)]))],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].format.as_deref(), Some("wide"));
    assert_eq!(l.inputs[0].header_row, Some(2));
    let s = &l.data.schedule;
    // Seven day columns, one blank (day 6): six entries.
    assert_eq!(s.len(), 6);
    assert_eq!(s[2].date, NaiveDate::from_ymd_opt(2026, 11, 3).expect("d"));
    assert_eq!(s[2].shift, "晚班");
    assert_eq!(s[2].source.cell("班次"), "E4");
    assert_eq!(
        l.inputs[0].date_range,
        Some((
            NaiveDate::from_ymd_opt(2026, 11, 1).expect("d"),
            NaiveDate::from_ymd_opt(2026, 11, 7).expect("d")
        ))
    );
}

#[test]
fn columns_in_any_order_english_headers_and_config_aliases() {
    let rows = vec![
        vec![
            "Direction",
            "Talk Seconds",
            "分机号",
            "Start Time",
            "Call ID",
            "接通状态",
        ],
        vec!["呼出", "2:23", "8001", "2026-11-03 08:31:02", "C-1", "接通"],
        vec!["inbound", "0", "8002", "2026/11/3 9:00", "C-2", "放弃"],
    ];
    let l = load(
        "aliases",
        &[(
            "calls",
            "path = \"inputs/calls.xlsx\"\n[inputs.calls.aliases]\n\"坐席工号\" = [\"分机号\"]\n",
        )],
        &[("inputs/calls.xlsx", workbook(&[("Sheet1", rows)]))],
    );
    no_errors(&l);
    let c = &l.data.calls;
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].direction, CallDirection::Outbound);
    // 2:23 = 2 × 60 + 23 = 143 s.
    assert_eq!(c[0].talk_seconds, 143);
    assert_eq!(c[0].agent.id.as_deref(), Some("8001"));
    assert_eq!(c[0].start, dt(2026, 11, 3, 8, 31, 2));
    assert_eq!(c[1].status, CallStatus::Abandoned);
    assert_eq!(c[1].source.locate("开始时间"), "inputs/calls.xlsx › Sheet1!D3");
    // Both calls of agent 8001 and 8002 share nothing; two calls of one agent share one key.
    assert!(!std::sync::Arc::ptr_eq(&c[0].agent, &c[1].agent));
}

#[test]
fn two_row_merged_roster_header_and_long_text_ids() {
    let rows = vec![
        vec!["员工花名册（2026年11月）"],
        vec!["姓名", "基础信息", "", "", "薪资"],
        vec!["", "部门", "职务", "工号", "基本工资"],
        vec!["张三", "客服部", "客服专员", "012345678901234567", "4,500.50"],
    ];
    let l = load(
        "merged_header",
        &[("roster", "path = \"inputs/roster.xlsx\"\n")],
        &[("inputs/roster.xlsx", workbook(&[("花名册", rows)]))],
    );
    no_errors(&l);
    assert_eq!(l.inputs[0].header_row, Some(2));
    let e = &l.data.employees[0];
    assert_eq!(e.id, "012345678901234567");
    assert_eq!(e.base_pay, zhidu::model::Fen(450_050));
    assert_eq!(e.position.as_deref(), Some("客服专员"));
    assert_eq!(e.source.cell("工号"), "D4");
}
