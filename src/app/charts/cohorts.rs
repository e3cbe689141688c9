//! Cohort retention heatmap: start months down, months after the start across, each cell the
//! share still active (logo) or the share of starting MRR (revenue), labelled in percent.

use std::sync::Arc;

use charming::component::VisualMap;
use charming::element::{Label, NameLocation, Orient};
use charming::series::Heatmap;
use charming::Chart;
use leptos::prelude::*;
use serde_json::json;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{below, category_axis, finish};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, format_value, CohortKind, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

pub fn cohort_spec(r: &Report, kind: CohortKind, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let c = shape::cohorts(r, kind)?;
    let t = chart_texts(lang);
    let title = match kind {
        CohortKind::Logo => t.cohort_logo_title,
        CohortKind::Revenue => t.cohort_revenue_title,
    };
    let max = c.max.max(100.0);
    // values in the cells while they are wide enough (up to a year of columns, smaller
    // type past 8); else a colour scale below, and every cell's value on hover
    let labels = c.months <= 12;
    let font_size = if c.months > 8 { 9 } else { 11 };
    let chart = Chart::new()
        .tooltip(charming::element::Tooltip::new())
        .grid(
            charming::component::Grid::new()
                .left(8)
                .right(16)
                .bottom(if labels { 36 } else { 76 })
                .top(36)
                .contain_label(true),
        )
        .x_axis(below(category_axis(
            (0..c.months).map(|k| k.to_string()).collect(),
            t.months_after,
        )))
        .y_axis(
            category_axis(c.starts.clone(), t.cohort_start)
                .inverse(true)
                .name_location(NameLocation::Start),
        )
        .visual_map(
            VisualMap::new()
                .show(!labels)
                .min(0)
                .max(max)
                .orient(Orient::Horizontal)
                .left("center")
                .bottom(0)
                .item_height(160)
                .item_width(12)
                .in_range(
                    charming::component::VisualMapChannel::new()
                        .color(vec![p.heat(0.0).hex(), p.heat(1.0).hex()]),
                ),
        )
        .series(Heatmap::new().name(title).label(Label::new().show(labels).font_size(font_size)));
    let mut option = finish(&chart, p)?;
    // cells with their own readable label colour (the heat scale runs from the surface to
    // the accent, so no single colour passes on every cell)
    let cells: Vec<serde_json::Value> = c
        .cells
        .iter()
        .map(|(k, y, v)| json!({"value": [k, y, v], "label": {"color": p.label_on(p.heat(v / max)).hex()}}))
        .collect();
    if let Some(s) =
        option.get_mut("series").and_then(|s| s.get_mut(0)).and_then(|s| s.as_object_mut())
    {
        s.insert("data".into(), json!(cells));
    }
    if let Some(v) =
        option.get_mut("visualMap").and_then(|v| v.get_mut(0)).and_then(|v| v.as_object_mut())
    {
        v.insert("textStyle".into(), json!({"color": p.text.hex()}));
        v.insert("text".into(), json!([format_value(Fmt::PercentRounded, max, lang), "0 %"]));
    }
    for axis in ["xAxis", "yAxis"] {
        if let Some(a) = option.get_mut(axis).and_then(|a| a.as_object_mut()) {
            a.insert("splitArea".into(), json!({"show": false}));
        }
    }
    let cc = c.clone();
    let lines = Arc::new(move |i: usize| {
        let t = chart_texts(lang);
        let Some((k, y, v)) = cc.cells.get(i).copied() else { return Vec::new() };
        vec![
            format!("{}: {}", t.cohort_start, cc.starts.get(y).cloned().unwrap_or_default()),
            format!("{}: {k}", t.months_after),
            format!("{} {}", format_value(Fmt::Percent, v, lang), t.retained),
            format!(
                "{}: {}",
                t.customers,
                format_value(Fmt::Count, cc.customers.get(y).copied().unwrap_or(0) as f64, lang)
            ),
        ]
    });
    Some(ChartSpec {
        height: Some(90 + 26 * c.starts.len() as u32 + if labels { 0 } else { 40 }),
        option,
        funcs: vec![
            ("series.0.label.formatter", Func::Label(Fmt::PercentRounded, Some(2))),
            ("tooltip.formatter", Func::Tooltip(lines)),
        ],
        aria: c.summary(title, t, lang),
    })
}

/// Cohort retention triangle from `cohorts` (subscriptions). `kind` picks logo (customers)
/// or revenue retention. `data-testid="chart-cohorts-logo"` / `"chart-cohorts-revenue"`.
#[component]
pub fn CohortRetentionChart(
    #[prop(into)] report: Signal<Report>,
    kind: CohortKind,
) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| cohort_spec(r, kind, p, lang)).flatten());
    match kind {
        CohortKind::Logo => view! {
            <ChartFrame testid="chart-cohorts-logo" title=|t| t.cohort_logo_title make=build/>
        },
        CohortKind::Revenue => view! {
            <ChartFrame testid="chart-cohorts-revenue" title=|t| t.cohort_revenue_title make=build/>
        },
    }
}
