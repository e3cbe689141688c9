//! The health chart: customers per score band.

use super::*;
use crate::metrics::HealthBands;

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
