//! The first screen's input: a paste area and a drop zone with a file picker.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::app::use_texts;

/// Bytes the user gave us, and the file name when they came from a file.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSource {
    pub name: Option<String>,
    pub bytes: Vec<u8>,
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
    let reading = RwSignal::new(false);
    let read_error = RwSignal::new(false);
    let dragging = RwSignal::new(false);

    let read_file = move |file: web_sys::File| {
        reading.set(true);
        read_error.set(false);
        let name = file.name();
        leptos::task::spawn_local(async move {
            let result = JsFuture::from(file.array_buffer()).await;
            reading.set(false);
            match result {
                Ok(buffer) => {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    pasted.set(String::new());
                    file_name.set(Some(name.clone()));
                    on_data.run(DataSource { name: Some(name), bytes });
                }
                Err(_) => read_error.set(true),
            }
        });
    };

    let on_paste_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        file_name.set(None);
        pasted.set(text.clone());
        if text.trim().is_empty() {
            on_clear.run(());
        } else {
            on_data.run(DataSource { name: None, bytes: text.into_bytes() });
        }
    };

    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            read_file(file);
        }
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
        pasted.set(String::new());
        file_name.set(None);
        read_error.set(false);
        on_clear.run(());
    };

    view! {
        <section class="card input-card" aria-labelledby="input-heading">
            <h2 id="input-heading">{move || t.get().input_heading}</h2>
            <div
                class="dropzone"
                class:dragging=move || dragging.get()
                data-testid="dropzone"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
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
                    {move || {
                        if reading.get() {
                            t.get().reading_file.to_string()
                        } else if read_error.get() {
                            t.get().file_unreadable.to_string()
                        } else {
                            file_name.get().unwrap_or_default()
                        }
                    }}
                </p>
            </div>
        </section>
    }
}
