//! The quick calculators page (`#/calc/<slug>`): the list of calculators by topic and the
//! chosen one. Every calculator is described in `crate::quick` (fields, formulas, checks);
//! one form component renders any of them. Their arithmetic is a wasm of its own
//! (`extras.wasm`), fetched when this page is first opened; the form waits for it.

mod form;
pub mod texts;

use leptos::prelude::*;

use crate::app::{extras, use_lang};
use crate::quick::{self, CalcId, Topic, Values};
use form::CalculatorForm;
use texts::quick_texts;

/// The calculator and values of the current URL fragment (NPS when it names none).
fn values_from_location() -> Values {
    let hash = window().location().hash().unwrap_or_default();
    quick::from_fragment(&hash).unwrap_or_else(|| Values::new(CalcId::Nps))
}

#[component]
pub fn QuickPage() -> impl IntoView {
    let lang = use_lang();
    let q = move || quick_texts(lang.get());
    let current = RwSignal::new(values_from_location());
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(v) = quick::from_fragment(&hash) {
            current.set(v);
        }
    });
    on_cleanup(move || listener.remove());
    let id = Memo::new(move |_| current.with(|v| v.id()));
    // None until extras.wasm is there
    let loaded: RwSignal<Option<Result<(), String>>> = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let done = extras::load().await;
        let _ = loaded.try_set(Some(done));
    });

    view! {
        <div class="quick-page" data-testid="quick-page">
            <nav class="card quick-nav" aria-label=move || q().list_label>
                {Topic::ALL.iter().map(|&topic| view! {
                    <p class="quick-topic">{move || topic.label().get(lang.get())}</p>
                    <ul>
                        {CalcId::ALL.iter().filter(|c| c.topic() == topic).map(|&c| view! {
                            <li>
                                <a href=quick::route(c) data-testid=format!("quick-nav-{}", c.slug())
                                    aria-current=move || if id.get() == c { "page" } else { "false" }>
                                    {move || c.title().get(lang.get())}
                                </a>
                            </li>
                        }).collect_view()}
                    </ul>
                }).collect_view()}
            </nav>
            <div class="quick-main">
                <section class="card quick-intro">
                    <h2>{move || q().heading}</h2>
                    <p class="hint">{move || q().intro}</p>
                </section>
                {move || match loaded.get() {
                    Some(Ok(())) => {
                        let initial = current.get();
                        view! { <CalculatorForm initial/> }.into_any()
                    }
                    Some(Err(e)) => view! {
                        <p class="card error" role="alert" data-testid="quick-unavailable">{q().failed} " " {e}</p>
                    }.into_any(),
                    None => view! { <p class="card hint" data-testid="quick-loading">{q().loading}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}
