//! Row formulas: `formula="{7}-{21}"` or `formula="SUM({13},{18},{20})"` on a
//! `<td>` computes the cell from other cells of its row (1-based table columns;
//! `SUM({2}:{5})` adds a run of columns). The report still gives the cell's value;
//! the formula is kept only when it gives exactly that value, so the workbook can
//! never disagree with the ledger, and the XLSX writes it with the value cached.

use crate::render::model::{Cell, Value};

/// A column reference or a run of columns (1-based, inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg {
    Col(usize),
    Cols(usize, usize),
}

/// One term of a formula, added or subtracted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Col(usize),
    Sum(Vec<Arg>),
}

/// A parsed formula: signed terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowFormula {
    terms: Vec<(bool, Term)>,
}

/// Read `{n}` at the start of `s`: the column and the rest.
fn column(s: &str) -> Option<(usize, &str)> {
    let rest = s.strip_prefix('{')?;
    let end = rest.find('}')?;
    let n: usize = rest[..end].trim().parse().ok().filter(|n| *n >= 1)?;
    Some((n, &rest[end + 1..]))
}

/// Parse a formula; the message says what is wrong.
pub(super) fn parse(src: &str) -> Result<RowFormula, crate::i18n::Text> {
    let bad = || crate::msg!("render.bad_formula", value = src);
    let s: String = src.chars().filter(|c| !c.is_whitespace()).collect();
    let mut rest = s.as_str();
    let mut terms = Vec::new();
    let mut minus = false;
    if let Some(r) = rest.strip_prefix('-') {
        minus = true;
        rest = r;
    }
    loop {
        let (term, after) = if let Some(r) = rest.strip_prefix("SUM(") {
            let close = r.find(')').ok_or_else(bad)?;
            let mut args = Vec::new();
            for part in r[..close].split(',') {
                let (a, after) = column(part).ok_or_else(bad)?;
                let arg = match after.strip_prefix(':') {
                    Some(b) => {
                        let (b, tail) = column(b).ok_or_else(bad)?;
                        if !tail.is_empty() || b < a {
                            return Err(bad());
                        }
                        Arg::Cols(a, b)
                    }
                    None if after.is_empty() => Arg::Col(a),
                    None => return Err(bad()),
                };
                args.push(arg);
            }
            (Term::Sum(args), &r[close + 1..])
        } else {
            let (n, after) = column(rest).ok_or_else(bad)?;
            (Term::Col(n), after)
        };
        terms.push((minus, term));
        match after.chars().next() {
            None => return Ok(RowFormula { terms }),
            Some('+') => minus = false,
            Some('-') => minus = true,
            Some(_) => return Err(bad()),
        }
        rest = &after[1..];
    }
}

impl RowFormula {
    /// The highest column the formula reads.
    pub(super) fn last_column(&self) -> usize {
        self.terms
            .iter()
            .flat_map(|(_, t)| match t {
                Term::Col(n) => vec![*n],
                Term::Sum(args) => args
                    .iter()
                    .map(|a| match a {
                        Arg::Col(n) | Arg::Cols(_, n) => *n,
                    })
                    .collect(),
            })
            .max()
            .unwrap_or(0)
    }

    /// Whether the formula over `cells` gives exactly `value` (compared as exact
    /// decimals: money in yuan, numbers at their scale); false when a cell it reads
    /// is not a number.
    pub(super) fn gives(&self, cells: &[Cell], value: &Value) -> bool {
        let Some(target) = exact(value) else {
            return false;
        };
        let mut total = Exact(0, 0);
        for (minus, term) in &self.terms {
            let cols: Vec<usize> = match term {
                Term::Col(n) => vec![*n],
                Term::Sum(args) => args
                    .iter()
                    .flat_map(|a| match a {
                        Arg::Col(n) => *n..=*n,
                        Arg::Cols(a, b) => *a..=*b,
                    })
                    .collect(),
            };
            for c in cols {
                let Some(v) = cell_at(cells, c - 1).and_then(|cell| exact(&cell.value)) else {
                    return false;
                };
                let Some(t) = total.add(v, *minus) else {
                    return false;
                };
                total = t;
            }
        }
        total.eq(target)
    }
}

/// The formula in Excel's terms for Excel row `row` (1-based): `{7}` → `G5`.
pub fn to_excel(src: &str, row: u32, col_name: impl Fn(u16) -> String) -> String {
    let mut out = String::new();
    let mut rest = src;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        match column(&rest[i..]) {
            Some((n, after)) => {
                out.push_str(&format!("{}{row}", col_name((n - 1) as u16)));
                rest = after;
            }
            None => {
                out.push('{');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An exact decimal `units / 10^scale`.
#[derive(Debug, Clone, Copy)]
struct Exact(i128, u32);

impl Exact {
    fn at(self, scale: u32) -> Option<i128> {
        self.0
            .checked_mul(10i128.checked_pow(scale.checked_sub(self.1)?)?)
    }

    fn add(self, v: Exact, minus: bool) -> Option<Exact> {
        let s = self.1.max(v.1);
        let (a, b) = (self.at(s)?, v.at(s)?);
        Some(Exact(
            if minus {
                a.checked_sub(b)?
            } else {
                a.checked_add(b)?
            },
            s,
        ))
    }

    fn eq(self, other: Exact) -> bool {
        let s = self.1.max(other.1);
        matches!((self.at(s), other.at(s)), (Some(a), Some(b)) if a == b)
    }
}

/// A cell's value as an exact decimal (empty is 0; text and dates are none).
fn exact(v: &Value) -> Option<Exact> {
    match v {
        Value::Empty => Some(Exact(0, 0)),
        Value::Number { units, scale, .. } => Some(Exact(i128::from(*units), *scale)),
        Value::Money { fen, .. } => Some(Exact(i128::from(*fen), 2)),
        Value::Percent { bp, .. } => Some(Exact(i128::from(*bp), 4)),
        Value::Delta {
            units,
            scale,
            clock: false,
            ..
        } => Some(Exact(i128::from(*units), *scale)),
        _ => None,
    }
}

/// The cell that starts at grid column `col` (0-based).
fn cell_at(cells: &[Cell], col: usize) -> Option<&Cell> {
    let mut c = 0usize;
    for cell in cells {
        if c == col {
            return Some(cell);
        }
        c += cell.colspan as usize;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::model::{Align, Currency};

    fn money(fen: i64) -> Cell {
        Cell {
            value: Value::Money {
                fen,
                currency: Currency::PdfOnly,
            },
            colspan: 1,
            align: Align::Auto,
            bold: false,
            calc: None,
        }
    }

    #[test]
    fn formulas_parse_and_check_their_value() {
        let row = [money(400_000), money(16_000), money(2_000), money(0)];
        let f = parse("{1} - SUM({2}:{3}, {4})").expect("parses");
        assert_eq!(f.last_column(), 4);
        // 4000.00 − (160.00 + 20.00 + 0) = 3820.00
        assert!(f.gives(&row, &money(382_000).value));
        assert!(!f.gives(&row, &money(382_001).value));
        assert!(parse("SUM({2},{3})")
            .expect("sum")
            .gives(&row, &money(18_000).value));
        for bad in ["", "{0}", "A1+B1", "{1}*{2}", "SUM({3}:{2})", "{1}+"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let col = |c: u16| ((b'A' + c as u8) as char).to_string();
        assert_eq!(to_excel("{1}-SUM({2}:{3})", 5, col), "A5-SUM(B5:C5)");
    }
}
