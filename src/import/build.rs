//! Records → typed rows of the planned kind, or a rejection with line, column and reason.
//!
//! A row is used whole or not at all: the first value that cannot be read rejects it (an
//! optional value that is present but unreadable also rejects it, so that nothing is
//! silently dropped). Unmapped columns become interned segment columns.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::dataset::DatasetKind;
use crate::dataset::{
    BillingInterval, Dataset, FunnelRow, HealthRow, HealthTable, IntervalUnit, Money, Month,
    MrrSnapshot, Name, Order, RejectReason, Rejected, SegmentColumn, SubscriptionRow,
    Subscriptions, SurveyResponse, Table, Ticket, UsageEvent,
};

use super::csv::Record;
use super::detect::Plan;
use super::headers::Field;
use super::value;

mod rows;

/// A record's fields, whatever the source.
pub trait Fields {
    fn field(&self, i: usize) -> &str;
    fn count(&self) -> usize;
}

impl Fields for Record<'_> {
    #[inline]
    fn field(&self, i: usize) -> &str {
        self.get(i)
    }
    #[inline]
    fn count(&self) -> usize {
        self.len()
    }
}

impl Fields for [String] {
    fn field(&self, i: usize) -> &str {
        self.get(i).map(String::as_str).unwrap_or("")
    }
    fn count(&self) -> usize {
        self.len()
    }
}

impl Fields for Vec<String> {
    fn field(&self, i: usize) -> &str {
        self.as_slice().field(i)
    }
    fn count(&self) -> usize {
        self.len()
    }
}

/// FNV-1a: segment values are short and looked up once per row; SipHash's DoS resistance
/// buys nothing for a user's own file.
#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The distinct text values of the rows' name fields (customer, user, account, feature,
/// category): one allocation per distinct value, shared by every row that names it. One
/// set for all fields: a customer id that is also an account id is stored once. It lives
/// as long as the import, so survey respondents, whose rows are dropped as they stream by,
/// are not put in it.
///
/// The name of the row before and the few first seen after it are tried before the set:
/// exports list a customer's rows together, or every customer month after month in the
/// same order (less the few who left), so most rows find their name without a look-up in
/// a set far larger than the cache.
#[derive(Default)]
struct Names {
    /// Each name and where it is in `order`.
    index: FastMap<Name, usize>,
    /// The names in the order first seen.
    order: Vec<Name>,
    /// Where the last name asked for is in `order`.
    last: usize,
}

/// Names after the last one tried before the set (customers who left skipped over).
const NAMES_AHEAD: usize = 4;

impl Names {
    #[inline]
    fn get(&mut self, v: &str) -> Name {
        let ahead = self.order.get(self.last..).unwrap_or(&[]);
        let seen =
            ahead.iter().take(NAMES_AHEAD + 1).position(|n| same_text(n.as_bytes(), v.as_bytes()));
        match seen.and_then(|i| Some((self.last + i, ahead.get(i)?))) {
            Some((at, n)) => {
                self.last = at;
                Name::clone(n)
            }
            None => self.find(v),
        }
    }

    /// [`get`](Self::get) through the set, adding the name when it is new.
    #[inline(never)]
    fn find(&mut self, v: &str) -> Name {
        if let Some((n, &at)) = self.index.get_key_value(v) {
            self.last = at;
            return Name::clone(n);
        }
        let n: Name = v.into();
        self.last = self.order.len();
        self.index.insert(Name::clone(&n), self.last);
        self.order.push(Name::clone(&n));
        n
    }
}

/// A segment column being filled: distinct values interned.
struct SegmentBuilder {
    column: usize,
    col: SegmentColumn,
    index: FastMap<Box<str>, u32>,
    /// Codes (+ 1; 0: none) of values seen lately, by [`recent_slot`]: a row's value is
    /// nearly always found with one look-up and one comparison, whichever of a few values
    /// it is (a search through them would stop at a different place row after row).
    recent: [u32; RECENT_SLOTS],
}

const RECENT_SLOTS: usize = 64;

/// Where a value's code is kept in [`SegmentBuilder::recent`]: from its length and its
/// first and last bytes (two values that share a slot just take turns).
#[inline]
fn recent_slot(v: &[u8]) -> usize {
    let (first, last) = (v.first().copied().unwrap_or(0), v.last().copied().unwrap_or(0));
    (v.len() ^ usize::from(first) ^ (usize::from(last) << 2)) % RECENT_SLOTS
}

/// Whether two short texts (a date, a segment value) are equal, compared in place rather
/// than by a call per value: up to 16 bytes as two overlapping words, or byte by byte.
#[inline]
fn same_text(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()).map(u64::from_ne_bytes)
    };
    match n {
        0..=7 => a.iter().zip(b).all(|(x, y)| x == y),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

/// Up to this many distinct values, a segment value is found by comparing it with each
/// (plans, regions, languages: a handful), which is cheaper than hashing it per row.
const SEGMENT_SCAN: usize = 8;

impl SegmentBuilder {
    #[inline]
    fn push(&mut self, v: &str) {
        let v = value::trim(v);
        let slot = recent_slot(v.as_bytes());
        let recent = self.recent.get(slot).and_then(|c| c.checked_sub(1)).filter(|&c| {
            let value = self.col.values.get(c as usize);
            value.is_some_and(|x| same_text(x.as_bytes(), v.as_bytes()))
        });
        let code = match recent {
            // values are distinct: the code of an equal value is this value's code
            Some(c) => c,
            None => {
                let c = self.code(v);
                if let Some(r) = self.recent.get_mut(slot) {
                    *r = c.saturating_add(1);
                }
                c
            }
        };
        self.col.codes.push(code);
    }

    /// The code of `v`, a new one if it is the first of its value.
    #[inline(never)]
    fn code(&mut self, v: &str) -> u32 {
        let found = if self.col.values.len() <= SEGMENT_SCAN {
            // the index holds the same values with the same codes: either finds the same
            let at = self.col.values.iter().position(|x| same_text(x.as_bytes(), v.as_bytes()));
            at.and_then(|p| u32::try_from(p).ok())
        } else {
            self.index.get(v).copied()
        };
        match found {
            Some(c) => c,
            None => {
                let c = u32::try_from(self.col.values.len()).unwrap_or(u32::MAX);
                self.col.values.push(v.to_owned());
                self.index.insert(v.into(), c);
                c
            }
        }
    }
}

/// Rows a chunk's vector is made ready for (see [`Builder::take`]).
const PRESIZED_ROWS: usize = 4096;

/// Rows of whichever kind is being built.
enum Rows {
    Survey(Vec<SurveyResponse>),
    Snapshots(Vec<MrrSnapshot>),
    Subs(Vec<SubscriptionRow>),
    Orders(Vec<Order>),
    Tickets(Vec<Ticket>),
    Usage(Vec<UsageEvent>),
    Funnel(Vec<FunnelRow>),
    Health(Vec<HealthRow>),
}

/// Column index of each field, resolved once (an array: this is looked up per value).
struct Cols {
    map: [Option<usize>; Field::ALL.len()],
}

impl Cols {
    fn get(&self, f: Field) -> Option<usize> {
        self.map.get(f as usize).copied().flatten()
    }
}

pub struct Builder {
    reader: Reader,
    rows: Rows,
    segments: Vec<SegmentBuilder>,
    rejected: Vec<Rejected>,
    rows_read: usize,
    width: usize,
}

/// A rejection in the making: column index and reason.
type Reject = (usize, RejectReason);

/// Reads one record's values into a typed row: the plan, the column of each field, and
/// the name values seen so far.
struct Reader {
    plan: Plan,
    cols: Cols,
    names: Names,
    dates: std::cell::RefCell<DateMemo>,
    months: ColumnMemo<Month>,
}

/// Per column, the last date (or month) value read and what it read as. Exports list the
/// rows of one day or month together, so most rows repeat the date of the row before;
/// reading a date is a pure function of its text and the column's day/month order, so the
/// remembered result is the one parsing it again would give. Only values that read are
/// kept (a rejection is made afresh, with its message).
struct ColumnMemo<T> {
    last: Vec<Option<(String, T)>>,
}

impl<T> Default for ColumnMemo<T> {
    fn default() -> Self {
        ColumnMemo { last: Vec::new() }
    }
}

type DateMemo = ColumnMemo<NaiveDateTime>;

impl<T: Copy> ColumnMemo<T> {
    #[inline]
    fn get(&self, column: usize, v: &str) -> Option<T> {
        match self.last.get(column) {
            Some(Some((text, value))) if same_text(text.as_bytes(), v.as_bytes()) => Some(*value),
            _ => None,
        }
    }

    fn put(&mut self, column: usize, v: &str, value: T) {
        if self.last.len() <= column {
            self.last.resize_with(column + 1, || None);
        }
        if let Some(slot) = self.last.get_mut(column) {
            match slot {
                Some((text, at)) => {
                    text.clear();
                    text.push_str(v);
                    *at = value;
                }
                None => *slot = Some((v.to_owned(), value)),
            }
        }
    }
}

impl Builder {
    pub fn new(plan: &Plan) -> Self {
        let plan = plan.clone();
        let mut cols = Cols { map: [None; Field::ALL.len()] };
        for (i, f) in plan.fields.iter().enumerate() {
            if let Some(slot) = f.and_then(|f| cols.map.get_mut(f as usize)) {
                *slot = Some(i);
            }
        }
        let segments = (0..plan.headers.len())
            .filter(|i| {
                plan.fields.get(*i).is_some_and(Option::is_none) && !plan.signals.contains(i)
            })
            .map(|i| SegmentBuilder {
                column: i,
                col: SegmentColumn {
                    name: plan.header(i).to_owned(),
                    values: Vec::new(),
                    codes: Vec::new(),
                },
                index: FastMap::default(),
                recent: [0; RECENT_SLOTS],
            })
            .collect();
        let rows = match (plan.kind, plan.snapshots) {
            (DatasetKind::Survey, _) => Rows::Survey(Vec::new()),
            (DatasetKind::Subscriptions, true) => Rows::Snapshots(Vec::new()),
            (DatasetKind::Subscriptions, false) => Rows::Subs(Vec::new()),
            (DatasetKind::Orders, _) => Rows::Orders(Vec::new()),
            (DatasetKind::Tickets, _) => Rows::Tickets(Vec::new()),
            (DatasetKind::Usage, _) => Rows::Usage(Vec::new()),
            (DatasetKind::Funnel, _) => Rows::Funnel(Vec::new()),
            (DatasetKind::Health, _) => Rows::Health(Vec::new()),
        };
        let width = plan.headers.len();
        Builder {
            reader: Reader {
                plan,
                cols,
                names: Names::default(),
                dates: Default::default(),
                months: Default::default(),
            },
            rows,
            segments,
            rejected: Vec::new(),
            rows_read: 0,
            width,
        }
    }

    pub fn push<F: Fields + ?Sized>(&mut self, line: usize, rec: &F) {
        if self.reader.plan.skip_lines.contains(&line) {
            return;
        }
        self.rows_read += 1;
        // More fields than the header means values have shifted (an unquoted separator in
        // a value): reading it would misassign columns. Fewer fields are trailing empties.
        let extra = (self.width..rec.count()).any(|i| !value::trim(rec.field(i)).is_empty());
        if extra && !self.reader.plan.bare {
            self.reject(
                line,
                0,
                RejectReason::FieldCount { expected: self.width, found: rec.count() },
            );
            return;
        }
        let r = &mut self.reader;
        let result = match &mut self.rows {
            Rows::Survey(v) => r.survey(line, rec).map(|x| v.push(x)),
            Rows::Snapshots(v) => r.snapshot(line, rec).map(|x| v.push(x)),
            Rows::Subs(v) => r.subscription(line, rec).map(|x| v.push(x)),
            Rows::Orders(v) => r.order(line, rec).map(|x| v.push(x)),
            Rows::Tickets(v) => r.ticket(line, rec).map(|x| v.push(x)),
            Rows::Usage(v) => r.usage(line, rec).map(|x| v.push(x)),
            Rows::Funnel(v) => r.funnel(line, rec).map(|x| v.push(x)),
            Rows::Health(v) => r.health(line, rec).map(|x| v.push(x)),
        };
        match result {
            Ok(()) => {
                for s in &mut self.segments {
                    s.push(rec.field(s.column));
                }
            }
            Err((col, reason)) => self.reject(line, col, reason),
        }
    }

    fn reject(&mut self, line: usize, col: usize, reason: RejectReason) {
        let column = self.reader.plan.header(col).to_owned();
        self.rejected.push(Rejected { line, column, reason });
    }

    /// Hands over the rows built since the last call, with their segment codes, so that a
    /// caller aggregating as it reads holds no rows. The segment columns carry codes only:
    /// their values, the rejections and the headers come with [`finish`](Self::finish).
    pub fn take(&mut self) -> Dataset {
        let segments: Vec<SegmentColumn> = self
            .segments
            .iter_mut()
            .map(|s| SegmentColumn {
                name: s.col.name.clone(),
                values: Vec::new(),
                codes: taken(&mut s.col.codes),
            })
            .collect();
        /// The rows so far; the next chunk's vector starts as large as this one was (up
        /// to a few thousand rows, what a 64 KiB chunk holds), so that it does not grow
        /// (and copy) its way up again chunk after chunk. Larger chunks (1 MiB parts on
        /// threads) grow theirs as before: a fresh multi-megabyte vector per chunk kept
        /// freed memory in each thread's heap (16 → 31 MB at 2 threads).
        fn taken<R>(rows: &mut Vec<R>) -> Vec<R> {
            let next = Vec::with_capacity(rows.len().min(PRESIZED_ROWS));
            std::mem::replace(rows, next)
        }
        fn part<R>(rows: &mut Vec<R>, segments: Vec<SegmentColumn>) -> Table<R> {
            Table { rows: taken(rows), segments, rejected: Vec::new(), headers: Vec::new() }
        }
        match &mut self.rows {
            Rows::Survey(r) => Dataset::Survey(part(r, segments)),
            Rows::Snapshots(r) => {
                Dataset::Subscriptions(Subscriptions::Snapshots(part(r, segments)))
            }
            Rows::Subs(r) => Dataset::Subscriptions(Subscriptions::Rows(part(r, segments))),
            Rows::Orders(r) => Dataset::Orders(part(r, segments)),
            Rows::Tickets(r) => Dataset::Tickets(part(r, segments)),
            Rows::Usage(r) => Dataset::Usage(part(r, segments)),
            Rows::Funnel(r) => Dataset::Funnel(part(r, segments)),
            Rows::Health(r) => Dataset::Health(HealthTable {
                signals: self.reader.plan.signal_headers(),
                table: part(r, segments),
            }),
        }
    }

    /// Rows built and not yet taken.
    pub fn pending_rows(&self) -> usize {
        match &self.rows {
            Rows::Survey(v) => v.len(),
            Rows::Snapshots(v) => v.len(),
            Rows::Subs(v) => v.len(),
            Rows::Orders(v) => v.len(),
            Rows::Tickets(v) => v.len(),
            Rows::Usage(v) => v.len(),
            Rows::Funnel(v) => v.len(),
            Rows::Health(v) => v.len(),
        }
    }

    /// The rows not taken yet, every segment column's values, the rejections, the headers,
    /// and the number of data rows read in all.
    pub fn finish(mut self) -> (Dataset, usize) {
        // Give back the growth slack of the row vectors (up to half of them on big files).
        match &mut self.rows {
            Rows::Survey(v) => v.shrink_to_fit(),
            Rows::Snapshots(v) => v.shrink_to_fit(),
            Rows::Subs(v) => v.shrink_to_fit(),
            Rows::Orders(v) => v.shrink_to_fit(),
            Rows::Tickets(v) => v.shrink_to_fit(),
            Rows::Usage(v) => v.shrink_to_fit(),
            Rows::Funnel(v) => v.shrink_to_fit(),
            Rows::Health(v) => v.shrink_to_fit(),
        }
        let segments: Vec<SegmentColumn> = self
            .segments
            .into_iter()
            .map(|mut s| {
                s.col.codes.shrink_to_fit();
                s.col
            })
            .collect();
        let rejected = self.rejected;
        let headers: Vec<(&'static str, String)> = (self.reader.plan.fields.iter().enumerate())
            .filter_map(|(i, f)| f.map(|f| (f.key(), self.reader.plan.header(i).to_owned())))
            .collect();
        fn table<R>(
            rows: Vec<R>,
            segments: Vec<SegmentColumn>,
            rejected: Vec<Rejected>,
            headers: Vec<(&'static str, String)>,
        ) -> Table<R> {
            Table { rows, segments, rejected, headers }
        }
        let dataset = match self.rows {
            Rows::Survey(r) => Dataset::Survey(table(r, segments, rejected, headers)),
            Rows::Snapshots(r) => Dataset::Subscriptions(Subscriptions::Snapshots(table(
                r, segments, rejected, headers,
            ))),
            Rows::Subs(r) => {
                Dataset::Subscriptions(Subscriptions::Rows(table(r, segments, rejected, headers)))
            }
            Rows::Orders(r) => Dataset::Orders(table(r, segments, rejected, headers)),
            Rows::Tickets(r) => Dataset::Tickets(table(r, segments, rejected, headers)),
            Rows::Usage(r) => Dataset::Usage(table(r, segments, rejected, headers)),
            Rows::Funnel(r) => Dataset::Funnel(table(r, segments, rejected, headers)),
            Rows::Health(r) => Dataset::Health(HealthTable {
                signals: self.reader.plan.signal_headers(),
                table: table(r, segments, rejected, headers),
            }),
        };
        (dataset, self.rows_read)
    }
}

impl Reader {
    // ---- value readers: `Ok(None)` for an empty optional value ---------------------------

    #[inline]
    fn raw<'a, F: Fields + ?Sized>(&self, rec: &'a F, f: Field) -> Option<(usize, &'a str)> {
        let i = self.cols.get(f)?;
        let v = value::trim(rec.field(i));
        (!v.is_empty()).then_some((i, v))
    }

    #[inline]
    fn required<'a, F: Fields + ?Sized>(
        &self,
        rec: &'a F,
        f: Field,
    ) -> Result<(usize, &'a str), Reject> {
        match self.raw(rec, f) {
            Some(x) => Ok(x),
            None => Err((self.cols.get(f).unwrap_or(0), RejectReason::Missing)),
        }
    }

    fn number_at(&self, i: usize, v: &str) -> Result<Decimal, Reject> {
        let conv =
            self.plan.numbers.get(i).copied().unwrap_or(value::NumberConvention::DecimalPoint);
        let parsed = if self.plan.native_numbers {
            value::parse_canonical(v).or_else(|| value::parse_number(v, conv))
        } else {
            value::parse_number(v, conv)
        };
        parsed.map(|n| n.value).ok_or_else(|| (i, RejectReason::NotANumber { value: v.to_owned() }))
    }

    fn money_at(&self, i: usize, v: &str) -> Result<Money, Reject> {
        let m = self.number_at(i, v)?;
        Ok(if self.plan.amounts_in_cents { m / Decimal::from(100) } else { m })
    }

    fn f64_at(&self, i: usize, v: &str) -> Result<f64, Reject> {
        self.number_at(i, v).and_then(|d| {
            d.to_f64().ok_or_else(|| (i, RejectReason::NotANumber { value: v.to_owned() }))
        })
    }

    fn opt_f64<F: Fields + ?Sized>(&self, rec: &F, f: Field) -> Result<Option<f64>, Reject> {
        self.raw(rec, f).map(|(i, v)| self.f64_at(i, v)).transpose()
    }

    fn opt_money<F: Fields + ?Sized>(&self, rec: &F, f: Field) -> Result<Option<Money>, Reject> {
        self.raw(rec, f).map(|(i, v)| self.money_at(i, v)).transpose()
    }

    fn opt_u32<F: Fields + ?Sized>(&self, rec: &F, f: Field) -> Result<Option<u32>, Reject> {
        self.raw(rec, f)
            .map(|(i, v)| {
                let d = self.number_at(i, v)?;
                if d.fract() != Decimal::ZERO {
                    return Err((i, RejectReason::NotAnInteger { value: v.to_owned() }));
                }
                if d < Decimal::ZERO {
                    return Err((i, RejectReason::Negative { value: v.to_owned() }));
                }
                d.to_u32().ok_or_else(|| (i, RejectReason::NotAnInteger { value: v.to_owned() }))
            })
            .transpose()
    }

    #[inline]
    fn datetime_at(&self, i: usize, v: &str) -> Result<NaiveDateTime, Reject> {
        if let Some(d) = self.dates.borrow().get(i, v) {
            return Ok(d);
        }
        self.datetime_afresh(i, v)
    }

    /// [`datetime_at`](Self::datetime_at) for a value other than the column's last one.
    #[inline(never)]
    fn datetime_afresh(&self, i: usize, v: &str) -> Result<NaiveDateTime, Reject> {
        let read = self.read_datetime(i, v);
        if let Ok(d) = read {
            self.dates.borrow_mut().put(i, v, d);
        }
        read
    }

    fn read_datetime(&self, i: usize, v: &str) -> Result<NaiveDateTime, Reject> {
        let order = self.plan.dates.get(i).copied().unwrap_or(value::DateOrder::MonthDay);
        value::parse_datetime(v, order)
            // A month (`2024-03`, `März 2024`) in a date column of period totals: its 1st.
            .or_else(|| {
                let m = value::parse_month(v, order)?;
                NaiveDate::from_ymd_opt(m.year, m.month, 1)
                    .map(|d| d.and_time(chrono::NaiveTime::MIN))
            })
            .ok_or_else(|| (i, RejectReason::DateUnreadable { value: v.to_owned() }))
    }

    #[inline]
    fn opt_datetime<F: Fields + ?Sized>(
        &self,
        rec: &F,
        f: Field,
    ) -> Result<Option<NaiveDateTime>, Reject> {
        self.raw(rec, f).map(|(i, v)| self.datetime_at(i, v)).transpose()
    }

    /// A ticket time: a timestamp, or elapsed time since `created` when the column says so
    /// (Zendesk's `First reply time in minutes`).
    fn opt_moment<F: Fields + ?Sized>(
        &self,
        rec: &F,
        f: Field,
        created: NaiveDateTime,
    ) -> Result<Option<NaiveDateTime>, Reject> {
        let Some((i, v)) = self.raw(rec, f) else { return Ok(None) };
        let Some(minutes_per_unit) = self.plan.elapsed.get(i).copied().flatten() else {
            return self.datetime_at(i, v).map(Some);
        };
        let n = self.f64_at(i, v)?;
        if n < 0.0 {
            return Err((i, RejectReason::Negative { value: v.to_owned() }));
        }
        let secs = (n * minutes_per_unit * 60.0).round();
        chrono::Duration::try_seconds(secs as i64)
            .filter(|_| secs.is_finite() && secs < 1e12)
            .and_then(|d| created.checked_add_signed(d))
            .map(Some)
            .ok_or_else(|| (i, RejectReason::NotANumber { value: v.to_owned() }))
    }

    #[inline]
    fn opt_date<F: Fields + ?Sized>(&self, rec: &F, f: Field) -> Result<Option<NaiveDate>, Reject> {
        Ok(self.opt_datetime(rec, f)?.map(|d| d.date()))
    }

    fn opt_text<F: Fields + ?Sized>(&self, rec: &F, f: Field) -> Option<String> {
        self.raw(rec, f).map(|(_, v)| v.to_owned())
    }

    /// An optional name field, interned.
    fn opt_name<F: Fields + ?Sized>(&mut self, rec: &F, f: Field) -> Option<Name> {
        let (_, v) = self.raw(rec, f)?;
        Some(self.names.get(v))
    }

    // ---- one reader per kind ---------------------------------------------------------------

    /// A score as written, or the leading number of a labelled answer.
    fn score_at(&self, i: usize, v: &str) -> Result<f64, Reject> {
        let score = match self.number_at(i, v) {
            Ok(d) => d,
            // "10 - Extremely likely": the scale label exported with the answer.
            Err(e) => value::leading_score(v).ok_or(e)?,
        };
        score.to_f64().ok_or_else(|| (i, RejectReason::NotANumber { value: v.to_owned() }))
    }
}

/// Subscription statuses that mean "no longer running".
fn is_ended_status(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "canceled"
            | "cancelled"
            | "ended"
            | "expired"
            | "incomplete_expired"
            | "inactive"
            | "churned"
            | "terminated"
            | "gekündigt"
            | "gekuendigt"
            | "beendet"
            | "abgelaufen"
            | "storniert"
            | "inaktiv"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, ImportOptions};

    fn survey(csv: &str) -> Table<SurveyResponse> {
        match import(csv.as_bytes(), None, &ImportOptions::default()).map(|i| i.dataset) {
            Ok(Dataset::Survey(t)) => t,
            other => panic!("not a survey: {other:?}"),
        }
    }

    #[test]
    fn same_text_is_equality_at_every_length() {
        let text = "2024-03-05 14:22:01 Enterprise";
        for n in 0..=text.len() {
            let a = &text.as_bytes()[..n];
            assert!(same_text(a, a));
            for i in 0..n {
                let mut b = a.to_vec();
                b[i] ^= 1;
                assert!(!same_text(a, &b), "{n} {i}");
            }
            assert!(!same_text(a, &text.as_bytes()[..n.saturating_sub(1)]) || n == 0);
        }
    }

    /// Whatever order the names come in (a customer's rows together, customers month
    /// after month, at random), equal texts share one name and different texts do not.
    #[test]
    fn names_are_shared_in_any_order() {
        let texts = ["c1", "c2", "c3", "c1", "c2", "c3", "c3", "c3", "c2", "c9", "c1", "c10"];
        let mut names = Names::default();
        let got: Vec<Name> = texts.iter().map(|t| names.get(t)).collect();
        for (a, ta) in got.iter().zip(texts) {
            assert_eq!(&**a, ta);
            for (b, tb) in got.iter().zip(texts) {
                assert_eq!(Name::ptr_eq(a, b), ta == tb, "{ta} {tb}");
            }
        }
        assert_eq!(names.order.len(), 5);
        assert_eq!(names.index.len(), 5);
    }

    #[test]
    fn a_remembered_date_is_the_one_of_its_column_and_text() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).unwrap().and_time(chrono::NaiveTime::MIN);
        let mut memo = DateMemo::default();
        assert_eq!(memo.get(2, "2024-03-05"), None);
        memo.put(2, "2024-03-05", day(5));
        assert_eq!(memo.get(2, "2024-03-05"), Some(day(5)));
        assert_eq!(memo.get(0, "2024-03-05"), None);
        assert_eq!(memo.get(2, "2024-03-06"), None);
        memo.put(2, "2024-03-06", day(6));
        assert_eq!(memo.get(2, "2024-03-05"), None);
        assert_eq!(memo.get(2, "2024-03-06"), Some(day(6)));
    }

    /// A repeated date reads as it did; a day that does not exist between two rows of the
    /// same day is still rejected with its value, and the rows after it read again.
    #[test]
    fn repeated_dates_read_the_same_and_a_bad_one_between_is_rejected() {
        let mut csv = String::from("date,score\n");
        for _ in 0..30 {
            csv.push_str("2024-03-05,9\n");
        }
        csv.push_str("2024-02-30,8\n2024-03-05,7\n2024-03-06,6\n2024-02-30,5\n2024-03-06,4\n");
        let t = survey(&csv);
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d);
        let dates: Vec<_> = t.rows.iter().map(|r| r.date).collect();
        assert_eq!(dates.len(), 33);
        assert!(dates[..31].iter().all(|d| *d == day(5)), "{dates:?}");
        assert_eq!(dates[31..], [day(6), day(6)]);
        let bad: Vec<_> = t.rejected.iter().map(|r| (r.line, r.reason.clone())).collect();
        let unreadable = RejectReason::DateUnreadable { value: "2024-02-30".into() };
        assert_eq!(bad, [(32, unreadable.clone()), (35, unreadable)]);
    }

    /// Segment values are coded in the order first seen, by comparison while there are few
    /// and by the index after: the codes read back as the (trimmed) values of every row.
    #[test]
    fn segment_codes_read_back_as_the_values_past_the_scan_limit() {
        let names: Vec<String> = (0..20).map(|i| format!("plan {}", (i * 7) % 20)).collect();
        let mut csv = String::from("score,segment\n");
        let mut written = Vec::new();
        for round in 0..3 {
            for (i, n) in names.iter().enumerate().take(5 + round * 6) {
                let v = if i % 4 == 0 { format!(" {n} ") } else { n.clone() };
                csv.push_str(&format!("{},{v}\n", i % 11));
                written.push(n.clone());
            }
        }
        csv.push_str("3,\n");
        written.push(String::new());
        let t = survey(&csv);
        let seg = &t.segments[0];
        let read: Vec<&str> = seg.codes.iter().map(|&c| seg.values[c as usize].as_str()).collect();
        assert_eq!(read, written);
        let mut first_seen: Vec<&str> = Vec::new();
        for w in &written {
            if !first_seen.contains(&w.as_str()) {
                first_seen.push(w);
            }
        }
        assert_eq!(seg.values, first_seen);
        assert!(seg.values.len() > SEGMENT_SCAN);
    }
}
