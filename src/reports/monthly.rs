//! 月报表: the month against the previous one: calls per agent (with charts), satisfaction
//! by week, complaints by agent, SLA-1, open work-contact slips.

use crate::model::Period;
use crate::output::stage::DocumentSink;
use crate::reports::ops_view::{build, figures_pair, render_files};
use crate::reports::registry::MONTHLY;
use crate::reports::RunContext;

/// Render `<period>/monthly.xlsx` and `.pdf`.
pub fn render(ctx: &RunContext, period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let (cur, prev) = figures_pair(ctx.data, period, config, true);
    let cites = crate::reports::manual::Citations::of_project(ctx.project)?;
    let context = build(config, &cites, &cur, &prev);
    sink.note(crate::reports::figures::ops_note(MONTHLY.id, &cur));
    render_files(ctx, period, &MONTHLY, &context, sink)
}
