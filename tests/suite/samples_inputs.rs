//! The bundled sample inputs in `inputs/` are exactly what the generator writes,
//! so they can never drift from the story in `src/samples/story.rs`.
//! After changing the generator: `cargo run -- gen-samples inputs`.

use crate::support::{repo_root, zhidu, TestDir};

#[test]
fn committed_inputs_are_byte_identical_to_a_fresh_generation() {
    let dir = repo_root().join("inputs");
    let files = zhidu::samples::sample_files().unwrap_or_else(|e| panic!("generation failed: {e:#}"));
    assert_eq!(files.len(), 13);
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
    let tmp = TestDir::new("gen-samples");
    // A folder that does not exist yet: the command makes it.
    let dir = tmp.path().join("inputs");
    let r = zhidu(&["gen-samples", dir.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let committed = repo_root().join("inputs");
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
        "corrections.xlsx",
        "client_records.xlsx",
    ] {
        let written = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name} not written: {e}"));
        let expected = std::fs::read(committed.join(name)).unwrap_or_else(|e| panic!("inputs/{name}: {e}"));
        assert!(written == expected, "{name} differs");
    }
}
