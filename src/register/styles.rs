//! The workbook's cell formats (`cellXfs` in the styles part), as far as the
//! register needs them: which formats show a date without a time, and a date
//! format added when the workbook has none.

use std::collections::BTreeMap;

use super::xml::{self, TagKind, Tags};

/// The cell formats of a styles part.
#[derive(Debug, Clone, Default)]
pub(super) struct CellFormats {
    /// The number format of each cell format (`s` of a cell indexes this).
    num_fmt: Vec<u32>,
    /// Custom number formats by id.
    codes: BTreeMap<u32, String>,
    /// Where `</cellXfs>` starts, for adding a format.
    close: Option<usize>,
    /// The span of the `count` value of `<cellXfs>`.
    count: Option<std::ops::Range<usize>>,
    /// The namespace prefix of the part's elements.
    prefix: String,
}

/// Built-in number formats that show a date and no time: 14–17, and the East Asian
/// date formats 27–31, 34–36 and 50–58 (e.g. `yyyy"年"m"月"d"日"`).
fn builtin_date_only(id: u32) -> bool {
    matches!(id, 14..=17 | 27..=31 | 34..=36 | 50..=58)
}

/// Whether a custom format code shows a date and no time: it has a year or day
/// part and no hour or second part, outside quoted text, `[…]` and escapes.
fn code_date_only(code: &str) -> bool {
    let mut plain = String::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c => plain.push(c.to_ascii_lowercase()),
        }
    }
    (plain.contains('y') || plain.contains('d')) && !plain.contains('h') && !plain.contains('s')
}

impl CellFormats {
    /// Read the cell formats of a styles part.
    pub fn parse(styles: &[u8]) -> anyhow::Result<CellFormats> {
        let mut f = CellFormats::default();
        let mut in_xfs = false;
        let mut depth = 0usize;
        for tag in Tags::new(styles) {
            let tag = tag?;
            let raw = &styles[tag.span.clone()];
            match (tag.kind, tag.local) {
                (TagKind::Open | TagKind::Empty, b"numFmt") => {
                    if let (Some(id), Some(code)) = (
                        xml::attr(raw, "numFmtId", false).and_then(|v| v.parse().ok()),
                        xml::attr(raw, "formatCode", false),
                    ) {
                        f.codes.insert(id, code);
                    }
                }
                (TagKind::Open, b"cellXfs") => {
                    in_xfs = true;
                    depth = 0;
                    f.prefix = String::from_utf8_lossy(tag.prefix).into_owned();
                    f.count = xml::attributes(raw)
                        .into_iter()
                        .find(|a| a.name == b"count")
                        .map(|a| tag.span.start + a.value.start..tag.span.start + a.value.end);
                }
                (TagKind::Close, b"cellXfs") => {
                    in_xfs = false;
                    f.close = Some(tag.span.start);
                }
                (kind, local) if in_xfs => {
                    if depth == 0 && local == b"xf" && kind != TagKind::Close {
                        f.num_fmt.push(
                            xml::attr(raw, "numFmtId", false)
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(0),
                        );
                    }
                    match kind {
                        TagKind::Open => depth += 1,
                        TagKind::Close => depth = depth.saturating_sub(1),
                        TagKind::Empty => {}
                    }
                }
                _ => {}
            }
        }
        Ok(f)
    }

    /// Whether cell format `xf` shows a date and no time.
    pub fn is_date_only(&self, xf: u32) -> bool {
        let Some(&id) = self.num_fmt.get(xf as usize) else {
            return false;
        };
        match self.codes.get(&id) {
            Some(code) => code_date_only(code),
            None => builtin_date_only(id),
        }
    }

    /// The first cell format that shows a date and no time.
    pub fn first_date_only(&self) -> Option<u32> {
        (0..self.num_fmt.len() as u32).find(|&xf| self.is_date_only(xf))
    }

    /// The styles part with a date format added (built-in format 14, the system's
    /// short date), and the new format's index; `None` when the part has no
    /// `cellXfs` to add it to.
    pub fn with_date_format(&self, styles: &[u8]) -> Option<(Vec<u8>, u32)> {
        let close = self.close?;
        let index = u32::try_from(self.num_fmt.len()).ok()?;
        let p = &self.prefix;
        let xf = format!(
            r#"<{p}xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        );
        let mut out = Vec::with_capacity(styles.len() + xf.len());
        match &self.count {
            Some(count) if count.end <= close => {
                out.extend_from_slice(&styles[..count.start]);
                out.extend_from_slice((index + 1).to_string().as_bytes());
                out.extend_from_slice(&styles[count.end..close]);
            }
            _ => out.extend_from_slice(&styles[..close]),
        }
        out.extend_from_slice(xf.as_bytes());
        out.extend_from_slice(&styles[close..]);
        Some((out, index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &[u8] = br#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="165"/><xf numFmtId="164" applyNumberFormat="1"><alignment horizontal="center"/></xf><xf numFmtId="31"/></cellXfs></styleSheet>"#;

    #[test]
    fn date_formats_are_told_from_date_time_formats() {
        let f = CellFormats::parse(STYLES).expect("styles");
        assert!(!f.is_date_only(0));
        assert!(!f.is_date_only(1), "yyyy-mm-dd hh:mm shows a time");
        assert!(f.is_date_only(2));
        assert!(f.is_date_only(3), "built-in 31: yyyy年m月d日");
        assert!(!f.is_date_only(4), "no such format");
        assert_eq!(f.first_date_only(), Some(2));
        assert!(code_date_only(r#"[$-804]yyyy"年"m"月"d"日";@"#));
        assert!(!code_date_only(r#"0.00"d""#));
    }

    #[test]
    fn a_date_format_is_added_at_the_end() {
        let f = CellFormats::parse(STYLES).expect("styles");
        let (out, index) = f.with_date_format(STYLES).expect("added");
        assert_eq!(index, 4);
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains(r#"<cellXfs count="5">"#), "{text}");
        assert!(
            text.contains(r#"<xf numFmtId="31"/><xf numFmtId="14" fontId="0""#),
            "{text}"
        );
        let again = CellFormats::parse(text.as_bytes()).expect("styles");
        assert!(again.is_date_only(4));
    }
}
