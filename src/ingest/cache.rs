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
use std::io::{Read, Seek, Write};
use std::path::PathBuf;
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

/// An entry's head: [`MAGIC`], its key, the payload's length and SHA-256.
const HEAD: usize = 8 + 32 + 8 + 32;

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
        format!("{}.{}.", kind.id(), crate::output::hex(&path[..8]))
    }

    fn entry(&self, kind: InputKind, rel: &str, key: &[u8; 32]) -> PathBuf {
        self.dir.join(format!(
            "{}{}.bin",
            Self::prefix(kind, rel),
            crate::output::hex(&key[..16])
        ))
    }

    /// The entry for the file `rel` of `kind` whose bytes hash to `sha256`, if
    /// there is a sound one.
    pub fn get(&self, kind: InputKind, rel: &str, sha256: &str) -> Option<Cached> {
        let key = self.key(kind, rel, sha256);
        let mut file = std::fs::File::open(self.entry(kind, rel, &key)).ok()?;
        let mut head = [0u8; HEAD];
        file.read_exact(&mut head).ok()?;
        let (magic, rest) = head.split_first_chunk::<8>()?;
        let (k, rest) = rest.split_first_chunk::<32>()?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let digest: &[u8; 32] = rest.try_into().ok()?;
        if magic != MAGIC || *k != key {
            return None;
        }
        // Decoded as it is read (a window of it in memory, never the whole entry)
        // and hashed on the way; used only when the digest and the length are right.
        let len = u64::from_le_bytes(*len);
        let mut payload = Hashed {
            inner: (&mut file).take(len),
            hasher: Sha256::new(),
            bytes: 0,
        };
        let cached = decode_from(&mut payload, len).ok()?;
        let sound = payload.hasher.finalize().as_slice() == digest && file.read(&mut [0u8; 1]).ok()? == 0;
        sound.then_some(cached)
    }

    /// Keep what reading the file gave (see the module's notes for when it is kept),
    /// replacing any older entry of the same file.
    pub fn put(&self, kind: InputKind, rel: &str, sha256: &str, inputs: &[InputSummary], data: &Dataset) {
        if !encodable(inputs, data) || std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let key = self.key(kind, rel, sha256);
        let path = self.entry(kind, rel, &key);
        // The payload goes straight to the staged file, a window at a time; the
        // head, written last, gives its length and SHA-256.
        let written = crate::output::write_disposable_with(&path, |file| {
            file.write_all(&[0u8; HEAD])?;
            let (len, digest) = {
                let mut payload = Hashed {
                    inner: std::io::BufWriter::with_capacity(WINDOW, &mut *file),
                    hasher: Sha256::new(),
                    bytes: 0,
                };
                encode(inputs, data, &mut payload)?;
                payload.flush()?;
                (payload.bytes, payload.hasher.finalize())
            };
            let mut head = Vec::with_capacity(HEAD);
            head.extend_from_slice(MAGIC);
            head.extend_from_slice(&key);
            head.extend_from_slice(&len.to_le_bytes());
            head.extend_from_slice(&digest);
            file.seek(std::io::SeekFrom::Start(0))?;
            file.write_all(&head)
        });
        if written.is_ok() {
            crate::output::remove_older(&self.dir, &Self::prefix(kind, rel), &path);
        }
    }
}

/// Bytes passed through, and hashed as they are.
struct Hashed<R> {
    inner: R,
    hasher: Sha256,
    /// Bytes passed.
    bytes: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

impl<W: Write> Write for Hashed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Whether an entry can hold the records and summaries: only the kept kinds'
/// records, and no summary with an error.
fn encodable(inputs: &[InputSummary], data: &Dataset) -> bool {
    // Named one by one, so that a kind added to the dataset is thought about here.
    let Dataset {
        schedule: _,
        punches: _,
        calls: _,
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
    !others.contains(&false) && inputs.iter().all(|i| i.error.is_none())
}

/// Write the payload of an entry for [`encodable`] records to `sink`: the sheets
/// and keys the records share, the summaries, then the records, a window at a time.
fn encode(inputs: &[InputSummary], data: &Dataset, sink: &mut dyn Write) -> std::io::Result<()> {
    let mut e = Enc {
        body: Vec::new(),
        sink,
        sheets: HashMap::new(),
        keys: HashMap::new(),
    };
    e.tables(data);
    e.len(inputs.len());
    for i in inputs {
        e.summary(i);
    }
    e.len(data.schedule.len());
    for s in &data.schedule {
        e.key(&s.employee)?;
        e.date(s.date);
        e.str(&s.shift);
        e.source(&s.source)?;
        e.spill()?;
    }
    e.len(data.punches.len());
    for p in &data.punches {
        e.key(&p.employee)?;
        e.datetime(p.at);
        e.opt_str(p.device.as_deref());
        e.opt_str(p.result.as_deref());
        e.opt_str(p.remark.as_deref());
        e.source(&p.source)?;
        e.spill()?;
    }
    e.len(data.calls.len());
    for c in &data.calls {
        e.call(c)?;
        e.spill()?;
    }
    e.sink.write_all(&e.body)
}

/// Encoded data on its way to `sink`; the sheets and keys the records share are
/// numbered first ([`Enc::tables`]) and named by their number.
struct Enc<'s> {
    body: Vec<u8>,
    sink: &'s mut dyn Write,
    sheets: HashMap<*const SourceSheet, u32>,
    keys: HashMap<*const EmployeeKey, u32>,
}

impl Enc<'_> {
    /// Pass what is encoded on once a window of it is ready.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.body.len() >= WINDOW {
            self.sink.write_all(&self.body)?;
            self.body.clear();
        }
        Ok(())
    }

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

    fn source(&mut self, s: &Source) -> std::io::Result<()> {
        let n = *self.sheets.get(&Arc::as_ptr(&s.sheet)).ok_or_else(unnumbered)?;
        self.u32(n);
        self.u32(s.row);
        Ok(())
    }

    fn key(&mut self, k: &Arc<EmployeeKey>) -> std::io::Result<()> {
        let n = *self.keys.get(&Arc::as_ptr(k)).ok_or_else(unnumbered)?;
        self.u32(n);
        Ok(())
    }

    fn call(&mut self, c: &Call) -> std::io::Result<()> {
        self.opt_str(c.call_id.as_deref());
        self.key(&c.agent)?;
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
        self.source(&c.source)
    }

    /// Number and write the sheets and keys the records share, in the order met.
    fn tables(&mut self, data: &Dataset) {
        let mut sheets: Vec<&Arc<SourceSheet>> = Vec::new();
        let mut keys: Vec<&Arc<EmployeeKey>> = Vec::new();
        let shared = data
            .schedule
            .iter()
            .map(|s| (&s.source, &s.employee))
            .chain(data.punches.iter().map(|p| (&p.source, &p.employee)))
            .chain(data.calls.iter().map(|c| (&c.source, &c.agent)));
        for (source, key) in shared {
            let next = sheets.len() as u32;
            if *self.sheets.entry(Arc::as_ptr(&source.sheet)).or_insert(next) == next {
                sheets.push(&source.sheet);
            }
            let next = keys.len() as u32;
            if *self.keys.entry(Arc::as_ptr(key)).or_insert(next) == next {
                keys.push(key);
            }
        }
        self.len(sheets.len());
        for s in sheets {
            self.str(&s.file);
            self.str(&s.sheet);
            self.len(s.columns.len());
            for (name, col) in &s.columns {
                self.str(name);
                self.u32(*col);
            }
        }
        self.len(keys.len());
        for k in keys {
            self.opt_str(k.id.as_deref());
            self.opt_str(k.name.as_deref());
        }
    }
}

/// A record's sheet or key missing from the tables (a fault of this module).
fn unnumbered() -> std::io::Error {
    std::io::Error::other("a shared sheet or key was not numbered") // not a message
}

/// Why an entry could not be decoded (it is then not used).
#[derive(Debug)]
struct Unsound;

/// An entry being read: its payload comes from `src` into a window of at least
/// [`WINDOW`] bytes (more only for a longer single value).
struct Dec<R> {
    src: R,
    window: Vec<u8>,
    /// Where the unread bytes of `window` start.
    at: usize,
    /// The payload's bytes not taken yet (those in the window and those after it).
    left: u64,
    sheets: Vec<Arc<SourceSheet>>,
    keys: Vec<Arc<EmployeeKey>>,
}

/// How much of an entry is read or written at a time.
const WINDOW: usize = 1 << 20;

impl<R: Read> Dec<R> {
    fn take(&mut self, n: usize) -> Result<&[u8], Unsound> {
        if n as u64 > self.left {
            return Err(Unsound);
        }
        if self.window.len() - self.at < n {
            self.window.drain(..self.at);
            self.at = 0;
            let have = self.window.len();
            let want = usize::try_from((WINDOW.max(n) as u64).min(self.left)).map_err(|_| Unsound)?;
            self.window.resize(want, 0);
            self.src
                .read_exact(&mut self.window[have..])
                .map_err(|_| Unsound)?;
        }
        let taken = &self.window[self.at..self.at + n];
        self.at += n;
        self.left -= n as u64;
        Ok(taken)
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
        if n.saturating_mul(min) as u64 > self.left {
            return Err(Unsound);
        }
        Ok(n)
    }

    fn str(&mut self) -> Result<String, Unsound> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| Unsound)
    }

    fn flag(&mut self) -> Result<bool, Unsound> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Unsound),
        }
    }

    fn opt_str(&mut self) -> Result<Option<String>, Unsound> {
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
            kind: self.str()?,
            file: self.str()?,
            sheet: self.opt_str()?,
            format: self.opt_str()?,
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
            let file = self.str()?;
            let sheet = self.str()?;
            let mut columns = Vec::new();
            for _ in 0..self.count(12)? {
                let name = field_name(&self.str()?).ok_or(Unsound)?;
                columns.push((name, self.u32()?));
            }
            self.sheets.push(Arc::new(SourceSheet { file, sheet, columns }));
        }
        for _ in 0..self.count(2)? {
            let id = self.opt_str()?;
            let name = self.opt_str()?;
            self.keys.push(Arc::new(EmployeeKey { id, name }));
        }
        Ok(())
    }

    fn call(&mut self) -> Result<Call, Unsound> {
        let short = |s: Option<String>| s.as_deref().map(ShortText::new);
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

#[cfg(test)]
fn decode(payload: &[u8]) -> Result<Cached, Unsound> {
    decode_from(payload, payload.len() as u64)
}

/// The `len` bytes of a payload read from `src`, decoded; every byte must be used.
fn decode_from(src: impl Read, len: u64) -> Result<Cached, Unsound> {
    let mut d = Dec {
        src,
        window: Vec::new(),
        at: 0,
        left: len,
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
            shift: d.str()?,
            source: d.source()?,
        });
    }
    let n = d.count(27)?;
    data.punches.reserve_exact(n);
    for _ in 0..n {
        data.punches.push(Punch {
            employee: d.key()?,
            at: d.datetime()?,
            device: d.opt_str()?,
            result: d.opt_str()?,
            remark: d.opt_str()?,
            source: d.source()?,
        });
    }
    let n = d.count(35)?;
    data.calls.reserve_exact(n);
    for _ in 0..n {
        data.calls.push(d.call()?);
    }
    if d.left > 0 {
        return Err(Unsound);
    }
    Ok(Cached { inputs, data })
}

#[cfg(test)]
mod tests;
