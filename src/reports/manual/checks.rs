//! Consistency checks of the manual against the engine and the config: every rule ID
//! the engine applies has a clause and every clause cites only known IDs, on top of the
//! problems parsing reports. `zhidu check` prints these.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::error::Problem;
use crate::rules::catalog::Rule;

use super::model::Manual;
use super::parse_manual;
use super::source::{chapter_sources, ChapterSource, CHAPTER_DIR};

/// Every consistency problem of the manual against the config: each rule the engine
/// applies ([`Rule::ALL`]) has a clause and each clause cites only known IDs; every
/// placeholder is bound to a setting; the markup parses; references resolve; figures
/// typed in instead of bound are warnings. `zhidu check` prints these.
pub fn consistency_problems(config: &Config, sources: &[ChapterSource]) -> Vec<Problem> {
    let (manual, mut problems) = parse_manual(config, sources);
    problems.extend(rule_id_problems(&manual));
    problems
}

/// [`consistency_problems`] for a project: its own chapter sources over the built-in
/// ones. A chapter file that cannot be read is itself a problem. This is what
/// `zhidu check` prints for the manual.
pub fn project_problems(project: &crate::config::Project) -> Vec<Problem> {
    match chapter_sources(&project.root) {
        Ok(sources) => consistency_problems(&project.config, &sources),
        Err(e) => vec![Problem::file_error(
            format!("templates/{CHAPTER_DIR}/"),
            crate::error::error_text(&e),
        )],
    }
}

/// Rules without a clause, and clauses citing unknown rule IDs (README, "The policy
/// manual" › "Checks": every rule of the catalog has a clause, and a clause cites only those).
pub(super) fn rule_id_problems(manual: &Manual) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut cited: BTreeSet<Rule> = BTreeSet::new();
    for cl in manual.clauses() {
        for id in &cl.rule_ids {
            if let Some(rule) = Rule::from_code(id) {
                cited.insert(rule);
            } else {
                problems.push(Problem::file_error(
                    format!("templates/{}", cl.file),
                    crate::msg!(
                        "manual.unknown_rule",
                        line = cl.line,
                        label = &cl.label,
                        title = &cl.title,
                        id = id,
                        known = Rule::ALL.map(Rule::code).join(", ")
                    ),
                ));
            }
        }
    }
    for id in Rule::ALL {
        if !cited.contains(&id) {
            problems.push(Problem::file_error(
                format!("templates/{CHAPTER_DIR}/"),
                crate::msg!("manual.rule_without_clause", id = id.to_string()),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::manual::default_chapter_sources;
    use crate::reports::manual::test_support::one_chapter;

    #[test]
    fn default_manual_is_consistent() {
        let problems = consistency_problems(&Config::default(), &default_chapter_sources());
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn unknown_and_missing_rule_ids_are_reported() {
        let src = one_chapter("# 测试\n### 迟到 [ATT-2]\n正文。\n### 其他 [ATT-9]\n正文。\n");
        let problems = consistency_problems(&Config::default(), &src);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("templates/manual/01-test.md: line 4: 第二条（其他）cites rule ATT-9")),
            "{text:#?}"
        );
        assert!(
            text.iter().any(|t| t.contains("rule SLIP-5 has no clause")),
            "{text:#?}"
        );
        assert!(!text.iter().any(|t| t.contains("rule ATT-2 has no clause")));
        // Every known rule but the one cited.
        assert_eq!(
            text.iter().filter(|t| t.contains("has no clause")).count(),
            Rule::ALL.len() - 1
        );
    }
}
