//! Real public data files (tests/real/data, sources and licences in tests/real/README.md),
//! one per kind, read with no help (or the one choice the README names) and compared with
//! numbers pandas computed from the files' own columns (tests/real/reference.py, run once,
//! frozen in tests/real/expected.json), to 1e-9 relative.

mod common;

use kundenkpi::analysis::AnalysisOptions;
use kundenkpi::dataset::DatasetKind;
use kundenkpi::import::{Field, ImportOptions};
use serde_json::Value;

fn expected() -> Value {
    let text = common::fixture_text("tests/real/expected.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// The report as JSON, read with no help unless `import` says otherwise.
fn report(file: &str, import: ImportOptions) -> Value {
    let options = AnalysisOptions { import, ..Default::default() };
    let analysis = common::analyze_file(&format!("tests/real/data/{file}"), &options);
    serde_json::to_value(&analysis.report).expect("serialisable")
}

fn close(what: &str, got: &Value, want: &Value) {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => {
            assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{what}: kpi {g}, pandas {w}")
        }
        _ => assert_eq!(got, want, "{what}"),
    }
}

/// Every key of the expectation but `rows` against the report's whole-range metrics.
fn compare(what: &str, r: &Value, want: &Value) {
    close(&format!("{what} rows"), &r["rows"], &want["rows"]);
    for (k, w) in want.as_object().expect("object") {
        if k != "rows" {
            close(&format!("{what} {k}"), &r["metrics"][k], w);
        }
    }
}

#[test]
fn google_forms_survey_nps_matches_pandas() {
    let r = report("sudzilla_survey.csv", ImportOptions::default());
    assert_eq!(r["kind"], "survey");
    compare("survey", &r, &expected()["survey"]);
}

#[test]
fn nyc_311_service_requests_match_pandas() {
    let r = report("nyc_311_service_requests.csv", ImportOptions::default());
    assert_eq!(r["kind"], "tickets");
    compare("311", &r, &expected()["tickets_nyc_311"]);
}

#[test]
fn saas_support_tickets_match_pandas() {
    let r = report("ravenstack_support_tickets.csv", ImportOptions::default());
    assert_eq!(r["kind"], "tickets");
    compare("ravenstack tickets", &r, &expected()["tickets_ravenstack"]);
}

#[test]
fn superstore_orders_match_pandas() {
    let r = report("superstore_orders.csv", ImportOptions::default());
    assert_eq!(r["kind"], "orders");
    compare("orders", &r, &expected()["orders"]);
}

#[test]
fn saas_subscriptions_mrr_by_month_matches_pandas() {
    let r = report("ravenstack_subscriptions.csv", ImportOptions::default());
    assert_eq!(r["kind"], "subscriptions");
    let e = &expected()["subscriptions"];
    close("subscription rows", &r["rows"], &e["rows"]);
    let want = e["mrr_by_month"].as_object().expect("months");
    let periods = r["periods"].as_array().expect("periods");
    assert_eq!(periods.len(), want.len(), "months");
    for p in periods {
        let month = p["period"].as_str().expect("label");
        close(&format!("MRR {month}"), &p["metrics"]["mrr"], &want[month]);
    }
}

/// No column says who the user is: one choice (`--column user=subscription_id`) opens it.
#[test]
fn saas_feature_usage_with_one_choice_matches_pandas() {
    let plain = common::fixture("tests/real/data/ravenstack_feature_usage.csv");
    assert!(kundenkpi::import::import(&plain, None, &ImportOptions::default()).is_err());
    let choice = ImportOptions {
        kind: Some(DatasetKind::Usage),
        columns: vec![(Field::User, "subscription_id".into())],
        ..Default::default()
    };
    let r = report("ravenstack_feature_usage.csv", choice);
    let e = &expected()["usage"];
    close("usage rows", &r["rows"], &e["rows"]);
    close("events", &r["metrics"]["events"], &e["events"]);
    close("users", &r["metrics"]["users"], &e["users"]);
    close("avg session minutes", &r["metrics"]["avg_session_minutes"], &e["avg_session_minutes"]);
    let features = r["metrics"]["feature_adoption"].as_array().expect("adoption").len();
    assert_eq!(features as u64, e["features"].as_u64().expect("count"));
}
