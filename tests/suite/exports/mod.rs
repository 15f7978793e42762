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

/// The inputs read from such a project, read twice: the second time the
/// schedule, punches and calls come from the input cache where the first read
/// kept them, and everything must be the same.
fn load(name: &str, sections: &[(&str, &str)], files: &[(&str, Vec<u8>)]) -> Loaded {
    let p = project(name, sections, files);
    let first = ingest::load(&p.load());
    let second = ingest::load(&p.load());
    assert_eq!(
        format!("{second:?}"),
        format!("{first:?}"),
        "read again through the cache"
    );
    assert_cached(&p, &first);
    second
}

/// Every file of a kind the cache keeps has an entry, unless reading it found
/// something to say (then it is read again each time).
fn assert_cached(p: &TestProject, loaded: &Loaded) {
    use zhidu::ingest::cache::InputCache;
    let cache = InputCache::of(&p.load());
    for f in loaded.files.iter().filter(|f| InputCache::keeps(f.kind)) {
        let said = loaded
            .problems
            .iter()
            .any(|q| q.file == f.path && !q.message.contains("not in the roster"));
        let kept = cache.get(f.kind, &f.path, &f.sha256).is_some();
        assert_eq!(
            kept, !said,
            "{}: kept {kept}, problems {:?}",
            f.path, loaded.problems
        );
    }
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
