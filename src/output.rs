//! Writing files: atomically (temporary file in the target folder, then rename),
//! so a failed run never leaves a half-written document.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

/// Write `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let mut f =
            std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot flush {}", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move {} into place as {}", tmp.display(), path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_without_leaving_temp_files() {
        let dir = std::env::temp_dir().join(format!("zhidu-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let p = dir.join("sub/a.txt");
        write_atomic(&p, b"one").expect("write");
        write_atomic(&p, b"two").expect("rewrite");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.join("sub"))
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1);
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
    for c in name.chars() {
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
