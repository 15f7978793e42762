//! 问卷星 按选项序号 (codes) exports: the answer is the option's number, mapped
//! through the question's scale or refused, never taken as the score.

use super::{errors, load, notes};
use crate::support::xlsx::{workbook, Cell};

const HEADER: [&str; 8] = [
    "序号",
    "提交答卷时间",
    "所用时间",
    "来自IP",
    "来源",
    "来源详情",
    "1、请问为您服务的客服坐席工号是? (填空题 *必答)",
    "2、您对本次服务的满意度如何? (单选题 *必答)",
];

/// The same three answers as a text export and as a codes export: E001 非常满意
/// (option 1), E002 不满意 (option 4), a respondent who skipped both questions.
fn exports() -> (Vec<u8>, Vec<u8>) {
    let row = |n: f64, agent: &'static str, answer: Cell<'static>| {
        vec![
            Cell::Number(n),
            Cell::Text("2026/11/17 14:22:55"),
            Cell::Text("136秒"),
            Cell::Text("1.2.3.4(浙江-杭州)"),
            Cell::Text("手机提交"),
            Cell::Text("微信"),
            Cell::Text(agent),
            answer,
        ]
    };
    let header: Vec<Cell<'static>> = HEADER.iter().map(|h| Cell::Text(h)).collect();
    let text = workbook(&[(
        "Sheet1",
        vec![
            header.clone(),
            row(1.0, "E001", Cell::Text("非常满意")),
            row(2.0, "E002", Cell::Text("不满意")),
            row(3.0, "(跳过)", Cell::Text("(跳过)")),
        ],
    )]);
    let codes = workbook(&[(
        "Sheet1",
        vec![
            header,
            row(1.0, "E001", Cell::Number(1.0)),
            row(2.0, "E002", Cell::Number(4.0)),
            row(3.0, "-3", Cell::Number(-3.0)),
        ],
    )]);
    (text, codes)
}

fn read(name: &str, extra: &str) -> zhidu::ingest::Loaded {
    let (text, codes) = exports();
    load(
        name,
        &[(
            "surveys",
            &format!("path = \"inputs/codes.xlsx\"\nscore_column = \"满意度\"\nagent_question = \"坐席工号\"\n{extra}"),
        )],
        &[("inputs/codes.xlsx", codes), ("inputs/text.xlsx", text)],
    )
}

fn scores(l: &zhidu::ingest::Loaded) -> Vec<(Option<&str>, u8)> {
    l.data
        .surveys
        .iter()
        .map(|s| (s.agent.id.as_deref(), s.score))
        .collect()
}

#[test]
fn a_codes_export_without_a_scale_is_refused() {
    let l = read("wjx_codes_refused", "");
    assert!(l.data.surveys.is_empty());
    assert_eq!(
        errors(&l),
        vec!["inputs/codes.xlsx › Sheet1: 问卷星 按选项序号 export: column H (\"2、您对本次服务的满意度如何? (单选题 *必答)\") gives each answer as its option's number (1 = the first option listed, -3 = skipped), not its score; map the numbers to scores with inputs.surveys.score_map = { 1 = 5, 2 = 4, 3 = 3, 4 = 2, 5 = 1 } (the question's options in order), or name a text export of the same survey (按选项文本) in inputs.surveys.score_map_from (header row 1)"]
    );
}

#[test]
fn score_map_gives_each_option_its_score() {
    let l = read(
        "wjx_codes_map",
        "score_map = { 1 = 5, 2 = 4, 3 = 3, 4 = 2, 5 = 1 }\n",
    );
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    // Option 1 (非常满意) is 5, option 4 (不满意) is 2; -3 (跳过) is no answer.
    assert_eq!(scores(&l), vec![(Some("E001"), 5), (Some("E002"), 2)]);
    assert_eq!(
        notes(&l),
        vec!["inputs/codes.xlsx › Sheet1!H4: warning: 1 answer(s) give no score (blank or 跳过) and are not counted; the first is here"]
    );
}

#[test]
fn the_scale_can_come_from_a_text_export_of_the_same_survey() {
    let l = read("wjx_codes_from_text", "score_map_from = \"inputs/text.xlsx\"\n");
    assert!(errors(&l).is_empty(), "{:?}", errors(&l));
    assert_eq!(scores(&l), vec![(Some("E001"), 5), (Some("E002"), 2)]);
}

#[test]
fn an_option_missing_from_the_map_is_an_error_not_a_score() {
    let l = read("wjx_codes_partial", "score_map = { 1 = 5 }\n");
    assert_eq!(scores(&l), vec![(Some("E001"), 5)]);
    assert_eq!(
        errors(&l),
        vec!["inputs/codes.xlsx › Sheet1!H3: option 4 has no score: inputs.surveys.score_map maps options 1 only; add it"]
    );
}

#[test]
fn a_number_among_the_texts_of_a_text_export_is_refused() {
    let mut rows: Vec<Vec<Cell<'static>>> = vec![HEADER.iter().map(|h| Cell::Text(h)).collect()];
    for (n, answer) in [(1.0, Cell::Text("满意")), (2.0, Cell::Number(4.0))] {
        rows.push(vec![
            Cell::Number(n),
            Cell::Text("2026/11/17 14:22:55"),
            Cell::Text("136秒"),
            Cell::Text("1.2.3.4(浙江-杭州)"),
            Cell::Text("手机提交"),
            Cell::Text("微信"),
            Cell::Text("E001"),
            answer,
        ]);
    }
    let l = load(
        "wjx_text_number",
        &[(
            "surveys",
            "path = \"inputs/text.xlsx\"\nscore_column = \"满意度\"\nagent_question = \"坐席工号\"\n",
        )],
        &[("inputs/text.xlsx", workbook(&[("Sheet1", rows)]))],
    );
    assert_eq!(scores(&l), vec![(Some("E001"), 4)]);
    assert_eq!(
        errors(&l),
        vec!["inputs/text.xlsx › Sheet1!H3: 4 is a number: a 问卷星 text export writes each answer as its option's text (4分, 非常满意); if this is the 按选项序号 export, map option numbers to scores with inputs.surveys.score_map"]
    );
}
