//! Every rule zhidu applies: its code (`ATT-2`), the handbook clause it comes
//! from as printed on documents, and its title as the manual heads it. Ledger
//! lines, data-quality issues, slip findings and the manual name rules by these
//! codes.

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
    pub const ALL: [Rule; 17] = [
        Rule::Att1,
        Rule::Att2,
        Rule::Att3,
        Rule::Att4,
        Rule::Att5,
        Rule::Pay1,
        Rule::Pay2,
        Rule::Pay3,
        Rule::Pay4,
        Rule::Pay5,
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
            Rule::Pay1 => "PAY-1",
            Rule::Pay2 => "PAY-2",
            Rule::Pay3 => "PAY-3",
            Rule::Pay4 => "PAY-4",
            Rule::Pay5 => "PAY-5",
            Rule::Sla1 => "SLA-1",
            Rule::Sla2 => "SLA-2",
            Rule::Slip1 => "SLIP-1",
            Rule::Slip2 => "SLIP-2",
            Rule::Slip3 => "SLIP-3",
            Rule::Slip4 => "SLIP-4",
            Rule::Slip5 => "SLIP-5",
        }
    }

    /// The handbook clause the rule comes from, as printed on documents.
    pub fn clause(self) -> &'static str {
        match self {
            Rule::Att1 => "客户服务部门的工作管理制度 七.1；客服日常工作制度 一",
            Rule::Att2 => "客户服务部门的工作管理制度 七.1",
            Rule::Att3 => "客户服务部门的工作管理制度 七.2；客服日常工作制度 六",
            Rule::Att4 | Rule::Att5 => "客服日常工作制度 一",
            Rule::Pay1 => "客户服务部门的工作管理制度 六.1",
            Rule::Pay2 => "客户服务部门的工作管理制度 六.1；五.5",
            Rule::Pay3 => "客服日常工作制度 七",
            Rule::Pay4 => "客户服务部门的工作管理制度 二.6",
            Rule::Pay5 => "客服日常工作制度 十二",
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
            Rule::Pay1 => "试用期",
            Rule::Pay2 => "投诉罚款",
            Rule::Pay3 => "违规处理",
            Rule::Pay4 => "私人电话",
            Rule::Pay5 => "罚款用途",
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
            assert!(!r.clause().is_empty() && !r.title().is_empty());
        }
        assert_eq!(Rule::from_code("ATT-9"), None);
        assert_eq!(serde_json::to_string(&Rule::Pay3).expect("json"), "\"PAY-3\"");
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
