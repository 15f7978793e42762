//! Excel's lock files (`~$name.xlsx`, left while someone has the workbook open)
//! matched by a glob are skipped with a note instead of failing the input.

use super::{errors, load, notes};
use crate::support::xlsx::workbook;

#[test]
fn a_lock_file_matched_by_a_glob_is_skipped_with_a_note() {
    let book = workbook(&[(
        "打卡记录",
        vec![vec!["工号", "打卡时间"], vec!["E001", "2026-11-03 08:31:02"]],
    )]);
    // What Excel leaves: 165 bytes starting with the user's name, not a workbook.
    let lock = b"\x07zhangsan                                                   ".to_vec();
    let l = load(
        "lock_files",
        &[("punches", "path = \"inputs/punches/*.xlsx\"\n")],
        &[
            ("inputs/punches/11月.xlsx", book),
            ("inputs/punches/~$11月.xlsx", lock.clone()),
            ("inputs/punches/.~lock.11月.xlsx#", lock),
        ],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    assert_eq!(l.data.punches.len(), 1);
    assert_eq!(
        notes(&l),
        vec!["inputs/punches/~$11月.xlsx: warning: skipped: a lock file, left while someone has 11月.xlsx open in Excel, WPS or LibreOffice (not an export); it goes away when the workbook is closed"]
    );
}
