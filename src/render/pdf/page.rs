//! Laid-out pages: what layout hands to serialisation. Each page holds its
//! graphics as PDF content-stream operators, compressed once the page is done,
//! and its text as positioned runs (drawn on top, once the document's glyphs and
//! so its font subset are known); the drawing calls here take y measured from
//! the top of the page and write PDF coordinates (from the bottom).

use std::fmt::Write as _;

use super::serialize::deflated;

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

/// One page: graphics and text runs (drawn on top).
pub(super) struct Page {
    /// Page height in points (to turn top-down y into PDF coordinates).
    height: f32,
    /// The graphics drawn while the page was laid out, as a content stream
    /// compressed when the page was finished ([`Page::settle`]).
    settled: Option<lopdf::Stream>,
    /// Graphics drawn since (or all of them, before the page is finished), as
    /// content-stream operators.
    graphics: String,
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
            settled: None,
            graphics: String::new(),
            texts: Vec::new(),
        }
    }

    /// A finished page: its graphics so far compressed into a stream of their
    /// own, so a long document holds each laid-out page's drawing compressed
    /// only; the header and footer (added when every page is laid out) go into
    /// a second stream. Also gives back the room its text list grew beyond its
    /// contents.
    pub(super) fn settle(&mut self) {
        if self.settled.is_none() && !self.graphics.is_empty() {
            self.settled = Some(deflated(std::mem::take(&mut self.graphics)));
        }
        self.texts.shrink_to(self.texts.len() + 8);
    }

    /// The page's graphics streams in drawing order (what was drawn before it was
    /// finished, then the header and footer), and its text runs.
    pub(super) fn into_parts(self) -> (Vec<lopdf::Stream>, Vec<TextRun>) {
        let mut streams: Vec<lopdf::Stream> = self.settled.into_iter().collect();
        if !self.graphics.is_empty() {
            streams.push(deflated(self.graphics));
        }
        (streams, self.texts)
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
        let paint = match (fill, stroke) {
            (Some(_), Some(_)) => "B",
            (Some(_), None) => "f",
            (None, Some(_)) => "S",
            (None, None) => return,
        };
        let g = &mut self.graphics;
        g.push_str("q ");
        if let Some(f) = fill {
            color(g, f, "rg");
        }
        if let Some(s) = stroke {
            color(g, s, "RG");
            g.push_str("0.5 w ");
        }
        let bottom = self.height - y - h;
        let _ = writeln!(g, "{} {} {} {} re {paint} Q", num(x), num(bottom), num(w), num(h));
    }

    /// An open line through `pts`.
    pub(super) fn polyline(&mut self, pts: &[(f32, f32)], stroke: Rgbf, width: f32) {
        let Some(((x0, y0), rest)) = pts.split_first() else {
            return;
        };
        let page_h = self.height;
        let g = &mut self.graphics;
        g.push_str("q ");
        color(g, stroke, "RG");
        let _ = write!(g, "{} w {} {} m", num(width), num(*x0), num(page_h - y0));
        for (x, y) in rest {
            let _ = write!(g, " {} {} l", num(*x), num(page_h - y));
        }
        g.push_str(" S Q\n");
    }

    /// A horizontal line from `x1` to `x2` at `y`.
    pub(super) fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Rgbf, width: f32) {
        self.polyline(&[(x1, y), (x2, y)], color, width);
    }
}

/// A colour operator (`rg` to fill, `RG` to stroke) with its operands and a space.
fn color(g: &mut String, (r, gr, b): Rgbf, op: &str) {
    let _ = write!(g, "{} {} {} {op} ", num(r), num(gr), num(b));
}

/// A number for a content stream: at most 3 decimals, no trailing zeros
/// (`12`, `0.5`, `-3.25`), written without allocating.
pub(super) fn num(v: f32) -> Num {
    Num(v)
}

/// A number as a content stream writes it (see [`num`]).
pub(super) struct Num(f32);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // thousandths, rounded half away from zero (a page is far below i64's range)
        let m = (f64::from(self.0) * 1000.0).round() as i64;
        let (whole, frac) = (m.unsigned_abs() / 1000, m.unsigned_abs() % 1000);
        if m < 0 {
            f.write_str("-")?;
        }
        write!(f, "{whole}")?;
        match frac {
            0 => Ok(()),
            _ if frac % 100 == 0 => write!(f, ".{}", frac / 100),
            _ if frac % 10 == 0 => write!(f, ".{:02}", frac / 10),
            _ => write!(f, ".{frac:03}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_trailing_zeros() {
        let shown: Vec<String> = [0.0, -0.0, 12.0, 0.5, -3.25, 0.0004, -0.0004, 1.2345, 0.05, 841.89]
            .iter()
            .map(|v| num(*v).to_string())
            .collect();
        assert_eq!(
            shown,
            ["0", "0", "12", "0.5", "-3.25", "0", "0", "1.235", "0.05", "841.89"]
        );
    }
}
