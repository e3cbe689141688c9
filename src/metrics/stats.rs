//! Small statistics used by every section: mean, median and percentiles (linear
//! interpolation between closest ranks, numpy's default), and the Wilson score interval.

use serde::Serialize;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.96;

/// Arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(values.iter().sum::<f64>() / values.len() as f64)
}

/// `part / whole`, undefined (None) when the whole is 0 or either is not finite.
pub fn ratio(part: f64, whole: f64) -> Option<f64> {
    let r = part / whole;
    (whole != 0.0 && r.is_finite()).then_some(r)
}

/// `100·part / whole`, undefined when the whole is 0.
pub fn pct(part: f64, whole: f64) -> Option<f64> {
    ratio(part, whole).map(|r| 100.0 * r)
}

/// The q-th percentile (0–100) of values sorted ascending, with linear interpolation between
/// the closest ranks (numpy's default `linear` method). `None` for no values.
pub fn percentile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 || !q.is_finite() {
        return None;
    }
    let q = q.clamp(0.0, 100.0);
    let h = (n - 1) as f64 * q / 100.0;
    let lo = h.floor() as usize;
    let frac = h - lo as f64;
    let a = *sorted.get(lo)?;
    match sorted.get(lo + 1) {
        Some(&b) if frac > 0.0 => Some(a + (b - a) * frac),
        _ => Some(a),
    }
}

/// Sorts the values (NaN-safe total order) and returns the q-th percentile.
pub fn percentile(values: &mut [f64], q: f64) -> Option<f64> {
    values.sort_unstable_by(f64::total_cmp);
    percentile_sorted(values, q)
}

/// Median = 50th percentile.
pub fn median(values: &mut [f64]) -> Option<f64> {
    percentile(values, 50.0)
}

/// Mean, median and 90th percentile of a set of durations or amounts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

impl Summary {
    /// Summarises the values (reorders them). Non-finite values must be filtered before.
    pub fn of(values: &mut [f64]) -> Summary {
        values.sort_unstable_by(f64::total_cmp);
        Summary {
            n: values.len(),
            mean: mean(values),
            median: percentile_sorted(values, 50.0),
            p90: percentile_sorted(values, 90.0),
        }
    }
}

/// Wilson score interval for `successes` out of `n` at z, as proportions (0–1).
/// `None` for n = 0.
pub fn wilson(successes: f64, n: f64, z: f64) -> Option<(f64, f64)> {
    if n <= 0.0 || !n.is_finite() || !successes.is_finite() {
        return None;
    }
    let p = successes / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).max(0.0).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Test helper: `a` is defined and within 1e-9 of `b`.
#[cfg(test)]
pub(crate) fn close(a: Option<f64>, b: f64) {
    let a = a.expect("defined");
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_like_numpy_linear() {
        // numpy.percentile([1,2,3,4], 90) = 3.7; median 2.5
        let mut v = vec![4.0, 1.0, 3.0, 2.0];
        close(percentile(&mut v, 90.0), 3.7);
        close(median(&mut v), 2.5);
        // ties: [1,2,2,2,10] → median 2, p90 = 2 + 0.6·8 = 6.8
        let mut t = vec![2.0, 10.0, 2.0, 1.0, 2.0];
        close(median(&mut t), 2.0);
        close(percentile(&mut t, 90.0), 6.8);
        // one value
        close(percentile(&mut [5.0], 90.0), 5.0);
        assert_eq!(percentile(&mut [], 50.0), None);
        close(percentile(&mut [1.0, 2.0], 100.0), 2.0);
        close(percentile(&mut [1.0, 2.0], 0.0), 1.0);
    }

    #[test]
    fn mean_and_ratios() {
        assert_eq!(mean(&[]), None);
        close(mean(&[1.0, 2.0, 6.0]), 3.0);
        assert_eq!(pct(1.0, 0.0), None);
        assert_eq!(ratio(0.0, 0.0), None);
        close(pct(1.0, 4.0), 25.0);
    }

    #[test]
    fn wilson_hand_worked() {
        // 8 of 10: centre = (0.8 + 0.19208)/1.38416, half = 1.96/1.38416·√(0.016 + 0.009604)
        let (lo, hi) = wilson(8.0, 10.0, Z95).unwrap();
        assert!((lo - 0.49015684672072335).abs() < 1e-9, "{lo}");
        assert!((hi - 0.9433190520193067).abs() < 1e-9, "{hi}");
        assert_eq!(wilson(0.0, 0.0, Z95), None);
        let (lo, hi) = wilson(0.0, 5.0, Z95).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.0 && hi < 1.0);
    }

    #[test]
    fn summary() {
        let s = Summary::of(&mut [3.0, 1.0, 2.0]);
        assert_eq!(s.n, 3);
        close(s.mean, 2.0);
        close(s.median, 2.0);
        close(s.p90, 2.8);
        assert_eq!(Summary::of(&mut []).mean, None);
    }
}
