//! OpenDocument spreadsheets (.ods), streamed from `content.xml` row by row.
//!
//! ODF writes runs of equal rows and cells once, with `table:number-rows-repeated`
//! and `table:number-columns-repeated`. Empty runs (the million blank rows after
//! the data that LibreOffice writes) are never materialised: they only move the
//! row number on. A run of rows with data is handed on one row at a time, and
//! counts against `check.max_input_mib` as if it were written out, so a small
//! file that repeats a row a million times is held to the same limit as the
//! large file it stands for. Rows and columns beyond Excel's grid are refused.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, ExcelDateTimeType};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use super::limits::{group, Limits, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};
use super::read::{reread, select_sheets, settle, FileJob, FileOutcome};
use super::sheet::{hard_failure, rows_left, view, RowSink, SheetRun};
use super::stream::beyond_grid;
use super::text::OrderChoice;
use crate::i18n::Text;
use crate::model::source::column_letters;
use crate::msg;

type Xml<'r> = quick_xml::Reader<BufReader<&'r mut dyn Read>>;

const TABLE: QName<'static> = QName("table:table");
const ROW: QName<'static> = QName("table:table-row");
const CELL: QName<'static> = QName("table:table-cell");
const COVERED: QName<'static> = QName("table:covered-table-cell");

/// Elements that hold rows of a table without being rows themselves.
fn is_row_group(name: QName<'_>) -> bool {
    matches!(
        name.as_ref(),
        "table:table-header-rows" | "table:table-row-group" | "table:table-rows"
    )
}

/// Read the selected sheets of an .ods file.
pub fn read_ods(path: &Path, job: &FileJob<'_>) -> FileOutcome {
    match encrypted(path) {
        Ok(false) => {}
        Ok(true) => {
            return FileOutcome::fail(msg!("ods.encrypted"));
        }
        Err(m) => return FileOutcome::fail(m),
    }
    let names = match with_content(path, sheet_names) {
        Ok(n) => n,
        Err(m) => return FileOutcome::fail(m),
    };
    let selected = match select_sheets(job, &names) {
        Ok(s) => s,
        Err(m) => return FileOutcome::fail(m),
    };
    let mut outcomes = Vec::new();
    for name in &selected {
        let index = names.iter().position(|n| n == name).unwrap_or(0);
        let left = rows_left(&outcomes);
        let read = |orders: Option<OrderChoice>| {
            let mut ctx = job.ctx(name, false, false);
            ctx.rows_left = left;
            if let Some(o) = orders {
                ctx.orders = o;
            }
            let mut run = SheetRun::new(ctx);
            with_content(path, |xml| read_table(xml, index, &mut run, &job.limits))?;
            Ok::<_, Text>(run.finish())
        };
        match reread(read) {
            Ok(outcome) => {
                if let Some(why) = hard_failure(&outcome).filter(|_| selected.len() > 1) {
                    return FileOutcome::fail(why);
                }
                outcomes.push(outcome)
            }
            Err(e) => {
                return FileOutcome::fail(msg!(
                    "ods.cannot_read_sheet",
                    sheet = super::header::one_line(name),
                    error = e
                ))
            }
        }
    }
    settle(outcomes, selected.len() > 1)
}

/// Open the package and run `f` over its `content.xml`.
fn with_content<T>(path: &Path, f: impl FnOnce(&mut Xml<'_>) -> Result<T, Text>) -> Result<T, Text> {
    let file = File::open(path).map_err(|e| msg!("ods.cannot_read_file", error = e.to_string()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| msg!("ods.not_a_zip", error = super::stream::said(&e)))?;
    let mut entry = zip.by_name("content.xml").map_err(|_| msg!("ods.no_content"))?;
    let reader: &mut dyn Read = &mut entry;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(reader));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    f(&mut xml)
}

/// Whether the package's manifest marks a part as encrypted.
fn encrypted(path: &Path) -> Result<bool, Text> {
    let file = File::open(path).map_err(|e| msg!("ods.cannot_read_file", error = e.to_string()))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| msg!("ods.not_a_zip", error = super::stream::said(&e)))?;
    let Ok(mut entry) = zip.by_name("META-INF/manifest.xml") else {
        return Ok(false);
    };
    let mut text = String::new();
    // The manifest lists the parts; scan_package has bounded its size.
    entry
        .read_to_string(&mut text)
        .map_err(|e| msg!("ods.bad_manifest", error = e.to_string()))?;
    Ok(text.contains("manifest:encryption-data"))
}

fn xml_error(xml: &Xml<'_>, e: quick_xml::Error) -> Text {
    msg!(
        "ods.bad_xml",
        byte = xml.error_position(),
        error = super::stream::said(&e)
    )
}

/// The next event, or the message for malformed XML or a premature end.
fn next<'b>(xml: &mut Xml<'_>, buf: &'b mut Vec<u8>) -> Result<Event<'b>, Text> {
    buf.clear();
    match xml.read_event_into(buf) {
        Ok(Event::Eof) => Err(msg!("ods.cut_short")),
        Ok(e) => Ok(e),
        Err(e) => Err(xml_error(xml, e)),
    }
}

/// Skip an element whose start tag was just read, with everything inside it.
fn skip(xml: &mut Xml<'_>, buf: &mut Vec<u8>) -> Result<(), Text> {
    let mut depth = 1usize;
    while depth > 0 {
        match next(xml, buf)? {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    Ok(())
}

/// An attribute's unescaped value.
fn attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<Cow<'e, str>> {
    let a = e.attributes().flatten().find(|a| a.key.as_ref() == name)?;
    Some(match a.value {
        Cow::Borrowed(v) => quick_xml::escape::unescape(v).unwrap_or(Cow::Borrowed(v)),
        Cow::Owned(v) => Cow::Owned(quick_xml::escape::unescape(&v).map(Cow::into_owned).unwrap_or(v)),
    })
}

/// A repeat count (`table:number-rows-repeated`, `table:number-columns-repeated`), 1 when absent.
fn repeats(e: &BytesStart<'_>, name: &str) -> Result<u64, Text> {
    match attr(e, name) {
        None => Ok(1),
        Some(v) => v
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| msg!("ods.not_a_count", name = name, value = super::header::quote(&v))),
    }
}

/// The names of the sheets, in order.
fn sheet_names(xml: &mut Xml<'_>) -> Result<Vec<String>, Text> {
    let mut names = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name() == TABLE => {
                names.push(attr(&e, "table:name").map(Cow::into_owned).unwrap_or_default());
                skip(xml, &mut buf)?;
            }
            Ok(Event::Eof) => return Ok(names),
            Ok(_) => {}
            Err(e) => return Err(xml_error(xml, e)),
        }
    }
}

/// Where a sheet's reading stands: the next row number (0-based) and the bytes
/// its rows would take written out.
struct Progress<'l> {
    row: u64,
    expanded: u64,
    limits: &'l Limits,
}

impl Progress<'_> {
    /// Count a row that takes `bytes` written out, `times` over.
    fn spend(&mut self, bytes: u64, times: u64) -> Result<(), Text> {
        self.expanded = self.expanded.saturating_add(bytes.saturating_mul(times));
        if self.expanded > self.limits.input_bytes {
            return Err(msg!(
                "ods.too_large",
                mib = self.limits.input_bytes >> 20,
                row = group(self.row.min(u64::from(MAX_ROWS)) as usize + 1),
                times = group(times as usize)
            ));
        }
        Ok(())
    }
}

/// Read the rows of the first sheet of an .ods file into `sink` (for a file
/// read as a whole table, such as a 问卷星 text export).
pub fn read_first_sheet(path: &Path, sink: &mut dyn RowSink, limits: &Limits) -> Result<String, Text> {
    let names = with_content(path, sheet_names)?;
    with_content(path, |xml| read_table(xml, 0, sink, limits))?;
    Ok(names.into_iter().next().unwrap_or_default())
}

/// Read the `index`-th sheet of `content.xml` into `run`.
fn read_table(xml: &mut Xml<'_>, index: usize, run: &mut dyn RowSink, limits: &Limits) -> Result<(), Text> {
    let mut buf = Vec::new();
    let mut seen = 0usize;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name() == TABLE => {
                if seen == index {
                    break;
                }
                seen += 1;
                skip(xml, &mut buf)?;
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(xml, e)),
        }
    }
    let mut progress = Progress {
        row: 0,
        expanded: 0,
        limits,
    };
    let mut cells: Vec<Data> = Vec::new();
    loop {
        let start = xml.buffer_position();
        match next(xml, &mut buf)? {
            Event::Start(e) if e.name() == ROW => {
                let times = repeats(&e, "table:number-rows-repeated")?;
                let widened = read_row(xml, &mut cells, progress.row)?;
                let bytes = (xml.buffer_position() - start).saturating_add(widened);
                emit(run, &cells, times, bytes, &mut progress)?;
            }
            Event::Start(e) if is_row_group(e.name()) => {}
            Event::Start(_) => skip(xml, &mut buf)?,
            Event::End(e) if e.name() == TABLE => return Ok(()),
            _ => {}
        }
    }
}

/// Hand a row read to the sheet `times` over; an empty row only moves the row number on.
fn emit(
    run: &mut dyn RowSink,
    cells: &[Data],
    times: u64,
    bytes: u64,
    p: &mut Progress<'_>,
) -> Result<(), Text> {
    if cells.is_empty() {
        p.row = p.row.saturating_add(times);
        return Ok(());
    }
    let last = p.row.saturating_add(times - 1);
    if last >= u64::from(MAX_ROWS) {
        let row = u32::try_from(last).unwrap_or(u32::MAX);
        return Err(outside_grid(row.max(MAX_ROWS), 0));
    }
    p.spend(bytes, times)?;
    let view: Vec<DataRef<'_>> = cells.iter().map(view).collect();
    for _ in 0..times {
        // Within the grid, checked above.
        run.row(p.row as u32 + 1, &view);
        p.row += 1;
    }
    Ok(())
}

/// Read the cells of a row whose start tag was just read into `cells`, without
/// its trailing empty cells; returns the bytes its repeated cells add written out.
fn read_row(xml: &mut Xml<'_>, cells: &mut Vec<Data>, row: u64) -> Result<u64, Text> {
    cells.clear();
    let mut buf = Vec::new();
    let mut pending_empty = 0u64;
    let mut widened = 0u64;
    loop {
        let start = xml.buffer_position();
        match next(xml, &mut buf)? {
            Event::Start(e) if e.name() == CELL || e.name() == COVERED => {
                let times = repeats(&e, "table:number-columns-repeated")?;
                let kind = CellKind::of(&e);
                let value = read_cell(xml, &e, kind, row, cells.len() as u64 + pending_empty)?;
                if is_empty(&value) {
                    pending_empty = pending_empty.saturating_add(times);
                    continue;
                }
                let width = (cells.len() as u64)
                    .saturating_add(pending_empty)
                    .saturating_add(times);
                if width > u64::from(MAX_COLUMNS) {
                    let row = u32::try_from(row).unwrap_or(u32::MAX);
                    return Err(outside_grid(row, MAX_COLUMNS));
                }
                cells.resize(cells.len() + pending_empty as usize, Data::Empty);
                pending_empty = 0;
                for _ in 1..times {
                    cells.push(value.clone());
                }
                cells.push(value);
                let bytes = xml.buffer_position() - start;
                widened = widened.saturating_add(bytes.saturating_mul(times - 1));
            }
            Event::Start(_) => skip(xml, &mut buf)?,
            Event::End(e) if e.name() == ROW => return Ok(widened),
            _ => {}
        }
    }
}

/// The refusal of a row or column beyond Excel's grid.
fn outside_grid(row: u32, col: u32) -> Text {
    beyond_grid(row, col).unwrap_or_else(|| Text::raw(""))
}

fn is_empty(d: &Data) -> bool {
    match d {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

/// What a cell's attributes say it holds.
struct CellKind {
    value_type: Option<String>,
    error: bool,
}

impl CellKind {
    fn of(e: &BytesStart<'_>) -> CellKind {
        CellKind {
            value_type: attr(e, "office:value-type").map(Cow::into_owned),
            error: attr(e, "calcext:value-type").is_some_and(|v| v == "error"),
        }
    }
}

/// A cell's value; its content is read (or skipped) up to its end tag.
fn read_cell(
    xml: &mut Xml<'_>,
    e: &BytesStart<'_>,
    kind: CellKind,
    row: u64,
    col: u64,
) -> Result<Data, Text> {
    let at = || {
        format!(
            "{}{}",
            column_letters(u32::try_from(col).unwrap_or(MAX_COLUMNS)),
            row + 1
        )
    };
    let value = match kind.value_type.as_deref() {
        Some("float" | "percentage" | "currency") => {
            let v = attr(e, "office:value").unwrap_or_default();
            Some(match v.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Data::Float(x),
                _ => Data::String(v.into_owned()),
            })
        }
        Some("date") => attr(e, "office:date-value").map(|v| date_value(&v)),
        Some("time") => attr(e, "office:time-value").map(|v| time_value(&v)),
        Some("boolean") => attr(e, "office:boolean-value").map(|v| Data::Bool(v == "true" || v == "TRUE")),
        Some("string") => attr(e, "office:string-value")
            .filter(|v| !(kind.error && v.is_empty()))
            .map(|v| Data::String(v.into_owned())),
        _ => Some(Data::Empty),
    };
    match value {
        Some(v) => {
            skip(xml, &mut Vec::new())?;
            Ok(v)
        }
        None => {
            let text = cell_text(xml).map_err(|m| msg!("ods.at_cell", cell = at(), error = m))?;
            Ok(match kind.error.then(|| error_of(&text)).flatten() {
                Some(err) => Data::Error(err),
                None => Data::String(text),
            })
        }
    }
}

/// The text of a cell (its paragraphs joined by line ends), up to its end tag.
fn cell_text(xml: &mut Xml<'_>) -> Result<String, Text> {
    let mut s = String::new();
    let mut buf = Vec::new();
    let mut depth = 1usize;
    let mut paragraphs = 0usize;
    let too_long = || msg!("ods.cell_too_long", max = group(MAX_CELL_CHARS));
    // UTF-8 takes at most 4 bytes a character: past this, the text is too long.
    let max_bytes = MAX_CELL_CHARS * 4;
    while depth > 0 {
        match next(xml, &mut buf)? {
            Event::Start(e) => {
                depth += 1;
                match e.name().as_ref() {
                    "text:p" | "text:h" => {
                        if paragraphs > 0 {
                            s.push('\n');
                        }
                        paragraphs += 1;
                    }
                    "text:s" => {
                        let n = repeats(&e, "text:c")?;
                        if n > (max_bytes - s.len().min(max_bytes)) as u64 {
                            return Err(too_long());
                        }
                        s.extend(std::iter::repeat_n(' ', n as usize));
                    }
                    "text:tab" => s.push('\t'),
                    "text:line-break" => s.push('\n'),
                    "office:annotation" => {
                        skip(xml, &mut buf)?;
                        depth -= 1;
                    }
                    _ => {}
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => s.push_str(&t.xml10_content()),
            Event::CData(t) => s.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                if let Some(text) = quick_xml::escape::resolve_predefined_entity(&name) {
                    s.push_str(text);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    s.push(c);
                }
            }
            _ => {}
        }
        if s.len() > max_bytes {
            return Err(too_long());
        }
    }
    Ok(s)
}

/// The error a cell shows (`#DIV/0!`, `#N/A`, …).
fn error_of(text: &str) -> Option<CellErrorType> {
    Some(match text.trim() {
        "#DIV/0!" => CellErrorType::Div0,
        "#N/A" => CellErrorType::NA,
        "#NAME?" => CellErrorType::Name,
        "#NULL!" => CellErrorType::Null,
        "#NUM!" => CellErrorType::Num,
        "#REF!" => CellErrorType::Ref,
        "#VALUE!" => CellErrorType::Value,
        _ => return None,
    })
}

/// Excel's day 0 in the 1900 system, as the serials of .xlsx cells count.
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// An `office:date-value` (`2026-11-03`, `2026-11-03T08:31:02`) as a date cell,
/// read exactly like an .xlsx date; outside 1900-03-01..9999-12-31, its text.
fn date_value(v: &str) -> Data {
    let t = v.trim();
    let at = NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    let first = NaiveDate::from_ymd_opt(1900, 3, 1).unwrap_or_default();
    match at {
        Some(at) if at.date() >= first && at.year() <= 9999 => {
            let since = at - excel_epoch().and_hms_opt(0, 0, 0).unwrap_or_default();
            let serial = since.num_milliseconds() as f64 / 86_400_000.0;
            Data::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false))
        }
        _ => Data::DateTimeIso(t.to_string()),
    }
}

/// An `office:time-value` (`PT08H31M02S`, `P1DT2H`) as a time cell; its text
/// when it is not such a duration (or negative).
fn time_value(v: &str) -> Data {
    match iso_duration_seconds(v.trim()) {
        Some(secs) => Data::DateTime(ExcelDateTime::new(
            secs / 86_400.0,
            ExcelDateTimeType::TimeDelta,
            false,
        )),
        None => Data::DurationIso(v.trim().to_string()),
    }
}

/// The seconds of an ISO 8601 duration of days, hours, minutes and seconds.
fn iso_duration_seconds(t: &str) -> Option<f64> {
    let rest = t.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((d, tm)) => (d, tm),
        None => (rest, ""),
    };
    let mut secs = 0f64;
    if !days.is_empty() {
        secs += days.strip_suffix('D')?.parse::<f64>().ok()? * 86_400.0;
    }
    let mut number = String::new();
    for c in time.chars() {
        let unit = match c {
            'H' => 3_600.0,
            'M' => 60.0,
            'S' => 1.0,
            _ => {
                number.push(c);
                continue;
            }
        };
        secs += number.parse::<f64>().ok()? * unit;
        number.clear();
    }
    (number.is_empty() && secs.is_finite() && secs >= 0.0).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_become_cells_like_xlsx() {
        match date_value("2026-11-03T08:31:02") {
            Data::DateTime(d) => {
                assert_eq!(d.to_ymd_hms_milli(), (2026, 11, 3, 8, 31, 2, 0));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(date_value("2026-11-03"), Data::DateTime(d) if d.as_f64() == 46_329.0));
        assert_eq!(date_value("0999-01-01"), Data::DateTimeIso("0999-01-01".into()));
        assert!(
            matches!(time_value("PT08H31M00S"), Data::DateTime(d) if (d.as_f64() * 86_400.0 - 30_660.0).abs() < 1e-6)
        );
        assert_eq!(iso_duration_seconds("P1DT2H"), Some(93_600.0));
        assert_eq!(iso_duration_seconds("-PT1H"), None);
        assert_eq!(time_value("soon"), Data::DurationIso("soon".into()));
    }

    #[test]
    fn error_cells_are_errors() {
        assert_eq!(error_of("#DIV/0!"), Some(CellErrorType::Div0));
        assert_eq!(error_of("text"), None);
    }
}
