//! Records → typed rows of the planned kind, or a rejection with line, column and reason.
//!
//! A row is used whole or not at all: the first value that cannot be read rejects it (an
//! optional value that is present but unreadable also rejects it, so that nothing is
//! silently dropped). Unmapped columns become interned segment columns.

use std::collections::{HashMap, HashSet};

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
    fn field(&self, i: usize) -> &str {
        self.get(i)
    }
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
type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<Fnv>>;

/// The distinct text values of the rows' name fields (customer, user, account, feature,
/// category): one allocation per distinct value, shared by every row that names it. One
/// set for all fields: a customer id that is also an account id is stored once. It lives
/// as long as the import, so survey respondents, whose rows are dropped as they stream by,
/// are not put in it.
#[derive(Default)]
struct Names(FastSet<Name>);

impl Names {
    fn get(&mut self, v: &str) -> Name {
        if let Some(n) = self.0.get(v) {
            return Name::clone(n);
        }
        let n: Name = v.into();
        self.0.insert(Name::clone(&n));
        n
    }
}

/// A segment column being filled: distinct values interned.
struct SegmentBuilder {
    column: usize,
    col: SegmentColumn,
    index: FastMap<Box<str>, u32>,
}

impl SegmentBuilder {
    fn push(&mut self, v: &str) {
        let v = value::trim(v);
        let code = match self.index.get(v) {
            Some(&c) => c,
            None => {
                let c = u32::try_from(self.col.values.len()).unwrap_or(u32::MAX);
                self.col.values.push(v.to_owned());
                self.index.insert(v.into(), c);
                c
            }
        };
        self.col.codes.push(code);
    }
}

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
            reader: Reader { plan, cols, names: Names::default() },
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
                codes: std::mem::take(&mut s.col.codes),
            })
            .collect();
        fn part<R>(rows: &mut Vec<R>, segments: Vec<SegmentColumn>) -> Table<R> {
            Table {
                rows: std::mem::take(rows),
                segments,
                rejected: Vec::new(),
                headers: Vec::new(),
            }
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

    fn raw<'a, F: Fields + ?Sized>(&self, rec: &'a F, f: Field) -> Option<(usize, &'a str)> {
        let i = self.cols.get(f)?;
        let v = value::trim(rec.field(i));
        (!v.is_empty()).then_some((i, v))
    }

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

    fn datetime_at(&self, i: usize, v: &str) -> Result<NaiveDateTime, Reject> {
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
