//! The parts of the charts without browser types: texts, colours, data shaping. Also
//! compiled natively by `tests/charts_shape.rs`, so `cargo test` covers them without the
//! `app` feature.

pub mod color;
pub mod shape;
pub mod texts;
