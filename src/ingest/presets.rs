//! The FreeSWITCH `mod_cdr_csv` default template (no header), and the channel
//! names both PBX presets read agents from. Asterisk-family records are in
//! [`super::cdr`].

use std::sync::Arc;

use calamine::DataRef;
use chrono::NaiveDateTime;

use super::cell::{self, Dates};
use super::kinds::{Cx, RowBuilder};
use crate::i18n::Text;
use crate::model::{Call, CallDirection, CallKind, CallStatus, ShortText, Source, SourceSheet};
use crate::msg;

/// FreeSWITCH `mod_cdr_csv` default template columns, in order.
pub const FREESWITCH_COLUMNS: &[&str] = &[
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec",
];

/// Whether a cell holds a date and time (in any order of day and month: the
/// shape of a first row is enough to recognise a layout).
fn is_datetime(c: &DataRef<'_>) -> bool {
    match cell::read_datetime(c, &Dates::plain(false)) {
        Ok(Some(_)) => true,
        Ok(None) => false,
        Err(f) => f.ambiguous,
    }
}

/// Whether a first row looks like a FreeSWITCH CDR line.
pub fn looks_like_freeswitch(row: &[DataRef<'_>]) -> bool {
    row.len() >= 11
        && row.get(4).is_some_and(is_datetime)
        && row
            .get(9)
            .and_then(cell::str_of)
            .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// The peer name in a channel (`SIP/301-00000004` → `301`, `PJSIP/301-0000a` → `301`,
/// `Local/301@from-queue-0001;1` → `301`); other values as written.
pub fn agent_from_channel(v: &str) -> &str {
    let rest = v.split_once('/').map_or(v, |(_, r)| r);
    let rest = rest.split(['@', ';']).next().unwrap_or(rest);
    match rest.rsplit_once('-') {
        Some((peer, suffix)) if !peer.is_empty() && suffix.chars().all(|c| c.is_ascii_hexdigit()) => peer,
        _ => rest,
    }
}

/// Which column holds the agent, and whether that makes the call outbound.
pub fn agent_column(
    columns: &[&str],
    setting: Option<&str>,
    default: &str,
) -> Result<(usize, CallDirection), Text> {
    let name = setting.unwrap_or(default);
    let idx = columns.iter().position(|c| *c == name).ok_or_else(|| {
        msg!(
            "presets.agent_column_unknown",
            name = name,
            columns = columns.join(", ")
        )
    })?;
    let outbound = matches!(
        name,
        "src" | "channel" | "clid" | "caller_id_number" | "caller_id_name"
    );
    Ok((
        idx,
        if outbound {
            CallDirection::Outbound
        } else {
            CallDirection::Inbound
        },
    ))
}

static EMPTY: DataRef<'static> = DataRef::Empty;

fn cell_at<'c, 'd>(cells: &'c [DataRef<'d>], i: usize) -> &'c DataRef<'d> {
    cells.get(i).unwrap_or(&EMPTY)
}

fn read_dt(
    cx: &mut Cx,
    dates: &Dates,
    src: &SourceSheet,
    row: u32,
    cells: &[DataRef<'_>],
    i: usize,
) -> Result<Option<NaiveDateTime>, ()> {
    cx.datetime(dates, src, Some(i as u32), row, cell_at(cells, i))
        .map_err(|_| ())
}

fn read_secs(cx: &mut Cx, src: &SourceSheet, row: u32, cells: &[DataRef<'_>], i: usize) -> Result<u32, ()> {
    cell::duration(cell_at(cells, i))
        .map(Option::unwrap_or_default)
        .map_err(|m| cx.err(src, Some(i as u32), row, m))
}

/// Answered or outbound calls whose agent column stayed empty cannot be
/// attributed: they are removed and reported in one warning naming how many and
/// the first row. (An inbound call nobody answered needs no agent: it counts
/// for the team.)
fn drop_unattributed(cx: &mut Cx, src: &Arc<SourceSheet>, rows: &[u32], col: usize, names: &[&str]) {
    let Some(first) = rows.first() else { return };
    let before = cx.data.calls.len();
    cx.data.calls.retain(|c| {
        let team_only = c.direction == CallDirection::Inbound && c.status != CallStatus::Answered;
        !(Arc::ptr_eq(&c.source.sheet, src) && c.has_no_agent() && !team_only)
    });
    let dropped = before - cx.data.calls.len();
    if dropped == 0 {
        return;
    }
    cx.records -= dropped;
    cx.warn(
        src,
        Some(col as u32),
        *first,
        msg!(
            "presets.no_agent",
            count = dropped,
            column = names[col],
            columns = names.join(", ")
        ),
    );
}

/// FreeSWITCH default CDR rows.
pub struct FreeSwitchRows {
    /// The sheet (the CSV file).
    pub src: Arc<SourceSheet>,
    /// Column holding the agent.
    pub agent_col: usize,
    /// Direction implied by the agent column.
    pub direction: CallDirection,
    /// Rows naming no agent.
    pub no_agent: Vec<u32>,
    /// How dates are read.
    pub dates: Dates,
}

impl RowBuilder for FreeSwitchRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let src = self.src.clone();
        let start = read_dt(cx, &self.dates, &src, row, cells, 4);
        let answer = read_dt(cx, &self.dates, &src, row, cells, 5);
        let duration = read_secs(cx, &src, row, cells, 7);
        let billsec = read_secs(cx, &src, row, cells, 8);
        let (Ok(start), Ok(answer), Ok(duration), Ok(billsec)) = (start, answer, duration, billsec) else {
            return;
        };
        let Some(start) = start else {
            cx.err(&src, Some(4), row, msg!("kinds.empty", field = "start_stamp"));
            return;
        };
        let cause = cell::text_of(cell_at(cells, 9)).unwrap_or_default();
        let status = if answer.is_some() {
            CallStatus::Answered
        } else if cause == "ORIGINATOR_CANCEL" {
            CallStatus::Abandoned
        } else {
            CallStatus::Missed
        };
        let agent_text = cell::text_of(cell_at(cells, self.agent_col));
        if agent_text.is_none() {
            self.no_agent.push(row);
        }
        let agent = cx.keys.get(agent_text.as_deref(), None);
        let wait = match answer {
            Some(a) if a >= start => (a - start).num_seconds() as u32,
            _ => duration.saturating_sub(billsec),
        };
        cx.record(Some(start.date()));
        cx.data.calls.push(Call {
            call_id: cell::text_of(cell_at(cells, 10)).as_deref().map(ShortText::new),
            agent,
            start,
            talk_seconds: if status == CallStatus::Answered {
                billsec
            } else {
                0
            },
            wait_seconds: Some(wait),
            direction: self.direction,
            status,
            kind: CallKind::Business,
            caller: cell::text_of(cell_at(cells, 1)).as_deref().map(ShortText::new),
            callee: cell::text_of(cell_at(cells, 2)).as_deref().map(ShortText::new),
            source: Source { sheet: src, row },
        });
    }

    fn finish(&mut self, cx: &mut Cx) {
        drop_unattributed(cx, &self.src, &self.no_agent, self.agent_col, FREESWITCH_COLUMNS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_give_the_peer() {
        assert_eq!(agent_from_channel("SIP/301-00000004"), "301");
        assert_eq!(agent_from_channel("PJSIP/8001-0000000a"), "8001");
        assert_eq!(agent_from_channel("Local/301@from-queue-0001;1"), "301");
        assert_eq!(agent_from_channel("8001"), "8001");
    }

    #[test]
    fn agent_column_setting_is_checked() {
        assert_eq!(
            agent_column(FREESWITCH_COLUMNS, Some("caller_id_number"), "destination_number"),
            Ok((1, CallDirection::Outbound))
        );
        assert_eq!(
            agent_column(FREESWITCH_COLUMNS, None, "destination_number"),
            Ok((2, CallDirection::Inbound))
        );
        assert!(agent_column(FREESWITCH_COLUMNS, Some("agent"), "destination_number").is_err());
    }
}
