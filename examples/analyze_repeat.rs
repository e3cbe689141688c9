//! Times the whole analysis of one file, repeated inside one process (what the app's
//! worker does per run after its warm-up), and splits the time into import + metrics and
//! the JSON round trip of the result. For profiles: `perf record` on this binary.
//!
//!     cargo build --profile cli --example analyze_repeat
//!     target/cli/examples/analyze_repeat FILE [REPETITIONS]

use std::time::Instant;

use kundenkpi::analysis::{analyze_reader, Analysis, AnalysisOptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: analyze_repeat FILE [REPETITIONS]");
    let reps: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let bytes = std::fs::read(&path).expect("readable file");
    let options = AnalysisOptions::default();
    let name = std::path::Path::new(&path).file_name().and_then(|n| n.to_str());
    let (mut analyse, mut to_json, mut from_json) = (vec![], vec![], vec![]);
    let mut json_len = 0;
    for _ in 0..reps {
        let t = Instant::now();
        let analysis = analyze_reader(&bytes[..], name, &options).unwrap().unwrap();
        analyse.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let json = serde_json::to_string(&analysis).unwrap();
        to_json.push(t.elapsed().as_secs_f64() * 1e3);
        json_len = json.len();
        let t = Instant::now();
        let back: Analysis = serde_json::from_str(&json).unwrap();
        from_json.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(back);
    }
    let mb = bytes.len() as f64 / 1e6;
    let a = median(analyse);
    println!(
        "{path}: {reps} runs, median analyse {a:.2} ms ({:.0} MB/s), to JSON {:.2} ms, from JSON {:.2} ms, JSON {json_len} bytes",
        mb / (a / 1e3),
        median(to_json),
        median(from_json)
    );
}
