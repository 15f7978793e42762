//! The roster index now lives in [`crate::model::roster`].

// TEMP re-export: old path kept until rules/pay.rs is updated
pub use crate::model::roster::{Roster, Unresolved};
