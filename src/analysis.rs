//! The whole pipeline for one input: bytes → import → typed dataset → metric results.
//! The app and `kpi` both call this; neither computes a number itself.

use crate::dataset::Dataset;
use crate::import::{import, ImportError, ImportOptions, ImportReport};
use crate::metrics::survey::{survey_breakdown, SurveyMetrics};
use crate::metrics::{report, MetricOptions, Report, ReportOptions};

/// What one input yields.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// How the input was read: format, encoding, delimiter, column mapping, open questions.
    pub import: ImportReport,
    /// Every metric of the dataset (the JSON of `kpi --json` and of the exports).
    pub report: Report,
    /// Typed survey results for the whole range, for survey data.
    pub survey: Option<SurveyMetrics>,
}

/// Every option of one analysis.
#[derive(Clone, Debug, Default)]
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

/// The metrics of a dataset already imported (e.g. by the streaming CSV importer).
pub fn analyze_dataset(dataset: &Dataset, import: ImportReport, options: &AnalysisOptions) -> Analysis {
    let report = report(dataset, &options.metrics, &options.report);
    let survey = match dataset {
        Dataset::Survey(t) => {
            let o = &options.metrics;
            let r = &options.report;
            let breakdown = survey_breakdown(t, o, r.period, None, r.range);
            Some(breakdown.total.metrics(o))
        }
        _ => None,
    };
    Analysis { import, report, survey }
}
