//! Health score: customers per ten points, coloured by band (red / amber / green).

use std::sync::Arc;

use charming::element::ItemStyle;
use charming::series::Bar;
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, below, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, Band, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

pub fn health_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let h = shape::health_distribution(r)?;
    let t = chart_texts(lang);
    let bar = |name: &str, color: String, band: Band| {
        Bar::new()
            .name(name)
            .stack("customers")
            .item_style(ItemStyle::new().color(color))
            .data(h.by_band(band))
    };
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis(h.labels(), t.health_score)))
        .y_axis(value_axis(t.customers).min_interval(1))
        .series(bar(t.health_red, p.graphic(p.detractor).hex(), Band::Red))
        .series(bar(t.health_amber, p.graphic(p.passive).hex(), Band::Amber))
        .series(bar(t.health_green, p.graphic(p.promoter).hex(), Band::Green));
    let (red, amber, green) = shape::health_totals(r);
    Some(ChartSpec {
        height: None,
        option: finish(&chart, p)?,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Count)),
            ("tooltip.valueFormatter", Func::Value(Fmt::Count)),
        ],
        aria: h.summary(t, lang, red, amber, green),
    })
}

/// Customers per health-score bin (0–10 … 90–100), each bin in the colour of its band
/// (`health_bands`). `data-testid="chart-health"`. Reads `health_distribution`.
#[component]
pub fn HealthDistributionChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| health_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-health" title=|t| t.health_title make=build/> }
}
