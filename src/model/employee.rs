//! Employees from the roster (员工花名册).

use chrono::NaiveDate;

use super::{Fen, Source};

/// One employee as the roster lists them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Employee {
    /// 工号, always text (a long digit string never passes through a float).
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 部门.
    pub department: String,
    /// 岗位.
    pub position: Option<String>,
    /// 基本工资 in fen.
    pub base_pay: Fen,
    /// 班次: the default shift code used where the schedule is silent.
    pub default_shift: Option<String>,
    /// 入职日期, from which probation (PAY-1) is counted; days before it are not
    /// working days (ATT-6).
    pub hire_date: Option<NaiveDate>,
    /// 离职日期 (the last working day); days after it are not working days (ATT-6).
    pub leave_date: Option<NaiveDate>,
    /// 状态 (在职/离职/…), as written.
    pub status: Option<String>,
    /// 邮箱: where `zhidu send` mails the employee's own notice.
    pub email: Option<String>,
    /// The password of the employee's mailed notice (the roster column
    /// `mail.notices.password_column` names); never printed or serialised.
    #[serde(skip)]
    pub notice_password: Option<String>,
    /// Where the roster row is.
    pub source: Source,
}

impl Employee {
    /// Whether the employee is employed on a day: on or after 入职日期 and on or
    /// before 离职日期 (a missing date does not limit).
    pub fn employed_on(&self, day: NaiveDate) -> bool {
        self.hire_date.is_none_or(|h| h <= day) && self.leave_date.is_none_or(|l| day <= l)
    }
}

/// How a record names an employee: by 工号, by 姓名, or both.
///
/// Exports differ: WeCom writes 姓名 and 账号, ZKTeco 考勤号码, a call log only the
/// agent's extension or 工号. Resolution against the roster happens in `rules`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct EmployeeKey {
    /// 工号 as written, if the record has one.
    pub id: Option<String>,
    /// 姓名 as written, if the record has one.
    pub name: Option<String>,
}

impl EmployeeKey {
    /// A key holding only a 工号.
    pub fn by_id(id: impl Into<String>) -> Self {
        EmployeeKey {
            id: Some(id.into()),
            name: None,
        }
    }

    /// A key holding only a 姓名.
    pub fn by_name(name: impl Into<String>) -> Self {
        EmployeeKey {
            id: None,
            name: Some(name.into()),
        }
    }

    /// `K007` or `张三` or `K007 张三`, for messages.
    pub fn label(&self) -> String {
        match (&self.id, &self.name) {
            (Some(i), Some(n)) => format!("{i} {n}"),
            (Some(i), None) => i.clone(),
            (None, Some(n)) => n.clone(),
            (None, None) => String::from("(无工号/姓名)"),
        }
    }
}

/// Serialise a key shared between records as the key itself.
pub(crate) fn serialize_shared_key<S: serde::Serializer>(
    k: &std::sync::Arc<EmployeeKey>,
    s: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(k.as_ref(), s)
}
