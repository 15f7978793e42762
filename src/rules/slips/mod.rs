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
#[cfg(test)]
mod testkit;

pub use approval::{approval_chain, check_signatures, ApprovalStep, SignatureProblem, Signer};
pub use counter::{link_counter_slips, Amendment};
pub use findings::{evaluate, SlipFindings};
pub use grouping::{group_rows, DuplicateReason, DuplicateRow, Grouping, NumberedRow, SlipGroup};
pub use numbering::{check_numbers, next_number, NextNumberError, NumberingProblem};
pub use points::{points_by_department, ChargeKind, PointCharge};
pub use status::{state_on, RowState, SlipStatus};

/// Handbook source of SLIP-1 (approval chain by class).
pub const CLAUSE_APPROVAL: &str = "工作联系单管理办法 四.2";
/// Handbook source of the audit head's signature on a chase slip (事件跟催).
pub const CLAUSE_CHASE_AUDIT: &str = "内部联络管理制度 五.2.B";
/// Handbook source of SLIP-2 (numbering).
pub const CLAUSE_NUMBERING: &str = "工作联系单管理制度 四.(七)";
/// Handbook source of the sign-delay charge (SLIP-3).
pub const CLAUSE_SIGN_DELAY: &str = "内部联络管理制度 六.2";
/// Handbook source of the late-completion charge (SLIP-3).
pub const CLAUSE_LATE_COMPLETION: &str = "内部联络管理制度 六.3";
/// Handbook source of the no-inquiry charge (SLIP-3).
pub const CLAUSE_NO_INQUIRY: &str = "内部联络管理制度 六.1";
/// Handbook source of the issuer-shirked charge (SLIP-3).
pub const CLAUSE_ISSUER_SHIRK: &str = "内部联络管理制度 六.4";
/// Handbook source of SLIP-4 (counter-slips).
pub const CLAUSE_COUNTER_SLIP: &str = "联络单管理制度 3.3";
/// Handbook source of SLIP-5 (month-end list for 总经办).
pub const CLAUSE_MONTH_END: &str = "联络单管理制度 4.3";
