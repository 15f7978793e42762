//! What `zhidu explain` says about one employee and period: the shift-days with
//! anything notable and every ledger line with its clause and source cells —
//! the same ledger the 月度扣款表, the notices and the fund ledger are rendered from.

use serde::Serialize;

use crate::config::Config;
use crate::error::UserError;
use crate::model::Period;
use crate::model::Roster;
use crate::model::{Dataset, Employee, EmployeeKey, Fen, KeyResolver};
use crate::reports::deductions::{compute, sheet_rows, HrMonth, SheetRow};
use crate::reports::manual::Citations;
use crate::reports::PeriodView;
use crate::rules::catalog::Rule;
use crate::rules::hr::attendance::{DayStatus, PunchRef, ShiftDay, UnreadableCell};
use crate::rules::hr::employment::Employment;
use crate::rules::ledger::DeductionLine;

/// A punch as `explain` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct PunchView {
    /// `2026-11-04 00:58:00`.
    pub at: String,
    /// `file › sheet!C17`.
    pub location: String,
    /// For an approved correction (ATT-7): `审批人 王芳，原因 忘带工牌`.
    pub correction: Option<String>,
}

impl PunchView {
    fn of(p: &PunchRef) -> PunchView {
        PunchView {
            at: p.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            location: p.cell().locate(),
            correction: p.correction.as_ref().map(|c| c.words()),
        }
    }

    /// `2026-11-19 17:40:00 (file › sheet!C4)`, with `补卡，审批人 …` for a correction.
    fn text(&self) -> String {
        match &self.correction {
            Some(c) => format!("{} 补卡，{c} ({})", self.at, self.location),
            None => format!("{} ({})", self.at, self.location),
        }
    }
}

/// One shift-day as `explain` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct DayView {
    /// `2026-11-03`.
    pub date: String,
    /// Shift code.
    pub shift: String,
    /// Where the code came from ([`crate::rules::hr::attendance::ShiftOrigin::label`]).
    pub shift_from: &'static str,
    /// The schedule cell, if any.
    pub schedule_location: Option<String>,
    /// 出勤 / 旷工 / 请假 / 休息 / 班次未知.
    pub status: &'static str,
    /// `08:30–17:30` for a work shift.
    pub hours: Option<String>,
    /// Clock-in.
    pub clock_in: Option<PunchView>,
    /// Clock-out.
    pub clock_out: Option<PunchView>,
    /// Other punches (between, or on a rest or leave day).
    pub other_punches: Vec<PunchView>,
    /// Minutes late.
    pub late_minutes: u32,
    /// Minutes left early.
    pub early_leave_minutes: u32,
    /// Missing punches.
    pub missing_punches: u32,
    /// ATT-4 extended service minutes.
    pub extended_minutes: u32,
    /// The approved leave's cell, on a leave day.
    pub leave_location: Option<String>,
    /// Everything notable, in Chinese.
    pub notes: Vec<String>,
}

fn day_view(d: &ShiftDay) -> DayView {
    DayView {
        date: d.date.format("%Y-%m-%d").to_string(),
        shift: d.shift.to_string(),
        shift_from: d.origin.label(),
        schedule_location: d.schedule_cell().map(|c| c.locate()),
        status: if d.unreadable.is_empty() || d.status != DayStatus::Absent {
            d.status.label()
        } else {
            "打卡无法读取"
        },
        hours: match (d.start, d.end) {
            (Some(s), Some(e)) => Some(format!("{}–{}", s.format("%H:%M"), e.format("%H:%M"))),
            _ => None,
        },
        clock_in: d.clock_in.as_ref().map(PunchView::of),
        clock_out: d.clock_out.as_ref().map(PunchView::of),
        other_punches: d.other_punches.iter().map(PunchView::of).collect(),
        late_minutes: d.late_minutes,
        early_leave_minutes: d.early_leave_minutes,
        missing_punches: d.missing_punches(),
        extended_minutes: d.extended_minutes,
        leave_location: d.leave.as_ref().map(|l| l.cell.locate()),
        notes: d.notes(),
    }
}

/// One ledger line as `explain` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ExplainedLine {
    /// 1-based.
    pub seq: usize,
    /// `2026-11-03`.
    pub date: String,
    /// `ATT-2`.
    pub rule: &'static str,
    /// The manual's clause stating the rule, `第二十五条`.
    pub clause: String,
    /// The rule's title, `迟到扣款`.
    pub rule_title: &'static str,
    /// The manual's clause with the handbook source, `第二十五条（客户服务部门的工作管理制度 七.1）`.
    pub citation: String,
    /// 扣款 / 罚款 / 建议开除.
    pub kind: &'static str,
    /// Short reason.
    pub reason: String,
    /// Basis in words and numbers.
    pub basis: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// `¥200.00`.
    pub amount: String,
    /// Every source cell, `file › sheet!C17`.
    pub sources: Vec<String>,
    /// Why the line cannot be relied on (a punch of its day could not be read).
    pub doubt: Option<String>,
}

fn explained_line(seq: usize, l: &DeductionLine, citations: &Citations) -> ExplainedLine {
    ExplainedLine {
        seq,
        date: l.date.format("%Y-%m-%d").to_string(),
        rule: l.rule.code(),
        clause: citations.number(l.rule).to_string(),
        rule_title: l.rule.title(),
        citation: citations.cite(l.rule),
        kind: l.kind.label(),
        reason: l.reason_in_full(),
        basis: l.basis.clone(),
        amount_fen: l.amount.0,
        amount: l.amount.to_string(),
        sources: l.sources.iter().map(|s| s.locate()).collect(),
        doubt: None,
    }
}

/// Why the 月度扣款表 of the period would not be made, as `explain` says it.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    /// The reason in a line (`2 errors in the inputs it reads`).
    pub reason: crate::i18n::Text,
    /// Each problem behind it, `file › sheet!C17: …`.
    pub problems: Vec<String>,
}

/// Everything `explain` says about one employee and period.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The period.
    pub period: PeriodView,
    /// The manual's title (the clauses cited are its own).
    pub manual_title: String,
    /// The violations counted over PAY-3's window, as the sheet heads them (`本年累计`).
    pub violation_window: &'static str,
    /// Every rule's clause number in the manual by code (`ATT-6` → `第二十七条`).
    pub clauses: std::collections::BTreeMap<&'static str, String>,
    /// The employee's row of the 月度扣款表 (counts, totals, flags).
    pub summary: SheetRow,
    /// Where the employee's roster row is.
    pub roster_location: String,
    /// Shift-days with anything notable.
    pub notable_days: Vec<DayView>,
    /// Number of shift-days in the period.
    pub days_in_period: usize,
    /// Every ledger line.
    pub lines: Vec<ExplainedLine>,
    /// Personal calls listed for review (PAY-4): `start, seconds, location`.
    pub personal_calls: Vec<String>,
    /// Corrections without 审批人 (ATT-7), not applied: `words (location)`.
    pub unapproved_corrections: Vec<String>,
    /// Why the month is listed for review (PAY-6; the ledger's note says it too);
    /// the amounts stand.
    pub review: Vec<String>,
    /// Why the period's 月度扣款表 would be refused, if it would: the figures
    /// here are then for checking only.
    pub refused: Option<Refused>,
    /// The employee's records that could not be read (bad cells in rows naming them).
    pub unreadable: Vec<String>,
}

impl Explanation {
    /// A rule cited by the manual's clause, `第二十七条`; its code when the manual has none.
    fn cite(&self, rule: Rule) -> String {
        match self.clauses.get(rule.code()) {
            Some(n) if !n.is_empty() => n.clone(),
            _ => rule.code().to_string(),
        }
    }
}

fn find_employee<'a>(roster: &Roster<'a>, query: &str) -> Result<&'a Employee, UserError> {
    let q = query.trim();
    if let Some(e) = roster.by_id(q) {
        return Ok(e);
    }
    match roster.resolve(&EmployeeKey::by_name(q)) {
        Ok(e) => Ok(e),
        Err(why) => Err(UserError::other(crate::msg!(
            "explain.no_employee",
            query = q,
            why = crate::rules::hr::quality::unresolved_message(&EmployeeKey::by_id(q), &why),
            example = roster
                .employees()
                .first()
                .map(|e| e.id.as_str())
                .unwrap_or("K001")
        ))),
    }
}

/// The error for an employee who has no row for the period: employed on none
/// of its days (ATT-6).
fn not_employed(emp: &Employee, period: &Period) -> UserError {
    let date = |d: Option<chrono::NaiveDate>| d.map_or("-".to_string(), |d| d.format("%Y-%m-%d").to_string());
    UserError::other(crate::msg!(
        "explain.not_employed",
        id = &emp.id,
        name = &emp.name,
        period = period.to_string(),
        hired = date(emp.hire_date),
        left = date(emp.leave_date)
    ))
}

/// Explain one employee's period from the records: the shift-days and the ledger.
pub fn explain(
    data: &Dataset,
    config: &Config,
    period: &Period,
    employee: &str,
) -> Result<Explanation, UserError> {
    let citations = Citations::of_defaults(config);
    explain_checked(data, config, &citations, period, employee, &[], None)
}

/// [`explain`] citing the project's manual, naming the cells of the employee's records that could not be read
/// (a punch's on its day, instead of 缺卡 or 旷工, and the ledger lines of that day
/// marked as doubtful), and saying why the 月度扣款表 would be refused.
pub fn explain_checked(
    data: &Dataset,
    config: &Config,
    citations: &Citations,
    period: &Period,
    employee: &str,
    unreadable: &[UnreadableCell],
    refused: Option<Refused>,
) -> Result<Explanation, UserError> {
    let roster = Roster::new(&data.employees);
    let emp = find_employee(&roster, employee)?;
    let in_period = data.schedule.iter().any(|s| period.contains(s.date))
        || data.punches.iter().any(|p| period.contains(p.at.date()));
    if !in_period {
        return Err(UserError::other(crate::msg!(
            "explain.empty_period",
            period = period.to_string(),
            label = period.label()
        )));
    }
    let own: Vec<UnreadableCell> = unreadable
        .iter()
        .filter(|c| c.employee_id == emp.id)
        .cloned()
        .collect();
    // Only this employee's records are evaluated: no rule looks at another person's.
    let mine = records_of(data, &roster, |e| e.id == emp.id);
    let mut month: HrMonth = compute(&mine, config, period);
    month.attendance.mark_unreadable(&own);
    let mut summary = sheet_rows(&mine, &month, config)
        .into_iter()
        .find(|r| r.id == emp.id)
        .ok_or_else(|| not_employed(emp, period))?;
    summary.seq = sheet_seq(data, &roster, config, period, emp);
    let days: Vec<&ShiftDay> = month.attendance.days_of(&emp.id).collect();
    let doubtful: Vec<chrono::NaiveDate> = days
        .iter()
        .filter(|d| !d.unreadable.is_empty())
        .map(|d| d.date)
        .collect();
    let lines = month
        .pay
        .ledger
        .for_employee(&emp.id)
        .enumerate()
        .map(|(i, l)| {
            let mut x = explained_line(i + 1, l, citations);
            if doubtful.contains(&l.date) && l.rule.code().starts_with("ATT") {
                x.doubt = Some("该日打卡记录无法读取，此笔不能成立".into());
            }
            x
        })
        .collect();
    Ok(Explanation {
        period: PeriodView::from(period),
        manual_title: citations.manual_title().to_string(),
        clauses: citations.by_code(),
        violation_window: crate::rules::hr::pay::cumulative_label(config.rules.pay.violation_window),
        summary,
        roster_location: emp.source.locate("基本工资"),
        notable_days: days
            .iter()
            .filter(|d| d.is_notable())
            .map(|d| day_view(d))
            .collect(),
        days_in_period: days.len(),
        lines,
        personal_calls: month
            .pay
            .personal_calls
            .iter()
            .filter(|c| c.employee_id == emp.id)
            .map(|c| {
                format!(
                    "{} 私人通话 {:02}:{:02} ({})",
                    c.start.format("%Y-%m-%d %H:%M:%S"),
                    c.talk_seconds / 60,
                    c.talk_seconds % 60,
                    c.cell.locate()
                )
            })
            .collect(),
        review: month
            .pay
            .reviews
            .iter()
            .filter(|r| r.employee_id == emp.id)
            .flat_map(|r| r.reasons.iter().cloned())
            .collect(),
        unapproved_corrections: month
            .attendance
            .unapproved
            .iter()
            .filter(|u| u.employee_id == emp.id)
            .map(|u| format!("{} ({})", u.words(), u.cell.locate()))
            .collect(),
        refused,
        unreadable: own.iter().map(UnreadableCell::describe).collect(),
    })
}

/// The records of the roster employees `pick` chooses (each record resolved
/// through the whole roster, as the rules resolve it), with only those employees
/// on the roster: what the rules need to decide their period, and nothing more.
fn records_of(data: &Dataset, roster: &Roster<'_>, pick: impl Fn(&Employee) -> bool) -> Dataset {
    let of = |k: &EmployeeKey| roster.resolve(k).is_ok_and(&pick);
    // The schedule's, punches' and calls' keys are shared: each resolved once.
    let mut keys = KeyResolver::new(roster);
    let mut shared = |k| keys.resolve(k).is_ok_and(&pick);
    fn kept<'k, T: Clone>(records: &'k [T], mut keep: impl FnMut(&'k T) -> bool) -> Vec<T> {
        records.iter().filter(|r| keep(r)).cloned().collect()
    }
    Dataset {
        employees: kept(&data.employees, &pick),
        schedule: kept(&data.schedule, |r| shared(&r.employee)),
        punches: kept(&data.punches, |r| shared(&r.employee)),
        corrections: kept(&data.corrections, |r| of(&r.employee)),
        leaves: kept(&data.leaves, |r| of(&r.employee)),
        complaints: kept(&data.complaints, |r| of(&r.employee)),
        violations: kept(&data.violations, |r| of(&r.employee)),
        calls: kept(&data.calls, |r| shared(&r.agent)),
        ..Dataset::default()
    }
}

/// The employee's 序号 on the 月度扣款表: one more than the rows before theirs,
/// which are the roster employees before them employed in the period, or
/// employed on none of its days but with a ledger line in it (ATT-6).
fn sheet_seq(data: &Dataset, roster: &Roster<'_>, config: &Config, period: &Period, emp: &Employee) -> usize {
    let before = roster.employees().iter().take_while(|e| e.id != emp.id);
    let (employed, away): (Vec<&Employee>, Vec<&Employee>) =
        before.partition(|e| Employment::of(e, period).employed_days > 0);
    let with_lines = if away.is_empty() {
        0
    } else {
        let ids: std::collections::BTreeSet<&str> = away.iter().map(|e| e.id.as_str()).collect();
        let theirs = records_of(data, roster, |e| ids.contains(e.id.as_str()));
        let ledger = compute(&theirs, config, period).pay.ledger;
        let index = ledger.index();
        away.iter().filter(|e| index.has_lines(&e.id)).count()
    };
    employed.len() + with_lines + 1
}

/// Why the 月度扣款表 would be refused, and the employee's records that could not be read.
fn refusal_text(out: &mut String, x: &Explanation) {
    use std::fmt::Write as _;
    if let Some(r) = &x.refused {
        let line = crate::msg!("explain.refused", period = &x.period.label, reason = &r.reason);
        let _ = writeln!(out, "{line}");
        for p in &r.problems {
            let _ = writeln!(out, "  {p}");
        }
    }
    if !x.unreadable.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            crate::msg!("explain.unreadable", n = x.unreadable.len())
        );
        for u in &x.unreadable {
            let _ = writeln!(out, "  {u}");
        }
    }
}

/// The ledger lines, each with its basis, the manual's clause and its cells.
fn lines_text(out: &mut String, x: &Explanation) {
    use std::fmt::Write as _;
    let s = &x.summary;
    let heading = crate::msg!(
        "explain.lines",
        n = x.lines.len(),
        total = Fen(s.total_fen).to_string()
    );
    let _ = writeln!(out, "{heading}");
    if x.lines.is_empty() {
        let _ = writeln!(out, "  {}", crate::msg!("explain.none"));
    }
    for l in &x.lines {
        let _ = writeln!(
            out,
            "  {}. {} {} {} {} {}",
            l.seq, l.date, l.rule, l.reason, l.kind, l.amount
        );
        let _ = writeln!(out, "     {}", crate::msg!("explain.basis", basis = &l.basis));
        let clause = crate::msg!(
            "explain.clause",
            manual = &x.manual_title,
            clause = &l.clause,
            title = l.rule_title,
            source = l.citation.strip_prefix(l.clause.as_str()).unwrap_or(&l.citation)
        );
        let _ = writeln!(out, "     {clause}");
        let sources = crate::msg!("explain.sources", sources = l.sources.join("; "));
        let _ = writeln!(out, "     {sources}");
        if let Some(d) = &l.doubt {
            let _ = writeln!(out, "     {}", crate::msg!("explain.doubt", doubt = d));
        }
    }
}

/// The explanation as text for a terminal.
pub fn to_text(x: &Explanation) -> String {
    use std::fmt::Write as _;
    let s = &x.summary;
    let mut out = String::new();
    let head = crate::msg!(
        "explain.head",
        id = &s.id,
        name = &s.name,
        department = &s.department,
        position = if s.position.is_empty() { "-" } else { &s.position },
        base = Fen(s.base_fen).to_string(),
        period = &x.period.label
    );
    let _ = writeln!(out, "{head}");
    let _ = writeln!(
        out,
        "{}",
        crate::msg!("explain.roster", place = &x.roster_location)
    );
    if !s.employment.is_empty() {
        let employed = crate::msg!(
            "explain.employed",
            employment = &s.employment,
            clause = x.cite(Rule::Att6)
        );
        let _ = writeln!(out, "{employed}");
    }
    refusal_text(&mut out, x);
    let attendance = crate::msg!(
        "explain.attendance",
        work = s.work_days.to_string(),
        attended = s.attended_days.to_string(),
        leave = s.leave_days.to_string(),
        rest = s.rest_days.to_string(),
        late = s.late_count.to_string(),
        late_minutes = s.late_minutes.to_string(),
        early = s.early_leave_count.to_string(),
        missing = s.missing_punch_count.to_string(),
        absent = s.absence_days.to_string(),
        complaints = s.complaints.to_string(),
        violations = s.violations_month.to_string(),
        window = x.violation_window,
        violations_window = s.violations_window.to_string(),
        probation = s.probation.to_string()
    );
    let _ = writeln!(out, "{attendance}");
    if !s.remarks.is_empty() {
        let _ = writeln!(out, "{}", crate::msg!("explain.remarks", remarks = &s.remarks));
    }
    let _ = writeln!(out);
    days_text(&mut out, x);
    let _ = writeln!(out);
    lines_text(&mut out, x);
    if !x.unapproved_corrections.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            crate::msg!("explain.unapproved", clause = x.cite(Rule::Att7))
        );
        for c in &x.unapproved_corrections {
            let _ = writeln!(out, "  {c}");
        }
    }
    if !x.personal_calls.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            crate::msg!("explain.personal_calls", clause = x.cite(Rule::Pay4))
        );
        for c in &x.personal_calls {
            let _ = writeln!(out, "  {c}");
        }
    }
    let _ = writeln!(out);
    let net = crate::msg!(
        "explain.net",
        base = Fen(s.base_fen).to_string(),
        total = Fen(s.total_fen).to_string(),
        net = Fen(s.net_fen).to_string()
    );
    let _ = writeln!(out, "{net}");
    out
}

/// The notable shift-days, each with its punches, leave and schedule cells.
fn days_text(out: &mut String, x: &Explanation) {
    use std::fmt::Write as _;
    let notable = crate::msg!(
        "explain.notable",
        n = x.notable_days.len(),
        days = x.days_in_period
    );
    let _ = writeln!(out, "{notable}");
    if x.notable_days.is_empty() {
        let _ = writeln!(out, "  {}", crate::msg!("explain.none"));
    }
    for d in &x.notable_days {
        let hours = d.hours.as_deref().map(|h| format!(" {h}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} {}{} [{}] {}",
            d.date,
            d.shift,
            hours,
            d.status,
            d.notes.join("; ")
        );
        if let Some(p) = &d.clock_in {
            let _ = writeln!(out, "      {}", crate::msg!("explain.clock_in", punch = p.text()));
        }
        if let Some(p) = &d.clock_out {
            let _ = writeln!(
                out,
                "      {}",
                crate::msg!("explain.clock_out", punch = p.text())
            );
        }
        for p in &d.other_punches {
            let _ = writeln!(
                out,
                "      {}",
                crate::msg!("explain.other_punch", punch = p.text())
            );
        }
        if let Some(l) = &d.leave_location {
            let _ = writeln!(out, "      {}", crate::msg!("explain.leave", place = l));
        }
        if let Some(l) = &d.schedule_location {
            let _ = writeln!(out, "      {}", crate::msg!("explain.schedule", place = l));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::{at, day, employee, Kit};

    /// The text as a Chinese terminal shows it.
    fn zh_text(x: &Explanation) -> String {
        crate::i18n::Lang::Zh.scoped(|| to_text(x))
    }

    fn kit() -> Kit {
        Kit::default()
            .emp(employee("K007", "王五", 400_000))
            .shift("K007", day(11, 3), "常规")
            .punch("K007", at(11, 3, 8, 42, 0))
            .punch("K007", at(11, 3, 17, 35, 0))
    }

    #[test]
    fn one_employee_is_explained_from_their_records_as_the_whole_sheet_has_them() {
        // K001 left before November but has a fine in it (a row); K002 left and has
        // none (no row); K003 is employed; K007 is explained from their records alone.
        let mut gone = employee("K001", "赵一", 300_000);
        gone.leave_date = Some(day(10, 31));
        let mut quiet = employee("K002", "钱二", 300_000);
        quiet.leave_date = Some(day(10, 31));
        let mut k = Kit::default()
            .emp(gone)
            .emp(quiet)
            .emp(employee("K003", "孙三", 300_000))
            .complaint("K001", day(11, 2), crate::model::Severity::Minor, true);
        let own = kit();
        k.data.employees.extend(own.data.employees);
        k.data.schedule.extend(own.data.schedule);
        k.data.punches.extend(own.data.punches);
        let cfg = Config::default();
        let p = Period::parse("2026-11").expect("month");
        let whole = compute(&k.data, &cfg, &p);
        let rows = sheet_rows(&k.data, &whole, &cfg);
        let row = rows.iter().find(|r| r.id == "K007").expect("K007's row");
        let x = explain(&k.data, &cfg, &p, "K007").expect("explained");
        assert_eq!((x.summary.seq, row.seq), (3, 3));
        assert_eq!(x.summary.total_fen, row.total_fen);
        assert_eq!(x.summary.late_count, row.late_count);
        let lines: Vec<_> = whole
            .pay
            .ledger
            .for_employee("K007")
            .map(|l| l.amount.0)
            .collect();
        assert_eq!(x.lines.iter().map(|l| l.amount_fen).collect::<Vec<_>>(), lines);
    }

    #[test]
    fn explains_a_late_arrival_with_clause_and_cells() {
        let k = kit();
        let x = explain(
            &k.data,
            &Config::default(),
            &Period::parse("2026-11").expect("p"),
            "K007",
        )
        .expect("explained");
        // 08:42 against 08:30: 12 minutes; 1 late arrival → 2% of ¥4,000.00 = ¥80.00.
        assert_eq!(x.lines.len(), 1);
        let l = &x.lines[0];
        assert_eq!((l.rule, l.amount.as_str()), ("ATT-2", "¥80.00"));
        // The manual's own clause (迟到扣款 is its 第二十五条), the handbook's in brackets.
        assert_eq!(l.clause, "第二十五条");
        assert_eq!(l.citation, "第二十五条（客户服务部门的工作管理制度 七.1）");
        assert!(
            zh_text(&x)
                .contains("条款: 《客服部制度手册》第二十五条 迟到扣款（客户服务部门的工作管理制度 七.1）"),
            "{}",
            zh_text(&x)
        );
        assert!(
            l.sources.iter().any(|s| s == "inputs/punches.xlsx › 打卡记录!3"),
            "{:?}",
            l.sources
        );
        let text = zh_text(&x);
        assert!(text.contains("迟到 12\u{a0}分钟"), "{text}");
        assert!(
            text.contains("基本工资 ¥4,000.00 − 扣款合计 ¥80.00 = 应发基本工资 ¥3,920.00"),
            "{text}"
        );
        // By name too.
        assert!(explain(
            &k.data,
            &Config::default(),
            &Period::parse("2026-11").expect("p"),
            "王五"
        )
        .is_ok());
    }

    #[test]
    fn unknown_employee_and_empty_period_are_clear_errors() {
        let k = kit();
        let nov = Period::parse("2026-11").expect("p");
        let e = explain(&k.data, &Config::default(), &nov, "K999").expect_err("unknown");
        assert!(e.to_string().contains("no employee \"K999\""), "{e}");
        let dec = Period::parse("2026-12").expect("p");
        let e = explain(&k.data, &Config::default(), &dec, "K007").expect_err("empty");
        assert!(
            e.to_string().contains("has no schedule entries and no punches"),
            "{e}"
        );
    }

    #[test]
    fn an_unreadable_punch_is_named_on_its_day_instead_of_a_missing_punch() {
        // K007 worked 11-03 (08:42 in) and on 11-04 only his clock-out was read;
        // the clock-in cell of 11-04 could not be.
        let k = kit()
            .shift("K007", day(11, 4), "常规")
            .punch("K007", at(11, 4, 17, 35, 0));
        let nov = Period::parse("2026-11").expect("p");
        let plain = explain(&k.data, &Config::default(), &nov, "K007").expect("explained");
        let text = zh_text(&plain);
        assert!(text.contains("缺卡（上班未打卡）"), "{text}");
        let cell = UnreadableCell {
            employee_id: "K007".into(),
            date: Some(day(11, 4)),
            record: UnreadableCell::PUNCH,
            location: "inputs/punches.xlsx › 打卡记录!C30".into(),
            message: "\"25:61\" is not a time".into(),
        };
        let refused = Refused {
            reason: crate::msg!("gate.errors_one"),
            problems: vec!["inputs/punches.xlsx › 打卡记录!C30: \"25:61\" is not a time".into()],
        };
        let x = explain_checked(
            &k.data,
            &Config::default(),
            &Citations::of_defaults(&Config::default()),
            &nov,
            "K007",
            std::slice::from_ref(&cell),
            Some(refused),
        )
        .expect("explained");
        let text = zh_text(&x);
        assert!(
            text.contains("打卡记录 inputs/punches.xlsx › 打卡记录!C30 无法读取（\"25:61\" is not a time）"),
            "{text}"
        );
        assert!(!text.contains("缺卡（上班未打卡）"), "{text}");
        assert!(
            text.contains("月度扣款表 2026年11月 不会生成: 其读取的输入中有 1 个错误"),
            "{text}"
        );
        // The headings follow the terminal's language; the figures and words of the records do not.
        let en = crate::i18n::Lang::En.scoped(|| to_text(&x));
        assert!(
            en.contains("the 月度扣款表 2026年11月 would not be made: 1 error in the inputs it reads"),
            "{en}"
        );
        assert!(en.contains("base pay ¥4,000.00 − total deductions"), "{en}");
        // Someone else's cell changes nothing of K007's.
        let other = UnreadableCell {
            employee_id: "K008".into(),
            ..cell
        };
        let x = explain_checked(
            &k.data,
            &Config::default(),
            &Citations::of_defaults(&Config::default()),
            &nov,
            "K007",
            &[other],
            None,
        )
        .expect("explained");
        assert!(zh_text(&x).contains("缺卡（上班未打卡）"));
        assert!(x.unreadable.is_empty());
    }
}
