//! A streaming CSV tokenizer and separator detection.
//!
//! The tokenizer keeps its state between chunks, so a record (even a quoted field with a
//! newline inside) may be split anywhere across `feed` calls. Fields of the current record
//! are kept in one reused byte buffer; the sink sees a [`Record`] borrowing it, so no
//! `String` is allocated per field.
//!
//! Dialect: RFC 4180 plus what real exports do — any of `,` `;` tab `|` as separator, CRLF,
//! LF or lone CR line ends, `""` inside quotes, text after a closing quote kept as is (never
//! an error), blank lines and lines of only separators skipped.

use super::limits;

/// The separators tried, in order of preference when two fit equally well.
pub const DELIMITERS: [u8; 4] = [b'\t', b';', b',', b'|'];

/// One record: fields as `&str`, borrowed from the tokenizer's buffer, or straight from
/// the input text when the whole record lies in one chunk without quotes.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    text: &'a str,
    /// Where each field ends in `text`.
    ends: &'a [usize],
    /// Bytes between one field's end and the next one's start: 0 in the buffer (fields
    /// packed), 1 in the input text (the separator).
    gap: usize,
}

impl<'a> Record<'a> {
    #[inline]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, or "" past the end (ragged rows are reported by the caller).
    #[inline]
    pub fn get(&self, i: usize) -> &'a str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).map_or(0, |e| e + self.gap) };
        match self.ends.get(i) {
            Some(&end) => self.text.get(start..end).unwrap_or(""),
            None => "",
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }

    pub fn to_owned_fields(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

/// A record kept with its line number (a sampled row).
pub type Kept<'a> = (usize, Record<'a>);

/// Records kept together: one text buffer and one list of field ends for all of them, so
/// that keeping a record (the sample detection reads, up to 10,000 rows) costs no
/// allocation per field or per record.
#[derive(Clone, Debug, Default)]
pub struct Records {
    text: String,
    ends: Vec<usize>,
    /// Per record: its line, where its text starts in `text`, where its ends start in `ends`.
    rows: Vec<(usize, usize, usize)>,
}

impl Records {
    pub fn push<'s>(&mut self, line: usize, fields: impl IntoIterator<Item = &'s str>) {
        let (text_start, ends_start) = (self.text.len(), self.ends.len());
        for f in fields {
            self.text.push_str(f);
            self.ends.push(self.text.len() - text_start);
        }
        self.rows.push((line, text_start, ends_start));
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Record `i` and its line.
    pub fn get(&self, i: usize) -> Option<Kept<'_>> {
        let &(line, text_start, ends_start) = self.rows.get(i)?;
        let (text_end, ends_end) =
            self.rows.get(i + 1).map_or((self.text.len(), self.ends.len()), |r| (r.1, r.2));
        let text = self.text.get(text_start..text_end)?;
        let ends = self.ends.get(ends_start..ends_end)?;
        Some((line, Record { text, ends, gap: 0 }))
    }

    pub fn iter(&self) -> impl Iterator<Item = Kept<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nothing of the current record read yet.
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: either the first of `""` or the closing one.
    QuotedQuote,
}

/// Input the tokenizer stops at: it is no table (or its quotes are broken), and reading on
/// would only swallow the rest of the file into one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// The line the quote opened on.
    UnclosedQuote {
        line: usize,
    },
    FieldTooLong {
        line: usize,
    },
    TooManyColumns {
        line: usize,
    },
}

/// Streaming tokenizer. Feed `&str` chunks; complete records go to the sink with the
/// 1-based physical line they start on.
pub struct Tokenizer {
    delim: u8,
    state: State,
    buf: Vec<u8>,
    ends: Vec<usize>,
    line: usize,
    record_line: usize,
    /// The previous chunk ended with CR: a LF at the start of the next one is its partner.
    after_cr: bool,
    /// The last byte counted inside quotes was a CR.
    quoted_cr: bool,
    /// The line the open quote started on.
    quote_line: usize,
    /// `"` is an ordinary character (the user chose to read quotes literally).
    literal_quotes: bool,
    error: Option<TokenError>,
    /// What each byte is to the fast path ([`ORDINARY`] for all but four).
    class: [u8; 256],
}

/// Byte classes of [`Tokenizer::whole_record`]: one table look-up per byte tells the
/// ordinary bytes of a field from the separator, a line break and a quote.
const ORDINARY: u8 = 0;
const SEPARATOR: u8 = 1;
const LINE_BREAK: u8 = 2;
const QUOTE: u8 = 3;

/// The byte classes for a separator, with or without quotes read (the separator wins over
/// the others, as the byte-wise state machine tests it first, then the line breaks).
fn byte_classes(delim: u8, quotes: bool) -> [u8; 256] {
    let mut class = [ORDINARY; 256];
    if quotes {
        class[usize::from(b'"')] = QUOTE;
    }
    class[usize::from(b'\n')] = LINE_BREAK;
    class[usize::from(b'\r')] = LINE_BREAK;
    class[usize::from(delim)] = SEPARATOR;
    class
}

impl Tokenizer {
    pub fn new(delim: u8) -> Self {
        Tokenizer {
            class: byte_classes(delim, true),
            delim,
            state: State::RecordStart,
            buf: Vec::with_capacity(256),
            ends: Vec::with_capacity(16),
            line: 1,
            record_line: 1,
            after_cr: false,
            quoted_cr: false,
            quote_line: 1,
            literal_quotes: false,
            error: None,
        }
    }

    /// Reads `"` as an ordinary character: for files whose quotes are not CSV quoting.
    pub fn literal_quotes(mut self) -> Self {
        self.literal_quotes = true;
        self.class = byte_classes(self.delim, false);
        self
    }

    /// Where reading stopped, if it did (nothing is emitted after it).
    pub fn error(&self) -> Option<TokenError> {
        self.error
    }

    /// Bytes of the field being read.
    fn field_len(&self) -> usize {
        self.buf.len() - self.ends.last().copied().unwrap_or(0)
    }

    /// The first physical line was consumed by the caller (Excel's `sep=` line).
    pub fn skip_line(&mut self) {
        self.line += 1;
    }

    pub fn delimiter(&self) -> u8 {
        self.delim
    }

    /// A tokenizer for a later part of the same input that starts at a record boundary on
    /// physical line `line` (reading a file in parts: `crate::import::parallel`).
    pub fn resume_at_line(mut self, line: usize) -> Self {
        self.line = line;
        self.record_line = line;
        self.quote_line = line;
        self
    }

    /// Between records with nothing held: what was fed so far ended exactly at the end of a
    /// record (not inside quotes, not after a lone CR), and nothing stopped reading. Where
    /// this holds, a tokenizer resumed at the next line reads on exactly as this one would.
    pub fn at_record_boundary(&self) -> bool {
        self.state == State::RecordStart
            && !self.after_cr
            && self.buf.is_empty()
            && self.error.is_none()
    }

    /// Whether `"` opens quoted fields (false after [`literal_quotes`](Self::literal_quotes)).
    pub fn reads_quotes(&self) -> bool {
        !self.literal_quotes
    }

    /// Tokenizes `text`, calling `sink(line, record)` for every complete record.
    pub fn feed<F: FnMut(usize, Record<'_>)>(&mut self, text: &str, sink: &mut F) {
        let bytes = text.as_bytes();
        let delim = self.delim;
        let mut i = 0;
        while i < bytes.len() && self.error.is_none() {
            let b = bytes[i];
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    i += 1;
                    continue;
                }
            }
            if self.state == State::RecordStart {
                if let Some(next) = self.whole_record(text, i, sink) {
                    i = next;
                    continue;
                }
            }
            match self.state {
                State::RecordStart | State::FieldStart => {
                    if self.state == State::RecordStart {
                        self.record_line = self.line;
                    }
                    if b == b'"' && !self.literal_quotes {
                        self.state = State::Quoted;
                        self.quote_line = self.line;
                        i += 1;
                    } else {
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    // Fast path: copy the run up to the next special byte in one go.
                    let start = i;
                    while i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') && bytes[i] != delim
                    {
                        i += 1;
                    }
                    self.buf.extend_from_slice(&bytes[start..i]);
                    if self.field_len() > limits::FIELD_BYTES {
                        self.error = Some(TokenError::FieldTooLong { line: self.record_line });
                        break;
                    }
                    if i < bytes.len() {
                        let b = bytes[i];
                        i += 1;
                        if b == delim {
                            self.end_field();
                        } else {
                            self.end_line(b);
                            self.end_record(sink);
                        }
                    }
                }
                State::Quoted => {
                    let start = i;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += 1;
                    }
                    let run = &bytes[start..i];
                    self.count_lines(run);
                    self.buf.extend_from_slice(run);
                    if self.line - self.quote_line > limits::QUOTED_LINES
                        || self.field_len() > limits::FIELD_BYTES
                    {
                        self.error = Some(TokenError::UnclosedQuote { line: self.quote_line });
                        break;
                    }
                    if i < bytes.len() {
                        i += 1;
                        self.quoted_cr = false;
                        self.state = State::QuotedQuote;
                    }
                }
                State::QuotedQuote => {
                    i += 1;
                    if b == b'"' {
                        self.buf.push(b'"');
                        self.state = State::Quoted;
                    } else if b == delim {
                        self.end_field();
                    } else if b == b'\n' || b == b'\r' {
                        self.end_line(b);
                        self.end_record(sink);
                    } else {
                        // `"a"b`: keep the stray text rather than failing the row.
                        self.buf.push(b);
                        self.state = State::Unquoted;
                    }
                }
            }
        }
    }

    /// The fast path for the common record: starting at `start` (a record start), it ends
    /// with a line break within `text` and holds no `"` (when quotes are read), no field
    /// over the limit and fewer columns than the limit. Such a record goes to the sink as a
    /// slice of `text`, with nothing copied; returns where the next record starts. `None`
    /// (nothing consumed, nothing emitted): the byte-wise state machine reads it.
    fn whole_record<F: FnMut(usize, Record<'_>)>(
        &mut self,
        text: &str,
        start: usize,
        sink: &mut F,
    ) -> Option<usize> {
        let bytes = text.as_bytes();
        let class = &self.class;
        self.ends.clear();
        let mut field_start = start;
        let mut j = start;
        let eol = loop {
            // the bytes of a field: one look-up each
            while bytes.get(j).is_some_and(|&b| class[usize::from(b)] == ORDINARY) {
                j += 1;
            }
            let Some(&b) = bytes.get(j) else {
                // the record goes on in the next chunk
                self.ends.clear();
                return None;
            };
            match class[usize::from(b)] {
                SEPARATOR => {
                    self.ends.push(j - start);
                    if j - field_start > limits::FIELD_BYTES || self.ends.len() >= limits::COLUMNS {
                        self.ends.clear();
                        return None;
                    }
                    field_start = j + 1;
                }
                LINE_BREAK => break b,
                _ => {
                    // a quote: the state machine reads the record
                    self.ends.clear();
                    return None;
                }
            }
            j += 1;
        };
        if j - field_start > limits::FIELD_BYTES {
            self.ends.clear();
            return None;
        }
        let Some(line) = text.get(start..j) else {
            self.ends.clear();
            return None;
        };
        self.ends.push(j - start);
        self.record_line = self.line;
        // Blank lines and lines of only separators (and spaces) are not records. A record
        // nearly always starts with a visible byte, where this stops.
        let delim = self.delim;
        let blank = line.bytes().all(|b| b == delim || b.is_ascii_whitespace());
        if !blank {
            sink(self.record_line, Record { text: line, ends: &self.ends, gap: 1 });
        }
        self.ends.clear();
        self.end_line(eol);
        Some(j + 1)
    }

    /// Emits the last record if the input did not end with a line break.
    pub fn finish<F: FnMut(usize, Record<'_>)>(&mut self, sink: &mut F) {
        if self.error.is_some() {
            return;
        }
        if self.state == State::Quoted {
            self.error = Some(TokenError::UnclosedQuote { line: self.quote_line });
            return;
        }
        if self.state != State::RecordStart {
            self.end_record(sink);
        }
    }

    /// Counts line breaks inside a quoted run; a CRLF counts once even when a chunk
    /// boundary falls between CR and LF.
    fn count_lines(&mut self, run: &[u8]) {
        for &b in run {
            match b {
                b'\n' if self.quoted_cr => self.quoted_cr = false,
                b'\n' => self.line += 1,
                b'\r' => {
                    self.line += 1;
                    self.quoted_cr = true;
                }
                _ => self.quoted_cr = false,
            }
        }
    }

    fn end_line(&mut self, b: u8) {
        self.line += 1;
        if b == b'\r' {
            self.after_cr = true;
        }
    }

    fn end_field(&mut self) {
        self.ends.push(self.buf.len());
        self.state = State::FieldStart;
        if self.ends.len() >= limits::COLUMNS {
            self.error = Some(TokenError::TooManyColumns { line: self.record_line });
        }
    }

    fn end_record<F: FnMut(usize, Record<'_>)>(&mut self, sink: &mut F) {
        self.ends.push(self.buf.len());
        self.state = State::RecordStart;
        // Blank lines, lines of only spaces and lines of only separators (Excel's empty
        // rows) are not records.
        if !self.buf.iter().all(u8::is_ascii_whitespace) {
            // Chunks are `&str` and every split point is an ASCII byte, so this is valid
            // UTF-8; the lossy fallback only guards against a logic error.
            match std::str::from_utf8(&self.buf) {
                Ok(text) => sink(self.record_line, Record { text, ends: &self.ends, gap: 0 }),
                Err(_) => {
                    let owned = String::from_utf8_lossy(&self.buf).into_owned();
                    if owned.len() == self.buf.len() {
                        sink(self.record_line, Record { text: &owned, ends: &self.ends, gap: 0 });
                    }
                }
            }
        }
        self.buf.clear();
        self.ends.clear();
    }
}

/// Tokenizes a whole string into owned records (for samples and tests).
pub fn records(text: &str, delim: u8, complete: bool) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut t = Tokenizer::new(delim);
    let mut sink = |line, r: Record<'_>| out.push((line, r.to_owned_fields()));
    t.feed(text, &mut sink);
    if complete {
        t.finish(&mut sink);
    }
    out
}

/// Records looked at to find the title lines above the header.
const TITLE_RECORDS: usize = 10;
/// Records (the header and the rows below it) whose field counts judge a separator.
const LAYOUT_RECORDS: usize = 200;

/// Text fed at a time to layout detection's tokenizer, so that it can stop once it has
/// what it judges.
const LAYOUT_PIECE: usize = 4096;

/// What layout detection reads of the records one separator makes: the fields of the
/// first [`TITLE_RECORDS`] (title lines, the header), the field counts of as many as the
/// header and the rows judged below it can need, and whether a record was too wide to
/// read (a [`TokenError::TooManyColumns`], which may come late in the sample). Once the
/// counts are in, the rest of the sample is read only when it holds enough separators to
/// make such a record.
fn layout_records(text: &str, delim: u8, complete: bool) -> (Vec<Vec<String>>, Vec<usize>, bool) {
    let (mut first, mut counts) = (Vec::new(), Vec::new());
    let mut t = Tokenizer::new(delim);
    let keep = |first: &mut Vec<Vec<String>>, counts: &mut Vec<usize>, r: Record<'_>| {
        if first.len() < TITLE_RECORDS {
            first.push(r.to_owned_fields());
        }
        if counts.len() < TITLE_RECORDS + LAYOUT_RECORDS {
            counts.push(r.len());
        }
    };
    let mut rest = text;
    let mut seen_enough = false;
    while !rest.is_empty() && t.error().is_none() {
        // up to a line end past LAYOUT_PIECE bytes (or the whole rest once judged)
        let cut = match rest.as_bytes().get(LAYOUT_PIECE..) {
            Some(after) if !seen_enough => {
                after.iter().position(|&b| b == b'\n').map_or(rest.len(), |p| LAYOUT_PIECE + p + 1)
            }
            _ => rest.len(),
        };
        let (piece, after) = rest.split_at(cut);
        t.feed(piece, &mut |_, r| keep(&mut first, &mut counts, r));
        rest = after;
        if !seen_enough && counts.len() >= TITLE_RECORDS + LAYOUT_RECORDS && t.at_record_boundary()
        {
            // a record of more than COLUMNS fields needs COLUMNS - 1 separators at least
            if rest.bytes().filter(|&b| b == delim).count() + 1 < limits::COLUMNS {
                return (first, counts, false);
            }
            seen_enough = true;
        }
    }
    if complete {
        t.finish(&mut |_, r| keep(&mut first, &mut counts, r));
    }
    (first, counts, matches!(t.error(), Some(TokenError::TooManyColumns { .. })))
}

/// The separator that splits the sample into the most rows with the header's field count
/// (at least two fields; `None` when no separator gives two columns: a single column), and
/// the number of title lines before the header: reports exported from
/// accounting tools start with lines such as `Umsatzbericht März 2024` (one field, no
/// separator). The header is the first record the separator splits.
pub fn detect_layout(sample: &str, complete: bool) -> Option<(u8, usize)> {
    let mut best: Option<(usize, usize, u8, usize)> = None;
    for &d in &DELIMITERS {
        let (first, counts, too_wide) = layout_records(sample, d, complete);
        // a record too wide to read is still split by this separator: reading on reports it
        if too_wide {
            return Some((d, 0));
        }
        let Some(title_lines) = first.iter().position(|r| r.len() >= 2) else {
            continue;
        };
        let Some(header) = first.get(title_lines) else { continue };
        let width = header.len();
        // Below a title the header must look like one (`8,5` under `Bewertung` is a
        // decimal, not two columns).
        let has_words = header.iter().any(|f| f.chars().any(char::is_alphabetic));
        if title_lines > 0 && !has_words {
            continue;
        }
        let (mut fit, mut split, mut total) = (0usize, 0usize, 0usize);
        for &n in counts.iter().skip(title_lines + 1).take(LAYOUT_RECORDS - 1) {
            total += 1;
            fit += usize::from(n == width);
            split += usize::from(n >= 2);
        }
        // Ragged rows exist in real files, but the separator must split most rows.
        if total > 0 && split * 5 < total * 4 {
            continue;
        }
        // Fewer title lines first: a separator that also splits the first line wins.
        let key = (std::cmp::Reverse(title_lines), fit, width);
        let better = match best {
            None => true,
            Some((bfit, bwidth, _, btitle)) => key > (std::cmp::Reverse(btitle), bfit, bwidth),
        };
        if better {
            best = Some((fit, width, d, title_lines));
        }
    }
    best.map(|(_, _, d, t)| (d, t))
}

/// Title lines above the header for a separator the user chose: records before the first
/// one it splits (none when it splits none of the first ten).
pub fn title_lines(sample: &str, delim: u8, complete: bool) -> usize {
    let (first, _, _) = layout_records(sample, delim, complete);
    first.iter().position(|r| r.len() >= 2).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, d: u8) -> Vec<(usize, Vec<String>)> {
        records(text, d, true)
    }

    /// Records with their lines, `text` fed in pieces of `step` bytes (cut at char
    /// boundaries), and the error.
    fn fed(text: &str, d: u8, step: usize) -> (Vec<(usize, Vec<String>)>, Option<TokenError>) {
        let mut t = Tokenizer::new(d);
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let mut cut = step.min(rest.len());
            while !rest.is_char_boundary(cut) {
                cut += 1;
            }
            let (piece, tail) = rest.split_at(cut);
            t.feed(piece, &mut |line, r| out.push((line, r.to_owned_fields())));
            rest = tail;
        }
        t.finish(&mut |line, r| out.push((line, r.to_owned_fields())));
        (out, t.error())
    }

    /// Whole records within one chunk go the zero-copy way, records cut by a chunk end (one
    /// byte at a time: every record) the byte-wise way: both read the same fields and lines.
    #[test]
    fn whole_records_read_as_byte_wise() {
        let texts = [
            "a,b,c\n1,2,3\n",
            "a;b\r\n1;2\r\n\r\n;;\r\n  ; \r\n3;4",
            "x\ry\rz",
            "a,b\n,\n,,\n\n \n1,\n,2\n",
            "h,q\n1,\"a\nb\"\n2,x\"y\n3,\"c\"\"d\"e\n4,ü\n",
            "\"h\",k\n1,2\r\n\"3\",4\n",
            "tab\tsep\n1\t2\n",
        ];
        for text in texts {
            for d in [b',', b';', b'\t'] {
                let whole = fed(text, d, usize::MAX);
                assert_eq!(whole, fed(text, d, 1), "{text:?} {d}");
                assert_eq!(whole, fed(text, d, 5), "{text:?} {d}");
            }
        }
        // the limits stop both ways at the same record
        let wide = format!("{}\n", ",".repeat(limits::COLUMNS + 1));
        assert_eq!(fed(&wide, b',', usize::MAX).1, Some(TokenError::TooManyColumns { line: 1 }));
        let long = format!("a\n{}\n", "x".repeat(limits::FIELD_BYTES + 1));
        assert_eq!(fed(&long, b',', usize::MAX).1, Some(TokenError::FieldTooLong { line: 2 }));
    }

    #[test]
    fn quotes_newlines_crlf() {
        let r = fields("a,b\r\n\"x, \"\"y\"\"\",\"line1\r\nline2\"\r\n3,4\r\n\r\n", b',');
        assert_eq!(r.len(), 3);
        assert_eq!(r[1], (2, vec!["x, \"y\"".to_string(), "line1\r\nline2".to_string()]));
        assert_eq!(r[2], (4, vec!["3".to_string(), "4".to_string()]));
    }

    #[test]
    fn chunks_anywhere_give_the_same_records() {
        let text = "k;v\r\n\"a;\"\"b\"\"\n c\";1\r\nd;2\n\n;;\ne;\"3\"\r\n  \r\nlast;4";
        let whole = fields(text, b';');
        for cut in 0..text.len() {
            if !text.is_char_boundary(cut) {
                continue;
            }
            let mut out = Vec::new();
            let mut t = Tokenizer::new(b';');
            let mut sink = |line, r: Record<'_>| out.push((line, r.to_owned_fields()));
            t.feed(&text[..cut], &mut sink);
            t.feed(&text[cut..], &mut sink);
            t.finish(&mut sink);
            assert_eq!(out, whole, "cut at {cut}");
        }
        assert_eq!(whole.len(), 5);
        assert_eq!(whole[2].0, 4);
        assert_eq!(whole[3], (7, vec!["e".to_string(), "3".to_string()]));
    }

    #[test]
    fn detection() {
        let detect_delimiter = |s: &str, complete| detect_layout(s, complete).map(|(d, _)| d);
        assert_eq!(detect_delimiter("Kunde;Betrag\nA;1,5\nB;2,5\n", true), Some(b';'));
        assert_eq!(detect_delimiter("customer,amount\n\"A; Inc\",1.5\n", true), Some(b','));
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2,5\t3\n", true), Some(b'\t'));
        assert_eq!(detect_delimiter("a|b\n1|2\n", true), Some(b'|'));
        assert_eq!(detect_delimiter("score\n7\n9\n", true), None);
        assert_eq!(detect_delimiter("c,s,t\nA,9,ok\nB,8\nC,7,x,y\nD,6,,\n", true), Some(b','));
        assert_eq!(detect_delimiter("Bewertung\n8,5\n9,5\n", true), None);
        assert_eq!(detect_layout("Bericht März\n\nKunde;Betrag\nA;1,5\n", true), Some((b';', 1)));
    }

    /// Layout detection stops reading once it has what it judges, unless the rest could
    /// hold a record too wide to read: the same answers as reading the whole sample.
    #[test]
    fn layout_reads_on_only_where_a_too_wide_record_may_come() {
        let rows: String = (0..3000).map(|i| format!("c{i};{i},5;x\n")).collect();
        let text = format!("Kunde;Betrag;Notiz\n{rows}");
        let (first, counts, too_wide) = layout_records(&text, b';', true);
        let whole = fields(&text, b';');
        assert_eq!(
            first,
            whole.iter().take(TITLE_RECORDS).map(|r| r.1.clone()).collect::<Vec<_>>()
        );
        let all: Vec<usize> = whole.iter().map(|r| r.1.len()).collect();
        assert_eq!(counts, all[..TITLE_RECORDS + LAYOUT_RECORDS]);
        assert!(!too_wide);
        // the too-wide record comes long after the records judged
        let wide = format!("{text}{}\n", ";".repeat(limits::COLUMNS + 1));
        assert!(layout_records(&wide, b';', true).2);
        assert_eq!(detect_layout(&wide, true), Some((b';', 0)));
        // a record too wide for another separator is that separator's
        let commas = format!("{text}{}\n", ",".repeat(limits::COLUMNS + 1));
        assert!(!layout_records(&commas, b';', true).2);
        assert_eq!(detect_layout(&commas, true), Some((b',', 0)));
    }

    fn error_of(text: &str) -> Option<TokenError> {
        let mut t = Tokenizer::new(b',');
        let mut sink = |_, _: Record<'_>| {};
        t.feed(text, &mut sink);
        t.finish(&mut sink);
        t.error()
    }

    #[test]
    fn a_quote_still_open_at_the_end_names_its_line() {
        let mut text = String::from("score,comment\n8,fine\n9,\"abc\n");
        for _ in 0..1000 {
            text.push_str("10,more\n");
        }
        assert_eq!(error_of(&text), Some(TokenError::UnclosedQuote { line: 3 }));
        // closed in time: no error, the newline is part of the field
        assert_eq!(error_of("a,b\n1,\"x\ny\"\n"), None);
    }

    #[test]
    fn a_quote_spanning_too_many_lines_stops_reading_there() {
        let mut text = String::from("score,comment\n9,\"abc\n");
        for _ in 0..limits::QUOTED_LINES + 5 {
            text.push_str("10,more\n");
        }
        text.push_str("\"\n");
        let mut t = Tokenizer::new(b',');
        let mut records = 0;
        t.feed(&text, &mut |_, _| records += 1);
        assert_eq!(t.error(), Some(TokenError::UnclosedQuote { line: 2 }));
        assert_eq!(records, 1, "only the header was emitted");
    }

    #[test]
    fn a_field_over_the_limit_is_refused_not_read_whole() {
        let cell = "x".repeat(limits::FIELD_BYTES + 1);
        let text = format!("a,b\n1,{cell}\n2,3\n");
        assert_eq!(error_of(&text), Some(TokenError::FieldTooLong { line: 2 }));
        let quoted = format!("a,b\n1,\"{cell}\"\n");
        assert_eq!(error_of(&quoted), Some(TokenError::UnclosedQuote { line: 2 }));
        // just under the limit is fine
        let ok = format!("a,b\n1,{}\n", "x".repeat(limits::FIELD_BYTES - 10));
        assert_eq!(error_of(&ok), None);
    }

    #[test]
    fn too_many_columns_are_refused() {
        let text = format!("{}\n", ",".repeat(limits::COLUMNS + 1));
        assert_eq!(error_of(&text), Some(TokenError::TooManyColumns { line: 1 }));
        let fine = format!("{}\n", ",".repeat(100));
        assert_eq!(error_of(&fine), None);
    }

    #[test]
    fn literal_quotes_are_ordinary_characters() {
        let mut out = Vec::new();
        let mut t = Tokenizer::new(b',').literal_quotes();
        let mut sink = |line, r: Record<'_>| out.push((line, r.to_owned_fields()));
        t.feed("score,comment\n9,\"abc\n8,ok\n", &mut sink);
        t.finish(&mut sink);
        assert_eq!(t.error(), None);
        assert_eq!(out.len(), 3);
        assert_eq!(out[1].1, vec!["9".to_string(), "\"abc".to_string()]);
    }

    #[test]
    fn kept_records_read_back_as_they_were_pushed() {
        let mut kept = Records::default();
        assert!(kept.is_empty() && kept.get(0).is_none());
        kept.push(2, ["Müller", "", "9,5"]);
        kept.push(3, ["", ""]);
        kept.push(5, ["ä"]);
        kept.push(6, std::iter::empty());
        kept.push(7, ["x", "y", "z", "w"]);
        assert_eq!(kept.len(), 5);
        let back: Vec<(usize, Vec<String>)> =
            kept.iter().map(|(line, r)| (line, r.to_owned_fields())).collect();
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            back,
            vec![
                (2, owned(&["Müller", "", "9,5"])),
                (3, owned(&["", ""])),
                (5, owned(&["ä"])),
                (6, vec![]),
                (7, owned(&["x", "y", "z", "w"])),
            ]
        );
        // past the end of a record: "" (as for a record straight from the tokenizer)
        let (line, third) = kept.get(2).unwrap();
        assert_eq!((line, third.len(), third.get(0), third.get(1)), (5, 1, "ä", ""));
        assert!(kept.get(5).is_none());
    }
}
