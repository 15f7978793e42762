//! Serialisation: laid-out pages → PDF bytes. printpdf makes the document (pages,
//! catalog, info); each page's graphics streams (compressed as the page was
//! finished), then the text and subset font, the outline, the document dates and
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
    let mut graphics = Vec::with_capacity(laid.pages.len());
    for p in laid.pages {
        let (streams, runs) = p.into_parts();
        texts.push(runs);
        graphics.push(streams);
        pdf.pages
            .push(PdfPage::new(printpdf::Mm(w), printpdf::Mm(h), Vec::new()));
    }
    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    drop(pdf);
    add_graphics(&mut lo, graphics)?;
    add_text(&mut lo, font, &texts)?;
    drop(texts);
    add_outlines(&mut lo, &laid.headings, page_h);
    set_dates(&mut lo, doc);
    // a fixed placeholder /ID, replaced below by a hash of the bytes
    let placeholder = lopdf::Object::String(vec![b'0'; 32], lopdf::StringFormat::Literal);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![placeholder.clone(), placeholder]));
    compress_all(&mut lo);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| crate::msg!("render.cannot_write_pdf", error = e.to_string()))?;
    Ok(fix_id(bytes))
}

/// Give each page its graphics streams (compressed already) as its contents,
/// in place of the empty stream printpdf made for it.
fn add_graphics(lo: &mut lopdf::Document, graphics: Vec<Vec<lopdf::Stream>>) -> anyhow::Result<()> {
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().values().copied().collect();
    for (page_id, streams) in page_ids.into_iter().zip(graphics) {
        let empty = lo
            .get_dictionary(page_id)
            .and_then(|page| page.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .ok();
        if let Some(id) = empty {
            lo.objects.remove(&id);
        }
        let refs = streams
            .into_iter()
            .map(|s| lopdf::Object::Reference(lo.add_object(s)))
            .collect();
        let page = lo
            .get_dictionary_mut(page_id)
            .map_err(|e| anyhow::Error::from(crate::msg!("render.pdf_page", error = e.to_string())))?;
        page.set("Contents", lopdf::Object::Array(refs));
    }
    Ok(())
}

/// The deflate level of every stream: 6, zlib's default (lopdf's own `compress`
/// uses 9, slower for the same size here).
const DEFLATE_LEVEL: u32 = 6;

/// Compress every stream of `lo` not compressed yet (see [`compress`]).
fn compress_all(lo: &mut lopdf::Document) {
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            compress(stream);
        }
    }
}

/// A content stream of `content`, compressed (see [`compress`]).
pub(super) fn deflated(content: impl Into<Vec<u8>>) -> lopdf::Stream {
    let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), content.into());
    compress(&mut stream);
    stream
}

/// Deflate a stream that has no filter yet and allows compression, when that makes
/// it smaller (as lopdf does, at [`DEFLATE_LEVEL`]).
fn compress(stream: &mut lopdf::Stream) {
    use std::io::Write as _;
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
        return;
    }
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 3),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    if encoder.write_all(&stream.content).is_err() {
        return;
    }
    let Ok(mut compressed) = encoder.finish() else {
        return;
    };
    if compressed.len() + 19 < stream.content.len() {
        // The buffer was sized for a third of the content and drawing compresses
        // far better: a long document keeps every page's streams until it is
        // written, so each keeps only its bytes.
        compressed.shrink_to_fit();
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
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
