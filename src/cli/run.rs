//! One `kpi` run: the input opened, imported and analysed, and the exit code.
//!
//! [`analyse`] is the one place where a run's input is opened and analysed.

use std::fs::File;
use std::io::Read;
use std::process::ExitCode;

use super::args::{Cli, Command, Input, Inspect};
use super::output::{emit, inspect_text, print_json};
use super::progress::Progress;
use crate::analysis::{analyze_reader, Analysis, AnalysisOptions};
use crate::dataset::DatasetKind;
use crate::i18n::Lang;
use crate::import::{import_reader_with, ImportError, ImportReport};

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
    // a large CSV file: read in parts on every core (the same result as reading in order)
    if let Some(result) = (input.file != "-")
        .then(|| crate::parallel::analyze_file(std::path::Path::new(&input.file), options))
        .flatten()
    {
        return result.map_err(Failure::Read)?.map_err(Failure::Import);
    }
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

/// `kpi sql …`: the arguments after `sql` are the SQL module's own (docs/sql.md).
fn sql(args: &[String]) -> ExitCode {
    if args.first().is_none_or(|a| a == "-h" || a == "--help") {
        return emit(&format!("{}\n", crate::sql::cli::USAGE));
    }
    match crate::sql::cli::run(args) {
        Ok(script) => emit(&script),
        Err(e) => {
            eprintln!("kpi sql: {e}");
            ExitCode::from(2)
        }
    }
}

pub(crate) fn run(cli: Cli) -> ExitCode {
    let (kind, run) = match cli.command {
        Command::Sql { args } => return sql(&args),
        Command::Completions { shell } => return super::completions::completions(shell),
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
    let options = run.options(kind);
    let analysis = match analyse(&run.input, &options) {
        Ok(a) => a,
        Err(f) => return f.report(&run.input.file, lang),
    };
    debug_assert_eq!(analysis.report.kind, kind);
    if run.survey.comments {
        // the comments are not in the report's JSON (they are big): their own output
        return print_json(&analysis.survey.and_then(|s| s.comments).unwrap_or_default());
    }
    if run.json {
        // the report's keys as before, the data's days added last
        print_json(&crate::export::ReportJson {
            report: &analysis.report,
            coverage: analysis.coverage,
        })
    } else {
        // a range that leaves no rows: say what the data covers instead
        if let (0, Some(range)) = (analysis.report.rows, options.report.range) {
            eprintln!(
                "{}",
                crate::presentation::coverage::no_rows_in_range(range, analysis.coverage, lang)
            );
        }
        emit(&analysis.report.to_text(lang))
    }
}
