//! Embeds every file under `templates/` as a default template, so the list in
//! the binary always matches the folder (`zhidu init` writes them back out), and
//! names the build by its sources (`ZHIDU_BUILD_ID`): what a cache of read
//! inputs checks before it trusts an entry another build wrote.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            out.push((rel, path.clone()));
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let templates = root.join("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut files = Vec::new();
    collect(&templates, &templates, &mut files);
    files.sort();
    let mut code =
        String::from("/// `(path under templates/, text)` of every default template, sorted by path.\n");
    code.push_str("pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_templates.rs");
    std::fs::write(out, code).expect("write default_templates.rs");
    println!("cargo:rustc-env=ZHIDU_BUILD_ID={}", build_id(&root));
}

/// A digest of everything that decides how an input is read: the sources, the
/// vendored reader, the locked dependency versions. Two builds with the same
/// sources get the same id; any change gives another.
fn build_id(root: &Path) -> String {
    let mut files = Vec::new();
    for dir in ["src", "vendor"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root.join(dir), root, &mut files);
    }
    for file in ["Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={file}");
        files.push((file.to_string(), root.join(file)));
    }
    files.sort();
    // Two FNV-1a lanes (128 bits): a fingerprint, not a secret.
    let mut lanes = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    let mut eat = |bytes: &[u8]| {
        for (i, lane) in lanes.iter_mut().enumerate() {
            for &b in bytes {
                *lane ^= u64::from(b) ^ ((i as u64) << 8);
                *lane = lane.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    };
    for (rel, path) in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        eat(rel.as_bytes());
        eat(&(bytes.len() as u64).to_le_bytes());
        eat(&bytes);
    }
    format!("{:016x}{:016x}", lanes[0], lanes[1])
}
