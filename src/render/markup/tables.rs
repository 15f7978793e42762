//! Tables: `<table>` of `<tr>` rows of typed `<td>`/`<th>` cells (text, number,
//! money, percent, date, datetime, duration) with their formats, and the sums of
//! `sum="true"` cells, added up exactly in integers.

use chrono::{NaiveDate, NaiveDateTime};

use super::formula;
use super::tree::{Ctx, El, MarkupError, Node};
use crate::render::format::{display, number_format_parts};
use crate::render::model::{Align, Calc, Cell, Currency, Row, RowKind, Table, Value};

/// A `<table>`: its attributes, rows and cells, with the sums filled in.
pub(super) fn parse_table(cx: &Ctx, el: &mut El) -> Result<Table, MarkupError> {
    cx.check_attrs(
        el,
        &["id", "caption", "widths", "repeat-header", "freeze", "filter"],
    )?;
    let widths = match el.attr("widths") {
        None => Vec::new(),
        Some(v) => v
            .split(',')
            .map(|s| s.trim().parse::<f32>().ok().filter(|x| *x > 0.0 && *x <= 255.0))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| cx.err(el, crate::msg!("render.bad_widths", value = v)))?,
    };
    let (mut rows, lines) = parse_rows(cx, el)?;
    let header_rows = rows.iter().take_while(|r| r.kind == RowKind::Header).count();
    let repeat_header = cx.uint_attr(el, "repeat-header", header_rows as u32, 0)? as usize;
    if repeat_header > header_rows {
        return Err(cx.err(
            el,
            crate::msg!(
                "render.repeat_header_too_many",
                repeat = repeat_header,
                rows = header_rows
            ),
        ));
    }
    fill_sums(cx, &mut rows, &lines)?;
    let n = rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.colspan as usize).sum::<usize>())
        .max()
        .unwrap_or(0);
    for (r, line) in rows.iter().zip(&lines) {
        for f in r.cells.iter().filter_map(Cell::formula) {
            let last = formula::parse(f).map_or(0, |f| f.last_column());
            if last > n {
                return Err(MarkupError {
                    template: cx.template.to_string(),
                    line: *line,
                    element: "td".into(),
                    message: crate::msg!("render.formula_beyond", formula = f, column = last, n = n),
                });
            }
        }
    }
    check_formulas(&mut rows);
    Ok(Table {
        id: el.attr("id").map(str::to_string),
        caption: el.attr("caption").map(str::to_string),
        widths,
        repeat_header,
        freeze: cx.bool_attr(el, "freeze", true)?,
        filter: cx.bool_attr(el, "filter", false)?,
        rows,
    })
}

/// The `<tr>` rows of a table (header rows first), with the markup line of each.
fn parse_rows(cx: &Ctx, el: &mut El) -> Result<(Vec<Row>, Vec<usize>), MarkupError> {
    let mut rows: Vec<Row> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    // Each row's part of the tree is let go once it is read (a long table's tree
    // and its rows are not held whole together).
    for c in std::mem::take(&mut el.children) {
        match &c {
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Text(_) => return Err(cx.err(el, crate::msg!("render.text_outside_cell"))),
            Node::El(tr) if tr.name == "tr" => {
                cx.check_attrs(tr, &["header", "total"])?;
                let header = cx.bool_attr(tr, "header", false)?;
                let total = cx.bool_attr(tr, "total", false)?;
                let kind = if header {
                    RowKind::Header
                } else if total {
                    RowKind::Total
                } else {
                    RowKind::Body
                };
                if kind == RowKind::Header && rows.iter().any(|r| r.kind != RowKind::Header) {
                    return Err(cx.err(tr, crate::msg!("render.header_rows_first")));
                }
                // Sized to the row's elements: a long table holds every row's cells
                // until the document is written.
                let elements = tr.children.iter().filter(|c| matches!(c, Node::El(_))).count();
                let mut cells = Vec::with_capacity(elements);
                for c in &tr.children {
                    match c {
                        Node::Text(t) if t.trim().is_empty() => {}
                        Node::Text(_) => return Err(cx.err(tr, crate::msg!("render.text_outside_cell"))),
                        Node::El(td) if td.name == "td" || td.name == "th" => {
                            cells.push(parse_cell(cx, td, kind)?);
                        }
                        Node::El(e) => return Err(cx.err(e, crate::msg!("render.unknown_in_tr"))),
                    }
                }
                rows.push(Row { kind, cells });
                lines.push(tr.line);
            }
            Node::El(e) => return Err(cx.err(e, crate::msg!("render.unknown_in_table"))),
        }
    }
    Ok((rows, lines))
}

/// Sums: each sum cell adds the body rows' cells that start at its grid column,
/// and records which rows those are.
fn fill_sums(cx: &Ctx, rows: &mut [Row], lines: &[usize]) -> Result<(), MarkupError> {
    let starts: Vec<Vec<usize>> = rows
        .iter()
        .map(|r| {
            let mut col = 0usize;
            r.cells
                .iter()
                .map(|c| {
                    let s = col;
                    col += c.colspan as usize;
                    s
                })
                .collect()
        })
        .collect();
    for ri in 0..rows.len() {
        for ci in 0..rows[ri].cells.len() {
            if rows[ri].cells[ci].sum_of().is_none() {
                continue;
            }
            let col = starts[ri][ci];
            let mut body_rows = Vec::new();
            let mut acc = Acc::default();
            for (rj, r) in rows.iter().enumerate() {
                if r.kind != RowKind::Body {
                    continue;
                }
                if let Some(pos) = starts[rj].iter().position(|s| *s == col) {
                    body_rows.push(rj);
                    acc.add(&r.cells[pos].value).map_err(|m| MarkupError {
                        template: cx.template.to_string(),
                        line: lines[rj],
                        element: "td".into(),
                        message: crate::msg!("render.cannot_sum", column = col + 1, why = m),
                    })?;
                }
            }
            let cell = &mut rows[ri].cells[ci];
            cell.value = acc.finish(&cell.value);
            cell.calc.get_or_insert_with(Box::default).sum_of = Some(body_rows);
        }
    }
    Ok(())
}

/// Keep each row formula only where it gives the cell's value (a column the
/// formula reads holding text, or a total the columns do not make up, leaves
/// the value alone in the XLSX).
fn check_formulas(rows: &mut [Row]) {
    for r in rows.iter_mut() {
        let checked: Vec<bool> = r
            .cells
            .iter()
            .map(|c| {
                c.formula()
                    .is_some_and(|f| formula::parse(f).is_ok_and(|f| f.gives(&r.cells, &c.value)))
            })
            .collect();
        for (c, ok) in r.cells.iter_mut().zip(checked) {
            if let (false, Some(calc)) = (ok, c.calc.as_mut()) {
                calc.formula = None;
                if calc.sum_of.is_none() {
                    c.calc = None;
                }
            }
        }
    }
}

/// Sum accumulator: integers only.
#[derive(Default)]
struct Acc {
    units: i128,
    scale: u32,
}

impl Acc {
    fn add(&mut self, v: &Value) -> Result<(), crate::i18n::Text> {
        let (u, s) = match v {
            Value::Empty => return Ok(()),
            Value::Number { units, scale, .. } => (*units as i128, *scale),
            Value::Money { fen, .. } => (*fen as i128, 0),
            Value::Percent { bp, .. } => (*bp as i128, 0),
            Value::Duration { seconds, .. } => (*seconds as i128, 0),
            other => {
                return Err(crate::msg!(
                    "render.sum_not_a_number",
                    value = format!("{:?}", display(other))
                ))
            }
        };
        if s > self.scale {
            self.units *= 10i128.pow(s - self.scale);
            self.scale = s;
        }
        self.units += u * 10i128.pow(self.scale - s);
        Ok(())
    }

    fn finish(&self, proto: &Value) -> Value {
        let units = self.units.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
        match proto {
            Value::Money { currency, .. } => Value::Money {
                fen: units,
                currency: *currency,
            },
            Value::Percent { decimals, .. } => Value::Percent {
                bp: units,
                decimals: *decimals,
            },
            Value::Duration { hours, .. } => Value::Duration {
                seconds: units,
                hours: *hours,
            },
            Value::Number { format, .. } => Value::Number {
                units,
                scale: self.scale,
                format: format.clone(),
            },
            _ => Value::Number {
                units,
                scale: self.scale,
                format: None,
            },
        }
    }
}

/// A `<td>` or `<th>`: its typed value, format, span, alignment and weight.
fn parse_cell(cx: &Ctx, td: &El, kind: RowKind) -> Result<Cell, MarkupError> {
    cx.check_attrs(
        td,
        &[
            "type", "format", "align", "colspan", "sum", "currency", "bold", "formula",
        ],
    )?;
    if let Some(e) = td.elements().next() {
        return Err(cx.err(e, crate::msg!("render.not_allowed_inside", parent = &td.name)));
    }
    let ty = td.attr("type").unwrap_or("text");
    let sum = cx.bool_attr(td, "sum", false)?;
    if sum && kind == RowKind::Header {
        return Err(cx.err(td, crate::msg!("render.sum_in_header")));
    }
    let value = typed_value(cx, td, ty)?;
    let value = formatted(cx, td, ty, value)?;
    let formula = match td.attr("formula") {
        None => None,
        Some(f) => {
            formula::parse(f).map_err(|m| cx.err(td, m))?;
            if sum || kind == RowKind::Header {
                return Err(cx.err(td, crate::msg!("render.formula_misplaced")));
            }
            Some(f.split_whitespace().collect::<String>())
        }
    };
    let colspan = cx.uint_attr(td, "colspan", 1, 1)?;
    if colspan > 1000 {
        return Err(cx.err(td, crate::msg!("render.colspan_too_large")));
    }
    let bold = cx.bool_attr(td, "bold", td.name == "th" || kind != RowKind::Body)?;
    let mut align = cx.align(td)?;
    if align == Align::Auto && td.name == "th" {
        align = Align::Center;
    }
    Ok(Cell {
        value,
        colspan: colspan as u16,
        align,
        bold,
        calc: Calc::of(sum.then(Vec::new), formula),
    })
}

/// The cell's text read as its `type` (an empty cell is zero, or empty for text and dates).
fn typed_value(cx: &Ctx, td: &El, ty: &str) -> Result<Value, MarkupError> {
    let text = td.text();
    let format = td.attr("format").map(str::to_string);
    let bad = |what: crate::i18n::Text| {
        cx.err(
            td,
            crate::msg!("render.cell_not", value = format!("{:?}", text), what = what),
        )
    };
    if text.is_empty() {
        return Ok(match ty {
            "text" => Value::Empty,
            "number" => Value::Number {
                units: 0,
                scale: 0,
                format,
            },
            "money" => Value::Money {
                fen: 0,
                currency: Currency::PdfOnly,
            },
            "percent" => Value::Percent { bp: 0, decimals: 2 },
            "duration" => Value::Duration {
                seconds: 0,
                hours: false,
            },
            "date" | "datetime" => Value::Empty,
            _ => Value::Empty,
        });
    }
    if ty == "delta" {
        return parse_delta(&text).ok_or_else(|| bad(crate::msg!("render.what_delta")));
    }
    Ok(match ty {
        "text" => Value::Text(text.clone()),
        "number" => {
            let (units, scale) =
                parse_decimal(&text).ok_or_else(|| bad(crate::msg!("render.what_number")))?;
            Value::Number { units, scale, format }
        }
        "money" => Value::Money {
            fen: text
                .parse::<i64>()
                .map_err(|_| bad(crate::msg!("render.what_money")))?,
            currency: Currency::PdfOnly,
        },
        "percent" => Value::Percent {
            bp: text
                .parse::<i64>()
                .map_err(|_| bad(crate::msg!("render.what_percent")))?,
            decimals: 2,
        },
        "date" => Value::Date(
            NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| bad(crate::msg!("render.what_date")))?,
        ),
        "datetime" => Value::DateTime(
            NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M"))
                .map_err(|_| bad(crate::msg!("render.what_datetime")))?,
        ),
        "duration" => Value::Duration {
            seconds: text
                .parse::<i64>()
                .map_err(|_| bad(crate::msg!("render.what_duration")))?,
            hours: false,
        },
        other => return Err(cx.err(td, crate::msg!("render.bad_cell_type", value = other))),
    })
}

/// The value with its `format` and `currency` attributes checked and applied.
fn formatted(cx: &Ctx, td: &El, ty: &str, value: Value) -> Result<Value, MarkupError> {
    let format = td.attr("format");
    Ok(match value {
        Value::Money { fen, .. } => {
            let currency = match td.attr("currency") {
                None => Currency::PdfOnly,
                Some("true" | "¥") => Currency::Always,
                Some("false") => Currency::Never,
                Some(v) => return Err(cx.err(td, crate::msg!("render.bad_currency", value = v))),
            };
            Value::Money { fen, currency }
        }
        Value::Percent { bp, .. } => {
            let decimals = match format {
                None => 2,
                Some(f) => {
                    if !f.ends_with('%') || !f.starts_with('0') {
                        return Err(cx.err(td, crate::msg!("render.bad_percent_format", value = f)));
                    }
                    number_format_parts(f).0
                }
            };
            Value::Percent { bp, decimals }
        }
        Value::Duration { seconds, .. } => {
            let hours = match format {
                None | Some("mm:ss") => false,
                Some("h:mm:ss") => true,
                Some(f) => return Err(cx.err(td, crate::msg!("render.bad_duration_format", value = f))),
            };
            Value::Duration { seconds, hours }
        }
        Value::Number { units, scale, format } => {
            if let Some(f) = &format {
                if !f.chars().all(|c| matches!(c, '0' | '#' | ',' | '.')) || !f.contains('0') {
                    return Err(cx.err(td, crate::msg!("render.bad_number_format", value = f)));
                }
            }
            Value::Number { units, scale, format }
        }
        other => {
            if td.attr("currency").is_some() && ty != "money" {
                return Err(cx.err(td, crate::msg!("render.currency_money_only")));
            }
            other
        }
    })
}

/// A change as the reports write it: `+26`, `-1.27个百分点`, `+0.12分`, `0`,
/// `-4秒`, `+1小时02分03秒` (a change of time); `—` (no previous value) stays text.
fn parse_delta(text: &str) -> Option<Value> {
    if matches!(text, "—" | "–" | "-" | "--") {
        return Some(Value::Text("—".into()));
    }
    let (neg, body) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let split = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (num, unit) = body.split_at(split);
    let (units, scale) = parse_decimal(num).filter(|_| !num.starts_with('-'))?;
    let sign = if neg { -1 } else { 1 };
    if unit.ends_with('秒') && scale == 0 {
        if let Some(seconds) = clock_seconds(body) {
            return Some(Value::Delta {
                units: sign * seconds,
                scale: 0,
                unit: String::new(),
                clock: true,
            });
        }
    }
    if unit.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Value::Delta {
        units: sign * units,
        scale,
        unit: unit.trim().to_string(),
        clock: false,
    })
}

/// `1小时02分03秒`, `4分05秒`, `59秒` → seconds.
fn clock_seconds(s: &str) -> Option<i64> {
    let mut total = 0i64;
    let mut rest = s;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !c.is_ascii_digit())?;
        let n: i64 = rest[..end].parse().ok()?;
        let after = &rest[end..];
        let (mult, tail) = if let Some(t) = after.strip_prefix("小时") {
            (3600, t)
        } else if let Some(t) = after.strip_prefix('分') {
            (60, t)
        } else if let Some(t) = after.strip_prefix('秒') {
            (1, t)
        } else {
            return None;
        };
        total = total.checked_add(n.checked_mul(mult)?)?;
        rest = tail;
    }
    Some(total)
}

/// `-12.345` → (-12345, 3); digits with an optional sign and one decimal point.
pub fn parse_decimal(s: &str) -> Option<(i64, u32)> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 9
    {
        return None;
    }
    let digits = format!("{int}{frac}");
    let units: i64 = digits.parse().ok()?;
    Some((if neg { -units } else { units }, frac.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markup::tree::parse_tree;

    fn table(src: &str) -> Result<Table, MarkupError> {
        let mut el = parse_tree("t.xml", src)?;
        parse_table(&Ctx { template: "t.xml" }, &mut el)
    }

    #[test]
    fn sums_a_money_column_in_fen() {
        // 400000 + 12345 + 55 = 412400 fen
        let t = table(
            r#"<table><tr header="true"><th>a</th><th>b</th></tr>
<tr><td>x</td><td type="money">400000</td></tr>
<tr><td>y</td><td type="money">12345</td></tr>
<tr><td>z</td><td type="money">55</td></tr>
<tr total="true"><td>合计</td><td type="money" sum="true"/></tr></table>"#,
        )
        .expect("parses");
        assert_eq!(
            t.rows[4].cells[1].value,
            Value::Money {
                fen: 412400,
                currency: Currency::PdfOnly
            }
        );
        assert_eq!(t.rows[4].cells[1].sum_of(), Some(&[1, 2, 3][..]));
        assert_eq!(t.repeat_header, 1);
    }

    #[test]
    fn sums_decimals_exactly() {
        // 4.5 + 0.25 + 3 = 7.75 → units 775 at scale 2
        let t = table(
            r#"<table><tr><td type="number">4.5</td></tr><tr><td type="number">0.25</td></tr>
<tr><td type="number">3</td></tr><tr total="true"><td type="number" sum="true"/></tr></table>"#,
        )
        .expect("parses");
        assert_eq!(
            t.rows[3].cells[0].value,
            Value::Number {
                units: 775,
                scale: 2,
                format: None
            }
        );
    }

    #[test]
    fn changes_read_as_signed_numbers_with_units() {
        let d = |t: &str| parse_delta(t).map(|v| crate::render::format::display(&v));
        assert_eq!(d("+26"), Some("+26".into()));
        assert_eq!(d("-1.27个百分点"), Some("-1.27个百分点".into()));
        assert_eq!(d("0"), Some("0".into()));
        assert_eq!(d("+15284"), Some("+15,284".into()));
        assert_eq!(d("+1小时02分03秒"), Some("+1小时02分03秒".into()));
        assert_eq!(d("-4秒"), Some("-4秒".into()));
        assert_eq!(d("—"), Some("—".into()));
        assert_eq!(d("abc"), None);
        assert_eq!(d("+1.5x2"), None);
        assert_eq!(
            parse_delta("-1.27个百分点"),
            Some(Value::Delta {
                units: -127,
                scale: 2,
                unit: "个百分点".into(),
                clock: false
            })
        );
    }

    #[test]
    fn a_formula_is_kept_only_when_it_gives_the_value() {
        let t = table(
            r#"<table><tr header="true"><th>a</th><th>b</th><th>c</th></tr>
<tr><td type="money">400000</td><td type="money">18000</td><td type="money" formula="{1}-{2}">382000</td></tr>
<tr><td type="money">400000</td><td type="money">18000</td><td type="money" formula="{1}-{2}">380000</td></tr></table>"#,
        )
        .expect("parses");
        assert_eq!(t.rows[1].cells[2].formula(), Some("{1}-{2}"));
        assert_eq!(
            t.rows[2].cells[2].formula(),
            None,
            "a formula that disagrees is dropped"
        );
        let e = table(r#"<table><tr><td formula="A1+B1">1</td></tr></table>"#).expect_err("bad");
        assert!(e.to_string().contains("is not a row formula"), "{e}");
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("-12.345"), Some((-12345, 3)));
        assert_eq!(parse_decimal("3"), Some((3, 0)));
        assert_eq!(parse_decimal("3,0"), None);
        assert_eq!(parse_decimal("."), None);
    }
}
