//! Display text of typed values (the PDF shows these; the XLSX writes the values
//! with an equivalent number format).

use super::model::{Currency, Value};

/// Group the integer digits of `digits` with commas (`1234567` → `1,234,567`).
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `units / 10^scale` rounded half away from zero to `decimals` places, optionally grouped.
pub fn decimal(units: i64, scale: u32, decimals: u32, grouped: bool) -> String {
    let neg = units < 0;
    let mut abs = i128::from(units).abs();
    let mut scale = scale;
    while scale > decimals {
        let rem = abs % 10;
        abs /= 10;
        if rem >= 5 {
            abs += 1;
        }
        scale -= 1;
    }
    while scale < decimals {
        abs *= 10;
        scale += 1;
    }
    let pow = 10i128.pow(decimals);
    let int = (abs / pow).to_string();
    let int = if grouped { group(&int) } else { int };
    let mut s = String::new();
    if neg && abs != 0 {
        s.push('-');
    }
    s.push_str(&int);
    if decimals > 0 {
        s.push('.');
        s.push_str(&format!("{:0width$}", abs % pow, width = decimals as usize));
    }
    s
}

/// Decimal places and grouping of an Excel-style number format (`#,##0.00` → (2, true)).
pub fn number_format_parts(format: &str) -> (u32, bool) {
    let decimals = format
        .split_once('.')
        .map(|(_, frac)| frac.chars().take_while(|c| *c == '0' || *c == '#').count() as u32)
        .unwrap_or(0);
    (decimals, format.contains(','))
}

/// The text the PDF prints for a value.
pub fn display(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(t) => t.clone(),
        Value::Number { units, scale, format } => match format {
            Some(f) => {
                let (d, g) = number_format_parts(f);
                decimal(*units, *scale, d, g)
            }
            // whole numbers (counts) carry thousands separators
            None => decimal(*units, *scale, *scale, *scale == 0),
        },
        Value::Money { fen, currency } => {
            let body = decimal(*fen, 2, 2, true);
            match currency {
                Currency::Never => body,
                _ => match body.strip_prefix('-') {
                    Some(rest) => format!("-¥{rest}"),
                    None => format!("¥{body}"),
                },
            }
        }
        Value::Percent { bp, decimals } => format!("{}%", decimal(*bp, 2, *decimals, false)),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::DateTime(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        Value::Duration { seconds, hours } => {
            let sign = if *seconds < 0 { "-" } else { "" };
            let s = seconds.unsigned_abs();
            if *hours {
                format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
            } else {
                format!("{sign}{:02}:{:02}", s / 60, s % 60)
            }
        }
        Value::Delta {
            units,
            scale,
            unit,
            clock,
        } => delta(*units, *scale, unit, *clock),
    }
}

/// `+26`, `-1.27个百分点`, `0`, `+1小时02分03秒`: a change with its sign and unit.
fn delta(units: i64, scale: u32, unit: &str, clock: bool) -> String {
    let sign = match units.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    if clock {
        let a = units.unsigned_abs();
        return match (a / 3600, a % 3600 / 60, a % 60) {
            (0, 0, s) => format!("{sign}{s}秒"),
            (0, m, s) => format!("{sign}{m}分{s:02}秒"),
            (h, m, s) => format!("{sign}{h}小时{m:02}分{s:02}秒"),
        };
    }
    let body = decimal(units.saturating_abs(), scale, scale, true);
    format!("{sign}{body}{unit}")
}

/// Display width in "characters" with CJK and other wide characters counted twice.
pub fn char_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// East Asian wide/fullwidth characters (the ranges Chinese text uses).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF |
        0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_percent() {
        // 400000 fen = 4000 yuan; 123456789 fen = 1,234,567.89 yuan
        let m = |fen| Value::Money {
            fen,
            currency: Currency::PdfOnly,
        };
        assert_eq!(display(&m(400000)), "¥4,000.00");
        assert_eq!(display(&m(123456789)), "¥1,234,567.89");
        assert_eq!(display(&m(-5)), "-¥0.05");
        assert_eq!(
            display(&Value::Percent {
                bp: 9523,
                decimals: 2
            }),
            "95.23%"
        );
        // 9525 bp at 1 decimal: 95.25 → 95.3 (half away from zero)
        assert_eq!(
            display(&Value::Percent {
                bp: 9525,
                decimals: 1
            }),
            "95.3%"
        );
    }

    #[test]
    fn numbers_and_durations() {
        let n = Value::Number {
            units: 45,
            scale: 1,
            format: Some("0.00".into()),
        };
        assert_eq!(display(&n), "4.50");
        let n = Value::Number {
            units: 1234567,
            scale: 0,
            format: Some("#,##0".into()),
        };
        assert_eq!(display(&n), "1,234,567");
        // 125 s = 2 min 5 s; 3725 s = 1 h 2 min 5 s
        assert_eq!(
            display(&Value::Duration {
                seconds: 125,
                hours: false
            }),
            "02:05"
        );
        assert_eq!(
            display(&Value::Duration {
                seconds: 3725,
                hours: true
            }),
            "1:02:05"
        );
        assert_eq!(char_width("工号K1"), 6);
    }
}
