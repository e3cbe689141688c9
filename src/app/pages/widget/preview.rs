//! The live preview's side of the page: public/widget-preview.html runs in an iframe
//! sandboxed to `allow-scripts` (an opaque origin: no access to the app, its storage or
//! its policy). It cannot fetch the widget's files itself (module scripts and the wasm
//! need CORS from an opaque origin), so the page fetches them once (same origin, allowed
//! by `connect-src 'self'`) and hands them over with the options by postMessage; the frame
//! reports what happened to an answer.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::widget::embed::{changed, sendable, Tr, Values};
use crate::widget::options as o;

/// What the preview says about the last answer given in it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PreviewStatus {
    /// No usable endpoint: the preview shows the look and sends nothing.
    NotSent,
    /// Sent, no answer from the endpoint yet.
    Queued,
    /// The endpoint confirmed it (2xx).
    Delivered,
    /// `no-cors`: the request completed; the endpoint's answer cannot be read.
    Opaque,
    /// No confirmation in time (error, no CORS headers, unreachable).
    Unconfirmed,
    /// The endpoint refused it for good (4xx).
    Rejected,
}

impl PreviewStatus {
    pub fn text(self) -> Tr {
        match self {
            PreviewStatus::NotSent => ("Not sent: enter an endpoint to send answers from the preview.", "Nicht gesendet: einen Endpunkt eintragen, um aus der Vorschau zu senden."),
            PreviewStatus::Queued => ("Queued, will be sent: waiting for the endpoint to confirm …", "In der Warteschlange, wird gesendet: warte auf die Bestätigung des Endpunkts …"),
            PreviewStatus::Delivered => ("Delivered: the endpoint confirmed the answer.", "Zugestellt: der Endpunkt hat die Antwort bestätigt."),
            PreviewStatus::Opaque => ("Sent; the endpoint's answer cannot be read (request mode “blind”): check that it arrived.", "Gesendet; die Antwort des Endpunkts ist nicht lesbar (Modus „blind“): prüfen Sie, ob sie ankam."),
            PreviewStatus::Unconfirmed => ("Not confirmed: the endpoint did not answer, failed, or sends no CORS headers. On your site the answer stays queued and will be sent again.", "Nicht bestätigt: der Endpunkt antwortete nicht, scheiterte oder sendet keine CORS-Header. Auf Ihrer Website bleibt die Antwort in der Warteschlange und wird erneut gesendet."),
            PreviewStatus::Rejected => ("Rejected by the endpoint (4xx): check the URL and the request mode.", "Vom Endpunkt abgelehnt (4xx): URL und Anfragemodus prüfen."),
        }
    }

    fn from_state(s: &str, sendable: bool) -> Option<PreviewStatus> {
        Some(match s {
            "answered" if !sendable => PreviewStatus::NotSent,
            "answered" => PreviewStatus::Queued,
            "sent" => PreviewStatus::Delivered,
            "opaque" => PreviewStatus::Opaque,
            "unconfirmed" => PreviewStatus::Unconfirmed,
            "rejected" => PreviewStatus::Rejected,
            _ => return None,
        })
    }
}

fn frame_window() -> Option<web_sys::Window> {
    let doc = web_sys::window()?.document()?;
    let frame = doc.query_selector("iframe[data-testid=widget-preview]").ok()??;
    let w = js_sys::Reflect::get(&frame, &"contentWindow".into()).ok()?;
    // A cross-origin WindowProxy is no `instanceof Window` in this realm: no checked cast.
    w.is_object().then(|| w.unchecked_into())
}

fn set(o: &js_sys::Object, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
}

/// The message for the frame: the widget's files (once) and the options.
fn message(values: &Values, files: &Option<(JsValue, JsValue)>) -> JsValue {
    let msg = js_sys::Object::new();
    set(&msg, "type", &"nps-preview".into());
    let opts = js_sys::Object::new();
    for (k, v) in changed(values) {
        set(&opts, &k, &JsValue::from_str(&v));
    }
    let endpoint = values.get(o::ENDPOINT).map(String::as_str).unwrap_or("");
    set(&msg, "send", &JsValue::from_bool(sendable(endpoint)));
    set(&msg, "options", &opts);
    if let Some((glue, wasm)) = files {
        set(&msg, "glue", glue);
        set(&msg, "wasm", wasm);
    }
    msg.into()
}

async fn fetch_files() -> Option<(JsValue, JsValue)> {
    let w = web_sys::window()?;
    let glue: web_sys::Response =
        JsFuture::from(w.fetch_with_str("widget/widget.js")).await.ok()?.dyn_into().ok()?;
    let wasm: web_sys::Response =
        JsFuture::from(w.fetch_with_str("widget/widget_bg.wasm")).await.ok()?.dyn_into().ok()?;
    if !glue.ok() || !wasm.ok() {
        return None;
    }
    let glue = JsFuture::from(glue.text().ok()?).await.ok()?;
    let wasm = JsFuture::from(wasm.array_buffer().ok()?).await.ok()?;
    Some((glue, wasm))
}

/// Keeps the frame in step with `values` and returns the status of the last answer.
pub fn connect(values: RwSignal<Values>) -> RwSignal<Option<PreviewStatus>> {
    let status = RwSignal::new(None);
    let files = RwSignal::new_local(None::<(JsValue, JsValue)>);
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if let Some((g, w)) = fetch_files().await {
            files.set(Some((g, w)));
        }
    });
    // The frame says "ready" once its script runs (again after a reload).
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(frame) = frame_window() else { return };
            if !e.source().is_some_and(|s| js_sys::Object::is(&s, &frame)) {
                return;
            }
            let data = e.data();
            let kind = js_sys::Reflect::get(&data, &"type".into())
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            match kind.as_str() {
                "nps-preview-ready" => {
                    ready.set(false);
                    ready.set(true);
                }
                "nps-preview-status" => {
                    let state = js_sys::Reflect::get(&data, &"state".into())
                        .ok()
                        .and_then(|t| t.as_string())
                        .unwrap_or_default();
                    let can_send = values.with_untracked(|v| {
                        sendable(v.get(o::ENDPOINT).map(String::as_str).unwrap_or(""))
                    });
                    if let Some(s) = PreviewStatus::from_state(&state, can_send) {
                        status.set(Some(s));
                    }
                }
                _ => {}
            }
        });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    }
    on_message.forget();
    Effect::new(move || {
        let v = values.get();
        if !ready.get() {
            return;
        }
        let f = files.get();
        if f.is_none() {
            return;
        }
        status.set(None);
        if let Some(frame) = frame_window() {
            let _ = frame.post_message(&message(&v, &f), "*");
        }
    });
    status
}
