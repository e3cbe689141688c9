//! The `kpi` binary as users call it: exit codes and the JSON contract.

use std::process::Command;

fn kpi(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kpi")).args(args).output().expect("kpi runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = kpi(args);
    assert!(out.status.success(), "kpi failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn survey_json_german_semicolon_file() {
    let v = json(&["survey", "tests/fixtures/cli/umfrage-semikolon.csv", "--json"]);
    assert_eq!(v["kind"], "survey");
    assert_eq!(v["rows"], 3);
    // P = 2 (10, 9), D = 1 (6): NPS = 100·(2 − 1)/3
    let nps = v["metrics"]["nps"].as_f64().unwrap();
    assert!((nps - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(v["metrics"]["nps_promoters"], 2);
    assert_eq!(v["metrics"]["nps_detractors"], 1);
    let rejected = v["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["line"], 3);
    assert_eq!(rejected[0]["column"], "Bewertung");
    assert!(rejected[0]["reason"].as_str().unwrap().contains("11"));
}

#[test]
fn survey_json_comma_file_with_quoted_comment() {
    let v = json(&["survey", "tests/fixtures/cli/survey-comma.csv", "--json"]);
    assert_eq!(v["rows"], 4);
    // P = 2, D = 1, n = 4 → 25; var = .5 + .25 − .25² = .6875
    assert_eq!(v["metrics"]["nps"].as_f64().unwrap(), 25.0);
    let moe = v["metrics"]["nps_moe95"].as_f64().unwrap();
    assert!((moe - 1.96 * (0.6875f64 / 4.0).sqrt() * 100.0).abs() < 1e-9);
    assert_eq!(v["rejected"].as_array().unwrap().len(), 0);
}

#[test]
fn usage_errors_exit_2_and_missing_files_exit_1() {
    assert_eq!(kpi(&[]).status.code(), Some(2));
    assert_eq!(kpi(&["nonsense", "x.csv"]).status.code(), Some(2));
    let out = kpi(&["survey", "tests/fixtures/cli/does-not-exist.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

/// A column name or file name that is not UTF-8 (a Windows-1252 "Begründung" typed in a
/// Latin-1 terminal) is an error message, not a panic.
#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_an_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"Begr\xfcndung");
    let out = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(["survey", "tests/fixtures/import/windows1252_survey.csv", "--segment"])
        .arg(bad)
        .output()
        .expect("kpi runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not valid UTF-8") && !err.contains("panicked"), "{err}");
}

/// `kpi` reads every import fixture, with the kind the import detects for it.
#[test]
fn kpi_reads_every_import_fixture() {
    use kundenkpi::import::{import, ImportOptions};
    let mut read = 0;
    for entry in std::fs::read_dir("tests/fixtures/import").expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if name.ends_with(".md") || name.ends_with(".py") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable");
        let Ok(imported) = import(&bytes, Some(&name), &ImportOptions::default()) else {
            continue; // fixtures of unreadable input are the import tests' business
        };
        let kind = imported.report.kind.as_str();
        let v = json(&[kind, path.to_str().unwrap(), "--json"]);
        assert_eq!(v["kind"], kind, "{name}");
        assert!(v["rows"].as_u64().is_some(), "{name}");
        assert!(v["metrics"].is_object(), "{name}");
        read += 1;
    }
    assert!(read >= 25, "only {read} fixtures read");
}
