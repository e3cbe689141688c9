//! The metric core: one function per metric of `metrics.md`, from a typed dataset to a
//! result struct that carries its inputs, `n`, and `None` where the metric is undefined.
//!
//! `crate::report`, one layer up, turns their results into the JSON/text report of `kpi` and
//! of the app's exports; nothing here imports it.

pub mod accumulate;
pub mod comments;
pub mod funnel;
pub mod health;
pub mod money;
pub mod options;
pub mod orders;
pub mod period;
pub mod stats;
pub mod subscriptions;
pub mod survey;
pub mod text;
pub mod tickets;
pub mod usage;

pub use options::{
    Direction, HealthBands, HealthScaling, HealthSignal, MetricOptions, NetChurnPreset,
};
pub use period::PeriodKind;
