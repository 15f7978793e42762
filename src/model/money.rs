//! Money in integer fen (分), and percentages in basis points, with half-up rounding.

use std::fmt;
use std::ops::{Add, AddAssign, Neg, Sub};

/// An amount of money in fen (1 元 = 100 分). Never a float.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

/// The most a monthly base pay may be (¥1,000,000): a larger one in a roster is
/// a typo (or fen written as yuan), and bounds every sum the rules make.
pub const MAX_BASE_PAY: Fen = Fen::from_yuan(1_000_000);

/// The most a fine or fixed deduction in the settings may be (¥100,000).
pub const MAX_FINE: Fen = Fen::from_yuan(100_000);

/// Arithmetic on money never wraps: amounts are bounded where they are read
/// (base pay, fines), so an overflow is a defect, and stops the run (exit 3)
/// rather than print a wrong amount.
#[cold]
fn overflow(op: &str) -> ! {
    panic!("{}", crate::msg!("model.money_overflow", op = op))
}

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// Whole yuan to fen (for constants; [`Fen::checked_from_yuan`] for values read).
    pub const fn from_yuan(yuan: i64) -> Fen {
        match yuan.checked_mul(100) {
            Some(fen) => Fen(fen),
            None => panic!("money overflow in from_yuan"), // not a message
        }
    }

    /// Whole yuan to fen, `None` when it does not fit.
    pub fn checked_from_yuan(yuan: i64) -> Option<Fen> {
        yuan.checked_mul(100).map(Fen)
    }

    /// `self + o`, `None` on overflow.
    pub fn checked_add(self, o: Fen) -> Option<Fen> {
        self.0.checked_add(o.0).map(Fen)
    }

    /// `self - o`, `None` on overflow.
    pub fn checked_sub(self, o: Fen) -> Option<Fen> {
        self.0.checked_sub(o.0).map(Fen)
    }

    /// `self × percent / 100`, where the percentage is given in basis points
    /// (1% = 100 bp), rounded half-up (away from zero) to the fen.
    ///
    /// 2% of ¥3,187.25 is ¥63.745, which rounds to ¥63.75.
    pub fn percent_bp(self, basis_points: i64) -> Fen {
        let num = self.0 as i128 * basis_points as i128;
        let den: i128 = 10_000;
        let q = num / den;
        let r = num % den;
        let rounded = if r.abs() * 2 >= den { q + num.signum() } else { q };
        Fen(i64::try_from(rounded).unwrap_or_else(|_| overflow("percent_bp")))
    }

    /// Parse `1234`, `1234.5`, `1,234.56`, `¥1,234.56` or `-3.10` (yuan) into fen
    /// without passing through a float. More than two decimals is an error.
    pub fn parse_yuan(text: &str) -> Option<Fen> {
        let t: String = text
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        if t.is_empty() {
            return None;
        }
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.as_str()),
        };
        let (int_part, frac_part) = match t.split_once('.') {
            Some((i, f)) => (i, f),
            None => (t, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
            || frac_part.len() > 2
        {
            return None;
        }
        let yuan: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        let mut frac: i64 = if frac_part.is_empty() {
            0
        } else {
            frac_part.parse().ok()?
        };
        if frac_part.len() == 1 {
            frac *= 10;
        }
        let fen = yuan.checked_mul(100)?.checked_add(frac)?;
        Some(Fen(if neg { -fen } else { fen }))
    }

    /// The amount in yuan as `1234.56` (no grouping, no symbol), for XLSX and JSON.
    pub fn yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl fmt::Display for Fen {
    /// `¥1,234.56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let yuan = (a / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "{sign}¥{grouped}.{:02}", a % 100)
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, o: Fen) -> Fen {
        self.checked_add(o).unwrap_or_else(|| overflow("+"))
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, o: Fen) {
        *self = *self + o;
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, o: Fen) -> Fen {
        self.checked_sub(o).unwrap_or_else(|| overflow("-"))
    }
}

impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(self.0.checked_neg().unwrap_or_else(|| overflow("negation")))
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_up_where_half_even_differs() {
        // 2% of ¥3,187.25 = ¥63.745 → ¥63.75 (half-even would give ¥63.74).
        assert_eq!(Fen(318_725).percent_bp(200), Fen(6_375));
        // 5% of ¥4,000.00 = ¥200.00 exactly.
        assert_eq!(Fen(400_000).percent_bp(500), Fen(20_000));
        // 2% of ¥0.25 = ¥0.005 → ¥0.01.
        assert_eq!(Fen(25).percent_bp(200), Fen(1));
        // 2% of ¥0.24 = ¥0.0048 → ¥0.00.
        assert_eq!(Fen(24).percent_bp(200), Fen(0));
    }

    #[test]
    fn parses_yuan_text_without_floats() {
        assert_eq!(Fen::parse_yuan("4000"), Some(Fen(400_000)));
        assert_eq!(Fen::parse_yuan("¥3,187.25"), Some(Fen(318_725)));
        assert_eq!(Fen::parse_yuan("12.5"), Some(Fen(1_250)));
        assert_eq!(Fen::parse_yuan("-3.10"), Some(Fen(-310)));
        assert_eq!(Fen::parse_yuan("10元"), Some(Fen(1_000)));
        assert_eq!(Fen::parse_yuan("1.234"), None);
        assert_eq!(Fen::parse_yuan("abc"), None);
        assert_eq!(Fen::parse_yuan(""), None);
    }

    #[test]
    fn arithmetic_is_checked_never_wrapping() {
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
        assert_eq!(Fen(i64::MIN).checked_sub(Fen(1)), None);
        assert_eq!(Fen::checked_from_yuan(i64::MAX / 10), None);
        assert_eq!(Fen::checked_from_yuan(45), Some(Fen(4_500)));
        assert!(std::panic::catch_unwind(|| Fen(i64::MAX) + Fen(1)).is_err());
        assert!(std::panic::catch_unwind(|| [Fen(i64::MAX), Fen(1)].into_iter().sum::<Fen>()).is_err());
        // The largest base pay and fine leave room for any month's sums.
        assert_eq!(MAX_BASE_PAY, Fen(100_000_000));
        assert_eq!(MAX_FINE, Fen(10_000_000));
    }

    #[test]
    fn displays_grouped_yuan() {
        assert_eq!(Fen(400_000).to_string(), "¥4,000.00");
        assert_eq!(Fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Fen(-5).to_string(), "-¥0.05");
        assert_eq!(Fen(6_375).yuan_string(), "63.75");
    }
}
