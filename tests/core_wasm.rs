//! The metric core and the import, compiled to wasm and run in headless Chromium: the same
//! numbers as natively (float formatting, decimal parsing and date handling included).
#![cfg(target_arch = "wasm32")]

use kundenkpi::analysis::{analyze, AnalysisOptions};
use kundenkpi::i18n::{format_number, Lang};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn nps_of_a_pasted_column() {
    let a = analyze(b"score\n10\n10\n9\n9\n9\n8\n7\n6\n3\n0\n", None, &AnalysisOptions::default())
        .expect("imports");
    let nps = a.survey.expect("survey data").nps;
    assert_eq!((nps.promoters, nps.passives, nps.detractors), (5, 2, 3));
    assert_eq!(nps.nps, Some(20.0));
    assert!((nps.moe95.unwrap() - 54.033471108193666).abs() < 1e-9);
}

#[wasm_bindgen_test]
fn german_semicolon_export_with_a_bad_row() {
    let csv = "Datum;Bewertung;Kommentar\n05.03.2024;10;Super\n06.03.2024;11;zu hoch\n07.03.2024;6;naja\n";
    let a =
        analyze(csv.as_bytes(), Some("umfrage.csv"), &AnalysisOptions::default()).expect("imports");
    let nps = a.survey.expect("survey data").nps;
    assert_eq!(nps.n, 2);
    assert_eq!(nps.nps, Some(0.0));
    let rejected = &a.report.rejected;
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].line, 3);
    assert_eq!(rejected[0].column, "Bewertung");
}

#[wasm_bindgen_test]
fn numbers_format_per_language() {
    assert_eq!(format_number(1234.5, 1, Lang::De), "1.234,5");
    assert_eq!(format_number(1234.5, 1, Lang::En), "1,234.5");
}
