//! The work-contact-slip register (工作联系单登记).

use chrono::NaiveDate;

use super::Source;

/// Urgency class of a slip, which fixes its approval chain (SLIP-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum SlipClass {
    /// A: 起草 → 部门经理复核 → 分管领导审核 → 主管领导审批签发.
    A,
    /// B: 起草 → 部门经理复核 → 分管领导审批签发.
    B,
    /// C: 起草 → 部门经理审核签发.
    C,
}

impl SlipClass {
    /// Parse a class as written in the register or on the command line: `A`, `b`, `C类`.
    pub fn parse(text: &str) -> Option<SlipClass> {
        match text.trim().to_ascii_uppercase().trim_end_matches('类') {
            "A" => Some(SlipClass::A),
            "B" => Some(SlipClass::B),
            "C" => Some(SlipClass::C),
            _ => None,
        }
    }
}

impl std::str::FromStr for SlipClass {
    type Err = crate::i18n::Text;

    fn from_str(text: &str) -> Result<SlipClass, crate::i18n::Text> {
        SlipClass::parse(text).ok_or_else(|| crate::msg!("model.not_a_slip_class", text = text))
    }
}

/// 性质 of a slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum SlipNature {
    /// 协助指令.
    Assistance,
    /// 工作指令.
    Instruction,
    /// 事件跟催 (chase): also needs the audit head's signature.
    Chase,
    /// 申诉建议.
    Appeal,
    /// 其他.
    Other,
}

impl SlipNature {
    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            SlipNature::Assistance => "协助指令",
            SlipNature::Instruction => "工作指令",
            SlipNature::Chase => "事件跟催",
            SlipNature::Appeal => "申诉建议",
            SlipNature::Other => "其他",
        }
    }

    /// Parse the Chinese label.
    pub fn parse(text: &str) -> Option<SlipNature> {
        match text.trim() {
            "协助指令" => Some(SlipNature::Assistance),
            "工作指令" => Some(SlipNature::Instruction),
            "事件跟催" => Some(SlipNature::Chase),
            "申诉建议" => Some(SlipNature::Appeal),
            "其他" | "其它" => Some(SlipNature::Other),
            _ => None,
        }
    }
}

impl std::str::FromStr for SlipNature {
    type Err = crate::i18n::Text;

    fn from_str(text: &str) -> Result<SlipNature, crate::i18n::Text> {
        SlipNature::parse(text).ok_or_else(|| crate::msg!("model.not_a_slip_nature", text = text))
    }
}

/// One row of the slip register: one slip to one receiving department.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SlipRow {
    /// 编号 as written, e.g. `KF-2026-014`.
    pub number: String,
    /// 类别.
    pub class: SlipClass,
    /// 性质.
    pub nature: Option<SlipNature>,
    /// 发单部门.
    pub from_dept: String,
    /// 收单部门.
    pub to_dept: String,
    /// 主题.
    pub subject: String,
    /// 工作要求.
    pub requirement: Option<String>,
    /// 发单日期.
    pub issue_date: NaiveDate,
    /// 要求完成日期.
    pub due_date: NaiveDate,
    /// 签收日期.
    pub signed_date: Option<NaiveDate>,
    /// 回复日期.
    pub reply_date: Option<NaiveDate>,
    /// 完成日期.
    pub completed_date: Option<NaiveDate>,
    /// 完成评价.
    pub evaluation: Option<String>,
    /// 替代编号: set on a counter-slip (反联络单), naming the original.
    pub replaces: Option<String>,
    /// 起草人.
    pub drafter: Option<String>,
    /// 部门经理.
    pub dept_manager: Option<String>,
    /// 分管领导.
    pub division_leader: Option<String>,
    /// 主管领导.
    pub chief_leader: Option<String>,
    /// 审计负责人 (needed on 事件跟催 slips).
    pub audit_head: Option<String>,
    /// 未沟通延误天数: days lost because the receiver did not ask (SLIP-3).
    pub no_inquiry_days: Option<u32>,
    /// 发单方推诿: on a multi-department slip the issuer did not lead (SLIP-3).
    pub issuer_shirked: Option<bool>,
    /// Where the row is.
    pub source: Source,
}
