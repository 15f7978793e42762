//! Registers kept by hand: complaints (投诉登记), violations (违规记录),
//! service requests (服务请求).

use chrono::{NaiveDate, NaiveDateTime};

use super::{EmployeeKey, Source};

/// Complaint severity (严重程度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Severity {
    /// 一般.
    Minor,
    /// 较重.
    Serious,
    /// 严重.
    Severe,
}

impl Severity {
    /// The Chinese label: 一般, 较重, 严重.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Minor => "一般",
            Severity::Serious => "较重",
            Severity::Severe => "严重",
        }
    }

    /// Parse the Chinese label (or `minor`/`serious`/`severe`).
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim() {
            "一般" | "轻微" | "minor" | "Minor" => Some(Severity::Minor),
            "较重" | "较严重" | "serious" | "Serious" => Some(Severity::Serious),
            "严重" | "重大" | "severe" | "Severe" => Some(Severity::Severe),
            _ => None,
        }
    }
}

/// One registered complaint against an employee.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Complaint {
    /// 日期.
    pub date: NaiveDate,
    /// 工号 of the employee complained about.
    pub employee: EmployeeKey,
    /// 严重程度.
    pub severity: Severity,
    /// 来源 (客户/销售).
    pub origin: Option<String>,
    /// 是否本公司责任: `false` only where the register says 否; no fine then (PAY-2).
    pub company_fault: bool,
    /// 内容.
    pub content: Option<String>,
    /// Where the row is.
    pub source: Source,
}

/// One registered violation (work-unrelated activity and the like).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Violation {
    /// 日期.
    pub date: NaiveDate,
    /// 工号.
    pub employee: EmployeeKey,
    /// 违规类型.
    pub kind: String,
    /// 说明.
    pub note: Option<String>,
    /// Where the row is.
    pub source: Source,
}

/// One service request (服务请求), checked against SLA-1.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ServiceRequest {
    /// 受理时间.
    pub accepted_at: NaiveDateTime,
    /// 首次响应时间; `None` when not yet responded.
    pub first_response_at: Option<NaiveDateTime>,
    /// 负责人工号.
    pub owner: EmployeeKey,
    /// 客户.
    pub customer: Option<String>,
    /// 类别.
    pub category: Option<String>,
    /// 到场时间.
    pub onsite_at: Option<NaiveDateTime>,
    /// Where the row is.
    pub source: Source,
}
