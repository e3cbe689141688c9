//! Cohort retention heatmap: start months down, months after the start across, each cell the
//! share still active (logo) or the share of starting MRR (revenue), labelled in percent.

use std::sync::Arc;

use charming::component::VisualMap;
use charming::element::Label;
use charming::series::Heatmap;
use charming::Chart;
use leptos::prelude::*;
use serde_json::json;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::pure::color::Palette;
use super::pure::shape::{self, format_value, CohortKind, Fmt};
use super::pure::texts::chart_texts;
use super::{category_axis, finish};
use crate::i18n::Lang;
use crate::metrics::report::Report;

pub fn cohort_spec(r: &Report, kind: CohortKind, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let c = shape::cohorts(r, kind)?;
    let t = chart_texts(lang);
    let title = match kind {
        CohortKind::Logo => t.cohort_logo_title,
        CohortKind::Revenue => t.cohort_revenue_title,
    };
    let max = c.max.max(100.0);
    let chart = Chart::new()
        .tooltip(charming::element::Tooltip::new())
        .grid(charming::component::Grid::new().left(8).right(16).bottom(8).top(40).contain_label(true))
        .x_axis(category_axis((0..c.months).map(|k| k.to_string()).collect(), t.months_after))
        .y_axis(category_axis(c.starts.clone(), t.cohort_start).inverse(true))
        .visual_map(VisualMap::new().show(false).min(0).max(max).in_range(
            charming::component::VisualMapChannel::new().color(vec![p.heat(0.0).hex(), p.heat(1.0).hex()]),
        ))
        // labels while the cells are wide enough for "100 %"; the tooltip always has them
        .series(Heatmap::new().name(title).label(Label::new().show(c.months <= 18).font_size(11)));
    let mut option = finish(&chart, p)?;
    // cells with their own readable label colour (the heat scale runs from the surface to
    // the accent, so no single colour passes on every cell)
    let cells: Vec<serde_json::Value> = c
        .cells
        .iter()
        .map(|(k, y, v)| json!({"value": [k, y, v], "label": {"color": p.label_on(p.heat(v / max)).hex()}}))
        .collect();
    if let Some(s) = option.get_mut("series").and_then(|s| s.get_mut(0)).and_then(|s| s.as_object_mut()) {
        s.insert("data".into(), json!(cells));
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
            format!("{}: {}", t.customers, format_value(Fmt::Count, cc.customers.get(y).copied().unwrap_or(0) as f64, lang)),
        ]
    });
    Some(ChartSpec {
        option,
        funcs: vec![("series.0.label.formatter", Func::Label(Fmt::PercentRounded, Some(2))), ("tooltip.formatter", Func::Tooltip(lines))],
        aria: c.summary(title, t, lang),
    })
}

/// Cohort retention triangle from `cohorts` (subscriptions). `kind` picks logo (customers)
/// or revenue retention. `data-testid="chart-cohorts-logo"` / `"chart-cohorts-revenue"`.
#[component]
pub fn CohortRetentionChart(#[prop(into)] report: Signal<Report>, kind: CohortKind) -> impl IntoView {
    let build: Build = Arc::new(move |p, lang| report.try_with(|r| cohort_spec(r, kind, p, lang)).flatten());
    let rows = report.try_with_untracked(|r| shape::cohorts(r, kind).map_or(0, |c| c.starts.len())).unwrap_or(0);
    // one row per start month: the canvas grows with the cohorts (sized when mounted)
    let height = 120 + 28 * rows.clamp(3, shape::MAX_COHORTS) as u32;
    match kind {
        CohortKind::Logo => view! {
            <ChartFrame testid="chart-cohorts-logo" title=|t| t.cohort_logo_title make=build height/>
        },
        CohortKind::Revenue => view! {
            <ChartFrame testid="chart-cohorts-revenue" title=|t| t.cohort_revenue_title make=build height/>
        },
    }
}
