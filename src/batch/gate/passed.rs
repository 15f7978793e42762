//! The gate's passes, remembered: a mark in `outputs/.zhidu/cache/passed/` for
//! a report and period the gate let through, named by everything the verdict
//! depends on — the report, the period, the settings of `zhidu.toml`, the build
//! of zhidu, and every input file the command read (kind, path and SHA-256). `zhidu explain`
//! takes a mark instead of evaluating the whole month again to learn whether the
//! 月度扣款表 would be refused; `zhidu run` and `explain` leave one when the gate
//! passes. A refusal is never remembered: it is worked out again each time, with
//! its reasons. A mark for the same report and period with other inputs or
//! settings is removed when a new one is left.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::batch::LoadedInputs;
use crate::config::Project;
use crate::ingest::cache::BUILD_ID;
use crate::model::Period;
use crate::reports::registry::ReportSpec;

/// Where the marks are, under the output folder.
const FOLDER: &str = ".zhidu/cache/passed";

/// What a mark holds.
const MARK: &[u8] = b"passed\n";

/// The mark of one verdict: a report, a period, the settings and the inputs read.
#[derive(Debug, Clone)]
pub struct PassMark {
    path: PathBuf,
    prefix: String,
}

impl PassMark {
    /// The mark of `spec` for `period` over the inputs `loaded` read.
    pub fn of(project: &Project, spec: &ReportSpec, period: &Period, loaded: &LoadedInputs) -> PassMark {
        let mut h = Sha256::new();
        let mut part = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        part(BUILD_ID);
        part(&format!("{:?}", project.config));
        part(spec.id);
        part(&period.to_string());
        // Every file read, not only the report's kinds: a mark is never taken for
        // inputs that differ in any way.
        for f in &loaded.files {
            part(&f.kind);
            part(&f.file.path);
            part(&f.file.sha256);
        }
        let key: [u8; 32] = h.finalize().into();
        let hex = crate::output::hex(&key[..16]);
        let prefix = format!("{}.{}.", spec.id, period.to_string().replace(['/', '\\'], "_"));
        let dir = project.path(&project.config.render.output_dir).join(FOLDER);
        PassMark {
            path: dir.join(format!("{prefix}{hex}")),
            prefix,
        }
    }

    /// Whether the gate passed these very inputs before.
    pub fn is_set(&self) -> bool {
        std::fs::read(&self.path).is_ok_and(|b| b == MARK)
    }

    /// Remember that the gate passed; other marks of the report and period go.
    /// Failing to write costs only speed.
    pub fn set(&self) {
        let Some(dir) = self.path.parent() else { return };
        if self.is_set() || std::fs::create_dir_all(dir).is_err() {
            return;
        }
        if crate::output::write_disposable(&self.path, MARK).is_ok() {
            crate::output::remove_older(dir, &self.prefix, &self.path);
        }
    }
}
