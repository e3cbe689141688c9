//! The catalogue's options in one place, remembered in `localStorage` (see `state.rs`).

use leptos::prelude::*;

use crate::app::state::{use_calc, CalcState};
use crate::app::{use_lang, use_texts};
use crate::dataset::{DatasetKind, SurveyType};
use crate::i18n::words;
use crate::metrics::MetricOptions;
use crate::metrics::{Direction, HealthScaling, HealthSignal, NetChurnPreset};
use crate::presentation::inputs::{gross_margin_input, parse_opt, plain_number, typed_signed};
use crate::report::{MetricKey, MetricsExt};

#[component]
pub fn SettingsPanel(kind: DatasetKind) -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let o = calc.metric_options;

    let survey = (kind == DatasetKind::Survey).then(|| view! { <SurveySettings/> });
    let money =
        matches!(kind, DatasetKind::Subscriptions | DatasetKind::Orders | DatasetKind::Funnel)
            .then(|| view! { <MarginSetting/> });
    let subscriptions =
        (kind == DatasetKind::Subscriptions).then(|| view! { <SubscriptionSettings/> });
    let orders = (kind == DatasetKind::Orders).then(|| view! { <OrderSettings/> });
    let tickets_usage = matches!(kind, DatasetKind::Tickets | DatasetKind::Usage)
        .then(|| view! { <CustomerSettings/> });
    let health = (kind == DatasetKind::Health).then(|| view! { <HealthSettings/> });

    view! {
        <section class="card settings" data-testid="settings">
            <h2>
                <button type="button" class="disclosure" data-testid="settings-toggle" aria-controls="settings-body"
                    aria-expanded=move || calc.settings_open.get().to_string()
                    on:click=move |_| calc.settings_open.update(|o| *o = !*o)>
                    {move || t.get().settings_heading}
                </button>
            </h2>
            <div id="settings-body" hidden=move || !calc.settings_open.get()>
            <div class="settings-grid">
                {survey}
                {money}
                {subscriptions}
                {orders}
                {tickets_usage}
                {health}
            </div>
            <button type="button" class="button secondary" on:click=move |_| o.set(MetricOptions::default())>
                {move || t.get().reset}
            </button>
            </div>
        </section>
    }
}

/// The survey kind: which survey, the CSAT and CES scales, how many were sent.
#[component]
fn SurveySettings() -> impl IntoView {
    let t = use_texts();
    let o = use_calc().metric_options;
    let opt_text = |v: Option<String>| v.unwrap_or_default();
    view! {
        <label>
            {move || t.get().survey_type}
            <select data-testid="setting-survey-type" on:change=move |ev| {
                let v = event_target_value(&ev);
                o.update(|o| o.survey_type = match v.as_str() { "csat" => SurveyType::Csat, "ces" => SurveyType::Ces, _ => SurveyType::Nps });
            }>
                {[SurveyType::Nps, SurveyType::Csat, SurveyType::Ces].into_iter().map(|s| view! {
                    <option value=s.as_str() selected=move || o.with(|o| o.survey_type == s)>{s.as_str().to_uppercase()}</option>
                }).collect_view()}
            </select>
        </label>
        <label>
            {move || t.get().csat_scale}
            <select data-testid="setting-csat-scale" on:change=move |ev| {
                let v: u8 = event_target_value(&ev).parse().unwrap_or(5);
                o.update(|o| { o.csat_scale = v; o.csat_threshold = None; });
            }>
                {[5u8, 7, 10].into_iter().map(|s| view! {
                    <option value=s.to_string() selected=move || o.with(|o| o.csat_scale == s)>{format!("1–{s}")}</option>
                }).collect_view()}
            </select>
        </label>
        <label>
            {move || t.get().csat_threshold}
            <input type="number" min="1" max="10" data-testid="setting-csat-threshold"
                prop:value=move || o.with(|o| crate::metrics::survey::csat_scale(o.csat_scale, o.csat_threshold).1.to_string())
                on:change=move |ev| { let v = parse_opt::<u8>(&event_target_value(&ev)); o.update(|o| o.csat_threshold = v); }/>
        </label>
        <label>
            {move || t.get().ces_scale}
            <select data-testid="setting-ces-scale" on:change=move |ev| {
                let v: u8 = event_target_value(&ev).parse().unwrap_or(7);
                o.update(|o| o.ces_scale = v);
            }>
                {[7u8, 5].into_iter().map(|s| view! {
                    <option value=s.to_string() selected=move || o.with(|o| o.ces_scale == s)>{format!("1–{s}")}</option>
                }).collect_view()}
            </select>
        </label>
        <label class="check">
            <input type="checkbox" data-testid="setting-ces-lower"
                prop:checked=move || o.with(|o| o.ces_lower_is_easier)
                on:change=move |ev| { let v = event_target_checked(&ev); o.update(|o| o.ces_lower_is_easier = v); }/>
            {move || t.get().ces_lower}
        </label>
        <label>
            {move || t.get().surveys_sent}
            <input type="number" min="0" data-testid="setting-surveys-sent"
                prop:value=move || opt_text(o.with(|o| o.surveys_sent.map(|v| v.to_string())))
                on:change=move |ev| { let v = parse_opt::<u64>(&event_target_value(&ev)); o.update(|o| o.surveys_sent = v); }/>
        </label>
    }
}

/// Kinds with revenue: the gross margin (refused with the reason when it is not a share).
#[component]
fn MarginSetting() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let o = use_calc().metric_options;
    let margin_error: RwSignal<Option<String>> = RwSignal::new(None);
    view! {
        <label>
            {move || t.get().gross_margin}
            <input type="number" min="0" max="100" step="any" data-testid="setting-gross-margin"
                aria-invalid=move || margin_error.with(Option::is_some).to_string()
                aria-describedby="gross-margin-error"
                prop:value=move || o.with(|o| crate::i18n::format_number(o.gross_margin * 100.0, 1, crate::i18n::Lang::En).replace(',', ""))
                on:change=move |ev| {
                    match gross_margin_input(&event_target_value(&ev), lang.get_untracked()) {
                        Ok(v) => { margin_error.set(None); o.update(|o| o.gross_margin = v); }
                        Err(e) => margin_error.set(Some(e)),
                    }
                }/>
        </label>
        <p id="gross-margin-error" class="error" role="alert" data-testid="setting-gross-margin-error"
            hidden=move || margin_error.with(Option::is_none)>
            {move || margin_error.get().unwrap_or_default()}
        </p>
    }
}

/// Subscriptions: the LTV churn average and the net churn preset.
#[component]
fn SubscriptionSettings() -> impl IntoView {
    let t = use_texts();
    let o = use_calc().metric_options;
    view! {
        <label class="check">
            <input type="checkbox" data-testid="setting-ltv-average"
                prop:checked=move || o.with(|o| o.ltv_churn_average_months.is_some())
                on:change=move |ev| { let v = event_target_checked(&ev); o.update(|o| o.ltv_churn_average_months = v.then_some(6)); }/>
            {move || t.get().ltv_average}
        </label>
        <label class="check">
            <input type="checkbox" data-testid="setting-net-churn"
                prop:checked=move || o.with(|o| o.net_churn == NetChurnPreset::ChartMogul)
                on:change=move |ev| {
                    let v = event_target_checked(&ev);
                    o.update(|o| o.net_churn = if v { NetChurnPreset::ChartMogul } else { NetChurnPreset::Standard });
                }/>
            {move || t.get().net_churn_chartmogul}
        </label>
    }
}

/// Orders: a customer lifespan given as input.
#[component]
fn OrderSettings() -> impl IntoView {
    let t = use_texts();
    let o = use_calc().metric_options;
    let opt_text = |v: Option<String>| v.unwrap_or_default();
    view! {
        <label>
            {move || t.get().lifespan_input}
            <input type="number" min="0" step="any" data-testid="setting-lifespan"
                prop:value=move || opt_text(o.with(|o| o.customer_lifespan_years.map(|v| v.to_string())))
                on:change=move |ev| { let v = parse_opt::<f64>(&event_target_value(&ev)); o.update(|o| o.customer_lifespan_years = v); }/>
        </label>
    }
}

/// Tickets and usage: the number of customers and the time-to-value feature.
#[component]
fn CustomerSettings() -> impl IntoView {
    let t = use_texts();
    let o = use_calc().metric_options;
    let opt_text = |v: Option<String>| v.unwrap_or_default();
    view! {
        <label>
            {move || t.get().customer_count}
            <input type="number" min="0" data-testid="setting-customers"
                prop:value=move || opt_text(o.with(|o| o.customer_count.map(|v| v.to_string())))
                on:change=move |ev| { let v = parse_opt::<u64>(&event_target_value(&ev)); o.update(|o| o.customer_count = v); }/>
        </label>
        <label>
            {move || t.get().ttv_feature}
            <input type="text" data-testid="setting-ttv-feature"
                prop:value=move || opt_text(o.with(|o| o.time_to_value_feature.clone()))
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    o.update(|o| o.time_to_value_feature = (!v.trim().is_empty()).then(|| v.trim().to_string()));
                }/>
        </label>
    }
}

/// Health: the scaling, the thresholds per signal and the bands.
#[component]
fn HealthSettings() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let o = use_calc().metric_options;
    view! {
        <label>
            {move || words(lang.get(), "Scaling of the signals", "Skalierung der Signale")}
            <select data-testid="setting-health-scaling" on:change=move |ev| {
                let v = HealthScaling::parse(&event_target_value(&ev)).unwrap_or_default();
                o.update(|o| o.health_scaling = v);
            }>
                <option value="thresholds" selected=move || o.with(|o| o.health_scaling == HealthScaling::Thresholds)>
                    {move || words(lang.get(), "Thresholds: bad → 0, good → 100 (default)", "Schwellenwerte: schlecht → 0, gut → 100 (Standard)")}
                </option>
                <option value="rank" selected=move || o.with(|o| o.health_scaling == HealthScaling::Rank)>
                    {move || words(lang.get(), "Rank in this file (mean ≈ 50 by construction)", "Rang in dieser Datei (Mittel ≈ 50 konstruktionsbedingt)")}
                </option>
            </select>
        </label>
        <HealthThresholds/>
        <label>
            {move || t.get().health_red}
            <input type="number" min="0" max="100" data-testid="setting-health-red"
                prop:value=move || o.with(|o| o.health_bands.red_below.to_string())
                on:change=move |ev| { if let Some(v) = parse_opt::<f64>(&event_target_value(&ev)) { o.update(|o| o.health_bands.red_below = v); } }/>
        </label>
        <label>
            {move || t.get().health_green}
            <input type="number" min="0" max="100" data-testid="setting-health-green"
                prop:value=move || o.with(|o| o.health_bands.green_from.to_string())
                on:change=move |ev| { if let Some(v) = parse_opt::<f64>(&event_target_value(&ev)) { o.update(|o| o.health_bands.green_from = v); } }/>
        </label>
    }
}

/// The health signals of the current report as used, each with whether its thresholds came
/// from the data.
fn signals_in_use(calc: CalcState) -> Vec<(HealthSignal, bool)> {
    calc.analysis.with(|a| {
        let Some(Ok(a)) = a.as_deref() else { return Vec::new() };
        let list: Vec<serde_json::Value> =
            a.report.metrics.typed(MetricKey::Signals).unwrap_or_default();
        list.iter()
            .filter_map(|v| {
                let s: HealthSignal = serde_json::from_value(v.clone()).ok()?;
                Some((s, v["thresholds_from_data"].as_bool().unwrap_or(false)))
            })
            .collect()
    })
}

/// The options' signal list after changing signal `i`: the one edited keeps the thresholds
/// it was shown with, the others stay as they were (prefilled ones stay prefilled).
fn edit_signal(calc: CalcState, i: usize, change: &dyn Fn(&mut HealthSignal)) {
    let current = signals_in_use(calc);
    let mut list: Vec<HealthSignal> = current
        .iter()
        .cloned()
        .map(|(mut s, from_data)| {
            if from_data {
                s.bad = None;
                s.good = None;
            }
            s
        })
        .collect();
    if let (Some(s), Some((u, _))) = (list.get_mut(i), current.get(i)) {
        s.bad = u.bad;
        s.good = u.good;
        change(s);
    }
    calc.metric_options.update(|o| o.health_signals = list);
}

/// The signals of the current health report with the "bad" and "good" values used, for
/// editing (`metrics.md` §7: prefilled from the data, so the score means the same across
/// files once set). Editing one keeps the others as they are (prefilled ones stay prefilled).
#[component]
fn HealthThresholds() -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();
    let o = calc.metric_options;
    let thresholds = move || o.with(|o| o.health_scaling == HealthScaling::Thresholds);
    view! {
        <fieldset class="health-thresholds" data-testid="health-thresholds" hidden=move || !thresholds() || signals_in_use(calc).is_empty()>
            <legend>{move || words(lang.get(), "Thresholds per signal (bad → 0, good → 100)", "Schwellenwerte je Signal (schlecht → 0, gut → 100)")}</legend>
            {move || signals_in_use(calc).into_iter().enumerate().map(|(i, (signal, from_data))| view! {
                <ThresholdRow index=i signal=signal from_data=from_data/>
            }).collect_view()}
        </fieldset>
    }
}

/// One signal: its direction, its "bad" and "good" values, and where they came from.
#[component]
fn ThresholdRow(index: usize, signal: HealthSignal, from_data: bool) -> impl IntoView {
    let lang = use_lang();
    let calc = use_calc();
    let i = index;
    let s = signal;
    let set = move |i: usize, change: &dyn Fn(&mut HealthSignal)| edit_signal(calc, i, change);
    let column = s.column.clone();
    let show =
        move |v: Option<f64>| v.map(|v| plain_number(v, lang.get_untracked())).unwrap_or_default();
    let worse = s.direction == Direction::HigherIsWorse;
    view! {
        <div class="threshold-row" data-testid="health-threshold" data-column=column.clone()>
            <span class="signal">{column.clone()}</span>
            <select data-testid="health-direction"
                aria-label={
                    let column = column.clone();
                    move || format!("{column}: {}", words(lang.get(), "direction", "Richtung"))
                }
                on:change=move |ev| {
                let worse = event_target_value(&ev) == "worse";
                set(i, &|s| {
                    s.direction = if worse { Direction::HigherIsWorse } else { Direction::HigherIsBetter };
                    s.bad = None;
                    s.good = None;
                });
            }>
                <option value="better" selected=!worse>{move || words(lang.get(), "higher is better", "höher ist besser")}</option>
                <option value="worse" selected=worse>{move || words(lang.get(), "higher is worse", "höher ist schlechter")}</option>
            </select>
            <label>{move || words(lang.get(), "bad", "schlecht")}
                <input type="text" inputmode="decimal" data-testid="health-bad" prop:value=show(s.bad)
                    on:change=move |ev| {
                        if let Ok(Some(v)) = typed_signed(&event_target_value(&ev), lang.get_untracked()) {
                            set(i, &|s| s.bad = Some(v));
                        }
                    }/>
            </label>
            <label>{move || words(lang.get(), "good", "gut")}
                <input type="text" inputmode="decimal" data-testid="health-good" prop:value=show(s.good)
                    on:change=move |ev| {
                        if let Ok(Some(v)) = typed_signed(&event_target_value(&ev), lang.get_untracked()) {
                            set(i, &|s| s.good = Some(v));
                        }
                    }/>
            </label>
            <span class="hint" data-testid="health-threshold-source">
                {move || if from_data { words(lang.get(), "from the data (25th / 75th percentile)", "aus den Daten (25. / 75. Perzentil)") } else { words(lang.get(), "set by you", "von Ihnen gesetzt") }}
            </span>
        </div>
    }
}
