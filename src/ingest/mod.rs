//! Ingest: spreadsheet and CSV exports → typed records that remember their source.
//!
//! [`load`] reads every input kind of the project (in parallel), finds each
//! sheet's header by column aliases or recognises a preset (DingTalk, WeCom,
//! ZKTeco and its attlog.dat, Asterisk-family CDRs, FreeSWITCH, 问卷星), converts
//! every cell, and returns the [`Dataset`] with a summary per input and every
//! problem found. [`records`] lays one kind's records out for `zhidu records`.

pub mod attlog;
pub mod cache;
pub mod cdr;
pub mod cell;
pub mod header;
pub mod kinds;
pub mod limits;
pub mod ods;
pub mod presets;
pub mod read;
pub mod records;
pub mod sheet;
pub mod sniff;
pub mod stream;
pub mod text;
pub mod wjx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::{InputSpec, Project};
use crate::error::{Problem, ProblemSeverity, UserError};
use crate::i18n::{Text, RECORD_LANG};
use crate::model::roster::normalise;
use crate::model::{
    CallDirection, Dataset, Employee, EmployeeKey, InputKind, KeyResolver, Roster, SlipRow, Source,
    Unresolved,
};

/// A preset: how a system lays out its export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Format {
    /// A plain table with a header row (the default).
    Table,
    /// A schedule with one column per day.
    Wide,
    /// DingTalk 考勤报表, sheet 打卡时间 (one column per day, several punches per cell).
    DingTalk,
    /// DingTalk 考勤报表, sheet 原始记录.
    DingTalkRaw,
    /// WeCom (企业微信) 上下班打卡, sheet 打卡详情.
    WeCom,
    /// ZKTeco attendance software export.
    ZKTeco,
    /// ZKTeco USB download `attlog.dat` (no header, tab-separated).
    ZKTecoAttlog,
    /// Asterisk-family call-detail records: Master.csv and the FreePBX `cdr`
    /// table (no header), Grandstream UCM exports and `cdr` dumps (a header).
    Asterisk,
    /// FreeSWITCH `mod_cdr_csv` default template (no header).
    FreeSwitch,
    /// 问卷星 export, by option text or by option number.
    Wjx,
}

impl Format {
    /// Every preset name as written in `format = "…"`.
    pub const NAMES: &'static [&'static str] = &[
        "table",
        "wide",
        "dingtalk",
        "dingtalk-raw",
        "wecom",
        "zkteco",
        "zkteco-attlog",
        "asterisk",
        "freeswitch",
        "wjx",
    ];

    /// The name written in the config and printed by `zhidu check`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Wide => "wide",
            Format::DingTalk => "dingtalk",
            Format::DingTalkRaw => "dingtalk-raw",
            Format::WeCom => "wecom",
            Format::ZKTeco => "zkteco",
            Format::ZKTecoAttlog => "zkteco-attlog",
            Format::Asterisk => "asterisk",
            Format::FreeSwitch => "freeswitch",
            Format::Wjx => "wjx",
        }
    }

    /// Parse a preset name.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "table" => Format::Table,
            "wide" => Format::Wide,
            "dingtalk" => Format::DingTalk,
            "dingtalk-raw" | "dingtalk_raw" => Format::DingTalkRaw,
            "wecom" => Format::WeCom,
            "zkteco" => Format::ZKTeco,
            "zkteco-attlog" | "zkteco_attlog" | "attlog" => Format::ZKTecoAttlog,
            "asterisk" => Format::Asterisk,
            "freeswitch" => Format::FreeSwitch,
            "wjx" => Format::Wjx,
            _ => return None,
        })
    }

    /// The input kinds a preset can be used for.
    fn kinds(self) -> &'static [&'static str] {
        match self {
            Format::Table => &[
                "roster",
                "schedule",
                "punches",
                "calls",
                "surveys",
                "complaints",
                "violations",
                "leaves",
                "service_requests",
                "slips",
                "corrections",
                "client_records",
                "fund_expenses",
            ],
            Format::Wide => &["schedule"],
            Format::DingTalk
            | Format::DingTalkRaw
            | Format::WeCom
            | Format::ZKTeco
            | Format::ZKTecoAttlog => &["punches"],
            Format::Asterisk | Format::FreeSwitch => &["calls"],
            Format::Wjx => &["surveys"],
        }
    }
}

/// What was read from one sheet of one input file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct InputSummary {
    /// Input kind (`roster`, `calls`, …).
    pub kind: String,
    /// File, relative to the project folder.
    pub file: String,
    /// Sheet (CSV: the file stem); `None` when the file could not be opened.
    pub sheet: Option<String>,
    /// Format detected or configured.
    pub format: Option<String>,
    /// 1-based header row (`None` for headerless presets).
    pub header_row: Option<u32>,
    /// Records read.
    pub records: usize,
    /// First and last day the records cover.
    pub date_range: Option<(NaiveDate, NaiveDate)>,
    /// Records naming an employee missing from the roster.
    pub unknown_employee_records: usize,
    /// Why the sheet or file could not be read.
    pub error: Option<Text>,
}

/// The person (and day) a cell with an error belongs to: the 工号/姓名 its row
/// gives, read before the bad cell. A cell whose row names nobody readable (the
/// 工号 cell itself is bad) has none.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CellPerson {
    /// How the row names the employee.
    pub key: EmployeeKey,
    /// The day the row (or a wide sheet's day column) concerns, when it could be read.
    pub date: Option<NaiveDate>,
}

/// [`CellPerson`]s by the location of their problem (`file › sheet!C17`, as
/// [`Problem::location`] prints it).
pub type ProblemPeople = BTreeMap<String, CellPerson>;

/// One file ingest read, with its SHA-256 (as the run's manifest lists it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadFile {
    /// The input kind it was read as.
    pub kind: InputKind,
    /// The file, relative to the project folder.
    pub path: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Everything [`load`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every record.
    pub data: Dataset,
    /// Every file opened, in input-kind then path order, with its hash.
    pub files: Vec<ReadFile>,
    /// One entry per sheet read (or per file that could not be read), in input-kind order.
    pub inputs: Vec<InputSummary>,
    /// Every problem: errors and warnings.
    pub problems: Vec<Problem>,
    /// Input kinds that could not be read, with the reason in English, as the
    /// manifest records it (for `RunContext::failed_inputs`).
    pub failed_inputs: Vec<(String, String)>,
    /// The person each cell with an error belongs to, when its row names one.
    pub people: ProblemPeople,
}

impl Loaded {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == ProblemSeverity::Error)
    }
}

struct KindResult {
    data: Dataset,
    files: Vec<ReadFile>,
    inputs: Vec<InputSummary>,
    problems: Vec<Problem>,
    people: ProblemPeople,
    failed: Option<String>,
}

impl KindResult {
    /// Nothing read yet.
    fn empty() -> KindResult {
        KindResult {
            data: Dataset::default(),
            files: Vec::new(),
            inputs: Vec::new(),
            problems: Vec::new(),
            people: ProblemPeople::new(),
            failed: None,
        }
    }

    /// Add what a later file of the kind gave, after what is here.
    fn take(&mut self, part: KindResult) {
        append(&mut self.data, part.data);
        self.files.extend(part.files);
        self.inputs.extend(part.inputs);
        self.problems.extend(part.problems);
        self.people.extend(part.people);
        if self.failed.is_none() {
            self.failed = part.failed;
        }
    }

    /// A file (or `zhidu.toml`) that stops the kind being read: a problem, a
    /// summary carrying the message, and the kind's first failure (in English,
    /// as the manifest records it).
    fn fail(&mut self, kind: &str, file: &str, msg: impl Into<Text>) {
        let msg: Text = msg.into();
        self.problems.push(Problem::file_error(file, msg.clone()));
        self.inputs.push(InputSummary {
            kind: kind.into(),
            file: file.into(),
            sheet: None,
            format: None,
            header_row: None,
            records: 0,
            date_range: None,
            unknown_employee_records: 0,
            error: Some(msg.clone()),
        });
        if self.failed.is_none() {
            self.failed = Some(format!("{file}: {}", msg.render(RECORD_LANG)));
        }
    }
}

fn rel_display(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.to_string_lossy().replace('\\', "/")
}

fn files_of(project: &Project, kind: &str, spec: &InputSpec) -> Result<Vec<PathBuf>, Text> {
    let pattern = project.path(&spec.path);
    let is_glob = spec.path.contains(['*', '?', '[']);
    if !is_glob {
        return Ok(if pattern.exists() {
            vec![pattern]
        } else {
            Vec::new()
        });
    }
    let pat = pattern.to_string_lossy().into_owned();
    let paths = glob::glob(&pat).map_err(|e| {
        crate::msg!(
            "ingest.bad_glob",
            kind = kind,
            path = &spec.path,
            error = e.to_string()
        )
    })?;
    let mut out: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
    out.sort();
    Ok(out)
}

/// Whether a file is an office suite's lock file, left while someone has a
/// workbook open: Excel's and WPS's `~$name.xlsx`, LibreOffice's `.~lock.name#`.
fn is_lock_file(p: &Path) -> bool {
    p.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with("~$") || n.starts_with(".~lock."))
}

fn load_kind(project: &Project, cache: &cache::InputCache, input: InputKind, spec: &InputSpec) -> KindResult {
    let kind = input.id();
    let mut res = KindResult::empty();
    let format = match configured_format(kind, spec) {
        Ok(f) => f,
        Err(m) => {
            res.fail(kind, "zhidu.toml", m);
            return res;
        }
    };
    if let Err(m) = check_settings(kind, spec) {
        res.fail(kind, "zhidu.toml", m);
        return res;
    }
    let files = match files_of(project, kind, spec) {
        Ok(f) => f,
        Err(m) => {
            res.fail(kind, "zhidu.toml", m);
            return res;
        }
    };
    let (locks, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| is_lock_file(p));
    for lock in &locks {
        res.problems.push(lock_file_skipped(project, lock));
    }
    if files.is_empty() {
        if spec.required {
            res.fail(
                kind,
                &spec.path,
                crate::msg!("ingest.no_such_file", kind = kind, path = &spec.path),
            );
        }
        return res;
    }
    let table = header::AliasTable::new(header::fields_of(kind), &project.config.input_aliases(input));
    let text_answers = match &spec.score_map_from {
        Some(p) => match wjx::read_text_answers(
            &project.path(p),
            p,
            spec,
            &limits::Limits::from_settings(&project.config.check),
        ) {
            Ok(a) => Some(a),
            Err(m) => {
                res.fail(kind, "zhidu.toml", m);
                return res;
            }
        },
        None => None,
    };
    // The files of one kind (a call log split by the PBX) are read in parallel,
    // each into its own part, and taken in file order: as if read one by one.
    let parts: Vec<KindResult> = files
        .par_iter()
        .with_max_len(1)
        .map(|path| {
            let job = read::FileJob {
                kind,
                spec,
                table: &table,
                format,
                rel: rel_display(&project.root, path),
                text_answers: text_answers.as_ref(),
                limits: limits::Limits::from_settings(&project.config.check),
            };
            let mut part = KindResult::empty();
            read_or_take(&mut part, cache, input, path, &job);
            part
        })
        .collect();
    for part in parts {
        res.take(part);
    }
    res
}

/// The warning for an office suite's lock file found among the inputs.
fn lock_file_skipped(project: &Project, lock: &Path) -> Problem {
    let rel = rel_display(&project.root, lock);
    let name = lock
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let of = name
        .trim_start_matches("~$")
        .trim_start_matches(".~lock.")
        .trim_end_matches('#');
    Problem::file_error(&rel, crate::msg!("ingest.lock_file", workbook = of)).warning()
}

/// Read one file of a kind into `res` (empty), or take what reading it gave
/// from the input cache when its bytes and the settings are those of an entry
/// (see [`cache`]); a file read without a problem is kept there.
fn read_or_take(
    res: &mut KindResult,
    cache: &cache::InputCache,
    input: InputKind,
    path: &Path,
    job: &read::FileJob<'_>,
) {
    if !cache::InputCache::keeps(input) {
        return read_input_file(res, input, path, job, None);
    }
    let before = crate::output::stage::FileStamp::of_target(path);
    let Ok((sha256, bytes)) = crate::output::sha256_file(path) else {
        return read_input_file(res, input, path, job, None);
    };
    let rel = &job.rel;
    if let Some(hit) = cache.get(input, rel, &sha256) {
        res.files.push(ReadFile {
            kind: input,
            path: rel.clone(),
            sha256,
            bytes,
        });
        res.inputs.extend(hit.inputs);
        append(&mut res.data, hit.data);
        return;
    }
    read_input_file(res, input, path, job, Some((sha256.clone(), bytes)));
    // Kept only when the file did not change while it was hashed and read, and
    // reading found nothing to say.
    let same = before.is_some() && crate::output::stage::FileStamp::of_target(path) == before;
    if same && res.problems.is_empty() && res.people.is_empty() && res.failed.is_none() {
        cache.put(input, rel, &sha256, &res.inputs, &res.data);
    }
}

/// Read one file of a kind into `res`: its sheets, its notes, or why it could
/// not be read; the file is hashed while it is parsed (the manifest lists what
/// was read), unless `hashed` gives its digest already.
fn read_input_file(
    res: &mut KindResult,
    input: InputKind,
    path: &Path,
    job: &read::FileJob<'_>,
    hashed: Option<(String, u64)>,
) {
    let rel = &job.rel;
    let (digest, outcome) = match hashed {
        Some(digest) => (Ok(digest), read::read_file(path, job)),
        None => rayon::join(|| crate::output::sha256_file(path), || read::read_file(path, job)),
    };
    if let Ok((sha256, bytes)) = digest {
        res.files.push(ReadFile {
            kind: input,
            path: rel.clone(),
            sha256,
            bytes,
        });
    }
    for note in outcome.notes {
        res.problems.push(Problem::file_error(rel, note).warning());
    }
    if let Some(msg) = outcome.error {
        res.fail(job.kind, rel, msg);
        return;
    }
    take_sheets(res, job.kind, rel, outcome.sheets);
}

/// The preset `inputs.<kind>.format` names, if any; the message names the key
/// when it is unknown or reads another kind.
fn configured_format(kind: &str, spec: &InputSpec) -> Result<Option<Format>, Text> {
    match spec.format.as_deref().filter(|f| !f.trim().is_empty()) {
        None => Ok(None),
        Some(f) => match Format::parse(f) {
            Some(fm) if fm.kinds().contains(&kind) => Ok(Some(fm)),
            Some(fm) => Err(crate::msg!(
                "ingest.format_other_kind",
                kind = kind,
                format = f,
                preset = fm.name(),
                kinds = fm.kinds().join("/")
            )),
            None => Err(crate::msg!(
                "ingest.unknown_format",
                kind = kind,
                format = f,
                names = Format::NAMES.join(", ")
            )),
        },
    }
}

/// Take the sheets one file gave: each read sheet's records, summary and
/// problems; when none could be read, every sheet tried is reported (so a
/// workbook whose sheets all fail says why for each of them) and the first
/// sheet's error fails the kind.
fn take_sheets(res: &mut KindResult, kind: &str, rel: &str, sheets: Vec<sheet::SheetOutcome>) {
    let any_ok = sheets.iter().any(|s| s.result.is_ok());
    for s in sheets {
        match s.result {
            Ok((fmt, header_row)) => {
                res.inputs.push(InputSummary {
                    kind: kind.into(),
                    file: rel.into(),
                    sheet: Some(s.sheet.clone()),
                    format: Some(fmt.name().into()),
                    header_row,
                    records: s.cx.records,
                    date_range: s.cx.min.zip(s.cx.max),
                    unknown_employee_records: 0,
                    error: None,
                });
                res.problems.extend(s.cx.problems);
                res.people
                    .extend(s.cx.people.into_iter().map(|(_, at, person)| (at, person)));
                for note in s.cx.notes {
                    res.problems.push(
                        Problem {
                            file: rel.into(),
                            sheet: Some(s.sheet.clone()),
                            cell: None,
                            message: note,
                            severity: ProblemSeverity::Error,
                        }
                        .warning(),
                    );
                }
                append(&mut res.data, s.cx.data);
            }
            Err(msg) if !any_ok => {
                res.problems.push(Problem {
                    file: rel.into(),
                    sheet: Some(s.sheet.clone()),
                    cell: None,
                    message: msg.clone(),
                    severity: ProblemSeverity::Error,
                });
                res.inputs.push(InputSummary {
                    kind: kind.into(),
                    file: rel.into(),
                    sheet: Some(s.sheet.clone()),
                    format: None,
                    header_row: None,
                    records: 0,
                    date_range: None,
                    unknown_employee_records: 0,
                    error: Some(msg.clone()),
                });
                if res.failed.is_none() {
                    res.failed = Some(format!("{rel} › {}: {}", s.sheet, msg.render(RECORD_LANG)));
                }
            }
            Err(_) => {}
        }
    }
}

/// The settings of `[inputs.<kind>]` that only some kinds take, and their values.
fn check_settings(kind: &str, spec: &InputSpec) -> Result<(), Text> {
    let only = |key: &str, kinds: &[&str]| -> Result<(), Text> {
        if kinds.contains(&kind) {
            Ok(())
        } else {
            Err(crate::msg!(
                "ingest.setting_not_for_kind",
                kind = kind,
                key = key,
                kinds = kinds.join("/")
            ))
        }
    };
    if let Some(d) = &spec.direction {
        only("direction", &["calls"])?;
        match kinds::direction_text(d) {
            Some(CallDirection::Inbound | CallDirection::Outbound) => {}
            _ => return Err(crate::msg!("ingest.bad_direction", direction = d)),
        }
    }
    if spec.agent_column.is_some() {
        only("agent_column", &["calls"])?;
    }
    if spec.score_column.is_some() || spec.agent_question.is_some() {
        only("score_column and agent_question", &["surveys"])?; // not a message
    }
    if !spec.score_map.is_empty() || spec.score_map_from.is_some() {
        only("score_map", &["surveys"])?;
    }
    for (k, v) in &spec.score_map {
        if k.trim().parse::<i64>().is_err() {
            return Err(crate::msg!("ingest.score_map_key", key = k));
        }
        if !(1..=5).contains(v) {
            return Err(crate::msg!(
                "ingest.score_map_value",
                key = k,
                value = v.to_string()
            ));
        }
    }
    if let Some(c) = spec.columns.iter().find(|c| c.trim().is_empty()) {
        return Err(crate::msg!(
            "ingest.empty_column_name",
            kind = kind,
            name = format!("{c:?}")
        ));
    }
    Ok(())
}

/// Add `from`'s records after `into`'s, each kind in order. A list that is empty
/// so far takes the other one as it is: the records of a large file are moved,
/// not copied into a new list.
fn append(into: &mut Dataset, from: Dataset) {
    fn join<T>(into: &mut Vec<T>, from: Vec<T>) {
        if into.is_empty() {
            *into = from;
        } else {
            into.extend(from);
        }
    }
    let Dataset {
        employees,
        schedule,
        punches,
        calls,
        surveys,
        complaints,
        violations,
        leaves,
        service_requests,
        slips,
        corrections,
        client_records,
        fund_expenses,
    } = from;
    join(&mut into.employees, employees);
    join(&mut into.schedule, schedule);
    join(&mut into.punches, punches);
    join(&mut into.calls, calls);
    join(&mut into.surveys, surveys);
    join(&mut into.complaints, complaints);
    join(&mut into.violations, violations);
    join(&mut into.leaves, leaves);
    join(&mut into.service_requests, service_requests);
    join(&mut into.slips, slips);
    join(&mut into.corrections, corrections);
    join(&mut into.client_records, client_records);
    join(&mut into.fund_expenses, fund_expenses);
}

/// Read every input of the project. Never fails: what cannot be read is in
/// `problems` and `failed_inputs`.
pub fn load(project: &Project) -> Loaded {
    let mut loaded = load_kinds(project, |_| true);
    check_roster(&mut loaded);
    loaded
}

/// Read only the input kinds named in `wanted` (e.g. the slip register alone).
/// The roster check is not made.
pub fn load_only(project: &Project, wanted: &[InputKind]) -> Loaded {
    load_kinds(project, |kind| wanted.contains(&kind))
}

/// The slip register's rows alone (for printing forms); refuses when the register
/// could not be read or has errors.
pub fn load_slips(project: &Project) -> anyhow::Result<Vec<SlipRow>> {
    let loaded = load_only(project, &[InputKind::Slips]);
    if let Some((_, why)) = loaded.failed_inputs.iter().find(|(k, _)| k == "slips") {
        return Err(UserError::other(crate::msg!("ingest.slips_unreadable", why = why)).into());
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
        .filter(|p| p.severity == ProblemSeverity::Error && slip_files.contains(&p.file.as_str()))
        .collect();
    if !problems.is_empty() {
        return Err(UserError::Inputs(problems).into());
    }
    Ok(loaded.data.slips)
}

fn load_kinds(project: &Project, wanted: impl Fn(InputKind) -> bool + Sync) -> Loaded {
    let cache = cache::InputCache::of(project);
    let kinds: Vec<(InputKind, &InputSpec)> = project
        .config
        .inputs
        .kinds()
        .into_iter()
        .filter(|(kind, _)| wanted(*kind))
        .collect();
    let results: Vec<KindResult> = kinds
        .par_iter()
        // One job per kind, so a small kind never waits behind a large one.
        .with_max_len(1)
        .map(|(kind, spec)| load_kind(project, &cache, *kind, spec))
        .collect();
    let mut loaded = Loaded::default();
    for ((kind, _), r) in kinds.iter().zip(results) {
        append(&mut loaded.data, r.data);
        loaded.files.extend(r.files);
        loaded.inputs.extend(r.inputs);
        loaded.problems.extend(r.problems);
        loaded.people.extend(r.people);
        if let Some(why) = r.failed {
            loaded.failed_inputs.push((kind.to_string(), why));
        }
    }
    loaded
}

/// Duplicate 工号 (errors), and records naming employees the roster does not
/// resolve: an error when the record nearly matches a roster entry, names one by
/// 工号 with another 姓名, or a name several entries share (the person would
/// vanish from the reports); a warning for someone outside the roster, normal in
/// an export of the whole company.
fn check_roster(loaded: &mut Loaded) {
    let mut problems = duplicate_ids(&loaded.data.employees);
    if loaded.failed_inputs.iter().any(|(k, _)| k == "roster") {
        loaded.problems.extend(problems);
        return;
    }
    let roster = Roster::new(&loaded.data.employees);
    let tally = unresolved_tally(&loaded.data, &roster);
    for ((file, sheet), keys) in &tally {
        let total: usize = keys.values().map(|v| v.0).sum();
        for s in loaded.inputs.iter_mut() {
            if s.file == *file && s.sheet.as_deref() == Some(*sheet) {
                s.unknown_employee_records = total;
            }
        }
        problems.extend(unresolved_problems((file, sheet), keys, &roster));
    }
    loaded.problems.extend(problems);
}

/// An error for every roster row whose 工号 an earlier row already has (compared
/// normalised: `K001`, `k001` and `Ｋ００１` are one 工号).
fn duplicate_ids(employees: &[Employee]) -> Vec<Problem> {
    let mut seen: BTreeMap<String, &Employee> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut unlisted = 0usize;
    for e in employees {
        if let Some(first) = seen.get(&normalise(&e.id)) {
            if problems.len() >= limits::MAX_PROBLEMS_PER_INPUT {
                unlisted += 1;
                continue;
            }
            let message = if first.id == e.id {
                crate::msg!(
                    "ingest.duplicate_id",
                    id = &e.id,
                    row = first.source.row,
                    name = &first.name
                )
            } else {
                crate::msg!(
                    "ingest.duplicate_id_written",
                    id = &e.id,
                    row = first.source.row,
                    name = &first.name,
                    written = &first.id
                )
            };
            problems.push(Problem::cell_error(
                &e.source.sheet.file,
                &e.source.sheet.sheet,
                e.source.cell("工号"),
                message,
            ));
        } else {
            seen.insert(normalise(&e.id), e);
        }
    }
    if let Some(last) = problems.last().cloned().filter(|_| unlisted > 0) {
        problems.push(Problem {
            cell: None,
            message: crate::msg!("ingest.more_duplicates", count = limits::group(unlisted)),
            ..last
        });
    }
    problems
}

/// The records of every kind that names employees, tallied per sheet by the
/// people the roster does not resolve.
fn unresolved_tally<'a>(d: &'a Dataset, roster: &Roster<'_>) -> Tally<'a> {
    let mut tally: Tally<'a> = BTreeMap::new();
    let t = &mut tally;
    // The schedule's, punches' and calls' keys are shared by a person's records.
    let mut shared = KeyResolver::new(roster);
    for r in &d.schedule {
        visit(t, &r.employee, "工号", &r.source, shared.resolve(&r.employee));
    }
    for r in &d.punches {
        visit(t, &r.employee, "工号", &r.source, shared.resolve(&r.employee));
    }
    for r in &d.calls {
        // Internal calls count for nobody; a call no agent answered names nobody.
        if r.direction != CallDirection::Internal && !r.has_no_agent() {
            visit(t, &r.agent, "坐席工号", &r.source, shared.resolve(&r.agent));
        }
    }
    for r in &d.surveys {
        visit(t, &r.agent, "坐席工号", &r.source, roster.resolve(&r.agent));
    }
    for r in &d.complaints {
        visit(t, &r.employee, "工号", &r.source, roster.resolve(&r.employee));
    }
    for r in &d.violations {
        visit(t, &r.employee, "工号", &r.source, roster.resolve(&r.employee));
    }
    for r in &d.leaves {
        visit(t, &r.employee, "工号", &r.source, roster.resolve(&r.employee));
    }
    for r in &d.service_requests {
        visit(t, &r.owner, "负责人工号", &r.source, roster.resolve(&r.owner));
    }
    for r in &d.corrections {
        visit(t, &r.employee, "工号", &r.source, roster.resolve(&r.employee));
    }
    for r in &d.client_records {
        if let Some(filer) = &r.filer {
            visit(t, filer, "建档人工号", &r.source, roster.resolve(filer));
        }
    }
    tally
}

/// The problems of one sheet's unresolved people. Exports often cover the whole
/// company while the roster is one department: people certainly outside it
/// (nobody in the roster is near them) are warnings, the first few named and the
/// rest counted; a person who nearly matches, or whose 工号 and 姓名 disagree with
/// the roster, or whose name several entries share, is an error naming both.
fn unresolved_problems(
    (file, sheet): (&str, &str),
    keys: &SheetTally<'_>,
    roster: &Roster<'_>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut unknown_named = 0usize;
    let mut rest: Option<(usize, usize, String)> = None;
    for (key, first) in keys {
        let (count, source, field, why) = first;
        let near = match why {
            Unresolved::Unknown => roster.near(key),
            _ => None,
        };
        if matches!(why, Unresolved::Unknown) && near.is_none() {
            if unknown_named >= UNKNOWN_NAMED_PER_SHEET {
                let r = rest.get_or_insert((0, 0, source.cell(field)));
                r.0 += 1;
                r.1 += count;
                continue;
            }
            unknown_named += 1;
            problems.push(unresolved_problem((file, sheet), key, first, None).warning());
        } else {
            problems.push(unresolved_problem((file, sheet), key, first, near));
        }
    }
    if let Some((people, records, cell)) = rest {
        problems.push(
            Problem::cell_error(
                file,
                sheet,
                cell,
                if records == 1 {
                    crate::msg!("ingest.more_unknown_one", people = people, records = records)
                } else {
                    crate::msg!("ingest.more_unknown_many", people = people, records = records)
                },
            )
            .warning(),
        );
    }
    problems
}

/// The problem for one person the roster does not resolve, at the first record
/// naming them (in the 姓名 column when the record gives no 工号); `near` is the
/// roster entry an unknown key nearly matches.
fn unresolved_problem(
    (file, sheet): (&str, &str),
    key: &EmployeeKey,
    (count, source, field, why): &(usize, &Source, &'static str, Unresolved),
    near: Option<&Employee>,
) -> Problem {
    let field = if key.id.is_none() && source.sheet.column_of(field).is_none() {
        if source.sheet.column_of("姓名").is_some() {
            "姓名"
        } else {
            "坐席姓名"
        }
    } else {
        field
    };
    let what = match (why, near) {
        (Unresolved::Unknown, Some(e)) => crate::msg!(
            "ingest.nearly_matches",
            other = quote_key(&EmployeeKey {
                id: Some(e.id.clone()),
                name: Some(e.name.clone())
            }),
            by = if key.id.is_some() { "工号" } else { "姓名" },
            at = e.source.locate(if key.id.is_some() { "工号" } else { "姓名" })
        ),
        (Unresolved::Unknown, None) => crate::msg!("ingest.not_in_roster"),
        (Unresolved::Ambiguous(ids), _) => {
            crate::msg!("ingest.several_match", ids = ids.join(", "))
        }
        (Unresolved::Mismatch { roster_name }, _) => {
            crate::msg!("ingest.other_person", name = header::quote(roster_name))
        }
    };
    let message = if *count == 1 {
        crate::msg!("ingest.unresolved_one", who = quote_key(key), what = what)
    } else {
        crate::msg!(
            "ingest.unresolved_many",
            who = quote_key(key),
            what = what,
            count = *count
        )
    };
    Problem::cell_error(file, sheet, source.cell(field), message)
}

/// People outside the roster named one by one per sheet; the rest are counted in one warning.
const UNKNOWN_NAMED_PER_SHEET: usize = 10;

/// Unresolved keys per (file, sheet).
type Tally<'a> = BTreeMap<(&'a str, &'a str), SheetTally<'a>>;

/// Unresolved keys of one sheet: key → (count, first source, field, why).
type SheetTally<'a> = BTreeMap<&'a EmployeeKey, (usize, &'a Source, &'static str, Unresolved)>;

fn visit<'a>(
    tally: &mut Tally<'a>,
    key: &'a EmployeeKey,
    field: &'static str,
    source: &'a Source,
    resolved: Result<&Employee, Unresolved>,
) {
    if let Err(why) = resolved {
        let per = tally
            .entry((source.sheet.file.as_str(), source.sheet.sheet.as_str()))
            .or_default();
        if let Some(e) = per.get_mut(key) {
            e.0 += 1;
        } else {
            per.insert(key, (1, source, field, why));
        }
    }
}

fn quote_key(k: &EmployeeKey) -> Text {
    let (q, line) = (header::quote, header::one_line);
    match (&k.id, &k.name) {
        (Some(i), Some(n)) => crate::msg!("ingest.employee_id_name", id = q(i), name = line(n)),
        (Some(i), None) => crate::msg!("ingest.employee_id", id = q(i)),
        (None, Some(n)) => crate::msg!("ingest.employee_named", name = q(n)),
        (None, None) => crate::msg!("ingest.no_id_or_name"),
    }
}
