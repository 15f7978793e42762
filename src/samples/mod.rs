//! The deterministic sample-input generator behind `inputs/` and `zhidu init`.

use std::path::Path;

/// `(file name, bytes)` of every sample input.
pub fn sample_files() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    Ok(Vec::new())
}

/// Write every sample input into `dir`.
pub fn write_all(dir: &Path) -> anyhow::Result<()> {
    for (name, bytes) in sample_files()? {
        crate::output::write_atomic(&dir.join(name), &bytes)?;
    }
    Ok(())
}
