//! The readers' fuzzer, in parts: files built in code (zip packages, compound
//! files, the seeds of every reader), a deterministic mutator driven by a
//! seeded generator, and one execution (a file read as an input kind, watched
//! for panics, time, memory and the shape of its messages).
//!
//! Shared by `examples/fuzz_readers` (the long pass) and the test suite (a short
//! pass, the replay of `tests/fixtures/fuzz/`, and the hostile files of
//! `tests/suite/limits.rs`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zhidu::config::InputSpec;
use zhidu::ingest::header::{fields_of, AliasTable};
use zhidu::ingest::limits::{Limits, MAX_PROBLEMS_PER_INPUT};
use zhidu::ingest::read::{read_file, FileJob, FileOutcome, READER_STOPPED};

/// A small, fast generator (SplitMix64): the same seed gives the same sequence.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// One of the items.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------- packages

/// A zip package of the given parts (a `mimetype` part is stored, the rest deflated).
pub fn zip_package(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        w.start_file(name.as_str(), options).expect("zip part");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// The parts of a zip package, in order; `None` when it is no valid zip.
pub fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        let name = f.name().ok()?.into_owned();
        let mut out = Vec::new();
        f.by_ref().take(8 << 20).read_to_end(&mut out).ok()?;
        parts.push((name, out));
    }
    Some(parts)
}

fn part(name: &str, text: impl Into<Vec<u8>>) -> (String, Vec<u8>) {
    (name.to_string(), text.into())
}

/// An .xlsx package around one sheet's XML (and a shared-string table).
pub fn xlsx_package(sheet_xml: impl Into<Vec<u8>>, shared_strings: Option<Vec<u8>>) -> Vec<u8> {
    xlsx_workbook(vec![("Sheet1".to_string(), sheet_xml.into())], shared_strings)
}

/// An .xlsx package of named sheets (and a shared-string table).
pub fn xlsx_workbook(sheets: Vec<(String, Vec<u8>)>, shared_strings: Option<Vec<u8>>) -> Vec<u8> {
    let n = sheets.len();
    let overrides: String = (1..=n)
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    let listed: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#,
                escape(name),
                i + 1,
                i + 10
            )
        })
        .collect();
    let rels: String = (1..=n)
        .map(|i| format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#, i + 9))
        .collect();
    let mut parts = vec![
        part(
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
            ),
        ),
        part(
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        part(
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#
            ),
        ),
        part(
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        part(
            "xl/styles.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#,
        ),
    ];
    for (i, (_, xml)) in sheets.into_iter().enumerate() {
        parts.push((format!("xl/worksheets/sheet{}.xml", i + 1), xml));
    }
    if let Some(ss) = shared_strings {
        parts.push(part("xl/sharedStrings.xml", ss));
    }
    zip_package(&parts)
}

/// The XML of a sheet whose rows are written as inline strings, numbers (`#12`)
/// or date-time serials (`@46329.5`).
pub fn sheet_xml(rows: &[Vec<&str>]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        s.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, v) in row.iter().enumerate() {
            let at = format!("{}{}", column(c), r + 1);
            if let Some(n) = v.strip_prefix('#') {
                s.push_str(&format!("<c r=\"{at}\"><v>{n}</v></c>"));
            } else if let Some(n) = v.strip_prefix('@') {
                s.push_str(&format!("<c r=\"{at}\" s=\"1\"><v>{n}</v></c>"));
            } else if !v.is_empty() {
                s.push_str(&format!(
                    "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    escape(v)
                ));
            }
        }
        s.push_str("</row>");
    }
    s.push_str("</sheetData></worksheet>");
    s
}

/// `A`, `B`, …, `AA` for a 0-based column.
pub fn column(mut c: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Text escaped for XML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An .ods package around its `content.xml`.
pub fn ods_package(content_xml: impl Into<Vec<u8>>) -> Vec<u8> {
    zip_package(&[
        part("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        part(
            "META-INF/manifest.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
        part("content.xml", content_xml),
    ])
}

/// The start of an .ods `content.xml`, up to the first table's rows.
pub const ODS_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-column table:number-columns-repeated="1024"/>"#;

/// The end of an .ods `content.xml`.
pub const ODS_TAIL: &str = "</table:table></office:spreadsheet></office:body></office:document-content>";

/// One .ods row: text cells, numbers (`#12`), dates (`@2026-11-03T08:31:00`).
pub fn ods_row(cells: &[&str]) -> String {
    let mut s = String::from("<table:table-row>");
    for v in cells {
        if let Some(n) = v.strip_prefix('#') {
            s.push_str(&format!(
                "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
            ));
        } else if let Some(d) = v.strip_prefix('@') {
            s.push_str(&format!(
                "<table:table-cell office:value-type=\"date\" office:date-value=\"{d}\"><text:p>{d}</text:p></table:table-cell>"
            ));
        } else if v.is_empty() {
            s.push_str("<table:table-cell/>");
        } else {
            s.push_str(&format!(
                "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                escape(v)
            ));
        }
    }
    s.push_str("<table:table-cell table:number-columns-repeated=\"1010\"/></table:table-row>");
    s
}

/// An .ods `content.xml` of the given rows, followed (as LibreOffice writes it)
/// by a million empty rows.
pub fn ods_content(rows: &[Vec<&str>]) -> String {
    let mut s = String::from(ODS_HEAD);
    for r in rows {
        s.push_str(&ods_row(r));
    }
    s.push_str(r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    s.push_str(ODS_TAIL);
    s
}

// ---------------------------------------------------------------- .xls

/// One BIFF record.
pub fn biff_record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut r = Vec::with_capacity(4 + body.len());
    r.extend_from_slice(&typ.to_le_bytes());
    r.extend_from_slice(&(body.len() as u16).to_le_bytes());
    r.extend_from_slice(body);
    r
}

/// A BIFF8 workbook stream with one sheet of cells at (row, column): numbers
/// (`#12`) or text (a LABEL record of UTF-16 characters).
pub fn biff8_stream(cells: &[(u16, u16, &str)]) -> Vec<u8> {
    let bof = |kind: u16| {
        biff_record(
            0x0809,
            &[&0x0600u16.to_le_bytes()[..], &kind.to_le_bytes(), &[0; 12]].concat(),
        )
    };
    let eof = biff_record(0x000A, &[]);
    let name = b"Sheet1";
    let boundsheet_len = 4 + 4 + 2 + 2 + name.len();
    let globals_len =
        bof(5).len() + biff_record(0x0042, &1200u16.to_le_bytes()).len() + boundsheet_len + eof.len();
    let mut s = bof(5);
    s.extend(biff_record(0x0042, &1200u16.to_le_bytes()));
    let mut bs = (globals_len as u32).to_le_bytes().to_vec();
    bs.extend_from_slice(&[0, 0, name.len() as u8, 0]);
    bs.extend_from_slice(name);
    s.extend(biff_record(0x0085, &bs));
    s.extend(&eof);
    s.extend(bof(0x10));
    for (r, c, v) in cells {
        let mut body = r.to_le_bytes().to_vec();
        body.extend_from_slice(&c.to_le_bytes());
        body.extend_from_slice(&0x0Fu16.to_le_bytes());
        match v.strip_prefix('#').and_then(|n| n.parse::<f64>().ok()) {
            Some(x) => {
                body.extend_from_slice(&x.to_le_bytes());
                s.extend(biff_record(0x0203, &body));
            }
            None => {
                let units: Vec<u16> = v.encode_utf16().collect();
                body.extend_from_slice(&(units.len() as u16).to_le_bytes());
                body.push(1);
                body.extend(units.iter().flat_map(|u| u.to_le_bytes()));
                s.extend(biff_record(0x0204, &body));
            }
        }
    }
    s.extend(&eof);
    s
}

/// A version-3 compound file (512-byte sectors) holding one stream named
/// `Workbook`, padded to live in ordinary sectors (at most 63 KiB).
pub fn compound_file(stream: &[u8]) -> Vec<u8> {
    let mut stream = stream.to_vec();
    let len = stream.len().max(4096).div_ceil(512) * 512;
    stream.resize(len, 0);
    let (free, end, fat_sect, nostream) = (0xFFFF_FFFFu32, 0xFFFF_FFFEu32, 0xFFFF_FFFDu32, 0xFFFF_FFFFu32);
    let n = (len / 512) as u32;
    assert!(n <= 126, "one FAT sector holds the stream");
    let mut fat = vec![fat_sect, end];
    fat.extend((0..n - 1).map(|i| 3 + i));
    fat.push(end);
    fat.resize(128, free);
    let mut out = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    out.extend([0u8; 16]);
    for v in [0x003Eu16, 0x0003, 0xFFFE, 9, 6] {
        out.extend(v.to_le_bytes());
    }
    out.extend([0u8; 6]);
    for v in [0u32, 1, 1, 0, 4096, end, 0, end, 0, 0] {
        out.extend(v.to_le_bytes());
    }
    for _ in 0..108 {
        out.extend(free.to_le_bytes());
    }
    for v in fat {
        out.extend(v.to_le_bytes());
    }
    let entry = |name: &str, typ: u8, child: u32, start: u32, size: u32| {
        let mut raw: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        if !name.is_empty() {
            raw.extend([0, 0]);
        }
        let used = raw.len() as u16;
        raw.resize(64, 0);
        raw.extend(used.to_le_bytes());
        raw.extend([typ, 1]);
        for v in [nostream, nostream, child] {
            raw.extend(v.to_le_bytes());
        }
        raw.extend([0u8; 20]);
        raw.extend([0u8; 16]);
        for v in [start, size, 0] {
            raw.extend(v.to_le_bytes());
        }
        raw
    };
    out.extend(entry("Root Entry", 5, 1, end, 0));
    out.extend(entry("Workbook", 2, nostream, 2, len as u32));
    out.extend(entry("", 0, nostream, 0, 0));
    out.extend(entry("", 0, nostream, 0, 0));
    out.extend(stream);
    out
}

// ---------------------------------------------------------------- seeds

/// A file for a reader: its name (with the extension that picks the reader),
/// the input kind it is read as, and its bytes.
#[derive(Debug, Clone)]
pub struct Case {
    /// File name.
    pub name: String,
    /// Input kind.
    pub kind: &'static str,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl Case {
    /// The extension (lower case).
    pub fn ext(&self) -> String {
        self.name
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

const ROSTER: &[&[&str]] = &[
    &["工号", "姓名", "部门", "基本工资", "岗位", "班次", "入职日期"],
    &["K001", "张三", "客服部", "4500", "坐席", "早班", "2024-03-01"],
    &["K002", "李四", "客服部", "#5200.5", "组长", "晚班", "@45717"],
];

const PUNCHES_CSV: &str = "工号,姓名,打卡时间,设备\nK001,张三,2026-11-03 08:31:02,1\nK002,李四,2026/11/3 18:02,1\n\"K003\",\"王五\",\"2026-11-04 08:59:59\",2\n";

const CALLS_CSV: &str = "\"\",\"1001\",\"8001\",\"from-internal\",\"\"\"张三\"\" <1001>\",\"SIP/1001-0001\",\"SIP/8001-0002\",\"Dial\",\"SIP/8001\",\"2026-11-03 09:00:01\",\"2026-11-03 09:00:05\",\"2026-11-03 09:02:20\",139,135,\"ANSWERED\",\"DOCUMENTATION\",\"1699000001.1\",\"\"\n";

const ATTLOG: &str = "     1\t2026-11-03 08:31:02\t1\t0\t0\t0\n    98\t2026-11-03 18:02:11\t1\t1\t0\t0\n";

/// The seeds: one or more small, valid files for every reader.
pub fn seeds(repo: &Path) -> Vec<Case> {
    let roster: Vec<Vec<&str>> = ROSTER.iter().map(|r| r.to_vec()).collect();
    let shared = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3"><si><t>工号</t></si><si><t>姓名</t></si><si><r><t>打卡</t></r><r><t>时间</t></r></si></sst>"#;
    let punch_sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2"><v>1001</v></c><c r="B2" t="inlineStr"><is><t>张三</t></is></c><c r="C2" s="1"><v>46329.355</v></c></row><row r="3"><c r="A3" t="str"><f>"K"&amp;1</f><v>K1</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" s="1"><v>46330.75</v></c></row></sheetData></worksheet>"#;
    let mut out = vec![
        Case {
            name: "roster.xlsx".into(),
            kind: "roster",
            bytes: xlsx_package(sheet_xml(&roster), None),
        },
        Case {
            name: "punches.xlsx".into(),
            kind: "punches",
            bytes: xlsx_package(punch_sheet, Some(shared.as_bytes().to_vec())),
        },
        Case {
            name: "roster.ods".into(),
            kind: "roster",
            bytes: ods_package(ods_content(&roster)),
        },
        Case {
            name: "punches.csv".into(),
            kind: "punches",
            bytes: PUNCHES_CSV.as_bytes().to_vec(),
        },
        Case {
            name: "Master.csv".into(),
            kind: "calls",
            bytes: CALLS_CSV.as_bytes().to_vec(),
        },
        Case {
            name: "1_attlog.dat".into(),
            kind: "punches",
            bytes: ATTLOG.as_bytes().to_vec(),
        },
        Case {
            name: "cells.xls".into(),
            kind: "roster",
            bytes: compound_file(&biff8_stream(&[
                (0, 0, "工号"),
                (0, 1, "姓名"),
                (0, 2, "部门"),
                (0, 3, "基本工资"),
                (1, 0, "K001"),
                (1, 1, "张三"),
                (1, 2, "客服部"),
                (1, 3, "#4500"),
            ])),
        },
    ];
    for f in [
        "biff8_codepage1252_unicode_strings.xls",
        "biff5_codepage936_gbk_labels.xls",
    ] {
        if let Ok(bytes) = std::fs::read(repo.join("tests/fixtures/xls").join(f)) {
            out.push(Case {
                name: f.into(),
                kind: "punches",
                bytes,
            });
        }
    }
    out
}

/// A kept file as a case: the input kind is the first word of its name before
/// `--` (`punches--crash-1.xls`), else the one its seed reads (by extension),
/// and the name after `--` (or the whole name) picks the reader.
pub fn case_of(path: &Path) -> Case {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).unwrap_or_default();
    let kinds = [
        "roster",
        "punches",
        "calls",
        "schedule",
        "surveys",
        "complaints",
        "violations",
        "leaves",
        "service_requests",
        "slips",
    ];
    let (kind, name) = match file.split_once("--") {
        Some((k, rest)) => (
            kinds.iter().copied().find(|x| *x == k).unwrap_or("punches"),
            rest.to_string(),
        ),
        None => ("punches", file.clone()),
    };
    // Names kept by the fuzzer end with the seed's name: `breach-1-2-roster.ods`.
    let name = name.rsplit('-').next().unwrap_or(&name).to_string();
    let kind = if file.contains("--") {
        kind
    } else if name.starts_with("roster") || name.starts_with("cells") {
        "roster"
    } else if name.starts_with("Master") {
        "calls"
    } else {
        "punches"
    };
    Case { name, kind, bytes }
}

// ---------------------------------------------------------------- mutation

/// Tokens worth inserting, per kind of file: limits, grid edges, markup that
/// repeats or widens, characters that break lines or terminals.
fn dictionary(ext: &str) -> &'static [&'static str] {
    match ext {
        "ods" => &[
            " table:number-rows-repeated=\"1048577\"",
            " table:number-rows-repeated=\"1000000\"",
            " table:number-columns-repeated=\"16385\"",
            " table:number-columns-repeated=\"4000\"",
            "<text:s text:c=\"100000000\"/>",
            " office:value-type=\"date\" office:date-value=\"99999-01-01\"",
            " office:value-type=\"time\" office:time-value=\"PT99999999H\"",
            " office:value-type=\"float\" office:value=\"1e308\"",
            "<table:table table:name=\"x\">",
            "</table:table-row>",
            "<table:table-row>",
            "&#x202E;",
            "&#27;[2J",
        ],
        "xlsx" | "xlsm" => &[
            "<row r=\"1048577\">",
            "<row r=\"4294967295\">",
            "<c r=\"XFD1\" t=\"inlineStr\"><is><t>x</t></is></c>",
            "<c r=\"XFE1\"><v>1</v></c>",
            " uniqueCount=\"4294967295\"",
            " count=\"99999999999\"",
            "<v>2958466</v>",
            "<v>-1</v>",
            "<v>1e308</v>",
            "<si><t>x</t></si>",
            "<dimension ref=\"A1:XFD1048576\"/>",
            " t=\"s\"",
            " s=\"1\"",
            "&#x202E;",
            "&#27;[2J",
        ],
        "xls" => &[
            "\u{0}\u{0}\u{0}\u{0}",
            "\u{ff}\u{ff}\u{ff}\u{ff}",
            "\u{ff}\u{ff}",
            "\u{1}\u{0}",
        ],
        _ => &[
            "\"",
            ",,,,,,,,",
            "\r",
            "\n",
            "\t",
            "\u{feff}",
            "\u{202e}",
            "\u{1b}[2J",
            "99999-01-01 00:00:00",
            "2958466",
            "1e308",
            "-4500",
            "9999999999999999999",
        ],
    }
}

const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "65535",
    "65536",
    "1048575",
    "1048576",
    "1048577",
    "16384",
    "2147483648",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999",
    "2958465",
    "2958466",
    "1e308",
    "NaN",
];

/// One change to a byte string.
fn mutate_bytes(rng: &mut Rng, b: &mut Vec<u8>, ext: &str, donor: &[u8]) {
    let len = b.len();
    match rng.below(10) {
        0 if len > 0 => {
            let i = rng.below(len);
            b[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            b[i] = *rng.pick(&[0u8, 0xFF, b'<', b'>', b'"', b',', b'\n', b' ', b'\t', 0x7F, 0x80]);
        }
        2 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below(64.min(len - i));
            b.drain(i..i + n);
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below(256.min(len - i));
            let copy = b[i..i + n].to_vec();
            let at = rng.below(len + 1);
            b.splice(at..at, copy);
        }
        4 => {
            // A long run: blanks, a repeated byte, or a repeated piece of the file.
            let n = *rng.pick(&[100usize, 4_096, 70_000, (1 << 20) + 7]);
            let run: Vec<u8> = match rng.below(3) {
                0 => vec![b' '; n],
                1 => vec![*rng.pick(&[b'9', b'x', b'\n', b',', 0u8]); n],
                _ if len > 0 => {
                    let i = rng.below(len);
                    let piece = &b[i..(i + 1 + rng.below(40)).min(len)];
                    piece.iter().copied().cycle().take(n.min(200_000)).collect()
                }
                _ => vec![b'a'; n],
            };
            let at = rng.below(len + 1);
            b.splice(at..at, run);
        }
        5 => {
            // A number replaced by an interesting one.
            let digits: Vec<usize> = (0..len).filter(|&i| b[i].is_ascii_digit()).collect();
            if !digits.is_empty() {
                let mut i = *rng.pick(&digits);
                while i > 0 && b[i - 1].is_ascii_digit() {
                    i -= 1;
                }
                let mut j = i;
                while j < len && b[j].is_ascii_digit() {
                    j += 1;
                }
                b.splice(i..j, rng.pick(NUMBERS).bytes());
            }
        }
        6 | 7 => {
            let tok = rng.pick(dictionary(ext));
            let bytes: Vec<u8> = if ext == "xls" {
                tok.chars().map(|c| c as u32 as u8).collect()
            } else {
                tok.as_bytes().to_vec()
            };
            let at = rng.below(len + 1);
            if rng.below(2) == 0 || len == 0 {
                b.splice(at..at, bytes);
            } else {
                let end = (at + bytes.len()).min(len);
                b.splice(at..end, bytes);
            }
        }
        8 if !donor.is_empty() => {
            let i = rng.below(donor.len());
            let n = 1 + rng.below(512.min(donor.len() - i));
            let at = rng.below(len + 1);
            b.splice(at..at, donor[i..i + n].iter().copied());
        }
        _ if ext == "xls" && len >= 8 => {
            // A BIFF field: a 16- or 32-bit value set to an edge.
            let i = rng.below(len - 4);
            let v: u32 = *rng.pick(&[
                0,
                1,
                0xFF,
                0xFFFF,
                0x1_0000,
                0xFFFF_FFFF,
                0x7FFF_FFFF,
                65_535,
                256,
            ]);
            if rng.below(2) == 0 {
                b[i..i + 2].copy_from_slice(&(v as u16).to_le_bytes());
            } else {
                b[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
        }
        _ => {
            if len > 1 {
                let i = rng.below(len);
                let j = rng.below(len);
                b.swap(i, j);
            }
        }
    }
}

/// A mutant of a case: for a zip package, one of its parts is changed (and the
/// package written again) most of the time, its raw bytes otherwise.
pub fn mutate(rng: &mut Rng, case: &Case, donor: &Case) -> Case {
    let ext = case.ext();
    let rounds = 1 + rng.below(4);
    let zipped = matches!(ext.as_str(), "xlsx" | "xlsm" | "ods" | "xlsb");
    let mut bytes = case.bytes.clone();
    if zipped && rng.below(8) != 0 {
        if let Some(mut parts) = unzip(&case.bytes) {
            let donor_parts = unzip(&donor.bytes).unwrap_or_default();
            for _ in 0..rounds {
                let weighted: Vec<usize> = (0..parts.len())
                    .flat_map(|i| {
                        let n = &parts[i].0;
                        let w = if n.contains("sheet") || n.contains("content") || n.contains("shared") {
                            6
                        } else {
                            1
                        };
                        std::iter::repeat_n(i, w)
                    })
                    .collect();
                let i = *rng.pick(&weighted);
                let d = donor_parts
                    .get(rng.below(donor_parts.len().max(1)))
                    .map(|p| p.1.clone())
                    .unwrap_or_default();
                mutate_bytes(rng, &mut parts[i].1, &ext, &d);
            }
            if rng.below(16) == 0 && parts.len() > 1 {
                let i = rng.below(parts.len());
                parts.remove(i);
            }
            bytes = zip_package(&parts);
            return Case {
                name: case.name.clone(),
                kind: case.kind,
                bytes,
            };
        }
    }
    for _ in 0..rounds {
        mutate_bytes(rng, &mut bytes, &ext, &donor.bytes);
    }
    Case {
        name: case.name.clone(),
        kind: case.kind,
        bytes,
    }
}

// ---------------------------------------------------------------- execution

/// The limits the fuzzer reads with: small, so a file that is over them costs
/// little and a reader that does not keep them shows at once.
pub fn fuzz_limits() -> Limits {
    Limits {
        input_bytes: 16 << 20,
        shared_strings_bytes: 4 << 20,
    }
}

/// What one execution breached, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// The reader panicked, and nothing caught it.
    Panic(String),
    /// A reader (calamine) panicked and `read_file` caught it: the file was
    /// refused, but a reader should return an error instead.
    Contained(String),
    /// It took longer than the budget.
    Slow(Duration),
    /// Its peak memory grew by more than the budget (bytes).
    Memory(u64),
    /// It kept more problems than the limit per input.
    Problems(usize),
    /// A message quoted a value uncut, or let a control or bidi character through.
    Message(String),
}

/// The budgets one execution is held to.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Wall time.
    pub time: Duration,
    /// Growth of the peak resident memory, in bytes (Linux only; 0 turns it off).
    pub memory: u64,
}

/// Resident memory high-water mark of this process in bytes (Linux), reset
/// first when `reset` (so the next reading is the peak since now).
pub fn peak_rss(reset: bool) -> Option<u64> {
    if reset {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
    }
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Read one case as its input kind, from a file written in `dir`.
pub fn read_case(dir: &Path, case: &Case, limits: Limits) -> FileOutcome {
    let path: PathBuf = dir.join(&case.name);
    std::fs::write(&path, &case.bytes).expect("write the case");
    let spec = InputSpec {
        path: case.name.clone(),
        ..InputSpec::default()
    };
    let table = AliasTable::new(fields_of(case.kind), &BTreeMap::new());
    let job = FileJob {
        kind: case.kind,
        spec: &spec,
        table: &table,
        format: None,
        rel: case.name.clone(),
        text_answers: None,
        limits,
    };
    read_file(&path, &job)
}

/// Whether a message breaks the rules for quoting values: a control character
/// (other than a line end between lines) or a bidi control, or a run of more
/// than `max` characters without a space (an uncut value).
fn message_fault(msg: &str, max: usize) -> Option<String> {
    if let Some(c) = msg.chars().find(|c| {
        (c.is_control() && *c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }) {
        return Some(format!(
            "raw {:?} in: {}",
            c,
            msg.chars().take(200).collect::<String>()
        ));
    }
    if msg.chars().count() > max {
        return Some(format!(
            "a message of {} characters: {}…",
            msg.chars().count(),
            msg.chars().take(200).collect::<String>()
        ));
    }
    None
}

/// Run one case under the budget: panics are caught, time and memory measured,
/// the problems checked.
pub fn execute(dir: &Path, case: &Case, budget: Budget) -> Option<Breach> {
    let before = if budget.memory > 0 { peak_rss(true) } else { None };
    let start = Instant::now();
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| read_case(dir, case, fuzz_limits())));
    let took = start.elapsed();
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into());
            return Some(Breach::Panic(msg));
        }
    };
    if let (Some(b), Some(a)) = (before, peak_rss(false)) {
        if a.saturating_sub(b) > budget.memory {
            return Some(Breach::Memory(a - b));
        }
    }
    if took > budget.time {
        return Some(Breach::Slow(took));
    }
    let mut messages: Vec<String> = Vec::new();
    let mut problems = 0usize;
    for s in &outcome.sheets {
        problems += s.cx.problems.len();
        // Each message in every language: neither may be too long or unescaped.
        for p in &s.cx.problems {
            messages.extend(zhidu::i18n::Lang::ALL.map(|l| p.message.render(l)));
        }
        messages.extend(s.cx.notes.iter().map(ToString::to_string));
        if let Err(m) = &s.result {
            messages.push(m.to_string());
        }
    }
    messages.extend(outcome.error.iter().map(ToString::to_string));
    if let Some(e) = outcome.error.as_ref().filter(|e| e.contains(READER_STOPPED)) {
        return Some(Breach::Contained(e.en()));
    }
    if problems > MAX_PROBLEMS_PER_INPUT + 1 {
        return Some(Breach::Problems(problems));
    }
    messages
        .iter()
        .find_map(|m| message_fault(m, 2_000))
        .map(Breach::Message)
}
