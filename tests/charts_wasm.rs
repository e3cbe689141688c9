//! The chart components in headless Chromium: ECharts is evaluated from the vendored file,
//! each chart is mounted with a small hand-made report, and the rendered canvas and the
//! series data ECharts holds (`getOption()`) are checked.
#![cfg(all(target_arch = "wasm32", feature = "app"))]

use kundenkpi::app::charts::echarts::{self, Echarts};
use kundenkpi::app::charts::*;
use kundenkpi::app::UiLang;
use kundenkpi::dataset::DatasetKind;
use kundenkpi::i18n::Lang;
use kundenkpi::report::{PeriodReport, Report};
use leptos::prelude::*;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The instance ECharts keeps for an element (`echarts.getInstanceByDom`), if any: what
/// the page holds, asked of ECharts itself rather than of the app.
fn instance_of(el: &web_sys::Element) -> Option<Echarts> {
    let lib = js_sys::Reflect::get(&js_sys::global(), &"echarts".into()).ok()?;
    let by_dom: js_sys::Function =
        js_sys::Reflect::get(&lib, &"getInstanceByDom".into()).ok()?.dyn_into().ok()?;
    by_dom.call1(&lib, el).ok().filter(JsValue::is_object).map(JsCast::unchecked_into)
}

/// The option as ECharts normalised it (`chart.getOption()`).
fn get_option(chart: &Echarts) -> Option<JsValue> {
    let get: js_sys::Function =
        js_sys::Reflect::get(chart, &"getOption".into()).ok()?.dyn_into().ok()?;
    get.call0(chart).ok()
}

fn load_echarts() {
    if !echarts::echarts_present() {
        let src = include_str!("../public/vendor/echarts.min.js");
        js_sys::Function::new_no_args(src).call0(&JsValue::NULL).expect("echarts evaluates");
    }
    assert!(echarts::echarts_present());
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
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
            .map(|(p, m)| PeriodReport {
                period: p.into(),
                metrics: m.as_object().cloned().unwrap_or_default(),
            })
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
            (
                "2024-01",
                json!({"mrr": 150.0, "mrr_new": null, "mrr_expansion": null, "mrr_reactivation": null, "mrr_contraction": null, "mrr_churn": null}),
            ),
            ("2024-02", json!({"gap": true, "mrr": null})),
            (
                "2024-03",
                json!({"mrr": 200.0, "mrr_new": 80.0, "mrr_expansion": 20.0, "mrr_reactivation": 0.0, "mrr_contraction": 10.0, "mrr_churn": 40.0}),
            ),
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
    o["series"][series]["data"]
        .as_array()
        .map(|a| a.iter().map(Value::as_f64).collect())
        .unwrap_or_default()
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
    assert!(label.contains("15 answers"), "{label}");

    let o = option_of(&root, "chart-nps-trend");
    assert_eq!(data(&o, 2), vec![Some(20.0), None, Some(-10.0)]);
    // band: base = low, stacked width = high − low
    assert_eq!(data(&o, 0), vec![Some(5.0), None, Some(-40.0)]);
    assert_eq!(data(&o, 1), vec![Some(30.0), None, Some(60.0)]);
    assert_eq!(o["xAxis"][0]["data"], json!(["2024-01", "2024-02", "2024-03"]));
    let trend = instance_of(&find(&root, "chart-nps-trend-canvas")).unwrap();
    let action =
        js_sys::JSON::parse(r#"{"type": "showTip", "seriesIndex": 2, "dataIndex": 2}"#).unwrap();
    let dispatch: js_sys::Function =
        js_sys::Reflect::get(&trend, &"dispatchAction".into()).unwrap().dyn_into().unwrap();
    dispatch.call1(&trend, &action).unwrap();
    sleep(150).await;
    let text = find(&root, "chart-nps-trend").text_content().unwrap_or_default();
    assert!(text.contains("NPS: −10.0") && text.contains("95 % interval: −40.0 … +20.0"), "{text}");

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
    assert!(find(&root, "chart-nps-distribution-download")
        .text_content()
        .unwrap()
        .contains("PNG herunterladen"));

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
    let lang = RwSignal::new(Lang::De);
    let handle = leptos::mount::mount_to(div.clone(), move || {
        provide_context(UiLang(lang));
        view! { <MrrMovementsChart report=r.clone()/> }
    });
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
    assert_eq!(series[4]["name"], "Abwanderung");
    assert_eq!(o["yAxis"][0]["name"], "Bewegungen");

    // the axis formatter writes German numbers
    let chart = instance_of(&find(&root, "chart-mrr-canvas")).unwrap();
    let opt = get_option(&chart).unwrap();
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap();
    let y0 = js_sys::Reflect::get_u32(&get(&opt, "yAxis"), 0).unwrap();
    let f: js_sys::Function = get(&get(&y0, "axisLabel"), "formatter").dyn_into().unwrap();
    assert_eq!(f.call1(&JsValue::NULL, &12500.into()).unwrap().as_string().unwrap(), "12,5 Tsd.");
    // the tooltip of March lists every movement, formatted
    let action =
        js_sys::JSON::parse(r#"{"type": "showTip", "seriesIndex": 5, "dataIndex": 2}"#).unwrap();
    let dispatch: js_sys::Function = get(&chart, "dispatchAction").dyn_into().unwrap();
    dispatch.call1(&chart, &action).unwrap();
    sleep(150).await;
    let text = div.text_content().unwrap_or_default();
    assert!(
        text.contains("MRR: 200") && text.contains("Abwanderung: −40") && text.contains("2024-03"),
        "{text}"
    );
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

fn more_report() -> Report {
    report(
        json!({
            "cohorts": [
                {"start": "2024-01", "customers": 2, "start_mrr": "150", "logo": [100.0, 50.0, 50.0], "revenue": [100.0, 120.0, 80.0]},
                {"start": "2024-02", "customers": 1, "start_mrr": "10", "logo": [100.0, 0.0], "revenue": [100.0, 0.0]}
            ],
            "feature_adoption": [{"feature": "export", "users": 2, "pct": 50.0}, {"feature": "<script>", "users": 4, "pct": 100.0}],
            "health_distribution": [1, 0, 0, 2, 0, 0, 0, 3, 0, 4],
            "health_bands": {"red_below": 40.0, "green_from": 70.0},
            "health_red": 3, "health_amber": 0, "health_green": 7
        }),
        vec![
            ("2024-01", json!({"dau": 1.5, "mau": 3})),
            ("2024-02", json!({"dau": null, "mau": null})),
            ("2024-03", json!({"dau": 2, "mau": 4})),
        ],
    )
}

#[wasm_bindgen_test]
async fn survey_usage_health_cohort_ticket_charts() {
    load_echarts();
    let div = container();
    let lang = RwSignal::new(Lang::De);
    let s = survey_report();
    let m = more_report();
    let first = vec![0.5, 1.5, 3.0, f64::NAN, -1.0];
    let resolution = vec![2.0, 8.0, 9.9];
    let handle = leptos::mount::mount_to(div.clone(), move || {
        provide_context(UiLang(lang));
        view! {
            <CsatDistributionChart report=s.clone()/>
            <CesDistributionChart report=s.clone()/>
            <CommentPhrasesChart report=s.clone()/>
            <CohortRetentionChart report=m.clone() kind=CohortKind::Logo/>
            <CohortRetentionChart report=m.clone() kind=CohortKind::Revenue/>
            <TicketTimeHistogram first_response=first.clone() resolution=resolution.clone()/>
            <DauMauChart report=m.clone()/>
            <FeatureAdoptionChart report=m.clone()/>
            <HealthDistributionChart report=m.clone()/>
        }
    });
    sleep(400).await;
    let root: web_sys::Element = div.clone().into();
    for id in [
        "chart-csat",
        "chart-ces",
        "chart-phrases",
        "chart-cohorts-logo",
        "chart-cohorts-revenue",
        "chart-ticket-times",
        "chart-dau-mau",
        "chart-feature-adoption",
        "chart-health",
    ] {
        rendered(&root, id);
    }

    let o = option_of(&root, "chart-csat");
    assert_eq!(o["xAxis"][0]["data"], json!(["1", "2", "3", "4", "5"]));
    assert_eq!(o["series"][1]["name"], "Zufrieden");
    assert_eq!(data(&o, 1), vec![None, None, None, Some(3.0), Some(4.0)]);
    assert_eq!(data(&o, 0), vec![Some(1.0), Some(0.0), Some(2.0), None, None]);

    let o = option_of(&root, "chart-ces");
    assert_eq!(o["xAxis"][0]["data"].as_array().unwrap().len(), 7);
    assert_eq!(data(&o, 1)[4..], [Some(2.0), Some(2.0), Some(1.0)]);

    let o = option_of(&root, "chart-phrases");
    assert_eq!(o["yAxis"][0]["data"], json!(["fast support"]));
    assert_eq!(o["yAxis"][1]["data"], json!(["too <b>slow</b>"]));
    assert_eq!(data(&o, 0), vec![Some(3.0)]);
    assert_eq!(data(&o, 1), vec![Some(2.0)]);
    assert_eq!(o["title"][0]["text"], "Promotoren");

    let o = option_of(&root, "chart-cohorts-logo");
    assert_eq!(o["yAxis"][0]["data"], json!(["2024-01", "2024-02"]));
    let cells: Vec<Vec<f64>> = o["series"][0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect())
        .collect();
    assert_eq!(cells[1], vec![1.0, 0.0, 50.0]);
    assert_eq!(cells.len(), 5);
    let o = option_of(&root, "chart-cohorts-revenue");
    assert_eq!(o["series"][0]["data"][1]["value"][2].as_f64(), Some(120.0));
    assert_eq!(o["visualMap"][0]["max"].as_f64(), Some(120.0));
    let chart = instance_of(&find(&root, "chart-cohorts-revenue-canvas")).unwrap();
    let series = js_sys::Reflect::get(&get_option(&chart).unwrap(), &"series".into()).unwrap();
    let label =
        js_sys::Reflect::get(&js_sys::Reflect::get_u32(&series, 0).unwrap(), &"label".into())
            .unwrap();
    let f: js_sys::Function =
        js_sys::Reflect::get(&label, &"formatter".into()).unwrap().dyn_into().unwrap();
    let params = js_sys::JSON::parse(r#"{"value": [1, 0, 120]}"#).unwrap();
    assert_eq!(f.call1(&JsValue::NULL, &params).unwrap().as_string().unwrap(), "120 %");
    // a cell label is readable on its cell (≥ 4.5:1 on the heat colour)
    let cell_label = o["series"][0]["data"][0]["label"]["color"].as_str().unwrap().to_string();
    assert!(cell_label.starts_with('#'), "{cell_label}");

    let o = option_of(&root, "chart-ticket-times");
    let a: f64 = data(&o, 0).iter().flatten().sum();
    let b: f64 = data(&o, 1).iter().flatten().sum();
    assert_eq!((a, b), (3.0, 3.0));
    assert_eq!(o["xAxis"][0]["name"], "Stunden");

    let o = option_of(&root, "chart-dau-mau");
    assert_eq!(data(&o, 0), vec![Some(1.5), None, Some(2.0)]);
    assert_eq!(data(&o, 1), vec![Some(3.0), None, Some(4.0)]);

    let o = option_of(&root, "chart-feature-adoption");
    assert_eq!(o["yAxis"][0]["data"], json!(["<script>", "export"]));
    assert_eq!(data(&o, 0), vec![Some(100.0), Some(50.0)]);

    let o = option_of(&root, "chart-health");
    assert_eq!(data(&o, 0)[3], Some(2.0));
    assert_eq!(data(&o, 2)[9], Some(4.0));
    let label = find(&root, "chart-health-canvas").get_attribute("aria-label").unwrap();
    assert!(label.contains("Gefährdet 3, Beobachten 0, Gesund 7"), "{label}");
    drop(handle);
    div.remove();
}

/// Without `window.echarts` the first chart inserts one `<script>` and every chart awaits it.
#[wasm_bindgen_test]
async fn echarts_is_loaded_on_demand_once() {
    let global = js_sys::global();
    js_sys::Reflect::delete_property(&global.clone().into(), &"echarts".into()).unwrap();
    assert!(!echarts::echarts_present());
    js_sys::Reflect::set(
        &global,
        &"__echarts_src".into(),
        &include_str!("../public/vendor/echarts.min.js").into(),
    )
    .unwrap();
    let url = js_sys::eval(
        "URL.createObjectURL(new Blob([globalThis.__echarts_src], {type: 'text/javascript'}))",
    )
    .unwrap();
    echarts::set_echarts_url(&url.as_string().unwrap());
    let div = container();
    let r = survey_report();
    let handle = leptos::mount::mount_to(div.clone(), move || {
        view! {
            <NpsDistributionChart report=r.clone()/>
            <NpsTrendChart report=r.clone()/>
        }
    });
    let root: web_sys::Element = div.clone().into();
    for _ in 0..40 {
        sleep(100).await;
        if instance_of(&find(&root, "chart-nps-trend-canvas")).is_some() {
            break;
        }
    }
    assert!(echarts::echarts_present());
    let doc = web_sys::window().unwrap().document().unwrap();
    assert_eq!(doc.query_selector_all("script[data-echarts]").unwrap().length(), 1);
    rendered(&root, "chart-nps-distribution");
    rendered(&root, "chart-nps-trend");
    drop(handle);
    div.remove();
}

/// The sample survey, imported and analysed as in the app, feeds the NPS charts.
#[wasm_bindgen_test]
async fn sample_survey_end_to_end() {
    use kundenkpi::analysis::{analyze, AnalysisOptions};
    load_echarts();
    let a = analyze(
        include_bytes!("../public/samples/survey-en.csv"),
        Some("survey-en.csv"),
        &AnalysisOptions::default(),
    )
    .expect("imports");
    let n = a.report.metrics["nps_n"].as_f64().unwrap();
    let periods = a.report.periods.len();
    let r = a.report.clone();
    let div = container();
    let handle = leptos::mount::mount_to(div.clone(), move || {
        view! {
            <NpsDistributionChart report=r.clone()/>
            <NpsTrendChart report=r.clone()/>
            <CommentPhrasesChart report=r.clone()/>
        }
    });
    sleep(400).await;
    let root: web_sys::Element = div.clone().into();
    for id in ["chart-nps-distribution", "chart-nps-trend", "chart-phrases"] {
        rendered(&root, id);
    }
    let o = option_of(&root, "chart-nps-distribution");
    let total: f64 = (0..3).flat_map(|s| data(&o, s)).flatten().sum();
    assert_eq!(total, n);
    let o = option_of(&root, "chart-nps-trend");
    assert_eq!(data(&o, 2).len(), periods);
    drop(handle);
    div.remove();
}
