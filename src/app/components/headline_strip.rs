//! The strip at the top of a dashboard: the few numbers of the kind that matter most, each
//! with its last complete period against the one before (an incomplete last period is
//! named, with its values so far). Everything shown comes from
//! [`crate::presentation::headline`].

use leptos::prelude::*;

use crate::app::use_lang;
use crate::i18n::Lang;
use crate::metrics::accumulate::Coverage;
use crate::presentation::headline::headline;
use crate::report::Report;

/// The data's days inside the chosen range, in context for the metric cards: their "last
/// period" is the headline's last complete one.
#[derive(Clone, Copy, Debug)]
pub struct DataDays(pub Option<Coverage>);

/// `days`: the data's days inside the chosen range.
#[component]
pub fn HeadlineStrip(report: Report, days: Option<Coverage>) -> impl IntoView {
    let lang = use_lang();
    let strip = Memo::new(move |_| headline(&report, days, lang.get()));
    let heading = move || match lang.get() {
        Lang::En => "At a glance",
        Lang::De => "Auf einen Blick",
    };
    move || {
        let h = strip.get();
        let so_far_label = h.partial.as_ref().map(|p| p.label.clone());
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
                            {f.so_far.zip(so_far_label.clone()).map(|(v, label)| view! {
                                <span class="headline-so-far" data-testid="so-far">{label} ": " {v}</span>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                {h.partial.map(|p| view! {
                    <p class="headline-partial" data-testid="headline-partial" data-period=p.period>{p.text}</p>
                })}
                <p class="headline-caption note" data-testid="headline-caption">{h.caption}</p>
            </section>
        })
    }
}
