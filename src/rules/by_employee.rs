//! A period's records grouped by 工号, for looking up many employees: each lookup
//! is one hash-map probe instead of a pass over every record. The ledger's lines
//! ([`crate::rules::ledger::LedgerIndex`]) and the shift-days
//! ([`crate::rules::hr::days::DaysByEmployee`]) are grouped this way.

use std::collections::HashMap;

/// The records of each employee, in the records' order. Only looked up, never
/// iterated, so the hash map's order never reaches an output.
#[derive(Debug)]
pub struct ByEmployee<'a, T> {
    records: &'a [T],
    positions: HashMap<&'a str, Vec<usize>>,
}

impl<'a, T> ByEmployee<'a, T> {
    /// Group `records` by the 工号 `id` gives for each.
    pub fn new(records: &'a [T], id: impl Fn(&'a T) -> &'a str) -> ByEmployee<'a, T> {
        let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            positions.entry(id(r)).or_default().push(i);
        }
        ByEmployee { records, positions }
    }

    /// The records of one employee, in the records' order.
    pub fn of(&self, id: &str) -> impl Iterator<Item = &'a T> + '_ {
        let records = self.records;
        self.positions
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(move |&i| &records[i])
    }

    /// Whether the employee has any record.
    pub fn contains(&self, id: &str) -> bool {
        self.positions.contains_key(id)
    }
}
