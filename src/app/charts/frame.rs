//! The frame every chart shares: heading, the ECharts canvas with its accessible name, the
//! "no data" text, and the "Download PNG" button; plus the life cycle of the instance
//! (load on demand, init once, update on data/language/theme changes, resize with the
//! container, dispose on cleanup).

use std::sync::Arc;

use js_sys::{Array, Object, Reflect};
use leptos::html::Div;
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::echarts::{self, Echarts};
use crate::app::UiLang;
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::picture::with_title;
use crate::presentation::charts::shape::{format_axis, format_value, Fmt};
use crate::presentation::charts::texts::{chart_texts, ChartTexts};

/// Which JavaScript function to put where in the option (ECharts formatters cannot travel as
/// JSON; they are set after parsing).
#[derive(Clone)]
pub enum Func {
    /// `axisLabel.formatter(value)` of an axis.
    Axis(Fmt),
    /// `tooltip.valueFormatter(value)`.
    Value(Fmt),
    /// A label formatter `(params) => value[index]` (heatmap cells: index 2), or the plain
    /// value when `index` is `None`.
    Label(Fmt, Option<u32>),
    /// `tooltip.formatter(params)`: the lines for the data index of the (first) hovered
    /// item, escaped and joined with `<br>`.
    Tooltip(Arc<dyn Fn(usize) -> Vec<String> + Send + Sync>),
}

impl PartialEq for Func {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Func::Axis(a), Func::Axis(b)) | (Func::Value(a), Func::Value(b)) => a == b,
            (Func::Label(a, i), Func::Label(b, j)) => a == b && i == j,
            (Func::Tooltip(a), Func::Tooltip(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl std::fmt::Debug for Func {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Func::Axis(x) => write!(f, "Axis({x:?})"),
            Func::Value(x) => write!(f, "Value({x:?})"),
            Func::Label(x, i) => write!(f, "Label({x:?}, {i:?})"),
            Func::Tooltip(_) => write!(f, "Tooltip(..)"),
        }
    }
}

/// Text for HTML tooltips: `<`, `>`, `&`, quotes escaped (labels come from user data).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a chart draws: the ECharts option as JSON, the functions to attach (by a path such
/// as `"yAxis.0.axisLabel.formatter"`; a number on a single object means that object), and
/// the sentence for its accessible name.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec {
    pub option: Value,
    pub funcs: Vec<(&'static str, Func)>,
    pub aria: String,
    /// Canvas height in CSS pixels when it depends on the data (rows of a list or a
    /// heatmap); `None` = the frame's height.
    pub height: Option<u32>,
}

/// Builds a chart from the colours and the language; `None` = no data.
pub type Build = Arc<dyn Fn(&Palette, Lang) -> Option<ChartSpec> + Send + Sync>;

impl ChartSpec {
    /// The option as a JS object with its formatter functions.
    pub fn to_js(&self, lang: Lang) -> Option<JsValue> {
        let text = serde_json::to_string(&self.option).ok()?;
        let option = js_sys::JSON::parse(&text).ok()?;
        for (path, func) in &self.funcs {
            let f: JsValue = match func.clone() {
                Func::Axis(fmt) => Closure::<dyn Fn(JsValue) -> String>::new(move |v: JsValue| {
                    v.as_f64().map_or_else(
                        || v.as_string().unwrap_or_default(),
                        |x| format_axis(fmt, x, lang),
                    )
                })
                .into_js_value(),
                Func::Value(fmt) => Closure::<dyn Fn(JsValue) -> String>::new(move |v: JsValue| {
                    v.as_f64().map_or_else(|| "–".to_string(), |x| format_value(fmt, x, lang))
                })
                .into_js_value(),
                Func::Label(fmt, index) => {
                    Closure::<dyn Fn(JsValue) -> String>::new(move |p: JsValue| {
                        let v = Reflect::get(&p, &"value".into()).unwrap_or(JsValue::UNDEFINED);
                        let v = match index {
                            Some(i) => Reflect::get_u32(&v, i).unwrap_or(JsValue::UNDEFINED),
                            None => v,
                        };
                        v.as_f64().map_or_else(String::new, |x| format_value(fmt, x, lang))
                    })
                    .into_js_value()
                }
                Func::Tooltip(lines) => {
                    Closure::<dyn Fn(JsValue) -> String>::new(move |p: JsValue| {
                        let first = if Array::is_array(&p) {
                            Reflect::get_u32(&p, 0).unwrap_or(JsValue::UNDEFINED)
                        } else {
                            p
                        };
                        let Some(i) =
                            Reflect::get(&first, &"dataIndex".into()).ok().and_then(|v| v.as_f64())
                        else {
                            return String::new();
                        };
                        if !(i >= 0.0 && i.is_finite()) {
                            return String::new();
                        }
                        lines(i as usize)
                            .iter()
                            .map(|l| escape_html(l))
                            .collect::<Vec<_>>()
                            .join("<br>")
                    })
                    .into_js_value()
                }
            };
            set_path(&option, path, &f);
        }
        Some(option)
    }
}

/// Sets `value` at a dotted path, creating objects on the way; a numeric segment indexes an
/// array, and on a plain object (ECharts' single-axis shorthand) index 0 is the object.
fn set_path(root: &JsValue, path: &str, value: &JsValue) {
    let segs: Vec<&str> = path.split('.').collect();
    let Some((last, inner)) = segs.split_last() else { return };
    let mut cur = root.clone();
    for seg in inner {
        let next = if let Ok(i) = seg.parse::<u32>() {
            if Array::is_array(&cur) {
                Reflect::get_u32(&cur, i).ok()
            } else if i == 0 {
                Some(cur.clone())
            } else {
                None
            }
        } else {
            let key = JsValue::from_str(seg);
            match Reflect::get(&cur, &key) {
                Ok(v) if v.is_object() => Some(v),
                _ => {
                    let o: JsValue = Object::new().into();
                    Reflect::set(&cur, &key, &o).ok().map(|_| o)
                }
            }
        };
        match next {
            Some(n) if n.is_object() => cur = n,
            _ => return,
        }
    }
    let _ = Reflect::set(&cur, &JsValue::from_str(last), value);
}

/// Colours, fonts and the look every chart shares, applied to a built option.
pub fn themed(mut option: Value, p: &Palette) -> Value {
    let text = p.text.hex();
    let muted = p.muted.hex();
    let border = p.border.hex();
    if let Some(o) = option.as_object_mut() {
        o.insert("backgroundColor".into(), json!("transparent"));
        o.insert(
            "textStyle".into(),
            json!({"color": text, "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"}),
        );
        o.insert("animationDuration".into(), json!(300));
        o.entry("tooltip").or_insert_with(|| json!({}));
        if let Some(t) = o.get_mut("tooltip").and_then(Value::as_object_mut) {
            t.insert("backgroundColor".into(), json!(p.surface.hex()));
            t.insert("borderColor".into(), json!(border));
            t.insert("textStyle".into(), json!({"color": text}));
            t.entry("confine").or_insert(json!(true));
        }
        if let Some(l) = o.get_mut("legend").and_then(Value::as_object_mut) {
            l.insert("textStyle".into(), json!({"color": text}));
            l.insert("inactiveColor".into(), json!(p.border.mix(p.surface, 0.3).hex()));
        }
        for axis in ["xAxis", "yAxis"] {
            let style = |a: &mut Value| {
                if let Some(a) = a.as_object_mut() {
                    let label = a.entry("axisLabel").or_insert_with(|| json!({}));
                    if let Some(l) = label.as_object_mut() {
                        l.entry("color").or_insert(json!(muted));
                    }
                    a.insert("nameTextStyle".into(), json!({"color": muted}));
                    a.insert("axisLine".into(), json!({"lineStyle": {"color": border}}));
                    a.insert("axisTick".into(), json!({"lineStyle": {"color": border}}));
                    let split = a.entry("splitLine").or_insert_with(|| json!({}));
                    if let Some(s) = split.as_object_mut() {
                        s.insert("lineStyle".into(), json!({"color": border}));
                    }
                }
            };
            match o.get_mut(axis) {
                Some(Value::Array(v)) => v.iter_mut().for_each(style),
                Some(v) => style(v),
                None => {}
            }
        }
    }
    option
}

fn lang_signal() -> Signal<Lang> {
    match use_context::<UiLang>() {
        Some(UiLang(l)) => Signal::derive(move || l.try_get().unwrap_or_default()),
        None => Signal::stored(Lang::En),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Loading,
    Ready,
    Failed,
}

/// Kept per chart, dropped on cleanup: the instance and its resize observer.
struct Live {
    chart: Echarts,
    observer: Option<web_sys::ResizeObserver>,
    _on_resize: Option<Closure<dyn FnMut()>>,
    _on_click: Option<Closure<dyn Fn(JsValue)>>,
}

/// A click on a chart: the series item's category name (or the clicked axis label) and the
/// index of its series (or axis).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartClick {
    pub name: String,
    pub index: usize,
}

/// The click of ECharts' `params`, for a series item or an axis label.
fn chart_click(p: &JsValue) -> Option<ChartClick> {
    let get = |k: &str| Reflect::get(p, &k.into()).ok();
    let kind = get("componentType")?.as_string()?;
    let (name, index) = match kind.as_str() {
        "series" => (get("name")?.as_string()?, get("seriesIndex")?.as_f64()?),
        "xAxis" | "yAxis" => {
            let index = get(&format!("{kind}Index")).and_then(|v| v.as_f64()).unwrap_or(0.0);
            (get("value")?.as_string()?, index)
        }
        _ => return None,
    };
    (index >= 0.0 && index.is_finite()).then_some(ChartClick { name, index: index as usize })
}

/// The range of the data the dashboard's charts show, in both languages ("Data: 2024-01 …
/// 2024-12 (12 periods)"), provided by the dashboard for the charts' PNG downloads.
#[derive(Clone, Debug, Default)]
pub struct ChartDataRange {
    pub en: Option<String>,
    pub de: Option<String>,
}

impl ChartDataRange {
    pub fn of(report: &crate::report::Report) -> ChartDataRange {
        use crate::presentation::charts::picture::data_range;
        ChartDataRange { en: data_range(report, Lang::En), de: data_range(report, Lang::De) }
    }

    fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::De => self.de.as_deref(),
        }
    }
}

/// What a chart's parts share: the language, whether ECharts is loaded, the option to draw
/// (`None`: no data), the canvas element and the live instance.
#[derive(Clone, Copy)]
struct ChartState {
    lang: Signal<Lang>,
    status: RwSignal<Status>,
    spec: Memo<Option<ChartSpec>>,
    has_data: Memo<bool>,
    node: NodeRef<Div>,
    live: StoredValue<Option<Live>, LocalStorage>,
}

impl ChartState {
    /// Data to draw and ECharts ready: the downloads can work.
    fn drawable(self) -> bool {
        self.has_data.try_get().unwrap_or(false) && self.status.try_get() == Some(Status::Ready)
    }
}

/// One chart card. `title` and `build` are given by the chart components in this module.
#[component]
pub fn ChartFrame(
    /// `data-testid` of the card; the canvas is `{testid}-canvas`, the button
    /// `{testid}-download`, the no-data text `{testid}-empty`.
    testid: &'static str,
    /// The heading, in the UI language.
    title: fn(&ChartTexts) -> &'static str,
    make: Build,
    /// Canvas height in CSS pixels.
    #[prop(default = 320)]
    height: u32,
    /// Called on a click on a series item or an axis label (axes with `triggerEvent`).
    #[prop(default = None)]
    on_click: Option<Callback<ChartClick>>,
) -> impl IntoView {
    let lang = lang_signal();
    let theme = echarts::theme_version();
    let status =
        RwSignal::new(if echarts::echarts_present() { Status::Ready } else { Status::Loading });
    let spec = Memo::new(move |_| {
        theme.track();
        let palette = echarts::read_palette(None);
        make(&palette, lang.try_get().unwrap_or_default())
    });
    let has_data = Memo::new(move |_| spec.try_with(Option::is_some).unwrap_or(false));
    let chart = ChartState {
        lang,
        status,
        spec,
        has_data,
        node: NodeRef::<Div>::new(),
        live: StoredValue::new_local(None::<Live>),
    };

    if status.get_untracked() == Status::Loading {
        leptos::task::spawn_local(async move {
            let s =
                if echarts::load_echarts().await.is_ok() { Status::Ready } else { Status::Failed };
            let _ = status.try_set(s);
        });
    }
    draw_while_alive(chart, testid, on_click);

    // unique even when a chart appears twice (e.g. per segment)
    static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let heading_id =
        format!("{testid}-title-{}", NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let labelled_by = heading_id.clone();
    view! {
        <figure class="card chart" data-testid=testid aria-labelledby=labelled_by style="margin: 0; min-width: 0;">
            <ChartHead chart testid title heading_id height/>
            <ChartCanvas chart testid height/>
            <ChartNotes chart testid/>
        </figure>
    }
}

/// Draws the chart once ECharts is loaded and the canvas is there, again on every change of
/// data, language or theme (one instance, resized with its container), and disposes of it
/// when the frame goes.
fn draw_while_alive(
    chart: ChartState,
    testid: &'static str,
    on_click: Option<Callback<ChartClick>>,
) {
    let ChartState { lang, status, spec, node, live, .. } = chart;
    Effect::new(move |_| {
        let lang = lang.try_get().unwrap_or_default();
        let ready = status.try_get() == Some(Status::Ready);
        spec.try_with(|spec| {
            let (Some(spec), true, Some(el)) = (spec, ready, node.try_get().flatten()) else {
                return;
            };
            let Some(option) = spec.to_js(lang) else { return };
            let existing = live
                .try_with_value(|l| l.as_ref().map(|l| echarts::clone_handle(&l.chart)))
                .flatten();
            let chart = match existing {
                Some(c) => c,
                None => {
                    let Ok(chart) = echarts::init(&el) else {
                        let _ = status.try_set(Status::Failed);
                        return;
                    };
                    let c = echarts::clone_handle(&chart);
                    let on_resize = Closure::<dyn FnMut()>::new(move || echarts::resize(&c));
                    let observer =
                        web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
                    if let Some(o) = &observer {
                        o.observe(&el);
                    }
                    let on_click = on_click.map(|cb| {
                        let f = Closure::<dyn Fn(JsValue)>::new(move |p: JsValue| {
                            if let Some(click) = chart_click(&p) {
                                cb.run(click);
                            }
                        });
                        echarts::on_click(&chart, f.as_ref().unchecked_ref());
                        f
                    });
                    let _ = live.try_set_value(Some(Live {
                        chart: echarts::clone_handle(&chart),
                        observer,
                        _on_resize: Some(on_resize),
                        _on_click: on_click,
                    }));
                    chart
                }
            };
            if echarts::set_option(&chart, &option).is_err() {
                web_sys::console::warn_1(
                    &format!("chart {testid}: ECharts rejected the option").into(),
                );
            }
        });
    });

    on_cleanup(move || {
        if let Some(Some(l)) = live.try_update_value(|l| l.take()) {
            if let Some(o) = &l.observer {
                o.disconnect();
            }
            echarts::dispose(&l.chart);
        }
    });
}

/// The heading and the download buttons (PNG, SVG).
#[component]
fn ChartHead(
    chart: ChartState,
    testid: &'static str,
    title: fn(&ChartTexts) -> &'static str,
    heading_id: String,
    height: u32,
) -> impl IntoView {
    let lang = chart.lang;
    let on_download = png_download(chart, testid, title);
    let on_download_svg = svg_download(chart, testid, height);
    let svg_label = move || match lang.try_get().unwrap_or_default() {
        Lang::En => "Download SVG",
        Lang::De => "SVG herunterladen",
    };
    let t = move || chart_texts(lang.try_get().unwrap_or_default());
    view! {
        <div
            class="chart-head"
            style="display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between;"
        >
            <h3 id=heading_id class="chart-title" style="margin: 0; font-size: 1rem;">{move || title(t())}</h3>
            <button
                type="button"
                class="button secondary chart-download"
                data-testid=format!("{testid}-download")
                aria-label=move || format!("{}: {}", t().download_png, title(t()))
                disabled=move || !chart.drawable()
                on:click=on_download
            >
                {move || t().download_png}
            </button>
            <button
                type="button"
                class="button secondary chart-download"
                data-testid=format!("{testid}-download-svg")
                aria-label=move || format!("{}: {}", svg_label(), title(t()))
                disabled=move || !chart.drawable()
                on:click=on_download_svg
            >
                {svg_label}
            </button>
        </div>
    }
}

/// The picture download: the chart drawn once with its title and the range of its data,
/// taken, and drawn again as on the page.
fn png_download(
    chart: ChartState,
    testid: &'static str,
    title: fn(&ChartTexts) -> &'static str,
) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    let ChartState { lang, spec, live, .. } = chart;
    let range = use_context::<ChartDataRange>();
    move |_| {
        let palette = echarts::read_palette(None);
        let bg = palette.surface.hex();
        let lang = lang.try_get_untracked().unwrap_or_default();
        let heading = title(chart_texts(lang));
        let subtitle = range.as_ref().and_then(|r| r.get(lang));
        // the picture carries the title and the data's range: drawn once with them, taken,
        // and drawn again as on the page
        let url = live
            .try_with_value(|l| {
                let l = l.as_ref()?;
                let spec = spec.try_with_untracked(|s| s.clone()).flatten()?;
                let picture = ChartSpec {
                    option: with_title(&spec.option, heading, subtitle, &palette),
                    ..spec.clone()
                };
                echarts::set_option(&l.chart, &picture.to_js(lang)?).ok()?;
                let url = echarts::png_data_url(&l.chart, &bg);
                if let Some(page) = spec.to_js(lang) {
                    let _ = echarts::set_option(&l.chart, &page);
                }
                url
            })
            .flatten();
        if let Some(url) = url {
            crate::app::download::download_url(&format!("{testid}.png"), &url);
        }
    }
}

/// The vector download: the same chart drawn off-screen at the size it has on the page
/// (`height` when it was never laid out).
fn svg_download(
    chart: ChartState,
    testid: &'static str,
    height: u32,
) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    let ChartState { lang, spec, node, .. } = chart;
    move |_| {
        let lang = lang.try_get_untracked().unwrap_or_default();
        let bg = echarts::read_palette(None).surface.hex();
        let (w, h) = node.get_untracked().map_or((640, height), |el| {
            (el.client_width().max(0) as u32, el.client_height().max(0) as u32)
        });
        let option = spec.try_with_untracked(|s| s.as_ref().and_then(|s| s.to_js(lang))).flatten();
        if let Some(svg) = option.and_then(|o| super::svg_export::svg_of(&o, w, h, &bg)) {
            crate::app::download::download(&format!("{testid}.svg"), "image/svg+xml", &svg);
        }
    }
}

/// The canvas ECharts draws into, named for screen readers by the chart's own description;
/// hidden without data.
#[component]
fn ChartCanvas(chart: ChartState, testid: &'static str, height: u32) -> impl IntoView {
    let ChartState { spec, has_data, node, .. } = chart;
    view! {
        <div
            node_ref=node
            class="chart-canvas"
            data-testid=format!("{testid}-canvas")
            role="img"
            aria-label=move || spec.try_with(|s| s.as_ref().map(|s| s.aria.clone())).flatten().unwrap_or_default()
            hidden=move || !has_data.try_get().unwrap_or(false)
            style=move || {
                let h = spec.try_with(|s| s.as_ref().and_then(|s| s.height)).flatten().unwrap_or(height);
                format!("width: 100%; height: {h}px;")
            }
        ></div>
    }
}

/// "No data", or while there is data: ECharts still loading, or failed to load.
#[component]
fn ChartNotes(chart: ChartState, testid: &'static str) -> impl IntoView {
    let ChartState { lang, status, has_data, .. } = chart;
    let t = move || chart_texts(lang.try_get().unwrap_or_default());
    view! {
        <p class="chart-empty note" data-testid=format!("{testid}-empty") hidden=move || has_data.try_get().unwrap_or(false)>
            {move || t().no_data}
        </p>
        <p class="chart-status note" role="status" hidden=move || !(has_data.try_get().unwrap_or(false) && status.try_get() != Some(Status::Ready))>
            {move || if status.try_get() == Some(Status::Failed) { t().load_failed } else { t().loading }}
        </p>
    }
}
