//! The report of `kpi --json` and of the app's exports: every metric of one dataset for the
//! whole range, per period and per segment value, as one JSON object
//! `{kind, rows, rejected, metrics, periods:[{period, metrics}], segments:{VALUE:{…}}}`,
//! and the same as a readable table (`Report::to_text`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::dataset::{Dataset, DatasetKind, Money, Rejected, Subscriptions, SurveyType, Table};
use crate::i18n::Lang;

use super::period::{close_open_ends, in_range, PeriodKey, PeriodKind};
use super::subscriptions::{self as subs, MrrLedger, MrrMonth, MrrSeries, MrrTable};
use super::survey::{self, SurveyMetrics};
use super::{funnel, health, orders, tickets, usage};

/// Which definition of net MRR churn is reported as `net_mrr_churn_rate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetChurnPreset {
    /// (churn + contraction − expansion) / start MRR.
    #[default]
    Standard,
    /// ChartMogul: also subtracts reactivation.
    ChartMogul,
}

/// Whether a higher value of a health signal is better or worse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    HigherIsWorse,
}

/// One signal of the health score: a numeric column, its weight and direction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthSignal {
    /// Column name as written in the file.
    pub column: String,
    pub weight: f64,
    pub direction: Direction,
}

/// Health bands: red below `red_below`, green from `green_from`, amber between.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthBands {
    pub red_below: f64,
    pub green_from: f64,
}

impl Default for HealthBands {
    fn default() -> Self {
        HealthBands {
            red_below: 40.0,
            green_from: 70.0,
        }
    }
}

/// The options of the catalogue. `Default` = the catalogue's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricOptions {
    /// How survey rows without a `survey` type are read (default NPS).
    pub survey_type: SurveyType,
    /// CSAT scale: 5 (default), 7 or 10.
    pub csat_scale: u8,
    /// Lowest satisfied score; `None` = the top two boxes.
    pub csat_threshold: Option<u8>,
    /// CES scale: 7 (default) or 5.
    pub ces_scale: u8,
    /// The CES question was asked the other way round (low = easy).
    pub ces_lower_is_easier: bool,
    /// Surveys sent, for `response_rate`.
    pub surveys_sent: Option<u64>,
    /// Gross margin as a fraction (default 1.0 = 100 %), for LTV and CAC payback.
    pub gross_margin: f64,
    /// LTV with the customer churn rate averaged over this many months (ChartMogul: 6).
    pub ltv_churn_average_months: Option<u32>,
    /// Definition of `net_mrr_churn_rate`.
    pub net_churn: NetChurnPreset,
    /// Also compute NRR over 12 months (`nrr_12m`).
    pub nrr_12m: bool,
    /// Customer lifespan in years for CLV, instead of the one measured from the orders.
    pub customer_lifespan_years: Option<f64>,
    /// Number of customers, for `tickets_per_customer` instead of distinct customers.
    pub customer_count: Option<u64>,
    /// Feature whose first use counts as "value" for `time_to_value_days` (None = any event).
    pub time_to_value_feature: Option<String>,
    /// ARPA (per month) for `cac_payback_months` when the funnel data has none.
    pub arpa: Option<f64>,
    /// Health signals; empty = every numeric column, weight 1, higher is better.
    pub health_signals: Vec<HealthSignal>,
    pub health_bands: HealthBands,
}

impl Default for MetricOptions {
    fn default() -> Self {
        MetricOptions {
            survey_type: SurveyType::Nps,
            csat_scale: 5,
            csat_threshold: None,
            ces_scale: 7,
            ces_lower_is_easier: false,
            surveys_sent: None,
            gross_margin: 1.0,
            ltv_churn_average_months: None,
            net_churn: NetChurnPreset::Standard,
            nrr_12m: true,
            customer_lifespan_years: None,
            customer_count: None,
            time_to_value_feature: None,
            arpa: None,
            health_signals: Vec::new(),
            health_bands: HealthBands::default(),
        }
    }
}

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

/// Builds a JSON map of metric keys; non-finite numbers become `null`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keys(pub Map<String, Value>);

impl Keys {
    pub fn new() -> Self {
        Keys(Map::new())
    }
    pub fn num(&mut self, key: &str, v: Option<f64>) -> &mut Self {
        self.0.insert(key.into(), num(v));
        self
    }
    pub fn int(&mut self, key: &str, v: usize) -> &mut Self {
        self.0.insert(key.into(), Value::from(v as u64));
        self
    }
    pub fn money(&mut self, key: &str, v: Option<Money>) -> &mut Self {
        self.0.insert(key.into(), money(v));
        self
    }
    pub fn bool(&mut self, key: &str, v: Option<bool>) -> &mut Self {
        self.0
            .insert(key.into(), v.map_or(Value::Null, Value::Bool));
        self
    }
    pub fn val(&mut self, key: &str, v: Value) -> &mut Self {
        self.0.insert(key.into(), v);
        self
    }
    pub fn json<T: Serialize>(&mut self, key: &str, v: &T) -> &mut Self {
        self.0
            .insert(key.into(), serde_json::to_value(v).unwrap_or(Value::Null));
        self
    }
    pub fn done(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}

/// Money in serialised result structs: a JSON number (the exact decimal converted only
/// here), like the money keys of the report.
pub mod money_json {
    use rust_decimal::prelude::ToPrimitive;
    use serde::Serializer;

    use crate::dataset::Money;

    pub fn ser<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
        match m.to_f64() {
            Some(f) if f.is_finite() => s.serialize_f64(f),
            _ => s.serialize_none(),
        }
    }

    pub fn opt<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => ser(m, s),
            None => s.serialize_none(),
        }
    }
}

/// A float as JSON, `null` when undefined or not finite.
pub(crate) fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => Value::from(x),
        _ => Value::Null,
    }
}

/// Money as a JSON number (converted from the exact decimal only here).
pub(crate) fn money(v: Option<Money>) -> Value {
    num(v.and_then(|m| m.to_f64()))
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

// ---- 1. Survey ------------------------------------------------------------------------

/// The keys of section 1 for one group.
pub fn survey_keys(m: &SurveyMetrics) -> Map<String, Value> {
    let (n, c, e) = (&m.nps, &m.csat, &m.ces);
    Keys::new()
        .int("n", m.responses)
        .int("responses", m.responses)
        .num("nps", n.nps)
        .int("nps_n", n.n)
        .int("nps_promoters", n.promoters)
        .int("nps_passives", n.passives)
        .int("nps_detractors", n.detractors)
        .num("nps_promoters_pct", n.promoters_pct)
        .num("nps_passives_pct", n.passives_pct)
        .num("nps_detractors_pct", n.detractors_pct)
        .num("nps_moe95", n.moe95)
        .num("nps_ci95_low", n.ci95_low)
        .num("nps_ci95_high", n.ci95_high)
        .num("nps_adj_ci95_low", n.adj_ci95_low)
        .num("nps_adj_ci95_high", n.adj_ci95_high)
        .bool("nps_small_sample", (n.n > 0).then_some(n.small_sample))
        .num("csat", c.csat)
        .int("csat_n", c.n)
        .int("csat_satisfied", c.satisfied)
        .num("csat_mean", c.mean)
        .num("csat_ci95_low", c.ci95_low)
        .num("csat_ci95_high", c.ci95_high)
        .num("ces", e.ces)
        .int("ces_n", e.n)
        .num("ces_easy_pct", e.easy_pct)
        .num("response_rate", m.response_rate)
        .done()
}

fn survey_report(
    t: &crate::dataset::Table<crate::dataset::SurveyResponse>,
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
    last: &crate::dataset::Table<crate::dataset::SurveyResponse>,
    o: &MetricOptions,
    ro: &ReportOptions,
) -> (Report, SurveyMetrics) {
    let values = ro.segment.as_deref().and_then(|n| last.segment(n)).map(|s| s.values.as_slice());
    let (b, phrases) = tally.finish(values);
    let total = b.total.metrics(o);
    let mut metrics = survey_keys(&total);
    let (csat_scale, csat_threshold) = survey::csat_scale(o.csat_scale, o.csat_threshold);
    let mut k = Keys(std::mem::take(&mut metrics));
    k.int("csat_scale", csat_scale.into())
        .int("csat_threshold", csat_threshold.into())
        .int("ces_scale", total.ces.scale.into())
        .bool("ces_lower_is_easier", Some(o.ces_lower_is_easier))
        .json("nps_distribution", &total.nps.distribution)
        .json("csat_distribution", &total.csat.distribution)
        .json("ces_distribution", &total.ces.distribution);
    k.json("comments", &phrases);
    let metrics = k.done();

    let mut periods = Vec::with_capacity(b.periods.len());
    let mut prev: Option<SurveyMetrics> = None;
    for (key, counts) in &b.periods {
        let m = counts.metrics(o);
        let mut map = Keys(survey_keys(&m));
        // surveys sent is a total: no rate per period
        map.num("response_rate", None);
        let p = prev.as_ref();
        let diff = |a: Option<f64>, b: Option<f64>| Some(a? - b?);
        let z = p.and_then(|p| survey::nps_diff_z(&m.nps, &p.nps));
        map.num("nps_change", p.and_then(|p| diff(m.nps.nps, p.nps.nps)))
            .num("nps_diff_z", z)
            .bool("nps_change_significant", z.map(survey::is_significant))
            .num(
                "csat_change",
                p.and_then(|p| diff(m.csat.csat, p.csat.csat)),
            )
            .num("ces_change", p.and_then(|p| diff(m.ces.ces, p.ces.ces)));
        periods.push(PeriodReport {
            period: ro.period.label(*key),
            metrics: map.done(),
        });
        prev = Some(m);
    }

    let mut segments = BTreeMap::new();
    for (value, counts) in &b.segments {
        let m = counts.metrics(o);
        let rest = b.total.minus(counts).metrics(o);
        let z = survey::nps_diff_z(&m.nps, &rest.nps);
        let mut map = Keys(survey_keys(&m));
        map.num("response_rate", None);
        map.num("nps_diff_z_vs_rest", z)
            .bool("nps_vs_rest_significant", z.map(survey::is_significant));
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
    seg.values
        .iter()
        .cloned()
        .zip(groups)
        .filter(|(_, g)| !g.is_empty())
        .collect()
}

// ---- 2. Subscriptions -----------------------------------------------------------------

/// The keys of one period of the MRR series.
pub fn mrr_period_keys(p: &MrrMonth, o: &MetricOptions, ltv: Option<f64>) -> Map<String, Value> {
    let mv = p.movement.as_ref();
    let m = |f: fn(&subs::MrrMovement) -> Money| mv.map(f);
    let c =
        |f: fn(&subs::MrrMovement) -> usize| mv.map_or(Value::Null, |x| Value::from(f(x) as u64));
    Keys::new()
        .bool("gap", Some(false))
        .val("month", Value::from(PeriodKind::Month.label(p.month)))
        .money("mrr", Some(p.mrr))
        .money("arr", Some(p.arr()))
        .int("customers", p.customers)
        .money("arpa", p.arpa())
        .money("mrr_new", m(|x| x.new))
        .money("mrr_expansion", m(|x| x.expansion))
        .money("mrr_contraction", m(|x| x.contraction))
        .money("mrr_churn", m(|x| x.churn))
        .money("mrr_reactivation", m(|x| x.reactivation))
        .money("mrr_start", m(|x| x.start_mrr))
        .val("customers_start", c(|x| x.customers_start))
        .val("new_customers", c(|x| x.new_customers))
        .val("reactivated_customers", c(|x| x.reactivated_customers))
        .val("churned_customers", c(|x| x.churned_customers))
        .num("customer_churn_rate", p.customer_churn_rate())
        .num("retention_rate", p.retention_rate())
        .num("gross_mrr_churn_rate", p.gross_mrr_churn_rate())
        .num("net_mrr_churn_rate", p.net_mrr_churn_rate(o.net_churn))
        .num(
            "net_mrr_churn_rate_chartmogul",
            p.net_mrr_churn_rate(NetChurnPreset::ChartMogul),
        )
        .num("expansion_rate", p.expansion_rate())
        .num("grr", p.grr())
        .num("nrr", p.nrr())
        .num("nrr_12m", if o.nrr_12m { p.nrr_12m } else { None })
        .num("quick_ratio", p.quick_ratio())
        .num("ltv", ltv)
        .done()
}

/// The same keys, all `null`, for a period without data.
fn gap_keys(template: &Map<String, Value>) -> Map<String, Value> {
    let mut m: Map<String, Value> = template.keys().map(|k| (k.clone(), Value::Null)).collect();
    m.insert("gap".into(), Value::Bool(true));
    m
}

/// The whole-range keys of an MRR table.
fn subscription_keys(
    t: &MrrTable,
    monthly: &MrrSeries,
    o: &MetricOptions,
    with_cohorts: bool,
) -> Map<String, Value> {
    let s = subs::subscription_metrics(monthly, o);
    let mv = &s.movement;
    let mut k = Keys::new();
    k.int("n", t.rows_used)
        .money("mrr", s.mrr)
        .money("arr", s.arr)
        .val(
            "customers",
            s.customers.map_or(Value::Null, |c| Value::from(c as u64)),
        )
        .money("arpa", s.arpa)
        .money("mrr_new", Some(mv.new))
        .money("mrr_expansion", Some(mv.expansion))
        .money("mrr_contraction", Some(mv.contraction))
        .money("mrr_churn", Some(mv.churn))
        .money("mrr_reactivation", Some(mv.reactivation))
        .int("new_customers", mv.new_customers)
        .int("reactivated_customers", mv.reactivated_customers)
        .int("churned_customers", mv.churned_customers)
        .num("customer_churn_rate", s.customer_churn_rate)
        .num("retention_rate", s.retention_rate)
        .num("gross_mrr_churn_rate", s.gross_mrr_churn_rate)
        .num("net_mrr_churn_rate", s.net_mrr_churn_rate)
        .num(
            "net_mrr_churn_rate_chartmogul",
            s.net_mrr_churn_rate_chartmogul,
        )
        .num("expansion_rate", s.expansion_rate)
        .num("grr", s.grr)
        .num("nrr", s.nrr)
        .num("nrr_12m", s.nrr_12m)
        .num("quick_ratio", s.quick_ratio)
        .num("ltv", s.ltv)
        .num("ltv_churn_rate", s.ltv_churn_rate)
        .num("gross_margin", Some(o.gross_margin))
        .val(
            "month_start",
            s.start_month
                .map_or(Value::Null, |m| PeriodKind::Month.label(m).into()),
        )
        .val(
            "month_end",
            s.end_month
                .map_or(Value::Null, |m| PeriodKind::Month.label(m).into()),
        )
        .int("months", t.months)
        .json(
            "gaps",
            &t.gaps()
                .into_iter()
                .map(|g| PeriodKind::Month.label(g))
                .collect::<Vec<_>>(),
        );
    if t.truncated {
        k.bool("truncated", Some(true));
    }
    if with_cohorts {
        k.json("cohorts", &subs::cohorts(t).cohorts);
    }
    k.done()
}

/// The per-period entries (gaps included, in order) of an MRR table.
fn subscription_periods(
    t: &MrrTable,
    monthly: &MrrSeries,
    o: &MetricOptions,
    kind: PeriodKind,
) -> Vec<PeriodReport> {
    let quarterly;
    let series: &MrrSeries = if kind == PeriodKind::Quarter {
        quarterly = subs::mrr_series(t, kind);
        &quarterly
    } else {
        monthly
    };
    let ltv_at = |month: i32| -> Option<f64> {
        let i = monthly.points.iter().position(|p| p.month == month)?;
        let p = monthly.points.get(i)?;
        let churn = subs::ltv_churn_rate(&monthly.points, i, o.ltv_churn_average_months);
        subs::ltv(p.arpa(), o.gross_margin, churn)
    };
    let mut entries: Vec<(i32, Option<Map<String, Value>>)> = series
        .points
        .iter()
        .map(|p| (p.period, Some(mrr_period_keys(p, o, ltv_at(p.month)))))
        .collect();
    entries.extend(series.gaps.iter().map(|&g| (g, None)));
    entries.sort_by_key(|e| e.0);
    let template = mrr_period_keys(&MrrMonth::default(), o, None);
    entries
        .into_iter()
        .map(|(k, m)| PeriodReport {
            period: series.kind.label(k),
            metrics: m.unwrap_or_else(|| gap_keys(&template)),
        })
        .collect()
}

fn subscriptions_report(s: &Subscriptions, o: &MetricOptions, ro: &ReportOptions) -> Report {
    let seg = ro.segment.as_deref();
    match s {
        Subscriptions::Snapshots(t) => {
            let mut ledger = subs::SnapshotLedger::new(ro.range, seg);
            ledger.add(t);
            mrr_report_from(ledger, t, o, ro)
        }
        Subscriptions::Rows(t) => {
            let mut ledger = subs::SubscriptionLedger::new(ro.range, seg);
            ledger.add(t);
            mrr_report_from(ledger, t, o, ro)
        }
    }
}

/// The subscriptions report from a ledger of every row (either shape); `last` is the whole
/// table or the last chunk of a streaming import (it carries the segment values).
pub fn mrr_report_from<L: subs::MrrLedger>(
    ledger: L,
    last: &crate::dataset::Table<L::Row>,
    o: &MetricOptions,
    ro: &ReportOptions,
) -> Report {
    let values = ro.segment.as_deref().and_then(|n| last.segment(n)).map(|s| s.values.as_slice());
    let (table, segments) = ledger.finish(values);
    mrr_report(&table, &segments, o, ro)
}

fn mrr_report(
    table: &MrrTable,
    segments: &[(String, MrrTable)],
    o: &MetricOptions,
    ro: &ReportOptions,
) -> Report {
    let monthly = subs::mrr_series(table, PeriodKind::Month);
    let mut metrics = subscription_keys(table, &monthly, o, true);
    if ro.period == PeriodKind::Week {
        // MRR is monthly: weeks fall back to months
        metrics.insert("period_kind".into(), Value::from("month"));
    }
    Report {
        kind: DatasetKind::Subscriptions,
        rows: table.rows_used,
        rejected: table.rejected.clone(),
        metrics,
        periods: subscription_periods(table, &monthly, o, ro.period),
        segments: segments
            .iter()
            .map(|(v, t)| {
                let monthly = subs::mrr_series(t, PeriodKind::Month);
                (v.clone(), subscription_keys(t, &monthly, o, false))
            })
            .collect(),
    }
}

// ---- sections 3–7: dated rows, recomputed per period and per segment -------------------

/// Whole range, every period from the first to the last dated row (periods without rows
/// included, with the metrics of no rows), and every segment value. `keys` computes the
/// keys, the metric's own rejections and the rows used from some rows and the span they
/// were selected for (the range, or a period's first and last day).
fn dated_report<R>(
    kind: DatasetKind,
    t: &Table<R>,
    ro: &ReportOptions,
    date: impl Fn(&R) -> Option<NaiveDate>,
    keys: impl Fn(&[&R], Option<(NaiveDate, NaiveDate)>) -> (Map<String, Value>, Vec<Rejected>, usize),
) -> Report {
    let inside = |r: &R| ro.range.is_none() || date(r).is_some_and(|d| in_range(d, ro.range));
    let rows: Vec<&R> = t.rows.iter().filter(|r| inside(r)).collect();
    let dates = || rows.iter().filter_map(|r| date(r));
    let range = close_open_ends(ro.range, (NaiveDate::MIN, NaiveDate::MAX), dates().min(), dates().max());
    // every group carries `n`, the rows it used
    let keys = |rows: &[&R], span| {
        let (mut m, rej, used) = keys(rows, span);
        m.insert("n".into(), Value::from(used as u64));
        (m, rej, used)
    };
    let (metrics, rejected, used) = keys(&rows, range);

    let mut by_period: std::collections::HashMap<PeriodKey, Vec<&R>> =
        std::collections::HashMap::new();
    for r in &rows {
        if let Some(d) = date(r) {
            by_period.entry(ro.period.key(d)).or_default().push(r);
        }
    }
    let mut periods = Vec::new();
    {
        for k in super::period::listed_periods(by_period.keys().copied().collect()) {
            let span = ro
                .period
                .first_day(k)
                .zip(ro.period.last_day(k))
                .map(|(a, b)| match range {
                    Some((ra, rb)) => (a.max(ra), b.min(rb)),
                    None => (a, b),
                });
            let empty = Vec::new();
            let (m, _, _) = keys(by_period.get(&k).unwrap_or(&empty), span);
            periods.push(PeriodReport {
                period: ro.period.label(k),
                metrics: m,
            });
        }
    }

    let segments = segment_subsets(t, ro.segment.as_deref())
        .into_iter()
        .filter_map(|(v, rs)| {
            let rs: Vec<&R> = rs.into_iter().filter(|r| inside(r)).collect();
            (!rs.is_empty()).then(|| (v, keys(&rs, range).0))
        })
        .collect();
    Report {
        kind,
        rows: used,
        rejected,
        metrics,
        periods,
        segments,
    }
}

/// The keys of section 3.
pub fn order_keys(m: &orders::OrderMetrics) -> Map<String, Value> {
    Keys::new()
        .int("orders", m.orders)
        .int("customers", m.customers)
        .money("revenue", Some(m.revenue))
        .money("avg_purchase_value", m.avg_purchase_value)
        .num("purchase_frequency", m.purchase_frequency)
        .num("years_of_data", m.years_of_data)
        .num("customer_lifespan_years", m.customer_lifespan_years)
        .bool("lifespan_is_input", Some(m.lifespan_is_input))
        .num("clv", m.clv)
        .int("repeat_customers", m.repeat_customers)
        .num("repeat_purchase_rate", m.repeat_purchase_rate)
        .money("arpu", m.arpu)
        .done()
}

/// Mean under `key`, plus `_median`, `_p90` and `_n`.
fn summary_keys(k: &mut Keys, key: &str, s: &super::stats::Summary) {
    k.num(key, s.mean)
        .num(&format!("{key}_median"), s.median)
        .num(&format!("{key}_p90"), s.p90)
        .int(&format!("{key}_n"), s.n);
}

/// The keys of section 4.
pub fn ticket_keys(m: &tickets::TicketMetrics) -> Map<String, Value> {
    let mut k = Keys::new();
    k.int("tickets", m.tickets)
        .val(
            "customers",
            m.customers.map_or(Value::Null, |c| Value::from(c as u64)),
        )
        .num("tickets_per_customer", m.tickets_per_customer);
    summary_keys(&mut k, "first_response_hours", &m.first_response_hours);
    summary_keys(&mut k, "resolution_hours", &m.resolution_hours);
    let c = &m.support_csat;
    k.int("open_tickets", m.open_tickets)
        .num("fcr", m.fcr)
        .int("fcr_n", m.fcr_n)
        .json("categories", &m.categories)
        .int("uncategorised", m.uncategorised)
        .num("support_csat", c.csat)
        .int("support_csat_n", c.n)
        .num("support_csat_mean", c.mean)
        .num("support_csat_ci95_low", c.ci95_low)
        .num("support_csat_ci95_high", c.ci95_high);
    k.done()
}

/// The keys of section 5.
pub fn usage_keys(m: &usage::UsageMetrics) -> Map<String, Value> {
    let mut k = Keys::new();
    k.int("events", m.events)
        .int("users", m.users)
        .num("dau", m.dau)
        .num("wau", m.wau)
        .num("mau", m.mau)
        .num("stickiness", m.stickiness)
        .num("usage_intensity", m.usage_intensity)
        .json("feature_adoption", &m.feature_adoption)
        .num("avg_session_minutes", m.avg_session_minutes)
        .num("license_utilisation", m.license_utilisation)
        .json("license_utilisation_by_account", &m.accounts);
    summary_keys(&mut k, "time_to_value_days", &m.time_to_value_days);
    k.done()
}

/// The keys of section 6.
pub fn funnel_keys(m: &funnel::FunnelMetrics) -> Map<String, Value> {
    Keys::new()
        .num("visitors", Some(m.conversion.denominator))
        .num("conversions", Some(m.conversion.numerator))
        .num("conversion_rate", m.conversion_rate)
        .num("carts_created", Some(m.carts.denominator))
        .num("purchases_completed", Some(m.carts.numerator))
        .num("cart_abandonment_rate", m.cart_abandonment_rate)
        .num("page_views", Some(m.pages.numerator))
        .num("visits", Some(m.pages.denominator))
        .num("pages_per_visit", m.pages_per_visit)
        .money("spend", Some(m.spend))
        .num("new_customers", Some(m.new_customers))
        .num("cac", m.cac)
        .num("arpa", m.arpa)
        .num("gross_margin", Some(m.gross_margin))
        .num("cac_payback_months", m.cac_payback_months)
        .done()
}

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
        .int("n", s.customers)
        .int("customers", s.customers)
        .int("scored", s.scored)
        .num("health_score", s.mean)
        .num("health_score_median", s.median)
        .int("health_red", s.red)
        .int("health_amber", s.amber)
        .int("health_green", s.green)
        .num("health_red_pct", s.red_pct)
        .num("health_amber_pct", s.amber_pct)
        .num("health_green_pct", s.green_pct)
        .json("health_distribution", &s.distribution)
        .val("at_risk", Value::Array(risk))
        .done()
}

fn health_report(h: &crate::dataset::HealthTable, o: &MetricOptions, ro: &ReportOptions) -> Report {
    let scores = health::health_scores(h, &o.health_signals, o.health_bands);
    let mut k = Keys(health_keys(&scores.customers));
    let list: Vec<Value> = scores
        .customers
        .iter()
        .map(|c| {
            serde_json::json!({"customer": c.customer, "line": c.line, "score": num(c.score), "band": c.band})
        })
        .collect();
    k.val("scores", Value::Array(list))
        .json("signals", &scores.signals)
        .json("unknown_signals", &scores.unknown_signals)
        .json("health_bands", &o.health_bands);
    // segments: customers split by the column, scored within the whole data
    let mut segments = BTreeMap::new();
    if let Some(seg) = ro
        .segment
        .as_deref()
        .and_then(|n| h.table.segments.iter().find(|s| s.name == n))
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

// ---- readable table -------------------------------------------------------------------

/// Keys shown as columns of the per-period and per-segment tables, per kind.
fn headline(kind: DatasetKind) -> &'static [&'static str] {
    match kind {
        DatasetKind::Survey => &[
            "responses",
            "nps",
            "nps_moe95",
            "nps_diff_z",
            "csat",
            "ces",
            "ces_easy_pct",
        ],
        DatasetKind::Subscriptions => &[
            "mrr",
            "customers",
            "arpa",
            "mrr_new",
            "mrr_expansion",
            "mrr_contraction",
            "mrr_churn",
            "customer_churn_rate",
            "grr",
            "nrr",
        ],
        DatasetKind::Orders => &[
            "orders",
            "customers",
            "revenue",
            "avg_purchase_value",
            "clv",
        ],
        DatasetKind::Tickets => &[
            "tickets",
            "first_response_hours",
            "resolution_hours",
            "fcr",
            "support_csat",
        ],
        DatasetKind::Usage => &["dau", "wau", "mau", "stickiness", "usage_intensity"],
        DatasetKind::Funnel => &[
            "conversion_rate",
            "cart_abandonment_rate",
            "pages_per_visit",
            "cac",
        ],
        DatasetKind::Health => &[
            "customers",
            "health_score",
            "health_red",
            "health_amber",
            "health_green",
        ],
    }
}

/// A value for the table: numbers rounded to 2 decimals, "–" for undefined.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "–".into(),
        Some(Value::Number(n)) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (_, Some(i), _) => i.to_string(),
            (_, _, Some(f)) => format!("{f:.2}"),
            _ => n.to_string(),
        },
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a))
            if a.len() <= 24 && a.iter().all(|x| !x.is_array() && !x.is_object()) =>
        {
            a.iter()
                .map(|x| cell(Some(x)))
                .collect::<Vec<_>>()
                .join(" ")
        }
        Some(Value::Array(a)) => format!("[{} items]", a.len()),
        Some(Value::Object(_)) => "{…}".into(),
    }
}

fn table(out: &mut String, first: &str, cols: &[&str], rows: &[(String, &Map<String, Value>)]) {
    let mut widths: Vec<usize> = std::iter::once(first.chars().count())
        .chain(cols.iter().map(|c| c.chars().count()))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|(label, m)| {
            std::iter::once(label.clone())
                .chain(cols.iter().map(|c| cell(m.get(*c))))
                .collect()
        })
        .collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |out: &mut String, row: Vec<&str>| {
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            let pad = w.saturating_sub(c.chars().count());
            if i == 0 {
                out.push_str(c);
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str("  ");
                out.push_str(&" ".repeat(pad));
                out.push_str(c);
            }
        }
        out.push('\n');
    };
    line(
        out,
        std::iter::once(first).chain(cols.iter().copied()).collect(),
    );
    for row in &cells {
        line(out, row.iter().map(String::as_str).collect());
    }
}

/// A list of objects as a table (first 20 entries), columns from the first object.
fn list_table(out: &mut String, items: &[Value]) {
    let Some(Value::Object(first)) = items.first() else {
        return;
    };
    let cols: Vec<&str> = first.keys().map(String::as_str).collect();
    let rows: Vec<(String, &Map<String, Value>)> = items
        .iter()
        .take(20)
        .enumerate()
        .filter_map(|(i, v)| v.as_object().map(|m| ((i + 1).to_string(), m)))
        .collect();
    table(out, "#", &cols, &rows);
    if items.len() > 20 {
        out.push_str(&format!("… {}\n", items.len() - 20));
    }
}

impl Report {
    /// The report as a readable table in the UI's language.
    pub fn to_text(&self, lang: Lang) -> String {
        let de = lang == Lang::De;
        let mut out = String::new();
        out.push_str(&format!(
            "{}: {} {}, {} {}\n\n",
            self.kind.as_str(),
            self.rows,
            if de { "Zeilen verwendet" } else { "rows used" },
            self.rejected.len(),
            if de { "abgelehnt" } else { "rejected" },
        ));
        let width = self
            .metrics
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        out.push_str(&format!(
            "{:width$}  {}\n",
            if de { "Kennzahl" } else { "metric" },
            if de { "Wert" } else { "value" }
        ));
        for (k, v) in &self.metrics {
            out.push_str(&format!("{k:width$}  {}\n", cell(Some(v))));
        }
        // lists (categories, feature adoption, at-risk customers, cohorts …) as sub-tables
        for (k, v) in &self.metrics {
            match v {
                Value::Array(items) if items.first().is_some_and(Value::is_object) => {
                    out.push_str(&format!("\n{k}\n"));
                    list_table(&mut out, items);
                }
                Value::Object(groups) if k == "comments" => {
                    for (group, counts) in groups {
                        for what in ["words", "phrases"] {
                            let terms: Vec<String> = counts[what]
                                .as_array()
                                .map(|a| {
                                    a.iter()
                                        .take(10)
                                        .map(|t| {
                                            format!(
                                                "{} ({})",
                                                cell(t.get("term")),
                                                cell(t.get("count"))
                                            )
                                        })
                                        .collect()
                                })
                                .unwrap_or_default();
                            out.push_str(&format!("\n{k} {group} {what}: {}", terms.join(", ")));
                        }
                    }
                    out.push('\n');
                }
                _ => {}
            }
        }
        let cols: Vec<&str> = headline(self.kind).to_vec();
        if !self.periods.is_empty() {
            out.push('\n');
            let rows: Vec<(String, &Map<String, Value>)> = self
                .periods
                .iter()
                .map(|p| (p.period.clone(), &p.metrics))
                .collect();
            table(
                &mut out,
                if de { "Zeitraum" } else { "period" },
                &cols,
                &rows,
            );
        }
        if !self.segments.is_empty() {
            out.push('\n');
            let rows: Vec<(String, &Map<String, Value>)> = self
                .segments
                .iter()
                .map(|(k, m)| {
                    (
                        if k.is_empty() {
                            "(–)".into()
                        } else {
                            k.clone()
                        },
                        m,
                    )
                })
                .collect();
            table(&mut out, "segment", &cols, &rows);
        }
        if !self.rejected.is_empty() {
            out.push('\n');
            out.push_str(if de {
                "Abgelehnte Zeilen\n"
            } else {
                "Rejected rows\n"
            });
            for r in &self.rejected {
                out.push_str(&format!(
                    "{} {}, {}: {}\n",
                    if de { "Zeile" } else { "line" },
                    r.line,
                    r.column,
                    r.reason.message(lang)
                ));
            }
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::metrics::stats::close;
    use crate::dataset::{RejectReason, SegmentColumn, SurveyResponse, Table};
    use chrono::Datelike;

    pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn f(m: &Map<String, Value>, k: &str) -> Option<f64> {
        m.get(k)
            .unwrap_or_else(|| panic!("key {k} missing"))
            .as_f64()
    }


    /// Scans a JSON value for numbers that are not finite (serde_json cannot hold them, but
    /// the text form must not contain NaN/inf either).
    pub fn assert_no_nan(r: &Report) {
        let v = serde_json::to_value(r).unwrap();
        fn walk(v: &Value) {
            match v {
                Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite), "{n}"),
                Value::Array(a) => a.iter().for_each(walk),
                Value::Object(o) => o.values().for_each(walk),
                _ => {}
            }
        }
        walk(&v);
        for key in ["kind", "rows", "rejected", "metrics", "periods", "segments"] {
            assert!(v.get(key).is_some(), "{key} missing");
        }
        // the text form of the numbers (the rejection reasons may quote a "NaN" of the input)
        let numbers = serde_json::to_string(&(&r.metrics, &r.periods)).unwrap();
        assert!(!numbers.contains("NaN") && !numbers.contains("Infinity"));
    }

    pub fn survey_table() -> Table<SurveyResponse> {
        let rows = [
            (2, 10., Some(d(2024, 1, 5)), SurveyType::Nps, 0),
            (3, 9., Some(d(2024, 1, 20)), SurveyType::Nps, 1),
            (4, 0., Some(d(2024, 1, 31)), SurveyType::Nps, 0),
            (5, 4., Some(d(2024, 1, 10)), SurveyType::Csat, 0),
            (6, 11., Some(d(2024, 1, 11)), SurveyType::Nps, 1),
            (7, 10., Some(d(2024, 3, 1)), SurveyType::Nps, 1),
            (8, 10., Some(d(2024, 3, 2)), SurveyType::Nps, 0),
            (9, 6., Some(d(2024, 3, 3)), SurveyType::Ces, 0),
            (10, 8., None, SurveyType::Nps, 1),
        ];
        Table {
            rows: rows
                .iter()
                .map(|&(line, score, date, t, _)| SurveyResponse {
                    line,
                    score,
                    date,
                    survey: Some(t),
                    customer: None,
                    comment: None,
                })
                .collect(),
            segments: vec![SegmentColumn {
                name: "plan".into(),
                values: vec!["A".into(), "B".into()],
                codes: rows.iter().map(|r| r.4).collect(),
            }],
            rejected: vec![Rejected {
                line: 11,
                column: "Bewertung".into(),
                reason: RejectReason::Missing,
            }],
            headers: vec![("score", "Bewertung".into())],
        }
    }

    #[test]
    fn survey_report_whole_range_periods_segments() {
        let ds = Dataset::Survey(survey_table());
        let ro = ReportOptions {
            segment: Some("plan".into()),
            ..Default::default()
        };
        let r = report(&ds, &MetricOptions::default(), &ro);
        assert_no_nan(&r);
        assert_eq!(r.kind, DatasetKind::Survey);
        // 9 rows, line 6 rejected (11 outside 0–10)
        assert_eq!(r.rows, 8);
        let lines: Vec<usize> = r.rejected.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![6, 11]);
        // NPS: 10, 9, 0, 10, 10, 8 → P 4, D 1, n 6
        close(f(&r.metrics, "nps"), 50.0);
        assert_eq!(r.metrics["nps_n"], 6);
        close(f(&r.metrics, "csat"), 100.0);
        close(f(&r.metrics, "ces"), 6.0);
        close(f(&r.metrics, "ces_easy_pct"), 100.0);
        assert_eq!(r.metrics["responses"], 8);
        assert_eq!(r.metrics["response_rate"], Value::Null);
        assert_eq!(
            r.metrics["nps_distribution"],
            serde_json::json!([1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3])
        );
        // periods: Jan, Feb (no rows: nulls, not zeros), Mar
        let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, vec!["2024-01", "2024-02", "2024-03"]);
        let (jan, feb, mar) = (
            &r.periods[0].metrics,
            &r.periods[1].metrics,
            &r.periods[2].metrics,
        );
        close(f(jan, "nps"), 33.333333333333336);
        assert_eq!(jan["nps_change"], Value::Null);
        assert_eq!(feb["nps"], Value::Null);
        assert_eq!(feb["responses"], 0);
        assert_eq!(feb["nps_diff_z"], Value::Null);
        close(f(mar, "nps"), 100.0);
        // the previous period (Feb) has no answers: no change
        assert_eq!(mar["nps_change"], Value::Null);
        // segments: A = 10, 0, 10 → 33.3; B = 9, 10, 8 → 66.7
        close(f(&r.segments["A"], "nps"), 33.333333333333336);
        close(f(&r.segments["B"], "nps"), 66.66666666666667);
        close(
            f(&r.segments["A"], "nps_diff_z_vs_rest"),
            -0.5477225575051661,
        );
        // the JSON shape of the contract
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["kind"], "survey");
        assert_eq!(v["rejected"][0]["line"], 6);
        // the metric rejects by field key; the report names the header the user knows
        assert_eq!(v["rejected"][0]["column"], "Bewertung");
        assert_eq!(v["rejected"][0]["reason"], "11 is outside the scale 0–10");
        assert_eq!(v["periods"][0]["period"], "2024-01");
        assert!(v["segments"]["B"]["nps"].is_number());
        let text = r.to_text(Lang::De);
        assert!(
            text.contains("2024-02") && text.contains("Zeile 6"),
            "{text}"
        );
    }

    #[test]
    fn survey_change_between_consecutive_periods() {
        let mut t = survey_table();
        t.rows
            .retain(|r| r.date.is_some_and(|d| d.month() == 1) || r.line == 7);
        t.rows.iter_mut().for_each(|r| {
            if r.line == 7 {
                r.date = Some(d(2024, 2, 1));
            }
        });
        t.segments.clear();
        let r = report(
            &Dataset::Survey(t),
            &MetricOptions::default(),
            &ReportOptions::default(),
        );
        let feb = &r.periods[1].metrics;
        // Jan 33.3 (P 2, D 1, n 3), Feb 100 (n 1, var 0): z = 66.7/(100·√(8/9/3))
        close(f(feb, "nps_change"), 66.66666666666666);
        let z = (200.0 / 3.0) / (100.0 * (8.0f64 / 27.0).sqrt());
        close(f(feb, "nps_diff_z"), z);
        assert_eq!(feb["nps_change_significant"], false);
        assert_eq!(feb["csat_change"], Value::Null);
    }

    #[test]
    fn survey_range_and_week_and_untyped_rows() {
        let mut t = survey_table();
        t.rows.iter_mut().for_each(|r| r.survey = None);
        let ro = ReportOptions {
            period: PeriodKind::Week,
            range: Some((d(2024, 1, 1), d(2024, 1, 31))),
            ..Default::default()
        };
        let o = MetricOptions {
            surveys_sent: Some(10),
            ..Default::default()
        };
        let r = report(&Dataset::Survey(t), &o, &ro);
        // in range: lines 2–6; as NPS: 10, 9, 0, 4 (6 rejected)
        assert_eq!(r.rows, 4);
        close(f(&r.metrics, "nps"), 0.0);
        close(f(&r.metrics, "response_rate"), 40.0);
        assert_eq!(r.periods[0].metrics["response_rate"], Value::Null);
        let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(
            labels,
            vec!["2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05"]
        );
        assert_no_nan(&r);
    }

    #[test]
    fn survey_single_period() {
        let mut t = survey_table();
        t.rows.retain(|r| r.date.is_some_and(|d| d.month() == 3));
        t.segments.clear();
        let r = report(
            &Dataset::Survey(t),
            &MetricOptions::default(),
            &ReportOptions::default(),
        );
        assert_eq!(r.periods.len(), 1);
        assert_eq!(r.periods[0].period, "2024-03");
        assert_eq!(r.periods[0].metrics["nps_change"], Value::Null);
        assert_eq!(r.periods[0].metrics["nps_diff_z"], Value::Null);
        assert_eq!(r.periods[0].metrics["n"], 3);
        close(f(&r.periods[0].metrics, "nps"), 100.0);
        assert_eq!(r.periods[0].metrics["nps"], r.metrics["nps"]);
    }

    #[test]
    fn empty_survey() {
        let r = report(
            &Dataset::Survey(Table::default()),
            &MetricOptions::default(),
            &ReportOptions::default(),
        );
        assert_eq!(r.rows, 0);
        assert_eq!(r.metrics["nps"], Value::Null);
        assert_eq!(r.metrics["csat"], Value::Null);
        assert!(r.periods.is_empty());
        assert_no_nan(&r);
    }

    #[test]
    fn options_roundtrip_and_defaults() {
        let o = MetricOptions::default();
        let s = serde_json::to_string(&o).unwrap();
        assert_eq!(serde_json::from_str::<MetricOptions>(&s).unwrap(), o);
        let partial: MetricOptions = serde_json::from_str(r#"{"csat_scale":7}"#).unwrap();
        assert_eq!(partial.csat_scale, 7);
        assert_eq!(partial.gross_margin, 1.0);
        assert_eq!(num(Some(f64::NAN)), Value::Null);
        assert_eq!(money(Some(Money::new(1050, 2))), serde_json::json!(10.5));
    }

    #[test]
    fn merged_rejections_are_sorted_without_duplicates() {
        let a = Rejected {
            line: 5,
            column: "score".into(),
            reason: RejectReason::Missing,
        };
        let b = Rejected {
            line: 2,
            column: "score".into(),
            reason: RejectReason::Missing,
        };
        let m = merge_rejected(&[a.clone(), b.clone()], vec![a.clone()]);
        assert_eq!(m, vec![b, a]);
    }

    fn snapshots(rows: &[(usize, &str, u32, i64, u32)]) -> Dataset {
        use crate::dataset::{Month, MrrSnapshot};
        Dataset::Subscriptions(Subscriptions::Snapshots(Table {
            rows: rows
                .iter()
                .map(|&(line, c, m, mrr, _)| MrrSnapshot {
                    line,
                    customer: c.into(),
                    month: Month {
                        year: 2024,
                        month: m,
                    },
                    mrr: Money::from(mrr),
                })
                .collect(),
            segments: vec![SegmentColumn {
                name: "plan".into(),
                values: vec!["basic".into(), "pro".into()],
                codes: rows.iter().map(|r| r.4).collect(),
            }],
            ..Default::default()
        }))
    }

    #[test]
    fn subscriptions_report_with_gap_and_segments() {
        // A basic 100 (Jan), – (Feb: no rows at all), 150 (Mar); B pro 50 (Jan), – (Mar)
        let ds = snapshots(&[
            (2, "A", 1, 100, 0),
            (3, "B", 1, 50, 1),
            (4, "A", 3, 150, 0),
            (5, "C", 3, -5, 1),
        ]);
        let ro = ReportOptions {
            segment: Some("plan".into()),
            ..Default::default()
        };
        let r = report(&ds, &MetricOptions::default(), &ro);
        assert_no_nan(&r);
        assert_eq!(r.rows, 3);
        assert_eq!(r.rejected.len(), 1);
        assert_eq!(r.rejected[0].column, "mrr");
        assert_eq!(r.metrics["gaps"], serde_json::json!(["2024-02"]));
        close(f(&r.metrics, "mrr"), 150.0);
        close(f(&r.metrics, "arr"), 1800.0);
        close(f(&r.metrics, "mrr_churn"), 50.0);
        close(f(&r.metrics, "mrr_expansion"), 50.0);
        close(f(&r.metrics, "customer_churn_rate"), 50.0);
        close(f(&r.metrics, "grr"), 100.0 * 100.0 / 150.0);
        close(f(&r.metrics, "nrr"), 100.0);
        close(f(&r.metrics, "quick_ratio"), 1.0);
        close(f(&r.metrics, "ltv"), 300.0);
        assert_eq!(r.metrics["nrr_12m"], Value::Null);
        assert!(r.metrics["cohorts"].is_array());
        // money inside structured values is a number too
        assert_eq!(
            r.metrics["cohorts"][0]["start_mrr"],
            serde_json::json!(150.0)
        );
        let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, vec!["2024-01", "2024-02", "2024-03"]);
        assert_eq!(r.periods[1].metrics["gap"], true);
        assert_eq!(r.periods[1].metrics["mrr"], Value::Null);
        assert_eq!(r.periods[0].metrics["mrr_new"], Value::Null);
        close(f(&r.periods[2].metrics, "mrr_churn"), 50.0);
        // segments in the months of the whole data: basic = A (expansion), pro = B (churned in
        // March; -5 of C is rejected), February is a gap for both
        close(f(&r.segments["basic"], "mrr"), 150.0);
        close(f(&r.segments["basic"], "nrr"), 150.0);
        close(f(&r.segments["pro"], "mrr"), 0.0);
        close(f(&r.segments["pro"], "customer_churn_rate"), 100.0);
        assert_eq!(r.segments["pro"]["gaps"], serde_json::json!(["2024-02"]));
        assert_eq!(r.periods.len(), 3);
        let q = report(
            &ds,
            &MetricOptions::default(),
            &ReportOptions {
                period: PeriodKind::Quarter,
                ..Default::default()
            },
        );
        assert_eq!(q.periods.len(), 1);
        assert_eq!(q.periods[0].period, "2024-Q1");
        assert_no_nan(&q);
        let text = r.to_text(Lang::En);
        assert!(text.contains("2024-02"), "{text}");
    }

    fn dt(m: u32, day: u32, h: u32) -> chrono::NaiveDateTime {
        d(2024, m, day).and_hms_opt(h, 0, 0).unwrap()
    }

    fn seg(name: &str, codes: Vec<u32>, values: &[&str]) -> Vec<SegmentColumn> {
        vec![SegmentColumn {
            name: name.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            codes,
        }]
    }

    /// One small dataset of every kind (with edge cases: an empty month, a rejected row).
    pub fn every_kind() -> Vec<Dataset> {
        use crate::dataset::*;
        let orders = vec![
            Order {
                line: 2,
                customer: "A".into(),
                date: d(2024, 1, 10),
                amount: Money::new(1999, 2),
            },
            Order {
                line: 3,
                customer: "A".into(),
                date: d(2024, 3, 10),
                amount: Money::new(501, 2),
            },
            Order {
                line: 4,
                customer: "B".into(),
                date: d(2024, 3, 11),
                amount: Money::new(-1, 0),
            },
        ];
        let tickets = vec![
            Ticket {
                line: 2,
                ticket: "1".into(),
                created: dt(1, 1, 8),
                customer: Some("A".into()),
                first_response: Some(dt(1, 1, 9)),
                resolved: Some(dt(1, 1, 12)),
                contacts: Some(1),
                first_contact_resolved: None,
                category: Some("bug".into()),
                score: Some(5.0),
            },
            Ticket {
                line: 3,
                ticket: "2".into(),
                created: dt(3, 1, 8),
                customer: None,
                first_response: None,
                resolved: None,
                contacts: None,
                first_contact_resolved: None,
                category: None,
                score: None,
            },
        ];
        let usage = vec![
            UsageEvent {
                line: 2,
                user: "u".into(),
                timestamp: dt(1, 2, 8),
                account: Some("X".into()),
                feature: Some("f".into()),
                duration_minutes: Some(3.0),
                seats: Some(0),
                signup: Some(d(2024, 1, 1)),
            },
            UsageEvent {
                line: 3,
                user: "v".into(),
                timestamp: dt(3, 2, 8),
                account: None,
                feature: None,
                duration_minutes: Some(f64::NAN),
                seats: None,
                signup: None,
            },
        ];
        let funnel = vec![
            FunnelRow {
                line: 2,
                date: Some(d(2024, 1, 1)),
                visitors: Some(0.0),
                conversions: Some(0.0),
                new_customers: Some(0.0),
                marketing_spend: Some(Money::from(5)),
                ..Default::default()
            },
            FunnelRow {
                line: 3,
                date: Some(d(2024, 3, 1)),
                visitors: Some(100.0),
                conversions: Some(3.0),
                ..Default::default()
            },
        ];
        let health = HealthTable {
            signals: vec!["usage".into()],
            table: Table {
                rows: vec![
                    HealthRow {
                        line: 2,
                        customer: "A".into(),
                        values: vec![Some(1.0)],
                    },
                    HealthRow {
                        line: 3,
                        customer: "B".into(),
                        values: vec![None],
                    },
                ],
                segments: seg("plan", vec![0, 1], &["p", "q"]),
                rejected: Vec::new(),
                headers: Vec::new(),
            },
        };
        vec![
            Dataset::Survey(survey_table()),
            snapshots(&[(2, "A", 1, 100, 0), (3, "B", 1, 50, 1), (4, "A", 3, 150, 0)]),
            Dataset::Orders(Table {
                rows: orders,
                segments: seg("plan", vec![0, 0, 1], &["p", "q"]),
                ..Default::default()
            }),
            Dataset::Tickets(Table {
                rows: tickets,
                segments: seg("plan", vec![0, 1], &["p", "q"]),
                ..Default::default()
            }),
            Dataset::Usage(Table {
                rows: usage,
                segments: seg("plan", vec![0, 1], &["p", "q"]),
                ..Default::default()
            }),
            Dataset::Funnel(Table {
                rows: funnel,
                segments: seg("plan", vec![0, 1], &["p", "q"]),
                ..Default::default()
            }),
            Dataset::Health(health),
        ]
    }

    fn empty_of_every_kind() -> Vec<Dataset> {
        use crate::dataset::*;
        vec![
            Dataset::Survey(Table::default()),
            Dataset::Subscriptions(Subscriptions::Snapshots(Table::default())),
            Dataset::Subscriptions(Subscriptions::Rows(Table::default())),
            Dataset::Orders(Table::default()),
            Dataset::Tickets(Table::default()),
            Dataset::Usage(Table::default()),
            Dataset::Funnel(Table::default()),
            Dataset::Health(HealthTable::default()),
        ]
    }

    #[test]
    fn no_nan_in_the_json_of_any_kind() {
        for ds in every_kind().iter().chain(&empty_of_every_kind()) {
            for period in [PeriodKind::Month, PeriodKind::Week, PeriodKind::Quarter] {
                for segment in [None, Some("plan".to_string()), Some("nope".to_string())] {
                    for range in [None, Some((d(2024, 1, 1), d(2024, 2, 29)))] {
                        let ro = ReportOptions {
                            period,
                            segment: segment.clone(),
                            range,
                        };
                        let r = report(ds, &MetricOptions::default(), &ro);
                        assert_eq!(r.kind, ds.kind());
                        assert_no_nan(&r);
                        let _ = r.to_text(Lang::En);
                        let _ = r.to_text(Lang::De);
                    }
                }
            }
        }
    }

    #[test]
    fn orders_tickets_usage_funnel_health_reports() {
        let all = every_kind();
        let o = MetricOptions::default();
        let ro = ReportOptions {
            segment: Some("plan".into()),
            ..Default::default()
        };
        // orders: B's negative amount rejected; A: 19.99 + 5.01
        let r = report(&all[2], &o, &ro);
        assert_eq!((r.rows, r.rejected.len()), (2, 1));
        close(f(&r.metrics, "revenue"), 25.0);
        close(f(&r.metrics, "avg_purchase_value"), 12.5);
        assert_eq!(r.metrics["n"], 2);
        assert_eq!(r.periods[0].metrics["n"], 1);
        close(f(&r.metrics, "repeat_purchase_rate"), 100.0);
        assert_eq!(r.periods.len(), 3);
        assert_eq!(r.periods[1].metrics["orders"], 0);
        assert_eq!(r.periods[1].metrics["avg_purchase_value"], Value::Null);
        // January alone: one order in a 31-day month
        close(
            f(&r.periods[0].metrics, "purchase_frequency"),
            365.25 / 31.0,
        );
        // segment q's only order was rejected: listed, with no orders
        assert_eq!(r.segments["q"]["orders"], 0);
        assert_eq!(r.segments["q"]["clv"], Value::Null);
        // tickets
        let r = report(&all[3], &o, &ro);
        close(f(&r.metrics, "resolution_hours"), 4.0);
        close(f(&r.metrics, "resolution_hours_median"), 4.0);
        close(f(&r.metrics, "first_response_hours_p90"), 1.0);
        assert_eq!(r.metrics["open_tickets"], 1);
        close(f(&r.metrics, "fcr"), 100.0);
        assert_eq!(r.metrics["categories"][0]["category"], "bug");
        close(f(&r.metrics, "support_csat"), 100.0);
        // usage: the NaN duration is rejected
        let r = report(&all[4], &o, &ro);
        assert_eq!(r.rows, 1);
        assert_eq!(r.rejected[0].column, "duration");
        close(f(&r.metrics, "dau"), 1.0);
        assert_eq!(r.metrics["license_utilisation"], Value::Null); // 0 seats
        close(f(&r.metrics, "time_to_value_days"), 1.0);
        // funnel: 3 conversions of 100 visitors; CAC undefined (0 new customers)
        let r = report(&all[5], &o, &ro);
        close(f(&r.metrics, "conversion_rate"), 3.0);
        assert_eq!(r.metrics["cac"], Value::Null);
        assert_eq!(r.periods[0].metrics["conversion_rate"], Value::Null);
        // health: one scored value only → undefined scores
        let r = report(&all[6], &o, &ro);
        assert_eq!(r.metrics["health_score"], Value::Null);
        assert_eq!(r.metrics["scores"][1]["customer"], "B");
        assert_eq!(r.metrics["scores"][1]["band"], Value::Null);
        assert_eq!(r.segments.len(), 2);
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use crate::dataset::*;
    use proptest::prelude::*;

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // mostly 2021–2024, sometimes anywhere chrono can go
        prop_oneof![
            1 => (-300_000i32..3_500_000).prop_filter_map("date", NaiveDate::from_num_days_from_ce_opt),
            12 => (738_000i32..739_000).prop_filter_map("date", NaiveDate::from_num_days_from_ce_opt),
        ]
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            -20.0f64..20.0,
            (0u8..=11).prop_map(f64::from),
            any::<f64>(),
        ]
    }

    fn any_money() -> impl Strategy<Value = Money> {
        prop_oneof![
            (-1000i64..100_000).prop_map(|c| Money::new(c, 2)),
            Just(Money::MAX),
            Just(Money::new(1, 28)),
        ]
    }

    fn segs(n: usize) -> Vec<SegmentColumn> {
        // codes may even be out of range of the values: must not panic
        vec![SegmentColumn {
            name: "s".into(),
            values: vec!["a".into(), "".into()],
            codes: (0..n + 1).map(|i| (i % 3) as u32).collect(),
        }]
    }

    fn check(ds: &Dataset) {
        for period in [PeriodKind::Month, PeriodKind::Week, PeriodKind::Quarter] {
            let ro = ReportOptions {
                period,
                segment: Some("s".into()),
                range: None,
            };
            let r = report(ds, &MetricOptions::default(), &ro);
            super::tests::assert_no_nan(&r);
            let _ = r.to_text(Lang::De);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        #[test]
        fn survey_never_panics(rows in prop::collection::vec((any_f64(), prop::option::of(any_date()), 0u8..4), 0..30)) {
            let rows: Vec<SurveyResponse> = rows.iter().enumerate().map(|(i, &(score, date, t))| SurveyResponse {
                line: i + 2, score, date,
                survey: [None, Some(SurveyType::Nps), Some(SurveyType::Csat), Some(SurveyType::Ces)][t as usize],
                customer: None, comment: Some("gut, sehr gut! great".into()),
            }).collect();
            let n = rows.len();
            check(&Dataset::Survey(Table { rows, segments: segs(n), rejected: Vec::new(), headers: Vec::new() }));
        }

        #[test]
        fn subscriptions_never_panic(
            snaps in prop::collection::vec((0u8..5, prop_oneof![12 => 2022i32..2025, 1 => -5i32..10_005], 0u32..14, any_money()), 0..20),
            subs in prop::collection::vec((0u8..5, any_date(), prop::option::of(any_date()), any_money(), 0u8..4, 0u32..3, any_money()), 0..8),
        ) {
            let rows: Vec<MrrSnapshot> = snaps.iter().enumerate().map(|(i, &(c, y, m, mrr))| MrrSnapshot {
                line: i + 2, customer: format!("c{c}").into(), month: Month { year: y, month: m }, mrr,
            }).collect();
            let n = rows.len();
            check(&Dataset::Subscriptions(Subscriptions::Snapshots(Table { rows, segments: segs(n), rejected: Vec::new(), headers: Vec::new() })));
            let rows: Vec<SubscriptionRow> = subs.iter().enumerate().map(|(i, &(c, start, end, amount, u, count, quantity))| SubscriptionRow {
                line: i + 2, customer: format!("c{c}").into(), start, end, amount,
                interval: BillingInterval { unit: [IntervalUnit::Day, IntervalUnit::Week, IntervalUnit::Month, IntervalUnit::Year][u as usize], count },
                quantity,
            }).collect();
            let n = rows.len();
            check(&Dataset::Subscriptions(Subscriptions::Rows(Table { rows, segments: segs(n), rejected: Vec::new(), headers: Vec::new() })));
        }

        #[test]
        fn other_kinds_never_panic(
            rows in prop::collection::vec((0u8..4, any_date(), any_money(), any_f64(), prop::option::of(0u32..4), 0u32..600), 0..20),
        ) {
            let orders: Vec<Order> = rows.iter().enumerate().map(|(i, r)| Order { line: i + 2, customer: format!("c{}", r.0).into(), date: r.1, amount: r.2 }).collect();
            let n = orders.len();
            check(&Dataset::Orders(Table { rows: orders, segments: segs(n), rejected: Vec::new(), headers: Vec::new() }));
            let at = |d: NaiveDate, min: u32| d.and_hms_opt(0, 0, 0).and_then(|t| t.checked_add_signed(chrono::Duration::minutes(i64::from(min) - 100)));
            let tickets: Vec<Ticket> = rows.iter().enumerate().filter_map(|(i, r)| Some(Ticket {
                line: i + 2, ticket: i.to_string().into(), created: r.1.and_hms_opt(0, 0, 0)?,
                customer: Some(format!("c{}", r.0).into()), first_response: at(r.1, r.5), resolved: at(r.1, r.5 * 3),
                contacts: r.4, first_contact_resolved: r.4.map(|c| c == 2), category: Some(format!("k{}", r.0).into()), score: Some(r.3),
            })).collect();
            let n = tickets.len();
            check(&Dataset::Tickets(Table { rows: tickets, segments: segs(n), rejected: Vec::new(), headers: Vec::new() }));
            let usage: Vec<UsageEvent> = rows.iter().enumerate().filter_map(|(i, r)| Some(UsageEvent {
                line: i + 2, user: format!("u{}", r.5 % 7).into(), timestamp: r.1.and_hms_opt(1, 0, 0)?,
                account: Some(format!("c{}", r.0).into()), feature: Some(format!("f{}", r.5 % 3).into()), duration_minutes: Some(r.3),
                seats: r.4, signup: Some(r.1),
            })).collect();
            let n = usage.len();
            check(&Dataset::Usage(Table { rows: usage, segments: segs(n), rejected: Vec::new(), headers: Vec::new() }));
            let funnel: Vec<FunnelRow> = rows.iter().enumerate().map(|(i, r)| FunnelRow {
                line: i + 2, date: Some(r.1), visitors: Some(r.3), conversions: Some(f64::from(r.5)),
                carts_created: r.4.map(f64::from), purchases_completed: Some(1.0), page_views: Some(r.3.abs()),
                visits: Some(0.0), marketing_spend: Some(r.2), sales_spend: None, new_customers: r.4.map(f64::from),
            }).collect();
            let n = funnel.len();
            check(&Dataset::Funnel(Table { rows: funnel, segments: segs(n), rejected: Vec::new(), headers: Vec::new() }));
            let health = HealthTable {
                signals: vec!["a".into(), "b".into()],
                table: Table {
                    rows: rows.iter().enumerate().map(|(i, r)| HealthRow { line: i + 2, customer: format!("c{i}").into(), values: vec![Some(r.3), r.4.map(f64::from)] }).collect(),
                    segments: segs(rows.len()),
                    rejected: Vec::new(),
                    headers: Vec::new(),
                },
            };
            check(&Dataset::Health(health));
        }
    }
}

#[cfg(test)]
mod perf {
    use super::*;
    use crate::dataset::{SegmentColumn, SurveyResponse, Table};

    /// 1M survey answers, every survey metric per month and per segment. Run with
    /// `cargo test --profile cli --lib perf -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn one_million_survey_rows() {
        let n = 1_000_000usize;
        let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
        let rows: Vec<SurveyResponse> = (0..n)
            .map(|i| SurveyResponse {
                line: i + 2,
                score: [
                    (i * 7 % 11) as f64,
                    (i % 11) as f64,
                    (1 + i % 5) as f64,
                    (1 + i % 7) as f64,
                ][i % 4],
                date: start.checked_add_days(chrono::Days::new((i / 2000) as u64)),
                survey: Some(
                    [
                        SurveyType::Nps,
                        SurveyType::Nps,
                        SurveyType::Csat,
                        SurveyType::Ces,
                    ][i % 4],
                ),
                customer: None,
                comment: None,
            })
            .collect();
        let codes = (0..n).map(|i| (i % 5) as u32).collect();
        let t = Table {
            rows,
            segments: vec![SegmentColumn {
                name: "plan".into(),
                values: (0..5).map(|i| format!("p{i}")).collect(),
                codes,
            }],
            rejected: Vec::new(),
            ..Default::default()
        };
        let ds = Dataset::Survey(t);
        let ro = ReportOptions {
            segment: Some("plan".into()),
            ..Default::default()
        };
        let t0 = std::time::Instant::now();
        let r = report(&ds, &MetricOptions::default(), &ro);
        let el = t0.elapsed();
        // ~32 bytes per CSV line
        let mbs = (n as f64 * 32.0) / 1e6 / el.as_secs_f64();
        eprintln!(
            "1M survey rows: {el:?}, {mbs:.0} MB/s equivalent, {} rejected, {} periods",
            r.rejected.len(),
            r.periods.len()
        );
    }
}
