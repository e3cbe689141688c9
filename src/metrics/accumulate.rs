//! One way to fold rows into metrics, in the style of DataFusion's `Accumulator`: a state is
//! updated with one chunk of rows at a time (a streaming import hands them over and drops
//! them), merged with another state built over other rows of the same input, and finished
//! into its result. Merging the states of consecutive chunks, in order, gives what updating
//! one state with every chunk gives (each implementation tests this), so the chunks of a
//! large input could also be folded in parallel and merged.
//!
//! Implemented by the survey tally ([`super::survey::SurveyTally`]), the two MRR ledgers
//! ([`super::subscriptions::SnapshotLedger`], [`super::subscriptions::SubscriptionLedger`])
//! and, for the kinds whose metrics need every row at once, [`KeptRows`].

use crate::dataset::Dataset;

/// A mergeable state over chunks of `Chunk` (see the module documentation).
pub trait Accumulator<Chunk> {
    /// What the state finishes into.
    type Output;

    /// Adds the rows of one chunk (its segment columns carry the codes of these rows).
    fn update(&mut self, chunk: Chunk);

    /// Adds a state built over rows that come after this state's rows.
    fn merge(&mut self, later: Self);

    /// The result. `segment_values`: the values of the chosen segment column, indexed by
    /// code (the last chunk of a streaming import has them all).
    fn finish(self, segment_values: Option<&[String]>) -> Self::Output;
}

/// The rows of the kinds whose metrics are recomputed per period and segment from the rows
/// (orders, tickets, usage, funnel, health): the state is the rows themselves.
#[derive(Clone, Debug, Default)]
pub struct KeptRows(Option<Dataset>);

impl Accumulator<Dataset> for KeptRows {
    type Output = Option<Dataset>;

    fn update(&mut self, chunk: Dataset) {
        match &mut self.0 {
            // one import yields one kind: append cannot fail
            Some(kept) => {
                let _ = kept.append(chunk);
            }
            None => self.0 = Some(chunk),
        }
    }

    fn merge(&mut self, later: Self) {
        if let Some(rows) = later.0 {
            self.update(rows);
        }
    }

    /// The rows; the segment values travel with them.
    fn finish(self, _segment_values: Option<&[String]>) -> Option<Dataset> {
        self.0
    }
}

/// Test helper: `state` updated with every chunk in order, and states of each chunk merged
/// in order, finish into the same output.
#[cfg(test)]
pub(crate) fn assert_merge_is_sequential<C: Clone, A, O>(
    new: impl Fn() -> A,
    chunks: &[C],
    segment_values: Option<&[String]>,
) where
    A: for<'a> Accumulator<&'a C, Output = O>,
    O: PartialEq + std::fmt::Debug,
{
    let mut sequential = new();
    for c in chunks {
        sequential.update(c);
    }
    let mut merged = new();
    for c in chunks {
        let mut part = new();
        part.update(c);
        merged.merge(part);
    }
    assert_eq!(merged.finish(segment_values), sequential.finish(segment_values));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{DatasetKind, Order, Table};

    fn orders(lines: &[usize]) -> Dataset {
        Dataset::Orders(Table {
            rows: lines
                .iter()
                .map(|&line| Order {
                    line,
                    customer: format!("c{line}").into(),
                    date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                    amount: rust_decimal::Decimal::from(line as i64),
                })
                .collect(),
            ..Default::default()
        })
    }

    #[test]
    fn kept_rows_merge_in_order() {
        let mut a = KeptRows::default();
        a.update(orders(&[2, 3]));
        let mut b = KeptRows::default();
        b.update(orders(&[4]));
        a.merge(b);
        let mut s = KeptRows::default();
        for c in [orders(&[2, 3]), orders(&[4])] {
            s.update(c);
        }
        let (Some(Dataset::Orders(m)), Some(Dataset::Orders(q))) = (a.finish(None), s.finish(None))
        else {
            panic!("orders expected");
        };
        assert_eq!(m.rows, q.rows);
        assert_eq!(m.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3, 4]);
        assert_eq!(DatasetKind::Orders, Dataset::Orders(m).kind());
    }

    /// `t` cut into chunks of `size` rows as a streaming import hands them over: segment
    /// codes with each chunk, values, rejections and headers with the last.
    fn chunks<R: Clone>(t: &Table<R>, size: usize) -> Vec<Table<R>> {
        let n = t.rows.len();
        let mut out = Vec::new();
        let mut start = 0;
        while start < n || out.is_empty() {
            let end = (start + size).min(n);
            let last = end == n;
            out.push(Table {
                rows: t.rows[start..end].to_vec(),
                segments: t
                    .segments
                    .iter()
                    .map(|s| crate::dataset::SegmentColumn {
                        name: s.name.clone(),
                        values: if last { s.values.clone() } else { Vec::new() },
                        codes: s.codes[start..end].to_vec(),
                    })
                    .collect(),
                rejected: if last { t.rejected.clone() } else { Vec::new() },
                headers: if last { t.headers.clone() } else { Vec::new() },
            });
            start = end;
        }
        out
    }

    fn values<R>(t: &Table<R>) -> Option<Vec<String>> {
        t.segments.first().map(|s| s.values.clone())
    }

    #[test]
    fn survey_tally_merge_is_sequential() {
        use crate::metrics::survey::SurveyTally;
        use crate::metrics::{MetricOptions, PeriodKind};
        let mut t = crate::report::tests::survey_table();
        t.rows[0].comment = Some("great support, fast answers".into());
        t.rows[5].comment = Some("great support".into());
        t.rows[2].comment = Some("slow app".into());
        let o = MetricOptions::default();
        for size in 1..=t.rows.len() {
            for period in [PeriodKind::Month, PeriodKind::Week] {
                let new = || SurveyTally::new(&o, period, Some("plan"), None);
                assert_merge_is_sequential(new, &chunks(&t, size), values(&t).as_deref());
            }
        }
    }

    #[test]
    fn mrr_ledgers_merge_is_sequential() {
        use crate::dataset::Subscriptions;
        use crate::metrics::subscriptions::{SnapshotLedger, SubscriptionLedger};
        let mut seen = 0;
        for ds in crate::report::tests::every_kind() {
            match ds {
                Dataset::Subscriptions(Subscriptions::Snapshots(t)) => {
                    for size in 1..=t.rows.len().max(1) {
                        let new = || SnapshotLedger::new(None, Some("plan"));
                        assert_merge_is_sequential(new, &chunks(&t, size), values(&t).as_deref());
                    }
                    seen += 1;
                }
                Dataset::Subscriptions(Subscriptions::Rows(t)) => {
                    for size in 1..=t.rows.len().max(1) {
                        let new = || SubscriptionLedger::new(None, Some("plan"));
                        assert_merge_is_sequential(new, &chunks(&t, size), values(&t).as_deref());
                    }
                    seen += 1;
                }
                _ => {}
            }
        }
        assert_eq!(seen, 1, "the snapshots of every_kind");
        // subscription rows: two customers, one with two subscriptions, an upgrade, a
        // cancellation, a rejected row, two segment values
        use crate::dataset::{BillingInterval, IntervalUnit, SegmentColumn, SubscriptionRow};
        let d = crate::report::tests::d;
        let row = |line, c: &str, start, end, amount: i64, unit| SubscriptionRow {
            line,
            customer: c.into(),
            start,
            end,
            amount: rust_decimal::Decimal::from(amount),
            interval: BillingInterval { unit, count: 1 },
            quantity: rust_decimal::Decimal::ONE,
        };
        let rows = vec![
            row(2, "A", d(2024, 1, 5), Some(d(2024, 4, 5)), 100, IntervalUnit::Month),
            row(3, "B", d(2024, 2, 1), None, 1200, IntervalUnit::Year),
            row(4, "A", d(2024, 4, 5), None, 150, IntervalUnit::Month),
            row(5, "C", d(2024, 3, 1), Some(d(2024, 2, 1)), 10, IntervalUnit::Month),
            row(6, "C", d(2024, 3, 1), Some(d(2024, 6, 1)), 30, IntervalUnit::Week),
        ];
        let t = Table {
            segments: vec![SegmentColumn {
                name: "plan".into(),
                values: vec!["basic".into(), "pro".into()],
                codes: vec![0, 1, 1, 0, 0],
            }],
            rows,
            ..Default::default()
        };
        for size in 1..=t.rows.len() {
            for range in [None, Some((d(2024, 2, 1), d(2024, 5, 31)))] {
                let new = || SubscriptionLedger::new(range, Some("plan"));
                assert_merge_is_sequential(new, &chunks(&t, size), values(&t).as_deref());
            }
        }
    }
}
