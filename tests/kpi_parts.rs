//! `kpi` on a file large enough to be read in parts, one per core (`src/parallel.rs`): the
//! output with two or three threads is the output of one thread, byte for byte, with a
//! segment chosen whose values first appear in later parts, with rejected rows, quoted
//! line feeds and CRLF line breaks.

use std::path::{Path, PathBuf};
use std::process::Command;

use kundenkpi::analysis::AnalysisOptions;
use kundenkpi::parallel::{analyze_file_in_parts, MIN_PART_BYTES};

/// A generated file in the temp directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, content: &[u8]) -> Self {
        let dir = std::env::temp_dir().join(format!("kpi-parts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("temp file written");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Survey answers (German conventions, CRLF) of `rows` rows: rejected scores, a comment in
/// quotes over three lines now and then, and a region whose values first appear at 40 %,
/// 60 % and 85 % of the file (in the second part of two, the second and third of three).
fn survey(rows: u32) -> String {
    let mut s = String::from("Datum;Umfrage;Bewertung;Region;Kommentar\r\n");
    for i in 0..rows {
        let at = u64::from(i) * 100 / u64::from(rows);
        let day = 1 + i % 28;
        let month = 1 + (i / 9_000) % 12;
        let year = 2022 + i / 108_000;
        let (kind, score) = match i % 9 {
            0 => ("csat", format!("{}", 1 + i % 5)),
            1 => ("ces", format!("{}", 1 + i % 7)),
            2 if i % 1_001 == 2 => ("nps", "elf".to_owned()), // rejected by the import
            3 if i % 997 == 3 => ("nps", "12".to_owned()),    // rejected by its scale
            _ => ("nps", format!("{}", i % 11)),
        };
        let region = match at {
            _ if i.is_multiple_of(31) => "",
            85.. if i.is_multiple_of(5) => "Süd",
            60.. if i.is_multiple_of(4) => "West",
            40.. if i.is_multiple_of(3) => "Nord-Ost",
            _ => ["Nord", "Mitte"][(i % 2) as usize],
        };
        let comment = match i % 53 {
            0 => "\"schnell\r\nund \"\"freundlich\"\"\r\ndanke\"",
            7 => "zu teuer",
            _ => "",
        };
        s.push_str(&format!("{day:02}.{month:02}.{year};{kind};{score};{region};{comment}\r\n"));
    }
    s
}

/// MRR snapshots: customer, month, MRR, plan; the plan "Enterprise" first appears at 70 %.
fn snapshots(rows: u32) -> String {
    let mut s = String::from("customer,month,mrr,plan\n");
    let customers = 20_000;
    for i in 0..rows {
        let (customer, m) = (i % customers, i / customers);
        let (y, m) = (2019 + m / 12, 1 + m % 12);
        let mrr = match (customer * 7 + m) % 41 {
            0 => "-4.50".to_owned(),
            1 => "zwölf".to_owned(),
            k => format!("{}.{:02}", 10 + k * (customer % 9), customer % 100),
        };
        let plan = match u64::from(i) * 100 / u64::from(rows) {
            70.. if customer.is_multiple_of(6) => "Enterprise",
            _ => ["Basic", "Pro", "Team"][(customer % 3) as usize],
        };
        s.push_str(&format!("cus_{customer:06},{y}-{m:02},{mrr},{plan}\n"));
    }
    s
}

/// `kpi ARGS` with `KPI_THREADS=threads`: stdout, after checking that it succeeded.
fn kpi(threads: usize, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .env("KPI_THREADS", threads.to_string())
        .env("LANG", "C.UTF-8")
        .args(args)
        .output()
        .expect("kpi runs");
    assert!(out.status.success(), "kpi {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.len() > 1_000, "kpi {args:?}: output too short");
    out.stdout
}

/// The library reads `path` in parts with 2 threads (so `kpi` with `KPI_THREADS=2` does).
fn read_in_parts(path: &Path, segment: &str) -> bool {
    let mut options = AnalysisOptions::default();
    options.report.segment = Some(segment.to_owned());
    matches!(analyze_file_in_parts(path, &options, 2, MIN_PART_BYTES), Ok(Some(Ok(_))))
}

fn same_output(kind: &str, path: &Path, segment: &str, values: &[&str]) {
    let file = path.to_str().expect("a UTF-8 path");
    let size = std::fs::metadata(path).expect("file").len();
    assert!(size >= 2 * MIN_PART_BYTES, "{file}: {size} bytes, too small for two parts");
    assert!(read_in_parts(path, segment), "{file}: not read in parts");
    let runs: [(&[&str], &[usize]); 2] = [
        (&[kind, file, "--json", "--segment", segment, "--period", "quarter"], &[2, 3]),
        (&[kind, file, "--segment", segment, "--lang", "de"], &[2]),
    ];
    for (args, threads) in runs {
        let one = kpi(1, args);
        let text = String::from_utf8_lossy(&one);
        for v in values.iter().filter(|_| args.contains(&"--json")) {
            assert!(text.contains(v), "kpi {args:?}: segment {v} missing");
        }
        for &threads in threads {
            let parts = kpi(threads, args);
            assert!(parts == one, "kpi {args:?}: {threads} threads differ from one");
        }
    }
}

#[test]
fn survey_in_parts_with_a_segment_is_survey_in_order() {
    let file = TempFile::new("umfrage.csv", survey(680_000).as_bytes());
    same_output("survey", &file.0, "Region", &["\"Nord-Ost\":{", "\"West\":{", "\"Süd\":{"]);
    // the comments, each with its segment value, and the counts per value
    let path = file.0.to_str().expect("a UTF-8 path");
    let args = ["survey", path, "--comments", "--segment", "Region"];
    let one = kpi(1, &args);
    assert!(String::from_utf8_lossy(&one).contains("\"segment\":\"Süd\""));
    assert!(kpi(2, &args) == one, "comments: 2 threads differ from one");
}

#[test]
fn snapshots_in_parts_with_a_segment_are_snapshots_in_order() {
    let file = TempFile::new("mrr.csv", snapshots(560_000).as_bytes());
    same_output("subscriptions", &file.0, "plan", &["\"Enterprise\":{", "\"Team\":{"]);
}
