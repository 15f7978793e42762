//! Line breaking: UAX #14 opportunities (unicode-linebreak), glyph advances from
//! the font, and the Chinese rule that closing punctuation never starts a line.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::font::Font;
use super::model::CUT_MARK;

/// Closing punctuation that must not begin a line (避头点).
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '】'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '·'
            | '%'
            | '％'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '〕'
            | '〗'
            | '～'
            | 'ー'
            | '々'
            | '〃'
    )
}

/// Opening punctuation that must not end a line.
fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '【' | '「' | '『' | '《' | '〈' | '“' | '‘' | '(' | '[' | '〔' | '〖'
    )
}

/// Break `text` into lines no wider than `width` points at `size`; returns byte ranges.
/// Trailing spaces are left out of each range; `\n` forces a break.
pub fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut para_start = 0;
    for (i, ch) in text.char_indices().chain(std::iter::once((text.len(), '\n'))) {
        if ch == '\n' {
            wrap_paragraph(font, text, para_start, i, size, width, &mut lines);
            para_start = i + 1;
        }
    }
    lines
}

fn wrap_paragraph(
    font: &Font,
    text: &str,
    start: usize,
    end: usize,
    size: f32,
    width: f32,
    lines: &mut Vec<(usize, usize)>,
) {
    let para = &text[start..end];
    if para.trim().is_empty() {
        lines.push((start, start));
        return;
    }
    // Allowed break positions (byte offsets into para), filtered by our punctuation rules.
    let mut breaks: Vec<usize> = linebreaks(para)
        .filter(|(i, op)| {
            *i < para.len() && matches!(op, BreakOpportunity::Allowed | BreakOpportunity::Mandatory)
        })
        .map(|(i, _)| i)
        .filter(|i| {
            let next = para[*i..].chars().next();
            let prev = para[..*i].chars().next_back();
            !next.is_some_and(no_line_start) && !prev.is_some_and(no_line_end)
        })
        .collect();
    breaks.push(para.len());
    let scale = size / font.units_per_em;
    let w = |s: &str| s.chars().map(|c| font.advance(c)).sum::<f32>() * scale;
    // Pieces: the segments between opportunities; a segment wider than the line is cut
    // between characters, keeping closing punctuation with the character before it.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut prev = 0usize;
    for b in breaks {
        if b <= prev {
            continue;
        }
        let seg = &para[prev..b];
        if w(seg.trim_end()) > width {
            let mut piece_start = prev;
            for (i, c) in seg.char_indices().skip(1) {
                if !no_line_start(c) {
                    pieces.push((piece_start, prev + i));
                    piece_start = prev + i;
                }
            }
            pieces.push((piece_start, b));
        } else {
            pieces.push((prev, b));
        }
        prev = b;
    }
    let mut line_start = 0usize;
    let mut line_end = 0usize;
    let mut line_w = 0.0f32;
    for (a, b) in pieces {
        let piece = &para[a..b];
        let candidate = line_w + w(piece.trim_end());
        if candidate > width + 0.01 && line_end > line_start {
            lines.push((
                start + line_start,
                start + trim_end_at(para, line_start, line_end),
            ));
            line_start = a;
            line_w = 0.0;
        }
        line_w += w(piece);
        line_end = b;
    }
    if line_end > line_start {
        lines.push((
            start + line_start,
            start + trim_end_at(para, line_start, line_end),
        ));
    }
}

/// `text` on one line no wider than `width` points at `size`: as it is when it
/// fits, else cut and ended with "…" (the mark counted in the width). Line breaks
/// become spaces. For text that has one line to itself: running headers and
/// footers, captions, signers' names, chart titles and labels.
pub fn fit_line<'t>(font: &Font, text: &'t str, size: f32, width: f32) -> std::borrow::Cow<'t, str> {
    let scale = size / font.units_per_em;
    let w = |c: char| font.advance(c) * scale;
    let one_line = |s: &'t str| -> std::borrow::Cow<'t, str> {
        if s.contains(['\n', '\r']) {
            std::borrow::Cow::Owned(s.replace(['\n', '\r'], " "))
        } else {
            std::borrow::Cow::Borrowed(s)
        }
    };
    let total: f32 = text.chars().map(w).sum();
    if total <= width {
        return one_line(text);
    }
    let room = width - w(CUT_MARK);
    let mut used = 0.0f32;
    let mut end = 0usize;
    for (i, c) in text.char_indices() {
        if used + w(c) > room {
            break;
        }
        used += w(c);
        end = i + c.len_utf8();
    }
    let mut cut = one_line(&text[..end]).into_owned();
    cut.truncate(cut.trim_end().len());
    cut.push(CUT_MARK);
    std::borrow::Cow::Owned(cut)
}

/// End offset of `para[from..to]` without trailing whitespace.
fn trim_end_at(para: &str, from: usize, to: usize) -> usize {
    from + para[from..to].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::font::{Font, BUNDLED_FONT};
    use std::sync::OnceLock;

    fn font() -> &'static Font {
        static F: OnceLock<Font> = OnceLock::new();
        F.get_or_init(|| Font::from_bytes(BUNDLED_FONT, "bundled").expect("font"))
    }

    fn lines(text: &str, chars: f32) -> Vec<String> {
        // Noto Sans SC: CJK ideographs advance 1000/1000 em, so width = chars × size.
        let size = 10.0;
        wrap(font(), text, size, chars * size)
            .into_iter()
            .map(|(a, b)| text[a..b].to_string())
            .collect()
    }

    #[test]
    fn cjk_wraps_at_width_and_keeps_punctuation_off_line_starts() {
        // 5 ideographs per line; the comma after 五 must not start line 2, so 五 moves down.
        let l = lines("一二三四五，六七八九十。", 5.0);
        assert_eq!(l, vec!["一二三四", "五，六七八", "九十。"]);
        for line in &l {
            let first = line.chars().next().expect("non-empty");
            assert!(!no_line_start(first), "{line}");
        }
    }

    #[test]
    fn a_line_too_wide_is_cut_with_a_mark_that_fits() {
        let size = 10.0;
        assert_eq!(fit_line(font(), "王丽娟", size, 40.0), "王丽娟");
        let long = "长".repeat(200);
        let cut = fit_line(font(), &long, size, 50.0);
        assert_eq!(cut, "长长长长…");
        assert!(font().width(&cut, size) <= 50.0);
        assert_eq!(fit_line(font(), "a\nb", size, 100.0), "a b");
    }

    #[test]
    fn latin_breaks_at_spaces_and_newlines() {
        let l = lines("aaaa bbbb\ncc", 100.0);
        assert_eq!(l, vec!["aaaa bbbb", "cc"]);
        let l = lines("一二三四五六七八九十", 4.0);
        assert_eq!(l, vec!["一二三四", "五六七八", "九十"]);
    }
}
