//! One headline metric: value, n, interval, the last period against the one before (with
//! its significance where the catalogue has one), and how it is computed.

use leptos::prelude::*;
use serde_json::Value;

use crate::app::components::headline_strip::DataDays;
use crate::app::state::use_calc;
use crate::app::{use_lang, use_texts};
use crate::i18n::Lang;
use crate::presentation::card::{beside, covers_line, n_line};
use crate::presentation::catalogue::{key_label, MetricInfo};
use crate::presentation::headline::is_complete;
use crate::presentation::inputs::{typed_number, TypedKind};
use crate::report::{MetricKey, MetricsExt, Report};

/// How an input value is shown: in its key's own unit.
fn input_value(key: MetricKey, v: &Value, lang: crate::i18n::Lang) -> String {
    match v {
        Value::Number(n) => key.unit().format(n.as_f64().unwrap_or(0.0), lang),
        Value::Bool(b) => b.to_string(),
        Value::String(s) => s.clone(),
        Value::Null => "–".into(),
        _ => "…".into(),
    }
}

#[component]
pub fn MetricCard(info: &'static MetricInfo, report: Report) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let m = &report.metrics;
    let value = m.number(info.key);
    let report_for_lines = report.clone();
    let n_text = move || n_line(info, &report_for_lines, lang.get());
    let covers = {
        let r = report.clone();
        move || covers_line(info, &r, lang.get())
    };
    let beside_text = {
        let r = report.clone();
        move || beside(info, &r, lang.get()).join(" · ")
    };
    let ask_sent = info.key == MetricKey::ResponseRate && value.is_none();
    let interval = info.interval.and_then(|(lo, hi)| m.number(lo).zip(m.number(hi)));
    // the last complete period that has a value, and the one before it (as the headline)
    let days = use_context::<DataDays>().and_then(|d| d.0);
    let complete = |p: &&crate::report::PeriodReport| is_complete(&p.period, days);
    let periods: Vec<(String, f64)> = report
        .periods
        .iter()
        .filter(complete)
        .filter_map(|p| p.metrics.number(info.key).map(|v| (p.period.clone(), v)))
        .collect();
    let last = periods.last().cloned();
    let change = match periods.as_slice() {
        [.., (_, a), (_, b)] => Some(b - a),
        _ => None,
    };
    let significant = (info.key == MetricKey::Nps)
        .then(|| {
            report
                .periods
                .iter()
                .filter(complete)
                .rev()
                .find(|p| p.metrics.number(MetricKey::Nps).is_some())
        })
        .flatten()
        .and_then(|p| p.metrics.flag(MetricKey::NpsChangeSignificant));
    let trend_class = match (change, info.higher_is_better) {
        (Some(c), Some(up)) if c != 0.0 => {
            if (c > 0.0) == up {
                "change good"
            } else {
                "change bad"
            }
        }
        _ => "change",
    };
    let inputs: Vec<(MetricKey, Value)> =
        info.inputs.iter().filter_map(|&k| m.value(k).map(|v| (k, v.clone()))).collect();
    let unit = info.unit;
    let testid = format!("card-{}", info.key);

    view! {
        <section class="card metric" data-testid=testid data-key=info.key.as_str()>
            <h3>{move || info.label.get(lang.get())}</h3>
            <p class="big-number" data-testid="value" data-value=value.map(|v| v.to_string())>
                {move || value.map(|v| unit.format(v, lang.get())).unwrap_or_else(|| t.get().undefined.to_string())}
            </p>
            {(value.is_none() && !ask_sent).then(|| view! { <p class="sub" data-testid="undefined-reason">{move || t.get().undefined_reason}</p> })}
            {ask_sent.then(|| view! { <SurveysSentInput/> })}
            {move || covers().map(|c| view! { <p class="sub covers" data-testid="covers">{c}</p> })}
            {(!info.beside.is_empty()).then(|| view! { <p class="sub beside" data-testid="beside">{beside_text.clone()}</p> })}
            <p class="sub">
                <span>"n = " <span data-testid="n">{n_text}</span></span>
                {interval.map(|(lo, hi)| view! {
                    " · " <span data-testid="interval">
                        "95 %: " {move || unit.format(lo, lang.get())} " … " {move || unit.format(hi, lang.get())}
                    </span>
                })}
            </p>
            {last.map(|(period, v)| view! {
                <p class="sub period-line">
                    {move || t.get().last_period} " " {period.clone()} ": "
                    {move || unit.format(v, lang.get())}
                    {change.map(|c| view! {
                        " · " <span class=trend_class data-testid="change" data-value=c.to_string()>
                            {move || unit.format_change(c, lang.get())}
                        </span>
                        " " {move || t.get().vs_previous}
                    })}
                    {significant.map(|s| view! {
                        " (" <span data-testid="significance">
                            {move || if s { t.get().significant } else { t.get().not_significant }}
                        </span> ")"
                    })}
                </p>
            })}
            <details class="how">
                <summary>{move || t.get().how_computed}</summary>
                <p class="formula">{move || info.formula.get(lang.get())}</p>
                {(!inputs.is_empty()).then(|| view! {
                    <p class="inputs-heading">{move || t.get().inputs_used}</p>
                    <dl class="inputs">
                        {inputs.into_iter().map(|(k, v)| {
                            view! {
                                <dt>{move || key_label(k, lang.get())}</dt>
                                <dd>{move || input_value(k, &v, lang.get())}</dd>
                            }
                        }).collect_view()}
                    </dl>
                })}
                {info.note.map(|note| view! {
                    <p class="note"><strong>{move || t.get().note_label} ": "</strong>{move || note.get(lang.get())}</p>
                })}
            </details>
        </section>
    }
}

/// The response rate needs the number of surveys sent, which no answer file contains: the
/// card asks for it in place instead of showing only "–".
#[component]
fn SurveysSentInput() -> impl IntoView {
    let lang = use_lang();
    let o = use_calc().metric_options;
    let error: RwSignal<Option<String>> = RwSignal::new(None);
    let words =
        move |en: &'static str, de: &'static str| if lang.get() == Lang::De { de } else { en };
    view! {
        <label class="inline-input" data-testid="surveys-sent-inline">
            {move || words("Surveys sent", "Versendete Umfragen")}
            <input type="text" inputmode="numeric" data-testid="surveys-sent-input"
                on:change=move |ev| {
                    match typed_number(&event_target_value(&ev), TypedKind::Count, lang.get_untracked()) {
                        Ok(Some(v)) => {
                            use rust_decimal::prelude::ToPrimitive;
                            error.set(None);
                            let sent = v.to_u64();
                            o.update(|o| o.surveys_sent = sent);
                        }
                        Ok(None) => error.set(None),
                        Err(e) => error.set(Some(e)),
                    }
                }/>
        </label>
        {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="surveys-sent-error">{e}</p> })}
    }
}
