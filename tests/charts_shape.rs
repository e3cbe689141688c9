//! Native tests of the charts' pure parts (`src/app/charts/pure`), which live in the `app`
//! module and would otherwise only compile with the browser feature. The module refers to
//! `crate::i18n`, `crate::metrics` and `crate::dataset`; these aliases provide them here.

mod i18n {
    pub use kundenkpi::i18n::*;
}
mod metrics {
    pub use kundenkpi::metrics::*;
}
#[allow(unused_imports)]
mod dataset {
    pub use kundenkpi::dataset::*;
}

#[allow(dead_code)]
#[path = "../src/app/charts/pure/mod.rs"]
mod pure;
