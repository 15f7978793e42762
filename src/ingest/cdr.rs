//! Asterisk-family call-detail records (`format = "asterisk"`): the `cdr_csv`
//! Master.csv (no header), the FreePBX `cdr` table dumped without a header
//! (calldate first), and any export with a header naming the CDR columns
//! (Grandstream UCM, MySQL/PostgreSQL `cdr` dumps), in any order; `columns =
//! [...]` names the columns of another headerless layout.
//!
//! A PBX writes one row per leg: the IVR, the queue, each agent's phone that
//! rang. Rows sharing a linkedid (or, without one, a uniqueid) are one call:
//!
//! - its direction is the row's own (a direction column such as Grandstream's
//!   `Log Userfield`: Inbound, Outbound, Internal), else `inputs.calls.direction`,
//!   else the one `agent_column` implies, else the dialplan context of its first
//!   leg: a call placed from an extension (`from-internal`, `ext-local`, …) is
//!   outbound when it dials an outside number (7 digits or more) and internal
//!   otherwise; any other call is inbound;
//! - an inbound call's agent legs are the legs whose `dstchannel` names a peer
//!   (`PJSIP/194-00025a61` → `194`); it is answered when one of them is, talks
//!   for the sum of their talk times, and belongs to the agent who talked longest;
//!   when agents' phones rang and none answered it is missed (the first agent's);
//!   when it never reached an agent it is abandoned and names no agent (it counts
//!   for the team only);
//! - its wait runs from its first queue or agent leg (or its start) to the
//!   agent's answer, or to its end when nobody answered.

use std::collections::HashMap;
use std::sync::Arc;

use calamine::DataRef;
use chrono::{Duration, NaiveDateTime};

use super::cell::{self, Dates};
use super::kinds::{Cx, Internal, PersonKeys, RowBuilder};
use super::presets::agent_from_channel;
use super::text::normalize_header;
use crate::i18n::Text;
use crate::model::{Call, CallDirection, CallKind, CallStatus, ShortText, Source, SourceSheet};
use crate::msg;

/// The CDR fields zhidu reads, with the headers that name them (compared
/// without spaces, case or full-width differences).
pub const CDR_FIELDS: &[(&str, &[&str])] = &[
    (
        "start",
        &["calldate", "start", "starttime", "start time", "call date"], // not a message
    ),
    ("answer", &["answer", "answertime", "answer time"]), // not a message
    ("end", &["end", "endtime", "end time"]),             // not a message
    ("clid", &["clid", "callerid", "callerid number", "caller id"]), // not a message
    ("src", &["src", "caller number", "source", "caller"]), // not a message
    ("dst", &["dst", "callee number", "destination", "callee"]), // not a message
    ("dcontext", &["dcontext", "context"]),
    ("channel", &["channel", "source channel", "src channel"]), // not a message
    (
        "dstchannel",
        &[
            "dstchannel",
            "dest. channel",
            "dest channel",        // not a message
            "destination channel", // not a message
            "dst channel",         // not a message
        ],
    ),
    (
        "lastapp",
        &["lastapp", "last app.", "last app", "last application"], // not a message
    ),
    ("lastdata", &["lastdata", "last data", "last date"]), // not a message
    ("duration", &["duration", "call time"]),              // not a message
    ("billsec", &["billsec", "talk time", "billable seconds"]), // not a message
    ("disposition", &["disposition"]),
    ("amaflags", &["amaflags", "ama flags"]),          // not a message
    ("accountcode", &["accountcode", "account code"]), // not a message
    ("uniqueid", &["uniqueid", "unique id"]),          // not a message
    ("userfield", &["userfield", "user field", "log userfield"]), // not a message
    ("linkedid", &["linkedid", "linked id"]),          // not a message
    ("peeraccount", &["peeraccount", "peer account"]), // not a message
    ("sequence", &["sequence"]),
    ("direction", &["direction", "call direction", "呼叫方向"]), // not a message
];

/// Asterisk `cdr_csv` Master.csv columns, in order (18 fields before Asterisk 1.8,
/// 21 with peeraccount, linkedid and sequence).
pub const MASTER_CSV: &[&str] = &[
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
    "peeraccount",
    "linkedid",
    "sequence",
];

/// The FreePBX `asteriskcdrdb.cdr` table's first columns, the same in every
/// release (the columns after userfield differ between releases and are not read).
pub const FREEPBX_TABLE: &[&str] = &[
    "calldate",
    "clid",
    "src",
    "dst",
    "dcontext",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "accountcode",
    "uniqueid",
    "userfield",
];

/// The CDR field a header or column name means (`Dest. Channel` → `dstchannel`).
pub fn field_of(name: &str) -> Option<&'static str> {
    let n = normalize_header(name);
    CDR_FIELDS
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|a| normalize_header(a) == n))
        .map(|(f, _)| *f)
}

/// Where each CDR field is: field → 0-based column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    cols: Vec<(&'static str, usize)>,
}

impl Layout {
    fn new(names: &[&str]) -> Layout {
        let cols = names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| field_of(n).map(|f| (f, i)))
            .collect();
        Layout { cols }
    }

    /// The column of a field.
    pub fn col(&self, field: &str) -> Option<usize> {
        self.cols.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    /// Every field the layout has, in column order (for messages).
    pub fn fields(&self) -> Vec<&'static str> {
        let mut v = self.cols.clone();
        v.sort_by_key(|(_, c)| *c);
        v.into_iter().map(|(f, _)| f).collect()
    }

    /// The layout of a header row (or of `columns = [...]`), when it names a CDR:
    /// a start, a disposition, a talk time or duration, and a channel or uniqueid.
    pub fn from_names(names: &[String]) -> Option<Layout> {
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let l = Layout::new(&refs);
        let has = |f: &str| l.col(f).is_some();
        (has("start")
            && has("disposition")
            && (has("billsec") || has("duration"))
            && (has("dstchannel") || has("channel") || has("uniqueid")))
        .then_some(l)
    }

    /// The headerless layout a first row has: Master.csv (start in the tenth
    /// column, disposition in the fifteenth) or the FreePBX table (calldate first,
    /// disposition twelfth).
    pub fn headerless(row: &[DataRef<'_>]) -> Option<Layout> {
        let disposition = |i: usize| {
            row.get(i)
                .and_then(cell::str_of)
                .is_some_and(|d| is_disposition(&d))
        };
        if row.len() >= 18 && row.get(9).is_some_and(is_datetime) && disposition(14) {
            let names = if row.len() >= 21 {
                MASTER_CSV
            } else {
                &MASTER_CSV[..18]
            };
            return Some(Layout::new(names));
        }
        if row.len() >= 16 && row.first().is_some_and(is_datetime) && disposition(11) {
            return Some(Layout::new(FREEPBX_TABLE));
        }
        None
    }
}

fn is_disposition(d: &str) -> bool {
    matches!(
        d.to_ascii_uppercase().as_str(),
        "ANSWERED" | "NO ANSWER" | "BUSY" | "FAILED" | "CONGESTION"
    )
}

/// Whether a cell holds a date and time in any order of day and month (the
/// shape of a first row is enough to recognise a layout).
fn is_datetime(c: &DataRef<'_>) -> bool {
    match cell::read_datetime(c, &Dates::plain(false)) {
        Ok(Some(_)) => true,
        Ok(None) => false,
        Err(f) => f.ambiguous,
    }
}

/// Dialplan contexts of calls placed by an extension (FreePBX, Issabel,
/// Grandstream UCM and most Asterisk dialplans).
fn from_extension(context: &str) -> bool {
    let c = context.to_ascii_lowercase();
    [
        "from-internal",
        "ext-local",
        "outbound",
        "outrt",
        "macro-dial",
        "app-",
        "sub-",
    ]
    .iter()
    .any(|p| c.starts_with(p))
}

/// An outside number: 7 digits or more (after a `+` or `00`).
fn outside_number(dst: &str) -> bool {
    let d = dst.trim().trim_start_matches('+');
    d.len() >= 7 && d.bytes().all(|b| b.is_ascii_digit())
}

/// One row (one leg) of a CDR.
#[derive(Debug, Clone)]
struct Leg {
    row: u32,
    start: NaiveDateTime,
    answer: Option<NaiveDateTime>,
    end: NaiveDateTime,
    billsec: u32,
    answered: bool,
    src: Option<String>,
    dst: Option<String>,
    context: String,
    /// The peer of `channel` (the calling side).
    caller_peer: Option<String>,
    /// The agent this leg names: the `agent_column` setting's column, or the peer of `dstchannel`.
    agent: Option<String>,
    queue: bool,
    direction: Option<CallDirection>,
}

/// How the direction of the calls is decided when the file has no direction column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectionRule {
    /// `inputs.calls.direction`.
    Setting(CallDirection),
    /// Implied by `agent_column` (`src`, `channel`, `clid` make every call outbound).
    AgentColumn(CallDirection),
    /// From each call's dialplan context.
    Context,
}

/// Which column names the agent, and the direction rule.
pub fn agent_setting(layout: &Layout, setting: Option<&str>) -> Result<Option<(usize, CallDirection)>, Text> {
    let Some(name) = setting else { return Ok(None) };
    let field = field_of(name).unwrap_or("");
    let col = layout.col(field).ok_or_else(|| {
        msg!(
            "cdr.agent_column_unknown",
            name = name,
            columns = layout.fields().join(", ")
        )
    })?;
    let outbound = matches!(field, "src" | "channel" | "clid");
    Ok(Some((
        col,
        if outbound {
            CallDirection::Outbound
        } else {
            CallDirection::Inbound
        },
    )))
}

/// CDR rows of one sheet; the calls are built when every row is in.
pub struct CdrRows {
    layout: Layout,
    src: Arc<SourceSheet>,
    dates: Dates,
    agent_col: Option<usize>,
    rule: DirectionRule,
    legs: Vec<(Option<String>, Leg)>,
}

impl CdrRows {
    /// A builder for a sheet of this layout.
    pub fn new(
        layout: Layout,
        file: &str,
        sheet: &str,
        dates: Dates,
        agent: Option<(usize, CallDirection)>,
        direction: Option<CallDirection>,
    ) -> CdrRows {
        let mut columns = Vec::new();
        if let Some(c) = agent.map(|a| a.0).or(layout.col("dstchannel")) {
            columns.push(("坐席工号", c as u32));
        }
        for (canon, field) in [
            ("开始时间", "start"),
            ("通话时长(秒)", "billsec"),
            ("呼叫方向", "direction"),
            ("主叫号码", "src"),
            ("被叫号码", "dst"),
            ("通话ID", "linkedid"),
        ] {
            if let Some(c) = layout.col(field) {
                columns.push((canon, c as u32));
            }
        }
        if layout.col("direction").is_none() {
            if let Some(c) = layout.col("userfield") {
                columns.push(("呼叫方向", c as u32));
            }
        }
        let rule = match (direction, agent) {
            (Some(d), _) => DirectionRule::Setting(d),
            (None, Some((_, d))) => DirectionRule::AgentColumn(d),
            (None, None) => DirectionRule::Context,
        };
        CdrRows {
            src: Arc::new(SourceSheet {
                file: file.to_string(),
                sheet: sheet.to_string(),
                columns,
            }),
            layout,
            dates,
            agent_col: agent.map(|a| a.0),
            rule,
            legs: Vec::new(),
        }
    }

    fn text(&self, cells: &[DataRef<'_>], field: &str) -> Option<String> {
        let c = self.layout.col(field)?;
        cells.get(c).and_then(cell::text_of)
    }

    fn seconds(&self, cx: &mut Cx, row: u32, cells: &[DataRef<'_>], field: &str) -> Result<u32, ()> {
        let Some(c) = self.layout.col(field) else {
            return Ok(0);
        };
        cell::duration(cells.get(c).unwrap_or(&DataRef::Empty))
            .map(Option::unwrap_or_default)
            .map_err(|m| cx.err(&self.src, Some(c as u32), row, m))
    }

    fn moment(
        &self,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
        field: &str,
    ) -> Result<Option<NaiveDateTime>, ()> {
        let Some(c) = self.layout.col(field) else {
            return Ok(None);
        };
        cx.datetime(
            &self.dates,
            &self.src,
            Some(c as u32),
            row,
            cells.get(c).unwrap_or(&DataRef::Empty),
        )
        .map_err(|_| ())
    }
}

impl RowBuilder for CdrRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let start = self.moment(cx, row, cells, "start");
        let answer = self.moment(cx, row, cells, "answer");
        let end = self.moment(cx, row, cells, "end");
        let duration = self.seconds(cx, row, cells, "duration");
        let billsec = self.seconds(cx, row, cells, "billsec");
        let (Ok(start), Ok(answer), Ok(end), Ok(duration), Ok(billsec)) =
            (start, answer, end, duration, billsec)
        else {
            return;
        };
        let Some(start) = start else {
            let col = self.layout.col("start").map(|c| c as u32);
            cx.err(&self.src, col, row, msg!("cdr.no_start"));
            return;
        };
        let answered = self
            .text(cells, "disposition")
            .is_some_and(|d| d.eq_ignore_ascii_case("ANSWERED"));
        let agent = match self.agent_col {
            Some(c) => cells
                .get(c)
                .and_then(cell::text_of)
                .map(|v| agent_from_channel(&v).to_string()),
            None => self
                .text(cells, "dstchannel")
                .filter(|ch| !ch.to_ascii_lowercase().starts_with("local/"))
                .map(|ch| agent_from_channel(&ch).to_string()),
        }
        .filter(|a| !a.is_empty());
        let direction = self
            .text(cells, "direction")
            .or_else(|| self.text(cells, "userfield"))
            .and_then(|d| super::kinds::direction_text(&d));
        let context = self.text(cells, "dcontext").unwrap_or_default();
        let lastapp = self.text(cells, "lastapp").unwrap_or_default();
        let key = self
            .text(cells, "linkedid")
            .or_else(|| self.text(cells, "uniqueid"));
        let leg = Leg {
            row,
            start,
            answer,
            end: end.unwrap_or(start + Duration::seconds(duration.into())),
            billsec: if answered { billsec } else { 0 },
            answered,
            src: self.text(cells, "src"),
            dst: self.text(cells, "dst"),
            queue: lastapp.eq_ignore_ascii_case("queue") || context.to_ascii_lowercase().contains("queue"),
            caller_peer: self
                .text(cells, "channel")
                .filter(|ch| !ch.to_ascii_lowercase().starts_with("local/"))
                .map(|ch| agent_from_channel(&ch).to_string()),
            context,
            agent,
            direction,
        };
        // Without linkedid or uniqueid every row is a call of its own.
        self.legs.push((key, leg));
    }

    fn finish(&mut self, cx: &mut Cx) {
        let all = std::mem::take(&mut self.legs);
        let mut order: Vec<Vec<usize>> = Vec::new();
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        for (i, (key, _)) in all.iter().enumerate() {
            match key.as_deref() {
                Some(k) => match by_key.get(k) {
                    Some(g) => order[*g].push(i),
                    None => {
                        by_key.insert(k, order.len());
                        order.push(vec![i]);
                    }
                },
                None => order.push(vec![i]),
            }
        }
        let mut internal = Internal::default();
        let mut by_context = [0usize; 3];
        let mut no_agent: Vec<u32> = Vec::new();
        for group in order {
            let mut legs: Vec<&Leg> = group.iter().map(|i| &all[*i].1).collect();
            legs.sort_by_key(|l| (l.start, l.row));
            let key = all[group[0]].0.clone();
            let Some(call) = self.call(&legs, key.as_deref(), &mut by_context, &mut cx.keys) else {
                no_agent.push(legs[0].row);
                continue;
            };
            if call.direction == CallDirection::Internal {
                let col = self
                    .src
                    .column_of("呼叫方向")
                    .filter(|_| {
                        self.rule != DirectionRule::Context || legs.iter().any(|l| l.direction.is_some())
                    })
                    .or(self.layout.col("dcontext").map(|c| c as u32));
                internal.saw(call.source.row, col);
            }
            cx.record(Some(call.start.date()));
            cx.data.calls.push(call);
        }
        internal.note(cx, &self.src);
        if let Some(first) = no_agent.first() {
            let col = self.agent_col.or(self.layout.col("channel")).map(|c| c as u32);
            cx.warn(
                &self.src,
                col,
                *first,
                msg!(
                    "cdr.no_agent_outbound",
                    count = no_agent.len(),
                    columns = self.layout.fields().join(", ")
                ),
            );
        }
        let [inbound, outbound, internal_n] = by_context;
        if self.rule == DirectionRule::Context && inbound + outbound + internal_n > 0 {
            cx.notes.push(if outbound + internal_n == 0 {
                msg!("cdr.all_inbound", inbound = inbound)
            } else {
                msg!(
                    "cdr.by_context",
                    placed = outbound + internal_n,
                    outbound = outbound,
                    internal = internal_n,
                    inbound = inbound
                )
            });
        }
    }
}

impl CdrRows {
    /// One call from its legs (in start order); `None` for an outbound call
    /// naming no agent.
    fn call(
        &mut self,
        legs: &[&Leg],
        key: Option<&str>,
        by_context: &mut [usize; 3],
        keys: &mut PersonKeys,
    ) -> Option<Call> {
        let first = legs[0];
        let start = first.start;
        let end = legs.iter().map(|l| l.end).max().unwrap_or(start);
        let direction = match legs.iter().find_map(|l| l.direction) {
            Some(d) => d,
            None => match self.rule {
                DirectionRule::Setting(d) | DirectionRule::AgentColumn(d) => d,
                DirectionRule::Context => {
                    let d = if !from_extension(&first.context) {
                        CallDirection::Inbound
                    } else if first.dst.as_deref().is_some_and(outside_number) {
                        CallDirection::Outbound
                    } else {
                        CallDirection::Internal
                    };
                    by_context[match d {
                        CallDirection::Inbound => 0,
                        CallDirection::Outbound => 1,
                        CallDirection::Internal => 2,
                    }] += 1;
                    d
                }
            },
        };
        let talk_all: u32 = legs.iter().map(|l| l.billsec).sum();
        let secs =
            |a: NaiveDateTime, b: NaiveDateTime| u32::try_from((b - a).num_seconds().max(0)).unwrap_or(0);
        let (agent, talk, wait, status, main) = match direction {
            CallDirection::Inbound => {
                let agent_legs: Vec<&&Leg> = legs.iter().filter(|l| l.agent.is_some()).collect();
                let answered: Vec<&&Leg> = agent_legs.iter().copied().filter(|l| l.answered).collect();
                let queued = legs
                    .iter()
                    .find(|l| l.queue || l.agent.is_some())
                    .map_or(start, |l| l.start);
                if let Some(first_answer) = answered.first() {
                    let main = answered.iter().copied().fold(*first_answer, |m, l| {
                        if l.billsec > m.billsec {
                            l
                        } else {
                            m
                        }
                    });
                    let picked_up = first_answer
                        .answer
                        .unwrap_or_else(|| first_answer.end - Duration::seconds(first_answer.billsec.into()));
                    let talk = answered.iter().map(|l| l.billsec).sum();
                    (
                        main.agent.clone(),
                        talk,
                        secs(queued, picked_up),
                        CallStatus::Answered,
                        *main,
                    )
                } else if let Some(rang) = agent_legs.first() {
                    (
                        rang.agent.clone(),
                        0,
                        secs(queued, end),
                        CallStatus::Missed,
                        **rang,
                    )
                } else {
                    (None, 0, secs(queued, end), CallStatus::Abandoned, first)
                }
            }
            CallDirection::Outbound | CallDirection::Internal => {
                let caller = match self.agent_col {
                    Some(_) => first.agent.clone(),
                    None => first.caller_peer.clone().or_else(|| first.src.clone()),
                };
                if caller.is_none() && direction == CallDirection::Outbound {
                    return None;
                }
                let answered = legs.iter().any(|l| l.answered);
                let ring = legs.iter().find(|l| l.answered).map_or(secs(start, end), |l| {
                    secs(
                        start,
                        l.answer.unwrap_or(l.end - Duration::seconds(l.billsec.into())),
                    )
                });
                (
                    caller,
                    talk_all,
                    ring,
                    if answered {
                        CallStatus::Answered
                    } else {
                        CallStatus::Missed
                    },
                    first,
                )
            }
        };
        Some(Call {
            call_id: key.map(ShortText::new),
            agent: keys.get(agent.as_deref(), None),
            start,
            talk_seconds: talk,
            wait_seconds: Some(wait),
            direction,
            status,
            kind: CallKind::Business,
            caller: first.src.as_deref().map(ShortText::new),
            callee: first.dst.as_deref().map(ShortText::new),
            source: Source {
                sheet: self.src.clone(),
                row: main.row,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_cdr_fields_in_any_spelling() {
        assert_eq!(field_of("Dest. Channel"), Some("dstchannel"));
        assert_eq!(field_of("Log Userfield"), Some("userfield"));
        assert_eq!(field_of("calldate"), Some("start"));
        assert_eq!(field_of("Talk Time"), Some("billsec"));
        assert_eq!(field_of("Caller Name"), None);
        let names: Vec<String> = ["calldate", "src", "dst", "disposition", "billsec", "uniqueid"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let l = Layout::from_names(&names).expect("a CDR");
        assert_eq!(l.col("uniqueid"), Some(5));
        let not: Vec<String> = ["Call Id", "Agent", "Date", "Time"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(Layout::from_names(&not).is_none());
    }

    #[test]
    fn extension_contexts_and_outside_numbers() {
        assert!(from_extension("from-internal"));
        assert!(from_extension("outbound-route-4"));
        assert!(!from_extension("from-pstn"));
        assert!(!from_extension("ext-did-1"));
        assert!(outside_number("13800000001"));
        assert!(outside_number("+8613800000001"));
        assert!(!outside_number("112"));
        assert!(!outside_number("*60"));
    }
}
