//! Typed reads of one cell. Each returns `Ok(None)` for a missing value (blank,
//! `--`, `-`) and `Err(message)` naming the value found and what was expected.

use std::borrow::Cow;

use calamine::DataRef;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::text::{self, DateOrder};
use crate::i18n::Text;
use crate::model::Fen;

/// `s.trim()`, without walking the text when both ends are visible ASCII
/// (the common case for IDs, numbers and phone numbers).
fn quick_trim(s: &str) -> &str {
    let b = s.as_bytes();
    let visible = |c: &u8| c.is_ascii_graphic();
    if b.first().is_some_and(visible) && b.last().is_some_and(visible) {
        s
    } else {
        s.trim()
    }
}

/// A cell's text, trimmed; `None` when missing. Numbers print without a `.0`.
pub fn str_of<'c>(c: &'c DataRef<'_>) -> Option<Cow<'c, str>> {
    let borrowed = |s: &'c str| {
        let t = quick_trim(s);
        (!text::is_missing_trimmed(t)).then_some(Cow::Borrowed(t))
    };
    let s: Cow<'c, str> = match c {
        DataRef::Empty => return None,
        DataRef::String(s) => return borrowed(s.as_str()),
        DataRef::SharedString(s) => return borrowed(s),
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        DataRef::Float(x) => Cow::Owned(match text::float_to_int(*x) {
            Some(i) => i.to_string(),
            None => x.to_string(),
        }),
        DataRef::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => {
            let v = d.as_f64();
            if v < 1.0 {
                Cow::Owned(text::serial_to_time(v).map(|t| t.to_string()).unwrap_or_default())
            } else {
                let (y, m, dd, h, mi, s, _) = d.to_ymd_hms_milli();
                Cow::Owned(format!("{y:04}-{m:02}-{dd:02} {h:02}:{mi:02}:{s:02}"))
            }
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cow::Borrowed(s.as_str()),
        DataRef::Error(e) => Cow::Owned(format!("{e}")),
    };
    let t = s.trim();
    if text::is_missing_text(t) {
        return None;
    }
    Some(match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
        Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
    })
}

/// Whether a cell holds no value (empty, blank text, `--`, `-`), without formatting it.
pub fn is_blank(c: &DataRef<'_>) -> bool {
    match c {
        DataRef::Empty => true,
        DataRef::String(s) => text::is_missing_text(s),
        DataRef::SharedString(s) => text::is_missing_text(s),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text::is_missing_text(s),
        _ => false,
    }
}

/// A cell's text as an owned string, `None` when missing.
pub fn text_of(c: &DataRef<'_>) -> Option<String> {
    str_of(c).map(Cow::into_owned)
}

/// How a value is quoted in messages: `"25:61"` for text (escaped and cut as
/// [`super::header::quote`] does), `46329.5` for a number.
pub fn show(c: &DataRef<'_>) -> Text {
    match c {
        DataRef::String(s) => Text::raw(super::header::quote(s)),
        DataRef::SharedString(s) => Text::raw(super::header::quote(s)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Text::raw(super::header::quote(s)),
        DataRef::Float(x) => Text::raw(x.to_string()),
        DataRef::Int(i) => Text::raw(i.to_string()),
        DataRef::Bool(b) => Text::raw(b.to_string()),
        DataRef::DateTime(d) => Text::raw(d.as_f64().to_string()),
        DataRef::Error(e) => crate::msg!("cell.shown_error", error = e.to_string()),
        DataRef::Empty => crate::msg!("cell.shown_empty"),
    }
}

fn cell_error(c: &DataRef<'_>) -> Option<Text> {
    match c {
        DataRef::Error(e) => Some(crate::msg!("cell.holds_error", error = e.to_string())),
        _ => None,
    }
}

/// An ID (工号, 编号): text kept as written; a whole-number cell without `.0`.
/// A fraction, or a number too long for Excel to have kept exactly, is an error.
pub fn id(c: &DataRef<'_>) -> Result<Option<String>, Text> {
    id_ref(c).map(|o| o.map(Cow::into_owned))
}

/// [`id`] without copying text cells.
pub fn id_ref<'c>(c: &'c DataRef<'_>) -> Result<Option<Cow<'c, str>>, Text> {
    match c {
        DataRef::Float(x) => match text::float_to_int(*x) {
            Some(i) if i.abs() < 1_000_000_000_000_000 => Ok(Some(Cow::Owned(i.to_string()))),
            _ => Err(crate::msg!(
                "cell.number_not_id",
                value = x.to_string(),
                why = if x.fract() != 0.0 {
                    crate::msg!("cell.decimals")
                } else {
                    crate::msg!("cell.too_many_digits")
                }
            )),
        },
        DataRef::Int(i) => Ok(Some(Cow::Owned(i.to_string()))),
        DataRef::DateTime(_) => Err(crate::msg!("cell.date_not_id", value = show(c))),
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(e);
            }
            Ok(str_of(c).map(|s| match text::fold_width(&s) {
                Cow::Borrowed(_) => s,
                Cow::Owned(o) => Cow::Owned(o),
            }))
        }
    }
}

/// How the dates of one sheet are read: its date system, the order of day and
/// month in numeric texts, and the input kind (named in messages).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dates {
    /// The workbook counts dates from 1904.
    pub is_1904: bool,
    /// The order of `1/9/2017` and `04/09/17` (the setting, or what the file settled).
    pub orders: text::OrderChoice,
    /// The input kind, for `inputs.<kind>.date_order` in messages.
    pub kind: &'static str,
    /// The earliest year a date may have, when not [`FIRST_YEAR`] (a roster's
    /// 入职日期 goes back further: [`FIRST_HIRE_YEAR`]).
    pub since: Option<i32>,
}

/// The earliest year of a date read from an export: an earlier one is a typo
/// (201 for 2021), a date in the other date system, or a number read as a date.
pub const FIRST_YEAR: i32 = 1990;

/// The earliest year of a roster's 入职日期 (someone hired in 1985 may still work there).
pub const FIRST_HIRE_YEAR: i32 = 1950;

/// The latest year of a date read from an export.
pub const LAST_YEAR: i32 = 2100;

/// The first date serial past Excel's last day (9999-12-31), in the 1900 and 1904 systems.
const SERIAL_END: (f64, f64) = (2_958_466.0, 2_957_004.0);

impl Dates {
    /// Dates of a workbook with no order chosen (a text that reads two ways is refused).
    pub fn plain(is_1904: bool) -> Dates {
        Dates {
            is_1904,
            ..Dates::default()
        }
    }

    fn setting(&self) -> String {
        if self.kind.is_empty() {
            "date_order".to_string()
        } else {
            format!("inputs.{}.date_order", self.kind)
        }
    }

    fn ambiguous(&self, c: &DataRef<'_>, readings: &[(DateOrder, NaiveDate)]) -> DateFault {
        let as_dates = text::either(readings.iter().map(|(o, d)| {
            crate::msg!(
                "cell.reading",
                date = d.format("%Y-%m-%d").to_string(),
                order = text::order_words(*o)
            )
        }));
        let orders = text::either(readings.iter().map(|(o, _)| Text::raw(format!("\"{}\"", o.id()))));
        DateFault {
            message: crate::msg!(
                "cell.ambiguous_date",
                value = show(c),
                readings = as_dates,
                setting = self.setting(),
                orders = orders
            ),
            ambiguous: true,
        }
    }
}

/// Why a date cell could not be read: the message, and whether the text was
/// a date that reads two ways (which the file's other rows may settle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFault {
    /// What is wrong, with the value and what was expected.
    pub message: Text,
    /// The text reads as two or more dates.
    pub ambiguous: bool,
}

impl DateFault {
    fn bad(message: Text) -> DateFault {
        DateFault {
            message,
            ambiguous: false,
        }
    }
}

impl Dates {
    /// A date serial past 9999-12-31 (Excel shows `#####`; read naively it is 9999-12-31).
    fn beyond_excel(&self, c: &DataRef<'_>) -> Result<(), DateFault> {
        let (serial, is_1904) = match c {
            DataRef::DateTime(d) => (d.as_f64(), self.is_1904),
            DataRef::Float(x) => (*x, self.is_1904),
            DataRef::Int(i) => (*i as f64, self.is_1904),
            _ => return Ok(()),
        };
        let end = if is_1904 { SERIAL_END.1 } else { SERIAL_END.0 };
        if serial < end {
            return Ok(());
        }
        Err(DateFault::bad(crate::msg!(
            "cell.beyond_last_date",
            value = show(c),
            end = end as i64
        )))
    }

    /// A date whose year no export gives: the years read are [`FIRST_YEAR`]
    /// (or [`FIRST_HIRE_YEAR`]) to [`LAST_YEAR`].
    fn check_year(&self, c: &DataRef<'_>, day: NaiveDate) -> Result<(), DateFault> {
        let first = self.since.unwrap_or(FIRST_YEAR);
        if (first..=LAST_YEAR).contains(&day.year()) {
            return Ok(());
        }
        Err(DateFault::bad(crate::msg!(
            "cell.year_out_of_range",
            value = show(c),
            date = day.format("%Y-%m-%d").to_string(),
            first = first,
            last = LAST_YEAR
        )))
    }
}

/// A date: a date cell, a serial number, or date text (a time part is ignored);
/// a serial past Excel's last day, or a year outside [`FIRST_YEAR`]..=[`LAST_YEAR`],
/// is an error naming the value.
pub fn read_date(c: &DataRef<'_>, dates: &Dates) -> Result<Option<NaiveDate>, DateFault> {
    dates.beyond_excel(c)?;
    let day = read_any_date(c, dates)?;
    if let Some(d) = day {
        dates.check_year(c, d)?;
    }
    Ok(day)
}

/// [`read_date`] without the range checks.
fn read_any_date(c: &DataRef<'_>, dates: &Dates) -> Result<Option<NaiveDate>, DateFault> {
    let bad = || DateFault::bad(crate::msg!("cell.not_a_date", value = show(c)));
    match c {
        DataRef::DateTime(d) => {
            let (y, m, dd, ..) = d.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), dd.into())
                .filter(|_| d.as_f64() >= 1.0)
                .map(Some)
                .ok_or_else(bad)
        }
        DataRef::Float(x) => text::serial_to_datetime(*x, dates.is_1904)
            .filter(|_| *x >= 1.0)
            .map(|d| Some(d.date()))
            .ok_or_else(bad),
        DataRef::Int(i) => read_any_date(&DataRef::Float(*i as f64), dates),
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(DateFault::bad(e));
            }
            let Some(s) = str_of(c) else { return Ok(None) };
            match text::read_date(&s, dates.orders) {
                text::DateText::Date(d) => return Ok(Some(d)),
                text::DateText::Ambiguous(r) => return Err(dates.ambiguous(c, &r)),
                text::DateText::Impossible => return Err(bad()),
                text::DateText::NotADate => {}
            }
            match text::read_datetime(&s, dates.orders) {
                text::DateTimeText::At(dt) => return Ok(Some(dt.date())),
                text::DateTimeText::Ambiguous(r) => return Err(dates.ambiguous(c, &r)),
                text::DateTimeText::NotADateTime => {}
            }
            if let Some(n) = text::parse_int_text(&s).filter(|n| (20_000..80_000).contains(n)) {
                return read_any_date(&DataRef::Float(n as f64), dates);
            }
            Err(bad())
        }
    }
}

/// [`read_date`] with the fault as its message.
pub fn date(c: &DataRef<'_>, dates: &Dates) -> Result<Option<NaiveDate>, Text> {
    read_date(c, dates).map_err(|f| f.message)
}

/// A date and time: a date-time cell, a serial, or text; held to the same
/// range as [`read_date`].
pub fn read_datetime(c: &DataRef<'_>, dates: &Dates) -> Result<Option<NaiveDateTime>, DateFault> {
    dates.beyond_excel(c)?;
    let at = read_any_datetime(c, dates)?;
    if let Some(at) = at {
        dates.check_year(c, at.date())?;
    }
    Ok(at)
}

/// [`read_datetime`] without the range checks.
fn read_any_datetime(c: &DataRef<'_>, dates: &Dates) -> Result<Option<NaiveDateTime>, DateFault> {
    let bad = || DateFault::bad(crate::msg!("cell.not_a_datetime", value = show(c)));
    match c {
        DataRef::DateTime(d) => {
            let v = d.as_f64();
            if v < 1.0 {
                return Err(bad());
            }
            let (y, m, dd, h, mi, s, ms) = d.to_ymd_hms_milli();
            let base = NaiveDate::from_ymd_opt(y.into(), m.into(), dd.into())
                .and_then(|day| day.and_hms_opt(h.into(), mi.into(), s.into()))
                .ok_or_else(bad)?;
            Ok(Some(if ms >= 500 {
                base + chrono::Duration::seconds(1)
            } else {
                base
            }))
        }
        DataRef::Float(x) if *x >= 1.0 => text::serial_to_datetime(*x, dates.is_1904)
            .map(Some)
            .ok_or_else(bad),
        DataRef::Float(_) | DataRef::Int(_) | DataRef::Bool(_) => Err(bad()),
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(DateFault::bad(e));
            }
            let Some(s) = str_of(c) else { return Ok(None) };
            match text::read_datetime(&s, dates.orders) {
                text::DateTimeText::At(dt) => Ok(Some(dt)),
                text::DateTimeText::Ambiguous(r) => Err(dates.ambiguous(c, &r)),
                text::DateTimeText::NotADateTime => Err(bad()),
            }
        }
    }
}

/// [`read_datetime`] with the fault as its message.
pub fn datetime(c: &DataRef<'_>, dates: &Dates) -> Result<Option<NaiveDateTime>, Text> {
    read_datetime(c, dates).map_err(|f| f.message)
}

/// A time of day, whether it is marked next day (`次日`), and any remark after it (`外勤`).
pub type ClockRead = (NaiveTime, bool, Option<String>);

/// A time of day: a time cell, a day fraction, or text such as `08:31`, `次日 01:02`, `１０：００`.
/// A full date-time gives its time part.
pub fn time(c: &DataRef<'_>) -> Result<Option<ClockRead>, Text> {
    let bad = || crate::msg!("cell.not_a_time", value = show(c));
    match c {
        DataRef::DateTime(d) => text::serial_to_time(d.as_f64())
            .map(|t| Some((t, false, None)))
            .ok_or_else(bad),
        DataRef::Float(x) if (0.0..1.0).contains(x) => text::serial_to_time(*x)
            .map(|t| Some((t, false, None)))
            .ok_or_else(bad),
        DataRef::Float(_) | DataRef::Int(_) | DataRef::Bool(_) => Err(bad()),
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(e);
            }
            let Some(s) = str_of(c) else { return Ok(None) };
            if let Some(r) = text::parse_time(&s) {
                return Ok(Some(r));
            }
            if let Some(dt) = text::parse_datetime(&s) {
                return Ok(Some((dt.time(), false, None)));
            }
            Err(bad())
        }
    }
}

/// A duration in seconds: a number of seconds, `mm:ss`, `hh:mm:ss`, `136秒`, or a
/// time/duration cell. Negative values are an error.
pub fn duration(c: &DataRef<'_>) -> Result<Option<u32>, Text> {
    let secs: i64 = match c {
        DataRef::DateTime(d) => (d.as_f64() * 86_400.0).round() as i64,
        DataRef::Float(x) => {
            if x.fract() != 0.0 {
                x.round() as i64
            } else {
                *x as i64
            }
        }
        DataRef::Int(i) => *i,
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(e);
            }
            let Some(s) = str_of(c) else { return Ok(None) };
            text::parse_duration_text(&s)
                .ok_or_else(|| crate::msg!("cell.not_a_duration", value = show(c)))?
        }
    };
    if secs < 0 {
        return Err(crate::msg!("cell.negative_duration", value = show(c)));
    }
    u32::try_from(secs)
        .map(Some)
        .map_err(|_| crate::msg!("cell.duration_too_long", value = show(c)))
}

/// A whole number: a number cell or digits stored as text (`"12"`, `"１２"`).
pub fn int(c: &DataRef<'_>) -> Result<Option<i64>, Text> {
    match c {
        DataRef::Float(x) => text::float_to_int(*x)
            .map(Some)
            .ok_or_else(|| crate::msg!("cell.not_whole", value = x.to_string())),
        DataRef::Int(i) => Ok(Some(*i)),
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(e);
            }
            let Some(s) = str_of(c) else { return Ok(None) };
            let s2 = s.trim_end_matches(['天', '分', '次']);
            text::parse_int_text(s2)
                .map(Some)
                .ok_or_else(|| crate::msg!("cell.not_whole", value = show(c)))
        }
    }
}

/// An amount in yuan: a number cell or text such as `4,500.00`, `¥4500`, `4500元`.
pub fn money(c: &DataRef<'_>) -> Result<Option<Fen>, Text> {
    let bad = || crate::msg!("cell.not_money", value = show(c));
    match c {
        DataRef::Float(x) => {
            if !x.is_finite() {
                return Err(bad());
            }
            // Round to the fen once, as the cell shows it, then parse the text.
            Fen::parse_yuan(&format!("{x:.2}")).map(Some).ok_or_else(bad)
        }
        DataRef::Int(i) => Fen::checked_from_yuan(*i).map(Some).ok_or_else(bad),
        _ => {
            if let Some(e) = cell_error(c) {
                return Err(e);
            }
            let Some(s) = str_of(c) else { return Ok(None) };
            Fen::parse_yuan(&text::fold_width(&s)).map(Some).ok_or_else(bad)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn ids_stay_text_and_never_pass_through_a_float() {
        let long = DataRef::SharedString("012345678901234567890");
        assert_eq!(id(&long), Ok(Some("012345678901234567890".into())));
        assert_eq!(id(&DataRef::Float(1001.0)), Ok(Some("1001".into())));
        assert_eq!(id(&DataRef::Float(1.0)), Ok(Some("1".into())));
        assert!(id(&DataRef::Float(1.5)).is_err());
        assert!(id(&DataRef::Float(1.2345678901234568e16)).is_err());
        assert_eq!(id(&DataRef::SharedString("--")), Ok(None));
        assert_eq!(id(&DataRef::SharedString("Ｅ００１")), Ok(Some("E001".into())));
    }

    #[test]
    fn dates_from_cells_serials_and_text() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 3);
        let cell = DataRef::DateTime(ExcelDateTime::new(46_329.0, ExcelDateTimeType::DateTime, false));
        assert_eq!(date(&cell, &Dates::plain(false)), Ok(day));
        assert_eq!(date(&DataRef::Float(46_329.0), &Dates::plain(false)), Ok(day));
        // 1904 system: 46329 − 1462 = 44867.
        assert_eq!(date(&DataRef::Float(44_867.0), &Dates::plain(true)), Ok(day));
        assert_eq!(
            date(&DataRef::SharedString("2026/11/03 星期二"), &Dates::plain(false)),
            Ok(day)
        );
        assert_eq!(
            date(&DataRef::SharedString("46329"), &Dates::plain(false)),
            Ok(day)
        );
        assert_eq!(
            date(&DataRef::SharedString("2026-13-01"), &Dates::plain(false)).map_err(|e| e.en()),
            Err(
                "\"2026-13-01\" is not a date (expected a date such as 2026-11-03, 2026/11/3 or a date cell)"
                    .to_string()
            )
        );
        assert_eq!(date(&DataRef::Empty, &Dates::plain(false)), Ok(None));
    }

    #[test]
    fn dates_past_excels_last_day_or_outside_the_years_read_are_errors() {
        let plain = Dates::plain(false);
        let far = DataRef::DateTime(ExcelDateTime::new(
            3_000_000.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        let msg = date(&far, &plain).expect_err("beyond Excel");
        assert!(msg.contains("is beyond Excel's last date, 9999-12-31"), "{msg}");
        assert!(datetime(&DataRef::Float(2_958_466.0), &plain).is_err());
        // 1900-01-05 (serial 5) and 2150-01-01 are dates, but no export's.
        let msg = date(&DataRef::Float(5.0), &plain).expect_err("1900");
        assert_eq!(
            msg,
            "5 is the date 1900-01-05, outside the years read (1990 to 2100): a typo in the year, a date counted in another date system, or a number read as a date"
        );
        assert!(date(&DataRef::SharedString("2150-01-01"), &plain).is_err());
        assert!(datetime(&DataRef::SharedString("1989-12-31 08:00"), &plain).is_err());
        // A roster's hire dates go back to 1950.
        let hire = Dates {
            since: Some(FIRST_HIRE_YEAR),
            ..plain
        };
        assert_eq!(
            date(&DataRef::SharedString("1985-07-01"), &hire),
            Ok(NaiveDate::from_ymd_opt(1985, 7, 1))
        );
        assert!(date(&DataRef::SharedString("1949-07-01"), &hire).is_err());
    }

    #[test]
    fn datetimes_round_to_the_second() {
        // 08:31:02 = 30662 s; a serial one millisecond short still reads 08:31:02.
        let serial = 46_329.0 + (30_662.0 - 0.001) / 86_400.0;
        let want = NaiveDate::from_ymd_opt(2026, 11, 3).and_then(|d| d.and_hms_opt(8, 31, 2));
        let cell = DataRef::DateTime(ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false));
        assert_eq!(datetime(&cell, &Dates::plain(false)), Ok(want));
        assert_eq!(datetime(&DataRef::Float(serial), &Dates::plain(false)), Ok(want));
        assert_eq!(
            datetime(&DataRef::SharedString("2026/11/3 8:31:02"), &Dates::plain(false)),
            Ok(want)
        );
        assert!(datetime(&DataRef::SharedString("2026-11-03 25:61"), &Dates::plain(false)).is_err());
    }

    #[test]
    fn times_and_durations_from_cells() {
        let t = NaiveTime::from_hms_opt(12, 0, 0);
        let cell = DataRef::DateTime(ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false));
        assert_eq!(time(&cell).map(|r| r.map(|x| x.0)), Ok(t));
        assert_eq!(
            time(&DataRef::SharedString("25:61")).map_err(|e| e.en()),
            Err("\"25:61\" is not a time (expected HH:MM, HH:MM:SS or a time cell)".to_string())
        );
        let bad = time(&DataRef::SharedString("25:61"))
            .map(|_| ())
            .map_err(|e| e.render(crate::i18n::Lang::Zh));
        assert_eq!(
            bad,
            Err("\"25:61\" 不是时间（应为 HH:MM、HH:MM:SS 或时间单元格）".to_string())
        );
        // A time cell of 0:02:23 is 143 s = 143/86400 of a day.
        let dur = DataRef::DateTime(ExcelDateTime::new(
            143.0 / 86_400.0,
            ExcelDateTimeType::TimeDelta,
            false,
        ));
        assert_eq!(duration(&dur), Ok(Some(143)));
        assert_eq!(duration(&DataRef::SharedString("2:23")), Ok(Some(143)));
        assert_eq!(duration(&DataRef::Float(143.0)), Ok(Some(143)));
        assert_eq!(
            duration(&DataRef::Float(-5.0)).map_err(|e| e.en()),
            Err("-5 is a negative duration (expected 0 seconds or more)".to_string())
        );
    }

    #[test]
    fn numbers_and_money_from_text() {
        assert_eq!(int(&DataRef::SharedString("12")), Ok(Some(12)));
        assert_eq!(int(&DataRef::SharedString("3天")), Ok(Some(3)));
        assert_eq!(money(&DataRef::SharedString("4,500.50")), Ok(Some(Fen(450_050))));
        assert_eq!(money(&DataRef::Float(3187.25)), Ok(Some(Fen(318_725))));
        assert!(money(&DataRef::SharedString("四千")).is_err());
    }
}
