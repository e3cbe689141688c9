//! What most users never open, as a wasm of its own (`extras.wasm`, built by
//! scripts/build-extras.sh): the SQL generator behind "Show as SQL" and the quick
//! calculators' arithmetic. The app fetches it the first time either is opened
//! (src/app/extras.rs), so its first download carries neither.
//!
//! No wasm-bindgen and no imports (`kundenkpi::raw_bundle`): the app talks to it through
//! four exported functions and the exported memory.
//! 1. `extras_input(len)` reserves a buffer and returns its address; the app copies the
//!    question (UTF-8 JSON) into it.
//! 2. `extras_sql()` answers `[lang, SqlRequest]` with the script (or the reason there is
//!    none, as an SQL comment: what the panel shows); `extras_quick()` answers
//!    `[lang, calculator link]` with `kundenkpi::quick::answer::Answer` as JSON. Each
//!    returns the length of the answer.
//! 3. `extras_answer()` returns the answer's address.

use std::cell::RefCell;

use kundenkpi::i18n::Lang;
use kundenkpi::quick::answer::answer;
use kundenkpi::raw_bundle::BufferExt;
use kundenkpi::sql::{generate, SqlRequest};

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[no_mangle]
pub extern "C" fn extras_input(len: usize) -> *mut u8 {
    INPUT.reserve(len)
}

/// Runs `f` on the question in the input buffer and keeps its answer; the answer's length.
fn respond(f: impl FnOnce(&[u8]) -> Vec<u8>) -> usize {
    let answer = f(&INPUT.take());
    ANSWER.keep(answer)
}

/// The script for the request, or why there is none, as an SQL comment.
fn sql(question: &[u8]) -> String {
    match serde_json::from_slice::<(Lang, SqlRequest)>(question) {
        Ok((lang, req)) => generate(&req).unwrap_or_else(|e| format!("-- {}", e.message(lang))),
        Err(e) => format!("-- the request could not be read: {e}"),
    }
}

#[no_mangle]
pub extern "C" fn extras_sql() -> usize {
    respond(|q| sql(q).into_bytes())
}

/// The calculator's answer as JSON; `null` when the question or the link cannot be read.
fn quick(question: &[u8]) -> Vec<u8> {
    let answered = serde_json::from_slice::<(Lang, String)>(question)
        .ok()
        .and_then(|(lang, fragment)| answer(&fragment, lang));
    serde_json::to_vec(&answered).unwrap_or_else(|_| b"null".to_vec())
}

#[no_mangle]
pub extern "C" fn extras_quick() -> usize {
    respond(quick)
}

#[no_mangle]
pub extern "C" fn extras_answer() -> *const u8 {
    ANSWER.address()
}

/// Nothing to do at start: the app calls the functions above.
fn main() {}
