//! Data import: bytes of any spreadsheet export → one typed [`Dataset`] with row-level
//! errors and a report of every decision taken.
//!
//! Pipeline (one path for every format):
//!
//! 1. [`decode`]: encoding from BOM / UTF-8 validity (else Windows-1252).
//! 2. A record source: [`csv`] (streaming tokenizer, separator detected from the first
//!    64 KiB), [`sheet`] (xlsx/ods via calamine) or [`json`] (array or NDJSON).
//! 3. [`detect`]: from the header and a sample of rows ([`CSV_SAMPLE_ROWS`] for CSV
//!    and JSON, all rows for sheets) — tool shape, kind, column mapping ([`headers`]), number
//!    convention and date order per column ([`value`]), and the questions left open.
//! 4. [`build`]: every record → typed row or a [`Rejected`](crate::dataset::Rejected)
//!    entry with line, column and reason.
//!
//! Nothing here panics on input: every failure is an [`ImportError`] (whole file) or a
//! rejected row.
//!
//! Conventions:
//! - Line numbers: the 1-based physical line a CSV record starts on (header = line 1), the
//!   sheet row for workbooks, the array index + 1 for JSON, the line for NDJSON.
//! - A row is used whole or rejected whole; the rejection names the column by its header
//!   as written. A row with more non-empty fields than the header is rejected (values have
//!   shifted); shorter rows are read with the missing trailing fields empty.
//! - Dates keep the wall-clock time as exported; a UTC offset is dropped (the catalogue
//!   counts in the timezone-free date of the row).
//! - Money: major units, except Stripe API field names (`plan.amount`, `unit_amount`) and
//!   headers saying "cents", which are divided by 100 ([`ImportOptions::amounts_in_cents`]
//!   overrides). The Stripe dashboard's `Amount` and Chargebee's CSV prices are major units.
//! - Subscriptions: the end is `Ended At`/end; `Canceled At` only when the status says the
//!   subscription has ended (or there is no status column) — Stripe sets it already for
//!   "cancel at period end". Without an interval column amounts are monthly.
//! - Ambiguity (`1,234`; `03/05/2024` with every part ≤ 12) is never settled silently: the
//!   most plausible reading (German with `;`, Windows-1252 or German headers, else English)
//!   is used and reported as a [`Question`].

pub mod build;
mod columns;
mod conventions;
pub mod csv;
pub mod decode;
pub mod detect;
mod error;
pub mod headers;
pub mod json;
pub mod limits;
mod matching;
mod names;
pub(crate) mod parallel;
#[cfg(test)]
mod proptests;
mod report;
pub mod sheet;
mod stream;
#[cfg(test)]
mod tests;
pub mod value;

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, DatasetKind};

pub use decode::TextEncoding;
pub use error::ImportError;
pub use headers::{kind_fields, Field, KindFields};
pub use report::{
    ColumnReport, Format, ImportReport, MatchReason, Question, QuestionKind, SourceRead, TableRead,
};
pub use stream::CsvImporter;
pub(crate) use stream::RecordSink;
pub(crate) use stream::Resume;
pub use value::{DateOrder, NumberConvention};

/// Data rows of a CSV file read before header, kind and conventions are decided. Values
/// after them that contradict the decision are rejected, not reinterpreted.
pub const CSV_SAMPLE_ROWS: usize = 10_000;

/// Bytes looked at to decide encoding and separator.
const SNIFF_BYTES: usize = 64 * 1024;

/// Chunk size used by [`import`] to feed CSV through [`CsvImporter`]. Small enough that a
/// chunk's rows (~3,000 survey answers) stay in the core's cache while they are built,
/// counted and dropped; large enough that the per-chunk work is nothing beside theirs.
const CHUNK: usize = 64 << 10;

/// The user's choices; everything left at its default is detected. Serialisable, so the
/// app can keep it and `kpi` can read it from a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Force the dataset kind instead of guessing it.
    pub kind: Option<DatasetKind>,
    /// Mapping overrides: a field to a column index, or `None` to leave it unmapped.
    pub mapping: Vec<(Field, Option<usize>)>,
    /// Answers to number-convention questions, per column index.
    pub number_conventions: Vec<(usize, NumberConvention)>,
    /// Answers to day/month-order questions, per column index.
    pub date_orders: Vec<(usize, DateOrder)>,
    /// Sheet of a workbook to read (default: the first).
    pub sheet: Option<String>,
    /// Money columns are in minor units (cents). `None`: decided from the headers (Stripe
    /// API field names such as `plan.amount` are in cents, dashboard exports are not).
    pub amounts_in_cents: Option<bool>,
    /// Mapping overrides by header as written (`kpi --column amount=total_price`); an
    /// empty header leaves the field unmapped. A header the file lacks is an error
    /// ([`ImportError::UnknownColumn`]) that lists the file's headers.
    pub columns: Vec<(Field, String)>,
    /// The text encoding, instead of detecting it.
    pub encoding: Option<TextEncoding>,
    /// The CSV separator (`,` `;` tab `|` or any other one character), instead of
    /// detecting it.
    pub delimiter: Option<char>,
    /// `"` is an ordinary character, not CSV quoting (the answer to an unclosed quote).
    pub literal_quotes: bool,
}

/// The imported dataset and how it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub dataset: Dataset,
    pub report: ImportReport,
}

/// Imports a whole file (or pasted text). `file_name` only helps to tell formats apart
/// (`.json`/`.ndjson`); the content decides.
pub fn import(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_whole(bytes, file_name, options, None)
}

/// [`import`]; JSON hands its rows to `on_rows` as they are built when it is given.
fn import_whole(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &ImportOptions,
    on_rows: Option<&mut dyn FnMut(Dataset)>,
) -> Result<Imported, ImportError> {
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    // The content decides: a CSV renamed to .xlsx is still read as CSV.
    if sheet::is_workbook(bytes) {
        return sheet::import_workbook(bytes, options);
    }
    let encoding = decode::sniff(bytes, true);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) || stream::is_only_bom(bytes) {
        return Err(ImportError::Empty);
    }
    if decode::looks_binary(bytes, encoding) {
        return Err(ImportError::Binary);
    }
    if json::looks_like_json(bytes, encoding) || matches!(ext.as_str(), "json" | "ndjson" | "jsonl")
    {
        if let Some(result) = json::import_json_with(bytes, encoding, options, on_rows) {
            return result;
        }
    }
    let mut importer = CsvImporter::with_encoding(options.clone(), encoding);
    for chunk in bytes.chunks(CHUNK) {
        importer.push(chunk);
    }
    importer.finish()
}

/// Imports from a reader (a file in `kpi`), CSV without holding the file in memory: the
/// first 64 KiB decide the format and encoding, the rest streams through [`CsvImporter`].
/// Workbooks and JSON are read into memory; JSON's records are then read one at a time.
pub fn import_reader<R: Read>(
    reader: R,
    file_name: Option<&str>,
    options: &ImportOptions,
) -> std::io::Result<Result<Imported, ImportError>> {
    let mut kept: Vec<Dataset> = Vec::new();
    let result = import_reader_with(reader, file_name, options, &mut |rows| kept.push(rows))?;
    Ok(result.map(|mut imported| {
        let mut parts = kept.into_iter();
        if let Some(mut whole) = parts.next() {
            // chunks of one import are all of its kind: append cannot fail
            for part in parts.chain(std::iter::once(imported.dataset)) {
                let _ = whole.append(part);
            }
            imported.dataset = whole;
        }
        imported
    }))
}

/// [`import_reader`] that hands the rows to `on_rows` as they are built (a chunk after each
/// MiB of CSV read), for a caller that aggregates them instead of keeping them. The
/// dataset returned holds the rows not yet handed over (all of them for workbooks), every segment column's values, the rejections and the
/// headers; see [`build::Builder::take`].
pub fn import_reader_with<R: Read>(
    mut reader: R,
    file_name: Option<&str>,
    options: &ImportOptions,
    on_rows: &mut dyn FnMut(Dataset),
) -> std::io::Result<Result<Imported, ImportError>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader).take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let encoding = decode::sniff(&head, head.len() < SNIFF_BYTES);
    let whole = sheet::is_workbook(&head)
        || json::looks_like_json(&head, encoding)
        || matches!(ext.as_str(), "xlsx" | "xlsm" | "ods" | "xls" | "json" | "ndjson" | "jsonl");
    if whole || head.len() < SNIFF_BYTES {
        reader.read_to_end(&mut head)?;
        return Ok(import_whole(&head, file_name, options, Some(on_rows)));
    }
    if decode::looks_binary(&head, encoding) {
        return Ok(Err(ImportError::Binary));
    }
    let mut importer = CsvImporter::new(options.clone());
    importer.push(&head);
    drop(head);
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        importer.push(buf.get(..n).unwrap_or(&[]));
        if importer.failed() {
            break; // a 100 MB cell or an unclosed quote: nothing after it is read
        }
        if let Some(rows) = importer.take_rows() {
            on_rows(rows);
        }
    }
    Ok(importer.finish())
}

/// Rows rejected in a dataset, over all kinds.
pub fn rejected_count(d: &Dataset) -> usize {
    use crate::dataset::Subscriptions;
    match d {
        Dataset::Survey(t) => t.rejected.len(),
        Dataset::Subscriptions(Subscriptions::Snapshots(t)) => t.rejected.len(),
        Dataset::Subscriptions(Subscriptions::Rows(t)) => t.rejected.len(),
        Dataset::Orders(t) => t.rejected.len(),
        Dataset::Tickets(t) => t.rejected.len(),
        Dataset::Usage(t) => t.rejected.len(),
        Dataset::Funnel(t) => t.rejected.len(),
        Dataset::Health(h) => h.table.rejected.len(),
    }
}
