//! Money in serialised result structs.

/// Money in serialised result structs: a JSON number (the exact decimal converted only
/// here), like the money keys of the report.
pub mod money_json {
    use rust_decimal::prelude::ToPrimitive;
    use serde::Serializer;

    use crate::dataset::Money;

    pub fn ser<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
        match m.to_f64() {
            Some(f) if f.is_finite() => s.serialize_f64(f),
            _ => s.serialize_none(),
        }
    }

    pub fn opt<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
        match m {
            Some(m) => ser(m, s),
            None => s.serialize_none(),
        }
    }
}
