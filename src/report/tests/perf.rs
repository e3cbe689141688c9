//! A large input in reasonable time and memory.

use super::*;
use crate::dataset::{SegmentColumn, SurveyResponse, Table};

/// 1M survey answers, every survey metric per month and per segment. Run with
/// `cargo test --profile cli --lib perf -- --ignored --nocapture`.
#[test]
#[ignore]
fn one_million_survey_rows() {
    let n = 1_000_000usize;
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let rows: Vec<SurveyResponse> = (0..n)
        .map(|i| SurveyResponse {
            line: i + 2,
            score: [(i * 7 % 11) as f64, (i % 11) as f64, (1 + i % 5) as f64, (1 + i % 7) as f64]
                [i % 4],
            date: start.checked_add_days(chrono::Days::new((i / 2000) as u64)),
            survey: Some(
                [SurveyType::Nps, SurveyType::Nps, SurveyType::Csat, SurveyType::Ces][i % 4],
            ),
            customer: None,
            comment: None,
        })
        .collect();
    let codes = (0..n).map(|i| (i % 5) as u32).collect();
    let t = Table {
        rows,
        segments: vec![SegmentColumn {
            name: "plan".into(),
            values: (0..5).map(|i| format!("p{i}")).collect(),
            codes,
        }],
        rejected: Vec::new(),
        ..Default::default()
    };
    let ds = Dataset::Survey(t);
    let ro = ReportOptions { segment: Some("plan".into()), ..Default::default() };
    let t0 = std::time::Instant::now();
    let r = report(&ds, &MetricOptions::default(), &ro);
    let el = t0.elapsed();
    // ~32 bytes per CSV line
    let mbs = (n as f64 * 32.0) / 1e6 / el.as_secs_f64();
    eprintln!(
        "1M survey rows: {el:?}, {mbs:.0} MB/s equivalent, {} rejected, {} periods",
        r.rejected.len(),
        r.periods.len()
    );
}
