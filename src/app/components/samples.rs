//! "Try a sample": realistic files of every kind, shipped in `public/samples/`, fetched from
//! the page's own origin when the user asks.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::data_source::DataSource;
use crate::app::state::use_calc;
use crate::app::texts::kind_label;
use crate::app::{use_lang, use_texts};
use crate::dataset::DatasetKind;

/// (file, kind, language flavour)
pub const SAMPLES: &[(&str, DatasetKind, &str)] = &[
    ("umfrage-de.csv", DatasetKind::Survey, "DE"),
    ("survey-en.csv", DatasetKind::Survey, "EN"),
    ("abos-de.csv", DatasetKind::Subscriptions, "DE"),
    ("subscriptions-en.csv", DatasetKind::Subscriptions, "EN"),
    ("bestellungen-de.csv", DatasetKind::Orders, "DE"),
    ("orders-en.csv", DatasetKind::Orders, "EN"),
    ("tickets-de.csv", DatasetKind::Tickets, "DE"),
    ("tickets-en.csv", DatasetKind::Tickets, "EN"),
    ("usage-en.csv", DatasetKind::Usage, "EN"),
    ("funnel-en.csv", DatasetKind::Funnel, "EN"),
    ("kundengesundheit-de.csv", DatasetKind::Health, "DE"),
    ("health-en.csv", DatasetKind::Health, "EN"),
];

/// The sample as a Blob (the page never reads its bytes; the worker does).
async fn fetch_blob(url: &str) -> Option<web_sys::Blob> {
    let window = web_sys::window()?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(url)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.blob().ok()?).await.ok()?.dyn_into().ok()
}

#[component]
pub fn SampleButtons() -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let calc = use_calc();
    let failed = RwSignal::new(false);
    let load = move |file: &'static str| {
        leptos::task::spawn_local(async move {
            match fetch_blob(&format!("samples/{file}")).await {
                Some(blob) => {
                    failed.set(false);
                    calc.load(DataSource { name: Some(file.to_string()), blob });
                }
                None => failed.set(true),
            }
        });
    };
    view! {
        <div class="samples" role="group" aria-labelledby="samples-heading">
            <h3 id="samples-heading">{move || t.get().samples_heading}</h3>
            <div class="sample-buttons">
                {SAMPLES.iter().map(|&(file, kind, flavour)| view! {
                    <button type="button" class="button secondary sample" data-testid=format!("sample-{file}")
                        on:click=move |_| load(file)>
                        {move || kind_label(kind, lang.get()).split(" (").next().unwrap_or_default().to_string()}
                        " · " {flavour}
                    </button>
                }).collect_view()}
            </div>
            {move || failed.get().then(|| view! { <p class="error" role="alert">{t.get().file_unreadable}</p> })}
        </div>
    }
}
