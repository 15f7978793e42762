//! What a sheet's date texts show about how it orders day and month.

use crate::ingest::text::{DateShape, OrderChoice, Orders};

/// One cell quoted as evidence: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The cell, `B7` (or the row when the column is unknown).
    pub cell: String,
    /// Its text.
    pub text: String,
    /// The orders it allows.
    pub orders: Orders,
}

/// What the dates of one shape (`1/9/2017` or `04/09/17`) showed in a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeEvidence {
    /// The orders every date of this shape seen so far allows.
    pub orders: Orders,
    /// The last cell that narrowed `orders`.
    pub narrowed_by: Option<Witness>,
    /// The first cell that allows none of `orders` (the file writes dates two ways).
    pub conflict: Option<Witness>,
}

/// What a sheet's date texts showed about how it orders day and month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateEvidence {
    /// Dates with a four-digit year last (`1/9/2017`).
    pub year_last: Option<ShapeEvidence>,
    /// Dates of two-digit parts only (`04/09/17`).
    pub two_digit: Option<ShapeEvidence>,
    /// Date cells refused because they read as two dates.
    pub ambiguous: usize,
}

impl DateEvidence {
    /// Note the orders a date text allows.
    pub fn see(&mut self, cell: String, text: &str) {
        let Some((shape, orders)) = crate::ingest::text::date_orders(text) else {
            return;
        };
        let slot = match shape {
            DateShape::YearLast => &mut self.year_last,
            DateShape::TwoDigit => &mut self.two_digit,
            DateShape::YearFirst => return,
        };
        let e = slot.get_or_insert(ShapeEvidence {
            orders: Orders::ALL,
            narrowed_by: None,
            conflict: None,
        });
        let narrowed = e.orders.and(orders);
        if narrowed == e.orders {
            return;
        }
        let witness = Witness {
            cell,
            text: text.to_string(),
            orders,
        };
        if narrowed.is_empty() {
            if e.conflict.is_none() {
                e.conflict = Some(witness);
            }
        } else {
            e.orders = narrowed;
            e.narrowed_by = Some(witness);
        }
    }

    /// The orders the sheet settles: one per shape whose dates allow exactly one.
    pub fn settled(&self) -> OrderChoice {
        let one = |e: &Option<ShapeEvidence>| e.as_ref().and_then(|e| e.orders.single());
        OrderChoice {
            year_last: one(&self.year_last),
            two_digit: one(&self.two_digit),
        }
    }
}
