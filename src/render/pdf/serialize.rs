//! Serialisation: laid-out pages → PDF bytes. printpdf writes the pages'
//! graphics; then the text and subset font, the outline, the document dates and
//! a content-derived `/ID` are added, so equal documents give equal bytes.

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};

use super::outline::add_outlines;
use super::page::{LaidOut, MM};
use super::text::add_text;
use crate::render::font::Font;
use crate::render::model::Document;

/// The PDF bytes of `doc` laid out as `laid`.
pub(super) fn write(font: &Font, doc: &Document, laid: LaidOut) -> anyhow::Result<Vec<u8>> {
    let page_h = laid.height;
    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.author = doc.author.clone();
    pdf.metadata.info.creator = "zhidu".into();
    pdf.metadata.info.producer = "zhidu".into();
    pdf.metadata.info.subject = doc.company.clone();
    let (w, h) = (laid.width / MM, laid.height / MM);
    let mut texts = Vec::with_capacity(laid.pages.len());
    let mut pages = Vec::with_capacity(laid.pages.len());
    for p in laid.pages {
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
    // The pages' operations are in `lo` now: a long document's are let go before
    // its text is added, and compressed at once (compressing a stream does not
    // depend on the others, so the bytes are those of compressing at the end).
    drop(pdf);
    lo.compress();
    add_text(&mut lo, font, &texts)?;
    drop(texts);
    add_outlines(&mut lo, &laid.headings, page_h);
    set_dates(&mut lo, doc);
    // a fixed placeholder /ID, replaced below by a hash of the bytes
    let placeholder = lopdf::Object::String(vec![b'0'; 32], lopdf::StringFormat::Literal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![placeholder.clone(), placeholder]));
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| crate::msg!("render.cannot_write_pdf", error = e.to_string()))?;
    Ok(fix_id(bytes))
}

/// Creation and modification dates from the document (the report period), never the clock.
fn set_dates(lo: &mut lopdf::Document, doc: &Document) {
    let stamp = format!("D:{}000000Z", doc.date.format("%Y%m%d"));
    if let Ok(info_id) = lo.trailer.get(b"Info").and_then(|i| i.as_reference()) {
        if let Ok(info) = lo.get_dictionary_mut(info_id) {
            for key in ["CreationDate", "ModDate"] {
                info.set(
                    key,
                    lopdf::Object::String(stamp.clone().into_bytes(), lopdf::StringFormat::Literal),
                );
            }
        }
    }
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
