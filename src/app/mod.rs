//! The calculator app (Leptos, client-side rendered). Pages in `pages/`, the pieces the user
//! sees in `components/`, the UI texts in `texts.rs`. Numbers come from the metric core; the
//! app only formats them.

pub mod charts;
mod components;
mod data_source;
mod download;
mod extras;
mod pages;
mod share;
mod state;
mod storage;
mod texts;
mod worker;

use leptos::prelude::*;

use crate::i18n::Lang;
use components::language_switch::LanguageSwitch;
use pages::calculator::CalculatorPage;
use pages::quick::QuickPage;
use pages::widget::WidgetPage;

/// The two pages, chosen by the URL fragment (`#widget`), so that a static host needs no
/// rewrite rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Calculator,
    Widget,
    /// `#/calc/<calculator>`: the quick calculators.
    Quick,
}

fn page_from_location() -> Page {
    let hash = window().location().hash().unwrap_or_default();
    if hash == "#widget" {
        Page::Widget
    } else if hash.starts_with("#/calc") {
        Page::Quick
    } else {
        Page::Calculator
    }
}
pub use texts::{texts, Texts};

/// The UI language, shared through context.
#[derive(Clone, Copy)]
pub struct UiLang(pub RwSignal<Lang>);

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<UiLang>().0
}

/// The UI texts of the current language, reactive.
pub fn use_texts() -> Signal<&'static Texts> {
    let lang = use_lang();
    Signal::derive(move || texts(lang.get()))
}

fn initial_lang(shared: Option<&share::Shared>) -> Lang {
    if let Some(s) = shared {
        return s.lang;
    }
    if let Some(code) = storage::get("lang") {
        return Lang::from_tag(&code);
    }
    let browser = window().navigator().language().unwrap_or_default();
    Lang::from_tag(&browser)
}

#[component]
pub fn App() -> impl IntoView {
    let shared = share::from_location();
    let lang = RwSignal::new(initial_lang(shared.as_ref()));
    provide_context(UiLang(lang));
    let (metric_options, report_options) = match shared {
        Some(s) => (s.metrics, s.report),
        None => (state::stored_metric_options(), Default::default()),
    };
    provide_context(state::CalcState::new(metric_options, report_options));
    Effect::new(move || {
        let lang = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
        document().set_title(texts(lang).title);
    });
    let t = use_texts();
    let page = RwSignal::new(page_from_location());
    let listener =
        window_event_listener(leptos::ev::hashchange, move |_| page.set(page_from_location()));
    on_cleanup(move || listener.remove());
    let open_calculator = Callback::new(move |()| {
        let _ = window().location().set_hash("");
        page.set(Page::Calculator);
    });
    let current = move |p: Page| if page.get() == p { "page" } else { "false" };

    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if page.get_untracked() != Page::Calculator {
            open_calculator.run(());
        }
        state::reveal_result();
    };

    view! {
        // the first stop of the keyboard: past the navigation to what came of the input
        <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip>
            {move || components::review_texts::skip_to_results(lang.get())}
        </a>
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">"◔"</span>
                <h1>{move || t.get().title}</h1>
            </div>
            <nav class="topnav" aria-label=move || t.get().nav_label>
                <a href="#" aria-current=move || current(Page::Calculator) data-testid="nav-calculator">{move || t.get().nav_calculator}</a>
                <a href="#/calc/nps" aria-current=move || current(Page::Quick) data-testid="nav-quick">{move || pages::quick::texts::quick_texts(lang.get()).nav}</a>
                <a href="#widget" aria-current=move || current(Page::Widget) data-testid="nav-widget">{move || t.get().nav_widget}</a>
                <a href="embed-demo.html">{move || t.get().widget_demo}</a>
                <LanguageSwitch/>
            </nav>
        </header>
        <main id="main">
            // kept mounted while hidden: the loaded data and the dashboard stay
            <div hidden=move || page.get() != Page::Calculator>
                <CalculatorPage/>
            </div>
            {move || (page.get() == Page::Widget).then(|| view! { <WidgetPage on_open_calculator=open_calculator/> })}
            {move || (page.get() == Page::Quick).then(|| view! { <QuickPage/> })}
        </main>
        <footer class="footer">
            <p>{move || t.get().privacy}</p>
        </footer>
    }
}
