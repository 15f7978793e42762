//! The chapter line markup: a source split into headings and bodies, a rendered body
//! parsed into paragraphs, lists and tables, a clause heading split into title and
//! rule IDs.

use crate::error::Problem;

use super::model::Block;

pub(super) enum Piece {
    Heading { level: usize, text: String, line: usize },
    Body { text: String, line: usize },
}

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
