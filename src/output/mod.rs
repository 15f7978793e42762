//! The one write path: every file zhidu writes (reports, forms, the manual, the
//! slip register and its backups, manifests, the runs log, `init` and the sample
//! inputs) goes through here. A single file is written to a temporary name in its
//! target folder (created exclusively under an unpredictable name, so a planted
//! file or link is never followed), flushed to disk and renamed into place, so a
//! failed run never leaves a half-written document. A report's files are one set
//! ([`stage`]): staged, then swapped in together or not at all, under the run lock
//! ([`lock`]). A symbolic link at a target is replaced, not written through,
//! except by [`replace_file`] after [`link_target`], which update the file a link
//! names. [`term`] makes text from data safe to print.

pub mod lock;
pub mod note;
pub mod stage;
pub mod term;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use sha2::{Digest, Sha256};

/// One file to write: a path relative to an output folder, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path under the output folder, e.g. `2026-11/deductions.xlsx`.
    pub path: PathBuf,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// A file as manifests and the runs log list it: its path, SHA-256 and size.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct FileEntry {
    /// Path (inputs: relative to the project folder; outputs: to the output folder), with `/`.
    pub path: String,
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Bytes as lowercase hex, two digits each.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of bytes, as manifests list files.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 and size of a file, read in blocks (for the inputs a run read).
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex(&hasher.finalize()), size))
}

/// Create a folder and its parents.
pub fn create_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| crate::msg!("output.cannot_create_folder", path = dir.display().to_string()))
}

/// The folder a file is written into (`.` for a bare name).
fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Longest part of a target's name kept in its staged file's name, in bytes.
const TEMP_NAME_BYTES: usize = 100;

/// The prefix of the staged files of `target`: `.<name>.` (the name cut to 100 bytes).
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut end = name.len().min(TEMP_NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.", &name[..end])
}

/// What a staged file takes over from the file it replaces.
#[derive(Debug, Clone, Copy)]
enum Keep<'a> {
    /// Nothing: a new file's usual permissions (0666 less the umask on Unix).
    Nothing,
    /// The permissions and, on Unix, the owner and group of this file where the
    /// process may set them.
    ModeOf(&'a std::fs::Metadata),
}

/// Create a staged file beside `target` (its folder created): a new name
/// `.<name>.XXXXXX.tmp` with a random part, created exclusively (an existing
/// file or a planted symbolic link under that name makes the creation fail, never
/// followed), filled by `fill` and flushed to disk (unless `durable` is false:
/// see [`write_disposable`]). The file is removed when the returned handle is
/// dropped without being persisted.
fn stage_with(
    target: &Path,
    keep: Keep<'_>,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> anyhow::Result<tempfile::NamedTempFile> {
    stage_flushed(target, keep, true, fill)
}

fn stage_flushed(
    target: &Path,
    keep: Keep<'_>,
    durable: bool,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = folder_of(target);
    create_dir(dir)?;
    let prefix = temp_prefix(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match keep {
            Keep::Nothing => 0o666,
            // Created no wider than the file it replaces; the exact mode is set below.
            Keep::ModeOf(meta) => meta.permissions().mode() & 0o777,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| crate::msg!("output.cannot_create_temp", path = dir.display().to_string()))?;
    let shown = tmp.path().display().to_string();
    if let Keep::ModeOf(meta) = keep {
        keep_mode(tmp.as_file(), meta)
            .with_context(|| crate::msg!("output.cannot_set_permissions", path = &shown))?;
    }
    fill(tmp.as_file_mut()).with_context(|| crate::msg!("output.cannot_write", path = &shown))?;
    if durable {
        tmp.as_file()
            .sync_all()
            .with_context(|| crate::msg!("output.cannot_flush", path = &shown))?;
    }
    Ok(tmp)
}

/// Give `file` the owner and group (on Unix, where the process may set them) and
/// the permissions of `meta`.
fn keep_mode(file: &std::fs::File, meta: &std::fs::Metadata) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mine = file.metadata()?;
        if (mine.uid(), mine.gid()) != (meta.uid(), meta.gid()) {
            // Only root may give a file away; anyone may keep a group they belong to.
            // Neither is an error: the file then stays the writer's.
            if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
                let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
            }
        }
    }
    // After the owner: changing the owner may clear set-id bits.
    file.set_permissions(meta.permissions())
}

/// Stage `bytes` beside `target` (see [`stage_with`]).
fn stage(target: &Path, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    stage_with(target, Keep::Nothing, |f| f.write_all(bytes))
}

/// Rename a staged file onto `target`, replacing what is there (a symbolic link
/// at `target` is replaced itself, never written through).
fn move_into_place(tmp: tempfile::NamedTempFile, target: &Path) -> anyhow::Result<()> {
    let shown = tmp.path().display().to_string();
    tmp.persist(target)
        .map(|_| ())
        .map_err(|e| anyhow::Error::new(e.error))
        .with_context(|| {
            crate::msg!(
                "output.cannot_move_into_place",
                path = &shown,
                target = target.display().to_string()
            )
        })
}

/// Write one file: a temporary file in the same folder, then a rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    move_into_place(stage(path, bytes)?, path)
}

/// Write a file whose loss costs nothing, such as an entry of the input cache
/// (which checks its own contents before it is used): staged and renamed like
/// [`write_file`], never half-written for a reader, but not waited for until it
/// is on disk — after a power cut it may be empty or missing.
pub fn write_disposable(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_disposable_with(path, |f| f.write_all(bytes))
}

/// [`write_disposable`] for a file that `fill` writes into the staged file.
pub fn write_disposable_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    move_into_place(stage_flushed(path, Keep::Nothing, false, fill)?, path)
}

/// Remove the regular files of `dir` whose names start with `prefix`, except
/// `keep`: the older entries of a cache once a new one is written. What cannot be
/// removed stays (it costs only room); staged files (`.<name>.XXXXXX.tmp`) start
/// with a dot and are never matched by a prefix that does not.
pub fn remove_older(dir: &Path, prefix: &str, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let other = e.file_name().to_string_lossy().starts_with(prefix) && e.path() != keep;
        if other && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The file `path` finally names: `path` itself unless it is a symbolic link, else
/// the link's target (through further links; a relative target is taken from the
/// link's folder), whether that file exists yet or not.
pub fn link_target(path: &Path) -> anyhow::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // The limit Linux puts on links followed in one lookup.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p).with_context(|| {
                    crate::msg!("output.cannot_read_link", path = p.display().to_string())
                })?;
                p = folder_of(&p).join(to);
            }
            _ => return Ok(p),
        }
    }
    Err(crate::msg!("output.too_many_links", path = path.display().to_string()).into())
}

/// Replace the file at `target` (not a link: see [`link_target`]) with `bytes`,
/// staged beside it and renamed over it; the new file keeps the old one's
/// permissions and, on Unix, its owner and group where the process may set them.
/// A missing `target` is created as by [`write_file`].
pub fn replace_file(target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let old = std::fs::symlink_metadata(target).ok().filter(|m| m.is_file());
    let keep = old.as_ref().map_or(Keep::Nothing, Keep::ModeOf);
    let tmp = stage_with(target, keep, |f| f.write_all(bytes))?;
    move_into_place(tmp, target)
}

/// Remove the staged files of `target` that a killed or failed write left behind
/// (regular files named `.<name>.XXXXXX.tmp` in its folder). Only for callers that
/// know no other write of `target` is under way, e.g. while holding its lock.
pub fn remove_leftover_temps(target: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let dir = folder_of(target);
    let prefix = temp_prefix(target);
    let mut removed = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(removed),
        Err(e) => {
            return Err(e)
                .with_context(|| crate::msg!("output.cannot_list", path = dir.display().to_string()))
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let random = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        let is_staged = random.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric()));
        if is_staged && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            std::fs::remove_file(&path)
                .with_context(|| crate::msg!("output.cannot_remove", path = path.display().to_string()))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// A log file lines are only ever appended to (the runs log): opened for
/// appending (`O_APPEND`, created if missing), never through a symbolic link,
/// each line written in one write and flushed; nothing before it is rewritten.
#[derive(Debug)]
pub struct AppendOnly {
    file: std::fs::File,
    path: PathBuf,
}

impl AppendOnly {
    /// Open (or create) the log at `path`; a link or anything but a regular file
    /// there is refused.
    pub fn open(path: &Path) -> anyhow::Result<AppendOnly> {
        let mut options = std::fs::OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let file = options.open(path).map_err(|e| {
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ELOOP) {
                return crate::msg!("output.is_link", path = path.display().to_string()).into();
            }
            anyhow::Error::new(e).context(crate::msg!(
                "output.cannot_open",
                path = path.display().to_string()
            ))
        })?;
        let meta = file
            .metadata()
            .with_context(|| crate::msg!("output.cannot_read", path = path.display().to_string()))?;
        if !meta.is_file() {
            return Err(crate::msg!("output.not_a_regular_file", path = path.display().to_string()).into());
        }
        Ok(AppendOnly {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Append `line` and a newline. A last line that a killed writer left without
    /// its newline is ended first, so the new line stands alone.
    pub fn append(&mut self, line: &str) -> anyhow::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        let shown = self.path.display().to_string();
        let len = self
            .file
            .metadata()
            .with_context(|| crate::msg!("output.cannot_read", path = &shown))?
            .len();
        let mut text = String::with_capacity(line.len() + 2);
        if len > 0 {
            let mut last = [0u8; 1];
            self.file
                .seek(SeekFrom::End(-1))
                .and_then(|_| self.file.read_exact(&mut last))
                .with_context(|| crate::msg!("output.cannot_read", path = &shown))?;
            if last[0] != b'\n' {
                text.push('\n');
            }
        }
        text.push_str(line.trim_end_matches('\n'));
        text.push('\n');
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_data())
            .with_context(|| crate::msg!("output.cannot_append", path = &shown))
    }
}

/// Keep a copy of `path` beside it under the next free name `<name>.bak-1`,
/// `.bak-2`, …, before it is replaced; returns the backup's path. The copy is
/// staged and then given its name only if nothing (not even a link) has it, so an
/// existing file is never overwritten; it keeps the original's permissions.
pub fn keep_backup(path: &Path) -> anyhow::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let cannot_read = || crate::msg!("output.cannot_read", path = path.display().to_string());
    let meta = std::fs::metadata(path).with_context(cannot_read)?;
    let mut source = std::fs::File::open(path).with_context(cannot_read)?;
    let mut tmp = stage_with(path, Keep::ModeOf(&meta), |f| {
        std::io::copy(&mut source, f).map(|_| ())
    })?;
    let mut n = 1u32;
    loop {
        let candidate = path.with_file_name(format!("{name}.bak-{n}"));
        match tmp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                tmp = e.file;
                n = n
                    .checked_add(1)
                    .ok_or_else(|| crate::msg!("output.no_backup_name", path = path.display().to_string()))?;
            }
            Err(e) => {
                return Err(anyhow::Error::new(e.error)).with_context(|| {
                    crate::msg!(
                        "output.cannot_keep_backup",
                        path = candidate.display().to_string()
                    )
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zhidu-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_and_replaces_without_leaving_temp_files() {
        let dir = temp_dir("file");
        let p = dir.join("sub/a.txt");
        write_file(&p, b"one").expect("write");
        write_file(&p, b"two").expect("rewrite");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        assert_eq!(names(&dir.join("sub")), vec!["a.txt"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hashes_bytes_and_files_alike() {
        let dir = temp_dir("hash");
        write_file(&dir.join("a.xlsx"), b"one").expect("write");
        // SHA-256 of "one".
        let one = "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed";
        assert_eq!(sha256_hex(b"one"), one);
        assert_eq!(
            sha256_file(&dir.join("a.xlsx")).expect("hash"),
            (one.to_string(), 3)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn backups_take_the_next_free_number() {
        let dir = temp_dir("bak");
        let p = dir.join("slips.xlsx");
        write_file(&p, b"v1").expect("write");
        assert_eq!(keep_backup(&p).expect("backup"), dir.join("slips.xlsx.bak-1"));
        assert_eq!(keep_backup(&p).expect("backup"), dir.join("slips.xlsx.bak-2"));
        assert_eq!(std::fs::read(dir.join("slips.xlsx.bak-2")).expect("read"), b"v1");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_under_a_temporary_name_is_never_followed() {
        let dir = temp_dir("planted");
        std::fs::create_dir_all(&dir).expect("dir");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"keep me").expect("victim");
        // The names the old write path used: `.<name>.<pid>.tmp`, for the next pids.
        let pid = std::process::id();
        for p in pid..pid + 4 {
            std::os::unix::fs::symlink(&victim, dir.join(format!(".a.txt.{p}.tmp"))).expect("link");
        }
        write_file(&dir.join("a.txt"), b"new").expect("write");
        assert_eq!(std::fs::read(&victim).expect("victim"), b"keep me");
        assert_eq!(std::fs::read(dir.join("a.txt")).expect("a"), b"new");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_link_names_its_target() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("replace");
        std::fs::create_dir_all(dir.join("shared")).expect("dir");
        let real = dir.join("shared/slips.xlsx");
        std::fs::write(&real, b"v1").expect("write");
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let link = dir.join("slips.xlsx");
        std::os::unix::fs::symlink("shared/slips.xlsx", &link).expect("link");
        let target = link_target(&link).expect("target");
        assert_eq!(target, dir.join("shared/slips.xlsx"));
        replace_file(&target, b"v2").expect("replace");
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&link).expect("through the link"), b"v2");
        let mode = std::fs::metadata(&real).expect("meta").permissions().mode() & 0o7777;
        assert_eq!(mode, 0o640);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_backup_never_writes_through_a_planted_link() {
        let dir = temp_dir("bak-link");
        std::fs::create_dir_all(&dir).expect("dir");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"keep me").expect("victim");
        let p = dir.join("slips.xlsx");
        std::fs::write(&p, b"v1").expect("write");
        std::os::unix::fs::symlink(&victim, dir.join("slips.xlsx.bak-1")).expect("link");
        assert_eq!(keep_backup(&p).expect("backup"), dir.join("slips.xlsx.bak-2"));
        assert_eq!(std::fs::read(&victim).expect("victim"), b"keep me");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn leftover_temporary_files_are_removed_and_nothing_else() {
        let dir = temp_dir("leftovers");
        std::fs::create_dir_all(&dir).expect("dir");
        for name in [
            ".slips.xlsx.a1B2c3.tmp",
            ".slips.xlsx.lock",
            "slips.xlsx",
            ".other.xlsx.a1B2c3.tmp",
        ] {
            std::fs::write(dir.join(name), b"x").expect("write");
        }
        let removed = remove_leftover_temps(&dir.join("slips.xlsx")).expect("clean");
        assert_eq!(removed, vec![dir.join(".slips.xlsx.a1B2c3.tmp")]);
        assert_eq!(
            names(&dir),
            vec![".other.xlsx.a1B2c3.tmp", ".slips.xlsx.lock", "slips.xlsx"]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// File-name stems made distinct within one set: a stem already given (compared
/// as a case-insensitive file system compares names) gets `-2`, `-3`, … So two
/// employees whose names make the same file name (`李/四` and `李_四`, or two
/// long names cut to the same 60 characters) get two files, in a fixed order.
#[derive(Debug, Clone, Default)]
pub struct UniqueNames {
    taken: std::collections::BTreeSet<String>,
}

impl UniqueNames {
    /// `stem` if no stem given before equals it, else `stem-2`, `stem-3`, …
    pub fn stem(&mut self, stem: &str) -> String {
        let mut n = 1u32;
        loop {
            let candidate = if n == 1 {
                stem.to_string()
            } else {
                format!("{stem}-{n}")
            };
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n = n.saturating_add(1);
        }
    }
}

/// Longest file-name stem kept, in characters (Chinese stays readable, paths stay short).
const MAX_NAME_CHARS: usize = 60;

/// Characters dropped from file names: controls (C0, DEL, C1), bidirectional
/// formatting characters and zero-width characters, which a reader cannot see.
fn invisible(c: char) -> bool {
    c.is_control()
        || term::is_bidi_control(c)
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// A file name built from data (an employee's name, a title) made safe to write:
/// control, bidirectional-formatting and zero-width characters removed (so
/// `\u{202E}` cannot reverse how a name reads), path separators and `<>:"|?*`
/// replaced by `_`, no `..`, no leading or trailing dots or spaces, at most 60
/// characters; Chinese text is kept as it is. An input with nothing usable left gives `_`.
pub fn safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !invisible(*c)) {
        let bad = matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*');
        out.push(if bad { '_' } else { c });
    }
    let mut out = out.trim().to_string();
    while out.contains("..") {
        out = out.replace("..", "_");
    }
    let trimmed: String = out
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let trimmed = trimmed
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    // names Windows reserves
    let upper = trimmed.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if trimmed.is_empty() {
        "_".into()
    } else if reserved {
        format!("_{trimmed}")
    } else {
        trimmed
    }
}

#[cfg(test)]
mod safe_name_tests {
    use super::safe_file_name;

    #[test]
    fn keeps_chinese_and_removes_dangerous_parts() {
        assert_eq!(safe_file_name("张三-扣款通知"), "张三-扣款通知");
        // "../../" → ".._.._" → "____"
        assert_eq!(safe_file_name("../../etc/passwd"), "____etc_passwd");
        assert_eq!(safe_file_name("a/b\\c"), "a_b_c");
        assert_eq!(safe_file_name("王\n五\t"), "王五");
        // An ESC sequence and a right-to-left override vanish; the rest reads as it is.
        assert_eq!(
            safe_file_name("K001-张\u{1b}[2J三\u{202E}fdp.exe"),
            "K001-张[2J三fdp.exe"
        );
        assert_eq!(safe_file_name("\u{2066}李\u{85}四\u{2069}\u{200B}"), "李四");
        assert_eq!(safe_file_name(" .. "), "_");
        assert_eq!(safe_file_name("..."), "_");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("报表?.xlsx"), "报表_.xlsx");
        let mut names = super::UniqueNames::default();
        let stems: Vec<String> = ["K001-李_四", "K001-李_四", "k001-李_四", "K001-李_四-2"]
            .iter()
            .map(|s| names.stem(s))
            .collect();
        assert_eq!(
            stems,
            ["K001-李_四", "K001-李_四-2", "k001-李_四-3", "K001-李_四-2-2"]
        );
        // 100 ideographs are cut to 60
        let long = "字".repeat(100);
        assert_eq!(safe_file_name(&long).chars().count(), 60);
    }
}
