//! What a set of documents says in brief, which a run records besides the files
//! (the run's page, the manifest, the runs log): its key figures and whose each
//! notice is. A report hands it to its [`DocumentSink`](super::stage::DocumentSink)
//! from what it computed for the documents, so nothing is computed twice.

/// One key figure of a report, as the run page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// What it is, in Chinese (`接通率`).
    pub label: String,
    /// Its value as shown (`71.43%`, `¥1,234.50`, `4.36`, `9`).
    pub value: String,
}

impl Figure {
    /// A figure with its label and value.
    pub fn new(label: &str, value: impl Into<String>) -> Figure {
        Figure {
            label: label.to_string(),
            value: value.into(),
        }
    }
}

/// Whose a notice is: the employee it was made for, and what it deducts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeOwner {
    /// The notice's path under the output folder (`2026-11/notices/K002-李明轩.pdf`).
    pub path: String,
    /// 工号.
    pub employee_id: String,
    /// 姓名.
    pub employee_name: String,
    /// 扣款合计 in fen, as the notice prints it.
    pub total_fen: i64,
}

/// A set's key figures and the owners of its notices, in the order they were made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetNote {
    /// The key figures.
    pub figures: Vec<Figure>,
    /// Whose each notice is.
    pub notices: Vec<NoticeOwner>,
}
