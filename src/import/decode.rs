//! Text encodings: bytes → UTF-8, chunk by chunk.
//!
//! Spreadsheet exports arrive as UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
//! "Unicode text") or Windows-1252 (older German Excel on Windows). The encoding is decided
//! once from the first bytes; a decoder from `encoding_rs` then turns every chunk into UTF-8
//! so the tokenizer only ever sees `&str`.

use encoding_rs::{CoderResult, Decoder, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// The encodings the import recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::Windows1252 => WINDOWS_1252,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Windows1252 => "windows-1252",
        }
    }
}

/// Decides the encoding from a BOM, else from whether `sample` is valid UTF-8.
///
/// `complete` says whether `sample` is the whole input: if not, a multi-byte sequence cut
/// at the end of the sample is not held against UTF-8.
pub fn sniff(sample: &[u8], complete: bool) -> TextEncoding {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return TextEncoding::Utf8Bom;
    }
    if sample.starts_with(&[0xFF, 0xFE]) {
        return TextEncoding::Utf16Le;
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return TextEncoding::Utf16Be;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => TextEncoding::Utf8,
        // error_len() == None: the input ends inside a sequence, which is fine for a chunk.
        Err(e) if !complete && e.error_len().is_none() => TextEncoding::Utf8,
        Err(_) => TextEncoding::Windows1252,
    }
}

/// Whether the bytes look like a binary file (an image, a zip that is not a workbook, …)
/// rather than text. Text exports never contain NUL bytes outside UTF-16, and hardly any
/// control characters besides tab, CR and LF.
pub fn looks_binary(sample: &[u8], encoding: TextEncoding) -> bool {
    if matches!(encoding, TextEncoding::Utf16Le | TextEncoding::Utf16Be) {
        return false;
    }
    let sample = &sample[..sample.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control =
        sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    control * 20 > sample.len().max(1)
}

/// Streaming decoder: feed byte chunks, get UTF-8 text.
pub struct StreamDecoder {
    decoder: Decoder,
    encoding: TextEncoding,
    /// Everything so far was ASCII: the first byte that is not decides between UTF-8 and
    /// Windows-1252 (see [`StreamDecoder::undecided`]).
    undecided: bool,
    /// The start of a multi-byte sequence cut by the chunk end, held while undecided.
    held: Vec<u8>,
    /// encoding_rs panics when a finished decoder is used again.
    finished: bool,
    replaced: bool,
}

impl StreamDecoder {
    pub fn new(encoding: TextEncoding) -> Self {
        // BOM removal: the BOM must not end up in the first header name.
        StreamDecoder {
            decoder: encoding.encoding().new_decoder_with_bom_removal(),
            encoding,
            undecided: false,
            held: Vec::new(),
            finished: false,
            replaced: false,
        }
    }

    /// A decoder for a later part of the same input (no BOM there: a U+FEFF in the middle
    /// of a file is text, as the decoder of the whole file reads it).
    pub fn continuing(encoding: TextEncoding) -> Self {
        let encoding = match encoding {
            TextEncoding::Utf8Bom => TextEncoding::Utf8,
            e => e,
        };
        StreamDecoder {
            decoder: encoding.encoding().new_decoder_without_bom_handling(),
            ..StreamDecoder::new(encoding)
        }
    }

    /// UTF-8 for now, because everything seen so far was ASCII. At the first byte that is
    /// not ASCII: a valid UTF-8 sequence settles UTF-8; anything else switches to
    /// Windows-1252 (the ASCII before it reads the same in both), so a Windows-1252 file
    /// whose first umlaut comes after the sniffed start still reads `Österreich`.
    pub fn undecided() -> Self {
        StreamDecoder { undecided: true, ..StreamDecoder::new(TextEncoding::Utf8) }
    }

    /// The encoding decided (so far).
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// While undecided: looks at the first non-ASCII byte of `bytes` (after what was
    /// held) and settles the encoding if it can. Returns the bytes to decode now, or
    /// `None` when a cut sequence is held for the next chunk.
    fn settle<'b>(&mut self, bytes: &'b [u8], last: bool) -> Option<std::borrow::Cow<'b, [u8]>> {
        use std::borrow::Cow;
        let input: Cow<'b, [u8]> = if self.held.is_empty() {
            Cow::Borrowed(bytes)
        } else {
            let mut joined = std::mem::take(&mut self.held);
            joined.extend_from_slice(bytes);
            Cow::Owned(joined)
        };
        let Some(p) = input.iter().position(|b| !b.is_ascii()) else {
            return Some(input);
        };
        let rest = input.get(p..).unwrap_or(&[]);
        let head = rest.get(..rest.len().min(4)).unwrap_or(rest);
        match std::str::from_utf8(head) {
            Err(e) if e.valid_up_to() == 0 && e.error_len().is_none() && !last => {
                // a sequence cut by the chunk end: decide with the next chunk
                let (now, held) = input.split_at(p);
                self.held = held.to_vec();
                return Some(Cow::Owned(now.to_vec()));
            }
            Err(e) if e.valid_up_to() == 0 => {
                self.encoding = TextEncoding::Windows1252;
                self.decoder = WINDOWS_1252.new_decoder_without_bom_handling();
            }
            _ => {}
        }
        self.undecided = false;
        Some(input)
    }

    /// Whether malformed input was replaced by U+FFFD so far.
    pub fn replaced(&self) -> bool {
        self.replaced
    }

    /// Appends the decoded text of `bytes` to `out`. Malformed input becomes U+FFFD (the
    /// value is then rejected where it is used, instead of failing the whole file).
    pub fn decode(&mut self, bytes: &[u8], out: &mut String, last: bool) {
        if self.finished {
            return;
        }
        let settled;
        let bytes = if self.undecided {
            match self.settle(bytes, last) {
                Some(b) => {
                    settled = b;
                    &settled[..]
                }
                None => return,
            }
        } else {
            bytes
        };
        self.finished = last;
        let mut rest = bytes;
        loop {
            let need = self
                .decoder
                .max_utf8_buffer_length(rest.len())
                .unwrap_or(rest.len().saturating_mul(3).saturating_add(16));
            out.reserve(need);
            let (result, read, replaced) = self.decoder.decode_to_string(rest, out, last);
            self.replaced |= replaced;
            rest = rest.get(read..).unwrap_or(&[]);
            match result {
                CoderResult::InputEmpty => break,
                CoderResult::OutputFull => continue,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> String {
        let enc = sniff(bytes, true);
        let mut d = StreamDecoder::new(enc);
        let mut s = String::new();
        d.decode(bytes, &mut s, true);
        s
    }

    #[test]
    fn boms_and_fallback() {
        assert_eq!(sniff(b"\xEF\xBB\xBFa", true), TextEncoding::Utf8Bom);
        assert_eq!(decode_all(b"\xEF\xBB\xBFKunde"), "Kunde");
        assert_eq!(decode_all(b"\xFF\xFEa\0\xFC\0"), "aü");
        assert_eq!(decode_all(b"\xFE\xFF\0a\0\xFC"), "aü");
        assert_eq!(sniff(b"Gr\xFC\xDFe", true), TextEncoding::Windows1252);
        assert_eq!(decode_all(b"Gr\xFC\xDFe \x80"), "Grüße €");
        assert_eq!(decode_all("Grüße".as_bytes()), "Grüße");
    }

    #[test]
    fn cut_sequence_in_a_chunk_is_still_utf8() {
        let bytes = "aü".as_bytes();
        assert_eq!(sniff(&bytes[..2], false), TextEncoding::Utf8);
        assert_eq!(sniff(&bytes[..2], true), TextEncoding::Windows1252);
        let mut d = StreamDecoder::new(TextEncoding::Utf8);
        let mut s = String::new();
        d.decode(&bytes[..2], &mut s, false);
        d.decode(&bytes[2..], &mut s, true);
        assert_eq!(s, "aü");
    }

    #[test]
    fn binary() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0", TextEncoding::Utf8));
        assert!(!looks_binary(b"a;b\r\n1;2\r\n", TextEncoding::Utf8));
    }

    fn decode_chunks(chunks: &[&[u8]]) -> (String, TextEncoding) {
        let mut d = StreamDecoder::undecided();
        let mut s = String::new();
        for (i, c) in chunks.iter().enumerate() {
            d.decode(c, &mut s, i + 1 == chunks.len());
        }
        (s, d.encoding())
    }

    #[test]
    fn undecided_switches_at_the_first_byte_that_is_not_utf8() {
        let ascii = "Land;Wert\n".repeat(10_000);
        let late = [ascii.as_bytes(), b"\xd6sterreich;1\n".as_slice(), b"M\xfcnchen;2\n"].concat();
        let (text, enc) = decode_chunks(&[&late[..50_000], &late[50_000..]]);
        assert_eq!(enc, TextEncoding::Windows1252);
        assert!(text.ends_with("Österreich;1\nMünchen;2\n"), "{}", &text[text.len() - 30..]);
        assert!(text.starts_with("Land;Wert\n"));
    }

    #[test]
    fn undecided_stays_utf8_for_valid_utf8_even_when_cut() {
        let bytes = "abc Österreich".as_bytes();
        let cut = 5; // inside the two bytes of Ö
        let (text, enc) = decode_chunks(&[&bytes[..cut], &bytes[cut..]]);
        assert_eq!((text.as_str(), enc), ("abc Österreich", TextEncoding::Utf8));
        // a lone lead byte at the very end is no UTF-8
        let (text, enc) = decode_chunks(&[b"abc \xc3"]);
        assert_eq!((text.as_str(), enc), ("abc Ã", TextEncoding::Windows1252));
    }
}
