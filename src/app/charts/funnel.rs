//! The funnel: one bar per stage, widest first, each labelled with its count and its share
//! of the first stage (bars keep the true proportions, unlike a trapezoid funnel).

use std::sync::Arc;

use charming::element::{ItemStyle, Label, LabelPosition};
use charming::series::Bar;
use charming::Chart;
use leptos::prelude::*;
use serde_json::json;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{category_axis, finish, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, format_value, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

/// The first (or only) axis of an option's `xAxis` / `yAxis`.
fn first(v: &mut serde_json::Value) -> Option<&mut serde_json::Map<String, serde_json::Value>> {
    match v {
        serde_json::Value::Array(a) => a.first_mut()?.as_object_mut(),
        o => o.as_object_mut(),
    }
}

pub fn funnel_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let f = shape::funnel_stages(r)?;
    let t = chart_texts(lang);
    let chart = Chart::new()
        .tooltip(charming::element::Tooltip::new())
        .grid(
            charming::component::Grid::new()
                .left(8)
                .right(100)
                .bottom(8)
                .top(8)
                .contain_label(true),
        )
        .x_axis(value_axis("").min(0))
        .y_axis(
            category_axis(f.stages.iter().map(|s| s.stage.label(t).to_string()).collect(), "")
                .inverse(true),
        )
        .series(
            Bar::new()
                .name(t.funnel_title)
                .item_style(ItemStyle::new().color(p.graphic(p.accent).hex()))
                .label(Label::new().show(true).position(LabelPosition::Right).color(p.text.hex()))
                .data(f.stages.iter().map(|s| s.count).collect::<Vec<f64>>()),
        );
    let mut option = finish(&chart, p)?;
    // each bar's label: its count and, after the first, its share of the first stage
    let data: Vec<serde_json::Value> = f
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let count = format_value(Fmt::Count, s.count, lang);
            let label = match (i, s.pct_of_first) {
                (0, _) | (_, None) => count,
                (_, Some(pct)) => format!("{count} · {}", format_value(Fmt::Percent, pct, lang)),
            };
            json!({"value": s.count, "label": {"formatter": label.replace('{', "(").replace('}', ")")}})
        })
        .collect();
    if let Some(s) =
        option.get_mut("series").and_then(|s| s.get_mut(0)).and_then(|s| s.as_object_mut())
    {
        s.insert("data".into(), json!(data));
    }
    // the bars carry their numbers: no value axis; long stage names wrap instead of being
    // cut on a phone (one axis serialises as an object, several as an array)
    if let Some(x) = option.get_mut("xAxis").and_then(first) {
        x.insert("show".into(), json!(false));
    }
    if let Some(y) = option.get_mut("yAxis").and_then(first) {
        y.insert(
            "axisLabel".into(),
            json!({"width": 96, "overflow": "break", "color": p.muted.hex()}),
        );
    }
    let ff = f.clone();
    let lines = Arc::new(move |i: usize| vec![ff.line(i, chart_texts(lang), lang)]);
    Some(ChartSpec {
        height: Some(40 + 48 * f.stages.len() as u32),
        option,
        funcs: vec![("tooltip.formatter", Func::Tooltip(lines))],
        aria: f.summary(t, lang),
    })
}

/// The funnel's stages for the whole range. `data-testid="chart-funnel"`. Reads `visitors`,
/// `carts_created`, `purchases_completed`, `conversions`.
#[component]
pub fn FunnelChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| funnel_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-funnel" title=|t| t.funnel_title make=build/> }
}
