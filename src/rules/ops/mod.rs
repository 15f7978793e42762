//! Operations rules: call-centre figures from the call log, satisfaction
//! surveys, complaints, SLA-1 first responses, SLA-2 client records and open
//! slips, and the KPIs of a period compared with the period before.

pub mod calls;
pub mod client_records;
pub mod complaints;
pub mod figures;
pub mod kpis;
pub mod open_slips;
pub mod sla;
pub mod surveys;
