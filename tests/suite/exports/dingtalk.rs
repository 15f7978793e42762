//! DingTalk 考勤报表, sheet 打卡时间: a holiday's name may label a day column, and
//! a punch earlier than the one above it in a cell is after midnight.

use super::{day, dt, errors, load};
use crate::support::xlsx::workbook;

/// A 打卡时间 sheet for 2026-05-01 … 2026-05-07 whose first day is labelled 劳动节;
/// `night` is the cell of 2026-05-04 (column J).
fn sheet(labels: [&'static str; 7], night: &'static str) -> Vec<u8> {
    let mut label_row = vec!["", "", "", "", "", ""];
    label_row.extend(labels);
    workbook(&[(
        "打卡时间",
        vec![
            vec!["打卡时间 统计日期：2026-05-01 至 2026-05-07"],
            vec!["报表生成时间：2026-05-08 15:22"],
            vec!["姓名", "考勤组", "部门", "工号", "职位", "UserId", "打卡时间"],
            label_row,
            vec![
                "蒋渊杰",
                "管理人员考勤",
                "财务部",
                "24099008",
                "全盘会计",
                "17096442988221115",
                "08:23  \n16:36  ",
                "",
                "",
                night,
                "08:22  \n18:06  ",
            ],
        ],
    )])
}

fn read(name: &str, bytes: Vec<u8>) -> zhidu::ingest::Loaded {
    load(
        name,
        &[("punches", "path = \"inputs/kq.xlsx\"\nformat = \"dingtalk\"\n")],
        &[("inputs/kq.xlsx", bytes)],
    )
}

#[test]
fn a_holiday_label_is_still_the_periods_day() {
    let l = read(
        "dingtalk_holiday",
        sheet(["劳动节", "六", "日", "4", "5", "6", "7"], "08:59\n18:00"),
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let at: Vec<_> = l.data.punches.iter().map(|p| p.at).collect();
    assert_eq!(
        at,
        vec![
            dt(2026, 5, 1, 8, 23, 0),
            dt(2026, 5, 1, 16, 36, 0),
            dt(2026, 5, 4, 8, 59, 0),
            dt(2026, 5, 4, 18, 0, 0),
            dt(2026, 5, 5, 8, 22, 0),
            dt(2026, 5, 5, 18, 6, 0),
        ]
    );
    assert_eq!(l.data.punches[0].source.cell("打卡时间"), "G5");
    assert_eq!(l.inputs[0].date_range, Some((day(2026, 5, 1), day(2026, 5, 5))));
}

#[test]
fn a_punch_earlier_than_the_one_above_it_is_after_midnight() {
    // 2026-05-04: in at 08:59, out at 00:03 the next morning (no 次日 written),
    // then 00:10; a cell with 次日 keeps meaning the next day.
    let l = read(
        "dingtalk_midnight",
        sheet(["劳动节", "六", "日", "4", "5", "6", "7"], "08:59\n00:03\n00:10"),
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let night: Vec<_> = l
        .data
        .punches
        .iter()
        .filter(|p| p.source.cell("打卡时间") == "J5")
        .map(|p| p.at)
        .collect();
    assert_eq!(
        night,
        vec![
            dt(2026, 5, 4, 8, 59, 0),
            dt(2026, 5, 5, 0, 3, 0),
            dt(2026, 5, 5, 0, 10, 0)
        ]
    );
}

#[test]
fn day_labels_that_disagree_with_the_period_are_refused() {
    // The fourth column says 5, but the period's fourth day is 2026-05-04.
    let l = read(
        "dingtalk_shifted",
        sheet(["劳动节", "六", "日", "5", "6", "7", "8"], "08:59"),
    );
    assert!(l.data.punches.is_empty());
    assert_eq!(
        errors(&l),
        vec!["inputs/kq.xlsx › 打卡时间: J4 labels its day \"5\", but the 4th column of the period starting 2026-05-01 is 2026-05-04 (星期一); the day columns do not follow the period, export the 打卡时间 sheet again"]
    );
}

#[test]
fn format_dingtalk_on_another_sheet_says_what_it_expected() {
    let raw = workbook(&[(
        "原始记录",
        vec![
            vec!["原始记录 统计日期：2026-05-01 至 2026-05-31"],
            vec!["报表生成时间：2026-06-01 15:22"],
            vec![
                "姓名",
                "考勤组",
                "部门",
                "工号",
                "职位",
                "UserId",
                "考勤日期",
                "考勤时间",
                "打卡时间",
                "打卡结果",
            ],
            vec![
                "蒋渊杰",
                "管理人员考勤",
                "财务部",
                "24099008",
                "全盘会计",
                "17096442988221115",
                "26-05-01 星期五",
                "2026-05-01 08:23",
                "2026-05-01 08:23",
                "正常",
            ],
        ],
    )]);
    let l = read("dingtalk_wrong_sheet", raw);
    assert_eq!(
        errors(&l),
        vec!["inputs/kq.xlsx › 原始记录: not a DingTalk 打卡时间 sheet: expected a title row with 统计日期, a header row with 姓名 and 打卡时间, and under 打卡时间 one column per day labelled 1, 2, …, 六, 日 or a holiday's name; row 1 reads: 原始记录 统计日期：2026-05-01 至 2026-05-31; this is a 原始记录 sheet (one punch per row): set format = \"dingtalk-raw\""]
    );
}
