//! CSV files with Windows (CRLF), old Mac (CR), Unix (LF) and mixed line ends give
//! every row, numbered as the file's own lines; device padding is ignored with a note.

use super::{dt, errors, load, notes};

/// A punch log with a bad value on its fourth line, with the given line ends.
fn punch_csv(ends: &[&str; 4]) -> Vec<u8> {
    let lines = [
        "工号,打卡时间",
        "E1,2026-11-03 08:00:00",
        "E2,2026-11-03 08:01:00",
        "E3,25:61",
        "E4,2026-11-03 08:02:00",
    ];
    let mut s = String::new();
    for (i, l) in lines.iter().enumerate() {
        s.push_str(l);
        if let Some(end) = ends.get(i) {
            s.push_str(end);
        }
    }
    s.into_bytes()
}

fn read(name: &str, bytes: Vec<u8>) -> zhidu::ingest::Loaded {
    load(
        name,
        &[("punches", "path = \"inputs/p.csv\"\n")],
        &[("inputs/p.csv", bytes)],
    )
}

#[test]
fn every_kind_of_line_end_gives_every_row_on_its_own_line() {
    for (name, ends) in [
        ("crlf", ["\r\n"; 4]),
        ("cr", ["\r"; 4]),
        ("lf", ["\n"; 4]),
        ("mixed", ["\r\n", "\r", "\n", "\r\n"]),
    ] {
        let l = read(&format!("lines_{name}"), punch_csv(&ends));
        let got: Vec<(u32, Option<&str>)> = l
            .data
            .punches
            .iter()
            .map(|p| (p.source.row, p.employee.id.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![(2, Some("E1")), (3, Some("E2")), (5, Some("E4"))],
            "{name}"
        );
        assert_eq!(l.data.punches[0].at, dt(2026, 11, 3, 8, 0, 0), "{name}");
        assert_eq!(
            errors(&l),
            vec![
                "inputs/p.csv › p!B4: \"25:61\" is not a date and time (expected a date and time such as 2026-11-03 08:31:02, 2026/11/3 8:31 or a date-time cell)"
            ],
            "{name}"
        );
    }
}

#[test]
fn a_quoted_field_spanning_lines_keeps_the_numbering_of_the_lines_after_it() {
    // Line 2 holds a remark over two lines (2 and 3); the next record is on line 4.
    let text = "工号,备注,打卡时间\r\nE1,\"第一行\r\n第二行\",2026-11-03 08:00:00\r\nE2,,bad\r\n";
    let l = read("lines_quoted", text.as_bytes().to_vec());
    assert_eq!(l.data.punches.len(), 1);
    assert_eq!(l.data.punches[0].source.row, 2);
    assert_eq!(l.data.punches[0].remark.as_deref(), Some("第一行\r\n第二行"));
    assert_eq!(errors(&l).len(), 1);
    assert!(
        errors(&l)[0].starts_with("inputs/p.csv › p!C4: \"bad\""),
        "{:?}",
        errors(&l)
    );
}

#[test]
fn trailing_nul_padding_is_ignored_with_one_note() {
    let mut bytes = punch_csv(&["\r\n"; 4]);
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(&[0u8; 512]);
    let l = read("lines_nul", bytes);
    assert_eq!(l.data.punches.len(), 3);
    assert_eq!(
        notes(&l),
        vec!["inputs/p.csv: warning: 512 NUL byte(s) after the last line (padding written by the device) were ignored"]
    );
}
