//! 客户满意度月度报表: score distribution, share satisfied, by agent, by week,
//! the lowest-scored comments, with charts; compared with the previous period.

use crate::model::Period;
use crate::output::stage::DocumentSink;
use crate::reports::ops_view::{build, figures_pair, render_files};
use crate::reports::registry::CSAT;
use crate::reports::RunContext;

/// Render `<period>/csat.xlsx` and `.pdf`.
pub fn render(ctx: &RunContext, period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let (cur, prev) = figures_pair(ctx.data, period, config, false);
    let cites = crate::reports::manual::Citations::of_project(ctx.project)?;
    let context = build(config, &cites, &cur, &prev);
    sink.note(crate::reports::figures::ops_note(CSAT.id, &cur));
    render_files(ctx, period, &CSAT, &context, sink)
}
