//! Numbering: Chinese numerals, and the passes over a parsed manual that number its
//! tables (表1, 表2 …) and list items （一）（二）… and turn `[[…]]` references into
//! clause numbers.

use std::collections::BTreeMap;

use crate::error::Problem;

use super::model::{Block, Manual};

/// `1` → `一`, `10` → `十`, `12` → `十二`, `20` → `二十`, `105` → `一百零五`, up to 99 999.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const UNITS: [&str; 5] = ["", "十", "百", "千", "万"];
    if n == 0 {
        return "零".into();
    }
    if n >= 100_000 {
        return n.to_string();
    }
    let digits: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let len = digits.len();
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = len - 1 - i;
        if d == 0 {
            pending_zero = true;
            continue;
        }
        if pending_zero && !out.is_empty() {
            out.push('零');
        }
        pending_zero = false;
        // 十二, not 一十二, when the number starts with the tens.
        if !(d == 1 && unit == 1 && i == 0) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(UNITS[unit]);
    }
    out
}

/// Number the tables 表1, 表2 … across the manual, and each list's items （一）（二）….
pub(super) fn number_tables_and_lists(manual: &mut Manual) {
    let mut n = 0;
    for cl in manual.clauses_mut() {
        for b in &mut cl.blocks {
            if let Block::List { items } = b {
                for (i, item) in items.iter_mut().enumerate() {
                    *item = format!("（{}）{item}", chinese_numeral(i as u32 + 1));
                }
            }
            if let Block::Table { caption, .. } = b {
                n += 1;
                *caption = if caption.is_empty() {
                    format!("表{n}")
                } else {
                    format!("表{n}　{caption}")
                };
            }
        }
    }
}

/// Replace `[[RULE-ID]]` and `[[条款标题]]` by the clause number they point to.
pub(super) fn resolve_references(manual: &mut Manual, problems: &mut Vec<Problem>) {
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    for cl in manual.clauses() {
        for id in &cl.rule_ids {
            targets.entry(id.clone()).or_insert_with(|| cl.label.clone());
        }
    }
    for cl in manual.clauses() {
        targets
            .entry(cl.title.clone())
            .or_insert_with(|| cl.label.clone());
    }
    let fix = |text: &mut String, file: &str, line: usize, problems: &mut Vec<Problem>| {
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(p) = rest.find("[[") {
            out.push_str(&rest[..p]);
            let Some(e) = rest[p + 2..].find("]]") else {
                out.push_str(&rest[p..]);
                rest = "";
                break;
            };
            let target = rest[p + 2..p + 2 + e].trim();
            match targets.get(target) {
                Some(label) => out.push_str(label),
                None => {
                    problems.push(Problem::file_error(
                        format!("templates/{file}"),
                        crate::msg!("manual.bad_reference", line = line, target = target),
                    ));
                    out.push_str(target);
                }
            }
            rest = &rest[p + 2 + e + 2..];
        }
        out.push_str(rest);
        *text = out;
    };
    for cl in manual.clauses_mut() {
        let (file, line) = (cl.file.clone(), cl.line);
        for b in &mut cl.blocks {
            match b {
                Block::Paragraph { text } => fix(text, &file, line, problems),
                Block::List { items } => items.iter_mut().for_each(|t| fix(t, &file, line, problems)),
                Block::Table { rows, .. } => rows
                    .iter_mut()
                    .flatten()
                    .for_each(|t| fix(t, &file, line, problems)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::manual::test_support::default_manual;

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese_numeral(n), want, "{n}");
        }
    }

    #[test]
    fn references_become_clause_numbers() {
        let (manual, _) = default_manual();
        let pay3 = manual.clauses().find(|c| c.rule_ids == ["PAY-3"]).expect("PAY-3");
        let focus = manual
            .clauses()
            .find(|c| c.title == "专心工作")
            .expect("专心工作");
        let text = focus.blocks.iter().find_map(|b| match b {
            Block::Paragraph { text } => Some(text.clone()),
            _ => None,
        });
        let text = text.expect("paragraph");
        assert!(text.contains(&format!("按{}处理", pay3.label)), "{text}");
        assert!(!manual.plain_text().contains("[["));
    }
}
