//! The deterministic sample-input generator behind `inputs/` and `zhidu init`.
//!
//! [`story`] lists the department and every special case (late arrivals, the
//! absence, the slip register, …); `generate` fills ordinary days from a seeded
//! PRNG; this module writes one workbook per input kind with rust_xlsxwriter, with
//! a fixed creation time so the bytes are the same on every run and machine.
//! Regenerate the bundled samples with `cargo run -- gen-samples inputs`.
//! [`blank`] makes the header-only workbooks a new project starts with.

pub mod blank;
mod generate;
mod rng;
pub mod story;
#[cfg(test)]
mod tests;

use std::path::Path;

use anyhow::Context;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use generate::Samples;
use story::{Signatures, AGENTS, DEPARTMENT, SIGNATORIES};

/// `(file name, bytes)` of every sample input, in a fixed order.
pub fn sample_files() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let samples = generate::build()?;
    tables(&samples)?
        .iter()
        .map(|t| Ok((t.file.to_string(), t.to_xlsx()?)))
        .collect()
}

/// Write every sample input into `dir`.
pub fn write_all(dir: &Path) -> anyhow::Result<()> {
    for (name, bytes) in sample_files()? {
        crate::output::write_file(&dir.join(name), &bytes)?;
    }
    Ok(())
}

/// One cell of a sample sheet.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    /// Left blank.
    Empty,
    /// A text cell (IDs, names, codes).
    Text(String),
    /// A whole number.
    Int(i64),
    /// Money in fen, written as yuan with two decimals.
    Yuan(i64),
    /// A date cell.
    Date(NaiveDate),
    /// A date-and-time cell.
    DateTime(NaiveDateTime),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        text(s)
    }
}

fn opt_date(d: Option<NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, Cell::Date)
}

fn opt_datetime(d: Option<NaiveDateTime>) -> Cell {
    d.map_or(Cell::Empty, Cell::DateTime)
}

/// One sample workbook: a single sheet with a header row.
#[derive(Debug, Clone)]
struct Table {
    file: &'static str,
    sheet: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

/// The workbooks' creation time (docProps/core.xml), fixed for reproducible bytes.
const CREATED: (u16, u8, u8) = (2026, 11, 24);

/// `num_days_from_ce` of 1899-12-30, Excel's day 0 in the 1900 date system.
const EXCEL_EPOCH_DAYS_FROM_CE: i32 = 693_594;

/// The Excel serial number of a date and time (days since 1899-12-30, time as a fraction).
fn excel_serial(dt: NaiveDateTime) -> f64 {
    let days = f64::from(dt.date().num_days_from_ce() - EXCEL_EPOCH_DAYS_FROM_CE);
    days + f64::from(dt.num_seconds_from_midnight()) / 86_400.0
}

/// Display width of text in Excel column units (CJK counts double).
fn text_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

impl Table {
    fn to_xlsx(&self) -> anyhow::Result<Vec<u8>> {
        workbook(self.sheet, self.headers, 0, &self.rows)
    }
}

/// A workbook of one sheet: a header row, the first `required` headers marked
/// as required columns (a fill and a note), then the rows.
fn workbook(
    sheet_name: &str,
    headers: &[&str],
    required: usize,
    rows: &[Vec<Cell>],
) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?.and_hms(9, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author(DEPARTMENT)
            .set_company("示例公司"),
    );
    let header = Format::new().set_bold();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    let datetime_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let yuan_fmt = Format::new().set_num_format("0.00");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h) + 2).collect();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header)?;
    }
    if required > 0 {
        mark_required(sheet, &headers[..required.min(headers.len())])?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).context("too many rows")?;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let width = match cell {
                Cell::Empty => 0,
                Cell::Text(s) => {
                    sheet.write_string(r, col, s)?;
                    text_width(s)
                }
                Cell::Int(n) => {
                    sheet.write_number(r, col, *n as f64)?;
                    n.to_string().len()
                }
                Cell::Yuan(fen) => {
                    sheet.write_number_with_format(r, col, *fen as f64 / 100.0, &yuan_fmt)?;
                    10
                }
                Cell::Date(d) => {
                    let serial = excel_serial(d.and_time(chrono::NaiveTime::MIN));
                    sheet.write_number_with_format(r, col, serial, &date_fmt)?;
                    10
                }
                Cell::DateTime(dt) => {
                    sheet.write_number_with_format(r, col, excel_serial(*dt), &datetime_fmt)?;
                    19
                }
            };
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width + 2);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).min(60) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// Mark the first headers as required columns: a fill, and a note saying so.
fn mark_required(sheet: &mut rust_xlsxwriter::Worksheet, headers: &[&str]) -> anyhow::Result<()> {
    let marked = Format::new().set_bold().set_background_color(0xFFF2CC);
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &marked)?;
        let note = rust_xlsxwriter::Note::new(blank::REQUIRED_NOTE)
            .set_author("zhidu")
            .add_author_prefix(false);
        sheet.insert_note(0, c as u16, &note)?;
    }
    Ok(())
}

/// Every sample workbook, in input-kind order (README "The sample inputs").
fn tables(s: &Samples) -> anyhow::Result<Vec<Table>> {
    Ok(vec![
        roster()?,
        schedule(s),
        punches(s),
        calls(s),
        surveys(s),
        complaints()?,
        violations()?,
        leaves()?,
        service_requests(s),
        slips()?,
        corrections()?,
        client_records()?,
        fund_expenses()?,
    ])
}

/// A client record's date, or date and time, as a cell.
fn when_cell(w: Option<story::When>) -> anyhow::Result<Cell> {
    Ok(match w {
        None => Cell::Empty,
        Some((md, None)) => Cell::Date(generate::day(md)?),
        Some((md, Some((h, m)))) => Cell::DateTime(
            generate::day(md)?
                .and_hms_opt(h, m, 0)
                .with_context(|| format!("bad client record time {h}:{m}"))?,
        ),
    })
}

fn client_records() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for (customer, accepted, sales, submitted, filed, filer) in story::CLIENT_RECORDS {
        rows.push(vec![
            text(customer),
            when_cell(Some(accepted))?,
            text(sales),
            when_cell(submitted)?,
            when_cell(filed)?,
            opt_text(filer),
        ]);
    }
    Ok(Table {
        file: "client_records.xlsx",
        sheet: "客户资料登记",
        headers: &[
            "客户",
            "受理日期",
            "销售人员",
            "销售提交日期",
            "建档日期",
            "建档人工号",
        ],
        rows,
    })
}

fn fund_expenses() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for (md, fen, purpose, handler, approver) in story::FUND_EXPENSES {
        rows.push(vec![
            Cell::Date(generate::day(md)?),
            Cell::Yuan(fen),
            text(purpose),
            text(handler),
            text(approver),
        ]);
    }
    Ok(Table {
        file: "fund_expenses.xlsx",
        sheet: "活动经费支出登记",
        headers: &["日期", "金额", "用途", "经手人", "审批人"],
        rows,
    })
}

fn corrections() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for (id, md, (h, m), reason, approver) in story::CORRECTIONS {
        let at = generate::day(md)?
            .and_hms_opt(h, m, 0)
            .with_context(|| format!("bad correction time {h}:{m}"))?;
        rows.push(vec![
            text(id),
            text(generate::agent(id)?.name),
            Cell::DateTime(at),
            text(reason),
            opt_text(approver),
        ]);
    }
    Ok(Table {
        file: "corrections.xlsx",
        sheet: "补卡登记",
        headers: &["工号", "姓名", "补卡时间", "原因", "审批人"],
        rows,
    })
}

fn roster() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for (i, a) in AGENTS.iter().enumerate() {
        let left = generate::leave_date(a.id)?;
        rows.push(vec![
            text(a.id),
            text(a.name),
            text(DEPARTMENT),
            Cell::Yuan(a.base_pay_fen),
            text(a.position),
            text(a.shift),
            Cell::Date(generate::hire_date(a)?),
            text(if left.is_some() { "离职" } else { "在职" }),
            opt_date(left),
            text(generate::email(a)),
            text(generate::id_card_tail(i)),
        ]);
    }
    Ok(Table {
        file: "roster.xlsx",
        sheet: "员工花名册",
        headers: &[
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
            "身份证后六位",
        ],
        rows,
    })
}

fn schedule(s: &Samples) -> Table {
    let rows = s
        .schedule
        .iter()
        .map(|r| {
            vec![
                text(r.agent.id),
                text(r.agent.name),
                Cell::Date(r.date),
                text(r.code),
            ]
        })
        .collect();
    Table {
        file: "schedule.xlsx",
        sheet: "排班表",
        headers: &["工号", "姓名", "日期", "班次"],
        rows,
    }
}

fn punches(s: &Samples) -> Table {
    let rows = s
        .punches
        .iter()
        .map(|p| {
            vec![
                text(p.agent.id),
                text(p.agent.name),
                Cell::DateTime(p.at),
                text(p.device),
                text(p.result),
            ]
        })
        .collect();
    Table {
        file: "punches.xlsx",
        sheet: "打卡记录",
        headers: &["工号", "姓名", "打卡时间", "设备", "打卡结果"],
        rows,
    }
}

fn calls(s: &Samples) -> Table {
    let rows = s
        .calls
        .iter()
        .map(|c| {
            vec![
                text(c.id.clone()),
                text(c.agent.id),
                Cell::DateTime(c.start),
                Cell::Int(i64::from(c.talk)),
                text(if c.inbound { "呼入" } else { "呼出" }),
                text(c.caller.clone()),
                text(c.callee.clone()),
                Cell::Int(i64::from(c.wait)),
                text(c.status),
                text(if c.personal { "私人" } else { "业务" }),
            ]
        })
        .collect();
    Table {
        file: "calls.xlsx",
        sheet: "通话记录",
        headers: &[
            "通话ID",
            "坐席工号",
            "开始时间",
            "通话时长(秒)",
            "呼叫方向",
            "主叫号码",
            "被叫号码",
            "等待时长(秒)",
            "接通状态",
            "通话类型",
        ],
        rows,
    }
}

fn surveys(s: &Samples) -> Table {
    let rows = s
        .surveys
        .iter()
        .map(|v| {
            vec![
                Cell::Date(v.date),
                text(v.agent.id),
                Cell::Int(i64::from(v.score)),
                text(v.customer.clone()),
                text(v.channel),
                v.comment.map_or(Cell::Empty, text),
            ]
        })
        .collect();
    Table {
        file: "surveys.xlsx",
        sheet: "满意度调查",
        headers: &["日期", "坐席工号", "评分", "客户", "渠道", "意见"],
        rows,
    }
}

fn complaints() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for (md, id, severity, origin, fault, content) in story::COMPLAINTS {
        rows.push(vec![
            Cell::Date(generate::day(md)?),
            text(id),
            text(severity),
            text(origin),
            text(fault),
            text(content),
        ]);
    }
    Ok(Table {
        file: "complaints.xlsx",
        sheet: "投诉登记",
        headers: &["日期", "工号", "严重程度", "来源", "是否本公司责任", "内容"],
        rows,
    })
}

fn violations() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for ((y, m, d), id, kind, note) in story::VIOLATIONS {
        let date =
            NaiveDate::from_ymd_opt(y, m, d).with_context(|| format!("bad violation date {y}-{m}-{d}"))?;
        rows.push(vec![Cell::Date(date), text(id), text(kind), text(note)]);
    }
    Ok(Table {
        file: "violations.xlsx",
        sheet: "违规记录",
        headers: &["日期", "工号", "违规类型", "说明"],
        rows,
    })
}

fn leaves() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for (id, from, to, kind, approver) in story::LEAVES {
        rows.push(vec![
            text(id),
            Cell::Date(generate::day(from)?),
            Cell::Date(generate::day(to)?),
            text(kind),
            text(approver),
        ]);
    }
    Ok(Table {
        file: "leaves.xlsx",
        sheet: "请假记录",
        headers: &["工号", "开始日期", "结束日期", "类型", "审批人"],
        rows,
    })
}

fn service_requests(s: &Samples) -> Table {
    let rows = s
        .requests
        .iter()
        .map(|r| {
            vec![
                Cell::DateTime(r.accepted),
                opt_datetime(r.first_response),
                text(r.owner.id),
                text(r.customer),
                text(r.category),
                opt_datetime(r.onsite),
            ]
        })
        .collect();
    Table {
        file: "service_requests.xlsx",
        sheet: "服务请求",
        headers: &[
            "受理时间",
            "首次响应时间",
            "负责人工号",
            "客户",
            "类别",
            "到场时间",
        ],
        rows,
    }
}

fn slips() -> anyhow::Result<Table> {
    let mut rows = Vec::new();
    for s in story::SLIPS {
        let sign = |present: bool, name: &str| if present { text(name) } else { Cell::Empty };
        let Signatures {
            manager,
            division,
            chief,
            audit,
        } = s.signed_by;
        let opt = |d: Option<(u32, u32)>| -> anyhow::Result<Cell> {
            Ok(opt_date(d.map(generate::day).transpose()?))
        };
        rows.push(vec![
            text(s.number),
            text(s.class),
            text(s.nature),
            text(DEPARTMENT),
            text(s.to),
            text(s.subject),
            opt_text(s.requirement),
            Cell::Date(generate::day(s.issued)?),
            Cell::Date(generate::day(s.due)?),
            opt(s.signed)?,
            opt(s.replied)?,
            opt(s.completed)?,
            opt_text(s.evaluation),
            opt_text(s.replaces),
            text(SIGNATORIES.drafter),
            sign(manager, SIGNATORIES.manager),
            sign(division, SIGNATORIES.division),
            sign(chief, SIGNATORIES.chief),
            sign(audit, SIGNATORIES.audit),
            s.no_inquiry_days.map_or(Cell::Empty, |d| Cell::Int(i64::from(d))),
            opt_text(s.issuer_shirked),
        ]);
    }
    Ok(Table {
        file: "slips.xlsx",
        sheet: "工作联系单登记",
        headers: &[
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
        ],
        rows,
    })
}
