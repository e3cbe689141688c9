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
    /// Writes the fields as JSON (`form` false) or form-encoded (`form` true).
    fn write(&self, form: bool) -> String {
        let mut s = String::with_capacity(256);
        if !form {
            s.push('{');
        }
        let n = int(self.score as i64);
        let mut fields: Vec<(&str, &str, bool)> = vec![
            ("schema_version", "1", true),
            ("id", &self.id, false),
            ("survey", self.survey, false),
            ("score", &n, true),
            ("date", &self.date, false),
        ];
        if !self.comment.is_empty() {
            fields.push(("comment", &self.comment, false));
        }
        if !self.customer.is_empty() {
            fields.push(("customer", &self.customer, false));
        }
        fields.push(("page", &self.page, false));
        fields.push(("lang", self.lang, false));
        for (k, v) in &self.extra {
            fields.push((k, v, false));
        }
        for (i, (k, v, num)) in fields.into_iter().enumerate() {
            if i > 0 {
                s.push(if form { '&' } else { ',' });
            }
            if form {
                form_enc(&mut s, k);
                s.push('=');
                form_enc(&mut s, v);
            } else {
                json_str(&mut s, k);
                s.push(':');
                if num {
                    s.push_str(v);
                } else {
                    json_str(&mut s, v);
                }
            }
        }
        if !form {
            s.push('}');
        }
        s
    }

    pub fn to_json(&self) -> String {
        self.write(false)
    }

    pub fn to_form(&self) -> String {
        self.write(true)
    }
}

/// Appends `t` as a JSON string literal. Control characters are escaped, so the result
/// never contains a raw tab or newline (the outbox format relies on that).
pub fn json_str(s: &mut String, t: &str) {
    s.push('"');
    for c in t.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            // U+2028/2029 too, for consumers that eval JSON as JS.
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                let n = c as u32;
                s.push_str("\\u");
                for sh in [12, 8, 4, 0] {
                    s.push(HEX[((n >> sh) & 15) as usize].to_ascii_lowercase() as char);
                }
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// application/x-www-form-urlencoded (as URLSearchParams does it).
pub fn form_enc(s: &mut String, t: &str) {
    for b in t.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => s.push(b as char),
            b' ' => s.push('+'),
            _ => {
                s.push('%');
                s.push(HEX[(b >> 4) as usize] as char);
                s.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

/// Formats 16 random bytes as a version-4 UUID.
pub fn uuid_from(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        s.push(HEX[(x >> 4) as usize].to_ascii_lowercase() as char);
        s.push(HEX[(x & 15) as usize].to_ascii_lowercase() as char);
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

/// One request waiting in the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub url: String,
    pub form: bool,
    pub attempts: u32,
    /// Epoch ms of the next try.
    pub next: f64,
    /// Custom headers: `name` U+0001 `value`, pairs separated by U+0002 (names are
    /// `[A-Za-z0-9_-]`, values have no control characters: see config).
    pub headers: String,
    pub body: String,
}

/// Serialises the outbox: one entry a line, fields separated by tabs. No field can
/// contain a tab or newline (JSON and form bodies are escaped, keys and URLs are checked).
pub fn encode_outbox(es: &[Entry]) -> String {
    let mut s = String::new();
    for e in es {
        if [&e.key, &e.url].iter().any(|f| f.contains(['\t', '\n', '\r'])) {
            continue;
        }
        let body: String =
            e.body.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
        let (a, n) = (int(e.attempts as i64), int(e.next as i64));
        let form = if e.form { "1" } else { "0" };
        for (i, f) in [&e.key, &e.url, form, &a, &n, &e.headers, &body].iter().enumerate() {
            if i > 0 {
                s.push('\t');
            }
            s.push_str(f);
        }
        s.push('\n');
    }
    s
}

/// Parses [`encode_outbox`]; malformed lines are skipped.
pub fn decode_outbox(s: &str) -> Vec<Entry> {
    s.lines()
        .filter_map(|l| {
            let mut p = l.splitn(7, '\t');
            let key = p.next()?.to_string();
            let url = p.next()?.to_string();
            let form = p.next()? == "1";
            let attempts = p.next()?.parse().ok()?;
            let next = p.next()?.parse::<i64>().ok()? as f64;
            let headers = p.next()?.to_string();
            let body = p.next()?.to_string();
            if key.is_empty() || url.is_empty() {
                return None;
            }
            Some(Entry { key, url, form, attempts, next, headers, body })
        })
        .collect()
}

/// Adds `e` to the outbox list; drops older revisions of the same answer (a newer
/// revision carries every field). Returns false if a newer revision is already queued.
pub fn supersede(es: &mut Vec<Entry>, e: Entry) -> bool {
    let (id, rev) = split_key(&e.key);
    if es.iter().any(|x| {
        let (i, r) = split_key(&x.key);
        i == id && r >= rev
    }) {
        return false;
    }
    es.retain(|x| split_key(&x.key).0 != id);
    es.push(e);
    true
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
    TIMING.try_with(|t| t.try_borrow().map(|t| *t).unwrap_or((2000.0, 300_000.0, 10_000.0))).unwrap_or((2000.0, 300_000.0, 10_000.0))
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

pub fn load() -> Vec<Entry> {
    store::get("outbox").map(|s| decode_outbox(&s)).unwrap_or_default()
}

fn save(es: &[Entry]) {
    if es.is_empty() {
        store::remove("outbox");
    } else {
        store::set("outbox", &encode_outbox(es));
    }
}

/// Queues a revision of an answer (persisted first, so it survives the page) and sends it.
pub fn submit(url: &str, form: bool, headers: &[(String, String)], key: String, body: String) {
    let mut h = String::new();
    for (k, v) in headers {
        h.push_str(k);
        h.push('\u{1}');
        h.push_str(v);
        h.push('\u{2}');
    }
    let e = Entry { key, url: url.to_string(), form, attempts: 0, next: 0.0, headers: h, body };
    let mut es = load();
    if supersede(&mut es, e.clone()) {
        save(&es);
        send(&e);
    }
}

/// Sends every due entry (all of them when `all`, e.g. on pagehide) that is not in flight.
pub fn flush(all: bool) {
    let t = now();
    let es = load();
    let mut soonest: Option<f64> = None;
    for e in &es {
        if inflight(&e.key) {
            continue;
        }
        if all || e.next <= t {
            send(e);
        } else {
            soonest = Some(soonest.map_or(e.next, |s: f64| s.min(e.next)));
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
    let delay = (at - now()).max(0.0).min(2.0e9) as i32;
    let h = ON_TIMER.try_with(|cb| w.set_timeout_with_callback_and_timeout_and_arguments_0(cb, delay + 1));
    if let Ok(Ok(h)) = h {
        let _ = TIMER.try_with(|t| t.try_borrow_mut().map(|mut t| *t = Some((h, at))));
    }
}

fn send(e: &Entry) {
    let Some(w) = web_sys::window() else { return };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    let Ok(h) = web_sys::Headers::new() else { return };
    let ctype = if e.form { "application/x-www-form-urlencoded;charset=UTF-8" } else { "application/json" };
    let _ = h.set("Content-Type", ctype);
    for pair in e.headers.split('\u{2}') {
        if let Some((k, v)) = pair.split_once('\u{1}') {
            let _ = h.set(k, v);
        }
    }
    let _ = h.set("Idempotency-Key", &e.key);
    init.set_headers(&h);
    init.set_body(&JsValue::from_str(&e.body));
    let (_, _, timeout) = timing();
    if let Ok(ac) = web_sys::AbortController::new() {
        init.set_signal(Some(&ac.signal()));
        // setTimeout(ac.abort.bind(ac), timeout): no Rust closure needed.
        if let Ok(f) = js_sys::Reflect::get(&ac, &"abort".into()).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&f.bind0(&ac), timeout as i32);
        }
    }
    set_inflight(&e.key, true);
    let promise = w.fetch_with_str_and_init(&e.url, &init);
    // promise.then(onResult.bind(null, key), onResult.bind(null, key, 0))
    let key = JsValue::from_str(&e.key);
    let _ = ON_RESULT.try_with(|f| {
        let ok = f.bind1(&JsValue::NULL, &key);
        let err = f.bind2(&JsValue::NULL, &key, &JsValue::from(0));
        if let Ok(then) = js_sys::Reflect::get(&promise, &"then".into()) {
            if let Some(then) = then.dyn_ref::<js_sys::Function>() {
                let _ = then.call2(&promise, &ok, &err);
            }
        }
    });
}

fn done(key: &str, status: u16) {
    set_inflight(key, false);
    let mut es = load();
    let id = split_key(key).0.to_string();
    match classify(status) {
        Outcome::Done => {
            es.retain(|x| x.key != key);
            save(&es);
            super::emit_for(&id, "survey:sent", &[("id", &id), ("key", key)], Some(status));
        }
        Outcome::Final => {
            es.retain(|x| x.key != key);
            save(&es);
            super::emit_for(&id, "survey:error", &[("id", &id), ("key", key), ("error", "rejected")], Some(status));
        }
        Outcome::Retry => {
            let (base, max, _) = timing();
            let mut at = None;
            // Only if still queued: a newer revision may have replaced it meanwhile.
            for x in es.iter_mut().filter(|x| x.key == key) {
                x.attempts += 1;
                x.next = now() + backoff(base, max, x.attempts);
                at = Some(x.next);
            }
            save(&es);
            if let Some(at) = at {
                schedule(at);
            }
        }
    }
}
