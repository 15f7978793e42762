//! Every rule zhidu applies: its code (`ATT-2`), the handbook source it comes
//! from, and its title as the manual heads its clause. Ledger lines,
//! data-quality issues, slip findings and the manual name rules by these codes;
//! documents cite the manual's clause stating the rule (第X条, found from the
//! manual's numbering, `reports::manual::Citations`) with the handbook source
//! in brackets. A [`Provision`] is a paragraph of a rule's clause that a
//! finding cites on its own.

use serde::Serialize;

/// One rule of the handbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// ATT-1 shift times.
    Att1,
    /// ATT-2 late deductions.
    Att2,
    /// ATT-3 early leave, missing punches, absence.
    Att3,
    /// ATT-4 punch windows and extended service after 晚班.
    Att4,
    /// ATT-5 rest days per month.
    Att5,
    /// ATT-6 employment dates: no working days before 入职日期 or after 离职日期.
    Att6,
    /// ATT-7 punch corrections (补卡): approved ones count as punches.
    Att7,
    /// PAY-1 probation.
    Pay1,
    /// PAY-2 complaint fines.
    Pay2,
    /// PAY-3 violations.
    Pay3,
    /// PAY-4 personal calls.
    Pay4,
    /// PAY-5 the department activity fund.
    Pay5,
    /// PAY-6 deductions over the share of pay or below the minimum wage: listed for review.
    Pay6,
    /// SLA-1 first response to a service request.
    Sla1,
    /// SLA-2 submitting and filing client records.
    Sla2,
    /// SLIP-1 approval chain by class.
    Slip1,
    /// SLIP-2 numbering.
    Slip2,
    /// SLIP-3 部门协作 points.
    Slip3,
    /// SLIP-4 counter-slips (反联络单).
    Slip4,
    /// SLIP-5 the month-end list for 总经办.
    Slip5,
}

impl Rule {
    /// Every rule, in code order.
    pub const ALL: [Rule; 20] = [
        Rule::Att1,
        Rule::Att2,
        Rule::Att3,
        Rule::Att4,
        Rule::Att5,
        Rule::Att6,
        Rule::Att7,
        Rule::Pay1,
        Rule::Pay2,
        Rule::Pay3,
        Rule::Pay4,
        Rule::Pay5,
        Rule::Pay6,
        Rule::Sla1,
        Rule::Sla2,
        Rule::Slip1,
        Rule::Slip2,
        Rule::Slip3,
        Rule::Slip4,
        Rule::Slip5,
    ];

    /// `ATT-2`, `PAY-3`, `SLIP-1`, …
    pub fn code(self) -> &'static str {
        match self {
            Rule::Att1 => "ATT-1",
            Rule::Att2 => "ATT-2",
            Rule::Att3 => "ATT-3",
            Rule::Att4 => "ATT-4",
            Rule::Att5 => "ATT-5",
            Rule::Att6 => "ATT-6",
            Rule::Att7 => "ATT-7",
            Rule::Pay1 => "PAY-1",
            Rule::Pay2 => "PAY-2",
            Rule::Pay3 => "PAY-3",
            Rule::Pay4 => "PAY-4",
            Rule::Pay5 => "PAY-5",
            Rule::Pay6 => "PAY-6",
            Rule::Sla1 => "SLA-1",
            Rule::Sla2 => "SLA-2",
            Rule::Slip1 => "SLIP-1",
            Rule::Slip2 => "SLIP-2",
            Rule::Slip3 => "SLIP-3",
            Rule::Slip4 => "SLIP-4",
            Rule::Slip5 => "SLIP-5",
        }
    }

    /// The handbook clause the rule comes from (for the rules the handbook does
    /// not state, the law the department applies), printed in brackets after the
    /// manual's clause number.
    pub fn handbook(self) -> &'static str {
        match self {
            Rule::Att1 => "客户服务部门的工作管理制度 七.1；客服日常工作制度 一",
            Rule::Att2 => "客户服务部门的工作管理制度 七.1",
            Rule::Att3 => "客户服务部门的工作管理制度 七.2；客服日常工作制度 六",
            Rule::Att4 | Rule::Att5 => "客服日常工作制度 一",
            Rule::Att6 => "《劳动合同法》第七条",
            Rule::Att7 => "客服日常工作制度 六",
            Rule::Pay1 => "客户服务部门的工作管理制度 六.1",
            Rule::Pay2 => "客户服务部门的工作管理制度 六.1；五.5",
            Rule::Pay3 => "客服日常工作制度 七",
            Rule::Pay4 => "客户服务部门的工作管理制度 二.6",
            Rule::Pay5 => "客服日常工作制度 十二",
            Rule::Pay6 => "《工资支付暂行规定》第十六条",
            Rule::Sla1 => "售后服务工作流程及管理制度 三.4",
            Rule::Sla2 => "客服管理制度工作流程图 1.4.1、1.4.3",
            Rule::Slip1 => "工作联系单管理办法 四.2",
            Rule::Slip2 => "工作联系单管理制度 四.(七)",
            Rule::Slip3 => "内部联络管理制度 六",
            Rule::Slip4 => "联络单管理制度 3.3",
            Rule::Slip5 => "联络单管理制度 4.3",
        }
    }

    /// The rule's title, as the manual heads its clause.
    pub fn title(self) -> &'static str {
        match self {
            Rule::Att1 => "班次时间",
            Rule::Att2 => "迟到扣款",
            Rule::Att3 => "早退、缺卡与旷工",
            Rule::Att4 => "打卡归属与延时服务",
            Rule::Att5 => "休息日",
            Rule::Att6 => "入职与离职",
            Rule::Att7 => "补卡",
            Rule::Pay1 => "试用期",
            Rule::Pay2 => "投诉罚款",
            Rule::Pay3 => "违规处理",
            Rule::Pay4 => "私人电话",
            Rule::Pay5 => "罚款用途",
            Rule::Pay6 => "扣款复核",
            Rule::Sla1 => "首次响应时限",
            Rule::Sla2 => "客户资料的提交与建档",
            Rule::Slip1 => "分类与审批",
            Rule::Slip2 => "统一编号",
            Rule::Slip3 => "部门协作扣分",
            Rule::Slip4 => "反联络单",
            Rule::Slip5 => "月末督办",
        }
    }

    /// The rule with this code (`ATT-2`), if there is one.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// A paragraph of a rule's clause that a finding cites on its own: the audit
/// head's signature on a chase slip (SLIP-1) and each kind of 部门协作 charge
/// (SLIP-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provision {
    /// SLIP-1: a chase slip (事件跟催) also needs the audit head's signature.
    ChaseAudit,
    /// SLIP-3: days lost because the receiver did not ask (未沟通延误).
    NoInquiry,
    /// SLIP-3: signing later than the allowance (签收延迟).
    SignDelay,
    /// SLIP-3: completing after the due date (逾期完成).
    LateCompletion,
    /// SLIP-3: an issuer that did not lead the work (发单方推诿).
    IssuerShirk,
}

impl Provision {
    /// Every provision.
    pub const ALL: [Provision; 5] = [
        Provision::ChaseAudit,
        Provision::NoInquiry,
        Provision::SignDelay,
        Provision::LateCompletion,
        Provision::IssuerShirk,
    ];

    /// The rule the provision belongs to.
    pub fn rule(self) -> Rule {
        match self {
            Provision::ChaseAudit => Rule::Slip1,
            Provision::NoInquiry
            | Provision::SignDelay
            | Provision::LateCompletion
            | Provision::IssuerShirk => Rule::Slip3,
        }
    }

    /// The handbook paragraph, printed in brackets after the manual's clause number.
    pub fn handbook(self) -> &'static str {
        match self {
            Provision::ChaseAudit => "内部联络管理制度 五.2.B",
            Provision::NoInquiry => "内部联络管理制度 六.1",
            Provision::SignDelay => "内部联络管理制度 六.2",
            Provision::LateCompletion => "内部联络管理制度 六.3",
            Provision::IssuerShirk => "内部联络管理制度 六.4",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    /// A rule serialises as its code.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_read_back() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_code(r.code()), Some(r));
            assert!(!r.handbook().is_empty() && !r.title().is_empty());
        }
        assert_eq!(Rule::from_code("ATT-9"), None);
        assert_eq!(serde_json::to_string(&Rule::Pay3).expect("json"), "\"PAY-3\"");
    }

    #[test]
    fn provisions_have_their_own_clauses() {
        let mut clauses: Vec<&str> = Provision::ALL.iter().map(|p| p.handbook()).collect();
        clauses.extend(Rule::ALL.iter().map(|r| r.handbook()));
        let count = clauses.len();
        clauses.sort_unstable();
        clauses.dedup();
        // ATT-4 and ATT-5 share one clause; every provision's is its own.
        assert_eq!(clauses.len(), count - 1);
        // Each SLIP-3 charge cites a paragraph of SLIP-3's clause.
        for p in Provision::ALL.into_iter().filter(|p| p.rule() == Rule::Slip3) {
            assert!(p.handbook().starts_with(Rule::Slip3.handbook()), "{p:?}");
        }
    }

    #[test]
    fn the_manual_states_every_rule_under_its_title() {
        let chapters = [
            include_str!("../../templates/manual/03-attendance.md"),
            include_str!("../../templates/manual/04-pay.md"),
            include_str!("../../templates/manual/05-sla.md"),
            include_str!("../../templates/manual/06-slips.md"),
        ]
        .concat();
        for r in Rule::ALL {
            let heading = format!("### {} [{}", r.title(), r.code());
            assert!(chapters.contains(&heading), "no clause headed {heading}");
        }
    }
}
