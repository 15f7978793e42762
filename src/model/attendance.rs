//! Attendance records: the shift schedule (排班表), punches (打卡记录), punch
//! corrections (补卡登记) and leaves (请假记录).

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::employee::serialize_shared_key;
use super::{EmployeeKey, Source};

/// A shift code as the schedule writes it (常规, 白班, 晚班, 常班, 休, …);
/// its times come from the `[shifts]` table of the config.
pub type ShiftCode = String;

/// One employee's scheduled shift on one day.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScheduleEntry {
    /// Who (shared by the records of one person in a file).
    #[serde(serialize_with = "serialize_shared_key")]
    pub employee: Arc<EmployeeKey>,
    /// The day the shift starts on.
    pub date: NaiveDate,
    /// The shift code, or the rest-day code (休).
    pub shift: ShiftCode,
    /// Where the schedule cell is.
    pub source: Source,
}

/// One clock punch.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Punch {
    /// Who punched (shared by the punches of one person in a file).
    #[serde(serialize_with = "serialize_shared_key")]
    pub employee: Arc<EmployeeKey>,
    /// When, to the second where the export has seconds.
    pub at: NaiveDateTime,
    /// 设备 / 打卡设备 / 机器号, if given.
    pub device: Option<String>,
    /// 打卡结果 / 记录状态 as written (informational: punches are assigned by time).
    pub result: Option<String>,
    /// A suffix or remark the export attached to the time, such as 外勤.
    pub remark: Option<String>,
    /// Where the punch is.
    pub source: Source,
}

/// An approved leave covering whole days, both ends included.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Leave {
    /// Who.
    pub employee: EmployeeKey,
    /// First day of leave.
    pub start: NaiveDate,
    /// Last day of leave (inclusive).
    pub end: NaiveDate,
    /// 类型 (事假, 病假, 年假, …).
    pub kind: Option<String>,
    /// 审批人.
    pub approver: Option<String>,
    /// Where the leave row is.
    pub source: Source,
}

/// One entry of the 补卡登记: a punch HR records for a forgotten one (ATT-7).
/// Only an approved correction (审批人 filled in) counts as a punch.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PunchCorrection {
    /// Who.
    pub employee: EmployeeKey,
    /// 补卡时间: the moment the punch stands for.
    pub at: NaiveDateTime,
    /// 原因, if given.
    pub reason: Option<String>,
    /// 审批人, if given.
    pub approver: Option<String>,
    /// Where the row is; its 补卡时间 column is the time's cell.
    pub source: Source,
}

impl PunchCorrection {
    /// The approver, when the row names one (an unapproved correction changes nothing).
    pub fn approved_by(&self) -> Option<&str> {
        self.approver.as_deref().map(str::trim).filter(|a| !a.is_empty())
    }
}
