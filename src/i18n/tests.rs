//! The catalogs are complete (every message in both languages, with the same
//! placeholders), every key the code names exists and every key is used, and no
//! message is written outside the catalog.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::catalog::placeholders;
use super::*;

fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

#[test]
fn the_language_follows_the_flag_then_zhidu_lang_then_the_locale() {
    let zh = Some(Lang::Zh);
    let en = Some(Lang::En);
    assert_eq!(Lang::detect(None, env(&[])), Lang::En);
    assert_eq!(
        Lang::detect(en, env(&[("ZHIDU_LANG", "zh"), ("LANG", "zh_CN.UTF-8")])),
        Lang::En
    );
    assert_eq!(Lang::detect(zh, env(&[("ZHIDU_LANG", "en")])), Lang::Zh);
    assert_eq!(
        Lang::detect(None, env(&[("ZHIDU_LANG", "zh-CN"), ("LANG", "en_US.UTF-8")])),
        Lang::Zh
    );
    assert_eq!(
        Lang::detect(None, env(&[("ZHIDU_LANG", "en"), ("LC_ALL", "zh_CN.UTF-8")])),
        Lang::En
    );
    // An unknown ZHIDU_LANG is passed over for the locale.
    assert_eq!(
        Lang::detect(None, env(&[("ZHIDU_LANG", "fr"), ("LANG", "zh_TW.UTF-8")])),
        Lang::Zh
    );
    // LC_ALL before LC_MESSAGES before LANG; an empty one does not count.
    let locale = [
        ("LC_ALL", ""),
        ("LC_MESSAGES", "zh_CN.UTF-8"),
        ("LANG", "en_US.UTF-8"),
    ];
    assert_eq!(Lang::detect(None, env(&locale)), Lang::Zh);
    let locale = [("LC_ALL", "C"), ("LC_MESSAGES", "zh_CN.UTF-8")];
    assert_eq!(Lang::detect(None, env(&locale)), Lang::En);
    assert_eq!(Lang::detect(None, env(&[("LANG", "zh_CN.GB18030")])), Lang::Zh);
    assert_eq!(Lang::detect(None, env(&[("LANG", "de_DE.UTF-8")])), Lang::En);
    assert_eq!(Lang::parse("ZH_cn"), Some(Lang::Zh));
    assert_eq!(Lang::parse("english"), None);
}

#[test]
fn a_message_is_put_into_words_in_the_language_asked_for() {
    let inner = crate::msg!("demo.not_a_time", value = "25:61");
    let outer = crate::msg!("demo.at", place = "a.xlsx › 打卡!C17", what = inner.clone());
    assert_eq!(
        outer.render(Lang::En),
        "a.xlsx › 打卡!C17: \"25:61\" is not a time (expected HH:MM)"
    );
    assert_eq!(
        outer.render(Lang::Zh),
        "a.xlsx › 打卡!C17：“25:61”不是时间（应为 HH:MM）"
    );
    assert!(outer.contains("is not a time"));
    assert_eq!(inner, "\"25:61\" is not a time (expected HH:MM)");
    // A raw text is the same in every language; serialised, a message is words.
    assert_eq!(Text::raw("disk full").render(Lang::Zh), "disk full");
    let back: Text = serde_json::from_str(&serde_json::to_string(&inner).expect("json")).expect("read");
    assert_eq!(back.key(), None);
    // A placeholder without its argument stays visible; braces are doubled.
    assert_eq!(Text::new("demo.at").render(Lang::En), "{place}: {what}");
    assert_eq!(placeholders("{a} {{b}} {c}{a}"), vec!["a", "c"]);
    // A scope speaks its language, then the thread speaks as before.
    let before = Lang::current();
    assert_eq!(
        Lang::Zh.scoped(|| inner.to_string()),
        "“25:61”不是时间（应为 HH:MM）"
    );
    assert_eq!(Lang::current(), before);
}

#[test]
fn every_message_exists_in_both_languages_with_the_same_placeholders() {
    let catalog = Catalog::parse(&CATALOG_FILES).expect("the catalogs parse");
    let en: BTreeSet<&str> = catalog.keys(Lang::En).into_iter().collect();
    let zh: BTreeSet<&str> = catalog.keys(Lang::Zh).into_iter().collect();
    let mut faults: Vec<String> = Vec::new();
    for k in en.difference(&zh) {
        faults.push(format!("{k}: in locales/en.toml only"));
    }
    for k in zh.difference(&en) {
        faults.push(format!("{k}: in locales/zh-CN.toml only"));
    }
    for k in en.intersection(&zh) {
        let (e, z) = (catalog.exact(Lang::En, k), catalog.exact(Lang::Zh, k));
        let (e, z) = (e.unwrap_or_default(), z.unwrap_or_default());
        if placeholders(e) != placeholders(z) {
            faults.push(format!(
                "{k}: placeholders {:?} in English, {:?} in Chinese",
                placeholders(e),
                placeholders(z)
            ));
        }
        if z.trim().is_empty() || e.trim().is_empty() {
            faults.push(format!("{k}: empty"));
        }
    }
    assert!(
        faults.is_empty(),
        "{} catalog fault(s):\n{}",
        faults.len(),
        faults.join("\n")
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `(path under src/, text)` of every source file.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root.join("src"))
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&p).unwrap_or_default())
        })
        .collect()
}

/// The keys named by `msg!("…"` and `Text::new("…"` in a text (the key may
/// open the next line).
fn keys_named(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for opener in ["msg!(", "Text::new("] {
        let mut rest = text;
        while let Some(i) = rest.find(opener) {
            rest = rest[i + opener.len()..].trim_start();
            if let Some(quoted) = rest.strip_prefix('"') {
                if let Some(end) = quoted.find('"') {
                    keys.push(quoted[..end].to_string());
                }
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_names_is_in_the_catalog_and_every_key_is_named() {
    let catalog = Catalog::parse(&CATALOG_FILES).expect("the catalogs parse");
    let known: BTreeSet<&str> = catalog.keys(Lang::En).into_iter().collect();
    let mut named = BTreeSet::new();
    let mut unknown = Vec::new();
    for (rel, text) in sources() {
        for key in keys_named(&text) {
            let well_formed = key.contains('.')
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if !well_formed {
                continue;
            }
            if !known.contains(key.as_str()) {
                unknown.push(format!("src/{rel}: {key}"));
            }
            named.insert(key);
        }
    }
    let unused: Vec<&&str> = known.iter().filter(|k| !named.contains(**k)).collect();
    assert!(
        unknown.is_empty(),
        "keys not in locales/en.toml:\n{}",
        unknown.join("\n")
    );
    assert!(unused.is_empty(), "catalog keys no code names: {unused:?}");
}

/// Files whose string literals are not messages: the catalog itself, the
/// architecture check, the sample data, and the fuzz-free test helpers.
const NOT_MESSAGES: &[&str] = &["i18n/", "layering.rs", "samples/"];

/// The code of a file without its tests: cut at `#[cfg(test)]` (tests sit at the end).
fn code_of(rel: &str, text: &str) -> Option<String> {
    if rel.ends_with("tests.rs") || rel.contains("/tests/") {
        return None;
    }
    Some(text.split("#[cfg(test)]").next().unwrap_or_default().to_string())
}

/// English prose in a string literal: two words of two or more lowercase letters
/// in a row. Lines that are comments, attributes or marked `// not a message`
/// are passed over.
fn prose_literals(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("//") || t.starts_with("#[") || line.ends_with("// not a message") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find('"') {
            let after = &rest[i + 1..];
            let Some(end) = after.find('"') else { break };
            let lit = &after[..end];
            if is_prose(lit) {
                found.push((n + 1, lit.to_string()));
            }
            rest = &after[end + 1..];
        }
    }
    found
}

fn is_prose(lit: &str) -> bool {
    let words: Vec<&str> = lit
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    let bare = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase());
    lit.contains(' ')
        && words
            .windows(2)
            .any(|p| bare(p[0]) && bare(p[1]) && lit.contains(&format!("{} {}", p[0], p[1])))
}

#[test]
fn no_message_is_written_outside_the_catalog() {
    let mut faults = Vec::new();
    for (rel, text) in sources() {
        if NOT_MESSAGES.iter().any(|p| rel.starts_with(p)) {
            continue;
        }
        let Some(code) = code_of(&rel, &text) else {
            continue;
        };
        for (line, lit) in prose_literals(&code) {
            faults.push(format!("src/{rel}:{line}: \"{lit}\""));
        }
    }
    assert!(
        faults.is_empty(),
        "{} message(s) outside locales/*.toml:\n{}",
        faults.len(),
        faults.join("\n")
    );
}
