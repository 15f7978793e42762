//! The slip register under `zhidu slip new`: concurrent calls never lose or
//! repeat a slip, a linked register is updated at its target, everything else in
//! the workbook is kept byte for byte, a far-away cell costs no memory, staged
//! files are safe, and `zhidu init --force` never replaces an input.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use calamine::Data;
use rust_xlsxwriter::{ExcelDateTime, Format, Note, Table, TableColumn, Workbook};
use zhidu::config::{Config, DEFAULT_CONFIG_TOML};
use zhidu::model::{SlipClass, SlipNature};
use zhidu::register::{add_slip, NewSlip};

use crate::support::xlsx;
use crate::support::{zhidu, Run, TestDir, TestProject};

// ---- helpers -------------------------------------------------------------------

/// The canonical columns of the fixture registers, in their order, and a 备注 column.
const HEADER: [&str; 11] = [
    "编号",
    "类别",
    "性质",
    "发单部门",
    "收单部门",
    "主题",
    "工作要求",
    "发单日期",
    "要求完成日期",
    "起草人",
    "备注",
];

/// `zhidu slip new` in a project, for one department, with the given subject.
fn slip_new(p: &TestProject, subject: &str) -> Run {
    p.zhidu(&slip_args(subject))
}

fn slip_args(subject: &str) -> Vec<&str> {
    vec![
        "slip",
        "new",
        "--class",
        "C",
        "--nature",
        "协助指令",
        "--from",
        "客服部",
        "--to",
        "财务部",
        "--subject",
        subject,
        "--requirement",
        "核对",
        "--drafter",
        "张三",
        "--due",
        "2026-12-10",
        "--date",
        "2026-12-01",
    ]
}

/// The number `slip new` printed (`…: added KF-2026-031 (1 row(s))…`).
fn printed_number(stdout: &str) -> String {
    stdout
        .split_whitespace()
        .find(|w| w.starts_with("KF-"))
        .unwrap_or_else(|| panic!("no number printed: {stdout}"))
        .to_string()
}

/// The sequence part of `KF-2026-031`.
fn seq(number: &str) -> u32 {
    number
        .rsplit('-')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a slip number: {number}"))
}

/// Every (编号, 主题) of the register workbook's register sheet, read with calamine.
fn register_rows(bytes: &[u8]) -> Vec<(String, String)> {
    for name in xlsx::sheet_names(bytes) {
        let rows = xlsx::text_rows(bytes, &name);
        let Some((h, header)) = rows
            .iter()
            .enumerate()
            .find(|(_, r)| r.iter().any(|c| c == "编号"))
        else {
            continue;
        };
        let col = |label: &str| header.iter().position(|c| c == label).expect("column");
        let (number, subject) = (col("编号"), col("主题"));
        return rows[h + 1..]
            .iter()
            .filter(|r| !r[number].is_empty())
            .map(|r| (r[number].clone(), r[subject].clone()))
            .collect();
    }
    panic!("no register sheet")
}

/// The entries of a zip package: name → (compression method, stored bytes).
fn raw_entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index_raw(i).expect("entry");
            let mut raw = Vec::new();
            e.read_to_end(&mut raw).expect("read entry");
            (e.name().expect("name").to_string(), e.compression(), raw)
        })
        .collect()
}

/// One entry of a zip package, decompressed, as text.
fn entry_text(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut e = zip.by_name(name).unwrap_or_else(|_| panic!("no {name}"));
    let mut s = String::new();
    e.read_to_string(&mut s).expect("utf-8 entry");
    s
}

/// The package with one entry's text changed (every entry written again, deflated).
fn rewrite_entry(bytes: &[u8], name: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).expect("entry");
        let entry_name = e.name().expect("name").to_string();
        let mut content = Vec::new();
        e.read_to_end(&mut content).expect("read");
        if entry_name == name {
            content = change(String::from_utf8(content).expect("utf-8")).into_bytes();
        }
        out.start_file(entry_name, options).expect("start");
        out.write_all(&content).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn date(y: u16, m: u8, d: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(y, m, d).expect("date")
}

/// A register with the canonical columns and 备注 on sheet 登记 (header on row 2
/// under a merged title), two data rows with dates in a yyyy-mm-dd format.
fn register_book() -> Workbook {
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold().set_background_color("#DDEEFF");
    let ws = book.add_worksheet();
    ws.set_name("登记").expect("name");
    ws.merge_range(0, 0, 0, 10, "工作联系单登记表", &bold)
        .expect("merged title");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold)
            .expect("header");
    }
    for (i, (n, to)) in [("KF-2026-040", "财务部"), ("KF-2026-041", "行政部")]
        .iter()
        .enumerate()
    {
        let r = 2 + i as u32;
        ws.write_string(r, 0, *n).expect("number");
        ws.write_string(r, 1, "B").expect("class");
        ws.write_string(r, 2, "协助指令").expect("nature");
        ws.write_string(r, 3, "客服部").expect("from");
        ws.write_string(r, 4, *to).expect("to");
        ws.write_string(r, 5, "对账").expect("subject");
        ws.write_datetime_with_format(r, 7, date(2026, 11, 20 + i as u8), &date_format)
            .expect("issued");
        ws.write_datetime_with_format(r, 8, date(2026, 11, 30), &date_format)
            .expect("due");
    }
    book
}

/// The register `register_book` with a formula (its cached value removed), a
/// note, a hyperlink, a defined name, a hidden sheet and a third sheet.
fn rich_register() -> Vec<u8> {
    let mut book = register_book();
    let ws = book.worksheet_from_name("登记").expect("sheet");
    ws.write_formula(2, 10, "=A3&\"备注\"").expect("formula");
    ws.write_url(3, 10, "https://example.com/slips/41")
        .expect("hyperlink");
    ws.insert_note(2, 0, &Note::new("第一张").set_author("李四"))
        .expect("note");
    book.define_name("登记范围", "=登记!$A$2:$K$4")
        .expect("defined name");
    let hidden = book.add_worksheet();
    hidden.set_name("隐藏").expect("name");
    hidden.write_string(0, 0, "隐藏的内容").expect("cell");
    hidden.set_hidden(true);
    let notes = book.add_worksheet();
    notes.set_name("说明").expect("name");
    notes.write_string(0, 0, "编号规则 KF-YYYY-NNN").expect("cell");
    let bytes = book.save_to_buffer().expect("save");
    rewrite_entry(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        assert!(xml.contains("</f><v>0</v>"), "{xml}");
        xml.replace("</f><v>0</v>", "</f>")
    })
}

fn project_with(name: &str, register: &[u8]) -> TestProject {
    let p = TestProject::with_config(name, DEFAULT_CONFIG_TOML);
    p.write("inputs/slips.xlsx", register);
    p
}

/// The `<row>` elements of a sheet's XML (from `<row` to `</row>` or `/>`).
fn row_elements(sheet: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = sheet;
    while let Some(i) = rest.find("<row ") {
        let tail = &rest[i..];
        let open_end = tail.find('>').expect("row tag ends");
        let end = if tail[..open_end].ends_with('/') {
            open_end + 1
        } else {
            tail.find("</row>").expect("row closes") + "</row>".len()
        };
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    out
}

/// The `s` of the cell `r` in a sheet's XML.
fn style_of(sheet: &str, r: &str) -> Option<String> {
    let at = sheet.find(&format!(r#"<c r="{r}""#))?;
    let tag = &sheet[at..at + sheet[at..].find('>')?];
    let s = tag.find(" s=\"")? + 4;
    Some(tag[s..s + tag[s..].find('"')?].to_string())
}

// ---- 1. concurrency ---------------------------------------------------------------

#[test]
fn concurrent_slip_new_never_loses_or_repeats_a_slip() {
    let p = TestProject::with_config("slip-concurrent", DEFAULT_CONFIG_TOML);
    p.copy_from_repo("inputs/slips.xlsx");
    let before = register_rows(&std::fs::read(p.path("inputs/slips.xlsx")).expect("register"));
    let highest = before
        .iter()
        .filter(|(n, _)| n.starts_with("KF-2026-"))
        .map(|(n, _)| seq(n))
        .max()
        .expect("2026 numbers");
    let mut printed: BTreeMap<String, String> = BTreeMap::new();
    for round in 0..3 {
        let children: Vec<(String, std::process::Child)> = (0..8)
            .map(|i| {
                let subject = format!("并发 {round}-{i}");
                let child = crate::support::run::command()
                    .env_remove("NO_COLOR")
                    .arg("--project")
                    .arg(p.root())
                    .args(slip_args(&subject))
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("zhidu starts");
                (subject, child)
            })
            .collect();
        for (subject, child) in children {
            let out = child.wait_with_output().expect("zhidu ends");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{subject}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let number = printed_number(&stdout);
            assert!(
                printed.insert(number.clone(), subject.clone()).is_none(),
                "{number} was given twice"
            );
        }
    }
    // 24 numbers, consecutive after the highest before.
    let seqs: Vec<u32> = printed.keys().map(|n| seq(n)).collect();
    assert_eq!(seqs, (highest + 1..=highest + 24).collect::<Vec<_>>());
    // Every slip is in the register under the number its call printed, and every earlier row is kept.
    let after = register_rows(&std::fs::read(p.path("inputs/slips.xlsx")).expect("register"));
    assert_eq!(after.len(), before.len() + 24);
    assert_eq!(&after[..before.len()], &before[..]);
    let added: BTreeMap<String, String> = after[before.len()..].iter().cloned().collect();
    assert_eq!(added, printed);
    // One backup per call, and nothing staged left behind.
    assert!(p.path("inputs/slips.xlsx.bak-24").is_file());
    assert!(!p.path("inputs/slips.xlsx.bak-25").exists());
    let leftovers: Vec<String> = std::fs::read_dir(p.path("inputs"))
        .expect("inputs")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// ---- 2. a linked register -----------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_linked_register_is_updated_at_its_target_keeping_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let p = TestProject::with_config("slip-link", DEFAULT_CONFIG_TOML);
    let shared = p.path("shared/登记.xlsx");
    std::fs::create_dir_all(p.path("shared")).expect("shared folder");
    std::fs::copy(crate::support::repo_root().join("inputs/slips.xlsx"), &shared).expect("copy");
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    // As root, give the register to another user, as a shared drive's file would be.
    if running_as_root() {
        std::os::unix::fs::chown(&shared, Some(4321), Some(4322)).expect("chown");
    }
    let owner = {
        let m = std::fs::metadata(&shared).expect("meta");
        (m.uid(), m.gid())
    };
    std::fs::create_dir_all(p.path("inputs")).expect("inputs");
    std::os::unix::fs::symlink("../shared/登记.xlsx", p.path("inputs/slips.xlsx")).expect("link");
    let before = std::fs::read(&shared).expect("register");

    let r = slip_new(&p, "经链接登记");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let number = printed_number(&r.stdout);
    // The link is still the same link; its target holds the new slip.
    let link = p.path("inputs/slips.xlsx");
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_link(&link).expect("link"),
        Path::new("../shared/登记.xlsx")
    );
    let after = std::fs::read(&shared).expect("register");
    assert!(register_rows(&after).contains(&(number, "经链接登记".to_string())));
    // Permissions and owner kept.
    let m = std::fs::metadata(&shared).expect("meta");
    assert_eq!(m.permissions().mode() & 0o7777, 0o640);
    assert_eq!((m.uid(), m.gid()), owner);
    // The backup and the lock are beside the target; nothing is left beside the link.
    assert_eq!(
        std::fs::read(p.path("shared/登记.xlsx.bak-1")).expect("backup"),
        before
    );
    assert!(p.path("shared/.登记.xlsx.lock").is_file());
    let mut beside_link: Vec<String> = std::fs::read_dir(p.path("inputs"))
        .expect("inputs")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    beside_link.sort();
    assert_eq!(beside_link, vec!["slips.xlsx"]);
}

/// Whether the tests run as root (so a file can be given to another user).
#[cfg(unix)]
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

// ---- 3. everything else is kept -------------------------------------------------------

#[test]
fn appending_keeps_every_other_part_and_changes_only_the_new_row_and_dimension() {
    let fixture = rich_register();
    // The fixture has what a rewrite used to lose.
    let names: Vec<String> = raw_entries(&fixture).into_iter().map(|(n, _, _)| n).collect();
    assert!(names.iter().any(|n| n.starts_with("xl/comments")), "{names:?}");
    let sheet_before = entry_text(&fixture, "xl/worksheets/sheet1.xml");
    assert!(
        sheet_before.contains("<f>A3&amp;\"备注\"</f></c>"),
        "formula without a cached value"
    );
    assert!(sheet_before.contains("<mergeCell ref=\"A1:K1\"/>"));
    assert!(sheet_before.contains("<hyperlink ref=\"K4\""));
    let workbook = entry_text(&fixture, "xl/workbook.xml");
    assert!(workbook.contains("state=\"hidden\""));
    assert!(workbook.contains("<definedName name=\"登记范围\">"));

    let p = project_with("slip-keep", &fixture);
    let r = slip_new(&p, "发票<核对>&\u{1b}[2J");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let number = printed_number(&r.stdout);
    assert_eq!(number, "KF-2026-042");
    let after = std::fs::read(p.path("inputs/slips.xlsx")).expect("register");

    // Every other entry: the same name, order, compression and stored bytes.
    let (old, new) = (raw_entries(&fixture), raw_entries(&after));
    assert_eq!(
        old.iter().map(|e| &e.0).collect::<Vec<_>>(),
        new.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
    for (o, n) in old.iter().zip(&new) {
        if o.0 != "xl/worksheets/sheet1.xml" {
            assert_eq!(o, n, "{} changed", o.0);
        }
    }

    // The sheet: the same bytes but for the dimension and one row before </sheetData>.
    let sheet_after = entry_text(&after, "xl/worksheets/sheet1.xml");
    let new_row = row_elements(&sheet_after)
        .into_iter()
        .find(|r| r.starts_with("<row r=\"5\""))
        .expect("row 5 added");
    assert!(sheet_after.contains(&format!("{new_row}</sheetData>")));
    assert!(
        sheet_before.contains("<dimension ref=\"A1:K4\"/>"),
        "{sheet_before}"
    );
    let expected = sheet_before
        .replace("<dimension ref=\"A1:K4\"/>", "<dimension ref=\"A1:K5\"/>")
        .replace("</sheetData>", &format!("{new_row}</sheetData>"));
    assert_eq!(sheet_after, expected);
    // Dates take the format of the column's own date cells; text is written inline.
    assert_eq!(style_of(&sheet_after, "H5"), style_of(&sheet_after, "H4"));
    assert_eq!(style_of(&sheet_after, "I5"), style_of(&sheet_after, "I4"));
    assert!(new_row.contains("t=\"inlineStr\""), "{new_row}");

    // The new row reads back through calamine with its values and types.
    let rows = xlsx::rows(&after, "登记");
    let row = &rows[4];
    assert_eq!(row[0], Data::String(number.clone()));
    assert_eq!(row[1], Data::String("C".into()));
    assert_eq!(row[2], Data::String("协助指令".into()));
    assert_eq!(row[5], Data::String("发票<核对>&\u{1b}[2J".into()));
    assert_eq!(row[9], Data::String("张三".into()));
    let Data::DateTime(issued) = &row[7] else {
        panic!("发单日期 is not a date: {:?}", row[7]);
    };
    // 2026-12-01 is day 46357 of Excel's 1900 date system.
    assert_eq!(issued.as_f64(), 46357.0);
    assert!(matches!(&row[8], Data::DateTime(d) if d.as_f64() == 46366.0));
    // And through the ingest layer: the form of the new slip prints from the register.
    let form = p.zhidu(&["slip", "form", &number]);
    assert_eq!(form.code, 0, "{}", form.stderr);
    // The backup is the fixture itself.
    assert_eq!(
        std::fs::read(p.path("inputs/slips.xlsx.bak-1")).expect("backup"),
        fixture
    );
}

fn new_slip(subject: &str) -> NewSlip {
    NewSlip {
        class: SlipClass::B,
        nature: Some(SlipNature::Assistance),
        from_dept: "客服部".into(),
        to_depts: vec!["财务部".into(), "人事部".into()],
        subject: subject.into(),
        requirement: None,
        issue_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        due_date: chrono::NaiveDate::from_ymd_opt(2026, 12, 10).expect("date"),
        drafter: None,
        replaces: None,
    }
}

#[test]
fn a_table_and_a_filter_over_the_register_grow_with_it() {
    let dir = TestDir::new("slip-table");
    // A register that is an Excel table (A2:K4, header on row 2).
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("登记").expect("name");
    ws.write_string(0, 0, "工作联系单登记表").expect("title");
    let columns: Vec<TableColumn> = HEADER.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for r in 2..4u32 {
        ws.write_string(r, 0, format!("KF-2026-00{}", r - 1))
            .expect("number");
        for (c, v) in [(1, "B"), (3, "客服部"), (4, "财务部"), (5, "对账")] {
            ws.write_string(r, c, v).expect("cell");
        }
        ws.write_datetime_with_format(r, 7, date(2026, 11, 2), &date_format)
            .expect("date");
        ws.write_datetime_with_format(r, 8, date(2026, 11, 9), &date_format)
            .expect("date");
    }
    ws.add_table(1, 0, 3, 10, &Table::new().set_columns(&columns))
        .expect("table");
    let table_path = dir.path().join("table.xlsx");
    book.save(&table_path).expect("save");

    let added = add_slip(&table_path, "table.xlsx", &Config::default(), &new_slip("表格")).expect("added");
    assert_eq!(added.number, "KF-2026-003");
    let after = std::fs::read(&table_path).expect("read");
    let table = entry_text(&after, "xl/tables/table1.xml");
    assert!(table.contains("ref=\"A2:K6\""), "{table}");
    assert!(table.contains("<autoFilter ref=\"A2:K6\""), "{table}");
    let rows = xlsx::text_rows(&after, "登记");
    assert_eq!(rows[4][0], "KF-2026-003");
    assert_eq!(rows[5][4], "人事部");

    // A register with a filter on its header row (and the _FilterDatabase name Excel keeps).
    let mut book = register_book();
    book.worksheet_from_name("登记")
        .expect("sheet")
        .autofilter(1, 0, 3, 10)
        .expect("filter");
    let filter_path = dir.path().join("filter.xlsx");
    book.save(&filter_path).expect("save");
    let workbook_before = entry_text(&std::fs::read(&filter_path).expect("read"), "xl/workbook.xml");
    add_slip(&filter_path, "filter.xlsx", &Config::default(), &new_slip("筛选")).expect("added");
    let after = std::fs::read(&filter_path).expect("read");
    let sheet = entry_text(&after, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter ref=\"A2:K6\"/>"), "{sheet}");
    assert!(sheet.contains("<dimension ref=\"A1:K6\"/>"), "{sheet}");
    assert_eq!(entry_text(&after, "xl/workbook.xml"), workbook_before);
}

#[test]
fn a_register_without_a_date_format_gets_one_and_preformatted_rows_are_filled() {
    let dir = TestDir::new("slip-no-date-format");
    let path = dir.path().join("slips.xlsx");
    // Text cells only: the workbook has no date format at all. Rows 4–6 are
    // pre-formatted (a border) but empty.
    let mut book = Workbook::new();
    let border = Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
    let ws = book.add_worksheet();
    ws.set_name("登记").expect("name");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (c, v) in [
        (0, "KF-2026-007"),
        (1, "A"),
        (3, "客服部"),
        (4, "财务部"),
        (5, "旧"),
        (7, "2026-11-02"),
        (8, "2026-11-09"),
    ] {
        ws.write_string(1, c, v).expect("cell");
    }
    for r in 2..5u32 {
        for c in 0..11u16 {
            ws.write_blank(r, c, &border).expect("blank");
        }
    }
    book.save(&path).expect("save");
    let before = std::fs::read(&path).expect("read");
    let styles_before = entry_text(&before, "xl/styles.xml");

    let added = add_slip(&path, "slips.xlsx", &Config::default(), &new_slip("新")).expect("added");
    assert_eq!(added.number, "KF-2026-008");
    let after = std::fs::read(&path).expect("read");
    // The new rows fill the pre-formatted rows 3 and 4, keeping their borders.
    let sheet = entry_text(&after, "xl/worksheets/sheet1.xml");
    let rows = row_elements(&sheet);
    assert_eq!(rows.len(), 5, "no row element is added: {rows:?}");
    assert_eq!(style_of(&sheet, "A3"), style_of(&before_sheet(&before), "A3"));
    assert_eq!(style_of(&sheet, "K3"), style_of(&before_sheet(&before), "K3"));
    // A date format was added to the styles (and only that).
    let styles_after = entry_text(&after, "xl/styles.xml");
    assert_ne!(styles_after, styles_before);
    assert!(styles_after.contains("<xf numFmtId=\"14\""), "{styles_after}");
    let data = xlsx::rows(&after, "登记");
    assert!(
        matches!(&data[2][7], Data::DateTime(d) if d.as_f64() == 46357.0),
        "{:?}",
        data[2][7]
    );
    assert_eq!(data[3][4], Data::String("人事部".into()));
    // A third slip: the added format is found again, not added twice.
    add_slip(&path, "slips.xlsx", &Config::default(), &new_slip("再")).expect("again");
    let styles_again = entry_text(&std::fs::read(&path).expect("read"), "xl/styles.xml");
    assert_eq!(styles_again, styles_after);
}

fn before_sheet(bytes: &[u8]) -> String {
    entry_text(bytes, "xl/worksheets/sheet1.xml")
}

// ---- 4. far-away cells ----------------------------------------------------------------

/// Runs `zhidu ARGS` in a project with its address space limited to 2 GiB (and
/// malloc's per-thread arenas to 2, so many cores do not reserve it all), so an
/// attempt to allocate a dense copy of the whole grid (512 GiB) fails instead of
/// exhausting the machine.
#[cfg(target_os = "linux")]
fn zhidu_limited(p: &TestProject, args: &[&str]) -> Run {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 2097152 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_zhidu"))
        .arg("--project")
        .arg(p.root())
        .args(args)
        .env("MALLOC_ARENA_MAX", "2")
        .env_remove("NO_COLOR");
    let out = cmd.output().expect("sh runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_far_away_cell_or_dimension_costs_no_memory() {
    let plain = register_book().save_to_buffer().expect("save");
    // A dimension claiming the whole grid.
    let whole_grid = rewrite_entry(&plain, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("<dimension ref=\"A1:K4\"/>", "<dimension ref=\"A1:XFD1048576\"/>")
    });
    let p = project_with("slip-far-dimension", &whole_grid);
    let r = zhidu_limited(&p, &slip_args("远"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sheet = entry_text(
        &std::fs::read(p.path("inputs/slips.xlsx")).expect("read"),
        "xl/worksheets/sheet1.xml",
    );
    assert!(sheet.contains("<dimension ref=\"A1:XFD1048576\"/>"), "{sheet}");
    assert!(sheet.contains("<row r=\"5\">"), "{sheet}");

    // One cell holding a value at XFD1048576, the last cell of the grid.
    let far_cell = rewrite_entry(&plain, "xl/worksheets/sheet1.xml", |xml| {
        xml.replace("<dimension ref=\"A1:K4\"/>", "<dimension ref=\"A1:XFD1048576\"/>")
            .replace(
                "</sheetData>",
                "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>远</t></is></c></row></sheetData>",
            )
    });
    let p = project_with("slip-far-cell", &far_cell);
    let first = zhidu_limited(&p, &slip_args("一"));
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = zhidu_limited(&p, &slip_args("二"));
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(printed_number(&first.stdout), "KF-2026-042");
    assert_eq!(printed_number(&second.stdout), "KF-2026-043");
    // The new rows follow the register, before the far row, which is kept.
    let sheet = entry_text(
        &std::fs::read(p.path("inputs/slips.xlsx")).expect("read"),
        "xl/worksheets/sheet1.xml",
    );
    let rows: Vec<String> = row_elements(&sheet)
        .iter()
        .map(|r| r.split('"').nth(1).unwrap_or_default().to_string())
        .collect();
    assert_eq!(rows, ["1", "2", "3", "4", "5", "6", "1048576"]);
    assert!(sheet.contains("<c r=\"XFD1048576\" t=\"inlineStr\"><is><t>远</t></is></c>"));
}

// ---- 5. init --force ------------------------------------------------------------------

#[test]
fn init_force_never_replaces_an_input() {
    let p = TestProject::init("init-force-inputs");
    // The live register has a slip the sample lacks; another input was deleted.
    let r = slip_new(&p, "在用登记");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let live = std::fs::read(p.path("inputs/slips.xlsx")).expect("register");
    std::fs::remove_file(p.path("inputs/calls.xlsx")).expect("remove");
    std::fs::write(p.path("zhidu.toml"), "# edited\n").expect("edit");
    #[cfg(unix)]
    {
        std::fs::create_dir_all(p.path("elsewhere")).expect("dir");
        std::fs::rename(p.path("inputs/surveys.xlsx"), p.path("elsewhere/surveys.xlsx")).expect("move");
        std::os::unix::fs::symlink("../elsewhere/surveys.xlsx", p.path("inputs/surveys.xlsx")).expect("link");
    }

    let r = zhidu(&["init", "--force", "--sample", p.root_str()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The config is overwritten, as --force says; the register is not.
    assert_eq!(
        std::fs::read_to_string(p.path("zhidu.toml")).expect("config"),
        DEFAULT_CONFIG_TOML
    );
    assert_eq!(
        std::fs::read(p.path("inputs/slips.xlsx")).expect("register"),
        live
    );
    // A missing sample is written again.
    assert!(p.path("inputs/calls.xlsx").is_file());
    #[cfg(unix)]
    assert!(std::fs::symlink_metadata(p.path("inputs/surveys.xlsx"))
        .expect("link")
        .file_type()
        .is_symlink());
    // The output says which files were kept.
    assert!(r.stdout.contains("kept"), "{}", r.stdout);
    assert!(r.stdout.contains("inputs/slips.xlsx"), "{}", r.stdout);
    assert!(!r.stdout.contains("inputs/calls.xlsx"), "{}", r.stdout);
}

// ---- 6. staged files and the lock file --------------------------------------------------

#[cfg(unix)]
#[test]
fn planted_links_are_never_followed_and_leftovers_are_removed() {
    let p = project_with("slip-planted", &register_book().save_to_buffer().expect("save"));
    std::fs::write(p.path("victim.txt"), "keep me").expect("victim");
    let victim = p.path("victim.txt");
    // A staged file a killed run left, and links planted under staged-file names.
    std::fs::write(p.path("inputs/.slips.xlsx.Ab12Cd.tmp"), "half").expect("leftover");
    std::os::unix::fs::symlink(&victim, p.path("inputs/.slips.xlsx.Zz99Yy.tmp")).expect("link");
    for pid in 0..64 {
        let _ = std::os::unix::fs::symlink(&victim, p.path(&format!("inputs/.slips.xlsx.{pid}.tmp")));
    }
    let r = slip_new(&p, "安全");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    assert!(
        !p.path("inputs/.slips.xlsx.Ab12Cd.tmp").exists(),
        "the leftover is removed"
    );
    assert!(
        std::fs::symlink_metadata(p.path("inputs/.slips.xlsx.Zz99Yy.tmp")).is_ok(),
        "links are left alone"
    );

    // A lock file replaced by a link is refused, not followed.
    std::fs::remove_file(p.path("inputs/.slips.xlsx.lock")).expect("lock file");
    std::os::unix::fs::symlink(&victim, p.path("inputs/.slips.xlsx.lock")).expect("link");
    let before = std::fs::read(p.path("inputs/slips.xlsx")).expect("register");
    let r = slip_new(&p, "再次");
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains(".slips.xlsx.lock"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    assert_eq!(
        std::fs::read(p.path("inputs/slips.xlsx")).expect("register"),
        before
    );
}

// ---- only .xlsx registers are written ---------------------------------------------------

#[test]
fn an_xls_or_csv_register_is_refused_with_a_clear_message() {
    for ext in ["xls", "csv"] {
        let config = DEFAULT_CONFIG_TOML.replace(
            "path = \"inputs/slips.xlsx\"",
            &format!("path = \"inputs/slips.{ext}\""),
        );
        let p = TestProject::with_config(&format!("slip-{ext}"), &config);
        p.write(&format!("inputs/slips.{ext}"), "编号,类别\n");
        let r = slip_new(&p, "旧格式");
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("writes .xlsx registers only"), "{}", r.stderr);
        assert_eq!(
            std::fs::read_to_string(p.path(&format!("inputs/slips.{ext}"))).expect("register"),
            "编号,类别\n"
        );
    }
}
