//! Ticket times: histogram of first-response and resolution hours on shared bins.

use std::sync::Arc;

use charming::element::ItemStyle;
use charming::series::Bar;
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, below, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, Fmt};
use crate::presentation::charts::texts::chart_texts;

/// At most this many bins.
pub const MAX_BINS: usize = 24;

pub fn ticket_spec(
    first_response: &[f64],
    resolution: &[f64],
    p: &Palette,
    lang: Lang,
) -> Option<ChartSpec> {
    let h = shape::histogram(first_response, resolution, MAX_BINS)?;
    let t = chart_texts(lang);
    let counts = |v: &[u64]| v.iter().map(|c| *c as f64).collect::<Vec<f64>>();
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis(h.labels(lang), t.hours)))
        .y_axis(value_axis(t.tickets).min_interval(1))
        .series(
            Bar::new()
                .name(t.first_response)
                .item_style(ItemStyle::new().color(p.graphic(p.accent).hex()))
                .data(counts(&h.counts_a)),
        )
        .series(
            Bar::new()
                .name(t.resolution)
                .item_style(ItemStyle::new().color(p.graphic(p.passive).hex()))
                .data(counts(&h.counts_b)),
        );
    Some(ChartSpec {
        height: None,
        option: finish(&chart, p)?,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Count)),
            ("tooltip.valueFormatter", Func::Value(Fmt::Count)),
        ],
        aria: h.summary(t, lang),
    })
}

/// Histogram of first-response and resolution times in hours, from the samples of
/// `TicketMetrics` (`first_response_values`, `resolution_values`; the report keys hold only
/// mean, median and p90). `data-testid="chart-ticket-times"`.
#[component]
pub fn TicketTimeHistogram(
    #[prop(into)] first_response: Signal<Vec<f64>>,
    #[prop(into)] resolution: Signal<Vec<f64>>,
) -> impl IntoView {
    let build: Build = Arc::new(move |p, lang| {
        first_response
            .try_with(|a| resolution.try_with(|b| ticket_spec(a, b, p, lang)))
            .flatten()
            .flatten()
    });
    view! { <ChartFrame testid="chart-ticket-times" title=|t| t.ticket_title make=build/> }
}
