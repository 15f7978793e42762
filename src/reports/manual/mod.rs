//! The policy manual (制度手册): chapter sources in `templates/manual/*.md`, their
//! figures filled in from `zhidu.toml`, numbered into clauses 第一条, 第二条 … and
//! typeset through the renderer as `manual/制度手册.pdf`, with a clause index
//! `manual/制度条款索引.xlsx` listing every setting each clause is bound to.
//!
//! A chapter source is Tera text in a small line markup (see `templates/manual/README.md`):
//!
//! ```text
//! # 章标题                       one per file, first
//! ## 节标题                      optional sections
//! ### 条款标题 [ATT-2]            a clause, numbered across the manual; rule IDs in brackets
//! 正文……                        paragraph lines (consecutive lines are joined)
//! - 列表项                       list item
//! @table 表题                    a table: the `|` rows that follow, the first one the header
//! | 单元格 | 单元格 |
//! [[PAY-3]] or [[专心工作]]       a reference, replaced by that clause's number (第十八条)
//! ```
//!
//! Each heading and each body between headings is rendered through Tera on its own with
//! the serialised [`Config`] as context, so a placeholder's clause is known exactly and
//! the clause index can list every setting a clause prints.

use serde::Serialize;
use serde_json::Value as Json;

use crate::config::Config;
use crate::error::{Problem, UserError};
use crate::reports::{OutputFile, Period, RunContext};
use checks::rule_id_problems;
use filters::{chapter_engine, date_zh};
use numbering::{number_tables_and_lists, resolve_references};
use placeholders::{bindings_of, typed_figures};

mod checks;
mod filters;
mod index;
mod model;
mod numbering;
mod placeholders;
mod source;

pub use checks::{consistency_problems, project_problems, RULE_IDS};
pub use index::{index_rows, reports_using, IndexRow, IndexView};
pub use model::{Binding, Block, Chapter, Clause, Manual, Section};
pub use numbering::chinese_numeral;
pub use source::{chapter_sources, default_chapter_sources, ChapterSource, CHAPTER_DIR};

/// The PDF the manual is written to, relative to the output folder.
pub const PDF_PATH: &str = "manual/制度手册.pdf";

/// The clause index workbook, relative to the output folder.
pub const INDEX_PATH: &str = "manual/制度条款索引.xlsx";

// ---------------------------------------------------------------------------
// Parsing chapters.
// ---------------------------------------------------------------------------

enum Piece {
    Heading { level: usize, text: String, line: usize },
    Body { text: String, line: usize },
}

fn split_pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut body = String::new();
    let mut body_line = 1;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        let level = t.chars().take_while(|&c| c == '#').count();
        if (1..=3).contains(&level) && t[level..].starts_with([' ', '\t']) {
            out.push(Piece::Body {
                text: std::mem::take(&mut body),
                line: body_line,
            });
            out.push(Piece::Heading {
                level,
                text: t[level..].trim().to_string(),
                line: i + 1,
            });
            body_line = i + 2;
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    out.push(Piece::Body {
        text: body,
        line: body_line,
    });
    out
}

/// Join two wrapped source lines: a space only between two Latin letters or digits.
fn join_line(acc: &mut String, next: &str) {
    let needs_space = acc.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
        && next.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if needs_space {
        acc.push(' ');
    }
    acc.push_str(next);
}

fn table_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

/// Parse a rendered clause body into blocks.
fn parse_body(rendered: &str, file: &str, first_line: usize, problems: &mut Vec<Problem>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut para = String::new();
    let mut in_table = false;
    let err = |n: usize, msg: String| {
        Problem::file_error(
            format!("templates/{file}"),
            format!("line {}: {msg}", first_line + n),
        )
    };
    let flush = |para: &mut String, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(Block::Paragraph {
                text: std::mem::take(para),
            });
        }
    };
    for (n, line) in rendered.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut blocks);
            in_table = false;
            continue;
        }
        if let Some(caption) = t.strip_prefix("@table") {
            flush(&mut para, &mut blocks);
            blocks.push(Block::Table {
                caption: caption.trim().to_string(),
                widths: Vec::new(),
                header: Vec::new(),
                rows: Vec::new(),
            });
            in_table = true;
        } else if let Some(list) = t.strip_prefix("@widths") {
            let parsed: Option<Vec<u32>> = list
                .split([',', '，', ' '])
                .filter(|w| !w.trim().is_empty())
                .map(|w| w.trim().parse::<u32>().ok().filter(|&w| w > 0))
                .collect();
            match (parsed, blocks.last_mut()) {
                (Some(ws), Some(Block::Table { widths, header, .. })) if in_table && header.is_empty() => {
                    *widths = ws;
                }
                (None, _) => problems.push(err(
                    n,
                    format!("`{t}`: widths are whole numbers above 0, e.g. `@widths 3,8,3,3`"),
                )),
                _ => problems.push(err(
                    n,
                    format!("`{t}` must come right after `@table`, before the table's rows"),
                )),
            }
        } else if t.starts_with('@') {
            problems.push(err(
                n,
                format!("unknown directive `{t}` (directives are `@table 表题` and `@widths 3,8,3,3`)"),
            ));
        } else if t.starts_with('|') {
            flush(&mut para, &mut blocks);
            let cells = table_cells(t);
            if cells
                .iter()
                .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
            {
                continue; // a Markdown-style separator row
            }
            if !in_table {
                blocks.push(Block::Table {
                    caption: String::new(),
                    widths: Vec::new(),
                    header: Vec::new(),
                    rows: Vec::new(),
                });
                in_table = true;
            }
            if let Some(Block::Table { header, rows, .. }) = blocks.last_mut() {
                if header.is_empty() {
                    *header = cells;
                } else if cells.len() != header.len() {
                    problems.push(err(
                        n,
                        format!(
                            "this table row has {} cell(s) but the header has {}: `{t}`",
                            cells.len(),
                            header.len()
                        ),
                    ));
                } else {
                    rows.push(cells);
                }
            }
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("-\t")) {
            flush(&mut para, &mut blocks);
            in_table = false;
            match blocks.last_mut() {
                Some(Block::List { items }) => items.push(item.trim().to_string()),
                _ => blocks.push(Block::List {
                    items: vec![item.trim().to_string()],
                }),
            }
        } else if in_table {
            problems.push(err(
                n,
                format!("text inside a table (end the table with a blank line): `{t}`"),
            ));
        } else if line.starts_with([' ', '\t'])
            && para.is_empty()
            && matches!(blocks.last(), Some(Block::List { .. }))
        {
            // An indented line continues the last list item.
            if let Some(Block::List { items }) = blocks.last_mut() {
                if let Some(last) = items.last_mut() {
                    join_line(last, t);
                }
            }
        } else {
            join_line(&mut para, t);
        }
    }
    flush(&mut para, &mut blocks);
    for b in &blocks {
        if let Block::Table {
            header,
            caption,
            widths,
            ..
        } = b
        {
            if header.is_empty() {
                problems.push(err(0, format!("the table `{caption}` has no rows")));
            } else if !widths.is_empty() && widths.len() != header.len() {
                problems.push(err(
                    0,
                    format!(
                        "the table `{caption}` has {} column(s) but `@widths` gives {}",
                        header.len(),
                        widths.len()
                    ),
                ));
            }
        }
    }
    blocks
}

/// Split a clause heading into its title and rule IDs: `迟到扣款 [ATT-2, ATT-3]`.
fn clause_heading(text: &str) -> (String, Vec<String>) {
    let t = text.trim();
    if let Some(open) = t.rfind('[') {
        if t.ends_with(']') && !t[..open].ends_with('[') {
            let ids = t[open + 1..t.len() - 1]
                .split([',', '，', '、', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            return (t[..open].trim().to_string(), ids);
        }
    }
    (t.to_string(), Vec::new())
}

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

// ---------------------------------------------------------------------------
// Views for the templates, and the report entry point.
// ---------------------------------------------------------------------------

/// What `templates/manual.xml` receives.
#[derive(Debug, Serialize)]
pub struct ManualView<'a> {
    /// 公司名称.
    pub company: &'a str,
    /// 部门名称.
    pub department: &'a str,
    /// Cover title (`[manual] title`).
    pub title: &'a str,
    /// Version label.
    pub version: &'a str,
    /// Effective date in words (2026年12月1日).
    pub effective_date: String,
    /// The chapters.
    pub chapters: &'a [Chapter],
    /// Number of clauses.
    pub clause_count: usize,
}

/// Parse the manual and fail with every error-level problem when it is not consistent.
pub fn build(config: &Config, sources: &[ChapterSource]) -> Result<Manual, UserError> {
    let (manual, mut problems) = parse_manual(config, sources);
    problems.extend(rule_id_problems(&manual));
    let errors: Vec<Problem> = problems
        .into_iter()
        .filter(|p| p.severity == crate::error::ProblemSeverity::Error)
        .collect();
    if errors.is_empty() {
        Ok(manual)
    } else {
        Err(UserError::Inputs(errors))
    }
}

/// The manual's template context.
pub fn manual_view<'a>(config: &'a Config, manual: &'a Manual) -> ManualView<'a> {
    ManualView {
        company: &config.company.name,
        department: &config.company.department,
        title: &config.manual.title,
        version: &config.manual.version,
        effective_date: date_zh(&config.manual.effective_date),
        chapters: &manual.chapters,
        clause_count: manual.clauses().count(),
    }
}

/// Render `manual/制度手册.pdf` and `manual/制度条款索引.xlsx`. The manual covers no
/// period; `period` is accepted so the batch can call every report alike.
pub fn render(ctx: &RunContext<'_>, _period: Option<&Period>) -> anyhow::Result<Vec<OutputFile>> {
    let config = &ctx.project.config;
    let sources = chapter_sources(&ctx.project.root)?;
    let manual = build(config, &sources)?;
    let doc = ctx
        .renderer
        .document("manual.xml", &manual_view(config, &manual))?;
    let pdf = ctx.renderer.pdf(&doc)?;
    let index = IndexView {
        company: &config.company.name,
        department: &config.company.department,
        title: &config.manual.title,
        version: &config.manual.version,
        rows: index_rows(&manual),
    };
    let index_doc = ctx.renderer.document("manual_index.xml", &index)?;
    let xlsx = ctx.renderer.xlsx(&index_doc)?;
    Ok(vec![
        OutputFile {
            path: PDF_PATH.into(),
            bytes: pdf,
        },
        OutputFile {
            path: INDEX_PATH.into(),
            bytes: xlsx,
        },
    ])
}

#[cfg(test)]
mod test_support {
    use super::*;

    /// The built-in chapters parsed against the default settings.
    pub(super) fn default_manual() -> (Manual, Vec<Problem>) {
        parse_manual(&Config::default(), &default_chapter_sources())
    }

    /// A project with one chapter, `manual/01-test.md`, of the given text.
    pub(super) fn one_chapter(text: &str) -> Vec<ChapterSource> {
        vec![ChapterSource {
            name: "manual/01-test.md".into(),
            text: text.into(),
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{default_manual, one_chapter};
    use super::*;

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

    #[test]
    fn markup_blocks() {
        let src = one_chapter(
            "# 测试\n## 一节\n### 条款 [ATT-1]\n第一行\n第二行。\n\n- 甲\n- 乙\n  续行\n@table 表题\n| a | b |\n|---|---|\n| 1 | 2 |\n\n后记。\n## 二节\n### 另一条\n正文。\n",
        );
        let (manual, problems) = parse_manual(&Config::default(), &src);
        assert!(
            problems.iter().all(|p| p.message.contains("typed in")),
            "{problems:#?}"
        );
        let ch = &manual.chapters[0];
        assert_eq!(ch.sections.len(), 2);
        assert_eq!(ch.sections[0].label, "第一节");
        assert_eq!(ch.sections[1].label, "第二节");
        let cl = &ch.sections[0].clauses[0];
        assert_eq!(cl.rule_ids, ["ATT-1"]);
        assert_eq!(
            cl.blocks,
            vec![
                Block::Paragraph {
                    text: "第一行第二行。".into()
                },
                Block::List {
                    items: vec!["（一）甲".into(), "（二）乙续行".into()]
                },
                Block::Table {
                    caption: "表1　表题".into(),
                    widths: vec![],
                    header: vec!["a".into(), "b".into()],
                    rows: vec![vec!["1".into(), "2".into()]],
                },
                Block::Paragraph {
                    text: "后记。".into()
                },
            ]
        );
        assert_eq!(ch.sections[1].clauses[0].label, "第二条");
    }

    #[test]
    fn widths_directive() {
        let src = one_chapter("# 测试\n### 条款\n@table 表\n@widths 1,3\n| a | b |\n| x | y |\n");
        let (m, problems) = parse_manual(&Config::default(), &src);
        assert!(problems.is_empty(), "{problems:#?}");
        let Some(Block::Table { widths, .. }) = m.clauses().next().and_then(|c| c.blocks.first()) else {
            panic!("a table");
        };
        assert_eq!(widths, &[1, 3]);
        let src = one_chapter("# 测试\n### 条款\n@table 表\n@widths 1,3,2\n| a | b |\n");
        let (_, problems) = parse_manual(&Config::default(), &src);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("has 2 column(s) but `@widths` gives 3")),
            "{problems:#?}"
        );
        let src = one_chapter("# 测试\n### 条款\n@table 表\n| a | b |\n@widths 1,3\n");
        let (_, problems) = parse_manual(&Config::default(), &src);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("must come right after `@table`")),
            "{problems:#?}"
        );
    }

    #[test]
    fn ragged_table_row_is_an_error() {
        let src = one_chapter("# 测试\n### 条款\n@table 表\n| a | b |\n| 1 |\n");
        let (_, problems) = parse_manual(&Config::default(), &src);
        assert!(
            problems
                .iter()
                .any(|p| p.message == "line 5: this table row has 1 cell(s) but the header has 2: `| 1 |`"),
            "{problems:#?}"
        );
    }
}
