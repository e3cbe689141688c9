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
            {[(Lang::De, "Deutsch"), (Lang::En, "English")]
                .into_iter()
                .map(|(l, name)| view! {
                    <button
                        type="button"
                        data-testid=format!("lang-{}", l.code())
                        aria-pressed=move || (lang.get() == l).to_string()
                        on:click=move |_| choose(l)
                    >
                        {name}
                    </button>
                })
                .collect_view()}
        </div>
    }
}
