//! Reading a later part of a CSV file as the reader of the whole file would: the plan,
//! separator, quoting and encoding come from the importer that read the start
//! ([`CsvImporter::resume`](super::CsvImporter)), the part starts at a record boundary on a
//! known physical line. `crate::parallel` splits a file, reads the parts on threads and
//! checks that every split point really was a record boundary.

use super::build::Builder;
use super::csv::Tokenizer;
use super::decode::{self, StreamDecoder};
use super::stream::Resume;
use super::{json, sheet, SNIFF_BYTES};
use crate::dataset::Dataset;

/// How many bytes [`super::import_reader_with`] looks at before it chooses how to read.
pub const HEAD_BYTES: usize = SNIFF_BYTES;

/// Whether [`super::import_reader_with`] streams an input with this start (`head`, its
/// first [`HEAD_BYTES`]) through the CSV importer, as text that is not binary. Workbooks,
/// JSON and short inputs are read whole instead.
pub fn streams_as_csv(head: &[u8], file_name: Option<&str>) -> bool {
    let ext = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let encoding = decode::sniff(head, head.len() < SNIFF_BYTES);
    let whole = sheet::is_workbook(head)
        || json::looks_like_json(head, encoding)
        || matches!(ext.as_str(), "xlsx" | "xlsm" | "ods" | "xls" | "json" | "ndjson" | "jsonl");
    !whole && head.len() >= SNIFF_BYTES && !decode::looks_binary(head, encoding)
}

/// Physical line breaks in `bytes` as the tokenizer counts them: LF, CR, and CRLF once.
/// (A CR at the very end counts; a part split right after a LF never ends in one.)
pub fn line_breaks(bytes: &[u8]) -> usize {
    // Counted as LFs + CRs − CRLFs, each a plain pass the compiler turns into vector code;
    // most files have no CR at all (`contains` is a memchr).
    let lf = bytes.iter().filter(|&&b| b == b'\n').count();
    if !bytes.contains(&b'\r') {
        return lf;
    }
    let cr = bytes.iter().filter(|&&b| b == b'\r').count();
    let crlf = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .filter(|&(&a, &b)| a == b'\r' && b == b'\n')
        .count();
    lf + cr - crlf
}

/// One part of a file, read from a record boundary with the plan of the whole file.
pub(crate) struct PartReader {
    decoder: StreamDecoder,
    tokenizer: Tokenizer,
    text: String,
    builder: Builder,
}

impl PartReader {
    /// `first_line`: the physical line the part starts on (1-based, as in the whole file).
    pub fn new(resume: &Resume, first_line: usize) -> Self {
        let mut tokenizer = Tokenizer::new(resume.delimiter).resume_at_line(first_line);
        if resume.literal_quotes {
            tokenizer = tokenizer.literal_quotes();
        }
        PartReader {
            decoder: StreamDecoder::continuing(resume.encoding),
            tokenizer,
            text: String::new(),
            builder: Builder::new(&resume.plan),
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        // UTF-8 chunks are read in place (no copy), as the reader in order reads them.
        let text = self.decoder.decode_str(bytes, &mut self.text, false);
        let builder = &mut self.builder;
        self.tokenizer.feed(text, &mut |line, rec| builder.push(line, &rec));
    }

    /// Reading has stopped (a field too long, an unclosed quote): the part is no use.
    pub fn failed(&self) -> bool {
        self.tokenizer.error().is_some()
    }

    /// The rows built since the last call (see [`Builder::take`]).
    pub fn take_rows(&mut self) -> Option<Dataset> {
        (self.builder.pending_rows() > 0).then(|| self.builder.take())
    }

    /// The rows not taken yet with the part's rejections, and the data rows read; `None`
    /// when the part did not read as the whole file would (it ended inside a record or
    /// quotes, reading stopped, or a byte was not of the encoding), so the caller reads the
    /// file in order instead.
    pub fn finish(mut self) -> Option<(Dataset, usize)> {
        self.text.clear();
        self.decoder.decode(&[], &mut self.text, true);
        let clean =
            self.text.is_empty() && !self.decoder.replaced() && self.tokenizer.at_record_boundary();
        clean.then(|| self.builder.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_count_lf_cr_and_crlf_once() {
        assert_eq!(line_breaks(b""), 0);
        assert_eq!(line_breaks(b"a\nb\n"), 2);
        assert_eq!(line_breaks(b"a\r\nb\r\n"), 2);
        assert_eq!(line_breaks(b"a\rb\r"), 2);
        assert_eq!(line_breaks(b"a\r\n\r\n\n\rb"), 4);
    }

    /// The tokenizer agrees: its line after a text is 1 + the breaks counted here.
    #[test]
    fn line_breaks_agree_with_the_tokenizer() {
        for text in ["a\nb\r\nc\rd\n", "x,\"q\r\nr\"\ny\r\r\nz\n", "\n\n\r\n", "a,b\n\"\n\"\n"] {
            let mut t = Tokenizer::new(b',');
            let mut last = 0;
            t.feed(text, &mut |line, _| last = line);
            let mut next = Tokenizer::new(b',').resume_at_line(1 + line_breaks(text.as_bytes()));
            let mut first = 0;
            next.feed("k\n", &mut |line, _| first = line);
            let mut whole = Tokenizer::new(b',');
            let mut lines = Vec::new();
            whole.feed(&format!("{text}k\n"), &mut |line, _| lines.push(line));
            assert_eq!(lines.last(), Some(&first), "{text:?}");
            assert!(t.at_record_boundary(), "{text:?}");
            assert!(last <= first);
        }
    }
}
