//! The printer at the edge: text from data made safe for a terminal and for JSON.
//!
//! Control characters (C0 but newline and tab, DEL, C1, so also ESC and CSI) and
//! the bidirectional formatting characters (U+061C, U+200E, U+200F,
//! U+202A–U+202E, U+2066–U+2069) are shown as escapes — `\u{1b}`, `\u{202e}` on a
//! terminal, `\u001b`, `\u202e` in JSON — so a cell of an export cannot move the
//! cursor, clear the screen, retitle the window or reverse the text around it.
//! Colour is added only by [`TermText::paint`], after escaping: the only escape
//! sequences that reach a terminal are zhidu's own. Every command prints through
//! [`out`], [`err`] and [`json`].

use std::borrow::Cow;
use std::io::Write;

/// Whether `c` is shown as an escape: a control character other than newline and
/// tab, or a bidirectional formatting character.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The bidirectional formatting characters: marks, embeddings, overrides and isolates.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character written as `\u{…}` (lower-case hex).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut s = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            s.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            s.push(c);
        }
    }
    Cow::Owned(s)
}

/// JSON text (as serde_json writes it) with every unsafe character that can stand
/// raw in a JSON string (DEL, C1, bidirectional formatting) written as `\uXXXX`:
/// the same JSON value, safe to show. Newlines and tabs between tokens stay.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut s = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_unsafe(c) {
            // Every such character is in the Basic Multilingual Plane: one \u escape.
            s.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            s.push(c);
        }
    }
    Cow::Owned(s)
}

/// Text for a terminal built from pieces: what is pushed is escaped, what is
/// painted is escaped and then coloured (when colour is on).
#[derive(Debug, Clone, Default)]
pub struct TermText {
    text: String,
    color: bool,
}

impl TermText {
    /// Empty text; `color` says whether [`TermText::paint`] colours.
    pub fn new(color: bool) -> TermText {
        TermText {
            text: String::new(),
            color,
        }
    }

    /// Append text, escaped.
    pub fn push(&mut self, text: &str) -> &mut TermText {
        self.text.push_str(&escape(text));
        self
    }

    /// Append text, escaped, in an ANSI colour (`31` red, `33` yellow, `32` green, bold).
    pub fn paint(&mut self, text: &str, code: &str) -> &mut TermText {
        if self.color {
            self.text
                .push_str(&format!("\x1b[1;{code}m{}\x1b[0m", escape(text)));
        } else {
            self.text.push_str(&escape(text));
        }
        self
    }

    /// The text, ready to print.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Anything the printer takes: plain text (escaped when printed) or [`TermText`].
pub trait Printable {
    /// The text to write.
    fn safe(&self) -> Cow<'_, str>;
}

impl Printable for str {
    fn safe(&self) -> Cow<'_, str> {
        escape(self)
    }
}

impl Printable for String {
    fn safe(&self) -> Cow<'_, str> {
        escape(self)
    }
}

impl Printable for TermText {
    fn safe(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.text)
    }
}

/// Write to standard output; a reader that closed the pipe early (`| head`) is not an error.
fn write_out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context(crate::msg!("output.cannot_write_stdout"))),
        Ok(()) => Ok(()),
    }
}

/// Print to standard output, escaped (a closed pipe is not an error).
pub fn out(text: &(impl Printable + ?Sized)) -> anyhow::Result<()> {
    write_out(&text.safe())
}

/// Print a line to standard output, escaped.
pub fn outln(text: &(impl Printable + ?Sized)) -> anyhow::Result<()> {
    write_out(&format!("{}\n", text.safe()))
}

/// Print a line to standard error, escaped (failures to write there are ignored).
pub fn errln(text: &(impl Printable + ?Sized)) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(format!("{}\n", text.safe()).as_bytes());
}

/// Print JSON text to standard output, made safe by [`json_safe`], with a newline.
pub fn json(text: &str) -> anyhow::Result<()> {
    write_out(&format!("{}\n", json_safe(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_keeps_lines_and_chinese() {
        assert_eq!(escape("王丽娟\tK001\n"), "王丽娟\tK001\n");
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape("x\u{9b}y\u{7f}\r"), "x\\u{9b}y\\u{7f}\\u{d}");
        assert_eq!(escape("\u{202e}fdp.exe"), "\\u{202e}fdp.exe");
        assert_eq!(escape("\u{2066}\u{2069}\u{200f}"), "\\u{2066}\\u{2069}\\u{200f}");
    }

    #[test]
    fn json_stays_the_same_value_and_shows_no_raw_control() {
        let v = serde_json::json!({"name": "a\u{1b}[2J\u{85}\u{202e}b", "n": 1});
        let text = serde_json::to_string_pretty(&v).expect("json");
        let safe = json_safe(&text);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, v);
    }

    #[test]
    fn only_painted_text_is_coloured() {
        let mut t = TermText::new(true);
        t.paint("error", "31").push(": \u{1b}[31mfake");
        assert_eq!(t.as_str(), "\x1b[1;31merror\x1b[0m: \\u{1b}[31mfake");
        let mut plain = TermText::new(false);
        plain.paint("error", "31");
        assert_eq!(plain.as_str(), "error");
    }
}
