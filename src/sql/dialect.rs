//! What differs between the SQL engines the scripts are written for: quoting, types, day
//! arithmetic, ISO weeks, integer series and regular expressions. Everything else in the
//! generated scripts is the common subset (CTEs, window functions, `CASE`, `NULLIF`).
//! docs/sql.md lists the differences with the reasons.

use serde::{Deserialize, Serialize};

/// A SQL engine the scripts are written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Duckdb,
    Spark,
    Bigquery,
    Snowflake,
    Postgres,
}

/// The Monday every week key counts from (ISO weeks start on Monday).
const EPOCH_MONDAY: &str = "1970-01-05";

impl Dialect {
    pub const ALL: [Dialect; 5] =
        [Dialect::Duckdb, Dialect::Spark, Dialect::Bigquery, Dialect::Snowflake, Dialect::Postgres];

    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Postgres => "postgres",
        }
    }

    /// The name as users write it (also `databricks`, `postgresql`, `redshift`-free).
    pub fn parse(s: &str) -> Option<Dialect> {
        match s.trim().to_ascii_lowercase().as_str() {
            "duckdb" => Some(Dialect::Duckdb),
            "spark" | "sparksql" | "databricks" => Some(Dialect::Spark),
            "bigquery" | "bq" => Some(Dialect::Bigquery),
            "snowflake" => Some(Dialect::Snowflake),
            "postgres" | "postgresql" | "pg" => Some(Dialect::Postgres),
            _ => None,
        }
    }

    /// A quoted identifier (column or alias) with the quote character doubled inside.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A table name, each dot-separated part quoted (`db.schema.table`).
    pub fn table(self, name: &str) -> String {
        name.split('.').map(|p| self.ident(p.trim())).collect::<Vec<_>>().join(".")
    }

    /// A string literal.
    pub fn lit(self, s: &str) -> String {
        match self {
            Dialect::Spark | Dialect::Bigquery => {
                format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            _ => format!("'{}'", s.replace('\'', "''")),
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Dialect::Spark | Dialect::Bigquery => "STRING",
            _ => "VARCHAR",
        }
    }

    pub fn double(self) -> &'static str {
        match self {
            Dialect::Bigquery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    /// Exact money: 10 places after the point (the catalogue normalises amounts to 10
    /// places) and 20 before, so that sums and differences stay below 38 digits, where
    /// Spark would start dropping places. BigQuery's NUMERIC keeps only 9 places, so
    /// BIGNUMERIC there.
    pub fn money(self) -> &'static str {
        match self {
            Dialect::Bigquery => "BIGNUMERIC(30, 10)",
            Dialect::Snowflake => "NUMBER(30, 10)",
            _ => "DECIMAL(30, 10)",
        }
    }

    /// A decimal type of the given precision and scale.
    pub fn decimal(self, p: u32, s: u32) -> String {
        match self {
            Dialect::Bigquery => format!("BIGNUMERIC({p}, {s})"),
            Dialect::Snowflake => format!("NUMBER({p}, {s})"),
            _ => format!("DECIMAL({p}, {s})"),
        }
    }

    pub fn bigint(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    /// `expr` as a double.
    pub fn f(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.double())
    }

    /// A whole number floor(a / b) for b > 0, as BIGINT.
    pub fn floor_div(self, a: &str, b: i64) -> String {
        format!("CAST(FLOOR(({a}) / {b}.0) AS {})", self.bigint())
    }

    /// Days from the epoch Monday to the date `d`.
    fn epoch_days(self, d: &str) -> String {
        let e = EPOCH_MONDAY;
        match self {
            Dialect::Duckdb => format!("date_diff('day', DATE '{e}', {d})"),
            Dialect::Spark => format!("datediff({d}, DATE '{e}')"),
            Dialect::Bigquery => format!("DATE_DIFF({d}, DATE '{e}', DAY)"),
            Dialect::Snowflake => format!("DATEDIFF(day, DATE '{e}', {d})"),
            Dialect::Postgres => format!("({d} - DATE '{e}')"),
        }
    }

    /// The date `days` days after the epoch Monday.
    fn epoch_plus(self, days: &str) -> String {
        let e = EPOCH_MONDAY;
        match self {
            Dialect::Duckdb => format!("(DATE '{e}' + CAST({days} AS INTEGER))"),
            Dialect::Spark => format!("date_add(DATE '{e}', CAST({days} AS INT))"),
            Dialect::Bigquery => format!("DATE_ADD(DATE '{e}', INTERVAL {days} DAY)"),
            Dialect::Snowflake => format!("DATEADD(day, {days}, DATE '{e}')"),
            Dialect::Postgres => format!("(DATE '{e}' + CAST({days} AS INTEGER))"),
        }
    }

    /// The Monday of the week with key `k`.
    pub fn week_start(self, k: &str) -> String {
        self.epoch_plus(&format!("({k}) * 7"))
    }

    /// Days from the date `a` to the date `b` (b − a).
    pub fn days_between(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Duckdb => format!("date_diff('day', {a}, {b})"),
            Dialect::Spark => format!("datediff({b}, {a})"),
            Dialect::Bigquery => format!("DATE_DIFF({b}, {a}, DAY)"),
            Dialect::Snowflake => format!("DATEDIFF(day, {a}, {b})"),
            Dialect::Postgres => format!("({b} - {a})"),
        }
    }

    /// Whole seconds from the timestamp `a` to the timestamp `b`.
    pub fn seconds_between(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Duckdb => format!("date_diff('second', {a}, {b})"),
            Dialect::Spark => format!("(unix_timestamp({b}) - unix_timestamp({a}))"),
            Dialect::Bigquery => format!("TIMESTAMP_DIFF({b}, {a}, SECOND)"),
            Dialect::Snowflake => format!("DATEDIFF(second, {a}, {b})"),
            Dialect::Postgres => format!("TRUNC(EXTRACT(EPOCH FROM ({b} - {a})))"),
        }
    }

    /// The date `n` days after the date `d` (n may be negative).
    pub fn add_days(self, d: &str, n: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("({d} + CAST({n} AS INTEGER))"),
            Dialect::Spark => format!("date_add({d}, CAST({n} AS INT))"),
            Dialect::Bigquery => format!("DATE_ADD({d}, INTERVAL {n} DAY)"),
            Dialect::Snowflake => format!("DATEADD(day, {n}, {d})"),
        }
    }

    /// The first day of the month with key `k` (year·12 + month − 1).
    pub fn month_start(self, k: &str) -> String {
        let y = self.floor_div(k, 12);
        let m = format!("(({k}) - 12 * {y} + 1)");
        match self {
            Dialect::Bigquery => format!("DATE({y}, {m}, 1)"),
            Dialect::Snowflake => format!("DATE_FROM_PARTS({y}, {m}, 1)"),
            _ => format!("make_date(CAST({y} AS INT), CAST({m} AS INT), 1)"),
        }
    }

    /// The `q` quantile (0–1) of `x` over a group, linear between the closest ranks
    /// (numpy's default), as an aggregate; `None` where the engine has it only as a window
    /// function (BigQuery's `PERCENTILE_CONT`, see [`Dialect::percentile_window`]).
    pub fn percentile(self, x: &str, q: f64) -> Option<String> {
        match self {
            Dialect::Duckdb => Some(format!("quantile_cont({x}, {q})")),
            // exact (not percentile_approx), linear between ranks
            Dialect::Spark => Some(format!("percentile({x}, {q})")),
            Dialect::Snowflake | Dialect::Postgres => {
                Some(format!("percentile_cont({q}) WITHIN GROUP (ORDER BY {x})"))
            }
            Dialect::Bigquery => None,
        }
    }

    /// The `q` quantile of `x` over the rows of a partition, as a window function.
    pub fn percentile_window(self, x: &str, q: f64, partition: &str) -> String {
        format!("PERCENTILE_CONT({x}, {q}) OVER (PARTITION BY {partition})")
    }

    /// Month key of a date: year·12 + month − 1 (as `PeriodKind::Month.key`).
    pub fn month_key(self, d: &str) -> String {
        format!(
            "CAST(EXTRACT(YEAR FROM {d}) * 12 + EXTRACT(MONTH FROM {d}) - 1 AS {})",
            self.bigint()
        )
    }

    /// Quarter key of a date: year·4 + quarter − 1.
    pub fn quarter_key(self, d: &str) -> String {
        format!(
            "CAST(EXTRACT(YEAR FROM {d}) * 4 + EXTRACT(QUARTER FROM {d}) - 1 AS {})",
            self.bigint()
        )
    }

    /// Week key of a date: whole weeks since the epoch Monday (consecutive ISO weeks differ
    /// by one; the label is made from the week's Monday).
    pub fn week_key(self, d: &str) -> String {
        self.floor_div(&self.epoch_days(d), 7)
    }

    /// ISO year and ISO week number of a date.
    fn iso_year_week(self, d: &str) -> (String, String) {
        match self {
            Dialect::Duckdb => (format!("isoyear({d})"), format!("weekofyear({d})")),
            Dialect::Spark => (format!("EXTRACT(YEAROFWEEK FROM {d})"), format!("weekofyear({d})")),
            Dialect::Bigquery => {
                (format!("EXTRACT(ISOYEAR FROM {d})"), format!("EXTRACT(ISOWEEK FROM {d})"))
            }
            Dialect::Snowflake => (format!("YEAROFWEEKISO({d})"), format!("WEEKISO({d})")),
            Dialect::Postgres => {
                (format!("EXTRACT(ISOYEAR FROM {d})"), format!("EXTRACT(WEEK FROM {d})"))
            }
        }
    }

    /// An integer as text, left-padded with zeros to `width`.
    fn padded(self, n: &str, width: u32) -> String {
        format!("LPAD(CAST(CAST({n} AS {}) AS {}), {width}, '0')", self.bigint(), self.text())
    }

    /// "2024-03" of a month key.
    pub fn month_label(self, k: &str) -> String {
        let y = self.floor_div(k, 12);
        format!(
            "{} || '-' || {}",
            self.padded(&y, 4),
            self.padded(&format!("({k}) - 12 * {y} + 1"), 2)
        )
    }

    /// "2024-Q1" of a quarter key.
    pub fn quarter_label(self, k: &str) -> String {
        let y = self.floor_div(k, 4);
        format!(
            "{} || '-Q' || CAST(CAST(({k}) - 4 * {y} + 1 AS {}) AS {})",
            self.padded(&y, 4),
            self.bigint(),
            self.text()
        )
    }

    /// "2024-W09" (ISO week-numbering year) of a week key.
    pub fn week_label(self, k: &str) -> String {
        let monday = self.epoch_plus(&format!("({k}) * 7"));
        let (y, w) = self.iso_year_week(&monday);
        format!("{} || '-W' || {}", self.padded(&y, 4), self.padded(&w, 2))
    }

    /// `SELECT cols, k FROM from_ WHERE lo <= hi`, one row per integer k from lo to hi
    /// (inclusive) of each row of `from_`. `cols` may be empty.
    pub fn series(self, cols: &str, from_: &str, lo: &str, hi: &str) -> String {
        let c = if cols.trim().is_empty() { String::new() } else { format!("{cols}, ") };
        let b = self.bigint();
        // the guard also keeps Spark's sequence() from counting down
        let guard = format!("WHERE ({lo}) <= ({hi})");
        match self {
            Dialect::Duckdb => format!(
                "SELECT {c}UNNEST(generate_series(CAST({lo} AS {b}), CAST({hi} AS {b}))) AS k FROM {from_} {guard}"
            ),
            Dialect::Spark => format!(
                "SELECT {c}explode(sequence(CAST({lo} AS {b}), CAST({hi} AS {b}))) AS k FROM {from_} {guard}"
            ),
            Dialect::Bigquery => format!(
                "SELECT {c}k FROM {from_} CROSS JOIN UNNEST(GENERATE_ARRAY({lo}, {hi})) AS k {guard}"
            ),
            Dialect::Snowflake => format!(
                "SELECT {c}CAST(f.value AS {b}) AS k FROM {from_}, LATERAL FLATTEN(input => ARRAY_GENERATE_RANGE({lo}, ({hi}) + 1)) f {guard}"
            ),
            Dialect::Postgres => format!(
                "SELECT {c}generate_series(CAST({lo} AS {b}), CAST({hi} AS {b})) AS k FROM {from_} {guard}"
            ),
        }
    }

    /// Lower case with everything but a–z and 0–9 removed ("Net Promoter Score" →
    /// "netpromoterscore"), as the import compares survey types.
    pub fn alnum_lower(self, s: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Postgres => {
                format!("regexp_replace(LOWER({s}), '[^a-z0-9]', '', 'g')")
            }
            _ => format!("REGEXP_REPLACE(LOWER({s}), '[^a-z0-9]', '')"),
        }
    }

    /// The boolean `cond`, NULL (undefined) unless `defined`.
    pub fn bool_when(self, defined: &str, cond: &str) -> String {
        format!("CASE WHEN {defined} THEN ({cond}) END")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_quotes() {
        assert_eq!(Dialect::parse("Databricks"), Some(Dialect::Spark));
        assert_eq!(Dialect::parse("postgresql"), Some(Dialect::Postgres));
        assert_eq!(Dialect::parse("oracle"), None);
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Duckdb.ident("Bewertung \"x\""), "\"Bewertung \"\"x\"\"\"");
        assert_eq!(Dialect::Postgres.table("crm.public.nps"), "\"crm\".\"public\".\"nps\"");
        assert_eq!(Dialect::Duckdb.lit("it's"), "'it''s'");
        assert_eq!(Dialect::Bigquery.lit("it's"), "'it\\'s'");
    }
}
