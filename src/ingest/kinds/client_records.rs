//! 客户资料登记 rows: client records with their acceptance, sales' submission
//! and customer service's filing (SLA-2). Each of the three may be a date or a
//! date and time; which one it is matters to the deadline.

use calamine::DataRef;

use super::{Cols, Cx, Reported, RowBuilder};
use crate::ingest::cell;
use crate::ingest::header::Field;
use crate::ingest::text::{self, DateTimeText, OrderChoice};
use crate::model::{ClientRecord, EmployeeKey, Moment};
use crate::msg;

const fn f(key: &'static str, aliases: &'static [&'static str]) -> Field {
    Field { key, aliases }
}

/// 客户资料登记: 客户, 受理日期, 销售人员, 销售提交日期, 建档日期, 建档人工号 (or 建档人).
pub const CLIENT_RECORDS: &[Field] = &[
    f("客户", &["客户名称", "公司名称", "单位名称", "customer"]),
    f(
        "受理日期",
        &["受理时间", "验收日期", "签约日期", "accepted", "accepted at"], // not a message
    ),
    f(
        "销售人员",
        &["销售", "销售员", "业务员", "销售代表", "salesperson"],
    ),
    f(
        "销售提交日期",
        &[
            "销售提交时间",
            "提交日期",
            "提交时间",
            "资料提交日期",
            "submitted",
            "submitted at", // not a message
        ],
    ),
    f(
        "建档日期",
        &["建档时间", "归档日期", "归档时间", "filed", "filed at"], // not a message
    ),
    f("建档人工号", &["建档工号", "建档人编号", "filer id"]), // not a message
    f("建档人", &["建档人姓名", "filer"]),
];

/// The required columns (the submission and filing columns must exist even
/// while some rows leave them empty).
pub const REQUIRED: &[&[&str]] = &[&["客户"], &["受理日期"], &["销售提交日期"], &["建档日期"]];

const F_ACCEPTED: usize = 1;
const F_SUBMITTED: usize = 3;
const F_FILED: usize = 4;

/// 客户资料登记 rows.
pub struct ClientRecordRows(pub Cols);

/// A date, or a date and time, from one cell: a text without a time is a date;
/// a date cell or serial at midnight is a date too.
fn moment(
    c: &Cols,
    cx: &mut Cx,
    row: u32,
    cells: &[DataRef<'_>],
    f: usize,
) -> Result<Option<Moment>, Reported> {
    let v = c.get(cells, f);
    let text_without_time = match v {
        DataRef::String(_) | DataRef::SharedString(_) => cell::str_of(v).is_some_and(|t| {
            matches!(
                text::read_datetime(&t, OrderChoice::default()),
                DateTimeText::NotADateTime
            )
        }),
        _ => false,
    };
    if text_without_time {
        return Ok(c.date(cx, row, cells, f)?.map(Moment::Day));
    }
    Ok(c.datetime(cx, row, cells, f)?.map(|t| {
        if t.time() == chrono::NaiveTime::MIN {
            Moment::Day(t.date())
        } else {
            Moment::At(t)
        }
    }))
}

impl ClientRecordRows {
    /// The order of the three moments: a submission before the acceptance, or a
    /// filing before the submission, is an error at the later column's cell.
    fn out_of_order(&self, cx: &mut Cx, row: u32, r: &ClientRecord) -> bool {
        let c = &self.0;
        let pairs = [
            (
                r.submitted,
                Some(r.accepted),
                F_SUBMITTED,
                "销售提交日期",
                "受理日期",
                msg!("kinds_client_records.submitted_after_acceptance"),
            ),
            (
                r.filed,
                r.submitted,
                F_FILED,
                "建档日期",
                "销售提交日期",
                msg!("kinds_client_records.filed_after_submission"),
            ),
        ];
        for (later, earlier, f, name, other, expected) in pairs {
            if let (Some(l), Some(e)) = (later, earlier) {
                if l.is_before(e) {
                    cx.err(
                        &c.src,
                        c.cols[f],
                        row,
                        msg!(
                            "kinds_client_records.before",
                            name = name,
                            later = l.text(),
                            other = other,
                            earlier = e.text(),
                            expected = expected
                        ),
                    );
                    return true;
                }
            }
        }
        false
    }
}

impl RowBuilder for ClientRecordRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let customer = c.need_text(cx, row, cells, 0);
        let accepted = moment(c, cx, row, cells, F_ACCEPTED);
        let submitted = moment(c, cx, row, cells, F_SUBMITTED);
        let filed = moment(c, cx, row, cells, F_FILED);
        let filer_id = c.read(cx, row, cells, 5, cell::id);
        let (Ok(customer), Ok(accepted), Ok(submitted), Ok(filed), Ok(filer_id)) =
            (customer, accepted, submitted, filed, filer_id)
        else {
            return;
        };
        let Some(accepted) = accepted else {
            cx.err(
                &c.src,
                c.cols[F_ACCEPTED],
                row,
                msg!("kinds.empty", field = "受理日期"),
            );
            return;
        };
        let filer_name = c.text(cells, 6);
        let filer = (filer_id.is_some() || filer_name.is_some()).then_some(EmployeeKey {
            id: filer_id,
            name: filer_name,
        });
        let record = ClientRecord {
            customer,
            accepted,
            salesperson: c.text(cells, 2),
            submitted,
            filed,
            filer,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        };
        if self.out_of_order(cx, row, &record) {
            return;
        }
        if record.filed.is_some() && record.submitted.is_none() {
            cx.warn(
                &c.src,
                c.cols[F_SUBMITTED],
                row,
                msg!("kinds_client_records.filed_without_submission"),
            );
        }
        cx.record(Some(accepted.date()));
        cx.data.client_records.push(record);
    }
}
