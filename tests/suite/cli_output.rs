//! The global output options: `--color` and `--verbose`.

use crate::support::{zhidu, TestProject};

#[test]
fn color_always_paints_the_summary_and_never_or_auto_off_a_terminal_do_not() {
    let project = TestProject::init("cli-output-color");
    let d = project.root_str();
    let r = zhidu(&["--project", d, "--color", "always", "check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("\x1b[1;32m0 errors, 0 warnings\x1b[0m"),
        "{}",
        r.stdout
    );
    for mode in ["never", "auto"] {
        let r = zhidu(&["--project", d, "--color", mode, "check"]);
        assert!(!r.stdout.contains('\x1b'), "--color {mode}: {}", r.stdout);
        assert!(r.stdout.contains("\n0 errors, 0 warnings\n"));
    }
    // Errors printed by the command's edge are painted too.
    let r = zhidu(&["--project", "/nonexistent/zhidu", "--color", "always", "check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("\x1b[1;31merror\x1b[0m: "), "{}", r.stderr);
}

#[test]
fn verbose_run_lists_every_file_written_with_its_hash() {
    let project = TestProject::init("cli-output-verbose");
    let d = project.root_str();
    let r = zhidu(&[
        "--project",
        d,
        "-v",
        "run",
        "--report",
        "csat",
        "--period",
        "2026-10",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["outputs/2026-10/csat.xlsx", "outputs/2026-10/csat.pdf"] {
        let line = r
            .stdout
            .lines()
            .find(|l| l.contains(f))
            .unwrap_or_else(|| panic!("{f} not listed: {}", r.stdout));
        let hash = line.rsplit(' ').next().unwrap_or_default();
        assert_eq!(hash.len(), 64, "{line}");
        assert!(project.path(f).is_file());
    }
    let quiet = zhidu(&["--project", d, "run", "--report", "csat", "--period", "2026-10"]);
    assert!(!quiet.stdout.contains("wrote "), "{}", quiet.stdout);
}
