//! Rules: pure functions from records and the rules config to findings and
//! ledger lines. No I/O, no clock: the period comes from the caller.

pub mod calendar;
pub mod calls;
pub mod figures;
pub mod ops;
pub mod roster;
pub mod surveys;
