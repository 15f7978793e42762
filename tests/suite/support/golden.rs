//! Golden files in `tests/golden/`: compared, or rewritten when `ZHIDU_BLESS` is set.

/// The variable that rewrites the golden files instead of comparing with them.
pub const BLESS_VAR: &str = "ZHIDU_BLESS";

/// Compares `actual` with `tests/golden/<name>`, or rewrites that file when
/// `ZHIDU_BLESS` is set.
pub fn golden(name: &str, actual: &str) {
    let path = super::repo_root().join("tests/golden").join(name);
    if std::env::var_os(BLESS_VAR).is_some() {
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with {BLESS_VAR}=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
        panic!(
            "{name} differs from the golden (first differing line: {first:?}); rerun with {BLESS_VAR}=1 if the change is intended\n--- actual ---\n{actual}"
        );
    }
}
