//! Delivery: the answer payload (JSON or form-encoded), the persistent outbox in
//! localStorage, sending with `fetch` + `keepalive`, retry with backoff.
//!
//! Every send of an answer is one *revision* of it: revision 1 carries the score (sent the
//! moment it is clicked), later revisions the changed score and/or the comment. The
//! `Idempotency-Key` header is the answer id for revision 1 and `<id>.<n>` for revision n,
//! so a receiver drops repeated requests and keeps the highest revision per id. A newer
//! revision replaces an older one still waiting in the outbox (it contains all fields).

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::config::{cat, int};
use super::store;

/// Version of public/widget-answer.schema.json.
pub const SCHEMA_VERSION: u32 = 1;

/// One answer, as sent. Field names are the calculator's survey columns.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub id: String,
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
        js_sys::JSON::stringify(&self.object())
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }

    /// application/x-www-form-urlencoded, same names; numbers as decimal text.
    pub fn to_form(&self) -> String {
        web_sys::UrlSearchParams::new_with_record_from_str_to_str(&self.object())
            .map(|p| String::from(p.to_string()))
            .unwrap_or_default()
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Formats 16 random bytes as a version-4 UUID.
pub fn uuid_from(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(x >> 4) as usize] as char);
        s.push(HEX[(x & 15) as usize] as char);
    }
    s
}

/// The Idempotency-Key of revision `rev` of answer `id`.
pub fn key_of(id: &str, rev: u32) -> String {
    if rev <= 1 {
        id.to_string()
    } else {
        cat(&[id, ".", &int(rev as i64)])
    }
}

/// Splits an Idempotency-Key into (id, revision).
pub fn split_key(key: &str) -> (&str, u32) {
    match key.rsplit_once('.') {
        Some((id, r)) => match r.parse::<u32>() {
            Ok(n) => (id, n),
            Err(_) => (key, 1),
        },
        None => (key, 1),
    }
}

/// How a queued revision relates to a new one (Idempotency-Keys `queued` and `new`):
/// `None` if the queue already holds the same or a newer revision of that answer (the
/// new one is not queued), `Some(true)` if the queued one is older (it is dropped: the
/// new revision carries every field), `Some(false)` if it is another answer.
pub fn replaces(queued: &str, new: &str) -> Option<bool> {
    let (qi, qr) = split_key(queued);
    let (ni, nr) = split_key(new);
    if qi != ni {
        Some(false)
    } else if qr >= nr {
        None
    } else {
        Some(true)
    }
}

/// Wait before try `attempts + 1`: base·2^(attempts−1), at most `max`.
pub fn backoff(base: f64, max: f64, attempts: u32) -> f64 {
    (base * 2f64.powi(attempts.saturating_sub(1).min(30) as i32)).min(max)
}

/// What to do after a response status (0 = network error or timeout).
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Retry,
    Final,
}

pub fn classify(status: u16) -> Outcome {
    match status {
        200..=299 => Outcome::Done,
        0 | 408 | 429 | 500..=599 => Outcome::Retry,
        _ => Outcome::Final,
    }
}

// ---- browser side ---------------------------------------------------------------------

thread_local! {
    /// Keys of requests in flight from this page.
    static INFLIGHT: js_sys::Set = js_sys::Set::new(&JsValue::UNDEFINED);
    /// `(key, response)`: one long-lived callback for every fetch, bound to its key.
    static ON_RESULT: js_sys::Function = Closure::<dyn FnMut(JsValue, JsValue)>::new(|key: JsValue, r: JsValue| {
        let status = r.dyn_into::<web_sys::Response>().map(|r| r.status()).unwrap_or(0);
        if let Some(k) = key.as_string() {
            done(&k, status);
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
    static TIMING: RefCell<(f64, f64, f64)> = const { RefCell::new((2000.0, 300_000.0, 10_000.0)) };
}

pub fn set_timing(base: f64, max: f64, timeout: f64) {
    let _ = TIMING.try_with(|t| t.try_borrow_mut().map(|mut t| *t = (base, max, timeout)));
}

fn timing() -> (f64, f64, f64) {
    TIMING
        .try_with(|t| {
            t.try_borrow()
                .map(|t| *t)
                .unwrap_or((2000.0, 300_000.0, 10_000.0))
        })
        .unwrap_or((2000.0, 300_000.0, 10_000.0))
}

fn inflight(key: &str) -> bool {
    INFLIGHT
        .try_with(|f| f.has(&JsValue::from_str(key)))
        .unwrap_or(true)
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
// `{k: Idempotency-Key, u: URL, h: {headers}, b: body, a: attempts, n: next try (epoch ms)}`.

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

/// Queues a revision of an answer (persisted first, so it survives the page) and sends it.
pub fn submit(url: &str, form: bool, headers: &[(String, String)], k: String, body: String) {
    let h: JsValue = js_sys::Object::new().into();
    put(
        &h,
        "Content-Type",
        &JsValue::from_str(if form {
            "application/x-www-form-urlencoded;charset=UTF-8"
        } else {
            "application/json"
        }),
    );
    for (n, v) in headers {
        put(&h, n, &JsValue::from_str(v));
    }
    put(&h, "Idempotency-Key", &JsValue::from_str(&k));
    let e: JsValue = js_sys::Object::new().into();
    put(&e, "k", &JsValue::from_str(&k));
    put(&e, "u", &JsValue::from_str(url));
    put(&e, "h", &h);
    put(&e, "b", &JsValue::from_str(&body));
    put(&e, "a", &JsValue::from(0));
    put(&e, "n", &JsValue::from(0));
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
    save(&keep);
    send(&e);
}

/// Sends every due entry (all of them when `all`, e.g. on pagehide) that is not in flight.
pub fn flush(all: bool) {
    let t = now();
    let es = load();
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
    let pending = TIMER
        .try_with(|t| t.try_borrow().ok().and_then(|t| *t))
        .ok()
        .flatten();
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
    let k = key(e);
    let init: JsValue = js_sys::Object::new().into();
    put(&init, "method", &JsValue::from_str("POST"));
    put(&init, "keepalive", &JsValue::TRUE);
    put(&init, "headers", &field(e, "h"));
    put(&init, "body", &field(e, "b"));
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

fn done(k: &str, status: u16) {
    set_inflight(k, false);
    let es = load();
    let id = split_key(k).0.to_string();
    let at = es.iter().position(|x| key(&x) == k);
    let outcome = classify(status);
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
        super::emit_for(&id, "survey:sent", &[("id", &id), ("key", k)], Some(status));
    } else {
        super::emit_for(
            &id,
            "survey:error",
            &[("id", &id), ("key", k), ("error", "rejected")],
            Some(status),
        );
    }
}
