//! Any dataset, however odd, gives a report without NaN, panics or lost rows (proptest).

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
