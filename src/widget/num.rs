//! Small string and number helpers for the widget, written by hand because `format!`,
//! `to_string` and core's float parser would each cost kilobytes of wasm.
//! Pure Rust, compiled on every target.

/// Concatenates string parts.
#[inline(never)]
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Decimal digits of an integer.
#[inline(never)]
pub fn int(n: i64) -> String {
    let mut d = [0u8; 20];
    let mut i = d.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        d[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    let mut s = String::with_capacity(21);
    if n < 0 {
        s.push('-');
    }
    for &b in &d[i..] {
        s.push(b as char);
    }
    s
}

/// Splits at the first (or, with `last`, the last) ASCII byte `sep`: a byte scan instead of
/// `str::split_once`, whose generic pattern search costs the widget's wasm half a kilobyte.
#[inline(never)]
pub fn split_at_byte(s: &str, sep: u8, last: bool) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let i =
        if last { b.iter().rposition(|&x| x == sep) } else { b.iter().position(|&x| x == sep) }?;
    // `sep` is ASCII, so both sides are on char boundaries.
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Parses `[-]digits[.digits]` (no exponent).
pub fn parse_num(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = split_at_byte(s, b'.', false).unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut x = 0f64;
    for b in int.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        x = x * 10.0 + (b - b'0') as f64;
    }
    let mut scale = 1f64;
    for b in frac.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        scale /= 10.0;
        x += (b - b'0') as f64 * scale;
    }
    if !x.is_finite() {
        return None;
    }
    Some(if neg { -x } else { x })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_and_cat() {
        assert_eq!(int(0), "0");
        assert_eq!(int(-42), "-42");
        assert_eq!(int(i64::MIN), "-9223372036854775808");
        assert_eq!(cat(&["a", "", "bc"]), "abc");
        assert_eq!(split_at_byte("a.b.c", b'.', false), Some(("a", "b.c")));
        assert_eq!(split_at_byte("a.b.c", b'.', true), Some(("a.b", "c")));
        assert_eq!(split_at_byte("äö.ü", b'.', true), Some(("äö", "ü")));
        assert_eq!(split_at_byte("abc", b'.', true), None);
    }

    #[test]
    fn parse_num_accepts_plain_decimals_only() {
        assert_eq!(parse_num(" 12.5 "), Some(12.5));
        assert_eq!(parse_num("-3"), Some(-3.0));
        assert_eq!(parse_num(".5"), Some(0.5));
        for bad in ["", "-", ".", "1e3", "1,5", "abc", "1.2.3"] {
            assert_eq!(parse_num(bad), None, "{bad}");
        }
    }
}
