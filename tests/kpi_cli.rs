//! The `kpi` binary as users call it: exit codes and the JSON contract.

use std::process::Command;

mod common;

/// `kpi` in an English environment (help and usage errors follow the user's language).
fn kpi(args: &[&str]) -> std::process::Output {
    kpi_in(&[("LANG", "C.UTF-8")], args)
}

/// `kpi` with only these language variables set.
fn kpi_in(vars: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kpi"));
    for name in ["KPI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(vars.iter().copied()).args(args).output().expect("kpi runs")
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
    for path in common::data_files("tests/fixtures/import") {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
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

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A file in cargo's scratch space for tests.
fn scratch(name: &str, content: &[u8]) -> String {
    common::scratch_file("kpi_cli", name, content)
}

#[test]
fn help_and_version_go_to_stdout_with_exit_0() {
    let out = kpi(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = stdout(&out);
    assert!(
        help.contains("inspect") && help.contains("survey") && help.contains("Exit codes"),
        "{help}"
    );
    assert!(stderr(&out).is_empty());
    let out = kpi(&["orders", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("--column <FIELD=HEADER>"));
    let out = kpi(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).trim(), format!("kpi {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn misspelt_options_get_a_suggestion_and_exit_2() {
    let out = kpi(&["survey", "tests/fixtures/cli/survey-comma.csv", "--segmnt", "plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--segment"), "{}", stderr(&out));
    let out = kpi(&["survy", "x.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("survey"), "{}", stderr(&out));
}

#[test]
fn equals_form_and_week_periods() {
    let v = json(&[
        "survey",
        "tests/fixtures/import/windows1252_survey.csv",
        "--json",
        "--period=week",
        "--lang=de",
    ]);
    assert_eq!(v["kind"], "survey");
    let periods = v["periods"].as_array().expect("periods");
    assert!(!periods.is_empty());
    assert!(periods[0]["period"].as_str().unwrap().contains('W'), "{}", periods[0]["period"]);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(["survey", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kpi runs");
    let mut input = String::from("score,comment\n");
    for i in 0..50_000 {
        input.push_str(&format!("{},c{i}\n", i % 11));
    }
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("written");
    let out = child.wait_with_output().expect("finished");
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["rows"], 50_000);
}

#[test]
fn a_column_chosen_by_header_opens_a_file_and_an_unknown_header_lists_the_headers() {
    let file = scratch(
        "total_price.csv",
        b"order_ref,buyer,ordered_on,total_price\n1,A,2024-03-01,10.50\n2,B,2024-03-02,20.25\n3,A,2024-04-01,5.00\n",
    );
    let v = json(&[
        "orders",
        &file,
        "--json",
        "--column",
        "amount=total_price",
        "--column=customer=buyer",
        "--column",
        "date=ordered_on",
    ]);
    assert_eq!(v["rows"], 3);
    assert_eq!(
        v["metrics"]["revenue"]
            .as_f64()
            .or_else(|| v["metrics"]["revenue"].as_str().and_then(|s| s.parse().ok())),
        Some(35.75)
    );
    let out = kpi(&["orders", &file, "--column", "amount=price"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("“price”") && err.contains("order_ref, buyer, ordered_on, total_price"),
        "{err}"
    );
    let out = kpi(&["orders", &file, "--column", "amount=price", "--lang", "de"]);
    assert!(stderr(&out).contains("keine Spalte"), "{}", stderr(&out));
}

#[test]
fn inspect_prints_every_decision_as_text_and_json() {
    let out = kpi(&["inspect", "tests/fixtures/import/windows1252_survey.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for part in [
        "format: csv",
        "encoding: windows-1252",
        "delimiter: ;",
        "kind: survey",
        "Empfehlungswahrscheinlichkeit",
        "score",
        "named by its header",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    let v = json(&["inspect", "tests/fixtures/import/windows1252_survey.csv", "--json"]);
    assert_eq!(v["kind"], "survey");
    assert_eq!(v["encoding"], "windows1252");
    assert_eq!(v["malformed_text"], false);
    let cols = v["columns"].as_array().expect("columns");
    let score = cols.iter().find(|c| c["field"] == "score").expect("a score column");
    assert_eq!(score["certainty"], 1.0);
    assert_eq!(score["reason"], "header");
    // an unreadable file is exit 1 with the reason
    let bad = scratch("quote.csv", b"score,comment\n9,\"abc\n10,x\n");
    let out = kpi(&["inspect", &bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
}

/// `--to` alone reports from the data's own first month, not from a century before.
#[test]
fn an_open_range_end_starts_at_the_data() {
    let v = json(&[
        "subscriptions",
        "tests/fixtures/import/mrr_snapshots.csv",
        "--json",
        "--to",
        "2024-03-31",
    ]);
    let periods = v["periods"].as_array().expect("periods");
    assert!(!periods.is_empty() && periods.len() <= 3, "{} periods", periods.len());
    assert!(periods[0]["period"].as_str().unwrap().starts_with("2024"), "{}", periods[0]["period"]);
    let v = json(&[
        "orders",
        "tests/fixtures/import/german_excel_orders.csv",
        "--json",
        "--from",
        "2024-01-01",
    ]);
    let years = v["metrics"]["years_of_data"].as_f64().expect("years of data");
    assert!(years < 5.0, "years_of_data {years}");
}

/// `kpi … | head -1`: the reader closes the pipe after the first line. kpi must end quietly
/// (exit 0, nothing on stderr), not panic in `print!` with "Broken pipe".
#[test]
fn a_reader_that_stops_early_is_no_panic() {
    use std::io::Read;
    for args in
        [&["sql", "--help"][..], &["survey", "tests/fixtures/cli/umfrage-semikolon.csv"][..]]
    {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kpi"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kpi runs");
        drop(child.stdout.take()); // the reader is gone before kpi writes
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(status.code(), Some(0), "{args:?}: {err}");
    }
}

/// `kpi completions bash` is a script bash accepts, and completing in it offers the
/// subcommands and flags (run through bash's own completion function).
#[test]
fn bash_completion_completes_subcommands_and_flags() {
    let out = kpi(&["completions", "bash"]);
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).expect("UTF-8");
    for name in ["survey", "subscriptions", "inspect", "sql", "completions", "--segment"] {
        assert!(script.contains(name), "mentions {name}");
    }
    let complete = |words: &str, current: usize| {
        let probe = format!(
            "source /dev/stdin; COMP_WORDS=({words}); COMP_CWORD={current}; \
             _kpi kpi \"${{COMP_WORDS[{current}]}}\" \"${{COMP_WORDS[{}]}}\"; \
             echo \"${{COMPREPLY[@]}}\"",
            current - 1
        );
        let mut bash = Command::new("bash")
            .args(["-c", &probe])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("bash runs");
        use std::io::Write;
        bash.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("written");
        let done = bash.wait_with_output().expect("bash ends");
        assert!(done.status.success());
        String::from_utf8_lossy(&done.stdout).trim().to_owned()
    };
    assert_eq!(complete("kpi su", 1), "survey subscriptions");
    assert_eq!(complete("kpi survey f.csv --seg", 3), "--segment");
}

#[test]
fn completions_for_other_shells_and_an_unknown_one() {
    for (shell, mark) in [
        ("zsh", "#compdef kpi"),
        ("fish", "complete -c kpi"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = kpi(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(mark) && script.contains("inspect"), "{shell}");
    }
    let out = kpi(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

/// A German user (locale or KPI_LANG) reads the help and the usage errors in German;
/// LC_ALL wins over LANG as POSIX orders it.
#[test]
fn help_and_usage_errors_in_german() {
    let out = kpi_in(&[("LANG", "de_DE.UTF-8")], &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for text in ["Aufruf: kpi <BEFEHL>", "Befehle:", "Exit-Codes:", "NPS, CSAT und CES"] {
        assert!(help.contains(text), "{text} in {help}");
    }
    let out = kpi_in(&[("KPI_LANG", "de")], &["survey", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Umfragen:") && help.contains("--period <ZEITRAUM>"), "{help}");
    assert!(help.contains("(Standard: month)") && !help.contains("[default"), "{help}");
    let out = kpi_in(&[("LC_MESSAGES", "de_AT.UTF-8")], &["survey", "f.csv", "--segmnt", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Fehler: unbekanntes Argument „--segmnt“"), "{err}");
    assert!(err.contains("„--segment“"), "{err}");
    let out = kpi_in(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C")], &["--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: kpi <COMMAND>"));
    let out = kpi(&["survey", "f.csv", "--segmnt", "x"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: unexpected argument"));
}

/// Nothing `kpi` reads makes it panic: every fixture and sample cut at a third, two thirds
/// and one byte short, and with bytes overwritten at eight places, read through the
/// streaming path `kpi` uses (a panic fails the test; errors are fine). A wider loop over
/// the binary (every kind on every cut, 4,403 runs) found no panic either.
#[test]
fn truncated_and_garbled_inputs_are_errors_not_panics() {
    use kundenkpi::analysis::{analyze_reader, AnalysisOptions};
    use kundenkpi::dataset::DatasetKind;
    let mut paths = common::data_files("tests/fixtures");
    paths.extend(common::data_files("public/samples"));
    assert!(paths.len() > 50, "{} files", paths.len());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut runs = 0;
    for path in &paths {
        let bytes = std::fs::read(path).expect("readable");
        let n = bytes.len();
        let mut garbled = bytes.clone();
        for k in 1..=8 {
            for i in 0..16 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                if let Some(b) = garbled.get_mut(n * k / 9 + i) {
                    *b = seed as u8;
                }
            }
        }
        let name = path.to_str();
        let variants =
            [&bytes[..n / 3], &bytes[..2 * n / 3], &bytes[..n.saturating_sub(1)], &garbled];
        for (v, input) in variants.iter().enumerate() {
            // every kind forced on the small files' first cut, the guessed kind otherwise
            let kinds: Vec<Option<DatasetKind>> = if v == 0 && n < 64 << 10 {
                DatasetKind::ALL.iter().copied().map(Some).chain([None]).collect()
            } else {
                vec![None]
            };
            for kind in kinds {
                let mut options = AnalysisOptions::default();
                options.import.kind = kind;
                let _ = analyze_reader(std::io::Cursor::new(input), name, &options);
                runs += 1;
            }
        }
    }
    assert!(runs > 400, "{runs} runs");
}

/// `--comments` prints the kept comments (newest first) and the count per group; the
/// rejected answer's comment ("zu hoch", score 11) is not among them, and `--json` stays the
/// report without any comment rows.
#[test]
fn survey_comments_output() {
    let v = json(&["survey", "tests/fixtures/cli/umfrage-semikolon.csv", "--comments"]);
    let rows = v["rows"].as_array().unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["gut", "naja", "Super"]);
    assert_eq!(rows[0]["date"], "2024-03-08");
    assert_eq!(rows[0]["score"], 9);
    assert_eq!(rows[0]["group"], "promoter");
    assert_eq!(rows[1]["group"], "detractor");
    assert_eq!(v["counts"]["promoters"], 2);
    assert_eq!(v["counts"]["detractors"], 1);
    assert_eq!(v["counts"]["passives"], 0);
    let report = json(&["survey", "tests/fixtures/cli/umfrage-semikolon.csv", "--json"]);
    // (its phrase words may hold "naja", but no comment row)
    assert!(!report.to_string().contains("\"group\":\"promoter\""));
    assert!(report.get("rows").is_some_and(|r| r == 3));
}
