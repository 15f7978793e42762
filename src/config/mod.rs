//! `zhidu.toml`: the project's settings. Parsed with `deny_unknown_fields`, then
//! validated with messages that name the key and the allowed range.
//!
//! Every parameter of the handbook's rules (ATT-1…7, PAY-1…6, SLA-1…2, SLIP-1…5)
//! is here with its default. The commented
//! default file (`DEFAULT_CONFIG_TOML`, English comments; `DEFAULT_CONFIG_TOML_ZH`,
//! the same settings with Chinese comments) is embedded in the binary and written
//! by `zhidu init` in the language it speaks; a test checks both parse to exactly
//! [`Config::default`], line for line the same settings.

mod calendar;
mod mail;
mod types;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

pub use calendar::{parse_due, parse_period, parse_weekend, DueRule, PeriodRule, WeekendRule};
pub use mail::{
    address_part, is_address, is_local, MailSettings, NoticeMail, Security, NOTICE_PASSWORD_FIELD,
    SMTP_PASSWORD_VAR,
};
pub use types::{Amount, ClockTime, Percent};

use crate::error::UserError;
use crate::i18n::{Lang, Text};
use crate::model::{DateOrder, Fen, InputKind, NumberPattern, MAX_FINE};

/// The commented default `zhidu.toml`, as `zhidu init` writes it (English comments).
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../../zhidu.toml");

/// The same default `zhidu.toml` with Chinese comments, as `zhidu --lang zh init`
/// writes it: every setting as in [`DEFAULT_CONFIG_TOML`], line for line.
pub const DEFAULT_CONFIG_TOML_ZH: &str = include_str!("../../locales/zhidu.zh-CN.toml");

/// The commented default `zhidu.toml` whose comments speak `lang`.
pub fn default_config_toml(lang: Lang) -> &'static str {
    match lang {
        Lang::En => DEFAULT_CONFIG_TOML,
        Lang::Zh => DEFAULT_CONFIG_TOML_ZH,
    }
}

/// The whole project configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Company and department names, printed on every document.
    pub company: Company,
    /// Where each kind of export is and how to read it.
    pub inputs: Inputs,
    /// Shift codes and their times (ATT-1).
    pub shifts: Shifts,
    /// Every rule parameter.
    pub rules: Rules,
    /// The report calendar: when each report falls due and what period it covers.
    pub reports: Reports,
    /// Rendering settings (font, output folder).
    pub render: RenderSettings,
    /// `zhidu check` settings.
    pub check: CheckSettings,
    /// The policy manual's cover data.
    pub manual: ManualSettings,
    /// `zhidu send`: the SMTP server, report recipients, the employees' notices.
    pub mail: MailSettings,
}

/// Company and department.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Company {
    /// 公司名称.
    pub name: String,
    /// 部门名称, e.g. 客服部.
    pub department: String,
    /// The department's time zone (an IANA name such as `Asia/Shanghai`): the
    /// date `run --today`, `check` and `slip new` take as today.
    pub timezone: String,
}

/// The time zone when `company.timezone` is not set.
pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

impl Company {
    /// The time zone of `company.timezone` (validated when the config is read;
    /// [`DEFAULT_TIMEZONE`] if it names none).
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.timezone.trim().parse().unwrap_or(chrono_tz::Asia::Shanghai)
    }
}

impl Default for Company {
    fn default() -> Self {
        Company {
            name: "示例服务有限公司".into(),
            department: "客服部".into(),
            timezone: DEFAULT_TIMEZONE.into(),
        }
    }
}

/// One input kind: a path or glob, an optional preset, extra column aliases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputSpec {
    /// Path or glob relative to the project folder; every match is read.
    pub path: String,
    /// A preset name (`dingtalk`, `wecom`, `zkteco`, `asterisk`, `freeswitch`, `wjx`, …);
    /// empty means "detect from the file's shape".
    pub format: Option<String>,
    /// Read only this sheet (default: every sheet whose header matches).
    pub sheet: Option<String>,
    /// Extra aliases: canonical column name → other headers that mean it.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// For headerless call logs (Asterisk, FreeSWITCH): which column holds the
    /// agent (`src`, `dst`, `accountcode`, `channel`, `dstchannel`, …).
    pub agent_column: Option<String>,
    /// For survey exports with one column per question (问卷星): the header, or a
    /// part of it, of the question that is the satisfaction score.
    pub score_column: Option<String>,
    /// For survey exports: the header, or a part of it, of the question naming the agent.
    pub agent_question: Option<String>,
    /// How dates written as numbers only (`1/9/2017`, `04/09/17`) are ordered;
    /// unset, the file's own rows must settle it.
    pub date_order: Option<DateOrder>,
    /// For survey exports giving each answer as its option's number (问卷星
    /// 按选项序号): option number → score (1–5).
    pub score_map: BTreeMap<String, i64>,
    /// For survey exports giving option numbers: a text export of the same survey
    /// (按选项文本) whose answers give each option's score.
    pub score_map_from: Option<String>,
    /// The columns of a file without a header row, in order (`calldate`, `src`, …
    /// for call-detail records, or any accepted header).
    pub columns: Vec<String>,
    /// For call logs without a 呼叫方向 column: `inbound` or `outbound` for every call.
    pub direction: Option<String>,
    /// Whether a missing file is an error (`true`) or zero records (`false`).
    pub required: bool,
}

impl Default for InputSpec {
    fn default() -> Self {
        InputSpec::at("", true)
    }
}

impl InputSpec {
    fn at(path: &str, required: bool) -> InputSpec {
        InputSpec {
            path: path.into(),
            format: None,
            sheet: None,
            aliases: BTreeMap::new(),
            agent_column: None,
            score_column: None,
            agent_question: None,
            date_order: None,
            score_map: BTreeMap::new(),
            score_map_from: None,
            columns: Vec::new(),
            direction: None,
            required,
        }
    }
}

/// Every input kind (README "Inputs"), one `[inputs.<kind>]` section each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Inputs {
    /// 员工花名册.
    pub roster: InputSpec,
    /// 排班表.
    pub schedule: InputSpec,
    /// 打卡记录.
    pub punches: InputSpec,
    /// 通话记录.
    pub calls: InputSpec,
    /// 满意度调查.
    pub surveys: InputSpec,
    /// 投诉登记.
    pub complaints: InputSpec,
    /// 违规记录.
    pub violations: InputSpec,
    /// 请假记录.
    pub leaves: InputSpec,
    /// 服务请求.
    pub service_requests: InputSpec,
    /// 工作联系单登记.
    pub slips: InputSpec,
    /// 补卡登记 (optional: missing means no corrections).
    pub corrections: InputSpec,
    /// 客户资料登记 (optional: missing means no client records to check).
    pub client_records: InputSpec,
    /// 活动经费支出登记 (optional: missing means the fund paid nothing out).
    pub fund_expenses: InputSpec,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs {
            roster: InputSpec::at("inputs/roster.xlsx", true),
            schedule: InputSpec::at("inputs/schedule.xlsx", true),
            punches: InputSpec::at("inputs/punches.xlsx", true),
            calls: InputSpec::at("inputs/calls.xlsx", true),
            surveys: InputSpec::at("inputs/surveys.xlsx", true),
            complaints: InputSpec::at("inputs/complaints.xlsx", true),
            violations: InputSpec::at("inputs/violations.xlsx", true),
            leaves: InputSpec::at("inputs/leaves.xlsx", true),
            service_requests: InputSpec::at("inputs/service_requests.xlsx", true),
            slips: InputSpec::at("inputs/slips.xlsx", true),
            corrections: InputSpec::at("inputs/corrections.xlsx", false),
            client_records: InputSpec::at("inputs/client_records.xlsx", false),
            fund_expenses: InputSpec::at("inputs/fund_expenses.xlsx", false),
        }
    }
}

impl Config {
    /// The column aliases in effect for one input kind: `[inputs.<kind>.aliases]`
    /// and, for the roster, the column `mail.notices.password_column` names as
    /// the notice password.
    pub fn input_aliases(&self, kind: InputKind) -> std::borrow::Cow<'_, BTreeMap<String, Vec<String>>> {
        let spec = self.inputs.spec(kind);
        let column = self.mail.notices.password_column.trim();
        if kind != InputKind::Roster || column.is_empty() {
            return std::borrow::Cow::Borrowed(&spec.aliases);
        }
        let mut aliases = spec.aliases.clone();
        aliases
            .entry(NOTICE_PASSWORD_FIELD.to_string())
            .or_default()
            .push(column.to_string());
        std::borrow::Cow::Owned(aliases)
    }
}

impl Inputs {
    /// The settings of one input kind.
    pub fn spec(&self, kind: InputKind) -> &InputSpec {
        match kind {
            InputKind::Roster => &self.roster,
            InputKind::Schedule => &self.schedule,
            InputKind::Punches => &self.punches,
            InputKind::Calls => &self.calls,
            InputKind::Surveys => &self.surveys,
            InputKind::Complaints => &self.complaints,
            InputKind::Violations => &self.violations,
            InputKind::Leaves => &self.leaves,
            InputKind::ServiceRequests => &self.service_requests,
            InputKind::Slips => &self.slips,
            InputKind::Corrections => &self.corrections,
            InputKind::ClientRecords => &self.client_records,
            InputKind::FundExpenses => &self.fund_expenses,
        }
    }

    /// `(kind, spec)` for every input kind, in [`InputKind::ALL`] order.
    pub fn kinds(&self) -> [(InputKind, &InputSpec); InputKind::ALL.len()] {
        InputKind::ALL.map(|k| (k, self.spec(k)))
    }
}

/// One shift's times. An end at or before the start ends the next day (晚班 17:00–01:00).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftDef {
    /// Start of the shift.
    pub start: ClockTime,
    /// End of the shift (next day if not after `start`).
    pub end: ClockTime,
}

impl ShiftDef {
    fn new(start: (u32, u32), end: (u32, u32)) -> ShiftDef {
        let t = |(h, m): (u32, u32)| ClockTime(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default());
        ShiftDef {
            start: t(start),
            end: t(end),
        }
    }

    /// Whether the shift ends on the day after it starts.
    pub fn crosses_midnight(&self) -> bool {
        self.end.0 <= self.start.0
    }
}

/// The shift table (ATT-1) and the codes that mean a rest day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Shifts {
    /// Shift code → times.
    pub table: BTreeMap<String, ShiftDef>,
    /// Codes that mean a rest day (休).
    pub rest_codes: Vec<String>,
    /// The shift for employees whose roster row names none and whom the schedule omits.
    pub default_shift: String,
}

impl Default for Shifts {
    fn default() -> Self {
        let mut table = BTreeMap::new();
        table.insert("常规".to_string(), ShiftDef::new((8, 30), (17, 30)));
        table.insert("白班".to_string(), ShiftDef::new((8, 0), (17, 0)));
        table.insert("晚班".to_string(), ShiftDef::new((17, 0), (1, 0)));
        table.insert("常班".to_string(), ShiftDef::new((9, 0), (18, 0)));
        Shifts {
            table,
            rest_codes: vec!["休".into(), "休息".into()],
            default_shift: "常规".into(),
        }
    }
}

/// Every rule parameter, grouped by rule code (ATT, PAY, SLA, SLIP).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// ATT-1…5 (ATT-6 and ATT-7 have no parameter).
    pub attendance: AttendanceRules,
    /// PAY-1…6.
    pub pay: PayRules,
    /// Call-centre figures.
    pub calls: CallRules,
    /// SLA-1, SLA-2.
    pub sla: SlaRules,
    /// SLIP-1…5.
    pub slips: SlipRules,
}

/// How late deductions are charged once the month's count reaches the threshold (ATT-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateMode {
    /// Every late arrival of the month at the high rate once the count reaches the threshold.
    All,
    /// The low rate below the threshold, the high rate from the threshold-th on.
    FromThird,
}

/// ATT-2…5 parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AttendanceRules {
    /// Minutes after a shift's start that still count as on time.
    pub grace_minutes: u32,
    /// Deduction per late arrival below the threshold, % of base pay.
    pub late_rate_low: Percent,
    /// Deduction per late arrival at or above the threshold, % of base pay.
    pub late_rate_high: Percent,
    /// The month's late count from which the high rate applies (超过三次(含)以上).
    pub late_threshold: u32,
    /// `all` or `from_third`.
    pub late_mode: LateMode,
    /// A month with more late arrivals than this is flagged (每月不得超过三次).
    pub late_flag_over: u32,
    /// Punch window opens this many hours before a shift's start (ATT-4).
    pub punch_window_before_hours: u32,
    /// Punch window closes this many hours after a shift's end (ATT-4).
    pub punch_window_after_hours: u32,
    /// Rest days each month by the schedule (ATT-5).
    pub rest_days_per_month: u32,
    /// Deduction per early leave (ATT-3), default 0.
    pub early_leave_fine: Amount,
    /// Deduction per missing punch (缺卡, ATT-3), default 0.
    pub missing_punch_fine: Amount,
    /// Deduction per day of absence (旷工, ATT-3), default 0.
    pub absence_fine: Amount,
}

impl Default for AttendanceRules {
    fn default() -> Self {
        AttendanceRules {
            grace_minutes: 0,
            late_rate_low: Percent::whole(2),
            late_rate_high: Percent::whole(5),
            late_threshold: 3,
            late_mode: LateMode::All,
            late_flag_over: 3,
            punch_window_before_hours: 4,
            punch_window_after_hours: 6,
            rest_days_per_month: 4,
            early_leave_fine: Amount(Fen::ZERO),
            missing_punch_fine: Amount(Fen::ZERO),
            absence_fine: Amount(Fen::ZERO),
        }
    }
}

/// Over which window violations are counted for PAY-3's escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountingWindow {
    /// 1 January to the period's end.
    CalendarYear,
    /// The period's month only.
    CalendarMonth,
    /// The 12 months ending with the period.
    Rolling12Months,
}

/// Complaint fines by severity (PAY-2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintFines {
    /// 一般.
    pub minor: Amount,
    /// 较重.
    pub serious: Amount,
    /// 严重.
    pub severe: Amount,
}

impl Default for ComplaintFines {
    fn default() -> Self {
        ComplaintFines {
            minor: Amount(Fen::from_yuan(10)),
            serious: Amount(Fen::from_yuan(30)),
            severe: Amount(Fen::from_yuan(50)),
        }
    }
}

/// PAY-1…6 parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PayRules {
    /// Probation length in months from 入职日期 (PAY-1).
    pub probation_months: u32,
    /// Complaint fines by severity (PAY-2).
    pub complaint_fines: ComplaintFines,
    /// Fines for the 1st, 2nd, … violation in the window (PAY-3).
    pub violation_fines: Vec<Amount>,
    /// From this violation on: a dismissal proposal instead of a fine (PAY-3).
    pub violation_dismissal_count: u32,
    /// Window over which violations are counted (PAY-3).
    pub violation_window: CountingWindow,
    /// Personal calls longer than this many seconds are listed for review (PAY-4).
    pub personal_call_review_seconds: u32,
    /// Write a 扣款通知单 for every employee, not only those with ledger lines.
    pub notice_for_everyone: bool,
    /// PAY-6: a month whose deductions exceed this share of 基本工资 is listed for
    /// review (工资支付暂行规定 第十六条: at most 20 % a month); 0 turns the check off.
    pub review_over_percent: Percent,
    /// PAY-6: a month leaving 应发基本工资 below this (the local minimum wage,
    /// yuan) is listed for review; 0 turns the check off.
    pub minimum_wage: Amount,
    /// PAY-5: the activity fund's balance before the first month the records
    /// hold (yuan); each later month opens with the previous one's closing.
    pub fund_opening_balance: Amount,
    /// How an employee contests a deduction: one sentence, printed by the
    /// manual's clause on notices and by every 扣款通知单 (with that clause's number).
    pub appeal: String,
}

/// `rules.pay.appeal` by default. The handbook names no other way: 客服日常工作制度
/// 十三 leaves what it does not settle to the department manager.
pub const DEFAULT_APPEAL: &str =
    "员工对扣款有异议的，可以持扣款通知单向部门经理申请复核，部门经理应逐项核对原始记录后答复。";

impl Default for PayRules {
    fn default() -> Self {
        PayRules {
            probation_months: 3,
            complaint_fines: ComplaintFines::default(),
            violation_fines: vec![Amount(Fen::from_yuan(10)), Amount(Fen::from_yuan(30))],
            violation_dismissal_count: 3,
            violation_window: CountingWindow::CalendarYear,
            personal_call_review_seconds: 180,
            notice_for_everyone: false,
            review_over_percent: Percent::whole(20),
            minimum_wage: Amount(Fen::ZERO),
            fund_opening_balance: Amount(Fen::ZERO),
            appeal: DEFAULT_APPEAL.into(),
        }
    }
}

/// Call-centre figure parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallRules {
    /// Service level: share of inbound calls answered within this many seconds.
    pub service_level_seconds: u32,
}

impl Default for CallRules {
    fn default() -> Self {
        CallRules {
            service_level_seconds: 20,
        }
    }
}

/// SLA-1, SLA-2 parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlaRules {
    /// SLA-1: first response within this many hours of acceptance.
    pub first_response_hours: u32,
    /// SLA-2: sales submits client records within this many days.
    pub sales_submit_days: u32,
    /// SLA-2: customer service files them within this many hours.
    pub filing_hours: u32,
}

impl Default for SlaRules {
    fn default() -> Self {
        SlaRules {
            first_response_hours: 24,
            sales_submit_days: 3,
            filing_hours: 24,
        }
    }
}

/// SLIP-1…5 parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlipRules {
    /// Number pattern: a prefix, `YYYY` for the year and `N…` for the sequence digits.
    #[serde(deserialize_with = "number_pattern")]
    pub number_pattern: NumberPattern,
    /// Days after issue within which signing costs nothing (SLIP-3).
    pub sign_allowance_days: u32,
    /// Points lost per day of signing delay (SLIP-3).
    pub sign_delay_points: u32,
    /// Points lost per day past the agreed completion date (SLIP-3).
    pub late_completion_points: u32,
    /// Points lost per day of delay from not asking (SLIP-3, 未沟通延误天数).
    pub no_inquiry_points: u32,
    /// Points lost once by an issuer that did not lead a multi-department slip (SLIP-3).
    pub issuer_shirk_points: u32,
    /// The copies of each printed form, one page each.
    pub form_copies: Vec<String>,
    /// Register file `zhidu slip new` appends to (default: the slips input).
    pub register: Option<String>,
}

impl Default for SlipRules {
    fn default() -> Self {
        SlipRules {
            number_pattern: NumberPattern::default(),
            sign_allowance_days: 1,
            sign_delay_points: 5,
            late_completion_points: 1,
            no_inquiry_points: 2,
            issuer_shirk_points: 5,
            form_copies: vec!["发出单位存档".into(), "接收单位存档".into(), "企管部备查".into()],
            register: None,
        }
    }
}

/// `rules.slips.number_pattern`, refused with the key named when it is not a pattern.
fn number_pattern<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NumberPattern, D::Error> {
    let text = String::deserialize(d)?;
    NumberPattern::parse(&text).map_err(|e| {
        serde::de::Error::custom(crate::msg!(
            "config.number_pattern",
            text = &text,
            error = e.to_string()
        ))
    })
}

/// When a report falls due and which period it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportSchedule {
    /// Whether `zhidu run --date` renders it.
    pub enabled: bool,
    /// Due rule: `every wednesday`, `day 25`, `4th wednesday`, `on demand`.
    pub due: DueRule,
    /// Period rule: `previous 7 days`, `previous month`, `none`.
    pub period: PeriodRule,
    /// For a monthly day that falls on a weekend: `keep` or `next_working_day`.
    pub weekend: WeekendRule,
    /// Template name (default: the report id).
    pub template: Option<String>,
    /// `[reports.csat]` only: the fewest responses an agent's average needs to be
    /// drawn in the per-agent chart (agents with fewer are listed, not drawn).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_responses: Option<u32>,
    /// `[reports.deductions]` only: who signs the 月度扣款表 (a signature line each, in order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signatures: Option<Vec<String>>,
}

impl ReportSchedule {
    fn rule(due: DueRule, period: PeriodRule) -> ReportSchedule {
        ReportSchedule {
            enabled: true,
            due,
            period,
            weekend: WeekendRule::Keep,
            template: None,
            min_responses: None,
            signatures: None,
        }
    }
}

impl Default for ReportSchedule {
    fn default() -> Self {
        ReportSchedule::rule(DueRule::OnDemand, PeriodRule::None)
    }
}

/// The report calendar (README "The calendar settings"). A `[reports.<id>]` table that sets only
/// some keys keeps that report's own defaults for the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reports {
    /// 周报表.
    #[serde(deserialize_with = "schedule_of::weekly")]
    pub weekly: ReportSchedule,
    /// 运营会周工作汇报.
    #[serde(rename = "ops-weekly", deserialize_with = "schedule_of::ops_weekly")]
    pub ops_weekly: ReportSchedule,
    /// 月报表.
    #[serde(deserialize_with = "schedule_of::monthly")]
    pub monthly: ReportSchedule,
    /// 客户满意度月度报表.
    #[serde(deserialize_with = "schedule_of::csat")]
    pub csat: ReportSchedule,
    /// 月度扣款表, notices and fund ledger.
    #[serde(deserialize_with = "schedule_of::deductions")]
    pub deductions: ReportSchedule,
    /// 未完成联系单 month-end report.
    #[serde(deserialize_with = "schedule_of::slips")]
    pub slips: ReportSchedule,
    /// 制度手册.
    #[serde(deserialize_with = "schedule_of::manual")]
    pub manual: ReportSchedule,
}

/// Reading one `[reports.<id>]` table over that report's defaults.
mod schedule_of {
    use serde::{Deserialize, Deserializer};

    use super::{ReportSchedule, Reports};

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Partial {
        enabled: Option<bool>,
        due: Option<String>,
        period: Option<String>,
        weekend: Option<String>,
        template: Option<String>,
        min_responses: Option<u32>,
        signatures: Option<Vec<String>>,
    }

    /// A report's own setting: taken where the report has it (its default is
    /// set), refused naming the key elsewhere.
    fn own<T, E: serde::de::Error>(
        id: &str,
        key: &str,
        given: Option<T>,
        default: Option<T>,
    ) -> Result<Option<T>, E> {
        match (given, default) {
            (Some(_), None) => Err(E::custom(crate::msg!(
                "config.report_no_such_setting",
                id = id,
                key = key
            ))),
            (given, default) => Ok(given.or(default)),
        }
    }

    /// The table over the report's defaults; the calendar rules are parsed here,
    /// so a bad one is refused naming its key (`reports.csat.due = …`).
    fn over<'de, D: Deserializer<'de>>(
        d: D,
        id: &str,
        default: ReportSchedule,
    ) -> Result<ReportSchedule, D::Error> {
        let p = Partial::deserialize(d)?;
        let (due, period, weekend) = super::calendar::parse_rules(
            id,
            &p.due.unwrap_or_else(|| default.due.to_string()),
            &p.period.unwrap_or_else(|| default.period.to_string()),
            &p.weekend.unwrap_or_else(|| default.weekend.to_string()),
        )
        .map_err(serde::de::Error::custom)?;
        Ok(ReportSchedule {
            enabled: p.enabled.unwrap_or(default.enabled),
            due,
            period,
            weekend,
            template: p.template.or(default.template),
            min_responses: own(id, "min_responses", p.min_responses, default.min_responses)?,
            signatures: own(id, "signatures", p.signatures, default.signatures)?,
        })
    }

    macro_rules! report {
        ($($name:ident => $id:literal),*) => {$(
            pub(super) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<ReportSchedule, D::Error> {
                over(d, $id, Reports::default().$name)
            }
        )*};
    }
    report!(
        weekly => "weekly",
        ops_weekly => "ops-weekly",
        monthly => "monthly",
        csat => "csat",
        deductions => "deductions",
        slips => "slips",
        manual => "manual"
    );
}

impl Default for Reports {
    fn default() -> Self {
        Reports {
            weekly: ReportSchedule::rule(DueRule::EveryWeekday(Weekday::Wed), PeriodRule::PreviousDays(7)),
            ops_weekly: ReportSchedule::rule(
                DueRule::EveryWeekday(Weekday::Sat),
                PeriodRule::PreviousDays(7),
            ),
            monthly: ReportSchedule::rule(DueRule::NthWeekday(4, Weekday::Wed), PeriodRule::PreviousMonth),
            csat: ReportSchedule {
                min_responses: Some(5),
                ..ReportSchedule::rule(DueRule::DayOfMonth(25), PeriodRule::PreviousMonth)
            },
            deductions: ReportSchedule {
                signatures: Some(
                    ["制表", "部门经理", "人力资源部", "财务"]
                        .map(String::from)
                        .to_vec(),
                ),
                ..ReportSchedule::rule(DueRule::DayOfMonth(1), PeriodRule::PreviousMonth)
            },
            slips: ReportSchedule::rule(DueRule::DayOfMonth(1), PeriodRule::PreviousMonth),
            manual: ReportSchedule::rule(DueRule::OnDemand, PeriodRule::None),
        }
    }
}

impl Reports {
    /// The schedule of one report id.
    pub fn get(&self, id: &str) -> Option<&ReportSchedule> {
        self.all().into_iter().find(|(rid, _)| *rid == id).map(|(_, s)| s)
    }

    /// `(report id, schedule)` for every report, in a fixed order.
    pub fn all(&self) -> [(&'static str, &ReportSchedule); 7] {
        [
            ("weekly", &self.weekly),
            ("ops-weekly", &self.ops_weekly),
            ("monthly", &self.monthly),
            ("csat", &self.csat),
            ("deductions", &self.deductions),
            ("slips", &self.slips),
            ("manual", &self.manual),
        ]
    }
}

/// Rendering settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RenderSettings {
    /// Another font file (.otf/.ttf) for the PDFs; empty means the bundled Noto Sans SC.
    pub font: Option<String>,
    /// Output folder relative to the project folder.
    pub output_dir: String,
}

impl Default for RenderSettings {
    fn default() -> Self {
        RenderSettings {
            font: None,
            output_dir: "outputs".into(),
        }
    }
}

/// The highest `check.max_input_mib` and `check.max_shared_strings_mib` accepted (4 GiB).
pub const MAX_INPUT_MIB: u64 = 4096;

/// `zhidu check` settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckSettings {
    /// At most this many problems are printed; the rest are counted.
    pub max_problems: usize,
    /// The most data one input file may hold, in MiB, once decompressed: the
    /// parts of an xlsx/xlsb/ods package together, the bytes of any other file.
    pub max_input_mib: u64,
    /// The most an xlsx/xlsb shared-string table may hold, in MiB, once decompressed
    /// (it is kept in memory whole while the sheets are read).
    pub max_shared_strings_mib: u64,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            max_problems: 200,
            max_input_mib: 256,
            max_shared_strings_mib: 64,
        }
    }
}

/// The policy manual's cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManualSettings {
    /// Title on the cover.
    pub title: String,
    /// Version label, e.g. `2026 版 第 1 次修订`.
    pub version: String,
    /// Effective date (`YYYY-MM-DD`).
    pub effective_date: String,
}

impl Default for ManualSettings {
    fn default() -> Self {
        ManualSettings {
            title: "客服部制度手册".into(),
            version: "V1.0".into(),
            effective_date: "2026-12-01".into(),
        }
    }
}

/// A loaded config and the folder it belongs to.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder (holds `zhidu.toml`).
    pub root: PathBuf,
    /// The parsed, validated settings.
    pub config: Config,
    /// The config file's text, for the manifest's hash.
    pub config_text: String,
}

impl Project {
    /// Read and validate `DIR/zhidu.toml`.
    pub fn load(root: &Path) -> Result<Project, UserError> {
        let path = root.join("zhidu.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            UserError::config(crate::msg!(
                "config.cannot_read",
                path = path.display().to_string(),
                error = e.to_string(),
                root = root.display().to_string()
            ))
        })?;
        let config = Config::parse(&text, &path.display().to_string())?;
        Ok(Project {
            root: root.to_path_buf(),
            config,
            config_text: text,
        })
    }

    /// A path from the config, relative to the project folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
}

impl Config {
    /// Parse and validate config text; `origin` names the file in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Config, UserError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let message = Text::raw(e.message());
            match line {
                Some(l) => UserError::config(crate::msg!(
                    "config.at_line",
                    origin = origin,
                    line = l,
                    message = message
                )),
                None => UserError::config(crate::msg!("config.at", origin = origin, message = message)),
            }
        })?;
        let problems = config.validate();
        if problems.is_empty() {
            Ok(config)
        } else {
            let mut all = problems
                .into_iter()
                .map(|p| crate::msg!("config.at", origin = origin, message = p));
            let first = all.next().unwrap_or_else(|| Text::raw(""));
            Err(UserError::config(all.fold(first, |text, next| {
                crate::msg!("config.lines", first = text, next = next)
            })))
        }
    }

    /// Every out-of-range value, as `key = value: must be …` messages.
    pub fn validate(&self) -> Vec<Text> {
        let mut out = Vec::new();
        self.attendance_problems(&mut out);
        self.pay_problems(&mut out);
        if self.rules.calls.service_level_seconds == 0 || self.rules.calls.service_level_seconds > 3600 {
            out.push(crate::msg!(
                "config.service_level_seconds",
                value = self.rules.calls.service_level_seconds
            ));
        }
        if self.rules.sla.first_response_hours == 0 {
            out.push(crate::msg!("config.first_response_hours"));
        }
        if self.rules.slips.form_copies.is_empty() {
            out.push(crate::msg!("config.form_copies"));
        }
        self.project_problems(&mut out);
        out
    }

    /// `rules.attendance`: rates, grace, threshold, punch windows, rest days.
    fn attendance_problems(&self, out: &mut Vec<Text>) {
        let a = &self.rules.attendance;
        for (key, p) in [
            ("rules.attendance.late_rate_low", a.late_rate_low),
            ("rules.attendance.late_rate_high", a.late_rate_high),
        ] {
            if !(0..=10_000).contains(&p.bp) {
                out.push(crate::msg!("config.percentage", key = key, value = p.to_string()));
            }
        }
        if a.grace_minutes > 240 {
            out.push(crate::msg!("config.grace_minutes", value = a.grace_minutes));
        }
        if a.late_threshold == 0 {
            out.push(crate::msg!("config.late_threshold"));
        }
        for (key, h) in [
            (
                "rules.attendance.punch_window_before_hours",
                a.punch_window_before_hours,
            ),
            (
                "rules.attendance.punch_window_after_hours",
                a.punch_window_after_hours,
            ),
        ] {
            if h > 12 {
                out.push(crate::msg!("config.punch_window", key = key, value = h));
            }
        }
        if a.rest_days_per_month > 31 {
            out.push(crate::msg!(
                "config.rest_days_per_month",
                value = a.rest_days_per_month
            ));
        }
    }

    /// The fines of `rules.attendance` and `rules.pay`, then the rest of `rules.pay`.
    fn pay_problems(&self, out: &mut Vec<Text>) {
        let a = &self.rules.attendance;
        for (key, amt) in [
            ("rules.attendance.early_leave_fine", a.early_leave_fine),
            ("rules.attendance.missing_punch_fine", a.missing_punch_fine),
            ("rules.attendance.absence_fine", a.absence_fine),
            (
                "rules.pay.complaint_fines.minor",
                self.rules.pay.complaint_fines.minor,
            ),
            (
                "rules.pay.complaint_fines.serious",
                self.rules.pay.complaint_fines.serious,
            ),
            (
                "rules.pay.complaint_fines.severe",
                self.rules.pay.complaint_fines.severe,
            ),
            ("rules.pay.minimum_wage", self.rules.pay.minimum_wage),
        ] {
            if amt.0 < Fen::ZERO || amt.0 > MAX_FINE {
                out.push(crate::msg!(
                    "config.fine_amount",
                    key = key,
                    value = amt.to_string(),
                    max = Amount(MAX_FINE).to_string()
                ));
            }
        }
        let p = &self.rules.pay;
        if !(0..=10_000).contains(&p.review_over_percent.bp) {
            out.push(crate::msg!(
                "config.review_over_percent",
                value = p.review_over_percent.to_string()
            ));
        }
        if p.probation_months > 24 {
            out.push(crate::msg!("config.probation_months", value = p.probation_months));
        }
        if p.violation_dismissal_count == 0 {
            out.push(crate::msg!("config.violation_dismissal_count"));
        }
        if let Some(f) = p
            .violation_fines
            .iter()
            .find(|f| f.0 < Fen::ZERO || f.0 > MAX_FINE)
        {
            out.push(crate::msg!(
                "config.violation_fine_range",
                value = f.to_string(),
                max = Amount(MAX_FINE).to_string()
            ));
        }
        if (p.violation_fines.len() as u32) + 1 < p.violation_dismissal_count {
            out.push(crate::msg!(
                "config.violation_fines_count",
                count = p.violation_fines.len(),
                dismissal = p.violation_dismissal_count
            ));
        }
    }

    /// `shifts`, `inputs`, `check` and `company`.
    fn project_problems(&self, out: &mut Vec<Text>) {
        if self.company.timezone.trim().parse::<chrono_tz::Tz>().is_err() {
            out.push(crate::msg!(
                "config.timezone",
                value = format!("{:?}", self.company.timezone),
                default = DEFAULT_TIMEZONE
            ));
        }
        if !self.shifts.table.contains_key(&self.shifts.default_shift) {
            out.push(crate::msg!(
                "config.default_shift",
                value = &self.shifts.default_shift,
                shifts = self.shifts.table.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        for (code, def) in &self.shifts.table {
            if def.start == def.end {
                out.push(crate::msg!(
                    "config.shift_no_length",
                    code = code,
                    time = def.start.to_string()
                ));
            }
            if self.shifts.rest_codes.contains(code) {
                out.push(crate::msg!("config.shift_is_rest_code", code = code));
            }
        }
        for (kind, spec) in self.inputs.kinds() {
            if spec.path.trim().is_empty() {
                out.push(crate::msg!("config.input_path_empty", kind = kind.to_string()));
            }
        }
        if self.check.max_problems == 0 {
            out.push(crate::msg!("config.max_problems"));
        }
        for (key, mib) in [
            ("check.max_input_mib", self.check.max_input_mib),
            ("check.max_shared_strings_mib", self.check.max_shared_strings_mib),
        ] {
            if !(1..=MAX_INPUT_MIB).contains(&mib) {
                out.push(crate::msg!(
                    "config.mib",
                    key = key,
                    value = mib,
                    max = MAX_INPUT_MIB
                ));
            }
        }
        if self.company.name.trim().is_empty() {
            out.push(crate::msg!("config.company_name"));
        }
        let ids: Vec<&str> = self.reports.all().iter().map(|(id, _)| *id).collect();
        out.extend(self.mail.problems(&ids));
    }
}

#[cfg(test)]
mod tests;
