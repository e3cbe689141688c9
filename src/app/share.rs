//! A link that restores the typed options (never the data): the settings as JSON in the URL
//! fragment, which browsers do not send to the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::metrics::{MetricOptions, PeriodKind};
use crate::report::ReportOptions;

/// The settings of a link. The report options travel field by field, dates as
/// `YYYY-MM-DD` text (chrono's own date parser would add its weight to the app).
pub struct Shared {
    pub lang: Lang,
    pub metrics: MetricOptions,
    pub report: ReportOptions,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    lang: Lang,
    metrics: MetricOptions,
    period: PeriodKind,
    segment: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// `YYYY-MM-DD` → a date.
pub fn parse_ymd(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A date as `YYYY-MM-DD`.
pub fn ymd(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// The ends of a range that are set (open ends are the widest dates).
pub fn range_ends(range: Option<(NaiveDate, NaiveDate)>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match range {
        None => (None, None),
        Some((a, b)) => ((a != NaiveDate::MIN).then_some(a), (b != NaiveDate::MAX).then_some(b)),
    }
}

const PREFIX: &str = "#settings=";

/// A date range from optional ends (open ends become the widest dates).
pub fn range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<(NaiveDate, NaiveDate)> {
    match (from, to) {
        (None, None) => None,
        (f, t) => Some((f.unwrap_or(NaiveDate::MIN), t.unwrap_or(NaiveDate::MAX))),
    }
}

pub fn link(lang: Lang, metrics: &MetricOptions, report: &ReportOptions) -> String {
    let (from, to) = range_ends(report.range);
    let wire = Wire {
        lang,
        metrics: metrics.clone(),
        period: report.period,
        segment: report.segment.clone(),
        from: from.map(ymd),
        to: to.map(ymd),
    };
    let json = serde_json::to_string(&wire).unwrap_or_default();
    let encoded: String = js_sys::encode_uri_component(&json).into();
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}{PREFIX}{encoded}")
}

/// The settings of the page's own link, if it has some.
pub fn from_location() -> Option<Shared> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let encoded = hash.strip_prefix(PREFIX)?;
    let json: String = js_sys::decode_uri_component(encoded).ok()?.into();
    let w: Wire = serde_json::from_str(&json).ok()?;
    let from = w.from.as_deref().and_then(parse_ymd);
    let to = w.to.as_deref().and_then(parse_ymd);
    Some(Shared {
        lang: w.lang,
        metrics: w.metrics,
        report: ReportOptions { period: w.period, segment: w.segment, range: range(from, to) },
    })
}
