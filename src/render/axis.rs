//! The value axis of a chart, decided once for both backends: the PDF draws it and
//! the XLSX chart is given the same minimum, maximum, step and number format, so
//! the two always show the same scale.
//!
//! The rule: a value axis starts at 0 (counts, money, rates and scores alike; it
//! goes below 0 only for negative values) and ends at the next "nice" step (1, 2,
//! 5 × 10ⁿ) over the largest value, with about five steps. A rate is shown in
//! percent (0–100 %: a rate axis whose values pass 50 % runs to 100 %); counts
//! and money carry thousands separators.

use super::model::{Chart, RowKind, Table, Value};

/// What the values of an axis are, for its labels and number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisUnit {
    /// Counts, money in yuan, seconds: grouped digits (`1,500`).
    Quantity,
    /// Rates stored as fractions, shown as percent (`80%`).
    Percent,
}

/// A chart's value axis: its range, its step and how its labels read.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAxis {
    /// The lowest value shown (0 unless a value is negative).
    pub min: f64,
    /// The highest value shown.
    pub max: f64,
    /// The distance between two labelled ticks.
    pub step: f64,
    /// Quantity or percent.
    pub unit: AxisUnit,
    /// Decimal places of the labels (in percent points for a percent axis).
    pub decimals: usize,
}

impl ValueAxis {
    /// The axis for a chart over `table`'s body rows.
    pub fn for_chart(table: &Table, chart: &Chart) -> ValueAxis {
        let mut values = Vec::new();
        let mut unit = None;
        for r in table.rows.iter().filter(|r| r.kind == RowKind::Body) {
            for &col in &chart.series {
                let Some(cell) = cell_at(&r.cells, col - 1) else {
                    continue;
                };
                if let Some(v) = cell.value.as_f64() {
                    values.push(v);
                    unit.get_or_insert(match cell.value {
                        Value::Percent { .. } => AxisUnit::Percent,
                        _ => AxisUnit::Quantity,
                    });
                }
            }
        }
        ValueAxis::over(&values, unit.unwrap_or(AxisUnit::Quantity))
    }

    /// The axis over these values.
    pub fn over(values: &[f64], unit: AxisUnit) -> ValueAxis {
        let lo = values.iter().copied().fold(0.0f64, f64::min);
        let mut hi = values.iter().copied().fold(0.0f64, f64::max);
        if unit == AxisUnit::Percent && hi > 0.5 && hi <= 1.0 {
            hi = 1.0;
        }
        if hi - lo < 1e-9 {
            hi = lo
                + if unit == AxisUnit::Percent {
                    1.0
                } else {
                    1.0f64.max(lo.abs())
                };
        }
        let step = nice_step((hi - lo) / 5.0);
        let min = (lo / step + 1e-9).floor() * step;
        let max = (hi / step - 1e-9).ceil() * step;
        let shown = if unit == AxisUnit::Percent {
            step * 100.0
        } else {
            step
        };
        let decimals = if shown >= 1.0 - 1e-9 {
            0
        } else {
            (-(shown.log10().floor())) as usize
        };
        ValueAxis {
            min: clean(min),
            max: clean(max),
            step,
            unit,
            decimals,
        }
    }

    /// The tick values from `min` to `max`.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.max - self.min) / self.step).round() as i64;
        (0..=n).map(|k| clean(self.min + k as f64 * self.step)).collect()
    }

    /// A tick's label: `1,500`, `2.5`, `80%`.
    pub fn label(&self, v: f64) -> String {
        let d = self.decimals;
        match self.unit {
            AxisUnit::Percent => format!("{:.d$}%", v * 100.0),
            AxisUnit::Quantity => {
                let s = format!("{:.d$}", v.abs());
                let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
                let mut out = String::new();
                if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
                    out.push('-');
                }
                for (i, ch) in int.chars().enumerate() {
                    if i > 0 && (int.len() - i) % 3 == 0 {
                        out.push(',');
                    }
                    out.push(ch);
                }
                if !frac.is_empty() {
                    out.push('.');
                    out.push_str(frac);
                }
                out
            }
        }
    }

    /// The Excel number format of the labels (`#,##0`, `#,##0.0`, `0%`).
    pub fn excel_format(&self) -> String {
        let frac = if self.decimals > 0 {
            format!(".{}", "0".repeat(self.decimals))
        } else {
            String::new()
        };
        match self.unit {
            AxisUnit::Percent => format!("0{frac}%"),
            AxisUnit::Quantity => format!("#,##0{frac}"),
        }
    }
}

/// The cell that starts at grid column `col` (0-based) among `cells`.
fn cell_at(cells: &[super::model::Cell], col: usize) -> Option<&super::model::Cell> {
    let mut c = 0usize;
    for cell in cells {
        if c == col {
            return Some(cell);
        }
        c += cell.colspan as usize;
    }
    None
}

/// `v` rounded to 9 decimals, so steps added up print and compare cleanly.
fn clean(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A "nice" axis step (1, 2, 5 × 10^k) at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let raw = raw.max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw - 1e-12 {
            return clean(m * mag);
        }
    }
    clean(10.0 * mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_start_at_zero_with_grouped_labels() {
        let a = ValueAxis::over(&[1200.0, 1394.0, 1413.0], AxisUnit::Quantity);
        assert_eq!((a.min, a.max, a.step), (0.0, 1500.0, 500.0));
        assert_eq!(a.label(1500.0), "1,500");
        assert_eq!(a.excel_format(), "#,##0");
        assert_eq!(a.ticks(), vec![0.0, 500.0, 1000.0, 1500.0]);
    }

    #[test]
    fn rates_run_to_100_percent_in_percent() {
        // 82 %–89 % answer rates: 0–100 % in steps of 20 %, never 0.82–0.9 nor 0.0–1.0.
        let a = ValueAxis::over(&[0.82, 0.8943, 0.86], AxisUnit::Percent);
        assert_eq!((a.min, a.max, a.step), (0.0, 1.0, 0.2));
        assert_eq!(a.label(0.6), "60%");
        assert_eq!(a.excel_format(), "0%");
        // Small rates keep a readable scale: 0–10 % in steps of 2 %.
        let a = ValueAxis::over(&[0.0336, 0.0906], AxisUnit::Percent);
        assert_eq!((a.min, a.max), (0.0, 0.1));
        assert_eq!(a.label(0.02), "2%");
    }

    #[test]
    fn scores_run_from_zero_to_five() {
        // Averages 3.95–4.4: 0–5 in steps of 1 in both backends.
        let a = ValueAxis::over(&[3.95, 4.4, 4.1], AxisUnit::Quantity);
        assert_eq!((a.min, a.max, a.step, a.decimals), (0.0, 5.0, 1.0, 0));
        assert_eq!(a.label(4.0), "4");
    }

    #[test]
    fn negative_values_extend_below_zero() {
        let a = ValueAxis::over(&[-3.0, 7.0], AxisUnit::Quantity);
        assert_eq!((a.min, a.max, a.step), (-4.0, 8.0, 2.0));
        assert_eq!(a.label(-4.0), "-4");
        let a = ValueAxis::over(&[0.25, 0.5], AxisUnit::Quantity);
        assert_eq!((a.max, a.step, a.decimals), (0.5, 0.1, 1));
        assert_eq!(a.label(0.3), "0.3");
        assert_eq!(a.excel_format(), "#,##0.0");
    }
}
