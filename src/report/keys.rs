//! The builder of a report's key map: every value a metric key holds passes through here,
//! so non-finite numbers become `null` in one place.

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::dataset::Money;

use super::key::MetricKey;

/// Builds a JSON map of metric keys; non-finite numbers become `null`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Keys(pub Map<String, Value>);

impl Keys {
    pub fn new() -> Self {
        Keys(Map::new())
    }
    pub fn num(&mut self, key: MetricKey, v: Option<f64>) -> &mut Self {
        self.0.insert(key.as_str().into(), num(v));
        self
    }
    pub fn int(&mut self, key: MetricKey, v: usize) -> &mut Self {
        self.0.insert(key.as_str().into(), Value::from(v as u64));
        self
    }
    pub fn money(&mut self, key: MetricKey, v: Option<Money>) -> &mut Self {
        self.0.insert(key.as_str().into(), money(v));
        self
    }
    pub fn bool(&mut self, key: MetricKey, v: Option<bool>) -> &mut Self {
        self.0.insert(key.as_str().into(), v.map_or(Value::Null, Value::Bool));
        self
    }
    pub fn val(&mut self, key: MetricKey, v: Value) -> &mut Self {
        self.0.insert(key.as_str().into(), v);
        self
    }
    pub fn json<T: Serialize>(&mut self, key: MetricKey, v: &T) -> &mut Self {
        self.0.insert(key.as_str().into(), serde_json::to_value(v).unwrap_or(Value::Null));
        self
    }
    pub fn done(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.0)
    }
}

/// A float as JSON, `null` when undefined or not finite.
pub(crate) fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => Value::from(x),
        _ => Value::Null,
    }
}

/// Money as a JSON number (converted from the exact decimal only here).
pub(crate) fn money(v: Option<Money>) -> Value {
    num(v.and_then(|m| m.to_f64()))
}
