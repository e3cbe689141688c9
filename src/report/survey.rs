//! Section 1: the survey keys, from one tally of every answer.

use std::collections::BTreeMap;

use crate::dataset::{DatasetKind, SurveyResponse, Table};
use crate::metrics::survey::{self, SurveyMetrics};
use crate::metrics::MetricOptions;

use super::key::MetricKey as K;
use super::keys::Keys;
use super::{distinct_lines, PeriodReport, Report, ReportOptions};
use serde_json::{Map, Value};

/// The keys of section 1 for one group.
pub fn survey_keys(m: &SurveyMetrics) -> Map<String, Value> {
    let (n, c, e) = (&m.nps, &m.csat, &m.ces);
    Keys::new()
        .int(K::N, m.responses)
        .int(K::Responses, m.responses)
        .num(K::Nps, n.nps)
        .int(K::NpsN, n.n)
        .int(K::NpsPromoters, n.promoters)
        .int(K::NpsPassives, n.passives)
        .int(K::NpsDetractors, n.detractors)
        .num(K::NpsPromotersPct, n.promoters_pct)
        .num(K::NpsPassivesPct, n.passives_pct)
        .num(K::NpsDetractorsPct, n.detractors_pct)
        .num(K::NpsMoe95, n.moe95)
        .num(K::NpsCi95Low, n.ci95_low)
        .num(K::NpsCi95High, n.ci95_high)
        .num(K::NpsAdjCi95Low, n.adj_ci95_low)
        .num(K::NpsAdjCi95High, n.adj_ci95_high)
        .bool(K::NpsSmallSample, (n.n > 0).then_some(n.small_sample))
        .num(K::Csat, c.csat)
        .int(K::CsatN, c.n)
        .int(K::CsatSatisfied, c.satisfied)
        .num(K::CsatMean, c.mean)
        .num(K::CsatCi95Low, c.ci95_low)
        .num(K::CsatCi95High, c.ci95_high)
        .num(K::Ces, e.ces)
        .int(K::CesN, e.n)
        .num(K::CesEasyPct, e.easy_pct)
        .num(K::ResponseRate, m.response_rate)
        .done()
}

pub(super) fn survey_report(
    t: &Table<SurveyResponse>,
    o: &MetricOptions,
    ro: &ReportOptions,
) -> (Report, SurveyMetrics) {
    let mut tally = survey::SurveyTally::new(o, ro.period, ro.segment.as_deref(), ro.range);
    tally.add(t);
    survey_report_from(tally, t, o, ro)
}

/// The survey report from a tally of every row; `last` is the whole table or the last
/// chunk of a streaming import (it carries the segment values).
pub fn survey_report_from(
    tally: survey::SurveyTally,
    last: &Table<SurveyResponse>,
    o: &MetricOptions,
    ro: &ReportOptions,
) -> (Report, SurveyMetrics) {
    let values = ro.segment.as_deref().and_then(|n| last.segment(n)).map(|s| s.values.as_slice());
    let (mut b, phrases) = tally.finish(values);
    let mut total = b.total.metrics(o);
    // the comments travel with the typed totals (to the page), not in the report's keys
    total.comments = Some(std::mem::take(&mut b.comments));
    let mut metrics = survey_keys(&total);
    let (csat_scale, csat_threshold) = survey::csat_scale(o.csat_scale, o.csat_threshold);
    let mut k = Keys(std::mem::take(&mut metrics));
    k.int(K::CsatScale, csat_scale.into())
        .int(K::CsatThreshold, csat_threshold.into())
        .int(K::CesScale, total.ces.scale.into())
        .bool(K::CesLowerIsEasier, Some(o.ces_lower_is_easier))
        .json(K::NpsDistribution, &total.nps.distribution)
        .json(K::CsatDistribution, &total.csat.distribution)
        .json(K::CesDistribution, &total.ces.distribution);
    k.json(K::Comments, &phrases);
    let metrics = k.done();

    let mut periods = Vec::with_capacity(b.periods.len());
    let mut prev: Option<SurveyMetrics> = None;
    for (key, counts) in &b.periods {
        let m = counts.metrics(o);
        let mut map = Keys(survey_keys(&m));
        // surveys sent is a total: no rate per period
        map.num(K::ResponseRate, None);
        let p = prev.as_ref();
        let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
        let z = p.and_then(|p| survey::nps_diff_z(&m.nps, &p.nps));
        map.num(K::NpsChange, p.and_then(|p| diff(m.nps.nps, p.nps.nps)))
            .num(K::NpsDiffZ, z)
            .bool(K::NpsChangeSignificant, z.map(survey::is_significant))
            .num(K::CsatChange, p.and_then(|p| diff(m.csat.csat, p.csat.csat)))
            .num(K::CesChange, p.and_then(|p| diff(m.ces.ces, p.ces.ces)));
        periods.push(PeriodReport { period: ro.period.label(*key), metrics: map.done() });
        prev = Some(m);
    }

    let mut segments = BTreeMap::new();
    for (value, counts) in &b.segments {
        let m = counts.metrics(o);
        let rest = b.total.minus(counts).metrics(o);
        let z = survey::nps_diff_z(&m.nps, &rest.nps);
        let mut map = Keys(survey_keys(&m));
        map.num(K::ResponseRate, None);
        map.num(K::NpsDiffZVsRest, z).bool(K::NpsVsRestSignificant, z.map(survey::is_significant));
        segments.insert(value.clone(), map.done());
    }

    let report = Report {
        kind: DatasetKind::Survey,
        rows: b.rows_in_range.saturating_sub(distinct_lines(&b.rejected)),
        rejected: b.rejected,
        metrics,
        periods,
        segments,
    };
    (report, total)
}
