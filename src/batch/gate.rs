//! The one place a report is refused before it is rendered: a report whose inputs
//! have errors is not made, so no document is ever computed from data zhidu
//! knows is wrong. Which input kinds feed which report comes from the report
//! registry ([`ReportSpec::inputs`]). Checks that belong to one report (whether
//! the punches cover its period, a person who vanished from the exports) add
//! their problems to the same list, here.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Problem, ProblemSeverity};
use crate::model::Period;
use crate::reports::registry::ReportSpec;

use super::LoadedInputs;

/// Why a report is refused: a reason in a line, and the problems behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// One line: `input `slips` could not be read: …` or `2 errors in its inputs`.
    pub reason: String,
    /// The problems, with file, sheet and cell.
    pub problems: Vec<Problem>,
}

/// The input kinds each file was read as (a file named by two kinds counts for both).
fn kinds_by_file(loaded: &LoadedInputs) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut map: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for s in &loaded.summaries {
        map.entry(s.file.as_str()).or_default().insert(s.kind.as_str());
    }
    for f in &loaded.files {
        map.entry(f.file.path.as_str())
            .or_default()
            .insert(f.kind.as_str());
    }
    map
}

/// The problems that refuse `spec` for `period`, or `None` when it may be rendered.
pub fn refusal(spec: &ReportSpec, _period: &Period, loaded: &LoadedInputs) -> Option<Refusal> {
    let reads = |kind: &str| spec.inputs.iter().any(|k| k.id() == kind);
    let by_file = kinds_by_file(loaded);
    let problems: Vec<Problem> = loaded
        .problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .filter(|p| match by_file.get(p.file.as_str()) {
            Some(kinds) => kinds.iter().any(|k| reads(k)),
            // A problem no input kind owns: every report that reads inputs stops.
            None => !spec.inputs.is_empty(),
        })
        .cloned()
        .collect();
    let unreadable = loaded.failed.iter().find(|(kind, _)| reads(kind));
    let reason = match (unreadable, problems.len()) {
        (Some((kind, why)), _) => format!("input `{kind}` could not be read: {why}"),
        (None, 0) => return None,
        (None, 1) => "1 error in the inputs it reads".to_string(),
        (None, n) => format!("{n} errors in the inputs it reads"),
    };
    Some(Refusal { reason, problems })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::InputEntry;
    use crate::ingest::InputSummary;
    use crate::model::Dataset;
    use crate::output::FileEntry;
    use crate::reports::registry::{CSAT, DEDUCTIONS, MANUAL};

    fn summary(kind: &str, file: &str) -> InputSummary {
        InputSummary {
            kind: kind.into(),
            file: file.into(),
            sheet: None,
            format: None,
            header_row: None,
            records: 0,
            date_range: None,
            unknown_employee_records: 0,
            error: None,
        }
    }

    #[test]
    fn an_error_stops_only_the_reports_reading_its_input() {
        let loaded = LoadedInputs {
            data: Dataset::default(),
            failed: Vec::new(),
            problems: vec![
                Problem::cell_error(
                    "inputs/punches.xlsx",
                    "打卡记录",
                    "C17",
                    "\"25:61\" is not a time",
                ),
                Problem::cell_error("inputs/surveys.xlsx", "满意度调查", "B2", "no agent").warning(),
            ],
            summaries: vec![
                summary("punches", "inputs/punches.xlsx"),
                summary("surveys", "inputs/surveys.xlsx"),
            ],
            files: vec![InputEntry {
                kind: "punches".into(),
                file: FileEntry {
                    path: "inputs/punches.xlsx".into(),
                    sha256: String::new(),
                    bytes: 0,
                },
            }],
        };
        let month = Period::parse("2026-11").expect("month");
        let r = refusal(&DEDUCTIONS, &month, &loaded).expect("deductions read the punches");
        assert_eq!(r.reason, "1 error in the inputs it reads");
        assert_eq!(r.problems[0].cell.as_deref(), Some("C17"));
        // csat reads the roster and surveys: a warning there stops nothing.
        assert_eq!(refusal(&CSAT, &month, &loaded), None);
        assert_eq!(refusal(&MANUAL, &month, &loaded), None);
    }
}
