//! Text conversions shared by every reader: full-width folding, dates, times,
//! durations, numbers and IDs as real exports write them. No floats leave here
//! except Excel serials, which are turned into exact seconds at once.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Fold full-width ASCII (`１０：００`, `（秒）`) and the ideographic space to
/// their ASCII forms, so one parser reads both.
pub fn fold_width(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii()
        || !s
            .chars()
            .any(|c| ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}')
    {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// Whether a text value means "no value": blank, `--`, `-`, `—`.
pub fn is_missing_text(s: &str) -> bool {
    is_missing_trimmed(s.trim())
}

/// [`is_missing_text`] for text already trimmed.
pub fn is_missing_trimmed(t: &str) -> bool {
    t.len() <= 6 && matches!(t, "" | "-" | "--" | "—" | "——" | "－" | "－－")
}

/// A header as compared with aliases: width folded, whitespace removed, lower case.
pub fn normalize_header(s: &str) -> String {
    fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Days from 0001-01-01 (CE) of the Excel epochs.
fn excel_epoch(is_1904: bool) -> NaiveDate {
    if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1).unwrap_or_default()
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
    }
}

/// An Excel serial date-time (1900 or 1904 system) to the nearest second.
/// Serials below 61 in the 1900 system are shifted by Excel's phantom 1900-02-29.
pub fn serial_to_datetime(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let total = (serial * 86_400.0).round() as i64;
    let mut days = total.div_euclid(86_400);
    let secs = total.rem_euclid(86_400);
    if !is_1904 && days < 61 && days > 0 {
        days += 1;
    }
    let date = excel_epoch(is_1904).checked_add_signed(Duration::days(days))?;
    let time = NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, 0)?;
    Some(date.and_time(time))
}

/// The time of day of a serial (its fraction), to the nearest second; `1.0` and more
/// wrap to the time of that day.
pub fn serial_to_time(serial: f64) -> Option<NaiveTime> {
    if !serial.is_finite() || serial < 0.0 {
        return None;
    }
    let secs = ((serial * 86_400.0).round() as i64).rem_euclid(86_400);
    NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, 0)
}

/// Strip a trailing weekday (`星期六`, `周六`, `(六)`, `Sat`) from a date text.
fn strip_weekday(s: &str) -> &str {
    let t = s.trim();
    if let Some((head, tail)) = t.rsplit_once(' ') {
        let tail = tail.trim();
        if tail.starts_with("星期")
            || tail.starts_with('周')
            || tail.starts_with('(')
            || ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .iter()
                .any(|d| tail.to_ascii_lowercase().starts_with(d))
        {
            return head.trim();
        }
    }
    if let Some(i) = t.find('(') {
        return t[..i].trim();
    }
    t
}

/// Parse a date as exports write it: `2026-11-03`, `2026/11/3`, `2026.11.03`,
/// `20261103`, `2026年11月3日`, `26-06-01`, each optionally followed by a weekday.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let folded = fold_width(text);
    let t = strip_weekday(&folded);
    let t = t.trim_end_matches('日').trim_end_matches('号');
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let y = t[..4].parse().ok()?;
        let m = t[4..6].parse().ok()?;
        let d = t[6..].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).map(str::trim).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut y: i32 = parts[0].parse().ok()?;
    if parts[0].len() == 2 {
        y += 2000;
    } else if parts[0].len() != 4 {
        return None;
    }
    if parts[1].len() > 2 || parts[2].len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, parts[1].parse().ok()?, parts[2].parse().ok()?)
}

/// Parse a time of day: `8:31`, `08:31`, `08:31:02`, `08:31:02.000`, `１０：００`,
/// optionally after `次日` (next day), and optionally followed by a remark such as `外勤`.
/// Returns the time, whether it is on the next day, and the remark.
pub fn parse_time(text: &str) -> Option<(NaiveTime, bool, Option<String>)> {
    let folded = fold_width(text);
    let mut t = folded.trim();
    let mut next_day = false;
    for prefix in ["次日", "+1"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            next_day = true;
            t = rest.trim();
        }
    }
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ':' || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (clock, remark) = t.split_at(end);
    let clock = clock.split('.').next().unwrap_or(clock);
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts.iter().any(|p| p.is_empty() || p.len() > 2)
        || parts[1].len() != 2
    {
        return None;
    }
    let h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let s: u32 = match parts.get(2) {
        Some(p) if p.len() == 2 => p.parse().ok()?,
        Some(_) => return None,
        None => 0,
    };
    let time = NaiveTime::from_hms_opt(h, m, s)?;
    let remark = remark
        .trim()
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    let remark = (!remark.is_empty()).then(|| remark.to_string());
    Some((time, next_day, remark))
}

/// Parse a date and time: `2026-11-03 08:31:02`, `2026/11/3 8:31`,
/// `2026-11-03T08:31:02`, `2026年11月3日 08:31`.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let folded = fold_width(text);
    let t = folded.trim();
    let (d, tm) = t.split_once(['T', ' '])?;
    let date = parse_date(d)?;
    let tm = tm.trim();
    // A weekday may sit between the date and the time.
    let tm = match tm.split_once(' ') {
        Some((w, rest)) if w.starts_with("星期") || w.starts_with('周') => rest.trim(),
        _ => tm,
    };
    let (time, next_day, remark) = parse_time(tm)?;
    if remark.is_some() {
        return None;
    }
    let dt = date.and_time(time);
    Some(if next_day { dt + Duration::days(1) } else { dt })
}

/// Parse a whole number written as text: `12`, `12.0`, ` 1,234 `, `１２`.
pub fn parse_int_text(text: &str) -> Option<i64> {
    let folded = fold_width(text);
    let t: String = folded.trim().chars().filter(|c| *c != ',').collect();
    let t = t.strip_suffix(".0").unwrap_or(&t);
    let t = t.trim_end_matches(".00");
    t.parse().ok()
}

/// Parse a duration written as text: `75`, `75秒`, `75s`, `1:15`, `01:01:15`,
/// `1分15秒`, `-3` (negative values are returned and rejected by the caller).
pub fn parse_duration_text(text: &str) -> Option<i64> {
    let folded = fold_width(text);
    let t = folded.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim()),
        None => (false, t),
    };
    let secs = if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()) {
            return None;
        }
        let mut total: i64 = 0;
        for (i, p) in parts.iter().enumerate() {
            let p = p.split('.').next().unwrap_or(p);
            let v: i64 = p.parse().ok()?;
            if i > 0 && (v >= 60 || p.len() != 2) {
                return None;
            }
            total = total * 60 + v;
        }
        total
    } else if t.contains('分') || t.contains('时') {
        let mut total = 0i64;
        let mut num = String::new();
        for c in t.chars() {
            match c {
                '0'..='9' => num.push(c),
                '时' | '小' => {
                    if !num.is_empty() {
                        total += num.parse::<i64>().ok()? * 3600;
                        num.clear();
                    }
                }
                '分' => {
                    total += num.parse::<i64>().ok()? * 60;
                    num.clear();
                }
                '秒' => {
                    total += num.parse::<i64>().ok()?;
                    num.clear();
                }
                '钟' => {}
                _ => return None,
            }
        }
        if !num.is_empty() {
            return None;
        }
        total
    } else {
        let t = t.trim_end_matches('秒').trim_end_matches('s').trim();
        parse_int_text(t)?
    };
    Some(if neg { -secs } else { secs })
}

/// A whole number from a float cell, refusing fractions and values a float cannot hold exactly.
pub fn float_to_int(x: f64) -> Option<i64> {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        Some(x as i64)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }
    fn dt(y: i32, m: u32, day: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, mi, s).expect("time")
    }

    #[test]
    fn folds_full_width_digits_colons_and_brackets() {
        assert_eq!(fold_width("１０：００"), "10:00");
        assert_eq!(fold_width("通话时长（秒）"), "通话时长(秒)");
        assert_eq!(normalize_header(" Call　Id "), "callid");
    }

    #[test]
    fn missing_markers() {
        for m in ["", "  ", "--", "-", "—"] {
            assert!(is_missing_text(m), "{m:?}");
        }
        assert!(!is_missing_text("0"));
    }

    #[test]
    fn serials_in_both_systems() {
        // 2026-11-03 is 46329 days after 1899-12-30; 08:31:02 is 30662 s = 0.354884… of a day.
        let serial = 46_329.0 + 30_662.0 / 86_400.0;
        assert_eq!(serial_to_datetime(serial, false), Some(dt(2026, 11, 3, 8, 31, 2)));
        // The 1904 system counts 1462 days fewer.
        assert_eq!(
            serial_to_datetime(serial - 1_462.0, true),
            Some(dt(2026, 11, 3, 8, 31, 2))
        );
        // Serial 60 is Excel's phantom 1900-02-29; 59 is 1900-02-28, 61 is 1900-03-01.
        assert_eq!(serial_to_datetime(59.0, false), Some(dt(1900, 2, 28, 0, 0, 0)));
        assert_eq!(serial_to_datetime(61.0, false), Some(dt(1900, 3, 1, 0, 0, 0)));
        assert_eq!(serial_to_time(0.5), NaiveTime::from_hms_opt(12, 0, 0));
        assert_eq!(serial_to_datetime(-1.0, false), None);
    }

    #[test]
    fn date_texts() {
        assert_eq!(parse_date("2026/02/28 星期六"), Some(d(2026, 2, 28)));
        assert_eq!(parse_date("2026-11-03"), Some(d(2026, 11, 3)));
        assert_eq!(parse_date("2026/11/3"), Some(d(2026, 11, 3)));
        assert_eq!(parse_date("2026年11月3日"), Some(d(2026, 11, 3)));
        assert_eq!(parse_date("20261103"), Some(d(2026, 11, 3)));
        assert_eq!(parse_date("26-06-01 星期一"), Some(d(2026, 6, 1)));
        assert_eq!(parse_date("２０２６－１１－０３"), Some(d(2026, 11, 3)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("11月3日"), None);
        assert_eq!(parse_date("abc"), None);
    }

    #[test]
    fn time_texts() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).expect("t");
        assert_eq!(parse_time("08:31"), Some((t(8, 31, 0), false, None)));
        assert_eq!(parse_time("8:31:02"), Some((t(8, 31, 2), false, None)));
        assert_eq!(parse_time("次日 01:02"), Some((t(1, 2, 0), true, None)));
        assert_eq!(parse_time("１０：００"), Some((t(10, 0, 0), false, None)));
        assert_eq!(
            parse_time("08:07外勤"),
            Some((t(8, 7, 0), false, Some("外勤".to_string())))
        );
        assert_eq!(parse_time("25:61"), None);
        assert_eq!(parse_time("8:5"), None);
        assert_eq!(parse_time("abc"), None);
    }

    #[test]
    fn datetime_texts() {
        assert_eq!(
            parse_datetime("2026-11-03 08:31:02"),
            Some(dt(2026, 11, 3, 8, 31, 2))
        );
        assert_eq!(parse_datetime("2026/11/3 8:31"), Some(dt(2026, 11, 3, 8, 31, 0)));
        assert_eq!(
            parse_datetime("2026-11-03T08:31:02"),
            Some(dt(2026, 11, 3, 8, 31, 2))
        );
        assert_eq!(
            parse_datetime("2026/11/3 次日 01:02"),
            Some(dt(2026, 11, 4, 1, 2, 0))
        );
        assert_eq!(parse_datetime("2026-11-03 25:61"), None);
        assert_eq!(parse_datetime("2026-11-03"), None);
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(parse_int_text("１２"), Some(12));
        assert_eq!(parse_int_text("1,234"), Some(1234));
        assert_eq!(parse_int_text("12.0"), Some(12));
        assert_eq!(parse_int_text("12.5"), None);
        assert_eq!(parse_duration_text("75"), Some(75));
        assert_eq!(parse_duration_text("136秒"), Some(136));
        // 1 min 15 s = 60 + 15.
        assert_eq!(parse_duration_text("1:15"), Some(75));
        // 1 h 1 min 15 s = 3600 + 60 + 15.
        assert_eq!(parse_duration_text("01:01:15"), Some(3675));
        assert_eq!(parse_duration_text("1分15秒"), Some(75));
        assert_eq!(parse_duration_text("-3"), Some(-3));
        assert_eq!(parse_duration_text("1:75"), None);
        assert_eq!(float_to_int(1001.0), Some(1001));
        assert_eq!(float_to_int(1.5), None);
        assert_eq!(float_to_int(1e17), None);
    }
}
