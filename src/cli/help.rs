//! The help text of the command line: the examples shown under each command, and
//! the value lists whose help names every report and input kind in Chinese (read
//! from the report registry and [`InputKind`], the one list of each).

use clap::builder::{PossibleValue, TypedValueParser};

use crate::model::InputKind;
use crate::reports::registry::{self, ReportSpec};

/// The heading of the options every command takes.
pub const GLOBAL: &str = "Global options";

/// Under `zhidu --help`: the first steps, the environment variables read, and
/// every report and input kind with its Chinese name.
pub fn zhidu() -> String {
    let width = InputKind::ALL.iter().map(|k| k.id().len()).max().unwrap_or(0);
    let mut s = String::from(ZHIDU);
    s.push_str("\n\nReports (run --report ID):\n");
    for r in &registry::REPORTS {
        s.push_str(&format!("  {:<width$}  {}\n", r.id, r.title));
    }
    s.push_str("\nInput kinds ([inputs.KIND] in zhidu.toml, records KIND):\n"); // not a message
    for k in InputKind::ALL {
        s.push_str(&format!("  {:<width$}  {}\n", k.id(), k.name()));
    }
    s.truncate(s.trim_end().len());
    s
}

/// The fixed part of [`zhidu`].
const ZHIDU: &str = "\
Examples:
  zhidu init 客服部                  a project folder: zhidu.toml and header-only inputs
  zhidu --project 客服部 check       read every input and list its problems
  zhidu --project 客服部 run --today render what falls due today

Environment:
  ZHIDU_PROJECT  the project folder when --project is not given
  NO_COLOR       any non-empty value: no colour unless --color always
  ZHIDU_NOW      the time taken as now, RFC 3339 (for tests, and to replay a day)";

/// Under `zhidu init --help`.
pub const INIT: &str = "\
Examples:
  zhidu init 客服部            zhidu.toml and header-only inputs to fill with your exports
  zhidu init --sample demo     a sample department's month, ready to run
  zhidu init --force 客服部    write zhidu.toml again; every input file is kept";

/// Under `zhidu check --help`.
pub const CHECK: &str = "\
Examples:
  zhidu check
  zhidu check --date 2026-11-30    what would refuse a report of `run --date 2026-11-30`
  zhidu check --format json";

/// Under `zhidu records --help`.
pub const RECORDS: &str = "\
Examples:
  zhidu records punches > punches.csv
  zhidu records roster --format json";

/// Under `zhidu due --help`.
pub const DUE: &str = "\
Examples:
  zhidu due --date 2026-11-30
  zhidu due --from 2026-11-01 --to 2026-11-30 --format json";

/// Under `zhidu explain --help`.
pub const EXPLAIN: &str = "\
Examples:
  zhidu explain --employee K007 --period 2026-11
  zhidu explain --employee 张三 --period 2026-11-18..2026-11-24 --format json";

/// Under `zhidu run --help`.
pub const RUN: &str = "\
Examples:
  zhidu run --today                             what falls due today in company.timezone
  zhidu run --date 2026-11-30 --format json     the same for a day, for a scheduler
  zhidu run --report deductions --period 2026-11
  zhidu run --from 2026-11-01 --to 2026-11-30   a backfill";

/// Under `zhidu slip --help`.
pub const SLIP: &str = "\
Examples:
  zhidu slip form KF-2026-014
  zhidu slip form --all --period 2026-11
  zhidu slip new --class B --from 客服部 --to 技术部 --subject 系统升级 --due 2026-12-05";

/// Under `zhidu slip form --help`.
pub const SLIP_FORM: &str = "\
Examples:
  zhidu slip form KF-2026-014              one slip's form, three copies
  zhidu slip form --all --period 2026-11   every slip issued in November";

/// Under `zhidu slip new --help`.
pub const SLIP_NEW: &str = "\
Examples:
  zhidu slip new --class B --from 客服部 --to 技术部 --subject 系统升级 --due 2026-12-05
  zhidu slip new --class A --nature 工作指令 --from 客服部 --to 财务部 --to 人事部 \\
    --subject 报销流程 --requirement 十二月起按新流程 --due 2026-12-10 --date 2026-12-01";

/// Under `zhidu manual --help`.
pub const MANUAL: &str = "\
Examples:
  zhidu manual
  zhidu --project 客服部 manual --quiet";

/// Under `zhidu templates --help`.
pub const TEMPLATES: &str = "\
Examples:
  zhidu templates list
  zhidu templates copy deductions.xml       then edit templates/deductions.xml
  zhidu templates copy manual/04-pay.md --force";

/// Under `zhidu templates list --help`.
pub const TEMPLATES_LIST: &str = "\
Examples:
  zhidu templates list
  zhidu --project 客服部 templates list";

/// Under `zhidu templates copy --help`.
pub const TEMPLATES_COPY: &str = "\
Examples:
  zhidu templates copy deductions           templates/deductions.xml, to edit
  zhidu templates copy manual/04-pay.md     a chapter of the policy manual
  zhidu templates copy notice.xml --force   the built-in text again, over your copy";

/// Under `zhidu completions --help`.
pub const COMPLETIONS: &str = "\
Examples:
  zhidu completions bash > ~/.local/share/bash-completion/completions/zhidu
  zhidu completions zsh > ~/.zfunc/_zhidu
  zhidu completions powershell >> $PROFILE";

/// Under `zhidu man --help`.
pub const MAN: &str = "\
Examples:
  zhidu man | man -l -
  zhidu man --dir ~/.local/share/man/man1";

/// A parser that also lists its values, each with a line of help (shown by
/// `--help`, and completed by the shell completions).
#[derive(Clone)]
pub struct Listed<T: Clone + Send + Sync + 'static> {
    parse: fn(&str) -> Result<T, crate::i18n::Text>,
    values: fn() -> Vec<PossibleValue>,
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Listed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.values)().into_iter()))
    }
}

/// Every report id, with its Chinese title as help.
fn report_values() -> Vec<PossibleValue> {
    registry::REPORTS
        .iter()
        .map(|r| PossibleValue::new(r.id).help(r.title))
        .collect()
}

/// Every input kind, with its Chinese name as help.
fn kind_values() -> Vec<PossibleValue> {
    InputKind::ALL
        .iter()
        .map(|k| PossibleValue::new(k.id()).help(k.name()))
        .collect()
}

/// The parser of a report id (`--report`).
pub fn report(
    parse: fn(&str) -> Result<&'static ReportSpec, crate::i18n::Text>,
) -> Listed<&'static ReportSpec> {
    Listed {
        parse,
        values: report_values,
    }
}

/// The parser of an input kind (`records KIND`).
pub fn input_kind(parse: fn(&str) -> Result<InputKind, crate::i18n::Text>) -> Listed<InputKind> {
    Listed {
        parse,
        values: kind_values,
    }
}
