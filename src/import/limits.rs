//! Limits that keep a hostile or broken file from taking the page (or `kpi`) down: each is
//! far above what a real export needs, and each has its own message
//! ([`ImportError`](super::ImportError)).

/// One CSV field. The longest real comment fields are a few KiB; a 100 MB cell is not a
/// table.
pub const FIELD_BYTES: usize = 1 << 20;

/// Lines a quoted field may span before the quote counts as never closed.
pub const QUOTED_LINES: usize = 10_000;

/// Fields in one record (Excel's own limit is 16,384 columns).
pub const COLUMNS: usize = 16_384;

/// JSON nesting (serde_json's own recursion limit is 128).
pub const JSON_DEPTH: usize = 64;

/// What a workbook's parts may inflate to in all, whatever the file's size.
pub const WORKBOOK_INFLATED_BYTES: u64 = 512 << 20;

/// Inflated size per byte of the file above which a workbook counts as a zip bomb, once it
/// inflates past [`WORKBOOK_RATIO_FLOOR`]. Real sheets compress 5–20 times; repetitive ones
/// up to ~60.
pub const WORKBOOK_RATIO: u64 = 100;

/// Below this inflated size the ratio is not checked (a tiny file of one repeated row).
pub const WORKBOOK_RATIO_FLOOR: u64 = 64 << 20;
