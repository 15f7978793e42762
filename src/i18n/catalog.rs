//! The catalogs: one TOML file per language under `locales/`, compiled into the
//! binary. Each `[area]` table holds `key = "words with {placeholders}"`; the
//! message `area.key` is looked up in the language asked for, and in English
//! when that catalog lacks it (which the catalog test forbids).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::Lang;

/// Each language's catalog file: its language, its path in the repository, its text.
pub const CATALOG_FILES: [(Lang, &str, &str); 2] = [
    (Lang::En, "locales/en.toml", include_str!("../../locales/en.toml")),
    (
        Lang::Zh,
        "locales/zh-CN.toml",
        include_str!("../../locales/zh-CN.toml"),
    ),
];

/// Every message of every language, by `area.key`.
#[derive(Debug, Default)]
pub struct Catalog {
    messages: BTreeMap<Lang, BTreeMap<String, String>>,
}

impl Catalog {
    /// Parse catalog files; an error names the file and what is wrong.
    pub fn parse(files: &[(Lang, &str, &str)]) -> Result<Catalog, String> {
        let mut messages = BTreeMap::new();
        for (lang, path, text) in files {
            let table: toml::Table = toml::from_str(text).map_err(|e| format!("{path}: {e}"))?;
            let mut flat = BTreeMap::new();
            for (area, keys) in table {
                let toml::Value::Table(keys) = keys else {
                    return Err(format!("{path}: `{area}` is not an [area] table of messages"));
                };
                for (key, words) in keys {
                    let toml::Value::String(words) = words else {
                        return Err(format!("{path}: {area}.{key} is not a string"));
                    };
                    flat.insert(format!("{area}.{key}"), words);
                }
            }
            messages.insert(*lang, flat);
        }
        Ok(Catalog { messages })
    }

    /// The words of `key` in `lang`, else in English.
    pub fn get(&self, lang: Lang, key: &str) -> Option<String> {
        self.messages
            .get(&lang)
            .and_then(|m| m.get(key))
            .or_else(|| self.messages.get(&Lang::En).and_then(|m| m.get(key)))
            .cloned()
    }

    /// Every key of one language, in order.
    pub fn keys(&self, lang: Lang) -> Vec<&str> {
        self.messages
            .get(&lang)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The words of `key` in `lang` alone (no English fallback).
    pub fn exact(&self, lang: Lang, key: &str) -> Option<&str> {
        self.messages.get(&lang)?.get(key).map(String::as_str)
    }
}

/// The `{name}` placeholders of a message's words, sorted and without repeats.
pub fn placeholders(words: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = words;
    while let Some(i) = rest.find(['{', '}']) {
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            names.push(tail[1..end].to_string());
            rest = &tail[end + 1..];
        } else {
            rest = &tail[1..];
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The compiled-in catalogs (parsed once; a test proves they parse).
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(&CATALOG_FILES).unwrap_or_default())
}
