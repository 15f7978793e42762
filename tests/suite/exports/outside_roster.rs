//! Real exports cover the whole company while the roster is one department:
//! people outside it are warnings, the first few named and the rest counted.

use super::{errors, load};

#[test]
fn people_outside_the_roster_are_named_then_counted() {
    let roster = "工号,姓名,部门,基本工资\nK001,王丽娟,客服部,4500\n";
    let mut punches = String::from("工号,打卡时间\nK001,2026-11-03 08:30:00\n");
    for i in 1..=12 {
        punches.push_str(&format!(
            "E{i:03},2026-11-03 08:3{}:00\nE{i:03},2026-11-03 17:3{}:00\n",
            i % 10,
            i % 10
        ));
    }
    let l = load(
        "outside_roster",
        &[
            ("roster", "path = \"inputs/roster.csv\"\n"),
            ("punches", "path = \"inputs/p.csv\"\n"),
        ],
        &[
            ("inputs/roster.csv", roster.as_bytes().to_vec()),
            ("inputs/p.csv", punches.into_bytes()),
        ],
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    let warnings: Vec<String> = l
        .problems
        .iter()
        .filter(|p| p.file == "inputs/p.csv")
        .map(|p| p.to_string())
        .collect();
    assert_eq!(warnings.len(), 11);
    assert_eq!(
        warnings[0],
        "inputs/p.csv › p!A3: warning: employee \"E001\" is not in the roster (2 records of this sheet; the first is here)"
    );
    assert_eq!(
        warnings[10],
        "inputs/p.csv › p!A23: warning: … and 2 more people not in the roster (4 records of this sheet; the first is here): normal for an export of the whole company, they count for nobody in the roster"
    );
    let summary = l.inputs.iter().find(|i| i.kind == "punches").expect("punches");
    assert_eq!(summary.unknown_employee_records, 24);
}
