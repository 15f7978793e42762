//! Where a record came from: file, sheet, row, and the column of each field.

use std::fmt;
use std::sync::Arc;

/// One sheet of one input file, shared by every record read from it.
///
/// Holds the column each canonical field was found in, so a record needs to
/// remember only its row to name the cell of any of its fields.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceSheet {
    /// Path of the file as given in the config, relative to the project folder.
    pub file: String,
    /// Sheet name; for CSV files the file stem.
    pub sheet: String,
    /// Canonical field name → 0-based column index.
    pub columns: Vec<(&'static str, u32)>,
}

impl SourceSheet {
    /// The 0-based column of a canonical field, if the sheet has it.
    pub fn column_of(&self, field: &str) -> Option<u32> {
        self.columns
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, col)| *col)
    }
}

/// The origin of one record: a sheet and a 1-based row number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The sheet the record was read from.
    pub sheet: Arc<SourceSheet>,
    /// 1-based row number as a spreadsheet shows it (CSV: line number).
    pub row: u32,
}

impl Source {
    /// The A1 reference of a field of this record, e.g. `C17`, or the row alone
    /// (`17`) when the sheet has no column for that field.
    pub fn cell(&self, field: &str) -> String {
        match self.sheet.column_of(field) {
            Some(col) => format!("{}{}", column_letters(col), self.row),
            None => format!("{}", self.row),
        }
    }

    /// `file › sheet!C17` for a field, as messages and the audit trail print it.
    pub fn locate(&self, field: &str) -> String {
        format!("{} › {}!{}", self.sheet.file, self.sheet.sheet, self.cell(field))
    }
}

impl fmt::Display for Source {
    /// `file › sheet row 17`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} › {} 第 {} 行", self.sheet.file, self.sheet.sheet, self.row)
    }
}

impl serde::Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Source", 3)?;
        st.serialize_field("file", &self.sheet.file)?;
        st.serialize_field("sheet", &self.sheet.sheet)?;
        st.serialize_field("row", &self.row)?;
        st.end()
    }
}

/// Spreadsheet column letters for a 0-based index: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Source {
    /// A source for records made in code (tests, generated data): a sheet with
    /// no column map, so cells are named by row only.
    pub fn synthetic(file: &str, sheet: &str, row: u32) -> Source {
        Source {
            sheet: Arc::new(SourceSheet {
                file: file.into(),
                sheet: sheet.into(),
                columns: Vec::new(),
            }),
            row,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_roll_over() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn cell_names_the_field_column() {
        let sheet = Arc::new(SourceSheet {
            file: "inputs/punches.xlsx".into(),
            sheet: "打卡记录".into(),
            columns: vec![("工号", 0), ("打卡时间", 2)],
        });
        let src = Source { sheet, row: 17 };
        assert_eq!(src.cell("打卡时间"), "C17");
        assert_eq!(src.locate("打卡时间"), "inputs/punches.xlsx › 打卡记录!C17");
        assert_eq!(src.cell("设备"), "17");
    }
}
