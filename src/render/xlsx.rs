//! The XLSX backend: typed cells, number formats, frozen and filtered headers,
//! SUM formulas with their values, print setup and native charts.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Chart as XChart, ChartType, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};

use super::format::{char_width, display};
use super::model::*;

/// Where a table landed: sheet name, Excel row of each table row, number of columns.
struct Placed {
    sheet: String,
    rows: Vec<u32>,
}

/// Write the document's XLSX bytes.
pub fn render(doc: &Document) -> anyhow::Result<Vec<u8>> {
    render_inner(doc).map_err(|e| anyhow::anyhow!("cannot write the XLSX for {:?}: {e}", doc.title))
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn excel_datetime(d: chrono::NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Timelike;
    excel_date(d.date())?.and_hms(d.hour() as u16, d.minute() as u8, d.second() as f64)
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

const CHART_ROWS: u32 = 18;

/// Rows a non-table block occupies (including the blank row after it).
fn block_rows(b: &Block) -> u32 {
    match b {
        Block::Heading { .. } => 1,
        Block::Paragraph { .. } => 2,
        Block::Toc { .. } => 0,
        Block::Table(t) => t.rows.len() as u32 + 1 + u32::from(t.caption.is_some()),
        Block::Fields(f) => {
            let cols = f.columns.max(1);
            let mut lines = 0u32;
            let mut used = cols;
            for it in &f.items {
                let span = it.span.clamp(1, cols);
                if used + span > cols {
                    lines += 1;
                    used = 0;
                }
                used += span;
            }
            lines + 1
        }
        Block::Signatures(s) => s.len() as u32 + 1,
        Block::Chart(_) => CHART_ROWS + 1,
        Block::PageBreak => 0,
    }
}

struct Formats {
    cache: BTreeMap<String, Format>,
}

impl Formats {
    fn get(&mut self, kind: RowKind, cell: &Cell) -> Format {
        let num = match &cell.value {
            Value::Number { format: Some(f), .. } => f.clone(),
            Value::Number {
                scale, format: None, ..
            } => {
                if *scale == 0 {
                    "0".into()
                } else {
                    format!("0.{}", "0".repeat(*scale as usize))
                }
            }
            Value::Money {
                currency: Currency::Always,
                ..
            } => "¥#,##0.00".into(),
            Value::Money { .. } => "#,##0.00".into(),
            Value::Percent { decimals, .. } => {
                if *decimals == 0 {
                    "0%".into()
                } else {
                    format!("0.{}%", "0".repeat(*decimals as usize))
                }
            }
            Value::Date(_) => "yyyy-mm-dd".into(),
            Value::DateTime(_) => "yyyy-mm-dd hh:mm:ss".into(),
            Value::Duration { hours: true, .. } => "[h]:mm:ss".into(),
            Value::Duration { hours: false, .. } => "[mm]:ss".into(),
            Value::Text(_) | Value::Empty => String::new(),
        };
        let key = format!("{kind:?}|{num}|{:?}|{}", cell.align, cell.bold);
        self.cache
            .entry(key)
            .or_insert_with(|| {
                let mut f = Format::new()
                    .set_border(FormatBorder::Thin)
                    .set_border_color(Color::RGB(0x8C8C8C));
                if !num.is_empty() {
                    f = f.set_num_format(num.as_str());
                }
                if cell.bold {
                    f = f.set_bold();
                }
                if num.is_empty() && kind != RowKind::Header {
                    // long text wraps inside its column (rows keep no fixed height, so viewers grow them)
                    f = f.set_text_wrap();
                }
                f = match kind {
                    RowKind::Header => f.set_background_color(Color::RGB(0xD9E1F2)).set_text_wrap(),
                    RowKind::Total => f.set_background_color(Color::RGB(0xF0F0F0)),
                    RowKind::Body => f,
                };
                f = match cell.align {
                    Align::Left => f.set_align(FormatAlign::Left),
                    Align::Center => f.set_align(FormatAlign::Center),
                    Align::Right => f.set_align(FormatAlign::Right),
                    Align::Auto => f,
                };
                f.set_align(FormatAlign::VerticalCenter)
            })
            .clone()
    }
}

fn col_name(mut col: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// `A3:A10` ranges of consecutive Excel rows in one column.
fn sum_ranges(col: u16, rows: &[u32]) -> String {
    let c = col_name(col);
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        if i == j {
            parts.push(format!("{c}{}", rows[i] + 1));
        } else {
            parts.push(format!("{c}{}:{c}{}", rows[i] + 1, rows[j] + 1));
        }
        i = j + 1;
    }
    if parts.is_empty() {
        "0".into()
    } else {
        format!("SUM({})", parts.join(","))
    }
}

/// The most UTF-16 units of a header or footer (Excel's limit; more is dropped by Excel).
const MAX_HEADER_UNITS: usize = 255;

/// A running header or footer in Excel's codes, centred (`&C`), `{page}` and
/// `{pages}` as fields, cut with "…" to Excel's 255 characters (never leaving a
/// lone `&`, which would start a code).
fn header_footer(s: &str, title: &str) -> String {
    let full = format!(
        "&C{}",
        s.replace('&', "&&")
            .replace("{page}", "&P")
            .replace("{pages}", "&N")
            .replace("{title}", &title.replace('&', "&&"))
    );
    let cut = cut_text(&full, MAX_HEADER_UNITS);
    if cut.len() == full.len() {
        return full;
    }
    let body = cut.trim_end_matches(CUT_MARK);
    let amps = body.len() - body.trim_end_matches('&').len();
    let body = if amps % 2 == 1 {
        &body[..body.len() - 1]
    } else {
        body
    };
    format!("{body}{CUT_MARK}")
}

/// Text for a cell: at most Excel's 32,767 characters (cut with "…"; the
/// document model already holds no more, this keeps any joined text within it).
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    cut_text(text, MAX_TEXT_UNITS)
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
        Styles {
            caption: Format::new().set_bold(),
            label: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xEDEDED))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x8C8C8C))
                .set_align(FormatAlign::VerticalCenter),
            value: Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x8C8C8C))
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            bold: Format::new().set_bold(),
            plain: Format::new(),
        }
    }

    /// A heading's format: bold, sized by level.
    fn heading(level: u8) -> Format {
        let size = match level {
            1 => 16.0,
            2 => 13.0,
            _ => 11.5,
        };
        Format::new().set_bold().set_font_size(size)
    }
}

fn render_inner(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(doc)?);
    let names = sheet_names(doc);
    let placed = plan(doc, &names);
    let mut formats = Formats {
        cache: BTreeMap::new(),
    };
    let styles = Styles::new();
    for (si, sheet) in doc.sheets.iter().enumerate() {
        let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(names[si].as_str())?;
        print_setup(ws, doc, sheet);
        let widths = column_widths(sheet);
        for (c, w) in &widths {
            ws.set_column_width(*c, *w)?;
        }
        let mut w = SheetWriter {
            ws,
            doc,
            placed: &placed,
            formats: &mut formats,
            styles: &styles,
            widths: &widths,
            row: 0,
            breaks: Vec::new(),
            frozen: false,
            filtered: false,
            repeated: false,
        };
        for b in &sheet.blocks {
            w.block(b)?;
        }
        w.finish()?;
    }
    wb.save_to_buffer()
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

/// Paper, orientation, fit, margins, and the running header and footer (a page
/// number footer unless the template sets its own).
fn print_setup(ws: &mut Worksheet, doc: &Document, sheet: &Sheet) {
    ws.set_paper_size(doc.paper.excel_code());
    if doc.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, if doc.fit_page { 1 } else { 0 });
    let [mt, mr, mb, ml] = doc.margins_mm.map(|m| f64::from(m) / 25.4);
    ws.set_margins(ml, mr, mt, mb, (mt / 2.0).min(0.3), (mb / 2.0).min(0.3));
    if let Some(h) = sheet.header.as_ref().or(doc.header.as_ref()) {
        if !h.is_empty() {
            ws.set_header(header_footer(h, &doc.title));
        }
    }
    let footer = sheet
        .footer
        .clone()
        .or_else(|| doc.footer.clone())
        .unwrap_or_else(|| "第 {page} 页 共 {pages} 页".into());
    if !footer.is_empty() {
        ws.set_footer(header_footer(&footer, &doc.title));
    }
}

/// Column widths from every table on the sheet (CJK counted twice), field grids
/// and signatures; a width the template sets wins.
fn column_widths(sheet: &Sheet) -> BTreeMap<u16, f64> {
    let mut widths: BTreeMap<u16, f64> = BTreeMap::new();
    let mut explicit: BTreeMap<u16, f64> = BTreeMap::new();
    for b in &sheet.blocks {
        match b {
            Block::Table(t) => {
                for r in &t.rows {
                    let mut col = 0u16;
                    for c in &r.cells {
                        if c.colspan == 1 {
                            let w = char_width(&display(&c.value)) as f64 + 2.0;
                            let e = widths.entry(col).or_insert(6.0);
                            *e = e.max(w.min(60.0));
                        }
                        col = col.saturating_add(c.colspan);
                    }
                }
                // A width the template sets wins over the content's; where
                // several tables on one sheet set a column, the widest wins.
                for (i, w) in t.widths.iter().enumerate() {
                    let e = explicit.entry(i as u16).or_insert(0.0);
                    *e = e.max(f64::from(*w));
                }
            }
            Block::Fields(f) => {
                let cols = f.columns.max(1) as u16;
                for k in 0..cols {
                    let lw = f
                        .items
                        .iter()
                        .map(|i| char_width(&i.label) as f64 + 2.0)
                        .fold(8.0, f64::max);
                    let e = widths.entry(2 * k).or_insert(6.0);
                    *e = e.max(lw.min(30.0));
                    let e = widths.entry(2 * k + 1).or_insert(6.0);
                    *e = e.max(24.0);
                }
            }
            Block::Signatures(_) => {
                let e = widths.entry(0).or_insert(6.0);
                *e = e.max(12.0);
                let e = widths.entry(1).or_insert(6.0);
                *e = e.max(16.0);
            }
            _ => {}
        }
    }
    widths.extend(explicit);
    widths
}

/// One worksheet being written, block by block, top to bottom (a constant-memory
/// sheet takes its rows in order).
struct SheetWriter<'a> {
    ws: &'a mut Worksheet,
    doc: &'a Document,
    placed: &'a BTreeMap<String, Placed>,
    formats: &'a mut Formats,
    styles: &'a Styles,
    widths: &'a BTreeMap<u16, f64>,
    /// The next row to write.
    row: u32,
    /// Manual page breaks, before these rows.
    breaks: Vec<u32>,
    /// Panes frozen, autofilter set, print titles set (each by the first table that asks).
    frozen: bool,
    filtered: bool,
    repeated: bool,
}

impl SheetWriter<'_> {
    fn block(&mut self, b: &Block) -> Result<(), XlsxError> {
        match b {
            Block::Heading { level, text } => {
                self.ws.write_string_with_format(
                    self.row,
                    0,
                    cell(text).as_ref(),
                    &Styles::heading(*level),
                )?;
                self.row += 1;
            }
            Block::Paragraph { runs, .. } => {
                let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                let all_bold = !runs.is_empty() && runs.iter().all(|r| r.bold || r.text == "\n");
                let fmt = if all_bold {
                    &self.styles.bold
                } else {
                    &self.styles.plain
                };
                self.ws
                    .write_string_with_format(self.row, 0, cell(&text).as_ref(), fmt)?;
                self.row += 2;
            }
            Block::Toc { .. } => {}
            Block::PageBreak => {
                if self.row > 0 {
                    self.breaks.push(self.row);
                }
            }
            Block::Table(t) => self.table(t)?,
            Block::Fields(f) => {
                self.fields(f)?;
                self.row += block_rows(b);
            }
            Block::Signatures(signs) => {
                self.signatures(signs)?;
                self.row += block_rows(b);
            }
            Block::Chart(c) => {
                if let (Some(p), Some(t)) = (self.placed.get(&c.table), self.doc.table(&c.table)) {
                    let chart = build_chart(c, p, t)?;
                    self.ws.insert_chart(self.row, 0, &chart)?;
                }
                self.row += block_rows(b);
            }
        }
        Ok(())
    }

    /// A table: caption, rows of typed cells (merged across spans, blanks filling
    /// the grid), then frozen header, autofilter and print titles.
    fn table(&mut self, t: &Table) -> Result<(), XlsxError> {
        if let Some(c) = &t.caption {
            self.ws
                .write_string_with_format(self.row, 0, cell(c).as_ref(), &self.styles.caption)?;
            self.row += 1;
        }
        let first = self.row;
        let ncols = t.column_count() as u16;
        for r in &t.rows {
            let row = self.row;
            // rows cannot autofit in constant-memory mode: give wrapped text its lines
            let lines = text_lines(r, self.widths);
            if lines > 1 {
                self.ws.set_row_height(row, 15.0 * lines.min(20) as f64)?;
            }
            let mut col = 0u16;
            for c in &r.cells {
                let fmt = self.formats.get(r.kind, c);
                if c.colspan > 1 {
                    let last = col + c.colspan - 1;
                    self.ws.merge_range(row, col, row, last, "", &fmt)?;
                }
                write_cell(self.ws, row, col, c, &fmt, first)?;
                col = col.saturating_add(c.colspan);
            }
            // fill missing cells so the grid has borders
            while col < ncols {
                self.ws
                    .write_blank(row, col, &self.formats.get(r.kind, &empty_cell()))?;
                col += 1;
            }
            self.row += 1;
        }
        self.table_view(t, first, ncols)?;
        self.row += 1;
        Ok(())
    }

    /// Freeze the panes below the header, filter it, and repeat it on every printed
    /// page, each for the first table of the sheet that asks.
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
        if t.repeat_header > 0 && !self.repeated {
            self.ws
                .set_repeat_rows(first, first + t.repeat_header as u32 - 1)?;
            self.repeated = true;
        }
        Ok(())
    }

    /// A field grid: label and value cell pairs, `columns` pairs to a row, a value
    /// spanning `span` pairs merged across them.
    fn fields(&mut self, f: &Fields) -> Result<(), XlsxError> {
        let cols = f.columns.max(1) as u16;
        // group the fields into lines of at most `cols` pairs
        let mut lines: Vec<Vec<(u16, &Field)>> = Vec::new();
        let mut used = cols;
        for it in &f.items {
            let span = (it.span as u16).clamp(1, cols);
            if used + span > cols {
                lines.push(Vec::new());
                used = 0;
            }
            if let Some(l) = lines.last_mut() {
                l.push((used, it));
            }
            used += span;
        }
        for (k, line) in lines.iter().enumerate() {
            let r = self.row + k as u32;
            // constant-memory sheets cannot autofit: size the row for its longest value
            let mut text_lines = 1usize;
            for (pos, it) in line {
                let span = (it.span as u16).clamp(1, cols);
                let c = pos * 2;
                let last = c + 1 + (span - 1) * 2;
                let avail: f64 = (c + 1..=last)
                    .map(|i| self.widths.get(&i).copied().unwrap_or(8.43))
                    .sum();
                let need = char_width(&it.value) as f64;
                text_lines = text_lines.max((need / avail.max(1.0)).ceil() as usize);
            }
            if text_lines > 1 {
                self.ws.set_row_height(r, 15.0 * text_lines as f64)?;
            }
            for (pos, it) in line {
                let span = (it.span as u16).clamp(1, cols);
                let c = pos * 2;
                let (label, value) = (&self.styles.label, &self.styles.value);
                self.ws
                    .write_string_with_format(r, c, cell(&it.label).as_ref(), label)?;
                let last = c + 1 + (span - 1) * 2;
                if last > c + 1 {
                    self.ws.merge_range(r, c + 1, r, last, it.value.as_str(), value)?;
                } else {
                    self.ws
                        .write_string_with_format(r, c + 1, cell(&it.value).as_ref(), value)?;
                }
            }
        }
        Ok(())
    }

    /// Signatures, one to a row: label, name, and the date label and cell when asked for.
    fn signatures(&mut self, signs: &[Sign]) -> Result<(), XlsxError> {
        let (label, value) = (&self.styles.label, &self.styles.value);
        for (k, s) in signs.iter().enumerate() {
            let r = self.row + k as u32;
            self.ws
                .write_string_with_format(r, 0, cell(&format!("{}：", s.label)).as_ref(), label)?;
            self.ws
                .write_string_with_format(r, 1, cell(s.name.as_deref().unwrap_or("")).as_ref(), value)?;
            match &s.date {
                SignDate::None => {}
                SignDate::Blank => {
                    self.ws.write_string_with_format(r, 2, "日期：", label)?;
                    self.ws.write_blank(r, 3, value)?;
                }
                SignDate::Given(d) => {
                    self.ws.write_string_with_format(r, 2, "日期：", label)?;
                    let f = value.clone().set_num_format("yyyy-mm-dd");
                    self.ws.write_datetime_with_format(r, 3, excel_date(*d)?, &f)?;
                }
            }
        }
        Ok(())
    }

    /// The sheet's page breaks, and its print area when it is fitted to one page.
    fn finish(&mut self) -> Result<(), XlsxError> {
        set_breaks(self.ws, &self.breaks)?;
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
            let need = char_width(text) as f64;
            if need > avail - 1.0 {
                lines = lines.max((need / (avail - 1.0).max(1.0)).ceil() as usize);
            }
        }
        col = col.saturating_add(c.colspan);
    }
    lines
}

/// Set the sheet's manual page breaks (before the given rows).
fn set_breaks(ws: &mut Worksheet, breaks: &[u32]) -> Result<(), XlsxError> {
    if !breaks.is_empty() {
        ws.set_page_breaks(breaks)?;
    }
    Ok(())
}

fn empty_cell() -> Cell {
    Cell {
        value: Value::Empty,
        colspan: 1,
        align: Align::Auto,
        bold: false,
        sum_of: None,
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    c: &Cell,
    fmt: &Format,
    first: u32,
) -> Result<(), XlsxError> {
    if let Some(sum_rows) = &c.sum_of {
        let excel_rows: Vec<u32> = sum_rows.iter().map(|r| first + *r as u32).collect();
        let result = match &c.value {
            Value::Money { fen, .. } => super::format::decimal(*fen, 2, 2, false),
            Value::Percent { bp, .. } => super::format::decimal(*bp, 4, 4, false),
            Value::Number { units, scale, .. } => super::format::decimal(*units, *scale, *scale, false),
            Value::Duration { seconds, .. } => format!("{}", *seconds as f64 / 86400.0),
            _ => "0".into(),
        };
        let f = Formula::new(format!("={}", sum_ranges(col, &excel_rows))).set_result(result);
        ws.write_formula_with_format(row, col, f, fmt)?;
        return Ok(());
    }
    match &c.value {
        Value::Empty => {
            ws.write_blank(row, col, fmt)?;
        }
        Value::Text(t) => {
            ws.write_string_with_format(row, col, cell(t).as_ref(), fmt)?;
        }
        Value::Number { units, scale, .. } => {
            let v = *units as f64 / 10f64.powi(*scale as i32);
            ws.write_number_with_format(row, col, v, fmt)?;
        }
        Value::Money { fen, .. } => {
            ws.write_number_with_format(row, col, *fen as f64 / 100.0, fmt)?;
        }
        Value::Percent { bp, .. } => {
            ws.write_number_with_format(row, col, *bp as f64 / 10000.0, fmt)?;
        }
        Value::Date(d) => {
            ws.write_datetime_with_format(row, col, excel_date(*d)?, fmt)?;
        }
        Value::DateTime(d) => {
            ws.write_datetime_with_format(row, col, excel_datetime(*d)?, fmt)?;
        }
        Value::Duration { seconds, .. } => {
            ws.write_number_with_format(row, col, *seconds as f64 / 86400.0, fmt)?;
        }
    }
    Ok(())
}

fn build_chart(c: &Chart, p: &Placed, t: &Table) -> Result<XChart, XlsxError> {
    let mut chart = XChart::new(match c.kind {
        ChartKind::Bar => ChartType::Column,
        ChartKind::Line => ChartType::Line,
    });
    let body: Vec<u32> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == RowKind::Body)
        .map(|(i, _)| p.rows[i])
        .collect();
    let (Some(&r1), Some(&r2)) = (body.first(), body.last()) else {
        return Ok(chart);
    };
    let header_row = t
        .rows
        .iter()
        .rposition(|r| r.kind == RowKind::Header)
        .map(|i| p.rows[i]);
    let cat = (c.category - 1) as u16;
    for &s in &c.series {
        let col = (s - 1) as u16;
        let series = chart.add_series();
        series
            .set_categories((p.sheet.as_str(), r1, cat, r2, cat))
            .set_values((p.sheet.as_str(), r1, col, r2, col));
        if let Some(h) = header_row {
            series.set_name((p.sheet.as_str(), h, col));
        }
    }
    if !c.title.is_empty() {
        chart.title().set_name(c.title.as_str());
    }
    if !c.y_title.is_empty() {
        chart.y_axis().set_name(c.y_title.as_str());
    }
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(340);
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_and_sum_ranges() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        // rows 2..=4 and 6 (0-based) are Excel rows 3..5 and 7
        assert_eq!(sum_ranges(2, &[2, 3, 4, 6]), "SUM(C3:C5,C7)");
        assert_eq!(
            header_footer("第 {page} 页 共 {pages} 页 A&B", "t"),
            "&C第 &P 页 共 &N 页 A&&B"
        );
        // Cut to Excel's 255 characters, never ending in half of `&&`.
        let long = header_footer(&format!("{}&x", "长".repeat(251)), "t");
        assert_eq!(long.encode_utf16().count(), 254);
        assert!(long.ends_with("长…"), "{long}");
        assert_eq!(
            header_footer("{title}", &"名".repeat(400)).encode_utf16().count(),
            255
        );
    }
}
