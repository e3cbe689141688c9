//! Remembered settings in first-party `localStorage`; a browser that refuses storage
//! (private mode, disabled) simply remembers nothing.
//!
//! Not `gloo-storage`: its `LocalStorage` throws when the browser refuses storage
//! (`raw()` is `expect_throw`), which would end the app where this remembers nothing, and
//! it stores every value as JSON, so the language kept as `kpi.lang = en` (what earlier
//! versions and the tests write) would no longer be read.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

const PREFIX: &str = "kpi.";

pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(&format!("{PREFIX}{key}")).ok()?
}

pub fn set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(&format!("{PREFIX}{key}"), value);
    }
}
