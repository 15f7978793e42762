//! Planning a run: the reports a request renders and the period each covers.

use chrono::NaiveDate;

use crate::config::PeriodRule;
use crate::error::UserError;
use crate::model::Period;
use crate::schedule::Calendar;

/// What a run is asked to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRequest {
    /// Everything due on a day.
    Date(NaiveDate),
    /// Everything due from the first day to the second, both included.
    Range(NaiveDate, NaiveDate),
    /// One report for one period (`None`: a report whose period rule is `none`).
    One {
        /// The report id.
        id: String,
        /// The period.
        period: Option<Period>,
    },
}

/// One report to render for one period.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// The day it fell due (none for `--report`).
    pub due: Option<NaiveDate>,
    /// The report id.
    pub id: String,
    /// The period it covers.
    pub period: Period,
}

/// The reports a request renders, in due-date and calendar order, each (id, period) once.
pub fn plan(calendar: &Calendar, request: &RunRequest, run_date: NaiveDate) -> Result<Vec<Job>, UserError> {
    let due = match request {
        RunRequest::Date(d) => calendar.due_on(*d),
        RunRequest::Range(a, b) => calendar.due_between(*a, *b),
        RunRequest::One { id, period } => {
            let rule = calendar.rule(id).ok_or_else(|| unknown_report(id))?;
            let period = match period {
                Some(p) => *p,
                None => match rule.period {
                    PeriodRule::None => Period {
                        start: run_date,
                        end: run_date,
                    },
                    _ => return Err(UserError::other(crate::msg!("batch.needs_period", id = id))),
                },
            };
            return Ok(vec![Job {
                due: None,
                id: id.clone(),
                period,
            }]);
        }
    };
    let mut jobs: Vec<Job> = Vec::new();
    for d in due {
        let period = d.period.unwrap_or(Period {
            start: d.date,
            end: d.date,
        });
        if !jobs.iter().any(|j| j.id == d.id && j.period == period) {
            jobs.push(Job {
                due: Some(d.date),
                id: d.id.to_string(),
                period,
            });
        }
    }
    Ok(jobs)
}

pub(crate) fn unknown_report(id: &str) -> UserError {
    UserError::other(crate::msg!(
        "cli.not_a_report",
        id = id,
        expected = crate::reports::registry::id_list()
    ))
}

impl RunRequest {
    /// The request as command-line flags, e.g. `--date 2026-11-25` (for the manifest).
    pub fn describe(&self) -> String {
        match self {
            RunRequest::Date(d) => format!("--date {d}"),
            RunRequest::Range(a, b) => format!("--from {a} --to {b}"),
            RunRequest::One { id, period: Some(p) } => format!("--report {id} --period {p}"),
            RunRequest::One { id, period: None } => format!("--report {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn plans_a_day_a_range_and_one_report() {
        let cal = Calendar::new(&Config::default().reports);
        let jobs = plan(&cal, &RunRequest::Date(d("2026-11-25")), d("2026-11-25")).expect("plan");
        let ids: Vec<(&str, String)> = jobs
            .iter()
            .map(|j| (j.id.as_str(), j.period.to_string()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("weekly", "2026-11-18..2026-11-24".to_string()),
                ("monthly", "2026-10".to_string()),
                ("csat", "2026-10".to_string()),
            ]
        );
        // 11-25 … 12-01: the three above, ops-weekly on 11-28, deductions and slips on 12-01.
        let jobs = plan(
            &cal,
            &RunRequest::Range(d("2026-11-25"), d("2026-12-01")),
            d("2026-12-01"),
        )
        .expect("plan");
        assert_eq!(jobs.len(), 6);
        let one = RunRequest::One {
            id: "csat".into(),
            period: Period::parse("2026-10"),
        };
        assert_eq!(plan(&cal, &one, d("2026-10-31")).expect("plan").len(), 1);
        let missing = RunRequest::One {
            id: "csat".into(),
            period: None,
        };
        assert!(plan(&cal, &missing, d("2026-10-31")).is_err());
        let manual = RunRequest::One {
            id: "manual".into(),
            period: None,
        };
        let jobs = plan(&cal, &manual, d("2026-12-01")).expect("plan");
        assert_eq!(jobs[0].period.to_string(), "2026-12-01..2026-12-01");
    }
}
