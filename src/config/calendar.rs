//! The report calendar's settings (`due`, `period`, `weekend` of `[reports.<id>]`)
//! as typed rules, parsed when `zhidu.toml` is read so a bad rule is refused
//! with its key named. What falls due when is worked out by the report calendar
//! (`schedule.rs`), which reads these rules.
//!
//! Due rules: `every wednesday`, `day 25`, `4th wednesday` (also `1st`…`5th`,
//! `last`), `on demand`. Period rules: `previous 7 days` (the N days ending the
//! day before the due date), `previous month` (the calendar month before the
//! month the rule fell due in), `none`. Weekend rule, for monthly due rules:
//! `keep` (the default) or `next_working_day` (a Saturday or Sunday moves to the
//! following Monday; no public-holiday calendar is applied).

use std::fmt;

use chrono::Weekday;
use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// When a report falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DueRule {
    /// `every wednesday`: every week on that weekday.
    EveryWeekday(Weekday),
    /// `day 25`: that day of every month (a day past the month's end means its last day).
    DayOfMonth(u32),
    /// `4th wednesday`: the n-th (1–5) weekday of the month; a month without a 5th has none.
    NthWeekday(u32, Weekday),
    /// `last friday`: the last such weekday of the month.
    LastWeekday(Weekday),
    /// `on demand`: never falls due by itself.
    OnDemand,
}

/// Which period a report covers when it falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PeriodRule {
    /// `previous 7 days`: the N days ending the day before the due date.
    PreviousDays(u32),
    /// `previous month`: the calendar month before the one the rule fell due in.
    PreviousMonth,
    /// `none`: the report covers no period.
    None,
}

/// What happens when a monthly due day falls on a Saturday or Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum WeekendRule {
    /// `keep`: due on that day anyway.
    Keep,
    /// `next_working_day`: due on the following Monday.
    NextWorkingDay,
}

fn parse_weekday(text: &str) -> Option<Weekday> {
    Some(match text {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// Parse a due rule (`every wednesday`, `day 25`, `4th wednesday`, `last friday`, `on demand`).
pub fn parse_due(text: &str) -> Result<DueRule, Text> {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let rule = match words.as_slice() {
        ["on", "demand"] => Some(DueRule::OnDemand),
        ["every", wd] => parse_weekday(wd).map(DueRule::EveryWeekday),
        ["day", n] => n
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))
            .map(DueRule::DayOfMonth),
        ["last", wd] => parse_weekday(wd).map(DueRule::LastWeekday),
        [nth, wd] => {
            let n = match *nth {
                "1st" | "first" => Some(1),
                "2nd" | "second" => Some(2),
                "3rd" | "third" => Some(3),
                "4th" | "fourth" => Some(4),
                "5th" | "fifth" => Some(5),
                _ => None,
            };
            n.zip(parse_weekday(wd)).map(|(n, w)| DueRule::NthWeekday(n, w))
        }
        _ => None,
    };
    rule.ok_or_else(|| crate::msg!("config.not_a_due_rule", text = text))
}

/// Parse a period rule (`previous 7 days`, `previous month`, `none`).
pub fn parse_period(text: &str) -> Result<PeriodRule, Text> {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let rule = match words.as_slice() {
        ["none"] => Some(PeriodRule::None),
        ["previous", "month"] => Some(PeriodRule::PreviousMonth),
        ["previous", n, "days" | "day"] => n
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=366).contains(d))
            .map(PeriodRule::PreviousDays),
        _ => None,
    };
    rule.ok_or_else(|| crate::msg!("config.not_a_period_rule", text = text))
}

/// Parse a weekend rule (`keep`, `next_working_day`).
pub fn parse_weekend(text: &str) -> Result<WeekendRule, Text> {
    match text.trim() {
        "keep" => Ok(WeekendRule::Keep),
        "next_working_day" => Ok(WeekendRule::NextWorkingDay),
        other => Err(crate::msg!("config.not_a_weekend_rule", text = other)),
    }
}

impl fmt::Display for DueRule {
    /// The rule as written in `zhidu.toml`, in its canonical spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DueRule::EveryWeekday(w) => write!(f, "every {}", weekday_name(*w)),
            DueRule::DayOfMonth(d) => write!(f, "day {d}"),
            DueRule::NthWeekday(n, w) => {
                let nth = match n {
                    1 => "1st",
                    2 => "2nd",
                    3 => "3rd",
                    4 => "4th",
                    _ => "5th",
                };
                write!(f, "{nth} {}", weekday_name(*w))
            }
            DueRule::LastWeekday(w) => write!(f, "last {}", weekday_name(*w)),
            DueRule::OnDemand => f.write_str("on demand"), // not a message
        }
    }
}

impl fmt::Display for PeriodRule {
    /// The rule as written in `zhidu.toml`, in its canonical spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodRule::PreviousDays(n) => write!(f, "previous {n} days"),
            PeriodRule::PreviousMonth => f.write_str("previous month"), // not a message
            PeriodRule::None => f.write_str("none"),
        }
    }
}

impl fmt::Display for WeekendRule {
    /// The rule as written in `zhidu.toml`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WeekendRule::Keep => "keep",
            WeekendRule::NextWorkingDay => "next_working_day",
        })
    }
}

macro_rules! text_conversions {
    ($($ty:ident => $parse:ident),*) => {$(
        impl TryFrom<String> for $ty {
            type Error = Text;

            fn try_from(text: String) -> Result<Self, Text> {
                $parse(&text)
            }
        }

        impl From<$ty> for String {
            fn from(rule: $ty) -> String {
                rule.to_string()
            }
        }
    )*};
}

text_conversions!(DueRule => parse_due, PeriodRule => parse_period, WeekendRule => parse_weekend);

/// Parse one `[reports.<id>]` table's three rules; the message names the key.
/// A weekly due rule cannot take `next_working_day`.
pub fn parse_rules(
    id: &str,
    due: &str,
    period: &str,
    weekend: &str,
) -> Result<(DueRule, PeriodRule, WeekendRule), Text> {
    let at = |key: &str, e: Text| crate::msg!("config.report_rule", id = id, key = key, error = e);
    let due_rule = parse_due(due).map_err(|e| at("due", e))?;
    let period = parse_period(period).map_err(|e| at("period", e))?;
    let weekend = parse_weekend(weekend).map_err(|e| at("weekend", e))?;
    if let (DueRule::EveryWeekday(_), WeekendRule::NextWorkingDay) = (due_rule, weekend) {
        return Err(crate::msg!("config.weekend_not_monthly", id = id, due = due));
    }
    Ok((due_rule, period, weekend))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn error(text: &str) -> String {
        Config::parse(text, "zhidu.toml")
            .expect_err("bad rule")
            .to_string()
    }

    #[test]
    fn bad_rules_are_config_errors_naming_the_key() {
        let err = error("[reports.csat]\ndue = \"day 32\"\n");
        assert!(
            err.starts_with("zhidu.toml:")
                && err.contains(": reports.csat.due = \"day 32\" is not a due rule"),
            "{err}"
        );
        let err = error("[reports.weekly]\nperiod = \"last week\"\n");
        assert!(
            err.contains("reports.weekly.period = \"last week\" is not a period rule"),
            "{err}"
        );
        let err = error("[reports.monthly]\nweekend = \"skip\"\n");
        assert!(
            err.contains("reports.monthly.weekend = \"skip\" is not a weekend rule"),
            "{err}"
        );
        let err = error("[reports.weekly]\ndue = \"every wednesday\"\nperiod = \"previous 7 days\"\nweekend = \"next_working_day\"\n");
        assert!(
            err.contains("reports.weekly.weekend = \"next_working_day\": only applies"),
            "{err}"
        );
        assert!(parse_due("every funday").is_err());
        assert!(parse_due("6th monday").is_err());
        assert!(parse_period("previous 0 days").is_err());
        assert_eq!(
            parse_due(" Every Wednesday "),
            Ok(DueRule::EveryWeekday(Weekday::Wed))
        );
    }

    #[test]
    fn rules_print_as_written() {
        for text in [
            "every wednesday",
            "day 25",
            "4th wednesday",
            "last friday",
            "on demand",
        ] {
            assert_eq!(parse_due(text).expect("rule").to_string(), text);
        }
        for text in ["previous 7 days", "previous month", "none"] {
            assert_eq!(parse_period(text).expect("rule").to_string(), text);
        }
        for text in ["keep", "next_working_day"] {
            assert_eq!(parse_weekend(text).expect("rule").to_string(), text);
        }
    }
}
