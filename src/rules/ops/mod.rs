//! Operations rules: call-centre figures from the call log, satisfaction
//! surveys, and the KPIs of a period (complaints, SLA-1, open slips) compared
//! with the period before.

pub mod calls;
pub mod figures;
pub mod kpis;
pub mod surveys;
