//! The ledger of MRR snapshot rows (customer, month, MRR).

#[allow(unused_imports)]
use super::*;

/// Months `from..=to` (keys) of one customer's snapshot rows in one segment at one MRR.
#[derive(Clone, Copy, Debug)]
struct SnapshotRun {
    from: PeriodKey,
    to: PeriodKey,
    code: u32,
    mrr: Money,
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
    /// The customer id of the row before (see `row_customer_id`).
    last_id: Option<u32>,
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
        let reject =
            |column: &str, reason| Rejected { line: r.line, column: column.into(), reason };
        if !(1..=12).contains(&r.month.month) {
            let reason =
                RejectReason::OutOfRange { value: r.month.month.into(), min: 1.0, max: 12.0 };
            return self.rejected.push(reject("month", reason));
        }
        if !(1..=9999).contains(&r.month.year) {
            let reason =
                RejectReason::OutOfRange { value: r.month.year.into(), min: 1.0, max: 9999.0 };
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
        let id =
            row_customer_id(&mut self.ids, &mut self.customers, &mut self.last_id, &r.customer);
        if self.entries.len() < self.customers.len() {
            self.entries.resize_with(self.customers.len(), Vec::new);
        }
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
                    let n = entries
                        .get(i..)
                        .map_or(0, |rest| rest.iter().take_while(|e| e.1 == code).count());
                    let seg_months = runs_of_months(
                        entries
                            .get(i..i + n)
                            .unwrap_or(&[])
                            .iter()
                            .map(|&(k, _, m)| (offset(k), m)),
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

impl Accumulator<&crate::dataset::Table<MrrSnapshot>> for SnapshotLedger {
    type Output = (MrrTable, Vec<(String, MrrTable)>);

    fn update(&mut self, chunk: &crate::dataset::Table<MrrSnapshot>) {
        self.add(chunk);
    }

    /// The later customers' runs join theirs (the finish sums a customer's months in any
    /// order of runs).
    fn merge(&mut self, later: Self) {
        for (name, runs) in later.customers.iter().zip(later.entries) {
            let id = customer_id(&mut self.ids, &mut self.customers, name) as usize;
            if id >= self.entries.len() {
                self.entries.resize_with(id + 1, Vec::new);
            }
            if let Some(e) = self.entries.get_mut(id) {
                e.extend(runs);
            }
        }
        self.known.extend(later.known);
        self.last_known = None;
        self.used += later.used;
        add_counts(&mut self.segment_used, &later.segment_used);
        add_counts(&mut self.segment_rows, &later.segment_rows);
        self.rejected.extend(later.rejected);
    }

    fn finish(self, segment_values: Option<&[String]>) -> Self::Output {
        MrrLedger::finish(self, segment_values)
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
    MrrLedger::finish(ledger, None).0
}

impl SnapshotLedger {
    /// Moves the runs and counts of a later part of a file to the segment codes of the
    /// whole file (see [`Renumber`](crate::metrics::accumulate::Renumber)), before a merge.
    pub fn renumber_segments(&mut self, to: crate::metrics::accumulate::Renumber) {
        for run in self.entries.iter_mut().flatten() {
            run.code = to.code(run.code);
        }
        to.indexed(&mut self.segment_used);
        to.indexed(&mut self.segment_rows);
    }
}
