//! Rules: pure functions from records and the rules config to findings and
//! ledger lines. No I/O, no clock: the period comes from the caller.

pub mod attendance;
pub mod calls;
pub mod catalog;
pub mod figures;
pub mod ledger;
pub mod ops;
pub mod pay;
pub mod quality;
pub mod slips;
pub mod surveys;
#[cfg(test)]
pub(crate) mod testkit;
