//! The PDF font, parsed once per run: character → glyph and advance tables
//! (ttf-parser) for our line breaking, and the font file for subsetting.

use std::collections::BTreeMap;
use std::sync::Arc;

/// The bundled Noto Sans SC (SIL OFL, see fonts/OFL.txt).
pub const BUNDLED_FONT: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.otf");

/// A font ready for layout and embedding.
pub struct Font {
    /// The font file (shared, never copied per document).
    pub bytes: Arc<[u8]>,
    /// Glyph ids of the Basic Multilingual Plane (0: no glyph).
    bmp_gid: Vec<u16>,
    /// Glyph ids beyond the BMP.
    astral_gid: BTreeMap<u32, u16>,
    /// Advance widths by glyph id, in font units.
    advances: Vec<u16>,
    /// Units per em.
    pub units_per_em: f32,
    /// Ascender in font units (positive).
    pub ascender: f32,
    /// Descender in font units (negative).
    pub descender: f32,
    /// Cap height in font units.
    pub cap_height: f32,
    /// Font bounding box (x min, y min, x max, y max) in font units.
    pub bbox: [f32; 4],
    /// PostScript name (for /BaseFont), letters and digits only.
    pub postscript_name: String,
    /// Whether the outlines are CFF (else TrueType `glyf`).
    pub is_cff: bool,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("name", &self.postscript_name)
            .finish_non_exhaustive()
    }
}

impl Font {
    /// Parse a font file's bytes (face 0; `.otf`/`.ttf` with CFF or TrueType outlines).
    pub fn from_bytes(bytes: &[u8], what: &str) -> anyhow::Result<Font> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| crate::msg!("render.font_unusable", what = what, error = e.to_string()))?;
        let mut bmp_gid = vec![0u16; 0x10000];
        let mut astral_gid = BTreeMap::new();
        if let Some(cmap) = face.tables().cmap {
            for sub in cmap.subtables {
                if !sub.is_unicode() {
                    continue;
                }
                sub.codepoints(|cp| {
                    if let Some(gid) = sub.glyph_index(cp) {
                        if cp < 0x10000 {
                            if bmp_gid[cp as usize] == 0 {
                                bmp_gid[cp as usize] = gid.0;
                            }
                        } else {
                            astral_gid.entry(cp).or_insert(gid.0);
                        }
                    }
                });
            }
        }
        if bmp_gid['中' as usize] == 0 || bmp_gid['0' as usize] == 0 || bmp_gid['¥' as usize] == 0 {
            return Err(crate::msg!("render.font_not_cjk", what = what).into());
        }
        let advances = (0..face.number_of_glyphs())
            .map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0))
            .collect();
        let b = face.global_bounding_box();
        let postscript_name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "Font".into())
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        Ok(Font {
            bytes: Arc::from(bytes),
            bmp_gid,
            astral_gid,
            advances,
            units_per_em: f32::from(face.units_per_em()),
            ascender: f32::from(face.ascender()),
            descender: f32::from(face.descender()),
            cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())),
            bbox: [
                f32::from(b.x_min),
                f32::from(b.y_min),
                f32::from(b.x_max),
                f32::from(b.y_max),
            ],
            postscript_name,
            is_cff: face.tables().cff.is_some(),
        })
    }

    /// Glyph id of `c` (0, the .notdef box, when the font lacks it).
    pub fn gid(&self, c: char) -> u16 {
        let cp = c as u32;
        if cp < 0x10000 {
            self.bmp_gid[cp as usize]
        } else {
            self.astral_gid.get(&cp).copied().unwrap_or(0)
        }
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.gid(c) != 0
    }

    /// Advance of glyph `gid` in font units.
    pub fn glyph_advance(&self, gid: u16) -> f32 {
        f32::from(self.advances.get(gid as usize).copied().unwrap_or(0))
    }

    /// Advance of `c` in font units.
    pub fn advance(&self, c: char) -> f32 {
        self.glyph_advance(self.gid(c))
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / self.units_per_em
    }
}
