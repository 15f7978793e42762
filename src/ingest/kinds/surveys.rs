//! 满意度调查 rows: 1–5 scores, from plain sheets and from 问卷星 exports read
//! by option text or by option number.

use std::sync::Arc;

use calamine::DataRef;
use chrono::NaiveDate;

use super::{Cols, Cx, Reported, RowBuilder};
use crate::i18n::Text;
use crate::ingest::cell;
use crate::ingest::wjx::{Scale, TextAnswers};
use crate::model::{EmployeeKey, SurveyResponse};
use crate::msg;

/// A 1–5 score: a number, `4分`, or 非常满意 … 非常不满意.
pub fn score(c: &DataRef<'_>) -> Result<Option<u8>, Text> {
    let bad = || msg!("kinds_surveys.not_a_score", value = cell::show(c));
    let n = match c {
        DataRef::Float(x) => crate::ingest::text::float_to_int(*x).ok_or_else(bad)?,
        DataRef::Int(i) => *i,
        _ => {
            let Some(s) = cell::str_of(c) else { return Ok(None) };
            match s.as_ref() {
                "非常满意" => 5,
                "满意" => 4,
                "一般" => 3,
                "不满意" => 2,
                "非常不满意" => 1,
                "(跳过)" | "（跳过）" => return Ok(None),
                other => crate::ingest::text::parse_int_text(other.trim_end_matches('分')).ok_or_else(bad)?,
            }
        }
    };
    if (1..=5).contains(&n) {
        Ok(Some(n as u8))
    } else {
        Err(bad())
    }
}

/// 满意度调查 rows (a 问卷星 export maps question columns onto the fields).
pub struct SurveyRows {
    /// Column mapping.
    pub cols: Cols,
    /// Rows whose score was skipped (问卷星 `(跳过)`, `-3`), reported once at the end.
    pub skipped: Vec<u32>,
    /// How the score column is read.
    pub scale: Scale,
    /// A codes export read with a text export's scale: the 序号 column, the text
    /// export's answers, and the rows waiting for the scale.
    from_text: Option<(u32, TextAnswers, Vec<Pending>)>,
    /// `score_map` was given for a text export, where it does not apply: say so once.
    pub note_unused_map: bool,
}

/// A codes-export row whose score waits for the scale read from a text export.
struct Pending {
    row: u32,
    date: NaiveDate,
    agent: EmployeeKey,
    option: i64,
    serial: Option<String>,
    customer: Option<String>,
    channel: Option<String>,
    comment: Option<String>,
}

impl SurveyRows {
    /// A builder reading the score column with `scale`; `from_text` pairs a codes
    /// export's rows (by the 序号 column given) with a text export's answers.
    pub fn new(cols: Cols, scale: Scale, from_text: Option<(u32, TextAnswers)>) -> SurveyRows {
        SurveyRows {
            cols,
            skipped: Vec::new(),
            scale,
            from_text: from_text.map(|(c, a)| (c, a, Vec::new())),
            note_unused_map: false,
        }
    }

    fn push(&self, cx: &mut Cx, p: Pending, score: u8) {
        cx.record(Some(p.date));
        cx.data.surveys.push(SurveyResponse {
            date: p.date,
            agent: p.agent,
            score,
            customer: p.customer,
            channel: p.channel,
            comment: p.comment,
            source: crate::model::Source {
                sheet: self.cols.src.clone(),
                row: p.row,
            },
        });
    }
}

/// A 问卷星 answer meaning the question was skipped or not shown: `-3`, `-2`, `(跳过)`.
fn wjx_skipped(c: &DataRef<'_>) -> bool {
    match c {
        DataRef::Float(x) => *x < 0.0,
        DataRef::Int(i) => *i < 0,
        _ => cell::str_of(c).is_some_and(|t| matches!(t.as_ref(), "(跳过)" | "（跳过）" | "-3" | "-2")),
    }
}

/// The score of a 问卷星 text export's answer: an option text; a number cell
/// means the codes export (按选项序号) was given and is refused.
fn wjx_text_score(c: &DataRef<'_>) -> Result<Option<u8>, Text> {
    if let DataRef::Float(_) | DataRef::Int(_) = c {
        return Err(msg!("kinds_surveys.number_in_text_export", value = cell::show(c)));
    }
    score(c)
}

impl RowBuilder for SurveyRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let wjx = !matches!(self.scale, Scale::Written);
        let sc: Result<Option<Result<u8, i64>>, Reported> = match &self.scale {
            Scale::Written => c.read(cx, row, cells, 3, score).map(|o| o.map(Ok)),
            Scale::WjxText => c.read(cx, row, cells, 3, wjx_text_score).map(|o| o.map(Ok)),
            Scale::Codes(map) => match c.read(cx, row, cells, 3, crate::ingest::wjx::option_number) {
                Ok(Some(n)) if self.from_text.is_some() => Ok(Some(Err(n))),
                Ok(Some(n)) => match map.get(&n) {
                    Some(s) => Ok(Some(Ok(*s))),
                    None => {
                        let keys: Vec<String> = map.keys().map(i64::to_string).collect();
                        cx.err(
                            &c.src,
                            c.cols[3],
                            row,
                            msg!(
                                "kinds_surveys.option_not_mapped",
                                option = n,
                                options = keys.join(", ")
                            ),
                        );
                        Err(Reported)
                    }
                },
                Ok(None) => Ok(None),
                Err(r) => Err(r),
            },
        };
        // A questionnaire whose score question was skipped is no response: its
        // other answers (often skipped too) are not looked at.
        if wjx && matches!(sc, Ok(None)) {
            self.skipped.push(row);
            return;
        }
        let date = c.need_date(cx, row, cells, 0);
        let key = match (&self.scale, c.get(cells, 1)) {
            // In a codes export a choice question's answer is its option's number.
            (Scale::Codes(_), v @ (DataRef::Float(_) | DataRef::Int(_))) if !wjx_skipped(v) => {
                cx.err(
                    &c.src,
                    c.cols[1],
                    row,
                    msg!("kinds_surveys.agent_is_option", value = cell::show(v)),
                );
                Err(Reported)
            }
            // A skipped question: no agent (-3, -2, (跳过)).
            (Scale::Codes(_) | Scale::WjxText, v) if wjx_skipped(v) => {
                cx.err(&c.src, c.cols[1], row, msg!("kinds_surveys.agent_skipped"));
                Err(Reported)
            }
            _ => c.key(cx, row, cells, 1, Some(2)),
        };
        let (Ok(date), Ok(agent), Ok(sc)) = (date, key, sc) else {
            return;
        };
        let Some(sc) = sc else {
            self.skipped.push(row);
            return;
        };
        let pending = Pending {
            row,
            date,
            agent: Arc::unwrap_or_clone(agent),
            option: 0,
            serial: None,
            customer: c.text(cells, 4),
            channel: c.text(cells, 5),
            comment: c.text(cells, 6),
        };
        match sc {
            Ok(score) => self.push(cx, pending, score),
            Err(option) => {
                if let Some((serial_col, _, waiting)) = &mut self.from_text {
                    let serial = cells.get(*serial_col as usize).and_then(cell::text_of);
                    waiting.push(Pending {
                        option,
                        serial,
                        ..pending
                    });
                }
            }
        }
    }

    fn finish(&mut self, cx: &mut Cx) {
        if let Some((_, answers, waiting)) = self.from_text.take() {
            let given = match &self.scale {
                Scale::Codes(m) => m.clone(),
                _ => Default::default(),
            };
            let pairs: Vec<(i64, String, String)> = waiting
                .iter()
                .filter_map(|p| {
                    let (text, place) = answers.by_serial.get(p.serial.as_deref()?)?;
                    Some((p.option, text.clone()?, place.clone()))
                })
                .collect();
            let col = self.cols.cols[3];
            match crate::ingest::wjx::derive_map(&pairs, &given) {
                Err(m) => {
                    if let Some(first) = waiting.first() {
                        cx.err(&self.cols.src, col, first.row, m);
                    }
                }
                Ok(map) => {
                    for p in waiting {
                        match map.get(&p.option) {
                            Some(s) => self.push(cx, p, *s),
                            None => cx.err(
                                &self.cols.src,
                                col,
                                p.row,
                                msg!(
                                    "kinds_surveys.option_unanswered",
                                    option = p.option,
                                    file = &answers.file
                                ),
                            ),
                        }
                    }
                }
            }
        }
        if let Some(first) = self.skipped.first() {
            let col = self.cols.cols[3];
            let n = self.skipped.len();
            cx.warn(
                &self.cols.src,
                col,
                *first,
                msg!("kinds_surveys.no_score", count = n),
            );
        }
        if self.note_unused_map {
            cx.notes.push(msg!("kinds_surveys.map_unused"));
        }
    }
}
