//! Value types used in `zhidu.toml`: percentages, amounts of money, clock times.

use std::fmt;

use chrono::NaiveTime;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::Fen;

/// A percentage, kept in basis points (1% = 100 bp). Written in the config as
/// a number of percent (`5`, `2.5`), at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent {
    /// Basis points: 500 = 5%.
    pub bp: i64,
}

impl Percent {
    /// A whole number of percent.
    pub const fn whole(p: i64) -> Percent {
        Percent { bp: p * 100 }
    }
}

impl fmt::Display for Percent {
    /// `5`, `2.5`, `0.25` (no `%` sign; templates add it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.bp / 100;
        let frac = (self.bp % 100).abs();
        if frac == 0 {
            write!(f, "{whole}")
        } else if frac % 10 == 0 {
            write!(f, "{whole}.{}", frac / 10)
        } else {
            write!(f, "{whole}.{frac:02}")
        }
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Float(f64),
            Text(String),
        }
        let bp = match Raw::deserialize(d)? {
            Raw::Int(i) => i.checked_mul(100),
            // Config parsing is the only place a float may appear; it becomes
            // exact basis points here and never reaches a rule.
            Raw::Float(x) => {
                let bp = (x * 100.0).round();
                if (x * 100.0 - bp).abs() > 1e-6 || !bp.is_finite() {
                    return Err(serde::de::Error::custom(crate::msg!(
                        "config.percent_decimals",
                        value = x.to_string()
                    )));
                }
                Some(bp as i64)
            }
            Raw::Text(t) => parse_percent_text(&t),
        };
        bp.map(|bp| Percent { bp })
            .ok_or_else(|| serde::de::Error::custom(crate::msg!("config.not_a_percentage")))
    }
}

fn parse_percent_text(t: &str) -> Option<i64> {
    let t = t.trim().trim_end_matches('%');
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    if f.len() > 2 || !f.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = i.parse().ok()?;
    let mut frac: i64 = if f.is_empty() { 0 } else { f.parse().ok()? };
    if f.len() == 1 {
        frac *= 10;
    }
    Some(whole * 100 + if whole < 0 { -frac } else { frac })
}

/// An amount of money written in yuan in the config (`10`, `"12.50"`), kept in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub Fen);

impl fmt::Display for Amount {
    /// `10` for whole yuan, `12.50` otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 .0 % 100 == 0 {
            write!(f, "{}", self.0 .0 / 100)
        } else {
            write!(f, "{}", self.0.yuan_string())
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Text(String),
            Float(f64),
        }
        match Raw::deserialize(d)? {
            Raw::Int(i) => i
                .checked_mul(100)
                .map(|f| Amount(Fen(f)))
                .ok_or_else(|| serde::de::Error::custom(crate::msg!("config.amount_too_large"))),
            Raw::Text(t) => Fen::parse_yuan(&t)
                .map(Amount)
                .ok_or_else(|| serde::de::Error::custom(crate::msg!("config.not_an_amount", text = &t))),
            Raw::Float(x) => Fen::parse_yuan(&format!("{x}")).map(Amount).ok_or_else(|| {
                serde::de::Error::custom(crate::msg!("config.amount_decimals", value = x.to_string()))
            }),
        }
    }
}

/// A clock time written `HH:MM` in the config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(pub NaiveTime);

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M"))
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ClockTime, D::Error> {
        let s = String::deserialize(d)?;
        NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map(ClockTime)
            .map_err(|_| serde::de::Error::custom(crate::msg!("config.not_a_time", text = &s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct P {
        p: Percent,
    }
    #[derive(Deserialize)]
    struct A {
        a: Amount,
    }

    #[test]
    fn percent_from_int_float_and_text() {
        assert_eq!(toml::from_str::<P>("p = 5").map(|x| x.p.bp).ok(), Some(500));
        assert_eq!(toml::from_str::<P>("p = 2.5").map(|x| x.p.bp).ok(), Some(250));
        assert_eq!(toml::from_str::<P>("p = \"6%\"").map(|x| x.p.bp).ok(), Some(600));
        assert!(toml::from_str::<P>("p = 2.555").is_err());
        assert_eq!(Percent { bp: 250 }.to_string(), "2.5");
        assert_eq!(Percent { bp: 25 }.to_string(), "0.25");
        assert_eq!(Percent::whole(5).to_string(), "5");
    }

    #[test]
    fn amount_from_int_and_text() {
        assert_eq!(toml::from_str::<A>("a = 10").map(|x| x.a.0).ok(), Some(Fen(1000)));
        assert_eq!(
            toml::from_str::<A>("a = \"12.50\"").map(|x| x.a.0).ok(),
            Some(Fen(1250))
        );
        assert!(toml::from_str::<A>("a = \"12.505\"").is_err());
        assert_eq!(Amount(Fen(1250)).to_string(), "12.50");
        assert_eq!(Amount(Fen(1000)).to_string(), "10");
    }
}
