//! HR rules: attendance (ATT-1…6), pay deductions and fines (PAY-1…5), and the
//! data-quality list of records they could not attribute.

pub mod attendance;
pub mod employment;
pub mod pay;
pub mod quality;
