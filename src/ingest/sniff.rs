//! What a file really is, from its first bytes, whatever its name says: many
//! systems export a web page (an HTML table) or an Excel 2003 XML spreadsheet
//! as `.xls`, or a CSV as `.xlsx`. A file whose content does not match its
//! extension is refused with what it is and what to do.

use crate::i18n::Text;

/// What the first bytes of a file show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// A zip package holding an .xlsx/.xlsm/.xlsb workbook.
    Xlsx,
    /// A zip package holding an OpenDocument spreadsheet.
    Ods,
    /// Another zip archive.
    Zip,
    /// An OLE compound file (.xls, or an encrypted workbook).
    Ole,
    /// A web page: an HTML table saved with a spreadsheet's extension.
    Html,
    /// Excel 2003 XML (SpreadsheetML).
    SpreadsheetXml,
    /// Text in UTF-16 (Excel's "Unicode text").
    Utf16Text,
    /// A PDF document.
    Pdf,
    /// Text with a field separator on its first line (CSV, TSV).
    Delimited,
    /// Other text.
    Text,
    /// Anything else.
    Binary,
}

impl Content {
    /// What the content is, in words.
    pub fn describe(self) -> Text {
        match self {
            Content::Xlsx => crate::msg!("sniff.xlsx"),
            Content::Ods => crate::msg!("sniff.ods"),
            Content::Zip => crate::msg!("sniff.zip"),
            Content::Ole => crate::msg!("sniff.ole"),
            Content::Html => crate::msg!("sniff.html"),
            Content::SpreadsheetXml => crate::msg!("sniff.spreadsheet_xml"),
            Content::Utf16Text => crate::msg!("sniff.utf16"),
            Content::Pdf => crate::msg!("sniff.pdf"),
            Content::Delimited => crate::msg!("sniff.delimited"),
            Content::Text => crate::msg!("sniff.text"),
            Content::Binary => crate::msg!("sniff.binary"),
        }
    }
}

/// What a file starting with `head` (its first few KiB) is.
pub fn sniff(head: &[u8]) -> Content {
    if head.starts_with(b"PK\x03\x04") {
        return zip_kind(head);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Ole;
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Content::Utf16Text;
    }
    if head.starts_with(b"%PDF") {
        return Content::Pdf;
    }
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if text.contains(&0) {
        return Content::Binary;
    }
    let lower: Vec<u8> = text.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"urn:schemas-microsoft-com:office:spreadsheet") {
        return Content::SpreadsheetXml;
    }
    let starts_markup = lower.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    let doctype = has(b"<!doctype html"); // not a message
    if starts_markup && (has(b"<html") || has(b"<table") || doctype) || has(b"mime-version:") {
        return Content::Html;
    }
    let decoded = match std::str::from_utf8(text) {
        Ok(s) => Some(s.to_string()),
        // The head may end inside a character.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&text[..e.valid_up_to()])
            .ok()
            .map(str::to_string),
        Err(_) => {
            let (s, _, bad) = encoding_rs::GB18030.decode(text);
            (!bad).then(|| s.into_owned())
        }
    };
    match decoded {
        Some(s) if s.chars().all(|c| !c.is_control() || c.is_whitespace()) => {
            let first = s.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
            if first.contains([',', '\t', ';']) {
                Content::Delimited
            } else {
                Content::Text
            }
        }
        _ => Content::Binary,
    }
}

/// Which kind of zip package: the names of its first entries tell.
fn zip_kind(head: &[u8]) -> Content {
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
        Content::Ods
    } else if has(b"[Content_Types].xml") || has(b"xl/") || has(b"_rels/") {
        Content::Xlsx
    } else {
        Content::Zip
    }
}

/// The refusal of a file named `.ext` whose content is something else, with
/// what to do; `None` when the content is what the extension says.
pub fn mismatch(ext: &str, content: Content) -> Option<Text> {
    let is = content.describe();
    let todo = match (ext, content) {
        ("xlsx" | "xlsm" | "xlsb", Content::Xlsx) | ("ods", Content::Ods) | ("xls", Content::Ole) => {
            return None
        }
        // A package whose first parts do not say: the reader decides.
        ("xlsx" | "xlsm" | "xlsb" | "ods", Content::Zip) => return None,
        // Text is what these extensions hold.
        ("csv" | "tsv" | "txt", Content::Delimited | Content::Text | Content::Binary) => return None,
        // An encrypted workbook is an OLE file whatever its extension: told apart later.
        ("xlsx" | "xlsm" | "xlsb" | "ods", Content::Ole) => {
            return Some(crate::msg!("sniff.ole_named", ext = ext));
        }
        (_, Content::Xlsx) => crate::msg!("sniff.rename_xlsx"),
        (_, Content::Ods) => crate::msg!("sniff.rename_ods"),
        (_, Content::Delimited) => crate::msg!("sniff.rename_csv"),
        (_, Content::Html | Content::SpreadsheetXml) => crate::msg!("sniff.save_html"),
        (_, Content::Utf16Text) => crate::msg!("sniff.save_utf16"),
        _ => crate::msg!("sniff.export_again"),
    };
    Some(if matches!(ext, "csv" | "tsv" | "txt") {
        crate::msg!("sniff.not_a", ext = ext, is = is, todo = todo)
    } else {
        crate::msg!("sniff.not_an", ext = ext, is = is, todo = todo)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"PK\x03\x04....[Content_Types].xml"), Content::Xlsx);
        assert_eq!(
            sniff(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            Content::Ods
        );
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Content::Ole
        );
        assert_eq!(
            sniff(b"\r\n<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table>"),
            Content::Html
        );
        assert_eq!(
            sniff(b"<table border=1><tr><td>\xe5\xb7\xa5\xe5\x8f\xb7</td>"),
            Content::Html
        );
        assert_eq!(
            sniff(b"MIME-Version: 1.0\r\nContent-Type: multipart/related"),
            Content::Html
        );
        assert_eq!(
            sniff(
                b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"
            ),
            Content::SpreadsheetXml
        );
        assert_eq!(sniff(&[0xFF, 0xFE, b'a', 0]), Content::Utf16Text);
        assert_eq!(sniff("工号,姓名\nK001,张三\n".as_bytes()), Content::Delimited);
        // 工号\t姓名 in GBK.
        assert_eq!(
            sniff(&[0xB9, 0xA4, 0xBA, 0xC5, b'\t', b'x', b'\n']),
            Content::Delimited
        );
        assert_eq!(sniff(b"%PDF-1.7"), Content::Pdf);
        assert_eq!(sniff(&[1, 2, 3, 0, 0xFF]), Content::Binary);
    }

    #[test]
    fn a_mismatch_says_what_the_file_is_and_what_to_do() {
        assert_eq!(mismatch("xls", Content::Ole), None);
        assert_eq!(mismatch("xlsx", Content::Xlsx), None);
        assert_eq!(
            mismatch("xls", Content::Html).map(|t| t.en()).as_deref(),
            Some("not an .xls file: it is a web page (an HTML table), as many systems export under a spreadsheet's name; open it in Excel or WPS and save it as .xlsx (文件 › 另存为 › Excel 工作簿), or export it from the system as .xlsx or CSV")
        );
        assert_eq!(
            mismatch("xls", Content::Xlsx).map(|t| t.en()).as_deref(),
            Some("not an .xls file: it is an .xlsx workbook (a zip package); rename it to .xlsx")
        );
        assert_eq!(
            mismatch("xlsx", Content::Delimited).map(|t| t.en()).as_deref(),
            Some("not an .xlsx file: it is delimited text (CSV); rename it to .csv (zhidu reads comma-, tab- and semicolon-separated text)")
        );
    }
}
