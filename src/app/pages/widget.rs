//! The survey widget page: the options in four groups (question, look, when to show,
//! sending) with a receiver recipe chooser, a live preview and the snippet to copy.
//!
//! Option names, values and defaults come from `crate::widget::options` (the widget's own
//! parser uses the same). The preview runs in a sandboxed iframe (public/widget-preview.html,
//! `allow-scripts` only, its own CSP) because it posts to an endpoint the user typed, which
//! the app's own policy (`connect-src 'self'`) must not allow; the page talks to it by
//! postMessage.

use leptos::prelude::*;

use crate::app::use_lang;
use crate::widget::embed::{
    apply_recipe, number_text, sendable, snippet, tr, Control, Field, Group, Tr, Values, FIELDS,
    GROUPS,
};
use crate::widget::options as o;
use crate::widget::recipes;

/// The directory of the app's own URL: the widget is served beside it.
fn base_url() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let path = href.split(['#', '?']).next().unwrap_or_default();
    match path.rfind('/') {
        Some(i) => path[..=i].to_string(),
        None => String::new(),
    }
}

mod preview;

/// The page's state: the widget's options, the chosen receiver recipe, and whether the
/// snippet was copied since the last change.
#[derive(Clone, Copy)]
struct WidgetForm {
    values: RwSignal<Values>,
    recipe: RwSignal<String>,
    copied: RwSignal<bool>,
}

impl WidgetForm {
    /// Sets one option; the snippet copied before no longer matches.
    fn set(self, name: String, v: String) {
        self.copied.set(false);
        self.values.update(|m| {
            m.insert(name, v);
        });
    }
}

/// The page's texts in the UI's language.
fn use_tr() -> impl Fn(Tr) -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move |x: Tr| tr(lang.get() == crate::i18n::Lang::De, x)
}

#[component]
pub fn WidgetPage(
    /// Switches to the calculator (to drop a file of collected answers).
    on_open_calculator: Callback<()>,
) -> impl IntoView {
    let t = use_tr();
    let form = WidgetForm {
        values: RwSignal::new(crate::widget::embed::defaults()),
        recipe: RwSignal::new(String::new()),
        copied: RwSignal::new(false),
    };
    let status = preview::connect(form.values);
    let placeholder =
        move || recipes::find(&form.recipe.get()).map(|r| r.endpoint_hint).unwrap_or("https://…");

    Effect::new(move || {
        let p = placeholder();
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("widget-endpoint"))
        {
            let _ = el.set_attribute("placeholder", p);
        }
    });

    view! {
        <div class="widget-page" data-testid="widget-page">
            <section class="card" aria-labelledby="widget-heading">
                <h2 id="widget-heading">{move || t(("Survey widget for your website", "Umfrage-Widget für Ihre Website"))}</h2>
                <p class="hint">{move || t(("Choose where the answers go, then the question and the look; the preview and the snippet follow.", "Wählen Sie, wohin die Antworten gehen, dann Frage und Aussehen; Vorschau und Code folgen."))}
                    " " <a href="widget-docs.txt" data-testid="widget-docs-link">{move || t(("Widget documentation", "Dokumentation des Widgets"))}</a></p>
                {GROUPS.iter().map(|(g, title)| view! { <OptionGroup form group=*g title=*title/> }).collect_view()}
            </section>
            <WidgetPreview status/>
            <SnippetSection form on_open_calculator/>
        </div>
    }
}

/// One group of options (question, look, when to show, sending) as a fieldset.
#[component]
fn OptionGroup(form: WidgetForm, group: Group, title: Tr) -> impl IntoView {
    let t = use_tr();
    let sending = group == Group::Sending;
    view! {
        <fieldset class="widget-group" data-testid=format!("group-{}", title.0.to_lowercase().replace(' ', "-"))>
            <legend>{move || t(title)}</legend>
            {sending.then(|| view! { <ReceiverChooser form/> })}
            <div class="widget-form">
                {FIELDS.iter().filter(|f| f.group == group).map(|field| view! { <OptionField form field/> }).collect_view()}
                {sending.then(|| view! { <HeaderFields form/> })}
            </div>
            {sending.then(|| view! { <EndpointWarning form/> })}
        </fieldset>
    }
}

/// One option: its label and its select, number or text input; hidden where it does not apply.
#[component]
fn OptionField(form: WidgetForm, field: &'static Field) -> impl IntoView {
    let t = use_tr();
    let f = field;
    let values = form.values;
    let id = format!("widget-{}", f.name);
    let value = move || values.with(|v| v.get(f.name).cloned().unwrap_or_default());
    let on = move |ev: leptos::ev::Event| form.set(f.name.to_string(), event_target_value(&ev));
    let input = match f.control {
        Control::Choice(c, labels) => view! {
            <select id=id.clone() data-testid=id.clone() on:change=on>
                {c.values.iter().zip(labels.iter()).map(|(v, l)| {
                    let v = *v;
                    view! { <option value=v selected=move || value() == v>{move || t(*l)}</option> }
                }).collect_view()}
            </select>
        }.into_any(),
        Control::Number(n) => view! {
            <input id=id.clone() data-testid=id.clone() type="number" min=number_text(n.min) max=number_text(n.max) prop:value=value on:input=on/>
        }.into_any(),
        Control::Text => view! {
            <input id=id.clone() data-testid=id.clone() type="text" prop:value=value on:input=on/>
        }.into_any(),
    };
    let shown = move || values.with(|v| (f.applies)(v));
    view! { <div class="widget-field" hidden=move || !shown()><label for=id>{move || t(f.label)}</label>{input}</div> }
}

/// The receiver recipe chooser: picking one fills its options and shows its setup steps.
#[component]
fn ReceiverChooser(form: WidgetForm) -> impl IntoView {
    let t = use_tr();
    let WidgetForm { values, recipe, copied } = form;
    let recipe_steps = move || {
        let r = recipes::find(&recipe.get())?;
        Some(view! {
            <div class="recipe-steps" data-testid="recipe-steps">
                <ol>{r.steps.iter().map(|s| view! { <li>{move || t(*s)}</li> }).collect_view()}</ol>
                <p class="hint">{move || if r.duplicates_possible { t(("This receiver may get a revision twice after a lost response: deduplicate by id and revision.", "Dieser Empfänger kann eine Revision nach einer verlorenen Antwort doppelt erhalten: nach id und revision entdoppeln.")) } else { t(("No duplicates: each answer is stored once.", "Keine Doppelten: jede Antwort wird einmal gespeichert.")) } }</p>
            </div>
        })
    };
    view! {
        <div class="widget-field">
            <label for="widget-recipe">{move || t(("Receiver", "Empfänger"))}</label>
            <select id="widget-recipe" data-testid="widget-recipe" on:change=move |ev| {
                let id = event_target_value(&ev);
                if let Some(r) = recipes::find(&id) {
                    values.update(|v| apply_recipe(v, r));
                }
                copied.set(false);
                recipe.set(id);
            }>
                <option value="" selected=move || recipe.get().is_empty()>{move || t(("Choose a receiver…", "Empfänger wählen …"))}</option>
                {recipes::RECIPES.iter().map(|r| view! { <option value=r.id>{move || t(r.name)}</option> }).collect_view()}
            </select>
        </div>
        {recipe_steps}
    }
}

/// One text input per extra HTTP header option the chosen receiver needs.
#[component]
fn HeaderFields(form: WidgetForm) -> impl IntoView {
    let t = use_tr();
    let values = form.values;
    move || {
        values.with(|v| v.keys().filter(|k| k.starts_with(o::HEADER_PREFIX)).cloned().collect::<Vec<_>>())
            .into_iter()
            .map(|k| {
                let id = format!("widget-{k}");
                let k2 = k.clone();
                let value = move || values.with(|v| v.get(&k2).cloned().unwrap_or_default());
                let k3 = k.clone();
                view! { <div class="widget-field"><label for=id.clone()>{format!("{}: ", t(("Header", "Header")))}<code>{k.trim_start_matches(o::HEADER_PREFIX).to_string()}</code></label>
                    <input id=id.clone() data-testid=id type="text" prop:value=value on:input=move |ev| form.set(k3.clone(), event_target_value(&ev))/></div> }
            })
            .collect_view()
    }
}

/// Says so while the endpoint is empty or not one the widget can send to.
#[component]
fn EndpointWarning(form: WidgetForm) -> impl IntoView {
    let t = use_tr();
    let values = form.values;
    let endpoint_empty =
        move || values.with(|v| !sendable(v.get(o::ENDPOINT).map(String::as_str).unwrap_or("")));
    view! {
        <p class="warning" role="status" data-testid="endpoint-warning" hidden=move || !endpoint_empty()>
            {move || t(("No endpoint yet: answers have nowhere to go. The preview shows the look but sends nothing.", "Noch kein Endpunkt: Antworten haben kein Ziel. Die Vorschau zeigt das Aussehen, sendet aber nichts."))}
        </p>
    }
}

/// The live preview in its sandboxed frame, with what happened to the last answer sent.
#[component]
fn WidgetPreview(status: RwSignal<Option<preview::PreviewStatus>>) -> impl IntoView {
    let t = use_tr();
    view! {
        <section class="card" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{move || t(("Live preview", "Live-Vorschau"))}</h2>
            <p class="hint">{move || t(("Shown inline here, in an isolated frame; on your site it appears as chosen under “Display”. With an endpoint, answers given here are really sent to it.", "Hier eingebettet in einem abgeschotteten Rahmen; auf Ihrer Website erscheint es wie unter „Darstellung“ gewählt. Mit Endpunkt werden Antworten von hier wirklich gesendet."))}</p>
            <iframe class="widget-preview" data-testid="widget-preview" sandbox="allow-scripts" src="widget-preview.html"
                title=move || t(("Survey preview", "Vorschau der Umfrage"))></iframe>
            <p class="hint" role="status" data-testid="preview-status">{move || status.get().map(|s| t(s.text()))}</p>
        </section>
    }
}

/// The snippet to paste into a page, its copy button, and the way back to the calculator.
#[component]
fn SnippetSection(form: WidgetForm, on_open_calculator: Callback<()>) -> impl IntoView {
    let t = use_tr();
    let WidgetForm { values, copied, .. } = form;
    let code = move || values.with(|v| snippet(v, &base_url()));
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&code());
        }
        copied.set(true);
    };
    view! {
        <section class="card" aria-labelledby="snippet-heading">
            <h2 id="snippet-heading">{move || t(("Snippet for your page", "Code für Ihre Seite"))}</h2>
            <pre class="snippet"><code data-testid="widget-snippet">{code}</code></pre>
            <button type="button" class="button" data-testid="copy-snippet" on:click=copy>{move || t(("Copy snippet", "Code kopieren"))}</button>
            {move || copied.get().then(|| view! { <span class="hint" role="status">" " {t(("Copied.", "Kopiert."))}</span> })}
            <p>
                {move || t(("Collected answers (CSV or JSON from your receiver) open in the calculator as they are:", "Gesammelte Antworten (CSV oder JSON von Ihrem Empfänger) öffnen sich im Rechner, wie sie sind:"))} " "
                <button type="button" class="button secondary" data-testid="open-calculator"
                    on:click=move |_| on_open_calculator.run(())>
                    {move || t(("Open the calculator", "Zum Rechner"))}
                </button>
            </p>
        </section>
    }
}
