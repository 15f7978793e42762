//! 补卡登记 rows: punches HR records for forgotten ones (ATT-7), each with its
//! time, reason and approver.

use std::sync::Arc;

use calamine::DataRef;

use super::{Cols, Cx, RowBuilder};
use crate::ingest::header::Field;
use crate::model::{PunchCorrection, SourceSheet};
use crate::msg;

const fn f(key: &'static str, aliases: &'static [&'static str]) -> Field {
    Field { key, aliases }
}

/// 补卡登记: 工号 or 姓名, 补卡时间 (or 日期 + 时间), 原因, 审批人.
pub const CORRECTIONS: &[Field] = &[
    f(
        "工号",
        &[
            "员工编号",
            "员工工号",
            "考勤号码",
            "人员编号",
            "employee id", // not a message
            "id",
        ],
    ),
    f("姓名", &["员工姓名", "name"]),
    f(
        "补卡时间",
        &[
            "补签时间",
            "补打卡时间",
            "补卡",
            "补签",
            "补打卡",
            "correction time", // not a message
        ],
    ),
    f("日期", &["补卡日期", "补签日期", "补打卡日期", "date"]),
    f("时间", &["补卡时刻", "补签时刻", "time"]),
    f("原因", &["补卡原因", "补签原因", "事由", "说明", "reason"]),
    f("审批人", &["审批", "批准人", "审核人", "approver"]),
];

/// The required columns: each entry's alternatives (one of them must be present).
pub const REQUIRED: &[&[&str]] = &[&["工号", "姓名"], &["补卡时间", "时间"]];

/// Field indices of [`CORRECTIONS`].
const F_TIME: usize = 2;
const F_DATE: usize = 3;
const F_CLOCK: usize = 4;

/// 补卡登记 rows.
pub struct CorrectionRows {
    /// Column mapping.
    cols: Cols,
    /// The sheet with 补卡时间 pointing at the time column (`时间` when the date
    /// and the time are two columns), so a correction names its time's cell.
    sheet: Arc<SourceSheet>,
}

impl CorrectionRows {
    /// A builder for a sheet with these columns.
    pub fn new(cols: Cols) -> CorrectionRows {
        let sheet = match (cols.cols[F_TIME], cols.cols[F_CLOCK]) {
            (None, Some(clock)) => {
                let mut sheet = (*cols.src).clone();
                sheet.columns.push(("补卡时间", clock));
                Arc::new(sheet)
            }
            _ => cols.src.clone(),
        };
        CorrectionRows { cols, sheet }
    }
}

impl RowBuilder for CorrectionRows {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let key = c.key(cx, row, cells, 0, Some(1));
        let at = c.moment(cx, row, cells, Some(F_TIME), F_DATE, F_CLOCK);
        let (Ok(employee), Ok(at)) = (key, at) else { return };
        let Some((at, _)) = at else {
            cx.err(
                &c.src,
                c.cols[F_TIME].or(c.cols[F_CLOCK]),
                row,
                msg!("kinds_corrections.no_time"),
            );
            return;
        };
        cx.record(Some(at.date()));
        cx.data.corrections.push(PunchCorrection {
            employee: Arc::unwrap_or_clone(employee),
            at,
            reason: c.text(cells, 5),
            approver: c.text(cells, 6),
            source: crate::model::Source {
                sheet: self.sheet.clone(),
                row,
            },
        });
    }
}
