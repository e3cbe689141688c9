//! The metric core against an independent recomputation with pandas/numpy
//! (tests/reference/reference.py, run once; its output expected.json is frozen here).
//! The CSV fixtures are read with a tiny parser (no quoting in them), not the import layer.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use kundenkpi::dataset::*;
use kundenkpi::metrics::{MetricOptions, PeriodKind};
use kundenkpi::report::{report, Report, ReportOptions};
use rust_decimal::Decimal;
use serde_json::Value;

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference")
}

/// Header and rows of a fixture, as field maps.
fn csv(name: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(dir().join("data").join(name)).expect("fixture");
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().expect("header").split(',').map(str::to_owned).collect();
    lines.map(|l| header.iter().cloned().zip(l.split(',').map(str::to_owned)).collect()).collect()
}

fn expected() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(dir().join("expected.json")).expect("expected.json"),
    )
    .expect("json")
}

/// Interns a column as a segment column.
fn segment(name: &str, values: impl Iterator<Item = String>) -> SegmentColumn {
    let mut col = SegmentColumn { name: name.into(), ..Default::default() };
    for v in values {
        let code = match col.values.iter().position(|x| *x == v) {
            Some(i) => i,
            None => {
                col.values.push(v);
                col.values.len() - 1
            }
        };
        col.codes.push(code as u32);
    }
    col
}

fn line(r: &HashMap<String, String>) -> usize {
    r["line"].parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn datetime(s: &str) -> Option<NaiveDateTime> {
    (!s.is_empty()).then(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap())
}

/// Compares a report value with the reference (None ↔ null), to 1e-9 relative.
fn check(what: &str, got: Option<&Value>, want: &Value) {
    let got = got.unwrap_or_else(|| panic!("{what}: key missing"));
    match (got.as_f64(), want.as_f64()) {
        (None, None) => assert!(got.is_null() && want.is_null(), "{what}: {got} vs {want}"),
        (Some(g), Some(w)) => {
            assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{what}: got {g}, pandas {w}")
        }
        _ => panic!("{what}: got {got}, pandas {want}"),
    }
}

fn check_map(what: &str, got: &serde_json::Map<String, Value>, want: &Value) {
    for (k, w) in want.as_object().expect("object") {
        check(&format!("{what}.{k}"), got.get(k), w);
    }
}

fn period<'a>(r: &'a Report, label: &str) -> &'a serde_json::Map<String, Value> {
    &r.periods
        .iter()
        .find(|p| p.period == label)
        .unwrap_or_else(|| panic!("period {label}"))
        .metrics
}

#[test]
fn survey_matches_pandas() {
    let rows = csv("survey.csv");
    let table = Table {
        rows: rows
            .iter()
            .map(|r| SurveyResponse {
                line: line(r),
                score: r["score"].parse().unwrap(),
                date: Some(date(&r["date"])),
                survey: Some(match r["survey"].as_str() {
                    "nps" => SurveyType::Nps,
                    "csat" => SurveyType::Csat,
                    _ => SurveyType::Ces,
                }),
                customer: None,
                comment: None,
            })
            .collect(),
        segments: vec![segment("plan", rows.iter().map(|r| r["plan"].clone()))],
        rejected: Vec::new(),
        ..Default::default()
    };
    let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
    let r = report(&Dataset::Survey(table), &MetricOptions::default(), &ro);
    let e = &expected()["survey"];
    assert_eq!(r.rows as u64, e["rows"].as_u64().unwrap());
    let lines: Vec<u64> = r.rejected.iter().map(|x| x.line as u64).collect();
    let want: Vec<u64> =
        e["rejected_lines"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert_eq!(lines, want);
    check_map("survey", &r.metrics, &e["metrics"]);
    for (label, want) in e["periods"].as_object().unwrap() {
        check_map(&format!("survey {label}"), period(&r, label), want);
    }
    for (seg, want) in e["segments"].as_object().unwrap() {
        check_map(&format!("survey segment {seg}"), &r.segments[seg], want);
    }
}

#[test]
fn subscriptions_match_pandas() {
    let rows = csv("subscriptions.csv");
    let table = Table {
        rows: rows
            .iter()
            .map(|r| {
                let (y, m) = r["month"].split_once('-').unwrap();
                MrrSnapshot {
                    line: line(r),
                    customer: r["customer"].as_str().into(),
                    month: Month { year: y.parse().unwrap(), month: m.parse().unwrap() },
                    mrr: Decimal::from_str(&r["mrr"]).unwrap(),
                }
            })
            .collect(),
        ..Default::default()
    };
    let ds = Dataset::Subscriptions(Subscriptions::Snapshots(table));
    let r = report(&ds, &MetricOptions::default(), &ReportOptions::default());
    let e = &expected()["subscriptions"];
    assert_eq!(r.metrics["gaps"], e["gaps"]);
    for g in e["gaps"].as_array().unwrap() {
        assert_eq!(period(&r, g.as_str().unwrap())["gap"], true);
    }
    for (label, want) in e["periods"].as_object().unwrap() {
        check_map(&format!("mrr {label}"), period(&r, label), want);
    }
    // quarters: the same identity holds between quarter ends
    let q = report(
        &ds,
        &MetricOptions::default(),
        &ReportOptions { period: PeriodKind::Quarter, ..Default::default() },
    );
    let labels: Vec<&str> = q.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(labels, vec!["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]);
    for w in q.periods.windows(2) {
        let (a, b) = (&w[0].metrics, &w[1].metrics);
        let g = |m: &serde_json::Map<String, Value>, k: &str| m[k].as_f64().unwrap();
        let net = g(b, "mrr_new") + g(b, "mrr_reactivation") + g(b, "mrr_expansion")
            - g(b, "mrr_contraction")
            - g(b, "mrr_churn");
        assert!((g(b, "mrr") - g(a, "mrr") - net).abs() < 1e-6);
    }
    // Q3 2023 ends in September (August is the gap)
    assert_eq!(q.periods[2].metrics["month"], "2023-09");
}

#[test]
fn orders_match_pandas() {
    let rows = csv("orders.csv");
    let table = Table {
        rows: rows
            .iter()
            .map(|r| Order {
                line: line(r),
                customer: r["customer"].as_str().into(),
                date: date(&r["date"]),
                amount: Decimal::from_str(&r["amount"]).unwrap(),
            })
            .collect(),
        ..Default::default()
    };
    let r = report(&Dataset::Orders(table), &MetricOptions::default(), &ReportOptions::default());
    check_map("orders", &r.metrics, &expected()["orders"]);
}

#[test]
fn tickets_match_pandas() {
    let rows = csv("tickets.csv");
    let table = Table {
        rows: rows
            .iter()
            .map(|r| Ticket {
                line: line(r),
                ticket: r["ticket"].as_str().into(),
                created: datetime(&r["created"]).unwrap(),
                customer: None,
                first_response: datetime(&r["first_response"]),
                resolved: datetime(&r["resolved"]),
                contacts: r["contacts"].parse().ok(),
                first_contact_resolved: None,
                category: Some(r["category"].as_str().into()).filter(|c: &Name| !c.is_empty()),
                score: r["score"].parse().ok(),
            })
            .collect(),
        ..Default::default()
    };
    let r = report(&Dataset::Tickets(table), &MetricOptions::default(), &ReportOptions::default());
    let mut e = expected()["tickets"].clone();
    let cats = e.as_object_mut().unwrap().remove("categories").unwrap();
    check_map("tickets", &r.metrics, &e);
    let got = r.metrics["categories"].as_array().unwrap();
    assert_eq!(got.len(), cats.as_object().unwrap().len());
    for c in got {
        check(
            &format!("category {}", c["category"]),
            c.get("pct"),
            &cats[c["category"].as_str().unwrap()],
        );
    }
}
