//! Placeholders: the settings a piece of chapter source prints, found by scanning its
//! Tera tags and resolving each path against the serialised config, and the figures
//! typed into the text instead of bound to a setting.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::error::Problem;

use super::model::Binding;

/// A reference to a value found inside `{{ … }}` or `{% … %}`, with the source line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PathRef {
    /// Components: keys, or `[n]` indexes written as `#n`.
    parts: Vec<String>,
    /// Line within the scanned text (0-based).
    line: usize,
}

const TERA_WORDS: &[&str] = &[
    "for",
    "in",
    "if",
    "elif",
    "else",
    "endif",
    "endfor",
    "and",
    "or",
    "not",
    "is",
    "true",
    "false",
    "set",
    "set_global",
    "none",
    "True",
    "False",
    "None",
    "loop",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "break",
    "continue",
];

/// Every value path used in the Tera tags of `raw`, plus the loop variables and the
/// path each iterates over.
fn scan_paths(raw: &str) -> (Vec<PathRef>, BTreeMap<String, Vec<String>>) {
    let mut refs = Vec::new();
    let mut loops: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rest = raw;
    let mut offset_line = 0usize;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else if after.starts_with("{#") {
            "#}"
        } else {
            offset_line += rest[..start + 1].matches('\n').count();
            rest = &rest[start + 1..];
            continue;
        };
        let line = offset_line + rest[..start].matches('\n').count();
        let Some(end) = after[2..].find(close) else {
            break;
        };
        let inner = &after[2..2 + end];
        if close != "#}" {
            let tokens = tokenize(inner);
            if close == "%}" && tokens.first().is_some_and(|t| t.parts == ["for"]) {
                // {% for a, b in some.path %}
                let in_pos = tokens.iter().position(|t| t.parts == ["in"]);
                if let Some(pos) = in_pos {
                    if let Some(target) = tokens.get(pos + 1) {
                        for var in &tokens[1..pos] {
                            if let [name] = var.parts.as_slice() {
                                loops.insert(name.clone(), target.parts.clone());
                            }
                        }
                        refs.push(PathRef {
                            parts: target.parts.clone(),
                            line,
                        });
                    }
                }
            } else {
                for t in tokens {
                    if !TERA_WORDS.contains(&t.parts[0].as_str()) {
                        refs.push(PathRef { parts: t.parts, line });
                    }
                }
            }
        }
        let consumed = start + 2 + end + 2;
        offset_line += rest[..consumed].matches('\n').count();
        rest = &rest[consumed..];
    }
    (refs, loops)
}

struct Token {
    parts: Vec<String>,
}

/// The identifier paths in one tag's text, skipping strings, filter names and kwarg names.
fn tokenize(inner: &str) -> Vec<Token> {
    let chars: Vec<char> = inner.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut after_pipe = false;
    let ident_start = |c: char| c.is_ascii_alphabetic() || c == '_';
    let ident_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            i += 1;
            while i < chars.len() && chars[i] != c {
                i += 1;
            }
            i += 1;
            continue;
        }
        if c == '|' {
            after_pipe = true;
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                i += 1;
            }
            continue;
        }
        if !ident_start(c) {
            if !c.is_whitespace() {
                after_pipe = false;
            }
            i += 1;
            continue;
        }
        let mut parts = Vec::new();
        let s = i;
        while i < chars.len() && ident_char(chars[i]) {
            i += 1;
        }
        parts.push(chars[s..i].iter().collect::<String>());
        loop {
            if i + 1 < chars.len() && chars[i] == '.' && ident_char(chars[i + 1]) {
                let s = i + 1;
                i += 1;
                while i < chars.len() && ident_char(chars[i]) {
                    i += 1;
                }
                let part: String = chars[s..i].iter().collect();
                parts.push(if part.chars().all(|c| c.is_ascii_digit()) {
                    format!("#{part}")
                } else {
                    part
                });
            } else if i < chars.len() && chars[i] == '[' {
                let Some(close) = chars[i..].iter().position(|&c| c == ']') else {
                    break;
                };
                let inside: String = chars[i + 1..i + close].iter().collect();
                let inside = inside.trim();
                if let Some(key) = inside
                    .strip_prefix('"')
                    .and_then(|k| k.strip_suffix('"'))
                    .or_else(|| inside.strip_prefix('\'').and_then(|k| k.strip_suffix('\'')))
                {
                    parts.push(key.to_string());
                } else if inside.chars().all(|c| c.is_ascii_digit()) && !inside.is_empty() {
                    parts.push(format!("#{inside}"));
                } else {
                    break;
                }
                i += close + 1;
            } else {
                break;
            }
        }
        // A filter name follows `|`; a kwarg name is followed by a single `=`.
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        let is_kwarg = j < chars.len() && chars[j] == '=' && chars.get(j + 1) != Some(&'=');
        let is_call = j < chars.len() && chars[j] == '(';
        if !after_pipe && !is_kwarg && !is_call {
            out.push(Token { parts });
        }
        after_pipe = false;
    }
    out
}

fn display_path(parts: &[String]) -> String {
    let mut s = String::new();
    for p in parts {
        if let Some(n) = p.strip_prefix('#') {
            s.push_str(&format!("[{n}]"));
        } else {
            if !s.is_empty() {
                s.push('.');
            }
            s.push_str(p);
        }
    }
    s
}

fn lookup<'a>(root: &'a Json, parts: &[String]) -> Option<&'a Json> {
    let mut v = root;
    for p in parts {
        v = match p.strip_prefix('#') {
            Some(n) => v.get(n.parse::<usize>().ok()?)?,
            None => v.get(p)?,
        };
    }
    Some(v)
}

fn leaves(prefix: &str, v: &Json, out: &mut Vec<Binding>) {
    match v {
        Json::Null => {}
        Json::Object(map) => {
            for (k, v) in map {
                leaves(&format!("{prefix}.{k}"), v, out);
            }
        }
        Json::Array(items) => {
            if items.is_empty() {
                out.push(Binding {
                    key: prefix.to_string(),
                    value: "（空）".into(),
                });
            }
            for (i, v) in items.iter().enumerate() {
                leaves(&format!("{prefix}[{i}]"), v, out);
            }
        }
        Json::String(s) => out.push(Binding {
            key: prefix.to_string(),
            value: s.clone(),
        }),
        Json::Bool(b) => out.push(Binding {
            key: prefix.to_string(),
            value: b.to_string(),
        }),
        Json::Number(n) => out.push(Binding {
            key: prefix.to_string(),
            value: n.to_string(),
        }),
    }
}

/// The settings a piece of source prints, resolved against the config; unresolved
/// placeholders become problems at `file` line `first_line + n`.
pub(super) fn bindings_of(
    raw: &str,
    config_json: &Json,
    file: &str,
    first_line: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Binding> {
    let (refs, loops) = scan_paths(raw);
    let mut out: Vec<Binding> = Vec::new();
    for r in refs {
        let mut parts = r.parts.clone();
        if let Some(target) = loops.get(&parts[0]) {
            // A loop variable stands for every element of what it iterates over.
            parts = target.clone();
        }
        let key = display_path(&parts);
        match lookup(config_json, &parts) {
            Some(v) => {
                let mut found = Vec::new();
                leaves(&key, v, &mut found);
                for b in found {
                    if !out.iter().any(|o| o.key == b.key) {
                        out.push(b);
                    }
                }
            }
            None => problems.push(Problem::file_error(
                format!("templates/{file}"),
                crate::msg!(
                    "manual.unknown_placeholder",
                    line = first_line + r.line,
                    placeholder = display_path(&r.parts)
                ),
            )),
        }
    }
    out
}

/// ASCII or full-width digits typed into the text outside Tera tags and rule-ID
/// brackets: every figure should be a placeholder.
pub(super) fn typed_figures(raw: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim_start().starts_with("@widths") {
            continue; // layout, not a figure of the rules
        }
        let mut text = String::new();
        let mut rest = line;
        // Drop tags, [[refs]] and a heading's [IDs].
        loop {
            let next = ["{{", "{%", "{#", "[["]
                .iter()
                .filter_map(|open| rest.find(open).map(|p| (p, *open)))
                .min();
            let Some((p, open)) = next else {
                text.push_str(rest);
                break;
            };
            text.push_str(&rest[..p]);
            let close = match open {
                "{{" => "}}",
                "{%" => "%}",
                "{#" => "#}",
                _ => "]]",
            };
            match rest[p + 2..].find(close) {
                Some(e) => rest = &rest[p + 2 + e + 2..],
                None => break,
            }
        }
        if line.trim_start().starts_with('#') {
            if let Some(p) = text.rfind('[') {
                text.truncate(p);
            }
        }
        let figure: String = text
            .chars()
            .skip_while(|c| !(c.is_ascii_digit() || ('０'..='９').contains(c)))
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || *c == '.')
            .collect();
        if !figure.is_empty() {
            out.push((n, figure));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::reports::manual::consistency_problems;
    use crate::reports::manual::test_support::{default_manual, one_chapter};

    #[test]
    fn bindings_list_every_setting_a_clause_prints() {
        let (manual, _) = default_manual();
        let late = manual
            .clauses()
            .find(|c| c.title == "迟到扣款")
            .expect("迟到扣款");
        let keys: Vec<&str> = late.bindings.iter().map(|b| b.key.as_str()).collect();
        for k in [
            "rules.attendance.late_flag_over",
            "rules.attendance.late_threshold",
            "rules.attendance.late_rate_low",
            "rules.attendance.late_rate_high",
            "rules.attendance.late_mode",
        ] {
            assert!(keys.contains(&k), "{k} in {keys:?}");
        }
        let pay3 = manual.clauses().find(|c| c.rule_ids == ["PAY-3"]).expect("PAY-3");
        assert!(pay3
            .bindings
            .iter()
            .any(|b| b.key == "rules.pay.violation_fines[1]" && b.value == "30"));
        let cal = manual
            .clauses()
            .find(|c| c.title == "报送时间")
            .expect("calendar");
        assert!(cal
            .bindings
            .iter()
            .any(|b| b.key == "reports.ops-weekly.due" && b.value == "every saturday"));
    }
    #[test]
    fn unbound_placeholder_is_reported_with_its_line() {
        let src = one_chapter(
            "# 测试\n### 迟到 [ATT-2]\n第一行。\n每次扣 {{ rules.attendance.late_rate_hi }}%。\n",
        );
        let problems = consistency_problems(&Config::default(), &src);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(
            text.iter().any(|t| t.contains(
                "templates/manual/01-test.md: line 4: the placeholder `rules.attendance.late_rate_hi` is not a setting"
            )),
            "{text:#?}"
        );
    }

    #[test]
    fn typed_in_figure_is_a_warning() {
        let src = one_chapter("# 测试\n### 迟到 [ATT-2]\n每次扣基本工资的 5%。\n");
        let problems = consistency_problems(&Config::default(), &src);
        let warning = problems
            .iter()
            .find(|p| p.message.contains("`5` is typed in"))
            .expect("warning");
        assert_eq!(warning.severity, crate::error::ProblemSeverity::Warning);
        assert!(warning.message.starts_with("line 3:"), "{}", warning.message);
    }
}
