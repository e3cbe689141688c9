//! The shaping of every chart family, with hand-worked values.

use super::super::texts::{DE, EN};
use super::*;
use crate::report::PeriodReport;
use serde_json::json;

fn report(metrics: Value, periods: Vec<(&str, Value)>) -> Report {
    let mut r: Report = blank();
    r.metrics = metrics.as_object().cloned().unwrap_or_default();
    r.periods = periods
        .into_iter()
        .map(|(p, m)| PeriodReport {
            period: p.into(),
            metrics: m.as_object().cloned().unwrap_or_default(),
        })
        .collect();
    r
}

fn blank() -> Report {
    crate::report::report(
        &crate::dataset::Dataset::Survey(Default::default()),
        &Default::default(),
        &Default::default(),
    )
}

#[test]
fn nps_distribution_in_three_groups() {
    let r = report(json!({"nps_distribution": [1, 0, 0, 0, 0, 0, 2, 3, 0, 4, 5]}), vec![]);
    let d = nps_distribution(&r).unwrap();
    assert_eq!(d.total(), 15);
    assert_eq!(d.groups(), (3, 3, 9));
    let [det, pas, pro] = d.stacked();
    assert_eq!(det[0], Some(1.0));
    assert_eq!(det[6], Some(2.0));
    assert_eq!(det[7], None);
    assert_eq!(pas[7], Some(3.0));
    assert_eq!(pro[10], Some(5.0));
    assert_eq!(pro[0], None);
    let s = d.summary(&EN, Lang::En);
    assert!(s.contains("15 answers") && s.contains("Promoters (9–10) 9"), "{s}");
    // missing, wrong type, all zero, too long, negative: no chart or clamped
    assert_eq!(nps_distribution(&report(json!({}), vec![])), None);
    assert_eq!(nps_distribution(&report(json!({"nps_distribution": "x"}), vec![])), None);
    assert_eq!(nps_distribution(&report(json!({"nps_distribution": [0, 0]}), vec![])), None);
    let long =
        report(json!({"nps_distribution": [1, -3, "2", null, 0, 0, 0, 0, 0, 0, 0, 99]}), vec![]);
    assert_eq!(nps_distribution(&long).unwrap().counts, [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert!(nps_distribution(&blank()).is_none());
}

#[test]
fn nps_trend_with_band_and_gaps() {
    let r = report(
        json!({}),
        vec![
            ("2024-01", json!({"nps": 20.0, "nps_ci95_low": 5.0, "nps_ci95_high": 35.0})),
            ("2024-02", json!({"nps": null, "nps_ci95_low": null, "nps_ci95_high": null})),
            ("2024-03", json!({"nps": -10.0, "nps_ci95_low": -40.0, "nps_ci95_high": 20.5})),
        ],
    );
    let t = nps_trend(&r).unwrap();
    assert_eq!(t.labels, vec!["2024-01", "2024-02", "2024-03"]);
    assert_eq!(t.value, vec![Some(20.0), None, Some(-10.0)]);
    let (base, width) = t.band();
    assert_eq!(base, vec![Some(5.0), None, Some(-40.0)]);
    assert_eq!(width, vec![Some(30.0), None, Some(60.5)]);
    let s = t.summary(&DE, Lang::De);
    assert!(s.contains("3 Zeiträume, 2024-01 bis 2024-03. Zuletzt 2024-03: NPS −10,0 (95-%-Intervall −40,0 … +20,5)"), "{s}");
    assert_eq!(nps_trend(&report(json!({}), vec![("2024-01", json!({"nps": null}))])), None);
    assert_eq!(nps_trend(&blank()), None);
}

#[test]
fn csat_and_ces_scales() {
    let r = report(
        json!({"csat_distribution": [0, 1, 0, 2, 3, 4], "csat_scale": 5, "csat_threshold": 4,
               "ces_distribution": [0, 1, 1, 1, 1, 1, 1, 1], "ces_scale": 7, "ces_lower_is_easier": false}),
        vec![],
    );
    let c = csat_distribution(&r).unwrap();
    assert_eq!(c.scores, vec![1, 2, 3, 4, 5]);
    assert_eq!(c.counts, vec![1, 0, 2, 3, 4]);
    assert_eq!(c.good, vec![false, false, false, true, true]);
    let (good, bad) = c.split();
    assert_eq!(good, vec![None, None, None, Some(3.0), Some(4.0)]);
    assert_eq!(bad[0], Some(1.0));
    let e = ces_distribution(&r).unwrap();
    assert_eq!(e.scores, (1..=7).collect::<Vec<_>>());
    assert_eq!(e.good, vec![false, false, false, false, true, true, true]);
    let mut low = r.clone();
    low.metrics.insert("ces_lower_is_easier".into(), json!(true));
    assert_eq!(
        ces_distribution(&low).unwrap().good,
        vec![true, true, true, false, false, false, false]
    );
    assert!(c.summary(EN.csat_title, &EN, Lang::En).contains("10 answers; 1: 1, 2: 0"));
    // short distribution array, absurd scale: padded / clamped
    let odd = report(json!({"csat_distribution": [0, 5], "csat_scale": 200}), vec![]);
    assert_eq!(csat_distribution(&odd).unwrap().scores.len(), 10);
    assert_eq!(csat_distribution(&blank()), None);
    assert_eq!(ces_distribution(&blank()), None);
}

#[test]
fn mrr_movements_negative_below_zero() {
    let r = report(
        json!({}),
        vec![
            ("2024-01", json!({"mrr": 150.0, "mrr_new": null, "mrr_churn": null})),
            ("2024-02", json!({"gap": true, "mrr": null})),
            (
                "2024-03",
                json!({"mrr": "200.5", "mrr_new": 80, "mrr_expansion": 20, "mrr_reactivation": 0,
                                "mrr_contraction": 10, "mrr_churn": 40}),
            ),
        ],
    );
    let m = mrr_movements(&r).unwrap();
    assert_eq!(m.mrr, vec![Some(150.0), None, Some(200.5)]);
    assert_eq!(m.new, vec![None, None, Some(80.0)]);
    assert_eq!(m.contraction[2], Some(-10.0));
    assert_eq!(m.churn[2], Some(-40.0));
    let s = m.summary(&EN, Lang::En);
    assert!(s.contains("MRR 2024-03: 200.50") && s.contains("Churn −40"), "{s}");
    assert_eq!(mrr_movements(&blank()), None);
}

#[test]
fn cohort_triangle() {
    let r = report(
        json!({"cohorts": [
            {"start": "2024-01", "customers": 2, "start_mrr": "150", "logo": [100.0, 50.0, null], "revenue": [100.0, 120.0, 80.0]},
            {"start": "2024-02", "customers": 1, "start_mrr": "10", "logo": [100.0, 0.0], "revenue": [100.0, 0.0]},
            {"start": "2024-03", "customers": 1, "start_mrr": 5, "logo": [], "revenue": []}
        ]}),
        vec![],
    );
    let c = cohorts(&r, CohortKind::Logo).unwrap();
    assert_eq!(c.starts, vec!["2024-01", "2024-02", "2024-03"]);
    assert_eq!(c.months, 3);
    assert_eq!(c.cells, vec![(0, 0, 100.0), (1, 0, 50.0), (0, 1, 100.0), (1, 1, 0.0)]);
    let rev = cohorts(&r, CohortKind::Revenue).unwrap();
    assert_eq!(rev.max, 120.0);
    let s = c.summary(EN.cohort_logo_title, &EN, Lang::En);
    assert!(s.contains("25.0 % retained"), "{s}");
    assert_eq!(cohorts(&report(json!({"cohorts": []}), vec![]), CohortKind::Logo), None);
    // read back into the report's own type: a list of another shape is no triangle
    let junk = json!({"cohorts": [{"customers": 1}, {"start": "2024-03", "logo": "bad"}]});
    assert_eq!(cohorts(&report(junk, vec![]), CohortKind::Logo), None);
    assert_eq!(cohorts(&blank(), CohortKind::Revenue), None);
}

#[test]
fn ticket_histogram_bins() {
    assert_eq!(nice_step(0.7), 1.0);
    assert_eq!(nice_step(1.3), 2.0);
    assert_eq!(nice_step(3.0), 5.0);
    assert_eq!(nice_step(5.0), 5.0);
    assert_eq!(nice_step(23.0), 50.0);
    assert_eq!(nice_step(f64::NAN), 1.0);
    assert_eq!(nice_step(0.0), 1.0);
    let h = histogram(&[0.5, 1.5, 3.0, f64::NAN, -1.0], &[2.0, 8.0, 9.9], 20).unwrap();
    assert_eq!(h.edges.first(), Some(&0.0));
    assert_eq!(h.counts_a.iter().sum::<u64>(), 3);
    assert_eq!(h.counts_b.iter().sum::<u64>(), 3);
    assert_eq!(h.counts_a.len() + 1, h.edges.len());
    assert_eq!(h.counts_a.len(), h.counts_b.len());
    let labels = h.labels(Lang::De);
    assert!(labels[0].starts_with("0–") && labels[0].ends_with(" h"), "{labels:?}");
    // an outlier goes into the last bin instead of stretching the axis
    let mut many: Vec<f64> = (0..200).map(|i| f64::from(i % 10)).collect();
    many.push(10_000.0);
    let h = histogram(&many, &[], 20).unwrap();
    assert!(*h.edges.last().unwrap() <= 20.0, "{:?}", h.edges);
    assert_eq!(h.counts_a.iter().sum::<u64>(), 201);
    assert_eq!(histogram(&[], &[f64::INFINITY], 20), None);
    assert!(histogram(&[0.0], &[0.0], 0).is_some());
    assert!(h.summary(&EN, Lang::En).contains("First response 201"));
}

#[test]
fn usage_adoption_health_phrases() {
    let r = report(
        json!({
            "feature_adoption": [{"feature": "export", "users": 2, "pct": 50.0}, {"feature": "search", "users": 4, "pct": 100.0}],
            "health_distribution": [1, 0, 0, 2, 0, 0, 0, 3, 0, 4],
            "health_bands": {"red_below": 40.0, "green_from": 70.0},
            "health_red": 3, "health_amber": 0, "health_green": 7,
            "comments": {"promoters": {"comments": 3, "words": [{"term": "fast", "count": 3}], "phrases": []},
                         "detractors": {"comments": 2, "words": [], "phrases": [{"term": "too slow", "count": 2}, {"term": "", "count": 5}]}}
        }),
        vec![
            ("2024-01", json!({"dau": 1.5, "mau": 3})),
            ("2024-02", json!({"dau": null, "mau": null})),
        ],
    );
    let u = usage_trend(&r).unwrap();
    assert_eq!(u.dau, vec![Some(1.5), None]);
    assert!(
        u.summary(&EN, Lang::En)
            .contains("2 periods, 2024-01 to 2024-02. Latest 2024-01: DAU 1.5, MAU 3"),
        "{}",
        u.summary(&EN, Lang::En)
    );
    let a = feature_adoption(&r).unwrap();
    assert_eq!(a.features, vec![("search".into(), 100.0, 4), ("export".into(), 50.0, 2)]);
    assert!(a.summary(&DE, Lang::De).contains("search 100,0 %"));
    let junk = report(json!({"feature_adoption": [{"pct": 3}]}), vec![]);
    assert_eq!(feature_adoption(&junk), None);
    let h = health_distribution(&r).unwrap();
    assert_eq!(h.bands[3], Band::Red);
    assert_eq!(h.bands[4], Band::Amber);
    assert_eq!(h.bands[7], Band::Green);
    assert_eq!(h.by_band(Band::Green)[9], Some(4.0));
    assert_eq!(h.by_band(Band::Green)[3], None);
    assert_eq!(h.labels()[9], "90–100");
    let (red, amber, green) = health_totals(&r);
    assert!(h.summary(&EN, Lang::En, red, amber, green).contains("At risk 3, Watch 0, Healthy 7"));
    let p = phrases(&r).unwrap();
    assert_eq!(p.promoters, vec![("fast".into(), 3)]);
    assert_eq!(p.detractors, vec![("too slow".into(), 2)]);
    assert!(p.summary(&EN, Lang::En).contains("„too slow“ 2"));
    for f in [
        usage_trend(&blank()).is_some(),
        feature_adoption(&blank()).is_some(),
        health_distribution(&blank()).is_some(),
        phrases(&blank()).is_some(),
    ] {
        assert!(!f);
    }
}

#[test]
fn axis_formats() {
    assert_eq!(format_axis(Fmt::Money, 12_500.0, Lang::En), "12.5k");
    assert_eq!(format_axis(Fmt::Money, 12_500.0, Lang::De), "12,5 Tsd.");
    assert_eq!(format_axis(Fmt::Money, 2_000_000.0, Lang::De), "2 Mio.");
    assert_eq!(format_axis(Fmt::Count, 1500.0, Lang::En), "1,500");
    assert_eq!(format_axis(Fmt::Count, 1500.0, Lang::De), "1.500");
    assert_eq!(format_axis(Fmt::Percent, 50.0, Lang::De), "50 %");
    assert_eq!(format_axis(Fmt::Signed, 20.0, Lang::En), "+20");
    assert_eq!(format_axis(Fmt::Signed, -20.0, Lang::En), "−20");
    assert_eq!(format_axis(Fmt::Hours, 2.5, Lang::De), "2,50 h");
    assert_eq!(format_axis(Fmt::Number, f64::NAN, Lang::De), "–");
    assert_eq!(format_value(Fmt::Percent, 33.333, Lang::De), "33,3 %");
    assert_eq!(format_value(Fmt::PercentRounded, 99.6, Lang::De), "100 %");
    assert_eq!(format_value(Fmt::Money, 1234.5, Lang::En), "1,234.50");
    assert_eq!(format_value(Fmt::Signed, 12.0, Lang::En), "+12.0");
    assert_eq!(format_value(Fmt::Hours, f64::INFINITY, Lang::En), "–");
    assert_eq!(num(Some(&json!("12.5"))), Some(12.5));
    assert_eq!(num(Some(&json!("NaN"))), None);
    assert_eq!(num(Some(&json!(true))), None);
}

#[test]
fn orders_per_period() {
    // 2024-01: 3 orders, 150.00 revenue (mean 50.00), 1 repeat customer; 2024-02: none
    let r = report(
        json!({"orders": 3, "revenue": 150.0}),
        vec![
            (
                "2024-01",
                json!({"orders": 3, "revenue": 150.0, "avg_purchase_value": 50.0, "repeat_customers": 1}),
            ),
            (
                "2024-02",
                json!({"orders": 0, "revenue": 0.0, "avg_purchase_value": null, "repeat_customers": 0}),
            ),
        ],
    );
    let o = orders_trend(&r).unwrap();
    assert_eq!(o.labels, ["2024-01", "2024-02"]);
    assert_eq!(o.orders, [Some(3.0), Some(0.0)]);
    assert_eq!(o.avg_order_value, [Some(50.0), None]);
    assert_eq!(o.repeat_customers, [Some(1.0), Some(0.0)]);
    assert_eq!(
        o.summary(&EN, Lang::En),
        "Revenue and orders per period: 2 periods, 2024-01 to 2024-02. Revenue 150, Orders 3. \
         Latest 2024-02: Revenue 0, Orders 0, Average order value –."
    );
    // no orders at all: no chart
    let none = report(json!({}), vec![("2024-01", json!({"orders": 0}))]);
    assert_eq!(orders_trend(&none), None);
}

#[test]
fn funnel_stages_with_shares() {
    // the first month of public/samples/funnel-en.csv: 25,831 visitors, 2,844 carts, 750
    // purchases: carts 11.01 % of visitors, purchases 26.37 % of carts and 2.90 % of visitors
    let r = report(
        json!({"visitors": 25831.0, "carts_created": 2844.0, "purchases_completed": 750.0,
               "conversions": 750.0}),
        vec![],
    );
    let f = funnel_stages(&r).unwrap();
    let stages: Vec<Stage> = f.stages.iter().map(|s| s.stage).collect();
    assert_eq!(stages, [Stage::Visitors, Stage::CartsCreated, Stage::PurchasesCompleted]);
    let close = |a: Option<f64>, b: f64| (a.unwrap() - b).abs() < 1e-9;
    assert!(close(f.stages[1].pct_of_first, 11.010026712090125));
    assert!(close(f.stages[2].pct_of_previous, 26.371308016877638));
    assert!(close(f.stages[2].pct_of_first, 2.9034880569857924));
    assert_eq!(
        f.line(2, &DE, Lang::De),
        "Abgeschlossene Käufe: 750 (2,9 % der ersten Stufe, 26,4 % der Stufe davor)"
    );
    assert_eq!(f.line(0, &EN, Lang::En), "Visitors: 25,831");
    // only visitors and conversions: two stages
    let r = report(json!({"visitors": 200.0, "conversions": 5.0, "carts_created": 0.0}), vec![]);
    let f = funnel_stages(&r).unwrap();
    assert_eq!(f.stages.len(), 2);
    assert_eq!(f.stages[1].stage, Stage::Conversions);
    assert_eq!(f.stages[1].pct_of_first, Some(2.5));
    // visitors alone, or none: no funnel
    assert_eq!(funnel_stages(&report(json!({"visitors": 10.0}), vec![])), None);
    assert_eq!(
        funnel_stages(&report(json!({"carts_created": 10.0, "purchases_completed": 1.0}), vec![])),
        None
    );
}
