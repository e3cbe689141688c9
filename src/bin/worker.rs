//! The app's Web Worker: import and metrics run here, off the page's main thread, so the
//! page never freezes whatever the file size. Built by Trunk (`data-type="worker"`).
//!
//! Protocol (messages are plain objects):
//! - worker → page `{type: "ready"}` once the wasm runs;
//! - page → worker `{type: "analyze", id, name, options, blob, source}`: `options` is the
//!   JSON of `AnalysisOptions` (`"{}"` = defaults), `blob` the input as a `Blob` (a dropped
//!   `File` as it is; posted without a transfer list: a structured clone of a Blob is a
//!   reference to the same data, not a copy). The worker never holds the input whole: it
//!   reads it in 1 MiB slices (`FileReaderSync`) into one reused buffer while importing.
//!   Instead of `blob`, `bytes` (an ArrayBuffer, e.g. transferred) is still accepted; it too
//!   is read in 1 MiB chunks, never copied whole into wasm.
//!   `source` (optional) names the input: a later request with the same `source` and neither
//!   `blob` nor `bytes` (only the options changed) reads the input kept from the last one
//!   again (the Blob, or the ArrayBuffer);
//! - worker → page `{type: "progress", id, done, total}` while importing (bytes read of the
//!   input's size), then `{type: "result", id, ok: true, analysis}` (JSON of `Analysis`) or
//!   `{type: "result", id, ok: false, error, message}` (`error`: JSON of `ImportError`, or
//!   null for other failures; `message`: English text). When the input itself could not be
//!   read (e.g. the file was changed or deleted on disk after it was chosen), the result also
//!   has `unreadable: true` and `error` is null.

use std::cell::RefCell;
use std::io::{self, Read};

use js_sys::{ArrayBuffer, Object, Reflect, Uint8Array};
use kundenkpi::analysis::{analyze_reader, AnalysisOptions};
use kundenkpi::i18n::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// How much of the input is read into wasm at a time.
const SLICE: usize = 1 << 20;

/// The input of the last request. Both stay JS objects: only a slice at a time enters wasm.
enum Input {
    Blob(Blob),
    Bytes(Uint8Array),
}

impl Input {
    fn size(&self) -> f64 {
        match self {
            Input::Blob(b) => b.size(),
            Input::Bytes(b) => b.length().into(),
        }
    }
}

thread_local! {
    /// The last input: (source name, input).
    static LAST: RefCell<Option<(JsValue, Input)>> = const { RefCell::new(None) };
}

/// The input as a `Read`: 1 MiB slices copied into one buffer that is reused, and after
/// each slice `progress(bytes read so far, size of the input)`.
struct SliceReader<'a, F> {
    input: &'a Input,
    /// For a Blob; created once per read through the input.
    files: Option<FileReaderSync>,
    total: f64,
    /// Bytes taken from the input so far.
    offset: f64,
    buf: Vec<u8>,
    /// The current slice is `buf[pos..len]`.
    pos: usize,
    len: usize,
    progress: F,
}

/// A JS exception (e.g. a `DOMException` of `FileReaderSync`) as an I/O error.
fn js_error(e: JsValue) -> io::Error {
    let field = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).ok().and_then(|v| v.as_string());
    let text = match (field("name"), field("message"), e.as_string()) {
        (Some(name), Some(message), _) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _, _) => name,
        (_, _, Some(s)) => s,
        _ => "unknown error".into(),
    };
    io::Error::other(text)
}

impl<'a, F: FnMut(f64, f64)> SliceReader<'a, F> {
    fn new(input: &'a Input, progress: F) -> io::Result<Self> {
        let files = match input {
            Input::Blob(_) => Some(FileReaderSync::new().map_err(js_error)?),
            Input::Bytes(_) => None,
        };
        let total = input.size();
        let buf = vec![0; SLICE.min(total as usize)];
        Ok(SliceReader { input, files, total, offset: 0.0, buf, pos: 0, len: 0, progress })
    }

    /// Reads the next slice into `buf`; at the end of the input `len` stays 0.
    fn fill(&mut self) -> io::Result<()> {
        self.pos = 0;
        self.len = 0;
        if self.offset >= self.total {
            return Ok(());
        }
        let end = (self.offset + SLICE as f64).min(self.total);
        let chunk = match (self.input, &self.files) {
            (Input::Blob(blob), Some(files)) => {
                let slice = blob.slice_with_f64_and_f64(self.offset, end).map_err(js_error)?;
                let buffer: ArrayBuffer = files.read_as_array_buffer(&slice).map_err(js_error)?;
                Uint8Array::new(&buffer)
            }
            (Input::Bytes(bytes), _) => bytes.subarray(self.offset as u32, end as u32),
            (Input::Blob(_), None) => return Err(io::Error::other("no FileReaderSync")),
        };
        let n = chunk.length() as usize;
        let Some(dst) = self.buf.get_mut(..n).filter(|_| n > 0) else {
            return Err(io::Error::other(format!(
                "{n} bytes where {} were expected: the input changed while it was read",
                end - self.offset
            )));
        };
        chunk.copy_to(dst);
        self.len = n;
        self.offset += n as f64;
        (self.progress)(self.offset, self.total);
        Ok(())
    }
}

impl<F: FnMut(f64, f64)> Read for SliceReader<'_, F> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.pos >= self.len {
            self.fill()?;
        }
        let rest = self.buf.get(self.pos..self.len).unwrap_or(&[]);
        let n = rest.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.pos += n;
        Ok(n)
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(fields: &[(&str, JsValue)]) {
    let msg = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&msg, &JsValue::from_str(k), v);
    }
    let _ = scope().post_message(&msg);
}

fn get(msg: &JsValue, key: &str) -> JsValue {
    Reflect::get(msg, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn fail(id: &JsValue, error: JsValue, message: &str) {
    post(&[
        ("type", "result".into()),
        ("id", id.clone()),
        ("ok", false.into()),
        ("error", error),
        ("message", message.into()),
    ]);
}

/// The input a request carries, if any: its `blob`, else its `bytes`.
fn carried(msg: &JsValue) -> Result<Option<Input>, &'static str> {
    let present = |v: &JsValue| !v.is_undefined() && !v.is_null();
    let blob = get(msg, "blob");
    if present(&blob) {
        return blob
            .dyn_into::<Blob>()
            .map(|b| Some(Input::Blob(b)))
            .map_err(|_| "`blob` is not a Blob");
    }
    let bytes = get(msg, "bytes");
    if !present(&bytes) {
        return Ok(None);
    }
    if bytes.is_instance_of::<ArrayBuffer>() {
        return Ok(Some(Input::Bytes(Uint8Array::new(&bytes))));
    }
    bytes
        .dyn_into::<Uint8Array>()
        .map(|b| Some(Input::Bytes(b)))
        .map_err(|_| "`bytes` is not an ArrayBuffer")
}

fn handle(msg: JsValue) {
    if get(&msg, "type").as_string().as_deref() != Some("analyze") {
        return;
    }
    let id = get(&msg, "id");
    let name = get(&msg, "name").as_string();
    let options = match get(&msg, "options").as_string() {
        None => AnalysisOptions::default(),
        Some(json) => match serde_json::from_str::<AnalysisOptions>(&json) {
            Ok(o) => o,
            Err(e) => return fail(&id, JsValue::NULL, &format!("invalid options: {e}")),
        },
    };
    let source = get(&msg, "source");
    match carried(&msg) {
        Ok(Some(input)) => LAST.with(|l| *l.borrow_mut() = Some((source.clone(), input))),
        Ok(None) => {}
        Err(e) => return fail(&id, JsValue::NULL, e),
    }
    LAST.with(|l| {
        let last = l.borrow();
        let Some((kept, input)) = last.as_ref() else {
            return fail(&id, JsValue::NULL, "no input");
        };
        if !source.is_undefined() && !Object::is(kept, &source) {
            return fail(&id, JsValue::NULL, "input not known to the worker; send it again");
        }
        let mut reported = 0.0;
        let step = (input.size() / 50.0).max(SLICE as f64);
        let progress = |done: f64, total: f64| {
            if done >= reported + step {
                reported = done;
                post(&[
                    ("type", "progress".into()),
                    ("id", id.clone()),
                    ("done", done.into()),
                    ("total", total.into()),
                ]);
            }
        };
        let result = SliceReader::new(input, progress)
            .and_then(|reader| analyze_reader(reader, name.as_deref(), &options));
        match result {
            Ok(Ok(analysis)) => match serde_json::to_string(&analysis) {
                Ok(json) => post(&[
                    ("type", "result".into()),
                    ("id", id.clone()),
                    ("ok", true.into()),
                    ("analysis", json.into()),
                ]),
                Err(e) => fail(&id, JsValue::NULL, &e.to_string()),
            },
            Ok(Err(e)) => {
                let json = serde_json::to_string(&e).map(JsValue::from).unwrap_or(JsValue::NULL);
                fail(&id, json, &e.message(Lang::En));
            }
            Err(e) => post(&[
                ("type", "result".into()),
                ("id", id.clone()),
                ("ok", false.into()),
                ("error", JsValue::NULL),
                ("unreadable", true.into()),
                ("message", format!("could not read the input: {e}").into()),
            ]),
        }
    });
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| handle(ev.data()));
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&[("type", "ready".into())]);
}
