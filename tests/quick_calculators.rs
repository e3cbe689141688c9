//! The quick calculators against the vendors' published examples of
//! `tests/published_examples.rs`: the numbers a user would type from the vendor's page go
//! into the calculator, the fixture file goes through the whole pipeline, and both must
//! give the published figure — the same number from the typed path and the file path.
//! Sources and quotes are in `published_examples.rs` and `tests/fixtures/published/README.md`.

mod common;

use kundenkpi::analysis::AnalysisOptions;
use kundenkpi::i18n::Lang;
use kundenkpi::metrics::MetricOptions;
use kundenkpi::quick::{compute, read, CalcId, Outcome, Values};
use serde_json::{Map, Value};

/// The report of a fixture; a period's metrics when `period` is given.
fn file(name: &str, metrics: MetricOptions, period: Option<&str>) -> Map<String, Value> {
    let options = AnalysisOptions { metrics, ..Default::default() };
    let a = common::analyze_file(&format!("tests/fixtures/published/{name}"), &options);
    match period {
        None => a.report.metrics,
        Some(p) => a
            .report
            .periods
            .iter()
            .find(|x| x.period == p)
            .unwrap_or_else(|| panic!("no {p}"))
            .metrics
            .clone(),
    }
}

/// The calculator with values typed as text in `lang`.
fn calc(id: CalcId, lang: Lang, typed: &[(&str, &str)]) -> Outcome {
    let mut v = Values::new(id);
    for (key, text) in typed {
        let i = id
            .fields()
            .iter()
            .position(|f| f.key == *key)
            .unwrap_or_else(|| panic!("no field {key}"));
        v.set(
            i,
            read(&id.fields()[i], text, lang)
                .unwrap_or_else(|e| panic!("{key}: {}", e.message(lang))),
        );
    }
    let o = compute(&v, lang);
    assert!(o.refusals.is_empty() && o.missing.is_empty(), "{o:?}");
    o
}

/// Calculator line `line` = report key `key` = `want`.
fn same(o: &Outcome, line: &str, m: &Map<String, Value>, key: &str, want: f64) {
    let typed = o.value(line).unwrap_or_else(|| panic!("line {line} undefined"));
    let from_file = m[key].as_f64().unwrap_or_else(|| panic!("{key} = {}", m[key]));
    let tol = 1e-9 * want.abs().max(1.0);
    assert!((typed - want).abs() <= tol, "{line}: typed path {typed}, want {want}");
    assert!((from_file - want).abs() <= tol, "{key}: file path {from_file}, want {want}");
}

#[test]
fn chartmogul_mrr_churn_rates() {
    // $100 at the start; churn $10, contraction $10, expansion $10
    let o = calc(
        CalcId::Mrr,
        Lang::En,
        &[("start_mrr", "$100"), ("churn", "10"), ("contraction", "10"), ("expansion", "10")],
    );
    let feb = file("chartmogul_mrr_churn_rate.csv", MetricOptions::default(), Some("2024-02"));
    same(&o, "gross_mrr_churn_rate", &feb, "gross_mrr_churn_rate", 20.0);
    same(&o, "net_mrr_churn_rate", &feb, "net_mrr_churn_rate", 10.0);
    same(&o, "net_mrr_churn_rate_chartmogul", &feb, "net_mrr_churn_rate_chartmogul", 10.0);
    same(&o, "grr", &feb, "grr", 80.0);
    same(&o, "nrr", &feb, "nrr", 90.0);
    same(&o, "end_mrr", &feb, "mrr", 90.0);
}

#[test]
fn chartmogul_customer_churn_rate() {
    // 100 at the start, 10 churned (the eleventh joined and left within the month)
    let o = calc(CalcId::Customers, Lang::En, &[("start", "100"), ("churned", "10")]);
    let feb = file("chartmogul_customer_churn_rate.csv", MetricOptions::default(), Some("2024-02"));
    same(&o, "customer_churn_rate", &feb, "customer_churn_rate", 10.0);
    same(&o, "retention_rate", &feb, "retention_rate", 90.0);
    same(&o, "customers_end", &feb, "customers", 90.0);
}

#[test]
fn chartmogul_arpa_and_ltv() {
    // ARPA: $1,500 MRR over 5 customers = $300
    let o =
        calc(CalcId::Ltv, Lang::En, &[("mrr", "1,500"), ("customers", "5"), ("churn_rate", "5")]);
    same(&o, "arpa", &file("chartmogul_arpa.csv", MetricOptions::default(), None), "arpa", 300.0);
    // LTV: ARPA $100, churn 5 % → $2,000; with a 60 % margin $1,200 (typed in German)
    let o = calc(
        CalcId::Ltv,
        Lang::En,
        &[("mrr", "2,000"), ("customers", "20"), ("churn_rate", "5 %")],
    );
    same(
        &o,
        "ltv",
        &file("chartmogul_ltv.csv", MetricOptions::default(), Some("2024-02")),
        "ltv",
        2000.0,
    );
    let o = calc(
        CalcId::Ltv,
        Lang::De,
        &[("mrr", "2.000"), ("customers", "20"), ("churn_rate", "5"), ("gross_margin", "60")],
    );
    let margin = MetricOptions { gross_margin: 0.6, ..Default::default() };
    same(&o, "ltv", &file("chartmogul_ltv.csv", margin, Some("2024-02")), "ltv", 1200.0);
    // churn 0: undefined on both paths, not 0
    let o =
        calc(CalcId::Ltv, Lang::En, &[("mrr", "2,000"), ("customers", "20"), ("churn_rate", "0")]);
    assert_eq!(o.value("ltv"), None);
    assert!(file("chartmogul_ltv.csv", MetricOptions::default(), Some("2024-08"))["ltv"].is_null());
}

#[test]
fn stripe_mrr_to_arr() {
    // 12,500 USD MRR (100 × 100 + 50 × 600/12) → ARR 150,000
    let o = calc(CalcId::Mrr, Lang::En, &[("start_mrr", "12,500")]);
    same(&o, "arr", &file("stripe_mrr.csv", MetricOptions::default(), None), "arr", 150_000.0);
}

#[test]
fn profitwell_quick_ratios() {
    // the fixture's split of the published sums, typed in German as the fixture is written
    for (period, typed, ratio) in [
        (
            "2024-02",
            [
                ("start_mrr", "79.000"),
                ("new", "16.000"),
                ("expansion", "8.000"),
                ("churn", "3.000"),
                ("contraction", "1.000"),
            ],
            6.0,
        ),
        (
            "2024-03",
            [
                ("start_mrr", "99.000"),
                ("new", "20.000"),
                ("expansion", "10.000"),
                ("churn", "6.000"),
                ("contraction", "4.000"),
            ],
            3.0,
        ),
        (
            "2024-04",
            [
                ("start_mrr", "119.000"),
                ("new", "25.000"),
                ("expansion", "15.000"),
                ("churn", "10.000"),
                ("contraction", "10.000"),
            ],
            2.0,
        ),
    ] {
        let o = calc(CalcId::Mrr, Lang::De, &typed);
        let m = file("profitwell_quick_ratio.csv", MetricOptions::default(), Some(period));
        same(&o, "quick_ratio", &m, "quick_ratio", ratio);
        // net new MRR of 20 000 each month
        same(&o, "end_mrr", &m, "mrr", m["mrr_start"].as_f64().unwrap() + 20_000.0);
    }
}

#[test]
fn chargebee_retention_and_reactivation() {
    let o = calc(CalcId::Mrr, Lang::En, &[("start_mrr", "5,000"), ("expansion", "1,000")]);
    let feb = file("chargebee_grr.csv", MetricOptions::default(), Some("2024-02"));
    same(&o, "grr", &feb, "grr", 100.0);
    same(&o, "nrr", &feb, "nrr", 120.0);
    // reactivation is not part of NRR's base: start 100 (W), reactivation 350 → NRR 100 %
    let o = calc(CalcId::Mrr, Lang::En, &[("start_mrr", "100"), ("reactivation", "350")]);
    let mar = file("chargebee_reactivation_mrr.csv", MetricOptions::default(), Some("2024-03"));
    same(&o, "nrr", &mar, "nrr", 100.0);
    // a $100 → $70 downgrade: contraction, not churn
    let o = calc(CalcId::Mrr, Lang::En, &[("start_mrr", "100"), ("contraction", "30")]);
    let feb = file("chargebee_contraction.csv", MetricOptions::default(), Some("2024-02"));
    same(&o, "gross_mrr_churn_rate", &feb, "gross_mrr_churn_rate", 30.0);
}

#[test]
fn delighted_nps_from_counts_and_from_scores() {
    let m = file("delighted_nps.csv", MetricOptions::default(), None);
    let o =
        calc(CalcId::Nps, Lang::De, &[("promoters", "10"), ("passives", "5"), ("detractors", "5")]);
    same(&o, "nps", &m, "nps", 25.0);
    same(&o, "promoters_pct", &m, "nps_promoters_pct", 50.0);
    same(&o, "detractors_pct", &m, "nps_detractors_pct", 25.0);
    let moe = m["nps_moe95"].as_f64().unwrap();
    same(&o, "moe95", &m, "nps_moe95", moe);
    // the fixture's scores: 6 × 10, 4 × 9, 3 × 8, 2 × 7, 2 × 6, 2 × 3, 1 × 0
    let o = calc(
        CalcId::NpsScores,
        Lang::En,
        &[
            ("s10", "6"),
            ("s9", "4"),
            ("s8", "3"),
            ("s7", "2"),
            ("s6", "2"),
            ("s3", "2"),
            ("s0", "1"),
        ],
    );
    same(&o, "nps", &m, "nps", 25.0);
    same(&o, "moe95", &m, "nps_moe95", moe);
}

#[test]
fn delighted_csat() {
    // 5: 42, 4: 32, 3: 10, 2: 9, 1: 14 → 74 / 107
    let o = calc(
        CalcId::Csat,
        Lang::En,
        &[("s5", "42"), ("s4", "32"), ("s3", "10"), ("s2", "9"), ("s1", "14")],
    );
    let m = file("delighted_csat.csv", MetricOptions::default(), None);
    same(&o, "csat", &m, "csat", 7400.0 / 107.0);
    same(&o, "mean", &m, "csat_mean", 400.0 / 107.0);
    assert_eq!(o.line("csat").unwrap().shown, "69.2 %");
}

#[test]
fn delighted_ces_5_point() {
    // 3 × 1, 2 × 2, 5 × 3, 5 × 4, 5 × 5 on 1–5 → 50 % easy, mean 3.35
    let o = calc(
        CalcId::Ces,
        Lang::En,
        &[("scale", "5"), ("s1", "3"), ("s2", "2"), ("s3", "5"), ("s4", "5"), ("s5", "5")],
    );
    let m = file(
        "delighted_ces_5_point.csv",
        MetricOptions { ces_scale: 5, ..Default::default() },
        None,
    );
    same(&o, "easy_pct", &m, "ces_easy_pct", 50.0);
    same(&o, "ces", &m, "ces", 3.35);
}

#[test]
fn daymark_cac_payback() {
    // CAC $1,200 (9 000 + 3 000 over 10), ARPA $100, margin 80 % → 15 months
    let o = calc(
        CalcId::Acquisition,
        Lang::De,
        &[
            ("marketing_spend", "9.000"),
            ("sales_spend", "3.000"),
            ("new_customers", "10"),
            ("arpa", "100"),
            ("gross_margin", "80 %"),
        ],
    );
    let m = file(
        "daymark_cac_payback.csv",
        MetricOptions { arpa: Some(100.0), gross_margin: 0.8, ..Default::default() },
        None,
    );
    same(&o, "cac", &m, "cac", 1200.0);
    same(&o, "cac_payback_months", &m, "cac_payback_months", 15.0);
}
