//! Cell values: numbers in both decimal conventions, dates in the usual written forms,
//! booleans, billing intervals and survey types, in English and German.
//!
//! Parsing never guesses between conventions: the caller passes the convention (number) or
//! order (date) decided for the whole column, and a value that only makes sense under the
//! other one is rejected. `classify_*` give the per-value evidence the column decision is
//! made from.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::{BillingInterval, IntervalUnit, Month, SurveyType};

// ---- numbers ---------------------------------------------------------------------------

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
pub fn trim(s: &str) -> &str {
    // Fast path: most fields start and end with a visible ASCII character.
    let b = s.as_bytes();
    if let (Some(f), Some(l)) = (b.first(), b.last()) {
        if f.is_ascii_graphic() && l.is_ascii_graphic() {
            return s;
        }
    }
    s.trim_matches(|c: char| {
        c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{feff}'
    })
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// Evidence for the column decision.
pub fn classify_number(s: &str) -> NumberEvidence {
    let Some((_, _, core)) = strip_decorations(s) else { return NumberEvidence::NotNumber };
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

// ---- booleans, intervals, survey types ------------------------------------------------

pub fn parse_bool(s: &str) -> Option<bool> {
    let t = trim(s).to_lowercase();
    match t.as_str() {
        "yes" | "y" | "true" | "t" | "1" | "x" | "ja" | "j" | "wahr" | "ok" | "✓" | "✔" => {
            Some(true)
        }
        "no" | "n" | "false" | "f" | "0" | "nein" | "falsch" | "-" => Some(false),
        _ => None,
    }
}

pub fn parse_interval(s: &str, count: Option<u32>) -> Option<BillingInterval> {
    let t = trim(s).to_lowercase();
    // "3 months", "every 2 weeks", "alle 3 Monate"
    let t = t.trim_start_matches("every ").trim_start_matches("alle ");
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let (mut n, word) = if digits.is_empty() {
        (1u32, t.trim())
    } else {
        (digits.parse().ok()?, t.get(digits.len()..).unwrap_or("").trim())
    };
    let (unit, mult) =
        match word {
            "day" | "days" | "daily" | "d" | "tag" | "tage" | "täglich" => (IntervalUnit::Day, 1),
            "week" | "weeks" | "weekly" | "w" | "wk" | "woche" | "wochen" | "wöchentlich" => {
                (IntervalUnit::Week, 1)
            }
            "month" | "months" | "monthly" | "m" | "mo" | "mon" | "monat" | "monate"
            | "monatlich" => (IntervalUnit::Month, 1),
            "quarter" | "quarters" | "quarterly" | "quartal" | "quartale" | "quartalsweise"
            | "vierteljährlich" => (IntervalUnit::Month, 3),
            "half-year" | "half year" | "semiannual" | "semi-annual" | "halbjahr"
            | "halbjährlich" => (IntervalUnit::Month, 6),
            "year" | "years" | "yearly" | "annual" | "annually" | "y" | "yr" | "a" | "jahr"
            | "jahre" | "jährlich" => (IntervalUnit::Year, 1),
            _ => return None,
        };
    if let Some(c) = count {
        n = n.checked_mul(c)?;
    }
    let count = n.checked_mul(mult)?;
    if count == 0 {
        return None;
    }
    Some(BillingInterval { unit, count })
}

pub fn parse_survey_type(s: &str) -> Option<SurveyType> {
    // what nearly every file says, without the allocation below
    let plain = trim(s);
    for (name, ty) in [("nps", SurveyType::Nps), ("csat", SurveyType::Csat), ("ces", SurveyType::Ces)] {
        if plain.eq_ignore_ascii_case(name) {
            return Some(ty);
        }
    }
    let t: String = trim(s).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    match t.as_str() {
        "nps" | "netpromoterscore" | "promoter" | "enps" => Some(SurveyType::Nps),
        "csat"
        | "customersatisfaction"
        | "satisfaction"
        | "kundenzufriedenheit"
        | "zufriedenheit" => Some(SurveyType::Csat),
        "ces" | "customereffortscore" | "effort" | "aufwand" => Some(SurveyType::Ces),
        _ => None,
    }
}

// ---- dates -----------------------------------------------------------------------------

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
fn plain_date(t: &str) -> Option<NaiveDate> {
    let b: &[u8; 10] = t.as_bytes().try_into().ok()?;
    let n = |r: &[u8]| r.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')));
    let (y, m, d) = match b {
        [_, _, _, _, b'-', _, _, b'-', _, _] => (n(&b[..4])?, n(&b[5..7])?, n(&b[8..])?),
        [_, _, b'.', _, _, b'.', _, _, _, _] => (n(&b[6..])?, n(&b[3..5])?, n(&b[..2])?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn parse_datetime_general(t: &str, order: DateOrder) -> Option<NaiveDateTime> {
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
        // "5 Mar 2024", "05-Mar-2024"
        let r = trim(rest.strip_prefix('-').unwrap_or(rest));
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
    let r = trim(r.strip_prefix('-').unwrap_or(r));
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

#[cfg(test)]
mod tests {
    /// The shortcut for `2024-03-05` and `05.03.2024` reads every such string exactly as the
    /// general parser does (invalid days included), and leaves everything else to it.
    #[test]
    fn plain_dates_read_as_the_general_parser_reads_them() {
        let mut checked = 0;
        for y in ["0000", "0001", "1999", "2024", "9999", "20a4"] {
            for m in ["00", "01", "02", "12", "13", "1x"] {
                for d in ["00", "01", "28", "29", "30", "31", "32"] {
                    for t in [format!("{y}-{m}-{d}"), format!("{d}.{m}.{y}"), format!("{y}/{m}/{d}"), format!("{d}.{m}.{y} ")] {
                        for order in [DateOrder::DayMonth, DateOrder::MonthDay] {
                            let fast = parse_datetime(&t, order);
                            let general = parse_datetime_general(trim(&t), order);
                            assert_eq!(fast, general, "{t:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 2000);
        assert!(plain_date("2024-02-29").is_some() && plain_date("2023-02-29").is_none());
        assert_eq!(plain_date("05.03.2024"), chrono::NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(plain_date("5.3.2024"), None);
    }

    use super::*;
    use rust_decimal_macros_free::dec;

    mod rust_decimal_macros_free {
        /// `dec("1.5")` without the macro crate.
        pub fn dec(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    fn num(s: &str, c: NumberConvention) -> Option<Decimal> {
        parse_number(s, c).map(|n| n.value)
    }

    #[test]
    fn numbers_both_conventions() {
        use NumberConvention::*;
        assert_eq!(num("1.234,56", DecimalComma), Some(dec("1234.56")));
        assert_eq!(num("1,234.56", DecimalPoint), Some(dec("1234.56")));
        assert_eq!(num("1,234.56", DecimalComma), None);
        assert_eq!(num("1.234,56", DecimalPoint), None);
        assert_eq!(num("12,5 %", DecimalComma), Some(dec("12.5")));
        assert!(parse_number("12,5 %", DecimalComma).unwrap().percent);
        assert_eq!(num("€ 49,00", DecimalComma), Some(dec("49.00")));
        assert_eq!(num("49.00 USD", DecimalPoint), Some(dec("49.00")));
        assert_eq!(num("(49.00)", DecimalPoint), Some(dec("-49.00")));
        assert_eq!(num("(12,50) €", DecimalComma), Some(dec("-12.50")));
        assert_eq!(num("-1.000", DecimalComma), Some(dec("-1000")));
        assert_eq!(num("−3,5", DecimalComma), Some(dec("-3.5")));
        assert_eq!(num("1 234,5", DecimalComma), Some(dec("1234.5")));
        assert_eq!(num("1'234.50 CHF", DecimalPoint), Some(dec("1234.50")));
        assert_eq!(num("1,23,4", DecimalPoint), None);
        assert_eq!(num("12a", DecimalPoint), None);
        assert_eq!(num("", DecimalPoint), None);
        assert_eq!(num("€", DecimalPoint), None);
        assert_eq!(num(".5", DecimalPoint), Some(dec("0.5")));
        assert_eq!(num("7", DecimalComma), Some(dec("7")));
    }

    #[test]
    fn number_evidence() {
        assert_eq!(classify_number("1,234"), NumberEvidence::Ambiguous);
        assert_eq!(classify_number("1.234"), NumberEvidence::Ambiguous);
        assert_eq!(classify_number("0,123"), NumberEvidence::Comma);
        assert_eq!(classify_number("12,5"), NumberEvidence::Comma);
        assert_eq!(classify_number("1,234.5"), NumberEvidence::Point);
        assert_eq!(classify_number("1.234.567"), NumberEvidence::Comma);
        assert_eq!(classify_number("49"), NumberEvidence::Plain);
        assert_eq!(classify_number("abc"), NumberEvidence::NotNumber);
    }

    #[test]
    fn dates() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        use DateOrder::*;
        assert_eq!(parse_date("2024-03-05", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("2024-03-05T14:30:00+01:00", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("05.03.2024", MonthDay), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("5.3.24", MonthDay), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("03/05/2024", MonthDay), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("03/05/2024", DayMonth), Some(d(2024, 5, 3)));
        assert_eq!(parse_date("45356", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("1709596800", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("5. März 2024", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("Mar 5, 2024", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("20240305", DayMonth), Some(d(2024, 3, 5)));
        assert_eq!(parse_date("2024-02-30", DayMonth), None);
        assert_eq!(parse_date("yesterday", DayMonth), None);
        let t = parse_datetime("3/5/2024 2:07:09 PM", MonthDay).unwrap();
        assert_eq!(t.to_string(), "2024-03-05 14:07:09");
        let t = parse_datetime("2024-03-05 14:07:09 -0800", MonthDay).unwrap();
        assert_eq!(t.to_string(), "2024-03-05 14:07:09");
        let t = parse_datetime("45356.5", MonthDay).unwrap();
        assert_eq!(t.to_string(), "2024-03-05 12:00:00");
        assert_eq!(classify_date("13/03/2024"), DateEvidence::DayMonth);
        assert_eq!(classify_date("03/13/2024"), DateEvidence::MonthDay);
        assert_eq!(classify_date("03/05/2024"), DateEvidence::Ambiguous);
        assert_eq!(classify_date("2024-03-05"), DateEvidence::Unambiguous);
    }

    #[test]
    fn months_bools_intervals() {
        let m = |y, m| Some(Month { year: y, month: m });
        assert_eq!(parse_month("2024-03", DateOrder::DayMonth), m(2024, 3));
        assert_eq!(parse_month("03/2024", DateOrder::DayMonth), m(2024, 3));
        assert_eq!(parse_month("März 2024", DateOrder::DayMonth), m(2024, 3));
        assert_eq!(parse_month("2024-03-31", DateOrder::DayMonth), m(2024, 3));
        assert_eq!(parse_bool("Ja"), Some(true));
        assert_eq!(parse_bool("nein"), Some(false));
        assert_eq!(parse_bool("x"), Some(true));
        assert_eq!(parse_bool("vielleicht"), None);
        let i = parse_interval("Jährlich", None).unwrap();
        assert_eq!((i.unit, i.count), (IntervalUnit::Year, 1));
        let i = parse_interval("month", Some(3)).unwrap();
        assert_eq!((i.unit, i.count), (IntervalUnit::Month, 3));
        assert_eq!(parse_interval("quarterly", None).unwrap().count, 3);
        assert_eq!(parse_interval("sometimes", None), None);
        assert_eq!(leading_score("10 - Extremely likely"), Some(Decimal::from(10)));
        assert_eq!(parse_survey_type("NPS"), Some(SurveyType::Nps));
    }
}
