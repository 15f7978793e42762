//! `zhidu slip form` (print the form of a slip, or of every slip issued in a
//! period) and `zhidu slip new` (number a new slip, append it to the register,
//! print its form).
//!
//! `slip new` never changes or loses a row: it reads every cell of every sheet
//! of the register, writes them back unchanged with the new row(s) after the
//! last, keeps the previous file as `<register>.bak-<n>`, and replaces the
//! register atomically. It refuses when the register's numbers are ambiguous.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use calamine::{Data, Range, Reader};
use chrono::{Datelike, NaiveDate};

use crate::cli::{Cli, SlipCommand};
use crate::config::{Config, Project};
use crate::error::{Exit, UserError};
use crate::ingest::header::SLIPS;
use crate::ingest::text::normalize_header;
use crate::model::Period;
use crate::model::{SlipClass, SlipNature, SlipRow, Source, SourceSheet};
use crate::output::OutputFile;
use crate::reports;
use crate::rules::slips::{next_number, NextNumberError, NumberPattern, NumberedRow};

/// Columns a register must have for `slip new` to fill a row.
const REQUIRED: &[&str] = &[
    "编号",
    "类别",
    "发单部门",
    "收单部门",
    "主题",
    "发单日期",
    "要求完成日期",
];

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

/// The register workbook: every sheet's cells, and where the register table is.
struct Register {
    sheets: Vec<(String, Range<Data>)>,
    sheet: usize,
    header_row: u32,
    /// Canonical column → absolute 0-based column.
    columns: BTreeMap<&'static str, u32>,
    /// Rows after the header holding any value (absolute 0-based).
    data_rows: Vec<u32>,
}

fn cell_text(v: &Data) -> String {
    match v {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        other => other.to_string(),
    }
}

fn cell_date(v: &Data) -> Option<NaiveDate> {
    match v {
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
        }
        Data::String(s) | Data::DateTimeIso(s) => {
            let t = s.trim();
            let t = t
                .get(..10)
                .filter(|_| t.len() > 10 && t.is_char_boundary(10))
                .unwrap_or(t);
            ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        }
        _ => None,
    }
}

impl Register {
    fn read(
        path: &Path,
        display: &str,
        wanted_sheet: Option<&str>,
        config: &Config,
    ) -> anyhow::Result<Register> {
        let mut book = calamine::open_workbook_auto(path)
            .map_err(|e| UserError::Other(format!("{display}: cannot open the slip register: {e}")))?;
        let mut sheets = Vec::new();
        for name in book.sheet_names() {
            let range = book
                .worksheet_range(&name)
                .map_err(|e| UserError::Other(format!("{display} › {name}: cannot read the sheet: {e}")))?;
            sheets.push((name, range));
        }
        let aliases = &config.inputs.slips.aliases;
        for (i, (name, range)) in sheets.iter().enumerate() {
            if wanted_sheet.is_some_and(|w| w != name) {
                continue;
            }
            let Some((r0, c0)) = range.start() else { continue };
            let Some((r1, c1)) = range.end() else { continue };
            for r in r0..=r1.min(r0 + 9) {
                let mut columns = BTreeMap::new();
                for c in c0..=c1 {
                    let Some(v) = range.get_value((r, c)) else {
                        continue;
                    };
                    let h = normalize_header(&cell_text(v));
                    if h.is_empty() {
                        continue;
                    }
                    for field in SLIPS {
                        let extra = aliases.get(field.key).map(Vec::as_slice).unwrap_or(&[]);
                        let names = std::iter::once(field.key)
                            .chain(field.aliases.iter().copied())
                            .chain(extra.iter().map(String::as_str));
                        if names.map(normalize_header).any(|n| n == h) {
                            columns.entry(field.key).or_insert(c);
                        }
                    }
                }
                if columns.contains_key("编号") && columns.len() >= 3 {
                    let data_rows = (r + 1..=r1)
                        .filter(|&row| {
                            (c0..=c1).any(|c| {
                                range
                                    .get_value((row, c))
                                    .is_some_and(|v| !cell_text(v).is_empty())
                            })
                        })
                        .collect();
                    return Ok(Register {
                        sheets,
                        sheet: i,
                        header_row: r,
                        columns,
                        data_rows,
                    });
                }
            }
        }
        Err(UserError::Other(format!(
            "{display}: no sheet{} has a header row with 编号 and the other slip columns in its first 10 rows",
            wanted_sheet.map(|s| format!(" named {s}")).unwrap_or_default()
        ))
        .into())
    }

    fn sheet_name(&self) -> &str {
        &self.sheets[self.sheet].0
    }

    fn numbered_rows(&self, display: &str) -> Vec<NumberedRow> {
        let range = &self.sheets[self.sheet].1;
        let get = |row: u32, col: &str| {
            self.columns
                .get(col)
                .and_then(|&c| range.get_value((row, c)))
                .cloned()
                .unwrap_or(Data::Empty)
        };
        let number_col = self.columns.get("编号").copied().unwrap_or(0);
        self.data_rows
            .iter()
            .map(|&row| NumberedRow {
                number: cell_text(&get(row, "编号")),
                issue_date: cell_date(&get(row, "发单日期")),
                from_dept: cell_text(&get(row, "发单部门")),
                to_dept: cell_text(&get(row, "收单部门")),
                place: format!(
                    "{display} › {}!{}{}",
                    self.sheet_name(),
                    crate::model::source::column_letters(number_col),
                    row + 1
                ),
            })
            .collect()
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    anyhow::anyhow!("cannot write the register workbook: {e}")
}

/// Write one cell read by calamine back with rust_xlsxwriter, keeping its value and type.
fn write_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    v: &Data,
    formats: &CellFormats,
) -> anyhow::Result<()> {
    use rust_xlsxwriter::ExcelDateTime;
    match v {
        Data::Empty => {}
        Data::String(s) => {
            ws.write_string(row, col, s).map_err(xlsx_err)?;
        }
        Data::Int(i) => {
            ws.write_number(row, col, *i as f64).map_err(xlsx_err)?;
        }
        Data::Float(f) => {
            ws.write_number(row, col, *f).map_err(xlsx_err)?;
        }
        Data::Bool(b) => {
            ws.write_boolean(row, col, *b).map_err(xlsx_err)?;
        }
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            let (value, format) = if y >= 1900 {
                let date = ExcelDateTime::from_ymd(y, mo, d).map_err(xlsx_err)?;
                if (h, mi, s, ms) == (0, 0, 0, 0) {
                    (date, &formats.date)
                } else {
                    (
                        date.and_hms_milli(u16::from(h), mi, s, ms).map_err(xlsx_err)?,
                        &formats.datetime,
                    )
                }
            } else {
                (
                    ExcelDateTime::from_serial_datetime(dt.as_f64().fract()).map_err(xlsx_err)?,
                    &formats.time,
                )
            };
            ws.write_datetime_with_format(row, col, &value, format)
                .map_err(xlsx_err)?;
        }
        Data::DateTime(dt) => {
            ws.write_number_with_format(row, col, dt.as_f64(), &formats.duration)
                .map_err(xlsx_err)?;
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => {
            ws.write_string(row, col, s).map_err(xlsx_err)?;
        }
        Data::Error(e) => {
            ws.write_string(row, col, e.to_string()).map_err(xlsx_err)?;
        }
    }
    Ok(())
}

struct CellFormats {
    date: rust_xlsxwriter::Format,
    datetime: rust_xlsxwriter::Format,
    time: rust_xlsxwriter::Format,
    duration: rust_xlsxwriter::Format,
    header: rust_xlsxwriter::Format,
}

impl CellFormats {
    fn new() -> CellFormats {
        use rust_xlsxwriter::Format;
        CellFormats {
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            time: Format::new().set_num_format("hh:mm:ss"),
            duration: Format::new().set_num_format("[h]:mm:ss"),
            header: Format::new().set_bold(),
        }
    }
}

fn col16(c: u32) -> anyhow::Result<u16> {
    u16::try_from(c).map_err(|_| anyhow::anyhow!("column {c} is beyond the worksheet"))
}

/// The values of one new register row, by canonical column.
fn new_row_values(slip: &NewSlip, number: &str, to: &str) -> Vec<(&'static str, NewValue)> {
    let mut v = vec![
        ("编号", NewValue::Text(number.to_string())),
        ("类别", NewValue::Text(format!("{:?}", slip.class))),
        ("发单部门", NewValue::Text(slip.from_dept.clone())),
        ("收单部门", NewValue::Text(to.to_string())),
        ("主题", NewValue::Text(slip.subject.clone())),
        ("发单日期", NewValue::Date(slip.issue_date)),
        ("要求完成日期", NewValue::Date(slip.due_date)),
    ];
    if let Some(n) = slip.nature {
        v.push(("性质", NewValue::Text(n.label().into())));
    }
    if let Some(r) = &slip.requirement {
        v.push(("工作要求", NewValue::Text(r.clone())));
    }
    if let Some(d) = &slip.drafter {
        v.push(("起草人", NewValue::Text(d.clone())));
    }
    if let Some(r) = &slip.replaces {
        v.push(("替代编号", NewValue::Text(r.clone())));
    }
    v
}

enum NewValue {
    Text(String),
    Date(NaiveDate),
}

/// The register as written: its bytes, the register sheet, its columns, the new rows (0-based).
struct WrittenRegister {
    bytes: Vec<u8>,
    sheet: String,
    columns: BTreeMap<&'static str, u32>,
    rows: Vec<u32>,
}

/// The register workbook with the new rows, as XLSX bytes, and the columns used.
fn register_bytes(
    existing: Option<&Register>,
    slip: &NewSlip,
    number: &str,
) -> anyhow::Result<WrittenRegister> {
    let formats = CellFormats::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let (sheet_name, mut columns, first_new_row) = match existing {
        Some(reg) => {
            let last = reg.sheets[reg.sheet]
                .1
                .end()
                .map(|(r, _)| r)
                .unwrap_or(reg.header_row)
                .max(reg.header_row);
            (reg.sheet_name().to_string(), reg.columns.clone(), last + 1)
        }
        None => {
            let cols = SLIPS
                .iter()
                .enumerate()
                .map(|(i, field)| (field.key, i as u32))
                .collect();
            ("工作联系单登记".to_string(), cols, 1)
        }
    };
    // Optional columns the new row needs but the register lacks go after its last column.
    let mut added_headers: Vec<(u32, &'static str)> = Vec::new();
    if let Some(reg) = existing {
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| !reg.columns.contains_key(c))
            .collect();
        if !missing.is_empty() {
            return Err(UserError::Other(format!(
                "the slip register's sheet {} has no column {} (header row {}); add it before using `zhidu slip new`",
                reg.sheet_name(),
                missing.join(", "),
                reg.header_row + 1
            ))
            .into());
        }
        let mut next_col = reg.sheets[reg.sheet].1.end().map(|(_, c)| c + 1).unwrap_or(0);
        for (canon, _) in new_row_values(slip, number, "") {
            if let std::collections::btree_map::Entry::Vacant(e) = columns.entry(canon) {
                e.insert(next_col);
                added_headers.push((next_col, canon));
                next_col += 1;
            }
        }
    }

    let mut written_rows = Vec::new();
    let sheet_count = existing.map(|r| r.sheets.len()).unwrap_or(1);
    for s in 0..sheet_count {
        let ws = book.add_worksheet();
        let is_register = existing.map(|r| r.sheet == s).unwrap_or(true);
        match existing {
            Some(reg) => {
                let (name, range) = &reg.sheets[s];
                ws.set_name(name).map_err(xlsx_err)?;
                if let Some((r0, c0)) = range.start() {
                    for (r, c, v) in range.used_cells() {
                        write_cell(ws, r0 + r as u32, col16(c0 + c as u32)?, v, &formats)?;
                    }
                }
                if is_register {
                    for (c, canon) in &added_headers {
                        ws.write_string_with_format(reg.header_row, col16(*c)?, *canon, &formats.header)
                            .map_err(xlsx_err)?;
                    }
                }
            }
            None => {
                ws.set_name(&sheet_name).map_err(xlsx_err)?;
                for (canon, c) in &columns {
                    ws.write_string_with_format(0, col16(*c)?, *canon, &formats.header)
                        .map_err(xlsx_err)?;
                }
            }
        }
        if is_register {
            for c in columns.values() {
                ws.set_column_width(col16(*c)?, 14).map_err(xlsx_err)?;
            }
            for (k, to) in slip.to_depts.iter().enumerate() {
                let row = first_new_row + k as u32;
                for (canon, value) in new_row_values(slip, number, to) {
                    let c = col16(columns.get(canon).copied().unwrap_or(0))?;
                    match value {
                        NewValue::Text(t) => {
                            ws.write_string(row, c, t).map_err(xlsx_err)?;
                        }
                        NewValue::Date(d) => {
                            let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                                u16::try_from(d.year()).unwrap_or(1900),
                                d.month() as u8,
                                d.day() as u8,
                            )
                            .map_err(xlsx_err)?;
                            ws.write_datetime_with_format(row, c, &dt, &formats.date)
                                .map_err(xlsx_err)?;
                        }
                    }
                }
                written_rows.push(row);
            }
        }
    }
    let bytes = book.save_to_buffer().map_err(xlsx_err)?;
    Ok(WrittenRegister {
        bytes,
        sheet: sheet_name,
        columns,
        rows: written_rows,
    })
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
    let pattern = NumberPattern::parse(&config.rules.slips.number_pattern)
        .map_err(|e| UserError::Config(format!("rules.slips.number_pattern: {e}")))?;
    let existing = if path.exists() {
        Some(Register::read(
            path,
            display,
            config.inputs.slips.sheet.as_deref(),
            config,
        )?)
    } else {
        None
    };
    let numbered = existing
        .as_ref()
        .map(|r| r.numbered_rows(display))
        .unwrap_or_default();
    if let Some(original) = &slip.replaces {
        if !numbered.iter().any(|r| r.number.trim() == original.trim()) {
            return Err(UserError::Other(format!(
                "{display}: --replaces {original}: no slip with that number in the register"
            ))
            .into());
        }
    }
    let number = next_number(&numbered, &pattern, slip.issue_date.year()).map_err(|e| match e {
        NextNumberError::Ambiguous(_) => UserError::Other(format!("{display}: {e}")),
        NextNumberError::Exhausted { .. } => UserError::Other(e.to_string()),
    })?;
    let WrittenRegister {
        bytes,
        sheet,
        columns,
        rows,
    } = register_bytes(existing.as_ref(), slip, &number)?;
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

/// Today's date in China Standard Time (UTC+8, no daylight saving), for `slip new` without `--date`.
fn today_cst() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs + 8 * 3600) / 86_400;
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

fn parse_date(flag: &str, text: &str) -> Result<NaiveDate, UserError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| UserError::Other(format!("{flag} \"{text}\" is not a date (expected YYYY-MM-DD)")))
}

/// Say on stderr when a number to print is also used by rows that are not part of its slip.
fn warn_duplicates(rows: &[SlipRow], numbers: &[String]) {
    let numbered: Vec<NumberedRow> = rows.iter().map(NumberedRow::of).collect();
    let grouping = crate::rules::slips::group_rows(&numbered);
    for d in &grouping.duplicates {
        if numbers.iter().any(|n| n.trim() == numbered[d.row].number) {
            eprintln!(
                "warning: {}: {} is also used here ({}); this row is not on the form of the slip at {}",
                numbered[d.row].place,
                numbered[d.row].number,
                d.reason.label(),
                numbered[d.first_row].place
            );
        }
    }
}

/// The register's rows, read by the ingest layer; refuses when the slips input has errors.
pub fn load_slips(project: &Project) -> anyhow::Result<Vec<SlipRow>> {
    let loaded = crate::ingest::load_only(project, &[crate::model::InputKind::Slips]);
    if let Some((_, why)) = loaded.failed_inputs.iter().find(|(k, _)| k == "slips") {
        return Err(UserError::Other(format!("the slip register could not be read: {why}")).into());
    }
    let slip_files: Vec<&str> = loaded
        .inputs
        .iter()
        .filter(|i| i.kind == "slips")
        .map(|i| i.file.as_str())
        .collect();
    let problems: Vec<_> = loaded
        .problems
        .into_iter()
        .filter(|p| {
            p.severity == crate::error::ProblemSeverity::Error && slip_files.contains(&p.file.as_str())
        })
        .collect();
    if !problems.is_empty() {
        return Err(UserError::Inputs(problems).into());
    }
    Ok(loaded.data.slips)
}

fn write_outputs(project: &Project, files: &[OutputFile], quiet: bool) -> anyhow::Result<()> {
    let out_dir = project.path(&project.config.render.output_dir);
    crate::output::write_set(&out_dir, files)?;
    if !quiet {
        for f in files {
            println!("wrote {}", out_dir.join(&f.path).display());
        }
    }
    Ok(())
}

/// Run `zhidu slip …`.
pub fn run(cli: &Cli, command: &SlipCommand) -> anyhow::Result<Exit> {
    let project = Project::load(&cli.project)?;
    match command {
        SlipCommand::Form { number, all, period } => {
            let rows = &load_slips(&project)?;
            let renderer = crate::render::Renderer::new(&project)?;
            let (numbers, dir) = if *all {
                let text = period.as_deref().unwrap_or_default();
                let p = Period::parse(text).ok_or_else(|| {
                    UserError::Other(format!(
                        "--period \"{text}\" is not a month (2026-11) or a span (2026-11-01..2026-11-15)"
                    ))
                })?;
                (
                    reports::slips::numbers_issued_in(rows, &p),
                    PathBuf::from(p.dir_name()).join("slips"),
                )
            } else {
                (number.iter().cloned().collect(), PathBuf::from("slips"))
            };
            if numbers.is_empty() {
                if !cli.quiet {
                    println!("no slips issued in that period");
                }
                return Ok(Exit::Success);
            }
            warn_duplicates(rows, &numbers);
            let files = reports::slips::render_forms(&renderer, &project.config, rows, &numbers, &dir)?;
            write_outputs(&project, &files, cli.quiet)?;
            Ok(Exit::Success)
        }
        SlipCommand::New {
            class,
            nature,
            from,
            to,
            subject,
            requirement,
            due,
            date,
            drafter,
            replaces,
        } => {
            let class = match class.trim().to_ascii_uppercase().as_str() {
                "A" => SlipClass::A,
                "B" => SlipClass::B,
                "C" => SlipClass::C,
                other => return Err(UserError::Other(format!("--class \"{other}\" is not A, B or C")).into()),
            };
            let nature = match nature {
                None => None,
                Some(n) => Some(SlipNature::parse(n).ok_or_else(|| {
                    UserError::Other(format!(
                        "--nature \"{n}\" is not 协助指令, 工作指令, 事件跟催, 申诉建议 or 其他"
                    ))
                })?),
            };
            let issue_date = match date {
                Some(d) => parse_date("--date", d)?,
                None => today_cst(),
            };
            let slip = NewSlip {
                class,
                nature,
                from_dept: from.trim().to_string(),
                to_depts: to.iter().map(|t| t.trim().to_string()).collect(),
                subject: subject.trim().to_string(),
                requirement: requirement.clone().filter(|r| !r.trim().is_empty()),
                issue_date,
                due_date: parse_date("--due", due)?,
                drafter: drafter.clone().filter(|d| !d.trim().is_empty()),
                replaces: replaces.clone().filter(|r| !r.trim().is_empty()),
            };
            let rel = register_path(&project.config)?;
            let added = add_slip(&project.path(&rel), &rel, &project.config, &slip)?;
            if !cli.quiet {
                println!(
                    "{}: added {} ({} row(s)){}",
                    rel,
                    added.number,
                    added.rows.len(),
                    added
                        .backup
                        .as_ref()
                        .map(|b| format!("; previous register kept as {}", b.display()))
                        .unwrap_or_default()
                );
            }
            let renderer = crate::render::Renderer::new(&project).with_context(|| {
                format!(
                    "{} was added to the register, but its form could not be rendered",
                    added.number
                )
            })?;
            let files = reports::slips::render_forms(
                &renderer,
                &project.config,
                &added.rows,
                std::slice::from_ref(&added.number),
                Path::new("slips"),
            )
            .with_context(|| {
                format!(
                    "{} was added to the register, but its form could not be rendered",
                    added.number
                )
            })?;
            write_outputs(&project, &files, cli.quiet)?;
            Ok(Exit::Success)
        }
    }
}
