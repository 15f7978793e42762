//! Small builders for rule tests: records made in code with synthetic sources.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::{
    Complaint, Dataset, Employee, EmployeeKey, Fen, Leave, Punch, ScheduleEntry, Severity, Source, Violation,
};

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).expect("valid test date")
}

pub fn at(m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    day(m, d).and_hms_opt(h, min, s).expect("valid test time")
}

pub fn employee(id: &str, name: &str, base_yuan_fen: i64) -> Employee {
    Employee {
        id: id.into(),
        name: name.into(),
        department: "客服部".into(),
        position: Some("客服专员".into()),
        base_pay: Fen(base_yuan_fen),
        default_shift: None,
        hire_date: Some(day(1, 5)),
        status: Some("在职".into()),
        source: Source::synthetic("inputs/roster.xlsx", "花名册", 2),
    }
}

/// A dataset builder; rows are numbered in the order records are added.
#[derive(Default)]
pub struct Kit {
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
            employee: EmployeeKey::by_id(id),
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
            employee: EmployeeKey::by_id(id),
            at: t,
            device: None,
            result: None,
            remark: None,
            source: Source::synthetic("inputs/punches.xlsx", "打卡记录", row),
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
