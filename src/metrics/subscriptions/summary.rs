//! The whole-range figures of a monthly series.

#[allow(unused_imports)]
use super::*;

/// Range totals and monthly averages of a monthly series.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubscriptionMetrics {
    /// Month key of the last month of the series.
    pub end_month: Option<PeriodKey>,
    /// Month key of the state reported as `mrr`, `arr`, `customers`, `arpa`: the last month
    /// the data reports (`MrrSeries::data_end`). A range running past the last subscription's
    /// end would otherwise make the headline MRR 0.
    pub mrr_month: Option<PeriodKey>,
    /// Months whose rates are defined (customers at start > 0): what the mean rates average.
    pub rate_months: usize,
    pub start_month: Option<PeriodKey>,
    #[serde(serialize_with = "crate::metrics::money::money_json::opt")]
    pub mrr: Option<Money>,
    #[serde(serialize_with = "crate::metrics::money::money_json::opt")]
    pub arr: Option<Money>,
    pub customers: Option<usize>,
    #[serde(serialize_with = "crate::metrics::money::money_json::opt")]
    pub arpa: Option<Money>,
    /// The five movements summed over every month of the range.
    pub movement: MrrMovement,
    /// Monthly averages (mean of the months where the rate is defined).
    pub customer_churn_rate: Option<f64>,
    pub retention_rate: Option<f64>,
    pub gross_mrr_churn_rate: Option<f64>,
    pub net_mrr_churn_rate: Option<f64>,
    pub net_mrr_churn_rate_chartmogul: Option<f64>,
    pub expansion_rate: Option<f64>,
    pub grr: Option<f64>,
    pub nrr: Option<f64>,
    /// From the range totals.
    pub quick_ratio: Option<f64>,
    /// NRR over 12 months at the last month.
    pub nrr_12m: Option<f64>,
    /// ARPA at the last month · gross margin / average monthly customer churn.
    pub ltv: Option<f64>,
    /// The churn rate used for `ltv` (the range average, or the last N months).
    pub ltv_churn_rate: Option<f64>,
}

fn mean_of(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    stats::mean(&v)
}

/// Churn rate for LTV at point `i` of a monthly series: that month's rate, or the mean of
/// the defined monthly rates of the `months` months before it (the current month left
/// out); undefined when none of them is.
pub fn ltv_churn_rate(points: &[MrrMonth], i: usize, average_months: Option<u32>) -> Option<f64> {
    match average_months {
        None => points.get(i)?.customer_churn_rate(),
        // ChartMogul: "the average of the churn rates from the previous six months,
        // excluding the current month"
        Some(n) => {
            let from = i.saturating_sub(n.max(1) as usize);
            mean_of(points.get(from..i)?.iter().map(MrrMonth::customer_churn_rate))
        }
    }
}

/// The whole-range metrics of a monthly series.
pub fn subscription_metrics(monthly: &MrrSeries, o: &MetricOptions) -> SubscriptionMetrics {
    let pts = &monthly.points;
    let Some(last) = pts.last() else {
        return SubscriptionMetrics::default();
    };
    let end_i = match monthly.data_end {
        Some(data_end) => pts.iter().rposition(|p| p.month <= data_end).unwrap_or(0),
        None => pts.len() - 1,
    };
    let end = pts.get(end_i).unwrap_or(last);
    let mut movement = MrrMovement::default();
    for m in pts.iter().filter_map(|p| p.movement.as_ref()) {
        movement.add_assign(m);
    }
    if let Some(first) = pts.first() {
        movement.start_mrr = first.mrr;
        movement.customers_start = first.customers;
    }
    let avg = |f: &dyn Fn(&MrrMonth) -> Option<f64>| mean_of(pts.iter().map(f));
    let churn_avg = avg(&|p| p.customer_churn_rate());
    let ltv_churn = match o.ltv_churn_average_months {
        None => churn_avg,
        Some(_) => ltv_churn_rate(pts, end_i, o.ltv_churn_average_months),
    };
    SubscriptionMetrics {
        end_month: Some(last.month),
        mrr_month: Some(end.month),
        rate_months: pts.iter().filter(|p| p.customer_churn_rate().is_some()).count(),
        start_month: pts.first().map(|p| p.month),
        mrr: Some(end.mrr),
        arr: Some(end.arr()),
        customers: Some(end.customers),
        arpa: end.arpa(),
        customer_churn_rate: churn_avg,
        retention_rate: avg(&|p| p.retention_rate()),
        gross_mrr_churn_rate: avg(&|p| p.gross_mrr_churn_rate()),
        net_mrr_churn_rate: avg(&|p| p.net_mrr_churn_rate(o.net_churn)),
        net_mrr_churn_rate_chartmogul: avg(&|p| p.net_mrr_churn_rate(NetChurnPreset::ChartMogul)),
        expansion_rate: avg(&|p| p.expansion_rate()),
        grr: avg(&|p| p.grr()),
        nrr: avg(&|p| p.nrr()),
        quick_ratio: money_ratio(
            add(add(movement.new, movement.reactivation), movement.expansion),
            add(movement.churn, movement.contraction),
        ),
        nrr_12m: if o.nrr_12m { end.nrr_12m } else { None },
        ltv: ltv(end.arpa(), o.gross_margin, ltv_churn),
        ltv_churn_rate: ltv_churn,
        movement,
    }
}
