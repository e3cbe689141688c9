//! First-party localStorage under the `nps-survey:` prefix, and browser randomness.
//! Every access is fallible (storage disabled, quota, privacy mode) and then a no-op.

const P: &str = "nps-survey:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[inline(never)]
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(&super::num::cat(&[P, key])).ok()?
}

#[inline(never)]
pub fn set(key: &str, value: &str) -> bool {
    storage().map(|s| s.set_item(&super::num::cat(&[P, key]), value).is_ok()).unwrap_or(false)
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&super::num::cat(&[P, key]));
    }
}

/// 16 random bytes from crypto.getRandomValues (every browser that runs wasm has it;
/// should it fail, the time makes the id unique enough).
pub fn random16() -> [u8; 16] {
    let mut b = [0u8; 16];
    let ok = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut b).is_ok())
        .unwrap_or(false);
    if !ok {
        b[..8].copy_from_slice(&(js_sys::Date::now() as u64).to_le_bytes());
    }
    b
}

/// A random RFC 4122 version-4 UUID.
pub fn uuid() -> String {
    super::policy::uuid_from(random16())
}

/// The visitor id, created once.
pub fn visitor_id() -> String {
    if let Some(v) = get("vid").filter(|v| !v.is_empty()) {
        return v;
    }
    let v = uuid();
    set("vid", &v);
    v
}
