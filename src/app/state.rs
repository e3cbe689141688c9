//! The calculator's state, shared through context: the input, every option, and the
//! analysis computed from them.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::{Analysis, AnalysisOptions};
use crate::app::components::data_input::DataSource;
use crate::app::storage;
use crate::app::worker::{AnalysisWorker, WorkerEvent};
use crate::import::{ImportError, ImportOptions};
use crate::metrics::MetricOptions;
use crate::report::ReportOptions;

pub type AnalysisResult = Arc<Result<Analysis, ImportError>>;

/// Where the current analysis stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    Idle,
    /// Bytes imported so far of the total.
    Running {
        done: f64,
        total: f64,
    },
    Cancelled,
    /// The input could not be read (e.g. the file changed on disk since it was chosen),
    /// with a technical detail.
    Unreadable(String),
    /// The worker failed (an internal error, not the data's fault).
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct CalcState {
    /// The input and its number (a new number for every new input). It holds a `Blob`, a
    /// JS object, so the signal lives on this thread.
    pub source: RwSignal<Option<(u32, Rc<DataSource>)>, LocalStorage>,
    pub import_options: RwSignal<ImportOptions>,
    pub metric_options: RwSignal<MetricOptions>,
    pub report_options: RwSignal<ReportOptions>,
    pub analysis: RwSignal<Option<AnalysisResult>>,
    pub progress: RwSignal<Progress>,
    /// The settings panel stays open while the dashboard is recomputed.
    pub settings_open: RwSignal<bool>,
    worker: StoredValue<Option<AnalysisWorker>, LocalStorage>,
    next_source: StoredValue<u32>,
}

const SETTINGS_KEY: &str = "settings";

/// Settings remembered in `localStorage` (never the data).
pub fn stored_metric_options() -> MetricOptions {
    storage::get(SETTINGS_KEY).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

impl CalcState {
    pub fn new(metric_options: MetricOptions, report_options: ReportOptions) -> Self {
        let state = CalcState {
            source: RwSignal::new_local(None),
            import_options: RwSignal::new(ImportOptions::default()),
            metric_options: RwSignal::new(metric_options),
            report_options: RwSignal::new(report_options),
            analysis: RwSignal::new(None),
            progress: RwSignal::new(Progress::Idle),
            settings_open: RwSignal::new(false),
            worker: StoredValue::new_local(None),
            next_source: StoredValue::new(1),
        };
        let worker = AnalysisWorker::new(move |event| match event {
            WorkerEvent::Progress { done, total } => {
                state.progress.set(Progress::Running { done, total })
            }
            WorkerEvent::Done(result) => {
                state.progress.set(Progress::Idle);
                state.analysis.set(Some(Arc::new(*result)));
            }
            WorkerEvent::Unreadable(detail) => {
                state.analysis.set(None);
                state.progress.set(Progress::Unreadable(detail));
            }
            WorkerEvent::Failed(detail) => {
                state.analysis.set(None);
                state.progress.set(Progress::Failed(detail));
            }
        });
        state.worker.set_value(Some(worker));
        // Recompute (in the worker) whenever the input or an option changes.
        Effect::new(move || {
            let source = state.source.get();
            let options = AnalysisOptions {
                import: state.import_options.get(),
                metrics: state.metric_options.get(),
                report: state.report_options.get(),
            };
            match source {
                Some((id, s)) => {
                    state.progress.set(Progress::Running { done: 0.0, total: s.size() });
                    state.worker.with_value(|w| {
                        if let Some(w) = w {
                            w.analyze(id, &s.blob, s.name.as_deref(), &options);
                        }
                    });
                }
                None => {
                    state.worker.with_value(|w| {
                        if let Some(w) = w {
                            w.cancel();
                        }
                    });
                    state.progress.set(Progress::Idle);
                    state.analysis.set(None);
                }
            }
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
        let id = self.next_source.get_value();
        self.next_source.set_value(id.wrapping_add(1));
        self.import_options.set(ImportOptions::default());
        self.source.set(Some((id, Rc::new(source))));
    }

    pub fn clear(&self) {
        self.source.set(None);
    }

    /// Stops a running analysis; the input stays, nothing is shown for it.
    pub fn cancel(&self) {
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.cancel();
            }
        });
        self.analysis.set(None);
        self.progress.set(Progress::Cancelled);
    }
}

pub fn use_calc() -> CalcState {
    expect_context::<CalcState>()
}
