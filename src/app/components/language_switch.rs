use leptos::prelude::*;

use crate::app::{storage, use_lang, use_texts};
use crate::i18n::Lang;

/// Deutsch | English, remembered.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let t = use_texts();
    let choose = move |l: Lang| {
        lang.set(l);
        storage::set("lang", l.code());
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || t.get().language>
            <button
                type="button"
                data-testid="lang-de"
                aria-pressed=move || (lang.get() == Lang::De).to_string()
                on:click=move |_| choose(Lang::De)
            >
                "Deutsch"
            </button>
            <button
                type="button"
                data-testid="lang-en"
                aria-pressed=move || (lang.get() == Lang::En).to_string()
                on:click=move |_| choose(Lang::En)
            >
                "English"
            </button>
        </div>
    }
}
