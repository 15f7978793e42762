//! A small 客服部 as CSV exports, for tests that need real input files quickly.

use super::{inputs_config, TestProject};

/// A small 客服部 as CSV exports for November 2026: `people` are (工号, 姓名, days
/// late), everyone on 常规 08:30–17:30 every day, punching 08:25 and 17:35 (08:40 when
/// late). `inputs/complaints.csv` is read when a test writes it.
pub fn hr_project(name: &str, people: &[(&str, &str, &[u32])]) -> TestProject {
    let config = inputs_config(&[
        ("roster", "path = \"inputs/roster.csv\"\n"),
        ("schedule", "path = \"inputs/schedule.csv\"\n"),
        ("punches", "path = \"inputs/punches.csv\"\n"),
        (
            "complaints",
            "path = \"inputs/complaints.csv\"\nrequired = false\n",
        ),
    ]);
    let p = TestProject::with_config(name, &config);
    write_people(&p, people);
    p
}

/// (Re)write the roster, schedule and punches of [`hr_project`].
pub fn write_people(p: &TestProject, people: &[(&str, &str, &[u32])]) {
    let mut roster = String::from("工号,姓名,部门,基本工资\n");
    let mut schedule = String::from("工号,日期,班次\n");
    let mut punches = String::from("工号,打卡时间\n");
    for (id, name, late) in people {
        roster.push_str(&format!("{id},{name},客服部,4000.00\n"));
        for d in 1..=30 {
            schedule.push_str(&format!("{id},2026-11-{d:02},常规\n"));
            let m = if late.contains(&d) { 40 } else { 25 };
            punches.push_str(&format!(
                "{id},2026-11-{d:02} 08:{m:02}:00\n{id},2026-11-{d:02} 17:35:00\n"
            ));
        }
    }
    p.write("inputs/roster.csv", roster);
    p.write("inputs/schedule.csv", schedule);
    p.write("inputs/punches.csv", punches);
}
