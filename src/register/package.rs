//! The register's package: the .xlsx zip, its parts found through the package's
//! relationships, and the package written again with some parts replaced and
//! every other part copied as it is (the same compressed bytes, in the same order).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use anyhow::Context;

use super::xml::{self, TagKind, Tags};
use crate::error::UserError;

/// Largest part read into memory, decompressed (a register's sheet is far smaller).
pub(super) const MAX_PART_BYTES: u64 = 64 << 20;
/// Largest total of the XML parts, decompressed.
const MAX_XML_BYTES: u64 = 256 << 20;

/// A worksheet of the workbook.
#[derive(Debug, Clone)]
pub(super) struct SheetPart {
    /// The sheet's name, as the workbook lists it.
    pub name: String,
    /// Its part, e.g. `xl/worksheets/sheet1.xml`.
    pub part: String,
}

/// The register workbook's package.
pub(super) struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Names of the entries, in order.
    names: Vec<String>,
    /// The workbook part, e.g. `xl/workbook.xml`.
    pub workbook: String,
    /// Whether the workbook counts dates from 1904.
    pub date1904: bool,
    /// The worksheets, in workbook order.
    pub sheets: Vec<SheetPart>,
    /// The styles part, if the workbook has one.
    pub styles: Option<String>,
}

/// A relationship of a part.
#[derive(Debug, Clone)]
pub(super) struct Relationship {
    /// `Id`.
    pub id: String,
    /// `Type`, e.g. `…/relationships/worksheet`.
    pub kind: String,
    /// The part it points to, resolved against the source part's folder.
    pub part: String,
    /// Whether it points outside the package (a hyperlink's address).
    pub external: bool,
}

impl<'a> Package<'a> {
    /// Open the package in `bytes` (`display` names it in messages): check that
    /// its XML parts inflate to a bounded size, and find the workbook, its sheets
    /// and its styles.
    pub fn open(bytes: &'a [u8], display: &str) -> anyhow::Result<Package<'a>> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            UserError::other(crate::msg!(
                "register.not_a_zip",
                file = display,
                error = e.to_string()
            ))
        })?;
        let names = (0..archive.len())
            .map(|i| match archive.name_for_index(i) {
                Some(Ok(name)) => name.into_owned(),
                _ => String::new(),
            })
            .collect();
        let mut p = Package {
            archive,
            names,
            workbook: String::new(),
            date1904: false,
            sheets: Vec::new(),
            styles: None,
        };
        p.check_sizes(display)?;
        let root_rels = p.relationships("")?;
        p.workbook = root_rels
            .iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.part.clone())
            .unwrap_or_else(|| "xl/workbook.xml".into());
        let workbook = p
            .part(&p.workbook.clone())?
            .ok_or_else(|| UserError::other(crate::msg!("register.no_workbook_part", file = display)))?;
        let rels = p.relationships(&p.workbook.clone())?;
        p.styles = rels
            .iter()
            .find(|r| r.kind.ends_with("/styles"))
            .map(|r| r.part.clone());
        for tag in Tags::new(&workbook) {
            let tag = tag
                .with_context(|| crate::msg!("register.package_part", file = display, part = &p.workbook))?;
            let raw = &workbook[tag.span.clone()];
            match (tag.kind, tag.local) {
                (TagKind::Open | TagKind::Empty, b"workbookPr") => {
                    p.date1904 = xml::attr(raw, "date1904", false).is_some_and(|v| v == "1" || v == "true");
                }
                (TagKind::Open | TagKind::Empty, b"sheet") => {
                    let (Some(name), Some(id)) = (xml::attr(raw, "name", false), xml::attr(raw, "id", true))
                    else {
                        continue;
                    };
                    if let Some(rel) = rels.iter().find(|r| r.id == id && r.kind.ends_with("/worksheet")) {
                        p.sheets.push(SheetPart {
                            name,
                            part: rel.part.clone(),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(p)
    }

    /// Refuse a package whose XML parts inflate beyond the limits, reading each at
    /// most to its limit.
    fn check_sizes(&mut self, display: &str) -> anyhow::Result<()> {
        let mut total = 0u64;
        for i in 0..self.archive.len() {
            let name = self.names[i].clone();
            if !(name.ends_with(".xml") || name.ends_with(".rels")) {
                continue;
            }
            let unreadable = |e: &dyn std::fmt::Display| {
                UserError::other(crate::msg!(
                    "register.cannot_read_part",
                    file = display,
                    part = &name,
                    error = e.to_string()
                ))
            };
            let entry = self.archive.by_index(i).map_err(|e| unreadable(&e))?;
            let size = std::io::copy(&mut entry.take(MAX_PART_BYTES + 1), &mut std::io::sink())
                .map_err(|e| unreadable(&e))?;
            total += size;
            if size > MAX_PART_BYTES || total > MAX_XML_BYTES {
                return Err(UserError::other(crate::msg!(
                    "register.part_too_large",
                    file = display,
                    part = &name,
                    mib = if size > MAX_PART_BYTES {
                        MAX_PART_BYTES
                    } else {
                        MAX_XML_BYTES
                    } >> 20
                ))
                .into());
            }
        }
        Ok(())
    }

    fn index_of(&self, part: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n == part)
            .or_else(|| self.names.iter().position(|n| n.eq_ignore_ascii_case(part)))
    }

    /// The entry name a part is stored under (part names compare case-insensitively).
    pub fn entry_name(&self, part: &str) -> Option<&str> {
        self.index_of(part).map(|i| self.names[i].as_str())
    }

    /// A part's bytes, decompressed (at most [`MAX_PART_BYTES`]), if the package has it.
    pub fn part(&mut self, part: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let Some(i) = self.index_of(part) else {
            return Ok(None);
        };
        let entry = self
            .archive
            .by_index(i)
            .with_context(|| crate::msg!("output.cannot_read", path = part))?;
        let mut out = Vec::new();
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut out)
            .with_context(|| crate::msg!("output.cannot_read", path = part))?;
        if out.len() as u64 > MAX_PART_BYTES {
            return Err(
                crate::msg!("register.part_inflates", part = part, mib = MAX_PART_BYTES >> 20).into(),
            );
        }
        Ok(Some(out))
    }

    /// The relationships of `part` (`""` for the package's own), from its `.rels` part.
    pub fn relationships(&mut self, part: &str) -> anyhow::Result<Vec<Relationship>> {
        let (folder, file) = match part.rsplit_once('/') {
            Some((f, n)) => (f, n),
            None => ("", part),
        };
        let rels_part = if folder.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{folder}/_rels/{file}.rels")
        };
        let Some(xml_bytes) = self.part(&rels_part)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for tag in Tags::new(&xml_bytes) {
            let tag = tag.with_context(|| rels_part.clone())?;
            let raw = &xml_bytes[tag.span.clone()];
            if tag.kind == TagKind::Close || tag.local != b"Relationship" {
                continue;
            }
            let (Some(id), Some(kind), Some(target)) = (
                xml::attr(raw, "Id", false),
                xml::attr(raw, "Type", false),
                xml::attr(raw, "Target", false),
            ) else {
                continue;
            };
            let external = xml::attr(raw, "TargetMode", false).is_some_and(|m| m == "External");
            let part = if external {
                target
            } else {
                resolve(folder, &target)
            };
            out.push(Relationship {
                id,
                kind,
                part,
                external,
            });
        }
        Ok(out)
    }

    /// The package again, with the parts in `replaced` (by entry name) holding new
    /// bytes, compressed as before; every other entry is copied as it is stored.
    pub fn rewrite(&mut self, replaced: &BTreeMap<String, Vec<u8>>) -> anyhow::Result<Vec<u8>> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let comment = self.archive.comment().to_vec();
        for i in 0..self.archive.len() {
            let name = self.names[i].clone();
            let entry = self
                .archive
                .by_index_raw(i)
                .with_context(|| crate::msg!("output.cannot_read", path = &name))?;
            match replaced.get(&name) {
                None => out
                    .raw_copy_file(entry)
                    .with_context(|| crate::msg!("register.cannot_copy", part = &name))?,
                Some(bytes) => {
                    let method = match entry.compression() {
                        zip::CompressionMethod::Stored => zip::CompressionMethod::Stored,
                        _ => zip::CompressionMethod::Deflated,
                    };
                    let mut options = zip::write::SimpleFileOptions::default().compression_method(method);
                    if let Some(t) = entry.last_modified() {
                        options = options.last_modified_time(t);
                    }
                    drop(entry);
                    out.start_file(name.as_str(), options)
                        .with_context(|| crate::msg!("output.cannot_write", path = &name))?;
                    out.write_all(bytes)
                        .with_context(|| crate::msg!("output.cannot_write", path = &name))?;
                }
            }
        }
        if !comment.is_empty() {
            out.set_raw_comment(comment.into_boxed_slice())
                .context(crate::msg!("register.cannot_write_comment"))?;
        }
        Ok(out
            .finish()
            .context(crate::msg!("register.cannot_finish_package"))?
            .into_inner())
    }
}

/// A relationship's target resolved against the folder of its source part:
/// `worksheets/sheet1.xml` from `xl` → `xl/worksheets/sheet1.xml`, `../tables/t.xml`
/// from `xl/worksheets` → `xl/tables/t.xml`, `/xl/styles.xml` → `xl/styles.xml`.
fn resolve(folder: &str, target: &str) -> String {
    let (base, target) = match target.strip_prefix('/') {
        Some(t) => ("", t),
        None => (folder, target),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_their_source_folder() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(
            resolve("xl/worksheets", "../tables/table1.xml"),
            "xl/tables/table1.xml"
        );
        assert_eq!(resolve("xl", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }
}
