//! Data import: bytes of any spreadsheet export → one typed [`Dataset`] with row-level
//! errors and a report of every decision taken.
//!
//! Pipeline (one path for every format):
//!
//! 1. [`decode`]: encoding from BOM / UTF-8 validity (else Windows-1252).
//! 2. A record source: [`csv`] (streaming tokenizer, separator detected from the first
//!    64 KiB), [`sheet`] (xlsx/ods via calamine) or [`json`] (array or NDJSON).
//! 3. [`detect`]: from the header and a sample of rows ([`CSV_SAMPLE_ROWS`] for CSV, all
//!    rows for sheets and JSON) — tool shape, kind, column mapping ([`headers`]), number
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
pub mod csv;
pub mod decode;
pub mod detect;
pub mod headers;
pub mod json;
#[cfg(test)]
mod proptests;
pub mod sheet;
pub mod value;

use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, DatasetKind};
use crate::i18n::Lang;

pub use decode::TextEncoding;
pub use headers::{kind_fields, Field, KindFields};
pub use value::{DateOrder, NumberConvention};

use build::Builder;
use csv::{Record, Tokenizer};
use decode::StreamDecoder;
use detect::Plan;

/// Data rows of a CSV file read before header, kind and conventions are decided. Values
/// after them that contradict the decision are rejected, not reinterpreted.
pub const CSV_SAMPLE_ROWS: usize = 10_000;

/// Bytes looked at to decide encoding and separator.
const SNIFF_BYTES: usize = 64 * 1024;

/// Chunk size used by [`import`] to feed CSV through [`CsvImporter`].
const CHUNK: usize = 1 << 20;

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
}

/// The imported dataset and how it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub dataset: Dataset,
    pub report: ImportReport,
}

/// The container format recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Csv,
    /// A single column of numbers without header, read as survey scores.
    BareNumbers,
    Xlsx,
    Ods,
    Json,
    Ndjson,
}

/// What a question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// `1,234`: thousands separator or decimal comma?
    NumberConvention,
    /// `03/05/2024`: day first or month first?
    DateOrder,
}

/// An ambiguity the user should settle. The import already used `chosen`; answering means
/// importing again with the answer in [`ImportOptions`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub column: usize,
    pub header: String,
    pub about: QuestionKind,
    /// A few values of the column that could be read either way.
    pub examples: Vec<String>,
    /// The possible answers (`decimal_point`/`decimal_comma`, `day_month`/`month_day`).
    pub choices: Vec<String>,
    pub chosen: String,
}

impl Question {
    pub fn message(&self, lang: Lang) -> String {
        let ex = self.examples.join(", ");
        match (self.about, lang) {
            (QuestionKind::NumberConvention, Lang::En) => format!(
                "Column “{}”: is “{ex}” written with a thousands separator (1,234 = one thousand …) or a decimal comma (1,234 = one point …)?",
                self.header
            ),
            (QuestionKind::NumberConvention, Lang::De) => format!(
                "Spalte „{}“: Ist „{ex}“ mit Tausendertrennzeichen (1.234 = eintausend …) oder mit Dezimalkomma geschrieben?",
                self.header
            ),
            (QuestionKind::DateOrder, Lang::En) => format!(
                "Column “{}”: is “{ex}” day/month/year or month/day/year?",
                self.header
            ),
            (QuestionKind::DateOrder, Lang::De) => format!(
                "Spalte „{}“: Ist „{ex}“ Tag/Monat/Jahr oder Monat/Tag/Jahr?",
                self.header
            ),
        }
    }
}

/// One column of the source and what became of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub index: usize,
    pub header: String,
    /// The field it is mapped to; `None` = a segment (or a health signal).
    pub field: Option<Field>,
    /// Health datasets: the column is one of the numeric signals.
    pub signal: bool,
    /// Not mapped: available to split every metric.
    pub segment: bool,
    pub number_convention: Option<NumberConvention>,
    pub date_order: Option<DateOrder>,
}

/// How the file was read: every decision, and the questions left to the user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub format: Format,
    pub encoding: Option<TextEncoding>,
    /// The separator, for CSV (`","`, `";"`, `"\t"`, `"|"`).
    pub delimiter: Option<String>,
    /// Sheets of a workbook, and the one read.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// A known export shape (`stripe`, `chargebee`, `delighted`, `typeform`,
    /// `surveymonkey`, `google_forms`).
    pub tool: Option<String>,
    pub kind: DatasetKind,
    /// The kind was guessed from the columns (not given in the options).
    pub kind_guessed: bool,
    /// Subscriptions: `rows` (start/end/amount/interval) or `snapshots` (month/mrr).
    pub shape: Option<String>,
    /// Money was divided by 100 (amounts given in cents).
    pub amounts_in_cents: bool,
    pub columns: Vec<ColumnReport>,
    pub questions: Vec<Question>,
    /// Data rows rows read (header and blank lines not counted) and rejected.
    pub rows_read: usize,
    pub rows_rejected: usize,
    /// Rows the decisions were taken from.
    pub rows_sampled: usize,
    /// Some bytes were not valid in the detected encoding and became U+FFFD (the encoding
    /// is decided from the first 64 KiB when streaming).
    pub malformed_text: bool,
}

/// A file that cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportError {
    Empty,
    HeaderOnly,
    Binary,
    /// No dataset kind fits these columns.
    NoKindFits {
        headers: Vec<String>,
    },
    /// The kind chosen by the user lacks required columns.
    MissingColumns {
        kind: DatasetKind,
        missing: Vec<Field>,
    },
    UnreadableSheet {
        detail: String,
    },
    SheetNotFound {
        name: String,
        sheets: Vec<String>,
    },
    UnreadableJson {
        line: usize,
        detail: String,
    },
}

impl ImportError {
    /// One sentence for the user.
    pub fn message(&self, lang: Lang) -> String {
        use ImportError::*;
        let fields = |f: &[Field]| f.iter().map(|f| f.key()).collect::<Vec<_>>().join(", ");
        match (self, lang) {
            (Empty, Lang::En) => "The file is empty.".into(),
            (Empty, Lang::De) => "Die Datei ist leer.".into(),
            (HeaderOnly, Lang::En) => "The file has a header row but no data rows.".into(),
            (HeaderOnly, Lang::De) => "Die Datei hat eine Kopfzeile, aber keine Datenzeilen.".into(),
            (Binary, Lang::En) => {
                "This is not a table: use CSV, Excel (.xlsx), OpenDocument (.ods) or JSON.".into()
            }
            (Binary, Lang::De) => {
                "Das ist keine Tabelle: bitte CSV, Excel (.xlsx), OpenDocument (.ods) oder JSON verwenden.".into()
            }
            (NoKindFits { headers }, Lang::En) => format!(
                "The columns ({}) fit no known kind of data; name a score, amount, date or customer column, or choose the kind and columns by hand.",
                headers.join(", ")
            ),
            (NoKindFits { headers }, Lang::De) => format!(
                "Die Spalten ({}) passen zu keiner bekannten Datenart; bitte eine Spalte für Bewertung, Betrag, Datum oder Kunde benennen oder Art und Spalten von Hand wählen.",
                headers.join(", ")
            ),
            (MissingColumns { kind, missing }, Lang::En) => format!(
                "For {} data the file needs the columns: {}.",
                kind.as_str(),
                fields(missing)
            ),
            (MissingColumns { kind, missing }, Lang::De) => format!(
                "Für Daten der Art {} fehlen die Spalten: {}.",
                kind.as_str(),
                fields(missing)
            ),
            (UnreadableSheet { detail }, Lang::En) => {
                format!("The workbook could not be read ({detail}).")
            }
            (UnreadableSheet { detail }, Lang::De) => {
                format!("Die Arbeitsmappe konnte nicht gelesen werden ({detail}).")
            }
            (SheetNotFound { name, sheets }, Lang::En) => {
                format!("There is no sheet “{name}”; the sheets are: {}.", sheets.join(", "))
            }
            (SheetNotFound { name, sheets }, Lang::De) => {
                format!("Es gibt kein Blatt „{name}“; die Blätter heißen: {}.", sheets.join(", "))
            }
            (UnreadableJson { line, detail }, Lang::En) => {
                format!("The JSON is not readable at line {line} ({detail}).")
            }
            (UnreadableJson { line, detail }, Lang::De) => {
                format!("Das JSON ist in Zeile {line} nicht lesbar ({detail}).")
            }
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ImportError {}

/// Imports a whole file (or pasted text). `file_name` only helps to tell formats apart
/// (`.json`/`.ndjson`); the content decides.
pub fn import(
    bytes: &[u8],
    file_name: Option<&str>,
    options: &ImportOptions,
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
    if bytes.iter().all(|b| b.is_ascii_whitespace()) || is_only_bom(bytes) {
        return Err(ImportError::Empty);
    }
    if decode::looks_binary(bytes, encoding) {
        return Err(ImportError::Binary);
    }
    if json::looks_like_json(bytes, encoding) || matches!(ext.as_str(), "json" | "ndjson" | "jsonl")
    {
        if let Some(result) = json::import_json(bytes, encoding, options) {
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
/// Workbooks and JSON need the whole content and are read into memory.
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
/// dataset returned holds the rows not yet handed over (all of them for workbooks and
/// JSON, which are read whole), every segment column's values, the rejections and the
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
        return Ok(import(&head, file_name, options));
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
        if let Some(rows) = importer.take_rows() {
            on_rows(rows);
        }
    }
    Ok(importer.finish())
}

fn is_only_bom(bytes: &[u8]) -> bool {
    matches!(bytes, [0xEF, 0xBB, 0xBF, rest @ ..] | [0xFF, 0xFE, rest @ ..] | [0xFE, 0xFF, rest @ ..]
        if rest.iter().all(|b| b.is_ascii_whitespace() || *b == 0))
}

/// Streaming CSV import: feed chunks of any size with [`push`](Self::push), then
/// [`finish`](Self::finish). Memory: the decoded current chunk, the sample, and the
/// dataset being built.
pub struct CsvImporter {
    options: ImportOptions,
    forced_encoding: Option<TextEncoding>,
    /// Bytes held until enough are seen to decide encoding and separator.
    pending: Vec<u8>,
    sniff_bytes: usize,
    running: Option<Running>,
}

struct Running {
    decoder: StreamDecoder,
    tokenizer: Tokenizer,
    text: String,
    sink: RecordSink,
}

impl CsvImporter {
    pub fn new(options: ImportOptions) -> Self {
        CsvImporter {
            options,
            forced_encoding: None,
            pending: Vec::new(),
            sniff_bytes: SNIFF_BYTES,
            running: None,
        }
    }

    /// The encoding is known (e.g. checked over the whole file): skips sniffing.
    pub fn with_encoding(options: ImportOptions, encoding: TextEncoding) -> Self {
        CsvImporter { forced_encoding: Some(encoding), ..CsvImporter::new(options) }
    }

    pub fn push(&mut self, chunk: &[u8]) {
        match &mut self.running {
            Some(r) => r.feed(chunk, false),
            None => {
                self.pending.extend_from_slice(chunk);
                if self.pending.len() >= self.sniff_bytes {
                    self.start(false);
                }
            }
        }
    }

    /// The rows built since the last call (see [`build::Builder::take`]); `None` before
    /// the plan is made or when there are none.
    pub fn take_rows(&mut self) -> Option<Dataset> {
        let (_, builder) = self.running.as_mut()?.sink.building.as_mut()?;
        (builder.pending_rows() > 0).then(|| builder.take())
    }

    pub fn finish(mut self) -> Result<Imported, ImportError> {
        if self.running.is_none() {
            self.start(true);
        }
        match self.running {
            Some(mut r) => {
                r.feed(&[], true);
                let mut sink = std::mem::replace(&mut r.sink, RecordSink::placeholder());
                sink.replaced = r.decoder.replaced();
                r.tokenizer.finish(&mut |line, rec| sink.record(line, rec));
                sink.finish()
            }
            None => Err(ImportError::Empty),
        }
    }

    fn start(&mut self, complete: bool) {
        let pending = std::mem::take(&mut self.pending);
        let encoding = self.forced_encoding.unwrap_or_else(|| decode::sniff(&pending, complete));
        let mut decoder = StreamDecoder::new(encoding);
        let mut text = String::new();
        decoder.decode(&pending, &mut text, complete);
        let mut sink = RecordSink::new(self.options.clone(), encoding);
        if decode::looks_binary(&pending, encoding) {
            sink.error = Some(ImportError::Binary);
        }
        // Excel's "sep=;" first line names the separator.
        let declared = excel_sep_line(&text);
        let body = match declared {
            Some((_, len)) => text.get(len..).unwrap_or(""),
            None => text.as_str(),
        };
        let bare = declared.is_none() && is_bare_numbers(body, complete);
        let (delim, title_lines) = match declared {
            Some((d, _)) => (Some(d), 0),
            None if bare => (None, 0),
            None => csv::detect_layout(body, complete).map_or((None, 0), |(d, t)| (Some(d), t)),
        };
        sink.bare = bare;
        sink.delimiter = delim;
        sink.skip_records = title_lines;
        let mut tokenizer = Tokenizer::new(delim.unwrap_or(0));
        if declared.is_some() {
            tokenizer.skip_line();
        }
        tokenizer.feed(body, &mut |line, rec| sink.record(line, rec));
        text.clear();
        self.running = Some(Running { decoder, tokenizer, text, sink });
    }
}

impl Running {
    fn feed(&mut self, chunk: &[u8], last: bool) {
        self.text.clear();
        self.decoder.decode(chunk, &mut self.text, last);
        let sink = &mut self.sink;
        self.tokenizer.feed(&self.text, &mut |line, rec| sink.record(line, rec));
    }
}

/// `sep=;` (any one ASCII separator) as the first line: the separator and the line's length.
fn excel_sep_line(text: &str) -> Option<(u8, usize)> {
    let rest = text.strip_prefix("sep=")?;
    let d = *rest.as_bytes().first()?;
    let after = rest.get(1..)?;
    let eol = if after.starts_with("\r\n") {
        2
    } else if after.starts_with('\n') || after.starts_with('\r') {
        1
    } else {
        return None;
    };
    (d.is_ascii_punctuation() || d == b'\t').then_some((d, 5 + eol))
}

/// Every non-empty line of the sample is one number: pasted scores without header.
fn is_bare_numbers(text: &str, complete: bool) -> bool {
    let mut lines: Vec<&str> =
        text.lines().map(value::trim).filter(|l| !l.is_empty()).take(1000).collect();
    if !complete && lines.len() > 1 {
        lines.pop(); // may be cut
    }
    !lines.is_empty()
        && lines.iter().all(|l| {
            !matches!(value::classify_number(l), value::NumberEvidence::NotNumber)
                || value::leading_score(l).is_some()
        })
}

/// Where records go: first into the sample, then (after the plan is made) into the builder.
pub(crate) struct RecordSink {
    options: ImportOptions,
    encoding: Option<TextEncoding>,
    delimiter: Option<u8>,
    bare: bool,
    format: Format,
    native_numbers: bool,
    sample_limit: usize,
    header: Option<(usize, Vec<String>)>,
    sample: Vec<(usize, Vec<String>)>,
    building: Option<(Plan, Builder)>,
    error: Option<ImportError>,
    sheets: Vec<String>,
    sheet: Option<String>,
    /// Title lines above the header.
    skip_records: usize,
    /// Set by the caller when the decoder met malformed bytes.
    replaced: bool,
}

impl RecordSink {
    fn new(options: ImportOptions, encoding: TextEncoding) -> Self {
        RecordSink {
            options,
            encoding: Some(encoding),
            delimiter: None,
            bare: false,
            format: Format::Csv,
            native_numbers: false,
            sample_limit: CSV_SAMPLE_ROWS,
            header: None,
            sample: Vec::new(),
            building: None,
            error: None,
            sheets: Vec::new(),
            sheet: None,
            skip_records: 0,
            replaced: false,
        }
    }

    fn placeholder() -> Self {
        RecordSink::new(ImportOptions::default(), TextEncoding::Utf8)
    }

    /// A sink for in-memory tables (sheets, JSON): all rows are sampled, numbers written by
    /// the source program are in canonical form.
    pub(crate) fn for_table(options: ImportOptions, format: Format) -> Self {
        RecordSink {
            encoding: None,
            format,
            native_numbers: true,
            sample_limit: usize::MAX,
            ..RecordSink::new(options, TextEncoding::Utf8)
        }
    }

    pub(crate) fn set_sheets(&mut self, sheets: Vec<String>, sheet: Option<String>) {
        self.sheets = sheets;
        self.sheet = sheet;
    }

    pub(crate) fn record_fields(&mut self, line: usize, fields: &[String]) {
        if self.error.is_some() {
            return;
        }
        if self.skip_records > 0 {
            self.skip_records -= 1;
            return;
        }
        if self.header.is_none() && !self.bare {
            self.header = Some((line, fields.to_vec()));
            return;
        }
        match &mut self.building {
            Some((_, b)) => b.push(line, fields),
            None => {
                self.sample.push((line, fields.to_vec()));
                if self.sample.len() >= self.sample_limit {
                    self.make_plan();
                }
            }
        }
    }

    fn record(&mut self, line: usize, rec: Record<'_>) {
        if self.error.is_some() {
            return;
        }
        if let Some((_, b)) = &mut self.building {
            b.push(line, &rec);
            return;
        }
        let fields = rec.to_owned_fields();
        self.record_fields(line, &fields);
    }

    fn make_plan(&mut self) {
        let header = match (&self.header, self.bare) {
            (_, true) => None,
            (Some((_, h)), false) => Some(h.as_slice()),
            (None, false) => {
                self.error = Some(ImportError::Empty);
                return;
            }
        };
        let ctx = detect::Context {
            bare: self.bare,
            native_numbers: self.native_numbers,
            prefer_comma: self.delimiter == Some(b';')
                || matches!(self.encoding, Some(TextEncoding::Windows1252)),
        };
        match detect::plan(header, &self.sample, &self.options, &ctx) {
            Ok(plan) => {
                let mut builder = Builder::new(&plan);
                for (line, fields) in std::mem::take(&mut self.sample) {
                    builder.push(line, &fields);
                }
                self.building = Some((plan, builder));
            }
            Err(e) => self.error = Some(e),
        }
    }

    pub(crate) fn finish(mut self) -> Result<Imported, ImportError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.building.is_none() {
            if self.header.is_none() && self.sample.is_empty() {
                return Err(ImportError::Empty);
            }
            if self.sample.is_empty() {
                return Err(ImportError::HeaderOnly);
            }
            self.make_plan();
            if let Some(e) = self.error.take() {
                return Err(e);
            }
        }
        let Some((plan, builder)) = self.building else { return Err(ImportError::Empty) };
        let (dataset, rows_read) = builder.finish();
        if rows_read == 0 {
            // Only header rows (SurveyMonkey's second header row was all there was).
            return Err(ImportError::HeaderOnly);
        }
        let rows_rejected = rejected_count(&dataset);
        let format = if self.bare { Format::BareNumbers } else { self.format };
        let report = ImportReport {
            format,
            encoding: self.encoding,
            delimiter: self.delimiter.map(|d| (d as char).to_string()),
            sheets: self.sheets,
            sheet: self.sheet,
            tool: plan.tool.map(String::from),
            kind: plan.kind,
            kind_guessed: plan.kind_guessed,
            shape: plan.shape_name().map(String::from),
            amounts_in_cents: plan.amounts_in_cents,
            columns: plan.column_reports(),
            questions: plan.questions.clone(),
            rows_read,
            rows_rejected,
            rows_sampled: plan.rows_sampled,
            malformed_text: self.replaced,
        };
        Ok(Imported { dataset, report })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Dataset, RejectReason, SurveyResponse, Table};

    fn survey(bytes: &[u8]) -> (Table<SurveyResponse>, ImportReport) {
        let imp = import(bytes, None, &ImportOptions::default()).unwrap();
        match imp.dataset {
            Dataset::Survey(t) => (t, imp.report),
            other => panic!("not a survey: {:?}", other.kind()),
        }
    }

    #[test]
    fn survey_csv_in_every_separator() {
        for text in [
            "customer,score,comment\nA,9,\"great, really\"\nB,3,slow\n",
            "Kunde;Bewertung;Kommentar\r\nA;9;\"prima; wirklich\"\r\nB;3;langsam\r\n",
            "Kunde\tNPS\tKommentar\nA\t9\tprima\nB\t3\tlangsam",
            "Kunde|Punkte|Kommentar\nA|9|x\nB|3|y\n\n",
        ] {
            let (t, r) = survey(text.as_bytes());
            assert_eq!(
                t.rows.iter().map(|r| r.score).collect::<Vec<_>>(),
                vec![9.0, 3.0],
                "{text}"
            );
            assert_eq!(t.rows[0].customer.as_deref(), Some("A"));
            assert_eq!(t.rows[1].line, 3);
            assert_eq!(r.kind, DatasetKind::Survey);
            assert!(r.kind_guessed);
            assert_eq!(r.rows_read, 2);
        }
    }

    #[test]
    fn utf8_bom_and_single_column_with_header() {
        let (t, r) = survey("\u{feff}Bewertung\r\n8,5\r\n10\r\n".as_bytes());
        assert_eq!(r.encoding, Some(TextEncoding::Utf8Bom));
        assert_eq!(r.columns[0].header, "Bewertung");
        assert_eq!(r.columns[0].number_convention, Some(NumberConvention::DecimalComma));
        assert_eq!(t.rows.iter().map(|r| r.score).collect::<Vec<_>>(), vec![8.5, 10.0]);
    }

    #[test]
    fn options_from_json() {
        let o: ImportOptions = serde_json::from_str(
            r#"{"kind": "orders", "mapping": [["amount", 2], ["comment", null]],
                "number_conventions": [[2, "decimal_comma"]], "date_orders": [[1, "day_month"]]}"#,
        )
        .unwrap();
        assert_eq!(o.kind, Some(DatasetKind::Orders));
        assert_eq!(o.mapping, vec![(Field::Amount, Some(2)), (Field::Comment, None)]);
        assert_eq!(o.number_conventions, vec![(2, NumberConvention::DecimalComma)]);
        assert_eq!(o.date_orders, vec![(1, DateOrder::DayMonth)]);
        assert_eq!(serde_json::from_str::<ImportOptions>("{}").unwrap(), ImportOptions::default());
    }

    #[test]
    fn bare_numbers_are_scores() {
        let (t, r) = survey(b"9\n10\n7\r\n3\n\n");
        assert_eq!(r.format, Format::BareNumbers);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[0].line, 1);
        assert_eq!(t.rows[3].score, 3.0);
        let (t, _) = survey("8,5\n9\n".as_bytes());
        assert_eq!(t.rows[0].score, 8.5);
    }

    #[test]
    fn rejected_rows_have_line_column_reason() {
        let (t, r) = survey(b"score,date\n9,2024-03-05\nnine,2024-03-06\n7,someday\n");
        assert_eq!(t.rows.len(), 1);
        assert_eq!(r.rows_rejected, 2);
        assert_eq!(t.rejected[0].line, 3);
        assert_eq!(t.rejected[0].column, "score");
        assert_eq!(t.rejected[0].reason, RejectReason::NotANumber { value: "nine".into() });
        assert_eq!(t.rejected[1].column, "date");
    }

    #[test]
    fn whole_file_errors() {
        let o = ImportOptions::default();
        assert_eq!(import(b"", None, &o).unwrap_err(), ImportError::Empty);
        assert_eq!(import(b"\xEF\xBB\xBF\r\n", None, &o).unwrap_err(), ImportError::Empty);
        assert_eq!(import(b"score;comment\n", None, &o).unwrap_err(), ImportError::HeaderOnly);
        let monkey = b"Respondent ID,Collector ID,Would you recommend us?\n,,Response\n";
        assert_eq!(import(monkey, None, &o).unwrap_err(), ImportError::HeaderOnly);
        assert_eq!(
            import(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None, &o).unwrap_err(),
            ImportError::Binary
        );
        let e = import(b"foo,bar\nx,y\n", None, &o).unwrap_err();
        assert!(matches!(e, ImportError::NoKindFits { .. }));
        assert!(e.message(Lang::De).contains("foo, bar"));
    }

    #[test]
    fn excel_sep_line_names_the_separator() {
        let (t, r) = survey(b"sep=,\r\nKunde,Bewertung\r\nA,9\r\n");
        assert_eq!(r.delimiter.as_deref(), Some(","));
        assert_eq!(t.rows[0].line, 3);
        assert_eq!(t.rows[0].score, 9.0);
    }

    #[test]
    fn values_after_the_sample_that_contradict_it_are_rejected() {
        let mut text = String::from("customer;date;amount\n");
        for i in 0..CSV_SAMPLE_ROWS {
            text.push_str(&format!("c{i};05.03.2024;1.234,50\n"));
        }
        text.push_str("late;05.03.2024;1,234.50\n");
        let imp = import(text.as_bytes(), None, &ImportOptions::default()).unwrap();
        let Dataset::Orders(t) = imp.dataset else { panic!() };
        assert_eq!(t.rows.len(), CSV_SAMPLE_ROWS);
        assert_eq!(t.rejected.len(), 1);
        assert_eq!(t.rejected[0].line, CSV_SAMPLE_ROWS + 2);
        assert_eq!(t.rejected[0].reason, RejectReason::NotANumber { value: "1,234.50".into() });
        assert_eq!(imp.report.rows_sampled, CSV_SAMPLE_ROWS);
    }

    #[test]
    fn repeated_names_share_one_allocation() {
        let mut text = String::from("user,timestamp,account,feature\n");
        for i in 0..30_000 {
            text.push_str(&format!("u{},2024-03-0{} 10:00,acme,f{}\n", i % 3, 1 + i % 9, i % 2));
        }
        let opts = ImportOptions { kind: Some(crate::dataset::DatasetKind::Usage), ..Default::default() };
        /// Hands out at most 100 kB a read, so that the rows come in several chunks.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = buf.len().min(100_000);
                let mut head = self.0.get(..n.min(self.0.len())).unwrap_or(&[]);
                let read = head.read(buf)?;
                self.0 = self.0.get(read..).unwrap_or(&[]);
                Ok(read)
            }
        }
        let (mut rows, mut chunks) = (Vec::new(), 0);
        let imp = import_reader_with(Trickle(text.as_bytes()), None, &opts, &mut |d| {
            let Dataset::Usage(t) = d else { panic!("usage expected") };
            rows.extend(t.rows);
            chunks += 1;
        });
        assert!(chunks > 2);
        let Dataset::Usage(last) = imp.unwrap().unwrap().dataset else { panic!("usage expected") };
        rows.extend(last.rows);
        assert_eq!(rows.len(), 30_000);
        let (first, later) = (&rows[0], &rows[29_997]);
        assert_eq!(&*later.user, "u0");
        // the same value in another chunk is the same pointer, not a copy
        assert!(std::sync::Arc::ptr_eq(&first.user, &later.user));
        assert!(std::sync::Arc::ptr_eq(first.account.as_ref().unwrap(), later.account.as_ref().unwrap()));
        assert!(std::sync::Arc::ptr_eq(rows[0].feature.as_ref().unwrap(), rows[2].feature.as_ref().unwrap()));
    }

    #[test]
    fn reader_equals_bytes() {
        let mut text = String::from("customer,score\n");
        for i in 0..20_000 {
            text.push_str(&format!("c{i},{}\n", i % 11));
        }
        let a = import(text.as_bytes(), None, &ImportOptions::default()).unwrap();
        let b = import_reader(text.as_bytes(), None, &ImportOptions::default()).unwrap().unwrap();
        assert_eq!(a, b);
        let j = import_reader(&br#"[{"score": 3}]"#[..], None, &ImportOptions::default())
            .unwrap()
            .unwrap();
        assert_eq!(j.report.format, Format::Json);
    }

    #[test]
    fn streaming_detects_windows_1252() {
        let bytes = b"Kunde;Bewertung\r\nJ\xe4ger;9\r\nM\xfcller;3\r\n";
        let mut s = CsvImporter::new(ImportOptions::default());
        for c in bytes.chunks(3) {
            s.push(c);
        }
        let imp = s.finish().unwrap();
        assert_eq!(imp.report.encoding, Some(TextEncoding::Windows1252));
        assert!(!imp.report.malformed_text);
        let Dataset::Survey(t) = imp.dataset else { panic!() };
        assert_eq!(t.rows[0].customer.as_deref(), Some("Jäger"));
    }

    #[test]
    fn streaming_equals_whole() {
        let mut text = String::from("Kunde;Bewertung;Datum;Plan\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "K{};{};{:02}.03.2024;{}\n",
                i % 50,
                i % 11,
                i % 28 + 1,
                ["Basic", "Pro"][i % 2]
            ));
        }
        let whole = import(text.as_bytes(), None, &ImportOptions::default()).unwrap();
        let mut s = CsvImporter::new(ImportOptions::default());
        for c in text.as_bytes().chunks(777) {
            s.push(c);
        }
        let streamed = s.finish().unwrap();
        assert_eq!(whole, streamed);
        let Dataset::Survey(t) = whole.dataset else { panic!() };
        assert_eq!(t.rows.len(), 3000);
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].values, vec!["Basic", "Pro"]);
    }
}
