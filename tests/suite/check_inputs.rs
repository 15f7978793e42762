//! `zhidu check` on fixture folders with bad inputs: each gets its exact message
//! and the documented exit code.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::support::xlsx::{workbook, Cell};
use crate::support::{inputs_config as config, repo_root, zhidu_in, Run, TestProject, INPUT_KINDS};

/// A fresh project folder with the given config and input files.
fn project(name: &str, config_text: &str, files: &[(&str, Vec<u8>)]) -> TestProject {
    files
        .iter()
        .fold(TestProject::with_config(name, config_text), |p, (rel, bytes)| {
            p.with_file(rel, bytes)
        })
}

/// `zhidu check EXTRA` run inside `dir`: (exit code, stdout, stderr).
fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let Run { code, stdout, stderr } = zhidu_in(dir, &[&["check"], extra].concat());
    (code, stdout, stderr)
}

/// The problem lines of a text report (indented two spaces, after the inputs list).
fn problem_lines(stdout: &str) -> Vec<String> {
    stdout
        .split("\n\n")
        .skip(1)
        .flat_map(|block| block.lines().skip(1))
        .filter(|l| l.starts_with("  "))
        .map(|l| l[2..].to_string())
        .collect()
}

/// A one-sheet workbook.
fn xlsx(sheet: &str, rows: &[Vec<Cell<'_>>]) -> Vec<u8> {
    workbook(&[(sheet, rows.to_vec())])
}

#[test]
fn missing_column_lists_found_columns_and_closest_alias() {
    let dir = project(
        "missing_column",
        &config(&[("leaves", "path = \"inputs/leaves.csv\"\n")]),
        &[(
            "inputs/leaves.csv",
            "工号,开始日期,结速日期\nE001,2026-11-02,2026-11-03\n"
                .as_bytes()
                .to_vec(),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/leaves.csv › leaves: missing column 结束日期 (accepted headers: 结束日期, 结束时间, 截止日期, 请假结束, end date); columns found in row 1: 工号, 开始日期, 结速日期; closest: \"结速日期\" (C) is like \"结束日期\" — rename it, or add it under [inputs.leaves.aliases]"]
    );
    assert!(
        out.contains("  leaves           inputs/leaves.csv › leaves: not read: missing column 结束日期"),
        "{out}"
    );
}

#[test]
fn bad_date_names_the_cell_and_the_forms_expected() {
    let dir = project(
        "bad_date",
        &config(&[("complaints", "path = \"inputs/complaints.xlsx\"\n")]),
        &[(
            "inputs/complaints.xlsx",
            xlsx(
                "投诉登记",
                &[
                    vec![Cell::Text("日期"), Cell::Text("工号"), Cell::Text("严重程度")],
                    vec![Cell::Text("2026-02-30"), Cell::Text("E001"), Cell::Text("一般")],
                ],
            ),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out)[0],
        "inputs/complaints.xlsx › 投诉登记!A2: \"2026-02-30\" is not a date (expected a date such as 2026-11-03, 2026/11/3 or a date cell)"
    );
}

#[test]
fn bad_time_is_reported_like_a_compiler() {
    let mut rows = vec![vec![Cell::Text("工号"), Cell::Text("日期"), Cell::Text("时间")]];
    for _ in 2..17 {
        rows.push(vec![
            Cell::Text("E001"),
            Cell::Text("2026-11-03"),
            Cell::Text("08:31"),
        ]);
    }
    rows.push(vec![
        Cell::Text("E001"),
        Cell::Text("2026-11-03"),
        Cell::Text("25:61"),
    ]);
    let dir = project(
        "bad_time",
        &config(&[("punches", "path = \"inputs/punches.xlsx\"\n")]),
        &[("inputs/punches.xlsx", xlsx("打卡记录", &rows))],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out)[0],
        "inputs/punches.xlsx › 打卡记录!C17: \"25:61\" is not a time (expected HH:MM, HH:MM:SS or a time cell)"
    );
    // Rows 2–16 are good: 15 punches.
    assert!(
        out.contains("format table, header row 1, 15 records, dates 2026-11-03,"),
        "{out}"
    );
}

/// 3,000 punches (9,000 cells: several of the batches an .xlsx is read in) with
/// bad times in rows 1400 and 2800, written with shared strings or with inline
/// strings (as streaming writers do): both read alike, problems in row order.
#[test]
fn long_sheet_reports_every_row_in_order() {
    for inline in [false, true] {
        let mut wb = Workbook::new();
        let ws = if inline {
            wb.add_worksheet_with_constant_memory().expect("worksheet")
        } else {
            wb.add_worksheet()
        };
        ws.set_name("打卡记录").expect("sheet name");
        for (c, h) in ["工号", "日期", "时间"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).expect("write cell");
        }
        // Data rows 2..=3001 (0-based 1..=3000).
        for r in 1..=3000u32 {
            let time = match r + 1 {
                1400 => "25:61",
                2800 => "8点",
                _ => "08:31",
            };
            ws.write_string(r, 0, "E001").expect("write cell");
            ws.write_string(r, 1, "2026-11-03").expect("write cell");
            ws.write_string(r, 2, time).expect("write cell");
        }
        let bytes = wb.save_to_buffer().expect("save");
        let dir = project(
            if inline {
                "long_sheet_inline"
            } else {
                "long_sheet_shared"
            },
            &config(&[("punches", "path = \"inputs/punches.xlsx\"\n")]),
            &[("inputs/punches.xlsx", bytes)],
        );
        let (code, out, _) = check(dir.root(), &[]);
        assert_eq!(code, 1);
        assert_eq!(
            problem_lines(&out),
            vec![
                "inputs/punches.xlsx › 打卡记录!C1400: \"25:61\" is not a time (expected HH:MM, HH:MM:SS or a time cell)",
                "inputs/punches.xlsx › 打卡记录!C2800: \"8点\" is not a time (expected HH:MM, HH:MM:SS or a time cell)",
                // No roster: the 3,000 − 2 punches read name an unknown employee.
                "inputs/punches.xlsx › 打卡记录!A2: warning: employee \"E001\" is not in the roster (2998 records of this sheet; the first is here)",
            ],
            "inline strings: {inline}"
        );
        // 3,000 data rows, 2 of them bad.
        assert!(
            out.contains("format table, header row 1, 2998 records, dates 2026-11-03,"),
            "{out}"
        );
    }
}

#[test]
fn negative_duration() {
    let dir = project(
        "negative_duration",
        &config(&[("calls", "path = \"inputs/calls.csv\"\n")]),
        &[(
            "inputs/calls.csv",
            "坐席工号,开始时间,通话时长(秒),呼叫方向\nE001,2026-11-03 08:31:02,-5,呼入\n"
                .as_bytes()
                .to_vec(),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/calls.csv › calls!C2: \"-5\" is a negative duration (expected 0 seconds or more)"]
    );
}

#[test]
fn unknown_employee_is_a_warning_with_a_count() {
    let dir = project(
        "unknown_employee",
        &config(&[
            ("roster", "path = \"inputs/roster.csv\"\n"),
            ("violations", "path = \"inputs/violations.csv\"\n"),
        ]),
        &[
            (
                "inputs/roster.csv",
                "工号,姓名,部门,基本工资\nE001,张三,客服部,4500\n".as_bytes().to_vec(),
            ),
            (
                "inputs/violations.csv",
                "日期,工号,违规类型\n2026-11-05,E099,玩手机\n2026-11-06,E001,玩手机\n2026-11-07,E099,看视频\n"
                    .as_bytes()
                    .to_vec(),
            ),
        ],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/violations.csv › violations!B2: warning: employee \"E099\" is not in the roster (2 records of this sheet; the first is here)"]
    );
    assert!(
        out.contains("  violations       inputs/violations.csv › violations: format table, header row 1, 3 records, dates 2026-11-05..2026-11-07, 2 naming employees not in the roster"),
        "{out}"
    );
}

#[test]
fn duplicate_employee_id_in_the_roster() {
    let dir = project(
        "duplicate_id",
        &config(&[("roster", "path = \"inputs/roster.csv\"\n")]),
        &[(
            "inputs/roster.csv",
            "工号,姓名,部门,基本工资\nE001,张三,客服部,4500\nE002,李四,客服部,4500\nE001,王五,客服部,4200\n"
                .as_bytes()
                .to_vec(),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/roster.csv › roster!A4: duplicate 工号 \"E001\": also in row 2 (张三); each employee needs a unique 工号"]
    );
}

#[test]
fn empty_file() {
    let dir = project(
        "empty_file",
        &config(&[("roster", "path = \"inputs/roster.xlsx\"\n")]),
        &[("inputs/roster.xlsx", Vec::new())],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/roster.xlsx: the file is empty (0 bytes): export it again"]
    );
}

#[test]
fn text_file_named_xlsx() {
    let dir = project(
        "text_as_xlsx",
        &config(&[("roster", "path = \"inputs/roster.xlsx\"\n")]),
        &[(
            "inputs/roster.xlsx",
            "工号,姓名,部门,基本工资\nE001,张三,客服部,4500\n"
                .as_bytes()
                .to_vec(),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/roster.xlsx: not an .xlsx file: it is delimited text (CSV); rename it to .csv (zhidu reads comma-, tab- and semicolon-separated text) (it starts with \"工号,姓名,部门,基本工资\")"]
    );
}

#[test]
fn encrypted_workbook() {
    // tests/cases/encrypted/inputs/leaves.xlsx: a small workbook encrypted with a password.
    let bytes = std::fs::read(repo_root().join("tests/cases/encrypted/inputs/leaves.xlsx")).expect("fixture");
    let dir = project(
        "encrypted",
        &config(&[("leaves", "path = \"inputs/leaves.xlsx\"\n")]),
        &[("inputs/leaves.xlsx", bytes)],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/leaves.xlsx: the workbook is encrypted (password-protected): open it in Excel/WPS, remove the password (文件 › 信息 › 保护工作簿 / 文档加密) and save it again"]
    );
}

#[test]
fn gbk_csv_with_invalid_bytes() {
    let (gbk_header, _, _) = encoding_rs::GBK.encode("工号,姓名,部门,基本工资\n");
    // The header is 4+1+4+1+4+1+8+1 = 24 bytes; line 2 is "E001," then 0xFF.
    assert_eq!(gbk_header.len(), 24);
    let mut bytes = gbk_header.to_vec();
    bytes.extend_from_slice(b"E001,");
    bytes.push(0xFF);
    let (rest, _, _) = encoding_rs::GBK.encode(",客服部,4500\n");
    bytes.extend_from_slice(&rest);
    let dir = project(
        "gbk_invalid",
        &config(&[("roster", "path = \"inputs/roster.csv\"\n")]),
        &[("inputs/roster.csv", bytes)],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/roster.csv: line 2, byte 6 of the line (offset 29 in the file): bytes FF are not valid GB18030/GBK and the file is not valid UTF-8 either; nothing was replaced: fix the line or export the file again as UTF-8"]
    );
}

#[test]
fn valid_gbk_csv_is_read() {
    let (bytes, _, _) = encoding_rs::GBK.encode("工号,姓名,部门,基本工资\nE001,张三,客服部,4500\n");
    let dir = project(
        "gbk_valid",
        &config(&[("roster", "path = \"inputs/roster.csv\"\n")]),
        &[("inputs/roster.csv", bytes.to_vec())],
    );
    let p = dir.load();
    let loaded = zhidu::ingest::load(&p);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert_eq!(loaded.data.employees[0].name, "张三");
    assert_eq!(loaded.data.employees[0].base_pay, zhidu::model::Fen(450_000));
}

#[test]
fn sheet_without_header_row() {
    let dir = project(
        "no_header",
        &config(&[("roster", "path = \"inputs/roster.xlsx\"\n")]),
        &[(
            "inputs/roster.xlsx",
            xlsx(
                "Sheet1",
                &[vec![
                    Cell::Text("E001"),
                    Cell::Text("张三"),
                    Cell::Text("客服部"),
                    Cell::Number(4500.0),
                ]],
            ),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/roster.xlsx › Sheet1: no header row in the first 10 rows (expected a row naming columns such as 工号, 姓名, 部门, 基本工资); row 1 reads: E001, 张三, 客服部, 4500"]
    );
}

#[test]
fn misspelt_config_key() {
    let text = format!("{}[check]\nmax_problem = 5\n", config(&[]));
    let dir = project("misspelt_key", &text, &[]);
    let (code, out, err) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    // 13 sections of 4 lines each come first, so [check] is line 53 and the key line 54.
    assert_eq!(
        err.lines().next().unwrap_or_default(),
        "error: ./zhidu.toml:54: unknown field `max_problem`, expected one of `max_problems`, `max_input_mib`, `max_shared_strings_mib`"
    );
}

#[test]
fn missing_required_file() {
    let dir = project(
        "missing_file",
        &config(&[("roster", "path = \"inputs/roster.xlsx\"\n")]),
        &[],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        problem_lines(&out),
        vec!["inputs/roster.xlsx: no such file (inputs.roster.path = \"inputs/roster.xlsx\"); put the export there, change the path, or set required = false"]
    );
}

#[test]
fn problems_are_capped_with_a_count_of_the_rest_and_json_says_the_same() {
    let mut csv = String::from("日期,工号,违规类型\n");
    for _ in 0..5 {
        csv.push_str("2026-13-01,E001,玩手机\n");
    }
    let text = format!(
        "{}[check]\nmax_problems = 2\n",
        config(&[("violations", "path = \"inputs/violations.csv\"\n")])
    );
    let dir = project("capped", &text, &[("inputs/violations.csv", csv.into_bytes())]);
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1);
    assert_eq!(problem_lines(&out).len(), 2);
    assert!(
        out.contains("… and 3 more problems not shown (check.max_problems = 2)"),
        "{out}"
    );
    assert!(out.ends_with("5 errors, 0 warnings\n"), "{out}");
    let (code, json, _) = check(dir.root(), &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["errors"], 5);
    assert_eq!(v["problems_not_shown"], 3);
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["problems"][0]["cell"], "A2");
    assert_eq!(
        v["problems"][0]["message"],
        "\"2026-13-01\" is not a date (expected a date such as 2026-11-03, 2026/11/3 or a date cell)"
    );
    assert_eq!(v["inputs"][0]["kind"], "violations");
    assert_eq!(v["inputs"][0]["records"], 0);
}

#[test]
fn headers_but_no_rows_is_zero_records_and_no_problem() {
    let dir = project(
        "header_only",
        &config(&[("leaves", "path = \"inputs/leaves.xlsx\"\n")]),
        &[(
            "inputs/leaves.xlsx",
            xlsx(
                "请假记录",
                &[vec![
                    Cell::Text("工号"),
                    Cell::Text("开始日期"),
                    Cell::Text("结束日期"),
                ]],
            ),
        )],
    );
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "  leaves           inputs/leaves.xlsx › 请假记录: format table, header row 1, no records\n"
        ),
        "{out}"
    );
}

#[test]
fn bundled_sample_inputs_check_cleanly() {
    let (code, out, err) = check(repo_root(), &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("\n0 errors, 0 warnings\n"), "{out}");
    for kind in INPUT_KINDS {
        assert!(
            out.contains(&format!("  {kind:<16} inputs/{kind}.xlsx › ")),
            "{kind}: {out}"
        );
    }
}

/// A project whose roster has 离职日期 and which keeps both optional registers,
/// all as CSV under other headers (aliases).
fn registers_project() -> TestProject {
    let text = config(&[
        ("roster", "path = \"inputs/roster.csv\"\n"),
        ("corrections", "path = \"inputs/补卡.csv\"\n"),
        ("client_records", "path = \"inputs/客户资料.csv\"\n"),
    ]);
    project(
        "registers",
        &text,
        &[
            (
                "inputs/roster.csv",
                "工号,姓名,部门,基本工资,入职日期,离职时间\nE001,张三,客服部,4000,2026-11-16,\nE002,李四,客服部,3800,2026-03-01,2026-01-31\n"
                    .as_bytes()
                    .to_vec(),
            ),
            (
                "inputs/补卡.csv",
                "员工工号,补卡日期,补卡时刻,事由,批准人\nE001,2026-11-19,17:40,考勤机故障,王芳\nE009,2026-11-20,08:20,忘记打卡,\n"
                    .as_bytes()
                    .to_vec(),
            ),
            (
                "inputs/客户资料.csv",
                "客户名称,受理时间,业务员,提交日期,建档时间,建档工号\n华东建材,2026-11-02,陈志强,2026-11-05,2026-11-06,E001\n恒信物业,2026-11-03 10:00,林晓峰,2026-11-01,,\n宏达机电,2026-11-10,郑雅婷,,2026-11-12,E001\n"
                    .as_bytes()
                    .to_vec(),
            ),
        ],
    )
}

#[test]
fn check_reports_the_corrections_and_client_records_like_the_others() {
    let dir = registers_project();
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 1, "{out}");
    for line in [
        "  corrections      inputs/补卡.csv › 补卡: format table, header row 1, 2 records, dates 2026-11-19..2026-11-20, 1 naming employees not in the roster",
        "  client_records   inputs/客户资料.csv › 客户资料: format table, header row 1, 2 records, dates 2026-11-02..2026-11-10, 0 naming employees not in the roster",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert_eq!(
        problem_lines(&out),
        vec![
            "inputs/roster.csv › roster!F3: 离职日期 2026-01-31 is before 入职日期 2026-03-01 (expected the last working day, on or after the first)",
            "inputs/客户资料.csv › 客户资料!D3: 销售提交日期 2026-11-01 is before 受理日期 2026-11-03 10:00 (expected: sales submits a record on or after its acceptance)",
            "inputs/客户资料.csv › 客户资料!D4: warning: 销售提交日期 is empty but 建档日期 is given: the filing cannot be timed (SLA-2 counts it from the submission)",
            "inputs/补卡.csv › 补卡!A3: warning: employee \"E009\" is not in the roster (1 record of this sheet; the first is here)",
        ]
    );
    // What zhidu understood: a date and a time column make one 补卡时间, named at the time's cell.
    let r = dir.zhidu(&["records", "corrections"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("E001,,2026-11-19 17:40:00,考勤机故障,王芳,inputs/补卡.csv › 补卡!C2"),
        "{}",
        r.stdout
    );
    // A date alone stays a date; a time is kept.
    let r = dir.zhidu(&["records", "client_records"]);
    assert!(
        r.stdout.contains(
            "华东建材,2026-11-02,陈志强,2026-11-05,2026-11-06,E001,,inputs/客户资料.csv › 客户资料!B2"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn without_the_optional_registers_check_is_clean() {
    // The default config names both registers with required = false: absent files
    // are zero records, no problem.
    let dir = TestProject::with_config("no-registers", &config(&[]));
    let (code, out, _) = check(dir.root(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains("corrections") && !out.contains("client_records"),
        "{out}"
    );
    let c = zhidu::config::Config::default();
    assert!(!c.inputs.corrections.required && !c.inputs.client_records.required);
}
