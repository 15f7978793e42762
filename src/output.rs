//! The one write path: every file zhidu writes (reports, forms, the manual, the
//! slip register and its backups, manifests, `init` and the sample inputs) goes
//! through here. A file is written to a temporary name in its target folder
//! (created exclusively under an unpredictable name, so a planted file or link is
//! never followed), flushed to disk and renamed into place, so a failed run never
//! leaves a half-written document; a set of files is renamed only once all were
//! written. A symbolic link at a target is replaced, not written through, except by
//! [`replace_file`] after [`link_target`], which update the file a link names.

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

/// Hex SHA-256 of bytes, as manifests list files.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
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
    Ok((
        hasher.finalize().iter().map(|b| format!("{b:02x}")).collect(),
        size,
    ))
}

/// Create a folder and its parents.
pub fn create_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))
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
/// followed), filled by `fill` and flushed to disk. The file is removed when the
/// returned handle is dropped without being persisted.
fn stage_with(
    target: &Path,
    keep: Keep<'_>,
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
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let shown = tmp.path().display().to_string();
    if let Keep::ModeOf(meta) = keep {
        keep_mode(tmp.as_file(), meta).with_context(|| format!("cannot set the permissions of {shown}"))?;
    }
    fill(tmp.as_file_mut()).with_context(|| format!("cannot write {shown}"))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot flush {shown}"))?;
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
        .with_context(|| format!("cannot move {shown} into place as {}", target.display()))
}

/// Write one file: a temporary file in the same folder, then a rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    move_into_place(stage(path, bytes)?, path)
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
                let to = std::fs::read_link(&p)
                    .with_context(|| format!("cannot read the link {}", p.display()))?;
                p = folder_of(&p).join(to);
            }
            _ => return Ok(p),
        }
    }
    Err(anyhow::anyhow!(
        "{}: too many levels of symbolic links",
        path.display()
    ))
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
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let random = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"));
        let is_staged = random.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric()));
        if is_staged && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Write a set of files under `dir` (one report's outputs): every file to a
/// temporary name first, then all renamed into place, so a failure while
/// writing leaves the previous set untouched.
pub fn write_set(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    // Staged files not yet renamed are removed when dropped, also on an error.
    let mut staged = Vec::new();
    for f in files {
        let target = dir.join(&f.path);
        staged.push((stage(&target, &f.bytes)?, target));
    }
    for (tmp, target) in staged {
        move_into_place(tmp, &target)?;
    }
    Ok(())
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
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut source = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
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
                    .ok_or_else(|| anyhow::anyhow!("no free backup name for {}", path.display()))?;
            }
            Err(e) => {
                return Err(anyhow::Error::new(e.error))
                    .with_context(|| format!("cannot keep a backup as {}", candidate.display()))
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
    fn write_set_replaces_files_without_leftovers() {
        let dir = temp_dir("set");
        let files = vec![
            OutputFile {
                path: PathBuf::from("2026-11/a.xlsx"),
                bytes: b"one".to_vec(),
            },
            OutputFile {
                path: PathBuf::from("2026-11/a.pdf"),
                bytes: b"two".to_vec(),
            },
        ];
        write_set(&dir, &files).expect("write");
        write_set(&dir, &files).expect("rewrite");
        assert_eq!(names(&dir.join("2026-11")), vec!["a.pdf", "a.xlsx"]);
        // SHA-256 of "one".
        let one = "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed";
        assert_eq!(sha256_hex(b"one"), one);
        assert_eq!(
            sha256_file(&dir.join("2026-11/a.xlsx")).expect("hash"),
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

/// Longest file-name stem kept, in characters (Chinese stays readable, paths stay short).
const MAX_NAME_CHARS: usize = 60;

/// A file name built from data (an employee's name, a title) made safe to write:
/// no path separators, no `..`, no control characters, none of `<>:"|?*`, no leading
/// or trailing dots or spaces, at most 60 characters; Chinese text is kept as it is.
/// An input with nothing usable left gives `_`.
pub fn safe_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        let bad =
            c.is_control() || matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\u{0}');
        out.push(if bad { '_' } else { c });
    }
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
        assert_eq!(safe_file_name("王\n五\t"), "王_五");
        assert_eq!(safe_file_name(" .. "), "_");
        assert_eq!(safe_file_name("..."), "_");
        assert_eq!(safe_file_name("CON"), "_CON");
        assert_eq!(safe_file_name("报表?.xlsx"), "报表_.xlsx");
        // 100 ideographs are cut to 60
        let long = "字".repeat(100);
        assert_eq!(safe_file_name(&long).chars().count(), 60);
    }
}
