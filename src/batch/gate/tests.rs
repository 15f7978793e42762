use super::*;
use crate::batch::InputEntry;
use crate::ingest::CellPerson;
use crate::model::EmployeeKey;
use crate::output::FileEntry;
use crate::reports::registry::{CSAT, DEDUCTIONS, MANUAL, WEEKLY};
use crate::rules::testkit::{at, day, employee, Kit};

fn summary(kind: &str, file: &str, range: Option<(u32, u32)>) -> InputSummary {
    InputSummary {
        kind: kind.into(),
        file: file.into(),
        sheet: None,
        format: None,
        header_row: None,
        records: 0,
        date_range: range.map(|(a, b)| {
            let d = |n| chrono::NaiveDate::from_ymd_opt(2026, 11, n).expect("day");
            (d(a), d(b))
        }),
        unknown_employee_records: 0,
        error: None,
    }
}

fn loaded(data: Dataset, problems: Vec<Problem>, people: ProblemPeople) -> LoadedInputs {
    LoadedInputs {
        data,
        failed: Vec::new(),
        problems,
        summaries: vec![
            summary("roster", "inputs/roster.xlsx", None),
            summary("punches", "inputs/punches.xlsx", Some((1, 30))),
            summary("surveys", "inputs/surveys.xlsx", None),
        ],
        files: vec![InputEntry {
            kind: "punches".into(),
            file: FileEntry {
                path: "inputs/punches.xlsx".into(),
                sha256: String::new(),
                bytes: 0,
            },
        }],
        people,
    }
}

fn month() -> Period {
    Period::parse("2026-11").expect("month")
}

/// K001 on 常规 every day of November 2026, punching in and out.
fn k001_kit() -> Kit {
    let mut k = Kit::default()
        .emp(employee("K001", "张三", 400_000))
        .november("K001", "常规", &[]);
    for d in 1..=30 {
        k = k
            .punch("K001", at(11, d, 8, 25, 0))
            .punch("K001", at(11, d, 17, 35, 0));
    }
    k
}

fn k001() -> Dataset {
    k001_kit().data
}

fn bad_punch(cell: &str) -> Problem {
    Problem::cell_error(
        "inputs/punches.xlsx",
        "打卡记录",
        cell,
        Text::raw("\"25:61\" is not a time"),
    )
}

fn person(id: &str, name: Option<&str>) -> CellPerson {
    CellPerson {
        key: EmployeeKey {
            id: Some(id.into()),
            name: name.map(str::to_string),
        },
        date: None,
    }
}

#[test]
fn an_error_stops_only_the_reports_reading_its_input() {
    let loaded = loaded(
        Dataset::default(),
        vec![
            bad_punch("C17"),
            Problem::cell_error("inputs/surveys.xlsx", "满意度调查", "B2", Text::raw("no agent")).warning(),
        ],
        ProblemPeople::new(),
    );
    let cfg = Config::default();
    let r = refusal(&cfg, &DEDUCTIONS, &month(), &loaded).expect("deductions read the punches");
    assert_eq!(r.reason, "1 error in the inputs it reads");
    assert_eq!(r.problems[0].cell.as_deref(), Some("C17"));
    // csat reads the roster and surveys: a warning there stops nothing.
    assert_eq!(refusal(&cfg, &CSAT, &month(), &loaded), None);
    assert_eq!(refusal(&cfg, &MANUAL, &month(), &loaded), None);
}

#[test]
fn money_stops_for_roster_people_and_unreadable_rows_but_not_for_strangers() {
    let cfg = Config::default();
    let mut people = ProblemPeople::new();
    // C30: a stranger (E900, nobody near); C31: K001 himself; C32: k-0001, near K001;
    // C33: a row whose 工号 could not be read (no person).
    people.insert(
        "inputs/punches.xlsx › 打卡记录!C30".into(),
        person("E900", Some("赵六")),
    );
    people.insert("inputs/punches.xlsx › 打卡记录!C31".into(), person("K001", None));
    people.insert(
        "inputs/punches.xlsx › 打卡记录!C32".into(),
        person("k-0001", None),
    );
    let stranger = loaded(k001(), vec![bad_punch("C30")], people.clone());
    let v = judge(&cfg, &DEDUCTIONS, &month(), &GateInputs::of_run(&stranger));
    assert_eq!(v.refusal, None, "a stranger's bad cell stops no money");
    assert_eq!(v.set_aside.len(), 1);
    assert_eq!(v.set_aside[0].severity, ProblemSeverity::Warning);
    assert!(
        v.set_aside[0].message.contains("E900 赵六 is not in the roster"),
        "{}",
        v.set_aside[0].message
    );
    // Other reports keep the strict rule.
    assert!(refusal(&cfg, &WEEKLY, &month(), &stranger).is_some());
    for cell in ["C31", "C32", "C33"] {
        let l = loaded(k001(), vec![bad_punch(cell)], people.clone());
        let v = judge(&cfg, &DEDUCTIONS, &month(), &GateInputs::of_run(&l));
        assert!(v.refusal.is_some(), "{cell} stops the deductions");
        assert!(v.set_aside.is_empty());
    }
    // A file-level error and any error in the roster stop it too.
    for p in [
        Problem::file_error("inputs/punches.xlsx", Text::raw("missing column 打卡时间")),
        Problem::cell_error("inputs/roster.xlsx", "花名册", "A3", Text::raw("duplicate 工号")),
    ] {
        let l = loaded(k001(), vec![p], people.clone());
        assert!(refusal(&cfg, &DEDUCTIONS, &month(), &l).is_some());
    }
}

#[test]
fn punches_that_stop_before_the_period_ends_refuse_it_naming_the_days_covered() {
    let cfg = Config::default();
    let mut l = loaded(k001(), Vec::new(), ProblemPeople::new());
    assert_eq!(refusal(&cfg, &DEDUCTIONS, &month(), &l), None);
    l.summaries[1] = summary("punches", "inputs/punches.xlsx", Some((8, 17)));
    let r = refusal(&cfg, &DEDUCTIONS, &month(), &l).expect("not covered");
    assert_eq!(r.reason, "the punches do not cover 2026-11");
    assert!(
        r.problems[0].message.starts_with(
            "the punches cover 2026-11-08..2026-11-17 but 2026-11 has scheduled working days from 2026-11-01 to 2026-11-30: 20 of them (2026-11-01..2026-11-07, 2026-11-18..2026-11-30) lie outside every punch file"
        ),
        "{}",
        r.problems[0].message
    );
    // Two files meeting in the middle cover it; a gap between them does not.
    l.summaries[1] = summary("punches", "inputs/a.xlsx", Some((1, 15)));
    l.summaries
        .push(summary("punches", "inputs/b.xlsx", Some((16, 30))));
    assert_eq!(refusal(&cfg, &DEDUCTIONS, &month(), &l), None);
    l.summaries[3] = summary("punches", "inputs/b.xlsx", Some((18, 30)));
    let r = refusal(&cfg, &DEDUCTIONS, &month(), &l).expect("a gap");
    assert!(
        r.problems[0]
            .message
            .contains("2 of them (2026-11-16..2026-11-17)"),
        "{}",
        r.problems[0].message
    );
    // Coverage is the money report's: the weekly report does not check it.
    assert_eq!(refusal(&cfg, &WEEKLY, &month(), &l), None);
}

#[test]
fn a_scheduled_person_without_a_punch_refuses_the_deductions_unless_on_leave_throughout() {
    let cfg = Config::default();
    let k = k001_kit()
        .emp(employee("K002", "阿依古丽·买买提", 400_000))
        .november("K002", "常规", &[]);
    let data = k.data.clone();
    let l = loaded(data.clone(), Vec::new(), ProblemPeople::new());
    let r = refusal(&cfg, &DEDUCTIONS, &month(), &l).expect("K002 vanished");
    assert_eq!(
        r.reason,
        "1 rostered person with a schedule and not one punch in 2026-11"
    );
    assert!(
        r.problems[0]
            .message
            .starts_with("K002 阿依古丽·买买提 is scheduled to work 30 days of 2026-11"),
        "{}",
        r.problems[0].message
    );
    // On approved leave the whole month: nothing to refuse.
    let on_leave = k.leave("K002", day(11, 1), day(11, 30)).data;
    let l = loaded(on_leave, Vec::new(), ProblemPeople::new());
    assert_eq!(refusal(&cfg, &DEDUCTIONS, &month(), &l), None);
}
