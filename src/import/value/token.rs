//! Booleans, billing intervals and survey types, in English and German.

use crate::dataset::{BillingInterval, IntervalUnit, SurveyType};

use super::*;

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

#[inline]
pub fn parse_survey_type(s: &str) -> Option<SurveyType> {
    // The three names as nearly every file writes them, once per row: the length and the
    // first letter say which one it can be (a look-up, not a test per name: the type often
    // changes from row to row), one comparison confirms it.
    const PLAIN: [Option<(&[u8], SurveyType)>; 4] = [
        None,
        Some((b"csat", SurveyType::Csat)),
        Some((b"nps", SurveyType::Nps)),
        Some((b"ces", SurveyType::Ces)),
    ];
    let b = s.as_bytes();
    let k = ((b.len() & 1) << 1) | usize::from(b.first().copied().unwrap_or(0) & 1);
    match PLAIN.get(k).copied().flatten() {
        Some((name, t)) if b == name => Some(t),
        _ => survey_type_spelled(s),
    }
}

/// [`parse_survey_type`] for every other spelling.
#[inline(never)]
fn survey_type_spelled(s: &str) -> Option<SurveyType> {
    // in any case, without the allocation below
    let plain = trim(s);
    for (name, ty) in
        [("nps", SurveyType::Nps), ("csat", SurveyType::Csat), ("ces", SurveyType::Ces)]
    {
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
