//! CSAT and CES: answers per score, satisfied / easy answers in the promoter colour.

use std::sync::Arc;

use charming::element::ItemStyle;
use charming::series::Bar;
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, below, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, Fmt, ScaleDistribution};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

fn scale_spec(
    d: ScaleDistribution,
    title: &str,
    good: &str,
    bad: &str,
    p: &Palette,
    lang: Lang,
) -> Option<ChartSpec> {
    let t = chart_texts(lang);
    let (g, b) = d.split();
    let bar = |name: &str, color: String, data: Vec<Option<f64>>| {
        Bar::new().name(name).stack("answers").item_style(ItemStyle::new().color(color)).data(data)
    };
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis(d.scores.iter().map(|s| s.to_string()).collect(), t.score)))
        .y_axis(value_axis(t.answers).min_interval(1))
        .series(bar(bad, p.graphic(p.detractor).hex(), b))
        .series(bar(good, p.graphic(p.promoter).hex(), g));
    Some(ChartSpec {
        height: None,
        option: finish(&chart, p)?,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Count)),
            ("tooltip.valueFormatter", Func::Value(Fmt::Count)),
        ],
        aria: d.summary(title, t, lang),
    })
}

pub fn csat_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let t = chart_texts(lang);
    scale_spec(shape::csat_distribution(r)?, t.csat_title, t.satisfied, t.not_satisfied, p, lang)
}

pub fn ces_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let t = chart_texts(lang);
    scale_spec(shape::ces_distribution(r)?, t.ces_title, t.easy, t.not_easy, p, lang)
}

/// CSAT answers per score; the satisfied boxes (from `csat_threshold`) in the promoter
/// colour. `data-testid="chart-csat"`. Reads `csat_distribution`, `csat_scale`, `csat_threshold`.
#[component]
pub fn CsatDistributionChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| csat_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-csat" title=|t| t.csat_title make=build/> }
}

/// CES answers per score; easy answers in the promoter colour. `data-testid="chart-ces"`.
/// Reads `ces_distribution`, `ces_scale`, `ces_lower_is_easier`.
#[component]
pub fn CesDistributionChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build = Arc::new(move |p, lang| report.try_with(|r| ces_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-ces" title=|t| t.ces_title make=build/> }
}
