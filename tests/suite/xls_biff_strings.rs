//! Text in old-format .xls workbooks reads as Excel reads it. In a BIFF8 workbook
//! (Excel 97 and later) every string is UTF-16, whole or in its compressed
//! Latin-1 form, whatever the CodePage record declares; ZKTeco's attendance
//! software writes 1252 there, and the strings must not be decoded with it. In a
//! BIFF5 workbook (Excel 5/95) strings are bytes in the declared code page.
//!
//! The fixtures and the script that writes them are in tests/fixtures/xls/.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xls};
use chrono::{NaiveDate, NaiveDateTime};
use zhidu::ingest::{self, Loaded};

use crate::support::{inputs_config, repo_root, TestProject};

const HEADERS: [&str; 10] = [
    "部门",
    "姓名",
    "考勤号码",
    "日期时间",
    "记录状态",
    "机器号",
    "编号",
    "工种代码",
    "比对方式",
    "卡号",
];

/// The BIFF8 fixture, shaped like a ZKTeco export, with a CodePage record saying 1252.
const BIFF8: &str = "biff8_codepage1252_unicode_strings.xls";
/// The BIFF5 fixture: CodePage 936 and GBK byte strings.
const BIFF5: &str = "biff5_codepage936_gbk_labels.xls";

/// The CodePage record (type 0x0042, two bytes long) saying 1252, as the BIFF8 fixture has it.
const CODE_PAGE_1252: [u8; 6] = [0x42, 0x00, 0x02, 0x00, 0xE4, 0x04];
/// The BOF record opening BIFF8 workbook globals (version 0x0600, type 0x0005).
const BIFF8_GLOBALS_BOF: [u8; 8] = [0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00];

fn fixture(name: &str) -> Vec<u8> {
    let path = repo_root().join("tests/fixtures/xls").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

/// The BIFF8 fixture with its CodePage record saying `code_page` instead of 1252.
fn biff8_with_code_page(code_page: u16) -> Vec<u8> {
    let mut bytes = fixture(BIFF8);
    let at = find_all(&bytes, &CODE_PAGE_1252);
    assert_eq!(at.len(), 1, "the fixture holds one CodePage record saying 1252");
    bytes[at[0] + 4..at[0] + 6].copy_from_slice(&code_page.to_le_bytes());
    bytes
}

fn open(bytes: Vec<u8>) -> Xls<Cursor<Vec<u8>>> {
    Xls::new(Cursor::new(bytes)).expect("the workbook opens")
}

fn sheet(book: &mut Xls<Cursor<Vec<u8>>>, name: &str) -> Range<Data> {
    book.worksheet_range(name).expect("the sheet reads")
}

/// A row's cells as text ("" for an empty cell), for comparison.
fn texts(range: &Range<Data>, row: usize) -> Vec<String> {
    range
        .rows()
        .nth(row)
        .expect("the row exists")
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => format!("<{other:?}>"),
        })
        .collect()
}

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|x| x.and_hms_opt(h, mi, s))
        .expect("datetime")
}

#[test]
fn the_biff8_fixture_is_biff8_and_declares_code_page_1252() {
    let bytes = fixture(BIFF8);
    assert_eq!(find_all(&bytes, &BIFF8_GLOBALS_BOF).len(), 1);
    assert_eq!(find_all(&bytes, &CODE_PAGE_1252).len(), 1);
}

#[test]
fn biff8_strings_are_unicode_whatever_the_code_page_record_says() {
    // 1252 as written by the ZKTeco software, 1200 as written by Excel, and the
    // ANSI code pages other machines would write.
    for code_page in [1252u16, 1200, 936, 950, 932, 1251] {
        let mut book = open(biff8_with_code_page(code_page));
        assert_eq!(
            book.sheet_names(),
            ["考勤记录", "Größe"],
            "sheet names (BoundSheet) with code page {code_page}"
        );

        let punches = sheet(&mut book, "考勤记录");
        assert_eq!(texts(&punches, 0), HEADERS, "headers with code page {code_page}");
        let first = texts(&punches, 1);
        assert_eq!(
            [&first[..3], &first[4..]].concat(),
            ["总公司", "郭学莉", "1", "上班签到", "1", "", "0", "指纹", ""],
            "first punch with code page {code_page}"
        );
        let second = texts(&punches, 2);
        assert_eq!(
            [&second[..3], &second[4..]].concat(),
            [
                "总公司",
                "孙炳诚",
                "98",
                "下班签退",
                "1",
                "",
                "0",
                "密码",
                "12345678"
            ],
            "second punch with code page {code_page}"
        );
        match punches.get((1, 3)) {
            Some(Data::DateTime(d)) => {
                // Serial days since 1899-12-30, to the second.
                let seconds = (d.as_f64() * 86_400.0).round() as i64;
                let expected = dt(2025, 7, 22, 11, 54, 31) - dt(1899, 12, 30, 0, 0, 0);
                assert_eq!(seconds, expected.num_seconds());
            }
            other => panic!("日期时间 should be a date cell, got {other:?}"),
        }

        // Compressed strings hold the low bytes of UTF-16: Latin-1, never the code page.
        let other = sheet(&mut book, "Größe");
        assert_eq!(
            texts(&other, 0),
            ["Café Zürich", "Ñandú", "ÀÉÎÕÜ"],
            "Latin-1 strings with code page {code_page}"
        );
        // A string the shared string table continues over a CONTINUE record.
        assert_eq!(
            texts(&other, 1)[0],
            "考勤".repeat(2100),
            "continued string with code page {code_page}"
        );
    }
}

#[test]
fn biff5_byte_strings_still_use_the_code_page() {
    let mut book = open(fixture(BIFF5));
    assert_eq!(book.sheet_names(), ["考勤"]);
    let range = sheet(&mut book, "考勤");
    assert_eq!(texts(&range, 0), HEADERS[..5]);
    assert_eq!(texts(&range, 1), ["总公司", "郭学莉", "1", "", "上班签到"]);
}

/// A project whose punches input is the BIFF8 fixture; every other kind is optional and absent.
fn load_punches(name: &str, bytes: Vec<u8>) -> Loaded {
    let config = inputs_config(&[("punches", "path = \"inputs/zk.xls\"\nsheet = \"考勤记录\"\n")]);
    let project = TestProject::with_config(name, &config).with_file("inputs/zk.xls", bytes);
    ingest::load(&project.load())
}

#[test]
fn zkteco_xls_declaring_code_page_1252_reads_as_punches() {
    let loaded = load_punches("xls_cp1252", fixture(BIFF8));
    assert!(!loaded.has_errors(), "{:#?}", loaded.problems);
    assert_eq!(loaded.inputs[0].format.as_deref(), Some("zkteco"));
    let punches = &loaded.data.punches;
    assert_eq!(punches.len(), 2);
    assert_eq!(punches[0].employee.id.as_deref(), Some("1"));
    assert_eq!(punches[0].employee.name.as_deref(), Some("郭学莉"));
    assert_eq!(punches[0].at, dt(2025, 7, 22, 11, 54, 31));
    assert_eq!(punches[0].result.as_deref(), Some("上班签到"));
    assert_eq!(punches[0].device.as_deref(), Some("1"));
    assert_eq!(punches[1].employee.id.as_deref(), Some("98"));
    assert_eq!(punches[1].employee.name.as_deref(), Some("孙炳诚"));
    assert_eq!(punches[1].at, dt(2025, 8, 20, 17, 52, 46));
    assert_eq!(punches[1].result.as_deref(), Some("下班签退"));
}
