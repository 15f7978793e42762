//! The story's facts, checked on the generated records and on the written workbooks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::sync::OnceLock;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};

use super::generate::{self, Samples};
use super::story;
use super::*;

fn samples() -> &'static Samples {
    static SAMPLES: OnceLock<Samples> = OnceLock::new();
    SAMPLES.get_or_init(|| match generate::build() {
        Ok(s) => s,
        Err(e) => panic!("the story does not generate: {e:#}"),
    })
}

fn files() -> &'static Vec<(String, Vec<u8>)> {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| match sample_files() {
        Ok(f) => f,
        Err(e) => panic!("the samples do not write: {e:#}"),
    })
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_else(|| panic!("bad date {m}-{day}"))
}

fn dt(m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(m, day)
        .and_hms_opt(h, min, 0)
        .unwrap_or_else(|| panic!("bad time {h}:{min}"))
}

/// Shift-days and the punches inside each one's window (4 h before the start to
/// 6 h after the end, ATT-4), evaluated independently of the generator's own
/// bookkeeping: `(agent, date) -> (shift start, shift end, punches)`.
type ShiftDays = BTreeMap<(&'static str, NaiveDate), (NaiveDateTime, NaiveDateTime, Vec<NaiveDateTime>)>;

fn shift_days() -> ShiftDays {
    let s = samples();
    let mut days: ShiftDays = BTreeMap::new();
    for row in &s.schedule {
        if row.code == story::REST {
            continue;
        }
        let (start, end) = generate::shift_bounds(row.code, row.date).unwrap_or_else(|e| panic!("{e}"));
        days.insert((row.agent.id, row.date), (start, end, Vec::new()));
    }
    for p in &s.punches {
        for ((id, _), (start, end, punches)) in days.iter_mut() {
            if *id == p.agent.id && *start - Duration::hours(4) <= p.at && p.at <= *end + Duration::hours(6) {
                punches.push(p.at);
            }
        }
    }
    days
}

/// Late arrivals per agent in a month: first punch of a shift-day after its start
/// (a lone punch nearer the end is a clock-out, not a late clock-in).
fn late_counts(month: u32) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> = story::AGENTS.iter().map(|a| (a.id, 0)).collect();
    for ((id, date), (start, end, punches)) in shift_days() {
        if date.month() == month {
            if let Some(first) = punches.iter().min() {
                if *first > start && (*first - start) < (end - *first) {
                    *counts.entry(id).or_default() += 1;
                }
            }
        }
    }
    counts
}

#[test]
fn november_late_arrivals_per_agent() {
    let expected: BTreeMap<&str, usize> = [
        ("K001", 0),
        ("K002", 5),
        ("K003", 3),
        ("K004", 2),
        ("K005", 1),
        ("K006", 1),
        ("K007", 0),
        ("K008", 2),
        ("K009", 0),
        ("K010", 1),
        ("K011", 0),
        ("K012", 0),
    ]
    .into_iter()
    .collect();
    assert_eq!(late_counts(11), expected);
}

#[test]
fn october_late_arrivals_per_agent() {
    let late: Vec<(&str, usize)> = late_counts(10).into_iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(late, vec![("K002", 2), ("K005", 1), ("K006", 1), ("K010", 1)]);
}

#[test]
fn k005_night_shift_late_arrival_is_at_1709_and_night_clock_outs_are_after_0100() {
    let days = shift_days();
    let (start, end, punches) = &days[&("K005", d(11, 18))];
    assert_eq!(*start, dt(11, 18, 17, 0));
    assert_eq!(*end, dt(11, 19, 1, 0));
    assert_eq!(punches.iter().min(), Some(&dt(11, 18, 17, 9)));
    // Every 晚班 clock-out between 01:01 and 01:16 the next morning (ATT-4: extended service).
    for ((id, _), (_, end, punches)) in &days {
        if *id == "K005" {
            if let Some(last) = punches.iter().max() {
                assert!(*last > *end + Duration::seconds(59) && *last < *end + Duration::minutes(16));
            }
        }
    }
}

#[test]
fn k008_night_shift_is_followed_by_a_day_shift() {
    let days = shift_days();
    let (_, night_end, night) = &days[&("K008", d(11, 16))];
    let (day_start, _, day) = &days[&("K008", d(11, 17))];
    assert_eq!(*night_end, dt(11, 17, 1, 0));
    assert_eq!(*day_start, dt(11, 17, 8, 0));
    // Two punches each: the 01:0x clock-out belongs to the night shift only.
    assert_eq!(night.len(), 2);
    assert_eq!(day.len(), 2);
    assert!(night.iter().max() < day.iter().min());
}

#[test]
fn rest_days_are_four_a_month_except_k010_in_november() {
    let mut rests: BTreeMap<(&str, u32), usize> = BTreeMap::new();
    for row in &samples().schedule {
        if row.code == story::REST {
            *rests.entry((row.agent.id, row.date.month())).or_default() += 1;
        }
    }
    for a in &story::AGENTS {
        assert_eq!(rests[&(a.id, 10)], 4, "{} in October", a.id);
        let november = if a.id == "K010" { 5 } else { 4 };
        assert_eq!(rests[&(a.id, 11)], november, "{} in November", a.id);
    }
    // K010 rests on the five Sundays of November 2026.
    let k010: Vec<u32> = samples()
        .schedule
        .iter()
        .filter(|r| r.agent.id == "K010" && r.code == story::REST && r.date.month() == 11)
        .map(|r| r.date.day())
        .collect();
    assert_eq!(k010, vec![1, 8, 15, 22, 29]);
}

#[test]
fn schedule_covers_every_agent_every_day_of_both_months() {
    // 12 agents × (31 + 30) days.
    assert_eq!(samples().schedule.len(), 12 * 61);
}

#[test]
fn absence_missing_clock_out_early_leave_and_rest_day_punch() {
    let days = shift_days();
    // K009 absent on 11-10: scheduled, no punch.
    let (_, _, absent) = &days[&("K009", d(11, 10))];
    assert!(absent.is_empty());
    assert!(!generate::on_leave("K009", d(11, 10)).unwrap_or(true));
    // K007 11-19: a clock-in and nothing after it.
    let (start, _, missing) = &days[&("K007", d(11, 19))];
    assert_eq!(missing.len(), 1);
    assert!(missing[0] < *start);
    // K006 11-24: leaves 常规 (ends 17:30) at 16:45.
    let (_, end, early) = &days[&("K006", d(11, 24))];
    assert_eq!(*end, dt(11, 24, 17, 30));
    assert_eq!(early.iter().max(), Some(&dt(11, 24, 16, 45)));
    // K010 punches once on Sunday 11-22, a rest day.
    let rest_day: Vec<_> = samples()
        .punches
        .iter()
        .filter(|p| p.agent.id == "K010" && p.at.date() == d(11, 22))
        .map(|p| p.at)
        .collect();
    assert_eq!(rest_day, vec![dt(11, 22, 10, 15)]);
    // Apart from K007's missing clock-out, the punches K003 and K008 forgot (in
    // the 补卡登记 instead), K009's absence, the leaves and K011's days after
    // leaving (11-27), every scheduled shift-day has exactly two punches.
    let odd: Vec<_> = days
        .iter()
        .filter(|(_, (_, _, p))| p.len() != 2)
        .map(|((id, date), (_, _, p))| (*id, date.to_string(), p.len()))
        .collect();
    assert_eq!(
        odd,
        vec![
            ("K003", "2026-10-21".to_string(), 0),
            ("K003", "2026-11-25".to_string(), 1),
            ("K007", "2026-10-14".to_string(), 0),
            ("K007", "2026-10-15".to_string(), 0),
            ("K007", "2026-10-16".to_string(), 0),
            ("K007", "2026-11-19".to_string(), 1),
            ("K008", "2026-11-27".to_string(), 1),
            ("K009", "2026-11-10".to_string(), 0),
            ("K011", "2026-11-12".to_string(), 0),
            ("K011", "2026-11-13".to_string(), 0),
            ("K011", "2026-11-28".to_string(), 0),
            ("K011", "2026-11-29".to_string(), 0),
            ("K011", "2026-11-30".to_string(), 0),
            ("K012", "2026-11-24".to_string(), 0),
        ]
    );
}

#[test]
fn leaves_cover_scheduled_days() {
    let schedule: BTreeMap<(&str, NaiveDate), &str> = samples()
        .schedule
        .iter()
        .map(|r| ((r.agent.id, r.date), r.code))
        .collect();
    assert_eq!(schedule[&("K011", d(11, 12))], "常规");
    assert_eq!(schedule[&("K011", d(11, 13))], "常规");
    assert_eq!(schedule[&("K012", d(11, 24))], "常班");
    assert_eq!(schedule[&("K012", d(11, 25))], story::REST);
}

#[test]
fn calls_volume_personal_calls_and_split_calls() {
    let calls = &samples().calls;
    for month in [10, 11] {
        let n = calls.iter().filter(|c| c.start.month() == month).count();
        assert!((19_000..=22_000).contains(&n), "{n} calls in month {month}");
    }
    let long_personal: Vec<(&str, u32)> = calls
        .iter()
        .filter(|c| c.personal && c.talk > 180)
        .map(|c| (c.agent.id, c.talk))
        .collect();
    assert_eq!(
        long_personal,
        vec![("K010", 260), ("K002", 312), ("K002", 245), ("K006", 418)]
    );
    assert_eq!(calls.iter().filter(|c| c.personal).count(), 5);
    let mut rows_per_id: BTreeMap<&str, usize> = BTreeMap::new();
    for c in calls {
        *rows_per_id.entry(c.id.as_str()).or_default() += 1;
    }
    let split: Vec<usize> = rows_per_id.values().copied().filter(|n| *n > 1).collect();
    assert_eq!(split, vec![2; 5]);
    // Every status and direction occurs; waits are mostly under 20 s with a tail.
    for status in ["接通", "未接", "放弃"] {
        assert!(calls.iter().any(|c| c.inbound && c.status == status), "{status}");
    }
    assert!(calls.iter().any(|c| !c.inbound && c.status == "接通"));
    let answered: Vec<u32> = calls
        .iter()
        .filter(|c| c.inbound && c.status == "接通")
        .map(|c| c.wait)
        .collect();
    let within = answered.iter().filter(|w| **w < 20).count();
    assert!(within * 100 > answered.len() * 80 && within < answered.len());
}

#[test]
fn no_calls_on_absence_leave_or_rest_days() {
    let schedule: BTreeMap<(&str, NaiveDate), &str> = samples()
        .schedule
        .iter()
        .map(|r| ((r.agent.id, r.date), r.code))
        .collect();
    for c in &samples().calls {
        // A 晚班 call after midnight belongs to the previous day's shift.
        let shift_date = if c.start.hour() < 2 {
            c.start.date() - Duration::days(1)
        } else {
            c.start.date()
        };
        assert_ne!(
            schedule[&(c.agent.id, shift_date)],
            story::REST,
            "{} {}",
            c.agent.id,
            c.start
        );
        assert!(!generate::on_leave(c.agent.id, shift_date).unwrap_or(true));
        assert!(!(c.agent.id == "K009" && shift_date == d(11, 10)));
    }
}

#[test]
fn surveys_a_few_hundred_a_month_with_every_score() {
    let surveys = &samples().surveys;
    for month in [10, 11] {
        let n = surveys.iter().filter(|s| s.date.month() == month).count();
        assert!((200..=450).contains(&n), "{n} surveys in month {month}");
    }
    let scores: BTreeSet<u32> = surveys.iter().map(|s| s.score).collect();
    assert_eq!(scores, (1..=5).collect());
    assert!(surveys
        .iter()
        .filter(|s| s.score <= 2)
        .all(|s| s.comment.is_some()));
}

#[test]
fn service_request_breaches_are_exactly_the_story_s() {
    let late: Vec<(&str, Option<i64>)> = samples()
        .requests
        .iter()
        .filter(|r| {
            r.first_response
                .is_none_or(|f| f - r.accepted > Duration::hours(24))
        })
        .map(|r| {
            (
                r.owner.id,
                r.first_response.map(|f| (f - r.accepted).num_minutes()),
            )
        })
        .collect();
    // 28 h 17 min = 1697 min; 26 h 17 min = 1577; 31 h 17 min = 1877; 50 h 17 min = 3017.
    assert_eq!(
        late,
        vec![
            ("K004", Some(1697)),
            ("K003", Some(1577)),
            ("K007", Some(1877)),
            ("K011", Some(3017)),
            ("K009", None),
        ]
    );
    for month in [10, 11] {
        let n = samples()
            .requests
            .iter()
            .filter(|r| r.accepted.month() == month)
            .count();
        assert!((15..=60).contains(&n), "{n} requests in month {month}");
    }
}

#[test]
fn complaints_cover_every_severity_in_november_and_one_is_not_ours() {
    let november: Vec<_> = story::COMPLAINTS.iter().filter(|c| c.0 .0 == 11).collect();
    let severities: BTreeSet<&str> = november.iter().map(|c| c.2).collect();
    assert_eq!(severities, ["一般", "较重", "严重"].into_iter().collect());
    let not_ours: Vec<&str> = november.iter().filter(|c| c.4 == "否").map(|c| c.1).collect();
    assert_eq!(not_ours, vec!["K005"]);
}

#[test]
fn k006_has_a_third_violation_in_november() {
    let k006: Vec<(i32, u32, u32)> = story::VIOLATIONS
        .iter()
        .filter(|v| v.1 == "K006")
        .map(|v| v.0)
        .collect();
    assert_eq!(k006, vec![(2026, 9, 17), (2026, 10, 22), (2026, 11, 10)]);
}

#[test]
fn probation_and_base_pay() {
    let k012 = generate::agent("K012").unwrap_or_else(|e| panic!("{e}"));
    let hired = generate::hire_date(k012).unwrap_or_else(|e| panic!("{e}"));
    // Probation 3 months from 2026-09-14 runs past 2026-11-30.
    assert!(hired.checked_add_months(chrono::Months::new(3)) > Some(d(11, 30)));
    let on_probation: Vec<&str> = story::AGENTS
        .iter()
        .filter(|a| {
            generate::hire_date(a)
                .is_ok_and(|h| h.checked_add_months(chrono::Months::new(3)) > Some(d(11, 30)))
        })
        .map(|a| a.id)
        .collect();
    assert_eq!(on_probation, vec!["K012"]);
    // 2% of ¥3,187.25 = ¥63.745: K004's base pay makes half-up rounding matter.
    assert_eq!(
        generate::agent("K004").map(|a| a.base_pay_fen).ok(),
        Some(318_725)
    );
}

#[test]
fn slip_numbers_have_one_gap_and_no_duplicates() {
    let numbers: BTreeSet<u32> = story::SLIPS
        .iter()
        .map(|s| {
            s.number
                .trim_start_matches("KF-2026-")
                .parse::<u32>()
                .unwrap_or(0)
        })
        .collect();
    let expected: BTreeSet<u32> = (1..=18).filter(|n| *n != 5).collect();
    assert_eq!(numbers, expected);
    // Rows sharing a number are one multi-department slip: same issue date, different receivers.
    let mut by_number: BTreeMap<&str, Vec<&story::Slip>> = BTreeMap::new();
    for s in &story::SLIPS {
        by_number.entry(s.number).or_default().push(s);
    }
    let multi: Vec<&str> = by_number
        .iter()
        .filter(|(_, r)| r.len() > 1)
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(multi, vec!["KF-2026-012"]);
    let rows = &by_number["KF-2026-012"];
    assert_eq!(rows[0].issued, rows[1].issued);
    assert_ne!(rows[0].to, rows[1].to);
}

#[test]
fn slip_states_at_november_end() {
    let find = |n: &str| {
        story::SLIPS
            .iter()
            .find(|s| s.number == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    // Counter-slip 011 names 010 and moves its due date later.
    let counter = find("KF-2026-011");
    assert_eq!(counter.replaces, "KF-2026-010");
    assert!(counter.due > find("KF-2026-010").due);
    // 015 is signed, overdue and open at 11-30; 016 never signed.
    let overdue = find("KF-2026-015");
    assert!(overdue.signed.is_some() && overdue.completed.is_none() && overdue.due < (11, 30));
    let unsigned = find("KF-2026-016");
    assert!(unsigned.signed.is_none() && unsigned.replied.is_none());
    // 013 is class A without 主管领导.
    let invalid = find("KF-2026-013");
    assert_eq!(invalid.class, "A");
    assert!(!invalid.signed_by.chief);
    // Every other slip carries its class's chain; chase slips also the audit head.
    for s in story::SLIPS.iter().filter(|s| s.number != "KF-2026-013") {
        let sig = s.signed_by;
        let chain_ok = match s.class {
            "A" => sig.manager && sig.division && sig.chief,
            "B" => sig.manager && sig.division,
            _ => sig.manager,
        };
        assert!(chain_ok, "{}", s.number);
        assert_eq!(sig.audit, s.nature == "事件跟催", "{}", s.number);
    }
    // Multi-department 012: 财务部 on time, 销售部 6 days late.
    let m: Vec<_> = story::SLIPS
        .iter()
        .filter(|s| s.number == "KF-2026-012")
        .collect();
    assert_eq!(
        (m[0].to, m[0].completed, m[0].due),
        ("财务部", Some((10, 29)), (10, 30))
    );
    assert_eq!(
        (m[1].to, m[1].completed, m[1].due),
        ("销售部", Some((11, 12)), (11, 6))
    );
    let classes: BTreeSet<&str> = story::SLIPS.iter().map(|s| s.class).collect();
    assert_eq!(classes.len(), 3);
    let natures: BTreeSet<&str> = story::SLIPS.iter().map(|s| s.nature).collect();
    assert_eq!(natures.len(), 5);
}

/// Read one generated workbook back with calamine.
fn read_back(name: &str) -> (String, calamine::Range<Data>) {
    let (_, bytes) = files()
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap_or_else(|e| panic!("{name}: {e}"));
    let sheet = wb.sheet_names()[0].clone();
    let range = wb
        .worksheet_range(&sheet)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (sheet, range)
}

fn header(range: &calamine::Range<Data>) -> Vec<String> {
    range
        .rows()
        .next()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .unwrap_or_default()
}

/// Each sample workbook: file, sheet, header row (as README, "The sample inputs",
/// lists them) and the number of data rows.
#[rustfmt::skip]
fn expected_workbooks() -> [(&'static str, &'static str, &'static [&'static str], usize); 13] {
    [
        ("roster.xlsx", "员工花名册", &["工号", "姓名", "部门", "基本工资", "岗位", "班次", "入职日期", "状态", "离职日期", "邮箱", "身份证后六位"], 12),
        ("schedule.xlsx", "排班表", &["工号", "姓名", "日期", "班次"], 12 * 61),
        ("punches.xlsx", "打卡记录", &["工号", "姓名", "打卡时间", "设备", "打卡结果"], samples().punches.len()),
        (
            "calls.xlsx",
            "通话记录",
            &["通话ID", "坐席工号", "开始时间", "通话时长(秒)", "呼叫方向", "主叫号码", "被叫号码",
              "等待时长(秒)", "接通状态", "通话类型"],
            samples().calls.len(),
        ),
        ("surveys.xlsx", "满意度调查", &["日期", "坐席工号", "评分", "客户", "渠道", "意见"], samples().surveys.len()),
        ("complaints.xlsx", "投诉登记", &["日期", "工号", "严重程度", "来源", "是否本公司责任", "内容"], 7),
        ("violations.xlsx", "违规记录", &["日期", "工号", "违规类型", "说明"], 5),
        ("leaves.xlsx", "请假记录", &["工号", "开始日期", "结束日期", "类型", "审批人"], 4),
        (
            "service_requests.xlsx",
            "服务请求",
            &["受理时间", "首次响应时间", "负责人工号", "客户", "类别", "到场时间"],
            samples().requests.len(),
        ),
        (
            "slips.xlsx",
            "工作联系单登记",
            &["编号", "类别", "性质", "发单部门", "收单部门", "主题", "工作要求", "发单日期", "要求完成日期",
              "签收日期", "回复日期", "完成日期", "完成评价", "替代编号", "起草人", "部门经理", "分管领导",
              "主管领导", "审计负责人", "未沟通延误天数", "发单方推诿"],
            18,
        ),
        ("corrections.xlsx", "补卡登记", &["工号", "姓名", "补卡时间", "原因", "审批人"], 3),
        (
            "client_records.xlsx",
            "客户资料登记",
            &["客户", "受理日期", "销售人员", "销售提交日期", "建档日期", "建档人工号"],
            14,
        ),
        ("fund_expenses.xlsx", "活动经费支出登记", &["日期", "金额", "用途", "经手人", "审批人"], 2),
    ]
}

#[test]
fn every_workbook_opens_with_calamine_with_the_documented_headers() {
    let expected = expected_workbooks();
    let names: Vec<&str> = files().iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, expected.iter().map(|e| e.0).collect::<Vec<_>>());
    for (file, sheet, headers, rows) in expected {
        let (name, range) = read_back(file);
        assert_eq!(name, sheet, "{file}");
        assert_eq!(header(&range), headers, "{file}");
        assert_eq!(range.height(), rows + 1, "{file}");
    }
}

/// An Excel serial (1900 system) back to a date and time, rounded to the second.
fn from_serial(serial: f64) -> NaiveDateTime {
    let seconds = (serial * 86_400.0).round() as i64;
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|e| e.and_hms_opt(0, 0, 0));
    epoch.unwrap_or_else(|| panic!("epoch")) + Duration::seconds(seconds)
}

#[test]
fn cells_are_typed_dates_text_ids_and_yuan() {
    let (_, roster) = read_back("roster.xlsx");
    // Row 5 is K004: 工号 as text, 基本工资 3187.25 as a number, 入职日期 a date cell.
    assert_eq!(roster.get((4, 0)), Some(&Data::String("K004".into())));
    assert_eq!(roster.get((4, 3)), Some(&Data::Float(3187.25)));
    // 邮箱 and 身份证后六位 are text; K001's begins with 0 and keeps it.
    assert_eq!(roster.get((4, 9)), Some(&Data::String("k004@example.com".into())));
    assert_eq!(roster.get((1, 10)), Some(&Data::String("040414".into())));
    match roster.get((4, 6)) {
        Some(Data::DateTime(x)) => {
            // 2024-01-01 is serial 45292; + 31 (January) + 18 = 45341.
            assert_eq!(x.as_f64(), 45341.0)
        }
        other => panic!("入职日期 is not a date cell: {other:?}"),
    }
    let (_, punches) = read_back("punches.xlsx");
    let first = &samples().punches[0];
    match punches.get((1, 2)) {
        Some(Data::DateTime(x)) => assert_eq!(from_serial(x.as_f64()), first.at),
        other => panic!("打卡时间 is not a date cell: {other:?}"),
    }
    let (_, calls) = read_back("calls.xlsx");
    assert!(matches!(calls.get((1, 0)), Some(Data::String(id)) if id.starts_with("C261001")));
    assert!(matches!(calls.get((1, 5)), Some(Data::String(_))));
}

#[test]
fn generation_is_deterministic() {
    let again = sample_files().unwrap_or_else(|e| panic!("{e:#}"));
    assert!(again == *files());
}

#[test]
fn calls_workbook_stays_small() {
    let (_, bytes) = files()
        .iter()
        .find(|(n, _)| n == "calls.xlsx")
        .unwrap_or_else(|| panic!("no calls.xlsx"));
    assert!(bytes.len() < 3_000_000, "{} bytes", bytes.len());
}

#[test]
fn k011_leaves_on_11_27_and_leaves_no_record_after() {
    let s = samples();
    let after = |d: NaiveDate| d > self::d(11, 27);
    assert!(!s
        .punches
        .iter()
        .any(|p| p.agent.id == "K011" && after(p.at.date())));
    assert!(!s
        .calls
        .iter()
        .any(|c| c.agent.id == "K011" && after(c.start.date())));
    assert!(!s.surveys.iter().any(|v| v.agent.id == "K011" && after(v.date)));
    assert!(!s
        .requests
        .iter()
        .any(|r| r.owner.id == "K011" && after(r.accepted.date())));
    // The schedule still names 常规 on 11-28..11-30 (made before she resigned).
    let later: Vec<&str> = s
        .schedule
        .iter()
        .filter(|r| r.agent.id == "K011" && after(r.date))
        .map(|r| r.code)
        .collect();
    assert_eq!(later, vec!["常规"; 3]);
    // The roster: 状态 离职, 离职日期 2026-11-27 (row 12, columns H and I).
    let (_, roster) = read_back("roster.xlsx");
    assert_eq!(roster.get((11, 7)), Some(&Data::String("离职".into())));
    assert!(
        matches!(roster.get((11, 8)), Some(Data::DateTime(x)) if from_serial(x.as_f64()).date() == d(11, 27))
    );
    assert_eq!(roster.get((10, 8)), Some(&Data::Empty));
}
