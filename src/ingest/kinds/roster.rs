//! 员工花名册 rows: the employees of the roster.

use calamine::DataRef;

use super::{Cols, Cx, RowBuilder};
use crate::i18n::Text;
use crate::ingest::cell;
use crate::model::{Employee, Fen, MAX_BASE_PAY};
use crate::msg;

/// A monthly base pay: an amount more than ¥0 and at most [`MAX_BASE_PAY`]
/// (a negative or zero one would turn every percentage deduction around, a
/// huge one is a typo such as fen written as yuan).
fn base_pay(c: &DataRef<'_>) -> Result<Option<Fen>, Text> {
    match cell::money(c)? {
        Some(p) if p > Fen::ZERO && p <= MAX_BASE_PAY => Ok(Some(p)),
        Some(p) => Err(msg!(
            "kinds_roster.base_pay",
            value = cell::show(c),
            max = MAX_BASE_PAY.to_string(),
            read = p.to_string()
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
        let name = c.need_text(cx, row, cells, 1);
        let dept = c.need_text(cx, row, cells, 2);
        let pay = c.need(cx, row, cells, 3, base_pay);
        let hire = c.date(cx, row, cells, 6);
        let leave = c.date(cx, row, cells, 8);
        let (Ok(id), Ok(name), Ok(department), Ok(base_pay), Ok(hire_date), Ok(leave_date)) =
            (id, name, dept, pay, hire, leave)
        else {
            return;
        };
        if let (Some(h), Some(l)) = (hire_date, leave_date) {
            if l < h {
                cx.err(
                    &c.src,
                    c.cols[8],
                    row,
                    msg!(
                        "kinds_roster.leave_before_hire",
                        leave = l.to_string(),
                        hire = h.to_string()
                    ),
                );
                return;
            }
        }
        cx.record(hire_date);
        let notice_password = notice_password(c, cx, row, cells);
        cx.data.employees.push(Employee {
            id,
            name,
            department,
            position: c.text(cells, 4),
            base_pay,
            default_shift: c.text(cells, 5),
            hire_date,
            leave_date,
            status: c.text(cells, 7),
            email: c
                .text(cells, 9)
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty()),
            notice_password,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// The notice password of a row (field 10): text, or a whole number written as
/// one. A cell that is neither is a warning naming the cell but not its value
/// (it is a password); that employee's notice is then not mailed.
fn notice_password(c: &Cols, cx: &mut Cx, row: u32, cells: &[DataRef<'_>]) -> Option<String> {
    match cell::id(c.get(cells, 10)) {
        Ok(p) => p.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
        Err(_) => {
            cx.warn(
                &c.src,
                c.cols[10],
                row,
                msg!("kinds_roster.bad_password", field = c.fields[10].key),
            );
            None
        }
    }
}
