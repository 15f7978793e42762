//! Exports as real systems write them, each quirk in a small fixture made here:
//! line ends and padding, date orders, DingTalk's holiday labels and
//! after-midnight punches, time-clock layouts, ZKTeco device dumps and BIFF
//! strings, PBX call-detail records, 问卷星 code exports, the refusals that say
//! what to export instead, Excel's lock files and `zhidu records`.

mod cdr;
mod csv_lines;
mod dates;
mod dingtalk;
mod lock_files;
mod outside_roster;
mod records;
mod refusals;
mod timeclock;
mod wjx;
mod zkteco;

use chrono::{NaiveDate, NaiveDateTime};
use zhidu::error::{Problem, ProblemSeverity};
use zhidu::ingest::{self, Loaded};

use crate::support::{inputs_config, TestProject};

/// A project with the given `[inputs.<kind>]` sections and files.
fn project(name: &str, sections: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> TestProject {
    files.iter().fold(
        TestProject::with_config(name, &inputs_config(sections)),
        |p, (rel, bytes)| p.with_file(rel, bytes),
    )
}

/// The inputs read from such a project.
fn load(name: &str, sections: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> Loaded {
    ingest::load(&project(name, sections, files).load())
}

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|x| x.and_hms_opt(h, mi, s))
        .expect("datetime")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The errors, as printed.
fn errors(l: &Loaded) -> Vec<String> {
    l.problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .map(Problem::to_string)
        .collect()
}

/// The warnings other than "not in the roster" (these projects have no roster), as printed.
fn notes(l: &Loaded) -> Vec<String> {
    l.problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Warning && !p.message.contains("not in the roster"))
        .map(Problem::to_string)
        .collect()
}
