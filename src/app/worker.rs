//! The page's side of the analysis worker (`src/bin/worker.rs` has the protocol). Only the
//! newest request counts: older results are dropped; cancelling ends the worker and the next
//! request starts a fresh one.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, ErrorEvent, MessageEvent, Worker};

use crate::analysis::{Analysis, AnalysisOptions};
use crate::import::ImportError;

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
    pending: Option<Object>,
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

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

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
        let kind = get(&data, "type").as_string().unwrap_or_default();
        if kind == "ready" {
            let (worker, pending) = {
                let mut inner = self.0.borrow_mut();
                inner.ready = true;
                (inner.worker.clone(), inner.pending.take())
            };
            if let (Some(worker), Some(msg)) = (worker, pending) {
                post(&worker, &msg);
                self.0.borrow_mut().sent_source = get(&msg, "source").as_f64().map(|v| v as u32);
            }
            return;
        }
        let id = get(&data, "id").as_f64().map(|v| v as u32);
        let (current, on_event) = {
            let inner = self.0.borrow();
            (inner.current, inner.on_event.clone())
        };
        if id.is_none() || id != current {
            return;
        }
        match kind.as_str() {
            "progress" => on_event(WorkerEvent::Progress {
                done: get(&data, "done").as_f64().unwrap_or(0.0),
                total: get(&data, "total").as_f64().unwrap_or(0.0),
            }),
            "result" => {
                self.0.borrow_mut().current = None;
                let event = if get(&data, "ok").as_bool() == Some(true) {
                    let json = get(&data, "analysis").as_string().unwrap_or_default();
                    match serde_json::from_str::<Analysis>(&json) {
                        Ok(a) => WorkerEvent::Done(Box::new(Ok(a))),
                        Err(e) => WorkerEvent::Failed(e.to_string()),
                    }
                } else {
                    let error = get(&data, "error")
                        .as_string()
                        .and_then(|j| serde_json::from_str::<ImportError>(&j).ok());
                    let message = get(&data, "message").as_string().unwrap_or_default();
                    match error {
                        Some(e) => WorkerEvent::Done(Box::new(Err(e))),
                        None if get(&data, "unreadable").as_bool() == Some(true) => {
                            WorkerEvent::Unreadable(message)
                        }
                        None => WorkerEvent::Failed(message),
                    }
                };
                on_event(event);
            }
            _ => {}
        }
    }

    /// Analyses `blob` (the input numbered `source`) with `options`; the Blob is sent only
    /// when the worker does not hold it yet. It is posted, not transferred: the worker gets a
    /// reference to the same data (no copy) and reads it in slices.
    pub fn analyze(&self, source: u32, blob: &Blob, name: Option<&str>, options: &AnalysisOptions) {
        if self.0.borrow().worker.is_none() {
            self.start();
        }
        let msg = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&msg, &JsValue::from_str(k), &v);
        };
        let id = {
            let mut inner = self.0.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            inner.current = Some(id);
            id
        };
        set("type", "analyze".into());
        set("id", id.into());
        set("name", name.map(JsValue::from).unwrap_or(JsValue::NULL));
        set("options", serde_json::to_string(options).unwrap_or_else(|_| "{}".into()).into());
        set("source", source.into());
        // The Blob travels once per input; `sent_source` is set only once a message that
        // carries it has really been posted.
        if self.0.borrow().sent_source != Some(source) {
            set("blob", JsValue::from(blob.clone()));
        }
        let (ready, worker) = {
            let inner = self.0.borrow();
            (inner.ready, inner.worker.clone())
        };
        match (ready, worker) {
            (true, Some(worker)) => {
                post(&worker, &msg);
                self.0.borrow_mut().sent_source = Some(source);
            }
            _ => self.0.borrow_mut().pending = Some(msg),
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

fn post(worker: &Worker, msg: &Object) {
    if let Err(e) = worker.post_message(msg) {
        web_sys::console::error_1(&e);
    }
}
