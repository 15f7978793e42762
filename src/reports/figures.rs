//! The key figures of each report as the run records them (the run page, the
//! manifest): made here from what the report computed for its documents, and
//! handed to the sink with them ([`SetNote`]).

use crate::model::Fen;
use crate::output::note::{Figure, SetNote};
use crate::rules::ops::calls::CallFigures;
use crate::rules::ops::figures::hundredths_text;
use crate::rules::ops::kpis::OpsFigures;
use crate::rules::ops::surveys::SurveyFigures;

/// A rate in basis points as `71.43%` (`—` when undefined).
fn percent(bp: Option<i64>) -> String {
    bp.map_or_else(|| "—".to_string(), |bp| format!("{}%", hundredths_text(bp)))
}

/// The team's average score as shown, `—` without responses.
fn average(s: &SurveyFigures) -> String {
    s.average_x100
        .map_or_else(|| "—".to_string(), |_| s.average.clone())
}

/// The call and satisfaction figures of the operations reports, with the number
/// of open slips when given.
pub fn ops(calls: &CallFigures, surveys: &SurveyFigures, open_slips: Option<u64>) -> Vec<Figure> {
    let mut out = vec![
        Figure::new("呼入", calls.offered.to_string()),
        Figure::new("接通率", percent(calls.answer_rate_bp)),
        Figure::new("服务水平", percent(calls.service_level_bp)),
        Figure::new("满意度", average(surveys)),
    ];
    if let Some(n) = open_slips {
        out.push(Figure::new("未完成联系单", n.to_string()));
    }
    out
}

/// The figures of the 客户满意度月度报表.
pub fn csat(s: &SurveyFigures) -> Vec<Figure> {
    vec![
        Figure::new("回复数", s.responses.to_string()),
        Figure::new("满意度", average(s)),
        Figure::new("满意率", percent(s.satisfied_bp)),
    ]
}

/// The figures of the 月度扣款表: the total deducted and the number of notices.
pub fn deductions(total: Fen, notices: usize) -> Vec<Figure> {
    vec![
        Figure::new("扣款合计", total.to_string()),
        Figure::new("通知单", format!("{notices} 份")),
    ]
}

/// The note of an operations report (`weekly`, `ops-weekly`, `monthly`, `csat`)
/// from the figures of its period.
pub fn ops_note(report: &str, f: &OpsFigures) -> SetNote {
    let figures = match report {
        "csat" => csat(&f.surveys.team),
        "weekly" => ops(&f.calls.team, &f.surveys.team, None),
        _ => ops(&f.calls.team, &f.surveys.team, Some(f.slips.count)),
    };
    SetNote {
        figures,
        notices: Vec::new(),
    }
}
