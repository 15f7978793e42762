//! `outputs/deliveries.jsonl`, the delivery log: one JSON line per message
//! `zhidu send` handed to the server (or tried to), appended under the run lock
//! and never rewritten. It is what makes sending safe to repeat: a file already
//! delivered to an address with the same SHA-256 is not sent there again, and a
//! file delivered before with another hash is a correction (「更正」).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use crate::output::lock::RunLock;
use crate::output::AppendOnly;

/// The delivery log's file name in the output folder.
pub const DELIVERY_LOG: &str = "deliveries.jsonl";

/// One file a message carried.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SentFile {
    /// The file under the output folder (`2026-11/notices/K002-李明轩.pdf`).
    pub path: String,
    /// SHA-256 of that file (for an encrypted notice: of the file in `outputs/`, not of the mailed copy).
    pub sha256: String,
    /// The name the recipient saw (`客服部扣款通知单_2026年11月.pdf`).
    pub name: String,
    /// Whether the mailed copy was encrypted with the recipient's password.
    #[serde(default)]
    pub encrypted: bool,
}

/// One line of `outputs/deliveries.jsonl`: one message to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeliveryRecord {
    /// When the server answered, UTC, RFC 3339.
    pub time: String,
    /// The run date whose documents these are (none for a document outside a calendar run).
    #[serde(default)]
    pub run_date: Option<String>,
    /// The report id (`deductions`).
    pub report: String,
    /// The period, as the runs log writes it (`2026-11`).
    pub period: String,
    /// `report` (a report's files to its readers) or `notice` (an employee's own notice).
    pub kind: String,
    /// The recipient's address.
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The files attached.
    pub files: Vec<SentFile>,
    /// Whether the server accepted the message.
    pub delivered: bool,
    /// The server's answer (`250 OK …`), or why the message did not go.
    pub answer: crate::i18n::Text,
}

/// Append-only writer of the delivery log, open while `send` holds the run lock.
#[derive(Debug)]
pub struct DeliveryLogWriter {
    log: AppendOnly,
}

impl DeliveryLogWriter {
    /// Open the delivery log of the locked output folder (never through a link).
    pub fn open(lock: &RunLock) -> anyhow::Result<DeliveryLogWriter> {
        let log = AppendOnly::open(&lock.out_dir().join(DELIVERY_LOG))
            .context(crate::msg!("deliver.log_unusable"))?;
        Ok(DeliveryLogWriter { log })
    }

    /// Append one record as one line.
    pub fn append(&mut self, record: &DeliveryRecord) -> anyhow::Result<()> {
        // Messages are recorded in English whatever the terminal speaks.
        let line = crate::i18n::RECORD_LANG.scoped(|| serde_json::to_string(record))?;
        self.log
            .append(&crate::output::term::json_safe(&line))
            .context(crate::msg!("deliver.not_recorded"))
    }
}

/// What the delivery log holds, indexed for the questions `send` asks.
#[derive(Debug, Clone, Default)]
pub struct DeliveryLog {
    /// Every readable line, oldest first.
    pub records: Vec<DeliveryRecord>,
    /// 1-based numbers of lines that are not a delivery record.
    pub unreadable_lines: Vec<usize>,
    /// (recipient in lower case, file path) → the hashes delivered there.
    delivered: BTreeMap<(String, String), Vec<String>>,
}

/// What the log says about one file for one recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Earlier {
    /// Never delivered there.
    Never,
    /// Delivered there with this very hash: nothing to do.
    Same,
    /// Delivered there before with another hash: this one corrects it.
    Other,
}

impl DeliveryLog {
    /// Read `<out_dir>/deliveries.jsonl` (a missing log has no deliveries).
    pub fn read(out_dir: &Path) -> anyhow::Result<DeliveryLog> {
        let path = out_dir.join(DELIVERY_LOG);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(e)
                    .with_context(|| crate::msg!("batch.cannot_read", path = path.display().to_string()))
            }
        };
        let mut log = DeliveryLog::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<DeliveryRecord>(line) {
                Ok(r) => log.add(r),
                Err(_) => log.unreadable_lines.push(i + 1),
            }
        }
        Ok(log)
    }

    /// Take a record in (as read, or just appended).
    pub fn add(&mut self, record: DeliveryRecord) {
        if record.delivered {
            for f in &record.files {
                self.delivered
                    .entry((record.recipient.to_lowercase(), f.path.clone()))
                    .or_default()
                    .push(f.sha256.clone());
            }
        }
        self.records.push(record);
    }

    /// Whether `path` with `sha256` has gone to `recipient` before.
    pub fn earlier(&self, recipient: &str, path: &str, sha256: &str) -> Earlier {
        match self.delivered.get(&(recipient.to_lowercase(), path.to_string())) {
            None => Earlier::Never,
            Some(h) if h.iter().any(|x| x == sha256) => Earlier::Same,
            Some(_) => Earlier::Other,
        }
    }

    /// The records of a run date, oldest first.
    pub fn of_run_date<'a>(&'a self, run_date: &'a str) -> impl Iterator<Item = &'a DeliveryRecord> + 'a {
        self.records
            .iter()
            .filter(move |r| r.run_date.as_deref() == Some(run_date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(to: &str, sha: &str, delivered: bool) -> DeliveryRecord {
        DeliveryRecord {
            time: "2026-12-01T06:30:04Z".into(),
            run_date: Some("2026-12-01".into()),
            report: "deductions".into(),
            period: "2026-11".into(),
            kind: "notice".into(),
            recipient: to.into(),
            subject: "扣款通知单".into(),
            files: vec![SentFile {
                path: "2026-11/notices/K002-李明轩.pdf".into(),
                sha256: sha.into(),
                name: "扣款通知单.pdf".into(),
                encrypted: true,
            }],
            delivered,
            answer: crate::i18n::Text::raw("250 OK"),
        }
    }

    #[test]
    fn only_what_was_delivered_counts_and_addresses_ignore_case() {
        let mut log = DeliveryLog::default();
        log.add(record("K002@example.com", "aa", true));
        log.add(record("k003@example.com", "aa", false));
        let path = "2026-11/notices/K002-李明轩.pdf";
        assert_eq!(log.earlier("k002@example.com", path, "aa"), Earlier::Same);
        assert_eq!(log.earlier("k002@example.com", path, "bb"), Earlier::Other);
        assert_eq!(log.earlier("k003@example.com", path, "aa"), Earlier::Never);
        assert_eq!(log.of_run_date("2026-12-01").count(), 2);
    }

    #[test]
    fn lines_are_appended_and_read_back_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().expect("dir");
        let lock = RunLock::acquire(dir.path(), std::time::Duration::ZERO, "test", |_| {}).expect("lock");
        let mut w = DeliveryLogWriter::open(&lock).expect("open");
        w.append(&record("k002@example.com", "aa", true)).expect("append");
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join(DELIVERY_LOG))
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"time\":"))
            .expect("torn line");
        w.append(&record("k003@example.com", "bb", true)).expect("append");
        let log = DeliveryLog::read(dir.path()).expect("read");
        assert_eq!(log.records.len(), 2);
        assert_eq!(log.unreadable_lines, vec![2]);
    }
}
