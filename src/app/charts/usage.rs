//! Product usage: DAU and MAU per period, feature adoption as horizontal bars.

use std::sync::Arc;

use charming::element::{ItemStyle, Label, LabelPosition, LineStyle, Symbol};
use charming::series::{Bar, Line};
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, below, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

pub fn usage_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let u = shape::usage_trend(r)?;
    let t = chart_texts(lang);
    let line = |name: &str, color: String, data: Vec<Option<f64>>| {
        Line::new()
            .name(name)
            .symbol(Symbol::Circle)
            .line_style(LineStyle::new().color(color.clone()).width(2))
            .item_style(ItemStyle::new().color(color))
            .data(data)
    };
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis(u.labels.clone(), t.period)))
        .y_axis(value_axis(t.users).min(0))
        .series(line(t.dau, p.graphic(p.accent).hex(), u.dau.clone()))
        .series(line(t.mau, p.graphic(p.promoter).hex(), u.mau.clone()));
    Some(ChartSpec {
        height: None,
        option: finish(&chart, p)?,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Number)),
            ("tooltip.valueFormatter", Func::Value(Fmt::Number)),
        ],
        aria: u.summary(t, lang),
    })
}

pub fn adoption_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let a = shape::feature_adoption(r)?;
    let t = chart_texts(lang);
    let chart = Chart::new()
        .tooltip(axis_tooltip())
        .grid(
            charming::component::Grid::new()
                .left(8)
                .right(56)
                .bottom(36)
                .top(16)
                .contain_label(true),
        )
        .x_axis(below(value_axis(t.adoption_axis).min(0).max(100)))
        .y_axis(category_axis(a.features.iter().map(|f| f.0.clone()).collect(), "").inverse(true))
        .series(
            Bar::new()
                .name(t.adoption_title)
                .item_style(ItemStyle::new().color(p.graphic(p.accent).hex()))
                .label(Label::new().show(true).position(LabelPosition::Right).color(p.text.hex()))
                .data(a.features.iter().map(|f| f.1).collect::<Vec<f64>>()),
        );
    Some(ChartSpec {
        height: Some(70 + 30 * a.features.len() as u32),
        option: finish(&chart, p)?,
        funcs: vec![
            ("xAxis.0.axisLabel.formatter", Func::Axis(Fmt::Percent)),
            ("tooltip.valueFormatter", Func::Value(Fmt::Percent)),
            ("series.0.label.formatter", Func::Label(Fmt::Percent, None)),
        ],
        aria: a.summary(t, lang),
    })
}

/// DAU and MAU per period. `data-testid="chart-dau-mau"`. Reads `periods[].dau`, `mau`.
#[component]
pub fn DauMauChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| usage_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-dau-mau" title=|t| t.usage_title make=build/> }
}

/// Share of active users per feature, highest first (top 20).
/// `data-testid="chart-feature-adoption"`. Reads `feature_adoption` (`[{feature, users, pct}]`).
#[component]
pub fn FeatureAdoptionChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| adoption_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-feature-adoption" title=|t| t.adoption_title make=build/> }
}
