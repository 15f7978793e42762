//! What a run records about each report besides its files: its key figures
//! (the team's answer rate, service level, satisfaction, the total deducted, the
//! number of notices, open slips), shown on the run's page, and whose each notice
//! is, so `zhidu send` mails every notice to its own employee. A report hands
//! them over with its documents ([`SetNote`]), made from what it computed for
//! them; for a report that does not, they are computed here with the same rules,
//! once its set is in place. Both are kept in the manifest and the runs log.

use std::path::Path;

use crate::model::{Period, Roster};
pub use crate::output::note::{Figure, NoticeOwner, SetNote};
use crate::output::stage::DocumentSink;
use crate::reports::figures::{csat, ops};
use crate::reports::RunContext;
use crate::rules::ops::calls::call_summary;
use crate::rules::ops::open_slips::open_slips;
use crate::rules::ops::surveys::survey_summary;

/// A sink that passes the documents on and keeps the report's note.
pub(crate) struct Noting<'s> {
    /// Where the documents go.
    pub sink: &'s mut dyn DocumentSink,
    /// The note the report handed over, if any.
    pub note: Option<SetNote>,
}

impl DocumentSink for Noting<'_> {
    fn add(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        self.sink.add(path, bytes)
    }

    fn note(&mut self, note: SetNote) {
        self.note = Some(note);
    }
}

/// The key figures of a report for a period, computed from the inputs: for
/// a report that handed over no note. Notices are never among them (the
/// deductions report always hands over its own).
pub(crate) fn of(report: &str, ctx: &RunContext<'_>, period: &Period) -> Vec<Figure> {
    let data = ctx.data;
    let config = &ctx.project.config;
    let roster = || Roster::new(&data.employees);
    let slips = || open_slips(&data.slips, &config.rules.slips.number_pattern, period);
    let calls_and_surveys = |with_slips: bool| {
        let roster = roster();
        let calls = call_summary(&data.calls, &roster, period, config);
        let surveys = survey_summary(&data.surveys, &roster, period);
        ops(&calls.team, &surveys.team, with_slips.then(|| slips().count))
    };
    match report {
        "weekly" => calls_and_surveys(false),
        "ops-weekly" | "monthly" => calls_and_surveys(true),
        "csat" => csat(&survey_summary(&data.surveys, &roster(), period).team),
        "slips" => {
            let open = slips();
            vec![
                Figure::new("未完成联系单", open.count.to_string()),
                Figure::new("其中逾期", open.overdue.to_string()),
            ]
        }
        _ => Vec::new(),
    }
}
