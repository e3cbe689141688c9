//! The input the user gave: a Blob (a dropped or picked file as it is, pasted text, several
//! files joined) and its name. Shared by the input components, the page-level drop target,
//! the samples and the state, so it lives in a module of its own.

use wasm_bindgen::JsValue;
use web_sys::Blob;

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

    /// A picked, dropped or launched file, as it is.
    pub fn from_file(file: web_sys::File) -> Self {
        DataSource { name: Some(file.name()), blob: file.into() }
    }

    /// The input's size in bytes.
    pub fn size(&self) -> f64 {
        self.blob.size()
    }
}
