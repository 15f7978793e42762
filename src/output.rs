//! The one write path: every file zhidu writes (reports, forms, the manual, the
//! slip register and its backups, manifests, `init` and the sample inputs) goes
//! through here. A file is written to a temporary name in its target folder,
//! flushed to disk and renamed into place, so a failed run never leaves a
//! half-written document; a set of files is renamed only once all were written.

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

/// Write `bytes` to a temporary file beside `target` (its folder created) and
/// flush it; returns the temporary path, to be renamed onto `target`.
fn stage(target: &Path, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_dir(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| -> anyhow::Result<()> {
        let mut f =
            std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot flush {}", tmp.display()))?;
        Ok(())
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn move_into_place(tmp: &Path, target: &Path) -> anyhow::Result<()> {
    std::fs::rename(tmp, target)
        .with_context(|| format!("cannot move {} into place as {}", tmp.display(), target.display()))
}

/// Write one file: a temporary file in the same folder, then a rename.
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = stage(path, bytes)?;
    move_into_place(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Write a set of files under `dir` (one report's outputs): every file to a
/// temporary name first, then all renamed into place, so a failure while
/// writing leaves the previous set untouched.
pub fn write_set(dir: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for f in files {
            let target = dir.join(&f.path);
            let tmp = stage(&target, &f.bytes)?;
            staged.push((tmp, target));
        }
        for (tmp, target) in &staged {
            move_into_place(tmp, target)?;
        }
        Ok(())
    })();
    if result.is_err() {
        for (tmp, _) in &staged {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
}

/// Keep a copy of `path` beside it under the next free name `<name>.bak-1`,
/// `.bak-2`, …, before it is replaced; returns the backup's path.
pub fn keep_backup(path: &Path) -> anyhow::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let mut n = 1u32;
    let backup = loop {
        let candidate = path.with_file_name(format!("{name}.bak-{n}"));
        if !candidate.exists() {
            break candidate;
        }
        n += 1;
    };
    std::fs::copy(path, &backup)
        .with_context(|| format!("cannot copy {} to {}", path.display(), backup.display()))?;
    Ok(backup)
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
