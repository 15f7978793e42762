//! The document model both backends write from: blocks grouped into sheets;
//! typed cells carry their value and format, never a pre-formatted string.

use chrono::{NaiveDate, NaiveDateTime};

/// The most a text of a document may hold, in UTF-16 code units (as Excel
/// counts): Excel's limit for one cell. Longer text is cut, ending in "…", in both
/// formats alike; the full text stays in the inputs and in `zhidu explain`.
pub const MAX_TEXT_UNITS: usize = 32_767;

/// The mark that ends a cut text.
pub const CUT_MARK: char = '…';

/// `text` cut to at most `max_units` UTF-16 code units, ending in [`CUT_MARK`]
/// when anything was cut (the mark counted in the limit).
pub fn cut_text(text: &str, max_units: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max_units || text.encode_utf16().count() <= max_units {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = max_units.saturating_sub(CUT_MARK.len_utf16());
    let mut units = 0usize;
    let mut end = 0usize;
    for (i, c) in text.char_indices() {
        if units + c.len_utf16() > room {
            break;
        }
        units += c.len_utf16();
        end = i + c.len_utf8();
    }
    let mut cut = text[..end].to_string();
    if max_units >= CUT_MARK.len_utf16() {
        cut.push(CUT_MARK);
    }
    std::borrow::Cow::Owned(cut)
}

/// A whole document, as parsed from the markup.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's title (PDF and XLSX properties).
    pub title: String,
    /// Paper size.
    pub paper: Paper,
    /// Landscape (true) or portrait.
    pub landscape: bool,
    /// Page margins in millimetres: top, right, bottom, left.
    pub margins_mm: [f32; 4],
    /// Author (document properties).
    pub author: String,
    /// Company (document properties).
    pub company: String,
    /// The document's date (properties); never the clock.
    pub date: NaiveDate,
    /// Base font size in points for body text.
    pub font_size: f32,
    /// XLSX printing: `true` fits each worksheet onto one page (forms), with a
    /// print area over what was written; `false` fits the width only.
    pub fit_page: bool,
    /// Running header text (may contain `{page}`, `{pages}`, `{title}`).
    pub header: Option<String>,
    /// Running footer text (may contain `{page}`, `{pages}`, `{title}`).
    pub footer: Option<String>,
    /// The sheets, in order.
    pub sheets: Vec<Sheet>,
}

impl Document {
    /// Every heading of the document in order, as `(level, text)`.
    pub fn headings(&self) -> Vec<(u8, String)> {
        self.blocks()
            .filter_map(|b| match b {
                Block::Heading { level, text } => Some((*level, text.clone())),
                _ => None,
            })
            .collect()
    }

    /// Every block of every sheet, in order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.sheets.iter().flat_map(|s| s.blocks.iter())
    }

    /// The table with this `id`, if any.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.blocks().find_map(|b| match b {
            Block::Table(t) if t.id.as_deref() == Some(id) => Some(t),
            _ => None,
        })
    }
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 297 × 420 mm.
    A3,
    /// 148 × 210 mm.
    A5,
    /// 215.9 × 279.4 mm.
    Letter,
}

impl Paper {
    /// Portrait width and height in millimetres.
    pub fn size_mm(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
            Paper::A5 => (148.0, 210.0),
            Paper::Letter => (215.9, 279.4),
        }
    }

    /// The Excel paper-size code.
    pub fn excel_code(self) -> u8 {
        match self {
            Paper::A4 => 9,
            Paper::A3 => 8,
            Paper::A5 => 11,
            Paper::Letter => 1,
        }
    }
}

/// Blocks inside this sheet go to one XLSX worksheet; the PDF prints sheets one after another.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Worksheet name (made valid for Excel by the XLSX backend).
    pub name: String,
    /// Running header of this sheet's pages instead of the document's (`Some("")`: none).
    pub header: Option<String>,
    /// Running footer of this sheet's pages instead of the document's (`Some("")`: none).
    pub footer: Option<String>,
    /// Whether the sheet starts a new PDF page (`new-page`); None: the default, a new
    /// page for forms fitted to pages and where the running header or footer changes.
    pub new_page: Option<bool>,
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// One block of content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// `h1`–`h3`.
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// The heading's text.
        text: String,
    },
    /// `p`: runs of plain and bold text.
    Paragraph {
        /// The runs in order; a run whose text is `"\n"` is a line break.
        runs: Vec<Run>,
        /// Horizontal alignment.
        align: Align,
        /// Font size in points (PDF), or the document's body size.
        size: Option<f32>,
        /// Extra space above the paragraph in millimetres (PDF), e.g. to place a cover's title.
        space_before_mm: f32,
    },
    /// `toc`: table of contents of the headings.
    Toc {
        /// Title printed above the entries.
        title: String,
    },
    /// `table`.
    Table(Table),
    /// `fields`: a label/value grid.
    Fields(Fields),
    /// `signatures`: signature and date boxes.
    Signatures(Vec<Sign>),
    /// `chart`.
    Chart(Chart),
    /// `pagebreak`.
    PageBreak,
}

/// A run of paragraph text.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text (`"\n"` for a line break).
    pub text: String,
    /// Bold or not.
    pub bold: bool,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Default for the value type (numbers right, text left).
    #[default]
    Auto,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The id charts refer to.
    pub id: Option<String>,
    /// Caption printed above the table.
    pub caption: Option<String>,
    /// Column widths in characters (Excel) and relative weights (PDF); empty: from content.
    pub widths: Vec<f32>,
    /// How many leading header rows repeat on every page.
    pub repeat_header: usize,
    /// Freeze the header rows in the XLSX.
    pub freeze: bool,
    /// Autofilter on the last header row in the XLSX.
    pub filter: bool,
    /// The rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// Number of grid columns (counting colspans).
    pub fn column_count(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.colspan as usize).sum::<usize>())
            .max()
            .unwrap_or(0)
    }

    /// Number of leading header rows.
    pub fn header_rows(&self) -> usize {
        self.rows.iter().take_while(|r| r.kind == RowKind::Header).count()
    }
}

/// Row kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// `header="true"`: bold, shaded, repeated.
    Header,
    /// Ordinary data row.
    Body,
    /// `total="true"`: bold totals row.
    Total,
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Header, body or total.
    pub kind: RowKind,
    /// The cells, left to right.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The typed value.
    pub value: Value,
    /// Grid columns spanned (≥ 1).
    pub colspan: u16,
    /// Alignment.
    pub align: Align,
    /// Bold (header cells, total rows, `bold="true"`).
    pub bold: bool,
    /// How the XLSX computes the cell, for the few that it does (kept apart: a
    /// 10,000-row sheet has over half a million cells).
    pub calc: Option<Box<Calc>>,
}

/// How the XLSX computes a cell: a sum of rows or a formula over the row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calc {
    /// For `sum="true"` cells: the table row indexes summed (the XLSX writes a SUM formula).
    pub sum_of: Option<Vec<usize>>,
    /// A formula over the cells of the same row (`{7}-{21}`, `SUM({13},{18},{20})`:
    /// 1-based table columns), checked to give this cell's value; the XLSX writes it
    /// with the value cached, the PDF shows the value.
    pub formula: Option<String>,
}

impl Calc {
    /// The calculation of a cell, or `None` when it has neither a sum nor a formula.
    pub fn of(sum_of: Option<Vec<usize>>, formula: Option<String>) -> Option<Box<Calc>> {
        (sum_of.is_some() || formula.is_some()).then(|| Box::new(Calc { sum_of, formula }))
    }
}

impl Cell {
    /// The rows a `sum="true"` cell sums.
    pub fn sum_of(&self) -> Option<&[usize]> {
        self.calc.as_ref().and_then(|c| c.sum_of.as_deref())
    }

    /// The cell's row formula.
    pub fn formula(&self) -> Option<&str> {
        self.calc.as_ref().and_then(|c| c.formula.as_deref())
    }
}

/// How money shows its currency sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Currency {
    /// Default: ¥ in the PDF, plain `#,##0.00` in the XLSX.
    PdfOnly,
    /// ¥ in both.
    Always,
    /// ¥ in neither.
    Never,
}

/// A typed cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A decimal number `units / 10^scale`, shown with `format` (Excel-style `0.0`, `#,##0`).
    Number {
        /// The scaled integer.
        units: i64,
        /// Decimal places in `units`.
        scale: u32,
        /// Display format, if given.
        format: Option<String>,
    },
    /// Money in integer fen.
    Money {
        /// Amount in fen.
        fen: i64,
        /// Currency sign.
        currency: Currency,
    },
    /// A rate in basis points (9523 → 95.23%).
    Percent {
        /// Basis points.
        bp: i64,
        /// Decimal places shown (default 2).
        decimals: u32,
    },
    /// A date.
    Date(NaiveDate),
    /// A date and time.
    DateTime(NaiveDateTime),
    /// A duration in seconds.
    Duration {
        /// Seconds.
        seconds: i64,
        /// `h:mm:ss` (true) or `mm:ss` (false).
        hours: bool,
    },
    /// A signed change shown with its sign and unit: `+26`, `-1.27个百分点`,
    /// `+0.12分`, `+1小时02分03秒` (a number in the XLSX, with a signed number format).
    Delta {
        /// The scaled integer (seconds for a change of time).
        units: i64,
        /// Decimal places in `units`.
        scale: u32,
        /// The unit written after the number (`个百分点`, `分`), or empty.
        unit: String,
        /// A change of time in seconds, shown in 小时, 分 and 秒.
        clock: bool,
    },
}

/// A label/value grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    /// Number of label/value pairs per line.
    pub columns: u32,
    /// The fields.
    pub items: Vec<Field>,
}

/// One field of a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The label.
    pub label: String,
    /// The value text.
    pub value: String,
    /// Pairs spanned (1..=columns).
    pub span: u32,
}

/// A signature box.
#[derive(Debug, Clone, PartialEq)]
pub struct Sign {
    /// The label (员工签字).
    pub label: String,
    /// The signer's name when known.
    pub name: Option<String>,
    /// The date box.
    pub date: SignDate,
}

/// The date box of a signature.
#[derive(Debug, Clone, PartialEq)]
pub enum SignDate {
    /// No date box.
    None,
    /// An empty date box.
    Blank,
    /// A filled date.
    Given(NaiveDate),
}

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars.
    Bar,
    /// Lines with markers.
    Line,
}

/// A chart fed from a table's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Bar or line.
    pub kind: ChartKind,
    /// The id of the table.
    pub table: String,
    /// 1-based column of the categories.
    pub category: usize,
    /// 1-based columns of the series.
    pub series: Vec<usize>,
    /// The chart title.
    pub title: String,
    /// The value axis title.
    pub y_title: String,
}

/// Numeric value of a cell for charts and sums (None for text/empty).
impl Value {
    /// The value as a float for charts (money in yuan, percent as a fraction).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number { units, scale, .. } => Some(*units as f64 / 10f64.powi(*scale as i32)),
            Value::Money { fen, .. } => Some(*fen as f64 / 100.0),
            Value::Percent { bp, .. } => Some(*bp as f64 / 10000.0),
            Value::Duration { seconds, .. } => Some(*seconds as f64),
            Value::Delta { units, scale, .. } => Some(*units as f64 / 10f64.powi(*scale as i32)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod cut_tests {
    use super::*;

    #[test]
    fn text_is_cut_to_the_limit_in_utf16_units_with_a_mark() {
        assert_eq!(cut_text("短", 10), "短");
        assert_eq!(cut_text("一二三四五", 4), "一二三…");
        // An astral character counts two units and is never split.
        assert_eq!(cut_text("a😀b", 3), "a…");
        let long = "投".repeat(40_000);
        let cut = cut_text(&long, MAX_TEXT_UNITS);
        assert_eq!(cut.encode_utf16().count(), MAX_TEXT_UNITS);
        assert!(cut.ends_with('…'));
    }
}
