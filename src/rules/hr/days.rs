//! An [`Attendance`]'s shift-days by employee, for reports that look up many
//! employees (each lookup is one hash-map probe instead of a pass over every
//! shift-day of the period), and by employee and date for naming unreadable cells.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::attendance::{Attendance, ShiftDay, UnreadableCell};
use crate::rules::by_employee::ByEmployee;

/// The shift-days of each employee ([`Attendance::by_employee`]), in the order
/// [`Attendance::days_of`] gives them.
pub type DaysByEmployee<'a> = ByEmployee<'a, ShiftDay>;

impl Attendance {
    /// The shift-days grouped by 工号 ([`DaysByEmployee`]).
    pub fn by_employee(&self) -> DaysByEmployee<'_> {
        ByEmployee::new(&self.days, |d| &*d.employee_id)
    }

    /// Name each unreadable punch cell on its employee's shift-day of the same
    /// date, so that day shows the bad cell instead of 缺卡 or 旷工.
    pub fn mark_unreadable(&mut self, cells: &[UnreadableCell]) {
        let punch = |c: &&UnreadableCell| c.record == UnreadableCell::PUNCH;
        // The first shift-day of each employee and date, found once.
        let mut at: HashMap<(&str, NaiveDate), usize> = HashMap::new();
        if cells.iter().any(|c| punch(&c)) {
            for (i, d) in self.days.iter().enumerate() {
                at.entry((&*d.employee_id, d.date)).or_insert(i);
            }
        }
        let found: Vec<(usize, String)> = (cells.iter().filter(punch))
            .filter_map(|c| Some((*at.get(&(c.employee_id.as_str(), c.date?))?, c.describe())))
            .collect();
        for (i, text) in found {
            let day = &mut self.days[i];
            let mut texts = std::mem::take(&mut day.unreadable).into_vec();
            texts.push(text);
            day.unreadable = texts.into_boxed_slice();
        }
    }
}

impl<'a> DaysByEmployee<'a> {
    /// The shift-days of one employee, in date order (as [`Attendance::days_of`]).
    pub fn days_of(&self, id: &str) -> impl Iterator<Item = &'a ShiftDay> + '_ {
        self.of(id)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::model::{Roster, Severity};
    use crate::rules::catalog::Rule;
    use crate::rules::hr::attendance::evaluate_with;
    use crate::rules::hr::pay::assess;
    use crate::rules::testkit::{at, day, employee, period, Kit};

    #[test]
    fn the_indexes_answer_as_the_scans_do() {
        let k = Kit::default()
            .emp(employee("K001", "张三", 400_000))
            .emp(employee("K002", "李四", 350_000))
            .emp(employee("K003", "王五", 300_000))
            .november("K001", "常规", &[1, 8, 15, 22])
            .november("K002", "常规", &[1, 8, 15, 22])
            .punch("K001", at(11, 2, 8, 45, 0))
            .punch("K001", at(11, 2, 17, 31, 0))
            .complaint("K002", day(11, 9), Severity::Minor, true)
            .violation("K001", day(11, 11));
        let cfg = Config::default();
        let p = period("2026-11");
        let roster = Roster::new(&k.data.employees);
        let attendance = evaluate_with(&roster, &k.data, &cfg, &p);
        let pay = assess(&roster, &attendance, &k.data, &cfg, &p);
        let days = attendance.by_employee();
        let ledger = pay.ledger.index();
        for id in ["K001", "K002", "K003", "K404"] {
            let scanned: Vec<_> = attendance.days_of(id).map(|d| d.date).collect();
            let indexed: Vec<_> = days.days_of(id).map(|d| d.date).collect();
            assert_eq!(scanned, indexed, "{id}");
            let scanned: Vec<_> = pay.ledger.for_employee(id).map(|l| (l.date, l.rule)).collect();
            let indexed: Vec<_> = ledger.for_employee(id).map(|l| (l.date, l.rule)).collect();
            assert_eq!(scanned, indexed, "{id}");
            assert_eq!(ledger.has_lines(id), !scanned.is_empty());
            assert_eq!(ledger.total_for(id), pay.ledger.total_for(id));
            for rule in [Rule::Att2, Rule::Pay2, Rule::Pay3] {
                assert_eq!(
                    ledger.total_for_rule(id, rule),
                    pay.ledger.total_for_rule(id, rule)
                );
            }
        }
        assert!(ledger.has_lines("K001") && ledger.has_lines("K002"));
    }
}
