//! The widget's DOM, in an open shadow root on its host element, styled by one
//! constructable stylesheet (`adoptedStyleSheets`: no inline <style>, no style attribute).
//! Texts are set with textContent only.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, ShadowRoot};

use super::config::{Mode, Options};

pub const CSS: &str = r#":host{all:initial;display:block}
[hidden]{display:none!important}
.w{box-sizing:border-box;margin:0;padding:16px 16px 14px;font:15px/1.4 var(--nps-font,system-ui,sans-serif);color-scheme:light;color:var(--nps-fg,light-dark(#1a1a1a,#f1f1f1));background:var(--nps-bg,light-dark(#fff,#1e2230));border:1px solid light-dark(#c8ccd4,#4a5060);border-radius:var(--nps-radius,12px);text-align:left;--a:var(--nps-accent,light-dark(#1d4ed8,#9db8ff));--at:var(--nps-accent-text,light-dark(#fff,#101010))}
.dark{color-scheme:dark}.auto{color-scheme:light dark}
.w *{box-sizing:border-box;font:inherit;color:inherit;letter-spacing:normal;text-transform:none}
.fx,.modal{box-shadow:0 10px 40px #0004}
.fx{position:fixed;z-index:2147483000;width:400px;max-width:calc(100vw - 32px);bottom:16px;right:16px;animation:nin .2s ease-out}
.l{right:auto;left:16px}.t{bottom:auto;top:16px}
.fx.bar{width:auto;max-width:none;left:0;right:0;bottom:0;border-radius:0;border-width:1px 0 0}
.bar.t{top:0;bottom:auto;border-width:0 0 1px}
.bar .in{max-width:720px;margin:0 auto}
.modal{width:min(560px,calc(100vw - 32px));max-width:none;max-height:calc(100vh - 32px);overflow:auto}
.modal::backdrop{background:#0007}
@keyframes nin{from{opacity:0;transform:translateY(12px)}}
@media (prefers-reduced-motion:reduce){.fx{animation:none}}
@media (max-width:600px){.w.fx,.modal{left:0;right:0;top:auto;bottom:var(--kb,0px);width:100%;max-width:none;margin:0;border-radius:var(--nps-radius,12px) var(--nps-radius,12px) 0 0;border-width:1px 0 0}}
.hd{display:flex;align-items:flex-start;gap:8px}
.q{flex:1;margin:0 0 12px;font-weight:600;font-size:16px}
.x{flex:none;width:32px;height:32px;margin:-6px -6px 0 0;border:0;border-radius:6px;background:none;cursor:pointer;font-size:22px;line-height:1;padding:0}
.sc{display:flex;gap:4px}
.sc button,textarea{border:1px solid light-dark(#8a909c,#9aa0ac);border-radius:6px;background:none}
.sc button{flex:1 1 0;min-width:0;height:40px;padding:0;cursor:pointer;font-weight:600}
.sc button:hover{border-color:var(--a)}
.sc [aria-checked=true]{background:var(--a);border-color:var(--a);color:var(--at)}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:12px;margin:6px 0 0;font-size:13px;opacity:.85}
.s2{margin-top:14px;display:flex;flex-direction:column;gap:8px}
label{font-weight:600;display:block}
textarea{display:block;width:100%;min-height:72px;padding:8px;resize:vertical}
.send{align-self:flex-end;padding:8px 18px;border:0;border-radius:6px;background:var(--a);color:var(--at);font-weight:600;cursor:pointer}
.s3{margin:8px 0 0;font-weight:600}.s3:empty{display:none}
"#;

#[inline(never)]
fn el(doc: &Document, tag: &str, class: &str, parent: &web_sys::Node) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    parent.append_child(&e).ok()?;
    Some(e)
}

#[inline(never)]
fn attr(e: &Element, k: &str, v: &str) {
    let _ = e.set_attribute(k, v);
}

/// The parts of a rendered widget.
pub struct Parts {
    pub root: ShadowRoot,
    pub panel: Element,
}

fn adopt(doc: &Document, root: &ShadowRoot) {
    if let Ok(sheet) = web_sys::CssStyleSheet::new() {
        if sheet.replace_sync(CSS).is_ok() {
            root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
            return;
        }
    }
    // Old browsers without constructable stylesheets: a <style> (needs style-src).
    if let Some(s) = el(doc, "style", "", root) {
        s.set_text_content(Some(CSS));
    }
}

/// Builds the widget in `host`'s shadow root (created, or emptied if it exists).
pub fn build(doc: &Document, host: &Element, o: &Options) -> Option<Parts> {
    let root = match host.shadow_root() {
        Some(r) => {
            while let Some(c) = r.first_child() {
                let _ = r.remove_child(&c);
            }
            r
        }
        None => {
            host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok()?
        }
    };
    adopt(doc, &root);
    for (k, v) in &o.vars {
        if let Some(h) = host.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.style().set_property(k, v);
        }
    }
    let modal = o.mode == Mode::Modal;
    let mut class = super::num::cat(&["w ", o.mode.class(), " ", o.theme]);
    if matches!(o.mode, Mode::SlideIn | Mode::Bar) {
        class.push_str(" fx");
        if o.left {
            class.push_str(" l");
        }
        if o.top {
            class.push_str(" t");
        }
    }
    let panel = el(doc, if modal { "dialog" } else { "div" }, &class, &root)?;
    if modal {
        attr(&panel, "aria-labelledby", "q");
    } else {
        attr(&panel, "role", "region");
        attr(&panel, "aria-label", o.texts.title());
    }
    attr(&panel, "lang", o.lang.code());
    let inner = el(doc, "div", "in", &panel)?;
    let hd = el(doc, "div", "hd", &inner)?;
    let q = el(doc, "p", "q", &hd)?;
    attr(&q, "id", "q");
    q.set_text_content(Some(o.texts.question()));
    let x = el(doc, "button", "x", &hd)?;
    attr(&x, "type", "button");
    attr(&x, "aria-label", o.texts.close());
    x.set_text_content(Some("×"));

    let s1 = el(doc, "div", "s1", &inner)?;
    let sc = el(doc, "div", "sc", &s1)?;
    attr(&sc, "role", "radiogroup");
    attr(&sc, "aria-labelledby", "q");
    attr(&sc, "aria-describedby", "lo hi");
    for v in o.min..=o.max {
        let b = el(doc, "button", "", &sc)?;
        attr(&b, "type", "button");
        attr(&b, "role", "radio");
        attr(&b, "aria-checked", "false");
        attr(&b, "tabindex", if v == o.min { "0" } else { "-1" });
        attr(&b, "aria-label", &o.texts.point_label(v, o.max));
        let vs = super::num::int(v as i64);
        attr(&b, "data-v", &vs);
        b.set_text_content(Some(&vs));
    }
    let ends = el(doc, "div", "ends", &s1)?;
    let lo = el(doc, "span", "", &ends)?;
    attr(&lo, "id", "lo");
    lo.set_text_content(Some(o.texts.label_low()));
    let hi = el(doc, "span", "", &ends)?;
    attr(&hi, "id", "hi");
    hi.set_text_content(Some(o.texts.label_high()));

    let s2 = el(doc, "div", "s2", &inner)?;
    attr(&s2, "hidden", "");
    let lab = el(doc, "label", "", &s2)?;
    attr(&lab, "for", "c");
    attr(&lab, "id", "fl");
    let ta = el(doc, "textarea", "", &s2)?;
    attr(&ta, "id", "c");
    attr(&ta, "maxlength", "2000");
    attr(&ta, "rows", "3");
    let send = el(doc, "button", "send", &s2)?;
    attr(&send, "type", "button");
    send.set_text_content(Some(o.texts.send()));

    let s3 = el(doc, "p", "s3", &inner)?;
    attr(&s3, "role", "status");
    Some(Parts { root, panel })
}
