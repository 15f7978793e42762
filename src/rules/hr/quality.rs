//! The data-quality list: records a rule could not attribute (unknown employee,
//! punch outside every shift window, unknown shift code, …). Never dropped unseen:
//! every report that uses the rule lists them.

use serde::Serialize;

use crate::model::{EmployeeKey, Source, Unresolved};
use crate::rules::catalog::Rule;
use crate::rules::ledger::SourceCell;

/// One record a rule could not use, and why.
#[derive(Debug, Clone, Serialize)]
pub struct DataIssue {
    /// The rule that found it (ATT-1, ATT-4, PAY-2, …); serialised as its code.
    pub rule: Rule,
    /// What is wrong, in Chinese, with the value found.
    pub message: String,
    /// The cell concerned.
    pub cell: SourceCell,
}

impl DataIssue {
    /// An issue at a field of a record.
    pub fn new(rule: Rule, source: &Source, field: &'static str, message: impl Into<String>) -> DataIssue {
        DataIssue {
            rule,
            message: message.into(),
            cell: SourceCell::new(source, field),
        }
    }

    /// `file › sheet!C17: message`.
    pub fn describe(&self) -> String {
        format!("{}: {}", self.cell.locate(), self.message)
    }
}

/// A message for a key that did not resolve against the roster.
pub fn unresolved_message(key: &EmployeeKey, why: &Unresolved) -> String {
    match why {
        Unresolved::Unknown => format!("员工“{}”不在花名册中", key.label()),
        Unresolved::Ambiguous(ids) => format!(
            "姓名“{}”对应多名员工（{}），无法确定是谁",
            key.label(),
            ids.join("、")
        ),
        Unresolved::Mismatch { roster_name } => {
            format!(
                "工号与姓名不符：“{}”，花名册中该工号的姓名是“{roster_name}”",
                key.label()
            )
        }
    }
}
