//! Section 7 of the catalogue: the customer health score (one row per customer).
//!
//! Each chosen signal is scaled to 0–100, by default between a "bad" value (0) and a "good"
//! value (100), linear in between and clamped beyond; thresholds not given are prefilled from
//! the data (bad = 25th, good = 75th percentile, swapped when higher is worse). Optionally by
//! rank within the data instead: (average rank − 1) / (n − 1) ·100, ties sharing their
//! average rank, reversed when higher is worse. The score is the weighted mean of a
//! customer's scaled signals (missing values leave their weight out). Bands: red < 40,
//! amber 40–69, green ≥ 70 (editable).

use serde::Serialize;

use crate::dataset::{HealthRow, HealthTable};

use super::options::{Direction, HealthBands, HealthScaling, HealthSignal};
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
    pub scaling: HealthScaling,
    /// Signals used (those found among the table's columns, with a positive weight); with
    /// threshold scaling each carries the `bad` and `good` value used.
    pub signals: Vec<HealthSignal>,
    /// Per used signal: its thresholds were prefilled from the data (not given).
    pub thresholds_from_data: Vec<bool>,
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

/// The prefilled thresholds of a signal: (bad, good) = (25th, 75th percentile) of its values,
/// swapped when higher is worse; `None` with fewer than two values (one customer is no
/// yardstick for "bad" and "good").
pub fn prefilled_thresholds(values: &[Option<f64>], direction: Direction) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = values.iter().flatten().copied().filter(|x| x.is_finite()).collect();
    if v.len() < 2 {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let (p25, p75) = (stats::percentile_sorted(&v, 25.0)?, stats::percentile_sorted(&v, 75.0)?);
    Some(match direction {
        Direction::HigherIsBetter => (p25, p75),
        Direction::HigherIsWorse => (p75, p25),
    })
}

/// Threshold scaling of one value: at or past `bad` → 0, at or past `good` → 100, linear in
/// between (either may be the larger). When the two are equal (a column where half the
/// customers share one value) the signal cannot grade between them: a value on the good side
/// (by `direction`) scores 100, on the bad side 0, and at the threshold itself 50.
pub fn threshold_scale(x: f64, bad: f64, good: f64, direction: Direction) -> Option<f64> {
    if !(x.is_finite() && bad.is_finite() && good.is_finite()) {
        return None;
    }
    let span = good - bad;
    if span == 0.0 {
        let better = match direction {
            Direction::HigherIsBetter => x > good,
            Direction::HigherIsWorse => x < good,
        };
        return Some(if x == good {
            50.0
        } else if better {
            100.0
        } else {
            0.0
        });
    }
    Some((100.0 * (x - bad) / span).clamp(0.0, 100.0))
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
                        bad: None,
                        good: None,
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

/// Health scores of every customer of the table (thresholds prefilled from, or ranks taken
/// within, the whole table).
pub fn health_scores(
    t: &HealthTable,
    chosen: &[HealthSignal],
    bands: HealthBands,
    scaling: HealthScaling,
) -> HealthScores {
    let (mut signals, unknown) = resolve_signals(t, chosen);
    let rows: &[HealthRow] = &t.table.rows;
    let mut thresholds_from_data = Vec::with_capacity(signals.len());
    let scaled: Vec<Vec<Option<f64>>> = signals
        .iter_mut()
        .map(|(i, s)| {
            let col: Vec<Option<f64>> =
                rows.iter().map(|r| r.values.get(*i).copied().flatten()).collect();
            let (v, prefilled) = scale_signal(&col, s, scaling);
            thresholds_from_data.push(prefilled);
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
        scaling,
        signals: signals.into_iter().map(|(_, s)| s).collect(),
        thresholds_from_data,
        unknown_signals: unknown,
        customers,
    }
}

/// One signal's column scaled to 0–100; with threshold scaling the thresholds used are
/// written into `s` and the flag says whether they were prefilled from the data.
fn scale_signal(
    col: &[Option<f64>],
    s: &mut HealthSignal,
    scaling: HealthScaling,
) -> (Vec<Option<f64>>, bool) {
    match scaling {
        HealthScaling::Rank => {
            let mut v = rank_scale(col);
            if s.direction == Direction::HigherIsWorse {
                v.iter_mut().for_each(|x| *x = x.map(|y| 100.0 - y));
            }
            s.bad = None;
            s.good = None;
            (v, false)
        }
        HealthScaling::Thresholds => {
            let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
            let (bad, good) = (finite(s.bad), finite(s.good));
            let prefilled = bad.is_none() || good.is_none();
            let data = prefilled.then(|| prefilled_thresholds(col, s.direction)).flatten();
            let (Some(bad), Some(good)) = (bad.or(data.map(|d| d.0)), good.or(data.map(|d| d.1)))
            else {
                return (vec![None; col.len()], prefilled);
            };
            s.bad = Some(bad);
            s.good = Some(good);
            let scale = |x: f64| threshold_scale(x, bad, good, s.direction);
            (col.iter().map(|x| x.and_then(scale)).collect(), prefilled)
        }
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
                bad: None,
                good: None,
            },
            HealthSignal {
                column: "Open_Tickets".into(),
                weight: 1.0,
                direction: Direction::HigherIsWorse,
                bad: None,
                good: None,
            },
            HealthSignal {
                column: "nps".into(),
                weight: 1.0,
                direction: Direction::HigherIsBetter,
                bad: None,
                good: None,
            },
        ];
        let h = health_scores(&t, &signals, HealthBands::default(), HealthScaling::Rank);
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
        let h = health_scores(&table(&[]), &[], HealthBands::default(), HealthScaling::Rank);
        assert!(h.customers.is_empty());
        assert_eq!(summarise(&h.customers).mean, None);
        // one customer: rank scaling is undefined, so is the score
        let one = table(&[("A", [Some(1.0), Some(2.0)])]);
        let h = health_scores(&one, &[], HealthBands::default(), HealthScaling::Rank);
        assert_eq!(h.signals.len(), 2);
        assert_eq!(h.customers[0].score, None);
        assert_eq!(summarise(&h.customers).red_pct, None);
    }

    #[test]
    fn threshold_scaling_is_linear_and_clamped() {
        // bad 10, good 30: 10 and below → 0, 30 and above → 100, 25 → 75
        assert_eq!(threshold_scale(5.0, 10.0, 30.0, Direction::HigherIsBetter), Some(0.0));
        assert_eq!(threshold_scale(10.0, 10.0, 30.0, Direction::HigherIsBetter), Some(0.0));
        assert_eq!(threshold_scale(25.0, 10.0, 30.0, Direction::HigherIsBetter), Some(75.0));
        assert_eq!(threshold_scale(40.0, 10.0, 30.0, Direction::HigherIsBetter), Some(100.0));
        // higher is worse: bad 5 open tickets, good 1 → 2 tickets = 75
        assert_eq!(threshold_scale(2.0, 5.0, 1.0, Direction::HigherIsWorse), Some(75.0));
        assert_eq!(threshold_scale(9.0, 5.0, 1.0, Direction::HigherIsWorse), Some(0.0));
        assert_eq!(threshold_scale(0.0, 5.0, 1.0, Direction::HigherIsWorse), Some(100.0));
        // equal thresholds: the good side 100, the bad side 0, the value itself 50
        assert_eq!(threshold_scale(0.0, 0.0, 0.0, Direction::HigherIsWorse), Some(50.0));
        assert_eq!(threshold_scale(2.0, 0.0, 0.0, Direction::HigherIsWorse), Some(0.0));
        assert_eq!(threshold_scale(2.0, 0.0, 0.0, Direction::HigherIsBetter), Some(100.0));
        assert_eq!(threshold_scale(f64::NAN, 0.0, 1.0, Direction::HigherIsBetter), None);
        // prefilled: 25th and 75th percentile (numpy linear) of 0, 1, 3, 5 = 0.75 and 3.5
        let v = [Some(5.0), Some(1.0), None, Some(3.0), Some(0.0)];
        assert_eq!(prefilled_thresholds(&v, Direction::HigherIsBetter), Some((0.75, 3.5)));
        assert_eq!(prefilled_thresholds(&v, Direction::HigherIsWorse), Some((3.5, 0.75)));
        assert_eq!(prefilled_thresholds(&[None], Direction::HigherIsWorse), None);
    }

    /// The default: thresholds prefilled from the data unless given. The mean is not 50 by
    /// construction and no fixed share lands in red.
    #[test]
    fn threshold_scores_with_given_and_prefilled_thresholds() {
        let t = table(&[
            ("A", [Some(100.0), Some(0.0)]),
            ("B", [Some(50.0), Some(5.0)]),
            ("C", [Some(10.0), Some(2.0)]),
            ("D", [None, Some(9.0)]),
        ]);
        let signals = vec![
            // usage: given thresholds bad 20, good 80 → A 100, B 50, C 0, D –
            HealthSignal {
                column: "usage".into(),
                weight: 1.0,
                direction: Direction::HigherIsBetter,
                bad: Some(20.0),
                good: Some(80.0),
            },
            // open tickets, worse, prefilled: sorted 0, 2, 5, 9 → p25 1.5, p75 6
            // → bad 6, good 1.5: A 0 → 100, B 5 → 22.2, C 2 → 88.9, D 9 → 0
            HealthSignal {
                column: "open_tickets".into(),
                weight: 1.0,
                direction: Direction::HigherIsWorse,
                bad: None,
                good: None,
            },
        ];
        let h = health_scores(&t, &signals, HealthBands::default(), HealthScaling::Thresholds);
        assert_eq!(h.scaling, HealthScaling::Thresholds);
        assert_eq!(h.thresholds_from_data, vec![false, true]);
        assert_eq!((h.signals[1].bad, h.signals[1].good), (Some(6.0), Some(1.5)));
        let s: Vec<Option<f64>> = h.customers.iter().map(|c| c.score).collect();
        close(s[0], 100.0);
        close(s[1], (50.0 + 100.0 / 4.5) / 2.0);
        close(s[2], (0.0 + 400.0 / 4.5) / 2.0);
        close(s[3], 0.0);
        let bands: Vec<Option<Band>> = h.customers.iter().map(|c| c.band).collect();
        assert_eq!(
            bands,
            vec![Some(Band::Green), Some(Band::Red), Some(Band::Amber), Some(Band::Red)]
        );
        // one customer: nothing to prefill from, so undefined (as by rank); with thresholds
        // given it is scored
        let one = table(&[("A", [Some(1.0), Some(2.0)])]);
        let h = health_scores(&one, &[], HealthBands::default(), HealthScaling::Thresholds);
        assert_eq!(h.customers[0].score, None);
        let given = [HealthSignal { bad: Some(0.0), good: Some(4.0), ..signals[0].clone() }];
        let h = health_scores(&one, &given, HealthBands::default(), HealthScaling::Thresholds);
        assert_eq!(h.customers[0].score, Some(25.0));
    }

    proptest::proptest! {
        #[test]
        fn bands_share_100_and_scores_in_range(vals in proptest::collection::vec((proptest::option::of(-50i32..50), proptest::option::of(0i32..10)), 0..40)) {
            let rows: Vec<(String, [Option<f64>; 2])> = vals.iter().enumerate().map(|(i, (a, b))| (format!("c{i}"), [a.map(f64::from), b.map(f64::from)])).collect();
            let refs: Vec<(&str, [Option<f64>; 2])> = rows.iter().map(|(c, v)| (c.as_str(), *v)).collect();
            let scaling = if vals.len() % 2 == 0 { HealthScaling::Rank } else { HealthScaling::Thresholds };
            let h = health_scores(&table(&refs), &[], HealthBands::default(), scaling);
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
