//! Resolving how a record names an employee (工号 and/or 姓名) to a roster entry.
//!
//! Names and 工号 are compared in their [`normalise`]d form: full-width letters and
//! digits as half-width, lower case, no spaces, and every middle dot of the family
//! (· • ‧ ・ ･ ∙ ⋅ ‐ ‑) as one, so roster `阿依古丽·买买提` and export `阿依古丽•买买提`
//! are the same person. A key that still names nobody may [`Roster::near`]ly match
//! someone (README, "Reliability"): that is a person who would vanish from the
//! exports, an error for the inputs' check, never a silent stranger.

use std::collections::{BTreeMap, HashMap};

use super::{Employee, EmployeeKey};

/// The character every middle dot (and the dash-like hyphens written in its place) becomes.
const MIDDLE_DOT: char = '\u{00B7}';

/// Whether `c` belongs to the middle-dot family: · (U+00B7) • (U+2022) ‧ (U+2027)
/// ・ (U+30FB) ･ (U+FF65) ∙ (U+2219) ⋅ (U+22C5) ‐ (U+2010) ‑ (U+2011), and the Greek
/// ano teleia · (U+0387) and the word-separator dot ⸱ (U+2E31) that look the same.
fn is_middle_dot(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}'
            | '\u{0387}'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{2022}'
            | '\u{2027}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{2E31}'
            | '\u{30FB}'
            | '\u{FF65}'
    )
}

/// A name or 工号 as compared: full-width forms (U+FF01–U+FF5E) as half-width,
/// lower case, without spaces of any width or zero-width characters, and every
/// middle dot of the family as `·`.
pub fn normalise(s: &str) -> String {
    if s.is_ascii() {
        // The common case (工号 such as `K0012`), byte by byte: the same result.
        return s
            .bytes()
            .filter(|b| !matches!(b, b'\t'..=b'\r' | b' '))
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    normalise_chars(s)
}

/// [`normalise`], character by character.
fn normalise_chars(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c if is_middle_dot(c) => MIDDLE_DOT,
            c => c,
        };
        if c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// A normalised name with every character that is not a letter or digit removed:
/// `阿依古丽-买买提`, `阿依古丽.买买提` and `阿依古丽买买提` are all `阿依古丽买买提`.
fn loose_name(s: &str) -> String {
    normalise(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A loose 工号: [`loose_name`] with the leading zeros of every run of digits
/// removed (a run of zeros alone keeps one), so `K-0012`, `k12` and `K012` compare
/// equal, and `00123` equals `123`.
fn loose_id(s: &str) -> String {
    let mut out = String::new();
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            let kept = digits.trim_start_matches('0');
            out.push_str(if kept.is_empty() { "0" } else { kept });
            digits.clear();
        }
    };
    for c in loose_name(s).chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// Whether `a` becomes `b` by one insertion, deletion or substitution of a character.
fn one_edit_apart(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let first = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short[first..] == long[first + 1..]
        }
        _ => false,
    }
}

/// Names this long or longer (letters and digits) are near one another one edit
/// apart. Shorter names one character apart (王小明, 王小红) are usually two people.
pub const NEAR_NAME_MIN_CHARS: usize = 4;

/// The roster indexed by normalised 工号 and 姓名, for resolving [`EmployeeKey`]s.
#[derive(Debug, Clone)]
pub struct Roster<'a> {
    employees: &'a [Employee],
    /// Looked up only, never iterated (so their order reaches no output).
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Each employee's 姓名 normalised, in roster order.
    names: Vec<String>,
    loose_ids: BTreeMap<String, Vec<usize>>,
    loose_names: BTreeMap<String, Vec<usize>>,
}

/// Why a key did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No roster entry has this 工号 / 姓名.
    Unknown,
    /// The name alone matches several employees.
    Ambiguous(Vec<String>),
    /// The 工号 and the 姓名 name different people.
    Mismatch {
        /// The name the roster gives for the 工号.
        roster_name: String,
    },
}

/// [`Roster::resolve`] worked out once per shared key: the records of one
/// person in one sheet share one key (`Arc<EmployeeKey>`), so a month's punches
/// resolve a few thousand keys instead of half a million. Keys are told apart by
/// their address, which stays theirs while the records borrowed for `'k` live.
pub struct KeyResolver<'r, 'a, 'k> {
    roster: &'r Roster<'a>,
    seen: HashMap<*const EmployeeKey, Result<&'a Employee, Unresolved>>,
    keys: std::marker::PhantomData<&'k EmployeeKey>,
}

impl<'r, 'a, 'k> KeyResolver<'r, 'a, 'k> {
    /// A resolver over `roster` that has resolved nothing yet.
    pub fn new(roster: &'r Roster<'a>) -> Self {
        KeyResolver {
            roster,
            seen: HashMap::new(),
            keys: std::marker::PhantomData,
        }
    }

    /// What [`Roster::resolve`] says of `key`.
    pub fn resolve(&mut self, key: &'k std::sync::Arc<EmployeeKey>) -> Result<&'a Employee, Unresolved> {
        let roster = self.roster;
        self.seen
            .entry(std::sync::Arc::as_ptr(key))
            .or_insert_with(|| roster.resolve(key))
            .clone()
    }
}

impl<'a> Roster<'a> {
    /// Index a roster. With duplicate 工号 (after normalising), the first row wins
    /// (the inputs' check reports duplicates as errors).
    pub fn new(employees: &'a [Employee]) -> Roster<'a> {
        let mut r = Roster {
            employees,
            by_id: HashMap::new(),
            by_name: HashMap::new(),
            names: employees.iter().map(|e| normalise(&e.name)).collect(),
            loose_ids: BTreeMap::new(),
            loose_names: BTreeMap::new(),
        };
        for (i, e) in employees.iter().enumerate() {
            r.by_id.entry(normalise(&e.id)).or_insert(i);
            r.by_name.entry(r.names[i].clone()).or_default().push(i);
            r.loose_ids.entry(loose_id(&e.id)).or_default().push(i);
            r.loose_names.entry(loose_name(&e.name)).or_default().push(i);
        }
        r
    }

    /// Every employee in roster order.
    pub fn employees(&self) -> &'a [Employee] {
        self.employees
    }

    /// The employee with this 工号 (compared normalised).
    pub fn by_id(&self, id: &str) -> Option<&'a Employee> {
        self.by_id.get(&normalise(id)).map(|&i| &self.employees[i])
    }

    /// Resolve a key: by 工号 when present (checking the name if both are given), else
    /// by a unique name; both compared normalised.
    pub fn resolve(&self, key: &EmployeeKey) -> Result<&'a Employee, Unresolved> {
        let id = key.id.as_deref().map(normalise).filter(|s| !s.is_empty());
        let name = key.name.as_deref().map(normalise).filter(|s| !s.is_empty());
        if let Some(id) = id {
            let i = *self.by_id.get(&id).ok_or(Unresolved::Unknown)?;
            let e = &self.employees[i];
            if let Some(name) = name {
                if name != self.names[i] {
                    return Err(Unresolved::Mismatch {
                        roster_name: e.name.clone(),
                    });
                }
            }
            return Ok(e);
        }
        match self.by_name.get(&name.unwrap_or_default()).map(Vec::as_slice) {
            Some([i]) => Ok(&self.employees[*i]),
            Some(many) if many.len() > 1 => Err(Unresolved::Ambiguous(
                many.iter().map(|&i| self.employees[i].id.clone()).collect(),
            )),
            _ => Err(Unresolved::Unknown),
        }
    }

    /// The roster entry a key that resolves to nobody nearly matches, if any (the
    /// first in roster order):
    /// - a key with a 工号: the same 工号 once punctuation, spaces and the leading
    ///   zeros of its numbers are ignored (`K-012` and `K12` for `K012`); its name is
    ///   not looked at, since two people in a company may share one;
    /// - a key with a name alone: the same letters and digits once punctuation and
    ///   spaces are ignored (`阿依古丽.买买提`), or, for names of at least
    ///   [`NEAR_NAME_MIN_CHARS`] letters and digits, one character added, dropped or
    ///   changed (`阿依古丽买买堤`).
    pub fn near(&self, key: &EmployeeKey) -> Option<&'a Employee> {
        let first = |m: &BTreeMap<String, Vec<usize>>, k: &str| {
            m.get(k).and_then(|v| v.first()).map(|&i| &self.employees[i])
        };
        if let Some(id) = key.id.as_deref().filter(|s| !normalise(s).is_empty()) {
            let loose = loose_id(id);
            return (!loose.is_empty())
                .then(|| first(&self.loose_ids, &loose))
                .flatten();
        }
        let name = loose_name(key.name.as_deref().unwrap_or_default());
        if name.is_empty() {
            return None;
        }
        if let Some(e) = first(&self.loose_names, &name) {
            return Some(e);
        }
        let chars: Vec<char> = name.chars().collect();
        if chars.len() < NEAR_NAME_MIN_CHARS {
            return None;
        }
        self.employees.iter().find(|e| {
            let other: Vec<char> = loose_name(&e.name).chars().collect();
            other.len() >= NEAR_NAME_MIN_CHARS && one_edit_apart(&chars, &other)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emp(id: &str, name: &str, row: u32) -> Employee {
        Employee {
            id: id.into(),
            name: name.into(),
            department: "客服部".into(),
            position: None,
            base_pay: crate::model::Fen(400_000),
            default_shift: None,
            hire_date: None,
            leave_date: None,
            email: None,
            notice_password: None,
            status: None,
            source: crate::model::Source::synthetic("inputs/roster.xlsx", "花名册", row),
        }
    }

    #[test]
    fn the_ascii_path_normalises_as_the_general_one() {
        for b in 0u8..128 {
            let s = format!("K 0{}1a\u{0B}Z", char::from(b));
            assert_eq!(normalise(&s), normalise_chars(&s), "{s:?}");
        }
    }

    #[test]
    fn width_case_spaces_and_middle_dots_are_the_same_person() {
        assert_eq!(normalise("阿依古丽·买买提"), normalise("阿依古丽•买买提"));
        for dot in [
            '\u{2027}', '\u{30FB}', '\u{2010}', '\u{FF65}', '\u{2219}', '\u{22C5}',
        ] {
            assert_eq!(
                normalise(&format!("阿依古丽{dot}买买提")),
                "阿依古丽·买买提",
                "U+{:04X}",
                dot as u32
            );
        }
        assert_eq!(normalise("Ｋ００１"), "k001");
        assert_eq!(normalise(" k 001\u{3000}"), "k001");
        assert_eq!(normalise("张\u{200B}三"), "张三");
        // Not the same: a different letter, a period for the dot, a hyphen-minus.
        assert_ne!(normalise("K001"), normalise("K01"));
        assert_ne!(normalise("阿依古丽.买买提"), normalise("阿依古丽·买买提"));
        assert_ne!(normalise("阿依古丽-买买提"), normalise("阿依古丽·买买提"));
    }

    #[test]
    fn loose_ids_ignore_punctuation_and_leading_zeros() {
        assert_eq!(loose_id("K-0012"), "k12");
        assert_eq!(loose_id("00123"), "123");
        assert_eq!(loose_id("K012"), loose_id("k12"));
        assert_ne!(loose_id("K012"), loose_id("K120"));
        assert_eq!(loose_id("K100"), "k100");
        assert_eq!(loose_id("K00"), "k0");
        assert_ne!(loose_id("K0"), loose_id("K"));
    }

    #[test]
    fn one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(one_edit_apart(&c("阿依古丽买买提"), &c("阿依古丽买买堤")));
        assert!(one_edit_apart(&c("阿依古丽买买提"), &c("阿依古丽买提")));
        assert!(!one_edit_apart(&c("阿依古丽买买提"), &c("阿依古丽买")));
        assert!(!one_edit_apart(&c("abcd"), &c("abcd")));
        assert!(!one_edit_apart(&c("abcd"), &c("badc")));
    }

    #[test]
    fn resolve_compares_normalised_and_near_finds_who_would_vanish() {
        let staff = vec![
            emp("K001", "张三", 2),
            emp("K005", "阿依古丽·买买提", 3),
            emp("K012", "王小明", 4),
            emp("Ｋ013", "John Smith", 5),
        ];
        let r = Roster::new(&staff);
        let by_name = |n: &str| EmployeeKey::by_name(n);
        let both = |i: &str, n: &str| EmployeeKey {
            id: Some(i.into()),
            name: Some(n.into()),
        };
        // The same person: another dot, full width, case, spaces.
        assert_eq!(
            r.resolve(&by_name("阿依古丽•买买提")).map(|e| e.id.as_str()),
            Ok("K005")
        );
        assert_eq!(
            r.resolve(&both("ｋ005", "阿依古丽・买买提"))
                .map(|e| e.id.as_str()),
            Ok("K005")
        );
        assert_eq!(
            r.resolve(&EmployeeKey::by_id(" k013 ")).map(|e| e.name.as_str()),
            Ok("John Smith")
        );
        assert_eq!(
            r.resolve(&by_name("john  smith")).map(|e| e.id.as_str()),
            Ok("Ｋ013")
        );
        assert!(r.by_id("K013").is_some());
        // Nobody, but nearly someone: an error naming both.
        let near = |k: &EmployeeKey| r.near(k).map(|e| e.id.as_str());
        assert_eq!(
            r.resolve(&by_name("阿依古丽.买买提")).err(),
            Some(Unresolved::Unknown)
        );
        assert_eq!(near(&by_name("阿依古丽.买买提")), Some("K005"));
        assert_eq!(
            near(&by_name("阿依古丽买买堤")),
            Some("K005"),
            "one character changed"
        );
        assert_eq!(
            near(&by_name("阿依古丽-买买")),
            Some("K005"),
            "one character dropped"
        );
        assert_eq!(near(&EmployeeKey::by_id("K-0012")), Some("K012"));
        assert_eq!(near(&EmployeeKey::by_id("k12")), Some("K012"));
        assert_eq!(near(&by_name("John-Smith")), Some("Ｋ013"));
        // Nobody, and nobody near: a stranger from another department.
        assert_eq!(
            near(&by_name("王小红")),
            None,
            "three characters, one apart: two people"
        );
        assert_eq!(near(&by_name("阿依古丽买")), None, "two characters dropped");
        assert_eq!(near(&EmployeeKey::by_id("K120")), None);
        assert_eq!(near(&EmployeeKey::by_id("K002")), None);
        // A 工号 decides alone: a stranger sharing a name is not near.
        assert_eq!(near(&both("K900", "张三")), None);
        assert_eq!(near(&EmployeeKey::default()), None);
    }
}
