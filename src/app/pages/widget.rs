//! The survey widget page: every option of the embed, a live preview, and the snippet to copy.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::app::{use_lang, use_texts};
use crate::i18n::Lang;

/// How an option is entered.
#[derive(Clone, Copy)]
enum Control {
    Text,
    Number,
    Choice(&'static [&'static str]),
}

/// (attribute name, English label, German label, control, default)
type Spec = (&'static str, &'static str, &'static str, Control, &'static str);

use Control::*;
const OPTIONS: &[Spec] = &[
    ("endpoint", "Endpoint that receives the answers (URL)", "Endpunkt, der die Antworten empfängt (URL)", Text, ""),
    ("survey", "Survey", "Umfrage", Choice(&["nps", "ces", "csat"]), "nps"),
    ("scale", "CES scale", "CES-Skala", Choice(&["7", "5"]), "7"),
    ("lang", "Language (empty = the page's)", "Sprache (leer = die der Seite)", Choice(&["", "de", "en"]), ""),
    ("mode", "Display", "Darstellung", Choice(&["modal", "slidein", "bar", "inline"]), "modal"),
    ("position", "Position", "Position", Choice(&["bottom-right", "bottom-left", "top-right", "top-left"]), "bottom-right"),
    ("trigger", "Show", "Anzeigen", Choice(&["immediate", "delay", "scroll", "exit", "manual"]), "immediate"),
    ("delay", "after seconds (trigger delay)", "nach Sekunden (Auslöser delay)", Number, "0"),
    ("scroll", "after % scrolled (trigger scroll)", "nach % gescrollt (Auslöser scroll)", Number, "50"),
    ("question", "Question", "Frage", Text, ""),
    ("label-low", "Label of the lowest score", "Beschriftung des niedrigsten Werts", Text, ""),
    ("label-high", "Label of the highest score", "Beschriftung des höchsten Werts", Text, ""),
    ("followup", "Follow-up question", "Folgefrage", Text, ""),
    ("followup-promoter", "Follow-up for promoters", "Folgefrage für Promotoren", Text, ""),
    ("followup-passive", "Follow-up for passives", "Folgefrage für Passive", Text, ""),
    ("followup-detractor", "Follow-up for detractors", "Folgefrage für Kritiker", Text, ""),
    ("comment", "Ask for a comment", "Nach einem Kommentar fragen", Choice(&["on", "off"]), "on"),
    ("thanks", "Thank-you text", "Danketext", Text, ""),
    ("theme", "Theme", "Farbschema", Choice(&["auto", "light", "dark"]), "auto"),
    ("accent", "Accent colour (CSS)", "Akzentfarbe (CSS)", Text, ""),
    ("font", "Font (CSS)", "Schrift (CSS)", Text, ""),
    ("radius", "Corner radius (CSS)", "Eckenradius (CSS)", Text, ""),
    ("days", "Not again for days after an answer", "Nach einer Antwort so viele Tage nicht erneut", Number, "90"),
    ("dismiss-days", "Not again for days after closing", "Nach dem Schließen so viele Tage nicht erneut", Number, "30"),
    ("sample", "Share of visitors asked (%)", "Anteil der befragten Besucher (%)", Number, "100"),
    ("customer", "Customer id sent with each answer", "Kunden-ID, die mit jeder Antwort gesendet wird", Text, ""),
];

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The embed snippet: the options that differ from their defaults, as data- attributes.
fn snippet(values: &BTreeMap<&'static str, String>, base: &str) -> String {
    let mut out = format!("<script src=\"{}widget.js\"", escape_attr(base));
    for (name, _, _, _, default) in OPTIONS {
        let v = values.get(name).map(|v| v.trim()).unwrap_or_default();
        if !v.is_empty() && v != *default {
            out.push_str(&format!("\n        data-{name}=\"{}\"", escape_attr(v)));
        }
    }
    out.push_str("></script>");
    out
}

/// The directory of the app's own URL: the widget is served beside it.
fn base_url() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let path = href.split(['#', '?']).next().unwrap_or_default();
    match path.rfind('/') {
        Some(i) => path[..=i].to_string(),
        None => String::new(),
    }
}

/// Loads the widget's loader once (it registers `<nps-survey>`).
fn load_widget_script() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("nps-widget-loader").is_some() {
        return;
    }
    if let Ok(script) = document.create_element("script") {
        script.set_id("nps-widget-loader");
        let _ = script.set_attribute("src", "widget.js");
        if let Some(head) = document.head() {
            let _ = head.append_child(&script);
        }
    }
}

#[component]
pub fn WidgetPage(
    /// Switches to the calculator (to drop a file of collected answers).
    on_open_calculator: Callback<()>,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let values = RwSignal::new(
        OPTIONS.iter().map(|(n, _, _, _, d)| (*n, d.to_string())).collect::<BTreeMap<_, _>>(),
    );
    let copied = RwSignal::new(false);
    let preview = NodeRef::<leptos::html::Div>::new();
    load_widget_script();

    // The preview: a fresh inline <nps-survey> with the current options on every change
    // (the element reads its attributes once). Throttling is off so it always shows.
    Effect::new(move || {
        let v = values.get();
        let Some(container) = preview.get() else { return };
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(el) = document.create_element("nps-survey") else { return };
        for (name, value) in &v {
            if !value.trim().is_empty() {
                let _ = el.set_attribute(name, value.trim());
            }
        }
        for (name, value) in [("mode", "inline"), ("days", "0"), ("dismiss-days", "0"), ("sample", "100"), ("survey-id", "preview")] {
            let _ = el.set_attribute(name, value);
        }
        if v.get("endpoint").is_none_or(|e| e.trim().is_empty()) {
            let _ = el.set_attribute("endpoint", "about:blank");
        }
        container.set_inner_html("");
        let _ = container.append_child(&el);
    });

    let code = move || values.with(|v| snippet(v, &base_url()));
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&code());
        }
        copied.set(true);
    };

    let field = move |(name, en, de, control, _): Spec| {
        let id = format!("widget-{name}");
        let label = move || if lang.get() == Lang::De { de } else { en };
        let value = move || values.with(|v| v.get(name).cloned().unwrap_or_default());
        let set = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            copied.set(false);
            values.update(|m| {
                m.insert(name, v);
            });
        };
        let input = match control {
            Choice(choices) => view! {
                <select id=id.clone() data-testid=id.clone() on:change=set>
                    {choices.iter().map(|c| {
                        let c = *c;
                        view! { <option value=c selected=move || value() == c>{if c.is_empty() { "–" } else { c }}</option> }
                    }).collect_view()}
                </select>
            }.into_any(),
            Number => view! {
                <input id=id.clone() data-testid=id.clone() type="number" min="0" prop:value=value on:input=set/>
            }.into_any(),
            Text => view! {
                <input id=id.clone() data-testid=id.clone() type="text" prop:value=value on:input=set/>
            }.into_any(),
        };
        view! { <label for=id>{label}</label>{input} }
    };

    view! {
        <div class="widget-page" data-testid="widget-page">
            <section class="card" aria-labelledby="widget-heading">
                <h2 id="widget-heading">{move || t.get().widget_heading}</h2>
                <p class="hint">{move || t.get().widget_intro}</p>
                <div class="widget-form">
                    {OPTIONS.iter().map(|s| field(*s)).collect_view()}
                </div>
            </section>
            <section class="card" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{move || t.get().preview_heading}</h2>
                <p class="hint">{move || t.get().preview_hint}</p>
                <div class="widget-preview" data-testid="widget-preview" node_ref=preview></div>
            </section>
            <section class="card" aria-labelledby="snippet-heading">
                <h2 id="snippet-heading">{move || t.get().snippet_heading}</h2>
                <pre class="snippet"><code data-testid="widget-snippet">{code}</code></pre>
                <button type="button" class="button" data-testid="copy-snippet" on:click=copy>{move || t.get().copy_snippet}</button>
                {move || copied.get().then(|| view! { <span class="hint" role="status">" " {t.get().copied}</span> })}
                <p>
                    {move || t.get().answers_to_calculator} " "
                    <button type="button" class="button secondary" data-testid="open-calculator"
                        on:click=move |_| on_open_calculator.run(())>
                        {move || t.get().open_calculator}
                    </button>
                </p>
                <p class="hint">{move || t.get().widget_docs}</p>
            </section>
        </div>
    }
}

