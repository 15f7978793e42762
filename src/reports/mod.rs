//! Reports: one module per document, each building the context its template
//! receives from findings and the ledger, and rendering it through [`crate::render`].
//! [`registry`] lists every report with its title, inputs and template.

pub mod csat;
pub mod deductions;
pub mod explain;
pub mod figures;
pub mod manual;
pub mod money_words;
pub mod monthly;
pub mod ops_view;
pub mod ops_weekly;
pub mod registry;
pub mod slips;
pub mod weekly;

use crate::model::{InputKind, Period};

/// The template-facing view of a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PeriodView {
    /// `2026-11-01`.
    pub start: String,
    /// `2026-11-30`.
    pub end: String,
    /// `2026年11月` or `2026-11-18 至 2026-11-24`.
    pub label: String,
    /// Whether it is a calendar month.
    pub is_month: bool,
}

impl From<&Period> for PeriodView {
    fn from(p: &Period) -> PeriodView {
        PeriodView {
            start: p.start.format("%Y-%m-%d").to_string(),
            end: p.end.format("%Y-%m-%d").to_string(),
            label: p.label(),
            is_month: p.is_month(),
        }
    }
}

/// What every report's `render` receives: the project, the records read once
/// for the whole run, and the renderer.
pub struct RunContext<'a> {
    /// The project (config and folder).
    pub project: &'a crate::config::Project,
    /// Every record read from the inputs.
    pub data: &'a crate::model::Dataset,
    /// Input kinds that could not be read, with the reason (a report that needs one fails).
    pub failed_inputs: &'a [(String, String)],
    /// Errors in the inputs that did not stop this report (records of people
    /// certainly outside the roster, for the 月度扣款表), listed on its 待核查 sheet.
    pub set_aside: &'a [crate::error::Problem],
    /// Templates and font.
    pub renderer: &'a crate::render::Renderer,
    /// The attendance the gate already evaluated for this report's period, if it did.
    pub evaluated: Option<&'a Evaluated>,
}

/// The attendance of one period, evaluated once (by the gate of a money
/// report) and taken by the report instead of evaluating it a second time.
pub struct Evaluated {
    period: Period,
    attendance: std::sync::Mutex<Option<crate::rules::hr::attendance::Attendance>>,
}

impl Evaluated {
    /// The attendance evaluated for `period`.
    pub fn new(period: Period, attendance: crate::rules::hr::attendance::Attendance) -> Evaluated {
        Evaluated {
            period,
            attendance: std::sync::Mutex::new(Some(attendance)),
        }
    }

    /// The attendance, if it was evaluated for `period` and not taken yet.
    pub fn take(&self, period: &Period) -> Option<crate::rules::hr::attendance::Attendance> {
        if self.period != *period {
            return None;
        }
        self.attendance.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl RunContext<'_> {
    /// Fail with a clear message when an input kind this report needs could not be read.
    pub fn require(&self, kinds: &[InputKind]) -> anyhow::Result<()> {
        for (kind, why) in self.failed_inputs {
            if kinds.iter().any(|k| k.id() == kind) {
                return Err(crate::msg!("gate.input_unreadable", kind = kind, why = why).into());
            }
        }
        Ok(())
    }
}
