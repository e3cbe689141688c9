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

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

use super::decode::{StreamDecoder, TextEncoding};
use super::{limits, Format, ImportError, ImportOptions, Imported, RecordSink, CSV_SAMPLE_ROWS};
use crate::dataset::Dataset;

/// Records built between two hand-overs to the caller's `on_rows`.
const HAND_OVER_EVERY: usize = 8192;

/// An object with its keys in file order (serde_json's `Map` sorts them; columns should
/// appear as the user wrote them).
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ItemVisitor).and_then(|item| match item {
            Item::Object(o) => Ok(o),
            Item::Other => Err(serde::de::Error::custom("not an object")),
        })
    }
}

/// An array item: an object, or anything else (skipped, but read as strictly as a value:
/// a number out of range is an error wherever it stands).
enum Item {
    Object(Ordered),
    Other,
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.push((k, v));
        }
        Ok(Item::Object(Ordered(out)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Item::Other)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_str<E>(self, _: &str) -> Result<Item, E> {
        Ok(Item::Other)
    }
    fn visit_unit<E>(self) -> Result<Item, E> {
        Ok(Item::Other)
    }
}

/// Any value, read and checked like a [`Value`] (strings unescaped, numbers in range)
/// but kept nowhere. `true` when it is an array holding at least one object.
struct Checked(bool);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Checked;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
                while map.next_entry::<Cow<'de, str>, Checked>()?.is_some() {}
                Ok(Checked(false))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
                let mut any_object = false;
                while let Some(item) = seq.next_element::<Item>()? {
                    any_object |= matches!(item, Item::Object(_));
                }
                Ok(Checked(any_object))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
                Ok(Checked(false))
            }
            fn visit_unit<E>(self) -> Result<Checked, E> {
                Ok(Checked(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// A record as it comes out of the text: its line and its top-level entries.
type Entries = Vec<(String, Value)>;

/// Calls `each` with every array item, numbered from 1 (objects as `Some`).
struct EachItem<'f, T>(&'f mut dyn FnMut(usize, T));

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for EachItem<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for EachItem<'_, T> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element::<T>()? {
            index += 1;
            (self.0)(index, item);
        }
        Ok(())
    }
}

/// A wrapper object's entries in file order: the key, and whether the value is an array
/// holding at least one object.
struct WrapperEntries(Vec<(String, bool)>);

impl<'de> Deserialize<'de> for WrapperEntries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WrapperEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<WrapperEntries, A::Error> {
                let mut out = Vec::new();
                while let Some((k, Checked(holds_objects))) = map.next_entry::<String, Checked>()? {
                    out.push((k, holds_objects));
                }
                Ok(WrapperEntries(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Streams the items of a wrapper object's entry number `entry` (counted in file order).
struct WrapperItems<'f> {
    entry: usize,
    each: &'f mut dyn FnMut(usize, Value),
}

impl<'de> DeserializeSeed<'de> for WrapperItems<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for WrapperItems<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut position = 0;
        while map.next_key::<IgnoredAny>()?.is_some() {
            if position == self.entry {
                map.next_value_seed(EachItem::<Value>(&mut *self.each))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            position += 1;
        }
        Ok(())
    }
}

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

/// `None` when the text is not JSON after all (then it is read as CSV).
pub fn import_json(
    bytes: &[u8],
    encoding: TextEncoding,
    options: &ImportOptions,
) -> Option<Result<Imported, ImportError>> {
    import_json_with(bytes, encoding, options, None)
}

/// [`import_json`] that hands the rows built so far to `on_rows` every few thousand
/// records (see [`super::import_reader_with`]); without it every row stays in the result.
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
pub fn looks_like_json(bytes: &[u8], encoding: TextEncoding) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    fn run(s: &str) -> Result<Imported, ImportError> {
        import_json(s.as_bytes(), TextEncoding::Utf8, &ImportOptions::default()).unwrap()
    }

    #[test]
    fn array_and_ndjson() {
        let a = run(r#"[{"score": 9, "comment": "gut"}, {"score": 3}]"#).unwrap();
        assert_eq!(a.report.format, Format::Json);
        let Dataset::Survey(t) = a.dataset else { panic!() };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 2);
        let n = run("{\"score\": 9}\n\n{\"score\": \"x\"}\n").unwrap();
        assert_eq!(n.report.format, Format::Ndjson);
        let Dataset::Survey(t) = n.dataset else { panic!() };
        assert_eq!(t.rejected[0].line, 3);
        let nested =
            run(r#"[{"id": 1, "answers": {"nps": 8, "why": "ok"}, "meta": {"page": "/a"}}]"#)
                .unwrap();
        let Dataset::Survey(t) = nested.dataset else { panic!() };
        assert_eq!(t.rows[0].score, 8.0);
        assert_eq!(
            t.segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
            vec!["id", "meta.page"]
        );
        assert_eq!(t.rows[0].comment.as_deref(), Some("ok"));
        let w = run(r#"{"responses": [{"nps": 10}]}"#).unwrap();
        assert_eq!(w.report.rows_read, 1);
        let headers: Vec<String> = a.report.columns.iter().map(|c| c.header.clone()).collect();
        assert_eq!(headers, vec!["score", "comment"], "keys in file order");
    }

    #[test]
    fn broken_json_is_an_error() {
        assert!(matches!(run("[{\"score\": 9},"), Err(ImportError::UnreadableJson { .. })));
        assert!(matches!(
            run("{\"score\": 9}\n{oops"),
            Err(ImportError::UnreadableJson { line: 2, .. })
        ));
    }
}

#[cfg(test)]
mod streaming_tests {
    use super::*;
    use crate::dataset::Dataset;

    fn answers(n: usize) -> String {
        let items: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"score": {}, "date": "2024-01-{:02}"}}"#, i % 11, 1 + i % 28))
            .collect();
        format!("[{}]", items.join(",\n"))
    }

    /// Rows are handed on while the records are read, none is lost or counted twice, and
    /// the result equals reading without hand-over.
    #[test]
    fn rows_are_handed_on_in_chunks() {
        let n = 2 * HAND_OVER_EVERY + 123 + CSV_SAMPLE_ROWS;
        let text = answers(n);
        let options = ImportOptions::default();
        let mut chunks = Vec::new();
        let mut hand_over = |rows: Dataset| chunks.push(rows);
        let streamed =
            import_json_with(text.as_bytes(), TextEncoding::Utf8, &options, Some(&mut hand_over))
                .unwrap()
                .unwrap();
        assert!(chunks.len() >= 2, "{} chunks", chunks.len());
        let whole = import_json(text.as_bytes(), TextEncoding::Utf8, &options).unwrap().unwrap();
        let rows = |d: &Dataset| match d {
            Dataset::Survey(t) => t.rows.clone(),
            _ => panic!("survey"),
        };
        let mut all: Vec<_> = chunks.iter().flat_map(rows).collect();
        all.extend(rows(&streamed.dataset));
        let whole_rows = rows(&whole.dataset);
        assert_eq!((all.len(), whole_rows.len()), (n, n));
        let first_difference = all.iter().zip(&whole_rows).position(|(a, b)| a != b);
        assert_eq!(first_difference.map(|i| (&all[i], &whole_rows[i])), None);
        assert_eq!(streamed.report.rows_read, n);
        assert_eq!(streamed.report.rows_sampled, CSV_SAMPLE_ROWS);
    }

    /// A key that first appears after the sample is still a column (the columns come from
    /// every record), here a text in the very last answer only.
    #[test]
    fn a_key_first_seen_late_is_a_column() {
        let mut text = answers(CSV_SAMPLE_ROWS + 10);
        text.truncate(text.len() - 1);
        text.push_str(r#", {"score": 10, "date": "2024-02-01", "comment": "spät"}]"#);
        let i = import_json(text.as_bytes(), TextEncoding::Utf8, &ImportOptions::default())
            .unwrap()
            .unwrap();
        let headers: Vec<&str> = i.report.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(headers, vec!["score", "date", "comment"]);
        let Dataset::Survey(t) = i.dataset else { panic!() };
        assert_eq!(t.rows.len(), CSV_SAMPLE_ROWS + 11);
        let comment = t.segments.iter().find(|s| s.name == "comment").expect("a segment");
        assert!(comment.values.iter().any(|v| v == "spät"));
    }

    /// A wrapper's records come from its first array of objects by key order (as a
    /// `Map` orders them), items counted from 1 including the ones that are no objects.
    #[test]
    fn wrapper_and_mixed_items() {
        let w =
            r#"{"zeta": [{"score": 3}], "alpha": [1], "beta": [{"score": 9}, 7, {"score": 2}]}"#;
        let i = import_json(w.as_bytes(), TextEncoding::Utf8, &ImportOptions::default())
            .unwrap()
            .unwrap();
        let Dataset::Survey(t) = i.dataset else { panic!() };
        let got: Vec<(usize, f64)> = t.rows.iter().map(|r| (r.line, r.score)).collect();
        assert_eq!(got, vec![(1, 9.0), (3, 2.0)]);
        let a = r#"[1, {"score": 9, "score": 7}, null, [{"x": 1}], {"score": 10}]"#;
        let i = import_json(a.as_bytes(), TextEncoding::Utf8, &ImportOptions::default())
            .unwrap()
            .unwrap();
        let Dataset::Survey(t) = i.dataset else { panic!() };
        let got: Vec<(usize, f64)> = t.rows.iter().map(|r| (r.line, r.score)).collect();
        assert_eq!(got, vec![(2, 7.0), (5, 10.0)], "a repeated key: its last value");
    }

    #[test]
    fn errors_name_the_line() {
        let run =
            |s: &str| import_json(s.as_bytes(), TextEncoding::Utf8, &ImportOptions::default());
        assert!(matches!(
            run("[{\"score\": 9},\n {\"score\": 1e400}]"),
            Some(Err(ImportError::UnreadableJson { line: 2, .. }))
        ));
        assert!(matches!(
            run("{\"score\": 9}\n[1]"),
            Some(Err(ImportError::UnreadableJson { line: 2, .. }))
        ));
        assert!(matches!(run("[]"), Some(Err(ImportError::Empty))));
        let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
        assert!(matches!(run(&deep), Some(Err(ImportError::JsonTooDeep { limit: 64 }))));
        assert!(run("score\n9\n").is_none(), "no JSON: read as CSV");
    }
}
