//! What promoters and detractors write: two bar lists of their most frequent phrases.

use std::sync::Arc;

use charming::component::{Axis, Grid};
use charming::element::{AxisType, ItemStyle, Label, LabelPosition};
use charming::series::Bar;
use charming::Chart;
use leptos::prelude::*;
use serde_json::json;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::pure::color::Palette;
use super::pure::shape::{self, Fmt, TOP_PHRASES};
use super::pure::texts::chart_texts;
use super::{axis_tooltip, finish};
use crate::i18n::Lang;
use crate::metrics::report::Report;

pub fn phrases_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let ph = shape::phrases(r)?;
    let t = chart_texts(lang);
    let max = ph.promoters.iter().chain(&ph.detractors).map(|x| x.1).max().unwrap_or(1) as f64;
    let side = |i: usize, top: &str, height: &str| {
        (
            Grid::new().left(8).right(40).top(top).height(height).contain_label(true),
            Axis::new().type_(AxisType::Value).grid_index(i as f64).max(max).min_interval(1).show(false),
        )
    };
    let (g0, x0) = side(0, "9%", "37%");
    let (g1, x1) = side(1, "59%", "37%");
    let cat = |i: usize, v: &[(String, u64)]| {
        Axis::new().type_(AxisType::Category).grid_index(i as f64).inverse(true).data(v.iter().map(|x| x.0.clone()).collect())
    };
    let bar = |i: usize, name: &str, color: String, v: &[(String, u64)]| {
        Bar::new()
            .name(name)
            .x_axis_index(i as f64)
            .y_axis_index(i as f64)
            .item_style(ItemStyle::new().color(color))
            .label(Label::new().show(true).position(LabelPosition::Right).color(p.text.hex()))
            .data(v.iter().map(|x| x.1 as f64).collect::<Vec<f64>>())
    };
    let chart = Chart::new()
        .tooltip(axis_tooltip())
        .grid(g0)
        .grid(g1)
        .x_axis(x0)
        .x_axis(x1)
        .y_axis(cat(0, &ph.promoters))
        .y_axis(cat(1, &ph.detractors))
        .series(bar(0, t.promoter_phrases, p.graphic(p.promoter).hex(), &ph.promoters))
        .series(bar(1, t.detractor_phrases, p.graphic(p.detractor).hex(), &ph.detractors));
    let mut option = finish(&chart, p)?;
    if let Some(o) = option.as_object_mut() {
        let style = json!({"color": p.text.hex(), "fontSize": 14, "fontWeight": "bold"});
        o.insert(
            "title".into(),
            json!([
                {"text": t.promoter_phrases, "left": 0, "top": "0%", "textStyle": style},
                {"text": t.detractor_phrases, "left": 0, "top": "50%", "textStyle": style}
            ]),
        );
    }
    Some(ChartSpec {
        option,
        funcs: vec![("tooltip.valueFormatter", Func::Value(Fmt::Count)), ("series.0.label.formatter", Func::Label(Fmt::Count, None)), ("series.1.label.formatter", Func::Label(Fmt::Count, None))],
        aria: ph.summary(t, lang),
    })
}

/// The most frequent phrases (or words) of promoters and of detractors, as two bar lists.
/// `data-testid="chart-phrases"`. Reads `comments`.
#[component]
pub fn CommentPhrasesChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build = Arc::new(move |p, lang| report.try_with(|r| phrases_spec(r, p, lang)).flatten());
    let height = 120 + 2 * 26 * TOP_PHRASES as u32;
    view! { <ChartFrame testid="chart-phrases" title=|t| t.phrases_title make=build height/> }
}
