//! Helpers shared by the integration tests (`mod common;` in a test file): reading a file
//! of the crate and running it through the whole pipeline, with the file's name in every
//! failure. Each test crate uses some of them, hence `allow(dead_code)`.
#![allow(dead_code)]

use std::path::PathBuf;

use kundenkpi::analysis::{analyze, Analysis, AnalysisOptions};

/// A path inside the crate (`tests/fixtures/…`), wherever the test runs from.
pub fn crate_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The bytes of a file of the crate; a missing file fails the test with its path.
pub fn fixture(rel: &str) -> Vec<u8> {
    let path = crate_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of a file of the crate.
pub fn fixture_text(rel: &str) -> String {
    String::from_utf8(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A file of the crate through import, metrics and report (what `kpi` and the app do),
/// named by its file name as a dropped file would be; an import error fails the test.
pub fn analyze_file(rel: &str, options: &AnalysisOptions) -> Analysis {
    let name = rel.rsplit('/').next();
    analyze(&fixture(rel), name, options).unwrap_or_else(|e| panic!("{rel}: {e:?}"))
}
