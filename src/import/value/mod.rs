//! Cell values: numbers in both decimal conventions, dates in the usual written forms,
//! booleans, billing intervals and survey types, in English and German.
//!
//! Parsing never guesses between conventions: the caller passes the convention (number) or
//! order (date) decided for the whole column, and a value that only makes sense under the
//! other one is rejected. `classify_*` give the per-value evidence the column decision is
//! made from.

mod date;
mod number;
#[cfg(test)]
mod tests;
mod token;

pub use date::*;
pub use number::*;
pub use token::*;
