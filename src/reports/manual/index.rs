//! The clause index (制度条款索引): one row per clause and bound setting, with the
//! setting's current value and the reports that use it (from the report registry).

use serde::Serialize;

use super::model::Manual;
use crate::reports::registry::reports_using;

/// One row of the clause index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexRow {
    /// `第十二条`.
    pub clause: String,
    /// 1-based clause number (for sorting in Excel).
    pub number: u32,
    /// `第三章　班次与考勤`.
    pub chapter: String,
    /// Rule IDs, `、`-joined.
    pub rule_ids: String,
    /// Clause title.
    pub title: String,
    /// Setting key, or empty for a clause without settings.
    pub setting: String,
    /// Its current value.
    pub value: String,
    /// Reports that use the setting: `月度扣款表（deductions）、…`.
    pub reports: String,
}

/// What `templates/manual_index.xml` receives.
#[derive(Debug, Serialize)]
pub struct IndexView<'a> {
    /// 公司名称.
    pub company: &'a str,
    /// 部门名称.
    pub department: &'a str,
    /// Cover title of the manual.
    pub title: &'a str,
    /// Version label.
    pub version: &'a str,
    /// One row per clause and setting.
    pub rows: Vec<IndexRow>,
}

/// The clause index rows: one per clause and bound setting (one with no setting for a
/// clause that prints none).
pub fn index_rows(manual: &Manual) -> Vec<IndexRow> {
    let mut rows = Vec::new();
    for ch in &manual.chapters {
        for cl in ch.sections.iter().flat_map(|s| s.clauses.iter()) {
            let base = IndexRow {
                clause: cl.label.clone(),
                number: cl.number,
                chapter: format!("{}　{}", ch.label, ch.title),
                rule_ids: cl.rule_ids.join("、"),
                title: cl.title.clone(),
                setting: String::new(),
                value: String::new(),
                reports: String::new(),
            };
            if cl.bindings.is_empty() {
                rows.push(base.clone());
            }
            for b in &cl.bindings {
                let reports = reports_using(&b.key)
                    .iter()
                    .map(|r| format!("{}（{}）", r.title, r.id))
                    .collect::<Vec<_>>()
                    .join("、");
                rows.push(IndexRow {
                    setting: b.key.clone(),
                    value: b.value.clone(),
                    reports,
                    ..base.clone()
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::manual::test_support::default_manual;

    #[test]
    fn index_rows_carry_values_and_reports() {
        let (manual, _) = default_manual();
        let rows = index_rows(&manual);
        let high = rows
            .iter()
            .find(|r| r.setting == "rules.attendance.late_rate_high")
            .expect("row");
        assert_eq!(high.value, "5");
        assert_eq!(high.rule_ids, "ATT-2");
        assert!(
            high.reports.contains("月度扣款表（deductions）"),
            "{}",
            high.reports
        );
        let sla = rows
            .iter()
            .find(|r| r.setting == "rules.sla.first_response_hours")
            .expect("sla");
        assert_eq!(sla.value, "24");
        assert_eq!(sla.reports, "运营会周工作汇报（ops-weekly）、月报表（monthly）");
        // A clause without settings still has its row.
        assert!(rows.iter().any(|r| r.title == "服务要求" && r.setting.is_empty()));
    }
}
