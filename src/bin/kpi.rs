//! `kpi`: the metric core on the command line, for files too big for a browser tab.
//! Same import, same metrics, same JSON keys as the app's exports.
//!
//! One subcommand per kind of data (`kpi survey FILE`, `kpi orders FILE` …) and
//! `kpi inspect FILE` for what the import decided. Arguments are parsed by clap (derive):
//! `--help` on stdout, `--opt=value`, suggestions for misspelt options. Further
//! subcommands (such as `sql`) are one more variant of [`Command`].

use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use kundenkpi::analysis::{analyze_reader, Analysis, AnalysisOptions};
use kundenkpi::dataset::{DatasetKind, SurveyType};
use kundenkpi::i18n::Lang;
use kundenkpi::import::{
    import_reader_with, Field, ImportError, ImportOptions, ImportReport, TextEncoding,
};
use kundenkpi::metrics::report::{HealthScaling, NetChurnPreset};
use kundenkpi::metrics::PeriodKind;

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
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
}

/// Where the rows come from and how to read them.
#[derive(Args, Debug)]
struct Input {
    /// The file to read; - reads standard input
    #[arg(value_name = "FILE")]
    file: String,
    /// Map a field to a column by its header (repeatable); FIELD= leaves it unmapped
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = parse_column)]
    columns: Vec<(Field, String)>,
    /// Text encoding instead of detecting it: utf-8, windows-1252, utf-16le, utf-16be
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding)]
    encoding: Option<TextEncoding>,
    /// CSV separator instead of detecting it: , ; | tab (or any one character)
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<char>,
    /// Read " as an ordinary character (for a file whose quotes are not CSV quoting)
    #[arg(long)]
    literal_quotes: bool,
    /// Sheet of a workbook to read (default: the first with data)
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// Language of the table and the messages: en or de
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = ["en", "de"])]
    lang: String,
}

#[derive(Args, Debug)]
struct Inspect {
    #[command(flatten)]
    input: Input,
    /// One JSON object (the import report) instead of text
    #[arg(long)]
    json: bool,
    /// Read the file as this kind instead of guessing it
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    kind: Option<DatasetKind>,
}

#[derive(Args, Debug)]
struct Run {
    #[command(flatten)]
    input: Input,
    /// One JSON object instead of a table
    #[arg(long)]
    json: bool,
    /// Group by period: month, week or quarter
    #[arg(long, value_name = "PERIOD", default_value = "month", value_parser = parse_period)]
    period: PeriodKind,
    /// Split every metric by the values of COLUMN
    #[arg(long, value_name = "COLUMN")]
    segment: Option<String>,
    /// Only rows from this date on (alone: up to the data's last date)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Only rows up to this date (alone: from the data's first date)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    to: Option<NaiveDate>,
    #[command(flatten)]
    survey: SurveyFlags,
    #[command(flatten)]
    money: MoneyFlags,
    #[command(flatten)]
    support: SupportFlags,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "Survey")]
struct SurveyFlags {
    /// How rows without a survey column are read: nps, csat or ces (default nps)
    #[arg(long, value_name = "TYPE", value_parser = parse_survey_type)]
    survey_type: Option<SurveyType>,
    /// CSAT scale: 5, 7 or 10 (default 5)
    #[arg(long, value_name = "N")]
    csat_scale: Option<u8>,
    /// Lowest CSAT answer counted as satisfied (default: the top two boxes)
    #[arg(long, value_name = "N")]
    csat_threshold: Option<u8>,
    /// CES scale: 7 or 5 (default 7)
    #[arg(long, value_name = "N")]
    ces_scale: Option<u8>,
    /// Low CES answers mean little effort
    #[arg(long)]
    ces_lower_is_easier: bool,
    /// Surveys sent, for the response rate
    #[arg(long, value_name = "N")]
    surveys_sent: Option<u64>,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "Subscriptions, orders, funnel")]
struct MoneyFlags {
    /// Gross margin in percent, e.g. 80 (default 100)
    #[arg(long, value_name = "PCT")]
    gross_margin: Option<f64>,
    /// LTV with churn averaged over the N months before (ChartMogul: 6)
    #[arg(long, value_name = "N")]
    ltv_churn_months: Option<u32>,
    /// Net churn definition: standard or chartmogul
    #[arg(long, value_name = "PRESET", value_parser = parse_net_churn)]
    net_churn: Option<NetChurnPreset>,
    /// CLV lifespan in years instead of the measured one
    #[arg(long, value_name = "X")]
    lifespan_years: Option<f64>,
    /// ARPA for CAC payback when the data has none
    #[arg(long, value_name = "X")]
    arpa: Option<f64>,
}

#[derive(Args, Debug)]
#[command(next_help_heading = "Tickets, usage")]
struct SupportFlags {
    /// Customer count for tickets per customer
    #[arg(long, value_name = "N")]
    customers: Option<u64>,
    /// Feature whose first use counts as value (time to value)
    #[arg(long, value_name = "NAME")]
    ttv_feature: Option<String>,
    /// Health score scaling: thresholds (default; bad/good = the 25th/75th percentile) or
    /// rank (percentile rank in the file: the mean is about 50 by construction)
    #[arg(long, value_name = "HOW", value_parser = parse_health_scaling)]
    health_scaling: Option<HealthScaling>,
}

fn parse_column(s: &str) -> Result<(Field, String), String> {
    let (field, header) =
        s.split_once('=').ok_or("expected FIELD=HEADER, e.g. amount=total_price")?;
    let f = Field::from_key(field).ok_or_else(|| {
        let keys: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        format!("“{field}” is no field; the fields are: {}", keys.join(", "))
    })?;
    Ok((f, header.to_owned()))
}

fn parse_encoding(s: &str) -> Result<TextEncoding, String> {
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

fn parse_delimiter(s: &str) -> Result<char, String> {
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

fn parse_period(s: &str) -> Result<PeriodKind, String> {
    PeriodKind::parse(s).ok_or_else(|| "expected month, week or quarter".into())
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "expected YYYY-MM-DD".into())
}

fn parse_kind(s: &str) -> Result<DatasetKind, String> {
    DatasetKind::parse(s).ok_or_else(|| {
        let kinds: Vec<&str> = DatasetKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("expected one of {}", kinds.join(", "))
    })
}

fn parse_survey_type(s: &str) -> Result<SurveyType, String> {
    match s.to_ascii_lowercase().as_str() {
        "nps" => Ok(SurveyType::Nps),
        "csat" => Ok(SurveyType::Csat),
        "ces" => Ok(SurveyType::Ces),
        _ => Err("expected nps, csat or ces".into()),
    }
}

fn parse_health_scaling(s: &str) -> Result<HealthScaling, String> {
    HealthScaling::parse(s).ok_or_else(|| "expected thresholds or rank".into())
}

fn parse_net_churn(s: &str) -> Result<NetChurnPreset, String> {
    match s.to_ascii_lowercase().as_str() {
        "standard" => Ok(NetChurnPreset::Standard),
        "chartmogul" => Ok(NetChurnPreset::ChartMogul),
        _ => Err("expected standard or chartmogul".into()),
    }
}

impl Input {
    fn import_options(&self, kind: Option<DatasetKind>) -> ImportOptions {
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

    fn lang(&self) -> Lang {
        Lang::from_tag(&self.lang)
    }
}

impl Run {
    fn options(&self, kind: DatasetKind) -> AnalysisOptions {
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

/// Counts what passes through and, when stderr is a terminal and the input is big, shows
/// a progress line there (bytes read, lines, rate), cleared at the end.
struct Progress<R> {
    inner: R,
    bytes: u64,
    lines: u64,
    started: Instant,
    shown_at: Option<Instant>,
    enabled: bool,
}

/// Inputs below this size finish before a progress line would help.
const PROGRESS_FROM_BYTES: u64 = 4 << 20;

impl<R: Read> Progress<R> {
    fn new(inner: R) -> Self {
        Progress {
            inner,
            bytes: 0,
            lines: 0,
            started: Instant::now(),
            shown_at: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self) {
        let now = Instant::now();
        if self.shown_at.is_some_and(|t| now.duration_since(t).as_millis() < 250) {
            return;
        }
        self.shown_at = Some(now);
        let secs = now.duration_since(self.started).as_secs_f64().max(1e-3);
        let mb = self.bytes as f64 / 1e6;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{mb:.1} MB read, {} lines, {:.1} MB/s ", self.lines, mb / secs);
        let _ = err.flush();
    }

    fn clear(&self) {
        if self.shown_at.is_some() {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        if self.enabled {
            self.lines +=
                buf.get(..n).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count() as u64);
            if self.bytes >= PROGRESS_FROM_BYTES {
                self.show();
            }
        }
        Ok(n)
    }
}

/// The input: the file, or standard input for `-`.
fn open(path: &str) -> std::io::Result<Box<dyn Read>> {
    if path == "-" {
        Ok(Box::new(std::io::stdin().lock()))
    } else {
        Ok(Box::new(File::open(path)?))
    }
}

/// Why a run failed, with its exit code.
enum Failure {
    Read(std::io::Error),
    Import(ImportError),
}

impl Failure {
    fn report(self, file: &str, lang: Lang) -> ExitCode {
        match self {
            Failure::Read(e) => {
                eprintln!("kpi: cannot read {file}: {e}");
                ExitCode::from(1)
            }
            Failure::Import(e) => {
                eprintln!("kpi: {file}: {}", e.message(lang));
                // a --column header the file lacks is a usage error
                ExitCode::from(if matches!(e, ImportError::UnknownColumn { .. }) { 2 } else { 1 })
            }
        }
    }
}

/// Streams the input through the import and the metrics.
fn analyse(input: &Input, options: &AnalysisOptions) -> Result<Analysis, Failure> {
    let mut reader = Progress::new(open(&input.file).map_err(Failure::Read)?);
    let name = (input.file != "-").then_some(input.file.as_str());
    let result = analyze_reader(&mut reader, name, options);
    reader.clear();
    result.map_err(Failure::Read)?.map_err(Failure::Import)
}

/// Runs the import alone, keeping no rows.
fn inspect(args: &Inspect) -> Result<ImportReport, Failure> {
    let mut reader = Progress::new(open(&args.input.file).map_err(Failure::Read)?);
    let name = (args.input.file != "-").then_some(args.input.file.as_str());
    let options = args.input.import_options(args.kind);
    let result = import_reader_with(&mut reader, name, &options, &mut |_| {});
    reader.clear();
    Ok(result.map_err(Failure::Read)?.map_err(Failure::Import)?.report)
}

/// The import report as people read it.
fn inspect_text(file: &str, r: &ImportReport, lang: Lang) -> String {
    use std::fmt::Write as _;
    let de = lang == Lang::De;
    let mut out = String::new();
    let _ = writeln!(out, "{}: {file}", if de { "Datei" } else { "file" });
    let _ = writeln!(out, "format: {}", serde_name(&r.format));
    if let Some(e) = r.encoding {
        let _ = writeln!(
            out,
            "encoding: {}{}",
            e.label(),
            if r.malformed_text { " (malformed bytes replaced)" } else { "" }
        );
    }
    if let Some(d) = &r.delimiter {
        let shown = if d == "\t" { "tab".to_owned() } else { d.clone() };
        let _ = writeln!(out, "delimiter: {shown}");
    }
    if let Some(s) = &r.sheet {
        let _ = writeln!(out, "sheet: {s} (of {})", r.sheets.join(", "));
    }
    if let Some(t) = &r.tool {
        let _ = writeln!(out, "tool: {t}");
    }
    let how = if r.kind_guessed { "guessed from the columns" } else { "as asked" };
    let shape = r.shape.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    let _ = writeln!(out, "kind: {}{shape}, {how}", r.kind.as_str());
    if r.amounts_in_cents {
        let _ = writeln!(out, "amounts: in cents, divided by 100");
    }
    let _ = writeln!(
        out,
        "rows: {} read, {} rejected, decisions from {}",
        r.rows_read, r.rows_rejected, r.rows_sampled
    );
    let _ = writeln!(out, "columns:");
    for c in &r.columns {
        let what = match (c.field, c.signal, c.segment) {
            (Some(f), _, _) => f.key().to_owned(),
            (None, true, _) => "signal".into(),
            (None, _, true) => "segment".into(),
            _ => "-".into(),
        };
        let why = match (c.certainty, c.reason) {
            (Some(p), Some(reason)) => format!("{:.0} %, {}", p * 100.0, reason.label(lang)),
            _ => String::new(),
        };
        let mut conv = Vec::new();
        if let Some(n) = c.number_convention {
            conv.push(serde_name(&n));
        }
        if let Some(d) = c.date_order {
            conv.push(serde_name(&d));
        }
        let conv = if conv.is_empty() { String::new() } else { format!(" [{}]", conv.join(", ")) };
        let _ = writeln!(out, "  {:>3}  {:<28} {:<22} {why}{conv}", c.index + 1, c.header, what);
    }
    if r.questions.is_empty() {
        let _ = writeln!(out, "questions: none");
    } else {
        let _ = writeln!(out, "questions:");
        for q in &r.questions {
            let _ = writeln!(out, "  - {} (read as {})", q.message(lang), q.chosen);
        }
    }
    out
}

/// The JSON name of a report value (`csv`, `decimal_comma`), for the text form.
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Writes `text` to standard output. A reader that went away early (`kpi … | head`) is not
/// an error of kpi's: it ends quietly instead of panicking in `print!`.
fn emit(text: &str) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kpi: cannot write the output: {e}");
            ExitCode::from(1)
        }
    }
}

fn print_json<T: serde::Serialize>(v: &T) -> ExitCode {
    match serde_json::to_string(v) {
        Ok(s) => emit(&format!("{s}\n")),
        Err(e) => {
            eprintln!("kpi: {e}");
            ExitCode::from(1)
        }
    }
}

/// `kpi sql …`: the arguments after `sql` are the SQL module's own (docs/sql.md).
fn sql(args: &[String]) -> ExitCode {
    if args.first().is_none_or(|a| a == "-h" || a == "--help") {
        return emit(&format!("{}\n", kundenkpi::sql::cli::USAGE));
    }
    match kundenkpi::sql::cli::run(args) {
        Ok(script) => emit(&script),
        Err(e) => {
            eprintln!("kpi sql: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> ExitCode {
    let (kind, run) = match cli.command {
        Command::Sql { args } => return sql(&args),
        Command::Inspect(args) => {
            let lang = args.input.lang();
            return match inspect(&args) {
                Ok(report) if args.json => print_json(&report),
                Ok(report) => emit(&inspect_text(&args.input.file, &report, lang)),
                Err(f) => f.report(&args.input.file, lang),
            };
        }
        Command::Survey(r) => (DatasetKind::Survey, r),
        Command::Subscriptions(r) => (DatasetKind::Subscriptions, r),
        Command::Orders(r) => (DatasetKind::Orders, r),
        Command::Tickets(r) => (DatasetKind::Tickets, r),
        Command::Usage(r) => (DatasetKind::Usage, r),
        Command::Funnel(r) => (DatasetKind::Funnel, r),
        Command::Health(r) => (DatasetKind::Health, r),
    };
    let lang = run.input.lang();
    let analysis = match analyse(&run.input, &run.options(kind)) {
        Ok(a) => a,
        Err(f) => return f.report(&run.input.file, lang),
    };
    debug_assert_eq!(analysis.report.kind, kind);
    if run.json {
        print_json(&analysis.report)
    } else {
        emit(&analysis.report.to_text(lang))
    }
}

fn main() -> ExitCode {
    // A clear word for an argument that is not UTF-8 (a Windows-1252 "Begründung" typed in
    // a Latin-1 terminal), before the parser sees it.
    if let Some(bad) = std::env::args_os().skip(1).find(|a| a.to_str().is_none()) {
        eprintln!("kpi: the argument “{}” is not valid UTF-8", bad.to_string_lossy());
        return ExitCode::from(2);
    }
    match Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(e) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
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
        assert_eq!(
            o.metrics.csat_scale,
            kundenkpi::metrics::report::MetricOptions::default().csat_scale
        );
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
