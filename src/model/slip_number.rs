//! Slip numbers (SLIP-2): the configured pattern such as `KF-YYYY-NNN`, and the
//! year and sequence of a number written in it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::msg;

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternPart {
    Literal(String),
    Year,
    Seq(usize),
}

/// A slip number pattern such as `KF-YYYY-NNN`: literal text, `YYYY` for the
/// year and a run of `N` for the zero-padded sequence. Only a valid pattern can
/// be made (read from `rules.slips.number_pattern` or [`NumberPattern::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumberPattern {
    text: String,
    parts: Vec<PatternPart>,
}

/// The year and sequence of a well-formed slip number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SlipNumber {
    /// The `YYYY` part.
    pub year: i32,
    /// The `N…` part.
    pub seq: u32,
}

impl NumberPattern {
    /// Parse a pattern; it must hold `YYYY` once and one run of `N`. The error
    /// says what is missing (the caller names the setting).
    pub fn parse(pattern: &str) -> Result<NumberPattern, Text> {
        if !pattern.contains("YYYY") || !pattern.contains('N') {
            return Err(msg!("model.pattern_parts"));
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let chars: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        let (mut years, mut seqs) = (0, 0);
        while i < chars.len() {
            if chars[i..].starts_with(&['Y', 'Y', 'Y', 'Y']) {
                if !literal.is_empty() {
                    parts.push(PatternPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PatternPart::Year);
                years += 1;
                i += 4;
            } else if chars[i] == 'N' {
                if !literal.is_empty() {
                    parts.push(PatternPart::Literal(std::mem::take(&mut literal)));
                }
                let run = chars[i..].iter().take_while(|c| **c == 'N').count();
                parts.push(PatternPart::Seq(run));
                seqs += 1;
                i += run;
            } else {
                literal.push(chars[i]);
                i += 1;
            }
        }
        if !literal.is_empty() {
            parts.push(PatternPart::Literal(literal));
        }
        if years != 1 || seqs != 1 {
            return Err(msg!("model.pattern_once"));
        }
        Ok(NumberPattern {
            text: pattern.to_string(),
            parts,
        })
    }

    /// The pattern as configured, e.g. `KF-YYYY-NNN`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Read a number written in this pattern (surrounding blanks ignored).
    pub fn read(&self, number: &str) -> Option<SlipNumber> {
        let mut rest = number.trim();
        let (mut year, mut seq) = (None, None);
        for part in &self.parts {
            match part {
                PatternPart::Literal(l) => rest = rest.strip_prefix(l.as_str())?,
                PatternPart::Year => {
                    let digits = rest.get(..4)?;
                    if !digits.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    year = Some(digits.parse().ok()?);
                    rest = &rest[4..];
                }
                PatternPart::Seq(n) => {
                    let digits = rest.get(..*n)?;
                    if !digits.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    seq = Some(digits.parse().ok()?);
                    rest = &rest[*n..];
                }
            }
        }
        if !rest.is_empty() {
            return None;
        }
        Some(SlipNumber {
            year: year?,
            seq: seq?,
        })
    }

    /// Write a number in this pattern; `None` when the sequence does not fit its digits.
    pub fn format(&self, number: SlipNumber) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                PatternPart::Literal(l) => out.push_str(l),
                PatternPart::Year => out.push_str(&format!("{:04}", number.year)),
                PatternPart::Seq(n) => {
                    let s = format!("{:0width$}", number.seq, width = *n);
                    if s.len() > *n {
                        return None;
                    }
                    out.push_str(&s);
                }
            }
        }
        Some(out)
    }
}

impl Default for NumberPattern {
    /// `KF-YYYY-NNN`, the handbook's own numbering.
    fn default() -> Self {
        NumberPattern {
            text: "KF-YYYY-NNN".into(),
            parts: vec![
                PatternPart::Literal("KF-".into()),
                PatternPart::Year,
                PatternPart::Literal("-".into()),
                PatternPart::Seq(3),
            ],
        }
    }
}

impl TryFrom<String> for NumberPattern {
    type Error = Text;

    fn try_from(text: String) -> Result<Self, Text> {
        NumberPattern::parse(&text)
    }
}

impl From<NumberPattern> for String {
    fn from(p: NumberPattern) -> String {
        p.text
    }
}

impl fmt::Display for NumberPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_numbers() {
        let p = NumberPattern::parse("KF-YYYY-NNN").expect("pattern");
        assert_eq!(p, NumberPattern::default());
        assert_eq!(p.read("KF-2026-014"), Some(SlipNumber { year: 2026, seq: 14 }));
        assert_eq!(p.read(" KF-2026-014 "), Some(SlipNumber { year: 2026, seq: 14 }));
        assert_eq!(p.read("KF-2026-14"), None);
        assert_eq!(p.read("KF-2026-0140"), None);
        assert_eq!(p.read("KF–2026–014"), None);
        assert_eq!(p.read("kf-2026-014"), None);
        assert_eq!(
            p.format(SlipNumber { year: 2027, seq: 1 }).as_deref(),
            Some("KF-2027-001")
        );
        assert_eq!(
            p.format(SlipNumber {
                year: 2027,
                seq: 1000
            }),
            None
        );
    }

    #[test]
    fn a_refused_pattern_says_why_in_either_language() {
        let Err(e) = NumberPattern::parse("KF-YYYY-NNN-YYYY") else {
            panic!("two years");
        };
        assert_eq!(e, "must contain YYYY once and one run of N, e.g. KF-YYYY-NNN");
        assert!(e.render(crate::i18n::Lang::Zh).starts_with("YYYY 只能出现一次"));
    }

    #[test]
    fn refuses_patterns_without_one_year_and_one_sequence() {
        assert!(NumberPattern::parse("KF-NNN").is_err());
        assert!(NumberPattern::parse("KF-YYYY").is_err());
        assert!(NumberPattern::parse("NN-YYYY-NNN").is_err());
        assert!(NumberPattern::parse("KF-YYYY-YYYY-NNN").is_err());
    }
}
