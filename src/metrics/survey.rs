//! Section 1 of the catalogue: survey responses.

use serde::Serialize;

use crate::dataset::{RejectReason, Rejected, SurveyResponse};

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.96;

/// Below this many answers the margin of error is flagged as a small sample.
pub const NPS_SMALL_SAMPLE: usize = 30;

/// Net Promoter Score of the answers on the 0–10 scale.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NpsResult {
    /// Answers used.
    pub n: usize,
    pub promoters: usize,
    pub passives: usize,
    pub detractors: usize,
    /// −100…+100; `None` when n = 0.
    pub nps: Option<f64>,
    pub promoters_pct: Option<f64>,
    pub passives_pct: Option<f64>,
    pub detractors_pct: Option<f64>,
    /// 95 % margin of error in NPS points.
    pub moe95: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// Adjusted-Wald interval (+0.75 promoters, +0.75 detractors, +3 answers).
    pub adj_ci95_low: Option<f64>,
    pub adj_ci95_high: Option<f64>,
    /// n < 30: the margin of error is unreliable.
    pub small_sample: bool,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// Share of `part` in `whole` ·100, undefined for an empty whole.
pub fn pct(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| 100.0 * part / whole)
}

/// NPS and the variance of one answer's score on the −1/0/+1 scale, from (fractional) counts.
fn nps_and_variance(promoters: f64, detractors: f64, n: f64) -> (f64, f64) {
    let p = promoters / n;
    let d = detractors / n;
    (100.0 * (p - d), p + d - (p - d) * (p - d))
}

/// The 95 % interval around an NPS from (fractional) counts: (centre, moe, low, high).
fn nps_interval(promoters: f64, detractors: f64, n: f64) -> (f64, f64, f64, f64) {
    let (nps, var) = nps_and_variance(promoters, detractors, n);
    let moe = Z95 * (var / n).sqrt() * 100.0;
    (nps, moe, (nps - moe).max(-100.0), (nps + moe).min(100.0))
}

/// Checks one NPS answer: a whole number from 0 to 10.
pub fn nps_score(score: f64) -> Result<u8, RejectReason> {
    if !score.is_finite() {
        return Err(RejectReason::NotANumber { value: score.to_string() });
    }
    if score.fract() != 0.0 {
        return Err(RejectReason::NotAnInteger { value: score.to_string() });
    }
    if !(0.0..=10.0).contains(&score) {
        return Err(RejectReason::OutOfRange { value: score, min: 0.0, max: 10.0 });
    }
    Ok(score as u8)
}

/// NPS = 100·(P − D)/n on the 0–10 scale (promoters 9–10, passives 7–8, detractors 0–6).
/// Scores outside 0–10 or not whole are rejected with their line; `column` names the score
/// column in those rejections.
pub fn nps<'a>(responses: impl IntoIterator<Item = &'a SurveyResponse>, column: &str) -> NpsResult {
    let (mut promoters, mut passives, mut detractors) = (0usize, 0usize, 0usize);
    let mut rejected = Vec::new();
    for r in responses {
        match nps_score(r.score) {
            Ok(9..=10) => promoters += 1,
            Ok(7..=8) => passives += 1,
            Ok(_) => detractors += 1,
            Err(reason) => {
                rejected.push(Rejected { line: r.line, column: column.to_string(), reason })
            }
        }
    }
    nps_from_counts(promoters, passives, detractors, rejected)
}

/// The same result from counts already made.
pub fn nps_from_counts(
    promoters: usize,
    passives: usize,
    detractors: usize,
    rejected: Vec<Rejected>,
) -> NpsResult {
    let n = promoters + passives + detractors;
    let nf = n as f64;
    let (nps, moe95, ci95_low, ci95_high) = if n == 0 {
        (None, None, None, None)
    } else {
        let (nps, moe, low, high) = nps_interval(promoters as f64, detractors as f64, nf);
        (Some(nps), Some(moe), Some(low), Some(high))
    };
    let (_, _, adj_low, adj_high) =
        nps_interval(promoters as f64 + 0.75, detractors as f64 + 0.75, nf + 3.0);
    NpsResult {
        n,
        promoters,
        passives,
        detractors,
        nps,
        promoters_pct: pct(promoters as f64, nf),
        passives_pct: pct(passives as f64, nf),
        detractors_pct: pct(detractors as f64, nf),
        moe95,
        ci95_low,
        ci95_high,
        adj_ci95_low: (n > 0).then_some(adj_low),
        adj_ci95_high: (n > 0).then_some(adj_high),
        small_sample: n < NPS_SMALL_SAMPLE,
        rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(scores: &[f64]) -> Vec<SurveyResponse> {
        scores
            .iter()
            .enumerate()
            .map(|(i, &score)| SurveyResponse {
                line: i + 2,
                score,
                date: None,
                survey: None,
                customer: None,
                comment: None,
            })
            .collect()
    }

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn ten_answers_hand_worked() {
        // P = 5 (10,10,9,9,9), passives 2 (8,7), D = 3 (6,3,0)
        let r = nps(&answers(&[10., 10., 9., 9., 9., 8., 7., 6., 3., 0.]), "score");
        assert_eq!((r.n, r.promoters, r.passives, r.detractors), (10, 5, 2, 3));
        close(r.nps, 20.0);
        close(r.promoters_pct, 50.0);
        close(r.passives_pct, 20.0);
        close(r.detractors_pct, 30.0);
        // var = .5 + .3 − .2² = .76; moe = 1.96·√(.076)·100
        close(r.moe95, 54.033471108193666);
        close(r.ci95_low, -34.033471108193666);
        close(r.ci95_high, 74.03347110819367);
        // adjusted: P = 5.75, D = 3.75, n = 13
        close(r.adj_ci95_low, -30.32683439412078);
        close(r.adj_ci95_high, 61.096065163351554);
        assert!(r.small_sample);
        assert!(r.rejected.is_empty());
    }

    #[test]
    fn no_answers_is_undefined_not_zero() {
        let r = nps(&answers(&[]), "score");
        assert_eq!(r.n, 0);
        assert_eq!(r.nps, None);
        assert_eq!(r.promoters_pct, None);
        assert_eq!(r.moe95, None);
        assert_eq!(r.adj_ci95_low, None);
    }

    #[test]
    fn out_of_range_and_fractional_scores_are_rejected_with_their_line() {
        let r = nps(&answers(&[10., 11., -1., 7.5, 0.]), "Bewertung");
        assert_eq!(r.n, 2);
        close(r.nps, 0.0);
        let lines: Vec<usize> = r.rejected.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert_eq!(r.rejected[0].column, "Bewertung");
        assert_eq!(
            r.rejected[0].reason,
            RejectReason::OutOfRange { value: 11.0, min: 0.0, max: 10.0 }
        );
        assert_eq!(r.rejected[2].reason, RejectReason::NotAnInteger { value: "7.5".into() });
    }

    #[test]
    fn all_promoters_clamps_interval_at_100() {
        let r = nps(&answers(&[10.; 40]), "score");
        close(r.nps, 100.0);
        close(r.moe95, 0.0);
        close(r.ci95_high, 100.0);
        assert!(!r.small_sample);
        // the adjusted interval is not degenerate
        assert!(r.adj_ci95_low.unwrap() < 100.0);
        assert!(r.adj_ci95_high.unwrap() <= 100.0);
    }

    #[test]
    fn boundaries_of_the_groups() {
        let r = nps(&answers(&[6., 7., 8., 9.]), "score");
        assert_eq!((r.promoters, r.passives, r.detractors), (1, 2, 1));
        close(r.nps, 0.0);
    }
}
