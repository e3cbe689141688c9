//! Section 3 of the catalogue: orders (one row per purchase).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::dataset::{Money, Order, RejectReason, Rejected};

use super::stats;

/// Days per year used to turn day spans into years.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// Every order metric of a group of orders.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OrderMetrics {
    /// Rows used.
    pub orders: usize,
    /// Distinct customers.
    pub customers: usize,
    /// Sum of amounts (exact).
    #[serde(serialize_with = "super::money::money_json::ser")]
    pub revenue: Money,
    /// revenue / orders.
    #[serde(serialize_with = "super::money::money_json::opt")]
    pub avg_purchase_value: Option<Money>,
    /// Length of the data in years: the range (or period) if given, else first to last
    /// order date, both days included, / 365.25.
    pub years_of_data: Option<f64>,
    /// orders / customers / years of data.
    pub purchase_frequency: Option<f64>,
    /// Mean of (last − first order) in years over customers with ≥ 2 orders, or the input.
    pub customer_lifespan_years: Option<f64>,
    pub lifespan_is_input: bool,
    /// The lifespan CLV uses (metrics.md §3: the input, else the measured one).
    pub clv_lifespan_years: Option<f64>,
    /// Where `clv_lifespan_years` comes from: "input", "measured", or
    /// "measured_shorter_than_data" when the measured span is shorter than the data: then
    /// CLV = ARPU · lifespan / years of data is below what customers already spent, and the
    /// card says so (a first-to-last span is cut off by the data's own length).
    pub clv_lifespan_source: &'static str,
    /// Customers with ≥ 2 orders.
    pub repeat_customers: usize,
    /// avg purchase value · purchase frequency · lifespan.
    pub clv: Option<f64>,
    /// repeat customers / customers ·100.
    pub repeat_purchase_rate: Option<f64>,
    /// revenue / customers.
    #[serde(serialize_with = "super::money::money_json::opt")]
    pub arpu: Option<Money>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// Money / count, exact; `None` for 0.
fn per(m: Money, n: usize) -> Option<Money> {
    if n == 0 {
        return None;
    }
    m.checked_div(Decimal::from(n as u64))
}

/// The order metrics. `span` is the range or period the orders were selected for (its
/// length gives the years of data); `lifespan_years` replaces the measured lifespan.
/// Negative amounts are rejected.
pub fn order_metrics<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    span: Option<(NaiveDate, NaiveDate)>,
    lifespan_years: Option<f64>,
) -> OrderMetrics {
    let mut m = OrderMetrics::default();
    let mut per_customer: HashMap<&str, (usize, NaiveDate, NaiveDate)> = HashMap::new();
    let mut first: Option<NaiveDate> = None;
    let mut last: Option<NaiveDate> = None;
    for o in orders {
        if o.amount < Money::ZERO {
            m.rejected.push(Rejected {
                line: o.line,
                column: "amount".into(),
                reason: RejectReason::Negative { value: o.amount.to_string() },
            });
            continue;
        }
        m.orders += 1;
        m.revenue = m.revenue.checked_add(o.amount).unwrap_or(Decimal::MAX);
        first = Some(first.map_or(o.date, |f| f.min(o.date)));
        last = Some(last.map_or(o.date, |l| l.max(o.date)));
        let e = per_customer.entry(o.customer.as_ref()).or_insert((0, o.date, o.date));
        e.0 += 1;
        e.1 = e.1.min(o.date);
        e.2 = e.2.max(o.date);
    }
    m.customers = per_customer.len();
    let mut spans: Vec<f64> = per_customer
        .values()
        .filter(|c| c.0 >= 2)
        .map(|c| (c.2 - c.1).num_days() as f64 / DAYS_PER_YEAR)
        .collect();
    // the map's order changes from run to run; a float sum must not
    spans.sort_unstable_by(f64::total_cmp);
    m.repeat_customers = spans.len();
    m.avg_purchase_value = per(m.revenue, m.orders);
    m.arpu = per(m.revenue, m.customers);
    let (a, b) = match (span, first, last) {
        (Some(s), _, _) => (Some(s.0), Some(s.1)),
        (None, f, l) => (f, l),
    };
    m.years_of_data =
        a.zip(b).map(|(a, b)| ((b - a).num_days() + 1) as f64 / DAYS_PER_YEAR).filter(|y| *y > 0.0);
    m.purchase_frequency = stats::ratio(m.orders as f64, m.customers as f64)
        .and_then(|f| stats::ratio(f, m.years_of_data?));
    m.lifespan_is_input = lifespan_years.is_some();
    let input = lifespan_years.filter(|y| y.is_finite());
    m.customer_lifespan_years = input.or_else(|| stats::mean(&spans));
    (m.clv_lifespan_years, m.clv_lifespan_source) = clv_lifespan(input, &m);
    m.repeat_purchase_rate = repeat_purchase_rate(m.repeat_customers, m.customers);
    m.clv = (|| {
        let apv = m.avg_purchase_value?.to_f64()?;
        let v = apv * m.purchase_frequency? * m.clv_lifespan_years?;
        v.is_finite().then_some(v)
    })();
    m
}

/// The lifespan CLV uses and where it comes from (see `OrderMetrics::clv_lifespan_years`).
/// Since APV · frequency per year = ARPU / years of data, CLV = ARPU · lifespan / years of
/// data: a measured lifespan below the data's length is what puts CLV below ARPU. The
/// catalogue's definition is kept; the case is named so the card can say why.
fn clv_lifespan(input: Option<f64>, m: &OrderMetrics) -> (Option<f64>, &'static str) {
    if input.is_some() {
        return (input, "input");
    }
    match (m.customer_lifespan_years, m.years_of_data) {
        (Some(l), Some(y)) if l < y => (Some(l), "measured_shorter_than_data"),
        (l, _) => (l, "measured"),
    }
}

/// CLV from its three inputs (for an app that lets them be typed in).
pub fn clv(avg_purchase_value: Money, purchase_frequency: f64, lifespan_years: f64) -> Option<f64> {
    let v = avg_purchase_value.to_f64()? * purchase_frequency * lifespan_years;
    v.is_finite().then_some(v)
}

/// Repeat purchase rate = customers with ≥ 2 orders / customers ·100 (undefined for none).
pub fn repeat_purchase_rate(repeat_customers: usize, customers: usize) -> Option<f64> {
    stats::pct(repeat_customers as f64, customers as f64)
}

/// An f64 as money (for inputs typed in), `None` if not representable.
pub fn money_from_f64(v: f64) -> Option<Money> {
    Decimal::from_f64(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::close;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Same rows, same bits: the per-customer map's order (seeded afresh on every run)
    /// must not reach the float sums.
    #[test]
    fn results_do_not_depend_on_hash_order() {
        let rows: Vec<Order> = (0..600)
            .map(|i| {
                let day = d(2023, 1, 1) + chrono::Duration::days((i * 37 % 700) as i64);
                order(i + 2, &format!("c{}", i % 211), day, 1000 + i as i64)
            })
            .collect();
        let first = order_metrics(&rows, None, None);
        for _ in 0..20 {
            let again = order_metrics(&rows, None, None);
            assert_eq!(
                again.customer_lifespan_years.map(f64::to_bits),
                first.customer_lifespan_years.map(f64::to_bits)
            );
            assert_eq!(again.clv.map(f64::to_bits), first.clv.map(f64::to_bits));
        }
    }

    fn order(line: usize, c: &str, date: NaiveDate, cents: i64) -> Order {
        Order { line, customer: c.into(), date, amount: Decimal::new(cents, 2) }
    }

    #[test]
    fn hand_worked() {
        // A: 3 orders over 365 days, B: 1 order, C: 2 orders 73 days apart; span = 2024
        let rows = vec![
            order(2, "A", d(2024, 1, 1), 10000),
            order(3, "A", d(2024, 6, 1), 5000),
            order(4, "A", d(2024, 12, 31), 2550),
            order(5, "B", d(2024, 3, 1), 4450),
            order(6, "C", d(2024, 2, 1), 1000),
            order(7, "C", d(2024, 4, 14), 1000),
            order(8, "C", d(2024, 4, 15), -100),
        ];
        let m = order_metrics(&rows, None, None);
        assert_eq!((m.orders, m.customers, m.repeat_customers), (6, 3, 2));
        assert_eq!(m.revenue, Decimal::new(24000, 2));
        assert_eq!(m.avg_purchase_value, Some(Decimal::from(40)));
        assert_eq!(m.arpu, Some(Decimal::from(80)));
        assert_eq!(m.rejected.len(), 1);
        assert_eq!(m.rejected[0].line, 8);
        // 2024-01-01 … 2024-12-31 = 366 days
        close(m.years_of_data, 366.0 / 365.25);
        close(m.purchase_frequency, 2.0 / (366.0 / 365.25));
        // lifespans: A 365 days, C 73 days → mean 219 days
        close(m.customer_lifespan_years, 219.0 / 365.25);
        close(m.repeat_purchase_rate, 66.66666666666667);
        // the measured 219 days are less than the 366 days of data: CLV follows the
        // definition, 40 · (2 · 365.25/366) · 219/365.25 = 47.87 (below ARPU 80), and says why
        close(m.clv_lifespan_years, 219.0 / 365.25);
        assert_eq!(m.clv_lifespan_source, "measured_shorter_than_data");
        close(m.clv, 40.0 * (2.0 * 365.25 / 366.0) * (219.0 / 365.25));
        // lifespan as an input
        let m = order_metrics(&rows, None, Some(3.0));
        assert!(m.lifespan_is_input);
        assert_eq!(m.clv_lifespan_source, "input");
        close(m.clv, 40.0 * (2.0 * 365.25 / 366.0) * 3.0);
        close(clv(Decimal::from(40), 2.0, 3.0), 240.0);
    }

    /// Issue #13.4: on a short range the CLV is below what a customer already spent.
    /// Jan 2024 (31 days): A buys 100 on the 1st and 89 on the 31st (spent 189), B buys 50
    /// once. APV 239/3; frequency (3/2)/(31/365.25) per year of data (checked: the range's
    /// own 31 days); measured lifespan 30 days < 31 days of data. CLV by the definition =
    /// 239/3 · 1.5 · 30/31 = 115.6 < ARPU 119.5: the source names that case; a lifespan
    /// input is used as given.
    #[test]
    fn clv_on_a_short_range_names_its_short_lifespan() {
        let rows = vec![
            order(2, "A", d(2024, 1, 1), 10000),
            order(3, "A", d(2024, 1, 31), 8900),
            order(4, "B", d(2024, 1, 10), 5000),
        ];
        let m = order_metrics(&rows, Some((d(2024, 1, 1), d(2024, 1, 31))), None);
        close(m.customer_lifespan_years, 30.0 / 365.25);
        close(m.clv_lifespan_years, 30.0 / 365.25);
        assert_eq!(m.clv_lifespan_source, "measured_shorter_than_data");
        close(m.clv, 239.0 / 3.0 * 1.5 * 30.0 / 31.0);
        assert_eq!(m.arpu, Some(Decimal::new(11950, 2)));
        let m = order_metrics(&rows, Some((d(2024, 1, 1), d(2024, 1, 31))), Some(2.0));
        close(m.clv, 239.0 / 3.0 * 1.5 * 365.25 / 31.0 * 2.0);
    }

    #[test]
    fn edge_cases() {
        let m = order_metrics(&[], None, None);
        assert_eq!(
            (m.avg_purchase_value, m.purchase_frequency, m.clv, m.repeat_purchase_rate, m.arpu),
            (None, None, None, None, None)
        );
        // one order: one day of data, no repeat customers, no lifespan
        let m = order_metrics(&[order(2, "A", d(2024, 1, 1), 500)], None, None);
        close(m.years_of_data, 1.0 / 365.25);
        close(m.purchase_frequency, 365.25);
        assert_eq!(m.customer_lifespan_years, None);
        assert_eq!(m.clv, None);
        close(m.repeat_purchase_rate, 0.0);
        // a span given: a month
        let m = order_metrics(
            &[order(2, "A", d(2024, 2, 1), 500)],
            Some((d(2024, 2, 1), d(2024, 2, 29))),
            None,
        );
        close(m.years_of_data, 29.0 / 365.25);
    }
}
