//! Resolving how a record names an employee (工号 and/or 姓名) to a roster entry.

use std::collections::BTreeMap;

use super::{Employee, EmployeeKey};

/// The roster indexed by 工号 and by 姓名, for resolving [`EmployeeKey`]s.
#[derive(Debug, Clone)]
pub struct Roster<'a> {
    employees: &'a [Employee],
    by_id: BTreeMap<&'a str, usize>,
    by_name: BTreeMap<&'a str, Vec<usize>>,
}

/// Why a key did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No roster entry has this 工号 / 姓名.
    Unknown,
    /// The name alone matches several employees.
    Ambiguous(Vec<String>),
    /// The 工号 and the 姓名 name different people.
    Mismatch {
        /// The name the roster gives for the 工号.
        roster_name: String,
    },
}

impl<'a> Roster<'a> {
    /// Index a roster. With duplicate 工号, the first row wins (check reports duplicates).
    pub fn new(employees: &'a [Employee]) -> Roster<'a> {
        let mut by_id = BTreeMap::new();
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, e) in employees.iter().enumerate() {
            by_id.entry(e.id.as_str()).or_insert(i);
            by_name.entry(e.name.as_str()).or_default().push(i);
        }
        Roster {
            employees,
            by_id,
            by_name,
        }
    }

    /// Every employee in roster order.
    pub fn employees(&self) -> &'a [Employee] {
        self.employees
    }

    /// The employee with this 工号.
    pub fn by_id(&self, id: &str) -> Option<&'a Employee> {
        self.by_id.get(id).map(|&i| &self.employees[i])
    }

    /// Resolve a key: by 工号 when present (checking the name if both are given), else by a unique name.
    pub fn resolve(&self, key: &EmployeeKey) -> Result<&'a Employee, Unresolved> {
        if let Some(id) = key.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let e = self.by_id(id).ok_or(Unresolved::Unknown)?;
            if let Some(name) = key.name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                if name != e.name {
                    return Err(Unresolved::Mismatch {
                        roster_name: e.name.clone(),
                    });
                }
            }
            return Ok(e);
        }
        let name = key.name.as_deref().map(str::trim).unwrap_or_default();
        match self.by_name.get(name).map(Vec::as_slice) {
            Some([i]) => Ok(&self.employees[*i]),
            Some(many) if many.len() > 1 => Err(Unresolved::Ambiguous(
                many.iter().map(|&i| self.employees[i].id.clone()).collect(),
            )),
            _ => Err(Unresolved::Unknown),
        }
    }
}
