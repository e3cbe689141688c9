#![no_main]
//! The survey widget's wasm entry: thin exports over `kundenkpi::widget`, called by the
//! loader (src/widget/loader.js). Exports must live in the binary crate to be kept.
use kundenkpi::widget;
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOC: widget::alloc::Alloc = widget::alloc::Alloc::new();

#[wasm_bindgen]
pub fn boot(attrs: JsValue) {
    widget::boot(attrs)
}

#[wasm_bindgen]
pub fn start(cfg: JsValue, host: JsValue, force: bool) -> bool {
    widget::start(cfg, host, force)
}

#[wasm_bindgen]
pub fn hide() {
    widget::hide()
}

#[wasm_bindgen]
pub fn set_attributes(attrs: JsValue) {
    widget::set_attributes(attrs)
}
