//! Numbers in both decimal conventions, with currency signs, percent and grouping.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Which character is the decimal separator in a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberConvention {
    /// `1,234.56` (English)
    DecimalPoint,
    /// `1.234,56` (German)
    DecimalComma,
}

impl NumberConvention {
    pub fn example(self) -> &'static str {
        match self {
            NumberConvention::DecimalPoint => "1,234.56",
            NumberConvention::DecimalComma => "1.234,56",
        }
    }
}

/// What one value says about its column's number convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberEvidence {
    /// Not a number at all.
    NotNumber,
    /// A number without `.` or `,` (fits both conventions).
    Plain,
    Point,
    Comma,
    /// `1,234` or `1.234`: a thousands separator or a decimal with three places.
    Ambiguous,
}

/// A number read from text. `percent` when it was written with `%`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: Decimal,
    pub percent: bool,
}

impl Number {
    pub fn as_f64(&self) -> f64 {
        use rust_decimal::prelude::ToPrimitive;
        self.value.to_f64().unwrap_or(f64::NAN)
    }
}

const CURRENCY_CODES: [&str; 10] =
    ["EUR", "USD", "GBP", "CHF", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK"];
const CURRENCY_SIGNS: [char; 6] = ['€', '$', '£', '¥', '₹', '₣'];

/// The number with sign, currency and percent taken off: (negative, percent, core).
fn strip_decorations(s: &str) -> Option<(bool, bool, &str)> {
    let mut s = trim(s);
    // digits and separators only (most cells): nothing to strip
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return Some((false, false, s));
    }
    let mut negative = false;
    let mut percent = false;
    // Up to a few rounds: "-€ 49,00", "€ -49,00", "(12,50) €", "12,5 %", "USD 49.00-".
    for _ in 0..4 {
        let before = s;
        if !negative {
            if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
                negative = true;
                s = trim(inner);
            }
        }
        if let Some(r) = s.strip_suffix('%') {
            percent = true;
            s = trim(r);
        }
        for c in CURRENCY_SIGNS {
            if let Some(r) = s.strip_prefix(c) {
                s = trim(r);
            }
            if let Some(r) = s.strip_suffix(c) {
                s = trim(r);
            }
        }
        for code in CURRENCY_CODES {
            if s.len() > 3 {
                if s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case(code)) {
                    s = trim(s.get(3..).unwrap_or(""));
                } else if s.get(s.len() - 3..).is_some_and(|p| p.eq_ignore_ascii_case(code)) {
                    s = trim(s.get(..s.len() - 3).unwrap_or(""));
                }
            }
        }
        if !negative {
            if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
                negative = true;
                s = trim(r);
            } else if let Some(r) = s.strip_suffix('-') {
                // SAP and some accounting exports: "49,00-".
                negative = true;
                s = trim(r);
            } else if let Some(r) = s.strip_prefix('+') {
                s = trim(r);
            }
        }
        if s == before {
            break;
        }
    }
    if s.is_empty() {
        None
    } else {
        Some((negative, percent, s))
    }
}

/// Trims ASCII and Unicode spaces (NBSP and narrow NBSP come from French/German exports).
#[inline]
pub fn trim(s: &str) -> &str {
    // Fast path: most fields start and end with a visible ASCII character.
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => s,
        (None, _) => s,
        _ => trim_spaces(s),
    }
}

/// [`trim`] past its fast path (kept out of line, so that the fast path inlines small).
#[inline(never)]
fn trim_spaces(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{feff}'
    })
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// Evidence for the column decision.
pub fn classify_number(s: &str) -> NumberEvidence {
    let Some((_, _, core)) = strip_decorations(s) else {
        return NumberEvidence::NotNumber;
    };
    let mut dots = 0usize;
    let mut commas = 0usize;
    let mut last_sep = None;
    for c in core.chars() {
        match c {
            '0'..='9' => {}
            '.' => {
                dots += 1;
                last_sep = Some('.');
            }
            ',' => {
                commas += 1;
                last_sep = Some(',');
            }
            c if is_group_space(c) => {}
            _ => return NumberEvidence::NotNumber,
        }
    }
    if !core.chars().any(|c| c.is_ascii_digit()) {
        return NumberEvidence::NotNumber;
    }
    let one_sep = |sep: char| -> NumberEvidence {
        let (before, after) = core.split_once(sep).unwrap_or((core, ""));
        let before_digits = before.chars().filter(char::is_ascii_digit).count();
        let lead_zero = before.trim_start_matches(is_group_space) == "0" || before.is_empty();
        if after.len() == 3 && (1..=3).contains(&before_digits) && !lead_zero {
            NumberEvidence::Ambiguous
        } else if sep == '.' {
            NumberEvidence::Point
        } else {
            NumberEvidence::Comma
        }
    };
    match (dots, commas) {
        (0, 0) => NumberEvidence::Plain,
        (0, 1) => one_sep(','),
        (1, 0) => one_sep('.'),
        (0, _) => NumberEvidence::Point, // 1,234,567
        (_, 0) => NumberEvidence::Comma, // 1.234.567
        _ => match last_sep {
            Some('.') => NumberEvidence::Point,
            _ => NumberEvidence::Comma,
        },
    }
}

/// Parses a number under the column's convention. Thousands separators must sit between
/// groups of three digits; anything that only fits the other convention is `None`.
pub fn parse_number(s: &str, conv: NumberConvention) -> Option<Number> {
    let t = trim(s);
    // Fast path for the common case of plain integers (survey scores).
    if !t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()) {
        let v: i64 = t.parse().ok()?;
        return Some(Number { value: Decimal::from(v), percent: false });
    }
    let decimal = match conv {
        NumberConvention::DecimalPoint => b'.',
        NumberConvention::DecimalComma => b',',
    };
    if let Some(value) = plain_decimal(t, decimal) {
        return Some(Number { value, percent: false });
    }
    parse_written(t, conv)
}

/// [`parse_number`] past its fast paths: signs, currencies, percent, grouping.
fn parse_written(t: &str, conv: NumberConvention) -> Option<Number> {
    let (negative, percent, core) = strip_decorations(t)?;
    let (group, decimal) = match conv {
        NumberConvention::DecimalPoint => (',', '.'),
        NumberConvention::DecimalComma => ('.', ','),
    };
    let mut out = String::with_capacity(core.len() + 1);
    if negative {
        out.push('-');
    }
    let mut int_digits = 0usize; // digits since the last group separator (or start)
    let mut grouped = false;
    let mut in_fraction = false;
    let mut frac_digits = 0usize;
    for c in core.chars() {
        if c.is_ascii_digit() {
            out.push(c);
            if in_fraction {
                frac_digits += 1;
            } else {
                int_digits += 1;
            }
        } else if c == decimal && !in_fraction {
            if grouped && int_digits != 3 {
                return None;
            }
            in_fraction = true;
            out.push('.');
        } else if (c == group || is_group_space(c)) && !in_fraction {
            if grouped {
                if int_digits != 3 {
                    return None;
                }
            } else {
                if !(1..=3).contains(&int_digits) {
                    return None;
                }
                grouped = true;
            }
            int_digits = 0;
        } else {
            return None;
        }
    }
    if grouped && int_digits != 3 && !in_fraction {
        return None;
    }
    if !in_fraction && int_digits == 0 && !grouped {
        return None;
    }
    if in_fraction && frac_digits == 0 && int_digits == 0 {
        return None;
    }
    if out.ends_with('.') {
        out.pop();
    }
    let value = out.parse::<Decimal>().ok()?;
    Some(Number { value, percent })
}

/// Digits, the decimal separator and digits (`49.90`, `19,00`: prices and MRR), read
/// straight into a decimal with the digits as written (the same value and scale the
/// general parser gives); `None` for anything else, which the general parser reads.
fn plain_decimal(t: &str, decimal: u8) -> Option<Decimal> {
    let b = t.as_bytes();
    let at = b.iter().position(|&c| c == decimal)?;
    let (int, frac) = (b.get(..at)?, b.get(at + 1..)?);
    if int.is_empty() || frac.is_empty() || int.len() + frac.len() > 18 {
        return None;
    }
    let mut mantissa = 0i64;
    for &c in int.iter().chain(frac) {
        if !c.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(c - b'0');
    }
    Decimal::try_new(mantissa, u32::try_from(frac.len()).ok()?).ok()
}

/// A small non-negative integer (`0`–`10` scores) without going through `Decimal`.
pub fn small_int(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')) as f64)
}

/// A number written by a program (JSON, spreadsheet cells): `1234.5`, `-3`, `1e3`.
pub fn parse_canonical(s: &str) -> Option<Number> {
    let t = trim(s);
    if let Ok(v) = t.parse::<Decimal>() {
        return Some(Number { value: v, percent: false });
    }
    let f: f64 = t.parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    Decimal::from_f64_retain(f).map(|value| Number { value: value.normalize(), percent: false })
}

/// Leading integer of a labelled answer: "10 - Extremely likely", "0 = gar nicht".
/// Survey tools export scale ends with their labels.
pub fn leading_score(s: &str) -> Option<Decimal> {
    let t = trim(s);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = trim(t.get(digits..)?);
    let labelled = rest.starts_with(['-', '–', '=', ':', '(']);
    if !labelled {
        return None;
    }
    t.get(..digits)?.parse::<i64>().ok().map(Decimal::from)
}

#[cfg(test)]
mod fast_path_tests {
    use super::*;

    /// The fast path's decimal is the general parser's, to the representation (value and
    /// scale: `49.90` keeps its two places), in both conventions; and it leaves to the
    /// general parser whatever is not plain digits around one decimal separator.
    #[test]
    fn plain_decimals_read_as_the_general_parser_reads_them() {
        let values = "49.90|19,00|0.5|007.25|1.234|1,234|12345.6789|0.000|999999999999999.99|\
            9999999999999999999.9|.5|5.|5,|1.2.3|1,2,3|1.234,5|1,234.5|-4.5|4.5%|€4.50|4 5.6||.";
        for conv in [NumberConvention::DecimalPoint, NumberConvention::DecimalComma] {
            let decimal = if conv == NumberConvention::DecimalPoint { b'.' } else { b',' };
            for v in values.split('|') {
                let general = parse_written(v, conv).map(|n| n.value.serialize());
                if let Some(fast) = plain_decimal(v, decimal) {
                    assert_eq!(Some(fast.serialize()), general, "{v} {conv:?}");
                }
                let read = parse_number(v, conv).map(|n| n.value.serialize());
                assert_eq!(read, general, "{v} {conv:?}");
            }
        }
        let read = plain_decimal("49.90", b'.').map(|d| (d.to_string(), d.scale()));
        assert_eq!(read, Some(("49.90".into(), 2)));
        assert_eq!(plain_decimal("1.234,5", b','), None);
        assert_eq!(plain_decimal("-4.5", b'.'), None);
    }
}
