//! NPS: answers per score (stacked by group) and the NPS per period with its 95 % interval.

use std::sync::Arc;

use charming::element::{AreaStyle, ItemStyle, LineStyle, Symbol};
use charming::series::{Bar, Line};
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, below, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, format_value, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

/// Builds the NPS distribution option (also used by tests).
pub fn nps_distribution_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let d = shape::nps_distribution(r)?;
    let t = chart_texts(lang);
    let [det, pas, pro] = d.stacked();
    let bar = |name: &str, color: String, data: Vec<Option<f64>>| {
        Bar::new().name(name).stack("answers").item_style(ItemStyle::new().color(color)).data(data)
    };
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis((0..=10).map(|i| i.to_string()).collect(), t.score)))
        .y_axis(value_axis(t.answers).min_interval(1))
        .series(bar(t.detractors, p.graphic(p.detractor).hex(), det.to_vec()))
        .series(bar(t.passives, p.graphic(p.passive).hex(), pas.to_vec()))
        .series(bar(t.promoters, p.graphic(p.promoter).hex(), pro.to_vec()));
    Some(ChartSpec {
        height: None,
        option: finish(&chart, p)?,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Count)),
            ("tooltip.valueFormatter", Func::Value(Fmt::Count)),
        ],
        aria: d.summary(t, lang),
    })
}

/// Builds the NPS trend option: the NPS line over a stacked, invisible-base band.
pub fn nps_trend_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let tr = shape::nps_trend(r)?;
    let t = chart_texts(lang);
    let (base, width) = tr.band();
    let accent = p.graphic(p.accent).hex();
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis(tr.labels.clone(), t.period)))
        .y_axis(value_axis(t.nps).min(-100).max(100))
        .series(
            Line::new()
                .name("ci-base")
                .stack("ci")
                .symbol(Symbol::None)
                .line_style(LineStyle::new().opacity(0))
                .silent(true)
                .data(base),
        )
        .series(
            Line::new()
                .name(t.ci95)
                .stack("ci")
                .symbol(Symbol::None)
                .line_style(LineStyle::new().opacity(0))
                .area_style(AreaStyle::new().color(p.accent.rgba(0.2)))
                .item_style(ItemStyle::new().color(p.accent.rgba(0.35)))
                .silent(true)
                .data(width),
        )
        .series(
            Line::new()
                .name(t.nps)
                .symbol(Symbol::Circle)
                .symbol_size(7)
                .line_style(LineStyle::new().color(accent.clone()).width(2))
                .item_style(ItemStyle::new().color(accent))
                .data(tr.value.clone()),
        );
    let mut option = finish(&chart, p)?;
    // the band's base is not an entry of the legend
    if let Some(l) = option.get_mut("legend").and_then(|l| l.as_object_mut()) {
        l.insert("data".into(), serde_json::json!([t.nps, t.ci95]));
    }
    let lines_tr = tr.clone();
    let lines = Arc::new(move |i: usize| {
        let t = chart_texts(lang);
        let g = |v: &[Option<f64>]| v.get(i).copied().flatten();
        vec![
            lines_tr.labels.get(i).cloned().unwrap_or_default(),
            format!(
                "{}: {}",
                t.nps,
                g(&lines_tr.value).map_or("–".into(), |v| format_value(Fmt::Signed, v, lang))
            ),
            format!(
                "{}: {} … {}",
                t.ci95,
                g(&lines_tr.low).map_or("–".into(), |v| format_value(Fmt::Signed, v, lang)),
                g(&lines_tr.high).map_or("–".into(), |v| format_value(Fmt::Signed, v, lang))
            ),
        ]
    });
    Some(ChartSpec {
        height: None,
        option,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Signed)),
            ("tooltip.formatter", Func::Tooltip(lines)),
        ],
        aria: tr.summary(t, lang),
    })
}

/// Answers per score 0–10, stacked in detractor / passive / promoter colours.
/// `data-testid="chart-nps-distribution"`. Reads `nps_distribution`.
#[component]
pub fn NpsDistributionChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| nps_distribution_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-nps-distribution" title=|t| t.nps_distribution_title make=build/> }
}

/// NPS per period with its 95 % confidence band. `data-testid="chart-nps-trend"`.
/// Reads `periods[].nps`, `nps_ci95_low`, `nps_ci95_high`.
#[component]
pub fn NpsTrendChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| nps_trend_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-nps-trend" title=|t| t.nps_trend_title make=build/> }
}
