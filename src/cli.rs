//! The command line (clap derive): global options and one variant per command.
//! Every argument is typed here, once: dates as [`NaiveDate`], periods as
//! [`Period`], slip fields as [`SlipClass`] and [`SlipNature`], report ids
//! against the report registry; the flags of `run`, `due` and `slip new` become
//! the library's requests. Commands receive typed values only. [`help`] holds
//! the examples shown under each command; [`clock`] the one reading of today.

pub mod clock;
pub mod help;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::batch::RunRequest;
use crate::deliver::SendRequest;
use crate::error::{Exit, UserError};
use crate::i18n::Text;
use crate::model::{InputKind, Period, SlipClass, SlipNature};
use crate::register::NewSlip;
use crate::reports::registry::{self, ReportSpec};

/// zhidu (制度): a customer-service department's exports in, its handbook's rules
/// applied, its documents out as XLSX and PDF.
#[derive(Debug, Parser)]
#[command(name = "zhidu", version, about, long_about = None, after_help = help::zhidu())]
pub struct Cli {
    /// The project folder, holding zhidu.toml.
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = PROJECT_VAR,
        default_value = ".",
        help_heading = help::GLOBAL
    )]
    pub project: PathBuf,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = help::GLOBAL)]
    pub quiet: bool,
    /// Print more detail (`run`: each file's SHA-256, and every input problem).
    #[arg(short, long, global = true, help_heading = help::GLOBAL)]
    pub verbose: bool,
    /// Colour: `auto` colours what goes to a terminal unless the NO_COLOR variable
    /// is set to a non-empty value; `always` and `never` override both.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        help_heading = help::GLOBAL
    )]
    pub color: ColorChoice,
    /// The language of zhidu's messages: `zh` (Chinese) or `en` (English). Without
    /// it, the ZHIDU_LANG variable, then the locale (LC_ALL, LC_MESSAGES, LANG:
    /// Chinese when it starts with `zh`), else English. Documents are Chinese
    /// whatever this says; `--help` is English.
    #[arg(long, global = true, value_enum, value_name = "LANG", help_heading = help::GLOBAL)]
    pub lang: Option<LangChoice>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The variable that names the project folder when `--project` is not given.
pub const PROJECT_VAR: &str = "ZHIDU_PROJECT";

/// Parse the process's command line. An empty `ZHIDU_PROJECT` counts as unset
/// (as an empty `NO_COLOR` does), not as a folder with no name.
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    if std::env::var_os(PROJECT_VAR).is_some_and(|v| v.is_empty()) {
        cmd = cmd.mut_arg("project", |a| a.env(None::<&'static str>));
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // A value clap refuses is put into words in the language asked for.
    crate::i18n::Lang::detect(lang_flag(&args), |v| std::env::var(v).ok()).set_current();
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

impl Cli {
    /// Whether to colour text written to a stream that is (`terminal = true`) or
    /// is not a terminal: `--color always|never`, or for `auto` a terminal without
    /// a non-empty `NO_COLOR` (an empty one does not count, as no-color.org says).
    pub fn use_color(&self, terminal: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && colour_allowed(std::env::var_os("NO_COLOR").as_deref()),
        }
    }
}

impl Cli {
    /// The language to speak: `--lang`, else `ZHIDU_LANG`, else the locale.
    pub fn lang(&self) -> crate::i18n::Lang {
        let flag = self.lang.map(|l| match l {
            LangChoice::Zh => crate::i18n::Lang::Zh,
            LangChoice::En => crate::i18n::Lang::En,
        });
        crate::i18n::Lang::detect(flag, |v| std::env::var(v).ok())
    }
}

/// The language `--lang` names on a command line not yet parsed (`--lang zh`,
/// `--lang=zh`), if any: clap's refusals are worded before [`Cli::lang`] can be read.
fn lang_flag(args: &[std::ffi::OsString]) -> Option<crate::i18n::Lang> {
    let args: Vec<&str> = args.iter().filter_map(|a| a.to_str()).collect();
    let mut found = None;
    for (i, a) in args.iter().enumerate() {
        if *a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).copied(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(crate::i18n::Lang::parse) {
            found = Some(lang);
        }
    }
    found
}

/// A language of `--lang`: `zh` or `en`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangChoice {
    Zh,
    En,
}

/// Whether `NO_COLOR` allows colour: unset, or set to the empty string (no-color.org:
/// only a non-empty value turns colour off).
fn colour_allowed(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

/// When to colour output: `auto`, `always` or `never`.
// The values are explained together, once, in `--color`'s help: a doc comment
// on each would repeat them as a second list.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output format of commands that print reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text.
    Text,
    /// JSON, for scripts and schedulers.
    Json,
}

/// Output format of `zhidu records`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordsFormat {
    /// CSV, UTF-8 with a BOM.
    Csv,
    /// One JSON array of objects.
    Json,
}

fn input_kind(id: &str) -> Result<InputKind, Text> {
    InputKind::from_id(id.trim()).ok_or_else(|| {
        crate::msg!(
            "cli.not_an_input_kind",
            id = id,
            expected = InputKind::ALL.map(InputKind::id).join(", ")
        )
    })
}

/// A value on the command line that is well formed but names no period, slip
/// class or slip nature. Like a bad value in the inputs it is the user's error
/// (exit 1); a command line clap cannot read (a missing flag, a date that is not
/// a date, an unknown report) is a usage error (exit 2).
#[derive(Debug)]
pub struct BadValue(pub Text);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BadValue {}

/// The years a date on the command line may name: the tool's documents, the
/// workbooks it writes and the calendars it reads make no sense outside them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

fn year_in_range(d: NaiveDate) -> Result<NaiveDate, Text> {
    use chrono::Datelike;
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(crate::msg!(
            "cli.year_out_of_range",
            date = d.to_string(),
            first = *YEARS.start(),
            last = *YEARS.end()
        ))
    }
}

/// A date `YYYY-MM-DD` from 1990 to 2100.
fn date(text: &str) -> Result<NaiveDate, Text> {
    let d = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| crate::msg!("cli.not_a_date", text = text))?;
    year_in_range(d)
}

fn period(text: &str) -> Result<Period, BadValue> {
    let p: Period = text.parse().map_err(BadValue)?;
    year_in_range(p.start)
        .and_then(|_| year_in_range(p.end))
        .map_err(BadValue)?;
    Ok(p)
}

/// The most characters an Excel cell holds: a slip's text goes into the register.
const CELL_CHARS: usize = 32_767;

/// Text for a register cell: at most 32,767 characters (UTF-16 units, as Excel
/// counts), the most an Excel cell holds.
fn cell_text(text: &str) -> Result<String, Text> {
    let n = text.encode_utf16().count();
    if n > CELL_CHARS {
        return Err(crate::msg!("cli.too_long_for_a_cell", n = n, most = CELL_CHARS));
    }
    Ok(text.to_string())
}

fn slip_class(text: &str) -> Result<SlipClass, BadValue> {
    text.parse().map_err(BadValue)
}

fn slip_nature(text: &str) -> Result<SlipNature, BadValue> {
    text.parse().map_err(BadValue)
}

fn report(id: &str) -> Result<&'static ReportSpec, Text> {
    registry::find(id).ok_or_else(|| crate::msg!("cli.not_a_report", id = id, expected = registry::id_list()))
}

/// The exit code for a command line clap refused (or `--help`/`--version`, 0).
pub fn exit_code(e: &clap::Error) -> Exit {
    use std::error::Error as _;
    if !e.use_stderr() {
        Exit::Success
    } else if e.source().is_some_and(|s| s.is::<BadValue>()) {
        Exit::BadInput
    } else {
        Exit::Usage
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a project folder: a commented zhidu.toml and, in inputs/, one header-only
    /// workbook per kind of export (with --sample, a sample department's month instead).
    #[command(after_help = help::INIT)]
    Init(InitArgs),
    /// Read the config and every input; report what was read and every problem,
    /// and each input's dates against the periods due.
    #[command(after_help = help::CHECK)]
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Check what `run --date DATE` would render: its reports' inputs must cover
        /// their periods (default: show the latest period each report has fallen due
        /// for by today, without failing on it).
        #[arg(long, value_parser = date, value_name = "DATE")]
        date: Option<NaiveDate>,
    },
    /// Print every record of one input kind as zhidu read it, one per row, with its
    /// canonical fields and the cell it came from (problems go to standard error).
    #[command(after_help = help::RECORDS)]
    Records {
        /// The input kind.
        #[arg(value_name = "KIND", value_parser = help::input_kind(input_kind))]
        kind: InputKind,
        /// Output format: CSV (UTF-8 with BOM, opens in Excel and WPS) or a JSON array.
        #[arg(long, value_enum, default_value_t = RecordsFormat::Csv)]
        format: RecordsFormat,
    },
    /// List the reports that fall due on a date (or in a range), with the period each covers.
    #[command(after_help = help::DUE)]
    Due(DueArgs),
    /// Explain one employee's deductions for a period: the notable shift-days and every
    /// ledger line with its handbook clause and source cells.
    #[command(after_help = help::EXPLAIN)]
    Explain {
        /// The employee's 工号 (or a unique 姓名).
        #[arg(long)]
        employee: String,
        /// A month such as 2026-11, or a span such as 2026-11-18..2026-11-24.
        #[arg(long, value_parser = period)]
        period: Period,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Render the reports due on a date, one report for a period, or everything due in a
    /// range; then list every file written, by report.
    #[command(after_help = help::RUN)]
    Run(RunArgs),
    /// Mail what a run produced: each report's files to its readers ([mail.reports]),
    /// each employee their own notice, encrypted ([mail.notices]). Without --yes it
    /// only prints what it would send.
    Send(SendArgs),
    /// Work-contact slips (工作联系单): print forms, add a slip to the register.
    #[command(after_help = help::SLIP)]
    Slip {
        /// What to do.
        #[command(subcommand)]
        command: Box<SlipCommand>,
    },
    /// Typeset the policy manual (制度手册) and its clause index from the settings into outputs/manual/.
    #[command(after_help = help::MANUAL)]
    Manual,
    /// The built-in templates: list them, or copy one into the project's templates/ to edit it.
    #[command(after_help = help::TEMPLATES)]
    Templates {
        /// What to do.
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// Print the completion script of a shell (bash, zsh, fish, powershell, elvish).
    #[command(after_help = help::COMPLETIONS)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print zhidu's man page, or write one page per command into a folder.
    #[command(after_help = help::MAN)]
    Man {
        /// Write zhidu.1 and a page per command (zhidu-run.1, …) into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Write the deterministic sample inputs into a folder (used to make inputs/).
    #[command(hide = true)]
    GenSamples {
        /// The folder to write the sample exports into.
        dir: PathBuf,
    },
}

/// `zhidu init`'s flags.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create or fill.
    pub dir: PathBuf,
    /// A sample department's month in inputs/ instead of header-only workbooks.
    #[arg(long)]
    pub sample: bool,
    /// Write zhidu.toml even when it exists; files already in inputs/ are always kept.
    #[arg(long)]
    pub force: bool,
}

/// `zhidu templates …` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the built-in templates: what each renders, and whether the project overrides it.
    #[command(after_help = help::TEMPLATES_LIST)]
    List,
    /// Copy a built-in template into the project's templates/, where it replaces the built-in one.
    #[command(after_help = help::TEMPLATES_COPY)]
    Copy {
        /// The template, as `templates list` names it (`deductions.xml`, `manual/04-pay.md`;
        /// the extension may be left off).
        #[arg(value_name = "NAME")]
        name: String,
        /// Overwrite the project's file of that name.
        #[arg(long)]
        force: bool,
    },
}

/// `zhidu due`'s flags.
#[derive(Debug, Args)]
pub struct DueArgs {
    /// The day to look at (YYYY-MM-DD).
    #[arg(long, value_parser = date, value_name = "DATE", conflicts_with_all = ["from", "to"])]
    pub date: Option<NaiveDate>,
    /// First day of a range (YYYY-MM-DD), with --to.
    #[arg(long, value_parser = date, value_name = "DATE", requires = "to")]
    pub from: Option<NaiveDate>,
    /// Last day of a range (YYYY-MM-DD), with --from.
    #[arg(long, value_parser = date, value_name = "DATE", requires = "from")]
    pub to: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

impl DueArgs {
    /// The days to list, both included: `--date D`, or `--from A --to B`.
    pub fn days(&self) -> Result<(NaiveDate, NaiveDate), UserError> {
        match (self.date, self.from, self.to) {
            (Some(d), None, None) => Ok((d, d)),
            (None, Some(a), Some(b)) if a <= b => Ok((a, b)),
            (None, Some(a), Some(b)) => Err(UserError::other(crate::msg!(
                "cli.due_range_backwards",
                from = a.to_string(),
                to = b.to_string()
            ))),
            _ => Err(UserError::other(crate::msg!("cli.due_needs_days"))),
        }
    }
}

/// `zhidu run`'s flags.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").args(["date", "today", "report", "from"]).required(true))]
pub struct RunArgs {
    /// Render everything due on this day (YYYY-MM-DD).
    #[arg(long, value_parser = date, value_name = "DATE", conflicts_with_all = ["from", "to", "report", "today"])]
    pub date: Option<NaiveDate>,
    /// Render everything due today, the date in company.timezone (default Asia/Shanghai).
    #[arg(long, conflicts_with_all = ["from", "to", "report"])]
    pub today: bool,
    /// Render one report.
    #[arg(long, value_name = "ID", value_parser = help::report(report))]
    pub report: Option<&'static ReportSpec>,
    /// The period for --report: `2026-11` or `2026-11-18..2026-11-24` (not needed for a report without a period).
    #[arg(long, value_name = "PERIOD", requires = "report", value_parser = period)]
    pub period: Option<Period>,
    /// First day of a backfill range (YYYY-MM-DD), with --to.
    #[arg(long, value_parser = date, value_name = "DATE", requires = "to", conflicts_with = "report")]
    pub from: Option<NaiveDate>,
    /// Last day of a backfill range (YYYY-MM-DD), with --from.
    #[arg(long, value_parser = date, value_name = "DATE", requires = "from", conflicts_with = "report")]
    pub to: Option<NaiveDate>,
    /// The run date naming `outputs/<run-date>/manifest.json` (default: the day run, --to, or the period's end).
    #[arg(long, value_parser = date, value_name = "DATE")]
    pub run_date: Option<NaiveDate>,
    /// Wait at most this many seconds for another zhidu command writing in the project (0: do not wait).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub wait: u64,
    /// Then mail what this run produced, as `zhidu send` does (with --yes; without, only the plan is printed).
    #[arg(long)]
    pub send: bool,
    /// With --send: send for real.
    #[arg(long, requires = "send")]
    pub yes: bool,
    /// How to print what was written: text, or JSON for a scheduler (the same content).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

/// `zhidu send`'s flags.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").args(["date", "report"]).required(true))]
pub struct SendArgs {
    /// Send what the runs of this run date produced (YYYY-MM-DD).
    #[arg(long, value_parser = date, value_name = "DATE", conflicts_with = "report")]
    pub date: Option<NaiveDate>,
    /// Send one report's latest documents (weekly, ops-weekly, monthly, csat, deductions, slips, manual).
    #[arg(long, value_name = "ID", value_parser = report)]
    pub report: Option<&'static ReportSpec>,
    /// The period for --report: `2026-11` or `2026-11-18..2026-11-24`.
    #[arg(long, value_name = "PERIOD", requires = "report", value_parser = period)]
    pub period: Option<Period>,
    /// Send for real; without it the plan is printed and nothing leaves.
    #[arg(long)]
    pub yes: bool,
    /// Wait at most this many seconds for another zhidu command writing in the project (0: do not wait).
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub wait: u64,
}

impl SendArgs {
    /// What to send: `--date D`, or `--report ID [--period P]`.
    pub fn request(&self) -> Result<SendRequest, UserError> {
        match (self.date, self.report) {
            (Some(run_date), _) => Ok(SendRequest::Date { run_date, only: None }),
            (None, Some(spec)) => Ok(SendRequest::Report {
                id: spec.id.to_string(),
                period: self.period,
            }),
            (None, None) => Err(UserError::other(crate::msg!("cli.send_needs_what"))),
        }
    }
}

impl RunArgs {
    /// The batch request and the run date naming its manifest. `today` is the
    /// date `--today` stands for (the caller reads it in the project's time zone).
    pub fn request(&self, today: Option<NaiveDate>) -> Result<(RunRequest, NaiveDate), UserError> {
        let day = self.date.or(today.filter(|_| self.today));
        let (request, default_run_date) = match (day, self.report, self.from, self.to) {
            (Some(d), ..) => (RunRequest::Date(d), Some(d)),
            (_, Some(spec), ..) => (
                RunRequest::One {
                    id: spec.id.to_string(),
                    period: self.period,
                },
                self.period.map(|p| p.end),
            ),
            (_, _, Some(a), Some(b)) if a > b => {
                return Err(UserError::other(crate::msg!(
                    "cli.run_range_backwards",
                    from = a.to_string(),
                    to = b.to_string()
                )))
            }
            (_, _, Some(a), Some(b)) => (RunRequest::Range(a, b), Some(b)),
            _ => return Err(UserError::other(crate::msg!("cli.run_needs_what"))),
        };
        let run_date = self
            .run_date
            .or(default_run_date)
            .ok_or_else(|| UserError::other(crate::msg!("cli.run_needs_run_date")))?;
        Ok((request, run_date))
    }
}

/// `zhidu slip …` subcommands.
#[derive(Debug, Subcommand)]
pub enum SlipCommand {
    /// Render the printable form of a slip (three copies) as PDF and XLSX into outputs/slips/,
    /// or with --all --period every slip issued in the period into `outputs/<period>/slips/`.
    #[command(after_help = help::SLIP_FORM)]
    Form {
        /// The slip's number, e.g. KF-2026-014.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        number: Option<String>,
        /// Every slip issued in --period.
        #[arg(long, requires = "period")]
        all: bool,
        /// The period for --all: a month (2026-11) or a span (2026-11-01..2026-11-15).
        #[arg(long, value_name = "PERIOD", value_parser = period)]
        period: Option<Period>,
    },
    /// Give a new slip the next free number of its year, append it to the register
    /// (keeping a backup of the previous one) and render its form.
    #[command(after_help = help::SLIP_NEW)]
    New(NewSlipArgs),
}

/// `zhidu slip new`'s flags.
#[derive(Debug, Args)]
pub struct NewSlipArgs {
    /// 类别: A, B or C (fixes the approval chain).
    #[arg(long, value_parser = slip_class)]
    pub class: SlipClass,
    /// 性质: 协助指令, 工作指令, 事件跟催, 申诉建议 or 其他.
    #[arg(long, value_parser = slip_nature)]
    pub nature: Option<SlipNature>,
    /// 发单部门.
    #[arg(long = "from", value_parser = cell_text, value_name = "DEPT")]
    pub from: String,
    /// 收单部门; repeat for a slip to several departments (one register row each).
    #[arg(long = "to", value_parser = cell_text, value_name = "DEPT", required = true)]
    pub to: Vec<String>,
    /// 主题.
    #[arg(long, value_parser = cell_text)]
    pub subject: String,
    /// 工作要求.
    #[arg(long, value_parser = cell_text)]
    pub requirement: Option<String>,
    /// 要求完成日期, YYYY-MM-DD.
    #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
    pub due: NaiveDate,
    /// 发单日期, YYYY-MM-DD (default: today, in company.timezone).
    #[arg(long, value_parser = date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// 起草人.
    #[arg(long, value_parser = cell_text)]
    pub drafter: Option<String>,
    /// 替代编号: make this a counter-slip (反联络单) replacing the given slip's due date.
    #[arg(long, value_parser = cell_text, value_name = "NUMBER")]
    pub replaces: Option<String>,
}

impl NewSlipArgs {
    /// The slip to add, issued on `--date` or else on `today`.
    pub fn slip(&self, today: NaiveDate) -> NewSlip {
        NewSlip {
            class: self.class,
            nature: self.nature,
            from_dept: self.from.trim().to_string(),
            to_depts: self.to.iter().map(|t| t.trim().to_string()).collect(),
            subject: self.subject.trim().to_string(),
            requirement: self.requirement.clone().filter(|r| !r.trim().is_empty()),
            issue_date: self.date.unwrap_or(today),
            due_date: self.due,
            drafter: self.drafter.clone().filter(|d| !d.trim().is_empty()),
            replaces: self.replaces.clone().filter(|r| !r.trim().is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_non_empty_no_color_turns_colour_off() {
        assert!(colour_allowed(None));
        assert!(colour_allowed(Some(std::ffi::OsStr::new(""))));
        assert!(!colour_allowed(Some(std::ffi::OsStr::new("1"))));
    }

    /// `zhidu run ARGS`, parsed.
    fn run_args(args: &[&str]) -> RunArgs {
        let argv = ["zhidu", "run"].iter().chain(args);
        match Cli::try_parse_from(argv) {
            Ok(Cli {
                command: Command::Run(args),
                ..
            }) => args,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn today_stands_for_the_date_only_with_the_flag() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("a date");
        let (request, run_date) = run_args(&["--today"]).request(Some(d(12, 1))).expect("a request");
        assert_eq!((request, run_date), (RunRequest::Date(d(12, 1)), d(12, 1)));
        let (request, _) = run_args(&["--date", "2026-11-30"])
            .request(Some(d(12, 1)))
            .expect("a request");
        assert_eq!(request, RunRequest::Date(d(11, 30)));
        assert!(Cli::try_parse_from(["zhidu", "run", "--today", "--date", "2026-11-30"]).is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
