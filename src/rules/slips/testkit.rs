//! Register rows and periods made in code for the slip rules' tests.

use chrono::NaiveDate;

use crate::config::SlipRules;
use crate::model::Period;
use crate::model::{SlipClass, SlipNature, SlipRow, Source};

use super::{ChargeKind, SlipFindings};

/// A date written `YYYY-MM-DD`.
pub(super) fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// A month period written `YYYY-MM`.
pub(super) fn month(text: &str) -> Period {
    Period::parse(text).expect("test period")
}

/// A fully signed class-C slip to one department, issued and due on the given days.
pub(super) fn slip(number: &str, to: &str, issued: &str, due: &str, line: u32) -> SlipRow {
    SlipRow {
        number: number.into(),
        class: SlipClass::C,
        nature: Some(SlipNature::Assistance),
        from_dept: "客服部".into(),
        to_dept: to.into(),
        subject: "测试".into(),
        requirement: None,
        issue_date: d(issued),
        due_date: d(due),
        signed_date: None,
        reply_date: None,
        completed_date: None,
        evaluation: None,
        replaces: None,
        drafter: Some("张三".into()),
        dept_manager: Some("李四".into()),
        division_leader: Some("王五".into()),
        chief_leader: Some("赵六".into()),
        audit_head: Some("钱七".into()),
        no_inquiry_days: None,
        issuer_shirked: None,
        source: Source::synthetic("inputs/slips.xlsx", "登记", line),
    }
}

/// The row, signed on the given day.
pub(super) fn signed(mut r: SlipRow, on: &str) -> SlipRow {
    r.signed_date = Some(d(on));
    r
}

/// The row, completed on the given day.
pub(super) fn done(mut r: SlipRow, on: &str) -> SlipRow {
    r.completed_date = Some(d(on));
    r
}

/// The (department, points) of one slip's charges of one kind.
pub(super) fn charges_of(f: &SlipFindings, number: &str, kind: ChargeKind) -> Vec<(String, u32)> {
    f.charges
        .iter()
        .filter(|c| c.number == number && c.kind == kind)
        .map(|c| (c.dept.clone(), c.points))
        .collect()
}

/// The default slip rules.
pub(super) fn rules() -> SlipRules {
    SlipRules::default()
}
