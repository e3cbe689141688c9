//! The first screen's input: a paste area and a drop zone with a file picker. Files
//! dropped anywhere on the page arrive through [`PageDrop`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::data_source::DataSource;
use crate::app::state::use_calc;
use crate::app::use_texts;

use super::page_drop::PageDrop;

/// Quiet time after the last keystroke before the paste box's text is analysed: typing
/// does not start one analysis per key.
const PASTE_DEBOUNCE_MS: u32 = 250;

/// What the input card shows about the current input, shared by its parts.
#[derive(Clone, Copy)]
struct InputView {
    pasted: RwSignal<String>,
    file_name: RwSignal<Option<String>>,
    /// What the page says about several files dropped at once.
    notice: RwSignal<Option<String>>,
    /// The pending analysis of the paste box; replacing or clearing it cancels it.
    pending: StoredValue<Option<gloo_timers::callback::Timeout>, LocalStorage>,
}

impl InputView {
    /// A file (or files joined) replaces whatever was pasted.
    fn file(&self, source: &DataSource) {
        self.pending.set_value(None);
        self.pasted.set(String::new());
        self.file_name.set(source.name.clone());
    }

    fn clear(&self) {
        self.pending.set_value(None);
        self.pasted.set(String::new());
        self.file_name.set(None);
        self.notice.set(None);
    }
}

#[component]
pub fn DataInput() -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let dragging = RwSignal::new(false);
    let input = InputView {
        pasted: RwSignal::new(String::new()),
        file_name: RwSignal::new(None),
        notice: RwSignal::new(None),
        pending: StoredValue::new_local(None),
    };
    // a drop anywhere on the page, several files joined, or "Open with" the installed app
    let read_source = Callback::new(move |source: DataSource| {
        input.file(&source);
        calc.load(source);
    });

    view! {
        <section class="card input-card" aria-labelledby="input-heading">
            <h2 id="input-heading">{move || t.get().input_heading}</h2>
            <div class="dropzone" class:dragging=move || dragging.get() data-testid="dropzone">
                <PasteArea input/>
                <FileRow input/>
                <p class="status" role="status" aria-live="polite">
                    {move || input.file_name.get().unwrap_or_default()}
                </p>
                {move || input.notice.get().map(|n| view! { <p class="drop-notice" data-testid="drop-notice">{n}</p> })}
            </div>
            <PageDrop on_file=read_source dragging=dragging notice=input.notice/>
        </section>
    }
}

/// The paste box: analysed a moment after the last keystroke; a paste (not typing) brings
/// the result into view.
#[component]
fn PasteArea(input: InputView) -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let pasting = StoredValue::new(false);
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let reveal = std::mem::take(&mut *pasting.write_value());
        input.file_name.set(None);
        input.notice.set(None);
        input.pasted.set(text.clone());
        let source =
            (!text.trim().is_empty()).then(|| DataSource::from_text(None, &text)).flatten();
        let analyse =
            gloo_timers::callback::Timeout::new(PASTE_DEBOUNCE_MS, move || match source {
                Some(source) if reveal => calc.load(source),
                Some(source) => calc.load_typed(source),
                None => calc.clear(),
            });
        input.pending.set_value(Some(analyse));
    };
    view! {
        <label for="paste-area" class="label">{move || t.get().paste_label}</label>
        <textarea id="paste-area" data-testid="paste-area" rows="8" spellcheck="false"
            placeholder=move || t.get().paste_placeholder
            prop:value=move || input.pasted.get()
            on:paste=move |_| pasting.set_value(true)
            on:input=on_input
        ></textarea>
    }
}

/// The file picker and the clear button.
#[component]
fn FileRow(input: InputView) -> impl IntoView {
    let t = use_texts();
    let calc = use_calc();
    let on_pick = move |ev: leptos::ev::Event| {
        let picker = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(picker) = picker {
            if let Some(file) = picker.files().and_then(|f| f.get(0)) {
                // the File is a Blob: passed on as it is, its bytes are read by the worker only
                let source = DataSource::from_file(file);
                input.file(&source);
                input.notice.set(None);
                calc.load(source);
            }
            // picking the same file again must fire `change` again
            picker.set_value("");
        }
    };
    let clear = move |_| {
        input.clear();
        calc.clear();
    };
    view! {
        <div class="file-row">
            <span class="hint">{move || t.get().drop_hint}</span>
            <label class="button secondary file-button">
                {move || t.get().choose_file}
                <input type="file" class="visually-hidden" data-testid="file-input"
                    accept=".csv,.tsv,.txt,.xlsx,.ods,.json,.ndjson,text/csv,application/json"
                    on:change=on_pick/>
            </label>
            <button type="button" class="button secondary" data-testid="clear" on:click=clear>
                {move || t.get().clear}
            </button>
        </div>
    }
}
