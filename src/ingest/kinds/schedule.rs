//! 排班表 rows, long and wide layouts: who works which shift on which day.

use calamine::DataRef;

use super::{Cols, Cx, DayCol, RowBuilder};
use crate::ingest::cell;
use crate::model::ScheduleEntry;

/// 排班表 rows, long layout (工号/姓名, 日期, 班次).
pub struct ScheduleLong(pub Cols);

impl RowBuilder for ScheduleLong {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.0;
        let key = c.key(cx, row, cells, 0, Some(1));
        let date = c.need_date(cx, row, cells, 2);
        let shift = c.need_text(cx, row, cells, 3);
        let (Ok(employee), Ok(date), Ok(shift)) = (key, date, shift) else {
            return;
        };
        cx.record(Some(date));
        cx.data.schedule.push(ScheduleEntry {
            employee,
            date,
            shift,
            source: crate::model::Source {
                sheet: c.src.clone(),
                row,
            },
        });
    }
}

/// 排班表 rows, wide layout (one column per day).
pub struct ScheduleWide {
    /// 工号/姓名 columns.
    pub cols: Cols,
    /// Day columns.
    pub days: Vec<DayCol>,
}

impl RowBuilder for ScheduleWide {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>], cx: &mut Cx) {
        let c = &self.cols;
        let Ok(employee) = c.key(cx, row, cells, 0, Some(1)) else {
            return;
        };
        for d in &self.days {
            let Some(shift) = cells.get(d.col as usize).and_then(cell::text_of) else {
                continue;
            };
            cx.record(Some(d.date));
            cx.data.schedule.push(ScheduleEntry {
                employee: employee.clone(),
                date: d.date,
                shift,
                source: crate::model::Source {
                    sheet: d.sheet.clone(),
                    row,
                },
            });
        }
    }
}
