//! The global output options: `--color` and `--verbose`.

use std::path::PathBuf;
use std::process::Command;

fn zhidu(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zhidu"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("zhidu runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fresh_project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zhidu-cli-output-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, err) = zhidu(&["init", dir.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{err}");
    dir
}

#[test]
fn color_always_paints_the_summary_and_never_or_auto_off_a_terminal_do_not() {
    let dir = fresh_project("color");
    let d = dir.to_str().expect("utf-8 path");
    let (code, out, _) = zhidu(&["--project", d, "--color", "always", "check"]);
    assert_eq!(code, 0);
    assert!(out.contains("\x1b[1;32m0 errors, 0 warnings\x1b[0m"), "{out}");
    for mode in ["never", "auto"] {
        let (_, out, _) = zhidu(&["--project", d, "--color", mode, "check"]);
        assert!(!out.contains('\x1b'), "--color {mode}: {out}");
        assert!(out.contains("\n0 errors, 0 warnings\n"));
    }
    // Errors printed by the command's edge are painted too.
    let (code, _, err) = zhidu(&["--project", "/nonexistent/zhidu", "--color", "always", "check"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("\x1b[1;31merror\x1b[0m: "), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verbose_run_lists_every_file_written_with_its_hash() {
    let dir = fresh_project("verbose");
    let d = dir.to_str().expect("utf-8 path");
    let (code, out, err) = zhidu(&[
        "--project",
        d,
        "-v",
        "run",
        "--report",
        "csat",
        "--period",
        "2026-10",
    ]);
    assert_eq!(code, 0, "{err}");
    for f in ["outputs/2026-10/csat.xlsx", "outputs/2026-10/csat.pdf"] {
        let line = out
            .lines()
            .find(|l| l.contains(f))
            .unwrap_or_else(|| panic!("{f} not listed: {out}"));
        let hash = line.rsplit(' ').next().unwrap_or_default();
        assert_eq!(hash.len(), 64, "{line}");
        assert!(dir.join(f).is_file());
    }
    let (_, quiet_out, _) = zhidu(&["--project", d, "run", "--report", "csat", "--period", "2026-10"]);
    assert!(!quiet_out.contains("wrote "), "{quiet_out}");
    let _ = std::fs::remove_dir_all(&dir);
}
