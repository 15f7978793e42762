//! Rules: pure functions from records and the rules config to findings and
//! ledger lines. No I/O, no clock: the period comes from the caller.

pub mod attendance;
pub mod ledger;
pub mod pay;
pub mod quality;
pub mod roster;
pub mod slips;
#[cfg(test)]
pub(crate) mod testkit;
