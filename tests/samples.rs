//! The sample files the app offers ("try a sample") import cleanly, and their German and
//! English flavours — written from the same simulated data with each convention — give the
//! same numbers. The two subscription shapes (monthly snapshots, billing-system rows) of one
//! history must agree on every movement.

use kundenkpi::analysis::{analyze, AnalysisOptions};
use kundenkpi::dataset::DatasetKind;
use serde_json::Value;

fn metrics(file: &str, kind: DatasetKind) -> serde_json::Map<String, Value> {
    let bytes = std::fs::read(format!("public/samples/{file}")).expect("sample exists");
    let options = AnalysisOptions::default();
    let a = analyze(&bytes, Some(file), &options).expect("imports");
    assert_eq!(a.report.kind, kind, "{file}: detected kind");
    assert!(a.import.kind_guessed, "{file}: kind guessed from the columns");
    assert!(
        a.report.rejected.is_empty(),
        "{file}: {:?}",
        &a.report.rejected[..a.report.rejected.len().min(3)]
    );
    assert!(a.import.questions.is_empty(), "{file}: open questions {:?}", a.import.questions);
    assert!(a.report.rows > 0);
    a.report.metrics
}

fn same(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>, keys: &[&str]) {
    for k in keys {
        let (x, y) = (&a[*k], &b[*k]);
        match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{k}: {x} vs {y}"),
            _ => assert_eq!(x, y, "{k}"),
        }
    }
}

#[test]
fn survey_flavours_agree() {
    let en = metrics("survey-en.csv", DatasetKind::Survey);
    let de = metrics("umfrage-de.csv", DatasetKind::Survey);
    same(&en, &de, &["nps", "nps_n", "nps_promoters", "nps_detractors", "nps_moe95"]);
    assert_eq!(en["nps_n"], 240);
}

#[test]
fn subscription_shapes_agree() {
    let snapshots = metrics("subscriptions-en.csv", DatasetKind::Subscriptions);
    let rows = metrics("abos-de.csv", DatasetKind::Subscriptions);
    same(
        &snapshots,
        &rows,
        &[
            "mrr",
            "customers",
            "mrr_new",
            "mrr_expansion",
            "mrr_contraction",
            "mrr_churn",
            "mrr_reactivation",
            "nrr",
            "grr",
            "quick_ratio",
            "customer_churn_rate",
        ],
    );
    // the simulation has every movement
    for k in ["mrr_new", "mrr_expansion", "mrr_contraction", "mrr_churn", "mrr_reactivation"] {
        assert!(snapshots[k].as_f64().unwrap() > 0.0, "{k}");
    }
}

#[test]
fn orders_flavours_agree() {
    let en = metrics("orders-en.csv", DatasetKind::Orders);
    let de = metrics("bestellungen-de.csv", DatasetKind::Orders);
    same(
        &en,
        &de,
        &["orders", "customers", "revenue", "avg_purchase_value", "repeat_purchase_rate"],
    );
}

#[test]
fn ticket_flavours_agree() {
    let en = metrics("tickets-en.csv", DatasetKind::Tickets);
    let de = metrics("tickets-de.csv", DatasetKind::Tickets);
    same(
        &en,
        &de,
        &[
            "tickets",
            "fcr",
            "resolution_hours",
            "first_response_hours_p90",
            "support_csat",
            "open_tickets",
        ],
    );
}

#[test]
fn health_flavours_agree() {
    let en = metrics("health-en.csv", DatasetKind::Health);
    let de = metrics("kundengesundheit-de.csv", DatasetKind::Health);
    same(&en, &de, &["customers", "health_score", "health_red", "health_amber", "health_green"]);
}

#[test]
fn usage_and_funnel_import() {
    let usage = metrics("usage-en.csv", DatasetKind::Usage);
    assert!(usage["mau"].as_f64().unwrap() > 0.0);
    let funnel = metrics("funnel-en.csv", DatasetKind::Funnel);
    assert!(funnel["conversion_rate"].as_f64().unwrap() > 0.0);
}

/// Every key the catalogue shows (value, inputs, interval, n) is produced by the report of
/// the kind's sample, so no card or disclosure can point at nothing.
#[test]
fn catalogue_keys_exist_in_the_reports() {
    use kundenkpi::presentation::catalogue::metrics_of;
    let samples = [
        ("survey-en.csv", DatasetKind::Survey),
        ("subscriptions-en.csv", DatasetKind::Subscriptions),
        ("orders-en.csv", DatasetKind::Orders),
        ("tickets-en.csv", DatasetKind::Tickets),
        ("usage-en.csv", DatasetKind::Usage),
        ("funnel-en.csv", DatasetKind::Funnel),
        ("health-en.csv", DatasetKind::Health),
    ];
    let mut missing = Vec::new();
    for (file, kind) in samples {
        let m = metrics(file, kind);
        for info in metrics_of(kind) {
            let mut keys = vec![info.key];
            keys.extend(info.inputs);
            keys.extend(info.interval.iter().flat_map(|(a, b)| [*a, *b]));
            keys.extend(info.n);
            for k in keys {
                if !m.contains_key(k.as_str()) {
                    missing.push(format!("{file}: {k} (of {})", info.key));
                }
            }
        }
    }
    assert!(missing.is_empty(), "catalogue keys not in the reports:\n{}", missing.join("\n"));
}
