//! Small integer helpers shared by the operations figures: rates in basis
//! points, averages rounded half-up, and how an employee key is shown.

use crate::model::EmployeeKey;
use crate::model::Roster;

/// `n / d` in basis points (1% = 100 bp), rounded half-up; `None` when `d` is 0.
pub fn rate_bp(n: u64, d: u64) -> Option<i64> {
    (d > 0).then(|| ((n as u128 * 20_000 + d as u128) / (2 * d as u128)) as i64)
}

/// `sum / n` rounded half-up to a whole number; `None` when `n` is 0.
pub fn avg_half_up(sum: u64, n: u64) -> Option<u64> {
    (n > 0).then(|| (sum * 2 + n) / (2 * n))
}

/// `sum / n` in hundredths, rounded half-up (4.355 → 436); `None` when `n` is 0.
pub fn avg_x100(sum: u64, n: u64) -> Option<u64> {
    avg_half_up(sum * 100, n)
}

/// Hundredths as decimal text: 436 → `4.36`, −12 → `-0.12`.
pub fn hundredths_text(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// The agent a figure belongs to: a roster employee, or a key the roster does not know.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct AgentRef {
    /// Position in the roster (unknown keys sort after every roster employee).
    #[serde(skip)]
    pub order: usize,
    /// 工号 (or the key as written, for an unknown agent).
    pub id: String,
    /// 姓名 (may be empty for an unknown agent).
    pub name: String,
    /// Whether the roster lists this agent.
    pub in_roster: bool,
}

/// Resolves keys once each (exports repeat the same agent on many rows).
pub struct AgentResolver<'r, 'a> {
    roster: &'r Roster<'a>,
    positions: std::collections::BTreeMap<&'a str, usize>,
}

impl<'r, 'a> AgentResolver<'r, 'a> {
    /// A resolver over a roster.
    pub fn new(roster: &'r Roster<'a>) -> Self {
        let positions = roster
            .employees()
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        AgentResolver { roster, positions }
    }

    /// The agent a key names.
    pub fn resolve(&self, key: &EmployeeKey) -> AgentRef {
        match self.roster.resolve(key) {
            Ok(e) => AgentRef {
                order: self.positions.get(e.id.as_str()).copied().unwrap_or(usize::MAX),
                id: e.id.clone(),
                name: e.name.clone(),
                in_roster: true,
            },
            Err(_) => AgentRef {
                order: usize::MAX,
                id: key.id.clone().unwrap_or_default(),
                name: key.name.clone().unwrap_or_default(),
                in_roster: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_averages_round_half_up() {
        // 2/3 = 66.666…% → 6667 bp; 1/8 = 12.5% → 1250 bp; 1/16 = 6.25% → 625 bp.
        assert_eq!(rate_bp(2, 3), Some(6667));
        assert_eq!(rate_bp(1, 8), Some(1250));
        assert_eq!(rate_bp(1, 16), Some(625));
        // 1/20000 = 0.5 bp → rounds up to 1.
        assert_eq!(rate_bp(1, 20_000), Some(1));
        assert_eq!(rate_bp(1, 0), None);
        // 7/2 = 3.5 → 4; 5/3 = 1.67 → 2; 4/3 = 1.33 → 1.
        assert_eq!(avg_half_up(7, 2), Some(4));
        assert_eq!(avg_half_up(5, 3), Some(2));
        assert_eq!(avg_half_up(4, 3), Some(1));
        // 13/3 = 4.333… → 433 hundredths.
        assert_eq!(avg_x100(13, 3), Some(433));
        assert_eq!(hundredths_text(433), "4.33");
        assert_eq!(hundredths_text(-12), "-0.12");
    }
}
