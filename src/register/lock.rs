//! The register's lock: an exclusive advisory lock (flock on Unix, LockFileEx on
//! Windows) on `.<register name>.lock` beside the register file, held from reading
//! the register to replacing it, so two `zhidu slip new` never read the same
//! register and give one number twice: the second waits for the first.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The lock, held until dropped (closing the file releases it).
#[derive(Debug)]
pub(super) struct RegisterLock {
    _file: std::fs::File,
}

/// The lock file of the register at `target`: `.<name>.lock` in its folder.
pub(super) fn lock_path(target: &Path) -> PathBuf {
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
        let path = lock_path(target);
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            crate::output::create_dir(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let file = options.open(&path).map_err(|e| {
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ELOOP) {
                return anyhow::anyhow!(
                    "the register's lock file {} is a symbolic link; it is not followed (remove it)",
                    path.display()
                );
            }
            anyhow::Error::new(e).context(format!("cannot open the register's lock file {}", path.display()))
        })?;
        // Called through the trait: std's own File::lock is newer than the pinned Rust.
        fs4::FileExt::lock(&file).with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(RegisterLock { _file: file })
    }
}
