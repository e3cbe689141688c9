//! The charts' parts without browser types: texts, colours, data shaping. The app's chart
//! components (`src/app/charts/`) draw what these return.

pub mod color;
pub mod picture;
pub mod shape;
pub mod texts;
