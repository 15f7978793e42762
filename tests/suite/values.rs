//! Values out of range are errors naming the cell (README, Reliability ›
//! Limits): base pay outside ¥0–1,000,000, dates past Excel's last day or
//! outside 1990–2100, two columns meaning one field, and files whose content is
//! not what their name says.

use zhidu::error::{Problem, ProblemSeverity};
use zhidu::ingest::{self, Loaded};

use crate::harness::{sheet_xml, xlsx_package, xlsx_workbook};
use crate::support::{inputs_config, TestProject};

fn load(name: &str, kind: &str, file: &str, bytes: Vec<u8>) -> Loaded {
    let config = inputs_config(&[(kind, &format!("path = \"inputs/{file}\"\n"))]);
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

#[test]
fn base_pay_must_be_more_than_zero_and_at_most_a_million_a_month() {
    let text = "工号,姓名,部门,基本工资\nK001,张三,客服部,-4200\nK002,李四,客服部,0\nK003,王五,客服部,50000000\nK004,赵六,客服部,1000000\n";
    let l = load(
        "values_base_pay",
        "roster",
        "roster.csv",
        text.as_bytes().to_vec(),
    );
    let limit = "it must be more than ¥0 and at most ¥1,000,000.00";
    assert_eq!(
        errors(&l),
        vec![
            format!("inputs/roster.csv › roster!D2: \"-4200\" is not a monthly base pay zhidu accepts: {limit} (read -¥4,200.00)"),
            format!("inputs/roster.csv › roster!D3: \"0\" is not a monthly base pay zhidu accepts: {limit} (read ¥0.00)"),
            format!("inputs/roster.csv › roster!D4: \"50000000\" is not a monthly base pay zhidu accepts: {limit} (read ¥50,000,000.00)"),
        ]
    );
    assert_eq!(l.data.employees.len(), 1);
    // A number cell too large for fen at all is no amount.
    let xml = sheet_xml(&[
        vec!["工号", "姓名", "部门", "基本工资"],
        vec!["K001", "张三", "客服部", "#1e17"],
    ]);
    let l = load(
        "values_base_pay_huge",
        "roster",
        "roster.xlsx",
        xlsx_package(xml, None),
    );
    assert_eq!(
        errors(&l),
        vec!["inputs/roster.xlsx › Sheet1!D2: 100000000000000000 is not an amount in yuan (expected e.g. 4500 or 4,500.50)"]
    );
}

#[test]
fn two_columns_meaning_one_field_are_an_error_naming_both_cells() {
    let text = "工号,姓名,部门,基本工资,员工编号\nK001,张三,客服部,4500,K009\n";
    let l = load(
        "values_duplicate",
        "roster",
        "roster.csv",
        text.as_bytes().to_vec(),
    );
    assert_eq!(
        errors(&l),
        vec!["inputs/roster.csv › roster: two columns are 工号: A1 \"工号\" and E1 \"员工编号\"; zhidu cannot tell which one to read: delete or rename one of them in the export (inputs.roster)"]
    );
    assert!(l.data.employees.is_empty());

    // In a workbook of several sheets, such a sheet is not passed over: it fails the file.
    let good = sheet_xml(&[
        vec!["工号", "姓名", "部门", "基本工资"],
        vec!["K001", "张三", "客服部", "#4500"],
    ]);
    let twice = sheet_xml(&[
        vec!["工号", "姓名", "部门", "基本工资", "基本工资"],
        vec!["K002", "李四", "客服部", "#4500", "#5200"],
    ]);
    let bytes = xlsx_workbook(
        vec![
            ("一部".into(), good.into_bytes()),
            ("二部".into(), twice.into_bytes()),
        ],
        None,
    );
    let l = load("values_duplicate_sheets", "roster", "roster.xlsx", bytes);
    assert_eq!(
        errors(&l),
        vec!["inputs/roster.xlsx: sheet 二部: two columns are 基本工资: D1 \"基本工资\" and E1 \"基本工资\"; zhidu cannot tell which one to read: delete or rename one of them in the export (inputs.roster)"]
    );
}

#[test]
fn dates_past_excels_last_day_or_outside_the_years_read_name_the_cell() {
    let text =
        "工号,打卡时间\nK001,2150-01-01 08:00:00\nK001,1989-12-31 08:00:00\nK001,2026-11-03 08:31:02\n";
    let l = load("values_years", "punches", "punches.csv", text.as_bytes().to_vec());
    let e = errors(&l);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e[0].starts_with("inputs/punches.csv › punches!B2: \"2150-01-01 08:00:00\" is the date 2150-01-01, outside the years read (1990 to 2100)"), "{}", e[0]);
    assert!(e[1].starts_with("inputs/punches.csv › punches!B3: "), "{}", e[1]);
    assert_eq!(l.data.punches.len(), 1);

    // A date cell whose serial is past 9999-12-31 (Excel shows #####).
    let xml = sheet_xml(&[
        vec!["工号", "打卡时间"],
        vec!["K001", "@3000000"],
        vec!["K001", "@46329.355"],
    ]);
    let l = load(
        "values_serial",
        "punches",
        "punches.xlsx",
        xlsx_package(xml, None),
    );
    assert_eq!(
        errors(&l),
        vec!["inputs/punches.xlsx › Sheet1!B2: 3000000 is beyond Excel's last date, 9999-12-31 (a date is a number of days below 2958466): not a date"]
    );
}

#[test]
fn a_file_whose_content_is_not_what_its_name_says_is_named_as_such() {
    let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body><table><tr><td>工号</td></tr></table></body></html>";
    let l = load(
        "values_html_xls",
        "roster",
        "roster.xls",
        html.as_bytes().to_vec(),
    );
    assert_eq!(
        errors(&l),
        vec!["inputs/roster.xls: not an .xls file: it is a web page (an HTML table), as many systems export under a spreadsheet's name; open it in Excel or WPS and save it as .xlsx (文件 › 另存为 › Excel 工作簿), or export it from the system as .xlsx or CSV"]
    );
    let xlsx = xlsx_package(sheet_xml(&[vec!["工号"]]), None);
    let l = load("values_xlsx_as_xls", "roster", "roster.xls", xlsx.clone());
    assert_eq!(
        errors(&l),
        vec!["inputs/roster.xls: not an .xls file: it is an .xlsx workbook (a zip package); rename it to .xlsx"]
    );
    let l = load("values_xlsx_as_csv", "roster", "roster.csv", xlsx);
    assert_eq!(
        errors(&l),
        vec![
            "inputs/roster.csv: not a .csv file: it is an .xlsx workbook (a zip package); rename it to .xlsx"
        ]
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("工号\t姓名\r\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let l = load("values_utf16", "roster", "roster.xls", utf16);
    assert_eq!(
        errors(&l),
        vec!["inputs/roster.xls: not an .xls file: it is UTF-16 text (Excel's \"Unicode text\"); open it in Excel or WPS and save it as .xlsx or as CSV UTF-8 (逗号分隔)"]
    );
    let spreadsheet_xml = "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
    let l = load(
        "values_xml2003",
        "roster",
        "roster.xls",
        spreadsheet_xml.as_bytes().to_vec(),
    );
    assert!(
        errors(&l)[0]
            .contains("it is an Excel 2003 XML spreadsheet; open it in Excel or WPS and save it as .xlsx"),
        "{:?}",
        errors(&l)
    );
}
