//! Section 7: the health keys, from the scores of every customer.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::dataset::{DatasetKind, HealthTable};
use crate::metrics::{health, MetricOptions};

use super::key::MetricKey as K;
use super::keys::{num, Keys};
use super::{Report, ReportOptions};

/// The keys of section 7 for some customers.
pub fn health_keys<'a>(
    customers: impl IntoIterator<Item = &'a health::CustomerHealth> + Clone,
) -> Map<String, Value> {
    let s = health::summarise(customers.clone());
    let risk: Vec<Value> = health::at_risk(customers)
        .into_iter()
        .map(|c| serde_json::json!({"customer": c.customer, "line": c.line, "score": num(c.score)}))
        .collect();
    Keys::new()
        .int(K::N, s.customers)
        .int(K::Customers, s.customers)
        .int(K::Scored, s.scored)
        .num(K::HealthScore, s.mean)
        .num(K::HealthScoreMedian, s.median)
        .int(K::HealthRed, s.red)
        .int(K::HealthAmber, s.amber)
        .int(K::HealthGreen, s.green)
        .num(K::HealthRedPct, s.red_pct)
        .num(K::HealthAmberPct, s.amber_pct)
        .num(K::HealthGreenPct, s.green_pct)
        .json(K::HealthDistribution, &s.distribution)
        .val(K::AtRisk, Value::Array(risk))
        .done()
}

/// The signals used, each with the thresholds used and whether they came from the data.
fn signals_json(scores: &health::HealthScores) -> Value {
    let list = scores.signals.iter().zip(&scores.thresholds_from_data).map(|(s, from_data)| {
        let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.insert("thresholds_from_data".into(), Value::from(*from_data));
        }
        v
    });
    Value::Array(list.collect())
}

pub(super) fn health_report(h: &HealthTable, o: &MetricOptions, ro: &ReportOptions) -> Report {
    let scores = health::health_scores(h, &o.health_signals, o.health_bands, o.health_scaling);
    let mut k = Keys(health_keys(&scores.customers));
    let list: Vec<Value> = scores
        .customers
        .iter()
        .map(|c| {
            serde_json::json!({"customer": c.customer, "line": c.line, "score": num(c.score), "band": c.band})
        })
        .collect();
    k.val(K::Scores, Value::Array(list))
        .val(K::HealthScaling, Value::from(scores.scaling.as_str()))
        .val(K::Signals, signals_json(&scores))
        .json(K::UnknownSignals, &scores.unknown_signals)
        .json(K::HealthBands, &o.health_bands);
    // segments: customers split by the column, scored within the whole data
    let mut segments = BTreeMap::new();
    if let Some(seg) =
        ro.segment.as_deref().and_then(|n| h.table.segments.iter().find(|s| s.name == n))
    {
        let mut groups: Vec<Vec<&health::CustomerHealth>> = vec![Vec::new(); seg.values.len()];
        for (c, code) in scores.customers.iter().zip(&seg.codes) {
            if let Some(g) = groups.get_mut(*code as usize) {
                g.push(c);
            }
        }
        for (v, g) in seg.values.iter().zip(groups) {
            if !g.is_empty() {
                segments.insert(v.clone(), health_keys(g.iter().copied()));
            }
        }
    }
    Report {
        kind: DatasetKind::Health,
        rows: scores.customers.len(),
        rejected: Vec::new(),
        metrics: k.done(),
        periods: Vec::new(),
        segments,
    }
}
