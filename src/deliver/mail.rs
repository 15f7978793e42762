//! The mail itself: a planned message as MIME (a plain-text body and the files,
//! their Chinese names encoded as RFC 2231 asks), and the SMTP connection
//! (lettre over rustls, with a timeout at every step) that hands it to the server.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};

use super::encrypt::encrypt_pdf;
use super::plan::PlannedMessage;
use crate::config::{address_part, MailSettings, Security, SMTP_PASSWORD_VAR};
use crate::error::UserError;
use crate::i18n::Text;

/// The media type of an attachment, by its extension.
fn content_type(name: &str) -> ContentType {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let media = match ext.as_str() {
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json" => "application/json",
        _ => "application/octet-stream",
    };
    ContentType::parse(media).unwrap_or(ContentType::TEXT_PLAIN)
}

/// A fresh `Message-ID` in the sender's domain.
fn message_id(domain: &str) -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::Error::from(crate::msg!("deliver.no_random", error = e.to_string())))?;
    let id = crate::output::hex(&bytes);
    Ok(format!("<{id}.zhidu@{domain}>"))
}

/// The sender as configured (`客服部 <kefu@example.com>`), checked.
pub fn sender(settings: &MailSettings) -> Result<Mailbox, UserError> {
    settings.from.trim().parse::<Mailbox>().map_err(|e| {
        UserError::config(crate::msg!(
            "deliver.bad_sender",
            from = &settings.from,
            error = e.to_string()
        ))
    })
}

/// The MIME message for a planned one: the body and its files, a notice's file
/// encrypted now, in memory, with the employee's password.
pub fn build(from: &Mailbox, m: &PlannedMessage) -> anyhow::Result<Message> {
    let to: Mailbox =
        m.to.parse()
            .with_context(|| crate::msg!("deliver.bad_address", address = &m.to))?;
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(m.body.clone()));
    for f in &m.files {
        let bytes = match &m.password {
            Some(p) => encrypt_pdf(&f.bytes, p).with_context(|| f.path.clone())?,
            None => f.bytes.as_ref().clone(),
        };
        parts = parts.singlepart(Attachment::new(f.name.clone()).body(bytes, content_type(&f.name)));
    }
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(message_id(from.email.domain())?))
        .date_now()
        .multipart(parts)
        .context(crate::msg!("deliver.cannot_build"))
}

/// The connection settings made into a transport. The password is read from
/// `ZHIDU_SMTP_PASSWORD` when a username is set.
pub fn transport(settings: &MailSettings) -> anyhow::Result<SmtpTransport> {
    let host = settings.smtp_host.trim();
    let builder = match settings.security {
        Security::Tls => SmtpTransport::relay(host),
        Security::Starttls => SmtpTransport::starttls_relay(host),
        Security::None => Ok(SmtpTransport::builder_dangerous(host)),
    }
    .with_context(|| crate::msg!("deliver.bad_host", host = host))?;
    let domain = address_part(&settings.from)
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d)
        .to_string();
    let mut builder = builder
        .port(settings.smtp_port)
        .timeout(Some(Duration::from_secs(settings.timeout_seconds)))
        .hello_name(ClientId::Domain(domain));
    let user = settings.username.trim();
    if !user.is_empty() {
        let password = std::env::var(SMTP_PASSWORD_VAR).map_err(|_| {
            UserError::config(crate::msg!(
                "deliver.no_smtp_password",
                user = user,
                var = SMTP_PASSWORD_VAR
            ))
        })?;
        builder = builder.credentials(Credentials::new(user.to_string(), password));
    }
    Ok(builder.build())
}

/// How the server answered one message.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Whether it took the message.
    pub delivered: bool,
    /// Its words (`250 2.0.0 OK …`), or what went wrong.
    pub text: Text,
    /// Whether the failure was reaching the server at all (not this recipient).
    pub unreachable: bool,
}

/// Hand one message to the server.
pub fn deliver(transport: &SmtpTransport, message: &Message) -> Answer {
    match transport.send(message) {
        Ok(r) => Answer {
            delivered: true,
            text: Text::raw(
                format!("{} {}", r.code(), r.message().collect::<Vec<_>>().join(" "))
                    .trim()
                    .to_string(),
            ),
            unreachable: false,
        },
        Err(e) => {
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                text.push_str(&format!(": {c}"));
                cause = c.source();
            }
            Answer {
                delivered: false,
                unreachable: !(e.is_permanent() || e.is_transient()),
                text: Text::raw(text),
            }
        }
    }
}
