//! The architecture, checked. Every `crate::<module>` path and every `super::`
//! path that climbs to the crate root, in every file under `src/`, is an edge
//! from the file's top-level module to another. The edges must follow the
//! module map of `lib.rs` (README, "Architecture"): each module imports only
//! from those listed before it in [`LAYERS`], the rules of [`FORBIDDEN`] hold,
//! and the top-level modules form no cycle. Files and functions are kept small
//! enough to read: no file over [`MAX_FILE_LINES`] lines, no function over
//! [`MAX_FN_LINES`] (test functions included).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules from the base up: each imports only from those before it.
const LAYERS: &[&str] = &[
    "i18n", "error", "model", "output", "config", "ingest", "rules", "schedule", "register", "render",
    "reports", "batch", "deliver", "samples", "scaffold", "cli", "cmd",
];

/// Imports refused outright, whatever the order: (files under, may not import, why).
const FORBIDDEN: &[(&str, &[&str], &str)] = &[
    (
        "rules",
        &[
            "reports", "ingest", "render", "batch", "cmd", "cli", "register", "schedule", "samples",
        ],
        "rules are pure: records and settings in, findings and ledger out",
    ),
    (
        "config",
        &[
            "rules", "ingest", "schedule", "register", "render", "reports", "batch", "samples", "cli", "cmd",
        ],
        "settings are parsed into their own types, below the rules",
    ),
    (
        "ingest",
        &[
            "rules", "schedule", "register", "render", "reports", "batch", "samples", "cli", "cmd",
        ],
        "reading files knows records and settings, not what is done with them",
    ),
    (
        "render",
        &[
            "rules", "ingest", "reports", "register", "schedule", "batch", "cli", "cmd",
        ],
        "a renderer never decides a figure: templates and documents only",
    ),
    (
        "model",
        &[
            "output", "config", "ingest", "rules", "schedule", "register", "render", "reports", "batch",
            "samples", "cli", "cmd",
        ],
        "plain domain types import nothing but `error`",
    ),
];

/// The most lines a file under `src/` may have.
const MAX_FILE_LINES: usize = 1_200;

/// The most lines a function may have, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;

/// One import of another top-level module.
#[derive(Debug, Clone)]
struct Import {
    /// The importing file, relative to `src/`.
    file: String,
    /// 1-based line.
    line: usize,
    /// The importing file's top-level module.
    from: String,
    /// The imported top-level module.
    to: String,
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("src/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The source with comments, string and character literals blanked out (newlines
/// kept), so only code is scanned.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !prev_is_ident(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let start = i + 2 + hashes;
            let mut j = start;
            while j < chars.len() && !chars[j..].starts_with(&close) {
                j += 1;
            }
            let end = (j + close.len()).min(chars.len());
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            let mut j = i + 1;
            if chars[j] == '\\' {
                j += 1;
            }
            while j < chars.len() && chars[j] != '\'' {
                j += 1;
            }
            out.extend(chars[i..=j.min(chars.len() - 1)].iter().map(|_| ' '));
            i = j + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// `'x'` or `'\n'` rather than a lifetime `'a`.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// The module path of a file: `rules/hr/pay.rs` → `[rules, hr, pay]`, `rules/mod.rs` → `[rules]`.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn ident_at(code: &[char], mut i: usize) -> (String, usize) {
    let mut s = String::new();
    while i < code.len() && (code[i].is_alphanumeric() || code[i] == '_') {
        s.push(code[i]);
        i += 1;
    }
    (s, i)
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The top-level modules a file's code names, with the line of each.
fn imports_of(rel: &str, code: &str) -> Vec<Import> {
    let file_path = module_path(rel);
    let from = file_path[0].clone();
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut push = |to: String, line: usize| {
        if !to.is_empty() && to != from {
            out.push(Import {
                file: rel.to_string(),
                line,
                from: from.clone(),
                to,
            });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => line += 1,
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            _ => {}
        }
        if !is_ident_char(c) || (i > 0 && is_ident_char(chars[i - 1])) {
            i += 1;
            continue;
        }
        let (word, end) = ident_at(&chars, i);
        if word == "mod" {
            let rest: String = chars[end..].iter().take(80).collect();
            let rest = rest.trim_start();
            let (name, _) = ident_at(&rest.chars().collect::<Vec<_>>(), 0);
            if !name.is_empty() && rest[name.len()..].trim_start().starts_with('{') {
                inline.push((name, depth));
            }
        } else if word == "crate" && chars[end..].starts_with(&[':', ':']) {
            let j = end + 2;
            if chars.get(j) == Some(&'{') {
                for item in group_heads(&chars, j) {
                    push(item, line);
                }
            } else {
                push(ident_at(&chars, j).0, line);
            }
        } else if word == "super" && chars[end..].starts_with(&[':', ':']) {
            let mut supers = 1;
            let mut j = end + 2;
            while chars[j..].starts_with(&['s', 'u', 'p', 'e', 'r', ':', ':']) {
                supers += 1;
                j += 7;
            }
            let mut here = file_path.clone();
            here.extend(inline.iter().map(|(n, _)| n.clone()));
            if supers == here.len() {
                push(ident_at(&chars, j).0, line);
            }
            i = j;
            continue;
        }
        i = end.max(i + 1);
    }
    out
}

/// The first identifier of each item of a `{a::b, c}` group opening at `open`.
fn group_heads(chars: &[char], open: usize) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '{' => {
                depth += 1;
                i += 1;
            }
            '}' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => {
                expect_head = true;
                i += 1;
            }
            c if depth == 1 && expect_head && is_ident_char(c) => {
                let (w, end) = ident_at(chars, i);
                heads.push(w);
                expect_head = false;
                i = end;
            }
            _ => i += 1,
        }
    }
    heads
}

/// Functions longer than [`MAX_FN_LINES`]: (line, name, lines).
fn long_functions(code: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        let Some(pos) = l.find("fn ") else { continue };
        if pos > 0 && l[..pos].chars().last().is_some_and(is_ident_char) {
            continue;
        }
        let name: String = l[pos + 3..].chars().take_while(|&c| is_ident_char(c)).collect();
        if name.is_empty() {
            continue;
        }
        let mut depth = 0i64;
        let mut opened = false;
        'scan: for (m, body) in lines.iter().enumerate().skip(n) {
            let from = if m == n { pos } else { 0 };
            for ch in body[from..].chars() {
                match ch {
                    ';' if !opened => break 'scan,
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
                if opened && depth == 0 {
                    let len = m - n + 1;
                    if len > MAX_FN_LINES {
                        out.push((n + 1, name.clone(), len));
                    }
                    break 'scan;
                }
            }
        }
    }
    out
}

/// Every file under `src/` (but `lib.rs` and `main.rs`, which only declare and
/// call): its path relative to `src/` and its code.
fn sources() -> Vec<(String, String, usize)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files(&src)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).expect("source is UTF-8");
            let lines = text.lines().count();
            (rel, code_only(&text), lines)
        })
        .collect()
}

/// Macros exported at the crate root, and the module each belongs to.
const ROOT_MACROS: &[(&str, &str)] = &[("msg", "i18n")];

fn all_imports() -> Vec<Import> {
    sources()
        .iter()
        .filter(|(rel, _, _)| rel != "lib.rs" && rel != "main.rs")
        .flat_map(|(rel, code, _)| imports_of(rel, code))
        .map(|mut im| {
            if let Some((_, module)) = ROOT_MACROS.iter().find(|(m, _)| *m == im.to) {
                im.to = module.to_string();
            }
            im
        })
        .filter(|im| im.to != im.from)
        .collect()
}

#[test]
fn forbidden_imports_are_absent() {
    let mut problems = Vec::new();
    for im in all_imports() {
        for (under, refused, why) in FORBIDDEN {
            if im.from == *under && refused.contains(&im.to.as_str()) {
                problems.push(format!(
                    "src/{}:{}: {} imports crate::{} ({why})",
                    im.file, im.line, im.from, im.to
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut problems = Vec::new();
    for im in all_imports() {
        match (rank(&im.from), rank(&im.to)) {
            (Some(a), Some(b)) if b < a => {}
            (Some(_), Some(_)) => problems.push(format!(
                "src/{}:{}: {} imports crate::{}, which is not below it in the module map",
                im.file, im.line, im.from, im.to
            )),
            _ => problems.push(format!(
                "src/{}:{}: {} → {}: a top-level module missing from LAYERS (add it to the map in lib.rs and here)",
                im.file, im.line, im.from, im.to
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_top_level_module_graph_is_acyclic() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for im in all_imports() {
        graph.entry(im.from).or_default().insert(im.to);
    }
    // Kahn's algorithm: repeatedly remove modules no remaining module imports.
    let mut remaining: BTreeSet<String> = graph.keys().chain(graph.values().flatten()).cloned().collect();
    loop {
        let leaf = remaining
            .iter()
            .find(|m| {
                graph
                    .get(*m)
                    .is_none_or(|to| to.iter().all(|t| !remaining.contains(t)))
            })
            .cloned();
        match leaf {
            Some(m) => {
                remaining.remove(&m);
            }
            None => break,
        }
    }
    assert!(
        remaining.is_empty(),
        "modules importing each other (directly or around a cycle): {remaining:?}\n{graph:#?}"
    );
}

#[test]
fn files_and_functions_stay_small() {
    let mut problems = Vec::new();
    for (rel, code, lines) in sources() {
        if lines > MAX_FILE_LINES {
            problems.push(format!("src/{rel}: {lines} lines (at most {MAX_FILE_LINES})"));
        }
        for (line, name, len) in long_functions(&code) {
            problems.push(format!(
                "src/{rel}:{line}: fn {name} is {len} lines (at most {MAX_FN_LINES})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_sees_code_not_comments_or_strings() {
    let code = code_only(
        "use crate::model::Period; // crate::reports\nlet s = \"crate::render\"; let c = '\"';\nmod tests {\n    use super::super::super::batch;\n}\n",
    );
    let found: Vec<(String, usize)> = imports_of("rules/x.rs", &code)
        .into_iter()
        .map(|i| (i.to, i.line))
        .collect();
    assert_eq!(found, vec![("model".to_string(), 1), ("batch".to_string(), 4)]);
    let grouped = code_only("use crate::{config::Config, model::{Fen, Period}};\n");
    let found: Vec<String> = imports_of("reports/x.rs", &grouped)
        .into_iter()
        .map(|i| i.to)
        .collect();
    assert_eq!(found, vec!["config", "model"]);
    let long = format!(
        "fn long() {{\n{}}}\nfn short() {{}}\n",
        "    let x = 1;\n".repeat(MAX_FN_LINES)
    );
    assert_eq!(
        long_functions(&long),
        vec![(1, "long".to_string(), MAX_FN_LINES + 2)]
    );
}
