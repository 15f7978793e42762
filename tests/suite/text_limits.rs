//! Text from the exports that is too long or hostile: cut with "…" in documents
//! (whole in `explain`), never failing a report; control and bidi characters
//! escaped on the terminal and in JSON, and gone from file names.

use calamine::Reader;

use crate::support::hr::hr_project;
use crate::support::TestProject;

const DEDUCTIONS: &[&str] = &["run", "--report", "deductions", "--period", "2026-11"];

/// Every text cell of every sheet of a workbook.
fn text_cells(path: &std::path::Path) -> Vec<String> {
    let mut book = calamine::open_workbook_auto(path).expect("workbook");
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            for c in row {
                if let calamine::Data::String(s) = c {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

/// Whether any string in a JSON value equals `s`.
fn has_string(v: &serde_json::Value, s: &str) -> bool {
    match v {
        serde_json::Value::String(t) => t == s,
        serde_json::Value::Array(a) => a.iter().any(|x| has_string(x, s)),
        serde_json::Value::Object(o) => o.values().any(|x| has_string(x, s)),
        _ => false,
    }
}

fn complaint(p: &TestProject, id: &str, content: &str) {
    p.write(
        "inputs/complaints.csv",
        format!("日期,工号,严重程度,是否本公司责任,内容\n2026-11-12,{id},一般,是,{content}\n"),
    );
}

#[test]
fn a_complaint_of_32767_characters_is_cut_in_documents_and_whole_in_explain() {
    let p = hr_project("text-complaint", &[("K001", "张三", &[2])]);
    let content = "客".repeat(32_767);
    complaint(&p, "K001", &content);
    let check = p.zhidu(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let run = p.zhidu(DEDUCTIONS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cells = text_cells(&p.path("outputs/2026-11/deductions.xlsx"));
    let long: Vec<&String> = cells.iter().filter(|c| c.contains("客客客客")).collect();
    assert!(!long.is_empty());
    for c in long {
        assert!(c.encode_utf16().count() <= 32_767);
        assert!(c.ends_with('…'), "cut with the mark");
    }
    let explain = p.zhidu(&[
        "explain",
        "--employee",
        "K001",
        "--period",
        "2026-11",
        "--format",
        "json",
    ]);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(explain.stdout.contains(&content), "explain keeps the whole text");
}

#[test]
fn a_very_long_name_makes_a_notice_and_a_short_file_name() {
    let name = "阿依古丽买买提".repeat(30);
    let p = hr_project("text-name", &[("K001", &name, &[2])]);
    let run = p.zhidu(DEDUCTIONS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notices = crate::support::all_paths(&p.path("outputs/2026-11/notices"));
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].trim_end_matches(".pdf").chars().count(), 60);
}

#[test]
fn control_and_bidi_characters_are_escaped_on_screen_and_gone_from_file_names() {
    let name = "张\u{1b}[2J三\u{202E}fdp.exe";
    let p = hr_project("text-hostile", &[("K001", name, &[2])]);
    let raw = |s: &str| s.contains('\u{1b}') || s.contains('\u{202E}');
    let run = p.zhidu(&[
        "--verbose",
        "run",
        "--report",
        "deductions",
        "--period",
        "2026-11",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !raw(&run.stdout) && !raw(&run.stderr),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains("notices/K001-张[2J三fdp.exe.pdf"),
        "{}",
        run.stdout
    );
    assert_eq!(
        crate::support::all_paths(&p.path("outputs/2026-11/notices")),
        ["K001-张[2J三fdp.exe.pdf"]
    );
    let text = p.zhidu(&["explain", "--employee", "K001", "--period", "2026-11"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(!raw(&text.stdout), "{}", text.stdout);
    assert!(
        text.stdout.contains("张\\u{1b}[2J三\\u{202e}fdp.exe"),
        "{}",
        text.stdout
    );
    let json = p.zhidu(&[
        "explain",
        "--employee",
        "K001",
        "--period",
        "2026-11",
        "--format",
        "json",
    ]);
    assert!(!raw(&json.stdout), "{}", json.stdout);
    assert!(
        json.stdout.contains("\\u001b") && json.stdout.contains("\\u202e"),
        "{}",
        json.stdout
    );
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("still JSON");
    assert!(has_string(&v, name), "the value is the name as it was");
    for file in ["outputs/runs.jsonl", "outputs/2026-11-30/manifest.json"] {
        let text = std::fs::read_to_string(p.path(file)).expect(file);
        assert!(!raw(&text), "{file}");
    }
}
