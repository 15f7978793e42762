//! Work-contact slips (工作联系单): grouping register rows into slips, approval
//! chains (SLIP-1), numbering (SLIP-2), 部门协作 points (SLIP-3), counter-slips
//! (SLIP-4) and the status every slip has at a period's end (SLIP-5).
//!
//! Pure functions: no I/O, no clock. The period comes from the caller.
//!
//! One file per job: `grouping` gathers register rows into slips, `numbering`
//! checks the numbers against [`crate::model::NumberPattern`] (SLIP-2),
//! `approval` the signatures (SLIP-1), `counter` links counter-slips (SLIP-4),
//! `points` charges 部门协作 points (SLIP-3), `status` states each row at a
//! period's end (SLIP-5) and `findings` applies them all to one period.

mod approval;
mod counter;
mod findings;
mod grouping;
mod numbering;
mod points;
mod status;

pub use approval::{approval_chain, check_signatures, ApprovalStep, SignatureProblem, Signer};
pub use counter::{link_counter_slips, Amendment};
pub use findings::{evaluate, row_states, SlipFindings};
pub use grouping::{group_rows, DuplicateReason, DuplicateRow, Grouping, NumberedRow, SlipGroup};
pub use numbering::{check_numbers, next_number, NextNumberError, NumberingProblem};
pub use points::{points_by_department, ChargeKind, PointCharge};
pub use status::{state_on, RowState, SlipStatus};
