//! The PDF backend: our own layout; graphics through printpdf's drawing operations,
//! text and the subset font through [`super::embed`].

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, PdfDocument, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb,
};

use super::font::Font;
use super::format::display;
use super::model::*;
use super::wrap::wrap;

const MM: f32 = 72.0 / 25.4;

type Rgbf = (f32, f32, f32);
const BLACK: Rgbf = (0.0, 0.0, 0.0);
const GREY_TEXT: Rgbf = (0.35, 0.35, 0.35);
const RULE: Rgbf = (0.55, 0.55, 0.55);
const HEAD_FILL: Rgbf = (0.85, 0.89, 0.95);
const TOTAL_FILL: Rgbf = (0.94, 0.94, 0.94);
const LABEL_FILL: Rgbf = (0.93, 0.93, 0.93);
const PALETTE: [Rgbf; 6] = [
    (0.27, 0.45, 0.77),
    (0.93, 0.49, 0.19),
    (0.44, 0.68, 0.28),
    (0.65, 0.65, 0.65),
    (1.0, 0.75, 0.0),
    (0.36, 0.61, 0.84),
];

/// One run of text on a page, in PDF coordinates (baseline origin).
#[derive(Debug, Clone)]
pub struct TextRun {
    /// Left edge in points.
    pub x: f32,
    /// Baseline, in points from the bottom of the page.
    pub y: f32,
    /// Font size in points.
    pub size: f32,
    /// Bold (fill and stroke).
    pub bold: bool,
    /// Colour.
    pub color: (f32, f32, f32),
    /// The text.
    pub text: String,
}

/// A page being laid out: graphics operations and text runs (drawn on top).
#[derive(Default)]
struct Page {
    ops: Vec<Op>,
    texts: Vec<TextRun>,
}

/// What the layout produced: pages of operations plus what is filled in afterwards.
struct Layout<'a> {
    font: &'a Font,
    doc: &'a Document,
    page_w: f32,
    page_h: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    pages: Vec<Page>,
    /// Distance from the top of the page to the current position.
    y: f32,
    /// (level, text, page index, top y) of every heading, in order.
    headings: Vec<(u8, String, usize, f32)>,
    /// Page number slots of toc entries: (page, right x, baseline, heading index).
    toc_slots: Vec<(usize, f32, f32, usize)>,
    heading_counter: usize,
    /// The page index on which each sheet starts (for per-sheet headers and footers).
    sheet_starts: Vec<usize>,
}

/// Lay out and serialise a document.
pub fn render(font: &Font, doc: &Document) -> anyhow::Result<Vec<u8>> {
    let (pw, ph) = doc.paper.size_mm();
    let (pw, ph) = if doc.landscape { (ph, pw) } else { (pw, ph) };
    let [mt, mr, mb, ml] = doc.margins_mm;
    let mut l = Layout {
        font,
        doc,
        page_w: pw * MM,
        page_h: ph * MM,
        left: ml * MM,
        right: (pw - mr) * MM,
        top: mt * MM,
        bottom: (ph - mb) * MM,
        pages: vec![Page::default()],
        y: mt * MM,
        headings: Vec::new(),
        toc_slots: Vec::new(),
        heading_counter: 0,
        sheet_starts: Vec::new(),
    };
    if l.right - l.left < 40.0 * MM || l.bottom - l.top < 40.0 * MM {
        anyhow::bail!("the margins leave no room on the page (at least 40 mm × 40 mm is needed)");
    }
    // Headings are known before layout, so the toc's size is fixed up front.
    let all_headings = doc.headings();
    for (si, sheet) in doc.sheets.iter().enumerate() {
        if si > 0 {
            l.new_page();
        }
        l.sheet_starts.push(l.pages.len() - 1);
        for block in &sheet.blocks {
            l.block(block, &all_headings);
        }
    }
    l.finish()
}

impl<'a> Layout<'a> {
    fn size(&self) -> f32 {
        self.doc.font_size
    }

    fn width(&self) -> f32 {
        self.right - self.left
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        let n = self.pages.len() - 1;
        &mut self.pages[n].ops
    }

    fn page(&mut self) -> &mut Page {
        let n = self.pages.len() - 1;
        &mut self.pages[n]
    }

    fn page_empty(&self) -> bool {
        self.y <= self.top + 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.top;
    }

    /// Start a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom && !self.page_empty() {
            self.new_page();
        }
    }

    fn ascent(&self, size: f32) -> f32 {
        self.font.ascender / self.font.units_per_em * size
    }

    // ---- drawing primitives (y measured from the top of the page) ----

    #[allow(clippy::too_many_arguments)]
    fn text_on(
        page: &mut Page,
        page_h: f32,
        x: f32,
        baseline: f32,
        size: f32,
        bold: bool,
        color: Rgbf,
        s: &str,
    ) {
        if s.is_empty() {
            return;
        }
        page.texts.push(TextRun {
            x,
            y: page_h - baseline,
            size,
            bold,
            color,
            text: s.to_string(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, color: Rgbf, s: &str) {
        let h = self.page_h;
        Self::text_on(self.page(), h, x, baseline, size, bold, color, s);
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgbf>, stroke: Option<Rgbf>) {
        let page_h = self.page_h;
        let ops = self.ops();
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        ops.push(Op::SaveGraphicsState);
        if let Some(f) = fill {
            ops.push(Op::SetFillColor { col: rgb(f) });
        }
        if let Some(s) = stroke {
            ops.push(Op::SetOutlineColor { col: rgb(s) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        }
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(page_h - y - h),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    fn polyline(&mut self, pts: &[(f32, f32)], color: Rgbf, width: f32) {
        let page_h = self.page_h;
        let ops = self.ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: rgb(color) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        ops.push(Op::DrawLine {
            line: Line {
                points: pts
                    .iter()
                    .map(|(x, y)| LinePoint {
                        p: Point {
                            x: Pt(*x),
                            y: Pt(page_h - *y),
                        },
                        bezier: false,
                    })
                    .collect(),
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgbf, width: f32) {
        self.polyline(&[(x1, y), (x2, y)], color, width);
    }

    // ---- blocks ----

    fn block(&mut self, block: &Block, all_headings: &[(u8, String)]) {
        match block {
            Block::Heading { level, text } => self.heading(*level, text),
            Block::Paragraph {
                runs,
                align,
                size,
                space_before_mm,
            } => {
                if *space_before_mm > 0.0 {
                    self.ensure(space_before_mm * MM);
                    self.y = (self.y + space_before_mm * MM).min(self.bottom);
                }
                self.paragraph(runs, *align, size.unwrap_or(self.size()))
            }
            Block::Toc { title } => self.toc(title, all_headings),
            Block::Table(t) => self.table(t),
            Block::Fields(f) => self.fields(f),
            Block::Signatures(s) => self.signatures(s),
            Block::Chart(c) => self.chart(c),
            Block::PageBreak => {
                if !self.page_empty() {
                    self.new_page();
                }
            }
        }
    }

    fn heading(&mut self, level: u8, text: &str) {
        let base = self.size();
        let size = match level {
            1 => base * 1.6,
            2 => base * 1.3,
            _ => base * 1.1,
        };
        let lh = size * 1.4;
        let lines = wrap(self.font, text, size, self.width());
        let before = if self.page_empty() { 0.0 } else { size * 0.6 };
        // keep the heading with at least two lines of what follows
        self.ensure(before + lh * lines.len() as f32 + base * 3.2);
        if !self.page_empty() {
            self.y += before;
        }
        self.headings
            .push((level, text.to_string(), self.pages.len() - 1, self.y));
        self.heading_counter += 1;
        for (a, b) in lines {
            let s = &text[a..b];
            let x = if level == 1 {
                self.left + (self.width() - self.font.width(s, size)) / 2.0
            } else {
                self.left
            };
            let baseline = self.y + (lh - size) / 2.0 + self.ascent(size);
            self.text(x, baseline, size, true, BLACK, s);
            self.y += lh;
        }
        self.y += size * 0.3;
    }

    fn paragraph(&mut self, runs: &[Run], align: Align, size: f32) {
        let lh = size * 1.55;
        let mut text = String::new();
        let mut bold_at: Vec<(usize, bool)> = Vec::new();
        for r in runs {
            bold_at.push((text.len(), r.bold));
            text.push_str(&r.text);
        }
        let is_bold = |i: usize| {
            bold_at
                .iter()
                .rev()
                .find(|(s, _)| *s <= i)
                .is_some_and(|(_, b)| *b)
        };
        let lines = wrap(self.font, &text, size, self.width());
        for (a, b) in lines {
            self.ensure(lh);
            let line_w = self.font.width(&text[a..b], size);
            let mut x = match align {
                Align::Center => self.left + (self.width() - line_w) / 2.0,
                Align::Right => self.right - line_w,
                _ => self.left,
            };
            let baseline = self.y + (lh - size) / 2.0 + self.ascent(size);
            // split the line into bold/plain pieces
            let mut cuts: Vec<usize> = bold_at
                .iter()
                .map(|(s, _)| *s)
                .filter(|s| *s > a && *s < b)
                .collect();
            cuts.insert(0, a);
            cuts.push(b);
            for w in cuts.windows(2) {
                let piece = &text[w[0]..w[1]];
                self.text(x, baseline, size, is_bold(w[0]), BLACK, piece);
                x += self.font.width(piece, size);
            }
            self.y += lh;
        }
        self.y += size * 0.5;
    }

    fn toc(&mut self, title: &str, all: &[(u8, String)]) {
        let size = self.size();
        let tsize = size * 1.3;
        self.ensure(tsize * 1.6 + size * 1.8 * all.len().min(3) as f32);
        self.text(self.left, self.y + self.ascent(tsize), tsize, true, BLACK, title);
        self.y += tsize * 1.8;
        let lh = size * 1.8;
        let num_w = self.font.width("0000", size);
        for (i, (level, text)) in all.iter().enumerate() {
            self.ensure(lh);
            let indent = f32::from(level.saturating_sub(1)) * size * 2.0;
            let max_w = self.width() - indent - num_w - size * 2.0;
            let mut shown = text.clone();
            while self.font.width(&shown, size) > max_w && !shown.is_empty() {
                shown.pop();
            }
            if shown.len() < text.len() {
                shown.push('…');
            }
            let baseline = self.y + self.ascent(size);
            let bold = *level == 1;
            self.text(self.left + indent, baseline, size, bold, BLACK, &shown);
            // dotted leader
            let start = self.left + indent + self.font.width(&shown, size) + size * 0.5;
            let end = self.right - num_w - size * 0.5;
            let dot_w = self.font.width("·", size).max(1.0) * 1.6;
            let mut x = start;
            let mut dots = String::new();
            while x + dot_w <= end {
                dots.push('·');
                x += self.font.width("·", size);
            }
            if end > start {
                let page_h = self.page_h;
                let dots_w = self.font.width(&dots, size);
                Self::text_on(
                    self.page(),
                    page_h,
                    end - dots_w,
                    baseline,
                    size,
                    false,
                    GREY_TEXT,
                    &dots,
                );
            }
            self.toc_slots
                .push((self.pages.len() - 1, self.right, baseline, i));
            self.y += lh;
        }
        self.y += size;
    }

    /// Column widths in points for a table.
    fn column_widths(&self, t: &Table, size: f32, pad: f32) -> Vec<f32> {
        let n = t.column_count();
        let avail = self.width();
        if !t.widths.is_empty() {
            let mut w: Vec<f32> = (0..n).map(|i| t.widths.get(i).copied().unwrap_or(8.0)).collect();
            let sum: f32 = w.iter().sum();
            for x in &mut w {
                *x = *x / sum * avail;
            }
            return w;
        }
        let mut natural = vec![size * 2.0 + 2.0 * pad; n];
        for r in &t.rows {
            let mut col = 0usize;
            for c in &r.cells {
                if c.colspan == 1 && col < n {
                    let s = display(&c.value);
                    let w = self.font.width(&s, size) + 2.0 * pad + 1.0;
                    natural[col] = natural[col].max(w);
                }
                col += c.colspan as usize;
            }
        }
        // water-filling: narrow columns keep their natural width, wide ones share the rest
        let mut widths = vec![0.0f32; n];
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|a, b| natural[*a].total_cmp(&natural[*b]).then(a.cmp(b)));
        let mut remaining = avail;
        for (k, &i) in order.iter().enumerate() {
            let share = remaining / (n - k) as f32;
            widths[i] = natural[i].min(share);
            remaining -= widths[i];
        }
        let sum: f32 = widths.iter().sum();
        if sum > 0.0 {
            for w in &mut widths {
                *w *= avail / sum;
            }
        }
        widths
    }

    fn table(&mut self, t: &Table) {
        let n = t.column_count();
        if n == 0 {
            return;
        }
        let size = self.size() * 0.9;
        let pad = size * 0.35;
        let lh = size * 1.35;
        let widths = self.column_widths(t, size, pad);
        // lay out every row's cells: (x offset, width, lines of text, cell)
        struct Laid<'c> {
            cells: Vec<(f32, f32, Vec<String>, &'c Cell)>,
            height: f32,
        }
        let rows: Vec<Laid> = t
            .rows
            .iter()
            .map(|r| {
                let mut col = 0usize;
                let mut cells = Vec::new();
                let mut max_lines = 1usize;
                for c in &r.cells {
                    let span = (c.colspan as usize).min(n.saturating_sub(col)).max(1);
                    let x: f32 = widths[..col.min(n)].iter().sum();
                    let w: f32 = widths[col.min(n)..(col + span).min(n)].iter().sum();
                    let text = display(&c.value);
                    let lines: Vec<String> = wrap(self.font, &text, size, (w - 2.0 * pad).max(size))
                        .into_iter()
                        .map(|(a, b)| text[a..b].to_string())
                        .collect();
                    max_lines = max_lines.max(lines.len());
                    cells.push((x, w, lines, c));
                    col += c.colspan as usize;
                }
                Laid {
                    cells,
                    height: max_lines as f32 * lh + 2.0 * pad,
                }
            })
            .collect();
        let header_n = t.header_rows();
        let head_h: f32 = rows[..header_n].iter().map(|r| r.height).sum();
        let repeat_h: f32 = rows[..t.repeat_header].iter().map(|r| r.height).sum();
        let cap_h = if t.caption.is_some() { size * 1.9 } else { 0.0 };
        let first_body = rows.get(header_n).map(|r| r.height).unwrap_or(0.0);
        self.ensure(cap_h + head_h + first_body);
        if let Some(c) = &t.caption {
            let cs = size * 1.05;
            let x = self.left + (self.width() - self.font.width(c, cs)) / 2.0;
            self.text(x, self.y + self.ascent(cs) + size * 0.2, cs, true, BLACK, c);
            self.y += cap_h;
        }
        for (i, r) in rows.iter().enumerate() {
            if self.y + r.height > self.bottom && !self.page_empty() {
                self.new_page();
                if i >= header_n && repeat_h + r.height <= self.bottom - self.top {
                    for (hr, src) in rows.iter().zip(&t.rows).take(t.repeat_header) {
                        self.draw_row(&hr.cells, hr.height, src.kind, size, pad, lh);
                    }
                }
            }
            self.draw_row(&r.cells, r.height, t.rows[i].kind, size, pad, lh);
        }
        self.y += size;
    }

    #[allow(clippy::type_complexity)]
    fn draw_row(
        &mut self,
        cells: &[(f32, f32, Vec<String>, &Cell)],
        h: f32,
        kind: RowKind,
        size: f32,
        pad: f32,
        lh: f32,
    ) {
        let fill = match kind {
            RowKind::Header => Some(HEAD_FILL),
            RowKind::Total => Some(TOTAL_FILL),
            RowKind::Body => None,
        };
        let y = self.y;
        for (x, w, lines, cell) in cells {
            let x = self.left + x;
            self.rect(x, y, *w, h, fill, Some(RULE));
            let numeric = !matches!(cell.value, Value::Text(_) | Value::Empty);
            for (k, line) in lines.iter().enumerate() {
                let tw = self.font.width(line, size);
                let tx = match cell.align {
                    Align::Left => x + pad,
                    Align::Center => x + (w - tw) / 2.0,
                    Align::Right => x + w - pad - tw,
                    Align::Auto if numeric => x + w - pad - tw,
                    Align::Auto => x + pad,
                };
                let baseline = y + pad + k as f32 * lh + (lh - size) / 2.0 + self.ascent(size);
                self.text(tx, baseline, size, cell.bold, BLACK, line);
            }
        }
        self.y += h;
    }

    fn fields(&mut self, f: &Fields) {
        let size = self.size();
        let pad = size * 0.45;
        let lh = size * 1.45;
        let cols = f.columns.max(1) as usize;
        let slot = self.width() / cols as f32;
        let label_w = f
            .items
            .iter()
            .map(|it| self.font.width(&it.label, size) + 2.0 * pad + 1.0)
            .fold(size * 4.0, f32::max)
            .min(slot * 0.42);
        // pack fields into lines
        let mut lines: Vec<Vec<&Field>> = Vec::new();
        let mut used = cols;
        for it in &f.items {
            let span = (it.span as usize).clamp(1, cols);
            if used + span > cols {
                lines.push(Vec::new());
                used = 0;
            }
            if let Some(l) = lines.last_mut() {
                l.push(it);
            }
            used += span;
        }
        for line in lines {
            // wrap each field and find the line height
            let mut laid = Vec::new();
            let mut x = self.left;
            let mut max_lines = 1usize;
            let count = line.len();
            for (k, it) in line.into_iter().enumerate() {
                let span = (it.span as usize).clamp(1, cols);
                // the last field of a line stretches to the right edge
                let w = if k + 1 == count {
                    self.right - x
                } else {
                    slot * span as f32
                };
                let vw = (w - label_w - 2.0 * pad).max(size);
                let lab: Vec<String> = wrap(self.font, &it.label, size, label_w - 2.0 * pad)
                    .into_iter()
                    .map(|(a, b)| it.label[a..b].to_string())
                    .collect();
                let val: Vec<String> = wrap(self.font, &it.value, size, vw)
                    .into_iter()
                    .map(|(a, b)| it.value[a..b].to_string())
                    .collect();
                max_lines = max_lines.max(lab.len()).max(val.len());
                laid.push((x, w, lab, val));
                x += w;
            }
            let h = max_lines as f32 * lh + 2.0 * pad;
            self.ensure(h);
            let y = self.y;
            for (x, w, lab, val) in laid {
                self.rect(x, y, label_w, h, Some(LABEL_FILL), Some(RULE));
                self.rect(x + label_w, y, w - label_w, h, None, Some(RULE));
                for (k, s) in lab.iter().enumerate() {
                    let b = y + pad + k as f32 * lh + (lh - size) / 2.0 + self.ascent(size);
                    self.text(x + pad, b, size, true, BLACK, s);
                }
                for (k, s) in val.iter().enumerate() {
                    let b = y + pad + k as f32 * lh + (lh - size) / 2.0 + self.ascent(size);
                    self.text(x + label_w + pad, b, size, false, BLACK, s);
                }
            }
            self.y += h;
        }
        self.y += size;
    }

    fn signatures(&mut self, signs: &[Sign]) {
        if signs.is_empty() {
            return;
        }
        let size = self.size();
        let per_row = signs.len().clamp(1, 3);
        let gap = size * 1.5;
        let box_w = (self.width() - gap * (per_row as f32 - 1.0)) / per_row as f32;
        let row_h = size * 3.0;
        self.y += size * 0.5;
        for chunk in signs.chunks(per_row) {
            let lines = if chunk.iter().any(|s| s.date != SignDate::None) {
                2.0
            } else {
                1.0
            };
            let h = row_h * lines + size * 0.8;
            self.ensure(h);
            let y = self.y;
            for (k, s) in chunk.iter().enumerate() {
                let x = self.left + k as f32 * (box_w + gap);
                self.rect(x, y, box_w, h, None, Some(RULE));
                let pad = size * 0.6;
                let base1 = y + row_h * 0.5 + self.ascent(size) + size * 0.2;
                let label = format!("{}：", s.label);
                self.text(x + pad, base1, size, true, BLACK, &label);
                let lx = x + pad + self.font.width(&label, size) + size * 0.3;
                self.hline(lx, x + box_w - pad, base1 + size * 0.3, BLACK, 0.6);
                if let Some(name) = &s.name {
                    self.text(lx + size * 0.5, base1, size, false, BLACK, name);
                }
                if s.date != SignDate::None {
                    let base2 = base1 + row_h;
                    let dl = "日期：";
                    self.text(x + pad, base2, size, true, BLACK, dl);
                    let dx = x + pad + self.font.width(dl, size) + size * 0.3;
                    self.hline(dx, x + box_w - pad, base2 + size * 0.3, BLACK, 0.6);
                    let shown = match &s.date {
                        SignDate::Given(d) => d.format("%Y年%m月%d日").to_string(),
                        _ => "      年    月    日".to_string(),
                    };
                    self.text(
                        dx + size * 0.5,
                        base2,
                        size,
                        false,
                        if matches!(s.date, SignDate::Given(_)) {
                            BLACK
                        } else {
                            GREY_TEXT
                        },
                        &shown,
                    );
                }
            }
            self.y += h + size * 0.6;
        }
        self.y += size * 0.5;
    }

    fn chart(&mut self, c: &Chart) {
        let Some(t) = self.doc.table(&c.table) else { return };
        let data = chart_data(t, c);
        let size = self.size() * 0.85;
        let h = (self.width() * 0.45).clamp(150.0, 260.0);
        self.ensure(h);
        let (x0, y0, w) = (self.left, self.y, self.width());
        // title
        let mut top = y0;
        if !c.title.is_empty() {
            let ts = self.size() * 1.1;
            let tx = x0 + (w - self.font.width(&c.title, ts)) / 2.0;
            self.text(tx, top + self.ascent(ts), ts, true, BLACK, &c.title);
            top += ts * 1.8;
        }
        // value axis range and ticks
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for s in &data.series {
            for v in s.1.iter().flatten() {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
        if hi - lo < 1e-9 {
            hi = lo + 1.0;
        }
        let step = nice_step((hi - lo) / 5.0);
        let lo = (lo / step).floor() * step;
        let hi = (hi / step).ceil() * step;
        let decimals = if step >= 1.0 {
            0
        } else {
            (-step.log10().floor()) as usize
        };
        let ticks: Vec<f64> = (0..=((hi - lo) / step).round() as i64)
            .map(|k| lo + k as f64 * step)
            .collect();
        let labels: Vec<String> = ticks.iter().map(|v| format!("{v:.decimals$}")).collect();
        let label_w = labels
            .iter()
            .map(|s| self.font.width(s, size))
            .fold(0.0, f32::max);
        let ytitle_w = if c.y_title.is_empty() { 0.0 } else { size * 1.6 };
        let legend_h = size * 2.2;
        let cat_h = size * 2.0;
        let plot_x = x0 + ytitle_w + label_w + size * 0.6;
        let plot_w = x0 + w - plot_x - size;
        let plot_y = top + size * 0.6;
        let plot_h = (y0 + h - legend_h - cat_h - plot_y).max(40.0);
        let to_y = |v: f64| plot_y + plot_h - ((v - lo) / (hi - lo)) as f32 * plot_h;
        // y title (written vertically, one character per line)
        if !c.y_title.is_empty() {
            let chars: Vec<char> = c.y_title.chars().collect();
            let total = chars.len() as f32 * size * 1.1;
            let mut yy = plot_y + (plot_h - total) / 2.0;
            for ch in chars {
                let s = ch.to_string();
                self.text(x0, yy + self.ascent(size), size, false, GREY_TEXT, &s);
                yy += size * 1.1;
            }
        }
        // grid and tick labels
        for (v, s) in ticks.iter().zip(&labels) {
            let yy = to_y(*v);
            self.hline(plot_x, plot_x + plot_w, yy, (0.85, 0.85, 0.85), 0.4);
            let lw = self.font.width(s, size);
            self.text(
                plot_x - size * 0.4 - lw,
                yy + size * 0.35,
                size,
                false,
                GREY_TEXT,
                s,
            );
        }
        // axes
        self.polyline(
            &[
                (plot_x, plot_y),
                (plot_x, plot_y + plot_h),
                (plot_x + plot_w, plot_y + plot_h),
            ],
            BLACK,
            0.8,
        );
        if lo < 0.0 {
            let zy = to_y(0.0);
            self.hline(plot_x, plot_x + plot_w, zy, BLACK, 0.6);
        }
        let n = data.categories.len().max(1);
        let band = plot_w / n as f32;
        // category labels, thinned when crowded
        let max_label = data
            .categories
            .iter()
            .map(|s| self.font.width(s, size))
            .fold(0.0, f32::max);
        let every = ((max_label + size) / band).ceil().max(1.0) as usize;
        for (i, cat) in data.categories.iter().enumerate() {
            if i % every != 0 {
                continue;
            }
            let mut s = cat.clone();
            while self.font.width(&s, size) > band * every as f32 - size * 0.3 && s.chars().count() > 1 {
                s.pop();
            }
            let cx = plot_x + band * (i as f32 + 0.5);
            let sw = self.font.width(&s, size);
            self.text(
                cx - sw / 2.0,
                plot_y + plot_h + size * 1.3,
                size,
                false,
                BLACK,
                &s,
            );
        }
        let ns = data.series.len().max(1);
        match c.kind {
            ChartKind::Bar => {
                let group = band * 0.75;
                let bw = group / ns as f32;
                for (si, (_, vals)) in data.series.iter().enumerate() {
                    let col = PALETTE[si % PALETTE.len()];
                    for (i, v) in vals.iter().enumerate() {
                        let Some(v) = v else { continue };
                        let bx = plot_x + band * i as f32 + (band - group) / 2.0 + bw * si as f32;
                        let (ya, yb) = (to_y(*v), to_y(0.0f64.max(lo)));
                        let (top_y, hh) = if ya < yb { (ya, yb - ya) } else { (yb, ya - yb) };
                        if hh > 0.0 {
                            self.rect(bx, top_y, bw * 0.92, hh, Some(col), None);
                        }
                    }
                }
            }
            ChartKind::Line => {
                for (si, (_, vals)) in data.series.iter().enumerate() {
                    let col = PALETTE[si % PALETTE.len()];
                    let pts: Vec<(f32, f32)> = vals
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| v.map(|v| (plot_x + band * (i as f32 + 0.5), to_y(v))))
                        .collect();
                    if pts.len() > 1 {
                        self.polyline(&pts, col, 1.4);
                    }
                    for (px, py) in pts {
                        self.rect(px - 1.8, py - 1.8, 3.6, 3.6, Some(col), None);
                    }
                }
            }
        }
        // legend
        let ly = y0 + h - legend_h * 0.45;
        let total_w: f32 = data
            .series
            .iter()
            .map(|(name, _)| size * 2.2 + self.font.width(name, size))
            .sum();
        let mut lx = x0 + (w - total_w) / 2.0;
        for (si, (name, _)) in data.series.iter().enumerate() {
            let col = PALETTE[si % PALETTE.len()];
            self.rect(lx, ly - size * 0.7, size * 0.8, size * 0.8, Some(col), None);
            self.text(lx + size * 1.1, ly, size, false, BLACK, name);
            lx += size * 2.2 + self.font.width(name, size);
        }
        self.y = y0 + h + self.size();
    }

    fn finish(mut self) -> anyhow::Result<Vec<u8>> {
        let total = self.pages.len();
        let size = self.size() * 0.8;
        let doc = self.doc;
        let subst = |s: &str, page: usize| {
            s.replace("{page}", &page.to_string())
                .replace("{pages}", &total.to_string())
                .replace("{title}", &doc.title)
        };
        // toc page numbers
        let slots = std::mem::take(&mut self.toc_slots);
        for (page, right, baseline, hi) in slots {
            if let Some((_, _, hp, _)) = self.headings.get(hi) {
                let s = (hp + 1).to_string();
                let w = self.font.width(&s, self.size());
                let (page_h, fs) = (self.page_h, self.size());
                Self::text_on(
                    &mut self.pages[page],
                    page_h,
                    right - w,
                    baseline,
                    fs,
                    false,
                    BLACK,
                    &s,
                );
            }
        }
        let (left, right, page_h) = (self.left, self.right, self.page_h);
        let starts = std::mem::take(&mut self.sheet_starts);
        for p in 0..total {
            // The sheet this page belongs to may replace the document's header and footer.
            let sheet = starts
                .iter()
                .rposition(|&s| s <= p)
                .and_then(|i| doc.sheets.get(i));
            let pick = |own: Option<&String>, doc_level: &Option<String>| -> Option<String> {
                match own {
                    Some(s) if s.is_empty() => None,
                    Some(s) => Some(s.clone()),
                    None => doc_level.clone(),
                }
            };
            let header = pick(sheet.and_then(|s| s.header.as_ref()), &doc.header);
            let footer = pick(sheet.and_then(|s| s.footer.as_ref()), &doc.footer);
            if let Some(h) = &header {
                let s = subst(h, p + 1);
                let w = self.font.width(&s, size);
                let base = self.top * 0.55;
                Self::text_on(
                    &mut self.pages[p],
                    page_h,
                    left + (right - left - w) / 2.0,
                    base,
                    size,
                    false,
                    GREY_TEXT,
                    &s,
                );
                let line_y = self.top * 0.55 + size * 0.5;
                push_line(&mut self.pages[p].ops, page_h, left, right, line_y);
            }
            if let Some(f) = &footer {
                let s = subst(f, p + 1);
                let w = self.font.width(&s, size);
                let base = self.bottom + (page_h - self.bottom) * 0.5;
                Self::text_on(
                    &mut self.pages[p],
                    page_h,
                    left + (right - left - w) / 2.0,
                    base,
                    size,
                    false,
                    GREY_TEXT,
                    &s,
                );
            }
        }
        let mut pdf = PdfDocument::new(&doc.title);
        pdf.metadata.info.author = doc.author.clone();
        pdf.metadata.info.creator = "zhidu".into();
        pdf.metadata.info.producer = "zhidu".into();
        pdf.metadata.info.subject = doc.company.clone();
        let headings = std::mem::take(&mut self.headings);
        let (w, h) = (self.page_w / MM, self.page_h / MM);
        let mut texts = Vec::with_capacity(self.pages.len());
        let mut pages = Vec::with_capacity(self.pages.len());
        for p in self.pages {
            texts.push(p.texts);
            pages.push(PdfPage::new(printpdf::Mm(w), printpdf::Mm(h), p.ops));
        }
        pdf.pages = pages;
        let opts = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
        super::embed::add_text(&mut lo, self.font, &texts)?;
        add_outlines(&mut lo, &headings, page_h);
        // a fixed placeholder /ID, replaced below by a hash of the bytes
        let placeholder = lopdf::Object::String(vec![b'0'; 32], lopdf::StringFormat::Literal);
        lo.trailer
            .set("ID", lopdf::Object::Array(vec![placeholder.clone(), placeholder]));
        lo.compress();
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| anyhow::anyhow!("cannot write the PDF: {e}"))?;
        Ok(fix_id(bytes))
    }
}

/// PDF text string: UTF-16BE with a byte-order mark.
fn pdf_text(s: &str) -> lopdf::Object {
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend_from_slice(&u.to_be_bytes());
    }
    lopdf::Object::String(b, lopdf::StringFormat::Hexadecimal)
}

/// Bookmarks nested by heading level (h1 › h2 › h3), each pointing at its heading.
fn add_outlines(lo: &mut lopdf::Document, headings: &[(u8, String, usize, f32)], page_h: f32) {
    use lopdf::{Dictionary, Object};
    if headings.is_empty() {
        return;
    }
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    let root_id = lo.new_object_id();
    let ids: Vec<lopdf::ObjectId> = headings.iter().map(|_| lo.new_object_id()).collect();
    // parent of each heading: the nearest earlier heading of a smaller level
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, (level, ..)) in headings.iter().enumerate() {
        while stack.last().is_some_and(|&j| headings[j].0 >= *level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..headings.len()).filter(|&i| parent[i] == p).collect() };
    let mut dicts: Vec<Dictionary> = Vec::with_capacity(headings.len());
    for (i, (_, text, page, y)) in headings.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", pdf_text(text));
        d.set(
            "Parent",
            Object::Reference(parent[i].map(|p| ids[p]).unwrap_or(root_id)),
        );
        if let Some(pid) = pages.get(*page) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*pid),
                    "XYZ".into(),
                    Object::Null,
                    Object::Real(page_h - y + 4.0),
                    Object::Null,
                ]),
            );
        }
        dicts.push(d);
    }
    let link = |kids: &[usize], dicts: &mut Vec<Dictionary>| {
        for (k, &i) in kids.iter().enumerate() {
            if k > 0 {
                dicts[i].set("Prev", Object::Reference(ids[kids[k - 1]]));
            }
            if let Some(&n) = kids.get(k + 1) {
                dicts[i].set("Next", Object::Reference(ids[n]));
            }
        }
    };
    for i in 0..headings.len() {
        let kids = children(Some(i));
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            dicts[i].set("First", Object::Reference(ids[f]));
            dicts[i].set("Last", Object::Reference(ids[l]));
            dicts[i].set("Count", Object::Integer(kids.len() as i64));
        }
        link(&kids, &mut dicts);
    }
    let top = children(None);
    link(&top, &mut dicts);
    let mut root = Dictionary::new();
    root.set("Type", "Outlines");
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        root.set("First", Object::Reference(ids[f]));
        root.set("Last", Object::Reference(ids[l]));
    }
    root.set("Count", Object::Integer(top.len() as i64));
    for (id, d) in ids.iter().zip(dicts) {
        lo.objects.insert(*id, Object::Dictionary(d));
    }
    lo.objects.insert(root_id, Object::Dictionary(root));
    if let Ok(cat) = lo.catalog_mut() {
        cat.set("Outlines", Object::Reference(root_id));
        cat.set("PageMode", "UseOutlines");
    }
}

fn push_line(ops: &mut Vec<Op>, page_h: f32, x1: f32, x2: f32, y: f32) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor {
        col: rgb((0.7, 0.7, 0.7)),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint {
                    p: Point {
                        x: Pt(x1),
                        y: Pt(page_h - y),
                    },
                    bezier: false,
                },
                LinePoint {
                    p: Point {
                        x: Pt(x2),
                        y: Pt(page_h - y),
                    },
                    bezier: false,
                },
            ],
            is_closed: false,
        },
    });
    ops.push(Op::RestoreGraphicsState);
}

fn rgb((r, g, b): Rgbf) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// A "nice" axis step (1, 2, 5 × 10^k) at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let raw = raw.max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw {
            return m * mag;
        }
    }
    10.0 * mag
}

/// A chart's categories and series (name, values) read from its table.
pub struct ChartData {
    /// Category labels, one per body row.
    pub categories: Vec<String>,
    /// (series name, value per category).
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

/// The cell that starts at grid column `col` (0-based) in a row.
pub fn cell_at(row: &Row, col: usize) -> Option<&Cell> {
    let mut c = 0usize;
    for cell in &row.cells {
        if c == col {
            return Some(cell);
        }
        c += cell.colspan as usize;
    }
    None
}

/// Read a chart's data from its table's body rows.
pub fn chart_data(t: &Table, c: &Chart) -> ChartData {
    let body: Vec<&Row> = t.rows.iter().filter(|r| r.kind == RowKind::Body).collect();
    let header = t.rows.iter().take_while(|r| r.kind == RowKind::Header).last();
    let categories = body
        .iter()
        .map(|r| {
            cell_at(r, c.category - 1)
                .map(|x| display(&x.value))
                .unwrap_or_default()
        })
        .collect();
    let series = c
        .series
        .iter()
        .map(|&col| {
            let name = header
                .and_then(|h| cell_at(h, col - 1))
                .map(|x| display(&x.value))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("列{col}"));
            let vals = body
                .iter()
                .map(|r| cell_at(r, col - 1).and_then(|x| x.value.as_f64()))
                .collect();
            (name, vals)
        })
        .collect();
    ChartData { categories, series }
}

/// Replace the placeholder `/ID` strings with a hash of the rest of the file.
fn fix_id(mut bytes: Vec<u8>) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let needle = [b"(".as_slice(), &[b'0'; 32], b")"].concat();
    let Some(pos) = find_last(&bytes, b"/ID") else {
        return bytes;
    };
    let spans: Vec<usize> = bytes[pos..]
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle.as_slice())
        .map(|(i, _)| pos + i + 1)
        .take(2)
        .collect();
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02X}")).collect();
    for a in spans {
        bytes[a..a + 32].copy_from_slice(hex.as_bytes());
    }
    bytes
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}
