//! SLA-2: client records. Sales submits a record within
//! `rules.sla.sales_submit_days` days of its 受理日期; customer service files it
//! within `rules.sla.filing_hours` hours of the submission. A date without a
//! time counts as the end of its day where a deadline is counted from it and as
//! the start of its day where it is the event, so a same-day or next-day filing
//! written by date alone is on time. Judged at the period's end: what happened
//! after it has not happened yet, and a record not submitted or filed by then
//! counts as late once its deadline has passed (and is listed as open).

use chrono::{Duration, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::config::Config;
use crate::model::{ClientRecord, Moment, Period, Roster};
use crate::rules::ops::figures::{hundredths_text, rate_bp, AgentRef, AgentResolver};

/// The step of the record's path a breach is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Sales submits the record (销售提交).
    Submit,
    /// Customer service files it (客服建档).
    File,
}

impl Stage {
    /// 销售提交 / 客服建档.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Submit => "销售提交",
            Stage::File => "客服建档",
        }
    }
}

/// One missed SLA-2 deadline.
#[derive(Debug, Clone, Serialize)]
pub struct ClientBreach {
    /// Which step.
    pub stage: Stage,
    /// 销售提交 / 客服建档.
    pub stage_label: &'static str,
    /// 客户.
    pub customer: String,
    /// 受理日期 as written (`2026-11-03` or `2026-11-03 14:20`).
    pub accepted: String,
    /// The deadline: `2026-11-06` (by the end of that day) or `2026-11-06 14:20`.
    pub deadline: String,
    /// When the step was done, as written; empty while open.
    pub done: String,
    /// Not done by the period's end.
    pub open: bool,
    /// How late: `逾期 2 天`, `超时 5.50 小时`, `截至期末逾期 24 天`.
    pub late_by: String,
    /// Who is responsible: the salesperson, or the filer (`K004 刘佳怡`), or the department.
    pub responsible: String,
    /// The filer, for a filing breach whose register names one.
    pub filer: Option<AgentRef>,
    /// The cell of the step's column.
    pub source: String,
}

/// SLA-2 figures of a period: the records accepted in it, judged at its end.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClientRecordSummary {
    /// `rules.sla.sales_submit_days`.
    pub submit_days: u32,
    /// `rules.sla.filing_hours`.
    pub filing_hours: u32,
    /// Rows of the register, whatever their dates (0: the register is not kept).
    pub register_rows: u64,
    /// Records accepted in the period.
    pub accepted: u64,
    /// Submitted by the deadline.
    pub submitted_on_time: u64,
    /// Submitted late, or not submitted and past the deadline at the period's end.
    pub submitted_late: u64,
    /// Not submitted yet, deadline after the period's end.
    pub submit_pending: u64,
    /// submitted_on_time / (on time + late), basis points.
    pub submit_rate_bp: Option<i64>,
    /// Filed by the deadline.
    pub filed_on_time: u64,
    /// Filed late, or not filed and past the deadline at the period's end.
    pub filed_late: u64,
    /// Submitted, not filed yet, deadline after the period's end.
    pub filing_pending: u64,
    /// filed_on_time / (on time + late), basis points.
    pub filing_rate_bp: Option<i64>,
    /// Every breach of the records accepted in the period, by acceptance then step.
    pub breaches: Vec<ClientBreach>,
    /// Every record accepted by the period's end still not submitted or filed
    /// past its deadline at the period's end, whenever it was accepted.
    pub open_at_end: Vec<ClientBreach>,
}

impl ClientRecordSummary {
    /// Filing breaches per filer the register names, in roster order.
    pub fn filing_breaches_by_filer(&self) -> Vec<(AgentRef, u64)> {
        let mut by: std::collections::BTreeMap<AgentRef, u64> = std::collections::BTreeMap::new();
        for b in &self.breaches {
            if let (Stage::File, Some(f)) = (b.stage, &b.filer) {
                *by.entry(f.clone()).or_default() += 1;
            }
        }
        by.into_iter().collect()
    }
}

/// The outcome of one step judged at the period's end.
enum Judged {
    /// Done by the deadline.
    OnTime,
    /// Done after the deadline.
    Late(Moment),
    /// Not done, deadline passed.
    Open,
    /// Not done, deadline not yet passed.
    Pending,
}

/// One step: its deadline (inclusive) and when it was done (if by the period's end).
fn judge(deadline: NaiveDateTime, done: Option<Moment>, end: NaiveDateTime) -> Judged {
    match done.filter(|d| d.as_event() < end) {
        Some(d) if d.as_event() <= deadline => Judged::OnTime,
        Some(d) => Judged::Late(d),
        None if deadline < end => Judged::Open,
        None => Judged::Pending,
    }
}

/// A deadline as written: the day alone when it ends a day counted from a date.
fn deadline_text(deadline: NaiveDateTime, basis: Moment) -> String {
    if basis.has_time() {
        Moment::At(deadline).text()
    } else {
        deadline.format("%Y-%m-%d").to_string()
    }
}

/// How late a step done at `done` is: hours when both ends have a time, else days.
fn late_text(deadline: NaiveDateTime, basis: Moment, done: Moment) -> String {
    if basis.has_time() && done.has_time() {
        let minutes = (done.as_event() - deadline).num_minutes();
        format!("超时 {} 小时", hundredths_text((minutes * 100 * 2 + 60) / 120))
    } else {
        format!("逾期 {} 天", (done.date() - deadline.date()).num_days().max(1))
    }
}

/// The judge of every record against one period.
struct Judge<'r, 'a> {
    submit: Duration,
    filing: Duration,
    end: NaiveDateTime,
    period: Period,
    resolver: AgentResolver<'r, 'a>,
}

impl Judge<'_, '_> {
    /// A breach of one step of a record.
    fn breach(
        &self,
        r: &ClientRecord,
        stage: Stage,
        basis: Moment,
        deadline: NaiveDateTime,
        done: Option<Moment>,
    ) -> ClientBreach {
        let filer = r.filer.as_ref().map(|k| self.resolver.resolve(k));
        let responsible = match stage {
            Stage::Submit => r
                .salesperson
                .clone()
                .unwrap_or_else(|| "销售部（未填销售人员）".into()),
            Stage::File => match &filer {
                Some(f) if f.name.is_empty() => f.id.clone(),
                Some(f) if f.id.is_empty() => f.name.clone(),
                Some(f) => format!("{} {}", f.id, f.name),
                None => "客服部（未填建档人）".into(),
            },
        };
        let field = match stage {
            Stage::Submit => "销售提交日期",
            Stage::File => "建档日期",
        };
        let late_by = match done {
            Some(d) => late_text(deadline, basis, d),
            None => match (self.period.end - deadline.date()).num_days() {
                0 => "截至期末已超时".to_string(),
                n => format!("截至期末逾期 {n} 天"),
            },
        };
        ClientBreach {
            stage,
            stage_label: stage.label(),
            customer: r.customer.clone(),
            accepted: r.accepted.text(),
            deadline: deadline_text(deadline, basis),
            done: done.map(Moment::text).unwrap_or_default(),
            open: done.is_none(),
            late_by,
            responsible,
            filer: if stage == Stage::File { filer } else { None },
            source: r.source.locate(field),
        }
    }

    /// The submission step: its outcome and, when missed, its breach.
    fn submission(&self, r: &ClientRecord) -> (Judged, Option<ClientBreach>) {
        let deadline = r.accepted.as_basis() + self.submit;
        let j = judge(deadline, r.submitted, self.end);
        let breach = match &j {
            Judged::Late(d) => Some(self.breach(r, Stage::Submit, r.accepted, deadline, Some(*d))),
            Judged::Open => Some(self.breach(r, Stage::Submit, r.accepted, deadline, None)),
            _ => None,
        };
        (j, breach)
    }

    /// The filing step, when the record was submitted by the period's end.
    fn filing(&self, r: &ClientRecord) -> Option<(Judged, Option<ClientBreach>)> {
        let submitted = r.submitted.filter(|s| s.as_event() < self.end)?;
        let deadline = submitted.as_basis() + self.filing;
        let j = judge(deadline, r.filed, self.end);
        let breach = match &j {
            Judged::Late(d) => Some(self.breach(r, Stage::File, submitted, deadline, Some(*d))),
            Judged::Open => Some(self.breach(r, Stage::File, submitted, deadline, None)),
            _ => None,
        };
        Some((j, breach))
    }
}

/// SLA-2 of a period: records accepted in it judged at its end, and every
/// record still open past a deadline at its end.
pub fn client_record_summary(
    records: &[ClientRecord],
    roster: &Roster<'_>,
    period: &Period,
    config: &Config,
) -> ClientRecordSummary {
    let sla = &config.rules.sla;
    let judge = Judge {
        submit: Duration::days(i64::from(sla.sales_submit_days)),
        filing: Duration::hours(i64::from(sla.filing_hours)),
        end: (period.end + Duration::days(1)).and_time(NaiveTime::MIN),
        period: *period,
        resolver: AgentResolver::new(roster),
    };
    let mut s = ClientRecordSummary {
        submit_days: sla.sales_submit_days,
        filing_hours: sla.filing_hours,
        register_rows: records.len() as u64,
        ..ClientRecordSummary::default()
    };
    let mut sorted: Vec<&ClientRecord> = records
        .iter()
        .filter(|r| r.accepted.date() <= period.end)
        .collect();
    sorted.sort_by(|a, b| {
        a.accepted
            .as_event()
            .cmp(&b.accepted.as_event())
            .then(a.source.row.cmp(&b.source.row))
    });
    for r in sorted {
        let inside = period.contains(r.accepted.date());
        let (submitted, submit_breach) = judge.submission(r);
        let filing = judge.filing(r);
        for b in submit_breach
            .iter()
            .chain(filing.iter().filter_map(|f| f.1.as_ref()))
        {
            if b.open {
                s.open_at_end.push(b.clone());
            }
        }
        if !inside {
            continue;
        }
        s.accepted += 1;
        match submitted {
            Judged::OnTime => s.submitted_on_time += 1,
            Judged::Late(_) | Judged::Open => s.submitted_late += 1,
            Judged::Pending => s.submit_pending += 1,
        }
        s.breaches.extend(submit_breach);
        if let Some((filed, breach)) = filing {
            match filed {
                Judged::OnTime => s.filed_on_time += 1,
                Judged::Late(_) | Judged::Open => s.filed_late += 1,
                Judged::Pending => s.filing_pending += 1,
            }
            s.breaches.extend(breach);
        }
    }
    s.submit_rate_bp = rate_bp(s.submitted_on_time, s.submitted_on_time + s.submitted_late);
    s.filing_rate_bp = rate_bp(s.filed_on_time, s.filed_on_time + s.filed_late);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EmployeeKey, Source};
    use crate::rules::testkit::{date, employee, moment, period};

    fn day(text: &str) -> Moment {
        Moment::Day(date(text))
    }

    fn at(text: &str) -> Moment {
        Moment::At(moment(text))
    }

    /// A register row: 客户, 受理, 销售人员, 提交, 建档, 建档人工号.
    fn record(
        row: u32,
        customer: &str,
        accepted: Moment,
        submitted: Option<Moment>,
        filed: Option<Moment>,
        filer: Option<&str>,
    ) -> ClientRecord {
        ClientRecord {
            customer: customer.into(),
            accepted,
            salesperson: Some("张伟".into()),
            submitted,
            filed,
            filer: filer.map(EmployeeKey::by_id),
            source: Source::synthetic("inputs/client_records.xlsx", "客户资料登记", row),
        }
    }

    /// November 2026, 3 days to submit and 24 hours to file (the defaults):
    /// - 华东 accepted 11-02, submitted 11-05, filed 11-06, all by date alone: the
    ///   submission deadline is the end of 11-05 and the filing deadline the end
    ///   of 11-06 — both on time (a next-day filing by date is on time).
    /// - 恒信 accepted 11-03 10:00, submitted 11-07 09:00: deadline 11-06 10:00,
    ///   23 hours late; filed 11-07 15:30, within 24 hours.
    /// - 宏达 accepted 11-10, submitted 11-11 14:00, filed 11-12 16:30 by K002:
    ///   deadline 11-12 14:00, 2.50 hours late.
    /// - 绿源 accepted 11-20, submitted 11-21, not filed by 11-30: deadline the end
    ///   of 11-22, passed at the period's end → late and open, 8 days (11-22 → 11-30).
    /// - 新星 accepted 11-29, not submitted: its deadline (end of 12-02) is after
    ///   the period's end → pending, in no rate.
    /// - 瑞丰 accepted 10-20, submitted 10-21, never filed: not November's record,
    ///   but open at November's end.
    fn records() -> Vec<ClientRecord> {
        vec![
            record(2, "瑞丰", day("2026-10-20"), Some(day("2026-10-21")), None, None),
            record(
                3,
                "华东",
                day("2026-11-02"),
                Some(day("2026-11-05")),
                Some(day("2026-11-06")),
                Some("K001"),
            ),
            record(
                4,
                "恒信",
                at("2026-11-03 10:00"),
                Some(at("2026-11-07 09:00")),
                Some(at("2026-11-07 15:30")),
                Some("K001"),
            ),
            record(
                5,
                "宏达",
                day("2026-11-10"),
                Some(at("2026-11-11 14:00")),
                Some(at("2026-11-12 16:30")),
                Some("K002"),
            ),
            record(6, "绿源", day("2026-11-20"), Some(day("2026-11-21")), None, None),
            record(7, "新星", day("2026-11-29"), None, None, None),
        ]
    }

    #[test]
    fn the_four_cases_and_the_rates() {
        let employees = vec![
            employee("K001", "张三", 400_000),
            employee("K002", "李四", 400_000),
        ];
        let roster = Roster::new(&employees);
        let s = client_record_summary(&records(), &roster, &period("2026-11"), &Config::default());
        assert_eq!(s.accepted, 5);
        // Submission: 华东, 宏达, 绿源 on time; 恒信 late; 新星 pending → 3 / 4 = 75%.
        assert_eq!(
            (s.submitted_on_time, s.submitted_late, s.submit_pending),
            (3, 1, 1)
        );
        assert_eq!(s.submit_rate_bp, Some(7_500));
        // Filing: 华东, 恒信 on time; 宏达 late; 绿源 open → 2 / 4 = 50%.
        assert_eq!((s.filed_on_time, s.filed_late, s.filing_pending), (2, 2, 0));
        assert_eq!(s.filing_rate_bp, Some(5_000));
        let b: Vec<(&str, &str, &str, &str, &str)> = s
            .breaches
            .iter()
            .map(|b| {
                (
                    b.stage_label,
                    b.customer.as_str(),
                    b.deadline.as_str(),
                    b.late_by.as_str(),
                    b.responsible.as_str(),
                )
            })
            .collect();
        assert_eq!(
            b,
            vec![
                ("销售提交", "恒信", "2026-11-06 10:00", "超时 23.00 小时", "张伟"),
                (
                    "客服建档",
                    "宏达",
                    "2026-11-12 14:00",
                    "超时 2.50 小时",
                    "K002 李四"
                ),
                (
                    "客服建档",
                    "绿源",
                    "2026-11-22",
                    "截至期末逾期 8 天",
                    "客服部（未填建档人）"
                ),
            ]
        );
        assert!(s.breaches[2].open && s.breaches[2].done.is_empty());
        assert_eq!(s.breaches[1].done, "2026-11-12 16:30");
        assert_eq!(
            s.breaches[1].source,
            "inputs/client_records.xlsx › 客户资料登记!5"
        );
        // Open at the end: October's 瑞丰 (filing due the end of 10-22) and 绿源.
        let open: Vec<(&str, &str)> = s
            .open_at_end
            .iter()
            .map(|b| (b.customer.as_str(), b.late_by.as_str()))
            .collect();
        assert_eq!(
            open,
            vec![("瑞丰", "截至期末逾期 39 天"), ("绿源", "截至期末逾期 8 天")]
        );
        // The agent table's filing breaches: K002 once.
        let by: Vec<(String, u64)> = s
            .filing_breaches_by_filer()
            .into_iter()
            .map(|(a, n)| (a.id, n))
            .collect();
        assert_eq!(by, vec![("K002".to_string(), 1)]);
    }

    #[test]
    fn a_step_done_after_the_period_is_not_done_yet() {
        // 宏达's filing (11-12 16:30) judged at the end of 11-11: submitted 11-11
        // 14:00, deadline 11-12 14:00 after the end → pending, no breach.
        let roster_employees = vec![employee("K002", "李四", 400_000)];
        let roster = Roster::new(&roster_employees);
        let s = client_record_summary(
            &records()[3..4],
            &roster,
            &period("2026-11-05..2026-11-11"),
            &Config::default(),
        );
        assert_eq!((s.accepted, s.submitted_on_time, s.filing_pending), (1, 1, 1));
        assert!(s.breaches.is_empty() && s.open_at_end.is_empty());
        assert_eq!(s.filing_rate_bp, None);
    }
}
