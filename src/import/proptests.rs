//! Property tests over the whole import path: no input may panic (a panic in wasm kills the
//! page). Random bytes, CSV-like noise, and fixtures mutated byte by byte, with random
//! options and random chunking of the streaming importer.
//!
//! The default is proptest's 256 cases per property; for the stress run set
//! `PROPTEST_CASES`, e.g. `PROPTEST_CASES=20000 cargo test --lib import::proptests`.

use proptest::prelude::*;

use super::*;
use crate::dataset::DatasetKind;
use crate::i18n::Lang;

/// Real files to mutate: every format and encoding.
const SEEDS: [&[u8]; 10] = [
    include_bytes!("../../tests/fixtures/import/stripe_subscriptions.csv"),
    include_bytes!("../../tests/fixtures/import/german_excel_orders.csv"),
    include_bytes!("../../tests/fixtures/import/excel_unicode.txt"),
    include_bytes!("../../tests/fixtures/import/typeform.csv"),
    include_bytes!("../../tests/fixtures/import/survey_excel.xlsx"),
    include_bytes!("../../tests/fixtures/import/orders.ods"),
    include_bytes!("../../tests/fixtures/import/widget.ndjson"),
    include_bytes!("../../tests/fixtures/import/survey.json"),
    include_bytes!("../../tests/fixtures/import/surveymonkey.csv"),
    include_bytes!("../../tests/fixtures/import/usage_events.csv"),
];

/// Bytes that matter to the parsers, so that noise hits interesting paths.
const ALPHABET: &[u8] =
    b",;\t|\"\r\n 0123456789.-/:+%()e\xE2\x82\xAC\xC3\xA4\xFF\xFE\x00{}[]abcxyzZT";

fn noise() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        prop::collection::vec(prop::sample::select(ALPHABET), 0..600),
        // A plausible header followed by noise.
        prop::collection::vec(prop::sample::select(ALPHABET), 0..400).prop_map(|mut v| {
            let mut out = b"customer;date;score;amount;mrr;start;end;interval\n".to_vec();
            out.append(&mut v);
            out
        }),
    ]
}

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), prop::sample::select(ALPHABET)).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0usize..64).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (0..SEEDS.len(), prop::collection::vec(mutation(), 1..10)).prop_map(|(seed, muts)| {
        let mut v = SEEDS.get(seed).copied().unwrap_or_default().to_vec();
        for m in muts {
            let len = v.len().max(1);
            match m {
                Mutation::Flip(i, b) => {
                    if let Some(x) = v.get_mut(i % len) {
                        *x = b;
                    }
                }
                Mutation::Insert(i, b) => v.insert(i % (v.len() + 1), b),
                Mutation::Delete(i) => {
                    if !v.is_empty() {
                        v.remove(i % len);
                    }
                }
                Mutation::Truncate(i) => v.truncate(i % (v.len() + 1)),
                Mutation::Duplicate(i, n) => {
                    let start = i % len;
                    let part: Vec<u8> = v.iter().skip(start).take(n).copied().collect();
                    v.splice(start..start, part);
                }
            }
        }
        v
    })
}

fn options() -> impl Strategy<Value = ImportOptions> {
    (
        prop::option::of(prop::sample::select(DatasetKind::ALL.to_vec())),
        prop::collection::vec(
            (prop::sample::select(Field::ALL.to_vec()), prop::option::of(0usize..40)),
            0..3,
        ),
        prop::collection::vec(
            (
                0usize..12,
                prop::sample::select(vec![
                    NumberConvention::DecimalPoint,
                    NumberConvention::DecimalComma,
                ]),
            ),
            0..2,
        ),
        prop::collection::vec(
            (0usize..12, prop::sample::select(vec![DateOrder::DayMonth, DateOrder::MonthDay])),
            0..2,
        ),
        prop::option::of(prop::sample::select(vec!["Antworten".to_string(), "x".to_string()])),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(kind, mapping, number_conventions, date_orders, sheet, amounts_in_cents)| {
                ImportOptions {
                    kind,
                    mapping,
                    number_conventions,
                    date_orders,
                    sheet,
                    amounts_in_cents,
                    ..ImportOptions::default()
                }
            },
        )
}

/// Whatever comes out, it is consistent: rows + rejected = rows read.
fn check(result: Result<Imported, ImportError>) {
    match result {
        Ok(i) => {
            let json = serde_json::to_string(&i.report);
            assert!(json.is_ok());
            assert_eq!(i.report.rows_rejected, rejected_count(&i.dataset));
            assert!(i.report.rows_rejected <= i.report.rows_read);
        }
        Err(e) => {
            assert!(!e.message(Lang::En).is_empty());
            assert!(!e.message(Lang::De).is_empty());
        }
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in noise(), o in options()) {
        check(import(&bytes, None, &o));
    }

    /// Deeply nested or broken JSON is refused with a message, never a panic or a stack
    /// overflow; past the depth limit it is always the depth message.
    #[test]
    fn nested_json_never_panics(depth in 0usize..300, objects in any::<bool>(), body in "[a-z0-9:,\\[\\]{}\" ]{0,40}") {
        let (open, close) = if objects { ("{\"a\":", "}") } else { ("[", "]") };
        let text = format!("{}{body}{}", open.repeat(depth), close.repeat(depth));
        let result = import(text.as_bytes(), Some("x.json"), &ImportOptions::default());
        if depth > limits::JSON_DEPTH && !body.contains('"') {
            prop_assert!(matches!(result, Err(ImportError::JsonTooDeep { .. })), "{result:?}");
        }
        check(result);
    }

    #[test]
    fn mutated_fixtures_never_panic(bytes in mutated(), o in options()) {
        check(import(&bytes, None, &o));
    }

    #[test]
    fn streaming_in_random_chunks_never_panics(bytes in prop_oneof![noise(), mutated()], cuts in prop::collection::vec(1usize..200, 0..20)) {
        let mut s = CsvImporter::new(ImportOptions::default());
        s.sniff_bytes = 64;
        let mut rest: &[u8] = &bytes;
        for c in cuts {
            let (a, b) = rest.split_at(c.min(rest.len()));
            s.push(a);
            rest = b;
        }
        s.push(rest);
        check(s.finish());
    }

    /// Valid text: however it is chunked, the result equals the one-piece import.
    #[test]
    fn chunking_does_not_change_the_result(rows in prop::collection::vec((0u8..11, prop::sample::select(vec!["a", "b, c", "\"q\"", "ü", "x\ny"])), 1..60), cut in 1usize..97) {
        let mut text = String::from("score;comment\r\n");
        for (s, c) in &rows {
            let c = c.replace('"', "\"\"");
            text.push_str(&format!("{s};\"{c}\"\r\n"));
        }
        let whole = import(text.as_bytes(), None, &ImportOptions::default());
        let mut s = CsvImporter::new(ImportOptions::default());
        for chunk in text.as_bytes().chunks(cut) {
            s.push(chunk);
        }
        prop_assert_eq!(whole, s.finish());
    }
}
