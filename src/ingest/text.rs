//! Text conversions shared by every reader: full-width folding, dates, times,
//! durations, numbers and IDs as real exports write them. No floats leave here
//! except Excel serials, which are turned into exact seconds at once.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::i18n::Text;
pub use crate::model::DateOrder;

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

/// Whether a text value means "no value": blank, `--`, `-`, `—`, `NULL`, `\\N`.
pub fn is_missing_text(s: &str) -> bool {
    is_missing_trimmed(s.trim())
}

/// [`is_missing_text`] for text already trimmed. Database dumps write `NULL`,
/// `null` or `\N` for no value.
pub fn is_missing_trimmed(t: &str) -> bool {
    t.len() <= 6
        && matches!(
            t,
            "" | "-" | "--" | "—" | "——" | "－" | "－－" | "NULL" | "null" | "\\N"
        )
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

/// A weekday written after a date: `星期六`, `周六`, `礼拜六`, `(六)`, `六`, `Sat`, `Saturday`.
fn weekday_of(word: &str) -> Option<Weekday> {
    let w = word.trim();
    let inner = w
        .strip_prefix(['(', '（'])
        .and_then(|x| x.strip_suffix([')', '）']))
        .unwrap_or(w)
        .trim();
    let cn = ["星期", "礼拜", "周"]
        .iter()
        .find_map(|p| inner.strip_prefix(p))
        .unwrap_or(inner);
    let day = match cn {
        "一" => Some(Weekday::Mon),
        "二" => Some(Weekday::Tue),
        "三" => Some(Weekday::Wed),
        "四" => Some(Weekday::Thu),
        "五" => Some(Weekday::Fri),
        "六" => Some(Weekday::Sat),
        "日" | "天" => Some(Weekday::Sun),
        _ => None,
    };
    if day.is_some() {
        return day;
    }
    let lower = inner.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 || lower.len() > 9 || !lower.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    [
        ("mon", Weekday::Mon),
        ("tue", Weekday::Tue),
        ("wed", Weekday::Wed),
        ("thu", Weekday::Thu),
        ("fri", Weekday::Fri),
        ("sat", Weekday::Sat),
        ("sun", Weekday::Sun),
    ]
    .iter()
    .find(|(p, _)| lower.starts_with(p))
    .map(|(_, d)| *d)
}

/// Split a trailing weekday (`星期六`, `周六`, `(六)`, `Sat`) off a date text.
fn split_weekday(s: &str) -> (&str, Option<Weekday>) {
    let t = s.trim();
    if let Some((head, tail)) = t.rsplit_once(' ') {
        if let Some(w) = weekday_of(tail) {
            return (head.trim(), Some(w));
        }
    }
    for open in ['(', '（'] {
        if let Some(i) = t.find(open) {
            return (t[..i].trim(), weekday_of(&t[i..]));
        }
    }
    (t, None)
}

/// A set of [`DateOrder`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Orders(u8);

impl Orders {
    /// No order.
    pub const NONE: Orders = Orders(0);
    /// Every order.
    pub const ALL: Orders = Orders(0b111);

    fn bit(o: DateOrder) -> u8 {
        match o {
            DateOrder::Ymd => 1,
            DateOrder::Dmy => 2,
            DateOrder::Mdy => 4,
        }
    }

    /// The set holding one order.
    pub fn of(o: DateOrder) -> Orders {
        Orders(Orders::bit(o))
    }

    /// Whether the set holds `o`.
    pub fn contains(self, o: DateOrder) -> bool {
        self.0 & Orders::bit(o) != 0
    }

    /// The orders in both sets.
    pub fn and(self, other: Orders) -> Orders {
        Orders(self.0 & other.0)
    }

    /// The set with `o` added.
    pub fn with(self, o: DateOrder) -> Orders {
        Orders(self.0 | Orders::bit(o))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The order, when the set holds exactly one.
    pub fn single(self) -> Option<DateOrder> {
        let mut it = self.iter();
        match (it.next(), it.next()) {
            (Some(o), None) => Some(o),
            _ => None,
        }
    }

    /// The orders, in `ymd`, `dmy`, `mdy` order.
    pub fn iter(self) -> impl Iterator<Item = DateOrder> {
        DateOrder::ALL.into_iter().filter(move |o| self.contains(*o))
    }

    /// `"dmy" (day/month/year) or "mdy" (month/day/year)`, for messages.
    pub fn describe(self) -> Text {
        either(
            self.iter()
                .map(|o| crate::msg!("text.order", id = o.id(), words = order_words(o))),
        )
    }
}

/// The order of a date's parts in words (`day/month/year`), for messages.
pub fn order_words(o: DateOrder) -> Text {
    match o {
        DateOrder::Ymd => crate::msg!("text.ymd"),
        DateOrder::Dmy => crate::msg!("text.dmy"),
        DateOrder::Mdy => crate::msg!("text.mdy"),
    }
}

/// Alternatives for a message: `a or b or c`.
pub fn either(items: impl IntoIterator<Item = Text>) -> Text {
    items
        .into_iter()
        .reduce(|a, b| crate::msg!("text.or", a = a, b = b))
        .unwrap_or_else(|| Text::raw(""))
}

/// How a date written as three numbers lays out its parts: only the last two
/// shapes leave the order of day and month open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateShape {
    /// A four-digit year first (`2026-11-03`), or 8 digits, or 年月日: always year/month/day.
    YearFirst,
    /// A four-digit year last (`1/9/2017`): day/month or month/day.
    YearLast,
    /// Two-digit parts only (`04/09/17`): any order.
    TwoDigit,
}

/// A date text read as numbers, before an order is chosen.
#[derive(Debug, Clone, Copy)]
struct NumericDate {
    parts: [u32; 3],
    shape: DateShape,
    /// Orders the part lengths allow (a one-digit part cannot be a year).
    fits: Orders,
    weekday: Option<Weekday>,
}

fn numeric_date(text: &str) -> Option<NumericDate> {
    let folded = fold_width(text);
    let (t, weekday) = split_weekday(&folded);
    let t = t.trim_end_matches('日').trim_end_matches('号');
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if t.len() == 8 && digits(t) {
        return Some(NumericDate {
            parts: [t[..4].parse().ok()?, t[4..6].parse().ok()?, t[6..].parse().ok()?],
            shape: DateShape::YearFirst,
            fits: Orders::of(DateOrder::Ymd),
            weekday,
        });
    }
    let chinese = t.contains('年');
    let parts: Vec<&str> = if chinese {
        t.split(['年', '月']).map(str::trim).collect()
    } else {
        let sep = t.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        // One separator throughout: `2026-11-03`, `1/9/2017`, not `1-9/2017`.
        t.split(sep).map(str::trim).collect()
    };
    if parts.len() != 3 || !parts.iter().all(|p| digits(p)) {
        return None;
    }
    let lens = [parts[0].len(), parts[1].len(), parts[2].len()];
    let nums = [
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    ];
    if lens[1] > 2 {
        return None;
    }
    let (shape, fits) = match lens {
        [4, _, 1..=2] => (DateShape::YearFirst, Orders::of(DateOrder::Ymd)),
        [2, _, 1..=2] if chinese => (DateShape::YearFirst, Orders::of(DateOrder::Ymd)),
        [1..=2, _, 4] => (
            DateShape::YearLast,
            Orders::of(DateOrder::Dmy).with(DateOrder::Mdy),
        ),
        [1..=2, _, 1..=2] => {
            let mut fits = Orders::NONE;
            if lens[0] == 2 {
                fits = fits.with(DateOrder::Ymd);
            }
            if lens[2] == 2 {
                fits = fits.with(DateOrder::Dmy).with(DateOrder::Mdy);
            }
            (DateShape::TwoDigit, fits)
        }
        _ => return None,
    };
    Some(NumericDate {
        parts: nums,
        shape,
        fits,
        weekday,
    })
}

impl NumericDate {
    /// The date this text is under `order`, if it is a real date (two-digit years are 20YY).
    fn as_order(&self, order: DateOrder) -> Option<NaiveDate> {
        if !self.fits.contains(order) {
            return None;
        }
        let [a, b, c] = self.parts;
        let (y, m, d) = match order {
            DateOrder::Ymd => (a, b, c),
            DateOrder::Dmy => (c, b, a),
            DateOrder::Mdy => (c, a, b),
        };
        let y = if y < 100 { y + 2000 } else { y };
        NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
    }

    /// The readings allowed by `allowed`: each order with a real date that falls on
    /// the weekday written after it (if any), equal dates once.
    fn readings(&self, allowed: Orders) -> Vec<(DateOrder, NaiveDate)> {
        let mut out: Vec<(DateOrder, NaiveDate)> = Vec::new();
        for o in allowed.iter() {
            if let Some(d) = self.as_order(o) {
                if self.weekday.is_some_and(|w| d.weekday() != w) {
                    continue;
                }
                if !out.iter().any(|(_, x)| *x == d) {
                    out.push((o, d));
                }
            }
        }
        out
    }
}

/// What a date text reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateText {
    /// One date.
    Date(NaiveDate),
    /// Two or more dates, one per order that fits: `date_order` must settle it.
    Ambiguous(Vec<(DateOrder, NaiveDate)>),
    /// Numbers that are a date under no allowed order (`31/31/2017`, a weekday
    /// that no reading falls on, an order `date_order` rules out).
    Impossible,
    /// Not a date text at all.
    NotADate,
}

/// The orders a date text allows, for settling a file's date order from its rows:
/// its shape and the orders under which it is a real date. `None` for texts whose
/// order is fixed (a four-digit year first, 年月日) and for texts that are no date.
pub fn date_orders(text: &str) -> Option<(DateShape, Orders)> {
    let t = text.trim();
    // A four-digit year first fixes the order (the common case): no need to parse.
    if t.len() >= 5 && t.as_bytes()[..4].iter().all(u8::is_ascii_digit) && !t.as_bytes()[4].is_ascii_digit() {
        return None;
    }
    // A date-time: the date is the part before the first space or `T`.
    let nd = numeric_date(t).or_else(|| {
        let (d, _) = t.split_once([' ', 'T'])?;
        numeric_date(d)
    })?;
    if nd.shape == DateShape::YearFirst {
        return None;
    }
    // Every order under which the text is a real date: `9/9/2017` allows both
    // day and month first, and so settles nothing.
    let mut orders = Orders::NONE;
    for o in nd.fits.iter() {
        if nd
            .as_order(o)
            .is_some_and(|d| nd.weekday.is_none_or(|w| d.weekday() == w))
        {
            orders = orders.with(o);
        }
    }
    Some((nd.shape, orders))
}

/// The orders in effect for each ambiguous shape: the `date_order` setting, or
/// what the file's rows settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrderChoice {
    /// For `1/9/2017` (a four-digit year last).
    pub year_last: Option<DateOrder>,
    /// For `04/09/17` (two-digit parts only).
    pub two_digit: Option<DateOrder>,
}

impl OrderChoice {
    /// The same order for every shape (the `date_order` setting).
    pub fn all(order: Option<DateOrder>) -> OrderChoice {
        OrderChoice {
            year_last: order,
            two_digit: order,
        }
    }

    fn for_shape(self, shape: DateShape) -> Option<DateOrder> {
        match shape {
            DateShape::YearFirst => Some(DateOrder::Ymd),
            DateShape::YearLast => self.year_last,
            DateShape::TwoDigit => self.two_digit,
        }
    }
}

/// Read a date as exports write it: `2026-11-03`, `2026/11/3`, `2026.11.03`,
/// `20261103`, `2026年11月3日`, `1/9/2017`, `04/09/17`, each optionally followed by
/// a weekday (which must match, and settles `26-05-01 星期五`). Day and month of
/// `1/9/2017` and all three parts of `04/09/17` are ordered by `orders`; left
/// open, a text that reads as two different dates is [`DateText::Ambiguous`].
pub fn read_date(text: &str, orders: OrderChoice) -> DateText {
    let Some(nd) = numeric_date(text) else {
        return DateText::NotADate;
    };
    let allowed = match orders.for_shape(nd.shape) {
        Some(o) if nd.shape != DateShape::YearFirst => Orders::of(o),
        _ => nd.fits,
    };
    let mut readings = nd.readings(allowed);
    match readings.len() {
        0 => DateText::Impossible,
        1 => DateText::Date(readings.remove(0).1),
        _ => DateText::Ambiguous(readings),
    }
}

/// [`read_date`] when only one reading will do: `None` unless the text is one date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    match read_date(text, OrderChoice::default()) {
        DateText::Date(d) => Some(d),
        _ => None,
    }
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

/// What a date-and-time text reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateTimeText {
    /// One date and time.
    At(NaiveDateTime),
    /// The date part reads as two or more dates (see [`DateText::Ambiguous`]).
    Ambiguous(Vec<(DateOrder, NaiveDate)>),
    /// Not a date and time.
    NotADateTime,
}

/// Read a date and time: `2026-11-03 08:31:02`, `2026/11/3 8:31`,
/// `2026-11-03T08:31:02`, `2026年11月3日 08:31`, `1/9/2017 16:33:01`,
/// `2026/11/3 星期二 08:31`, `2026/11/3 次日 01:02`.
pub fn read_datetime(text: &str, orders: OrderChoice) -> DateTimeText {
    let folded = fold_width(text);
    let t = folded.trim();
    let Some((d, tm)) = t.split_once(['T', ' ']) else {
        return DateTimeText::NotADateTime;
    };
    let tm = tm.trim();
    // A weekday may sit between the date and the time.
    let (weekday, tm) = match tm.split_once(' ') {
        Some((w, rest)) if weekday_of(w).is_some() => (Some(w), rest.trim()),
        _ => (None, tm),
    };
    let Some((time, next_day, remark)) = parse_time(tm) else {
        return DateTimeText::NotADateTime;
    };
    if remark.is_some() {
        return DateTimeText::NotADateTime;
    }
    let date_text = match weekday {
        Some(w) => format!("{d} {w}"),
        None => d.to_string(),
    };
    let date = match read_date(&date_text, orders) {
        DateText::Date(date) => date,
        DateText::Ambiguous(r) => return DateTimeText::Ambiguous(r),
        DateText::Impossible | DateText::NotADate => return DateTimeText::NotADateTime,
    };
    let dt = date.and_time(time);
    DateTimeText::At(if next_day { dt + Duration::days(1) } else { dt })
}

/// [`read_datetime`] when only one reading will do.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    match read_datetime(text, OrderChoice::default()) {
        DateTimeText::At(dt) => Some(dt),
        _ => None,
    }
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
        for m in ["", "  ", "--", "-", "—", "NULL", "null", "\\N"] {
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
    fn numeric_dates_follow_the_order_or_say_they_are_ambiguous() {
        let none = OrderChoice::default();
        let dmy = OrderChoice::all(Some(DateOrder::Dmy));
        let mdy = OrderChoice::all(Some(DateOrder::Mdy));
        let ymd = OrderChoice::all(Some(DateOrder::Ymd));
        // 1/9/2017: 1 September (day first) or 9 January (month first).
        assert_eq!(
            read_date("1/9/2017", none),
            DateText::Ambiguous(vec![
                (DateOrder::Dmy, d(2017, 9, 1)),
                (DateOrder::Mdy, d(2017, 1, 9))
            ])
        );
        assert_eq!(read_date("1/9/2017", dmy), DateText::Date(d(2017, 9, 1)));
        assert_eq!(read_date("1/9/2017", mdy), DateText::Date(d(2017, 1, 9)));
        // A day above 12 settles the order by itself; the same day and month are one date.
        assert_eq!(read_date("13/9/2017", none), DateText::Date(d(2017, 9, 13)));
        assert_eq!(read_date("9/13/2017", none), DateText::Date(d(2017, 9, 13)));
        assert_eq!(read_date("5/5/2017", none), DateText::Date(d(2017, 5, 5)));
        assert_eq!(read_date("13/9/2017", mdy), DateText::Impossible);
        // Two-digit parts: 04/09/17 is 2004-09-17, 2017-09-04 or 2017-04-09; years are 20YY.
        assert_eq!(
            read_date("04/09/17", none),
            DateText::Ambiguous(vec![
                (DateOrder::Ymd, d(2004, 9, 17)),
                (DateOrder::Dmy, d(2017, 9, 4)),
                (DateOrder::Mdy, d(2017, 4, 9)),
            ])
        );
        assert_eq!(read_date("04/09/17", dmy), DateText::Date(d(2017, 9, 4)));
        assert_eq!(read_date("04/09/17", ymd), DateText::Date(d(2004, 9, 17)));
        // The weekday written after it settles 26-05-01 (2026-05-01 is a Friday).
        assert_eq!(read_date("26-05-01 星期五", none), DateText::Date(d(2026, 5, 1)));
        assert!(matches!(read_date("26-05-01", none), DateText::Ambiguous(_)));
        // A four-digit year first is always year/month/day, whatever the setting.
        assert_eq!(read_date("2017/09/01", mdy), DateText::Date(d(2017, 9, 1)));
        // A weekday no reading falls on: not a date.
        assert_eq!(read_date("2026/02/28 星期五", none), DateText::Impossible);
        assert_eq!(read_date("Call 7", none), DateText::NotADate);
        assert_eq!(
            read_datetime("1/9/2017 16:33:01", dmy),
            DateTimeText::At(dt(2017, 9, 1, 16, 33, 1))
        );
        assert!(matches!(
            read_datetime("04/09/17 12:39", none),
            DateTimeText::Ambiguous(_)
        ));
        assert_eq!(
            read_datetime("04/09/17 12:39", dmy),
            DateTimeText::At(dt(2017, 9, 4, 12, 39, 0))
        );
    }

    #[test]
    fn date_texts_tell_which_orders_they_allow() {
        let dm = Orders::of(DateOrder::Dmy).with(DateOrder::Mdy);
        assert_eq!(date_orders("1/9/2017 16:33:01"), Some((DateShape::YearLast, dm)));
        assert_eq!(
            date_orders("13/9/2017"),
            Some((DateShape::YearLast, Orders::of(DateOrder::Dmy)))
        );
        // The same day and month: both orders, nothing settled.
        assert_eq!(date_orders("9/9/2017"), Some((DateShape::YearLast, dm)));
        assert_eq!(date_orders("2017-09-13"), None);
        assert_eq!(date_orders("136秒"), None);
        // 31/12/17: 2031-12-17 or 2017-12-31, never month first.
        assert_eq!(
            date_orders("31/12/17"),
            Some((
                DateShape::TwoDigit,
                Orders::of(DateOrder::Ymd).with(DateOrder::Dmy)
            ))
        );
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
