//! One sheet being read: its first rows are buffered until the header (or the
//! preset) is known, then every row goes straight to the kind's row builder.

use calamine::{Data, DataRef};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::cell::Dates;
use super::header::{self, AliasTable, HeadRow, Header};
use super::kinds::{self, Cols, Cx, DayCol, RowBuilder};
use super::limits::{group, MAX_ROWS};
use super::presets;
use super::text::OrderChoice;
use super::{cdr, cell, text, wjx, Format};
use crate::config::InputSpec;
use crate::error::Problem;
use crate::i18n::Text;
use crate::model::source::column_letters;

/// Rows searched for the header.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// What a sheet reader needs to know about the input kind and file.
pub struct SheetCtx<'a> {
    /// Input kind (`roster`, `calls`, …).
    pub kind: &'static str,
    /// The config of that kind.
    pub spec: &'a InputSpec,
    /// Aliases in effect.
    pub table: &'a AliasTable,
    /// File as shown in messages.
    pub file: String,
    /// Sheet name.
    pub sheet: String,
    /// The workbook counts dates from 1904.
    pub is_1904: bool,
    /// The preset named in the config, if any.
    pub format: Option<Format>,
    /// The file is a CSV (headerless presets are possible).
    pub is_csv: bool,
    /// The order of day and month in numeric date texts: the `date_order`
    /// setting, or what a first reading of the sheet settled.
    pub orders: OrderChoice,
    /// A 问卷星 text export's answers (`score_map_from`), for a codes export's scale.
    pub text_answers: Option<&'a super::wjx::TextAnswers>,
    /// Rows this sheet may still hold: the file's other sheets have used the rest
    /// of the [`MAX_ROWS`] one file may hold.
    pub rows_left: u32,
}

impl SheetCtx<'_> {
    /// How the sheet's dates are read.
    pub fn dates(&self) -> Dates {
        Dates {
            is_1904: self.is_1904,
            orders: self.orders,
            kind: self.kind,
            // A roster's only dates are 入职日期, which go back further.
            since: (self.kind == "roster").then_some(cell::FIRST_HIRE_YEAR),
        }
    }
}

/// How a sheet was understood.
pub struct Detected {
    /// The row builder.
    pub builder: Box<dyn RowBuilder>,
    /// 1-based header row (`None` for headerless presets).
    pub header_row: Option<u32>,
    /// First row that holds data.
    pub data_from: u32,
    /// The format detected.
    pub format: Format,
    /// Why the sheet, recognised as data, cannot be read (two columns meaning
    /// one field): unlike a sheet that is no data, it fails its file.
    pub refused: Option<Text>,
}

enum Stage {
    Buffer(Vec<HeadRow>),
    Read(Box<dyn RowBuilder>, u32),
    Failed,
}

/// The result of reading one sheet.
pub struct SheetOutcome {
    /// Sheet name.
    pub sheet: String,
    /// Format and header row, or why the sheet could not be read.
    pub result: Result<(Format, Option<u32>), Text>,
    /// Records and problems.
    pub cx: Cx,
    /// Dates that read two ways were refused, and the sheet's other dates settle
    /// their order: the sheet is to be read again with it (and these notes).
    pub reread: Option<(OrderChoice, Vec<Text>)>,
    /// Rows handed to the reader (blank ones included).
    pub rows: u32,
    /// The sheet holds data but cannot be read (see [`Detected::refused`], or
    /// more rows than its file may hold): the file fails with it.
    pub hard: bool,
}

/// Where a reader hands the rows of a sheet: the sheet being read as an input
/// ([`SheetRun`]), or a table held whole ([`RowCollector`]).
pub trait RowSink {
    /// One row (1-based number, cells from column A).
    fn row(&mut self, row: u32, cells: &[DataRef<'_>]);
}

impl RowSink for SheetRun<'_> {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>]) {
        SheetRun::row(self, row, cells);
    }
}

/// The most cells a [`RowCollector`] holds (4,194,304, about 128 MiB).
pub const MAX_COLLECTED_CELLS: usize = 1 << 22;

/// The rows of a sheet held whole (a table read apart from the inputs, such as
/// a 问卷星 text export), up to [`MAX_COLLECTED_CELLS`].
#[derive(Debug, Default)]
pub struct RowCollector {
    /// The rows with data: 1-based number and cells from column A.
    pub rows: Vec<(u32, Vec<Data>)>,
    /// Cells held.
    cells: usize,
    /// More cells came than are held: the table is refused.
    pub overflow: bool,
}

impl RowSink for RowCollector {
    fn row(&mut self, row: u32, cells: &[DataRef<'_>]) {
        let width = cells
            .iter()
            .rposition(|c| !cell::is_blank(c))
            .map_or(0, |i| i + 1);
        if width == 0 || self.overflow {
            return;
        }
        self.cells += width;
        if self.cells > MAX_COLLECTED_CELLS {
            self.overflow = true;
            self.rows = Vec::new();
            return;
        }
        self.rows.push((row, owned(&cells[..width])));
    }
}

/// Why a file is refused for one of its sheets: a sheet that holds data but
/// cannot be read (a sheet that is no data is only passed over when another
/// sheet of the file is read).
pub fn hard_failure(o: &SheetOutcome) -> Option<Text> {
    o.hard.then(|| {
        let why = o.result.as_ref().err().cloned().unwrap_or_else(|| Text::raw(""));
        crate::msg!("sheet.in_sheet", sheet = header::one_line(&o.sheet), why = why)
    })
}

/// The rows the next sheet of a file may hold, after the sheets read before it.
pub fn rows_left(before: &[SheetOutcome]) -> u32 {
    MAX_ROWS.saturating_sub(before.iter().map(|s| s.rows).fold(0u32, u32::saturating_add))
}

/// A sheet being read.
pub struct SheetRun<'a> {
    ctx: SheetCtx<'a>,
    stage: Stage,
    cx: Cx,
    result: Result<(Format, Option<u32>), Text>,
    /// Footer rows skipped (合计, 共 N 条, …): their number and the first one's row and text.
    footers: Option<(usize, u32, String)>,
    /// Rows handed to the sheet so far.
    rows: u32,
    /// The sheet holds data but cannot be read: its failure fails the file.
    hard: bool,
}

fn owned(cells: &[DataRef<'_>]) -> Vec<Data> {
    cells.iter().map(|c| Data::from(c.clone())).collect()
}

/// A borrowed view of an owned cell.
pub fn view(c: &Data) -> DataRef<'_> {
    match c {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(x) => DataRef::Float(*x),
        Data::String(s) => DataRef::SharedString(s),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::DurationIso(s) => DataRef::DurationIso(s.clone()),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

fn all_missing(cells: &[DataRef<'_>]) -> bool {
    cells.iter().all(cell::is_blank)
}

impl<'a> SheetRun<'a> {
    /// Start reading a sheet. A file without a header row whose columns the
    /// config names (`columns = [...]`) is read as if they were its row 0.
    pub fn new(ctx: SheetCtx<'a>) -> SheetRun<'a> {
        let mut buffer = Vec::with_capacity(HEADER_SEARCH_ROWS + 1);
        if !ctx.spec.columns.is_empty() {
            buffer.push((
                0,
                ctx.spec.columns.iter().map(|c| Data::String(c.clone())).collect(),
            ));
        }
        SheetRun {
            ctx,
            stage: Stage::Buffer(buffer),
            cx: Cx::default(),
            result: Err(Text::raw("")),
            footers: None,
            rows: 0,
            hard: false,
        }
    }

    /// Hand a data row to the builder, unless it is blank or a footer.
    fn data_row(
        b: &mut Box<dyn RowBuilder>,
        footers: &mut Option<(usize, u32, String)>,
        cx: &mut Cx,
        row: u32,
        cells: &[DataRef<'_>],
    ) {
        if all_missing(cells) {
            return;
        }
        if let Some(text) = footer_text(cells) {
            match footers {
                Some((n, ..)) => *n += 1,
                None => *footers = Some((1, row, text)),
            }
            return;
        }
        b.row(row, cells, cx);
    }

    /// Feed one row (1-based number, cells from column A).
    pub fn row(&mut self, row: u32, cells: &[DataRef<'_>]) {
        self.rows = self.rows.saturating_add(1);
        if self.rows > self.ctx.rows_left {
            if !matches!(self.stage, Stage::Failed) || self.result.is_ok() {
                self.stage = Stage::Failed;
                self.hard = true;
                self.result = Err(crate::msg!(
                    "sheet.too_many_rows",
                    rows = group(MAX_ROWS as usize)
                ));
            }
            return;
        }
        match &mut self.stage {
            Stage::Read(b, from) => {
                if row >= *from {
                    Self::data_row(b, &mut self.footers, &mut self.cx, row, cells);
                }
            }
            Stage::Buffer(rows) => {
                rows.push((row, owned(cells)));
                if rows.len() > HEADER_SEARCH_ROWS || (rows.len() == HEADER_SEARCH_ROWS && rows[0].0 != 0) {
                    self.detect_now();
                }
            }
            Stage::Failed => {}
        }
    }

    fn detect_now(&mut self) {
        let Stage::Buffer(rows) = std::mem::replace(&mut self.stage, Stage::Failed) else {
            return;
        };
        match detect(&self.ctx, &rows) {
            Ok(Detected {
                refused: Some(why), ..
            }) => {
                self.result = Err(why);
                self.hard = true;
            }
            Ok(d) => {
                let mut b = d.builder;
                for (rno, cells) in &rows {
                    if *rno >= d.data_from {
                        let v: Vec<DataRef<'_>> = cells.iter().map(view).collect();
                        Self::data_row(&mut b, &mut self.footers, &mut self.cx, *rno, &v);
                    }
                }
                // Row 0 is `columns = [...]`, not a row of the file.
                self.result = Ok((d.format, d.header_row.filter(|r| *r > 0)));
                self.stage = Stage::Read(b, d.data_from);
            }
            Err(m) => {
                self.result = Err(m);
            }
        }
    }

    /// After the last row.
    pub fn finish(mut self) -> SheetOutcome {
        if matches!(self.stage, Stage::Buffer(_)) {
            self.detect_now();
        }
        if let Stage::Read(b, _) = &mut self.stage {
            b.finish(&mut self.cx);
        }
        if let Some((n, row, text)) = self.footers.take() {
            let text = format!("{text:?}");
            self.cx.notes.push(if n == 1 {
                crate::msg!("sheet.footer", row = row, text = text)
            } else {
                crate::msg!("sheet.footers", count = n, row = row, text = text)
            });
        }
        let reread = self.settle_dates();
        SheetOutcome {
            sheet: self.ctx.sheet,
            result: self.result,
            cx: self.cx,
            reread,
            rows: self.rows,
            hard: self.hard,
        }
    }
}

impl SheetRun<'_> {
    /// After a first reading without a date order: a file that writes its dates
    /// two ways is an error; dates that read two ways, in a file whose other
    /// dates settle the order, call for a second reading with that order.
    fn settle_dates(&mut self) -> Option<(OrderChoice, Vec<Text>)> {
        if self.ctx.orders != OrderChoice::default() {
            return None;
        }
        let setting = format!("inputs.{}.date_order", self.ctx.kind);
        let ev = self.cx.dates.clone();
        let mut conflicts = Vec::new();
        for e in [&ev.year_last, &ev.two_digit].into_iter().flatten() {
            if let (Some(c), Some(n)) = (&e.conflict, &e.narrowed_by) {
                conflicts.push(Problem::cell_error(
                    &self.ctx.file,
                    &self.ctx.sheet,
                    c.cell.clone(),
                    crate::msg!(
                        "sheet.dates_two_ways",
                        text = format!("{:?}", c.text),
                        orders = c.orders.describe(),
                        other_cell = &n.cell,
                        other_text = format!("{:?}", n.text),
                        other_orders = n.orders.describe(),
                        setting = &setting
                    ),
                ));
            }
        }
        if !conflicts.is_empty() {
            self.cx.problems.extend(conflicts);
            return None;
        }
        if ev.ambiguous == 0 {
            return None;
        }
        let settled = ev.settled();
        if settled == OrderChoice::default() {
            return None;
        }
        let notes = [&ev.year_last, &ev.two_digit]
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let o = e.orders.single()?;
                let w = e.narrowed_by.as_ref()?;
                Some(crate::msg!(
                    "sheet.dates_settled",
                    words = text::order_words(o),
                    order = o.id(),
                    cell = &w.cell,
                    text = format!("{:?}", w.text),
                    setting = &setting
                ))
            })
            .collect();
        Some((settled, notes))
    }
}

/// The text of a footer row (合计, 总计, 小计, 记录数:1649, 共 12 条, 制表人, 打印时间,
/// Total, …): the row's first value says so.
fn footer_text(cells: &[DataRef<'_>]) -> Option<String> {
    let first = cells.iter().find(|c| !cell::is_blank(c))?;
    let (DataRef::String(_) | DataRef::SharedString(_)) = first else {
        return None;
    };
    let t = cell::str_of(first)?;
    // Most rows start with an ID, a name or a date: look no further.
    if !t.starts_with([
        '合', '总', '小', '共', '记', '制', '打', '审', 't', 'T', 's', 'S', 'g', 'G',
    ]) {
        return None;
    }
    let t = text::fold_width(&t).into_owned();
    let marker = [
        "合计",
        "总计",
        "小计",
        "共计",
        "总数",
        "记录数",
        "总记录",
        "制表",
        "打印",
        "审核人",
    ]
    .iter()
    .any(|m| t.starts_with(m));
    let count = t
        .strip_prefix('共')
        .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    let footers: [&str; 4] = ["total", "grand total", "subtotal", "sum"]; // not a message
    let english = footers.iter().any(|m| {
        t.get(..m.len()).is_some_and(|head| head.eq_ignore_ascii_case(m))
            && matches!(t[m.len()..].chars().next(), None | Some(':' | ' ' | '：'))
    });
    (marker || count || english).then(|| header::one_line(&t))
}

fn first_row_text(rows: &[HeadRow]) -> Text {
    rows.iter()
        .map(|(n, cells)| {
            let texts: Vec<String> = cells
                .iter()
                .map(|c| header::one_line(&header::label(c)))
                .filter(|t| !t.is_empty())
                .take(6)
                .collect();
            (n, texts)
        })
        .find(|(_, t)| !t.is_empty())
        .map(|(n, t)| crate::msg!("sheet.row_reads", row = *n, text = t.join(", ")))
        .unwrap_or_else(|| crate::msg!("sheet.empty"))
}

fn no_header(ctx: &SheetCtx<'_>, rows: &[HeadRow]) -> Text {
    let req: Vec<&str> = ctx.table.fields.iter().take(4).map(|f| f.key).collect();
    crate::msg!(
        "sheet.no_header",
        rows = HEADER_SEARCH_ROWS,
        columns = req.join(", "),
        first = first_row_text(rows)
    )
}

/// Required fields per kind: each entry is a set of alternatives (one must be present).
fn required(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "roster" => &[&["工号"], &["姓名"], &["部门"], &["基本工资"]],
        "schedule" => &[&["工号", "姓名"], &["日期"], &["班次"]],
        "punches" => &[&["工号", "姓名"], &["打卡时间", "时间", "签到时间", "签退时间"]],
        "calls" => &[
            &["坐席工号", "坐席姓名"],
            &["开始时间", "时间"],
            &["通话时长(秒)", "结束时间"],
            &["呼叫方向"],
        ],
        "surveys" => &[&["日期"], &["坐席工号", "坐席姓名"], &["评分"]],
        "complaints" => &[&["日期"], &["工号", "姓名"], &["严重程度"]],
        "violations" => &[&["日期"], &["工号", "姓名"], &["违规类型"]],
        "leaves" => &[&["工号", "姓名"], &["开始日期"], &["结束日期"]],
        "service_requests" => &[&["受理时间"], &["首次响应时间"], &["负责人工号", "负责人"]],
        "corrections" => kinds::corrections::REQUIRED,
        "client_records" => kinds::client_records::REQUIRED,
        "fund_expenses" => kinds::fund_expenses::REQUIRED,
        _ => &[
            &["编号"],
            &["类别"],
            &["发单部门"],
            &["收单部门"],
            &["主题"],
            &["发单日期"],
            &["要求完成日期"],
        ],
    }
}

fn check_required(ctx: &SheetCtx<'_>, h: &Header) -> Result<(), Text> {
    let t = ctx.table;
    for alts in required(ctx.kind) {
        let present = alts
            .iter()
            .any(|k| t.index(k).is_some_and(|i| h.cols[i].is_some()));
        if present {
            continue;
        }
        if alts == &["呼叫方向"] {
            if ctx.spec.direction.is_some() {
                continue;
            }
            let i = t.index(alts[0]).unwrap_or(0);
            return Err(crate::msg!(
                "sheet.missing_direction",
                missing = header::missing_message(t, ctx.kind, i, h)
            ));
        }
        let i = t.index(alts[0]).unwrap_or(0);
        return Err(header::missing_message(t, ctx.kind, i, h));
    }
    if ctx.kind == "calls" {
        let has = |k: &str| t.index(k).is_some_and(|i| h.cols[i].is_some());
        if !has("开始时间") && !has("日期") {
            let i = t.index("开始时间").unwrap_or(0);
            return Err(header::missing_message(t, ctx.kind, i, h));
        }
    }
    Ok(())
}

fn cols(ctx: &SheetCtx<'_>, h: &Header) -> Cols {
    Cols::new(
        &ctx.file,
        &ctx.sheet,
        ctx.table.fields,
        h.cols.clone(),
        ctx.dates(),
    )
}

/// Understand a sheet from its first rows.
pub fn detect(ctx: &SheetCtx<'_>, rows: &[HeadRow]) -> Result<Detected, Text> {
    let first = rows
        .first()
        .map(|(n, c)| (*n, c.iter().map(view).collect::<Vec<_>>()));
    if ctx.kind == "calls" {
        if let Some(d) = detect_cdr(ctx, rows)? {
            return Ok(d);
        }
        // FreeSWITCH mod_cdr_csv (no header).
        let (first_no, first_cells) = first.clone().unwrap_or((1, Vec::new()));
        if ctx.format == Some(Format::FreeSwitch)
            || (ctx.format.is_none() && ctx.is_csv && presets::looks_like_freeswitch(&first_cells))
        {
            let (agent_col, direction) = presets::agent_column(
                presets::FREESWITCH_COLUMNS,
                ctx.spec.agent_column.as_deref(),
                "destination_number",
            )?;
            let src = std::sync::Arc::new(crate::model::SourceSheet {
                file: ctx.file.clone(),
                sheet: ctx.sheet.clone(),
                columns: vec![("坐席工号", agent_col as u32), ("开始时间", 4)],
            });
            return Ok(Detected {
                builder: Box::new(presets::FreeSwitchRows {
                    src,
                    agent_col,
                    direction,
                    no_agent: Vec::new(),
                    dates: ctx.dates(),
                }),
                header_row: None,
                data_from: first_no,
                format: Format::FreeSwitch,
                refused: None,
            });
        }
    }
    if ctx.kind == "surveys" {
        if let Some(d) = detect_wjx(ctx, rows)? {
            return Ok(d);
        }
    }
    let h = header::find(ctx.table, rows, 2);
    if ctx.kind == "punches" && ctx.format.is_none_or(|f| f == Format::DingTalk) {
        if let Some(d) = h.as_ref().and_then(|h| detect_dingtalk(ctx, rows, h).transpose()) {
            return d;
        }
        if ctx.format == Some(Format::DingTalk) {
            let raw = h.as_ref().is_some_and(|h| {
                h.labels
                    .iter()
                    .any(|(_, l)| text::normalize_header(l) == "考勤日期")
            });
            let hint = if raw {
                crate::msg!("sheet.dingtalk_raw_hint")
            } else {
                Text::raw("")
            };
            return Err(crate::msg!(
                "sheet.not_dingtalk",
                first = first_row_text(rows),
                hint = hint
            ));
        }
    }
    if ctx.kind == "punches" {
        if let Some(why) = summary_sheet(ctx, rows) {
            return Err(why);
        }
    }
    if ctx.kind == "schedule" {
        if let Some(d) = detect_wide_schedule(ctx, rows)? {
            return Ok(d);
        }
    }
    let Some(h) = h else {
        return Err(no_header(ctx, rows));
    };
    check_required(ctx, &h)?;
    let refused = header::duplicate_columns(ctx.table, ctx.kind, &h, rows);
    let c = cols(ctx, &h);
    let data_from = h.row + h.height;
    let labels: Vec<String> = h.labels.iter().map(|(_, l)| text::normalize_header(l)).collect();
    let has = |l: &str| labels.iter().any(|x| x == l);
    let format = match ctx.kind {
        "punches" if has("实际打卡时间") => Format::WeCom,
        "punches" if has("考勤号码") && has("日期时间") => Format::ZKTeco,
        "punches" if has("考勤日期") && has("打卡结果") => Format::DingTalkRaw,
        _ => Format::Table,
    };
    let builder: Box<dyn RowBuilder> = match ctx.kind {
        "roster" => Box::new(kinds::RosterRows(c)),
        "schedule" => Box::new(kinds::ScheduleLong(c)),
        "punches" => Box::new(kinds::PunchRows::new(c)),
        "calls" => Box::new(kinds::CallRows {
            cols: c,
            direction: ctx.spec.direction.as_deref().and_then(kinds::direction_text),
            internal: kinds::Internal::default(),
        }),
        "surveys" => Box::new(kinds::SurveyRows::new(c, wjx::Scale::Written, None)),
        "complaints" => Box::new(kinds::ComplaintRows(c)),
        "violations" => Box::new(kinds::ViolationRows(c)),
        "leaves" => Box::new(kinds::LeaveRows(c)),
        "service_requests" => Box::new(kinds::ServiceRows(c)),
        "corrections" => Box::new(kinds::CorrectionRows::new(c)),
        "client_records" => Box::new(kinds::ClientRecordRows(c)),
        "fund_expenses" => Box::new(kinds::FundExpenseRows(c)),
        _ => Box::new(kinds::SlipRows(c)),
    };
    Ok(Detected {
        builder,
        header_row: Some(h.row),
        data_from,
        format,
        refused,
    })
}

/// A year and month (or a full date) written in title rows above the header:
/// `统计日期：2026-06-01 至 2026-06-29`, `2026年11月排班表`, `2026-11`.
pub fn title_period(rows: &[HeadRow], before: u32) -> Option<(i32, u32, Option<NaiveDate>)> {
    for (n, cells) in rows {
        if *n >= before {
            break;
        }
        for c in cells {
            let t = text::fold_width(&header::label(c)).into_owned();
            let tokens: Vec<&str> = t
                .split(|ch: char| {
                    !(ch.is_ascii_digit() || matches!(ch, '-' | '/' | '.' | '年' | '月' | '日'))
                })
                .filter(|s| s.len() >= 6)
                .collect();
            for tok in tokens {
                if let Some(d) = text::parse_date(tok) {
                    return Some((d.year(), d.month(), Some(d)));
                }
                let tok = tok.trim_end_matches(['月', '日']);
                if let Some((y, m)) = tok.split_once(['年', '-', '/', '.']) {
                    if let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<u32>()) {
                        if y > 1900 && (1..=12).contains(&m) {
                            return Some((y, m, None));
                        }
                    }
                }
            }
        }
    }
    None
}

fn is_weekday_label(s: &str) -> bool {
    weekday_label(s).is_some()
}

/// The weekday of a label such as `六`, `周六`, `星期日`.
fn weekday_label(s: &str) -> Option<Weekday> {
    let s = s.trim().trim_start_matches("星期").trim_start_matches('周');
    Some(match s {
        "一" => Weekday::Mon,
        "二" => Weekday::Tue,
        "三" => Weekday::Wed,
        "四" => Weekday::Thu,
        "五" => Weekday::Fri,
        "六" => Weekday::Sat,
        "日" | "天" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// The period a title row states: `统计日期：2026-05-01 至 2026-05-31` gives both
/// days, a title with one date gives its start.
fn title_span(rows: &[HeadRow], before: u32) -> Option<(NaiveDate, Option<NaiveDate>)> {
    for (n, cells) in rows {
        if *n >= before {
            break;
        }
        for c in cells {
            let t = text::fold_width(&header::label(c)).into_owned();
            let dates: Vec<NaiveDate> = t
                .split(|ch: char| {
                    !(ch.is_ascii_digit() || matches!(ch, '-' | '/' | '.' | '年' | '月' | '日'))
                })
                .filter(|s| s.len() >= 8)
                .filter_map(text::parse_date)
                .collect();
            match dates.as_slice() {
                [a, b, ..] if a <= b => return Some((*a, Some(*b))),
                [a, ..] => return Some((*a, None)),
                [] => {}
            }
        }
    }
    None
}

/// A day column label: a date, or a day number (`1`, `1日`, `1号`), or `11-01`.
enum DayLabel {
    Date(NaiveDate),
    MonthDay(u32, u32),
    Day(u32),
}

fn day_label(c: &Data, is_1904: bool) -> Option<DayLabel> {
    match c {
        Data::DateTime(_) => cell::date(&view(c), &Dates::plain(is_1904))
            .ok()
            .flatten()
            .map(DayLabel::Date),
        Data::Float(x) if (1.0..=31.0).contains(x) && x.fract() == 0.0 => Some(DayLabel::Day(*x as u32)),
        Data::Int(i) if (1..=31).contains(i) => Some(DayLabel::Day(*i as u32)),
        Data::Float(x) if (20_000.0..80_000.0).contains(x) => cell::date(&view(c), &Dates::plain(is_1904))
            .ok()
            .flatten()
            .map(DayLabel::Date),
        _ => {
            let t = header::label(c);
            let t = text::fold_width(&t).into_owned();
            if let Some(d) = text::parse_date(&t) {
                return Some(DayLabel::Date(d));
            }
            let core = t.trim().trim_end_matches(['日', '号']);
            if let Ok(n) = core.parse::<u32>() {
                return (1..=31).contains(&n).then_some(DayLabel::Day(n));
            }
            let (m, d) = core.split_once(['-', '/', '月'])?;
            let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(DayLabel::MonthDay(m, d))
        }
    }
}

/// Headers of attendance summaries (DingTalk 月度汇总 / 每日统计, WeCom 上下班打卡
/// 月报 and 日报's 概况统计), compared without spaces and a `(次)`-style unit.
const SUMMARY_HEADERS: &[&str] = &[
    "出勤天数",
    "应出勤天数",
    "实际出勤天数",
    "休息天数",
    "工作时长",
    "迟到次数",
    "迟到时长",
    "早退次数",
    "早退时长",
    "旷工天数",
    "旷工次数",
    "缺卡次数",
    "上班缺卡次数",
    "下班缺卡次数",
    "异常合计",
    "打卡次数",
    "考勤结果",
    "考勤概况",
    "异常统计",
    "假勤统计",
    "正常天数",
    "异常天数",
    "加班总时长",
    "上班1打卡结果",
    "下班1打卡结果",
];

/// Why a sheet given as punches is refused when it is a summary of attendance
/// statuses (counts and results per person and day), with what to export instead.
fn summary_sheet(ctx: &SheetCtx<'_>, rows: &[HeadRow]) -> Option<Text> {
    let labels: Vec<String> = rows
        .iter()
        .flat_map(|(_, cells)| cells.iter().map(header::label))
        .map(|l| {
            let n = text::normalize_header(&l);
            match n.find('(') {
                Some(i) if i > 0 => n[..i].to_string(),
                _ => n,
            }
        })
        .collect();
    let has = |h: &str| labels.iter().any(|l| l == h);
    let marks = SUMMARY_HEADERS.iter().filter(|h| has(h)).count();
    if marks < 2 {
        return None;
    }
    let sheet = ctx.sheet.as_str();
    let dingtalk = has("userid") || has("考勤组") || sheet == "月度汇总" || sheet == "每日统计";
    let wecom = has("账号") || has("所属规则") || has("考勤概况");
    let daily = has("日期") || has("上班1打卡结果") || sheet == "每日统计";
    Some(if dingtalk && daily {
        crate::msg!("sheet.dingtalk_daily_summary")
    } else if dingtalk {
        crate::msg!("sheet.dingtalk_monthly_summary")
    } else if wecom {
        crate::msg!("sheet.wecom_summary")
    } else {
        crate::msg!("sheet.summary")
    })
}

/// Asterisk-family call-detail records: a header naming the CDR columns (or
/// `columns = [...]`), or a headerless Master.csv or FreePBX table dump.
fn detect_cdr(ctx: &SheetCtx<'_>, rows: &[HeadRow]) -> Result<Option<Detected>, Text> {
    if !matches!(ctx.format, None | Some(Format::Asterisk)) {
        return Ok(None);
    }
    let build = |layout: cdr::Layout, header_row: Option<u32>, data_from: u32| -> Result<Detected, Text> {
        let agent = cdr::agent_setting(&layout, ctx.spec.agent_column.as_deref())?;
        let direction = ctx.spec.direction.as_deref().and_then(kinds::direction_text);
        Ok(Detected {
            builder: Box::new(cdr::CdrRows::new(
                layout,
                &ctx.file,
                &ctx.sheet,
                ctx.dates(),
                agent,
                direction,
            )),
            header_row,
            data_from,
            format: Format::Asterisk,
            refused: None,
        })
    };
    for (rno, cells) in rows {
        let labels: Vec<String> = cells.iter().map(header::label).collect();
        if let Some(layout) = cdr::Layout::from_names(&labels) {
            return build(layout, (*rno > 0).then_some(*rno), rno + 1).map(Some);
        }
    }
    if ctx.spec.columns.is_empty() && (ctx.is_csv || ctx.format == Some(Format::Asterisk)) {
        if let Some((no, cells)) = rows.first() {
            let v: Vec<DataRef<'_>> = cells.iter().map(view).collect();
            if let Some(layout) = cdr::Layout::headerless(&v) {
                return build(layout, None, *no).map(Some);
            }
        }
    }
    if ctx.format == Some(Format::Asterisk) {
        return Err(crate::msg!("sheet.not_asterisk", first = first_row_text(rows)));
    }
    Ok(None)
}

fn detect_wide_schedule(ctx: &SheetCtx<'_>, rows: &[HeadRow]) -> Result<Option<Detected>, Text> {
    let t = ctx.table;
    let (Some(id_f), Some(name_f)) = (t.index("工号"), t.index("姓名")) else {
        return Ok(None);
    };
    for (i, (rno, cells)) in rows.iter().enumerate() {
        let mut cols_map = vec![None; t.fields.len()];
        let mut days = Vec::new();
        for (c, v) in cells.iter().enumerate() {
            match t.field_of(&header::label(v)) {
                Some(f) if f == id_f || f == name_f => {
                    if cols_map[f].is_none() {
                        cols_map[f] = Some(c as u32);
                    }
                }
                _ => {
                    if let Some(d) = day_label(v, ctx.is_1904) {
                        days.push((c as u32, d));
                    }
                }
            }
        }
        if (cols_map[id_f].is_none() && cols_map[name_f].is_none()) || days.len() < 7 {
            continue;
        }
        let period = title_period(rows, *rno);
        let mut dated = Vec::new();
        for (c, d) in days {
            let date = match d {
                DayLabel::Date(d) => d,
                DayLabel::MonthDay(m, day) => {
                    let Some((y, ..)) = period else {
                        return Err(crate::msg!("sheet.no_year", row = *rno));
                    };
                    NaiveDate::from_ymd_opt(y, m, day).ok_or_else(|| {
                        crate::msg!("sheet.not_a_day", month = m, day = day, year = y, row = *rno)
                    })?
                }
                DayLabel::Day(day) => {
                    let Some((y, m, _)) = period else {
                        return Err(crate::msg!("sheet.no_month", row = *rno));
                    };
                    match NaiveDate::from_ymd_opt(y, m, day) {
                        Some(d) => d,
                        None => continue,
                    }
                }
            };
            dated.push((c, date));
        }
        // A weekday row under the day numbers is part of the header.
        let mut data_from = rno + 1;
        if let Some((n2, next)) = rows.get(i + 1) {
            let weekdays = dated
                .iter()
                .filter(|(c, _)| {
                    next.get(*c as usize)
                        .is_some_and(|v| is_weekday_label(&header::label(v)))
                })
                .count();
            if weekdays * 2 >= dated.len() {
                data_from = n2 + 1;
            }
        }
        let c = Cols::new(&ctx.file, &ctx.sheet, t.fields, cols_map, ctx.dates());
        let days = DayCol::list(&c.src, &dated, &["日期", "班次"]);
        return Ok(Some(Detected {
            builder: Box::new(kinds::ScheduleWide { cols: c, days }),
            header_row: Some(*rno),
            data_from,
            format: Format::Wide,
            refused: None,
        }));
    }
    Ok(None)
}

fn detect_dingtalk(ctx: &SheetCtx<'_>, rows: &[HeadRow], h: &Header) -> Result<Option<Detected>, Text> {
    let t = ctx.table;
    let Some(pf) = t.index("打卡时间") else {
        return Ok(None);
    };
    let Some((_, upper)) = rows.iter().find(|(n, _)| *n == h.row) else {
        return Ok(None);
    };
    let Some(start_col) = upper
        .iter()
        .position(|v| text::normalize_header(&header::label(v)) == "打卡时间")
    else {
        return Ok(None);
    };
    let Some((_, labels)) = rows.iter().find(|(n, _)| *n == h.row + 1) else {
        return Ok(None);
    };
    // The day columns: from 打卡时间 on, each with a label in the row below
    // (a day number, a weekday for weekends, or a holiday name), up to another
    // header or an empty label.
    let mut day_cols: Vec<(usize, String)> = Vec::new();
    for (c, v) in labels.iter().enumerate().skip(start_col) {
        let l = header::one_line(&header::label(v));
        let other_header = c > start_col && upper.get(c).is_some_and(|u| !header::label(u).is_empty());
        if l.is_empty() || other_header {
            break;
        }
        day_cols.push((c, l));
    }
    let day_like = day_cols
        .iter()
        .filter(|(_, l)| is_weekday_label(l) || l.parse::<u32>().is_ok_and(|n| (1..=31).contains(&n)))
        .count();
    if day_cols.is_empty() || day_like * 2 < day_cols.len() {
        return Ok(None);
    }
    let Some((start, end)) = title_span(rows, h.row) else {
        return Err(crate::msg!("sheet.dingtalk_no_period"));
    };
    let label_row = h.row + 1;
    if let Some(end) = end {
        let period_days = (end - start).num_days() + 1;
        if period_days != day_cols.len() as i64 {
            return Err(crate::msg!(
                "sheet.dingtalk_days",
                start = start.to_string(),
                end = end.to_string(),
                days = period_days,
                row = label_row,
                columns = day_cols.len(),
                first = format!("{}{label_row}", column_letters(start_col as u32)),
                last = format!(
                    "{}{label_row}",
                    column_letters(day_cols.last().map_or(start_col, |d| d.0) as u32)
                )
            ));
        }
    }
    // The columns are the period's days in order: a day number or weekday label
    // must agree with its day; any other label is a holiday's name (劳动节, 国庆, …).
    let mut days = Vec::new();
    for (i, (c, l)) in day_cols.iter().enumerate() {
        let date = start + Duration::days(i as i64);
        let number = l.parse::<u32>().ok();
        let agrees = match number {
            Some(n) => n == date.day(),
            None if is_weekday_label(l) => weekday_label(l) == Some(date.weekday()),
            None => true,
        };
        if !agrees {
            return Err(crate::msg!(
                "sheet.dingtalk_day_mismatch",
                cell = format!("{}{label_row}", column_letters(*c as u32)),
                label = format!("{l:?}"),
                nth = i + 1,
                start = start.to_string(),
                date = date.to_string(),
                weekday = weekday_name(date.weekday())
            ));
        }
        days.push((*c as u32, date));
    }
    let mut cols_map = h.cols.clone();
    cols_map[pf] = None;
    for f in ["日期", "时间"] {
        if let Some(i) = t.index(f) {
            cols_map[i] = None;
        }
    }
    let c = Cols::new(&ctx.file, &ctx.sheet, t.fields, cols_map, ctx.dates());
    let days = DayCol::list(&c.src, &days, &["打卡时间"]);
    Ok(Some(Detected {
        builder: Box::new(kinds::DingTalkWide { cols: c, days }),
        header_row: Some(h.row),
        data_from: h.row + 2,
        format: Format::DingTalk,
        refused: None,
    }))
}

fn detect_wjx(ctx: &SheetCtx<'_>, rows: &[HeadRow]) -> Result<Option<Detected>, Text> {
    for (i, (rno, cells)) in rows.iter().enumerate() {
        let labels: Vec<String> = cells.iter().map(header::label).collect();
        let is_wjx = labels.iter().any(|l| l == "提交答卷时间") && labels.iter().any(|l| l == "所用时间");
        if !(is_wjx || ctx.format == Some(Format::Wjx)) {
            continue;
        }
        if !is_wjx && !labels.iter().any(|l| l.contains("提交")) {
            continue;
        }
        let find = |needle: &str| labels.iter().position(|l| l.contains(needle)).map(|c| c as u32);
        let t = ctx.table;
        let mut cols_map = vec![None; t.fields.len()];
        cols_map[0] = find("提交答卷时间").or_else(|| find("提交"));
        // A setting naming (part of) a header must name one column.
        let one = |key: &str, needle: &str| -> Result<u32, Text> {
            let hits: Vec<usize> = labels
                .iter()
                .enumerate()
                .filter(|(_, l)| l.contains(needle))
                .map(|(c, _)| c)
                .collect();
            match hits.as_slice() {
                [c] => Ok(*c as u32),
                [] => Err(crate::msg!(
                    "sheet.wjx_no_column",
                    key = key,
                    needle = needle,
                    row = *rno
                )),
                many => Err(crate::msg!(
                    "sheet.wjx_many_columns",
                    key = key,
                    needle = needle,
                    count = many.len(),
                    columns = many
                        .iter()
                        .map(|c| format!(
                            "{} {}",
                            column_letters(*c as u32),
                            header::quote(&header::one_line(&labels[*c]))
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        };
        let score = match ctx.spec.score_column.as_deref() {
            Some(s) => one("score_column", s)?,
            None => {
                return Err(crate::msg!(
                    "sheet.wjx_score_column",
                    row = *rno,
                    count = labels.len().saturating_sub(6)
                ))
            }
        };
        cols_map[3] = Some(score);
        let agent = match ctx.spec.agent_question.as_deref() {
            Some(s) => one("agent_question", s)?,
            None => find("坐席")
                .or_else(|| find("工号"))
                .ok_or_else(|| crate::msg!("sheet.wjx_agent_question", row = *rno))?,
        };
        cols_map[1] = Some(agent);
        cols_map[5] = find("来源");
        let data: Vec<&[Data]> = rows[i + 1..].iter().map(|(_, c)| c.as_slice()).collect();
        let codes = wjx::is_codes_export(&labels, &data, score as usize);
        let given = wjx::score_map(ctx.spec);
        let (scale, from_text) = if codes {
            if given.is_empty() && ctx.text_answers.is_none() {
                let h = labels.get(score as usize).cloned().unwrap_or_default();
                return Err(wjx::needs_map(score, &h, *rno));
            }
            let serial = labels.iter().position(|l| l == "序号").map(|c| c as u32);
            let from_text = match (ctx.text_answers, serial) {
                (Some(a), Some(col)) => Some((col, a.clone())),
                (Some(_), None) => return Err(crate::msg!("sheet.wjx_no_serial", row = *rno)),
                (None, _) => None,
            };
            (wjx::Scale::Codes(given), from_text)
        } else {
            (wjx::Scale::WjxText, None)
        };
        let c = Cols::new(&ctx.file, &ctx.sheet, t.fields, cols_map, ctx.dates());
        let mut builder = kinds::SurveyRows::new(c, scale, from_text);
        if !codes && (!ctx.spec.score_map.is_empty() || ctx.spec.score_map_from.is_some()) {
            builder.note_unused_map = true;
        }
        return Ok(Some(Detected {
            builder: Box::new(builder),
            header_row: Some(*rno),
            data_from: rno + 1,
            format: Format::Wjx,
            refused: None,
        }));
    }
    Ok(None)
}
