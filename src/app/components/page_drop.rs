//! Files dropped anywhere on the page, and files the operating system hands over ("Open
//! with" the installed app, through the manifest's `file_handlers` and `launchQueue`).
//!
//! Without a page-level drop target a file dropped beside the drop zone makes the browser
//! open it in place of the app, and the user's state is lost. Here every drag that carries
//! files shows an overlay, and the drop is taken by the page. Several files: when they are
//! text with the same header line they are read as one table (the rows of all of them, one
//! header); otherwise the first is read and the page says that one file is read at a time.

use js_sys::{Array, Function, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

use crate::app::data_source::DataSource;
use crate::app::use_lang;
use crate::i18n::Lang;

/// How much of each file is read to compare header lines.
const HEAD_BYTES: f64 = 64.0 * 1024.0;

/// The header line of a text file: the bytes before the first line break, without a UTF-8
/// BOM and a trailing CR, and where the rest (the rows) starts. None for a zip (xlsx, ods)
/// or when no line break is in `head`.
fn header_of(head: &[u8]) -> Option<(Vec<u8>, usize)> {
    if head.starts_with(b"PK\x03\x04") {
        return None;
    }
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = head[..end].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head[..end]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Some((line.to_vec(), end + 1))
}

async fn bytes_of(blob: &Blob, start: f64, end: f64) -> Option<Vec<u8>> {
    let part = blob.slice_with_f64_and_f64(start, end).ok()?;
    let buf = JsFuture::from(part.array_buffer()).await.ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

/// The files as one table when they share the header line: the first file whole, then the
/// rows of each other file (after its header). None when they cannot be joined.
async fn joined(files: &[File]) -> Option<DataSource> {
    let mut header: Option<Vec<u8>> = None;
    let parts = Array::new();
    for (i, file) in files.iter().enumerate() {
        let head = bytes_of(file, 0.0, HEAD_BYTES).await?;
        let (line, rows_start) = header_of(&head)?;
        match &header {
            None => header = Some(line),
            Some(h) if *h == line => {}
            Some(_) => return None,
        }
        if i == 0 {
            parts.push(file);
        } else {
            // the previous file may end without a line break
            let prev: &Blob = &files[i - 1];
            let size = prev.size();
            let last =
                if size > 0.0 { bytes_of(prev, size - 1.0, size).await? } else { vec![b'\n'] };
            if last != [b'\n'] {
                parts.push(&JsValue::from_str("\n"));
            }
            let rows: Blob = file.slice_with_f64(rows_start as f64).ok()?;
            parts.push(&rows);
        }
    }
    let blob = Blob::new_with_blob_sequence(&parts).ok()?;
    let names: Vec<String> = files.iter().map(File::name).collect();
    Some(DataSource { name: Some(names.join(" + ")), blob })
}

fn notice_text(lang: Lang, joined: bool, count: usize, first: &str) -> String {
    match (lang, joined) {
        (Lang::En, true) => format!("{count} files with the same columns are read as one table."),
        (Lang::De, true) => format!("{count} Dateien mit denselben Spalten werden als eine Tabelle gelesen."),
        (Lang::En, false) => format!(
            "{count} files were dropped, but their columns differ (or they are workbooks): one file is read at a time. Reading “{first}”; drop the others one by one."
        ),
        (Lang::De, false) => format!(
            "{count} Dateien wurden abgelegt, ihre Spalten unterscheiden sich aber (oder es sind Arbeitsmappen): Es wird eine Datei nach der anderen gelesen. Gelesen wird „{first}“; legen Sie die anderen einzeln ab."
        ),
    }
}

fn overlay_text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Drop the file to analyse it. It stays on this device.",
        Lang::De => "Datei hier ablegen, um sie auszuwerten. Sie bleibt auf diesem Gerät.",
    }
}

/// Whether a drag carries files (not text dragged inside the page).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer()
        .is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// The page-level drop target and the "Open with" consumer. `on_file` gets each file (or
/// the joined files); `dragging` is true while files are dragged over the page; `notice`
/// gets the sentence about several files (None after a single file).
#[component]
pub fn PageDrop(
    on_file: Callback<DataSource>,
    dragging: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let take = move |files: Vec<File>| {
        let Some(first) = files.first().cloned() else {
            return;
        };
        if files.len() == 1 {
            notice.set(None);
            on_file.run(DataSource::from_file(first));
            return;
        }
        leptos::task::spawn_local(async move {
            let count = files.len();
            let lang = lang.try_get_untracked().unwrap_or_default();
            match joined(&files).await {
                Some(source) => {
                    notice.try_set(Some(notice_text(lang, true, count, "")));
                    on_file.run(source);
                }
                None => {
                    notice.try_set(Some(notice_text(lang, false, count, &first.name())));
                    on_file.run(DataSource::from_file(first));
                }
            }
        });
    };

    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            if let Some(d) = ev.data_transfer() {
                d.set_drop_effect("copy");
            }
            if !dragging.get_untracked() {
                dragging.set(true);
            }
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // leaving the window (no element it moves to)
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        let files = ev.data_transfer().and_then(|d| d.files());
        let Some(list) = files.filter(|l| l.length() > 0) else {
            return;
        };
        // the browser would open the file in place of the app
        ev.prevent_default();
        take((0..list.length()).filter_map(|i| list.get(i)).collect());
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });

    listen_for_launches(Callback::new(take));

    view! {
        <div class="drop-overlay" class:visible=move || dragging.get() data-testid="drop-overlay" aria-hidden="true">
            <p>{move || overlay_text(lang.get())}</p>
        </div>
    }
}

/// "Open with" the installed app: the browser queues the files in `window.launchQueue`
/// (File Handling API); each launch hands over file handles whose `getFile()` gives the File.
fn listen_for_launches(take: Callback<Vec<File>>) {
    let Some(win) = web_sys::window() else { return };
    let Ok(queue) = Reflect::get(&win, &"launchQueue".into()) else {
        return;
    };
    if !queue.is_object() {
        return;
    }
    let Ok(set_consumer) =
        Reflect::get(&queue, &"setConsumer".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        return;
    };
    let consumer = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
        let handles =
            Reflect::get(&params, &"files".into()).ok().and_then(|f| f.dyn_into::<Array>().ok());
        let Some(handles) = handles.filter(|h| h.length() > 0) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let mut files = Vec::new();
            for handle in handles.iter() {
                let get = Reflect::get(&handle, &"getFile".into())
                    .ok()
                    .and_then(|f| f.dyn_into::<Function>().ok());
                let promise = get
                    .and_then(|g| g.call0(&handle).ok())
                    .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
                if let Some(p) = promise {
                    if let Ok(file) = JsFuture::from(p).await.and_then(|f| f.dyn_into::<File>()) {
                        files.push(file);
                    }
                }
            }
            if !files.is_empty() {
                take.run(files);
            }
        });
    });
    let _ = set_consumer.call1(&queue, consumer.as_ref().unchecked_ref());
    // the consumer lives as long as the page (the queue may deliver later launches)
    consumer.forget();
}
