//! The report's tests: every kind by hand-worked values, robustness, a large-input check.

use super::keys::{money, num};
use super::*;
use crate::dataset::{
    Money, RejectReason, SegmentColumn, Subscriptions, SurveyResponse, SurveyType, Table,
};
use crate::metrics::stats::close;
use chrono::Datelike;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn f(m: &Map<String, Value>, k: &str) -> Option<f64> {
    m.get(k).unwrap_or_else(|| panic!("key {k} missing")).as_f64()
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
    let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
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
    assert_eq!(r.metrics["nps_distribution"], serde_json::json!([1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3]));
    // periods: Jan, Feb (no rows: nulls, not zeros), Mar
    let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(labels, vec!["2024-01", "2024-02", "2024-03"]);
    let (jan, feb, mar) = (&r.periods[0].metrics, &r.periods[1].metrics, &r.periods[2].metrics);
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
    close(f(&r.segments["A"], "nps_diff_z_vs_rest"), -0.5477225575051661);
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
    assert!(text.contains("2024-02") && text.contains("Zeile 6"), "{text}");
}

#[test]
fn survey_change_between_consecutive_periods() {
    let mut t = survey_table();
    t.rows.retain(|r| r.date.is_some_and(|d| d.month() == 1) || r.line == 7);
    t.rows.iter_mut().for_each(|r| {
        if r.line == 7 {
            r.date = Some(d(2024, 2, 1));
        }
    });
    t.segments.clear();
    let r = report(&Dataset::Survey(t), &MetricOptions::default(), &ReportOptions::default());
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
    let o = MetricOptions { surveys_sent: Some(10), ..Default::default() };
    let r = report(&Dataset::Survey(t), &o, &ro);
    // in range: lines 2–6; as NPS: 10, 9, 0, 4 (6 rejected)
    assert_eq!(r.rows, 4);
    close(f(&r.metrics, "nps"), 0.0);
    close(f(&r.metrics, "response_rate"), 40.0);
    assert_eq!(r.periods[0].metrics["response_rate"], Value::Null);
    let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(labels, vec!["2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05"]);
    assert_no_nan(&r);
}

#[test]
fn survey_single_period() {
    let mut t = survey_table();
    t.rows.retain(|r| r.date.is_some_and(|d| d.month() == 3));
    t.segments.clear();
    let r = report(&Dataset::Survey(t), &MetricOptions::default(), &ReportOptions::default());
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
    let a = Rejected { line: 5, column: "score".into(), reason: RejectReason::Missing };
    let b = Rejected { line: 2, column: "score".into(), reason: RejectReason::Missing };
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
                month: Month { year: 2024, month: m },
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
        Order { line: 2, customer: "A".into(), date: d(2024, 1, 10), amount: Money::new(1999, 2) },
        Order { line: 3, customer: "A".into(), date: d(2024, 3, 10), amount: Money::new(501, 2) },
        Order { line: 4, customer: "B".into(), date: d(2024, 3, 11), amount: Money::new(-1, 0) },
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
                HealthRow { line: 2, customer: "A".into(), values: vec![Some(1.0)] },
                HealthRow { line: 3, customer: "B".into(), values: vec![None] },
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
            let ro = ReportOptions { period, segment: Some("s".into()), range: None };
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
                    [SurveyType::Nps, SurveyType::Nps, SurveyType::Csat, SurveyType::Ces][i % 4],
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
        let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
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
