//! The JSON import through the crate's entry point (`import::import` with a `.json` file
//! name), and the hand-over of rows while streaming.

use super::*;
use crate::dataset::Dataset;
use crate::import::import;

/// A JSON text as a dropped `answers.json` is read.
fn run(s: &str) -> Result<Imported, ImportError> {
    run_with(s, &ImportOptions::default())
}

fn run_with(s: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    import(s.as_bytes(), Some("answers.json"), options)
}

mod layouts {
    use super::*;

    #[test]
    fn array_and_ndjson() {
        let a = run(r#"[{"score": 9, "comment": "gut"}, {"score": 3}]"#).unwrap();
        assert_eq!(a.report.source.format, Format::Json);
        let Dataset::Survey(t) = a.dataset else { panic!() };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 2);
        let n = run("{\"score\": 9}\n\n{\"score\": \"x\"}\n").unwrap();
        assert_eq!(n.report.source.format, Format::Ndjson);
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

mod streaming {
    use super::*;

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
        let whole = run_with(&text, &options).unwrap();
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
        let i = run(&text).unwrap();
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
        let i = run(w).unwrap();
        let Dataset::Survey(t) = i.dataset else { panic!() };
        let got: Vec<(usize, f64)> = t.rows.iter().map(|r| (r.line, r.score)).collect();
        assert_eq!(got, vec![(1, 9.0), (3, 2.0)]);
        let a = r#"[1, {"score": 9, "score": 7}, null, [{"x": 1}], {"score": 10}]"#;
        let i = run(a).unwrap();
        let Dataset::Survey(t) = i.dataset else { panic!() };
        let got: Vec<(usize, f64)> = t.rows.iter().map(|r| (r.line, r.score)).collect();
        assert_eq!(got, vec![(2, 7.0), (5, 10.0)], "a repeated key: its last value");
    }

    #[test]
    fn errors_name_the_line() {
        assert!(matches!(
            run("[{\"score\": 9},\n {\"score\": 1e400}]"),
            Err(ImportError::UnreadableJson { line: 2, .. })
        ));
        assert!(matches!(
            run("{\"score\": 9}\n[1]"),
            Err(ImportError::UnreadableJson { line: 2, .. })
        ));
        assert!(matches!(run("[]"), Err(ImportError::Empty)));
        let deep = format!("{}{}", "[".repeat(70), "]".repeat(70));
        assert!(matches!(run(&deep), Err(ImportError::JsonTooDeep { limit: 64 })));
        // a .json file that is no JSON is read as CSV
        let csv = run("score\n9\n").unwrap();
        assert_eq!((csv.report.source.format, csv.report.rows_read), (Format::Csv, 1));
    }
}
