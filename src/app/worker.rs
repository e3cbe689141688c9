//! The page's side of the analysis worker (the messages: `crate::worker_protocol`). Only the
//! newest request counts: older results are dropped; cancelling ends the worker and the next
//! request starts a fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};

use crate::analysis::{Analysis, AnalysisOptions};
use crate::import::ImportError;
use crate::worker_protocol::js::{from_js, to_js, Carried};
use crate::worker_protocol::{AnalyzeRequest, FromWorker, Json, ToWorker, WorkerError};

/// What the worker tells the page about the current request.
pub enum WorkerEvent {
    Progress {
        done: f64,
        total: f64,
    },
    /// Boxed: an analysis is large, the other events are a few numbers.
    Done(Box<Result<Analysis, ImportError>>),
    /// The worker could not read the input (a file changed or deleted since it was chosen),
    /// with a technical detail.
    Unreadable(String),
    /// The worker could not start or stopped (an internal error), with a technical detail.
    Failed(String),
}

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    /// A request waiting for `ready`.
    pending: Option<AnalyzeRequest<Carried>>,
    /// The id of the request whose answer is wanted.
    current: Option<u32>,
    next_id: u32,
    /// The input whose Blob the running worker holds.
    sent_source: Option<u32>,
    on_event: Rc<dyn Fn(WorkerEvent)>,
    /// Keeps the callbacks alive as long as their worker.
    _closures: Vec<Closure<dyn FnMut(JsValue)>>,
}

#[derive(Clone)]
pub struct AnalysisWorker(Rc<RefCell<Inner>>);

impl AnalysisWorker {
    pub fn new(on_event: impl Fn(WorkerEvent) + 'static) -> Self {
        let w = AnalysisWorker(Rc::new(RefCell::new(Inner {
            worker: None,
            ready: false,
            pending: None,
            current: None,
            next_id: 1,
            sent_source: None,
            on_event: Rc::new(on_event),
            _closures: Vec::new(),
        })));
        w.start();
        w
    }

    /// Starts the worker (its script loads while the user chooses a file).
    fn start(&self) {
        let url = "worker_loader.js";
        let worker = match Worker::new(url) {
            Ok(w) => w,
            Err(e) => {
                let on_event = self.0.borrow().on_event.clone();
                on_event(WorkerEvent::Failed(format!("{e:?}")));
                return;
            }
        };
        let me = Rc::downgrade(&self.0);
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(inner) = me.upgrade() else { return };
            let data = ev.unchecked_into::<MessageEvent>().data();
            AnalysisWorker(inner).message(data);
        });
        let me = Rc::downgrade(&self.0);
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(inner) = me.upgrade() else { return };
            let detail = ev.dyn_ref::<ErrorEvent>().map(|e| e.message()).unwrap_or_default();
            let this = AnalysisWorker(inner);
            let wanted = this.0.borrow().current.is_some();
            this.stop();
            if wanted {
                let on_event = this.0.borrow().on_event.clone();
                on_event(WorkerEvent::Failed(detail));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.0.borrow_mut();
        inner.worker = Some(worker);
        inner.ready = false;
        inner.sent_source = None;
        inner._closures = vec![on_message, on_error];
    }

    fn message(&self, data: JsValue) {
        let message = match from_js::<FromWorker>(data) {
            Ok(m) => m,
            Err(e) => {
                web_sys::console::error_1(&format!("message from the worker: {e}").into());
                return;
            }
        };
        let (id, event) = match message {
            FromWorker::Ready => {
                let (worker, pending) = {
                    let mut inner = self.0.borrow_mut();
                    inner.ready = true;
                    (inner.worker.clone(), inner.pending.take())
                };
                if let (Some(worker), Some(request)) = (worker, pending) {
                    let source = request.source;
                    post(&worker, request);
                    self.0.borrow_mut().sent_source = source;
                }
                return;
            }
            FromWorker::Progress { id, done, total } => (id, WorkerEvent::Progress { done, total }),
            FromWorker::Result { id, analysis: Json(analysis) } => {
                (id, WorkerEvent::Done(Box::new(Ok(*analysis))))
            }
            FromWorker::Error { id, error } => (
                id,
                match error {
                    WorkerError::Import(e) => WorkerEvent::Done(Box::new(Err(e))),
                    WorkerError::Unreadable(detail) => WorkerEvent::Unreadable(detail),
                    WorkerError::Failed(detail) => WorkerEvent::Failed(detail),
                },
            ),
        };
        let (current, on_event) = {
            let inner = self.0.borrow();
            (inner.current, inner.on_event.clone())
        };
        if current != Some(id) {
            return;
        }
        if !matches!(event, WorkerEvent::Progress { .. }) {
            self.0.borrow_mut().current = None;
        }
        on_event(event);
    }

    /// Analyses `blob` (the input numbered `source`) with `options`; the Blob is sent only
    /// when the worker does not hold it yet. It is posted, not transferred: the worker gets a
    /// reference to the same data (no copy) and reads it in slices.
    pub fn analyze(&self, source: u32, blob: &Blob, name: Option<&str>, options: &AnalysisOptions) {
        if self.0.borrow().worker.is_none() {
            self.start();
        }
        let id = {
            let mut inner = self.0.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            inner.current = Some(id);
            id
        };
        // The Blob travels once per input; `sent_source` is set only once a message that
        // carries it has really been posted.
        let input = (self.0.borrow().sent_source != Some(source))
            .then(|| Carried::Blob(JsValue::from(blob.clone())));
        let request = AnalyzeRequest {
            id,
            name: name.map(str::to_owned),
            source: Some(source),
            options: options.clone(),
            input,
        };
        let (ready, worker) = {
            let inner = self.0.borrow();
            (inner.ready, inner.worker.clone())
        };
        match (ready, worker) {
            (true, Some(worker)) => {
                post(&worker, request);
                self.0.borrow_mut().sent_source = Some(source);
            }
            _ => self.0.borrow_mut().pending = Some(request),
        }
    }

    /// Stops the running analysis; the worker is ended and restarted for the next one.
    pub fn cancel(&self) {
        self.stop();
        self.start();
    }

    fn stop(&self) {
        let mut inner = self.0.borrow_mut();
        if let Some(w) = inner.worker.take() {
            w.terminate();
        }
        inner.current = None;
        inner.pending = None;
        inner.ready = false;
        inner.sent_source = None;
    }
}

fn post(worker: &Worker, request: AnalyzeRequest<Carried>) {
    let sent = to_js(&ToWorker::Analyze(request))
        .map_err(JsValue::from)
        .and_then(|message| worker.post_message(&message));
    if let Err(e) = sent {
        web_sys::console::error_1(&e);
    }
}
