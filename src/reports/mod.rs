//! Reports: one module per document, each building the context its template
//! receives from findings and the ledger, and rendering it through [`crate::render`].

pub mod deductions;
pub mod explain;
pub mod manual;
pub mod slips;

use std::fmt;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

pub mod csat;
pub mod monthly;
pub mod ops_view;
pub mod ops_weekly;
pub mod weekly;

/// A report's render function: the run's context and a period in, files out.
pub type RenderFn = fn(&RunContext, &Period) -> anyhow::Result<Vec<OutputFile>>;

/// Every report id, and its render function when this build includes it
/// (`None`: the report exists in the calendar but its module is not built in).
pub const REGISTRY: &[(&str, Option<RenderFn>)] = &[
    ("weekly", Some(weekly::render)),
    ("ops-weekly", Some(ops_weekly::render)),
    ("monthly", Some(monthly::render)),
    ("csat", Some(csat::render)),
    ("deductions", Some(deductions::render)),
    ("slips", Some(slips::render)),
    ("manual", Some(render_manual)),
];

/// The manual covers no period: the batch's period is not passed on.
fn render_manual(ctx: &RunContext, _period: &Period) -> anyhow::Result<Vec<OutputFile>> {
    manual::render(ctx, None)
}

/// How a report id resolves in this build.
#[derive(Debug, Clone, Copy)]
pub enum Lookup {
    /// Built in: its render function.
    Ready(RenderFn),
    /// A known report whose module is not in this build.
    NotAvailable,
    /// Not a report id.
    Unknown,
}

/// Find a report's render function.
pub fn lookup(id: &str) -> Lookup {
    match REGISTRY.iter().find(|(rid, _)| *rid == id) {
        Some((_, Some(f))) => Lookup::Ready(*f),
        Some((_, None)) => Lookup::NotAvailable,
        None => Lookup::Unknown,
    }
}

/// The span of days a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl Period {
    /// A calendar month.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(Period {
            start,
            end: next.pred_opt()?,
        })
    }

    /// Parse `2026-11` (a month) or `2026-11-18..2026-11-24` (a span of days).
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        if let Some((a, b)) = t.split_once("..") {
            let start = NaiveDate::parse_from_str(a.trim(), "%Y-%m-%d").ok()?;
            let end = NaiveDate::parse_from_str(b.trim(), "%Y-%m-%d").ok()?;
            return (start <= end).then_some(Period { start, end });
        }
        let (y, m) = t.split_once('-')?;
        Period::month(y.parse().ok()?, m.parse().ok()?)
    }

    /// Whether the period is exactly one calendar month.
    pub fn is_month(&self) -> bool {
        self.start.day() == 1
            && self.end.succ_opt().is_some_and(|d| d.day() == 1)
            && self.start.month() == self.end.month()
    }

    /// Number of days covered.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    /// Whether a day falls inside the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The period of the same length just before this one (the previous month for a month).
    pub fn previous(&self) -> Period {
        if self.is_month() {
            let last = self.start.pred_opt().unwrap_or(self.start);
            Period::month(last.year(), last.month()).unwrap_or(*self)
        } else {
            let len = chrono::Duration::days(self.days());
            Period {
                start: self.start - len,
                end: self.end - len,
            }
        }
    }

    /// The folder name under `outputs/`: `2026-11` for a month, `2026-11-18_2026-11-24` otherwise.
    pub fn dir_name(&self) -> String {
        if self.is_month() {
            self.start.format("%Y-%m").to_string()
        } else {
            format!(
                "{}_{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }

    /// The label printed on documents: `2026年11月` or `2026-11-18 至 2026-11-24`.
    pub fn label(&self) -> String {
        if self.is_month() {
            format!("{}年{}月", self.start.year(), self.start.month())
        } else {
            format!(
                "{} 至 {}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_month() {
            write!(f, "{}", self.start.format("%Y-%m"))
        } else {
            write!(
                f,
                "{}..{}",
                self.start.format("%Y-%m-%d"),
                self.end.format("%Y-%m-%d")
            )
        }
    }
}

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

/// One file a report produced: a path relative to the output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path under `outputs/`, e.g. `2026-11/deductions.xlsx`.
    pub path: PathBuf,
    /// The file's content.
    pub bytes: Vec<u8>,
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
    /// Templates and font.
    pub renderer: &'a crate::render::Renderer,
}

impl RunContext<'_> {
    /// Fail with a clear message when an input kind this report needs could not be read.
    pub fn require(&self, kinds: &[&str]) -> anyhow::Result<()> {
        for (kind, why) in self.failed_inputs {
            if kinds.contains(&kind.as_str()) {
                anyhow::bail!("input `{kind}` could not be read: {why}");
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_spans() {
        let nov = Period::parse("2026-11").expect("month");
        assert_eq!(nov.days(), 30);
        assert!(nov.is_month());
        assert_eq!(nov.dir_name(), "2026-11");
        assert_eq!(nov.label(), "2026年11月");
        assert_eq!(nov.previous(), Period::parse("2026-10").expect("oct"));
        let jan = Period::parse("2027-01").expect("jan");
        assert_eq!(jan.previous(), Period::parse("2026-12").expect("dec"));
        let week = Period::parse("2026-11-18..2026-11-24").expect("week");
        assert_eq!(week.days(), 7);
        assert!(!week.is_month());
        assert_eq!(week.dir_name(), "2026-11-18_2026-11-24");
        assert_eq!(
            week.previous(),
            Period::parse("2026-11-11..2026-11-17").expect("prev")
        );
        assert!(Period::parse("2026-13").is_none());
    }
}
