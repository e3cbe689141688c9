//! Embeddable NPS / CES / CSAT survey widget.
//!
//! The host page loads only `widget.js` (src/widget/loader.js): it reads the options,
//! arms the trigger and imports the wasm when the survey is about to show. The loader then
//! calls the exports of src/bin/widget.rs, which forward to [`boot`], [`start`], [`hide`]
//! and [`set_attributes`] here.
//!
//! Pure modules, compiled on every target and tested with plain `cargo test`:
//! [`options`] (names, choices, defaults: shared with the app's widget page and the
//! loader), [`config`] (attributes → options), [`texts`] (de/en), [`policy`] (revision
//! keys, retry, outbox limits), [`recipes`] (receivers and their options, for the app),
//! [`embed`] (the app page's option fields and snippet),
//! [`num`] (string helpers).
//! Browser modules (feature `widget`, plain web-sys): [`lifecycle`] (show, answer, close),
//! [`keyboard`], [`events`], [`render`] (shadow DOM), [`delivery`] (payload, outbox,
//! fetch), [`throttle`] (snooze, sampling), [`store`] (localStorage, randomness).

pub mod config;
pub mod embed;
pub mod num;
pub mod options;
pub mod policy;
pub mod recipes;
pub mod texts;

#[cfg(feature = "widget")]
pub mod alloc;
#[cfg(feature = "widget")]
pub mod delivery;
#[cfg(feature = "widget")]
pub mod events;
#[cfg(feature = "widget")]
mod keyboard;
#[cfg(feature = "widget")]
mod lifecycle;
#[cfg(feature = "widget")]
pub mod render;
#[cfg(feature = "widget")]
pub mod store;
#[cfg(feature = "widget")]
pub mod throttle;

#[cfg(feature = "widget")]
pub use events::pairs;
#[cfg(feature = "widget")]
pub use lifecycle::{boot, hide, set_attributes, start};
