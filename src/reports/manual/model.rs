//! The parsed manual: chapters, sections, numbered clauses and their blocks, and the
//! settings each clause prints.

use serde::Serialize;

/// One setting a clause prints, with its current value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Binding {
    /// The key as written in `zhidu.toml`, e.g. `rules.attendance.late_rate_high` or
    /// `rules.pay.violation_fines[0]`.
    pub key: String,
    /// The current value as the manual prints it (`5`, `12.50`, `08:30`).
    pub value: String,
}

/// One block of a clause's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph {
        /// Its text.
        text: String,
    },
    /// A list.
    List {
        /// The items, each starting with its marker （一）（二）….
        items: Vec<String>,
    },
    /// A table with a header row.
    Table {
        /// `表 3　班次时间`.
        caption: String,
        /// Relative column widths from `@widths` (empty: from the content).
        widths: Vec<u32>,
        /// The header cells.
        header: Vec<String>,
        /// The body rows, each as long as the header.
        rows: Vec<Vec<String>>,
    },
}

/// One numbered clause (第X条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clause {
    /// 1-based position across the manual.
    pub number: u32,
    /// `第十二条`.
    pub label: String,
    /// The clause's short title, e.g. `迟到扣款`.
    pub title: String,
    /// The rule IDs it implements (may be empty).
    pub rule_ids: Vec<String>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Every setting the clause prints, in order of first use, each leaf once.
    pub bindings: Vec<Binding>,
    /// Source file under `templates/`.
    pub file: String,
    /// Line of the clause heading in the source file.
    pub line: usize,
}

/// A section (第X节) of a chapter; clauses before a chapter's first section have none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// `第一节`, or empty for the untitled lead-in of a chapter.
    pub label: String,
    /// The section title, or empty.
    pub title: String,
    /// Its clauses.
    pub clauses: Vec<Clause>,
}

/// A chapter (第X章), one per source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chapter {
    /// `第三章`.
    pub label: String,
    /// `班次与考勤`.
    pub title: String,
    /// Source file under `templates/`.
    pub file: String,
    /// Its sections (the first may be untitled).
    pub sections: Vec<Section>,
}

/// The whole manual, numbered, its figures filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manual {
    /// The chapters in order.
    pub chapters: Vec<Chapter>,
}

impl Manual {
    /// Every clause in order.
    pub fn clauses(&self) -> impl Iterator<Item = &Clause> {
        self.chapters
            .iter()
            .flat_map(|c| c.sections.iter())
            .flat_map(|s| s.clauses.iter())
    }

    pub(super) fn clauses_mut(&mut self) -> impl Iterator<Item = &mut Clause> {
        self.chapters
            .iter_mut()
            .flat_map(|c| c.sections.iter_mut())
            .flat_map(|s| s.clauses.iter_mut())
    }

    /// The manual as plain text (headings, clauses, lists, tables as `a | b` rows), for
    /// tests and for reading a manual without typesetting it.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for ch in &self.chapters {
            out.push_str(&format!("{}　{}\n", ch.label, ch.title));
            for s in &ch.sections {
                if !s.title.is_empty() {
                    out.push_str(&format!("{}　{}\n", s.label, s.title));
                }
                for c in &s.clauses {
                    out.push_str(&format!("{}　{}\n", c.label, c.title));
                    for b in &c.blocks {
                        match b {
                            Block::Paragraph { text } => out.push_str(&format!("{text}\n")),
                            Block::List { items } => {
                                for item in items {
                                    out.push_str(&format!("{item}\n"));
                                }
                            }
                            Block::Table {
                                caption,
                                header,
                                rows,
                                ..
                            } => {
                                out.push_str(&format!("{caption}\n{}\n", header.join(" | ")));
                                for r in rows {
                                    out.push_str(&format!("{}\n", r.join(" | ")));
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
