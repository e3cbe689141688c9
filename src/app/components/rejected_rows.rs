//! The rows that were not used, each with line, column and reason in the UI's language.

use leptos::prelude::*;

use crate::app::{use_lang, use_texts};
use crate::dataset::Rejected;
use crate::i18n::Lang;

fn quoted(s: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("“{s}”"),
        Lang::De => format!("„{s}“"),
    }
}

/// How many rejected rows are listed before "… and N more".
const SHOWN: usize = 100;

#[component]
pub fn RejectedRows(rejected: Vec<Rejected>) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let total = rejected.len();
    let more = total.saturating_sub(SHOWN);
    let rows = rejected.into_iter().take(SHOWN).collect::<Vec<_>>();
    (total > 0).then(|| {
        view! {
            <section class="card rejected" data-testid="rejected-rows" aria-labelledby="rejected-heading">
                <h2 id="rejected-heading">
                    {move || t.get().rejected_heading} " (" {total} ")"
                </h2>
                <ul>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let reason = r.reason.clone();
                            let column = r.column.clone();
                            view! {
                                <li data-testid="rejected-row" data-line=r.line>
                                    <strong>{move || t.get().line} " " {r.line}</strong>
                                    ", " {move || t.get().column} " " {move || quoted(&column, lang.get())} ": "
                                    {move || reason.message(lang.get())}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p>"… +" {more}</p> })}
            </section>
        }
    })
}
