//! Section 6 of the catalogue: funnel and acquisition (totals typed in, or one row per
//! period).

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::dataset::{FunnelRow, Money, RejectReason, Rejected};

use super::stats;

/// The sums behind one ratio: only rows that have both values count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct RatioInputs {
    pub numerator: f64,
    pub denominator: f64,
    /// Rows that had both values.
    pub rows: usize,
}

/// Every funnel metric of a group of rows.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FunnelMetrics {
    pub rows: usize,
    /// conversions / visitors.
    pub conversion: RatioInputs,
    pub conversion_rate: Option<f64>,
    /// completed purchases / carts created.
    pub carts: RatioInputs,
    pub cart_abandonment_rate: Option<f64>,
    /// page views / visits.
    pub pages: RatioInputs,
    pub pages_per_visit: Option<f64>,
    /// marketing + sales spend of the rows with new customers.
    #[serde(serialize_with = "super::money::money_json::ser")]
    pub spend: Money,
    pub new_customers: f64,
    /// spend / new customers.
    pub cac: Option<f64>,
    /// ARPA input (per month) and gross margin used for the payback.
    pub arpa: Option<f64>,
    pub gross_margin: f64,
    /// CAC / (ARPA · gross margin).
    pub cac_payback_months: Option<f64>,
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
}

/// Why a row cannot be used: the first count that is negative or not a number, else the
/// first negative spend.
fn rejection(r: &FunnelRow) -> Option<Rejected> {
    let counts = [
        ("visitors", r.visitors),
        ("conversions", r.conversions),
        ("carts_created", r.carts_created),
        ("purchases_completed", r.purchases_completed),
        ("page_views", r.page_views),
        ("visits", r.visits),
        ("new_customers", r.new_customers),
    ];
    let bad_count = counts.iter().find_map(|&(c, v)| match v {
        Some(x) if !x.is_finite() => Some((c, RejectReason::NotANumber { value: x.to_string() })),
        Some(x) if x < 0.0 => Some((c, RejectReason::Negative { value: x.to_string() })),
        _ => None,
    });
    let bad_money = [("marketing_spend", r.marketing_spend), ("sales_spend", r.sales_spend)]
        .into_iter()
        .find_map(|(c, v)| {
            v.filter(|x| *x < Money::ZERO)
                .map(|x| (c, RejectReason::Negative { value: x.to_string() }))
        });
    bad_count.or(bad_money).map(|(column, reason)| Rejected {
        line: r.line,
        column: column.into(),
        reason,
    })
}

/// Adds `n / d` to a ratio's sums when the row has both.
fn add_ratio(r: &mut RatioInputs, n: Option<f64>, d: Option<f64>) {
    if let (Some(n), Some(d)) = (n, d) {
        r.numerator += n;
        r.denominator += d;
        r.rows += 1;
    }
}

impl FunnelMetrics {
    /// One usable row into the sums; its spend counts only with its new customers.
    fn add_row(&mut self, r: &FunnelRow) {
        self.rows += 1;
        add_ratio(&mut self.conversion, r.conversions, r.visitors);
        add_ratio(&mut self.carts, r.purchases_completed, r.carts_created);
        add_ratio(&mut self.pages, r.page_views, r.visits);
        if let Some(n) = r.new_customers {
            if r.marketing_spend.is_some() || r.sales_spend.is_some() {
                let s = r
                    .marketing_spend
                    .unwrap_or_default()
                    .checked_add(r.sales_spend.unwrap_or_default())
                    .unwrap_or(Decimal::MAX);
                self.spend = self.spend.checked_add(s).unwrap_or(Decimal::MAX);
                self.new_customers += n;
            }
        }
    }
}

/// The funnel metrics. A row with a negative or non-finite value is rejected.
pub fn funnel_metrics<'a>(
    rows: impl IntoIterator<Item = &'a FunnelRow>,
    arpa: Option<f64>,
    gross_margin: f64,
) -> FunnelMetrics {
    let mut m = FunnelMetrics { arpa, gross_margin, ..Default::default() };
    for r in rows {
        match rejection(r) {
            Some(rejected) => m.rejected.push(rejected),
            None => m.add_row(r),
        }
    }
    m.conversion_rate = stats::pct(m.conversion.numerator, m.conversion.denominator);
    m.cart_abandonment_rate =
        stats::ratio(m.carts.numerator, m.carts.denominator).map(|c| (1.0 - c) * 100.0);
    m.pages_per_visit = stats::ratio(m.pages.numerator, m.pages.denominator);
    m.cac = cac(m.spend, m.new_customers);
    m.cac_payback_months = cac_payback_months(m.cac, arpa, gross_margin);
    m
}

/// CAC = spend / new customers (exact division of the spend), `None` for no new customers.
pub fn cac(spend: Money, new_customers: f64) -> Option<f64> {
    if new_customers <= 0.0 || !new_customers.is_finite() {
        return None;
    }
    spend.checked_div(Decimal::from_f64(new_customers)?)?.to_f64()
}

/// CAC payback in months = CAC / (ARPA · gross margin).
pub fn cac_payback_months(cac: Option<f64>, arpa: Option<f64>, gross_margin: f64) -> Option<f64> {
    stats::ratio(cac?, arpa? * gross_margin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::close;

    #[test]
    fn hand_worked() {
        let rows = vec![
            FunnelRow {
                line: 2,
                visitors: Some(1000.0),
                conversions: Some(25.0),
                carts_created: Some(80.0),
                purchases_completed: Some(20.0),
                page_views: Some(3000.0),
                visits: Some(1200.0),
                marketing_spend: Some(Decimal::from(4000)),
                sales_spend: Some(Decimal::from(1000)),
                new_customers: Some(20.0),
                ..Default::default()
            },
            FunnelRow {
                line: 3,
                visitors: Some(500.0),
                conversions: Some(5.0),
                carts_created: Some(20.0),
                purchases_completed: Some(10.0),
                marketing_spend: Some(Decimal::from(1000)),
                new_customers: Some(10.0),
                ..Default::default()
            },
            // visitors without conversions: not in the conversion rate
            FunnelRow { line: 4, visitors: Some(700.0), ..Default::default() },
            FunnelRow { line: 5, visitors: Some(-1.0), ..Default::default() },
        ];
        let m = funnel_metrics(&rows, Some(50.0), 0.8);
        assert_eq!((m.rows, m.rejected.len()), (3, 1));
        assert_eq!(m.rejected[0].column, "visitors");
        close(m.conversion_rate, 2.0); // 30 / 1500
        close(m.cart_abandonment_rate, 70.0); // 1 − 30/100
        close(m.pages_per_visit, 2.5);
        close(m.cac, 200.0); // 6000 / 30
        close(m.cac_payback_months, 5.0); // 200 / (50 · 0.8)
    }

    #[test]
    fn edge_cases() {
        let m = funnel_metrics(&[], None, 1.0);
        assert_eq!(
            (
                m.conversion_rate,
                m.cart_abandonment_rate,
                m.pages_per_visit,
                m.cac,
                m.cac_payback_months
            ),
            (None, None, None, None, None)
        );
        let r = FunnelRow {
            line: 2,
            visitors: Some(0.0),
            conversions: Some(0.0),
            marketing_spend: Some(Decimal::from(10)),
            new_customers: Some(0.0),
            ..Default::default()
        };
        let m = funnel_metrics(&[r], Some(0.0), 1.0);
        assert_eq!((m.conversion_rate, m.cac), (None, None));
        assert_eq!(cac_payback_months(Some(100.0), Some(0.0), 1.0), None);
    }
}
