//! The subscription charts: MRR and its movements, cohort retention.

use super::*;
use crate::metrics::subscriptions::CohortRow;

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
