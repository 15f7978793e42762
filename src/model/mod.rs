//! Domain types: the records read from the exports, and money.
//!
//! Every record carries its [`Source`] so any figure computed from it can name
//! the file, sheet and cell it came from.

pub mod attendance;
pub mod calls;
pub mod client_records;
pub mod employee;
pub mod fund;
pub mod input_kind;
pub mod money;
pub mod period;
pub mod registers;
pub mod roster;
pub mod slip;
pub mod slip_number;
pub mod source;

pub use attendance::{Leave, Punch, PunchCorrection, ScheduleEntry, ShiftCode};
pub use calls::{Call, CallDirection, CallKind, CallStatus, ShortText, SurveyResponse};
pub use client_records::{ClientRecord, Moment};
pub use employee::{Employee, EmployeeKey};
pub use fund::FundExpense;
pub use input_kind::{DateOrder, InputKind};
pub use money::{Fen, MAX_BASE_PAY, MAX_FINE};
pub use period::Period;
pub use registers::{Complaint, ServiceRequest, Severity, Violation};
pub use roster::{KeyResolver, Roster, Unresolved};
pub use slip::{SlipClass, SlipNature, SlipRow};
pub use slip_number::{NumberPattern, SlipNumber};
pub use source::{Source, SourceSheet};

/// Every record read from a project's inputs, one vector per input kind.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// 员工花名册.
    pub employees: Vec<Employee>,
    /// 排班表, one entry per employee and day.
    pub schedule: Vec<ScheduleEntry>,
    /// 打卡记录.
    pub punches: Vec<Punch>,
    /// 通话记录, one entry per CDR row (a call may span several rows).
    pub calls: Vec<Call>,
    /// 满意度调查.
    pub surveys: Vec<SurveyResponse>,
    /// 投诉登记.
    pub complaints: Vec<Complaint>,
    /// 违规记录.
    pub violations: Vec<Violation>,
    /// 请假记录.
    pub leaves: Vec<Leave>,
    /// 服务请求.
    pub service_requests: Vec<ServiceRequest>,
    /// 工作联系单登记, one entry per receiving department.
    pub slips: Vec<SlipRow>,
    /// 补卡登记.
    pub corrections: Vec<PunchCorrection>,
    /// 客户资料登记.
    pub client_records: Vec<ClientRecord>,
    /// 活动经费支出登记.
    pub fund_expenses: Vec<FundExpense>,
}

impl Dataset {
    /// Give back the room each list grew beyond its records: a list read a row
    /// at a time doubled as it went, and a run holds the lists to its end.
    pub fn shrink_to_fit(&mut self) {
        exact(&mut self.employees);
        exact(&mut self.schedule);
        exact(&mut self.punches);
        exact(&mut self.calls);
        exact(&mut self.surveys);
        exact(&mut self.complaints);
        exact(&mut self.violations);
        exact(&mut self.leaves);
        exact(&mut self.service_requests);
        exact(&mut self.slips);
        exact(&mut self.corrections);
        exact(&mut self.client_records);
        exact(&mut self.fund_expenses);
    }
}

/// The list moved into one of exactly its length, when its spare room is more
/// than an eighth of it. Not `Vec::shrink_to_fit`: an allocator may keep a block
/// in place when it shrinks by less than half (mimalloc does), and then the room
/// stays taken. The move holds the list twice while it is made, so a list with
/// little room to give (four call logs of a million rows joined into one) is left
/// as it is: the copy would raise the run's peak more than the room saves.
fn exact<T>(list: &mut Vec<T>) {
    if list.capacity() - list.len() > list.len() / 8 {
        let mut fit = Vec::with_capacity(list.len());
        fit.append(list);
        *list = fit;
    }
}
