//! The protocol's messages as JS values (browser builds: the app and the worker).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// The input as the page holds it, carried as the JS object itself (`serde-wasm-bindgen`'s
/// `preserve`): a `Blob` (a dropped `File` as it is; a structured clone of a Blob is a
/// reference to the same data, not a copy) or `bytes`, an `ArrayBuffer` or `Uint8Array`
/// (e.g. transferred). Kept as `JsValue`s so that a request with an input of the wrong type
/// still reaches the worker with its id, and gets an answer saying so.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Carried {
    Blob(#[serde(with = "serde_wasm_bindgen::preserve")] JsValue),
    Bytes(#[serde(with = "serde_wasm_bindgen::preserve")] JsValue),
}

/// A message as a plain JS object (maps as objects, `None` as `null`).
pub fn to_js<T: Serialize>(message: &T) -> Result<JsValue, String> {
    message.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| e.to_string())
}

/// A message from the JS object posted.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}
