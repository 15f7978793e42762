//! What `zhidu send` would send: one message per report per recipient with the
//! report's XLSX and PDF files, and one message per employee with their own
//! notice. Every file is checked against the SHA-256 its run recorded; a file
//! the delivery log shows already delivered to an address with the same hash is
//! left out, and one delivered there before with another hash makes the message
//! a correction (「更正」). An employee who cannot be mailed is listed with why.

use std::sync::Arc;

use crate::batch::{JobOutcome, NoticeOwner};
use crate::config::{is_address, Config, PeriodRule};
use crate::i18n::Text;
use crate::model::{Employee, Fen, Period, Roster};
use crate::output::sha256_hex;

use super::log::{DeliveryLog, Earlier};

/// What a message carries to whom: a report's files to a reader, or a notice to its employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// A report's XLSX and PDF files.
    Report,
    /// One employee's own 扣款通知单.
    Notice,
}

impl MessageKind {
    /// `report` or `notice`, as the delivery log writes it.
    pub fn id(self) -> &'static str {
        match self {
            MessageKind::Report => "report",
            MessageKind::Notice => "notice",
        }
    }
}

/// One file to attach.
#[derive(Clone)]
pub struct PlannedFile {
    /// The file under the output folder.
    pub path: String,
    /// Its SHA-256 (checked against the run's record).
    pub sha256: String,
    /// The name the recipient sees.
    pub name: String,
    /// The bytes in `outputs/`.
    pub bytes: Arc<Vec<u8>>,
}

/// One message to send.
#[derive(Clone)]
pub struct PlannedMessage {
    /// Report or notice.
    pub kind: MessageKind,
    /// The run date whose documents these are.
    pub run_date: Option<String>,
    /// The report id.
    pub report: String,
    /// The period as the runs log writes it.
    pub period: String,
    /// The recipient's address.
    pub to: String,
    /// Who that is, for the plan (`K002 李明轩`), if an employee.
    pub who: Option<String>,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub body: String,
    /// The files.
    pub files: Vec<PlannedFile>,
    /// Whether it corrects something delivered before.
    pub correction: bool,
    /// The password the attachment is encrypted with (notices only). Never printed.
    pub password: Option<String>,
}

impl std::fmt::Debug for PlannedMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlannedMessage")
            .field("kind", &self.kind)
            .field("report", &self.report)
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("files", &self.files.iter().map(|x| &x.path).collect::<Vec<_>>())
            .field("encrypted", &self.password.is_some())
            .finish()
    }
}

/// Something not sent, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    /// Who or what (`K010 吴欣怡`, `deductions 2026-11: 2026-11/fund.pdf`).
    pub what: String,
    /// Why.
    pub why: Text,
}

/// The whole plan of one `send`.
#[derive(Debug, Default)]
pub struct Plan {
    /// The messages to send, reports first, then notices in roster order.
    pub messages: Vec<PlannedMessage>,
    /// Files already delivered to their recipient with the same hash.
    pub already_delivered: usize,
    /// What cannot be sent.
    pub not_sent: Vec<NotSent>,
    /// Remarks (`notices are not mailed: mail.notices.send = false`).
    pub notes: Vec<Text>,
}

/// A report's documents to send: one successful outcome of a run.
#[derive(Debug, Clone)]
pub struct Produced {
    /// The run date of the run that made them.
    pub run_date: Option<String>,
    /// The outcome, with its files and (deductions) notice owners.
    pub outcome: JobOutcome,
}

/// Titles of the documents whose file stem is not their report's id.
const DOCUMENT_TITLES: &[(&str, &str)] = &[("fund", "部门活动经费台账")];

/// Everything a plan is made from.
pub struct PlanInputs<'a> {
    /// The settings.
    pub config: &'a Config,
    /// The output folder.
    pub out_dir: &'a std::path::Path,
    /// What to send.
    pub produced: &'a [Produced],
    /// What was delivered before.
    pub log: &'a DeliveryLog,
    /// The roster as it is now (addresses and passwords), if notices are mailed.
    pub roster: &'a [Employee],
}

/// `2026年11月` or `2026-11-18至2026-11-24`; none for a report covering no period.
fn period_label(config: &Config, report: &str, period: &str) -> Option<String> {
    let none = config
        .reports
        .get(report)
        .is_some_and(|r| r.period == PeriodRule::None);
    if none || period.is_empty() {
        return None;
    }
    Some(match period.parse::<Period>() {
        Ok(p) => p.label().replace(' ', ""),
        Err(_) => period.to_string(),
    })
}

/// The name a recipient sees for a report's file: `客服部月度扣款表_2026年11月.pdf`.
fn attachment_name(config: &Config, report: &str, label: Option<&str>, path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let title = if stem == report {
        crate::reports::registry::find(report).map_or(stem, |s| s.title)
    } else {
        DOCUMENT_TITLES
            .iter()
            .find(|(s, _)| *s == stem)
            .map_or(stem, |(_, t)| *t)
    };
    let dept = &config.company.department;
    let name = match label {
        Some(l) => format!("{dept}{title}_{l}"),
        None if title.starts_with(dept.as_str()) => title.to_string(),
        None => format!("{dept}{title}"),
    };
    let name = crate::output::safe_file_name(&name);
    if ext.is_empty() {
        name
    } else {
        format!("{name}.{ext}")
    }
}

/// The bytes of a file the run recorded, if it is still there with that hash.
fn checked_file(out_dir: &std::path::Path, path: &str, sha256: &str) -> Result<Arc<Vec<u8>>, Text> {
    let bytes = std::fs::read(out_dir.join(path)).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => crate::msg!("deliver.file_gone"),
        _ => crate::msg!("deliver.cannot_read_file", error = e.to_string()),
    })?;
    if sha256_hex(&bytes) != sha256 {
        return Err(crate::msg!("deliver.file_changed"));
    }
    Ok(Arc::new(bytes))
}

fn is_notice(path: &str) -> bool {
    path.split('/').any(|p| p == "notices")
}

/// Make the plan.
pub fn plan(inputs: &PlanInputs<'_>) -> Plan {
    let mut plan = Plan::default();
    for p in inputs.produced {
        plan_report(inputs, p, &mut plan);
    }
    let wants_notices = inputs
        .produced
        .iter()
        .any(|p| p.outcome.outputs.iter().any(|f| is_notice(&f.path)));
    if wants_notices && !inputs.config.mail.notices.send {
        plan.notes.push(crate::msg!("deliver.notices_not_mailed"));
    } else if wants_notices {
        let roster = Roster::new(inputs.roster);
        for p in inputs.produced {
            plan_notices(inputs, &roster, p, &mut plan);
        }
    }
    plan
}

fn plan_report(inputs: &PlanInputs<'_>, p: &Produced, plan: &mut Plan) {
    let o = &p.outcome;
    let config = inputs.config;
    let recipients = config.mail.reports.get(&o.report).cloned().unwrap_or_default();
    if recipients.is_empty() {
        return;
    }
    let label = period_label(config, &o.report, &o.period);
    let mut files = Vec::new();
    for f in o.outputs.iter().filter(|f| !is_notice(&f.path)) {
        match checked_file(inputs.out_dir, &f.path, &f.sha256) {
            Ok(bytes) => files.push(PlannedFile {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                name: attachment_name(config, &o.report, label.as_deref(), &f.path),
                bytes,
            }),
            Err(why) => plan.not_sent.push(NotSent {
                what: format!("{} {}: {}", o.report, o.period, f.path),
                why,
            }),
        }
    }
    let title = crate::reports::registry::find(&o.report).map_or(o.report.as_str(), |s| s.title);
    let dept = &config.company.department;
    for to in recipients {
        let mut correction = false;
        let mut missing = Vec::new();
        for f in &files {
            match inputs.log.earlier(&to, &f.path, &f.sha256) {
                Earlier::Same => plan.already_delivered += 1,
                Earlier::Other => {
                    correction = true;
                    missing.push(f.clone());
                }
                Earlier::Never => missing.push(f.clone()),
            }
        }
        if missing.is_empty() {
            continue;
        }
        let heading = match &label {
            Some(l) => format!("{dept}{title}（{l}）"),
            None => format!("{dept}{title}"),
        };
        plan.messages.push(PlannedMessage {
            kind: MessageKind::Report,
            run_date: p.run_date.clone(),
            report: o.report.clone(),
            period: o.period.clone(),
            to: to.trim().to_string(),
            who: None,
            subject: subject(&heading, correction),
            body: report_body(config, &heading, &missing, correction),
            files: missing,
            correction,
            password: None,
        });
    }
}

fn subject(heading: &str, correction: bool) -> String {
    if correction {
        format!("【更正】{heading}")
    } else {
        heading.to_string()
    }
}

fn signature(config: &Config) -> String {
    format!("{} {}", config.company.name, config.company.department)
}

fn report_body(config: &Config, heading: &str, files: &[PlannedFile], correction: bool) -> String {
    let mut b = String::from("您好：\n\n");
    b.push_str(&format!("附件是{heading}，共 {} 个文件：\n", files.len()));
    for f in files {
        b.push_str(&format!("  · {}\n", f.name));
    }
    if correction {
        b.push_str("\n本邮件更正此前发送的同名文件，请以本邮件所附文件为准。\n");
    }
    b.push_str(&format!(
        "\n{}\n（本邮件由 zhidu 按报表日程自动发送。）\n",
        signature(config)
    ));
    b
}

/// Why an employee's notice cannot be mailed, if it cannot.
fn unmailable(config: &Config, employee: Option<&Employee>) -> Option<Text> {
    let Some(e) = employee else {
        return Some(crate::msg!("deliver.not_on_roster"));
    };
    let column = config.mail.notices.password_column.trim();
    match e.email.as_deref() {
        None => return Some(crate::msg!("deliver.no_email")),
        Some(a) if !is_address(a) => return Some(crate::msg!("deliver.bad_email", address = a)),
        Some(_) => {}
    }
    if !column.is_empty() && e.notice_password.is_none() {
        return Some(crate::msg!("deliver.no_password", column = column));
    }
    None
}

fn plan_notices(inputs: &PlanInputs<'_>, roster: &Roster<'_>, p: &Produced, plan: &mut Plan) {
    let o = &p.outcome;
    let config = inputs.config;
    let label = period_label(config, &o.report, &o.period).unwrap_or_else(|| o.period.clone());
    for f in o.outputs.iter().filter(|f| is_notice(&f.path)) {
        let Some(owner) = o.notices.iter().find(|n| n.path == f.path) else {
            plan.not_sent.push(NotSent {
                what: f.path.clone(),
                why: crate::msg!("deliver.notice_owner_unknown"),
            });
            continue;
        };
        let who = format!("{} {}", owner.employee_id, owner.employee_name);
        let employee = roster.by_id(&owner.employee_id);
        if let Some(why) = unmailable(config, employee) {
            plan.not_sent.push(NotSent { what: who, why });
            continue;
        }
        let (Some(e), Ok(bytes)) = (employee, checked_file(inputs.out_dir, &f.path, &f.sha256)) else {
            let why = checked_file(inputs.out_dir, &f.path, &f.sha256)
                .err()
                .unwrap_or_else(|| crate::msg!("deliver.not_on_roster"));
            plan.not_sent.push(NotSent { what: who, why });
            continue;
        };
        let to = e.email.clone().unwrap_or_default();
        let correction = match inputs.log.earlier(&to, &f.path, &f.sha256) {
            Earlier::Same => {
                plan.already_delivered += 1;
                continue;
            }
            Earlier::Other => true,
            Earlier::Never => false,
        };
        let encrypted = !config.mail.notices.password_column.trim().is_empty();
        let password = e.notice_password.clone().filter(|_| encrypted);
        let heading = format!("{}扣款通知单（{label}）", config.company.department);
        let name = crate::output::safe_file_name(&format!(
            "{}扣款通知单_{label}_{}",
            config.company.department, owner.employee_id
        ));
        plan.messages.push(PlannedMessage {
            kind: MessageKind::Notice,
            run_date: p.run_date.clone(),
            report: o.report.clone(),
            period: o.period.clone(),
            to,
            who: Some(who),
            subject: subject(&heading, correction),
            body: notice_body(config, owner, &label, password.is_some(), correction),
            files: vec![PlannedFile {
                path: f.path.clone(),
                sha256: f.sha256.clone(),
                name: format!("{name}.pdf"),
                bytes,
            }],
            correction,
            password,
        });
    }
}

fn notice_body(
    config: &Config,
    owner: &NoticeOwner,
    label: &str,
    encrypted: bool,
    correction: bool,
) -> String {
    let mut b = format!("{}，您好：\n\n", owner.employee_name);
    b.push_str(&format!(
        "附件是您 {label} 的扣款通知单（工号 {}）。本期扣款合计 {}。\n",
        owner.employee_id,
        Fen(owner.total_fen)
    ));
    if correction {
        b.push_str("本通知更正此前发送的同期扣款通知单，请以本通知为准。\n");
    }
    b.push('\n');
    if encrypted {
        b.push_str(&format!(
            "附件为加密的 PDF 文件，请用 WPS、Adobe Acrobat Reader 或浏览器打开，打开时输入密码：您在员工花名册中登记的「{}」。\n",
            config.mail.notices.password_column.trim()
        ));
    } else {
        b.push_str("附件为 PDF 文件，可用 WPS、Adobe Acrobat Reader 或浏览器打开。\n");
    }
    let contact = config.mail.notices.contact.trim();
    let ask = if contact.is_empty() {
        config.company.department.clone()
    } else {
        contact.to_string()
    };
    b.push_str(&format!(
        "如对扣款有疑问，请联系{ask}。\n\n{}\n",
        signature(config)
    ));
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_employee_without_an_address_or_a_password_is_not_mailed() {
        let mut c = Config::default();
        let mut e = crate::rules::testkit::employee("K002", "李明轩", 420_000);
        assert_eq!(
            unmailable(&c, None).map(|t| t.en()).as_deref(),
            Some("no longer on the roster")
        );
        assert_eq!(
            unmailable(&c, Some(&e)).map(|t| t.en()).as_deref(),
            Some("no 邮箱 in the roster")
        );
        e.email = Some("k002@example.com".into());
        assert!(unmailable(&c, Some(&e))
            .is_some_and(|w| w.starts_with("no password in the roster's column 身份证后六位")));
        e.notice_password = Some("111785".into());
        assert_eq!(unmailable(&c, Some(&e)), None);
        e.notice_password = None;
        c.mail.notices.password_column = String::new();
        assert_eq!(
            unmailable(&c, Some(&e)),
            None,
            "unencrypted notices need no password"
        );
        e.email = Some("k002 at example".into());
        assert!(unmailable(&c, Some(&e)).is_some_and(|w| w.contains("is not an e-mail address")));
    }

    #[test]
    fn report_files_get_chinese_names_with_the_period() {
        let c = Config::default();
        let label = period_label(&c, "deductions", "2026-11");
        assert_eq!(label.as_deref(), Some("2026年11月"));
        assert_eq!(
            attachment_name(&c, "deductions", label.as_deref(), "2026-11/deductions.pdf"),
            "客服部月度扣款表_2026年11月.pdf"
        );
        assert_eq!(
            attachment_name(&c, "deductions", label.as_deref(), "2026-11/fund.xlsx"),
            "客服部部门活动经费台账_2026年11月.xlsx"
        );
        let week = period_label(&c, "weekly", "2026-11-18..2026-11-24");
        assert_eq!(week.as_deref(), Some("2026-11-18至2026-11-24"));
        assert_eq!(period_label(&c, "manual", "2026-12-01"), None);
        assert_eq!(
            attachment_name(&c, "manual", None, "manual/制度手册.pdf"),
            "客服部制度手册.pdf"
        );
    }
}
