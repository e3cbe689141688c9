//! Hand-worked MRR tables, movements, rates and cohorts.

use super::*;
use crate::dataset::{BillingInterval, Month};
use crate::metrics::stats::close;
use rust_decimal::Decimal;

fn snap(line: usize, c: &str, m: u32, mrr: i64) -> MrrSnapshot {
    MrrSnapshot {
        line,
        customer: c.into(),
        month: Month { year: 2024, month: m },
        mrr: Decimal::from(mrr),
    }
}

fn dec(v: i64) -> Money {
    Decimal::from(v)
}

/// A: 100 100 150 150; B: 200 100 – 120 (churns in Mar, returns in Apr);
/// C: – 50 50 – (new in Feb, churns in Apr); D: – – – 80 (new in Apr).
pub fn example() -> Vec<MrrSnapshot> {
    vec![
        snap(2, "A", 1, 100),
        snap(3, "A", 2, 100),
        snap(4, "A", 3, 150),
        snap(5, "A", 4, 150),
        snap(6, "B", 1, 200),
        snap(7, "B", 2, 100),
        snap(8, "B", 4, 120),
        snap(9, "C", 2, 50),
        snap(10, "C", 3, 50),
        snap(11, "D", 4, 80),
    ]
}

#[test]
fn movements_hand_worked() {
    let t = mrr_from_snapshots(&example(), None);
    assert_eq!((t.months, t.rows_used, t.gaps().len()), (4, 10, 0));
    let s = mrr_series(&t, PeriodKind::Month);
    let p = &s.points;
    assert_eq!(
        p.iter().map(|x| x.mrr).collect::<Vec<_>>(),
        vec![dec(300), dec(250), dec(200), dec(350)]
    );
    assert_eq!(p.iter().map(|x| x.customers).collect::<Vec<_>>(), vec![2, 3, 2, 3]);
    assert!(p[0].movement.is_none());
    assert_eq!(p[0].customer_churn_rate(), None);
    // Feb: C new 50, B contracts 100
    let feb = p[1].movement.as_ref().unwrap();
    assert_eq!(
        (feb.new, feb.contraction, feb.churn, feb.expansion),
        (dec(50), dec(100), dec(0), dec(0))
    );
    assert_eq!((feb.start_mrr, feb.customers_start), (dec(300), 2));
    close(p[1].customer_churn_rate(), 0.0);
    close(p[1].retention_rate(), 100.0);
    close(p[1].gross_mrr_churn_rate(), 33.333333333333336);
    close(p[1].grr(), 66.66666666666667);
    close(p[1].nrr(), 66.66666666666667);
    close(p[1].quick_ratio(), 0.5);
    // Mar: A expands 50, B churns 100
    let mar = p[2].movement.as_ref().unwrap();
    assert_eq!((mar.expansion, mar.churn, mar.churned_customers), (dec(50), dec(100), 1));
    close(p[2].customer_churn_rate(), 33.333333333333336);
    close(p[2].retention_rate(), 66.66666666666667);
    close(p[2].gross_mrr_churn_rate(), 40.0);
    close(p[2].net_mrr_churn_rate(NetChurnPreset::Standard), 20.0);
    close(p[2].expansion_rate(), 20.0);
    close(p[2].grr(), 60.0);
    close(p[2].nrr(), 80.0);
    // Apr: B returns (reactivation 120, not new), D new 80, C churns 50
    let apr = p[3].movement.as_ref().unwrap();
    assert_eq!((apr.reactivation, apr.new, apr.churn), (dec(120), dec(80), dec(50)));
    assert_eq!((apr.reactivated_customers, apr.new_customers), (1, 1));
    close(p[3].customer_churn_rate(), 50.0);
    close(p[3].retention_rate(), 50.0);
    close(p[3].net_mrr_churn_rate(NetChurnPreset::Standard), 25.0);
    close(p[3].net_mrr_churn_rate(NetChurnPreset::ChartMogul), -35.0);
    close(p[3].grr(), 75.0);
    close(p[3].quick_ratio(), 4.0);
    assert_eq!(p[3].arr(), dec(4200));
    close(p[3].arpa().and_then(|a| a.to_f64()), 116.66666666666667);
    // identity in every month
    for w in p.windows(2) {
        assert_eq!(w[1].mrr - w[0].mrr, w[1].movement.as_ref().unwrap().net());
    }
    // LTV for April: ARPA / 0.5
    close(ltv(p[3].arpa(), 1.0, p[3].customer_churn_rate()), 233.33333333333334);
    assert_eq!(ltv(p[1].arpa(), 1.0, p[1].customer_churn_rate()), None);
}

#[test]
fn whole_range_metrics() {
    let t = mrr_from_snapshots(&example(), None);
    let s = subscription_metrics(&mrr_series(&t, PeriodKind::Month), &MetricOptions::default());
    assert_eq!((s.mrr, s.customers), (Some(dec(350)), Some(3)));
    let m = &s.movement;
    assert_eq!(
        (m.new, m.expansion, m.contraction, m.churn, m.reactivation),
        (dec(130), dec(50), dec(100), dec(150), dec(120))
    );
    close(s.quick_ratio, 1.2);
    close(s.customer_churn_rate, 27.777777777777782);
    close(s.retention_rate, 72.22222222222223);
    close(s.grr, 67.22222222222223);
    close(s.nrr, 73.8888888888889);
    close(s.ltv, 420.0);
    assert_eq!(s.nrr_12m, None);
    let o = MetricOptions {
        gross_margin: 0.8,
        ltv_churn_average_months: Some(6),
        ..Default::default()
    };
    let s = subscription_metrics(&mrr_series(&t, PeriodKind::Month), &o);
    // April, churn averaged over the months before it (ChartMogul): January has no
    // rate (first month), February 0 %, March 33.3 % → 16.67 %; ARPA 350/3 · 0.8 / 0.1667
    close(s.ltv, 560.0);
    let pts = mrr_series(&t, PeriodKind::Month).points;
    // the 2 months before April: (0 + 33.3)/2; before February: January, no rate
    close(ltv_churn_rate(&pts, 3, Some(2)), 16.666666666666668);
    assert_eq!(ltv_churn_rate(&pts, 1, Some(6)), None);
    assert_eq!(ltv_churn_rate(&pts, 0, Some(6)), None);
}

#[test]
fn cohorts_hand_worked() {
    let c = cohorts(&mrr_from_snapshots(&example(), None)).cohorts;
    assert_eq!(
        c.iter().map(|r| r.start.as_str()).collect::<Vec<_>>(),
        vec!["2024-01", "2024-02", "2024-04"]
    );
    assert_eq!((c[0].customers, c[0].start_mrr), (2, dec(300)));
    assert_eq!(c[0].logo, vec![Some(100.0), Some(100.0), Some(50.0), Some(100.0)]);
    let rev: Vec<f64> = c[0].revenue.iter().map(|x| x.unwrap()).collect();
    for (a, b) in rev.iter().zip([100.0, 66.66666666666667, 50.0, 90.0]) {
        assert!((a - b).abs() < 1e-9);
    }
    assert_eq!(c[1].logo, vec![Some(100.0), Some(100.0), Some(0.0)]);
    assert_eq!(c[2].logo, vec![Some(100.0)]);
}

#[test]
fn a_month_without_rows_is_a_gap_not_churn() {
    let rows = vec![snap(2, "A", 1, 100), snap(3, "B", 1, 50), snap(4, "A", 3, 100)];
    let t = mrr_from_snapshots(&rows, None);
    assert_eq!(t.gaps(), vec![crate::metrics::period::month_key(2024, 2)]);
    let s = mrr_series(&t, PeriodKind::Month);
    assert_eq!(s.points.len(), 2);
    // March is compared with January: B churned, A unchanged
    let mar = s.points[1].movement.as_ref().unwrap();
    assert_eq!(
        (mar.churn, mar.new, mar.reactivation, mar.customers_start),
        (dec(50), dec(0), dec(0), 2)
    );
    close(s.points[1].customer_churn_rate(), 50.0);
    // cohorts show the gap as unknown
    let c = cohorts(&t).cohorts;
    assert_eq!(c[0].logo, vec![Some(100.0), None, Some(50.0)]);
}

#[test]
fn edge_cases_no_rows_one_row_negative() {
    let t = mrr_from_snapshots(&[], None);
    assert_eq!(t.months, 0);
    let s = subscription_metrics(&mrr_series(&t, PeriodKind::Month), &MetricOptions::default());
    assert_eq!((s.mrr, s.ltv, s.grr), (None, None, None));
    let t = mrr_from_snapshots(&[snap(2, "A", 5, 10), snap(3, "B", 5, -1)], None);
    assert_eq!(t.rejected.len(), 1);
    assert_eq!(t.rejected[0].line, 3);
    assert_eq!(t.rejected[0].column, "mrr");
    let s = mrr_series(&t, PeriodKind::Month);
    assert_eq!(s.points.len(), 1);
    let m = subscription_metrics(&s, &MetricOptions::default());
    assert_eq!(
        (m.mrr, m.customer_churn_rate, m.quick_ratio, m.arpa),
        (Some(dec(10)), None, None, Some(dec(10)))
    );
}

#[test]
fn quarters_compare_quarter_ends() {
    let t = mrr_from_snapshots(&example(), None);
    let q = mrr_series(&t, PeriodKind::Quarter);
    // Q1 = state in March (200), Q2 = state in April (350)
    assert_eq!(q.points.len(), 2);
    assert_eq!((q.points[0].mrr, q.points[1].mrr), (dec(200), dec(350)));
    let mv = q.points[1].movement.as_ref().unwrap();
    // vs March: C churns 50, B returns (had MRR in Jan/Feb) 120, D new 80
    assert_eq!((mv.churn, mv.reactivation, mv.new), (dec(50), dec(120), dec(80)));
    assert!(q.gaps.is_empty());
}

#[test]
fn nrr_over_12_months() {
    // A: 100 in Jan 2024, 130 in Jan 2025; B: 100 → 0; C new in 2025 (not counted)
    let mut rows = Vec::new();
    for m in 1..=12 {
        rows.push(snap(m as usize, "A", m, 100));
        rows.push(snap(20 + m as usize, "B", m, 100));
    }
    rows.push(MrrSnapshot {
        line: 50,
        customer: "A".into(),
        month: Month { year: 2025, month: 1 },
        mrr: dec(130),
    });
    rows.push(MrrSnapshot {
        line: 51,
        customer: "C".into(),
        month: Month { year: 2025, month: 1 },
        mrr: dec(500),
    });
    let t = mrr_from_snapshots(&rows, None);
    let s = mrr_series(&t, PeriodKind::Month);
    let last = s.points.last().unwrap();
    close(last.nrr_12m, 65.0);
    assert_eq!(s.points[11].nrr_12m, None);
}

#[test]
fn subscription_rows_normalised_to_months() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let row = |line, c: &str, start, end, amount: i64, unit, count, qty: i64| SubscriptionRow {
        line,
        customer: c.into(),
        start,
        end,
        amount: dec(amount),
        interval: BillingInterval { unit, count },
        quantity: dec(qty),
    };
    let rows = vec![
        row(2, "X", d(2024, 1, 15), None, 1200, IntervalUnit::Year, 1, 1),
        row(3, "Y", d(2024, 1, 1), Some(d(2024, 3, 31)), 10, IntervalUnit::Week, 1, 2),
        row(4, "X", d(2024, 2, 10), Some(d(2024, 3, 15)), 30, IntervalUnit::Month, 3, 1),
        row(5, "Z", d(2024, 3, 1), None, 1, IntervalUnit::Day, 1, 1),
        row(6, "Z", d(2024, 3, 1), None, -1, IntervalUnit::Day, 1, 1),
        row(7, "Z", d(2024, 3, 1), Some(d(2024, 2, 1)), 1, IntervalUnit::Day, 1, 1),
    ];
    assert_eq!(monthly_amount(&rows[0]), Some(dec(100)));
    assert_eq!(monthly_amount(&rows[2]), Some(dec(10)));
    let t = mrr_from_subscriptions(&rows, None);
    assert_eq!(t.rejected.iter().map(|r| r.line).collect::<Vec<_>>(), vec![6, 7]);
    assert_eq!(t.rejected[1].column, "end");
    assert_eq!(t.rows_used, 4);
    let s = mrr_series(&t, PeriodKind::Month);
    let mrr: Vec<f64> = s.points.iter().map(|p| p.mrr.to_f64().unwrap()).collect();
    // Jan: 100 + 10·2·52/12; Feb: + 10 (quarterly 30); Mar: Y ended on Mar 31 → out, Z 365/12
    let want = [186.66666666666669, 196.66666666666669, 130.41666666666666];
    for (a, b) in mrr.iter().zip(want) {
        assert!((a - b).abs() < 1e-9, "{a} {b}");
    }
    let feb = s.points[1].movement.as_ref().unwrap();
    assert_eq!(feb.expansion, dec(10));
    let mar = s.points[2].movement.as_ref().unwrap();
    assert_eq!(mar.contraction, dec(10));
    assert_eq!(mar.churned_customers, 1);
    assert_eq!(mar.new_customers, 1);
    for w in s.points.windows(2) {
        assert_eq!(w[1].mrr - w[0].mrr, w[1].movement.as_ref().unwrap().net());
    }
    assert!(t.gaps().is_empty());
    // with a range, open subscriptions run to its end
    let t = mrr_from_subscriptions(&rows, Some((d(2024, 1, 1), d(2024, 6, 30))));
    assert_eq!(t.months, 6);
}

#[test]
fn runs_join_equal_months_and_keep_each_months_decimal() {
    let m = |v: i64, scale: u32| Money::new(v, scale);
    // 100 for months 0–5, +50 for months 2–3, a zero-amount span, 100.00 from month 6
    let runs = runs_of_spans(vec![
        (0, 5, m(100, 0)),
        (2, 3, m(50, 0)),
        (1, 9, m(0, 0)),
        (6, 7, m(10000, 2)),
    ]);
    let want = [(0, 1, m(100, 0)), (2, 3, m(150, 0)), (4, 5, m(100, 0)), (6, 7, m(10000, 2))];
    assert_eq!(runs.iter().map(|r| (r.from, r.to, r.mrr)).collect::<Vec<_>>(), want);
    // 100 and 100.00 are one value but not one run: every month keeps its own digits
    assert_eq!(runs.get(3).map(|r| r.mrr.scale()), Some(2));
    let t = MrrTable { months: 10, values: vec![runs], ..Default::default() };
    assert_eq!(t.value_at(0, 3), m(150, 0));
    assert_eq!(t.value_at(0, 8), Money::ZERO);
    // a zero amount (0.0) does not change how the month's sum is written: 1, not 1.0
    let runs = runs_of_spans(vec![(7, 13, m(1, 0)), (4, 7, m(0, 1))]);
    assert_eq!(
        runs.iter().map(|r| (r.from, r.to, r.mrr.scale())).collect::<Vec<_>>(),
        [(7, 13, 0)]
    );
    // snapshot months: the same month added up, a month without MRR splits runs
    let runs = runs_of_months([(0, m(5, 0)), (1, m(3, 0)), (1, m(2, 0)), (3, m(5, 0))]);
    assert_eq!(runs.iter().map(|r| (r.from, r.to)).collect::<Vec<_>>(), [(0, 1), (3, 3)]);
}

proptest::proptest! {
    /// A sweep over the spans gives every month exactly the decimal (value and scale)
    /// that adding up the spans covering it gives.
    #[test]
    fn runs_of_spans_equal_month_by_month_sums(
        spans in proptest::collection::vec((0u32..30, 0u32..12, 0i64..100_000, 0u32..6), 0..12)
    ) {
        let spans: Vec<(u32, u32, Money)> =
            spans.into_iter().map(|(a, len, v, scale)| (a, a + len, Money::new(v, scale))).collect();
        let runs = runs_of_spans(spans.clone());
        let got: Vec<(u32, Money)> = months_of(&runs).collect();
        let mut want = Vec::new();
        for month in 0..50u32 {
            let mut covering = spans.iter().filter(|s| s.0 <= month && month <= s.1).map(|s| s.2);
            let Some(first) = covering.next() else { continue };
            let sum = covering.fold(first, add);
            if sum > Money::ZERO {
                want.push((month, sum));
            }
        }
        proptest::prop_assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            proptest::prop_assert_eq!(g, w);
            proptest::prop_assert_eq!(g.1.scale(), w.1.scale());
        }
        for pair in runs.windows(2) {
            proptest::prop_assert!(pair[0].to < pair[1].from);
        }
    }

    #[test]
    fn mrr_identity_and_grr_bound(
        cells in proptest::collection::vec((0u8..6, 1u32..=12, 0i64..50_000), 0..80),
        gap in proptest::option::of(2u32..=11),
    ) {
        let rows: Vec<MrrSnapshot> = cells
            .iter()
            .enumerate()
            .filter(|(_, c)| Some(c.1) != gap)
            .map(|(i, &(c, m, cents))| MrrSnapshot {
                line: i + 2,
                customer: format!("c{c}").into(),
                month: Month { year: 2024, month: m },
                mrr: Decimal::new(cents, 2),
            })
            .collect();
        let t = mrr_from_snapshots(&rows, None);
        for kind in [PeriodKind::Month, PeriodKind::Quarter] {
            let s = mrr_series(&t, kind);
            for w in s.points.windows(2) {
                let mv = w[1].movement.as_ref().unwrap();
                proptest::prop_assert_eq!(w[1].mrr - w[0].mrr, mv.net());
                proptest::prop_assert_eq!(mv.start_mrr, w[0].mrr);
                if let Some(g) = w[1].grr() {
                    proptest::prop_assert!((0.0..=100.0).contains(&g));
                }
                if let Some(r) = w[1].retention_rate() {
                    proptest::prop_assert!((0.0..=100.0).contains(&r));
                }
            }
        }
        let m = subscription_metrics(&mrr_series(&t, PeriodKind::Month), &MetricOptions::default());
        if let Some(g) = m.grr {
            proptest::prop_assert!(g <= 100.0);
        }
        let expect_sum: Money = rows.iter().filter(|r| r.month.month == 12).map(|r| r.mrr).sum();
        if t.known.last() == Some(&true) && t.first_month + t.months as i32 - 1 == crate::metrics::period::month_key(2024, 12) {
            proptest::prop_assert_eq!(m.mrr, Some(expect_sum));
        }
    }
}

/// Issue: the headline MRR was 0.00 when the range ran past the last subscription's end.
/// A 100/month Jan–Feb (ends Mar 1), B 50/month Jan–Mar (ends Apr 1); range Jan–Jun.
/// Months: Jan 150, Feb 150, Mar 50, Apr–Jun 0. The last month-end the data reports is Mar
/// (B's end Apr 1 is the first day without it): headline = Mar, MRR 50, 1 customer. Rates defined where customers at start > 0: Feb, Mar, Apr
/// → 3 months; churn Feb 0 %, Mar 50 % (1 of 2), Apr 100 % (1 of 1) → mean 50 %.
#[test]
fn headline_mrr_is_the_last_month_the_data_reports() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let row = |line, c: &str, end| SubscriptionRow {
        line,
        customer: c.into(),
        start: d(2024, 1, 1),
        end: Some(end),
        amount: dec(if c == "A" { 100 } else { 50 }),
        interval: BillingInterval { unit: IntervalUnit::Month, count: 1 },
        quantity: dec(1),
    };
    let rows = vec![row(2, "A", d(2024, 3, 1)), row(3, "B", d(2024, 4, 1))];
    let t = mrr_from_subscriptions(&rows, Some((d(2024, 1, 1), d(2024, 6, 30))));
    assert_eq!(t.months, 6);
    let s = mrr_series(&t, PeriodKind::Month);
    let m = subscription_metrics(&s, &MetricOptions::default());
    assert_eq!(m.mrr, Some(dec(50)));
    assert_eq!(m.arr, Some(dec(600)));
    assert_eq!(m.customers, Some(1));
    assert_eq!(m.mrr_month, Some(PeriodKind::Month.key(d(2024, 3, 1))));
    assert_eq!(m.end_month, Some(PeriodKind::Month.key(d(2024, 6, 1))));
    assert_eq!(m.rate_months, 3);
    close(m.customer_churn_rate, 50.0);
}

/// A row's customer id is the map's, whether the row repeats the customer before it,
/// follows it in the order first seen, comes back after others or is new, and whether its
/// name is the import's shared one or an equal text of its own.
#[test]
fn row_customer_ids_are_the_map_ids_in_any_order() {
    let shared: Vec<Name> = ["a", "b", "c", "d"].iter().map(|&n| Name::from(n)).collect();
    let order = [0, 1, 2, 0, 1, 2, 2, 2, 3, 0, 3, 1, 1, 0];
    let mut ids = HashMap::new();
    let mut customers = Vec::new();
    let mut last = None;
    for (i, &k) in order.iter().enumerate() {
        // every third row an equal name that is not the shared one
        let name = if i % 3 == 0 { Name::from(&*shared[k]) } else { Name::clone(&shared[k]) };
        let id = row_customer_id(&mut ids, &mut customers, &mut last, &name);
        assert_eq!(ids.get(&name), Some(&id), "row {i}");
        assert_eq!(*customers[id as usize], *name);
    }
    assert_eq!(customers.len(), 4);
    assert_eq!(ids.len(), 4);
}
