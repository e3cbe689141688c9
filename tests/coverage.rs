//! The days the data covers (before any date range), for every kind, read from the sample
//! files. The expected first and last days were read off the files with `cut | sort`, not
//! computed by this crate.

mod common;

use chrono::NaiveDate;
use common::analyze_file;
use kundenkpi::analysis::AnalysisOptions;
use kundenkpi::metrics::accumulate::Coverage;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn coverage(file: &str, range: Option<(NaiveDate, NaiveDate)>) -> Option<Coverage> {
    let mut o = AnalysisOptions::default();
    o.report.range = range;
    analyze_file(&format!("public/samples/{file}"), &o).coverage
}

#[test]
fn every_sample_covers_its_own_days() {
    let c = |a, b| Some(Coverage { first: a, last: b });
    // answers dated 2024-01-02 … 2024-12-25
    assert_eq!(coverage("survey-en.csv", None), c(d(2024, 1, 2), d(2024, 12, 25)));
    assert_eq!(coverage("umfrage-de.csv", None), c(d(2024, 1, 2), d(2024, 12, 25)));
    // orders 2023-01-01 … 2025-02-18 (February 2025 is the data's partial last month)
    assert_eq!(coverage("orders-en.csv", None), c(d(2023, 1, 1), d(2025, 2, 18)));
    // tickets created 2024-01-02 10:25 … 2024-05-30
    assert_eq!(coverage("tickets-en.csv", None), c(d(2024, 1, 2), d(2024, 5, 30)));
    assert_eq!(coverage("tickets-de.csv", None), c(d(2024, 1, 2), d(2024, 5, 30)));
    // usage events 2024-02-01 … 2024-04-30
    assert_eq!(coverage("usage-en.csv", None), c(d(2024, 2, 1), d(2024, 4, 30)));
    // monthly funnel totals 2024-01 … 2024-12: every day of those months
    assert_eq!(coverage("funnel-en.csv", None), c(d(2024, 1, 1), d(2024, 12, 31)));
    // MRR snapshots 2023-01 … 2024-03: whole months
    assert_eq!(coverage("subscriptions-en.csv", None), c(d(2023, 1, 1), d(2024, 3, 31)));
    // subscription rows: first start 01.01.2023, latest start 01.03.2024 (the latest end,
    // also 01.03.2024, is the first day without a subscription: it speaks of 29 Feb)
    assert_eq!(coverage("abos-de.csv", None), c(d(2023, 1, 1), d(2024, 3, 1)));
    // health scores have no dates
    assert_eq!(coverage("health-en.csv", None), None);
}

/// The coverage is the data's, whatever range is chosen, also one that leaves no rows.
#[test]
fn a_range_does_not_change_the_coverage() {
    let outside = Some((d(2019, 1, 1), d(2019, 6, 30)));
    let inside = Some((d(2024, 3, 1), d(2024, 3, 31)));
    for file in ["survey-en.csv", "orders-en.csv", "tickets-en.csv", "abos-de.csv"] {
        let whole = coverage(file, None);
        assert!(whole.is_some(), "{file}");
        assert_eq!(coverage(file, outside), whole, "{file}");
        assert_eq!(coverage(file, inside), whole, "{file}");
    }
    let mut o = AnalysisOptions::default();
    o.report.range = outside;
    let a = analyze_file("public/samples/survey-en.csv", &o);
    assert_eq!(a.report.rows, 0);
    assert_eq!(a.coverage.unwrap().within(outside), None);
}

/// `kpi` in an English environment.
fn kpi(args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kpi"));
    for name in ["KPI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.env("LANG", "C.UTF-8").args(args).output().unwrap()
}

/// `kpi` says why a range left no rows (stderr, in the chosen language); `--json` only adds
/// the `coverage` key, last, after every key of the report.
#[test]
fn kpi_names_the_data_s_days_when_a_range_leaves_no_rows() {
    let survey = common::crate_path("public/samples/umfrage-de.csv");
    let file = survey.to_str().unwrap();
    let out = kpi(&["survey", file, "--from", "2023-01-01", "--to", "2023-06-30"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "0 rows in 2023-01-01 … 2023-06-30 (the data covers 2024-01-02 … 2024-12-25)\n"
    );
    let out = kpi(&["survey", file, "--lang", "de", "--from", "2025-01-01"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "0 Zeilen ab 01.01.2025 (die Daten reichen von 02.01.2024 bis 25.12.2024)\n"
    );
    // rows in the range: nothing said
    let out = kpi(&["survey", file, "--from", "2024-03-01"]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = kpi(&["survey", file, "--json", "--from", "2023-01-01", "--to", "2023-06-30"]);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(
        json.trim_end().ends_with(r#","coverage":{"first":"2024-01-02","last":"2024-12-25"}}"#),
        "{json}"
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rows"], 0);
    let health = common::crate_path("public/samples/health-en.csv");
    let out = kpi(&["health", health.to_str().unwrap(), "--json"]);
    assert!(String::from_utf8_lossy(&out.stdout).trim_end().ends_with(r#","coverage":null}"#));
}
