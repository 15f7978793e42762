//! Errors a user must act on, and the exit codes the command returns.

use std::fmt;

use crate::i18n::Text;

/// Process exit codes (also in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Success = 0,
    /// Problems in the inputs or the config: the user must fix something.
    BadInput = 1,
    /// The command line was wrong.
    Usage = 2,
    /// A bug or an environment failure (disk full, permissions, …).
    Internal = 3,
}

impl Exit {
    /// The code for an error a command returned: [`Exit::BadInput`] when a
    /// [`UserError`] is in its chain (the user must fix something), else
    /// [`Exit::Internal`] (a bug, or the environment: disk, permissions, a lock).
    pub fn of_error(err: &anyhow::Error) -> Exit {
        if err.chain().any(|c| c.downcast_ref::<UserError>().is_some()) {
            Exit::BadInput
        } else {
            Exit::Internal
        }
    }
}

/// One problem with the inputs or config, located as precisely as possible.
///
/// Displays like a compiler message:
/// `inputs/punches.xlsx › 打卡记录!C17: "25:61" is not a time (expected HH:MM, HH:MM:SS or a time cell)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// The file, relative to the project folder.
    pub file: String,
    /// The sheet, if the problem is inside one.
    pub sheet: Option<String>,
    /// The cell in A1 notation (or a row number alone), if known.
    pub cell: Option<String>,
    /// What is wrong, including the value found and what was expected.
    pub message: Text,
    /// `error` stops the job; `warning` is reported and the job goes on.
    pub severity: ProblemSeverity,
}

/// Whether a problem stops the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemSeverity {
    /// Stops the job (exit 1).
    Error,
    /// Reported; the job goes on.
    Warning,
}

impl Problem {
    /// An error at a file as a whole.
    pub fn file_error(file: impl Into<String>, message: impl Into<Text>) -> Problem {
        Problem {
            file: file.into(),
            sheet: None,
            cell: None,
            message: message.into(),
            severity: ProblemSeverity::Error,
        }
    }

    /// An error at one cell of a sheet.
    pub fn cell_error(
        file: impl Into<String>,
        sheet: impl Into<String>,
        cell: impl Into<String>,
        message: impl Into<Text>,
    ) -> Problem {
        Problem {
            file: file.into(),
            sheet: Some(sheet.into()),
            cell: Some(cell.into()),
            message: message.into(),
            severity: ProblemSeverity::Error,
        }
    }

    /// The same problem, as a warning.
    pub fn warning(mut self) -> Problem {
        self.severity = ProblemSeverity::Warning;
        self
    }

    /// `file › sheet!cell`, `file › sheet` or `file`.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{} › {}!{}", self.file, s, c),
            (Some(s), None) => format!("{} › {}", self.file, s),
            (None, _) => self.file.clone(),
        }
    }
}

impl Problem {
    /// The problem as one line in `lang`: `file › sheet!cell: message`, a
    /// warning tagged as one.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        let line = match self.severity {
            ProblemSeverity::Error => {
                crate::msg!("error.problem", place = self.location(), message = &self.message)
            }
            ProblemSeverity::Warning => {
                crate::msg!(
                    "error.problem_warning",
                    place = self.location(),
                    message = &self.message
                )
            }
        };
        line.render(lang)
    }
}

impl fmt::Display for Problem {
    /// In the terminal's language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(crate::i18n::Lang::current()))
    }
}

/// An error that is the user's to fix (config or inputs): exit code 1.
///
/// Commands return it through `anyhow`; `main` finds it in the chain and
/// exits with [`Exit::BadInput`] instead of [`Exit::Internal`].
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The config file could not be read or is invalid.
    #[error("{0}")]
    Config(Text),
    /// One or more problems in the inputs.
    #[error("{}\n{}", crate::msg!("error.problems_in_inputs", count = .0.len()), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Inputs(Vec<Problem>),
    /// Anything else the user must fix, in words.
    #[error("{0}")]
    Other(Text),
}

impl UserError {
    /// Something the user must fix, in words.
    pub fn other(message: impl Into<Text>) -> UserError {
        UserError::Other(message.into())
    }

    /// A fault of the config.
    pub fn config(message: impl Into<Text>) -> UserError {
        UserError::Config(message.into())
    }
}

/// An error and its causes as one message (`error: cause: cause`, as `{:#}`
/// shows it): each part that is a message of the catalog stays one, so it is
/// shown in the terminal's language and recorded in English; a part from
/// elsewhere (a library's error, a context) is taken in English words.
pub fn error_text(e: &anyhow::Error) -> Text {
    let part = |c: &(dyn std::error::Error + 'static)| -> Text {
        if let Some(t) = c.downcast_ref::<Text>() {
            return t.clone();
        }
        match c.downcast_ref::<crate::error::UserError>() {
            Some(crate::error::UserError::Config(t) | crate::error::UserError::Other(t)) => t.clone(),
            _ => Text::raw(crate::i18n::RECORD_LANG.scoped(|| c.to_string())),
        }
    };
    let top = e
        .downcast_ref::<Text>()
        .cloned()
        .unwrap_or_else(|| part(e.as_ref()));
    e.chain().skip(1).fold(top, |all, cause| {
        crate::msg!("batch.caused", error = all, cause = part(cause))
    })
}
