//! `zhidu init DIR`: a complete project folder that checks cleanly, never
//! overwriting a file without `--force`.

use std::process::Command;

fn zhidu(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zhidu"))
        .args(args)
        .output()
        .expect("zhidu runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn init_writes_a_project_that_checks_and_refuses_to_overwrite() {
    let dir = std::env::temp_dir().join(format!("zhidu-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().expect("utf-8 path");
    let (code, _, err) = zhidu(&["init", d]);
    assert_eq!(code, 0, "{err}");
    // The config is the commented default, every template and every sample input is there.
    let config = std::fs::read_to_string(dir.join("zhidu.toml")).expect("zhidu.toml");
    assert_eq!(config, zhidu::config::DEFAULT_CONFIG_TOML);
    for (name, text) in zhidu::render::templates::DEFAULT_TEMPLATES {
        let written = std::fs::read_to_string(dir.join("templates").join(name)).expect(name);
        assert_eq!(&written, text, "{name}");
    }
    for kind in [
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
    ] {
        assert!(dir.join(format!("inputs/{kind}.xlsx")).is_file(), "{kind}");
    }
    assert!(dir.join("outputs").is_dir());
    let (code, out, _) = zhidu(&["--project", d, "check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 errors, 0 warnings"), "{out}");

    // A second init refuses and leaves an edited file alone.
    std::fs::write(dir.join("zhidu.toml"), "# edited\n").expect("edit");
    let (code, _, err) = zhidu(&["init", d]);
    assert_eq!(code, 1);
    assert!(
        err.contains("already exist and were left alone (use --force to overwrite)"),
        "{err}"
    );
    assert!(err.contains("zhidu.toml"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("zhidu.toml")).expect("read"),
        "# edited\n"
    );

    // --force overwrites.
    let (code, _, err) = zhidu(&["init", "--force", d]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("zhidu.toml")).expect("read"),
        zhidu::config::DEFAULT_CONFIG_TOML
    );
    let _ = std::fs::remove_dir_all(&dir);
}
