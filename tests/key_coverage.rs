//! Every JSON key of the metric catalogue (`shared/metrics.md`, sections 1–6; section 7 names
//! no key) pinned through the whole pipeline (`analyze`: CSV bytes → import → report), read
//! back by its key from `report.metrics`, `periods[].metrics` or `segments{}`. The inputs are
//! small CSVs written here; every expected value is worked out by hand from the definition in
//! metrics.md, with the arithmetic next to it. `tests/KEYS.md` maps each key to its tests.

use kundenkpi::analysis::{analyze, AnalysisOptions};
use kundenkpi::dataset::DatasetKind;
use kundenkpi::metrics::{HealthScaling, MetricOptions};
use kundenkpi::report::Report;
use serde_json::{Map, Value};

/// Runs `csv` through the pipeline as `kind`; nothing may be rejected.
fn report(csv: &str, kind: DatasetKind, metrics: MetricOptions, segment: Option<&str>) -> Report {
    let mut options = AnalysisOptions { metrics, ..Default::default() };
    options.import.kind = Some(kind);
    options.report.segment = segment.map(str::to_owned);
    let a = analyze(csv.as_bytes(), Some("x.csv"), &options).expect("imports");
    assert_eq!(a.report.kind, kind);
    assert!(a.report.rejected.is_empty(), "rejected: {:?}", a.report.rejected);
    a.report
}

fn period<'a>(r: &'a Report, label: &str) -> &'a Map<String, Value> {
    &r.periods
        .iter()
        .find(|p| p.period == label)
        .unwrap_or_else(|| panic!("no period {label}"))
        .metrics
}

/// Each `(key, value)` is in `m` as a number equal to `value` up to float noise
/// (NaN = the key must be `null`, i.e. undefined).
fn pins(what: &str, m: &Map<String, Value>, want: &[(&str, f64)]) {
    for &(key, w) in want {
        let got = m.get(key).unwrap_or_else(|| panic!("{what}: key {key} missing"));
        if w.is_nan() {
            assert!(got.is_null(), "{what}: {key} = {got}, want null");
            continue;
        }
        let g = got.as_f64().unwrap_or_else(|| panic!("{what}: {key} = {got}, not a number"));
        assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{what}: {key} = {g}, want {w}");
    }
}

/// `m[key]` is a list of objects whose `label` and `pct` are `want`, in that order.
fn shares(m: &Map<String, Value>, key: &str, label: &str, want: &[(&str, f64)]) {
    let got: Vec<(&str, f64)> = m[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is {}, not a list", m[key]))
        .iter()
        .map(|x| (x[label].as_str().unwrap_or(""), x["pct"].as_f64().unwrap_or(f64::NAN)))
        .collect();
    assert_eq!(got.len(), want.len(), "{key}: {got:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(g.0 == w.0 && (g.1 - w.1).abs() < 1e-9, "{key}: got {got:?}, want {want:?}");
    }
}

const NULL: f64 = f64::NAN;

// ---- 1. Survey responses ---------------------------------------------------------------------

/// January, plan a: NPS 10 10 9 9 9 | 8 7 | 6 3 0 (P 5, passives 2, D 3, n 10);
/// CSAT 5 4 4 3 2 1 5 5 (1–5, satisfied = 4–5: 5 of 8); CES 7 6 5 4 1 2 (1–7, easy = 5–7).
/// February, plan b: NPS 10 10 10 0 (P 3, D 1, n 4). 28 answers, 56 surveys sent.
fn survey_csv() -> String {
    let mut csv = String::from("date,score,survey,plan\n");
    let rows: [(&str, &str, &[u8]); 4] = [
        ("2024-01-15", "nps", &[10, 10, 9, 9, 9, 8, 7, 6, 3, 0]),
        ("2024-01-16", "csat", &[5, 4, 4, 3, 2, 1, 5, 5]),
        ("2024-01-17", "ces", &[7, 6, 5, 4, 1, 2]),
        ("2024-02-15", "nps", &[10, 10, 10, 0]),
    ];
    for (date, survey, scores) in rows {
        let plan = if date.starts_with("2024-01") { "a" } else { "b" };
        for s in scores {
            csv += &format!("{date},{s},{survey},{plan}\n");
        }
    }
    csv
}

/// 56 surveys sent (`kpi --surveys-sent 56`).
fn survey_options() -> MetricOptions {
    MetricOptions { surveys_sent: Some(56), ..Default::default() }
}

#[test]
fn survey_keys_per_period_segment_and_whole_range() {
    let r = report(&survey_csv(), DatasetKind::Survey, survey_options(), Some("plan"));
    // January, NPS: p = .5, d = .3 → NPS = 100·(5 − 3)/10 = 20; shares 50 / 20 / 30;
    // var = p + d − (p − d)² = .8 − .04 = .76; moe = 1.96·√(.76/10)·100 = 54.03347110819367;
    // ci = 20 ∓ moe = −34.03347110819367 … 74.03347110819367 (inside ±100).
    // Adjusted Wald: P = 5.75, D = 3.75, n = 13 → p = .4423077, d = .2884615,
    // NPS' = 15.384615; var' = .7307692 − .1538462² = .7071006;
    // moe' = 1.96·√(.7071006/13)·100 = 45.71144977873617 → −30.32683439412078 … 61.09606516335155.
    // CSAT: 100·5/8 = 62.5; mean = 29/8 = 3.625. Wilson, z = 1.96, n = 8, p̂ = .625:
    // centre = (p̂ + z²/2n)/(1 + z²/n) = (.625 + .2401)/1.4802 = .5844480;
    // half = z·√(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n) = 1.96·√(.0292969 + .0150063)/1.4802 = .2787102
    // → 30.573785458380186 … 86.3158240538479.
    // CES: mean = (7 + 6 + 5 + 4 + 1 + 2)/6 = 25/6; easy (5–7) = 3/6 = 50 %.
    let jan = period(&r, "2024-01");
    pins(
        "2024-01",
        jan,
        &[
            ("n", 24.0),
            ("nps", 20.0),
            ("nps_promoters", 5.0),
            ("nps_passives", 2.0),
            ("nps_detractors", 3.0),
            ("nps_promoters_pct", 50.0),
            ("nps_passives_pct", 20.0),
            ("nps_detractors_pct", 30.0),
            ("nps_moe95", 54.03347110819367),
            ("nps_ci95_low", -34.03347110819367),
            ("nps_ci95_high", 74.03347110819367),
            ("nps_adj_ci95_low", -30.32683439412078),
            ("nps_adj_ci95_high", 61.09606516335155),
            ("csat", 62.5),
            ("csat_mean", 3.625),
            ("csat_ci95_low", 30.573785458380186),
            ("csat_ci95_high", 86.3158240538479),
            ("ces", 25.0 / 6.0),
            ("ces_easy_pct", 50.0),
            // the first period has no previous one; surveys sent is a total, no rate per period
            ("nps_diff_z", NULL),
            ("response_rate", NULL),
        ],
    );
    // February vs January: NPS 100·(3 − 1)/4 = 50, var₂ = .75 + .25 − .5² = .75;
    // z = (50 − 20)/(100·√(.75/4 + .76/10)) = 30/(100·√.2635) = 0.5844279059298944 (< 1.96).
    let feb = period(&r, "2024-02");
    pins("2024-02", feb, &[("nps", 50.0), ("nps_diff_z", 0.5844279059298944)]);
    assert_eq!(feb["nps_change_significant"], false);
    // segment a (January's answers) against the rest (b = February): the same two groups the
    // other way round, z = (20 − 50)/(100·√(.76/10 + .75/4)) = −0.5844279059298944.
    pins(
        "segment a",
        &r.segments["a"],
        &[("nps", 20.0), ("nps_diff_z_vs_rest", -0.5844279059298944)],
    );
    // whole range: NPS P 8, D 4, n 14 → 100·4/14; response rate = 28 answers / 56 sent = 50 %.
    pins("whole range", &r.metrics, &[("nps", 400.0 / 14.0), ("response_rate", 50.0), ("n", 28.0)]);
}

// ---- 2. Subscriptions ------------------------------------------------------------------------

/// Snapshots: A 100 100 150 150; B 200 100 – 120; C – 50 50 –; D – – – 80 (Jan–Apr 2024).
const SUBSCRIPTIONS: &str = "customer,month,mrr
A,2024-01,100
A,2024-02,100
A,2024-03,150
A,2024-04,150
B,2024-01,200
B,2024-02,100
B,2024-04,120
C,2024-02,50
C,2024-03,50
D,2024-04,80
";

#[test]
fn subscription_keys_per_month() {
    let r = report(SUBSCRIPTIONS, DatasetKind::Subscriptions, MetricOptions::default(), None);
    // February, start = January: A 100, B 200 (300, 2 customers). C new 50, B contracts 100.
    // MRR 250 = 300 + 50 − 100; customers 3; ARPA 250/3; churned 0 → churn rate 0 %,
    // retention (3 − 1 new)/2 = 100 %; gross (0 + 100)/300 = 33.3 %; net = 33.3 %;
    // expansion 0 %; GRR (300 − 0 − 100)/300 = 66.7 %; NRR (300 + 0 − 100 − 0)/300 = 66.7 %;
    // quick (50 + 0 + 0)/(0 + 100) = .5; LTV undefined (churn 0).
    pins(
        "2024-02",
        period(&r, "2024-02"),
        &[
            ("mrr", 250.0),
            ("arr", 3000.0),
            ("customers", 3.0),
            ("arpa", 250.0 / 3.0),
            ("mrr_new", 50.0),
            ("mrr_expansion", 0.0),
            ("mrr_contraction", 100.0),
            ("mrr_churn", 0.0),
            ("mrr_reactivation", 0.0),
            ("customer_churn_rate", 0.0),
            ("retention_rate", 100.0),
            ("gross_mrr_churn_rate", 100.0 / 3.0),
            ("net_mrr_churn_rate", 100.0 / 3.0),
            ("expansion_rate", 0.0),
            ("grr", 200.0 / 3.0),
            ("nrr", 200.0 / 3.0),
            ("quick_ratio", 0.5),
            ("ltv", NULL),
        ],
    );
    // March, start = February: A 100, B 100, C 50 (250, 3 customers). A expands 50, B churns
    // 100. MRR 200, customers 2 (A, C), ARPA 100; churn rate 1/3 = 33.3 %; retention
    // (2 − 0)/3 = 66.7 %; gross (100 + 0)/250 = 40 %; net (100 + 0 − 50)/250 = 20 %;
    // expansion 50/250 = 20 %; GRR (250 − 100 − 0)/250 = 60 %; NRR (250 + 50 − 0 − 100)/250
    // = 80 %; quick (0 + 0 + 50)/(100 + 0) = .5; LTV = 100 · 1 / (1/3) = 300.
    pins(
        "2024-03",
        period(&r, "2024-03"),
        &[
            ("mrr", 200.0),
            ("arr", 2400.0),
            ("customers", 2.0),
            ("arpa", 100.0),
            ("mrr_new", 0.0),
            ("mrr_expansion", 50.0),
            ("mrr_contraction", 0.0),
            ("mrr_churn", 100.0),
            ("mrr_reactivation", 0.0),
            ("customer_churn_rate", 100.0 / 3.0),
            ("retention_rate", 200.0 / 3.0),
            ("gross_mrr_churn_rate", 40.0),
            ("net_mrr_churn_rate", 20.0),
            ("expansion_rate", 20.0),
            ("grr", 60.0),
            ("nrr", 80.0),
            ("quick_ratio", 0.5),
            ("ltv", 300.0),
        ],
    );
    // April, start = March: A 150, C 50 (200, 2 customers). B returns with 120 (MRR 0 in
    // March, had MRR before February → reactivation), D new 80, C churns 50. MRR 350,
    // customers 3, ARPA 350/3; churn rate 1/2 = 50 %; retention (3 − 2)/2 = 50 %; gross 50/200
    // = 25 %; net (50 + 0 − 0)/200 = 25 %; expansion 0 %; GRR (200 − 50)/200 = 75 %; NRR
    // (200 + 0 − 0 − 50)/200 = 75 % (reactivation not in the base); quick (80 + 120 + 0)/50 = 4;
    // LTV = (350/3)/0.5 = 700/3.
    pins(
        "2024-04",
        period(&r, "2024-04"),
        &[
            ("mrr", 350.0),
            ("arr", 4200.0),
            ("customers", 3.0),
            ("arpa", 350.0 / 3.0),
            ("mrr_new", 80.0),
            ("mrr_expansion", 0.0),
            ("mrr_contraction", 0.0),
            ("mrr_churn", 50.0),
            ("mrr_reactivation", 120.0),
            ("customer_churn_rate", 50.0),
            ("retention_rate", 50.0),
            ("gross_mrr_churn_rate", 25.0),
            ("net_mrr_churn_rate", 25.0),
            ("expansion_rate", 0.0),
            ("grr", 75.0),
            ("nrr", 75.0),
            ("quick_ratio", 4.0),
            ("ltv", 700.0 / 3.0),
        ],
    );
    // the identity MRR(m) − MRR(m−1) = new + reactivation + expansion − contraction − churn:
    // Feb 250 − 300 = 50 − 100; Mar 200 − 250 = 50 − 100; Apr 350 − 200 = 80 + 120 − 50.
    // Whole range: the last month's MRR / ARR / customers / ARPA, the movements summed.
    pins(
        "whole range",
        &r.metrics,
        &[
            ("n", 10.0),
            ("mrr", 350.0),
            ("arr", 4200.0),
            ("customers", 3.0),
            ("arpa", 350.0 / 3.0),
            ("mrr_new", 130.0),
            ("mrr_expansion", 50.0),
            ("mrr_contraction", 100.0),
            ("mrr_churn", 150.0),
            ("mrr_reactivation", 120.0),
        ],
    );
}

// ---- 3. Orders --------------------------------------------------------------------------------

const ORDERS: &str = "customer,date,amount
A,2024-01-01,100.00
A,2024-06-01,50.00
A,2024-12-31,25.50
B,2024-03-01,44.50
C,2024-02-01,10.00
C,2024-04-14,10.00
";

#[test]
fn order_keys() {
    let r = report(ORDERS, DatasetKind::Orders, MetricOptions::default(), None);
    // 6 orders, 3 customers, revenue 100 + 50 + 25.5 + 44.5 + 10 + 10 = 240;
    // APV = 240/6 = 40; ARPU = 240/3 = 80; repeat customers A, C → 2/3 = 66.7 %.
    // Data span 2024-01-01 … 2024-12-31 = 366 days = 366/365.25 years (a year of 365.25 days),
    // so purchase frequency = (6/3)/(366/365.25) = 730.5/366.
    // Lifespans (≥ 2 orders): A 2024-01-01 → 2024-12-31 = 365 days, C 2024-02-01 → 2024-04-14
    // = 73 days; mean 219 days = 219/365.25 years.
    // CLV = 40 · (730.5/366) · (219/365.25) = 47.87 (metrics.md §3); the measured lifespan
    // (219 days) is shorter than the 366 days of data, so CLV is below ARPU 80 and says so.
    pins(
        "orders",
        &r.metrics,
        &[
            ("n", 6.0),
            ("orders", 6.0),
            ("customers", 3.0),
            ("revenue", 240.0),
            ("avg_purchase_value", 40.0),
            ("purchase_frequency", 730.5 / 366.0),
            ("customer_lifespan_years", 219.0 / 365.25),
            ("clv", 40.0 * (730.5 / 366.0) * (219.0 / 365.25)),
            ("clv_lifespan_years", 219.0 / 365.25),
            ("repeat_purchase_rate", 200.0 / 3.0),
            ("arpu", 80.0),
        ],
    );
}

// ---- 4. Support tickets -----------------------------------------------------------------------

/// Every ticket created 2024-03-01 08:00.
const TICKETS: &str = "ticket,created,customer,first_response,resolved,contacts,category,score
T1,2024-03-01 08:00,A,2024-03-01 09:00,2024-03-01 10:00,1,billing,5
T2,2024-03-01 08:00,A,2024-03-01 10:00,2024-03-02 08:00,3,bug,2
T3,2024-03-01 08:00,B,2024-03-01 08:30,2024-03-01 12:00,1,billing,
T4,2024-03-01 08:00,C,2024-03-01 12:00,,,bug,
T5,2024-03-01 08:00,C,,2024-03-01 09:00,2,howto,4
";

#[test]
fn ticket_keys() {
    let r = report(TICKETS, DatasetKind::Tickets, MetricOptions::default(), None);
    let m = &r.metrics;
    // 5 tickets / 3 customers (A, B, C).
    // First response (T1–T4): 1, 2, 0.5, 4 h → mean 7.5/4 = 1.875; sorted .5 1 2 4: median
    // (1 + 2)/2 = 1.5, p90 at rank .9·3 = 2.7 → 2 + .7·(4 − 2) = 3.4.
    // Resolution (T4 open, counted apart): 2, 24, 4, 1 h → mean 31/4 = 7.75; sorted 1 2 4 24:
    // median 3, p90 = 4 + .7·(24 − 4) = 18.
    // FCR: resolved T1 (1 contact), T2 (3), T3 (1), T5 (2) → 2/4 = 50 %.
    // Support CSAT: scores 5, 2, 4 → satisfied (4–5) 2/3 = 66.7 %.
    pins(
        "tickets",
        m,
        &[
            ("n", 5.0),
            ("tickets_per_customer", 5.0 / 3.0),
            ("first_response_hours", 1.875),
            ("first_response_hours_median", 1.5),
            ("first_response_hours_p90", 3.4),
            ("resolution_hours", 7.75),
            ("resolution_hours_median", 3.0),
            ("resolution_hours_p90", 18.0),
            ("open_tickets", 1.0),
            ("fcr", 50.0),
            ("support_csat", 200.0 / 3.0),
        ],
    );
    // categories: billing 2 (40 %), bug 2 (40 %), howto 1 (20 %), by count then name
    shares(m, "categories", "category", &[("billing", 40.0), ("bug", 40.0), ("howto", 20.0)]);
    let counts: Vec<u64> =
        m["categories"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).collect();
    assert_eq!(counts, vec![2, 2, 1]);
}

// ---- 5. Product usage -------------------------------------------------------------------------

/// Two ISO weeks (2024-W05 = Mon 29 Jan … Sun 4 Feb, 2024-W06 = 5 … 11 Feb), two months.
/// u1 (account a, 2 seats, signup 20 Jan): 29 Jan export 10 min, 30 Jan, 5 Feb;
/// u2 (account b, 4 seats, signup 31 Jan): 1 Feb export 20 min, 1 Feb;
/// u3 (account c, 1 seat, signup 1 Feb): 11 Feb report 45 min, 11 Feb, 11 Feb.
const USAGE: &str = "user_id,timestamp,account,feature,duration_minutes,seats,signup_date
u1,2024-01-29T09:00:00,a,export,10,2,2024-01-20
u1,2024-01-30T09:00:00,a,,,2,2024-01-20
u1,2024-02-05T09:00:00,a,,,2,2024-01-20
u2,2024-02-01T09:00:00,b,export,20,4,2024-01-31
u2,2024-02-01T10:00:00,b,,,4,2024-01-31
u3,2024-02-11T09:00:00,c,report,45,1,2024-02-01
u3,2024-02-11T10:00:00,c,,,1,2024-02-01
u3,2024-02-11T11:00:00,c,,,1,2024-02-01
";

#[test]
fn usage_keys_are_means_over_days_weeks_and_months() {
    let r = report(USAGE, DatasetKind::Usage, MetricOptions::default(), None);
    let m = &r.metrics;
    // Range 29 Jan … 11 Feb: 14 days, 2 ISO weeks, 2 months.
    // DAU: user-days u1 {29 Jan, 30 Jan, 5 Feb}, u2 {1 Feb}, u3 {11 Feb} = 5 → 5/14 per day.
    // WAU: W05 {u1, u2}, W06 {u1, u3} → (2 + 2)/2 = 2.  MAU: Jan {u1}, Feb {u1, u2, u3}
    // → (1 + 3)/2 = 2.  Stickiness = mean DAU / MAU ·100 = (5/14)/2 ·100 = 125/7.
    // Usage intensity: events per active user per month: Jan 2 events / 1 user = 2,
    // Feb 6 events / 3 users = 2 → 2 (also 8 events / 4 user-months = 2).
    // Feature adoption: export u1, u2 → 2/3 = 66.7 %; report u3 → 1/3 = 33.3 %.
    // Sessions with a duration: 10, 20, 45 min → 25.
    // Licences: 1 of 2 (a), 1 of 4 (b), 1 of 1 (c) → 50, 25, 100 %; all: 3/7 = 42.9 %.
    // Time to value (any event): a 20 → 29 Jan = 9 d, b 31 Jan → 1 Feb = 1 d, c 1 → 11 Feb
    // = 10 d; sorted 1 9 10: mean 20/3, median 9, p90 at rank .9·2 = 1.8 → 9 + .8·1 = 9.8.
    pins(
        "usage",
        m,
        &[
            ("n", 8.0),
            ("dau", 5.0 / 14.0),
            ("wau", 2.0),
            ("mau", 2.0),
            ("stickiness", 125.0 / 7.0),
            ("usage_intensity", 2.0),
            ("avg_session_minutes", 25.0),
            ("license_utilisation", 300.0 / 7.0),
            ("time_to_value_days", 20.0 / 3.0),
            ("time_to_value_days_median", 9.0),
            ("time_to_value_days_p90", 9.8),
        ],
    );
    shares(m, "feature_adoption", "feature", &[("export", 200.0 / 3.0), ("report", 100.0 / 3.0)]);
    shares(
        m,
        "license_utilisation_by_account",
        "account",
        &[("a", 50.0), ("b", 25.0), ("c", 100.0)],
    );
}

// ---- 6. Funnel and acquisition ----------------------------------------------------------------

const FUNNEL: &str = "month,visitors,visits,page_views,carts_created,purchases_completed,conversions,marketing_spend,sales_spend,new_customers
2024-01,1000,1200,3000,80,20,25,4000.00,1000.00,20
2024-02,500,300,1200,20,10,5,1000.00,0.00,10
";

/// ARPA 50 per month, gross margin 80 % (`kpi --arpa 50 --gross-margin 80`).
fn funnel_options() -> MetricOptions {
    MetricOptions { arpa: Some(50.0), gross_margin: 0.8, ..Default::default() }
}

#[test]
fn funnel_keys() {
    let r = report(FUNNEL, DatasetKind::Funnel, funnel_options(), None);
    // conversion = (25 + 5)/(1000 + 500) ·100 = 2 %; cart abandonment = (1 − 30/100)·100 = 70 %;
    // pages per visit = 4200/1500 = 2.8; CAC = (4000 + 1000 + 1000 + 0)/(20 + 10) = 200;
    // payback = 200/(50 · 0.8) = 5 months.
    pins(
        "funnel",
        &r.metrics,
        &[
            ("n", 2.0),
            ("conversion_rate", 2.0),
            ("cart_abandonment_rate", 70.0),
            ("pages_per_visit", 2.8),
            ("cac", 200.0),
            ("cac_payback_months", 5.0),
        ],
    );
    // January alone: 2.5 %, 75 %, 2.5, 5000/20 = 250, 250/40 = 6.25
    pins(
        "2024-01",
        period(&r, "2024-01"),
        &[
            ("conversion_rate", 2.5),
            ("cart_abandonment_rate", 75.0),
            ("pages_per_visit", 2.5),
            ("cac", 250.0),
            ("cac_payback_months", 6.25),
        ],
    );
}

// ---- the same numbers from `kpi --json` ---------------------------------------------------------

/// `a` and `b` are the same JSON, numbers equal up to float noise.
/// Section 7's keys, worked by hand. Every numeric column is a signal (weight 1, higher is
/// better) unless options say otherwise. Default: threshold scaling, bad = 25th and good =
/// 75th percentile of the column (numpy linear), linear in between, clamped.
///
/// usage 10, 20, 30, 30 → p25 17.5, p75 30 → A 0, B 2.5/12.5 = 20, C 100, D 100;
/// open_tickets 5, 1, 3, 0 → sorted 0, 1, 3, 5 → p25 0.75, p75 3.5
///   → A 100, B 0.25/2.75 = 9.09, C 2.25/2.75 = 81.82, D 0.
/// Scores: A 50, B 160/11 = 14.55 (red), C 1000/11 = 90.91 (green), D 50.
/// Mean 565/11 = 51.36; median (50 + 50)/2 = 50; at risk: B.
#[test]
fn health_keys() {
    let csv = "customer,usage,open_tickets\nA,10,5\nB,20,1\nC,30,3\nD,30,0\n";
    let r = report(csv, DatasetKind::Health, MetricOptions::default(), None);
    pins(
        "health",
        &r.metrics,
        &[
            ("n", 4.0),
            ("health_score", 565.0 / 11.0),
            ("health_score_median", 50.0),
            ("health_red", 1.0),
            ("health_amber", 2.0),
            ("health_green", 1.0),
            ("health_red_pct", 25.0),
            ("health_amber_pct", 50.0),
            ("health_green_pct", 25.0),
        ],
    );
    assert_eq!(r.metrics["health_scaling"], "thresholds");
    assert_eq!(r.metrics["health_distribution"], serde_json::json!([0, 1, 0, 0, 0, 2, 0, 0, 0, 1]));
    assert_eq!(r.metrics["signals"][0]["bad"], 17.5);
    assert_eq!(r.metrics["signals"][0]["good"], 30.0);
    assert_eq!(r.metrics["signals"][1]["bad"], 0.75);
    assert_eq!(r.metrics["signals"][1]["thresholds_from_data"], true);
    let at_risk = r.metrics["at_risk"].as_array().expect("at_risk list");
    assert_eq!(at_risk.len(), 1);
    assert_eq!(at_risk[0]["customer"], "B");
    let want = [("A", 50.0), ("B", 160.0 / 11.0), ("C", 1000.0 / 11.0), ("D", 50.0)];
    health_scores_are(&r.metrics, &want);
}

/// The rank option: (average rank − 1)/(n − 1)·100, ties sharing their average rank.
///
/// usage 10, 20, 30, 30 → ranks 1, 2, 3.5, 3.5 → 0, 33.3, 83.3, 83.3;
/// open_tickets 5, 1, 3, 0 → ranks 4, 2, 3, 1 → 100, 33.3, 66.7, 0.
/// Scores (means): A 50, B 33.3, C 75, D 41.7 → bands amber, red, green, amber.
/// Mean (50 + 33.3 + 75 + 41.7)/4 = 50 (by construction); median (41.7 + 50)/2 = 45.83.
#[test]
fn health_keys_rank_scaling() {
    let csv = "customer,usage,open_tickets\nA,10,5\nB,20,1\nC,30,3\nD,30,0\n";
    let o = MetricOptions { health_scaling: HealthScaling::Rank, ..Default::default() };
    let r = report(csv, DatasetKind::Health, o, None);
    pins(
        "health rank",
        &r.metrics,
        &[
            ("health_score", 50.0),
            ("health_score_median", 45.833333333333336),
            ("health_red", 1.0),
            ("health_amber", 2.0),
            ("health_green", 1.0),
        ],
    );
    assert_eq!(r.metrics["health_scaling"], "rank");
    assert_eq!(r.metrics["health_distribution"], serde_json::json!([0, 0, 0, 1, 1, 1, 0, 1, 0, 0]));
    let want = [("A", 50.0), ("B", 100.0 / 3.0), ("C", 75.0), ("D", 125.0 / 3.0)];
    health_scores_are(&r.metrics, &want);
}

/// What the subscription headline covers (issue #13.5). A 100/month from 1 Jan, ends 1 Mar
/// (active Jan, Feb); B 50/month from 1 Jan, ends 1 Apr (Jan–Mar). Range Jan–Jun: Apr–Jun have
/// MRR 0 only because the range runs past the data. Headline = Mar: MRR 50, ARR 600, 1
/// customer (`mrr_month` 2024-03). Rates defined in Feb, Mar, Apr (customers at start > 0):
/// churn 0 %, 50 %, 100 % → mean 50 % over `rate_months` = 3.
#[test]
fn subscription_coverage_keys() {
    let csv = "customer,start,end,amount,interval\nA,2024-01-01,2024-03-01,100,month\nB,2024-01-01,2024-04-01,50,month\n";
    let mut options = AnalysisOptions::default();
    options.import.kind = Some(DatasetKind::Subscriptions);
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2024, m, day).expect("date");
    options.report.range = Some((d(1, 1), d(6, 30)));
    let r = analyze(csv.as_bytes(), Some("x.csv"), &options).expect("imports").report;
    pins(
        "subscription coverage",
        &r.metrics,
        &[
            ("mrr", 50.0),
            ("arr", 600.0),
            ("customers", 1.0),
            ("rate_months", 3.0),
            ("customer_churn_rate", 50.0),
        ],
    );
    assert_eq!(r.metrics["mrr_month"], "2024-03");
    assert_eq!(r.metrics["month_end"], "2024-06");
    assert_eq!(r.metrics["months"], 6);
}

fn health_scores_are(metrics: &Map<String, Value>, want: &[(&str, f64)]) {
    let scores: Vec<(String, f64)> = metrics["scores"]
        .as_array()
        .expect("scores")
        .iter()
        .map(|c| {
            (
                c["customer"].as_str().unwrap_or("").to_owned(),
                c["score"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    assert_eq!(scores.len(), want.len());
    for ((c, s), (wc, ws)) in scores.iter().zip(want) {
        assert_eq!(c, wc);
        assert!((s - ws).abs() < 1e-9, "{c}: {s}, want {ws}");
    }
}

fn same_json(what: &str, a: &Value, b: &Value) {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{what}: {x} vs {y}");
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{what}: lengths");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                same_json(&format!("{what}[{i}]"), x, y);
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys = |m: &Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(x), keys(y), "{what}: keys");
            for (k, v) in x {
                same_json(&format!("{what}.{k}"), v, &y[k]);
            }
        }
        _ => assert_eq!(a, b, "{what}"),
    }
}

/// `kpi <kind> FILE --json` prints the report the tests above pin, key for key, so every
/// pinned key is what the command line produces (these files are small, so the import reads
/// them whole; `analysis::tests::streaming_equals_whole` covers the chunked path).
#[test]
fn kpi_json_prints_the_pinned_reports() {
    let survey = survey_csv();
    let cases: [(&str, &str, MetricOptions, &[&str]); 6] = [
        ("survey", &survey, survey_options(), &["--surveys-sent", "56", "--segment", "plan"]),
        ("subscriptions", SUBSCRIPTIONS, MetricOptions::default(), &[]),
        ("orders", ORDERS, MetricOptions::default(), &[]),
        ("tickets", TICKETS, MetricOptions::default(), &[]),
        ("usage", USAGE, MetricOptions::default(), &[]),
        ("funnel", FUNNEL, funnel_options(), &["--arpa", "50", "--gross-margin", "80"]),
    ];
    for (kind, csv, options, flags) in cases {
        let path =
            std::env::temp_dir().join(format!("key_coverage_{}_{kind}.csv", std::process::id()));
        std::fs::write(&path, csv).expect("temp file");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kpi"))
            .arg(kind)
            .arg(&path)
            .arg("--json")
            .args(flags)
            .output()
            .expect("kpi runs");
        let _ = std::fs::remove_file(&path);
        assert!(out.status.success(), "kpi {kind}: {}", String::from_utf8_lossy(&out.stderr));
        let cli: Value = serde_json::from_slice(&out.stdout).expect("kpi prints JSON");
        let dataset = DatasetKind::parse(kind).expect("kind");
        let segment = flags.iter().position(|f| *f == "--segment").map(|i| flags[i + 1]);
        let want = serde_json::to_value(report(csv, dataset, options, segment)).unwrap();
        for part in ["kind", "rows", "metrics", "periods", "segments"] {
            same_json(&format!("kpi {kind} {part}"), &cli[part], &want[part]);
        }
    }
}
