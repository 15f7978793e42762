//! 运营会周工作汇报: the KPI summary against the previous week, complaints,
//! SLA-1 breaches and open work-contact slips.

use crate::model::Period;
use crate::output::stage::DocumentSink;
use crate::reports::ops_view::{build, figures_pair, render_files};
use crate::reports::registry::OPS_WEEKLY;
use crate::reports::RunContext;

/// Render `<period>/ops-weekly.xlsx` and `.pdf`.
pub fn render(ctx: &RunContext, period: &Period, sink: &mut dyn DocumentSink) -> anyhow::Result<()> {
    let config = &ctx.project.config;
    let (cur, prev) = figures_pair(ctx.data, period, config, true);
    let cites = crate::reports::manual::Citations::of_project(ctx.project)?;
    let context = build(config, &cites, &cur, &prev);
    sink.note(crate::reports::figures::ops_note(OPS_WEEKLY.id, &cur));
    render_files(ctx, period, &OPS_WEEKLY, &context, sink)
}
