//! A report's files as one set, changed together or not at all.
//!
//! Each document is written into a stage folder inside the output folder
//! (`outputs/.zhidu-stage-XXXXXX/new/…`, same file system) as it is made, so a
//! report holds at most the documents it is still making. When the report is
//! complete every staged file is flushed to the disk, then the set is swapped in: a journal lists every move, then each
//! file already at a target is moved aside into the stage (`old/…`) and the new
//! one renamed into place, and the files of the report's previous set that the new
//! one no longer has are moved aside too. Any failure puts every moved file back,
//! so the previous set stays exactly as it was; a run killed in the middle leaves
//! the journal, and the next run (under the run lock) puts the previous set back
//! from it. The set record (`outputs/.zhidu/sets/…`) lists what a report wrote
//! for a period, so the next set knows which files are stale. A document made
//! again byte for byte as the file already in its place is not staged: that file
//! stays (checked unchanged at the commit), so a rerun replaces only what changed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use super::lock::RunLock;
use super::note::SetNote;
use super::{sha256_file, sha256_hex, FileEntry, OutputFile};
use crate::error::UserError;

/// Where a report puts each document as soon as it is made.
pub trait DocumentSink {
    /// Add a document: `path` is relative to the output folder
    /// (`2026-11/notices/K001-王丽娟.pdf`).
    fn add(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()>;

    /// Take what the documents added say in brief ([`SetNote`]), as the run
    /// records it; a sink that keeps no record ignores it.
    fn note(&mut self, _note: SetNote) {}
}

/// Documents kept in memory, in the order they were made (tests and tools); the
/// paths are checked as a stage checks them.
impl DocumentSink for Vec<OutputFile> {
    fn add(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let rel = document_path(path)?;
        let key = fold(&rel);
        if self
            .iter()
            .any(|f| fold(&f.path.to_string_lossy().replace('\\', "/")) == key)
        {
            return Err(crate::msg!("output.same_path_twice", path = &rel).into());
        }
        self.push(OutputFile {
            path: path.to_path_buf(),
            bytes: bytes.to_vec(),
        });
        Ok(())
    }
}

/// How many threads flush a set's staged files to the disk.
const SYNC_THREADS: usize = 8;

/// The name of every stage folder starts with this (then a random part).
pub const STAGE_PREFIX: &str = ".zhidu-stage-";

/// The folder of the set records under the output folder.
const RECORDS: &str = ".zhidu/sets";

/// A document's path checked and written with `/`: relative, no `..`, `.` or
/// empty part, no part starting with a dot (names zhidu keeps for itself).
pub fn document_path(path: &Path) -> anyhow::Result<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => {
                let s = p
                    .to_str()
                    .ok_or_else(|| crate::msg!("output.path_not_utf8", path = path.display().to_string()))?;
                if s.is_empty() || s.starts_with('.') {
                    return Err(
                        crate::msg!("output.path_dot_part", path = path.display().to_string()).into(),
                    );
                }
                parts.push(s);
            }
            _ => {
                return Err(crate::msg!("output.path_not_relative", path = path.display().to_string()).into())
            }
        }
    }
    if parts.is_empty() {
        return Err(crate::msg!("output.path_no_name").into());
    }
    Ok(parts.join("/"))
}

/// Paths compared as a case-insensitive file system compares them.
fn fold(rel: &str) -> String {
    rel.to_lowercase()
}

/// A report's documents being written, not yet in place. Dropped without
/// [`Stage::commit`], it is removed with everything in it.
pub struct Stage<'l> {
    out_dir: &'l Path,
    dir: tempfile::TempDir,
    written: Vec<FileEntry>,
    keys: BTreeSet<String>,
    record: Option<String>,
    /// Files of the set already in place byte for byte: not staged, not moved.
    kept: Vec<Kept>,
}

/// A file of the new set found in place with the same bytes, and what it looked
/// like then: the commit checks it has not changed since.
struct Kept {
    path: String,
    meta: FileStamp,
}

/// What identifies a file's state without reading it again.
#[derive(Debug, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64),
}

impl FileStamp {
    /// The stamp of a regular file (never a link's target); `None` for anything else.
    fn of(path: &Path) -> Option<FileStamp> {
        Self::from_meta(std::fs::symlink_metadata(path).ok()?)
    }

    /// The stamp of the file `path` names, through links (an input may be one);
    /// `None` when it is not a regular file.
    pub fn of_target(path: &Path) -> Option<FileStamp> {
        Self::from_meta(std::fs::metadata(path).ok()?)
    }

    fn from_meta(m: std::fs::Metadata) -> Option<FileStamp> {
        let m = Some(m).filter(std::fs::Metadata::is_file)?;
        Some(FileStamp {
            len: m.len(),
            modified: m.modified().ok(),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                (m.dev(), m.ino())
            },
        })
    }
}

/// What a committed set changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetChange {
    /// Every file of the new set, in the order it was made.
    pub written: Vec<FileEntry>,
    /// Files of the previous set the new one no longer has, now removed.
    pub removed: Vec<FileEntry>,
}

/// Which report and period a set belongs to: its record is
/// `outputs/.zhidu/sets/<report>/<period>.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetKey {
    /// The report id.
    pub report: String,
    /// The period's folder name (`2026-11`), or `None` for a report covering no period.
    pub period: Option<String>,
}

impl SetKey {
    fn record_path(&self) -> String {
        format!(
            "{RECORDS}/{}/{}.json",
            super::safe_file_name(&self.report),
            super::safe_file_name(self.period.as_deref().unwrap_or("all"))
        )
    }
}

/// The set record: the files a report wrote for a period.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct SetRecord {
    files: Vec<String>,
}

/// The moves of one swap, written before the first of them so that a killed run
/// can be undone by the next.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Journal {
    /// Folders the swap created (parents first).
    created_dirs: Vec<String>,
    /// Files moved from `new/` into place (an existing file first moved to `old/`).
    moves: Vec<String>,
    /// Stale files moved to `old/`.
    stale: Vec<String>,
}

const JOURNAL: &str = "journal.json";
const COMMITTED: &str = "committed";

impl<'l> Stage<'l> {
    /// A new, empty stage in the output folder of `lock`. With a `key`, the commit
    /// removes the files of the key's previous set that the new one lacks.
    pub fn new(lock: &'l RunLock, key: Option<&SetKey>) -> anyhow::Result<Stage<'l>> {
        let out_dir = lock.out_dir();
        let dir = tempfile::Builder::new()
            .prefix(STAGE_PREFIX)
            .tempdir_in(out_dir)
            .with_context(|| {
                crate::msg!("output.cannot_create_stage", path = out_dir.display().to_string())
            })?;
        Ok(Stage {
            out_dir,
            dir,
            written: Vec::new(),
            keys: BTreeSet::new(),
            record: key.map(SetKey::record_path),
            kept: Vec::new(),
        })
    }

    /// The stage folder (for messages and tests).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The stamp of the file at `rel` in the output folder when it is a regular
    /// file holding exactly `bytes` (a document made again as it was): it stays
    /// where it is instead of being staged, flushed and renamed again. Reading it
    /// is cheaper than writing a new file, and a month's rerun replaces only the
    /// documents that changed.
    fn in_place(&self, rel: &str, bytes: &[u8]) -> Option<FileStamp> {
        let target = self.out_dir.join(rel);
        let before = FileStamp::of(&target).filter(|m| m.len == bytes.len() as u64)?;
        let same = std::fs::read(&target).is_ok_and(|b| b == bytes);
        // The stamp from before the read: a change while it was read shows at the commit.
        (same && FileStamp::of(&target).as_ref() == Some(&before)).then_some(before)
    }

    /// Write a staged file at `new/<rel>`, exclusively created; it reaches the
    /// disk before the swap ([`Stage::sync`]).
    fn put(&self, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let p = self.dir.path().join("new").join(rel);
        if let Some(parent) = p.parent() {
            super::create_dir(parent)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
            .with_context(|| crate::msg!("output.cannot_stage", path = rel))?;
        f.write_all(bytes)
            .with_context(|| crate::msg!("output.cannot_stage", path = rel))
    }

    /// Flush every staged file to the disk, before any of them is moved into
    /// place. The flushes run on several threads at once, so the file system
    /// commits them together instead of one journal commit per document.
    fn sync(&self) -> anyhow::Result<()> {
        let new = self.dir.path().join("new");
        let files: Vec<&str> = self.staged().collect();
        let per_thread = files.len().div_ceil(SYNC_THREADS).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = files
                .chunks(per_thread)
                .map(|chunk| {
                    let new = &new;
                    scope.spawn(move || {
                        chunk.iter().try_for_each(|rel| {
                            std::fs::File::open(new.join(rel))
                                .and_then(|f| f.sync_all())
                                .with_context(|| crate::msg!("output.cannot_stage", path = *rel))
                        })
                    })
                })
                .collect();
            workers.into_iter().try_for_each(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(crate::msg!("output.staged_flush_failed").into()))
            })
        })
    }

    /// The paths of the staged files (every file of the set not kept in place).
    fn staged(&self) -> impl Iterator<Item = &str> {
        let kept: BTreeSet<&str> = self.kept.iter().map(|k| k.path.as_str()).collect();
        self.written
            .iter()
            .map(|f| f.path.as_str())
            .filter(move |p| !kept.contains(p))
    }

    /// Swap the set in (see the module's documentation). On failure the previous
    /// files are as they were and the error says why.
    pub fn commit(self) -> anyhow::Result<SetChange> {
        self.commit_with(Fault::from_env())
    }

    fn commit_with(self, fault: Fault) -> anyhow::Result<SetChange> {
        self.sync()?;
        let previous = match &self.record {
            Some(r) => read_record(&self.out_dir.join(r))?,
            None => Vec::new(),
        };
        let new_keys: BTreeSet<String> = self.written.iter().map(|f| fold(&f.path)).collect();
        // A record names only document paths: a tampered one cannot reach outside.
        let stale_candidates: Vec<String> = previous
            .into_iter()
            .filter(|p| !new_keys.contains(&fold(p)))
            .filter(|p| document_path(Path::new(p)).is_ok())
            .collect();
        let mut moves: Vec<String> = self.staged().map(str::to_string).collect();
        if let Some(r) = &self.record {
            let files = self.written.iter().map(|f| f.path.clone()).collect();
            let mut text = serde_json::to_string_pretty(&SetRecord { files })?;
            text.push('\n');
            self.put(r, text.as_bytes())?;
            std::fs::File::open(self.dir.path().join("new").join(r))
                .and_then(|f| f.sync_all())
                .with_context(|| crate::msg!("output.cannot_stage", path = r))?;
            moves.push(r.clone());
        }
        let mut journal = Journal {
            moves,
            ..Journal::default()
        };
        let mut created = BTreeSet::new();
        for rel in &journal.moves {
            check_target(self.out_dir, rel, &mut journal.created_dirs, &mut created)?;
        }
        let mut removed = Vec::new();
        for rel in stale_candidates {
            let t = self.out_dir.join(&rel);
            match std::fs::symlink_metadata(&t) {
                Ok(m) if m.is_file() => {
                    let (sha256, bytes) = sha256_file(&t)
                        .with_context(|| crate::msg!("output.cannot_read", path = t.display().to_string()))?;
                    removed.push(FileEntry {
                        path: rel.clone(),
                        sha256,
                        bytes,
                    });
                    journal.stale.push(rel);
                }
                Ok(m) if m.file_type().is_symlink() => {
                    removed.push(FileEntry {
                        path: rel.clone(),
                        sha256: String::new(),
                        bytes: 0,
                    });
                    journal.stale.push(rel);
                }
                _ => {}
            }
        }
        // A file kept in place must still be the one compared (nothing else writes
        // in the output folder under the run lock, but a person may).
        for k in &self.kept {
            if FileStamp::of(&self.out_dir.join(&k.path)).as_ref() != Some(&k.meta) {
                return Err(
                    UserError::other(crate::msg!("output.changed_during_run", path = &k.path)).into(),
                );
            }
        }
        write_journal(self.dir.path(), &journal)?;
        let swapped = swap(self.out_dir, self.dir.path(), &journal, fault);
        let Err(e) = swapped else {
            // Marked done first: a run killed now leaves only what is to be deleted.
            let _ = std::fs::File::create(self.dir.path().join(COMMITTED));
            return Ok(SetChange {
                written: self.written,
                removed,
            });
        };
        match rollback(self.out_dir, self.dir.path(), &journal) {
            Ok(()) => Err(e.context(crate::msg!("output.rolled_back"))),
            Err(r) => {
                let kept = self.dir.keep();
                Err(e.context(crate::msg!(
                    "output.not_rolled_back",
                    error = crate::i18n::Text::raw(format!("{r:#}")),
                    path = kept.display().to_string()
                )))
            }
        }
    }
}

impl DocumentSink for Stage<'_> {
    fn add(&mut self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let rel = document_path(path)?;
        if !self.keys.insert(fold(&rel)) {
            return Err(crate::msg!("output.same_path_twice", path = &rel).into());
        }
        match self.in_place(&rel, bytes) {
            Some(meta) => self.kept.push(Kept {
                path: rel.clone(),
                meta,
            }),
            None => self.put(&rel, bytes)?,
        }
        self.written.push(FileEntry {
            path: rel,
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        });
        Ok(())
    }
}

/// Read a set record; a missing one is an empty set.
fn read_record(path: &Path) -> anyhow::Result<Vec<String>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice::<SetRecord>(&bytes)
            .map(|r| r.files)
            .with_context(|| crate::msg!("output.not_a_set_record", path = path.display().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => {
            Err(e).with_context(|| crate::msg!("output.cannot_read", path = path.display().to_string()))
        }
    }
}

/// Refuse a target that is a folder, or below something that is not one, before
/// anything moves; note the folders to create (parents first).
fn check_target(
    out_dir: &Path,
    rel: &str,
    to_create: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> anyhow::Result<()> {
    let parts: Vec<&str> = rel.split('/').collect();
    let (name, folders) = parts.split_last().unwrap_or((&"", &[]));
    let mut sofar = String::new();
    for f in folders {
        if !sofar.is_empty() {
            sofar.push('/');
        }
        sofar.push_str(f);
        if seen.contains(&sofar) {
            continue;
        }
        let p = out_dir.join(&sofar);
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(UserError::other(crate::msg!(
                    "output.parent_not_a_folder",
                    path = p.display().to_string(),
                    rel = rel
                ))
                .into())
            }
            Err(_) => {
                to_create.push(sofar.clone());
                seen.insert(sofar.clone());
            }
        }
    }
    let t = out_dir.join(rel);
    if std::fs::symlink_metadata(&t).is_ok_and(|m| m.is_dir()) {
        return Err(UserError::other(crate::msg!(
            "output.target_is_a_folder",
            path = t.display().to_string(),
            name = *name
        ))
        .into());
    }
    Ok(())
}

/// Write the journal (staged under a temporary name, then renamed: it is whole or absent).
fn write_journal(stage: &Path, journal: &Journal) -> anyhow::Result<()> {
    let tmp = stage.join("journal.tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .context(crate::msg!("output.cannot_write_journal"))?;
    f.write_all(&serde_json::to_vec(journal)?)
        .and_then(|()| f.sync_all())
        .context(crate::msg!("output.cannot_write_journal"))?;
    std::fs::rename(&tmp, stage.join(JOURNAL)).context(crate::msg!("output.cannot_write_journal"))
}

fn exists(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

fn rename(from: &Path, to: &Path) -> anyhow::Result<()> {
    if let Some(parent) = to.parent() {
        super::create_dir(parent)?;
    }
    std::fs::rename(from, to).with_context(|| {
        crate::msg!(
            "output.cannot_move",
            from = from.display().to_string(),
            to = to.display().to_string()
        )
    })
}

/// The moves of a journal: old files aside, new ones in, stale ones aside.
fn swap(out_dir: &Path, stage: &Path, journal: &Journal, mut fault: Fault) -> anyhow::Result<()> {
    for d in &journal.created_dirs {
        let p = out_dir.join(d);
        std::fs::create_dir(&p)
            .with_context(|| crate::msg!("output.cannot_create_folder", path = p.display().to_string()))?;
    }
    for rel in &journal.moves {
        let target = out_dir.join(rel);
        if exists(&target) {
            rename(&target, &stage.join("old").join(rel))?;
            fault.after_rename()?;
        }
        rename(&stage.join("new").join(rel), &target)?;
        fault.after_rename()?;
    }
    for rel in &journal.stale {
        rename(&out_dir.join(rel), &stage.join("old").join(rel))?;
        fault.after_rename()?;
    }
    Ok(())
}

/// Undo whatever part of a journal's moves was done: the new files back into the
/// stage, the old ones back into place, the folders it created removed if empty.
/// Safe to repeat.
fn rollback(out_dir: &Path, stage: &Path, journal: &Journal) -> anyhow::Result<()> {
    for rel in journal.stale.iter().rev() {
        let (old, target) = (stage.join("old").join(rel), out_dir.join(rel));
        if exists(&old) && !exists(&target) {
            rename(&old, &target)?;
        }
    }
    for rel in journal.moves.iter().rev() {
        let (new, old, target) = (
            stage.join("new").join(rel),
            stage.join("old").join(rel),
            out_dir.join(rel),
        );
        if !exists(&new) && exists(&target) {
            rename(&target, &new)?;
        }
        if exists(&old) {
            rename(&old, &target)?;
        }
    }
    for d in journal.created_dirs.iter().rev() {
        let _ = std::fs::remove_dir(out_dir.join(d));
    }
    Ok(())
}

/// What [`recover`] found in a stage folder left by an earlier run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leftover {
    /// A set that was being written: nothing had moved; deleted.
    Unfinished(PathBuf),
    /// A swap that was complete; its leftovers deleted.
    Committed(PathBuf),
    /// A swap cut off half-way: the previous files put back, then deleted.
    RolledBack(PathBuf),
}

/// Clean up the stage folders earlier runs left in the output folder (a killed
/// run, a full disk): finish what was committed, undo what was not. Needs the run
/// lock: no other run's stage can be live.
pub fn recover(lock: &RunLock) -> anyhow::Result<Vec<Leftover>> {
    let out_dir = lock.out_dir();
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(out_dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => {
            return Err(e)
                .with_context(|| crate::msg!("output.cannot_list", path = out_dir.display().to_string()))
        }
    };
    let mut stages: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(STAGE_PREFIX))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    stages.sort();
    for stage in stages {
        let left = if stage.join(COMMITTED).exists() {
            Leftover::Committed(stage.clone())
        } else if let Ok(bytes) = std::fs::read(stage.join(JOURNAL)) {
            let journal: Journal = serde_json::from_slice(&bytes).with_context(|| {
                crate::msg!("output.journal_unreadable", path = stage.display().to_string())
            })?;
            rollback(out_dir, &stage, &journal)
                .with_context(|| crate::msg!("output.cannot_recover", path = stage.display().to_string()))?;
            Leftover::RolledBack(stage.clone())
        } else {
            Leftover::Unfinished(stage.clone())
        };
        std::fs::remove_dir_all(&stage)
            .with_context(|| crate::msg!("output.cannot_remove", path = stage.display().to_string()))?;
        found.push(left);
    }
    Ok(found)
}

/// A fault injected into swaps for the tests (`ZHIDU_TEST_FAULT=rename:N:fail`
/// or `rename:N:kill`): after the N-th rename of a swap, fail, or kill the
/// process with SIGKILL. Unset, it does nothing.
struct Fault {
    after: Option<(usize, bool)>,
    renames: usize,
}

/// The environment variable of [`Fault`].
pub const FAULT_VAR: &str = "ZHIDU_TEST_FAULT";

impl Fault {
    fn from_env() -> Fault {
        let spec = std::env::var(FAULT_VAR).unwrap_or_default();
        let parts: Vec<&str> = spec.split(':').collect();
        let after = match parts.as_slice() {
            ["rename", n, how] => n.parse().ok().map(|n| (n, *how == "kill")),
            _ => None,
        };
        Fault { after, renames: 0 }
    }

    fn after_rename(&mut self) -> anyhow::Result<()> {
        self.renames += 1;
        match self.after {
            Some((n, kill)) if n == self.renames => {
                if kill {
                    kill_self();
                }
                Err(crate::msg!("output.injected_fault", var = FAULT_VAR, n = n).into())
            }
            _ => Ok(()),
        }
    }
}

/// End this process at once, as `kill -9` would: no destructor, no cleanup.
fn kill_self() {
    #[cfg(unix)]
    {
        let pid = std::process::id().to_string();
        let _ = std::process::Command::new("kill").args(["-9", &pid]).status();
    }
    std::process::abort();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn lock(dir: &Path) -> RunLock {
        RunLock::acquire(dir, Duration::ZERO, "test", |_| {}).expect("lock")
    }

    fn key() -> SetKey {
        SetKey {
            report: "deductions".into(),
            period: Some("2026-11".into()),
        }
    }

    fn stage_set<'l>(lock: &'l RunLock, files: &[(&str, &str)]) -> Stage<'l> {
        let mut stage = Stage::new(lock, Some(&key())).expect("stage");
        for (p, text) in files {
            stage.add(Path::new(p), text.as_bytes()).expect("add");
        }
        stage
    }

    /// Every file under `dir` but the lock, with its text.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            for e in std::fs::read_dir(&d).expect("ls").flatten() {
                let p = e.path();
                if p.is_dir() {
                    todo.push(p);
                } else if !p.ends_with(crate::output::lock::RUN_LOCK_FILE) {
                    let rel = p
                        .strip_prefix(dir)
                        .expect("rel")
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_set_replaces_the_previous_one_and_removes_what_it_no_longer_has() {
        let dir = tempfile::tempdir().expect("dir");
        let lock = lock(dir.path());
        let first = stage_set(
            &lock,
            &[("2026-11/a.pdf", "a1"), ("2026-11/notices/K1.pdf", "k1")],
        );
        assert_eq!(first.commit().expect("first").removed, Vec::new());
        let second = stage_set(
            &lock,
            &[("2026-11/a.pdf", "a2"), ("2026-11/notices/K2.pdf", "k2")],
        );
        let change = second.commit().expect("second");
        assert_eq!(
            change.removed,
            vec![FileEntry {
                path: "2026-11/notices/K1.pdf".into(),
                sha256: sha256_hex(b"k1"),
                bytes: 2
            }]
        );
        let files: Vec<String> = tree(dir.path()).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            files,
            [
                ".zhidu/sets/deductions/2026-11.json",
                "2026-11/a.pdf",
                "2026-11/notices/K2.pdf"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("2026-11/a.pdf")).expect("a"),
            "a2"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_document_made_again_as_it_was_stays_in_place() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("dir");
        let lock = lock(dir.path());
        let ino = |p: &str| std::fs::metadata(dir.path().join(p)).expect("file").ino();
        stage_set(&lock, &[("2026-11/a.pdf", "a1"), ("2026-11/b.pdf", "b1")])
            .commit()
            .expect("first");
        let (a, b) = (ino("2026-11/a.pdf"), ino("2026-11/b.pdf"));
        let change = stage_set(&lock, &[("2026-11/a.pdf", "a1"), ("2026-11/b.pdf", "b2")])
            .commit()
            .expect("second");
        // Both are in the set; the same one is the same file, the other a new one.
        assert_eq!(change.written.len(), 2);
        assert_eq!(ino("2026-11/a.pdf"), a);
        assert_ne!(ino("2026-11/b.pdf"), b);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("2026-11/b.pdf")).expect("b"),
            "b2"
        );
        // A kept file changed before the commit: nothing of the set is replaced.
        let next = stage_set(&lock, &[("2026-11/a.pdf", "a1"), ("2026-11/b.pdf", "b3")]);
        std::fs::write(dir.path().join("2026-11/a.pdf"), "edited").expect("edit");
        let mut before = tree(dir.path());
        before.retain(|(p, _)| !p.starts_with(STAGE_PREFIX));
        let err = next.commit().expect_err("changed");
        assert!(err.to_string().contains("changed while the run"), "{err}");
        assert_eq!(tree(dir.path()), before);
    }

    #[test]
    fn names_that_collide_or_leave_the_folder_are_refused() {
        let dir = tempfile::tempdir().expect("dir");
        let lock = lock(dir.path());
        let mut stage = Stage::new(&lock, None).expect("stage");
        stage.add(Path::new("2026-11/K1-张三.pdf"), b"x").expect("first");
        let err = stage
            .add(Path::new("2026-11/k1-张三.PDF"), b"y")
            .expect_err("collides");
        assert!(err.to_string().contains("both be written as"), "{err}");
        for bad in ["../x.pdf", "/etc/passwd", "2026-11/.hidden", "a/../../b"] {
            assert!(stage.add(Path::new(bad), b"z").is_err(), "{bad}");
        }
    }

    #[test]
    fn a_failure_between_renames_leaves_the_previous_set_as_it_was() {
        let dir = tempfile::tempdir().expect("dir");
        let lock = lock(dir.path());
        let files = [
            ("2026-11/a.pdf", "a1"),
            ("2026-11/b.pdf", "b1"),
            ("2026-11/notices/K1.pdf", "k1"),
        ];
        stage_set(&lock, &files).commit().expect("first");
        let before = tree(dir.path());
        for n in 1..=8 {
            let next = stage_set(
                &lock,
                &[
                    ("2026-11/a.pdf", "a2"),
                    ("2026-11/b.pdf", "b2"),
                    ("2026-11/c.pdf", "c2"),
                ],
            );
            let fault = Fault {
                after: Some((n, false)),
                renames: 0,
            };
            let err = next.commit_with(fault).expect_err("injected");
            assert!(format!("{err:#}").contains("left as they were"), "{err:#}");
            assert_eq!(tree(dir.path()), before, "after rename {n}");
        }
    }

    #[test]
    fn a_folder_at_a_target_stops_the_set_before_anything_moves() {
        let dir = tempfile::tempdir().expect("dir");
        let lock = lock(dir.path());
        stage_set(&lock, &[("2026-11/a.pdf", "a1"), ("2026-11/b.pdf", "b1")])
            .commit()
            .expect("first");
        std::fs::remove_file(dir.path().join("2026-11/b.pdf")).expect("rm");
        std::fs::create_dir(dir.path().join("2026-11/b.pdf")).expect("folder");
        let before = tree(dir.path());
        let err = stage_set(&lock, &[("2026-11/a.pdf", "a2"), ("2026-11/b.pdf", "b2")])
            .commit()
            .expect_err("folder");
        assert!(err.to_string().contains("is a folder"), "{err}");
        assert_eq!(tree(dir.path()), before);
    }

    #[test]
    fn a_swap_cut_off_half_way_is_undone_by_the_next_lock_holder() {
        let dir = tempfile::tempdir().expect("dir");
        let lock = lock(dir.path());
        stage_set(&lock, &[("2026-11/a.pdf", "a1"), ("2026-11/b.pdf", "b1")])
            .commit()
            .expect("first");
        let before = tree(dir.path());
        // As a killed run leaves it: a.pdf swapped, b.pdf moved aside, the new one not yet in.
        let stage = dir.path().join(".zhidu-stage-Ab12Cd");
        std::fs::create_dir_all(stage.join("new/2026-11")).expect("new");
        std::fs::create_dir_all(stage.join("old/2026-11")).expect("old");
        std::fs::rename(dir.path().join("2026-11/a.pdf"), stage.join("old/2026-11/a.pdf")).expect("mv");
        std::fs::write(dir.path().join("2026-11/a.pdf"), "a2").expect("new a");
        std::fs::rename(dir.path().join("2026-11/b.pdf"), stage.join("old/2026-11/b.pdf")).expect("mv");
        std::fs::write(stage.join("new/2026-11/b.pdf"), "b2").expect("new b");
        let journal = Journal {
            created_dirs: Vec::new(),
            moves: vec!["2026-11/a.pdf".into(), "2026-11/b.pdf".into()],
            stale: Vec::new(),
        };
        std::fs::write(stage.join(JOURNAL), serde_json::to_vec(&journal).expect("json")).expect("journal");
        // A set being written, with no journal yet.
        std::fs::create_dir_all(dir.path().join(".zhidu-stage-Zz99Yy/new")).expect("unfinished");
        let found = recover(&lock).expect("recover");
        assert_eq!(
            found,
            vec![
                Leftover::RolledBack(stage.clone()),
                Leftover::Unfinished(dir.path().join(".zhidu-stage-Zz99Yy"))
            ]
        );
        assert_eq!(tree(dir.path()), before);
    }
}
