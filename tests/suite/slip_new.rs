//! `zhidu slip new`: numbering against the register, appending without touching
//! existing rows, the backup, and refusing an ambiguous register.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhidu::config::Config;
use zhidu::model::{SlipClass, SlipNature};
use zhidu::register::{add_slip, NewSlip};

use crate::support::xlsx::{self, CellAt};
use crate::support::{TestDir, TestProject};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn new_slip(date: &str) -> NewSlip {
    NewSlip {
        class: SlipClass::B,
        nature: Some(SlipNature::Assistance),
        from_dept: "客服部".into(),
        to_depts: vec!["财务部".into()],
        subject: "十二月对账".into(),
        requirement: Some("请于月初提供上月退款明细".into()),
        issue_date: d(date),
        due_date: d("2027-01-20"),
        drafter: Some("张三".into()),
        replaces: None,
    }
}

/// A register in the user's own column order, with an extra 备注 column, a title
/// row above the header, a second sheet, dates as date cells and as text.
fn write_register(path: &Path, numbers: &[(&str, &str, &str)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = book.add_worksheet();
    ws.set_name("登记").expect("name");
    ws.write_string(0, 0, "工作联系单登记表").expect("title");
    let header = [
        "发单日期",
        "编号",
        "类别",
        "主题",
        "发单部门",
        "收单部门",
        "要求完成日期",
        "备注",
        "签收日期",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("header");
    }
    for (i, (number, issued, to)) in numbers.iter().enumerate() {
        let r = 2 + i as u32;
        let dt = d(issued);
        let x = ExcelDateTime::from_ymd(dt.year() as u16, dt.month() as u8, dt.day() as u8).expect("date");
        ws.write_datetime_with_format(r, 0, &x, &date).expect("issue");
        ws.write_string(r, 1, *number).expect("number");
        ws.write_string(r, 2, "C").expect("class");
        ws.write_string(r, 3, "主题").expect("subject");
        ws.write_string(r, 4, "客服部").expect("from");
        ws.write_string(r, 5, *to).expect("to");
        ws.write_string(r, 6, "2026-12-31").expect("due as text");
        ws.write_number(r, 7, 3.25).expect("a number in 备注");
        ws.write_boolean(r, 8, i % 2 == 0).expect("a bool");
    }
    let other = book.add_worksheet();
    other.set_name("说明").expect("name");
    other.write_string(0, 0, "编号规则 KF-YYYY-NNN").expect("text");
    other.write_number(3, 2, 42.0).expect("number");
    book.save(path).expect("save register");
}

/// Every sheet's cells of the register at `path`, with absolute positions.
fn cells(path: &Path) -> Vec<(String, Vec<CellAt>)> {
    xlsx::cells(&std::fs::read(path).expect("read register"))
}

fn text_at(sheet: &[CellAt], row: u32, col: u32) -> String {
    sheet
        .iter()
        .find(|(r, c, _)| *r == row && *c == col)
        .map(|(_, _, v)| v.to_string())
        .unwrap_or_default()
}

#[test]
fn empty_register_gets_the_first_number() {
    let dir = TestDir::new("slip-new-empty");
    let path = dir.path().join("slips.xlsx");
    let added = add_slip(
        &path,
        "inputs/slips.xlsx",
        &Config::default(),
        &new_slip("2026-11-26"),
    )
    .expect("added");
    assert_eq!(added.number, "KF-2026-001");
    assert_eq!(added.backup, None);
    let sheets = cells(&path);
    assert_eq!(sheets.len(), 1);
    let (name, cells) = &sheets[0];
    assert_eq!(name, "工作联系单登记");
    // Header in the canonical order, then the row.
    assert_eq!(text_at(cells, 0, 0), "编号");
    assert_eq!(text_at(cells, 0, 1), "类别");
    assert_eq!(text_at(cells, 1, 0), "KF-2026-001");
    assert_eq!(text_at(cells, 1, 1), "B");
    assert_eq!(text_at(cells, 1, 4), "财务部");
    assert_eq!(
        added.rows[0].source.locate("编号"),
        "inputs/slips.xlsx › 工作联系单登记!A2"
    );
}

#[test]
fn last_number_013_gives_014_and_keeps_every_cell() {
    let dir = TestDir::new("slip-new-append");
    let path = dir.path().join("slips.xlsx");
    // 011 to one department, 013 to two (one slip), 012 never used (a gap is not reused).
    write_register(
        &path,
        &[
            ("KF-2026-011", "2026-11-20", "财务部"),
            ("KF-2026-013", "2026-11-25", "财务部"),
            ("KF-2026-013", "2026-11-25", "行政部"),
        ],
    );
    let before_bytes = std::fs::read(&path).expect("read");
    let before = cells(&path);
    let mut slip = new_slip("2026-11-26");
    slip.to_depts = vec!["财务部".into(), "人事部".into()];
    let added = add_slip(&path, "inputs/slips.xlsx", &Config::default(), &slip).expect("added");
    // Highest 2026 number is 013: 13 + 1 = 14.
    assert_eq!(added.number, "KF-2026-014");
    // The backup is the previous register, byte for byte.
    let backup = added.backup.expect("backup kept");
    assert_eq!(
        backup.file_name().and_then(|n| n.to_str()),
        Some("slips.xlsx.bak-1")
    );
    assert_eq!(std::fs::read(&backup).expect("backup"), before_bytes);

    let after = cells(&path);
    assert_eq!(after.len(), 2, "both sheets kept");
    for ((name_b, cells_b), (name_a, cells_a)) in before.iter().zip(&after) {
        assert_eq!(name_b, name_a, "sheet order kept");
        // Every existing cell is in the new file with the same value and type.
        for cell in cells_b {
            assert!(cells_a.contains(cell), "{name_b}: {cell:?} changed or lost");
        }
    }
    let reg = &after[0].1;
    // Header row 2 (index 1): 编号 is column B; the new rows are 4 and 5 (indexes 5, 6).
    assert_eq!(text_at(reg, 5, 1), "KF-2026-014");
    assert_eq!(text_at(reg, 5, 5), "财务部");
    assert_eq!(text_at(reg, 6, 1), "KF-2026-014");
    assert_eq!(text_at(reg, 6, 5), "人事部");
    assert_eq!(text_at(reg, 5, 2), "B");
    // 性质, 工作要求 and 起草人 were not in this register: added after its last column (I).
    assert_eq!(text_at(reg, 1, 9), "性质");
    assert_eq!(text_at(reg, 1, 10), "工作要求");
    assert_eq!(text_at(reg, 1, 11), "起草人");
    assert_eq!(text_at(reg, 5, 10), "请于月初提供上月退款明细");
    // Nothing else changed: the old cells, 3 new headers, and 2 rows × 10 filled cells
    // (the 7 required columns + 性质, 工作要求, 起草人).
    assert_eq!(reg.len(), before[0].1.len() + 3 + 2 * 10);
    assert_eq!(after[1].1, before[1].1);

    // A second slip the same day: 015, and a second backup.
    let again = add_slip(
        &path,
        "inputs/slips.xlsx",
        &Config::default(),
        &new_slip("2026-11-26"),
    )
    .expect("again");
    assert_eq!(again.number, "KF-2026-015");
    assert_eq!(
        again
            .backup
            .as_deref()
            .and_then(|b| b.file_name())
            .and_then(|n| n.to_str()),
        Some("slips.xlsx.bak-2")
    );
}

#[test]
fn year_rollover_starts_at_001() {
    let dir = TestDir::new("slip-new-rollover");
    let path = dir.path().join("slips.xlsx");
    write_register(
        &path,
        &[
            ("KF-2026-001", "2026-01-05", "财务部"),
            ("KF-2026-002", "2026-12-30", "财务部"),
        ],
    );
    let added = add_slip(
        &path,
        "inputs/slips.xlsx",
        &Config::default(),
        &new_slip("2027-01-04"),
    )
    .expect("added");
    assert_eq!(added.number, "KF-2027-001");
}

#[test]
fn refuses_a_register_with_a_duplicate_and_changes_nothing() {
    let dir = TestDir::new("slip-new-duplicate");
    let path = dir.path().join("slips.xlsx");
    // 012 is used twice on different days: two slips, one number.
    write_register(
        &path,
        &[
            ("KF-2026-012", "2026-11-20", "财务部"),
            ("KF-2026-012", "2026-11-22", "行政部"),
        ],
    );
    let before = std::fs::read(&path).expect("read");
    let err = add_slip(
        &path,
        "inputs/slips.xlsx",
        &Config::default(),
        &new_slip("2026-11-26"),
    )
    .expect_err("must refuse");
    let msg = format!("{err:#}");
    assert!(msg.contains("KF-2026-012"), "{msg}");
    assert!(msg.contains("发单日期不同"), "{msg}");
    // The second row (sheet row 4, 编号 in column B) is named.
    assert!(msg.contains("inputs/slips.xlsx › 登记!B4"), "{msg}");
    assert!(
        msg.starts_with("inputs/slips.xlsx: the slip register has 1 numbering problem(s) that make the next number ambiguous; fix them first:\n  inputs/slips.xlsx › 登记!B4: 编号 KF-2026-012"),
        "{msg}"
    );
    let zh = zhidu::i18n::Lang::Zh.scoped(|| format!("{err:#}"));
    assert!(
        zh.starts_with("inputs/slips.xlsx：工作联系单登记表有 1 个编号问题，下一个编号无法确定；请先更正：\n  inputs/slips.xlsx › 登记!B4：编号 KF-2026-012"),
        "{zh}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), before, "register untouched");
    assert!(!dir.path().join("slips.xlsx.bak-1").exists(), "no backup made");
}

#[test]
fn counter_slip_names_an_existing_original() {
    let dir = TestDir::new("slip-new-counter");
    let path = dir.path().join("slips.xlsx");
    write_register(&path, &[("KF-2026-001", "2026-11-02", "财务部")]);
    let mut unknown = new_slip("2026-11-05");
    unknown.replaces = Some("KF-2026-009".into());
    let err = add_slip(&path, "inputs/slips.xlsx", &Config::default(), &unknown).expect_err("refused");
    assert!(format!("{err:#}").contains("--replaces KF-2026-009"));
    assert!(!dir.path().join("slips.xlsx.bak-1").exists());

    let mut counter = new_slip("2026-11-05");
    counter.from_dept = "财务部".into();
    counter.to_depts = vec!["客服部".into()];
    counter.replaces = Some("KF-2026-001".into());
    let added = add_slip(&path, "inputs/slips.xlsx", &Config::default(), &counter).expect("added");
    // 001 + 1 = 002; its 替代编号 names the original.
    assert_eq!(added.number, "KF-2026-002");
    assert_eq!(added.rows[0].replaces.as_deref(), Some("KF-2026-001"));
    let reg = &cells(&path)[0].1;
    // The register had 9 columns (A–I); 性质, 工作要求, 起草人, 替代编号 are added as J–M.
    assert_eq!(text_at(reg, 1, 12), "替代编号");
    assert_eq!(text_at(reg, 3, 12), "KF-2026-001");
}

#[test]
fn command_line_slip_new_then_form() {
    let project = TestProject::with_config("slip-new-cli", zhidu::config::DEFAULT_CONFIG_TOML);
    project.copy_from_repo("inputs/slips.xlsx");
    let out = project.zhidu(&[
        "slip",
        "new",
        "--class",
        "C",
        "--from",
        "客服部",
        "--to",
        "财务部",
        "--subject",
        "发票核对",
        "--due",
        "2026-12-10",
        "--date",
        "2026-12-01",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The sample register's numbers are all 2026; a December slip continues the year.
    let number = out
        .stdout
        .split_whitespace()
        .find(|w| w.starts_with("KF-2026-"))
        .expect("number printed")
        .to_string();
    assert!(project.path(&format!("outputs/slips/{number}.pdf")).exists());
    assert!(project.path(&format!("outputs/slips/{number}.xlsx")).exists());
    // Printing it again from the register (read by the ingest layer) works.
    let out = project.zhidu(&["slip", "form", &number]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // An unknown number is the user's error: exit 1.
    let out = project.zhidu(&["slip", "form", "KF-2026-999"]);
    assert_eq!(out.code, 1);
    // A bad class is refused before the register is touched.
    let out = project.zhidu(&[
        "slip",
        "new",
        "--class",
        "D",
        "--from",
        "a",
        "--to",
        "b",
        "--subject",
        "s",
        "--due",
        "2026-12-10",
    ]);
    assert_eq!(out.code, 1);
    assert!(!project.path("inputs/slips.xlsx.bak-2").exists());
}
