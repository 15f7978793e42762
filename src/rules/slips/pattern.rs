//! The slip number pattern (SLIP-2), e.g. `KF-YYYY-NNN`: reading a written
//! number into its year and sequence, and writing one back.

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternPart {
    Literal(String),
    Year,
    Seq(usize),
}

/// A slip number pattern such as `KF-YYYY-NNN`: literal text, `YYYY` for the
/// year and a run of `N` for the zero-padded sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Parse a pattern; it must hold `YYYY` once and one run of `N`.
    pub fn parse(pattern: &str) -> Result<NumberPattern, String> {
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
            return Err(format!(
                "number pattern \"{pattern}\" must contain YYYY once and one run of N (e.g. KF-YYYY-NNN)"
            ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_reads_and_writes_numbers() {
        let p = NumberPattern::parse("KF-YYYY-NNN").expect("pattern");
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
        assert!(NumberPattern::parse("KF-NNN").is_err());
        // Two runs of N: the config is refused, naming the key.
        let err =
            crate::config::Config::parse("[rules.slips]\nnumber_pattern = \"NN-YYYY-NNN\"\n", "zhidu.toml")
                .expect_err("ambiguous pattern");
        assert!(
            err.to_string()
                .contains("rules.slips.number_pattern = \"NN-YYYY-NNN\""),
            "{err}"
        );
        assert!(NumberPattern::parse("KF-YYYY").is_err());
    }
}
