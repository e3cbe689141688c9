//! JSON: an array of objects (also wrapped: `{"responses": [...]}`) or newline-delimited
//! objects, as the survey widget's endpoint collects them.
//!
//! Keys become columns in order of first appearance; the line number of a record is its
//! array index + 1, or its physical line in NDJSON.
//!
//! Read record by record, never as one tree: a first pass checks the text and collects
//! the columns (every key of every record), a second one hands each record to the same
//! [`RecordSink`] the CSV path uses, which plans from the first [`CSV_SAMPLE_ROWS`]
//! records. Memory: the text, one record, the sample and the rows not yet handed on
//! (a 44 MB array of 600 k answers was 12× its size as a `Value` tree).

use std::borrow::Cow;

use serde::de::{Deserialize, DeserializeSeed};
use serde_json::{Map, Value};

use super::decode::{StreamDecoder, TextEncoding};
use super::{limits, Format, ImportError, ImportOptions, Imported, RecordSink, CSV_SAMPLE_ROWS};
use crate::dataset::Dataset;

mod records;
#[cfg(test)]
mod tests;

use records::{Checked, EachItem, Entries, Item, Ordered, WrapperEntries, WrapperItems};

/// Records built between two hand-overs to the caller's `on_rows`.
const HAND_OVER_EVERY: usize = 8192;

/// How the records lie in the text.
enum Layout {
    /// `[{…}, {…}]`: objects numbered by their index + 1; other items are skipped.
    Array,
    /// `{"responses": [{…}]}`: the items of the entry at this position, as an array.
    Wrapper { entry: usize },
    /// One object, one record.
    Single,
    /// One object per line.
    Ndjson,
}

/// What ends the import early: an error, or `None` when the text is no JSON after all.
type Stop = Option<ImportError>;

/// The JSON import (`None` when the text is not JSON after all: then it is read as CSV),
/// handing the rows built so far to `on_rows` every few thousand records (see
/// [`super::import_reader_with`]); without it every row stays in the result.
pub fn import_json_with(
    bytes: &[u8],
    encoding: TextEncoding,
    options: &ImportOptions,
    mut on_rows: Option<&mut dyn FnMut(Dataset)>,
) -> Option<Result<Imported, ImportError>> {
    let text = decoded(bytes, encoding);
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if nesting_depth(trimmed) > limits::JSON_DEPTH {
        return Some(Err(ImportError::JsonTooDeep { limit: limits::JSON_DEPTH }));
    }
    let (format, layout) = match layout_of(trimmed) {
        Ok(found) => found,
        Err(stop) => return stop.map(Err),
    };
    // First pass: the text is checked whole and the columns are every record's keys.
    let mut columns = Columns::default();
    let mut records = 0usize;
    if let Err(stop) = each_record(&layout, trimmed, &text, &mut |_, flat| {
        columns.add(&flat);
        records += 1;
    }) {
        return stop.map(Err);
    }
    if records == 0 {
        return Some(Err(ImportError::Empty));
    }
    let mut sink = RecordSink::for_table(options.clone(), format).sample_first(CSV_SAMPLE_ROWS);
    sink.record_fields(0, &columns.names);
    let mut since_hand_over = 0;
    let second = each_record(&layout, trimmed, &text, &mut |line, flat| {
        sink.record_fields(line, &columns.fields(&flat));
        since_hand_over += 1;
        if since_hand_over == HAND_OVER_EVERY {
            since_hand_over = 0;
            if let Some(hand_over) = on_rows.as_mut() {
                if let Some(rows) = sink.take_rows() {
                    hand_over(rows);
                }
            }
        }
    });
    // the same text read the same way: the first pass has already met any error
    if let Err(stop) = second {
        return stop.map(Err);
    }
    Some(sink.finish())
}

/// The text: borrowed when it is UTF-8 already (the common case, no copy).
fn decoded(bytes: &[u8], encoding: TextEncoding) -> Cow<'_, str> {
    if matches!(encoding, TextEncoding::Utf8 | TextEncoding::Utf8Bom) {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return Cow::Borrowed(s.strip_prefix('\u{feff}').unwrap_or(s));
        }
    }
    let mut text = String::new();
    StreamDecoder::new(encoding).decode(bytes, &mut text, true);
    Cow::Owned(text)
}

fn unreadable(e: &serde_json::Error) -> Stop {
    Some(ImportError::UnreadableJson { line: e.line(), detail: e.to_string() })
}

/// An array; one value (a wrapper, one object, or a scalar, which no kind fits); else
/// NDJSON.
fn layout_of(trimmed: &str) -> Result<(Format, Layout), Stop> {
    if trimmed.starts_with('[') {
        return Ok((Format::Json, Layout::Array));
    }
    let mut de = serde_json::Deserializer::from_str(trimmed);
    if Checked::deserialize(&mut de).and_then(|_| de.end()).is_err() {
        return Ok((Format::Ndjson, Layout::Ndjson));
    }
    if !trimmed.starts_with('{') {
        return Err(Some(ImportError::NoKindFits { headers: Vec::new(), table: None }));
    }
    let entries = serde_json::from_str::<WrapperEntries>(trimmed).map_err(|e| unreadable(&e))?;
    // The records are the first array of objects in the order of a `Map` (keys sorted; a
    // repeated key counts with its last value), as when the wrapper was read as a `Value`.
    let mut last: std::collections::BTreeMap<&str, (usize, bool)> = Default::default();
    for (position, (key, holds_objects)) in entries.0.iter().enumerate() {
        last.insert(key, (position, *holds_objects));
    }
    Ok(match last.values().find(|(_, holds_objects)| *holds_objects) {
        Some(&(entry, _)) => (Format::Json, Layout::Wrapper { entry }),
        None => (Format::Json, Layout::Single),
    })
}

/// Calls `each` with every record's line and flattened entries, in file order.
fn each_record(
    layout: &Layout,
    trimmed: &str,
    text: &str,
    each: &mut dyn FnMut(usize, Entries),
) -> Result<(), Stop> {
    let mut emit = |line: usize, entries: Entries| {
        let mut flat = Vec::with_capacity(entries.len());
        flatten("", entries, 0, &mut flat);
        each(line, flat);
    };
    let mut de = serde_json::Deserializer::from_str(trimmed);
    let read = match layout {
        Layout::Array => EachItem::<Item>(&mut |i, item| {
            if let Item::Object(Ordered(o)) = item {
                emit(i, o);
            }
        })
        .deserialize(&mut de),
        Layout::Wrapper { entry } => WrapperItems {
            entry: *entry,
            each: &mut |i, v| {
                if let Value::Object(o) = v {
                    emit(i, o.into_iter().collect());
                }
            },
        }
        .deserialize(&mut de),
        Layout::Single => {
            Map::<String, Value>::deserialize(&mut de).map(|o| emit(1, o.into_iter().collect()))
        }
        Layout::Ndjson => return each_line(text, &mut emit),
    };
    read.and_then(|()| de.end()).map_err(|e| unreadable(&e))
}

/// NDJSON: one object per non-blank line, numbered by its line.
fn each_line(text: &str, emit: &mut dyn FnMut(usize, Entries)) -> Result<(), Stop> {
    let mut seen = false;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        match serde_json::from_str::<Ordered>(l) {
            Ok(Ordered(o)) => {
                seen = true;
                emit(i + 1, o);
            }
            Err(e) if e.is_data() => {
                return Err(Some(ImportError::UnreadableJson {
                    line: i + 1,
                    detail: "not an object".into(),
                }))
            }
            // not JSON from its first line on: the text is read as CSV
            Err(_) if !seen && i == 0 && !l.starts_with('{') => return Err(None),
            Err(e) => {
                return Err(Some(ImportError::UnreadableJson {
                    line: i + 1,
                    detail: e.to_string(),
                }))
            }
        }
    }
    Ok(())
}

/// The columns: every flattened key in order of first appearance.
#[derive(Default)]
struct Columns {
    names: Vec<String>,
    index: std::collections::HashMap<String, usize>,
}

impl Columns {
    fn add(&mut self, flat: &Entries) {
        for (k, _) in flat {
            if !self.index.contains_key(k) {
                self.index.insert(k.clone(), self.names.len());
                self.names.push(k.clone());
            }
        }
    }

    /// A record as one text per column (a repeated key: its last value).
    fn fields(&self, flat: &Entries) -> Vec<String> {
        let mut fields = vec![String::new(); self.names.len()];
        for (k, v) in flat {
            if let Some(slot) = self.index.get(k).and_then(|&i| fields.get_mut(i)) {
                *slot = text_of(v);
            }
        }
        fields
    }
}

/// The first non-blank character opens an object or array.
pub(super) fn looks_like_json(bytes: &[u8], encoding: TextEncoding) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let mut text = String::new();
    StreamDecoder::new(encoding).decode(head, &mut text, false);
    matches!(
        text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').chars().next(),
        Some('[') | Some('{')
    )
}

/// The deepest nesting of arrays and objects, brackets inside strings not counted.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in text.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Nested objects become dotted columns (`{"answers": {"nps": 9}}` → `answers.nps`), so
/// that a widget payload maps like a flat table; arrays stay JSON text.
fn flatten(
    prefix: &str,
    entries: Vec<(String, Value)>,
    depth: usize,
    out: &mut Vec<(String, Value)>,
) {
    for (k, v) in entries {
        let key = if prefix.is_empty() { k } else { format!("{prefix}.{k}") };
        match v {
            Value::Object(o) if depth < 4 => flatten(&key, o.into_iter().collect(), depth + 1, out),
            v => out.push((key, v)),
        }
    }
}
