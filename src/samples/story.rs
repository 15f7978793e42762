//! The story the sample inputs tell: a 客服部 of twelve agents over October and
//! November 2026, and every special case as a named table.
//!
//! The generator in `samples/generate.rs` fills in ordinary days from a seeded PRNG;
//! everything a report or a rule should notice is listed here, so a reader can
//! check the samples against this file without running anything.
//!
//! Dates are `(month, day)` in 2026; times are `(hour, minute)`.

use chrono::Weekday;

/// `(month, day)` in 2026.
pub type Md = (u32, u32);
/// `(hour, minute)`.
pub type Hm = (u32, u32);
/// A shift of ATT-1: code, start, end.
pub type ShiftDef = (&'static str, Hm, Hm);
/// A punch on a rest day: 工号, day, time.
pub type RestDayPunch = (&'static str, Md, Hm);
/// A personal call: 工号, day, start, talk seconds.
pub type PersonalCall = (&'static str, Md, Hm, u32);
/// A split call: 工号, day, start, wait seconds, first and second leg's talk seconds.
pub type SplitCall = (&'static str, Md, Hm, u32, u32, u32);
/// A violation: `(year, month, day)`, 工号, 违规类型, 说明.
pub type ViolationRow = ((i32, u32, u32), &'static str, &'static str, &'static str);
/// A service request breaking SLA-1: 工号, day, time accepted, hours to first response.
pub type SlaBreach = (&'static str, Md, Hm, Option<u32>);

/// The department every agent belongs to.
pub const DEPARTMENT: &str = "客服部";

/// One agent on the roster.
#[derive(Debug, Clone, Copy)]
pub struct Agent {
    /// 工号.
    pub id: &'static str,
    /// 姓名.
    pub name: &'static str,
    /// 岗位.
    pub position: &'static str,
    /// 基本工资 in fen.
    pub base_pay_fen: i64,
    /// 班次 on the roster (the shift the schedule gives on every working day,
    /// except where [`SHIFT_CHANGES`] says otherwise).
    pub shift: &'static str,
    /// 入职日期 `(year, month, day)`.
    pub hired: (i32, u32, u32),
    /// The weekday of the agent's weekly rest day (休).
    pub rest_weekday: Weekday,
    /// Calls handled per working day: `(min, max)`.
    pub calls_per_day: (u32, u32),
}

/// The roster. K001 is the team lead; K004's base pay 3,187.25 makes half-up
/// rounding matter (2% = 63.745 → 63.75); K012 is on probation (hired 2026-09-14).
#[rustfmt::skip]
pub const AGENTS: [Agent; 12] = [
    //    工号    姓名      岗位            基本工资(分) 班次    入职日期         休息日        每天通话
    agent("K001", "王丽娟", "客服主管",     680_000, "常班", (2019, 3, 1),   Weekday::Sat, (14, 22)),
    agent("K002", "李明轩", "客服专员",     420_000, "常规", (2022, 7, 11),  Weekday::Mon, (62, 76)),
    agent("K003", "张雨桐", "客服专员",     450_000, "常规", (2021, 4, 6),   Weekday::Tue, (62, 76)),
    agent("K004", "刘佳怡", "客服专员",     318_725, "白班", (2024, 2, 19),  Weekday::Wed, (62, 76)),
    agent("K005", "陈浩然", "客服专员",     460_000, "晚班", (2020, 9, 1),   Weekday::Thu, (58, 72)),
    agent("K006", "杨子涵", "客服专员",     390_000, "常规", (2023, 5, 15),  Weekday::Fri, (62, 76)),
    agent("K007", "赵思远", "客服专员",     400_000, "常规", (2023, 11, 20), Weekday::Sat, (62, 76)),
    agent("K008", "黄诗琪", "客服专员",     435_050, "晚班", (2022, 1, 10),  Weekday::Sun, (58, 72)),
    agent("K009", "周俊杰", "客服专员",     380_000, "白班", (2025, 3, 3),   Weekday::Mon, (62, 76)),
    agent("K010", "吴欣怡", "客服专员",     410_000, "白班", (2024, 8, 26),  Weekday::Sun, (62, 76)),
    agent("K011", "徐梓萱", "高级客服专员", 520_000, "常规", (2018, 6, 4),   Weekday::Tue, (62, 76)),
    agent("K012", "孙博文", "客服专员",     320_000, "常班", (2026, 9, 14),  Weekday::Wed, (62, 76)),
];

#[allow(clippy::too_many_arguments)]
const fn agent(
    id: &'static str,
    name: &'static str,
    position: &'static str,
    base_pay_fen: i64,
    shift: &'static str,
    hired: (i32, u32, u32),
    rest_weekday: Weekday,
    calls_per_day: (u32, u32),
) -> Agent {
    Agent {
        id,
        name,
        position,
        base_pay_fen,
        shift,
        hired,
        rest_weekday,
        calls_per_day,
    }
}

/// Leavers (ATT-6): `(工号, 离职日期)`, the last working day. K011 leaves on Friday
/// 11-27: the roster says 离职 with the date; the schedule, made before she
/// resigned, still names 常规 for 11-28..11-30, and she has no punch, call,
/// survey or service request after 11-27 — those three days are not 旷工.
pub const LEAVERS: [(&str, Md); 1] = [("K011", (11, 27))];

/// The months covered, `(year, month)`.
pub const MONTHS: [(i32, u32); 2] = [(2026, 10), (2026, 11)];

/// Shifts of ATT-1: `(code, start, end)`; an end before the start is the next day.
pub const SHIFTS: [ShiftDef; 4] = [
    ("常规", (8, 30), (17, 30)),
    ("白班", (8, 0), (17, 0)),
    ("晚班", (17, 0), (1, 0)),
    ("常班", (9, 0), (18, 0)),
];

/// The schedule code of a rest day.
pub const REST: &str = "休";

/// Rest days (ATT-5): every agent rests on their weekday, the first four times it
/// occurs in the month (a fifth occurrence is worked) — 4 rest days a month.
/// The exception: these agents rest on every occurrence in these months, which
/// gives K010 five rest days in November 2026 (the five Sundays 1, 8, 15, 22, 29).
pub const EXTRA_REST: [(&str, u32); 1] = [("K010", 11)];

/// Shift changes: from `(month, day)` on, the agent works this shift instead of the
/// roster's. K008 works 晚班 until Monday 11-16 and 白班 from 11-17: a night shift
/// (11-16 17:00 → 11-17 01:00) followed by a day shift (11-17 08:00).
pub const SHIFT_CHANGES: [(&str, (u32, u32), &str); 1] = [("K008", (11, 17), "白班")];

/// Late arrivals (ATT-2): `(工号, (month, day), minutes late)`; the clock-in is at
/// shift start + minutes, seconds 00. November counts: K002 5, K003 3, K004 2,
/// K008 2, K005 1 (a 晚班), K006 1, K010 1; everyone else 0.
/// October: K002 2, K005 1, K006 1, K010 1.
pub const LATE_ARRIVALS: [(&str, (u32, u32), u32); 20] = [
    // October
    ("K002", (10, 8), 6),
    ("K002", (10, 21), 11),
    ("K005", (10, 9), 20), // 晚班: clock-in 17:20
    ("K006", (10, 15), 5),
    ("K010", (10, 27), 3),
    // November: K002 five times (flagged: more than 3 in a month)
    ("K002", (11, 3), 7),
    ("K002", (11, 6), 15),
    ("K002", (11, 11), 4),
    ("K002", (11, 19), 22),
    ("K002", (11, 24), 9),
    // K003 three times (the threshold: every late arrival at 5% in mode `all`)
    ("K003", (11, 4), 12),
    ("K003", (11, 16), 6),
    ("K003", (11, 23), 3),
    // K004 twice at 2% of 3,187.25 = 63.745 → 63.75 each
    ("K004", (11, 9), 18),
    ("K004", (11, 20), 5),
    // K005 once, on a 晚班: clock-in 17:09
    ("K005", (11, 18), 9),
    ("K006", (11, 12), 11),
    // K008 twice: once on 晚班, once on 白班 after the change
    ("K008", (11, 5), 8),
    ("K008", (11, 26), 14),
    ("K010", (11, 2), 6),
    // (K001, K007, K009, K011, K012: never late in November)
];

/// Early leaves (ATT-3): `(工号, (month, day), minutes before the shift's end)`.
/// K006 leaves 常规 at 16:45 on Tuesday 11-24 (45 minutes early).
pub const EARLY_LEAVES: [(&str, (u32, u32), u32); 1] = [("K006", (11, 24), 45)];

/// Missing clock-outs (缺卡, ATT-3): a clock-in and no punch after it that day.
/// K007 on Thursday 11-19 (常规).
pub const MISSING_CLOCK_OUTS: [(&str, (u32, u32)); 1] = [("K007", (11, 19))];

/// Absences (旷工, ATT-3): scheduled, no punch at all, no leave. K009 on Tuesday 11-10.
pub const ABSENCES: [(&str, (u32, u32)); 1] = [("K009", (11, 10))];

/// Punches on a rest day: `(工号, (month, day), (hour, minute))`, a single punch.
/// K010 on Sunday 11-22 at 10:15.
pub const REST_DAY_PUNCHES: [RestDayPunch; 1] = [("K010", (11, 22), (10, 15))];

/// 晚班 clock-outs after 01:00 are extended service (ATT-4); every ordinary 晚班
/// clock-out falls between 01:01 and 01:15 the next morning.
pub const NIGHT_CLOCK_OUT_MINUTES_AFTER_END: (u32, u32) = (1, 15);

/// A leave: 工号, first day, last day, 类型, 审批人.
pub type LeaveRow = (&'static str, (u32, u32), (u32, u32), &'static str, &'static str);

/// A 补卡登记 row (ATT-7): 工号, day, time, 原因, 审批人 (empty: not approved).
pub type CorrectionRow = (&'static str, Md, Hm, &'static str, &'static str);

/// Punches forgotten on a worked day: `(工号, (month, day), clock-in?)` — the
/// clock-in (`true`) or the clock-out is missing from the punch export, and the
/// 补卡登记 ([`CORRECTIONS`]) has an approved correction for it. K003 forgets to
/// clock in on Wednesday 11-25, K008 to clock out on Friday 11-27 (白班).
pub const FORGOTTEN_PUNCHES: [(&str, Md, bool); 2] = [("K003", (11, 25), true), ("K008", (11, 27), false)];

/// The 补卡登记. K003's 08:22 and K008's 17:06 are approved by 王丽娟: without them
/// those days would be 缺卡 (ATT-7 notes on the deduction sheet). K007's 17:40 for
/// the missing clock-out of 11-19 has no 审批人: it changes nothing (still 缺卡)
/// and is listed for review.
pub const CORRECTIONS: [CorrectionRow; 3] = [
    ("K007", (11, 19), (17, 40), "忘记打卡", ""),
    (
        "K003",
        (11, 25),
        (8, 22),
        "考勤机故障，主管现场确认到岗",
        "王丽娟",
    ),
    ("K008", (11, 27), (17, 6), "下班时考勤机断电，未能打卡", "王丽娟"),
];

/// Approved leaves (every row has an approver). No punches or calls on the days
/// they cover. K011's 年假 11-12..11-13 covers two scheduled days; K012's 事假
/// 11-24..11-25 covers one scheduled day and one rest day (Wednesday 11-25).
pub const LEAVES: [LeaveRow; 4] = [
    ("K007", (10, 14), (10, 16), "年假", "王丽娟"),
    ("K003", (10, 21), (10, 21), "病假", "王丽娟"),
    ("K011", (11, 12), (11, 13), "年假", "王丽娟"),
    ("K012", (11, 24), (11, 25), "事假", "王丽娟"),
];

/// Personal calls (通话类型 私人, PAY-4): `(工号, (month, day), (hour, minute), talk seconds)`.
/// Over 3 minutes: K002 11-06 (312 s) and 11-19 (245 s), K006 11-24 (418 s),
/// K010 10-20 (260 s). K009 11-11 (95 s) is under the threshold.
pub const PERSONAL_CALLS: [PersonalCall; 5] = [
    ("K002", (11, 6), (14, 12), 312),
    ("K002", (11, 19), (10, 40), 245),
    ("K006", (11, 24), (15, 2), 418),
    ("K009", (11, 11), (11, 20), 95),
    ("K010", (10, 20), (13, 5), 260),
];

/// Calls split across two CDR rows sharing one 通话ID (an answered inbound call put
/// on hold and resumed): `(工号, (month, day), (hour, minute), wait s, first talk s,
/// second talk s)`. The second row starts when the first ends, same agent,
/// 等待时长 0. Each is one call.
pub const SPLIT_CALLS: [SplitCall; 5] = [
    ("K003", (10, 14), (10, 15), 6, 140, 95),
    ("K007", (10, 27), (15, 40), 11, 60, 210),
    ("K003", (11, 4), (10, 15), 8, 120, 200),
    ("K011", (11, 18), (14, 30), 4, 75, 180),
    ("K002", (11, 20), (9, 50), 25, 300, 45),
];

/// Complaints: 日期, 工号, 严重程度, 来源, 是否本公司责任, 内容.
pub type ComplaintRow = (
    (u32, u32),
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The complaint register. November has every severity; K005's of 11-20 is not the
/// company's responsibility (否). Fines by default: K002 30 + 10, K003 10, K008 50.
pub const COMPLAINTS: [ComplaintRow; 7] = [
    (
        (10, 9),
        "K004",
        "一般",
        "客户",
        "是",
        "回访时未核实客户身份即告知订单信息",
    ),
    (
        (10, 23),
        "K010",
        "较重",
        "销售",
        "是",
        "答复的安装时间与销售约定不一致，客户重复上门等待",
    ),
    ((11, 5), "K003", "一般", "客户", "是", "回访电话中语气生硬"),
    ((11, 12), "K002", "较重", "客户", "是", "承诺当天回电，三天未回电"),
    (
        (11, 18),
        "K008",
        "严重",
        "客户",
        "是",
        "错误告知退费政策，造成客户经济损失",
    ),
    (
        (11, 20),
        "K005",
        "一般",
        "销售",
        "否",
        "客户对产品定价不满，经核实非客服原因",
    ),
    ((11, 23), "K002", "一般", "客户", "是", "通话中多次打断客户"),
];

/// Violations: `((year, month, day), 工号, 违规类型, 说明)`. K006 has three in 2026
/// (September, October, November: the third is a dismissal proposal); K002 one in
/// November (10 元); K009 one in October (10 元).
pub const VIOLATIONS: [ViolationRow; 5] = [
    (
        (2026, 9, 17),
        "K006",
        "上班时间玩手机游戏",
        "班组长巡查发现，已口头警告",
    ),
    (
        (2026, 10, 13),
        "K009",
        "上班时间浏览与工作无关网页",
        "质检抽查屏幕记录",
    ),
    ((2026, 10, 22), "K006", "上班时间浏览购物网站", "质检抽查屏幕记录"),
    ((2026, 11, 10), "K006", "工作时间处理私人事务", "离开座席 40 分钟"),
    ((2026, 11, 19), "K002", "上班时间看视频", "班组长巡查发现"),
];

/// Service requests whose first response breaks SLA-1 (24 h):
/// `(工号, (month, day), (hour, minute) accepted, hours to first response or None)`.
/// The first response comes the given hours and 17 minutes after acceptance.
/// November: three late (26 h 17 min, 31 h 17 min, 50 h 17 min) and one never
/// answered (K009's of 11-20 09:12); October: one late (28 h 17 min). Every other
/// request is answered within 10 minutes to 20 hours.
pub const SLA_BREACHES: [SlaBreach; 5] = [
    ("K004", (10, 16), (16, 20), Some(28)),
    ("K003", (11, 6), (15, 40), Some(26)),
    ("K007", (11, 13), (10, 5), Some(31)),
    ("K011", (11, 19), (11, 30), Some(50)),
    ("K009", (11, 20), (9, 12), None),
];

/// A date, or a date and a time, of a client record: `(month, day)` and maybe `(hour, minute)`.
pub type When = (Md, Option<Hm>);

/// A 客户资料登记 row (SLA-2): 客户, 受理日期, 销售人员, 销售提交日期, 建档日期, 建档人工号
/// (empty when not filed).
pub type ClientRecordRow = (
    &'static str,
    When,
    &'static str,
    Option<When>,
    Option<When>,
    &'static str,
);

/// The 客户资料登记, October and November 2026 (3 days to submit, 24 hours to file).
/// Dates alone count as the end of the day for a deadline and the start of it for
/// the event. November's ten records: 瑞丰 submitted 49 hours late (郑雅婷);
/// 博雅 filed 8.5 hours late by K004; 海润 submitted 11-18 and never filed
/// (open at the month's end, 11 days past the end of 11-19); 长江 accepted 11-24
/// and not submitted (open, 3 days past the end of 11-27); 北辰 accepted 11-28,
/// its deadline (end of 12-01) still ahead (pending). Submitted on time 7 of 9
/// (77.78%), filed on time 6 of 8 (75.00%).
#[rustfmt::skip]
pub const CLIENT_RECORDS: [ClientRecordRow; 14] = [
    ("华东建材有限公司", ((10, 8), None), "陈志强", Some(((10, 10), None)), Some(((10, 11), None)), "K004"),
    ("恒信物业管理有限公司", ((10, 13), Some((9, 30))), "林晓峰", Some(((10, 15), Some((16, 20)))), Some(((10, 16), Some((10, 5)))), "K011"),
    ("宏达机电设备有限公司", ((10, 20), None), "郑雅婷", Some(((10, 22), None)), Some(((10, 23), None)), "K004"),
    ("绿源食品有限公司", ((10, 27), None), "陈志强", Some(((10, 29), Some((14, 0)))), Some(((10, 30), Some((9, 10)))), "K009"),
    ("新星科技有限公司", ((11, 2), None), "林晓峰", Some(((11, 4), None)), Some(((11, 5), None)), "K004"),
    ("瑞丰酒店管理有限公司", ((11, 4), Some((10, 0))), "郑雅婷", Some(((11, 9), Some((11, 0)))), Some(((11, 9), Some((15, 0)))), "K011"),
    ("金桥物流有限公司", ((11, 6), None), "陈志强", Some(((11, 9), None)), Some(((11, 10), None)), "K009"),
    ("博雅教育咨询有限公司", ((11, 11), None), "林晓峰", Some(((11, 12), Some((9, 0)))), Some(((11, 13), Some((17, 30)))), "K004"),
    ("安泰医疗器械有限公司", ((11, 13), None), "郑雅婷", Some(((11, 16), None)), Some(((11, 16), None)), "K011"),
    ("海润置业有限公司", ((11, 17), None), "陈志强", Some(((11, 18), None)), None, ""),
    ("华信电子有限公司", ((11, 19), Some((14, 0))), "林晓峰", Some(((11, 20), Some((10, 0)))), Some(((11, 20), Some((16, 45)))), "K009"),
    ("东方印务有限公司", ((11, 23), None), "郑雅婷", Some(((11, 25), None)), Some(((11, 26), None)), "K004"),
    ("长江建工集团有限公司", ((11, 24), None), "陈志强", None, None, ""),
    ("北辰商贸有限公司", ((11, 28), None), "林晓峰", None, None, ""),
];

/// One slip-register row, see [`SLIPS`].
#[derive(Debug, Clone, Copy)]
pub struct Slip {
    /// 编号.
    pub number: &'static str,
    /// 类别 A/B/C.
    pub class: &'static str,
    /// 性质.
    pub nature: &'static str,
    /// 收单部门.
    pub to: &'static str,
    /// 主题.
    pub subject: &'static str,
    /// 工作要求.
    pub requirement: &'static str,
    /// 发单日期 `(month, day)`.
    pub issued: (u32, u32),
    /// 要求完成日期.
    pub due: (u32, u32),
    /// 签收日期.
    pub signed: Option<(u32, u32)>,
    /// 回复日期.
    pub replied: Option<(u32, u32)>,
    /// 完成日期.
    pub completed: Option<(u32, u32)>,
    /// 完成评价.
    pub evaluation: &'static str,
    /// 替代编号 (a counter-slip names the original).
    pub replaces: &'static str,
    /// Signatures present: 部门经理, 分管领导, 主管领导, 审计负责人.
    pub signed_by: Signatures,
    /// 未沟通延误天数.
    pub no_inquiry_days: Option<u32>,
    /// 发单方推诿 (是/否, empty when not judged).
    pub issuer_shirked: &'static str,
}

/// Which approval boxes carry a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signatures {
    /// 部门经理.
    pub manager: bool,
    /// 分管领导.
    pub division: bool,
    /// 主管领导.
    pub chief: bool,
    /// 审计负责人.
    pub audit: bool,
}

/// Chain C: 部门经理 only.
#[rustfmt::skip]
const SIG_C: Signatures = Signatures { manager: true, division: false, chief: false, audit: false };
/// Chain B: 部门经理 and 分管领导.
#[rustfmt::skip]
const SIG_B: Signatures = Signatures { manager: true, division: true, chief: false, audit: false };
/// Chain A: 部门经理, 分管领导 and 主管领导.
#[rustfmt::skip]
const SIG_A: Signatures = Signatures { manager: true, division: true, chief: true, audit: false };
/// Chain C of a 事件跟催 slip: plus the audit head.
#[rustfmt::skip]
const SIG_C_CHASE: Signatures = Signatures { manager: true, division: false, chief: false, audit: true };
/// Class A missing 主管领导: invalid (SLIP-1).
#[rustfmt::skip]
const SIG_A_MISSING_CHIEF: Signatures = Signatures { manager: true, division: true, chief: false, audit: false };

/// Names written in the approval columns.
pub const SIGNATORIES: Signatories = Signatories {
    drafter: "周婷婷",
    manager: "王丽娟",
    division: "赵建国",
    chief: "钱志远",
    audit: "孙立新",
};

/// The people who sign slips.
#[derive(Debug, Clone, Copy)]
pub struct Signatories {
    /// 起草人.
    pub drafter: &'static str,
    /// 部门经理.
    pub manager: &'static str,
    /// 分管领导.
    pub division: &'static str,
    /// 主管领导.
    pub chief: &'static str,
    /// 审计负责人.
    pub audit: &'static str,
}

const fn slip(number: &'static str, class: &'static str, nature: &'static str, to: &'static str) -> Slip {
    Slip {
        number,
        class,
        nature,
        to,
        subject: "",
        requirement: "",
        issued: (1, 1),
        due: (1, 1),
        signed: None,
        replied: None,
        completed: None,
        evaluation: "",
        replaces: "",
        signed_by: SIG_C,
        no_inquiry_days: None,
        issuer_shirked: "",
    }
}

/// The 2026 slip register, all issued by 客服部. Numbers KF-2026-001 … 018 with
/// KF-2026-005 missing (a gap), no duplicates. State at 2026-11-30:
///
/// | 编号 | class | 收单部门 | state at 11-30 |
/// | --- | --- | --- | --- |
/// | 001–004, 006–009 | mixed | various | 已完成 按期, except 003 (完成 04-17, due 04-15: 逾期 2 天) |
/// | 010 | A | 技术部 | due 10-16, moved to 11-13 by counter-slip 011; 完成 11-18: 逾期 5 天 |
/// | 011 | A | 技术部 | counter-slip, 替代编号 KF-2026-010, due 11-13 |
/// | 012 | B | 财务部 + 销售部 | multi-department; 财务部 按期 (10-29 ≤ 10-30); 销售部 完成 11-12, due 11-06: 逾期 6 天; 发单方推诿 是 on both rows (one charge) |
/// | 013 | A | 行政部 | no 主管领导 signature: invalid; completed on time |
/// | 014 | C 事件跟催 | 技术部 | with 审计负责人; completed on time |
/// | 015 | B | 财务部 | signed 11-10, due 11-20, open: 逾期未完成 |
/// | 016 | C | 人力资源部 | issued 11-16, never signed: 未签收 |
/// | 017 | B | 销售部 | signed 11-24, due 12-04, open: 已签收未完成 |
/// | 018 | A | 工程部 | signed 11-26, due 12-10, open: 已签收未完成 |
pub const SLIPS: [Slip; 18] = [
    Slip {
        subject: "更换客服热线座席耳麦",
        requirement: "为客服热线 12 个座席更换降噪耳麦，旧耳麦交回资产管理。",
        issued: (1, 12),
        due: (1, 20),
        signed: Some((1, 13)),
        replied: Some((1, 15)),
        completed: Some((1, 19)),
        evaluation: "满意",
        signed_by: SIG_C,
        ..slip("KF-2026-001", "C", "工作指令", "行政部")
    },
    Slip {
        subject: "协助处理客户退款",
        requirement: "核对 1 月份 6 笔客户退款申请并完成退款，退款结果回传客服部以便回访。",
        issued: (2, 9),
        due: (2, 20),
        signed: Some((2, 10)),
        replied: Some((2, 12)),
        completed: Some((2, 18)),
        evaluation: "满意",
        signed_by: SIG_B,
        ..slip("KF-2026-002", "B", "协助指令", "财务部")
    },
    Slip {
        subject: "呼叫中心系统升级",
        requirement: "将呼叫中心系统升级至新版本，升级期间保证热线不中断，升级后提供操作培训。",
        issued: (3, 16),
        due: (4, 15),
        signed: Some((3, 17)),
        replied: Some((3, 20)),
        completed: Some((4, 17)),
        evaluation: "基本满意，晚两天完成",
        signed_by: SIG_A,
        ..slip("KF-2026-003", "A", "工作指令", "技术部")
    },
    Slip {
        subject: "客服新员工岗前培训安排",
        requirement: "安排 4 月入职客服人员的岗前培训及考核。",
        issued: (4, 7),
        due: (4, 30),
        signed: Some((4, 8)),
        replied: Some((4, 9)),
        completed: Some((4, 28)),
        evaluation: "满意",
        signed_by: SIG_C,
        ..slip("KF-2026-004", "C", "其他", "人力资源部")
    },
    // KF-2026-005 is deliberately missing: a gap in the numbering (SLIP-2).
    Slip {
        subject: "销售承诺与服务标准不一致",
        requirement: "请销售部统一对客户的售后服务承诺口径，与客服部服务标准保持一致。",
        issued: (5, 11),
        due: (5, 25),
        signed: Some((5, 12)),
        replied: Some((5, 14)),
        completed: Some((5, 22)),
        evaluation: "满意",
        signed_by: SIG_B,
        ..slip("KF-2026-006", "B", "申诉建议", "销售部")
    },
    Slip {
        subject: "重大客户现场故障联合处理",
        requirement: "派工程师赴现场与客服部共同处理重大客户设备故障，48 小时内出具处理报告。",
        issued: (6, 3),
        due: (6, 10),
        signed: Some((6, 3)),
        replied: Some((6, 4)),
        completed: Some((6, 9)),
        evaluation: "满意",
        signed_by: SIG_A,
        ..slip("KF-2026-007", "A", "协助指令", "工程部")
    },
    Slip {
        subject: "工单系统故障跟催",
        requirement: "工单系统 7 月 3 日起无法导出报表，请于 7 月 10 日前修复并说明原因。",
        issued: (7, 6),
        due: (7, 10),
        signed: Some((7, 6)),
        replied: Some((7, 7)),
        completed: Some((7, 9)),
        evaluation: "满意",
        signed_by: SIG_C_CHASE,
        ..slip("KF-2026-008", "C", "事件跟催", "技术部")
    },
    Slip {
        subject: "第三季度客服话费预算",
        requirement: "核定第三季度客服热线话费预算并办理充值。",
        issued: (8, 17),
        due: (8, 31),
        signed: Some((8, 18)),
        replied: Some((8, 19)),
        completed: Some((8, 28)),
        evaluation: "满意",
        signed_by: SIG_B,
        ..slip("KF-2026-009", "B", "工作指令", "财务部")
    },
    Slip {
        subject: "通话录音系统扩容",
        requirement: "录音存储将于 10 月满额，请扩容至可保存 12 个月录音，并做好数据迁移。",
        issued: (9, 7),
        due: (10, 16),
        signed: Some((9, 8)),
        replied: Some((9, 10)),
        completed: Some((11, 18)),
        evaluation: "按反联络单约定日期逾期 5 天完成",
        signed_by: SIG_A,
        ..slip("KF-2026-010", "A", "工作指令", "技术部")
    },
    Slip {
        subject: "反联络单：通话录音系统扩容延期",
        requirement: "因存储设备到货延迟，经双方协商，KF-2026-010 要求完成日期改为 11 月 13 日。",
        issued: (10, 12),
        due: (11, 13),
        signed: Some((10, 12)),
        replied: Some((10, 12)),
        completed: Some((11, 18)),
        evaluation: "",
        replaces: "KF-2026-010",
        signed_by: SIG_A,
        ..slip("KF-2026-011", "A", "工作指令", "技术部")
    },
    Slip {
        subject: "十月客户回访礼品采购与对账",
        requirement: "财务部：10 月 30 日前完成回访礼品款项对账。",
        issued: (10, 19),
        due: (10, 30),
        signed: Some((10, 20)),
        replied: Some((10, 22)),
        completed: Some((10, 29)),
        evaluation: "满意",
        signed_by: SIG_B,
        issuer_shirked: "是",
        ..slip("KF-2026-012", "B", "协助指令", "财务部")
    },
    Slip {
        subject: "十月客户回访礼品采购与对账",
        requirement: "销售部：11 月 6 日前提供需回访的重点客户名单及联系人。",
        issued: (10, 19),
        due: (11, 6),
        signed: Some((10, 21)),
        replied: Some((10, 27)),
        completed: Some((11, 12)),
        evaluation: "逾期 6 天",
        signed_by: SIG_B,
        no_inquiry_days: Some(2),
        issuer_shirked: "是",
        ..slip("KF-2026-012", "B", "协助指令", "销售部")
    },
    Slip {
        subject: "坐席区空调维修",
        requirement: "坐席区两台空调制冷失效，请于 11 月 5 日前修复。",
        issued: (10, 26),
        due: (11, 5),
        signed: Some((10, 27)),
        replied: Some((10, 28)),
        completed: Some((11, 4)),
        evaluation: "满意",
        signed_by: SIG_A_MISSING_CHIEF,
        ..slip("KF-2026-013", "A", "工作指令", "行政部")
    },
    Slip {
        subject: "短信通知平台故障跟催",
        requirement: "短信通知平台 11 月 1 日起发送失败，请于 11 月 6 日前恢复并提交故障说明。",
        issued: (11, 2),
        due: (11, 6),
        signed: Some((11, 3)),
        replied: Some((11, 3)),
        completed: Some((11, 6)),
        evaluation: "满意",
        signed_by: SIG_C_CHASE,
        ..slip("KF-2026-014", "C", "事件跟催", "技术部")
    },
    Slip {
        subject: "十一月话费账单核对",
        requirement: "核对 11 月客服热线话费账单，异常费用 11 月 20 日前与运营商交涉。",
        issued: (11, 9),
        due: (11, 20),
        signed: Some((11, 10)),
        replied: Some((11, 12)),
        completed: None,
        signed_by: SIG_B,
        ..slip("KF-2026-015", "B", "协助指令", "财务部")
    },
    Slip {
        subject: "排班系统权限开通",
        requirement: "为客服部新入职人员开通排班系统账号及查看权限。",
        issued: (11, 16),
        due: (11, 23),
        signed: None,
        replied: None,
        completed: None,
        signed_by: SIG_C,
        ..slip("KF-2026-016", "C", "工作指令", "人力资源部")
    },
    Slip {
        subject: "年末客户关怀活动口径",
        requirement: "请销售部确认年末客户关怀活动的对外口径，客服部据此准备话术。",
        issued: (11, 23),
        due: (12, 4),
        signed: Some((11, 24)),
        replied: None,
        completed: None,
        signed_by: SIG_B,
        ..slip("KF-2026-017", "B", "申诉建议", "销售部")
    },
    Slip {
        subject: "冬季设备巡检联合回访",
        requirement: "工程部安排冬季设备巡检，客服部同步回访，12 月 10 日前完成首批 30 户。",
        issued: (11, 25),
        due: (12, 10),
        signed: Some((11, 26)),
        replied: None,
        completed: None,
        signed_by: SIG_A,
        ..slip("KF-2026-018", "A", "协助指令", "工程部")
    },
];

/// A 活动经费支出登记 row (PAY-5): day, 金额 in fen, 用途, 经手人, 审批人.
pub type FundExpenseRow = (Md, i64, &'static str, &'static str, &'static str);

/// What the activity fund paid out. The fines it received: September ¥10.00
/// (K006's first violation), October ¥80.00 (K004 ¥10.00, K010 ¥30.00, K009
/// ¥10.00, K006's second violation ¥30.00), November ¥110.00 (complaints ¥100.00,
/// K002's violation ¥10.00). With `fund_opening_balance = 0`: September closes at
/// ¥10.00; October ¥10.00 + ¥80.00 − ¥60.00 = ¥30.00; November ¥30.00 + ¥110.00 −
/// ¥45.50 = ¥94.50 (玖拾肆元伍角).
pub const FUND_EXPENSES: [FundExpenseRow; 2] = [
    ((10, 30), 6_000, "十月员工生日会蛋糕", "吴欣怡", "王丽娟"),
    ((11, 26), 4_550, "部门周会茶歇水果", "徐梓萱", "王丽娟"),
];
