//! From a [`Report`] to the plain series the charts draw, the number formats of their axes,
//! and the sentences of their accessible names. No browser types: tested natively.
//!
//! Every function returns `None` (the chart shows "no data") when the keys are missing, of
//! the wrong type, or hold no finite value; nothing here panics on any input.
//!
//! This file holds what every family shares (reading the JSON, number formats); each chart
//! family has its own file, re-exported here so callers write `shape::mrr_movements`.

use serde_json::{Map, Value};

use super::texts::ChartTexts;
use crate::i18n::{format_number, format_signed, Lang};
use crate::report::{MetricKey, MetricKey as K, MetricsExt, Report};

// ---- reading the JSON ------------------------------------------------------------------

/// A finite number (also from a numeric string, as exact money may be serialised).
pub fn num(v: Option<&Value>) -> Option<f64> {
    let x = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

fn key(m: &Map<String, Value>, k: MetricKey) -> Option<f64> {
    num(m.value(k))
}

/// An array of counts; negative, fractional or non-numeric entries count as 0.
fn counts(v: Option<&Value>) -> Option<Vec<u64>> {
    let a = v?.as_array()?;
    Some(
        a.iter()
            .map(|x| num(Some(x)).filter(|c| *c >= 0.0).map_or(0, |c| c.round() as u64))
            .collect(),
    )
}

fn period_series(r: &Report, k: MetricKey) -> Vec<Option<f64>> {
    r.periods.iter().map(|p| key(&p.metrics, k)).collect()
}

fn labels(r: &Report) -> Vec<String> {
    r.periods.iter().map(|p| p.period.clone()).collect()
}

// ---- number formats --------------------------------------------------------------------

/// How the values of an axis or tooltip are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fmt {
    /// Whole numbers (answers, customers).
    Count,
    /// Any number, one decimal where it helps.
    Number,
    /// Money without a currency sign (the data carry none).
    Money,
    /// 0–100 with a "%" sign.
    Percent,
    /// 0–100 with a "%" sign, whole numbers (dense cells).
    PercentRounded,
    /// NPS points: explicit sign.
    Signed,
    /// Durations in hours ("h").
    Hours,
}

/// A compact number for an axis tick: `12,500` → `12.5k` / `12,5 Tsd.`.
pub fn compact(v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let (div, en, de) = if a >= 1e9 {
        (1e9, "B", " Mrd.")
    } else if a >= 1e6 {
        (1e6, "M", " Mio.")
    } else if a >= 1e4 {
        (1e3, "k", " Tsd.")
    } else {
        (1.0, "", "")
    };
    let x = v / div;
    let decimals = if (x - x.round()).abs() < 1e-9 {
        0
    } else if x.abs() < 10.0 && div == 1.0 {
        2
    } else {
        1
    };
    let s = format_number(x, decimals, lang);
    match lang {
        Lang::En => format!("{s}{en}"),
        Lang::De => format!("{s}{de}"),
    }
}

/// An axis tick in the language's format.
pub fn format_axis(fmt: Fmt, v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    match fmt {
        Fmt::Count | Fmt::Number | Fmt::Money => compact(v, lang),
        Fmt::Percent | Fmt::PercentRounded => format!("{} %", compact(v, lang)),
        Fmt::Signed => {
            let s = compact(v, lang);
            if v > 0.0 {
                format!("+{s}")
            } else {
                s
            }
        }
        Fmt::Hours => format!("{} h", compact(v, lang)),
    }
}

/// A value in a tooltip or summary, a little more precise than a tick.
pub fn format_value(fmt: Fmt, v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    match fmt {
        Fmt::Count => format_number(v, 0, lang),
        Fmt::Number => format_number(v, if v.fract() == 0.0 { 0 } else { 1 }, lang),
        Fmt::Money => format_number(v, if v.fract() == 0.0 { 0 } else { 2 }, lang),
        Fmt::Percent => format!("{} %", format_number(v, 1, lang)),
        Fmt::PercentRounded => format!("{} %", format_number(v, 0, lang)),
        Fmt::Signed => format_signed(v, 1, lang),
        Fmt::Hours => format!("{} h", format_number(v, 1, lang)),
    }
}

/// "12 periods, 2024-01 to 2024-12"
fn span(n: usize, word: &str, labels: &[String], t: &ChartTexts) -> String {
    match (labels.first(), labels.last()) {
        (Some(a), Some(b)) if n > 1 => format!("{n} {word}, {a} {} {b}", t.to_word),
        (Some(a), _) => format!("{n} {word}, {a}"),
        _ => format!("{n} {word}"),
    }
}

fn opt(fmt: Fmt, v: Option<f64>, lang: Lang) -> String {
    v.map_or_else(|| "–".into(), |v| format_value(fmt, v, lang))
}

// ---- the chart families, one file each --------------------------------------------------

mod funnel;
mod health;
mod orders;
mod subscriptions;
mod survey;
mod tickets;
mod usage;

pub use funnel::*;
pub use health::*;
pub use orders::*;
pub use subscriptions::*;
pub use survey::*;
pub use tickets::*;
pub use usage::*;

#[cfg(test)]
mod tests;
