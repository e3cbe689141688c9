//! Customer-success KPIs: data import and metric core (plain Rust, no browser types),
//! plus the calculator app and the survey widget behind their cargo features.
//!
//! Data flows one way: bytes → [`import`] (parsed table → typed [`dataset`]) →
//! [`metrics`] (result structs) → [`report`] (the JSON contract) → [`presentation`] (words,
//! number formats, chart series) → view (`app`, `kpi`). See ARCHITECTURE.md.

pub mod analysis;
#[cfg(feature = "cli")]
pub mod cli;
pub mod dataset;
pub mod export;
pub mod i18n;
pub mod import;
pub mod metrics;
pub mod parallel;
pub mod presentation;
pub mod quick;
pub mod raw_bundle;
pub mod report;
pub mod sql;
pub mod worker_protocol;

#[cfg(feature = "app")]
pub mod app;
pub mod widget;
