//! Every kind: no NaN in any JSON, and the other kinds by hand-worked values.

use super::*;

#[test]
fn no_nan_in_the_json_of_any_kind() {
    for ds in every_kind().iter().chain(&empty_of_every_kind()) {
        for period in [PeriodKind::Month, PeriodKind::Week, PeriodKind::Quarter] {
            for segment in [None, Some("plan".to_string()), Some("nope".to_string())] {
                for range in [None, Some((d(2024, 1, 1), d(2024, 2, 29)))] {
                    let ro = ReportOptions { period, segment: segment.clone(), range };
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
    let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
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
    close(f(&r.periods[0].metrics, "purchase_frequency"), 365.25 / 31.0);
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
