//! The calculator's state, shared through context: the input, every option, and the
//! analysis computed from them.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::{analyze, Analysis, AnalysisOptions};
use crate::app::components::data_input::DataSource;
use crate::app::storage;
use crate::import::{ImportError, ImportOptions};
use crate::metrics::{MetricOptions, ReportOptions};

pub type AnalysisResult = Arc<Result<Analysis, ImportError>>;

#[derive(Clone, Copy)]
pub struct CalcState {
    pub source: RwSignal<Option<Arc<DataSource>>>,
    pub import_options: RwSignal<ImportOptions>,
    pub metric_options: RwSignal<MetricOptions>,
    pub report_options: RwSignal<ReportOptions>,
    pub analysis: RwSignal<Option<AnalysisResult>>,
}

const SETTINGS_KEY: &str = "settings";

/// Settings remembered in `localStorage` (never the data).
pub fn stored_metric_options() -> MetricOptions {
    storage::get(SETTINGS_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

impl CalcState {
    pub fn new(metric_options: MetricOptions, report_options: ReportOptions) -> Self {
        let state = CalcState {
            source: RwSignal::new(None),
            import_options: RwSignal::new(ImportOptions::default()),
            metric_options: RwSignal::new(metric_options),
            report_options: RwSignal::new(report_options),
            analysis: RwSignal::new(None),
        };
        // Recompute whenever the input or an option changes.
        Effect::new(move || {
            let source = state.source.get();
            let options = AnalysisOptions {
                import: state.import_options.get(),
                metrics: state.metric_options.get(),
                report: state.report_options.get(),
            };
            let result = source.map(|s| Arc::new(analyze(&s.bytes, s.name.as_deref(), &options)));
            state.analysis.set(result);
        });
        Effect::new(move || {
            let options = state.metric_options.get();
            if let Ok(json) = serde_json::to_string(&options) {
                storage::set(SETTINGS_KEY, &json);
            }
        });
        state
    }

    /// A new input: detection starts afresh.
    pub fn load(&self, source: DataSource) {
        self.import_options.set(ImportOptions::default());
        self.source.set(Some(Arc::new(source)));
    }

    pub fn clear(&self) {
        self.source.set(None);
    }
}

pub fn use_calc() -> CalcState {
    expect_context::<CalcState>()
}
