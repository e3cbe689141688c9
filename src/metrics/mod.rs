//! The metric core: one function per metric of `metrics.md`, from a typed dataset to a
//! result struct that carries its inputs, `n`, and `None` where the metric is undefined.
//!
//! `report` turns any dataset into the JSON/text report of `kpi` and of the app's exports.

pub mod funnel;
pub mod health;
pub mod orders;
pub mod period;
pub mod report;
pub mod stats;
pub mod subscriptions;
pub mod survey;
pub mod text;
pub mod tickets;
pub mod usage;

pub use period::PeriodKind;
pub use report::{report, MetricOptions, PeriodReport, Report, ReportOptions};
