//! The life of a widget on the page: boot (once per page), start (show), answer, comment,
//! close, hide. Instances live in a thread-local list; the state cell is only ever
//! borrowed with `try_borrow`, and nothing here panics on any input.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement};

use super::config::{self, Mode, Options};
use super::events::{detail, doc, emit_on, listen, pairs, register, set_timeout};
use super::keyboard::{self, check, focus, Action};
use super::num::{cat, int};
use super::{delivery, policy, render, store, texts, throttle};

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
    INSTS.try_with(|v| v.try_borrow_mut().ok().and_then(|mut v| v.get_mut(i).map(f))).ok().flatten()
}

fn count() -> usize {
    INSTS.try_with(|v| v.try_borrow().map(|v| v.len()).unwrap_or(0)).unwrap_or(0)
}

fn page_lang(d: &Document) -> String {
    d.document_element()
        .and_then(|e| e.get_attribute("lang"))
        .filter(|s| !s.trim().is_empty())
        .or_else(|| web_sys::window()?.navigator().language())
        .unwrap_or_default()
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

/// The instance already bound to `host` (inline) or the floating one.
fn existing(host: Option<&Element>) -> Option<usize> {
    INSTS
        .try_with(|v| {
            v.try_borrow().ok().and_then(|v| {
                v.iter().position(|i| match host {
                    Some(h) => i.host == *h,
                    None => i.layer,
                })
            })
        })
        .ok()
        .flatten()
}

/// A fixed, zero-size host for a floating widget, appended to the body.
fn make_layer(d: &Document) -> Option<Element> {
    let h = d.create_element("nps-survey-layer").ok()?;
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
    d.body()?.append_child(&h).ok()?;
    Some(h)
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
        let d = detail(&[("error", "missing endpoint")], None, None);
        emit_on(host_el.as_ref(), "survey:error", d);
        return false;
    }
    delivery::set_timing(opts.retry_base_ms, opts.retry_max_ms, opts.timeout_ms);
    let existing = existing(host_el.as_ref());
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
        None => match make_layer(&d) {
            Some(h) => (h, true),
            None => return false,
        },
    };
    let Some(parts) = render::build(&d, &host, &opts) else {
        if layer {
            host.remove();
        }
        return false;
    };
    let prev = d.active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let inst = Inst {
        opts,
        host,
        root: parts.root,
        panel: parts.panel,
        layer,
        id: None,
        rev: 0,
        score: None,
        commented: false,
        open: true,
        prev,
    };
    match store_inst(inst, existing) {
        Some(idx) => {
            show(idx);
            true
        }
        None => false,
    }
}

fn store_inst(inst: Inst, existing: Option<usize>) -> Option<usize> {
    INSTS
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
        .flatten()
}

/// Wires the input of a freshly built instance, opens it and says so.
fn show(idx: usize) {
    let Some((panel, root, host, mode, survey)) = with(idx, |x| {
        (x.panel.clone(), x.root.clone(), x.host.clone(), x.opts.mode, x.opts.survey.code())
    }) else {
        return;
    };
    listen(&panel, "click", move |e| act(idx, keyboard::on_click(&e)));
    let (root2, panel2, modal) = (root.clone(), panel.clone(), mode == Mode::Modal);
    listen(&panel, "keydown", move |e| act(idx, keyboard::on_key(&e, &root2, &panel2, modal)));
    listen(&panel, "cancel", move |e| {
        e.prevent_default();
        close(idx, None);
    });
    if mode == Mode::Modal {
        if let Some(dlg) = panel.dyn_ref::<web_sys::HtmlDialogElement>() {
            let _ = dlg.show_modal();
        }
        focus(root.query_selector(".sc [tabindex='0']").ok().flatten());
    }
    if mode != Mode::Inline {
        keep_above_keyboard(&panel);
    }
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("nps-survey:visible");
    }
    emit_on(Some(&host), "survey:shown", detail(&[("survey", survey)], None, None));
}

fn act(idx: usize, a: Option<Action>) {
    match a {
        Some(Action::Answer(v)) => answer(idx, v),
        Some(Action::Close) => close(idx, None),
        Some(Action::SendComment) => comment(idx, false),
        None => {}
    }
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
        let kb = if vv2.scale() > 1.01 {
            0.0
        } else {
            (inner - vv2.height() - vv2.offset_top()).max(0.0)
        };
        let _ = p.style().set_property("--kb", &cat(&[&int(kb as i64), "px"]));
    };
    let c = Closure::<dyn FnMut(Event)>::new(update);
    let _ = vv.add_event_listener_with_callback("resize", c.as_ref().unchecked_ref());
    let _ = vv.add_event_listener_with_callback("scroll", c.as_ref().unchecked_ref());
    c.forget();
}

fn today() -> String {
    let d = js_sys::Date::new_0();
    let two = |n: u32| cat(&[if n < 10 { "0" } else { "" }, &int(n as i64)]);
    cat(&[&int(d.get_full_year() as i64), "-", &two(d.get_month() + 1), "-", &two(d.get_date())])
}

fn page_url() -> String {
    web_sys::window()
        .map(|w| w.location())
        .map(|l| cat(&[&l.origin().unwrap_or_default(), &l.pathname().unwrap_or_default()]))
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
        revision: x.opts.request.revision_in_body().then_some(x.rev),
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
    let body = if x.opts.form { a.to_form() } else { a.to_json() };
    delivery::submit(&x.opts, policy::key_of(&a.id, x.rev), body);
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
            let id = store::uuid();
            register(&id, &x.host);
            x.id = Some(id);
            throttle::snooze(&x.opts, now, x.opts.days);
        }
        x.rev += 1;
        x.score = Some(v);
        check(&x.root, Some(v));
        let to_focus = if x.opts.comment {
            ask_followup(x, v)
        } else {
            thank(x);
            None
        };
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

/// Shows the follow-up question for the score's category; returns the comment field to
/// focus when it was just revealed.
fn ask_followup(x: &Inst, v: u8) -> Option<Element> {
    let cat = texts::category(x.opts.survey, x.opts.max, v);
    if let Some(l) = x.root.get_element_by_id("fl") {
        l.set_text_content(Some(x.opts.texts.followup_for(cat)));
    }
    let s2 = x.root.query_selector(".s2").ok().flatten()?;
    if !s2.has_attribute("hidden") {
        return None;
    }
    let _ = s2.remove_attribute("hidden");
    x.root.get_element_by_id("c")
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
    let Some((secs, inline, id)) =
        with(idx, |x| (x.opts.close_after, x.opts.mode == Mode::Inline, x.id.clone()))
    else {
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
        let id = x.id.clone().unwrap_or_default();
        Some((x.host.clone(), x.layer, x.prev.take(), why, id))
    })
    .flatten();
    let Some((host, layer, prev, why, id)) = r else {
        return;
    };
    emit_on(Some(&host), "survey:closed", detail(&[("reason", why), ("id", &id)], None, None));
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
