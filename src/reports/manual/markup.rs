//! The chapter line markup: a source split into headings and bodies, a rendered body
//! parsed into paragraphs, lists and tables, a clause heading split into title and
//! rule IDs.

use crate::error::Problem;

use super::model::Block;

/// A run of chapter source: a heading, or the body text between two headings.
pub(super) enum Piece {
    Heading { level: usize, text: String, line: usize },
    Body { text: String, line: usize },
}

/// Split a chapter source into headings (`#`, `##`, `###`) and the bodies between them,
/// each with the line of the file it starts on.
pub(super) fn split_pieces(text: &str) -> Vec<Piece> {
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

/// The trimmed cells of a `| a | b |` row.
fn table_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

/// Parse a rendered clause body into blocks.
pub(super) fn parse_body(
    rendered: &str,
    file: &str,
    first_line: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Block> {
    let mut body = BodyParser {
        file,
        first_line,
        problems,
        blocks: Vec::new(),
        para: String::new(),
        in_table: false,
    };
    for (n, line) in rendered.lines().enumerate() {
        body.line(n, line);
    }
    body.flush();
    body.check_tables();
    body.blocks
}

/// The state of one clause body while its lines are read.
struct BodyParser<'a> {
    /// Source file under `templates/`, for problems.
    file: &'a str,
    /// Line of the file the body's first line is on.
    first_line: usize,
    problems: &'a mut Vec<Problem>,
    blocks: Vec<Block>,
    /// The paragraph being joined from consecutive lines.
    para: String,
    /// Whether the last block is a table still taking rows.
    in_table: bool,
}

impl BodyParser<'_> {
    /// An error at line `n` of the body.
    fn error(&mut self, n: usize, msg: crate::i18n::Text) {
        self.problems.push(Problem::file_error(
            format!("templates/{}", self.file),
            crate::msg!("manual.at_line", line = self.first_line + n, message = msg),
        ));
    }

    /// End the paragraph being joined, if any.
    fn flush(&mut self) {
        if !self.para.is_empty() {
            self.blocks.push(Block::Paragraph {
                text: std::mem::take(&mut self.para),
            });
        }
    }

    /// Read line `n` of the body.
    fn line(&mut self, n: usize, line: &str) {
        let t = line.trim();
        if t.is_empty() {
            self.flush();
            self.in_table = false;
            return;
        }
        if let Some(caption) = t.strip_prefix("@table") {
            self.flush();
            self.blocks.push(Block::Table {
                caption: caption.trim().to_string(),
                widths: Vec::new(),
                header: Vec::new(),
                rows: Vec::new(),
            });
            self.in_table = true;
        } else if let Some(list) = t.strip_prefix("@widths") {
            self.widths(n, t, list);
        } else if t.starts_with('@') {
            self.error(n, crate::msg!("manual.unknown_directive", directive = t));
        } else if t.starts_with('|') {
            self.table_row(n, t);
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("-\t")) {
            self.flush();
            self.in_table = false;
            match self.blocks.last_mut() {
                Some(Block::List { items }) => items.push(item.trim().to_string()),
                _ => self.blocks.push(Block::List {
                    items: vec![item.trim().to_string()],
                }),
            }
        } else if self.in_table {
            self.error(n, crate::msg!("manual.text_in_table", text = t));
        } else if line.starts_with([' ', '\t'])
            && self.para.is_empty()
            && matches!(self.blocks.last(), Some(Block::List { .. }))
        {
            // An indented line continues the last list item.
            if let Some(Block::List { items }) = self.blocks.last_mut() {
                if let Some(last) = items.last_mut() {
                    join_line(last, t);
                }
            }
        } else {
            join_line(&mut self.para, t);
        }
    }

    /// `@widths 3,8,3,3` (`t` the whole line, `list` what follows the directive).
    fn widths(&mut self, n: usize, t: &str, list: &str) {
        let parsed: Option<Vec<u32>> = list
            .split([',', '，', ' '])
            .filter(|w| !w.trim().is_empty())
            .map(|w| w.trim().parse::<u32>().ok().filter(|&w| w > 0))
            .collect();
        let in_table = self.in_table;
        let problem: Option<crate::i18n::Text> = match (parsed, self.blocks.last_mut()) {
            (Some(ws), Some(Block::Table { widths, header, .. })) if in_table && header.is_empty() => {
                *widths = ws;
                None
            }
            (None, _) => Some(crate::msg!("manual.bad_widths", line = t)),
            _ => Some(crate::msg!("manual.widths_misplaced", line = t)),
        };
        if let Some(msg) = problem {
            self.error(n, msg);
        }
    }

    /// A `| a | b |` row: the header of the current table, one of its rows, or a
    /// Markdown-style separator row (skipped). A row outside a table starts one.
    fn table_row(&mut self, n: usize, t: &str) {
        self.flush();
        let cells = table_cells(t);
        if cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')))
        {
            return; // a Markdown-style separator row
        }
        if !self.in_table {
            self.blocks.push(Block::Table {
                caption: String::new(),
                widths: Vec::new(),
                header: Vec::new(),
                rows: Vec::new(),
            });
            self.in_table = true;
        }
        let mut problem = None;
        if let Some(Block::Table { header, rows, .. }) = self.blocks.last_mut() {
            if header.is_empty() {
                *header = cells;
            } else if cells.len() != header.len() {
                problem = Some(crate::msg!(
                    "manual.row_cells",
                    cells = cells.len(),
                    header = header.len(),
                    row = t
                ));
            } else {
                rows.push(cells);
            }
        }
        if let Some(msg) = problem {
            self.error(n, msg);
        }
    }

    /// Every table has rows, and `@widths` as many widths as the table has columns.
    fn check_tables(&mut self) {
        let mut found = Vec::new();
        for b in &self.blocks {
            if let Block::Table {
                header,
                caption,
                widths,
                ..
            } = b
            {
                if header.is_empty() {
                    found.push(crate::msg!("manual.table_no_rows", caption = caption));
                } else if !widths.is_empty() && widths.len() != header.len() {
                    found.push(crate::msg!(
                        "manual.widths_count",
                        caption = caption,
                        columns = header.len(),
                        widths = widths.len()
                    ));
                }
            }
        }
        for msg in found {
            self.error(0, msg);
        }
    }
}

/// Split a clause heading into its title and rule IDs: `迟到扣款 [ATT-2, ATT-3]`.
pub(super) fn clause_heading(text: &str) -> (String, Vec<String>) {
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

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::reports::manual::test_support::one_chapter;
    use crate::reports::manual::{parse_manual, Block};

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
