//! The ticket chart: first response and resolution times on shared bins.

use super::*;

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
