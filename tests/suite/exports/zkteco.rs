//! ZKTeco device dumps: `attlog.dat` read by its extension, with lines whose date
//! the device clock cannot have given (or whose bytes are damaged) refused by
//! line, and NUL padding ignored.

use super::{day, dt, errors, load, notes};

/// Good lines in November 2026 (IDs right-aligned with spaces, one with leading
/// zeros), a line from 1999, one from 2047, one on a day that does not exist,
/// one without ID, one of damaged bytes, one from 2004; CRLF line ends and NUL padding.
fn attlog() -> Vec<u8> {
    let mut b = Vec::new();
    let lines: [&[u8]; 10] = [
        b"     1001\t2026-11-02 08:29:41\t1\t0\t1\t0",
        b"     1001\t2026-11-02 17:31:02\t1\t1\t1\t0",
        b"   000027\t2026-11-03 08:55:10\t15\t0\t0\t0",
        b"     1001\t1999-12-31 23:59:59\t1\t0\t1\t0",
        b"ZZZZZZZZZZ\t2047-02-03 19:13:30\t1\t90\t90\t1515870810",
        b"ZZZZZZZZZZ\t2047-02-30 19:13:30\t1\t90\t90\t1515870810",
        b"        \t2026-11-03 09:00:00\t1\t0\t0\t0",
        b"\xFF\xFE\x80\t2026-11-03 09:01:00\t1\t0\t0\t0",
        b"     1001\t2026-11-03 18:02:00\t1\t1\t1\t0",
        b"      ZZ \t2004-01-21 01:34:40\t1\t48\t51\t0",
    ];
    for l in lines {
        b.extend_from_slice(l);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(&[0u8; 64]);
    b
}

#[test]
fn attlog_dat_is_read_by_its_extension_and_bad_clock_lines_are_refused_by_line() {
    let l = load(
        "zk_attlog",
        &[("punches", "path = \"inputs/1_attlog.dat\"\n")],
        &[("inputs/1_attlog.dat", attlog())],
    );
    assert_eq!(l.inputs[0].format.as_deref(), Some("zkteco-attlog"));
    assert_eq!(l.inputs[0].header_row, None);
    let got: Vec<_> = l
        .data
        .punches
        .iter()
        .map(|p| {
            (
                p.employee.id.as_deref(),
                p.at,
                p.device.as_deref(),
                p.result.as_deref(),
                p.source.cell("打卡时间"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("1001"),
                dt(2026, 11, 2, 8, 29, 41),
                Some("1"),
                Some("上班签到"),
                "B1".to_string()
            ),
            (
                Some("1001"),
                dt(2026, 11, 2, 17, 31, 2),
                Some("1"),
                Some("下班签退"),
                "B2".to_string()
            ),
            (
                Some("000027"),
                dt(2026, 11, 3, 8, 55, 10),
                Some("1"),
                Some("上班签到"),
                "B3".to_string()
            ),
            (
                Some("1001"),
                dt(2026, 11, 3, 18, 2, 0),
                Some("1"),
                Some("下班签退"),
                "B9".to_string()
            ),
        ]
    );
    assert_eq!(l.inputs[0].date_range, Some((day(2026, 11, 2), day(2026, 11, 3))));
    let f = "inputs/1_attlog.dat › 1_attlog";
    assert_eq!(
        errors(&l),
        vec![
            format!("{f}!B4: 1999-12-31 23:59:59 is impossible for the device clock (before 2000, after 2100, or more than a year before or after the period the file covers, 2026-11-02..2026-11-03); not read as a punch: the device's clock was wrong when it was recorded"),
            format!("{f}!B5: 2047-02-03 19:13:30 is impossible for the device clock (before 2000, after 2100, or more than a year before or after the period the file covers, 2026-11-02..2026-11-03); not read as a punch: the device's clock was wrong when it was recorded"),
            format!("{f}!B6: \"2047-02-30 19:13:30\" is impossible for the device clock (there is no such day or time); not read as a punch: the record is damaged or the clock was wrong"),
            format!("{f}!A7: the user ID (the first field) is empty on the punch at 2026-11-03 09:00:00; not read as a punch"),
            format!("{f}!8: line 8 is not text (bytes FF FE 80 09 32 30 32 36 2D 31 31 2D 30 33 20 30 39 3A 30 31 3A 30 30 09 …): a damaged record in the device's memory, not read as a punch"),
            format!("{f}!B10: 2004-01-21 01:34:40 is impossible for the device clock (before 2000, after 2100, or more than a year before or after the period the file covers, 2026-11-02..2026-11-03); not read as a punch: the device's clock was wrong when it was recorded"),
        ]
    );
    assert_eq!(
        notes(&l),
        vec!["inputs/1_attlog.dat: warning: 64 NUL byte(s) after the last line (padding written by the device) were ignored"]
    );
}

#[test]
fn a_dat_file_for_another_kind_says_what_it_is() {
    let l = load(
        "zk_attlog_calls",
        &[("calls", "path = \"inputs/1_attlog.dat\"\n")],
        &[("inputs/1_attlog.dat", attlog())],
    );
    assert_eq!(
        errors(&l),
        vec!["inputs/1_attlog.dat: a .dat file is read as a ZKTeco attendance log (attlog.dat), which holds punches: configure it under [inputs.punches], or export the calls as .xlsx or .csv"]
    );
}
