//! Hostile and extreme files (README, Reliability › Limits): each is built here
//! small (a zip part that inflates, a repeat count, a run of blanks), with the
//! size limits lowered in `[check]` where the real ones would make the test
//! slow, and each is refused with a message naming the file and the limit, or
//! read without materialising what it only claims.

use zhidu::error::{Problem, ProblemSeverity};
use zhidu::ingest::{self, Loaded};

use crate::harness::{
    biff8_stream, compound_file, ods_content, ods_package, ods_row, sheet_xml, xlsx_package, xlsx_workbook,
    ODS_HEAD, ODS_TAIL,
};
use crate::support::{inputs_config, TestProject};

/// Read a project whose only input is `file` (as `kind`), with `check` settings.
fn load(name: &str, kind: &str, file: &str, bytes: Vec<u8>, check: &str) -> Loaded {
    let mut config = inputs_config(&[(kind, &format!("path = \"inputs/{file}\"\n"))]);
    config.push_str(&format!("[check]\n{check}\n"));
    let p = TestProject::with_config(name, &config).with_file(&format!("inputs/{file}"), bytes);
    ingest::load(&p.load())
}

fn errors(l: &Loaded) -> Vec<String> {
    l.problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .map(Problem::to_string)
        .collect()
}

/// The one error of a load, which must contain every piece.
fn refused(l: &Loaded, pieces: &[&str]) -> String {
    let errs = errors(l);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    for piece in pieces {
        assert!(errs[0].contains(piece), "{piece:?} not in {}", errs[0]);
    }
    errs[0].clone()
}

const ROSTER_HEAD: [&str; 4] = ["工号", "姓名", "部门", "基本工资"];

#[test]
fn an_xlsx_that_inflates_past_the_limit_is_refused_before_it_is_parsed() {
    // 60,000 rows of the same employee, without row numbers (each row follows
    // the one before): about 6 MiB of XML in a zip of a few KiB.
    let row = r#"<row><c t="inlineStr"><is><t>K001</t></is></c><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><is><t>客服部</t></is></c><c><v>4500</v></c></row>"#;
    let xml = sheet_xml(&[ROSTER_HEAD.to_vec()])
        .replace("</sheetData>", &format!("{}</sheetData>", row.repeat(60_000)));
    let bytes = xlsx_package(xml, None);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let l = load(
        "limit_xlsx_bomb",
        "roster",
        "roster.xlsx",
        bytes,
        "max_input_mib = 1",
    );
    refused(
        &l,
        &[
            "inputs/roster.xlsx: the workbook holds more than 1 MiB once decompressed (check.max_input_mib = 1; the file itself is",
            "built to exhaust memory",
        ],
    );
    assert!(l.data.employees.is_empty());
}

#[test]
fn rows_and_columns_beyond_excels_grid_stop_the_sheet() {
    let xml = sheet_xml(&[ROSTER_HEAD.to_vec(), vec!["K001", "张三", "客服部", "#4500"]]).replace(
        "</sheetData>",
        r#"<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>K002</t></is></c></row></sheetData>"#,
    );
    let l = load(
        "limit_xlsx_row",
        "roster",
        "roster.xlsx",
        xlsx_package(xml, None),
        "",
    );
    refused(
        &l,
        &["inputs/roster.xlsx: cannot read sheet Sheet1: row 1,048,577 is beyond Excel's last row (1,048,576)"],
    );

    let mut content = String::from(ODS_HEAD);
    content.push_str(&ods_row(&ROSTER_HEAD));
    content.push_str(r#"<table:table-row><table:table-cell table:number-columns-repeated="16384"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#);
    content.push_str(ODS_TAIL);
    let l = load(
        "limit_ods_column",
        "roster",
        "roster.ods",
        ods_package(content),
        "",
    );
    refused(
        &l,
        &["row 2 has a cell beyond Excel's last column XFD (16,384 columns"],
    );
}

#[test]
fn the_sheets_of_one_file_hold_at_most_a_sheets_rows_together() {
    // Two sheets of 600,000 rows each (blank values: nothing to build).
    let blank = r#"<row><c t="inlineStr"><is><t>-</t></is></c></row>"#.repeat(600_000);
    let sheet = sheet_xml(&[ROSTER_HEAD.to_vec()]).replace("</sheetData>", &format!("{blank}</sheetData>"));
    let bytes = xlsx_workbook(
        vec![
            ("一月".into(), sheet.clone().into_bytes()),
            ("二月".into(), sheet.into_bytes()),
        ],
        None,
    );
    let l = load("limit_file_rows", "roster", "roster.xlsx", bytes, "");
    refused(
        &l,
        &["inputs/roster.xlsx: sheet 二月: the file's sheets hold more than 1,048,576 rows together, as many as one sheet can"],
    );
}

#[test]
fn a_run_of_blanks_is_refused_not_buffered() {
    let xml = sheet_xml(&[ROSTER_HEAD.to_vec()])
        .replace("<sheetData>", &format!("<sheetData>{}", " ".repeat(3 << 20)));
    let l = load(
        "limit_blanks",
        "roster",
        "roster.xlsx",
        xlsx_package(xml, None),
        "",
    );
    refused(
        &l,
        &["part xl/worksheets/sheet1.xml of the workbook holds more than 1 MiB of blanks (spaces or line ends) in one run"],
    );
}

#[test]
fn a_shared_string_table_past_its_limit_is_refused_and_its_count_is_not_trusted() {
    let mut sst = String::from(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="200000">"#,
    );
    for i in 0..200_000 {
        sst.push_str(&format!("<si><t>{i}</t></si>"));
    }
    sst.push_str("</sst>");
    let sheet = sheet_xml(&[ROSTER_HEAD.to_vec()]);
    let l = load(
        "limit_sst",
        "roster",
        "roster.xlsx",
        xlsx_package(sheet.clone(), Some(sst.into_bytes())),
        "max_shared_strings_mib = 1",
    );
    refused(
        &l,
        &["the workbook's shared-string table (xl/sharedStrings.xml) holds more than 1 MiB once decompressed (check.max_shared_strings_mib = 1)"],
    );

    // A table that claims four billion strings but holds two is read.
    let sst = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4294967295"><si><t>K001</t></si><si><t>张三</t></si></sst>"#;
    let sheet = sheet_xml(&[ROSTER_HEAD.to_vec()]).replace(
        "</sheetData>",
        r#"<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="inlineStr"><is><t>客服部</t></is></c><c r="D2"><v>4500</v></c></row></sheetData>"#,
    );
    let l = load(
        "limit_sst_count",
        "roster",
        "roster.xlsx",
        xlsx_package(sheet, Some(sst.into())),
        "",
    );
    assert_eq!(errors(&l), Vec::<String>::new());
    assert_eq!(l.data.employees.len(), 1);
    assert_eq!(l.data.employees[0].name, "张三");
}

#[test]
fn ods_empty_repeats_are_skipped_and_repeated_data_counts_as_written_out() {
    // As LibreOffice writes it: two rows, then 1,048,000 empty rows in one element.
    let rows: Vec<Vec<&str>> = vec![ROSTER_HEAD.to_vec(), vec!["K001", "张三", "客服部", "#4500"]];
    let start = std::time::Instant::now();
    let l = load(
        "limit_ods_empty",
        "roster",
        "roster.ods",
        ods_package(ods_content(&rows)),
        "",
    );
    assert_eq!(errors(&l), Vec::<String>::new());
    assert_eq!(l.data.employees.len(), 1);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());

    // A data row repeated a million times: a 2 KB file standing for a 200 MB one.
    let mut content = String::from(ODS_HEAD);
    content.push_str(&ods_row(&ROSTER_HEAD));
    content.push_str(&ods_row(&["K001", "张三", "客服部", "#4500"]).replace(
        "<table:table-row>",
        r#"<table:table-row table:number-rows-repeated="1000000">"#,
    ));
    content.push_str(ODS_TAIL);
    let bytes = ods_package(content);
    assert!(bytes.len() < 4_000, "{} bytes", bytes.len());
    let l = load(
        "limit_ods_repeat",
        "roster",
        "roster.ods",
        bytes,
        "max_input_mib = 16",
    );
    refused(
        &l,
        &[
            "inputs/roster.ods: cannot read sheet Sheet1: written out, its rows would take more than 16 MiB (check.max_input_mib = 16): row 2 repeats a row 1,000,000 times (table:number-rows-repeated)",
        ],
    );

    // Data after the last row of the grid.
    let mut content = String::from(ODS_HEAD);
    content.push_str(&ods_row(&ROSTER_HEAD));
    content.push_str(
        r#"<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row>"#,
    );
    content.push_str(&ods_row(&["K001", "张三", "客服部", "#4500"]));
    content.push_str(ODS_TAIL);
    let l = load("limit_ods_grid", "roster", "roster.ods", ods_package(content), "");
    refused(&l, &["row 1,048,577 is beyond Excel's last row (1,048,576)"]);
}

#[test]
fn an_ods_cell_that_claims_a_hundred_million_spaces_is_refused() {
    let mut content = String::from(ODS_HEAD);
    content.push_str(&ods_row(&ROSTER_HEAD));
    content.push_str(r#"<table:table-row><table:table-cell office:value-type="string"><text:p>K<text:s text:c="100000000"/>1</text:p></table:table-cell></table:table-row>"#);
    content.push_str(ODS_TAIL);
    let l = load(
        "limit_ods_spaces",
        "roster",
        "roster.ods",
        ods_package(content),
        "",
    );
    refused(&l, &["A2: the cell holds more than 32,767 characters"]);
}

#[test]
fn an_xls_whose_cells_span_too_wide_an_area_is_refused() {
    // Two cells, A1 and IV65536: calamine would hold 16,777,216 cells.
    let stream = biff8_stream(&[(0, 0, "工号"), (65_535, 255, "#1")]);
    let l = load(
        "limit_xls_span",
        "roster",
        "roster.xls",
        compound_file(&stream),
        "",
    );
    refused(
        &l,
        &["inputs/roster.xls: the workbook's sheets span 16,777,216 cells, more than zhidu reads from an .xls (2,097,152, 65,536 rows × 32 columns)", "save it as .xlsx"],
    );
}

#[test]
fn delimited_texts_are_held_to_the_size_the_grid_and_the_record_length() {
    let line = "K001,张三,客服部,4500\n";
    let big = format!("工号,姓名,部门,基本工资\n{}", line.repeat(70_000));
    let l = load(
        "limit_csv_size",
        "roster",
        "roster.csv",
        big.into_bytes(),
        "max_input_mib = 1",
    );
    refused(
        &l,
        &["inputs/roster.csv: the file is 2 MiB, more than zhidu reads (check.max_input_mib = 1)"],
    );

    let rows = format!(
        "工号,姓名,部门,基本工资\n{}",
        "\n".repeat(0) + &",\n".repeat(1_048_576)
    );
    let l = load("limit_csv_rows", "roster", "roster.csv", rows.into_bytes(), "");
    refused(
        &l,
        &["line 1048577: row 1,048,577 is beyond Excel's last row (1,048,576)"],
    );

    let open_quote = format!("工号,姓名,部门,基本工资\nK001,\"{}", "x".repeat(2 << 20));
    let l = load(
        "limit_csv_record",
        "roster",
        "roster.csv",
        open_quote.into_bytes(),
        "",
    );
    refused(
        &l,
        &["line 2: a record of more than 1 MiB (an unclosed quote, or no line ends)"],
    );

    let l = load(
        "limit_attlog_lines",
        "punches",
        "1_attlog.dat",
        vec![b'\n'; 1_048_576],
        "",
    );
    refused(&l, &["the file has more than 1,048,576 lines"]);
}

#[test]
fn a_thousand_problems_are_kept_and_the_rest_counted() {
    let mut text = String::from("工号,姓名,部门,基本工资\n");
    for i in 0..3_000 {
        text.push_str(&format!("K{i},张三,客服部,四千五\n"));
    }
    let l = load("limit_problems", "roster", "roster.csv", text.into_bytes(), "");
    let errs = errors(&l);
    assert_eq!(errs.len(), 1_001);
    assert_eq!(
        errs[1_000],
        "inputs/roster.csv › roster: … and 2,000 more problems in this file not listed (2,000 errors, 0 warnings): zhidu keeps the first 1,000 of an input file; fix those and check again"
    );
}

#[test]
fn a_long_value_is_cut_in_its_message_and_controls_are_escaped() {
    let long = "四".repeat(5_000);
    let text = format!(
        "工号,姓名,部门,基本工资\nK001,张三,客服部,{long}\nK002,\u{1b}[2J李\u{202e}四,客服部,x\u{85}\n"
    );
    let l = load("limit_quote", "roster", "roster.csv", text.into_bytes(), "");
    let errs = errors(&l);
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs[0].contains(&format!(
            "\"{}…\" (5,000 characters) is not an amount in yuan",
            "四".repeat(200)
        )),
        "{}",
        errs[0]
    );
    assert!(errs[0].chars().count() < 400, "{}", errs[0]);
    assert!(errs[1].contains(r#""x\u{85}" is not an amount"#), "{}", errs[1]);
    for e in &errs {
        assert!(
            !e.chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{e:?}"
        );
    }
}
