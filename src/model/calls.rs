//! Call-log rows (通话记录) and satisfaction survey responses (满意度调查).

use chrono::{NaiveDate, NaiveDateTime};

use super::{EmployeeKey, Source};

/// Inbound (呼入) or outbound (呼出).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CallDirection {
    /// 呼入.
    Inbound,
    /// 呼出.
    Outbound,
}

/// How the call ended for the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CallStatus {
    /// 接通.
    Answered,
    /// 未接 (rang out, no answer).
    Missed,
    /// 放弃 (caller hung up while waiting).
    Abandoned,
}

/// Business (业务) or personal (私人) call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CallKind {
    /// 业务.
    Business,
    /// 私人: reviewed under PAY-4 when longer than the threshold.
    Personal,
}

/// One call-detail row. A call may span several rows sharing `call_id`
/// (Asterisk linkedid); figures count each call once.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Call {
    /// 通话ID / linkedid / uuid, if the export has one.
    pub call_id: Option<String>,
    /// 坐席工号: the agent.
    pub agent: EmployeeKey,
    /// 开始时间.
    pub start: NaiveDateTime,
    /// Talk time in seconds (0 when not answered).
    pub talk_seconds: u32,
    /// Wait (ring/queue) time in seconds, if known.
    pub wait_seconds: Option<u32>,
    /// 呼入 or 呼出.
    pub direction: CallDirection,
    /// 接通 / 未接 / 放弃.
    pub status: CallStatus,
    /// 业务 or 私人.
    pub kind: CallKind,
    /// 主叫号码.
    pub caller: Option<String>,
    /// 被叫号码.
    pub callee: Option<String>,
    /// Where the row is.
    pub source: Source,
}

/// One satisfaction survey answer.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SurveyResponse {
    /// 日期 (the survey's submission day).
    pub date: NaiveDate,
    /// 坐席工号: the agent being rated.
    pub agent: EmployeeKey,
    /// Score 1–5 (非常不满意 = 1 … 非常满意 = 5).
    pub score: u8,
    /// 客户.
    pub customer: Option<String>,
    /// 渠道.
    pub channel: Option<String>,
    /// 意见.
    pub comment: Option<String>,
    /// Where the row is.
    pub source: Source,
}
