//! Customer-success KPIs: data import and metric core (plain Rust, no browser types),
//! plus the calculator app and the survey widget behind their cargo features.
//!
//! Data flows one way: bytes → [`import`] (parsed table → typed [`dataset`]) →
//! [`metrics`] (result structs) → view (`app`, `kpi`).

pub mod analysis;
pub mod catalogue;
pub mod dataset;
pub mod export;
pub mod i18n;
pub mod import;
pub mod metrics;
pub mod sql;

#[cfg(feature = "app")]
pub mod app;
#[cfg(feature = "widget")]
pub mod widget;
