//! The survey report: whole range, periods, segments, changes, ranges, options, rejections.

use super::*;

#[test]
fn survey_report_whole_range_periods_segments() {
    let ds = Dataset::Survey(survey_table());
    let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
    let r = report(&ds, &MetricOptions::default(), &ro);
    assert_no_nan(&r);
    assert_eq!(r.kind, DatasetKind::Survey);
    // 9 rows, line 6 rejected (11 outside 0–10)
    assert_eq!(r.rows, 8);
    let lines: Vec<usize> = r.rejected.iter().map(|x| x.line).collect();
    assert_eq!(lines, vec![6, 11]);
    // NPS: 10, 9, 0, 10, 10, 8 → P 4, D 1, n 6
    close(f(&r.metrics, "nps"), 50.0);
    assert_eq!(r.metrics["nps_n"], 6);
    close(f(&r.metrics, "csat"), 100.0);
    close(f(&r.metrics, "ces"), 6.0);
    close(f(&r.metrics, "ces_easy_pct"), 100.0);
    assert_eq!(r.metrics["responses"], 8);
    assert_eq!(r.metrics["response_rate"], Value::Null);
    assert_eq!(r.metrics["nps_distribution"], serde_json::json!([1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 3]));
    // periods: Jan, Feb (no rows: nulls, not zeros), Mar
    let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(labels, vec!["2024-01", "2024-02", "2024-03"]);
    let (jan, feb, mar) = (&r.periods[0].metrics, &r.periods[1].metrics, &r.periods[2].metrics);
    close(f(jan, "nps"), 33.333333333333336);
    assert_eq!(jan["nps_change"], Value::Null);
    assert_eq!(feb["nps"], Value::Null);
    assert_eq!(feb["responses"], 0);
    assert_eq!(feb["nps_diff_z"], Value::Null);
    close(f(mar, "nps"), 100.0);
    // the previous period (Feb) has no answers: no change
    assert_eq!(mar["nps_change"], Value::Null);
    // segments: A = 10, 0, 10 → 33.3; B = 9, 10, 8 → 66.7
    close(f(&r.segments["A"], "nps"), 33.333333333333336);
    close(f(&r.segments["B"], "nps"), 66.66666666666667);
    close(f(&r.segments["A"], "nps_diff_z_vs_rest"), -0.5477225575051661);
    // the JSON shape of the contract
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["kind"], "survey");
    assert_eq!(v["rejected"][0]["line"], 6);
    // the metric rejects by field key; the report names the header the user knows
    assert_eq!(v["rejected"][0]["column"], "Bewertung");
    assert_eq!(v["rejected"][0]["reason"], "11 is outside the scale 0–10");
    assert_eq!(v["periods"][0]["period"], "2024-01");
    assert!(v["segments"]["B"]["nps"].is_number());
    let text = r.to_text(Lang::De);
    assert!(text.contains("2024-02") && text.contains("Zeile 6"), "{text}");
}

#[test]
fn survey_change_between_consecutive_periods() {
    let mut t = survey_table();
    t.rows.retain(|r| r.date.is_some_and(|d| d.month() == 1) || r.line == 7);
    t.rows.iter_mut().for_each(|r| {
        if r.line == 7 {
            r.date = Some(d(2024, 2, 1));
        }
    });
    t.segments.clear();
    let r = report(&Dataset::Survey(t), &MetricOptions::default(), &ReportOptions::default());
    let feb = &r.periods[1].metrics;
    // Jan 33.3 (P 2, D 1, n 3), Feb 100 (n 1, var 0): z = 66.7/(100·√(8/9/3))
    close(f(feb, "nps_change"), 66.66666666666666);
    let z = (200.0 / 3.0) / (100.0 * (8.0f64 / 27.0).sqrt());
    close(f(feb, "nps_diff_z"), z);
    assert_eq!(feb["nps_change_significant"], false);
    assert_eq!(feb["csat_change"], Value::Null);
}

#[test]
fn survey_range_and_week_and_untyped_rows() {
    let mut t = survey_table();
    t.rows.iter_mut().for_each(|r| r.survey = None);
    let ro = ReportOptions {
        period: PeriodKind::Week,
        range: Some((d(2024, 1, 1), d(2024, 1, 31))),
        ..Default::default()
    };
    let o = MetricOptions { surveys_sent: Some(10), ..Default::default() };
    let r = report(&Dataset::Survey(t), &o, &ro);
    // in range: lines 2–6; as NPS: 10, 9, 0, 4 (6 rejected)
    assert_eq!(r.rows, 4);
    close(f(&r.metrics, "nps"), 0.0);
    close(f(&r.metrics, "response_rate"), 40.0);
    assert_eq!(r.periods[0].metrics["response_rate"], Value::Null);
    let labels: Vec<&str> = r.periods.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(labels, vec!["2024-W01", "2024-W02", "2024-W03", "2024-W04", "2024-W05"]);
    assert_no_nan(&r);
}

#[test]
fn survey_single_period() {
    let mut t = survey_table();
    t.rows.retain(|r| r.date.is_some_and(|d| d.month() == 3));
    t.segments.clear();
    let r = report(&Dataset::Survey(t), &MetricOptions::default(), &ReportOptions::default());
    assert_eq!(r.periods.len(), 1);
    assert_eq!(r.periods[0].period, "2024-03");
    assert_eq!(r.periods[0].metrics["nps_change"], Value::Null);
    assert_eq!(r.periods[0].metrics["nps_diff_z"], Value::Null);
    assert_eq!(r.periods[0].metrics["n"], 3);
    close(f(&r.periods[0].metrics, "nps"), 100.0);
    assert_eq!(r.periods[0].metrics["nps"], r.metrics["nps"]);
}

#[test]
fn empty_survey() {
    let r = report(
        &Dataset::Survey(Table::default()),
        &MetricOptions::default(),
        &ReportOptions::default(),
    );
    assert_eq!(r.rows, 0);
    assert_eq!(r.metrics["nps"], Value::Null);
    assert_eq!(r.metrics["csat"], Value::Null);
    assert!(r.periods.is_empty());
    assert_no_nan(&r);
}

#[test]
fn options_roundtrip_and_defaults() {
    let o = MetricOptions::default();
    let s = serde_json::to_string(&o).unwrap();
    assert_eq!(serde_json::from_str::<MetricOptions>(&s).unwrap(), o);
    let partial: MetricOptions = serde_json::from_str(r#"{"csat_scale":7}"#).unwrap();
    assert_eq!(partial.csat_scale, 7);
    assert_eq!(partial.gross_margin, 1.0);
    assert_eq!(num(Some(f64::NAN)), Value::Null);
    assert_eq!(money(Some(Money::new(1050, 2))), serde_json::json!(10.5));
}

#[test]
fn merged_rejections_are_sorted_without_duplicates() {
    let a = Rejected { line: 5, column: "score".into(), reason: RejectReason::Missing };
    let b = Rejected { line: 2, column: "score".into(), reason: RejectReason::Missing };
    let m = merge_rejected(&[a.clone(), b.clone()], vec![a.clone()]);
    assert_eq!(m, vec![b, a]);
}
