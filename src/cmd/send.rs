//! `zhidu send`: mail what a run produced ([`crate::deliver`]). Without `--yes`
//! it prints the plan — every message, its recipient and files, what already
//! went and who cannot be mailed — and sends nothing; with `--yes` it sends,
//! then says what went and what failed (exit 1 when anything failed).

use std::time::Duration;

use crate::cli::Cli;
use crate::config::Project;
use crate::deliver::{self, MessageKind, PlannedMessage, SendOptions, SendOutcome, SendRequest};
use crate::error::Exit;
use crate::output::term;

/// `zhidu send` with its typed flags.
pub fn run(cli: &Cli, request: &SendRequest, yes: bool, wait_seconds: u64) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    execute(cli, &project, request, yes, Duration::from_secs(wait_seconds))
}

/// Send (or plan) and print; shared with `run --send`.
pub fn execute(
    cli: &Cli,
    project: &Project,
    request: &SendRequest,
    yes: bool,
    wait: Duration,
) -> anyhow::Result<Exit> {
    let options = SendOptions {
        yes,
        wait,
        quiet: cli.quiet,
    };
    let outcome = deliver::send(project, request, options)?;
    print(cli, project, &outcome)?;
    Ok(if outcome.failed().next().is_some() {
        Exit::BadInput
    } else {
        Exit::Success
    })
}

/// One line for a message: report, period, recipient, who, files.
fn describe(m: &PlannedMessage) -> String {
    let who = match (&m.who, m.kind) {
        (Some(w), MessageKind::Notice) => format!(
            " ({w}, notice{})",
            if m.password.is_some() { ", encrypted" } else { "" }
        ),
        _ => String::new(),
    };
    let files: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
    format!(
        "{} {} → {}{who}: {}{}",
        m.report,
        m.period,
        m.to,
        files.join(", "),
        if m.correction { "  [更正]" } else { "" }
    )
}

fn print(cli: &Cli, project: &Project, o: &SendOutcome) -> anyhow::Result<()> {
    let mail = &project.config.mail;
    let out_dir = &project.config.render.output_dir;
    for n in &o.plan.not_sent {
        term::errln(&format!("not sent: {}: {}", n.what, n.why));
    }
    if cli.quiet {
        for f in o.failed() {
            term::errln(&format!("failed: {}: {}", describe(&f.message), f.answer));
        }
        return Ok(());
    }
    for n in &o.plan.notes {
        term::errln(&format!("note: {n}"));
    }
    let messages = &o.plan.messages;
    if o.dry_run {
        if messages.is_empty() {
            term::outln("nothing to send: no report lists recipients in [mail.reports] for these documents, no notice is to be mailed, or everything was delivered already")?;
        } else {
            term::outln(&format!(
                "would send {} message(s) through {}:{} ({:?}) from {}:",
                messages.len(),
                mail.smtp_host,
                mail.smtp_port,
                mail.security,
                mail.from
            ))?;
            for m in messages {
                term::outln(&format!("  {}", describe(m)))?;
            }
        }
        if o.plan.already_delivered > 0 {
            term::outln(&format!(
                "already delivered (same file to the same address): {} file(s)",
                o.plan.already_delivered
            ))?;
        }
        term::outln("dry run: nothing was sent; add --yes to send")?;
        return Ok(());
    }
    let delivered = o.sent.iter().filter(|s| s.delivered).count();
    if cli.verbose {
        for s in o.sent.iter().filter(|s| s.delivered) {
            term::outln(&format!("  sent {}  ({})", describe(&s.message), s.answer))?;
        }
    }
    term::outln(&format!(
        "sent {delivered} of {} message(s){}; recorded in {out_dir}/deliveries.jsonl",
        o.sent.len(),
        if o.plan.already_delivered > 0 {
            format!(
                " ({} file(s) already delivered were not sent again)",
                o.plan.already_delivered
            )
        } else {
            String::new()
        }
    ))?;
    let failed: Vec<_> = o.failed().collect();
    if !failed.is_empty() {
        term::errln(&format!("{} message(s) failed:", failed.len()));
        for f in failed {
            term::errln(&format!("  {}: {}", describe(&f.message), f.answer));
        }
        term::errln("run the same `zhidu send … --yes` again to retry them: what went is not sent twice");
    }
    if let Some(e) = &o.page_error {
        term::errln(&format!("note: the run page could not be updated: {e}"));
    }
    Ok(())
}
