//! 人民币大写: an amount in fen written out as a cheque, a receipt or a notice
//! writes it (壹仟壹佰元整), following the rules of the People's Bank of China's
//! 《支付结算办法》 附一 for Chinese capital amounts:
//!
//! - the yuan part in 零壹贰叁肆伍陆柒捌玖 with 拾佰仟 and the section units 万 and
//!   亿; a leading ten is 壹拾 (¥10.00 → 壹拾元整);
//! - one 零 for one or more zeros between digits (¥1,409.50 → 壹仟肆佰零玖元伍角,
//!   ¥6,007.14 → 陆仟零柒元壹角肆分); a section of fewer than four digits after a
//!   higher one starts with 零 (¥10,080.00 → 壹万零捌拾元整); no 零 at the end
//!   (¥100,000,000.00 → 壹亿元整);
//! - 整 after 元 when there are no 角 and 分; none after 角 or 分;
//! - 零 between 元 and the 分 when 角 is zero (¥325.04 → 叁佰贰拾伍元零肆分);
//! - below one yuan, no 元 (¥0.50 → 伍角); nothing at all is 零元整;
//! - a negative amount starts with 负.

use crate::model::Fen;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
const SECTIONS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

/// The amount in 人民币大写, e.g. ¥1,100.00 → `壹仟壹佰元整`.
pub fn rmb_upper(amount: Fen) -> String {
    let fen = amount.0.unsigned_abs();
    let (yuan, jiao, cents) = (fen / 100, (fen / 10 % 10) as usize, (fen % 10) as usize);
    let mut out = String::new();
    if amount.0 < 0 {
        out.push('负');
    }
    if yuan > 0 {
        out.push_str(&yuan_words(yuan));
        out.push('元');
    }
    match (jiao, cents) {
        (0, 0) if yuan == 0 => out.push_str("零元整"),
        (0, 0) => out.push('整'),
        (0, c) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[c]);
            out.push('分');
        }
        (j, c) => {
            out.push(DIGITS[j]);
            out.push('角');
            if c > 0 {
                out.push(DIGITS[c]);
                out.push('分');
            }
        }
    }
    out
}

/// A positive whole number of yuan in capitals, without `元`.
fn yuan_words(yuan: u64) -> String {
    let mut sections = Vec::new();
    let mut rest = yuan;
    while rest > 0 {
        sections.push((rest % 10_000) as usize);
        rest /= 10_000;
    }
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, &section) in sections.iter().enumerate().rev() {
        if section == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (zero_pending || section < 1000) {
            out.push('零');
        }
        zero_pending = false;
        out.push_str(&section_words(section));
        out.push_str(SECTIONS.get(i).copied().unwrap_or(""));
    }
    out
}

/// One section of up to four digits (1–9999): internal zeros as one 零, none at the end.
fn section_words(section: usize) -> String {
    let digits = [
        section / 1000,
        section / 100 % 10,
        section / 10 % 10,
        section % 10,
    ];
    let mut out = String::new();
    let mut zero = false;
    for (k, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d]);
        out.push_str(PLACES[3 - k]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-worked against the examples of 《支付结算办法》 附一 and the samples.
    #[test]
    fn amounts_in_capitals() {
        let cases: [(i64, &str); 22] = [
            // K002's November: ¥1,100.00.
            (110_000, "壹仟壹佰元整"),
            (0, "零元整"),
            (1, "壹分"),
            (50, "伍角"),
            (5, "伍分"),
            (1_000, "壹拾元整"),
            (1_050, "壹拾元伍角"),
            (100_000, "壹仟元整"),
            // ¥1,409.50: a zero between digits is one 零; nothing after 角.
            (140_950, "壹仟肆佰零玖元伍角"),
            // ¥6,007.14: two zeros, one 零.
            (600_714, "陆仟零柒元壹角肆分"),
            // ¥16,409.02 and ¥325.04: 角 zero, 分 not: 零 after 元.
            (1_640_902, "壹万陆仟肆佰零玖元零贰分"),
            (32_504, "叁佰贰拾伍元零肆分"),
            // ¥107,000.53: no zero inside the 万 section or the last one.
            (10_700_053, "壹拾万柒仟元伍角叁分"),
            // ¥10,080.00: the 元 section under a thousand starts with 零.
            (1_008_000, "壹万零捌拾元整"),
            (100_000_000, "壹佰万元整"),
            // ¥100,000,000.00 and ¥100,000,001.00: no zero at the end, one across an empty 万.
            (10_000_000_000, "壹亿元整"),
            (10_000_000_100, "壹亿零壹元整"),
            (10_010_000_000, "壹亿零壹拾万元整"),
            // The samples' totals: ¥2,388.52, ¥685.00, ¥224.02.
            (238_852, "贰仟叁佰捌拾捌元伍角贰分"),
            (68_500, "陆佰捌拾伍元整"),
            (22_402, "贰佰贰拾肆元零贰分"),
            (-3_000, "负叁拾元整"),
        ];
        for (fen, words) in cases {
            assert_eq!(rmb_upper(Fen(fen)), words, "{fen} fen");
        }
    }
}
