//! ZKTeco's USB download `attlog.dat` (`format = "zkteco-attlog"`, chosen by the
//! `.dat` extension): no header, one punch a line, tab-separated user ID
//! (right-aligned with spaces), `YYYY-MM-DD HH:MM:SS`, verify mode, state, work
//! code and a reserved field.
//!
//! A device's clock can be wrong (reset to 2000, or set decades ahead), and its
//! memory can hold damaged records. A line whose date the device clock cannot
//! have given (before 2000, no such day, or more than a year before or after the
//! period the file covers: its longest run of dates without a year's gap) or
//! whose bytes are damaged is a problem naming the line, never a punch.

use std::sync::Arc;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use encoding_rs::GB18030;

use super::kinds::Cx;
use super::limits::{group, MAX_ROWS};
use super::sheet::SheetOutcome;
use super::text::{self, OrderChoice};
use super::Format;
use crate::i18n::Text;
use crate::model::{Punch, Source, SourceSheet};
use crate::msg;

/// The longest line read: a punch record is under 100 bytes, so a longer line is
/// a damaged one and is not decoded.
const MAX_LINE_BYTES: usize = 4096;

/// The earliest date a ZKTeco device clock can give.
fn clock_floor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

/// The name of a punch state (记录状态) as ZKTeco's software shows it.
fn state_name(state: &str) -> String {
    match state {
        "0" => "上班签到".into(),
        "1" => "下班签退".into(),
        "2" => "外出".into(),
        "3" => "外出返回".into(),
        "4" => "加班签到".into(),
        "5" => "加班签退".into(),
        other => other.to_string(),
    }
}

/// The device number ZKTeco puts in the file name (`1_attlog.dat` → `1`).
fn device_of(stem: &str) -> Option<String> {
    let (n, rest) = stem.split_once('_')?;
    (rest.eq_ignore_ascii_case("attlog") && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .then(|| n.to_string())
}

/// Lines of the file with their 1-based numbers (CRLF, CR and LF each end a line).
fn lines(bytes: &[u8]) -> Vec<(u32, &[u8])> {
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' | b'\r' => {
                out.push((line, &bytes[start..i]));
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                line += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push((line, &bytes[start..]));
    }
    out
}

/// One line as text: UTF-8, else GB18030 (IDs and reserved fields may hold
/// Chinese); `None` when the bytes are neither (a damaged record).
fn line_text(bytes: &[u8]) -> Option<String> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (s, had_errors) = GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| s.into_owned())
}

/// Whether a text has the shape the device writes, `YYYY-MM-DD HH:MM:SS`.
fn clock_shaped(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

/// A line that is no punch: the column at fault (if one), the line, and why.
type Refused = (Option<u32>, u32, Text);

/// A punch read from a line, before the device clock is judged.
struct Line {
    row: u32,
    id: String,
    at: NaiveDateTime,
    state: Option<String>,
}

/// Read an attlog file's bytes (NUL padding already split off) as the punches input.
pub fn read(bytes: &[u8], file: &str, stem: &str) -> SheetOutcome {
    let src = Arc::new(SourceSheet {
        file: file.to_string(),
        sheet: stem.to_string(),
        columns: vec![("工号", 0), ("打卡时间", 1), ("打卡结果", 3)],
    });
    let mut cx = Cx::default();
    let ends = bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count();
    if ends >= MAX_ROWS as usize {
        return SheetOutcome {
            sheet: stem.to_string(),
            result: Err(msg!("attlog.too_many_lines", max = group(MAX_ROWS as usize))),
            cx,
            reread: None,
            rows: 0,
            hard: false,
        };
    }
    // Every line in order: a punch to judge against the device clock, or a problem.
    let read: Vec<Result<Line, Refused>> = lines(bytes)
        .into_iter()
        .filter_map(|(row, raw)| read_line(row, raw))
        .collect();
    let clock = ClockWindow::of(&read);
    let device = device_of(stem);
    for l in read {
        let l = match l {
            Ok(l) => l,
            Err((col, row, msg)) => {
                cx.err(&src, col, row, msg);
                continue;
            }
        };
        if let Some(msg) = clock.refusal(l.at) {
            cx.err(&src, Some(1), l.row, msg);
            continue;
        }
        cx.record(Some(l.at.date()));
        cx.data.punches.push(Punch {
            employee: cx.keys.get(Some(&l.id), None),
            at: l.at,
            device: device.clone(),
            result: l.state,
            remark: None,
            source: Source {
                sheet: src.clone(),
                row: l.row,
            },
        });
    }
    SheetOutcome {
        sheet: stem.to_string(),
        result: Ok((Format::ZKTecoAttlog, None)),
        cx,
        reread: None,
        rows: 0,
        hard: false,
    }
}

/// One line of the file: a punch, a problem naming the line, or `None` when
/// the line is blank.
fn read_line(row: u32, raw: &[u8]) -> Option<Result<Line, Refused>> {
    if raw.len() > MAX_LINE_BYTES {
        return Some(Err((
            None,
            row,
            msg!("attlog.line_too_long", row = row, bytes = group(raw.len())),
        )));
    }
    let Some(line) = line_text(raw) else {
        let shown: Vec<String> = raw.iter().take(24).map(|b| format!("{b:02X}")).collect();
        let more = if raw.len() > 24 { " …" } else { "" };
        return Some(Err((
            None,
            row,
            msg!(
                "attlog.not_text",
                row = row,
                bytes = format!("{}{more}", shown.join(" "))
            ),
        )));
    };
    if line.trim().is_empty() {
        return None;
    }
    let fields: Vec<&str> = line.split('\t').collect();
    let id = fields[0].trim();
    let when = fields.get(1).map_or("", |f| f.trim());
    let at = match text::read_datetime(when, OrderChoice::default()) {
        text::DateTimeText::At(at) => at,
        _ if clock_shaped(when) => {
            return Some(Err((
                Some(1),
                row,
                msg!("attlog.no_such_moment", value = super::header::quote(when)),
            )));
        }
        _ => {
            return Some(Err((
                Some(1),
                row,
                msg!("attlog.not_a_datetime", value = super::header::quote(when)),
            )));
        }
    };
    if id.is_empty() {
        return Some(Err((
            Some(0),
            row,
            msg!("attlog.no_user_id", at = at.to_string()),
        )));
    }
    Some(Ok(Line {
        row,
        id: id.to_string(),
        at,
        state: fields
            .get(3)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(state_name),
    }))
}

/// The days a file's device clock can have given: the period the file covers,
/// widened by a year each side, never before 2000.
struct ClockWindow {
    /// The period's first day.
    from: Option<NaiveDate>,
    /// The period's last day.
    to: Option<NaiveDate>,
    /// The earliest day a punch can have.
    floor: NaiveDate,
    /// The latest day a punch can have (none when the file has no punch).
    ceiling: Option<NaiveDate>,
}

impl ClockWindow {
    /// The window of a file's lines.
    fn of(read: &[Result<Line, Refused>]) -> ClockWindow {
        let (from, to) = period(read.iter().filter_map(|r| r.as_ref().ok()));
        let floor = from
            .and_then(|f| f.checked_sub_months(Months::new(12)))
            .map_or(clock_floor(), |f| f.max(clock_floor()));
        let ceiling = to.and_then(|t| t.checked_add_months(Months::new(12)));
        ClockWindow {
            from,
            to,
            floor,
            ceiling,
        }
    }

    /// Why a punch at `at` is refused, when the device clock cannot have given it.
    fn refusal(&self, at: NaiveDateTime) -> Option<Text> {
        let day = at.date();
        let outside =
            day < self.floor || self.ceiling.is_some_and(|c| day > c) || day.year() > super::cell::LAST_YEAR;
        if !outside {
            return None;
        }
        let at = at.format("%Y-%m-%d %H:%M:%S").to_string();
        let last = super::cell::LAST_YEAR;
        Some(match (self.from, self.to) {
            (Some(a), Some(b)) => msg!(
                "attlog.clock_out_of_period",
                at = at,
                last = last,
                from = a.to_string(),
                to = b.to_string()
            ),
            _ => msg!("attlog.clock_out_of_range", at = at, last = last),
        })
    }
}

/// The period a device's file covers: its dates split wherever a year or more
/// passes without a punch, the run holding the most lines (the earliest of
/// equal runs). A handful of lines with a wrong clock stand apart from it.
fn period<'a>(lines: impl Iterator<Item = &'a Line>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let mut days: Vec<NaiveDate> = lines
        .map(|l| l.at.date())
        .filter(|d| *d >= clock_floor())
        .collect();
    days.sort_unstable();
    let mut best: Option<(usize, NaiveDate, NaiveDate)> = None;
    let mut run: Option<(usize, NaiveDate, NaiveDate)> = None;
    for d in days {
        run = match run {
            Some((n, a, b)) if (d - b).num_days() < 366 => Some((n + 1, a, d)),
            other => {
                if let Some(r) = other {
                    if best.is_none_or(|b| r.0 > b.0) {
                        best = Some(r);
                    }
                }
                Some((1, d, d))
            }
        };
    }
    if let Some(r) = run {
        if best.is_none_or(|b| r.0 > b.0) {
            best = Some(r);
        }
    }
    (best.map(|b| b.1), best.map(|b| b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_number_from_the_file_name() {
        assert_eq!(device_of("1_attlog"), Some("1".into()));
        assert_eq!(device_of("12_attlog"), Some("12".into()));
        assert_eq!(device_of("attlog"), None);
        assert_eq!(device_of("x_attlog"), None);
    }

    #[test]
    fn a_damaged_line_is_refused_in_either_language() {
        let Some(Err((col, row, why))) = read_line(3, b"    2\t2026-02-30 08:31:02\t1\t0") else {
            panic!("30 February is no punch");
        };
        assert_eq!((col, row), (Some(1), 3));
        assert!(why.starts_with("\"2026-02-30 08:31:02\" is impossible for the device clock"));
        assert!(why
            .render(crate::i18n::Lang::Zh)
            .starts_with("\"2026-02-30 08:31:02\" 不可能是考勤机时钟给出的时间"));
    }

    #[test]
    fn lines_keep_their_numbers_whatever_the_line_ends() {
        let got: Vec<(u32, &[u8])> = lines(b"a\r\nb\rc\n\nd");
        assert_eq!(
            got,
            vec![
                (1, &b"a"[..]),
                (2, &b"b"[..]),
                (3, &b"c"[..]),
                (4, &b""[..]),
                (5, &b"d"[..])
            ]
        );
    }
}
