//! The sample project's November as the documents show it: the punch
//! corrections (ATT-7) on the 扣款明细 sheet, the notice and in `explain`; the
//! month listed for review (PAY-6); the client records (SLA-2) in the monthly
//! report and the ops-weekly. Every figure here is the story's
//! (`src/samples/story.rs`), worked by hand.

use std::sync::OnceLock;

use crate::support::pdf::Pdf;
use crate::support::xlsx;
use crate::support::TestProject;

/// The sample project with November's deductions, monthly report, slip report,
/// the ops-weekly of 11-21..11-27 and the weekly of 11-18..11-24 rendered once
/// for every test of this module.
fn project() -> &'static TestProject {
    static P: OnceLock<TestProject> = OnceLock::new();
    P.get_or_init(|| {
        let p = TestProject::sample("sample-month");
        for args in [
            ["run", "--report", "deductions", "--period", "2026-11"],
            ["run", "--report", "monthly", "--period", "2026-11"],
            [
                "run",
                "--report",
                "ops-weekly",
                "--period",
                "2026-11-21..2026-11-27",
            ],
            ["run", "--report", "weekly", "--period", "2026-11-18..2026-11-24"],
            ["run", "--report", "slips", "--period", "2026-11"],
        ] {
            let r = p.zhidu(&args);
            assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        }
        p
    })
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(project().path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The rows of one sheet, each row's cells joined with `|` (empty cells at the end left off).
fn joined_rows(rel: &str, sheet: &str) -> Vec<String> {
    xlsx::text_rows(&read(rel), sheet)
        .iter()
        .map(|r| r.join("|").trim_end_matches('|').to_string())
        .collect()
}

fn row_with<'a>(rows: &'a [String], needles: &[&str]) -> &'a str {
    rows.iter()
        .find(|r| needles.iter().all(|n| r.contains(n)))
        .unwrap_or_else(|| panic!("no row with {needles:?} in {rows:#?}"))
}

#[test]
fn an_approved_correction_is_cited_on_the_sheet_the_notice_and_in_explain() {
    // K003 forgot to clock in on 11-25; the 补卡登记's row 3 gives 08:22, approved
    // by 王丽娟. Without it the day would be 缺卡 (上班未打卡): a 说明 line of ¥0.00.
    let lines = joined_rows("outputs/2026-11/deductions.xlsx", "扣款明细");
    let l = row_with(&lines, &["K003", "ATT-7"]);
    assert!(l.contains("|说明|补卡（已审批）|"), "{l}");
    assert!(
        l.contains("补卡 08:22，审批人 王丽娟，原因 考勤机故障，主管现场确认到岗；无此补卡则为缺卡（上班未打卡），补卡后为正常出勤"),
        "{l}"
    );
    assert!(l.contains("inputs/corrections.xlsx › 补卡登记!C3"), "{l}");
    // K003's 缺卡 count stays 0 on the summary.
    // The notice wraps its cells: compare its text with the line breaks taken out.
    let notice: String = Pdf::parse(&read("outputs/2026-11/notices/K003-张雨桐.pdf"))
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in ["补卡08:22，审批人王丽娟", "无此补卡则为缺卡（上班未打卡）"] {
        assert!(notice.contains(needle), "{needle}: {notice}");
    }
    // The employee reads the correction; its cell is on the sheet (above) and in explain.
    assert!(!notice.contains("补卡登记!C3"), "{notice}");
    let r = project().zhidu(&[
        "--lang",
        "zh",
        "explain",
        "--employee",
        "K003",
        "--period",
        "2026-11",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "上班打卡 2026-11-25 08:22:00 补卡，审批人 王丽娟，原因 考勤机故障，主管现场确认到岗 (inputs/corrections.xlsx › 补卡登记!C3)"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unapproved_correction_changes_nothing_and_is_listed() {
    // K007's 17:40 for 11-19 has no 审批人 (E2 is empty): still 缺卡, listed.
    let review = joined_rows("outputs/2026-11/deductions.xlsx", "待核查");
    let u = row_with(&review, &["K007", "赵思远", "忘记打卡"]);
    assert!(u.contains("inputs/corrections.xlsx › 补卡登记!E2"), "{u}");
    let summary = joined_rows("outputs/2026-11/deductions.xlsx", "扣款汇总");
    // 缺卡次数 1 for K007.
    let header: Vec<&str> = row_with(&summary, &["序号", "缺卡次数"]).split('|').collect();
    let at = header.iter().position(|c| *c == "缺卡次数").expect("缺卡次数");
    let k7 = row_with(&summary, &["K007", "赵思远"]);
    let cells: Vec<&str> = k7.split('|').collect();
    assert_eq!(cells[at], "1", "{k7}");
    let r = project().zhidu(&[
        "--lang",
        "zh",
        "explain",
        "--employee",
        "K007",
        "--period",
        "2026-11",
    ]);
    assert!(
        r.stdout.contains(
            "未审批的补卡 (第二十八条, 未采用):\n  补卡 2026-11-19 17:40，原因 忘记打卡：未填审批人，未采用 (inputs/corrections.xlsx › 补卡登记!E2)"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_month_over_twenty_percent_is_listed_and_marked_with_the_amounts_unchanged() {
    // K002: 5 late arrivals × 5% of ¥4,200.00 = ¥1,050.00, complaints ¥30.00 +
    // ¥10.00, a first violation ¥10.00: ¥1,100.00 = 26.19% of the base > 20%.
    let summary = joined_rows("outputs/2026-11/deductions.xlsx", "扣款汇总");
    let k2 = row_with(&summary, &["K002", "李明轩"]);
    assert!(k2.contains("|1100|3100|扣款超过基本工资的 20%，待核查；"), "{k2}");
    let review = joined_rows("outputs/2026-11/deductions.xlsx", "待核查");
    let r = row_with(&review, &["K002", "扣款合计 ¥1,100.00"]);
    assert!(r.contains("|4200|1100|0.2619|3100|"), "{r}");
    assert!(r.contains("占基本工资 ¥4,200.00 的 26.19%，超过 20%"), "{r}");
    // Nobody else is over 20% (K003: ¥685.00 of ¥4,500.00 = 15.22%).
    assert_eq!(review.iter().filter(|r| r.contains("超过 20%（")).count(), 1);
    // The ledger notes it (¥0.00, dated 11-30), so the 扣款明细 sheet and the notice carry it.
    let lines = joined_rows("outputs/2026-11/deductions.xlsx", "扣款明细");
    let l = row_with(&lines, &["K002", "PAY-6"]);
    assert!(
        l.contains("|第三十一条（《工资支付暂行规定》第十六条）|说明|扣款复核（待核查）|"),
        "{l}"
    );
    assert!(
        l.contains("扣款合计 ¥1,100.00，占基本工资 ¥4,200.00 的 26.19%，超过 20%（《工资支付暂行规定》第十六条：每月扣除不得超过当月工资的 20%）；应发基本工资 ¥4,200.00 − ¥1,100.00 = ¥3,100.00；"),
        "{l}"
    );
    assert!(l.ends_with("|0|inputs/roster.xlsx › 员工花名册!D3"), "{l}");
    let notice: String = Pdf::parse(&read("outputs/2026-11/notices/K002-李明轩.pdf"))
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(notice.contains("扣款复核（待核查）"), "{notice}");
}

#[test]
fn the_monthly_report_shows_both_client_record_rates_and_every_breach() {
    // November's ten records: submitted on time 7 of 9 = 77.78%, filed on time
    // 6 of 8 = 75.00% (the story's table).
    let main = joined_rows("outputs/2026-11/monthly.xlsx", "月报表");
    assert!(row_with(&main, &["客户资料提交及时率"]).starts_with("客户资料提交及时率|0.7778|1|"));
    assert!(row_with(&main, &["客户资料建档及时率"]).starts_with("客户资料建档及时率|0.75|1|"));
    // K004 filed 博雅 8.5 hours late: one 建档超时 in the agent table.
    let header = row_with(&main, &["工号", "建档超时"]);
    let at = header.split('|').position(|c| c == "建档超时").expect("column");
    let k4 = row_with(&main, &["K004", "刘佳怡"]);
    assert_eq!(k4.split('|').nth(at), Some("1"), "{k4}");
    let cases = joined_rows("outputs/2026-11/monthly.xlsx", "投诉与服务");
    assert!(row_with(&cases, &["销售提交（3 天内）"]).contains("|7|2|1|0.7778"));
    assert!(row_with(&cases, &["客服建档（24 小时内）"]).contains("|6|2|0|0.75"));
    for (customer, rest) in [
        (
            "瑞丰酒店管理有限公司",
            "2026-11-04 10:00|2026-11-07 10:00|2026-11-09 11:00|超时 49.00 小时|郑雅婷",
        ),
        (
            "博雅教育咨询有限公司",
            "2026-11-11|2026-11-13 09:00|2026-11-13 17:30|超时 8.50 小时|K004 刘佳怡",
        ),
        (
            "海润置业有限公司",
            "2026-11-17|2026-11-19|未完成|截至期末逾期 11 天|客服部（未填建档人）",
        ),
        (
            "长江建工集团有限公司",
            "2026-11-24|2026-11-27|未完成|截至期末逾期 3 天|陈志强",
        ),
    ] {
        let row = row_with(&cases, &[customer]);
        assert!(row.ends_with(rest), "{row}");
    }
    let pdf = Pdf::parse(&read("outputs/2026-11/monthly.pdf")).text();
    assert!(pdf.contains("客户资料时效"), "{pdf}");
}

#[test]
fn the_ops_weekly_lists_the_records_open_past_their_deadline() {
    // At 11-27's end: 海润 (filing due the end of 11-19) and 长江 (submission due
    // the end of 11-27, not submitted) are open.
    let rows = joined_rows("outputs/2026-11-21_2026-11-27/ops-weekly.xlsx", "周工作汇报");
    assert!(row_with(&rows, &["海润置业有限公司"]).ends_with("截至期末逾期 8 天|客服部（未填建档人）"));
    assert!(row_with(&rows, &["长江建工集团有限公司"]).ends_with("截至期末已超时|陈志强"));
    let pdf = Pdf::parse(&read("outputs/2026-11-21_2026-11-27/ops-weekly.pdf")).text();
    assert!(pdf.contains("逾期未完成的客户资料"), "{pdf}");
}

#[test]
fn the_leaver_is_cut_at_her_last_working_day() {
    // K011 leaves 11-27: employed 27 days of November, 4 of them rest days → 应出勤 23,
    // of which 2 on approved leave → 实出勤 21; 11-28..11-30 are not 旷工.
    let summary = joined_rows("outputs/2026-11/deductions.xlsx", "扣款汇总");
    let k11 = row_with(&summary, &["K011", "徐梓萱"]);
    let cells: Vec<&str> = k11.split('|').collect();
    assert_eq!((cells[7], cells[8], cells[15]), ("23", "21", "0"), "{k11}");
    assert!(k11.ends_with("2026-11-27 离职（此后不计应出勤）"), "{k11}");
    let review = joined_rows("outputs/2026-11/deductions.xlsx", "待核查");
    row_with(
        &review,
        &[
            "ATT-6",
            "K011 2026-11-27 离职：排班表仍排有 3 天班次（2026-11-28 至 2026-11-30，首行在此），不计应出勤",
        ],
    );
}

/// Every text of a rendered document: the PDF's, or each XLSX sheet's.
fn document_text(rel: &str) -> String {
    let bytes = read(rel);
    if rel.ends_with(".pdf") {
        Pdf::parse(&bytes).text()
    } else {
        xlsx::sheets_text(&bytes)
            .into_iter()
            .map(|(name, text)| format!("{name}\n{text}"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn documents_for_hr_speak_of_the_rules_not_of_the_settings() {
    let mut docs: Vec<String> = [
        "outputs/2026-11/deductions.xlsx",
        "outputs/2026-11/deductions.pdf",
        "outputs/2026-11/fund.xlsx",
        "outputs/2026-11/fund.pdf",
        "outputs/2026-11/slips.xlsx",
        "outputs/2026-11/monthly.pdf",
        "outputs/2026-11-18_2026-11-24/weekly.pdf",
    ]
    .map(String::from)
    .to_vec();
    for e in std::fs::read_dir(project().path("outputs/2026-11/notices")).expect("notices") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        docs.push(format!("outputs/2026-11/notices/{name}"));
    }
    for rel in &docs {
        let text = document_text(rel);
        for word in ["默认", "配置", "计数期", "设置项", "zhidu", "[shifts", "秒的私人"] {
            assert!(!text.contains(word), "{rel} says {word}: {text}");
        }
    }
}

#[test]
fn points_lost_are_counted_up_under_a_points_header() {
    // 扣分 −65 was a double negative: the slip report's 扣分 columns hold the points
    // lost, never a negative number.
    for (sheet, header) in [
        ("未完成联系单", "本期扣分"),
        ("部门协作扣分", "扣分合计"),
        ("部门协作扣分", "扣分"),
    ] {
        let rows = xlsx::text_rows(&read("outputs/2026-11/slips.xlsx"), sheet);
        let (h, col) = rows
            .iter()
            .enumerate()
            .find_map(|(i, r)| r.iter().position(|c| c == header).map(|c| (i, c)))
            .unwrap_or_else(|| panic!("{sheet}: no {header} header"));
        let values: Vec<f64> = rows[h + 1..]
            .iter()
            .filter_map(|r| r.get(col).and_then(|c| c.parse::<f64>().ok()))
            .collect();
        assert!(!values.is_empty(), "{sheet} {header}");
        assert!(values.iter().all(|v| *v >= 0.0), "{sheet} {header}: {values:?}");
        assert!(values.iter().any(|v| *v > 0.0), "{sheet} {header}: {values:?}");
    }
}

#[test]
fn a_personal_call_is_cited_one_way_everywhere() {
    // K002's personal call of 11-19 10:40, 245 s, at 通话记录 row 32263 (通话类型 in J).
    let cite = "04:05inputs/calls.xlsx›通话记录!J32263";
    let squeeze = |t: String| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let sheet = squeeze(document_text("outputs/2026-11/deductions.pdf"));
    assert!(sheet.contains(cite), "{sheet}");
    let weekly = squeeze(document_text("outputs/2026-11-18_2026-11-24/weekly.pdf"));
    assert!(
        weekly.contains("10:40:0004:0515887654321inputs/calls.xlsx›通话记录!J32263"),
        "{weekly}"
    );
    let r = project().zhidu(&[
        "--lang",
        "zh",
        "explain",
        "--employee",
        "K002",
        "--period",
        "2026-11",
    ]);
    assert!(
        r.stdout
            .contains("2026-11-19 10:40:00 私人通话 04:05 (inputs/calls.xlsx › 通话记录!J32263)"),
        "{}",
        r.stdout
    );
    for text in [&sheet, &weekly, &r.stdout] {
        assert!(!text.contains("32263行") && !text.contains("245秒") && !text.contains("245 秒"));
    }
}

#[test]
fn every_notice_is_one_page_for_the_employee_with_number_date_and_total_in_capitals() {
    let dir = project().path("outputs/2026-11/notices");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("notices")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 7, "{names:?}");
    for name in &names {
        let pdf = Pdf::parse(&read(&format!("outputs/2026-11/notices/{name}")));
        assert_eq!(pdf.pages.len(), 1, "{name} has {} pages", pdf.pages.len());
        let text = pdf.text();
        // What an employee reads: no file paths (they are on the 扣款明细 sheet and in explain).
        assert!(
            !text.contains("inputs/") && !text.contains("数据来源"),
            "{name}: {text}"
        );
        // (A figure and its unit are joined by U+00A0, which the text extraction
        // gives back as a space: the notice's own test checks the join.)
        assert!(text.contains("旷工 0 天"), "{name}: {text}");
        assert!(
            text.contains("通知日期") && text.contains("2026年12月1日"),
            "{name}: {text}"
        );
    }
    // K002: 9 lines on one page, ¥1,100.00 = 壹仟壹佰元整, numbered by the period and 工号.
    let k2 = Pdf::parse(&read("outputs/2026-11/notices/K002-李明轩.pdf")).text();
    assert!(k2.contains("KF-KK-2026-11-K002"), "{k2}");
    assert!(k2.contains("扣款合计（大写：壹仟壹佰元整）"), "{k2}");
    // The violation's 事由 is 违规; what it was is in the basis, not cut across the 事由 column.
    assert!(k2.contains("上班时间看视频：班组长巡查发现"), "{k2}");
    // The 扣款明细 sheet still carries every line's cells, and the reason in full.
    let lines = joined_rows("outputs/2026-11/deductions.xlsx", "扣款明细");
    let v = row_with(&lines, &["K002", "PAY-3"]);
    assert!(
        v.contains("违规（上班时间看视频）") && v.contains("inputs/violations.xlsx › 违规记录!"),
        "{v}"
    );
}

#[test]
fn the_sheet_shows_leave_by_type_violations_by_month_and_year_and_is_signed() {
    let summary = xlsx::text_rows(&read("outputs/2026-11/deductions.xlsx"), "扣款汇总");
    let h = summary
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "序号"))
        .expect("header");
    let col = |name: &str| {
        summary[h]
            .iter()
            .position(|c| c == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", summary[h]))
    };
    let row = |id: &str| {
        summary
            .iter()
            .find(|r| r.get(1).is_some_and(|c| c == id))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    // Leave beside 应出勤/实出勤, a column per type: K011 年假 11-12..13 (two work days),
    // K012 事假 11-24..25 (one work day: 实出勤 25 of 应出勤 26).
    assert_eq!(col("年假天数"), col("实出勤天数") + 1);
    assert_eq!(col("事假天数"), col("实出勤天数") + 2);
    assert_eq!(row("K011")[col("年假天数")], "2");
    assert_eq!(row("K012")[col("事假天数")], "1");
    assert_eq!(row("K012")[col("年假天数")], "0");
    // K009: no violation in November, one in October: 0 this month, 1 this year, ¥0.00
    // (the sheet showed 违规次数 1 beside ¥0 with no month to tell them apart).
    let k9 = row("K009");
    assert_eq!(k9[col("违规次数（本月）")], "0");
    assert_eq!(k9[col("违规次数（本年累计）")], "1");
    assert_eq!(k9[col("违规罚款")], "0");
    // 旷工 and 缺卡 named in 备注.
    assert!(k9[col("备注")].contains("旷工\u{a0}1\u{a0}天"), "{k9:?}");
    assert!(row("K007")[col("备注")].contains("缺卡\u{a0}1\u{a0}次"));
    // The total in capitals, the date it is drawn up, a line for each signer.
    // ¥2,388.52 = 贰仟叁佰捌拾捌元伍角贰分.
    let pdf: String = Pdf::parse(&read("outputs/2026-11/deductions.pdf"))
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        pdf.contains("扣款合计（大写）：贰仟叁佰捌拾捌元伍角贰分"),
        "{pdf}"
    );
    assert!(pdf.contains("制表日期：2026年12月1日"), "{pdf}");
    for who in ["制表：", "部门经理：", "人力资源部：", "财务："] {
        assert!(pdf.contains(who), "{who}: {pdf}");
    }
}

#[test]
fn the_fund_ledger_opens_with_octobers_closing_and_lists_receipts_and_payments() {
    // Fines: September ¥10.00, October ¥80.00, November ¥110.00; payments: October
    // ¥60.00, November ¥45.50. November opens with ¥10.00 + ¥80.00 − ¥60.00 = ¥30.00
    // and closes with ¥30.00 + ¥110.00 − ¥45.50 = ¥94.50.
    let rows = joined_rows("outputs/2026-11/fund.xlsx", "部门活动经费");
    let opening = row_with(&rows, &["|期初余额|"]);
    assert!(opening.ends_with("|30"), "{opening}");
    // The payment of 11-26, after the fines of 11-23: ¥30.00 + ¥110.00 − ¥45.50.
    let paid = row_with(&rows, &["支出：部门周会茶歇水果"]);
    assert!(
        paid.contains("|45.5|94.5|徐梓萱|王丽娟|inputs/fund_expenses.xlsx › 活动经费支出登记!B3"),
        "{paid}"
    );
    let fine = row_with(&rows, &["罚款：投诉（严重）"]);
    assert!(fine.contains("|K008|黄诗琪|50|"), "{fine}");
    let total = row_with(&rows, &["本期合计"]);
    assert!(total.ends_with("|110|45.5"), "{total}");
    let closing = row_with(&rows, &["期末余额|"]);
    assert!(closing.ends_with("|94.5"), "{closing}");
    let pdf: String = Pdf::parse(&read("outputs/2026-11/fund.pdf"))
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(pdf.contains("期末余额（大写）：玖拾肆元伍角"), "{pdf}");
    assert!(
        pdf.contains("期初余额为上期期末余额（自2026年9月起逐月结转）"),
        "{pdf}"
    );
}
