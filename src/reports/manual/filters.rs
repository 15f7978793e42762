//! The Tera engine chapter sources are rendered with, and its filters that put
//! settings into words: numerals, dates, due rules, periods, durations.

use chrono::Weekday;

use crate::config::{parse_due, parse_period, parse_weekend, DueRule, PeriodRule, WeekendRule};

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
            Some(due) => due_words(due, None),
            None => due_words(&get("due").unwrap_or_default(), get("weekend").as_deref()),
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

fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// A due rule as written in `[reports.*]`, with its weekend rule (`keep` when
/// absent), in words; text that is not a due rule is returned unchanged.
fn due_words(due: &str, weekend: Option<&str>) -> String {
    let weekend = weekend
        .and_then(|w| parse_weekend(w).ok())
        .unwrap_or(WeekendRule::Keep);
    parse_due(due).map_or_else(|_| due.to_string(), |rule| due_zh(rule, weekend))
}

/// A due rule in words: `every wednesday` → 每周星期三, `day 25` → 每月25日 (with the
/// weekend shift when `next_working_day`), `4th wednesday` → 每月第四个星期三,
/// `last friday` → 每月最后一个星期五, `on demand` → 随时按需.
fn due_zh(due: DueRule, weekend: WeekendRule) -> String {
    match due {
        DueRule::OnDemand => "随时按需".into(),
        DueRule::EveryWeekday(d) => format!("每周{}", weekday_zh(d)),
        DueRule::DayOfMonth(n) => {
            let shift = match weekend {
                WeekendRule::NextWorkingDay => "（逢周六、周日顺延至下一个工作日）",
                WeekendRule::Keep => "",
            };
            format!("每月{n}日{shift}")
        }
        DueRule::NthWeekday(n, d) => format!("每月第{}个{}", chinese_numeral(n), weekday_zh(d)),
        DueRule::LastWeekday(d) => format!("每月最后一个{}", weekday_zh(d)),
    }
}

/// A period rule in words: `previous month` → 上一个自然月, `previous 7 days` → 报送日前7天,
/// `none` → —; text that is not a period rule is returned unchanged.
fn period_zh(p: &str) -> String {
    match parse_period(p) {
        Ok(PeriodRule::None) => "—".into(),
        Ok(PeriodRule::PreviousMonth) => "上一个自然月".into(),
        Ok(PeriodRule::PreviousDays(n)) => format!("报送日前{n}天（截至前一日）"),
        Err(_) => p.to_string(),
    }
}

/// Seconds in words: 180 → 3分钟, 90 → 1分30秒, 45 → 45秒.
/// Seconds in words, `180` → `3分钟`, `245` → `4分5秒`.
pub fn duration_zh(secs: i64) -> String {
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
        config.reports.csat.due = DueRule::DayOfMonth(28);
        config.reports.csat.weekend = WeekendRule::NextWorkingDay;
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
        use crate::config::WeekendRule::{Keep, NextWorkingDay};
        use chrono::Weekday::{Fri, Mon, Sat, Wed};
        assert_eq!(due_zh(DueRule::EveryWeekday(Sat), Keep), "每周星期六");
        assert_eq!(due_zh(DueRule::DayOfMonth(1), Keep), "每月1日");
        assert_eq!(due_zh(DueRule::NthWeekday(4, Wed), Keep), "每月第四个星期三");
        assert_eq!(due_zh(DueRule::OnDemand, Keep), "随时按需");
        assert_eq!(due_zh(DueRule::LastWeekday(Fri), Keep), "每月最后一个星期五");
        assert_eq!(due_words("second monday", None), "每月第二个星期一");
        assert_eq!(
            due_zh(DueRule::NthWeekday(2, Mon), NextWorkingDay),
            "每月第二个星期一"
        );
        assert_eq!(
            due_words("day 25", Some("next_working_day")),
            "每月25日（逢周六、周日顺延至下一个工作日）"
        );
        assert_eq!(due_words("fortnightly", None), "fortnightly");
        assert_eq!(period_zh("previous 14 days"), "报送日前14天（截至前一日）");
        assert_eq!(duration_zh(180), "3分钟");
        assert_eq!(duration_zh(90), "1分30秒");
        assert_eq!(date_zh("2026-12-01"), "2026年12月1日");
    }
}
