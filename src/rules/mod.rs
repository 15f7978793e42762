//! Rules: pure functions from records and the rules config to findings and
//! ledger lines. No I/O, no clock: the period comes from the caller.
//!
//! One folder per subsystem: [`hr`] (attendance, pay, data quality), [`ops`]
//! (calls, surveys, the period's KPIs with complaints, SLA-1 and open slips),
//! [`slips`] (work-contact slips, SLIP-1…5). [`catalog`] names every rule
//! (code, clause, title); [`ledger`] holds every deduction, fine and proposal.

pub mod by_employee;
pub mod catalog;
pub mod hr;
pub mod ledger;
pub mod ops;
pub mod slips;
#[cfg(test)]
pub(crate) mod testkit;
