//! The kinds of export zhidu reads, each configured under `[inputs.<id>]`.

use std::fmt;

use serde::Serialize;

/// One kind of input export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKind {
    /// 员工花名册.
    Roster,
    /// 排班表.
    Schedule,
    /// 打卡记录.
    Punches,
    /// 通话记录.
    Calls,
    /// 满意度调查.
    Surveys,
    /// 投诉登记.
    Complaints,
    /// 违规记录.
    Violations,
    /// 请假记录.
    Leaves,
    /// 服务请求.
    ServiceRequests,
    /// 工作联系单登记.
    Slips,
    /// 补卡登记.
    Corrections,
    /// 客户资料登记.
    ClientRecords,
    /// 活动经费支出登记.
    FundExpenses,
}

impl InputKind {
    /// Every kind, in the fixed order zhidu reads and lists them.
    pub const ALL: [InputKind; 13] = [
        InputKind::Roster,
        InputKind::Schedule,
        InputKind::Punches,
        InputKind::Calls,
        InputKind::Surveys,
        InputKind::Complaints,
        InputKind::Violations,
        InputKind::Leaves,
        InputKind::ServiceRequests,
        InputKind::Slips,
        InputKind::Corrections,
        InputKind::ClientRecords,
        InputKind::FundExpenses,
    ];

    /// The canonical id, as in `[inputs.<id>]`: `roster`, `service_requests`, …
    pub fn id(self) -> &'static str {
        match self {
            InputKind::Roster => "roster",
            InputKind::Schedule => "schedule",
            InputKind::Punches => "punches",
            InputKind::Calls => "calls",
            InputKind::Surveys => "surveys",
            InputKind::Complaints => "complaints",
            InputKind::Violations => "violations",
            InputKind::Leaves => "leaves",
            InputKind::ServiceRequests => "service_requests",
            InputKind::Slips => "slips",
            InputKind::Corrections => "corrections",
            InputKind::ClientRecords => "client_records",
            InputKind::FundExpenses => "fund_expenses",
        }
    }

    /// The Chinese name of the export, e.g. 员工花名册.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Roster => "员工花名册",
            InputKind::Schedule => "排班表",
            InputKind::Punches => "打卡记录",
            InputKind::Calls => "通话记录",
            InputKind::Surveys => "满意度调查",
            InputKind::Complaints => "投诉登记",
            InputKind::Violations => "违规记录",
            InputKind::Leaves => "请假记录",
            InputKind::ServiceRequests => "服务请求",
            InputKind::Slips => "工作联系单登记",
            InputKind::Corrections => "补卡登记",
            InputKind::ClientRecords => "客户资料登记",
            InputKind::FundExpenses => "活动经费支出登记",
        }
    }

    /// The kind with this id, if there is one.
    pub fn from_id(id: &str) -> Option<InputKind> {
        InputKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for InputKind {
    /// A kind serialises as its id.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// The order of day, month and year in a date written as numbers only
/// (`1/9/2017`, `04/09/17`): `[inputs.<kind>] date_order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Year, month, day (`17/09/04` = 2017-09-04).
    Ymd,
    /// Day, month, year (`1/9/2017` = 2017-09-01).
    Dmy,
    /// Month, day, year (`9/1/2017` = 2017-09-01).
    Mdy,
}

impl DateOrder {
    /// Every order, in the order messages list them.
    pub const ALL: [DateOrder; 3] = [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy];

    /// The setting's value: `ymd`, `dmy` or `mdy`.
    pub fn id(self) -> &'static str {
        match self {
            DateOrder::Ymd => "ymd",
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }

    /// How the order reads in a message: `day/month/year`.
    pub fn words(self) -> crate::i18n::Text {
        match self {
            DateOrder::Ymd => crate::msg!("model.order_ymd"),
            DateOrder::Dmy => crate::msg!("model.order_dmy"),
            DateOrder::Mdy => crate::msg!("model.order_mdy"),
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back() {
        for k in InputKind::ALL {
            assert_eq!(InputKind::from_id(k.id()), Some(k));
        }
        assert_eq!(InputKind::from_id("payroll"), None);
    }
}
