//! Dates written as numbers only are read in the order the file writes them: the
//! `date_order` setting, or the file's other rows; never a guess. `NULL`, `null`
//! and `\N` (database dumps) are no value.

use super::{dt, errors, load, notes};

fn punches(name: &str, section: &str, csv: &str) -> zhidu::ingest::Loaded {
    load(
        name,
        &[("punches", &format!("path = \"inputs/p.csv\"\n{section}"))],
        &[("inputs/p.csv", csv.as_bytes().to_vec())],
    )
}

#[test]
fn an_ambiguous_date_is_an_error_naming_the_setting() {
    // 9/9/2017 is the same date either way: it is read, and settles nothing.
    let csv = "工号,打卡时间\nE1,1/9/2017 16:33:01\nE2,2/9/2017 08:00:00\nE3,9/9/2017 10:00:00\n";
    let l = punches("dates_ambiguous", "", csv);
    let at: Vec<_> = l.data.punches.iter().map(|p| p.at).collect();
    assert_eq!(at, vec![dt(2017, 9, 9, 10, 0, 0)]);
    assert_eq!(
        errors(&l),
        vec![
            "inputs/p.csv › p!B2: \"1/9/2017 16:33:01\" is ambiguous: it reads as 2017-09-01 (day/month/year) or 2017-01-09 (month/day/year), and no other row of the file settles which; set inputs.punches.date_order = \"dmy\" or \"mdy\" to say how the file writes dates",
            "inputs/p.csv › p!B3: \"2/9/2017 08:00:00\" is ambiguous: it reads as 2017-09-02 (day/month/year) or 2017-02-09 (month/day/year), and no other row of the file settles which; set inputs.punches.date_order = \"dmy\" or \"mdy\" to say how the file writes dates",
        ]
    );
}

#[test]
fn the_setting_orders_day_and_month() {
    let csv = "工号,打卡时间\nE1,1/9/2017 16:33:01\nE2,04/09/17 12:39\n";
    let l = punches("dates_dmy", "date_order = \"dmy\"\n", csv);
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let at: Vec<_> = l.data.punches.iter().map(|p| p.at).collect();
    assert_eq!(at, vec![dt(2017, 9, 1, 16, 33, 1), dt(2017, 9, 4, 12, 39, 0)]);
    let l = punches("dates_mdy", "date_order = \"mdy\"\n", csv);
    let at: Vec<_> = l.data.punches.iter().map(|p| p.at).collect();
    assert_eq!(at, vec![dt(2017, 1, 9, 16, 33, 1), dt(2017, 4, 9, 12, 39, 0)]);
    let l = punches(
        "dates_ymd",
        "date_order = \"ymd\"\n",
        "工号,打卡时间\nE2,04/09/17 12:39\n",
    );
    assert_eq!(l.data.punches[0].at, dt(2004, 9, 17, 12, 39, 0));
}

#[test]
fn the_files_other_rows_settle_the_order_with_a_note() {
    // Row 4 can only be day/month/year (there is no month 13): rows 2 and 3 follow it.
    let csv = "工号,打卡时间\nE1,1/9/2017 16:33:01\nE2,2/9/2017 08:00:00\nE3,13/9/2017 09:00:00\n";
    let l = punches("dates_settled", "", csv);
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let at: Vec<_> = l.data.punches.iter().map(|p| p.at).collect();
    assert_eq!(
        at,
        vec![
            dt(2017, 9, 1, 16, 33, 1),
            dt(2017, 9, 2, 8, 0, 0),
            dt(2017, 9, 13, 9, 0, 0)
        ]
    );
    assert_eq!(
        notes(&l),
        vec!["inputs/p.csv › p: warning: dates that read two ways are read as day/month/year (dmy), as the sheet's other dates show (e.g. B4 \"13/9/2017 09:00:00\"); set inputs.punches.date_order to make it explicit"]
    );
}

#[test]
fn a_file_writing_dates_two_ways_is_refused() {
    let csv = "工号,打卡时间\nE1,13/9/2017 09:00:00\nE2,9/14/2017 09:00:00\n";
    let l = punches("dates_conflict", "", csv);
    assert_eq!(
        errors(&l),
        vec!["inputs/p.csv › p!B3: \"9/14/2017 09:00:00\" can only be \"mdy\" (month/day/year), but B2 (\"13/9/2017 09:00:00\") can only be \"dmy\" (day/month/year): the file writes its dates two ways; set inputs.punches.date_order, or export the dates again in one format"]
    );
}

#[test]
fn database_null_markers_are_no_value() {
    let csv = "工号,打卡时间,设备,备注\nE1,2017-09-01 08:00:00,NULL,\\N\nE2,null,1,\n";
    let l = punches("dates_null", "", csv);
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    // E2 has no time (null): no punch, like WeCom's `--`.
    assert_eq!(l.data.punches.len(), 1);
    assert_eq!(l.data.punches[0].device, None);
    assert_eq!(l.data.punches[0].remark, None);
}

#[test]
fn a_bad_setting_names_the_key() {
    let p = super::project(
        "dates_bad_setting",
        &[("punches", "path = \"inputs/p.csv\"\ndate_order = \"dym\"\n")],
        &[],
    );
    let run = p.zhidu(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Line 11 is the `date_order` line of the punches section.
    assert!(
        run.stderr
            .contains("zhidu.toml:11: unknown variant `dym`, expected one of `ymd`, `dmy`, `mdy`"),
        "{}",
        run.stderr
    );
}
