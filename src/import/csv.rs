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

/// The separators tried, in order of preference when two fit equally well.
pub const DELIMITERS: [u8; 4] = [b'\t', b';', b',', b'|'];

/// One record: fields as `&str`, borrowed from the tokenizer's buffer.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    text: &'a str,
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, or "" past the end (ragged rows are reported by the caller).
    pub fn get(&self, i: usize) -> &'a str {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
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
}

impl Tokenizer {
    pub fn new(delim: u8) -> Self {
        Tokenizer {
            delim,
            state: State::RecordStart,
            buf: Vec::with_capacity(256),
            ends: Vec::with_capacity(16),
            line: 1,
            record_line: 1,
            after_cr: false,
            quoted_cr: false,
        }
    }

    /// The first physical line was consumed by the caller (Excel's `sep=` line).
    pub fn skip_line(&mut self) {
        self.line += 1;
    }

    pub fn delimiter(&self) -> u8 {
        self.delim
    }

    /// Tokenizes `text`, calling `sink(line, record)` for every complete record.
    pub fn feed<F: FnMut(usize, Record<'_>)>(&mut self, text: &str, sink: &mut F) {
        let bytes = text.as_bytes();
        let delim = self.delim;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if self.after_cr {
                self.after_cr = false;
                if b == b'\n' {
                    i += 1;
                    continue;
                }
            }
            match self.state {
                State::RecordStart | State::FieldStart => {
                    if self.state == State::RecordStart {
                        self.record_line = self.line;
                    }
                    if b == b'"' {
                        self.state = State::Quoted;
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

    /// Emits the last record if the input did not end with a line break.
    pub fn finish<F: FnMut(usize, Record<'_>)>(&mut self, sink: &mut F) {
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
                Ok(text) => sink(self.record_line, Record { text, ends: &self.ends }),
                Err(_) => {
                    let owned = String::from_utf8_lossy(&self.buf).into_owned();
                    if owned.len() == self.buf.len() {
                        sink(self.record_line, Record { text: &owned, ends: &self.ends });
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

/// Picks the separator that splits the sample into the most rows with the header's field
/// count (at least two fields). `None` when no separator gives two columns: a single column.
pub fn detect_delimiter(sample: &str, complete: bool) -> Option<u8> {
    detect_layout(sample, complete).map(|(d, _)| d)
}

/// The separator and the number of title lines before the header: reports exported from
/// accounting tools start with lines such as `Umsatzbericht März 2024` (one field, no
/// separator). The header is the first record the separator splits.
pub fn detect_layout(sample: &str, complete: bool) -> Option<(u8, usize)> {
    let mut best: Option<(usize, usize, u8, usize)> = None;
    for &d in &DELIMITERS {
        let recs = records(sample, d, complete);
        let Some(title_lines) = recs.iter().take(10).position(|(_, r)| r.len() >= 2) else {
            continue;
        };
        let mut it = recs.iter().skip(title_lines).take(200);
        let Some((_, header)) = it.next() else { continue };
        let width = header.len();
        // Below a title the header must look like one (`8,5` under `Bewertung` is a
        // decimal, not two columns).
        let has_words = header.iter().any(|f| f.chars().any(char::is_alphabetic));
        if title_lines > 0 && !has_words {
            continue;
        }
        let (mut fit, mut split, mut total) = (0usize, 0usize, 0usize);
        for (_, r) in it {
            total += 1;
            fit += usize::from(r.len() == width);
            split += usize::from(r.len() >= 2);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, d: u8) -> Vec<(usize, Vec<String>)> {
        records(text, d, true)
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
        assert_eq!(detect_delimiter("Kunde;Betrag\nA;1,5\nB;2,5\n", true), Some(b';'));
        assert_eq!(detect_delimiter("customer,amount\n\"A; Inc\",1.5\n", true), Some(b','));
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2,5\t3\n", true), Some(b'\t'));
        assert_eq!(detect_delimiter("a|b\n1|2\n", true), Some(b'|'));
        assert_eq!(detect_delimiter("score\n7\n9\n", true), None);
        assert_eq!(detect_delimiter("c,s,t\nA,9,ok\nB,8\nC,7,x,y\nD,6,,\n", true), Some(b','));
        assert_eq!(detect_delimiter("Bewertung\n8,5\n9,5\n", true), None);
        assert_eq!(detect_layout("Bericht März\n\nKunde;Betrag\nA;1,5\n", true), Some((b';', 1)));
    }
}
