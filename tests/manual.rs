//! The policy manual: its figures follow zhidu.toml, its sources can be overridden per
//! project, and its consistency checks catch missing rules.

use zhidu::config::{Config, DEFAULT_CONFIG_TOML};
use zhidu::reports::manual::{self, Block, ChapterSource};

/// The default zhidu.toml with two settings changed, as a user would edit it.
fn edited_config() -> Config {
    let text = DEFAULT_CONFIG_TOML
        .replace(
            "late_rate_high = 5               #",
            "late_rate_high = 6               #",
        )
        .replace(
            "minor = 10                       # 一般",
            "minor = 15                       # 一般",
        );
    assert_ne!(text, DEFAULT_CONFIG_TOML, "both edits must apply");
    Config::parse(&text, "zhidu.toml").expect("edited config parses")
}

#[test]
fn changed_settings_show_up_in_the_manual_text() {
    let config = edited_config();
    assert_eq!(config.rules.attendance.late_rate_high.bp, 600);
    let (m, problems) = manual::parse_manual(&config, &manual::default_chapter_sources());
    assert!(problems.is_empty(), "{problems:#?}");
    let text = m.plain_text();
    // The late table: below the threshold of 3 the low rate (2%), from 3 on the new 6%.
    assert!(text.contains("不足 3 次 | 2%"), "{text}");
    assert!(text.contains("3 次（含）以上 | 当月每次迟到均按 6%"), "{text}");
    assert!(text.contains("一般 | 15 元"), "{text}");
    assert!(!text.contains("5%") && !text.contains("一般 | 10 元"));
    // The index carries the same current values.
    let rows = manual::index_rows(&m);
    let value = |key: &str| {
        rows.iter()
            .find(|r| r.setting == key)
            .map(|r| r.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(value("rules.attendance.late_rate_high"), "6");
    assert_eq!(value("rules.pay.complaint_fines.minor"), "15");
}

fn temp_project(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("zhidu-manual-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("templates/manual")).expect("temp project");
    dir
}

#[test]
fn a_project_overrides_a_chapter_and_adds_one() {
    let dir = temp_project("override");
    std::fs::write(
        dir.join("templates/manual/01-general.md"),
        "# 总则\n### 目的\n为规范{{ company.department }}工作，制定本手册。\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("templates/manual/08-training.md"),
        "# 培训\n### 岗前培训\n新员工上岗前接受培训。\n",
    )
    .expect("write");
    let sources = manual::chapter_sources(&dir).expect("sources");
    let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "manual/01-general.md",
            "manual/02-conduct.md",
            "manual/03-attendance.md",
            "manual/04-pay.md",
            "manual/05-sla.md",
            "manual/06-slips.md",
            "manual/07-calendar.md",
            "manual/08-training.md"
        ]
    );
    let (m, _) = manual::parse_manual(&Config::default(), &sources);
    assert_eq!(m.chapters.len(), 8);
    assert_eq!(m.chapters[7].label, "第八章");
    // The overridden chapter one has a single clause, so chapter two starts at 第二条.
    assert_eq!(m.chapters[1].sections[0].clauses[0].label, "第二条");
    let first = &m.chapters[0].sections[0].clauses[0];
    assert_eq!(
        first.blocks,
        vec![Block::Paragraph {
            text: "为规范客服部工作，制定本手册。".into()
        }]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn removing_a_rule_clause_is_a_consistency_error() {
    let sources: Vec<ChapterSource> = manual::default_chapter_sources()
        .into_iter()
        .map(|mut s| {
            s.text = s.text.replace("### 反联络单 [SLIP-4]", "### 反联络单");
            s
        })
        .collect();
    let problems = manual::consistency_problems(&Config::default(), &sources);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(
        problems[0].to_string(),
        "templates/manual/: rule SLIP-4 has no clause in the manual (add `[SLIP-4]` to the heading of the clause that states it)"
    );
    assert!(manual::build(&Config::default(), &sources).is_err());
}

#[test]
fn every_known_rule_has_a_clause_in_the_default_manual() {
    let (m, _) = manual::parse_manual(&Config::default(), &manual::default_chapter_sources());
    for id in manual::RULE_IDS {
        assert!(
            m.clauses().any(|c| c.rule_ids.iter().any(|r| r == id)),
            "{id} has no clause"
        );
    }
    assert_eq!(manual::RULE_IDS.len(), 17);
}
