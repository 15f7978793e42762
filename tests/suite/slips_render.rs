//! The slip report and forms rendered from the sample register, read back.
//! Set ZHIDU_KEEP_TEST_OUTPUT=1 to keep the files for looking at them.

use std::path::Path;

use zhidu::config::Project;
use zhidu::model::Dataset;
use zhidu::model::Period;
use zhidu::render::Renderer;
use zhidu::reports::{slips, RunContext};

use crate::support::pdf::Pdf;
use crate::support::project::keep_files;
use crate::support::repo_project;
use crate::support::xlsx;

fn sample_rows(project: &Project) -> Vec<zhidu::model::SlipRow> {
    zhidu::ingest::load_slips(project).expect("sample register reads")
}

#[test]
fn month_end_report_from_the_sample_register() {
    let project = repo_project();
    let data = Dataset {
        slips: sample_rows(&project),
        ..Dataset::default()
    };
    let renderer = Renderer::new(&project).expect("renderer");
    let ctx = RunContext {
        project: &project,
        data: &data,
        failed_inputs: &[],
        set_aside: &[],
        renderer: &renderer,
        evaluated: None,
    };
    let period = Period::parse("2026-11").expect("period");
    let mut files: Vec<zhidu::output::OutputFile> = Vec::new();
    slips::render(&ctx, &period, &mut files).expect("report renders");
    keep_files("slips-render", &files);
    let paths: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(paths, vec!["2026-11/slips.xlsx", "2026-11/slips.pdf"]);

    // Every charge of the context is a row of the 部门协作扣分 sheet with its slip, rule and basis.
    let cites = zhidu::reports::manual::Citations::of_project(&project).expect("manual");
    let context = slips::report_context(&data.slips, &project.config, &cites, &period);
    let sheets = xlsx::sheets_text(&files[0].bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "未完成联系单",
            "部门协作扣分",
            "签批不全",
            "编号问题",
            "本期联系单"
        ]
    );
    for c in &context.charges {
        assert!(
            sheets[1].1.contains(&c.basis),
            "charge {} {} missing",
            c.number,
            c.basis
        );
    }
    for u in &context.unfinished {
        assert!(sheets[0].1.contains(&u.number));
    }
    let text = Pdf::parse(&files[1].bytes).text();
    assert!(text.contains("未完成工作联系单月报"));
}

#[test]
fn forms_from_the_sample_register_have_one_page_per_copy() {
    let project = repo_project();
    let rows = sample_rows(&project);
    let renderer = Renderer::new(&project).expect("renderer");
    let period = Period::parse("2026-11").expect("period");
    let numbers = slips::numbers_issued_in(&rows, &period);
    assert!(!numbers.is_empty());
    let mut files: Vec<zhidu::output::OutputFile> = Vec::new();
    slips::render_forms(
        &renderer,
        &project,
        &rows,
        &numbers,
        Path::new("2026-11/slips"),
        &mut files,
    )
    .expect("forms render");
    keep_files("slips-render", &files);
    assert_eq!(files.len(), numbers.len() * 2);
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "pdf"))
    {
        let pdf = Pdf::parse(&f.bytes);
        let text = pdf.text();
        // Three copies (rules.slips.form_copies), one page each.
        assert_eq!(pdf.pages.len(), 3, "{}", f.path.display());
        for copy in ["发出单位存档", "接收单位存档", "企管部备查"] {
            assert!(text.contains(copy), "{} lacks {copy}", f.path.display());
        }
    }
    for f in files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "xlsx"))
    {
        let sheets = xlsx::sheets_text(&f.bytes);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["发出单位存档", "接收单位存档", "企管部备查"]);
        // Each copy prints on one A4 page: fit to 1×1 pages, with a print area.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&f.bytes)).expect("xlsx is a zip");
        let mut sheet1 = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
            &mut sheet1,
        )
        .expect("read sheet1");
        assert!(sheet1.contains("<pageSetup paperSize=\"9\""), "A4: {sheet1}");
        assert!(
            sheet1.contains("<fitToPage/>") || sheet1.contains("fitToPage=\"1\""),
            "fit to page"
        );
        assert!(!sheet1.contains("fitToHeight=\"0\""), "height must be fitted too");
        let mut workbook = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/workbook.xml").expect("workbook"),
            &mut workbook,
        )
        .expect("read workbook");
        assert!(workbook.contains("_xlnm.Print_Area"), "print area: {workbook}");
    }
}

#[test]
fn a_two_department_chase_slip_with_long_requirements_fits_one_page_per_copy() {
    use chrono::NaiveDate;
    use zhidu::model::{SlipClass, SlipNature, SlipRow, Source};
    let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").expect("date");
    let long = "请核对十一月全部退款工单与财务系统入账记录，逐笔标注差异原因，".repeat(4);
    let row = |to: &str, line: u32| SlipRow {
        number: "KF-2026-021".into(),
        class: SlipClass::A,
        nature: Some(SlipNature::Chase),
        from_dept: "客服部".into(),
        to_dept: to.into(),
        subject: "十一月退款对账跟催".into(),
        requirement: Some(long.clone()),
        issue_date: d("2026-11-20"),
        due_date: d("2026-11-27"),
        signed_date: Some(d("2026-11-21")),
        reply_date: None,
        completed_date: None,
        evaluation: None,
        replaces: None,
        drafter: Some("周婷婷".into()),
        dept_manager: Some("王丽娟".into()),
        division_leader: None,
        chief_leader: None,
        audit_head: None,
        no_inquiry_days: None,
        issuer_shirked: None,
        source: Source::synthetic("inputs/slips.xlsx", "登记", line),
    };
    let rows = vec![row("财务部", 2), row("技术部", 3)];
    let project = repo_project();
    let renderer = Renderer::new(&project).expect("renderer");
    let mut files: Vec<zhidu::output::OutputFile> = Vec::new();
    slips::render_forms(
        &renderer,
        &project,
        &rows,
        &["KF-2026-021".to_string()],
        Path::new("slips"),
        &mut files,
    )
    .expect("form renders");
    keep_files("slips-render", &files);
    let pdf = Pdf::parse(&files[0].bytes);
    let text = pdf.text();
    assert_eq!(pdf.pages.len(), 3);
    // Both receivers, and the chase slip's audit box among the A-class chain.
    for needle in [
        "财务部",
        "技术部",
        "主管领导审批签发",
        "审计监察部负责人签字",
        "逐笔标注差异原因",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
}
