//! Hand-kept registers: 投诉登记, 违规记录, 请假记录, 服务请求 and 工作联系单登记 rows.

use std::sync::Arc;

use calamine::DataRef;

use super::{Cols, Cx, RowBuilder};
use crate::i18n::Text;
use crate::ingest::cell;
use crate::model::{Complaint, Leave, ServiceRequest, Severity, SlipClass, SlipNature, SlipRow, Violation};
use crate::msg;

/// 投诉登记 rows.
pub struct ComplaintRows(pub Cols);

fn yes_no(c: &DataRef<'_>) -> Result<Option<bool>, Text> {
    match c {
        DataRef::Bool(b) => Ok(Some(*b)),
        _ => {
            let Some(s) = cell::str_of(c) else { return Ok(None) };
            match s.to_lowercase().as_str() {
                "是" | "y" | "yes" | "true" | "1" | "√" => Ok(Some(true)),
                "否" | "n" | "no" | "false" | "0" | "×" => Ok(Some(false)),
                _ => Err(msg!("kinds_registers.not_yes_no", value = cell::show(c))),
            }
        }
    }
}

impl RowBuilder for ComplaintRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let date = c.need_date(cx, row, cells, 0);
        let key = c.key(cx, row, cells, 1, Some(2));
        let sev = c.need(cx, row, cells, 3, |v| match cell::str_of(v) {
            None => Ok(None),
            Some(s) => Severity::parse(&s)
                .map(Some)
                .ok_or_else(|| msg!("kinds_registers.not_a_severity", value = cell::show(v))),
        });
        let fault = c.read(cx, row, cells, 5, yes_no);
        let (Ok(date), Ok(employee), Ok(severity), Ok(fault)) = (date, key, sev, fault) else {
            return;
        };
        cx.record(Some(date));
        cx.data.complaints.push(Complaint {
            date,
            employee: Arc::unwrap_or_clone(employee),
            severity,
            origin: c.text(cells, 4),
            company_fault: fault.unwrap_or(true),
            content: c.text(cells, 6),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 违规记录 rows.
pub struct ViolationRows(pub Cols);

impl RowBuilder for ViolationRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let date = c.need_date(cx, row, cells, 0);
        let key = c.key(cx, row, cells, 1, Some(2));
        let kind = c.need_text(cx, row, cells, 3);
        let (Ok(date), Ok(employee), Ok(kind)) = (date, key, kind) else {
            return;
        };
        cx.record(Some(date));
        cx.data.violations.push(Violation {
            date,
            employee: Arc::unwrap_or_clone(employee),
            kind,
            note: c.text(cells, 4),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 请假记录 rows.
pub struct LeaveRows(pub Cols);

impl RowBuilder for LeaveRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let key = c.key(cx, row, cells, 0, Some(1));
        let start = c.need_date(cx, row, cells, 2);
        let end = c.need_date(cx, row, cells, 3);
        let (Ok(employee), Ok(start), Ok(end)) = (key, start, end) else {
            return;
        };
        if end < start {
            cx.err(
                &c.src,
                c.cols[3],
                row,
                msg!(
                    "kinds_registers.end_before_start",
                    end = end.to_string(),
                    start = start.to_string()
                ),
            );
            return;
        }
        cx.record_span(start, end);
        cx.data.leaves.push(Leave {
            employee: Arc::unwrap_or_clone(employee),
            start,
            end,
            kind: c.text(cells, 4),
            approver: c.text(cells, 5),
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 服务请求 rows.
pub struct ServiceRows(pub Cols);

impl RowBuilder for ServiceRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let acc = c.need_datetime(cx, row, cells, 0);
        let first = c.datetime(cx, row, cells, 1);
        let key = c.key(cx, row, cells, 2, Some(3));
        let onsite = c.datetime(cx, row, cells, 6);
        let (Ok(accepted_at), Ok(first_response_at), Ok(owner), Ok(onsite_at)) = (acc, first, key, onsite)
        else {
            return;
        };
        if let Some(f) = first_response_at.filter(|f| *f < accepted_at) {
            cx.err(
                &c.src,
                c.cols[1],
                row,
                msg!(
                    "kinds_registers.response_before_acceptance",
                    first = f.to_string(),
                    accepted = accepted_at.to_string()
                ),
            );
            return;
        }
        cx.record(Some(accepted_at.date()));
        cx.data.service_requests.push(ServiceRequest {
            accepted_at,
            first_response_at,
            owner: Arc::unwrap_or_clone(owner),
            customer: c.text(cells, 4),
            category: c.text(cells, 5),
            onsite_at,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 工作联系单登记 rows.
pub struct SlipRows(pub Cols);

impl RowBuilder for SlipRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let number = c.need(cx, row, cells, 0, cell::id);
        let class = c.need(cx, row, cells, 1, |v| match cell::str_of(v) {
            None => Ok(None),
            Some(s) => SlipClass::parse(&s)
                .map(Some)
                .ok_or_else(|| msg!("kinds_registers.not_a_slip_class", value = cell::show(v))),
        });
        let nature = c.read(cx, row, cells, 2, |v| match cell::str_of(v) {
            None => Ok(None),
            Some(s) => SlipNature::parse(&s)
                .map(Some)
                .ok_or_else(|| msg!("kinds_registers.not_a_slip_nature", value = cell::show(v))),
        });
        let from = c.need_text(cx, row, cells, 3);
        let to = c.need_text(cx, row, cells, 4);
        let subject = c.need_text(cx, row, cells, 5);
        let issue = c.need_date(cx, row, cells, 7);
        let due = c.need_date(cx, row, cells, 8);
        let signed = c.date(cx, row, cells, 9);
        let reply = c.date(cx, row, cells, 10);
        let done = c.date(cx, row, cells, 11);
        let days = c.read(cx, row, cells, 19, |v| {
            cell::int(v)?
                .map(|n| {
                    u32::try_from(n).map_err(|_| msg!("kinds_registers.not_days", value = cell::show(v)))
                })
                .transpose()
        });
        let shirk = c.read(cx, row, cells, 20, yes_no);
        let (Ok(number), Ok(class), Ok(nature), Ok(from_dept), Ok(to_dept), Ok(subject)) =
            (number, class, nature, from, to, subject)
        else {
            return;
        };
        let (
            Ok(issue_date),
            Ok(due_date),
            Ok(signed_date),
            Ok(reply_date),
            Ok(completed_date),
            Ok(days),
            Ok(shirk),
        ) = (issue, due, signed, reply, done, days, shirk)
        else {
            return;
        };
        cx.record(Some(issue_date));
        cx.data.slips.push(SlipRow {
            number,
            class,
            nature,
            from_dept,
            to_dept,
            subject,
            requirement: c.text(cells, 6),
            issue_date,
            due_date,
            signed_date,
            reply_date,
            completed_date,
            evaluation: c.text(cells, 12),
            replaces: c.text(cells, 13),
            drafter: c.text(cells, 14),
            dept_manager: c.text(cells, 15),
            division_leader: c.text(cells, 16),
            chief_leader: c.text(cells, 17),
            audit_head: c.text(cells, 18),
            no_inquiry_days: days,
            issuer_shirked: shirk,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}
