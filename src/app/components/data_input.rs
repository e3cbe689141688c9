//! The first screen's input: a paste area and a drop zone with a file picker.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Blob;

use crate::app::use_texts;

use super::page_drop::PageDrop;

/// Quiet time after the last keystroke before the paste box's text is analysed: typing
/// does not start one analysis per key.
const PASTE_DEBOUNCE_MS: u32 = 250;

/// What the user gave us, and the file name when it came from a file. The data stays a
/// `Blob` (a dropped or picked `File` as it is): the page never reads it; the analysis
/// worker reads it in slices.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSource {
    pub name: Option<String>,
    pub blob: Blob,
}

impl DataSource {
    /// Typed or pasted text, as a UTF-8 Blob (None only if the browser refuses the Blob).
    pub fn from_text(name: Option<String>, text: &str) -> Option<Self> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        Blob::new_with_str_sequence(&parts).ok().map(|blob| DataSource { name, blob })
    }

    /// The input's size in bytes.
    pub fn size(&self) -> f64 {
        self.blob.size()
    }
}

#[component]
pub fn DataInput(
    /// Called with every new input (each edit of the paste area, each file).
    on_data: Callback<DataSource>,
    /// Called when the user clears the input.
    on_clear: Callback<()>,
) -> impl IntoView {
    let t = use_texts();
    let pasted = RwSignal::new(String::new());
    let file_name = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    // what the page says about several files dropped at once
    let notice = RwSignal::new(None::<String>);
    // the pending analysis of the paste box; replacing or clearing it cancels it
    let pending = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);

    // The File is a Blob: it is passed on as it is, its bytes are read by the worker only.
    let read_file = move |file: web_sys::File| {
        let name = file.name();
        pending.set_value(None);
        pasted.set(String::new());
        file_name.set(Some(name.clone()));
        notice.set(None);
        on_data.run(DataSource { name: Some(name), blob: file.into() });
    };
    // a drop anywhere on the page, several files joined, or "Open with" the installed app
    let read_source = Callback::new(move |source: DataSource| {
        pending.set_value(None);
        pasted.set(String::new());
        file_name.set(source.name.clone());
        on_data.run(source);
    });

    let on_paste_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        file_name.set(None);
        notice.set(None);
        pasted.set(text.clone());
        let analyse = gloo_timers::callback::Timeout::new(PASTE_DEBOUNCE_MS, move || match (!text
            .trim()
            .is_empty())
        .then(|| DataSource::from_text(None, &text))
        .flatten()
        {
            Some(source) => on_data.run(source),
            None => on_clear.run(()),
        });
        pending.set_value(Some(analyse));
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file);
            }
            // picking the same file again must fire `change` again
            input.set_value("");
        }
    };

    let clear = move |_| {
        pending.set_value(None);
        pasted.set(String::new());
        file_name.set(None);
        notice.set(None);
        on_clear.run(());
    };

    view! {
        <section class="card input-card" aria-labelledby="input-heading">
            <h2 id="input-heading">{move || t.get().input_heading}</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                data-testid="dropzone"
            >
                <label for="paste-area" class="label">{move || t.get().paste_label}</label>
                <textarea
                    id="paste-area"
                    data-testid="paste-area"
                    rows="8"
                    spellcheck="false"
                    placeholder=move || t.get().paste_placeholder
                    prop:value=move || pasted.get()
                    on:input=on_paste_input
                ></textarea>
                <div class="file-row">
                    <span class="hint">{move || t.get().drop_hint}</span>
                    <label class="button secondary file-button">
                        {move || t.get().choose_file}
                        <input
                            type="file"
                            class="visually-hidden"
                            data-testid="file-input"
                            accept=".csv,.tsv,.txt,.xlsx,.ods,.json,.ndjson,text/csv,application/json"
                            on:change=on_pick
                        />
                    </label>
                    <button type="button" class="button secondary" data-testid="clear" on:click=clear>
                        {move || t.get().clear}
                    </button>
                </div>
                <p class="status" role="status" aria-live="polite">
                    {move || file_name.get().unwrap_or_default()}
                </p>
                {move || notice.get().map(|n| view! { <p class="drop-notice" data-testid="drop-notice">{n}</p> })}
            </div>
            <PageDrop on_file=read_source dragging=dragging notice=notice/>
        </section>
    }
}
