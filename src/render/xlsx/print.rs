//! Printing a worksheet: paper, margins, fit, running header and footer, column
//! widths that hold their values, and the printed pages foreseen row by row so a
//! chart never straddles a page break.

use std::collections::BTreeMap;

use rust_xlsxwriter::Worksheet;

use super::cells::{COLUMN_PX, ROW_PX};
use crate::render::format::{char_width, display};
use crate::render::model::{cut_text, Block, Document, Sheet, Value, CUT_MARK};

/// The most UTF-16 units of a header or footer (Excel's limit; more is dropped by Excel).
const MAX_HEADER_UNITS: usize = 255;

/// Points per pixel.
const PT_PER_PX: f64 = 0.75;
/// Pixels per character of column width with 等线 11 (its widest digit).
const PX_PER_CHAR: f64 = 8.0;

/// A running header or footer in Excel's codes, centred (`&C`), `{page}` and
/// `{pages}` as fields, cut with "…" to Excel's 255 characters (never leaving a
/// lone `&`, which would start a code).
pub(super) fn header_footer(s: &str, title: &str) -> String {
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

/// Paper, orientation, fit, margins, and the running header and footer (a page
/// number footer unless the template sets its own).
pub(super) fn print_setup(ws: &mut Worksheet, doc: &Document, sheet: &Sheet) {
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

/// The width in characters a value needs on one line (numbers and dates cannot
/// wrap: too narrow a column prints `###`), a little over for 等线's wider digits.
fn needed(value: &Value) -> f64 {
    let w = char_width(&display(value)) as f64;
    match value {
        Value::Text(_) | Value::Empty => w + 2.0,
        _ => (w * 1.1).ceil() + 2.0,
    }
}

/// Column widths from every table on the sheet (CJK counted twice), field grids
/// and signatures. A width the template sets wins for text (which wraps), but never
/// leaves a number or date too narrow for its formatted value.
pub(super) fn column_widths(sheet: &Sheet) -> BTreeMap<u16, f64> {
    let mut widths: BTreeMap<u16, f64> = BTreeMap::new();
    let mut values: BTreeMap<u16, f64> = BTreeMap::new();
    let mut explicit: BTreeMap<u16, f64> = BTreeMap::new();
    let widen = |map: &mut BTreeMap<u16, f64>, col: u16, w: f64| {
        let e = map.entry(col).or_insert(6.0);
        *e = e.max(w);
    };
    for b in &sheet.blocks {
        match b {
            Block::Table(t) => {
                for r in &t.rows {
                    let mut col = 0u16;
                    for c in &r.cells {
                        if c.colspan == 1 {
                            let w = needed(&c.value);
                            widen(&mut widths, col, w.min(60.0));
                            if !matches!(c.value, Value::Text(_) | Value::Empty) {
                                widen(&mut values, col, w);
                            }
                        }
                        col = col.saturating_add(c.colspan);
                    }
                }
                // Where several tables on one sheet set a column, the widest wins.
                for (i, w) in t.widths.iter().enumerate() {
                    widen(&mut explicit, i as u16, f64::from(*w));
                }
            }
            Block::Fields(f) => {
                let cols = f.columns.max(1) as u16;
                let lw = f
                    .items
                    .iter()
                    .map(|i| char_width(&i.label) as f64 + 2.0)
                    .fold(8.0, f64::max);
                for k in 0..cols {
                    widen(&mut widths, 2 * k, lw.min(30.0));
                    widen(&mut widths, 2 * k + 1, 24.0);
                }
            }
            Block::Signatures(_) => {
                widen(&mut widths, 0, 12.0);
                widen(&mut widths, 1, 16.0);
            }
            _ => {}
        }
    }
    widths.extend(explicit);
    for (col, w) in values {
        widen(&mut widths, col, w);
    }
    widths
}

/// Width in points of columns `0..=last` (default width where none is set).
pub(super) fn span_points(widths: &BTreeMap<u16, f64>, last: u16) -> f64 {
    (0..=last)
        .map(|c| {
            widths
                .get(&c)
                .map_or(f64::from(COLUMN_PX), |w| (w * PX_PER_CHAR + 5.0).round())
        })
        .sum::<f64>()
        * PT_PER_PX
}

/// The printed pages of a sheet foreseen row by row: the page height (at the print
/// scale that fits the sheet's width), what the current page holds, and the
/// header rows repeated on each page.
pub(super) struct Paging {
    /// Room on a page, in the sheet's points.
    page: f64,
    /// Used on the current page.
    used: f64,
    /// Height of the rows repeated at the top of every page.
    pub(super) repeat: f64,
}

/// The default row height in points.
pub(super) const ROW_PT: f64 = ROW_PX as f64 * PT_PER_PX;

impl Paging {
    /// Pages of `doc`'s paper for a sheet `width` points wide (fitted to the page width).
    pub(super) fn new(doc: &Document, width: f64) -> Paging {
        let (pw, ph) = doc.paper.size_mm();
        let (pw, ph) = if doc.landscape { (ph, pw) } else { (pw, ph) };
        let [mt, mr, mb, ml] = doc.margins_mm;
        let mm = 72.0 / 25.4;
        let printable_w = f64::from(pw - ml - mr) * mm;
        let printable_h = f64::from(ph - mt - mb) * mm;
        // Excel and LibreOffice fit in whole percent
        let scale = (printable_w / width.max(1.0)).min(1.0);
        let scale = ((scale * 100.0).floor() / 100.0).max(0.1);
        Paging {
            page: printable_h / scale * 0.97,
            used: 0.0,
            repeat: 0.0,
        }
    }

    /// A row `h` points high is printed.
    pub(super) fn row(&mut self, h: f64) {
        if self.used + h > self.page && self.used > self.repeat {
            self.used = self.repeat;
        }
        self.used += h;
    }

    /// Whether `h` more points fit on the current page.
    pub(super) fn fits(&self, h: f64) -> bool {
        self.used + h <= self.page || self.used <= self.repeat
    }

    /// A manual page break before the next row.
    pub(super) fn break_page(&mut self) {
        self.used = self.repeat;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_footers_keep_to_excels_limit() {
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

    #[test]
    fn a_date_time_column_is_wide_enough_for_its_value() {
        // 2026-10-16 16:20:00 is 19 characters: a template width of 16 is widened.
        let doc = crate::render::markup::parse(
            "t.xml",
            r#"<document><sheet><table widths="8,16,40"><tr><td>K001</td><td type="datetime">2026-10-16 16:20:00</td><td>很长的说明</td></tr></table></sheet></document>"#,
        )
        .expect("parses");
        let w = column_widths(&doc.sheets[0]);
        assert_eq!(w[&0], 8.0, "text keeps the template's width");
        assert!(w[&1] >= 21.0, "{w:?}");
        assert_eq!(w[&2], 40.0);
    }
}
