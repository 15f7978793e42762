//! [`Text`]: a message as a catalog key and its arguments, put into words in a
//! language only when it is shown.

use std::borrow::Cow;
use std::fmt;

use super::{catalog, Lang};

/// A message: a key of the catalog with its named arguments, or a text from
/// outside zhidu (a library's error, a message read back from a log) that is
/// the same in every language.
#[derive(Clone, PartialEq, Eq)]
#[must_use = "a message does nothing until it is shown or returned"]
pub struct Text {
    body: Body,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Clone, PartialEq, Eq)]
enum Body {
    Key(&'static str),
    Raw(String),
}

/// One argument of a message.
#[derive(Clone, PartialEq, Eq)]
pub enum Arg {
    /// Words or figures shown as they are (a value from a file, a number, a path).
    Plain(String),
    /// Another message, put into words in the language of the one holding it.
    Text(Box<Text>),
}

impl Text {
    /// The message with this catalog key (see [`crate::msg!`]).
    pub fn new(key: &'static str) -> Text {
        Text {
            body: Body::Key(key),
            args: Vec::new(),
        }
    }

    /// A text from outside zhidu, shown as it is in every language.
    pub fn raw(text: impl Into<String>) -> Text {
        Text {
            body: Body::Raw(text.into()),
            args: Vec::new(),
        }
    }

    /// The message with one more argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Text {
        self.args.push((name, value.into()));
        self
    }

    /// The catalog key, or `None` for a raw text.
    pub fn key(&self) -> Option<&'static str> {
        match self.body {
            Body::Key(k) => Some(k),
            Body::Raw(_) => None,
        }
    }

    /// The message in words, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match &self.body {
            Body::Raw(s) => s.clone(),
            Body::Key(key) => {
                let pattern = catalog().get(lang, key);
                fill(pattern.as_deref(), key, &self.args, lang)
            }
        }
    }

    /// The message in English, as tests and logs read it.
    pub fn en(&self) -> String {
        self.render(Lang::En)
    }

    /// Whether the English words contain `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.en().contains(needle)
    }

    /// Whether the English words start with `prefix`.
    pub fn starts_with(&self, prefix: &str) -> bool {
        self.en().starts_with(prefix)
    }
}

/// `pattern` with each `{name}` replaced by its argument (`{{` and `}}` are
/// braces). A key missing from the catalog (a bug the catalog test catches) is
/// shown as the key and its arguments rather than lost.
fn fill(pattern: Option<&str>, key: &str, args: &[(&'static str, Arg)], lang: Lang) -> String {
    let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, a)| a.render(lang));
    let Some(pattern) = pattern else {
        let shown: Vec<String> = args
            .iter()
            .map(|(n, a)| format!("{n}={}", a.render(lang)))
            .collect();
        return format!("{key}({})", shown.join(", "));
    };
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            let name = &tail[1..end];
            match value(name) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

impl Arg {
    /// The argument in words.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Plain(s) => s.clone(),
            Arg::Text(t) => t.render(lang),
        }
    }
}

impl fmt::Display for Text {
    /// The message in the terminal's language ([`Lang::current`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::current()))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.en())
    }
}

impl std::error::Error for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.en() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.en() == *other
    }
}

impl serde::Serialize for Text {
    /// In the terminal's language: `--format json` output follows `--lang`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    /// A message read back (from a log) is words, no longer a key.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::raw)
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

impl From<&Text> for Arg {
    fn from(t: &Text) -> Arg {
        Arg::Text(Box::new(t.clone()))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Plain(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Plain(s.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Plain(s.to_string())
    }
}

impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Arg {
        Arg::Plain(s.into_owned())
    }
}

impl From<char> for Arg {
    fn from(c: char) -> Arg {
        Arg::Plain(c.to_string())
    }
}

macro_rules! plain_numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Plain(n.to_string())
            }
        }
    )*};
}

plain_numbers!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);
