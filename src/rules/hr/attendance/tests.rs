use super::*;
use crate::rules::testkit::{at, day, employee, Kit};

fn nov() -> Period {
    Period::month(2026, 11).expect("November")
}

fn the_day<'a>(a: &'a Attendance, id: &str, d: NaiveDate) -> &'a ShiftDay {
    a.days
        .iter()
        .find(|x| &*x.employee_id == id && x.date == d)
        .expect("a shift-day for every employee and day")
}

#[test]
fn late_night_shift_across_midnight() {
    // 晚班 17:00–01:00. In at 17:12:00 → 12 minutes late; out at 01:00:30 the
    // next day → not early, 30 s after the end is less than a whole minute of extension.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .november("K001", "晚班", &[7, 14, 21, 28])
        .punch("K001", at(11, 3, 17, 12, 0))
        .punch("K001", at(11, 4, 1, 0, 30));
    let a = evaluate(&k.data, &Config::default(), &nov());
    let d = the_day(&a, "K001", day(11, 3));
    assert_eq!(d.status, DayStatus::Worked);
    assert_eq!(d.late_minutes, 12);
    assert_eq!(d.early_leave_minutes, 0);
    assert_eq!(d.extended_minutes, 0);
    assert_eq!(d.clock_out.as_ref().map(|p| p.at), Some(at(11, 4, 1, 0, 30)));
    // The 01:00:30 punch did not leak into 11-04's 晚班, which has no punch at all.
    assert_eq!(the_day(&a, "K001", day(11, 4)).status, DayStatus::Absent);
}

#[test]
fn night_shift_on_time_with_extended_service() {
    // In 16:58 (on time), out 01:25 next day: 25 minutes of extended service
    // after 01:00 (ATT-4), which is neither early leave nor a fault.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .november("K001", "晚班", &[7, 14, 21, 28])
        .punch("K001", at(11, 5, 16, 58, 0))
        .punch("K001", at(11, 6, 1, 25, 0));
    let a = evaluate(&k.data, &Config::default(), &nov());
    let d = the_day(&a, "K001", day(11, 5));
    assert_eq!(
        (d.late_minutes, d.early_leave_minutes, d.extended_minutes),
        (0, 0, 25)
    );
    assert!(!d.missing_in && !d.missing_out);
    assert!(d.notes().iter().any(|n| n.contains("延长服务 25\u{a0}分钟")));
}

#[test]
fn a_0058_punch_closes_the_previous_evening() {
    // 晚班 on 11-10 then 常规 (08:30) on 11-11: the 00:58 punch is the 晚班's
    // clock-out (2 minutes early), 08:29 is 11-11's clock-in.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .november("K001", "常规", &[1, 8, 15, 22])
        .shift("K001", day(11, 10), "晚班")
        .punch("K001", at(11, 10, 16, 50, 0))
        .punch("K001", at(11, 11, 0, 58, 0))
        .punch("K001", at(11, 11, 8, 29, 0))
        .punch("K001", at(11, 11, 17, 31, 0));
    // The 11-10 entry appears twice (常规 then 晚班): the first wins and the
    // duplicate is reported, so build the schedule without the 常规 row.
    let mut k = k;
    k.data
        .schedule
        .retain(|e| !(e.date == day(11, 10) && e.shift == "常规"));
    let a = evaluate(&k.data, &Config::default(), &nov());
    let night = the_day(&a, "K001", day(11, 10));
    assert_eq!(night.clock_out.as_ref().map(|p| p.at), Some(at(11, 11, 0, 58, 0)));
    assert_eq!(night.early_leave_minutes, 2);
    let next = the_day(&a, "K001", day(11, 11));
    assert_eq!(next.clock_in.as_ref().map(|p| p.at), Some(at(11, 11, 8, 29, 0)));
    assert!(!next.is_late() && !next.is_early_leave());
}

#[test]
fn night_then_day_shift_with_overlapping_windows() {
    // Windows opened 8 h before the start: 白班 11-13 (08:00) opens at 00:00,
    // overlapping 晚班 11-12's window (until 07:00). The 01:10 punch is 10 min
    // from the 晚班's end and 6 h 50 min from the 白班's start → 晚班.
    // The 07:40 punch is 6 h 40 min after 01:00 but 20 min before 08:00 → 白班.
    let mut cfg = Config::default();
    cfg.rules.attendance.punch_window_before_hours = 8;
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .shift("K001", day(11, 12), "晚班")
        .shift("K001", day(11, 13), "白班")
        .punch("K001", at(11, 12, 16, 55, 0))
        .punch("K001", at(11, 13, 1, 10, 0))
        .punch("K001", at(11, 13, 7, 40, 0))
        .punch("K001", at(11, 13, 17, 2, 0));
    let a = evaluate(&k.data, &cfg, &nov());
    let night = the_day(&a, "K001", day(11, 12));
    assert_eq!(night.clock_in.as_ref().map(|p| p.at), Some(at(11, 12, 16, 55, 0)));
    assert_eq!(night.clock_out.as_ref().map(|p| p.at), Some(at(11, 13, 1, 10, 0)));
    assert_eq!(night.extended_minutes, 10);
    let dayshift = the_day(&a, "K001", day(11, 13));
    assert_eq!(
        dayshift.clock_in.as_ref().map(|p| p.at),
        Some(at(11, 13, 7, 40, 0))
    );
    assert_eq!(
        dayshift.clock_out.as_ref().map(|p| p.at),
        Some(at(11, 13, 17, 2, 0))
    );
    assert!(!dayshift.is_late() && dayshift.missing_punches() == 0);
}

#[test]
fn grace_minutes() {
    // 常规 08:30, grace 5 min: 08:35:00 is on time; 08:35:01 is late, and the
    // minutes count from the start: 5 min 1 s → 6 minutes.
    let mut cfg = Config::default();
    cfg.rules.attendance.grace_minutes = 5;
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .shift("K001", day(11, 2), "常规")
        .shift("K001", day(11, 3), "常规")
        .punch("K001", at(11, 2, 8, 35, 0))
        .punch("K001", at(11, 2, 17, 30, 0))
        .punch("K001", at(11, 3, 8, 35, 1))
        .punch("K001", at(11, 3, 17, 30, 0));
    let a = evaluate(&k.data, &cfg, &nov());
    assert_eq!(the_day(&a, "K001", day(11, 2)).late_minutes, 0);
    assert_eq!(the_day(&a, "K001", day(11, 3)).late_minutes, 6);
    // Without grace, 08:35:00 is 5 minutes late.
    let a0 = evaluate(&k.data, &Config::default(), &nov());
    assert_eq!(the_day(&a0, "K001", day(11, 2)).late_minutes, 5);
}

#[test]
fn missing_clock_out_is_not_paired_with_the_next_day() {
    // 11-16 常规: only 08:20. 11-17 常规: 08:25 and 17:40. The 08:25 punch is
    // 15 h after 11-16's end (window closes 23:30) → 11-17's clock-in.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .shift("K001", day(11, 16), "常规")
        .shift("K001", day(11, 17), "常规")
        .punch("K001", at(11, 16, 8, 20, 0))
        .punch("K001", at(11, 17, 8, 25, 0))
        .punch("K001", at(11, 17, 17, 40, 0));
    let a = evaluate(&k.data, &Config::default(), &nov());
    let d16 = the_day(&a, "K001", day(11, 16));
    assert!(d16.missing_out && !d16.missing_in);
    assert_eq!(d16.clock_out.as_ref().map(|p| p.at), None);
    let d17 = the_day(&a, "K001", day(11, 17));
    assert_eq!(d17.clock_in.as_ref().map(|p| p.at), Some(at(11, 17, 8, 25, 0)));
    assert_eq!(d17.missing_punches(), 0);
}

#[test]
fn night_shift_missing_clock_out_before_a_day_shift() {
    // 晚班 11-18: 16:55 only. 白班 11-19: 07:58 and 17:01. The 晚班 window
    // closes at 07:00, so 07:58 is 11-19's clock-in and the 晚班 lacks a clock-out.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .shift("K001", day(11, 18), "晚班")
        .shift("K001", day(11, 19), "白班")
        .punch("K001", at(11, 18, 16, 55, 0))
        .punch("K001", at(11, 19, 7, 58, 0))
        .punch("K001", at(11, 19, 17, 1, 0));
    let a = evaluate(&k.data, &Config::default(), &nov());
    assert!(the_day(&a, "K001", day(11, 18)).missing_out);
    assert_eq!(the_day(&a, "K001", day(11, 19)).missing_punches(), 0);
}

#[test]
fn approved_leave_is_not_absence() {
    // 11-20 and 11-23 both 常规 without punches; a leave covers 11-20 only.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .shift("K001", day(11, 20), "常规")
        .shift("K001", day(11, 23), "常规")
        .leave("K001", day(11, 20), day(11, 20));
    let a = evaluate(&k.data, &Config::default(), &nov());
    assert_eq!(the_day(&a, "K001", day(11, 20)).status, DayStatus::Leave);
    assert_eq!(the_day(&a, "K001", day(11, 23)).status, DayStatus::Absent);
}

#[test]
fn rest_day_punch_is_reported_not_worked() {
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .november("K001", "常规", &[1, 8, 15, 22])
        .punch("K001", at(11, 8, 10, 0, 0));
    let a = evaluate(&k.data, &Config::default(), &nov());
    let d = the_day(&a, "K001", day(11, 8));
    assert_eq!(d.status, DayStatus::Rest);
    assert_eq!(d.other_punches.len(), 1);
    assert!(d.clock_in.is_none() && !d.is_late());
    assert!(a.issues.is_empty(), "{:?}", a.issues);
    // 4 rest days in November: no ATT-5 flag.
    assert_eq!(a.rest_checks[0].rest_days, 4);
    assert!(!a.rest_checks[0].is_flagged());
}

#[test]
fn roster_default_shift_is_reported_and_rest_count_checked() {
    // No schedule at all: every day takes the roster's 白班, reported as such;
    // 0 rest days against ATT-5's 4 is flagged.
    let mut e = employee("K002", "李四", 300_000);
    e.default_shift = Some("白班".into());
    let k = Kit::default().emp(e).punch("K002", at(11, 2, 8, 3, 0));
    let a = evaluate(&k.data, &Config::default(), &nov());
    let d = the_day(&a, "K002", day(11, 2));
    assert_eq!((&*d.shift, d.origin), ("白班", ShiftOrigin::RosterDefault));
    assert_eq!(d.late_minutes, 3);
    assert!(d.missing_out);
    assert_eq!(a.days.len(), 30);
    assert_eq!(a.rest_checks[0].rest_days, 0);
    assert!(a.rest_checks[0].is_flagged());
}

#[test]
fn unknown_employee_and_stray_punch_go_to_the_issue_list() {
    // K999 is not on the roster; K001's 03:00 punch on a 常规 day is in no
    // window (04:30–23:30) → both listed, neither dropped unseen.
    let k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .shift("K001", day(11, 24), "常规")
        .punch("K999", at(11, 24, 8, 0, 0))
        .punch("K001", at(11, 24, 3, 0, 0));
    let a = evaluate(&k.data, &Config::default(), &nov());
    assert_eq!(a.issues.len(), 2);
    assert!(a
        .issues
        .iter()
        .any(|i| i.message.contains("K999") && i.message.contains("不在花名册")));
    assert!(a
        .issues
        .iter()
        .any(|i| i.message.contains("不在任何班次的打卡时段内")));
}
