//! PDF outputs read back with lopdf: page text, fonts and bookmarks.

/// A parsed PDF and the extracted text of each page.
pub struct Pdf {
    doc: lopdf::Document,
    /// Extracted text of each page, in page order.
    pub pages: Vec<String>,
}

/// One entry of the outline.
#[derive(Debug)]
pub struct Bookmark {
    /// The title, decoded.
    pub title: String,
    /// Nesting depth (0 = top level).
    pub depth: usize,
    /// The 1-based page its destination points at, if it has one.
    pub page: Option<usize>,
}

/// A PDF text string: UTF-16BE after a byte-order mark, otherwise taken as UTF-8.
fn decode_pdf_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(be) => {
            let units: Vec<u16> = be
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

impl Pdf {
    /// Parses the bytes and extracts every page's text.
    pub fn parse(bytes: &[u8]) -> Pdf {
        let doc = lopdf::Document::load_mem(bytes).expect("lopdf parses the pdf");
        let pages = doc
            .get_pages()
            .keys()
            .map(|n| doc.extract_text(&[*n]).expect("page text"))
            .collect();
        Pdf { doc, pages }
    }

    /// The text of all pages, as one extraction over the whole document gives it.
    pub fn text(&self) -> String {
        self.pages.concat()
    }

    /// The `FontName` of every font descriptor.
    pub fn fonts(&self) -> Vec<String> {
        self.font_descriptors()
            .filter_map(|d| d.get(b"FontName").and_then(|n| n.as_name()).ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    /// Whether a font program is embedded (`FontFile2` or `FontFile3`).
    pub fn has_embedded_font(&self) -> bool {
        self.font_descriptors()
            .any(|d| d.has(b"FontFile3") || d.has(b"FontFile2"))
    }

    fn font_descriptors(&self) -> impl Iterator<Item = &lopdf::Dictionary> {
        self.doc.objects.values().filter_map(|obj| {
            let dict = obj.as_dict().ok()?;
            let kind = dict.get(b"Type").and_then(|t| t.as_name()).ok()?;
            (kind == b"FontDescriptor".as_slice()).then_some(dict)
        })
    }

    /// The outline, depth first: an item, its children (First → Next …), then its
    /// Next sibling. Panics if the PDF has no outline.
    pub fn bookmarks(&self) -> Vec<Bookmark> {
        let doc = &self.doc;
        let page_ids = doc.get_pages();
        let page_of =
            |id: lopdf::ObjectId| page_ids.iter().find(|(_, v)| **v == id).map(|(k, _)| *k as usize);
        let outlines = doc
            .catalog()
            .and_then(|c| c.get(b"Outlines"))
            .and_then(|o| o.as_reference())
            .and_then(|r| doc.get_dictionary(r))
            .expect("the PDF has an outline");
        let mut out = Vec::new();
        let mut stack: Vec<(lopdf::ObjectId, usize)> = Vec::new();
        if let Ok(first) = outlines.get(b"First").and_then(|f| f.as_reference()) {
            stack.push((first, 0));
        }
        while let Some((id, depth)) = stack.pop() {
            let item = doc.get_dictionary(id).expect("outline item");
            let title = item.get(b"Title").and_then(|t| t.as_str()).expect("title");
            let page = item
                .get(b"Dest")
                .and_then(|d| d.as_array())
                .ok()
                .and_then(|dest| dest.first())
                .and_then(|p| p.as_reference().ok())
                .and_then(page_of);
            out.push(Bookmark {
                title: decode_pdf_string(title),
                depth,
                page,
            });
            if let Ok(next) = item.get(b"Next").and_then(|n| n.as_reference()) {
                stack.push((next, depth));
            }
            if let Ok(child) = item.get(b"First").and_then(|n| n.as_reference()) {
                stack.push((child, depth + 1));
            }
        }
        out
    }
}
