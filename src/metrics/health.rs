//! Section 7 of the catalogue: the customer health score (one row per customer).
//!
//! Each chosen signal is scaled to 0–100 by its rank within the data: (average rank − 1) /
//! (n − 1) ·100, ties sharing their average rank, reversed when higher is worse. The score
//! is the weighted mean of a customer's scaled signals (missing values leave their weight
//! out). Bands: red < 40, amber 40–69, green ≥ 70 (editable).

use serde::Serialize;

use crate::dataset::{HealthRow, HealthTable};

use super::options::{Direction, HealthBands, HealthSignal};
use super::stats;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Red,
    Amber,
    Green,
}

impl HealthBands {
    pub fn band(&self, score: f64) -> Band {
        if score < self.red_below {
            Band::Red
        } else if score >= self.green_from {
            Band::Green
        } else {
            Band::Amber
        }
    }
}

/// One customer's score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerHealth {
    pub customer: String,
    pub line: usize,
    /// Scaled signals (0–100) in the order of `HealthScores::signals`.
    pub scaled: Vec<Option<f64>>,
    pub score: Option<f64>,
    pub band: Option<Band>,
}

/// Scores of every customer and their distribution.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HealthScores {
    /// Signals used (those found among the table's columns, with a positive weight).
    pub signals: Vec<HealthSignal>,
    /// Signals asked for but not in the data.
    pub unknown_signals: Vec<String>,
    pub customers: Vec<CustomerHealth>,
}

/// Summary of a set of scores.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HealthSummary {
    pub customers: usize,
    /// Customers with a score.
    pub scored: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub red: usize,
    pub amber: usize,
    pub green: usize,
    pub red_pct: Option<f64>,
    pub amber_pct: Option<f64>,
    pub green_pct: Option<f64>,
    /// Scores per ten points: [0,10), [10,20) … [90,100].
    pub distribution: [usize; 10],
}

/// Rank scaling of one signal: (average rank − 1)/(n − 1)·100; `None` for missing values
/// and when fewer than two customers have a value.
pub fn rank_scale(values: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<(f64, usize)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|x| x.is_finite()).map(|x| (x, i)))
        .collect();
    let mut out = vec![None; values.len()];
    let n = idx.len();
    if n < 2 {
        return out;
    }
    idx.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && idx.get(j).map(|e| e.0) == idx.get(i).map(|e| e.0) {
            j += 1;
        }
        // ranks i+1 … j share their average; scaled = (avg − 1)/(n − 1)
        let avg_rank0 = (i + j - 1) as f64 / 2.0;
        let scaled = 100.0 * avg_rank0 / (n - 1) as f64;
        for e in idx.get(i..j).unwrap_or(&[]) {
            if let Some(o) = out.get_mut(e.1) {
                *o = Some(scaled);
            }
        }
        i = j;
    }
    out
}

/// The signals to use: the chosen ones found in the table (weight > 0), or every column
/// with weight 1, higher is better.
pub fn resolve_signals(
    t: &HealthTable,
    chosen: &[HealthSignal],
) -> (Vec<(usize, HealthSignal)>, Vec<String>) {
    if chosen.is_empty() {
        let all = t
            .signals
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    i,
                    HealthSignal {
                        column: c.clone(),
                        weight: 1.0,
                        direction: Direction::HigherIsBetter,
                    },
                )
            })
            .collect();
        return (all, Vec::new());
    }
    let mut used = Vec::new();
    let mut unknown = Vec::new();
    for s in chosen {
        match t.signals.iter().position(|c| c.trim().eq_ignore_ascii_case(s.column.trim())) {
            Some(i) if s.weight.is_finite() && s.weight > 0.0 => used.push((i, s.clone())),
            Some(_) => {}
            None => unknown.push(s.column.clone()),
        }
    }
    (used, unknown)
}

/// Health scores of every customer of the table (ranked within the whole table).
pub fn health_scores(t: &HealthTable, chosen: &[HealthSignal], bands: HealthBands) -> HealthScores {
    let (signals, unknown) = resolve_signals(t, chosen);
    let rows: &[HealthRow] = &t.table.rows;
    let scaled: Vec<Vec<Option<f64>>> = signals
        .iter()
        .map(|(i, s)| {
            let col: Vec<Option<f64>> =
                rows.iter().map(|r| r.values.get(*i).copied().flatten()).collect();
            let mut v = rank_scale(&col);
            if s.direction == Direction::HigherIsWorse {
                v.iter_mut().for_each(|x| *x = x.map(|y| 100.0 - y));
            }
            v
        })
        .collect();
    let customers = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mine: Vec<Option<f64>> =
                scaled.iter().map(|col| col.get(r).copied().flatten()).collect();
            let (mut sum, mut w) = (0.0, 0.0);
            for (v, (_, s)) in mine.iter().zip(&signals) {
                if let Some(v) = v {
                    sum += v * s.weight;
                    w += s.weight;
                }
            }
            let score = stats::ratio(sum, w).map(|x| x.clamp(0.0, 100.0));
            CustomerHealth {
                customer: row.customer.to_string(),
                line: row.line,
                scaled: mine,
                score,
                band: score.map(|x| bands.band(x)),
            }
        })
        .collect();
    HealthScores {
        signals: signals.into_iter().map(|(_, s)| s).collect(),
        unknown_signals: unknown,
        customers,
    }
}

/// Summary of some customers' scores (all of them, or one segment's).
pub fn summarise<'a>(customers: impl IntoIterator<Item = &'a CustomerHealth>) -> HealthSummary {
    let mut s = HealthSummary::default();
    let mut scores = Vec::new();
    for c in customers {
        s.customers += 1;
        let Some(x) = c.score else { continue };
        scores.push(x);
        match c.band {
            Some(Band::Red) => s.red += 1,
            Some(Band::Amber) => s.amber += 1,
            Some(Band::Green) => s.green += 1,
            None => {}
        }
        let bin = ((x / 10.0).floor().max(0.0) as usize).min(9);
        if let Some(b) = s.distribution.get_mut(bin) {
            *b += 1;
        }
    }
    s.scored = scores.len();
    s.mean = stats::mean(&scores);
    s.median = stats::median(&mut scores);
    let n = s.scored as f64;
    s.red_pct = stats::pct(s.red as f64, n);
    s.amber_pct = stats::pct(s.amber as f64, n);
    s.green_pct = stats::pct(s.green as f64, n);
    s
}

/// The red customers, lowest score first (ties by name).
pub fn at_risk<'a>(
    customers: impl IntoIterator<Item = &'a CustomerHealth>,
) -> Vec<&'a CustomerHealth> {
    let mut v: Vec<&CustomerHealth> =
        customers.into_iter().filter(|c| c.band == Some(Band::Red)).collect();
    v.sort_by(|a, b| {
        a.score
            .unwrap_or(0.0)
            .total_cmp(&b.score.unwrap_or(0.0))
            .then_with(|| a.customer.cmp(&b.customer))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Table;
    use crate::metrics::stats::close;

    fn table(rows: &[(&str, [Option<f64>; 2])]) -> HealthTable {
        HealthTable {
            signals: vec!["usage".into(), "open_tickets".into()],
            table: Table {
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, (c, v))| HealthRow {
                        line: i + 2,
                        customer: (*c).into(),
                        values: v.to_vec(),
                    })
                    .collect(),
                ..Default::default()
            },
        }
    }

    #[test]
    fn rank_scaling_with_ties() {
        let v = rank_scale(&[Some(10.0), Some(20.0), Some(20.0), Some(40.0), None]);
        // ranks 1, 2.5, 2.5, 4 → (r − 1)/3 ·100
        assert_eq!(v[0], Some(0.0));
        close(v[1], 50.0);
        close(v[2], 50.0);
        assert_eq!(v[3], Some(100.0));
        assert_eq!(v[4], None);
        assert_eq!(rank_scale(&[Some(1.0)]), vec![None]);
        assert_eq!(rank_scale(&[]), Vec::<Option<f64>>::new());
    }

    #[test]
    fn weighted_scores_bands_and_at_risk() {
        let t = table(&[
            ("A", [Some(100.0), Some(0.0)]),
            ("B", [Some(50.0), Some(5.0)]),
            ("C", [Some(10.0), Some(2.0)]),
            ("D", [None, Some(9.0)]),
        ]);
        let signals = vec![
            HealthSignal {
                column: "usage".into(),
                weight: 2.0,
                direction: Direction::HigherIsBetter,
            },
            HealthSignal {
                column: "Open_Tickets".into(),
                weight: 1.0,
                direction: Direction::HigherIsWorse,
            },
            HealthSignal {
                column: "nps".into(),
                weight: 1.0,
                direction: Direction::HigherIsBetter,
            },
        ];
        let h = health_scores(&t, &signals, HealthBands::default());
        assert_eq!(h.unknown_signals, vec!["nps".to_string()]);
        // usage ranks among A, B, C: A 100, B 50, C 0
        // tickets (worse): 0, 5, 2, 9 → ranks 1, 3, 2, 4 → scaled 0, 66.7, 33.3, 100 → 100, 33.3, 66.7, 0
        let s: Vec<Option<f64>> = h.customers.iter().map(|c| c.score).collect();
        close(s[0], 100.0);
        close(s[1], (2.0 * 50.0 + 100.0 / 3.0) / 3.0);
        close(s[2], (200.0 / 3.0) / 3.0);
        close(s[3], 0.0);
        let bands: Vec<Option<Band>> = h.customers.iter().map(|c| c.band).collect();
        assert_eq!(
            bands,
            vec![Some(Band::Green), Some(Band::Amber), Some(Band::Red), Some(Band::Red)]
        );
        let risk: Vec<&str> = at_risk(&h.customers).iter().map(|c| c.customer.as_str()).collect();
        assert_eq!(risk, vec!["D", "C"]);
        let sum = summarise(&h.customers);
        assert_eq!((sum.red, sum.amber, sum.green), (2, 1, 1));
        assert_eq!(sum.distribution, [1, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
        close(sum.red_pct, 50.0);
    }

    #[test]
    fn default_signals_and_edge_cases() {
        let h = health_scores(&table(&[]), &[], HealthBands::default());
        assert!(h.customers.is_empty());
        assert_eq!(summarise(&h.customers).mean, None);
        // one customer: rank scaling is undefined, so is the score
        let h =
            health_scores(&table(&[("A", [Some(1.0), Some(2.0)])]), &[], HealthBands::default());
        assert_eq!(h.signals.len(), 2);
        assert_eq!(h.customers[0].score, None);
        assert_eq!(summarise(&h.customers).red_pct, None);
    }

    proptest::proptest! {
        #[test]
        fn bands_share_100_and_scores_in_range(vals in proptest::collection::vec((proptest::option::of(-50i32..50), proptest::option::of(0i32..10)), 0..40)) {
            let rows: Vec<(String, [Option<f64>; 2])> = vals.iter().enumerate().map(|(i, (a, b))| (format!("c{i}"), [a.map(f64::from), b.map(f64::from)])).collect();
            let refs: Vec<(&str, [Option<f64>; 2])> = rows.iter().map(|(c, v)| (c.as_str(), *v)).collect();
            let h = health_scores(&table(&refs), &[], HealthBands::default());
            for c in &h.customers {
                if let Some(s) = c.score {
                    proptest::prop_assert!((0.0..=100.0).contains(&s));
                }
            }
            let s = summarise(&h.customers);
            if s.scored > 0 {
                let total = s.red_pct.unwrap() + s.amber_pct.unwrap() + s.green_pct.unwrap();
                proptest::prop_assert!((total - 100.0).abs() < 1e-9);
                proptest::prop_assert_eq!(s.distribution.iter().sum::<usize>(), s.scored);
            }
        }
    }
}
