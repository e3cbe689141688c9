//! Sections 3–6: the kinds whose rows are kept (orders, tickets, usage, funnel), recomputed
//! for the whole range, each period and each segment value.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::dataset::{DatasetKind, Rejected, Table};
use crate::metrics::period::{close_open_ends, in_range, listed_periods, PeriodKey};
use crate::metrics::stats::Summary;
use crate::metrics::{funnel, orders, tickets, usage};

use super::key::{MetricKey as K, SummaryKeys};
use super::keys::Keys;
use super::{segment_subsets, PeriodReport, Report, ReportOptions};

/// Whole range, every period from the first to the last dated row (periods without rows
/// included, with the metrics of no rows), and every segment value. `keys` computes the
/// keys, the metric's own rejections and the rows used from some rows and the span they
/// were selected for (the range, or a period's first and last day).
pub(super) fn dated_report<R>(
    kind: DatasetKind,
    t: &Table<R>,
    ro: &ReportOptions,
    date: impl Fn(&R) -> Option<NaiveDate>,
    keys: impl Fn(&[&R], Option<(NaiveDate, NaiveDate)>) -> (Map<String, Value>, Vec<Rejected>, usize),
) -> Report {
    let inside = |r: &R| ro.range.is_none() || date(r).is_some_and(|d| in_range(d, ro.range));
    let rows: Vec<&R> = t.rows.iter().filter(|r| inside(r)).collect();
    let dates = || rows.iter().filter_map(|r| date(r));
    let range =
        close_open_ends(ro.range, (NaiveDate::MIN, NaiveDate::MAX), dates().min(), dates().max());
    // every group carries `n`, the rows it used
    let keys = |rows: &[&R], span| {
        let (mut m, rej, used) = keys(rows, span);
        m.insert(K::N.as_str().into(), Value::from(used as u64));
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
        for k in listed_periods(by_period.keys().copied().collect()) {
            let span =
                ro.period.first_day(k).zip(ro.period.last_day(k)).map(|(a, b)| match range {
                    Some((ra, rb)) => (a.max(ra), b.min(rb)),
                    None => (a, b),
                });
            let empty = Vec::new();
            let (m, _, _) = keys(by_period.get(&k).unwrap_or(&empty), span);
            periods.push(PeriodReport { period: ro.period.label(k), metrics: m });
        }
    }

    let segments = segment_subsets(t, ro.segment.as_deref())
        .into_iter()
        .filter_map(|(v, rs)| {
            let rs: Vec<&R> = rs.into_iter().filter(|r| inside(r)).collect();
            (!rs.is_empty()).then(|| (v, keys(&rs, range).0))
        })
        .collect();
    Report { kind, rows: used, rejected, metrics, periods, segments }
}

/// The keys of section 3.
pub fn order_keys(m: &orders::OrderMetrics) -> Map<String, Value> {
    Keys::new()
        .int(K::Orders, m.orders)
        .int(K::Customers, m.customers)
        .money(K::Revenue, Some(m.revenue))
        .money(K::AvgPurchaseValue, m.avg_purchase_value)
        .num(K::PurchaseFrequency, m.purchase_frequency)
        .num(K::YearsOfData, m.years_of_data)
        .num(K::CustomerLifespanYears, m.customer_lifespan_years)
        .bool(K::LifespanIsInput, Some(m.lifespan_is_input))
        .num(K::ClvLifespanYears, m.clv_lifespan_years)
        .val(K::ClvLifespanSource, Value::from(m.clv_lifespan_source))
        .num(K::Clv, m.clv)
        .int(K::RepeatCustomers, m.repeat_customers)
        .num(K::RepeatPurchaseRate, m.repeat_purchase_rate)
        .money(K::Arpu, m.arpu)
        .done()
}

/// Mean, median, 90th percentile and `n` of one duration.
fn summary_keys(k: &mut Keys, keys: SummaryKeys, s: &Summary) {
    k.num(keys.mean, s.mean).num(keys.median, s.median).num(keys.p90, s.p90).int(keys.n, s.n);
}

/// The keys of section 4.
pub fn ticket_keys(m: &tickets::TicketMetrics) -> Map<String, Value> {
    let mut k = Keys::new();
    k.int(K::Tickets, m.tickets)
        .val(K::Customers, m.customers.map_or(Value::Null, |c| Value::from(c as u64)))
        .num(K::TicketsPerCustomer, m.tickets_per_customer);
    summary_keys(&mut k, SummaryKeys::FIRST_RESPONSE, &m.first_response_hours);
    summary_keys(&mut k, SummaryKeys::RESOLUTION, &m.resolution_hours);
    let c = &m.support_csat;
    k.int(K::OpenTickets, m.open_tickets)
        .num(K::Fcr, m.fcr)
        .int(K::FcrN, m.fcr_n)
        .json(K::Categories, &m.categories)
        .int(K::Uncategorised, m.uncategorised)
        .num(K::SupportCsat, c.csat)
        .int(K::SupportCsatN, c.n)
        .num(K::SupportCsatMean, c.mean)
        .num(K::SupportCsatCi95Low, c.ci95_low)
        .num(K::SupportCsatCi95High, c.ci95_high);
    k.done()
}

/// The keys of section 5.
pub fn usage_keys(m: &usage::UsageMetrics) -> Map<String, Value> {
    let mut k = Keys::new();
    k.int(K::Events, m.events)
        .int(K::Users, m.users)
        .num(K::Dau, m.dau)
        .num(K::Wau, m.wau)
        .num(K::Mau, m.mau)
        .num(K::Stickiness, m.stickiness)
        .num(K::UsageIntensity, m.usage_intensity)
        .json(K::FeatureAdoption, &m.feature_adoption)
        .num(K::AvgSessionMinutes, m.avg_session_minutes)
        .num(K::LicenseUtilisation, m.license_utilisation)
        .json(K::LicenseUtilisationByAccount, &m.accounts);
    summary_keys(&mut k, SummaryKeys::TIME_TO_VALUE, &m.time_to_value_days);
    k.done()
}

/// The keys of section 6.
pub fn funnel_keys(m: &funnel::FunnelMetrics) -> Map<String, Value> {
    Keys::new()
        .num(K::Visitors, Some(m.conversion.denominator))
        .num(K::Conversions, Some(m.conversion.numerator))
        .num(K::ConversionRate, m.conversion_rate)
        .num(K::CartsCreated, Some(m.carts.denominator))
        .num(K::PurchasesCompleted, Some(m.carts.numerator))
        .num(K::CartAbandonmentRate, m.cart_abandonment_rate)
        .num(K::PageViews, Some(m.pages.numerator))
        .num(K::Visits, Some(m.pages.denominator))
        .num(K::PagesPerVisit, m.pages_per_visit)
        .money(K::Spend, Some(m.spend))
        .num(K::NewCustomers, Some(m.new_customers))
        .num(K::Cac, m.cac)
        .num(K::Arpa, m.arpa)
        .num(K::GrossMargin, Some(m.gross_margin))
        .num(K::CacPaybackMonths, m.cac_payback_months)
        .done()
}
