//! The calculator's state, shared through context: the input, every option, and the
//! analysis computed from them.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::{Analysis, AnalysisOptions};
use crate::app::data_source::DataSource;
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
    /// The import review opened (`Some(true)`) or folded (`Some(false)`) by the user; `None`
    /// until then: it is open while something is to be chosen, folded once the data is read.
    pub review_open: RwSignal<Option<bool>>,
    /// The next result (or error) is brought into view and gets the focus: set by a new
    /// input the user gave with a click (a file, a sample, a paste), not by typing or by a
    /// changed option, which must leave the focus where it is.
    reveal: StoredValue<bool>,
    /// The review step's control the user just changed (a CSS selector): the review is
    /// drawn anew for the new result, and the keyboard focus goes back to that control.
    refocus: StoredValue<Option<String>>,
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
            review_open: RwSignal::new(None),
            reveal: StoredValue::new(false),
            refocus: StoredValue::new(None),
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
                state.reveal_if_asked();
            }
            WorkerEvent::Unreadable(detail) => {
                state.analysis.set(None);
                state.progress.set(Progress::Unreadable(detail));
                state.reveal_if_asked();
            }
            WorkerEvent::Failed(detail) => {
                state.analysis.set(None);
                state.progress.set(Progress::Failed(detail));
                state.reveal_if_asked();
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

    /// A new input given with a click (a file, a sample, a paste): detection starts
    /// afresh, and its result is brought into view.
    pub fn load(&self, source: DataSource) {
        self.reveal.set_value(true);
        self.start(source);
    }

    /// A new input being typed: like [`load`](Self::load), but the focus stays in the
    /// paste box.
    pub fn load_typed(&self, source: DataSource) {
        self.reveal.set_value(false);
        self.start(source);
    }

    /// The answer to an input given with a click has arrived: bring it into view (once).
    /// After a choice in the review step, the focus goes back to the control changed.
    fn reveal_if_asked(&self) {
        let refocus = self.refocus.try_update_value(Option::take).flatten();
        if self.reveal.get_value() {
            self.reveal.set_value(false);
            reveal_result();
        } else if let Some(selector) = refocus {
            leptos::prelude::set_timeout(
                move || focus_selector(&selector),
                std::time::Duration::from_millis(0),
            );
        }
    }

    /// Remembers the focused control of the review step, to focus it again in the review
    /// drawn for the result of the user's choice.
    pub fn keep_focus(&self) {
        self.refocus.set_value(focused_control());
    }

    fn start(&self, source: DataSource) {
        let id = self.next_source.get_value();
        self.next_source.set_value(id.wrapping_add(1));
        self.import_options.set(ImportOptions::default());
        self.review_open.set(None);
        // a range chosen for the last input would hide this one's rows: start with the
        // data's own range
        if self.report_options.with_untracked(|o| o.range.is_some()) {
            self.report_options.update(|o| o.range = None);
        }
        self.source.set(Some((id, Rc::new(source))));
    }

    pub fn clear(&self) {
        self.reveal.set_value(false);
        if self.report_options.with_untracked(|o| o.range.is_some()) {
            self.report_options.update(|o| o.range = None);
        }
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

/// Brings the result into view once it is drawn, with the focus on its heading (or on the
/// message saying why there is none), so that on a phone something visibly answers the
/// click and a screen reader reads what came of it.
pub fn reveal_result() {
    // after the render of the new result (effects run before the next task)
    leptos::prelude::set_timeout(focus_result, std::time::Duration::from_millis(0));
}

/// A selector for the focused control: its `data-testid`, within its column's row.
fn focused_control() -> Option<String> {
    let el = leptos::prelude::document().active_element()?;
    let testid = el.get_attribute("data-testid")?;
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let row = el.closest("tr[data-header]").ok().flatten();
    Some(match row.and_then(|r| r.get_attribute("data-header")) {
        Some(header) => {
            format!(r#"tr[data-header="{}"] [data-testid="{}"]"#, quote(&header), quote(&testid))
        }
        None => format!(r#"[data-testid="{}"]"#, quote(&testid)),
    })
}

fn focus_selector(selector: &str) {
    use wasm_bindgen::JsCast;
    let found = leptos::prelude::document().query_selector(selector).ok().flatten();
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Focuses the message saying why there is no result, else the result's heading, else the
/// import review's, else the input's (nothing analysed yet), and scrolls it into view.
pub fn focus_result() {
    use wasm_bindgen::JsCast;
    const TARGETS: [&str; 5] = [
        "[data-testid=import-error]",
        "#results-heading",
        "#review-heading",
        "[data-testid=input-unreadable], [data-testid=worker-failed]",
        "#input-heading",
    ];
    let document = leptos::prelude::document();
    let found = TARGETS.iter().find_map(|t| document.query_selector(t).ok().flatten());
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        // the card it is in from its top (a message inside the review: with the review's
        // heading), then the focus, which does not scroll what is in view
        let card = el.closest(".card").ok().flatten();
        card.as_ref().unwrap_or(&el).scroll_into_view_with_bool(true);
        let _ = el.focus();
    }
}

pub fn use_calc() -> CalcState {
    expect_context::<CalcState>()
}
