//! What every module of the suite shares: temporary project folders, the `zhidu`
//! binary runner, XLSX and PDF fixtures and read-back, and golden files.

pub mod golden;
pub mod pdf;
pub mod project;
pub mod run;
pub mod xlsx;

use std::path::Path;

pub use project::{inputs_config, TestDir, TestProject, INPUT_KINDS};
pub use run::{zhidu, zhidu_in, zhidu_with_project, Run};

/// The repository: itself a project (zhidu.toml, inputs/, templates/), and home of
/// the test fixtures under `tests/`.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's own project, loaded as `zhidu` would load it.
pub fn repo_project() -> zhidu::config::Project {
    zhidu::config::Project::load(repo_root()).expect("the repository is a project")
}
