//! The survey charts: NPS answers by score, NPS per period, CSAT and CES scales, comment phrases.

use super::*;
use crate::metrics::survey::CommentPhrases;
use crate::metrics::text::{PhraseCounts, TermCount};

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
