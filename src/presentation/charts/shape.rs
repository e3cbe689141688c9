//! From a [`Report`] to the plain series the charts draw, the number formats of their axes,
//! and the sentences of their accessible names. No browser types: tested natively.
//!
//! Every function returns `None` (the chart shows "no data") when the keys are missing, of
//! the wrong type, or hold no finite value; nothing here panics on any input.

use serde_json::{Map, Value};

use super::texts::ChartTexts;
use crate::i18n::{format_number, format_signed, Lang};
use crate::metrics::subscriptions::CohortRow;
use crate::metrics::survey::CommentPhrases;
use crate::metrics::text::{PhraseCounts, TermCount};
use crate::metrics::usage::FeatureAdoption;
use crate::metrics::HealthBands;
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

// ---- 1. survey -------------------------------------------------------------------------

/// Answers per score 0–10 of the NPS question.
#[derive(Clone, Debug, PartialEq)]
pub struct NpsDistribution {
    pub counts: [u64; 11],
}

impl NpsDistribution {
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
    /// (detractors, passives, promoters)
    pub fn groups(&self) -> (u64, u64, u64) {
        let s = |a: usize, b: usize| self.counts[a..=b].iter().sum();
        (s(0, 6), s(7, 8), s(9, 10))
    }
    /// The three stacked series (detractors, passives, promoters): each group's counts at its
    /// scores, `None` elsewhere.
    pub fn stacked(&self) -> [Vec<Option<f64>>; 3] {
        let part = |lo: usize, hi: usize| {
            (0..=10).map(|i| (lo..=hi).contains(&i).then(|| self.counts[i] as f64)).collect()
        };
        [part(0, 6), part(7, 8), part(9, 10)]
    }
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let (d, p, pr) = self.groups();
        let c = |x: u64| format_value(Fmt::Count, x as f64, lang);
        format!(
            "{}: {} {}; {} {}, {} {}, {} {}.",
            t.nps_distribution_title,
            c(self.total()),
            t.answers_word,
            t.promoters,
            c(pr),
            t.passives,
            c(p),
            t.detractors,
            c(d)
        )
    }
}

pub fn nps_distribution(r: &Report) -> Option<NpsDistribution> {
    let v = counts(r.metrics.value(K::NpsDistribution))?;
    let mut c = [0u64; 11];
    for (slot, x) in c.iter_mut().zip(v) {
        *slot = x;
    }
    let d = NpsDistribution { counts: c };
    (d.total() > 0).then_some(d)
}

/// A value per period with its 95 % interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub labels: Vec<String>,
    pub value: Vec<Option<f64>>,
    pub low: Vec<Option<f64>>,
    pub high: Vec<Option<f64>>,
}

impl Trend {
    /// The band as two stacked series: the invisible base (low) and its width (high − low),
    /// both `None` where either end is undefined.
    pub fn band(&self) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
        self.low
            .iter()
            .zip(&self.high)
            .map(|(l, h)| match (l, h) {
                (Some(l), Some(h)) if h >= l => (Some(*l), Some(h - l)),
                _ => (None, None),
            })
            .unzip()
    }
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let n = self.labels.len();
        let mut s = format!("{}: {}.", t.nps_trend_title, span(n, t.periods_word, &self.labels, t));
        if let Some(i) = (0..n).rev().find(|&i| self.value.get(i).copied().flatten().is_some()) {
            s.push_str(&format!(
                " {} {}: {} {} ({} {} … {}).",
                t.latest_word,
                self.labels[i],
                t.nps,
                opt(Fmt::Signed, self.value[i], lang),
                t.ci95,
                opt(Fmt::Signed, self.low.get(i).copied().flatten(), lang),
                opt(Fmt::Signed, self.high.get(i).copied().flatten(), lang),
            ));
        }
        s
    }
}

pub fn nps_trend(r: &Report) -> Option<Trend> {
    let t = Trend {
        labels: labels(r),
        value: period_series(r, K::Nps),
        low: period_series(r, K::NpsCi95Low),
        high: period_series(r, K::NpsCi95High),
    };
    t.value.iter().any(Option::is_some).then_some(t)
}

/// Answers per score of a CSAT or CES question, each score marked good (satisfied / easy).
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleDistribution {
    pub scores: Vec<u32>,
    pub counts: Vec<u64>,
    pub good: Vec<bool>,
}

impl ScaleDistribution {
    /// (good, not good) series: each score's count in one of the two.
    pub fn split(&self) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
        self.counts
            .iter()
            .zip(&self.good)
            .map(|(c, g)| if *g { (Some(*c as f64), None) } else { (None, Some(*c as f64)) })
            .unzip()
    }
    pub fn summary(&self, title: &str, t: &ChartTexts, lang: Lang) -> String {
        let total: u64 = self.counts.iter().sum();
        let parts: Vec<String> = self
            .scores
            .iter()
            .zip(&self.counts)
            .map(|(s, c)| format!("{s}: {}", format_value(Fmt::Count, *c as f64, lang)))
            .collect();
        format!(
            "{title}: {} {}; {}.",
            format_value(Fmt::Count, total as f64, lang),
            t.answers_word,
            parts.join(", ")
        )
    }
}

fn scale_distribution(
    dist: Option<&Value>,
    scale: u32,
    good: impl Fn(u32) -> bool,
) -> Option<ScaleDistribution> {
    let v = counts(dist)?;
    let scale = scale.clamp(1, 10) as usize;
    // scores start at 1; a count at 0 (only possible on a 0-based scale) is kept
    let from = if v.first().copied().unwrap_or(0) > 0 { 0 } else { 1 };
    let scores: Vec<u32> = (from..=scale).map(|s| s as u32).collect();
    let counts: Vec<u64> = (from..=scale).map(|s| v.get(s).copied().unwrap_or(0)).collect();
    let d = ScaleDistribution { good: scores.iter().map(|s| good(*s)).collect(), scores, counts };
    (d.counts.iter().sum::<u64>() > 0).then_some(d)
}

pub fn csat_distribution(r: &Report) -> Option<ScaleDistribution> {
    let m = &r.metrics;
    let scale = key(m, K::CsatScale).unwrap_or(5.0).clamp(1.0, 10.0) as u32;
    let threshold = key(m, K::CsatThreshold)
        .unwrap_or(f64::from(scale.saturating_sub(1)))
        .clamp(0.0, 10.0) as u32;
    scale_distribution(m.value(K::CsatDistribution), scale, |s| s >= threshold)
}

pub fn ces_distribution(r: &Report) -> Option<ScaleDistribution> {
    let m = &r.metrics;
    let scale = if key(m, K::CesScale) == Some(5.0) { 5 } else { 7 };
    let lower = m.value(K::CesLowerIsEasier).and_then(Value::as_bool).unwrap_or(false);
    let easy_from = if scale == 5 { 4 } else { 5 };
    let easy_from = if lower { scale + 1 - easy_from } else { easy_from };
    scale_distribution(m.value(K::CesDistribution), scale, |s| {
        if lower {
            s <= easy_from
        } else {
            s >= easy_from
        }
    })
}

/// Most frequent phrases (or words, when there are no phrases) of promoters and detractors.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrases {
    pub promoters: Vec<(String, u64)>,
    pub detractors: Vec<(String, u64)>,
}

/// At most this many bars per side.
pub const TOP_PHRASES: usize = 10;

fn terms(side: &PhraseCounts) -> Vec<(String, u64)> {
    let list = |terms: &[TermCount]| -> Vec<(String, u64)> {
        terms
            .iter()
            .filter_map(|t| {
                let term = t.term.trim().to_string();
                (!term.is_empty() && t.count > 0).then(|| (term, u64::from(t.count)))
            })
            .collect()
    };
    let mut v = list(&side.phrases);
    if v.is_empty() {
        v = list(&side.words);
    }
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(TOP_PHRASES);
    v
}

impl Phrases {
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let side = |v: &[(String, u64)]| {
            if v.is_empty() {
                "–".to_string()
            } else {
                v.iter()
                    .take(5)
                    .map(|(p, c)| format!("„{p}“ {}", format_value(Fmt::Count, *c as f64, lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        format!(
            "{}. {}: {}. {}: {}.",
            t.phrases_title,
            t.promoter_phrases,
            side(&self.promoters),
            t.detractor_phrases,
            side(&self.detractors)
        )
    }
}

pub fn phrases(r: &Report) -> Option<Phrases> {
    let c: CommentPhrases = r.metrics.typed(K::Comments)?;
    let p = Phrases { promoters: terms(&c.promoters), detractors: terms(&c.detractors) };
    (!p.promoters.is_empty() || !p.detractors.is_empty()).then_some(p)
}

// ---- 2. subscriptions ------------------------------------------------------------------

/// MRR per month and its movements; contraction and churn negative (drawn below zero).
#[derive(Clone, Debug, PartialEq)]
pub struct MrrMovements {
    pub labels: Vec<String>,
    pub mrr: Vec<Option<f64>>,
    pub new: Vec<Option<f64>>,
    pub expansion: Vec<Option<f64>>,
    pub reactivation: Vec<Option<f64>>,
    pub contraction: Vec<Option<f64>>,
    pub churn: Vec<Option<f64>>,
}

impl MrrMovements {
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let sum = |v: &[Option<f64>]| v.iter().flatten().sum::<f64>();
        let m = |x: f64| format_value(Fmt::Money, x, lang);
        let mut s = format!(
            "{}: {}.",
            t.mrr_title,
            span(self.labels.len(), t.periods_word, &self.labels, t)
        );
        if let Some(i) = (0..self.mrr.len()).rev().find(|&i| self.mrr[i].is_some()) {
            s.push_str(&format!(
                " {} {}: {}.",
                t.mrr,
                self.labels.get(i).cloned().unwrap_or_default(),
                opt(Fmt::Money, self.mrr[i], lang)
            ));
        }
        s.push_str(&format!(
            " {} +{}, {} +{}, {} +{}, {} {}, {} {}.",
            t.mrr_new,
            m(sum(&self.new)),
            t.mrr_expansion,
            m(sum(&self.expansion)),
            t.mrr_reactivation,
            m(sum(&self.reactivation)),
            t.mrr_contraction,
            m(sum(&self.contraction)),
            t.mrr_churn,
            m(sum(&self.churn)),
        ));
        s
    }
}

pub fn mrr_movements(r: &Report) -> Option<MrrMovements> {
    let neg = |v: Vec<Option<f64>>| v.into_iter().map(|x| x.map(|x| -x.abs())).collect();
    let m = MrrMovements {
        labels: labels(r),
        mrr: period_series(r, K::Mrr),
        new: period_series(r, K::MrrNew),
        expansion: period_series(r, K::MrrExpansion),
        reactivation: period_series(r, K::MrrReactivation),
        contraction: neg(period_series(r, K::MrrContraction)),
        churn: neg(period_series(r, K::MrrChurn)),
    };
    m.mrr.iter().any(Option::is_some).then_some(m)
}

/// Logo (customers) or revenue retention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CohortKind {
    Logo,
    Revenue,
}

/// The cohort triangle: one row per start month, one column per month after the start.
#[derive(Clone, Debug, PartialEq)]
pub struct Cohorts {
    pub starts: Vec<String>,
    pub customers: Vec<u64>,
    /// Columns 0…months−1.
    pub months: usize,
    /// (column k, row, percent)
    pub cells: Vec<(usize, usize, f64)>,
    pub max: f64,
}

/// Cohorts beyond this many rows or columns are left out (the newest rows are kept).
pub const MAX_COHORTS: usize = 36;

impl Cohorts {
    pub fn summary(&self, title: &str, t: &ChartTexts, lang: Lang) -> String {
        let mut s =
            format!("{title}: {}.", span(self.starts.len(), t.start_months_word, &self.starts, t));
        // mean retention after one month, over the cohorts that have it
        let one: Vec<f64> = self.cells.iter().filter(|c| c.0 == 1).map(|c| c.2).collect();
        if !one.is_empty() {
            let mean = one.iter().sum::<f64>() / one.len() as f64;
            s.push_str(&format!(
                " 1 {}: {} {}.",
                t.months_after,
                format_value(Fmt::Percent, mean, lang),
                t.retained
            ));
        }
        s
    }
}

pub fn cohorts(r: &Report, kind: CohortKind) -> Option<Cohorts> {
    let rows: Vec<CohortRow> = r.metrics.typed(K::Cohorts)?;
    let skip = rows.len().saturating_sub(MAX_COHORTS);
    let mut c = Cohorts {
        starts: Vec::new(),
        customers: Vec::new(),
        months: 0,
        cells: Vec::new(),
        max: 0.0,
    };
    for row in rows.iter().skip(skip) {
        let y = c.starts.len();
        c.starts.push(row.start.clone());
        c.customers.push(row.customers as u64);
        let values = match kind {
            CohortKind::Logo => &row.logo,
            CohortKind::Revenue => &row.revenue,
        };
        for (k, v) in values.iter().take(MAX_COHORTS).enumerate() {
            c.months = c.months.max(k + 1);
            if let Some(x) = v.filter(|x| x.is_finite()) {
                c.max = c.max.max(x);
                c.cells.push((k, y, x));
            }
        }
    }
    (!c.cells.is_empty()).then_some(c)
}

// ---- 4. tickets ------------------------------------------------------------------------

/// Two duration samples on shared bins.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// Bin edges, `counts_a.len() + 1` of them.
    pub edges: Vec<f64>,
    pub counts_a: Vec<u64>,
    pub counts_b: Vec<u64>,
}

/// A "nice" bin width (1, 2 or 5 × a power of ten) of at least `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * p >= raw * (1.0 - 1e-12) {
            return m * p;
        }
    }
    10.0 * p
}

impl Histogram {
    /// Bin labels such as "0–2 h".
    pub fn labels(&self, lang: Lang) -> Vec<String> {
        self.edges
            .windows(2)
            .map(|w| format!("{}–{}", compact(w[0], lang), format_axis(Fmt::Hours, w[1], lang)))
            .collect()
    }
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let a: u64 = self.counts_a.iter().sum();
        let b: u64 = self.counts_b.iter().sum();
        format!(
            "{} ({}): {} {}, {} {}; 0 – {}.",
            t.ticket_title,
            t.hours,
            t.first_response,
            format_value(Fmt::Count, a as f64, lang),
            t.resolution,
            format_value(Fmt::Count, b as f64, lang),
            format_value(Fmt::Hours, self.edges.last().copied().unwrap_or(0.0), lang)
        )
    }
}

/// Bins for two samples of hours: at most `max_bins` nice-width bins from 0, the top bin
/// holding everything above the 99th percentile (one slow ticket must not flatten the rest).
/// Negative and non-finite values are left out.
pub fn histogram(a: &[f64], b: &[f64], max_bins: usize) -> Option<Histogram> {
    let clean = |v: &[f64]| -> Vec<f64> {
        v.iter().copied().filter(|x| x.is_finite() && *x >= 0.0).collect()
    };
    let (a, b) = (clean(a), clean(b));
    let mut all: Vec<f64> = a.iter().chain(&b).copied().collect();
    if all.is_empty() {
        return None;
    }
    all.sort_by(f64::total_cmp);
    let idx = ((all.len() - 1) as f64 * 0.99).round() as usize;
    let top = all.get(idx).copied().unwrap_or(0.0).max(f64::MIN_POSITIVE);
    let max_bins = max_bins.clamp(1, 100);
    let bins_wanted = ((all.len() as f64).sqrt().ceil() as usize).clamp(1, max_bins);
    let step = nice_step(top / bins_wanted as f64);
    let bins = ((top / step).floor() as usize + 1).clamp(1, max_bins + 1);
    let edges: Vec<f64> = (0..=bins).map(|i| i as f64 * step).collect();
    let count = |v: &[f64]| {
        let mut c = vec![0u64; bins];
        for x in v {
            let i = ((x / step).floor() as usize).min(bins - 1);
            c[i] += 1;
        }
        c
    };
    Some(Histogram { counts_a: count(&a), counts_b: count(&b), edges })
}

// ---- 5. usage --------------------------------------------------------------------------

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

// ---- 7. health -------------------------------------------------------------------------

/// The band of a health-score bin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Band {
    Red,
    Amber,
    Green,
}

/// Customers per ten points of health score, with each bin's band.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthDistribution {
    pub counts: [u64; 10],
    pub bands: [Band; 10],
}

impl HealthDistribution {
    /// Bin labels "0–10" … "90–100".
    pub fn labels(&self) -> Vec<String> {
        (0..10).map(|i| format!("{}–{}", i * 10, i * 10 + 10)).collect()
    }
    /// One series per band, counts at its bins.
    pub fn by_band(&self, band: Band) -> Vec<Option<f64>> {
        self.counts
            .iter()
            .zip(&self.bands)
            .map(|(c, b)| (*b == band).then_some(*c as f64))
            .collect()
    }
    pub fn summary(
        &self,
        t: &ChartTexts,
        lang: Lang,
        red: Option<u64>,
        amber: Option<u64>,
        green: Option<u64>,
    ) -> String {
        let total = |b: Band| {
            self.counts
                .iter()
                .zip(&self.bands)
                .filter(|(_, x)| **x == b)
                .map(|(c, _)| c)
                .sum::<u64>()
        };
        let c = |x: u64| format_value(Fmt::Count, x as f64, lang);
        format!(
            "{}: {} {}, {} {}, {} {}.",
            t.health_title,
            t.health_red,
            c(red.unwrap_or_else(|| total(Band::Red))),
            t.health_amber,
            c(amber.unwrap_or_else(|| total(Band::Amber))),
            t.health_green,
            c(green.unwrap_or_else(|| total(Band::Green)))
        )
    }
}

pub fn health_distribution(r: &Report) -> Option<HealthDistribution> {
    let v = counts(r.metrics.value(K::HealthDistribution))?;
    let mut c = [0u64; 10];
    for (slot, x) in c.iter_mut().zip(v) {
        *slot = x;
    }
    if c.iter().sum::<u64>() == 0 {
        return None;
    }
    let HealthBands { red_below, green_from } = r.metrics.typed(K::HealthBands).unwrap_or_default();
    // a bin takes the band of its middle
    let bands = std::array::from_fn(|i| {
        let mid = i as f64 * 10.0 + 5.0;
        if mid < red_below {
            Band::Red
        } else if mid >= green_from {
            Band::Green
        } else {
            Band::Amber
        }
    });
    Some(HealthDistribution { counts: c, bands })
}

/// Band totals as the report counts them (exact, unlike the bins).
pub fn health_totals(r: &Report) -> (Option<u64>, Option<u64>, Option<u64>) {
    let g = |k: MetricKey| key(&r.metrics, k).map(|x| x.max(0.0) as u64);
    (g(K::HealthRed), g(K::HealthAmber), g(K::HealthGreen))
}

#[cfg(test)]
mod tests {
    use super::super::texts::{DE, EN};
    use super::*;
    use crate::report::PeriodReport;
    use serde_json::json;

    fn report(metrics: Value, periods: Vec<(&str, Value)>) -> Report {
        let mut r: Report = blank();
        r.metrics = metrics.as_object().cloned().unwrap_or_default();
        r.periods = periods
            .into_iter()
            .map(|(p, m)| PeriodReport {
                period: p.into(),
                metrics: m.as_object().cloned().unwrap_or_default(),
            })
            .collect();
        r
    }

    fn blank() -> Report {
        crate::report::report(
            &crate::dataset::Dataset::Survey(Default::default()),
            &Default::default(),
            &Default::default(),
        )
    }

    #[test]
    fn nps_distribution_in_three_groups() {
        let r = report(json!({"nps_distribution": [1, 0, 0, 0, 0, 0, 2, 3, 0, 4, 5]}), vec![]);
        let d = nps_distribution(&r).unwrap();
        assert_eq!(d.total(), 15);
        assert_eq!(d.groups(), (3, 3, 9));
        let [det, pas, pro] = d.stacked();
        assert_eq!(det[0], Some(1.0));
        assert_eq!(det[6], Some(2.0));
        assert_eq!(det[7], None);
        assert_eq!(pas[7], Some(3.0));
        assert_eq!(pro[10], Some(5.0));
        assert_eq!(pro[0], None);
        let s = d.summary(&EN, Lang::En);
        assert!(s.contains("15 answers") && s.contains("Promoters (9–10) 9"), "{s}");
        // missing, wrong type, all zero, too long, negative: no chart or clamped
        assert_eq!(nps_distribution(&report(json!({}), vec![])), None);
        assert_eq!(nps_distribution(&report(json!({"nps_distribution": "x"}), vec![])), None);
        assert_eq!(nps_distribution(&report(json!({"nps_distribution": [0, 0]}), vec![])), None);
        let long = report(
            json!({"nps_distribution": [1, -3, "2", null, 0, 0, 0, 0, 0, 0, 0, 99]}),
            vec![],
        );
        assert_eq!(nps_distribution(&long).unwrap().counts, [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert!(nps_distribution(&blank()).is_none());
    }

    #[test]
    fn nps_trend_with_band_and_gaps() {
        let r = report(
            json!({}),
            vec![
                ("2024-01", json!({"nps": 20.0, "nps_ci95_low": 5.0, "nps_ci95_high": 35.0})),
                ("2024-02", json!({"nps": null, "nps_ci95_low": null, "nps_ci95_high": null})),
                ("2024-03", json!({"nps": -10.0, "nps_ci95_low": -40.0, "nps_ci95_high": 20.5})),
            ],
        );
        let t = nps_trend(&r).unwrap();
        assert_eq!(t.labels, vec!["2024-01", "2024-02", "2024-03"]);
        assert_eq!(t.value, vec![Some(20.0), None, Some(-10.0)]);
        let (base, width) = t.band();
        assert_eq!(base, vec![Some(5.0), None, Some(-40.0)]);
        assert_eq!(width, vec![Some(30.0), None, Some(60.5)]);
        let s = t.summary(&DE, Lang::De);
        assert!(s.contains("3 Zeiträume, 2024-01 bis 2024-03. Zuletzt 2024-03: NPS −10,0 (95-%-Intervall −40,0 … +20,5)"), "{s}");
        assert_eq!(nps_trend(&report(json!({}), vec![("2024-01", json!({"nps": null}))])), None);
        assert_eq!(nps_trend(&blank()), None);
    }

    #[test]
    fn csat_and_ces_scales() {
        let r = report(
            json!({"csat_distribution": [0, 1, 0, 2, 3, 4], "csat_scale": 5, "csat_threshold": 4,
                   "ces_distribution": [0, 1, 1, 1, 1, 1, 1, 1], "ces_scale": 7, "ces_lower_is_easier": false}),
            vec![],
        );
        let c = csat_distribution(&r).unwrap();
        assert_eq!(c.scores, vec![1, 2, 3, 4, 5]);
        assert_eq!(c.counts, vec![1, 0, 2, 3, 4]);
        assert_eq!(c.good, vec![false, false, false, true, true]);
        let (good, bad) = c.split();
        assert_eq!(good, vec![None, None, None, Some(3.0), Some(4.0)]);
        assert_eq!(bad[0], Some(1.0));
        let e = ces_distribution(&r).unwrap();
        assert_eq!(e.scores, (1..=7).collect::<Vec<_>>());
        assert_eq!(e.good, vec![false, false, false, false, true, true, true]);
        let mut low = r.clone();
        low.metrics.insert("ces_lower_is_easier".into(), json!(true));
        assert_eq!(
            ces_distribution(&low).unwrap().good,
            vec![true, true, true, false, false, false, false]
        );
        assert!(c.summary(EN.csat_title, &EN, Lang::En).contains("10 answers; 1: 1, 2: 0"));
        // short distribution array, absurd scale: padded / clamped
        let odd = report(json!({"csat_distribution": [0, 5], "csat_scale": 200}), vec![]);
        assert_eq!(csat_distribution(&odd).unwrap().scores.len(), 10);
        assert_eq!(csat_distribution(&blank()), None);
        assert_eq!(ces_distribution(&blank()), None);
    }

    #[test]
    fn mrr_movements_negative_below_zero() {
        let r = report(
            json!({}),
            vec![
                ("2024-01", json!({"mrr": 150.0, "mrr_new": null, "mrr_churn": null})),
                ("2024-02", json!({"gap": true, "mrr": null})),
                (
                    "2024-03",
                    json!({"mrr": "200.5", "mrr_new": 80, "mrr_expansion": 20, "mrr_reactivation": 0,
                                    "mrr_contraction": 10, "mrr_churn": 40}),
                ),
            ],
        );
        let m = mrr_movements(&r).unwrap();
        assert_eq!(m.mrr, vec![Some(150.0), None, Some(200.5)]);
        assert_eq!(m.new, vec![None, None, Some(80.0)]);
        assert_eq!(m.contraction[2], Some(-10.0));
        assert_eq!(m.churn[2], Some(-40.0));
        let s = m.summary(&EN, Lang::En);
        assert!(s.contains("MRR 2024-03: 200.50") && s.contains("Churn −40"), "{s}");
        assert_eq!(mrr_movements(&blank()), None);
    }

    #[test]
    fn cohort_triangle() {
        let r = report(
            json!({"cohorts": [
                {"start": "2024-01", "customers": 2, "start_mrr": "150", "logo": [100.0, 50.0, null], "revenue": [100.0, 120.0, 80.0]},
                {"start": "2024-02", "customers": 1, "start_mrr": "10", "logo": [100.0, 0.0], "revenue": [100.0, 0.0]},
                {"start": "2024-03", "customers": 1, "start_mrr": 5, "logo": [], "revenue": []}
            ]}),
            vec![],
        );
        let c = cohorts(&r, CohortKind::Logo).unwrap();
        assert_eq!(c.starts, vec!["2024-01", "2024-02", "2024-03"]);
        assert_eq!(c.months, 3);
        assert_eq!(c.cells, vec![(0, 0, 100.0), (1, 0, 50.0), (0, 1, 100.0), (1, 1, 0.0)]);
        let rev = cohorts(&r, CohortKind::Revenue).unwrap();
        assert_eq!(rev.max, 120.0);
        let s = c.summary(EN.cohort_logo_title, &EN, Lang::En);
        assert!(s.contains("25.0 % retained"), "{s}");
        assert_eq!(cohorts(&report(json!({"cohorts": []}), vec![]), CohortKind::Logo), None);
        // read back into the report's own type: a list of another shape is no triangle
        let junk = json!({"cohorts": [{"customers": 1}, {"start": "2024-03", "logo": "bad"}]});
        assert_eq!(cohorts(&report(junk, vec![]), CohortKind::Logo), None);
        assert_eq!(cohorts(&blank(), CohortKind::Revenue), None);
    }

    #[test]
    fn ticket_histogram_bins() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(5.0), 5.0);
        assert_eq!(nice_step(23.0), 50.0);
        assert_eq!(nice_step(f64::NAN), 1.0);
        assert_eq!(nice_step(0.0), 1.0);
        let h = histogram(&[0.5, 1.5, 3.0, f64::NAN, -1.0], &[2.0, 8.0, 9.9], 20).unwrap();
        assert_eq!(h.edges.first(), Some(&0.0));
        assert_eq!(h.counts_a.iter().sum::<u64>(), 3);
        assert_eq!(h.counts_b.iter().sum::<u64>(), 3);
        assert_eq!(h.counts_a.len() + 1, h.edges.len());
        assert_eq!(h.counts_a.len(), h.counts_b.len());
        let labels = h.labels(Lang::De);
        assert!(labels[0].starts_with("0–") && labels[0].ends_with(" h"), "{labels:?}");
        // an outlier goes into the last bin instead of stretching the axis
        let mut many: Vec<f64> = (0..200).map(|i| f64::from(i % 10)).collect();
        many.push(10_000.0);
        let h = histogram(&many, &[], 20).unwrap();
        assert!(*h.edges.last().unwrap() <= 20.0, "{:?}", h.edges);
        assert_eq!(h.counts_a.iter().sum::<u64>(), 201);
        assert_eq!(histogram(&[], &[f64::INFINITY], 20), None);
        assert!(histogram(&[0.0], &[0.0], 0).is_some());
        assert!(h.summary(&EN, Lang::En).contains("First response 201"));
    }

    #[test]
    fn usage_adoption_health_phrases() {
        let r = report(
            json!({
                "feature_adoption": [{"feature": "export", "users": 2, "pct": 50.0}, {"feature": "search", "users": 4, "pct": 100.0}],
                "health_distribution": [1, 0, 0, 2, 0, 0, 0, 3, 0, 4],
                "health_bands": {"red_below": 40.0, "green_from": 70.0},
                "health_red": 3, "health_amber": 0, "health_green": 7,
                "comments": {"promoters": {"comments": 3, "words": [{"term": "fast", "count": 3}], "phrases": []},
                             "detractors": {"comments": 2, "words": [], "phrases": [{"term": "too slow", "count": 2}, {"term": "", "count": 5}]}}
            }),
            vec![
                ("2024-01", json!({"dau": 1.5, "mau": 3})),
                ("2024-02", json!({"dau": null, "mau": null})),
            ],
        );
        let u = usage_trend(&r).unwrap();
        assert_eq!(u.dau, vec![Some(1.5), None]);
        assert!(
            u.summary(&EN, Lang::En)
                .contains("2 periods, 2024-01 to 2024-02. Latest 2024-01: DAU 1.5, MAU 3"),
            "{}",
            u.summary(&EN, Lang::En)
        );
        let a = feature_adoption(&r).unwrap();
        assert_eq!(a.features, vec![("search".into(), 100.0, 4), ("export".into(), 50.0, 2)]);
        assert!(a.summary(&DE, Lang::De).contains("search 100,0 %"));
        let junk = report(json!({"feature_adoption": [{"pct": 3}]}), vec![]);
        assert_eq!(feature_adoption(&junk), None);
        let h = health_distribution(&r).unwrap();
        assert_eq!(h.bands[3], Band::Red);
        assert_eq!(h.bands[4], Band::Amber);
        assert_eq!(h.bands[7], Band::Green);
        assert_eq!(h.by_band(Band::Green)[9], Some(4.0));
        assert_eq!(h.by_band(Band::Green)[3], None);
        assert_eq!(h.labels()[9], "90–100");
        let (red, amber, green) = health_totals(&r);
        assert!(h
            .summary(&EN, Lang::En, red, amber, green)
            .contains("At risk 3, Watch 0, Healthy 7"));
        let p = phrases(&r).unwrap();
        assert_eq!(p.promoters, vec![("fast".into(), 3)]);
        assert_eq!(p.detractors, vec![("too slow".into(), 2)]);
        assert!(p.summary(&EN, Lang::En).contains("„too slow“ 2"));
        for f in [
            usage_trend(&blank()).is_some(),
            feature_adoption(&blank()).is_some(),
            health_distribution(&blank()).is_some(),
            phrases(&blank()).is_some(),
        ] {
            assert!(!f);
        }
    }

    #[test]
    fn axis_formats() {
        assert_eq!(format_axis(Fmt::Money, 12_500.0, Lang::En), "12.5k");
        assert_eq!(format_axis(Fmt::Money, 12_500.0, Lang::De), "12,5 Tsd.");
        assert_eq!(format_axis(Fmt::Money, 2_000_000.0, Lang::De), "2 Mio.");
        assert_eq!(format_axis(Fmt::Count, 1500.0, Lang::En), "1,500");
        assert_eq!(format_axis(Fmt::Count, 1500.0, Lang::De), "1.500");
        assert_eq!(format_axis(Fmt::Percent, 50.0, Lang::De), "50 %");
        assert_eq!(format_axis(Fmt::Signed, 20.0, Lang::En), "+20");
        assert_eq!(format_axis(Fmt::Signed, -20.0, Lang::En), "−20");
        assert_eq!(format_axis(Fmt::Hours, 2.5, Lang::De), "2,50 h");
        assert_eq!(format_axis(Fmt::Number, f64::NAN, Lang::De), "–");
        assert_eq!(format_value(Fmt::Percent, 33.333, Lang::De), "33,3 %");
        assert_eq!(format_value(Fmt::PercentRounded, 99.6, Lang::De), "100 %");
        assert_eq!(format_value(Fmt::Money, 1234.5, Lang::En), "1,234.50");
        assert_eq!(format_value(Fmt::Signed, 12.0, Lang::En), "+12.0");
        assert_eq!(format_value(Fmt::Hours, f64::INFINITY, Lang::En), "–");
        assert_eq!(num(Some(&json!("12.5"))), Some(12.5));
        assert_eq!(num(Some(&json!("NaN"))), None);
        assert_eq!(num(Some(&json!(true))), None);
    }
}
