//! Every report zhidu renders: its id, Chinese title, the input kinds it reads,
//! its template and its render function. `due`, the batch, the manual's index
//! and `explain` all read this one table.

use crate::config::Config;
use crate::model::{InputKind, Period};

use super::{csat, deductions, manual, monthly, ops_weekly, slips, weekly, RunContext};
use crate::output::stage::DocumentSink;

/// A report's render function: the run's context and a period in; each document
/// goes to the sink as soon as it is made.
pub type RenderFn = fn(&RunContext, &Period, &mut dyn DocumentSink) -> anyhow::Result<()>;

/// One report.
#[derive(Debug, Clone, Copy)]
pub struct ReportSpec {
    /// The id used on the command line and in `[reports.<id>]`: `weekly`, `ops-weekly`, …
    pub id: &'static str,
    /// The Chinese title, e.g. 周报表.
    pub title: &'static str,
    /// The input kinds it reads; a run fails it when one of them could not be read.
    pub inputs: &'static [InputKind],
    /// Its template under `templates/` when `[reports.<id>].template` is not set.
    pub template: &'static str,
    /// Its render function (`None`: a known report whose module is not in this build).
    pub render: Option<RenderFn>,
    /// The setting keys (or key prefixes) of `zhidu.toml` it reads.
    pub settings: &'static [&'static str],
    /// The sections of `settings` that exist for this report alone (its own
    /// `reports.<id>`, and a rules section about its subject): the manual's
    /// clause index lists a section's owner first among the reports using it.
    pub owns: &'static [&'static str],
}

use InputKind::*;

/// 周报表.
pub const WEEKLY: ReportSpec = ReportSpec {
    id: "weekly",
    title: "周报表",
    inputs: &[
        Roster,
        Schedule,
        Punches,
        Corrections,
        Leaves,
        Calls,
        Surveys,
        Complaints,
    ],
    template: "weekly.xml",
    render: Some(weekly::render),
    settings: &[
        "company",
        "shifts",
        "rules.attendance",
        "rules.attendance.punch_window_before_hours",
        "rules.calls",
        "reports.weekly",
    ],
    owns: &["reports.weekly"],
};

/// 运营会周工作汇报.
pub const OPS_WEEKLY: ReportSpec = ReportSpec {
    id: "ops-weekly",
    title: "运营会周工作汇报",
    inputs: &[
        Roster,
        Schedule,
        Punches,
        Corrections,
        Leaves,
        Calls,
        Surveys,
        Complaints,
        ServiceRequests,
        ClientRecords,
        Slips,
    ],
    template: "ops-weekly.xml",
    render: Some(ops_weekly::render),
    settings: &[
        "company",
        "rules.calls",
        "rules.sla",
        "rules.slips",
        "reports.ops-weekly",
    ],
    owns: &["reports.ops-weekly"],
};

/// 月报表.
pub const MONTHLY: ReportSpec = ReportSpec {
    id: "monthly",
    title: "月报表",
    inputs: OPS_WEEKLY.inputs,
    template: "monthly.xml",
    render: Some(monthly::render),
    settings: &[
        "company",
        "shifts",
        "rules.attendance",
        "rules.attendance.punch_window_before_hours",
        "rules.calls",
        "rules.sla",
        "reports.monthly",
    ],
    owns: &["reports.monthly"],
};

/// 客户满意度月度报表.
pub const CSAT: ReportSpec = ReportSpec {
    id: "csat",
    title: "客户满意度月度报表",
    inputs: &[Roster, Surveys],
    template: "csat.xml",
    render: Some(csat::render),
    settings: &["company", "reports.csat"],
    owns: &["reports.csat"],
};

/// 月度扣款表, with the 扣款通知单 and the 部门活动经费台账.
pub const DEDUCTIONS: ReportSpec = ReportSpec {
    id: "deductions",
    title: "月度扣款表",
    inputs: &[
        Roster,
        Schedule,
        Punches,
        Corrections,
        Leaves,
        Complaints,
        Violations,
        FundExpenses,
    ],
    template: "deductions.xml",
    render: Some(deductions::render),
    settings: &[
        "company",
        "shifts",
        "rules.attendance",
        "rules.attendance.punch_window_before_hours",
        "rules.attendance.rest_days_per_month",
        "rules.attendance.late_flag_over",
        "rules.pay",
        "reports.deductions",
    ],
    owns: &["reports.deductions"],
};

/// 未完成工作联系单月报.
pub const SLIPS: ReportSpec = ReportSpec {
    id: "slips",
    title: "未完成工作联系单月报",
    inputs: &[Slips],
    template: "slips.xml",
    render: Some(slips::render),
    settings: &["company", "rules.slips", "reports.slips"],
    owns: &["rules.slips", "reports.slips"],
};

/// 制度手册 and its clause index.
pub const MANUAL: ReportSpec = ReportSpec {
    id: "manual",
    title: "制度手册",
    inputs: &[],
    template: "manual.xml",
    render: Some(render_manual),
    settings: &["reports.manual", "manual"],
    owns: &["reports.manual", "manual"],
};

/// Every report, in the calendar's order.
pub const REPORTS: [ReportSpec; 7] = [WEEKLY, OPS_WEEKLY, MONTHLY, CSAT, DEDUCTIONS, SLIPS, MANUAL];

/// The manual covers no period: the batch's period is not passed on.
fn render_manual(ctx: &RunContext, _period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    manual::render(ctx, None, sink)
}

/// The report with this id.
pub fn find(id: &str) -> Option<&'static ReportSpec> {
    REPORTS.iter().find(|r| r.id == id)
}

/// Every report id, comma-separated, for messages.
pub fn id_list() -> String {
    REPORTS.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

impl ReportSpec {
    /// The template file the report renders in a project: `[reports.<id>].template`
    /// (with `.xml` added when it is left off), else [`ReportSpec::template`].
    pub fn template_file(&self, config: &Config) -> String {
        match config.reports.get(self.id).and_then(|s| s.template.as_deref()) {
            Some(t) if t.ends_with(".xml") => t.to_string(),
            Some(t) => format!("{t}.xml"),
            None => self.template.to_string(),
        }
    }
}

/// The reports that read a setting: those naming the longest key prefix that
/// matches `key` (`rules.attendance.grace_minutes` → `rules.attendance`). The
/// report owning that section comes first, then the others in calendar order.
pub fn reports_using(key: &str) -> Vec<&'static ReportSpec> {
    let matches = |prefix: &str| {
        key == prefix || key.starts_with(&format!("{prefix}.")) || key.starts_with(&format!("{prefix}["))
    };
    let longest = REPORTS
        .iter()
        .flat_map(|r| r.settings.iter().copied())
        .filter(|p| matches(p))
        .max_by_key(|p| p.len());
    let Some(prefix) = longest else {
        return Vec::new();
    };
    let owners = REPORTS.iter().filter(|r| r.owns.contains(&prefix));
    let others = REPORTS
        .iter()
        .filter(|r| r.settings.contains(&prefix) && !r.owns.contains(&prefix));
    owners.chain(others).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_configured_report_is_registered_in_the_same_order() {
        let config = Config::default();
        let configured: Vec<&str> = config.reports.all().iter().map(|(id, _)| *id).collect();
        let registered: Vec<&str> = REPORTS.iter().map(|r| r.id).collect();
        assert_eq!(configured, registered);
        assert!(REPORTS.iter().all(|r| r.render.is_some()));
    }

    #[test]
    fn the_template_setting_is_honoured_the_same_way_for_every_report() {
        let mut config = Config::default();
        assert_eq!(WEEKLY.template_file(&config), "weekly.xml");
        config.reports.slips.template = Some("slips-v2".into());
        config.reports.deductions.template = Some("扣款表.xml".into());
        assert_eq!(SLIPS.template_file(&config), "slips-v2.xml");
        assert_eq!(DEDUCTIONS.template_file(&config), "扣款表.xml");
        for r in REPORTS {
            assert!(r.template.ends_with(".xml") && r.template.starts_with(r.id));
        }
    }

    #[test]
    fn settings_are_read_by_the_reports_naming_the_longest_prefix() {
        let ids = |key| reports_using(key).iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("rules.attendance.rest_days_per_month"), vec!["deductions"]);
        assert_eq!(
            ids("rules.attendance.grace_minutes"),
            vec!["weekly", "monthly", "deductions"]
        );
        assert_eq!(ids("reports.csat.due"), vec!["csat"]);
        // The slips report owns [rules.slips]: listed before ops-weekly.
        assert_eq!(ids("rules.slips.number_pattern"), vec!["slips", "ops-weekly"]);
        assert!(ids("render.font").is_empty());
    }

    #[test]
    fn every_report_owns_its_own_section_and_each_section_has_one_owner() {
        for r in REPORTS {
            assert!(r.owns.contains(&format!("reports.{}", r.id).as_str()), "{}", r.id);
            for own in r.owns {
                assert!(
                    r.settings.contains(own),
                    "{} owns {own} but does not read it",
                    r.id
                );
                let owners = REPORTS.iter().filter(|o| o.owns.contains(own)).count();
                assert_eq!(owners, 1, "{own}");
            }
        }
    }
}
