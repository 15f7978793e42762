//! The one set of fixtures for rule and report tests: records made in code with
//! synthetic sources. Dates, employees and a dataset builder ([`Kit`]); the call
//! log and survey week the operations figures are checked against; slip
//! register rows for the slip rules.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};

use crate::config::SlipRules;
use crate::model::{
    Call, CallDirection, CallKind, CallStatus, Complaint, Dataset, Employee, EmployeeKey, Fen, Leave, Period,
    Punch, PunchCorrection, ScheduleEntry, ServiceRequest, Severity, ShortText, SlipClass, SlipNature,
    SlipRow, Source, SurveyResponse, Violation,
};
use crate::rules::slips::{ChargeKind, SlipFindings};

/// A day of 2026.
pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid test date") // not a message
}

/// A moment of 2026.
pub fn at(m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, min, s).expect("valid test time") // not a message
}

/// A date written `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date") // not a message
}

/// A moment written `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`.
pub fn moment(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .expect("test time") // not a message
}

/// A period written as `zhidu` reads it: `2026-11` or `2026-11-16..2026-11-22`.
pub fn period(text: &str) -> Period {
    Period::parse(text).expect("test period") // not a message
}

/// An employee of 客服部 on the roster, hired 2026-01-05, with a base pay in fen.
pub fn employee(id: &str, name: &str, base_yuan_fen: i64) -> Employee {
    Employee {
        id: id.into(),
        name: name.into(),
        department: "客服部".into(),
        position: Some("客服专员".into()),
        base_pay: Fen(base_yuan_fen),
        default_shift: None,
        hire_date: Some(day(1, 5)),
        leave_date: None,
        status: Some("在职".into()),
        email: None,
        notice_password: None,
        source: Source::synthetic("inputs/roster.xlsx", "花名册", 2),
    }
}

/// A dataset builder; rows are numbered in the order records are added.
#[derive(Default)]
pub struct Kit {
    /// The records added so far.
    pub data: Dataset,
    row: u32,
}

impl Kit {
    fn next(&mut self) -> u32 {
        self.row += 1;
        self.row + 1
    }
    pub fn emp(mut self, e: Employee) -> Kit {
        self.data.employees.push(e);
        self
    }
    pub fn shift(mut self, id: &str, date: NaiveDate, code: &str) -> Kit {
        let row = self.next();
        self.data.schedule.push(ScheduleEntry {
            employee: EmployeeKey::by_id(id).into(),
            date,
            shift: code.into(),
            source: Source::synthetic("inputs/schedule.xlsx", "排班表", row),
        });
        self
    }
    /// The same shift code every day of November, with rest days on the given days.
    pub fn november(mut self, id: &str, code: &str, rest: &[u32]) -> Kit {
        for d in 1..=30 {
            let c = if rest.contains(&d) { "休" } else { code };
            self = self.shift(id, day(11, d), c);
        }
        self
    }
    pub fn punch(mut self, id: &str, t: NaiveDateTime) -> Kit {
        let row = self.next();
        self.data.punches.push(Punch {
            employee: EmployeeKey::by_id(id).into(),
            at: t,
            device: None,
            result: None,
            remark: None,
            source: Source::synthetic("inputs/punches.xlsx", "打卡记录", row),
        });
        self
    }
    /// A 补卡登记 row; `approver` `None` leaves 审批人 empty.
    pub fn correction(mut self, id: &str, t: NaiveDateTime, approver: Option<&str>, reason: &str) -> Kit {
        let row = self.next();
        self.data.corrections.push(PunchCorrection {
            employee: EmployeeKey::by_id(id),
            at: t,
            reason: Some(reason.into()),
            approver: approver.map(String::from),
            source: Source::synthetic("inputs/corrections.xlsx", "补卡登记", row),
        });
        self
    }
    pub fn leave(mut self, id: &str, start: NaiveDate, end: NaiveDate) -> Kit {
        let row = self.next();
        self.data.leaves.push(Leave {
            employee: EmployeeKey::by_id(id),
            start,
            end,
            kind: Some("事假".into()),
            approver: Some("王经理".into()),
            source: Source::synthetic("inputs/leaves.xlsx", "请假记录", row),
        });
        self
    }
    pub fn complaint(mut self, id: &str, date: NaiveDate, severity: Severity, company_fault: bool) -> Kit {
        let row = self.next();
        self.data.complaints.push(Complaint {
            date,
            employee: EmployeeKey::by_id(id),
            severity,
            origin: Some("客户".into()),
            company_fault,
            content: Some("服务态度".into()),
            source: Source::synthetic("inputs/complaints.xlsx", "投诉登记", row),
        });
        self
    }
    /// A service request owned by `id`, accepted and (maybe) first answered at the given moments.
    pub fn request(mut self, id: &str, accepted: NaiveDateTime, response: Option<NaiveDateTime>) -> Kit {
        let row = self.next();
        self.data.service_requests.push(ServiceRequest {
            accepted_at: accepted,
            first_response_at: response,
            owner: EmployeeKey::by_id(id),
            customer: None,
            category: None,
            onsite_at: None,
            source: Source::synthetic("inputs/requests.xlsx", "服务请求", row),
        });
        self
    }
    pub fn violation(mut self, id: &str, date: NaiveDate) -> Kit {
        let row = self.next();
        self.data.violations.push(Violation {
            date,
            employee: EmployeeKey::by_id(id),
            kind: "上班玩游戏".into(),
            note: None,
            source: Source::synthetic("inputs/violations.xlsx", "违规记录", row),
        });
        self
    }
}

/// One call-log row: its row, call id, agent, start (`YYYY-MM-DD HH:MM:SS`),
/// direction, status, wait and talk seconds, kind.
#[allow(clippy::too_many_arguments)]
pub fn call(
    row: u32,
    id: Option<&str>,
    agent: &str,
    start: &str,
    dir: CallDirection,
    status: CallStatus,
    wait: Option<u32>,
    talk: u32,
    kind: CallKind,
) -> Call {
    Call {
        call_id: id.map(ShortText::from),
        agent: Arc::new(EmployeeKey::by_id(agent)),
        start: moment(start),
        talk_seconds: talk,
        wait_seconds: wait,
        direction: dir,
        status,
        kind,
        caller: Some(ShortText::from("13800000000")),
        callee: Some(ShortText::from("13900000000")),
        source: Source::synthetic("calls.xlsx", "通话记录", row),
    }
}

/// The call week: two agents (K001 张三, K002 李四) and one unknown extension (K999),
/// week 2026-11-16..2026-11-22, with one call the day before and one the day after.
#[rustfmt::skip]
pub fn call_week() -> (Vec<Employee>, Vec<Call>) {
    use CallDirection::*;
    use CallKind::*;
    use CallStatus::*;
    let employees = vec![employee("K001", "张三", 400_000), employee("K002", "李四", 400_000)];
    let calls = vec![
        // K001: four inbound calls, one of them split over two rows (c4: a ring leg
        // to K002 that was not answered, then K001 answered after 25 s, talked 200 s).
        call(2, Some("c1"), "K001", "2026-11-16 09:00:00", Inbound, Answered, Some(10), 100, Business),
        call(3, Some("c2"), "K001", "2026-11-16 10:00:00", Inbound, Answered, Some(30), 300, Business),
        call(4, Some("c3"), "K001", "2026-11-17 11:00:00", Inbound, Abandoned, Some(40), 0, Business),
        call(5, Some("c4"), "K002", "2026-11-18 09:00:00", Inbound, Missed, Some(15), 0, Business),
        call(6, Some("c4"), "K001", "2026-11-18 09:00:15", Inbound, Answered, Some(25), 200, Business),
        // K001: an outbound business call (60 s) and a personal outbound call of 200 s (> 180 s).
        call(7, Some("c5"), "K001", "2026-11-18 12:00:00", Outbound, Answered, None, 60, Business),
        call(8, Some("c6"), "K001", "2026-11-19 12:30:00", Outbound, Answered, None, 200, Personal),
        // K002: two inbound, one answered in 5 s (talk 90 s), one missed; no wait on the missed one.
        call(9, None, "K002", "2026-11-20 14:00:00", Inbound, Answered, Some(5), 90, Business),
        call(10, None, "K002", "2026-11-20 15:00:00", Inbound, Missed, None, 0, Business),
        // K002: a personal call of exactly 180 s is not over the threshold.
        call(11, Some("c7"), "K002", "2026-11-21 16:00:00", Outbound, Answered, None, 180, Personal),
        // K999 (not in the roster): one inbound answered in 20 s (exactly the threshold), talk 61 s.
        call(12, Some("c8"), "K999", "2026-11-22 23:59:59", Inbound, Answered, Some(20), 61, Business),
        // Outside the week: the day before and the day after.
        call(13, Some("c9"), "K001", "2026-11-15 23:00:00", Inbound, Answered, Some(1), 10, Business),
        call(14, Some("c10"), "K001", "2026-11-23 00:00:00", Inbound, Answered, Some(1), 10, Business),
    ];
    (employees, calls)
}

/// One survey response: row, date (`YYYY-MM-DD`), agent, score 1–5, comment.
pub fn response(row: u32, on: &str, agent: &str, score: u8, comment: Option<&str>) -> SurveyResponse {
    SurveyResponse {
        date: date(on),
        agent: EmployeeKey::by_id(agent),
        score,
        customer: None,
        channel: None,
        comment: comment.map(String::from),
        source: Source::synthetic("surveys.xlsx", "满意度", row),
    }
}

/// November 2026's surveys: K001 5, 4, 2 ("等待太久"); K002 5, 3 ("一般"), 1 ("态度差"), 5;
/// one in October.
pub fn survey_month() -> Vec<SurveyResponse> {
    vec![
        response(2, "2026-11-02", "K001", 5, None),
        response(3, "2026-11-09", "K001", 4, Some("  ")),
        response(4, "2026-11-29", "K001", 2, Some("等待太久")),
        response(5, "2026-11-03", "K002", 5, Some("很好")),
        response(6, "2026-11-10", "K002", 3, Some("一般")),
        response(7, "2026-11-30", "K002", 1, Some("态度差")),
        response(8, "2026-11-15", "K002", 5, None),
        response(9, "2026-10-31", "K002", 1, Some("上月")),
    ]
}

/// A fully signed class-C slip from 客服部 to one department, issued and due on the
/// given days (`YYYY-MM-DD`), at register row `line`.
pub fn slip(number: &str, to: &str, issued: &str, due: &str, line: u32) -> SlipRow {
    SlipRow {
        number: number.into(),
        class: SlipClass::C,
        nature: Some(SlipNature::Assistance),
        from_dept: "客服部".into(),
        to_dept: to.into(),
        subject: "测试".into(),
        requirement: None,
        issue_date: date(issued),
        due_date: date(due),
        signed_date: None,
        reply_date: None,
        completed_date: None,
        evaluation: None,
        replaces: None,
        drafter: Some("张三".into()),
        dept_manager: Some("李四".into()),
        division_leader: Some("王五".into()),
        chief_leader: Some("赵六".into()),
        audit_head: Some("钱七".into()),
        no_inquiry_days: None,
        issuer_shirked: None,
        source: Source::synthetic("inputs/slips.xlsx", "登记", line),
    }
}

/// The row, signed on the given day.
pub fn signed(mut r: SlipRow, on: &str) -> SlipRow {
    r.signed_date = Some(date(on));
    r
}

/// The row, completed on the given day.
pub fn done(mut r: SlipRow, on: &str) -> SlipRow {
    r.completed_date = Some(date(on));
    r
}

/// The (department, points) of one slip's charges of one kind.
pub fn charges_of(f: &SlipFindings, number: &str, kind: ChargeKind) -> Vec<(String, u32)> {
    f.charges
        .iter()
        .filter(|c| c.number == number && c.kind == kind)
        .map(|c| (c.dept.clone(), c.points))
        .collect()
}

/// The default slip rules.
pub fn slip_rules() -> SlipRules {
    SlipRules::default()
}
