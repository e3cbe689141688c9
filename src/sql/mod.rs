//! The catalogue's metrics as one SQL script, for data that lives in a warehouse or a data
//! lake: from a kind, a dialect, a table, the column mapping (field → column, as the
//! import names fields) and the catalogue's options, [`generate`] writes a single `SELECT`
//! that returns one row for the whole range (`scope = 'total'`), one per period
//! (`scope = 'period'`, every period from the first to the last, as `kpi --json` lists
//! them) and one per segment value (`scope = 'segment'`). The other columns are named
//! like the keys of `kpi --json`, so both results can be compared key by key
//! (tests/sql/ does, on DuckDB and on Spark).
//!
//! The table is expected typed, as a warehouse holds it: scores and amounts numeric, dates
//! `DATE` or `TIMESTAMP`, the rest text. What the import rejects at the metric level
//! (scores outside their scale, negative amounts, an end before the start) the script
//! leaves out the same way; undefined ratios are NULL (`NULLIF`), never a division error;
//! money is summed as DECIMAL and only ratios are computed in floating point.
//!
//! Pure code: no browser types; the app shows the same script ("Show as SQL").

pub mod cli;
mod dated;
mod dialect;
mod orders;
mod subscriptions;
mod survey;
mod tickets;
mod usage;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dataset::DatasetKind;
use crate::i18n::Lang;
use crate::import::Field;
use crate::metrics::MetricOptions;
use crate::metrics::PeriodKind;

pub use dialect::Dialect;

/// Which of the two subscription shapes the table has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriptionShape {
    /// `customer`, `month`, `mrr`.
    Snapshots,
    /// `customer`, `start`, `end`/`canceled`, `amount`, `interval` …
    Rows,
}

/// Everything a script is made from. Serde: the app sends it to the SQL generator's own
/// wasm (src/bin/extras.rs), which it fetches only when "Show as SQL" is opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SqlRequest {
    pub kind: DatasetKind,
    pub dialect: Dialect,
    /// Table name, optionally qualified (`db.schema.table`).
    pub table: String,
    /// Field → column name in the table.
    pub columns: Vec<(Field, String)>,
    /// Column to split every metric by.
    pub segment: Option<String>,
    pub period: PeriodKind,
    pub options: MetricOptions,
    /// Only rows from this day on (`--from`); alone, the range ends at the data's last day.
    pub from: Option<NaiveDate>,
    /// Only rows up to this day (`--to`); alone, the range starts at the data's first day.
    pub to: Option<NaiveDate>,
}

impl SqlRequest {
    /// The column mapped to `f`.
    pub fn column(&self, f: Field) -> Option<&str> {
        self.columns.iter().rev().find(|(g, _)| *g == f).map(|(_, c)| c.as_str())
    }

    /// The quoted column mapped to `f`.
    fn col(&self, f: Field) -> Option<String> {
        self.column(f).map(|c| self.dialect.ident(c))
    }

    /// The quoted column mapped to a required field.
    fn required(&self, f: Field) -> Result<String, SqlError> {
        self.col(f).ok_or(SqlError::MissingColumn { kind: self.kind, field: f })
    }

    /// The subscription shape the mapping describes.
    pub fn shape(&self) -> Option<SubscriptionShape> {
        if self.column(Field::Start).is_some() && self.column(Field::Amount).is_some() {
            Some(SubscriptionShape::Rows)
        } else if self.column(Field::Month).is_some() && self.column(Field::Mrr).is_some() {
            Some(SubscriptionShape::Snapshots)
        } else {
            None
        }
    }
}

/// Why no script can be written.
#[derive(Clone, Debug, PartialEq)]
pub enum SqlError {
    /// The kind has no SQL version (yet).
    UnsupportedKind(DatasetKind),
    /// A field the metrics need is not mapped to a column.
    MissingColumn { kind: DatasetKind, field: Field },
    /// Subscriptions: neither `start` + `amount` nor `month` + `mrr` are mapped.
    NoSubscriptionShape,
    /// A table name that is not a name (empty, or with `;` or a line break).
    BadTableName(String),
    /// `--from/--to` for a kind whose script has no range yet (subscriptions).
    RangeUnsupported(DatasetKind),
}

impl SqlError {
    /// One sentence for the user.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SqlError::UnsupportedKind(k), Lang::En) => {
                format!("There is no SQL version of the {} metrics yet.", k.as_str())
            }
            (SqlError::UnsupportedKind(k), Lang::De) => {
                format!("Für die Kennzahlen „{}“ gibt es noch keine SQL-Fassung.", k.as_str())
            }
            (SqlError::MissingColumn { field, .. }, Lang::En) => format!(
                "No column is mapped to “{}”: give it with --column {}=COLUMN.",
                field.key(),
                field.key()
            ),
            (SqlError::MissingColumn { field, .. }, Lang::De) => format!(
                "Dem Feld „{}“ ist keine Spalte zugeordnet: mit --column {}=SPALTE angeben.",
                field.key(),
                field.key()
            ),
            (SqlError::NoSubscriptionShape, Lang::En) => "Subscriptions need either start and amount (subscription rows) or month and mrr (monthly snapshots) mapped to columns.".into(),
            (SqlError::NoSubscriptionShape, Lang::De) => "Abonnements brauchen entweder Beginn und Betrag (Abo-Zeilen) oder Monat und MRR (Monatswerte) als Spalten.".into(),
            (SqlError::BadTableName(t), Lang::En) => format!("“{t}” is not a table name."),
            (SqlError::BadTableName(t), Lang::De) => format!("„{t}“ ist kein Tabellenname."),
            (SqlError::RangeUnsupported(k), Lang::En) => format!(
                "The SQL version of the {} metrics has no date range yet: leave out --from and --to.",
                k.as_str()
            ),
            (SqlError::RangeUnsupported(k), Lang::De) => format!(
                "Die SQL-Fassung der Kennzahlen „{}“ kennt noch keinen Zeitraum: --from und --to weglassen.",
                k.as_str()
            ),
        }
    }
}

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SqlError {}

/// The kinds [`generate`] writes scripts for.
pub const SQL_KINDS: [DatasetKind; 5] = [
    DatasetKind::Survey,
    DatasetKind::Subscriptions,
    DatasetKind::Orders,
    DatasetKind::Tickets,
    DatasetKind::Usage,
];

/// The script for `req` (see the module documentation for its result).
pub fn generate(req: &SqlRequest) -> Result<String, SqlError> {
    let t = req.table.trim();
    if t.is_empty() || t.contains([';', '\n', '\r']) {
        return Err(SqlError::BadTableName(req.table.clone()));
    }
    let body = match req.kind {
        DatasetKind::Survey => survey::script(req)?,
        DatasetKind::Subscriptions if req.from.is_some() || req.to.is_some() => {
            return Err(SqlError::RangeUnsupported(req.kind))
        }
        DatasetKind::Subscriptions => subscriptions::script(req)?,
        DatasetKind::Orders => orders::script(req)?,
        DatasetKind::Tickets => tickets::script(req)?,
        DatasetKind::Usage => usage::script(req)?,
        k => return Err(SqlError::UnsupportedKind(k)),
    };
    Ok(format!("{}{}\n", header(req), body))
}

/// The comment at the top of a script: what it computes, from what, with which options.
fn header(req: &SqlRequest) -> String {
    let mut s = format!(
        "-- kundenkpi: {} metrics of {} as SQL ({}), per {}{}.\n",
        req.kind.as_str(),
        req.table,
        req.dialect.as_str(),
        req.period.as_str(),
        req.segment.as_deref().map(|c| format!(" and per value of {c}")).unwrap_or_default()
    );
    if req.from.is_some() || req.to.is_some() {
        let end = |d: Option<NaiveDate>, open: &str| d.map_or(open.to_string(), |d| d.to_string());
        s.push_str(&format!(
            "-- Rows from {} to {}.\n",
            end(req.from, "the data's first day"),
            end(req.to, "the data's last day")
        ));
    }
    s.push_str("-- Columns mapped: ");
    s.push_str(
        &req.columns.iter().map(|(f, c)| format!("{}={c}", f.key())).collect::<Vec<_>>().join(", "),
    );
    s.push_str(
        ".\n-- One row with scope 'total', one per period ('period'), one per segment value\n\
         -- ('segment'); the other columns are the keys of `kpi --json` (definitions:\n\
         -- the metric catalogue). Undefined ratios are NULL.\n",
    );
    s
}

/// `100·a/b` in floating point, NULL when b = 0.
fn pct(d: Dialect, a: &str, b: &str) -> String {
    format!("100 * {} / NULLIF({}, 0)", d.f(a), d.f(b))
}

/// `a/b` in floating point, NULL when b = 0.
fn ratio(d: Dialect, a: &str, b: &str) -> String {
    format!("{} / NULLIF({}, 0)", d.f(a), d.f(b))
}

/// The smaller of a and b, NULL when a is NULL (`LEAST` skips NULLs in some engines and
/// not in others).
fn least(a: &str, b: &str) -> String {
    format!("CASE WHEN ({a}) > ({b}) THEN ({b}) ELSE ({a}) END")
}

/// The larger of a and b, NULL when a is NULL.
fn greatest(a: &str, b: &str) -> String {
    format!("CASE WHEN ({a}) < ({b}) THEN ({b}) ELSE ({a}) END")
}

/// The Wilson interval (95 %) of `sat` successes out of `n`, ·100, as
/// `metrics::stats::wilson`: (low, high), NULL when n = 0.
fn wilson_pct(d: Dialect, sat: &str, n: &str) -> (String, String) {
    let cn = format!("NULLIF({}, 0)", d.f(n));
    let z = d.f("1.96");
    let ps = format!("({} / {cn})", d.f(sat));
    let denom = format!("(1 + {z} * {z} / {cn})");
    let centre = format!("(({ps} + {z} * {z} / (2 * {cn})) / {denom})");
    let spread =
        greatest(&format!("{ps} * (1 - {ps}) / {cn} + {z} * {z} / (4 * {cn} * {cn})"), "0");
    let half = format!("({z} / {denom} * SQRT({spread}))");
    (
        format!("100 * {}", greatest(&format!("{centre} - {half}"), "0")),
        format!("100 * {}", least(&format!("{centre} + {half}"), "1")),
    )
}

/// The output column list `expr AS "key"` joined by commas and line breaks.
fn select_list(d: Dialect, cols: &[(String, String)]) -> String {
    cols.iter().map(|(k, e)| format!("  {e} AS {}", d.ident(k))).collect::<Vec<_>>().join(",\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey_request(d: Dialect) -> SqlRequest {
        SqlRequest {
            kind: DatasetKind::Survey,
            dialect: d,
            table: "answers".into(),
            columns: vec![(Field::Score, "Bewertung".into()), (Field::Date, "Datum".into())],
            segment: Some("Plan".into()),
            period: PeriodKind::Month,
            options: MetricOptions::default(),
            from: None,
            to: None,
        }
    }

    #[test]
    fn a_kind_without_sql_and_a_missing_column_say_so() {
        let mut r = survey_request(Dialect::Duckdb);
        r.kind = DatasetKind::Funnel;
        assert_eq!(generate(&r), Err(SqlError::UnsupportedKind(DatasetKind::Funnel)));
        let mut r = survey_request(Dialect::Duckdb);
        r.columns.retain(|c| c.0 != Field::Score);
        let e = generate(&r).unwrap_err();
        assert_eq!(e, SqlError::MissingColumn { kind: DatasetKind::Survey, field: Field::Score });
        assert!(e.message(Lang::De).contains("--column score=SPALTE"));
        let mut r = survey_request(Dialect::Duckdb);
        r.table = "x; DROP TABLE y".into();
        assert!(matches!(generate(&r), Err(SqlError::BadTableName(_))));
    }

    #[test]
    fn columns_are_quoted_for_each_dialect() {
        let sql = generate(&survey_request(Dialect::Spark)).unwrap();
        assert!(sql.contains("`Bewertung`") && sql.contains("`answers`"));
        assert!(sql.contains("AS `nps_adj_ci95_high`"));
        let sql = generate(&survey_request(Dialect::Postgres)).unwrap();
        assert!(sql.contains("\"Bewertung\"") && sql.contains("AS \"nps_moe95\""));
    }

    fn tickets_request(d: Dialect) -> SqlRequest {
        SqlRequest {
            kind: DatasetKind::Tickets,
            dialect: d,
            table: "support.tickets".into(),
            columns: vec![
                (Field::Created, "Erstellt am".into()),
                (Field::Resolved, "Gelöst am".into()),
                (Field::FirstResponse, "First reply time in minutes".into()),
            ],
            segment: None,
            period: PeriodKind::Week,
            options: MetricOptions::default(),
            from: None,
            to: None,
        }
    }

    #[test]
    fn durations_use_each_engines_exact_linear_percentile() {
        let expect = [
            (Dialect::Duckdb, "quantile_cont(x, 0.9)"),
            (Dialect::Spark, "percentile(x, 0.9)"),
            (Dialect::Postgres, "percentile_cont(0.9) WITHIN GROUP (ORDER BY x)"),
            (Dialect::Snowflake, "percentile_cont(0.9) WITHIN GROUP (ORDER BY x)"),
            (Dialect::Bigquery, "PERCENTILE_CONT(x, 0.9) OVER (PARTITION BY scope, pk, seg)"),
        ];
        for (d, p90) in expect {
            let sql = generate(&tickets_request(d)).unwrap();
            assert!(sql.contains(p90), "{d:?}: {p90}");
            assert!(!sql.contains("approx"), "{d:?}: never an approximate percentile");
        }
        // a resolved timestamp is a difference of times, minutes since creation are read
        // as elapsed time (whole seconds, as the import)
        let sql = generate(&tickets_request(Dialect::Duckdb)).unwrap();
        assert!(sql.contains("date_diff('second', CAST(\"Erstellt am\" AS TIMESTAMP), CAST(\"Gelöst am\" AS TIMESTAMP))"));
        assert!(sql.contains(
            "ROUND(CAST(\"First reply time in minutes\" AS DOUBLE) * CAST(60.0 AS DOUBLE))"
        ));
    }

    #[test]
    fn orders_tickets_and_usage_name_their_missing_fields_and_keep_money_exact() {
        let mut r = tickets_request(Dialect::Spark);
        r.kind = DatasetKind::Orders;
        let e = generate(&r).unwrap_err();
        assert_eq!(
            e,
            SqlError::MissingColumn { kind: DatasetKind::Orders, field: Field::Customer }
        );
        r.columns = vec![
            (Field::Customer, "Kunde".into()),
            (Field::Date, "Datum".into()),
            (Field::Amount, "Betrag".into()),
        ];
        let sql = generate(&r).unwrap();
        assert!(sql.contains("CAST(`Betrag` AS DECIMAL(30, 10)) AS amount"));
        assert!(sql.contains("SUM(amount) AS revenue"));
        let mut r = tickets_request(Dialect::Postgres);
        r.kind = DatasetKind::Usage;
        assert_eq!(
            generate(&r),
            Err(SqlError::MissingColumn { kind: DatasetKind::Usage, field: Field::User })
        );
    }

    #[test]
    fn a_range_filters_the_rows_and_closes_an_open_end_at_the_data() {
        let mut r = tickets_request(Dialect::Duckdb);
        r.from = NaiveDate::from_ymd_opt(2024, 2, 1);
        let sql = generate(&r).unwrap();
        assert!(sql.contains("dt >= DATE '2024-02-01'"));
        assert!(sql.contains("-- Rows from 2024-02-01 to the data's last day.\n"));
        assert!(sql.contains("SELECT DATE '2024-02-01' AS lo, last_d AS hi"));
        r.kind = DatasetKind::Subscriptions;
        let e = generate(&r).unwrap_err();
        assert_eq!(e, SqlError::RangeUnsupported(DatasetKind::Subscriptions));
        assert!(e.message(Lang::De).contains("--from und --to weglassen"));
    }
}
