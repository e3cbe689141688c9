//! `kpi`'s arguments: the clap (derive) definition of every subcommand and flag, the
//! value parsers, and the options a run's flags become.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::analysis::AnalysisOptions;
use crate::dataset::{DatasetKind, SurveyType};
use crate::i18n::Lang;
use crate::import::{Field, ImportOptions, TextEncoding};
use crate::metrics::PeriodKind;
use crate::metrics::{HealthScaling, NetChurnPreset};

/// After the flags in `kpi --help`: exit codes, standard input, examples.
const EXIT_CODES: &str = "\
Exit codes:
  0  done
  1  the input cannot be read or is no table kpi can import (the message says why)
  2  wrong usage: unknown option or kind, a bad value, a --column header the file lacks

FILE is a path, or - for standard input (read as it streams in).
Examples:
  kpi survey answers.csv --json
  kpi orders export.csv --column amount=total_price --from 2024-01-01
  cat tickets.csv | kpi tickets - --period=week
  kpi inspect export.csv --json";

#[derive(Parser, Debug)]
#[command(
    name = "kpi",
    version,
    about = "Customer-success KPIs from a spreadsheet export (CSV, XLSX, ODS, JSON)",
    after_help = EXIT_CODES,
    arg_required_else_help = true
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// NPS, CSAT and CES from survey answers
    Survey(Run),
    /// MRR movements, churn, NRR/GRR and LTV from subscription rows or MRR snapshots
    Subscriptions(Run),
    /// Revenue, purchase frequency, repeat rate and CLV from orders
    Orders(Run),
    /// First response, resolution times, backlog and CSAT from support tickets
    Tickets(Run),
    /// Active users, stickiness, feature adoption and time to value from usage events
    Usage(Run),
    /// Conversion rates, CAC and payback from funnel counts
    Funnel(Run),
    /// Customer health scores from numeric signals per customer
    Health(Run),
    /// What the import decides for a file: format, encoding, delimiter, kind, every
    /// column's field with certainty and reason, and the open questions
    Inspect(Inspect),
    /// One SQL script that computes this kind's metrics in a warehouse: kpi sql KIND
    /// --dialect duckdb|spark|bigquery|snowflake|postgres --table NAME [--column FIELD=COLUMN]…
    /// [--like FILE] [--segment COLUMN] [--period month|week|quarter] (kpi sql --help)
    #[command(disable_help_flag = true)]
    Sql {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        args: Vec<String>,
    },
    /// A completion script for your shell: kpi completions bash|zsh|fish|powershell|elvish
    Completions {
        /// The shell to complete in
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Where the rows come from and how to read them.
#[derive(Args, Debug)]
pub(crate) struct Input {
    /// The file to read; - reads standard input
    #[arg(value_name = "FILE")]
    pub(crate) file: String,
    /// Map a field to a column by its header (repeatable); FIELD= leaves it unmapped
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = parse_column)]
    pub(crate) columns: Vec<(Field, String)>,
    /// Text encoding instead of detecting it: utf-8, windows-1252, utf-16le, utf-16be
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    pub(crate) encoding: Option<TextEncoding>,
    /// CSV separator instead of detecting it: , ; | tab (or any one character)
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub(crate) delimiter: Option<char>,
    /// Read " as an ordinary character (for a file whose quotes are not CSV quoting)
    #[arg(long)]
    pub(crate) literal_quotes: bool,
    /// Sheet of a workbook to read (default: the first with data)
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
    /// Language of the table and the messages: en or de
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = ["en", "de"])]
    pub(crate) lang: String,
}

#[derive(Args, Debug)]
pub(crate) struct Inspect {
    #[command(flatten)]
    pub(crate) input: Input,
    /// One JSON object (the import report) instead of text
    #[arg(long)]
    pub(crate) json: bool,
    /// Read the file as this kind instead of guessing it
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub(crate) kind: Option<DatasetKind>,
}

#[derive(Args, Debug)]
pub(crate) struct Run {
    #[command(flatten)]
    pub(crate) input: Input,
    /// One JSON object instead of a table
    #[arg(long)]
    pub(crate) json: bool,
    /// Group by period: month, week or quarter
    #[arg(long, value_name = "PERIOD", default_value = "month", value_parser = parse_period)]
    pub(crate) period: PeriodKind,
    /// Split every metric by the values of COLUMN
    #[arg(long, value_name = "COLUMN")]
    pub(crate) segment: Option<String>,
    /// Only rows from this date on (alone: up to the data's last date)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) from: Option<NaiveDate>,
    /// Only rows up to this date (alone: from the data's first date)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) to: Option<NaiveDate>,
    #[command(flatten)]
    pub(crate) survey: SurveyFlags,
    #[command(flatten)]
    pub(crate) money: MoneyFlags,
    #[command(flatten)]
    pub(crate) support: SupportFlags,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "Survey")]
pub(crate) struct SurveyFlags {
    /// How rows without a survey column are read: nps, csat or ces (default nps)
    #[arg(long, value_name = "TYPE", value_parser = parse_survey_type)]
    pub(crate) survey_type: Option<SurveyType>,
    /// CSAT scale: 5, 7 or 10 (default 5)
    #[arg(long, value_name = "N")]
    pub(crate) csat_scale: Option<u8>,
    /// Lowest CSAT answer counted as satisfied (default: the top two boxes)
    #[arg(long, value_name = "N")]
    pub(crate) csat_threshold: Option<u8>,
    /// CES scale: 7 or 5 (default 7)
    #[arg(long, value_name = "N")]
    pub(crate) ces_scale: Option<u8>,
    /// Low CES answers mean little effort
    #[arg(long)]
    pub(crate) ces_lower_is_easier: bool,
    /// Surveys sent, for the response rate
    #[arg(long, value_name = "N")]
    pub(crate) surveys_sent: Option<u64>,
    /// Print the comments instead of the metrics, as JSON: the 2,000 most recent in range
    /// (newest first, with score, NPS group, date, segment) and the count per group
    #[arg(long)]
    pub(crate) comments: bool,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "Subscriptions, orders, funnel")]
pub(crate) struct MoneyFlags {
    /// Gross margin in percent, e.g. 80 (default 100)
    #[arg(long, value_name = "PCT")]
    pub(crate) gross_margin: Option<f64>,
    /// LTV with churn averaged over the N months before (ChartMogul: 6)
    #[arg(long, value_name = "N")]
    pub(crate) ltv_churn_months: Option<u32>,
    /// Net churn definition: standard or chartmogul
    #[arg(long, value_name = "PRESET", value_parser = parse_net_churn)]
    pub(crate) net_churn: Option<NetChurnPreset>,
    /// CLV lifespan in years instead of the measured one
    #[arg(long, value_name = "X")]
    pub(crate) lifespan_years: Option<f64>,
    /// ARPA for CAC payback when the data has none
    #[arg(long, value_name = "X")]
    pub(crate) arpa: Option<f64>,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "Tickets, usage")]
pub(crate) struct SupportFlags {
    /// Customer count for tickets per customer
    #[arg(long, value_name = "N")]
    pub(crate) customers: Option<u64>,
    /// Feature whose first use counts as value (time to value)
    #[arg(long, value_name = "NAME")]
    pub(crate) ttv_feature: Option<String>,
    /// Health score scaling: thresholds (default; bad/good = the 25th/75th percentile) or
    /// rank (percentile rank in the file: the mean is about 50 by construction)
    #[arg(long, value_name = "HOW", value_parser = parse_health_scaling)]
    pub(crate) health_scaling: Option<HealthScaling>,
}

pub(crate) fn parse_column(s: &str) -> Result<(Field, String), String> {
    let (field, header) =
        s.split_once('=').ok_or("expected FIELD=HEADER, e.g. amount=total_price")?;
    let f = Field::from_key(field).ok_or_else(|| {
        let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        format!("“{field}” is no field; the fields are: {}", keys.join(", "))
    })?;
    Ok((f, header.to_owned()))
}

pub(crate) fn parse_encoding(s: &str) -> Result<TextEncoding, String> {
    match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" => Ok(TextEncoding::Utf8),
        "windows-1252" | "cp1252" | "latin1" | "latin-1" | "iso-8859-1" => {
            Ok(TextEncoding::Windows1252)
        }
        "utf-16le" | "utf16le" => Ok(TextEncoding::Utf16Le),
        "utf-16be" | "utf16be" => Ok(TextEncoding::Utf16Be),
        _ => Err("expected utf-8, windows-1252, utf-16le or utf-16be".into()),
    }
}

pub(crate) fn parse_delimiter(s: &str) -> Result<char, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok('\t'),
        "comma" => Ok(','),
        "semicolon" => Ok(';'),
        "pipe" => Ok('|'),
        _ => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii() && !c.is_ascii_alphanumeric() && c != '"' => Ok(c),
                _ => Err("expected one character such as , ; | or the word tab".into()),
            }
        }
    }
}

pub(crate) fn parse_period(s: &str) -> Result<PeriodKind, String> {
    PeriodKind::parse(s).ok_or_else(|| "expected month, week or quarter".into())
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "expected YYYY-MM-DD".into())
}

pub(crate) fn parse_kind(s: &str) -> Result<DatasetKind, String> {
    DatasetKind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = DatasetKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("expected one of {}", kinds.join(", "))
    })
}

pub(crate) fn parse_survey_type(s: &str) -> Result<SurveyType, String> {
    match s.to_ascii_lowercase().as_str() {
        "nps" => Ok(SurveyType::Nps),
        "csat" => Ok(SurveyType::Csat),
        "ces" => Ok(SurveyType::Ces),
        _ => Err("expected nps, csat or ces".into()),
    }
}

pub(crate) fn parse_health_scaling(s: &str) -> Result<HealthScaling, String> {
    HealthScaling::parse(s).ok_or_else(|| "expected thresholds or rank".into())
}

pub(crate) fn parse_net_churn(s: &str) -> Result<NetChurnPreset, String> {
    match s.to_ascii_lowercase().as_str() {
        "standard" => Ok(NetChurnPreset::Standard),
        "chartmogul" => Ok(NetChurnPreset::ChartMogul),
        _ => Err("expected standard or chartmogul".into()),
    }
}

impl Input {
    pub(crate) fn import_options(&self, kind: Option<DatasetKind>) -> ImportOptions {
        ImportOptions {
            kind,
            columns: self.columns.clone(),
            encoding: self.encoding,
            delimiter: self.delimiter,
            literal_quotes: self.literal_quotes,
            sheet: self.sheet.clone(),
            ..ImportOptions::default()
        }
    }

    pub(crate) fn lang(&self) -> Lang {
        Lang::from_tag(&self.lang)
    }
}

impl Run {
    pub(crate) fn options(&self, kind: DatasetKind) -> AnalysisOptions {
        let mut o =
            AnalysisOptions { import: self.input.import_options(Some(kind)), ..Default::default() };
        o.report.period = self.period;
        o.report.segment = self.segment.clone();
        // An open end is marked by the extreme date; the metrics close it at the data's
        // own first or last date.
        o.report.range = match (self.from, self.to) {
            (None, None) => None,
            (f, t) => Some((f.unwrap_or(NaiveDate::MIN), t.unwrap_or(NaiveDate::MAX))),
        };
        let m = &mut o.metrics;
        let (s, money, support) = (&self.survey, &self.money, &self.support);
        m.survey_type = s.survey_type.unwrap_or(m.survey_type);
        m.csat_scale = s.csat_scale.unwrap_or(m.csat_scale);
        m.csat_threshold = s.csat_threshold.or(m.csat_threshold);
        m.ces_scale = s.ces_scale.unwrap_or(m.ces_scale);
        m.ces_lower_is_easier |= s.ces_lower_is_easier;
        m.surveys_sent = s.surveys_sent.or(m.surveys_sent);
        m.gross_margin = money.gross_margin.map_or(m.gross_margin, |p| p / 100.0);
        m.ltv_churn_average_months = money.ltv_churn_months.or(m.ltv_churn_average_months);
        m.net_churn = money.net_churn.unwrap_or(m.net_churn);
        m.customer_lifespan_years = money.lifespan_years.or(m.customer_lifespan_years);
        m.arpa = money.arpa.or(m.arpa);
        m.customer_count = support.customers.or(m.customer_count);
        m.time_to_value_feature = support.ttv_feature.clone().or(m.time_to_value_feature.take());
        m.health_scaling = support.health_scaling.unwrap_or(m.health_scaling);
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("kpi").chain(s.split_whitespace()))
    }

    fn run_args(s: &str) -> (DatasetKind, Run) {
        match parse(s).unwrap().command {
            Command::Subscriptions(r) => (DatasetKind::Subscriptions, r),
            Command::Survey(r) => (DatasetKind::Survey, r),
            Command::Orders(r) => (DatasetKind::Orders, r),
            Command::Health(r) => (DatasetKind::Health, r),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn flags_become_options() {
        let (kind, r) = run_args("subscriptions f.csv --json --period quarter --segment plan --gross-margin 80 --net-churn chartmogul --from 2024-01-01");
        let o = r.options(kind);
        assert!(r.json);
        assert_eq!(o.import.kind, Some(DatasetKind::Subscriptions));
        assert_eq!(o.report.period, PeriodKind::Quarter);
        assert_eq!(o.report.segment.as_deref(), Some("plan"));
        assert!((o.metrics.gross_margin - 0.8).abs() < 1e-12);
        assert_eq!(o.metrics.net_churn, NetChurnPreset::ChartMogul);
        assert_eq!(o.metrics.health_scaling, HealthScaling::Thresholds);
        let (health, r) = run_args("health f.csv --health-scaling rank");
        assert_eq!(r.options(health).metrics.health_scaling, HealthScaling::Rank);
        assert!(parse("health f.csv --health-scaling median").is_err());
        let (from, to) = o.report.range.unwrap();
        assert_eq!(from, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        assert_eq!(to, NaiveDate::MAX);
    }

    #[test]
    fn equals_form_columns_encoding_delimiter() {
        let (kind, r) = run_args("orders f.csv --period=week --column amount=total_price --column=customer=Kunde --encoding=windows-1252 --delimiter tab");
        let o = r.options(kind);
        assert_eq!(o.report.period, PeriodKind::Week);
        assert_eq!(
            o.import.columns,
            vec![(Field::Amount, "total_price".to_owned()), (Field::Customer, "Kunde".to_owned())]
        );
        assert_eq!(o.import.encoding, Some(TextEncoding::Windows1252));
        assert_eq!(o.import.delimiter, Some('\t'));
        // defaults stay the metric defaults
        assert_eq!(o.metrics.csat_scale, crate::metrics::MetricOptions::default().csat_scale);
    }

    #[test]
    fn bad_flags_are_errors_not_panics() {
        for bad in [
            "survey f.csv --period fortnight",
            "survey f.csv --csat-scale",
            "survey f.csv --from 1.2.2024",
            "survey",
            "survey a.csv b.csv",
            "nope a.csv",
            "orders f.csv --column total_price",
            "orders f.csv --column money=total",
            "orders f.csv --delimiter ab",
            "survey f.csv --segmnt plan",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let e = parse("survey f.csv --segmnt plan").unwrap_err().to_string();
        assert!(e.contains("--segment"), "suggests the right option: {e}");
    }

    #[test]
    fn the_parser_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
