//! 员工花名册 rows: the employees of the roster.

use calamine::DataRef;

use super::{Cols, Cx, RowBuilder};
use crate::ingest::cell;
use crate::model::{Employee, Fen, MAX_BASE_PAY};

/// A monthly base pay: an amount more than ¥0 and at most [`MAX_BASE_PAY`]
/// (a negative or zero one would turn every percentage deduction around, a
/// huge one is a typo such as fen written as yuan).
fn base_pay(c: &DataRef<'_>) -> Result<Option<Fen>, String> {
    match cell::money(c)? {
        Some(p) if p > Fen::ZERO && p <= MAX_BASE_PAY => Ok(Some(p)),
        Some(p) => Err(format!(
            "{} is not a monthly base pay zhidu accepts: it must be more than ¥0 and at most {MAX_BASE_PAY} (read {p})",
            cell::show(c)
        )),
        None => Ok(None),
    }
}

/// 员工花名册 rows.
pub struct RosterRows(pub Cols);

impl RowBuilder for RosterRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let id = c.need(cx, row, cells, 0, cell::id);
        let name = c.need(cx, row, cells, 1, |v| Ok(cell::text_of(v)));
        let dept = c.need(cx, row, cells, 2, |v| Ok(cell::text_of(v)));
        let pay = c.need(cx, row, cells, 3, base_pay);
        let hire = c.date(cx, row, cells, 6);
        let (Ok(id), Ok(name), Ok(department), Ok(base_pay), Ok(hire_date)) = (id, name, dept, pay, hire)
        else {
            return;
        };
        cx.record(hire_date);
        cx.data.employees.push(Employee {
            id,
            name,
            department,
            position: c.text(cells, 4),
            base_pay,
            default_shift: c.text(cells, 5),
            hire_date,
            status: c.text(cells, 7),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}
