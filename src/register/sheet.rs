//! The register sheet's XML, read for where things are and edited in place: rows
//! are added or filled inside `<sheetData>`, cells added to the header row, and
//! the `ref` of `<dimension>` and `<autoFilter>` widened; every other byte of the
//! part stays as it was.

use std::ops::Range;

use super::xml::{self, TagKind, Tags, MAX_COL};

/// Where the rows of the sheet end.
#[derive(Debug, Clone)]
enum SheetData {
    /// `<sheetData>…</sheetData>`: where the close tag starts.
    Open { close: usize },
    /// `<sheetData/>`: its span, replaced by an open and a close tag.
    Empty(Range<usize>),
}

/// A `<row>` element.
#[derive(Debug, Clone)]
pub(super) struct RowSpan {
    /// 0-based row.
    pub index: u32,
    /// The whole element's bytes.
    pub span: Range<usize>,
    /// Whether a cell within the register's columns holds a value or a formula.
    pub content_in_columns: bool,
    /// The rightmost column holding a value or a formula.
    pub last_content_col: Option<u32>,
}

/// The layout of a sheet part.
#[derive(Debug, Clone)]
pub(super) struct SheetXml {
    /// The namespace prefix of the sheet's elements (`x:` or empty).
    pub prefix: String,
    /// The value span of `<dimension ref>`.
    dimension: Option<Range<usize>>,
    /// The value span of the sheet's own `<autoFilter ref>`.
    auto_filter: Option<Range<usize>>,
    data: SheetData,
    /// The rows, in document order.
    pub rows: Vec<RowSpan>,
}

/// A cell of an existing row.
#[derive(Debug, Clone)]
pub(super) struct ExistingCell {
    /// 0-based column.
    pub col: u32,
    /// The whole element's bytes within the row.
    pub span: Range<usize>,
    /// Whether it has an `r` attribute.
    pub has_ref: bool,
    /// Its cell format, `s`.
    pub style: Option<u32>,
    /// Whether it holds a value or a formula.
    pub has_content: bool,
}

/// An existing row element, cell by cell.
#[derive(Debug, Clone)]
pub(super) struct ExistingRow {
    /// The start tag's bytes within the row.
    pub start_tag: Range<usize>,
    /// Whether the row is written `<row …/>`.
    pub empty: bool,
    /// Its cells.
    pub cells: Vec<ExistingCell>,
}

/// One edit: replace `span` of the part by `text` (an insertion when the span is empty).
#[derive(Debug, Clone)]
pub(super) struct Edit {
    /// Where.
    pub span: Range<usize>,
    /// What.
    pub text: Vec<u8>,
}

fn index_attr(raw: &[u8], what: &str) -> anyhow::Result<Option<(u32, u32)>> {
    match xml::attr(raw, "r", false) {
        None => Ok(None),
        Some(r) if what == "row" => {
            let n: u32 = r
                .trim()
                .parse()
                .map_err(|_| crate::msg!("register.bad_row_number", row = format!("{r:?}")))?;
            let row = n
                .checked_sub(1)
                .filter(|&i| i <= xml::MAX_ROW)
                .ok_or_else(|| crate::msg!("register.row_outside_sheet", row = &r))?;
            Ok(Some((row, 0)))
        }
        Some(r) => xml::parse_ref(&r)
            .map(Some)
            .ok_or_else(|| crate::msg!("register.bad_cell_ref", cell = format!("{r:?}")).into()),
    }
}

impl SheetXml {
    /// Scan a sheet part; `columns` is the register's span of columns, for
    /// [`RowSpan::content_in_columns`].
    pub fn scan(part: &[u8], columns: (u32, u32)) -> anyhow::Result<SheetXml> {
        if part.starts_with(&[0xFF, 0xFE]) || part.starts_with(&[0xFE, 0xFF]) {
            return Err(crate::msg!("register.utf16_sheet").into());
        }
        let mut sheet = SheetXml {
            prefix: String::new(),
            dimension: None,
            auto_filter: None,
            data: SheetData::Open { close: part.len() },
            rows: Vec::new(),
        };
        let mut found_data = false;
        // Depth below <worksheet>: 1 for its children.
        let mut depth = 0usize;
        let mut in_data = false;
        let mut row: Option<RowSpan> = None;
        let mut next_row = 0u32;
        let mut next_col = 0u32;
        // Inside a cell: its column, and whether a value or formula was seen.
        let mut cell: Option<(u32, bool)> = None;
        for tag in Tags::new(part) {
            let tag = tag?;
            let raw = &part[tag.span.clone()];
            let value_span = |name: &[u8]| {
                xml::attributes(raw)
                    .into_iter()
                    .find(|a| a.name == name)
                    .map(|a| tag.span.start + a.value.start..tag.span.start + a.value.end)
            };
            match (tag.kind, tag.local, in_data) {
                (TagKind::Open | TagKind::Empty, b"dimension", false) if depth == 1 => {
                    sheet.dimension = value_span(b"ref");
                }
                (TagKind::Open | TagKind::Empty, b"autoFilter", false) if depth == 1 => {
                    sheet.auto_filter = value_span(b"ref");
                }
                (TagKind::Open, b"sheetData", false) if depth == 1 => {
                    in_data = true;
                    found_data = true;
                    sheet.prefix = String::from_utf8_lossy(tag.prefix).into_owned();
                }
                (TagKind::Empty, b"sheetData", false) if depth == 1 => {
                    found_data = true;
                    sheet.prefix = String::from_utf8_lossy(tag.prefix).into_owned();
                    sheet.data = SheetData::Empty(tag.span.clone());
                }
                (TagKind::Close, b"sheetData", true) => {
                    in_data = false;
                    sheet.data = SheetData::Open {
                        close: tag.span.start,
                    };
                }
                (TagKind::Open | TagKind::Empty, b"row", true) if row.is_none() => {
                    let index = index_attr(raw, "row")?.map_or(next_row, |(r, _)| r);
                    next_row = index.saturating_add(1);
                    next_col = 0;
                    let r = RowSpan {
                        index,
                        span: tag.span.clone(),
                        content_in_columns: false,
                        last_content_col: None,
                    };
                    if tag.kind == TagKind::Empty {
                        sheet.rows.push(r);
                    } else {
                        row = Some(r);
                    }
                }
                (TagKind::Close, b"row", true) => {
                    if let Some(mut r) = row.take() {
                        r.span.end = tag.span.end;
                        sheet.rows.push(r);
                    }
                }
                (TagKind::Open | TagKind::Empty, b"c", true) if row.is_some() && cell.is_none() => {
                    let col = index_attr(raw, "c")?.map_or(next_col, |(_, c)| c);
                    next_col = col.saturating_add(1);
                    if tag.kind == TagKind::Open {
                        cell = Some((col, false));
                    }
                }
                (TagKind::Open | TagKind::Empty, b"v" | b"is" | b"f", true) => {
                    if let Some((_, seen)) = cell.as_mut() {
                        *seen = true;
                    }
                }
                (TagKind::Close, b"c", true) => {
                    if let (Some((col, true)), Some(r)) = (cell.take(), row.as_mut()) {
                        r.last_content_col = Some(r.last_content_col.map_or(col, |c| c.max(col)));
                        if (columns.0..=columns.1).contains(&col) {
                            r.content_in_columns = true;
                        }
                    }
                }
                _ => {}
            }
            match tag.kind {
                TagKind::Open => depth += 1,
                TagKind::Close => depth = depth.saturating_sub(1),
                TagKind::Empty => {}
            }
        }
        if !found_data {
            return Err(crate::msg!("register.no_sheet_data").into());
        }
        Ok(sheet)
    }

    /// The row element with this index.
    pub fn row(&self, index: u32) -> Option<&RowSpan> {
        self.rows.iter().find(|r| r.index == index)
    }

    /// Where a new row with this index goes: before the first row after it, else
    /// at the end of `<sheetData>`.
    fn insertion_point(&self, index: u32) -> usize {
        match self.rows.iter().find(|r| r.index > index) {
            Some(r) => r.span.start,
            None => match &self.data {
                SheetData::Open { close } => *close,
                SheetData::Empty(span) => span.end,
            },
        }
    }

    /// The edits that add these rows (index, element) where no row element has
    /// their index; keep them in index order.
    pub fn insert_rows(&self, rows: &[(u32, Vec<u8>)]) -> Vec<Edit> {
        let mut edits = Vec::new();
        if let SheetData::Empty(span) = &self.data {
            if !rows.is_empty() {
                // `<sheetData/>` becomes `<sheetData>` … `</sheetData>`.
                edits.push(Edit {
                    span: span.clone(),
                    text: format!("<{}sheetData>", self.prefix).into_bytes(),
                });
            }
        }
        for (index, text) in rows {
            let at = self.insertion_point(*index);
            edits.push(Edit {
                span: at..at,
                text: text.clone(),
            });
        }
        if let SheetData::Empty(span) = &self.data {
            if !rows.is_empty() {
                edits.push(Edit {
                    span: span.end..span.end,
                    text: format!("</{}sheetData>", self.prefix).into_bytes(),
                });
            }
        }
        edits
    }

    /// The `<dimension ref>` as written, with its span.
    pub fn dimension<'p>(&self, part: &'p [u8]) -> Option<(Range<usize>, &'p [u8])> {
        self.dimension.clone().map(|s| (s.clone(), &part[s]))
    }

    /// The sheet's `<autoFilter ref>` as written, with its span.
    pub fn auto_filter<'p>(&self, part: &'p [u8]) -> Option<(Range<usize>, &'p [u8])> {
        self.auto_filter.clone().map(|s| (s.clone(), &part[s]))
    }
}

/// The cells of a row element (its bytes `row`, at 0-based `index`).
pub(super) fn parse_row(row: &[u8]) -> anyhow::Result<ExistingRow> {
    let mut out = ExistingRow {
        start_tag: 0..0,
        empty: false,
        cells: Vec::new(),
    };
    let mut depth = 0usize;
    let mut next_col = 0u32;
    let mut current: Option<ExistingCell> = None;
    for tag in Tags::new(row) {
        let tag = tag?;
        let raw = &row[tag.span.clone()];
        match (tag.kind, tag.local, depth) {
            (TagKind::Open | TagKind::Empty, b"row", 0) => {
                out.start_tag = tag.span.clone();
                out.empty = tag.kind == TagKind::Empty;
            }
            (TagKind::Open | TagKind::Empty, b"c", 1) => {
                let at = index_attr(raw, "c")?;
                let col = at.map_or(next_col, |(_, c)| c);
                next_col = col.saturating_add(1);
                let c = ExistingCell {
                    col,
                    span: tag.span.clone(),
                    has_ref: at.is_some(),
                    style: xml::attr(raw, "s", false).and_then(|s| s.trim().parse().ok()),
                    has_content: false,
                };
                if tag.kind == TagKind::Empty {
                    out.cells.push(c);
                } else {
                    current = Some(c);
                }
            }
            (TagKind::Open | TagKind::Empty, b"v" | b"is" | b"f", _) => {
                if let Some(c) = current.as_mut() {
                    c.has_content = true;
                }
            }
            (TagKind::Close, b"c", 2) => {
                if let Some(mut c) = current.take() {
                    c.span.end = tag.span.end;
                    out.cells.push(c);
                }
            }
            _ => {}
        }
        match tag.kind {
            TagKind::Open => depth += 1,
            TagKind::Close => depth = depth.saturating_sub(1),
            TagKind::Empty => {}
        }
    }
    Ok(out)
}

/// A start tag without the attribute `name` (and the space before it), as an open tag.
fn start_tag_without(tag: &[u8], name: &[u8]) -> Vec<u8> {
    let mut out = tag.to_vec();
    if let Some(a) = xml::attributes(tag).into_iter().find(|a| a.name == name) {
        let mut from = a.whole.start;
        while from > 0 && tag[from - 1].is_ascii_whitespace() {
            from -= 1;
        }
        out = [&tag[..from], &tag[a.whole.end..]].concat();
    }
    if out.ends_with(b"/>") {
        let end = out.len() - 2;
        let trimmed = out[..end].trim_ascii_end().len();
        out.truncate(trimmed);
        out.push(b'>');
    }
    out
}

/// A cell's start tag with an `r` attribute added after its name.
fn with_ref(cell: &[u8], r: &str) -> Vec<u8> {
    let name_end = cell
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(cell.len());
    [
        &cell[..name_end],
        format!(r#" r="{r}""#).as_bytes(),
        &cell[name_end..],
    ]
    .concat()
}

/// A row element rebuilt with new cells: the existing row (its bytes `row`, parsed
/// as `existing`; `None` for a new row) keeps its attributes except `spans`, and
/// every existing cell not replaced is kept as written (given an `r` where it had
/// none); `new_cells` are (column, the `<c>` element) in any order. A new cell never
/// replaces one that holds a value or a formula.
pub(super) fn rebuild_row(
    prefix: &str,
    index: u32,
    existing: Option<(&[u8], &ExistingRow)>,
    new_cells: &[(u32, Vec<u8>)],
) -> anyhow::Result<Vec<u8>> {
    let mut cells: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut out = match existing {
        Some((row, parsed)) => {
            for c in &parsed.cells {
                if let Some((_, _)) = new_cells.iter().find(|(col, _)| *col == c.col) {
                    if c.has_content {
                        return Err(crate::msg!(
                            "register.cell_not_empty",
                            cell = xml::cell_ref(index, c.col)
                        )
                        .into());
                    }
                    continue;
                }
                let bytes = &row[c.span.clone()];
                let bytes = if c.has_ref {
                    bytes.to_vec()
                } else {
                    with_ref(bytes, &xml::cell_ref(index, c.col))
                };
                cells.push((c.col, bytes));
            }
            start_tag_without(&row[parsed.start_tag.clone()], b"spans")
        }
        None => format!(r#"<{prefix}row r="{}">"#, index + 1).into_bytes(),
    };
    cells.extend(new_cells.iter().cloned());
    cells.sort_by_key(|(col, _)| *col);
    for (_, c) in cells {
        out.extend_from_slice(&c);
    }
    out.extend_from_slice(format!("</{prefix}row>").as_bytes());
    Ok(out)
}

/// A range's `ref` widened to take in the rows `rows` and the columns `cols`;
/// `None` when the text is not a range.
pub(super) fn widened(text: &str, rows: (u32, u32), cols: (u32, u32)) -> Option<String> {
    let ((r0, c0), (r1, c1)) = xml::parse_range(text)?;
    Some(xml::range_ref(
        (r0.min(rows.0), c0.min(cols.0)),
        (r1.max(rows.1), c1.max(cols.1).min(MAX_COL)),
    ))
}

/// A filter's or table's `ref` taken down to `last_row` when it covers the header
/// row and ends above `last_row`; `None` when it is left as it is.
pub(super) fn extended_down(text: &str, header_row: u32, last_row: u32) -> Option<String> {
    let ((r0, c0), (r1, c1)) = xml::parse_range(text)?;
    (r0 <= header_row && header_row <= r1 && r1 < last_row).then(|| xml::range_ref((r0, c0), (last_row, c1)))
}

/// Apply edits (none overlapping) to a part; insertions at one place keep their order.
pub(super) fn apply(part: &[u8], mut edits: Vec<Edit>) -> Vec<u8> {
    // Stable: edits at the same place keep the order they were made in.
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = Vec::with_capacity(part.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for e in edits {
        out.extend_from_slice(&part[at..e.span.start.max(at)]);
        out.extend_from_slice(&e.text);
        at = at.max(e.span.end);
    }
    out.extend_from_slice(&part[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHEET: &[u8] = br#"<worksheet><dimension ref="A1:C3"/><sheetData><row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><f>B2*2</f></c></row><row r="3"><c r="C3" s="4"><v>1</v></c></row><row r="5" s="2" customFormat="1"><c r="A5" s="3"/><c s="3"/></row></sheetData><autoFilter ref="A1:B3"/></worksheet>"#;

    #[test]
    fn rows_and_their_content_are_found() {
        let s = SheetXml::scan(SHEET, (0, 1)).expect("scan");
        let rows: Vec<(u32, bool, Option<u32>)> = s
            .rows
            .iter()
            .map(|r| (r.index, r.content_in_columns, r.last_content_col))
            .collect();
        // Row 2's formula without a value counts; row 3's value is outside columns A–B.
        assert_eq!(
            rows,
            vec![
                (0, true, Some(1)),
                (1, true, Some(0)),
                (2, false, Some(2)),
                (4, false, None)
            ]
        );
        assert_eq!(s.dimension(SHEET).map(|(_, t)| t), Some(&b"A1:C3"[..]));
        assert_eq!(s.auto_filter(SHEET).map(|(_, t)| t), Some(&b"A1:B3"[..]));
    }

    #[test]
    fn a_preformatted_row_is_filled_and_a_new_row_inserted_in_order() {
        let s = SheetXml::scan(SHEET, (0, 1)).expect("scan");
        let row5 = s.row(4).expect("row 5").span.clone();
        let parsed = parse_row(&SHEET[row5.clone()]).expect("row");
        assert_eq!(
            parsed.cells.iter().map(|c| (c.col, c.style)).collect::<Vec<_>>(),
            vec![(0, Some(3)), (1, Some(3))]
        );
        let filled = rebuild_row(
            "",
            4,
            Some((&SHEET[row5.clone()], &parsed)),
            &[(0, b"<c r=\"A5\"/>".to_vec())],
        )
        .expect("row");
        assert_eq!(
            String::from_utf8_lossy(&filled),
            r#"<row r="5" s="2" customFormat="1"><c r="A5"/><c r="B5" s="3"/></row>"#
        );
        let mut edits = vec![Edit {
            span: row5,
            text: filled,
        }];
        edits.extend(s.insert_rows(&[(3, b"<row r=\"4\"></row>".to_vec())]));
        let out = apply(SHEET, edits);
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains(r#"</row><row r="4"></row><row r="5" s="2""#),
            "{text}"
        );
    }

    #[test]
    fn a_cell_holding_something_is_never_replaced() {
        let row = br#"<row r="2"><c r="A2"><f>B2*2</f></c></row>"#;
        let parsed = parse_row(row).expect("row");
        assert!(rebuild_row("", 1, Some((row, &parsed)), &[(0, b"<c/>".to_vec())]).is_err());
    }

    #[test]
    fn an_empty_sheet_data_is_opened() {
        let sheet = br#"<x:worksheet><x:sheetData/></x:worksheet>"#;
        let s = SheetXml::scan(sheet, (0, 3)).expect("scan");
        assert_eq!(s.prefix, "x:");
        let out = apply(sheet, s.insert_rows(&[(0, b"<x:row r=\"1\"></x:row>".to_vec())]));
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#"<x:worksheet><x:sheetData><x:row r="1"></x:row></x:sheetData></x:worksheet>"#
        );
    }

    #[test]
    fn ranges_widen_and_filters_extend_only_over_the_table() {
        assert_eq!(widened("A1:C3", (3, 4), (0, 4)).as_deref(), Some("A1:E5"));
        assert_eq!(
            widened("A1:XFD1048576", (3, 4), (0, 4)).as_deref(),
            Some("A1:XFD1048576")
        );
        assert_eq!(extended_down("A1:B3", 0, 5).as_deref(), Some("A1:B6"));
        assert_eq!(extended_down("A10:B12", 0, 5), None);
    }
}
