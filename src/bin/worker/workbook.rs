//! The workbook reader of the worker: `workbook.wasm` (src/bin/workbook.rs), fetched from
//! beside the worker's script on the first workbook and compiled once; a fresh instance per
//! workbook, so its memory goes when the workbook is read. Fetched synchronously (a worker
//! may): the import that asks for the cells is synchronous too. Offline the service worker
//! answers from its precache, which lists the file.

use std::cell::RefCell;

use js_sys::{Object, Reflect, WebAssembly};
use kundenkpi::import::sheet::{set_workbook_reader, SheetCells};
use kundenkpi::import::ImportError;
use kundenkpi::raw_bundle::js::{js_text, RawBundle};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use web_sys::{XmlHttpRequest, XmlHttpRequestResponseType};

/// Relative to the worker's script, i.e. the app's directory.
const URL: &str = "workbook.wasm";

thread_local! {
    /// The compiled bundle and the imports it is instantiated with.
    static MODULE: RefCell<Option<(WebAssembly::Module, Object)>> = const { RefCell::new(None) };
}

/// Lets the import read workbooks through the bundle.
pub fn install() {
    set_workbook_reader(read);
}

fn read(bytes: &[u8], sheet: Option<&str>) -> Result<SheetCells, ImportError> {
    let answer = run(bytes, sheet.unwrap_or("")).map_err(|detail| {
        ImportError::UnreadableSheet { detail: format!("the workbook reader failed: {detail}") }
    })?;
    serde_json::from_slice::<Result<SheetCells, ImportError>>(&answer).unwrap_or_else(|e| {
        Err(ImportError::UnreadableSheet { detail: format!("the workbook reader's answer: {e}") })
    })
}

/// The bundle's only import is wasm-bindgen's externref table initialiser, which runs only
/// from `__wbindgen_start` (never called): every function import gets a no-op
/// (scripts/build-workbook.sh fails the build if there is any other import).
fn imports(module: &WebAssembly::Module) -> Result<Object, JsValue> {
    let noop = Closure::<dyn Fn()>::new(|| {});
    let imports = Object::new();
    for import in WebAssembly::Module::imports(module).iter() {
        let field = |k: &str| Reflect::get(&import, &JsValue::from_str(k));
        let (from, name) = (field("module")?, field("name")?);
        if field("kind")?.as_string().as_deref() != Some("function") {
            continue;
        }
        let table = match Reflect::get(&imports, &from)? {
            t if t.is_object() => t,
            _ => {
                let t: JsValue = Object::new().into();
                Reflect::set(&imports, &from, &t)?;
                t
            }
        };
        Reflect::set(&table, &name, noop.as_ref())?;
    }
    noop.forget(); // one small function for the worker's lifetime (the module is cached)
    Ok(imports)
}

fn module() -> Result<(WebAssembly::Module, Object), String> {
    if let Some(m) = MODULE.with(|m| m.borrow().clone()) {
        return Ok(m);
    }
    let xhr = XmlHttpRequest::new().map_err(js_text)?;
    xhr.open_with_async("GET", URL, false).map_err(js_text)?;
    xhr.set_response_type(XmlHttpRequestResponseType::Arraybuffer);
    xhr.send().map_err(|e| format!("{URL} could not be loaded: {}", js_text(e)))?;
    let status = xhr.status().map_err(js_text)?;
    if status != 200 {
        return Err(format!("{URL} could not be loaded (HTTP {status})"));
    }
    let buffer = xhr.response().map_err(js_text)?;
    let module = WebAssembly::Module::new(&buffer).map_err(js_text)?;
    let imports = imports(&module).map_err(js_text)?;
    MODULE.with(|m| *m.borrow_mut() = Some((module.clone(), imports.clone())));
    Ok((module, imports))
}

/// The bundle's answer (JSON) for `bytes` and `sheet` ("" = the first with data).
fn run(bytes: &[u8], sheet: &str) -> Result<Vec<u8>, String> {
    let (module, imports) = module()?;
    let instance = WebAssembly::Instance::new(&module, &imports).map_err(js_text)?;
    let bundle = RawBundle::new(&instance)?;
    bundle.put("workbook_input", bytes)?;
    bundle.put("workbook_sheet", sheet.as_bytes())?;
    bundle.ask("workbook_read", "workbook_answer")
}
