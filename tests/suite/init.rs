//! `zhidu init DIR`: a complete project folder that checks cleanly, never
//! overwriting a file without `--force`.

use crate::support::{zhidu, TestDir, INPUT_KINDS};

#[test]
fn init_writes_a_project_that_checks_and_refuses_to_overwrite() {
    let tmp = TestDir::new("init");
    // A folder that does not exist yet: init makes it.
    let dir = tmp.path().join("project");
    let d = dir.to_str().expect("utf-8 path");
    let r = zhidu(&["init", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The config is the commented default, every template and every sample input is there.
    let config = std::fs::read_to_string(dir.join("zhidu.toml")).expect("zhidu.toml");
    assert_eq!(config, zhidu::config::DEFAULT_CONFIG_TOML);
    for (name, text) in zhidu::render::templates::DEFAULT_TEMPLATES {
        let written = std::fs::read_to_string(dir.join("templates").join(name)).expect(name);
        assert_eq!(&written, text, "{name}");
    }
    for kind in INPUT_KINDS {
        assert!(dir.join(format!("inputs/{kind}.xlsx")).is_file(), "{kind}");
    }
    assert!(dir.join("outputs").is_dir());
    let r = zhidu(&["--project", d, "check"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("0 errors, 0 warnings"), "{}", r.stdout);

    // A second init refuses and leaves an edited file alone.
    std::fs::write(dir.join("zhidu.toml"), "# edited\n").expect("edit");
    let r = zhidu(&["init", d]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("already exist and were left alone (use --force to overwrite)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("zhidu.toml"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("zhidu.toml")).expect("read"),
        "# edited\n"
    );

    // --force overwrites.
    let r = zhidu(&["init", "--force", d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("zhidu.toml")).expect("read"),
        zhidu::config::DEFAULT_CONFIG_TOML
    );
}
