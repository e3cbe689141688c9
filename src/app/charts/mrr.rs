//! MRR per month (line, right axis) over its five movements (stacked bars, left axis):
//! new, expansion, reactivation above zero; contraction and churn below.

use std::sync::Arc;

use charming::element::{ItemStyle, LineStyle, Symbol};
use charming::series::{Bar, Line};
use charming::Chart;
use leptos::prelude::*;

use super::frame::{Build, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, category_axis, finish, grid, legend, value_axis};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, format_value, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::report::Report;

pub fn mrr_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let m = shape::mrr_movements(r)?;
    let t = chart_texts(lang);
    let bar = |name: &str, color: String, data: Vec<Option<f64>>| {
        Bar::new()
            .name(name)
            .stack("movements")
            .item_style(ItemStyle::new().color(color))
            .data(data)
    };
    let text = p.text.hex();
    let chart = Chart::new()
        .legend(legend())
        .tooltip(axis_tooltip())
        .grid(grid())
        .x_axis(category_axis(m.labels.clone(), ""))
        .y_axis(value_axis(t.mrr_movements))
        .y_axis(value_axis(t.mrr))
        .series(bar(t.mrr_new, p.graphic(p.promoter).hex(), m.new.clone()))
        .series(bar(
            t.mrr_expansion,
            p.graphic(p.promoter.mix(p.accent, 0.5)).hex(),
            m.expansion.clone(),
        ))
        .series(bar(t.mrr_reactivation, p.graphic(p.accent).hex(), m.reactivation.clone()))
        .series(bar(t.mrr_contraction, p.graphic(p.passive).hex(), m.contraction.clone()))
        .series(bar(t.mrr_churn, p.graphic(p.detractor).hex(), m.churn.clone()))
        .series(
            Line::new()
                .name(t.mrr)
                .y_axis_index(1)
                .symbol(Symbol::Circle)
                .line_style(LineStyle::new().color(text.clone()).width(2))
                .item_style(ItemStyle::new().color(text))
                .data(m.mrr.clone()),
        );
    let mut option = finish(&chart, p)?;
    // the MRR axis draws no second grid
    if let Some(y) =
        option.get_mut("yAxis").and_then(|y| y.get_mut(1)).and_then(|y| y.as_object_mut())
    {
        y.insert("splitLine".into(), serde_json::json!({"show": false}));
    }
    let mm = m.clone();
    let lines = Arc::new(move |i: usize| {
        let t = chart_texts(lang);
        let g = |v: &[Option<f64>]| {
            v.get(i).copied().flatten().map_or("–".into(), |x| format_value(Fmt::Money, x, lang))
        };
        vec![
            mm.labels.get(i).cloned().unwrap_or_default(),
            format!("{}: {}", t.mrr, g(&mm.mrr)),
            format!("{}: {}", t.mrr_new, g(&mm.new)),
            format!("{}: {}", t.mrr_expansion, g(&mm.expansion)),
            format!("{}: {}", t.mrr_reactivation, g(&mm.reactivation)),
            format!("{}: {}", t.mrr_contraction, g(&mm.contraction)),
            format!("{}: {}", t.mrr_churn, g(&mm.churn)),
        ]
    });
    Some(ChartSpec {
        height: None,
        option,
        funcs: vec![
            ("yAxis.0.axisLabel.formatter", Func::Axis(Fmt::Money)),
            ("yAxis.1.axisLabel.formatter", Func::Axis(Fmt::Money)),
            ("tooltip.formatter", Func::Tooltip(lines)),
        ],
        aria: m.summary(t, lang),
    })
}

/// MRR and its movements per month. `data-testid="chart-mrr"`. Reads `periods[].mrr`,
/// `mrr_new`, `mrr_expansion`, `mrr_reactivation`, `mrr_contraction`, `mrr_churn`.
#[component]
pub fn MrrMovementsChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build = Arc::new(move |p, lang| report.try_with(|r| mrr_spec(r, p, lang)).flatten());
    view! { <ChartFrame testid="chart-mrr" title=|t| t.mrr_title make=build height=360/> }
}
