//! Presentation without browser types: what each key means in words ([`catalogue`]), how a
//! value is written (units, axes), the series and sentences of the charts and their colours
//! ([`charts`]). Reads the report through [`crate::report::MetricKey`]; the Leptos app and
//! `kpi` only put what comes out of here on screen. Tested with plain `cargo test`.

pub mod card;
pub mod catalogue;
pub mod charts;
pub mod comments;
pub mod coverage;
pub mod headline;
pub mod import_review;
pub mod inputs;
pub mod segments;
