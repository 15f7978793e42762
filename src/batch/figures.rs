//! What a run records about each report besides its files: its key figures
//! (the team's answer rate, service level, satisfaction, the total deducted, the
//! number of notices, open slips), shown on the run's page, and whose each notice
//! is, so `zhidu send` mails every notice to its own employee. Both are computed
//! with the same rules the report's documents are rendered from, once its set is
//! in place, and kept in the manifest and the runs log.

use crate::model::{Dataset, Period, Roster};
use crate::output::FileEntry;
use crate::reports::deductions::{compute, notice_rows, notice_stem};
use crate::reports::RunContext;
use crate::rules::ops::calls::call_summary;
use crate::rules::ops::figures::hundredths_text;
use crate::rules::ops::open_slips::open_slips;
use crate::rules::ops::surveys::survey_summary;

/// One key figure of a report, as the run page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// What it is, in Chinese (`接通率`).
    pub label: String,
    /// Its value as shown (`71.43%`, `¥1,234.50`, `4.36`, `9`).
    pub value: String,
}

/// Whose a notice is: the employee it was made for, and what it deducts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeOwner {
    /// The notice's path under the output folder (`2026-11/notices/K002-李明轩.pdf`).
    pub path: String,
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// 扣款合计 in fen, as the notice prints it.
    pub total_fen: i64,
}

fn figure(label: &str, value: impl Into<String>) -> Figure {
    Figure {
        label: label.to_string(),
        value: value.into(),
    }
}

/// A rate in basis points as `71.43%` (`—` when undefined).
fn percent(bp: Option<i64>) -> String {
    bp.map_or_else(|| "—".to_string(), |bp| format!("{}%", hundredths_text(bp)))
}

/// The call and satisfaction figures of the operations reports.
fn ops(data: &Dataset, period: &Period, config: &crate::config::Config, slips: bool) -> Vec<Figure> {
    let roster = Roster::new(&data.employees);
    let calls = call_summary(&data.calls, &roster, period, config);
    let surveys = survey_summary(&data.surveys, &roster, period);
    let mut out = vec![
        figure("呼入", calls.team.offered.to_string()),
        figure("接通率", percent(calls.team.answer_rate_bp)),
        figure("服务水平", percent(calls.team.service_level_bp)),
        figure(
            "满意度",
            surveys
                .team
                .average_x100
                .map_or_else(|| "—".to_string(), |_| surveys.team.average.clone()),
        ),
    ];
    if slips {
        out.push(figure(
            "未完成联系单",
            open_slips(&data.slips, &config.rules.slips.number_pattern, period)
                .count
                .to_string(),
        ));
    }
    out
}

/// The key figures of a report for a period, and for `deductions` whose each of
/// the notices in `written` is. A notice whose path the deductions report would
/// not give is left out (then `zhidu send` does not mail it).
pub(crate) fn of(
    report: &str,
    ctx: &RunContext<'_>,
    period: &Period,
    written: &[FileEntry],
) -> (Vec<Figure>, Vec<NoticeOwner>) {
    let data = ctx.data;
    let config = &ctx.project.config;
    match report {
        "weekly" => (ops(data, period, config, false), Vec::new()),
        "ops-weekly" | "monthly" => (ops(data, period, config, true), Vec::new()),
        "csat" => {
            let roster = Roster::new(&data.employees);
            let s = survey_summary(&data.surveys, &roster, period).team;
            let average = if s.average_x100.is_some() {
                s.average
            } else {
                "—".into()
            };
            (
                vec![
                    figure("回复数", s.responses.to_string()),
                    figure("满意度", average),
                    figure("满意率", percent(s.satisfied_bp)),
                ],
                Vec::new(),
            )
        }
        "deductions" => deductions(data, period, config, written),
        "slips" => {
            let open = open_slips(&data.slips, &config.rules.slips.number_pattern, period);
            (
                vec![
                    figure("未完成联系单", open.count.to_string()),
                    figure("其中逾期", open.overdue.to_string()),
                ],
                Vec::new(),
            )
        }
        _ => (Vec::new(), Vec::new()),
    }
}

fn deductions(
    data: &Dataset,
    period: &Period,
    config: &crate::config::Config,
    written: &[FileEntry],
) -> (Vec<Figure>, Vec<NoticeOwner>) {
    let month = compute(data, config, period);
    let notices = notice_rows(data, &month, config);
    // The names the report gives its notices, in the same order (`-2` for a repeat).
    let mut names = crate::output::UniqueNames::default();
    let owners: Vec<NoticeOwner> = notices
        .iter()
        .map(|n| {
            let stem = names.stem(&notice_stem(&n.id, &n.name));
            NoticeOwner {
                path: format!("{}/notices/{stem}.pdf", period.dir_name()),
                employee_id: n.id.clone(),
                employee_name: n.name.clone(),
                total_fen: n.total_fen,
            }
        })
        .filter(|o| written.iter().any(|f| f.path == o.path))
        .collect();
    let figures = vec![
        figure("扣款合计", month.pay.ledger.total().to_string()),
        figure("通知单", format!("{} 份", notices.len())),
    ];
    (figures, owners)
}
