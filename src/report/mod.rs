//! The report of `kpi --json` and of the app's exports: every metric of one dataset for the
//! whole range, per period and per segment value, as one JSON object
//! `{kind, rows, rejected, metrics, periods:[{period, metrics}], segments:{VALUE:{…}}}`,
//! and the same as a readable table (`Report::to_text`).
//!
//! The layer above the metrics: it imports `crate::metrics`, nothing there imports it.
//! One file per kind of data (the keys it writes), `dated` for the kinds recomputed per
//! period from kept rows, `text` for the readable table.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dataset::{Dataset, DatasetKind, Rejected, Table};
use crate::i18n::Lang;
use crate::metrics::period::PeriodKind;
use crate::metrics::survey::SurveyMetrics;
use crate::metrics::{funnel, orders, tickets, usage, MetricOptions};

mod dated;
mod health;
pub mod key;
pub(crate) mod keys;
mod subscriptions;
mod survey;
mod text;

pub use dated::{funnel_keys, order_keys, ticket_keys, usage_keys};
pub use health::health_keys;
pub use key::{MetricKey, MetricsExt, Unit};
pub use subscriptions::{mrr_period_keys, mrr_report_from};
pub use survey::{survey_keys, survey_report_from};

use dated::dated_report;
use health::health_report;
use subscriptions::subscriptions_report;
use survey::survey_report;

/// How the report groups rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportOptions {
    pub period: PeriodKind,
    /// Name of the segment column to split by.
    pub segment: Option<String>,
    /// Inclusive date range; rows outside (and undated rows) are left out.
    pub range: Option<(NaiveDate, NaiveDate)>,
}

/// The metrics of one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodReport {
    /// "2024-03", "2024-W09", "2024-Q1".
    pub period: String,
    pub metrics: Map<String, Value>,
}

/// Every metric of one dataset (see the module documentation for the JSON shape).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub kind: DatasetKind,
    /// Rows used (inside the range and not rejected).
    pub rows: usize,
    /// The import's rejections and the metrics' own, sorted by line, no duplicates.
    pub rejected: Vec<Rejected>,
    pub metrics: Map<String, Value>,
    pub periods: Vec<PeriodReport>,
    pub segments: BTreeMap<String, Map<String, Value>>,
}

/// Every metric of `dataset`, for the whole range, per period and per segment value.
pub fn report(dataset: &Dataset, metrics: &MetricOptions, options: &ReportOptions) -> Report {
    report_with_survey(dataset, metrics, options).0
}

/// [`report`], and for survey data the typed whole-range results it was built from (the
/// app's NPS card), without a second pass over the rows.
pub fn report_with_survey(
    dataset: &Dataset,
    metrics: &MetricOptions,
    options: &ReportOptions,
) -> (Report, Option<SurveyMetrics>) {
    let mut survey_totals = None;
    let mut r = match dataset {
        Dataset::Survey(t) => {
            let (r, totals) = survey_report(t, metrics, options);
            survey_totals = Some(totals);
            r
        }
        Dataset::Subscriptions(s) => subscriptions_report(s, metrics, options),
        Dataset::Orders(t) => dated_report(
            DatasetKind::Orders,
            t,
            options,
            |r| Some(r.date),
            |rows, span| {
                let m = orders::order_metrics(
                    rows.iter().copied(),
                    span,
                    metrics.customer_lifespan_years,
                );
                (order_keys(&m), m.rejected.clone(), m.orders)
            },
        ),
        Dataset::Tickets(t) => dated_report(
            DatasetKind::Tickets,
            t,
            options,
            |r| Some(r.created.date()),
            |rows, _| {
                let m = tickets::ticket_metrics(
                    rows.iter().copied(),
                    metrics.customer_count,
                    metrics.csat_scale,
                    metrics.csat_threshold,
                );
                (ticket_keys(&m), m.rejected.clone(), m.tickets)
            },
        ),
        Dataset::Usage(t) => dated_report(
            DatasetKind::Usage,
            t,
            options,
            |r| Some(r.timestamp.date()),
            |rows, span| {
                let m = usage::usage_metrics(rows, span, metrics.time_to_value_feature.as_deref());
                (usage_keys(&m), m.rejected.clone(), m.events)
            },
        ),
        Dataset::Funnel(t) => dated_report(
            DatasetKind::Funnel,
            t,
            options,
            |r| r.date,
            |rows, _| {
                let m = funnel::funnel_metrics(
                    rows.iter().copied(),
                    metrics.arpa,
                    metrics.gross_margin,
                );
                (funnel_keys(&m), m.rejected.clone(), m.rows)
            },
        ),
        Dataset::Health(h) => health_report(h, metrics, options),
    };
    finish_rejected(&mut r, dataset);
    (r, survey_totals)
}

/// Names the columns of the metrics' rejections by the headers of the file and merges them
/// with the import's. `dataset` is the whole dataset or the last chunk of a streaming import
/// (which carries the import's rejections and the headers).
pub fn finish_rejected(r: &mut Report, dataset: &Dataset) {
    let (import_rejected, headers): (&[Rejected], &[(&str, String)]) = match dataset {
        Dataset::Survey(t) => (&t.rejected, &t.headers),
        Dataset::Subscriptions(crate::dataset::Subscriptions::Snapshots(t)) => {
            (&t.rejected, &t.headers)
        }
        Dataset::Subscriptions(crate::dataset::Subscriptions::Rows(t)) => (&t.rejected, &t.headers),
        Dataset::Orders(t) => (&t.rejected, &t.headers),
        Dataset::Tickets(t) => (&t.rejected, &t.headers),
        Dataset::Usage(t) => (&t.rejected, &t.headers),
        Dataset::Funnel(t) => (&t.rejected, &t.headers),
        Dataset::Health(h) => (&h.table.rejected, &h.table.headers),
    };
    // The metrics name fields by key ("score"); the user knows the header ("Bewertung").
    for rej in &mut r.rejected {
        if let Some((_, header)) = headers.iter().find(|(k, _)| *k == rej.column) {
            rej.column.clone_from(header);
        }
    }
    r.rejected = merge_rejected(import_rejected, std::mem::take(&mut r.rejected));
}

/// The import's and the metrics' rejections, sorted by line (then column), no duplicates.
pub fn merge_rejected(import: &[Rejected], own: Vec<Rejected>) -> Vec<Rejected> {
    let mut all: Vec<Rejected> = import.iter().cloned().chain(own).collect();
    all.sort_by(|a, b| {
        a.line
            .cmp(&b.line)
            .then_with(|| a.column.cmp(&b.column))
            .then_with(|| a.reason.message(Lang::En).cmp(&b.reason.message(Lang::En)))
    });
    all.dedup();
    all
}

/// Number of distinct lines among rejections (rows, not values).
pub(crate) fn distinct_lines(rejected: &[Rejected]) -> usize {
    let mut lines: Vec<usize> = rejected.iter().map(|r| r.line).collect();
    lines.sort_unstable();
    lines.dedup();
    lines.len()
}

// ---- segments (all kinds but survey, which splits in its single pass) ------------------

/// The rows of each value of the segment column `name`, in order of first appearance.
/// Empty when there is no such column.
pub(crate) fn segment_subsets<'a, R>(
    t: &'a Table<R>,
    name: Option<&str>,
) -> Vec<(String, Vec<&'a R>)> {
    let Some(seg) = name.and_then(|n| t.segments.iter().find(|s| s.name == n)) else {
        return Vec::new();
    };
    let mut groups: Vec<Vec<&R>> = vec![Vec::new(); seg.values.len()];
    for (row, code) in t.rows.iter().zip(&seg.codes) {
        if let Some(g) = groups.get_mut(*code as usize) {
            g.push(row);
        }
    }
    seg.values.iter().cloned().zip(groups).filter(|(_, g)| !g.is_empty()).collect()
}

#[cfg(test)]
pub(crate) mod tests;
