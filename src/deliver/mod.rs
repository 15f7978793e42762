//! Delivering documents (README "Delivering documents"): `zhidu send` mails
//! what a run produced — each report's XLSX and PDF to its readers
//! (`[mail.reports]`), each employee their own notice encrypted with their own
//! password ([`encrypt`]) — and records every message in the delivery log
//! ([`log`]), so nothing goes twice and nothing is lost. [`page`] writes the
//! run's page and the list of runs.

pub mod encrypt;
pub mod log;
pub mod mail;
pub mod page;
pub mod plan;

use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;

use crate::batch::runs::{now_utc, read_runs};
use crate::config::Project;
use crate::error::UserError;
use crate::model::{InputKind, Period};
use crate::output::lock::RunLock;

use log::{DeliveryLog, DeliveryLogWriter, DeliveryRecord, SentFile};
pub use plan::{MessageKind, NotSent, Plan, PlannedMessage, Produced};

/// What to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendRequest {
    /// What the runs of a run date produced (`send --date`); with `only`, just
    /// those `(report, period)` pairs (`run … --send`: what that run made).
    Date {
        /// The run date.
        run_date: NaiveDate,
        /// Only these reports and periods.
        only: Option<Vec<(String, String)>>,
    },
    /// One report's latest documents for a period (`send --report ID --period P`).
    Report {
        /// The report id.
        id: String,
        /// The period (none for a report covering none).
        period: Option<Period>,
    },
}

impl SendRequest {
    /// The request as flags, for messages.
    pub fn describe(&self) -> String {
        match self {
            SendRequest::Date { run_date, .. } => format!("--date {run_date}"),
            SendRequest::Report { id, period: Some(p) } => format!("--report {id} --period {p}"),
            SendRequest::Report { id, period: None } => format!("--report {id}"),
        }
    }
}

/// How `send` runs.
#[derive(Debug, Clone, Copy)]
pub struct SendOptions {
    /// Send for real; without it only the plan is made.
    pub yes: bool,
    /// How long to wait for another command writing in the project.
    pub wait: Duration,
    /// Whether to keep quiet while waiting for the lock.
    pub quiet: bool,
}

/// One message that went, or did not.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The message.
    pub message: PlannedMessage,
    /// Whether the server took it.
    pub delivered: bool,
    /// The server's answer, or what went wrong.
    pub answer: crate::i18n::Text,
}

/// What one `send` did.
#[derive(Debug, Default)]
pub struct SendOutcome {
    /// The plan (everything that would go, what could not, what already went).
    pub plan: Plan,
    /// With `--yes`: every message tried, in order.
    pub sent: Vec<Sent>,
    /// Whether it was a dry run.
    pub dry_run: bool,
    /// Why the run page could not be brought up to date (the mail went).
    pub page_error: Option<String>,
}

impl SendOutcome {
    /// The messages that did not go.
    pub fn failed(&self) -> impl Iterator<Item = &Sent> {
        self.sent.iter().filter(|s| !s.delivered)
    }
}

/// The documents the request names, from the runs log.
pub fn produced(out_dir: &Path, request: &SendRequest) -> anyhow::Result<Vec<Produced>> {
    let runs = read_runs(out_dir)?;
    let out: Vec<Produced> = match request {
        SendRequest::Date { run_date, only } => runs
            .produced_on(*run_date)
            .into_iter()
            .filter(|o| {
                only.as_ref()
                    .is_none_or(|w| w.iter().any(|(r, p)| *r == o.report && *p == o.period))
            })
            .map(|o| Produced {
                run_date: Some(run_date.format("%Y-%m-%d").to_string()),
                outcome: o.clone(),
            })
            .collect(),
        SendRequest::Report { id, period } => {
            let wanted = period.map(|p| p.to_string());
            runs.runs
                .iter()
                .flat_map(|r| r.reports.iter().map(move |o| (r, o)))
                .rfind(|(_, o)| {
                    o.is_ok() && o.report == *id && wanted.as_ref().is_none_or(|p| *p == o.period)
                })
                .map(|(r, o)| Produced {
                    run_date: r.run_date.clone(),
                    outcome: o.clone(),
                })
                .into_iter()
                .collect()
        }
    };
    if out.is_empty()
        && matches!(
            request,
            SendRequest::Report { .. } | SendRequest::Date { only: None, .. }
        )
    {
        return Err(UserError::other(crate::msg!("send.nothing_for", request = request.describe())).into());
    }
    Ok(out)
}

/// The roster as it is now, for addresses and passwords (only read when notices are mailed).
fn roster(project: &Project, produced: &[Produced], plan_notices: bool) -> Vec<crate::model::Employee> {
    let any_notice = produced.iter().any(|p| !p.outcome.notices.is_empty());
    if !plan_notices || !any_notice {
        return Vec::new();
    }
    crate::ingest::load_only(project, &[InputKind::Roster])
        .data
        .employees
}

/// Make the plan for a request (reading the runs log, the delivery log and the roster).
pub fn make_plan(project: &Project, request: &SendRequest) -> anyhow::Result<Plan> {
    let out_dir = project.path(&project.config.render.output_dir);
    let produced = produced(&out_dir, request)?;
    let log = DeliveryLog::read(&out_dir)?;
    let roster = roster(project, &produced, project.config.mail.notices.send);
    Ok(plan::plan(&plan::PlanInputs {
        config: &project.config,
        out_dir: &out_dir,
        produced: &produced,
        log: &log,
        roster: &roster,
    }))
}

/// After this many messages in a row fail to reach the server, the rest are not tried.
const UNREACHABLE_IN_A_ROW: usize = 3;

/// Send what a request names: without `yes` only the plan; with it every
/// message, each recorded in the delivery log as soon as the server answers,
/// under the run lock; then the run pages are brought up to date.
pub fn send(project: &Project, request: &SendRequest, options: SendOptions) -> anyhow::Result<SendOutcome> {
    if !options.yes {
        return Ok(SendOutcome {
            plan: make_plan(project, request)?,
            dry_run: true,
            ..SendOutcome::default()
        });
    }
    let settings = &project.config.mail;
    // The sender and the login are checked before anything else: a missing
    // password stops the command, not the first message.
    let connection = if settings.sends_anything() {
        Some((mail::sender(settings)?, mail::transport(settings)?))
    } else {
        None
    };
    let out_dir = project.path(&project.config.render.output_dir);
    let lock = RunLock::acquire(
        &out_dir,
        options.wait,
        &format!("pid {}: zhidu send {}", std::process::id(), request.describe()), // not a message
        |h| {
            if !options.quiet {
                let holder = match h {
                    Some(h) => crate::i18n::Text::raw(h),
                    None => crate::msg!("batch.holder_unknown"),
                };
                let line = crate::msg!("batch.waiting", holder = holder, secs = options.wait.as_secs());
                crate::output::term::errln(&line.to_string());
            }
        },
    )?;
    let mut writer = DeliveryLogWriter::open(&lock)?;
    let plan = make_plan(project, request)?;
    let mut outcome = SendOutcome {
        plan,
        ..SendOutcome::default()
    };
    if let (false, Some((from, transport))) = (outcome.plan.messages.is_empty(), &connection) {
        outcome.sent = send_all(transport, from, &outcome.plan.messages, &mut writer)?;
    }
    outcome.page_error = refresh_pages(project, &lock, &outcome, request)
        .err()
        .map(|e| format!("{e:#}"));
    Ok(outcome)
}

fn send_all(
    transport: &lettre::SmtpTransport,
    from: &lettre::message::Mailbox,
    messages: &[PlannedMessage],
    writer: &mut DeliveryLogWriter,
) -> anyhow::Result<Vec<Sent>> {
    let mut sent = Vec::with_capacity(messages.len());
    let mut unreachable = 0;
    for m in messages {
        if unreachable >= UNREACHABLE_IN_A_ROW {
            sent.push(Sent {
                message: m.clone(),
                delivered: false,
                answer: crate::msg!("deliver.not_tried"),
            });
            continue;
        }
        let answer = match mail::build(from, m) {
            Ok(message) => mail::deliver(transport, &message),
            Err(e) => mail::Answer {
                delivered: false,
                text: crate::error::error_text(&e),
                unreachable: false,
            },
        };
        unreachable = if answer.unreachable { unreachable + 1 } else { 0 };
        writer.append(&DeliveryRecord {
            time: now_utc(),
            run_date: m.run_date.clone(),
            report: m.report.clone(),
            period: m.period.clone(),
            kind: m.kind.id().to_string(),
            recipient: m.to.clone(),
            subject: m.subject.clone(),
            files: m
                .files
                .iter()
                .map(|f| SentFile {
                    path: f.path.clone(),
                    sha256: f.sha256.clone(),
                    name: f.name.clone(),
                    encrypted: m.password.is_some(),
                })
                .collect(),
            delivered: answer.delivered,
            answer: answer.text.clone(),
        })?;
        sent.push(Sent {
            message: m.clone(),
            delivered: answer.delivered,
            answer: answer.text,
        });
    }
    lettre::Transport::shutdown(transport);
    Ok(sent)
}

/// Bring the pages of the run dates concerned up to date (what was sent).
fn refresh_pages(
    project: &Project,
    lock: &RunLock,
    outcome: &SendOutcome,
    request: &SendRequest,
) -> anyhow::Result<()> {
    let mut dates: Vec<NaiveDate> = outcome
        .sent
        .iter()
        .filter_map(|s| s.message.run_date.as_deref())
        .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .collect();
    if let SendRequest::Date { run_date, .. } = request {
        dates.push(*run_date);
    }
    dates.sort();
    dates.dedup();
    for d in dates {
        page::write_pages(lock, Some(d), &project.config.company.department)?;
    }
    Ok(())
}

/// The last step of `zhidu run` ([`crate::batch::AfterRun`]): the run's page and the list of runs.
pub fn after_run(project: &Project, lock: &RunLock, run_date: NaiveDate) -> anyhow::Result<()> {
    page::write_pages(lock, Some(run_date), &project.config.company.department)
}
