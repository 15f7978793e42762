//! HR rules: attendance (ATT-1…7), pay deductions and fines (PAY-1…6), and the
//! data-quality list of records they could not attribute.

pub mod attendance;
pub mod corrections;
pub mod days;
pub mod employment;
pub mod fund;
pub mod pay;
pub mod quality;
pub mod review;
