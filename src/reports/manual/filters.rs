//! The Tera engine chapter sources are rendered with, and its filters that put
//! settings into words: numerals, dates, due rules, periods, durations.

use super::numbering::chinese_numeral;

/// The Tera engine used for chapter sources, with the manual's filters:
/// `cn` (3 → 三), `date_zh` (2026-12-01 → 2026年12月1日), `due_zh` (a `[reports.*]`
/// table → 每周三 / 每月25日 / 每月第四个星期三), `period_zh` (previous month → 上一个自然月),
/// `duration_zh` (180 → 3分钟).
pub(super) fn chapter_engine() -> tera::Tera {
    use tera::{Kwargs, State};
    let mut tera = tera::Tera::default();
    tera.register_filter("cn", |n: i64, _: Kwargs, _: &State| {
        u32::try_from(n)
            .map(chinese_numeral)
            .unwrap_or_else(|_| n.to_string())
    });
    tera.register_filter("date_zh", |s: &str, _: Kwargs, _: &State| date_zh(s));
    tera.register_filter("due_zh", |v: &tera::Value, _: Kwargs, _: &State| {
        let get = |k: &str| v.get_from_path(k).and_then(|x| x.as_str()).map(str::to_string);
        match v.as_str() {
            Some(due) => due_zh(due, "keep"),
            None => due_zh(
                &get("due").unwrap_or_default(),
                &get("weekend").unwrap_or_else(|| "keep".into()),
            ),
        }
    });
    tera.register_filter("period_zh", |s: &str, _: Kwargs, _: &State| period_zh(s));
    tera.register_filter("duration_zh", |n: i64, _: Kwargs, _: &State| duration_zh(n));
    tera
}

/// `2026-12-01` → `2026年12月1日`; anything else unchanged.
pub(super) fn date_zh(s: &str) -> String {
    match chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) => {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        Err(_) => s.to_string(),
    }
}

fn weekday_zh(w: &str) -> Option<&'static str> {
    Some(match w.to_ascii_lowercase().as_str() {
        "monday" | "mon" => "星期一",
        "tuesday" | "tue" => "星期二",
        "wednesday" | "wed" => "星期三",
        "thursday" | "thu" => "星期四",
        "friday" | "fri" => "星期五",
        "saturday" | "sat" => "星期六",
        "sunday" | "sun" => "星期日",
        _ => return None,
    })
}

/// A due rule of `[reports.*]` in words: `every wednesday` → 每周星期三, `day 25` → 每月25日,
/// `4th wednesday` → 每月第四个星期三, `on demand` → 随时按需; unknown rules unchanged.
fn due_zh(due: &str, weekend: &str) -> String {
    let due = due.trim().to_ascii_lowercase();
    let words: Vec<&str> = due.split_whitespace().collect();
    match words.as_slice() {
        ["on", "demand"] => "随时按需".into(),
        ["every", day] => weekday_zh(day).map_or_else(|| due.clone(), |d| format!("每周{d}")),
        ["day", n] => match n.parse::<u32>() {
            Ok(n) => {
                let shift = if weekend == "next_working_day" {
                    "（逢周六、周日顺延至下一个工作日）"
                } else {
                    ""
                };
                format!("每月{n}日{shift}")
            }
            Err(_) => due.clone(),
        },
        [nth, day] => {
            let n = match *nth {
                "1st" | "first" => Some(1),
                "2nd" | "second" => Some(2),
                "3rd" | "third" => Some(3),
                "4th" | "fourth" => Some(4),
                "5th" | "fifth" => Some(5),
                _ => None,
            };
            let ordinal = n
                .map(|n| format!("第{}个", chinese_numeral(n)))
                .or_else(|| (*nth == "last").then(|| "最后一个".to_string()));
            match (ordinal, weekday_zh(day)) {
                (Some(o), Some(d)) => format!("每月{o}{d}"),
                _ => due.clone(),
            }
        }
        _ => due.clone(),
    }
}

/// A period rule in words: `previous month` → 上一个自然月, `previous 7 days` → 报送日前7天, `none` → —.
fn period_zh(p: &str) -> String {
    let p = p.trim().to_ascii_lowercase();
    let words: Vec<&str> = p.split_whitespace().collect();
    match words.as_slice() {
        ["none"] => "—".into(),
        ["previous", "month"] => "上一个自然月".into(),
        ["previous", n, "days" | "day"] if n.parse::<u32>().is_ok() => format!("报送日前{n}天（截至前一日）"),
        _ => p.clone(),
    }
}

/// Seconds in words: 180 → 3分钟, 90 → 1分30秒, 45 → 45秒.
fn duration_zh(secs: i64) -> String {
    let (m, s) = (secs / 60, secs % 60);
    match (m, s) {
        (0, s) => format!("{s}秒"),
        (m, 0) => format!("{m}分钟"),
        (m, s) => format!("{m}分{s}秒"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::reports::manual::{default_chapter_sources, parse_manual};

    #[test]
    fn calendar_reads_the_report_settings() {
        let mut config = Config::default();
        config.reports.csat.due = "day 28".into();
        config.reports.csat.weekend = "next_working_day".into();
        let (manual, problems) = parse_manual(&config, &default_chapter_sources());
        assert!(problems.is_empty(), "{problems:#?}");
        let text = manual.plain_text();
        assert!(
            text.contains("每月28日（逢周六、周日顺延至下一个工作日） | 上一个自然月"),
            "{text}"
        );
        assert!(
            text.contains(" | 每周星期三 | 报送日前7天（截至前一日）"),
            "{text}"
        );
        assert!(text.contains(" | 每月第四个星期三 | "), "{text}");
        config.reports.weekly.enabled = false;
        let (manual, _) = parse_manual(&config, &default_chapter_sources());
        assert!(!manual.plain_text().contains("周报表 |"));
    }

    #[test]
    fn due_and_period_words() {
        assert_eq!(due_zh("every saturday", "keep"), "每周星期六");
        assert_eq!(due_zh("day 1", "keep"), "每月1日");
        assert_eq!(due_zh("4th wednesday", "keep"), "每月第四个星期三");
        assert_eq!(due_zh("on demand", "keep"), "随时按需");
        assert_eq!(due_zh("last friday", "keep"), "每月最后一个星期五");
        assert_eq!(due_zh("second monday", "keep"), "每月第二个星期一");
        assert_eq!(
            due_zh("day 25", "next_working_day"),
            "每月25日（逢周六、周日顺延至下一个工作日）"
        );
        assert_eq!(due_zh("fortnightly", "keep"), "fortnightly");
        assert_eq!(period_zh("previous 14 days"), "报送日前14天（截至前一日）");
        assert_eq!(duration_zh(180), "3分钟");
        assert_eq!(duration_zh(90), "1分30秒");
        assert_eq!(date_zh("2026-12-01"), "2026年12月1日");
    }
}
