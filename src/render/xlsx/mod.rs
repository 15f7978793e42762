//! The XLSX backend: typed cells with number formats (`cells`), frozen and
//! filtered headers, SUM and row formulas with their values, print setup with the
//! pages foreseen (`print`), field grids and signatures (`forms`) and native charts
//! (`chart`). Written in 等线 (a CJK font) so Chinese prints as Chinese.

mod cells;
mod chart;
mod forms;
mod print;

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use self::cells::{base_format, cell_text, empty_cell, excel_date, write_cell, Formats, COLUMN_PX, ROW_PX};
use self::chart::{build_chart, Placed, CHART_ROWS};
use self::print::{column_widths, print_setup, span_points, Paging, ROW_PT};
use super::format::char_width;
use super::model::*;

/// Points per line of wrapped body text.
const LINE_PT: f64 = 14.5;

/// Write the document's XLSX bytes.
pub fn render(doc: &Document) -> anyhow::Result<Vec<u8>> {
    render_inner(doc).map_err(|e| {
        crate::msg!(
            "render.cannot_write_xlsx",
            title = format!("{:?}", doc.title),
            error = e.to_string()
        )
        .into()
    })
}

/// Valid, unique worksheet names (≤ 31 characters, none of `[]:*?/\`).
fn sheet_names(doc: &Document) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    for (i, s) in doc.sheets.iter().enumerate() {
        let mut name: String = s
            .name
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        name = name.trim_matches('\'').trim().to_string();
        if name.is_empty() {
            name = format!("Sheet{}", i + 1);
        }
        name = name.chars().take(31).collect();
        let base = name.clone();
        let mut k = 2;
        while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) {
            let suffix = format!("({k})");
            name = base.chars().take(31 - suffix.chars().count()).collect::<String>() + &suffix;
            k += 1;
        }
        used.push(name);
    }
    used
}

/// Excel row of every table row, per table (pass one: the same row walk the writer does).
fn plan(doc: &Document, names: &[String]) -> BTreeMap<String, Placed> {
    let mut placed = BTreeMap::new();
    for (si, sheet) in doc.sheets.iter().enumerate() {
        let mut row = 0u32;
        for b in &sheet.blocks {
            if let Block::Table(t) = b {
                if t.caption.is_some() {
                    row += 1;
                }
                let rows: Vec<u32> = (0..t.rows.len() as u32).map(|i| row + i).collect();
                if let Some(id) = &t.id {
                    placed.entry(id.clone()).or_insert(Placed {
                        sheet: names[si].clone(),
                        rows: rows.clone(),
                    });
                }
                row += t.rows.len() as u32 + 1;
            } else {
                row += block_rows(b);
            }
        }
    }
    placed
}

/// Rows a non-table block occupies (including the blank row after it).
fn block_rows(b: &Block) -> u32 {
    match b {
        Block::Heading { .. } => 1,
        Block::Paragraph { .. } => 2,
        Block::Toc { .. } => 0,
        Block::Table(t) => t.rows.len() as u32 + 1 + u32::from(t.caption.is_some()),
        Block::Fields(f) => forms::field_lines(f).len() as u32 + 1,
        Block::Signatures(s) => s.len() as u32 + 1,
        Block::Chart(_) => CHART_ROWS + 1,
        Block::PageBreak => 0,
    }
}

/// Formats for everything but table cells, made once per workbook.
struct Styles {
    caption: Format,
    label: Format,
    value: Format,
    bold: Format,
    plain: Format,
}

impl Styles {
    fn new() -> Styles {
        use rust_xlsxwriter::{Color, FormatBorder};
        let boxed = || {
            base_format()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x8C8C8C))
                .set_align(FormatAlign::VerticalCenter)
        };
        let note = base_format().set_text_wrap().set_align(FormatAlign::Top);
        Styles {
            caption: base_format().set_bold().set_align(FormatAlign::Center),
            label: boxed().set_bold().set_background_color(Color::RGB(0xEDEDED)),
            value: boxed().set_text_wrap(),
            bold: note.clone().set_bold(),
            plain: note,
        }
    }

    /// A heading's format and font size: bold, sized by level.
    fn heading(level: u8) -> (Format, f64) {
        let size = match level {
            1 => 16.0,
            2 => 13.0,
            _ => 11.5,
        };
        (base_format().set_bold().set_font_size(size), size)
    }
}

fn render_inner(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_default_format(&base_format(), ROW_PX, COLUMN_PX)?;
    wb.set_properties(&properties(doc)?);
    let names = sheet_names(doc);
    let placed = plan(doc, &names);
    let mut formats = Formats::new();
    let styles = Styles::new();
    for (si, sheet) in doc.sheets.iter().enumerate() {
        let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(names[si].as_str())?;
        print_setup(ws, doc, sheet);
        let widths = column_widths(sheet);
        for (c, w) in &widths {
            ws.set_column_width(*c, *w)?;
        }
        let tables = sheet.blocks.iter().filter(|b| matches!(b, Block::Table(_)));
        let last_col = sheet_last_column(sheet, &widths);
        let width_pt = span_points(&widths, last_col);
        let chart_px = (width_pt / 0.75).round() as u32;
        let has_chart = sheet.blocks.iter().any(|b| matches!(b, Block::Chart(_)));
        let print_w = if has_chart {
            width_pt.max(f64::from(chart_px.clamp(400, 720)) * 0.75)
        } else {
            width_pt
        };
        let mut w = SheetWriter {
            ws,
            doc,
            placed: &placed,
            formats: &mut formats,
            styles: &styles,
            widths: &widths,
            last_col,
            chart_px,
            row: 0,
            breaks: Vec::new(),
            paging: Paging::new(doc, print_w),
            frozen: false,
            filtered: false,
            repeat: tables.count() == 1,
        };
        for b in &sheet.blocks {
            w.block(b)?;
        }
        w.finish()?;
    }
    wb.save_to_buffer()
}

/// The last column of a sheet's content: its widest table, or its widest set column.
fn sheet_last_column(sheet: &Sheet, widths: &BTreeMap<u16, f64>) -> u16 {
    let tables = sheet
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.column_count()),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let set = widths.keys().next_back().map_or(0, |c| usize::from(*c) + 1);
    (tables.max(set).max(1) - 1) as u16
}

/// The workbook's properties: title, company, author, and the document's date as its creation date.
fn properties(doc: &Document) -> Result<DocProperties, XlsxError> {
    let created = excel_date(doc.date)?;
    Ok(DocProperties::new()
        .set_title(doc.title.as_str())
        .set_company(doc.company.as_str())
        .set_author(doc.author.as_str())
        .set_creation_datetime(&created))
}

/// One worksheet being written, block by block, top to bottom (a constant-memory
/// sheet takes its rows in order), with its printed pages foreseen.
struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    doc: &'a Document,
    placed: &'a BTreeMap<String, Placed>,
    formats: &'a mut Formats,
    styles: &'a Styles,
    widths: &'a BTreeMap<u16, f64>,
    /// The last column of the sheet's content: notes and headings span to it.
    last_col: u16,
    /// The sheet's width in pixels (charts are as wide, within limits).
    chart_px: u32,
    /// The next row to write.
    row: u32,
    /// Manual page breaks, before these rows.
    breaks: Vec<u32>,
    /// The printed pages so far.
    paging: Paging,
    /// Panes frozen, autofilter set (each by the first table that asks).
    frozen: bool,
    filtered: bool,
    /// Whether the sheet's only table repeats its header on every printed page
    /// (a sheet of several tables repeats none: one table's header over another's
    /// rows would mislead).
    repeat: bool,
}

impl SheetWriter<'_> {
    fn block(&mut self, b: &Block) -> Result<(), XlsxError> {
        match b {
            Block::Heading { level, text } => {
                let (fmt, size) = Styles::heading(*level);
                self.note(text, &fmt.set_text_wrap(), size * 1.4, 0.0)?;
            }
            Block::Paragraph { runs, .. } => {
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                let all_bold = !runs.is_empty() && runs.iter().all(|r| r.bold || r.text == "\n");
                let fmt = if all_bold {
                    self.styles.bold.clone()
                } else {
                    self.styles.plain.clone()
                };
                self.note(&text, &fmt, LINE_PT, 0.0)?;
                self.next_row(None)?;
            }
            Block::Toc { .. } => {}
            Block::PageBreak => {
                if self.row > 0 {
                    self.breaks.push(self.row);
                    self.paging.break_page();
                }
            }
            Block::Table(t) => self.table(t)?,
            Block::Fields(f) => {
                forms::fields(self, f)?;
                self.next_row(None)?;
            }
            Block::Signatures(signs) => {
                forms::signatures(self, signs)?;
                self.next_row(None)?;
            }
            Block::Chart(c) => self.chart(c)?,
        }
        Ok(())
    }

    /// Finish the current row, `height` points high (None: the default), and move on.
    fn next_row(&mut self, height: Option<f64>) -> Result<(), XlsxError> {
        if let Some(h) = height {
            self.ws.set_row_height(self.row, h)?;
        }
        self.paging.row(height.unwrap_or(ROW_PT));
        self.row += 1;
        Ok(())
    }

    /// A line of text (heading, note, caption) across columns `0..=last` (the
    /// sheet's width unless `last_col` > 0 is given as `span`), wrapped, the row as
    /// high as its lines.
    fn note(&mut self, text: &str, fmt: &Format, line_pt: f64, span: f64) -> Result<(), XlsxError> {
        let last = if span > 0.0 { span as u16 } else { self.last_col };
        let avail: f64 = (0..=last)
            .map(|c| self.widths.get(&c).copied().unwrap_or(8.43))
            .sum::<f64>()
            .max(1.0);
        let scale = line_pt / LINE_PT;
        let lines: usize = text
            .split('\n')
            .map(|l| {
                ((char_width(l) as f64 * scale) / (avail - 1.0).max(1.0))
                    .ceil()
                    .max(1.0) as usize
            })
            .sum();
        let text = cell_text(text);
        if last > 0 {
            self.ws
                .merge_range(self.row, 0, self.row, last, text.as_ref(), fmt)?;
        } else {
            self.ws
                .write_string_with_format(self.row, 0, text.as_ref(), fmt)?;
        }
        let h = (lines as f64 * line_pt).max(ROW_PT);
        self.next_row((h > ROW_PT + 0.1).then_some(h.min(409.0)))
    }

    /// A chart, moved past a page break rather than cut by one.
    fn chart(&mut self, c: &Chart) -> Result<(), XlsxError> {
        let h = f64::from(CHART_ROWS) * ROW_PT;
        if !self.doc.fit_page && self.row > 0 && !self.paging.fits(h) {
            self.breaks.push(self.row);
            self.paging.break_page();
        }
        if let (Some(p), Some(t)) = (self.placed.get(&c.table), self.doc.table(&c.table)) {
            let chart = build_chart(c, p, t, self.chart_px)?;
            self.ws.insert_chart(self.row, 0, &chart)?;
        }
        for _ in 0..=CHART_ROWS {
            self.next_row(None)?;
        }
        Ok(())
    }

    /// A table: caption, rows of typed cells (merged across spans, blanks filling
    /// the grid), then frozen header, autofilter and print titles.
    fn table(&mut self, t: &Table) -> Result<(), XlsxError> {
        let ncols = t.column_count() as u16;
        if let Some(c) = &t.caption {
            let fmt = self.styles.caption.clone();
            self.note(c, &fmt, LINE_PT, f64::from(ncols.saturating_sub(1)))?;
        }
        let first = self.row;
        for (i, r) in t.rows.iter().enumerate() {
            let row = self.row;
            // rows cannot autofit in constant-memory mode: give wrapped text its lines
            let lines = text_lines(r, self.widths);
            let mut col = 0u16;
            for c in &r.cells {
                let fmt = self.formats.get(r.kind, c);
                if c.colspan > 1 {
                    let last = col + c.colspan - 1;
                    self.ws.merge_range(row, col, row, last, "", &fmt)?;
                }
                write_cell(self.ws, (row, col), c, &fmt, first)?;
                col = col.saturating_add(c.colspan);
            }
            // fill missing cells so the grid has borders
            while col < ncols {
                self.ws
                    .write_blank(row, col, &self.formats.get(r.kind, &empty_cell()))?;
                col += 1;
            }
            let h = (lines > 1).then(|| LINE_PT * lines.min(28) as f64 + 2.0);
            if self.repeat && i < t.repeat_header {
                self.paging.repeat += h.unwrap_or(ROW_PT);
            }
            self.next_row(h)?;
        }
        self.table_view(t, first, ncols)?;
        self.next_row(None)
    }

    /// Freeze the panes below the header and filter it (each for the first table
    /// of the sheet that asks); repeat it on every printed page when it is the
    /// sheet's only table.
    fn table_view(&mut self, t: &Table, first: u32, ncols: u16) -> Result<(), XlsxError> {
        let header_n = t.header_rows() as u32;
        if t.freeze && !self.frozen && header_n > 0 {
            self.ws.set_freeze_panes(first + header_n, 0)?;
            self.frozen = true;
        }
        if t.filter && !self.filtered && header_n > 0 && ncols > 0 {
            let last_body = t
                .rows
                .iter()
                .rposition(|r| r.kind == RowKind::Body)
                .map(|i| first + i as u32)
                .unwrap_or(first + header_n - 1);
            self.ws
                .autofilter(first + header_n - 1, 0, last_body, ncols - 1)?;
            self.filtered = true;
        }
        if t.repeat_header > 0 && self.repeat {
            self.ws
                .set_repeat_rows(first, first + t.repeat_header as u32 - 1)?;
        }
        Ok(())
    }

    /// The sheet's page breaks, and its print area when it is fitted to one page.
    fn finish(&mut self) -> Result<(), XlsxError> {
        if !self.breaks.is_empty() {
            self.ws.set_page_breaks(&self.breaks)?;
        }
        if self.doc.fit_page && self.row > 0 {
            let last_col = self.widths.keys().next_back().copied().unwrap_or(0);
            self.ws.set_print_area(0, 0, self.row - 1, last_col)?;
        }
        Ok(())
    }
}

/// Lines a table row's longest text needs in its columns (at least 1).
fn text_lines(r: &Row, widths: &BTreeMap<u16, f64>) -> usize {
    let mut lines = 1usize;
    let mut col = 0u16;
    for c in &r.cells {
        if let Value::Text(text) = &c.value {
            let avail: f64 = (col..col.saturating_add(c.colspan))
                .map(|i| widths.get(&i).copied().unwrap_or(8.43))
                .sum();
            let need: usize = text
                .split('\n')
                .map(|l| (char_width(l) as f64 / (avail - 1.0).max(1.0)).ceil().max(1.0) as usize)
                .sum();
            lines = lines.max(need);
        }
        col = col.saturating_add(c.colspan);
    }
    lines
}
