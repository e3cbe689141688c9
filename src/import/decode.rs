//! Text encodings: bytes → UTF-8, chunk by chunk.
//!
//! Spreadsheet exports arrive as UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's
//! "Unicode text") or Windows-1252 (older German Excel on Windows). The encoding is decided
//! once from the first bytes; a decoder then turns every chunk into UTF-8 so the tokenizer
//! only ever sees `&str`.
//!
//! The decoders are written here after the WHATWG Encoding Standard (what browsers and
//! `encoding_rs` do: malformed input becomes U+FFFD per maximal subpart), not taken from
//! `encoding_rs`: its decoder type reaches every legacy encoding's tables (~190 KB of CJK
//! data), which would otherwise all be in the analysis worker's wasm.

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
    /// The byte order mark a decoder with BOM removal drops at the start.
    fn bom(self) -> &'static [u8] {
        match self {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => b"\xEF\xBB\xBF",
            TextEncoding::Utf16Le => b"\xFF\xFE",
            TextEncoding::Utf16Be => b"\xFE\xFF",
            TextEncoding::Windows1252 => b"",
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
    /// Input after the last chunk is ignored.
    finished: bool,
    replaced: bool,
}

impl StreamDecoder {
    pub fn new(encoding: TextEncoding) -> Self {
        // BOM removal: the BOM must not end up in the first header name.
        StreamDecoder {
            decoder: Decoder::new(encoding, true),
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
        StreamDecoder { decoder: Decoder::new(encoding, false), ..StreamDecoder::new(encoding) }
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
                self.decoder = Decoder::new(TextEncoding::Windows1252, false);
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

    /// The text of `bytes`: the bytes themselves when they are UTF-8 as they stand (the
    /// common case, read with no copy), else decoded into `scratch` (cleared first) as
    /// [`decode`](Self::decode) does. The text is the same either way.
    pub fn decode_str<'a>(
        &mut self,
        bytes: &'a [u8],
        scratch: &'a mut String,
        last: bool,
    ) -> &'a str {
        if let Some(text) = self.as_utf8(bytes, last) {
            return text;
        }
        scratch.clear();
        self.decode(bytes, scratch, last);
        scratch
    }

    /// `bytes` as UTF-8 text where decoding would copy them unchanged: a UTF-8 input with
    /// nothing held from the chunk before and no BOM left to drop, whose bytes are valid
    /// (a sequence cut by the chunk end is held for the next chunk, as `decode` holds it).
    fn as_utf8<'a>(&mut self, bytes: &'a [u8], last: bool) -> Option<&'a str> {
        let d = &self.decoder;
        let plain = matches!(d.encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom)
            && !self.finished
            && self.held.is_empty()
            && d.pending.is_empty()
            && !d.strip_bom;
        if !plain {
            return None;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            // cut at the end: while undecided, `settle` decides with the next chunk
            Err(e) if e.error_len().is_none() && !last && !self.undecided => {
                let (valid, cut) = bytes.split_at(e.valid_up_to());
                let text = std::str::from_utf8(valid).ok()?;
                self.decoder.pending = cut.to_vec();
                text
            }
            Err(_) => return None,
        };
        // valid UTF-8 with a byte that is not ASCII settles the encoding as `settle` would
        if self.undecided && !text.is_ascii() {
            self.undecided = false;
        }
        self.finished = last;
        Some(text)
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
        self.replaced |= self.decoder.decode(bytes, out, last);
    }
}

/// Windows-1252's bytes 0x80–0x9F (WHATWG index; the five bytes it leaves undefined are the
/// C1 controls of the same number, as in browsers). Every other byte is its Latin-1 code point.
const WINDOWS_1252_80: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// One encoding's decoder: bytes → UTF-8 across chunk boundaries.
struct Decoder {
    encoding: TextEncoding,
    /// The BOM is still to be dropped if the input starts with it.
    strip_bom: bool,
    /// The start of a sequence cut by the previous chunk's end (at most 3 bytes).
    pending: Vec<u8>,
}

impl Decoder {
    fn new(encoding: TextEncoding, strip_bom: bool) -> Self {
        Decoder { encoding, strip_bom, pending: Vec::new() }
    }

    /// Appends the text of `bytes` to `out`; whether something was replaced by U+FFFD.
    /// `last`: the input ends here (a cut sequence is then malformed).
    fn decode(&mut self, bytes: &[u8], out: &mut String, last: bool) -> bool {
        let joined;
        let mut input = if self.pending.is_empty() {
            bytes
        } else {
            let mut j = std::mem::take(&mut self.pending);
            j.extend_from_slice(bytes);
            joined = j;
            &joined[..]
        };
        if self.strip_bom {
            let bom = self.encoding.bom();
            if input.len() < bom.len() && bom.starts_with(input) && !last {
                self.pending = input.to_vec();
                return false;
            }
            self.strip_bom = false;
            input = input.strip_prefix(bom).unwrap_or(input);
        }
        out.reserve(input.len());
        match self.encoding {
            TextEncoding::Utf8 | TextEncoding::Utf8Bom => self.utf8(input, out, last),
            TextEncoding::Utf16Le => self.utf16(input, out, last, u16::from_le_bytes),
            TextEncoding::Utf16Be => self.utf16(input, out, last, u16::from_be_bytes),
            TextEncoding::Windows1252 => {
                out.extend(input.iter().map(|&b| match b {
                    0x80..=0x9F => WINDOWS_1252_80[usize::from(b - 0x80)],
                    _ => char::from(b),
                }));
                false
            }
        }
    }

    fn utf8(&mut self, input: &[u8], out: &mut String, last: bool) -> bool {
        let mut replaced = false;
        let mut chunks = input.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            out.push_str(chunk.valid());
            let bad = chunk.invalid();
            if bad.is_empty() {
                continue;
            }
            // The input ends inside a sequence that may still be complete: wait for more.
            let cut = chunks.peek().is_none()
                && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none());
            if cut && !last {
                self.pending = bad.to_vec();
            } else {
                out.push(char::REPLACEMENT_CHARACTER);
                replaced = true;
            }
        }
        replaced
    }

    fn utf16(
        &mut self,
        input: &[u8],
        out: &mut String,
        last: bool,
        unit: fn([u8; 2]) -> u16,
    ) -> bool {
        let mut units: Vec<u16> = input.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
        let mut held = input.len() % 2;
        let lead_at_end = units.last().is_some_and(|u| (0xD800..0xDC00).contains(u));
        if lead_at_end && !last {
            // a lead surrogate at the end waits for its trail in the next chunk
            units.pop();
            held += 2;
        } else if lead_at_end && held == 1 {
            // the input ends in a lead surrogate and half a unit: one error for both (WHATWG)
            units.pop();
        }
        let mut replaced = false;
        for c in char::decode_utf16(units) {
            out.push(c.unwrap_or_else(|_| {
                replaced = true;
                char::REPLACEMENT_CHARACTER
            }));
        }
        if held > 0 {
            if last {
                // an odd byte at the end
                out.push(char::REPLACEMENT_CHARACTER);
                replaced = true;
            } else {
                self.pending = input.get(input.len() - held..).unwrap_or(&[]).to_vec();
            }
        }
        replaced
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

    /// The decoders against `encoding_rs` (what browsers decode with): any bytes, cut into
    /// any chunks, give the same text and the same "something was replaced".
    mod against_encoding_rs {
        use super::super::*;
        use proptest::prelude::*;

        fn reference(encoding: TextEncoding, bytes: &[u8], bom_removal: bool) -> (String, bool) {
            let e = match encoding {
                TextEncoding::Utf8 | TextEncoding::Utf8Bom => encoding_rs::UTF_8,
                TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
                TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
                TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
            };
            let mut d = if bom_removal {
                e.new_decoder_with_bom_removal()
            } else {
                e.new_decoder_without_bom_handling()
            };
            let mut out = String::with_capacity(bytes.len() * 3 + 16);
            let (_, _, replaced) = d.decode_to_string(bytes, &mut out, true);
            (out, replaced)
        }

        fn ours(encoding: TextEncoding, bytes: &[u8], cuts: &[usize], bom: bool) -> (String, bool) {
            let mut d = if bom {
                StreamDecoder::new(encoding)
            } else {
                StreamDecoder::continuing(encoding)
            };
            let mut out = String::new();
            let mut at = 0;
            let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
            cuts.sort_unstable();
            for c in cuts {
                d.decode(&bytes[at..c], &mut out, false);
                at = c;
            }
            d.decode(&bytes[at..], &mut out, true);
            (out, d.replaced())
        }

        /// Bytes that hit the interesting cases often: BOMs, lead/continuation bytes,
        /// surrogates in both byte orders, Windows-1252's 0x80–0x9F.
        fn bytes() -> impl Strategy<Value = Vec<u8>> {
            let byte = prop_oneof![
                any::<u8>(),
                Just(0xEF),
                Just(0xBB),
                Just(0xBF),
                Just(0xFF),
                Just(0xFE),
                0x80u8..0xC0,
                0xC0u8..0xF8,
                0xD8u8..0xE0,
                Just(0),
                0x20u8..0x7F,
            ];
            prop::collection::vec(byte, 0..40)
        }

        proptest! {
            #[test]
            fn same_text_in_any_chunks(
                bytes in bytes(),
                cuts in prop::collection::vec(any::<usize>(), 0..5),
                which in 0usize..5,
                bom: bool,
            ) {
                let encoding = [
                    TextEncoding::Utf8, TextEncoding::Utf8Bom, TextEncoding::Utf16Le,
                    TextEncoding::Utf16Be, TextEncoding::Windows1252,
                ][which];
                prop_assert_eq!(ours(encoding, &bytes, &cuts, bom), reference(encoding, &bytes, bom));
            }
        }

        /// Text, whether anything was replaced and the encoding settled, read chunk by
        /// chunk at `cuts` with [`StreamDecoder::decode_str`] or with `decode`.
        fn read_in_chunks(
            mut d: StreamDecoder,
            bytes: &[u8],
            cuts: &[usize],
            borrowed: bool,
        ) -> (String, bool, TextEncoding) {
            let mut out = String::new();
            let mut scratch = String::from("left over");
            let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
            cuts.sort_unstable();
            let ends = cuts.into_iter().map(|c| (c, false)).chain([(bytes.len(), true)]);
            let mut at = 0;
            for (c, last) in ends {
                if borrowed {
                    out.push_str(d.decode_str(&bytes[at..c], &mut scratch, last));
                } else {
                    d.decode(&bytes[at..c], &mut out, last);
                }
                at = c;
            }
            (out, d.replaced(), d.encoding())
        }

        proptest! {
            /// The text borrowed where it can be is the text decoded, in every encoding
            /// and in the undecided start of an ASCII file (which may still turn out to be
            /// Windows-1252), however the input is cut.
            #[test]
            fn decode_str_reads_what_decode_reads(
                bytes in bytes(),
                cuts in prop::collection::vec(any::<usize>(), 0..5),
                which in 0usize..6,
                bom: bool,
            ) {
                let make = || match which {
                    5 => StreamDecoder::undecided(),
                    _ => {
                        let e = [
                            TextEncoding::Utf8, TextEncoding::Utf8Bom, TextEncoding::Utf16Le,
                            TextEncoding::Utf16Be, TextEncoding::Windows1252,
                        ][which];
                        if bom { StreamDecoder::new(e) } else { StreamDecoder::continuing(e) }
                    }
                };
                prop_assert_eq!(
                    read_in_chunks(make(), &bytes, &cuts, true),
                    read_in_chunks(make(), &bytes, &cuts, false)
                );
            }
        }

        #[test]
        fn decode_str_borrows_utf8_and_holds_a_cut_sequence() {
            let mut d = StreamDecoder::continuing(TextEncoding::Utf8);
            let mut scratch = String::new();
            let bytes = "Köln;1\nMünchen".as_bytes();
            let cut = 10; // inside the two bytes of ü
            let first = d.decode_str(&bytes[..cut], &mut scratch, false);
            assert_eq!(first, "Köln;1\nM");
            assert_eq!(first.as_ptr(), bytes.as_ptr(), "borrowed, not copied");
            assert_eq!(d.decode_str(&bytes[cut..], &mut scratch, true), "ünchen");
            assert!(!d.replaced());
        }

        #[test]
        fn every_windows_1252_byte() {
            let all: Vec<u8> = (0..=255).collect();
            assert_eq!(
                ours(TextEncoding::Windows1252, &all, &[], false),
                reference(TextEncoding::Windows1252, &all, false)
            );
        }
    }
}
