//! Progress of a run on stderr: a bar on a terminal, one line per report otherwise.

use std::sync::Mutex;

use super::manifest::JobOutcome;

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// An indicatif bar (stderr is a terminal).
    Bar,
    /// One plain line per report on stderr.
    Lines,
    /// Nothing (`--quiet`).
    Quiet,
}

pub(crate) enum Progress {
    Bar(indicatif::ProgressBar),
    Lines(Mutex<u64>, u64),
    Quiet,
}

impl Progress {
    pub(crate) fn new(mode: ProgressMode, total: u64) -> Progress {
        match mode {
            ProgressMode::Bar => {
                let bar = indicatif::ProgressBar::new(total);
                if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                {
                    bar.set_style(style);
                }
                Progress::Bar(bar)
            }
            ProgressMode::Lines => Progress::Lines(Mutex::new(0), total),
            ProgressMode::Quiet => Progress::Quiet,
        }
    }

    pub(crate) fn done(&self, o: &JobOutcome) {
        let text = if o.is_ok() {
            crate::msg!("batch.progress_ok", n = o.outputs.len())
        } else {
            crate::msg!("batch.progress_failed")
        }
        .arg("report", &o.report)
        .arg("period", &o.period)
        .to_string();
        let text = crate::output::term::escape(&text).into_owned();
        match self {
            Progress::Bar(bar) => {
                bar.set_message(text);
                bar.inc(1);
            }
            Progress::Lines(n, total) => {
                let mut n = n.lock().unwrap_or_else(|e| e.into_inner());
                *n += 1;
                crate::output::term::errln(&format!("[{}/{}] {}", *n, total, text));
            }
            Progress::Quiet => {}
        }
    }

    pub(crate) fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
