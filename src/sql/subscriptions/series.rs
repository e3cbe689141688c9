//! One series of checkpoints as SQL: the MRR movements per group and checkpoint, and the
//! rates built on them (churn, retention, GRR, NRR, quick ratio, LTV).

use crate::metrics::{MetricOptions, NetChurnPreset};
use crate::sql::{least, Dialect};

/// The CTEs of one series of checkpoints `cps{x}` (columns p, m, prev_m, i): the
/// movements per group and checkpoint and the rates (`rates{x}`).
pub(super) fn series_ctes(d: Dialect, x: &str, o: &MetricOptions) -> String {
    let money = d.money();
    let f = |e: &str| d.f(e);
    let pct = |a: &str, b: &str| format!("100 * {} / NULLIF({}, 0)", f(a), f(b));
    let net_extra = if o.net_churn == NetChurnPreset::ChartMogul { " - reactivation" } else { "" };
    let churn_avg = match o.ltv_churn_average_months {
        None => "customer_churn_rate".to_string(),
        Some(n) => format!(
            "AVG(customer_churn_rate) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN {} PRECEDING AND 1 PRECEDING)",
            n.max(1)
        ),
    };
    let when = |e: String| format!("CASE WHEN prev_m IS NOT NULL THEN {e} END");
    format!(
        "pairs{x} AS (
  SELECT g, customer, p, prev_m, SUM(cur) AS cur, SUM(prv) AS prv FROM (
    SELECT c.g, c.customer, k.p, k.prev_m, c.v AS cur, CAST(0 AS {money}) AS prv
    FROM cm c JOIN cps{x} k ON c.m = k.m
    UNION ALL
    SELECT c.g, c.customer, k.p, k.prev_m, CAST(0 AS {money}), c.v
    FROM cm c JOIN cps{x} k ON c.m = k.prev_m
  ) y GROUP BY g, customer, p, prev_m
),
moves{x} AS (
  SELECT y.g, y.p,
    SUM(cur) AS mrr,
    COUNT(CASE WHEN cur > 0 THEN 1 END) AS customers,
    SUM(prv) AS start_mrr,
    COUNT(CASE WHEN prv > 0 THEN 1 END) AS customers_start,
    SUM(CASE WHEN prv = 0 AND cur > 0 AND f.f > y.prev_m THEN cur ELSE 0 END) AS new_mrr,
    COUNT(CASE WHEN prv = 0 AND cur > 0 AND f.f > y.prev_m THEN 1 END) AS new_customers,
    SUM(CASE WHEN prv = 0 AND cur > 0 AND f.f <= y.prev_m THEN cur ELSE 0 END) AS reactivation,
    COUNT(CASE WHEN prv = 0 AND cur > 0 AND f.f <= y.prev_m THEN 1 END) AS reactivated_customers,
    SUM(CASE WHEN prv > 0 AND cur > prv THEN cur - prv ELSE 0 END) AS expansion,
    SUM(CASE WHEN prv > 0 AND cur > 0 AND cur < prv THEN prv - cur ELSE 0 END) AS contraction,
    SUM(CASE WHEN prv > 0 AND cur = 0 THEN prv ELSE 0 END) AS churn,
    COUNT(CASE WHEN prv > 0 AND cur = 0 THEN 1 END) AS churned_customers
  FROM pairs{x} y JOIN first_month f ON f.g = y.g AND f.customer = y.customer
  GROUP BY y.g, y.p
),
pts{x} AS (
  SELECT gr.g, k.p, k.m, k.prev_m, k.i,
    CAST(COALESCE(mv.mrr, 0) AS {money}) AS mrr,
    COALESCE(mv.customers, 0) AS customers,
    CAST(COALESCE(mv.start_mrr, 0) AS {money}) AS start_mrr,
    COALESCE(mv.customers_start, 0) AS customers_start,
    CAST(COALESCE(mv.new_mrr, 0) AS {money}) AS new_mrr,
    COALESCE(mv.new_customers, 0) AS new_customers,
    CAST(COALESCE(mv.reactivation, 0) AS {money}) AS reactivation,
    COALESCE(mv.reactivated_customers, 0) AS reactivated_customers,
    CAST(COALESCE(mv.expansion, 0) AS {money}) AS expansion,
    CAST(COALESCE(mv.contraction, 0) AS {money}) AS contraction,
    CAST(COALESCE(mv.churn, 0) AS {money}) AS churn,
    COALESCE(mv.churned_customers, 0) AS churned_customers
  FROM grps gr CROSS JOIN cps{x} k
  LEFT JOIN moves{x} mv ON mv.g = gr.g AND mv.p = k.p
),
rates0{x} AS (
  SELECT pts{x}.*,
    CAST(mrr / NULLIF(customers, 0) AS {money}) AS arpa,
    {ccr} AS customer_churn_rate,
    {ret} AS retention_rate,
    {gross} AS gross_mrr_churn_rate,
    {net} AS net_mrr_churn_rate,
    {net_cm} AS net_mrr_churn_rate_chartmogul,
    {exp} AS expansion_rate,
    {grr} AS grr,
    {nrr} AS nrr,
    {qr} AS quick_ratio
  FROM pts{x}
),
rates{x} AS (
  SELECT r.*,
    {ltv_churn} AS ltv_churn_rate
  FROM rates0{x} r
),",
        ccr = when(pct("churned_customers", "customers_start")),
        ret = when(pct("(customers - new_customers - reactivated_customers)", "customers_start")),
        gross = when(pct("(churn + contraction)", "start_mrr")),
        net = when(pct(&format!("(churn + contraction - expansion{net_extra})"), "start_mrr")),
        net_cm = when(pct("(churn + contraction - expansion - reactivation)", "start_mrr")),
        exp = when(pct("expansion", "start_mrr")),
        grr = when(least(&pct("(start_mrr - churn - contraction)", "start_mrr"), "100")),
        nrr = when(pct("(start_mrr + expansion - contraction - churn)", "start_mrr")),
        qr = when(format!(
            "{} / NULLIF({}, 0)",
            f("(new_mrr + reactivation + expansion)"),
            f("(churn + contraction)")
        )),
        ltv_churn = churn_avg,
    )
}
