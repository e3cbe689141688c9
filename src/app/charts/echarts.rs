//! ECharts in the page: loading the vendored script on demand (once, shared by every chart),
//! the calls on an instance that charming's `Echarts` handle does not bind (with `catch`, so
//! a JS exception never unwinds through wasm), the theme colours read from the CSS, and a
//! signal that changes when the light/dark theme changes.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub use charming::Echarts;

use crate::presentation::charts::color::Palette;

/// Where Trunk puts the vendored ECharts 5.6 (relative to the page; `public/` is copied to
/// the root of `dist/`).
pub const ECHARTS_URL: &str = "vendor/echarts.min.js";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn echarts_init(
        el: &web_sys::Element,
        theme: &JsValue,
        opts: &JsValue,
    ) -> Result<Echarts, JsValue>;

    /// The same object as charming's [`Echarts`], with the methods charming does not bind.
    #[wasm_bindgen(js_name = Object)]
    type Instance;

    #[wasm_bindgen(catch, method, js_name = setOption)]
    fn set_option_js(this: &Instance, option: &JsValue, not_merge: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = getDataURL)]
    fn get_data_url_js(this: &Instance, opts: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = on)]
    fn on_js(this: &Instance, event: &str, handler: &js_sys::Function) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = resize)]
    fn resize_js(this: &Instance) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = dispose)]
    fn dispose_js(this: &Instance) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = isDisposed)]
    fn is_disposed_js(this: &Instance) -> Result<JsValue, JsValue>;
}

/// Whether `window.echarts.init` exists (loaded by us, by a test, or by the host page).
pub fn echarts_present() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str("echarts"))
        .ok()
        .filter(|e| e.is_object())
        .and_then(|e| Reflect::get(&e, &JsValue::from_str("init")).ok())
        .is_some_and(|f| f.is_function())
}

thread_local! {
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    static URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Loads ECharts from `url` instead of [`ECHARTS_URL`] (a page under another base path, a
/// test serving the file itself). Call before the first chart is shown.
pub fn set_echarts_url(url: &str) {
    URL.with(|u| *u.borrow_mut() = Some(url.to_string()));
}

fn echarts_url() -> String {
    URL.with(|u| u.borrow().clone()).unwrap_or_else(|| ECHARTS_URL.to_string())
}

fn script_promise() -> Promise {
    Promise::new(&mut |resolve: Function, reject: Function| {
        let inserted = (|| -> Option<()> {
            let doc = web_sys::window()?.document()?;
            let script: web_sys::HtmlScriptElement =
                doc.create_element("script").ok()?.dyn_into().ok()?;
            script.set_src(&echarts_url());
            script.set_async(true);
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
            let _ = script.set_attribute("data-echarts", "");
            let parent = doc
                .head()
                .map(web_sys::Node::from)
                .or_else(|| doc.body().map(web_sys::Node::from))?;
            parent.append_child(&script).ok()?;
            Some(())
        })();
        if inserted.is_none() {
            let _ = reject
                .call1(&JsValue::NULL, &JsValue::from_str("cannot insert the ECharts script"));
        }
    })
}

/// Loads ECharts once: the first caller inserts the `<script>`, every caller awaits the same
/// promise. After a failure the next call tries again.
pub async fn load_echarts() -> Result<(), JsValue> {
    if echarts_present() {
        return Ok(());
    }
    let promise = LOADING.with(|l| l.borrow_mut().get_or_insert_with(script_promise).clone());
    let result = JsFuture::from(promise).await;
    if result.is_err() || !echarts_present() {
        LOADING.with(|l| l.borrow_mut().take());
        return Err(result
            .err()
            .unwrap_or_else(|| JsValue::from_str("ECharts did not define window.echarts")));
    }
    Ok(())
}

/// `echarts.init` on an element, rendering to canvas.
pub fn init(el: &web_sys::Element) -> Result<Echarts, JsValue> {
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"renderer".into(), &"canvas".into());
    echarts_init(el, &JsValue::NULL, &opts)
}

/// Another handle on the same instance (charming's type does not implement `Clone`).
pub fn clone_handle(chart: &Echarts) -> Echarts {
    JsValue::clone(chart).unchecked_into()
}

fn inst(chart: &Echarts) -> &Instance {
    chart.unchecked_ref()
}

/// Replaces the whole option (not merged: a series that disappears is removed).
pub fn set_option(chart: &Echarts, option: &JsValue) -> Result<(), JsValue> {
    inst(chart).set_option_js(option, true)
}

/// Calls `handler(params)` on every click on the chart (a series item, or an axis label
/// where the axis has `triggerEvent: true`).
pub fn on_click(chart: &Echarts, handler: &js_sys::Function) {
    let _ = inst(chart).on_js("click", handler);
}

pub fn resize(chart: &Echarts) {
    let _ = inst(chart).resize_js();
}

pub fn dispose(chart: &Echarts) {
    // `isDisposed()` is `undefined` until disposed
    if !inst(chart).is_disposed_js().is_ok_and(|d| d.is_truthy()) {
        let _ = inst(chart).dispose_js();
    }
}

/// The chart as a PNG data URL, at twice the pixel density, on `background`.
pub fn png_data_url(chart: &Echarts, background: &str) -> Option<String> {
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"type".into(), &"png".into());
    let _ = Reflect::set(&opts, &"pixelRatio".into(), &2.into());
    let _ = Reflect::set(&opts, &"backgroundColor".into(), &background.into());
    inst(chart).get_data_url_js(&opts).ok()?.as_string()
}

// ---- theme ------------------------------------------------------------------------------

/// The chart palette from the CSS custom properties of `el` (or of `<html>`).
pub fn read_palette(el: Option<&web_sys::Element>) -> Palette {
    let Some(win) = web_sys::window() else { return Palette::default() };
    let root = el.cloned().or_else(|| win.document().and_then(|d| d.document_element()));
    let Some(style) = root.and_then(|r| win.get_computed_style(&r).ok().flatten()) else {
        return Palette::default();
    };
    Palette::from_lookup(|name| {
        let v = style.get_property_value(name).ok()?;
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    })
}

thread_local! {
    static THEME: RefCell<Option<ArcRwSignal<u64>>> = const { RefCell::new(None) };
}

/// A counter that changes whenever the theme may have changed: the system's light/dark
/// setting (`prefers-color-scheme`) or the `class`, `style`, `data-theme` attributes of
/// `<html>` and `<body>` (a theme switch of the page). Charts track it and re-read colours.
pub fn theme_version() -> ArcRwSignal<u64> {
    THEME.with(|t| {
        t.borrow_mut()
            .get_or_insert_with(|| {
                let sig = ArcRwSignal::new(0u64);
                watch_theme(sig.clone());
                sig
            })
            .clone()
    })
}

fn watch_theme(sig: ArcRwSignal<u64>) {
    let Some(win) = web_sys::window() else { return };
    let bump = {
        let sig = sig.clone();
        move || sig.try_update(|v| *v = v.wrapping_add(1)).unwrap_or(())
    };
    if let Ok(Some(mq)) = win.match_media("(prefers-color-scheme: dark)") {
        let f = bump.clone();
        let cb = Closure::<dyn Fn()>::new(f);
        let _ = mq.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
        // lives as long as the page: one listener for all charts
        cb.forget();
    }
    let f = bump;
    let cb = Closure::<dyn Fn()>::new(f);
    if let Ok(obs) = web_sys::MutationObserver::new(cb.as_ref().unchecked_ref()) {
        let init = web_sys::MutationObserverInit::new();
        init.set_attributes(true);
        let filter = Array::of3(&"class".into(), &"style".into(), &"data-theme".into());
        init.set_attribute_filter(&filter);
        if let Some(doc) = win.document() {
            if let Some(root) = doc.document_element() {
                let _ = obs.observe_with_options(&root, &init);
            }
            if let Some(body) = doc.body() {
                let _ = obs.observe_with_options(&body, &init);
            }
        }
        cb.forget();
    }
}
