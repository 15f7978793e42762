//! `zhidu explain` on the sample inputs in the repository's project folder.

use crate::support::{repo_root, zhidu_with_project, Run};

fn explain(args: &[&str]) -> Run {
    zhidu_with_project(repo_root(), &[&["explain"], args].concat())
}

#[test]
fn explains_the_sample_agent_with_five_late_arrivals() {
    // K002 (base ¥4,200.00) is late 5 times in November: in mode `all` every one
    // at 5% = ¥210.00, 5 × ¥210.00 = ¥1,050.00; complaints 较重 ¥30.00 and 一般
    // ¥10.00; a first violation ¥10.00. Total ¥1,100.00, net ¥3,100.00: 26.19% of
    // the base, over 20%, so a ninth line notes the review (PAY-6, ¥0.00).
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = explain(&["--lang", "zh", "--employee", "K002", "--period", "2026-11"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("扣款明细 (9 笔, 合计 ¥1,100.00)"), "{out}");
    assert!(out.contains("PAY-6 扣款复核（待核查） 说明 ¥0.00"), "{out}");
    assert!(out.contains("基本工资 ¥4,200.00 × 5% = ¥210.00"), "{out}");
    assert!(
        out.contains("条款: 《客服部制度手册》第二十五条 迟到扣款（客户服务部门的工作管理制度 七.1）"),
        "{out}"
    );
    assert!(out.contains("inputs/punches.xlsx › 打卡记录!C"), "{out}");
    assert!(out.contains("应发基本工资 ¥3,100.00"), "{out}");

    // In English the headings and labels are English; what the records and the
    // ledger say (documents' words) stays Chinese.
    let r = explain(&["--employee", "K002", "--period", "2026-11"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("deductions (9 line(s), total ¥1,100.00)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("PAY-6 扣款复核（待核查） 说明 ¥0.00"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("clause: 《客服部制度手册》第二十五条 迟到扣款（客户服务部门的工作管理制度 七.1）"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("base pay due ¥3,100.00"), "{}", r.stdout);

    let r = explain(&["--employee", "K002", "--period", "2026-11", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["summary"]["total_fen"], 110_000);
    assert_eq!(v["lines"].as_array().map(Vec::len), Some(9));
}

#[test]
fn unknown_employee_and_empty_period_exit_1_with_a_message() {
    let r = explain(&["--employee", "K999", "--period", "2026-11"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no employee \"K999\""), "{}", r.stderr);
    let r = explain(&["--employee", "K002", "--period", "2030-01"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("has no schedule entries and no punches"),
        "{}",
        r.stderr
    );
    let r = explain(&["--employee", "K002", "--period", "November"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("is not a period"), "{}", r.stderr);
}
