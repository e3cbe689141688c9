//! `kpi sql KIND --dialect D --table NAME …`: the arguments of the `sql` command parsed
//! into a [`SqlRequest`], and the script it prints. Kept here, apart from `kpi`'s own
//! argument parsing, so the command line only has to hand the arguments over.

use std::io::Read;

use chrono::NaiveDate;

use crate::dataset::{DatasetKind, SurveyType};
use crate::i18n::Lang;
use crate::import::{self, Field, ImportError, ImportOptions};
use crate::metrics::PeriodKind;
use crate::metrics::{MetricOptions, NetChurnPreset};

use super::{generate, Dialect, SqlError, SqlRequest, SQL_KINDS};

pub const USAGE: &str = "\
usage: kpi sql <survey|subscriptions|orders|tickets|usage> --table NAME [options]

  --dialect duckdb|spark|bigquery|snowflake|postgres   (default duckdb)
  --table NAME                table to read (db.schema.table allowed)
  --column FIELD=COLUMN       the column holding FIELD (repeatable), e.g. score=Bewertung
  --like FILE                 take the mapping the import detects on FILE (a sample export)
  --segment COLUMN            split every metric by the values of COLUMN
  --period month|week|quarter group by period (default month)
  --from YYYY-MM-DD, --to YYYY-MM-DD   only rows in this range (an open end: the data's own
                              first or last day)
survey:      --survey-type nps|csat|ces  --csat-scale 5|7|10  --csat-threshold N
             --ces-scale 7|5  --ces-lower-is-easier  --surveys-sent N
subscriptions: --gross-margin PCT  --ltv-churn-months N  --net-churn standard|chartmogul
orders:      --lifespan-years X     tickets: --customers N  --csat-scale 5|7|10
usage:       --ttv-feature NAME
fields: survey: score date survey; subscriptions: customer month mrr (snapshots) or
        customer start end canceled status amount interval interval_count quantity;
        orders: customer date amount; tickets: ticket created customer first_response
        resolved contacts first_contact_resolved category score; usage: user timestamp
        account feature duration seats signup";

/// Bytes of a `--like` file the mapping is detected from (the import decides from its
/// first rows too).
const LIKE_SAMPLE_BYTES: u64 = 4 << 20;

/// Why `kpi sql` printed no script.
#[derive(Debug)]
pub enum SqlCliError {
    /// Bad or missing arguments (the message includes the usage where it helps).
    Usage(String),
    /// The `--like` file cannot be read.
    Io {
        file: String,
        detail: String,
    },
    /// The `--like` file cannot be imported.
    Import {
        file: String,
        error: ImportError,
    },
    Sql(SqlError),
}

impl SqlCliError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SqlCliError::Usage(m) => m.clone(),
            SqlCliError::Io { file, detail } => format!("{file}: {detail}"),
            SqlCliError::Import { file, error } => format!("{file}: {}", error.message(lang)),
            SqlCliError::Sql(e) => e.message(lang),
        }
    }
}

impl std::fmt::Display for SqlCliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SqlCliError {}

fn usage(m: impl std::fmt::Display) -> SqlCliError {
    SqlCliError::Usage(format!("{m}\n{USAGE}"))
}

fn value<T: std::str::FromStr>(flag: &str, v: Option<&String>) -> Result<T, SqlCliError> {
    let v = v.ok_or_else(|| usage(format!("{flag} needs a value")))?;
    v.parse().map_err(|_| usage(format!("{flag}: “{v}” is not valid")))
}

/// A day written YYYY-MM-DD.
fn date(flag: &str, v: Option<&String>) -> Result<NaiveDate, SqlCliError> {
    let v = v.ok_or_else(|| usage(format!("{flag} needs a value")))?;
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| usage(format!("{flag}: “{v}” is not a date YYYY-MM-DD")))
}

/// The request the arguments describe (the arguments after `sql`).
pub fn parse(args: &[String]) -> Result<SqlRequest, SqlCliError> {
    let mut it = args.iter();
    let kind = it.next().ok_or_else(|| SqlCliError::Usage(USAGE.into()))?;
    if kind == "-h" || kind == "--help" {
        return Err(SqlCliError::Usage(USAGE.into()));
    }
    let kind = DatasetKind::parse(kind).ok_or_else(|| usage(format!("unknown kind “{kind}”")))?;
    if !SQL_KINDS.contains(&kind) {
        return Err(SqlCliError::Sql(SqlError::UnsupportedKind(kind)));
    }
    let mut dialect = Dialect::default();
    let mut table = None;
    let mut columns: Vec<(Field, String)> = Vec::new();
    let mut like = None;
    let mut segment = None;
    let mut period = PeriodKind::Month;
    let mut o = MetricOptions::default();
    let (mut from, mut to) = (None, None);
    while let Some(arg) = it.next() {
        let m = &mut o;
        match arg.as_str() {
            "--dialect" => {
                let v: String = value(arg, it.next())?;
                dialect = Dialect::parse(&v).ok_or_else(|| {
                    usage(format!(
                        "--dialect: “{v}” is not duckdb, spark, bigquery, snowflake or postgres"
                    ))
                })?;
            }
            "--table" => table = Some(value::<String>(arg, it.next())?),
            "--column" => {
                let v: String = value(arg, it.next())?;
                let (f, c) = v
                    .split_once('=')
                    .ok_or_else(|| usage(format!("--column: “{v}” is not FIELD=COLUMN")))?;
                let field = Field::from_key(f)
                    .ok_or_else(|| usage(format!("--column: “{f}” is not a field")))?;
                columns.push((field, c.to_string()));
            }
            "--like" => like = Some(value::<String>(arg, it.next())?),
            "--segment" => segment = Some(value::<String>(arg, it.next())?),
            "--period" => {
                let v: String = value(arg, it.next())?;
                period = PeriodKind::parse(&v).ok_or_else(|| {
                    usage(format!("--period: “{v}” is not month, week or quarter"))
                })?;
            }
            "--from" => from = Some(date(arg, it.next())?),
            "--to" => to = Some(date(arg, it.next())?),
            "--lifespan-years" => m.customer_lifespan_years = Some(value(arg, it.next())?),
            "--customers" => m.customer_count = Some(value(arg, it.next())?),
            "--ttv-feature" => m.time_to_value_feature = Some(value(arg, it.next())?),
            "--survey-type" => {
                let v: String = value(arg, it.next())?;
                m.survey_type = match v.to_ascii_lowercase().as_str() {
                    "nps" => SurveyType::Nps,
                    "csat" => SurveyType::Csat,
                    "ces" => SurveyType::Ces,
                    _ => {
                        return Err(usage(format!("--survey-type: “{v}” is not nps, csat or ces")))
                    }
                };
            }
            "--csat-scale" => m.csat_scale = value(arg, it.next())?,
            "--csat-threshold" => m.csat_threshold = Some(value(arg, it.next())?),
            "--ces-scale" => m.ces_scale = value(arg, it.next())?,
            "--ces-lower-is-easier" => m.ces_lower_is_easier = true,
            "--surveys-sent" => m.surveys_sent = Some(value(arg, it.next())?),
            "--gross-margin" => m.gross_margin = value::<f64>(arg, it.next())? / 100.0,
            "--ltv-churn-months" => m.ltv_churn_average_months = Some(value(arg, it.next())?),
            "--net-churn" => {
                let v: String = value(arg, it.next())?;
                m.net_churn = match v.to_ascii_lowercase().as_str() {
                    "standard" => NetChurnPreset::Standard,
                    "chartmogul" => NetChurnPreset::ChartMogul,
                    _ => {
                        return Err(usage(format!(
                            "--net-churn: “{v}” is not standard or chartmogul"
                        )))
                    }
                };
            }
            other => return Err(usage(format!("unknown option “{other}”"))),
        }
    }
    let table = table.ok_or_else(|| usage("--table is required"))?;
    if let Some(file) = like {
        // the detected mapping first: explicit --column entries override it
        let mut detected = mapping_like(&file, kind, &columns)?;
        detected.extend(columns);
        columns = detected;
    }
    Ok(SqlRequest { kind, dialect, table, columns, segment, period, options: o, from, to })
}

/// The field → column mapping the import detects on (the first few MB of) `file`.
///
/// `columns` are the user's own choices (`--column`): the import takes them first, as
/// `kpi KIND FILE --column …` does, so a field no header names can still be mapped.
pub fn mapping_like(
    file: &str,
    kind: DatasetKind,
    columns: &[(Field, String)],
) -> Result<Vec<(Field, String)>, SqlCliError> {
    let io = |e: std::io::Error| SqlCliError::Io { file: file.into(), detail: e.to_string() };
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .map_err(io)?
        .take(LIKE_SAMPLE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 == LIKE_SAMPLE_BYTES {
        // a cut file: drop the partial last line (workbooks are read whole above this size)
        if let Some(end) = bytes.iter().rposition(|&b| b == b'\n') {
            bytes.truncate(end + 1);
        }
    }
    let options =
        ImportOptions { kind: Some(kind), columns: columns.to_vec(), ..Default::default() };
    // a --column may name the table's column, not a header of the sample: then the sample
    // is read on its own and the choice only overrides the detected mapping
    let imported = match import::import(&bytes, Some(file), &options) {
        Err(ImportError::UnknownColumn { .. }) => {
            import::import(&bytes, Some(file), &ImportOptions { columns: Vec::new(), ..options })
        }
        r => r,
    }
    .map_err(|error| SqlCliError::Import { file: file.into(), error })?;
    Ok(imported
        .report
        .columns
        .iter()
        .filter_map(|c| c.field.map(|f| (f, c.header.clone())))
        .collect())
}

/// The script for the arguments after `sql`.
pub fn run(args: &[String]) -> Result<String, SqlCliError> {
    let req = parse(args)?;
    generate(&req).map_err(SqlCliError::Sql)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_mapping_options_and_dialect() {
        let r = parse(&args(
            "survey --dialect spark --table crm.nps --column score=Bewertung --column date=Datum \
             --segment Plan --period quarter --csat-scale 7 --ces-lower-is-easier --surveys-sent 200",
        ))
        .unwrap();
        assert_eq!(r.dialect, Dialect::Spark);
        assert_eq!(r.table, "crm.nps");
        assert_eq!(r.column(Field::Score), Some("Bewertung"));
        assert_eq!(r.column(Field::Date), Some("Datum"));
        assert_eq!(r.segment.as_deref(), Some("Plan"));
        assert_eq!(r.period, PeriodKind::Quarter);
        assert_eq!(r.options.csat_scale, 7);
        assert!(r.options.ces_lower_is_easier);
        assert_eq!(r.options.surveys_sent, Some(200));
    }

    #[test]
    fn range_and_kind_options() {
        let r =
            parse(&args("orders --table o --from 2024-01-01 --to 2024-06-30 --lifespan-years 2.5"))
                .unwrap();
        assert_eq!(r.from, NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(r.to, NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(r.options.customer_lifespan_years, Some(2.5));
        let r = parse(&args("tickets --table t --customers 40")).unwrap();
        assert_eq!(r.options.customer_count, Some(40));
        let r = parse(&args("usage --table u --ttv-feature export")).unwrap();
        assert_eq!(r.options.time_to_value_feature.as_deref(), Some("export"));
        let e = parse(&args("orders --table o --from 1.2.2024")).unwrap_err();
        assert!(e.to_string().starts_with("--from: “1.2.2024” is not a date YYYY-MM-DD"));
    }

    #[test]
    fn bad_arguments_name_the_flag() {
        let e = parse(&args("survey --table t --dialect oracle")).unwrap_err();
        assert!(e.to_string().starts_with("--dialect: “oracle”"));
        let e = parse(&args("survey --table t --column nonsense=x")).unwrap_err();
        assert!(e.to_string().starts_with("--column: “nonsense” is not a field"));
        let e = parse(&args("survey --column score=x")).unwrap_err();
        assert!(e.to_string().starts_with("--table is required"));
        assert!(matches!(
            parse(&args("funnel --table t")),
            Err(SqlCliError::Sql(SqlError::UnsupportedKind(DatasetKind::Funnel)))
        ));
    }

    #[test]
    fn like_takes_the_mapping_the_import_detects() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let file = format!("{dir}/tests/fixtures/cli/umfrage-semikolon.csv");
        let r = parse(&args(&format!("survey --table t --like {file}"))).unwrap();
        assert!(r.column(Field::Score).is_some(), "{:?}", r.columns);
        // an explicit column wins over the detected one
        let r =
            parse(&args(&format!("survey --table t --like {file} --column score=Other"))).unwrap();
        assert_eq!(r.column(Field::Score), Some("Other"));
        let e = parse(&args("survey --table t --like /nonexistent/file.csv")).unwrap_err();
        assert!(matches!(e, SqlCliError::Io { .. }));
    }
}
