//! Reading and writing the XML of the register's package at the byte level: tags
//! with their positions (so an edit replaces exactly the bytes it means to),
//! attributes with the span of their values, cell references, and text escaped
//! for a cell.

use std::ops::Range;

use quick_xml::events::Event;

/// What kind of tag a [`Tag`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TagKind {
    /// `<name …>`.
    Open,
    /// `</name>`.
    Close,
    /// `<name …/>`.
    Empty,
}

/// One tag of a part, where it lies in the part's bytes.
#[derive(Debug, Clone)]
pub(super) struct Tag<'a> {
    /// Open, close or empty.
    pub kind: TagKind,
    /// The name without its namespace prefix, e.g. `row`.
    pub local: &'a [u8],
    /// The namespace prefix with its colon, e.g. `x:`, or empty.
    pub prefix: &'a [u8],
    /// Byte range of the whole tag, from `<` to `>`.
    pub span: Range<usize>,
}

/// Every tag of an XML part in document order (text, comments and declarations
/// are skipped). Malformed XML (e.g. a close tag that does not match) is an error.
pub(super) struct Tags<'a> {
    xml: &'a [u8],
    reader: quick_xml::Reader<&'a [u8]>,
}

impl<'a> Tags<'a> {
    /// The tags of `xml`.
    pub fn new(xml: &'a [u8]) -> Tags<'a> {
        Tags {
            xml,
            reader: quick_xml::Reader::from_reader(xml),
        }
    }
}

fn split_name(name: &[u8]) -> (&[u8], &[u8]) {
    match name.iter().position(|&b| b == b':') {
        Some(i) => (&name[i + 1..], &name[..=i]),
        None => (name, &name[..0]),
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = anyhow::Result<Tag<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let before = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    return Some(Err(crate::msg!(
                        "register.malformed_xml",
                        byte = self.reader.error_position(),
                        error = e.to_string()
                    )
                    .into()))
                }
            };
            let after = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let (kind, name) = match event {
                Event::Eof => return None,
                Event::Start(_) => (TagKind::Open, tag_name(&self.xml[before..after])),
                Event::Empty(_) => (TagKind::Empty, tag_name(&self.xml[before..after])),
                Event::End(_) => (TagKind::Close, tag_name(&self.xml[before..after])),
                _ => continue,
            };
            let (local, prefix) = split_name(name);
            return Some(Ok(Tag {
                kind,
                local,
                prefix,
                span: before..after,
            }));
        }
    }
}

/// The element name of a tag's bytes (`<x:row r="1">` → `x:row`).
fn tag_name(tag: &[u8]) -> &[u8] {
    let start = tag
        .iter()
        .position(|&b| b != b'<' && b != b'/')
        .unwrap_or(tag.len());
    let rest = &tag[start..];
    let end = rest
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(rest.len());
    &rest[..end]
}

/// One attribute of a start tag.
#[derive(Debug, Clone)]
pub(super) struct Attr<'a> {
    /// The attribute's name as written (with any prefix).
    pub name: &'a [u8],
    /// Byte range of the whole attribute (`name="value"`), within the tag.
    pub whole: Range<usize>,
    /// Byte range of the value between its quotes, within the tag.
    pub value: Range<usize>,
}

/// The attributes of a start or empty tag's bytes (`<c r="A1" s="2">`).
pub(super) fn attributes(tag: &[u8]) -> Vec<Attr<'_>> {
    let mut out = Vec::new();
    let name_len = tag_name(tag).len();
    let mut i = tag.iter().position(|&b| b != b'<').unwrap_or(tag.len()) + name_len;
    loop {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= tag.len() || tag[i] == b'/' || tag[i] == b'>' {
            return out;
        }
        let start = i;
        while i < tag.len() && tag[i] != b'=' && !tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &tag[start..i];
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= tag.len() || tag[i] != b'=' {
            return out;
        }
        i += 1;
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let Some(&quote) = tag.get(i).filter(|&&q| q == b'"' || q == b'\'') else {
            return out;
        };
        let value_start = i + 1;
        let Some(len) = tag[value_start..].iter().position(|&b| b == quote) else {
            return out;
        };
        i = value_start + len + 1;
        out.push(Attr {
            name,
            whole: start..i,
            value: value_start..value_start + len,
        });
    }
}

/// The unescaped value of the attribute whose name without prefix is `local`
/// (`r:id` matches `id` only when `prefixed`; `r` never matches `x:r`).
pub(super) fn attr(tag: &[u8], local: &str, prefixed: bool) -> Option<String> {
    attributes(tag)
        .into_iter()
        .find(|a| {
            let (l, p) = split_name(a.name);
            l == local.as_bytes() && p.is_empty() != prefixed
        })
        .map(|a| unescape(&tag[a.value]))
}

/// Text with the five predefined entities and character references resolved
/// (left as it is where it is not valid).
pub(super) fn unescape(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    quick_xml::escape::unescape(&text)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| text.into_owned())
}

/// The last row and column of Excel's grid (0-based): row 1,048,576, column XFD.
pub(super) const MAX_ROW: u32 = 1_048_575;
/// See [`MAX_ROW`].
pub(super) const MAX_COL: u32 = 16_383;

/// A cell reference (`B7`, `$B$7`) → 0-based (row, column), within Excel's grid.
pub(super) fn parse_ref(text: &str) -> Option<(u32, u32)> {
    let t = text.trim().replace('$', "");
    let split = t.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = t.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut col = 0u32;
    for c in letters.bytes() {
        col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1;
    }
    let row: u32 = digits.parse().ok()?;
    let (row, col) = (row.checked_sub(1)?, col - 1);
    (row <= MAX_ROW && col <= MAX_COL).then_some((row, col))
}

/// A range reference (`A1:H10`, or one cell `A1`) → 0-based corners.
pub(super) fn parse_range(text: &str) -> Option<((u32, u32), (u32, u32))> {
    match text.split_once(':') {
        Some((a, b)) => Some((parse_ref(a)?, parse_ref(b)?)),
        None => parse_ref(text).map(|p| (p, p)),
    }
}

/// A 0-based (row, column) as a cell reference, `B7`.
pub(super) fn cell_ref(row: u32, col: u32) -> String {
    format!("{}{}", crate::model::source::column_letters(col), row + 1)
}

/// A range as written in a `ref` attribute: `A1:H10`, or `A1` for one cell.
pub(super) fn range_ref(from: (u32, u32), to: (u32, u32)) -> String {
    if from == to {
        cell_ref(from.0, from.1)
    } else {
        format!("{}:{}", cell_ref(from.0, from.1), cell_ref(to.0, to.1))
    }
}

/// Text escaped for a cell's `<t>` element: the XML specials as entities, and the
/// characters XML cannot hold (most control characters, U+FFFE, U+FFFF) and a
/// carriage return as Excel writes them, `_xHHHH_`; a literal `_xHHHH_` in the text
/// has its underscore escaped so it reads back as itself.
pub(super) fn escape_cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' if looks_escaped(&text[i..]) => out.push_str("_x005F_"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                out.push_str(&format!("_x{:04X}_", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether `s` starts with `_xHHHH_`.
fn looks_escaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_carry_their_spans_and_prefixes() {
        let xml = br#"<?xml version="1.0"?><x:a><x:row r="2" spans="1:3"/><!-- c --><b>t</b></x:a>"#;
        let tags: Vec<Tag> = Tags::new(xml).collect::<anyhow::Result<_>>().expect("tags");
        let row = &tags[1];
        assert_eq!(
            (row.kind, row.local, row.prefix),
            (TagKind::Empty, &b"row"[..], &b"x:"[..])
        );
        assert_eq!(&xml[row.span.clone()], br#"<x:row r="2" spans="1:3"/>"#);
        let attrs = attributes(&xml[row.span.clone()]);
        assert_eq!(attrs.len(), 2);
        assert_eq!(&xml[row.span.clone()][attrs[1].value.clone()], b"1:3");
        assert_eq!(attr(&xml[row.span.clone()], "r", false).as_deref(), Some("2"));
        assert_eq!(tags.last().map(|t| t.kind), Some(TagKind::Close));
        assert!(Tags::new(b"<a><b></a>").any(|t| t.is_err()));
    }

    #[test]
    fn references_stay_inside_the_grid() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("$XFD$1048576"), Some((MAX_ROW, MAX_COL)));
        assert_eq!(parse_ref("XFE1"), None);
        assert_eq!(parse_ref("A1048577"), None);
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_range("A1:XFD1048576"), Some(((0, 0), (MAX_ROW, MAX_COL))));
        assert_eq!(range_ref((0, 0), (11, 12)), "A1:M12");
        assert_eq!(range_ref((2, 1), (2, 1)), "B3");
    }

    #[test]
    fn cell_text_escapes_what_xml_cannot_hold() {
        assert_eq!(escape_cell_text("a<b>&c"), "a&lt;b&gt;&amp;c");
        assert_eq!(escape_cell_text("\u{1b}[2J\r\n"), "_x001B_[2J_x000D_\n");
        assert_eq!(escape_cell_text("_x000D_"), "_x005F_x000D_");
        assert_eq!(escape_cell_text("_x0_"), "_x0_");
    }
}
