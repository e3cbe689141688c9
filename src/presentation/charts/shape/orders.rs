//! The order charts: revenue and orders per period, average order value and repeat
//! customers per period.

use super::*;

/// Orders, revenue, average order value and repeat customers per period.
#[derive(Clone, Debug, PartialEq)]
pub struct OrdersTrend {
    pub labels: Vec<String>,
    pub orders: Vec<Option<f64>>,
    pub revenue: Vec<Option<f64>>,
    /// `None` in periods without orders (no mean of nothing).
    pub avg_order_value: Vec<Option<f64>>,
    pub repeat_customers: Vec<Option<f64>>,
}

impl OrdersTrend {
    pub fn summary(&self, t: &ChartTexts, lang: Lang) -> String {
        let sum = |v: &[Option<f64>]| v.iter().flatten().sum::<f64>();
        let mut s = format!(
            "{}: {}. {} {}, {} {}.",
            t.orders_title,
            span(self.labels.len(), t.periods_word, &self.labels, t),
            t.revenue,
            format_value(Fmt::Money, sum(&self.revenue), lang),
            t.orders,
            format_value(Fmt::Count, sum(&self.orders), lang),
        );
        if let Some(i) = (0..self.revenue.len()).rev().find(|&i| self.revenue[i].is_some()) {
            s.push_str(&format!(
                " {} {}: {} {}, {} {}, {} {}.",
                t.latest_word,
                self.labels.get(i).cloned().unwrap_or_default(),
                t.revenue,
                opt(Fmt::Money, self.revenue[i], lang),
                t.orders,
                opt(Fmt::Count, self.orders.get(i).copied().flatten(), lang),
                t.avg_order_value,
                opt(Fmt::Money, self.avg_order_value.get(i).copied().flatten(), lang),
            ));
        }
        s
    }
}

pub fn orders_trend(r: &Report) -> Option<OrdersTrend> {
    let o = OrdersTrend {
        labels: labels(r),
        orders: period_series(r, K::Orders),
        revenue: period_series(r, K::Revenue),
        avg_order_value: period_series(r, K::AvgPurchaseValue),
        repeat_customers: period_series(r, K::RepeatCustomers),
    };
    o.orders.iter().flatten().any(|n| *n > 0.0).then_some(o)
}
