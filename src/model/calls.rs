//! Call-log rows (通话记录) and satisfaction survey responses (满意度调查).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use super::employee::serialize_shared_key;
use super::{EmployeeKey, Source};

/// Short text kept inline (up to 22 bytes, no heap allocation), longer text boxed.
/// Call logs hold millions of call IDs and phone numbers; this keeps them compact.
/// Dereferences to `&str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShortText(ShortRepr);

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum ShortRepr {
    Inline(u8, [u8; 22]),
    Heap(Box<str>),
}

impl ShortText {
    /// Copy a string into a `ShortText`.
    pub fn new(s: &str) -> ShortText {
        if s.len() <= 22 {
            let mut buf = [0u8; 22];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            ShortText(ShortRepr::Inline(s.len() as u8, buf))
        } else {
            ShortText(ShortRepr::Heap(s.into()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            ShortRepr::Inline(len, buf) => std::str::from_utf8(&buf[..*len as usize]).unwrap_or_default(),
            ShortRepr::Heap(b) => b,
        }
    }
}

impl Deref for ShortText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for ShortText {
    fn from(s: &str) -> ShortText {
        ShortText::new(s)
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for ShortText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Inbound (呼入), outbound (呼出), or internal (内部: extension to extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CallDirection {
    /// 呼入.
    Inbound,
    /// 呼出.
    Outbound,
    /// 内部: between two extensions; left out of the call figures.
    Internal,
}

impl CallDirection {
    /// 呼入 / 呼出, as exports write it.
    pub fn label(self) -> &'static str {
        match self {
            CallDirection::Inbound => "呼入",
            CallDirection::Outbound => "呼出",
            CallDirection::Internal => "内部",
        }
    }
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

impl CallStatus {
    /// 接通 / 未接 / 放弃, as exports write it.
    pub fn label(self) -> &'static str {
        match self {
            CallStatus::Answered => "接通",
            CallStatus::Missed => "未接",
            CallStatus::Abandoned => "放弃",
        }
    }
}

/// Business (业务) or personal (私人) call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CallKind {
    /// 业务.
    Business,
    /// 私人: reviewed under PAY-4 when longer than the threshold.
    Personal,
}

impl CallKind {
    /// 业务 / 私人, as exports write it.
    pub fn label(self) -> &'static str {
        match self {
            CallKind::Business => "业务",
            CallKind::Personal => "私人",
        }
    }
}

/// One call-detail row. A call may span several rows sharing `call_id`
/// (Asterisk linkedid); figures count each call once.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Call {
    /// 通话ID / linkedid / uuid, if the export has one.
    pub call_id: Option<ShortText>,
    /// 坐席工号: the agent. Shared between the calls of one agent (a call log
    /// repeats a few dozen agents over millions of rows). Neither 工号 nor 姓名
    /// for an inbound call that never reached an agent (abandoned in the IVR or
    /// the queue): it counts for the team only.
    #[serde(serialize_with = "serialize_shared_key")]
    pub agent: Arc<EmployeeKey>,
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
    pub caller: Option<ShortText>,
    /// 被叫号码.
    pub callee: Option<ShortText>,
    /// Where the row is.
    pub source: Source,
}

impl Call {
    /// Whether the call names no agent (an inbound call abandoned before one answered).
    pub fn has_no_agent(&self) -> bool {
        self.agent.id.is_none() && self.agent.name.is_none()
    }
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
