//! Typed datasets: what the import layer produces and the metric core consumes.
//!
//! One row type per dataset kind of `metrics.md`. Every row keeps the line it came from so
//! that a metric that rejects it can say where. Segment columns (any column that is not
//! mapped to a field) are stored column-wise and interned, so a million rows cost no
//! allocation per row.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};

use crate::i18n::Lang;

/// Money is summed exactly: a decimal, never a float.
pub type Money = Decimal;

/// A text value that repeats across rows (customer, user, account, feature, category): the
/// import interns it, so all rows naming the same customer share one allocation, and a row
/// holds a 16-byte pointer instead of a 24-byte `String` plus a heap block of its own.
/// `Arc` rather than `Rc` keeps datasets `Send + Sync` for the library's callers; the only
/// cost is one uncontended atomic increment per value at import.
pub type Name = Arc<str>;

/// The dataset kinds of the metric catalogue (sections 1–7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatasetKind {
    Survey,
    Subscriptions,
    Orders,
    Tickets,
    Usage,
    Funnel,
    Health,
}

impl DatasetKind {
    pub const ALL: [DatasetKind; 7] = [
        DatasetKind::Survey,
        DatasetKind::Subscriptions,
        DatasetKind::Orders,
        DatasetKind::Tickets,
        DatasetKind::Usage,
        DatasetKind::Funnel,
        DatasetKind::Health,
    ];

    /// The name used on the command line and in JSON (`"survey"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetKind::Survey => "survey",
            DatasetKind::Subscriptions => "subscriptions",
            DatasetKind::Orders => "orders",
            DatasetKind::Tickets => "tickets",
            DatasetKind::Usage => "usage",
            DatasetKind::Funnel => "funnel",
            DatasetKind::Health => "health",
        }
    }

    pub fn parse(s: &str) -> Option<DatasetKind> {
        DatasetKind::ALL.into_iter().find(|k| k.as_str() == s.trim().to_ascii_lowercase())
    }
}

/// Why a row (or one value of it) was not used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// A required value is empty.
    Missing,
    NotANumber {
        value: String,
    },
    NotAnInteger {
        value: String,
    },
    OutOfRange {
        value: f64,
        min: f64,
        max: f64,
    },
    Negative {
        value: String,
    },
    DateUnreadable {
        value: String,
    },
    NotABoolean {
        value: String,
    },
    UnknownInterval {
        value: String,
    },
    UnknownSurveyType {
        value: String,
    },
    EndBeforeStart,
    /// The row has a different number of fields than the header.
    FieldCount {
        expected: usize,
        found: usize,
    },
}

impl RejectReason {
    /// A short sentence in the UI's language.
    pub fn message(&self, lang: Lang) -> String {
        use RejectReason::*;
        match (self, lang) {
            (Missing, Lang::En) => "value is missing".into(),
            (Missing, Lang::De) => "Wert fehlt".into(),
            (NotANumber { value }, Lang::En) => format!("“{value}” is not a number"),
            (NotANumber { value }, Lang::De) => format!("„{value}“ ist keine Zahl"),
            (NotAnInteger { value }, Lang::En) => format!("“{value}” is not a whole number"),
            (NotAnInteger { value }, Lang::De) => format!("„{value}“ ist keine ganze Zahl"),
            (OutOfRange { value, min, max }, Lang::En) => {
                format!("{value} is outside the scale {min}–{max}")
            }
            (OutOfRange { value, min, max }, Lang::De) => {
                format!("{value} liegt außerhalb der Skala {min}–{max}")
            }
            (Negative { value }, Lang::En) => format!("“{value}” is negative"),
            (Negative { value }, Lang::De) => format!("„{value}“ ist negativ"),
            (DateUnreadable { value }, Lang::En) => format!("“{value}” is not a readable date"),
            (DateUnreadable { value }, Lang::De) => format!("„{value}“ ist kein lesbares Datum"),
            (NotABoolean { value }, Lang::En) => format!("“{value}” is not yes/no"),
            (NotABoolean { value }, Lang::De) => format!("„{value}“ ist nicht ja/nein"),
            (UnknownInterval { value }, Lang::En) => {
                format!("“{value}” is not a billing interval (month, year, week, day)")
            }
            (UnknownInterval { value }, Lang::De) => {
                format!("„{value}“ ist kein Abrechnungsintervall (Monat, Jahr, Woche, Tag)")
            }
            (UnknownSurveyType { value }, Lang::En) => {
                format!("“{value}” is not a survey type (nps, csat, ces)")
            }
            (UnknownSurveyType { value }, Lang::De) => {
                format!("„{value}“ ist kein Umfragetyp (nps, csat, ces)")
            }
            (EndBeforeStart, Lang::En) => "end date is before the start date".into(),
            (EndBeforeStart, Lang::De) => "Enddatum liegt vor dem Startdatum".into(),
            (FieldCount { expected, found }, Lang::En) => {
                format!("row has {found} fields, the header has {expected}")
            }
            (FieldCount { expected, found }, Lang::De) => {
                format!("Zeile hat {found} Felder, die Kopfzeile {expected}")
            }
        }
    }
}

/// A row that was not used: 1-based line in the source (the header is line 1), the column
/// (its header as written in the file) and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    pub line: usize,
    pub column: String,
    pub reason: RejectReason,
}

/// `reason` is the English sentence (what `kpi --json` promises); `detail` carries the
/// reason as data, so that a reader (the app, across its worker) can say it in German too.
impl Serialize for Rejected {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Rejected", 4)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.serialize_field("reason", &self.reason.message(Lang::En))?;
        st.serialize_field("detail", &self.reason)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Rejected {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            line: usize,
            column: String,
            detail: RejectReason,
        }
        let w = Wire::deserialize(d)?;
        Ok(Rejected { line: w.line, column: w.column, reason: w.detail })
    }
}

/// One unmapped column, usable to split every metric. `codes[i]` is row i's value as an
/// index into `values` (distinct values in order of first appearance; "" for empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SegmentColumn {
    pub name: String,
    pub values: Vec<String>,
    pub codes: Vec<u32>,
}

/// Rows of one kind, their segment columns (aligned with `rows`), the rows the import
/// rejected, and the header each mapped field was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Table<R> {
    pub rows: Vec<R>,
    pub segments: Vec<SegmentColumn>,
    pub rejected: Vec<Rejected>,
    /// Field key (`"score"`, `"mrr"` …) → the header as written in the file, so that a
    /// metric rejecting a value names the column the user knows (`Bewertung`).
    pub headers: Vec<(&'static str, String)>,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Table { rows: Vec::new(), segments: Vec::new(), rejected: Vec::new(), headers: Vec::new() }
    }
}

impl<R> Table<R> {
    /// The segment column named `name` (as written in the file).
    pub fn segment(&self, name: &str) -> Option<&SegmentColumn> {
        self.segments.iter().find(|s| s.name == name)
    }

    /// The header the field `key` was read from; the key itself when unknown.
    pub fn header<'a>(&'a self, key: &'a str) -> &'a str {
        self.headers.iter().find(|(k, _)| *k == key).map_or(key, |(_, h)| h.as_str())
    }
}

impl<R> Table<R> {
    /// Appends the next chunk of the same import (see `import::build::Builder::take`):
    /// rows and segment codes in order; segment values, rejections and headers, which only
    /// the last chunk carries, are taken when present.
    pub fn append(&mut self, next: Table<R>) {
        self.rows.extend(next.rows);
        if self.segments.is_empty() {
            self.segments = next.segments;
        } else {
            for (mine, theirs) in self.segments.iter_mut().zip(next.segments) {
                mine.codes.extend(theirs.codes);
                if !theirs.values.is_empty() {
                    mine.values = theirs.values;
                }
            }
        }
        self.rejected.extend(next.rejected);
        if !next.headers.is_empty() {
            self.headers = next.headers;
        }
    }
}

// ---- 1. Survey responses -------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurveyType {
    Nps,
    Csat,
    Ces,
}

impl SurveyType {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyType::Nps => "nps",
            SurveyType::Csat => "csat",
            SurveyType::Ces => "ces",
        }
    }
}

/// One answer. `score` is the number as read (range checks belong to the metric, which
/// knows the scale).
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyResponse {
    pub line: usize,
    pub score: f64,
    pub date: Option<NaiveDate>,
    pub survey: Option<SurveyType>,
    pub customer: Option<Name>,
    pub comment: Option<String>,
}

// ---- 2. Subscriptions ----------------------------------------------------------------

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1–12
    pub month: u32,
}

/// Snapshot shape: the MRR of one customer in one month.
#[derive(Clone, Debug, PartialEq)]
pub struct MrrSnapshot {
    pub line: usize,
    pub customer: Name,
    pub month: Month,
    pub mrr: Money,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntervalUnit {
    Day,
    Week,
    Month,
    Year,
}

/// A billing interval: `count` units (Stripe's `interval_count`), at least 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BillingInterval {
    pub unit: IntervalUnit,
    pub count: u32,
}

/// Subscription shape, as billing systems export it. `end` is the cancellation or end date;
/// `None` means still active.
#[derive(Clone, Debug, PartialEq)]
pub struct SubscriptionRow {
    pub line: usize,
    pub customer: Name,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub amount: Money,
    pub interval: BillingInterval,
    pub quantity: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Subscriptions {
    Snapshots(Table<MrrSnapshot>),
    Rows(Table<SubscriptionRow>),
}

// ---- 3. Orders -----------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub line: usize,
    pub customer: Name,
    pub date: NaiveDate,
    pub amount: Money,
}

// ---- 4. Support tickets --------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub line: usize,
    /// Unique per row, so not a [`Name`]: a boxed `str` is 8 bytes smaller than a `String`.
    pub ticket: Box<str>,
    pub created: NaiveDateTime,
    pub customer: Option<Name>,
    pub first_response: Option<NaiveDateTime>,
    pub resolved: Option<NaiveDateTime>,
    pub contacts: Option<u32>,
    pub first_contact_resolved: Option<bool>,
    pub category: Option<Name>,
    pub score: Option<f64>,
}

// ---- 5. Product usage ----------------------------------------------------------------

/// One event or session. `seats` and `signup` describe the account and may repeat on
/// every row of it.
#[derive(Clone, Debug, PartialEq)]
pub struct UsageEvent {
    pub line: usize,
    pub user: Name,
    pub timestamp: NaiveDateTime,
    pub account: Option<Name>,
    pub feature: Option<Name>,
    pub duration_minutes: Option<f64>,
    pub seats: Option<u32>,
    pub signup: Option<NaiveDate>,
}

// ---- 6. Funnel and acquisition -------------------------------------------------------

/// Totals, typed in (one row) or one row per period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FunnelRow {
    pub line: usize,
    pub date: Option<NaiveDate>,
    pub visitors: Option<f64>,
    pub conversions: Option<f64>,
    pub carts_created: Option<f64>,
    pub purchases_completed: Option<f64>,
    pub page_views: Option<f64>,
    pub visits: Option<f64>,
    pub marketing_spend: Option<Money>,
    pub sales_spend: Option<Money>,
    pub new_customers: Option<f64>,
}

// ---- 7. Customer health --------------------------------------------------------------

/// One customer's signals; `values[i]` belongs to `HealthTable::signals[i]`.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthRow {
    pub line: usize,
    pub customer: Name,
    pub values: Vec<Option<f64>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HealthTable {
    /// Names of the numeric columns, as written in the file.
    pub signals: Vec<String>,
    pub table: Table<HealthRow>,
}

/// A typed dataset of one kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Dataset {
    Survey(Table<SurveyResponse>),
    Subscriptions(Subscriptions),
    Orders(Table<Order>),
    Tickets(Table<Ticket>),
    Usage(Table<UsageEvent>),
    Funnel(Table<FunnelRow>),
    Health(HealthTable),
}

impl Dataset {
    /// Appends the next chunk of the same import ([`Table::append`]). A chunk of another
    /// kind (which one import never yields) is handed back.
    pub fn append(&mut self, next: Dataset) -> Result<(), Dataset> {
        use Subscriptions::{Rows, Snapshots};
        match (self, next) {
            (Dataset::Survey(a), Dataset::Survey(b)) => a.append(b),
            (Dataset::Subscriptions(Snapshots(a)), Dataset::Subscriptions(Snapshots(b))) => {
                a.append(b)
            }
            (Dataset::Subscriptions(Rows(a)), Dataset::Subscriptions(Rows(b))) => a.append(b),
            (Dataset::Orders(a), Dataset::Orders(b)) => a.append(b),
            (Dataset::Tickets(a), Dataset::Tickets(b)) => a.append(b),
            (Dataset::Usage(a), Dataset::Usage(b)) => a.append(b),
            (Dataset::Funnel(a), Dataset::Funnel(b)) => a.append(b),
            (Dataset::Health(a), Dataset::Health(b)) => {
                a.table.append(b.table);
                if !b.signals.is_empty() {
                    a.signals = b.signals;
                }
            }
            (_, other) => return Err(other),
        }
        Ok(())
    }

    pub fn kind(&self) -> DatasetKind {
        match self {
            Dataset::Survey(_) => DatasetKind::Survey,
            Dataset::Subscriptions(_) => DatasetKind::Subscriptions,
            Dataset::Orders(_) => DatasetKind::Orders,
            Dataset::Tickets(_) => DatasetKind::Tickets,
            Dataset::Usage(_) => DatasetKind::Usage,
            Dataset::Funnel(_) => DatasetKind::Funnel,
            Dataset::Health(_) => DatasetKind::Health,
        }
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// Bytes per kept row (64-bit). A million-row import keeps a million of these, so a
    /// field that grows a row shows here first. Before interning ([`Name`]), each name
    /// field was a 24-byte `String` plus a heap block of its own (≥ 32 bytes with glibc):
    /// Order 56, SubscriptionRow 80, MrrSnapshot 56, Ticket 144, UsageEvent 120,
    /// HealthRow 56, SurveyResponse 72, FunnelRow unchanged. A `Name` is 16 bytes and
    /// shared; the ticket id, unique, is a `Box<str>` (16 bytes, its own block). (rustc already orders fields to avoid padding: declaration order is free.)
    #[test]
    fn row_sizes() {
        let sizes = [
            ("Order", size_of::<Order>()),
            ("SubscriptionRow", size_of::<SubscriptionRow>()),
            ("MrrSnapshot", size_of::<MrrSnapshot>()),
            ("Ticket", size_of::<Ticket>()),
            ("UsageEvent", size_of::<UsageEvent>()),
            ("FunnelRow", size_of::<FunnelRow>()),
            ("HealthRow", size_of::<HealthRow>()),
            ("SurveyResponse", size_of::<SurveyResponse>()),
        ];
        let expected = [
            ("Order", 48),
            ("SubscriptionRow", 72),
            ("MrrSnapshot", 48),
            ("Ticket", 120),
            ("UsageEvent", 96),
            ("FunnelRow", 168),
            ("HealthRow", 48),
            ("SurveyResponse", 64),
        ];
        assert_eq!(sizes, expected);
        assert_eq!(size_of::<Name>(), 16);
        assert_eq!(size_of::<Option<Name>>(), 16);
    }
}
