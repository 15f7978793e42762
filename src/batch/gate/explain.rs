//! `zhidu explain` read through the gate: the cells of an employee's records that
//! could not be read, and why the period's 月度扣款表 would be refused.

use crate::config::Project;
use crate::error::{ProblemSeverity, UserError};
use crate::model::{Period, Roster};
use crate::reports::explain::{explain_checked, Explanation, Refused};
use crate::reports::registry::DEDUCTIONS;
use crate::rules::hr::attendance::UnreadableCell;

use super::passed::PassMark;
use super::{judge, GateInputs};

/// Explain one employee's period in a project: read its inputs (refusing when
/// one the deductions need could not be read), say why the 月度扣款表 would be
/// refused, and name the employee's cells that could not be read.
pub fn explain(project: &Project, period: &Period, employee: &str) -> anyhow::Result<Explanation> {
    let loaded = crate::batch::load_inputs(project)?;
    let reads = |kind: &str| DEDUCTIONS.inputs.iter().any(|k| k.id() == kind);
    if let Some((kind, why)) = loaded.failed.iter().find(|(k, _)| reads(k)) {
        return Err(UserError::other(crate::msg!("gate.input_unreadable", kind = kind, why = why)).into());
    }
    let inputs = GateInputs::of_run(&loaded);
    // A month the gate passed with these very inputs is not evaluated again.
    let mark = PassMark::of(project, &DEDUCTIONS, period, &loaded);
    let refused = if mark.is_set() {
        None
    } else {
        let refused = judge(&project.config, &DEDUCTIONS, period, &inputs)
            .refusal
            .map(|r| Refused {
                reason: r.reason,
                problems: r.problems.iter().map(ToString::to_string).collect(),
            });
        if refused.is_none() {
            mark.set();
        }
        refused
    };
    let cells = unreadable_cells(&inputs);
    let citations = crate::reports::manual::Citations::of_project(project)?;
    Ok(explain_checked(
        &loaded.data,
        &project.config,
        &citations,
        period,
        employee,
        &cells,
        refused,
    )?)
}

/// What a record of an input kind the 月度扣款表 reads is called (the roster aside).
fn record_label(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "punches" => UnreadableCell::PUNCH,
        "schedule" => "排班表",
        "leaves" => "请假记录",
        "complaints" => "投诉登记",
        "violations" => "违规记录",
        _ => return None,
    })
}

/// Every error in a row naming someone the roster resolves, as that employee's
/// [`UnreadableCell`].
pub fn unreadable_cells(inputs: &GateInputs<'_>) -> Vec<UnreadableCell> {
    let roster = Roster::new(&inputs.data.employees);
    inputs
        .problems
        .iter()
        .filter(|p| p.severity == ProblemSeverity::Error)
        .filter_map(|p| {
            let location = p.location();
            let person = inputs.people.get(&location)?;
            let emp = roster.resolve(&person.key).ok()?;
            let kinds = inputs.kinds_by_file.get(p.file.as_str())?;
            let record = kinds.iter().find_map(|k| record_label(k))?;
            Some(UnreadableCell {
                employee_id: emp.id.clone(),
                date: person.date,
                record,
                location,
                message: p.message.render(crate::i18n::DOCUMENT_LANG),
            })
        })
        .collect()
}
