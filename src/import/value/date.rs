//! Dates and months in the usual written forms, Excel serials and Unix times.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::dataset::Month;

use super::*;

/// Order of day and month in `a/b/yyyy` and `a-b-yyyy` dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// 05/03/2024 = 5 March (UK, Germany, most of the world)
    DayMonth,
    /// 03/05/2024 = 5 March (US)
    MonthDay,
}

/// What one value says about its column's day/month order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateEvidence {
    NotDate,
    /// A form without the question (ISO, dotted German, serials, month names).
    Unambiguous,
    DayMonth,
    MonthDay,
    /// Both parts ≤ 12.
    Ambiguous,
}

const MONTHS: [(&str, u32); 31] = [
    ("january", 1),
    ("januar", 1),
    ("jan", 1),
    ("jänner", 1),
    ("february", 2),
    ("februar", 2),
    ("feb", 2),
    ("march", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mar", 3),
    ("mär", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("juni", 6),
    ("jun", 6),
    ("july", 7),
    ("juli", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oktober", 10),
    ("oct", 10),
    ("okt", 10),
];
const MONTHS_2: [(&str, u32); 6] =
    [("november", 11), ("nov", 11), ("december", 12), ("dezember", 12), ("dec", 12), ("dez", 12)];

fn month_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().chain(MONTHS_2.iter()).find(|(n, _)| *n == w).map(|&(_, m)| m)
}

/// Splits the leading run of ASCII digits.
fn digits(s: &str) -> (&str, &str) {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (s.get(..n).unwrap_or(""), s.get(n..).unwrap_or(""))
}

fn year_of(y: &str) -> Option<i32> {
    let v: i32 = y.parse().ok()?;
    match y.len() {
        2 => Some(if v < 70 { 2000 + v } else { 1900 + v }),
        4 => Some(v),
        _ => None,
    }
}

/// `a<sep>b<sep>year` with one or two digit a and b: (a, b, year, rest).
fn split_dmy(s: &str, sep: u8) -> Option<(u32, u32, i32, &str)> {
    let (a, r) = digits(s);
    let r = r.strip_prefix(sep as char)?;
    let (b, r) = digits(r);
    let r = r.strip_prefix(sep as char)?;
    let (y, rest) = digits(r);
    if !(1..=2).contains(&a.len()) || !(1..=2).contains(&b.len()) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, year_of(y)?, rest))
}

/// Evidence for the column decision.
pub fn classify_date(s: &str) -> DateEvidence {
    let t = trim(s);
    for sep in [b'/', b'-'] {
        if let Some((a, b, _, rest)) = split_dmy(t, sep) {
            if parse_time_rest(rest).is_none() {
                return DateEvidence::NotDate;
            }
            return match (a > 12, b > 12) {
                (true, false) if b >= 1 => DateEvidence::DayMonth,
                (false, true) if a >= 1 => DateEvidence::MonthDay,
                (false, false) if a >= 1 && b >= 1 => {
                    if a == b {
                        DateEvidence::Unambiguous
                    } else {
                        DateEvidence::Ambiguous
                    }
                }
                _ => DateEvidence::NotDate,
            };
        }
    }
    if parse_datetime(t, DateOrder::DayMonth).is_some() {
        DateEvidence::Unambiguous
    } else {
        DateEvidence::NotDate
    }
}

/// Time of day after the date, and an optional zone which is dropped: the catalogue counts
/// in the timezone-free date of the row, i.e. the wall-clock time as exported.
fn parse_time_rest(rest: &str) -> Option<NaiveTime> {
    let mut r = trim(rest);
    if r.is_empty() {
        return Some(NaiveTime::MIN);
    }
    r = r.strip_prefix('T').or_else(|| r.strip_prefix(',')).map(trim).unwrap_or(r);
    r = r.strip_prefix("um ").unwrap_or(r);
    let (h, x) = digits(r);
    let x = x.strip_prefix(':')?;
    let (m, mut x) = digits(x);
    let mut sec = 0u32;
    let mut nanos = 0u32;
    if let Some(y) = x.strip_prefix(':') {
        let (s, y) = digits(y);
        sec = s.parse().ok()?;
        x = y;
        if let Some(f) = x.strip_prefix('.').or_else(|| x.strip_prefix(',')) {
            let (frac, y) = digits(f);
            let padded: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
            nanos = padded.parse().ok()?;
            x = y;
        }
    }
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let mut hour: u32 = h.parse().ok()?;
    let minute: u32 = m.parse().ok()?;
    let mut zone = trim(x);
    let lower = zone.to_ascii_lowercase();
    if let Some(z) = lower.strip_prefix("am").or_else(|| lower.strip_prefix("a.m.")) {
        if hour == 0 || hour > 12 {
            return None;
        }
        if hour == 12 {
            hour = 0;
        }
        zone = trim(zone.get(zone.len() - z.len()..).unwrap_or(""));
    } else if let Some(z) = lower.strip_prefix("pm").or_else(|| lower.strip_prefix("p.m.")) {
        if hour == 0 || hour > 12 {
            return None;
        }
        if hour != 12 {
            hour += 12;
        }
        zone = trim(zone.get(zone.len() - z.len()..).unwrap_or(""));
    }
    if !zone_ok(zone) {
        return None;
    }
    NaiveTime::from_hms_nano_opt(hour, minute, sec, nanos)
}

fn zone_ok(z: &str) -> bool {
    let z = trim(z);
    let z = z.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(z);
    if z.is_empty()
        || z.eq_ignore_ascii_case("z")
        || z.eq_ignore_ascii_case("utc")
        || z.eq_ignore_ascii_case("gmt")
        || z.eq_ignore_ascii_case("uhr")
    {
        return true;
    }
    let z = z.strip_prefix("UTC").or_else(|| z.strip_prefix("GMT")).unwrap_or(z);
    let Some(off) = z.strip_prefix('+').or_else(|| z.strip_prefix('-')) else {
        // Named zones (CET, MEZ, PST…): letters only.
        return z.len() <= 5 && z.chars().all(|c| c.is_ascii_alphabetic());
    };
    let digits_only: String = off.chars().filter(|c| *c != ':').collect();
    (digits_only.len() == 2 || digits_only.len() == 4)
        && digits_only.bytes().all(|b| b.is_ascii_digit())
}

/// Excel's serial day number (1900 system; Lotus' phantom 29 Feb 1900 is before any date
/// a customer export holds, so serials from 61 on are exact).
pub fn from_excel_serial(v: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&v) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let ms = (v * 86_400_000.0).round() as i64;
    epoch.checked_add_signed(Duration::try_milliseconds(ms)?)
}

fn from_unix(secs: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(secs, 0).map(|d| d.naive_utc())
}

/// Numeric dates: Excel serials, `yyyymmdd`, Unix seconds or milliseconds.
fn parse_numeric_date(t: &str) -> Option<NaiveDateTime> {
    let (int, frac) = digits(t);
    if int.is_empty() {
        return None;
    }
    if !frac.is_empty() {
        // Only an Excel serial with a time fraction has a decimal point.
        let f = frac.strip_prefix('.')?;
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) || int.len() > 5 {
            return None;
        }
        let v: f64 = t.parse().ok()?;
        return if v >= 20_000.0 { from_excel_serial(v) } else { None };
    }
    let v: i64 = int.parse().ok()?;
    match int.len() {
        5 if v >= 20_000 => from_excel_serial(v as f64),
        8 => {
            let y = (v / 10_000) as i32;
            let m = ((v / 100) % 100) as u32;
            let d = (v % 100) as u32;
            NaiveDate::from_ymd_opt(y, m, d)
                .filter(|_| (1900..2200).contains(&y))
                .map(|d| d.and_time(NaiveTime::MIN))
        }
        9 | 10 => from_unix(v),
        12 | 13 => from_unix(v / 1000),
        _ => None,
    }
}

/// A date and time in any supported written form. Dates without a time are at midnight.
pub fn parse_datetime(s: &str, order: DateOrder) -> Option<NaiveDateTime> {
    let t = trim(s);
    if let Some(d) = plain_date(t) {
        return Some(d.and_time(NaiveTime::MIN));
    }
    parse_datetime_general(t, order)
}

/// The two spellings of nearly every date column, `2024-03-05` and `05.03.2024`, read
/// without the general parser (a million dates per file); `None` for anything else, which
/// the general parser then reads the same way.
pub(super) fn plain_date(t: &str) -> Option<NaiveDate> {
    let b: &[u8; 10] = t.as_bytes().try_into().ok()?;
    let n = |r: &[u8]| {
        r.iter()
            .try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = match b {
        [_, _, _, _, b'-', _, _, b'-', _, _] => (n(&b[..4])?, n(&b[5..7])?, n(&b[8..])?),
        [_, _, b'.', _, _, b'.', _, _, _, _] => (n(&b[6..])?, n(&b[3..5])?, n(&b[..2])?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

pub(super) fn parse_datetime_general(t: &str, order: DateOrder) -> Option<NaiveDateTime> {
    if t.is_empty() {
        return None;
    }
    if let Some(dt) = parse_numeric_date(t) {
        return Some(dt);
    }
    let (date, rest) = parse_date_prefix(t, order)?;
    let time = parse_time_rest(rest)?;
    Some(date.and_time(time))
}

pub fn parse_date(s: &str, order: DateOrder) -> Option<NaiveDate> {
    parse_datetime(s, order).map(|d| d.date())
}

fn parse_date_prefix(t: &str, order: DateOrder) -> Option<(NaiveDate, &str)> {
    let (first, rest) = digits(t);
    if first.len() == 4 {
        // ISO 2024-03-05, 2024/03/05, 2024.03.05
        let sep = rest.chars().next()?;
        if !matches!(sep, '-' | '/' | '.') {
            return None;
        }
        let (m, r) = digits(rest.get(1..)?);
        let r = r.strip_prefix(sep)?;
        let (d, r) = digits(r);
        if m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(first.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        return Some((date, r));
    }
    if (1..=2).contains(&first.len()) {
        if rest.starts_with('.') {
            // German 05.03.2024, 5.3.24; also "5. März 2024"
            if let Some((d, m, y, r)) = split_dmy(t, b'.') {
                return Some((NaiveDate::from_ymd_opt(y, m, d)?, r));
            }
            let r = trim(rest.get(1..)?);
            return named_month_then_year(first.parse().ok()?, r);
        }
        for sep in [b'/', b'-'] {
            if let Some((a, b, y, r)) = split_dmy(t, sep) {
                let (d, m) = match order {
                    DateOrder::DayMonth => (a, b),
                    DateOrder::MonthDay => (b, a),
                };
                return Some((NaiveDate::from_ymd_opt(y, m, d)?, r));
            }
        }
        // "5 Mar 2024", "05-Mar-2024", Jira's "04/Mar/24 9:02 AM"
        let r = trim(rest.strip_prefix(['-', '/']).unwrap_or(rest));
        return named_month_then_year(first.parse().ok()?, r);
    }
    if first.is_empty() {
        // "Mar 5, 2024", "March 5 2024"
        let word_len =
            t.chars().take_while(|c| c.is_alphabetic() || *c == '.').map(char::len_utf8).sum();
        let m = month_name(t.get(..word_len)?)?;
        let r = trim(t.get(word_len..)?);
        let (d, r) = digits(r);
        let r = trim(r.strip_prefix(',').unwrap_or(r));
        let (y, r) = digits(r);
        if d.is_empty() || d.len() > 2 || y.len() != 4 {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)?;
        return Some((date, r.strip_prefix(',').unwrap_or(r)));
    }
    None
}

fn named_month_then_year(day: u32, r: &str) -> Option<(NaiveDate, &str)> {
    let word_len =
        r.chars().take_while(|c| c.is_alphabetic() || *c == '.').map(char::len_utf8).sum();
    let m = month_name(r.get(..word_len)?)?;
    let r = r.get(word_len..)?;
    let r = trim(r.strip_prefix(['-', '/']).unwrap_or(r));
    let (y, r) = digits(r);
    let date = NaiveDate::from_ymd_opt(year_of(y)?, m, day)?;
    Some((date, r))
}

/// A calendar month: `2024-03`, `03/2024`, `03.2024`, `März 2024`, `Mar-24`, or any date.
pub fn parse_month(s: &str, order: DateOrder) -> Option<Month> {
    let t = trim(s);
    let (first, rest) = digits(t);
    let month = |year: i32, month: u32| (1..=12).contains(&month).then_some(Month { year, month });
    if first.len() == 4 {
        if let Some(r) = rest.strip_prefix(['-', '/', '.']) {
            let (m, r) = digits(r);
            if r.is_empty() && (1..=2).contains(&m.len()) {
                return month(first.parse().ok()?, m.parse().ok()?);
            }
        }
    } else if (1..=2).contains(&first.len()) {
        if let Some(r) = rest.strip_prefix(['-', '/', '.']) {
            let (y, r) = digits(r);
            if r.is_empty() && y.len() == 4 {
                return month(y.parse().ok()?, first.parse().ok()?);
            }
        }
    } else if first.is_empty() {
        let word_len: usize =
            t.chars().take_while(|c| c.is_alphabetic() || *c == '.').map(char::len_utf8).sum();
        if let Some(m) = t.get(..word_len).and_then(month_name) {
            let r = trim(t.get(word_len..)?);
            let r = trim(r.strip_prefix(['-', '\'']).unwrap_or(r));
            let (y, r) = digits(r);
            if r.is_empty() {
                return month(year_of(y)?, m);
            }
        }
    }
    let d = parse_date(t, order)?;
    use chrono::Datelike;
    Some(Month { year: d.year(), month: d.month() })
}
