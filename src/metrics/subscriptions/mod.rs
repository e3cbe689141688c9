//! Section 2 of the catalogue: subscriptions and monthly recurring revenue.
//!
//! Both input shapes become one [`MrrTable`] (MRR per customer per month); every metric is
//! computed from it: the five movements per month (new, expansion, contraction, churn,
//! reactivation), the rates built on them, NRR over 12 months, LTV and the cohorts.
//!
//! One file per step: `snapshots` and `rows` are the two ledgers (one per input shape)
//! that stream rows into an [`MrrTable`]; `series` the movements and rates per period;
//! `cohorts` the retention triangle; `summary` the whole-range figures.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dataset::{
    IntervalUnit, Money, MrrSnapshot, Name, RejectReason, Rejected, SubscriptionRow,
};

use super::accumulate::Accumulator;
use super::options::{MetricOptions, NetChurnPreset};
use super::period::{close_open_ends, key_of_month, open_month_keys, PeriodKey, PeriodKind};
use super::stats;

mod cohorts;
mod rows;
mod series;
mod snapshots;
mod summary;

pub use cohorts::*;
pub use rows::*;
pub use series::*;
pub use snapshots::*;
pub use summary::*;

/// At most this many months are analysed (the latest ones); older months are cut off so
/// that a stray date (year 0001) cannot make the tables explode.
pub const MAX_MONTHS: usize = 1200;

/// Exact sum that never panics (saturates at the largest decimal, unreachable in practice).
fn add(a: Money, b: Money) -> Money {
    a.checked_add(b).unwrap_or(Decimal::MAX)
}

fn sub(a: Money, b: Money) -> Money {
    a.checked_sub(b).unwrap_or(Decimal::MIN)
}

/// `100·a/b` of two amounts, computed exactly and converted to f64; `None` when b = 0.
pub fn money_pct(a: Money, b: Money) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    a.checked_div(b)?.checked_mul(Decimal::ONE_HUNDRED)?.to_f64()
}

/// `a/b` of two amounts; `None` when b = 0.
pub fn money_ratio(a: Money, b: Money) -> Option<f64> {
    if b.is_zero() {
        return None;
    }
    a.checked_div(b)?.to_f64()
}

/// MRR per customer per month: the common form of both input shapes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrTable {
    /// Month key of the first month (see [`super::period::month_key`]).
    pub first_month: PeriodKey,
    /// Number of months from the first to the last.
    pub months: usize,
    /// `known[i]`: month `first_month + i` has data; false = a gap (no rows at all).
    pub known: Vec<bool>,
    pub customers: Vec<String>,
    /// Per customer: its MRR > 0 as runs of months, sorted, not overlapping (a
    /// subscription of three years is one run, not 36 entries).
    pub values: Vec<Vec<MrrRun>>,
    /// Rows used and rows rejected (negative amounts, end before start …).
    pub rows_used: usize,
    pub rejected: Vec<Rejected>,
    /// Months before the last `MAX_MONTHS` were cut off.
    pub truncated: bool,
    /// Subscription rows with a range running past the data: the month of the latest day the
    /// rows speak of (a start, or the day before an end); later months are the range, not a
    /// state the data reports. `None` otherwise.
    pub data_end: Option<PeriodKey>,
}

/// Months `from..=to` (offsets in the table's month frame) at one MRR > 0.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MrrRun {
    pub from: u32,
    pub to: u32,
    pub mrr: Money,
}

/// Appends months `from..=to` at `mrr` to runs sorted by month, extending the last run when
/// it ends the month before at the same amount written the same way (scale too, so that
/// every month keeps the exact decimal it was summed to). MRR ≤ 0 is no entry.
fn push_run(runs: &mut Vec<MrrRun>, from: u32, to: u32, mrr: Money) {
    if mrr <= Money::ZERO || to < from {
        return;
    }
    if let Some(last) = runs.last_mut() {
        if last.to.checked_add(1) == Some(from)
            && last.mrr == mrr
            && last.mrr.scale() == mrr.scale()
        {
            last.to = to;
            return;
        }
    }
    runs.push(MrrRun { from, to, mrr });
}

/// Runs from (month offset, MRR) entries sorted by month: the entries of one month added up.
fn runs_of_months(entries: impl IntoIterator<Item = (u32, Money)>) -> Vec<MrrRun> {
    let mut runs = Vec::new();
    let mut current: Option<(u32, Money)> = None;
    for (m, v) in entries {
        current = match current {
            Some((cm, sum)) if cm == m => Some((cm, add(sum, v))),
            Some((cm, sum)) => {
                push_run(&mut runs, cm, cm, sum);
                Some((m, v))
            }
            None => Some((m, v)),
        };
    }
    if let Some((cm, sum)) = current {
        push_run(&mut runs, cm, cm, sum);
    }
    runs.shrink_to_fit();
    runs
}

/// Runs from overlapping spans `(first, last, monthly amount)` of one customer: each month
/// holds the sum of the spans covering it, written with the largest scale among its non-zero
/// amounts, as adding them up month by month would (a sweep, so many spans cost no more than
/// a sort).
fn runs_of_spans(mut spans: Vec<(u32, u32, Money)>) -> Vec<MrrRun> {
    let mut ends: Vec<(u32, Money)> =
        spans.iter().map(|&(_, l, m)| (l.saturating_add(1), m)).collect();
    spans.sort_unstable_by_key(|s| s.0);
    ends.sort_unstable_by_key(|e| e.0);
    let mut bounds: Vec<u32> = spans.iter().map(|s| s.0).chain(ends.iter().map(|e| e.0)).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let (mut si, mut ei) = (0, 0);
    let mut sum = Money::ZERO;
    let mut active_scales = [0u32; 29];
    let mut runs = Vec::new();
    for (i, &b) in bounds.iter().enumerate() {
        // A zero amount leaves a decimal sum as it is (scale included): only the others count.
        while let Some(&(_, m)) = ends.get(ei).filter(|e| e.0 == b) {
            sum = sub(sum, m);
            if let Some(n) = active_scales.get_mut(m.scale() as usize).filter(|_| !m.is_zero()) {
                *n = n.saturating_sub(1);
            }
            ei += 1;
        }
        while let Some(&(_, _, m)) = spans.get(si).filter(|s| s.0 == b) {
            sum = add(sum, m);
            if let Some(n) = active_scales.get_mut(m.scale() as usize).filter(|_| !m.is_zero()) {
                *n += 1;
            }
            si += 1;
        }
        let Some(scale) = active_scales.iter().rposition(|&n| n > 0) else {
            continue;
        };
        let Some(&next) = bounds.get(i + 1) else { break };
        let mut v = sum;
        v.rescale(scale as u32);
        push_run(&mut runs, b, next - 1, v);
    }
    runs.shrink_to_fit();
    runs
}

/// Every month of `runs` with its MRR, in order.
pub fn months_of(runs: &[MrrRun]) -> impl Iterator<Item = (u32, Money)> + '_ {
    runs.iter().flat_map(|r| (r.from..=r.to).map(move |m| (m, r.mrr)))
}

impl MrrTable {
    /// Month key of month offset `i`.
    pub fn month_key(&self, i: usize) -> PeriodKey {
        self.first_month + i as i32
    }

    /// Gaps: months inside the range without any row.
    pub fn gaps(&self) -> Vec<PeriodKey> {
        (0..self.months)
            .filter(|&i| !self.known.get(i).copied().unwrap_or(false))
            .map(|i| self.month_key(i))
            .collect()
    }

    /// The same MRR in the month frame of `frame` (first month, length and known months),
    /// for a segment: its rows are a subset of the whole table's, and a month that has rows
    /// in the whole data is not a gap of the segment (its customers there just have MRR 0).
    pub fn reframe(mut self, frame: &MrrTable) -> MrrTable {
        let shift = self.first_month - frame.first_month;
        let end = frame.months as i64;
        for v in &mut self.values {
            v.retain_mut(|r| {
                let from = i64::from(r.from) + i64::from(shift);
                let to = i64::from(r.to) + i64::from(shift);
                if to < 0 || from >= end {
                    return false;
                }
                r.from = from.clamp(0, u32::MAX as i64) as u32;
                r.to = to.min(end - 1).clamp(0, u32::MAX as i64) as u32;
                true
            });
        }
        self.first_month = frame.first_month;
        self.months = frame.months;
        self.known = frame.known.clone();
        self.truncated = frame.truncated;
        self.data_end = frame.data_end;
        self
    }

    fn value_at(&self, customer: usize, month: u32) -> Money {
        let Some(v) = self.values.get(customer) else {
            return Money::ZERO;
        };
        let i = v.partition_point(|r| r.to < month);
        v.get(i).filter(|r| r.from <= month).map_or(Money::ZERO, |r| r.mrr)
    }
}

/// Rows of one subscription shape summed into MRR tables as they stream by: the whole data
/// and one table per value of the chosen segment column.
pub trait MrrLedger {
    type Row;
    /// The segment column chosen, if any.
    fn segment(&self) -> Option<&str>;
    /// Adds one row, in segment `code` (`None`: no segment column chosen).
    fn add_row(&mut self, row: &Self::Row, code: Option<u32>);
    /// The whole table and one per segment value (`segment_values`, indexed by code) that
    /// had rows.
    fn finish(self, segment_values: Option<&[String]>) -> (MrrTable, Vec<(String, MrrTable)>);

    /// Adds the rows of a table or of one chunk of a streaming import.
    fn add(&mut self, table: &crate::dataset::Table<Self::Row>) {
        let codes = self.segment().and_then(|n| table.segment(n)).map(|s| s.codes.as_slice());
        for (i, r) in table.rows.iter().enumerate() {
            self.add_row(r, codes.map(|c| c.get(i).copied().unwrap_or(u32::MAX)));
        }
    }
}
// ---- the month frame and the ledgers' shared bookkeeping ---------------------------------

/// The month frame of a table: first and last month key (the span, or the first and last
/// month with rows), cut to the last [`MAX_MONTHS`]; and whether it was cut.
fn month_frame(
    known_months: &[PeriodKey],
    span: Option<(PeriodKey, PeriodKey)>,
) -> Option<(PeriodKey, PeriodKey, bool)> {
    let (lo, hi) = match span {
        Some(s) => s,
        None => (*known_months.iter().min()?, *known_months.iter().max()?),
    };
    if hi < lo {
        return None;
    }
    if (hi - lo) as usize >= MAX_MONTHS {
        Some((hi - MAX_MONTHS as i32 + 1, hi, true))
    } else {
        Some((lo, hi, false))
    }
}

/// An empty table in the frame `(lo, hi, truncated)`.
fn framed(frame: (PeriodKey, PeriodKey, bool), known_months: &[PeriodKey]) -> MrrTable {
    let (lo, hi, truncated) = frame;
    let months = (hi - lo) as usize + 1;
    let mut known = vec![false; months];
    for &k in known_months {
        if (lo..=hi).contains(&k) {
            if let Some(x) = known.get_mut((k - lo) as usize) {
                *x = true;
            }
        }
    }
    MrrTable { first_month: lo, months, known, truncated, ..Default::default() }
}

/// `v[i]`, the vector grown to hold it; `None` for the "no code" marker `u32::MAX`.
fn grown(v: &mut Vec<usize>, i: u32) -> Option<&mut usize> {
    let i = usize::try_from(i).ok().filter(|_| i != u32::MAX)?;
    if i >= v.len() {
        v.resize(i + 1, 0);
    }
    v.get_mut(i)
}

/// `a[i] += b[i]`, `a` grown to `b`'s length.
fn add_counts(a: &mut Vec<usize>, b: &[usize]) {
    if b.len() > a.len() {
        a.resize(b.len(), 0);
    }
    for (x, y) in a.iter_mut().zip(b) {
        *x += *y;
    }
}

/// The id of a row's customer, `last` the id of the row before: tried first are that id
/// again (a customer's rows listed together) and the few after it (every customer listed
/// month after month in the same order, less those who left), confirmed by the name itself
/// (the import's shared name when it is one, else its text); then the map is asked (see
/// [`customer_id`]). The id is the one the map gives either way: a name has one id.
fn row_customer_id(
    ids: &mut HashMap<Name, u32>,
    customers: &mut Vec<Name>,
    last: &mut Option<u32>,
    name: &Name,
) -> u32 {
    let is = |id: u32| {
        customers.get(id as usize).is_some_and(|c| Name::ptr_eq(c, name) || **c == **name)
    };
    let guess = last.and_then(|l| (l..=l.saturating_add(4)).find(|&id| is(id)));
    let id = match guess {
        Some(id) => id,
        None => customer_id(ids, customers, name),
    };
    *last = Some(id);
    id
}

/// The id of `name` in `ids`/`customers`, added when new.
fn customer_id(ids: &mut HashMap<Name, u32>, customers: &mut Vec<Name>, name: &Name) -> u32 {
    match ids.get(name) {
        Some(&id) => id,
        None => {
            let id = u32::try_from(customers.len()).unwrap_or(u32::MAX);
            ids.insert(Name::clone(name), id);
            customers.push(Name::clone(name));
            id
        }
    }
}

/// An empty table in the month frame of `t`.
fn whole_frame(t: &MrrTable) -> MrrTable {
    MrrTable {
        first_month: t.first_month,
        months: t.months,
        known: t.known.clone(),
        truncated: t.truncated,
        data_end: t.data_end,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests;
