//! Time-clock layouts: 签到时间 + 签退时间 on one row per person-day, 刷卡日期 +
//! 刷卡时间 in two columns, IDs padded with spaces, footer rows under the data.

use super::{dt, errors, load, notes};
use crate::support::xlsx::workbook;

#[test]
fn sign_in_and_sign_out_on_one_row_are_two_punches() {
    let rows = vec![
        vec![
            "考勤号码",
            "姓名",
            "日期",
            "对应时段",
            "签到时间",
            "签退时间",
            "迟到时间",
            "早退时间",
        ],
        vec!["1", "石亚东", "2019/12/2", "亚东", "08:56", "19:45", "", ""],
        // Only one side: one punch.
        vec!["1", "石亚东", "2019/12/3", "亚东", "08:50", "", "", ""],
        vec!["1", "石亚东", "2019/12/4", "亚东", "", "18:02", "", ""],
        // Neither: no punch, no problem (a rest day).
        vec!["1", "石亚东", "2019/12/5", "亚东", "", "", "", ""],
        // A night: out before in on the same row is the next morning.
        vec!["12", "刘倩", "2019/12/5", "夜班", "21:58", "06:10", "", ""],
        vec!["合计", "", "", "", "", "", "", ""],
    ];
    let l = load(
        "timeclock_in_out",
        &[("punches", "path = \"inputs/原始表.xlsx\"\n")],
        &[("inputs/原始表.xlsx", workbook(&[("030030", rows)]))],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let got: Vec<_> = l
        .data
        .punches
        .iter()
        .map(|p| {
            (
                p.employee.id.as_deref(),
                p.at,
                p.result.as_deref(),
                p.source.cell("打卡时间"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("1"),
                dt(2019, 12, 2, 8, 56, 0),
                Some("签到"),
                "E2".to_string()
            ),
            (
                Some("1"),
                dt(2019, 12, 2, 19, 45, 0),
                Some("签退"),
                "F2".to_string()
            ),
            (
                Some("1"),
                dt(2019, 12, 3, 8, 50, 0),
                Some("签到"),
                "E3".to_string()
            ),
            (
                Some("1"),
                dt(2019, 12, 4, 18, 2, 0),
                Some("签退"),
                "F4".to_string()
            ),
            (
                Some("12"),
                dt(2019, 12, 5, 21, 58, 0),
                Some("签到"),
                "E6".to_string()
            ),
            (
                Some("12"),
                dt(2019, 12, 6, 6, 10, 0),
                Some("签退"),
                "F6".to_string()
            ),
        ]
    );
    assert_eq!(
        notes(&l),
        vec!["inputs/原始表.xlsx › 030030: warning: row 7 (\"合计\") is a footer under the data, not a record: skipped"]
    );
}

#[test]
fn card_date_and_card_time_make_one_date_time_and_padded_ids_are_trimmed() {
    let csv = concat!(
        "人员编号,登记号码,姓名,星期,刷卡日期,刷卡时间,签到方式,设备编号\r\n",
        "000001            ,00001     ,裴志凤,星期三,2018-09-26,09:12,指纹,001\r\n",
        "000001            ,00001     ,裴志凤,星期三,2018-09-26,18:15,指纹,001\r\n",
        "  000097,00097,丁文文,星期三,2018-10-31,19:27,指纹,001\r\n",
        "记录数:3,,,,,,,\r\n",
        "共 3 条,,,,,,,\r\n",
    );
    let l = load(
        "timeclock_card",
        &[("punches", "path = \"inputs/11层考勤.csv\"\n")],
        &[("inputs/11层考勤.csv", csv.as_bytes().to_vec())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let got: Vec<_> = l
        .data
        .punches
        .iter()
        .map(|p| (p.employee.id.as_deref(), p.at, p.device.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("000001"), dt(2018, 9, 26, 9, 12, 0), Some("001")),
            (Some("000001"), dt(2018, 9, 26, 18, 15, 0), Some("001")),
            (Some("000097"), dt(2018, 10, 31, 19, 27, 0), Some("001")),
        ]
    );
    assert_eq!(l.data.punches[0].source.cell("打卡时间"), "F2");
    assert_eq!(
        notes(&l),
        vec!["inputs/11层考勤.csv › 11层考勤: warning: 2 footer rows under the data (合计, 共 N 条, …) are not records: skipped; the first is row 5 (\"记录数:3\")"]
    );
}

#[test]
fn a_card_time_holding_a_whole_date_time_is_read_as_one() {
    let csv = "工号,刷卡时间\nE1,2018-09-26 09:12:05\n";
    let l = load(
        "timeclock_card_datetime",
        &[("punches", "path = \"inputs/p.csv\"\n")],
        &[("inputs/p.csv", csv.as_bytes().to_vec())],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    assert_eq!(l.data.punches[0].at, dt(2018, 9, 26, 9, 12, 5));
}
