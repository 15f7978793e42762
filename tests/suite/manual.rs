//! The policy manual: its figures follow zhidu.toml, its sources can be overridden per
//! project, and its consistency checks catch missing rules.

use zhidu::config::{Config, DEFAULT_CONFIG_TOML};
use zhidu::reports::manual::{self, Block, ChapterSource};

use crate::support::{repo_project, TestProject};

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

/// An empty project folder with an empty `templates/manual/`.
fn temp_project(name: &str) -> TestProject {
    let project = TestProject::empty(&format!("manual-{name}"));
    std::fs::create_dir_all(project.path("templates/manual")).expect("templates/manual");
    project
}

#[test]
fn a_project_overrides_a_chapter_and_adds_one() {
    let project = temp_project("override");
    project.write(
        "templates/manual/01-general.md",
        "# 总则\n### 目的\n为规范{{ company.department }}工作，制定本手册。\n",
    );
    project.write(
        "templates/manual/08-training.md",
        "# 培训\n### 岗前培训\n新员工上岗前接受培训。\n",
    );
    let sources = manual::chapter_sources(project.root()).expect("sources");
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
    for rule in zhidu::rules::catalog::Rule::ALL {
        assert!(
            m.clauses().any(|c| c.rule_ids.iter().any(|r| r == rule.code())),
            "{rule} has no clause"
        );
    }
}

#[test]
fn project_problems_reads_the_projects_own_chapters() {
    let folder = temp_project("check");
    folder.write(
        "templates/manual/03-attendance.md",
        "# 班次与考勤\n### 迟到扣款 [ATT-2]\n每次扣基本工资的 {{ rules.attendance.late_rate_top }}%。\n",
    );
    let project = zhidu::config::Project {
        root: folder.root().to_path_buf(),
        config: Config::default(),
        config_text: String::new(),
    };
    let text: Vec<String> = manual::project_problems(&project)
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(text.contains(&"templates/manual/03-attendance.md: line 3: the placeholder `rules.attendance.late_rate_top` is not a setting in zhidu.toml (placeholders name keys such as rules.attendance.late_rate_high)".to_string()), "{text:#?}");
    // The replaced chapter no longer states ATT-1, ATT-3, ATT-4, ATT-5, ATT-6 and ATT-7.
    for id in ["ATT-1", "ATT-3", "ATT-4", "ATT-5", "ATT-6", "ATT-7"] {
        assert!(
            text.iter()
                .any(|t| t.contains(&format!("rule {id} has no clause"))),
            "{id}: {text:#?}"
        );
    }
    // Two clause-reference problems: 第十条 pointed at ATT-1 and ATT-3.
    assert_eq!(
        text.iter().filter(|t| t.contains("names no clause")).count(),
        2,
        "{text:#?}"
    );
    assert_eq!(text.len(), 9, "{text:#?}");
}

#[test]
fn zhidu_manual_writes_both_files_and_refuses_an_inconsistent_manual() {
    let project = temp_project("cli");
    project.write("zhidu.toml", DEFAULT_CONFIG_TOML);
    let out = project.zhidu(&["manual"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for f in ["outputs/manual/制度手册.pdf", "outputs/manual/制度条款索引.xlsx"] {
        assert!(project.path(f).is_file(), "{f} missing");
    }
    // A clause citing a rule zhidu does not know: exit 1, nothing half-written.
    std::fs::remove_dir_all(project.path("outputs")).expect("clean outputs");
    project.write(
        "templates/manual/08-extra.md",
        "# 附则\n### 加班 [ATT-9]\n加班另行规定。\n",
    );
    let out = project.zhidu(&["manual"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("templates/manual/08-extra.md: line 2: 第五十二条（加班）cites rule ATT-9, which zhidu does not know"),
        "{}",
        out.stderr
    );
    assert!(!project.path("outputs/manual/制度手册.pdf").exists());
}

#[test]
fn zhidu_check_reports_manual_inconsistencies() {
    let project = TestProject::init("manual-check-cli");
    let clean = project.zhidu(&["check"]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    project.write(
        "templates/manual/08-extra.md",
        "# 附则\n### 加班 [ATT-9]\n加班另行规定。\n",
    );
    let out = project.zhidu(&["check"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("cites rule ATT-9, which zhidu does not know"),
        "{}",
        out.stdout
    );
}

/// One setting, two values: the manual prints each value and the deductions apply it.
#[test]
fn a_changed_setting_shows_in_the_manual_and_in_the_deductions() {
    use zhidu::model::Fen;
    use zhidu::model::Period;
    use zhidu::reports::deductions;
    use zhidu::rules::catalog::Rule;

    let project = repo_project();
    let loaded = zhidu::ingest::load(&project);
    let november = Period::parse("2026-11").expect("period");
    // K003 (基本工资 ¥4,500.00) is late 3 times in November in the sample inputs:
    // with 3 late arrivals the high rate applies to each of them (mode `all`).
    for (rate, per_late_fen) in [(5, 450_000 * 5 / 100), (6, 450_000 * 6 / 100)] {
        let text = DEFAULT_CONFIG_TOML.replace(
            "late_rate_high = 5               #",
            &format!("late_rate_high = {rate}               #"),
        );
        let config = Config::parse(&text, "zhidu.toml").expect("config parses");
        let (m, problems) = manual::parse_manual(&config, &manual::default_chapter_sources());
        assert!(problems.is_empty(), "{problems:#?}");
        assert!(
            m.plain_text().contains(&format!("当月每次迟到均按 {rate}%")),
            "manual shows {rate}%"
        );
        let month = deductions::compute(&loaded.data, &config, &november);
        let late = month.pay.ledger.total_for_rule("K003", Rule::Att2);
        assert_eq!(late, Fen(3 * per_late_fen), "3 late arrivals at {rate}%");
    }
}
