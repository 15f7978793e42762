//! The language zhidu speaks to its users: every message it prints exists in
//! English and in Chinese (zh-CN), kept in one catalog file per language
//! (`locales/en.toml`, `locales/zh-CN.toml`), so a translator edits one file.
//!
//! A message is a [`Text`]: a catalog key and its arguments, put into words
//! only when it is shown. The terminal gets the language of the command line
//! ([`Lang::current`], chosen once by [`Lang::detect`]); documents put a
//! message into words in their own language (Chinese), and the manifest in
//! English, whatever the terminal speaks — so the same inputs and config give
//! the same documents.
//!
//! ```
//! use zhidu::i18n::{Lang, Text};
//! let t = zhidu::msg!("demo.not_a_time", value = "25:61");
//! assert_eq!(t.render(Lang::En), "\"25:61\" is not a time (expected HH:MM)");
//! assert_eq!(t.render(Lang::Zh), "“25:61”不是时间（应为 HH:MM）");
//! ```

mod catalog;
mod text;

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

pub use catalog::{catalog, placeholders, Catalog, CATALOG_FILES};
pub use text::{Arg, Text};

/// A language zhidu speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    /// English, the default when nothing names a language.
    #[default]
    En,
    /// Simplified Chinese (zh-CN).
    Zh,
}

/// The variable that names the language when `--lang` is not given.
pub const LANG_VAR: &str = "ZHIDU_LANG";

/// The language documents are written in, whatever the terminal speaks.
pub const DOCUMENT_LANG: Lang = Lang::Zh;

/// The language the manifest and the runs log record messages in.
pub const RECORD_LANG: Lang = Lang::En;

static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    /// A language this thread speaks for a while instead ([`Lang::scoped`]).
    static SCOPED: Cell<Option<Lang>> = const { Cell::new(None) };
}

impl Lang {
    /// Every language, in catalog order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The short code: `en`, `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// A language named as `--lang` or `ZHIDU_LANG` take it (`zh`, `zh-CN`,
    /// `zh_CN.UTF-8`, `en`, `en_US`, any case), or `None`.
    pub fn parse(name: &str) -> Option<Lang> {
        let lower = name.trim().to_ascii_lowercase();
        let base = lower.split(['-', '_', '.', '@']).next().unwrap_or_default();
        match base {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a locale setting: Chinese when it starts with `zh`,
    /// English otherwise (`C`, `POSIX`, `en_US.UTF-8`, `de_DE`, …).
    fn of_locale(value: &str) -> Lang {
        if value.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language to speak: `--lang` when given, else `ZHIDU_LANG` (when it
    /// names a language), else the locale — the first non-empty of `LC_ALL`,
    /// `LC_MESSAGES` and `LANG`, Chinese when it starts with `zh` — else English.
    /// `var` reads a variable of the environment (`std::env::var` in the command).
    pub fn detect(flag: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        if let Some(lang) = var(LANG_VAR).as_deref().and_then(Lang::parse) {
            return lang;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| var(v))
            .find(|v| !v.trim().is_empty())
            .map_or(Lang::En, |v| Lang::of_locale(&v))
    }

    /// The language the terminal is spoken to in (English until
    /// [`Lang::set_current`] is called).
    pub fn current() -> Lang {
        if let Some(lang) = SCOPED.with(Cell::get) {
            return lang;
        }
        match CURRENT.load(Ordering::Relaxed) {
            1 => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// Speak `self` on the terminal from now on (the command does it once, first).
    pub fn set_current(self) {
        CURRENT.store(
            match self {
                Lang::En => 0,
                Lang::Zh => 1,
            },
            Ordering::Relaxed,
        );
    }
}

impl Lang {
    /// Run `f` with this thread speaking `self` (e.g. [`RECORD_LANG`] while a
    /// manifest is serialised), then as before.
    pub fn scoped<R>(self, f: impl FnOnce() -> R) -> R {
        struct Restore(Option<Lang>);
        impl Drop for Restore {
            fn drop(&mut self) {
                SCOPED.with(|s| s.set(self.0));
            }
        }
        let _restore = Restore(SCOPED.with(|s| s.replace(Some(self))));
        f()
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A message of the catalog: `msg!("<area>.<key>", name = value, …)`. Each value is
/// anything an [`Arg`] is made from: a string, a number, or another [`Text`]
/// (put into words in the same language as the message).
#[macro_export]
macro_rules! msg {
    ($key:literal $(,)?) => {
        $crate::i18n::Text::new($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Text::new($key)$(.arg(stringify!($name), $value))+
    };
}

#[cfg(test)]
mod tests;
