//! Remembered settings in first-party `localStorage`; a browser that refuses storage
//! (private mode, disabled) simply remembers nothing.

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
