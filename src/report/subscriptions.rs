//! Section 2: the subscription keys, from the MRR table of a ledger.

use serde_json::{Map, Value};

use crate::dataset::{DatasetKind, Money, Subscriptions};
use crate::metrics::period::PeriodKind;
use crate::metrics::subscriptions::{self as subs, MrrLedger, MrrMonth, MrrSeries, MrrTable};
use crate::metrics::{MetricOptions, NetChurnPreset};

use super::key::MetricKey as K;
use super::keys::Keys;
use super::{PeriodReport, Report, ReportOptions};

/// The keys of one period of the MRR series.
pub fn mrr_period_keys(p: &MrrMonth, o: &MetricOptions, ltv: Option<f64>) -> Map<String, Value> {
    let mv = p.movement.as_ref();
    let m = |f: fn(&subs::MrrMovement) -> Money| mv.map(f);
    let c =
        |f: fn(&subs::MrrMovement) -> usize| mv.map_or(Value::Null, |x| Value::from(f(x) as u64));
    Keys::new()
        .bool(K::Gap, Some(false))
        .val(K::Month, Value::from(PeriodKind::Month.label(p.month)))
        .money(K::Mrr, Some(p.mrr))
        .money(K::Arr, Some(p.arr()))
        .int(K::Customers, p.customers)
        .money(K::Arpa, p.arpa())
        .money(K::MrrNew, m(|x| x.new))
        .money(K::MrrExpansion, m(|x| x.expansion))
        .money(K::MrrContraction, m(|x| x.contraction))
        .money(K::MrrChurn, m(|x| x.churn))
        .money(K::MrrReactivation, m(|x| x.reactivation))
        .money(K::MrrStart, m(|x| x.start_mrr))
        .val(K::CustomersStart, c(|x| x.customers_start))
        .val(K::NewCustomers, c(|x| x.new_customers))
        .val(K::ReactivatedCustomers, c(|x| x.reactivated_customers))
        .val(K::ChurnedCustomers, c(|x| x.churned_customers))
        .num(K::CustomerChurnRate, p.customer_churn_rate())
        .num(K::RetentionRate, p.retention_rate())
        .num(K::GrossMrrChurnRate, p.gross_mrr_churn_rate())
        .num(K::NetMrrChurnRate, p.net_mrr_churn_rate(o.net_churn))
        .num(K::NetMrrChurnRateChartmogul, p.net_mrr_churn_rate(NetChurnPreset::ChartMogul))
        .num(K::ExpansionRate, p.expansion_rate())
        .num(K::Grr, p.grr())
        .num(K::Nrr, p.nrr())
        .num(K::Nrr12m, if o.nrr_12m { p.nrr_12m } else { None })
        .num(K::QuickRatio, p.quick_ratio())
        .num(K::Ltv, ltv)
        .done()
}

/// The same keys, all `null`, for a period without data.
fn gap_keys(template: &Map<String, Value>) -> Map<String, Value> {
    let mut m: Map<String, Value> = template.keys().map(|k| (k.clone(), Value::Null)).collect();
    m.insert(K::Gap.as_str().into(), Value::Bool(true));
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
    k.int(K::N, t.rows_used)
        .money(K::Mrr, s.mrr)
        .money(K::Arr, s.arr)
        .val(K::Customers, s.customers.map_or(Value::Null, |c| Value::from(c as u64)))
        .money(K::Arpa, s.arpa)
        .money(K::MrrNew, Some(mv.new))
        .money(K::MrrExpansion, Some(mv.expansion))
        .money(K::MrrContraction, Some(mv.contraction))
        .money(K::MrrChurn, Some(mv.churn))
        .money(K::MrrReactivation, Some(mv.reactivation))
        .int(K::NewCustomers, mv.new_customers)
        .int(K::ReactivatedCustomers, mv.reactivated_customers)
        .int(K::ChurnedCustomers, mv.churned_customers)
        .num(K::CustomerChurnRate, s.customer_churn_rate)
        .num(K::RetentionRate, s.retention_rate)
        .num(K::GrossMrrChurnRate, s.gross_mrr_churn_rate)
        .num(K::NetMrrChurnRate, s.net_mrr_churn_rate)
        .num(K::NetMrrChurnRateChartmogul, s.net_mrr_churn_rate_chartmogul)
        .num(K::ExpansionRate, s.expansion_rate)
        .num(K::Grr, s.grr)
        .num(K::Nrr, s.nrr)
        .num(K::Nrr12m, s.nrr_12m)
        .num(K::QuickRatio, s.quick_ratio)
        .num(K::Ltv, s.ltv)
        .num(K::LtvChurnRate, s.ltv_churn_rate)
        .num(K::GrossMargin, Some(o.gross_margin))
        .val(
            K::MonthStart,
            s.start_month.map_or(Value::Null, |m| PeriodKind::Month.label(m).into()),
        )
        .val(K::MonthEnd, s.end_month.map_or(Value::Null, |m| PeriodKind::Month.label(m).into()))
        .int(K::Months, t.months)
        .val(K::MrrMonth, s.mrr_month.map_or(Value::Null, |m| PeriodKind::Month.label(m).into()))
        .int(K::RateMonths, s.rate_months)
        .json(
            K::Gaps,
            &t.gaps().into_iter().map(|g| PeriodKind::Month.label(g)).collect::<Vec<_>>(),
        );
    if t.truncated {
        k.bool(K::Truncated, Some(true));
    }
    if with_cohorts {
        k.json(K::Cohorts, &subs::cohorts(t).cohorts);
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

pub(super) fn subscriptions_report(
    s: &Subscriptions,
    o: &MetricOptions,
    ro: &ReportOptions,
) -> Report {
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
pub fn mrr_report_from<L: MrrLedger>(
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
        metrics.insert(K::PeriodKind.as_str().into(), Value::from("month"));
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
