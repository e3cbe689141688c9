//! The subscriptions report: a gap month and segments.

use super::*;

#[test]
fn subscriptions_report_with_gap_and_segments() {
    // A basic 100 (Jan), – (Feb: no rows at all), 150 (Mar); B pro 50 (Jan), – (Mar)
    let ds = snapshots(&[
        (2, "A", 1, 100, 0),
        (3, "B", 1, 50, 1),
        (4, "A", 3, 150, 0),
        (5, "C", 3, -5, 1),
    ]);
    let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
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
    assert_eq!(r.metrics["cohorts"][0]["start_mrr"], serde_json::json!(150.0));
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
        &ReportOptions { period: PeriodKind::Quarter, ..Default::default() },
    );
    assert_eq!(q.periods.len(), 1);
    assert_eq!(q.periods[0].period, "2024-Q1");
    assert_no_nan(&q);
    let text = r.to_text(Lang::En);
    assert!(text.contains("2024-02"), "{text}");
}
