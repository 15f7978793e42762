//! The one reading of the clock a command makes: today's date in the project's
//! time zone (`company.timezone`), for `run --today`, `check` without `--date`
//! and `slip new` without `--date`. Rules, reports and rendering never read the
//! clock; they receive dates.
//!
//! `ZHIDU_NOW` (an RFC 3339 time such as `2026-11-30T23:30:00Z`) stands in for
//! the system clock: for tests, and to replay what a scheduled run did on a day.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::error::UserError;

/// The variable that sets the time taken as now.
pub const NOW_VAR: &str = "ZHIDU_NOW";

/// The time now: `ZHIDU_NOW` when it is set (and not empty), else the system clock.
pub fn now() -> Result<DateTime<Utc>, UserError> {
    match std::env::var_os(NOW_VAR).filter(|v| !v.is_empty()) {
        Some(v) => parse_now(&v.to_string_lossy()),
        None => Ok(std::time::SystemTime::now().into()),
    }
}

/// A `ZHIDU_NOW` value: an RFC 3339 time with its offset.
fn parse_now(text: &str) -> Result<DateTime<Utc>, UserError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            UserError::other(crate::msg!(
                "cli.now_not_a_time",
                var = NOW_VAR,
                value = format!("{text:?}")
            ))
        })
}

/// Today's date in the time zone `tz`.
pub fn today_in(tz: Tz) -> Result<NaiveDate, UserError> {
    Ok(now()?.with_timezone(&tz).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_utc_is_the_next_day_in_shanghai() {
        let t = parse_now("2026-11-30T23:30:00Z").expect("a time");
        assert_eq!(
            t.with_timezone(&chrono_tz::Asia::Shanghai).date_naive(),
            NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")
        );
        assert_eq!(
            t.with_timezone(&chrono_tz::Europe::London).date_naive(),
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
        );
    }

    #[test]
    fn a_bad_value_names_the_variable() {
        let e = parse_now("tomorrow").expect_err("not a time");
        assert!(e.to_string().starts_with("ZHIDU_NOW = \"tomorrow\""), "{e}");
    }
}
