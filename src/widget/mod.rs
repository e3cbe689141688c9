//! Embeddable NPS / CES / CSAT survey widget (plain wasm-bindgen + web-sys).
//!
//! The host page loads only `widget.js` (src/widget/loader.js): it reads the options,
//! arms the trigger and imports this wasm when the survey is about to show. The loader
//! then calls the exports of src/bin/widget.rs, which forward to [`boot`], [`start`],
//! [`hide`] and [`set_attributes`] here.
//!
//! Modules: [`config`] (attributes → options), [`texts`] (de/en), [`render`] (shadow DOM),
//! [`delivery`] (payload, outbox, retry), [`throttle`] (snooze, sampling), [`store`]
//! (localStorage, randomness). Nothing here panics on any input: no unwrap on JS values,
//! and the state cell is only ever borrowed with `try_borrow`.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, KeyboardEvent};

pub mod alloc;
pub mod config;
pub mod delivery;
pub mod render;
pub mod store;
pub mod texts;
pub mod throttle;

use config::{Mode, Options};

struct Inst {
    opts: Options,
    host: Element,
    root: web_sys::ShadowRoot,
    panel: Element,
    /// Host created by us (floating modes): removed on close.
    layer: bool,
    id: Option<String>,
    rev: u32,
    score: Option<u8>,
    commented: bool,
    open: bool,
    prev: Option<HtmlElement>,
}

thread_local! {
    static INSTS: RefCell<Vec<Inst>> = const { RefCell::new(Vec::new()) };
    /// The loader's attribute object (`npsSurvey.setAttributes`), read when answering.
    static ATTRS: RefCell<JsValue> = const { RefCell::new(JsValue::UNDEFINED) };
    static BOOTED: Cell<bool> = const { Cell::new(false) };
}

fn with<R>(i: usize, f: impl FnOnce(&mut Inst) -> R) -> Option<R> {
    INSTS
        .try_with(|v| {
            v.try_borrow_mut()
                .ok()
                .and_then(|mut v| v.get_mut(i).map(f))
        })
        .ok()
        .flatten()
}

fn count() -> usize {
    INSTS
        .try_with(|v| v.try_borrow().map(|v| v.len()).unwrap_or(0))
        .unwrap_or(0)
}

fn doc() -> Option<Document> {
    web_sys::window()?.document()
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

fn page_lang(d: &Document) -> String {
    d.document_element()
        .and_then(|e| e.get_attribute("lang"))
        .filter(|s| !s.trim().is_empty())
        .or_else(|| web_sys::window()?.navigator().language())
        .unwrap_or_default()
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

#[inline(never)]
fn detail(fields: &[(&str, &str)], status: Option<u16>, score: Option<u8>) -> JsValue {
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
fn emit_on(host: Option<&Element>, name: &str, d: JsValue) {
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
pub(crate) fn emit_for(id: &str, name: &str, fields: &[(&str, &str)], status: Option<u16>) {
    let host = INSTS
        .try_with(|v| {
            v.try_borrow().ok().and_then(|v| {
                v.iter()
                    .find(|i| i.id.as_deref() == Some(id))
                    .map(|i| i.host.clone())
            })
        })
        .ok()
        .flatten();
    emit_on(host.as_ref(), name, detail(fields, status, None));
}

#[inline(never)]
fn listen(target: &web_sys::EventTarget, name: &str, f: impl FnMut(Event) + 'static) {
    let c = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(name, c.as_ref().unchecked_ref());
    c.forget();
}

fn set_timeout(ms: f64, f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let c = Closure::once_into_js(f);
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(c.unchecked_ref(), ms as i32);
    }
}

/// Once per page: remembers the answer attributes, flushes the outbox on pagehide and
/// when the browser comes back online, and retries what waits from earlier visits.
pub fn boot(attrs: JsValue) {
    set_attributes(attrs);
    if BOOTED.try_with(|b| b.replace(true)).unwrap_or(true) {
        return;
    }
    if let Some(w) = web_sys::window() {
        listen(&w, "pagehide", |_| {
            for i in 0..count() {
                comment(i, true);
            }
            delivery::flush(true);
        });
        listen(&w, "online", |_| delivery::flush(true));
    }
    delivery::flush(false);
}

/// Answer attributes from `npsSurvey.setAttributes({...})`: `customer` and extra columns.
pub fn set_attributes(attrs: JsValue) {
    let _ = ATTRS.try_with(|a| a.try_borrow_mut().map(|mut a| *a = attrs));
}

/// Shows a survey: `cfg` is the option object (attribute name → value), `host` the
/// `<nps-survey>` element for inline mode or null for a floating one. Unless `force`,
/// throttling and sampling apply. Returns whether it is showing.
pub fn start(cfg: JsValue, host: JsValue, force: bool) -> bool {
    let Some(d) = doc() else { return false };
    let host_el = host.dyn_into::<Element>().ok();
    let mut p = pairs(&cfg);
    if host_el.is_some() {
        p.insert(0, ("mode".into(), "inline".into()));
    }
    let opts = config::parse(&p, &page_lang(&d));
    if opts.endpoint.is_empty() {
        emit_on(
            host_el.as_ref(),
            "survey:error",
            detail(&[("error", "missing endpoint")], None, None),
        );
        return false;
    }
    delivery::set_timing(opts.retry_base_ms, opts.retry_max_ms, opts.timeout_ms);
    let existing = INSTS
        .try_with(|v| {
            v.try_borrow().ok().and_then(|v| {
                v.iter().position(|i| match &host_el {
                    Some(h) => i.host == *h,
                    None => i.layer,
                })
            })
        })
        .ok()
        .flatten();
    if let Some(i) = existing {
        if with(i, |x| x.open) == Some(true) {
            return true;
        }
    }
    if !force && !throttle::allowed(&opts, delivery::now()) {
        return false;
    }
    let (host, layer) = match host_el {
        Some(h) => (h, false),
        None => {
            let Ok(h) = d.create_element("nps-survey-layer") else {
                return false;
            };
            if let Some(s) = h.dyn_ref::<HtmlElement>().map(|h| h.style()) {
                for (k, v) in [
                    ("position", "fixed"),
                    ("top", "0"),
                    ("left", "0"),
                    ("width", "0"),
                    ("height", "0"),
                    ("margin", "0"),
                    ("padding", "0"),
                    ("border", "0"),
                    ("display", "block"),
                    ("z-index", "2147483000"),
                ] {
                    let _ = s.set_property_with_priority(k, v, "important");
                }
            }
            let Some(body) = d.body() else { return false };
            if body.append_child(&h).is_err() {
                return false;
            }
            (h, true)
        }
    };
    let Some(parts) = render::build(&d, &host, &opts) else {
        if layer {
            host.remove();
        }
        return false;
    };
    let prev = d
        .active_element()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let mode = opts.mode;
    let inst = Inst {
        opts,
        host: host.clone(),
        root: parts.root.clone(),
        panel: parts.panel.clone(),
        layer,
        id: None,
        rev: 0,
        score: None,
        commented: false,
        open: true,
        prev,
    };
    let idx = INSTS
        .try_with(|v| {
            v.try_borrow_mut().ok().map(|mut v| match existing {
                Some(i) if i < v.len() => {
                    v[i] = inst;
                    i
                }
                _ => {
                    v.push(inst);
                    v.len() - 1
                }
            })
        })
        .ok()
        .flatten();
    let Some(idx) = idx else { return false };
    let panel = parts.panel;
    listen(&panel, "click", move |e| on_click(idx, e));
    listen(&panel, "keydown", move |e| on_key(idx, e));
    listen(&panel, "cancel", move |e| {
        e.prevent_default();
        close(idx, None);
    });
    if mode == Mode::Modal {
        if let Some(dlg) = panel.dyn_ref::<web_sys::HtmlDialogElement>() {
            let _ = dlg.show_modal();
        }
        focus(
            parts
                .root
                .query_selector(".sc [tabindex='0']")
                .ok()
                .flatten(),
        );
    }
    if mode != Mode::Inline {
        keep_above_keyboard(&panel);
    }
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("nps-survey:visible");
    }
    let survey = with(idx, |x| x.opts.survey.code()).unwrap_or("nps");
    emit_on(
        Some(&host),
        "survey:shown",
        detail(&[("survey", survey)], None, None),
    );
    true
}

/// On small screens the floating widget is a bottom sheet; keep it above the on-screen
/// keyboard by following the visual viewport.
fn keep_above_keyboard(panel: &Element) {
    let Some(w) = web_sys::window() else { return };
    let Some(vv) = w.visual_viewport() else {
        return;
    };
    let Some(p) = panel.dyn_ref::<HtmlElement>().cloned() else {
        return;
    };
    let vv2 = vv.clone();
    let update = move |_: Event| {
        let inner = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        // Only an unzoomed viewport: pinch-zoom also shrinks it, a keyboard does not zoom.
        let kb = if vv2.scale() > 1.01 { 0.0 } else { (inner - vv2.height() - vv2.offset_top()).max(0.0) };
        let _ = p
            .style()
            .set_property("--kb", &config::cat(&[&config::int(kb as i64), "px"]));
    };
    let c = Closure::<dyn FnMut(Event)>::new(update);
    let _ = vv.add_event_listener_with_callback("resize", c.as_ref().unchecked_ref());
    let _ = vv.add_event_listener_with_callback("scroll", c.as_ref().unchecked_ref());
    c.forget();
}

#[inline(never)]
fn focus(e: Option<Element>) {
    if let Some(h) = e.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

fn target(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

fn on_click(idx: usize, e: Event) {
    let Some(t) = target(&e) else { return };
    if let Ok(Some(b)) = t.closest("[data-v]") {
        if let Some(v) = b.get_attribute("data-v").and_then(|v| v.parse::<u8>().ok()) {
            answer(idx, v);
        }
    } else if let Ok(Some(_)) = t.closest(".x") {
        close(idx, None);
    } else if let Ok(Some(_)) = t.closest(".send") {
        comment(idx, false);
    }
}

fn radios(root: &web_sys::ShadowRoot) -> Vec<Element> {
    let mut out = Vec::new();
    if let Ok(list) = root.query_selector_all(".sc button") {
        for i in 0..list.length() {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                out.push(e);
            }
        }
    }
    out
}

/// Marks `v` as the checked radio (roving tabindex); returns the button.
fn check(root: &web_sys::ShadowRoot, v: Option<u8>) -> Option<Element> {
    let mut hit = None;
    for b in radios(root) {
        let on = v.is_some() && b.get_attribute("data-v").and_then(|x| x.parse::<u8>().ok()) == v;
        let _ = b.set_attribute("aria-checked", if on { "true" } else { "false" });
        let _ = b.set_attribute("tabindex", if on { "0" } else { "-1" });
        if on {
            hit = Some(b);
        }
    }
    hit
}

fn on_key(idx: usize, e: Event) {
    let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    let key = k.key();
    let Some(t) = target(&e) else { return };
    match key.as_str() {
        "Escape" => {
            e.prevent_default();
            close(idx, None);
        }
        "Tab" => {
            let shift = k.shift_key();
            let Some((modal, root, panel)) = with(idx, |x| {
                (x.opts.mode == Mode::Modal, x.root.clone(), x.panel.clone())
            }) else {
                return;
            };
            if !modal {
                return;
            }
            let mut list = Vec::new();
            if let Ok(nl) = panel.query_selector_all("button,textarea") {
                for i in 0..nl.length() {
                    if let Some(el) = nl.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        let hidden = matches!(el.closest("[hidden]"), Ok(Some(_)));
                        if !hidden && el.get_attribute("tabindex").as_deref() != Some("-1") {
                            list.push(el);
                        }
                    }
                }
            }
            let (Some(first), Some(last)) = (list.first().cloned(), list.last().cloned()) else {
                return;
            };
            let active = root.active_element();
            if shift && (active.as_ref() == Some(&first) || active.is_none()) {
                e.prevent_default();
                focus(Some(last));
            } else if !shift && (active.as_ref() == Some(&last) || active.is_none()) {
                e.prevent_default();
                focus(Some(first));
            }
        }
        "ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" | "Home" | "End" => {
            if !matches!(t.closest(".sc"), Ok(Some(_))) {
                return;
            }
            e.prevent_default();
            let Some(root) = with(idx, |x| x.root.clone()) else {
                return;
            };
            let all = radios(&root);
            let n = all.len();
            if n == 0 {
                return;
            }
            let cur = all.iter().position(|b| *b == t).unwrap_or(0);
            let next = match key.as_str() {
                "ArrowRight" | "ArrowDown" => (cur + 1) % n,
                "ArrowLeft" | "ArrowUp" => (cur + n - 1) % n,
                "Home" => 0,
                _ => n - 1,
            };
            let v = all
                .get(next)
                .and_then(|b| b.get_attribute("data-v"))
                .and_then(|v| v.parse::<u8>().ok());
            focus(check(&root, v));
        }
        _ => {}
    }
}

fn today() -> String {
    let d = js_sys::Date::new_0();
    let two = |n: u32| config::cat(&[if n < 10 { "0" } else { "" }, &config::int(n as i64)]);
    config::cat(&[
        &config::int(d.get_full_year() as i64),
        "-",
        &two(d.get_month() + 1),
        "-",
        &two(d.get_date()),
    ])
}

fn page_url() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| {
            config::cat(&[
                &l.origin().unwrap_or_default(),
                &l.pathname().unwrap_or_default(),
            ])
        })
        .unwrap_or_default()
}

fn build_answer(x: &Inst, comment: String) -> Option<delivery::Answer> {
    let mut customer = x.opts.customer.clone();
    let mut extra = x.opts.extra.clone();
    let attrs = ATTRS
        .try_with(|a| a.try_borrow().map(|a| pairs(&a)).unwrap_or_default())
        .unwrap_or_default();
    for (k, v) in attrs {
        if k == "customer" {
            customer = v;
            continue;
        }
        let k = config::clean_name(&k);
        if !k.is_empty() && !config::RESERVED.contains(&k.as_str()) {
            extra.retain(|(e, _)| *e != k);
            extra.push((k, v));
        }
    }
    Some(delivery::Answer {
        id: x.id.clone()?,
        survey: x.opts.survey.code(),
        score: x.score?,
        date: today(),
        comment,
        customer,
        page: page_url(),
        lang: x.opts.lang.code(),
        extra,
    })
}

/// Queues and sends revision `x.rev` of the answer (inside the state borrow is fine:
/// fetch calls back asynchronously) and returns the `survey:answered` detail, to be
/// emitted once the borrow is released.
fn send_rev(x: &Inst, comment: String) -> Option<(Element, JsValue)> {
    let a = build_answer(x, comment)?;
    let body = if x.opts.form {
        a.to_form()
    } else {
        a.to_json()
    };
    delivery::submit(
        &x.opts.endpoint,
        x.opts.form,
        &x.opts.headers,
        delivery::key_of(&a.id, x.rev),
        body,
    );
    let mut f = vec![("id", a.id.as_str()), ("survey", a.survey)];
    if !a.comment.is_empty() {
        f.push(("comment", a.comment.as_str()));
    }
    Some((x.host.clone(), detail(&f, None, Some(a.score))))
}

fn answered(sent: Option<(Element, JsValue)>) {
    if let Some((host, d)) = sent {
        emit_on(Some(&host), "survey:answered", d);
    }
}

/// A score was chosen: send it at once (revision 1, or a new revision if changed).
fn answer(idx: usize, v: u8) {
    let now = delivery::now();
    let r = with(idx, |x| {
        if !x.open || x.commented || (x.score == Some(v)) || v < x.opts.min || v > x.opts.max {
            return None;
        }
        if x.id.is_none() {
            x.id = Some(store::uuid());
            throttle::snooze(&x.opts, now, x.opts.days);
        }
        x.rev += 1;
        x.score = Some(v);
        check(&x.root, Some(v));
        let mut to_focus = None;
        if x.opts.comment {
            let cat = texts::category(x.opts.survey, x.opts.max, v);
            if let Some(l) = x.root.get_element_by_id("fl") {
                l.set_text_content(Some(x.opts.texts.followup_for(cat)));
            }
            if let Ok(Some(s2)) = x.root.query_selector(".s2") {
                if s2.has_attribute("hidden") {
                    let _ = s2.remove_attribute("hidden");
                    to_focus = x.root.get_element_by_id("c");
                }
            }
        } else {
            thank(x);
        }
        Some((send_rev(x, String::new()), to_focus, x.opts.comment))
    })
    .flatten();
    let Some((sent, to_focus, with_comment)) = r else {
        return;
    };
    answered(sent);
    focus(to_focus);
    if !with_comment {
        auto_close(idx);
    }
}

fn thank(x: &Inst) {
    for sel in [".s1", ".s2"] {
        if let Ok(Some(e)) = x.root.query_selector(sel) {
            let _ = e.set_attribute("hidden", "");
        }
    }
    if let Ok(Some(e)) = x.root.query_selector(".s3") {
        e.set_text_content(Some(x.opts.texts.thanks()));
    }
}

/// Sends the comment as a new revision (on the Send button, or on pagehide if typed but
/// not sent) and shows the thank-you.
fn comment(idx: usize, leaving: bool) {
    let r = with(idx, |x| {
        if x.id.is_none() || x.commented || !x.open {
            return None;
        }
        let text = x
            .root
            .get_element_by_id("c")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value().trim().to_string())
            .unwrap_or_default();
        if leaving && text.is_empty() {
            return None;
        }
        let mut send = None;
        if !text.is_empty() {
            x.rev += 1;
            x.commented = true;
            send = send_rev(x, text);
        }
        if !leaving {
            x.commented = true;
            thank(x);
        }
        Some((send, x.root.query_selector(".x").ok().flatten()))
    })
    .flatten();
    let Some((sent, to_focus)) = r else { return };
    answered(sent);
    if !leaving {
        focus(to_focus);
        auto_close(idx);
    }
}

fn auto_close(idx: usize) {
    let Some((secs, inline, id)) = with(idx, |x| {
        (
            x.opts.close_after,
            x.opts.mode == Mode::Inline,
            x.id.clone(),
        )
    }) else {
        return;
    };
    if secs > 0.0 && !inline {
        set_timeout(secs * 1000.0, move || {
            if with(idx, |x| x.id.clone()) == Some(id) {
                close(idx, None);
            }
        });
    }
}

/// Closes one widget. Closing before answering is a dismissal (snoozed for
/// `dismiss-days`); `reason` overrides (`api` for `npsSurvey.hide()`).
fn close(idx: usize, reason: Option<&'static str>) {
    let now = delivery::now();
    let r = with(idx, |x| {
        if !x.open {
            return None;
        }
        x.open = false;
        let why = match reason {
            Some(r) => r,
            None if x.id.is_none() => {
                throttle::snooze(&x.opts, now, x.opts.dismiss_days);
                "dismissed"
            }
            None => "answered",
        };
        if let Some(dlg) = x.panel.dyn_ref::<web_sys::HtmlDialogElement>() {
            dlg.close();
        }
        let _ = x.panel.set_attribute("hidden", "");
        Some((
            x.host.clone(),
            x.layer,
            x.prev.take(),
            why,
            x.id.clone().unwrap_or_default(),
        ))
    })
    .flatten();
    let Some((host, layer, prev, why, id)) = r else {
        return;
    };
    emit_on(
        Some(&host),
        "survey:closed",
        detail(&[("reason", why), ("id", &id)], None, None),
    );
    // Give focus back only if it was in the widget (never pull it from where the visitor
    // moved on to, e.g. when a slide-in closes itself).
    let had_focus = doc().and_then(|d| d.active_element()).as_ref() == Some(&host);
    if layer {
        host.remove();
    }
    if let (true, Some(p)) = (had_focus, prev) {
        let _ = p.focus();
    }
}

/// `npsSurvey.hide()`: closes every open widget (not counted as a dismissal).
pub fn hide() {
    for i in 0..count() {
        close(i, Some("api"));
    }
}
