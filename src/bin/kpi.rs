//! `kpi`: the metric core on the command line, for files too big for a browser tab.
//! Same import, same metrics, same JSON keys as the app's exports.

use std::fs::File;
use std::process::ExitCode;

use chrono::NaiveDate;
use kundenkpi::analysis::{analyze_reader, AnalysisOptions};
use kundenkpi::dataset::{DatasetKind, SurveyType};
use kundenkpi::i18n::Lang;
use kundenkpi::import::ImportError;
use kundenkpi::metrics::report::NetChurnPreset;
use kundenkpi::metrics::PeriodKind;

const USAGE: &str = "\
usage: kpi <survey|subscriptions|orders|tickets|usage|funnel|health> FILE [options]

  --json                      one JSON object instead of a table
  --period month|week|quarter group by period (default month)
  --segment COLUMN            split every metric by the values of COLUMN
  --from YYYY-MM-DD --to YYYY-MM-DD   only rows in this date range
  --lang en|de                language of the table and the messages (default en)
survey:
  --survey-type nps|csat|ces  how rows without a survey column are read (default nps)
  --csat-scale 5|7|10 --csat-threshold N   (default 5, top two boxes)
  --ces-scale 7|5 --ces-lower-is-easier
  --surveys-sent N            for response_rate
subscriptions, orders, funnel:
  --gross-margin PCT          e.g. 80 (default 100)
  --ltv-churn-months N        LTV with churn averaged over the N months before (ChartMogul: 6)
  --net-churn standard|chartmogul
  --lifespan-years X          CLV lifespan instead of the measured one
  --arpa X                    ARPA for CAC payback when the data has none
tickets, usage:
  --customers N               customer count for tickets_per_customer
  --ttv-feature NAME          feature whose first use counts as value";

struct Args {
    kind: DatasetKind,
    file: String,
    json: bool,
    lang: Lang,
    options: AnalysisOptions,
}

fn value<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
    let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
    v.parse().map_err(|_| format!("{flag}: “{v}” is not valid"))
}

fn date(flag: &str, v: Option<String>) -> Result<NaiveDate, String> {
    let v = v.ok_or_else(|| format!("{flag} needs a date"))?;
    NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| format!("{flag}: “{v}” is not YYYY-MM-DD"))
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut args = args.into_iter();
    let kind = args.next().ok_or(USAGE)?;
    if kind == "-h" || kind == "--help" {
        return Err(USAGE.into());
    }
    let kind = DatasetKind::parse(&kind).ok_or_else(|| format!("unknown kind “{kind}”\n{USAGE}"))?;
    let mut o = AnalysisOptions::default();
    o.import.kind = Some(kind);
    let (mut file, mut json, mut lang) = (None, false, Lang::En);
    let (mut from, mut to) = (None, None);
    while let Some(arg) = args.next() {
        let m = &mut o.metrics;
        match arg.as_str() {
            "--json" => json = true,
            "--lang" => lang = Lang::from_tag(&value::<String>(&arg, args.next())?),
            "--period" => {
                let v: String = value(&arg, args.next())?;
                o.report.period =
                    PeriodKind::parse(&v).ok_or_else(|| format!("--period: “{v}” is not month, week or quarter"))?;
            }
            "--segment" => o.report.segment = Some(value(&arg, args.next())?),
            "--from" => from = Some(date(&arg, args.next())?),
            "--to" => to = Some(date(&arg, args.next())?),
            "--survey-type" => {
                let v: String = value(&arg, args.next())?;
                m.survey_type = match v.to_ascii_lowercase().as_str() {
                    "nps" => SurveyType::Nps,
                    "csat" => SurveyType::Csat,
                    "ces" => SurveyType::Ces,
                    _ => return Err(format!("--survey-type: “{v}” is not nps, csat or ces")),
                }
            }
            "--csat-scale" => m.csat_scale = value(&arg, args.next())?,
            "--csat-threshold" => m.csat_threshold = Some(value(&arg, args.next())?),
            "--ces-scale" => m.ces_scale = value(&arg, args.next())?,
            "--ces-lower-is-easier" => m.ces_lower_is_easier = true,
            "--surveys-sent" => m.surveys_sent = Some(value(&arg, args.next())?),
            "--gross-margin" => m.gross_margin = value::<f64>(&arg, args.next())? / 100.0,
            "--ltv-churn-months" => m.ltv_churn_average_months = Some(value(&arg, args.next())?),
            "--net-churn" => {
                let v: String = value(&arg, args.next())?;
                m.net_churn = match v.to_ascii_lowercase().as_str() {
                    "standard" => NetChurnPreset::Standard,
                    "chartmogul" => NetChurnPreset::ChartMogul,
                    _ => return Err(format!("--net-churn: “{v}” is not standard or chartmogul")),
                }
            }
            "--lifespan-years" => m.customer_lifespan_years = Some(value(&arg, args.next())?),
            "--arpa" => m.arpa = Some(value(&arg, args.next())?),
            "--customers" => m.customer_count = Some(value(&arg, args.next())?),
            "--ttv-feature" => m.time_to_value_feature = Some(value(&arg, args.next())?),
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            _ if file.is_none() => file = Some(arg),
            _ => return Err(format!("one file only\n{USAGE}")),
        }
    }
    o.report.range = match (from, to) {
        (None, None) => None,
        (f, t) => Some((f.unwrap_or(NaiveDate::MIN), t.unwrap_or(NaiveDate::MAX))),
    };
    let file = file.ok_or_else(|| format!("no FILE given\n{USAGE}"))?;
    Ok(Args { kind, file, json, lang, options: o })
}

enum Failure {
    Read(std::io::Error),
    Import(ImportError),
}

/// CSV streams from the file: survey answers are counted as they are read (memory does not
/// grow with the file), MRR snapshots and subscription rows go into compact ledgers, other
/// kinds keep their typed rows; workbooks and JSON are read whole. Same import and metrics
/// as the app.
fn run(args: &Args) -> Result<kundenkpi::analysis::Analysis, Failure> {
    let file = File::open(&args.file).map_err(Failure::Read)?;
    analyze_reader(file, Some(&args.file), &args.options)
        .map_err(Failure::Read)?
        .map_err(Failure::Import)
}

fn main() -> ExitCode {
    // std::env::args() panics on an argument that is not UTF-8
    let raw: Result<Vec<String>, _> = std::env::args_os().skip(1).map(|a| a.into_string()).collect();
    let raw = match raw {
        Ok(raw) => raw,
        Err(bad) => {
            eprintln!("kpi: the argument “{}” is not valid UTF-8", bad.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    // `kpi sql …` prints a SQL script; its arguments are parsed by the sql module
    if raw.first().map(String::as_str) == Some("sql") {
        return match kundenkpi::sql::cli::run(raw.get(1..).unwrap_or(&[])) {
            Ok(script) => {
                print!("{script}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("kpi sql: {e}");
                ExitCode::from(2)
            }
        };
    }
    let args = match parse_args(raw) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let analysis = match run(&args) {
        Ok(a) => a,
        Err(Failure::Read(e)) => {
            eprintln!("kpi: cannot read {}: {e}", args.file);
            return ExitCode::from(1);
        }
        Err(Failure::Import(e)) => {
            eprintln!("kpi: {}: {}", args.file, e.message(args.lang));
            return ExitCode::from(1);
        }
    };
    debug_assert_eq!(analysis.report.kind, args.kind);
    if args.json {
        match serde_json::to_string(&analysis.report) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("kpi: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        print!("{}", analysis.report.to_text(args.lang));
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Args, String> {
        parse_args(s.split_whitespace().map(String::from))
    }

    #[test]
    fn flags_become_options() {
        let a = parse("subscriptions f.csv --json --period quarter --segment plan --gross-margin 80 --net-churn chartmogul --from 2024-01-01")
            .unwrap();
        assert_eq!(a.kind, DatasetKind::Subscriptions);
        assert!(a.json);
        assert_eq!(a.options.report.period, PeriodKind::Quarter);
        assert_eq!(a.options.report.segment.as_deref(), Some("plan"));
        assert!((a.options.metrics.gross_margin - 0.8).abs() < 1e-12);
        assert_eq!(a.options.metrics.net_churn, NetChurnPreset::ChartMogul);
        let (from, to) = a.options.report.range.unwrap();
        assert_eq!(from, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
        assert_eq!(to, NaiveDate::MAX);
    }

    #[test]
    fn bad_flags_are_errors_not_panics() {
        assert!(parse("survey f.csv --period fortnight").is_err());
        assert!(parse("survey f.csv --csat-scale").is_err());
        assert!(parse("survey f.csv --from 1.2.2024").is_err());
        assert!(parse("survey").is_err());
        assert!(parse("survey a.csv b.csv").is_err());
        assert!(parse("nope a.csv").is_err());
    }
}
