//! Exclusive advisory locks (flock on Unix, LockFileEx on Windows) on a lock
//! file: the slip register's `.slips.xlsx.lock` beside the register, and the
//! project's run lock `outputs/.zhidu.lock`, held by every command that writes
//! under the output folder. A lock file is never opened through a symbolic link.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::i18n::Text;

/// A held lock, released when dropped (closing the file releases it).
#[derive(Debug)]
pub struct FileLock {
    file: std::fs::File,
    path: PathBuf,
}

/// Another process held a lock for longer than the caller would wait.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::msg!("output.lock_busy", what = .what, path = .path.display().to_string(), holder = holder_text(.holder), seconds = .waited.as_secs()))]
pub struct LockBusy {
    /// What the lock guards, for the message (`the run lock`).
    pub what: Text,
    /// The lock file.
    pub path: PathBuf,
    /// What the holder wrote into the lock file, if anything (`pid 4242: zhidu run --date …`).
    pub holder: Option<String>,
    /// How long this process waited.
    pub waited: Duration,
}

fn holder_text(holder: &Option<String>) -> Text {
    holder.as_deref().map_or_else(
        || Text::raw(""),
        |h| crate::msg!("output.lock_holder", holder = h),
    )
}

/// Open (creating it and its folder if need be) a lock file without following a link.
fn open(path: &Path, what: &Text) -> anyhow::Result<std::fs::File> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        super::create_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return crate::msg!(
                "output.lock_is_link",
                what = what,
                path = path.display().to_string()
            )
            .into();
        }
        anyhow::Error::new(e).context(crate::msg!(
            "output.cannot_open_lock",
            what = what,
            path = path.display().to_string()
        ))
    })
}

/// What the holder of a lock wrote into its file (first line, at most 200 characters).
fn read_holder(path: &Path) -> Option<String> {
    let mut text = String::new();
    let file = std::fs::File::open(path).ok()?;
    file.take(4096).read_to_string(&mut text).ok()?;
    let line: String = text.lines().next()?.trim().chars().take(200).collect();
    (!line.is_empty()).then_some(line)
}

impl FileLock {
    /// Wait for and take the lock on `path`, however long another holder keeps it.
    /// `what` names the lock in messages (`the register's lock file`).
    pub fn acquire(path: &Path, what: Text) -> anyhow::Result<FileLock> {
        let file = open(path, &what)?;
        // Called through the trait: std's own File::lock is newer than the pinned Rust.
        fs4::FileExt::lock(&file)
            .with_context(|| crate::msg!("output.cannot_lock", path = path.display().to_string()))?;
        Ok(FileLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Take the lock on `path`, waiting at most `wait` for another holder to let
    /// it go (a zero `wait` tries once). `waiting` is called once, with what the
    /// holder wrote into the lock file, when the lock is found taken. Past the
    /// bound the error is a [`LockBusy`].
    pub fn acquire_within(
        path: &Path,
        what: Text,
        wait: Duration,
        waiting: impl FnOnce(Option<&str>),
    ) -> anyhow::Result<FileLock> {
        let file = open(path, &what)?;
        let start = Instant::now();
        let mut waiting = Some(waiting);
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => {
                    return Ok(FileLock {
                        file,
                        path: path.to_path_buf(),
                    })
                }
                Err(fs4::TryLockError::WouldBlock) => {}
                Err(fs4::TryLockError::Error(e)) => {
                    return Err(anyhow::Error::new(e).context(crate::msg!(
                        "output.cannot_lock",
                        path = path.display().to_string()
                    )))
                }
            }
            let waited = start.elapsed();
            if waited >= wait {
                return Err(LockBusy {
                    what,
                    path: path.to_path_buf(),
                    holder: read_holder(path),
                    waited,
                }
                .into());
            }
            if let Some(w) = waiting.take() {
                w(read_holder(path).as_deref());
            }
            std::thread::sleep(Duration::from_millis(100).min(wait - waited));
        }
    }

    /// Write one line saying who holds the lock (the file's only content), for a
    /// process that finds it taken. Best effort: the lock holds whatever this says.
    pub fn note_holder(&mut self, line: &str) {
        let _ = self.file.set_len(0);
        let _ = self.file.rewind();
        let _ = self.file.write_all(format!("{line}\n").as_bytes());
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The run lock's file in the output folder.
pub const RUN_LOCK_FILE: &str = ".zhidu.lock";

/// The project's run lock, `outputs/.zhidu.lock`: held by every command that
/// writes under the output folder (`run`, `manual`, `slip form`, `slip new`), so
/// one project has one writer at a time. Stages ([`super::stage::Stage`]) are
/// made only under it.
#[derive(Debug)]
pub struct RunLock {
    lock: FileLock,
    out_dir: PathBuf,
}

impl RunLock {
    /// Create the output folder if need be and take its run lock, waiting at most
    /// `wait` for another holder ([`LockBusy`] past that; `waiting` is called once
    /// if the lock is taken). `holder` says who holds it (`pid 4242: zhidu run
    /// --date 2026-11-25`), written into the lock file for whoever waits next.
    pub fn acquire(
        out_dir: &Path,
        wait: Duration,
        holder: &str,
        waiting: impl FnOnce(Option<&str>),
    ) -> anyhow::Result<RunLock> {
        super::create_dir(out_dir)?;
        let mut lock = FileLock::acquire_within(
            &out_dir.join(RUN_LOCK_FILE),
            crate::msg!("output.run_lock"),
            wait,
            waiting,
        )?;
        lock.note_holder(holder);
        Ok(RunLock {
            lock,
            out_dir: out_dir.to_path_buf(),
        })
    }

    /// The output folder it guards.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        self.lock.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_gives_up_naming_the_first() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(".zhidu.lock");
        let mut first = FileLock::acquire(&path, crate::msg!("output.run_lock")).expect("first");
        first.note_holder("pid 1: zhidu run --date 2026-11-25");
        let mut told = None;
        let err = FileLock::acquire_within(
            &path,
            crate::msg!("output.run_lock"),
            Duration::from_millis(300),
            |h| told = h.map(str::to_string),
        )
        .expect_err("busy");
        assert_eq!(told.as_deref(), Some("pid 1: zhidu run --date 2026-11-25"));
        let busy = err.downcast_ref::<LockBusy>().expect("LockBusy");
        assert!(busy.waited >= Duration::from_millis(300));
        assert!(
            err.to_string().contains("(pid 1: zhidu run --date 2026-11-25)"),
            "{err}"
        );
        drop(first);
        FileLock::acquire_within(&path, crate::msg!("output.run_lock"), Duration::ZERO, |_| {})
            .expect("free again");
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_file_that_is_a_link_is_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep me").expect("victim");
        let path = dir.path().join(".zhidu.lock");
        std::os::unix::fs::symlink(&victim, &path).expect("link");
        let err = FileLock::acquire(&path, crate::msg!("output.run_lock")).expect_err("refused");
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    }
}
