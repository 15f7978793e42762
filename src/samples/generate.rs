//! Builds the sample records in memory: the story's tables ([`super::story`]) for
//! everything special, the seeded PRNG ([`super::rng`]) for ordinary days.

use std::collections::BTreeMap;

use anyhow::{anyhow, bail, Context};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::rng::Rng;
use super::story::{self, Agent, AGENTS};

/// The year every `(month, day)` in the story belongs to.
const YEAR: i32 = 2026;

/// The hotline customers call and outbound calls show.
const HOTLINE: &str = "4006018899";

/// A day of 2026 from a story table.
pub(crate) fn day((month, d): (u32, u32)) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(YEAR, month, d).ok_or_else(|| anyhow!("story date {month}-{d} does not exist"))
}

/// A time of day from a story table.
fn hm((h, m): (u32, u32)) -> anyhow::Result<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(|| anyhow!("story time {h}:{m} does not exist"))
}

/// The agent with this 工号.
pub(crate) fn agent(id: &str) -> anyhow::Result<&'static Agent> {
    AGENTS
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| anyhow!("story names unknown agent {id}"))
}

/// A shift's start and end on a day (the end is the next day when it is not after the start).
pub(crate) fn shift_bounds(code: &str, date: NaiveDate) -> anyhow::Result<(NaiveDateTime, NaiveDateTime)> {
    let (_, start, end) = story::SHIFTS
        .iter()
        .find(|(c, _, _)| *c == code)
        .ok_or_else(|| anyhow!("story uses unknown shift {code}"))?;
    let start = date.and_time(hm(*start)?);
    let mut end = date.and_time(hm(*end)?);
    if end <= start {
        end += Duration::days(1);
    }
    Ok((start, end))
}

/// Every day of the months the story covers.
pub(crate) fn all_days() -> anyhow::Result<Vec<NaiveDate>> {
    let mut days = Vec::new();
    for (y, m) in story::MONTHS {
        let mut d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(|| anyhow!("bad month {y}-{m}"))?;
        while d.month() == m {
            days.push(d);
            d += Duration::days(1);
        }
    }
    Ok(days)
}

/// The schedule code for an agent on a day: a shift code or [`story::REST`].
pub(crate) fn schedule_code(a: &Agent, date: NaiveDate) -> &'static str {
    if date.weekday() == a.rest_weekday {
        let occurrence = (date.day() - 1) / 7; // 0 for the first such weekday of the month
        let rests_every_time = story::EXTRA_REST
            .iter()
            .any(|(id, month)| *id == a.id && *month == date.month());
        if occurrence < 4 || rests_every_time {
            return story::REST;
        }
    }
    let mut shift = a.shift;
    for (id, from, code) in story::SHIFT_CHANGES {
        if id == a.id && (date.month(), date.day()) >= from {
            shift = code;
        }
    }
    shift
}

/// One row of the long-layout schedule.
#[derive(Debug, Clone)]
pub(crate) struct ScheduleRow {
    pub agent: &'static Agent,
    pub date: NaiveDate,
    pub code: &'static str,
}

/// One punch.
#[derive(Debug, Clone)]
pub(crate) struct PunchRow {
    pub agent: &'static Agent,
    pub at: NaiveDateTime,
    pub device: &'static str,
    pub result: &'static str,
}

/// An agent at work on one scheduled day, with the clock-in and clock-out punched.
#[derive(Debug, Clone)]
pub(crate) struct Presence {
    pub agent: &'static Agent,
    pub date: NaiveDate,
    pub shift: &'static str,
    pub clock_in: NaiveDateTime,
    /// `None` for a missing clock-out.
    pub clock_out: Option<NaiveDateTime>,
    /// The shift's scheduled end.
    pub end: NaiveDateTime,
}

/// One call-detail row.
#[derive(Debug, Clone)]
pub(crate) struct CallRow {
    pub id: String,
    pub agent: &'static Agent,
    pub start: NaiveDateTime,
    pub talk: u32,
    pub wait: u32,
    pub inbound: bool,
    pub status: &'static str,
    pub personal: bool,
    pub caller: String,
    pub callee: String,
}

/// One survey answer.
#[derive(Debug, Clone)]
pub(crate) struct SurveyRow {
    pub date: NaiveDate,
    pub agent: &'static Agent,
    pub score: u32,
    pub customer: String,
    pub channel: &'static str,
    pub comment: Option<&'static str>,
}

/// One service request.
#[derive(Debug, Clone)]
pub(crate) struct RequestRow {
    pub accepted: NaiveDateTime,
    pub first_response: Option<NaiveDateTime>,
    pub owner: &'static Agent,
    pub customer: &'static str,
    pub category: &'static str,
    pub onsite: Option<NaiveDateTime>,
}

/// Everything generated, before it is written as workbooks.
#[derive(Debug, Clone)]
pub(crate) struct Samples {
    pub schedule: Vec<ScheduleRow>,
    pub punches: Vec<PunchRow>,
    pub calls: Vec<CallRow>,
    pub surveys: Vec<SurveyRow>,
    pub requests: Vec<RequestRow>,
}

/// A leaver's 离职日期 ([`story::LEAVERS`]).
pub(crate) fn leave_date(id: &str) -> anyhow::Result<Option<NaiveDate>> {
    story::LEAVERS
        .iter()
        .find(|(who, _)| *who == id)
        .map(|(_, md)| day(*md))
        .transpose()
}

/// Whether the agent still works for the department on a day (not after 离职日期).
fn employed(id: &str, date: NaiveDate) -> bool {
    leave_date(id).ok().flatten().is_none_or(|l| date <= l)
}

/// Build every generated record. Fails when a story table contradicts the schedule
/// (a late arrival on a rest day, a leave on no working day, …).
pub(crate) fn build() -> anyhow::Result<Samples> {
    check_story()?;
    let schedule = build_schedule()?;
    let (presences, mut punches) = build_attendance(&schedule)?;
    let mut calls = build_calls(&presences)?;
    let mut surveys = build_surveys(&presences)?;
    let mut requests = build_requests(&presences)?;
    // A leaver leaves no record after 离职日期 (the schedule still names shifts).
    // Dropped after every draw, so everyone else's records stay as they were.
    punches.retain(|p| employed(p.agent.id, p.at.date()));
    calls.retain(|c| employed(c.agent.id, c.start.date()));
    surveys.retain(|s| employed(s.agent.id, s.date));
    requests.retain(|r| employed(r.owner.id, r.accepted.date()));
    Ok(Samples {
        schedule,
        punches,
        calls,
        surveys,
        requests,
    })
}

/// Is the agent on approved leave that day?
pub(crate) fn on_leave(id: &str, date: NaiveDate) -> anyhow::Result<bool> {
    for (who, from, to, _, _) in story::LEAVES {
        if who == id && day(from)? <= date && date <= day(to)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Every special case must fall on a day where it makes sense.
fn check_story() -> anyhow::Result<()> {
    let working = |id: &str, md: (u32, u32), what: &str| -> anyhow::Result<()> {
        let a = agent(id)?;
        let date = day(md)?;
        if schedule_code(a, date) == story::REST {
            bail!("story: {what} of {id} on {date} falls on a rest day");
        }
        if on_leave(id, date)? {
            bail!("story: {what} of {id} on {date} falls on a leave day");
        }
        if story::ABSENCES.iter().any(|(w, d)| *w == id && *d == md) && what != "absence" {
            bail!("story: {what} of {id} on {date} falls on the absence");
        }
        Ok(())
    };
    for (id, md, _) in story::LATE_ARRIVALS {
        working(id, md, "late arrival")?;
    }
    for (id, md, _) in story::EARLY_LEAVES {
        working(id, md, "early leave")?;
    }
    for (id, md) in story::MISSING_CLOCK_OUTS {
        working(id, md, "missing clock-out")?;
    }
    for (id, md, _) in story::FORGOTTEN_PUNCHES {
        working(id, md, "forgotten punch")?;
        if !story::CORRECTIONS
            .iter()
            .any(|(w, d, _, _, approver)| *w == id && *d == md && !approver.is_empty())
        {
            bail!("story: the forgotten punch of {id} on {md:?} has no approved correction");
        }
    }
    for (id, md, _, _, _) in story::CORRECTIONS {
        working(id, md, "correction")?;
    }
    for (id, md) in story::LEAVERS {
        agent(id)?;
        let left = day(md)?;
        let story_days = story::LATE_ARRIVALS
            .iter()
            .map(|(w, d, _)| (*w, *d))
            .chain(story::CORRECTIONS.iter().map(|(w, d, _, _, _)| (*w, *d)))
            .chain(story::PERSONAL_CALLS.iter().map(|(w, d, _, _)| (*w, *d)));
        for (w, d) in story_days {
            if w == id && day(d)? > left {
                bail!("story: {id} has an event on {d:?}, after leaving on {md:?}");
            }
        }
    }
    for (id, md) in story::ABSENCES {
        working(id, md, "absence")?;
    }
    for (id, md, _, _) in story::PERSONAL_CALLS {
        working(id, md, "personal call")?;
    }
    for (id, md, _, _, _, _) in story::SPLIT_CALLS {
        working(id, md, "split call")?;
    }
    for (id, md, _) in story::REST_DAY_PUNCHES {
        if schedule_code(agent(id)?, day(md)?) != story::REST {
            bail!("story: rest-day punch of {id} on {md:?} is not on a rest day");
        }
    }
    for (id, from, to, _, _) in story::LEAVES {
        let a = agent(id)?;
        let mut d = day(from)?;
        let mut scheduled = 0;
        while d <= day(to)? {
            if schedule_code(a, d) != story::REST {
                scheduled += 1;
            }
            d += Duration::days(1);
        }
        if scheduled == 0 {
            bail!("story: leave of {id} from {from:?} covers no scheduled day");
        }
    }
    Ok(())
}

fn build_schedule() -> anyhow::Result<Vec<ScheduleRow>> {
    let mut rows = Vec::new();
    for a in &AGENTS {
        for date in all_days()? {
            rows.push(ScheduleRow {
                agent: a,
                date,
                code: schedule_code(a, date),
            });
        }
    }
    Ok(rows)
}

/// The story's value for an agent on a day, if any.
fn scenario<T: Copy>(table: &[(&str, (u32, u32), T)], id: &str, date: NaiveDate) -> Option<T> {
    table
        .iter()
        .find(|(w, md, _)| *w == id && *md == (date.month(), date.day()))
        .map(|(_, _, v)| *v)
}

fn listed(table: &[(&str, (u32, u32))], id: &str, date: NaiveDate) -> bool {
    table
        .iter()
        .any(|(w, md)| *w == id && *md == (date.month(), date.day()))
}

/// The attendance machine at the department's door.
const DEVICE: &str = "客服部考勤机";
/// Punches on the phone app (the rest-day punch).
const DEVICE_APP: &str = "钉钉手机打卡";

fn build_attendance(schedule: &[ScheduleRow]) -> anyhow::Result<(Vec<Presence>, Vec<PunchRow>)> {
    let mut rng = Rng::new("punches");
    let mut presences = Vec::new();
    let mut punches = Vec::new();
    // Day by day, agent by agent, so the PRNG's draws follow the calendar.
    let mut by_day: BTreeMap<NaiveDate, Vec<&ScheduleRow>> = BTreeMap::new();
    for row in schedule {
        by_day.entry(row.date).or_default().push(row);
    }
    for (date, rows) in by_day {
        for row in rows {
            let a = row.agent;
            if row.code == story::REST {
                if let Some(t) = scenario(&story::REST_DAY_PUNCHES, a.id, date) {
                    punches.push(PunchRow {
                        agent: a,
                        at: date.and_time(hm(t)?),
                        device: DEVICE_APP,
                        result: "无排班",
                    });
                }
                continue;
            }
            if on_leave(a.id, date)? || listed(&story::ABSENCES, a.id, date) {
                continue;
            }
            let (start, end) = shift_bounds(row.code, date)?;
            // Clock-in: late by the story's minutes (seconds 00), else 2–25 minutes early.
            let (clock_in, in_result) = match scenario(&story::LATE_ARRIVALS, a.id, date) {
                Some(minutes) => (start + Duration::minutes(i64::from(minutes)), "迟到"),
                None => (start - Duration::seconds(i64::from(rng.range(120, 1500))), "正常"),
            };
            // Clock-out: missing, early by the story's minutes, or after the end
            // (晚班 01:01–01:15, other shifts 1–30 minutes after the end).
            let night = row.code == "晚班";
            let after = if night {
                let (lo, hi) = story::NIGHT_CLOCK_OUT_MINUTES_AFTER_END;
                rng.range(lo * 60, hi * 60 + 59)
            } else {
                rng.range(60, 1800)
            };
            let clock_out = if listed(&story::MISSING_CLOCK_OUTS, a.id, date) {
                None
            } else if let Some(minutes) = scenario(&story::EARLY_LEAVES, a.id, date) {
                Some((end - Duration::minutes(i64::from(minutes)), "早退"))
            } else {
                Some((end + Duration::seconds(i64::from(after)), "正常"))
            };
            // A forgotten punch is left out of the export (after every draw, so
            // the rest of the samples stay as they were); the 补卡登记 has it.
            let forgotten = scenario(&story::FORGOTTEN_PUNCHES, a.id, date);
            if forgotten != Some(true) {
                punches.push(PunchRow {
                    agent: a,
                    at: clock_in,
                    device: DEVICE,
                    result: in_result,
                });
            }
            if let Some((at, result)) = clock_out.filter(|_| forgotten != Some(false)) {
                punches.push(PunchRow {
                    agent: a,
                    at,
                    device: DEVICE,
                    result,
                });
            }
            presences.push(Presence {
                agent: a,
                date,
                shift: row.code,
                clock_in,
                clock_out: clock_out.map(|(at, _)| at),
                end,
            });
        }
    }
    punches.sort_by(|x, y| (x.at, x.agent.id).cmp(&(y.at, y.agent.id)));
    Ok((presences, punches))
}

/// Mobile-number prefixes for invented customers.
const MOBILE_PREFIXES: [&str; 16] = [
    "138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188", "189", "177",
    "199",
];

/// A numbers nobody will dial: the personal calls' callees.
const PERSONAL_NUMBERS: [&str; 3] = ["13912345678", "15887654321", "18611223344"];

/// A call before it gets its 通话ID: one leg, or two for a split call.
struct PendingCall {
    agent: &'static Agent,
    legs: Vec<(NaiveDateTime, u32, u32)>,
    inbound: bool,
    status: &'static str,
    personal: bool,
    customer: String,
}

fn build_calls(presences: &[Presence]) -> anyhow::Result<Vec<CallRow>> {
    let mut rng = Rng::new("calls");
    let customers: Vec<String> = (0..4000)
        .map(|_| format!("{}{:08}", rng.pick(&MOBILE_PREFIXES), rng.range(0, 99_999_999)))
        .collect();
    let mut pending = Vec::new();
    for p in presences {
        let a = p.agent;
        let from = p.clock_in + Duration::minutes(2);
        let until = p.clock_out.unwrap_or(p.end).min(p.end) - Duration::minutes(2);
        let span = u32::try_from((until - from).num_seconds().max(0)).unwrap_or(0);
        let (lo, hi) = a.calls_per_day;
        for _ in 0..rng.range(lo, hi) {
            let start = from + Duration::seconds(i64::from(rng.range(0, span)));
            let customer = rng.pick(&customers).clone();
            let (inbound, status, wait, talk) = if rng.percent(75) {
                match rng.weighted(&[88, 8, 4]) {
                    0 => {
                        // Answered: most within 20 s, a tail up to 3 minutes.
                        let wait = if rng.percent(86) {
                            rng.range(1, 19)
                        } else {
                            rng.range(20, 180)
                        };
                        (true, "接通", wait, rng.range(30, 240) + rng.range(0, 300))
                    }
                    1 => (true, "放弃", rng.range(8, 95), 0),
                    _ => (true, "未接", rng.range(20, 45), 0),
                }
            } else if rng.percent(72) {
                (false, "接通", 0, rng.range(20, 180) + rng.range(0, 200))
            } else {
                (false, "未接", 0, 0)
            };
            pending.push(PendingCall {
                agent: a,
                legs: vec![(start, wait, talk)],
                inbound,
                status,
                personal: false,
                customer,
            });
        }
    }
    for (i, (id, md, t, talk)) in story::PERSONAL_CALLS.iter().enumerate() {
        pending.push(PendingCall {
            agent: agent(id)?,
            legs: vec![(day(*md)?.and_time(hm(*t)?), 0, *talk)],
            inbound: false,
            status: "接通",
            personal: true,
            customer: PERSONAL_NUMBERS[i % PERSONAL_NUMBERS.len()].to_string(),
        });
    }
    for (id, md, t, wait, first, second) in story::SPLIT_CALLS {
        let start = day(md)?.and_time(hm(t)?);
        let resume = start + Duration::seconds(i64::from(wait + first));
        pending.push(PendingCall {
            agent: agent(id)?,
            legs: vec![(start, wait, first), (resume, 0, second)],
            inbound: true,
            status: "接通",
            personal: false,
            customer: rng.pick(&customers).clone(),
        });
    }
    pending.sort_by(|x, y| (x.legs[0].0, x.agent.id).cmp(&(y.legs[0].0, y.agent.id)));
    let mut rows = Vec::with_capacity(pending.len() + story::SPLIT_CALLS.len());
    let mut seq_of_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for call in pending {
        let first_start = call.legs[0].0;
        let seq = seq_of_day.entry(first_start.date()).or_insert(0);
        *seq += 1;
        let id = format!("C{}{:04}", first_start.format("%y%m%d"), seq);
        let extension = format!("8{}", &call.agent.id[1..]);
        for (start, wait, talk) in &call.legs {
            let (caller, callee) = if call.inbound {
                (call.customer.clone(), HOTLINE.to_string())
            } else if call.personal {
                (extension.clone(), call.customer.clone())
            } else {
                (HOTLINE.to_string(), call.customer.clone())
            };
            rows.push(CallRow {
                id: id.clone(),
                agent: call.agent,
                start: *start,
                talk: *talk,
                wait: *wait,
                inbound: call.inbound,
                status: call.status,
                personal: call.personal,
                caller,
                callee,
            });
        }
    }
    Ok(rows)
}

/// Survey score weights `[1, 2, 3, 4, 5]` per agent; agents not listed use
/// [`DEFAULT_SCORE_WEIGHTS`]. K002 scores lowest, K003 and K011 highest.
const SCORE_WEIGHTS: [(&str, [u32; 5]); 4] = [
    ("K002", [7, 9, 20, 34, 30]),
    ("K003", [1, 1, 6, 28, 64]),
    ("K011", [1, 1, 5, 27, 66]),
    ("K012", [3, 6, 16, 40, 35]),
];
const DEFAULT_SCORE_WEIGHTS: [u32; 5] = [2, 3, 10, 37, 48];

/// Comments by score band: poor (1–2), middling (3), good (4–5).
const COMMENTS_POOR: [&str; 6] = [
    "等了很久才接通，问题也没解决",
    "客服态度冷淡，说话不耐烦",
    "答应回电但一直没有回电",
    "转了好几次电话，每个人说法都不一样",
    "报修三天了还没人上门",
    "解释不清楚收费标准",
];
const COMMENTS_MIDDLING: [&str; 4] = [
    "问题解决了，但等待时间有点长",
    "一般，希望下次能一次说清楚",
    "回复还算及时",
    "流程有点复杂",
];
const COMMENTS_GOOD: [&str; 5] = [
    "服务很耐心，谢谢",
    "处理很快，非常满意",
    "解释得很清楚",
    "上门很准时",
    "态度好，专业",
];
const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
];
const CHANNELS: [&str; 3] = ["电话回访", "短信", "微信"];

fn build_surveys(presences: &[Presence]) -> anyhow::Result<Vec<SurveyRow>> {
    let mut rng = Rng::new("surveys");
    let mut rows = Vec::new();
    for p in presences {
        let a = p.agent;
        let count = if a.calls_per_day.1 < 30 {
            u32::from(rng.percent(20))
        } else {
            rng.range(0, 2)
        };
        let weights = SCORE_WEIGHTS
            .iter()
            .find(|(id, _)| *id == a.id)
            .map_or(DEFAULT_SCORE_WEIGHTS, |(_, w)| *w);
        for _ in 0..count {
            let score = u32::try_from(rng.weighted(&weights)).unwrap_or(0) + 1;
            let comment = match score {
                1 | 2 => Some(*rng.pick(&COMMENTS_POOR)),
                3 if rng.percent(50) => Some(*rng.pick(&COMMENTS_MIDDLING)),
                4 | 5 if rng.percent(15) => Some(*rng.pick(&COMMENTS_GOOD)),
                _ => None,
            };
            let title = if rng.percent(50) { "先生" } else { "女士" };
            let customer = format!("{}{}", rng.pick(&SURNAMES), title);
            let channel = *rng.pick(&CHANNELS);
            rows.push(SurveyRow {
                date: p.date,
                agent: a,
                score,
                customer,
                channel,
                comment,
            });
        }
    }
    rows.sort_by(|x, y| (x.date, x.agent.id).cmp(&(y.date, y.agent.id)));
    Ok(rows)
}

/// Invented client companies.
const CLIENTS: [&str; 10] = [
    "华东建材有限公司",
    "恒信物业管理有限公司",
    "宏达机电设备有限公司",
    "绿源食品有限公司",
    "新星科技有限公司",
    "瑞丰酒店管理有限公司",
    "金桥物流有限公司",
    "博雅教育咨询有限公司",
    "安泰医疗器械有限公司",
    "海润置业有限公司",
];
/// Request categories; the on-site ones get a 到场时间.
const CATEGORIES: [&str; 5] = ["咨询", "报修", "投诉处理", "上门维修", "安装调试"];
const ONSITE_CATEGORIES: [&str; 2] = ["上门维修", "安装调试"];

fn build_requests(presences: &[Presence]) -> anyhow::Result<Vec<RequestRow>> {
    let mut rng = Rng::new("service_requests");
    let mut by_day: BTreeMap<NaiveDate, Vec<&'static Agent>> = BTreeMap::new();
    for p in presences.iter().filter(|p| p.shift != "晚班") {
        by_day.entry(p.date).or_default().push(p.agent);
    }
    let mut rows = Vec::new();
    let mut push =
        |rng: &mut Rng, owner: &'static Agent, accepted: NaiveDateTime, response: Option<NaiveDateTime>| {
            let category = *rng.pick(&CATEGORIES);
            let onsite = match response {
                Some(r) if ONSITE_CATEGORIES.contains(&category) => {
                    Some(r + Duration::minutes(i64::from(rng.range(120, 2880))))
                }
                _ => None,
            };
            let customer = *rng.pick(&CLIENTS);
            rows.push(RequestRow {
                accepted,
                first_response: response,
                owner,
                customer,
                category,
                onsite,
            });
        };
    for (date, agents) in &by_day {
        for _ in 0..rng.range(0, 2) {
            let owner = *rng.pick(agents);
            let accepted = date.and_time(NaiveTime::MIN)
                + Duration::minutes(i64::from(rng.range(8 * 60 + 40, 17 * 60)))
                + Duration::seconds(i64::from(rng.range(0, 59)));
            // Within SLA-1: 10 minutes to 20 hours.
            let response = accepted + Duration::minutes(i64::from(rng.range(10, 20 * 60)));
            push(&mut rng, owner, accepted, Some(response));
        }
    }
    for (id, md, t, hours) in story::SLA_BREACHES {
        let accepted = day(md)?.and_time(hm(t)?);
        let response = hours.map(|h| accepted + Duration::hours(i64::from(h)) + Duration::minutes(17));
        push(&mut rng, agent(id)?, accepted, response);
    }
    rows.sort_by(|x, y| (x.accepted, x.owner.id).cmp(&(y.accepted, y.owner.id)));
    Ok(rows)
}

/// A date for the roster's 入职日期.
pub(crate) fn hire_date(a: &Agent) -> anyhow::Result<NaiveDate> {
    let (y, m, d) = a.hired;
    NaiveDate::from_ymd_opt(y, m, d).with_context(|| format!("bad hire date of {}", a.id))
}

/// The roster's 邮箱: `<工号 in lower case>@example.com`.
pub(crate) fn email(a: &Agent) -> String {
    format!("{}@example.com", a.id.to_lowercase())
}

/// The roster's 身份证后六位, the password of the agent's mailed notice: six
/// digits (a day of the month, a three-digit sequence, a check digit) made from
/// the agent's place on the roster, so no real number is ever printed. Some
/// begin with 0: the column is text, and the zero is kept.
pub(crate) fn id_card_tail(index: usize) -> String {
    let day = (index * 7 + 3) % 28 + 1;
    let seq = (index * 137 + 41) % 1000;
    let digits = format!("{day:02}{seq:03}");
    let check: u32 = digits
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip([7u32, 9, 10, 5, 8])
        .map(|(d, w)| d * w)
        .sum::<u32>()
        % 10;
    format!("{digits}{check}")
}
