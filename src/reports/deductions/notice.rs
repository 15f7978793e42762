//! 扣款通知单: one per employee with a ledger line, made from the same ledger as
//! the 月度扣款表. It says what the employee needs and nothing else: its number and
//! date, each line's date, the manual's clause, the reason, the basis and the
//! amount, the total in figures and in capitals, how fines reach the fund and how
//! to contest a deduction. The cells the lines come from are on the 扣款明细 sheet
//! and in `zhidu explain`.

use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::{company, line_view, money_route, sheet_rows, CompanyView, HrMonth, LineView, SheetRow};
use crate::config::Config;
use crate::model::{Dataset, Fen, Period};
use crate::reports::manual::Citations;
use crate::reports::money_words::rmb_upper;
use crate::reports::PeriodView;
use crate::rules::hr::days::DaysByEmployee;
use crate::schedule::ReportRule;

/// One 扣款通知单's template context: that employee's data only.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeContext {
    /// Company.
    pub company: CompanyView,
    /// Period.
    pub period: PeriodView,
    /// The notice's number, `KF-KK-2026-11-K002` ([`notice_number`]).
    pub number: String,
    /// The notice's date in words, `2026年12月1日` ([`issue_date`]).
    pub date: String,
    /// The manual's title (the clauses cited are its own).
    pub manual_title: String,
    /// How to contest a deduction (`rules.pay.appeal`, the sentence the manual prints).
    pub appeal: String,
    /// The manual's clause printing it, `第三十条` (empty when it does not).
    pub appeal_clause: String,
    /// How deductions and fines reach pay and the fund ([`money_route`]).
    pub money_route: String,
    /// The employee's sheet row (counts, totals, flags).
    pub employee: SheetRow,
    /// 扣款合计 in capitals, `壹仟壹佰元整`.
    pub total_words: String,
    /// The employee's ledger lines.
    pub lines: Vec<LineView>,
    /// The employee's punch cells that could not be read, each named on its day.
    pub unreadable: Vec<String>,
}

/// The punch cells of an employee's days that could not be read (marked by
/// [`Attendance::mark_unreadable`](crate::rules::hr::attendance::Attendance::mark_unreadable)).
fn unreadable_of(days: &DaysByEmployee<'_>, id: &str) -> Vec<String> {
    days.days_of(id)
        .flat_map(|d| d.unreadable.iter().cloned())
        .collect()
}

/// The day the period's deductions fall due by the report calendar
/// (`[reports.deductions]`: the 1st of the next month by default), the date the
/// notices and the sheet bear; the period's last day when the calendar gives
/// none (a report on demand, a span of days). Never the clock.
pub fn issue_date(config: &Config, period: &Period) -> NaiveDate {
    let rule = ReportRule::new("deductions", &config.reports.deductions);
    (1..=62)
        .filter_map(|n| period.end.checked_add_days(Days::new(n)))
        .find(|d| rule.due_on(*d).is_some_and(|due| due.period == Some(*period)))
        .unwrap_or(period.end)
}

/// `2026年12月1日`.
pub fn date_words(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The notice's number: the department's document prefix (what
/// `rules.slips.number_pattern` puts before its year, `KF`), `KK` (扣款), the
/// period and the 工号: `KF-KK-2026-11-K002`; `KK-…` without a prefix, and the
/// first and last day for a span that is not a month.
pub fn notice_number(config: &Config, period: &Period, id: &str) -> String {
    let pattern = config.rules.slips.number_pattern.as_str();
    let prefix = pattern
        .split("YYYY")
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| c == '-' || c == '_' || c == '/' || c.is_whitespace());
    let when = if period.is_month() {
        period.start.format("%Y-%m").to_string()
    } else {
        format!(
            "{}-{}",
            period.start.format("%Y%m%d"),
            period.end.format("%Y%m%d")
        )
    };
    let id = id.trim();
    if prefix.is_empty() {
        format!("KK-{when}-{id}")
    } else {
        format!("{prefix}-KK-{when}-{id}")
    }
}

/// The sheet rows of the employees who get a notice: one per employee with a
/// ledger line or an unreadable record (or everyone when
/// `rules.pay.notice_for_everyone` is set), in roster order.
pub fn notice_rows(data: &Dataset, month: &HrMonth, config: &Config) -> Vec<SheetRow> {
    let everyone = config.rules.pay.notice_for_everyone;
    let ledger = month.pay.ledger.index();
    let days = month.attendance.by_employee();
    sheet_rows(data, month, config)
        .into_iter()
        .filter(|row| {
            everyone || ledger.has_lines(&row.id) || days.days_of(&row.id).any(|d| !d.unreadable.is_empty())
        })
        .collect()
}

/// The notices' contexts, one per row of [`notice_rows`].
pub fn notice_contexts(
    data: &Dataset,
    month: &HrMonth,
    config: &Config,
    citations: &Citations,
) -> Vec<NoticeContext> {
    let date = date_words(issue_date(config, &month.period));
    let ledger = month.pay.ledger.index();
    let days = month.attendance.by_employee();
    notice_rows(data, month, config)
        .into_iter()
        .map(|row| {
            let lines: Vec<LineView> = ledger
                .for_employee(&row.id)
                .enumerate()
                .map(|(i, l)| line_view(i + 1, l, citations))
                .collect();
            let unreadable = unreadable_of(&days, &row.id);
            NoticeContext {
                company: company(config),
                period: PeriodView::from(&month.period),
                number: notice_number(config, &month.period, &row.id),
                date: date.clone(),
                manual_title: citations.manual_title().to_string(),
                appeal: config.rules.pay.appeal.clone(),
                appeal_clause: citations.appeal_number().to_string(),
                money_route: money_route(citations),
                total_words: rmb_upper(Fen(row.total_fen)),
                employee: row,
                lines,
                unreadable,
            }
        })
        .collect()
}

/// The stem of a notice's file name, `<工号>-<姓名>` made safe.
pub fn notice_stem(id: &str, name: &str) -> String {
    crate::output::safe_file_name(&format!("{id}-{name}"))
}

/// The notice's path under the output folder: `<period>/notices/<工号>-<姓名>.pdf`
/// (`-2` is added when another notice of the month already has that name).
pub fn notice_path(period: &Period, id: &str, name: &str) -> PathBuf {
    PathBuf::from(period.dir_name())
        .join("notices")
        .join(format!("{}.pdf", notice_stem(id, name)))
}

#[cfg(test)]
mod tests {
    use super::super::compute;
    use super::super::tests::sample;
    use super::*;
    use crate::rules::testkit::day;

    #[test]
    fn a_notice_names_a_punch_cell_that_could_not_be_read() {
        use crate::rules::hr::attendance::UnreadableCell;
        let k = sample();
        let cfg = Config::default();
        let mut month = compute(&k.data, &cfg, &Period::parse("2026-11").expect("month"));
        let cell = UnreadableCell {
            employee_id: "K002".into(),
            date: Some(day(11, 5)),
            record: UnreadableCell::PUNCH,
            location: "inputs/punches.xlsx › 打卡记录!C30".into(),
            message: "\"25:61\" is not a time".into(),
        };
        month.attendance.mark_unreadable(std::slice::from_ref(&cell));
        // K002 has no ledger line, yet gets a notice naming the cell.
        let notices = notice_contexts(&k.data, &month, &cfg, &Citations::of_defaults(&cfg));
        let n = notices
            .iter()
            .find(|n| n.employee.id == "K002")
            .expect("a notice for K002");
        assert_eq!(n.unreadable, vec![cell.describe()]);
        assert!(n.lines.is_empty());
    }

    #[test]
    fn a_notice_has_its_number_its_date_and_the_total_in_capitals() {
        let k = sample();
        let cfg = Config::default();
        let nov = Period::parse("2026-11").expect("month");
        let month = compute(&k.data, &cfg, &nov);
        let notices = notice_contexts(&k.data, &month, &cfg, &Citations::of_defaults(&cfg));
        let n = &notices[0];
        // K001: ¥80.00 + ¥80.00 + ¥10.00 + ¥10.00 = ¥180.00.
        assert_eq!(n.employee.total_fen, 18_000);
        assert_eq!(n.total_words, "壹佰捌拾元整");
        assert_eq!(n.number, "KF-KK-2026-11-K001");
        // The deductions fall due on day 1 for the previous month: 2026-12-01,
        // whatever day the notices are made.
        assert_eq!(n.date, "2026年12月1日");
        assert_eq!(issue_date(&cfg, &nov), day(12, 1));
        // A span of days the calendar never covers: its last day.
        let span = Period::parse("2026-11-18..2026-11-24").expect("span");
        assert_eq!(issue_date(&cfg, &span), day(11, 24));
        assert_eq!(notice_number(&cfg, &span, "K001"), "KF-KK-20261118-20261124-K001");
        // Without a prefix before the year: KK alone.
        let mut bare = cfg.clone();
        bare.rules.slips.number_pattern = crate::model::NumberPattern::parse("YYYY-NNN").expect("pattern");
        assert_eq!(notice_number(&bare, &nov, "K001"), "KK-2026-11-K001");
    }

    #[test]
    fn the_notice_joins_figures_to_their_units_and_leaves_file_paths_out() {
        let k = sample();
        let cfg = Config::default();
        let month = compute(&k.data, &cfg, &Period::parse("2026-11").expect("month"));
        let notices = notice_contexts(&k.data, &month, &cfg, &Citations::of_defaults(&cfg));
        let renderer = crate::render::Renderer::from_templates(&[]).expect("renderer");
        let doc = renderer.document("notice.xml", &notices[0]).expect("notice");
        let text = format!("{doc:?}");
        // U+00A0 between a figure and its unit: 旷工 0 / 天 cannot happen.
        for joined in [
            "旷工 0\\u{a0}天",
            "迟到 2\\u{a0}次（25\\u{a0}分钟）",
            "迟到 10\\u{a0}分钟",
            "第 1\\u{a0}次迟到",
        ] {
            assert!(text.contains(joined), "{joined}: {text}");
        }
        // The lines' cells are not printed for the employee.
        assert!(!text.contains("inputs/") && !text.contains("数据来源"), "{text}");
        assert!(text.contains("壹佰捌拾元整"), "{text}");
    }

    #[test]
    fn notice_paths_are_safe() {
        assert_eq!(
            notice_path(&Period::parse("2026-11").expect("month"), "K001", "李/四"),
            PathBuf::from("2026-11/notices/K001-李_四.pdf")
        );
    }
}
