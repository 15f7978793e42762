//! What every module of the suite shares: temporary project folders, the `zhidu`
//! binary runner, XLSX and PDF fixtures and read-back, and golden files.

pub mod golden;
pub mod hr;
pub mod pdf;
pub mod project;
pub mod run;
pub mod smtp;
pub mod xlsx;

use std::path::Path;

pub use project::{inputs_config, TestDir, TestProject, INPUT_KINDS};
pub use run::{run, zhidu, zhidu_command, zhidu_in, zhidu_with_project, Run};

/// The repository: itself a project (zhidu.toml, inputs/, templates/), and home of
/// the test fixtures under `tests/`.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's own project, loaded as `zhidu` would load it.
pub fn repo_project() -> zhidu::config::Project {
    zhidu::config::Project::load(repo_root()).expect("the repository is a project")
}

/// Every file and folder under `dir` (hidden ones too), as relative paths with `/`, sorted.
pub fn all_paths(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(d) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(base)
                .expect("under base")
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(base, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
