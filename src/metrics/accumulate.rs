//! One way to fold rows into metrics, in the style of DataFusion's `Accumulator`: a state is
//! updated with one chunk of rows at a time (a streaming import hands them over and drops
//! them), merged with another state built over other rows of the same input, and finished
//! into its result. Merging the states of consecutive chunks, in order, gives what updating
//! one state with every chunk gives (each implementation tests this), so the chunks of a
//! large input could also be folded in parallel and merged.
//!
//! Implemented by the survey tally ([`super::survey::SurveyTally`]), the two MRR ledgers
//! ([`super::subscriptions::SnapshotLedger`], [`super::subscriptions::SubscriptionLedger`])
//! and, for the kinds whose metrics need every row at once, [`KeptRows`]. Beside them,
//! [`DataCoverage`] keeps the first and last day the rows of any kind speak of.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Subscriptions};

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

/// The first and last day the rows read speak of, before any date range is applied: what
/// "the data covers" means when a range leaves no rows, and where the last period of the
/// data ends (a period the data stops inside is not complete).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Coverage {
    /// The days from the earliest to the latest of `dates` (`None` without any).
    pub fn of_dates(dates: impl IntoIterator<Item = NaiveDate>) -> Option<Coverage> {
        let mut dates = dates.into_iter();
        let d = dates.next()?;
        let (first, last) = dates.fold((d, d), |(a, b), d| (a.min(d), b.max(d)));
        Some(Coverage { first, last })
    }

    /// The span of both (either may be missing).
    pub fn union(a: Option<Coverage>, b: Option<Coverage>) -> Option<Coverage> {
        match (a, b) {
            (Some(a), Some(b)) => {
                Some(Coverage { first: a.first.min(b.first), last: a.last.max(b.last) })
            }
            (a, b) => a.or(b),
        }
    }

    /// The days of the data inside the inclusive `range` (an open end, `NaiveDate::MIN` or
    /// `MAX`, is the data's own first or last day); `None` when the range misses the data.
    pub fn within(self, range: Option<(NaiveDate, NaiveDate)>) -> Option<Coverage> {
        let (a, b) = range.unwrap_or((self.first, self.last));
        let (first, last) = (self.first.max(a), self.last.min(b));
        (first <= last).then_some(Coverage { first, last })
    }

    /// From the first day of the first month to the last day of the last month.
    fn to_month_ends(self) -> Coverage {
        let first = self.first.with_day(1).unwrap_or(self.first);
        let month = crate::metrics::period::PeriodKind::Month;
        let last = month.last_day(month.key(self.last)).unwrap_or(self.last);
        Coverage { first, last }
    }

    /// The days of one chunk of rows. Which day a row speaks of, by kind:
    /// - survey answers, orders, funnel rows: their date (undated rows none);
    /// - tickets: the day created (the day a date range selects them by);
    /// - usage: the day of the event;
    /// - funnel rows all dated on the 1st of a month ("2024-06", totals per month): every
    ///   day of their months;
    /// - MRR snapshots: every day of their month (a month's MRR is its month-end state);
    /// - subscription rows: the start, and the day before the end (the end is the first day
    ///   without the subscription); a row that ends before it starts says nothing (it is
    ///   rejected, and its end would reach back years);
    /// - health: no dates.
    pub fn of(rows: &Dataset) -> Option<Coverage> {
        match rows {
            Dataset::Survey(t) => Coverage::of_dates(t.rows.iter().filter_map(|r| r.date)),
            Dataset::Subscriptions(Subscriptions::Snapshots(t)) => {
                let firsts = t.rows.iter().filter_map(|r| {
                    NaiveDate::from_ymd_opt(r.month.year, r.month.month.clamp(1, 12), 1)
                });
                Coverage::of_dates(firsts).map(Coverage::to_month_ends)
            }
            Dataset::Subscriptions(Subscriptions::Rows(t)) => Coverage::of_dates(
                t.rows.iter().filter(|r| r.end.is_none_or(|e| e >= r.start)).flat_map(|r| {
                    let before_end = r.end.and_then(|e| e.pred_opt()).map(|e| e.max(r.start));
                    std::iter::once(r.start).chain(before_end)
                }),
            ),
            Dataset::Orders(t) => Coverage::of_dates(t.rows.iter().map(|r| r.date)),
            Dataset::Tickets(t) => Coverage::of_dates(t.rows.iter().map(|r| r.created.date())),
            Dataset::Usage(t) => Coverage::of_dates(t.rows.iter().map(|r| r.timestamp.date())),
            Dataset::Funnel(t) => {
                let c = Coverage::of_dates(t.rows.iter().filter_map(|r| r.date));
                let monthly = t.rows.iter().filter_map(|r| r.date).all(|d| d.day() == 1);
                if monthly {
                    c.map(Coverage::to_month_ends)
                } else {
                    c
                }
            }
            Dataset::Health(_) => None,
        }
    }
}

/// The [`Coverage`] of the rows handed over so far, of any kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DataCoverage(pub Option<Coverage>);

impl Accumulator<&Dataset> for DataCoverage {
    type Output = Option<Coverage>;

    fn update(&mut self, chunk: &Dataset) {
        self.0 = Coverage::union(self.0, Coverage::of(chunk));
    }

    fn merge(&mut self, later: Self) {
        self.0 = Coverage::union(self.0, later.0);
    }

    fn finish(self, _segment_values: Option<&[String]>) -> Option<Coverage> {
        self.0
    }
}

/// New segment codes for a state built over a later part of a file, which coded segment
/// values in its own order of first appearance: `self.0[local]` is the value's code in the
/// whole file (see `crate::parallel`). Codes outside the map (the "no code" marker
/// `u32::MAX`) stay as they are.
#[derive(Clone, Copy, Debug)]
pub struct Renumber<'a>(pub &'a [u32]);

impl Renumber<'_> {
    /// The code in the whole file.
    pub fn code(self, local: u32) -> u32 {
        self.0.get(local as usize).copied().unwrap_or(local)
    }

    /// A vector indexed by segment code, moved to the new codes (a code no value took
    /// stays default).
    pub fn indexed<T: Clone + Default>(self, v: &mut Vec<T>) {
        for (local, x) in std::mem::take(v).into_iter().enumerate() {
            let to = u32::try_from(local).map_or(usize::MAX, |c| self.code(c) as usize);
            if to >= v.len() {
                v.resize(to.saturating_add(1), T::default());
            }
            if let Some(slot) = v.get_mut(to) {
                *slot = x;
            }
        }
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

    /// Hand-worked: the days each kind's rows speak of, and a merge over chunks in any
    /// split equals one pass.
    #[test]
    fn coverage_of_each_kind_and_merged() {
        use crate::dataset::{BillingInterval, IntervalUnit, Month, MrrSnapshot, SubscriptionRow};
        let d = crate::report::tests::d;
        let c = |a, b| Some(Coverage { first: a, last: b });
        // every_kind: orders 2024-01-10 … 2024-03-11, health undated
        for ds in crate::report::tests::every_kind() {
            match &ds {
                Dataset::Orders(t) => {
                    assert_eq!(Coverage::of(&ds), c(d(2024, 1, 10), d(2024, 3, 11)));
                    // states of single rows merged, latest row first, give the same
                    let mut merged = DataCoverage::default();
                    for r in t.rows.iter().rev() {
                        let mut part = DataCoverage::default();
                        let rows = vec![r.clone()];
                        part.update(&Dataset::Orders(Table { rows, ..Default::default() }));
                        merged.merge(part);
                    }
                    assert_eq!(merged.finish(None), Coverage::of(&ds));
                }
                Dataset::Health(_) => assert_eq!(Coverage::of(&ds), None),
                _ => {}
            }
        }
        // snapshots: whole months, also over a year's end
        let snap = |y, m| MrrSnapshot {
            line: 2,
            customer: "A".into(),
            month: Month { year: y, month: m },
            mrr: rust_decimal::Decimal::ONE,
        };
        let t = Dataset::Subscriptions(Subscriptions::Snapshots(Table {
            rows: vec![snap(2024, 2), snap(2023, 11), snap(2023, 12)],
            ..Default::default()
        }));
        assert_eq!(Coverage::of(&t), c(d(2023, 11, 1), d(2024, 2, 29)));
        // subscription rows: start, the day before an end; an end before its start ignored
        let row = |start, end| SubscriptionRow {
            line: 2,
            customer: "A".into(),
            start,
            end,
            amount: rust_decimal::Decimal::ONE,
            interval: BillingInterval { unit: IntervalUnit::Month, count: 1 },
            quantity: rust_decimal::Decimal::ONE,
        };
        let rows = |r| {
            Dataset::Subscriptions(Subscriptions::Rows(Table { rows: r, ..Default::default() }))
        };
        let t = rows(vec![
            row(d(2024, 1, 5), Some(d(2024, 4, 5))),
            row(d(2024, 2, 1), None),
            row(d(2024, 3, 1), Some(d(2020, 1, 1))),
        ]);
        assert_eq!(Coverage::of(&t), c(d(2024, 1, 5), d(2024, 4, 4)));
        // ending on the day it starts: the start
        assert_eq!(
            Coverage::of(&rows(vec![row(d(2024, 1, 5), Some(d(2024, 1, 5)))])),
            c(d(2024, 1, 5), d(2024, 1, 5))
        );
        assert_eq!(Coverage::of(&rows(vec![])), None);
        // merge: min of firsts, max of lasts; an empty state changes nothing
        let mut a = DataCoverage(c(d(2024, 3, 1), d(2024, 3, 9)));
        a.merge(DataCoverage(c(d(2024, 1, 1), d(2024, 2, 1))));
        a.merge(DataCoverage(None));
        assert_eq!(a.finish(None), c(d(2024, 1, 1), d(2024, 3, 9)));
    }

    #[test]
    fn coverage_within_a_range() {
        let d = crate::report::tests::d;
        let cov = Coverage { first: d(2018, 11, 3), last: d(2020, 1, 31) };
        assert_eq!(cov.within(None), Some(cov));
        assert_eq!(cov.within(Some((d(2023, 1, 1), d(2023, 6, 30)))), None);
        let open_to = Some((NaiveDate::MIN, d(2019, 1, 15)));
        assert_eq!(
            cov.within(open_to),
            Some(Coverage { first: d(2018, 11, 3), last: d(2019, 1, 15) })
        );
        let open_from = Some((d(2019, 12, 1), NaiveDate::MAX));
        assert_eq!(
            cov.within(open_from),
            Some(Coverage { first: d(2019, 12, 1), last: d(2020, 1, 31) })
        );
    }
}
