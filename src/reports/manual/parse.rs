//! Parsing the chapters into one numbered manual: each heading and body rendered
//! through Tera on its own, its bindings collected, chapters, sections and clauses
//! numbered across the manual.

use serde_json::Value as Json;

use crate::config::Config;
use crate::error::Problem;

use super::filters::chapter_engine;
use super::markup::{clause_heading, parse_body, split_pieces, Piece};
use super::model::{Chapter, Clause, Manual, Section};
use super::numbering::{chinese_numeral, number_tables_and_lists, resolve_references};
use super::placeholders::{bindings_of, typed_figures};
use super::source::ChapterSource;

/// Parse every chapter into a numbered manual. Problems (Tera errors, unbound
/// placeholders, malformed markup, unknown references) are returned with it; the
/// manual is usable only when none of them is an error.
pub fn parse_manual(config: &Config, sources: &[ChapterSource]) -> (Manual, Vec<Problem>) {
    let mut problems = Vec::new();
    let engine = chapter_engine();
    let config_json = serde_json::to_value(config).unwrap_or(Json::Null);
    let context = match tera::Context::from_serialize(config) {
        Ok(c) => c,
        Err(e) => {
            problems.push(Problem::file_error(
                "zhidu.toml",
                format!("cannot pass the settings to the manual: {e}"),
            ));
            return (Manual { chapters: Vec::new() }, problems);
        }
    };
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut clause_no = 0u32;
    for src in sources {
        let file = src.name.as_str();
        // Each piece is rendered on its own, padded with the lines before it so that
        // Tera's messages give the line of the chapter file.
        let render = |raw: &str, line: usize, problems: &mut Vec<Problem>, report: bool| -> String {
            let padded = format!("{}{raw}", "\n".repeat(line.saturating_sub(1)));
            match engine.render_str(&padded, &context, false) {
                Ok(s) => s,
                Err(e) => {
                    if report {
                        let mut msg = e.to_string();
                        let mut cause = std::error::Error::source(&e);
                        while let Some(c) = cause {
                            msg.push_str(&format!(": {c}"));
                            cause = c.source();
                        }
                        let msg = msg.replace("__tera_one_off", &format!("templates/{file}"));
                        problems.push(Problem::file_error(
                            format!("templates/{file}"),
                            format!("line {line}: cannot fill in the placeholders: {msg}"),
                        ));
                    }
                    String::new()
                }
            }
        };
        let mut chapter: Option<Chapter> = None;
        let mut current: Option<Clause> = None;
        let close_clause = |chapter: &mut Option<Chapter>, current: &mut Option<Clause>| {
            if let (Some(ch), Some(cl)) = (chapter.as_mut(), current.take()) {
                if let Some(sec) = ch.sections.last_mut() {
                    sec.clauses.push(cl);
                }
            }
        };
        for piece in split_pieces(&src.text) {
            match piece {
                Piece::Body { text, line } => {
                    for (n, fig) in typed_figures(&text) {
                        problems.push(
                            Problem::file_error(
                                format!("templates/{file}"),
                                format!("line {}: the figure `{fig}` is typed in; bind it to a setting with a placeholder such as {{{{ rules.attendance.late_rate_high }}}}", line + n),
                            )
                            .warning(),
                        );
                    }
                    let before = problems.len();
                    let found = bindings_of(&text, &config_json, file, line, &mut problems);
                    let clean = problems.len() == before;
                    let rendered = render(&text, line, &mut problems, clean);
                    match current.as_mut() {
                        Some(cl) => {
                            for b in found {
                                if !cl.bindings.iter().any(|o| o.key == b.key) {
                                    cl.bindings.push(b);
                                }
                            }
                            cl.blocks.extend(parse_body(&rendered, file, 1, &mut problems));
                        }
                        None => {
                            if let Some((n, l)) =
                                rendered.lines().enumerate().find(|(_, l)| !l.trim().is_empty())
                            {
                                problems.push(Problem::file_error(
                                    format!("templates/{file}"),
                                    format!(
                                        "line {}: text outside a clause: `{}` (start a clause with `### 条款标题`)",
                                        n + 1,
                                        l.trim()
                                    ),
                                ));
                            }
                        }
                    }
                }
                Piece::Heading { level, text, line } => {
                    close_clause(&mut chapter, &mut current);
                    for (_, fig) in typed_figures(&format!("# {text}")) {
                        problems.push(
                            Problem::file_error(
                                format!("templates/{file}"),
                                format!("line {line}: the figure `{fig}` is typed in a heading; bind it to a setting"),
                            )
                            .warning(),
                        );
                    }
                    let before = problems.len();
                    let heading_bindings = bindings_of(&text, &config_json, file, line, &mut problems);
                    let clean = problems.len() == before;
                    let title = render(&text, line, &mut problems, clean).trim().to_string();
                    match level {
                        1 => {
                            if chapter.is_some() {
                                problems.push(Problem::file_error(
                                    format!("templates/{file}"),
                                    format!("line {line}: a second chapter title `# {title}` (one chapter per file)"),
                                ));
                                continue;
                            }
                            chapter = Some(Chapter {
                                label: format!("第{}章", chinese_numeral(chapters.len() as u32 + 1)),
                                title,
                                file: file.to_string(),
                                sections: vec![Section {
                                    label: String::new(),
                                    title: String::new(),
                                    clauses: Vec::new(),
                                }],
                            });
                        }
                        2 => match chapter.as_mut() {
                            Some(ch) => {
                                let n = ch.sections.iter().filter(|s| !s.title.is_empty()).count() as u32 + 1;
                                if ch.sections.len() == 1 && ch.sections[0].clauses.is_empty() {
                                    ch.sections.clear();
                                }
                                ch.sections.push(Section {
                                    label: format!("第{}节", chinese_numeral(n)),
                                    title,
                                    clauses: Vec::new(),
                                });
                            }
                            None => problems.push(Problem::file_error(
                                format!("templates/{file}"),
                                format!("line {line}: section `## {title}` before the chapter title (`# 章标题` comes first)"),
                            )),
                        },
                        _ => {
                            if chapter.is_none() {
                                problems.push(Problem::file_error(
                                    format!("templates/{file}"),
                                    format!("line {line}: clause `### {title}` before the chapter title (`# 章标题` comes first)"),
                                ));
                                continue;
                            }
                            let (title, rule_ids) = clause_heading(&title);
                            clause_no += 1;
                            let bindings = heading_bindings;
                            current = Some(Clause {
                                number: clause_no,
                                label: format!("第{}条", chinese_numeral(clause_no)),
                                title,
                                rule_ids,
                                blocks: Vec::new(),
                                bindings,
                                file: file.to_string(),
                                line,
                            });
                        }
                    }
                }
            }
        }
        close_clause(&mut chapter, &mut current);
        match chapter {
            Some(mut ch) => {
                ch.sections
                    .retain(|s| !(s.title.is_empty() && s.clauses.is_empty()));
                chapters.push(ch);
            }
            None => problems.push(Problem::file_error(
                format!("templates/{file}"),
                "has no chapter title (the first heading must be `# 章标题`)",
            )),
        }
    }
    let mut manual = Manual { chapters };
    number_tables_and_lists(&mut manual);
    resolve_references(&mut manual, &mut problems);
    (manual, problems)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::reports::manual::test_support::default_manual;
    use crate::reports::manual::{chinese_numeral, default_chapter_sources, parse_manual, Block, Clause};

    #[test]
    fn clauses_are_numbered_continuously_across_chapters() {
        let (manual, _) = default_manual();
        let clauses: Vec<&Clause> = manual.clauses().collect();
        assert!(clauses.len() > 30, "{}", clauses.len());
        for (i, cl) in clauses.iter().enumerate() {
            assert_eq!(cl.number as usize, i + 1);
            assert_eq!(cl.label, format!("第{}条", chinese_numeral(i as u32 + 1)));
        }
        // Chapter two starts where chapter one stopped: no restart at 第一条.
        let firsts: Vec<u32> = manual
            .chapters
            .iter()
            .map(|c| c.sections[0].clauses[0].number)
            .collect();
        assert_eq!(firsts[0], 1);
        assert!(firsts.windows(2).all(|w| w[1] > w[0] + 1), "{firsts:?}");
        assert_eq!(manual.chapters[0].label, "第一章");
        assert_eq!(manual.chapters[6].label, "第七章");
    }

    #[test]
    fn every_figure_comes_from_the_config() {
        let mut config = Config::default();
        config.rules.attendance.late_rate_high = crate::config::Percent::whole(6);
        config.rules.attendance.late_threshold = 4;
        config.rules.pay.complaint_fines.severe = crate::config::Amount(crate::model::Fen(8_050));
        let (manual, problems) = parse_manual(&config, &default_chapter_sources());
        assert!(problems.is_empty(), "{problems:#?}");
        let text = manual.plain_text();
        assert!(text.contains("4 次（含）以上 | 当月每次迟到均按 6%"), "{text}");
        assert!(text.contains("不足 4 次 | 2%"), "{text}");
        assert!(text.contains("严重 | 80.50 元"), "{text}");
        assert!(!text.contains("5%"), "the old rate must be gone");
    }

    #[test]
    fn shift_table_is_built_from_the_config() {
        let (manual, _) = default_manual();
        let att1 = manual
            .clauses()
            .find(|c| c.rule_ids == ["ATT-1"])
            .expect("ATT-1 clause");
        let Some(Block::Table {
            header,
            rows,
            caption,
            ..
        }) = att1.blocks.iter().find(|b| matches!(b, Block::Table { .. }))
        else {
            panic!("ATT-1 has a table");
        };
        assert_eq!(caption, "表1　班次时间");
        assert_eq!(header, &["班次", "上班时间", "下班时间"]);
        // The four default shifts by start time; 晚班 ends the next day.
        let row = |a: &str, b: &str, c: &str| vec![a.to_string(), b.to_string(), c.to_string()];
        assert_eq!(
            rows,
            &vec![
                row("白班", "08:00", "17:00"),
                row("常规", "08:30", "17:30"),
                row("常班", "09:00", "18:00"),
                row("晚班", "17:00", "次日 01:00"),
            ]
        );
        assert!(att1
            .bindings
            .iter()
            .any(|b| b.key == "shifts.table.晚班.end" && b.value == "01:00"));
    }
}
