//! The widget's DOM events: `survey:shown`, `survey:answered`, `survey:sent`,
//! `survey:closed`, `survey:error` (bubbling, composed CustomEvents), dispatched on the
//! host element of the widget concerned, or on the document once that host is gone.
//! Also the small listener and timer helpers the other browser modules share.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event};

thread_local! {
    /// Answer id → the host element of the widget that took it (for delivery events,
    /// which arrive after the fact and know only the id).
    static HOSTS: RefCell<Vec<(String, Element)>> = const { RefCell::new(Vec::new()) };
}

pub fn doc() -> Option<Document> {
    web_sys::window()?.document()
}

/// Remembers which host element answer `id` belongs to.
pub fn register(id: &str, host: &Element) {
    // Ids are random and registered once.
    let _ =
        HOSTS.try_with(|h| h.try_borrow_mut().map(|mut h| h.push((id.to_string(), host.clone()))));
}

fn host_of(id: &str) -> Option<Element> {
    HOSTS
        .try_with(|h| {
            h.try_borrow()
                .ok()
                .and_then(|h| h.iter().find(|(i, _)| i == id).map(|(_, e)| e.clone()))
        })
        .ok()
        .flatten()
}

#[inline(never)]
fn dispatch(target: &web_sys::EventTarget, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&ev);
    }
}

/// An event detail object: string fields, then `status` and `score` if given.
#[inline(never)]
pub fn detail(fields: &[(&str, &str)], status: Option<u16>, score: Option<u8>) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    if let Some(s) = status {
        let _ = js_sys::Reflect::set(&o, &"status".into(), &JsValue::from(s));
    }
    if let Some(s) = score {
        let _ = js_sys::Reflect::set(&o, &"score".into(), &JsValue::from(s));
    }
    o.into()
}

/// Dispatches on `host` if it is in the document (bubbles, composed), else on document.
#[inline(never)]
pub fn emit_on(host: Option<&Element>, name: &str, d: JsValue) {
    match host.filter(|h| h.is_connected()) {
        Some(h) => dispatch(h, name, &d),
        None => {
            if let Some(doc) = doc() {
                dispatch(&doc, name, &d);
            }
        }
    }
}

/// Emits an event about answer `id` on the host of the widget that took it.
pub fn emit_for(id: &str, name: &str, fields: &[(&str, &str)], status: Option<u16>) {
    emit_on(host_of(id).as_ref(), name, detail(fields, status, None));
}

#[inline(never)]
pub fn listen(target: &web_sys::EventTarget, name: &str, f: impl FnMut(Event) + 'static) {
    let c = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(name, c.as_ref().unchecked_ref());
    c.forget();
}

pub fn set_timeout(ms: f64, f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let c = Closure::once_into_js(f);
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(c.unchecked_ref(), ms as i32);
    }
}

/// String pairs of a plain JS object (non-string values are skipped).
pub fn pairs(v: &JsValue) -> Vec<(String, String)> {
    let Some(o) = v.dyn_ref::<js_sys::Object>() else {
        return Vec::new();
    };
    js_sys::Object::entries(o)
        .iter()
        .filter_map(|e| {
            let a = e.dyn_into::<js_sys::Array>().ok()?;
            Some((a.get(0).as_string()?, a.get(1).as_string()?))
        })
        .collect()
}
