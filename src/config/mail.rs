//! `[mail]`: how `zhidu send` reaches the SMTP server, who receives each
//! report, and whether each employee gets their own notice (README "Delivering
//! documents"). The defaults send nothing: no server, no report recipients,
//! notices off.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The environment variable holding the SMTP password (never the file).
pub const SMTP_PASSWORD_VAR: &str = "ZHIDU_SMTP_PASSWORD";

/// The roster field that holds each employee's notice password; the roster
/// column named by `mail.notices.password_column` is read into it.
pub const NOTICE_PASSWORD_FIELD: &str = "通知单密码";

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (port 465).
    Tls,
    /// A plain connection upgraded with STARTTLS, refused if the server cannot (port 587).
    Starttls,
    /// No encryption: only for a server on this machine (127.0.0.1, localhost).
    None,
}

/// `[mail]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// The SMTP server's host name; empty: mail is not set up.
    pub smtp_host: String,
    /// Its port (465 for TLS, 587 for STARTTLS).
    pub smtp_port: u16,
    /// `tls`, `starttls` or `none`.
    pub security: Security,
    /// The login name; empty: no login. The password comes from `ZHIDU_SMTP_PASSWORD`.
    pub username: String,
    /// The sender, `客服部 <kefu@example.com>` or a bare address.
    pub from: String,
    /// Seconds to wait for the server at each step before giving up.
    pub timeout_seconds: u64,
    /// Report id → the addresses that receive its XLSX and PDF files.
    pub reports: BTreeMap<String, Vec<String>>,
    /// The employees' own notices.
    pub notices: NoticeMail,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_host: String::new(),
            smtp_port: 465,
            security: Security::Tls,
            username: String::new(),
            from: String::new(),
            timeout_seconds: 30,
            reports: BTreeMap::new(),
            notices: NoticeMail::default(),
        }
    }
}

/// `[mail.notices]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoticeMail {
    /// Whether each employee gets their own notice at the roster's 邮箱.
    pub send: bool,
    /// The roster column holding each employee's PDF password; empty: notices go unencrypted.
    pub password_column: String,
    /// Whom to ask about a notice, printed in its mail (`人事专员 王老师，分机 8012`).
    pub contact: String,
}

impl Default for NoticeMail {
    fn default() -> Self {
        NoticeMail {
            send: false,
            password_column: "身份证后六位".into(),
            contact: String::new(),
        }
    }
}

impl MailSettings {
    /// Whether anything is set to be sent: report recipients or notices.
    pub fn sends_anything(&self) -> bool {
        self.notices.send || self.reports.values().any(|r| !r.is_empty())
    }

    /// Every out-of-range value, as `mail.key = value: must be …` messages.
    pub fn problems(&self, report_ids: &[&str]) -> Vec<crate::i18n::Text> {
        let mut out = Vec::new();
        for (id, to) in &self.reports {
            if !report_ids.contains(&id.as_str()) {
                out.push(crate::msg!(
                    "config.mail_not_a_report",
                    id = id,
                    ids = report_ids.join(", ")
                ));
            }
            for a in to {
                if !is_address(a) {
                    out.push(crate::msg!("config.mail_not_an_address", id = id, address = a));
                }
            }
        }
        if self.timeout_seconds == 0 || self.timeout_seconds > 600 {
            out.push(crate::msg!("config.mail_timeout", value = self.timeout_seconds));
        }
        if !self.sends_anything() {
            return out;
        }
        if self.smtp_host.trim().is_empty() {
            out.push(crate::msg!("config.mail_smtp_host"));
        }
        if self.smtp_port == 0 {
            out.push(crate::msg!("config.mail_smtp_port"));
        }
        if self.security == Security::None && !is_local(&self.smtp_host) {
            out.push(crate::msg!("config.mail_security_none", host = &self.smtp_host));
        }
        let from_address = address_part(&self.from);
        if !is_address(from_address) {
            out.push(crate::msg!("config.mail_from", from = &self.from));
        }
        out
    }
}

/// Whether a host is this machine.
pub fn is_local(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h == "127.0.0.1" || h == "::1"
}

/// The address of `Name <a@b>` (or the whole text when it has no angle brackets).
pub fn address_part(from: &str) -> &str {
    match (from.rfind('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => from[a + 1..b].trim(),
        _ => from.trim(),
    }
}

/// A plausible e-mail address: one `@`, something on each side, a dot in the
/// domain, no spaces or angle brackets. The server has the last word.
pub fn is_address(a: &str) -> bool {
    let a = a.trim();
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !a.contains(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_send_nothing_and_need_no_server() {
        let m = MailSettings::default();
        assert!(!m.sends_anything());
        assert!(m.problems(&["weekly"]).is_empty());
    }

    #[test]
    fn unencrypted_mail_is_only_for_this_machine() {
        let mut m = MailSettings {
            smtp_host: "smtp.example.com".into(),
            security: Security::None,
            from: "客服部 <kefu@example.com>".into(),
            ..MailSettings::default()
        };
        m.notices.send = true;
        let p = m.problems(&["weekly"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].starts_with("mail.security = \"none\""), "{p:?}");
        m.smtp_host = "127.0.0.1".into();
        assert!(m.problems(&["weekly"]).is_empty());
    }

    #[test]
    fn addresses_and_report_ids_are_checked() {
        let mut m = MailSettings::default();
        m.reports
            .insert("weekley".into(), vec!["manager@example.com".into()]);
        m.reports.insert("weekly".into(), vec!["not an address".into()]);
        let p = m.problems(&["weekly"]);
        assert!(
            p.iter()
                .any(|x| x.starts_with("mail.reports.weekley: not a report")),
            "{p:?}"
        );
        assert!(p.iter().any(|x| x.contains("is not an e-mail address")), "{p:?}");
        assert!(
            p.iter().any(|x| x.starts_with("mail.smtp_host is empty")),
            "{p:?}"
        );
        assert_eq!(address_part("客服部 <kefu@example.com>"), "kefu@example.com");
        assert!(is_address("k002@example.com"));
        assert!(!is_address("k002@localhost"));
    }
}
