//! A chart as an SVG file, beside the PNG. The live charts draw on a canvas (fast with many
//! points), and a canvas instance cannot give SVG; so the same option is drawn once more by
//! an off-screen instance of ECharts' SVG renderer in server-side-rendering mode (no DOM
//! element; `renderToSVGString`), which is then thrown away.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An instance made by `echarts.init(null, null, { renderer: 'svg', ssr: true, … })`.
    #[wasm_bindgen(js_name = Object)]
    type SvgChart;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn init_ssr(el: &JsValue, theme: &JsValue, opts: &JsValue) -> Result<SvgChart, JsValue>;

    #[wasm_bindgen(catch, method, js_name = setOption)]
    fn set_option(this: &SvgChart, option: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(catch, method, js_name = renderToSVGString)]
    fn render_to_svg_string(this: &SvgChart) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, method, js_name = dispose)]
    fn dispose(this: &SvgChart) -> Result<(), JsValue>;
}

/// The chart of `option` as an SVG document of `width` × `height` CSS pixels on
/// `background`, without animation. None if ECharts is not loaded or refuses the option.
pub fn svg_of(option: &JsValue, width: u32, height: u32, background: &str) -> Option<String> {
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"renderer".into(), &"svg".into());
    let _ = Reflect::set(&opts, &"ssr".into(), &true.into());
    let _ = Reflect::set(&opts, &"width".into(), &width.max(1).into());
    let _ = Reflect::set(&opts, &"height".into(), &height.max(1).into());
    let chart = init_ssr(&JsValue::NULL, &JsValue::NULL, &opts).ok()?;
    let _ = Reflect::set(option, &"animation".into(), &false.into());
    let _ = Reflect::set(option, &"backgroundColor".into(), &background.into());
    let svg = chart
        .set_option(option)
        .ok()
        .and_then(|_| chart.render_to_svg_string().ok())
        .and_then(|s| s.as_string());
    let _ = chart.dispose();
    svg
}
