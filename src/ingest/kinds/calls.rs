//! 通话记录 rows: calls with their agent, direction and status, and the words
//! exports write for directions and statuses.

use calamine::DataRef;

use super::{Cols, Cx, Reported, RowBuilder};
use crate::i18n::Text;
use crate::ingest::cell;
use crate::model::{Call, CallDirection, CallKind, CallStatus, ShortText, SourceSheet};
use crate::msg;

/// Lower-case ASCII letters, copying only when there are upper-case ones.
fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A call direction as exports write it: 呼入/呼出/内部 and their English forms.
pub fn direction_text(s: &str) -> Option<CallDirection> {
    match lower(s.trim()).as_ref() {
        "呼入" | "来电" | "inbound" | "in" | "incoming" => Some(CallDirection::Inbound),
        "呼出" | "去电" | "外呼" | "outbound" | "out" | "outgoing" => Some(CallDirection::Outbound),
        "内部" | "内线" | "内部通话" | "内部呼叫" | "分机互拨" | "internal" | "local" | "extension" => {
            Some(CallDirection::Internal)
        }
        _ => None,
    }
}

/// Parse 呼入/呼出/内部.
pub fn direction(c: &DataRef<'_>) -> Result<Option<CallDirection>, Text> {
    let Some(s) = cell::str_of(c) else { return Ok(None) };
    direction_text(&s)
        .map(Some)
        .ok_or_else(|| msg!("kinds_calls.not_a_direction", value = cell::show(c)))
}

/// Parse 接通/未接/放弃.
pub fn status(c: &DataRef<'_>) -> Result<Option<CallStatus>, Text> {
    let Some(s) = cell::str_of(c) else { return Ok(None) };
    match lower(&s).as_ref() {
        "接通" | "已接通" | "已接" | "answered" | "y" | "yes" | "是" => {
            Ok(Some(CallStatus::Answered))
        }
        "未接" | "未接通" | "无人接听" | "missed" | "n" | "no" | "否" => {
            Ok(Some(CallStatus::Missed))
        }
        "no answer" => Ok(Some(CallStatus::Missed)), // not a message
        "放弃" | "呼损" | "挂断" | "abandoned" => Ok(Some(CallStatus::Abandoned)),
        _ => Err(msg!("kinds_calls.not_a_status", value = cell::show(c))),
    }
}

fn call_kind(c: &DataRef<'_>) -> Result<Option<CallKind>, Text> {
    let Some(s) = cell::str_of(c) else { return Ok(None) };
    match lower(&s).as_ref() {
        "业务" | "工作" | "business" => Ok(Some(CallKind::Business)),
        "私人" | "个人" | "personal" => Ok(Some(CallKind::Personal)),
        _ => Err(msg!("kinds_calls.not_a_type", value = cell::show(c))),
    }
}

fn short(c: &DataRef<'_>) -> Option<ShortText> {
    cell::str_of(c).map(|s| ShortText::new(&s))
}

/// 通话记录 rows with a header.
pub struct CallRows {
    /// Column mapping.
    pub cols: Cols,
    /// The direction of every call whose 呼叫方向 is not written
    /// (`inputs.calls.direction`, for exports without that column).
    pub direction: Option<CallDirection>,
    /// Internal calls read: their number and the first one's row.
    pub internal: Internal,
}

/// Internal calls of a sheet, reported in one note.
#[derive(Debug, Default)]
pub struct Internal {
    count: usize,
    first: Option<(u32, Option<u32>)>,
}

impl Internal {
    /// Count an internal call at `row` (its 呼叫方向 cell in `col`).
    pub fn saw(&mut self, row: u32, col: Option<u32>) {
        self.count += 1;
        self.first.get_or_insert((row, col));
    }

    /// The note, if the sheet held any.
    pub fn note(&self, cx: &mut Cx, sheet: &SourceSheet) {
        if let Some((row, col)) = self.first {
            cx.warn(
                sheet,
                col,
                row,
                msg!("kinds_calls.internal_not_counted", count = self.count),
            );
        }
    }
}

impl RowBuilder for CallRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let id = cell::id_ref(c.get(cells, 1)).map_err(|m| cx.err(&c.src, c.cols[1], row, m));
        let name = cell::str_of(c.get(cells, 2));
        let start = c.moment(cx, row, cells, Some(3), 4, 5);
        let talk = c.read(cx, row, cells, 7, cell::duration);
        let wait = c.read(cx, row, cells, 8, cell::duration);
        let dir = match (c.read(cx, row, cells, 9, direction), self.direction) {
            (Ok(Some(d)), _) | (Ok(None), Some(d)) => Ok(d),
            (Ok(None), None) => {
                cx.err(&c.src, c.cols[9], row, msg!("kinds.empty", field = "呼叫方向"));
                Err(Reported)
            }
            (Err(r), _) => Err(r),
        };
        let st = c.read(cx, row, cells, 10, status);
        let kind = c.read(cx, row, cells, 11, call_kind);
        let end = if c.has(6) && !c.has(7) {
            c.datetime(cx, row, cells, 6)
        } else {
            Ok(None)
        };
        let (Ok(id), Ok(start), Ok(talk), Ok(wait), Ok(direction), Ok(st), Ok(kind), Ok(end)) =
            (id, start, talk, wait, dir, st, kind, end)
        else {
            return;
        };
        let Some((start, _)) = start else {
            cx.err(
                &c.src,
                c.cols[3].or(c.cols[5]),
                row,
                msg!("kinds.empty", field = "开始时间"),
            );
            return;
        };
        let talk_seconds = match (talk, end) {
            (Some(t), _) => t,
            (None, Some(e)) if e >= start => (e - start).num_seconds() as u32,
            (None, Some(e)) => {
                cx.err(
                    &c.src,
                    c.cols[6],
                    row,
                    msg!(
                        "kinds_calls.end_before_start",
                        end = e.to_string(),
                        start = start.to_string()
                    ),
                );
                return;
            }
            (None, None) => 0,
        };
        let status = st.unwrap_or(if talk_seconds > 0 {
            CallStatus::Answered
        } else {
            CallStatus::Missed
        });
        // An inbound call nobody answered may name no agent (abandoned in the
        // IVR or the queue): it counts for the team only. Any other call needs one.
        let agentless_ok = direction != CallDirection::Outbound && status != CallStatus::Answered;
        if id.is_none() && name.is_none() && !agentless_ok {
            cx.err(
                &c.src,
                c.cols[1].or(c.cols[2]),
                row,
                if direction == CallDirection::Outbound {
                    msg!("kinds_calls.no_agent_outbound")
                } else {
                    msg!("kinds_calls.no_agent_answered")
                },
            );
            return;
        }
        if direction == CallDirection::Internal {
            self.internal.saw(row, c.cols[9]);
        }
        let (call_id, caller, callee) = (
            short(c.get(cells, 0)),
            short(c.get(cells, 12)),
            short(c.get(cells, 13)),
        );
        let agent = cx.keys.get(id.as_deref(), name.as_deref());
        cx.record(Some(start.date()));
        cx.data.calls.push(Call {
            call_id,
            agent,
            start,
            talk_seconds,
            wait_seconds: wait,
            direction,
            status,
            kind: kind.unwrap_or(CallKind::Business),
            caller,
            callee,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }

    fn finish(&mut self, cx: &mut Cx) {
        self.internal.note(cx, &self.cols.src);
    }
}
