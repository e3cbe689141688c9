//! The app's Web Worker: import and metrics run here, off the page's main thread, so the
//! page never freezes whatever the file size. Built by Trunk (`data-type="worker"`).
//!
//! The messages are `kundenkpi::worker_protocol`'s enums (page → worker `ToWorker`, worker →
//! page `FromWorker`); that module describes the exchange. The worker never holds the
//! input whole: it reads a `Blob` in 1 MiB slices (`FileReaderSync`), and an `ArrayBuffer`
//! in 1 MiB chunks, into one reused buffer while importing. It keeps the last input (the JS
//! object, not its bytes), so a request that only changes the options reads it again.
//! Until the first request it warms up (`worker/warm_up.rs`): the first analysis on a
//! fresh page then runs in optimised code.

use std::cell::RefCell;
use std::io::{self, Read};

use js_sys::{ArrayBuffer, Uint8Array};
use kundenkpi::analysis::analyze_reader;
use kundenkpi::raw_bundle::js::js_text;
use kundenkpi::worker_protocol::js::{from_js, to_js, Carried};
use kundenkpi::worker_protocol::{AnalyzeRequest, FromWorker, Json, ToWorker, WorkerError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

// size: workbooks are read by a wasm of their own, loaded on the first one
#[path = "worker/workbook.rs"]
mod workbook;

#[path = "worker/warm_up.rs"]
mod warm_up;

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
    /// The last input: (its source number, the input).
    static LAST: RefCell<Option<(Option<u32>, Input)>> = const { RefCell::new(None) };
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
    io::Error::other(js_text(e))
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

fn post(message: &FromWorker) {
    // an answer that cannot be sent still ends its request
    let js = to_js(message).or_else(|e| match message {
        FromWorker::Result { id, .. } | FromWorker::Error { id, .. } => {
            to_js(&FromWorker::Error { id: *id, error: WorkerError::Failed(e) })
        }
        _ => Err(e),
    });
    match js {
        Ok(js) => {
            let _ = scope().post_message(&js);
        }
        Err(e) => web_sys::console::error_1(&e.into()),
    }
}

fn fail(id: u32, error: WorkerError) {
    post(&FromWorker::Error { id, error });
}

/// The input a request carries, checked to be of a type the worker can read.
fn carried(input: Carried) -> Result<Input, &'static str> {
    match input {
        Carried::Blob(blob) => {
            blob.dyn_into::<Blob>().map(Input::Blob).map_err(|_| "`blob` is not a Blob")
        }
        Carried::Bytes(bytes) if bytes.is_instance_of::<ArrayBuffer>() => {
            Ok(Input::Bytes(Uint8Array::new(&bytes)))
        }
        Carried::Bytes(bytes) => bytes
            .dyn_into::<Uint8Array>()
            .map(Input::Bytes)
            .map_err(|_| "`bytes` is not an ArrayBuffer"),
    }
}

fn handle(message: JsValue) {
    // anything else posted to the worker is not meant for it
    let Ok(ToWorker::Analyze(request)) = from_js::<ToWorker<Carried>>(message) else {
        return;
    };
    warm_up::stop();
    let AnalyzeRequest { id, name, source, options, input } = request;
    if let Some(input) = input {
        match carried(input) {
            Ok(input) => LAST.with(|l| *l.borrow_mut() = Some((source, input))),
            Err(e) => return fail(id, WorkerError::Failed(e.into())),
        }
    }
    LAST.with(|l| {
        let last = l.borrow();
        let Some((kept, input)) = last.as_ref() else {
            return fail(id, WorkerError::Failed("no input".into()));
        };
        if source.is_some() && source != *kept {
            return fail(
                id,
                WorkerError::Failed("input not known to the worker; send it again".into()),
            );
        }
        let mut reported = 0.0;
        let step = (input.size() / 50.0).max(SLICE as f64);
        let progress = |done: f64, total: f64| {
            if done >= reported + step {
                reported = done;
                post(&FromWorker::Progress { id, done, total });
            }
        };
        let result = SliceReader::new(input, progress)
            .and_then(|reader| analyze_reader(reader, name.as_deref(), &options));
        match result {
            Ok(Ok(analysis)) => {
                post(&FromWorker::Result { id, analysis: Json(Box::new(analysis)) })
            }
            Ok(Err(e)) => fail(id, WorkerError::Import(e)),
            Err(e) => fail(id, WorkerError::Unreadable(format!("could not read the input: {e}"))),
        }
    });
}

fn main() {
    workbook::install(); // size: the workbook reader
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|ev: MessageEvent| handle(ev.data()));
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&FromWorker::Ready);
    // while the user chooses a file (see warm_up.rs)
    warm_up::start();
}
