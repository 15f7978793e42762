//! `zhidu send`: mail what a run produced ([`crate::deliver`]). Without `--yes`
//! it prints the plan — every message, its recipient and files, what already
//! went and who cannot be mailed — and sends nothing; with `--yes` it sends,
//! then says what went and what failed (exit 1 when anything failed).

use std::time::Duration;

use crate::cli::Cli;
use crate::config::Project;
use crate::deliver::{self, MessageKind, PlannedMessage, SendOptions, SendOutcome, SendRequest};
use crate::error::Exit;
use crate::i18n::Text;
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
fn describe(m: &PlannedMessage) -> Text {
    let to = match (&m.who, m.kind) {
        (Some(w), MessageKind::Notice) if m.password.is_some() => {
            crate::msg!("send.to_notice_encrypted", to = &m.to, who = w)
        }
        (Some(w), MessageKind::Notice) => crate::msg!("send.to_notice", to = &m.to, who = w),
        _ => Text::raw(m.to.clone()),
    };
    let files: Vec<&str> = m.files.iter().map(|f| f.name.as_str()).collect();
    let key = if m.correction {
        crate::msg!("send.message_correction")
    } else {
        crate::msg!("send.message")
    };
    key.arg("report", &m.report)
        .arg("period", &m.period)
        .arg("to", to)
        .arg("files", files.join(", "))
}

fn print(cli: &Cli, project: &Project, o: &SendOutcome) -> anyhow::Result<()> {
    let mail = &project.config.mail;
    let out_dir = &project.config.render.output_dir;
    for n in &o.plan.not_sent {
        term::errln(&crate::msg!("send.not_sent", what = &n.what, why = &n.why).to_string());
    }
    if cli.quiet {
        for f in o.failed() {
            term::errln(
                &crate::msg!(
                    "send.failed_one",
                    message = describe(&f.message),
                    answer = &f.answer
                )
                .to_string(),
            );
        }
        return Ok(());
    }
    for n in &o.plan.notes {
        term::errln(&crate::msg!("send.note", note = n).to_string());
    }
    let messages = &o.plan.messages;
    if o.dry_run {
        if messages.is_empty() {
            term::outln(&crate::msg!("send.nothing").to_string())?;
        } else {
            let plan = crate::msg!(
                "send.would_send",
                n = messages.len(),
                host = &mail.smtp_host,
                port = mail.smtp_port,
                security = format!("{:?}", mail.security),
                from = &mail.from
            );
            term::outln(&plan.to_string())?;
            for m in messages {
                term::outln(&format!("  {}", describe(m)))?;
            }
        }
        if o.plan.already_delivered > 0 {
            let already = crate::msg!("send.already_delivered", n = o.plan.already_delivered);
            term::outln(&already.to_string())?;
        }
        term::outln(&crate::msg!("send.dry_run").to_string())?;
        return Ok(());
    }
    let delivered = o.sent.iter().filter(|s| s.delivered).count();
    if cli.verbose {
        for s in o.sent.iter().filter(|s| s.delivered) {
            let sent = crate::msg!(
                "send.sent_one",
                message = describe(&s.message),
                answer = &s.answer
            );
            term::outln(&format!("  {sent}"))?;
        }
    }
    let done = if o.plan.already_delivered > 0 {
        crate::msg!("send.sent_skipped", skipped = o.plan.already_delivered)
    } else {
        crate::msg!("send.sent")
    };
    let done = done
        .arg("delivered", delivered)
        .arg("n", o.sent.len())
        .arg("log", format!("{out_dir}/deliveries.jsonl"));
    term::outln(&done.to_string())?;
    let failed: Vec<_> = o.failed().collect();
    if !failed.is_empty() {
        term::errln(&crate::msg!("send.failed", n = failed.len()).to_string());
        for f in failed {
            term::errln(&format!("  {}: {}", describe(&f.message), f.answer));
        }
        term::errln(&crate::msg!("send.retry").to_string());
    }
    if let Some(e) = &o.page_error {
        term::errln(&crate::msg!("send.page_not_updated", error = e).to_string());
    }
    Ok(())
}
