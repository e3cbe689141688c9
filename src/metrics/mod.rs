//! The metric core: one function per metric of `metrics.md`, from a typed dataset to a
//! result struct that carries its inputs, `n`, and `None` where the metric is undefined.
//!
//! `report` turns any dataset into the JSON/text report of `kpi` and of the app's exports.

pub mod accumulate;
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

/// The report moved one layer up, to `crate::report`; these names stay for code written
/// against the old paths (nothing inside `metrics` uses them).
pub use crate::report::{report, PeriodReport, Report, ReportOptions};
/// The old path of the report module (see above).
pub mod report {
    pub use crate::metrics::options::{
        Direction, HealthBands, HealthScaling, HealthSignal, MetricOptions, NetChurnPreset,
    };
    pub use crate::report::*;
}
