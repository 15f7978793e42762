//! 周报表: per agent calls, answer rate, service level, waits, talk, satisfaction,
//! complaints and late arrivals (attendance evaluation), team totals, change vs the previous week.

use crate::model::Period;
use crate::output::stage::DocumentSink;
use crate::reports::ops_view::{build, figures_pair, render_files};
use crate::reports::registry::WEEKLY;
use crate::reports::RunContext;

/// Render `<period>/weekly.xlsx` and `.pdf`.
pub fn render(ctx: &RunContext, period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let (cur, prev) = figures_pair(ctx.data, period, config, true);
    let cites = crate::reports::manual::Citations::of_project(ctx.project)?;
    let context = build(config, &cites, &cur, &prev);
    sink.note(crate::reports::figures::ops_note(WEEKLY.id, &cur));
    render_files(ctx, period, &WEEKLY, &context, sink)
}
