//! The default files parse to the defaults, in both languages, and a bad
//! setting is refused naming its key, line and range.

use super::*;

#[test]
fn embedded_default_file_is_the_default_config() {
    let parsed = Config::parse(DEFAULT_CONFIG_TOML, "zhidu.toml").expect("default config parses");
    assert_eq!(parsed, Config::default());
}

/// A line of a TOML file split into its setting and its comment (a `#`
/// outside a quoted string starts the comment), both trimmed.
fn setting_and_comment(line: &str) -> (&str, &str) {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') => return (line[..i].trim(), line[i + 1..].trim()),
            _ => {}
        }
    }
    (line.trim(), "")
}

/// The settings of a config file, line by line, then its commented-out
/// example settings (`# register = "…"`), without any comment.
fn settings_of(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut settings = Vec::new();
    let mut examples = Vec::new();
    for line in text.lines() {
        let (setting, comment) = setting_and_comment(line);
        if !setting.is_empty() {
            settings.push(setting);
        } else if comment.split(' ').nth(1) == Some("=")
            && comment
                .split(' ')
                .next()
                .is_some_and(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        {
            examples.push(setting_and_comment(comment).0);
        }
    }
    (settings, examples)
}

/// English prose in a comment: two lowercase English words in a row, outside
/// `code` and "quoted" values (which stay as they are in every language).
fn english_prose(comment: &str) -> bool {
    let mut plain = String::new();
    let mut inside = None;
    for c in comment.chars() {
        match (inside, c) {
            (None, '`' | '"') => inside = Some(c),
            (Some(q), _) if c == q => inside = None,
            (None, _) => plain.push(c),
            _ => {}
        }
    }
    let word = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase());
    let words: Vec<&str> = plain.split(' ').collect();
    words.windows(2).any(|p| word(p[0]) && word(p[1]))
}

#[test]
fn the_chinese_default_file_has_the_same_settings_with_chinese_comments() {
    let en = Config::parse(DEFAULT_CONFIG_TOML, "zhidu.toml").expect("English default parses");
    let zh = Config::parse(DEFAULT_CONFIG_TOML_ZH, "zhidu.toml").expect("Chinese default parses");
    assert_eq!(zh, en);
    // Line for line the same settings and the same commented-out examples,
    // so an edit of one file without the other fails here.
    assert_eq!(
        settings_of(DEFAULT_CONFIG_TOML_ZH),
        settings_of(DEFAULT_CONFIG_TOML)
    );
    assert_eq!(default_config_toml(Lang::Zh), DEFAULT_CONFIG_TOML_ZH);
    assert_eq!(default_config_toml(Lang::En), DEFAULT_CONFIG_TOML);

    let comments = |text: &'static str| -> Vec<&'static str> {
        text.lines()
            .map(|l| setting_and_comment(l).1)
            .filter(|c| !c.is_empty())
            .collect()
    };
    let english: Vec<&str> = comments(DEFAULT_CONFIG_TOML)
        .into_iter()
        .filter(|c| english_prose(c))
        .collect();
    assert!(
        english.len() > 50,
        "the check finds the English comments: {english:?}"
    );
    let untranslated: Vec<&str> = comments(DEFAULT_CONFIG_TOML_ZH)
        .into_iter()
        .filter(|c| english_prose(c))
        .collect();
    assert!(
        untranslated.is_empty(),
        "English left in the Chinese file: {untranslated:?}"
    );
    let chinese = comments(DEFAULT_CONFIG_TOML_ZH)
        .into_iter()
        .filter(|c| c.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)))
        .count();
    assert!(chinese > 80, "{chinese} Chinese comments");
}

#[test]
fn misspelt_key_names_key_and_line() {
    let text = "[rules.attendance]\ngrace_minutes = 5\nlate_rat_high = 6\n";
    let err = Config::parse(text, "zhidu.toml").expect_err("unknown key");
    let msg = err.to_string();
    assert!(
        msg.starts_with("zhidu.toml:3: unknown field `late_rat_high`"),
        "{msg}"
    );
}

#[test]
fn out_of_range_names_key_and_range() {
    let text = "[rules.attendance]\nlate_rate_high = 150\n";
    let err = Config::parse(text, "zhidu.toml").expect_err("out of range");
    assert_eq!(
        err.to_string(),
        "zhidu.toml: rules.attendance.late_rate_high = 150: must be a percentage from 0 to 100"
    );
}

#[test]
fn config_errors_speak_chinese_too_naming_the_same_key_and_line() {
    // Parsed in Chinese too: a value refused while the file is read is put into
    // words then (the TOML reader keeps words, not messages).
    let zh = |text: &str| {
        Lang::Zh.scoped(|| {
            let err = Config::parse(text, "zhidu.toml").expect_err("refused");
            err.to_string()
        })
    };
    assert_eq!(
        zh("[rules.attendance]\nlate_rate_high = 150\ngrace_minutes = 300\n"),
        "zhidu.toml：rules.attendance.late_rate_high = 150：应为 0 到 100 之间的百分数\n\
         zhidu.toml：rules.attendance.grace_minutes = 300：应为 0 到 240 分钟"
    );
    assert_eq!(
        zh("[reports.csat]\ndue = \"day 32\"\n"),
        "zhidu.toml:1：reports.csat.due = “day 32”不是到期规则（应为 `every <weekday>`、`day <1-31>`、\
         `<1st-5th|last> <weekday>` 或 `on demand`）"
    );
    assert!(zh("[rules.attendance]\nlate_rat_high = 6\n").starts_with("zhidu.toml:2：unknown field"));
}

#[test]
fn fines_out_of_range_name_the_key() {
    let text = "[rules.attendance]\nabsence_fine = -10\n[rules.pay.complaint_fines]\nsevere = 50000000000000000\n[rules.pay]\nviolation_fines = [10, 100001]\n";
    let err = Config::parse(text, "zhidu.toml")
        .expect_err("out of range")
        .to_string();
    assert!(
        err.contains("rules.attendance.absence_fine = -10: must be an amount from 0 to 100000 yuan"),
        "{err}"
    );
    assert!(
        err.contains(
            "rules.pay.complaint_fines.severe = 50000000000000000: must be an amount from 0 to 100000 yuan"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "rules.pay.violation_fines: 100001 is out of range: every fine must be from 0 to 100000 yuan"
        ),
        "{err}"
    );
    // A fine that does not fit in fen at all is refused while parsing.
    let err = Config::parse("[rules.attendance]\nabsence_fine = 9e18\n", "zhidu.toml").expect_err("overflow");
    assert!(
        err.to_string()
            .starts_with("zhidu.toml:2: 9000000000000000000 is not an amount"),
        "{err}"
    );
}

#[test]
fn a_partial_report_table_keeps_that_reports_defaults() {
    let text = "[reports.csat]\nweekend = \"next_working_day\"\n[reports.weekly]\nenabled = false\n";
    let c = Config::parse(text, "zhidu.toml").expect("valid");
    assert_eq!(c.reports.csat.due, DueRule::DayOfMonth(25));
    assert_eq!(c.reports.csat.period, PeriodRule::PreviousMonth);
    assert_eq!(c.reports.csat.weekend, WeekendRule::NextWorkingDay);
    assert_eq!(c.reports.weekly.due, DueRule::EveryWeekday(Weekday::Wed));
    assert!(!c.reports.weekly.enabled);
    let err = Config::parse("[reports.csat]\ndue_day = 3\n", "zhidu.toml").expect_err("unknown key");
    assert!(err.to_string().contains("due_day"), "{err}");
}

#[test]
fn a_report_setting_is_taken_only_by_its_report() {
    assert_eq!(Config::default().reports.csat.min_responses, Some(5));
    assert_eq!(
        Config::default().reports.deductions.signatures,
        Some(vec![
            "制表".into(),
            "部门经理".into(),
            "人力资源部".into(),
            "财务".into()
        ])
    );
    let c = Config::parse(
        "[reports.deductions]\nsignatures = [\"制表\", \"总经理\"]\n",
        "zhidu.toml",
    )
    .expect("valid");
    assert_eq!(
        c.reports.deductions.signatures,
        Some(vec!["制表".into(), "总经理".into()])
    );
    let err =
        Config::parse("[reports.slips]\nsignatures = [\"制表\"]\n", "zhidu.toml").expect_err("not slips'");
    assert!(err.to_string().contains("reports.slips.signatures"), "{err}");
    let c = Config::parse("[reports.csat]\nmin_responses = 3\n", "zhidu.toml").expect("valid");
    assert_eq!(c.reports.csat.min_responses, Some(3));
    let err = Config::parse("[reports.weekly]\nmin_responses = 3\n", "zhidu.toml").expect_err("not weekly's");
    assert!(
        err.to_string()
            .contains("reports.weekly.min_responses: this report has no such setting"),
        "{err}"
    );
}

#[test]
fn a_bad_number_pattern_names_the_key_and_line() {
    let err =
        Config::parse("[rules.slips]\nnumber_pattern = \"KF-NNN\"\n", "zhidu.toml").expect_err("no year");
    assert_eq!(
        err.to_string(),
        "zhidu.toml:2: rules.slips.number_pattern = \"KF-NNN\": must contain YYYY (the year) and N… (the sequence digits), e.g. KF-YYYY-NNN"
    );
    // Two runs of N: ambiguous, refused the same way.
    let err = Config::parse("[rules.slips]\nnumber_pattern = \"NN-YYYY-NNN\"\n", "zhidu.toml")
        .expect_err("ambiguous pattern");
    assert!(
        err.to_string()
            .contains("rules.slips.number_pattern = \"NN-YYYY-NNN\": must contain YYYY once"),
        "{err}"
    );
}

#[test]
fn shift_crossing_midnight() {
    let s = Shifts::default();
    assert!(s.table["晚班"].crosses_midnight());
    assert!(!s.table["常规"].crosses_midnight());
}
