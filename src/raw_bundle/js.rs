//! The caller's side of a bundle without glue (see the module above): its exports called
//! as plain functions of `u32`, the question copied into its memory and the answer out.

use js_sys::{Function, Object, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::{JsCast, JsValue};

/// A JS exception or rejection as text: `name: message` (e.g. of a `TypeError` or a
/// `DOMException`), else the value itself when it is a string.
pub fn js_text(e: JsValue) -> String {
    let field = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).ok().and_then(|v| v.as_string());
    match (field("name"), field("message"), e.as_string()) {
        (Some(name), Some(message), _) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _, _) => name,
        (_, _, Some(s)) => s,
        _ => "unknown error".into(),
    }
}

/// An instantiated bundle.
pub struct RawBundle {
    exports: Object,
    memory: WebAssembly::Memory,
}

impl RawBundle {
    pub fn new(instance: &WebAssembly::Instance) -> Result<Self, String> {
        let exports = instance.exports();
        let memory = Reflect::get(&exports, &JsValue::from_str("memory"))
            .map_err(js_text)?
            .dyn_into()
            .map_err(|_| "memory is missing".to_owned())?;
        Ok(RawBundle { exports, memory })
    }

    /// Calls the export `name` with `arg` (or none); its result as a number.
    pub fn call(&self, name: &str, arg: Option<u32>) -> Result<u32, String> {
        let f: Function = Reflect::get(&self.exports, &JsValue::from_str(name))
            .map_err(js_text)?
            .dyn_into()
            .map_err(|_| format!("{name} is missing"))?;
        let r = match arg {
            Some(a) => f.call1(&JsValue::NULL, &a.into()),
            None => f.call0(&JsValue::NULL),
        };
        let r = r.map_err(js_text)?;
        r.as_f64().map(|v| v as u32).ok_or_else(|| format!("{name}: no number"))
    }

    /// `len` bytes of the bundle's memory at `at`. The memory's buffer is replaced when it
    /// grows: a view is taken after each call.
    fn view(&self, at: u32, len: usize) -> Uint8Array {
        Uint8Array::new_with_byte_offset_and_length(&self.memory.buffer(), at, len as u32)
    }

    /// Copies `bytes` into the buffer that the export `reserve` makes for them.
    pub fn put(&self, reserve: &str, bytes: &[u8]) -> Result<(), String> {
        let at = self.call(reserve, Some(bytes.len() as u32))?;
        self.view(at, bytes.len()).copy_from(bytes);
        Ok(())
    }

    /// Asks the export `question` (which returns the answer's length) and copies the answer
    /// out from the address the export `answer` gives.
    pub fn ask(&self, question: &str, answer: &str) -> Result<Vec<u8>, String> {
        let len = self.call(question, None)? as usize;
        let at = self.call(answer, None)?;
        let mut bytes = vec![0; len];
        self.view(at, len).copy_to(&mut bytes);
        Ok(bytes)
    }
}
