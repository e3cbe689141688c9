//! The ledger of subscription rows (customer, start, end, amount, interval, quantity).

#[allow(unused_imports)]
use super::*;

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
    /// The customer id of the row before (see `row_customer_id`).
    last_id: Option<u32>,
    spans: Vec<Span>,
    /// Rows per segment code, used or not (a value with rows is listed).
    segment_rows: Vec<usize>,
    rejected: Vec<Rejected>,
    /// The latest day the used rows speak of: a start, or the day before an end (an end
    /// date is the first day without the subscription).
    latest_seen: Option<NaiveDate>,
}

impl SubscriptionLedger {
    pub fn new(range: Option<(NaiveDate, NaiveDate)>, segment: Option<&str>) -> Self {
        SubscriptionLedger { range, segment: segment.map(str::to_owned), ..Default::default() }
    }

    /// MRR of some spans, grouped by customer: months from the span `(first, last)` (default:
    /// the first start to the last start or end), a subscription active from its start's
    /// month to the month before its end's month; rows overlapping the span count as used.
    fn table<'a>(
        &self,
        spans: impl Iterator<Item = &'a Span> + Clone,
        span: Option<(PeriodKey, PeriodKey)>,
    ) -> MrrTable {
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
                customers.push(
                    self.customers.get(c as usize).map_or_else(String::new, |n| n.to_string()),
                );
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
        let customer =
            row_customer_id(&mut self.ids, &mut self.customers, &mut self.last_id, &r.customer);
        let seen = r.end.and_then(|e| e.pred_opt()).map_or(r.start, |e| e.max(r.start));
        self.latest_seen = Some(self.latest_seen.map_or(seen, |l| l.max(seen)));
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
        // a range running past the data: the months after the latest day the rows speak of
        // are the range, not the data (without a range the table ends at the data's last
        // date, and its last month is the headline as before)
        let past = |last: PeriodKey| whole.months > 0 && whole.month_key(whole.months - 1) > last;
        whole.data_end = match (self.range, last) {
            (Some(_), Some(last)) if past(last) => {
                self.latest_seen.map(|d| PeriodKind::Month.key(d))
            }
            _ => None,
        };
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
            let Some(code) =
                group.first().and_then(|&i| self.spans.get(i as usize)).map(|s| s.code)
            else {
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
                segments.push((
                    code as u32,
                    value.clone(),
                    self.table(std::iter::empty(), frame).reframe(&whole),
                ));
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
    MrrLedger::finish(ledger, None).0
}

impl Accumulator<&crate::dataset::Table<SubscriptionRow>> for SubscriptionLedger {
    type Output = (MrrTable, Vec<(String, MrrTable)>);

    fn update(&mut self, chunk: &crate::dataset::Table<SubscriptionRow>) {
        self.add(chunk);
    }

    /// The later spans join, their customers renumbered into this ledger's ids.
    fn merge(&mut self, later: Self) {
        let ids: Vec<u32> = later
            .customers
            .iter()
            .map(|n| customer_id(&mut self.ids, &mut self.customers, n))
            .collect();
        self.spans.extend(later.spans.into_iter().map(|s| Span {
            customer: ids.get(s.customer as usize).copied().unwrap_or(u32::MAX),
            ..s
        }));
        add_counts(&mut self.segment_rows, &later.segment_rows);
        self.latest_seen = self.latest_seen.max(later.latest_seen);
        self.rejected.extend(later.rejected);
    }

    fn finish(self, segment_values: Option<&[String]>) -> Self::Output {
        MrrLedger::finish(self, segment_values)
    }
}

impl SubscriptionLedger {
    /// Moves the spans and counts of a later part of a file to the segment codes of the
    /// whole file (see [`Renumber`](crate::metrics::accumulate::Renumber)), before a merge.
    pub fn renumber_segments(&mut self, to: crate::metrics::accumulate::Renumber) {
        for span in &mut self.spans {
            span.code = to.code(span.code);
        }
        to.indexed(&mut self.segment_rows);
    }
}
