//! HR rules: attendance (ATT-1…5), pay deductions and fines (PAY-1…5), and the
//! data-quality list of records they could not attribute.

pub mod attendance;
pub mod pay;
pub mod quality;
