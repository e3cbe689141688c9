//! Section 1 of the catalogue: survey responses.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dataset::{RejectReason, Rejected, SurveyResponse, SurveyType, Table};

use super::accumulate::Accumulator;
use super::comments::{CommentKeeper, SurveyComments};
use super::options::MetricOptions;
use super::period::{in_range, PeriodKey, PeriodKind};
use super::stats::{self, wilson, Z95};
use super::text::{PhraseCounter, PhraseCounts};

/// Below this many answers the margin of error is flagged as a small sample.
pub const NPS_SMALL_SAMPLE: usize = 30;

/// Net Promoter Score of the answers on the 0–10 scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Answers per score 0–10 (index = score); empty when made from group counts only.
    pub distribution: Vec<u64>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// Share of `part` in `whole` ·100, undefined for an empty whole.
pub fn pct(part: f64, whole: f64) -> Option<f64> {
    stats::pct(part, whole)
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
    scale_score(score, 0, 10)
}

/// Checks one answer on a scale `min..=max` (whole numbers only).
#[inline]
pub fn scale_score(score: f64, min: u8, max: u8) -> Result<u8, RejectReason> {
    // Nearly every score: a whole number on the scale (NaN fails the comparisons).
    if score >= f64::from(min) && score <= f64::from(max) {
        let s = score as u8;
        if f64::from(s) == score {
            return Ok(s);
        }
    }
    off_scale(score, min, max)
}

/// [`scale_score`] for the rest: why the score is not on the scale, if it is not.
#[inline(never)]
fn off_scale(score: f64, min: u8, max: u8) -> Result<u8, RejectReason> {
    if !score.is_finite() {
        return Err(RejectReason::NotANumber { value: score.to_string() });
    }
    if score.fract() != 0.0 {
        return Err(RejectReason::NotAnInteger { value: score.to_string() });
    }
    if !(f64::from(min)..=f64::from(max)).contains(&score) {
        return Err(RejectReason::OutOfRange { value: score, min: min.into(), max: max.into() });
    }
    Ok(score as u8)
}

/// NPS = 100·(P − D)/n on the 0–10 scale (promoters 9–10, passives 7–8, detractors 0–6).
/// Scores outside 0–10 or not whole are rejected with their line; `column` names the score
/// column in those rejections.
pub fn nps<'a>(responses: impl IntoIterator<Item = &'a SurveyResponse>, column: &str) -> NpsResult {
    let mut counts: ScoreCounts = [0; 11];
    let mut rejected = Vec::new();
    for r in responses {
        match nps_score(r.score) {
            Ok(s) => counts[usize::from(s).min(10)] += 1,
            Err(reason) => {
                rejected.push(Rejected { line: r.line, column: column.to_string(), reason })
            }
        }
    }
    let mut res = nps_from_histogram(&counts);
    res.rejected = rejected;
    res
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
        distribution: Vec::new(),
        rejected,
    }
}

/// Counts of answers per score 0–10 (index = score). Every survey metric of a group is
/// computed from these, so grouping by period and segment costs one increment per row.
pub type ScoreCounts = [u64; 11];

/// NPS from a score histogram.
pub fn nps_from_histogram(counts: &ScoreCounts) -> NpsResult {
    let sum = |r: std::ops::RangeInclusive<usize>| -> usize {
        counts.get(r).map_or(0, |s| s.iter().sum::<u64>() as usize)
    };
    let mut r = nps_from_counts(sum(9..=10), sum(7..=8), sum(0..=6), Vec::new());
    r.distribution = counts.to_vec();
    r
}

/// The variance of one answer on the −1/0/+1 scale (`None` for n = 0).
pub fn nps_variance(r: &NpsResult) -> Option<f64> {
    (r.n > 0).then(|| nps_and_variance(r.promoters as f64, r.detractors as f64, r.n as f64).1)
}

/// z of the difference of two NPS (periods or segments):
/// z = (nps₁ − nps₂)/(100·√(var₁/n₁ + var₂/n₂)). "Significant" when |z| ≥ 1.96.
/// `None` when either is empty or both variances are 0.
pub fn nps_diff_z(a: &NpsResult, b: &NpsResult) -> Option<f64> {
    let (va, vb) = (nps_variance(a)?, nps_variance(b)?);
    let se = 100.0 * (va / a.n as f64 + vb / b.n as f64).sqrt();
    stats::ratio(a.nps? - b.nps?, se)
}

/// Whether a z of [`nps_diff_z`] is significant at 95 %.
pub fn is_significant(z: f64) -> bool {
    z.abs() >= Z95
}

/// Customer satisfaction on a 1–`scale` scale; satisfied = score ≥ `threshold`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CsatResult {
    pub n: usize,
    pub scale: u8,
    pub threshold: u8,
    pub satisfied: usize,
    /// Satisfied share ·100; `None` when n = 0.
    pub csat: Option<f64>,
    /// Mean score.
    pub mean: Option<f64>,
    /// Wilson 95 % interval of the satisfied share, ·100.
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    /// Answers per score (index = score, 0 unused).
    pub distribution: Vec<u64>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// A CSAT scale as configured: 5, 7 or 10 points (anything else is read as 5) and the
/// threshold (default: the top two boxes, clamped to the scale).
pub fn csat_scale(scale: u8, threshold: Option<u8>) -> (u8, u8) {
    let scale = if matches!(scale, 5 | 7 | 10) { scale } else { 5 };
    (scale, threshold.unwrap_or(scale - 1).clamp(1, scale))
}

/// CSAT = 100·satisfied/n, satisfied = top-two boxes by default (4–5 on 1–5, 6–7 on 1–7,
/// 9–10 on 1–10), with the mean score and the Wilson interval. Scores outside 1–scale or
/// not whole are rejected.
pub fn csat<'a>(
    responses: impl IntoIterator<Item = &'a SurveyResponse>,
    column: &str,
    scale: u8,
    threshold: Option<u8>,
) -> CsatResult {
    let (scale, threshold) = csat_scale(scale, threshold);
    let mut counts: ScoreCounts = [0; 11];
    let mut rejected = Vec::new();
    for r in responses {
        match scale_score(r.score, 1, scale) {
            Ok(s) => counts[usize::from(s).min(10)] += 1,
            Err(reason) => rejected.push(Rejected { line: r.line, column: column.into(), reason }),
        }
    }
    let mut res = csat_from_histogram(&counts, scale, Some(threshold));
    res.rejected = rejected;
    res
}

/// CSAT from a score histogram (scores outside the scale must not be in it).
pub fn csat_from_histogram(counts: &ScoreCounts, scale: u8, threshold: Option<u8>) -> CsatResult {
    let (scale, threshold) = csat_scale(scale, threshold);
    let (mut n, mut satisfied, mut sum) = (0u64, 0u64, 0u64);
    for (score, &c) in counts.iter().enumerate() {
        n += c;
        sum += c * score as u64;
        if score >= usize::from(threshold) {
            satisfied += c;
        }
    }
    let nf = n as f64;
    let ci = wilson(satisfied as f64, nf, Z95);
    CsatResult {
        n: n as usize,
        scale,
        threshold,
        satisfied: satisfied as usize,
        csat: pct(satisfied as f64, nf),
        mean: stats::ratio(sum as f64, nf),
        ci95_low: ci.map(|c| 100.0 * c.0),
        ci95_high: ci.map(|c| 100.0 * c.1),
        distribution: counts.iter().take(usize::from(scale) + 1).copied().collect(),
        rejected: Vec::new(),
    }
}

/// Customer Effort Score: the mean answer on 1–7 (CES 2.0, default) or 1–5.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CesResult {
    pub n: usize,
    pub scale: u8,
    /// The survey asked "how much effort" (low = easy) instead of "it was easy" (high = easy).
    pub lower_is_easier: bool,
    /// Answers counted as easy: ≥ `easy_from` (or ≤ `easy_from` when lower is easier).
    pub easy_from: u8,
    pub easy: usize,
    /// Mean score as answered.
    pub ces: Option<f64>,
    /// Share of easy answers ·100 (5–7 on 1–7, 4–5 on 1–5; mirrored when lower is easier).
    pub easy_pct: Option<f64>,
    pub distribution: Vec<u64>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// A CES scale as configured: 7 (default) or 5 points; anything else is read as 7.
/// Returns (scale, easy_from): easy is ≥ 5 on 1–7, ≥ 4 on 1–5, or the mirror image
/// (≤ 3, ≤ 2) when lower is easier.
pub fn ces_scale(scale: u8, lower_is_easier: bool) -> (u8, u8) {
    let scale = if scale == 5 { 5 } else { 7 };
    let easy_from = if scale == 5 { 4 } else { 5 };
    (scale, if lower_is_easier { scale + 1 - easy_from } else { easy_from })
}

/// CES = mean score; `ces_easy_pct` = share of easy answers ·100.
pub fn ces<'a>(
    responses: impl IntoIterator<Item = &'a SurveyResponse>,
    column: &str,
    scale: u8,
    lower_is_easier: bool,
) -> CesResult {
    let (scale, _) = ces_scale(scale, lower_is_easier);
    let mut counts: ScoreCounts = [0; 11];
    let mut rejected = Vec::new();
    for r in responses {
        match scale_score(r.score, 1, scale) {
            Ok(s) => counts[usize::from(s).min(10)] += 1,
            Err(reason) => rejected.push(Rejected { line: r.line, column: column.into(), reason }),
        }
    }
    let mut res = ces_from_histogram(&counts, scale, lower_is_easier);
    res.rejected = rejected;
    res
}

/// CES from a score histogram.
pub fn ces_from_histogram(counts: &ScoreCounts, scale: u8, lower_is_easier: bool) -> CesResult {
    let (scale, easy_from) = ces_scale(scale, lower_is_easier);
    let (mut n, mut easy, mut sum) = (0u64, 0u64, 0u64);
    for (score, &c) in counts.iter().enumerate() {
        n += c;
        sum += c * score as u64;
        let is_easy = if lower_is_easier {
            score <= usize::from(easy_from)
        } else {
            score >= usize::from(easy_from)
        };
        if is_easy {
            easy += c;
        }
    }
    let nf = n as f64;
    CesResult {
        n: n as usize,
        scale,
        lower_is_easier,
        easy_from,
        easy: easy as usize,
        ces: stats::ratio(sum as f64, nf),
        easy_pct: pct(easy as f64, nf),
        distribution: counts.iter().take(usize::from(scale) + 1).copied().collect(),
        rejected: Vec::new(),
    }
}

/// Responses / surveys sent ·100, when the number sent is given (undefined for 0 sent).
pub fn response_rate(responses: usize, surveys_sent: Option<u64>) -> Option<f64> {
    pct(responses as f64, surveys_sent? as f64)
}

/// Most frequent words and two-word phrases in the comments of promoters and detractors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CommentPhrases {
    pub promoters: PhraseCounts,
    pub detractors: PhraseCounts,
}

/// How many words and phrases each side of [`CommentPhrases`] keeps.
pub const TOP_TERMS: usize = 20;

/// Score histograms of one group (whole range, one period or one segment value).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SurveyCounts {
    pub nps: ScoreCounts,
    pub csat: ScoreCounts,
    pub ces: ScoreCounts,
}

impl SurveyCounts {
    #[inline]
    fn add(&mut self, t: SurveyType, s: u8) {
        let i = usize::from(s).min(10);
        // the histogram looked up by type, not branched on: the type changes from row to row
        let mut by_type = [&mut self.nps, &mut self.csat, &mut self.ces];
        if let Some(counts) = by_type.get_mut(t as usize) {
            counts[i] += 1;
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &SurveyCounts) {
        for (a, b) in [
            (&mut self.nps, &other.nps),
            (&mut self.csat, &other.csat),
            (&mut self.ces, &other.ces),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += *y;
            }
        }
    }

    /// Answers counted.
    pub fn responses(&self) -> usize {
        let s = |c: &ScoreCounts| c.iter().sum::<u64>();
        (s(&self.nps) + s(&self.csat) + s(&self.ces)) as usize
    }

    /// Counts of `self` minus `other` (for "segment vs the rest").
    pub fn minus(&self, other: &SurveyCounts) -> SurveyCounts {
        let mut r = *self;
        for (a, b) in
            [(&mut r.nps, &other.nps), (&mut r.csat, &other.csat), (&mut r.ces, &other.ces)]
        {
            for (x, y) in a.iter_mut().zip(b) {
                *x = x.saturating_sub(*y);
            }
        }
        r
    }

    /// All survey metrics of this group.
    pub fn metrics(&self, o: &MetricOptions) -> SurveyMetrics {
        let responses = self.responses();
        SurveyMetrics {
            responses,
            nps: nps_from_histogram(&self.nps),
            csat: csat_from_histogram(&self.csat, o.csat_scale, o.csat_threshold),
            ces: ces_from_histogram(&self.ces, o.ces_scale, o.ces_lower_is_easier),
            response_rate: response_rate(responses, o.surveys_sent),
            comments: None,
        }
    }
}

/// Every survey metric of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyMetrics {
    /// Answers used (all three types).
    pub responses: usize,
    pub nps: NpsResult,
    pub csat: CsatResult,
    pub ces: CesResult,
    pub response_rate: Option<f64>,
    /// The comments of the whole range (set on the total of a survey, not per period or
    /// segment value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<SurveyComments>,
}

/// The survey metrics for the whole range, per period and per segment value, from one
/// pass over the rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveyBreakdown {
    pub total: SurveyCounts,
    /// Every period from the first to the last dated answer, in order (empty periods
    /// included, with zero counts; see [`super::period::listed_periods`]).
    pub periods: Vec<(PeriodKey, SurveyCounts)>,
    /// Segment value → counts, for the chosen segment column.
    pub segments: Vec<(String, SurveyCounts)>,
    /// Rows rejected by the metrics (score outside its scale …), in row order.
    pub rejected: Vec<Rejected>,
    /// Rows inside the range (used + rejected).
    pub rows_in_range: usize,
    /// The comments of valid answers in range (the most recent of them, and counts).
    pub comments: SurveyComments,
}

/// The survey metrics counted as the rows stream by: rows are added a chunk at a time
/// ([`add`](Self::add)) and dropped, so a file of any size needs only the counts per
/// period and segment value and the comment vocabulary.
///
/// Each answer is validated against the scale of its survey type (untyped rows are read as
/// `options.survey_type`) and counted in the whole range, its period and its segment value.
/// Rows without a date count in the whole range but in no period; with a range set, rows
/// without a date are left out. Comments of valid NPS answers feed the promoter and
/// detractor phrase counts.
#[derive(Clone, Debug)]
pub struct SurveyTally {
    survey_type: SurveyType,
    csat_max: u8,
    ces_max: u8,
    period: PeriodKind,
    segment: Option<String>,
    range: Option<(NaiveDate, NaiveDate)>,
    per: HashMap<PeriodKey, SurveyCounts>,
    /// Rows usually come sorted by date: the current period's counts, kept at hand.
    current: Option<(PeriodKey, SurveyCounts)>,
    /// The last date counted and its period (the same day follows itself row after row).
    last_day: Option<(NaiveDate, PeriodKey)>,
    /// Indexed by segment code.
    seg_counts: Vec<SurveyCounts>,
    promoters: PhraseCounter,
    detractors: PhraseCounter,
    comments: CommentKeeper,
    out: SurveyBreakdown,
}

impl SurveyTally {
    pub fn new(
        o: &MetricOptions,
        period: PeriodKind,
        segment: Option<&str>,
        range: Option<(NaiveDate, NaiveDate)>,
    ) -> Self {
        SurveyTally {
            survey_type: o.survey_type,
            csat_max: csat_scale(o.csat_scale, o.csat_threshold).0,
            ces_max: ces_scale(o.ces_scale, o.ces_lower_is_easier).0,
            period,
            segment: segment.map(str::to_owned),
            range,
            per: HashMap::new(),
            current: None,
            last_day: None,
            seg_counts: Vec::new(),
            promoters: PhraseCounter::new(),
            detractors: PhraseCounter::new(),
            comments: CommentKeeper::default(),
            out: SurveyBreakdown::default(),
        }
    }

    /// Counts the rows of `table` (a whole table or one chunk of a streaming import: its
    /// segment columns carry the codes of these rows).
    pub fn add(&mut self, table: &Table<SurveyResponse>) {
        let name = self.segment.as_deref();
        let codes = name.and_then(|n| table.segment(n)).map(|s| s.codes.as_slice());
        for (i, r) in table.rows.iter().enumerate() {
            if self.range.is_some() && !r.date.is_some_and(|d| in_range(d, self.range)) {
                continue;
            }
            self.out.rows_in_range += 1;
            let t = r.survey.unwrap_or(self.survey_type);
            // the scale looked up by type, not branched on (the type varies row by row)
            let scales = [(0, 10), (1, self.csat_max), (1, self.ces_max)];
            let (min, max) = scales.get(t as usize).copied().unwrap_or((0, 10));
            let checked = scale_score(r.score, min, max);
            let s = match checked {
                Ok(s) => s,
                Err(reason) => {
                    self.out.rejected.push(Rejected {
                        line: r.line,
                        column: "score".into(),
                        reason,
                    });
                    continue;
                }
            };
            self.out.total.add(t, s);
            if let Some(d) = r.date {
                let k = match self.last_day {
                    Some((day, k)) if day == d => k,
                    _ => {
                        let k = self.period.key(d);
                        self.last_day = Some((d, k));
                        k
                    }
                };
                match &mut self.current {
                    Some((ck, c)) if *ck == k => c.add(t, s),
                    _ => {
                        if let Some((ck, c)) = self.current.take() {
                            self.per.insert(ck, c);
                        }
                        let mut c = self.per.remove(&k).unwrap_or_default();
                        c.add(t, s);
                        self.current = Some((k, c));
                    }
                }
            }
            let code = codes.and_then(|c| c.get(i)).copied();
            if let Some(comment) = r.comment.as_deref() {
                self.comments.add(r.line, r.date, t, s, comment, code);
            }
            if let Some(code) = code {
                let code = code as usize;
                if code >= self.seg_counts.len() {
                    self.seg_counts.resize(code + 1, SurveyCounts::default());
                }
                if let Some(c) = self.seg_counts.get_mut(code) {
                    c.add(t, s);
                }
            }
            if t == SurveyType::Nps {
                if let Some(comment) = r.comment.as_deref() {
                    match s {
                        9..=10 => self.promoters.add(comment),
                        0..=6 => self.detractors.add(comment),
                        _ => {}
                    }
                }
            }
        }
    }

    /// Puts the current period's counts back among the others.
    fn settle(&mut self) {
        if let Some((k, c)) = self.current.take() {
            self.per.insert(k, c);
        }
    }

    /// The breakdown and the comment phrases. `segment_values` are the values of the chosen
    /// segment column, indexed by code (the last chunk of a streaming import has them).
    pub fn finish(
        mut self,
        segment_values: Option<&[String]>,
    ) -> (SurveyBreakdown, CommentPhrases) {
        self.settle();
        let mut out = self.out;
        out.periods = super::period::listed_periods(self.per.keys().copied().collect())
            .into_iter()
            .map(|k| (k, self.per.get(&k).copied().unwrap_or_default()))
            .collect();
        if let Some(values) = segment_values {
            out.segments = values
                .iter()
                .cloned()
                .zip(self.seg_counts.into_iter().chain(std::iter::repeat(SurveyCounts::default())))
                .filter(|(_, c)| c.responses() > 0)
                .collect();
        }
        out.comments = self.comments.finish(segment_values);
        let phrases = CommentPhrases {
            promoters: self.promoters.finish(TOP_TERMS),
            detractors: self.detractors.finish(TOP_TERMS),
        };
        (out, phrases)
    }
}

impl Accumulator<&Table<SurveyResponse>> for SurveyTally {
    type Output = (SurveyBreakdown, CommentPhrases);

    fn update(&mut self, chunk: &Table<SurveyResponse>) {
        self.add(chunk);
    }

    fn merge(&mut self, mut later: Self) {
        self.settle();
        later.settle();
        for (k, c) in later.per {
            self.per.entry(k).or_default().merge(&c);
        }
        if later.seg_counts.len() > self.seg_counts.len() {
            self.seg_counts.resize(later.seg_counts.len(), SurveyCounts::default());
        }
        for (mine, theirs) in self.seg_counts.iter_mut().zip(&later.seg_counts) {
            mine.merge(theirs);
        }
        self.promoters.merge(later.promoters);
        self.detractors.merge(later.detractors);
        self.comments.merge(later.comments);
        self.out.total.merge(&later.out.total);
        self.out.rows_in_range += later.out.rows_in_range;
        self.out.rejected.extend(later.out.rejected);
    }

    fn finish(self, segment_values: Option<&[String]>) -> Self::Output {
        SurveyTally::finish(self, segment_values)
    }
}

impl SurveyTally {
    /// Moves the counts of a later part of a file to the segment codes of the whole file
    /// (see [`Renumber`](super::accumulate::Renumber)), before [`Accumulator::merge`].
    pub fn renumber_segments(&mut self, to: super::accumulate::Renumber) {
        to.indexed(&mut self.seg_counts);
        self.comments.renumber_segments(to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::close;

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

    fn typed(scores: &[f64], t: SurveyType) -> Vec<SurveyResponse> {
        let mut v = answers(scores);
        for r in &mut v {
            r.survey = Some(t);
        }
        v
    }

    #[test]
    fn one_answer() {
        let r = nps(&answers(&[9.]), "score");
        close(r.nps, 100.0);
        close(r.moe95, 0.0);
        assert_eq!(r.distribution[9], 1);
        let r = nps(&answers(&[3.]), "score");
        close(r.nps, -100.0);
    }

    #[test]
    fn csat_top_two_boxes_with_wilson() {
        let r = csat(&answers(&[5., 4., 4., 3., 2., 1., 5., 5.]), "score", 5, None);
        assert_eq!((r.n, r.satisfied, r.threshold), (8, 5, 4));
        close(r.csat, 62.5);
        close(r.mean, 3.625);
        close(r.ci95_low, 30.573785458380186);
        close(r.ci95_high, 86.3158240538479);
        assert_eq!(r.distribution, vec![0, 1, 1, 1, 2, 3]);
        // 1–10: the top two boxes are 9–10; 0 is outside the scale
        let r = csat(&answers(&[10., 9., 8., 1., 0.]), "score", 10, None);
        assert_eq!((r.n, r.satisfied, r.threshold), (4, 2, 9));
        close(r.csat, 50.0);
        assert_eq!(r.rejected.len(), 1);
        assert_eq!(r.rejected[0].line, 6);
        // 1–7 with an edited threshold of 5
        let r = csat(&answers(&[7., 6., 5., 4.]), "score", 7, Some(5));
        close(r.csat, 75.0);
        // invalid scale falls back to 5; 6 is then out of range
        let r = csat(&answers(&[6.]), "score", 3, None);
        assert_eq!((r.scale, r.n, r.rejected.len()), (5, 0, 1));
        assert_eq!(r.csat, None);
        assert_eq!(r.ci95_low, None);
        assert_eq!(r.mean, None);
    }

    #[test]
    fn ces_mean_and_share_easy() {
        let r = ces(&answers(&[7., 6., 5., 4., 1., 2.]), "score", 7, false);
        close(r.ces, 4.166666666666667);
        close(r.easy_pct, 50.0);
        assert_eq!(r.easy_from, 5);
        // asked the other way round: 1–3 are easy
        let r = ces(&answers(&[7., 6., 5., 4., 1., 2.]), "score", 7, true);
        close(r.ces, 4.166666666666667);
        close(r.easy_pct, 33.333333333333336);
        // 1–5: 4–5 easy; 7 is rejected
        let r = ces(&answers(&[5., 4., 3., 7.]), "score", 5, false);
        assert_eq!((r.n, r.easy, r.rejected.len()), (3, 2, 1));
        close(r.ces, 4.0);
        let r = ces(&answers(&[]), "score", 7, false);
        assert_eq!((r.ces, r.easy_pct), (None, None));
    }

    #[test]
    fn response_rate_needs_surveys_sent() {
        close(response_rate(25, Some(200)), 12.5);
        assert_eq!(response_rate(25, None), None);
        assert_eq!(response_rate(0, Some(0)), None);
    }

    #[test]
    fn diff_z_hand_worked() {
        let a = nps(&answers(&[10., 10., 9., 9., 9., 8., 7., 6., 3., 0.]), "score");
        let b = nps(&answers(&[10., 10., 10., 0.]), "score");
        // (20 − 50)/(100·√(.76/10 + .75/4))
        let z = nps_diff_z(&a, &b);
        close(z, -0.5844279059298944);
        assert!(!is_significant(z.unwrap()));
        // both without variance: undefined
        let c = nps(&answers(&[10.; 5]), "score");
        assert_eq!(nps_diff_z(&c, &c), None);
        assert_eq!(nps_diff_z(&a, &nps(&answers(&[]), "score")), None);
        // large samples with different NPS are significant
        let mut big = vec![10.; 300];
        big.extend([0.; 100]);
        let d = nps(&answers(&big), "score");
        let mut big2 = vec![10.; 100];
        big2.extend([0.; 300]);
        let e = nps(&answers(&big2), "score");
        assert!(is_significant(nps_diff_z(&d, &e).unwrap()));
    }

    #[test]
    fn comments_of_promoters_and_detractors() {
        let mut rows = typed(&[10., 9., 2., 8., 5.], SurveyType::Nps);
        rows[0].comment = Some("Great support".into());
        rows[1].comment = Some("great support and fast".into());
        rows[2].comment = Some("Slow support, slow app".into());
        rows[3].comment = Some("passive words".into());
        rows.push(SurveyResponse {
            comment: Some("csat words".into()),
            ..typed(&[5.], SurveyType::Csat)[0].clone()
        });
        let table = Table { rows, ..Default::default() };
        let mut tally = SurveyTally::new(&MetricOptions::default(), PeriodKind::Month, None, None);
        tally.add(&table);
        let (_, c) = tally.finish(None);
        assert_eq!(c.promoters.comments, 2);
        assert_eq!(c.promoters.phrases[0].term, "great support");
        assert_eq!(c.promoters.phrases[0].count, 2);
        assert_eq!(c.detractors.comments, 1);
        assert_eq!(c.detractors.words[0].term, "slow");
        assert_eq!(c.detractors.words[0].count, 2);
        assert!(!c.promoters.words.iter().any(|w| w.term == "passive" || w.term == "csat"));
    }

    /// The tally keeps the comments of valid answers in range with their group and
    /// segment value; a rejected score's comment is not kept; CSAT comments have no group.
    #[test]
    fn comments_are_kept_with_group_segment_and_date() {
        use crate::dataset::SegmentColumn;
        use crate::metrics::comments::{CommentCounts, NpsGroup};
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d);
        let mut rows = typed(&[10., 3., 11., 8., 4.], SurveyType::Nps);
        rows[4].survey = Some(SurveyType::Csat);
        for (i, r) in rows.iter_mut().enumerate() {
            r.date = day(i as u32 + 1);
            r.comment = Some(format!("comment {i}"));
        }
        rows[3].date = NaiveDate::from_ymd_opt(2024, 5, 1); // out of range
        let table = Table {
            rows,
            segments: vec![SegmentColumn {
                name: "plan".into(),
                values: vec!["Basic".into(), "Pro".into()],
                codes: vec![1, 0, 1, 0, 1],
            }],
            ..Default::default()
        };
        let range = Some((day(1).unwrap(), day(31).unwrap()));
        let mut tally =
            SurveyTally::new(&MetricOptions::default(), PeriodKind::Month, Some("plan"), range);
        tally.add(&table);
        let values = ["Basic".to_string(), "Pro".to_string()];
        let (b, _) = tally.finish(Some(&values));
        let c = &b.comments;
        // newest first: the CSAT answer (day 5), the detractor (day 2), the promoter (day 1)
        let got: Vec<(usize, Option<NpsGroup>, Option<&str>)> =
            c.rows.iter().map(|r| (r.line, r.group, r.segment.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (6, None, Some("Pro")),
                (3, Some(NpsGroup::Detractor), Some("Basic")),
                (2, Some(NpsGroup::Promoter), Some("Pro")),
            ]
        );
        assert_eq!(c.counts, CommentCounts { promoters: 1, passives: 0, detractors: 1, other: 1 });
        assert_eq!(c.rows[0].date, day(5));
        assert_eq!(c.rows[0].score, 4);
        assert_eq!(
            c.segments,
            vec![
                ("Basic".into(), CommentCounts { detractors: 1, ..Default::default() }),
                ("Pro".into(), CommentCounts { promoters: 1, other: 1, ..Default::default() }),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn nps_is_bounded_and_equals_share_difference(scores in proptest::collection::vec(0u8..=10, 0..200)) {
            let rows = answers(&scores.iter().map(|&s| f64::from(s)).collect::<Vec<_>>());
            let r = nps(&rows, "score");
            proptest::prop_assert_eq!(r.n, scores.len());
            match r.nps {
                None => proptest::prop_assert!(scores.is_empty()),
                Some(v) => {
                    proptest::prop_assert!((-100.0..=100.0).contains(&v));
                    let d = r.promoters_pct.unwrap() - r.detractors_pct.unwrap();
                    proptest::prop_assert!((v - d).abs() < 1e-9);
                    let shares = r.promoters_pct.unwrap() + r.passives_pct.unwrap() + r.detractors_pct.unwrap();
                    proptest::prop_assert!((shares - 100.0).abs() < 1e-9);
                    proptest::prop_assert!(r.ci95_low.unwrap() >= -100.0 && r.ci95_high.unwrap() <= 100.0);
                    proptest::prop_assert!(r.adj_ci95_low.unwrap() <= r.adj_ci95_high.unwrap());
                }
            }
        }

        #[test]
        fn csat_within_its_wilson_interval(scores in proptest::collection::vec(1u8..=5, 1..100)) {
            let rows = answers(&scores.iter().map(|&s| f64::from(s)).collect::<Vec<_>>());
            let r = csat(&rows, "score", 5, None);
            let v = r.csat.unwrap();
            proptest::prop_assert!((0.0..=100.0).contains(&v));
            proptest::prop_assert!(r.ci95_low.unwrap() <= v + 1e-9 && v <= r.ci95_high.unwrap() + 1e-9);
        }
    }
}
