//! The whole pipeline for one input: bytes → import → typed dataset → metric results.
//! The app and `kpi` both call this; neither computes a number itself.

use serde::{Deserialize, Serialize};

use crate::dataset::Dataset;
use crate::import::{import, import_reader, ImportError, ImportOptions, ImportReport};
use crate::metrics::report::report_with_survey;
use crate::metrics::survey::SurveyMetrics;
use crate::metrics::tickets::ticket_metrics;
use crate::metrics::{MetricOptions, Report, ReportOptions};

/// What one input yields. It crosses from the app's worker to the page as JSON.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Analysis {
    /// How the input was read: format, encoding, delimiter, column mapping, open questions.
    pub import: ImportReport,
    /// Every metric of the dataset (the JSON of `kpi --json` and of the exports).
    pub report: Report,
    /// Typed survey results for the whole range, for survey data.
    pub survey: Option<SurveyMetrics>,
    /// Ticket durations in hours (first response, resolution), for the histogram.
    pub ticket_hours: Option<TicketHours>,
}

/// Every ticket's first response and resolution time, in hours.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketHours {
    pub first_response: Vec<f64>,
    pub resolution: Vec<f64>,
}

/// Every option of one analysis (`{}` in JSON = every default).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisOptions {
    pub import: ImportOptions,
    pub metrics: MetricOptions,
    pub report: ReportOptions,
}

pub fn analyze(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &AnalysisOptions,
) -> Result<Analysis, ImportError> {
    let imported = import(bytes, file_name, &options.import)?;
    Ok(analyze_dataset(&imported.dataset, imported.report, options))
}

/// Like [`analyze`], and says how far the import has read: `progress(done, total)` bytes,
/// called once per chunk (CSV streams in chunks; workbooks and JSON are read at once).
pub fn analyze_with_progress(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &AnalysisOptions,
    progress: impl FnMut(usize, usize),
) -> Result<Analysis, ImportError> {
    let reader = ProgressReader { rest: bytes, total: bytes.len(), progress };
    let imported = match import_reader(reader, file_name, &options.import) {
        Ok(result) => result?,
        // reading from memory cannot fail; should it, the whole-input path still works
        Err(_) => import(bytes, file_name, &options.import)?,
    };
    Ok(analyze_dataset(&imported.dataset, imported.report, options))
}

/// Like [`analyze`], reading from `reader` in chunks (a file in `kpi`, a `Blob` in the
/// app's worker), so the input is never held whole in memory. The outer error is the
/// reader's; the inner one the input's.
pub fn analyze_reader<R: std::io::Read>(
    reader: R,
    file_name: Option<&str>,
    options: &AnalysisOptions,
) -> std::io::Result<Result<Analysis, ImportError>> {
    Ok(import_reader(reader, file_name, &options.import)?
        .map(|imported| analyze_dataset(&imported.dataset, imported.report, options)))
}

/// Bytes in memory as a reader that reports how much has been read.
struct ProgressReader<'a, F> {
    rest: &'a [u8],
    total: usize,
    progress: F,
}

impl<F: FnMut(usize, usize)> std::io::Read for ProgressReader<'_, F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.rest.read(buf)?;
        (self.progress)(self.total - self.rest.len(), self.total);
        Ok(n)
    }
}

/// The metrics of a dataset already imported (e.g. by the streaming CSV importer).
pub fn analyze_dataset(dataset: &Dataset, import: ImportReport, options: &AnalysisOptions) -> Analysis {
    let (report, survey) = report_with_survey(dataset, &options.metrics, &options.report);
    let ticket_hours = match dataset {
        Dataset::Tickets(t) => {
            let o = &options.metrics;
            let in_range = t.rows.iter().filter(|r| {
                options.report.range.is_none_or(|(a, b)| (a..=b).contains(&r.created.date()))
            });
            let m = ticket_metrics(in_range, o.customer_count, o.csat_scale, o.csat_threshold);
            Some(TicketHours { first_response: m.first_response_values, resolution: m.resolution_values })
        }
        _ => None,
    };
    Analysis { import, report, survey, ticket_hours }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "Datum;Bewertung;Tarif\n01.03.2024;10;Pro\n02.03.2024;11;Pro\n03.04.2024;6;Basic\n";

    #[test]
    fn progress_path_gives_the_same_analysis() {
        let options = AnalysisOptions::default();
        let whole = analyze(CSV.as_bytes(), None, &options).unwrap();
        let mut calls = Vec::new();
        let streamed = analyze_with_progress(CSV.as_bytes(), None, &options, |d, t| calls.push((d, t))).unwrap();
        assert_eq!(serde_json::to_string(&whole).unwrap(), serde_json::to_string(&streamed).unwrap());
        assert_eq!(calls.last(), Some(&(CSV.len(), CSV.len())));
    }

    /// The app's worker sends the analysis as JSON: nothing may be lost on the way,
    /// rejection reasons included (the page says them in German too).
    #[test]
    fn analysis_round_trips_through_json() {
        let a = analyze(CSV.as_bytes(), Some("umfrage.csv"), &AnalysisOptions::default()).unwrap();
        let json = serde_json::to_string(&a).unwrap();
        let back: Analysis = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.report.rejected, a.report.rejected);
        assert_eq!(back.report.rejected[0].column, "Bewertung");
        assert_eq!(back.survey.unwrap().nps.n, 2);
        // floats survive the trip to the last bit (serde_json's float_roundtrip)
        for x in [106.64259927797833_f64, 94.01925391095067, 0.1 + 0.2, 1e-300, 123456.789e10] {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
            assert_eq!(back.to_bits(), x.to_bits());
        }
        let options: AnalysisOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(options.metrics, crate::metrics::MetricOptions::default());
        let err = analyze(b"", None, &AnalysisOptions::default()).unwrap_err();
        let back: ImportError = serde_json::from_str(&serde_json::to_string(&err).unwrap()).unwrap();
        assert_eq!(back, err);
    }
}
