//! The streaming CSV path: bytes → decoded text → records → sample → plan → builder.

use super::build::Builder;
use super::csv::{self, Record, Records, Tokenizer};
use super::decode::{self, StreamDecoder, TextEncoding};
use super::detect::{self, Plan};
use super::{rejected_count, CSV_SAMPLE_ROWS, SNIFF_BYTES};
use super::{value, ColumnReport, Format, ImportError, ImportOptions, ImportReport, Imported};
use super::{SourceRead, TableRead};
use crate::dataset::Dataset;

pub(super) fn is_only_bom(bytes: &[u8]) -> bool {
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
    pub(crate) sniff_bytes: usize,
    running: Option<Running>,
}

/// See [`CsvImporter::resume`].
#[derive(Clone, Debug)]
pub(crate) struct Resume {
    pub plan: Plan,
    pub delimiter: u8,
    pub literal_quotes: bool,
    /// The later part's text must decode without a replacement: were a byte not UTF-8,
    /// the reader of the whole file might switch to Windows-1252 there (see
    /// [`StreamDecoder::undecided`]).
    pub encoding: TextEncoding,
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

    /// The encoding is known (e.g. checked over the whole file): skips sniffing. The
    /// user's choice in the options wins over it.
    pub fn with_encoding(options: ImportOptions, encoding: TextEncoding) -> Self {
        let encoding = options.encoding.unwrap_or(encoding);
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

    /// Reading has stopped for good (a limit was hit, the file is no table): the caller
    /// need not read on, [`finish`](Self::finish) reports why.
    pub fn failed(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.sink.error.is_some())
    }

    /// The rows built since the last call (see [`build::Builder::take`]); `None` before
    /// the plan is made or when there are none.
    pub fn take_rows(&mut self) -> Option<Dataset> {
        let (_, builder) = self.running.as_mut()?.sink.building.as_mut()?;
        (builder.pending_rows() > 0).then(|| builder.take())
    }

    /// What a reader of a later part of the same input needs to read it as this importer
    /// would (`crate::import::parallel`): once the plan is made, for UTF-8 and Windows-1252
    /// text (single-byte line breaks), with nothing failed.
    pub(crate) fn resume(&self) -> Option<Resume> {
        let r = self.running.as_ref()?;
        let (plan, _) = r.sink.building.as_ref()?;
        let encoding = r.decoder.encoding();
        let single_byte_breaks = matches!(
            encoding,
            TextEncoding::Utf8 | TextEncoding::Utf8Bom | TextEncoding::Windows1252
        );
        (r.sink.error.is_none() && single_byte_breaks && r.tokenizer.error().is_none()).then(|| {
            Resume {
                plan: plan.clone(),
                delimiter: r.tokenizer.delimiter(),
                literal_quotes: !r.tokenizer.reads_quotes(),
                encoding,
            }
        })
    }

    /// Everything pushed so far ended exactly at the end of a record, nothing held.
    pub(crate) fn at_record_boundary(&self) -> bool {
        self.running.as_ref().is_some_and(|r| r.tokenizer.at_record_boundary())
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
                sink.encoding = Some(r.decoder.encoding());
                r.tokenizer.finish(&mut |line, rec| sink.record(line, rec));
                sink.stop_at(r.tokenizer.error());
                sink.finish()
            }
            None => Err(ImportError::Empty),
        }
    }

    fn start(&mut self, complete: bool) {
        let pending = std::mem::take(&mut self.pending);
        let forced = self.forced_encoding.or(self.options.encoding);
        let encoding = forced.unwrap_or_else(|| decode::sniff(&pending, complete));
        // Sniffed as UTF-8 from ASCII alone: the first byte that is not UTF-8 may still
        // say Windows-1252, however far into the file it comes.
        let mut decoder =
            if forced.is_none() && encoding == TextEncoding::Utf8 && pending.is_ascii() {
                StreamDecoder::undecided()
            } else {
                StreamDecoder::new(encoding)
            };
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
        let chosen = self.options.delimiter.and_then(|c| u8::try_from(u32::from(c)).ok());
        let (delim, title_lines) = match (declared, chosen) {
            (_, Some(d)) => (Some(d), csv::title_lines(body, d, complete)),
            (Some((d, _)), None) => (Some(d), 0),
            (None, None) if bare => (None, 0),
            (None, None) => {
                csv::detect_layout(body, complete).map_or((None, 0), |(d, t)| (Some(d), t))
            }
        };
        sink.bare = bare;
        sink.delimiter = delim;
        sink.skip_records = title_lines;
        let mut tokenizer = Tokenizer::new(delim.unwrap_or(0));
        if self.options.literal_quotes {
            tokenizer = tokenizer.literal_quotes();
        }
        if declared.is_some() {
            tokenizer.skip_line();
        }
        tokenizer.feed(body, &mut |line, rec| sink.record(line, rec));
        sink.stop_at(tokenizer.error());
        text.clear();
        self.running = Some(Running { decoder, tokenizer, text, sink });
    }
}

impl Running {
    fn feed(&mut self, chunk: &[u8], last: bool) {
        let text = self.decoder.decode_str(chunk, &mut self.text, last);
        let sink = &mut self.sink;
        self.tokenizer.feed(text, &mut |line, rec| sink.record(line, rec));
        sink.stop_at(self.tokenizer.error());
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
    sample: Records,
    building: Option<(Plan, Builder)>,
    error: Option<ImportError>,
    sheets: Vec<String>,
    sheet: Option<String>,
    /// Title lines above the header.
    skip_records: usize,
    /// Set by the caller when the decoder met malformed bytes.
    replaced: bool,
    /// Per column: a few of its values, taken from the sample for the report.
    samples: Vec<Vec<String>>,
}

/// Values shown per column in the review step, and the characters shown of each.
const SAMPLE_VALUES: usize = 3;
const SAMPLE_CHARS: usize = 40;

/// Per column of `width`: the first few distinct non-empty values of `rows` (lines in
/// `skip` left out), each cut to a length that fits a table cell.
fn column_samples(rows: &Records, width: usize, skip: &[usize]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new(); width];
    for (_, row) in rows.iter().filter(|(l, _)| !skip.contains(l)).take(200) {
        for (values, v) in out.iter_mut().zip(row.iter()) {
            let v = value::trim(v);
            if values.len() < SAMPLE_VALUES && !v.is_empty() && !values.iter().any(|x| x == v) {
                let cut: String = v.chars().take(SAMPLE_CHARS).collect();
                values.push(if cut.len() < v.len() { format!("{cut}…") } else { cut });
            }
        }
    }
    out
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
            sample: Records::default(),
            building: None,
            error: None,
            sheets: Vec::new(),
            sheet: None,
            skip_records: 0,
            replaced: false,
            samples: Vec::new(),
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

    /// A table read record by record (JSON): decisions from the first `rows` records, as
    /// for CSV, instead of from all of them.
    pub(crate) fn sample_first(mut self, rows: usize) -> Self {
        self.sample_limit = rows;
        self
    }

    /// The rows built since the last call (see [`Builder::take`]), for a caller that
    /// hands them on; `None` before the plan is made or when there are none.
    pub(crate) fn take_rows(&mut self) -> Option<Dataset> {
        let (_, builder) = self.building.as_mut()?;
        (builder.pending_rows() > 0).then(|| builder.take())
    }

    /// The tokenizer stopped: the whole file fails with what stopped it.
    fn stop_at(&mut self, error: Option<csv::TokenError>) {
        use super::limits;
        let Some(e) = error else { return };
        if self.error.is_none() {
            self.error = Some(match e {
                csv::TokenError::UnclosedQuote { line } => ImportError::UnclosedQuote { line },
                csv::TokenError::FieldTooLong { line } => {
                    ImportError::FieldTooLong { line, limit_bytes: limits::FIELD_BYTES }
                }
                csv::TokenError::TooManyColumns { line } => {
                    ImportError::TooManyColumns { line, limit: limits::COLUMNS }
                }
            });
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
        match &mut self.building {
            Some((_, b)) if self.skip_records == 0 => b.push(line, fields),
            _ => self.record_before_plan(line, fields.iter().map(String::as_str)),
        }
    }

    /// A record read before the plan is made: a title line, the header or a sample row
    /// (kept in the sample's one buffer until the plan is made).
    fn record_before_plan<'s>(&mut self, line: usize, fields: impl Iterator<Item = &'s str>) {
        if self.skip_records > 0 {
            self.skip_records -= 1;
            return;
        }
        if self.header.is_none() && !self.bare {
            self.header = Some((line, fields.map(str::to_owned).collect()));
            return;
        }
        self.sample.push(line, fields);
        if self.sample.len() >= self.sample_limit {
            self.make_plan();
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
        self.record_before_plan(line, rec.iter());
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
                self.samples = column_samples(&self.sample, plan.headers.len(), &plan.skip_lines);
                let mut builder = Builder::new(&plan);
                for (line, fields) in std::mem::take(&mut self.sample).iter() {
                    builder.push(line, &fields);
                }
                self.building = Some((plan, builder));
            }
            Err(mut e) => {
                let headers: Vec<String> = match (&self.header, self.bare) {
                    (Some((_, h)), false) => h.iter().map(|s| value::trim(s).to_owned()).collect(),
                    _ => vec!["score".to_owned()],
                };
                self.complete_table(&mut e, headers);
                self.error = Some(e);
            }
        }
    }

    /// The plan failed for want of a kind or a field: the error carries the table read
    /// (how, every column with its values and any field found) for the review step.
    fn complete_table(&self, e: &mut ImportError, headers: Vec<String>) {
        let Some(slot) = e.table_mut() else { return };
        let found = slot.take();
        let found_col = |i: usize| found.as_ref().and_then(|t| t.columns.get(i));
        let samples = column_samples(&self.sample, headers.len(), &[]);
        let columns = headers
            .into_iter()
            .enumerate()
            .map(|(index, header)| {
                let field = found_col(index).and_then(|c| c.field);
                ColumnReport {
                    index,
                    header,
                    field,
                    certainty: found_col(index).and_then(|c| c.certainty),
                    reason: found_col(index).and_then(|c| c.reason),
                    signal: false,
                    segment: field.is_none(),
                    number_convention: None,
                    date_order: None,
                    samples: samples.get(index).cloned().unwrap_or_default(),
                }
            })
            .collect();
        *slot = Some(Box::new(TableRead {
            source: self.source_read(None),
            columns,
            rows_sampled: self.sample.len(),
            malformed_text: self.replaced,
        }));
    }

    /// How the bytes were read, as far as the importer knows it (`tool` is the plan's).
    fn source_read(&self, tool: Option<String>) -> SourceRead {
        SourceRead {
            format: if self.bare { Format::BareNumbers } else { self.format },
            encoding: self.encoding,
            delimiter: self.delimiter.map(|d| (d as char).to_string()),
            sheets: self.sheets.clone(),
            sheet: self.sheet.clone(),
            tool,
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
        let tool = self.building.as_ref().and_then(|(plan, _)| plan.tool.map(String::from));
        let source = self.source_read(tool);
        let Some((plan, builder)) = self.building else {
            return Err(ImportError::Empty);
        };
        let (dataset, rows_read) = builder.finish();
        if rows_read == 0 {
            // Only header rows (SurveyMonkey's second header row was all there was).
            return Err(ImportError::HeaderOnly);
        }
        let rows_rejected = rejected_count(&dataset);
        let report = ImportReport {
            source,
            kind: plan.kind,
            kind_guessed: plan.kind_guessed,
            shape: plan.shape_name().map(String::from),
            amounts_in_cents: plan.amounts_in_cents,
            columns: plan
                .column_reports()
                .into_iter()
                .zip(self.samples.into_iter().chain(std::iter::repeat(Vec::new())))
                .map(|(column, samples)| ColumnReport { samples, ..column })
                .collect(),
            questions: plan.questions.clone(),
            rows_read,
            rows_rejected,
            rows_sampled: plan.rows_sampled,
            malformed_text: self.replaced,
        };
        Ok(Imported { dataset, report })
    }
}
