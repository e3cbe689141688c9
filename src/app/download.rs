//! Saving a file the app made (exports, chart images): the one download helper.

use gloo_file::{Blob, ObjectUrl};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;

/// How long an object URL outlives the click that saves it. The browser starts the download
/// after `click()` returns; revoking the URL at once can cancel it.
const KEEP_URL_MS: u32 = 60_000;

/// Saves `contents` as `file_name` through a temporary object URL.
pub fn download(file_name: &str, mime: &str, contents: &str) {
    let url = ObjectUrl::from(Blob::new_with_options(contents, Some(mime)));
    download_url(file_name, &url);
    // the URL is revoked when dropped, once the download has long started
    Timeout::new(KEEP_URL_MS, move || drop(url)).forget();
}

/// Saves bytes (a workbook) the same way.
pub fn download_bytes(file_name: &str, mime: &str, contents: &[u8]) {
    let url = ObjectUrl::from(Blob::new_with_options(contents, Some(mime)));
    download_url(file_name, &url);
    Timeout::new(KEEP_URL_MS, move || drop(url)).forget();
}

/// Saves what `url` points at (an object URL or a data: URL) through a hidden link.
pub fn download_url(file_name: &str, url: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(a) =
        doc.create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(url);
    a.set_download(file_name);
    let _ = a.set_attribute("hidden", "");
    // Firefox follows only links that are in the document
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}
