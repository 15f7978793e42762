//! The command line (clap derive): global options and one variant per command.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// zhidu (制度): a customer-service department's exports in, its handbook's rules
/// applied, its documents out as XLSX and PDF.
#[derive(Debug, Parser)]
#[command(name = "zhidu", version, about, long_about = None)]
pub struct Cli {
    /// The project folder (holds zhidu.toml).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (`run`: every file written and every input problem).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour in terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Whether to colour text written to a stream that is (`terminal = true`) or
    /// is not a terminal: `--color always|never`, or for `auto` a terminal without
    /// the `NO_COLOR` environment variable.
    pub fn use_color(&self, terminal: bool) -> bool {
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// Wrap `text` in an ANSI colour (`31` red, `33` yellow, `32` green, bold) when `on`.
pub fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[1;{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
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

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a project folder: a commented zhidu.toml, the default templates and the sample inputs.
    Init {
        /// The folder to create or fill.
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Read the config and every input; report what was read and every problem.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// List the reports that fall due on a date (or in a range), with the period each covers.
    Due {
        /// The day to look at (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to"])]
        date: Option<chrono::NaiveDate>,
        /// First day of a range (YYYY-MM-DD), with --to.
        #[arg(long, value_name = "DATE", requires = "to")]
        from: Option<chrono::NaiveDate>,
        /// Last day of a range (YYYY-MM-DD), with --from.
        #[arg(long, value_name = "DATE", requires = "from")]
        to: Option<chrono::NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Explain one employee's deductions for a period: the notable shift-days and every
    /// ledger line with its handbook clause and source cells.
    Explain {
        /// The employee's 工号 (or a unique 姓名).
        #[arg(long)]
        employee: String,
        /// A month such as 2026-11, or a span such as 2026-11-18..2026-11-24.
        #[arg(long)]
        period: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Render the reports due on a date, one report for a period, or everything due in a range.
    Run {
        /// Render everything due on this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", conflicts_with_all = ["from", "to", "report"])]
        date: Option<chrono::NaiveDate>,
        /// Render one report (weekly, ops-weekly, monthly, csat, deductions, slips, manual).
        #[arg(long, value_name = "ID")]
        report: Option<String>,
        /// The period for --report: `2026-11` or `2026-11-18..2026-11-24` (not needed for a report without a period).
        #[arg(long, value_name = "PERIOD", requires = "report")]
        period: Option<String>,
        /// First day of a backfill range (YYYY-MM-DD), with --to.
        #[arg(long, value_name = "DATE", requires = "to", conflicts_with = "report")]
        from: Option<chrono::NaiveDate>,
        /// Last day of a backfill range (YYYY-MM-DD), with --from.
        #[arg(long, value_name = "DATE", requires = "from", conflicts_with = "report")]
        to: Option<chrono::NaiveDate>,
        /// The run date naming outputs/<run-date>/manifest.json (default: --date, --to, or the period's end).
        #[arg(long, value_name = "DATE")]
        run_date: Option<chrono::NaiveDate>,
    },
    /// Work-contact slips (工作联系单): print forms, add a slip to the register.
    Slip {
        /// What to do.
        #[command(subcommand)]
        command: Box<SlipCommand>,
    },
    /// Typeset the policy manual (制度手册) and its clause index from the settings into outputs/manual/.
    Manual,
    /// Write the deterministic sample inputs into a folder (used to make inputs/).
    #[command(hide = true)]
    GenSamples {
        /// The folder to write the sample exports into.
        dir: PathBuf,
    },
}

/// `zhidu slip …` subcommands.
#[derive(Debug, Subcommand)]
pub enum SlipCommand {
    /// Render the printable form of a slip (three copies) as PDF and XLSX into outputs/slips/,
    /// or with --all --period every slip issued in the period into outputs/<period>/slips/.
    Form {
        /// The slip's number, e.g. KF-2026-014.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        number: Option<String>,
        /// Every slip issued in --period.
        #[arg(long, requires = "period")]
        all: bool,
        /// The period for --all: a month (2026-11) or a span (2026-11-01..2026-11-15).
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
    },
    /// Give a new slip the next free number of its year, append it to the register
    /// (keeping a backup of the previous one) and render its form.
    New {
        /// 类别: A, B or C (fixes the approval chain).
        #[arg(long)]
        class: String,
        /// 性质: 协助指令, 工作指令, 事件跟催, 申诉建议 or 其他.
        #[arg(long)]
        nature: Option<String>,
        /// 发单部门.
        #[arg(long = "from", value_name = "DEPT")]
        from: String,
        /// 收单部门; repeat for a slip to several departments (one register row each).
        #[arg(long = "to", value_name = "DEPT", required = true)]
        to: Vec<String>,
        /// 主题.
        #[arg(long)]
        subject: String,
        /// 工作要求.
        #[arg(long)]
        requirement: Option<String>,
        /// 要求完成日期, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: String,
        /// 发单日期, YYYY-MM-DD (default: today, China Standard Time).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// 起草人.
        #[arg(long)]
        drafter: Option<String>,
        /// 替代编号: make this a counter-slip (反联络单) replacing the given slip's due date.
        #[arg(long, value_name = "NUMBER")]
        replaces: Option<String>,
    },
}
