//! 问卷星 (wjx) survey exports. The text export (按选项文本) writes each answer as
//! its option's text (`4分`, `非常满意`, `(跳过)`); the codes export (按选项序号)
//! writes the option's number instead (1 = the first option listed, `-3` skipped,
//! `-2` not shown), which is not the score: it is mapped through the question's
//! scale (`score_map`, or the scale read from a text export of the same survey,
//! `score_map_from`), and without one the column is refused.

use std::collections::BTreeMap;
use std::path::Path;

use std::fs::File;
use std::io::BufReader;

use calamine::{open_workbook_auto, Data, DataRef, Reader, Xlsb, Xlsx};

use super::cell;
use super::header;
use super::limits::{self, Limits};
use super::sheet::{view, RowCollector, RowSink, MAX_COLLECTED_CELLS};
use super::stream::{collect_first_sheet, said};
use crate::config::InputSpec;
use crate::i18n::Text;
use crate::model::source::column_letters;
use crate::msg;

/// How a survey sheet's score column is read.
#[derive(Debug, Clone)]
pub enum Scale {
    /// A score as written: 1–5, `4分`, 非常满意 … (any survey table).
    Written,
    /// A 问卷星 text export: answers are option texts; a bare number cell means
    /// a codes export was given as text and is refused.
    WjxText,
    /// A 问卷星 codes export: option number → score.
    Codes(BTreeMap<i64, u8>),
}

/// The answers of a text export of the same survey, by 序号: the answer's text
/// and where it is (`file › sheet!H5`).
#[derive(Debug, Clone, Default)]
pub struct TextAnswers {
    /// 序号 → (answer text, `None` when blank; its place).
    pub by_serial: BTreeMap<String, (Option<String>, String)>,
    /// The text export, as named in messages.
    pub file: String,
}

/// Whether a value is an option number (a number cell, or digits with an
/// optional minus sign), as codes exports write answers.
pub fn is_option_number(c: &DataRef<'_>) -> bool {
    match c {
        DataRef::Int(_) => true,
        DataRef::Float(x) => x.fract() == 0.0,
        DataRef::String(_) | DataRef::SharedString(_) => cell::str_of(c).is_some_and(|t| {
            let d = t.strip_prefix('-').unwrap_or(&t);
            !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
        }),
        _ => false,
    }
}

/// An option number, `None` for no answer (blank, `-3` skipped, `-2` not shown).
pub fn option_number(c: &DataRef<'_>) -> Result<Option<i64>, Text> {
    let n = match c {
        DataRef::Int(i) => *i,
        DataRef::Float(x) => {
            super::text::float_to_int(*x).ok_or_else(|| msg!("wjx.not_an_option", value = cell::show(c)))?
        }
        _ => match cell::str_of(c) {
            None => return Ok(None),
            Some(t) => t
                .trim()
                .parse::<i64>()
                .map_err(|_| msg!("wjx.not_an_option_text", value = cell::show(c)))?,
        },
    };
    Ok((n > 0).then_some(n))
}

/// Whether the sheet is a codes export: the first answers of the score column are
/// option numbers, or a header splits a multiple-choice question into one column
/// per option (`第3题(…)`).
pub fn is_codes_export(labels: &[String], data: &[&[Data]], score_col: usize) -> bool {
    if labels.iter().any(|l| {
        l.strip_prefix('第')
            .and_then(|r| r.split_once("题("))
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }) {
        return true;
    }
    data.iter()
        .filter_map(|row| row.get(score_col))
        .map(view)
        .find(|c| !cell::is_blank(c))
        .is_some_and(|c| is_option_number(&c))
}

/// The option number → score map of `score_map`, checked.
pub fn score_map(spec: &InputSpec) -> BTreeMap<i64, u8> {
    spec.score_map
        .iter()
        .filter_map(|(k, v)| Some((k.trim().parse().ok()?, u8::try_from(*v).ok()?)))
        .collect()
}

/// The message refusing a codes column without a map.
pub fn needs_map(score_col: u32, header: &str, row: u32) -> Text {
    msg!(
        "wjx.needs_map",
        column = column_letters(score_col),
        header = header::quote(&header::one_line(header)),
        row = row
    )
}

/// Read the answers of the score question from a text export of the same survey
/// (held to the same limits as the inputs).
pub fn read_text_answers(
    path: &Path,
    shown: &str,
    spec: &InputSpec,
    limits: &Limits,
) -> Result<TextAnswers, Text> {
    let needle = spec.score_column.as_deref().unwrap_or_default();
    let rows = table_rows(path, limits).map_err(|e| msg!("wjx.in_file", file = shown, error = e))?;
    let labels = |cells: &[Data]| -> Vec<String> { cells.iter().map(header::label).collect() };
    let Some((h, score_col, serial_col)) = rows.iter().take(10).enumerate().find_map(|(i, (_, _, cells))| {
        let l = labels(cells);
        let serial = l.iter().position(|x| x == "序号")?;
        let score = l.iter().position(|x| !needle.is_empty() && x.contains(needle))?;
        Some((i, score, serial))
    }) else {
        return Err(msg!("wjx.no_header", file = shown, column = needle));
    };
    let mut out = TextAnswers {
        by_serial: BTreeMap::new(),
        file: shown.to_string(),
    };
    for (sheet, row, cells) in rows.iter().skip(h + 1) {
        let Some(serial) = cells.get(serial_col).map(header::label).filter(|s| !s.is_empty()) else {
            continue;
        };
        let answer = cells.get(score_col).map(view).and_then(|c| cell::text_of(&c));
        let place = format!("{shown} › {sheet}!{}{row}", column_letters(score_col as u32));
        out.by_serial.insert(serial, (answer, place));
    }
    Ok(out)
}

/// Every row of a file read as one table: its sheet, its 1-based row number and
/// its cells; within the limits of `[check]` and [`MAX_COLLECTED_CELLS`].
fn table_rows(path: &Path, limits: &Limits) -> Result<Vec<(String, u32, Vec<Data>)>, Text> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let held = |name: String, rows: RowCollector| {
        if rows.overflow {
            return Err(msg!(
                "wjx.too_many_cells",
                max = limits::group(MAX_COLLECTED_CELLS)
            ));
        }
        Ok(rows
            .rows
            .into_iter()
            .map(|(r, cells)| (name.clone(), r, cells))
            .collect())
    };
    match ext.as_str() {
        "csv" | "txt" => {
            limits.check_file_size(path)?;
            let bytes =
                std::fs::read(path).map_err(|e| msg!("wjx.cannot_read_file", error = e.to_string()))?;
            let text = super::read::decode(&bytes)
                .map_err(|e| {
                    e.into_iter()
                        .reduce(|a, b| msg!("wjx.and_also", first = a, next = b))
                        .unwrap_or_else(|| Text::raw(""))
                })?
                .0;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(super::read::sniff_delimiter(&text))
                .from_reader(text.as_bytes());
            let mut rows = RowCollector::default();
            for (i, r) in rdr.records().enumerate() {
                let rec = r.map_err(|e| msg!("wjx.bad_csv", error = e.to_string()))?;
                let cells: Vec<DataRef<'_>> = rec.iter().map(DataRef::SharedString).collect();
                rows.row(u32::try_from(i + 1).unwrap_or(u32::MAX), &cells);
            }
            held(stem, rows)
        }
        "xlsx" | "xlsm" | "xlsb" | "ods" => {
            limits::scan_package(path, limits)?;
            let (name, rows) = match ext.as_str() {
                "ods" => {
                    let mut rows = RowCollector::default();
                    let name = super::ods::read_first_sheet(path, &mut rows, limits)?;
                    (name, rows)
                }
                "xlsb" => collect_first_sheet::<Xlsb<BufReader<File>>>(path)?,
                _ => collect_first_sheet::<Xlsx<BufReader<File>>>(path)?,
            };
            held(name, rows)
        }
        _ => {
            limits.check_file_size(path)?;
            let mut wb =
                open_workbook_auto(path).map_err(|e| msg!("wjx.cannot_open_workbook", error = said(&e)))?;
            let name = wb.sheet_names().first().cloned().unwrap_or_default();
            let range = wb.worksheet_range(&name).map_err(|e| {
                msg!(
                    "wjx.cannot_read_sheet",
                    sheet = header::one_line(&name),
                    error = said(&e)
                )
            })?;
            let first = range.start().map_or(0, |(r, _)| r);
            Ok(range
                .rows()
                .enumerate()
                .map(|(i, r)| (name.clone(), first + i as u32 + 1, r.to_vec()))
                .collect())
        }
    }
}

/// Derive option number → score from pairs of (option number, text answer):
/// every number must always give the same score.
pub fn derive_map(
    pairs: &[(i64, String, String)],
    given: &BTreeMap<i64, u8>,
) -> Result<BTreeMap<i64, u8>, Text> {
    let mut map: BTreeMap<i64, (u8, String)> = given
        .iter()
        .map(|(k, v)| (*k, (*v, "score_map".to_string())))
        .collect();
    for (n, text, place) in pairs {
        let score = match super::kinds::score(&DataRef::SharedString(text)) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(m) => {
                return Err(msg!(
                    "wjx.not_the_score_question",
                    place = place,
                    option = *n,
                    reads = m
                ))
            }
        };
        match map.get(n) {
            Some((s, _)) if *s == score => {}
            Some((s, from)) => {
                return Err(msg!(
                    "wjx.not_the_same_survey",
                    place = place,
                    option = *n,
                    here = header::quote(text),
                    score = *s,
                    from = from
                ))
            }
            None => {
                map.insert(*n, (score, place.clone()));
            }
        }
    }
    Ok(map.into_iter().map(|(k, (v, _))| (k, v)).collect())
}
