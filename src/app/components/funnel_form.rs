//! Funnel and acquisition totals typed in by hand. They become a one-row table that goes
//! through the same import and metrics as a file would.

use leptos::prelude::*;

use crate::app::data_source::DataSource;
use crate::app::state::use_calc;
use crate::app::{use_lang, use_texts, Texts};
use crate::i18n::Lang;
use rust_decimal::Decimal;

/// A label of the UI texts.
type Label = fn(&Texts) -> &'static str;

use crate::presentation::inputs::{echo_typed, typed_number, TypedKind};
use TypedKind::{Count, Money};

/// (column header the import recognises, label, test id, count or money)
const FIELDS: &[(&str, Label, &str, TypedKind)] = &[
    ("visitors", |t| t.visitors, "funnel-visitors", Count),
    ("conversions", |t| t.conversions, "funnel-conversions", Count),
    ("carts_created", |t| t.carts, "funnel-carts", Count),
    ("purchases_completed", |t| t.purchases, "funnel-purchases", Count),
    ("page_views", |t| t.page_views, "funnel-page-views", Count),
    ("visits", |t| t.visits, "funnel-visits", Count),
    ("marketing_spend", |t| t.marketing_spend, "funnel-marketing", Money),
    ("sales_spend", |t| t.sales_spend, "funnel-sales", Money),
    ("new_customers", |t| t.new_customers, "funnel-new-customers", Count),
];

/// Each typed value read in the UI language: the value, or the reason it was refused.
fn read_all(values: &[String], lang: Lang) -> Vec<Result<Option<Decimal>, String>> {
    FIELDS.iter().zip(values).map(|(f, v)| typed_number(v, f.3, lang)).collect()
}

/// The values as a CSV the import reads (plain decimals with a point, no grouping); `None`
/// when nothing was typed or a value was refused (the form says which).
fn as_csv(read: &[Result<Option<Decimal>, String>]) -> Option<String> {
    if read.iter().any(Result::is_err) || read.iter().all(|r| matches!(r, Ok(None))) {
        return None;
    }
    let cells: Vec<String> = read
        .iter()
        .map(|r| r.clone().ok().flatten().map(|d| d.to_string()).unwrap_or_default())
        .collect();
    let header: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
    Some(format!("{}\n{}\n", header.join(","), cells.join(",")))
}

#[component]
pub fn FunnelForm() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let values = RwSignal::new(vec![String::new(); FIELDS.len()]);
    let read = Memo::new(move |_| values.with(|vs| read_all(vs, lang.get())));
    let load = move || match read
        .with(|r| as_csv(r))
        .and_then(|csv| DataSource::from_text(Some("funnel.csv".into()), &csv))
    {
        Some(source) => calc.load(source),
        None => calc.clear(),
    };
    let update = move |i: usize, v: String| {
        values.update(|vs| {
            if let Some(slot) = vs.get_mut(i) {
                *slot = v;
            }
        });
    };
    // typing, or switching the language (the same text then reads differently), reloads;
    // not on mounting, which would clear data loaded another way
    Effect::watch(move || read.get(), move |_, _, _| load(), false);
    view! {
        <details class="funnel-form" data-testid="funnel-form">
            <summary>{move || t.get().funnel_heading}</summary>
            <p class="hint">{move || t.get().funnel_hint}</p>
            <div class="settings-grid">
                {FIELDS.iter().enumerate().map(|(i, &(_, label, testid, kind))| {
                    let state = move || read.with(|r| r.get(i).cloned().unwrap_or(Ok(None)));
                    view! {
                    <label>
                        {move || label(t.get())}
                        <input type="text" inputmode="decimal" data-testid=testid
                            aria-invalid=move || state().is_err().to_string()
                            on:input=move |ev| update(i, event_target_value(&ev))/>
                        {move || match state() {
                            Ok(Some(v)) => view! { <span class="hint" data-testid=format!("{testid}-read")>{echo_typed(v, kind, lang.get())}</span> }.into_any(),
                            Err(e) => view! { <span class="error" role="alert" data-testid=format!("{testid}-error")>{e}</span> }.into_any(),
                            Ok(None) => ().into_any(),
                        }}
                    </label>
                }}).collect_view()}
            </div>
        </details>
    }
}
