//! The report's tests: every kind by hand-worked values, robustness, a large-input check.
//! This file holds the datasets and checks they share (`survey_table`, `every_kind` are
//! also used by the accumulator's tests); one file per job beside it.

use super::keys::{money, num};
use super::*;
use crate::dataset::{
    Money, RejectReason, SegmentColumn, Subscriptions, SurveyResponse, SurveyType, Table,
};
use crate::metrics::stats::close;
use chrono::Datelike;

mod kinds;
mod perf;
mod robustness;
mod subscriptions;
mod survey;

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
