//! Section 2 of the catalogue: subscriptions and monthly recurring revenue.
//!
//! Both input shapes become one [`MrrTable`] (MRR per customer per month); every metric is
//! computed from it: the five movements per month (new, expansion, contraction, churn,
//! reactivation), the rates built on them, NRR over 12 months, LTV and the cohorts.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::dataset::{IntervalUnit, Money, MrrSnapshot, Name, RejectReason, Rejected, SubscriptionRow};

use super::period::{close_open_ends, key_of_month, open_month_keys, PeriodKey, PeriodKind};
use super::report::{MetricOptions, NetChurnPreset};
use super::stats;

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
    a.checked_div(b)?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .to_f64()
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
        if last.to.checked_add(1) == Some(from) && last.mrr == mrr && last.mrr.scale() == mrr.scale() {
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
    let mut ends: Vec<(u32, Money)> = spans.iter().map(|&(_, l, m)| (l.saturating_add(1), m)).collect();
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

/// Months `from..=to` (keys) of one customer's snapshot rows in one segment at one MRR.
#[derive(Clone, Copy, Debug)]
struct SnapshotRun {
    from: PeriodKey,
    to: PeriodKey,
    code: u32,
    mrr: Money,
}

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

/// Snapshot rows (customer, month, MRR) summed as they stream by, for the whole data and
/// for each value of a segment column: per customer one entry per run of months at one MRR
/// (see `entries`), no row kept. Several rows
/// of one customer in one month are added up; negative MRR and impossible months are
/// rejected; with a range, months outside it are left out.
#[derive(Clone, Debug, Default)]
pub struct SnapshotLedger {
    span: Option<(PeriodKey, PeriodKey)>,
    segment: Option<String>,
    /// The import's shared names: a customer costs the ledger no copy of its own.
    ids: HashMap<Name, u32>,
    customers: Vec<Name>,
    /// Per customer, its valid rows as they came: a row for the month after the previous
    /// row's, same segment, same amount (same digits) extends that entry, so a customer
    /// whose MRR holds for years costs one entry, not one per month.
    entries: Vec<Vec<SnapshotRun>>,
    known: std::collections::BTreeSet<PeriodKey>,
    last_known: Option<PeriodKey>,
    used: usize,
    /// Rows used per segment code.
    segment_used: Vec<usize>,
    /// Rows per segment code, used or not (a value with rows is listed).
    segment_rows: Vec<usize>,
    rejected: Vec<Rejected>,
}

impl SnapshotLedger {
    pub fn new(range: Option<(NaiveDate, NaiveDate)>, segment: Option<&str>) -> Self {
        SnapshotLedger {
            span: range.map(|(a, b)| (PeriodKind::Month.key(a), PeriodKind::Month.key(b))),
            segment: segment.map(str::to_owned),
            ..Default::default()
        }
    }
}

impl MrrLedger for SnapshotLedger {
    type Row = MrrSnapshot;

    fn segment(&self) -> Option<&str> {
        self.segment.as_deref()
    }

    fn add_row(&mut self, r: &MrrSnapshot, code: Option<u32>) {
        if let Some(n) = code.and_then(|c| grown(&mut self.segment_rows, c)) {
            *n += 1;
        }
        let reject = |column: &str, reason| Rejected { line: r.line, column: column.into(), reason };
        if !(1..=12).contains(&r.month.month) {
            let reason = RejectReason::OutOfRange { value: r.month.month.into(), min: 1.0, max: 12.0 };
            return self.rejected.push(reject("month", reason));
        }
        if !(1..=9999).contains(&r.month.year) {
            let reason = RejectReason::OutOfRange { value: r.month.year.into(), min: 1.0, max: 9999.0 };
            return self.rejected.push(reject("month", reason));
        }
        let k = key_of_month(r.month);
        if self.span.is_some_and(|(a, b)| k < a || k > b) {
            return;
        }
        if r.mrr < Money::ZERO {
            let reason = RejectReason::Negative { value: r.mrr.to_string() };
            return self.rejected.push(reject("mrr", reason));
        }
        self.used += 1;
        if self.last_known != Some(k) {
            self.known.insert(k);
            self.last_known = Some(k);
        }
        let code = code.unwrap_or(0);
        if let Some(n) = grown(&mut self.segment_used, code) {
            *n += 1;
        }
        let id = match self.ids.get(&r.customer) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.customers.len()).unwrap_or(u32::MAX);
                self.ids.insert(Name::clone(&r.customer), id);
                self.customers.push(Name::clone(&r.customer));
                self.entries.push(Vec::new());
                id
            }
        };
        if let Some(e) = self.entries.get_mut(id as usize) {
            match e.last_mut() {
                Some(last)
                    if last.to.checked_add(1) == Some(k)
                        && last.code == code
                        && last.mrr == r.mrr
                        && last.mrr.scale() == r.mrr.scale() =>
                {
                    last.to = k;
                }
                _ => e.push(SnapshotRun { from: k, to: k, code, mrr: r.mrr }),
            }
        }
    }

    /// The table of the whole data and, when a segment column was chosen, one per value
    /// (`segment_values`, indexed by code) with rows, in the whole table's month frame (a
    /// month with rows in the whole data is not a gap of a segment: its customers there
    /// just have MRR 0).
    fn finish(self, segment_values: Option<&[String]>) -> (MrrTable, Vec<(String, MrrTable)>) {
        let known: Vec<PeriodKey> = self.known.into_iter().collect();
        let span = close_open_ends(
            self.span,
            open_month_keys(),
            known.iter().min().copied(),
            known.iter().max().copied(),
        );
        let frame = month_frame(&known, span);
        let mut whole = frame.map(|f| framed(f, &known)).unwrap_or_default();
        whole.rows_used = self.used;
        whole.rejected = self.rejected;
        let values = segment_values.unwrap_or(&[]);
        let has_rows = |c: usize| self.segment_rows.get(c).is_some_and(|&n| n > 0);
        let mut segs: Vec<MrrTable> = values
            .iter()
            .enumerate()
            .map(|(c, _)| MrrTable {
                rows_used: self.segment_used.get(c).copied().unwrap_or(0),
                ..whole_frame(&whole)
            })
            .collect();
        let (lo, hi) = frame.map_or((0, -1), |(lo, hi, _)| (lo, hi));
        // One customer at a time: its entries are freed as its months are summed.
        for (name, runs) in self.customers.into_iter().zip(self.entries) {
            let mut entries: Vec<(PeriodKey, u32, Money)> = runs
                .iter()
                .flat_map(|r| (r.from.max(lo)..=r.to.min(hi)).map(move |k| (k, r.code, r.mrr)))
                .collect();
            drop(runs);
            if entries.is_empty() {
                continue;
            }
            entries.sort_unstable_by_key(|e| (e.0, e.1));
            let offset = |k: PeriodKey| (k - lo) as u32;
            let months = runs_of_months(entries.iter().map(|&(k, _, m)| (offset(k), m)));
            if !segs.is_empty() {
                entries.sort_by_key(|e| (e.1, e.0));
                let mut i = 0;
                while let Some(&(_, code, _)) = entries.get(i) {
                    let n = entries.get(i..).map_or(0, |rest| rest.iter().take_while(|e| e.1 == code).count());
                    let seg_months = runs_of_months(
                        entries.get(i..i + n).unwrap_or(&[]).iter().map(|&(k, _, m)| (offset(k), m)),
                    );
                    i += n.max(1);
                    if let Some(t) = segs.get_mut(code as usize) {
                        t.customers.push(name.to_string());
                        t.values.push(seg_months);
                    }
                }
            }
            whole.customers.push(name.to_string());
            whole.values.push(months);
        }
        let segments = values
            .iter()
            .cloned()
            .zip(segs)
            .enumerate()
            .filter(|(c, _)| has_rows(*c))
            .map(|(_, s)| s)
            .collect();
        (whole, segments)
    }
}

/// `v[i]`, the vector grown to hold it; `None` for the "no code" marker `u32::MAX`.
fn grown(v: &mut Vec<usize>, i: u32) -> Option<&mut usize> {
    let i = usize::try_from(i).ok().filter(|_| i != u32::MAX)?;
    if i >= v.len() {
        v.resize(i + 1, 0);
    }
    v.get_mut(i)
}

/// An empty table in the month frame of `t`.
fn whole_frame(t: &MrrTable) -> MrrTable {
    MrrTable {
        first_month: t.first_month,
        months: t.months,
        known: t.known.clone(),
        truncated: t.truncated,
        ..Default::default()
    }
}

/// MRR from snapshot rows (customer, month, MRR); see [`SnapshotLedger`].
pub fn mrr_from_snapshots<'a>(
    rows: impl IntoIterator<Item = &'a MrrSnapshot>,
    range: Option<(NaiveDate, NaiveDate)>,
) -> MrrTable {
    let mut ledger = SnapshotLedger::new(range, None);
    for r in rows {
        ledger.add_row(r, None);
    }
    ledger.finish(None).0
}

/// Decimal places kept of a normalised monthly amount: yearly/12 or weekly·52/12 do not
/// end, and rounding them once here keeps every later sum exact (so the MRR identity holds
/// to the last digit).
pub const NORMALISED_DP: u32 = 10;

/// The amount of one subscription row normalised to a month: yearly/12, weekly·52/12,
/// daily·365/12, divided by the interval count, times the quantity, rounded to
/// [`NORMALISED_DP`] decimal places. `None` on overflow.
pub fn monthly_amount(row: &SubscriptionRow) -> Option<Money> {
    let count = Decimal::from(row.interval.count.max(1));
    let (num, den) = match row.interval.unit {
        IntervalUnit::Month => (1, 1),
        IntervalUnit::Year => (1, 12),
        IntervalUnit::Week => (52, 12),
        IntervalUnit::Day => (365, 12),
    };
    row.amount
        .checked_mul(row.quantity)?
        .checked_mul(Decimal::from(num))?
        .checked_div(Decimal::from(den).checked_mul(count)?)
        .map(|m| m.round_dp(NORMALISED_DP))
}

/// One valid subscription row as the ledger keeps it (36 bytes, not the row).
#[derive(Clone, Copy, Debug)]
struct Span {
    customer: u32,
    /// Segment code (0 without a segment column).
    code: u32,
    start: PeriodKey,
    end: Option<PeriodKey>,
    monthly: Money,
}

/// Subscription rows (customer, start, end, amount, interval, quantity) kept as month spans
/// while they stream by, for the whole data and for each value of a segment column: the
/// amount normalised to a month, the months of the start and of the end, no row. Negative
/// amounts or quantities, an end before the start and amounts too large to normalise are
/// rejected.
#[derive(Clone, Debug, Default)]
pub struct SubscriptionLedger {
    range: Option<(NaiveDate, NaiveDate)>,
    segment: Option<String>,
    ids: HashMap<crate::dataset::Name, u32>,
    customers: Vec<crate::dataset::Name>,
    spans: Vec<Span>,
    /// Rows per segment code, used or not (a value with rows is listed).
    segment_rows: Vec<usize>,
    rejected: Vec<Rejected>,
}

impl SubscriptionLedger {
    pub fn new(range: Option<(NaiveDate, NaiveDate)>, segment: Option<&str>) -> Self {
        SubscriptionLedger { range, segment: segment.map(str::to_owned), ..Default::default() }
    }

    /// MRR of some spans, grouped by customer: months from the span `(first, last)` (default:
    /// the first start to the last start or end), a subscription active from its start's
    /// month to the month before its end's month; rows overlapping the span count as used.
    fn table<'a>(&self, spans: impl Iterator<Item = &'a Span> + Clone, span: Option<(PeriodKey, PeriodKey)>) -> MrrTable {
        let span = span.or_else(|| {
            let lo = spans.clone().map(|s| s.start).min();
            let hi = spans.clone().flat_map(|s| std::iter::once(s.start).chain(s.end)).max();
            lo.zip(hi)
        });
        let Some((lo, hi)) = span else {
            return MrrTable::default();
        };
        let frame = month_frame(&[], Some((lo, hi)));
        let lo_cut = frame.map_or(lo, |f| f.0);
        let mut customers: Vec<String> = Vec::new();
        let mut values: Vec<Vec<MrrRun>> = Vec::new();
        let mut group: Vec<(u32, u32, Money)> = Vec::new();
        let mut current: Option<u32> = None;
        let mut flush = |customer: Option<u32>, group: &mut Vec<(u32, u32, Money)>| {
            if let (Some(c), false) = (customer, group.is_empty()) {
                customers.push(self.customers.get(c as usize).map_or_else(String::new, |n| n.to_string()));
                values.push(runs_of_spans(std::mem::take(group)));
            }
        };
        let mut used = 0;
        for s in spans {
            if current != Some(s.customer) {
                flush(current, &mut group);
                current = Some(s.customer);
            }
            let first = s.start.max(lo_cut);
            let last = s.end.map_or(hi, |e| e - 1).min(hi);
            if s.start <= hi && s.end.is_none_or(|e| e > lo) {
                used += 1;
            }
            if first <= last && frame.is_some() {
                group.push(((first - lo_cut) as u32, (last - lo_cut) as u32, s.monthly));
            }
        }
        flush(current, &mut group);
        let Some(frame) = frame else {
            return MrrTable { rows_used: used, ..Default::default() };
        };
        // derived from subscriptions, every month of the span is known: no gaps
        let known: Vec<PeriodKey> = (lo..=hi).collect();
        MrrTable { rows_used: used, customers, values, ..framed(frame, &known) }
    }
}

impl MrrLedger for SubscriptionLedger {
    type Row = SubscriptionRow;

    fn segment(&self) -> Option<&str> {
        self.segment.as_deref()
    }

    fn add_row(&mut self, r: &SubscriptionRow, code: Option<u32>) {
        if let Some(n) = code.and_then(|c| grown(&mut self.segment_rows, c)) {
            *n += 1;
        }
        let reason = if r.amount < Money::ZERO {
            Some(("amount", RejectReason::Negative { value: r.amount.to_string() }))
        } else if r.quantity < Decimal::ZERO {
            Some(("quantity", RejectReason::Negative { value: r.quantity.to_string() }))
        } else if r.end.is_some_and(|e| e < r.start) {
            Some(("end", RejectReason::EndBeforeStart))
        } else {
            None
        };
        if let Some((column, reason)) = reason {
            self.rejected.push(Rejected { line: r.line, column: column.into(), reason });
            return;
        }
        let Some(monthly) = monthly_amount(r) else {
            let reason = RejectReason::OutOfRange { value: f64::MAX, min: 0.0, max: 7.9e28 };
            self.rejected.push(Rejected { line: r.line, column: "amount".into(), reason });
            return;
        };
        let customer = match self.ids.get(&r.customer) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.customers.len()).unwrap_or(u32::MAX);
                self.ids.insert(r.customer.clone(), id);
                self.customers.push(r.customer.clone());
                id
            }
        };
        let mk = |d: NaiveDate| PeriodKind::Month.key(d);
        self.spans.push(Span {
            customer,
            code: code.unwrap_or(0),
            start: mk(r.start),
            end: r.end.map(mk),
            monthly,
        });
    }

    /// The table of the whole data and, when a segment column was chosen, one per value
    /// (`segment_values`, indexed by code) with rows, in the whole table's month frame: open
    /// subscriptions of a segment run to the end of the whole data.
    fn finish(mut self, segment_values: Option<&[String]>) -> (MrrTable, Vec<(String, MrrTable)>) {
        // each customer's spans together (the order of customers and of their spans
        // changes no figure: decimal sums are exact)
        self.spans.sort_unstable_by_key(|s| s.customer);
        let range = self.range.map(|(a, b)| (PeriodKind::Month.key(a), PeriodKind::Month.key(b)));
        let first = self.spans.iter().map(|s| s.start).min();
        let last = self.spans.iter().flat_map(|s| std::iter::once(s.start).chain(s.end)).max();
        let range = close_open_ends(range, open_month_keys(), first, last);
        let mut whole = self.table(self.spans.iter(), range);
        whole.rejected = std::mem::take(&mut self.rejected);
        let frame = (whole.months > 0)
            .then(|| (whole.first_month, whole.first_month + whole.months as i32 - 1))
            .or(range);
        let Some(values) = segment_values else {
            return (whole, Vec::new());
        };
        // the spans of each segment value together, each still grouped by customer: one
        // pass per value over its own spans, not over all of them
        let mut by_code: Vec<u32> = (0..self.spans.len() as u32).collect();
        by_code.sort_by_key(|&i| self.spans.get(i as usize).map_or(u32::MAX, |s| s.code));
        let mut segments = Vec::new();
        for group in by_code.chunk_by(|&a, &b| {
            self.spans.get(a as usize).map(|s| s.code) == self.spans.get(b as usize).map(|s| s.code)
        }) {
            let Some(code) = group.first().and_then(|&i| self.spans.get(i as usize)).map(|s| s.code) else {
                continue;
            };
            let Some(value) = values.get(code as usize) else { continue };
            let spans = group.iter().filter_map(|&i| self.spans.get(i as usize));
            segments.push((code, value.clone(), self.table(spans, frame).reframe(&whole)));
        }
        // a value whose rows were all rejected is listed too, with no MRR
        let mut listed = vec![false; values.len()];
        for s in &segments {
            if let Some(l) = listed.get_mut(s.0 as usize) {
                *l = true;
            }
        }
        for (code, value) in values.iter().enumerate() {
            let listed = listed.get(code).copied().unwrap_or(true);
            if !listed && self.segment_rows.get(code).is_some_and(|&n| n > 0) {
                segments.push((code as u32, value.clone(), self.table(std::iter::empty(), frame).reframe(&whole)));
            }
        }
        segments.sort_by_key(|s| s.0);
        (whole, segments.into_iter().map(|(_, v, t)| (v, t)).collect())
    }
}

/// MRR from subscription rows. A subscription counts in month m when it is active on m's
/// last day: start ≤ last day < end (an end date is the first day without the
/// subscription). Open subscriptions run to the end of the range, or without a range to
/// the month of the latest date in the data. See [`SubscriptionLedger`].
pub fn mrr_from_subscriptions<'a>(
    rows: impl IntoIterator<Item = &'a SubscriptionRow>,
    range: Option<(NaiveDate, NaiveDate)>,
) -> MrrTable {
    let mut ledger = SubscriptionLedger::new(range, None);
    for r in rows {
        ledger.add_row(r, None);
    }
    ledger.finish(None).0
}

/// The five movements from one period to the next (contraction and churn as positive
/// amounts) and how many customers made each.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrMovement {
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub new: Money,
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub expansion: Money,
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub contraction: Money,
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub churn: Money,
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub reactivation: Money,
    pub new_customers: usize,
    pub expanded_customers: usize,
    pub contracted_customers: usize,
    pub churned_customers: usize,
    pub reactivated_customers: usize,
    /// MRR and customers (MRR > 0) at the start (= the previous period's end).
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub start_mrr: Money,
    pub customers_start: usize,
}

impl MrrMovement {
    /// new + reactivation + expansion − contraction − churn (= MRR(m) − MRR(m−1)).
    pub fn net(&self) -> Money {
        sub(
            sub(
                add(add(self.new, self.reactivation), self.expansion),
                self.contraction,
            ),
            self.churn,
        )
    }

    fn add_assign(&mut self, o: &MrrMovement) {
        self.new = add(self.new, o.new);
        self.expansion = add(self.expansion, o.expansion);
        self.contraction = add(self.contraction, o.contraction);
        self.churn = add(self.churn, o.churn);
        self.reactivation = add(self.reactivation, o.reactivation);
        self.new_customers += o.new_customers;
        self.expanded_customers += o.expanded_customers;
        self.contracted_customers += o.contracted_customers;
        self.churned_customers += o.churned_customers;
        self.reactivated_customers += o.reactivated_customers;
    }
}

/// One period of the MRR series (the state at its last known month) and its movements from
/// the previous period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrMonth {
    /// Period key (of the kind of the series).
    pub period: PeriodKey,
    /// Month key of the month whose state this is.
    pub month: PeriodKey,
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub mrr: Money,
    /// Customers with MRR > 0.
    pub customers: usize,
    /// `None` for the first period (no start).
    pub movement: Option<MrrMovement>,
    /// NRR over 12 months (MRR now of the customers active 12 months ago / their MRR then).
    pub nrr_12m: Option<f64>,
}

impl MrrMonth {
    pub fn arr(&self) -> Money {
        self.mrr
            .checked_mul(Decimal::from(12))
            .unwrap_or(Decimal::MAX)
    }
    /// MRR / customers.
    pub fn arpa(&self) -> Option<Money> {
        (self.customers > 0)
            .then(|| self.mrr.checked_div(Decimal::from(self.customers as u64)))
            .flatten()
    }
    /// Churned customers / customers at start ·100.
    pub fn customer_churn_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        stats::pct(m.churned_customers as f64, m.customers_start as f64)
    }
    /// (customers at end − new − reactivated) / customers at start ·100.
    pub fn retention_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        let kept = self.customers as f64 - m.new_customers as f64 - m.reactivated_customers as f64;
        stats::pct(kept, m.customers_start as f64)
    }
    /// (churn + contraction) / start MRR ·100.
    pub fn gross_mrr_churn_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(add(m.churn, m.contraction), m.start_mrr)
    }
    /// (churn + contraction − expansion [− reactivation for ChartMogul]) / start MRR ·100.
    pub fn net_mrr_churn_rate(&self, preset: NetChurnPreset) -> Option<f64> {
        let m = self.movement.as_ref()?;
        let mut lost = sub(add(m.churn, m.contraction), m.expansion);
        if preset == NetChurnPreset::ChartMogul {
            lost = sub(lost, m.reactivation);
        }
        money_pct(lost, m.start_mrr)
    }
    /// expansion / start MRR ·100.
    pub fn expansion_rate(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(m.expansion, m.start_mrr)
    }
    /// (start MRR − churn − contraction) / start MRR ·100 (≤ 100).
    pub fn grr(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(sub(sub(m.start_mrr, m.churn), m.contraction), m.start_mrr).map(|v| v.min(100.0))
    }
    /// (start MRR + expansion − contraction − churn) / start MRR ·100.
    pub fn nrr(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_pct(
            sub(sub(add(m.start_mrr, m.expansion), m.contraction), m.churn),
            m.start_mrr,
        )
    }
    /// (new + reactivation + expansion) / (churn + contraction).
    pub fn quick_ratio(&self) -> Option<f64> {
        let m = self.movement.as_ref()?;
        money_ratio(
            add(add(m.new, m.reactivation), m.expansion),
            add(m.churn, m.contraction),
        )
    }
}

/// LTV = ARPA · gross margin / churn rate (as a fraction); `None` when churn is 0.
pub fn ltv(arpa: Option<Money>, gross_margin: f64, churn_rate_pct: Option<f64>) -> Option<f64> {
    let arpa = arpa?.to_f64()?;
    stats::ratio(arpa * gross_margin, churn_rate_pct? / 100.0)
}

/// The MRR series of one period kind, with the gaps.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MrrSeries {
    pub kind: PeriodKind,
    pub points: Vec<MrrMonth>,
    /// Periods without any data (keys of `kind`).
    pub gaps: Vec<PeriodKey>,
}

/// The month offsets whose state stands for each period (the last known month of it), and
/// the periods without any known month.
fn checkpoints(t: &MrrTable, kind: PeriodKind) -> (Vec<(PeriodKey, u32)>, Vec<PeriodKey>) {
    let pk = |i: usize| -> PeriodKey {
        match kind {
            PeriodKind::Quarter => t.month_key(i).div_euclid(3),
            _ => t.month_key(i),
        }
    };
    let mut cps: Vec<(PeriodKey, u32)> = Vec::new();
    let mut gaps = Vec::new();
    let mut last_period: Option<PeriodKey> = None;
    for i in 0..t.months {
        let p = pk(i);
        if let Some(lp) = last_period {
            // periods skipped entirely (only possible for months: none are skipped)
            for g in lp + 1..p {
                gaps.push(g);
            }
        }
        if last_period != Some(p) {
            last_period = Some(p);
            if !t.known.get(i).copied().unwrap_or(false) && kind != PeriodKind::Quarter {
                gaps.push(p);
                continue;
            }
        }
        if t.known.get(i).copied().unwrap_or(false) {
            match cps.last_mut() {
                Some(last) if last.0 == p => last.1 = i as u32,
                _ => cps.push((p, i as u32)),
            }
        }
    }
    if kind == PeriodKind::Quarter {
        let mut qs: Vec<PeriodKey> = (0..t.months).map(pk).collect();
        qs.dedup();
        gaps = qs
            .into_iter()
            .filter(|q| !cps.iter().any(|c| c.0 == *q))
            .collect();
    }
    (cps, gaps)
}

/// The MRR series per period: the state at each period's last known month and the
/// movements from the previous period (for quarters: from the previous quarter's last
/// month). A gap is skipped: the period after it is compared with the last period that has
/// data, never with an "everyone churned" zero.
pub fn mrr_series(t: &MrrTable, kind: PeriodKind) -> MrrSeries {
    let kind = if kind == PeriodKind::Week {
        PeriodKind::Month
    } else {
        kind
    };
    let (cps, gaps) = checkpoints(t, kind);
    let mut points: Vec<MrrMonth> = cps
        .iter()
        .enumerate()
        .map(|(i, &(p, m))| MrrMonth {
            period: p,
            month: t.month_key(m as usize),
            movement: (i > 0).then(MrrMovement::default),
            ..Default::default()
        })
        .collect();
    for values in &t.values {
        let first_pos = values.first().map(|r| r.from);
        let mut idx = 0usize;
        let mut prev = Money::ZERO;
        for (ci, &(_, cm)) in cps.iter().enumerate() {
            while values.get(idx).is_some_and(|r| r.to < cm) {
                idx += 1;
            }
            let cur = match values.get(idx) {
                Some(r) if r.from <= cm => r.mrr,
                _ => Money::ZERO,
            };
            if cur.is_zero() && prev.is_zero() {
                // not a customer before or now (most months of most customers): no figure moves
                continue;
            }
            let prev_month = if ci > 0 {
                cps.get(ci - 1).map(|c| c.1)
            } else {
                None
            };
            let Some(pt) = points.get_mut(ci) else {
                continue;
            };
            pt.mrr = add(pt.mrr, cur);
            if cur > Money::ZERO {
                pt.customers += 1;
            }
            if let (Some(mv), Some(prev_month)) = (pt.movement.as_mut(), prev_month) {
                if prev > Money::ZERO {
                    mv.start_mrr = add(mv.start_mrr, prev);
                    mv.customers_start += 1;
                    if cur.is_zero() {
                        mv.churn = add(mv.churn, prev);
                        mv.churned_customers += 1;
                    } else if cur > prev {
                        mv.expansion = add(mv.expansion, sub(cur, prev));
                        mv.expanded_customers += 1;
                    } else if cur < prev {
                        mv.contraction = add(mv.contraction, sub(prev, cur));
                        mv.contracted_customers += 1;
                    }
                } else if cur > Money::ZERO {
                    if first_pos.is_some_and(|f| f <= prev_month) {
                        mv.reactivation = add(mv.reactivation, cur);
                        mv.reactivated_customers += 1;
                    } else {
                        mv.new = add(mv.new, cur);
                        mv.new_customers += 1;
                    }
                }
            }
            prev = cur;
        }
    }
    // NRR over 12 months, per month offset
    let nrr12 = nrr_12m(t);
    for p in &mut points {
        p.nrr_12m = nrr12
            .get((p.month - t.first_month) as usize)
            .copied()
            .flatten();
    }
    MrrSeries { kind, points, gaps }
}

/// NRR over 12 months for every month offset: MRR in m of the customers with MRR > 0 in
/// m − 12, over their MRR in m − 12, ·100. `None` when either month is a gap or outside.
pub fn nrr_12m(t: &MrrTable) -> Vec<Option<f64>> {
    let n = t.months;
    let mut base = vec![Money::ZERO; n];
    let mut now = vec![Money::ZERO; n];
    for (c, values) in t.values.iter().enumerate() {
        for (m, v) in months_of(values) {
            let target = m as usize + 12;
            if target < n {
                if let (Some(b), Some(x)) = (base.get_mut(target), now.get_mut(target)) {
                    *b = add(*b, v);
                    *x = add(*x, t.value_at(c, target as u32));
                }
            }
        }
    }
    (0..n)
        .map(|i| {
            let ok = i >= 12
                && t.known.get(i).copied().unwrap_or(false)
                && t.known.get(i - 12).copied().unwrap_or(false);
            if ok {
                money_pct(*now.get(i)?, *base.get(i)?)
            } else {
                None
            }
        })
        .collect()
}

/// One start month of the cohort triangle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortRow {
    /// Start month ("2024-03"): the month of the customers' first MRR.
    pub start: String,
    pub customers: usize,
    #[serde(serialize_with = "super::report::money_json::ser")]
    pub start_mrr: Money,
    /// `logo[k]`: share of the cohort's customers with MRR > 0 after k months ·100.
    pub logo: Vec<Option<f64>>,
    /// `revenue[k]`: the cohort's MRR after k months / its starting MRR ·100 (expansion
    /// can make it exceed 100).
    pub revenue: Vec<Option<f64>>,
}

/// Logo and revenue cohorts as a triangle (later start months have fewer columns). Gap
/// months are `None`. Customers active in the first month of the data start there.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CohortTable {
    pub cohorts: Vec<CohortRow>,
}

pub fn cohorts(t: &MrrTable) -> CohortTable {
    let mut cells: HashMap<(u32, u32), (usize, Money)> = HashMap::new();
    for values in &t.values {
        let Some(f) = values.first().map(|r| r.from) else {
            continue;
        };
        for (m, v) in months_of(values) {
            let e = cells.entry((f, m - f)).or_insert((0, Money::ZERO));
            e.0 += 1;
            e.1 = add(e.1, v);
        }
    }
    let mut starts: Vec<u32> = cells.keys().filter(|k| k.1 == 0).map(|k| k.0).collect();
    starts.sort_unstable();
    let cohorts = starts
        .into_iter()
        .filter_map(|f| {
            let &(customers, start_mrr) = cells.get(&(f, 0))?;
            let len = t.months.checked_sub(f as usize)?;
            let (mut logo, mut revenue) = (Vec::with_capacity(len), Vec::with_capacity(len));
            for k in 0..len as u32 {
                let known = t.known.get((f + k) as usize).copied().unwrap_or(false);
                let (c, m) = cells.get(&(f, k)).copied().unwrap_or((0, Money::ZERO));
                logo.push(if known {
                    stats::pct(c as f64, customers as f64)
                } else {
                    None
                });
                revenue.push(if known { money_pct(m, start_mrr) } else { None });
            }
            Some(CohortRow {
                start: PeriodKind::Month.label(t.month_key(f as usize)),
                customers,
                start_mrr,
                logo,
                revenue,
            })
        })
        .collect();
    CohortTable { cohorts }
}

/// Range totals and monthly averages of a monthly series.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubscriptionMetrics {
    /// Month key of the last month with data (the state reported as `mrr`, `customers` …).
    pub end_month: Option<PeriodKey>,
    pub start_month: Option<PeriodKey>,
    #[serde(serialize_with = "super::report::money_json::opt")]
    pub mrr: Option<Money>,
    #[serde(serialize_with = "super::report::money_json::opt")]
    pub arr: Option<Money>,
    pub customers: Option<usize>,
    #[serde(serialize_with = "super::report::money_json::opt")]
    pub arpa: Option<Money>,
    /// The five movements summed over every month of the range.
    pub movement: MrrMovement,
    /// Monthly averages (mean of the months where the rate is defined).
    pub customer_churn_rate: Option<f64>,
    pub retention_rate: Option<f64>,
    pub gross_mrr_churn_rate: Option<f64>,
    pub net_mrr_churn_rate: Option<f64>,
    pub net_mrr_churn_rate_chartmogul: Option<f64>,
    pub expansion_rate: Option<f64>,
    pub grr: Option<f64>,
    pub nrr: Option<f64>,
    /// From the range totals.
    pub quick_ratio: Option<f64>,
    /// NRR over 12 months at the last month.
    pub nrr_12m: Option<f64>,
    /// ARPA at the last month · gross margin / average monthly customer churn.
    pub ltv: Option<f64>,
    /// The churn rate used for `ltv` (the range average, or the last N months).
    pub ltv_churn_rate: Option<f64>,
}

fn mean_of(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    stats::mean(&v)
}

/// Churn rate for LTV at point `i` of a monthly series: that month's rate, or the mean of
/// the defined monthly rates of the `months` months before it (the current month left
/// out); undefined when none of them is.
pub fn ltv_churn_rate(points: &[MrrMonth], i: usize, average_months: Option<u32>) -> Option<f64> {
    match average_months {
        None => points.get(i)?.customer_churn_rate(),
        // ChartMogul: "the average of the churn rates from the previous six months,
        // excluding the current month"
        Some(n) => {
            let from = i.saturating_sub(n.max(1) as usize);
            mean_of(
                points
                    .get(from..i)?
                    .iter()
                    .map(MrrMonth::customer_churn_rate),
            )
        }
    }
}

/// The whole-range metrics of a monthly series.
pub fn subscription_metrics(monthly: &MrrSeries, o: &MetricOptions) -> SubscriptionMetrics {
    let pts = &monthly.points;
    let Some(end) = pts.last() else {
        return SubscriptionMetrics::default();
    };
    let mut movement = MrrMovement::default();
    for m in pts.iter().filter_map(|p| p.movement.as_ref()) {
        movement.add_assign(m);
    }
    if let Some(first) = pts.first() {
        movement.start_mrr = first.mrr;
        movement.customers_start = first.customers;
    }
    let avg = |f: &dyn Fn(&MrrMonth) -> Option<f64>| mean_of(pts.iter().map(f));
    let churn_avg = avg(&|p| p.customer_churn_rate());
    let ltv_churn = match o.ltv_churn_average_months {
        None => churn_avg,
        Some(_) => ltv_churn_rate(pts, pts.len() - 1, o.ltv_churn_average_months),
    };
    SubscriptionMetrics {
        end_month: Some(end.month),
        start_month: pts.first().map(|p| p.month),
        mrr: Some(end.mrr),
        arr: Some(end.arr()),
        customers: Some(end.customers),
        arpa: end.arpa(),
        customer_churn_rate: churn_avg,
        retention_rate: avg(&|p| p.retention_rate()),
        gross_mrr_churn_rate: avg(&|p| p.gross_mrr_churn_rate()),
        net_mrr_churn_rate: avg(&|p| p.net_mrr_churn_rate(o.net_churn)),
        net_mrr_churn_rate_chartmogul: avg(&|p| p.net_mrr_churn_rate(NetChurnPreset::ChartMogul)),
        expansion_rate: avg(&|p| p.expansion_rate()),
        grr: avg(&|p| p.grr()),
        nrr: avg(&|p| p.nrr()),
        quick_ratio: money_ratio(
            add(add(movement.new, movement.reactivation), movement.expansion),
            add(movement.churn, movement.contraction),
        ),
        nrr_12m: if o.nrr_12m { end.nrr_12m } else { None },
        ltv: ltv(end.arpa(), o.gross_margin, ltv_churn),
        ltv_churn_rate: ltv_churn,
        movement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::close;
    use crate::dataset::{BillingInterval, Month};
    use rust_decimal::Decimal;

    fn snap(line: usize, c: &str, m: u32, mrr: i64) -> MrrSnapshot {
        MrrSnapshot {
            line,
            customer: c.into(),
            month: Month {
                year: 2024,
                month: m,
            },
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
        assert_eq!(
            p.iter().map(|x| x.customers).collect::<Vec<_>>(),
            vec![2, 3, 2, 3]
        );
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
        assert_eq!(
            (mar.expansion, mar.churn, mar.churned_customers),
            (dec(50), dec(100), 1)
        );
        close(p[2].customer_churn_rate(), 33.333333333333336);
        close(p[2].retention_rate(), 66.66666666666667);
        close(p[2].gross_mrr_churn_rate(), 40.0);
        close(p[2].net_mrr_churn_rate(NetChurnPreset::Standard), 20.0);
        close(p[2].expansion_rate(), 20.0);
        close(p[2].grr(), 60.0);
        close(p[2].nrr(), 80.0);
        // Apr: B returns (reactivation 120, not new), D new 80, C churns 50
        let apr = p[3].movement.as_ref().unwrap();
        assert_eq!(
            (apr.reactivation, apr.new, apr.churn),
            (dec(120), dec(80), dec(50))
        );
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
        close(
            ltv(p[3].arpa(), 1.0, p[3].customer_churn_rate()),
            233.33333333333334,
        );
        assert_eq!(ltv(p[1].arpa(), 1.0, p[1].customer_churn_rate()), None);
    }

    #[test]
    fn whole_range_metrics() {
        let t = mrr_from_snapshots(&example(), None);
        let s = subscription_metrics(
            &mrr_series(&t, PeriodKind::Month),
            &MetricOptions::default(),
        );
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
        assert_eq!(
            c[0].logo,
            vec![Some(100.0), Some(100.0), Some(50.0), Some(100.0)]
        );
        let rev: Vec<f64> = c[0].revenue.iter().map(|x| x.unwrap()).collect();
        for (a, b) in rev.iter().zip([100.0, 66.66666666666667, 50.0, 90.0]) {
            assert!((a - b).abs() < 1e-9);
        }
        assert_eq!(c[1].logo, vec![Some(100.0), Some(100.0), Some(0.0)]);
        assert_eq!(c[2].logo, vec![Some(100.0)]);
    }

    #[test]
    fn a_month_without_rows_is_a_gap_not_churn() {
        let rows = vec![
            snap(2, "A", 1, 100),
            snap(3, "B", 1, 50),
            snap(4, "A", 3, 100),
        ];
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
        let s = subscription_metrics(
            &mrr_series(&t, PeriodKind::Month),
            &MetricOptions::default(),
        );
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
        assert_eq!(
            (mv.churn, mv.reactivation, mv.new),
            (dec(50), dec(120), dec(80))
        );
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
            month: Month {
                year: 2025,
                month: 1,
            },
            mrr: dec(130),
        });
        rows.push(MrrSnapshot {
            line: 51,
            customer: "C".into(),
            month: Month {
                year: 2025,
                month: 1,
            },
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
            row(
                3,
                "Y",
                d(2024, 1, 1),
                Some(d(2024, 3, 31)),
                10,
                IntervalUnit::Week,
                1,
                2,
            ),
            row(
                4,
                "X",
                d(2024, 2, 10),
                Some(d(2024, 3, 15)),
                30,
                IntervalUnit::Month,
                3,
                1,
            ),
            row(5, "Z", d(2024, 3, 1), None, 1, IntervalUnit::Day, 1, 1),
            row(6, "Z", d(2024, 3, 1), None, -1, IntervalUnit::Day, 1, 1),
            row(
                7,
                "Z",
                d(2024, 3, 1),
                Some(d(2024, 2, 1)),
                1,
                IntervalUnit::Day,
                1,
                1,
            ),
        ];
        assert_eq!(monthly_amount(&rows[0]), Some(dec(100)));
        assert_eq!(monthly_amount(&rows[2]), Some(dec(10)));
        let t = mrr_from_subscriptions(&rows, None);
        assert_eq!(
            t.rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![6, 7]
        );
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
        let runs = runs_of_spans(vec![(0, 5, m(100, 0)), (2, 3, m(50, 0)), (1, 9, m(0, 0)), (6, 7, m(10000, 2))]);
        let want = [(0, 1, m(100, 0)), (2, 3, m(150, 0)), (4, 5, m(100, 0)), (6, 7, m(10000, 2))];
        assert_eq!(runs.iter().map(|r| (r.from, r.to, r.mrr)).collect::<Vec<_>>(), want);
        // 100 and 100.00 are one value but not one run: every month keeps its own digits
        assert_eq!(runs.get(3).map(|r| r.mrr.scale()), Some(2));
        let t = MrrTable { months: 10, values: vec![runs], ..Default::default() };
        assert_eq!(t.value_at(0, 3), m(150, 0));
        assert_eq!(t.value_at(0, 8), Money::ZERO);
        // a zero amount (0.0) does not change how the month's sum is written: 1, not 1.0
        let runs = runs_of_spans(vec![(7, 13, m(1, 0)), (4, 7, m(0, 1))]);
        assert_eq!(runs.iter().map(|r| (r.from, r.to, r.mrr.scale())).collect::<Vec<_>>(), [(7, 13, 0)]);
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
}
