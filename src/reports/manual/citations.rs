//! Citations: where the manual states each rule of the catalog. Every document
//! that names a rule (notices, the 月度扣款表, `explain`, the fund ledger, the slip
//! report and forms, the operations reports) cites the manual's own 第X条, found
//! here from the rule catalog and the manual as the project has it, so a clause
//! inserted or moved in a chapter renumbers every citation; the handbook source
//! the rule comes from follows in brackets.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, Project};
use crate::rules::catalog::{Provision, Rule};

use super::model::Manual;
use super::parse::parse_manual;
use super::source::{chapter_sources, default_chapter_sources};

/// The setting the manual prints where it tells how to contest a deduction.
pub const APPEAL_KEY: &str = "rules.pay.appeal";

/// One clause of the manual, as a citation names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClauseRef {
    /// `第二十五条`.
    pub number: String,
    /// `迟到扣款`.
    pub title: String,
}

/// How one rule is cited, as the templates receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCitation {
    /// `ATT-2`.
    pub code: &'static str,
    /// The manual's clause, `第二十五条` (empty when the manual has no clause for the rule).
    pub number: String,
    /// The rule's title, `迟到扣款`.
    pub title: &'static str,
    /// The handbook source, `客户服务部门的工作管理制度 七.1`.
    pub handbook: &'static str,
    /// `第二十五条（客户服务部门的工作管理制度 七.1）`.
    pub text: String,
}

/// Where the manual states each rule, and the clause telling how to contest a deduction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Citations {
    /// The manual's title, `客服部制度手册`.
    manual_title: String,
    /// Per rule: the clause headed by the rule's title, else the first clause carrying its code.
    by_rule: BTreeMap<Rule, ClauseRef>,
    /// Per rule: every clause carrying its code, in manual order.
    all_by_rule: BTreeMap<Rule, Vec<ClauseRef>>,
    /// The clause that prints `rules.pay.appeal`.
    appeal: Option<ClauseRef>,
}

impl Citations {
    /// The citations of a numbered manual.
    pub fn of_manual(manual: &Manual, config: &Config) -> Citations {
        let mut all_by_rule: BTreeMap<Rule, Vec<ClauseRef>> = BTreeMap::new();
        let mut titled: BTreeMap<Rule, ClauseRef> = BTreeMap::new();
        let mut appeal = None;
        for cl in manual.clauses() {
            let here = ClauseRef {
                number: cl.label.clone(),
                title: cl.title.clone(),
            };
            for code in &cl.rule_ids {
                let Some(rule) = Rule::from_code(code) else {
                    continue;
                };
                all_by_rule.entry(rule).or_default().push(here.clone());
                if cl.title == rule.title() {
                    titled.entry(rule).or_insert_with(|| here.clone());
                }
            }
            if appeal.is_none() && cl.bindings.iter().any(|b| b.key == APPEAL_KEY) {
                appeal = Some(here.clone());
            }
        }
        let by_rule = all_by_rule
            .iter()
            .filter_map(|(rule, clauses)| {
                let chosen = titled.get(rule).or_else(|| clauses.first())?;
                Some((*rule, chosen.clone()))
            })
            .collect();
        Citations {
            manual_title: config.manual.title.clone(),
            by_rule,
            all_by_rule,
            appeal,
        }
    }

    /// The citations of a project's manual: the built-in chapters, each replaced
    /// by the project's `templates/manual/<same name>`, plus its own. A manual
    /// with problems (`zhidu check` names them) is still numbered and cited.
    pub fn of_project(project: &Project) -> anyhow::Result<Citations> {
        let sources = chapter_sources(&project.root)?;
        let (manual, _) = parse_manual(&project.config, &sources);
        Ok(Citations::of_manual(&manual, &project.config))
    }

    /// The citations of the built-in manual under `config` (for reports made
    /// without a project folder, and tests).
    pub fn of_defaults(config: &Config) -> Citations {
        let (manual, _) = parse_manual(config, &default_chapter_sources());
        Citations::of_manual(&manual, config)
    }

    /// The manual's title, `客服部制度手册`.
    pub fn manual_title(&self) -> &str {
        &self.manual_title
    }

    /// The manual's clause stating the rule, `第二十五条`; empty when it has none.
    pub fn number(&self, rule: Rule) -> &str {
        self.by_rule.get(&rule).map_or("", |c| c.number.as_str())
    }

    /// Every clause carrying the rule's code, `第二十四条、第二十五条`.
    pub fn numbers(&self, rule: Rule) -> String {
        self.all_by_rule
            .get(&rule)
            .map(|v| v.iter().map(|c| c.number.as_str()).collect::<Vec<_>>().join("、"))
            .unwrap_or_default()
    }

    /// `第二十五条（客户服务部门的工作管理制度 七.1）`; the handbook source alone
    /// when the manual has no clause for the rule.
    pub fn cite(&self, rule: Rule) -> String {
        with_source(self.number(rule), rule.handbook())
    }

    /// A paragraph of a rule: its rule's clause with the paragraph's handbook
    /// source, `第四十条（内部联络管理制度 六.2）`.
    pub fn cite_provision(&self, provision: Provision) -> String {
        with_source(self.number(provision.rule()), provision.handbook())
    }

    /// The rule as the templates receive it.
    pub fn rule(&self, rule: Rule) -> RuleCitation {
        RuleCitation {
            code: rule.code(),
            number: self.number(rule).to_string(),
            title: rule.title(),
            handbook: rule.handbook(),
            text: self.cite(rule),
        }
    }

    /// Every rule's clause number by code (`"ATT-7"` → `第二十八条`), for
    /// templates that cite a rule in their own words (`{{ clauses["ATT-7"] }}`).
    pub fn by_code(&self) -> BTreeMap<&'static str, String> {
        Rule::ALL
            .into_iter()
            .map(|r| (r.code(), self.number(r).to_string()))
            .collect()
    }

    /// The clause telling how to contest a deduction (the one printing
    /// `rules.pay.appeal`), `第三十条`; empty when the manual does not print it.
    pub fn appeal_number(&self) -> &str {
        self.appeal.as_ref().map_or("", |c| c.number.as_str())
    }
}

/// A clause number with the handbook source in brackets.
fn with_source(number: &str, handbook: &str) -> String {
    if number.is_empty() {
        handbook.to_string()
    } else {
        format!("{number}（{handbook}）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::manual::ChapterSource;

    #[test]
    fn the_built_in_manual_cites_its_own_clauses() {
        let c = Citations::of_defaults(&Config::default());
        // 迟到扣款 is the 25th clause, 罚款用途 the 36th (the documents used to cite
        // 客服日常工作制度 第十二条 for the fund, which is the manual's 产品学习).
        assert_eq!(c.number(Rule::Att2), "第二十五条");
        assert_eq!(c.numbers(Rule::Att2), "第二十四条、第二十五条");
        assert_eq!(
            c.cite(Rule::Att2),
            "第二十五条（客户服务部门的工作管理制度 七.1）"
        );
        assert_eq!(c.cite(Rule::Pay5), "第三十六条（客服日常工作制度 十二）");
        assert_eq!(c.appeal_number(), "第三十条");
        for r in Rule::ALL {
            assert!(!c.number(r).is_empty(), "{r} has no clause");
        }
        assert_eq!(
            c.cite_provision(Provision::SignDelay),
            format!("{}（内部联络管理制度 六.2）", c.number(Rule::Slip3))
        );
    }

    #[test]
    fn a_clause_inserted_before_renumbers_the_citation() {
        let chapter = |extra: &str| ChapterSource {
            name: "manual/01-test.md".into(),
            text: format!("# 考勤\n### 目的\n正文。\n{extra}### 迟到扣款 [ATT-2]\n迟到扣款。\n"),
        };
        let config = Config::default();
        let cite = |extra: &str| {
            let (manual, _) = parse_manual(&config, &[chapter(extra)]);
            Citations::of_manual(&manual, &config)
                .number(Rule::Att2)
                .to_string()
        };
        assert_eq!(cite(""), "第二条");
        assert_eq!(cite("### 新条款\n新加的一条。\n"), "第三条");
    }
}
