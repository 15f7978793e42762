//! The input cache: what reading an export gave (its records and its sheets'
//! summaries), kept in `outputs/.zhidu/cache/inputs/` so that the next command
//! over the same file — `zhidu explain` after `zhidu run`, a rerun, `zhidu check`
//! — takes it instead of parsing the workbook again.
//!
//! An entry is used only when everything that decided it is the same: the file's
//! bytes (its SHA-256, computed on every read), its path and kind, the settings
//! of `zhidu.toml`, and the build of zhidu ([`BUILD_ID`]). Only a file read
//! without any error or warning is kept, so a file with problems is read again
//! each time and its problems reported as the first time. An entry carries the
//! SHA-256 of its contents, checked before it is decoded; one that is damaged,
//! cut short, from another build or that cannot be decoded is not used (the file
//! is read as if there were none, and the entry rewritten). Entries are written
//! through the one write path (staged, renamed); one for the same file with
//! other bytes or settings is removed, so the folder holds one entry per input
//! file. Failing to write an entry costs only speed: nothing is reported.
//!
//! Only the large kinds are kept — the 排班表, the punches and the call logs —
//! which are most of the reading time of a month.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use sha2::{Digest, Sha256};

use super::InputSummary;
use crate::config::Project;
use crate::model::{
    Call, CallDirection, CallKind, CallStatus, Dataset, EmployeeKey, InputKind, Punch, ScheduleEntry,
    ShortText, Source, SourceSheet,
};

/// The build of zhidu, named by its sources (see `build.rs`).
pub const BUILD_ID: &str = env!("ZHIDU_BUILD_ID");

/// The first bytes of an entry, naming its layout.
const MAGIC: &[u8; 8] = b"ZHIDUIC1";

/// Where the entries are, under the output folder.
const FOLDER: &str = ".zhidu/cache/inputs";

/// A project's input cache.
#[derive(Debug, Clone)]
pub struct InputCache {
    dir: PathBuf,
    /// The build and the settings, hashed: part of every entry's key.
    salt: [u8; 32],
}

/// What an entry gives back: a file's sheet summaries and records.
#[derive(Debug)]
pub struct Cached {
    /// One summary per sheet read.
    pub inputs: Vec<InputSummary>,
    /// The file's records.
    pub data: Dataset,
}

impl InputCache {
    /// The cache of a project (its output folder's `.zhidu/cache/inputs`).
    pub fn of(project: &Project) -> InputCache {
        let mut h = Sha256::new();
        h.update(MAGIC);
        h.update(BUILD_ID.as_bytes());
        // Every setting as parsed (the text alone would miss a setting changed in code).
        h.update(format!("{:?}", project.config).as_bytes());
        InputCache {
            dir: project.path(&project.config.render.output_dir).join(FOLDER),
            salt: h.finalize().into(),
        }
    }

    /// Whether files of `kind` are kept.
    pub fn keeps(kind: InputKind) -> bool {
        matches!(kind, InputKind::Schedule | InputKind::Punches | InputKind::Calls)
    }

    fn key(&self, kind: InputKind, rel: &str, sha256: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.salt);
        for part in [kind.id(), rel, sha256] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().into()
    }

    /// `<kind>.<path digest>.` — the start of every entry's name for one file.
    fn prefix(kind: InputKind, rel: &str) -> String {
        let path: [u8; 32] = Sha256::digest(rel.as_bytes()).into();
        format!("{}.{}.", kind.id(), hex(&path[..8]))
    }

    fn entry(&self, kind: InputKind, rel: &str, key: &[u8; 32]) -> PathBuf {
        self.dir
            .join(format!("{}{}.bin", Self::prefix(kind, rel), hex(&key[..16])))
    }

    /// The entry for the file `rel` of `kind` whose bytes hash to `sha256`, if
    /// there is a sound one.
    pub fn get(&self, kind: InputKind, rel: &str, sha256: &str) -> Option<Cached> {
        let key = self.key(kind, rel, sha256);
        let bytes = std::fs::read(self.entry(kind, rel, &key)).ok()?;
        let payload = opened(&bytes, &key)?;
        decode(payload).ok()
    }

    /// Keep what reading the file gave (see the module's notes for when it is kept),
    /// replacing any older entry of the same file.
    pub fn put(&self, kind: InputKind, rel: &str, sha256: &str, inputs: &[InputSummary], data: &Dataset) {
        let key = self.key(kind, rel, sha256);
        let Some(payload) = encode(inputs, data) else {
            return;
        };
        let mut bytes = Vec::with_capacity(payload.len() + 80);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&key);
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&Sha256::digest(&payload));
        bytes.extend_from_slice(&payload);
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let path = self.entry(kind, rel, &key);
        if crate::output::write_disposable(&path, &bytes).is_ok() {
            self.remove_others(kind, rel, &path);
        }
    }

    /// Remove the entries of the same file other than `keep`.
    fn remove_others(&self, kind: InputKind, rel: &str, keep: &Path) {
        let prefix = Self::prefix(kind, rel);
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let other = name.starts_with(&prefix) && name.ends_with(".bin") && e.path() != keep;
            if other && e.file_type().is_ok_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The payload of an entry, when its layout, key, length and digest are right.
fn opened<'a>(bytes: &'a [u8], key: &[u8; 32]) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (k, rest) = rest.split_first_chunk::<32>()?;
    let (len, rest) = rest.split_first_chunk::<8>()?;
    let (digest, payload) = rest.split_first_chunk::<32>()?;
    let sound = k == key
        && u64::from_le_bytes(*len) == payload.len() as u64
        && Sha256::digest(payload).as_slice() == digest;
    sound.then_some(payload)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The records and summaries, or `None` when they hold what an entry cannot
/// (records of another kind, a summary with an error).
fn encode(inputs: &[InputSummary], data: &Dataset) -> Option<Vec<u8>> {
    // Named one by one, so that a kind added to the dataset is thought about here.
    let Dataset {
        schedule,
        punches,
        calls,
        employees,
        surveys,
        complaints,
        violations,
        leaves,
        service_requests,
        slips,
        corrections,
        client_records,
        fund_expenses,
    } = data;
    let others = [
        employees.is_empty(),
        surveys.is_empty(),
        complaints.is_empty(),
        violations.is_empty(),
        leaves.is_empty(),
        service_requests.is_empty(),
        slips.is_empty(),
        corrections.is_empty(),
        client_records.is_empty(),
        fund_expenses.is_empty(),
    ];
    if others.contains(&false) || inputs.iter().any(|i| i.error.is_some()) {
        return None;
    }
    let mut e = Enc::default();
    e.len(inputs.len());
    for i in inputs {
        e.summary(i);
    }
    e.len(schedule.len());
    for s in schedule {
        e.key(&s.employee);
        e.date(s.date);
        e.str(&s.shift);
        e.source(&s.source);
    }
    e.len(punches.len());
    for p in punches {
        e.key(&p.employee);
        e.datetime(p.at);
        e.opt_str(p.device.as_deref());
        e.opt_str(p.result.as_deref());
        e.opt_str(p.remark.as_deref());
        e.source(&p.source);
    }
    e.len(calls.len());
    for c in calls {
        e.call(c);
    }
    Some(e.finish())
}

/// An entry being written: the records go to `body`; the sheets and keys they
/// share are numbered as met and written ahead of them.
#[derive(Default)]
struct Enc {
    body: Vec<u8>,
    sheets: HashMap<*const SourceSheet, u32>,
    sheet_list: Vec<Arc<SourceSheet>>,
    keys: HashMap<*const EmployeeKey, u32>,
    key_list: Vec<Arc<EmployeeKey>>,
}

impl Enc {
    fn u8(&mut self, v: u8) {
        self.body.push(v);
    }

    fn u32(&mut self, v: u32) {
        self.body.extend_from_slice(&v.to_le_bytes());
    }

    fn len(&mut self, n: usize) {
        self.body.extend_from_slice(&(n as u64).to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.body.extend_from_slice(s.as_bytes());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.u32(v);
            }
        }
    }

    fn date(&mut self, d: NaiveDate) {
        self.body.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
    }

    fn datetime(&mut self, t: NaiveDateTime) {
        self.date(t.date());
        self.u32(t.time().num_seconds_from_midnight());
        self.u32(t.time().nanosecond());
    }

    fn summary(&mut self, i: &InputSummary) {
        self.str(&i.kind);
        self.str(&i.file);
        self.opt_str(i.sheet.as_deref());
        self.opt_str(i.format.as_deref());
        self.opt_u32(i.header_row);
        self.len(i.records);
        match i.date_range {
            None => self.u8(0),
            Some((a, b)) => {
                self.u8(1);
                self.date(a);
                self.date(b);
            }
        }
        self.len(i.unknown_employee_records);
    }

    fn source(&mut self, s: &Source) {
        let next = self.sheet_list.len() as u32;
        let n = *self.sheets.entry(Arc::as_ptr(&s.sheet)).or_insert(next);
        if n == next {
            self.sheet_list.push(s.sheet.clone());
        }
        self.u32(n);
        self.u32(s.row);
    }

    fn key(&mut self, k: &Arc<EmployeeKey>) {
        let next = self.key_list.len() as u32;
        let n = *self.keys.entry(Arc::as_ptr(k)).or_insert(next);
        if n == next {
            self.key_list.push(k.clone());
        }
        self.u32(n);
    }

    fn call(&mut self, c: &Call) {
        self.opt_str(c.call_id.as_deref());
        self.key(&c.agent);
        self.datetime(c.start);
        self.u32(c.talk_seconds);
        self.opt_u32(c.wait_seconds);
        self.u8(match c.direction {
            CallDirection::Inbound => 0,
            CallDirection::Outbound => 1,
            CallDirection::Internal => 2,
        });
        self.u8(match c.status {
            CallStatus::Answered => 0,
            CallStatus::Missed => 1,
            CallStatus::Abandoned => 2,
        });
        self.u8(match c.kind {
            CallKind::Business => 0,
            CallKind::Personal => 1,
        });
        self.opt_str(c.caller.as_deref());
        self.opt_str(c.callee.as_deref());
        self.source(&c.source);
    }

    /// The tables of sheets and keys, then the records.
    fn finish(self) -> Vec<u8> {
        let Enc {
            body: records,
            sheet_list,
            key_list,
            ..
        } = self;
        let mut head = Enc::default();
        head.len(sheet_list.len());
        for s in &sheet_list {
            head.str(&s.file);
            head.str(&s.sheet);
            head.len(s.columns.len());
            for (name, col) in &s.columns {
                head.str(name);
                head.u32(*col);
            }
        }
        head.len(key_list.len());
        for k in &key_list {
            head.opt_str(k.id.as_deref());
            head.opt_str(k.name.as_deref());
        }
        let mut out = head.body;
        out.extend_from_slice(&records);
        out
    }
}

/// Why an entry could not be decoded (it is then not used).
#[derive(Debug)]
struct Unsound;

/// An entry being read.
struct Dec<'a> {
    bytes: &'a [u8],
    sheets: Vec<Arc<SourceSheet>>,
    keys: Vec<Arc<EmployeeKey>>,
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Unsound> {
        if self.bytes.len() < n {
            return Err(Unsound);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, Unsound> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, Unsound> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self) -> Result<usize, Unsound> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        usize::try_from(u64::from_le_bytes(a)).map_err(|_| Unsound)
    }

    /// A count of things each at least `min` bytes long (so a damaged count
    /// cannot ask for more memory than the entry could describe).
    fn count(&mut self, min: usize) -> Result<usize, Unsound> {
        let n = self.len()?;
        if n.saturating_mul(min) > self.bytes.len() {
            return Err(Unsound);
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<&'a str, Unsound> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Unsound)
    }

    fn flag(&mut self) -> Result<bool, Unsound> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Unsound),
        }
    }

    fn opt_str(&mut self) -> Result<Option<&'a str>, Unsound> {
        Ok(if self.flag()? { Some(self.str()?) } else { None })
    }

    fn opt_u32(&mut self) -> Result<Option<u32>, Unsound> {
        Ok(if self.flag()? { Some(self.u32()?) } else { None })
    }

    fn date(&mut self) -> Result<NaiveDate, Unsound> {
        let days = self.u32()? as i32;
        NaiveDate::from_num_days_from_ce_opt(days).ok_or(Unsound)
    }

    fn datetime(&mut self) -> Result<NaiveDateTime, Unsound> {
        let date = self.date()?;
        let (secs, nanos) = (self.u32()?, self.u32()?);
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).ok_or(Unsound)?;
        Ok(date.and_time(time))
    }

    fn summary(&mut self) -> Result<InputSummary, Unsound> {
        Ok(InputSummary {
            kind: self.str()?.to_owned(),
            file: self.str()?.to_owned(),
            sheet: self.opt_str()?.map(str::to_owned),
            format: self.opt_str()?.map(str::to_owned),
            header_row: self.opt_u32()?,
            records: self.len()?,
            date_range: if self.flag()? {
                Some((self.date()?, self.date()?))
            } else {
                None
            },
            unknown_employee_records: self.len()?,
            error: None,
        })
    }

    fn source(&mut self) -> Result<Source, Unsound> {
        let n = self.u32()? as usize;
        let sheet = self.sheets.get(n).ok_or(Unsound)?.clone();
        Ok(Source {
            sheet,
            row: self.u32()?,
        })
    }

    fn key(&mut self) -> Result<Arc<EmployeeKey>, Unsound> {
        let n = self.u32()? as usize;
        self.keys.get(n).cloned().ok_or(Unsound)
    }

    fn tables(&mut self) -> Result<(), Unsound> {
        for _ in 0..self.count(24)? {
            let file = self.str()?.to_owned();
            let sheet = self.str()?.to_owned();
            let mut columns = Vec::new();
            for _ in 0..self.count(12)? {
                let name = field_name(self.str()?).ok_or(Unsound)?;
                columns.push((name, self.u32()?));
            }
            self.sheets.push(Arc::new(SourceSheet { file, sheet, columns }));
        }
        for _ in 0..self.count(2)? {
            let id = self.opt_str()?.map(str::to_owned);
            let name = self.opt_str()?.map(str::to_owned);
            self.keys.push(Arc::new(EmployeeKey { id, name }));
        }
        Ok(())
    }

    fn call(&mut self) -> Result<Call, Unsound> {
        let short = |s: Option<&str>| s.map(ShortText::new);
        Ok(Call {
            call_id: short(self.opt_str()?),
            agent: self.key()?,
            start: self.datetime()?,
            talk_seconds: self.u32()?,
            wait_seconds: self.opt_u32()?,
            direction: match self.u8()? {
                0 => CallDirection::Inbound,
                1 => CallDirection::Outbound,
                2 => CallDirection::Internal,
                _ => return Err(Unsound),
            },
            status: match self.u8()? {
                0 => CallStatus::Answered,
                1 => CallStatus::Missed,
                2 => CallStatus::Abandoned,
                _ => return Err(Unsound),
            },
            kind: match self.u8()? {
                0 => CallKind::Business,
                1 => CallKind::Personal,
                _ => return Err(Unsound),
            },
            caller: short(self.opt_str()?),
            callee: short(self.opt_str()?),
            source: self.source()?,
        })
    }
}

/// The canonical field name (a `'static` one, as sheets hold them) spelled `s`.
fn field_name(s: &str) -> Option<&'static str> {
    InputKind::ALL
        .iter()
        .flat_map(|k| super::header::fields_of(k.id()))
        .map(|f| f.key)
        .find(|k| *k == s)
}

fn decode(payload: &[u8]) -> Result<Cached, Unsound> {
    let mut d = Dec {
        bytes: payload,
        sheets: Vec::new(),
        keys: Vec::new(),
    };
    d.tables()?;
    let inputs = (0..d.count(36)?)
        .map(|_| d.summary())
        .collect::<Result<Vec<_>, _>>()?;
    let mut data = Dataset::default();
    let n = d.count(20)?;
    data.schedule.reserve_exact(n);
    for _ in 0..n {
        data.schedule.push(ScheduleEntry {
            employee: d.key()?,
            date: d.date()?,
            shift: d.str()?.to_owned(),
            source: d.source()?,
        });
    }
    let n = d.count(27)?;
    data.punches.reserve_exact(n);
    for _ in 0..n {
        data.punches.push(Punch {
            employee: d.key()?,
            at: d.datetime()?,
            device: d.opt_str()?.map(str::to_owned),
            result: d.opt_str()?.map(str::to_owned),
            remark: d.opt_str()?.map(str::to_owned),
            source: d.source()?,
        });
    }
    let n = d.count(35)?;
    data.calls.reserve_exact(n);
    for _ in 0..n {
        data.calls.push(d.call()?);
    }
    if !d.bytes.is_empty() {
        return Err(Unsound);
    }
    Ok(Cached { inputs, data })
}

#[cfg(test)]
mod tests;
