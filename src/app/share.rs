//! A link that restores the typed options (never the data): the settings as JSON in the URL
//! fragment, which browsers do not send to the server.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::metrics::{MetricOptions, ReportOptions};

#[derive(Serialize, Deserialize)]
pub struct Shared {
    pub lang: Lang,
    pub metrics: MetricOptions,
    pub report: ReportOptions,
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
    let shared = Shared { lang, metrics: metrics.clone(), report: report.clone() };
    let json = serde_json::to_string(&shared).unwrap_or_default();
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
    serde_json::from_str(&json).ok()
}
