//! The chart components in headless Chromium: ECharts is evaluated from the vendored file,
//! each chart is mounted with a small hand-made report, and the rendered canvas and the
//! series data ECharts holds (`getOption()`) are checked.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

use kundenkpi::app::charts::echarts::{self, get_option, instance_of};
use kundenkpi::app::charts::*;
use kundenkpi::app::UiLang;
use kundenkpi::dataset::DatasetKind;
use kundenkpi::i18n::Lang;
use kundenkpi::metrics::report::{PeriodReport, Report};
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn load_echarts() {
    if !echarts::echarts_present() {
        let src = include_str!("../public/vendor/echarts.min.js");
        js_sys::Function::new_no_args(src).call0(&JsValue::NULL).expect("echarts evaluates");
    }
    assert!(echarts::echarts_present());
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn report(metrics: Value, periods: Vec<(&str, Value)>) -> Report {
    Report {
        kind: DatasetKind::Survey,
        rows: 0,
        rejected: Vec::new(),
        metrics: metrics.as_object().cloned().unwrap_or_default(),
        periods: periods
            .into_iter()
            .map(|(p, m)| PeriodReport { period: p.into(), metrics: m.as_object().cloned().unwrap_or_default() })
            .collect(),
        segments: Default::default(),
    }
}

fn survey_report() -> Report {
    report(
        json!({
            "nps_distribution": [1, 0, 0, 0, 0, 0, 2, 3, 0, 4, 5],
            "csat_distribution": [0, 1, 0, 2, 3, 4], "csat_scale": 5, "csat_threshold": 4,
            "ces_distribution": [0, 0, 1, 1, 0, 2, 2, 1], "ces_scale": 7, "ces_lower_is_easier": false,
            "comments": {"promoters": {"comments": 3, "words": [], "phrases": [{"term": "fast support", "count": 3}]},
                         "detractors": {"comments": 2, "words": [], "phrases": [{"term": "too <b>slow</b>", "count": 2}]}}
        }),
        vec![
            ("2024-01", json!({"nps": 20.0, "nps_ci95_low": 5.0, "nps_ci95_high": 35.0})),
            ("2024-02", json!({"nps": null, "nps_ci95_low": null, "nps_ci95_high": null})),
            ("2024-03", json!({"nps": -10.0, "nps_ci95_low": -40.0, "nps_ci95_high": 20.0})),
        ],
    )
}

fn mrr_report() -> Report {
    report(
        json!({}),
        vec![
            ("2024-01", json!({"mrr": 150.0, "mrr_new": null, "mrr_expansion": null, "mrr_reactivation": null, "mrr_contraction": null, "mrr_churn": null})),
            ("2024-02", json!({"gap": true, "mrr": null})),
            ("2024-03", json!({"mrr": 200.0, "mrr_new": 80.0, "mrr_expansion": 20.0, "mrr_reactivation": 0.0, "mrr_contraction": 10.0, "mrr_churn": 40.0})),
        ],
    )
}

/// A fresh, visible container of a fixed width.
fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div: web_sys::HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
    div.set_attribute("style", "width: 640px").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn find(root: &web_sys::Element, testid: &str) -> web_sys::Element {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("{testid} not found in {}", root.inner_html()))
}

/// The option ECharts holds for the chart `testid`, as JSON.
fn option_of(root: &web_sys::Element, testid: &str) -> Value {
    let canvas = find(root, &format!("{testid}-canvas"));
    let chart = instance_of(&canvas).unwrap_or_else(|| panic!("no ECharts instance on {testid}"));
    let o = get_option(&chart).expect("getOption");
    let text: String = js_sys::JSON::stringify(&o).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

fn rendered(root: &web_sys::Element, testid: &str) {
    let canvas = find(root, &format!("{testid}-canvas"));
    assert!(canvas.query_selector("canvas").unwrap().is_some(), "{testid}: no canvas");
    assert_eq!(canvas.get_attribute("role").as_deref(), Some("img"));
    let label = canvas.get_attribute("aria-label").unwrap_or_default();
    assert!(label.len() > 10, "{testid}: aria-label {label:?}");
    assert!(canvas.get_attribute("hidden").is_none());
    let button = find(root, &format!("{testid}-download"));
    assert!(button.get_attribute("disabled").is_none(), "{testid}: download disabled");
}

/// The data of a series as numbers (`None` for null / "-").
fn data(o: &Value, series: usize) -> Vec<Option<f64>> {
    o["series"][series]["data"].as_array().map(|a| a.iter().map(Value::as_f64).collect()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn nps_charts_render_update_and_dispose() {
    load_echarts();
    let div = container();
    let lang = RwSignal::new(Lang::En);
    let r = RwSignal::new(survey_report());
    let handle = leptos::mount::mount_to(div.clone(), move || {
        provide_context(UiLang(lang));
        view! {
            <NpsDistributionChart report=r/>
            <NpsTrendChart report=r/>
        }
    });
    sleep(300).await;
    let root: web_sys::Element = div.clone().into();
    rendered(&root, "chart-nps-distribution");
    rendered(&root, "chart-nps-trend");

    let o = option_of(&root, "chart-nps-distribution");
    assert_eq!(o["series"].as_array().unwrap().len(), 3);
    assert_eq!(o["series"][0]["name"], "Detractors (0–6)");
    assert_eq!(data(&o, 0)[6], Some(2.0));
    assert_eq!(data(&o, 0)[7], None);
    assert_eq!(data(&o, 2)[10], Some(5.0));
    assert_eq!(o["xAxis"][0]["data"][10], "10");
    // colours from the theme (light default of the page: no CSS here → the defaults)
    assert_eq!(o["series"][2]["itemStyle"]["color"], "#1a7f4b");
    let label = find(&root, "chart-nps-distribution-canvas").get_attribute("aria-label").unwrap();
    assert!(label.contains("15 Answers"), "{label}");

    let o = option_of(&root, "chart-nps-trend");
    assert_eq!(data(&o, 2), vec![Some(20.0), None, Some(-10.0)]);
    // band: base = low, stacked width = high − low
    assert_eq!(data(&o, 0), vec![Some(5.0), None, Some(-40.0)]);
    assert_eq!(data(&o, 1), vec![Some(30.0), None, Some(60.0)]);
    assert_eq!(o["xAxis"][0]["data"], json!(["2024-01", "2024-02", "2024-03"]));

    // language: updated in place (same instance), axis name in German
    let canvas = find(&root, "chart-nps-distribution-canvas");
    let before: JsValue = instance_of(&canvas).unwrap().into();
    lang.set(Lang::De);
    sleep(200).await;
    let o = option_of(&root, "chart-nps-distribution");
    assert_eq!(o["xAxis"][0]["name"], "Bewertung");
    assert_eq!(o["series"][0]["name"], "Kritiker (0–6)");
    let after: JsValue = instance_of(&canvas).unwrap().into();
    assert!(js_sys::Object::is(&before, &after), "instance re-created instead of updated");
    assert!(find(&root, "chart-nps-distribution-download").text_content().unwrap().contains("PNG herunterladen"));

    // theme: a new --promoter on <html> is picked up
    let html = web_sys::window().unwrap().document().unwrap().document_element().unwrap();
    html.set_attribute("style", "--promoter: #006400").unwrap();
    sleep(200).await;
    let o = option_of(&root, "chart-nps-distribution");
    assert_eq!(o["series"][2]["itemStyle"]["color"], "#006400");
    html.remove_attribute("style").unwrap();

    // PNG export works on the instance
    let url = echarts::png_data_url(&instance_of(&canvas).unwrap(), "#ffffff").unwrap();
    assert!(url.starts_with("data:image/png;base64,"));

    // data without NPS: "no data", no crash; back again: chart again
    r.set(report(json!({"nps_distribution": "broken"}), vec![]));
    sleep(200).await;
    assert!(find(&root, "chart-nps-distribution-canvas").get_attribute("hidden").is_some());
    assert!(find(&root, "chart-nps-distribution-empty").get_attribute("hidden").is_none());
    assert!(find(&root, "chart-nps-distribution-download").get_attribute("disabled").is_some());
    r.set(survey_report());
    sleep(200).await;
    rendered(&root, "chart-nps-distribution");

    // unmount: the instances are disposed
    drop(handle);
    sleep(50).await;
    assert!(instance_of(&canvas).is_none(), "instance not disposed");
    div.remove();
}

#[wasm_bindgen_test]
async fn mrr_movements_chart() {
    load_echarts();
    let div = container();
    let r = mrr_report();
    let handle = leptos::mount::mount_to(div.clone(), move || view! { <MrrMovementsChart report=r.clone()/> });
    sleep(300).await;
    let root: web_sys::Element = div.clone().into();
    rendered(&root, "chart-mrr");
    let o = option_of(&root, "chart-mrr");
    let series = o["series"].as_array().unwrap();
    assert_eq!(series.len(), 6);
    // new, expansion, reactivation, contraction, churn, MRR line
    assert_eq!(data(&o, 0), vec![None, None, Some(80.0)]);
    assert_eq!(data(&o, 3)[2], Some(-10.0));
    assert_eq!(data(&o, 4)[2], Some(-40.0));
    assert_eq!(series[5]["type"], "line");
    assert_eq!(series[5]["yAxisIndex"].as_f64(), Some(1.0));
    assert_eq!(data(&o, 5), vec![Some(150.0), None, Some(200.0)]);
    assert_eq!(series[0]["stack"], "movements");
    drop(handle);
    div.remove();
}

#[wasm_bindgen_test]
async fn empty_report_shows_no_data_everywhere() {
    load_echarts();
    let div = container();
    let r = report(json!({}), vec![]);
    let handle = leptos::mount::mount_to(div.clone(), move || {
        view! {
            <NpsDistributionChart report=r.clone()/>
            <NpsTrendChart report=r.clone()/>
            <MrrMovementsChart report=r.clone()/>
        }
    });
    sleep(200).await;
    let root: web_sys::Element = div.clone().into();
    for id in ["chart-nps-distribution", "chart-nps-trend", "chart-mrr"] {
        assert!(find(&root, &format!("{id}-empty")).get_attribute("hidden").is_none(), "{id}");
        assert!(find(&root, &format!("{id}-canvas")).get_attribute("hidden").is_some(), "{id}");
        assert!(instance_of(&find(&root, &format!("{id}-canvas"))).is_none(), "{id}");
    }
    drop(handle);
    div.remove();
}
