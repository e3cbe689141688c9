//! Pointer and keyboard input of one open widget: the score buttons are a radio group
//! with a roving tabindex (arrows, Home, End), Escape closes, Tab stays inside a modal.
//! Input that changes the widget's state comes back as an [`Action`] for the lifecycle
//! to carry out (so this module does not call back into it).

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, KeyboardEvent, ShadowRoot};

/// What the visitor asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Answer(u8),
    Close,
    SendComment,
}

#[inline(never)]
pub fn focus(e: Option<Element>) {
    if let Some(h) = e.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

fn target(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

pub fn on_click(e: &Event) -> Option<Action> {
    let t = target(e)?;
    if let Ok(Some(b)) = t.closest("[data-v]") {
        b.get_attribute("data-v").and_then(|v| v.parse::<u8>().ok()).map(Action::Answer)
    } else if let Ok(Some(_)) = t.closest(".x") {
        Some(Action::Close)
    } else if let Ok(Some(_)) = t.closest(".send") {
        Some(Action::SendComment)
    } else {
        None
    }
}

fn radios(root: &ShadowRoot) -> Vec<Element> {
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
pub fn check(root: &ShadowRoot, v: Option<u8>) -> Option<Element> {
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

/// A key in the panel of a widget (`root`, `panel`; `modal` traps Tab).
pub fn on_key(e: &Event, root: &ShadowRoot, panel: &Element, modal: bool) -> Option<Action> {
    let k = e.dyn_ref::<KeyboardEvent>()?;
    let key = k.key();
    let t = target(e)?;
    match key.as_str() {
        "Escape" => {
            e.prevent_default();
            return Some(Action::Close);
        }
        "Tab" if modal => trap_tab(e, root, panel, k.shift_key()),
        "ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" | "Home" | "End" => {
            if matches!(t.closest(".sc"), Ok(Some(_))) {
                e.prevent_default();
                move_choice(root, &t, &key);
            }
        }
        _ => {}
    }
    None
}

/// Tab and Shift+Tab cycle through the visible controls of a modal.
fn trap_tab(e: &Event, root: &ShadowRoot, panel: &Element, shift: bool) {
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

/// Arrow keys move the focus and the check mark along the scale (without answering).
fn move_choice(root: &ShadowRoot, t: &Element, key: &str) {
    let all = radios(root);
    let n = all.len();
    if n == 0 {
        return;
    }
    let cur = all.iter().position(|b| b == t).unwrap_or(0);
    let next = match key {
        "ArrowRight" | "ArrowDown" => (cur + 1) % n,
        "ArrowLeft" | "ArrowUp" => (cur + n - 1) % n,
        "Home" => 0,
        _ => n - 1,
    };
    let v =
        all.get(next).and_then(|b| b.get_attribute("data-v")).and_then(|v| v.parse::<u8>().ok());
    focus(check(root, v));
}
