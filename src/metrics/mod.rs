//! The metric core: one function per metric of `metrics.md`, from a typed dataset to a
//! result struct that carries its inputs, `n`, and `None` where the metric is undefined.

pub mod survey;
