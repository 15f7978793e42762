//! Text and the embedded font of our PDFs: every glyph used in a document is
//! collected, the font is subset once per document (typst's `subsetter`), and the
//! text runs are written as a content stream drawing glyph ids through an
//! Identity-H CID font with a ToUnicode map, so the text stays copyable.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::page::{num, TextRun};
use crate::render::font::Font;

/// Resource name of the font on every page.
const FONT_RES: &str = "ZF1";

/// Add the text runs of each page (index = page number − 1) and the subset font to `lo`.
pub(super) fn add_text(lo: &mut lopdf::Document, font: &Font, pages: &[Vec<TextRun>]) -> anyhow::Result<()> {
    let used = used_glyphs(font, pages);
    if used.is_empty() {
        return Ok(());
    }
    let mut remapper = subsetter::GlyphRemapper::new();
    remapper.remap(0);
    for gid in used.keys() {
        remapper.remap(*gid);
    }
    let subset = subsetter::subset(&font.bytes, 0, &remapper).map_err(|e| {
        crate::msg!(
            "render.cannot_subset_font",
            font = &font.postscript_name,
            error = e.to_string()
        )
    })?;
    let new_gid = |g: u16| remapper.get(g).unwrap_or(0);
    let font_id = add_font(lo, font, &used, subset, &new_gid)?;
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    for (page_id, runs) in page_ids.into_iter().zip(pages) {
        if runs.is_empty() {
            continue;
        }
        let content = content_stream(font, runs, &new_gid);
        // Compressed now, not with the rest at the end: a long document holds
        // each page's text compressed only.
        let stream_id = lo.add_object(super::serialize::deflated(content));
        add_to_page(lo, page_id, stream_id, font_id)?;
    }
    Ok(())
}

/// The glyphs used on any page, each with a character it was used for (for /ToUnicode).
fn used_glyphs(font: &Font, pages: &[Vec<TextRun>]) -> BTreeMap<u16, char> {
    let mut used: BTreeMap<u16, char> = BTreeMap::new();
    for run in pages.iter().flatten() {
        for c in run.text.chars() {
            used.entry(font.gid(c)).or_insert(c);
        }
    }
    used
}

/// Subset tag: six capital letters from the glyph set, so equal documents get equal tags.
fn subset_tag(used: &BTreeMap<u16, char>) -> String {
    let mut h: u32 = 2166136261;
    for g in used.keys() {
        for b in g.to_be_bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(16777619);
        }
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

/// The subset font's objects (font file, descriptor, CID font, ToUnicode map and
/// the Type0 font the pages use); the Type0 font's id.
fn add_font(
    lo: &mut lopdf::Document,
    font: &Font,
    used: &BTreeMap<u16, char>,
    subset: Vec<u8>,
    new_gid: &impl Fn(u16) -> u16,
) -> anyhow::Result<ObjectId> {
    let base_font = format!("{}+{}", subset_tag(used), font.postscript_name);
    let scale = 1000.0 / font.units_per_em;

    let (font_file, cid_subtype) = if font.is_cff {
        let face = ttf_parser::RawFace::parse(&subset, 0)
            .map_err(|e| crate::msg!("render.subset_unreadable", error = e.to_string()))?;
        let cff = face
            .table(ttf_parser::Tag::from_bytes(b"CFF "))
            .ok_or_else(|| crate::msg!("render.subset_no_cff"))?;
        let mut d = Dictionary::new();
        d.set("Subtype", "CIDFontType0C");
        // Stored as it is: deflate shrinks a CFF subset by a tenth, at the cost of
        // a seventh of a one-page notice's time.
        let mut file = Stream::new(d, cff.to_vec());
        file.allows_compression = false;
        (("FontFile3", file), "CIDFontType0")
    } else {
        let mut d = Dictionary::new();
        d.set("Length1", Object::Integer(subset.len() as i64));
        (("FontFile2", Stream::new(d, subset)), "CIDFontType2")
    };
    let file_id = lo.add_object(font_file.1);
    let desc_id = lo.add_object(descriptor(font, &base_font, scale, (font_file.0, file_id)));

    let mut cid = Dictionary::new();
    cid.set("Type", "Font");
    cid.set("Subtype", cid_subtype);
    cid.set("BaseFont", Object::Name(base_font.clone().into_bytes()));
    let mut info = Dictionary::new();
    info.set(
        "Registry",
        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
    );
    info.set(
        "Ordering",
        Object::String(b"Identity".to_vec(), StringFormat::Literal),
    );
    info.set("Supplement", Object::Integer(0));
    cid.set("CIDSystemInfo", Object::Dictionary(info));
    cid.set("FontDescriptor", Object::Reference(desc_id));
    cid.set("DW", Object::Integer(1000));
    cid.set("W", Object::Array(widths(font, used, new_gid, scale)));
    if cid_subtype == "CIDFontType2" {
        cid.set("CIDToGIDMap", "Identity");
    }
    let cid_id = lo.add_object(cid);

    let to_unicode_id = lo.add_object(Stream::new(
        Dictionary::new(),
        to_unicode(used, new_gid).into_bytes(),
    ));
    let mut type0 = Dictionary::new();
    type0.set("Type", "Font");
    type0.set("Subtype", "Type0");
    type0.set("BaseFont", Object::Name(base_font.into_bytes()));
    type0.set("Encoding", "Identity-H");
    type0.set("DescendantFonts", Object::Array(vec![Object::Reference(cid_id)]));
    type0.set("ToUnicode", Object::Reference(to_unicode_id));
    Ok(lo.add_object(type0))
}

/// The font descriptor, metrics scaled to 1000 units per em, pointing at the font file.
fn descriptor(font: &Font, base_font: &str, scale: f32, (file_key, file_id): (&str, ObjectId)) -> Dictionary {
    let mut desc = Dictionary::new();
    desc.set("Type", "FontDescriptor");
    desc.set("FontName", Object::Name(base_font.as_bytes().to_vec()));
    desc.set("Flags", Object::Integer(4));
    desc.set(
        "FontBBox",
        Object::Array(
            font.bbox
                .iter()
                .map(|v| Object::Integer((v * scale).round() as i64))
                .collect(),
        ),
    );
    desc.set("ItalicAngle", Object::Integer(0));
    desc.set("Ascent", Object::Integer((font.ascender * scale).round() as i64));
    desc.set(
        "Descent",
        Object::Integer((font.descender * scale).round() as i64),
    );
    desc.set(
        "CapHeight",
        Object::Integer((font.cap_height * scale).round() as i64),
    );
    desc.set("StemV", Object::Integer(80));
    desc.set(file_key, Object::Reference(file_id));
    desc
}

/// The /W array: `[first [w w w …] …]` over runs of consecutive new glyph ids.
fn widths(font: &Font, used: &BTreeMap<u16, char>, new_gid: &impl Fn(u16) -> u16, scale: f32) -> Vec<Object> {
    let mut widths: Vec<(u16, i64)> = used
        .keys()
        .map(|g| (new_gid(*g), (font.glyph_advance(*g) * scale).round() as i64))
        .collect();
    widths.sort();
    let mut w_array = Vec::new();
    let mut i = 0;
    while i < widths.len() {
        let start = widths[i].0;
        let mut run = vec![Object::Integer(widths[i].1)];
        while i + 1 < widths.len() && widths[i + 1].0 == widths[i].0 + 1 {
            i += 1;
            run.push(Object::Integer(widths[i].1));
        }
        w_array.push(Object::Integer(i64::from(start)));
        w_array.push(Object::Array(run));
        i += 1;
    }
    w_array
}

/// The content stream drawing `runs` (glyph ids as 2-byte hex strings).
fn content_stream(font: &Font, runs: &[TextRun], new_gid: &impl Fn(u16) -> u16) -> Vec<u8> {
    let mut s = String::with_capacity(runs.len() * 64);
    for r in runs {
        let (cr, cg, cb) = r.color;
        s.push_str("q BT ");
        let _ = write!(s, "{} {} {} rg ", num(cr), num(cg), num(cb));
        if r.bold {
            let _ = write!(
                s,
                "{} {} {} RG {} w 2 Tr ",
                num(cr),
                num(cg),
                num(cb),
                num(r.size * 0.035)
            );
        }
        let _ = write!(
            s,
            "/{FONT_RES} {} Tf 1 0 0 1 {} {} Tm <",
            num(r.size),
            num(r.x),
            num(r.y)
        );
        for c in r.text.chars() {
            let _ = write!(s, "{:04X}", new_gid(font.gid(c)));
        }
        s.push_str("> Tj ET Q\n");
    }
    s.into_bytes()
}

/// The /ToUnicode CMap: new glyph id → the character it was used for.
fn to_unicode(used: &BTreeMap<u16, char>, new_gid: &impl Fn(u16) -> u16) -> String {
    let mut pairs: Vec<(u16, char)> = used
        .iter()
        .filter(|(g, _)| **g != 0)
        .map(|(g, c)| (new_gid(*g), *c))
        .collect();
    pairs.sort();
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n", // not a message
    );
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for (g, c) in chunk {
            let mut buf = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut buf)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(s, "<{g:04X}> <{hex}>");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"); // not a message
    s
}

/// Append a content stream to a page and register the font in its resources.
fn add_to_page(
    lo: &mut lopdf::Document,
    page_id: ObjectId,
    stream_id: ObjectId,
    font_id: ObjectId,
) -> anyhow::Result<()> {
    let page = lo
        .get_dictionary(page_id)
        .map_err(|e| anyhow::Error::from(crate::msg!("render.pdf_page", error = e.to_string())))?
        .clone();
    let contents = match page.get(b"Contents") {
        Ok(Object::Array(a)) => {
            let mut a = a.clone();
            a.push(Object::Reference(stream_id));
            a
        }
        Ok(other) => vec![other.clone(), Object::Reference(stream_id)],
        Err(_) => vec![Object::Reference(stream_id)],
    };
    // resources: inline or referenced; give the page its own copy with the font added
    let mut res = match page.get(b"Resources") {
        Ok(Object::Reference(id)) => lo.get_dictionary(*id).cloned().unwrap_or_default(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut fonts = match res.get(b"Font") {
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(Object::Reference(id)) => lo.get_dictionary(*id).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    };
    fonts.set(FONT_RES, Object::Reference(font_id));
    res.set("Font", Object::Dictionary(fonts));
    let page = lo
        .get_dictionary_mut(page_id)
        .map_err(|e| anyhow::Error::from(crate::msg!("render.pdf_page", error = e.to_string())))?;
    page.set("Contents", Object::Array(contents));
    page.set("Resources", Object::Dictionary(res));
    Ok(())
}
