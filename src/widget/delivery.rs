//! Delivery, browser side: the answer payload (JSON or form-encoded), the persistent
//! outbox in localStorage, sending with `fetch` + `keepalive`, retry with backoff. What a
//! response means, when to retry and the outbox limits are pure code in [`super::policy`].
//!
//! A newer revision replaces an older one still waiting in the outbox (it contains all
//! fields). In `cors` mode (default) the revision key is the `Idempotency-Key` header; in
//! `simple` and `no-cors` mode no custom header is sent (no preflight) and the body carries
//! `id` and `revision`.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::config::Options;
use super::events::emit_for;
use super::options::Request;
use super::options::{RETRY_BASE_MS, RETRY_MAX_MS, TIMEOUT_MS};
use super::policy;
pub use super::policy::{backoff, classify, key_of, replaces, split_key, uuid_from, Outcome};
use super::store;

/// Version of public/widget-answer.schema.json.
pub const SCHEMA_VERSION: u32 = 1;

/// One answer, as sent. Field names are the calculator's survey columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub id: String,
    /// In the body only in `simple`/`no-cors` mode (else it is in the Idempotency-Key).
    pub revision: Option<u32>,
    pub survey: &'static str,
    pub score: u8,
    /// Local calendar date of the answer, YYYY-MM-DD.
    pub date: String,
    pub comment: String,
    pub customer: String,
    /// Origin and path of the page (no query, no fragment).
    pub page: String,
    pub lang: &'static str,
    pub extra: Vec<(String, String)>,
}

impl Answer {
    /// The fields as a JS object, in schema order (the browser's JSON and URL encoders
    /// do the escaping).
    fn object(&self) -> js_sys::Object {
        let o = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
        };
        let text = |k: &str, v: &str| {
            if !v.is_empty() {
                set(k, &JsValue::from_str(v));
            }
        };
        set("schema_version", &JsValue::from(SCHEMA_VERSION));
        text("id", &self.id);
        if let Some(r) = self.revision {
            set("revision", &JsValue::from(r));
        }
        text("survey", self.survey);
        set("score", &JsValue::from(self.score));
        text("date", &self.date);
        text("comment", &self.comment);
        text("customer", &self.customer);
        text("page", &self.page);
        text("lang", self.lang);
        for (k, v) in &self.extra {
            set(k, &JsValue::from_str(v));
        }
        o
    }

    pub fn to_json(&self) -> String {
        js_sys::JSON::stringify(&self.object()).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    /// application/x-www-form-urlencoded, same names; numbers as decimal text.
    pub fn to_form(&self) -> String {
        web_sys::UrlSearchParams::new_with_record_from_str_to_str(&self.object())
            .map(|p| String::from(p.to_string()))
            .unwrap_or_default()
    }
}

// ---- browser side ---------------------------------------------------------------------

thread_local! {
    /// Keys of requests in flight from this page.
    static INFLIGHT: js_sys::Set = js_sys::Set::new(&JsValue::UNDEFINED);
    /// `(key, response)`: one long-lived callback for every fetch, bound to its key.
    /// A rejection passes 0 instead of a Response: network error, time-out or CORS.
    static ON_RESULT: js_sys::Function = Closure::<dyn FnMut(JsValue, JsValue)>::new(|key: JsValue, r: JsValue| {
        // A fetch that resolved with status 0 is an opaque response: a completed no-cors
        // request (network errors reject).
        let (status, opaque) = match r.dyn_into::<web_sys::Response>() {
            Ok(r) => (r.status(), r.status() == 0),
            Err(_) => (0, false),
        };
        if let Some(k) = key.as_string() {
            done(&k, status, opaque);
        }
    })
    .into_js_value()
    .unchecked_into();
    static ON_TIMER: js_sys::Function = Closure::<dyn FnMut()>::new(|| {
        let _ = TIMER.try_with(|t| t.try_borrow_mut().map(|mut t| *t = None));
        flush(false);
    })
    .into_js_value()
    .unchecked_into();
    static TIMER: RefCell<Option<(i32, f64)>> = const { RefCell::new(None) };
    /// Retry timing of this page (from the widget's options; defaults until one starts).
    static TIMING: RefCell<(f64, f64, f64)> = const { RefCell::new(DEFAULT_TIMING) };
    /// Retries sent in this page view (capped by policy::may_retry).
    static RETRIES: Cell<u32> = const { Cell::new(0) };
}

pub fn set_timing(base: f64, max: f64, timeout: f64) {
    let _ = TIMING.try_with(|t| t.try_borrow_mut().map(|mut t| *t = (base, max, timeout)));
}

const DEFAULT_TIMING: (f64, f64, f64) =
    (RETRY_BASE_MS.default, RETRY_MAX_MS.default, TIMEOUT_MS.default);

fn timing() -> (f64, f64, f64) {
    TIMING
        .try_with(|t| t.try_borrow().map(|t| *t).unwrap_or(DEFAULT_TIMING))
        .unwrap_or(DEFAULT_TIMING)
}

fn inflight(key: &str) -> bool {
    INFLIGHT.try_with(|f| f.has(&JsValue::from_str(key))).unwrap_or(true)
}

fn set_inflight(key: &str, on: bool) {
    let _ = INFLIGHT.try_with(|f| {
        let k = JsValue::from_str(key);
        if on {
            f.add(&k);
        } else {
            f.delete(&k);
        }
    });
}

pub fn now() -> f64 {
    js_sys::Date::now()
}

// The outbox: localStorage `nps-survey:outbox`, a JSON array of requests
// `{k: revision key, u: URL, h: {headers}, b: body, m: request mode (0 cors, 1 simple,
// 2 no-cors), a: attempts, n: next try, t: queued at (epoch ms)}`.

fn field(o: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

fn put(o: &JsValue, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
}

fn key(e: &JsValue) -> String {
    field(e, "k").as_string().unwrap_or_default()
}

/// The queued requests (an empty list if missing or unreadable).
pub fn load() -> js_sys::Array {
    store::get("outbox")
        .and_then(|s| js_sys::JSON::parse(&s).ok())
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .unwrap_or_default()
}

fn save(es: &js_sys::Array) {
    if es.length() == 0 {
        store::remove("outbox");
    } else if let Some(s) = js_sys::JSON::stringify(es).ok().and_then(|s| s.as_string()) {
        store::set("outbox", &s);
    }
}

fn headers(opts: &Options, k: &str) -> JsValue {
    let h: JsValue = js_sys::Object::new().into();
    let ct = opts.request.content_type(opts.form);
    put(&h, "Content-Type", &JsValue::from_str(ct));
    if opts.request.custom_headers() {
        for (n, v) in &opts.headers {
            put(&h, n, &JsValue::from_str(v));
        }
        put(&h, "Idempotency-Key", &JsValue::from_str(k));
    }
    h
}

/// Queues a revision of an answer (persisted first, so it survives the page) and sends it.
pub fn submit(opts: &Options, k: String, body: String) {
    let e: JsValue = js_sys::Object::new().into();
    put(&e, "k", &JsValue::from_str(&k));
    put(&e, "u", &JsValue::from_str(&opts.endpoint));
    put(&e, "h", &headers(opts, &k));
    put(&e, "b", &JsValue::from_str(&body));
    put(&e, "m", &JsValue::from(opts.request as u32));
    put(&e, "a", &JsValue::from(0));
    put(&e, "n", &JsValue::from(0));
    put(&e, "t", &JsValue::from(now()));
    let keep = js_sys::Array::new();
    for x in load().iter() {
        match replaces(&key(&x), &k) {
            None => return,
            Some(true) => {}
            Some(false) => {
                keep.push(&x);
            }
        }
    }
    keep.push(&e);
    save(&limit(keep));
    send(&e);
}

/// Drops what is over the outbox limits (too old, too many per endpoint: the oldest go
/// first), each with a `survey:error` event; returns what is kept, in queue order.
fn limit(es: js_sys::Array) -> js_sys::Array {
    let t = now();
    let keep = js_sys::Array::new();
    for i in (0..es.length()).rev() {
        let e = es.get(i);
        let u = field(&e, "u");
        let newer = keep.iter().filter(|k| js_sys::Object::is(&field(k, "u"), &u)).count();
        if policy::over_limit(field(&e, "t").as_f64().unwrap_or(t), t, newer) {
            let k = key(&e);
            let id = split_key(&k).0;
            emit_for(
                id,
                "survey:error",
                &[("id", id), ("key", &k), ("error", "outbox limit")],
                None,
            );
        } else {
            keep.unshift(&e);
        }
    }
    keep
}

/// Sends every due entry (all of them when `all`, e.g. on pagehide) that is not in flight.
pub fn flush(all: bool) {
    let t = now();
    let es = load();
    let n = es.length();
    let es = limit(es);
    if es.length() != n {
        save(&es);
    }
    let mut soonest: Option<f64> = None;
    for e in es.iter() {
        if inflight(&key(&e)) {
            continue;
        }
        let next = field(&e, "n").as_f64().unwrap_or(0.0);
        if all || next <= t {
            send(&e);
        } else {
            soonest = Some(soonest.map_or(next, |s: f64| s.min(next)));
        }
    }
    if let Some(at) = soonest {
        schedule(at);
    }
}

fn schedule(at: f64) {
    let pending = TIMER.try_with(|t| t.try_borrow().ok().and_then(|t| *t)).ok().flatten();
    if let Some((_, when)) = pending {
        if when <= at {
            return;
        }
    }
    let Some(w) = web_sys::window() else { return };
    if let Some((h, _)) = pending {
        w.clear_timeout_with_handle(h);
    }
    // Not f64::clamp: its assertion would pull float formatting into the wasm.
    #[allow(clippy::manual_clamp)]
    let delay = (at - now()).max(0.0).min(2.0e9) as i32;
    let h = ON_TIMER
        .try_with(|cb| w.set_timeout_with_callback_and_timeout_and_arguments_0(cb, delay + 1));
    if let Ok(Ok(h)) = h {
        let _ = TIMER.try_with(|t| t.try_borrow_mut().map(|mut t| *t = Some((h, at))));
    }
}

fn send(e: &JsValue) {
    let Some(w) = web_sys::window() else { return };
    if field(e, "a").as_f64().unwrap_or(0.0) > 0.0 {
        let sent = RETRIES.try_with(|r| r.get()).unwrap_or(u32::MAX);
        if !policy::may_retry(sent) {
            return; // waits for the next page view
        }
        let _ = RETRIES.try_with(|r| r.set(sent + 1));
    }
    let k = key(e);
    let init: JsValue = js_sys::Object::new().into();
    put(&init, "method", &JsValue::from_str("POST"));
    put(&init, "keepalive", &JsValue::TRUE);
    put(&init, "headers", &field(e, "h"));
    put(&init, "body", &field(e, "b"));
    if Request::from_code(field(e, "m").as_f64().unwrap_or(0.0) as u32) == Request::NoCors {
        put(&init, "mode", &JsValue::from_str("no-cors"));
    }
    let init: web_sys::RequestInit = init.unchecked_into();
    let (_, _, timeout) = timing();
    if let Ok(ac) = web_sys::AbortController::new() {
        init.set_signal(Some(&ac.signal()));
        // setTimeout(ac.abort.bind(ac), timeout): no Rust closure needed.
        if let Ok(f) = js_sys::Reflect::get(&ac, &"abort".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &f.bind0(&ac),
                timeout as i32,
            );
        }
    }
    set_inflight(&k, true);
    let promise = w.fetch_with_str_and_init(&field(e, "u").as_string().unwrap_or_default(), &init);
    // promise.then(onResult.bind(null, key), onResult.bind(null, key, 0))
    let k = JsValue::from_str(&k);
    let _ = ON_RESULT.try_with(|f| {
        let ok = f.bind1(&JsValue::NULL, &k);
        let err = f.bind2(&JsValue::NULL, &k, &JsValue::from(0));
        if let Ok(then) = js_sys::Reflect::get(&promise, &"then".into()) {
            if let Some(then) = then.dyn_ref::<js_sys::Function>() {
                let _ = then.call2(&promise, &ok, &err);
            }
        }
    });
}

fn done(k: &str, status: u16, opaque: bool) {
    set_inflight(k, false);
    let es = load();
    let id = split_key(k).0.to_string();
    let at = es.iter().position(|x| key(&x) == k);
    let outcome = policy::outcome(status, opaque);
    if outcome == Outcome::Retry {
        // Only if still queued: a newer revision may have replaced it meanwhile.
        if let Some(i) = at {
            let x = es.get(i as u32);
            let n = (field(&x, "a").as_f64().unwrap_or(0.0) as u32).saturating_add(1);
            let (base, max, _) = timing();
            let next = (now() + backoff(base, max, n)).floor();
            put(&x, "a", &JsValue::from(n));
            put(&x, "n", &JsValue::from(next));
            save(&es);
            schedule(next);
        }
        return;
    }
    let keep = js_sys::Array::new();
    for x in es.iter() {
        if key(&x) != k {
            keep.push(&x);
        }
    }
    save(&keep);
    if outcome == Outcome::Done {
        // An opaque (no-cors) answer has status 0: delivered, content unknown.
        emit_for(&id, "survey:sent", &[("id", &id), ("key", k)], Some(status));
    } else {
        emit_for(
            &id,
            "survey:error",
            &[("id", &id), ("key", k), ("error", "rejected")],
            Some(status),
        );
    }
}
