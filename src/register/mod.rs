//! `zhidu slip new`: give a new slip the next free number of its year and append
//! it to the slip register, one row per receiving department.
//!
//! The register (followed to its target when it is a symbolic link) is locked
//! (`lock.rs`, `.<name>.lock` beside it) from reading to replacing, so concurrent
//! calls wait for each other and never give a number twice. It is read by
//! `read.rs` with the same header scan and cell parser as every input, numbered by
//! [`crate::rules::slips`], and the new rows are added by editing the register
//! sheet's XML inside the package (`append.rs`, `sheet.rs`), every other part of
//! the workbook kept byte for byte. A backup (`<register>.bak-<n>`) of the
//! previous file is kept and the register replaced through [`crate::output`],
//! keeping its permissions and owner. Nothing is changed when the register's
//! numbers are ambiguous. Only .xlsx registers are written.

mod append;
mod create;
mod lock;
mod package;
mod read;
mod sheet;
mod styles;
mod xml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use chrono::{Datelike, NaiveDate};

use crate::config::Config;
use crate::error::UserError;
use crate::model::NumberPattern;
use crate::model::{SlipClass, SlipNature, SlipRow, Source, SourceSheet};
use crate::rules::slips::{next_number, NextNumberError, NumberedRow};
use append::{OpenRegister, WrittenRegister};
use read::RegisterRow;

/// Largest register file read, in bytes.
const MAX_REGISTER_BYTES: u64 = 256 << 20;

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
        return Err(UserError::other(crate::msg!("register.not_xlsx", file = display, ext = &ext)).into());
    }
    if slip.to_depts.is_empty() {
        return Err(UserError::other(crate::msg!("register.no_receiver")).into());
    }
    let mut seen = Vec::new();
    for to in &slip.to_depts {
        if seen.contains(&to.trim()) {
            return Err(UserError::other(crate::msg!("register.receiver_twice", department = to)).into());
        }
        seen.push(to.trim());
    }
    if slip.due_date < slip.issue_date {
        return Err(UserError::other(crate::msg!(
            "register.due_before_issue",
            due = slip.due_date.to_string(),
            issue = slip.issue_date.to_string()
        ))
        .into());
    }
    let pattern = &config.rules.slips.number_pattern;

    let target = crate::output::link_target(path)?;
    let _lock = lock::RegisterLock::acquire(&target)?;
    // Holding the lock, no other write of the register is under way: staged files
    // beside it are what a killed run left.
    crate::output::remove_leftover_temps(&target)?;
    let existing = match std::fs::symlink_metadata(&target) {
        Ok(m) if !m.is_file() => {
            return Err(UserError::other(crate::msg!("register.not_a_file", file = display)).into());
        }
        Ok(m) if m.len() > MAX_REGISTER_BYTES => {
            return Err(UserError::other(crate::msg!(
                "register.too_large",
                file = display,
                mib = MAX_REGISTER_BYTES >> 20
            ))
            .into());
        }
        Ok(_) => {
            Some(std::fs::read(&target).with_context(|| crate::msg!("output.cannot_read", path = display))?)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| crate::msg!("output.cannot_read", path = display)),
    };
    let (number, written, backup) = match &existing {
        Some(bytes) => {
            let register = OpenRegister::open(
                bytes,
                display,
                config.inputs.slips.sheet.as_deref(),
                &config.inputs.slips.aliases,
            )?;
            let number = number_for(register.rows(), display, pattern, slip)?;
            let written = register.append(slip, &number)?;
            let backup = crate::output::keep_backup(&target)
                .with_context(|| crate::msg!("register.cannot_keep_backup", file = display))?;
            crate::output::replace_file(&target, &written.bytes)?;
            (number, written, Some(backup))
        }
        None => {
            let number = number_for(&[], display, pattern, slip)?;
            let written = create::new_register(slip, &number)?;
            crate::output::replace_file(&target, &written.bytes)?;
            (number, written, None)
        }
    };
    let WrittenRegister {
        sheet, columns, rows, ..
    } = written;
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

/// The next number for `slip` given the register's rows; refuses an ambiguous
/// register and a counter-slip whose original is not in it.
fn number_for(
    rows: &[RegisterRow],
    display: &str,
    pattern: &NumberPattern,
    slip: &NewSlip,
) -> anyhow::Result<String> {
    let numbered: Vec<NumberedRow> = rows
        .iter()
        .map(|r| NumberedRow {
            number: r.number.clone(),
            issue_date: r.issue_date,
            from_dept: r.from_dept.clone(),
            to_dept: r.to_dept.clone(),
            place: r.place.clone(),
        })
        .collect();
    if let Some(original) = &slip.replaces {
        if !numbered.iter().any(|r| r.number.trim() == original.trim()) {
            return Err(UserError::other(crate::msg!(
                "register.replaces_unknown",
                file = display,
                number = original
            ))
            .into());
        }
    }
    Ok(
        next_number(&numbered, pattern, slip.issue_date.year()).map_err(|e| match e {
            NextNumberError::Ambiguous(_) => {
                UserError::other(crate::msg!("register.at", file = display, error = e.message()))
            }
            NextNumberError::Exhausted { .. } => UserError::other(e.message()),
        })?,
    )
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
        return Err(UserError::config(crate::msg!("register.path_is_pattern", path = &rel)).into());
    }
    Ok(rel)
}
