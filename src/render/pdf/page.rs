//! Laid-out pages: what layout hands to serialisation. Each page holds its
//! graphics as drawing operations and its text as positioned runs (drawn on top);
//! the drawing calls here take y measured from the top of the page and store PDF
//! coordinates (from the bottom).

use printpdf::{Color, Line, LinePoint, Op, PaintMode, Point, Pt, Rect, Rgb};

/// Points per millimetre.
pub(super) const MM: f32 = 72.0 / 25.4;

/// A colour as red, green and blue in 0–1.
pub(super) type Rgbf = (f32, f32, f32);
/// Body text and rules drawn in ink.
pub(super) const BLACK: Rgbf = (0.0, 0.0, 0.0);
/// Secondary text: headers, footers, leaders, axis labels.
pub(super) const GREY_TEXT: Rgbf = (0.35, 0.35, 0.35);
/// Cell and box borders.
pub(super) const RULE: Rgbf = (0.55, 0.55, 0.55);

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

/// One page: graphics operations and text runs (drawn on top).
pub(super) struct Page {
    /// Page height in points (to turn top-down y into PDF coordinates).
    height: f32,
    /// Graphics, in drawing order.
    pub(super) ops: Vec<Op>,
    /// Text, in drawing order.
    pub(super) texts: Vec<TextRun>,
}

/// A heading as the outline sees it: where it starts on which page.
pub(super) struct HeadingMark {
    /// 1 for h1, 2 for h2, 3 for h3.
    pub(super) level: u8,
    /// The heading's text.
    pub(super) text: String,
    /// 0-based page index.
    pub(super) page: usize,
    /// Distance from the top of the page to the heading's top, in points.
    pub(super) y: f32,
}

/// The whole laid-out document: page size, pages and the headings for the outline.
pub(super) struct LaidOut {
    /// Page width in points.
    pub(super) width: f32,
    /// Page height in points.
    pub(super) height: f32,
    /// The pages, in order.
    pub(super) pages: Vec<Page>,
    /// Every heading, in order.
    pub(super) headings: Vec<HeadingMark>,
}

impl Page {
    /// An empty page `height` points tall.
    pub(super) fn new(height: f32) -> Page {
        Page {
            height,
            ops: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// Give back the room a finished page's lists grew beyond their contents,
    /// keeping enough for its header and footer (added when every page is laid
    /// out): a long table's pages would otherwise hold up to twice their drawing
    /// operations' memory until the document is written.
    pub(super) fn settle(&mut self) {
        self.ops.shrink_to(self.ops.len() + 16);
        self.texts.shrink_to(self.texts.len() + 8);
    }

    /// Text at `x` with its baseline `baseline` points below the top (nothing for "").
    pub(super) fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, color: Rgbf, s: &str) {
        if s.is_empty() {
            return;
        }
        self.texts.push(TextRun {
            x,
            y: self.height - baseline,
            size,
            bold,
            color,
            text: s.to_string(),
        });
    }

    /// A rectangle with its top-left corner at (`x`, `y`), filled and/or stroked.
    pub(super) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Rgbf>, stroke: Option<Rgbf>) {
        let page_h = self.height;
        let ops = &mut self.ops;
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

    /// An open line through `pts`.
    pub(super) fn polyline(&mut self, pts: &[(f32, f32)], color: Rgbf, width: f32) {
        let page_h = self.height;
        let ops = &mut self.ops;
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

    /// A horizontal line from `x1` to `x2` at `y`.
    pub(super) fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgbf, width: f32) {
        self.polyline(&[(x1, y), (x2, y)], color, width);
    }
}

fn rgb((r, g, b): Rgbf) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}
