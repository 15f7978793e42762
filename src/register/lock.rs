//! The register's lock: an exclusive advisory lock ([`crate::output::lock`]) on
//! `.<register name>.lock` beside the register file, held from reading the
//! register to replacing it, so two `zhidu slip new` never read the same register
//! and give one number twice: the second waits for the first.

use std::path::{Path, PathBuf};

use crate::output::lock::FileLock;

/// The lock, held until dropped.
#[derive(Debug)]
pub(super) struct RegisterLock {
    _lock: FileLock,
}

/// The lock file of the register at `target`: `.<name>.lock` in its folder.
fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "register".into());
    target.with_file_name(format!(".{name}.lock"))
}

impl RegisterLock {
    /// Wait for and take the lock of the register at `target` (the file itself,
    /// not a link to it), creating the lock file (and the folder) if need be. The
    /// lock file is never opened through a symbolic link.
    pub fn acquire(target: &Path) -> anyhow::Result<RegisterLock> {
        Ok(RegisterLock {
            _lock: FileLock::acquire(&lock_path(target), crate::msg!("register.lock_file"))?,
        })
    }
}
