//! The app's side of `extras.wasm` (src/bin/extras.rs): the SQL generator and the quick
//! calculators' arithmetic, fetched from beside the app the first time "Show as SQL" or a
//! quick calculator is opened, instantiated once and then called synchronously. Offline the
//! service worker answers from its precache, which lists the file.

use std::cell::RefCell;

use js_sys::{Object, Promise, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::Lang;
use crate::quick::answer::Answer;
use crate::raw_bundle::js::{js_text, RawBundle};
use crate::sql::SqlRequest;

/// Relative to the page, i.e. the app's directory.
const URL: &str = "extras.wasm";

thread_local! {
    /// The loading bundle (shared by everyone who asks before it is there).
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// The bundle, once instantiated.
    static BUNDLE: RefCell<Option<RawBundle>> = const { RefCell::new(None) };
}

/// Fetch and instantiation of the bundle, as one promise of `{module, instance}`.
fn start() -> Result<Promise, String> {
    let window = web_sys::window().ok_or("no window")?;
    let fetched = window.fetch_with_str(URL);
    let bytes = async move {
        let response: web_sys::Response = JsFuture::from(fetched).await?.dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from_str(&format!(
                "{URL} could not be loaded (HTTP {})",
                response.status()
            )));
        }
        let buffer = JsFuture::from(response.array_buffer()?).await?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        JsFuture::from(WebAssembly::instantiate_buffer(&bytes, &Object::new())).await
    };
    Ok(wasm_bindgen_futures::future_to_promise(bytes))
}

/// Loads the bundle once; later calls return at once. `Err` says why it could not be
/// loaded (then the next call tries again).
pub async fn load() -> Result<(), String> {
    if BUNDLE.with(|b| b.borrow().is_some()) {
        return Ok(());
    }
    let promise = LOADING.with(|l| -> Result<Promise, String> {
        let mut l = l.borrow_mut();
        if let Some(p) = l.as_ref() {
            return Ok(p.clone());
        }
        let p = start()?;
        *l = Some(p.clone());
        Ok(p)
    })?;
    let loaded = JsFuture::from(promise).await;
    LOADING.with(|l| *l.borrow_mut() = None);
    let result = loaded.map_err(js_text)?;
    let instance: WebAssembly::Instance = Reflect::get(&result, &JsValue::from_str("instance"))
        .map_err(js_text)?
        .dyn_into()
        .map_err(|_| format!("{URL}: no instance"))?;
    let bundle = RawBundle::new(&instance)?;
    BUNDLE.with(|b| *b.borrow_mut() = Some(bundle));
    Ok(())
}

/// The bundle's answer (bytes) to `question`, asked through `function`.
fn ask(function: &str, question: &[u8]) -> Result<Vec<u8>, String> {
    BUNDLE.with(|b| {
        let b = b.borrow();
        let bundle = b.as_ref().ok_or_else(|| format!("{URL} is not loaded yet"))?;
        bundle.put("extras_input", question)?;
        bundle.ask(function, "extras_answer")
    })
}

/// The script "Show as SQL" shows for `req`: `kpi sql`'s output, or why there is none as
/// an SQL comment. Needs [`load`] first.
pub fn sql(req: &SqlRequest, lang: Lang) -> Result<String, String> {
    let question = serde_json::to_vec(&(lang, req)).map_err(|e| e.to_string())?;
    let answer = ask("extras_sql", &question)?;
    String::from_utf8(answer).map_err(|e| e.to_string())
}

/// What the quick calculator of `link` (`#/calc/nps?promoters=40`) says in `lang`. Needs
/// [`load`] first.
pub fn quick(link: &str, lang: Lang) -> Result<Answer, String> {
    let question = serde_json::to_vec(&(lang, link)).map_err(|e| e.to_string())?;
    let answer = ask("extras_quick", &question)?;
    serde_json::from_slice::<Option<Answer>>(&answer)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{link} is not a calculator"))
}
