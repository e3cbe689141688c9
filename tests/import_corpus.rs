//! The corpus of documented export header sets (`tests/fixtures/corpus`, sources in its
//! README): every file is read with no help and must come out as the kind and with
//! exactly the column mapping `expected.json` names. A file that needs a choice says which
//! (`choice`, as `kpi --column FIELD=HEADER` would give it) and why; it must not open
//! right without it, and must with it. The share that opens with no help is printed and
//! written down in BENCHMARKS.md.

mod common;

use std::collections::BTreeMap;

use kundenkpi::dataset::DatasetKind;
use kundenkpi::import::{import, Field, ImportOptions, ImportReport};
use serde::Deserialize;

const DIR: &str = "tests/fixtures/corpus";

#[derive(Deserialize)]
struct Expected {
    kind: String,
    /// Header → field key, for every column that has a field.
    columns: BTreeMap<String, String>,
    /// The choices a user must make: (field, header).
    #[serde(default)]
    choice: Vec<(String, String)>,
    /// The kind a user must choose (`kpi survey FILE`, the review step's kind).
    #[serde(default)]
    choice_kind: Option<String>,
    #[serde(default)]
    why: Option<String>,
    /// A shape kpi does not read: the import must say so, not read it as something else.
    #[serde(default)]
    unsupported: Option<String>,
}

fn mapping(report: &ImportReport) -> BTreeMap<String, String> {
    report
        .columns
        .iter()
        .filter_map(|c| c.field.map(|f| (c.header.clone(), f.key().to_owned())))
        .collect()
}

fn read(file: &str, options: &ImportOptions) -> Result<ImportReport, String> {
    let bytes = common::fixture(&format!("{DIR}/{file}"));
    import(&bytes, Some(file), options).map(|i| i.report).map_err(|e| e.to_string())
}

fn matches(report: &ImportReport, want: &Expected) -> bool {
    report.kind.as_str() == want.kind && mapping(report) == want.columns
}

#[test]
fn every_documented_export_opens_as_expected() {
    let text = common::fixture_text(&format!("{DIR}/expected.json"));
    let expected: BTreeMap<String, Expected> = serde_json::from_str(&text).expect("valid JSON");
    let readme = common::fixture_text(&format!("{DIR}/README.md"));
    let (mut unaided, mut failures) = (0usize, Vec::new());
    for (file, want) in &expected {
        assert!(readme.contains(&format!("`{file}`")), "{file} has no source in the README");
        let plain = read(file, &ImportOptions::default());
        if want.unsupported.is_some() {
            assert!(plain.is_err(), "{file} is not read as a shape it is not: {plain:?}");
            continue;
        }
        if want.choice.is_empty() && want.choice_kind.is_none() {
            match &plain {
                Ok(r) if matches(r, want) => unaided += 1,
                Ok(r) => failures.push(format!(
                    "{file}: got {} {:?}, want {} {:?}",
                    r.kind.as_str(),
                    mapping(r),
                    want.kind,
                    want.columns
                )),
                Err(e) => failures.push(format!("{file}: {e}")),
            }
            continue;
        }
        assert!(want.why.is_some(), "{file}: a file that needs a choice says why");
        assert!(
            !plain.as_ref().is_ok_and(|r| matches(r, want)),
            "{file} opens without its choice: drop the choice from expected.json"
        );
        let columns = want
            .choice
            .iter()
            .map(|(f, h)| (Field::from_key(f).expect("a field key"), h.clone()))
            .collect();
        let kind = want.choice_kind.as_deref().map(|k| DatasetKind::parse(k).expect("a kind"));
        let options = ImportOptions { columns, kind, ..Default::default() };
        match read(file, &options) {
            Ok(r) if matches(&r, want) => {}
            Ok(r) => failures.push(format!("{file} with its choice: got {:?}", mapping(&r))),
            Err(e) => failures.push(format!("{file} with its choice: {e}")),
        }
    }
    // Baremetrics' template gives plan amounts in cents
    let baremetrics =
        read("baremetrics/subscriptions.csv", &ImportOptions::default()).expect("reads");
    assert!(baremetrics.amounts_in_cents);
    let share = 100.0 * unaided as f64 / expected.len() as f64;
    println!("corpus: {unaided} of {} open with no help ({share:.0} %)", expected.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(expected.len() >= 30, "the corpus has {} files", expected.len());
}
