//! The PDF font, parsed once per run: glyph advances (ttf-parser) for our line
//! breaking, and printpdf's parsed face for embedding and subsetting.

use std::collections::BTreeMap;

use anyhow::Context as _;

/// The bundled Noto Sans SC (SIL OFL, see fonts/OFL.txt).
pub const BUNDLED_FONT: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.otf");

/// A font ready for layout and embedding.
pub struct Font {
    /// printpdf's parsed face (cloned into each PDF, which subsets it).
    pub parsed: printpdf::ParsedFont,
    /// Advance widths of the Basic Multilingual Plane, in font units (0: no glyph).
    bmp: Vec<u16>,
    /// Advances of characters beyond the BMP.
    astral: BTreeMap<u32, u16>,
    /// Advance of the .notdef glyph.
    notdef: u16,
    /// Units per em.
    pub units_per_em: f32,
    /// Ascender in font units (positive).
    pub ascender: f32,
    /// Descender in font units (negative).
    pub descender: f32,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("units_per_em", &self.units_per_em)
            .finish_non_exhaustive()
    }
}

impl Font {
    /// Parse a font file's bytes (face 0; `.otf`/`.ttf`).
    pub fn from_bytes(bytes: &[u8], what: &str) -> anyhow::Result<Font> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| anyhow::anyhow!("{what}: not a usable OpenType/TrueType font ({e})"))?;
        let mut bmp = vec![0u16; 0x10000];
        let mut astral = BTreeMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if let Some(gid) = sub.glyph_index(cp) {
                        let adv = face.glyph_hor_advance(gid).unwrap_or(0).max(1);
                        if cp < 0x10000 {
                            if bmp[cp as usize] == 0 {
                                bmp[cp as usize] = adv;
                            }
                        } else {
                            astral.entry(cp).or_insert(adv);
                        }
                    }
                });
            }
        }
        if bmp['中' as usize] == 0 || bmp['0' as usize] == 0 {
            anyhow::bail!("{what}: the font has no glyphs for Chinese text or digits; use a CJK font such as Noto Sans SC");
        }
        let notdef = face.glyph_hor_advance(ttf_parser::GlyphId(0)).unwrap_or(1000);
        let units_per_em = f32::from(face.units_per_em());
        let ascender = f32::from(face.ascender());
        let descender = f32::from(face.descender());
        let mut warnings = Vec::new();
        let parsed = printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .with_context(|| format!("{what}: printpdf cannot read the font"))?;
        Ok(Font {
            parsed,
            bmp,
            astral,
            notdef,
            units_per_em,
            ascender,
            descender,
        })
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < 0x10000 {
            self.bmp[cp as usize] != 0
        } else {
            self.astral.contains_key(&cp)
        }
    }

    /// Advance of `c` in font units.
    pub fn advance(&self, c: char) -> f32 {
        let cp = c as u32;
        let a = if cp < 0x10000 {
            self.bmp[cp as usize]
        } else {
            self.astral.get(&cp).copied().unwrap_or(0)
        };
        f32::from(if a == 0 { self.notdef } else { a })
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / self.units_per_em
    }
}
