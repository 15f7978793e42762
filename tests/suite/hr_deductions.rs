//! End to end: a small 客服部 built in code → `deductions::render` → the XLSX
//! read back with calamine, figures checked against hand-worked amounts.

use std::path::PathBuf;

use calamine::Data;
use chrono::{NaiveDate, NaiveDateTime};
use zhidu::config::{Config, Project};
use zhidu::model::Period;
use zhidu::model::{
    Complaint, Dataset, Employee, EmployeeKey, Fen, Punch, ScheduleEntry, Severity, Source, Violation,
};
use zhidu::output::OutputFile;
use zhidu::render::Renderer;
use zhidu::reports::{deductions, RunContext};

use crate::support::xlsx;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("date")
}

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, min, 0).expect("time")
}

fn emp(id: &str, name: &str, base: i64, hired: NaiveDate, row: u32) -> Employee {
    Employee {
        id: id.into(),
        name: name.into(),
        department: "客服部".into(),
        position: Some("客服专员".into()),
        base_pay: Fen(base),
        default_shift: None,
        hire_date: Some(hired),
        leave_date: None,
        status: Some("在职".into()),
        email: None,
        notice_password: None,
        source: Source::synthetic("inputs/roster.xlsx", "花名册", row),
    }
}

/// Three agents in November 2026, rest days 1, 8, 15, 22 (26 work days):
/// - K001 张三, ¥4,000.00: late 08:40 on 11-02, 11-03, 11-04 (3 late arrivals,
///   mode `all` → 5% each = ¥200.00 × 3 = ¥600.00); one 较重 complaint ¥30.00;
///   total ¥630.00, net ¥3,370.00.
/// - K002 李四, ¥3,187.25, on probation (hired 2026-10-10): late once on 11-05
///   → 2% = ¥63.745 → ¥63.75; violations 2026-09-01, 2026-10-01 and 11-06 →
///   the 3rd of the year: 建议开除, no fine. Total ¥63.75, net ¥3,123.50.
/// - K003 王五, ¥3,500.00: no events → 基本工资全额发放, no notice.
fn dataset() -> Dataset {
    let mut d = Dataset {
        employees: vec![
            emp("K001", "张三", 400_000, day(1, 5), 2),
            emp("K002", "李四", 318_725, day(10, 10), 3),
            emp("K003", "王五", 350_000, day(3, 1), 4),
        ],
        ..Dataset::default()
    };
    let mut row = 1;
    let mut prow = 1;
    for id in ["K001", "K002", "K003"] {
        for dd in 1..=30 {
            row += 1;
            let rest = [1, 8, 15, 22].contains(&dd);
            d.schedule.push(ScheduleEntry {
                employee: EmployeeKey::by_id(id).into(),
                date: day(11, dd),
                shift: if rest { "休" } else { "常规" }.into(),
                source: Source::synthetic("inputs/schedule.xlsx", "排班表", row),
            });
            if rest {
                continue;
            }
            let late = matches!((id, dd), ("K001", 2..=4) | ("K002", 5));
            for t in [at(11, dd, 8, if late { 40 } else { 25 }), at(11, dd, 17, 32)] {
                prow += 1;
                d.punches.push(Punch {
                    employee: EmployeeKey::by_id(id).into(),
                    at: t,
                    device: None,
                    result: None,
                    remark: None,
                    source: Source::synthetic("inputs/punches.xlsx", "打卡记录", prow),
                });
            }
        }
    }
    d.complaints.push(Complaint {
        date: day(11, 12),
        employee: EmployeeKey::by_id("K001"),
        severity: Severity::Serious,
        origin: Some("客户".into()),
        company_fault: true,
        content: Some("未按时回电".into()),
        source: Source::synthetic("inputs/complaints.xlsx", "投诉登记", 2),
    });
    for (i, date) in [day(9, 1), day(10, 1), day(11, 6)].into_iter().enumerate() {
        d.violations.push(Violation {
            date,
            employee: EmployeeKey::by_id("K002"),
            kind: "上班浏览无关网站".into(),
            note: None,
            source: Source::synthetic("inputs/violations.xlsx", "违规记录", i as u32 + 2),
        });
    }
    d
}

fn render_all() -> Vec<OutputFile> {
    render_in(&Project {
        root: PathBuf::from("."),
        config: Config::default(),
        config_text: String::new(),
    })
}

/// The deductions of [`dataset`] rendered in a project (its manual's numbering cited).
fn render_in(project: &Project) -> Vec<OutputFile> {
    let renderer = Renderer::new(project).expect("renderer");
    let data = dataset();
    let ctx = RunContext {
        project,
        data: &data,
        failed_inputs: &[],
        set_aside: &[],
        renderer: &renderer,
        evaluated: None,
    };
    let mut files = Vec::new();
    deductions::render(&ctx, &Period::parse("2026-11").expect("period"), &mut files).expect("render");
    files
}

/// The rows of sheet `name` of the XLSX output `path`.
fn sheet(files: &[OutputFile], path: &str, name: &str) -> Vec<Vec<Data>> {
    let f = files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .unwrap_or_else(|| panic!("{path} written"));
    xlsx::rows(&f.bytes, name)
}

const HEADERS: [&str; 25] = [
    "序号",
    "工号",
    "姓名",
    "部门",
    "岗位",
    "试用期",
    "基本工资",
    "应出勤天数",
    "实出勤天数",
    "请假天数",
    "休息天数",
    "迟到次数",
    "迟到分钟",
    "迟到扣款",
    "早退次数",
    "缺卡次数",
    "旷工天数",
    "投诉次数",
    "投诉罚款",
    "违规次数（本月）",
    "违规次数（本年累计）",
    "违规罚款",
    "扣款合计",
    "应发基本工资",
    "备注",
];

#[test]
fn deductions_xlsx_reads_back_with_the_hand_worked_figures() {
    let files = render_all();
    let rows = sheet(&files, "2026-11/deductions.xlsx", "扣款汇总");
    let h = rows
        .iter()
        .position(|r| r.first().map(Data::to_string).as_deref() == Some("序号"))
        .expect("header row");
    let headers: Vec<String> = rows[h]
        .iter()
        .map(Data::to_string)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(headers, HEADERS);
    let col = |name: &str| HEADERS.iter().position(|x| *x == name).expect("column");
    let k1 = &rows[h + 1];
    assert_eq!(k1[col("工号")].to_string(), "K001");
    assert_eq!(xlsx::number(&k1[col("应出勤天数")]), 26.0);
    assert_eq!(xlsx::number(&k1[col("休息天数")]), 4.0);
    assert_eq!(xlsx::number(&k1[col("迟到次数")]), 3.0);
    // 3 × 10 minutes.
    assert_eq!(xlsx::number(&k1[col("迟到分钟")]), 30.0);
    // 3 × ¥4,000.00 × 5% = ¥600.00.
    assert_eq!(xlsx::number(&k1[col("迟到扣款")]), 600.0);
    assert_eq!(xlsx::number(&k1[col("投诉罚款")]), 30.0);
    assert_eq!(xlsx::number(&k1[col("扣款合计")]), 630.0);
    assert_eq!(xlsx::number(&k1[col("应发基本工资")]), 3370.0);
    let k2 = &rows[h + 2];
    assert!(k2[col("试用期")].to_string().starts_with('是'));
    // ¥3,187.25 × 2% = ¥63.745 → ¥63.75 (half-up).
    assert_eq!(xlsx::number(&k2[col("迟到扣款")]), 63.75);
    // 违规次数 split: 1 this month (11-06), 3 this year (09-01, 10-01, 11-06).
    assert_eq!(xlsx::number(&k2[col("违规次数（本月）")]), 1.0);
    assert_eq!(xlsx::number(&k2[col("违规次数（本年累计）")]), 3.0);
    assert_eq!(xlsx::number(&k2[col("请假天数")]), 0.0);
    assert_eq!(xlsx::number(&k2[col("违规罚款")]), 0.0);
    // ¥3,187.25 − ¥63.75 = ¥3,123.50.
    assert_eq!(xlsx::number(&k2[col("应发基本工资")]), 3123.5);
    let remarks = k2[col("备注")].to_string();
    assert!(
        remarks.contains("建议开除") && remarks.contains("试用期"),
        "{remarks}"
    );
    let k3 = &rows[h + 3];
    assert_eq!(xlsx::number(&k3[col("扣款合计")]), 0.0);
    assert_eq!(k3[col("备注")].to_string(), "基本工资全额发放");
    // Totals row: ¥630.00 + ¥63.75 + ¥0.00 = ¥693.75.
    let total = &rows[h + 4];
    assert_eq!(total[0].to_string(), "合计");
    assert_eq!(xlsx::number(&total[col("扣款合计")]), 693.75);
    assert_eq!(xlsx::number(&total[col("迟到次数")]), 4.0);

    // 扣款明细: 3 + 1 ATT-2 lines, 1 PAY-2, 1 PAY-3 proposal = 6 lines.
    let lines = sheet(&files, "2026-11/deductions.xlsx", "扣款明细");
    let lh = lines
        .iter()
        .position(|r| r.first().map(Data::to_string).as_deref() == Some("序号"))
        .expect("header");
    let body: Vec<&Vec<Data>> = lines[lh + 1..]
        .iter()
        .filter(|r| {
            r.first()
                .map(Data::to_string)
                .is_some_and(|t| t.parse::<f64>().is_ok())
        })
        .collect();
    assert_eq!(body.len(), 6);
    assert!(body.iter().any(|r| r
        .iter()
        .any(|c| c.to_string().contains("基本工资 ¥4,000.00 × 5% = ¥200.00"))));

    // Fund: K002's fines of September (¥10.00, 1st violation) and October (¥30.00,
    // 2nd) open November at ¥40.00; the ¥30.00 complaint fine is November's only
    // receipt (the 3rd violation is a proposal): ¥70.00 at the end.
    let fund = sheet(&files, "2026-11/fund.xlsx", "部门活动经费");
    let fh = fund
        .iter()
        .position(|r| r.first().map(Data::to_string).as_deref() == Some("序号"))
        .expect("header");
    assert_eq!(fund[fh + 1][2].to_string(), "期初余额");
    assert_eq!(xlsx::number(&fund[fh + 1][7]), 40.0);
    assert_eq!(fund[fh + 2][3].to_string(), "K001");
    assert_eq!(xlsx::number(&fund[fh + 2][5]), 30.0);
    assert_eq!(xlsx::number(&fund[fh + 2][7]), 70.0);
    assert!(fund[fh + 3][0].to_string().starts_with("本期合计"));
    assert_eq!(xlsx::number(&fund[fh + 3][5]), 30.0);
    assert_eq!(fund[fh + 4][0].to_string(), "期末余额");
    assert_eq!(xlsx::number(&fund[fh + 4][7]), 70.0);

    // Notices for K001 and K002 only.
    let mut notices: Vec<String> = files
        .iter()
        .filter(|f| f.path.starts_with("2026-11/notices"))
        .map(|f| f.path.display().to_string())
        .collect();
    notices.sort();
    assert_eq!(
        notices,
        vec!["2026-11/notices/K001-张三.pdf", "2026-11/notices/K002-李四.pdf"]
    );
}

#[test]
fn same_inputs_give_identical_bytes() {
    let a = render_all();
    let b = render_all();
    assert_eq!(a, b);
}

/// November with a joiner, a leaver and someone who left in October, on a
/// company-wide schedule naming 常规 every day but 1, 8, 15, 22:
/// - K001 张三 (¥4,000.00) joins 11-16: 应出勤 14 (11-16..11-30 less 11-22), all
///   attended, one late arrival (11-17 08:40) at 2% of the monthly ¥4,000.00 = ¥80.00.
/// - K002 李四 (¥3,500.00) leaves 11-10: 应出勤 8 (11-02..11-07, 11-09, 11-10), none 旷工.
/// - K003 王五 left 2026-10-20: employed on no day of November, no row and no notice.
fn joiners_and_leavers() -> Dataset {
    let mut joiner = emp("K001", "张三", 400_000, day(11, 16), 2);
    joiner.position = Some("客服专员".into());
    let mut leaver = emp("K002", "李四", 350_000, day(3, 1), 3);
    leaver.leave_date = Some(day(11, 10));
    let mut gone = emp("K003", "王五", 350_000, day(3, 1), 4);
    gone.leave_date = Some(day(10, 20));
    let mut d = Dataset {
        employees: vec![joiner, leaver, gone],
        ..Dataset::default()
    };
    let (mut row, mut prow) = (1, 1);
    for id in ["K001", "K002", "K003"] {
        for dd in 1..=30 {
            row += 1;
            let rest = [1, 8, 15, 22].contains(&dd);
            d.schedule.push(ScheduleEntry {
                employee: EmployeeKey::by_id(id).into(),
                date: day(11, dd),
                shift: if rest { "休" } else { "常规" }.into(),
                source: Source::synthetic("inputs/schedule.xlsx", "排班表", row),
            });
            let employed = match id {
                "K001" => dd >= 16,
                "K002" => dd <= 10,
                _ => false,
            };
            if rest || !employed {
                continue;
            }
            let clock_in = at(11, dd, 8, if (id, dd) == ("K001", 17) { 40 } else { 25 });
            for t in [clock_in, at(11, dd, 17, 32)] {
                prow += 1;
                d.punches.push(Punch {
                    employee: EmployeeKey::by_id(id).into(),
                    at: t,
                    device: None,
                    result: None,
                    remark: None,
                    source: Source::synthetic("inputs/punches.xlsx", "打卡记录", prow),
                });
            }
        }
    }
    d
}

#[test]
fn joiners_and_leavers_are_cut_at_their_dates_on_the_sheet_notice_and_explain() {
    let project = Project {
        root: PathBuf::from("."),
        config: Config::default(),
        config_text: String::new(),
    };
    let renderer = Renderer::new(&project).expect("renderer");
    let data = joiners_and_leavers();
    let ctx = RunContext {
        project: &project,
        data: &data,
        failed_inputs: &[],
        set_aside: &[],
        renderer: &renderer,
        evaluated: None,
    };
    let nov = Period::parse("2026-11").expect("period");
    let mut files = Vec::new();
    deductions::render(&ctx, &nov, &mut files).expect("render");
    crate::support::project::keep_files("hr-joiners-leavers", &files);
    let rows = sheet(&files, "2026-11/deductions.xlsx", "扣款汇总");
    let h = rows
        .iter()
        .position(|r| r.first().map(Data::to_string).as_deref() == Some("序号"))
        .expect("header row");
    let col = |name: &str| HEADERS.iter().position(|x| *x == name).expect("column");
    let body: Vec<&Vec<Data>> = rows[h + 1..]
        .iter()
        .take_while(|r| r[0] != Data::String("合计".into()))
        .collect();
    let ids: Vec<String> = body.iter().map(|r| r[col("工号")].to_string()).collect();
    assert_eq!(ids, vec!["K001", "K002"], "K003 left in October: no row");
    let k1 = body[0];
    assert_eq!(xlsx::number(&k1[col("应出勤天数")]), 14.0);
    assert_eq!(xlsx::number(&k1[col("旷工天数")]), 0.0);
    assert_eq!(xlsx::number(&k1[col("迟到扣款")]), 80.0);
    assert!(
        k1[col("备注")]
            .to_string()
            .contains("2026-11-16 入职（此前不计应出勤）"),
        "{}",
        k1[col("备注")]
    );
    let k2 = body[1];
    assert_eq!(xlsx::number(&k2[col("应出勤天数")]), 8.0);
    assert_eq!(xlsx::number(&k2[col("旷工天数")]), 0.0);
    assert!(k2[col("备注")]
        .to_string()
        .contains("2026-11-10 离职（此后不计应出勤）"));
    // The schedule still naming shifts outside employment: one line each on 待核查.
    let review: Vec<String> = sheet(&files, "2026-11/deductions.xlsx", "待核查")
        .iter()
        .map(|r| r.iter().map(Data::to_string).collect::<Vec<_>>().join("|"))
        .collect();
    assert!(
        review.iter().any(|r| r.contains(
            "ATT-6|inputs/schedule.xlsx › 排班表!3|K001 2026-11-16 入职：排班表仍排有 12 天班次（2026-11-02 至 2026-11-14，首行在此），不计应出勤"
        )),
        "{review:#?}"
    );
    assert!(review
        .iter()
        .any(|r| r.contains("K002 2026-11-10 离职：排班表仍排有 18 天班次")));
    // The joiner's notice names the date; there is none for K002 (no line) or K003.
    let notice = files
        .iter()
        .find(|f| f.path == std::path::Path::new("2026-11/notices/K001-张三.pdf"))
        .expect("K001's notice");
    let text = crate::support::pdf::Pdf::parse(&notice.bytes).text();
    assert!(text.contains("2026-11-16 入职"), "{text}");
    assert_eq!(
        files
            .iter()
            .filter(|f| f.path.starts_with("2026-11/notices"))
            .count(),
        1
    );
    // explain says so too, and refuses K003 with the dates.
    let x = zhidu::reports::explain::explain(&data, &project.config, &nov, "K001").expect("explained");
    let t = zhidu::i18n::Lang::Zh.scoped(|| zhidu::reports::explain::to_text(&x));
    assert!(
        t.contains("在职: 2026-11-16 入职（此前不计应出勤） (第二十七条)"),
        "{t}"
    );
    let e = zhidu::reports::explain::explain(&data, &project.config, &nov, "K003").expect_err("left");
    assert!(
        e.to_string()
            .contains("K003 王五 was not employed in 2026-11 (入职日期 2026-03-01, 离职日期 2026-10-20)"),
        "{e}"
    );
}

/// The text of one rendered PDF, without spaces and line ends (a table cell may wrap).
fn pdf_text(files: &[OutputFile], path: &str) -> String {
    let f = files
        .iter()
        .find(|f| f.path == std::path::Path::new(path))
        .unwrap_or_else(|| panic!("{path} written"));
    crate::support::pdf::Pdf::parse(&f.bytes)
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn a_clause_inserted_in_the_projects_manual_renumbers_the_notices_citations() {
    // The built-in manual states late deductions in its 第二十五条 and the fund in
    // its 第三十六条; the notice and the fund ledger cite those, not the handbook's
    // own article numbers.
    let files = render_all();
    let notice = pdf_text(&files, "2026-11/notices/K001-张三.pdf");
    assert!(notice.contains("第二十五条迟到扣款"), "{notice}");
    assert!(notice.contains("第三十六条"), "{notice}");
    assert!(!notice.contains("第十二条"), "{notice}");
    let fund = pdf_text(&files, "2026-11/fund.pdf");
    assert!(fund.contains("第三十六条（客服日常工作制度十二）"), "{fund}");

    // A project whose chapter 3 has one more clause before 迟到扣款: every later
    // clause moves up by one, and so does every citation.
    let p = crate::support::project::TestProject::with_config("renumbered", "");
    let chapter = include_str!("../../templates/manual/03-attendance.md").replace(
        "### 迟到扣款 [ATT-2]",
        "### 考勤公示\n考勤结果每月公示。\n\n### 迟到扣款 [ATT-2]",
    );
    p.write("templates/manual/03-attendance.md", chapter);
    let files = render_in(&p.load());
    let notice = pdf_text(&files, "2026-11/notices/K001-张三.pdf");
    assert!(notice.contains("第二十六条迟到扣款"), "{notice}");
    assert!(notice.contains("第三十七条"), "{notice}");
    assert!(!notice.contains("第二十五条迟到扣款"), "{notice}");
    let sheet = pdf_text(&files, "2026-11/deductions.pdf");
    assert!(sheet.contains("（第二十六条）"), "{sheet}");
}
