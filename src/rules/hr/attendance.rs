//! Attendance evaluation (ATT-1…7): for every employee and every day of a period,
//! the scheduled shift, the punches that belong to it, and what they show.
//!
//! Punches are assigned to the shift whose window holds them (from
//! `punch_window_before_hours` before the start to `punch_window_after_hours`
//! after the end, ATT-4), so a 00:58 punch closes the previous evening's 晚班.
//! Where two windows overlap the shift with the nearer boundary (start or end)
//! wins. Within a shift the first punch is the clock-in and the last the
//! clock-out; a lone punch is a clock-in when it is nearer the start than the
//! end, otherwise a clock-out. A missing clock-out is therefore never filled by
//! the next day's punch: that punch is nearer the next shift's start.
//!
//! Days before 入职日期 or after 离职日期 are not working days whatever the
//! schedule says (ATT-6, [`super::employment`]); an approved punch correction
//! is a punch like any other, and a day it changed keeps what it would have
//! been without it (ATT-7, [`super::corrections`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::model::Period;
use crate::model::{Dataset, Employee, Leave, Punch, PunchCorrection, ScheduleEntry, Source};
use crate::model::{KeyResolver, Roster};
use crate::rules::catalog::Rule;
use crate::rules::hr::corrections::{
    outcome_differs, outcome_words, CorrectionEffect, CorrectionRef, UnapprovedCorrection,
};
use crate::rules::hr::employment::{outside_issues, status_without_date, Employment, Outside};
use crate::rules::hr::quality::{unresolved_message, DataIssue};
use crate::rules::ledger::SourceCell;

/// Where a shift-day's shift code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftOrigin {
    /// The 排班表.
    Schedule,
    /// The roster's 班次 column (the schedule is silent for that day).
    RosterDefault,
    /// The config's `shifts.default_shift` (neither schedule nor roster names one).
    ConfigDefault,
}

impl ShiftOrigin {
    /// 排班表 / 花名册所列班次 / 统一班次, in the words the manual's 班次时间 clause uses.
    pub fn label(self) -> &'static str {
        match self {
            ShiftOrigin::Schedule => "排班表",
            ShiftOrigin::RosterDefault => "花名册所列班次（排班表未排）",
            ShiftOrigin::ConfigDefault => "统一班次（排班表和花名册均未指定）",
        }
    }
}

/// What a shift-day amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    /// A scheduled shift with at least one punch.
    Worked,
    /// 旷工: scheduled, no punch, no approved leave.
    Absent,
    /// On approved leave.
    Leave,
    /// A rest day (休).
    Rest,
    /// The schedule names a shift code the config does not know; not evaluated.
    UnknownShift,
    /// Before the employee's 入职日期 (ATT-6): not a working day.
    BeforeHire,
    /// After the employee's 离职日期 (ATT-6): not a working day.
    AfterLeaving,
}

impl DayStatus {
    /// 出勤 / 旷工 / 请假 / 休息 / 班次未知 / 未入职 / 已离职.
    pub fn label(self) -> &'static str {
        match self {
            DayStatus::Worked => "出勤",
            DayStatus::Absent => "旷工",
            DayStatus::Leave => "请假",
            DayStatus::Rest => "休息",
            DayStatus::UnknownShift => "班次未知",
            DayStatus::BeforeHire => "未入职",
            DayStatus::AfterLeaving => "已离职",
        }
    }

    /// Whether the day lies outside the employee's employment (ATT-6).
    pub fn is_outside_employment(self) -> bool {
        matches!(self, DayStatus::BeforeHire | DayStatus::AfterLeaving)
    }
}

/// A punch as used by a shift-day: its time and its record; an approved
/// correction (补卡, ATT-7) is one too.
///
/// The record's row is kept, not its [`SourceCell`]: the cell's field follows
/// from whether the punch is a correction ([`PunchRef::cell`]), and a month holds
/// two of these on every shift-day.
#[derive(Debug, Clone)]
pub struct PunchRef {
    /// When.
    pub at: NaiveDateTime,
    /// The punch's row in the 打卡记录 (a correction's row in the 补卡登记).
    pub source: Source,
    /// The approval, when the punch is a correction from the 补卡登记.
    pub correction: Option<Box<CorrectionRef>>,
}

impl PunchRef {
    fn of(p: &Punch) -> PunchRef {
        PunchRef {
            at: p.at,
            source: p.source.clone(),
            correction: None,
        }
    }

    fn corrected(c: &PunchCorrection, approval: CorrectionRef) -> PunchRef {
        PunchRef {
            at: c.at,
            source: c.source.clone(),
            correction: Some(Box::new(approval)),
        }
    }

    /// The 打卡时间 cell (a correction's 补卡时间 cell).
    pub fn cell(&self) -> SourceCell {
        let field = if self.is_correction() {
            "补卡时间"
        } else {
            "打卡时间"
        };
        SourceCell::new(&self.source, field)
    }

    /// The punch in words: `08:37:00 打卡`, or for a correction
    /// `补卡 08:25，审批人 王芳，原因 忘带工牌`.
    pub fn words(&self) -> String {
        match &self.correction {
            None => format!("{} 打卡", self.at.format("%H:%M:%S")),
            Some(c) => {
                let time = if self.at.second() == 0 {
                    self.at.format("%H:%M")
                } else {
                    self.at.format("%H:%M:%S")
                };
                format!("补卡 {time}，{}", c.words())
            }
        }
    }

    /// Whether the punch is an approved correction.
    pub fn is_correction(&self) -> bool {
        self.correction.is_some()
    }
}

impl Serialize for PunchRef {
    /// `at`, `cell` and `correction`, as when the cell was a field.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PunchRef", 3)?;
        st.serialize_field("at", &self.at)?;
        st.serialize_field("cell", &self.cell())?;
        st.serialize_field("correction", &self.correction)?;
        st.end()
    }
}

/// An approved leave covering a shift-day.
#[derive(Debug, Clone, Serialize)]
pub struct LeaveRef {
    /// 类型 (事假, 病假, …), if given.
    pub kind: Option<String>,
    /// 审批人, if given.
    pub approver: Option<String>,
    /// The leave row's 开始日期 cell.
    pub cell: SourceCell,
}

/// One employee on one day of the period.
///
/// A month holds one of these per employee and day, so its text is shared: the
/// 工号 by the employee's days, a shift code by every day on that shift.
#[derive(Debug, Clone, Serialize)]
pub struct ShiftDay {
    /// 工号.
    #[serde(serialize_with = "serialize_text")]
    pub employee_id: Arc<str>,
    /// The day the shift starts on.
    pub date: NaiveDate,
    /// Shift code (常规, 白班, 晚班, 常班, 休, …).
    #[serde(serialize_with = "serialize_text")]
    pub shift: Arc<str>,
    /// Where the shift code came from.
    pub origin: ShiftOrigin,
    /// The schedule's row for the day, when the schedule has one (its 班次 cell
    /// is [`ShiftDay::schedule_cell`]).
    #[serde(rename = "schedule_cell", serialize_with = "serialize_schedule_cell")]
    pub schedule: Option<Source>,
    /// What the day amounts to.
    pub status: DayStatus,
    /// Shift start, for a work shift.
    pub start: Option<NaiveDateTime>,
    /// Shift end (the next day for 晚班), for a work shift.
    pub end: Option<NaiveDateTime>,
    /// The clock-in punch.
    pub clock_in: Option<PunchRef>,
    /// The clock-out punch.
    pub clock_out: Option<PunchRef>,
    /// Punches between clock-in and clock-out, and punches on a rest day.
    pub other_punches: Vec<PunchRef>,
    /// Minutes late (0 when on time or within the grace minutes).
    pub late_minutes: u32,
    /// Minutes left before the shift's end.
    pub early_leave_minutes: u32,
    /// 缺卡: no clock-in on a worked day.
    pub missing_in: bool,
    /// 缺卡: no clock-out on a worked day.
    pub missing_out: bool,
    /// ATT-4: minutes served after a 晚班's end (never a fault).
    pub extended_minutes: u32,
    /// The approved leave, on a leave day.
    pub leave: Option<Box<LeaveRef>>,
    /// What approved corrections (ATT-7) changed, when the day would have been
    /// judged otherwise without them.
    pub corrected: Option<Box<CorrectionEffect>>,
    /// Punch cells of this day that could not be read, described (see
    /// [`Attendance::mark_unreadable`]): named instead of 缺卡 or 旷工.
    pub unreadable: Box<[String]>,
}

fn serialize_text<S: serde::Serializer>(text: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text)
}

fn serialize_schedule_cell<S: serde::Serializer>(row: &Option<Source>, s: S) -> Result<S::Ok, S::Error> {
    row.as_ref().map(|r| SourceCell::new(r, "班次")).serialize(s)
}

impl ShiftDay {
    /// The schedule's 班次 cell for the day, when the schedule has one.
    pub fn schedule_cell(&self) -> Option<SourceCell> {
        self.schedule.as_ref().map(|r| SourceCell::new(r, "班次"))
    }

    /// Whether the employee arrived late.
    pub fn is_late(&self) -> bool {
        self.late_minutes > 0
    }

    /// Whether the employee left early.
    pub fn is_early_leave(&self) -> bool {
        self.early_leave_minutes > 0
    }

    /// Number of missing punches (0, 1 or 2… a worked day has at most one).
    pub fn missing_punches(&self) -> u32 {
        u32::from(self.missing_in) + u32::from(self.missing_out)
    }

    /// Whether the day is a scheduled working day (not rest, shift known).
    pub fn is_work_day(&self) -> bool {
        matches!(
            self.status,
            DayStatus::Worked | DayStatus::Absent | DayStatus::Leave
        )
    }

    /// Everything notable about the day, in Chinese, in a fixed order.
    pub fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.origin != ShiftOrigin::Schedule {
            out.push(format!("班次取自{}", self.origin.label()));
        }
        // A punch that could not be read is named, never reported as missing.
        let unread = !self.unreadable.is_empty();
        out.extend(self.unreadable.iter().cloned());
        match self.status {
            DayStatus::Absent if unread => {}
            DayStatus::Absent => out.push("旷工（排班无打卡、无批准请假）".into()),
            DayStatus::Leave => {
                let kind = self
                    .leave
                    .as_ref()
                    .and_then(|l| l.kind.clone())
                    .unwrap_or_else(|| "请假".into());
                out.push(format!("批准请假（{kind}），不计旷工"));
            }
            DayStatus::Rest if !self.other_punches.is_empty() => out.push(format!(
                "休息日打卡 {}\u{a0}次（不计出勤）",
                self.other_punches.len()
            )),
            DayStatus::UnknownShift => out.push(format!("班次“{}”不在班次时间表中，未评定考勤", self.shift)),
            DayStatus::BeforeHire | DayStatus::AfterLeaving if !self.other_punches.is_empty() => {
                out.push(format!(
                    "{}打卡 {}\u{a0}次（不计出勤）",
                    if self.status == DayStatus::BeforeHire {
                        "入职前"
                    } else {
                        "离职后"
                    },
                    self.other_punches.len()
                ))
            }
            _ => {}
        }
        if self.late_minutes > 0 {
            out.push(format!("迟到 {}\u{a0}分钟", self.late_minutes));
        }
        if self.early_leave_minutes > 0 {
            out.push(format!("早退 {}\u{a0}分钟", self.early_leave_minutes));
        }
        if self.missing_in && !unread {
            out.push("缺卡（上班未打卡）".into());
        }
        if self.missing_out && !unread {
            out.push("缺卡（下班未打卡）".into());
        }
        if self.extended_minutes > 0 {
            out.push(format!(
                "晚班延长服务 {}\u{a0}分钟（不计违规）",
                self.extended_minutes
            ));
        }
        for p in self.corrections() {
            out.push(p.words());
        }
        if let Some(e) = &self.corrected {
            out.push(format!("无补卡则为{}", e.without));
        }
        out
    }

    /// Every punch the day uses, clock-in first, clock-out last.
    pub fn punches(&self) -> impl Iterator<Item = &PunchRef> {
        self.clock_in
            .iter()
            .chain(self.other_punches.iter())
            .chain(self.clock_out.iter())
    }

    /// The approved corrections the day uses (ATT-7).
    pub fn corrections(&self) -> impl Iterator<Item = &PunchRef> {
        self.punches().filter(|p| p.is_correction())
    }

    /// Whether [`ShiftDay::notes`] has anything.
    pub fn is_notable(&self) -> bool {
        !self.notes().is_empty()
    }
}

/// Rest days of one employee in a month, checked against ATT-5.
#[derive(Debug, Clone, Serialize)]
pub struct RestDayCheck {
    /// 工号.
    pub employee_id: String,
    /// Rest days the schedule gives in the period.
    pub rest_days: u32,
    /// Rest days the rule expects (only for a calendar month).
    pub expected: Option<u32>,
}

impl RestDayCheck {
    /// Whether the schedule gives a number other than the rule's.
    pub fn is_flagged(&self) -> bool {
        self.expected.is_some_and(|e| e != self.rest_days)
    }
}

/// The attendance findings of a period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Attendance {
    /// Every employee (roster order) × every day of the period.
    pub days: Vec<ShiftDay>,
    /// Rest-day counts per employee (roster order).
    pub rest_checks: Vec<RestDayCheck>,
    /// Records that could not be attributed.
    pub issues: Vec<DataIssue>,
    /// Corrections without 审批人 in the period (ATT-7): listed, never applied.
    pub unapproved: Vec<UnapprovedCorrection>,
}

/// A record of a roster employee that could not be read: a bad cell in a row
/// naming them (README, "Reliability").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadableCell {
    /// 工号 of the roster employee the row names.
    pub employee_id: String,
    /// The day the row concerns, when it could be read.
    pub date: Option<NaiveDate>,
    /// What the record is: 打卡记录, 排班表, 请假记录, ….
    pub record: &'static str,
    /// `file › sheet!C30`.
    pub location: String,
    /// Why it could not be read.
    pub message: String,
}

impl UnreadableCell {
    /// The record as a punch sheet names it.
    pub const PUNCH: &'static str = "打卡记录";

    /// `打卡记录 inputs/punches.xlsx › 打卡记录!C30 无法读取（…）`.
    pub fn describe(&self) -> String {
        format!("{} {} 无法读取（{}）", self.record, self.location, self.message)
    }
}

impl Attendance {
    /// The shift-days of one employee, in date order.
    pub fn days_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a ShiftDay> + 'a {
        self.days.iter().filter(move |d| &*d.employee_id == id)
    }

    /// Every late arrival, in employee then date order.
    pub fn late_arrivals(&self) -> impl Iterator<Item = &ShiftDay> {
        self.days.iter().filter(|d| d.is_late())
    }

    /// Number of late arrivals per 工号 (employees with none are absent from the map).
    pub fn late_counts(&self) -> BTreeMap<String, u32> {
        let mut m = BTreeMap::new();
        for d in self.late_arrivals() {
            *m.entry(d.employee_id.to_string()).or_insert(0) += 1;
        }
        m
    }
}

/// A work shift placed in time.
struct PlacedShift {
    date: NaiveDate,
    start: NaiveDateTime,
    end: NaiveDateTime,
    open: NaiveDateTime,
    close: NaiveDateTime,
}

/// The shift codes of the config (and the empty one), each made once and shared
/// by every shift-day on it; a code the config does not know is made per day.
struct ShiftCodes(BTreeMap<String, Arc<str>>);

impl ShiftCodes {
    fn of(config: &Config) -> ShiftCodes {
        let shifts = &config.shifts;
        let known = (shifts.table.keys().chain(&shifts.rest_codes))
            .map(String::as_str)
            .chain([shifts.default_shift.as_str(), ""])
            .map(|code| (code.to_string(), Arc::from(code)));
        ShiftCodes(known.collect())
    }

    fn get(&self, code: &str) -> Arc<str> {
        self.0.get(code).cloned().unwrap_or_else(|| Arc::from(code))
    }
}

/// What every employee's days are planned from: the schedule by 工号 and day,
/// and the shift codes.
struct Planning<'a> {
    schedule: BTreeMap<(&'a str, NaiveDate), &'a ScheduleEntry>,
    codes: ShiftCodes,
}

enum DayPlan<'a> {
    Work {
        code: Arc<str>,
        origin: ShiftOrigin,
        entry: Option<&'a ScheduleEntry>,
        shift: PlacedShift,
    },
    Rest {
        code: Arc<str>,
        origin: ShiftOrigin,
        entry: Option<&'a ScheduleEntry>,
    },
    Unknown {
        code: Arc<str>,
        entry: Option<&'a ScheduleEntry>,
    },
    /// Before 入职日期 or after 离职日期 (ATT-6), whatever the schedule says.
    Outside {
        side: Outside,
        /// The schedule's code, if any (not judged).
        code: Arc<str>,
        entry: Option<&'a ScheduleEntry>,
    },
}

fn ceil_minutes(d: Duration) -> u32 {
    let s = d.num_seconds().max(0);
    u32::try_from((s + 59) / 60).unwrap_or(u32::MAX)
}

/// Evaluate attendance for every roster employee over the period.
pub fn evaluate(data: &Dataset, config: &Config, period: &Period) -> Attendance {
    let roster = Roster::new(&data.employees);
    evaluate_with(&roster, data, config, period)
}

/// [`evaluate`] with a roster the caller already built.
pub fn evaluate_with(roster: &Roster<'_>, data: &Dataset, config: &Config, period: &Period) -> Attendance {
    let rules = &config.rules.attendance;
    let mut issues = Vec::new();
    let first = period.start.pred_opt().unwrap_or(period.start);
    let last = period.end.succ_opt().unwrap_or(period.end);

    // Schedule, punches and leaves by employee, unresolved ones to the issue list.
    let mut schedule: BTreeMap<(&str, NaiveDate), &ScheduleEntry> = BTreeMap::new();
    let mut keys = KeyResolver::new(roster);
    for e in &data.schedule {
        if e.date < first || e.date > last {
            continue;
        }
        match keys.resolve(&e.employee) {
            Ok(emp) => {
                if let Some(prev) = schedule.get(&(emp.id.as_str(), e.date)) {
                    if period.contains(e.date) {
                        issues.push(DataIssue::new(
                            Rule::Att1,
                            &e.source,
                            "班次",
                            format!(
                                "{} {} 在排班表中重复（先出现的 {} 为准）",
                                emp.id,
                                e.date,
                                SourceCell::new(&prev.source, "班次").locate()
                            ),
                        ));
                    }
                } else {
                    schedule.insert((emp.id.as_str(), e.date), e);
                }
            }
            Err(why) => {
                if period.contains(e.date) {
                    issues.push(DataIssue::new(
                        Rule::Att1,
                        &e.source,
                        "工号",
                        unresolved_message(&e.employee, &why),
                    ));
                }
            }
        }
    }
    let planning = Planning {
        schedule,
        codes: ShiftCodes::of(config),
    };
    let (punches, unapproved) = punches_by_employee(roster, data, period, (first, last), &mut issues);
    let mut leaves: BTreeMap<&str, Vec<&Leave>> = BTreeMap::new();
    for l in &data.leaves {
        if l.end < period.start || l.start > period.end {
            continue;
        }
        match roster.resolve(&l.employee) {
            Ok(emp) => leaves.entry(emp.id.as_str()).or_default().push(l),
            Err(why) => issues.push(DataIssue::new(
                Rule::Att3,
                &l.source,
                "工号",
                unresolved_message(&l.employee, &why),
            )),
        }
    }

    let mut days = Vec::with_capacity(roster.employees().len() * period.days().max(0) as usize);
    let mut rest_checks = Vec::new();
    let one = |emp: &Employee| {
        let emp_punches = punches.get(emp.id.as_str()).map_or(&[][..], Vec::as_slice);
        let emp_leaves = leaves.get(emp.id.as_str()).map_or(&[][..], Vec::as_slice);
        let (emp_days, emp_issues) = evaluate_employee(
            emp,
            &planning,
            (data, emp_punches),
            emp_leaves,
            config,
            period,
            first,
            last,
        );
        let rest_days = emp_days.iter().filter(|d| d.status == DayStatus::Rest).count() as u32;
        // ATT-5 counts a whole month; a month cut by 入职 or 离职 (ATT-6) is not checked.
        let employment = Employment::of(emp, period);
        let whole = employment.employed_days > 0 && !employment.cuts_period();
        let check = RestDayCheck {
            employee_id: emp.id.clone(),
            rest_days,
            expected: (period.is_month() && whole).then_some(rules.rest_days_per_month),
        };
        (emp_days, emp_issues, check)
    };
    // Employees are independent: evaluated on every core a chunk at a time (so at
    // most one chunk's days are held twice) and taken in roster order.
    for chunk in roster.employees().chunks(256) {
        let done: Vec<_> = chunk.par_iter().map(one).collect();
        for (emp_days, emp_issues, check) in done {
            issues.extend(emp_issues);
            rest_checks.push(check);
            days.extend(emp_days);
        }
    }
    Attendance {
        days,
        rest_checks,
        issues,
        unapproved,
    }
}

/// A punch of the dataset, or an approved correction (ATT-7), by its position in
/// `data.punches` or `data.corrections`: the grouping by employee holds these
/// (8 bytes each), and a [`PunchRef`] is made only while its employee is evaluated.
#[derive(Debug, Clone, Copy)]
enum PunchAt {
    Punch(u32),
    Correction(u32),
}

impl PunchAt {
    /// The punch it points at, as a shift-day uses it (`None` for an unapproved
    /// correction, which the grouping never holds).
    fn punch_ref(self, data: &Dataset) -> Option<PunchRef> {
        match self {
            PunchAt::Punch(i) => data.punches.get(i as usize).map(PunchRef::of),
            PunchAt::Correction(i) => {
                let c = data.corrections.get(i as usize)?;
                CorrectionRef::of(c).map(|approval| PunchRef::corrected(c, approval))
            }
        }
    }
}

/// Every punch and approved correction (ATT-7) from `first` to `last`, by 工号
/// (in the order of the dataset, punches before corrections), and the period's
/// corrections without 审批人; records naming nobody on the roster go to the
/// issue list (those dated in the period).
fn punches_by_employee<'r>(
    roster: &Roster<'r>,
    data: &Dataset,
    period: &Period,
    (first, last): (NaiveDate, NaiveDate),
    issues: &mut Vec<DataIssue>,
) -> (BTreeMap<&'r str, Vec<PunchAt>>, Vec<UnapprovedCorrection>) {
    let mut punches: BTreeMap<&str, Vec<PunchAt>> = BTreeMap::new();
    let mut unapproved = Vec::new();
    let within = |d: NaiveDate| first <= d && d <= last;
    let mut keys = KeyResolver::new(roster);
    for (i, p) in (0u32..).zip(&data.punches).filter(|(_, p)| within(p.at.date())) {
        match keys.resolve(&p.employee) {
            Ok(emp) => punches
                .entry(emp.id.as_str())
                .or_default()
                .push(PunchAt::Punch(i)),
            Err(why) if period.contains(p.at.date()) => issues.push(DataIssue::new(
                Rule::Att4,
                &p.source,
                "工号",
                unresolved_message(&p.employee, &why),
            )),
            Err(_) => {}
        }
    }
    for (i, c) in (0u32..)
        .zip(&data.corrections)
        .filter(|(_, c)| within(c.at.date()))
    {
        match (roster.resolve(&c.employee), c.approved_by().is_some()) {
            (Ok(emp), true) => punches
                .entry(emp.id.as_str())
                .or_default()
                .push(PunchAt::Correction(i)),
            (Ok(emp), false) if period.contains(c.at.date()) => {
                unapproved.push(UnapprovedCorrection::of(&emp.id, c));
            }
            (Err(why), _) if period.contains(c.at.date()) => issues.push(DataIssue::new(
                Rule::Att7,
                &c.source,
                "工号",
                unresolved_message(&c.employee, &why),
            )),
            _ => {}
        }
    }
    (punches, unapproved)
}

#[allow(clippy::too_many_arguments)] // one employee's slice of every input, plus the period bounds
fn evaluate_employee(
    emp: &Employee,
    planning: &Planning<'_>,
    (data, punches): (&Dataset, &[PunchAt]),
    leaves: &[&Leave],
    config: &Config,
    period: &Period,
    first: NaiveDate,
    last: NaiveDate,
) -> (Vec<ShiftDay>, Vec<DataIssue>) {
    let mut issues = Vec::new();
    let default = default_shift(emp, config, &planning.codes, &mut issues);
    let plans = plan_days(
        emp,
        planning,
        &default,
        config,
        period,
        (first, last),
        &mut issues,
    );
    let punches: Vec<PunchRef> = punches.iter().filter_map(|p| p.punch_ref(data)).collect();
    let assigned = assign_punches(emp, &plans, punches, config, period, &mut issues);
    let grace = Duration::minutes(i64::from(config.rules.attendance.grace_minutes));
    let id: Arc<str> = Arc::from(emp.id.as_str());
    let days: Vec<ShiftDay> = plans
        .into_iter()
        .zip(assigned)
        .filter(|((date, _), _)| period.contains(*date))
        .map(|((date, plan), ps)| judge_day(&id, date, plan, ps, leaves, grace))
        .collect();
    issues.extend(outside_issues(emp, &days, &config.shifts.rest_codes));
    issues.extend(status_without_date(emp));
    (days, issues)
}

/// The employee's default shift: the roster's 班次 if the config knows it, else
/// the configured default (with an ATT-1 issue when the roster names an unknown one).
fn default_shift(
    emp: &Employee,
    config: &Config,
    codes: &ShiftCodes,
    issues: &mut Vec<DataIssue>,
) -> (Arc<str>, ShiftOrigin) {
    let shifts = &config.shifts;
    match emp.default_shift.as_deref().map(str::trim) {
        Some(code)
            if !code.is_empty()
                && (shifts.table.contains_key(code) || shifts.rest_codes.iter().any(|r| r == code)) =>
        {
            (codes.get(code), ShiftOrigin::RosterDefault)
        }
        Some(code) if !code.is_empty() => {
            issues.push(DataIssue::new(
                Rule::Att1,
                &emp.source,
                "班次",
                format!(
                    "花名册中 {} 的班次“{code}”不在班次时间表中，改按“{}”班次考勤",
                    emp.id, shifts.default_shift
                ),
            ));
            (codes.get(&shifts.default_shift), ShiftOrigin::ConfigDefault)
        }
        _ => (codes.get(&shifts.default_shift), ShiftOrigin::ConfigDefault),
    }
}

/// Plan every day from `first` (the day before the period) to `last` (the day
/// after it), so punches near the period's edges find their shift.
fn plan_days<'a>(
    emp: &Employee,
    planning: &Planning<'a>,
    (default_code, default_origin): &(Arc<str>, ShiftOrigin),
    config: &Config,
    period: &Period,
    (first, last): (NaiveDate, NaiveDate),
    issues: &mut Vec<DataIssue>,
) -> Vec<(NaiveDate, DayPlan<'a>)> {
    let rules = &config.rules.attendance;
    let shifts = &config.shifts;
    let before = Duration::hours(i64::from(rules.punch_window_before_hours));
    let after = Duration::hours(i64::from(rules.punch_window_after_hours));
    let mut plans: Vec<(NaiveDate, DayPlan<'a>)> = Vec::new();
    let mut d = first;
    loop {
        let entry = planning.schedule.get(&(emp.id.as_str(), d)).copied();
        if let Some(side) = Outside::of(emp, d) {
            let code = planning.codes.get(entry.map_or("", |e| e.shift.trim()));
            plans.push((d, DayPlan::Outside { side, code, entry }));
            match d.succ_opt() {
                Some(n) if d < last => d = n,
                _ => break,
            }
            continue;
        }
        let (code, origin) = match entry {
            Some(e) => (planning.codes.get(e.shift.trim()), ShiftOrigin::Schedule),
            None => (default_code.clone(), *default_origin),
        };
        let plan = if shifts.rest_codes.iter().any(|r| **r == *code) {
            DayPlan::Rest { code, origin, entry }
        } else if let Some(def) = shifts.table.get(&*code) {
            let start = d.and_time(def.start.0);
            let end_day = if def.crosses_midnight() {
                d.succ_opt().unwrap_or(d)
            } else {
                d
            };
            let end = end_day.and_time(def.end.0);
            DayPlan::Work {
                code,
                origin,
                entry,
                shift: PlacedShift {
                    date: d,
                    start,
                    end,
                    open: start - before,
                    close: end + after,
                },
            }
        } else {
            if let (Some(e), true) = (entry, period.contains(d)) {
                issues.push(DataIssue::new(
                    Rule::Att1,
                    &e.source,
                    "班次",
                    format!("班次“{code}”既不在班次时间表中，也不是休息日的标记，当天未评定考勤"),
                ));
            }
            DayPlan::Unknown { code, entry }
        };
        plans.push((d, plan));
        match d.succ_opt() {
            Some(n) if d < last => d = n,
            _ => break,
        }
    }
    plans
}

/// Assign every punch to the work shift whose window holds it (nearer boundary
/// wins on overlap, ATT-4); a punch in no window goes to its calendar day's rest
/// day, or to the issue list. One list of punches per plan.
fn assign_punches(
    emp: &Employee,
    plans: &[(NaiveDate, DayPlan<'_>)],
    mut sorted: Vec<PunchRef>,
    config: &Config,
    period: &Period,
    issues: &mut Vec<DataIssue>,
) -> Vec<Vec<PunchRef>> {
    let rules = &config.rules.attendance;
    let mut assigned: Vec<Vec<PunchRef>> = vec![Vec::new(); plans.len()];
    // Time order; at the same moment a punch of the export before a correction.
    sorted.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then_with(|| a.is_correction().cmp(&b.is_correction()))
            .then_with(|| a.source.row.cmp(&b.source.row))
    });
    for p in sorted {
        let mut best: Option<(usize, Duration)> = None;
        for (i, (_, plan)) in plans.iter().enumerate() {
            if let DayPlan::Work { shift, .. } = plan {
                if shift.open <= p.at && p.at <= shift.close {
                    let dist = (p.at - shift.start).abs().min((p.at - shift.end).abs());
                    if best.is_none_or(|(_, b)| dist < b) {
                        best = Some((i, dist));
                    }
                }
            }
        }
        let day = p.at.date();
        let rest_day = || {
            plans.iter().position(|(pd, plan)| {
                *pd == day
                    && matches!(
                        plan,
                        DayPlan::Rest { .. } | DayPlan::Unknown { .. } | DayPlan::Outside { .. }
                    )
            })
        };
        match best.map(|(i, _)| i).or_else(rest_day) {
            Some(i) => assigned[i].push(p),
            None if period.contains(day) => issues.push(DataIssue {
                rule: if p.is_correction() { Rule::Att7 } else { Rule::Att4 },
                message: format!(
                    "{} 的{} {} 不在任何班次的打卡时段内（班前 {} 小时至班后 {} 小时）",
                    emp.id,
                    if p.is_correction() { "补卡" } else { "打卡" },
                    p.at.format("%Y-%m-%d %H:%M:%S"),
                    rules.punch_window_before_hours,
                    rules.punch_window_after_hours
                ),
                cell: p.cell(),
            }),
            None => {}
        }
    }
    assigned
}

/// One day of the period: its plan, the punches assigned to it and any leave
/// covering it, judged.
fn judge_day(
    id: &Arc<str>,
    date: NaiveDate,
    plan: DayPlan<'_>,
    refs: Vec<PunchRef>,
    leaves: &[&Leave],
    grace: Duration,
) -> ShiftDay {
    let mut day = judge_plan(id, date, plan, refs, leaves, grace);
    // The day's punch list was grown a push at a time, and on most days it is
    // empty once the clock-in and clock-out are taken out of it: without this
    // every shift-day of the period would keep a buffer for four punches.
    day.other_punches.shrink_to_fit();
    day
}

/// [`judge_day`], the punch list as the judging left it.
fn judge_plan(
    id: &Arc<str>,
    date: NaiveDate,
    plan: DayPlan<'_>,
    refs: Vec<PunchRef>,
    leaves: &[&Leave],
    grace: Duration,
) -> ShiftDay {
    let leave = leaves
        .iter()
        .find(|l| l.start <= date && date <= l.end)
        .map(|l| LeaveRef {
            kind: l.kind.clone(),
            approver: l.approver.clone(),
            cell: SourceCell::new(&l.source, "开始日期"),
        });
    match plan {
        DayPlan::Rest { code, origin, entry } => ShiftDay {
            other_punches: refs,
            ..blank(id, date, code, origin, entry, DayStatus::Rest)
        },
        DayPlan::Unknown { code, entry } => ShiftDay {
            other_punches: refs,
            ..blank(
                id,
                date,
                code,
                ShiftOrigin::Schedule,
                entry,
                DayStatus::UnknownShift,
            )
        },
        DayPlan::Outside { side, code, entry } => ShiftDay {
            other_punches: refs,
            ..blank(id, date, code, ShiftOrigin::Schedule, entry, side.status())
        },
        DayPlan::Work {
            code,
            origin,
            entry,
            shift,
        } => {
            let mut day = blank(id, date, code, origin, entry, DayStatus::Worked);
            day.start = Some(shift.start);
            day.end = Some(shift.end);
            if leave.is_some() {
                day.status = DayStatus::Leave;
                day.leave = leave.map(Box::new);
                day.other_punches = refs;
                return day;
            }
            // ATT-7: judged without the corrections too; where that differs,
            // the day keeps what it would have been.
            let without = refs.iter().any(PunchRef::is_correction).then(|| {
                judged(
                    day.clone(),
                    refs.iter().filter(|p| !p.is_correction()).cloned().collect(),
                    &shift,
                    grace,
                )
            });
            let mut day = judged(day, refs, &shift, grace);
            if let Some(w) = without.filter(|w| outcome_differs(w, &day)) {
                day.corrected = Some(Box::new(CorrectionEffect {
                    without: outcome_words(&w),
                    with: outcome_words(&day),
                }));
            }
            day
        }
    }
}

/// A work day judged from its punches: 旷工 without any, else worked.
fn judged(mut day: ShiftDay, refs: Vec<PunchRef>, shift: &PlacedShift, grace: Duration) -> ShiftDay {
    if refs.is_empty() {
        day.status = DayStatus::Absent;
    } else {
        judge_worked_day(&mut day, refs, shift, grace);
    }
    day
}

fn blank(
    id: &Arc<str>,
    date: NaiveDate,
    shift: Arc<str>,
    origin: ShiftOrigin,
    entry: Option<&ScheduleEntry>,
    status: DayStatus,
) -> ShiftDay {
    ShiftDay {
        employee_id: Arc::clone(id),
        date,
        shift,
        origin,
        schedule: entry.map(|e| e.source.clone()),
        status,
        start: None,
        end: None,
        clock_in: None,
        clock_out: None,
        other_punches: Vec::new(),
        late_minutes: 0,
        early_leave_minutes: 0,
        missing_in: false,
        missing_out: false,
        extended_minutes: 0,
        leave: None,
        corrected: None,
        unreadable: Box::default(),
    }
}

/// Clock-in, clock-out, lateness, early leave and extended service of a worked day.
fn judge_worked_day(day: &mut ShiftDay, mut refs: Vec<PunchRef>, shift: &PlacedShift, grace: Duration) {
    let nearer_start = |t: NaiveDateTime| (t - shift.start).abs() <= (t - shift.end).abs();
    let first_near_start = refs.first().is_some_and(|p| nearer_start(p.at));
    let last_near_start = refs.last().is_some_and(|p| nearer_start(p.at));
    let (clock_in, clock_out) = if refs.len() == 1 {
        let p = refs.remove(0);
        if first_near_start {
            (Some(p), None)
        } else {
            (None, Some(p))
        }
    } else if last_near_start {
        // Every punch in the first half: a clock-in (repeated), no clock-out.
        let p = refs.remove(0);
        (Some(p), None)
    } else if !first_near_start {
        // Every punch in the second half: no clock-in.
        let p = refs.pop();
        (None, p)
    } else {
        let out = refs.pop();
        let inn = refs.remove(0);
        (Some(inn), out)
    };
    day.other_punches = refs;
    if let Some(p) = &clock_in {
        if p.at > shift.start + grace {
            day.late_minutes = ceil_minutes(p.at - shift.start);
        }
    }
    if let Some(p) = &clock_out {
        if p.at < shift.end {
            day.early_leave_minutes = ceil_minutes(shift.end - p.at);
        } else if shift.end.date() > shift.date {
            // ATT-4: service after a shift that ends the next day (晚班) is extended time.
            let secs = (p.at - shift.end).num_seconds();
            day.extended_minutes = u32::try_from(secs / 60).unwrap_or(u32::MAX);
        }
    }
    day.missing_in = clock_in.is_none();
    day.missing_out = clock_out.is_none();
    day.clock_in = clock_in;
    day.clock_out = clock_out;
}

#[cfg(test)]
mod tests;
