//! The app's Web Worker: import and metrics run here, off the page's main thread, so the
//! page never freezes whatever the file size. Built by Trunk (`data-type="worker"`).
//!
//! Protocol (messages are plain objects):
//! - worker → page `{type: "ready"}` once the wasm runs;
//! - page → worker `{type: "analyze", id, name, options, bytes, source}`: `options` is the
//!   JSON of `AnalysisOptions` (`"{}"` = defaults), `bytes` an ArrayBuffer (transferred).
//!   `source` (optional) names the input: a later request with the same `source` and no
//!   `bytes` (only the options changed) reuses the bytes kept from the last one;
//! - worker → page `{type: "progress", id, done, total}` while importing, then
//!   `{type: "result", id, ok: true, analysis}` (JSON of `Analysis`) or
//!   `{type: "result", id, ok: false, error, message}` (JSON of `ImportError`, English text).

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use kundenkpi::analysis::{analyze_with_progress, AnalysisOptions};
use kundenkpi::i18n::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The last input: (source name, bytes).
    static LAST: RefCell<Option<(JsValue, Vec<u8>)>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(fields: &[(&str, JsValue)]) {
    let msg = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &JsValue::from_str(k), v);
    }
    let _ = scope().post_message(&msg);
}

fn get(msg: &JsValue, key: &str) -> JsValue {
    Reflect::get(msg, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn fail(id: &JsValue, error: JsValue, message: &str) {
    post(&[
        ("type", "result".into()),
        ("id", id.clone()),
        ("ok", false.into()),
        ("error", error),
        ("message", message.into()),
    ]);
}

fn handle(msg: JsValue) {
    if get(&msg, "type").as_string().as_deref() != Some("analyze") {
        return;
    }
    let id = get(&msg, "id");
    let name = get(&msg, "name").as_string();
    let options = match get(&msg, "options").as_string() {
        None => AnalysisOptions::default(),
        Some(json) => match serde_json::from_str::<AnalysisOptions>(&json) {
            Ok(o) => o,
            Err(e) => return fail(&id, JsValue::NULL, &format!("invalid options: {e}")),
        },
    };
    let source = get(&msg, "source");
    let bytes = get(&msg, "bytes");
    if !bytes.is_undefined() && !bytes.is_null() {
        let data = Uint8Array::new(&bytes).to_vec();
        LAST.with(|l| *l.borrow_mut() = Some((source.clone(), data)));
    }
    LAST.with(|l| {
        let last = l.borrow();
        let Some((kept, data)) = last.as_ref() else {
            return fail(&id, JsValue::NULL, "no input");
        };
        if !source.is_undefined() && !Object::is(kept, &source) {
            return fail(&id, JsValue::NULL, "input not known to the worker; send its bytes");
        }
        let mut reported = 0usize;
        let step = (data.len() / 50).max(1 << 20);
        let progress = |done: usize, total: usize| {
            if done >= reported + step {
                reported = done;
                post(&[
                    ("type", "progress".into()),
                    ("id", id.clone()),
                    ("done", (done as f64).into()),
                    ("total", (total as f64).into()),
                ]);
            }
        };
        match analyze_with_progress(data, name.as_deref(), &options, progress) {
            Ok(analysis) => match serde_json::to_string(&analysis) {
                Ok(json) => post(&[
                    ("type", "result".into()),
                    ("id", id.clone()),
                    ("ok", true.into()),
                    ("analysis", json.into()),
                ]),
                Err(e) => fail(&id, JsValue::NULL, &e.to_string()),
            },
            Err(e) => {
                let json = serde_json::to_string(&e).map(JsValue::from).unwrap_or(JsValue::NULL);
                fail(&id, json, &e.message(Lang::En));
            }
        }
    });
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| handle(ev.data()));
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&[("type", "ready".into())]);
}
