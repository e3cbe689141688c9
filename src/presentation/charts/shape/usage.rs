//! The usage charts: active users per period, feature adoption.

use super::*;
use crate::metrics::usage::FeatureAdoption;

/// DAU and MAU per period.
#[derive(Clone, Debug, PartialEq)]
pub struct UsageTrend {
    pub labels: Vec<String>,
    pub dau: Vec<Option<f64>>,
    pub mau: Vec<Option<f64>>,
}

impl UsageTrend {
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let mut s = format!(
            "{}: {}.",
            t.usage_title,
            span(self.labels.len(), t.periods_word, &self.labels, t)
        );
        if let Some(i) =
            (0..self.labels.len()).rev().find(|&i| self.dau[i].is_some() || self.mau[i].is_some())
        {
            s.push_str(&format!(
                " {} {}: {} {}, {} {}.",
                t.latest_word,
                self.labels[i],
                t.dau,
                opt(Fmt::Number, self.dau[i], lang),
                t.mau,
                opt(Fmt::Number, self.mau[i], lang)
            ));
        }
        s
    }
}

pub fn usage_trend(r: &Report) -> Option<UsageTrend> {
    let u = UsageTrend {
        labels: labels(r),
        dau: period_series(r, K::Dau),
        mau: period_series(r, K::Mau),
    };
    (u.dau.iter().chain(&u.mau).any(Option::is_some)).then_some(u)
}

/// Share of active users per feature, highest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Adoption {
    pub features: Vec<(String, f64, u64)>,
}

/// At most this many features are drawn.
pub const TOP_FEATURES: usize = 20;

impl Adoption {
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let parts: Vec<String> = self
            .features
            .iter()
            .take(8)
            .map(|(f, p, _)| format!("{f} {}", format_value(Fmt::Percent, *p, lang)))
            .collect();
        format!("{}: {}.", t.adoption_title, parts.join(", "))
    }
}

pub fn feature_adoption(r: &Report) -> Option<Adoption> {
    let list: Vec<FeatureAdoption> = r.metrics.typed(K::FeatureAdoption)?;
    let mut features: Vec<(String, f64, u64)> = list
        .into_iter()
        .filter(|f| f.pct.is_finite())
        .map(|f| (f.feature, f.pct, f.users as u64))
        .collect();
    features.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    features.truncate(TOP_FEATURES);
    (!features.is_empty()).then_some(Adoption { features })
}
