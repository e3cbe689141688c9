//! Orders: revenue (bars) and orders (line) per period; average order value (line) and
//! repeat customers (bars) per period.

use std::sync::Arc;

use charming::element::{ItemStyle, LineStyle, Symbol};
use charming::series::{Bar, Line};
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, below, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, format_value, Fmt, OrdersTrend};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

/// Two series on two value axes: bars on the left axis, a line on the right one.
fn bars_and_line(
    o: &OrdersTrend,
    p: &Palette,
    lang: Lang,
    (bar_name, bar_fmt, bars): (&str, Fmt, Vec<Option<f64>>),
    (line_name, line_fmt, line): (&str, Fmt, Vec<Option<f64>>),
    aria: String,
    tooltip: Arc<dyn Fn(usize) -> Vec<String> + Send + Sync>,
) -> Option<ChartSpec> {
    let t = chart_texts(lang);
    let text = p.text.hex();
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(below(category_axis(o.labels.clone(), t.period)))
        .y_axis(value_axis(bar_name).min(0))
        .y_axis(value_axis(line_name).min(0))
        .series(
            Bar::new()
                .name(bar_name)
                .item_style(ItemStyle::new().color(p.graphic(p.accent).hex()))
                .data(bars),
        )
        .series(
            Line::new()
                .name(line_name)
                .y_axis_index(1)
                .symbol(Symbol::Circle)
                .line_style(LineStyle::new().color(text.clone()).width(2))
                .item_style(ItemStyle::new().color(text))
                .data(line),
        );
    let mut option = finish(&chart, p)?;
    // the right axis draws no second grid; each axis' name runs inwards from its axis, so
    // a long name ("Repeat customers") is not cut at the card's edge
    if let Some(axes) = option.get_mut("yAxis").and_then(|y| y.as_array_mut()) {
        for (i, y) in axes.iter_mut().enumerate() {
            let Some(y) = y.as_object_mut() else { continue };
            let align = if i == 0 { "left" } else { "right" };
            let style = y.entry("nameTextStyle").or_insert_with(|| serde_json::json!({}));
            if let Some(style) = style.as_object_mut() {
                style.insert("align".into(), serde_json::json!(align));
            }
            if i == 1 {
                y.insert("splitLine".into(), serde_json::json!({"show": false}));
            }
        }
    }
    Some(ChartSpec {
        height: None,
        option,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(bar_fmt)),
            ("yAxis.1.axisLabel.formatter", Func::Axis(line_fmt)),
            ("tooltip.formatter", Func::Tooltip(tooltip)),
        ],
        aria,
    })
}

/// The tooltip of one period: its label and every series of the trend.
fn period_lines(o: OrdersTrend, lang: Lang) -> Arc<dyn Fn(usize) -> Vec<String> + Send + Sync> {
    Arc::new(move |i: usize| {
        let t = chart_texts(lang);
        let g = |v: &[Option<f64>], f: Fmt| {
            v.get(i).copied().flatten().map_or("–".into(), |x| format_value(f, x, lang))
        };
        vec![
            o.labels.get(i).cloned().unwrap_or_default(),
            format!("{}: {}", t.revenue, g(&o.revenue, Fmt::Money)),
            format!("{}: {}", t.orders, g(&o.orders, Fmt::Count)),
            format!("{}: {}", t.avg_order_value, g(&o.avg_order_value, Fmt::Money)),
            format!("{}: {}", t.repeat_customers, g(&o.repeat_customers, Fmt::Count)),
        ]
    })
}

pub fn orders_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let o = shape::orders_trend(r)?;
    let t = chart_texts(lang);
    bars_and_line(
        &o,
        p,
        lang,
        (t.revenue, Fmt::Money, o.revenue.clone()),
        (t.orders, Fmt::Count, o.orders.clone()),
        o.summary(t, lang),
        period_lines(o.clone(), lang),
    )
}

pub fn order_value_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let o = shape::orders_trend(r)?;
    let t = chart_texts(lang);
    let aria = format!(
        "{}: {}",
        t.order_value_title,
        o.labels
            .iter()
            .zip(&o.avg_order_value)
            .zip(&o.repeat_customers)
            .map(|((l, v), c)| {
                let f =
                    |x: &Option<f64>, fmt| x.map_or("–".into(), |x| format_value(fmt, x, lang));
                format!("{l} {} / {}", f(v, Fmt::Money), f(c, Fmt::Count))
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    bars_and_line(
        &o,
        p,
        lang,
        (t.repeat_customers, Fmt::Count, o.repeat_customers.clone()),
        (t.avg_order_value, Fmt::Money, o.avg_order_value.clone()),
        aria,
        period_lines(o.clone(), lang),
    )
}

/// Revenue and orders per period. `data-testid="chart-orders"`. Reads `periods[].revenue`,
/// `orders`.
#[component]
pub fn OrdersChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| orders_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-orders" title=|t| t.orders_title make=build/> }
}

/// Average order value and repeat customers per period. `data-testid="chart-order-value"`.
/// Reads `periods[].avg_purchase_value`, `repeat_customers`.
#[component]
pub fn OrderValueChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| order_value_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-order-value" title=|t| t.order_value_title make=build/> }
}
