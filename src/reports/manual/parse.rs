//! Parsing the chapters into one numbered manual: each heading and body rendered
//! through Tera on its own, its bindings collected, chapters, sections and clauses
//! numbered across the manual.

use serde_json::Value as Json;

use crate::config::Config;
use crate::error::Problem;

use super::filters::chapter_engine;
use super::markup::{clause_heading, parse_body, split_pieces, Piece};
use super::model::{Binding, Chapter, Clause, Manual, Section};
use super::numbering::{chinese_numeral, number_tables_and_lists, resolve_references};
use super::placeholders::{bindings_of, typed_figures};
use super::source::ChapterSource;

/// Parse every chapter into a numbered manual. Problems (Tera errors, unbound
/// placeholders, malformed markup, unknown references) are returned with it; the
/// manual is usable only when none of them is an error.
pub fn parse_manual(config: &Config, sources: &[ChapterSource]) -> (Manual, Vec<Problem>) {
    let context = match tera::Context::from_serialize(config) {
        Ok(c) => c,
        Err(e) => {
            let problem = Problem::file_error(
                "zhidu.toml",
                crate::msg!("manual.settings_unpassable", error = e.to_string()),
            );
            return (Manual { chapters: Vec::new() }, vec![problem]);
        }
    };
    let mut parser = ManualParser {
        engine: chapter_engine(),
        context,
        config_json: serde_json::to_value(config).unwrap_or(Json::Null),
        problems: Vec::new(),
        chapters: Vec::new(),
        clause_no: 0,
    };
    for src in sources {
        parser.chapter(src);
    }
    let mut manual = Manual {
        chapters: parser.chapters,
    };
    let mut problems = parser.problems;
    number_tables_and_lists(&mut manual);
    resolve_references(&mut manual, &mut problems);
    (manual, problems)
}

/// The manual as its chapters are read one after another.
struct ManualParser {
    /// The engine with the manual's filters.
    engine: tera::Tera,
    /// The settings, as Tera's context.
    context: tera::Context,
    /// The settings, for resolving placeholders to keys and values.
    config_json: Json,
    problems: Vec<Problem>,
    /// The chapters read so far.
    chapters: Vec<Chapter>,
    /// The number of the last clause read (clauses are numbered across chapters).
    clause_no: u32,
}

/// The chapter being read and its open clause.
struct OpenChapter<'s> {
    /// Source file under `templates/`.
    file: &'s str,
    /// Set by the chapter title.
    chapter: Option<Chapter>,
    /// The clause whose body is being read.
    clause: Option<Clause>,
}

impl OpenChapter<'_> {
    /// Put the open clause into the chapter's last section.
    fn close_clause(&mut self) {
        if let (Some(ch), Some(cl)) = (self.chapter.as_mut(), self.clause.take()) {
            if let Some(sec) = ch.sections.last_mut() {
                sec.clauses.push(cl);
            }
        }
    }
}

impl ManualParser {
    /// A problem in `file`.
    fn error(&mut self, file: &str, msg: crate::i18n::Text) {
        self.problems
            .push(Problem::file_error(format!("templates/{file}"), msg));
    }

    /// Read one chapter source.
    fn chapter(&mut self, src: &ChapterSource) {
        let mut open = OpenChapter {
            file: src.name.as_str(),
            chapter: None,
            clause: None,
        };
        for piece in split_pieces(&src.text) {
            match piece {
                Piece::Body { text, line } => self.body(&mut open, &text, line),
                Piece::Heading { level, text, line } => self.heading(&mut open, level, &text, line),
            }
        }
        open.close_clause();
        match open.chapter {
            Some(mut ch) => {
                ch.sections
                    .retain(|s| !(s.title.is_empty() && s.clauses.is_empty()));
                self.chapters.push(ch);
            }
            None => self.error(open.file, crate::msg!("manual.no_chapter_title")),
        }
    }

    /// Fill in the placeholders of `raw`, which starts on line `line` of `file`. The
    /// text is padded with the lines before it so that Tera's messages give the line of
    /// the chapter file; a Tera error is a problem when `report` (else it was already
    /// reported as an unbound placeholder) and leaves the text empty.
    fn render(&mut self, file: &str, raw: &str, line: usize, report: bool) -> String {
        let padded = format!("{}{raw}", "\n".repeat(line.saturating_sub(1)));
        match self.engine.render_str(&padded, &self.context, false) {
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
                    self.error(
                        file,
                        crate::msg!("manual.placeholders_failed", line = line, error = msg),
                    );
                }
                String::new()
            }
        }
    }

    /// The body text after a heading: its settings go to the open clause's bindings,
    /// its blocks to the clause's body; text outside a clause is a problem.
    fn body(&mut self, open: &mut OpenChapter<'_>, text: &str, line: usize) {
        let file = open.file;
        for (n, fig) in typed_figures(text) {
            self.problems.push(
                Problem::file_error(
                    format!("templates/{file}"),
                    crate::msg!("manual.typed_figure", line = line + n, figure = fig),
                )
                .warning(),
            );
        }
        let before = self.problems.len();
        let found = bindings_of(text, &self.config_json, file, line, &mut self.problems);
        let clean = self.problems.len() == before;
        let rendered = self.render(file, text, line, clean);
        match open.clause.as_mut() {
            Some(cl) => {
                for b in found {
                    if !cl.bindings.iter().any(|o| o.key == b.key) {
                        cl.bindings.push(b);
                    }
                }
                cl.blocks
                    .extend(parse_body(&rendered, file, 1, &mut self.problems));
            }
            None => {
                if let Some((n, l)) = rendered.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) {
                    self.error(
                        file,
                        crate::msg!("manual.text_outside_clause", line = n + 1, text = l.trim()),
                    );
                }
            }
        }
    }

    /// A heading: it closes the open clause and opens a chapter (`#`), a section (`##`)
    /// or a clause (`###`).
    fn heading(&mut self, open: &mut OpenChapter<'_>, level: usize, text: &str, line: usize) {
        open.close_clause();
        let file = open.file;
        for (_, fig) in typed_figures(&format!("# {text}")) {
            self.problems.push(
                Problem::file_error(
                    format!("templates/{file}"),
                    crate::msg!("manual.typed_figure_heading", line = line, figure = fig),
                )
                .warning(),
            );
        }
        let before = self.problems.len();
        let bindings = bindings_of(text, &self.config_json, file, line, &mut self.problems);
        let clean = self.problems.len() == before;
        let title = self.render(file, text, line, clean).trim().to_string();
        match level {
            1 => self.open_chapter(open, title, line),
            2 => self.open_section(open, title, line),
            _ => self.open_clause(open, title, bindings, line),
        }
    }

    /// `# 章标题`: the chapter, numbered after the chapters read before; one per file.
    fn open_chapter(&mut self, open: &mut OpenChapter<'_>, title: String, line: usize) {
        if open.chapter.is_some() {
            self.error(
                open.file,
                crate::msg!("manual.second_chapter", line = line, title = &title),
            );
            return;
        }
        open.chapter = Some(Chapter {
            label: format!("第{}章", chinese_numeral(self.chapters.len() as u32 + 1)),
            title,
            file: open.file.to_string(),
            sections: vec![Section {
                label: String::new(),
                title: String::new(),
                clauses: Vec::new(),
            }],
        });
    }

    /// `## 节标题`: a section, numbered within its chapter; it replaces the chapter's
    /// untitled lead-in section when that has no clauses.
    fn open_section(&mut self, open: &mut OpenChapter<'_>, title: String, line: usize) {
        match open.chapter.as_mut() {
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
            None => self.error(
                open.file,
                crate::msg!("manual.section_first", line = line, title = &title),
            ),
        }
    }

    /// `### 条款标题 [ATT-2]`: a clause, numbered across the manual, with the settings
    /// its heading prints.
    fn open_clause(
        &mut self,
        open: &mut OpenChapter<'_>,
        title: String,
        bindings: Vec<Binding>,
        line: usize,
    ) {
        if open.chapter.is_none() {
            self.error(
                open.file,
                crate::msg!("manual.clause_first", line = line, title = &title),
            );
            return;
        }
        let (title, rule_ids) = clause_heading(&title);
        self.clause_no += 1;
        open.clause = Some(Clause {
            number: self.clause_no,
            label: format!("第{}条", chinese_numeral(self.clause_no)),
            title,
            rule_ids,
            blocks: Vec::new(),
            bindings,
            file: open.file.to_string(),
            line,
        });
    }
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
