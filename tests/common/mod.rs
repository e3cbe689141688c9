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

/// Every data file under a folder of the crate (recursively, sorted), without the folders'
/// READMEs and generator scripts (`.md`, `.py`).
pub fn data_files(rel_dir: &str) -> Vec<PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if !matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "py")) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&crate_path(rel_dir), &mut out);
    out.sort();
    out
}

/// A file written into cargo's scratch space for integration tests
/// (`target/tmp/<folder>/<name>`); its path as text, to pass as an argument.
pub fn scratch_file(folder: &str, name: &str, content: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(folder);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("scratch file");
    path.to_string_lossy().into_owned()
}
