//! Opening files: xlsx/xlsm streamed cell by cell, xls/xlsb/ods through
//! calamine's ranges, CSV decoded (UTF-8, UTF-8 BOM, GB18030/GBK) without
//! replacing a single byte.

use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::AssertUnwindSafe;
use std::path::Path;

use calamine::{open_workbook, DataRef, Reader, Xls, XlsError, Xlsb, Xlsx};
use encoding_rs::{DecoderResult, GB18030};

use super::header::AliasTable;
use super::limits::{group, Limits, MAX_PROBLEMS_PER_INPUT};
use super::sheet::{hard_failure, rows_left, view, SheetCtx, SheetOutcome, SheetRun};
use super::sniff::{self, Content};
use super::stream::read_streamed;
use super::text::OrderChoice;
use super::Format;
use crate::config::InputSpec;
use crate::error::{Problem, ProblemSeverity};
use crate::i18n::Text;

/// What reading one file gave.
pub struct FileOutcome {
    /// Every sheet read.
    pub sheets: Vec<SheetOutcome>,
    /// Why the file as a whole could not be read.
    pub error: Option<Text>,
    /// Notes on the file as a whole (warnings: something was ignored, nothing to fix).
    pub notes: Vec<Text>,
}

impl FileOutcome {
    /// A file that could not be read, and why.
    pub fn fail(msg: impl Into<Text>) -> FileOutcome {
        FileOutcome {
            sheets: Vec::new(),
            error: Some(msg.into()),
            notes: Vec::new(),
        }
    }
}

/// Everything a file reader needs.
pub struct FileJob<'a> {
    /// Input kind.
    pub kind: &'static str,
    /// Its config.
    pub spec: &'a InputSpec,
    /// Aliases.
    pub table: &'a AliasTable,
    /// Preset named in the config.
    pub format: Option<Format>,
    /// File as shown in messages (relative to the project folder).
    pub rel: String,
    /// A 问卷星 text export's answers (`score_map_from`), for a codes export's scale.
    pub text_answers: Option<&'a super::wjx::TextAnswers>,
    /// The size limits (`[check]`).
    pub limits: Limits,
}

impl FileJob<'_> {
    /// What reading one sheet of the file needs.
    pub fn ctx(&self, sheet: &str, is_1904: bool, is_csv: bool) -> SheetCtx<'_> {
        SheetCtx {
            kind: self.kind,
            spec: self.spec,
            table: self.table,
            file: self.rel.clone(),
            sheet: sheet.to_string(),
            is_1904,
            format: self.format,
            is_csv,
            orders: OrderChoice::all(self.spec.date_order),
            text_answers: self.text_answers,
            rows_left: super::limits::MAX_ROWS,
        }
    }
}

/// Read one file of an input kind. A reader that panics on damaged data (a
/// defect, but not one to stop the whole run) gives a refusal of the file; at
/// most [`MAX_PROBLEMS_PER_INPUT`] problems are kept, the rest counted.
pub fn read_file(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    quiet_reader_panics();
    let outcome =
        std::panic::catch_unwind(AssertUnwindSafe(|| read_any(path, job))).unwrap_or_else(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .map(super::header::one_line);
            FileOutcome::fail(crate::msg!(
                "read.reader_stopped",
                why = why.map_or_else(|| crate::msg!("read.no_reason"), Text::raw)
            ))
        });
    cap_problems(outcome, &job.rel)
}

/// A panic inside calamine on a damaged file is caught by [`read_file`] and
/// becomes the file's refusal (with the panic's message): it is not printed
/// as well. Panics anywhere else are printed as before.
fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_reader = info.location().is_some_and(|l| l.file().contains("calamine"));
            if !in_reader {
                previous(info);
            }
        }));
    });
}

/// The refusal of a file a reader panicked on (in English); the fuzzer looks for its words.
pub const READER_STOPPED: &str = "the reader stopped on damaged data"; // not a message

/// At most [`MAX_PROBLEMS_PER_INPUT`] problems of a file kept, and the rest
/// (including those each sheet only counted) told in one more problem, an error
/// when any of them is one.
fn cap_problems(mut outcome: FileOutcome, rel: &str) -> FileOutcome {
    let (mut errors, mut warnings) = (0usize, 0usize);
    let mut kept = 0usize;
    let mut first_cut: Option<usize> = None;
    for (i, s) in outcome.sheets.iter_mut().enumerate() {
        let room = MAX_PROBLEMS_PER_INPUT - kept.min(MAX_PROBLEMS_PER_INPUT);
        let cut: Vec<Problem> = if s.cx.problems.len() > room {
            s.cx.problems.split_off(room)
        } else {
            Vec::new()
        };
        for p in &cut {
            if p.severity == ProblemSeverity::Error {
                errors += 1;
            } else {
                warnings += 1;
            }
        }
        errors += s.cx.unlisted.0;
        warnings += s.cx.unlisted.1;
        if (!cut.is_empty() || s.cx.unlisted != (0, 0)) && first_cut.is_none() {
            first_cut = Some(i);
        }
        kept += s.cx.problems.len();
    }
    if let Some(i) = first_cut {
        let s = &mut outcome.sheets[i];
        let mut p = Problem {
            file: rel.to_string(),
            sheet: Some(s.sheet.clone()),
            cell: None,
            message: crate::msg!(
                "read.more_problems",
                count = group(errors + warnings),
                errors = group(errors),
                warnings = group(warnings),
                kept = group(MAX_PROBLEMS_PER_INPUT)
            ),
            severity: ProblemSeverity::Error,
        };
        if errors == 0 {
            p = p.warning();
        }
        s.cx.problems.push(p);
    }
    outcome
}

/// [`read_file`] without its guards.
fn read_any(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    let mut head = Vec::with_capacity(4096);
    let n = match File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head)) {
        Ok(n) => n,
        Err(e) => return FileOutcome::fail(super::limits::cannot_read(&e)),
    };
    if n == 0 {
        return FileOutcome::fail(crate::msg!("read.empty_file"));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if job.format == Some(Format::ZKTecoAttlog) || (ext == "dat" && job.format.is_none()) {
        if job.kind != "punches" {
            return FileOutcome::fail(crate::msg!(
                "read.attlog_not_punches",
                ext = &ext,
                kind = job.kind
            ));
        }
        return read_attlog(path, job);
    }
    let known = matches!(
        ext.as_str(),
        "csv" | "txt" | "tsv" | "xlsx" | "xlsm" | "xlsb" | "ods" | "xls"
    );
    let content = sniff::sniff(&head);
    if known && content == Content::Ole && ext != "xls" && ole_is_encrypted(path) {
        return FileOutcome::fail(crate::msg!("read.encrypted_ooxml"));
    }
    if let Some(why) = sniff::mismatch(&ext, content).filter(|_| known) {
        return FileOutcome::fail(match content {
            Content::Delimited | Content::Text | Content::Binary => {
                crate::msg!("read.starts_with", why = why, start = show_bytes(&head))
            }
            _ => why,
        });
    }
    match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(path, job),
        "xlsx" | "xlsm" | "xlsb" | "ods" => {
            if let Err(m) = super::limits::scan_package(path, &job.limits) {
                return FileOutcome::fail(m);
            }
            match ext.as_str() {
                "xlsb" => read_streamed::<Xlsb<BufReader<File>>>(path, job),
                "ods" => super::ods::read_ods(path, job),
                _ => read_streamed::<Xlsx<BufReader<File>>>(path, job),
            }
        }
        "xls" => match job.limits.check_file_size(path) {
            Ok(()) => read_xls(path, job),
            Err(m) => FileOutcome::fail(m),
        },
        _ => FileOutcome::fail(crate::msg!("read.unsupported", ext = &ext)),
    }
}

/// The start of a file for a message: its first line when it is text, else hex bytes.
fn show_bytes(b: &[u8]) -> String {
    let valid = match std::str::from_utf8(b) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&b[..e.valid_up_to()]).unwrap_or_default(),
    };
    let line: String = valid
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(24)
        .collect();
    if !line.trim().is_empty() && !line.chars().any(super::header::needs_escape) {
        format!("\"{line}\"")
    } else {
        b.iter()
            .take(8)
            .map(|x| format!("{x:02X}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An OLE container holding `EncryptionInfo` is an encrypted OOXML workbook.
fn ole_is_encrypted(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let needle: Vec<u8> = "EncryptionInfo"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Sheet names for a message: the first twenty, each on one line, the rest counted.
fn listed(names: &[String]) -> Text {
    let shown: Vec<String> = names
        .iter()
        .take(20)
        .map(|n| super::header::one_line(n))
        .collect();
    if names.len() > 20 {
        crate::msg!("read.more_sheets", listed = shown.join(", "), count = names.len())
    } else {
        Text::raw(shown.join(", "))
    }
}

/// The sheets to read: the configured one, a preset's own sheet, or all.
pub fn select_sheets(job: &FileJob<'_>, names: &[String]) -> Result<Vec<String>, Text> {
    if let Some(s) = &job.spec.sheet {
        return if names.contains(s) {
            Ok(vec![s.clone()])
        } else {
            Err(crate::msg!(
                "read.no_such_sheet",
                kind = job.kind,
                sheet = s,
                sheets = listed(names)
            ))
        };
    }
    let pick = |n: &str| names.iter().any(|x| x == n).then(|| vec![n.to_string()]);
    if job.kind == "punches" {
        let preferred = match job.format {
            Some(Format::DingTalk) => pick("打卡时间"),
            Some(Format::DingTalkRaw) => pick("原始记录"),
            Some(Format::WeCom) => pick("打卡详情"),
            _ => pick("打卡详情").or_else(|| pick("原始记录")),
        };
        if let Some(p) = preferred {
            return Ok(p);
        }
    }
    Ok(names.to_vec())
}

/// Combine the sheets' outcomes: sheets without a header are ignored when another
/// sheet was read; when none was, the first sheet's reason is the file's.
pub fn settle(mut sheets: Vec<SheetOutcome>, several: bool) -> FileOutcome {
    if sheets.iter().any(|s| s.result.is_ok()) {
        if several {
            sheets.retain(|s| s.result.is_ok());
        }
        return FileOutcome {
            sheets,
            error: None,
            notes: Vec::new(),
        };
    }
    FileOutcome {
        sheets,
        error: None,
        notes: Vec::new(),
    }
}

/// Read an .xls workbook (calamine holds its sheets as ranges, within the cells
/// its patch allows: see vendor/calamine/ZHIDU-PATCH.md).
fn read_xls(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    let mut wb: Xls<BufReader<File>> = match open_workbook(path) {
        Ok(wb) => wb,
        Err(XlsError::CellLimitExceeded { cells, max }) => {
            return FileOutcome::fail(crate::msg!(
                "read.xls_too_many_cells",
                cells = group(cells),
                max = group(max)
            ))
        }
        Err(e) => {
            let msg = super::stream::said(&e);
            return FileOutcome::fail(
                if msg.to_lowercase().contains("password") || msg.contains("ncrypt") {
                    crate::msg!("read.encrypted_xls")
                } else {
                    super::stream::cannot_open(&msg)
                },
            );
        }
    };
    let names = wb.sheet_names();
    let selected = match select_sheets(job, &names) {
        Ok(s) => s,
        Err(m) => return FileOutcome::fail(m),
    };
    let mut outcomes = Vec::new();
    for name in &selected {
        let range = match wb.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                return FileOutcome::fail(crate::msg!(
                    "stream.cannot_read_sheet",
                    sheet = super::header::one_line(name),
                    error = super::stream::said(&e)
                ))
            }
        };
        let left = rows_left(&outcomes);
        let read = |orders: Option<OrderChoice>| -> Result<SheetOutcome, ()> {
            let mut ctx = job.ctx(name, false, false);
            ctx.rows_left = left;
            if let Some(o) = orders {
                ctx.orders = o;
            }
            let mut run = SheetRun::new(ctx);
            if let Some((r0, c0)) = range.start() {
                let pad = c0 as usize;
                for (i, cells) in range.rows().enumerate() {
                    let mut v: Vec<DataRef<'_>> = Vec::with_capacity(pad + cells.len());
                    v.resize(pad, DataRef::Empty);
                    v.extend(cells.iter().map(view));
                    run.row(r0 + i as u32 + 1, &v);
                }
            }
            Ok(run.finish())
        };
        if let Ok(outcome) = reread(read) {
            if let Some(why) = hard_failure(&outcome).filter(|_| selected.len() > 1) {
                return FileOutcome::fail(why);
            }
            outcomes.push(outcome);
        }
    }
    settle(outcomes, selected.len() > 1)
}

/// Decode CSV bytes: UTF-8 (a BOM is dropped) when valid, else GB18030 (a superset
/// of GBK). Bytes valid in neither are reported with line and byte offset.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), Vec<Text>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), "UTF-8 with BOM")),
            Err(e) => Err(vec![bad_bytes(
                bytes,
                3 + e.valid_up_to(),
                e.error_len().unwrap_or(1),
                "UTF-8",
            )]),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 16);
    let mut pos = 0usize;
    let mut errors = Vec::new();
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(bytes.len());
        }
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => break,
            DecoderResult::OutputFull => out.reserve(bytes.len()),
            DecoderResult::Malformed(bad, after) => {
                let len = bad as usize;
                let start = pos - after as usize - len;
                errors.push(bad_bytes(bytes, start, len, "GB18030/GBK"));
                if errors.len() >= 20 {
                    break;
                }
            }
        }
    }
    if errors.is_empty() {
        Ok((out, "GB18030"))
    } else {
        Err(errors)
    }
}

/// The first `len` bytes of a file decoded as GB18030, read a chunk at a time
/// (the decoded text is the only copy held); the places that are not valid are
/// located as [`decode`] locates them.
fn decode_gb18030_file(path: &Path, len: usize) -> Result<String, Vec<Text>> {
    let io = |e: std::io::Error| vec![super::limits::cannot_read(&e)];
    let mut file = File::open(path).map_err(io)?;
    let mut decoder = GB18030.new_decoder_without_bom_handling();
    let mut out = String::new();
    let mut chunk = vec![0u8; 1 << 16];
    let (mut offset, mut left) = (0usize, len);
    let mut bad: Vec<(usize, usize)> = Vec::new();
    while bad.len() < 20 {
        let n = file.read(&mut chunk[..left.min(1 << 16)]).map_err(io)?;
        left -= n;
        let last = n == 0 || left == 0;
        let mut pos = 0usize;
        while bad.len() < 20 {
            out.reserve(
                decoder
                    .max_utf8_buffer_length_without_replacement(n - pos)
                    .unwrap_or(n * 3)
                    + 16,
            );
            let (result, read) = decoder.decode_to_string_without_replacement(&chunk[pos..n], &mut out, last);
            pos += read;
            match result {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(b, after) => {
                    let start = (offset + pos).saturating_sub(after as usize + b as usize);
                    bad.push((start, b as usize));
                }
            }
        }
        offset += n;
        if last {
            break;
        }
    }
    if bad.is_empty() {
        return Ok(out);
    }
    drop(out);
    let bytes = std::fs::read(path).map_err(io)?;
    Err(bad
        .into_iter()
        .map(|(start, n)| bad_bytes(&bytes, start, n, "GB18030/GBK"))
        .collect())
}

/// The refusal of a text that is neither UTF-8 nor GB18030: the first places
/// found, one a line.
fn decode_refusal(errors: &[Text]) -> Text {
    const SHOWN: usize = 5;
    let mut lines: Vec<Text> = errors.iter().take(SHOWN).cloned().collect();
    if errors.len() > SHOWN {
        lines.push(crate::msg!("read.more_bad_bytes", count = errors.len()));
    }
    lines
        .into_iter()
        .reduce(|a, b| crate::msg!("read.next_line", first = a, next = b))
        .unwrap_or_else(|| Text::raw(""))
}

fn bad_bytes(bytes: &[u8], start: usize, len: usize, enc: &str) -> Text {
    let line = bytes[..start].iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = bytes[..start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let shown: Vec<String> = bytes[start..(start + len.max(1)).min(bytes.len())]
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    crate::msg!(
        "read.bad_bytes",
        line = line,
        byte = start - line_start + 1,
        offset = start,
        bytes = shown.join(" "),
        encoding = enc
    )
}

/// Trailing NUL bytes (the padding some devices write after their last record),
/// split off so the rest can be read; returns the bytes and how many were dropped.
pub fn strip_nul_padding(bytes: &[u8]) -> (&[u8], usize) {
    let keep = bytes.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
    (&bytes[..keep], bytes.len() - keep)
}

/// The note for NUL padding dropped from the end of a file.
pub fn nul_padding_note(n: usize) -> Text {
    crate::msg!("read.nul_padding", count = n)
}

/// Line numbers of byte offsets in a text, counting `\r\n`, a lone `\r` and a lone
/// `\n` each as one line end, so every row is numbered as the file's own line
/// whatever the line ends (Windows, old Mac, Unix or mixed). Offsets must be
/// asked for in increasing order.
pub struct LineCounter<'t> {
    text: &'t [u8],
    pos: usize,
    line: u32,
}

impl<'t> LineCounter<'t> {
    /// A counter at the start of `text` (line 1).
    pub fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line holding the byte at `offset`.
    pub fn line_at(&mut self, offset: usize) -> u32 {
        let end = offset.min(self.text.len());
        while self.pos < end {
            match self.text[self.pos] {
                b'\n' => self.line += 1,
                // `\r\n` is one line end: it is counted at its `\n`.
                b'\r' if self.text.get(self.pos + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.pos += 1;
        }
        self.line
    }
}

/// A file read whole (CSV, attlog), once its size is known to be within the limit.
fn read_whole(path: &Path, job: &FileJob<'_>) -> Result<Vec<u8>, Text> {
    job.limits.check_file_size(path)?;
    std::fs::read(path).map_err(|e| super::limits::cannot_read(&e))
}

fn read_csv(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    let mut bytes = match read_whole(path, job) {
        Ok(b) => b,
        Err(e) => return FileOutcome::fail(e),
    };
    let padding = strip_nul_padding(&bytes).1;
    bytes.truncate(bytes.len() - padding);
    // Plain UTF-8 becomes the text without a copy, and GB18030 is decoded from
    // the file once the bytes are freed: a large file is never held twice.
    let text = match String::from_utf8(bytes) {
        Ok(mut t) => {
            if t.starts_with('\u{feff}') {
                t.drain(..'\u{feff}'.len_utf8());
            }
            t
        }
        Err(e) if e.as_bytes().starts_with(b"\xEF\xBB\xBF") => match decode(e.as_bytes()) {
            Ok((t, _)) => t,
            Err(errors) => return FileOutcome::fail(decode_refusal(&errors)),
        },
        Err(e) => {
            let len = e.as_bytes().len();
            drop(e);
            match decode_gb18030_file(path, len) {
                Ok(t) if t.len() as u64 > job.limits.input_bytes => {
                    return FileOutcome::fail(crate::msg!(
                        "read.gb18030_too_large",
                        size = (t.len() as u64).div_ceil(1 << 20),
                        limit = job.limits.input_bytes >> 20
                    ))
                }
                Ok(t) => t,
                Err(errors) => return FileOutcome::fail(decode_refusal(&errors)),
            }
        }
    };
    let sheet = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let read = |orders: Option<OrderChoice>| -> Result<SheetOutcome, Text> {
        let mut ctx = job.ctx(&sheet, false, true);
        if let Some(o) = orders {
            ctx.orders = o;
        }
        let run = SheetRun::new(ctx);
        csv_rows(&text, run)
    };
    let outcome = match reread(read) {
        Ok(o) => o,
        Err(e) => return FileOutcome::fail(e),
    };
    let mut outcome = settle(vec![outcome], false);
    if padding > 0 {
        outcome.notes.push(nul_padding_note(padding));
    }
    outcome
}

fn read_attlog(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    let bytes = match read_whole(path, job) {
        Ok(b) => b,
        Err(e) => return FileOutcome::fail(e),
    };
    let (bytes, padding) = strip_nul_padding(&bytes);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut outcome = settle(vec![super::attlog::read(bytes, &job.rel, &stem)], false);
    if padding > 0 {
        outcome.notes.push(nul_padding_note(padding));
    }
    outcome
}

/// Read a sheet; read it again when its dates settle an order the first reading lacked.
pub fn reread<E>(
    mut read: impl FnMut(Option<OrderChoice>) -> Result<SheetOutcome, E>,
) -> Result<SheetOutcome, E> {
    let first = read(None)?;
    let Some((orders, notes)) = first.reread else {
        return Ok(first);
    };
    let mut second = read(Some(orders))?;
    second.cx.notes.extend(notes);
    Ok(second)
}

/// The field separator of a delimited text: a tab (database dumps: MySQL's
/// `INTO OUTFILE`, PostgreSQL's `COPY`), a semicolon (Excel where the decimal
/// mark is a comma) or a comma, whichever the first line holds most of outside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b'\t' if !quoted => counts[1] += 1,
            b';' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    match counts {
        [c, t, _] if t > c && t > 0 => b'\t',
        [c, _, s] if s > c && s > 0 => b';',
        _ => b',',
    }
}

/// The longest record a delimited text may have, in bytes: a real export's line
/// is a few hundred bytes, and the parser holds one record in memory whole.
const MAX_RECORD_BYTES: usize = 1 << 20;

/// Refuse a delimited text with a record longer than [`MAX_RECORD_BYTES`]
/// (line ends inside quotes belong to the record), naming its first line.
fn check_record_lengths(text: &str) -> Result<(), Text> {
    let mut quoted = false;
    let mut start = 0usize;
    let mut lines = LineCounter::new(text);
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => start = i + 1,
            _ => {}
        }
        if (i + 1).saturating_sub(start) > MAX_RECORD_BYTES {
            return Err(crate::msg!("read.long_record", line = lines.line_at(start)));
        }
    }
    Ok(())
}

/// Feed the records of a decoded CSV text to a sheet reader.
fn csv_rows(text: &str, mut run: SheetRun<'_>) -> Result<SheetOutcome, Text> {
    check_record_lengths(text)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut rec = csv::StringRecord::new();
    let mut records = 0u32;
    loop {
        let before = rdr.position().byte() as usize;
        match rdr.read_record(&mut rec) {
            Ok(true) => {
                let fields = u32::try_from(rec.len()).unwrap_or(u32::MAX);
                if let Some(why) = super::stream::beyond_grid(records, fields.saturating_sub(1)) {
                    return Err(crate::msg!(
                        "read.at_line",
                        line = lines.line_at(before),
                        why = why
                    ));
                }
                records += 1;
                // The reader may place a record's start on the line end before it
                // (the `\n` of a `\r\n`): its line is the one after those bytes.
                let mut start = rec.position().map_or(before, |p| p.byte() as usize);
                while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                let line = lines.line_at(start);
                let cells: Vec<DataRef<'_>> = rec.iter().map(DataRef::SharedString).collect();
                run.row(line, &cells);
            }
            Ok(false) => break,
            Err(e) => {
                let line = lines.line_at(before);
                return Err(crate::msg!("read.bad_csv", line = line, error = e.to_string()));
            }
        }
    }
    Ok(run.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_gbk() {
        assert_eq!(
            decode("工号,姓名\n".as_bytes()).map(|x| x.0),
            Ok("工号,姓名\n".to_string())
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("工号".as_bytes());
        assert_eq!(decode(&bom), Ok(("工号".to_string(), "UTF-8 with BOM")));
        // 工号 in GBK is B9 A4 BA C5.
        assert_eq!(
            decode(&[0xB9, 0xA4, 0xBA, 0xC5]),
            Ok(("工号".to_string(), "GB18030"))
        );
    }

    #[test]
    fn delimiters_are_sniffed_from_the_first_line() {
        assert_eq!(sniff_delimiter("calldate\tsrc\tdst\n"), b'\t');
        assert_eq!(sniff_delimiter("工号;打卡时间\n"), b';');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter("工号,打卡时间\n"), b',');
        assert_eq!(sniff_delimiter(""), b',');
    }

    #[test]
    fn lines_count_every_kind_of_line_end() {
        // "a\r\nb\rc\nd": a on line 1, b on 2, c on 3, d on 4.
        let text = "a\r\nb\rc\nd";
        let mut lines = LineCounter::new(text);
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(3), 2);
        assert_eq!(lines.line_at(5), 3);
        assert_eq!(lines.line_at(7), 4);
        assert_eq!(strip_nul_padding(b"x\n\0\0\0"), (&b"x\n"[..], 3));
        assert_eq!(strip_nul_padding(b"x"), (&b"x"[..], 0));
    }

    #[test]
    fn a_gbk_file_is_decoded_a_chunk_at_a_time_as_a_whole_would_be() {
        let dir = std::env::temp_dir().join(format!("zhidu-gbk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp folder");
        let path = dir.join("gbk.csv");
        // 工号 in GBK, repeated past one chunk, with a bad byte near the end.
        let mut bytes: Vec<u8> = std::iter::repeat_n([0xB9, 0xA4, 0xBA, 0xC5, b'\n'], 40_000)
            .flatten()
            .collect();
        std::fs::write(&path, &bytes).expect("write");
        let whole = decode(&bytes).map(|x| x.0);
        assert_eq!(decode_gb18030_file(&path, bytes.len()), whole);
        bytes.insert(150_001, 0xFF);
        std::fs::write(&path, &bytes).expect("write");
        let errs = decode_gb18030_file(&path, bytes.len()).expect_err("bad byte");
        assert_eq!(Err(errs), decode(&bytes).map(|x| x.0));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn invalid_bytes_are_located_not_replaced() {
        // Line 2 starts at offset 4 (after "a,b\n"); 0xFF at offset 6 is byte 3 of line 2.
        let bytes = [b'a', b',', b'b', b'\n', b'x', b',', 0xFF, b'\n'];
        let errs = decode(&bytes).expect_err("invalid");
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with(
                "line 2, byte 3 of the line (offset 6 in the file): bytes FF are not valid GB18030/GBK"
            ),
            "{}",
            errs[0]
        );
    }
}
