//! `zhidu slip new`: give a new slip the next free number of its year and append
//! it to the slip register, one row per receiving department.
//!
//! The register is read by [`crate::ingest::register`] (the same header scan and
//! cell parser as every input), numbered by [`crate::rules::slips`], written back
//! by `workbook.rs` and replaced through [`crate::output`] after a backup
//! (`<register>.bak-<n>`) of the previous file was kept. Nothing is changed when
//! the register's numbers are ambiguous.

mod workbook;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};

use crate::config::Config;
use crate::error::UserError;
use crate::ingest::register::read_register;
use crate::model::{SlipClass, SlipNature, SlipRow, Source, SourceSheet};
use crate::rules::slips::{next_number, NextNumberError, NumberedRow};
use workbook::WrittenRegister;

/// A slip to add: what `zhidu slip new` was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSlip {
    /// 类别.
    pub class: SlipClass,
    /// 性质.
    pub nature: Option<SlipNature>,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门, one row each.
    pub to_depts: Vec<String>,
    /// 主题.
    pub subject: String,
    /// 工作要求.
    pub requirement: Option<String>,
    /// 发单日期.
    pub issue_date: NaiveDate,
    /// 要求完成日期.
    pub due_date: NaiveDate,
    /// 起草人.
    pub drafter: Option<String>,
    /// 替代编号: the original slip this counter-slip (反联络单) replaces.
    pub replaces: Option<String>,
}

/// What `add_slip` did.
#[derive(Debug, Clone)]
pub struct AddedSlip {
    /// The number given to the slip.
    pub number: String,
    /// The register's rows written, as register rows (for the form).
    pub rows: Vec<SlipRow>,
    /// The backup of the previous register, if there was one.
    pub backup: Option<PathBuf>,
}

/// Number a new slip, append one row per receiving department to the register
/// at `path` (`display` names it in messages), keep a backup of the previous
/// register and replace it atomically. Refuses, changing nothing, when the
/// register's numbers are malformed or duplicated.
pub fn add_slip(path: &Path, display: &str, config: &Config, slip: &NewSlip) -> anyhow::Result<AddedSlip> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" {
        return Err(UserError::Other(format!(
            "{display}: `zhidu slip new` writes .xlsx registers only (found .{ext}); set rules.slips.register to an .xlsx file"
        ))
        .into());
    }
    if slip.to_depts.is_empty() {
        return Err(UserError::Other("a slip needs at least one receiving department (--to)".into()).into());
    }
    let mut seen = Vec::new();
    for to in &slip.to_depts {
        if seen.contains(&to.trim()) {
            return Err(UserError::Other(format!("receiving department {to} is given twice")).into());
        }
        seen.push(to.trim());
    }
    if slip.due_date < slip.issue_date {
        return Err(UserError::Other(format!(
            "the due date {} is before the issue date {}",
            slip.due_date, slip.issue_date
        ))
        .into());
    }
    let pattern = &config.rules.slips.number_pattern;
    let existing = if path.exists() {
        Some(read_register(
            path,
            display,
            config.inputs.slips.sheet.as_deref(),
            &config.inputs.slips.aliases,
        )?)
    } else {
        None
    };
    let numbered: Vec<NumberedRow> = existing
        .as_ref()
        .map(|r| r.rows(display))
        .unwrap_or_default()
        .into_iter()
        .map(|r| NumberedRow {
            number: r.number,
            issue_date: r.issue_date,
            from_dept: r.from_dept,
            to_dept: r.to_dept,
            place: r.place,
        })
        .collect();
    if let Some(original) = &slip.replaces {
        if !numbered.iter().any(|r| r.number.trim() == original.trim()) {
            return Err(UserError::Other(format!(
                "{display}: --replaces {original}: no slip with that number in the register"
            ))
            .into());
        }
    }
    let number = next_number(&numbered, pattern, slip.issue_date.year()).map_err(|e| match e {
        NextNumberError::Ambiguous(_) => UserError::Other(format!("{display}: {e}")),
        NextNumberError::Exhausted { .. } => UserError::Other(e.to_string()),
    })?;
    let WrittenRegister {
        bytes,
        sheet,
        columns,
        rows,
    } = workbook::register_bytes(existing.as_ref(), slip, &number)?;
    let backup = if existing.is_some() {
        Some(crate::output::keep_backup(path).with_context(|| format!("cannot keep a backup of {display}"))?)
    } else {
        None
    };
    crate::output::write_file(path, &bytes)?;

    let source_sheet = Arc::new(SourceSheet {
        file: display.to_string(),
        sheet,
        columns: columns.iter().map(|(k, v)| (*k, *v)).collect(),
    });
    let slip_rows = slip
        .to_depts
        .iter()
        .zip(rows)
        .map(|(to, row)| SlipRow {
            number: number.clone(),
            class: slip.class,
            nature: slip.nature,
            from_dept: slip.from_dept.clone(),
            to_dept: to.clone(),
            subject: slip.subject.clone(),
            requirement: slip.requirement.clone(),
            issue_date: slip.issue_date,
            due_date: slip.due_date,
            signed_date: None,
            reply_date: None,
            completed_date: None,
            evaluation: None,
            replaces: slip.replaces.clone(),
            drafter: slip.drafter.clone(),
            dept_manager: None,
            division_leader: None,
            chief_leader: None,
            audit_head: None,
            no_inquiry_days: None,
            issuer_shirked: None,
            source: Source {
                sheet: source_sheet.clone(),
                row: row + 1,
            },
        })
        .collect();
    Ok(AddedSlip {
        number,
        rows: slip_rows,
        backup,
    })
}

/// The register `slip new` writes: `rules.slips.register`, else the slips input's path.
pub fn register_path(config: &Config) -> anyhow::Result<String> {
    let rel = config
        .rules
        .slips
        .register
        .clone()
        .unwrap_or_else(|| config.inputs.slips.path.clone());
    if rel.contains(['*', '?', '[']) {
        return Err(UserError::Config(format!(
            "inputs.slips.path = \"{rel}\" is a pattern; set rules.slips.register to the one register file `zhidu slip new` appends to"
        ))
        .into());
    }
    Ok(rel)
}
