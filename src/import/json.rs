//! JSON: an array of objects (also wrapped: `{"responses": [...]}`) or newline-delimited
//! objects, as the survey widget's endpoint collects them.
//!
//! Keys become columns in order of first appearance; the line number of a record is its
//! array index + 1, or its physical line in NDJSON.

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

/// An object with its keys in file order (serde_json's `Map` sorts them; columns should
/// appear as the user wrote them).
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// An array item: an object, or anything else (skipped).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Item {
    Object(Ordered),
    #[allow(dead_code)]
    Other(IgnoredAny),
}

type Records = Vec<(usize, Vec<(String, Value)>)>;

use super::decode::{StreamDecoder, TextEncoding};
use super::{limits, Format, ImportError, ImportOptions, Imported, RecordSink};

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

/// `None` when the text is not JSON after all (then it is read as CSV).
pub fn import_json(
    bytes: &[u8],
    encoding: TextEncoding,
    options: &ImportOptions,
) -> Option<Result<Imported, ImportError>> {
    let mut text = String::new();
    StreamDecoder::new(encoding).decode(bytes, &mut text, true);
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if nesting_depth(trimmed) > limits::JSON_DEPTH {
        return Some(Err(ImportError::JsonTooDeep { limit: limits::JSON_DEPTH }));
    }
    if trimmed.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<Item>>(trimmed) {
            let records: Records = items
                .into_iter()
                .enumerate()
                .filter_map(|(i, it)| match it {
                    Item::Object(Ordered(o)) => Some((i + 1, o)),
                    Item::Other(_) => None,
                })
                .collect();
            if records.is_empty() {
                return Some(Err(ImportError::Empty));
            }
            return Some(to_table(Format::Json, records, options));
        }
    }
    let (format, records): (Format, Records) = match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Array(items)) => {
            (Format::Json, numbered(items.into_iter().enumerate().map(|(i, v)| (i + 1, v))))
        }
        Ok(Value::Object(obj)) => match inner_array(obj) {
            Ok(items) => {
                (Format::Json, numbered(items.into_iter().enumerate().map(|(i, v)| (i + 1, v))))
            }
            Err(obj) => (Format::Json, vec![(1, obj.into_iter().collect())]),
        },
        Ok(_) => return Some(Err(ImportError::NoKindFits { headers: Vec::new(), table: None })),
        Err(whole_err) => {
            if trimmed.starts_with('[') {
                return Some(Err(ImportError::UnreadableJson {
                    line: whole_err.line(),
                    detail: whole_err.to_string(),
                }));
            }
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate() {
                let l = line.trim();
                if l.is_empty() {
                    continue;
                }
                match serde_json::from_str::<Ordered>(l) {
                    Ok(Ordered(o)) => out.push((i + 1, o)),
                    Err(e) if e.is_data() => {
                        return Some(Err(ImportError::UnreadableJson {
                            line: i + 1,
                            detail: "not an object".into(),
                        }))
                    }
                    Err(e) if out.is_empty() && i == 0 && !l.starts_with('{') => {
                        let _ = e;
                        return None;
                    }
                    Err(e) => {
                        return Some(Err(ImportError::UnreadableJson {
                            line: i + 1,
                            detail: e.to_string(),
                        }))
                    }
                }
            }
            (Format::Ndjson, out)
        }
    };
    drop(text);
    if records.is_empty() {
        return Some(Err(ImportError::Empty));
    }
    Some(to_table(format, records, options))
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

/// The first array of objects inside a wrapper object.
fn inner_array(obj: Map<String, Value>) -> Result<Vec<Value>, Map<String, Value>> {
    let key = obj
        .iter()
        .find(|(_, v)| matches!(v, Value::Array(a) if a.iter().any(Value::is_object)))
        .map(|(k, _)| k.clone());
    match key {
        Some(k) => {
            let mut obj = obj;
            match obj.remove(&k) {
                Some(Value::Array(a)) => Ok(a),
                _ => Err(obj),
            }
        }
        None => Err(obj),
    }
}

/// Objects with their numbers; other array items are dropped (a stray `null`).
fn numbered(items: impl Iterator<Item = (usize, Value)>) -> Records {
    items
        .filter_map(|(i, v)| match v {
            Value::Object(o) => Some((i, o.into_iter().collect())),
            _ => None,
        })
        .collect()
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

fn to_table(
    format: Format,
    records: Records,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let records: Records = records
        .into_iter()
        .map(|(line, o)| {
            let mut flat = Vec::with_capacity(o.len());
            flatten("", o, 0, &mut flat);
            (line, flat)
        })
        .collect();
    let mut keys: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (_, o) in &records {
        for (k, _) in o {
            if !index.contains_key(k) {
                index.insert(k.clone(), keys.len());
                keys.push(k.clone());
            }
        }
    }
    let mut sink = RecordSink::for_table(options.clone(), format);
    sink.record_fields(0, &keys);
    for (line, o) in records {
        let mut fields = vec![String::new(); keys.len()];
        for (k, v) in &o {
            if let Some(slot) = index.get(k).and_then(|&i| fields.get_mut(i)) {
                *slot = text_of(v);
            }
        }
        sink.record_fields(line, &fields);
    }
    sink.finish()
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
