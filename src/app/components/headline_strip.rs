//! The strip at the top of a dashboard: the few numbers of the kind that matter most, each
//! with its last period against the one before. Everything shown comes from
//! [`crate::presentation::headline`].

use leptos::prelude::*;

use crate::app::use_lang;
use crate::i18n::Lang;
use crate::presentation::headline::headline;
use crate::report::Report;

#[component]
pub fn HeadlineStrip(report: Report) -> impl IntoView {
    let lang = use_lang();
    let strip = Memo::new(move |_| headline(&report, lang.get()));
    let heading = move || match lang.get() {
        Lang::En => "At a glance",
        Lang::De => "Auf einen Blick",
    };
    move || {
        let h = strip.get();
        (!h.figures.is_empty()).then(|| view! {
            <section class="card headline" data-testid="headline" aria-labelledby="headline-heading">
                <h2 id="headline-heading" class="visually-hidden">{heading}</h2>
                <ul class="headline-figures">
                    {h.figures.into_iter().map(|f| view! {
                        <li class="headline-figure" data-testid=format!("headline-{}", f.key) data-key=f.key.as_str()>
                            <span class="headline-label">{f.label}</span>
                            <span class="headline-value" data-testid="value" data-value=f.value.to_string()>{f.value_text}</span>
                            {f.latest.map(|l| view! {
                                <span class="headline-latest" data-testid="latest">
                                    {l.period} ": " {l.value_text} " ("
                                    <span class=l.trend.class() data-testid="change" data-value=l.change.to_string()>{l.change_text}</span>
                                    " " {l.against} ")"
                                </span>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                <p class="headline-caption note" data-testid="headline-caption">{h.caption}</p>
            </section>
        })
    }
}
