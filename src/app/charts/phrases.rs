//! What promoters and detractors write: two bar lists of their most frequent phrases.

use std::sync::Arc;

use charming::component::{Axis, Grid};
use charming::element::{AxisType, ItemStyle, Label, LabelPosition};
use charming::series::Bar;
use charming::Chart;
use leptos::prelude::*;
use serde_json::json;

use super::frame::{Build, ChartClick, ChartFrame, ChartSpec, Func};
use super::{axis_tooltip, finish};
use crate::i18n::Lang;
use crate::presentation::charts::color::Palette;
use crate::presentation::charts::shape::{self, Fmt};
use crate::presentation::charts::texts::chart_texts;
use crate::presentation::comments::GroupFilter;
use crate::report::Report;

pub fn phrases_spec(r: &Report, p: &Palette, lang: Lang) -> Option<ChartSpec> {
    let ph = shape::phrases(r)?;
    let t = chart_texts(lang);
    let max = ph.promoters.iter().chain(&ph.detractors).map(|x| x.1).max().unwrap_or(1) as f64;
    // pixel layout: title, its bars, title, its bars; the canvas height follows the rows
    const ROW: u32 = 28;
    const TITLE: u32 = 28;
    let (n0, n1) = (ph.promoters.len().max(1) as u32, ph.detractors.len().max(1) as u32);
    let top0 = TITLE;
    let title1 = top0 + n0 * ROW + 12;
    let top1 = title1 + TITLE;
    let total = top1 + n1 * ROW + 8;
    // room for the longest phrase (about 7 px a character), truncated beyond 220 px
    let longest =
        ph.promoters.iter().chain(&ph.detractors).map(|x| x.0.chars().count()).max().unwrap_or(4)
            as u32;
    let left = (longest * 7 + 16).clamp(60, 220);
    let side = |i: usize, top: u32, rows: u32| {
        (
            Grid::new()
                .left(f64::from(left))
                .right(48)
                .top(f64::from(top))
                .height(f64::from(rows * ROW)),
            Axis::new()
                .type_(AxisType::Value)
                .grid_index(i as f64)
                .max(max)
                .min_interval(1)
                .show(false),
        )
    };
    let (g0, x0) = side(0, top0, n0);
    let (g1, x1) = side(1, top1, n1);
    let cat = |i: usize, v: &[(String, u64)]| {
        Axis::new()
            .type_(AxisType::Category)
            .grid_index(i as f64)
            .inverse(true)
            .data(v.iter().map(|x| x.0.clone()).collect())
    };
    let bar = |i: usize, name: &str, color: String, v: &[(String, u64)]| {
        Bar::new()
            .name(name)
            .x_axis_index(i as f64)
            .y_axis_index(i as f64)
            .bar_width("60%")
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
                {"text": t.promoter_phrases, "left": 0, "top": 0, "textStyle": style},
                {"text": t.detractor_phrases, "left": 0, "top": title1, "textStyle": style}
            ]),
        );
    }
    if let Some(ys) = option.get_mut("yAxis").and_then(|y| y.as_array_mut()) {
        for y in ys {
            if let Some(l) = y.get_mut("axisLabel").and_then(|l| l.as_object_mut()) {
                l.insert("width".into(), json!(left.saturating_sub(12)));
                l.insert("overflow".into(), json!("truncate"));
            }
            // a click on a phrase's label filters the comment list too, not only its bar
            if let Some(y) = y.as_object_mut() {
                y.insert("triggerEvent".into(), json!(true));
            }
        }
    }
    Some(ChartSpec {
        height: Some(total),
        option,
        funcs: vec![
            ("tooltip.valueFormatter", Func::Value(Fmt::Count)),
            ("series.0.label.formatter", Func::Label(Fmt::Count, None)),
            ("series.1.label.formatter", Func::Label(Fmt::Count, None)),
        ],
        aria: ph.summary(t, lang),
    })
}

/// The most frequent phrases (or words) of promoters and of detractors, as two bar lists.
/// `data-testid="chart-phrases"`. Reads `comments`. A click on a bar or a phrase picks it
/// for the comment list ([`PhrasePick`], when the dashboard provides one): the upper list is
/// the promoters' (series and axis 0), the lower the detractors'.
#[component]
pub fn CommentPhrasesChart(#[prop(into)] report: Signal<Report>) -> impl IntoView {
    let build: Build =
        Arc::new(move |p, lang| report.try_with(|r| phrases_spec(r, p, lang)).flatten());
    let on_click = use_context::<PhrasePick>().map(|pick| {
        Callback::new(move |c: ChartClick| {
            let side = if c.index == 0 { GroupFilter::Promoters } else { GroupFilter::Detractors };
            pick.0.set(Some((c.name, side)));
        })
    });
    view! { <ChartFrame testid="chart-phrases" title=|t| t.phrases_title make=build on_click/> }
}

/// The phrase last clicked in the phrase chart and its side, for the comment list below it.
#[derive(Clone, Copy, Debug)]
pub struct PhrasePick(pub RwSignal<Option<(String, GroupFilter)>>);

impl PhrasePick {
    pub fn new() -> Self {
        PhrasePick(RwSignal::new(None))
    }
}

impl Default for PhrasePick {
    fn default() -> Self {
        Self::new()
    }
}
