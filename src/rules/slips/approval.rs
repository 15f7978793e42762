//! Approval chains (SLIP-1): who must sign a slip of each class, and the slips
//! missing a signature their chain requires.

use crate::model::{SlipClass, SlipNature, SlipRow};

use super::grouping::SlipGroup;
use crate::rules::catalog::Provision;

/// A signer on the approval chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Signer {
    /// 起草人.
    Drafter,
    /// 部门经理.
    DeptManager,
    /// 分管领导.
    DivisionLeader,
    /// 主管领导.
    ChiefLeader,
    /// 审计监察部负责人.
    AuditHead,
}

impl Signer {
    /// The register column.
    pub fn column(self) -> &'static str {
        match self {
            Signer::Drafter => "起草人",
            Signer::DeptManager => "部门经理",
            Signer::DivisionLeader => "分管领导",
            Signer::ChiefLeader => "主管领导",
            Signer::AuditHead => "审计负责人",
        }
    }

    /// The name recorded for this signer on a row, if any.
    pub fn name_on(self, row: &SlipRow) -> Option<&str> {
        let v = match self {
            Signer::Drafter => &row.drafter,
            Signer::DeptManager => &row.dept_manager,
            Signer::DivisionLeader => &row.division_leader,
            Signer::ChiefLeader => &row.chief_leader,
            Signer::AuditHead => &row.audit_head,
        };
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// One step of an approval chain: who signs and what the signature means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ApprovalStep {
    /// Who signs.
    pub signer: Signer,
    /// The box label on the form, e.g. `部门经理复核`.
    pub label: &'static str,
    /// The paragraph of SLIP-1 requiring it, when it is not SLIP-1's chain itself
    /// (the audit head on a chase slip).
    #[serde(skip)]
    pub provision: Option<Provision>,
}

/// The approval chain a slip needs (SLIP-1): by class, plus the audit head on a chase slip.
pub fn approval_chain(class: SlipClass, nature: Option<SlipNature>) -> Vec<ApprovalStep> {
    let step = |signer, label| ApprovalStep {
        signer,
        label,
        provision: None,
    };
    let mut chain = match class {
        SlipClass::A => vec![
            step(Signer::Drafter, "起草"),
            step(Signer::DeptManager, "部门经理复核"),
            step(Signer::DivisionLeader, "分管领导审核"),
            step(Signer::ChiefLeader, "主管领导审批签发"),
        ],
        SlipClass::B => vec![
            step(Signer::Drafter, "起草"),
            step(Signer::DeptManager, "部门经理复核"),
            step(Signer::DivisionLeader, "分管领导审批签发"),
        ],
        SlipClass::C => vec![
            step(Signer::Drafter, "起草"),
            step(Signer::DeptManager, "部门经理审核签发"),
        ],
    };
    if nature == Some(SlipNature::Chase) {
        chain.push(ApprovalStep {
            signer: Signer::AuditHead,
            label: "审计监察部负责人签字",
            provision: Some(Provision::ChaseAudit),
        });
    }
    chain
}

/// A slip missing signatures its chain requires (SLIP-1: the slip is invalid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureProblem {
    /// 编号.
    pub number: String,
    /// 类别.
    pub class: SlipClass,
    /// 性质.
    pub nature: Option<SlipNature>,
    /// The missing steps, in chain order.
    pub missing: Vec<ApprovalStep>,
    /// Where the rows missing them are.
    pub places: Vec<String>,
}

impl SignatureProblem {
    /// In words, e.g. `B 类联系单缺 分管领导审批签发（分管领导）签字`.
    pub fn describe(&self) -> String {
        let names: Vec<String> = self
            .missing
            .iter()
            .map(|s| format!("{}（{}）", s.label, s.signer.column()))
            .collect();
        format!(
            "{:?} 类{}联系单缺 {} 签字，联系单无效",
            self.class,
            if self.nature == Some(SlipNature::Chase) {
                "事件跟催"
            } else {
                ""
            },
            names.join("、")
        )
    }
}

/// The slip's missing signatures, or `None` when its chain is complete on every row.
pub fn check_signatures(rows: &[SlipRow], group: &SlipGroup) -> Option<SignatureProblem> {
    let head = &rows[group.rows[0]];
    let chain = approval_chain(head.class, head.nature);
    let mut missing = Vec::new();
    let mut places = Vec::new();
    for step in &chain {
        let mut step_missing = false;
        for &r in &group.rows {
            if step.signer.name_on(&rows[r]).is_none() {
                step_missing = true;
                let place = rows[r].source.locate(step.signer.column());
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
        if step_missing {
            missing.push(*step);
        }
    }
    (!missing.is_empty()).then(|| SignatureProblem {
        number: group.number.clone(),
        class: head.class,
        nature: head.nature,
        missing,
        places,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::slips::evaluate;
    use crate::rules::testkit::{period, slip, slip_rules};

    #[test]
    fn each_class_chain_with_one_missing_signature() {
        // A: 起草 → 部门经理复核 → 分管领导审核 → 主管领导审批签发; 主管领导 missing.
        let mut a = slip("KF-2026-001", "财务部", "2026-11-02", "2026-11-10", 2);
        a.class = SlipClass::A;
        a.chief_leader = None;
        // B: 起草 → 部门经理复核 → 分管领导审批签发; 分管领导 blank.
        let mut b = slip("KF-2026-002", "财务部", "2026-11-02", "2026-11-10", 3);
        b.class = SlipClass::B;
        b.division_leader = Some("  ".into());
        b.chief_leader = None; // not needed for B
                               // C: 起草 → 部门经理审核签发; 部门经理 missing.
        let mut c = slip("KF-2026-003", "财务部", "2026-11-02", "2026-11-10", 4);
        c.dept_manager = None;
        c.division_leader = None; // not needed for C
        c.chief_leader = None;
        // A chase slip (事件跟催) of class C with its chain complete but no audit head.
        let mut chase = slip("KF-2026-004", "财务部", "2026-11-02", "2026-11-10", 5);
        chase.nature = Some(SlipNature::Chase);
        chase.audit_head = None;
        // A complete class-C slip without audit head: fine, it is not a chase.
        let mut ok = slip("KF-2026-005", "财务部", "2026-11-02", "2026-11-10", 6);
        ok.audit_head = None;
        ok.division_leader = None;

        let rows = vec![a, b, c, chase, ok];
        let f = evaluate(&rows, &slip_rules(), &period("2026-11"));
        let missing: Vec<(String, Vec<&str>)> = f
            .signatures
            .iter()
            .map(|s| (s.number.clone(), s.missing.iter().map(|m| m.label).collect()))
            .collect();
        assert_eq!(
            missing,
            vec![
                ("KF-2026-001".to_string(), vec!["主管领导审批签发"]),
                ("KF-2026-002".to_string(), vec!["分管领导审批签发"]),
                ("KF-2026-003".to_string(), vec!["部门经理审核签发"]),
                ("KF-2026-004".to_string(), vec!["审计监察部负责人签字"]),
            ]
        );
        assert_eq!(approval_chain(SlipClass::A, None).len(), 4);
        assert_eq!(approval_chain(SlipClass::B, None).len(), 3);
        assert_eq!(approval_chain(SlipClass::C, None).len(), 2);
        assert_eq!(approval_chain(SlipClass::B, Some(SlipNature::Chase)).len(), 4);
        assert!(f.signatures[0]
            .describe()
            .contains("主管领导审批签发（主管领导）"));
    }
}
