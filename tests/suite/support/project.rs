//! Temporary folders and the project folders built in them.
//!
//! Every folder is removed when its value is dropped, also when the test fails.
//! With `ZHIDU_KEEP_TEST_OUTPUT` set (to anything but an empty value) the folders are
//! kept under `target/tmp/` and each one's path is printed as it is made.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::run::{zhidu, zhidu_with_project, Run};

/// The variable that keeps temporary folders for looking at them afterwards.
pub const KEEP_VAR: &str = "ZHIDU_KEEP_TEST_OUTPUT";

/// The input kinds of `[inputs.<kind>]`, in the order of the default zhidu.toml.
pub const INPUT_KINDS: [&str; 13] = [
    "roster",
    "schedule",
    "punches",
    "calls",
    "surveys",
    "complaints",
    "violations",
    "leaves",
    "service_requests",
    "slips",
    "corrections",
    "client_records",
    "fund_expenses",
];

/// Whether `ZHIDU_KEEP_TEST_OUTPUT` asks for the folders to be kept.
pub fn keep_requested() -> bool {
    std::env::var_os(KEEP_VAR).is_some_and(|v| !v.is_empty())
}

/// A temporary folder named after the test, removed on drop unless kept.
pub struct TestDir(tempfile::TempDir);

impl TestDir {
    /// A fresh empty folder `target/tmp/zhidu-<name>-XXXXXX`.
    pub fn new(name: &str) -> TestDir {
        let keep = keep_requested();
        let dir = tempfile::Builder::new()
            .prefix(&format!("zhidu-{name}-"))
            .disable_cleanup(keep)
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temporary folder");
        if keep {
            // Straight to stderr, past the test harness's capture: shown without --nocapture.
            let _ = writeln!(std::io::stderr(), "{KEEP_VAR}: kept {}", dir.path().display());
        }
        TestDir(dir)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Writes rendered files into a kept folder when `ZHIDU_KEEP_TEST_OUTPUT` is set, so
/// documents built in memory can be opened and looked at; does nothing otherwise.
pub fn keep_files(name: &str, files: &[zhidu::output::OutputFile]) {
    if !keep_requested() {
        return;
    }
    let dir = TestDir::new(name);
    for f in files {
        write_file(&dir.path().join(&f.path), &f.bytes);
    }
}

fn write_file(path: &Path, contents: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A `zhidu.toml` where every input kind is optional and absent except the given
/// `(kind, section body)` pairs; each section is followed by a blank line.
pub fn inputs_config(sections: &[(&str, &str)]) -> String {
    let mut s = String::new();
    for k in INPUT_KINDS {
        s.push_str(&format!("[inputs.{k}]\n"));
        match sections.iter().find(|(kind, _)| *kind == k) {
            Some((_, body)) => s.push_str(body),
            None => s.push_str(&format!("path = \"inputs/{k}.xlsx\"\nrequired = false\n")),
        }
        s.push('\n');
    }
    s
}

/// A project folder in a temporary folder, and the ways to fill and run it.
pub struct TestProject {
    /// Owns the folder: dropping the project removes it.
    _dir: TestDir,
    root: PathBuf,
}

impl TestProject {
    /// An empty folder; the test writes what it needs.
    pub fn empty(name: &str) -> TestProject {
        let dir = TestDir::new(name);
        let root = dir.path().to_path_buf();
        TestProject { _dir: dir, root }
    }

    /// A folder with `zhidu.toml` holding `config_text` and an empty `inputs/`.
    pub fn with_config(name: &str, config_text: &str) -> TestProject {
        let p = TestProject::empty(name);
        std::fs::create_dir_all(p.path("inputs")).expect("inputs folder");
        p.write("zhidu.toml", config_text);
        p
    }

    /// The default `zhidu.toml` and the sample inputs, as the generator writes them.
    pub fn sample(name: &str) -> TestProject {
        let p = TestProject::with_config(name, zhidu::config::DEFAULT_CONFIG_TOML);
        zhidu::samples::write_all(&p.path("inputs")).expect("sample inputs");
        p
    }

    /// A project made by `zhidu init --sample` (config, sample inputs, outputs/),
    /// in a folder that did not exist before.
    pub fn init(name: &str) -> TestProject {
        let dir = TestDir::new(name);
        let root = dir.path().join("project");
        let run = zhidu(&["init", "--sample", root.to_str().expect("utf-8 temporary path")]);
        assert_eq!(run.code, 0, "zhidu init: {}", run.stderr);
        TestProject { _dir: dir, root }
    }

    /// The same project with one more file (folders made as needed).
    pub fn with_file(self, rel: &str, contents: impl AsRef<[u8]>) -> TestProject {
        self.write(rel, contents);
        self
    }

    /// Writes a file of the project (folders made as needed).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        write_file(&self.path(rel), contents.as_ref());
    }

    /// Copies a file of the repository to the same place in the project.
    pub fn copy_from_repo(&self, rel: &str) {
        let bytes = std::fs::read(super::repo_root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        self.write(rel, bytes);
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The project folder as text, for command-line arguments.
    pub fn root_str(&self) -> &str {
        self.root.to_str().expect("utf-8 temporary path")
    }

    /// A path inside the project.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Runs `zhidu --project <root> ARGS`.
    pub fn zhidu(&self, args: &[&str]) -> Run {
        zhidu_with_project(&self.root, args)
    }

    /// Loads the project as `zhidu` would.
    pub fn load(&self) -> zhidu::config::Project {
        zhidu::config::Project::load(&self.root).expect("the project's config parses")
    }
}
