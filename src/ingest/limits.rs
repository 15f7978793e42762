//! The limits every reader keeps, so that a damaged or hostile file is refused
//! with a message naming the file and the limit, or read in bounded memory,
//! instead of exhausting the machine (README: Reliability › Limits).
//!
//! Excel's own limits are constants: no export can go beyond them. The sizes
//! are settings in `[check]` (`max_input_mib`, `max_shared_strings_mib`), so a
//! real export larger than the defaults can still be read by raising them.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::header::one_line;
use crate::config::CheckSettings;
use crate::i18n::Text;

/// Excel's last row: a sheet (or a delimited text) with more rows is refused.
pub const MAX_ROWS: u32 = 1_048_576;

/// Excel's last column (XFD): a row with more columns is refused.
pub const MAX_COLUMNS: u32 = 16_384;

/// The most characters a cell holds in Excel.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The longest run of an XML part without markup, or the longest tag, in bytes.
/// A cell's text is at most 32,767 characters (10 bytes each at worst, written
/// as character references), so 1 MiB is never reached by a real export; the
/// XML parser holds one such run in memory at a time, so no more than this is
/// ever buffered (a part of nothing but blanks is refused here).
pub const MAX_XML_RUN: u64 = 1 << 20;

/// Problems kept per input file; the rest are counted in one more problem.
pub const MAX_PROBLEMS_PER_INPUT: usize = 1_000;

/// Characters of a value quoted in a message; the rest is cut (with its length given).
pub const QUOTE_CHARS: usize = 200;

const MIB: u64 = 1 << 20;

/// The size limits in effect for one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes one input file may hold once decompressed.
    pub input_bytes: u64,
    /// The most bytes an xlsx/xlsb shared-string table may hold once decompressed.
    pub shared_strings_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from_settings(&CheckSettings::default())
    }
}

impl Limits {
    /// The limits `[check]` sets.
    pub fn from_settings(check: &CheckSettings) -> Limits {
        Limits {
            input_bytes: check.max_input_mib.saturating_mul(MIB),
            shared_strings_bytes: check.max_shared_strings_mib.saturating_mul(MIB),
        }
    }

    /// The refusal of a file larger than `check.max_input_mib`.
    pub fn file_too_large(&self, bytes: u64) -> Text {
        crate::msg!(
            "limits.file_too_large",
            size = bytes.div_ceil(MIB),
            limit = self.input_bytes / MIB
        )
    }

    /// Refuse a file read whole (CSV, attlog, xls) that is larger than the limit.
    pub fn check_file_size(&self, path: &Path) -> Result<(), Text> {
        let size = std::fs::metadata(path).map_err(|e| cannot_read(&e))?.len();
        if size > self.input_bytes {
            return Err(self.file_too_large(size));
        }
        Ok(())
    }
}

/// What one part of a package is, for the limits it is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// An XML part a reader parses (sheets, shared strings, styles, workbook, relationships).
    Xml { shared_strings: bool },
    /// A binary part of an xlsb workbook.
    Binary { shared_strings: bool },
    /// Pictures, printer settings, thumbnails: never read.
    Skipped,
}

fn part_of(name: &str) -> Part {
    let lower = name.to_ascii_lowercase();
    let shared_strings = lower.ends_with("sharedstrings.xml") || lower.ends_with("sharedstrings.bin");
    if lower.ends_with(".xml") || lower.ends_with(".rels") {
        Part::Xml { shared_strings }
    } else if lower.ends_with(".bin") {
        Part::Binary { shared_strings }
    } else {
        Part::Skipped
    }
}

/// Check a zip package (xlsx, xlsm, xlsb, ods) before it is parsed: every part a
/// reader parses is decompressed once, in a small buffer, and counted. Refused:
/// parts holding more than `check.max_input_mib` together, a shared-string table
/// over `check.max_shared_strings_mib`, and an XML part with a run of more than
/// 1 MiB without markup (such as a part of blanks), which the XML parser would
/// hold in memory whole. The parts' sizes written in the archive are not trusted.
pub fn scan_package(path: &Path, limits: &Limits) -> Result<(), Text> {
    let file = File::open(path).map_err(|e| cannot_read(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file))
        .map_err(|e| crate::msg!("limits.not_zip", error = one_line(&e.to_string())))?;
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| crate::msg!("limits.part_damaged", part = i, error = one_line(&e.to_string())))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("#{i}"));
        let part = part_of(&name);
        let (xml, shared_strings) = match part {
            Part::Xml { shared_strings } => (true, shared_strings),
            Part::Binary { shared_strings } => (false, shared_strings),
            Part::Skipped => continue,
        };
        // Shown in messages: a part's name is the file's data, escaped like any value.
        let shown = one_line(&name);
        let mut scan = PartScan::new(&shown, xml, shared_strings);
        loop {
            let n = entry.read(&mut buf).map_err(|e| {
                crate::msg!(
                    "limits.part_unreadable",
                    part = &shown,
                    error = one_line(&e.to_string())
                )
            })?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limits.input_bytes {
                return Err(crate::msg!(
                    "limits.inflates",
                    limit = limits.input_bytes / MIB,
                    size = file_size(path)
                ));
            }
            scan.feed(&buf[..n], limits)?;
        }
    }
    Ok(())
}

fn file_size(path: &Path) -> String {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// The running checks of one part.
struct PartScan<'n> {
    name: &'n str,
    xml: bool,
    shared_strings: bool,
    bytes: u64,
    run: u64,
    blank_run: bool,
}

impl<'n> PartScan<'n> {
    fn new(name: &'n str, xml: bool, shared_strings: bool) -> PartScan<'n> {
        PartScan {
            name,
            xml,
            shared_strings,
            bytes: 0,
            run: 0,
            blank_run: true,
        }
    }

    fn feed(&mut self, chunk: &[u8], limits: &Limits) -> Result<(), Text> {
        let start = self.bytes;
        self.bytes += chunk.len() as u64;
        if self.shared_strings && self.bytes > limits.shared_strings_bytes {
            return Err(crate::msg!(
                "limits.shared_strings",
                part = self.name,
                limit = limits.shared_strings_bytes / MIB
            ));
        }
        if !self.xml {
            return Ok(());
        }
        for (i, b) in chunk.iter().enumerate() {
            match b {
                b'<' | b'>' => {
                    self.run = 0;
                    self.blank_run = true;
                }
                _ => {
                    self.run += 1;
                    self.blank_run &= b.is_ascii_whitespace();
                    if self.run > MAX_XML_RUN {
                        return Err(self.long_run(start + i as u64));
                    }
                }
            }
        }
        Ok(())
    }

    fn long_run(&self, at: u64) -> Text {
        let what = if self.blank_run {
            crate::msg!("limits.blanks")
        } else {
            crate::msg!("limits.plain_text")
        };
        crate::msg!(
            "limits.long_run",
            part = self.name,
            what = what,
            at = at.saturating_sub(MAX_XML_RUN)
        )
    }
}

/// The refusal of a file that could not be read at all (the system's words).
pub fn cannot_read(e: &dyn std::fmt::Display) -> Text {
    crate::msg!("limits.cannot_read", error = e.to_string())
}

/// A value cut to [`QUOTE_CHARS`] characters for a message, with the length of
/// the whole when it was cut: `aaaa…(5,000 characters)`.
pub fn cut(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(QUOTE_CHARS) {
        None => std::borrow::Cow::Borrowed(s),
        Some((end, _)) => {
            std::borrow::Cow::Owned(format!("{}…({} characters)", &s[..end], group(s.chars().count())))
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_their_length() {
        assert_eq!(cut("短"), "短");
        let long = "字".repeat(5_000);
        let c = cut(&long);
        assert!(c.starts_with(&"字".repeat(QUOTE_CHARS)), "{c}");
        assert!(c.ends_with("…(5,000 characters)"), "{c}");
        assert_eq!(
            c.chars().count(),
            QUOTE_CHARS + "…(5,000 characters)".chars().count()
        );
        assert_eq!(group(1_048_576), "1,048,576");
        assert_eq!(group(7), "7");
    }

    #[test]
    fn a_run_of_blanks_in_an_xml_part_is_refused() {
        let limits = Limits::default();
        let mut scan = PartScan::new("xl/worksheets/sheet1.xml", true, false);
        assert!(scan.feed(b"<row><c r=\"A1\"><v>1</v></c></row>", &limits).is_ok());
        let blanks = vec![b' '; (MAX_XML_RUN + 1) as usize];
        let err = scan.feed(&blanks, &limits).expect_err("refused");
        assert!(err.contains("more than 1 MiB of blanks"), "{err}");
        let mut scan = PartScan::new("xl/worksheets/sheet1.xml", true, false);
        let text = vec![b'x'; (MAX_XML_RUN + 1) as usize];
        let err = scan.feed(&text, &limits).expect_err("refused");
        assert!(err.contains("text without markup"), "{err}");
    }

    #[test]
    fn parts_are_told_apart_by_name() {
        assert_eq!(
            part_of("xl/sharedStrings.xml"),
            Part::Xml { shared_strings: true }
        );
        assert_eq!(
            part_of("xl/worksheets/sheet1.xml"),
            Part::Xml {
                shared_strings: false
            }
        );
        assert_eq!(
            part_of("xl/_rels/workbook.xml.rels"),
            Part::Xml {
                shared_strings: false
            }
        );
        assert_eq!(
            part_of("xl/sharedStrings.bin"),
            Part::Binary { shared_strings: true }
        );
        assert_eq!(part_of("xl/media/image1.png"), Part::Skipped);
    }
}
