//! The bundled sample inputs in `inputs/` are exactly what the generator writes,
//! so they can never drift from the story in `src/samples/story.rs`.
//! After changing the generator: `cargo run -- gen-samples inputs`.

use std::path::Path;

#[test]
fn committed_inputs_are_byte_identical_to_a_fresh_generation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let files = zhidu::samples::sample_files().unwrap_or_else(|e| panic!("generation failed: {e:#}"));
    assert_eq!(files.len(), 10);
    for (name, bytes) in &files {
        let committed = std::fs::read(dir.join(name)).unwrap_or_else(|e| {
            panic!("inputs/{name} is missing ({e}); run `cargo run -- gen-samples inputs`")
        });
        assert!(
            committed == *bytes,
            "inputs/{name} differs from the generator's output; run `cargo run -- gen-samples inputs`"
        );
    }
}

#[test]
fn gen_samples_command_writes_the_same_files() {
    let dir = std::env::temp_dir().join(format!("zhidu-gen-samples-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_zhidu"))
        .arg("gen-samples")
        .arg(&dir)
        .status()
        .unwrap_or_else(|e| panic!("cannot run zhidu: {e}"));
    assert!(status.success());
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    for name in [
        "roster.xlsx",
        "schedule.xlsx",
        "punches.xlsx",
        "calls.xlsx",
        "surveys.xlsx",
        "complaints.xlsx",
        "violations.xlsx",
        "leaves.xlsx",
        "service_requests.xlsx",
        "slips.xlsx",
    ] {
        let written = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name} not written: {e}"));
        let expected = std::fs::read(committed.join(name)).unwrap_or_else(|e| panic!("inputs/{name}: {e}"));
        assert!(written == expected, "{name} differs");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
