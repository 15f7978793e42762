//! `zhidu records KIND`: every record of one input kind as ingest read it, one
//! per row, with its canonical fields and its source cell, as CSV (UTF-8 with a
//! BOM, so Excel and WPS show the Chinese) or as a JSON array.

use chrono::{NaiveDate, NaiveDateTime};

use super::{load_only, Loaded};
use crate::config::Project;
use crate::model::{
    Call, ClientRecord, Complaint, Dataset, Employee, EmployeeKey, Fen, FundExpense, InputKind, Leave,
    Moment, Punch, PunchCorrection, ScheduleEntry, ServiceRequest, SlipRow, Source, SurveyResponse,
    Violation,
};

/// One field's value as written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// No value.
    Empty,
    /// Text (dates as `YYYY-MM-DD`, date-times as `YYYY-MM-DD HH:MM:SS`, money in yuan).
    Text(String),
    /// A whole number (seconds, a score, days).
    Int(i64),
}

impl Value {
    fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    fn opt(s: Option<&str>) -> Value {
        s.map_or(Value::Empty, Value::text)
    }

    fn date(d: NaiveDate) -> Value {
        Value::Text(d.format("%Y-%m-%d").to_string())
    }

    fn opt_date(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::Empty, Value::date)
    }

    fn datetime(d: NaiveDateTime) -> Value {
        Value::Text(d.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    fn opt_datetime(d: Option<NaiveDateTime>) -> Value {
        d.map_or(Value::Empty, Value::datetime)
    }

    fn money(f: Fen) -> Value {
        Value::Text(f.yuan_string())
    }

    fn yes_no(b: bool) -> Value {
        Value::text(if b { "是" } else { "否" })
    }

    fn as_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
        }
    }

    fn as_json(&self) -> serde_json::Value {
        match self {
            Value::Empty => serde_json::Value::Null,
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Int(i) => serde_json::Value::from(*i),
        }
    }
}

/// One record: its values in column order and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    /// One value per column of the table.
    pub values: Vec<Value>,
    /// `file › sheet!cell` of the record's main field.
    pub source: String,
}

/// Every record of one input kind, as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordTable {
    /// The kind.
    pub kind: InputKind,
    /// The canonical field names, in order (the `source` column is not among them).
    pub columns: Vec<&'static str>,
    /// The records, in the order they were read.
    pub rows: Vec<RecordRow>,
}

/// What `zhidu records` read: the table and everything ingest said on the way.
#[derive(Debug)]
pub struct RecordsRead {
    /// The records.
    pub table: RecordTable,
    /// The ingest result of the kind (problems, failed inputs, summaries).
    pub loaded: Loaded,
}

/// The name of the source column in CSV and JSON.
pub const SOURCE: &str = "source";

fn key(k: &EmployeeKey) -> [Value; 2] {
    [Value::opt(k.id.as_deref()), Value::opt(k.name.as_deref())]
}

/// A record's row, its source the cell of `field` (or, when the sheet has no
/// column for it, of the first of `others` it has: a call's 开始时间 may be a
/// 日期 and a 时间 column).
fn row(values: Vec<Value>, source: &Source, field: &str) -> RecordRow {
    let others: &[&str] = match field {
        "开始时间" => &["时间", "日期"],
        "打卡时间" => &["时间", "日期"],
        _ => &[],
    };
    let field = std::iter::once(field)
        .chain(others.iter().copied())
        .find(|f| source.sheet.column_of(f).is_some())
        .unwrap_or(field);
    RecordRow {
        values,
        source: source.locate(field),
    }
}

/// Read one input kind of the project and lay its records out as a table.
pub fn records(project: &Project, kind: InputKind) -> RecordsRead {
    let loaded = load_only(project, &[kind]);
    let table = table(kind, &loaded.data);
    RecordsRead { table, loaded }
}

/// The records of one kind in a dataset, as a table.
pub fn table(kind: InputKind, d: &Dataset) -> RecordTable {
    let (columns, rows): (&[&'static str], Vec<RecordRow>) = match kind {
        InputKind::Roster => (ROSTER, d.employees.iter().map(employee_row).collect()),
        InputKind::Schedule => (SCHEDULE, d.schedule.iter().map(schedule_row).collect()),
        InputKind::Punches => (PUNCHES, d.punches.iter().map(punch_row).collect()),
        InputKind::Calls => (CALLS, d.calls.iter().map(call_row).collect()),
        InputKind::Surveys => (SURVEYS, d.surveys.iter().map(survey_row).collect()),
        InputKind::Complaints => (COMPLAINTS, d.complaints.iter().map(complaint_row).collect()),
        InputKind::Violations => (VIOLATIONS, d.violations.iter().map(violation_row).collect()),
        InputKind::Leaves => (LEAVES, d.leaves.iter().map(leave_row).collect()),
        InputKind::ServiceRequests => (
            SERVICE_REQUESTS,
            d.service_requests.iter().map(service_row).collect(),
        ),
        InputKind::Slips => (SLIPS, d.slips.iter().map(slip_row).collect()),
        InputKind::Corrections => (CORRECTIONS, d.corrections.iter().map(correction_row).collect()),
        InputKind::ClientRecords => (
            CLIENT_RECORDS,
            d.client_records.iter().map(client_record_row).collect(),
        ),
        InputKind::FundExpenses => (
            FUND_EXPENSES,
            d.fund_expenses.iter().map(fund_expense_row).collect(),
        ),
    };
    RecordTable {
        kind,
        columns: columns.to_vec(),
        rows,
    }
}

/// The columns of 员工花名册 records.
const ROSTER: &[&str] = &[
    "工号",
    "姓名",
    "部门",
    "基本工资",
    "岗位",
    "班次",
    "入职日期",
    "状态",
    "离职日期",
    "邮箱",
];

/// A roster row: one employee (the notice password is never shown).
fn employee_row(e: &Employee) -> RecordRow {
    row(
        vec![
            Value::text(&e.id),
            Value::text(&e.name),
            Value::text(&e.department),
            Value::money(e.base_pay),
            Value::opt(e.position.as_deref()),
            Value::opt(e.default_shift.as_deref()),
            Value::opt_date(e.hire_date),
            Value::opt(e.status.as_deref()),
            Value::opt_date(e.leave_date),
            Value::opt(e.email.as_deref()),
        ],
        &e.source,
        "工号",
    )
}

/// The columns of 排班表 records.
const SCHEDULE: &[&str] = &["工号", "姓名", "日期", "班次"];

/// A schedule row: one person-day's shift.
fn schedule_row(s: &ScheduleEntry) -> RecordRow {
    let [id, name] = key(&s.employee);
    row(
        vec![id, name, Value::date(s.date), Value::text(&s.shift)],
        &s.source,
        "班次",
    )
}

/// The columns of 打卡记录 records.
const PUNCHES: &[&str] = &["工号", "姓名", "打卡时间", "设备", "打卡结果", "备注"];

/// A punch row.
fn punch_row(p: &Punch) -> RecordRow {
    let [id, name] = key(&p.employee);
    row(
        vec![
            id,
            name,
            Value::datetime(p.at),
            Value::opt(p.device.as_deref()),
            Value::opt(p.result.as_deref()),
            Value::opt(p.remark.as_deref()),
        ],
        &p.source,
        "打卡时间",
    )
}

/// The columns of 通话记录 records.
const CALLS: &[&str] = &[
    "通话ID",
    "坐席工号",
    "坐席姓名",
    "开始时间",
    "通话时长(秒)",
    "等待时长(秒)",
    "呼叫方向",
    "接通状态",
    "通话类型",
    "主叫号码",
    "被叫号码",
];

/// A call row.
fn call_row(c: &Call) -> RecordRow {
    let [id, name] = key(&c.agent);
    row(
        vec![
            Value::opt(c.call_id.as_deref()),
            id,
            name,
            Value::datetime(c.start),
            Value::Int(c.talk_seconds.into()),
            c.wait_seconds.map_or(Value::Empty, |w| Value::Int(w.into())),
            Value::text(c.direction.label()),
            Value::text(c.status.label()),
            Value::text(c.kind.label()),
            Value::opt(c.caller.as_deref()),
            Value::opt(c.callee.as_deref()),
        ],
        &c.source,
        "开始时间",
    )
}

/// The columns of 满意度调查 records.
const SURVEYS: &[&str] = &["日期", "坐席工号", "坐席姓名", "评分", "客户", "渠道", "意见"];

/// A survey row: one response.
fn survey_row(s: &SurveyResponse) -> RecordRow {
    let [id, name] = key(&s.agent);
    row(
        vec![
            Value::date(s.date),
            id,
            name,
            Value::Int(s.score.into()),
            Value::opt(s.customer.as_deref()),
            Value::opt(s.channel.as_deref()),
            Value::opt(s.comment.as_deref()),
        ],
        &s.source,
        "评分",
    )
}

/// The columns of 投诉登记 records.
const COMPLAINTS: &[&str] = &[
    "日期",
    "工号",
    "姓名",
    "严重程度",
    "来源",
    "是否本公司责任",
    "内容",
];

/// A complaint row.
fn complaint_row(c: &Complaint) -> RecordRow {
    let [id, name] = key(&c.employee);
    row(
        vec![
            Value::date(c.date),
            id,
            name,
            Value::text(c.severity.label()),
            Value::opt(c.origin.as_deref()),
            Value::yes_no(c.company_fault),
            Value::opt(c.content.as_deref()),
        ],
        &c.source,
        "严重程度",
    )
}

/// The columns of 违规记录 records.
const VIOLATIONS: &[&str] = &["日期", "工号", "姓名", "违规类型", "说明"];

/// A violation row.
fn violation_row(v: &Violation) -> RecordRow {
    let [id, name] = key(&v.employee);
    row(
        vec![
            Value::date(v.date),
            id,
            name,
            Value::text(&v.kind),
            Value::opt(v.note.as_deref()),
        ],
        &v.source,
        "违规类型",
    )
}

/// The columns of 请假记录 records.
const LEAVES: &[&str] = &["工号", "姓名", "开始日期", "结束日期", "类型", "审批人"];

/// A leave row.
fn leave_row(l: &Leave) -> RecordRow {
    let [id, name] = key(&l.employee);
    row(
        vec![
            id,
            name,
            Value::date(l.start),
            Value::date(l.end),
            Value::opt(l.kind.as_deref()),
            Value::opt(l.approver.as_deref()),
        ],
        &l.source,
        "开始日期",
    )
}

/// The columns of 服务请求 records.
const SERVICE_REQUESTS: &[&str] = &[
    "受理时间",
    "首次响应时间",
    "负责人工号",
    "负责人",
    "客户",
    "类别",
    "到场时间",
];

/// A service request row.
fn service_row(r: &ServiceRequest) -> RecordRow {
    let [id, name] = key(&r.owner);
    row(
        vec![
            Value::datetime(r.accepted_at),
            Value::opt_datetime(r.first_response_at),
            id,
            name,
            Value::opt(r.customer.as_deref()),
            Value::opt(r.category.as_deref()),
            Value::opt_datetime(r.onsite_at),
        ],
        &r.source,
        "受理时间",
    )
}

/// The columns of 补卡登记 records.
const CORRECTIONS: &[&str] = &["工号", "姓名", "补卡时间", "原因", "审批人"];

/// A punch correction row.
fn correction_row(c: &PunchCorrection) -> RecordRow {
    let [id, name] = key(&c.employee);
    row(
        vec![
            id,
            name,
            Value::datetime(c.at),
            Value::opt(c.reason.as_deref()),
            Value::opt(c.approver.as_deref()),
        ],
        &c.source,
        "补卡时间",
    )
}

/// The columns of 活动经费支出登记 records.
const FUND_EXPENSES: &[&str] = &["日期", "金额", "用途", "经手人", "审批人"];

/// A payment out of the activity fund.
fn fund_expense_row(e: &FundExpense) -> RecordRow {
    row(
        vec![
            Value::date(e.date),
            Value::money(e.amount),
            Value::text(&e.purpose),
            Value::opt(e.handler.as_deref()),
            Value::opt(e.approver.as_deref()),
        ],
        &e.source,
        "金额",
    )
}

/// The columns of 客户资料登记 records.
const CLIENT_RECORDS: &[&str] = &[
    "客户",
    "受理日期",
    "销售人员",
    "销售提交日期",
    "建档日期",
    "建档人工号",
    "建档人",
];

/// A client record row (a date alone stays a date, a time is written with it).
fn client_record_row(r: &ClientRecord) -> RecordRow {
    let moment = |m: Option<Moment>| m.map_or(Value::Empty, |m| Value::text(m.text()));
    let [id, name] = match &r.filer {
        Some(k) => key(k),
        None => [Value::Empty, Value::Empty],
    };
    row(
        vec![
            Value::text(&r.customer),
            moment(Some(r.accepted)),
            Value::opt(r.salesperson.as_deref()),
            moment(r.submitted),
            moment(r.filed),
            id,
            name,
        ],
        &r.source,
        "受理日期",
    )
}

/// The columns of 工作联系单登记 records.
const SLIPS: &[&str] = &[
    "编号",
    "类别",
    "性质",
    "发单部门",
    "收单部门",
    "主题",
    "工作要求",
    "发单日期",
    "要求完成日期",
    "签收日期",
    "回复日期",
    "完成日期",
    "完成评价",
    "替代编号",
    "起草人",
    "部门经理",
    "分管领导",
    "主管领导",
    "审计负责人",
    "未沟通延误天数",
    "发单方推诿",
];

/// A slip row.
fn slip_row(s: &SlipRow) -> RecordRow {
    row(
        vec![
            Value::text(&s.number),
            Value::text(format!("{:?}", s.class)),
            Value::opt(s.nature.map(|n| n.label())),
            Value::text(&s.from_dept),
            Value::text(&s.to_dept),
            Value::text(&s.subject),
            Value::opt(s.requirement.as_deref()),
            Value::date(s.issue_date),
            Value::date(s.due_date),
            Value::opt_date(s.signed_date),
            Value::opt_date(s.reply_date),
            Value::opt_date(s.completed_date),
            Value::opt(s.evaluation.as_deref()),
            Value::opt(s.replaces.as_deref()),
            Value::opt(s.drafter.as_deref()),
            Value::opt(s.dept_manager.as_deref()),
            Value::opt(s.division_leader.as_deref()),
            Value::opt(s.chief_leader.as_deref()),
            Value::opt(s.audit_head.as_deref()),
            s.no_inquiry_days.map_or(Value::Empty, |n| Value::Int(n.into())),
            s.issuer_shirked.map_or(Value::Empty, Value::yes_no),
        ],
        &s.source,
        "编号",
    )
}

/// The table as CSV: UTF-8 with a BOM (so Excel and WPS read the Chinese),
/// CRLF line ends, a header row of the canonical field names and `source`.
pub fn to_csv(table: &RecordTable) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let header = table.columns.iter().copied().chain([SOURCE]);
    // Writing to a Vec cannot fail; a failure would only drop what follows.
    let _ = w.write_record(header);
    for r in &table.rows {
        let fields = r.values.iter().map(Value::as_text).chain([r.source.clone()]);
        let _ = w.write_record(fields);
    }
    w.into_inner().unwrap_or_default()
}

/// The table as one JSON array of objects keyed by the canonical field names
/// (in column order) and `source`; no value is `null`.
pub fn to_json(table: &RecordTable) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::from("[");
    for (i, r) in table.rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        let fields = table
            .columns
            .iter()
            .zip(&r.values)
            .map(|(c, v)| (*c, v.as_json().to_string()))
            .chain([(SOURCE, quote(&r.source))]);
        for (j, (name, value)) in fields.enumerate() {
            out.push_str(if j == 0 { "\n    " } else { ",\n    " });
            out.push_str(&quote(name));
            out.push_str(": ");
            out.push_str(&value);
        }
        out.push_str("\n  }");
    }
    out.push_str(if table.rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Punch;

    fn punches() -> Dataset {
        let at = NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(8, 59, 0))
            .expect("time");
        Dataset {
            punches: vec![Punch {
                employee: EmployeeKey {
                    id: Some("24099008".into()),
                    name: Some("蒋渊杰".into()),
                }
                .into(),
                at,
                device: None,
                result: Some("正常".into()),
                remark: Some("外勤, \"东门\"".into()),
                source: Source::synthetic("inputs/kq.xlsx", "打卡时间", 5),
            }],
            ..Dataset::default()
        }
    }

    #[test]
    fn csv_has_a_bom_the_canonical_header_and_quoted_values() {
        let t = table(InputKind::Punches, &punches());
        let csv = to_csv(&t);
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv[3..].to_vec()).expect("utf-8");
        assert_eq!(
            text,
            "工号,姓名,打卡时间,设备,打卡结果,备注,source\r\n24099008,蒋渊杰,2026-05-04 08:59:00,,正常,\"外勤, \"\"东门\"\"\",inputs/kq.xlsx › 打卡时间!5\r\n"
        );
    }

    #[test]
    fn json_keys_are_the_canonical_names_and_source() {
        let t = table(InputKind::Punches, &punches());
        let text = to_json(&t);
        // The fields in column order, `source` last.
        assert!(
            text.starts_with("[\n  {\n    \"工号\": \"24099008\",\n    \"姓名\""),
            "{text}"
        );
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(
            v,
            serde_json::json!([{
                "工号": "24099008",
                "姓名": "蒋渊杰",
                "打卡时间": "2026-05-04 08:59:00",
                "设备": null,
                "打卡结果": "正常",
                "备注": "外勤, \"东门\"",
                "source": "inputs/kq.xlsx › 打卡时间!5"
            }])
        );
    }
}
