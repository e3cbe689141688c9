//! Funnel and acquisition totals typed in by hand. They become a one-row table that goes
//! through the same import and metrics as a file would.

use leptos::prelude::*;

use crate::app::data_source::DataSource;
use crate::app::state::use_calc;
use crate::app::{use_texts, Texts};

/// A label of the UI texts.
type Label = fn(&Texts) -> &'static str;

/// (column header the import recognises, label, test id)
const FIELDS: &[(&str, Label, &str)] = &[
    ("visitors", |t| t.visitors, "funnel-visitors"),
    ("conversions", |t| t.conversions, "funnel-conversions"),
    ("carts_created", |t| t.carts, "funnel-carts"),
    ("purchases_completed", |t| t.purchases, "funnel-purchases"),
    ("page_views", |t| t.page_views, "funnel-page-views"),
    ("visits", |t| t.visits, "funnel-visits"),
    ("marketing_spend", |t| t.marketing_spend, "funnel-marketing"),
    ("sales_spend", |t| t.sales_spend, "funnel-sales"),
    ("new_customers", |t| t.new_customers, "funnel-new-customers"),
];

/// The typed values as a CSV the import reads (decimal commas become points).
fn as_csv(values: &[String]) -> Option<String> {
    let cleaned: Vec<String> =
        values.iter().map(|v| v.trim().replace(' ', "").replace(',', ".")).collect();
    if cleaned.iter().all(String::is_empty) {
        return None;
    }
    let header: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
    Some(format!("{}\n{}\n", header.join(","), cleaned.join(",")))
}

#[component]
pub fn FunnelForm() -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let values = RwSignal::new(vec![String::new(); FIELDS.len()]);
    let update = move |i: usize, v: String| {
        values.update(|vs| {
            if let Some(slot) = vs.get_mut(i) {
                *slot = v;
            }
        });
        match values
            .with(|vs| as_csv(vs))
            .and_then(|csv| DataSource::from_text(Some("funnel.csv".into()), &csv))
        {
            Some(source) => calc.load(source),
            None => calc.clear(),
        }
    };
    view! {
        <details class="funnel-form" data-testid="funnel-form">
            <summary>{move || t.get().funnel_heading}</summary>
            <p class="hint">{move || t.get().funnel_hint}</p>
            <div class="settings-grid">
                {FIELDS.iter().enumerate().map(|(i, &(_, label, testid))| view! {
                    <label>
                        {move || label(t.get())}
                        <input type="text" inputmode="decimal" data-testid=testid
                            on:input=move |ev| update(i, event_target_value(&ev))/>
                    </label>
                }).collect_view()}
            </div>
        </details>
    }
}
