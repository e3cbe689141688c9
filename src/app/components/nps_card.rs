//! The NPS card: the score, its 95 % margin of error, and the three groups.

use leptos::prelude::*;

use crate::app::{use_lang, use_texts, Texts};
use crate::i18n::{format_number, format_signed};
use crate::metrics::survey::NpsResult;
use crate::quick::{link_with, CalcId};

/// One of promoters / passives / detractors: count, share and a bar.
#[component]
fn NpsGroup(
    label: fn(&Texts) -> &'static str,
    count: usize,
    share: Option<f64>,
    class: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let width = share.unwrap_or(0.0);
    view! {
        <div class=format!("group {class}")>
            <div class="group-head">
                <span>{move || label(t.get())}</span>
                <span data-testid=testid data-count=count>
                    {count} " · "
                    {move || share.map(|s| format_number(s, 1, lang.get())).unwrap_or_else(|| "–".into())}
                    " %"
                </span>
            </div>
            <div class="bar" aria-hidden="true">
                <div class="fill" style=format!("width: {width:.2}%")></div>
            </div>
        </div>
    }
}

#[component]
pub fn NpsCard(result: NpsResult) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let NpsResult { n, nps, moe95, ci95_low, ci95_high, small_sample, .. } = result;

    view! {
        <section class="card metric nps-card" data-testid="nps-card" aria-labelledby="nps-heading">
            <h2 id="nps-heading">{move || t.get().nps_heading}</h2>
            <p class="big-number" data-testid="nps-value" data-value=nps.map(|v| v.to_string())>
                {move || match nps {
                    Some(v) => format_signed(v, 1, lang.get()),
                    None => t.get().undefined_no_answers.to_string(),
                }}
            </p>
            <p class="sub">
                <span data-testid="nps-n">{n}</span> " " {move || t.get().answers}
                {moe95.map(|moe| view! {
                    " · ± "
                    <span data-testid="nps-moe" data-value=moe.to_string()>
                        {move || format_number(moe, 1, lang.get())}
                    </span>
                    " " {move || t.get().margin_of_error}
                })}
            </p>
            {ci95_low.zip(ci95_high).map(|(lo, hi)| view! {
                <p class="sub" data-testid="nps-ci">
                    {move || t.get().interval} ": "
                    {move || format_signed(lo, 1, lang.get())} " … " {move || format_signed(hi, 1, lang.get())}
                </p>
            })}
            {(small_sample && n > 0).then(|| view! {
                <p class="warning" data-testid="nps-small-sample">{move || t.get().small_sample}</p>
            })}
            <div class="groups">
                <NpsGroup label=|t| t.promoters count=result.promoters share=result.promoters_pct
                    class="promoters" testid="nps-promoters"/>
                <NpsGroup label=|t| t.passives count=result.passives share=result.passives_pct
                    class="passives" testid="nps-passives"/>
                <NpsGroup label=|t| t.detractors count=result.detractors share=result.detractors_pct
                    class="detractors" testid="nps-detractors"/>
            </div>
            // the counts carried over into the quick calculators
            {(n > 0).then(|| {
                let (p, pa, d) = (result.promoters as u64, result.passives as u64, result.detractors as u64);
                let q = move || crate::app::pages::quick::texts::quick_texts(lang.get());
                view! {
                    <p class="quick-open">
                        <a data-testid="nps-open-compare"
                            href=link_with(CalcId::NpsCompare, &[("a_promoters", p), ("a_passives", pa), ("a_detractors", d)])>
                            {move || q().open_compare}
                        </a>
                        " · "
                        <a data-testid="nps-open-what-if"
                            href=link_with(CalcId::NpsWhatIf, &[("promoters", p), ("passives", pa), ("detractors", d)])>
                            {move || q().open_what_if}
                        </a>
                    </p>
                }
            })}
            <details class="how">
                <summary>{move || t.get().how_computed}</summary>
                <p>{move || t.get().nps_formula}</p>
                <p class="note">{move || t.get().nps_note}</p>
            </details>
        </section>
    }
}
